from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.events.models import Event, EventKind
from mosty.events.services import event_create, event_delete
from mosty.territories.models import Region
from mosty.ties.models import TieStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text_of(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def stats(text: str) -> list[str]:
    """The key figures as the reader sees them: '<value> <label>' per item."""
    block = text.split('<ul class="stats">', 1)[1].split("</ul>", 1)[0]
    items = block.split("<li>")[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def section(text: str, heading_id: str) -> str:
    """The HTML of the page section labelled by the heading with this id."""
    return text.split(f'aria-labelledby="{heading_id}"', 1)[1].split("</section>", 1)[0]


def event_on(day: datetime.date, title: str, *regions: Region, **fields: Any) -> Event:
    event = factories.EventFactory(title_ru=title, start_date=day, year=day.year, **fields)
    event.regions.set(regions)
    return event


def test_home_says_what_mosty_is(client: Client, region_ru: Region) -> None:
    text = text_of(english(client))

    assert "<h1>" in text and text.count("<h1") == 1
    assert "public commission on interregional cooperation of the municipalities and regions" in text
    assert "public hearings, round tables and field sessions" in text


def test_home_shows_the_key_counts(client: Client, region_ru: Region, region_by: Region) -> None:
    factories.RegionFactory(code="RU-BRY")
    towns = [factories.SettlementFactory(region=region_by, name_ru=f"Город {n}") for n in range(4)]
    for n in range(5):
        factories.OrganisationFactory(
            region=region_ru, is_verified=n < 2, verified_at=TODAY if n < 2 else None
        )
    for town, status in zip(
        towns, (TieStatus.ACTIVE, TieStatus.ACTIVE, TieStatus.ACTIVE, TieStatus.DORMANT), strict=True
    ):
        factories.TieFactory(region_a=region_ru, region_b=region_by, settlement_b=town, status=status)
    for n in range(7):
        event_on(TODAY + datetime.timedelta(days=n + 1), f"Событие {n}", region_ru)
    for number in (1, 2, 3, 4, 5, 6, 7, 8, 9):
        event_on(
            datetime.date(2013 + number, 6, 1),
            f"{number} Форум",
            region_by,
            kind=EventKind.FORUM,
            forum_number=number,
        )

    text = text_of(english(client))

    assert stats(text) == [
        "1 region (Belarus)",
        "2 regions (Russia)",
        "4 cities and towns",
        "5 organisations",
        "2 verified organisations",
        "3 active ties",
        "16 events",
        "9 Forums of Regions",
    ]

    # Russian counts agree with their numbers: 1 регион, 2 региона, 5 организаций, 16 событий.
    client.cookies["mosty_language"] = "ru"
    assert stats(text_of(client))[:6] == [
        "1 регион (Беларусь)",
        "2 региона (Россия)",
        "4 города и посёлка",
        "5 организаций",
        "2 проверенные организации",
        "3 действующие связи",
    ]


def test_home_lists_the_next_five_upcoming_events_soonest_first(client: Client, region_ru: Region) -> None:
    event_on(TODAY - datetime.timedelta(days=3), "Прошедшее событие", region_ru)
    for n in range(7):
        event_on(TODAY + datetime.timedelta(days=7 - n), f"Предстоящее событие {7 - n}", region_ru)

    text = section(text_of(client), "upcoming-heading")

    shown = [f"Предстоящее событие {n}" for n in range(1, 8) if f"Предстоящее событие {n}<" in text]
    assert shown == [f"Предстоящее событие {n}" for n in range(1, 6)]
    assert text.index("Предстоящее событие 1<") < text.index("Предстоящее событие 2<")
    assert "Прошедшее событие" not in text


def test_latest_changes_link_to_existing_objects_and_hide_who_from_visitors(
    client: Client, commission_member: User, region_ru: Region
) -> None:
    kept = event_create(
        actor=commission_member,
        kind=EventKind.ROUND_TABLE,
        title_ru="Круглый стол о логистике",
        title_en="Round table on logistics",
        start_date=TODAY + datetime.timedelta(days=30),
        regions=[region_ru],
    )
    gone = event_create(
        actor=commission_member,
        kind=EventKind.HEARING,
        title_ru="Отменённые слушания",
        start_date=TODAY + datetime.timedelta(days=40),
        regions=[region_ru],
    )
    event_delete(actor=commission_member, event=gone)

    changes = section(text_of(english(client)), "changes-heading")

    # An existing object: its current name in the reader's language, linked to its page.
    assert f'<a href="{reverse("events:detail", args=[kept.pk])}">Round table on logistics</a>' in changes
    # A deleted one: the name as recorded, without a link.
    assert "Отменённые слушания" in changes
    assert ">Отменённые слушания</a>" not in changes
    assert "Deleted" in changes and "Created" in changes
    assert commission_member.display_name not in changes


def test_staff_see_who_made_the_latest_changes(
    client: Client, commission_member: User, region_ru: Region
) -> None:
    event_create(
        actor=commission_member,
        kind=EventKind.ROUND_TABLE,
        title_ru="Круглый стол о логистике",
        start_date=TODAY + datetime.timedelta(days=30),
        regions=[region_ru],
    )
    client.force_login(commission_member)

    assert f"({commission_member.display_name})" in section(text_of(client), "changes-heading")


@pytest.mark.parametrize("rows", [3, 30])
def test_home_query_count_does_not_grow_with_rows(
    client: Client,
    django_assert_num_queries: Any,
    commission_member: User,
    region_ru: Region,
    region_by: Region,
    rows: int,
) -> None:
    for n in range(rows):
        event_create(
            actor=commission_member,
            kind=EventKind.ROUND_TABLE,
            title_ru=f"Событие {n}",
            start_date=TODAY + datetime.timedelta(days=n + 1),
            regions=[region_ru, region_by],
        )
        factories.OrganisationFactory(region=region_ru)
        town = factories.SettlementFactory(region=region_ru)
        factories.TieFactory(region_a=region_ru, region_b=region_by, settlement_a=town)
    client.get(reverse("home"))  # warms the content type cache, as any running server has

    with django_assert_num_queries(HOME_QUERIES):
        text = text_of(client)
    assert "Событие 0" in text


# counts (5) + latest changes (audit rows; existing events) + upcoming events (page; host regions)
# + the map (regions, active ties).
HOME_QUERIES = 11
