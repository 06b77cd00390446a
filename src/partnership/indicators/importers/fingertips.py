"""OHID Fingertips exports: the CSV the Fingertips site and its API give for one or more indicators.

One row per indicator, area, sex, age, category and period, with the value, its 95% and 99.8%
limits, the count and denominator, a note, and Fingertips' own comparisons. Column names are
matched without regard to case or spaces, so the ``fingertipsR`` spelling (``LowerCI95.0limit``)
reads as well as the site's (``Lower CI 95.0 limit``). See docs/data.md for every rule; in short:

- the indicator is the catalogue entry with that Fingertips ID, or a new national entry;
- areas are found by ONS code; kinds of area the product does not hold (ICBs, GP practices ...)
  are left out with a warning, an unknown code of a kind it holds is an error;
- another sex or age than the indicator's main one, and a Category Type (deprivation deciles,
  ethnic groups ...), make a breakdown;
- polarity is deduced from "Compared to England" and "Recent Trend" where they show it.

The file is read twice: first to learn what each indicator's rows say as a whole (its main sex
and age, England's values, how its values relate to its counts), then to check every row.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from django.conf import settings

from partnership.areas.models import Area, AreaLevel

from .. import periods
from ..catalogue import RATE_MULTIPLIERS
from ..models import Indicator, Polarity, ValueType
from ..periods import PeriodLabelError, PeriodSpec, parse_period
from .base import (
    PROGRESS_EVERY,
    Collector,
    ImportReport,
    IndicatorRef,
    IndicatorSpec,
    check_counts,
    parse_value,
)
from .template import check_limits, optional_number

if TYPE_CHECKING:
    from . import ImportOptions

SOURCE = "OHID Fingertips"
ENGLAND = "E92000001"
OPENDATA_FILE = "fingertips_90284_hosp_admissions_injuries_0_14_ctyua.csv"

REQUIRED = ["Indicator ID", "Indicator Name", "Area Code", "Sex", "Age", "Time period", "Value"]
OPTIONAL = [
    "Area Name",
    "Area Type",
    "Category Type",
    "Category",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Time period range",
]
LIMITS = [
    ("Lower CI 95.0 limit", "Upper CI 95.0 limit"),
    ("Lower CI 99.8 limit", "Upper CI 99.8 limit"),
]
NOTE_LENGTH = 500
BREAKDOWN_LENGTH = 100

# ONS code prefixes of the areas the product holds. England, regions, Inner/Outer London and
# upper-tier authorities are all loaded (abolished ones too), so an unknown code of those kinds
# is a mistake. Districts (April 2023), wards and LSOAs are held only in part: Fingertips lists
# districts abolished since, and wards for all England, so an unknown one is left out instead.
COMPLETE_LEVELS = {
    "E92": "England",
    "E12": "region",
    "E13": "Inner or Outer London",
    "E06": "local authority",
    "E08": "local authority",
    "E09": "local authority",
    "E10": "local authority",
}
PARTIAL_LEVELS = {
    "E07": (AreaLevel.DISTRICT, "district", "the districts of April 2023"),
    "E05": (AreaLevel.WARD, "ward", "the wards in the open-data pack"),
    "E01": (AreaLevel.LSOA, "LSOA", "the 2011 LSOAs"),
}

# Fingertips' "Time period range": 1y, 3y, 5y, 1q, 1m ...
_RANGE = re.compile(r"^(\d+)\s*([ymq])$", re.I)
# A multiplier is read off the data when value = count / denominator x multiplier to within this
# relative difference on every row with all three (Fingertips gives values to 7 significant
# figures or more).
RATIO_TOLERANCE = 1e-4
MULTIPLIERS = (1, 100, 1000, 10000, 100000)


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


def matches(header: list[str]) -> bool:
    names = {_key(name) for name in header}
    return all(_key(column) in names for column in REQUIRED)


def opendata_path() -> Path:
    return settings.DATA_DIR / "open" / "fingertips" / OPENDATA_FILE


def fingertips_opendata_load() -> ImportReport:
    """Import the open-data pack's Fingertips file (hospital admissions for injuries in children
    aged 0 to 14, indicator 90284) into the national catalogue. Idempotent."""
    from . import import_file  # the package imports this module: import it when called

    return import_file(path=opendata_path(), format="fingertips", by=None)


# What a new indicator's entry says ---------------------------------------------------------------


def guess_value_type_from_name(name: str) -> tuple[str, int, str] | None:
    """Value type, multiplier and unit where the indicator's name says them plainly."""
    text = name.lower().replace(",", "")
    per = re.search(r"\bper (100000|10000|1000)\b", text)
    multiplier = int(per.group(1)) if per else None
    if "directly standardised" in text or re.search(r"\bdsr\b", text):
        chosen = multiplier if multiplier in RATE_MULTIPLIERS else 100000
        return ValueType.DSR, chosen, f"per {chosen:,}"
    if multiplier is not None:
        return ValueType.RATE, multiplier, f"per {multiplier:,}"
    if "percentage" in text or "%" in text:
        return ValueType.PERCENTAGE, 100, "%"
    return None


