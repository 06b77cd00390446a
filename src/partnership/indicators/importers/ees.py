"""DfE "explore education statistics" (EES) tidy files, read through a column mapping.

Every EES file has the same frame (time_period, time_identifier, geographic_level, country_code,
region_code, old_la_code, new_la_code, la_name ...) around columns that differ by publication:
filters (population_type, category, Age ...) and measures (counts, percentages, rates). Which
measure columns make which indicator, with which numerator and denominator, and for which rows,
is a *column mapping*: a JSON-able dict (the ``spec``) described in docs/data.md, given with the
file or remembered for files of the same shape (``signature``: the column names, in any order and
case). ``validate_spec`` checks a mapping against a file's header in plain English; ``read``
validates every row into the collector and writes nothing.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import gzip
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError

from partnership.areas.models import Area, AreaLevel
from partnership.areas.selectors import dfe_code_map
from partnership.web.models import not_reserved, slug_validator

from .. import periods
from ..models import ColumnMapping, Indicator, Multiplier, Polarity, ValueType
from ..periods import PeriodLabelError, PeriodSpec, parse_period
from .base import PROGRESS_EVERY, Collector, IndicatorRef, IndicatorSpec, check_counts, parse_value
from .source import open_text, unreadable_message

# The columns that make a file an EES tidy file (and that LAIT's long format does not have).
REQUIRED_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code"]
# The frame around the measures: never a value, numerator or filter of a measure.
FRAME_COLUMNS = frozenset(
    {
        *REQUIRED_COLUMNS,
        "country_name",
        "region_code",
        "region_name",
        "old_la_code",
        "new_la_code",
        "la_name",
    }
)
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "national", "regional", "local authority"
LEVELS_HELD = "England, regions (with Inner and Outer London) and local authorities"
TOTAL = "total"

# EES's time identifiers for whole years, and the period type each is held as. A "Reporting
# year" is a figure at 31 March (children looked after on 31 March 2025): the same period as
# LAIT's "Annual" measures, the calendar year it falls in.
YEAR_IDENTIFIERS = {
    "calendar year": periods.CALENDAR_YEAR,
    "reporting year": periods.CALENDAR_YEAR,
    "financial year": periods.FINANCIAL_YEAR,
    "academic year": periods.ACADEMIC_YEAR,
}
_QUARTER_IDENTIFIER = re.compile(r"^(calendar|financial) year q([1-4])$")
MONTH_IDENTIFIERS = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}
# EES identifiers no period here can represent: tax years start on 6 April, academic-year
# quarters and school terms have no fixed dates, and weeks need a calendar of their own.
_UNHELD_IDENTIFIER = re.compile(
    r"^(tax year( q[1-4](-[1-4])?)?|academic year q[1-4](-[1-4])?|(calendar|financial) year "
    r"q[1-4]-[1-4]|(autumn|spring|summer|autumn and spring) term|week \d+|part [12] \(.*\)"
    r"|up until 31st march)$"
)
IDENTIFIERS_HELD = (
    "Calendar year, Reporting year, Financial year, Academic year, Calendar year Q1 to Q4, "
    "Financial year Q1 to Q4, and the months January to December"
)
_FOUR_DIGITS = re.compile(r"^\d{4}$")
_SIX_DIGITS = re.compile(r"^(\d{4})(\d\d)$")

# The mapping's settings, in the order docs/data.md describes them.
SPEC_KEYS = ("name", "period", "exclude", "measures")
MEASURE_KEYS = ("indicator", "value", "numerator", "denominator", "lower95", "upper95")
MEASURE_EXTRA_KEYS = ("filters", "breakdowns")
DEFINITION_KEYS = (
    "code",
    "name",
    "value_type",
    "multiplier",
    "polarity",
    "unit",
    "decimal_places",
    "source",
    "description",
    "methodology",
    "owner",
)
COUNT_ROLES = ("numerator", "denominator", "lower95", "upper95")
DEFAULT_PERIOD = {"time_period": "time_period", "time_identifier": "time_identifier"}
TEXT_LIMITS = {"name": 300, "unit": 60, "source": 300, "owner": 300}


def matches(header: list[str]) -> bool:
    names = {name.strip().casefold() for name in header}
    return all(column in names for column in REQUIRED_COLUMNS)


def signature(header: list[str]) -> str:
    """A digest of the column names, whatever their order or case: files of one publication
    share it, so a mapping made once serves the next release."""
    names = sorted(name.strip().casefold() for name in header if name.strip())
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def remembered_mapping(header: list[str], partnership: Any) -> ColumnMapping | None:
    """The mapping remembered for files with these columns: the partnership's own before the
    national one."""
    found = ColumnMapping.objects.usable_by(partnership).filter(signature=signature(header))
    return min(found, key=lambda m: m.partnership_id is None, default=None)


# Validating a mapping -------------------------------------------------------------------------


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


class _Header:
    """A file's columns, found whatever their case."""

    def __init__(self, header: list[str]) -> None:
        self.names = [name.strip() for name in header]
        self.at: dict[str, int] = {}
        for index, name in enumerate(self.names):
            if name:
                self.at.setdefault(name.casefold(), index)

    def index(self, column: str) -> int | None:
        return self.at.get(column.strip().casefold())

    def name(self, column: str) -> str:
        """The column as the file spells it."""
        index = self.index(column)
        return column if index is None else self.names[index]

    def missing(self, column: str, what: str) -> str:
        close = difflib.get_close_matches(column, [n for n in self.names if n], n=1, cutoff=0.6)
        hint = f" Did you mean “{close[0]}”?" if close else ""
        return f"{what} “{column}” is not a column of the file.{hint}"


