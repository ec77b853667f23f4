"""Who may see a workspace and what it holds: its members only (and nobody else, not even staff)."""

from __future__ import annotations

from typing import Any

from mosty.accounts.access import is_active_user
from mosty.workspaces.models import Membership


def member_workspace_ids(user: Any) -> set[int]:
    """The ids of the workspaces this user belongs to; empty for anyone not signed in."""
    if not is_active_user(user):
        return set()
    return set(Membership.objects.filter(user=user).values_list("workspace_id", flat=True))
