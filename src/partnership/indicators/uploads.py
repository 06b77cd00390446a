"""Importing a file through the web: upload, check in the background, preview, confirm.

An upload becomes an ``ImportJob``. A background task checks the file with a dry run (the real
import, rolled back), so the preview shows exactly what confirming will do: how many values are
new, changed, unchanged or rejected, a sample of each change, and every problem by row and
column. Confirming runs the import itself in a second background task. Both tasks write their
progress to the job as they read, so the job's page can show a progress bar.

A DfE tidy (EES) file whose columns no remembered mapping covers waits for the officer to map its
columns; once mapped, the mapping is remembered for the next file of the same shape.
"""

from __future__ import annotations

import gzip
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_tasks import task

from partnership.web.models import Partnership

from .importers import (
    FORMATS,
    ImportFileError,
    ImportOptions,
    ImportReport,
    detect_format,
    import_file,
)
from .importers.source import GZIP_MAGIC, SourceError
from .models import ImportJob, ImportJobStatus, Indicator

# Problems and warnings kept on the job for its page; the counts are always complete.
PROBLEMS_SHOWN = 200
WARNINGS_SHOWN = 50
UNFINISHED = (ImportJobStatus.CHECKING, ImportJobStatus.IMPORTING)


def max_upload_bytes() -> int:
    return int(getattr(settings, "DATA_FILE_MAX_BYTES", 200_000_000))


# Services ------------------------------------------------------------------------------------


def import_job_create(
    *, partnership: Partnership, by: Any, upload: UploadedFile, format: str = ""
) -> ImportJob:
    """Keep the uploaded file and start checking it. Raises ValidationError (on "file") when the
    file is too large or empty; the format may be empty (worked out from the columns)."""
    if format and format not in FORMATS:
        raise ValidationError({"format": "Choose one of the formats listed"})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": "The file you chose is empty"})
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            {
                "file": f"The file is {size / 1e6:,.1f} MB; the largest accepted is "
                f"{limit / 1e6:,.0f} MB. Compress it with gzip, or split it"
            }
        )
    name = Path(upload.name or "upload.csv").name[:300]
    job = ImportJob(
        partnership=partnership,
        by=by if getattr(by, "is_authenticated", False) else None,
        source_name=name,
        format=format,
        status=ImportJobStatus.CHECKING,
    )
    job.file.save(name, upload, save=False)
    job.rows_total = _estimate_rows(job)
    job.save()
    _enqueue(check_import_job, job)
    return job


def import_job_confirm(*, job: ImportJob, by: Any) -> ImportJob:
    """Import a checked file for real. Only a file whose check found no problems can be."""
    if job.status != ImportJobStatus.CHECKED:
        raise ValidationError(
            f"This file cannot be imported now: it is “{job.get_status_display()}”."
        )
    job.status, job.rows_done = ImportJobStatus.IMPORTING, 0
    job.save(update_fields=["status", "rows_done", "updated"])
    _enqueue(run_import_job, job)
    return job


def import_job_cancel(*, job: ImportJob, by: Any) -> ImportJob:
    """Give up on a checked (or unmapped) file: nothing was or will be imported."""
    if job.status not in (ImportJobStatus.CHECKED, ImportJobStatus.NEEDS_MAPPING):
        raise ValidationError(
            f"This file cannot be cancelled now: it is “{job.get_status_display()}”."
        )
    job.status = ImportJobStatus.CANCELLED
    job.save(update_fields=["status", "updated"])
    job.file.delete(save=False)
    return job


def import_job_use_mapping(*, job: ImportJob, mapping: Any, by: Any) -> ImportJob:
    """Check the file again with a mapping that now covers it."""
    if job.status != ImportJobStatus.NEEDS_MAPPING:
        raise ValidationError("This file does not need its columns mapping.")
    if mapping.partnership_id not in (None, job.partnership_id):
        raise PermissionDenied
    job.mapping = mapping
    job.status, job.rows_done = ImportJobStatus.CHECKING, 0
    job.save(update_fields=["mapping", "status", "rows_done", "updated"])
    _enqueue(check_import_job, job)
    return job


def import_job_map(
    *, job: ImportJob, by: Any, header: list[str], spec: dict[str, Any]
) -> ImportJob:
    """Remember ``spec`` as the partnership's mapping for files shaped like this one, then check
    the file with it. Raises ValidationError listing every problem with the mapping."""
    from .mappings import mapping_save

    with transaction.atomic():
        mapping = mapping_save(
            partnership=job.partnership, name=spec["name"], header=header, spec=spec, by=by
        )
        return import_job_use_mapping(job=job, mapping=mapping, by=by)


def suggested_mapping_name(job: ImportJob) -> str:
    """A first name for a new mapping: the file's name without its extension or underscores."""
    stem = job.source_name.rsplit(".csv", 1)[0]
    return stem.replace("_", " ").strip()[:200]


def mapping_indicator_choices(partnership: Partnership) -> list[tuple[str, str]]:
    """The indicators a mapping may put values against: the partnership's own first, since an
    officer's upload may not write national indicators (``ImportOptions.national``)."""
    found = Indicator.objects.available_to(partnership).order_by("partnership", "name")
    own = [i for i in found if i.partnership_id == partnership.pk]
    national = [i for i in found if i.partnership_id is None]
    return [(i.code, f"{i.name} ({i.code})") for i in own + national]


