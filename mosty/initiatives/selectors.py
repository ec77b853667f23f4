"""Reads of initiatives that matter for speed: the lists and their filters, the page's figures,
similar initiatives while a title is typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet

from mosty.initiatives.models import (
    PUBLIC_STATUS,
    PUBLIC_STATUSES,
    Initiative,
    InitiativeStatus,
    PublicStatus,
    Rating,
    StatusChange,
    Support,
)
from mosty.lib.text import normalize

SORTS = ("newest", "supported", "deadline")
SIMILAR_LIMIT = 5
# Words shorter than this carry no subject ("и", "для", "the"): they do not make titles similar.
SIGNIFICANT_LENGTH = 4


@dataclass(frozen=True)
class InitiativeFilters:
    status: str = ""  # a public status (accepted, in_progress, answer_ready, closed) or an internal one
    category: str = ""
    region: int | None = None
    youth: bool = False
    q: str = ""
    sort: str = "newest"


def _with_list_data(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return initiatives.select_related("author", "body")


def initiative_list(initiatives: QuerySet[Initiative], filters: InitiativeFilters) -> QuerySet[Initiative]:
    """`initiatives` (already narrowed to what the user may see) filtered and sorted; the page's
    rows need no further query (author and body are joined)."""
    if filters.status in PublicStatus.values:
        initiatives = initiatives.filter(
            status__in=sorted(status for status, public in PUBLIC_STATUS.items() if public == filters.status)
        )
    elif filters.status in InitiativeStatus.values:
        initiatives = initiatives.filter(status=filters.status)
    if filters.category:
        initiatives = initiatives.filter(category=filters.category)
    if filters.region is not None:
        initiatives = initiatives.filter(
            Q(
                pk__in=Initiative.regions.through.objects.filter(region_id=filters.region).values(
                    "initiative_id"
                )
            )
            | Q(
                pk__in=Initiative.settlements.through.objects.filter(
                    settlement__region_id=filters.region
                ).values("initiative_id")
            )
        )
    if filters.youth:
        initiatives = initiatives.exclude(youth="")
    if filters.q:
        initiatives = initiatives.filter(search_key__contains=normalize(filters.q))
    if filters.sort == "supported":
        initiatives = initiatives.order_by("-support_count", "-id")
    elif filters.sort == "deadline":
        initiatives = initiatives.order_by(
            F("answer_due").asc(nulls_last=True), F("collect_until").asc(nulls_last=True), "-id"
        )
    else:
        initiatives = initiatives.order_by("-created_at", "-id")
    return _with_list_data(initiatives)


def moderation_queue() -> QuerySet[Initiative]:
    """Submitted initiatives, oldest first: the moderators' work."""
    return _with_list_data(
        Initiative.objects.filter(status=InitiativeStatus.SUBMITTED).order_by("submitted_at", "id")
    )


def review_queue() -> QuerySet[Initiative]:
    """What waits for the commission: in review (to forward, merge or decline) and answered (to publish),
    and published answers to close with the outcome."""
    waiting = (InitiativeStatus.IN_REVIEW, InitiativeStatus.ANSWERED, InitiativeStatus.PUBLISHED)
    return _with_list_data(Initiative.objects.filter(status__in=waiting).order_by("status_changed_at", "id"))


def body_inbox(organisation_ids: frozenset[int]) -> QuerySet[Initiative]:
    """Initiatives forwarded to the bodies the user represents, the nearest deadline first."""
    return _with_list_data(
        Initiative.objects.filter(body_id__in=organisation_ids, forwarded_on__isnull=False).order_by(
            F("answered_on").asc(nulls_first=True), "answer_due", "id"
        )
    )


# A version that changes is never read again; the timeout only clears the old ones away.
SUPPORT_BREAKDOWN_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class TerritoryShare:
    region_id: int
    region: Any
    count: int
    percent: int


def support_by_region(initiative: Initiative) -> list[TerritoryShare]:
    """Supporters by the region they named, most first: one query for the regions, and the counts
    from the shared cache under the initiative's `support_version` (which every support and withdrawal
    moves on), so they are counted again only after a change — an aggregate over 200,000 supports took
    38 ms of every page of the most supported initiative at national scale."""
    from mosty.territories.models import Region

    def count() -> list[tuple[int, int]]:
        rows = Support.objects.filter(initiative=initiative).values("region_id").annotate(count=Count("id"))
        return [(row["region_id"], row["count"]) for row in rows.order_by("-count", "region_id")]

    key = f"initiatives:support-by-region:{initiative.pk}:{initiative.support_version}"
    rows: list[tuple[int, int]] = cache.get_or_set(key, count, timeout=SUPPORT_BREAKDOWN_SECONDS) or []
    regions = Region.objects.in_bulk([region_id for region_id, _count in rows])
    total = sum(number for _region, number in rows) or 1
    return [
        TerritoryShare(
            region_id=region_id,
            region=regions.get(region_id),
            count=number,
            percent=round(number * 100 / total),
        )
        for region_id, number in rows
    ]


def named_supporters(initiative: Initiative, *, limit: int = 50) -> list[Support]:
    """Supporters who agreed to show their name, newest first (read once per page; the partial index
    initiative_support_named_idx gives them without sorting the initiative's supports)."""
    named = Support.objects.filter(initiative=initiative, show_name=True).order_by("-created_at", "-id")
    return list(named.select_related("user")[:limit])


def rating_of(initiative: Initiative) -> tuple[float | None, int]:
    """(average rating rounded to one decimal, number of ratings)."""
    row = Rating.objects.filter(initiative=initiative).aggregate(average=Avg("score"), count=Count("id"))
    average = row["average"]
    return (round(float(average), 1) if average is not None else None), int(row["count"])


def changes_of(initiative: Initiative) -> list[StatusChange]:
    return list(StatusChange.objects.filter(initiative=initiative).select_related("actor"))


def _significant_words(title: str) -> list[str]:
    words = [word for word in normalize(title).split() if len(word) >= SIGNIFICANT_LENGTH]
    return list(dict.fromkeys(words))[:10]


def similar_initiatives(title: str, *, exclude: int | None = None) -> list[Initiative]:
    """Up to five published initiatives whose titles share significant words with `title`, the most
    shared first. On PostgreSQL with pg_trgm (territories' migration enables it) the order is the
    trigram word similarity, so "обмена" also finds "обмен"; elsewhere the count of shared words."""
    words = _significant_words(title)
    if not words:
        return []
    published = Initiative.objects.filter(status__in=sorted(PUBLIC_STATUSES))
    if exclude is not None:
        published = published.exclude(pk=exclude)
    key = " ".join(words)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        return list(
            published.annotate(similarity=TrigramWordSimilarity(key, "search_key"))
            .filter(similarity__gte=0.45)
            .order_by("-similarity", "-support_count", "-id")[:SIMILAR_LIMIT]
        )
    # Word stems (the first letters) so that Russian endings do not hide a match: "обмена" ~ "обмен".
    stems = [word[: max(SIGNIFICANT_LENGTH, len(word) - 2)] for word in words]
    match = Q()
    for stem in stems:
        match |= Q(search_key__contains=stem)
    candidates = list(published.filter(match).order_by("-support_count", "-id")[:100])

    def shared(initiative: Initiative) -> int:
        return sum(1 for stem in stems if stem in initiative.search_key)

    candidates.sort(key=lambda initiative: -shared(initiative))
    return candidates[:SIMILAR_LIMIT]
