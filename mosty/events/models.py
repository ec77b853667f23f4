from __future__ import annotations

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
