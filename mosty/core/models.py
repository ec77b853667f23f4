from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed which object, when, and which fields (old -> new)."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit history")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The history on an object's page: WHERE content_type=? AND object_id=? ORDER BY created_at DESC.
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_object_recent_idx"),
            # "Latest changes" on the home page and the admin list: ORDER BY created_at DESC.
            models.Index(fields=["-created_at"], name="audit_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class Notification(models.Model):
    """A message for one user inside the platform (usually by e-mail too); see mosty.core.notifications."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path on this site."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # E-mail: `digest_pending` marks a row waiting for the recipient's daily digest; `emailed_at` is
    # when it left by e-mail (alone or in a digest). Neither: it was never meant to be e-mailed.
    digest_pending = models.BooleanField(_("waits for the digest"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # What the "stop e-mails like this" link of this message turns off (mosty.core.unsubscribe).
    unsubscribe_scope = models.CharField(_("unsubscribe scope"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A user's unread notifications, newest first:
            # WHERE recipient_id=? AND read_at IS NULL ORDER BY created_at DESC.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            # The daily digest job: WHERE digest_pending ORDER BY recipient_id, created_at (small: only
            # the rows still waiting are in it).
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_digest_idx",
                condition=models.Q(digest_pending=True),
            ),
        ]
        constraints = [
            # A row waits for the digest only until it has been e-mailed.
            models.CheckConstraint(
                condition=models.Q(digest_pending=False) | models.Q(emailed_at__isnull=True),
                name="notification_pending_not_emailed",
            ),
        ]

    def __str__(self) -> str:
        return self.title
