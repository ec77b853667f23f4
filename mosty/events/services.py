"""Every change of an event goes through these functions: permission, validation, audit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.commitments.models import Commitment
from mosty.commitments.services import commitment_create
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.core.uploads import check_upload
from mosty.events import access, emails
from mosty.events.models import (
    ACTIVE_STATUSES,
    AgendaDocument,
    AgendaItem,
    Event,
    EventFormat,
    EventKind,
    Invitation,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationMode,
    RegistrationQuestion,
    RegistrationReminder,
    RegistrationStatus,
    can_move,
)
from mosty.lib.sanitize import plain_text
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement
from mosty.workspaces.models import Workspace

TITLE_REQUIRED = _("Give the title in Russian.")
START_REQUIRED = _("Give the start date.")
END_BEFORE_START = _("An event cannot end before it starts.")
ONLINE_NEEDS_LINK = _("An online event needs a link where people can join.")
REGION_REQUIRED = _("Choose at least one host region.")
OWN_REGION_REQUIRED = _("Your own region must be among the host regions.")
SETTLEMENT_OUTSIDE_REGIONS = _("The settlement must lie in one of the host regions.")
FORUM_NOT_ALLOWED = _("Only commission members and administrators manage the Forums of Regions.")
NOT_ALLOWED = _("You may not create or change this event.")
NOT_WORKSPACE_ADMIN = _("Only the workspace's administrators hold events in it.")
END_TIME_WITHOUT_START = _("Give the start time before the end time.")
END_TIME_BEFORE_START = _("A one-day event cannot end before it starts.")

# The fields `event_update` accepts, besides the many-to-many `regions` and `organisers`.
UPDATABLE_FIELDS = frozenset(
    {
        "kind",
        "title_ru",
        "title_be",
        "title_en",
        "start_date",
        "end_date",
        "format",
        "place_ru",
        "place_be",
        "place_en",
        "settlement",
        "online_url",
        "description",
        "start_time",
        "end_time",
    }
)
# Typed by people and shown back to people: kept as plain text, without HTML tags.
PLAIN_TEXT_FIELDS = frozenset(
    {"title_ru", "title_be", "title_en", "place_ru", "place_be", "place_en", "description"}
)


def _validate(*, actor: Any, event: Event, regions: list[Region]) -> None:
    """Field checks the model cannot express, then the permission for the resulting event."""
    errors: dict[str, list[Any]] = {}
    if event.end_time is not None and event.start_time is None:
        errors.setdefault("end_time", []).append(END_TIME_WITHOUT_START)
    if (
        event.start_time is not None
        and event.end_time is not None
        and (event.end_date is None or event.end_date == event.start_date)
        and event.end_time < event.start_time
    ):
        errors.setdefault("end_time", []).append(END_TIME_BEFORE_START)
    if event.workspace_id is not None:
        # A workspace's own event: its administrators decide; host regions are optional.
        if event.kind == EventKind.FORUM:
            raise PermissionDenied(FORUM_NOT_ALLOWED)
        if not access.is_workspace_admin(actor, event.workspace_id):
            raise PermissionDenied(NOT_WORKSPACE_ADMIN)
        if (
            event.settlement is not None
            and regions
            and event.settlement.region_id not in {r.pk for r in regions}
        ):
            errors.setdefault("settlement", []).append(SETTLEMENT_OUTSIDE_REGIONS)
        if not event.title_ru:
            errors.setdefault("title_ru", []).append(TITLE_REQUIRED)
        if event.start_date is None:
            errors.setdefault("start_date", []).append(START_REQUIRED)
        if event.format == EventFormat.ONLINE and not event.online_url:
            errors.setdefault("online_url", []).append(ONLINE_NEEDS_LINK)
        if errors:
            raise ValidationError(errors)
        return
    if not event.title_ru:
        errors.setdefault("title_ru", []).append(TITLE_REQUIRED)
    if event.start_date is None and event.kind != EventKind.FORUM:
        errors.setdefault("start_date", []).append(START_REQUIRED)
    if event.start_date and event.end_date and event.end_date < event.start_date:
        errors.setdefault("end_date", []).append(END_BEFORE_START)
    if event.format == EventFormat.ONLINE and not event.online_url:
        errors.setdefault("online_url", []).append(ONLINE_NEEDS_LINK)
    if event.kind != EventKind.FORUM and not regions:
        errors.setdefault("regions", []).append(REGION_REQUIRED)
    if event.settlement is not None and regions and event.settlement.region_id not in {r.pk for r in regions}:
        errors.setdefault("settlement", []).append(SETTLEMENT_OUTSIDE_REGIONS)

    if event.kind == EventKind.FORUM and not access.is_nationwide(actor):
        raise PermissionDenied(FORUM_NOT_ALLOWED)
    if not access.is_nationwide(actor):
        if not access.can_create_events(actor):
            raise PermissionDenied(NOT_ALLOWED)
        if regions and not access.may_write(actor, kind=event.kind, region_ids=[r.pk for r in regions]):
            errors.setdefault("regions", []).append(OWN_REGION_REQUIRED)
    if errors:
        raise ValidationError(errors)


def _year(event: Event) -> None:
    if event.start_date is not None:
        event.year = event.start_date.year


@transaction.atomic
def event_create(
    *,
    actor: Any,
    kind: str,
    title_ru: str,
    title_be: str = "",
    title_en: str = "",
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    format: str = EventFormat.IN_PERSON,
    place_ru: str = "",
    place_be: str = "",
    place_en: str = "",
    settlement: Settlement | None = None,
    regions: Iterable[Region] = (),
    organisers: Iterable[Organisation] = (),
    online_url: str = "",
    description: str = "",
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    sectors: Iterable[Sector] = (),
    workspace: Workspace | None = None,
) -> Event:
    """Create an event (in `workspace`, for its members only, when given); the year comes from the
    start date."""
    if not access.can_create_events(actor):
        raise PermissionDenied(NOT_ALLOWED)
    regions = list(regions)
    organisers = list(organisers)
    event = Event(
        kind=kind,
        title_ru=plain_text(title_ru),
        title_be=plain_text(title_be),
        title_en=plain_text(title_en),
        start_date=start_date,
        end_date=end_date,
        format=format,
        place_ru=plain_text(place_ru),
        place_be=plain_text(place_be),
        place_en=plain_text(place_en),
        settlement=settlement,
        online_url=online_url.strip(),
        description=plain_text(description),
        start_time=start_time,
        end_time=end_time,
        workspace=workspace,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate(actor=actor, event=event, regions=regions)
    _year(event)
    event.full_clean()
    event.save()
    event.regions.set(regions)
    event.organisers.set(organisers)
    event.sectors.set(list(sectors))
    record(actor=actor, instance=event, action=AuditEntry.Action.CREATE)
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, **fields: Any) -> Event:
    """Change the given fields of an event (and `regions` / `organisers` when given)."""
    unknown = set(fields) - UPDATABLE_FIELDS - {"regions", "organisers", "sectors"}
    if unknown:
        raise TypeError(f"event_update() got unexpected fields: {', '.join(sorted(unknown))}")
    # The lock keeps two editors from interleaving their snapshot and save (lost audit of a change).
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.can_edit_event(actor, event):
        raise PermissionDenied(NOT_ALLOWED)
    before = snapshot(event)
    regions = list(fields.pop("regions")) if "regions" in fields else list(event.regions.all())
    organisers = list(fields.pop("organisers")) if "organisers" in fields else None
    sectors = list(fields.pop("sectors")) if "sectors" in fields else None
    for name, value in fields.items():
        if name in PLAIN_TEXT_FIELDS and isinstance(value, str):
            value = plain_text(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(event, name, value)
    _validate(actor=actor, event=event, regions=regions)
    _year(event)
    event.full_clean()
    event.save()
    event.regions.set(regions)
    if organisers is not None:
        event.organisers.set(organisers)
    if sectors is not None:
        event.sectors.set(sectors)
    record(actor=actor, instance=event, action=AuditEntry.Action.UPDATE, before=before)
    return event


@transaction.atomic
def event_delete(*, actor: Any, event: Event) -> None:
    """Delete an event (commission members and administrators only)."""
    if not access.can_delete_event(actor, event):
        raise PermissionDenied(NOT_ALLOWED)
    # Recorded first: deleting clears event.pk, and the audit row needs the id.
    record(actor=actor, instance=event, action=AuditEntry.Action.DELETE, before=snapshot(event))
    event.delete()


# --- Programme ------------------------------------------------------------------------------------

AGENDA_TITLE_REQUIRED = _("Give the title of the agenda item.")


def _check_manage(actor: Any, event: Event) -> None:
    if not access.can_manage_event(actor, event):
        raise PermissionDenied(NOT_ALLOWED)


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    event: Event,
    start_time: datetime.time,
    title: str,
    end_time: datetime.time | None = None,
    day: datetime.date | None = None,
    speakers: str = "",
) -> AgendaItem:
    _check_manage(actor, event)
    item = AgendaItem(
        event=event,
        day=day,
        start_time=start_time,
        end_time=end_time,
        title=plain_text(title),
        speakers=plain_text(speakers),
    )
    if not item.title:
        raise ValidationError({"title": [AGENDA_TITLE_REQUIRED]})
    item.full_clean()
    item.save()
    record(actor=actor, instance=item, action=AuditEntry.Action.CREATE)
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> None:
    _check_manage(actor, item.event)
    record(actor=actor, instance=item, action=AuditEntry.Action.DELETE, before=snapshot(item))
    item.delete()


@transaction.atomic
def agenda_document_add(*, actor: Any, item: AgendaItem, file: UploadedFile) -> AgendaDocument:
    _check_manage(actor, item.event)
    checked = check_upload(file)
    document = AgendaDocument(
        item=item, original_name=checked.name, size=checked.size, content_type=checked.content_type
    )
    document.file.save(checked.name, file, save=False)
    document.save()
    record(actor=actor, instance=document, action=AuditEntry.Action.CREATE)
    return document


# --- Registration ---------------------------------------------------------------------------------

REGISTRATION_CLOSED = _("Registration for this event is not open.")
REGISTRATION_DEADLINE_PASSED = _("Registration for this event has closed.")
EVENT_OVER = _("This event is over.")
ALREADY_REGISTERED = _("You are already registered for this event.")
NOT_INVITED = _("Registration for this event is by invitation, and you have not been invited.")
SIGN_IN_FIRST = _("Sign in to register.")
ANSWER_REQUIRED = _("This question needs an answer.")
ANSWER_NOT_A_CHOICE = _("Choose one of the answers offered.")
CANNOT_CHANGE_REGISTRATION = _("This registration cannot be changed this way any more.")
NOT_YOUR_REGISTRATION = _("This is not your registration.")
CAPACITY_BELOW_ONE = _("An event with a limit needs at least one place.")
CHOICES_REQUIRED = _("A choice question needs at least two answers, one per line.")
ALREADY_INVITED = _("This address has already been invited.")

YES = "yes"
NO = "no"


def _lock_event(event: Event) -> Event:
    """Lock the event's row: every change to its places (registering, cancelling, approving,
    promoting, changing the capacity) holds this lock, so two requests never hand out the same
    last place (the race: both count 9 of 10 confirmed and both confirm)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or confirmed_count(event) < event.capacity