def value_type_from_data(multiplier: int, counts_within: bool) -> tuple[str, int, str]:
    """Value type, multiplier and unit when every value is count / denominator x ``multiplier``."""
    if multiplier == 100 and counts_within:
        return ValueType.PERCENTAGE, 100, "%"
    if multiplier == 1 and counts_within:
        return ValueType.PROPORTION, 1, ""
    if multiplier in RATE_MULTIPLIERS:
        return ValueType.RATE, multiplier, f"per {multiplier:,}"
    return ValueType.OTHER, multiplier, ""


def decide_polarity(votes: Counter[str]) -> str | None:
    """The polarity every comparison agrees on, or None when they disagree or there are none."""
    kinds = [kind for kind, count in votes.items() if count]
    return kinds[0] if len(kinds) == 1 else None


def comparison_vote(comparison: str, value: float | None, england: float | None) -> str | None:
    """What "Compared to England" says about polarity. "Better" for a value above England's
    means higher is better; "Higher" or "Lower" is Fingertips' wording for no judgement."""
    text = comparison.strip().lower()
    if text in {"higher", "lower"}:
        return Polarity.NONE
    if text not in {"better", "worse"} or value is None or england is None or value == england:
        return None
    return Polarity.HIGH if (value > england) == (text == "better") else Polarity.LOW


def trend_vote(trend: str) -> str | None:
    """What "Recent Trend" says: "Increasing and getting worse" means lower is better."""
    text = trend.strip().lower()
    rising, falling = text.startswith("increasing"), text.startswith("decreasing")
    if not (rising or falling):
        return None
    if "getting better" in text:
        return Polarity.HIGH if rising else Polarity.LOW
    if "getting worse" in text:
        return Polarity.LOW if rising else Polarity.HIGH
    return Polarity.NONE


def guess_period_type(label: str, period_range: str) -> str | None:
    """A new indicator's period type from a Time period and its range: "2019/20" (1y) is a
    financial year, "2019" a calendar year, "2017 - 19" or "2017/18 - 19/20" (3y) pooled years,
    "1q" quarters and "1m" months. None when the label is none of these."""
    found = _RANGE.match(period_range.strip())
    unit, length = (found.group(2).lower(), int(found.group(1))) if found else ("", 0)
    if unit == "q":
        candidates = [periods.QUARTER]
    elif unit == "m":
        candidates = [periods.MONTH]
    elif unit == "y" and length > 1:
        candidates = [periods.ROLLING_YEARS]
    elif unit == "y":
        candidates = [periods.CALENDAR_YEAR, periods.FINANCIAL_YEAR]
    else:
        candidates = [
            periods.CALENDAR_YEAR,
            periods.FINANCIAL_YEAR,
            periods.ROLLING_YEARS,
            periods.QUARTER,
            periods.MONTH,
        ]
    for period_type in candidates:
        try:
            spec = parse_period(label, period_type)
        except PeriodLabelError:
            continue
        if spec.period_type == period_type:
            return period_type
    return None


