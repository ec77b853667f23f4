"""Commitments in the JSON API (mounted at /api/v1/ by mosty.api). Read-only.

Public commitments for everyone; restricted ones only for readers who may see them (signed in
with the platform's session), the same rule as on the pages (access.visible_commitments).
Decimal figures are strings, so no precision is lost.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

import datetime
import decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.commitments import access, selectors
from mosty.commitments.models import Commitment, ProgressReport, ReportEvery, Status

router = Router(tags=["commitments"])

# The largest id a path accepts: the top of a 64-bit signed integer, as in every supported database.
MAX_ID = 2**63 - 1


class Indicator(Schema):
    unit: str
    planned: decimal.Decimal | None
    actual: decimal.Decimal | None
    percent: int | None = Field(description="Share of the planned value achieved, 0–100")


class Source(Schema):
    kind: str = Field(
        description="What the commitment belongs to: agreement, event_decision, initiative, project"
    )
    id: int


class CommitmentOut(Schema):
    id: int
    title: str = Field(description="What is promised, in the language it was written in")
    status: Status
    responsible_organisation: int | None = Field(description="The responsible organisation's id")
    responsible_region: str | None = Field(description="The responsible region's code")
    counterpart_organisation: int | None = Field(
        description="Where both sides act: the id of the responsible organisation on the other side"
    )
    counterpart_region: str | None = Field(
        description="Where both sides act: the code of the responsible region on the other side"
    )
    co_executors: list[int] = Field(description="Ids of the co-executing organisations")
    deadline: datetime.date | None
    report_every: ReportEvery
    next_report_due: datetime.date | None
    completed_on: datetime.date | None
    done_late: bool
    indicator: Indicator
    weight: int
    version: int = Field(description="The edit version: a change made against a stale one is refused")
    source: Source
    is_public: bool

    @staticmethod
    def resolve_responsible_organisation(obj: Commitment) -> int | None:
        return obj.responsible_organisation_id

    @staticmethod
    def resolve_responsible_region(obj: Commitment) -> str | None:
        return obj.responsible_region.code if obj.responsible_region is not None else None

    @staticmethod
    def resolve_counterpart_organisation(obj: Commitment) -> int | None:
        return obj.counterpart_organisation_id

    @staticmethod
    def resolve_counterpart_region(obj: Commitment) -> str | None:
        return obj.counterpart_region.code if obj.counterpart_region is not None else None

    @staticmethod
    def resolve_co_executors(obj: Commitment) -> list[int]:
        return sorted(organisation.pk for organisation in obj.co_executors.all())

    @staticmethod
    def resolve_indicator(obj: Commitment) -> dict[str, object]:
        return {
            "unit": obj.indicator_unit,
            "planned": obj.planned_value,
            "actual": obj.actual_value,
            "percent": obj.progress_percent,
        }

    @staticmethod
    def resolve_source(obj: Commitment) -> dict[str, object]:
        return {"kind": obj.source_kind, "id": obj.source_id}


class EvidenceOut(Schema):
    name: str
    size: int
    url: str = Field(description="Download address; answers only readers who may see the commitment")


class ReportOut(Schema):
    id: int
    reported_on: datetime.date
    text: str
    actual_value: decimal.Decimal | None
    marks_done: bool
    links: list[str]
    status: ProgressReport.ReviewStatus
    reviewed_at: datetime.datetime | None
    review_comment: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj: ProgressReport) -> list[dict[str, object]]:
        return [
            {
                "name": item.original_name,
                "size": item.size,
                "url": reverse("commitments:evidence", args=[item.pk]),
            }
            for item in obj.evidence.all()
        ]


class CommitmentDetailOut(CommitmentOut):
    description: str
    reports: list[ReportOut]

    @staticmethod
    def resolve_reports(obj: Commitment) -> list[ProgressReport]:
        return selectors.reports_of(obj)


class CommitmentQuery(Schema):
    status: Status | None = None
    region: str | None = Field(
        None,
        max_length=12,
        description="A region's code: a responsible region or a responsible organisation's, on either side",
    )
    organisation: int | None = Field(
        None, ge=1, le=MAX_ID, description="Responsible (on either side) or co-executing organisation"
    )
    source_kind: str | None = Field(None, max_length=40)
    source_id: int | None = Field(None, ge=1, le=MAX_ID)
    overdue: bool | None = Field(None, description="true: only commitments past their deadline")


@router.get("commitments", response=list[CommitmentOut])
@paginate(PageNumberPagination, page_size=50)
def commitment_list(request: HttpRequest, filters: Query[CommitmentQuery]) -> QuerySet[Commitment]:
    """Commitments by deadline; the filters combine."""
    return selectors.commitment_list(
        access.visible_commitments(request.user),
        selectors.CommitmentFilters(
            status=filters.status or "",
            region=filters.region or "",
            organisation=filters.organisation,
            source_kind=filters.source_kind or "",
            source_id=filters.source_id,
            overdue_only=bool(filters.overdue),
        ),
    )


@router.get("commitments/{id}", response=CommitmentDetailOut)
def commitment_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Commitment:
    """One commitment with its description and progress reports."""
    return access.commitment_for_user(request.user, id)
