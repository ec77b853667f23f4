"""Where initiatives declare themselves to the platform's shared parts (called from AppConfig.ready()):
the comments on an initiative's page, the one-click unsubscribe of its notices, and the commitment
engine's list of sources. A part that is not installed yet is skipped."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mosty.initiatives.models import SOURCE_KIND

CONFIRM_TO_COMMENT = _("Confirm your e-mail address before you comment.")
NOT_PUBLISHED_YET = _("Comments open once the initiative is published.")


def _installed(module: str) -> Any | None:
    if importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module)


def initiative_url(pk: int) -> str:
    return reverse("initiatives:detail", args=[pk])


def _get(user: Any, pk: int) -> Any:
    from mosty.initiatives.access import initiative_for_user

    return initiative_for_user(user, pk)


def _may_comment(user: Any, initiative: Any) -> str | None:
    from mosty.initiatives.access import has_confirmed_email

    if not initiative.is_public:
        return str(NOT_PUBLISHED_YET)
    if not has_confirmed_email(user):
        return str(CONFIRM_TO_COMMENT)
    return None


def _is_official(user: Any, initiative: Any) -> bool:
    from mosty.initiatives.access import represents_body

    return represents_body(user, initiative)


def _audience(initiative: Any) -> list[Any]:
    from mosty.initiatives.services import followers_to_tell

    return followers_to_tell(initiative)


def _mute(user: Any, scope: str) -> str:
    from mosty.initiatives.services import initiative_mute

    return initiative_mute(user, scope)


def register() -> None:
    comments = _installed("mosty.comments.registry")
    if comments is not None:
        comments.register_target(
            comments.TargetKind(
                kind=SOURCE_KIND,
                get=_get,
                may_comment=_may_comment,
                url=lambda initiative: initiative_url(initiative.pk),
                is_official=_is_official,
                audience=_audience,
            )
        )
    unsubscribe = _installed("mosty.core.unsubscribe")
    if unsubscribe is not None:
        unsubscribe.register_scope(SOURCE_KIND, _mute)
    sources = _installed("mosty.commitments.sources")
    if sources is not None:
        sources.register_source(SOURCE_KIND, label=_("initiative"), url=initiative_url)
