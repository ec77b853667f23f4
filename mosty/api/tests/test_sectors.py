"""/api/v1/sectors: OKVED 2 sections and divisions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.sectors.models import Sector


@pytest.fixture
def manufacturing(db: None) -> Sector:
    section = factories.SectorFactory(
        code="C",
        name_ru="Обрабатывающие производства",
        name_be="Апрацоўчая прамысловасць",
        name_en="Manufacturing",
    )
    factories.SectorFactory(code="10", parent=section, name_en="Manufacture of food products")
    factories.SectorFactory(code="11", parent=section, name_en="Manufacture of beverages")
    return section


def codes(body: dict[str, Any]) -> list[str]:
    return [item["code"] for item in body["items"]]


def test_sector_carries_its_code_section_and_names(client: Client, manufacturing: Sector) -> None:
    assert client.get("/api/v1/sectors/C").json() == {
        "code": "C",
        "parent": None,
        "names": {
            "ru": "Обрабатывающие производства",
            "be": "Апрацоўчая прамысловасць",
            "en": "Manufacturing",
        },
    }
    assert client.get("/api/v1/sectors/10").json()["parent"] == "C"


def test_sectors_filter_by_level_and_section(client: Client, manufacturing: Sector) -> None:
    factories.SectorFactory(code="A", name_en="Agriculture")
    factories.SectorFactory(code="01", parent=Sector.objects.get(code="A"))

    assert codes(client.get("/api/v1/sectors").json()) == ["01", "10", "11", "A", "C"]
    assert codes(client.get("/api/v1/sectors?level=section").json()) == ["A", "C"]
    assert codes(client.get("/api/v1/sectors?level=division").json()) == ["01", "10", "11"]
    assert codes(client.get("/api/v1/sectors?parent=c").json()) == ["10", "11"]


@pytest.mark.django_db
def test_sector_list_query_count_does_not_grow_with_rows(
    client: Client, django_assert_num_queries: Any
) -> None:
    section = factories.SectorFactory(code="B")
    factories.SectorFactory.create_batch(2, parent=section)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/sectors").json()["count"] == 3

    factories.SectorFactory.create_batch(27, parent=section)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/sectors").json()["items"]) == 30
