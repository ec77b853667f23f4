"""Projects and programmes in the JSON API (mounted at /api/v1/ by mosty.api). Read-only: public projects
for everyone, restricted ones only for those who may see them (the same rule as the pages)."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.agreements.access import visible_agreements
from mosty.commitments.access import visible_commitments
from mosty.commitments.selectors import scorecard
from mosty.projects import access, selectors
from mosty.projects.models import PartnerRole, Project, ProjectKind, ProjectPartner, ProjectStatus
from mosty.projects.selectors import ProjectFilters
from mosty.territories.api import Names

router = Router(tags=["projects"])

MAX_ID = 2**63 - 1


class PartnerOut(Schema):
    kind: str = Field(description="region, settlement or organisation")
    id: int = Field(description="The region's, settlement's or organisation's id")
    region: str | None = Field(description="The code of the region the partner belongs to")
    role: PartnerRole
    names: Names

    @staticmethod
    def resolve_kind(obj: ProjectPartner) -> str:
        return "organisation" if obj.organisation_id else "settlement" if obj.settlement_id else "region"

    @staticmethod
    def resolve_id(obj: ProjectPartner) -> int:
        return int(obj.organisation_id or obj.settlement_id or obj.region_id or 0)

    @staticmethod
    def resolve_region(obj: ProjectPartner) -> str | None:
        region = (
            obj.region
            or (obj.settlement.region if obj.settlement else None)
            or (obj.organisation.region if obj.organisation else None)
        )
        return region.code if region is not None else None

    @staticmethod
    def resolve_names(obj: ProjectPartner) -> dict[str, str]:
        partner = obj.organisation or obj.settlement or obj.region
        return dict(partner.names) if partner is not None else {}


class ProjectOut(Schema):
    id: int
    title: str = Field(description="The title in its original language")
    kind: ProjectKind
    status: ProjectStatus
    period_start: datetime.date
    period_end: datetime.date | None
    budget: Decimal | None = Field(description="As recorded, in `currency`; never converted")
    currency: str
    restricted: bool
    sectors: list[str] = Field(description="OKVED 2 codes")
    partners: list[PartnerOut]
    milestones: int = Field(description="Milestones, cancelled ones left out")
    milestones_done: int
    milestones_overdue: int

    @staticmethod
    def resolve_restricted(obj: Project) -> bool:
        return not obj.is_public

    @staticmethod
    def resolve_sectors(obj: Project) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_partners(obj: Project) -> list[ProjectPartner]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_milestones(obj: Project) -> int:
        return int(getattr(obj, "milestones_total", 0) or 0)

    @staticmethod
    def resolve_milestones_done(obj: Project) -> int:
        return int(getattr(obj, "milestones_done", 0) or 0)

    @staticmethod
    def resolve_milestones_overdue(obj: Project) -> int:
        return int(getattr(obj, "milestones_overdue", 0) or 0)


class ScorecardOut(Schema):
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    planned: int
    cancelled: int
    achieved_percent: int | None


class ProjectDetailOut(ProjectOut):
    goals: str
    description: str
    results: str
    related_agreements: list[int] = Field(description="Ids of the related agreements the reader may see")
    scorecard: ScorecardOut

    @staticmethod
    def resolve_related_agreements(obj: Project) -> list[int]:
        return list(getattr(obj, "visible_agreement_ids", []))


class ProjectQuery(Schema):
    kind: ProjectKind | None = None
    status: ProjectStatus | None = None
    country: str | None = Field(None, max_length=2, description="A country's code: any partner in it")
    region: str | None = Field(None, max_length=12, description="A region's code: any partner in it")
    sector: str | None = Field(
        None, max_length=10, description="An OKVED 2 code; a section matches its divisions"
    )
    year: int | None = Field(None, ge=1900, le=2100, description="A year the project runs in")


@router.get("projects", response=list[ProjectOut])
@paginate(PageNumberPagination, page_size=50)
def project_list(request: HttpRequest, filters: Query[ProjectQuery]) -> QuerySet[Project]:
    """Cooperation projects and priority regional programmes, the latest started first, with their
    partners and milestone counts."""
    return selectors.project_list(
        access.visible_projects(request.user),
        ProjectFilters(
            kind=filters.kind or "",
            status=filters.status or "",
            country=filters.country or "",
            region=filters.region or "",
            sector=filters.sector or "",
            year=filters.year,
        ),
    )


@router.get("projects/{id}", response=ProjectDetailOut)
def project_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Project:
    """One project with its goals, results, related agreements and the scorecard of its milestones."""
    project = access.project_for_user(request.user, id)
    shown = selectors.project_list(Project.objects.filter(pk=project.pk), ProjectFilters()).get()
    milestones = visible_commitments(request.user, selectors.project_milestones(project))
    shown.scorecard = scorecard(milestones)  # type: ignore[attr-defined]
    agreements = visible_agreements(request.user, project.related_agreements.all()).order_by("pk")
    shown.visible_agreement_ids = list(agreements.values_list("pk", flat=True))  # type: ignore[attr-defined]
    return shown
