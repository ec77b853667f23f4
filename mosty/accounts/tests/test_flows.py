"""Sign-up with e-mail confirmation, sign-in, sign-out and password reset, through the browser's requests."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from mosty.accounts.models import Role, User
from mosty.accounts.tests.conftest import PASSWORD, link_in_last_mail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "wide-river-crossing-7"


def _sign_up(client: Client, email: str = "new@example.org") -> None:
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()


def _sign_in(client: Client, email: str, password: str) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_creates_a_citizen_and_sends_a_confirmation_email(client_en: Client) -> None:
    _sign_up(client_en)

    user = User.objects.get(email="new@example.org")
    assert user.role == Role.CITIZEN
    assert not user.is_staff
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert mail.outbox[0].subject.startswith("[Mosty] ")
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_unconfirmed_account_cannot_sign_in(client_en: Client) -> None:
    _sign_up(client_en)
    client = Client()
    client.cookies["mosty_language"] = "en"

    response = _sign_in(client, "new@example.org", NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("account_email_verification_sent"))
    assert "Verify Your Email Address" in page.content.decode()


def test_confirmation_link_verifies_the_address_and_then_sign_in_works(client_en: Client) -> None:
    _sign_up(client_en)
    link = link_in_last_mail()

    page = client_en.get(link)
    assert "Confirm Email Address" in page.content.decode()
    assert "new@example.org" in page.content.decode()
    confirmed = client_en.post(link)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified
    response = _sign_in(client_en, "new@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client_en.session["_auth_user_id"] == str(User.objects.get(email="new@example.org").pk)


def test_sign_up_with_a_taken_email_reveals_nothing_and_mails_the_owner(
    client_en: Client, citizen: User
) -> None:
    response = client_en.post(
        reverse("account_signup"),
        {"email": citizen.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    # The page looks as for a new address, so nobody learns which addresses have accounts.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=citizen.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]
    assert "an account using that email address already exists" in mail.outbox[0].body


def test_sign_up_with_mismatched_passwords_keeps_the_email_typed(client_en: Client) -> None:
    response = client_en.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "You must type the same password each time." in html
    assert 'value="new@example.org"' in html
    assert not User.objects.filter(email="new@example.org").exists()


def test_sign_up_with_a_short_password_shows_the_rule(client_en: Client) -> None:
    response = client_en.post(
        reverse("account_signup"), {"email": "new@example.org", "password1": "short", "password2": "short"}
    )

    assert "This password is too short. It must contain at least 10 characters." in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_wrong_password_shows_an_error_and_does_not_sign_in(client_en: Client, citizen: User) -> None:
    response = _sign_in(client_en, citizen.email, "not-the-password")

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert "_auth_user_id" not in client_en.session


def test_sign_out_ends_the_session(client_en: Client, citizen: User) -> None:
    assert _sign_in(client_en, citizen.email, PASSWORD).status_code == 302

    response = client_en.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client_en.session
    profile = client_en.get(reverse("accounts:profile"))
    assert profile.status_code == 302
    assert profile["Location"].startswith(reverse("account_login"))


def test_password_reset_by_email_sets_a_new_password(client_en: Client, citizen: User) -> None:
    response = client_en.post(reverse("account_reset_password"), {"email": citizen.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]

    link = link_in_last_mail()
    form_page = client_en.get(link, follow=True)
    assert "Change Password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client_en.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert _sign_in(Client(), citizen.email, NEW_PASSWORD).status_code == 302


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_no_reset_link(
    client_en: Client,
) -> None:
    response = client_en.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)


def test_login_page_uses_the_platform_layout_with_labelled_fields(client_en: Client) -> None:
    html = client_en.get(reverse("account_login")).content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert html.count("<h1") == 1
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
