"""Changing accounts: creating users, handing out roles, editing the profile. Every change is audited."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mosty.accounts.access import may_manage_roles, user_for_actor
from mosty.accounts.models import STAFF_ROLES, EmailFrequency, Role, User
from mosty.core.audit import record, snapshot
from mosty.core.models import AuditEntry, Notification
from mosty.territories.models import Region

COORDINATOR_NEEDS_REGION = _("A regional coordinator must have a region.")
OWN_ROLE_REFUSED = _("You cannot change your own role; ask another administrator.")
OWN_ACCOUNT_DEACTIVATION_REFUSED = _("You cannot deactivate your own account.")
UNKNOWN_ROLE = _("Unknown role.")


def _apply_role(user: User, role: str, region: Region | None) -> None:
    """Role, region and the flags that follow from the role: staff roles open the admin,
    only administrators are superusers. A region is kept only for coordinators."""
    if role == Role.COORDINATOR and region is None:
        raise ValidationError({"region": COORDINATOR_NEEDS_REGION})
    user.role = role
    user.region = region if role == Role.COORDINATOR else None
    user.is_staff = role in STAFF_ROLES
    user.is_superuser = role == Role.ADMIN


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str = "",
    role: str = Role.CITIZEN,
    region: Region | None = None,
    email_verified: bool = False,
    validate_password: bool = True,
) -> User:
    """A new account with its e-mail address registered for sign-in. Without a password the user
    sets one through "forgot password". The password must pass the configured validators, unless
    `validate_password` is off: only the local demo data does that, for its documented passwords."""
    user = User(email=User.objects.normalize_email(email).strip().lower(), full_name=full_name.strip())
    _apply_role(user, role, region)
    if password is None:
        user.set_unusable_password()
    else:
        if validate_password:
            password_validation.validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    record(actor=None, instance=user, action=AuditEntry.Action.CREATE, before=None)
    return user


def check_role_change(*, actor: Any, user: User, role: str, region: Region | None) -> None:
    """The rules for handing out a role, shared by the service and the admin form."""
    if not may_manage_roles(actor):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": UNKNOWN_ROLE})
    if actor.pk == user.pk and role != user.role:
        raise ValidationError({"role": OWN_ROLE_REFUSED})
    if role == Role.COORDINATOR and region is None:
        raise ValidationError({"region": COORDINATOR_NEEDS_REGION})


@transaction.atomic
def user_set_role(*, actor: Any, user: User, role: str, region: Region | None = None) -> User:
    """Only an administrator sets roles, and not their own (so the platform always keeps one).
    A region is kept only for coordinators; staff roles open the admin, administrators are superusers."""
    check_role_change(actor=actor, user=user, role=role, region=region)
    before = snapshot(user)
    _apply_role(user, role, region)
    user.full_clean()
    user.save(update_fields=["role", "region", "is_staff", "is_superuser"])
    record(actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before)
    return user


@transaction.atomic
def user_admin_update(
    *, actor: Any, user: User, full_name: str, role: str, region: Region | None, is_active: bool
) -> User:
    """What the staff admin changes on an account, saved and audited as one change."""
    user = User.objects.select_for_update().get(pk=user.pk)
    check_role_change(actor=actor, user=user, role=role, region=region)
    if actor.pk == user.pk and not is_active:
        raise ValidationError({"is_active": OWN_ACCOUNT_DEACTIVATION_REFUSED})
    before = snapshot(user)
    _apply_role(user, role, region)
    user.full_name = full_name.strip()
    user.is_active = is_active
    user.full_clean()
    user.save(update_fields=["full_name", "role", "region", "is_staff", "is_superuser", "is_active"])
    record(actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before)
    return user


@transaction.atomic
def user_update_profile(*, actor: Any, user: User, full_name: str) -> User:
    """A user edits their own name; an administrator may edit anyone's."""
    user_for_actor(actor, user, write=True)
    before = snapshot(user)
    user.full_name = full_name.strip()
    user.full_clean()
    user.save(update_fields=["full_name"])
    record(actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before)
    return user


UNKNOWN_LANGUAGE = _("Unknown language.")
UNKNOWN_EMAIL_FREQUENCY = _("Unknown e-mail setting.")


@transaction.atomic
def user_set_preferences(
    *, actor: Any, user: User, language: str | None = None, email_frequency: str | None = None
) -> User:
    """The language the platform writes to the user in and how often it e-mails them; only what is
    given changes. The user themselves (also through an unsubscribe link, which authenticates them
    for this) or an administrator. Rows waiting for a digest go out with the next digest after a
    switch to "immediately"; after a switch to "never" they are not e-mailed at all."""
    user_for_actor(actor, user, write=True)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user)
    fields = []
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": UNKNOWN_LANGUAGE})
        user.language = language
        fields.append("language")
    if email_frequency is not None:
        if email_frequency not in EmailFrequency.values:
            raise ValidationError({"email_frequency": UNKNOWN_EMAIL_FREQUENCY})
        user.email_frequency = email_frequency
        fields.append("email_frequency")
    if snapshot(user) == before:
        return user
    user.full_clean()
    user.save(update_fields=fields)
    if user.email_frequency == EmailFrequency.NEVER:
        Notification.objects.filter(recipient=user, digest_pending=True).update(digest_pending=False)
    record(actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before)
    return user
