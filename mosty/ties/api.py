"""Ties between territories in the JSON API (mounted at /api/v1/ by mosty.api). Read-only."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.core.i18n import LANGUAGE_CODES
from mosty.territories.api import Names
from mosty.territories.models import Region, Settlement
from mosty.ties import selectors
from mosty.ties.models import Tie, TieKind, TieStatus
from mosty.ties.selectors import TieFilters

router = Router(tags=["ties"])

# The largest id a path accepts: the top of a 64-bit signed integer, as in every supported database.
MAX_ID = 2**63 - 1


class SideOut(Schema):
    region: str = Field(description="The region's code")
    settlement: int | None = Field(description="The settlement's id, for ties between settlements")
    names: Names = Field(description="The settlement's names if there is one, else the region's")


class TieOut(Schema):
    id: int
    names: Names = Field(description="Both sides' names joined by a dash, e.g. “Смоленск — Витебск”")
    kind: TieKind
    status: TieStatus
    since: datetime.date | None
    side_a: SideOut = Field(description="The territory in Russia")
    side_b: SideOut = Field(description="The territory in Belarus")

    @staticmethod
    def resolve_names(obj: Tie) -> dict[str, str]:
        side_a = (obj.settlement_a or obj.region_a).names
        side_b = (obj.settlement_b or obj.region_b).names
        return {code: f"{side_a[code]} — {side_b[code]}" for code in LANGUAGE_CODES}

    @staticmethod
    def resolve_side_a(obj: Tie) -> dict[str, object]:
        return _side(obj.region_a, obj.settlement_a)

    @staticmethod
    def resolve_side_b(obj: Tie) -> dict[str, object]:
        return _side(obj.region_b, obj.settlement_b)


class TieDetailOut(TieOut):
    basis: str = Field(description="The document the tie rests on")
    activity: str = Field(description="Notes on what the partners do together")


def _side(region: Region, settlement: Settlement | None) -> dict[str, object]:
    return {
        "region": region.code,
        "settlement": settlement.pk if settlement is not None else None,
        "names": (settlement or region).names,
    }


class TieQuery(Schema):
    region: str | None = Field(None, max_length=12, description="A region's code, on either side")
    kind: TieKind | None = None
    status: TieStatus | None = None


@router.get("ties", response=list[TieOut])
@paginate(PageNumberPagination, page_size=50)
def tie_list(request: HttpRequest, filters: Query[TieQuery]) -> QuerySet[Tie]:
    """Ties between territories of Russia and Belarus, the most recent first."""
    return selectors.tie_list(
        TieFilters(region=filters.region or "", kind=filters.kind or "", status=filters.status or "")
    )


@router.get("ties/{id}", response=TieDetailOut)
def tie_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Tie:
    """One tie by its id, with its basis and activity notes."""
    try:
        return selectors.tie_detail(id)
    except Tie.DoesNotExist:
        raise Http404 from None
