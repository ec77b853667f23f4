"""The staff admin of comments: audited changes, and private comments only for those who may see them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.comments import services
from mosty.comments.models import Comment
from mosty.comments.registry import TargetKind
from mosty.comments.tests.conftest import Cast
from mosty.core.models import AuditEntry
from mosty.events.models import Event

pytestmark = pytest.mark.django_db


def test_admin_lists_public_comments_and_private_ones_only_to_members(
    client: Client,
    public_kind: TargetKind,
    private_kind: TargetKind,
    cast: Cast,
    event: Event,
    citizen: User,
    moderator: User,
    no_staff_mfa: None,
) -> None:
    cast.members.add(citizen.pk)
    services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Открытый текст")
    services.comment_create(author=citizen, kind="test_private", target_id=event.pk, body="Закрытый текст")
    client.force_login(moderator)
    html = client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert "Открытый текст" in html
    assert "Закрытый текст" not in html
    cast.members.add(moderator.pk)
    html = client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert "Закрытый текст" in html


def test_admin_change_is_audited(
    client: Client,
    public_kind: TargetKind,
    event: Event,
    citizen: User,
    administrator: User,
    no_staff_mfa: None,
) -> None:
    comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Текст")
    client.force_login(administrator)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "is_hidden": "on",
            "hidden_reason": "Нарушение правил",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    comment.refresh_from_db()
    assert comment.is_hidden
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(comment.pk), actor=administrator
    ).exists()


@pytest.mark.parametrize("reported", [2, 12])
def test_moderation_page_takes_a_fixed_number_of_queries(
    client: Client,
    public_kind: TargetKind,
    event: Event,
    moderator: User,
    no_staff_mfa: None,
    settings: Any,
    reported: int,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    settings.MOSTY_COMMENT_RATE = 1000
    author, reporter = factories.UserFactory.create(), factories.UserFactory.create()
    for number in range(reported):
        comment = services.comment_create(
            author=author, kind="test_event", target_id=event.pk, body=f"Текст {number}"
        )
        services.comment_report(reporter=reporter, comment=comment, reason="Спам")
    client.force_login(moderator)
    client.get(reverse("comments:moderation"))  # the session and the user are cached after the first request
    # The same number of queries for 2 and for 12 reported comments.
    with django_assert_num_queries(11):  # 10, and the unread-notifications badge
        response = client.get(reverse("comments:moderation"))
    assert response.content.decode().count('class="card comment"') == reported
    assert Comment.objects.count() == reported
