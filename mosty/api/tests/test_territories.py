"""/api/v1/regions and /api/v1/settlements: filters, search across spellings, constant query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.lib.text import search_key
from mosty.territories.models import FederalDistrict, Region, RegionKind, Settlement


def settlement(region: Region, ru: str, be: str, en: str, *, population: int = 10_000) -> Settlement:
    return factories.SettlementFactory(
        region=region,
        name_ru=ru,
        name_be=be,
        name_en=en,
        population=population,
        search_key=search_key([en], ru=[ru], be=[be]),
    )


def codes(body: dict[str, Any]) -> list[str]:
    return [item["code"] for item in body["items"]]


@pytest.mark.django_db
def test_region_carries_its_names_centre_and_figures(client: Client) -> None:
    factories.RegionFactory(
        code="RU-PSK",
        kind=RegionKind.OBLAST,
        name_ru="Псковская область",
        name_be="Пскоўская вобласць",
        name_en="Pskov Oblast",
        centre_ru="Псков",
        centre_be="Пскоў",
        centre_en="Pskov",
        federal_district=FederalDistrict.NORTHWESTERN,
        borders_other_country=True,
        population=576_036,
        population_year=2021,
        population_source="Rosstat",
        latitude=57.8,
        longitude=28.3,
    )

    region = client.get("/api/v1/regions/RU-PSK").json()

    assert region == {
        "code": "RU-PSK",
        "iso_assigned": True,
        "country": "RU",
        "kind": "oblast",
        "names": {"ru": "Псковская область", "be": "Пскоўская вобласць", "en": "Pskov Oblast"},
        "centre": {"ru": "Псков", "be": "Пскоў", "en": "Pskov"},
        "federal_district": "northwestern",
        "borders_other_country": True,
        "population": 576_036,
        "population_year": 2021,
        "population_source": "Rosstat",
        "latitude": 57.8,
        "longitude": 28.3,
    }


@pytest.mark.django_db
def test_belarusian_region_has_no_federal_district(client: Client, region_by: Region) -> None:
    region = client.get("/api/v1/regions/by-vi").json()

    assert region["code"] == "BY-VI"
    assert region["country"] == "BY"
    assert region["federal_district"] is None


@pytest.mark.django_db
def test_regions_filter_by_country_district_and_border(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    factories.RegionFactory(
        code="RU-MOW", federal_district=FederalDistrict.CENTRAL, borders_other_country=False
    )
    factories.RegionFactory(code="RU-TYU", federal_district=FederalDistrict.URAL, borders_other_country=False)

    assert codes(client.get("/api/v1/regions?country=BY").json()) == ["BY-VI"]
    assert codes(client.get("/api/v1/regions?federal_district=ural").json()) == ["RU-TYU"]
    assert set(codes(client.get("/api/v1/regions?border=true").json())) == {"RU-SMO", "BY-VI"}
    assert set(codes(client.get("/api/v1/regions?country=RU&border=false").json())) == {"RU-MOW", "RU-TYU"}
    assert client.get("/api/v1/regions").json()["count"] == 4


@pytest.mark.django_db
def test_regions_are_paginated_by_fifty(client: Client) -> None:
    factories.RegionFactory.create_batch(55)

    first = client.get("/api/v1/regions").json()
    second = client.get("/api/v1/regions?page=2").json()

    assert first["count"] == second["count"] == 55
    assert len(first["items"]) == 50
    assert len(second["items"]) == 5
    assert not set(codes(first)) & set(codes(second))


ROW_MAKERS = {
    "/api/v1/regions": lambda count: factories.RegionFactory.create_batch(count),
    "/api/v1/settlements": lambda count: factories.SettlementFactory.create_batch(count),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(ROW_MAKERS))
def test_list_query_count_does_not_grow_with_rows(
    client: Client, django_assert_num_queries: Any, path: str
) -> None:
    ROW_MAKERS[path](3)
    with django_assert_num_queries(2):  # the count and the page
        few = client.get(path).json()

    ROW_MAKERS[path](27)
    with django_assert_num_queries(2):
        many = client.get(path).json()

    assert few["count"] == 3
    assert many["count"] == 30
    assert len(many["items"]) == 30


@pytest.mark.django_db
def test_settlement_carries_its_names_region_and_place(client: Client, region_by: Region) -> None:
    vitebsk = settlement(region_by, "Витебск", "Віцебск", "Vitebsk", population=364_000)

    body = client.get(f"/api/v1/settlements/{vitebsk.pk}").json()

    assert body == {
        "id": vitebsk.pk,
        "geonameid": vitebsk.geonameid,
        "names": {"ru": "Витебск", "be": "Віцебск", "en": "Vitebsk"},
        "region": "BY-VI",
        "population": 364_000,
        "latitude": 55.0,
        "longitude": 37.0,
        "is_regional_centre": False,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["Могилёв", "могилев", "Магілёў", "Mogilev", "MAHILIOU", "Mahilyow", "гилё"]
)
def test_settlement_search_finds_any_spelling(client: Client, region_by: Region, query: str) -> None:
    settlement(region_by, "Могилёв", "Магілёў", "Mogilev")
    settlement(region_by, "Витебск", "Віцебск", "Vitebsk")

    body = client.get("/api/v1/settlements", {"q": query}).json()

    assert [item["names"]["en"] for item in body["items"]] == ["Mogilev"]
    assert body["count"] == 1


@pytest.mark.django_db
def test_settlements_filter_by_region_and_country_most_populous_first(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    settlement(region_ru, "Вязьма", "Вязьма", "Vyazma", population=50_000)
    settlement(region_ru, "Смоленск", "Смаленск", "Smolensk", population=320_000)
    settlement(region_by, "Орша", "Орша", "Orsha", population=105_000)

    def english(query: dict[str, str]) -> list[str]:
        return [item["names"]["en"] for item in client.get("/api/v1/settlements", query).json()["items"]]

    assert english({}) == ["Smolensk", "Orsha", "Vyazma"]
    assert english({"region": "RU-SMO"}) == ["Smolensk", "Vyazma"]
    assert english({"region": "ru-smo", "q": "вязь"}) == ["Vyazma"]
    assert english({"country": "BY"}) == ["Orsha"]
    assert english({"region": "RU-NONE"}) == []


@pytest.mark.django_db
def test_search_of_punctuation_alone_filters_nothing(client: Client, region_ru: Region) -> None:
    settlement(region_ru, "Смоленск", "Смаленск", "Smolensk")

    assert client.get("/api/v1/settlements", {"q": "  -- "}).json()["count"] == 1
