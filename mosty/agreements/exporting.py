"""Agreements and their action plans written in the import template's format (see importing.py and
data/import_template.md), so that an export imports back without a change.

XLSX: the sheets "agreements" and "plan", machine keys in the first row, and an "about" sheet that
describes every column in the reader's language. CSV: one file, a first column "record" saying
"agreement" or "commitment", each agreement followed by the commitments of its plan.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from mosty.agreements.importing import (
    AGREEMENT_COLUMNS,
    AGREEMENTS,
    CSV_COLUMNS,
    LIST_SEPARATOR,
    ORGANISATION_PREFIX,
    PARTY_SEPARATOR,
    PLAN,
    PLAN_COLUMNS,
    RECORD,
    RECORD_AGREEMENT,
    RECORD_COMMITMENT,
)
from mosty.agreements.models import Agreement, AgreementParty
from mosty.agreements.services import PartyInput
from mosty.commitments.models import Commitment
from mosty.core.exports import Sheet, csv_bytes, xlsx_bytes
from mosty.territories.models import Region

EXAMPLE_FILE = Path(__file__).resolve().parent / "data" / "import_example.csv"
ABOUT_TITLE = _(
    "Agreements and their action plans in Mosty's import format. The first row of each sheet holds "
    "the machine keys of the columns; leave it as it is. Dates as YYYY-MM-DD, decimals with a point."
)
AGREEMENTS_TITLE = _("One row per agreement.")
PLAN_TITLE = _("One row per commitment of an agreement's action plan.")

Row = dict[str, Any]


def party_reference(party: AgreementParty | PartyInput, *, signatory: bool = False) -> str:
    """A party as the template writes it: RU-SMO, RU-SMO/491687 or org:15 (and |signatory|position)."""
    if party.organisation is not None:
        reference = f"{ORGANISATION_PREFIX}{party.organisation.pk}"
    elif party.settlement is not None:
        reference = f"{party.settlement.region.code}/{party.settlement.geonameid}"
    else:
        reference = party.region.code if party.region is not None else ""
    if signatory and (party.signatory_name or party.signatory_position):
        reference += PARTY_SEPARATOR + party.signatory_name
        if party.signatory_position:
            reference += PARTY_SEPARATOR + party.signatory_position
    return reference


def _forum_number(agreement: Agreement) -> int | None:
    return agreement.event.forum_number if agreement.event is not None else None


def agreement_row(agreement: Agreement) -> Row:
    """One row of the agreements sheet (parties, sectors and forum read as loaded: prefetch them)."""
    return {
        "number": agreement.number,
        "forum": _forum_number(agreement),
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "signed_on": agreement.signed_on,
        "place": agreement.place,
        "valid_from": agreement.valid_from,
        "valid_to": agreement.valid_to,
        "prolongation": agreement.prolongation,
        "amount": agreement.amount,
        "currency": agreement.currency,
        "sectors": LIST_SEPARATOR.join(sorted(sector.code for sector in agreement.sectors.all())),
        "visibility": agreement.visibility,
        "description": agreement.description,
        "parties": LIST_SEPARATOR.join(
            party_reference(party, signatory=True) for party in agreement.parties.all()
        ),
    }


def _responsible_reference(organisation_id: int | None, region: Region | None) -> str:
    if organisation_id is not None:
        return f"{ORGANISATION_PREFIX}{organisation_id}"
    return region.code if region is not None else ""


def commitment_row(commitment: Commitment, agreement: Agreement) -> Row:
    """One row of the plan sheet; `responsible` names the first side's party and, where both sides
    act, the other side's after LIST_SEPARATOR."""
    sides = [
        _responsible_reference(commitment.responsible_organisation_id, commitment.responsible_region),
        _responsible_reference(commitment.counterpart_organisation_id, commitment.counterpart_region),
    ]
    responsible = LIST_SEPARATOR.join(side for side in sides if side)
    return {
        "number": agreement.number,
        "forum": _forum_number(agreement),
        "title": agreement.title,
        "commitment": commitment.title,
        "responsible": responsible,
        "deadline": commitment.deadline,
        "report_every": commitment.report_every,
        "indicator_unit": commitment.indicator_unit,
        "planned_value": commitment.planned_value,
        "weight": commitment.weight,
    }


