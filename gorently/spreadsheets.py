"""Tables people download: CSV that streams, and XLSX written row by row.

Every export builds its rows once (a header, then an iterable of lists of cells: text,
numbers, dates, naive datetimes, None for empty) and offers either format:

- CSV streams (`StreamingHttpResponse`): the rows are read from the database while the
  file is sent, so a large export never sits in memory.
- XLSX is written by openpyxl's write-only workbook, which keeps rows on disk rather than
  in memory, into a temporary file that is then sent in chunks and deleted.

Spreadsheet formulas in free text are neutralised (CSV injection): in CSV a text cell
starting with = + - @, a tab or a carriage return gets a leading apostrophe, which
spreadsheets show as text; in XLSX text is always a text cell, never a formula. Both
answers carry `Cache-Control: private, no-store`: exports hold guests' personal data.
"""

import csv
import itertools
import tempfile
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value):
    """One value as CSV text; free text that a spreadsheet would run as a formula is kept as text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return str(value)
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_cell(cell) for cell in row])


def csv_response(filename, header, rows, *, bom=False):
    """A CSV download streamed as `rows` are read; `bom` lets Excel know the file is UTF-8."""
    lines = csv_lines(header, rows)
    if bom:
        lines = itertools.chain(["\ufeff"], lines)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _download(response, filename)


def _xlsx_value(sheet, value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters an XLSX file cannot hold
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            return cell
    return value


def xlsx_file(header, rows, *, title="Sheet1", widths=()):
    """The rows as an XLSX workbook in a temporary file (at its start), written row by row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [max(10, min(len(str(h)) + 4, 40)) for h in header], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(text)))
        cell.data_type = "s"
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response sends, then closes and so deletes it)
    workbook.save(output)
    output.seek(0)
    return output


def xlsx_response(filename, header, rows, *, title="Sheet1", widths=()):
    """An XLSX download; the temporary file is closed (and so deleted) once sent."""
    response = FileResponse(xlsx_file(header, rows, title=title, widths=widths), content_type=XLSX_TYPE)
    return _download(response, filename)


def spreadsheet_response(file_format, filename, header, rows, **xlsx_options):
    """`file_format` "csv" or "xlsx": `filename` is given without its extension."""
    if file_format == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, rows, **xlsx_options)
    return csv_response(f"{filename}.csv", header, rows, bom=True)


def _download(response, filename):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response
