"""Regions and settlements in the JSON API (mounted at /api/v1/ by mosty.api)."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.core.i18n import LANGUAGE_CODES, localized
from mosty.territories import selectors
from mosty.territories.models import FederalDistrict, Region, RegionKind, Settlement

router = Router(tags=["territories"])

# The largest id a path accepts: the top of a 64-bit signed integer, as in every supported database.
MAX_ID = 2**63 - 1


class Names(Schema):
    """A name in Russian, Belarusian and English; Russian stands in for a missing translation."""

    ru: str
    be: str
    en: str


class RegionOut(Schema):
    code: str = Field(description="ISO 3166-2 code where assigned, otherwise a local code")
    iso_assigned: bool
    country: str = Field(description="ISO 3166-1 alpha-2 code: RU or BY")
    kind: RegionKind
    names: Names
    centre: Names = Field(description="The administrative centre")
    federal_district: FederalDistrict | None = Field(description="Russian regions only")
    borders_other_country: bool
    population: int | None
    population_year: int | None
    population_source: str
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_country(obj: Region) -> str:
        return obj.country.code

    @staticmethod
    def resolve_centre(obj: Region) -> dict[str, str]:
        return {code: localized(obj, "centre", code) for code in LANGUAGE_CODES}

    @staticmethod
    def resolve_federal_district(obj: Region) -> str | None:
        return obj.federal_district or None


class RegionFilters(Schema):
    country: Literal["RU", "BY"] | None = None
    federal_district: FederalDistrict | None = None
    border: bool | None = Field(None, description="Only regions on (true) or off (false) the border")


class SettlementOut(Schema):
    id: int
    geonameid: int
    names: Names
    region: str = Field(description="The region's code")
    population: int
    latitude: float
    longitude: float
    is_regional_centre: bool

    @staticmethod
    def resolve_region(obj: Settlement) -> str:
        return obj.region.code


class SettlementFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Part of a name in any language or spelling")
    region: str | None = Field(None, max_length=12, description="A region's code")
    country: Literal["RU", "BY"] | None = None


def _regions() -> QuerySet[Region]:
    # Not selectors.region_list: the API filters on both sides of the border and pages through a
    # list ordered the same way in every language, without the counts the HTML page shows.
    return Region.objects.select_related("country").order_by("country__code", "name_ru", "code")


@router.get("regions", response=list[RegionOut])
@paginate(PageNumberPagination, page_size=50)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> QuerySet[Region]:
    """Regions of Russia and Belarus, by country and name."""
    regions = _regions()
    if filters.country:
        regions = regions.filter(country__code=filters.country)
    if filters.federal_district:
        regions = regions.filter(federal_district=filters.federal_district)
    if filters.border is not None:
        regions = regions.filter(borders_other_country=filters.border)
    return regions


@router.get("regions/{code}", response=RegionOut)
def region_detail(request: HttpRequest, code: str) -> Region:
    """One region by its code, e.g. RU-SMO or BY-VI."""
    return selectors.region_by_code(code)


@router.get("settlements", response=list[SettlementOut])
@paginate(PageNumberPagination, page_size=50)
def settlement_list(request: HttpRequest, filters: Query[SettlementFilters]) -> QuerySet[Settlement]:
    """Cities and towns, the most populous first; `q` matches any spelling of the name."""
    return selectors.settlement_search(
        selectors.SettlementFilters(
            q=filters.q or "", country=filters.country or "", region=filters.region or ""
        )
    )


@router.get("settlements/{id}", response=SettlementOut)
def settlement_detail(request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Settlement:
    """One settlement by its id."""
    return get_object_or_404(Settlement.objects.select_related("region"), pk=id)
