"""Deleting plans, priorities and actions that have delivery records: nothing is left dangling,
and the officer is told what an action's deletion takes with it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.plans import delivery, services
from partnership.plans.models import (
    KeyAction,
    Milestone,
    Plan,
    PriorityCompilation,
    ProgressUpdate,
    UpdateRound,
)


@pytest.fixture
def plan_with_round(demo):
    """A plan of its own (so the demo's data is left alone) with an action, an update in a
    closed round, a milestone and a compilation."""
    from partnership.web.models import Partnership

    stockton = Partnership.objects.get(slug="stockton-on-tees")
    plan = services.plan_create(partnership=stockton, by=None, slug="delivery-test", title="Test")
    priority = services.priority_create(plan=plan, by=None, title="A priority")
    action = services.action_create(priority=priority, by=None, text="An action")
    now = timezone.now()
    update_round = delivery.round_open(
        plan=plan,
        by=None,
        title="Round",
        deadline=now.date() + dt.timedelta(days=10),
        priorities=[priority],
        notify=False,
    )
    delivery.action_record_progress(
        action=action,
        by=None,
        status="on-track",
        progress=20,
        narrative="Started",
        check_permission=False,
    )
    delivery.milestone_create(
        action=action,
        by=None,
        title="First step",
        due_date=now.date(),
        check_permission=False,
    )
    delivery.round_close(update_round=update_round, by=None, notify=False)
    return plan, priority, action


def test_deleting_a_plan_removes_its_delivery_records(plan_with_round):
    plan, _, action = plan_with_round
    services.plan_delete(plan=plan, by=None)
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not ProgressUpdate.objects.filter(action_id=action.pk).exists()
    assert not Milestone.objects.filter(action_id=action.pk).exists()
    assert not UpdateRound.objects.filter(plan_id=plan.pk).exists()
    assert not PriorityCompilation.objects.filter(round__plan_id=plan.pk).exists()


def test_deleting_a_priority_removes_its_compilations(plan_with_round):
    plan, priority, _ = plan_with_round
    services.priority_delete(priority=priority, by=None)
    assert not PriorityCompilation.objects.filter(priority_id=priority.pk).exists()
    assert UpdateRound.objects.filter(plan=plan).count() == 1


def test_the_delete_page_says_what_an_action_takes_with_it(plan_with_round, client_for):
    plan, priority, action = plan_with_round
    url = reverse(
        "plans:action_delete",
        kwargs={
            "partnership": "stockton-on-tees",
            "plan": plan.slug,
            "priority": priority.pk,
            "action": action.pk,
        },
    )
    page = client_for("officer").get(url).content.decode()
    assert "Its 1 progress update and 1 milestone will be deleted with it." in page
    assert KeyAction.objects.filter(pk=action.pk).exists()
