"""Importing indicator values from published files.

``import_file`` works out the format from the header (or takes it as given), validates every
row, and only if there are no errors writes everything in one transaction. A dry run does the
same work and rolls it back, so its report is exactly what the import would do.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import ImportBatch, ImportStatus
from ..tasks import recompute_after_import
from . import ees, fingertips, lait, template
from .base import Collector, ImportFileError, ImportReport, RowError, write
from .source import SourceError, is_xlsx, open_text, read_header, sha256_of, unreadable_message

__all__ = [
    "FORMATS",
    "Format",
    "ImportFileError",
    "ImportOptions",
    "ImportReport",
    "RowError",
    "detect_format",
    "import_file",
    "problems_text",
    "summary_text",
]


@dataclass
class ImportOptions:
    """What a format may need beyond the file: each reader takes what applies to it."""

    # LAIT: the data dictionary describing measures the file does not describe itself.
    dictionary: Path | None = None
    # EES tidy files: the column mapping (``ColumnMapping.spec``) to apply; None means "the
    # mapping remembered for files of this shape".
    mapping: dict[str, Any] | None = None
    # Whose indicators and remembered mappings a file may use (None: the national catalogue).
    partnership: Any = None
    progress: Callable[[int], None] | None = None
    # Whether the file may write values of national indicators (or create or update them).
    # Those are shared by every partnership on the installation, so a web upload may only if
    # an administrator makes it; the command line is run by whoever runs the installation.
    national: bool = True


# A reader validates every row of the file at ``path`` into the collector; problems go to the
# collector's report. It must not write to the database.
Reader = Callable[[Path, Collector, ImportOptions], None]


@dataclass(frozen=True)
class Format:
    key: str
    name: str
    columns: str
    matches: Callable[[list[str]], bool]
    read: Reader
    # Whether the reader takes an XLSX workbook (its Values sheet) as well as CSV.
    reads_xlsx: bool = False


def _read_lait(path: Path, collector: Collector, options: ImportOptions) -> None:
    report = collector.report
    dictionary_path = options.dictionary or default_lait_dictionary()
    try:
        entries = lait.read_dictionary(dictionary_path) if dictionary_path.is_file() else None
    except (UnicodeDecodeError, OSError, csv.Error) as error:
        report.error(
            0, "", f"The LAIT data dictionary {dictionary_path.name}: {unreadable_message(error)}"
        )
        return
    try:
        with open_text(path) as text:
            lait.read(
                text,
                collector,
                dictionary=entries,
                dictionary_name=dictionary_path.name,
                progress=options.progress,
            )
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError, csv.Error) as error:
        report.error(0, "", unreadable_message(error))


def _read_text(module_read: Callable[..., None]) -> Reader:
    """A reader for a CSV format whose module reads an open text stream."""

    def read(path: Path, collector: Collector, options: ImportOptions) -> None:
        try:
            with open_text(path) as text:
                module_read(text, collector, options)
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError, csv.Error) as error:
            collector.report.error(0, "", unreadable_message(error))

    return read


# Only formats that are implemented are listed: the command line offers exactly these. The
# order matters for detection: the first format whose columns a header has is taken.
FORMATS = {
    "lait": Format(
        "lait",
        "DfE LAIT long format",
        "Short Desc, Years, LA and Regions, Values, LA Number, Region (and, for the key "
        "indicators, Topic, Measure, Polarity, y_axis_name, Year_Type, dps)",
        lait.matches,
        _read_lait,
    ),
    "fingertips": Format(
        "fingertips",
        "OHID Fingertips export",
        ", ".join(fingertips.REQUIRED) + " (and Count, Denominator, the 95% and 99.8% limits, "
        "Value note, Compared to England value or percentiles, Time period range)",
        fingertips.matches,
        _read_text(fingertips.read),
    ),
    "template": Format(
        "template",
        "The product's own template (CSV or XLSX)",
        ", ".join(template.COLUMN_NAMES),
        template.matches,
        template.read,
        reads_xlsx=True,
    ),
    "ees": Format(
        "ees",
        "DfE explore education statistics (tidy CSV)",
        ", ".join(ees.REQUIRED_COLUMNS) + " (and region_code, old_la_code, new_la_code, la_name), "
        "then filter and measure columns",
        ees.matches,
        ees.read,
    ),
}


def supported_formats() -> str:
    return "; ".join(f"{f.name} (--format {f.key}): columns {f.columns}" for f in FORMATS.values())


def detect_format(header: list[str]) -> str:
    """The format whose columns the header has. Raises ImportFileError naming the formats this
    product reads."""
    for key, fmt in FORMATS.items():
        if fmt.matches(header):
            return key
    shown = ", ".join(header[:8]) + (" ..." if len(header) > 8 else "")
    report = ImportReport(format="", source_name="")
    report.error(
        1,
        "",
        f"The file's columns ({shown}) are not a format this product can import. It reads "
        f"{supported_formats()}.",
    )
    raise ImportFileError(report)


def default_lait_dictionary() -> Path:
    return settings.DATA_DIR / "open" / "lait" / "lait_data_dictionary.csv"


def import_file(
    *,
    path: Path,
    format: str | None = None,
    by: Any = None,
    dry_run: bool = False,
    source_name: str | None = None,
    dictionary: Path | None = None,
    progress: Callable[[int], None] | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import the values in ``path`` (CSV, optionally gzip-compressed, or for a format that
    reads them an XLSX workbook's Values sheet). Raises ImportFileError
    with the report, having written nothing, when any row has a problem.

    Every import that is not a dry run leaves an ``ImportBatch`` recording who imported which
    file (by its SHA-256) and what happened; each value points at the batch that brought it.
    """
    name = source_name or path.name
    options = options or ImportOptions()
    if dictionary is not None:
        options.dictionary = dictionary
    if progress is not None:
        options.progress = progress
    try:
        header = read_header(path)
    except SourceError as error:
        report = ImportReport(format=format or "", source_name=name, dry_run=dry_run)
        report.error(0, "", str(error))
        raise ImportFileError(report) from None
    if format is None:
        try:
            format = detect_format(header)
        except ImportFileError as error:
            error.report.source_name, error.report.dry_run = name, dry_run
            raise
    elif format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    report = ImportReport(format=format, source_name=name, dry_run=dry_run)
    if is_xlsx(path) and not FORMATS[format].reads_xlsx:
        report.error(
            0,
            "",
            f"The file is an Excel workbook, and {FORMATS[format].name} files are read as CSV. "
            "Save the sheet as “CSV UTF-8 (comma delimited)” and import that.",
        )
        raise ImportFileError(report)
    report.sha256 = sha256_of(path)

    batch = None
    if not dry_run:
        # Saved before the work starts (and outside its transaction) so a failed or rejected
        # import is on record too.
        batch = ImportBatch.objects.create(
            format=format,
            source_name=name,
            sha256=report.sha256,
            by=_user(by),
            started=timezone.now(),
        )
        report.batch_id = batch.pk
    try:
        collector = Collector(report)
        FORMATS[format].read(path, collector, options)
        if report.ok and not options.national:
            _refuse_national(collector)
        if not report.ok:
            _finish(batch, report, ImportStatus.REJECTED)
            raise ImportFileError(report)
        with transaction.atomic():
            if batch is None:
                # A dry run still needs a batch for the values it writes and then rolls back.
                batch = ImportBatch.objects.create(
                    format=format,
                    source_name=name,
                    sha256=report.sha256,
                    by=_user(by),
                    started=timezone.now(),
                    dry_run=True,
                )
            write(collector, batch=batch, by=by)
            if dry_run:
                transaction.set_rollback(True)
            else:
                _finish(batch, report, ImportStatus.COMPLETED)
                # The assessments follow in the background, once the values are committed.
                recompute_after_import(batch=batch, collector=collector)
    except ImportFileError:
        raise
    except BaseException:
        if not dry_run:
            _finish(batch, report, ImportStatus.FAILED)
        raise
    return report


