"""Sign-in throttling: after repeated failures, per account and per address, further attempts are refused.

The limits are the configured ones: ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/5m/key".
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."
PER_ACCOUNT = 5
PER_IP = 10


def _attempt(email: str, password: str, ip: str = "192.0.2.1", language: str = "en") -> tuple[int, str]:
    client = Client(REMOTE_ADDR=ip)
    client.cookies["mosty_language"] = language
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    signed_in = "_auth_user_id" in client.session
    return (302 if signed_in else response.status_code), response.content.decode()


def test_limits_are_the_configured_ones(settings: object) -> None:
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"  # type: ignore[attr-defined]


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(citizen: User) -> None:
    for _ in range(PER_ACCOUNT):
        _status, html = _attempt(citizen.email, "wrong-password")
        assert TOO_MANY not in html

    status, html = _attempt(citizen.email, PASSWORD)

    assert status == 200
    assert TOO_MANY in html


def test_account_limit_holds_from_another_address(citizen: User) -> None:
    for number in range(PER_ACCOUNT):
        _attempt(citizen.email, "wrong-password", ip=f"192.0.2.{number + 1}")

    status, html = _attempt(citizen.email, PASSWORD, ip="198.51.100.7")

    assert status == 200
    assert TOO_MANY in html


def test_account_limit_does_not_lock_other_accounts(citizen: User, representative: User) -> None:
    for _ in range(PER_ACCOUNT):
        _attempt(citizen.email, "wrong-password")

    status, _html = _attempt(representative.email, PASSWORD)

    assert status == 302


def test_address_is_blocked_after_failures_across_many_accounts() -> None:
    users = [factories.UserFactory() for _ in range(PER_IP + 1)]
    for user in users[:PER_IP]:
        _status, html = _attempt(user.email, "wrong-password", ip="203.0.113.5")
        assert TOO_MANY not in html

    blocked_status, blocked_html = _attempt(users[PER_IP].email, PASSWORD, ip="203.0.113.5")
    other_status, _html = _attempt(users[PER_IP].email, PASSWORD, ip="203.0.113.6")

    assert blocked_status == 200
    assert TOO_MANY in blocked_html
    assert other_status == 302


def test_successful_sign_in_does_not_use_up_the_allowance(citizen: User) -> None:
    for _ in range(PER_ACCOUNT + 2):
        status, _html = _attempt(citizen.email, PASSWORD)
        assert status == 302


def test_throttling_message_is_in_belarusian(citizen: User) -> None:
    for _ in range(PER_ACCOUNT):
        _attempt(citizen.email, "wrong-password", language="be")

    _status, html = _attempt(citizen.email, PASSWORD, language="be")

    assert "Занадта шмат няўдалых спроб уваходу. Паспрабуйце пазней." in html


def test_too_many_password_reset_requests_get_the_platform_429_page(citizen: User) -> None:
    client = Client()
    client.cookies["mosty_language"] = "en"
    for _ in range(5):
        assert client.post(reverse("account_reset_password"), {"email": citizen.email}).status_code == 302

    response = client.post(reverse("account_reset_password"), {"email": citizen.email})

    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in html
    assert '<a class="skip-link" href="#main">' in html
    assert len(mail.outbox) == 5
