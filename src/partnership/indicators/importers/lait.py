"""DfE's Local Authority Interactive Tool (LAIT) in its long format.

Columns: Short Desc, Years, LA and Regions, Values, LA Number, Region; one row per measure, year
and area. The key-indicators variant adds Topic, Measure, Polarity, y_axis_name, Year_Type and
dps, which describe the measure, so it also creates or updates the national catalogue entries.
The plain variant needs the LAIT data dictionary (``lait_data_dictionary.csv``) for measures the
catalogue does not hold yet. See docs/data.md.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from partnership.areas.selectors import dfe_code_map

from .. import periods
from ..models import Indicator, Polarity, RatingRule, ValueType
from ..periods import PeriodLabelError, parse_period
from .base import (
    NO_COUNTS,
    PROGRESS_EVERY,
    Collector,
    ImportReport,
    IndicatorRef,
    IndicatorSpec,
    parse_value,
)

COLUMNS = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"]
KEY_COLUMNS = ["Topic", "Measure", "Polarity", "y_axis_name", "Year_Type", "dps"]
SOURCE = "DfE Local Authority Interactive Tool (LAIT)"

# LAIT's year types. "Annual" measures (a count at 31 March, the January school census, the
# workforce at 30 September) are labelled with the calendar year the figure relates to.
YEAR_TYPES = {
    "financial year": periods.FINANCIAL_YEAR,
    "academic year": periods.ACADEMIC_YEAR,
    "calendar year": periods.CALENDAR_YEAR,
    "annual": periods.CALENDAR_YEAR,
    "annual - january": periods.CALENDAR_YEAR,
    "annual (end of sept)": periods.CALENDAR_YEAR,
}
YEAR_TYPE_NAMES = (
    "Financial Year, Academic Year, Calendar Year, Annual, Annual - January or Annual (end of Sept)"
)
# The dictionary writes NA, the key-indicators file "-" or nothing, for "no judgement".
POLARITIES = {
    "high": Polarity.HIGH,
    "low": Polarity.LOW,
    "-": Polarity.NONE,
    "": Polarity.NONE,
    "na": Polarity.NONE,
}
# LAIT marks some years' figures in brackets after the year: "2018 (Rev)", "2016-17 (OT)". The
# mark is about the figures, not the period, so it goes into the value's note.
QUALIFIERS = {"rev": "Revised", "final": "Final", "prov": "Provisional", "ot": "Outturn"}
QUALIFIED = re.compile(r"^(.*?)\s*\(\s*([A-Za-z]+)\s*\)$")
# Placeholder rows (Years "0" with no value) appear in LAIT's own extract.
PLACEHOLDER_YEARS = {"", "0"}


def matches(header: list[str]) -> bool:
    return all(column in header for column in COLUMNS if column != "Region")


def guess_value_type(unit: str) -> tuple[str, int]:
    """A starting value type and multiplier from LAIT's axis label, for a new indicator only."""
    text = unit.lower().replace(",", "")
    for per, multiplier in (("100000", 100000), ("10000", 10000), ("1000", 1000)):
        if f"per {per}" in text:
            return ValueType.RATE, multiplier
    if text.startswith("%") or "percent" in text:
        return ValueType.PERCENTAGE, 100
    if text.startswith("average"):
        return ValueType.MEAN, 1
    if "score" in text:
        return ValueType.SCORE, 1
    if text.startswith("number") or text in {"entries", "total cases"}:
        return ValueType.COUNT, 1
    return ValueType.OTHER, 1


# The data dictionary --------------------------------------------------------------------------


@dataclass(frozen=True)
class DictionaryEntry:
    row: int
    measure: str
    polarity: str
    unit: str
    year_type: str
    dps: str
    description: str
    methodology: str
    owner: str
    no_quartile: str
    last_update: float


