"""Reads of projects whose speed matters: the list (pages and API) and a project's page. The milestone
counts of each project come in the same query as the rows (subqueries over its commitments), so a page
costs the same number of queries for 3 projects or 30,000."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from mosty.commitments.models import Commitment, Status
from mosty.commitments.selectors import RESPONSIBLE_RELATED, overdue_q
from mosty.money.selectors import Total, total_in_rub
from mosty.projects.models import SOURCE_KIND, Project, ProjectPartner


@dataclass(frozen=True)
class ProjectFilters:
    kind: str = ""
    status: str = ""
    country: str = ""  # a country's code: any partner in it
    region: str = ""  # a region's code: any partner in it (the region, or a settlement or organisation there)
    sector: str = ""  # a sector's code; a section also matches its divisions
    year: int | None = None  # a year the project runs in (its period overlaps the year)


def _milestones() -> QuerySet[Commitment]:
    return Commitment.objects.filter(source_kind=SOURCE_KIND, source_id=OuterRef("pk")).order_by()


def _count_of(commitments: QuerySet[Commitment]) -> Coalesce:
    rows = commitments.values("source_id").annotate(value=Sum(Value(1))).values("value")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_milestone_counts(
    projects: QuerySet[Project], today: datetime.date | None = None
) -> QuerySet[Project]:
    """Each project with milestones_total, milestones_done and milestones_overdue (cancelled ones
    left out of all three)."""
    today = today or timezone.localdate()
    kept = _milestones().exclude(status=Status.CANCELLED)
    return projects.annotate(
        milestones_total=_count_of(kept),
        milestones_done=_count_of(kept.filter(status=Status.DONE)),
        milestones_overdue=_count_of(kept.filter(overdue_q(today))),
    )


def _with_partners(projects: QuerySet[Project]) -> QuerySet[Project]:
    partners = ProjectPartner.objects.select_related(
        "region__country", "settlement__region__country", "organisation__region__country"
    ).order_by("order", "pk")
    return projects.prefetch_related(Prefetch("partners", queryset=partners), "sectors")


def _partner_in(condition: Q) -> Q:
    return Q(pk__in=ProjectPartner.objects.filter(condition).values("project_id"))


def project_list(
    projects: QuerySet[Project], filters: ProjectFilters, *, today: datetime.date | None = None
) -> QuerySet[Project]:
    """`projects` (already narrowed to what the reader may see) matching the filters, latest start
    first, with partners, sectors and milestone counts: rows, partners and sectors, three queries
    for any page (and the paginator's count)."""
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.country:
        code = filters.country.upper()
        projects = projects.filter(
            _partner_in(
                Q(region__country__code=code)
                | Q(settlement__region__country__code=code)
                | Q(organisation__region__country__code=code)
            )
        )
    if filters.region:
        code = filters.region.upper()
        projects = projects.filter(
            _partner_in(
                Q(region__code=code) | Q(settlement__region__code=code) | Q(organisation__region__code=code)
            )
        )
    if filters.sector:
        through = Project.sectors.through.objects.filter(
            Q(sector__code=filters.sector) | Q(sector__parent__code=filters.sector)
        )
        projects = projects.filter(pk__in=through.values("project_id"))
    if filters.year is not None:
        projects = projects.filter(period_start__year__lte=filters.year).filter(
            Q(period_end__isnull=True) | Q(period_end__year__gte=filters.year)
        )
    ordering: list[Any] = [F("period_start").desc(), "-pk"]
    return _with_partners(with_milestone_counts(projects, today)).order_by(*ordering)


def project_detail(pk: int) -> Project:
    """One project with its partners and sectors; raises Project.DoesNotExist."""
    return _with_partners(Project.objects.all()).get(pk=pk)


def project_milestones(project: Project) -> QuerySet[Commitment]:
    """The project's milestones, by deadline, with the responsible parties."""
    return (
        Commitment.objects.filter(source_kind=SOURCE_KIND, source_id=project.pk)
        .select_related(*RESPONSIBLE_RELATED)
        .prefetch_related("co_executors")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def milestones_of(projects: QuerySet[Project]) -> QuerySet[Commitment]:
    """The milestones of all these projects (for a scorecard over them)."""
    return Commitment.objects.filter(source_kind=SOURCE_KIND, source_id__in=projects.order_by().values("pk"))


def budget_in_rub(project: Project, on_date: datetime.date | None = None) -> Total | None:
    """The project's budget converted to roubles at the rates valid on `on_date` (today by default);
    None without a budget. `missing` names the currency when the rate table has no rate for it."""
    if project.budget is None or not project.currency:
        return None
    return total_in_rub([(project.currency, project.budget)], on_date or timezone.localdate())
