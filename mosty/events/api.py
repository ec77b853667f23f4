"""Read-only JSON API of events, mounted at /api/v1/ by mosty.api."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schema is unknown, and the request fails.

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.core.i18n import localized
from mosty.events import access, selectors
from mosty.events.models import Event, EventKind
from mosty.events.selectors import EventFilters, When

router = Router(tags=["events"])

# The largest id a path accepts: the top of a 64-bit signed integer, as in every supported database.
MAX_ID = 2**63 - 1


class Texts(Schema):
    ru: str
    be: str
    en: str


def _texts(event: Event, base: str) -> dict[str, str]:
    return {code: localized(event, base, code) for code in ("ru", "be", "en")}


class EventOut(Schema):
    id: int
    kind: str
    title: Texts
    start_date: datetime.date | None
    end_date: datetime.date | None
    start_time: datetime.time | None = Field(
        ..., description="local time in `time_zone`; null: a whole-day event"
    )
    end_time: datetime.time | None
    time_zone: str = Field(..., description="Europe/Moscow or Europe/Minsk, by the host country")
    year: int
    format: str
    place: Texts
    regions: list[str] = Field(..., description="ISO 3166-2 (or local) codes of the host regions")
    forum_number: int | None
    registration_mode: str = Field(..., description="none, open, approval or invitation")
    capacity: int | None = Field(..., description="places; null: unlimited")
    workspace_id: int | None = Field(..., description="set for an event of a workspace (members only)")
    ics_url: str = Field(..., description="the event's iCalendar file")

    @staticmethod
    def resolve_ics_url(obj: Event) -> str:
        return reverse("events:ics", args=[obj.pk])

    @staticmethod
    def resolve_title(obj: Event) -> dict[str, str]:
        return _texts(obj, "title")

    @staticmethod
    def resolve_place(obj: Event) -> dict[str, str]:
        return _texts(obj, "place")

    @staticmethod
    def resolve_regions(obj: Event) -> list[str]:
        return [region.code for region in obj.regions.all()]


class EventDetailOut(EventOut):
    date_note: Texts
    settlement_id: int | None
    online_url: str
    organisers: list[int]
    topics: list[str] = Field(..., description="sector codes the event is about")
    description: str
    theme: Texts
    results: Texts = Field(..., description="Reported results, as the sources state them")
    agreements_count: int | None = Field(..., description="Agreements signed, as reported")
    contracts_amount: str | None = Field(
        ..., description="Contracts amount as reported, a decimal string; never converted"
    )
    contracts_currency: str = Field(..., description="ISO 4217 currency of the reported amount")
    sources: list[str]

    @staticmethod
    def resolve_date_note(obj: Event) -> dict[str, str]:
        return _texts(obj, "date_note")

    @staticmethod
    def resolve_theme(obj: Event) -> dict[str, str]:
        return _texts(obj, "theme")

    @staticmethod
    def resolve_results(obj: Event) -> dict[str, str]:
        return _texts(obj, "results")

    @staticmethod
    def resolve_topics(obj: Event) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_organisers(obj: Event) -> list[int]:
        return [organisation.pk for organisation in obj.organisers.all()]

    @staticmethod
    def resolve_contracts_amount(obj: Event) -> str | None:
        return None if obj.contracts_amount is None else format(obj.contracts_amount.normalize(), "f")

    @staticmethod
    def resolve_sources(obj: Event) -> list[str]:
        return [line.strip() for line in obj.sources.splitlines() if line.strip()]


class EventQuery(Schema):
    when: Literal["upcoming", "past"] | None = Field(None, description="upcoming or past; all when absent")
    kind: EventKind | None = Field(None, description="forum, hearing, round_table, ...")
    topic: str | None = Field(None, description="a sector code, e.g. 85 (education)")
    region: str | None = Field(None, description="a host region code, e.g. BY-VI")
    country: str | None = Field(None, description="RU or BY")
    year: int | None = None
    date_from: datetime.date | None = Field(None, alias="from", description="ending on or after this date")
    date_to: datetime.date | None = Field(None, alias="to", description="starting on or before this date")


@router.get(
    "events",
    response=list[EventOut],
    summary="Events, latest first (upcoming: soonest first)",
    description="Public events; with a token, also the events of the caller's workspaces.",
)
@paginate(PageNumberPagination, page_size=50)
def list_events(request: HttpRequest, filters: Query[EventQuery]) -> Any:
    return selectors.event_list(
        EventFilters(
            when={"upcoming": When.UPCOMING, "past": When.PAST}.get(filters.when or "", ""),
            topic=filters.topic or "",
            kind=filters.kind or "",
            region=(filters.region or "").upper(),
            country=(filters.country or "").upper(),
            year=filters.year,
            date_from=filters.date_from,
            date_to=filters.date_to,
        ),
        access.visible_events(request.user),
    )


@router.get("events/{event_id}", response=EventDetailOut, summary="One event")
def get_event(request: HttpRequest, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    """404 for an event that does not exist and for a workspace's event the caller is not a member of."""
    return access.event_for_user(request.user, event_id)
