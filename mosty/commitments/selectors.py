"""Reads of commitments whose speed matters: the lists, the page, the timeline and the scorecards."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.commitments.models import Commitment, Evidence, ProgressReport, Status
from mosty.core.audit import Change, describe_history
from mosty.core.models import AuditEntry

# The responsible parties of both sides with their countries: what a page naming them reads.
RESPONSIBLE_RELATED = (
    "responsible_organisation__region__country",
    "responsible_region__country",
    "counterpart_organisation__region__country",
    "counterpart_region__country",
)


def _with_parties(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.select_related(*RESPONSIBLE_RELATED).prefetch_related("co_executors")


def commitment_detail(pk: int) -> Commitment:
    """One commitment with its parties and audiences; raises Commitment.DoesNotExist."""
    return (
        _with_parties(Commitment.objects.all())
        .prefetch_related("audience_regions", "audience_organisations")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class CommitmentFilters:
    status: str = ""
    # A region's code: a responsible region, or a responsible organisation's region, on either side.
    region: str = ""
    organisation: int | None = None  # a responsible organisation (either side) or a co-executor
    source_kind: str = ""
    source_id: int | None = None
    overdue_only: bool = False


def overdue_q(today: datetime.date | None = None) -> Q:
    """Overdue, or past its deadline and not yet marked so by the daily job."""
    today = today or timezone.localdate()
    return Q(status=Status.OVERDUE) | Q(status__in=[Status.PLANNED, Status.IN_PROGRESS], deadline__lt=today)


def commitment_list(commitments: QuerySet[Commitment], filters: CommitmentFilters) -> QuerySet[Commitment]:
    """`commitments` (already narrowed to what the reader may see) matching the filters, by deadline,
    with what a list row shows: three queries for any page (count, rows with parties, co-executors)."""
    commitments = _with_parties(commitments).order_by(F("deadline").asc(nulls_last=True), "pk")
    if filters.status:
        commitments = commitments.filter(status=filters.status)
    if filters.region:
        code = filters.region.upper()
        commitments = commitments.filter(
            Q(responsible_region__code=code)
            | Q(responsible_organisation__region__code=code)
            | Q(counterpart_region__code=code)
            | Q(counterpart_organisation__region__code=code)
        )
    if filters.organisation is not None:
        co_executed = Commitment.co_executors.through.objects.filter(organisation_id=filters.organisation)
        commitments = commitments.filter(
            Q(responsible_organisation_id=filters.organisation)
            | Q(counterpart_organisation_id=filters.organisation)
            | Q(pk__in=co_executed.values("commitment_id"))
        )
    if filters.source_kind:
        commitments = commitments.filter(source_kind=filters.source_kind)
    if filters.source_id is not None:
        commitments = commitments.filter(source_id=filters.source_id)
    if filters.overdue_only:
        commitments = commitments.filter(overdue_q())
    return commitments


def reports_of(commitment: Commitment) -> list[ProgressReport]:
    """The commitment's reports, newest first, with authors, verifiers and evidence: two queries."""
    return list(
        commitment.reports.select_related("author", "reviewed_by").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
        )
    )


# --- Timeline -------------------------------------------------------------------------------------


class Kind:
    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    REPORT = "report"
    ACCEPTED = "accepted"
    RETURNED = "returned"


KIND_LABELS = {
    Kind.CREATED: _("Commitment recorded"),
    Kind.EDITED: _("Commitment changed"),
    Kind.STATUS: _("Status changed"),
    Kind.REPORT: _("Progress reported"),
    Kind.ACCEPTED: _("Report accepted"),
    Kind.RETURNED: _("Report returned"),
}
# Among entries of the same moment: the record first, then the report, its verification, the change.
_RANK = {Kind.CREATED: 0, Kind.REPORT: 1, Kind.ACCEPTED: 2, Kind.RETURNED: 2, Kind.STATUS: 3, Kind.EDITED: 3}
# Bookkeeping that changes with every edit or report and tells a reader nothing.
_NOT_SHOWN = frozenset({"version", "next_report_due"})


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    when: datetime.datetime
    who: User | None
    commitment_id: int
    commitment_title: str = ""
    text: str = ""
    values: list[Change] = field(default_factory=list)  # (label, old, new)
    report: ProgressReport | None = None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _audit_entries(entries: list[AuditEntry]) -> list[TimelineEntry]:
    for entry in entries:  # fresh rows of this query only: trimming them in memory is safe
        entry.changes = {
            name: values for name, values in (entry.changes or {}).items() if name not in _NOT_SHOWN
        }
    kept = [entry for entry in entries if entry.action == AuditEntry.Action.CREATE or entry.changes]
    timeline = []
    for entry, changes in describe_history(kept):
        if entry.action == AuditEntry.Action.CREATE:
            kind, values = Kind.CREATED, []
        else:
            kind, values = (Kind.STATUS if "status" in entry.changes else Kind.EDITED), changes
        timeline.append(
            TimelineEntry(
                kind=kind,
                when=entry.created_at,
                who=entry.actor,
                commitment_id=int(entry.object_id),
                values=values,
            )
        )
    return timeline


def _report_entries(reports: Iterable[ProgressReport]) -> list[TimelineEntry]:
    timeline = []
    value_label = str(ProgressReport._meta.get_field("actual_value").verbose_name).capitalize()
    for report in reports:
        values: list[Change] = []
        if report.actual_value is not None:
            values.append((value_label, "", str(report.actual_value)))
        timeline.append(
            TimelineEntry(
                kind=Kind.REPORT,
                when=report.created_at,
                who=report.author,
                commitment_id=report.commitment_id,
                text=report.text,
                values=values,
                report=report,
            )
        )
        if report.reviewed_at is not None and report.status != ProgressReport.ReviewStatus.SUBMITTED:
            accepted = report.status == ProgressReport.ReviewStatus.ACCEPTED
            timeline.append(
                TimelineEntry(
                    kind=Kind.ACCEPTED if accepted else Kind.RETURNED,
                    when=report.reviewed_at,
                    who=report.reviewed_by,
                    commitment_id=report.commitment_id,
                    text=report.review_comment,
                    report=report,
                )
            )
    return timeline


