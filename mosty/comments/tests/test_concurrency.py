"""PostgreSQL only: requests of one user in parallel (several processes in production) keep the
rate limit, and parallel supports keep an exact counter."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from mosty import factories
from mosty.accounts.models import User
from mosty.comments import services
from mosty.comments.models import Comment, CommentSupport
from mosty.comments.registry import TargetKind
from mosty.events.models import Event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
    pytest.mark.django_db(transaction=True),
]


def _at_once(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[call]) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_parallel_comments_of_one_user_keep_the_rate_limit(
    public_kind: TargetKind, event: Event, citizen: User, settings: Any
) -> None:
    settings.MOSTY_COMMENT_RATE = 3

    def write(number: int) -> Callable[[], Comment]:
        return lambda: services.comment_create(
            author=citizen, kind="test_event", target_id=event.pk, body=f"Комментарий {number}"
        )

    results, errors = _at_once([write(number) for number in range(6)])
    assert len(results) == 3
    assert [getattr(error, "code", None) for error in errors] == ["rate_limited"] * 3
    assert Comment.objects.count() == 3


def test_parallel_supports_keep_an_exact_counter(
    public_kind: TargetKind, event: Event, citizen: User
) -> None:
    comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Идея")
    supporters = [factories.UserFactory.create() for _ in range(5)]
    twice = supporters[0]

    def support(user: User) -> Callable[[], Comment]:
        return lambda: services.comment_support(user=user, comment=Comment.objects.get(pk=comment.pk))

    results, errors = _at_once([support(user) for user in [*supporters, twice]])
    assert len(results) == 5
    assert [getattr(error, "code", None) for error in errors] == ["already_supported"]
    comment.refresh_from_db()
    assert comment.support_count == 5 == CommentSupport.objects.filter(comment=comment).count()
