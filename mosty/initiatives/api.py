"""Initiatives and the answer statistics in the JSON API (mounted at /api/v1/ by mosty.api).

Read-only. The lists show published initiatives, and with a token also the token user's own
(drafts, in moderation, returned, rejected); anyone else's unpublished initiative answers 404.
"""

# No `from __future__ import annotations` here: django-ninja resolves the annotations at import.

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.accounts.access import is_active_user
from mosty.initiatives import access, selectors, statistics
from mosty.initiatives.models import (
    PUBLIC_STATUSES,
    Category,
    Initiative,
    InitiativeStatus,
    PublicStatus,
    Youth,
)

router = Router(tags=["initiatives"])

MAX_ID = 2**63 - 1


class InitiativeOut(Schema):
    id: int
    title: str = Field(description="As the authors wrote it, in its original language")
    category: Category
    youth: Youth = Field(description="Empty, young_people (14–35) or youth_organisation")
    status: InitiativeStatus
    public_status: PublicStatus = Field(
        description="The familiar status: accepted, in_progress, answer_ready, closed"
    )
    supporters: int
    threshold: int | None = Field(description="Supporters needed to go to review")
    collect_until: datetime.date | None
    regions: list[str] = Field(description="Codes of the regions concerned")
    body: int | None = Field(description="The id of the competent body (an organisation)")
    registered_on: datetime.date | None = Field(description="Forwarded to the body: the answer clock starts")
    answer_due: datetime.date | None
    answered_on: datetime.date | None
    outcome: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_supporters(obj: Initiative) -> int:
        return obj.support_count

    @staticmethod
    def resolve_regions(obj: Initiative) -> list[str]:
        return [region.code for region in obj.regions.all()]

    @staticmethod
    def resolve_body(obj: Initiative) -> int | None:
        return obj.body_id

    @staticmethod
    def resolve_registered_on(obj: Initiative) -> datetime.date | None:
        return obj.forwarded_on


class InitiativeDetailOut(InitiativeOut):
    problem: str
    proposal: str
    expected_effect: str
    answer: str | None = Field(description="The body's answer, once the commission has published it")
    decision_reason: str
    rating: float | None = Field(description="Average rating of the published answer, 1–5")
    ratings: int

    @staticmethod
    def resolve_rating(obj: Initiative) -> float | None:
        return getattr(obj, "rating_summary", (None, 0))[0]

    @staticmethod
    def resolve_ratings(obj: Initiative) -> int:
        return int(getattr(obj, "rating_summary", (None, 0))[1])

    @staticmethod
    def resolve_answer(obj: Initiative) -> str | None:
        return obj.answer_text if obj.answer_is_public else None


class InitiativeQuery(Schema):
    status: PublicStatus | InitiativeStatus | None = Field(
        None, description="A familiar or a detailed status"
    )
    category: Category | None = None
    region: int | None = Field(None, ge=1, le=MAX_ID, description="A region's id: initiatives concerning it")
    youth: bool = False
    q: str | None = Field(None, max_length=200, description="Words in the title")
    sort: str = Field("newest", pattern="^(newest|supported|deadline)$")


def _readable(request: HttpRequest) -> QuerySet[Initiative]:
    public = Q(status__in=sorted(PUBLIC_STATUSES))
    user = request.user
    if is_active_user(user):
        return Initiative.objects.filter(public | access.authored_q(user))
    return Initiative.objects.filter(public)


@router.get("initiatives", response=list[InitiativeOut])
@paginate(PageNumberPagination, page_size=50)
def initiative_list(request: HttpRequest, filters: Query[InitiativeQuery]) -> QuerySet[Initiative]:
    """Citizen initiatives, newest first, with their support and the answer clock."""
    chosen = selectors.InitiativeFilters(
        status=str(filters.status or ""),
        category=str(filters.category or ""),
        region=filters.region,
        youth=filters.youth,
        q=filters.q or "",
        sort=filters.sort,
    )
    return selectors.initiative_list(_readable(request), chosen).prefetch_related("regions")


@router.get("initiatives/{id}", response=InitiativeDetailOut)
def initiative_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Initiative:
    """One initiative with its texts, the commission's reasons and the published answer."""
    initiative = _readable(request).prefetch_related("regions").filter(pk=id).first()
    if initiative is None:
        raise Http404
    initiative.rating_summary = selectors.rating_of(initiative)  # type: ignore[attr-defined]
    return initiative


class AnswerStatsOut(Schema):
    id: int = Field(description="The organisation's or the region's id")
    name: str
    region: str | None = Field(description="The code of the body's region (per body)")
    received: int
    answered_on_time: int
    answered_late: int
    overdue_without_answer: int = Field(description="Not answered and past the due day, as of today")
    median_days_to_answer: float | None


class AnswerStatsQuery(Schema):
    per: str = Field("body", pattern="^(body|region)$")


@router.get("answer-statistics", response=list[AnswerStatsOut])
def answer_statistics(request: HttpRequest, filters: Query[AnswerStatsQuery]) -> list[dict[str, object]]:
    """How the competent bodies answer initiatives, per body or per region of the body; the best first."""
    items = statistics.by_region() if filters.per == "region" else statistics.by_body()
    rows: list[dict[str, object]] = []
    for item in items:
        region = getattr(item.subject, "region", None) if filters.per == "body" else item.subject
        rows.append(
            {
                "id": item.key,
                "name": item.name,
                "region": region.code if region is not None else None,
                "received": item.received,
                "answered_on_time": item.on_time,
                "answered_late": item.late,
                "overdue_without_answer": item.overdue,
                "median_days_to_answer": item.median_days,
            }
        )
    return rows
