"""The one commitment engine: what someone promised to do, by when, how it is going, and the proof.

Agreements, event decisions, initiatives and projects attach their commitments by (source_kind,
source_id); the engine knows nothing of them. The timeline of a commitment is not a table of its
own: it is read from the audit rows and the progress reports (see selectors.commitment_timeline).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from mosty.organisations.models import Organisation
    from mosty.territories.models import Country, Region

TEXT_MAX_LENGTH = 10_000
LINKS_MAX = 20

NOT_A_LINK = _("“%(value)s” is not a web address starting with http:// or https://.")
TOO_MANY_LINKS = _("At most %(limit)d links are accepted.")

COUNTERPART_SAME_COUNTRY = _("The responsible party on the other side must be in the other country.")
COUNTERPART_SAME_PARTY = _("The responsible party on the other side cannot be the first responsible party.")

_LINK = URLValidator(schemes=["http", "https"])


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    OVERDUE = "overdue", _("overdue")
    CANCELLED = "cancelled", _("cancelled")


# Which status may follow which. Overdue is set by the daily job when the deadline passes; it is
# left for "planned" or "in progress" only when the deadline has been moved (the services check
# that), for "done" by an accepted report. A done commitment may be reopened, a cancelled one restored.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.DONE, Status.OVERDUE, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.DONE, Status.OVERDUE, Status.CANCELLED}),
    Status.OVERDUE: frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),
    Status.CANCELLED: frozenset({Status.PLANNED}),
}

# Statuses of a commitment still to be kept: reminders and overdue marking look at these.
OPEN_STATUSES = frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.OVERDUE})


def can_transition(current: str, new: str) -> bool:
    """Whether a commitment in status `current` may move to `new` (the one predicate over TRANSITIONS)."""
    return new in TRANSITIONS.get(current, frozenset())


class ReportEvery(models.TextChoices):
    NONE = "none", _("no regular reports")
    MONTH = "month", _("every month")
    QUARTER = "quarter", _("every quarter")
    HALF_YEAR = "half_year", _("every half-year")
    YEAR = "year", _("every year")


# Months between two reports due on each schedule.
REPORT_MONTHS = {ReportEvery.MONTH: 1, ReportEvery.QUARTER: 3, ReportEvery.HALF_YEAR: 6, ReportEvery.YEAR: 12}


class Commitment(models.Model):
    title = models.CharField(_("what is promised"), max_length=500)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
    )
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    responsible_region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("responsible region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    # Where both sides act, the responsible party on the other side (in the other country).
    counterpart_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible party on the other side (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_commitments",
    )
    counterpart_region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("responsible party on the other side (region)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_commitments",
    )
    co_executors = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("co-executors"),
        blank=True,
        related_name="co_executed_commitments",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    report_every = models.CharField(
        _("reports due"), max_length=12, choices=ReportEvery.choices, default=ReportEvery.NONE
    )
    next_report_due = models.DateField(_("next report due"), null=True, blank=True, editable=False)
    indicator_unit = models.CharField(
        _("indicator unit"),
        max_length=60,
        blank=True,
        help_text=_("For example: events, tonnes, million roubles."),
    )
    planned_value = models.DecimalField(
        _("planned value"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual_value = models.DecimalField(
        _("actual value"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How much this commitment counts in scorecards compared with the others of its source."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    source_kind = models.CharField(
        _("source kind"), max_length=40, help_text=_("What the commitment belongs to, e.g. agreement.")
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    is_public = models.BooleanField(_("public"), default=True)
    audience_regions = models.ManyToManyField(
        "territories.Region",
        verbose_name=_("visible to coordinators of"),
        blank=True,
        related_name="+",
    )
    audience_organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("visible to representatives of"),
        blank=True,
        related_name="+",
    )
    # Optimistic locking: every change adds one; a change made against an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["deadline", "id"]
        indexes = [
            # The source's page lists its commitments: WHERE source_kind=? AND source_id=?.
            models.Index(fields=["source_kind", "source_id"], name="commitment_source_idx"),
            # The daily job: WHERE status IN (...) AND deadline < ? (overdue marking and reminders).
            models.Index(fields=["status", "deadline"], name="commitment_status_deadline_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responsible_organisation__isnull=False)
                | models.Q(responsible_region__isnull=False),
                name="commitment_has_responsible",
                violation_error_message=_("Name the responsible organisation or region."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(counterpart_organisation__isnull=True)
                    | models.Q(responsible_organisation__isnull=True)
                    | ~models.Q(counterpart_organisation=models.F("responsible_organisation"))
                )
                & (
                    models.Q(counterpart_region__isnull=True)
                    | models.Q(responsible_region__isnull=True)
                    | ~models.Q(counterpart_region=models.F("responsible_region"))
                ),
                name="commitment_counterpart_not_first_party",
                violation_error_message=COUNTERPART_SAME_PARTY,
            ),
            models.CheckConstraint(
                condition=models.Q(planned_value__isnull=True) | models.Q(planned_value__gte=0),
                name="commitment_planned_not_negative",
                violation_error_message=_("The planned value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(actual_value__isnull=True) | models.Q(actual_value__gte=0),
                name="commitment_actual_not_negative",
                violation_error_message=_("The actual value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1),
                name="commitment_weight_positive",
                violation_error_message=_("The weight must be at least 1."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="commitment_done_has_date",
                violation_error_message=_("A done commitment needs the date it was completed."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Where a counterpart is named, it acts for the other side: the other country."""
        super().clean()
        if self.counterpart_organisation_id is None and self.counterpart_region_id is None:
            return
        sides = self.responsible_sides()
        if len(sides) < 2:
            return
        first, other = sides[0].country_ids(), sides[1].country_ids()
        if first and other and first & other:
            name = "counterpart_organisation" if self.counterpart_organisation_id else "counterpart_region"
            raise ValidationError({name: ValidationError(COUNTERPART_SAME_COUNTRY, code="same_country")})

    def responsible_sides(self) -> list[Side]:
        """The responsible party of each side that acts: the first one, then the other side's if named."""
        sides = [Side(self.responsible_organisation, self.responsible_region)]
        if self.counterpart_organisation_id is not None or self.counterpart_region_id is not None:
            sides.append(Side(self.counterpart_organisation, self.counterpart_region))
        return [side for side in sides if side]

    def responsible_parties(self) -> list[Organisation | Region]:
        """Every responsible organisation and region named, the first side's first."""
        return [party for side in self.responsible_sides() for party in side.parties]

    def responsible_organisation_ids(self) -> set[int]:
        return {
            pk
            for pk in (self.responsible_organisation_id, self.counterpart_organisation_id)
            if pk is not None
        }

    def responsible_region_ids(self) -> set[int]:
        """The regions named responsible (not the regions of the responsible organisations)."""
        return {pk for pk in (self.responsible_region_id, self.counterpart_region_id) if pk is not None}

    def responsible_area_region_ids(self) -> set[int]:
        """The regions whose coordinators answer for the commitment: the regions named responsible and
        the regions of the responsible organisations (reads the organisations: select them related)."""
        regions = self.responsible_region_ids()
        for organisation in (self.responsible_organisation, self.counterpart_organisation):
            if organisation is not None:
                regions.add(organisation.region_id)
        return regions

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def progress_percent(self) -> int | None:
        """How much of the planned value is achieved, 0–100; None without a planned value."""
        if not self.planned_value:
            return None
        actual = self.actual_value or 0
        return int(min(actual, self.planned_value) * 100 / self.planned_value)

    @property
    def done_late(self) -> bool:
        return (
            self.status == Status.DONE
            and self.deadline is not None
            and self.completed_on is not None
            and self.completed_on > self.deadline
        )


