"""The seed_scale engine: a registry of steps, each inserting one domain's rows in one transaction.

A step is a function of a `Context`; it allocates ids for the rows it writes (`ctx.allocate`), builds
them as tuples and hands them to `ctx.insert`, which writes them with COPY on PostgreSQL and
`bulk_create` on SQLite. The step's `SeedStep` row is written in the same transaction, so a step is
either fully there or not at all: an interrupted run resumes at the first unfinished step, and a
rerun at the same scale does nothing. The id ranges kept in `SeedStep.ranges` tell later steps which
rows to refer to and tell `--reset` what to delete.

Seeded rows are written by bulk paths, not by the services, so they leave no audit rows; the steps
keep the services' invariants instead (parties on both sides, statuses that follow the reports,
counters equal to their rows, unique constraints).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from mosty.scale.models import SeedStep
from mosty.scale.reference import Reference

# The counts at scale 1 (the national scale); a run at scale N writes round(N × count).
COUNTS: dict[str, int] = {
    "users": 200_000,
    "organisations": 100_000,
    "ties": 20_000,
    "events": 5_000,
    "agreements": 10_000,
    "commitments": 100_000,
    "reports": 200_000,
    "projects": 2_000,
    "milestones": 6_000,
    "initiatives": 100_000,
    "supports": 5_000_000,
    "registrations": 500_000,
    "comments": 1_000_000,
}
BATCH = 5_000
COPY_CHUNK = 50_000


class SeedError(Exception):
    pass


class Output(Protocol):
    """Where progress goes: a management command's stdout, or a StringIO in tests."""

    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], None]
    # Models ("app_label.Model") the step writes or reads; it is left out while one is not installed.
    requires: tuple[str, ...] = ()

    def missing(self) -> list[str]:
        missing = []
        for label in self.requires:
            try:
                apps.get_model(label)
            except LookupError:
                missing.append(label)
        return missing


STEPS: list[Step] = []


