"""Writing a list as XLSX or CSV, the same way for every list of the platform.

    columns = [Column("title", _("title")), Column("signed_on", _("signed on"))]
    content = xlsx_bytes([Sheet("agreements", columns, rows)])          # rows: mappings by column key
    return file_response(content, "agreements.xlsx")

Headings are the columns' labels in the reader's language, or (``header="keys"``) the machine keys,
for files meant to be imported back; an XLSX then gets an "about" sheet that describes every column
in the reader's language.

Cells are safe to open in a spreadsheet: a text that a spreadsheet would read as a formula (it starts
with = + - @, a tab or a carriage return) is written with a leading apostrophe, in CSV and XLSX alike
(`neutralise`); importers take it off again with `restore`. XLSX text cells are always written as text,
never as formulas, and characters XML cannot hold are dropped.

CSV: UTF-8 with a byte-order mark (so that Excel reads Cyrillic correctly), comma-separated,
CRLF line ends, quotes where needed (RFC 4180). Dates as YYYY-MM-DD, decimals with a point.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# What makes a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

# Decimals with more significant digits than a spreadsheet's float keeps are written as text.
_FLOAT_DIGITS = 15

ABOUT_SHEET = "about"

Header = Literal["labels", "keys"]
Text = str | Promise


@dataclass(frozen=True)
class Column:
    key: str  # the machine key: the mapping key of a row and, with header="keys", the heading
    label: Text  # the heading in the reader's language
    help: Text = ""  # what the column holds, for the "about" sheet and the documentation


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any]] = field(default_factory=list)
    title: Text = ""  # a description of the sheet for the "about" sheet


def _looks_like_formula(value: str) -> bool:
    """Whether it starts like a formula, after any apostrophes (so that a text that itself starts
    with an apostrophe and a formula sign survives the round trip too)."""
    return value.lstrip(QUOTE).startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """`value` with an apostrophe in front when a spreadsheet would take it for a formula."""
    return QUOTE + value if _looks_like_formula(value) else value


def restore(value: str) -> str:
    """The text `neutralise` was given: the apostrophe it added is taken off (only that one)."""
    if value.startswith(QUOTE) and _looks_like_formula(value):
        return value[1:]
    return value


def _text(value: Any) -> str:
    return neutralise(str(value))


def xlsx_value(value: Any) -> Any:
    """What goes into an XLSX cell: numbers and dates as such, every text neutralised."""
    if value is None or isinstance(value, bool | int | float | datetime.date):
        return value
    if isinstance(value, decimal.Decimal):
        digits = len(value.as_tuple().digits)
        return value if digits <= _FLOAT_DIGITS else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", _text(value))


def csv_value(value: Any) -> str:
    """What goes into a CSV cell: dates as YYYY-MM-DD, numbers as written, every text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    return _text(value)


def _headings(columns: Sequence[Column], header: Header) -> list[str]:
    return [column.key if header == "keys" else str(column.label) for column in columns]


def csv_bytes(
    columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], *, header: Header = "labels"
) -> bytes:
    """One CSV file: a heading row, then one line per row (missing keys are empty cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(heading) for heading in _headings(columns, header)])
    for row in rows:
        writer.writerow([csv_value(row.get(column.key)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _about_rows(sheets: Sequence[Sheet]) -> list[list[str]]:
    rows: list[list[str]] = []
    for sheet in sheets:
        rows.append([sheet.name, str(sheet.title)])
        rows.append([str(_("column")), str(_("heading")), str(_("what it holds"))])
        rows.extend([column.key, str(column.label), str(column.help)] for column in sheet.columns)
        rows.append([])
    return rows


def xlsx_bytes(
    sheets: Sequence[Sheet], *, header: Header = "labels", about: bool | None = None, about_title: Text = ""
) -> bytes:
    """One workbook, a worksheet per sheet (heading row in bold and frozen), plus the "about" sheet
    describing the columns (by default when the headings are machine keys)."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name[:31])
        worksheet.append([xlsx_value(heading) for heading in _headings(sheet.columns, header)])
        for cell in worksheet[1]:
            cell.font = bold
        for row in sheet.rows:
            worksheet.append([xlsx_value(row.get(column.key)) for column in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            width = max(len(column.key if header == "keys" else str(column.label)), 10)
            worksheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
            for cell in worksheet[get_column_letter(index)][1:]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        worksheet.freeze_panes = "A2"
    if about if about is not None else header == "keys":
        worksheet = workbook.create_sheet(ABOUT_SHEET)
        if about_title:
            worksheet.append([xlsx_value(str(about_title))])
            worksheet.append([])
        for values in _about_rows(sheets):
            worksheet.append([xlsx_value(value) for value in values])
        worksheet.column_dimensions["A"].width = 20
        worksheet.column_dimensions["B"].width = 30
        worksheet.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(content: bytes, filename: str) -> HttpResponse:
    """The file as a download; the content type follows the name's extension (.xlsx or .csv)."""
    content_type = XLSX_CONTENT_TYPE if filename.endswith(".xlsx") else CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
