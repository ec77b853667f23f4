"""Every change of an event goes through these functions: permission, validation, audit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mosty.core.audit import record, snapshot
from mosty.core.models import AuditEntry
from mosty.events import access
from mosty.events.models import Event, EventFormat, EventKind
from mosty.lib.sanitize import plain_text
from mosty.organisations.models import Organisation
from mosty.territories.models import Region, Settlement

TITLE_REQUIRED = _("Give the title in Russian.")
START_REQUIRED = _("Give the start date.")
END_BEFORE_START = _("An event cannot end before it starts.")
ONLINE_NEEDS_LINK = _("An online event needs a link where people can join.")
REGION_REQUIRED = _("Choose at least one host region.")
OWN_REGION_REQUIRED = _("Your own region must be among the host regions.")
SETTLEMENT_OUTSIDE_REGIONS = _("The settlement must lie in one of the host regions.")
FORUM_NOT_ALLOWED = _("Only commission members and administrators manage the Forums of Regions.")
NOT_ALLOWED = _("You may not create or change this event.")

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
    }
)
# Typed by people and shown back to people: kept as plain text, without HTML tags.
PLAIN_TEXT_FIELDS = frozenset(
    {"title_ru", "title_be", "title_en", "place_ru", "place_be", "place_en", "description"}
)


def _validate(*, actor: Any, event: Event, regions: list[Region]) -> None:
    """Field checks the model cannot express, then the permission for the resulting event."""
    errors: dict[str, list[Any]] = {}
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
) -> Event:
    """Create an event; the year comes from the start date."""
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
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate(actor=actor, event=event, regions=regions)
    _year(event)
    event.full_clean()
    event.save()
    event.regions.set(regions)
    event.organisers.set(organisers)
    record(actor=actor, instance=event, action=AuditEntry.Action.CREATE)
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, **fields: Any) -> Event:
    """Change the given fields of an event (and `regions` / `organisers` when given)."""
    unknown = set(fields) - UPDATABLE_FIELDS - {"regions", "organisers"}
    if unknown:
        raise TypeError(f"event_update() got unexpected fields: {', '.join(sorted(unknown))}")
    # The lock keeps two editors from interleaving their snapshot and save (lost audit of a change).
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.can_edit_event(actor, event):
        raise PermissionDenied(NOT_ALLOWED)
    before = snapshot(event)
    regions = list(fields.pop("regions")) if "regions" in fields else list(event.regions.all())
    organisers = list(fields.pop("organisers")) if "organisers" in fields else None
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
