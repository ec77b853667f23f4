"""Who may act on user accounts."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from mosty.accounts.models import NATIONWIDE_ROLES, Role, User


def may_manage_roles(actor: Any) -> bool:
    """Only an active administrator hands out roles."""
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and getattr(actor, "role", None) == Role.ADMIN
    )


def user_for_actor(actor: Any, user: User, *, write: bool = False) -> User:
    """A user's own account, or any account for an administrator; anything else is refused."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if actor.pk == user.pk or may_manage_roles(actor):
        return user
    raise PermissionDenied


# --- Who the user is, as every access module asks it --------------------------------------------
# `user` is a signed-in User or Django's AnonymousUser (or None outside a request).


def is_active_user(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_of(user: Any) -> str | None:
    """The role of an active, signed-in user; None for anyone else."""
    return getattr(user, "role", None) if is_active_user(user) else None


def is_nationwide(user: Any) -> bool:
    """Commission members and administrators see and act on every region."""
    return role_of(user) in NATIONWIDE_ROLES


def coordinated_region_id(user: Any) -> int | None:
    """The region a coordinator coordinates; None for every other role."""
    return user.region_id if role_of(user) == Role.COORDINATOR else None


_VERIFIED = "_mosty_has_confirmed_email"


def has_confirmed_email(user: Any) -> bool:
    """An active user with at least one confirmed address (what commenting, proposing and supporting
    ask); remembered on the user object, so one request asks the database once."""
    if not is_active_user(user):
        return False
    confirmed = getattr(user, _VERIFIED, None)
    if confirmed is None:
        confirmed = EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
        setattr(user, _VERIFIED, confirmed)
    return bool(confirmed)
