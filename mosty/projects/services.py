"""Every change of a project: permission, validation, the write and its audit row, in one transaction.

Pages, the API and demo data call these; none of them writes the models directly. A refused change
saves nothing: each service is atomic and validates everything before the first write. Milestones
are commitments of the engine (mosty.commitments.services), created with `may_manage=True` once this
app's own rule (access.may_edit) has let the actor in.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.agreements import access as agreement_access
from mosty.agreements.models import Agreement
from mosty.commitments import services as commitment_services
from mosty.commitments.models import Commitment, ReportEvery
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.lib.sanitize import plain_text
from mosty.money.models import Currency
from mosty.organisations.models import Organisation
from mosty.projects import access
from mosty.projects.models import (
    ENDS_BEFORE_START,
    PARTNER_TWICE,
    SOURCE_KIND,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    Visibility,
    can_transition,
)
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

MAY_NOT_CREATE = _(
    "You may record projects only with a partner in the region you coordinate, or led by an "
    "organisation you represent."
)
MAY_NOT_EDIT = _("You may not edit this project.")
NO_PARTNERS = _("A project has at least one partner.")
NO_LEAD = _("Name the lead partner of the project.")
PARTNER_NOT_FOUND = _("The partner “%(value)s” does not exist.")
PARTNER_ONE_KIND = _("Name each partner as exactly one of: a region, a settlement or an organisation.")
UNKNOWN_ROLE = _("“%(value)s” is not a partner role Mosty knows.")
UNKNOWN_CURRENCY = _("“%(value)s” is not a currency Mosty knows: use RUB, BYN, USD or EUR.")
NEGATIVE_BUDGET = _("The budget cannot be negative.")
CURRENCY_NEEDED = _("Give the currency of the budget.")
BUDGET_NEEDED = _("A currency is given without a budget.")
DEADLINE_NEEDED = _("Give the milestone's deadline.")
DEADLINE_BEFORE_START = _("A milestone cannot be due before the project starts (%(start)s).")
START_AFTER_MILESTONE = _("A milestone of the project is due before this date: move it first.")
RESPONSIBLE_NEEDED = _("Name the responsible organisation or region.")
CONFLICT = _(
    "Someone else has changed this project since you opened it. Your changes were not saved: "
    "look at the current version and make them again."
)
TRANSITION_NOT_ALLOWED = _("A project that is “%(current)s” cannot become “%(new)s”.")
AGREEMENT_NOT_FOUND = _("There is no such agreement.")
AGREEMENT_ALREADY_LINKED = _("This agreement is already linked to the project.")

# What project_update accepts; status, partners, milestones and agreements have their own services.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "goals",
        "description",
        "period_start",
        "period_end",
        "budget",
        "currency",
        "results",
        "sectors",
        "visibility",
    }
)
_PLAIN_TEXT_FIELDS = ("title", "goals", "description", "results")


@dataclass(frozen=True)
class PartnerInput:
    """One partner as a form gives it: exactly one of region, settlement, organisation, and a role."""

    region: Region | None = None
    settlement: Settlement | None = None
    organisation: Organisation | None = None
    role: str = PartnerRole.PARTNER

    @property
    def key(self) -> tuple[str, int | None]:
        if self.organisation is not None:
            return ("organisation", self.organisation.pk)
        if self.settlement is not None:
            return ("settlement", self.settlement.pk)
        return ("region", self.region.pk if self.region is not None else None)

    @property
    def region_id(self) -> int | None:
        if self.region is not None:
            return self.region.pk
        if self.settlement is not None:
            return self.settlement.region_id
        if self.organisation is not None:
            return self.organisation.region_id
        return None


def _row_key(row: ProjectPartner) -> tuple[str, int | None]:
    if row.organisation_id is not None:
        return ("organisation", row.organisation_id)
    if row.settlement_id is not None:
        return ("settlement", row.settlement_id)
    return ("region", row.region_id)


# --- Checks that come before any write -------------------------------------------------------------


def _check_money(budget: decimal.Decimal | None, currency: str) -> None:
    if currency and currency not in Currency.values:
        raise ValidationError({"currency": ValidationError(UNKNOWN_CURRENCY, params={"value": currency})})
    if budget is not None and budget < 0:
        raise ValidationError({"budget": ValidationError(NEGATIVE_BUDGET, code="negative")})
    if budget is not None and not currency:
        raise ValidationError({"currency": ValidationError(CURRENCY_NEEDED, code="required")})
    if budget is None and currency:
        raise ValidationError({"budget": ValidationError(BUDGET_NEEDED, code="required")})


def _check_period(start: datetime.date | None, end: datetime.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({"period_end": ValidationError(ENDS_BEFORE_START, code="ends_before_start")})


def _check_partner(partner: PartnerInput) -> None:
    given = [
        value for value in (partner.region, partner.settlement, partner.organisation) if value is not None
    ]
    if len(given) != 1:
        raise ValidationError(PARTNER_ONE_KIND, code="partner_kind")
    if partner.role not in PartnerRole.values:
        raise ValidationError(UNKNOWN_ROLE, code="unknown_role", params={"value": partner.role})
    # A forged id or an object deleted meanwhile: a plain refusal, nothing saved.
    value = given[0]
    if value.pk is None or not type(value)._default_manager.filter(pk=value.pk).exists():
        raise ValidationError(PARTNER_NOT_FOUND, code="partner_not_found", params={"value": str(value)})


def _check_partners(partners: Sequence[PartnerInput]) -> None:
    if not partners:
        raise ValidationError(NO_PARTNERS, code="no_partners")
    for partner in partners:
        _check_partner(partner)
    keys = [partner.key for partner in partners]
    if len(set(keys)) != len(keys):
        raise ValidationError(PARTNER_TWICE, code="partner_twice")
    if not any(partner.role == PartnerRole.LEAD for partner in partners):
        raise ValidationError(NO_LEAD, code="no_lead")


def _lock_version(project: Project, expected_version: int) -> None:
    """Lock the row and compare versions: the second of two editors is refused, never written over."""
    stored = Project.objects.select_for_update().filter(pk=project.pk).values_list("version", flat=True)
    if list(stored) != [expected_version]:
        raise ApplicationError(str(CONFLICT), code="conflict", status=409)


def _bump_version(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)
    project.version += 1


def _stored_partners(project: Project) -> list[ProjectPartner]:
    return list(
        ProjectPartner.objects.filter(project=project).select_related("region", "settlement", "organisation")
    )


def sync_milestone_audience(project: Project, *, actor: User | None = None) -> int:
    """Give the project's milestones its visibility: public, or only the partners (their regions'
    coordinators, the partner organisations' representatives) and the commission."""
    partners = _stored_partners(project)
    return commitment_services.commitments_set_audience(
        source_kind=SOURCE_KIND,
        source_id=project.pk,
        is_public=project.visibility == Visibility.PUBLIC,
        regions=Region.objects.filter(pk__in=access.partner_region_ids(partners)).order_by("pk"),
        organisations=Organisation.objects.filter(pk__in=access.partner_organisation_ids(partners)).order_by(
            "pk"
        ),
        actor=actor,
    )


