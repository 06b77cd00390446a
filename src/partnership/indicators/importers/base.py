"""What every importer shares: the report, row errors in plain English, the collector that
validates rows into memory, and the writer that applies them in one transaction.

An importer reads the whole file first and reports every problem by row and column. Only a file
with no errors is written, all at once: new values inserted in bulk, changed values superseding
the old ones (which stay, as history), unchanged values left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery

from partnership.bulk import insert_rows
from partnership.web.services import record_save

from ..models import MISSING_CODES, ImportBatch, Indicator, Period, Polarity, RatingRule, Value
from ..periods import PeriodSpec

# Errors kept for the report; all are counted. A file with thousands of bad rows usually has one
# mistake repeated, and the first few hundred show it.
MAX_ERRORS_KEPT = 1000
# Rows between two progress reports: often enough for a progress bar to move on a mid-sized
# file, rarely enough that reporting (one UPDATE of the job) costs nothing.
PROGRESS_EVERY = 10_000
# Values kept as examples of each kind of change (new, changed) for a preview.
SAMPLES_KEPT = 50
MISSING_HINT = f"Use a number, or one of the missing-value codes {', '.join(MISSING_CODES)}."
MISSING = {code.lower(): code for code in MISSING_CODES}

# The value fields an importer supplies, in this order, after the row number.
VALUE_FIELDS = [
    "value",
    "missing_reason",
    "note",
    "numerator",
    "denominator",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
]
NO_COUNTS = (None, None, None, None, None, None)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class ImportFileError(Exception):
    """The file cannot be imported; ``report`` lists every reason. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__("\n".join(str(e) for e in report.errors[:50]))


@dataclass(frozen=True)
class RowError:
    """A problem with one row (row 1 is the header, as in a spreadsheet) and, where it is one
    cell's fault, its column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a file with errors, would have done)."""

    format: str
    source_name: str
    dry_run: bool = False
    sha256: str = ""
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    indicators_new: int = 0
    indicators_changed: int = 0
    indicators_unchanged: int = 0
    periods_new: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[RowError] = field(default_factory=list)
    warning_count: int = 0
    batch_id: int | None = None
    # A few of the values the import adds or changes, for a preview to show: (kind, indicator
    # name, area id, period label, breakdown, old value or missing code, new value or code).
    samples: list[tuple[Any, ...]] = field(default_factory=list)
    _error_rows: set[int] = field(default_factory=set, repr=False)

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, column, message))
        if row and row not in self._error_rows:
            self._error_rows.add(row)
            self.rejected += 1

    def warn(self, row: int, column: str, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_ERRORS_KEPT:
            self.warnings.append(RowError(row, column, message))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "indicators_new": self.indicators_new,
            "indicators_changed": self.indicators_changed,
            "indicators_unchanged": self.indicators_unchanged,
            "periods_new": self.periods_new,
        }


def parse_value(text: str) -> tuple[float | None, str]:
    """A cell's number, or its missing-value code. Raises ValueError with the plain-English
    message (E-notation such as 7.0000000000000007E-2 is a number)."""
    cell = text.strip()
    code = MISSING.get(cell.lower())
    if code is not None:
        return None, code
    if not cell:
        raise ValueError(f"The value is empty. {MISSING_HINT}")
    if _NUMBER.match(cell):
        number = float(cell)
        if math.isfinite(number):
            return number, ""
    if re.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", cell):
        raise ValueError(f"“{cell}” is not a number: remove the commas between thousands.")
    raise ValueError(f"“{cell}” is not a number. {MISSING_HINT}")


# The interval method a new indicator gets for its value type: what DESIGN.md's statistics rules
# prescribe. It only matters where values come with counts; officers may change it.
DEFAULT_INTERVALS = {
    "percentage": "wilson",
    "proportion": "wilson",
    "rate": "byar",
    "dsr": "dobson",
    "mean": "t",
}

# Value types whose numerator is a part of its denominator, so it can never be the larger.
PROPORTION_TYPES = frozenset({"percentage", "proportion"})


def check_counts(
    report: ImportReport,
    row: int,
    *,
    value_type: str,
    numerator: float | None,
    denominator: float | None,
    numerator_column: str,
    denominator_column: str,
) -> bool:
    """Report what is impossible about a row's count and denominator; True when they are fine.

    Every importer calls this, so the same mistake gets the same message whatever the format."""
    ok = True
    for number, column in ((numerator, numerator_column), (denominator, denominator_column)):
        if number is not None and number < 0:
            report.error(row, column, f"“{number:g}” is negative; a count cannot be below zero.")
            ok = False
    if denominator is not None and denominator == 0:
        report.error(
            row,
            denominator_column,
            "The denominator is 0: nothing can be worked out from it. Leave it empty if it is "
            "not known.",
        )
        ok = False
    if (
        ok
        and value_type in PROPORTION_TYPES
        and numerator is not None
        and denominator is not None
        and numerator > denominator
    ):
        report.error(
            row,
            numerator_column,
            f"The count ({numerator:g}) is larger than the denominator ({denominator:g}), which "
            "cannot be for a proportion. Check that the two columns are not swapped.",
        )
        ok = False
    return ok


