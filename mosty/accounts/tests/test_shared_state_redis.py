"""With Redis configured, the state several app processes must share lives there: the login throttle
and the session. Runs when TEST_REDIS_URL points at a real Redis (CI sets it); skipped otherwise."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from mosty.accounts.models import User
from mosty.accounts.tests.conftest import PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set (CI sets it to the local Redis)"),
]

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def redis_state(settings: object) -> Iterator[None]:
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mosty-test",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"  # type: ignore[attr-defined]
    caches["default"].clear()
    yield
    caches["default"].clear()


def _fail(email: str, ip: str) -> None:
    client = Client(REMOTE_ADDR=ip)
    client.cookies["mosty_language"] = "en"
    client.post(reverse("account_login"), {"login": email, "password": "wrong-password"})


def test_failed_logins_are_counted_in_redis_across_clients(redis_state: None, citizen: User) -> None:
    for number in range(5):
        _fail(citizen.email, ip=f"192.0.2.{number + 1}")
    keys = caches["default"]._cache.get_client().keys("*")  # type: ignore[attr-defined]
    assert any(b"ratelimit" in key or b"rl:" in key for key in keys)

    client = Client(REMOTE_ADDR="198.51.100.9")
    client.cookies["mosty_language"] = "en"
    response = client.post(reverse("account_login"), {"login": citizen.email, "password": PASSWORD})

    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_lives_in_redis(redis_state: None, citizen: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": citizen.email, "password": PASSWORD})
    session_key = client.session.session_key
    assert session_key
    stored = caches["default"].get(f"django.contrib.sessions.cache{session_key}")
    assert stored is not None and stored["_auth_user_id"] == str(citizen.pk)