def _add_partner(
    *, actor: User | None, project: Project, partner: PartnerInput, order: int
) -> ProjectPartner:
    row = ProjectPartner(
        project=project,
        region=partner.region,
        settlement=partner.settlement,
        organisation=partner.organisation,
        role=partner.role,
        order=order,
    )
    row.full_clean()
    row.save()
    record(actor=actor, instance=row, action=AuditEntry.Action.CREATE)
    return row


# --- Projects ----------------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: User | None,
    title: str,
    period_start: datetime.date,
    partners: Sequence[PartnerInput],
    kind: str = "project",
    period_end: datetime.date | None = None,
    goals: str = "",
    description: str = "",
    budget: decimal.Decimal | None = None,
    currency: str = "",
    results: str = "",
    sectors: Iterable[Sector] = (),
    visibility: str = Visibility.PUBLIC,
    may_manage: bool = False,
) -> Project:
    """A new project (planned) with its partners: at least one, and a lead among them. `actor=None`
    only with `may_manage=True` (demo data run by the operators)."""
    _check_partners(partners)
    if not may_manage and (
        actor is None
        or not access.may_write_with(
            actor,
            region_ids=filter(None, (partner.region_id for partner in partners)),
            lead_organisation_ids=[
                partner.organisation.pk
                for partner in partners
                if partner.organisation is not None and partner.role == PartnerRole.LEAD
            ],
        )
    ):
        raise PermissionDenied(MAY_NOT_CREATE)
    _check_money(budget, currency)
    _check_period(period_start, period_end)
    project = Project(
        kind=kind,
        title=plain_text(title),
        goals=plain_text(goals),
        description=plain_text(description),
        period_start=period_start,
        period_end=period_end,
        budget=budget,
        currency=currency,
        results=plain_text(results),
        visibility=visibility,
        status=ProjectStatus.PLANNED,
        created_by=actor,
    )
    project.full_clean()
    project.save()
    project.sectors.set(list(sectors))
    record(actor=actor, instance=project, action=AuditEntry.Action.CREATE)
    for order, partner in enumerate(partners):
        _add_partner(actor=actor, project=project, partner=partner, order=order)
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, expected_version: int, **fields: Any) -> Project:
    """Change the editable fields given (`sectors` replaces the whole set); one audit row. Refused
    with CONFLICT when the project changed since `expected_version` was read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"project_update() does not change: {', '.join(sorted(unknown))}")
    if not access.may_edit(actor, project):
        raise PermissionDenied(MAY_NOT_EDIT)
    _lock_version(project, expected_version)
    project.refresh_from_db()
    before = snapshot(project)
    _check_money(fields.get("budget", project.budget), fields.get("currency", project.currency))
    start = fields.get("period_start", project.period_start)
    _check_period(start, fields.get("period_end", project.period_end))
    if start is not None and start > project.period_start:
        earlier = Commitment.objects.filter(source_kind=SOURCE_KIND, source_id=project.pk, deadline__lt=start)
        if earlier.exists():
            raise ValidationError(
                {"period_start": ValidationError(START_AFTER_MILESTONE, code="after_milestone")}
            )
    sectors = fields.pop("sectors", None)
    for name, value in fields.items():
        setattr(project, name, plain_text(value) if name in _PLAIN_TEXT_FIELDS else value)
    try:
        project.full_clean()
    except ValidationError:
        project.refresh_from_db()  # the caller's object shows what is stored, not the refused values
        raise
    project.version += 1
    project.save()
    if sectors is not None:
        project.sectors.set(list(sectors))
    record(actor=actor, instance=project, action=AuditEntry.Action.UPDATE, before=before)
    if before["visibility"] != project.visibility:
        sync_milestone_audience(project, actor=actor)
    return project


@transaction.atomic
def project_set_status(*, actor: User, project: Project, status: str, expected_version: int) -> Project:
    """Move the project to `status` as the TRANSITIONS table allows."""
    if not access.may_edit(actor, project):
        raise PermissionDenied(MAY_NOT_EDIT)
    _lock_version(project, expected_version)
    project.refresh_from_db()
    current = project.status
    if status not in ProjectStatus.values or not can_transition(current, status):
        new_label = ProjectStatus(status).label if status in ProjectStatus.values else status
        raise ApplicationError(
            str(TRANSITION_NOT_ALLOWED % {"current": ProjectStatus(current).label, "new": new_label}),
            code="transition_not_allowed",
        )
    before = snapshot(project)
    project.status = status
    project.version += 1
    project.full_clean()
    project.save(update_fields=["status", "version", "updated_at"])
    record(actor=actor, instance=project, action=AuditEntry.Action.UPDATE, before=before)
    return project


@transaction.atomic
def project_add_partner(
    *, actor: User, project: Project, partner: PartnerInput, expected_version: int | None = None
) -> ProjectPartner:
    """One more partner; the project's milestones become visible to it if the project is restricted."""
    if not access.may_edit(actor, project):
        raise PermissionDenied(MAY_NOT_EDIT)
    if expected_version is not None:
        _lock_version(project, expected_version)
    _check_partner(partner)
    existing = _stored_partners(project)
    if partner.key in {_row_key(row) for row in existing}:
        raise ValidationError(PARTNER_TWICE, code="partner_twice")
    order = max((row.order for row in existing), default=-1) + 1
    row = _add_partner(actor=actor, project=project, partner=partner, order=order)
    _bump_version(project)
    sync_milestone_audience(project, actor=actor)
    return row