@dataclass(frozen=True)
class Side:
    """The responsible party of one side: an organisation, a region, or both."""

    organisation: Organisation | None
    region: Region | None

    def __bool__(self) -> bool:
        return self.organisation is not None or self.region is not None

    @property
    def parties(self) -> list[Organisation | Region]:
        return [party for party in (self.organisation, self.region) if party is not None]

    @property
    def country(self) -> Country | None:
        """The side's country: its region's, or its organisation's region's."""
        if self.region is not None:
            return self.region.country
        if self.organisation is not None:
            return self.organisation.region.country
        return None

    def country_ids(self) -> set[int]:
        ids = set()
        if self.region is not None:
            ids.add(self.region.country_id)
        if self.organisation is not None:
            ids.add(self.organisation.region.country_id)
        return ids


def validate_links(value: Any) -> None:
    if not isinstance(value, list):
        raise ValidationError(NOT_A_LINK, code="invalid_link", params={"value": value})
    if len(value) > LINKS_MAX:
        raise ValidationError(TOO_MANY_LINKS, code="too_many_links", params={"limit": LINKS_MAX})
    for link in value:
        if not isinstance(link, str) or len(link) > 500:
            raise ValidationError(NOT_A_LINK, code="invalid_link", params={"value": link})
        try:
            _LINK(link)
        except ValidationError:
            raise ValidationError(NOT_A_LINK, code="invalid_link", params={"value": link}) from None


class ProgressReport(models.Model):
    class ReviewStatus(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting verification")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField(_("report date"))
    text = models.TextField(
        _("what has been done"), max_length=TEXT_MAX_LENGTH, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    actual_value = models.DecimalField(
        _("actual value"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    marks_done = models.BooleanField(
        _("the commitment is fulfilled"),
        default=False,
        help_text=_("Once the report is accepted, the commitment counts as done."),
    )
    links = models.JSONField(_("links"), default=list, blank=True, validators=[validate_links])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("verification"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    review_comment = models.TextField(
        _("verifier's comment"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]
        indexes = [
            # A commitment's reports, newest first: WHERE commitment_id=? ORDER BY reported_on DESC.
            models.Index(fields=["commitment", "-reported_on"], name="report_commitment_idx"),
            # The verifiers' queue: WHERE status='submitted'.
            models.Index(fields=["status", "created_at"], name="report_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actual_value__isnull=True) | models.Q(actual_value__gte=0),
                name="report_actual_not_negative",
                violation_error_message=_("The actual value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="submitted") | models.Q(reviewed_at__isnull=False),
                name="report_reviewed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} — {self.reported_on:%Y-%m-%d}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """evidence/<year>/<month>/<random>.<ext>: the stored name tells nothing and cannot be guessed;
    the original name is kept in the row and given back on download."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return timezone.now().strftime("evidence/%Y/%m/") + uuid.uuid4().hex + extension


class Evidence(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """The log of reminders sent: a row is written before the message goes out, and its unique key
    makes sure each one goes out once."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before_deadline", _("deadline approaching")
        OVERDUE = "overdue", _("overdue")
        ESCALATION_COORDINATOR = "escalation_coordinator", _("escalated to the coordinator")
        ESCALATION_COMMISSION = "escalation_commission", _("escalated to the commission")
        REPORT_DUE = "report_due", _("report due")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    due_date = models.DateField(_("about the date"), help_text=_("The deadline or report date it is about."))
    # Days before the date for the reminders sent ahead (14, 3, ...); 0 for the others.
    step = models.PositiveSmallIntegerField(_("days before"), default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # Each reminder exactly once, also when two workers run the job: the job inserts this row
            # first and sends only when its insert created it.
            models.UniqueConstraint(
                fields=["commitment", "kind", "due_date", "step", "recipient"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.commitment_id} → {self.recipient_id}"
