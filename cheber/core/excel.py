"""Excel downloads of what is on screen, safe to open: no cell is read as a formula."""

import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable) -> HttpResponse:
    """One sheet: a bold header row, then the rows; column widths fitted to the text."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [neutralise(v) for v in row]
        sheet.append(values)
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, values, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
