"""One-click unsubscribe: a signed link; GET only asks, POST (button or RFC 8058 one-click) applies."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import EmailFrequency, User
from mosty.core import unsubscribe
from mosty.core.models import AuditEntry
from mosty.core.tests.conftest import path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en(client: Client) -> Client:
    client.cookies["mosty_language"] = "en"
    return client


def test_the_link_is_absolute_and_names_the_user_and_the_scope(citizen: User, https_site: str) -> None:
    url = unsubscribe.unsubscribe_url(citizen, "all")

    assert url.startswith(f"{https_site}/notifications/unsubscribe/")
    token = path_of(url).rstrip("/").rsplit("/", 1)[1]
    wish = unsubscribe.read_token(token)
    assert (wish.user, wish.scope) == (citizen, "all")


def test_opening_the_link_only_asks_to_confirm(client_en: Client, citizen: User) -> None:
    url = path_of(unsubscribe.unsubscribe_url(citizen))

    response = client_en.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Unsubscribe</h1>" in html
    assert f"Stop all e-mails from Mosty to {citizen.email}?" in html
    assert f'<form method="post" action="{url}">' in html
    assert "no-store" in response["Cache-Control"]
    citizen.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.IMMEDIATELY
    assert not AuditEntry.objects.filter(object_id=str(citizen.pk)).exists()


def test_the_confirm_button_stops_all_emails_and_is_audited(client_en: Client, citizen: User) -> None:
    url = path_of(unsubscribe.unsubscribe_url(citizen))

    response = client_en.post(url)

    assert response.status_code == 200
    assert "You will no longer receive e-mails from Mosty." in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.NEVER
    entry = AuditEntry.objects.get(object_id=str(citizen.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor == citizen
    assert entry.changes["email_frequency"] == ["immediately", "never"]


def test_a_mail_clients_one_click_post_works_without_a_session_or_csrf_token(citizen: User) -> None:
    mail_client = Client(enforce_csrf_checks=True)
    url = path_of(unsubscribe.unsubscribe_url(citizen))

    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.NEVER


def test_posting_twice_changes_nothing_more(client_en: Client, citizen: User) -> None:
    url = path_of(unsubscribe.unsubscribe_url(citizen))
    client_en.post(url)

    response = client_en.post(url)

    assert response.status_code == 200
    assert AuditEntry.objects.filter(object_id=str(citizen.pk)).count() == 1


def test_an_app_scope_is_applied_by_its_registered_handler(
    client_en: Client, citizen: User, test_scope: list[tuple[int, str]]
) -> None:
    url = path_of(unsubscribe.unsubscribe_url(citizen, "test:42"))

    asked = client_en.get(url)
    assert f"Stop e-mails like the one you received to {citizen.email}?" in asked.content.decode()
    assert test_scope == []

    response = client_en.post(url)

    assert test_scope == [(citizen.pk, "test:42")]
    assert "Muted test:42" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.IMMEDIATELY  # only that scope is muted


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_damaged_link_is_refused_with_a_clear_message(
    client_en: Client, citizen: User, method: str
) -> None:
    token = unsubscribe.make_token(citizen, "all")
    url = reverse("core:unsubscribe", args=[token[:-3] + "xyz"])

    response = getattr(client_en, method)(url)

    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.IMMEDIATELY


def test_a_token_signed_for_something_else_is_refused(client_en: Client, citizen: User) -> None:
    forged = signing.dumps({"u": citizen.pk, "s": "all"})  # right key, wrong salt

    response = client_en.post(reverse("core:unsubscribe", args=[forged]))

    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.IMMEDIATELY


def test_a_link_of_a_deactivated_account_is_refused(client_en: Client) -> None:
    user = factories.UserFactory.create()
    url = path_of(unsubscribe.unsubscribe_url(user))
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client_en.post(url).status_code == 400


def test_a_link_whose_scope_is_no_longer_handled_says_so(
    client_en: Client, citizen: User, test_scope: list[tuple[int, str]]
) -> None:
    url = path_of(unsubscribe.unsubscribe_url(citizen, "test:1"))
    unsubscribe._handlers.pop("test")

    response = client_en.get(url)

    assert response.status_code == 400
    assert "This unsubscribe link no longer applies to anything." in response.content.decode()


def test_a_link_for_an_unregistered_scope_cannot_be_made(citizen: User) -> None:
    with pytest.raises(ValueError):
        unsubscribe.unsubscribe_url(citizen, "nobody:1")


@pytest.mark.parametrize("prefix", ["", "all", "a:b"])
def test_a_scope_prefix_must_be_a_plain_name(prefix: str) -> None:
    with pytest.raises(ValueError):
        unsubscribe.register_scope(prefix, lambda user, scope: "")


def test_the_unsubscribe_view_answers_only_get_and_post(client: Client, citizen: User) -> None:
    url = path_of(unsubscribe.unsubscribe_url(citizen))

    assert client.put(url).status_code == 405


def test_a_token_works_whoever_is_signed_in(client_en: Client, citizen: User, representative: User) -> None:
    """The link is the e-mail's recipient's; a forwarded e-mail opened in someone else's browser
    still unsubscribes its recipient, and nobody else."""
    client_en.force_login(representative)

    client_en.post(path_of(unsubscribe.unsubscribe_url(citizen)))

    citizen.refresh_from_db()
    representative.refresh_from_db()
    assert citizen.email_frequency == EmailFrequency.NEVER
    assert representative.email_frequency == EmailFrequency.IMMEDIATELY


def test_a_staff_member_without_two_factor_can_still_unsubscribe(
    client_en: Client, moderator: User, settings: Any
) -> None:
    settings.MOSTY_STAFF_MFA_REQUIRED = True
    client_en.force_login(moderator)
    url = path_of(unsubscribe.unsubscribe_url(moderator))

    assert client_en.get(url).status_code == 200
    assert client_en.post(url).status_code == 200
    moderator.refresh_from_db()
    assert moderator.email_frequency == EmailFrequency.NEVER
