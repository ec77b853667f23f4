"""Registration at capacity under concurrent requests (PostgreSQL's row locks)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from mosty import factories
from mosty.core.errors import ApplicationError
from mosty.events import services
from mosty.events.models import Registration, RegistrationMode, RegistrationStatus
from mosty.events.tests.conftest import make_event

PLACES = 10
PEOPLE = 30


def run_at_once(work: list) -> list[BaseException]:
    barrier = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def worker(job) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            job()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_thirty_people_at_once_fill_ten_places_and_the_waiting_list_in_order() -> None:
    region = factories.RegionFactory.create(code="BY-MA", country=factories.CountryFactory.create(code="BY"))
    coordinator = factories.UserFactory.create(role="coordinator", region=region)
    event = make_event(
        region,
        start_date=timezone.localdate() + datetime.timedelta(days=20),
        registration_mode=RegistrationMode.OPEN,
        capacity=PLACES,
    )
    users = [factories.UserFactory.create() for _ in range(PEOPLE)]
    errors = run_at_once(
        [lambda user=user: services.registration_create(actor=user, event=event) for user in users]
    )
    assert not errors
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by("id")
    assert confirmed.count() == PLACES
    assert waiting.count() == PEOPLE - PLACES
    # Every confirmed registration came before every waiting one: the lock serialised them.
    assert max(confirmed.values_list("id", flat=True)) < min(waiting.values_list("id", flat=True))

    # Five confirmed people cancel at once: the first five of the waiting list move up, in order.
    queue = list(waiting.values_list("user_id", flat=True))
    leaving = list(confirmed.select_related("user", "event")[:5])
    errors = run_at_once(
        [lambda r=r: services.registration_cancel(actor=r.user, registration=r) for r in leaving]
    )
    assert not errors
    assert confirmed.count() == PLACES
    promoted = set(confirmed.values_list("user_id", flat=True)) & set(queue)
    assert promoted == set(queue[:5])
    assert list(waiting.values_list("user_id", flat=True)) == queue[5:]
    # The organiser adds places while people register: still never more confirmed than places.
    late = [factories.UserFactory.create() for _ in range(6)]
    errors = run_at_once(
        [lambda user=user: services.registration_create(actor=user, event=event) for user in late]
        + [
            lambda: services.registration_settings_update(
                actor=coordinator,
                event=event,
                registration_mode=RegistrationMode.OPEN,
                capacity=PLACES + 3,
                registration_deadline=None,
            )
        ]
    )
    assert not errors
    assert confirmed.count() == PLACES + 3


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_the_same_person_registering_twice_at_once_gets_one_registration() -> None:
    region = factories.RegionFactory.create(code="RU-PSK")
    event = make_event(
        region,
        start_date=timezone.localdate() + datetime.timedelta(days=20),
        registration_mode=RegistrationMode.OPEN,
        capacity=5,
    )
    user = factories.UserFactory.create()
    refused: list[ApplicationError] = []

    def register() -> None:
        try:
            services.registration_create(actor=user, event=event)
        except ApplicationError as error:
            refused.append(error)

    errors = run_at_once([register for _ in range(4)])
    assert not errors
    assert Registration.objects.filter(event=event, user=user).count() == 1
    assert len(refused) == 3 and {error.code for error in refused} == {"already_registered"}


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's unique index under concurrency"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_each_registration_exactly_once() -> None:
    from django.core import mail

    from mosty.events.models import RegistrationReminder

    region = factories.RegionFactory.create(code="RU-SMO")
    start = timezone.localdate() + datetime.timedelta(days=10)
    event = make_event(region, start_date=start, registration_mode=RegistrationMode.OPEN, capacity=None)
    for _ in range(12):
        services.registration_create(actor=factories.UserFactory.create(), event=event)
    mail.outbox.clear()
    sent: list[int] = []
    errors = run_at_once(
        [lambda: sent.append(services.events_send_reminders(today=start - datetime.timedelta(days=1)))] * 2
    )
    assert not errors
    assert sum(sent) == 12
    assert RegistrationReminder.objects.count() == 12
    assert len(mail.outbox) == 12