def _values(raw: Any) -> list[str] | None:
    """A filter's or exclusion's accepted values: one text or number, or a list of them."""
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        return None
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            return None
        text = str(item).strip()
        if not text:
            return None
        out.append(text)
    return out


def validate_spec(spec: Any, header: list[str]) -> list[str]:
    """What is wrong with ``spec`` as a mapping for a file with these columns, in plain English;
    empty when it can be used. Whether its indicator codes exist is checked on import (and by
    ``mappings.mapping_save``), because that depends on whose catalogue is meant."""
    if not isinstance(spec, dict):
        return [
            "The mapping must be a set of named settings (name, period, exclude and measures), "
            "not a list or a single value."
        ]
    columns = _Header(header)
    problems: list[str] = []
    unknown = [str(key) for key in spec if key not in SPEC_KEYS]
    if unknown:
        problems.append(
            f"The mapping has {_quoted(unknown)}, which it does not use. Its settings are "
            f"{', '.join(SPEC_KEYS)}."
        )
    name = spec.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 200):
        problems.append("The mapping's name must be text of at most 200 characters.")
    problems += _check_period(spec.get("period"), columns)
    problems += _check_exclude(spec.get("exclude"), columns)
    measures = spec.get("measures")
    if not isinstance(measures, list) or not measures:
        problems.append(
            "The mapping has no measures. Give a list under “measures”, each with at least an "
            "indicator and a value column."
        )
        return problems
    defined: dict[str, int] = {}
    for number, measure in enumerate(measures, start=1):
        problems += _check_measure(number, measure, columns, defined)
    return problems


def _check_period(period: Any, columns: _Header) -> list[str]:
    if period is None:
        period = DEFAULT_PERIOD
    if not isinstance(period, dict):
        return ["“period” must name the time_period and time_identifier columns."]
    problems = []
    unknown = [str(key) for key in period if key not in DEFAULT_PERIOD]
    if unknown:
        problems.append(
            f"“period” has {_quoted(unknown)}; it takes only time_period and time_identifier."
        )
    for key, default in DEFAULT_PERIOD.items():
        column = period.get(key, default)
        if not isinstance(column, str) or not column.strip():
            problems.append(f"“period”: {key} must be a column's name.")
        elif columns.index(column) is None:
            problems.append(columns.missing(column, f"The {key} column"))
    return problems


def _check_exclude(exclude: Any, columns: _Header) -> list[str]:
    if exclude is None:
        return []
    if not isinstance(exclude, dict) or not exclude:
        return [
            "“exclude” must give columns and the values whose rows are left out, for example "
            "region_name: Region demo."
        ]
    problems = []
    for column, raw in exclude.items():
        if columns.index(str(column)) is None:
            problems.append(columns.missing(str(column), "The exclude column"))
        if _values(raw) is None:
            problems.append(
                f"“exclude”: give {column} a value, or a list of values, whose rows are left out."
            )
    return problems


