"""Who may do what with an initiative: one predicate per action, one way to reach an initiative.

| action             | who                                                                            |
| ------------------ | ------------------------------------------------------------------------------ |
| view               | everyone once published (collecting support and after); a draft, one in        |
|                    | moderation, returned or rejected: its authors (author and co-authors),         |
|                    | moderators, commission and admin — for everyone else it does not exist (404)   |
| create             | an active user with a confirmed e-mail address                                 |
| edit, submit       | its authors, while a draft or returned for edits                               |
| moderate           | moderators, commission, admin: publish, return with a comment, reject         |
| support, withdraw  | an active user with a confirmed e-mail address, while support is collected     |
| review             | commission, admin: forward to a body, merge, decline; publish the answer;      |
|                    | close with the outcome                                                         |
| answer, extend     | the representatives of the body it was forwarded to (and the commission)       |
| rate               | its authors and supporters, once the answer is published                       |

Every lifecycle move is checked by `may_transition`: the TRANSITIONS table and the actor's part.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mosty.accounts.access import has_confirmed_email, is_active_user, is_nationwide, role_of
from mosty.accounts.models import Role
from mosty.initiatives.models import (
    ANSWER_PUBLIC_STATUSES,
    PUBLIC_STATUSES,
    CoAuthor,
    Initiative,
    InitiativeStatus,
    Support,
    can_transition,
)
from mosty.organisations.access import represented_organisation_ids

AnyUser = Any
Action = Literal["view", "edit", "moderate", "review", "answer"]

# Moves the platform makes itself (actor None): reaching the threshold, the end of the period.
AUTOMATIC = frozenset({InitiativeStatus.IN_REVIEW, InitiativeStatus.EXPIRED})


def is_moderator(user: AnyUser) -> bool:
    return role_of(user) in (Role.MODERATOR, Role.COMMISSION, Role.ADMIN)


def is_commission(user: AnyUser) -> bool:
    return is_nationwide(user)


def author_ids(initiative: Initiative) -> set[int]:
    """The author and the co-authors (uses prefetched co-authors when present)."""
    return {initiative.author_id, *(row.user_id for row in initiative.coauthors.all())}


def is_author(user: AnyUser, initiative: Initiative) -> bool:
    return is_active_user(user) and user.pk in author_ids(initiative)


def represents_body(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.body_id is not None and initiative.body_id in represented_organisation_ids(user)


def may_view(user: AnyUser, initiative: Initiative) -> bool:
    if initiative.status in PUBLIC_STATUSES:
        return True
    return is_moderator(user) or is_author(user, initiative)


def may_create(user: AnyUser) -> bool:
    return has_confirmed_email(user)


def may_edit(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.status in (InitiativeStatus.DRAFT, InitiativeStatus.RETURNED) and is_author(
        user, initiative
    )


def may_support(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.status == InitiativeStatus.COLLECTING and has_confirmed_email(user)


def may_answer(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.status == InitiativeStatus.FORWARDED and (
        represents_body(user, initiative) or is_commission(user)
    )


def may_extend(user: AnyUser, initiative: Initiative) -> bool:
    return may_answer(user, initiative) and initiative.extended_on is None


def may_see_answer(user: AnyUser, initiative: Initiative) -> bool:
    """The answer before publication: the body's people and the commission; after: everyone."""
    if initiative.status in ANSWER_PUBLIC_STATUSES:
        return True
    return initiative.status == InitiativeStatus.ANSWERED and (
        represents_body(user, initiative) or is_commission(user)
    )


def may_rate(user: AnyUser, initiative: Initiative) -> bool:
    if initiative.status not in ANSWER_PUBLIC_STATUSES or not is_active_user(user):
        return False
    return (
        is_author(user, initiative) or Support.objects.filter(initiative=initiative, user_id=user.pk).exists()
    )


def may_transition(user: AnyUser, initiative: Initiative, new: str) -> bool:
    """Whether `user` (None for the platform itself) may move `initiative` from its status to `new`."""
    if not can_transition(initiative.status, new):
        return False
    if new in AUTOMATIC:
        return user is None
    if user is None:
        return False
    if new == InitiativeStatus.SUBMITTED:
        return is_author(user, initiative) and has_confirmed_email(user)
    if new in (InitiativeStatus.RETURNED, InitiativeStatus.REJECTED, InitiativeStatus.COLLECTING):
        return is_moderator(user)
    if new in (
        InitiativeStatus.MERGED,
        InitiativeStatus.DECLINED,
        InitiativeStatus.FORWARDED,
        InitiativeStatus.PUBLISHED,
        InitiativeStatus.CLOSED,
    ):
        return is_commission(user)
    if new == InitiativeStatus.ANSWERED:
        return represents_body(user, initiative) or is_commission(user)
    return False


def visible_initiatives(
    user: AnyUser, initiatives: QuerySet[Initiative] | None = None
) -> QuerySet[Initiative]:
    """`initiatives` (all by default) narrowed to those `user` may see; every list goes through it."""
    initiatives = Initiative.objects.all() if initiatives is None else initiatives
    if is_moderator(user):
        return initiatives
    public = Q(status__in=sorted(PUBLIC_STATUSES))
    if not is_active_user(user):
        return initiatives.filter(public)
    return initiatives.filter(public | authored_q(user))


def authored_q(user: AnyUser) -> Q:
    coauthored = CoAuthor.objects.filter(user_id=user.pk).values("initiative_id")
    return Q(author_id=user.pk) | Q(pk__in=coauthored)


_CHECKS = {
    "edit": may_edit,
    "moderate": lambda user, initiative: is_moderator(user),
    "review": lambda user, initiative: is_commission(user),
    "answer": may_answer,
}


def initiative_for_user(user: AnyUser, pk: int, *, action: Action = "view") -> Initiative:
    """The initiative with this id, if `user` may see it and do `action` with it.

    Raises Http404 when there is none or the user may not see it (the same answer), and
    PermissionDenied when the user sees it but the action is not theirs to take."""
    initiative = (
        Initiative.objects.select_related("author", "body", "body__region", "merged_into")
        .prefetch_related("coauthors__user", "regions", "settlements")
        .filter(pk=pk)
        .first()
    )
    if initiative is None or not may_view(user, initiative):
        raise Http404
    if action != "view" and not _CHECKS[action](user, initiative):
        raise PermissionDenied
    return initiative
