"""iCalendar: one event's file and the feeds, parsed back with `icalendar`."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from mosty import factories
from mosty.events import ics
from mosty.events.models import Event
from mosty.events.tests.conftest import make_event
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def events_of(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_an_event_with_times_is_given_in_its_host_countrys_zone(client: Client, region_by: Region) -> None:
    minsk_region = region_by
    settlement = factories.SettlementFactory.create(region=minsk_region, name_ru="Могилёв")
    event = make_event(
        minsk_region,
        title_ru="Круглый стол в Могилёве",
        start_date=datetime.date(2027, 4, 14),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(13, 30),
        place_ru="Могилёвский облисполком",
        settlement=settlement,
        online_url="https://meet.example.org/round",
    )
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = events_of(calendar)
    assert str(vevent["UID"]) == ics.uid(event)
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    start = vevent["DTSTART"].dt
    assert start == datetime.datetime(2027, 4, 14, 10, 0, tzinfo=ZoneInfo("Europe/Minsk"))
    assert vevent["DTSTART"].params["TZID"] == "Europe/Minsk"
    assert vevent["DTEND"].dt == datetime.datetime(2027, 4, 14, 13, 30, tzinfo=ZoneInfo("Europe/Minsk"))
    assert "Могилёвский облисполком" in str(vevent["LOCATION"])
    assert "https://meet.example.org/round" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith(reverse("events:detail", args=[event.pk]))
    assert str(vevent["SUMMARY"]) == "Круглый стол в Могилёве"
    # The time zone the event refers to is defined in the file (RFC 5545, 3.6.5).
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Minsk"]


def test_a_whole_day_event_has_dates_and_ends_the_day_after(region_ru: Region) -> None:
    event = make_event(region_ru, start_date=datetime.date(2027, 6, 1), end_date=datetime.date(2027, 6, 2))
    (vevent,) = events_of(parse(ics.event_bytes(event)))
    assert vevent["DTSTART"].dt == datetime.date(2027, 6, 1)
    assert vevent["DTEND"].dt == datetime.date(2027, 6, 3)
    assert not isinstance(vevent["DTSTART"].dt, datetime.datetime)


def test_a_russian_event_is_given_in_moscow_time(region_ru: Region) -> None:
    event = make_event(region_ru, start_time=datetime.time(15, 0))
    (vevent,) = events_of(parse(ics.event_bytes(event)))
    assert vevent["DTSTART"].params["TZID"] == "Europe/Moscow"


def test_the_uid_stays_the_same_when_the_event_changes(region_ru: Region) -> None:
    event = make_event(region_ru)
    first = events_of(parse(ics.event_bytes(event)))[0]
    Event.objects.filter(pk=event.pk).update(title_ru="Новое название")
    event.refresh_from_db()
    second = events_of(parse(ics.event_bytes(event)))[0]
    assert first["UID"] == second["UID"]
    assert str(second["SUMMARY"]) == "Новое название"


def test_the_feeds_list_all_public_events_and_those_of_one_region(
    client: Client, region_ru: Region, region_by: Region, workspace_setup: dict
) -> None:
    ours = make_event(
        region_ru, title_ru="Смоленск", start_date=datetime.date.today() + datetime.timedelta(days=3)
    )
    theirs = make_event(
        region_by, title_ru="Витебск", start_date=datetime.date.today() + datetime.timedelta(days=4)
    )
    make_event(region_ru, title_ru="Без даты", start_date=None, year=2030)
    calendar = parse(client.get(reverse("events:calendar")).content)
    summaries = {str(vevent["SUMMARY"]) for vevent in events_of(calendar)}
    assert summaries == {"Смоленск", "Витебск"}  # not the workspace's, not the one without a date
    assert {zone["TZID"] for zone in calendar.walk("VTIMEZONE")} <= {"Europe/Moscow", "Europe/Minsk"}
    response = client.get(reverse("events:region_calendar", args=["ru-smo"]))
    summaries = {str(vevent["SUMMARY"]) for vevent in events_of(parse(response.content))}
    assert summaries == {"Смоленск"}
    assert client.get(reverse("events:region_calendar", args=["XX-NOPE"])).status_code == 404
    assert ours.pk != theirs.pk


def test_the_online_calendar_link_carries_the_event(region_ru: Region) -> None:
    event = make_event(region_ru, start_date=datetime.date(2027, 6, 1))
    url = ics.google_calendar_url(event)
    assert "dates=20270601%2F20270602" in url and "action=TEMPLATE" in url
