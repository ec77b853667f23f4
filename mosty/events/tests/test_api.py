from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from mosty.events.models import Event, EventKind
from mosty.events.tests.conftest import make_event
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

URL = "/api/v1/events"


def get(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json")
    return response


def test_events_list_items_carry_titles_places_and_host_region_codes(client: Client, forum: Event) -> None:
    body = get(client, URL).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "id": forum.pk,
        "kind": "forum",
        "title": {
            "ru": "IV Форум регионов Беларуси и России",
            "be": "IV Форум рэгіёнаў Беларусі і Расіі",
            "en": "4th Forum of Regions of Belarus and Russia",
        },
        "start_date": "2017-06-29",
        "end_date": "2017-06-30",
        "year": 2017,
        "format": "in_person",
        "place": {
            "ru": "Москва (ЦВК «Экспоцентр»)",
            "be": "Масква (ЦВК «Экспацэнтр»)",
            "en": "Moscow (Expocentre)",
        },
        "regions": ["BY-VI"],
        "forum_number": 4,
        "start_time": None,
        "end_time": None,
        "time_zone": "Europe/Minsk",
        "registration_mode": "none",
        "capacity": None,
        "workspace_id": None,
        "ics_url": f"/events/{forum.pk}/event.ics",
    }


def test_events_list_filters(client: Client, region_ru: Region, region_by: Region, forum: Event) -> None:
    make_event(region_ru, title_ru="Слушания", kind=EventKind.HEARING, start_date=datetime.date(2027, 3, 17))
    make_event(
        region_ru,
        region_by,
        title_ru="Конференция",
        kind=EventKind.CONFERENCE,
        start_date=datetime.date(2027, 5, 19),
        end_date=datetime.date(2027, 5, 20),
    )

    def titles(**params: Any) -> list[str]:
        return [item["title"]["ru"] for item in get(client, URL, **params).json()["items"]]

    assert titles() == ["Конференция", "Слушания", "IV Форум регионов Беларуси и России"]
    assert titles(kind="hearing") == ["Слушания"]
    assert titles(region="BY-VI") == ["Конференция", "IV Форум регионов Беларуси и России"]
    assert titles(country="RU") == ["Конференция", "Слушания"]
    assert titles(year=2017) == ["IV Форум регионов Беларуси и России"]
    assert titles(**{"from": "2027-04-01"}) == ["Конференция"]
    assert titles(**{"to": "2027-04-01"}) == ["Слушания", "IV Форум регионов Беларуси и России"]


def test_event_detail_gives_the_reported_forum_figures_unconverted(client: Client, forum: Event) -> None:
    body = get(client, f"{URL}/{forum.pk}").json()

    assert body["agreements_count"] == 54
    assert body["contracts_amount"] == "400000000"
    assert body["contracts_currency"] == "USD"
    assert body["theme"]["en"] == "Vectors of integration development of the regions"
    assert body["sources"][0] == "https://sovrep.gov.by/special/ru/4-forum-about-ru"


def test_unknown_event_is_404_and_a_malformed_query_400(client: Client) -> None:
    assert get(client, f"{URL}/999999").status_code == 404
    assert get(client, URL, kind="picnic").status_code == 400
    assert get(client, URL, **{"from": "yesterday"}).status_code == 400


@pytest.mark.parametrize("rows", [3, 30])
def test_events_api_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, region_ru: Region, rows: int
) -> None:
    for n in range(rows):
        make_event(region_ru, title_ru=f"Событие {n}")

    with django_assert_num_queries(3):  # count, page, host regions
        body = get(client, URL).json()
    assert body["count"] == rows
