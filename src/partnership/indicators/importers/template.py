"""The product's own template: one value a row, for indicators already in the catalogue.

A partnership's local data (a spreadsheet of its own figures, a return nobody publishes) comes in
this way, as CSV or as an Excel workbook (XLSX) with the values on a sheet called "Values". The
columns, in any order, matched without regard to case:

    Indicator code, Area code, Period, Breakdown, Value, Numerator, Denominator,
    Lower 95%, Upper 95%, Lower 99.8%, Upper 99.8%, Note

Indicator code, Area code, Period and Value are required. A template import never creates an
indicator: the code must be one the partnership can use. ``template_csv`` and ``template_xlsx``
make the blank template, the workbook with its instructions and the list of indicator codes.
See docs/data.md.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import gzip
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partnership.areas.models import Area
from partnership.areas.selectors import dfe_code_map

from .. import periods
from ..models import Indicator, MissingReason, PeriodType, ValueType
from ..periods import PeriodLabelError, parse_period
from .base import (
    MISSING_HINT,
    PROGRESS_EVERY,
    Collector,
    ImportReport,
    IndicatorRef,
    check_counts,
    parse_value,
)
from .source import (
    VALUES_SHEET,
    SourceError,
    is_xlsx,
    open_text,
    unreadable_message,
    xlsx_header,
    xlsx_rows,
)

if TYPE_CHECKING:
    from . import ImportOptions

NOTE_LENGTH = 500
BREAKDOWN_LENGTH = 100
# What Excel shows in a cell whose formula failed; data_only reading gives these strings.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


COLUMNS = [
    Column(
        "Indicator code",
        True,
        "The indicator's code in the catalogue, as listed on the Indicators sheet (for example "
        "lac). The indicator must already exist: the template never creates one.",
    ),
    Column(
        "Area code",
        True,
        "The area's ONS code (E08000009 for Trafford, E92000001 for England, E12000002 for the "
        "North West) or its DfE 3-digit number (358).",
    ),
    Column(
        "Period",
        True,
        "The period the value is for, written as it is published and read with the "
        "indicator's period type (see the Indicators sheet): 2023/24 for a financial year, "
        "2024 for a calendar year, Q1 2024/25 for a quarter. Format the column as Text so "
        "Excel does not turn periods into dates or numbers.",
    ),
    Column(
        "Breakdown",
        False,
        "Empty for the whole population; otherwise the group the value is for, such as "
        "sex=Female, at most 100 characters. Write a group the same way every time.",
    ),
    Column(
        "Value",
        True,
        "The number as published (a percentage as 65.2, not 0.652), or a missing-value code "
        "(below) saying why there is none.",
    ),
    Column("Numerator", False, "The count the value is worked out from, if known."),
    Column("Denominator", False, "The population the count is out of, if known."),
    Column("Lower 95%", False, "The lower 95% confidence limit, if published."),
    Column("Upper 95%", False, "The upper 95% confidence limit, if published."),
    Column("Lower 99.8%", False, "The lower 99.8% confidence limit, if published."),
    Column("Upper 99.8%", False, "The upper 99.8% confidence limit, if published."),
    Column("Note", False, "Anything a reader of the value should know, at most 500 characters."),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
REQUIRED = [column.name for column in COLUMNS if column.required]
NUMBER_COLUMNS = [
    "Numerator",
    "Denominator",
    "Lower 95%",
    "Upper 95%",
    "Lower 99.8%",
    "Upper 99.8%",
]
_BY_KEY = {name.lower(): name for name in COLUMN_NAMES}
# Columns people add to see what a row is about; they are not read.
IGNORED = frozenset({"indicator name", "area name"})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


def matches(header: list[str]) -> bool:
    names = {_key(name) for name in header}
    return all(name.lower() in names for name in REQUIRED)


# Cells shared with the Fingertips reader ------------------------------------------------------


def optional_number(cell: Any) -> float | None:
    """An optional number (a count, a denominator, a limit): empty is None. Raises ValueError
    with the plain-English message."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"“{cell}” is not a number. Leave the cell empty if it is not known.")
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise ValueError(f"“{cell}” is not a number. Leave the cell empty if it is not known.")
        return float(cell)
    text = str(cell).strip()
    if not text:
        return None
    if _THOUSANDS.match(text):
        raise ValueError(f"“{text}” is not a number: remove the commas between thousands.")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"“{text}” is not a number. Leave the cell empty if it is not known.")
    return number


