from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mosty.accounts.models import User
from mosty.accounts.tests.conftest import activate_totp
from mosty.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_profile_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_shows_name_email_role_and_account_links(client_en: Client, citizen: User) -> None:
    client_en.force_login(citizen)

    html = client_en.get(reverse("accounts:profile")).content.decode()

    assert "<h1>Your profile</h1>" in html
    assert citizen.full_name in html
    assert citizen.email in html
    assert "Citizen" in html
    assert "confirmed" in html
    assert f'href="{reverse("account_change_password")}"' in html
    assert f'href="{reverse("account_email")}"' in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert "Coordinated region" not in html


def test_profile_of_a_coordinator_shows_the_region_and_the_two_factor_state(
    client_en: Client, coordinator: User
) -> None:
    activate_totp(coordinator)
    client_en.force_login(coordinator)

    html = client_en.get(reverse("accounts:profile")).content.decode()

    assert "Regional coordinator" in html
    assert "Coordinated region" in html
    assert "Smolensk Oblast" in html
    assert '<span class="badge badge-ok">on</span>' in html


def test_profile_name_change_is_saved_and_audited(client_en: Client, citizen: User) -> None:
    client_en.force_login(citizen)

    response = client_en.post(reverse("accounts:profile"), {"full_name": "Марына Іванова"}, follow=True)

    citizen.refresh_from_db()
    assert citizen.full_name == "Марына Іванова"
    assert "Your profile has been saved." in response.content.decode()
    entry = AuditEntry.objects.get(object_id=str(citizen.pk))
    assert entry.actor == citizen
    assert entry.changes["full_name"][1] == "Марына Іванова"


def test_profile_with_a_too_long_name_shows_the_error_and_keeps_the_text(
    client_en: Client, citizen: User
) -> None:
    client_en.force_login(citizen)
    too_long = "Я" * 201

    response = client_en.post(reverse("accounts:profile"), {"full_name": too_long})

    html = response.content.decode()
    assert "Ensure this value has at most 200 characters" in html
    assert f'value="{too_long}"' in html
    citizen.refresh_from_db()
    assert citizen.full_name != too_long
    assert not AuditEntry.objects.exists()
