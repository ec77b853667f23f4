"""Consultations on drafts: a draft in numbered sections and paragraphs, open for a period, in versions.

Paragraph comments and proposals of new wording are comments of the one comments mechanism (kind
"consultation_paragraph", target id = the paragraph's id). At the end the organisers answer every
top-level comment with an `Answer`; the consultation is "answered" once none is left without one.

The status is not stored: it follows from the period and from `answered_at` (see `status`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.comments.models import Comment


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open for comments")
    CLOSED = "closed", _("closed, answers being prepared")
    ANSWERED = "answered", _("answered")


class Consultation(models.Model):
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_consultations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organising organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    opens_at = models.DateTimeField(_("open from"))
    closes_at = models.DateTimeField(_("open until"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="consultation_period_order"
            ),
        ]
        indexes = [
            # The consultation list: newest first, filtered by period for the status filter.
            models.Index(fields=["-opens_at", "-id"], name="consultation_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def status_at(self, moment: datetime.datetime) -> ConsultationStatus:
        if moment < self.opens_at:
            return ConsultationStatus.UPCOMING
        if moment < self.closes_at:
            return ConsultationStatus.OPEN
        if self.answered_at is not None:
            return ConsultationStatus.ANSWERED
        return ConsultationStatus.CLOSED

    @property
    def status(self) -> ConsultationStatus:
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class Version(models.Model):
    """One published text of the draft; publishing a new one keeps the old ones as they were."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    source = models.TextField(_("text as imported"), max_length=200_000)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="consultation_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation} v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="consultation_section_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Paragraph(models.Model):
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveIntegerField(_("number in the section"))
    text = models.TextField(_("text"), max_length=20_000)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["version", "section__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="consultation_paragraph_once"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "1.2": the section's number and the paragraph's (needs the section loaded)."""
        return f"{self.section.number}.{self.number}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    DECLINED = "declined", _("declined")


class Answer(models.Model):
    """The organisers' answer to one top-level comment on a paragraph of the consultation."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="answers"
    )
    comment = models.OneToOneField(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="consultation_answer"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            # A partial acceptance or a refusal always says why.
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(reason=""), name="consultation_answer_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.decision}"