@transaction.atomic
def project_add_milestone(
    *,
    actor: User | None,
    project: Project,
    title: str,
    deadline: datetime.date | None,
    responsible_organisation: Organisation | None = None,
    responsible_region: Region | None = None,
    counterpart_organisation: Organisation | None = None,
    counterpart_region: Region | None = None,
    report_every: str = ReportEvery.NONE,
    indicator_unit: str = "",
    planned_value: decimal.Decimal | None = None,
    weight: int = 1,
    co_executors: Iterable[Organisation] = (),
    description: str = "",
    may_manage: bool = False,
) -> Commitment:
    """A milestone of the project: a commitment of the engine due on or after the project's start,
    with the project's visibility. The project's editors may give it to any responsible party, and
    where both sides act to a responsible party on the other side as well (`counterpart_*`)."""
    if not may_manage and (actor is None or not access.may_edit(actor, project)):
        raise PermissionDenied(MAY_NOT_EDIT)
    if responsible_organisation is None and responsible_region is None:
        raise ValidationError(
            {"responsible_organisation": ValidationError(RESPONSIBLE_NEEDED, code="required")}
        )
    if deadline is None:
        raise ValidationError({"deadline": ValidationError(DEADLINE_NEEDED, code="required")})
    if deadline < project.period_start:
        raise ValidationError(
            {
                "deadline": ValidationError(
                    DEADLINE_BEFORE_START,
                    code="deadline_before_start",
                    params={"start": project.period_start.isoformat()},
                )
            }
        )
    partners = _stored_partners(project)
    restricted = project.visibility != Visibility.PUBLIC
    region_ids = access.partner_region_ids(partners) if restricted else set()
    organisation_ids = access.partner_organisation_ids(partners) if restricted else set()
    return commitment_services.commitment_create(
        actor=actor,
        may_manage=True,
        source_kind=SOURCE_KIND,
        source_id=project.pk,
        title=title,
        responsible_organisation=responsible_organisation,
        responsible_region=responsible_region,
        counterpart_organisation=counterpart_organisation,
        counterpart_region=counterpart_region,
        deadline=deadline,
        report_every=report_every,
        indicator_unit=indicator_unit,
        planned_value=planned_value,
        weight=weight,
        co_executors=co_executors,
        description=description,
        is_public=not restricted,
        audience_regions=Region.objects.filter(pk__in=region_ids).order_by("pk"),
        audience_organisations=Organisation.objects.filter(pk__in=organisation_ids).order_by("pk"),
    )


