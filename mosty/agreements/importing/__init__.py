"""Importing agreements and their action plans from a spreadsheet (XLSX) or a CSV file.

The format is documented in data/import_template.md and on the import page (template.py holds its
columns); the export (exporting.py) writes exactly this format, so an export imports back unchanged.
The package: template (the columns), reading (XLSX, CSV), parsing (cells → the services' arguments),
applying (the services, row by row), report (problems and changes), messages.

    report = import_file(actor=user, content=data, name="forum-12.xlsx", dry_run=True)
    report.problems   # every problem: sheet, row, column, why (in the active language)
    report.changes    # what was (or, on a dry run, would be) created and updated

How it works:
1. The file is read whole and every row is parsed: each cell checked (required, a date, a number,
   a code Mosty knows, ...) and the rows checked against each other (a number given twice for one
   forum, a deadline before the agreement's signing, ...). All the problems are collected.
2. Inside one transaction every row that parsed is handed to the same services the pages use
   (agreement_create, agreement_update, agreement_set_status, agreement_add_party,
   agreement_add_commitment and the engine's commitment_update), each row in a savepoint, so a
   refused row is reported and the next row is still tried.
3. On a dry run, or when any problem was found, the transaction is rolled back: nothing is saved
   unless the whole file is valid.

Importing the same file twice changes nothing: agreements are matched by (forum, number), or by
(forum, title) when they have no number; commitments by (agreement, text). A row equal to what is
recorded is reported unchanged; a changed row goes through the update services (with the versions
they check). An import adds and changes; it removes nothing (no agreement, party or commitment).

Who may import: whoever may record agreements (commission, admin, coordinators). The services
decide row by row: a coordinator's rows about agreements without a party in their region are
refused, each with its own problem. Rows equal to what is recorded need no permission, so a
coordinator's export of everything they see imports back cleanly.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mosty.accounts.models import User
from mosty.agreements import access
from mosty.agreements.importing.applying import Importer
from mosty.agreements.importing.messages import MAY_NOT_IMPORT, NOTHING_TO_IMPORT
from mosty.agreements.importing.parsing import Lookups, check_across_rows, parse_agreement, parse_commitment
from mosty.agreements.importing.reading import FileProblem, read_rows
from mosty.agreements.importing.report import Change, ImportReport, Problem, iter_problem_lines
from mosty.agreements.importing.template import (
    AGREEMENT_COLUMNS,
    AGREEMENTS,
    CSV_COLUMNS,
    LIST_SEPARATOR,
    MAX_ROWS,
    ORGANISATION_PREFIX,
    PARTY_SEPARATOR,
    PLAN,
    PLAN_COLUMNS,
    RECORD,
    RECORD_AGREEMENT,
    RECORD_COMMITMENT,
)

__all__ = [
    "AGREEMENTS",
    "AGREEMENT_COLUMNS",
    "CSV_COLUMNS",
    "LIST_SEPARATOR",
    "MAX_ROWS",
    "ORGANISATION_PREFIX",
    "PARTY_SEPARATOR",
    "PLAN",
    "PLAN_COLUMNS",
    "RECORD",
    "RECORD_AGREEMENT",
    "RECORD_COMMITMENT",
    "Change",
    "ImportReport",
    "Problem",
    "import_file",
    "iter_problem_lines",
    "may_import",
]


def may_import(user: Any) -> bool:
    """Whether the user may import at all (the rows are checked one by one by the services)."""
    return access.may_create(user)


def import_file(*, actor: User, content: bytes, name: str, dry_run: bool) -> ImportReport:
    """Check the whole file and, unless `dry_run` or any problem is found, import it in one
    transaction. The report lists every problem, and what is (or would be) created and updated."""
    if not may_import(actor):
        raise PermissionDenied(MAY_NOT_IMPORT)
    report = ImportReport(dry_run=dry_run)
    try:
        raw_rows = read_rows(content, name, report.problems)
    except FileProblem as error:
        report.problems.append(Problem("", 0, "", error.message))
        return report
    if not raw_rows and not report.problems:
        report.problems.append(Problem("", 0, "", str(NOTHING_TO_IMPORT)))
        return report
    if any(problem.row <= 1 for problem in report.problems):
        report.sort()  # the sheets or their columns are wrong: the rows cannot be read reliably
        return report
    lookups = Lookups()
    agreements = [
        parse_agreement(raw, report.problems, lookups) for raw in raw_rows if raw.sheet == AGREEMENTS
    ]
    commitments = [
        commitment
        for raw in raw_rows
        if raw.sheet == PLAN and (commitment := parse_commitment(raw, report.problems, lookups))
    ]
    agreements, commitments, refused = check_across_rows(agreements, commitments, report.problems)
    with transaction.atomic():
        Importer(actor, report, refused).run(agreements, commitments)
        report.saved = not dry_run and not report.problems
        if not report.saved:
            transaction.set_rollback(True)
    report.sort()
    return report
