from __future__ import annotations

import os
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.core.i18n import localized


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum of Regions")
    HEARING = "hearing", _("public hearing")
    ROUND_TABLE = "round_table", _("round table")
    FIELD_SESSION = "field_session", _("field session")
    CONFERENCE = "conference", _("conference")
    WORKING_MEETING = "working_meeting", _("working meeting")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("in person and online")


class Currency(models.TextChoices):
    RUB = "RUB", _("Russian rouble")
    BYN = "BYN", _("Belarusian rouble")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("euro")


class RegistrationMode(models.TextChoices):
    NONE = "none", _("no registration")
    OPEN = "open", _("open to everyone")
    APPROVAL = "approval", _("by approval of the organisers")
    INVITATION = "invitation", _("by invitation only")


# The time zone an event's times are given in, by the country of its host region.
COUNTRY_TIME_ZONES = {"RU": "Europe/Moscow", "BY": "Europe/Minsk"}
DEFAULT_TIME_ZONE = "Europe/Moscow"


def event_file_path(instance: Any, filename: str) -> str:
    """events/<year>/<month>/<random>.<ext>: the stored name tells nothing and cannot be guessed;
    the original name is kept in the row and given back on download."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return timezone.now().strftime("events/%Y/%m/") + uuid.uuid4().hex + extension


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_be = models.CharField(_("title (Belarusian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    date_note_ru = models.CharField(_("date note (Russian)"), max_length=200, blank=True)
    date_note_be = models.CharField(_("date note (Belarusian)"), max_length=200, blank=True)
    date_note_en = models.CharField(_("date note (English)"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    place_ru = models.CharField(_("place (Russian)"), max_length=300, blank=True)
    place_be = models.CharField(_("place (Belarusian)"), max_length=300, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    settlement = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    regions = models.ManyToManyField(
        "territories.Region", verbose_name=_("host regions"), blank=True, related_name="events"
    )
    online_url = models.URLField(_("online link"), blank=True)
    organisers = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
    )
    description = models.TextField(_("description"), blank=True, max_length=20000)
    # Facts of a Forum of Regions, stored as reported (amount and currency, never converted).
    forum_number = models.PositiveSmallIntegerField(_("forum number"), null=True, blank=True, unique=True)
    theme_ru = models.CharField(_("theme (Russian)"), max_length=500, blank=True)
    theme_be = models.CharField(_("theme (Belarusian)"), max_length=500, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=500, blank=True)
    results_ru = models.TextField(_("reported results (Russian)"), blank=True)
    results_be = models.TextField(_("reported results (Belarusian)"), blank=True)
    results_en = models.TextField(_("reported results (English)"), blank=True)
    agreements_count = models.PositiveIntegerField(_("agreements signed (reported)"), null=True, blank=True)
    contracts_amount = models.DecimalField(
        _("contracts amount (reported)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    contracts_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    sources = models.TextField(_("sources"), blank=True)
    # Times of day, in the host country's time zone (`time_zone`); without them the event is a whole-day one.
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    # Topics: the same sector classification as organisations, agreements and projects, so that a
    # topic filter links events to the rest of the registry.
    sectors = models.ManyToManyField(
        "sectors.Sector", verbose_name=_("topics"), blank=True, related_name="events"
    )
    # An event of a closed workspace is seen by that workspace's members only (see events.access).
    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("workspace"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    # Registration.
    registration_mode = models.CharField(
        _("registration"), max_length=10, choices=RegistrationMode.choices, default=RegistrationMode.NONE
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for an unlimited number of places.")
    )
    registration_deadline = models.DateTimeField(_("registration closes"), null=True, blank=True)
    # After the event.
    minutes = models.TextField(_("minutes"), blank=True, max_length=50000)
    minutes_file = models.FileField(
        _("minutes document"), upload_to=event_file_path, max_length=255, blank=True
    )
    minutes_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    minutes_file_type = models.CharField(_("content type"), max_length=120, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    attendees_override = models.PositiveIntegerField(
        _("number of attendees"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count the attendance marked; give a number to include walk-ins."),
    )
    organisations_present = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations present"),
        blank=True,
        related_name="attended_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "-year", "id"]
        indexes = [
            # Upcoming/past lists and the calendar: WHERE start_date >= ? ORDER BY start_date.
            models.Index(fields=["start_date"], name="event_start_idx"),
            models.Index(fields=["kind", "start_date"], name="event_kind_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(contracts_amount__isnull=True) | models.Q(contracts_amount__gte=0),
                name="event_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("An event with a limit needs at least one place."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True) | models.Q(start_time__isnull=False),
                name="event_end_time_needs_start_time",
                violation_error_message=_("Give the start time before the end time."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def titles(self) -> dict[str, str]:
        return {code: localized(self, "title", code) for code in ("ru", "be", "en")}

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def theme(self) -> str:
        return localized(self, "theme")

    @property
    def results(self) -> str:
        return localized(self, "results")

    @property
    def date_note(self) -> str:
        return localized(self, "date_note")

    @property
    def time_zone(self) -> str:
        """The host country's time zone (Moscow for Russia, Minsk for Belarus), from the settlement or
        the first host region; uses the prefetched regions when there are any."""
        country = ""
        if self.settlement_id is not None and "settlement" in self._state.fields_cache:
            settlement = self.settlement
            if settlement is not None and "region" in settlement._state.fields_cache:
                country = settlement.region.country.code
        if not country:
            regions = list(self.regions.all()) if self.pk else []
            if regions:
                country = regions[0].country.code
        return COUNTRY_TIME_ZONES.get(country, DEFAULT_TIME_ZONE)

    @property
    def takes_registrations(self) -> bool:
        return self.registration_mode != RegistrationMode.NONE


class AgendaItem(models.Model):
    """One item of an event's programme."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField(_("day"), null=True, blank=True, help_text=_("For an event of several days."))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    speakers = models.TextField(_("speakers"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", models.F("day").asc(nulls_first=True), "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True) | models.Q(end_time__gte=models.F("start_time")),
                name="agenda_item_ends_after_start",
                violation_error_message=_("An agenda item cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=event_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class QuestionKind(models.TextChoices):
    SHORT = "short", _("short text")
    LONG = "long", _("long text")
    YES_NO = "yes_no", _("yes or no")
    CHOICE = "choice", _("one of several answers")


class RegistrationQuestion(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    choices = models.TextField(
        _("answers to choose from"), blank=True, max_length=5000, help_text=_("One answer per line.")
    )
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("declined")


# Which status may follow which; the services consult it (one predicate, `can_move`).
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RegistrationStatus.PENDING: frozenset(
        {
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITING,
            RegistrationStatus.DECLINED,
            RegistrationStatus.CANCELLED,
        }
    ),
    RegistrationStatus.WAITING: frozenset(
        {RegistrationStatus.CONFIRMED, RegistrationStatus.DECLINED, RegistrationStatus.CANCELLED}
    ),
    RegistrationStatus.CONFIRMED: frozenset({RegistrationStatus.CANCELLED}),
    RegistrationStatus.CANCELLED: frozenset(),
    RegistrationStatus.DECLINED: frozenset(),
}
# A registration that still holds (or waits for) a place; a user has at most one per event.
ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def can_move(current: str, new: str) -> bool:
    return new in REGISTRATION_TRANSITIONS.get(current, frozenset())


class Registration(models.Model):
    """A person's registration for an event. The waiting list is ordered by id: registrations are
    created under the event's row lock, so ids follow the order in which people asked."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "id"]
        constraints = [
            # One active registration per person and event; cancelled and declined ones stay as history.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status__in=["pending", "confirmed", "waiting"]),
                name="registration_active_once",
                violation_error_message=_("You are already registered for this event."),
            ),
        ]
        indexes = [
            # Counting places and walking the waiting list: WHERE event_id=? AND status=? ORDER BY id.
            models.Index(fields=["event", "status", "id"], name="registration_event_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class RegistrationAnswer(models.Model):
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        RegistrationQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.TextField(_("answer"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="registration_answer_once"),
        ]

    def __str__(self) -> str:
        return self.value[:50]


class Invitation(models.Model):
    """An organiser's invitation; in invitation mode only the invited addresses may register."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "email"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="invitation_once"),
        ]

    def __str__(self) -> str:
        return self.email


class RegistrationReminder(models.Model):
    """The log of reminders sent the day before: the row is written before the message goes out, and
    its unique key makes sure each registration is reminded once per event date."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="reminders"
    )
    event_date = models.DateField(_("event date"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("event reminder")
        verbose_name_plural = _("event reminders")
        constraints = [
            models.UniqueConstraint(fields=["registration", "event_date"], name="event_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.event_date}"
