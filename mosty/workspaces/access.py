"""Who may see a workspace and what it holds: its members only (and nobody else, not even staff).

| action        | who                                                                              |
| ------------- | -------------------------------------------------------------------------------- |
| create        | commission members, administrators and coordinators                              |
| view          | the workspace's members (admin or member role); nobody else, staff included      |
| contribute    | members: start threads, post, upload documents                                   |
| administer    | the workspace's group administrators: add and remove members, change roles       |

Anyone else asking for a workspace, its thread or its document gets 404, the same answer as for one
that does not exist: a closed group's existence is private too.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from mosty.accounts.access import coordinated_region_id, is_active_user, is_nationwide
from mosty.workspaces.models import MemberRole, Membership, Thread, Workspace, WorkspaceDocument

Action = Literal["view", "administer"]


def member_workspace_ids(user: Any) -> set[int]:
    """The ids of the workspaces this user belongs to; empty for anyone not signed in."""
    if not is_active_user(user):
        return set()
    return set(Membership.objects.filter(user=user).values_list("workspace_id", flat=True))


def admin_workspace_ids(user: Any) -> set[int]:
    """The ids of the workspaces this user administers."""
    if not is_active_user(user):
        return set()
    return set(
        Membership.objects.filter(user=user, role=MemberRole.ADMIN).values_list("workspace_id", flat=True)
    )


def may_create(user: Any) -> bool:
    return is_nationwide(user) or coordinated_region_id(user) is not None


def membership_of(user: Any, workspace: Workspace) -> Membership | None:
    if not is_active_user(user):
        return None
    return Membership.objects.filter(workspace=workspace, user=user).first()


def is_member(user: Any, workspace: Workspace) -> bool:
    return membership_of(user, workspace) is not None


def is_admin(user: Any, workspace: Workspace) -> bool:
    membership = membership_of(user, workspace)
    return membership is not None and membership.role == MemberRole.ADMIN


def visible_workspaces(user: Any) -> QuerySet[Workspace]:
    """The user's own workspaces; every list, the API and the search go through it."""
    if not is_active_user(user):
        return Workspace.objects.none()
    # A subquery, not a join: a join on memberships would make counts of members count only the user.
    return Workspace.objects.filter(pk__in=Membership.objects.filter(user=user).values("workspace_id"))


def workspace_for_user(user: Any, pk: int, *, action: Action = "view") -> Workspace:
    """The workspace if `user` is a member (404 otherwise, as for a missing one); PermissionDenied
    when a member asks to administer it without being a group administrator."""
    membership = (
        Membership.objects.select_related("workspace").filter(workspace_id=pk, user=user).first()
        if is_active_user(user)
        else None
    )
    if membership is None:
        raise Http404
    if action == "administer" and membership.role != MemberRole.ADMIN:
        raise PermissionDenied
    workspace = membership.workspace
    workspace.my_membership = membership  # type: ignore[attr-defined]
    return workspace


def thread_for_user(user: Any, pk: int) -> Thread:
    """A thread of one of the user's workspaces; 404 for any other."""
    thread = Thread.objects.select_related("workspace").filter(pk=pk).first()
    if thread is None or thread.workspace_id not in member_workspace_ids(user):
        raise Http404
    return thread


def visible_thread_ids(user: Any) -> list[int]:
    """The threads of the user's workspaces (the comments' moderation queue asks it)."""
    return list(
        Thread.objects.filter(workspace_id__in=member_workspace_ids(user)).values_list("pk", flat=True)
    )


def document_for_user(user: Any, workspace_pk: int, document_pk: int) -> WorkspaceDocument:
    workspace = workspace_for_user(user, workspace_pk)
    document = WorkspaceDocument.objects.filter(pk=document_pk, workspace=workspace).first()
    if document is None:
        raise Http404
    return document
