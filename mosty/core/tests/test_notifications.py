"""notify(): the in-app row, and the e-mail as the recipient chose, in their language, with a
one-click unsubscribe link in the footer and in the RFC 8058 headers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from mosty import factories
from mosty.accounts.models import EmailFrequency, User
from mosty.core import unsubscribe
from mosty.core.models import Notification
from mosty.core.notifications import notify, recipient_language
from mosty.core.tests.conftest import path_of, unsubscribe_link

pytestmark = pytest.mark.django_db

ICS = ("meeting.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")


def _notify(capture: Any, recipient: User, **extra: Any) -> Notification:
    with capture(execute=True):
        return notify(
            recipient=recipient, title="Отчёт принят", body="Спасибо.", url="/commitments/7/", **extra
        )


def test_an_immediate_notification_is_stored_and_emailed_after_commit(
    citizen: User, https_site: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(recipient=citizen, title="Отчёт принят", body="Спасибо.", url="/commitments/7/")
        assert mail.outbox == []  # nothing leaves before the change commits
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [citizen.email]
    assert message.subject == "[Mosty] Отчёт принят"
    assert "Спасибо." in message.body
    assert f"{https_site}/commitments/7/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert not notification.digest_pending


def test_a_rolled_back_change_sends_no_email(citizen: User, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipient=citizen, title="Отчёт принят")

    assert mail.outbox == []


def test_every_email_carries_the_one_click_unsubscribe_footer_and_headers(
    citizen: User, https_site: str, django_capture_on_commit_callbacks: Any
) -> None:
    citizen.language = "en"  # the footer is written in the recipient's language
    citizen.save(update_fields=["language"])
    with translation.override("en"):
        _notify(django_capture_on_commit_callbacks, citizen)

    message = mail.outbox[0]
    link = unsubscribe_link(message.body)
    assert link.startswith(f"{https_site}/notifications/unsubscribe/")
    assert "To stop all e-mails from Mosty, open:" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    wish = unsubscribe.read_token(path_of(link).rstrip("/").rsplit("/", 1)[1])
    assert (wish.user, wish.scope) == (citizen, "all")
    # The headers are in the message as sent.
    sent = message.message()
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "".join(str(sent["List-Unsubscribe"]).split()) == f"<{link}>"


def test_a_scoped_notification_links_to_stopping_only_its_scope(
    citizen: User, test_scope: list[tuple[int, str]], django_capture_on_commit_callbacks: Any
) -> None:
    _notify(django_capture_on_commit_callbacks, citizen, unsubscribe="test:42")

    message = mail.outbox[0]
    link = unsubscribe_link(message.body)
    wish = unsubscribe.read_token(path_of(link).rstrip("/").rsplit("/", 1)[1])
    assert wish.scope == "test:42"
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert Notification.objects.get().unsubscribe_scope == "test:42"


def test_the_email_is_written_in_the_recipients_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    belarusian = factories.UserFactory.create(language="be")
    english = factories.UserFactory.create(language="en")

    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        for recipient in (belarusian, english):
            with recipient_language(recipient):
                title = gettext("Your report has been accepted: %(title)s") % {"title": "Выставка"}
                notify(recipient=recipient, title=title)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address[belarusian.email].subject == "[Mosty] Ваша справаздача прынята: Выставка"
    assert by_address[belarusian.email].extra_headers["Content-Language"] == "be"
    assert by_address[english.email].subject == "[Mosty] Your report has been accepted: Выставка"
    assert "To stop all e-mails from Mosty, open:" in by_address[english.email].body
    assert by_address[english.email].extra_headers["Content-Language"] == "en"


def test_recipient_language_restores_the_callers_language() -> None:
    recipient = User(language="be")
    with translation.override("en"):
        with recipient_language(recipient):
            assert translation.get_language() == "be"
        assert translation.get_language() == "en"


def test_recipient_language_falls_back_to_russian_for_a_user_without_one() -> None:
    with translation.override("en"), recipient_language(object()):
        assert translation.get_language() == "ru"


def test_attachments_go_with_an_immediate_email(
    citizen: User, django_capture_on_commit_callbacks: Any
) -> None:
    _notify(django_capture_on_commit_callbacks, citizen, attachments=[ICS])

    [(filename, content, mimetype)] = mail.outbox[0].attachments
    assert (filename, mimetype) == (ICS[0], ICS[2])
    assert (content.encode() if isinstance(content, str) else content) == ICS[1]


def test_a_daily_digest_user_gets_no_email_now_and_the_row_waits(
    daily_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    notification = _notify(django_capture_on_commit_callbacks, daily_user, attachments=[ICS])

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.digest_pending
    assert notification.emailed_at is None


def test_a_user_who_wants_no_emails_gets_only_the_in_app_notification(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = factories.UserFactory.create(email_frequency=EmailFrequency.NEVER)

    notification = _notify(django_capture_on_commit_callbacks, user)

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user).count() == 1
    assert not notification.digest_pending


@pytest.mark.parametrize("frequency", [EmailFrequency.IMMEDIATELY, EmailFrequency.DAILY])
def test_a_notification_not_meant_for_email_is_never_emailed(
    frequency: str, django_capture_on_commit_callbacks: Any
) -> None:
    user = factories.UserFactory.create(email_frequency=frequency)

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=user, title="Только на платформе", email=False)

    assert mail.outbox == []
    assert not notification.digest_pending


def test_an_inactive_user_gets_no_email(django_capture_on_commit_callbacks: Any) -> None:
    user = factories.UserFactory.create(is_active=False)

    _notify(django_capture_on_commit_callbacks, user)

    assert mail.outbox == []


def test_a_mail_server_outage_keeps_the_notification_and_leaves_it_unsent(
    citizen: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "mosty.core.tests.conftest.BrokenMailBackend"

    notification = _notify(django_capture_on_commit_callbacks, citizen)

    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_existing_callers_keep_working_with_the_old_signature(
    citizen: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=citizen, title="Заголовок")

    assert notification.body == ""
    assert notification.url == ""
    assert len(mail.outbox) == 1


def test_a_scope_nobody_registered_offers_to_stop_all_emails(
    citizen: User, django_capture_on_commit_callbacks: Any
) -> None:
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    with translation.override("en"):
        _notify(django_capture_on_commit_callbacks, citizen, unsubscribe="unregistered:1")

    message = mail.outbox[0]
    assert "To stop all e-mails from Mosty, open:" in message.body
    wish = unsubscribe.read_token(path_of(unsubscribe_link(message.body)).rstrip("/").rsplit("/", 1)[1])
    assert wish.scope == "all"
