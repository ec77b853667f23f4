"""The import template: its sheets, columns and the notation of its cells (see data/import_template.md)."""

from __future__ import annotations

import decimal
from typing import Any

from django.db.models import TextChoices
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mosty.agreements.models import (
    AgreementKind,
    AgreementStatus,
    Prolongation,
    Visibility,
)
from mosty.commitments.models import ReportEvery
from mosty.core.exports import Column
from mosty.money.models import Currency

AGREEMENTS = "agreements"
PLAN = "plan"
RECORD = "record"  # the first column of the single-file CSV
RECORD_AGREEMENT = "agreement"
RECORD_COMMITMENT = "commitment"
LIST_SEPARATOR = ";"  # between parties, between sectors
PARTY_SEPARATOR = "|"  # between a party, its signatory and the signatory's position
ORGANISATION_PREFIX = "org:"
MAX_ROWS = 10_000  # per sheet; the whole file is processed in one request
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
MAX_AMOUNT = decimal.Decimal(10) ** 16  # max_digits=18, decimal_places=2
CENT = decimal.Decimal("0.01")


def _choices_help(text: Any, choices: type[TextChoices]) -> Any:
    return format_lazy("{} {}", text, ", ".join(choices.values))


AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        _("number"),
        _(
            "The agreement's number, unique within a forum. With the forum it finds the agreement again "
            "on a repeated import."
        ),
    ),
    Column(
        "forum",
        _("forum"),
        _("The number of the Forum of Regions where it was signed (12 for the XII Forum); empty if none."),
    ),
    Column(
        "title",
        _("title"),
        _(
            "Required. Without a number, the title and the forum find the agreement again on a "
            "repeated import."
        ),
    ),
    Column(
        "kind",
        _("kind"),
        _choices_help(_("Required. The code or the name in Russian, Belarusian or English:"), AgreementKind),
    ),
    Column(
        "status",
        _("status"),
        _choices_help(_("The code or the name; empty means draft. Codes:"), AgreementStatus),
    ),
    Column("signed_on", _("signed on"), _("YYYY-MM-DD or DD.MM.YYYY; required unless a draft.")),
    Column("place", _("place of signing"), _("Text.")),
    Column("valid_from", _("valid from"), _("YYYY-MM-DD or DD.MM.YYYY.")),
    Column("valid_to", _("valid until"), _("YYYY-MM-DD or DD.MM.YYYY; not before valid_from.")),
    Column(
        "prolongation",
        _("prolongation"),
        _choices_help(_("The code or the name; empty means none. Codes:"), Prolongation),
    ),
    Column(
        "amount",
        _("amount"),
        _("A number, not negative, at most two decimals (1500000.50); with a currency."),
    ),
    Column("currency", _("currency"), _choices_help(_("With an amount:"), Currency)),
    Column("sectors", _("sectors"), _("OKVED 2 codes separated by ; (A;01;62) — format the cells as text.")),
    Column(
        "visibility",
        _("visibility"),
        _choices_help(_("The code or the name; empty means public. Codes:"), Visibility),
    ),
    Column("description", _("description"), _("Plain text; line breaks are kept.")),
    Column(
        "parties",
        _("parties"),
        _(
            "Required, two or more, separated by ;. Each is a region code (RU-SMO), a region code and a "
            "settlement's GeoNames id (RU-SMO/491687) or org: and an organisation's number in Mosty "
            "(org:15), optionally followed by |signatory|position: BY-VI|A. Ivanov|Chairman."
        ),
    ),
)

PLAN_COLUMNS: tuple[Column, ...] = (
    Column("number", _("agreement number"), _("The agreement's number, as on the agreements sheet.")),
    Column("forum", _("forum"), _("The agreement's forum number, as on the agreements sheet.")),
    Column(
        "title",
        _("agreement title"),
        _("The agreement's title; needed only when the agreement has no number."),
    ),
    Column(
        "commitment",
        _("commitment"),
        _("Required. What is promised; it finds the commitment again on a repeated import."),
    ),
    Column(
        "responsible",
        _("responsible"),
        _(
            "Required. A region code (RU-SMO) or org: and an organisation's number (org:15); where both "
            "sides act, the other side's after “;” (RU-SMO;BY-VI)."
        ),
    ),
    Column("deadline", _("deadline"), _("YYYY-MM-DD or DD.MM.YYYY; not before the agreement was signed.")),
    Column(
        "report_every",
        _("reports due"),
        _choices_help(_("The code or the name; empty means none. Codes:"), ReportEvery),
    ),
    Column("indicator_unit", _("indicator unit"), _("For example: events, tonnes, million roubles.")),
    Column("planned_value", _("planned value"), _("A number, not negative, at most two decimals.")),
    Column("weight", _("weight"), _("A whole number from 1 to 1000; empty means 1.")),
)

AGREEMENT_KEYS = tuple(column.key for column in AGREEMENT_COLUMNS)
PLAN_KEYS = tuple(column.key for column in PLAN_COLUMNS)
SHARED_KEYS = ("number", "forum", "title")

CSV_COLUMNS: tuple[Column, ...] = (
    Column(
        RECORD,
        _("record"),
        _("agreement for a row of the agreements sheet, commitment for a row of the plan sheet."),
    ),
    *AGREEMENT_COLUMNS,
    *(column for column in PLAN_COLUMNS if column.key not in SHARED_KEYS),
)
CSV_KEYS = tuple(column.key for column in CSV_COLUMNS)
SHEET_KEYS = {AGREEMENTS: AGREEMENT_KEYS, PLAN: PLAN_KEYS}
SHEET_ORDER = {"": 0, AGREEMENTS: 1, PLAN: 2}
