"""Who may act on user accounts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from mosty.accounts.models import Role, User


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
