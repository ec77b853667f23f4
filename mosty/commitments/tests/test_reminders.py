"""The daily job: overdue marking, reminders before deadlines and report dates, escalation to the
coordinator and the commission; each reminder once, also when the job runs twice or in two workers."""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.commitments import services, tasks
from mosty.commitments.models import Commitment, Reminder, ReportEvery, Status
from mosty.core.models import AuditEntry, Notification

DEADLINE = datetime.date(2026, 9, 30)


@pytest.fixture(autouse=True)
def _reminder_settings(settings: Any) -> None:
    settings.MOSTY_REMINDER_DAYS_BEFORE = [14, 3]
    settings.MOSTY_ESCALATE_COORDINATOR_AFTER_DAYS = 7
    settings.MOSTY_ESCALATE_COMMISSION_AFTER_DAYS = 30


def _run(day: datetime.date, capture: Any) -> dict[str, int]:
    with capture(execute=True):
        return services.commitments_check_deadlines(today=day)


def _sent() -> list[tuple[str, str, int]]:
    return sorted(Reminder.objects.values_list("kind", "recipient__email", "step"))


def test_reminders_go_out_14_and_3_days_before_the_deadline_once_each(
    commitment: Commitment, representative: User, django_capture_on_commit_callbacks: Any
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(deadline=DEADLINE)
    assert (
        _run(DEADLINE - datetime.timedelta(days=15), django_capture_on_commit_callbacks)["reminders_sent"]
        == 0
    )
    for _twice in range(2):
        _run(DEADLINE - datetime.timedelta(days=14), django_capture_on_commit_callbacks)
    _run(DEADLINE - datetime.timedelta(days=10), django_capture_on_commit_callbacks)
    assert _sent() == [("before_deadline", representative.email, 14)]
    for _twice in range(2):
        _run(DEADLINE - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    _run(DEADLINE, django_capture_on_commit_callbacks)
    assert _sent() == [
        ("before_deadline", representative.email, 3),
        ("before_deadline", representative.email, 14),
    ]
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == [representative.email]
    assert "30 сентября 2026" in mail.outbox[0].subject
    assert f"/commitments/{commitment.pk}/" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=representative).count() == 2


def test_a_job_that_missed_days_sends_only_the_nearest_reminder(
    commitment: Commitment, representative: User, django_capture_on_commit_callbacks: Any
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(deadline=DEADLINE)
    _run(DEADLINE - datetime.timedelta(days=2), django_capture_on_commit_callbacks)
    assert _sent() == [("before_deadline", representative.email, 3)]


def test_the_job_marks_a_commitment_past_its_deadline_overdue_as_the_system(
    commitment: Commitment, representative: User, django_capture_on_commit_callbacks: Any
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(deadline=DEADLINE, status=Status.IN_PROGRESS)
    counts = _run(DEADLINE, django_capture_on_commit_callbacks)
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS  # the deadline day itself is still in time
    counts = _run(DEADLINE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert counts["marked_overdue"] == 1
    commitment.refresh_from_db()
    assert commitment.status == Status.OVERDUE
    entry = AuditEntry.objects.get(object_id=str(commitment.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor is None
    assert entry.changes["status"] == ["in_progress", "overdue"]
    # The day of the deadline brought the last reminder before it; the day after, the overdue notice.
    assert _sent() == [("before_deadline", representative.email, 3), ("overdue", representative.email, 0)]
    assert _run(DEADLINE + datetime.timedelta(days=2), django_capture_on_commit_callbacks) == {
        "marked_overdue": 0,
        "reminders_sent": 0,
    }


def test_overdue_commitment_escalates_to_coordinator_then_commission_each_once(
    commitment: Commitment,
    representative: User,
    coordinator: User,
    commission_member: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(deadline=DEADLINE)
    factories.UserFactory(role=Role.COMMISSION, is_active=False)  # left the commission: not told
    for days in (1, 1, 6, 7, 7, 8, 29, 30, 30, 45):
        _run(DEADLINE + datetime.timedelta(days=days), django_capture_on_commit_callbacks)
    assert _sent() == sorted(
        [
            ("overdue", representative.email, 0),
            ("escalation_coordinator", coordinator.email, 0),
            ("escalation_commission", commission_member.email, 0),
        ]
    )
    assert Counter(tuple(message.to) for message in mail.outbox) == {
        (representative.email,): 1,
        (coordinator.email,): 1,
        (commission_member.email,): 1,
    }
    escalation = Notification.objects.get(recipient=coordinator)
    with translation.override("ru"):  # written in the platform's language, whatever the job's
        expected_title = gettext("Overdue in your region: %(title)s") % {"title": commitment.title}
    assert escalation.title == expected_title


def test_a_regions_commitment_reminds_its_coordinators(
    region_ru: Any, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    factories.CommitmentFactory(
        responsible_organisation=None, responsible_region=region_ru, deadline=DEADLINE
    )
    _run(DEADLINE - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    assert _sent() == [("before_deadline", coordinator.email, 3)]


def test_report_due_reminders_for_a_scheduled_commitment(
    commitment: Commitment, representative: User, django_capture_on_commit_callbacks: Any
) -> None:
    due = datetime.date(2026, 10, 1)
    Commitment.objects.filter(pk=commitment.pk).update(report_every=ReportEvery.QUARTER, next_report_due=due)
    for days_before in (14, 14, 3):
        _run(due - datetime.timedelta(days=days_before), django_capture_on_commit_callbacks)
    assert _sent() == [("report_due", representative.email, 3), ("report_due", representative.email, 14)]


def test_done_and_cancelled_commitments_are_left_alone(
    commitment: Commitment, django_capture_on_commit_callbacks: Any
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(
        deadline=DEADLINE, status=Status.DONE, completed_on=DEADLINE
    )
    factories.CommitmentFactory(deadline=DEADLINE, status=Status.CANCELLED)
    counts = _run(DEADLINE + datetime.timedelta(days=40), django_capture_on_commit_callbacks)
    assert counts == {"marked_overdue": 0, "reminders_sent": 0}
    assert not Reminder.objects.exists()


def test_the_celery_task_runs_the_job(commitment: Commitment, time_machine: Any) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(deadline=DEADLINE)
    time_machine.move_to(datetime.datetime(2026, 10, 2, 12, tzinfo=datetime.UTC))
    assert tasks.check_commitments.delay().get() == {"marked_overdue": 1, "reminders_sent": 1}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_exactly_once() -> None:
    country = factories.CountryFactory(code="RU")
    region = factories.RegionFactory(code="RU-SMO", country=country)
    coordinator = factories.UserFactory(role=Role.COORDINATOR, region=region)
    commission = factories.UserFactory(role=Role.COMMISSION, is_staff=True)
    representatives = [factories.UserFactory(role=Role.REPRESENTATIVE) for _ in range(3)]
    organisation = factories.OrganisationFactory(region=region)
    organisation.representatives.add(*representatives)
    for _ in range(15):
        factories.CommitmentFactory(responsible_organisation=organisation, deadline=DEADLINE)
    today = DEADLINE + datetime.timedelta(days=31)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    results: list[dict[str, int]] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(services.commitments_check_deadlines(today=today))
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
    # Per commitment: overdue to 3 representatives, escalation to 1 coordinator and 1 commission member.
    expected = 15 * (3 + 1 + 1)
    assert Reminder.objects.count() == expected
    assert sum(result["reminders_sent"] for result in results) == expected
    assert sum(result["marked_overdue"] for result in results) == 15
    assert len(mail.outbox) == expected
    assert Notification.objects.count() == expected
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, actor=None).count() == 15
    recipients = Counter(message.to[0] for message in mail.outbox)
    assert recipients[coordinator.email] == 15
    assert recipients[commission.email] == 15
