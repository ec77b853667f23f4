"""Reference data of the sectors: OKVED 2 sections and divisions, from data/okved2.csv.

Sections (A-U) have no parent; divisions (01-99) name their section. Loaded like the territories
(see mosty.territories.reference): matched by code, created or updated in place, idempotent.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.db import transaction

from mosty.sectors.models import Sector
from mosty.territories.reference import LoadResult, Writer, sync_rows

OKVED_CSV = Path(__file__).resolve().parent / "data" / "okved2.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {name: (value or "").strip() for name, value in row.items()} for row in csv.DictReader(handle)
        ]


def load_sectors(*, stdout: Writer | None = None, path: Path = OKVED_CSV) -> list[LoadResult]:
    """Sections first, so that divisions can point at them; both in one transaction."""
    started = time.monotonic()
    rows = _read(path)
    names = ("name_ru", "name_be", "name_en")
    sections = {row["code"]: {name: row[name] for name in names} for row in rows if not row["parent"]}
    with transaction.atomic():
        section_result, by_code = sync_rows(Sector, "code", sections, label="OKVED 2 sections")
        divisions: dict[str, dict[str, Any]] = {
            row["code"]: {"parent_id": by_code[row["parent"]].pk, **{name: row[name] for name in names}}
            for row in rows
            if row["parent"]
        }
        division_result, _divisions = sync_rows(Sector, "code", divisions, label="OKVED 2 divisions")
    # Each call sees the other's rows as "not in its source"; only codes in neither are stale.
    section_result.stale = 0
    division_result.stale = len(set(by_code) - {row["code"] for row in rows})
    results = [section_result, division_result]
    if stdout is not None:
        for result in results:
            stdout.write(f"{result}\n")
        stdout.write(f"  [{time.monotonic() - started:.2f} s]\n")
    return results
