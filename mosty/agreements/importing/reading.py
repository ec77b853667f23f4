"""Reading the rows of an XLSX workbook or a CSV file, cell values as they are, with the problems of
the file itself (sheets, columns, formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mosty.agreements.importing.messages import (
    BAD_RECORD,
    FILE_KIND,
    FILE_NOT_CSV,
    FILE_NOT_XLSX,
    FORMULA,
    MISSING_COLUMN,
    NO_AGREEMENTS_SHEET,
    NOT_FOR_THIS_RECORD,
    TOO_MANY_ROWS,
    TWICE_COLUMN,
    UNKNOWN_COLUMN,
    UNKNOWN_SHEET,
)
from mosty.agreements.importing.report import (
    Problem,
)
from mosty.agreements.importing.template import (
    AGREEMENTS,
    CSV_KEYS,
    MAX_ROWS,
    PLAN,
    RECORD,
    RECORD_AGREEMENT,
    RECORD_COMMITMENT,
    SHEET_KEYS,
)
from mosty.core.exports import ABOUT_SHEET, restore

# The value of a cell holding a formula: reported once here, and not parsed any further.
FORMULA_CELL = object()


@dataclass
class RawRow:
    sheet: str
    row: int
    cells: dict[str, Any]  # column key → the cell's value (str, int, float, datetime) or None


class FileProblem(Exception):
    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = restore(value.strip())
        return value or None
    return value


def _header(values: Sequence[Any], sheet: str, allowed: Sequence[str], problems: list[Problem]) -> list[str]:
    """The keys of the heading row; unknown, repeated and missing columns are problems."""
    keys = [str(value).strip() if value is not None else "" for value in values]
    while keys and not keys[-1]:
        keys.pop()
    seen: set[str] = set()
    for key in keys:
        if not key:
            continue
        if key not in allowed:
            problems.append(Problem(sheet, 1, "", str(UNKNOWN_COLUMN % {"value": key})))
        elif key in seen:
            problems.append(Problem(sheet, 1, key, str(TWICE_COLUMN % {"value": key})))
        seen.add(key)
    for key in allowed:
        if key not in seen:
            problems.append(Problem(sheet, 1, key, str(MISSING_COLUMN % {"value": key})))
    return keys


def read_xlsx(content: bytes, problems: list[Problem]) -> list[RawRow]:
    """The rows of the sheets "agreements" and "plan" ("about" is skipped, others are problems)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # a corrupt or foreign file: openpyxl raises many kinds of errors
        raise FileProblem(FILE_NOT_XLSX) from None
    rows: list[RawRow] = []
    try:
        names = workbook.sheetnames
        if AGREEMENTS not in names:
            problems.append(Problem("", 0, "", str(NO_AGREEMENTS_SHEET)))
        for name in names:
            if name == ABOUT_SHEET:
                continue
            if name not in SHEET_KEYS:
                problems.append(Problem("", 0, "", str(UNKNOWN_SHEET % {"value": name})))
                continue
            worksheet = workbook[name]
            worksheet.reset_dimensions()  # files written by other programs may state wrong dimensions
            keys: list[str] | None = None
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                if keys is None:
                    keys = _header([cell.value for cell in cells], name, SHEET_KEYS[name], problems)
                    continue
                if number > MAX_ROWS + 1:
                    problems.append(Problem(name, number, "", str(TOO_MANY_ROWS % {"limit": MAX_ROWS})))
                    break
                values: dict[str, Any] = {}
                for key, cell in zip(keys, cells, strict=False):
                    if getattr(cell, "data_type", None) == "f":
                        problems.append(Problem(name, number, key, str(FORMULA)))
                        values[key] = FORMULA_CELL
                    elif key:
                        values[key] = _clean_cell(cell.value)
                if any(value is not None for value in values.values()):
                    rows.append(RawRow(name, number, values))
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(FILE_NOT_XLSX) from None
    finally:
        workbook.close()
    return rows


def read_csv(content: bytes, problems: list[Problem]) -> list[RawRow]:
    """The rows of a single CSV whose first column says which sheet each row belongs to. Comma
    separated as exported; a file saved by Excel with semicolons is read too."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(FILE_NOT_CSV) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[RawRow] = []
    keys: list[str] | None = None
    try:
        for number, values in enumerate(reader, start=1):
            if keys is None:
                keys = _header(values, "", CSV_KEYS, problems)
                continue
            if number > 2 * MAX_ROWS + 1:
                problems.append(Problem("", number, "", str(TOO_MANY_ROWS % {"limit": 2 * MAX_ROWS})))
                break
            cells = {key: _clean_cell(value) for key, value in zip(keys, values, strict=False) if key}
            if all(value is None for value in cells.values()):
                continue
            record = str(cells.pop(RECORD, None) or "").strip().lower()
            sheet = {RECORD_AGREEMENT: AGREEMENTS, RECORD_COMMITMENT: PLAN}.get(record)
            if sheet is None:
                problems.append(Problem("", number, RECORD, str(BAD_RECORD % {"value": record})))
                continue
            own = SHEET_KEYS[sheet]
            for key, value in cells.items():
                if key not in own and value is not None:
                    problems.append(Problem(sheet, number, key, str(NOT_FOR_THIS_RECORD)))
            rows.append(RawRow(sheet, number, {key: cells.get(key) for key in own}))
    except csv.Error:
        raise FileProblem(FILE_NOT_CSV) from None
    return rows


def read_rows(content: bytes, name: str, problems: list[Problem]) -> list[RawRow]:
    """The file's rows, by its extension (.xlsx or .csv)."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return read_xlsx(content, problems)
    if lowered.endswith(".csv"):
        return read_csv(content, problems)
    raise FileProblem(FILE_KIND)
