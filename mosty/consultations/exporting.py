"""The table of comments and answers as CSV, XLSX (mosty.core.exports) and PDF.

The PDF is written with fpdf2 (pure Python, works offline) in DejaVu Sans, shipped in `fonts/`
with its licence, because the PDF core fonts have no Cyrillic. Nothing is fetched at run time.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from mosty.consultations.models import Consultation
from mosty.consultations.selectors import TableRow
from mosty.core.exports import Column, Sheet, csv_bytes, xlsx_bytes

FONTS = Path(__file__).resolve().parent / "fonts"

COLUMNS = [
    Column("version", _("version")),
    Column("paragraph", _("paragraph")),
    Column("author", _("author")),
    Column("written_at", _("written")),
    Column("comment", _("comment")),
    Column("proposed_text", _("proposed wording")),
    Column("support", _("supported by")),
    Column("decision", _("decision")),
    Column("reason", _("reason")),
]


def table_csv(rows: list[TableRow]) -> bytes:
    return csv_bytes(COLUMNS, [row.as_row() for row in rows])


def table_xlsx(consultation: Consultation, rows: list[TableRow]) -> bytes:
    return xlsx_bytes([Sheet("answers", COLUMNS, [row.as_row() for row in rows], title=consultation.title)])


def _when(moment: datetime.datetime) -> str:
    return str(formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT"))


def table_pdf(consultation: Consultation, rows: list[TableRow]) -> bytes:
    """A landscape A4 document: the title, the period, then the table (headings repeat on each page)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(consultation.title)
    pdf.set_creator("Mosty")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, gettext("Table of comments and answers"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, consultation.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    period = gettext("Open for comments from %(opens)s to %(closes)s") % {
        "opens": _when(consultation.opens_at),
        "closes": _when(consultation.closes_at),
    }
    counted = gettext("Comments: %(count)s") % {"count": len(rows)}
    pdf.multi_cell(0, 5, f"{period}. {counted}.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    headings = [
        gettext("Paragraph"),
        gettext("Author"),
        gettext("Comment"),
        gettext("Proposed wording"),
        gettext("Decision"),
        gettext("Reason"),
    ]
    pdf.set_font("DejaVu", "", 8)
    with pdf.table(
        col_widths=(14, 30, 70, 60, 26, 70),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        line_height=4.2,
        text_align="LEFT",
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(text)
        for row in rows:
            data = row.as_row()
            cells = table.row()
            cells.cell(f"v{data['version']} {data['paragraph']}")
            cells.cell(str(data["author"]))
            cells.cell(str(data["comment"]))
            cells.cell(str(data["proposed_text"]))
            cells.cell(str(data["decision"]) or "—")
            cells.cell(str(data["reason"]))
    return bytes(pdf.output())


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