@dataclass
class IndicatorSpec:
    """A catalogue entry as a file describes it. ``None`` means "the file does not say": the
    stored value is kept (or the default used for a new indicator). A new indicator goes into
    the national catalogue unless ``partnership`` is given."""

    row: int
    name: str
    period_type: str
    lait_code: str = ""
    fingertips_id: int | None = None
    partnership: Any = None
    unit: str | None = None
    polarity: str | None = None
    decimal_places: int | None = None
    quartiles_meaningful: bool | None = None
    description: str | None = None
    methodology: str | None = None
    owner: str | None = None
    source: str | None = None
    # Only for a new indicator: officers may refine these, and an import must not undo that.
    value_type: str = "other"
    multiplier: int = 1
    code: str = ""
    # Empty: the usual method for the value type (DEFAULT_INTERVALS).
    interval_method: str = ""
    # Empty: compared with England where a polarity says which way is better, else not rated.
    rating_rule: str = ""

    UPDATABLE = (
        "name",
        "period_type",
        "unit",
        "polarity",
        "decimal_places",
        "quartiles_meaningful",
        "description",
        "methodology",
        "owner",
        "source",
    )

    def updates(self) -> dict[str, Any]:
        return {
            name: getattr(self, name) for name in self.UPDATABLE if getattr(self, name) is not None
        }


@dataclass
class IndicatorRef:
    """An indicator a file's rows refer to: one already in the catalogue (``existing``), one the
    file defines or updates (``spec``), or both."""

    period_type: str
    existing: Indicator | None = None
    spec: IndicatorSpec | None = None


class Collector:
    """Validated rows, held compactly until the whole file has been checked.

    Values are grouped by indicator and keyed by (area id, period index, breakdown); each holds
    the row number first (for duplicate messages) and then ``VALUE_FIELDS``. About 300 bytes a
    row: the 641,000-row LAIT file needs some 200 MB.
    """

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.indicators: dict[str, IndicatorRef] = {}
        self.indicator_keys: list[str] = []
        self._indicator_index: dict[str, int] = {}
        self.periods: list[PeriodSpec] = []
        self._period_index: dict[tuple[str, str], int] = {}
        self.values: dict[int, dict[tuple[int, int, str], tuple[Any, ...]]] = {}

    def indicator_index(self, key: str, ref: IndicatorRef) -> int:
        index = self._indicator_index.get(key)
        if index is None:
            index = self._indicator_index[key] = len(self.indicator_keys)
            self.indicator_keys.append(key)
            self.indicators[key] = ref
            self.values[index] = {}
        return index

    def period_index(self, spec: PeriodSpec) -> int:
        index = self._period_index.get(spec.key)
        if index is None:
            index = self._period_index[spec.key] = len(self.periods)
            self.periods.append(spec)
        return index

    def add(
        self, row: int, indicator: int, area_id: int, period: int, breakdown: str, fields: tuple
    ) -> int | None:
        """Keep a validated row; returns the earlier row number if the key is already taken."""
        bucket = self.values[indicator]
        key = (area_id, period, breakdown)
        earlier = bucket.get(key)
        if earlier is not None:
            return int(earlier[0])
        bucket[key] = (row, *fields)
        return None


# Writing -------------------------------------------------------------------------------------


def write(collector: Collector, *, batch: ImportBatch, by: Any) -> None:
    """Apply validated rows (call inside a transaction): the catalogue entries, the periods, then
    the values indicator by indicator, counting into ``collector.report``."""
    report = collector.report
    indicator_ids = [
        _save_indicator(collector.indicators[key], report, by) for key in collector.indicator_keys
    ]
    period_ids = _save_periods(collector.periods, report)
    writer = _ValueWriter(batch, report)
    writer.period_labels = [spec.label for spec in collector.periods]
    for index, incoming in collector.values.items():
        if incoming:
            ref = collector.indicators[collector.indicator_keys[index]]
            writer.indicator_name = ref.spec.name if ref.spec else str(ref.existing)
            writer.compare(indicator_ids[index], incoming, period_ids)
        # Free each indicator's rows once compared: peak memory is the file, not file + copies.
        collector.values[index] = {}
    writer.flush()


def _save_indicator(ref: IndicatorRef, report: ImportReport, by: Any) -> int:
    spec = ref.spec
    if spec is None:
        assert ref.existing is not None
        return ref.existing.pk
    indicator = ref.existing
    if indicator is None:
        polar = spec.polarity in (Polarity.HIGH, Polarity.LOW)
        indicator = Indicator(
            interval_method=spec.interval_method or DEFAULT_INTERVALS.get(spec.value_type, "none"),
            # Rated against England where "better" means something; otherwise not rated.
            rating_rule=spec.rating_rule or (RatingRule.ENGLAND if polar else RatingRule.NONE),
            partnership=spec.partnership,
            code=spec.code,
            lait_code=spec.lait_code,
            fingertips_id=spec.fingertips_id,
            value_type=spec.value_type,
            multiplier=spec.multiplier,
            **spec.updates(),
        )
        record_save(indicator, by=by)
        report.indicators_new += 1
        return indicator.pk
    updates = {k: v for k, v in spec.updates().items() if getattr(indicator, k) != v}
    if updates:
        for name, value in updates.items():
            setattr(indicator, name, value)
        record_save(indicator, by=by)
        report.indicators_changed += 1
    else:
        report.indicators_unchanged += 1
    return indicator.pk


