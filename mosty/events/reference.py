"""The Forums of Regions of Belarus and Russia as reference events, loaded from data/forums.csv.

Figures are stored as reported, in the reported currency, never converted; unknown figures and
dates stay empty (the date note says what is known). Sources are cited in data/SOURCES.md and,
per forum, in the `sources` column. Reference loads are not audited: they are data, not edits.
"""

from __future__ import annotations

import csv
import decimal
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from mosty.events.models import Event, EventKind
from mosty.territories.models import Region, Settlement

FORUMS_CSV = Path(__file__).resolve().parent / "data" / "forums.csv"

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    """Roman numerals for forum numbers (1–39 is all a yearly forum will need for a while)."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def english_ordinal(number: int) -> str:
    teens = 10 <= number % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def forum_titles(number: int) -> dict[str, str]:
    return {
        "ru": f"{roman(number)} Форум регионов Беларуси и России",
        "be": f"{roman(number)} Форум рэгіёнаў Беларусі і Расіі",
        "en": f"{english_ordinal(number)} Forum of Regions of Belarus and Russia",
    }


@dataclass
class _Writer:
    stdout: Any

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _decimal(value: str) -> decimal.Decimal | None:
    return decimal.Decimal(value.strip()) if value.strip() else None


def _host_city(place_ru: str) -> str:
    """'Москва (ЦВК «Экспоцентр»)' -> 'Москва'; 'Витебск, Полоцк, Новополоцк' -> 'Витебск'."""
    city = place_ru.split("(")[0].split(",")[0].split(" и ")[0]
    return city.strip()


def _settlement(place_ru: str, regions: list[Region]) -> Settlement | None:
    city = _host_city(place_ru)
    if not city or not regions:
        return None
    spellings = {city, city.replace("ё", "е"), city.replace("е", "ё")}
    return (
        Settlement.objects.filter(region__in=regions)
        .filter(Q(name_ru__in=spellings))
        .order_by("-population", "pk")
        .first()
    )


def read_forums(path: Path = FORUMS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_forums(*, stdout: Any = None, path: Path = FORUMS_CSV) -> int:
    """Create or update (by forum number) one FORUM event per row of forums.csv; return how many."""
    say = _Writer(stdout)
    rows = read_forums(path)
    regions_by_code = {region.code: region for region in Region.objects.all()}
    for row in rows:
        number = int(row["number"])
        codes = [code.strip() for code in row["host_region_codes"].split(";") if code.strip()]
        regions = []
        for code in codes:
            if code in regions_by_code:
                regions.append(regions_by_code[code])
            else:
                say(f"Forum {roman(number)}: region {code} is not loaded, skipped.")
        titles = forum_titles(number)
        values: dict[str, Any] = {
            "kind": EventKind.FORUM,
            "title_ru": titles["ru"],
            "title_be": titles["be"],
            "title_en": titles["en"],
            "year": int(row["year"]),
            "start_date": _date(row["start_date"]),
            "end_date": _date(row["end_date"]),
            "format": row["format"] or "in_person",
            "settlement": _settlement(row["place_ru"], regions),
            "agreements_count": _int(row["agreements_count"]),
            "contracts_amount": _decimal(row["contracts_amount"]),
            "contracts_currency": row["contracts_currency"].strip(),
            "sources": "\n".join(url.strip() for url in row["sources"].split(";") if url.strip()),
        }
        for language in ("ru", "be", "en"):
            values[f"date_note_{language}"] = row[f"date_note_{language}"].strip()
            values[f"place_{language}"] = row[f"place_{language}"].strip()
            values[f"theme_{language}"] = row[f"theme_{language}"].strip()
            values[f"results_{language}"] = row[f"results_note_{language}"].strip()

        event = Event.objects.filter(forum_number=number).first() or Event(forum_number=number)
        changed = event.pk is None or any(getattr(event, name) != value for name, value in values.items())
        if changed:
            for name, value in values.items():
                setattr(event, name, value)
            event.full_clean()
            event.save()
        if sorted(r.pk for r in event.regions.all()) != sorted(r.pk for r in regions):
            event.regions.set(regions)
    say(f"Forums of Regions: {len(rows)} loaded.")
    return len(rows)
