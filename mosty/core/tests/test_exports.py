"""The XLSX and CSV writers every list export uses: headings, cell values, and cells that a
spreadsheet would otherwise run as formulas."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mosty.core import exports
from mosty.core.exports import Column, Sheet

COLUMNS = [Column("title", _("Yes"), _("No")), Column("day", "day"), Column("amount", "amount")]
ROWS = [
    {
        "title": '=HYPERLINK("http://evil.example","x")',
        "day": datetime.date(2025, 6, 26),
        "amount": Decimal("12.50"),
    },
    {"title": "обычный текст", "day": None, "amount": None},
]


@pytest.mark.parametrize(
    "text", ["=1+2", "+7 900", "-5", "@SUM(A1)", "\tx", "\rx", "'=already quoted", "'plain", "plain", ""]
)
def test_restore_gives_back_what_neutralise_was_given(text: str) -> None:
    assert exports.restore(exports.neutralise(text)) == text


def test_neutralise_prefixes_only_formula_starts() -> None:
    assert exports.neutralise("=1+2") == "'=1+2"
    assert exports.neutralise("@x") == "'@x"
    assert exports.neutralise("Смоленск") == "Смоленск"
    assert exports.neutralise("a=b") == "a=b"


def test_csv_has_a_bom_translated_headings_and_neutralised_text() -> None:
    with translation.override("ru"):
        content = exports.csv_bytes(COLUMNS, ROWS)

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Да", "day", "amount"]  # Django's own translation of "Yes"
    assert rows[1] == ['\'=HYPERLINK("http://evil.example","x")', "2025-06-26", "12.50"]
    assert rows[2] == ["обычный текст", "", ""]


def test_csv_with_machine_keys() -> None:
    content = exports.csv_bytes(COLUMNS, [], header="keys")
    assert content.decode("utf-8-sig") == "title,day,amount\r\n"


def test_xlsx_writes_text_as_text_numbers_and_dates_as_such() -> None:
    with translation.override("en"):
        content = exports.xlsx_bytes([Sheet("items", COLUMNS, ROWS)])

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["items"]  # no "about" sheet with translated headings
    sheet = workbook["items"]
    assert [cell.value for cell in sheet[1]] == ["Yes", "day", "amount"]
    title, day, amount = sheet[2]
    assert (title.value, title.data_type) == ('\'=HYPERLINK("http://evil.example","x")', "s")
    assert day.value == datetime.datetime(2025, 6, 26)
    assert day.number_format == "yyyy-mm-dd"
    assert amount.value == 12.5
    assert sheet.freeze_panes == "A2"


def test_xlsx_with_machine_keys_has_an_about_sheet_in_the_readers_language() -> None:
    with translation.override("ru"):
        content = exports.xlsx_bytes([Sheet("items", COLUMNS, [], title="Строки")], header="keys")

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["items", "about"]
    assert [cell.value for cell in workbook["items"][1]] == ["title", "day", "amount"]
    about = [[cell.value for cell in row] for row in workbook["about"].iter_rows()]
    assert ["items", "Строки", None] in about
    assert ["title", "Да", "Нет"] in about


def test_xlsx_drops_characters_xml_cannot_hold_and_keeps_long_decimals_exact() -> None:
    rows = [{"title": "bell\x07 here", "amount": Decimal("1234567890123456.78")}]
    content = exports.xlsx_bytes([Sheet("items", COLUMNS, rows)])

    sheet = openpyxl.load_workbook(io.BytesIO(content))["items"]
    assert sheet["A2"].value == "bell here"
    assert sheet["C2"].value == "1234567890123456.78"


def test_file_response_is_a_download_of_the_right_type() -> None:
    response = exports.file_response(b"x", "list.xlsx")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="list.xlsx"'
    assert exports.file_response(b"x", "list.csv")["Content-Type"] == "text/csv; charset=utf-8"