def _check_measure(
    number: int, measure: Any, columns: _Header, defined: dict[str, int]
) -> list[str]:
    where = f"Measure {number}"
    if not isinstance(measure, dict):
        return [f"{where} must be a set of settings (indicator, value, numerator ...)."]
    problems = []
    allowed = (*MEASURE_KEYS, *MEASURE_EXTRA_KEYS)
    unknown = [str(key) for key in measure if key not in allowed]
    if unknown:
        problems.append(
            f"{where} has {_quoted(unknown)}, which a measure does not use. A measure takes "
            f"{', '.join(allowed)}."
        )
    indicator = measure.get("indicator")
    if isinstance(indicator, dict):
        problems += _check_definition(where, indicator, defined, number)
    elif not isinstance(indicator, str) or not indicator.strip():
        problems.append(
            f"{where} has no indicator. Give the code of an indicator in the catalogue, or "
            "define a new one (code, name, value_type ...)."
        )
    used: dict[str, str] = {}
    for role in MEASURE_KEYS[1:]:
        column = measure.get(role)
        if column is None:
            if role == "value":
                problems.append(f"{where} has no value column. Say which column holds the value.")
            continue
        if not isinstance(column, str) or not column.strip():
            problems.append(f"{where}: the {role} must be a column's name.")
            continue
        if columns.index(column) is None:
            problems.append(columns.missing(column, f"{where}: the {role} column"))
            continue
        key = column.strip().casefold()
        if key in FRAME_COLUMNS:
            problems.append(
                f"{where}: “{column}” says which period or area a row is for, so it cannot be "
                f"the {role}. Choose a column of figures."
            )
        elif key in used:
            problems.append(
                f"{where}: “{column}” is both the {used[key]} and the {role}. Each needs a "
                "column of its own."
            )
        used[key] = role
    filters = measure.get("filters")
    filtered: set[str] = set()
    if filters is not None:
        if not isinstance(filters, dict):
            problems.append(
                f"{where}: “filters” must give columns and the value each must have, for "
                "example population_type: Children looked after on 31 March each year."
            )
        else:
            for column, raw in filters.items():
                column = str(column)
                if columns.index(column) is None:
                    problems.append(columns.missing(column, f"{where}: the filter column"))
                elif _values(raw) is None:
                    problems.append(
                        f"{where}: give the filter {column} a value, or a list of values, that "
                        "the measure's rows have."
                    )
                filtered.add(column.strip().casefold())
    breakdowns = measure.get("breakdowns")
    if breakdowns is not None:
        if not isinstance(breakdowns, list) or not all(
            isinstance(column, str) and column.strip() for column in breakdowns
        ):
            problems.append(f"{where}: “breakdowns” must be a list of column names.")
        else:
            for column in breakdowns:
                key = column.strip().casefold()
                if columns.index(column) is None:
                    problems.append(columns.missing(column, f"{where}: the breakdown column"))
                elif key in filtered:
                    problems.append(
                        f"{where}: “{column}” is both a filter and a breakdown. A filter keeps "
                        "one value's rows; a breakdown keeps each value apart. Choose one."
                    )
                elif key in used or key in FRAME_COLUMNS:
                    problems.append(
                        f"{where}: “{column}” cannot be a breakdown: it is the measure's "
                        f"{used.get(key, 'period or area')}."
                    )
    return problems


def _check_definition(
    where: str, definition: dict[str, Any], defined: dict[str, int], number: int
) -> list[str]:
    problems = []
    unknown = [str(key) for key in definition if key not in DEFINITION_KEYS]
    if unknown:
        problems.append(
            f"{where}: the indicator has {_quoted(unknown)}, which a definition does not use. It "
            f"takes {', '.join(DEFINITION_KEYS)}."
        )
    code = definition.get("code")
    if not isinstance(code, str) or not code:
        problems.append(
            f"{where}: the new indicator needs a code: a short name in lower-case letters, "
            "digits and hyphens, such as cla-rate-with-counts."
        )
    else:
        try:
            slug_validator(code)
            not_reserved(code)
            if len(code) > 80:
                raise ValidationError("Use at most 80 characters.")
        except ValidationError as error:
            problems.append(f"{where}: the code “{code}” will not do. {' '.join(error.messages)}")
        if code in defined:
            problems.append(
                f"{where} defines the indicator “{code}” again (measure {defined[code]} "
                "defines it). Define it once, and give just its code in the other measures."
            )
        else:
            defined[code] = number
    name = definition.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: the new indicator needs a name that says what it measures.")
    for key, limit in TEXT_LIMITS.items():
        text = definition.get(key)
        if text is not None and (not isinstance(text, str) or len(text) > limit):
            problems.append(
                f"{where}: the indicator's {key} must be text of at most {limit} characters."
            )
    for key in ("description", "methodology"):
        if definition.get(key) is not None and not isinstance(definition[key], str):
            problems.append(f"{where}: the indicator's {key} must be text.")
    value_type = definition.get("value_type")
    if value_type not in ValueType.values:
        problems.append(
            f"{where}: the indicator's value_type must be one of {', '.join(ValueType.values)}"
            f"{'' if value_type is None else f', not “{value_type}”'}."
        )
    multiplier = definition.get("multiplier")
    multipliers = ", ".join(f"{m:,}".replace(",", "") for m in Multiplier.values)
    if multiplier is not None and (
        isinstance(multiplier, bool) or multiplier not in Multiplier.values
    ):
        problems.append(f"{where}: the multiplier must be one of {multipliers}.")
    elif multiplier is None and value_type in (ValueType.RATE, ValueType.DSR):
        problems.append(
            f"{where}: a rate needs its multiplier: 1000 for a rate per 1,000, 10000 per 10,000 "
            "or 100000 per 100,000."
        )
    elif value_type == ValueType.PERCENTAGE and multiplier not in (None, 100):
        problems.append(f"{where}: a percentage's multiplier is 100.")
    polarity = definition.get("polarity")
    if polarity is not None and polarity not in Polarity.values:
        problems.append(
            f"{where}: the polarity must be high (higher is better), low (lower is better) or "
            "none (no judgement)."
        )
    places = definition.get("decimal_places")
    if places is not None and (
        isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6
    ):
        problems.append(f"{where}: decimal_places must be a whole number from 0 to 6.")
    return problems


