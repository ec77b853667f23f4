"""What the home page reads: key counts, the latest public changes. A fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse

from mosty.core.models import AuditEntry
from mosty.events.models import Event, EventKind
from mosty.events.selectors import public_events
from mosty.organisations.models import Organisation
from mosty.territories.models import Country, Settlement
from mosty.ties.models import Tie, TieStatus

# The objects whose changes are public, and the page that shows each.
PUBLIC_CHANGES: dict[type[models.Model], str] = {
    Organisation: "organisations:detail",
    Tie: "ties:detail",
    Event: "events:detail",
}


@dataclass
class HomeCounts:
    regions_by_country: list[Country] = field(default_factory=list)  # each with .region_count
    settlements: int = 0
    organisations: int = 0
    verified_organisations: int = 0
    active_ties: int = 0
    events: int = 0
    forums: int = 0


def home_counts() -> HomeCounts:
    """Five queries whatever the size of the registry."""
    organisations = Organisation.objects.aggregate(
        total=Count("id"), verified=Count("id", filter=Q(is_verified=True))
    )
    events = public_events().aggregate(total=Count("id"), forums=Count("id", filter=Q(kind=EventKind.FORUM)))
    return HomeCounts(
        regions_by_country=list(Country.objects.annotate(region_count=Count("regions")).order_by("code")),
        settlements=Settlement.objects.count(),
        organisations=organisations["total"],
        verified_organisations=organisations["verified"],
        active_ties=Tie.objects.filter(status=TieStatus.ACTIVE).count(),
        events=events["total"],
        forums=events["forums"],
    )


@dataclass
class Change:
    entry: AuditEntry
    label: str  # the object's name now, in the reader's language; as recorded if it is gone
    url: str  # empty when the object is gone or has no page


# What naming each kind of object needs, so the names cost no query per row.
_NAME_RELATIONS: dict[type[models.Model], tuple[str, ...]] = {
    Tie: ("region_a", "region_b", "settlement_a", "settlement_b"),
}


def latest_changes(*, limit: int = 10) -> list[Change]:
    """The latest audit rows of public objects, each named and linked while the object exists.
    At most 1 + one query per public model, whatever the rows."""
    content_types = ContentType.objects.get_for_models(*PUBLIC_CHANGES)  # cached after the first call
    models_by_type = {content_types[model].pk: model for model in PUBLIC_CHANGES}
    # A workspace's events are its members' business: their changes never show here, even after the
    # event is deleted (an event that ever belonged to a workspace has "workspace" in an audit row).
    event_type = content_types[Event].pk
    workspace_events = Event.objects.filter(workspace__isnull=False)
    workspace_event_ids = workspace_events.annotate(text_id=Cast("pk", CharField())).values("text_id")
    once_in_workspace = AuditEntry.objects.filter(
        content_type_id=event_type, changes__has_key="workspace"
    ).values("object_id")
    entries = list(
        AuditEntry.objects.filter(content_type_id__in=models_by_type)
        .exclude(
            Q(content_type_id=event_type)
            & (Q(object_id__in=workspace_event_ids) | Q(object_id__in=once_in_workspace))
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    wanted: dict[int, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.object_id.isdigit():
            wanted[entry.content_type_id].add(int(entry.object_id))
    existing: dict[tuple[int, str], models.Model] = {}
    for type_id, ids in wanted.items():
        model = models_by_type[type_id]
        queryset = model._default_manager.select_related(*_NAME_RELATIONS.get(model, ()))
        for found in queryset.filter(pk__in=ids):
            existing[(type_id, str(found.pk))] = found
    changes = []
    for entry in entries:
        obj = existing.get((entry.content_type_id, entry.object_id))
        url = ""
        if obj is not None:
            try:
                url = reverse(PUBLIC_CHANGES[models_by_type[entry.content_type_id]], args=[obj.pk])
            except NoReverseMatch:
                url = ""
        changes.append(Change(entry=entry, label=str(obj) if obj is not None else entry.object_repr, url=url))
    return changes
