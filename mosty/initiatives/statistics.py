"""How the competent bodies answer: per body and per region of the body, the same figures on the
public ranking page, in the API and in CSV.

- received: initiatives forwarded to the body (the answer clock started);
- answered on time: answered on or before the due day (extensions included);
- answered late: answered after the due day;
- overdue: not answered, and the due day has passed (as of `today`);
- median days to answer: the median of (answered on − registered on) over the answered ones.
One query reads the rows; the figures are counted in Python, so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import datetime
import statistics as stats
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from mosty.initiatives.models import Initiative
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

SORT_KEYS = ("name", "received", "on_time", "late", "overdue", "median_days", "on_time_percent")


@dataclass
class AnswerStats:
    key: int
    subject: Any  # the Organisation or the Region
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0  # not answered, still within the deadline
    days: list[int] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.on_time + self.late

    @property
    def median_days(self) -> float | None:
        return float(stats.median(self.days)) if self.days else None

    @property
    def on_time_percent(self) -> int | None:
        """Share of the received answered on time (what the ranking sorts by first)."""
        return round(self.on_time * 100 / self.received) if self.received else None

    @property
    def name(self) -> str:
        return str(self.subject) if self.subject is not None else ""

    def add(self, row: dict[str, Any], today: datetime.date) -> None:
        self.received += 1
        answered_on, due, registered = row["answered_on"], row["answer_due"], row["forwarded_on"]
        if answered_on is not None:
            if answered_on <= due:
                self.on_time += 1
            else:
                self.late += 1
            self.days.append((answered_on - registered).days)
        elif due < today:
            self.overdue += 1
        else:
            self.pending += 1


def _rows() -> list[Any]:
    return list(
        Initiative.objects.filter(
            body__isnull=False, forwarded_on__isnull=False, answer_due__isnull=False
        ).values("body_id", "body__region_id", "forwarded_on", "answer_due", "answered_on")
    )


def _collect(rows: Iterable[dict[str, Any]], key: str, today: datetime.date) -> dict[int, AnswerStats]:
    result: dict[int, AnswerStats] = {}
    for row in rows:
        subject_id = row[key]
        if subject_id is None:
            continue
        result.setdefault(subject_id, AnswerStats(key=subject_id, subject=None)).add(row, today)
    return result


def sort_stats(items: list[AnswerStats], sort: str = "") -> list[AnswerStats]:
    """The ranking: by default the best answerers first (share on time, then fewer overdue, then
    faster); or by one column ("-received" for descending)."""
    descending = sort.startswith("-")
    column = sort.lstrip("-")
    if column in SORT_KEYS:

        def value(item: AnswerStats) -> Any:
            raw = getattr(item, column)
            return (raw is None, raw if raw is not None else 0) if column != "name" else raw.casefold()

        return sorted(items, key=value, reverse=descending)
    return sorted(
        items,
        key=lambda item: (
            -(item.on_time_percent or 0),
            item.overdue,
            item.median_days if item.median_days is not None else float("inf"),
            item.name,
        ),
    )


def by_body(*, today: datetime.date | None = None, sort: str = "") -> list[AnswerStats]:
    today = today or timezone.localdate()
    collected = _collect(_rows(), "body_id", today)
    bodies = Organisation.objects.select_related("region").in_bulk(list(collected))
    for pk, item in collected.items():
        item.subject = bodies.get(pk)
    return sort_stats(list(collected.values()), sort)


def by_region(*, today: datetime.date | None = None, sort: str = "") -> list[AnswerStats]:
    today = today or timezone.localdate()
    collected = _collect(_rows(), "body__region_id", today)
    regions = Region.objects.select_related("country").in_bulk(list(collected))
    for pk, item in collected.items():
        item.subject = regions.get(pk)
    return sort_stats(list(collected.values()), sort)