def _years(spec: PeriodSpec) -> int:
    return round(((spec.end - spec.start).days + 1) / 365.25)


# Breakdowns -------------------------------------------------------------------------------------


def shorten_category_type(text: str) -> str:
    """Fingertips' category types are long ("County & UA deprivation deciles in England (IMD2019,
    4/23 geography)"); the words every English category type shares go, the rest stays, so two
    geographies' deciles stay two breakdowns."""
    text = re.sub(r"\s+in England\b", "", text)
    text = re.sub(r",?\s*geog(?:raphy|\.)?\s*(?=\))", "", text)
    return " ".join(text.split())


def shorten_category(category: str, category_type: str) -> str:
    """A category without a bracketed tail its type already says: "Most deprived decile
    (IMD2019)" under an IMD2019 type is "Most deprived decile"."""
    tail = re.search(r"\s*\(([^()]*)\)$", category)
    if tail and tail.group(1).strip() and tail.group(1).strip() in category_type:
        category = category[: tail.start()]
    return " ".join(category.split())


def breakdown_label(
    sex: str, age: str, category_type: str, category: str, main: tuple[str, str]
) -> str:
    """The breakdown a row's values are stored under: "" for the indicator's main sex and age
    without a category, else e.g. "sex=Male" or "sex=Female; County & UA deprivation deciles
    (IMD2019, 4/23)=Most deprived decile". At most 100 characters: a longer one keeps its first
    93 and a digest of the whole, so two long breakdowns never become one."""
    parts = []
    if sex != main[0]:
        parts.append(f"sex={sex}")
    if age != main[1]:
        parts.append(f"age={age}")
    if category_type or category:
        kind = shorten_category_type(category_type) or "category"
        parts.append(f"{kind}={shorten_category(category, category_type)}")
    label = "; ".join(parts)
    if len(label) <= BREAKDOWN_LENGTH:
        return label
    digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:6]
    return f"{label[: BREAKDOWN_LENGTH - 7].rstrip()}~{digest}"


# The file's columns ------------------------------------------------------------------------------


class _Columns:
    """Where each known column is, by its name as the file spells it."""

    def __init__(self, header: list[str]) -> None:
        at = {_key(name): index for index, name in enumerate(header) if name.strip()}
        self.header = header
        self.index = {name: at.get(_key(name)) for name in [*REQUIRED, *OPTIONAL]}
        self.width = len(header)

    def missing(self) -> list[str]:
        return [name for name in REQUIRED if self.index[name] is None]

    def name(self, column: str) -> str:
        """The column's name as the file writes it, for messages."""
        index = self.index[column]
        return self.header[index].strip() if index is not None else column

    def cell(self, cells: list[str], column: str) -> str:
        index = self.index[column]
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _ident(text: str) -> str:
    """An Indicator ID as one key however it is written ("90284", "90284.0")."""
    number = _loose_number(text)
    return str(int(number)) if number is not None and number.is_integer() else text


def _loose_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# First reading: what each indicator's rows say as a whole ---------------------------------------


