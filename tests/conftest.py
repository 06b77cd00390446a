"""Fixtures every test can use: the demo data, one signed-in client per role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from partnership.web.models import Role

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"

# The roles every permission test walks through; "anonymous" is the public.
ROLES = ["anonymous", "administrator", *[r.value for r in Role]]


_DEMO: dict[str, object] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once per test database, not once per test: every test runs in a transaction
    that is rolled back, so each starts from the same demo. pytest-django runs transactional
    tests (the browser tests) after all others; they flush the database and load their own."""
    from partnership.web.demo import demo_load

    with django_db_blocker.unblock():
        _DEMO["result"] = demo_load()


def _transactional(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", [])
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    # A transactional test (the browser tests) empties the database when it ends.
    if _transactional(item):
        _DEMO["flushed"] = True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """pytest-django runs transactional tests after the others, but xdist deals out whole files
    (--dist loadfile), so a worker may get another file after a browser test has emptied its
    database: load the demo again, committed, before the next test that relies on it."""
    if not _DEMO.get("flushed") or _transactional(item):
        return
    if "db" not in getattr(item, "fixturenames", []):
        return
    from pytest_django.plugin import blocking_manager_key

    from partnership.web.demo import demo_load

    with item.config.stash[blocking_manager_key].unblock():
        _DEMO["result"] = demo_load()
    _DEMO["flushed"] = False


@pytest.fixture
def demo(db):
    """The demo installation `make run` loads: areas, Stockton and Kent, one account per role."""
    return _DEMO["result"]


@pytest.fixture
def client_for(demo) -> Callable[[str], Client]:
    """A test client signed in as the demo account holding ``role`` in Stockton."""
    from partnership.web.demo import DEMO_ACCOUNTS
    from partnership.web.models import User

    def make(role: str) -> Client:
        client = Client()
        if role == "anonymous":
            return client
        account = next(a for a in DEMO_ACCOUNTS if a.role == role)
        client.force_login(User.objects.get(username=account.username))
        return client

    return make
