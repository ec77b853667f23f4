"""The region list, the settlement search, a region's page and a settlement's page, through the
HTTP client with small factory-made data (the real reference data is tested in test_reference)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.territories.models import District, FederalDistrict, Region, Settlement

pytestmark = pytest.mark.django_db

# One query: the regions with their country and both counts as subqueries.
REGION_LIST_QUERIES = 1
# Count, page of rows (with region and country), the regions of the filter's select.
SETTLEMENT_SEARCH_QUERIES = 3
# The same without the select: an HTMX refresh renders the results alone.
SETTLEMENT_RESULTS_QUERIES = 2


def _page(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.fixture
def smolensk_city(region_ru: Region) -> Settlement:
    return factories.SettlementFactory(
        region=region_ru,
        name_ru="Смоленск",
        name_be="Смаленск",
        name_en="Smolensk",
        population=330025,
        latitude=54.78,
        longitude=32.05,
        is_regional_centre=True,
        search_key="smolensk | смаленск | смоленск",
    )


# --- Region list ---------------------------------------------------------------------------------


def test_region_list_shows_facts_and_counts(client: Client, region_ru: Region, region_by: Region) -> None:
    Region.objects.filter(pk=region_ru.pk).update(
        population=888421, population_year=2021, federal_district=FederalDistrict.CENTRAL
    )
    factories.SettlementFactory.create_batch(2, region=region_ru)
    factories.OrganisationFactory(region=region_ru)
    page = _page(client.get(reverse("territories:region_list")))
    assert "Смоленская область" in page and "Витебская область" in page
    assert f'href="{reverse("region_detail", args=["RU-SMO"])}"' in page
    assert "888\xa0421" in page or "888 421" in page
    regions = {
        region.code: region for region in client.get(reverse("territories:region_list")).context["regions"]
    }
    assert (regions["RU-SMO"].settlement_count, regions["RU-SMO"].organisation_count) == (2, 1)
    assert (regions["BY-VI"].settlement_count, regions["BY-VI"].organisation_count) == (0, 0)


def test_region_list_filters_by_country(client: Client, region_ru: Region, region_by: Region) -> None:
    page = _page(client.get(reverse("territories:region_list"), {"country": "BY"}))
    assert "Витебская область" in page
    assert "Смоленская область" not in page


def test_region_list_filters_by_federal_district(client: Client, region_ru: Region) -> None:
    Region.objects.filter(pk=region_ru.pk).update(federal_district=FederalDistrict.CENTRAL)
    factories.RegionFactory(name_ru="Псковская область", federal_district=FederalDistrict.NORTHWESTERN)
    page = _page(client.get(reverse("territories:region_list"), {"federal_district": "northwestern"}))
    assert "Псковская область" in page
    assert "Смоленская область" not in page


def test_region_list_filters_border_regions(client: Client, region_ru: Region, region_by: Region) -> None:
    factories.RegionFactory(name_ru="Тульская область", borders_other_country=False)
    page = _page(client.get(reverse("territories:region_list"), {"border": "on"}))
    assert "Смоленская область" in page and "Витебская область" in page
    assert "Тульская область" not in page


def test_region_list_reports_a_wrong_filter_and_shows_everything(client: Client, region_ru: Region) -> None:
    response = client.get(reverse("territories:region_list"), {"country": "XX"})
    assert response.context["form"].errors["country"]
    assert "Смоленская область" in _page(response)


def test_region_list_is_sorted_by_name_in_the_readers_language(client: Client) -> None:
    factories.RegionFactory(name_ru="Брестская область", name_be="Брэсцкая вобласць", name_en="Brest Region")
    factories.RegionFactory(
        name_ru="Иркутская область", name_be="Іркуцкая вобласць", name_en="Irkutsk Oblast"
    )
    factories.RegionFactory(name_ru="Амурская область", name_be="Амурская вобласць", name_en="Amur Oblast")
    client.cookies["mosty_language"] = "be"
    names = [region.name for region in client.get(reverse("territories:region_list")).context["regions"]]
    assert names == ["Амурская вобласць", "Брэсцкая вобласць", "Іркуцкая вобласць"]


@pytest.mark.parametrize(
    ("language", "name", "other"),
    [("ru", "Смоленская область", "Smolensk Oblast"), ("be", "Смаленская вобласць", "Smolensk Oblast"),
     ("en", "Smolensk Oblast", "Смоленская область")],
)  # fmt: skip
def test_region_list_shows_names_in_the_chosen_language(
    client: Client, region_ru: Region, language: str, name: str, other: str
) -> None:
    client.cookies["mosty_language"] = language
    page = _page(client.get(reverse("territories:region_list")))
    assert f'<html lang="{language}"' in page
    assert name in page
    assert other not in page


@pytest.mark.parametrize("rows", [3, 30])
def test_region_list_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    for region in factories.RegionFactory.create_batch(rows):
        factories.SettlementFactory(region=region)
        factories.OrganisationFactory(region=region)
    with django_assert_num_queries(REGION_LIST_QUERIES):
        response = client.get(reverse("territories:region_list"))
    assert len(response.context["regions"]) == rows


# --- Settlement search ---------------------------------------------------------------------------


def test_settlement_search_finds_by_any_stored_spelling(client: Client, smolensk_city: Settlement) -> None:
    factories.SettlementFactory(name_ru="Тула", search_key="tula | тула")
    for query in ("Смаленск", "SMOLENSK", "смоленск", "moLEN"):
        page = _page(client.get(reverse("territories:settlement_list"), {"q": query}))
        assert reverse("settlement_detail", args=[smolensk_city.pk]) in page, query
        assert "Тула" not in page, query


def test_settlement_search_keeps_the_query_and_filters_by_country_and_region(
    client: Client, smolensk_city: Settlement, region_by: Region
) -> None:
    factories.SettlementFactory(region=region_by, name_ru="Смоленка", search_key="смоленка")
    page = _page(client.get(reverse("territories:settlement_list"), {"q": "смолен", "country": "BY"}))
    assert 'value="смолен"' in page
    assert "Смоленка" in page and reverse("settlement_detail", args=[smolensk_city.pk]) not in page
    page = _page(client.get(reverse("territories:settlement_list"), {"q": "смолен", "region": "RU-SMO"}))
    assert "Смоленка" not in page and reverse("settlement_detail", args=[smolensk_city.pk]) in page


def test_settlement_search_orders_by_population(client: Client, region_ru: Region) -> None:
    small = factories.SettlementFactory(region=region_ru, population=600, search_key="красное")
    large = factories.SettlementFactory(region=region_ru, population=90_000, search_key="красное село")
    page = _page(client.get(reverse("territories:settlement_list"), {"q": "красное"}))
    assert page.index(reverse("settlement_detail", args=[large.pk])) < page.index(
        reverse("settlement_detail", args=[small.pk])
    )


def test_settlement_search_page_has_live_results_that_also_work_without_javascript(
    client: Client, smolensk_city: Settlement
) -> None:
    page = _page(client.get(reverse("territories:settlement_list")))
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert 'method="get"' in page and 'id="settlement-results"' in page
    assert '<label for="id_q">' in page
    partial = client.get(
        reverse("territories:settlement_list"), {"q": "smolensk"}, headers={"HX-Request": "true"}
    )
    text = _page(partial)
    assert "<html" not in text
    assert reverse("settlement_detail", args=[smolensk_city.pk]) in text


def test_settlement_search_rejects_an_unknown_region_and_searches_anyway(
    client: Client, smolensk_city: Settlement
) -> None:
    response = client.get(reverse("territories:settlement_list"), {"q": "smolensk", "region": "XX-NOPE"})
    assert response.context["form"].errors["region"]
    assert reverse("settlement_detail", args=[smolensk_city.pk]) in _page(response)


@pytest.mark.parametrize("rows", [3, 30])
def test_settlement_search_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, region_ru: Region, rows: int
) -> None:
    factories.SettlementFactory.create_batch(rows, region=region_ru, search_key="novoe")
    with django_assert_num_queries(SETTLEMENT_SEARCH_QUERIES):
        response = client.get(reverse("territories:settlement_list"), {"q": "novoe"})
    assert response.context["page"].paginator.count == rows
    with django_assert_num_queries(SETTLEMENT_RESULTS_QUERIES):
        client.get(reverse("territories:settlement_list"), {"q": "novoe"}, headers={"HX-Request": "true"})


# --- A region's page -----------------------------------------------------------------------------


def test_region_page_shows_the_facts(client: Client, region_ru: Region, smolensk_city: Settlement) -> None:
    Region.objects.filter(pk=region_ru.pk).update(
        population=888421,
        population_year=2021,
        population_source="Rosstat, All-Russian Population Census 2021",
        federal_district=FederalDistrict.CENTRAL,
        centre_ru="Смоленск",
    )
    page = _page(client.get(reverse("region_detail", args=["RU-SMO"])))
    assert "<h1>Смоленская область</h1>" in page
    assert "RU-SMO" in page
    assert "888\xa0421" in page or "888 421" in page
    assert "2021" in page and "Rosstat, All-Russian Population Census 2021" in page
    assert "Смоленск" in page
    assert 'role="img"' in page  # the map


def test_region_page_lists_the_largest_settlements_first_and_pages_them(
    client: Client, region_ru: Region
) -> None:
    for number in range(25):
        factories.SettlementFactory(
            region=region_ru, name_ru=f"Посёлок {number:02d}", population=1000 + number
        )
    first = client.get(reverse("region_detail", args=["RU-SMO"]))
    names = [settlement.name for settlement in first.context["settlements"]]
    assert names[:2] == ["Посёлок 24", "Посёлок 23"]
    assert len(names) == 20
    second = client.get(reverse("region_detail", args=["RU-SMO"]), {"page": 2})
    assert "Посёлок 00" in _page(second) and "Посёлок 24" not in _page(second).split("<h2")[4]
    assert f"{reverse('territories:settlement_list')}?region=RU-SMO" in _page(first)


def test_region_page_shows_organisations_ties_and_events_of_the_region(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    organisations = []
    for number in range(12):
        organisation = factories.OrganisationFactory(region=region_ru, name_ru=f"Организация {number:02d}")
        organisation.created_at = organisation.created_at + datetime.timedelta(minutes=number)
        organisation.save(update_fields=["created_at"])
        organisations.append(organisation)
    factories.OrganisationFactory(region=region_by, name_ru="Чужая организация")
    tie = factories.TieFactory(region_a=region_by, region_b=region_ru)  # the region on side b
    event = factories.EventFactory(title_ru="Форум в Смоленске")
    event.regions.add(region_ru)
    response = client.get(reverse("region_detail", args=["RU-SMO"]))
    page = _page(response)
    assert response.context["organisations"].count == 12
    assert "Организация 11" in page and "Организация 02" in page
    assert "Организация 01" not in page  # only the latest 10 are listed
    assert "Чужая организация" not in page
    assert reverse("ties:detail", args=[tie.pk]) in page
    assert reverse("events:detail", args=[event.pk]) in page and "Форум в Смоленске" in page


def test_belarusian_region_page_lists_its_districts(client: Client, region_by: Region) -> None:
    District.objects.create(
        region=region_by,
        code="BY-VI-12",
        name_ru="Оршанский район",
        name_be="Аршанскі раён",
        centre_ru="Орша",
    )
    client.cookies["mosty_language"] = "be"
    page = _page(client.get(reverse("region_detail", args=["BY-VI"])))
    assert "<h1>Віцебская вобласць</h1>" in page
    assert "Аршанскі раён" in page


@pytest.mark.parametrize(
    ("language", "title"),
    [("ru", "Смоленская область"), ("be", "Смаленская вобласць"), ("en", "Smolensk Oblast")],
)
def test_region_page_in_each_language(client: Client, region_ru: Region, language: str, title: str) -> None:
    client.cookies["mosty_language"] = language
    page = _page(client.get(reverse("region_detail", args=["RU-SMO"])))
    assert f"<h1>{title}</h1>" in page
    assert f'<html lang="{language}"' in page


def test_region_code_is_case_insensitive_and_an_unknown_code_is_404(
    client: Client, region_ru: Region
) -> None:
    assert client.get(reverse("region_detail", args=["ru-smo"])).status_code == 200
    assert client.get(reverse("region_detail", args=["RU-XXX"])).status_code == 404
    assert client.get("/regions/%3Cscript%3E/").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_region_page_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, region_ru: Region, region_by: Region, rows: int
) -> None:
    factories.SettlementFactory.create_batch(rows, region=region_ru)
    factories.OrganisationFactory.create_batch(rows, region=region_ru)
    factories.TieFactory.create_batch(rows, region_a=region_ru)
    for event in factories.EventFactory.create_batch(rows):
        event.regions.add(region_ru)
    # Region, settlements (count, page), districts, organisations, ties, events (rows and count each),
    # the places around the region for the map, the region's agreements (rows and count).
    with django_assert_num_queries(13):
        client.get(reverse("region_detail", args=["RU-SMO"]))


# --- A settlement's page -------------------------------------------------------------------------


def test_settlement_page_shows_names_region_population_and_map(
    client: Client, smolensk_city: Settlement
) -> None:
    organisation = factories.OrganisationFactory(region=smolensk_city.region, settlement=smolensk_city)
    event = factories.EventFactory(settlement=smolensk_city)
    page = _page(client.get(reverse("settlement_detail", args=[smolensk_city.pk])))
    assert "<h1>Смоленск</h1>" in page
    assert "Смаленск" in page and "Smolensk" in page
    assert "330\xa0025" in page or "330 025" in page
    assert "54.7800, 32.0500" in page
    assert reverse("region_detail", args=["RU-SMO"]) in page
    assert reverse("organisations:detail", args=[organisation.pk]) in page
    assert reverse("events:detail", args=[event.pk]) in page
    assert 'role="img"' in page


def test_settlement_page_in_english(client: Client, smolensk_city: Settlement) -> None:
    client.cookies["mosty_language"] = "en"
    page = _page(client.get(reverse("settlement_detail", args=[smolensk_city.pk])))
    assert "<h1>Smolensk</h1>" in page


def test_unknown_settlement_is_404(client: Client) -> None:
    assert client.get(reverse("settlement_detail", args=[999_999])).status_code == 404