@dataclass
class _Survey:
    sex_age: Counter[tuple[str, str]] = field(default_factory=Counter)
    any_sex_age: Counter[tuple[str, str]] = field(default_factory=Counter)
    period_type: str = ""
    # England's value for (period, sex, age) without a category: what areas are compared with.
    england: dict[tuple[str, str, str], float] = field(default_factory=dict)
    multiplier: int | None = None
    ratios_agree: bool = True
    counts_within: bool = True

    def main(self) -> tuple[str, str]:
        """The indicator's main sex and age: Persons where the file has it, else the sex on most
        rows; then the age on most of that sex's rows (rows without a category counted first)."""
        counts = self.sex_age or self.any_sex_age
        sexes: Counter[str] = Counter()
        for (sex, _age), count in counts.items():
            sexes[sex] += count
        sex = "Persons" if "Persons" in sexes else sexes.most_common(1)[0][0]
        ages: Counter[str] = Counter()
        for (each_sex, age), count in counts.items():
            if each_sex == sex:
                ages[age] += count
        return sex, ages.most_common(1)[0][0]

    def note_ratio(self, value: float, count: float, denominator: float) -> None:
        if count > denominator:
            self.counts_within = False
        if not self.ratios_agree:
            return
        ratio = value * denominator / count
        for multiplier in MULTIPLIERS:
            if abs(ratio / multiplier - 1) <= RATIO_TOLERANCE:
                if self.multiplier in (None, multiplier):
                    self.multiplier = multiplier
                    return
                break
        self.ratios_agree = False


def _survey(text: TextIO, columns: _Columns) -> dict[str, _Survey]:
    surveys: dict[str, _Survey] = {}
    reader = csv.reader(text)
    next(reader, None)
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        ident = _ident(columns.cell(cells, "Indicator ID"))
        survey = surveys.get(ident)
        if survey is None:
            survey = surveys[ident] = _Survey()
        sex, age = columns.cell(cells, "Sex"), columns.cell(cells, "Age")
        categorised = bool(columns.cell(cells, "Category Type") or columns.cell(cells, "Category"))
        survey.any_sex_age[(sex, age)] += 1
        if not categorised:
            survey.sex_age[(sex, age)] += 1
        label = columns.cell(cells, "Time period")
        if not survey.period_type:
            survey.period_type = (
                guess_period_type(label, columns.cell(cells, "Time period range")) or ""
            )
        value = _loose_number(columns.cell(cells, "Value"))
        if value is None:
            continue
        if columns.cell(cells, "Area Code") == ENGLAND and not categorised:
            survey.england[(label, sex, age)] = value
        count = _loose_number(columns.cell(cells, "Count"))
        denominator = _loose_number(columns.cell(cells, "Denominator"))
        if count and denominator and count > 0 and denominator > 0:
            survey.note_ratio(value, count, denominator)
    return surveys


# Second reading: every row checked ----------------------------------------------------------------


@dataclass
class _Resolved:
    index: int
    period_type: str
    name: str
    row: int
    value_type: str
    main: tuple[str, str]
    survey: _Survey
    spec: IndicatorSpec | None
    votes: Counter[str] = field(default_factory=Counter)