def _save_periods(specs: list[PeriodSpec], report: ImportReport) -> list[int]:
    wanted = {spec.key for spec in specs}
    types = {spec.period_type for spec in specs}
    stored = {
        (p.period_type, p.label): p.pk
        for p in Period.objects.filter(period_type__in=types)
        if (p.period_type, p.label) in wanted
    }
    ids = []
    for spec in specs:
        pk = stored.get(spec.key)
        if pk is None:
            period = Period(
                period_type=spec.period_type,
                label=spec.label,
                start_date=spec.start,
                end_date=spec.end,
            )
            period.full_clean()
            period.save()
            pk = stored[spec.key] = period.pk
            report.periods_new += 1
        ids.append(pk)
    return ids


INSERT_FIELDS = [
    "indicator",
    "area",
    "period",
    "breakdown",
    *VALUE_FIELDS,
    "batch",
    "is_current",
    "superseded_by",
]
CHUNK = 500  # ids per UPDATE ... WHERE id IN (...): well inside SQLite's parameter limit
BUFFER = 50_000  # rows inserted at a time: few round trips, bounded memory


class _ValueWriter:
    """Compares incoming values with those in force and writes the differences: new and
    replacement rows are buffered and inserted together, superseded rows updated in chunks."""

    def __init__(self, batch: ImportBatch, report: ImportReport) -> None:
        self.batch_id, self.report = batch.pk, report
        self.inserts: list[tuple[Any, ...]] = []
        self.superseded: list[int] = []
        # Names for the preview's samples, taken from the file: a dry run's new indicators and
        # periods are rolled back, so their ids would name nothing afterwards.
        self.indicator_name = ""
        self.period_labels: list[str] = []

    def compare(
        self,
        indicator_id: int,
        incoming: dict[tuple[int, int, str], tuple[Any, ...]],
        period_ids: list[int],
    ) -> None:
        report = self.report
        # One query per indicator for the values in force: a few thousand rows at most.
        existing: dict[tuple[int, int, str], tuple[int, tuple[Any, ...]]] = {}
        rows = Value.objects.filter(indicator_id=indicator_id, is_current=True).values_list(
            "pk", "area_id", "period_id", "breakdown", *VALUE_FIELDS
        )
        for pk, area_id, period_id, breakdown, *fields in rows:
            existing[(area_id, period_id, breakdown)] = (pk, tuple(fields))
        superseded = []
        for (area_id, period_index, breakdown), (_row, *fields) in incoming.items():
            period_id = period_ids[period_index]
            old = existing.get((area_id, period_id, breakdown))
            values = tuple(fields)
            if old is not None and old[1] == values:
                report.unchanged += 1
                continue
            if old is None:
                report.new += 1
                if report.new <= SAMPLES_KEPT:
                    report.samples.append(
                        (
                            "new",
                            self.indicator_name,
                            area_id,
                            self.period_labels[period_index],
                            breakdown,
                            None,
                            _shown(values),
                        )
                    )
            else:
                report.changed += 1
                superseded.append(old[0])
                if report.changed <= SAMPLES_KEPT:
                    report.samples.append(
                        (
                            "changed",
                            self.indicator_name,
                            area_id,
                            self.period_labels[period_index],
                            breakdown,
                            _shown(old[1]),
                            _shown(values),
                        )
                    )
            self.inserts.append(
                (indicator_id, area_id, period_id, breakdown, *values, self.batch_id, True, None)
            )
        # The partial unique index allows one current row per key, so the old rows stop being
        # current before their replacements go in (and point at them once they are in).
        for chunk in _chunks(superseded):
            Value.objects.filter(pk__in=chunk).update(is_current=False)
        self.superseded += superseded
        if len(self.inserts) >= BUFFER:
            self.flush()

    def flush(self) -> None:
        insert_rows(Value, INSERT_FIELDS, self.inserts)
        self.inserts = []
        replacement = Value.objects.filter(
            indicator_id=OuterRef("indicator_id"),
            area_id=OuterRef("area_id"),
            period_id=OuterRef("period_id"),
            breakdown=OuterRef("breakdown"),
            is_current=True,
        ).values("pk")[:1]
        for chunk in _chunks(self.superseded):
            Value.objects.filter(pk__in=chunk).update(superseded_by=Subquery(replacement))
        self.superseded = []


def _shown(fields: tuple[Any, ...]) -> float | str | None:
    """A value as a preview shows it: the number, or its missing-value code."""
    value, reason = fields[0], fields[1]
    return value if value is not None else reason


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
