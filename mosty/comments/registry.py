"""The kinds of object people comment on, each declared once by the app that owns it.

An app registers its kind in its AppConfig.ready():

    register_target(TargetKind(kind="event", get=..., may_comment=..., url=...))

The comments app never imports the owning apps: every question about a target (may this user see
it, comment on it, moderate it; where is its page; who hears of new comments) is asked through
the kind's callables. `get` is the one way to a target: it gives the same Http404 for a missing and
a forbidden target, and every page, service and notification of this app goes through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from mosty.accounts.access import role_of
from mosty.accounts.models import Role

# Roles that moderate comments everywhere unless a kind says otherwise.
MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.COMMISSION, Role.ADMIN})


def _never(user: Any, target: Any) -> bool:
    return False


def _staff(user: Any, target: Any) -> bool:
    return role_of(user) in MODERATOR_ROLES


@dataclass(frozen=True)
class TargetKind:
    kind: str  # "initiative", "event", "consultation_paragraph", "workspace_thread"
    get: Callable[[Any, int], Any]  # (user, target_id) -> target the user may SEE, or raise Http404
    may_comment: Callable[[Any, Any], str | None]  # (user, target) -> None if allowed, else the refusal
    url: Callable[[Any], str]  # target -> URL of the page showing its comments
    is_official: Callable[[Any, Any], bool] = _never  # (user, target) -> the comment is marked official
    may_moderate: Callable[[Any, Any], bool] = _staff  # (user, target) -> may hide/restore
    audience: Callable[[Any], Iterable[Any]] | None = None  # target -> users told of new top-level comments
    private: bool = False  # content only for members: never in the public moderation queue
    allow_proposals: bool = False  # a comment may carry a proposed new wording (consultations)
    allow_support: bool = False  # others may support a comment (consultations)
    visible_ids: Callable[[Any], Iterable[int]] | None = None  # user -> target ids they may see (private)


_KINDS: dict[str, TargetKind] = {}


def register_target(kind: TargetKind) -> None:
    """Declare a kind of target; called from the owning app's AppConfig.ready()."""
    if not kind.kind or len(kind.kind) > 40:
        raise ImproperlyConfigured(
            f"A comment target kind needs a name of 1 to 40 characters: {kind.kind!r}."
        )
    if kind.private and kind.visible_ids is None:
        raise ImproperlyConfigured(f"The private comment target kind {kind.kind!r} needs visible_ids.")
    existing = _KINDS.get(kind.kind)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"The comment target kind {kind.kind!r} is registered twice.")
    _KINDS[kind.kind] = kind


def unregister_target(kind: str) -> None:
    """Forget a kind (for tests that register kinds of their own)."""
    _KINDS.pop(kind, None)


def target_kind(kind: str) -> TargetKind:
    """The registered kind; Http404 for an unknown one (kinds arrive in URLs)."""
    try:
        return _KINDS[kind]
    except KeyError:
        raise Http404 from None


def registered_kinds() -> list[TargetKind]:
    return list(_KINDS.values())


def may_moderate_everywhere(kind: TargetKind) -> bool:
    """Whether the kind keeps the default rule (moderators, commission, admin), so the moderation
    queue need not ask it target by target."""
    return kind.may_moderate is _staff