def _is_invited(event: Event, user: Any) -> bool:
    addresses = {user.email.lower()} if user.email else set()
    addresses |= {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }
    return Invitation.objects.filter(event=event, email__in=addresses).exists()


def registration_open(event: Event, *, now: datetime.datetime | None = None) -> bool:
    """Whether people may register now: registration is on, its deadline (if any) has not passed and
    the event has not started."""
    now = now or timezone.now()
    if not event.takes_registrations:
        return False
    if event.registration_deadline is not None and now > event.registration_deadline:
        return False
    return event.start_date is None or event.start_date >= timezone.localdate(now)


def _clean_answers(event: Event, answers: dict[int, str]) -> dict[int, str]:
    errors: dict[str, list[Any]] = {}
    cleaned: dict[int, str] = {}
    for question in event.questions.all():
        value = plain_text(str(answers.get(question.pk, "") or "")).strip()
        if question.kind == QuestionKind.YES_NO and value not in ("", YES, NO):
            value = ""
        if question.kind == QuestionKind.CHOICE and value and value not in question.choice_list:
            errors.setdefault(f"question_{question.pk}", []).append(ANSWER_NOT_A_CHOICE)
            continue
        if question.required and not value:
            errors.setdefault(f"question_{question.pk}", []).append(ANSWER_REQUIRED)
            continue
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def registration_create(
    *, actor: Any, event: Event, answers: dict[int, str] | None = None, now: datetime.datetime | None = None
) -> Registration:
    """Register the actor: confirmed while places remain, else on the waiting list; pending in
    approval mode. Refused politely (ApplicationError) when registration is closed, the actor is not
    invited in invitation mode, or already holds an active registration."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise ApplicationError(str(SIGN_IN_FIRST), code="sign_in", status=401)
    event = _lock_event(event)
    if not access.can_see_event(actor, event):
        raise Http404
    if not event.takes_registrations:
        raise ApplicationError(str(REGISTRATION_CLOSED), code="registration_closed", status=409)
    if not registration_open(event, now=now):
        message = (
            EVENT_OVER
            if event.start_date and event.start_date < timezone.localdate(now)
            else (REGISTRATION_DEADLINE_PASSED)
        )
        raise ApplicationError(str(message), code="registration_closed", status=409)
    if Registration.objects.filter(event=event, user=actor, status__in=ACTIVE_STATUSES).exists():
        raise ApplicationError(str(ALREADY_REGISTERED), code="already_registered", status=409)
    if event.registration_mode == RegistrationMode.INVITATION and not _is_invited(event, actor):
        raise ApplicationError(str(NOT_INVITED), code="not_invited", status=403)
    cleaned = _clean_answers(event, answers or {})
    if event.registration_mode == RegistrationMode.APPROVAL:
        status = RegistrationStatus.PENDING
    elif _has_place(event):
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITING
    registration = Registration(event=event, user=actor, status=status)
    try:
        # The constraint is the last word when two requests of the same person race.
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ApplicationError(str(ALREADY_REGISTERED), code="already_registered", status=409) from None
    RegistrationAnswer.objects.bulk_create(
        [
            RegistrationAnswer(registration=registration, question_id=pk, value=value)
            for pk, value in cleaned.items()
        ]
    )
    record(actor=actor, instance=registration, action=AuditEntry.Action.CREATE)
    emails.registration_message(registration, status)
    return registration


def _set_status(actor: Any, registration: Registration, status: str) -> None:
    if not can_move(registration.status, status):
        raise ApplicationError(str(CANNOT_CHANGE_REGISTRATION), code="invalid_transition", status=409)
    before = snapshot(registration)
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    record(actor=actor, instance=registration, action=AuditEntry.Action.UPDATE, before=before)


def _promote(actor: Any, event: Event) -> list[Registration]:
    """Give every free place to the waiting list, first come first served; each promoted person is
    told. The caller holds the event's lock."""
    promoted: list[Registration] = []
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - confirmed_count(event)
        if free <= 0:
            return promoted
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).select_related(
        "user"
    )
    for registration in waiting.order_by("id")[:free] if free is not None else waiting.order_by("id"):
        registration.event = event
        _set_status(actor, registration, RegistrationStatus.CONFIRMED)
        emails.registration_message(registration, "promoted")
        promoted.append(registration)
    return promoted


