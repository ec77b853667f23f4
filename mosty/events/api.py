"""Read-only JSON API of events, mounted at /api/v1/ by mosty.api."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schema is unknown, and the request fails.

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.core.i18n import localized
from mosty.events import selectors
from mosty.events.models import Event, EventKind
from mosty.events.selectors import EventFilters

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
    year: int
    format: str
    place: Texts
    regions: list[str] = Field(..., description="ISO 3166-2 (or local) codes of the host regions")
    forum_number: int | None

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
    def resolve_organisers(obj: Event) -> list[int]:
        return [organisation.pk for organisation in obj.organisers.all()]

    @staticmethod
    def resolve_contracts_amount(obj: Event) -> str | None:
        return None if obj.contracts_amount is None else format(obj.contracts_amount.normalize(), "f")

    @staticmethod
    def resolve_sources(obj: Event) -> list[str]:
        return [line.strip() for line in obj.sources.splitlines() if line.strip()]


class EventQuery(Schema):
    kind: EventKind | None = Field(None, description="forum, hearing, round_table, ...")
    region: str | None = Field(None, description="a host region code, e.g. BY-VI")
    country: str | None = Field(None, description="RU or BY")
    year: int | None = None
    date_from: datetime.date | None = Field(None, alias="from", description="ending on or after this date")
    date_to: datetime.date | None = Field(None, alias="to", description="starting on or before this date")


@router.get("events", response=list[EventOut], summary="Events, latest first")
@paginate(PageNumberPagination, page_size=50)
def list_events(request: HttpRequest, filters: Query[EventQuery]) -> Any:
    return selectors.event_list(
        EventFilters(
            when="",
            kind=filters.kind or "",
            region=(filters.region or "").upper(),
            country=(filters.country or "").upper(),
            year=filters.year,
            date_from=filters.date_from,
            date_to=filters.date_to,
        )
    )


@router.get("events/{event_id}", response=EventDetailOut, summary="One event")
def get_event(request: HttpRequest, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    event = (
        Event.objects.select_related("settlement")
        .prefetch_related("regions", "organisers")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise Http404
    return event
