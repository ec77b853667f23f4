"""Cooperation projects and priority regional programmes: partners, goals, budget, period, results.

Their milestones are commitments of the one engine (mosty.commitments) with source_kind "project"
and source_id the project's id; the project's scorecard and timeline are read from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.money.models import Currency

# The engine's source_kind of a project's milestones.
SOURCE_KIND = "project"

TEXT_MAX_LENGTH = 20_000

ENDS_BEFORE_START = _("A project cannot end before it starts.")
NEGATIVE_BUDGET = _("The budget cannot be negative.")
CURRENCY_WITH_BUDGET = _("Give the currency of the budget, and a currency only with a budget.")
ONE_PARTNER_KIND = _("A partner is exactly one of: a region, a settlement or an organisation.")
PARTNER_TWICE = _("The same partner is named twice.")


class ProjectKind(models.TextChoices):
    COOPERATION_PROJECT = "project", _("cooperation project")
    PRIORITY_PROGRAMME = "programme", _("priority regional programme")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted to the partners and the commission")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    SUSPENDED = "suspended", _("suspended")
    CANCELLED = "cancelled", _("cancelled")


# The lifecycle: planned → in progress → completed / suspended / cancelled; a suspended project
# resumes (in progress) or is cancelled; a planned one may be cancelled before it starts.
# Completed and cancelled are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    ProjectStatus.PLANNED: frozenset({ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED}),
    ProjectStatus.IN_PROGRESS: frozenset(
        {ProjectStatus.COMPLETED, ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED}
    ),
    ProjectStatus.SUSPENDED: frozenset({ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED}),
    ProjectStatus.COMPLETED: frozenset(),
    ProjectStatus.CANCELLED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    """Whether a project in status `current` may move to `new` (the one predicate over TRANSITIONS)."""
    return new in TRANSITIONS.get(current, frozenset())


class Project(models.Model):
    kind = models.CharField(
        _("kind"), max_length=12, choices=ProjectKind.choices, default=ProjectKind.COOPERATION_PROJECT
    )
    title = models.CharField(_("title"), max_length=500)
    goals = models.TextField(_("goals"), blank=True, max_length=TEXT_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    period_start = models.DateField(_("starts on"))
    period_end = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty for a programme without an end date.")
    )
    budget = models.DecimalField(_("budget"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    results = models.TextField(_("results"), blank=True, max_length=TEXT_MAX_LENGTH)
    sectors = models.ManyToManyField(
        "sectors.Sector", verbose_name=_("sectors"), blank=True, related_name="projects"
    )
    related_agreements = models.ManyToManyField(
        "agreements.Agreement", verbose_name=_("related agreements"), blank=True, related_name="projects"
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Optimistic locking: every change adds one; a change made against an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-period_start", "-id"]
        indexes = [
            # The list's order: ORDER BY period_start DESC, id DESC.
            models.Index(fields=["-period_start", "-id"], name="project_period_idx"),
            # The status filter.
            models.Index(fields=["status"], name="project_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="project_end_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message=NEGATIVE_BUDGET,
            ),
            models.CheckConstraint(
                condition=(models.Q(budget__isnull=True) & models.Q(currency=""))
                | (models.Q(budget__isnull=False) & ~models.Q(currency="")),
                name="project_currency_iff_budget",
                violation_error_message=CURRENCY_WITH_BUDGET,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")
    CO_EXECUTOR = "co_executor", _("co-executor")


class ProjectPartner(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_partners",
    )
    settlement = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_partners",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_partners",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["project", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(region__isnull=False, settlement__isnull=True, organisation__isnull=True)
                    | models.Q(region__isnull=True, settlement__isnull=False, organisation__isnull=True)
                    | models.Q(region__isnull=True, settlement__isnull=True, organisation__isnull=False)
                ),
                name="project_partner_exactly_one",
                violation_error_message=ONE_PARTNER_KIND,
            ),
            # Each region, settlement or organisation once per project (a partner has one role).
            models.UniqueConstraint(
                fields=["project", "region"],
                condition=models.Q(region__isnull=False),
                name="project_partner_region_once",
                violation_error_message=PARTNER_TWICE,
            ),
            models.UniqueConstraint(
                fields=["project", "settlement"],
                condition=models.Q(settlement__isnull=False),
                name="project_partner_settlement_once",
                violation_error_message=PARTNER_TWICE,
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="project_partner_org_once",
                violation_error_message=PARTNER_TWICE,
            ),
        ]
        indexes = [
            # The list's territory filters and access: WHERE region_id = ? / organisation_id = ?.
            models.Index(fields=["region"], name="project_partner_region_idx"),
            models.Index(fields=["organisation"], name="project_partner_org_idx"),
        ]

    def __str__(self) -> str:
        return str(self.partner)

    @property
    def partner(self) -> object:
        return self.organisation or self.settlement or self.region

    @property
    def region_id_of_partner(self) -> int | None:
        """The region the partner belongs to (the settlement's or organisation's region for those)."""
        if self.region_id is not None:
            return self.region_id
        if self.settlement is not None:
            return self.settlement.region_id
        if self.organisation is not None:
            return self.organisation.region_id
        return None
