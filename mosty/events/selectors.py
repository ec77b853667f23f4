"""Reads of events for pages and the API, each with a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models import When as When_
from django.utils import timezone

from mosty.commitments.models import Commitment
from mosty.commitments.selectors import RESPONSIBLE_RELATED
from mosty.events.models import (
    ACTIVE_STATUSES,
    AgendaItem,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from mosty.territories.models import Region


class When:
    UPCOMING = "upcoming"
    PAST = "past"


@dataclass(frozen=True)
class EventFilters:
    when: str = When.UPCOMING
    kind: str = ""
    region: str = ""  # region code
    country: str = ""  # country code
    year: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    topic: str = ""  # sector code


def today() -> datetime.date:
    return timezone.localdate()


def upcoming_q(day: datetime.date) -> Q:
    """Not over yet: ends today or later; without an end date, starts today or later;
    without any date (a planned forum), its year has not passed."""
    return (
        Q(end_date__gte=day)
        | Q(end_date__isnull=True, start_date__gte=day)
        | Q(start_date__isnull=True, end_date__isnull=True, year__gte=day.year)
    )


def _with_relations(queryset: QuerySet[Event]) -> QuerySet[Event]:
    # The regions with their countries in one query: the country gives an event its time zone.
    regions = Prefetch("regions", queryset=Region.objects.select_related("country"))
    return queryset.select_related("settlement__region__country").prefetch_related(regions)


def public_events() -> QuerySet[Event]:
    """Events of no workspace: what anyone may see (the default of every list here)."""
    return Event.objects.filter(workspace__isnull=True)


def event_list(filters: EventFilters, events: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Events (of `events`, the public ones by default: pass `access.visible_events(user)` for a
    reader) matching the filters: upcoming soonest first, past latest first, or (for the API,
    `when=""`) all, latest first."""
    queryset = public_events() if events is None else events
    day = today()
    if filters.when == When.UPCOMING:
        queryset = queryset.filter(upcoming_q(day)).order_by(
            F("start_date").asc(nulls_last=True), "year", "id"
        )
    elif filters.when == When.PAST:
        queryset = queryset.exclude(upcoming_q(day)).order_by(
            F("start_date").desc(nulls_last=True), "-year", "-id"
        )
    else:
        queryset = queryset.order_by(F("start_date").desc(nulls_last=True), "-year", "-id")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    host = Event.regions.through.objects.filter(event_id=OuterRef("pk"))
    if filters.region:
        queryset = queryset.filter(Exists(host.filter(region__code=filters.region)))
    if filters.country:
        queryset = queryset.filter(Exists(host.filter(region__country__code=filters.country)))
    if filters.topic:
        topics = Event.sectors.through.objects.filter(event_id=OuterRef("pk"), sector__code=filters.topic)
        queryset = queryset.filter(Exists(topics))
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.date_from:
        queryset = queryset.filter(Q(end_date__gte=filters.date_from) | Q(start_date__gte=filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(start_date__lte=filters.date_to)
    return _with_relations(queryset)


def event_years() -> list[int]:
    return list(public_events().order_by("-year").values_list("year", flat=True).distinct())


def feed_events(events: QuerySet[Event]) -> QuerySet[Event]:
    """The events of a calendar feed: those with a start date, from a year back on (older ones
    only weigh a subscriber's calendar down), soonest first."""
    since = today() - datetime.timedelta(days=365)
    return _with_relations(
        events.filter(start_date__isnull=False).filter(Q(start_date__gte=since) | Q(end_date__gte=since))
    ).order_by("start_date", "id")


def agenda_of(event: Event) -> list[AgendaItem]:
    return list(
        event.agenda.prefetch_related("documents").order_by(
            F("day").asc(nulls_first=True), "start_time", "id"
        )
    )


def registration_counts(event: Event) -> dict[str, int]:
    """How many registrations of each status (one grouped query)."""
    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def my_registration(event: Event, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user, status__in=ACTIVE_STATUSES).first()


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    return Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITING, id__lte=registration.pk
    ).count()


def registrations_for_organisers(event: Event) -> QuerySet[Registration]:
    """Everyone who registered, with their answers (three queries whatever the number)."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user")
        .prefetch_related("answers")
        .order_by(
            Case(
                When_(status=RegistrationStatus.PENDING, then=0),
                When_(status=RegistrationStatus.CONFIRMED, then=1),
                When_(status=RegistrationStatus.WAITING, then=2),
                default=3,
            ),
            "id",
        )
    )


def decisions_of(event: Event) -> QuerySet[Commitment]:
    """The event's decisions as the engine tracks them, by deadline, with the responsible parties."""
    return (
        Commitment.objects.filter(source_kind="event", source_id=event.pk)
        .select_related(*RESPONSIBLE_RELATED)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def upcoming_events(*, limit: int = 5) -> list[Event]:
    return list(event_list(EventFilters(when=When.UPCOMING))[:limit])


def forum_list() -> QuerySet[Event]:
    return (
        Event.objects.filter(kind=EventKind.FORUM)
        .select_related("settlement")
        .prefetch_related("regions")
        .order_by("forum_number", "year")
    )
