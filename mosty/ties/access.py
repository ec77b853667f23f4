"""Who may do what with a tie: one predicate per action, one way to reach a tie.

| action         | who                                                                          |
| -------------- | ---------------------------------------------------------------------------- |
| view           | everyone, signed in or not                                                   |
| create, edit   | coordinators of either side's region (the tie keeps a side in their region); |
|                | commission; admin                                                            |
| delete         | commission, admin                                                            |
| see history    | any staff role                                                               |
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mosty.accounts.access import role_of
from mosty.accounts.models import Role
from mosty.ties import selectors
from mosty.ties.models import Tie

Action = Literal["view", "edit", "delete"]


def may_create_ties(user: Any) -> bool:
    """Whether the user may create a tie at all (the create page); the regions are checked per tie."""
    return role_of(user) in (Role.COMMISSION, Role.ADMIN, Role.COORDINATOR)


def may_write_tie_between(user: Any, region_a_id: int | None, region_b_id: int | None) -> bool:
    """Whether the user may create or keep a tie between these two regions."""
    role = role_of(user)
    if role in (Role.COMMISSION, Role.ADMIN):
        return True
    return role == Role.COORDINATOR and (user.coordinates(region_a_id) or user.coordinates(region_b_id))


def may_edit_tie(user: Any, tie: Tie) -> bool:
    return may_write_tie_between(user, tie.region_a_id, tie.region_b_id)


def may_delete_tie(user: Any, tie: Tie) -> bool:
    return role_of(user) in (Role.COMMISSION, Role.ADMIN)


def may_see_history(user: Any, tie: Tie) -> bool:
    return role_of(user) is not None and bool(user.is_staff_role)


def tie_for_user(user: Any, pk: int, *, action: Action = "view") -> Tie:
    """The tie with this id, if `user` may do `action` with it.

    Raises Http404 when there is no such tie (ties are public) and PermissionDenied when the
    action is not the user's to take."""
    try:
        tie = selectors.tie_detail(pk)
    except Tie.DoesNotExist:
        raise Http404 from None
    if action == "edit" and not may_edit_tie(user, tie):
        raise PermissionDenied
    if action == "delete" and not may_delete_tie(user, tie):
        raise PermissionDenied
    return tie