def read_dictionary(path: Path) -> dict[str, DictionaryEntry]:
    """Measure_short to its entry. Where LAIT lists a measure twice (under two topics), the entry
    updated last wins."""
    entries: dict[str, DictionaryEntry] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            cell = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            try:
                updated = float(cell.get("Last Update", ""))
            except ValueError:
                updated = -1.0
            entry = DictionaryEntry(
                row=number,
                measure=cell.get("Measure", ""),
                polarity=cell.get("Polarity", ""),
                unit=cell.get("y_axis_name", ""),
                year_type=cell.get("Year_Type", ""),
                dps=cell.get("dps", ""),
                description=cell.get("Description", ""),
                methodology=_blank_dash(cell.get("Methodology", "")),
                owner=_blank_dash(cell.get("Data Owner (DO) /Supplier and Contact Details", "")),
                no_quartile=cell.get("No_Quartile", ""),
                last_update=updated,
            )
            short = cell.get("Measure_short", "")
            if short and (short not in entries or updated > entries[short].last_update):
                entries[short] = entry
    return entries


def _blank_dash(text: str) -> str:
    return "" if text in {"-", "0", "NA"} else " ".join(text.split())


# Reading the file -----------------------------------------------------------------------------


def _dps(text: str) -> int | None:
    """LAIT's decimal places: "2", "2.0", or empty / NA for "not stated"."""
    if text in {"", "NA", "-"}:
        return None
    number = float(text)  # ValueError for the caller to report
    if not number.is_integer() or not 0 <= number <= 6:
        raise ValueError(text)
    return int(number)


