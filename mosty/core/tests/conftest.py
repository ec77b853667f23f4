"""Helpers for the notification tests: users by e-mail preference, a test unsubscribe scope, a mailbox
that is down."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from mosty import factories
from mosty.accounts.models import EmailFrequency, User
from mosty.core import unsubscribe

SITE = "https://mosty.example"


class BrokenMailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def https_site(settings: Any) -> str:
    settings.SITE_URL = SITE
    return SITE


@pytest.fixture
def daily_user(db: None) -> User:
    return factories.UserFactory.create(email_frequency=EmailFrequency.DAILY, language="ru")


@pytest.fixture
def test_scope() -> Iterator[list[tuple[int, str]]]:
    """A scope "test:<n>" whose handler records what it muted."""
    muted: list[tuple[int, str]] = []

    def handler(user: User, scope: str) -> str:
        muted.append((user.pk, scope))
        return f"Muted {scope}"

    unsubscribe.register_scope("test", handler)
    yield muted
    unsubscribe._handlers.pop("test", None)


def path_of(url: str) -> str:
    return urlsplit(url).path


def unsubscribe_link(text: str) -> str:
    match = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", text)
    assert match, text
    return match.group(0)
