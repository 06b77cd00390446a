"""Background work of the indicator store: recomputing assessments after an import or a target
change. The web process enqueues; a ``db_worker`` runs the task (the test settings run it at
once)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django_tasks import task

from .assessments import assessments_recompute
from .models import ImportBatch, Value

if TYPE_CHECKING:
    from .importers.base import Collector


@task()
def recompute_assessments(indicator_ids: list[int] | None = None) -> dict[str, Any]:
    """Recompute the assessments of ``indicator_ids`` (all indicators when None). Returns the
    summary, which the task backend keeps as the task's result."""
    return assessments_recompute(indicator_ids=indicator_ids).as_dict()


def recompute_after_commit(indicator_ids: Iterable[int]) -> None:
    """Enqueue a recomputation of these indicators once the current transaction commits, so the
    worker sees the new values, and nothing is enqueued for work that is rolled back."""
    ids = sorted(set(indicator_ids))
    if ids:
        transaction.on_commit(lambda: recompute_assessments.enqueue(indicator_ids=ids))


def recompute_after_import(*, batch: ImportBatch, collector: Collector) -> None:
    """Enqueue a recomputation for the indicators a (committed, not dry-run) import changed:
    those with a value the batch added or replaced and, when it updated catalogue entries (a
    polarity may have changed every judgement), the existing indicators the file refers to."""
    ids = set(Value.objects.filter(batch=batch).values_list("indicator_id", flat=True).distinct())
    if collector.report.indicators_changed:
        ids |= {ref.existing.pk for ref in collector.indicators.values() if ref.existing}
    recompute_after_commit(ids)
