"""What the data-import pages show: a job's progress, its preview and its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnership.areas.models import Area

from .importers import FORMATS, RowError
from .models import ImportJob, ImportJobStatus
from .presenters import format_number
from .uploads import UNFINISHED

# GOV.UK tag colours per status: always beside the status in words.
TAG_COLOURS = {
    ImportJobStatus.CHECKING: "blue",
    ImportJobStatus.NEEDS_MAPPING: "yellow",
    ImportJobStatus.CHECKED: "turquoise",
    ImportJobStatus.REJECTED: "red",
    ImportJobStatus.IMPORTING: "blue",
    ImportJobStatus.COMPLETED: "green",
    ImportJobStatus.FAILED: "red",
    ImportJobStatus.CANCELLED: "grey",
}


@dataclass
class CountRow:
    label: str
    number: int
    hint: str = ""

    @property
    def shown(self) -> str:
        return f"{self.number:,}"


@dataclass
class SampleRow:
    kind: str
    indicator: str
    area: str
    period: str
    breakdown: str
    old: str
    new: str


@dataclass
class JobPage:
    job: ImportJob
    status: str
    tag_colour: str
    format_name: str
    unfinished: bool
    percent: int
    progress_text: str
    counts: list[CountRow] = field(default_factory=list)
    samples: list[SampleRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    problems_not_shown: int = 0
    warnings: list[str] = field(default_factory=list)
    warnings_not_shown: int = 0
    failure: str = ""
    changes_nothing: bool = False
    problems_intro: str = ""


def job_progress(job: ImportJob) -> dict[str, Any]:
    """The job's progress as the page's script polls it."""
    percent, text = _progress(job)
    return {
        "status": job.status,
        "status_text": job.get_status_display(),
        "finished": job.status not in UNFINISHED,
        "percent": percent,
        "text": text,
    }


def _progress(job: ImportJob) -> tuple[int, str]:
    verb = "Checked" if job.status == ImportJobStatus.CHECKING else "Imported"
    if job.status not in UNFINISHED:
        return 100, job.get_status_display()
    if not job.rows_total:
        return 0, "Starting…"
    done = min(job.rows_done, job.rows_total)
    percent = int(100 * done / job.rows_total)
    if done >= job.rows_total:
        return 99, f"{verb} all {job.rows_total:,} rows; saving…"
    return percent, f"{verb} {done:,} of about {job.rows_total:,} rows"


def job_page(job: ImportJob) -> JobPage:
    report = job.report or {}
    counts = report.get("counts", {})
    percent, text = _progress(job)
    page = JobPage(
        job=job,
        status=job.get_status_display(),
        tag_colour=TAG_COLOURS.get(ImportJobStatus(job.status), "grey"),
        format_name=FORMATS[job.format].name if job.format in FORMATS else "",
        unfinished=job.status in UNFINISHED,
        percent=percent,
        progress_text=text,
        failure=report.get("failure", ""),
    )
    if counts:
        page.counts = [
            CountRow("Rows in the file", counts.get("rows", 0)),
            CountRow("New values", counts.get("new", 0)),
            CountRow("Changed values", counts.get("changed", 0), "the old values are kept"),
            CountRow("Unchanged values", counts.get("unchanged", 0)),
            CountRow("Rejected rows", counts.get("rejected", 0), "rows with a problem"),
            CountRow("Rows left out", counts.get("skipped", 0), "not for this product: see below"),
            CountRow("New indicators", counts.get("indicators_new", 0)),
            CountRow("New periods", counts.get("periods_new", 0)),
        ]
        page.changes_nothing = not (
            counts.get("new") or counts.get("changed") or counts.get("indicators_new")
        ) and not counts.get("errors")
        page.problems_not_shown = max(counts.get("errors", 0) - len(report.get("errors", [])), 0)
        page.warnings_not_shown = max(
            counts.get("warnings", 0) - len(report.get("warnings", [])), 0
        )
    page.problems = [_problem(*item) for item in report.get("errors", [])]
    page.problems_intro = _problems_intro(counts, len(page.problems))
    page.warnings = [_problem(*item) for item in report.get("warnings", [])]
    page.samples = _samples(report.get("samples", []))
    return page


def _problems_intro(counts: dict[str, int], shown: int) -> str:
    """ "The file has 3 problems in 2 of its 40 rows; the first 200 are listed below"."""
    total = counts.get("errors", shown)
    rows, rejected = counts.get("rows", 0), counts.get("rejected", 0)
    text = f"The file has {total:,} problem{'s' if total != 1 else ''}"
    if rejected:
        text += f" in {rejected:,} of its {rows:,} row{'s' if rows != 1 else ''}"
    if total > shown:
        text += f"; the first {shown:,} are listed below"
    return text + "."


def _problem(row: int, column: str, message: str) -> str:
    return str(RowError(row, column, message))


def _samples(samples: list[list[Any]]) -> list[SampleRow]:
    if not samples:
        return []
    areas = dict(Area.objects.filter(pk__in={s[2] for s in samples}).values_list("pk", "name"))
    return [
        SampleRow(
            kind="New" if kind == "new" else "Changed",
            indicator=indicator,
            area=areas.get(area, "An area no longer held"),
            period=period,
            breakdown=breakdown or "All",
            old=_shown(old),
            new=_shown(new),
        )
        for kind, indicator, area, period, breakdown, old, new in samples
    ]


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return f"missing ({value})"
    return format_number(value)
