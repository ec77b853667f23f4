"""A scorecard table as CSV or XLSX (through mosty.core.exports): the page's columns and figures,
headings in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from mosty.core.exports import Column, Sheet, csv_bytes, file_response, xlsx_bytes
from mosty.scorecards.selectors import COLUMNS, KIND_LABELS, Row

FORMATS = ("csv", "xlsx")


def columns(kind: str) -> list[Column]:
    key = _("Code") if kind in ("region", "sector") else _("Id")
    return [Column("key", key), Column("name", _("Name")), *(Column(name, label) for name, label in COLUMNS)]


def _mapping(row: Row) -> dict[str, Any]:
    return {"key": row.key, "name": row.name, **{name: row.value(name) for name, _label in COLUMNS}}


def export(kind: str, rows: Sequence[Row], fmt: str) -> HttpResponse:
    filename = f"scorecards-{kind}.{fmt}"
    mappings = [_mapping(row) for row in rows]
    if fmt == "csv":
        return file_response(csv_bytes(columns(kind), mappings), filename)
    sheet = Sheet(name=str(KIND_LABELS[kind]), columns=columns(kind), rows=mappings)
    return file_response(xlsx_bytes([sheet]), filename)