def check_limits(
    report: ImportReport, row: int, pairs: Iterable[tuple[float | None, float | None, str]]
) -> bool:
    """Report each (lower, upper, lower column) pair whose lower limit is above its upper."""
    ok = True
    for lower, upper, column in pairs:
        if lower is not None and upper is not None and lower > upper:
            report.error(
                row,
                column,
                f"The lower limit ({lower:g}) is above the upper limit ({upper:g}). Check that "
                "the two columns are not swapped.",
            )
            ok = False
    return ok


# Reading ---------------------------------------------------------------------------------------


def read(path: Path, collector: Collector, options: ImportOptions) -> None:
    """Validate every row of a filled-in template (CSV or XLSX) into ``collector``."""
    report = collector.report
    try:
        if is_xlsx(path):
            with xlsx_rows(path) as rows:
                _read_rows(rows, collector, options, excel=True)
        else:
            with open_text(path) as text:
                _read_rows(csv.reader(text), collector, options, excel=False)
    except SourceError as error:
        report.error(0, "", str(error))
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError, csv.Error) as error:
        report.error(0, "", unreadable_message(error))


class _Header:
    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.index: dict[str, int] = {}
        self.problems: list[tuple[str, str]] = []
        for position, name in enumerate(names):
            if not name or _key(name) in IGNORED:
                continue
            known = _BY_KEY.get(_key(name))
            if known is None:
                close = difflib.get_close_matches(_key(name), list(_BY_KEY), n=1, cutoff=0.6)
                hint = f"Did you mean “{_BY_KEY[close[0]]}”? " if close else ""
                self.problems.append(
                    (
                        name,
                        f"“{name}” is not a column of the template. {hint}The template's columns "
                        f"are {', '.join(COLUMN_NAMES)}.",
                    )
                )
            elif known in self.index:
                self.problems.append((name, f"The column {known} appears twice. Keep one of them."))
            else:
                self.index[known] = position
        for name in REQUIRED:
            if name not in self.index:
                self.problems.append(
                    (
                        "",
                        f"The file has no column “{name}”. The template's columns are "
                        f"{', '.join(COLUMN_NAMES)}; {', '.join(REQUIRED)} are required.",
                    )
                )

    def column(self, name: str) -> str:
        """The column's name as the file writes it, for messages."""
        return self.names[self.index[name]] if name in self.index else name


class _Indicators:
    """The indicators a template may give values for, by code (lower case)."""

    def __init__(self, partnership: Any) -> None:
        if partnership is None:
            usable = Indicator.objects.filter(partnership__isnull=True)
        else:
            usable = Indicator.objects.available_to(partnership)
        self.by_code: dict[str, Indicator] = {}
        # A partnership's own indicator wins over a national one with the same code: it is the
        # one the partnership's pages show under that code.
        for indicator in sorted(usable, key=lambda i: i.partnership_id is not None):
            self.by_code[indicator.code.lower()] = indicator

    def unknown(self, code: str) -> str:
        close = difflib.get_close_matches(code.lower(), list(self.by_code), n=3, cutoff=0.6)
        if close:
            shown = " or ".join(f"“{self.by_code[c].code}”" for c in close)
            hint = f"Did you mean {shown}? "
        else:
            hint = ""
        return (
            f"No indicator you can use has the code “{code}”. {hint}The Indicators sheet of the "
            "template (on the upload page) lists the codes; an indicator must be in the "
            "catalogue before values can be imported for it."
        )


