"""The day-before reminder: once per registration, with the .ics, for confirmed places only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from mosty import factories
from mosty.events import services, tasks
from mosty.events.models import Event, RegistrationReminder
from mosty.events.tests.conftest import make_event
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 4, 14)


@pytest.fixture
def event(region_by: Region) -> Event:
    return make_event(
        region_by, start_date=DAY, start_time=datetime.time(10), registration_mode="open", capacity=2
    )


def test_confirmed_people_are_reminded_once_the_day_before_with_the_ics(
    event: Event, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    people = [factories.UserFactory.create() for _ in range(3)]
    with time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC), tick=False):
        for user in people:
            services.registration_create(actor=user, event=event)  # two confirmed, one waiting
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2027, 4, 12, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.send_event_reminders.delay().get() == 0  # two days before: nothing yet
    with time_machine.travel(datetime.datetime(2027, 4, 13, 9, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            assert tasks.send_event_reminders.delay().get() == 2
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            assert tasks.send_event_reminders.delay().get() == 0  # run again: nobody twice
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in people[:2])
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("event.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["DTSTART"].dt.date() == DAY
    assert RegistrationReminder.objects.count() == 2


def test_a_cancelled_registration_is_not_reminded(event: Event) -> None:
    user = factories.UserFactory.create()
    with time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC), tick=False):
        registration = services.registration_create(actor=user, event=event)
        services.registration_cancel(actor=user, registration=registration)
    assert services.events_send_reminders(today=DAY - datetime.timedelta(days=1)) == 0
