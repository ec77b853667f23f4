"""Registration through the services: places, the waiting list, approval, invitations, questions."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from mosty import factories
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry, Notification
from mosty.events import services
from mosty.events.models import Event, QuestionKind, Registration, RegistrationStatus
from mosty.events.tests.conftest import future_event
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING


def people(count: int) -> list:
    return [factories.UserFactory.create() for _ in range(count)]


def statuses(event: Event) -> list[str]:
    return list(Registration.objects.filter(event=event).order_by("id").values_list("status", flat=True))


def test_registrations_over_capacity_go_to_the_waiting_list(
    open_event: Event, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for user in people(4):
            services.registration_create(actor=user, event=open_event)
    assert statuses(open_event) == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    assert services.confirmed_count(open_event) == 2
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 4
    # The confirmations carry the .ics; the waiting-list notices do not.
    assert [bool(message.attachments) for message in mail.outbox] == [True, True, False, False]
    assert mail.outbox[0].attachments[0][0] == "event.ics"
    assert mail.outbox[0].attachments[0][2] == "text/calendar"
    assert Notification.objects.count() == 4


def test_registering_twice_is_refused_politely(open_event: Event, citizen) -> None:
    services.registration_create(actor=citizen, event=open_event)
    with translation.override("en"), pytest.raises(ApplicationError) as error:
        services.registration_create(actor=citizen, event=open_event)
    assert error.value.code == "already_registered"
    assert str(error.value) == "You are already registered for this event."
    assert Registration.objects.filter(event=open_event).count() == 1


def test_the_database_holds_one_active_registration_per_person(open_event: Event, citizen) -> None:
    from django.db import IntegrityError, transaction

    Registration.objects.create(event=open_event, user=citizen, status=CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=open_event, user=citizen, status=WAITING)
    # A cancelled registration is history: the person may register again.
    Registration.objects.filter(event=open_event).update(status=RegistrationStatus.CANCELLED)
    Registration.objects.create(event=open_event, user=citizen, status=CONFIRMED)


def test_a_freed_place_goes_to_the_first_on_the_waiting_list_who_is_told(
    open_event: Event, django_capture_on_commit_callbacks
) -> None:
    first, second, third, fourth = people(4)
    registrations = [
        services.registration_create(actor=user, event=open_event) for user in (first, second, third, fourth)
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=first, registration=registrations[0])
    assert statuses(open_event) == [RegistrationStatus.CANCELLED, CONFIRMED, CONFIRMED, WAITING]
    promoted = [m for m in mail.outbox if third.email in m.to]
    assert len(promoted) == 1 and promoted[0].attachments  # the promotion carries the .ics
    # Cancelling from the waiting list frees no place.
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=fourth, registration=registrations[3])
    assert services.confirmed_count(open_event) == 2
    # Re-registering after cancelling puts one at the back of the queue.
    again = services.registration_create(actor=first, event=open_event)
    assert again.status == WAITING


def test_more_places_promote_from_the_waiting_list(open_event: Event, coordinator) -> None:
    for user in people(5):
        services.registration_create(actor=user, event=open_event)
    services.registration_settings_update(
        actor=coordinator, event=open_event, registration_mode="open", capacity=4, registration_deadline=None
    )
    assert statuses(open_event) == [CONFIRMED] * 4 + [WAITING]
    services.registration_settings_update(
        actor=coordinator,
        event=open_event,
        registration_mode="open",
        capacity=None,
        registration_deadline=None,
    )
    assert statuses(open_event) == [CONFIRMED] * 5


def test_approval_mode_waits_for_the_organisers(
    region_ru: Region, coordinator, citizen, representative
) -> None:
    event = future_event(region_ru, capacity=1, mode="approval")
    first = services.registration_create(actor=citizen, event=event)
    second = services.registration_create(actor=representative, event=event)
    assert first.status == second.status == RegistrationStatus.PENDING
    services.registration_approve(actor=coordinator, registration=first)
    services.registration_approve(actor=coordinator, registration=second)
    assert statuses(event) == [CONFIRMED, WAITING]
    with pytest.raises(ApplicationError):
        services.registration_approve(actor=coordinator, registration=first)
    services.registration_decline(actor=coordinator, registration=second)
    assert statuses(event) == [CONFIRMED, RegistrationStatus.DECLINED]


def test_only_organisers_approve(region_ru: Region, citizen, representative) -> None:
    from django.core.exceptions import PermissionDenied

    event = future_event(region_ru, mode="approval")
    registration = services.registration_create(actor=citizen, event=event)
    with pytest.raises(PermissionDenied):
        services.registration_approve(actor=representative, registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=representative, registration=registration)


def test_invitation_mode_admits_the_invited_only(
    region_ru: Region, coordinator, citizen, representative
) -> None:
    event = future_event(region_ru, mode="invitation")
    services.invitation_create(actor=coordinator, event=event, email=citizen.email.upper())
    assert services.registration_create(actor=citizen, event=event).status == CONFIRMED
    with translation.override("en"), pytest.raises(ApplicationError) as error:
        services.registration_create(actor=representative, event=event)
    assert error.value.code == "not_invited"
    assert "by invitation" in str(error.value)
    # The invited user was told in-app.
    assert Notification.objects.filter(recipient=citizen).count() == 2


def test_registration_closes_at_its_deadline_and_when_the_event_is_over(region_ru: Region, citizen) -> None:
    event = future_event(region_ru, registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    with translation.override("en"), pytest.raises(ApplicationError) as error:
        services.registration_create(actor=citizen, event=event)
    assert str(error.value) == "Registration for this event has closed."
    past = future_event(region_ru, start_date=timezone.localdate() - datetime.timedelta(days=1))
    with translation.override("en"), pytest.raises(ApplicationError) as error:
        services.registration_create(actor=citizen, event=past)
    assert str(error.value) == "This event is over."
    closed = future_event(region_ru, mode="none")
    with pytest.raises(ApplicationError):
        services.registration_create(actor=citizen, event=closed)


def test_answers_are_checked_and_stored(open_event: Event, coordinator, citizen) -> None:
    organisation = services.question_add(
        actor=coordinator, event=open_event, text="Организация", kind=QuestionKind.SHORT, required=True
    )
    lunch = services.question_add(actor=coordinator, event=open_event, text="Обед?", kind=QuestionKind.YES_NO)
    section = services.question_add(
        actor=coordinator,
        event=open_event,
        text="Секция",
        kind=QuestionKind.CHOICE,
        choices="Экономика\nМолодёжь",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=citizen, event=open_event, answers={section.pk: "Спорт"})
    assert set(error.value.message_dict) == {f"question_{organisation.pk}", f"question_{section.pk}"}
    assert not Registration.objects.exists()
    registration = services.registration_create(
        actor=citizen,
        event=open_event,
        answers={organisation.pk: "<b>Администрация</b> Смоленска", lunch.pk: "yes", section.pk: "Молодёжь"},
    )
    answers = {answer.question_id: answer.value for answer in registration.answers.all()}
    assert answers == {organisation.pk: "Администрация Смоленска", lunch.pk: "yes", section.pk: "Молодёжь"}


def test_a_choice_question_needs_two_answers(open_event: Event, coordinator) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.question_add(
            actor=coordinator, event=open_event, text="Секция", kind=QuestionKind.CHOICE, choices="Одна"
        )


def test_registration_changes_are_audited(open_event: Event, citizen) -> None:
    registration = services.registration_create(actor=citizen, event=open_event)
    services.registration_cancel(actor=citizen, registration=registration)
    actions = list(
        AuditEntry.objects.filter(object_id=str(registration.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]


def test_attendance_is_marked_for_confirmed_people_and_counted(open_event: Event, coordinator) -> None:
    first, second, third = people(3)
    registrations = [
        services.registration_create(actor=user, event=open_event) for user in (first, second, third)
    ]
    services.attendance_set(actor=coordinator, registration=registrations[0], attended=True)
    with pytest.raises(ApplicationError):
        services.attendance_set(actor=coordinator, registration=registrations[2], attended=True)  # waiting
    assert services.attendees_count(open_event) == 1
    services.minutes_publish(actor=coordinator, event=open_event, minutes="Обсудили", attendees_override=14)
    open_event.refresh_from_db()
    assert services.attendees_count(open_event) == 14


def test_messages_are_written_in_each_persons_language(
    open_event: Event, django_capture_on_commit_callbacks: object
) -> None:
    english_reader = factories.UserFactory.create(language="en")
    russian_reader = factories.UserFactory.create(language="ru")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.registration_create(actor=english_reader, event=open_event)
        services.registration_create(actor=russian_reader, event=open_event)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Your place at" in by_address[english_reader.email].subject
    assert by_address[english_reader.email].extra_headers.get("Content-Language", "en") == "en"
    assert Notification.objects.get(recipient=english_reader).title.startswith("Your place at")
