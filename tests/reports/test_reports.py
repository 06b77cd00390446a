"""Reports built from the live plan, and the key actions page with its lead-group filter."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from partnership.governance.models import Group

STOCKTON = "stockton-on-tees"
PLAN = "cypp-2015-2018"
DEMO = Path(settings.DATA_DIR) / "demo"
DELIVERY_PLAN = reverse("reports:delivery_plan", kwargs={"partnership": STOCKTON, "plan": PLAN})
ACTIONS = reverse("plans:action_list", kwargs={"partnership": STOCKTON})


def source(name: str = "stockton-cypp-2015-2018.yaml") -> dict:
    return yaml.safe_load((DEMO / name).read_text(encoding="utf-8"))


def squash(value: str) -> str:
    return " ".join(value.split())


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def cells(row_html: str) -> list[str]:
    """A table row's cells as text, with <br> turned into " | "."""
    out = []
    for cell in re.findall(r"<td[^>]*>(.*?)</td>", row_html, re.S):
        cell = re.sub(r"<br\s*/?>", " | ", cell)
        out.append(htmllib.unescape(squash(re.sub(r"<[^>]+>", "", cell))))
    return out


def body_rows(html: str) -> list[list[str]]:
    rows = []
    for body in re.findall(r'<tbody class="govuk-table__body">(.*?)</tbody>', html, re.S):
        rows += [cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    return rows


# The delivery plan -----------------------------------------------------------------------------


def test_delivery_plan_has_every_priority_criterion_indicator_and_action(client_for):
    response = client_for("anonymous").get(DELIVERY_PLAN)
    assert response.status_code == 200
    html = text(response)
    data = source()
    names = {i["code"]: i["name"] for i in data["indicators"]}
    assert "Children and Young People's Plan 2015-2018: delivery plan" in html
    assert "Plan period: April 2015 to March 2018." in html
    sections = re.split(r'<section class="app-report-section"', html)[1:]
    assert len(sections) == 6
    for number, (priority, section) in enumerate(
        zip(data["plan"]["priorities"], sections, strict=True), start=1
    ):
        heading = f'id="priority-{number}">Priority {number}: {squash(priority["title"])}</h2>'
        assert heading in section
        for criterion in priority["success_criteria"]:
            assert f"<li>{squash(criterion)}</li>" in section
        for code in priority["indicators"]:
            assert f"<li>{squash(names[code])}</li>" in section
        rows = body_rows(section)
        expected = [
            [
                squash(a["text"]),
                " | ".join(a["lead_groups"]),
                " | ".join(a["linked_plans"]),
            ]
            for a in priority["actions"]
        ]
        assert rows == expected, f"priority {number}"


def test_delivery_plan_keeps_the_lead_group_first(client_for):
    rows = body_rows(text(client_for("anonymous").get(DELIVERY_PLAN)))
    row = next(r for r in rows if r[0].startswith("Deliver support for 'at risk' families"))
    assert row[1] == "Youth Direction | Early Help Implementation Team"
    assert row[2] == "Youth Direction Business Unit Plan | Early Help Strategy"


def test_delivery_plan_glossary_explains_every_term_with_abbr(client_for):
    html = client_for("anonymous").get(DELIVERY_PLAN).content.decode()
    glossary = source()["partnership"]["glossary"]
    assert len(glossary) == 28
    assert "Glossary of terms" in html
    found = re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', html)
    assert [(htmllib.unescape(m), htmllib.unescape(t)) for m, t in found] == sorted(
        ((g["meaning"], g["term"]) for g in glossary), key=lambda pair: pair[1]
    )


def test_kent_delivery_plan_uses_outcomes_and_has_no_action_tables(client_for):
    url = reverse("reports:delivery_plan", kwargs={"partnership": "kent", "plan": "cypf"})
    html = text(client_for("anonymous").get(url))
    data = source("kent-cypf.yaml")
    for number, priority in enumerate(data["plan"]["priorities"], start=1):
        assert f"Outcome {number}: {squash(priority['title'])}</h2>" in html
    assert "Key actions" not in html
    assert '<abbr title="Local Children\'s Partnership Group">LCPG</abbr>' in html


def test_reports_index_lists_the_visible_plans(client_for):
    url = reverse("reports:index", kwargs={"partnership": STOCKTON})
    html = text(client_for("anonymous").get(url))
    assert "Children and Young People's Plan 2015-2018" in html
    assert f'href="{DELIVERY_PLAN}"' in html
    assert 'href="/p/stockton-on-tees/plans/cypp-2015-2018/export/"' in html


def test_reports_index_hides_unpublished_plans_from_the_public(client_for):
    from partnership.plans import services
    from partnership.plans.models import Plan

    services.plan_change_status(
        plan=Plan.objects.get(partnership__slug=STOCKTON, slug=PLAN), status="archived", by=None
    )
    url = reverse("reports:index", kwargs={"partnership": STOCKTON})
    assert "There is no published plan yet." in text(client_for("anonymous").get(url))
    assert "Archived" in text(client_for("board").get(url))
    assert client_for("anonymous").get(DELIVERY_PLAN).status_code == 404
    assert client_for("board").get(DELIVERY_PLAN).status_code == 200


# The key actions page --------------------------------------------------------------------------


def led_by(name: str) -> list[str]:
    return [
        squash(action["text"])
        for priority in source()["plan"]["priorities"]
        for action in priority["actions"]
        if name in action["lead_groups"]
    ]


def test_actions_page_lists_all_22_actions(client_for):
    rows = body_rows(text(client_for("anonymous").get(ACTIONS)))
    assert [r[1] for r in rows] == [
        squash(a["text"]) for p in source()["plan"]["priorities"] for a in p["actions"]
    ]
    assert rows[0][0] == (
        "Priority 1: Ensure effective pre-natal and early years support for children and families"
    )
    assert rows[0][4] == "1 April 2015 to 31 March 2018"


def test_early_help_implementation_team_leads_exactly_its_actions(client_for):
    team = Group.objects.get(partnership__slug=STOCKTON, name="Early Help Implementation Team")
    html = text(client_for("anonymous").get(ACTIONS, {"group": team.pk}))
    rows = body_rows(html)
    expected = led_by("Early Help Implementation Team")
    assert len(expected) == 3
    assert [r[1] for r in rows] == expected
    assert all("Early Help Implementation Team" in r[2] for r in rows)
    assert f'<option value="{team.pk}" selected>Early Help Implementation Team</option>' in html


def test_every_lead_group_filter_matches_the_demo_file(client_for):
    client = client_for("anonymous")
    leads = {
        g for p in source()["plan"]["priorities"] for a in p["actions"] for g in a["lead_groups"]
    }
    html = text(client.get(ACTIONS))
    offered = re.findall(r'<option value="(\d+)">([^<]+)</option>', html)
    assert sorted(name for _, name in offered) == sorted(leads)
    for pk, name in offered:
        rows = body_rows(text(client.get(ACTIONS, {"group": pk})))
        assert [r[1] for r in rows] == led_by(name), name


def test_actions_page_keeps_the_lead_group_first(client_for):
    rows = body_rows(text(client_for("anonymous").get(ACTIONS)))
    row = next(r for r in rows if r[1].startswith("Deliver targeted support, in line with"))
    assert row[2] == "Early Help Implementation Team | A Fairer Start Steering Group"
    assert row[3] == "Early Help Strategy | Fairer Start Project Plan"


@pytest.mark.parametrize("value", ["abc", "999999", ""])
def test_an_unknown_group_filter_shows_every_action(client_for, value):
    rows = body_rows(text(client_for("anonymous").get(ACTIONS, {"group": value})))
    assert len(rows) == 22


def test_kent_actions_page_says_there_are_none(client_for):
    url = reverse("plans:action_list", kwargs={"partnership": "kent"})
    html = text(client_for("anonymous").get(url))
    assert "This plan has no key actions yet." in html


def test_the_public_cannot_pick_a_draft_plan_on_the_actions_page(client_for):
    from partnership.plans import services
    from partnership.plans.models import Plan

    stockton = Plan.objects.get(partnership__slug=STOCKTON, slug=PLAN).partnership
    draft = services.plan_create(partnership=stockton, by=None, slug="draft-plan", title="Draft")
    priority = services.priority_create(plan=draft, by=None, title="Secret priority")
    services.action_create(priority=priority, by=None, text="A secret action")
    public = text(client_for("anonymous").get(ACTIONS, {"plan": "draft-plan"}))
    assert "A secret action" not in public
    assert "Draft" not in re.findall(r"<option[^>]*>([^<]*)</option>", public)
    assert len(body_rows(public)) == 22  # the adopted plan instead
    member = text(client_for("board").get(ACTIONS, {"plan": "draft-plan"}))
    assert [r[1] for r in body_rows(member)] == ["A secret action"]
