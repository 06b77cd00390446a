"""Every area in the open-data pack, loaded once per test module and rolled back afterwards.

Loading 33,000 areas takes a couple of seconds: too slow for each test, and the session's demo
loads only the local authorities (tests/conftest.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def shared_areas(django_db_setup, django_db_blocker) -> Iterator[tuple[object, object]]:
    from django.conf import settings
    from django.db import transaction

    from partnership.areas.services import areas_load_all

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            first = areas_load_all(data_dir=settings.DATA_DIR / "open")
            second = areas_load_all(data_dir=settings.DATA_DIR / "open")
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    yield first, second
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def all_areas(shared_areas, db) -> tuple[object, object]:
    """(the first load's result, a second load's result); the database holds every area."""
    return shared_areas
