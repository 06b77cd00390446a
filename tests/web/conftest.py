"""The demo data loaded once per test module (rolled back afterwards) and one client per role.

Loading the demo takes about two seconds; the page tests here make hundreds of requests against
it, so each module loads it once inside a transaction and every test runs in a savepoint.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from django.test import Client


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker) -> Iterator[object]:
    from django.db import transaction

    from partnership.web.demo import demo_load

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            result = demo_load()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    yield result
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def demo_db(shared_demo, db) -> object:
    """The demo data, for one test: whatever the test writes is rolled back after it."""
    return shared_demo


@pytest.fixture
def signed_in(demo_db) -> Callable[[str], Client]:
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


@pytest.fixture(scope="session", autouse=True)
def _compile_govuk_components_once():
    """govuk-frontend-django builds a new Jinja environment and compiles each component's template
    on every render (about 0.1 s a page). The tests render thousands of pages, so share one
    environment and reuse compiled templates; the HTML produced is the same."""
    from govuk_frontend_django.components import base
    from jinja2 import Environment

    compiled: dict[str, object] = {}
    shared: list[Environment] = []

    class SharedEnvironment(Environment):
        def from_string(self, source, globals=None, template_class=None):  # noqa: A002
            if globals is not None or template_class is not None:
                return super().from_string(source, globals, template_class)
            if source not in compiled:
                compiled[source] = super().from_string(source)
            return compiled[source]

    def environment(**options):
        if not shared:
            shared.append(SharedEnvironment(**options))
        return shared[0]

    original = base.Environment
    base.Environment = environment
    yield
    base.Environment = original
