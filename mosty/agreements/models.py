"""Agreements signed between regions, municipalities and organisations of Russia and Belarus.

Their action plans are commitments of the one engine (mosty.commitments) with source_kind
"agreement" and source_id the agreement's id; the agreement's progress is read from them.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.money.models import Currency

# The engine's source_kind of an agreement's commitments.
SOURCE_KIND = "agreement"

DUPLICATE_NUMBER = _("An agreement with this number is already recorded for this forum.")
ENDS_BEFORE_START = _("An agreement cannot be valid until a date before it comes into force.")
NEGATIVE_AMOUNT = _("The amount cannot be negative.")
CURRENCY_WITH_AMOUNT = _("Give the currency of the amount, and a currency only with an amount.")
ONE_PARTY_KIND = _("A party is exactly one of: a region, a settlement or an organisation.")
SIGNED_WITHOUT_DATE = _("A signed agreement needs the date it was signed.")


class AgreementKind(models.TextChoices):
    BETWEEN_REGIONS = "regions", _("between regions")
    BETWEEN_MUNICIPALITIES = "municipalities", _("between municipalities")
    BETWEEN_ORGANISATIONS = "organisations", _("between organisations")
    TRADE_CONTRACT = "trade_contract", _("trade and economic contract")
    MEMORANDUM = "memorandum", _("memorandum")
    ACTION_PLAN = "action_plan", _("action plan / roadmap")


class Prolongation(models.TextChoices):
    NONE = "none", _("none")
    AUTOMATIC = "automatic", _("automatic")
    BY_AGREEMENT = "by_agreement", _("by agreement of the parties")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted to the parties and the commission")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    COMPLETED = "completed", _("completed")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


# The lifecycle: draft → signed → in force → completed / expired / terminated. A signed agreement
# may also be terminated or expire before it comes into force; the last three are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.SIGNED}),
    AgreementStatus.SIGNED: frozenset(
        {AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}
    ),
    AgreementStatus.IN_FORCE: frozenset(
        {AgreementStatus.COMPLETED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}
    ),
    AgreementStatus.COMPLETED: frozenset(),
    AgreementStatus.EXPIRED: frozenset(),
    AgreementStatus.TERMINATED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    """Whether an agreement in status `current` may move to `new` (the one predicate over TRANSITIONS)."""
    return new in TRANSITIONS.get(current, frozenset())


class Agreement(models.Model):
    number = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, help_text=_("Empty for a draft."))
    place = models.CharField(_("place of signing"), max_length=300, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"kind": "forum"},
        help_text=_("The Forum of Regions where it was signed, if any."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    prolongation = models.CharField(
        _("prolongation"), max_length=20, choices=Prolongation.choices, default=Prolongation.NONE
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    sectors = models.ManyToManyField(
        "sectors.Sector", verbose_name=_("sectors"), blank=True, related_name="agreements"
    )
    description = models.TextField(_("description"), blank=True, max_length=20000)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
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
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = [models.F("signed_on").desc(nulls_last=True), "-id"]
        indexes = [
            # The list's default order: ORDER BY signed_on DESC, id DESC.
            models.Index(fields=["-signed_on", "-id"], name="agreement_signed_idx"),
            # Filters by status and kind.
            models.Index(fields=["status"], name="agreement_status_idx"),
        ]
        constraints = [
            # Also the index of the forum page: WHERE event_id = ?.
            models.UniqueConstraint(
                fields=["event", "number"],
                condition=~models.Q(number=""),
                name="agreement_unique_number_per_forum",
                violation_error_message=DUPLICATE_NUMBER,
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="agreement_amount_not_negative",
                violation_error_message=NEGATIVE_AMOUNT,
            ),
            models.CheckConstraint(
                condition=(models.Q(amount__isnull=True) & models.Q(currency=""))
                | (models.Q(amount__isnull=False) & ~models.Q(currency="")),
                name="agreement_currency_iff_amount",
                violation_error_message=CURRENCY_WITH_AMOUNT,
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
                violation_error_message=SIGNED_WITHOUT_DATE,
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} {self.title}" if self.number else self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class AgreementParty(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    settlement = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(region__isnull=False, settlement__isnull=True, organisation__isnull=True)
                    | models.Q(region__isnull=True, settlement__isnull=False, organisation__isnull=True)
                    | models.Q(region__isnull=True, settlement__isnull=True, organisation__isnull=False)
                ),
                name="agreement_party_exactly_one",
                violation_error_message=ONE_PARTY_KIND,
            ),
        ]
        indexes = [
            # The list's territory filters: WHERE region_id = ? / settlement_id = ? / organisation_id = ?.
            models.Index(fields=["region"], name="agreement_party_region_idx"),
            models.Index(fields=["organisation"], name="agreement_party_org_idx"),
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def party(self) -> object:
        return self.organisation or self.settlement or self.region

    @property
    def region_id_of_party(self) -> int | None:
        """The region the party belongs to (the settlement's or organisation's region for those)."""
        if self.region_id is not None:
            return self.region_id
        if self.settlement is not None:
            return self.settlement.region_id
        if self.organisation is not None:
            return self.organisation.region_id
        return None


def document_path(instance: AgreementDocument, filename: str) -> str:
    """agreements/<year>/<month>/<random>.<ext>: the stored name tells nothing and cannot be guessed;
    the original name is kept in the row and given back on download."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return timezone.now().strftime("agreements/%Y/%m/") + uuid.uuid4().hex + extension


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "id"]

    def __str__(self) -> str:
        return self.title