class _Measures:
    """Resolves each row's Short Desc to an indicator, once per measure."""

    def __init__(
        self,
        collector: Collector,
        report: ImportReport,
        key_variant: bool,
        dictionary: dict[str, DictionaryEntry] | None,
        dictionary_name: str,
    ) -> None:
        self.collector, self.report = collector, report
        self.key_variant, self.dictionary = key_variant, dictionary or {}
        self.dictionary_name = dictionary_name
        national = Indicator.objects.filter(partnership__isnull=True)
        self.catalogue = {i.lait_code: i for i in national if i.lait_code}
        self.codes_taken = {i.code for i in national}
        # Short Desc -> (indicator index, period type, the key columns as first seen, row), or
        # the row where the measure was found wanting.
        self.seen: dict[str, tuple[int, str, tuple[str, ...], int] | int] = {}

    def resolve(self, row: int, short: str, key_cells: tuple[str, ...]) -> tuple[int, str] | None:
        known = self.seen.get(short)
        if isinstance(known, int):
            self.report.error(row, "Short Desc", f"“{short}” cannot be imported: see row {known}.")
            return None
        if known is not None:
            index, period_type, first_cells, first_row = known
            if key_cells != first_cells:
                self._inconsistent(row, short, key_cells, first_cells, first_row)
            return index, period_type
        ref = self._reference(row, short, key_cells)
        if ref is None:
            self.seen[short] = row
            return None
        index = self.collector.indicator_index(short, ref)
        self.seen[short] = (index, ref.period_type, key_cells, row)
        return index, ref.period_type

    def _inconsistent(
        self, row: int, short: str, cells: tuple[str, ...], first: tuple[str, ...], first_row: int
    ) -> None:
        for column, now, then in zip(KEY_COLUMNS, cells, first, strict=True):
            if now != then:
                self.report.error(
                    row,
                    column,
                    f"“{now}” differs from “{then}” given for {short} on row {first_row}. "
                    "A measure's details must be the same on every row.",
                )
                return

    def _reference(self, row: int, short: str, cells: tuple[str, ...]) -> IndicatorRef | None:
        existing = self.catalogue.get(short)
        entry = self.dictionary.get(short)
        if self.key_variant:
            spec = self._spec_from_row(row, short, cells, entry)
        elif entry is not None:
            spec = self._spec_from_dictionary(row, short, entry)
        elif existing is not None:
            return IndicatorRef(period_type=existing.period_type, existing=existing)
        else:
            self.report.error(
                row,
                "Short Desc",
                f"“{short}” is not a LAIT measure in the data dictionary ({self.dictionary_name}) "
                "or the indicator catalogue. Check the spelling, or import the key-indicators "
                "file or a dictionary that describes it.",
            )
            return None
        if spec is None:
            return None
        if existing is None and not self._assign_code(row, spec):
            return None
        return IndicatorRef(period_type=spec.period_type, existing=existing, spec=spec)

    def _assign_code(self, row: int, spec: IndicatorSpec) -> bool:
        base = re.sub(r"[^a-z0-9]+", "-", _spell_symbols(spec.lait_code).lower()).strip("-")
        for code in (base, f"lait-{base}"):
            if code and code not in self.codes_taken:
                spec.code = code
                self.codes_taken.add(code)
                return True
        self.report.error(
            row,
            "Short Desc",
            f"The catalogue already has an indicator with the code “{base}”; rename it before "
            f"importing {spec.lait_code}.",
        )
        return False

    def _spec_from_row(
        self, row: int, short: str, cells: tuple[str, ...], entry: DictionaryEntry | None
    ) -> IndicatorSpec | None:
        _topic, measure, polarity, unit, year_type, dps = cells
        spec = self._spec(row, short, measure, polarity, unit, year_type, dps, where="")
        if spec is not None and entry is not None:
            # The file says what it has columns for; the dictionary adds the rest.
            spec.description, spec.methodology = entry.description, entry.methodology
            spec.owner, spec.quartiles_meaningful = entry.owner, entry.no_quartile != "N"
        return _rated_by_quartile(spec)

    def _spec_from_dictionary(
        self, row: int, short: str, entry: DictionaryEntry
    ) -> IndicatorSpec | None:
        where = f"The data dictionary's entry for {short} (row {entry.row}) has "
        spec = self._spec(
            row,
            short,
            entry.measure,
            entry.polarity,
            entry.unit,
            entry.year_type,
            entry.dps,
            where=where,
        )
        if spec is not None:
            spec.description, spec.methodology = entry.description, entry.methodology
            spec.owner, spec.quartiles_meaningful = entry.owner, entry.no_quartile != "N"
        return _rated_by_quartile(spec)

    def _spec(
        self,
        row: int,
        short: str,
        measure: str,
        polarity: str,
        unit: str,
        year_type: str,
        dps: str,
        *,
        where: str,
    ) -> IndicatorSpec | None:
        problems = 0

        def problem(column: str, cell: str, what: str, hint: str) -> None:
            # The row's own cell, or (for a plain file) the dictionary entry describing it.
            nonlocal problems
            problems += 1
            if where:
                found = f"{column} “{cell}”, which is not {what}" if cell else f"no {column}"
                self.report.error(row, "Short Desc", f"{where}{found}. {hint}")
            else:
                found = f"“{cell}” is not {what}" if cell else "The cell is empty"
                self.report.error(row, column, f"{found}. {hint}")

        period_type = YEAR_TYPES.get(year_type.lower(), "")
        if not period_type:
            problem("Year_Type", year_type, "a LAIT year type", f"Use {YEAR_TYPE_NAMES}.")
        polarity_value = POLARITIES.get(polarity.lower(), "")
        if not polarity_value:
            problem("Polarity", polarity, "a polarity", "Use High, Low or -.")
        places = None
        try:
            places = _dps(dps)
        except ValueError:
            hint = "Use a whole number from 0 to 6, or leave it empty."
            problem("dps", dps, "a number of decimal places", hint)
        if not measure or len(measure) > 300:
            hint = "Give the measure's name, in at most 300 characters."
            problem("Measure", measure, "a measure's name", hint)
        if len(unit) > 60:
            problem("y_axis_name", unit, "a unit", "Shorten it to at most 60 characters.")
        if problems:
            return None
        value_type, multiplier = guess_value_type(unit)
        return IndicatorSpec(
            lait_code=short,
            row=row,
            name=measure,
            period_type=period_type,
            unit=unit,
            polarity=polarity_value,
            decimal_places=places,
            source=SOURCE,
            value_type=value_type,
            multiplier=multiplier,
        )


def _rated_by_quartile(spec: IndicatorSpec | None) -> IndicatorSpec | None:
    """LAIT publishes values without counts or limits, so no comparison can be tested; LAIT
    itself judges a measure by its quartile band among local authorities. A new LAIT indicator
    with a polarity and meaningful quartiles is rated that way (officers may change it)."""
    if (
        spec is not None
        and spec.polarity in (Polarity.HIGH, Polarity.LOW)
        and spec.quartiles_meaningful is not False
    ):
        spec.rating_rule = RatingRule.QUARTILE
    return spec


def _spell_symbols(text: str) -> str:
    for symbol, word in (("%", " pct "), ("&", " and "), ("<", " under "), (">", " over ")):
        text = text.replace(symbol, word)
    return text