def _refuse_national(collector: Collector) -> None:
    national = []
    for key in collector.indicator_keys:
        ref = collector.indicators[key]
        if ref.existing is not None:
            if ref.existing.partnership_id is None:
                national.append(ref.existing.name)
        elif ref.spec is not None and ref.spec.partnership is None:
            national.append(ref.spec.name)
    if national:
        shown = "; ".join(f"“{name}”" for name in national[:5])
        more = f" and {len(national) - 5:,} more" if len(national) > 5 else ""
        collector.report.error(
            0,
            "",
            f"This file holds values of national indicators ({shown}{more}). They are shared by "
            "every partnership here, so only an administrator can import them. Ask an "
            "administrator to import the file, or put your figures against your partnership's "
            "own indicators.",
        )


def _finish(batch: ImportBatch | None, report: ImportReport, status: str) -> None:
    if batch is None or batch.dry_run:
        return
    batch.status = status
    batch.finished = timezone.now()
    batch.counts = report.counts()
    batch.save(update_fields=["status", "finished", "counts"])


def _user(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# Text for the command line -----------------------------------------------------------------

SHOWN = 50


def problems_text(report: ImportReport) -> str:
    count = report.error_count
    rejected = report.rejected
    rows = f" in {rejected:,} row{'s' if rejected != 1 else ''}" if rejected else ""
    lines = [
        f"{report.source_name or 'The file'} has {count:,} problem{'s' if count != 1 else ''}"
        f"{rows}; nothing was imported."
    ]
    lines += [f"  {problem}" for problem in report.errors[:SHOWN]]
    if count > SHOWN:
        lines.append(f"  ... and {count - SHOWN:,} more.")
    return "\n".join(lines)


def summary_text(report: ImportReport) -> str:
    name = FORMATS[report.format].name if report.format in FORMATS else report.format
    verb = "Checked" if report.dry_run else "Imported"
    lines = [f"{verb} {report.source_name} ({name}): {report.rows:,} rows."]
    if report.dry_run:
        lines.append("Dry run: nothing was written. Without --dry-run the import would change:")
    lines.append(
        f"  Values: {report.new:,} new, {report.changed:,} changed, "
        f"{report.unchanged:,} unchanged, {report.skipped:,} left out."
    )
    lines.append(
        f"  Indicators: {report.indicators_new:,} new, {report.indicators_changed:,} changed, "
        f"{report.indicators_unchanged:,} unchanged. Periods: {report.periods_new:,} new."
    )
    if report.warning_count:
        lines.append(f"{report.warning_count:,} rows were left out:")
        lines += [f"  {warning}" for warning in report.warnings[:10]]
        if report.warning_count > 10:
            lines.append(f"  ... and {report.warning_count - 10:,} more.")
    if not (report.new or report.changed or report.indicators_new or report.indicators_changed):
        lines.append("Nothing changed: everything in the file was already imported.")
    return "\n".join(lines)