def _timeline(titles: dict[int, str]) -> list[TimelineEntry]:
    content_type = ContentType.objects.get_for_model(Commitment)
    audits = list(
        AuditEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in titles]
        ).select_related("actor", "content_type")
    )
    reports = (
        ProgressReport.objects.filter(commitment_id__in=list(titles))
        .select_related("author", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    entries = [
        replace(entry, commitment_title=titles.get(entry.commitment_id, ""))
        for entry in _audit_entries(audits) + _report_entries(reports)
    ]
    return sorted(entries, key=lambda entry: (entry.when, _RANK[entry.kind]))


def commitment_timeline(commitment: Commitment) -> list[TimelineEntry]:
    """Everything that happened to the commitment, oldest first: its record, edits and status
    changes (from the audit rows), reports and their verification. A constant number of queries."""
    return _timeline({commitment.pk: commitment.title})


def timeline_for_source(source_kind: str, source_id: int) -> list[TimelineEntry]:
    """The timelines of all the commitments of one source (an agreement, ...) merged, oldest first,
    each entry naming its commitment. The caller shows it only to readers who may see the source."""
    titles = dict(
        Commitment.objects.filter(source_kind=source_kind, source_id=source_id).values_list("pk", "title")
    )
    return _timeline(titles) if titles else []


# --- Scorecards -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    planned: int = 0
    cancelled: int = 0
    # Σ weight × min(actual, planned) / planned ÷ Σ weight, over the commitments with a planned value
    # (cancelled ones left out); None when there is none.
    achieved_share: float | None = None

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def achieved_percent(self) -> int | None:
        return None if self.achieved_share is None else round(self.achieved_share * 100)


def scorecard_aggregates() -> dict[str, Any]:
    done = Q(status=Status.DONE)
    late = Q(deadline__isnull=False, completed_on__gt=F("deadline"))
    measured = Q(planned_value__gt=0) & ~Q(status=Status.CANCELLED)
    actual = Cast(Coalesce("actual_value", Value(0), output_field=FloatField()), FloatField())
    planned = Cast("planned_value", FloatField())
    achieved = Least(actual, planned) / planned * F("weight")
    return {
        "total": Count("pk"),
        "done_on_time": Count("pk", filter=done & ~late),
        "done_late": Count("pk", filter=done & late),
        "overdue": Count("pk", filter=Q(status=Status.OVERDUE)),
        "in_progress": Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        "planned": Count("pk", filter=Q(status=Status.PLANNED)),
        "cancelled": Count("pk", filter=Q(status=Status.CANCELLED)),
        "achieved": Sum(Case(When(measured, then=achieved), default=Value(0.0), output_field=FloatField())),
        "measured_weight": Sum(
            Case(When(measured, then=F("weight")), default=Value(0), output_field=IntegerField())
        ),
    }


def scorecard_from_sums(row: dict[str, Any]) -> Scorecard:
    weight = row.get("measured_weight") or 0
    share = (row.get("achieved") or 0.0) / weight if weight else None
    return Scorecard(
        total=row.get("total") or 0,
        done_on_time=row.get("done_on_time") or 0,
        done_late=row.get("done_late") or 0,
        overdue=row.get("overdue") or 0,
        in_progress=row.get("in_progress") or 0,
        planned=row.get("planned") or 0,
        cancelled=row.get("cancelled") or 0,
        achieved_share=share,
    )


def scorecard(commitments: QuerySet[Commitment]) -> Scorecard:
    """The figures of a set of commitments, in one aggregate query."""
    return scorecard_from_sums(commitments.order_by().aggregate(**scorecard_aggregates()))


# What a scorecard may be grouped by: the responsible region (the organisation's region where an
# organisation is responsible) or the responsible organisation; for the first side, then for the
# other side where both sides act.
_GROUPS = {
    "region": (
        Coalesce("responsible_region", "responsible_organisation__region"),
        Coalesce("counterpart_region", "counterpart_organisation__region"),
    ),
    "organisation": (F("responsible_organisation"), F("counterpart_organisation")),
}


def scorecards_by(field: str, commitments: QuerySet[Commitment]) -> dict[int | None, Scorecard]:
    """One scorecard per region or per organisation (by id), in one query: the first side's grouping
    and the other side's (where both sides act) united, then added up per key. A commitment counts
    once for each side's key, and once only where both sides have the same key."""
    if field not in _GROUPS:
        raise ValueError(f"scorecards_by() groups by {', '.join(_GROUPS)}, not {field!r}")
    first, other = _GROUPS[field]
    aggregates = scorecard_aggregates()
    by_first = commitments.order_by().annotate(group_key=first).values("group_key").annotate(**aggregates)
    by_other = (
        commitments.order_by()
        .annotate(group_key=other, first_key=first)
        .filter(group_key__isnull=False)
        .exclude(group_key=F("first_key"), first_key__isnull=False)
        .values("group_key")
        .annotate(**aggregates)
    )
    sums: dict[int | None, dict[str, Any]] = {}
    for grouped in by_first.union(by_other, all=True):
        row: dict[str, Any] = dict(grouped)
        into = sums.setdefault(row["group_key"], {})
        for name in aggregates:
            into[name] = (into.get(name) or 0) + (row.get(name) or 0)
    return {key: scorecard_from_sums(row) for key, row in sums.items()}