def _locked_registration(registration: Registration) -> tuple[Event, Registration]:
    event = _lock_event(registration.event)
    fresh = Registration.objects.select_related("user").get(pk=registration.pk)
    fresh.event = event
    return event, fresh


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration (its owner, or an organiser); a freed confirmed place goes to the first
    on the waiting list."""
    event, registration = _locked_registration(registration)
    is_owner = getattr(actor, "pk", None) == registration.user_id
    if not is_owner and not access.can_manage_event(actor, event):
        raise PermissionDenied(NOT_YOUR_REGISTRATION)
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    _set_status(actor, registration, RegistrationStatus.CANCELLED)
    emails.registration_message(registration, "cancelled")
    if was_confirmed:
        _promote(actor, event)
    return registration


@transaction.atomic
def registration_approve(*, actor: Any, registration: Registration) -> Registration:
    """An organiser accepts a pending registration: a place if one is free, else the waiting list."""
    event, registration = _locked_registration(registration)
    _check_manage(actor, event)
    if registration.status != RegistrationStatus.PENDING:
        raise ApplicationError(str(CANNOT_CHANGE_REGISTRATION), code="invalid_transition", status=409)
    status = RegistrationStatus.CONFIRMED if _has_place(event) else RegistrationStatus.WAITING
    _set_status(actor, registration, status)
    emails.registration_message(registration, status)
    return registration


@transaction.atomic
def registration_decline(*, actor: Any, registration: Registration) -> Registration:
    event, registration = _locked_registration(registration)
    _check_manage(actor, event)
    _set_status(actor, registration, RegistrationStatus.DECLINED)
    emails.registration_message(registration, "declined")
    return registration


@transaction.atomic
def attendance_set(*, actor: Any, registration: Registration, attended: bool) -> Registration:
    """Mark on the day whether a confirmed person came."""
    _check_manage(actor, registration.event)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ApplicationError(str(CANNOT_CHANGE_REGISTRATION), code="invalid_transition", status=409)
    before = snapshot(registration)
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])
    record(actor=actor, instance=registration, action=AuditEntry.Action.UPDATE, before=before)
    return registration


@transaction.atomic
def registration_settings_update(
    *,
    actor: Any,
    event: Event,
    registration_mode: str,
    capacity: int | None,
    registration_deadline: datetime.datetime | None,
) -> Event:
    """Change how people register; more places promote people from the waiting list at once."""
    event = _lock_event(event)
    _check_manage(actor, event)
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": [CAPACITY_BELOW_ONE]})
    before = snapshot(event)
    event.registration_mode = registration_mode
    event.capacity = capacity
    event.registration_deadline = registration_deadline
    event.full_clean()
    event.save(update_fields=["registration_mode", "capacity", "registration_deadline", "updated_at"])
    record(actor=actor, instance=event, action=AuditEntry.Action.UPDATE, before=before)
    _promote(actor, event)
    return event


@transaction.atomic
def question_add(
    *, actor: Any, event: Event, text: str, kind: str, required: bool = False, choices: str = ""
) -> RegistrationQuestion:
    _check_manage(actor, event)
    question = RegistrationQuestion(
        event=event,
        text=plain_text(text),
        kind=kind,
        required=required,
        choices=plain_text(choices) if kind == QuestionKind.CHOICE else "",
        position=event.questions.count() + 1,
    )
    if kind == QuestionKind.CHOICE and len(question.choice_list) < 2:
        raise ValidationError({"choices": [CHOICES_REQUIRED]})
    question.full_clean()
    question.save()
    record(actor=actor, instance=question, action=AuditEntry.Action.CREATE)
    return question


@transaction.atomic
def question_delete(*, actor: Any, question: RegistrationQuestion) -> None:
    _check_manage(actor, question.event)
    record(actor=actor, instance=question, action=AuditEntry.Action.DELETE, before=snapshot(question))
    question.delete()


@transaction.atomic
def invitation_create(*, actor: Any, event: Event, email: str) -> Invitation:
    """Invite an address; its user (if any) is told in-app and by e-mail. For a workspace's event only
    the workspace's members are told: an outsider gets no word of it."""
    _check_manage(actor, event)
    email = email.strip().lower()
    if Invitation.objects.filter(event=event, email=email).exists():
        raise ValidationError({"email": [ALREADY_INVITED]})
    invitation = Invitation(event=event, email=email, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    record(actor=actor, instance=invitation, action=AuditEntry.Action.CREATE)
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    user = address.user if address is not None else User.objects.filter(email__iexact=email).first()
    if user is not None and access.can_see_event(user, event):
        emails.invitation_message(event=event, email=email, user=user)
    elif user is None and event.workspace_id is None:
        emails.invitation_message(event=event, email=email, user=None)
    return invitation


def registrations_for_reminder(day: datetime.date) -> QuerySet[Registration]:
    """Confirmed registrations for events starting on `day` not yet reminded about that date."""
    return (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED, event__start_date=day, user__is_active=True
        )
        .exclude(reminders__event_date=day)
        .select_related("event", "user")
        .order_by("id")
    )