class _Areas:
    def __init__(self) -> None:
        self.ons = {code.upper(): pk for pk, code in Area.objects.values_list("pk", "code")}
        self.dfe = dfe_code_map()

    def find(self, code: str) -> int | None:
        if code.isdigit():
            return self.dfe.get(code)
        return self.ons.get(code.upper())


def _text(cell: Any) -> str:
    """A cell as text: numbers Excel typed (358, 358.0) as they were written."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _format_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _period_label(cell: Any, period_type: str) -> str:
    """The period label a cell gives, reading what Excel made of a typed period. Raises
    PeriodLabelError when Excel turned it into something that is no longer the period."""
    fix = (
        "Format the Period column as Text and type the period again, like "
        f"{periods.EXAMPLES[period_type]}."
    )
    if isinstance(cell, dt.datetime | dt.date):
        day = cell.date() if isinstance(cell, dt.datetime) else cell
        if period_type == periods.SNAPSHOT:
            return _format_date(day)
        if period_type == periods.MONTH and day.day == 1:
            # "Apr 2024" typed into Excel becomes 1 April 2024.
            return f"{calendar.month_name[day.month]} {day.year}"
        raise PeriodLabelError(
            f"Excel has turned the period into the date {_format_date(day)}. {fix}"
        )
    if isinstance(cell, dt.time):
        raise PeriodLabelError(f"Excel has turned the period into the time {cell}. {fix}")
    if isinstance(cell, float) and not cell.is_integer():
        raise PeriodLabelError(f"Excel has turned the period into the number {cell:g}. {fix}")
    return _text(cell)


def _value(cell: Any) -> tuple[float | None, str]:
    if isinstance(cell, bool):
        raise ValueError(f"“{cell}” is not a number. {MISSING_HINT}")
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise ValueError(f"“{cell}” is not a number. {MISSING_HINT}")
        return float(cell), ""
    return parse_value(_text(cell))


def _read_rows(
    rows: Iterator[Any], collector: Collector, options: ImportOptions, *, excel: bool
) -> None:
    report = collector.report
    first = next(rows, None)
    names = xlsx_header(first) if excel else [str(n).strip() for n in first or ()]
    header = _Header(names)
    for name, message in header.problems:
        report.error(1, name, message)
    if header.problems:
        return
    width = len(names)
    at = header.index
    indicators = _Indicators(options.partnership)
    areas = _Areas()
    where = "the Values sheet" if excel else "the file"

    for number, raw in enumerate(rows, start=2):
        if options.progress and number % PROGRESS_EVERY == 0:
            options.progress(number)
        cells = list(raw)
        if not any(_text(cell) for cell in cells):
            continue  # an empty row, often formatted but blank at the end of a sheet
        report.rows += 1
        extra = [i for i, item in enumerate(cells) if (i >= width or not names[i]) and _text(item)]
        if extra:
            report.error(
                number,
                "",
                f"The row has something in column {extra[0] + 1}, which has no name in row 1 of "
                f"{where}. Give the column one of the template's names, or clear the cell.",
            )
            continue
        cells += [None] * (width - len(cells))
        errors_before = report.error_count

        def cell(name: str, cells: list[Any] = cells) -> Any:
            return cells[at[name]] if name in at else None

        bad_cells = False
        for name, position in at.items():
            shown = _text(cells[position])
            if shown in EXCEL_ERRORS:
                report.error(
                    number,
                    header.column(name),
                    f"The cell shows Excel's error {shown}: correct the formula, or type the "
                    "value itself.",
                )
                bad_cells = True
        if bad_cells:
            continue

        code = _text(cell("Indicator code"))
        indicator = indicators.by_code.get(code.lower()) if code else None
        if not code:
            report.error(
                number,
                header.column("Indicator code"),
                "The indicator code is empty. Use a code from the Indicators sheet of the "
                "template.",
            )
        elif indicator is None:
            report.error(number, header.column("Indicator code"), indicators.unknown(code))

        area_code = _text(cell("Area code"))
        area_id = areas.find(area_code) if area_code else None
        if area_id is None:
            shown = (
                f"No area has the code “{area_code}”." if area_code else "The area code is empty."
            )
            report.error(
                number,
                header.column("Area code"),
                f"{shown} Use an ONS code such as E08000009 (E92000001 for England) or a DfE "
                "3-digit local authority number such as 358.",
            )

        period = None
        label = ""
        if indicator is not None:
            try:
                label = _period_label(cell("Period"), indicator.period_type)
                spec = parse_period(label, indicator.period_type)
            except PeriodLabelError as error:
                kind = PeriodType(indicator.period_type).label.split(" (")[0].lower()
                report.error(
                    number,
                    header.column("Period"),
                    f"{error} ({indicator.code} is measured by {kind}.)",
                )
            else:
                label = spec.label
                period = collector.period_index(spec)

        breakdown = _text(cell("Breakdown"))
        if len(breakdown) > BREAKDOWN_LENGTH:
            report.error(
                number,
                header.column("Breakdown"),
                f"The breakdown is {len(breakdown)} characters long; shorten it to at most "
                f"{BREAKDOWN_LENGTH}.",
            )

        value: float | None = None
        reason = ""
        try:
            value, reason = _value(cell("Value"))
        except ValueError as error:
            report.error(number, header.column("Value"), str(error))

        numbers: dict[str, float | None] = {}
        for name in NUMBER_COLUMNS:
            try:
                numbers[name] = optional_number(cell(name))
            except ValueError as error:
                report.error(number, header.column(name), str(error))
                numbers[name] = None
        if indicator is not None:
            check_counts(
                report,
                number,
                value_type=indicator.value_type,
                numerator=numbers["Numerator"],
                denominator=numbers["Denominator"],
                numerator_column=header.column("Numerator"),
                denominator_column=header.column("Denominator"),
            )
        check_limits(
            report,
            number,
            [
                (numbers["Lower 95%"], numbers["Upper 95%"], header.column("Lower 95%")),
                (numbers["Lower 99.8%"], numbers["Upper 99.8%"], header.column("Lower 99.8%")),
            ],
        )

        note = _text(cell("Note"))
        if len(note) > NOTE_LENGTH:
            report.error(
                number,
                header.column("Note"),
                f"The note is {len(note)} characters long; shorten it to at most {NOTE_LENGTH}.",
            )

        if report.error_count != errors_before:
            continue
        assert indicator is not None and area_id is not None and period is not None
        index = collector.indicator_index(
            f"template:{indicator.pk}",
            IndicatorRef(period_type=indicator.period_type, existing=indicator),
        )
        fields = (
            value,
            reason,
            note,
            numbers["Numerator"],
            numbers["Denominator"],
            numbers["Lower 95%"],
            numbers["Upper 95%"],
            numbers["Lower 99.8%"],
            numbers["Upper 99.8%"],
        )
        earlier = collector.add(number, index, area_id, period, breakdown, fields)
        if earlier is not None:
            also = f", breakdown {breakdown}" if breakdown else ""
            report.error(
                number,
                "",
                f"This row repeats row {earlier}: both give {indicator.code} for area "
                f"{area_code} in {label}{also}. Keep one of them.",
            )


# The blank template ----------------------------------------------------------------------------


def template_csv(partnership: Any) -> bytes:
    """The blank CSV template: the header row. The codes a partnership can use are listed in the
    workbook (``template_xlsx``); a CSV has nowhere to put them, so this is the same for all."""
    del partnership  # the same columns for every partnership
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(COLUMN_NAMES)
    return out.getvalue().encode("utf-8")


def usable_indicators(partnership: Any) -> list[Indicator]:
    """The indicators a template for ``partnership`` (None: the national catalogue) may name."""
    if partnership is None:
        usable = Indicator.objects.filter(partnership__isnull=True)
    else:
        usable = Indicator.objects.available_to(partnership)
    return list(usable.select_related("partnership").order_by("name", "code"))


INSTRUCTIONS = [
    "How to fill in this template",
    "Put one value on each row of the Values sheet, under the column names in row 1. Keep the "
    "sheet's name (Values) and the names in row 1;",
    "the columns may be in any order, optional ones may be deleted, and columns called "
    "Indicator name or Area name may be added for your own reference (they are not read).",
    "Every row is checked before anything is imported. If any row has a problem, nothing is "
    "imported and each problem is listed with its row, column and what to do.",
    "Importing the same file again changes nothing; a corrected value replaces the old one, "
    "which is kept as history.",
]


def template_xlsx(partnership: Any) -> bytes:
    """The blank workbook: a Values sheet with the column names in row 1 (text columns
    formatted as Text so Excel leaves periods and codes alone), an Instructions sheet explaining
    each column and the missing-value codes, and an Indicators sheet listing the codes, names
    and period types the partnership can use."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    workbook = openpyxl.Workbook()
    values = workbook.active
    assert values is not None
    values.title = VALUES_SHEET
    values.append(COLUMN_NAMES)
    text_columns = {"Indicator code", "Area code", "Period", "Breakdown", "Note"}
    for position, name in enumerate(COLUMN_NAMES, start=1):
        letter = get_column_letter(position)
        values.cell(row=1, column=position).font = bold
        values.column_dimensions[letter].width = max(14, len(name) + 4)
        if name in text_columns:
            values.column_dimensions[letter].number_format = "@"
    values.freeze_panes = "A2"

    indicators = usable_indicators(partnership)
    listing = workbook.create_sheet("Indicators")
    listing.append(["Code", "Name", "Period type", "Write periods like", "Value type", "Whose"])
    for indicator in indicators:
        listing.append(
            [
                indicator.code,
                indicator.name,
                PeriodType(indicator.period_type).label,
                periods.EXAMPLES[indicator.period_type],
                ValueType(indicator.value_type).label,
                indicator.partnership.name if indicator.partnership else "National catalogue",
            ]
        )
    for position, width in enumerate((28, 70, 30, 50, 24, 28), start=1):
        listing.column_dimensions[get_column_letter(position)].width = width
    for item in listing[1]:
        item.font = bold
    listing.freeze_panes = "A2"
    if indicators:
        # Excel offers the codes as a list and warns about one not on it.
        choose = DataValidation(
            type="list",
            formula1=f"=Indicators!$A$2:$A${len(indicators) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Not an indicator code",
            error="Use a code from the Indicators sheet.",
        )
        values.add_data_validation(choose)
        choose.add("A2:A10000")

    guide = workbook.create_sheet("Instructions", 1)
    for letter, width in (("A", 24), ("B", 12), ("C", 100)):
        guide.column_dimensions[letter].width = width
    for line in INSTRUCTIONS:
        guide.append([line])  # overflows across the empty cells to its right
    guide["A1"].font = bold
    tables = [
        (
            ["Column", "Required", "What to put in it"],
            [[c.name, "Yes" if c.required else "No", c.help] for c in COLUMNS],
        ),
        (
            [
                "Missing-value code",
                "",
                "Meaning: write the code in the Value column instead of a number",
            ],
            [[choice.value, "", str(choice.label)] for choice in MissingReason if choice.value],
        ),
        (
            ["Period type", "", "Write periods like"],
            [[str(label), "", periods.EXAMPLES[key]] for key, label in PeriodType.choices],
        ),
    ]
    for heading, rows in tables:
        guide.append([])
        guide.append(heading)
        for item in guide[guide.max_row]:
            item.font = bold
        for entry in rows:
            guide.append(entry)
            for item in guide[guide.max_row]:
                item.alignment = wrap
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
