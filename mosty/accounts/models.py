from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    REPRESENTATIVE = "representative", _("organisation representative")
    COORDINATOR = "coordinator", _("regional coordinator")
    COMMISSION = "commission", _("commission member")
    MODERATOR = "moderator", _("moderator")
    ADMIN = "admin", _("administrator")


# Roles that must use two-factor authentication and may open the staff admin.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.COMMISSION, Role.MODERATOR, Role.ADMIN})
# Roles that see and act on every region.
NATIONWIDE_ROLES = frozenset({Role.COMMISSION, Role.ADMIN})


class EmailFrequency(models.TextChoices):
    """How a user's notifications reach their mailbox (they are always kept in the platform too)."""

    IMMEDIATELY = "immediately", _("each one at once")
    DAILY = "daily", _("one daily digest")
    NEVER = "never", _("never (only in the platform)")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("coordinated region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinators",
        help_text=_("Only for regional coordinators: the one region they coordinate."),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The platform writes to you in this language."),
    )
    email_frequency = models.CharField(
        _("e-mail notifications"),
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="coordinator") | models.Q(region__isnull=False),
                name="user_coordinator_has_region",
                violation_error_message=_("A regional coordinator must have a region."),
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_known",
            ),
            models.CheckConstraint(
                condition=models.Q(email_frequency__in=EmailFrequency.values),
                name="user_email_frequency_known",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_nationwide(self) -> bool:
        return self.role in NATIONWIDE_ROLES

    @property
    def is_moderator_role(self) -> bool:
        return self.role in (Role.MODERATOR, Role.COMMISSION, Role.ADMIN)

    def coordinates(self, region_id: int | None) -> bool:
        """Whether this user coordinates the region with this id."""
        return self.role == Role.COORDINATOR and region_id is not None and self.region_id == region_id


class ApiToken(models.Model):
    """A key for the JSON API, acting as its user. Only the SHA-256 of the secret is kept: the secret
    is shown once, when the token is made (see mosty.accounts.tokens)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. a script."))
    prefix = models.CharField(_("beginning"), max_length=8, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        # The look-up on every API request, WHERE key_hash = ?, uses the unique index of key_hash.
        indexes = [
            # The profile's token list: WHERE user_id = ? ORDER BY created_at DESC.
            models.Index(fields=["user", "-created_at"], name="apitoken_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_at(self, moment: datetime.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)