# The indicators a mapping refers to -----------------------------------------------------------


@dataclass
class _Target:
    """One indicator the file's rows become values of (several measures may share one)."""

    code: str
    name: str
    value_type: str
    existing: Indicator | None
    definition: dict[str, Any] | None
    partnership: Any
    # Known for an indicator in the catalogue; for a new one, set by its first row.
    period_type: str | None
    index: int | None = None

    def register(self, collector: Collector, row: int) -> int:
        if self.index is None:
            assert self.period_type is not None
            spec = self._spec(row) if self.definition is not None else None
            ref = IndicatorRef(period_type=self.period_type, existing=self.existing, spec=spec)
            self.index = collector.indicator_index(self.code, ref)
        return self.index

    def _spec(self, row: int) -> IndicatorSpec:
        d = self.definition or {}
        value_type = d["value_type"]
        multiplier = d.get("multiplier") or (100 if value_type == ValueType.PERCENTAGE else 1)
        return IndicatorSpec(
            row=row,
            code=self.code,
            name=d["name"].strip(),
            # An indicator in the catalogue keeps its period type; a new one takes its rows'.
            period_type=self.existing.period_type if self.existing else str(self.period_type),
            partnership=self.partnership,
            unit=d.get("unit"),
            polarity=d.get("polarity"),
            decimal_places=d.get("decimal_places"),
            source=d.get("source"),
            description=d.get("description"),
            methodology=d.get("methodology"),
            owner=d.get("owner"),
            value_type=value_type,
            multiplier=multiplier,
        )


def resolve_indicators(spec: dict[str, Any], partnership: Any) -> tuple[list[_Target], list[str]]:
    """Each measure's indicator (in the mapping's order), or the problems finding them.

    A code names an indicator the partnership may use (its own before the national one) or one
    the mapping defines. A definition creates the indicator, or updates it on a later import; a
    partnership's import never changes the national catalogue, so a definition whose code is a
    national indicator just uses it.
    """
    available = Indicator.objects.available_to(partnership) if partnership else None
    catalogue = (
        available if available is not None else Indicator.objects.filter(partnership__isnull=True)
    )
    known: dict[str, Indicator] = {}
    for indicator in catalogue:
        # The partnership's own indicator wins over a national one with the same code.
        if indicator.code not in known or indicator.partnership_id is not None:
            known[indicator.code] = indicator
    measures = spec["measures"]
    targets: dict[str, _Target] = {}
    for measure in measures:
        definition = measure["indicator"]
        if isinstance(definition, dict):
            code = definition["code"]
            existing = known.get(code)
            is_national = existing is not None and existing.partnership_id is None
            keep_as_is = partnership is not None and is_national
            targets[code] = _Target(
                code=code,
                name=existing.name if keep_as_is and existing else definition["name"].strip(),
                value_type=existing.value_type if existing else definition["value_type"],
                existing=existing,
                definition=None if keep_as_is else definition,
                partnership=partnership,
                period_type=existing.period_type if existing else None,
            )
    problems: list[str] = []
    out: list[_Target] = []
    for number, measure in enumerate(measures, start=1):
        reference = measure["indicator"]
        code = reference["code"] if isinstance(reference, dict) else reference.strip()
        target = targets.get(code)
        if target is None:
            found = known.get(code)
            if found is None:
                whose = "the national catalogue or the partnership's own indicators"
                problems.append(
                    f"Measure {number}: no indicator has the code “{code}” in "
                    f"{whose if partnership else 'the national catalogue'}. Check the code, or "
                    "define the indicator in the mapping (code, name, value_type, multiplier, "
                    "polarity, unit, decimal_places, source)."
                )
                continue
            target = targets[code] = _Target(
                code=code,
                name=found.name,
                value_type=found.value_type,
                existing=found,
                definition=None,
                partnership=partnership,
                period_type=found.period_type,
            )
        out.append(target)
    return out, problems


# Periods ---------------------------------------------------------------------------------------


