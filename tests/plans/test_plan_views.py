"""The plan pages as a partnership officer uses them: every form, its errors and its history.

Every refused form answers 400 with the GOV.UK error summary, names the problem and writes
nothing; every accepted one redirects and leaves a history entry in the officer's name.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest
from django.urls import reverse

from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.plans.models import (
    KeyAction,
    Plan,
    PlanSection,
    Priority,
    PriorityIndicator,
    Strategy,
    SuccessCriterion,
)

STOCKTON = "stockton-on-tees"
SLUG = "cypp-2015-2018"
OFFICER_NAME = "Partnership officer"  # the demo officer's display name


# Helpers ---------------------------------------------------------------------------------------


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def summary_errors(response) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert match, "no error summary on the page"
    return [htmllib.unescape(m.strip()) for m in re.findall(r"<a [^>]*>(.*?)</a>", match[1], re.S)]


def assert_refused(response, *messages: str, check_links: bool = True) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "<title>Error: " in page
    found = summary_errors(response)
    for message in messages:
        assert any(message in f for f in found), (message, found)
    # Every summary link leads to something on the page. (Radios and checkboxes are checked
    # separately: see test_error_summary_links_for_radios_and_checkboxes_lead_somewhere.)
    if not check_links:
        return
    for target in re.findall(r'govuk-error-summary__list">.*?</ul>', page, re.S):
        for anchor in re.findall(r'href="#([^"]+)"', target):
            assert f'id="{anchor}"' in page, anchor


def counts() -> dict[str, int]:
    models = [Plan, PlanSection, Priority, SuccessCriterion, PriorityIndicator, KeyAction, Group]
    result = {m.__name__: m.objects.count() for m in models}
    result["history"] = sum(m.history.count() for m in models)
    result["lead_group_links"] = KeyAction.lead_groups.through.objects.count()
    return result


def plan_url(name: str, slug: str = SLUG, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs={"partnership": STOCKTON, "plan": slug, **kwargs})


def date_fields(prefix: str, value: tuple[str, str, str]) -> dict[str, str]:
    day, month, year = value
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def plan_form(**overrides) -> dict[str, str]:
    data = {
        "title": "Children and Young People's Plan 2025 to 2028",
        "slug": "cypp-2025-2028",
        "priority_term": "priority",
        **date_fields("period_start", ("1", "4", "2025")),
        **date_fields("period_end", ("31", "3", "2028")),
        "vision": "Every child thrives.",
        "aims": "Aim one\n\n  Aim two  \n",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(client_for):
    return client_for("officer")


@pytest.fixture
def plan(demo):
    return Plan.objects.get(partnership__slug=STOCKTON, slug=SLUG)


@pytest.fixture
def priority(plan):
    return plan.priorities.get(order=1)


# Creating a plan -------------------------------------------------------------------------------


def test_the_create_form_uses_day_month_year_fields(officer):
    page = officer.get(reverse("plans:plan_create", kwargs={"partnership": STOCKTON}))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("period_start_0", "period_start_1", "period_start_2", "period_end_2"):
        assert f'name="{name}"' in html
    assert "Create a plan" in html


def test_create_a_plan(officer):
    before = counts()
    response = officer.post(
        reverse("plans:plan_create", kwargs={"partnership": STOCKTON}), plan_form()
    )
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail", "cypp-2025-2028")
    plan = Plan.objects.get(partnership__slug=STOCKTON, slug="cypp-2025-2028")
    assert plan.title == "Children and Young People's Plan 2025 to 2028"
    assert (plan.period_start, plan.period_end) == (dt.date(2025, 4, 1), dt.date(2028, 3, 31))
    assert plan.status == "draft"
    assert plan.aims == ["Aim one", "Aim two"]
    assert plan.area.code == "E06000004"  # the partnership's area
    assert counts()["Plan"] == before["Plan"] + 1
    page = officer.get(response["Location"])
    assert (
        '<h1 class="govuk-heading-xl">Children and Young People&#x27;s Plan 2025 to 2028</h1>'
        in page.content.decode()
    )
    body = text(page)
    assert "Plan created" in body
    assert "Draft" in body
    assert "April 2025 to March 2028" in body
    assert "Every child thrives." in body


BAD_PLANS = [
    ("missing-title", {"title": ""}, ["Enter the title"]),
    (
        "bad-slug",
        {"slug": "Bad Slug!"},
        ["Use lower-case letters, digits and single hyphens only, for example cypp-2024-2027"],
    ),
    (
        "duplicate-slug",
        {"slug": SLUG},
        ["Another plan of this partnership already uses this short name; choose a different one"],
    ),
    (
        "end-before-start",
        date_fields("period_end", ("31", "3", "2024")),
        ["The end of the plan period must be after its start"],
    ),
    (
        "end-equals-start",
        date_fields("period_end", ("1", "4", "2025")),
        ["The end of the plan period must be after its start"],
    ),
    (
        "only-start",
        date_fields("period_end", ("", "", "")),
        ["Enter both the start and the end of the plan period, or neither"],
    ),
    (
        "only-end",
        date_fields("period_start", ("", "", "")),
        ["Enter both the start and the end of the plan period, or neither"],
    ),
    (
        "impossible-date",
        date_fields("period_start", ("31", "2", "2025")),
        ["Start of the plan period must be a real date, for example 31 3 2027"],
    ),
    (
        "part-of-a-date",
        date_fields("period_end", ("31", "3", "")),
        ["End of the plan period must include a year"],
    ),
    (
        "letters-in-a-date",
        date_fields("period_end", ("31", "March", "2028")),
        ["End of the plan period must be a real date: the month is a number"],
    ),
    (
        "two-digit-year",
        date_fields("period_start", ("1", "4", "25")),
        ["Start of the plan period must have a four-digit year, for example 2027"],
    ),
    ("no-term", {"priority_term": ""}, ["Choose priorities or outcomes"]),
    ("unknown-term", {"priority_term": "theme"}, ["Select a valid choice"]),
    (
        "several-at-once",
        {"title": "", "slug": "Bad Slug!"},
        ["Enter the title", "Use lower-case letters"],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "messages"), [c[1:] for c in BAD_PLANS], ids=[c[0] for c in BAD_PLANS]
)
def test_create_a_plan_refuses_bad_input(officer, overrides, messages):
    before = counts()
    response = officer.post(
        reverse("plans:plan_create", kwargs={"partnership": STOCKTON}), plan_form(**overrides)
    )
    assert_refused(response, *messages, check_links="priority_term" not in overrides)
    assert counts() == before
    # What was typed is kept.
    if "title" not in overrides:
        assert "Children and Young People&#x27;s Plan 2025 to 2028" in response.content.decode()


def test_an_incomplete_date_is_named_in_the_error(officer):
    response = officer.post(
        reverse("plans:plan_create", kwargs={"partnership": STOCKTON}),
        plan_form(**date_fields("period_end", ("31", "3", ""))),
    )
    assert_refused(response, "End of the plan period must include")


@pytest.mark.parametrize(
    ("url_name", "data", "anchor"),
    [
        ("plan_create", {"priority_term": ""}, "id_priority_term"),
        ("action_create", {"lead_groups": ["999999"]}, "id_lead_groups"),
        ("plan_status", {"status": ""}, "id_status"),
    ],
)
def test_error_summary_links_for_radios_and_checkboxes_lead_somewhere(
    officer, priority, url_name, data, anchor
):
    if url_name == "plan_create":
        url = reverse("plans:plan_create", kwargs={"partnership": STOCKTON})
        form = plan_form(**data)
    elif url_name == "plan_status":
        url, form = plan_url("plan_status"), data
    else:
        url = plan_url("action_create", priority=priority.pk)
        form = action_form(**data)
    page = officer.post(url, form).content.decode()
    # Radios and checkboxes have no element with the field's id: the link goes to the first option.
    assert f'href="#{anchor}_1"' in page
    assert f'id="{anchor}_1"' in page


@pytest.mark.parametrize("slug", ["new", "import", "actions", "strategies"])
def test_a_plan_slug_that_clashes_with_a_page_is_refused_or_reachable(officer, slug):
    response = officer.post(
        reverse("plans:plan_create", kwargs={"partnership": STOCKTON}),
        plan_form(slug=slug, title=f"The {slug} plan"),
    )
    if response.status_code == 400:
        return
    assert response.status_code == 302
    page = officer.get(response["Location"]).content.decode()
    assert f'<h1 class="govuk-heading-xl">The {slug} plan</h1>' in page


# Editing a plan --------------------------------------------------------------------------------


def test_the_edit_form_is_filled_in(officer, plan):
    html = officer.get(plan_url("plan_edit")).content.decode()
    assert 'value="Children and Young People&#x27;s Plan 2015-2018"' in html
    assert 'name="period_start_2" value="2015"' in html
    assert "delivering accessible services" in html


def test_edit_a_plan_and_see_the_change_in_its_history(officer, plan):
    form = plan_form(
        title="Children and Young People's Plan 2015 to 2018",
        slug=SLUG,
        **date_fields("period_start", ("1", "4", "2015")),
        **date_fields("period_end", ("31", "3", "2018")),
        vision=plan.vision,
        aims="\n".join(plan.aims),
    )
    response = officer.post(plan_url("plan_edit"), form)
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail")
    plan.refresh_from_db()
    assert plan.title == "Children and Young People's Plan 2015 to 2018"
    history = officer.get(plan_url("plan_history"))
    body = text(history)
    assert "Changes to this plan" in body
    entry = body.split("Changed – Plan: Children and Young People's Plan 2015 to 2018", 1)[1]
    entry = entry.split("app-history__entry", 1)[0]
    assert f"by {OFFICER_NAME}" in entry
    assert re.search(
        r"<th[^>]*>Title</th>\s*<td[^>]*>Children and Young People's Plan 2015-2018</td>\s*"
        r"<td[^>]*>Children and Young People's Plan 2015 to 2018</td>",
        entry,
    ), entry
    # Only the title changed, so the entry lists only the title.
    assert entry.count('scope="row"') == 1


def test_editing_a_plan_to_another_plans_slug_is_refused(officer, plan, demo):
    from partnership.plans import services

    services.plan_create(partnership=plan.partnership, by=None, slug="other-plan", title="Other")
    before = counts()
    response = officer.post(plan_url("plan_edit"), plan_form(slug="other-plan"))
    assert_refused(response, "Another plan of this partnership already uses this short name")
    assert counts() == before
    assert Plan.objects.get(pk=plan.pk).slug == SLUG


def test_editing_keeps_the_plans_own_slug(officer, plan):
    response = officer.post(plan_url("plan_edit"), plan_form(slug=SLUG, title="Same slug"))
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).title == "Same slug"


# Status ----------------------------------------------------------------------------------------


def test_change_status_by_post(officer, plan):
    response = officer.post(plan_url("plan_status"), {"status": "archived"})
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail")
    plan.refresh_from_db()
    assert plan.status == "archived"
    history = text(officer.get(plan_url("plan_history")))
    assert re.search(
        r"<th[^>]*>Status</th>\s*<td[^>]*>Adopted</td>\s*<td[^>]*>Archived</td>", history
    )


def test_the_status_page_offers_only_the_allowed_moves(officer, plan):
    """Regression: the page used to pass 'intro' twice to its context (a 500)."""
    page = officer.get(plan_url("plan_status"))
    assert page.status_code == 200
    html = text(page)
    assert "The plan is adopted." in html
    assert 'value="archived"' in html
    assert 'value="draft"' not in html


def test_a_status_move_that_is_not_allowed_is_refused(officer, plan):
    """Regression: re-showing the refused form used to be a 500."""
    before = counts()
    response = officer.post(plan_url("plan_status"), {"status": "draft"})
    assert_refused(response, "Select a valid choice", check_links=False)  # radios: see above
    assert counts() == before


# Priorities ------------------------------------------------------------------------------------


def test_add_edit_move_and_delete_a_priority(officer, plan):
    before = counts()
    response = officer.post(
        plan_url("priority_create"), {"title": "Keep children active", "description": "- Walk"}
    )
    assert response.status_code == 302
    new = plan.priorities.get(title="Keep children active")
    assert new.order == 7
    assert response["Location"] == plan_url("priority_detail", priority=new.pk)
    page = text(officer.get(response["Location"]))
    assert "Priority added" in page
    assert "Keep children active" in page
    assert "<li>Walk" in page  # the description is plan text

    response = officer.post(
        plan_url("priority_edit", priority=new.pk), {"title": "Keep active", "description": ""}
    )
    assert response.status_code == 302
    assert Priority.objects.get(pk=new.pk).title == "Keep active"

    response = officer.post(plan_url("priority_move", priority=new.pk), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail") + "#priorities"
    assert [p.order for p in plan.priorities.order_by("order")] == [1, 2, 3, 4, 5, 6, 7]
    assert Priority.objects.get(pk=new.pk).order == 6
    history = text(officer.get(plan_url("priority_history", priority=new.pk)))
    assert re.search(r"<th[^>]*>Position</th>\s*<td[^>]*>7</td>\s*<td[^>]*>6</td>", history)

    confirm = officer.get(plan_url("priority_delete", priority=new.pk))
    assert confirm.status_code == 200
    assert "Delete priority 6?" in text(confirm)
    assert "This deletes its success criteria, indicator links and key actions too" in text(confirm)
    assert counts()["Priority"] == before["Priority"] + 1


def test_deleting_a_priority_returns_to_the_plan_with_a_message(officer, plan):
    last = plan.priorities.get(order=6)
    response = officer.post(plan_url("priority_delete", priority=last.pk), follow=True)
    assert response.redirect_chain, f"no redirect: {response.status_code}"
    assert response.redirect_chain[-1][0] == plan_url("plan_detail")
    assert "Priority 6 deleted" in text(response)


def test_priority_without_a_title_is_refused(officer, plan, priority):
    before = counts()
    assert_refused(
        officer.post(plan_url("priority_create"), {"title": "", "description": "x"}),
        "Enter the priority's title",
    )
    assert_refused(
        officer.post(
            plan_url("priority_edit", priority=priority.pk), {"title": "", "description": ""}
        ),
        "Enter the priority's title",
    )
    assert counts() == before


def test_deleting_a_priority_deletes_its_contents(officer, plan, priority):
    criteria = priority.criteria.count()
    actions = priority.actions.count()
    assert (criteria, actions) == (2, 4)
    before = counts()
    # (What the officer sees afterwards is checked in the test above.)
    officer.post(plan_url("priority_delete", priority=priority.pk))
    after = counts()
    assert after["Priority"] == before["Priority"] - 1
    assert after["SuccessCriterion"] == before["SuccessCriterion"] - criteria
    assert after["KeyAction"] == before["KeyAction"] - actions
    assert after["PriorityIndicator"] == before["PriorityIndicator"] - 9
    # The plan's other priorities move up; the history keeps the deleted one.
    titles = [p.title for p in plan.priorities.order_by("order")]
    assert titles[0] == "Ensure children and young people are safe and feel safe"
    history = text(officer.get(plan_url("plan_history")))
    assert (
        "Deleted – Priority: Ensure effective pre-natal and early years support for children "
        "and families" in history
    )


@pytest.mark.parametrize("direction", ["", "sideways"])
def test_move_without_a_direction_is_refused(officer, priority, direction):
    before = list(Priority.objects.order_by("pk").values_list("pk", "order"))
    response = officer.post(
        plan_url("priority_move", priority=priority.pk), {"direction": direction}
    )
    assert response.status_code == 400
    assert response.content.decode() == "Say whether to move the item up or down."
    assert list(Priority.objects.order_by("pk").values_list("pk", "order")) == before


def test_priority_history_shows_its_criteria_changes(officer, priority):
    criterion = priority.criteria.get(order=1)
    url = plan_url("criterion_edit", priority=priority.pk, criterion=criterion.pk)
    assert officer.post(url, {"text": "Healthier births."}).status_code == 302
    history = text(officer.get(plan_url("priority_history", priority=priority.pk)))
    assert "Changes to priority 1" in history
    assert "Changed – Success criterion: Healthier births." in history
    assert f"by {OFFICER_NAME}" in history
    assert "More children will be born healthy" in history  # the old text


# Success criteria ------------------------------------------------------------------------------


def test_add_edit_move_delete_a_success_criterion(officer, priority):
    url = plan_url("criterion_create", priority=priority.pk)
    response = officer.post(url, {"text": "Fewer children start school behind."})
    assert response.status_code == 302
    assert response["Location"] == plan_url("priority_detail", priority=priority.pk) + "#criteria"
    texts = list(priority.criteria.order_by("order").values_list("text", flat=True))
    assert texts[-1] == "Fewer children start school behind."
    new = priority.criteria.get(order=3)

    move = plan_url("criterion_move", priority=priority.pk, criterion=new.pk)
    assert officer.post(move, {"direction": "up"}).status_code == 302
    assert SuccessCriterion.objects.get(pk=new.pk).order == 2

    edit = plan_url("criterion_edit", priority=priority.pk, criterion=new.pk)
    assert "Fewer children start school behind." in text(officer.get(edit))
    assert officer.post(edit, {"text": "Changed criterion"}).status_code == 302
    assert SuccessCriterion.objects.get(pk=new.pk).text == "Changed criterion"

    delete = plan_url("criterion_delete", priority=priority.pk, criterion=new.pk)
    assert "Delete success criterion?" in text(officer.get(delete))
    response = officer.post(delete, follow=True)
    assert "Success criterion deleted" in text(response)
    assert list(priority.criteria.order_by("order").values_list("order", flat=True)) == [1, 2]


def test_empty_success_criterion_is_refused(officer, priority):
    before = counts()
    response = officer.post(plan_url("criterion_create", priority=priority.pk), {"text": ""})
    assert_refused(response, "Enter the success criterion")
    assert counts() == before


# Indicator links -------------------------------------------------------------------------------


def test_add_move_and_remove_an_indicator_link(officer, priority):
    spare = Indicator.objects.get(partnership__slug=STOCKTON, code="neet-16-19")
    url = plan_url("indicator_link_create", priority=priority.pk)
    form = text(officer.get(url))
    assert "Percentage of young people aged 16-19 who are NEET" in form
    # Indicators already linked to this priority are not offered.
    assert "Maternal smoking at delivery (%)" not in form
    response = officer.post(url, {"indicator": spare.pk})
    assert response.status_code == 302
    link = priority.indicator_links.get(indicator=spare)
    assert link.order == 10

    move = plan_url("indicator_link_move", priority=priority.pk, link=link.pk)
    assert officer.post(move, {"direction": "up"}).status_code == 302
    assert PriorityIndicator.objects.get(pk=link.pk).order == 9

    remove = plan_url("indicator_link_delete", priority=priority.pk, link=link.pk)
    confirm = text(officer.get(remove))
    assert "Remove indicator?" in confirm
    assert "It stays in the indicator catalogue" in confirm
    assert officer.post(remove).status_code == 302
    assert not priority.indicator_links.filter(indicator=spare).exists()
    assert Indicator.objects.filter(pk=spare.pk).exists()
    assert list(priority.indicator_links.order_by("order").values_list("order", flat=True)) == [
        *range(1, 10)
    ]


@pytest.mark.parametrize("which", ["already-linked", "another-partnership", "missing"])
def test_indicator_link_refused(officer, priority, which):
    if which == "already-linked":
        value = priority.indicator_links.get(order=1).indicator_id
        message = "Choose an indicator from the list"
    elif which == "another-partnership":
        value = Indicator.objects.get(partnership__slug="kent", code="missing-children").pk
        message = "Choose an indicator from the list"
    else:
        value, message = "", "Choose an indicator"
    before = counts()
    response = officer.post(
        plan_url("indicator_link_create", priority=priority.pk), {"indicator": value}
    )
    assert_refused(response, message)
    assert counts() == before


def test_removing_an_indicator_says_so_in_plain_english(officer, priority):
    link = priority.indicator_links.get(order=1)
    response = officer.post(
        plan_url("indicator_link_delete", priority=priority.pk, link=link.pk), follow=True
    )
    assert response.status_code == 200
    assert "Remove indicator deleted" not in text(response)


# Key actions -----------------------------------------------------------------------------------


def action_form(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "text": "Run holiday activity clubs.",
        "lead_groups": [],
        "linked_strategies": [],
        **date_fields("start_date", ("1", "4", "2016")),
        **date_fields("due_date", ("31", "3", "2017")),
    }
    data.update(overrides)
    return data


def group(name: str) -> Group:
    return Group.objects.get(partnership__slug=STOCKTON, name=name)


def test_add_a_key_action_with_lead_groups(officer, priority):
    leads = [group("Youth Direction"), group("Public Health Team")]
    strategy = Strategy.objects.get(partnership__slug=STOCKTON, title="Early Help Strategy")
    response = officer.post(
        plan_url("action_create", priority=priority.pk),
        action_form(lead_groups=[g.pk for g in leads], linked_strategies=[strategy.pk]),
    )
    assert response.status_code == 302
    assert response["Location"] == plan_url("priority_detail", priority=priority.pk) + "#actions"
    action = priority.actions.get(text="Run holiday activity clubs.")
    assert action.order == 5
    assert {g.name for g in action.ordered_lead_groups()} == {
        "Youth Direction",
        "Public Health Team",
    }
    assert (action.start_date, action.due_date) == (dt.date(2016, 4, 1), dt.date(2017, 3, 31))
    page = text(officer.get(plan_url("action_detail", priority=priority.pk, action=action.pk)))
    assert "Run holiday activity clubs." in page
    assert "Early Help Strategy" in page
    assert "1 April 2016 to 31 March 2017" in page
    history = text(officer.get(plan_url("action_history", priority=priority.pk, action=action.pk)))
    assert "Created – Key action: Run holiday activity clubs." in history
    assert f"by {OFFICER_NAME}" in history


def test_editing_a_key_action_keeps_the_lead_group_order(officer, plan):
    # Priority 2's third action is led by Youth Direction, then Early Help Implementation Team.
    priority = plan.priorities.get(order=2)
    action = priority.actions.get(order=3)
    assert [g.name for g in action.ordered_lead_groups()] == [
        "Youth Direction",
        "Early Help Implementation Team",
    ]
    url = plan_url("action_edit", priority=priority.pk, action=action.pk)
    groups = [group("Early Help Implementation Team"), group("Youth Direction"), group("SLSCB")]
    response = officer.post(
        url,
        action_form(
            text=action.text,
            lead_groups=[g.pk for g in groups],
            linked_strategies=[s.pk for s in action.ordered_strategies()],
            **date_fields("start_date", ("1", "4", "2015")),
            **date_fields("due_date", ("31", "3", "2018")),
        ),
    )
    assert response.status_code == 302
    assert [g.name for g in KeyAction.objects.get(pk=action.pk).ordered_lead_groups()] == [
        "Youth Direction",
        "Early Help Implementation Team",
        "SLSCB",
    ]
    history = text(officer.get(plan_url("action_history", priority=priority.pk, action=action.pk)))
    assert "Changed – Key action: Deliver support for 'at risk' families" in history
    assert f"by {OFFICER_NAME}" in history


BAD_ACTIONS = [
    ("no-text", {"text": ""}, "Enter the key action"),
    (
        "due-before-start",
        date_fields("due_date", ("31", "3", "2016")),
        "The due date must be the same as or after the start date",
    ),
    (
        "impossible-date",
        date_fields("start_date", ("30", "2", "2016")),
        "Start date must be a real date",
    ),
    ("unknown-group", {"lead_groups": ["999999"]}, "Select a valid choice"),
]


@pytest.mark.parametrize(
    ("overrides", "message"), [c[1:] for c in BAD_ACTIONS], ids=[c[0] for c in BAD_ACTIONS]
)
def test_key_action_refused(officer, priority, overrides, message):
    before = counts()
    response = officer.post(
        plan_url("action_create", priority=priority.pk), action_form(**overrides)
    )
    assert_refused(response, message, check_links="lead_groups" not in overrides)
    assert counts() == before


def test_key_action_refuses_another_partnerships_group(officer, priority):
    kent_group = Group.objects.filter(partnership__slug="kent").first()
    before = counts()
    response = officer.post(
        plan_url("action_create", priority=priority.pk), action_form(lead_groups=[kent_group.pk])
    )
    assert_refused(response, "Select a valid choice", check_links=False)
    assert counts() == before


def test_move_and_delete_a_key_action(officer, priority):
    first = priority.actions.get(order=1)
    move = plan_url("action_move", priority=priority.pk, action=first.pk)
    response = officer.post(move, {"direction": "down"})
    assert response["Location"] == plan_url("priority_detail", priority=priority.pk) + "#actions"
    assert KeyAction.objects.get(pk=first.pk).order == 2
    delete = plan_url("action_delete", priority=priority.pk, action=first.pk)
    assert "Delete key action?" in text(officer.get(delete))
    response = officer.post(delete, follow=True)
    assert "Key action deleted" in text(response)
    assert list(priority.actions.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


# Sections --------------------------------------------------------------------------------------


def test_add_edit_and_delete_a_section(officer, plan):
    response = officer.post(
        plan_url("section_create"),
        {"title": "Consultation", "key": "consultation", "body": "### Who we asked\n- Pupils"},
    )
    assert response.status_code == 302
    section = plan.sections.get(key="consultation")
    assert section.order == plan.sections.count()
    page = officer.get(response["Location"]).content.decode()
    assert '<h3 class="govuk-heading-s">Who we asked</h3>' in page
    edit = plan_url("section_edit", section=section.pk)
    assert officer.post(edit, {"title": "Views", "key": "views", "body": ""}).status_code == 302
    assert PlanSection.objects.get(pk=section.pk).key == "views"
    history = text(officer.get(plan_url("section_history", section=section.pk)))
    assert re.search(
        r"<th[^>]*>Title</th>\s*<td[^>]*>Consultation</td>\s*<td[^>]*>Views</td>", history
    )
    delete = plan_url("section_delete", section=section.pk)
    assert "Delete this section?" in text(officer.get(delete))
    assert officer.post(delete).status_code == 302
    assert not plan.sections.filter(pk=section.pk).exists()
    assert list(plan.sections.order_by("order").values_list("order", flat=True)) == list(
        range(1, plan.sections.count() + 1)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"title": "Foreword again", "key": "foreword"},
            "Another section of this plan already uses this short name; choose a different one",
        ),
        ({"title": "X", "key": "Not a slug"}, "Use lower-case letters, digits and single hyphens"),
        ({"title": "", "key": "ok"}, "Enter the heading"),
    ],
    ids=["duplicate-key", "bad-key", "no-heading"],
)
def test_section_refused(officer, plan, data, message):
    before = counts()
    response = officer.post(plan_url("section_create"), {"body": "", **data})
    assert_refused(response, message)
    assert counts() == before


def test_move_a_section(officer, plan):
    second = plan.sections.get(order=2)
    response = officer.post(plan_url("section_move", section=second.pk), {"direction": "up"})
    assert response["Location"] == plan_url("plan_detail") + "#sections"
    assert PlanSection.objects.get(pk=second.pk).order == 1
    assert plan.sections.get(order=2).key == "foreword"


# Deleting a plan -------------------------------------------------------------------------------


def test_delete_a_plan_after_confirming(officer, plan):
    confirm = text(officer.get(plan_url("plan_delete")))
    assert "Delete this plan?" in confirm
    assert "Groups, strategies and indicators stay" in confirm
    groups = Group.objects.count()
    response = officer.post(plan_url("plan_delete"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "plans:plan_list", kwargs={"partnership": STOCKTON}
    )
    assert not Plan.objects.filter(partnership__slug=STOCKTON, slug=SLUG).exists()
    assert Group.objects.count() == groups
    assert "There is no published plan yet." in text(response)


# Who sees the controls -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "can_edit", "can_see_history"),
    [
        ("anonymous", False, False),
        ("board", False, True),
        ("contributor", False, True),
        ("governance", False, True),
        ("officer", True, True),
        ("administrator", True, True),
    ],
)
def test_plan_page_controls_follow_the_role(client_for, plan, role, can_edit, can_see_history):
    html = text(client_for(role).get(plan_url("plan_detail")))
    assert ("Edit details" in html) is can_edit
    assert ("Add a priority" in html) is can_edit
    assert ("Move up" in html) is can_edit
    assert ("Changes to this plan" in html) is can_see_history
    # Everyone can read the plan and download it.
    assert "Ensure children and young people are safe and feel safe" in html
    assert "Download plan file (YAML)" in html
