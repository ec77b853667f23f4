"""Reads of events for pages and the API, each with a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from mosty.events.models import Event, EventKind


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
    return queryset.select_related("settlement").prefetch_related("regions")


def event_list(filters: EventFilters) -> QuerySet[Event]:
    """Events matching the filters: upcoming soonest first, past latest first, or (for the API,
    `when=""`) all, latest first."""
    queryset = Event.objects.all()
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
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.date_from:
        queryset = queryset.filter(Q(end_date__gte=filters.date_from) | Q(start_date__gte=filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(start_date__lte=filters.date_to)
    return _with_relations(queryset)


def event_years() -> list[int]:
    return list(Event.objects.order_by("-year").values_list("year", flat=True).distinct())


def upcoming_events(*, limit: int = 5) -> list[Event]:
    return list(event_list(EventFilters(when=When.UPCOMING))[:limit])


def forum_list() -> QuerySet[Event]:
    return (
        Event.objects.filter(kind=EventKind.FORUM)
        .select_related("settlement")
        .prefetch_related("regions")
        .order_by("forum_number", "year")
    )
