"""The comments API router, called through django-ninja's test client (the coordinator mounts it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from ninja.testing import TestClient

from mosty.accounts.models import User
from mosty.comments import services
from mosty.comments.api import router
from mosty.comments.registry import TargetKind
from mosty.comments.tests.conftest import Cast
from mosty.events.models import Event

pytestmark = pytest.mark.django_db

client = TestClient(router)


def _get(path: str, user: Any) -> Any:
    return client.get(path, user=user)


def test_comments_with_replies_and_hidden_ones_without_their_text(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User, moderator: User
) -> None:
    top = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="**Да**")
    services.comment_create(
        author=other_citizen, kind="test_event", target_id=event.pk, body="Нет", parent=top
    )
    spam = services.comment_create(author=other_citizen, kind="test_event", target_id=event.pk, body="Спам")
    services.comment_hide(actor=moderator, comment=spam, reason="Реклама")
    response = _get(f"comments/test_event/{event.pk}", AnonymousUser())
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first, second = data["items"]
    assert first["html"] == "<p><strong>Да</strong></p>"
    assert first["text"] == "**Да**"
    assert [reply["text"] for reply in first["replies"]] == ["Нет"]
    assert second["hidden"] is True
    assert second["text"] is None and second["html"] is None
    assert second["hidden_reason"] == "Реклама"


def test_private_comments_only_for_members(
    private_kind: TargetKind, cast: Cast, event: Event, citizen: User, other_citizen: User
) -> None:
    cast.members.add(citizen.pk)
    services.comment_create(author=citizen, kind="test_private", target_id=event.pk, body="Своим")
    assert _get(f"comments/test_private/{event.pk}", citizen).json()["count"] == 1
    assert _get(f"comments/test_private/{event.pk}", other_citizen).status_code == 404
    assert _get(f"comments/test_private/{event.pk}", AnonymousUser()).status_code == 404
    assert _get(f"comments/unknown/{event.pk}", citizen).status_code == 404
