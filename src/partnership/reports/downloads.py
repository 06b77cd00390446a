"""Tables as files: CSV and Excel workbooks of exactly what a page shows.

The cells are the page's own text, so a download never disagrees with the screen. In a
workbook a figure that is a plain number on the page ("1,234.5", "62.0%") is written as that
number with a format that displays it the same way, so it can be added up without retyping;
everything else ("60.1% to 64.0%", "No value") stays text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from partnership.reports.charts import Table

_NUMBER = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d+))?(%?)$")
# Excel's sheet names: at most 31 characters and none of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens "£" and "–" correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def cell_number(text: str) -> tuple[float, str] | None:
    """(value, Excel number format) for a cell that shows one number, else None."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, whole, fraction, percent = match.groups()
    value = float(f"{sign}{whole.replace(',', '')}.{fraction or '0'}")
    places = "." + "0" * len(fraction) if fraction else ""
    grouping = "#,##0" if "," in whole or len(whole) > 3 else "0"
    # The page shows 62.0% for the value 62.0, not 0.62: the "%" is a literal, not Excel's
    # percentage format (which would multiply by 100).
    suffix = '"%"' if percent else ""
    return value, f"{grouping}{places}{suffix}"


def sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        tail = f" ({n})"
        name, n = base[: 31 - len(tail)] + tail, n + 1
    taken.add(name.lower())
    return name


def xlsx_bytes(sheets: Sequence[tuple[str, Table]], about: Sequence[tuple[str, str]] = ()) -> bytes:
    """A workbook with a sheet per table, and first an "About" sheet saying what it holds."""
    book = Workbook()
    bold = Font(bold=True)
    taken: set[str] = set()
    first = book.active
    assert first is not None
    if about:
        first.title = sheet_title("About", taken)
        for key, value in about:
            first.append([key, value])
            first.cell(first.max_row, 1).font = bold
        first.column_dimensions["A"].width = 28
        first.column_dimensions["B"].width = 90
    else:
        book.remove(first)
    for title, table in sheets:
        sheet = book.create_sheet(sheet_title(title, taken))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(h) for h in table.headers]
        for r, row in enumerate(table.rows, start=2):
            for c, text in enumerate(row, start=1):
                number = cell_number(text) if c > 1 else None
                cell = sheet.cell(r, c)
                if number is None:
                    cell.value = text
                else:
                    cell.value, cell.number_format = number
                widths[c - 1] = max(widths[c - 1], len(text))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = min(60, width + 2)
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