class _Indicators:
    """Resolves each row's Indicator ID to a catalogue entry (or a new one), once per ID."""

    def __init__(self, collector: Collector, surveys: dict[str, _Survey], partnership: Any) -> None:
        self.collector, self.report, self.surveys = collector, collector.report, surveys
        national = list(Indicator.objects.filter(partnership__isnull=True))
        self.national = {i.fingertips_id: i for i in national if i.fingertips_id is not None}
        self.own: dict[int, Indicator] = {}
        if partnership is not None:
            owned = Indicator.objects.filter(partnership=partnership, fingertips_id__isnull=False)
            self.own = {i.fingertips_id: i for i in owned if i.fingertips_id is not None}
        self.codes_taken = {i.code for i in national}
        self.seen: dict[str, _Resolved | int] = {}

    def resolve(self, row: int, ident: str, name: str, columns: _Columns) -> _Resolved | None:
        known = self.seen.get(ident)
        if isinstance(known, int):
            self.report.error(
                row,
                columns.name("Indicator ID"),
                f"Indicator {ident} cannot be imported: see row {known}.",
            )
            return None
        if known is not None:
            if name != known.name:
                self.report.error(
                    row,
                    columns.name("Indicator Name"),
                    f"“{name}” differs from “{known.name}” given for indicator {ident} on row "
                    f"{known.row}. An indicator's name must be the same on every row.",
                )
            return known
        resolved = self._first(row, ident, name, columns)
        self.seen[ident] = resolved if resolved is not None else row
        return resolved

    def _first(self, row: int, ident: str, name: str, columns: _Columns) -> _Resolved | None:
        number = _loose_number(ident)
        if number is None or not number.is_integer() or not 0 < number < 2**31:
            shown = f"“{ident}” is not" if ident else "The cell is empty, not"
            self.report.error(
                row,
                columns.name("Indicator ID"),
                f"{shown} a Fingertips indicator ID: give the whole number Fingertips shows, "
                "such as 90284.",
            )
            return None
        fingertips_id = int(number)
        survey = self.surveys[ident]
        existing = self.national.get(fingertips_id) or self.own.get(fingertips_id)
        if existing is not None:
            # The catalogue entry is curated (an officer may have renamed it or set its
            # polarity), so the file changes nothing in it: a spec that restates the entry is
            # counted as an unchanged indicator.
            same = IndicatorSpec(row=row, name=existing.name, period_type=existing.period_type)
            index = self.collector.indicator_index(
                f"fingertips:{fingertips_id}",
                IndicatorRef(period_type=existing.period_type, existing=existing, spec=same),
            )
            return _Resolved(
                index,
                existing.period_type,
                name,
                row,
                existing.value_type,
                survey.main(),
                survey,
                None,
            )
        spec = self._new(row, fingertips_id, name, survey, columns)
        if spec is None:
            return None
        index = self.collector.indicator_index(
            f"fingertips:{fingertips_id}",
            IndicatorRef(period_type=spec.period_type, spec=spec),
        )
        return _Resolved(
            index, spec.period_type, name, row, spec.value_type, survey.main(), survey, spec
        )

    def _new(
        self, row: int, fingertips_id: int, name: str, survey: _Survey, columns: _Columns
    ) -> IndicatorSpec | None:
        ok = True
        if not name or len(name) > 300:
            self.report.error(
                row,
                columns.name("Indicator Name"),
                "The indicator's name is empty. Give it as Fingertips does."
                if not name
                else f"The name is {len(name)} characters long; the catalogue keeps at most 300.",
            )
            ok = False
        if not survey.period_type:
            self.report.error(
                row,
                columns.name("Time period"),
                f"No time period of indicator {fingertips_id} is one this product reads, so its "
                "period type cannot be worked out. Fingertips writes years (2019), financial "
                "years (2019/20), pooled years (2017 - 19, 2017/18 - 19/20), quarters (2019/20 "
                "Q1) and months.",
            )
            ok = False
        code = f"fingertips-{fingertips_id}"
        if code in self.codes_taken:
            self.report.error(
                row,
                columns.name("Indicator ID"),
                f"The catalogue already has an indicator with the code “{code}” but not "
                f"Fingertips ID {fingertips_id}. Give that indicator the Fingertips ID, or "
                "change its code, before importing.",
            )
            ok = False
        if not ok:
            return None
        self.codes_taken.add(code)
        if survey.ratios_agree and survey.multiplier is not None:
            value_type, multiplier, unit = value_type_from_data(
                survey.multiplier, survey.counts_within
            )
        else:
            value_type, multiplier, unit = guess_value_type_from_name(name) or (
                ValueType.OTHER,
                1,
                "",
            )
        return IndicatorSpec(
            row=row,
            name=name,
            period_type=survey.period_type,
            fingertips_id=fingertips_id,
            code=code,
            unit=unit or None,
            source=SOURCE,
            value_type=value_type,
            multiplier=multiplier,
        )


