"""iCalendar (RFC 5545) for events: one event's .ics, and feeds of many.

Each VEVENT has a UID that never changes for the event (`event-<id>@<site host>`), DTSTAMP (when
the event was last changed), DTSTART as a date (a whole-day event) or as a local time with the
host country's TZID (Europe/Moscow, Europe/Minsk; the VTIMEZONE is included), DTEND where known,
SUMMARY, LOCATION and URL. Events without a start date (a planned forum) are left out: a calendar
entry needs a start.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as VEvent

from mosty.events.models import Event

PRODID = "-//Mosty//Events//RU"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "mosty.local"
    return f"event-{event.pk}@{host}"


def _location(event: Event) -> str:
    parts = [event.place]
    if event.settlement is not None and event.settlement.name not in event.place:
        parts.append(event.settlement.name)
    if event.online_url:
        parts.append(event.online_url)
    return ", ".join(part for part in parts if part)


def start_end(
    event: Event,
) -> tuple[datetime.date | datetime.datetime, datetime.date | datetime.datetime | None]:
    """DTSTART and DTEND: dates for a whole-day event (DTEND the day after the last, as RFC 5545
    says), aware datetimes in the host country's zone when the event has times."""
    assert event.start_date is not None
    last_day = event.end_date or event.start_date
    if event.start_time is None:
        return event.start_date, last_day + datetime.timedelta(days=1)
    zone = ZoneInfo(event.time_zone)
    start = datetime.datetime.combine(event.start_date, event.start_time, tzinfo=zone)
    end = datetime.datetime.combine(last_day, event.end_time, tzinfo=zone) if event.end_time else None
    return start, end


def vevent(event: Event) -> VEvent:
    component = VEvent()
    component.add("uid", uid(event))
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    start, end = start_end(event)
    component.add("dtstart", start)
    if end is not None:
        component.add("dtend", end)
    component.add("summary", event.title)
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("url", site_url(reverse("events:detail", args=[event.pk])))
    if event.description:
        component.add("description", event.description)
    component.add("categories", [str(event.get_kind_display())])
    return component


def calendar_bytes(events: Iterable[Event], *, name: str = "") -> bytes:
    """A VCALENDAR with the events that have a start date."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        if event.start_date is not None:
            calendar.add_component(vevent(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_bytes(event: Event) -> bytes:
    return calendar_bytes([event], name=event.title)


def google_calendar_url(event: Event) -> str:
    """A link that opens the event in an online calendar (Google Calendar's template link)."""
    start, end = start_end(event)

    def fmt(value: datetime.date | datetime.datetime) -> str:
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%d")

    dates = f"{fmt(start)}/{fmt(end if end is not None else start)}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": dates,
            "location": _location(event),
            "details": site_url(reverse("events:detail", args=[event.pk])),
        }
    )
    return "https://calendar.google.com/calendar/render?" + query
