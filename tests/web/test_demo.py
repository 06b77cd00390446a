"""`partnership demo`: what it loads, that running it again changes nothing, and that the demo
data holds no personal contact details."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.plans.models import KeyAction, Plan, PriorityIndicator, SuccessCriterion
from partnership.web.demo import DEMO_ACCOUNTS
from partnership.web.models import GlossaryTerm, Partnership, User, UserRole

DEMO_FILES = sorted((Path(settings.DATA_DIR) / "demo").glob("*.yaml"))


def every_count() -> dict[str, int]:
    """Rows in every table of the product, history tables included. Import batches are left out:
    every import is recorded, even one that changes nothing."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"web", "areas", "indicators", "governance", "plans"}
        and model._meta.label != "indicators.ImportBatch"
    }


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_again_changes_nothing(demo):
    run_demo()  # the command also loads the open-data pack, which the test fixture leaves out
    before = every_count()
    assert before["plans.Plan"] >= 2
    output = run_demo()
    assert every_count() == before
    assert "Demo accounts: 0 new." in output
    assert "(stockton-on-tees): already up to date." in output
    assert "(kent): already up to date." in output
    assert re.search(r"Areas: 0 new, 0 changed, \d+ unchanged", output)


def test_demo_from_scratch_then_twice(demo):
    Plan.objects.all().delete()  # first: links to indicators are protected
    Partnership.objects.all().delete()
    User.objects.all().delete()
    assert not Plan.objects.exists()
    first = run_demo()
    assert "Demo accounts: 5 new." in first
    assert "(stockton-on-tees): changed." in first
    after_first = every_count()
    assert after_first["plans.Plan"] == 2
    assert after_first["web.User"] == 5
    assert after_first["areas.Area"] > 30_000  # the open-data pack: every LSOA too
    second = run_demo()
    assert every_count() == after_first
    assert "Demo accounts: 0 new." in second
    assert "(stockton-on-tees): already up to date." in second
    assert "(kent): already up to date." in second
    assert "): changed." not in second


def test_demo_prints_the_five_logins(demo):
    output = run_demo()
    assert len(DEMO_ACCOUNTS) == 5
    for account in DEMO_ACCOUNTS:
        line = next(
            (row for row in output.splitlines() if re.search(rf"\s{account.username}\s", row)),
            None,
        )
        assert line, f"no line for {account.username}"
        assert account.password in line
        assert account.description in line
    assert "delete them before" in output


def test_each_demo_account_holds_its_role_in_stockton_only(demo):
    roles = {
        (r.user.username, r.role, r.partnership.slug)
        for r in UserRole.objects.select_related("user", "partnership")
    }
    assert roles == {
        ("officer", "officer", "stockton-on-tees"),
        ("governance", "governance", "stockton-on-tees"),
        ("contributor", "contributor", "stockton-on-tees"),
        ("board", "board", "stockton-on-tees"),
    }
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    contributor = UserRole.objects.get(user__username="contributor")
    assert [g.name for g in contributor.groups.all()] == ["Early Help Implementation Team"]


def test_stockton_demo_plan(demo):
    plan = Plan.objects.get(partnership__slug="stockton-on-tees", slug="cypp-2015-2018")
    assert plan.status == "adopted"
    assert plan.priority_term == "priority"
    assert plan.priorities.count() == 6
    assert SuccessCriterion.objects.filter(priority__plan=plan).count() == 11
    assert PriorityIndicator.objects.filter(priority__plan=plan).count() == 44
    assert Indicator.objects.filter(partnership=plan.partnership).count() == 44
    assert KeyAction.objects.filter(priority__plan=plan).count() == 22
    assert GlossaryTerm.objects.filter(partnership=plan.partnership).count() == 28
    assert plan.area.code == "E06000004"
    assert [p.order for p in plan.priorities.order_by("order")] == [1, 2, 3, 4, 5, 6]
    # Every action has a lead group; every group named as a lead exists in Stockton.
    for action in KeyAction.objects.filter(priority__plan=plan):
        leads = action.ordered_lead_groups()
        assert leads, action.text
        assert {g.partnership_id for g in leads} == {plan.partnership_id}


def test_kent_demo_framework(demo):
    plan = Plan.objects.get(partnership__slug="kent", slug="cypf")
    assert plan.priority_term == "outcome"
    assert plan.term == "Outcome"
    assert plan.status == "adopted"
    assert plan.priorities.count() == 4
    assert PriorityIndicator.objects.filter(priority__plan=plan).count() == 17
    assert Indicator.objects.filter(partnership=plan.partnership).count() == 17
    assert not KeyAction.objects.filter(priority__plan=plan).exists()
    assert Group.objects.filter(partnership=plan.partnership).count() == 5


# No personal contact details in the demo data --------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
UK_PHONE = re.compile(
    r"(?<![\d-])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d-])"
)


@pytest.mark.parametrize(
    ("sample", "is_email", "is_phone"),
    [
        ("write to jane.humphreys@stockton.gov.uk today", True, False),
        ("call 01642 527039", False, True),
        ("call (01642) 527039", False, True),
        ("call +44 1642 527039", False, True),
        ("mobile 07700 900123", False, True),
        ("ring 020 7946 0018", False, True),
        ("Plan 2015-2018, 0-25 SEN Team, 42,300 children", False, False),
        ("NHS HAST CCG Clear and Credible Plan Refresh 2014/15 – 2018/19", False, False),
        ("rate per 10,000 and per 100,000", False, False),
    ],
)
def test_the_contact_detail_patterns(sample, is_email, is_phone):
    assert bool(EMAIL.search(sample)) is is_email
    assert bool(UK_PHONE.search(sample)) is is_phone


@pytest.mark.parametrize("path", DEMO_FILES, ids=[p.name for p in DEMO_FILES])
def test_no_email_address_or_phone_number_in_the_demo_data(path):
    text = path.read_text(encoding="utf-8")
    assert EMAIL.findall(text) == []
    assert UK_PHONE.findall(text) == []


def test_both_demo_files_are_checked():
    assert [p.name for p in DEMO_FILES] == ["kent-cypf.yaml", "stockton-cypp-2015-2018.yaml"]


def test_the_demo_links_national_indicators_once_the_open_data_is_loaded(demo):
    stockton = Plan.objects.get(partnership__slug="stockton-on-tees")
    national = PriorityIndicator.objects.filter(
        priority__plan=stockton, indicator__partnership__isnull=True
    )
    # The test fixture loads the demo without the open-data pack: no national indicator yet.
    assert not national.exists()
    run_demo()
    links = {(link.priority.order, link.indicator.code) for link in national}
    # The national figures that measure the published plan's own indicators, after them.
    assert (1, "fsp-new-gooddev") in links and (2, "lac") in links and (5, "careleavereet") in links
    # Every row of the links file took: each names a priority and a national indicator.
    rows = (Path(settings.DATA_DIR) / "demo" / "national-indicators.csv").read_text().splitlines()
    assert len(links) == len(rows) - 1 == 31
    first = stockton.priorities.get(order=1).indicator_links.order_by("order")
    codes = [link.indicator.code for link in first]
    assert codes.index("free-early-education-2-year-olds") < codes.index("pct-2yr-olds")
