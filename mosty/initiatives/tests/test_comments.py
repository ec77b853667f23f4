"""Comments on an initiative's page (the comments app): official when the competent body's
representative writes, open once published, the same 404 for an initiative one may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mosty import factories
from mosty.comments import services as comments
from mosty.initiatives.models import Initiative, InitiativeStatus
from mosty.initiatives.tests.conftest import Advance

pytestmark = pytest.mark.django_db


def test_the_body_representatives_comment_is_official(advance: Advance, body_user: Any) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    official = comments.comment_create(
        author=body_user, kind="initiative", target_id=initiative.pk, body="Изучаем."
    )
    citizen = comments.comment_create(
        author=factories.UserFactory.create(), kind="initiative", target_id=initiative.pk, body="Поддерживаю!"
    )
    assert official.is_official is True
    assert citizen.is_official is False
    client = Client()
    client.cookies["mosty_language"] = "en"
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Изучаем." in page and "Поддерживаю!" in page
    assert "comment-official" in page


def test_no_comments_before_publication_and_404_for_outsiders(draft: Initiative, author: Any) -> None:
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        comments.comment_create(author=author, kind="initiative", target_id=draft.pk, body="Черновик")
    assert str(refused.value) == "Comments open once the initiative is published."
    with pytest.raises(Http404):
        comments.comment_create(
            author=factories.UserFactory.create(), kind="initiative", target_id=draft.pk, body="Чужой"
        )


def test_followers_hear_of_a_new_comment(advance: Advance, author: Any) -> None:
    from mosty.core.models import Notification

    initiative = advance(InitiativeStatus.COLLECTING)
    before = Notification.objects.filter(recipient=author).count()
    comments.comment_create(
        author=factories.UserFactory.create(),
        kind="initiative",
        target_id=initiative.pk,
        body="Отличная идея",
    )
    assert Notification.objects.filter(recipient=author).count() == before + 1
