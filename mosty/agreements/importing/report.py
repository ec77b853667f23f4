"""What an import found and did: its problems (sheet, row, column, why) and its changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from mosty.agreements.importing.template import (
    RECORD_AGREEMENT,
    RECORD_COMMITMENT,
    SHEET_KEYS,
    SHEET_ORDER,
)


@dataclass(frozen=True)
class Problem:
    sheet: str  # "agreements", "plan", or "" for the file as a whole
    row: int  # the spreadsheet's row number (the heading is row 1); 0 for the file as a whole
    column: str  # the column's key, or "" for the row as a whole
    message: str  # in the language active during the import


@dataclass(frozen=True)
class Change:
    sheet: str
    row: int
    record: str  # "agreement" or "commitment"
    action: str  # "created", "updated" or "unchanged"
    label: str
    columns: tuple[str, ...] = ()  # the columns whose values changed


@dataclass
class ImportReport:
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, record: str, action: str) -> int:
        return sum(1 for change in self.changes if change.record == record and change.action == action)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {
            record: {action: self.count(record, action) for action in ("created", "updated", "unchanged")}
            for record in (RECORD_AGREEMENT, RECORD_COMMITMENT)
        }

    @property
    def changed(self) -> list[Change]:
        return [change for change in self.changes if change.action != "unchanged"]

    def sort(self) -> None:
        def column_index(problem: Problem) -> int:
            keys = SHEET_KEYS.get(problem.sheet, ())
            return keys.index(problem.column) + 1 if problem.column in keys else 0

        self.problems.sort(key=lambda p: (SHEET_ORDER.get(p.sheet, 3), p.row, column_index(p)))


def iter_problem_lines(report: ImportReport) -> Iterator[str]:
    """The problems as lines of text (the management command prints them)."""
    for problem in report.problems:
        place = ", ".join(
            part
            for part in (
                problem.sheet,
                f"{_('row')} {problem.row}" if problem.row else "",
                f"{_('column')} {problem.column}" if problem.column else "",
            )
            if part
        )
        yield f"{place}: {problem.message}" if place else problem.message
