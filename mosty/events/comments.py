"""Events as sources elsewhere on the platform: comments on an event and decisions in the engine.

Both registries are filled in EventsConfig.ready() (`register`). An event of a workspace stays
private in both: comments on it are seen (and moderated) by the workspace's members only, and the
engine gets neither its title nor its page for a reader outside the workspace.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mosty.accounts.access import role_of
from mosty.events import access
from mosty.events.models import Event

COMMENT_KIND = "event"
DECISION_SOURCE_KIND = "event"


def _may_comment(user: Any, event: Event) -> str | None:
    return None


def _may_moderate(user: Any, event: Event) -> bool:
    if event.workspace_id is not None:
        return access.is_workspace_admin(user, event.workspace_id)
    from mosty.comments.registry import MODERATOR_ROLES

    return role_of(user) in MODERATOR_ROLES


def _visible_ids(user: Any) -> Iterable[int]:
    return access.visible_events(user).values_list("pk", flat=True)


def _event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def _source_url(pk: int) -> str | None:
    if not Event.objects.filter(pk=pk, workspace__isnull=True).exists():
        return None
    return reverse("events:detail", args=[pk])


def _source_titles(ids: Iterable[int]) -> dict[int, str]:
    return {event.pk: event.title for event in Event.objects.filter(pk__in=list(ids), workspace__isnull=True)}


def register() -> None:
    try:
        from mosty.comments.registry import TargetKind, register_target
    except ImportError:  # the comments app is not installed
        pass
    else:
        register_target(
            TargetKind(
                kind=COMMENT_KIND,
                get=lambda user, pk: access.event_for_user(user, pk),
                may_comment=_may_comment,
                url=_event_url,
                may_moderate=_may_moderate,
                # Mixed: public events for everyone, workspace events for members; `visible_ids`
                # tells the moderation queue and the admin which are whose.
                private=True,
                visible_ids=_visible_ids,
            )
        )
    from mosty.commitments.sources import register_source

    register_source(DECISION_SOURCE_KIND, label=_("Event"), url=_source_url, title=_source_titles)


def comments_context(request: HttpRequest, event_pk: int) -> dict[str, Any]:
    """The comment section of an event page (empty when the comments app is not there)."""
    try:
        from mosty.comments.context import comments_context as context
    except ImportError:
        return {}
    return context(request, COMMENT_KIND, event_pk)