def step(
    name: str, *, requires: Sequence[str] = ()
) -> Callable[[Callable[[Context], None]], Callable[..., None]]:
    """Register a step; steps run in the order their modules register them (see steps/__init__.py)."""

    def register(function: Callable[[Context], None]) -> Callable[[Context], None]:
        if any(existing.name == name for existing in STEPS):
            raise SeedError(f"step {name} registered twice")
        STEPS.append(Step(name=name, run=function, requires=tuple(requires)))
        return function

    return register


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class Context:
    scale: float
    stdout: Output
    # The id ranges of every finished step's rows, by model label.
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    # This step's ranges and row count.
    step_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    step_rows: int = 0
    step_name: str = ""
    now: Any = field(default_factory=timezone.now)
    ref: Reference = field(default_factory=Reference)
    _allocated: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, *, minimum: int = 1) -> int:
        return max(minimum, round(COUNTS[key] * self.scale))

    def rng(self, salt: str = "") -> random.Random:
        """The step's random source: the same sequence on every run, so a resumed run writes the same data."""
        return random.Random(f"mosty-seed:{self.step_name}:{salt}")  # noqa: S311 - test data, not secrets

    def ids(self, model: type[models.Model] | str) -> range:
        """The ids of the seeded rows of a model (empty when no finished step wrote it)."""
        first, last = self.ranges.get(_label(model), (1, 0))
        return range(first, last + 1)

    def allocate(self, model: type[models.Model], count: int) -> range:
        """Ids for `count` new rows, after every row in the table; the table is locked against other
        writers until the step commits, so nobody else takes them."""
        label = _label(model)
        if label in self._allocated:
            first = self._allocated[label]
        else:
            if is_postgres():
                with connection.cursor() as cursor:
                    cursor.execute(f'LOCK TABLE "{model._meta.db_table}" IN EXCLUSIVE MODE')
            first = (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self._allocated[label] = first + count
        if count:
            lo, hi = self.step_ranges.get(label, (first, first + count - 1))
            self.step_ranges[label] = (min(lo, first), max(hi, first + count - 1))
        return range(first, first + count)

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Write rows (tuples in the order of `columns`, attnames, "id" first); the model's other columns
        get their defaults. COPY on PostgreSQL, bulk_create on SQLite."""
        columns = list(columns)
        if columns[0] != "id":
            raise SeedError("rows carry their allocated id first")
        extra_columns, extra_values = _defaults(model, columns, self.now)
        written = 0
        if is_postgres():
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(_column(model, c)) for c in columns + extra_columns)
            # In chunks: building a row may query (reference data), which must not happen inside a COPY.
            for chunk in chunked(rows, COPY_CHUNK):
                with connection.cursor() as cursor:
                    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                    with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in chunk:
                            copy.write_row((*row, *extra_values))
                written += len(chunk)
        else:
            iterator = iter(rows)
            while chunk := list(islice(iterator, BATCH)):
                objects = [model(**dict(zip(columns, row, strict=True))) for row in chunk]
                model._base_manager.bulk_create(objects, batch_size=500)
                written += len(chunk)
        self.step_rows += written
        return written


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else str(model._meta.label)


def _column(model: type[models.Model], attname: str) -> str:
    for model_field in model._meta.concrete_fields:
        if model_field.attname == attname:
            return str(model_field.column)
    raise FieldDoesNotExist(f"{model._meta.label} has no column {attname}")


def _defaults(model: type[models.Model], columns: list[str], now: Any) -> tuple[list[str], list[Any]]:
    """The columns the rows do not carry and the value each gets: its default, `now` for timestamps."""
    names, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in columns:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        elif model_field.has_default():
            value = model_field.get_default()
            if isinstance(model_field, models.JSONField):
                value = json.dumps(value)
        elif model_field.null:
            value = None
        elif model_field.empty_strings_allowed:
            value = ""
        else:
            raise SeedError(f"{model._meta.label}.{model_field.name} needs a value")
        names.append(model_field.attname)
        values.append(value)
    return names, values


def split(
    total: int, parts: int, rng: random.Random, *, skew: float = 0.0, cap: int | None = None
) -> list[int]:
    """`total` items over `parts` parents: exact sum, random shares (heavy-tailed with skew > 0),
    no share above `cap` (a support per user, so never more than the users)."""
    if parts <= 0:
        return []
    weights = [rng.paretovariate(1 / skew) if skew else rng.uniform(0.5, 1.5) for _ in range(parts)]
    factor = total / sum(weights)
    counts = [int(weight * factor) for weight in weights]
    if cap is not None:
        counts = [min(count, cap) for count in counts]
    remainder = total - sum(counts)
    if cap is not None and remainder > parts * cap - sum(counts):
        raise SeedError(f"{total} items do not fit in {parts} parents of at most {cap}")
    index = 0
    order = list(range(parts))
    rng.shuffle(order)
    while remainder > 0:
        position = order[index % parts]
        if cap is None or counts[position] < cap:
            counts[position] += 1
            remainder -= 1
        index += 1
    return counts


def chunked(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _after_step(labels: Iterable[str]) -> None:
    """On PostgreSQL: the sequences follow the explicit ids, and the planner learns the new row counts
    at once (autovacuum would take minutes, and until then plans are made for the empty tables: a
    seq scan of 200,000 users in a loop, a sort of 100,000 initiatives spilled to disk)."""
    if not is_postgres():
        return
    models_ = [apps.get_model(label) for label in labels]
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _finished() -> list[SeedStep]:
    return list(SeedStep.objects.order_by("id"))


def run(scale: float, *, stdout: Output, fail_after: str | None = None) -> int:
    """Run every step not finished yet; returns the number of steps run. `fail_after` (tests only)
    interrupts the run right after that step commits, as a kill would."""
    if scale <= 0:
        raise SeedError("the scale must be positive")
    finished = _finished()
    other = {row.scale for row in finished} - {scale}
    if other:
        raise SeedError(f"this database is seeded at scale {other.pop()}; run with --reset to start over")
    context = Context(scale=scale, stdout=stdout)
    for row in finished:
        for label, (first, last) in row.ranges.items():
            context.ranges[label] = (first, last)
    done = {row.name for row in finished}
    ran = 0
    started = time.monotonic()
    for current in STEPS:
        if current.name in done:
            stdout.write(f"  {current.name:<16} already done\n")
            continue
        missing = current.missing()
        if missing:
            stdout.write(f"  {current.name:<16} left out: {', '.join(missing)} not installed\n")
            continue
        context.step_name, context.step_ranges, context.step_rows = current.name, {}, 0
        context._allocated = {}
        begin = time.monotonic()
        with transaction.atomic():
            current.run(context)
            seconds = time.monotonic() - begin
            SeedStep.objects.create(
                name=current.name,
                scale=scale,
                ranges={label: list(bounds) for label, bounds in context.step_ranges.items()},
                rows=context.step_rows,
                seconds=round(seconds, 3),
            )
        _after_step(context.step_ranges)
        context.ranges.update(context.step_ranges)
        rate = context.step_rows / seconds if seconds else 0.0
        stdout.write(
            f"  {current.name:<16} {context.step_rows:>10} rows in {seconds:7.1f} s ({rate:,.0f} rows/s)\n"
        )
        ran += 1
        if fail_after == current.name:
            raise SeedError(f"interrupted after {current.name}")
    stdout.write(f"seed_scale {scale}: {ran} steps in {time.monotonic() - started:.1f} s\n")
    return ran


def reset(*, stdout: Output) -> int:
    """Delete every seeded row, the last step's first; rows others made on top of them (a support
    given during a benchmark) go with them through Django's cascade. Returns the rows deleted."""
    deleted = 0
    for row in reversed(_finished()):
        with transaction.atomic():
            for label, (first, last) in reversed(list(row.ranges.items())):
                model = apps.get_model(label)
                for low in range(first, last + 1, 50_000):
                    high = min(last, low + 49_999)
                    count, _by_model = model._base_manager.filter(pk__gte=low, pk__lte=high).delete()
                    deleted += count
            row.delete()
        stdout.write(f"  {row.name:<16} removed\n")
    return deleted
