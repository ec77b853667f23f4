"""Agreements in the JSON API (mounted at /api/v1/ by mosty.api). Read-only: public agreements for
everyone, restricted ones only for those who may see them (the same rule as the pages)."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.agreements import access, selectors
from mosty.agreements.models import Agreement, AgreementKind, AgreementParty, AgreementStatus, Prolongation
from mosty.agreements.selectors import AgreementFilters
from mosty.commitments.access import visible_commitments
from mosty.commitments.selectors import scorecard
from mosty.territories.api import Names

router = Router(tags=["agreements"])

MAX_ID = 2**63 - 1


class PartyOut(Schema):
    kind: str = Field(description="region, settlement or organisation")
    id: int = Field(description="The region's, settlement's or organisation's id")
    region: str | None = Field(description="The code of the region the party belongs to")
    names: Names
    signatory_name: str
    signatory_position: str

    @staticmethod
    def resolve_kind(obj: AgreementParty) -> str:
        return "organisation" if obj.organisation_id else "settlement" if obj.settlement_id else "region"

    @staticmethod
    def resolve_id(obj: AgreementParty) -> int:
        return int(obj.organisation_id or obj.settlement_id or obj.region_id or 0)

    @staticmethod
    def resolve_region(obj: AgreementParty) -> str | None:
        region = (
            obj.region
            or (obj.settlement.region if obj.settlement else None)
            or (obj.organisation.region if obj.organisation else None)
        )
        return region.code if region is not None else None

    @staticmethod
    def resolve_names(obj: AgreementParty) -> dict[str, str]:
        party = obj.organisation or obj.settlement or obj.region
        return dict(party.names) if party is not None else {}


class AgreementOut(Schema):
    id: int
    number: str
    title: str = Field(description="The title as signed, in its original language")
    kind: AgreementKind
    status: AgreementStatus
    signed_on: datetime.date | None
    forum: int | None = Field(description="The id of the Forum of Regions where it was signed")
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    amount: Decimal | None = Field(description="As recorded, in `currency`; never converted")
    currency: str
    restricted: bool
    version: int = Field(description="Send it back with a PATCH: a stale version is refused with 409")
    sectors: list[str] = Field(description="OKVED 2 codes")
    parties: list[PartyOut]
    progress: float | None = Field(description="Weighted share of the commitments done, 0–100")
    commitments: int
    overdue_commitments: int

    @staticmethod
    def resolve_forum(obj: Agreement) -> int | None:
        return obj.event_id

    @staticmethod
    def resolve_currency(obj: Agreement) -> str:
        return obj.currency

    @staticmethod
    def resolve_restricted(obj: Agreement) -> bool:
        return not obj.is_public

    @staticmethod
    def resolve_sectors(obj: Agreement) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[AgreementParty]:
        return list(obj.parties.all())

    @staticmethod
    def resolve_progress(obj: Agreement) -> float | None:
        progress = getattr(obj, "progress", None)
        return None if progress is None else round(progress, 1)

    @staticmethod
    def resolve_commitments(obj: Agreement) -> int:
        return int(getattr(obj, "commitments_total", 0) or 0)

    @staticmethod
    def resolve_overdue_commitments(obj: Agreement) -> int:
        return int(getattr(obj, "overdue_count", 0) or 0)


class ScorecardOut(Schema):
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    planned: int
    cancelled: int
    achieved_percent: int | None


class AgreementDetailOut(AgreementOut):
    place: str
    prolongation: Prolongation
    description: str
    scorecard: ScorecardOut


class AgreementQuery(Schema):
    country: str | None = Field(None, max_length=2, description="A country's code: any party in it")
    region: str | None = Field(None, max_length=12, description="A region's code: any party in it")
    settlement: int | None = Field(None, ge=1, le=MAX_ID, description="A settlement's id")
    forum: int | None = Field(None, ge=1, le=MAX_ID, description="The forum's (event's) id")
    kind: AgreementKind | None = None
    status: AgreementStatus | None = None
    sector: str | None = Field(
        None, max_length=10, description="An OKVED 2 code; a section matches its divisions"
    )
    year: int | None = Field(None, ge=1900, le=2100, description="The year of signing")
    overdue: bool = Field(False, description="Only agreements with an overdue commitment")
    sort: str = Field(selectors.DEFAULT_SORT, pattern="^-?(signed|title|progress)$")


@router.get("agreements", response=list[AgreementOut])
@paginate(PageNumberPagination, page_size=50)
def agreement_list(request: HttpRequest, filters: Query[AgreementQuery]) -> QuerySet[Agreement]:
    """Agreements between the regions, municipalities and organisations of Russia and Belarus,
    the most recently signed first, with their parties and progress."""
    return selectors.agreement_list(
        access.visible_agreements(request.user),
        AgreementFilters(
            country=filters.country or "",
            region=filters.region or "",
            settlement=filters.settlement,
            forum=filters.forum,
            kind=filters.kind or "",
            status=filters.status or "",
            sector=filters.sector or "",
            year=filters.year,
            overdue_only=filters.overdue,
            sort=filters.sort,
        ),
    )


@router.get("agreements/{id}", response=AgreementDetailOut)
def agreement_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Agreement:
    """One agreement with its description and the scorecard of its action plan."""
    agreement = access.agreement_for_user(request.user, id)
    shown = selectors.agreement_list(Agreement.objects.filter(pk=agreement.pk), AgreementFilters()).get()
    commitments = visible_commitments(request.user, selectors.agreement_commitments(agreement))
    shown.scorecard = scorecard(commitments)  # type: ignore[attr-defined]
    return shown
