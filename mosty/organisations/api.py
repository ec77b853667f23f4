"""Organisations in the JSON API (mounted at /api/v1/ by mosty.api). Read-only."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

import datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.organisations import selectors
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.organisations.selectors import OrganisationFilters
from mosty.territories.api import Names

router = Router(tags=["organisations"])

# The largest id a path accepts: the top of a 64-bit signed integer, as in every supported database.
MAX_ID = 2**63 - 1


class OrganisationOut(Schema):
    id: int
    names: Names = Field(description="The name in Russian, Belarusian and English (Russian where unknown)")
    kind: OrganisationKind
    region: str = Field(description="The region's code")
    settlement: int | None = Field(description="The settlement's id, if known")
    sectors: list[str] = Field(description="Codes of OKVED 2 sections (letters) and divisions (two digits)")
    verified: bool = Field(description="Whether the commission's staff have checked the organisation")
    website: str

    @staticmethod
    def resolve_region(obj: Organisation) -> str:
        return obj.region.code

    @staticmethod
    def resolve_settlement(obj: Organisation) -> int | None:
        return obj.settlement_id

    @staticmethod
    def resolve_sectors(obj: Organisation) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_verified(obj: Organisation) -> bool:
        return obj.is_verified


class OrganisationDetailOut(OrganisationOut):
    description: str
    email: str
    phone: str
    address: str
    verified_at: datetime.datetime | None


class OrganisationQuery(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name in any of the three languages")
    country: Literal["RU", "BY"] | None = None
    region: str | None = Field(None, max_length=12, description="A region's code, e.g. RU-SMO")
    kind: OrganisationKind | None = None
    sector: str | None = Field(
        None,
        max_length=4,
        description="An OKVED 2 code: a section (letter, with its divisions) or a division",
    )
    verified: bool | None = Field(None, description="true: verified organisations only; false: the others")


@router.get("organisations", response=list[OrganisationOut])
@paginate(PageNumberPagination, page_size=50)
def organisation_list(request: HttpRequest, filters: Query[OrganisationQuery]) -> QuerySet[Organisation]:
    """Organisations of both countries by name; the filters combine."""
    return selectors.organisation_list(
        OrganisationFilters(
            country=filters.country or "",
            region=filters.region or "",
            kind=filters.kind or "",
            sector=filters.sector or "",
            verified=filters.verified,
            q=filters.q or "",
        )
    )


@router.get("organisations/{id}", response=OrganisationDetailOut)
def organisation_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Organisation:
    """One organisation by its id, with its description and contacts."""
    try:
        return selectors.organisation_detail(id)
    except Organisation.DoesNotExist:
        raise Http404 from None
