"""/api/v1/ties: content, filters, unknown ids and the cost in queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.territories.models import Region
from mosty.ties.models import Tie, TieKind, TieStatus


@pytest.fixture
def twins(region_ru: Region, region_by: Region) -> Tie:
    smolensk = factories.SettlementFactory(
        region=region_ru, name_ru="Смоленск", name_be="Смаленск", name_en="Smolensk"
    )
    vitebsk = factories.SettlementFactory(
        region=region_by, name_ru="Витебск", name_be="Віцебск", name_en="Vitebsk"
    )
    return factories.TieFactory(
        kind=TieKind.TWIN_CITIES,
        region_a=region_ru,
        settlement_a=smolensk,
        region_b=region_by,
        settlement_b=vitebsk,
        since=datetime.date(1998, 6, 1),
        basis="Соглашение",
        activity="Дни города",
    )


def test_list_items_carry_kind_status_since_and_both_sides(
    client: Client, twins: Tie, region_ru: Region
) -> None:
    partners = factories.TieFactory(
        region_a=region_ru,
        region_b=factories.RegionFactory(
            code="BY-HO",
            country=factories.CountryFactory(code="BY"),
            name_ru="Гомельская область",
            name_be="Гомельская вобласць",
            name_en="Gomel Region",
        ),
    )
    body = client.get("/api/v1/ties").json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "id": twins.pk,
        "names": {"ru": "Смоленск — Витебск", "be": "Смаленск — Віцебск", "en": "Smolensk — Vitebsk"},
        "kind": "twin_cities",
        "status": "active",
        "since": "1998-06-01",
        "side_a": {
            "region": "RU-SMO",
            "settlement": twins.settlement_a_id,
            "names": {"ru": "Смоленск", "be": "Смаленск", "en": "Smolensk"},
        },
        "side_b": {
            "region": "BY-VI",
            "settlement": twins.settlement_b_id,
            "names": {"ru": "Витебск", "be": "Віцебск", "en": "Vitebsk"},
        },
    }
    # Undated ties come last; a tie between regions names the regions.
    assert body["items"][1]["id"] == partners.pk
    assert body["items"][1]["side_b"] == {
        "region": "BY-HO",
        "settlement": None,
        "names": {"ru": "Гомельская область", "be": "Гомельская вобласць", "en": "Gomel Region"},
    }


def test_list_filters_by_region_kind_and_status(client: Client, twins: Tie) -> None:
    def ids(**query: Any) -> list[int]:
        return [item["id"] for item in client.get("/api/v1/ties", query).json()["items"]]

    assert ids(region="BY-VI") == [twins.pk]
    assert ids(region="ru-smo") == [twins.pk]
    assert ids(region="BY-HO") == []
    assert ids(kind="twin_cities") == [twins.pk]
    assert ids(kind="cooperation") == []
    assert ids(status="active") == [twins.pk]
    assert ids(status=TieStatus.ENDED) == []


def test_list_refuses_an_unknown_status_with_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/ties", {"status": "asleep"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_query"


def test_detail_adds_basis_and_activity(client: Client, twins: Tie) -> None:
    body = client.get(f"/api/v1/ties/{twins.pk}").json()
    assert body["basis"] == "Соглашение"
    assert body["activity"] == "Дни города"
    assert body["side_a"]["region"] == "RU-SMO"


def test_unknown_tie_is_404_with_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/ties/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    rows: int, client: Client, region_ru: Region, django_assert_num_queries: Any
) -> None:
    by = factories.CountryFactory(code="BY")
    for index in range(rows):
        belarusian = factories.RegionFactory(code=f"BY-T{index:02d}", country=by)
        factories.TieFactory(
            region_a=region_ru,
            region_b=belarusian,
            settlement_b=factories.SettlementFactory(region=belarusian),
        )
    # count; rows with both sides.
    with django_assert_num_queries(2):
        body = client.get("/api/v1/ties").json()
    assert len(body["items"]) == rows
