"""The daily digest: one e-mail per user who chose it, listing each waiting notification once."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.utils import translation

from mosty import factories
from mosty.accounts.models import EmailFrequency, User
from mosty.accounts.services import user_set_preferences
from mosty.celery import app
from mosty.core import tasks
from mosty.core.models import Notification
from mosty.core.notifications import notify
from mosty.core.tests.conftest import unsubscribe_link

pytestmark = pytest.mark.django_db

ICS = ("meeting.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")


def _waiting(user: User, *titles: str, **extra: Any) -> None:
    for title in titles:
        notify(recipient=user, title=title, url="/commitments/1/", **extra)


def test_the_digest_lists_every_waiting_notification_in_one_email_and_marks_them_sent(
    daily_user: User, https_site: str
) -> None:
    _waiting(daily_user, "Первое событие", "Второе событие", attachments=[ICS])
    other = factories.UserFactory.create(email_frequency=EmailFrequency.DAILY)
    _waiting(other, "Третье событие")

    with translation.override("en"):
        counts = tasks.send_digests()

    assert counts == {"digests_sent": 2, "notifications_listed": 3}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([daily_user.email, other.email])
    message = next(message for message in mail.outbox if message.to == [daily_user.email])
    assert message.body.index("Первое событие") < message.body.index("Второе событие")
    assert "Третье событие" not in message.body
    assert f"{https_site}/commitments/1/" in message.body
    assert message.attachments == []  # a digest lists; attachments go with immediate e-mails only
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_link(message.body)}>"
    assert not Notification.objects.filter(digest_pending=True).exists()
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_second_run_sends_nothing_again(daily_user: User) -> None:
    _waiting(daily_user, "Первое событие")
    tasks.send_digests()

    counts = tasks.send_digests()

    assert counts == {"digests_sent": 0, "notifications_listed": 0}
    assert len(mail.outbox) == 1


def test_notifications_after_a_digest_wait_for_the_next_one(daily_user: User) -> None:
    _waiting(daily_user, "Первое событие")
    tasks.send_digests()
    _waiting(daily_user, "Второе событие")

    tasks.send_digests()

    assert len(mail.outbox) == 2
    assert "Второе событие" in mail.outbox[1].body
    assert "Первое событие" not in mail.outbox[1].body


def test_the_digest_is_written_in_the_recipients_language(db: None) -> None:
    belarusian = factories.UserFactory.create(email_frequency=EmailFrequency.DAILY, language="be")
    english = factories.UserFactory.create(email_frequency=EmailFrequency.DAILY, language="en")
    _waiting(belarusian, "Падзея")
    _waiting(english, "Event")

    with translation.override("ru"):
        tasks.send_digests()

    languages = {message.to[0]: message.extra_headers["Content-Language"] for message in mail.outbox}
    assert languages == {belarusian.email: "be", english.email: "en"}
    english_mail = next(message for message in mail.outbox if message.to == [english.email])
    assert english_mail.subject == "[Mosty] 1 new notification"
    assert "Here is what happened on Mosty since the last e-mail: 1 notification." in english_mail.body


def test_a_digest_item_with_a_scope_links_to_stopping_that_scope(
    test_scope: list[tuple[int, str]], db: None
) -> None:
    user = factories.UserFactory.create(email_frequency=EmailFrequency.DAILY, language="en")
    _waiting(user, "Новая подпись под инициативой", unsubscribe="test:9")

    tasks.send_digests()

    body = mail.outbox[0].body
    assert "Stop e-mails like this one:" in body
    assert body.count("/notifications/unsubscribe/") == 2  # the item's scope, and "all" in the footer


def test_immediate_and_never_users_are_not_in_the_digest(db: None) -> None:
    immediate = factories.UserFactory.create(email_frequency=EmailFrequency.IMMEDIATELY)
    never = factories.UserFactory.create(email_frequency=EmailFrequency.NEVER)
    _waiting(immediate, "Сразу")
    _waiting(never, "Никогда")
    mail.outbox.clear()

    assert tasks.send_digests() == {"digests_sent": 0, "notifications_listed": 0}
    assert mail.outbox == []


def test_switching_to_never_drops_the_waiting_notifications_from_the_digest(daily_user: User) -> None:
    _waiting(daily_user, "Первое событие")

    user_set_preferences(actor=daily_user, user=daily_user, email_frequency=EmailFrequency.NEVER)
    tasks.send_digests()

    assert mail.outbox == []
    assert Notification.objects.get(recipient=daily_user).emailed_at is None


def test_switching_to_immediately_sends_what_waited_in_the_next_digest(daily_user: User) -> None:
    _waiting(daily_user, "Первое событие")

    user_set_preferences(actor=daily_user, user=daily_user, email_frequency=EmailFrequency.IMMEDIATELY)
    tasks.send_digests()

    assert len(mail.outbox) == 1
    assert "Первое событие" in mail.outbox[0].body


def test_a_mail_server_outage_keeps_the_notifications_for_the_next_digest(
    daily_user: User, settings: Any
) -> None:
    _waiting(daily_user, "Первое событие")
    settings.EMAIL_BACKEND = "mosty.core.tests.conftest.BrokenMailBackend"

    assert tasks.send_digests() == {"digests_sent": 0, "notifications_listed": 0}
    assert Notification.objects.get().digest_pending

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_digests() == {"digests_sent": 1, "notifications_listed": 1}
    assert len(mail.outbox) == 1


def test_the_digest_runs_daily_at_eight_moscow_time() -> None:
    entry = next(
        entry
        for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "mosty.core.send_digests"
    )

    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert django_settings.CELERY_TIMEZONE == "Europe/Moscow"
    assert "mosty.core.send_digests" in app.tasks


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_notification_in_exactly_one_digest() -> None:
    users = [factories.UserFactory.create(email_frequency=EmailFrequency.DAILY) for _ in range(12)]
    for user in users:
        _waiting(user, *(f"Событие {n}" for n in range(5)))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    results: list[dict[str, int]] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(tasks.send_digests())
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert sum(result["notifications_listed"] for result in results) == 12 * 5
    assert sum(result["digests_sent"] for result in results) == 12
    assert Counter(message.to[0] for message in mail.outbox) == {user.email: 1 for user in users}
    for message in mail.outbox:
        assert all(f"Событие {n}" in message.body for n in range(5))
    assert not Notification.objects.filter(digest_pending=True).exists()
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_digest_item_whose_scope_nobody_handles_is_listed_without_its_own_link(daily_user: User) -> None:
    _waiting(daily_user, "Событие", unsubscribe="unregistered:1")

    assert tasks.send_digests() == {"digests_sent": 1, "notifications_listed": 1}
    assert mail.outbox[0].body.count("/notifications/unsubscribe/") == 1  # only "all", in the footer
