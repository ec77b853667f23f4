"""The project list written as CSV or XLSX for reading (not for importing back): one row per project,
headings and labels (kind, status, partner roles) in the reader's language, every text neutralised
against spreadsheet formulas by mosty.core.exports.

The rows come from selectors.project_list (partners, sectors and milestone counts in three queries)
plus one query for the related agreements the reader may see, whatever the number of projects."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from mosty.agreements.access import visible_agreements
from mosty.agreements.models import Agreement
from mosty.core.exports import Column, Sheet, csv_bytes, xlsx_bytes
from mosty.projects.models import PartnerRole, Project

SHEET = "projects"
LIST_SEPARATOR = "; "
FORMATS = ("csv", "xlsx")

_VISIBLE_AGREEMENTS = "visible_agreements"

COLUMNS = [
    Column("id", _("Id")),
    Column("kind", _("Kind")),
    Column("title", _("Title")),
    Column("status", _("Status")),
    Column("period_start", _("Starts on")),
    Column("period_end", _("Ends on")),
    Column("budget", _("Budget")),
    Column("currency", _("Currency")),
    Column("partners", _("Partners (with their roles)")),
    Column("lead_partners", _("Lead partners")),
    Column("sectors", _("Sector codes")),
    Column("agreements", _("Related agreement ids")),
    Column("milestones_total", _("Milestones")),
    Column("milestones_done", _("Milestones done")),
    Column("milestones_overdue", _("Milestones overdue")),
    Column("progress", _("Progress: share of milestones done, per cent")),
]

Row = dict[str, Any]


def with_visible_agreements(projects: QuerySet[Project], user: Any) -> QuerySet[Project]:
    """`projects` with the related agreements `user` may see (by id) in one more query."""
    agreements = visible_agreements(user, Agreement.objects.all()).only("pk").order_by("pk")
    return projects.prefetch_related(
        Prefetch("related_agreements", queryset=agreements, to_attr=_VISIBLE_AGREEMENTS)
    )


def _progress(done: int, total: int) -> int | None:
    return round(done * 100 / total) if total else None


def project_row(project: Project) -> Row:
    """One row (partners, sectors, visible agreements and milestone counts read as loaded)."""
    partners = list(project.partners.all())
    total = int(getattr(project, "milestones_total", 0) or 0)
    done = int(getattr(project, "milestones_done", 0) or 0)
    return {
        "id": project.pk,
        "kind": project.get_kind_display(),
        "title": project.title,
        "status": project.get_status_display(),
        "period_start": project.period_start,
        "period_end": project.period_end,
        "budget": project.budget,
        "currency": project.currency,
        "partners": LIST_SEPARATOR.join(
            f"{partner.partner} ({partner.get_role_display()})" for partner in partners
        ),
        "lead_partners": LIST_SEPARATOR.join(
            str(partner.partner) for partner in partners if partner.role == PartnerRole.LEAD
        ),
        "sectors": LIST_SEPARATOR.join(sorted(sector.code for sector in project.sectors.all())),
        "agreements": LIST_SEPARATOR.join(
            str(agreement.pk) for agreement in getattr(project, _VISIBLE_AGREEMENTS, [])
        ),
        "milestones_total": total,
        "milestones_done": done,
        "milestones_overdue": int(getattr(project, "milestones_overdue", 0) or 0),
        "progress": _progress(done, total),
    }


def export_rows(projects: Iterable[Project]) -> list[Row]:
    return [project_row(project) for project in projects]


def to_csv(rows: list[Row]) -> bytes:
    return csv_bytes(COLUMNS, rows)


def to_xlsx(rows: list[Row]) -> bytes:
    return xlsx_bytes([Sheet(SHEET, COLUMNS, rows)])


def export_filename(extension: str, today: datetime.date) -> str:
    return f"projects-{today.isoformat()}.{extension}"
