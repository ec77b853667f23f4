"""API tokens: made on the profile, the secret shown once and only its hash kept, revoked or expired
tokens refused with 401 in the API's error shape, audit rows without the hash."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mosty import factories
from mosty.accounts import tokens
from mosty.accounts.models import ApiToken, User
from mosty.accounts.tests.conftest import activate_totp
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"error": {"code": "unauthenticated", "message": "Sign in to use this resource."}}


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


def _write(client: Client, secret: str) -> int:
    """A write any valid token reaches (and is then refused on its merits): 401 only for the token."""
    return client.post(
        "/api/v1/commitments/999999/reports", {"text": "x"}, content_type="application/json",
        headers=_bearer(secret),
    ).status_code  # fmt: skip


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client_en: Client, citizen: User) -> None:
    client_en.force_login(citizen)

    response = client_en.post(reverse("accounts:api_tokens"), {"name": "Импорт", "lifetime": "30"})
    html = response.content.decode()
    secret = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get()

    assert "Copy it now: it is shown only once" in html
    assert response["Cache-Control"] == "no-store"
    assert token.user == citizen
    assert token.name == "Импорт"
    assert token.prefix == secret[:8]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.key_hash}
    assert token.expires_at is not None
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(
        minutes=1
    )
    later = client_en.get(reverse("accounts:api_tokens")).content.decode()
    assert secret not in later
    assert f"<code>{token.prefix}…</code>" in later


def test_making_a_token_is_audited_without_its_hash(citizen: User) -> None:
    token, _secret = tokens.api_token_create(actor=citizen, user=citizen, name="script")

    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(ApiToken))

    assert entry.actor == citizen
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["name"] == [None, "script"]
    assert "key_hash" not in entry.changes
    assert token.key_hash not in str(entry.changes)


def test_a_token_acts_as_its_user_until_revoked_then_401(client: Client, citizen: User) -> None:
    token, secret = tokens.api_token_create(actor=citizen, user=citizen, name="script")

    assert _write(client, secret) == 404  # authenticated; the commitment does not exist
    tokens.api_token_revoke(actor=citizen, token=token)
    response = client.post(
        "/api/v1/commitments/1/reports",
        {"text": "x"},
        content_type="application/json",
        headers=_bearer(secret),
    )

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert ApiToken.objects.get().revoked_at is not None


def test_an_expired_token_is_refused(client: Client, citizen: User) -> None:
    token, secret = tokens.api_token_create(
        actor=citizen, user=citizen, name="short", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert _write(client, secret) == 401
    assert client.get("/api/v1/agreements", headers=_bearer(secret)).status_code == 401


def test_unknown_or_missing_tokens_are_refused_on_writes(client: Client) -> None:
    assert _write(client, "not-a-token") == 401
    missing = client.post("/api/v1/commitments/1/reports", {"text": "x"}, content_type="application/json")
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthenticated"


def test_reads_work_without_a_token(client: Client) -> None:
    assert client.get("/api/v1/agreements").status_code == 200


def test_a_deactivated_users_token_is_refused(client: Client, citizen: User) -> None:
    _token, secret = tokens.api_token_create(actor=citizen, user=citizen, name="script")
    User.objects.filter(pk=citizen.pk).update(is_active=False)

    assert _write(client, secret) == 401


def test_use_is_noted_on_the_token(client: Client, citizen: User) -> None:
    token, secret = tokens.api_token_create(actor=citizen, user=citizen, name="script")

    client.get("/api/v1/agreements", headers=_bearer(secret))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoking_on_the_page(client_en: Client, citizen: User) -> None:
    token, _secret = tokens.api_token_create(actor=citizen, user=citizen, name="script")
    client_en.force_login(citizen)

    response = client_en.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "The token “script” has been revoked." in response.content.decode()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.actor == citizen
    assert list(entry.changes) == ["revoked_at"]


def test_nobody_revokes_someone_elses_token_on_the_page(client: Client, citizen: User) -> None:
    token, _secret = tokens.api_token_create(actor=citizen, user=citizen, name="script")
    client.force_login(factories.UserFactory())

    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_staff_need_two_factor_to_make_and_to_use_a_token(client: Client, coordinator: User) -> None:
    with pytest.raises(ApplicationError) as refused:
        tokens.api_token_create(actor=coordinator, user=coordinator, name="script")
    assert refused.value.code == "two_factor_required"

    activate_totp(coordinator)
    _token, secret = tokens.api_token_create(actor=coordinator, user=coordinator, name="script")
    assert _write(client, secret) == 404
    coordinator.authenticator_set.all().delete()  # two-factor switched off afterwards
    assert _write(client, secret) == 401


def test_the_tokens_page_refuses_staff_without_two_factor_with_a_message(
    client_en: Client, commission_member: User
) -> None:
    client_en.force_login(commission_member)

    html = client_en.post(
        reverse("accounts:api_tokens"), {"name": "script", "lifetime": "never"}
    ).content.decode()

    assert "Turn on two-factor authentication before you make an API token" in html
    assert not ApiToken.objects.exists()


def test_profile_links_to_the_tokens(client_en: Client, citizen: User) -> None:
    tokens.api_token_create(actor=citizen, user=citizen, name="script")
    client_en.force_login(citizen)

    html = client_en.get(reverse("accounts:profile")).content.decode()

    assert "You have 1 active API token." in html
    assert f'href="{reverse("accounts:api_tokens")}"' in html


def test_a_token_needs_a_name_and_a_future_expiry(citizen: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        tokens.api_token_create(actor=citizen, user=citizen, name="  ")
    with pytest.raises(ValidationError):
        tokens.api_token_create(
            actor=citizen, user=citizen, name="x", expires_at=timezone.now() - datetime.timedelta(days=1)
        )
    assert not ApiToken.objects.exists()