@transaction.atomic
def project_link_agreement(
    *, actor: User, project: Project, agreement: Agreement, expected_version: int | None = None
) -> Project:
    """Link an agreement the project carries out. The actor must be able to see the agreement: a
    restricted agreement is linked only by those who know of it (and is shown only to them)."""
    if not access.may_edit(actor, project):
        raise PermissionDenied(MAY_NOT_EDIT)
    if not agreement_access.visible_agreements(actor, Agreement.objects.filter(pk=agreement.pk)).exists():
        raise ValidationError({"agreement": ValidationError(AGREEMENT_NOT_FOUND, code="not_found")})
    if expected_version is not None:
        _lock_version(project, expected_version)
    project.refresh_from_db()
    if project.related_agreements.filter(pk=agreement.pk).exists():
        raise ValidationError({"agreement": ValidationError(AGREEMENT_ALREADY_LINKED, code="linked")})
    before = snapshot(project)
    project.related_agreements.add(agreement)
    _bump_version(project)
    record(actor=actor, instance=project, action=AuditEntry.Action.UPDATE, before=before)
    return project


@transaction.atomic
def project_unlink_agreement(*, actor: User, project: Project, agreement: Agreement) -> Project:
    """Take an agreement off the project's related agreements."""
    if not access.may_edit(actor, project):
        raise PermissionDenied(MAY_NOT_EDIT)
    project.refresh_from_db()
    before = snapshot(project)
    project.related_agreements.remove(agreement)
    if snapshot(project) != before:
        _bump_version(project)
        record(actor=actor, instance=project, action=AuditEntry.Action.UPDATE, before=before)
    return project
