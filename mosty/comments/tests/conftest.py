"""Two comment target kinds registered over events.Event for the tests: a public one ("test_event",
closed when the event's English title is "closed", with an audience and official marks for
organisation representatives) and a private one ("test_private", seen only by its members)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.comments.registry import TargetKind, register_target, unregister_target
from mosty.events.models import Event

CLOSED = _("Commenting is closed.")


class Cast:
    """Who hears of new comments, and who is a member of the private targets."""

    def __init__(self) -> None:
        self.audience: list[User] = []
        self.members: set[int] = set()


def _get_event(user: Any, target_id: int) -> Event:
    event = Event.objects.filter(pk=target_id).first()
    if event is None:
        raise Http404
    return event


def _may_comment(user: Any, event: Event) -> str | None:
    return str(CLOSED) if event.title_en == "closed" else None


def _url(event: Event) -> str:
    return f"/events/{event.pk}/"  # the event's page (no reverse: the test needs no URL configuration)


@pytest.fixture
def cast() -> Cast:
    return Cast()


@pytest.fixture
def public_kind(cast: Cast) -> Iterator[TargetKind]:
    kind = TargetKind(
        kind="test_event",
        get=_get_event,
        may_comment=_may_comment,
        url=_url,
        is_official=lambda user, event: user.role == Role.REPRESENTATIVE,
        audience=lambda event: list(cast.audience),
        allow_proposals=True,
        allow_support=True,
    )
    register_target(kind)
    yield kind
    unregister_target(kind.kind)


@pytest.fixture
def private_kind(cast: Cast) -> Iterator[TargetKind]:
    def get(user: Any, target_id: int) -> Event:
        if getattr(user, "pk", None) not in cast.members:
            raise Http404
        return _get_event(user, target_id)

    def visible_ids(user: Any) -> list[int]:
        if getattr(user, "pk", None) not in cast.members:
            return []
        return list(Event.objects.values_list("pk", flat=True))

    kind = TargetKind(
        kind="test_private",
        get=get,
        may_comment=_may_comment,
        url=_url,
        audience=lambda event: list(cast.audience),
        private=True,
        visible_ids=visible_ids,
    )
    register_target(kind)
    yield kind
    unregister_target(kind.kind)


@pytest.fixture
def event(db: None) -> Event:
    return factories.EventFactory.create(title_ru="Форум регионов в Смоленске", title_en="Forum in Smolensk")


@pytest.fixture
def closed_event(db: None) -> Event:
    return factories.EventFactory.create(title_en="closed")


@pytest.fixture
def other_citizen(db: None) -> User:
    return factories.UserFactory.create(role=Role.CITIZEN, full_name="Ирина Ковалёва")


@pytest.fixture
def unverified(db: None) -> User:
    return factories.UserFactory.create(role=Role.CITIZEN, verified_email=False)
