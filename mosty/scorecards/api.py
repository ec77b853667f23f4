"""Scorecards in the JSON API (mounted at /api/v1/ by mosty.api): the same rows as the pages and the
exports (selectors.scorecard_table), for the agreements the caller may see."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module.

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.scorecards import selectors
from mosty.scorecards.selectors import Row
from mosty.territories.api import Names

router = Router(tags=["scorecards"])

SORT_PATTERN = "^-?(" + "|".join(sorted(selectors.SORTS)) + ")$"


class ScorecardRowOut(Schema):
    key: int | str = Field(
        description="A region's or sector's code; a settlement's, organisation's or forum's (event's) id"
    )
    names: Names = Field(description="The name (a forum's title) in Russian, Belarusian and English")
    agreements: int = Field(description="Agreements counted for the key (see `by`)")
    commitments: int = Field(description="Their commitments, cancelled ones left out")
    done_on_time: int
    done_late: int = Field(description="Completed after the deadline")
    overdue: int
    in_progress: int
    planned: int = Field(description="Not started yet")
    indicator_share: int | None = Field(
        description="Planned indicator values achieved, weighted, in percent 0–100; null without any"
    )


class ScorecardQuery(Schema):
    by: Literal["region", "settlement", "organisation", "forum", "sector"] = Field(
        "region",
        description=(
            "region: agreements with a party in the region (the region, a settlement or an organisation "
            "there); settlement: a party is the settlement or an organisation there; organisation: "
            "agreements it is a party to, commitments it is responsible for or co-executes; forum: "
            "signed there; sector: an OKVED 2 section or its divisions"
        ),
    )
    sort: str = Field(
        selectors.DEFAULT_SORT, pattern=SORT_PATTERN, description="A column; '-' for descending"
    )


@router.get("scorecards", response=list[ScorecardRowOut])
@paginate(PageNumberPagination, page_size=50)
def scorecard_list(request: HttpRequest, filters: Query[ScorecardQuery]) -> list[Row]:
    """One row per region, settlement, organisation, forum or sector: the agreements and the fate of
    their commitments, counted over the agreements the caller may see (public ones without a token)."""
    return selectors.scorecard_table(request.user, filters.by, sort=filters.sort)
