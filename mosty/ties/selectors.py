"""Reads of ties whose speed matters: the list (page and API), a tie's page and the map of ties."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from mosty.ties.models import Tie, TieStatus


@dataclass(frozen=True)
class TieFilters:
    region: str = ""  # a region's code, on either side
    kind: str = ""
    status: str = ""


def _ties() -> QuerySet[Tie]:
    return Tie.objects.select_related(
        "region_a__country", "region_b__country", "settlement_a", "settlement_b"
    ).order_by(F("since").desc(nulls_last=True), "pk")


def tie_list(filters: TieFilters) -> QuerySet[Tie]:
    """Ties matching the filters, the most recent first (undated last), with both sides joined in:
    two queries for any page (count and rows)."""
    ties = _ties()
    if filters.region:
        code = filters.region.upper()
        ties = ties.filter(Q(region_a__code=code) | Q(region_b__code=code))
    if filters.kind:
        ties = ties.filter(kind=filters.kind)
    if filters.status:
        ties = ties.filter(status=filters.status)
    return ties


def tie_detail(pk: int) -> Tie:
    """One tie with both sides; raises Tie.DoesNotExist."""
    return _ties().get(pk=pk)


def active_region_pairs() -> list[tuple[int, int]]:
    """The pairs of regions (ids) joined by at least one active tie: one row per pair, however many
    ties they share (the national map draws pairs, and two countries hold some 600 pairs but tens of
    thousands of ties)."""
    active = Tie.objects.filter(status=TieStatus.ACTIVE).order_by()  # no ordering: DISTINCT on the pair alone
    return list(active.values_list("region_a_id", "region_b_id").distinct())
