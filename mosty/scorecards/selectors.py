"""Scorecards per region, settlement, organisation, forum and sector: what the agreements promised
and what became of it. Pages, the API and the exports all read `scorecard_table`, so they show the
same figures.

What is counted
---------------
The reader's view only: the agreements they may see (agreements.access.visible_agreements; the
public ones for an anonymous reader) and, of those, the commitments they may see
(commitments.access.visible_commitments). Cancelled commitments are left out of every figure.

Which agreements and commitments belong to a key — one rule per kind, "the agreements to which
the key is a party, and their commitments", except for organisations:

| kind         | agreements                                              | commitments                    |
| ------------ | ------------------------------------------------------- | ------------------------------ |
| region       | a party is the region, a settlement in it or an         | all commitments of those       |
|              | organisation located in it (as the agreement list's    | agreements                     |
|              | `region` filter)                                        |                                |
| settlement   | a party is the settlement or an organisation located   | all commitments of those       |
|              | in it (as the list's `settlement` filter)               | agreements                     |
| forum        | signed at the forum (Agreement.event)                   | all commitments of those       |
| sector       | tagged with the section or one of its divisions (OKVED  | all commitments of those       |
|              | 2 sections: a division counts for its section)          |                                |
| organisation | the organisation is a party                             | those it is responsible for    |
|              |                                                         | (on either side) or            |
|              |                                                         | co-executes, in any visible    |
|              |                                                         | agreement                      |

An agreement with two parties in the same region counts once for that region; a commitment once
per key. Only keys with at least one agreement (or, for organisations, one commitment) have a row.

The figures are the engine's (mosty.commitments.selectors): total, done on time, done late
(completed after the deadline), overdue (status overdue), in progress, planned, and the weighted
share of planned indicator values achieved. They are summed per key from one grouped aggregate
query (per agreement, or per organisation), then made into Scorecards by the engine's own
arithmetic, so a page costs the same few queries for 3 keys or 3,000.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import F, Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mosty.agreements.access import visible_agreements
from mosty.agreements.models import Agreement, AgreementParty
from mosty.agreements.selectors import commitments_of
from mosty.commitments.access import visible_commitments
from mosty.commitments.models import Commitment, Status

# The engine's aggregate expressions and its arithmetic from their sums; used, not copied, so a
# scorecard here is the scorecard the engine computes for the same commitments.
from mosty.commitments.selectors import Scorecard, scorecard_aggregates, scorecard_from_sums
from mosty.events.models import Event
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

Kind = Literal["region", "settlement", "organisation", "forum", "sector"]
KINDS: tuple[Kind, ...] = ("region", "settlement", "organisation", "forum", "sector")
KIND_LABELS: dict[str, Any] = {
    "region": _("Regions"),
    "settlement": _("Settlements"),
    "organisation": _("Organisations"),
    "forum": _("Forums"),
    "sector": _("Sectors"),
}

# The columns of every table, in order: (name, heading). The same headings on the page and in exports.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("agreements", _("Agreements")),
    ("commitments", _("Commitments")),
    ("done_on_time", _("Done on time")),
    ("done_late", _("Done late")),
    ("overdue", _("Overdue")),
    ("in_progress", _("In progress")),
    ("planned", _("Not started")),
    ("indicator_share", _("Planned indicators achieved, %")),
)
SORTS = frozenset({"name", *(name for name, _heading in COLUMNS)})
DEFAULT_SORT = "-agreements"

# Sums the engine's aggregates produce; a key's row is the sum of its agreements' rows.
_SUMMED = tuple(scorecard_aggregates())


@dataclass(frozen=True)
class Row:
    kind: str
    key: int | str  # a region's or sector's code; a settlement's, organisation's or forum's id
    pk: int
    names: dict[str, str]
    name: str
    agreements: int
    card: Scorecard

    @property
    def commitments(self) -> int:
        return self.card.total

    @property
    def done_on_time(self) -> int:
        return self.card.done_on_time

    @property
    def done_late(self) -> int:
        return self.card.done_late

    @property
    def overdue(self) -> int:
        return self.card.overdue

    @property
    def in_progress(self) -> int:
        return self.card.in_progress

    @property
    def planned(self) -> int:
        return self.card.planned

    @property
    def indicator_share(self) -> int | None:
        """Percent, 0–100; None when no commitment has a planned value."""
        return self.card.achieved_percent

    def value(self, column: str) -> Any:
        return getattr(self, column)


def counted_commitments(user: Any, agreements: QuerySet[Agreement]) -> QuerySet[Commitment]:
    """The commitments of these agreements that `user` may see, cancelled ones left out."""
    return visible_commitments(user, commitments_of(agreements)).exclude(status=Status.CANCELLED)


def _raw(rows: Iterable[Any], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


def _add(into: dict[str, Any], row: Any) -> None:
    for name in _SUMMED:
        into[name] = (into.get(name) or 0) + (row.get(name) or 0)


def _pairs(kind: Kind, agreements: QuerySet[Agreement]) -> QuerySet[Any]:
    """(key's id, agreement id) for every agreement of every key, each pair once: one query."""
    if kind == "forum":
        return agreements.filter(event__isnull=False).values_list("event_id", "pk").distinct()
    if kind == "sector":
        tags: QuerySet[Any] = Agreement.sectors.through.objects.filter(
            agreement_id__in=agreements.values("pk")
        ).annotate(key=Coalesce("sector__parent_id", "sector_id"))
        return tags.values_list("key", "agreement_id").distinct()
    parties = AgreementParty.objects.filter(agreement_id__in=agreements.values("pk"))
    key: Any
    if kind == "region":
        key = Coalesce("region_id", "settlement__region_id", "organisation__region_id")
    elif kind == "settlement":
        key = Coalesce("settlement_id", "organisation__settlement_id")
    else:
        key = F("organisation_id")
    return parties.annotate(key=key).filter(key__isnull=False).values_list("key", "agreement_id").distinct()


def _organisation_sums(commitments: QuerySet[Commitment]) -> dict[int, dict[str, Any]]:
    """The engine's sums per organisation: commitments it is responsible for (as the first party or
    as the party on the other side), plus those it co-executes (a commitment where it is both counts
    once). Two queries."""
    sums: dict[int, dict[str, Any]] = defaultdict(dict)
    responsible = (
        commitments.order_by()
        .filter(responsible_organisation__isnull=False)
        .values(key=F("responsible_organisation"))
        .annotate(**scorecard_aggregates())
    )
    # The constraint commitment_counterpart_not_first_party keeps the two responsible columns apart.
    counterpart = (
        commitments.order_by()
        .filter(counterpart_organisation__isnull=False)
        .values(key=F("counterpart_organisation"))
        .annotate(**scorecard_aggregates())
    )
    co_executed = (
        commitments.order_by()
        .annotate(key=F("co_executors"))
        .filter(key__isnull=False)
        .exclude(responsible_organisation=F("key"), responsible_organisation__isnull=False)
        .exclude(counterpart_organisation=F("key"), counterpart_organisation__isnull=False)
        .values("key")
        .annotate(**scorecard_aggregates())
    )
    # The two responsible columns in one query (united), the co-executors in another.
    for rows in (responsible.union(counterpart, all=True), co_executed):
        for row in rows:
            _add(sums[row["key"]], row)
    return sums


# How a key is named and addressed, per kind: the model, and the attribute that is the key.
_MODELS: dict[str, tuple[type[Model], str]] = {
    "region": (Region, "code"),
    "settlement": (Settlement, "pk"),
    "organisation": (Organisation, "pk"),
    "forum": (Event, "pk"),
    "sector": (Sector, "code"),
}


def _names(obj: Any) -> dict[str, str]:
    return dict(obj.titles) if isinstance(obj, Event) else dict(obj.names)


def _sort_key(sort: str) -> tuple[Any, bool]:
    column = sort.lstrip("-")
    descending = sort.startswith("-")
    if column == "name":
        return (lambda row: (row.name.casefold(), row.pk)), descending

    def by_value(row: Row) -> tuple[bool, Any, str]:
        value = row.value(column)
        # Rows without a value (no planned indicator) come last in either direction.
        missing = value is None
        return (missing if not descending else not missing, value or 0, row.name.casefold())

    return by_value, descending


def scorecard_table(user: Any, kind: Kind, *, sort: str = DEFAULT_SORT, only: int | None = None) -> list[Row]:
    """A row per key of `kind` as `user` sees it, sorted by `sort` (a column or "name", "-" for
    descending). `only`: just the key with this id. Three queries (four for organisations)."""
    agreements = visible_agreements(user)
    commitments = counted_commitments(user, agreements)
    pairs = _pairs(kind, agreements)
    if only is not None:
        pairs = pairs.filter(**{"event_id" if kind == "forum" else "key": only})
    agreements_of: dict[int, set[int]] = defaultdict(set)
    for key, agreement_id in pairs:
        agreements_of[key].add(agreement_id)
    if kind == "organisation":
        if only is not None:
            commitments = commitments.filter(_of_organisation(only))
        sums = _organisation_sums(commitments)
    else:
        per_agreement = _raw(
            commitments.order_by().values("source_id").annotate(**scorecard_aggregates()), "source_id"
        )
        sums = defaultdict(dict)
        for key, agreement_ids in agreements_of.items():
            for agreement_id in agreement_ids:
                if agreement_id in per_agreement:
                    _add(sums[key], per_agreement[agreement_id])
    model, attribute = _MODELS[kind]
    keys = set(agreements_of) | set(sums)
    if only is not None:
        keys &= {only}
    objects = model._default_manager.filter(pk__in=keys)
    rows = [
        Row(
            kind=kind,
            key=getattr(obj, attribute),
            pk=obj.pk,
            names=_names(obj),
            name=str(obj.title if isinstance(obj, Event) else getattr(obj, "name", obj)),
            agreements=len(agreements_of.get(obj.pk, ())),
            card=scorecard_from_sums(sums.get(obj.pk, {})),
        )
        for obj in objects
    ]
    key_function, descending = _sort_key(sort if sort.lstrip("-") in SORTS else DEFAULT_SORT)
    rows.sort(key=key_function, reverse=descending)
    return rows


def _of_organisation(organisation_id: int) -> Q:
    co_executed = Commitment.co_executors.through.objects.filter(organisation_id=organisation_id)
    return (
        Q(responsible_organisation_id=organisation_id)
        | Q(counterpart_organisation_id=organisation_id)
        | Q(pk__in=co_executed.values("commitment_id"))
    )


def scorecard_row(user: Any, kind: Kind, pk: int) -> Row | None:
    """The row of one key (a region's, a forum's... id), None when nothing visible belongs to it."""
    rows = scorecard_table(user, kind, only=pk)
    return rows[0] if rows else None
