"""Reads of the territories whose speed matters: the region list, the settlement search, a region's
settlements. Each list takes a fixed number of queries whatever its length.

The region list counts organisations, which live in a higher app: the count is a subquery on the
model looked up by name, so this module imports nothing above the territories layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from mosty.lib.text import normalize, sort_key
from mosty.territories.models import Region, Settlement

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class RegionFilters:
    country: str = ""  # "RU" or "BY"
    federal_district: str = ""
    border_only: bool = False


@dataclass(frozen=True)
class SettlementFilters:
    q: str = ""  # part of a name, in any language or spelling
    country: str = ""
    region: str = ""  # a region's code


def _count_of(model_label: str, field: str = "region") -> Coalesce:
    model = apps.get_model(model_label)
    rows = (
        model._default_manager.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def sort_by_name(regions: list[Region]) -> list[Region]:
    """In the reader's language, alphabetically whatever the database collation (ё, і, ў in place)."""
    return sorted(regions, key=lambda region: (sort_key(region.name), region.code))


def region_list(filters: RegionFilters) -> list[Region]:
    """The regions matching the filters, by name in the reader's language, each with
    `settlement_count` and `organisation_count`: one query."""
    regions = Region.objects.select_related("country").annotate(
        settlement_count=_count_of("territories.Settlement"),
        organisation_count=_count_of("organisations.Organisation"),
    )
    if filters.country:
        regions = regions.filter(country__code=filters.country.upper())
    if filters.federal_district:
        regions = regions.filter(federal_district=filters.federal_district)
    if filters.border_only:
        regions = regions.filter(borders_other_country=True)
    return sort_by_name(list(regions))


def region_choices() -> list[tuple[str, str]]:
    """(code, localized name) of every region, sorted by name, for a filter's select: one query."""
    regions = Region.objects.only("code", "name_ru", "name_be", "name_en")
    return [(region.code, region.name) for region in sort_by_name(list(regions))]


def region_by_code(code: str) -> Region:
    """One region with its country; raises Region.DoesNotExist."""
    return Region.objects.select_related("country").get(code=code.upper())


def settlement_search(filters: SettlementFilters) -> QuerySet[Settlement]:
    """Settlements whose name, in any language or spelling, contains the query; the most populous
    first. A substring of the normalised `search_key` (trigram-indexed on PostgreSQL)."""
    settlements = Settlement.objects.select_related("region__country").order_by(
        "-population", "name_ru", "pk"
    )
    key = normalize(filters.q[:MAX_QUERY_LENGTH])
    if key:
        settlements = settlements.filter(search_key__contains=key)
    if filters.country:
        settlements = settlements.filter(region__country__code=filters.country.upper())
    if filters.region:
        settlements = settlements.filter(region__code=filters.region.upper())
    return settlements


def region_settlements(region: Region) -> QuerySet[Settlement]:
    """A region's settlements, the most populous first."""
    return region.settlements.order_by("-population", "name_ru", "pk")
