"""Citizen initiatives: a proposal, the support it collects, and the answer it is owed.

The lifecycle is data: `InitiativeStatus` and the `TRANSITIONS` table beside it; `access.may_transition`
is the one predicate that says whether a user may move an initiative from its status to another.
An accepted initiative becomes a commitment of the engine (source_kind "initiative").
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The engine's source_kind of an initiative's commitments (and the comments' target kind).
SOURCE_KIND = "initiative"

TITLE_MAX = 200
TEXT_MAX = 5000
REASON_MAX = 3000
ANSWER_MAX = 20000

SUPPORT_TWICE = _("You already support this initiative.")
SCORE_RANGE = _("A rating is a whole number from 1 to 5.")


class Category(models.TextChoices):
    ECONOMY_TRADE = "economy_trade", _("economy and trade")
    INDUSTRY = "industry", _("industry")
    AGRICULTURE = "agriculture", _("agriculture")
    SCIENCE_TECHNOLOGY = "science_technology", _("science and technology")
    IT = "it", _("IT")
    EDUCATION = "education", _("education")
    CULTURE = "culture", _("culture")
    YOUTH = "youth", _("youth")
    SPORT = "sport", _("sport")
    TOURISM = "tourism", _("tourism")
    HEALTH = "health", _("health")
    ECOLOGY = "ecology", _("ecology")
    MEDIA = "media", _("media")
    LOCAL_GOVERNMENT = "local_government", _("local self-government")
    LEGAL_FRAMEWORK = "legal_framework", _("legal framework")


class Youth(models.TextChoices):
    NO = "", _("no")
    YOUNG_PEOPLE = "young_people", _("young people (14–35)")
    YOUTH_ORGANISATION = "youth_organisation", _("a youth organisation")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("in moderation")
    RETURNED = "returned", _("returned for edits")
    REJECTED = "rejected", _("rejected by moderation")
    COLLECTING = "collecting", _("collecting support")
    EXPIRED = "expired", _("support period ended")
    IN_REVIEW = "in_review", _("in review by the commission")
    MERGED = "merged", _("merged with a similar initiative")
    DECLINED = "declined", _("declined by the commission")
    FORWARDED = "forwarded", _("forwarded to the competent body")
    ANSWERED = "answered", _("answer received")
    PUBLISHED = "published", _("answer published")
    CLOSED = "closed", _("closed")


# Which status may follow which. Who may make each move is access.may_transition's business.
TRANSITIONS: dict[str, frozenset[str]] = {
    InitiativeStatus.DRAFT: frozenset({InitiativeStatus.SUBMITTED}),
    InitiativeStatus.SUBMITTED: frozenset(
        {InitiativeStatus.RETURNED, InitiativeStatus.REJECTED, InitiativeStatus.COLLECTING}
    ),
    InitiativeStatus.RETURNED: frozenset({InitiativeStatus.SUBMITTED}),
    InitiativeStatus.REJECTED: frozenset(),
    InitiativeStatus.COLLECTING: frozenset({InitiativeStatus.EXPIRED, InitiativeStatus.IN_REVIEW}),
    InitiativeStatus.EXPIRED: frozenset(),
    InitiativeStatus.IN_REVIEW: frozenset(
        {InitiativeStatus.MERGED, InitiativeStatus.DECLINED, InitiativeStatus.FORWARDED}
    ),
    InitiativeStatus.MERGED: frozenset(),
    InitiativeStatus.DECLINED: frozenset(),
    InitiativeStatus.FORWARDED: frozenset({InitiativeStatus.ANSWERED}),
    InitiativeStatus.ANSWERED: frozenset({InitiativeStatus.PUBLISHED}),
    InitiativeStatus.PUBLISHED: frozenset({InitiativeStatus.CLOSED}),
    InitiativeStatus.CLOSED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    """Whether the table allows an initiative in status `current` to move to `new`."""
    return new in TRANSITIONS.get(current, frozenset())


class PublicStatus(models.TextChoices):
    """The four statuses citizens know from public-services portals; every internal status is one."""

    ACCEPTED = "accepted", _("accepted")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWER_READY = "answer_ready", _("answer ready")
    CLOSED = "closed", _("closed")


PUBLIC_STATUS: dict[str, str] = {
    InitiativeStatus.DRAFT: PublicStatus.ACCEPTED,
    InitiativeStatus.SUBMITTED: PublicStatus.ACCEPTED,
    InitiativeStatus.RETURNED: PublicStatus.ACCEPTED,
    InitiativeStatus.COLLECTING: PublicStatus.ACCEPTED,
    InitiativeStatus.IN_REVIEW: PublicStatus.IN_PROGRESS,
    InitiativeStatus.FORWARDED: PublicStatus.IN_PROGRESS,
    InitiativeStatus.ANSWERED: PublicStatus.IN_PROGRESS,
    InitiativeStatus.PUBLISHED: PublicStatus.ANSWER_READY,
    InitiativeStatus.CLOSED: PublicStatus.CLOSED,
    InitiativeStatus.REJECTED: PublicStatus.CLOSED,
    InitiativeStatus.EXPIRED: PublicStatus.CLOSED,
    InitiativeStatus.MERGED: PublicStatus.CLOSED,
    InitiativeStatus.DECLINED: PublicStatus.CLOSED,
}

# Seen only by the authors, moderators and the commission; for everyone else they do not exist.
PRIVATE_STATUSES = frozenset(
    {InitiativeStatus.DRAFT, InitiativeStatus.SUBMITTED, InitiativeStatus.RETURNED, InitiativeStatus.REJECTED}
)
PUBLIC_STATUSES = frozenset(set(InitiativeStatus.values) - PRIVATE_STATUSES)
# Forwarded to a body: the answer clock runs or has run.
FORWARDED_STATUSES = frozenset(
    {
        InitiativeStatus.FORWARDED,
        InitiativeStatus.ANSWERED,
        InitiativeStatus.PUBLISHED,
        InitiativeStatus.CLOSED,
    }
)
# The answer has been published: it may be read and rated.
ANSWER_PUBLIC_STATUSES = frozenset({InitiativeStatus.PUBLISHED, InitiativeStatus.CLOSED})


class Outcome(models.TextChoices):
    COMMITMENT = "commitment", _("accepted: a commitment")
    PROJECT = "project", _("accepted: a linked project")
    AGREEMENT = "agreement", _("accepted: a linked agreement")
    DECLINED = "declined", _("declined with reasons")
    INFORMATION = "information", _("answered for information")


class CategoryRule(models.Model):
    """How many supporters an initiative of a category needs, and for how long it collects them."""

    category = models.CharField(_("category"), max_length=24, choices=Category.choices, unique=True)
    threshold = models.PositiveIntegerField(
        _("supporters needed"),
        validators=[MinValueValidator(1)],
        help_text=_("Reaching it sends the initiative to review."),
    )
    collection_days = models.PositiveIntegerField(
        _("collection period, days"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )

    class Meta:
        verbose_name = _("category rule")
        verbose_name_plural = _("category rules")
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=1), name="initiative_rule_threshold_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(collection_days__gte=1), name="initiative_rule_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(Category(self.category).label)


def _answer_path(instance: Initiative, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    return f"initiatives/answers/{instance.pk}/{uuid.uuid4().hex}{extension}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    return f"initiatives/attachments/{instance.initiative_id}/{uuid.uuid4().hex}{extension}"


class Initiative(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    problem = models.TextField(_("problem"), max_length=TEXT_MAX)
    proposal = models.TextField(_("proposal"), max_length=TEXT_MAX)
    expected_effect = models.TextField(_("expected effect"), max_length=TEXT_MAX)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    youth = models.CharField(
        _("youth initiative"),
        max_length=20,
        choices=Youth.choices,
        default=Youth.NO,
        blank=True,
        help_text=_("Whether the authors are young people (14–35) or a youth organisation."),
    )
    regions = models.ManyToManyField(
        "territories.Region", verbose_name=_("regions concerned"), blank=True, related_name="+"
    )
    settlements = models.ManyToManyField(
        "territories.Settlement", verbose_name=_("settlements concerned"), blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    moderation_comment = models.TextField(
        _("moderator's comment"),
        blank=True,
        max_length=REASON_MAX,
        help_text=_("Why it was returned or rejected."),
    )
    # Support
    threshold = models.PositiveIntegerField(_("supporters needed"), null=True, blank=True)
    collect_until = models.DateField(_("support collected until"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    # Moves on with every support and withdrawal, in the same update as the count: what is derived from
    # the supports (the breakdown by region) is cached under it and never outlives a change.
    support_version = models.PositiveIntegerField(default=0, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Review
    decision_reason = models.TextField(_("the commission's reasons"), blank=True, max_length=REASON_MAX)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("competent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    forwarded_on = models.DateField(_("registered by the body on"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    deadline_country = models.CharField(_("law of"), max_length=2, blank=True)
    extended_on = models.DateField(_("deadline extended on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, max_length=REASON_MAX)
    # The answer
    answer_text = models.TextField(_("answer"), blank=True, max_length=ANSWER_MAX)
    answer_document = models.FileField(_("signed document"), upload_to=_answer_path, blank=True)
    answer_document_name = models.CharField(max_length=255, blank=True)
    answer_signature = models.FileField(_("detached signature"), upload_to=_answer_path, blank=True)
    answer_signature_name = models.CharField(max_length=255, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_published_at = models.DateTimeField(_("answer published"), null=True, blank=True)
    # The outcome
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True, max_length=REASON_MAX)
    linked_project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The public list, newest first: WHERE status IN (...) ORDER BY created_at DESC, id DESC.
            models.Index(fields=["status", "-created_at", "-id"], name="initiative_status_recent_idx"),
            # "Most supported": ORDER BY support_count DESC.
            models.Index(fields=["-support_count", "-id"], name="initiative_support_idx"),
            # The body's inbox and the statistics: WHERE body_id = ? / GROUP BY body_id.
            models.Index(fields=["body", "answer_due"], name="initiative_body_due_idx"),
            # The rate limit: WHERE author_id = ? AND created_at >= ?.
            models.Index(fields=["author", "-created_at"], name="initiative_author_recent_idx"),
            # The list and /api/v1/initiatives, newest first, for signed-in readers: WHERE status IN
            # (...) OR author_id = ? OR id IN (co-authored) ORDER BY created_at DESC, id DESC LIMIT n.
            # Not partial: the OR does not imply a status predicate, and nearly every row is public.
            models.Index(fields=["-created_at", "-id"], name="initiative_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__isnull=True) | models.Q(threshold__gte=1),
                name="initiative_threshold_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_due__isnull=True)
                | (models.Q(forwarded_on__isnull=False) & models.Q(answer_due__gte=models.F("forwarded_on"))),
                name="initiative_due_after_forwarding",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=sorted(FORWARDED_STATUSES))
                | (models.Q(body__isnull=False) & models.Q(forwarded_on__isnull=False)),
                name="initiative_forwarded_has_body",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="initiative_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")), name="initiative_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_status(self) -> str:
        return PUBLIC_STATUS[self.status]

    def get_public_status_display(self) -> str:
        return str(PublicStatus(self.public_status).label)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def answer_is_public(self) -> bool:
        return self.status in ANSWER_PUBLIC_STATUSES

    @property
    def progress_percent(self) -> int:
        if not self.threshold:
            return 0
        return min(100, self.support_count * 100 // self.threshold)


class CoAuthor(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="coauthors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("co-author"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiative_coauthor_once")
        ]
        indexes = [
            # "My initiatives" and the visibility rule: WHERE user_id = ?.
            models.Index(fields=["user"], name="initiative_coauthor_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Support(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(
        "territories.Region", verbose_name=_("your region"), on_delete=models.PROTECT, related_name="+"
    )
    settlement = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("your settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    show_name = models.BooleanField(_("show my name among the supporters"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user"],
                name="initiative_support_once",
                violation_error_message=SUPPORT_TWICE,
            )
        ]
        indexes = [
            # The breakdown by territory: WHERE initiative_id = ? GROUP BY region_id.
            models.Index(fields=["initiative", "region"], name="initiative_support_region_idx"),
            # selectors.named_supporters: WHERE initiative_id = ? AND show_name
            # ORDER BY created_at DESC, id DESC LIMIT 50.
            models.Index(
                fields=["initiative", "-created_at", "-id"],
                condition=models.Q(show_name=True),
                name="initiative_support_named_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class Follower(models.Model):
    """Who is told of the initiative's status changes: the authors and the supporters, unless muted."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    muted = models.BooleanField(_("muted"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiative_follower_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class StatusChange(models.Model):
    """One move of the lifecycle, with the comment that explains it; shown on the page as the history."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, choices=InitiativeStatus.choices)
    to_status = models.CharField(max_length=12, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"

    def get_to_status_display_public(self) -> str:
        return str(PublicStatus(PUBLIC_STATUS[self.to_status]).label)


class Notice(models.Model):
    """That a follower has been told of a status change (or of a deadline extension): told once."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(
        max_length=40, help_text=_("The status change (change:<id>) or extension told of.")
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "event", "recipient"], name="initiative_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.event} → {self.recipient_id}"


class Rating(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1, SCORE_RANGE), MaxValueValidator(5, SCORE_RANGE)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiative_rating_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=5),
                name="initiative_rating_range",
                violation_error_message=SCORE_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.score}"