def read(
    text: TextIO,
    collector: Collector,
    *,
    dictionary: dict[str, DictionaryEntry] | None,
    dictionary_name: str,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Validate every row of a LAIT file into ``collector``; problems go to its report."""
    report = collector.report
    reader = csv.reader(text)
    header = [name.strip() for name in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header and column != "Region"]
    if missing:
        report.error(
            1,
            "",
            f"The file has no column {', '.join('“' + m + '”' for m in missing)}. A LAIT file "
            f"has the columns {', '.join(COLUMNS)}.",
        )
        return
    at = {name: header.index(name) for name in header if name}
    key_variant = all(column in at for column in KEY_COLUMNS)
    if not key_variant and dictionary is None:
        report.error(
            0,
            "",
            "This LAIT file has no Measure, Polarity or Year_Type columns, so the LAIT data "
            "dictionary is needed to describe its measures, and it was not found.",
        )
        return
    measures = _Measures(collector, report, key_variant, dictionary, dictionary_name)
    areas = dfe_code_map()
    i_short, i_years, i_value, i_la = (
        at[c] for c in ("Short Desc", "Years", "Values", "LA Number")
    )
    i_key = [at[c] for c in KEY_COLUMNS] if key_variant else []
    width = len(header)
    area_cache: dict[str, int | None] = {}
    period_cache: dict[tuple[str, str], tuple[int, str] | str] = {}

    for number, cells in enumerate(reader, start=2):
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
        if len(cells) < width:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, often at the end of a file
            report.rows += 1
            report.error(
                number,
                "",
                f"The row has {len(cells)} cells but the header has {width}. Check for a "
                "missing or extra comma, or text with a comma that is not in quotes.",
            )
            continue
        report.rows += 1
        short = cells[i_short].strip()
        years = cells[i_years].strip()
        raw_value = cells[i_value]
        errors_before = report.error_count

        if not short:
            report.error(number, "Short Desc", "The measure is empty. Give its LAIT short name.")
            measure = None
        else:
            key_cells = tuple(cells[i].strip() for i in i_key)
            measure = measures.resolve(number, short, key_cells)

        try:
            value, reason = parse_value(raw_value)
        except ValueError as error:
            report.error(number, "Values", str(error))
            value, reason = None, ""

        if years in PLACEHOLDER_YEARS and reason and report.error_count == errors_before:
            report.skipped += 1
            report.warn(
                number,
                "Years",
                f"“{years}” is not a year and the value is missing (“{reason}”), so the row "
                "is left out.",
            )
            continue

        la = cells[i_la].strip()
        area_id = area_cache.get(la, -1)
        if area_id == -1:
            code = la[:-2] if la.endswith(".0") else la
            area_id = area_cache[la] = areas.get(code) if code.isdigit() else None
        if area_id is None:
            report.error(
                number,
                "LA Number",
                f"No area has the LA Number “{la}”. Use a DfE 3-digit local authority number "
                "(358 for Trafford), 970 for England, or 980 to 990 for a region or Inner or "
                "Outer London.",
            )

        period = None
        note = ""
        if measure is not None:
            cached = period_cache.get((measure[1], years))
            if cached is None:
                cached = period_cache[(measure[1], years)] = _period(collector, years, measure[1])
            if isinstance(cached, str):
                report.error(number, "Years", cached)
            else:
                period, note = cached

        if report.error_count != errors_before:
            continue
        assert measure is not None and area_id is not None and period is not None
        earlier = collector.add(
            number, measure[0], area_id, period, "", (value, reason, note, *NO_COUNTS)
        )
        if earlier is not None:
            report.error(
                number,
                "",
                f"This row repeats row {earlier}: both give {short} for {years} and LA Number "
                f"{la}. Keep one of them.",
            )


def _period(collector: Collector, years: str, period_type: str) -> tuple[int, str] | str:
    """The period index and note for a Years cell, or the error message."""
    label, note = years, ""
    qualified = QUALIFIED.match(years)
    if qualified and qualified.group(2).lower() in QUALIFIERS:
        label, note = qualified.group(1), QUALIFIERS[qualified.group(2).lower()]
    try:
        spec = parse_period(label, period_type)
    except PeriodLabelError as error:
        return str(error)
    return collector.period_index(spec), note