class _Areas:
    """Resolves ONS codes to area ids, or says why a row is an error or left out."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.held: set[str] = set()
        for pk, code, level in Area.objects.values_list("pk", "code", "level"):
            self.ids[code.upper()] = pk
            self.held.add(level)
        self.cache: dict[str, int | tuple[bool, str]] = {}

    def resolve(self, code: str, name: str, area_type: str) -> int | tuple[bool, str]:
        """The area's id, or (is an error, message)."""
        key = code.upper()
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._resolve(key, name, area_type)
        return found

    def _resolve(self, code: str, name: str, area_type: str) -> int | tuple[bool, str]:
        if code in self.ids:
            return self.ids[code]
        called = f"“{code}” ({name})" if name else f"“{code}”"
        prefix = code[:3]
        if not code:
            return True, "The area code is empty. Give the area's ONS code, such as E06000004."
        if prefix in COMPLETE_LEVELS:
            return (
                True,
                f"No {COMPLETE_LEVELS[prefix]} has the ONS code {called}. The product holds "
                "England (E92000001), the regions (E12), Inner and Outer London (E13) and every "
                "upper-tier local authority (E06, E08, E09, E10), current and abolished: check "
                "the code.",
            )
        if prefix in PARTIAL_LEVELS:
            level, what, holds = PARTIAL_LEVELS[prefix]
            loaded = "" if level in self.held else " (none are loaded: run partnership opendata)"
            return (
                False,
                f"No {what} has the ONS code {called}: the product holds {holds}{loaded}, so "
                "the row is left out.",
            )
        kind = f"{area_type} " if area_type else "The area "
        return (
            False,
            f"{kind}{called} is not a kind of area this product holds (England, regions, local "
            "authorities, districts, wards and LSOAs), so the row is left out.",
        )


def read(text: TextIO, collector: Collector, options: ImportOptions) -> None:
    """Validate every row of a Fingertips export into ``collector``; problems go to its report.

    ``text`` must be seekable: the file is read twice (see the module's docstring)."""
    report = collector.report
    reader = csv.reader(text)
    header = [name.strip() for name in next(reader, [])]
    columns = _Columns(header)
    missing = columns.missing()
    if missing:
        report.error(
            1,
            "",
            f"The file has no column {', '.join('“' + m + '”' for m in missing)}. A Fingertips "
            f"export has the columns {', '.join(REQUIRED)}, and usually {', '.join(OPTIONAL)}.",
        )
        return
    if not text.seekable():
        raise ValueError("a Fingertips file must be read from a seekable stream")
    text.seek(0)
    surveys = _survey(text, columns)
    text.seek(0)
    _check_rows(text, collector, columns, surveys, options)


