"""/api/v1/organisations: content, filters, unknown ids and the cost in queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.sectors.models import Sector
from mosty.territories.models import Region


@pytest.fixture
def textiles(db: None) -> Sector:
    manufacturing = factories.SectorFactory(code="C", name_ru="Обрабатывающие производства")
    return factories.SectorFactory(code="13", parent=manufacturing, name_ru="Текстиль")


@pytest.fixture
def mill(region_ru: Region, textiles: Sector) -> Organisation:
    settlement = factories.SettlementFactory(region=region_ru, name_ru="Рославль")
    organisation = factories.OrganisationFactory(
        region=region_ru,
        settlement=settlement,
        kind=OrganisationKind.ENTERPRISE,
        name_ru="Рославльский льнозавод",
        name_be="Рослаўскі льнозавод",
        name_en="",
        website="https://flax.example",
        email="info@flax.example",
        description="Лён и ткани",
    )
    organisation.sectors.add(textiles)
    return organisation


def test_list_items_carry_names_kind_territory_sectors_and_verified_mark(
    client: Client, mill: Organisation
) -> None:
    body = client.get("/api/v1/organisations").json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": mill.pk,
            # English falls back to Russian where the organisation has no English name.
            "names": {
                "ru": "Рославльский льнозавод",
                "be": "Рослаўскі льнозавод",
                "en": "Рославльский льнозавод",
            },
            "kind": "enterprise",
            "region": "RU-SMO",
            "settlement": mill.settlement_id,
            "sectors": ["13"],
            "verified": False,
            "website": "https://flax.example",
        }
    ]


def test_list_filters_by_region_country_kind_sector_name_and_verification(
    client: Client, mill: Organisation, region_by: Region
) -> None:
    factories.OrganisationFactory(
        region=region_by, kind=OrganisationKind.UNIVERSITY, name_ru="Витебский университет"
    )

    def ids(**query: Any) -> list[int]:
        return [item["id"] for item in client.get("/api/v1/organisations", query).json()["items"]]

    assert ids(region="RU-SMO") == [mill.pk]
    assert ids(region="ru-smo") == [mill.pk]
    assert len(ids(country="BY")) == 1
    assert ids(kind="enterprise") == [mill.pk]
    assert ids(sector="C") == [mill.pk]
    assert ids(sector="13") == [mill.pk]
    assert ids(q="льнозавод") == [mill.pk]
    assert ids(q="рослаўскі") == [mill.pk]
    assert ids(verified="true") == []
    assert len(ids(verified="false")) == 2
    assert ids(region="RU-XXX") == []


def test_list_refuses_an_unknown_kind_with_the_error_shape(client: Client, mill: Organisation) -> None:
    response = client.get("/api/v1/organisations", {"kind": "pirates"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_query"


def test_detail_adds_description_and_contacts(client: Client, mill: Organisation) -> None:
    body = client.get(f"/api/v1/organisations/{mill.pk}").json()
    assert body["id"] == mill.pk
    assert body["description"] == "Лён и ткани"
    assert body["email"] == "info@flax.example"
    assert body["sectors"] == ["13"]
    assert body["verified_at"] is None


def test_unknown_organisation_is_404_with_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    rows: int, client: Client, region_ru: Region, textiles: Sector, django_assert_num_queries: Any
) -> None:
    settlement = factories.SettlementFactory(region=region_ru)
    for organisation in factories.OrganisationFactory.create_batch(
        rows, region=region_ru, settlement=settlement
    ):
        organisation.sectors.add(textiles)
    # count; rows with region and settlement; sectors.
    with django_assert_num_queries(3):
        body = client.get("/api/v1/organisations").json()
    assert len(body["items"]) == rows
