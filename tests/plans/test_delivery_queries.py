"""The delivery pages read a fixed number of queries however many actions a round covers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.governance.models import Group
from partnership.plans import delivery, services
from partnership.web.models import Partnership


def _plan_with(actions: int, groups: int):
    stockton = Partnership.objects.get(slug="stockton-on-tees")
    plan = services.plan_create(
        partnership=stockton, by=None, slug=f"queries-{actions}", title=f"Plan {actions}"
    )
    priority = services.priority_create(plan=plan, by=None, title="Priority")
    leads = [
        Group.objects.create(partnership=stockton, name=f"Group {actions}-{n}")
        for n in range(groups)
    ]
    for n in range(actions):
        action = services.action_create(
            priority=priority, by=None, text=f"Action {n}", lead_groups=[leads[n % groups]]
        )
        if n % 2:
            delivery.action_record_progress(
                action=action,
                by=None,
                status="on-track",
                narrative="Going",
                progress=10,
                check_permission=False,
            )
    update_round = delivery.round_open(
        plan=plan,
        by=None,
        title="Round",
        deadline=timezone.localdate() + dt.timedelta(days=7),
        priorities=[priority],
        notify=False,
    )
    return plan, priority, update_round


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["round_detail", "round_group", "compilation"])
def test_round_pages_cost_the_same_for_any_size(client_for, page):
    officer = client_for("officer")
    counts = []
    for actions, groups in ((3, 2), (12, 6)):
        plan, priority, update_round = _plan_with(actions, groups)
        kwargs = {"partnership": "stockton-on-tees", "round": update_round.pk}
        if page == "round_group":
            kwargs["group"] = Group.objects.get(name=f"Group {actions}-0").pk
        if page == "compilation":
            delivery.round_close(update_round=update_round, by=None, notify=False)
            kwargs["priority"] = priority.pk
        counts.append(_count(officer, reverse(f"delivery:{page}", kwargs=kwargs)))
    assert counts[0] == counts[1], counts


def test_exception_list_and_my_actions_cost_the_same_for_any_size(client_for):
    officer = client_for("officer")
    urls = [
        reverse("delivery:exceptions", kwargs={"partnership": "stockton-on-tees"}),
        reverse("delivery:my_actions", kwargs={"partnership": "stockton-on-tees"}),
    ]
    _plan_with(2, 1)  # an open round in both measurements
    officer.get(urls[0])  # the session's first read costs more; measure from the second
    before = [_count(officer, url) for url in urls]
    _plan_with(10, 5)
    after = [_count(officer, url) for url in urls]
    assert before == after
