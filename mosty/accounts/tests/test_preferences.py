"""The user's language and e-mail preferences: the profile form, the service, and sign-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mosty.accounts.models import EmailFrequency, User
from mosty.accounts.services import user_set_preferences
from mosty.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-unusual-passphrase-42"


def test_a_new_user_gets_russian_and_immediate_emails_by_default(citizen: User) -> None:
    assert citizen.language == "ru"
    assert citizen.email_frequency == EmailFrequency.IMMEDIATELY


def test_the_profile_shows_the_preferences_with_the_current_choice(client_en: Client, citizen: User) -> None:
    user_set_preferences(actor=citizen, user=citizen, language="be", email_frequency=EmailFrequency.DAILY)
    client_en.force_login(citizen)

    html = client_en.get(reverse("accounts:profile")).content.decode()

    assert "Language and e-mails" in html
    assert f'action="{reverse("accounts:preferences")}"' in html
    assert '<option value="be" selected>' in html
    assert 'name="email_frequency" value="daily" required id="id_email_frequency_1" checked>' in html
    assert "one daily digest" in html


def test_saving_the_preferences_is_audited_and_switches_the_interface(
    client_en: Client, citizen: User
) -> None:
    client_en.force_login(citizen)

    response = client_en.post(
        reverse("accounts:preferences"), {"language": "en", "email_frequency": EmailFrequency.NEVER}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert response.cookies["mosty_language"].value == "en"
    citizen.refresh_from_db()
    assert (citizen.language, citizen.email_frequency) == ("en", EmailFrequency.NEVER)
    entry = AuditEntry.objects.get(object_id=str(citizen.pk))
    assert entry.actor == citizen
    assert entry.changes["language"] == ["ru", "en"]
    assert entry.changes["email_frequency"] == ["immediately", "never"]
    page = client_en.get(reverse("accounts:profile")).content.decode()
    assert "Your e-mail settings have been saved." in page


def test_an_unknown_choice_is_refused_and_nothing_changes(client_en: Client, citizen: User) -> None:
    client_en.force_login(citizen)

    response = client_en.post(
        reverse("accounts:preferences"), {"language": "de", "email_frequency": "hourly"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. de is not one of the available choices." in html
    assert "Select a valid choice. hourly is not one of the available choices." in html
    citizen.refresh_from_db()
    assert (citizen.language, citizen.email_frequency) == ("ru", EmailFrequency.IMMEDIATELY)
    assert not AuditEntry.objects.filter(object_id=str(citizen.pk)).exists()


def test_preferences_need_sign_in_and_a_post(client: Client, citizen: User) -> None:
    response = client.post(reverse("accounts:preferences"), {"language": "en", "email_frequency": "never"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(citizen)
    assert client.get(reverse("accounts:preferences")).status_code == 405


def test_the_service_refuses_unknown_values(citizen: User) -> None:
    with pytest.raises(ValidationError) as language:
        user_set_preferences(actor=citizen, user=citizen, language="de")
    with pytest.raises(ValidationError) as frequency:
        user_set_preferences(actor=citizen, user=citizen, email_frequency="hourly")

    with translation.override("en"):
        assert language.value.message_dict == {"language": ["Unknown language."]}
        assert frequency.value.message_dict == {"email_frequency": ["Unknown e-mail setting."]}


def test_only_the_user_or_an_administrator_sets_the_preferences(
    citizen: User, representative: User, administrator: User
) -> None:
    with pytest.raises(PermissionDenied):
        user_set_preferences(actor=representative, user=citizen, language="en")

    user_set_preferences(actor=administrator, user=citizen, language="en")

    citizen.refresh_from_db()
    assert citizen.language == "en"
    assert AuditEntry.objects.get(object_id=str(citizen.pk)).actor == administrator


def test_only_what_is_given_changes_and_no_change_writes_no_audit_row(citizen: User) -> None:
    user_set_preferences(actor=citizen, user=citizen, email_frequency=EmailFrequency.DAILY)
    user_set_preferences(actor=citizen, user=citizen, email_frequency=EmailFrequency.DAILY)

    citizen.refresh_from_db()
    assert (citizen.language, citizen.email_frequency) == ("ru", EmailFrequency.DAILY)
    assert AuditEntry.objects.filter(object_id=str(citizen.pk)).count() == 1


def test_signing_up_keeps_the_interface_language_as_the_users_language(client: Client) -> None:
    client.cookies["mosty_language"] = "be"

    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").language == "be"


def test_signing_up_in_the_default_language_keeps_russian(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert User.objects.get(email="new@example.org").language == "ru"


@pytest.mark.urls("mosty.accounts.tests.language_switch_urls")
def test_switching_the_interface_language_keeps_it_as_the_users_language(
    client: Client, citizen: User
) -> None:
    client.force_login(citizen)

    response = client.post(reverse("set_language"), {"language": "be", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["mosty_language"].value == "be"
    citizen.refresh_from_db()
    assert citizen.language == "be"
    assert AuditEntry.objects.get(object_id=str(citizen.pk)).changes["language"] == ["ru", "be"]


@pytest.mark.urls("mosty.accounts.tests.language_switch_urls")
def test_a_visitor_or_an_unknown_language_switch_changes_no_account(client: Client, citizen: User) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["mosty_language"].value == "en"

    client.force_login(citizen)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    citizen.refresh_from_db()
    assert citizen.language == "ru"
    assert not AuditEntry.objects.filter(object_id=str(citizen.pk)).exists()
