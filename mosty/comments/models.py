"""Comments on any registered kind of target (see registry.py), reports of abuse and support.

A comment points at its target by (kind, target_id), the way commitments point at their sources:
the kinds live in other apps, which this one never imports. Replies are one level deep: `parent`
is always a top-level comment (the service attaches a reply to a reply to the same top-level one).
The Markdown the author typed is kept in `body`; `body_html` is the sanitised HTML rendered from it
on write, so pages never render user Markdown on read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 5_000
PROPOSAL_MAX_LENGTH = 5_000
REASON_MAX_LENGTH = 1_000


class Comment(models.Model):
    kind = models.CharField(_("kind of target"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("target"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(
        _("text"),
        blank=True,
        max_length=BODY_MAX_LENGTH,
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text=_("Markdown: *emphasis*, **strong**, [links](https://…), lists, > quotes, `code`."),
    )
    body_html = models.TextField(_("text as shown"), blank=True, editable=False)
    proposed_text = models.TextField(
        _("proposed wording"),
        blank=True,
        max_length=PROPOSAL_MAX_LENGTH,
        validators=[MaxLengthValidator(PROPOSAL_MAX_LENGTH)],
    )
    is_official = models.BooleanField(_("official"), default=False, editable=False)
    support_count = models.PositiveIntegerField(_("supported by"), default=0, editable=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=REASON_MAX_LENGTH, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # Set by the service (not auto_now_add), so tests can control the clock the edit window and the
    # rate limit count from.
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            # selectors.thread_page / page_of / comment_counts: a target's comments, oldest first
            # (WHERE kind = ? AND target_id = ? [AND parent_id IS NULL] ORDER BY created_at, id LIMIT n
            # OFFSET m), and their counts (COUNT(*) FILTER (WHERE parent_id IS NULL / NOT is_hidden)),
            # which read parent and is_hidden from the index alone (an index-only scan).
            models.Index(
                fields=["kind", "target_id", "created_at", "id", "parent", "is_hidden"],
                name="comments_thread_idx",
            ),
            # services._check_rate: the author's comments of the last minutes.
            models.Index(fields=["author", "created_at"], name="comments_author_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="comments_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(proposed_text=""),
                name="comments_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("pk")),
                name="comments_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        text = self.body or self.proposed_text
        return f"#{self.pk} {text[:60]}"


class CommentReport(models.Model):
    """Someone's report that a comment breaks the rules; handled when a moderator hides the comment
    or dismisses its reports."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="comment_reports",
    )
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="comments_report_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="comments_report_has_reason"),
        ]
        indexes = [
            # selectors.moderation_queue: comments with reports not yet handled.
            models.Index(
                fields=["comment"], condition=Q(handled_at__isnull=True), name="comments_report_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:60]}"


class CommentSupport(models.Model):
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supported by"),
        on_delete=models.CASCADE,
        related_name="comment_supports",
    )
    created_at = models.DateTimeField(_("supported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support of a comment")
        verbose_name_plural = _("supports of comments")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comments_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"
