"""Reading period labels as DfE, LAIT, EES and Fingertips publish them.

Pure functions, no database: ``parse_period("2016-17", "financial_year")`` gives the period's
canonical label and its first and last days. Labels of one span written in different ways
("2016-17", "201617", "2016/17") become one label ("2016/17"), so values from different sources
for the same year meet in one ``Period``. A bare year keeps its label: "2025" for a financial-year
measure is the year ending 31 March 2025 (DfE's "reporting year"), for an academic-year measure
the school year ending in summer 2025.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

FINANCIAL_YEAR = "financial_year"
ACADEMIC_YEAR = "academic_year"
CALENDAR_YEAR = "calendar_year"
QUARTER = "quarter"
MONTH = "month"
ROLLING_YEARS = "rolling_years"
SNAPSHOT = "snapshot"

PERIOD_TYPES = {
    FINANCIAL_YEAR: "Financial year (April to March)",
    ACADEMIC_YEAR: "Academic year (September to August)",
    CALENDAR_YEAR: "Calendar year",
    QUARTER: "Quarter",
    MONTH: "Month",
    ROLLING_YEARS: "Several years pooled",
    SNAPSHOT: "A single date",
}

EXAMPLES = {
    FINANCIAL_YEAR: "2023/24, 2023-24, 202324 or 2024 (the year ending 31 March 2024)",
    ACADEMIC_YEAR: "2023/24, 2023-24, 202324 or 2024 (the school year ending in summer 2024)",
    CALENDAR_YEAR: "2024, or 2022-24 for several years pooled",
    QUARTER: "Q1 2024/25 (April to June 2024) or Q1 2024 (January to March 2024)",
    MONTH: "April 2024, Apr 2024 or 2024-04",
    ROLLING_YEARS: "2022-24 (calendar years) or 2021/22-23/24 (financial years)",
    SNAPSHOT: "31 March 2024, 2024-03-31 or 31/03/2024",
}

# Pooled periods are a few years (Fingertips pools three or five); "2016-15" is a typing slip,
# not 99 years.
MAX_POOLED_YEARS = 10

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_YEAR = r"((?:19|20)\d\d)"
_SPAN = re.compile(rf"^{_YEAR}\s*(?:[-/]|\s+to\s+)\s*(\d\d|\d{{4}})$")  # 2023/24 2023-2024
# Pooled calendar years: 2014-16, 2014 - 2016, 2014 to 2016 (a slash means a financial or
# academic year, so "2023/24" is not read as two calendar years).
_CALENDAR_SPAN = re.compile(rf"^{_YEAR}\s*(?:[-\u2013]|\s+to\s+)\s*(\d\d|\d{{4}})$")
_COMPACT = re.compile(rf"^{_YEAR}(\d\d)$")  # EES: 202324
_SINGLE = re.compile(rf"^{_YEAR}$")
_ROLLING_FY = re.compile(
    rf"^{_YEAR}\s*[-/]\s*(\d\d)\s*(?:-|\s+to\s+)\s*(\d\d|\d{{4}})\s*[-/]\s*(\d\d)$"
)
_QUARTER = re.compile(
    rf"^(?:Q([1-4])\s+{_YEAR}(?:\s*[-/]\s*(\d\d))?|{_YEAR}(?:\s*[-/]\s*(\d\d))?\s+Q([1-4]))$", re.I
)
_MONTH_NAME = re.compile(rf"^([A-Za-z]+)\.?\s+{_YEAR}$")
_MONTH_ISO = re.compile(rf"^{_YEAR}[-/](\d\d)$")


class PeriodLabelError(ValueError):
    """The label cannot be read as a period of the given type; the message says how to write it."""


@dataclass(frozen=True)
class PeriodSpec:
    period_type: str
    label: str
    start: dt.date
    end: dt.date

    @property
    def key(self) -> tuple[str, str]:
        return (self.period_type, self.label)


def parse_period(label: str, period_type: str) -> PeriodSpec:
    """The period ``label`` names, read as ``period_type``. Raises PeriodLabelError.

    A span of several years given to a year type ("2014-16" for a calendar-year measure,
    "2013/14-15/16" for a financial-year one) is a ``rolling_years`` period.
    """
    if period_type not in PERIOD_TYPES:
        raise ValueError(f"unknown period type {period_type!r}")
    text = " ".join(str(label).split())
    if not text:
        raise PeriodLabelError(f"The period is empty. Write it like {EXAMPLES[period_type]}.")
    parser = _PARSERS[period_type]
    spec = parser(text)
    if spec is None:
        raise PeriodLabelError(_not_a(text, period_type))
    return spec


def _not_a(text: str, period_type: str) -> str:
    what = PERIOD_TYPES[period_type].split(" (")[0].lower()
    article = "an" if what[0] in "aeiou" else "a"
    if period_type == ROLLING_YEARS:
        what, article = "span of years", "a"
    if period_type == SNAPSHOT:
        what, article = "date", "a"
    return f"“{text}” is not {article} {what}. Write it like {EXAMPLES[period_type]}."


def _second_year(first: int, second: str) -> int:
    """The full year ``second`` means after ``first`` ("24" after 2023 is 2024)."""
    if len(second) == 4:
        return int(second)
    century = first - first % 100
    year = century + int(second)
    return year + 100 if year < first else year


def _year_span(text: str) -> tuple[int, int] | None:
    for pattern in (_SPAN, _COMPACT):
        match = pattern.match(text)
        if match:
            first = int(match.group(1))
            return first, _second_year(first, match.group(2))
    return None


def _split_year(text: str, start_month: int, period_type: str) -> PeriodSpec | None:
    """Financial (April) and academic (September) years: one year, or several pooled."""
    rolling = _ROLLING_FY.match(text)
    if rolling:
        first = int(rolling.group(1))
        first_end = _second_year(first, rolling.group(2))
        last = _second_year(first, rolling.group(3))
        last_end = _second_year(last, rolling.group(4))
        if first_end != first + 1 or last_end != last + 1:
            return None
        if not 0 < last - first <= MAX_POOLED_YEARS:
            return None
        return PeriodSpec(
            ROLLING_YEARS,
            f"{first}/{first_end % 100:02d}-{last % 100:02d}/{last_end % 100:02d}",
            dt.date(first, start_month, 1),
            dt.date(last_end, start_month, 1) - dt.timedelta(days=1),
        )
    single = _SINGLE.match(text)
    if single:
        # A bare year is the year that *ends* in it, as DfE's reporting years are.
        year = int(single.group(1))
        return PeriodSpec(
            period_type,
            str(year),
            dt.date(year - 1, start_month, 1),
            dt.date(year, start_month, 1) - dt.timedelta(days=1),
        )
    span = _year_span(text)
    if span is None or span[1] != span[0] + 1:
        return None
    first, second = span
    return PeriodSpec(
        period_type,
        f"{first}/{second % 100:02d}",
        dt.date(first, start_month, 1),
        dt.date(second, start_month, 1) - dt.timedelta(days=1),
    )


def _financial_year(text: str) -> PeriodSpec | None:
    return _split_year(text, 4, FINANCIAL_YEAR)


def _academic_year(text: str) -> PeriodSpec | None:
    return _split_year(text, 9, ACADEMIC_YEAR)


def _calendar_year(text: str) -> PeriodSpec | None:
    single = _SINGLE.match(text)
    if single:
        year = int(single.group(1))
        return PeriodSpec(CALENDAR_YEAR, str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
    return _calendar_span(text)


def _calendar_span(text: str) -> PeriodSpec | None:
    match = _CALENDAR_SPAN.match(text)
    if not match:
        return None
    first = int(match.group(1))
    last = _second_year(first, match.group(2))
    if not 0 < last - first <= MAX_POOLED_YEARS:
        return None
    return PeriodSpec(
        ROLLING_YEARS, f"{first}-{last % 100:02d}", dt.date(first, 1, 1), dt.date(last, 12, 31)
    )


def _rolling_years(text: str) -> PeriodSpec | None:
    spec = _split_year(text, 4, FINANCIAL_YEAR) if _ROLLING_FY.match(text) else None
    return spec or _calendar_span(text)


def _quarter(text: str) -> PeriodSpec | None:
    match = _QUARTER.match(text)
    if not match:
        return None
    quarter = int(match.group(1) or match.group(6))
    year = int(match.group(2) or match.group(4))
    second = match.group(3) or match.group(5)
    if second is not None:
        # A financial year's quarters: Q1 is April to June.
        if _second_year(year, second) != year + 1:
            return None
        start_year, start_month = (year, 3 * quarter + 1) if quarter < 4 else (year + 1, 1)
        label = f"Q{quarter} {year}/{(year + 1) % 100:02d}"
    else:
        start_year, start_month = year, 3 * quarter - 2
        label = f"Q{quarter} {year}"
    start = dt.date(start_year, start_month, 1)
    end_month = start_month + 2
    end = dt.date(start_year, end_month, calendar.monthrange(start_year, end_month)[1])
    return PeriodSpec(QUARTER, label, start, end)


def _month(text: str) -> PeriodSpec | None:
    named = _MONTH_NAME.match(text)
    iso = _MONTH_ISO.match(text)
    if named and named.group(1).lower() in MONTHS:
        month, year = MONTHS[named.group(1).lower()], int(named.group(2))
    elif iso and 1 <= int(iso.group(2)) <= 12:
        month, year = int(iso.group(2)), int(iso.group(1))
    else:
        return None
    last = calendar.monthrange(year, month)[1]
    return PeriodSpec(
        MONTH,
        f"{calendar.month_name[month]} {year}",
        dt.date(year, month, 1),
        dt.date(year, month, last),
    )


def _snapshot(text: str) -> PeriodSpec | None:
    day: dt.date | None = None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if day is None:
        return None
    return PeriodSpec(SNAPSHOT, f"{day.day} {calendar.month_name[day.month]} {day.year}", day, day)


_PARSERS = {
    FINANCIAL_YEAR: _financial_year,
    ACADEMIC_YEAR: _academic_year,
    CALENDAR_YEAR: _calendar_year,
    QUARTER: _quarter,
    MONTH: _month,
    ROLLING_YEARS: _rolling_years,
    SNAPSHOT: _snapshot,
}
