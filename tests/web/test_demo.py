"""`partnership demo`: what it loads, that running it again changes nothing, and that the demo
data holds no personal contact details. Stockton's demo delivery round (``stockton-delivery.yaml``)
is tested at the end."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.plans.delivery_models import (
    ChampionComment,
    Milestone,
    PriorityCompilation,
    ProgressUpdate,
    UpdateRound,
)
from partnership.plans.models import KeyAction, Plan, PriorityIndicator, SuccessCriterion
from partnership.web.demo import (
    CONTRIBUTOR_GROUP,
    DEMO_ACCOUNTS,
    delivery_demo_actions,
    demo_delivery_data,
    demo_load,
)
from partnership.web.models import GlossaryTerm, Partnership, User, UserRole

from ..conftest import SHARED

DEMO_FILES = sorted((Path(settings.DATA_DIR) / "demo").glob("*.yaml"))
DELIVERY_FILE = Path(settings.DATA_DIR) / "demo" / "stockton-delivery.yaml"
LONDON = ZoneInfo("Europe/London")


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
    assert "Delivery demo: already up to date." in output
    assert re.search(r"Areas: 0 new, 0 changed, \d+ unchanged", output)


def test_demo_from_scratch_then_twice(demo):
    # Progress updates first: their round is a protected foreign key, so deleting plans in bulk
    # (plan -> round) is refused even though the updates go too (plan -> action -> update).
    ProgressUpdate.objects.all().delete()
    Plan.objects.all().delete()  # first: links to indicators are protected
    Partnership.objects.all().delete()
    User.objects.all().delete()
    assert not Plan.objects.exists()
    first = run_demo()
    assert "Demo accounts: 5 new." in first
    assert "(stockton-on-tees): changed." in first
    assert "Delivery demo: round “Mid-year 2015/16” loaded (19 updates)." in first
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
    assert "Delivery demo: already up to date." in second


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


def test_each_demo_account_holds_its_role_in_stockton_and_the_meetings_demo_partnerships(demo):
    # Kent has no demo roles; Nottingham's and Newcastle's are there for their meetings.
    roles = {
        (r.user.username, r.role, r.partnership.slug)
        for r in UserRole.objects.select_related("user", "partnership")
    }
    assert roles == {
        (role, role, slug)
        for role in ("officer", "governance", "contributor", "board")
        for slug in ("stockton-on-tees", "nottingham", "newcastle-upon-tyne")
    }
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    contributor = UserRole.objects.get(
        user__username="contributor", partnership__slug="stockton-on-tees"
    )
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


def test_every_demo_file_is_checked():
    assert [p.name for p in DEMO_FILES] == [
        "kent-cypf.yaml",
        "newcastle-governance.yaml",
        "nottingham-governance.yaml",
        "stockton-cypp-2015-2018.yaml",
        "stockton-delivery.yaml",
    ]


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


# Stockton's demo delivery round ---------------------------------------------------------------


def delivery_entries() -> list[dict]:
    return demo_delivery_data()["actions"]


def stockton_plan() -> Plan:
    return Plan.objects.get(partnership__slug="stockton-on-tees", slug="cypp-2015-2018")


def entry_action(entry: dict) -> KeyAction:
    return KeyAction.objects.get(
        priority__plan=stockton_plan(), priority__order=entry["priority"], order=entry["action"]
    )


def test_the_delivery_file_is_not_loaded_as_a_plan(demo):
    assert [p.partnership_slug for p in demo.plans] == ["kent", "stockton-on-tees"]


def test_the_demo_round_is_closed_with_six_compilations(demo):
    plan = stockton_plan()
    update_round = UpdateRound.objects.get(plan=plan)
    assert update_round.title == "Mid-year 2015/16"
    assert not update_round.is_open
    assert update_round.opened_at == dt.datetime(2015, 11, 2, 9, 0, tzinfo=LONDON)
    assert update_round.deadline == dt.date(2015, 11, 27)
    assert update_round.closed_at == dt.datetime(2015, 12, 4, 16, 0, tzinfo=LONDON)
    assert update_round.opened_by.username == update_round.closed_by.username == "officer"
    assert update_round.priorities.count() == 6
    compilations = list(PriorityCompilation.objects.filter(round=update_round))
    assert [c.priority.order for c in compilations] == [1, 2, 3, 4, 5, 6]
    assert {c.champion.username for c in compilations} == {"board"}
    assert {p.champion.username for p in plan.priorities.all()} == {"board"}
    # Every action in scope is in its priority's compilation: all 22, 19 of them updated.
    assert sum(len(c.content["items"]) for c in compilations) == 22
    assert sum(c.content["updated"] for c in compilations) == 19


def test_every_demo_update_is_demo_content_sent_in_the_round(demo):
    update_round = UpdateRound.objects.get(plan=stockton_plan())
    updates = ProgressUpdate.objects.filter(action__priority__plan=stockton_plan())
    assert updates.count() == sum(1 for e in delivery_entries() if "update" in e) == 19
    assert not updates.filter(is_demo=False).exists()
    assert not updates.exclude(round=update_round).exists()
    for update in updates.select_related("by"):
        assert update_round.opened_at <= update.created_at <= update_round.closed_at
        leads = {g.name for g in update.action.lead_groups.all()}
        assert update.by.username == ("contributor" if CONTRIBUTOR_GROUP in leads else "officer")
    items = [i for c in update_round.compilations.all() for i in c.content["items"]]
    assert all(i["is_demo"] for i in items if i["updated"])


def test_each_action_stands_as_the_file_says(demo):
    for entry in delivery_entries():
        action = entry_action(entry)
        update = entry.get("update")
        if update is None:  # no update received
            assert (action.status, action.progress) == ("not-started", 0), action.text
            assert not action.updates.exists()
            continue
        assert (action.status, action.progress) == (update["status"], update["progress"])
        sent = action.updates.get()
        assert sent.narrative == update["narrative"]
        assert sent.created_at == dt.datetime.fromisoformat(update["sent"]).replace(tzinfo=LONDON)
        if update["status"] in {"at-risk", "off-track"}:
            assert action.remedial_action == update["remedial_action"]
            assert action.remedial_owner == update["remedial_owner"]
        if update["status"] == "deferred":
            assert action.status_reason == update["reason"]
        milestones = [
            (
                m.title,
                m.due_date.isoformat(),
                m.completed_on.isoformat() if m.completed_on else None,
            )
            for m in Milestone.objects.filter(action=action).order_by("due_date")
        ]
        assert milestones == [
            (m["title"], m["due"], m.get("completed")) for m in entry.get("milestones", [])
        ]


def test_the_demo_statuses_are_a_plausible_mix(demo):
    statuses = [e["update"]["status"] for e in delivery_entries() if "update" in e]
    counts = {s: statuses.count(s) for s in set(statuses)}
    assert counts == {"on-track": 11, "completed": 3, "at-risk": 3, "off-track": 1, "deferred": 1}
    assert sum(1 for e in delivery_entries() if "update" not in e) == 3
    compiled = {
        (c.priority.order, i["letter"]): i["updated"]
        for c in PriorityCompilation.objects.all()
        for i in c.content["items"]
    }
    assert [key for key, updated in compiled.items() if not updated] == [
        (3, "b"),
        (6, "d"),
        (6, "f"),
    ]


def test_the_champion_comments_on_priority_one(demo):
    comment = ChampionComment.objects.get()
    assert comment.compilation.priority.order == 1
    assert comment.by.username == "board"
    assert comment.created_at == dt.datetime(2015, 12, 9, 14, 30, tzinfo=LONDON)
    assert "(Demo text.)" in comment.text


def test_the_demo_accounts_have_example_addresses(demo):
    emails = dict(User.objects.values_list("username", "email"))
    assert emails == {
        "admin": "",
        "officer": "officer@example.org",
        "governance": "",
        "contributor": "contributor@example.org",
        "board": "board@example.org",
    }


def test_the_demo_keeps_an_address_already_given(demo):
    User.objects.filter(username="officer").update(email="analyst@example.org")
    demo_load()
    assert User.objects.get(username="officer").email == "analyst@example.org"


def test_the_delivery_demo_leaves_a_plan_with_rounds_of_its_own_alone(demo):
    UpdateRound.objects.update(title="Our own round")
    before = every_count()
    result = demo_load()
    assert not result.delivery.loaded
    assert result.delivery.left_alone
    assert every_count() == before


def test_the_delivery_file_matches_the_plans_actions(demo):
    actions, problems = delivery_demo_actions(stockton_plan(), demo_delivery_data())
    assert problems == []
    assert len(actions) == 22
    for entry, action in zip(delivery_entries(), actions, strict=True):
        assert (action.priority.order, action.order) == (entry["priority"], entry["action"])
        assert action.text.startswith(entry["begins"])
        assert len(entry["begins"].split()) >= 5  # enough words to tell two actions apart


def test_a_mismatch_with_the_plan_is_reported(demo):
    data = copy.deepcopy(demo_delivery_data())
    data["actions"][0]["begins"] = "Deliver insufficient childcare"
    data["actions"][1]["action"] = 9
    del data["actions"][2]
    _, problems = delivery_demo_actions(stockton_plan(), data)
    assert problems == [
        "priority 1, action 1: the file says it begins “Deliver insufficient childcare”, the "
        "plan says “Deliver sufficient, good quality childcare places for targeted …”.",
        "priority 1, action 9: the plan has no such action.",
        "priority 1, action 2: not in the file.",
        "priority 1, action 3: not in the file.",
    ]


def test_the_delivery_file_says_what_the_file_check_reads():
    data = yaml.safe_load(DELIVERY_FILE.read_text(encoding="utf-8"))
    assert data["round"]["title"] == "Mid-year 2015/16"
    for entry in data["actions"]:
        update = entry.get("update")
        if update and update["status"] in {"at-risk", "off-track"}:
            assert update["remedial_action"].strip() and update["remedial_owner"].strip()
        if update and update["status"] == "deferred":
            assert update["reason"].strip()
        if update:
            sentences = re.split(r"(?<=[.!?])\s+", update["narrative"].strip())
            assert 1 <= len(sentences) <= 3, update["narrative"]


SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


@pytest.mark.skipif(not SEEDS, reason="the seed documents are not beside this checkout")
def test_no_contact_detail_from_the_seeds_is_in_the_delivery_file():
    text = DELIVERY_FILE.read_text(encoding="utf-8").casefold()
    digits = re.sub(r"\D", "", text)
    for seed in SEEDS:
        source = seed.read_text(encoding="utf-8")
        for email in EMAIL.findall(source):
            assert email.casefold() not in text
        for phone in UK_PHONE.findall(source):
            assert re.sub(r"\D", "", phone) not in digits