class EesPeriodError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def ees_period(identifier: str, time_period: str) -> tuple[PeriodSpec, str]:
    """The period an EES row is for, and the period type its indicator holds. Raises
    EesPeriodError naming the column at fault ("identifier" or "period")."""
    key = " ".join(identifier.split()).casefold()
    period = time_period.strip()
    if key in YEAR_IDENTIFIERS:
        period_type = YEAR_IDENTIFIERS[key]
        try:
            return parse_period(period, period_type), period_type
        except PeriodLabelError as error:
            raise EesPeriodError("period", str(error)) from None
    quarter = _QUARTER_IDENTIFIER.match(key)
    if quarter:
        kind, number = quarter.group(1), quarter.group(2)
        if kind == "calendar":
            if not _FOUR_DIGITS.match(period):
                raise EesPeriodError(
                    "period", f"“{period}” is not a year: write it as four digits, like 2024."
                )
            label = f"Q{number} {period}"
        else:
            six = _SIX_DIGITS.match(period)
            if not six:
                raise EesPeriodError(
                    "period",
                    f"“{period}” is not a financial year: for {identifier.strip()} EES writes "
                    "the year as six digits, like 202425.",
                )
            label = f"Q{number} {six.group(1)}/{six.group(2)}"
        try:
            return parse_period(label, periods.QUARTER), periods.QUARTER
        except PeriodLabelError:
            raise EesPeriodError(
                "period",
                f"“{period}” is not a financial year: the second part must be the year after "
                "the first, like 202425.",
            ) from None
    if key in MONTH_IDENTIFIERS:
        if not _FOUR_DIGITS.match(period):
            raise EesPeriodError(
                "period", f"“{period}” is not a year: write it as four digits, like 2024."
            )
        label = f"{calendar.month_name[MONTH_IDENTIFIERS[key]]} {period}"
        return parse_period(label, periods.MONTH), periods.MONTH
    if not key:
        raise EesPeriodError(
            "identifier", f"The time identifier is empty. Use one of {IDENTIFIERS_HELD}."
        )
    if _UNHELD_IDENTIFIER.match(key):
        raise EesPeriodError(
            "identifier",
            f"“{identifier.strip()}” periods cannot be held: this product holds "
            f"{IDENTIFIERS_HELD}. Remove these rows from the file, or import a file of yearly "
            "figures.",
        )
    raise EesPeriodError(
        "identifier",
        f"“{identifier.strip()}” is not an EES time identifier this product reads. Use one of "
        f"{IDENTIFIERS_HELD}.",
    )


# Reading a file --------------------------------------------------------------------------------


@dataclass
class _Measure:
    number: int
    target: _Target
    value: int
    value_column: str
    counts: list[tuple[int | None, str]]  # numerator, denominator, lower95, upper95
    filters: list[tuple[int, str, frozenset[str]]]
    breakdowns: list[tuple[int, str]]
    matched: int = 0

    def accepts(self, cells: list[str]) -> bool:
        return all(
            " ".join(cells[i].split()).casefold() in allowed for i, _name, allowed in self.filters
        )


def _accepted(raw: Any) -> frozenset[str]:
    return frozenset(" ".join(v.split()).casefold() for v in _values(raw) or [])


def _count(cell: str) -> float | None:
    """An optional count or limit: empty or a missing-value code is "not known"."""
    if not cell.strip():
        return None
    number, _reason = parse_value(cell)  # ValueError for the caller to report
    return number


@dataclass
class _Areas:
    national: dict[str, int]
    regional: dict[str, int]
    local: dict[str, int]
    dfe: dict[str, int]
    names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Areas:
        national: dict[str, int] = {}
        regional: dict[str, int] = {}
        local: dict[str, int] = {}
        names = {}
        rows = Area.objects.filter(
            level__in=[AreaLevel.ENGLAND, AreaLevel.REGION, AreaLevel.LONDON_GROUP, AreaLevel.LA]
        ).values_list("pk", "code", "level", "name")
        for pk, code, level, name in rows:
            names[pk] = name
            if level == AreaLevel.ENGLAND:
                national[code] = pk
            elif level == AreaLevel.LA:
                local[code] = pk
            else:
                regional[code] = pk
        # A DfE number in old_la_code must mean a local authority, not LAIT's 970 or 98x.
        las = set(local.values())
        dfe = {code: pk for code, pk in dfe_code_map().items() if pk in las}
        return cls(national, regional, local, dfe, names)


def read(path: Path, collector: Collector, options: Any) -> None:
    """Validate every row of the EES file at ``path`` into ``collector`` through the mapping in
    ``options.mapping``, or the one remembered for the file's columns."""
    report = collector.report
    try:
        with open_text(path) as text:
            _read(text, collector, options)
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError, csv.Error) as error:
        report.error(0, "", unreadable_message(error))


NO_MAPPING = (
    "This is a DfE tidy file, but no column mapping is remembered for files with these columns: "
    "map its columns on the upload page, or give --mapping FILE."
)


def _read(text: TextIO, collector: Collector, options: Any) -> None:
    report = collector.report
    reader = csv.reader(text)
    header = [name.strip() for name in next(reader, [])]
    columns = _Header(header)
    absent = [column for column in REQUIRED_COLUMNS if columns.index(column) is None]
    if absent:
        report.error(
            1,
            "",
            f"The file has no column {_quoted(absent)}. A DfE tidy file has the columns "
            f"{', '.join(REQUIRED_COLUMNS)}, then its filters and measures.",
        )
        return
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.casefold()
        if key and key in seen:
            report.error(
                1,
                name,
                f"The file has two columns called “{name}” (columns {seen[key] + 1} and "
                f"{index + 1}). Rename or remove one.",
            )
        seen.setdefault(key, index)
    if not report.ok:
        return

    spec = options.mapping
    prefix = "Column mapping: "
    if spec is None:
        remembered = remembered_mapping(header, options.partnership)
        if remembered is None:
            report.error(0, "", NO_MAPPING)
            return
        spec = remembered.spec
        prefix = f"The column mapping “{remembered.name}” remembered for these columns: "
    problems = validate_spec(spec, header)
    if not problems:
        targets, problems = resolve_indicators(spec, options.partnership)
    for problem in problems:
        report.error(0, "", prefix + problem)
    if problems:
        return
    _Rows(collector, spec, columns, targets, options.progress).read(reader)