def export_rows(
    agreements: Iterable[Agreement], commitments: QuerySet[Commitment]
) -> list[tuple[Row, list[Row]]]:
    """Each agreement's row with the rows of its commitments (those in `commitments`), in the
    agreements' order; a commitment's rows by deadline. Two queries for the commitments whatever
    the number of agreements."""
    agreement_list = list(agreements)
    by_agreement: dict[int, list[Commitment]] = defaultdict(list)
    ordered = commitments.select_related("responsible_region", "counterpart_region").order_by(
        "source_id", F("deadline").asc(nulls_last=True), "pk"
    )
    for commitment in ordered:
        by_agreement[commitment.source_id].append(commitment)
    return [
        (
            agreement_row(agreement),
            [commitment_row(commitment, agreement) for commitment in by_agreement.get(agreement.pk, [])],
        )
        for agreement in agreement_list
    ]


def _sheets(rows: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]) -> list[Sheet]:
    return [
        Sheet(AGREEMENTS, AGREEMENT_COLUMNS, [agreement for agreement, _plan in rows], AGREEMENTS_TITLE),
        Sheet(PLAN, PLAN_COLUMNS, [item for _agreement, plan in rows for item in plan], PLAN_TITLE),
    ]


def to_xlsx(rows: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]) -> bytes:
    return xlsx_bytes(_sheets(rows), header="keys", about=True, about_title=ABOUT_TITLE)


def to_csv(rows: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]) -> bytes:
    lines: list[Mapping[str, Any]] = []
    for agreement, plan in rows:
        lines.append({RECORD: RECORD_AGREEMENT, **agreement})
        lines.extend({RECORD: RECORD_COMMITMENT, **item} for item in plan)
    return csv_bytes(CSV_COLUMNS, lines, header="keys")


def export_filename(extension: str, today: datetime.date) -> str:
    return f"agreements-{today.isoformat()}.{extension}"


# --- The empty template and the example ----------------------------------------------------------

# An illustration of the format (the files offered on the import page and data/import_example.csv):
# invented agreements, marked as examples, between real regions at the XII Forum of Regions.
EXAMPLE: list[tuple[Row, list[Row]]] = [
    (
        {
            "number": "П-1",
            "forum": 12,
            "title": "Пример: соглашение о сотрудничестве в сфере образования",
            "kind": "regions",
            "status": "signed",
            "signed_on": datetime.date(2025, 6, 26),
            "place": "Пример: место подписания",
            "valid_from": datetime.date(2025, 7, 1),
            "valid_to": datetime.date(2028, 12, 31),
            "prolongation": "automatic",
            "amount": None,
            "currency": "",
            "sectors": "P",
            "visibility": "public",
            "description": "Пример строки шаблона импорта.\nПереносы строк сохраняются.",
            "parties": "RU-SMO|И. О. Фамилия|Губернатор;BY-VI|И. О. Фамилия|Председатель облисполкома",
        },
        [
            {
                "number": "П-1",
                "forum": 12,
                "title": "Пример: соглашение о сотрудничестве в сфере образования",
                "commitment": "Пример: провести совместную летнюю школу",
                "responsible": "RU-SMO;BY-VI",
                "deadline": datetime.date(2026, 8, 31),
                "report_every": "quarter",
                "indicator_unit": "участников",
                "planned_value": Decimal("60.00"),
                "weight": 2,
            },
            {
                "number": "П-1",
                "forum": 12,
                "title": "Пример: соглашение о сотрудничестве в сфере образования",
                "commitment": "Пример: организовать обмен преподавателями",
                "responsible": "BY-VI",
                "deadline": datetime.date(2027, 6, 30),
                "report_every": "none",
                "indicator_unit": "",
                "planned_value": None,
                "weight": 1,
            },
        ],
    ),
    (
        {
            "number": "",
            "forum": None,
            "title": "Пример: меморандум без номера и без форума",
            "kind": "memorandum",
            "status": "draft",
            "signed_on": None,
            "place": "",
            "valid_from": None,
            "valid_to": None,
            "prolongation": "none",
            "amount": Decimal("1500000.00"),
            "currency": "BYN",
            "sectors": "A;01",
            "visibility": "restricted",
            "description": "",
            "parties": "RU-PSK;BY-MI",
        },
        [
            {
                "number": "",
                "forum": None,
                "title": "Пример: меморандум без номера и без форума",
                "commitment": "Пример: подготовить дорожную карту",
                "responsible": "RU-PSK",
                "deadline": None,
                "report_every": "none",
                "indicator_unit": "",
                "planned_value": None,
                "weight": 1,
            }
        ],
    ),
]


def template_xlsx() -> bytes:
    return to_xlsx([])


def template_csv() -> bytes:
    return to_csv([])


def example_xlsx() -> bytes:
    return to_xlsx(EXAMPLE)


def example_csv() -> bytes:
    return to_csv(EXAMPLE)


def write_example_file(path: Path = EXAMPLE_FILE) -> None:
    """Regenerate data/import_example.csv (a test checks it is up to date)."""
    path.write_bytes(example_csv())