def _check_rows(
    text: TextIO,
    collector: Collector,
    columns: _Columns,
    surveys: dict[str, _Survey],
    options: ImportOptions,
) -> None:
    report = collector.report
    reader = csv.reader(text)
    next(reader, None)
    indicators = _Indicators(collector, surveys, options.partnership)
    areas = _Areas()
    periods_seen: dict[tuple[str, str, str], int | str] = {}
    breakdowns: dict[tuple[str, str, str, str, tuple[str, str]], str] = {}
    name_of = columns.name

    for number, cells in enumerate(reader, start=2):
        if options.progress and number % PROGRESS_EVERY == 0:
            options.progress(number)
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, often at the end of a file
        report.rows += 1
        if len(cells) < columns.width:
            report.error(
                number,
                "",
                f"The row has {len(cells)} cells but the header has {columns.width}. Check for "
                "a missing or extra comma, or text with a comma that is not in quotes.",
            )
            continue
        cell = columns.cell
        code, area_name = cell(cells, "Area Code"), cell(cells, "Area Name")
        area = areas.resolve(code, area_name, cell(cells, "Area Type"))
        if isinstance(area, tuple) and not area[0]:
            report.skipped += 1
            report.warn(number, name_of("Area Code"), area[1])
            continue
        errors_before = report.error_count
        if isinstance(area, tuple):
            report.error(number, name_of("Area Code"), area[1])

        ident, name = _ident(cell(cells, "Indicator ID")), cell(cells, "Indicator Name")
        indicator = indicators.resolve(number, ident, name, columns)

        label = cell(cells, "Time period")
        period_range = cell(cells, "Time period range")
        period = None
        if indicator is not None:
            key = (indicator.period_type, label, period_range)
            found = periods_seen.get(key)
            if found is None:
                found = periods_seen[key] = _period(collector, label, period_range, indicator)
            if isinstance(found, str):
                report.error(number, name_of("Time period"), found)
            else:
                period = found

        raw_value, note = cell(cells, "Value"), cell(cells, "Value note")
        value: float | None = None
        reason = ""
        if raw_value:
            try:
                value, reason = parse_value(raw_value)
            except ValueError as error:
                report.error(number, name_of("Value"), str(error))
        else:
            # Fingertips leaves a value out with a note saying why (suppressed, not presented).
            reason = "x"
        if len(note) > NOTE_LENGTH:
            note = note[: NOTE_LENGTH - 1] + "…"

        numbers: dict[str, float | None] = {}
        for column in ("Count", "Denominator", *(c for pair in LIMITS for c in pair)):
            try:
                numbers[column] = optional_number(cell(cells, column))
            except ValueError as error:
                report.error(number, name_of(column), str(error))
                numbers[column] = None
        if indicator is not None:
            check_counts(
                report,
                number,
                value_type=indicator.value_type,
                numerator=numbers["Count"],
                denominator=numbers["Denominator"],
                numerator_column=name_of("Count"),
                denominator_column=name_of("Denominator"),
            )
        check_limits(
            report,
            number,
            [(numbers[lo], numbers[hi], name_of(lo)) for lo, hi in LIMITS],
        )

        if report.error_count != errors_before:
            continue
        assert indicator is not None and period is not None and isinstance(area, int)
        sex, age = cell(cells, "Sex"), cell(cells, "Age")
        category_type, category = cell(cells, "Category Type"), cell(cells, "Category")
        bkey = (sex, age, category_type, category, indicator.main)
        breakdown = breakdowns.get(bkey)
        if breakdown is None:
            breakdown = breakdowns[bkey] = breakdown_label(*bkey)
        fields = (
            value,
            reason,
            note,
            numbers["Count"],
            numbers["Denominator"],
            numbers["Lower CI 95.0 limit"],
            numbers["Upper CI 95.0 limit"],
            numbers["Lower CI 99.8 limit"],
            numbers["Upper CI 99.8 limit"],
        )
        earlier = collector.values[indicator.index].get((area, period, breakdown))
        if earlier is not None:
            where = f"{area_name or code}, {label}" + (f", {breakdown}" if breakdown else "")
            if tuple(earlier[1:]) == fields:
                # Fingertips lists England twice (as an area and as the others' parent).
                report.skipped += 1
                report.warn(
                    number,
                    "",
                    f"This row repeats row {earlier[0]} ({where}) with the same figures, so it "
                    "is left out.",
                )
            else:
                report.error(
                    number,
                    "",
                    f"This row repeats row {earlier[0]} ({where}) with different figures. Keep "
                    "one of them.",
                )
            continue
        collector.add(number, indicator.index, area, period, breakdown, fields)

        comparison = cell(cells, "Compared to England value or percentiles")
        england = indicator.survey.england.get((label, sex, age))
        trend = cell(cells, "Recent Trend")
        for vote in (comparison_vote(comparison, value, england), trend_vote(trend)):
            if vote is not None:
                indicator.votes[vote] += 1

    for resolved in indicators.seen.values():
        if isinstance(resolved, _Resolved) and resolved.spec is not None:
            resolved.spec.polarity = decide_polarity(resolved.votes)


def _period(collector: Collector, label: str, period_range: str, indicator: _Resolved) -> int | str:
    """The period index for a Time period, or the error message."""
    try:
        spec = parse_period(label, indicator.period_type)
    except PeriodLabelError as error:
        return str(error)
    found = _RANGE.match(period_range)
    if found and found.group(2).lower() == "y":
        stated = int(found.group(1))
        covered = _years(spec)
        if covered != stated:
            plural = "s" if covered != 1 else ""
            return (
                f"“{label}” covers {covered} year{plural} but the Time period range says "
                f"{period_range}. Check the period; for an indicator already in the catalogue, "
                "check its period type."
            )
    return collector.period_index(spec)