class _Rows:
    """Reads the rows of a file whose mapping has been checked."""

    def __init__(
        self,
        collector: Collector,
        spec: dict[str, Any],
        columns: _Header,
        targets: list[_Target],
        progress: Callable[[int], None] | None,
    ) -> None:
        self.collector, self.report, self.columns = collector, collector.report, columns
        self.progress = progress
        period = {**DEFAULT_PERIOD, **(spec.get("period") or {})}
        self.i_period = self._at(period["time_period"])
        self.i_identifier = self._at(period["time_identifier"])
        self.period_columns = (
            columns.name(period["time_period"]),
            columns.name(period["time_identifier"]),
        )
        self.i_level = self._at("geographic_level")
        self.i_country = self._at("country_code")
        self.i_region = columns.index("region_code")
        self.i_new_la = columns.index("new_la_code")
        self.i_old_la = columns.index("old_la_code")
        self.exclude = [
            (self._at(column), columns.name(column), _accepted(raw))
            for column, raw in (spec.get("exclude") or {}).items()
        ]
        self.measures = [
            self._measure(number, measure, target)
            for number, (measure, target) in enumerate(
                zip(spec["measures"], targets, strict=True), start=1
            )
        ]
        self.filter_columns = {i: name for m in self.measures for i, name, _ in m.filters}
        # The values each filter column takes, for the message when a filter matches nothing.
        self.filter_values: dict[int, set[str]] = {i: set() for i in self.filter_columns}
        self.areas = _Areas.load()
        self.area_cache: dict[tuple[str, ...], int | tuple[str, str]] = {}
        self.period_cache: dict[tuple[str, str], tuple[int, PeriodSpec, str] | EesPeriodError] = {}

    def _at(self, column: str) -> int:
        index = self.columns.index(column)
        assert index is not None  # validate_spec has checked
        return index

    def _measure(self, number: int, measure: dict[str, Any], target: _Target) -> _Measure:
        columns = self.columns
        counts: list[tuple[int | None, str]] = []
        for role in COUNT_ROLES:
            column = measure.get(role)
            counts.append(
                (None, "") if column is None else (self._at(column), columns.name(column))
            )
        return _Measure(
            number=number,
            target=target,
            value=self._at(measure["value"]),
            value_column=columns.name(measure["value"]),
            counts=counts,
            filters=[
                (self._at(column), columns.name(column), _accepted(raw))
                for column, raw in (measure.get("filters") or {}).items()
            ],
            breakdowns=[
                (self._at(column), columns.name(column))
                for column in measure.get("breakdowns") or []
            ],
        )

    def read(self, reader: Any) -> None:
        report = self.report
        width = len(self.columns.names)
        for number, cells in enumerate(reader, start=2):
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(number)
            if len(cells) != width:
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line, often at the end of a file
                if len(cells) < width or any(cell.strip() for cell in cells[width:]):
                    report.rows += 1
                    report.error(
                        number,
                        "",
                        f"The row has {len(cells)} cells but the header has {width}. Check for "
                        "a missing or extra comma, or text with a comma that is not in quotes.",
                    )
                    continue
            report.rows += 1
            self._row(number, cells)
        self._unmatched()

    def _row(self, number: int, cells: list[str]) -> None:
        report = self.report
        for index, column, values in self.exclude:
            if " ".join(cells[index].split()).casefold() in values:
                report.skipped += 1
                report.warn(
                    number,
                    column,
                    f"Left out: the column mapping leaves out rows whose {column} is "
                    f"“{cells[index].strip()}”.",
                )
                return
        for index, seen in self.filter_values.items():
            if len(seen) < 50:
                seen.add(cells[index].strip())
        measures = [measure for measure in self.measures if measure.accepts(cells)]
        if not measures:
            return  # a row of the file that the mapping does not use
        for measure in measures:
            measure.matched += 1
        level = " ".join(cells[self.i_level].split())
        if level.casefold() not in (NATIONAL, REGIONAL, LOCAL_AUTHORITY):
            if not level:
                report.error(
                    number,
                    "geographic_level",
                    "The geographic level is empty. Use National, Regional or Local authority.",
                )
            else:
                report.skipped += 1
                report.warn(
                    number,
                    "geographic_level",
                    f"Left out: “{level}” figures are not held; this product holds {LEVELS_HELD}.",
                )
            return
        errors_before = report.error_count
        area_id = self._area(number, level.casefold(), cells)
        period = self._period(number, cells)
        for measure in measures:
            self._value(number, cells, measure, area_id, period, errors_before)

    def _area(self, number: int, level: str, cells: list[str]) -> int | None:
        def cell(index: int | None) -> str:
            return cells[index].strip() if index is not None else ""

        country, region = cell(self.i_country), cell(self.i_region)
        new_la, old_la = cell(self.i_new_la), cell(self.i_old_la)
        key = (level, country, region, new_la, old_la)
        cached = self.area_cache.get(key)
        if cached is None:
            cached = self.area_cache[key] = self._find_area(level, *key[1:])
        if isinstance(cached, tuple):
            self.report.error(number, cached[0], cached[1])
            return None
        return cached

    def _find_area(
        self, level: str, country: str, region: str, new_la: str, old_la: str
    ) -> int | tuple[str, str]:
        areas = self.areas
        if level == NATIONAL:
            found = areas.national.get(country)
            if found is None:
                shown = f"“{country}”" if country else "no code"
                return (
                    "country_code",
                    f"A National row has {shown}, which is not England. Use England's code, "
                    "E92000001: figures for the other nations are not held.",
                )
            return found
        if level == REGIONAL:
            if self.i_region is None:
                return ("region_code", "The file has no region_code column for its Regional rows.")
            found = areas.regional.get(region)
            if found is None:
                shown = f"the code “{region}”" if region else "no region_code"
                return (
                    "region_code",
                    f"A Regional row has {shown}, which is not a region. Use the region's ONS "
                    "code: E12000001 to E12000009, or E13000001 and E13000002 for Inner and "
                    "Outer London.",
                )
            return found
        if self.i_new_la is None and self.i_old_la is None:
            return (
                "new_la_code",
                "The file has no new_la_code or old_la_code column for its Local authority rows.",
            )
        if new_la:
            found = areas.local.get(new_la)
            if found is None:
                return (
                    "new_la_code",
                    f"No local authority has the code “{new_la}”. Use the authority's ONS code "
                    "(E06, E08, E09 or E10 and six digits), or leave it empty and give its DfE "
                    "number in old_la_code.",
                )
            return found
        if old_la:
            found = areas.dfe.get(old_la)
            if found is None:
                return (
                    "old_la_code",
                    f"No local authority has the DfE number “{old_la}”. Use the authority's "
                    "3-digit number (358 for Trafford), or its ONS code in new_la_code.",
                )
            return found
        return (
            "new_la_code",
            "The row is for a local authority but gives no code. Give its ONS code in "
            "new_la_code, or its DfE number in old_la_code.",
        )

    def _period(self, number: int, cells: list[str]) -> tuple[int, PeriodSpec, str] | None:
        identifier, time_period = cells[self.i_identifier], cells[self.i_period]
        key = (identifier.strip(), time_period.strip())
        cached = self.period_cache.get(key)
        if cached is None:
            try:
                spec, held_as = ees_period(identifier, time_period)
                cached = (self.collector.period_index(spec), spec, held_as)
            except EesPeriodError as error:
                cached = error
            self.period_cache[key] = cached
        if isinstance(cached, EesPeriodError):
            period_column, identifier_column = self.period_columns
            column = period_column if cached.column == "period" else identifier_column
            self.report.error(number, column, str(cached))
            return None
        return cached

    def _value(
        self,
        number: int,
        cells: list[str],
        measure: _Measure,
        area_id: int | None,
        period: tuple[int, PeriodSpec, str] | None,
        errors_before: int,
    ) -> None:
        report, target = self.report, measure.target
        try:
            value, reason = parse_value(cells[measure.value])
        except ValueError as error:
            report.error(number, measure.value_column, str(error))
            value, reason = None, ""
        counts: list[float | None] = []
        for index, column in measure.counts:
            try:
                counts.append(None if index is None else _count(cells[index]))
            except ValueError as error:
                report.error(number, column, str(error))
                counts.append(None)
        numerator, denominator, lower, upper = counts
        (_, numerator_column), (_, denominator_column), (_, lower_column), _ = measure.counts
        if period is not None:
            held_as = period[2]
            if target.period_type is None:
                target.period_type = held_as
            elif held_as != target.period_type:
                report.error(
                    number,
                    self.period_columns[1],
                    f"“{cells[self.i_identifier].strip()}” gives a "
                    f"{periods.PERIOD_TYPES[held_as].split(' (')[0].lower()}, but the indicator "
                    f"“{target.name}” holds {_plural(target.period_type)}. One indicator's values "
                    "must all be for the same kind of period: map these rows to another "
                    "indicator.",
                )
        breakdown = self._breakdown(number, cells, measure)
        if lower is not None and upper is not None and lower > upper:
            report.error(
                number,
                lower_column,
                f"The lower limit ({lower:g}) is above the upper limit ({upper:g}). Check that "
                "the two columns are not swapped.",
            )
        if report.error_count != errors_before:
            return
        note = ""
        if denominator == 0 and value is None and not numerator:
            # DfE marks a figure missing (z) where there is nothing to divide by, e.g. a year in
            # which the Isles of Scilly started no plans. Counts of 0 out of 0 would only trip
            # interval calculations, so the note keeps what they said.
            numerator = denominator = None
            note = f"{denominator_column} is 0: there is nothing to work the figure out from."
        check_counts(
            report,
            number,
            value_type=target.value_type,
            numerator=numerator,
            denominator=denominator,
            numerator_column=numerator_column,
            denominator_column=denominator_column,
        )
        if report.error_count != errors_before:
            return
        assert area_id is not None and period is not None and breakdown is not None
        index = target.register(self.collector, number)
        fields = (value, reason, note, numerator, denominator, lower, upper, None, None)
        earlier = self.collector.add(number, index, area_id, period[0], breakdown, fields)
        if earlier is not None:
            within = f" ({breakdown})" if breakdown else ""
            report.error(
                number,
                "",
                f"This row repeats row {earlier}: both give “{target.name}”{within} for "
                f"{period[1].label} in {self.areas.names.get(area_id, 'the same area')}. If a "
                "column tells them apart, add it to the measure's filters or breakdowns in the "
                "column mapping; otherwise remove one row.",
            )

    def _breakdown(self, number: int, cells: list[str], measure: _Measure) -> str | None:
        parts = []
        for index, column in measure.breakdowns:
            cell = " ".join(cells[index].split())
            if not cell:
                self.report.error(
                    number,
                    column,
                    "The cell is empty. EES writes “Total” for all; give the group's name or "
                    "Total.",
                )
                return None
            if cell.casefold() != TOTAL:
                parts.append(f"{column}={cell}")
        breakdown = ", ".join(parts)
        if len(breakdown) > 100:
            self.report.error(
                number,
                measure.breakdowns[0][1],
                f"The breakdown “{breakdown}” is longer than 100 characters. Use fewer "
                "breakdown columns for this measure.",
            )
            return None
        return breakdown

    def _unmatched(self) -> None:
        """A measure whose filters match no row is almost always a misspelt filter value."""
        report = self.report
        if report.rows == 0:
            report.error(0, "", "The file has no rows of figures below its header.")
            return
        for measure in self.measures:
            if measure.matched:
                continue
            if not measure.filters:
                continue  # every row left out by the mapping's exclusions
            conditions = "; ".join(
                f"{column} “{' or '.join(sorted(allowed))}”"
                for _, column, allowed in measure.filters
            )
            seen = "; ".join(
                f"{column}: {_quoted(sorted(self.filter_values[index]))}"
                for index, column, _ in measure.filters
            )
            report.error(
                0,
                "",
                f"Column mapping: measure {measure.number} (“{measure.target.name}”) matches no "
                f"row: no row has {conditions}. The file has {seen}. Check the spelling of "
                "the filter's value.",
            )


