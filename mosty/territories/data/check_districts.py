#!/usr/bin/env python3
"""Validate districts_by.csv: 118 districts, expected count per oblast, no empty names."""
import csv
import sys
from collections import Counter
from pathlib import Path

PATH = Path(__file__).with_name("districts_by.csv")
EXPECTED = {"BY-BR": 16, "BY-VI": 21, "BY-HO": 21, "BY-HR": 17, "BY-MI": 22, "BY-MA": 21}
NAME_FIELDS = ("name_ru", "name_be", "name_en", "centre_ru", "centre_be", "centre_en")


def main() -> int:
    errors = []
    with PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    counts = Counter(r["region_code"] for r in rows)
    for region, n in EXPECTED.items():
        if counts.get(region, 0) != n:
            errors.append(f"{region}: expected {n}, got {counts.get(region, 0)}")
    for region in set(counts) - set(EXPECTED):
        errors.append(f"unexpected region_code {region}")
    if len(rows) != 118:
        errors.append(f"expected 118 rows, got {len(rows)}")
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        errors.append("duplicate codes")
    for r in rows:
        if not r["code"].startswith(r["region_code"] + "-"):
            errors.append(f"{r['code']}: code does not match region_code")
        for field in NAME_FIELDS:
            if not (r.get(field) or "").strip():
                errors.append(f"{r['code']}: empty {field}")
    for e in errors:
        print("ERROR:", e)
    if not errors:
        print(f"OK: {len(rows)} districts, {dict(counts)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
