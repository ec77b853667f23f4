"""Who may see and change an event: the one place the rules live.

- Everyone sees every event that belongs to no workspace.
- An event of a workspace is seen by that workspace's members only — in lists, pages, feeds, the
  API, exports and notifications; to anyone else it does not exist (404), whatever their role.
- Commission members and administrators create, edit and delete any public event.
- A regional coordinator creates and edits events hosted by the region they coordinate
  (at least one host region must be theirs), but never a Forum of Regions.
- A workspace's administrators create and manage the events of their workspace.
- Those who may edit an event are its organisers on the platform: they manage its programme,
  registrations, attendance, minutes and decisions.
- Nobody else writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mosty.accounts.access import is_nationwide, role_of
from mosty.accounts.models import Role
from mosty.events.models import Event, EventKind
from mosty.workspaces.access import member_workspace_ids
from mosty.workspaces.models import MemberRole, Membership


def can_create_events(user: Any) -> bool:
    """Whether the user may create events at all (the kinds and regions are checked per event)."""
    return (
        is_nationwide(user)
        or (role_of(user) == Role.COORDINATOR and user.region_id is not None)
        or bool(admin_workspace_ids(user))
    )


def allowed_kinds(user: Any) -> list[str]:
    """The kinds of event this user may create or edit."""
    if is_nationwide(user):
        return list(EventKind.values)
    if can_create_events(user):
        return [kind for kind in EventKind.values if kind != EventKind.FORUM]
    return []


def may_write(user: Any, *, kind: str, region_ids: Iterable[int]) -> bool:
    """Whether the user may hold an event of this kind hosted by these regions."""
    if is_nationwide(user):
        return True
    if role_of(user) != Role.COORDINATOR or user.region_id is None or kind == EventKind.FORUM:
        return False
    return user.region_id in set(region_ids)


def is_workspace_admin(user: Any, workspace_id: int | None) -> bool:
    if workspace_id is None or role_of(user) is None:
        return False
    return Membership.objects.filter(user=user, workspace_id=workspace_id, role=MemberRole.ADMIN).exists()


def admin_workspace_ids(user: Any) -> set[int]:
    """The workspaces in which this user is an administrator (and may create events)."""
    if role_of(user) is None:
        return set()
    return set(
        Membership.objects.filter(user=user, role=MemberRole.ADMIN).values_list("workspace_id", flat=True)
    )


def visible_q(user: Any) -> Q:
    """The events this user may see: every public one, and those of the user's workspaces."""
    workspaces = member_workspace_ids(user)
    if not workspaces:
        return Q(workspace__isnull=True)
    return Q(workspace__isnull=True) | Q(workspace_id__in=workspaces)


def visible_events(user: Any, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """The events (of `queryset`, all by default) this user may see; every list goes through this."""
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.filter(visible_q(user))


def can_see_event(user: Any, event: Event) -> bool:
    return event.workspace_id is None or event.workspace_id in member_workspace_ids(user)


def can_edit_event(user: Any, event: Event) -> bool:
    if event.workspace_id is not None:
        return is_workspace_admin(user, event.workspace_id)
    return may_write(user, kind=event.kind, region_ids=[region.pk for region in event.regions.all()])


# Organisers on the platform: those who may edit the event manage its registrations and results.
can_manage_event = can_edit_event


def can_delete_event(user: Any, event: Event) -> bool:
    if event.workspace_id is not None:
        return is_workspace_admin(user, event.workspace_id)
    return is_nationwide(user)


def event_for_user(user: Any, pk: int, *, write: bool = False) -> Event:
    """The event with this id, as this user may reach it: 404 if it does not exist or is an event of
    a workspace the user is not a member of; 403 if `write` is asked and the user may not change it."""
    event = (
        visible_events(user)
        .select_related("settlement__region__country", "workspace")
        .prefetch_related("regions__country", "organisers", "sectors")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    if write and not can_edit_event(user, event):
        raise PermissionDenied
    return event