def job_columns(job: ImportJob) -> Any:
    """The job's file's columns sorted for the mapping form (``ees.describe_columns``)."""
    from .importers.ees import describe_columns

    with _local_copy(job) as path:
        return describe_columns(path)


def _enqueue(task_: Any, job: ImportJob) -> None:
    # After commit: a worker must find the job saved. With the immediate backend (tests) the task
    # runs at once, after the caller's transaction.
    transaction.on_commit(lambda: task_.enqueue(job.pk))


# The background work -------------------------------------------------------------------------


@task()
def check_import_job(job_id: int) -> str:
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJobStatus.CHECKING:
        return job.status
    _run(job, dry_run=True)
    return job.status


@task()
def run_import_job(job_id: int) -> str:
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJobStatus.IMPORTING:
        return job.status
    _run(job, dry_run=False)
    if job.status == ImportJobStatus.COMPLETED:
        job.file.delete(save=False)
    return job.status


def _run(job: ImportJob, *, dry_run: bool) -> None:
    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=rows)

    options = ImportOptions(
        partnership=job.partnership,
        mapping=job.mapping.spec if job.mapping else None,
        progress=progress,
        national=bool(job.by and job.by.is_superuser),
    )
    try:
        with _local_copy(job) as path:
            if dry_run and _needs_mapping(job, path):
                job.status = ImportJobStatus.NEEDS_MAPPING
                job.save(update_fields=["status", "report", "format", "updated"])
                return
            report = import_file(
                path=path,
                format=job.format or None,
                by=job.by,
                dry_run=dry_run,
                source_name=job.source_name,
                options=options,
            )
    except ImportFileError as error:
        job.report = report_json(error.report)
        job.status = ImportJobStatus.REJECTED
        job.format = job.format or error.report.format
        job.save(update_fields=["report", "status", "format", "updated"])
        return
    except Exception as error:
        job.report = {"failure": f"The import stopped with an error: {error}"}
        job.status = ImportJobStatus.FAILED
        job.save(update_fields=["report", "status", "updated"])
        raise
    job.report = report_json(report)
    job.format = report.format
    job.rows_done = report.rows
    if dry_run:
        job.status = ImportJobStatus.CHECKED
    else:
        job.status = ImportJobStatus.COMPLETED
        job.batch_id = report.batch_id
    job.save(update_fields=["report", "format", "rows_done", "status", "batch", "updated"])


def _needs_mapping(job: ImportJob, path: Path) -> bool:
    """An EES file with no mapping given and none remembered for its shape: ask for one."""
    from .importers.source import read_header

    if job.mapping is not None:
        return False
    try:
        header = read_header(path)
    except SourceError:
        return False  # the import reports why the file cannot be read
    try:
        format = job.format or detect_format(header)
    except ImportFileError:
        return False  # the import says which formats it reads
    if format != "ees":
        return False
    from .mappings import mapping_for

    if mapping_for(header, job.partnership) is not None:
        return False
    job.format = "ees"
    job.report = {"columns": header}
    return True


@contextmanager
def _local_copy(job: ImportJob) -> Iterator[Path]:
    """The job's file as a path on this machine, whatever storage keeps it."""
    suffix = Path(job.file.name).suffix
    with tempfile.TemporaryDirectory(prefix="partnership-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with job.file.open("rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        yield path


def _estimate_rows(job: ImportJob) -> int:
    """The number of data rows, for the progress bar: lines of a CSV (also gzip-compressed), or
    the rows of an XLSX workbook's first sheet as the workbook states them."""
    try:
        with job.file.open("rb") as handle:
            head = handle.read(4)
            handle.seek(0)
            if head.startswith(b"PK"):
                return _xlsx_rows(io.BytesIO(handle.read()))
            raw: Any = gzip.GzipFile(fileobj=handle) if head[:2] == GZIP_MAGIC else handle
            lines = sum(block.count(b"\n") for block in iter(lambda: raw.read(1 << 20), b""))
            return max(lines - 1, 0)
    except (OSError, EOFError, zipfile.BadZipFile, ValueError):
        return 0  # the check reports what is wrong with the file


def _xlsx_rows(data: io.BytesIO) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(data, read_only=True)
    try:
        sheet = workbook["Values"] if "Values" in workbook.sheetnames else workbook.worksheets[0]
        return max((sheet.max_row or 1) - 1, 0)
    finally:
        workbook.close()


# What the page shows -------------------------------------------------------------------------


def report_json(report: ImportReport) -> dict[str, Any]:
    """What a job keeps of a report: every count, the first problems, a sample of changes."""
    return {
        "format": report.format,
        "counts": report.counts(),
        "errors": [[e.row, e.column, e.message] for e in report.errors[:PROBLEMS_SHOWN]],
        "warnings": [[w.row, w.column, w.message] for w in report.warnings[:WARNINGS_SHOWN]],
        "samples": [list(sample) for sample in report.samples],
        "batch": report.batch_id,
    }