def _remind_once(registration: Registration, day: datetime.date) -> bool:
    """Write the reminder row, then send; when another worker wrote it first, send nothing."""
    with transaction.atomic():
        _row, created = RegistrationReminder.objects.get_or_create(registration=registration, event_date=day)
        if created:
            emails.registration_message(registration, "reminder")
    return created


def events_send_reminders(*, today: datetime.date | None = None) -> int:
    """The daily job: remind everyone with a confirmed place at an event that starts tomorrow, once."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    sent = 0
    for registration in registrations_for_reminder(tomorrow):
        try:
            sent += _remind_once(registration, tomorrow)
        except IntegrityError:  # another worker reminded this registration between our read and write
            continue
    return sent


# --- After the event ------------------------------------------------------------------------------

MINUTES_EMPTY = _("Write the minutes or attach them as a document.")
ATTENDEES_NEGATIVE = _("The number of attendees cannot be negative.")
DECISION_SOURCE_KIND = "event"  # the commitment engine's source_kind of a decision


@transaction.atomic
def minutes_publish(
    *,
    actor: Any,
    event: Event,
    minutes: str,
    file: UploadedFile | None = None,
    attendees_override: int | None = None,
    organisations_present: Iterable[Organisation] = (),
) -> Event:
    """Publish (or correct) the minutes, the number of attendees and the organisations present."""
    event = _lock_event(event)
    _check_manage(actor, event)
    before = snapshot(event)
    text = plain_text(minutes)
    if not text and file is None and not event.minutes_file:
        raise ValidationError({"minutes": [MINUTES_EMPTY]})
    if attendees_override is not None and attendees_override < 0:
        raise ValidationError({"attendees_override": [ATTENDEES_NEGATIVE]})
    event.minutes = text
    if file is not None:
        checked = check_upload(file)
        event.minutes_file.save(checked.name, file, save=False)
        event.minutes_file_name = checked.name
        event.minutes_file_type = checked.content_type
    event.attendees_override = attendees_override
    event.minutes_published_at = event.minutes_published_at or timezone.now()
    event.full_clean()
    event.save()
    event.organisations_present.set(list(organisations_present))
    record(actor=actor, instance=event, action=AuditEntry.Action.UPDATE, before=before)
    return event


def attendees_count(event: Event) -> int:
    """The organisers' number (walk-ins included) when given, else the attendance marked."""
    if event.attendees_override is not None:
        return event.attendees_override
    return Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, attended=True
    ).count()


@transaction.atomic
def decision_add(
    *,
    actor: Any,
    event: Event,
    title: str,
    responsible_organisation: Organisation | None = None,
    responsible_region: Region | None = None,
    deadline: datetime.date | None = None,
    description: str = "",
) -> Commitment:
    """A decision of the event, tracked by the commitment engine as a commitment of this event.
    A workspace's decisions are not public (the engine shows them to those it answers to)."""
    _check_manage(actor, event)
    return commitment_create(
        actor=actor,
        source_kind=DECISION_SOURCE_KIND,
        source_id=event.pk,
        title=title,
        description=description,
        may_manage=True,
        responsible_organisation=responsible_organisation,
        responsible_region=responsible_region,
        deadline=deadline,
        is_public=event.workspace_id is None,
    )
