"""Closed groups of authorities: a workspace, its members and their roles in it.

Everything a workspace holds (threads, documents, its own events) is visible only to its members;
`mosty.workspaces.access` is the one place that decides it.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("group administrator")
    MEMBER = "member", _("member")


class Membership(models.Model):
    workspace = models.ForeignKey(
        Workspace, verbose_name=_("workspace"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="workspace_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="workspace_member_once"),
        ]
        indexes = [
            # "Which workspaces is this user in?" — asked by every access check of workspace content.
            models.Index(fields=["user", "workspace"], name="membership_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace}"


class Thread(models.Model):
    """A discussion in a workspace: a title; its posts (the first one included) are comments of the
    comments mechanism, kind "workspace_thread", whose target id is the thread's id."""

    workspace = models.ForeignKey(
        Workspace, verbose_name=_("workspace"), on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The workspace page and the workspace search: a workspace's threads, newest first.
            models.Index(fields=["workspace", "-created_at"], name="thread_workspace_idx"),
        ]

    def __str__(self) -> str:
        return self.title


def document_path(instance: WorkspaceDocument, filename: str) -> str:
    """workspaces/<year>/<month>/<random>.<ext>: the stored name tells nothing and cannot be guessed;
    the file is served only through the workspace's access check, never from the media URL."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return timezone.now().strftime("workspaces/%Y/%m/") + uuid.uuid4().hex + extension


class WorkspaceDocument(models.Model):
    workspace = models.ForeignKey(
        Workspace, verbose_name=_("workspace"), on_delete=models.CASCADE, related_name="documents"
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
        verbose_name = _("workspace document")
        verbose_name_plural = _("workspace documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            # The workspace page and the workspace search: a workspace's documents, newest first.
            models.Index(fields=["workspace", "-uploaded_at"], name="wsdocument_workspace_idx"),
        ]

    def __str__(self) -> str:
        return self.title