def _plural(period_type: str) -> str:
    what = periods.PERIOD_TYPES[period_type].split(" (")[0].lower()
    return {"a single date": "single dates", "several years pooled": "pooled years"}.get(
        what, f"{what}s"
    )


# What a form needs to map a file --------------------------------------------------------------


@dataclass
class FileColumns:
    """A tidy file's columns sorted for someone mapping them: the frame (period and area),
    columns of text (candidate filters and breakdowns, with the values seen) and columns of
    figures (candidate values, numerators and denominators)."""

    header: list[str]
    signature: str
    frame: list[str]
    filters: dict[str, list[str]]
    figures: list[str]
    rows: int

    @property
    def rows_shown(self) -> str:
        return f"{self.rows:,}"


def describe_columns(path: Path, *, max_values: int = 50, max_rows: int = 200_000) -> FileColumns:
    """Read up to ``max_rows`` rows of ``path`` and sort its columns (see FileColumns). A column
    whose cells are all numbers or missing-value codes is a column of figures."""
    with open_text(path) as text:
        reader = csv.reader(text)
        header = [name.strip() for name in next(reader, [])]
        values: list[set[str]] = [set() for _ in header]
        numeric = [True] * len(header)
        rows = 0
        for cells in reader:
            if rows >= max_rows:
                break
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            for index, cell in enumerate(cells[: len(header)]):
                cell = cell.strip()
                if numeric[index] and cell:
                    try:
                        parse_value(cell)
                    except ValueError:
                        numeric[index] = False
                if len(values[index]) <= max_values:
                    values[index].add(cell)
    frame = [name for name in header if name.casefold() in FRAME_COLUMNS]
    rest = [
        (i, name) for i, name in enumerate(header) if name and name.casefold() not in FRAME_COLUMNS
    ]
    return FileColumns(
        header=header,
        signature=signature(header),
        frame=frame,
        filters={name: sorted(values[i])[:max_values] for i, name in rest if not numeric[i]},
        figures=[name for i, name in rest if numeric[i]],
        rows=rows,
    )
