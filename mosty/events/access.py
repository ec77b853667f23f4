"""Who may see and change an event: the one place the rules live.

- Everyone sees every event.
- Commission members and administrators create, edit and delete any event.
- A regional coordinator creates and edits events hosted by the region they coordinate
  (at least one host region must be theirs), but never a Forum of Regions.
- Nobody else writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mosty.accounts.models import Role
from mosty.events.models import Event, EventKind


def _role(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


def is_nationwide(user: Any) -> bool:
    return _role(user) in (Role.COMMISSION, Role.ADMIN)


def can_create_events(user: Any) -> bool:
    """Whether the user may create events at all (the kinds and regions are checked per event)."""
    return is_nationwide(user) or (_role(user) == Role.COORDINATOR and user.region_id is not None)


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
    if not can_create_events(user) or kind == EventKind.FORUM:
        return False
    return user.region_id in set(region_ids)


def can_edit_event(user: Any, event: Event) -> bool:
    return may_write(user, kind=event.kind, region_ids=[region.pk for region in event.regions.all()])


def can_delete_event(user: Any, event: Event) -> bool:
    return is_nationwide(user)


def event_for_user(user: Any, pk: int, *, write: bool = False) -> Event:
    """The event with this id, as this user may reach it: 404 if it does not exist,
    403 if `write` is asked and the user may not change it."""
    event = (
        Event.objects.select_related("settlement__region")
        .prefetch_related("regions__country", "organisers")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    if write and not can_edit_event(user, event):
        raise PermissionDenied
    return event
