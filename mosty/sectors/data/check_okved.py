#!/usr/bin/env python3
"""Validate okved2.csv: 21 sections (A-U), 88 divisions, parents valid, no empty names."""
import csv
import string
import sys
from pathlib import Path

PATH = Path(__file__).with_name("okved2.csv")
SECTIONS = list(string.ascii_uppercase[: string.ascii_uppercase.index("U") + 1])
NAME_FIELDS = ("name_ru", "name_be", "name_en")


def main() -> int:
    errors = []
    with PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    sections = [r for r in rows if not r["parent"]]
    divisions = [r for r in rows if r["parent"]]
    if [r["code"] for r in sections] != SECTIONS:
        errors.append(f"sections: expected A-U (21), got {[r['code'] for r in sections]}")
    if len(divisions) != 88:
        errors.append(f"expected 88 divisions, got {len(divisions)}")
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        errors.append("duplicate codes")
    for r in divisions:
        if not (len(r["code"]) == 2 and r["code"].isdigit()):
            errors.append(f"bad division code {r['code']!r}")
        if r["parent"] not in SECTIONS:
            errors.append(f"{r['code']}: bad parent {r['parent']!r}")
    for r in rows:
        for field in NAME_FIELDS:
            if not (r.get(field) or "").strip():
                errors.append(f"{r['code']}: empty {field}")
    for e in errors:
        print("ERROR:", e)
    if not errors:
        print(f"OK: {len(sections)} sections, {len(divisions)} divisions")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
