"""Helpers for the account tests: authenticator apps and their current codes."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.core import mail
from django.test import Client

from mosty.accounts.models import User

PASSWORD = "correct-horse-battery"  # the factories' password


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret (as allauth computes it)."""
    now = list(counters())[len(list(counters())) // 2]
    return format_hotp_value(hotp_value(secret, now))


def activate_totp(user: User) -> str:
    """Turns on an authenticator app with recovery codes for `user`; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user: User) -> list[str]:
    instance = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(instance).get_unused_codes()


def link_in_last_mail() -> str:
    match = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.fixture
def client_en(client: Client) -> Client:
    """A browser that has chosen English."""
    client.cookies["mosty_language"] = "en"
    return client
