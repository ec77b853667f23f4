"""Thread posts are comments of the one comments mechanism: kind "workspace_thread", private to the
workspace's members (the comments app asks `thread_for_user` for every view, so an outsider gets 404
at /comments/... too, and the queue and notifications only reach members)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mosty.accounts.models import User
from mosty.comments.registry import TargetKind, register_target
from mosty.workspaces import access
from mosty.workspaces.models import Thread

KIND = "workspace_thread"


def _get(user: Any, pk: int) -> Thread:
    return access.thread_for_user(user, pk)


def _may_comment(user: Any, thread: Thread) -> str | None:
    # `get` has already refused everyone who is not a member.
    return None


def _url(thread: Thread) -> str:
    return reverse("workspaces:thread", args=[thread.workspace_id, thread.pk])


def _may_moderate(user: Any, thread: Thread) -> bool:
    return thread.workspace_id in access.admin_workspace_ids(user)


def _audience(thread: Thread) -> list[User]:
    members = User.objects.filter(workspace_memberships__workspace_id=thread.workspace_id, is_active=True)
    return list(members.distinct())


def register() -> None:
    register_target(
        TargetKind(
            kind=KIND,
            get=_get,
            may_comment=_may_comment,
            url=_url,
            may_moderate=_may_moderate,
            audience=_audience,
            private=True,
            visible_ids=access.visible_thread_ids,
        )
    )
