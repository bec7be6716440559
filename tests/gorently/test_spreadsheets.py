"""Downloads as CSV and XLSX (gorently.spreadsheets): the same rows either way, no formula ever run."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from gorently.spreadsheets import csv_cell, csv_response, xlsx_response

HEADER = ["Name", "Arrival", "Guests"]
ROWS = [["Ana García", date(2026, 3, 1), 2], ["Zoë", date(2026, 3, 2), 1]]


@pytest.mark.parametrize(
    "formula", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
)
def test_a_csv_text_cell_that_a_spreadsheet_would_run_is_kept_as_text(formula):
    assert csv_cell(formula) == "'" + formula


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("García", "García"),
        ("", ""),
        (None, ""),
        (-2, "-2"),  # a number is no formula
        (3.5, "3.5"),
        (date(2026, 3, 1), "2026-03-01"),
        (datetime(2026, 3, 1, 14, 30, 59), "2026-03-01 14:30"),
    ],
)
def test_other_cells_are_written_as_they_are(value, cell):
    assert csv_cell(value) == cell


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_a_csv_streams_with_private_headers():
    response = csv_response("guests.csv", HEADER, iter(ROWS), bom=True)

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="guests.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert _csv(response) == [HEADER, ["Ana García", "2026-03-01", "2"], ["Zoë", "2026-03-02", "1"]]


def test_a_csv_for_excel_starts_with_a_byte_order_mark():
    response = csv_response("guests.csv", HEADER, iter(ROWS), bom=True)

    assert b"".join(response.streaming_content).startswith("\ufeff".encode())


def _xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


def test_an_xlsx_holds_the_same_rows_with_dates_as_dates():
    response = xlsx_response("guests.xlsx", HEADER, iter(ROWS), title="Guests")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="guests.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    sheet = _xlsx(response)
    assert sheet.title == "Guests"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [HEADER, ["Ana García", datetime(2026, 3, 1), 2], ["Zoë", datetime(2026, 3, 2), 1]]


def test_an_xlsx_text_that_looks_like_a_formula_is_text_not_a_formula():
    formula = '=HYPERLINK("http://evil","click")'

    sheet = _xlsx(xlsx_response("x.xlsx", ["Name"], iter([[formula], ["+1+1"]])))

    assert sheet["A2"].value == formula
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "+1+1"
    assert sheet["A3"].data_type == "s"


def test_an_xlsx_drops_control_characters_a_workbook_cannot_hold():
    sheet = _xlsx(xlsx_response("x.xlsx", ["Name"], iter([["Ana\x00\x07 García"]])))

    assert sheet["A2"].value == "Ana García"


def test_a_non_ascii_file_name_is_offered_safely():
    response = csv_response("registro-García.csv", HEADER, iter([]))

    assert "filename*=utf-8''registro-Garc%C3%ADa.csv" in response["Content-Disposition"]
