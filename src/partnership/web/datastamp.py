"""A stamp that changes whenever data a read-only page shows may have changed.

Pages that are costly to build and read by many (the performance pages) keep their rendered
content under a key that includes the stamp: a change of data is a new stamp, so a new key, and
nothing is ever served from before it. The stamp is kept in the shared ``pages`` cache, so every
worker process sees a change made by any other.

What changes the stamp:

- a save or deletion of the records the pages are built from, one at a time: partnerships,
  indicators, targets, plans, priorities and their indicator links, and import batches (an
  import saves its batch when it finishes, after bulk-writing its values);
- ``data_changed()``, called by the bulk writes that send no signals: the assessments'
  recomputation and the loading of areas and neighbours.

Only those models have receivers, and only with them as senders: a receiver for every model
would stop Django deleting in bulk (it fetches each row to signal its deletion when anything
listens), which the assessments and value supersession rely on.

Inside a transaction the change takes effect when it commits, once however many rows it wrote:
a page built while the transaction is open reads the old data and is kept under the old stamp.
Entries also expire (the cache's timeout), which bounds the age of anything a future write path
might forget to stamp.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "pages"
STAMP_KEY = "datastamp"
WATCHED = (
    "web.Partnership",
    "indicators.Indicator",
    "indicators.Target",
    "indicators.ImportBatch",
    "plans.Plan",
    "plans.Priority",
    "plans.PriorityIndicator",
)


def page_cache() -> Any:
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        return caches["default"]


def data_stamp() -> str:
    """The current stamp; a new one is made if the cache has lost it."""
    cache = page_cache()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        # add(): two workers finding it gone at once agree on one stamp.
        if not cache.add(STAMP_KEY, stamp, timeout=None):
            stamp = cache.get(STAMP_KEY) or stamp
    return str(stamp)


def new_stamp() -> None:
    """Make a new stamp (what ``data_changed`` runs, at once or on commit)."""
    page_cache().set(STAMP_KEY, uuid.uuid4().hex, timeout=None)


def data_changed() -> None:
    """Change the stamp now, or when the open transaction commits (once per transaction)."""
    if connection.in_atomic_block:
        # Once per block: a callback registered in this same block runs at the same commit.
        here = set(connection.savepoint_ids)
        for savepoints, callback, *_ in connection.run_on_commit:
            if callback is new_stamp and set(savepoints) == here:
                return
    transaction.on_commit(new_stamp)


def _on_write(sender: Any, **kwargs: Any) -> None:
    data_changed()


def install() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_write, sender=model, dispatch_uid=f"datastamp-save-{label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"datastamp-delete-{label}")
