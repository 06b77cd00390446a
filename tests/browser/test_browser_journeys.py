"""What people do with the product, in a real browser: build a plan, make mistakes and recover,
read a published plan, use the keyboard, sign out. And screenshots for people to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

REPO_ROOT = Path(__file__).resolve().parents[2]
KENT_PLAN_FILE = REPO_ROOT / "data" / "demo" / "kent-cypf.yaml"
FINGERTIPS_FILE = (
    REPO_ROOT / "data/open/fingertips/fingertips_90284_hosp_admissions_injuries_0_14_ctyua.csv"
)
# A DfE tidy file: the test database has none of the pack's mappings, so it asks for one.
EES_FILE = REPO_ROOT / "data/open/ees/cla_number_and_rate_per_10k_children.csv"
STOCKTON = "/p/stockton-on-tees"
STOCKTON_PLAN = f"{STOCKTON}/plans/cypp-2015-2018/"
LEAD_GROUP = "Early Help Implementation Team"
OFFICER_NAME = "Partnership officer"

# The delivery journey.
ROUND = "Year-end 2015/16"
NARRATIVE = "Fewer families than planned have been offered an early help assessment."
REMEDIAL = "A briefing on early help assessments for every GP practice by the end of March."
COMMENT = "Please bring the early help assessment figures to the next meeting."

# Controls only people who may change the plan should see.
EDIT_CONTROL = re.compile(r"^\s*(Edit|Change|Delete|Remove|Move|Add|Create|Import)\b")


def focused_element(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const e = document.activeElement;
          return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || '').trim(),
                  inErrorSummary: !!e.closest('.govuk-error-summary')}; }"""
    )


def fill_date(page: Any, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into the Design System's day / month / year boxes under ``legend``."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def save(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Save").click()


# (a) An officer builds a plan ----------------------------------------------------------------


def test_officer_builds_a_plan_with_the_forms(page: Any, live_small: Any, sign_in_as: Any) -> None:
    sign_in_as(page, live_small, "officer")
    page.goto(live_small.at(f"{STOCKTON}/"))
    page.get_by_role("button", name="Create a plan").click()
    expect(page.locator("h1")).to_have_text("Create a plan")

    page.get_by_label("Title").fill("Children and Young People's Plan 2025 to 2028")
    page.get_by_label("Short name for web addresses").fill("cypp-2025-2028")
    page.get_by_label("Priority", exact=True).check()
    fill_date(page, "Start of the plan period", "1", "4", "2025")
    fill_date(page, "End of the plan period", "31", "3", "2028")
    page.get_by_label("Vision").fill("Every child in Stockton-on-Tees has the best start in life.")
    page.get_by_label("Aims").fill("Keep children safe\nHelp families early")
    save(page)

    expect(page).to_have_url(re.compile(r"/plans/cypp-2025-2028/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan created")
    expect(page.locator("h1")).to_have_text("Children and Young People's Plan 2025 to 2028")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Draft")
    expect(page.locator(".govuk-summary-list")).to_contain_text("April 2025 to March 2028")
    expect(page.locator("main")).to_contain_text("Help families early")

    # A priority.
    page.get_by_role("button", name="Add a priority").click()
    page.get_by_label("Title").fill("Give every child the best start in life")
    page.get_by_label("Description").fill("From pregnancy to starting school.")
    save(page)
    expect(page.locator("h1")).to_have_text("Give every child the best start in life")
    priority_url = page.url

    # A success criterion.
    page.get_by_role("button", name="Add a success criterion").click()
    page.get_by_label("Success criterion").fill("More children are ready for school")
    save(page)
    expect(page.locator("#criteria ~ .app-ordered-list").first).to_contain_text(
        "More children are ready for school"
    )

    # Two key actions, the first led by a group ticked on the form.
    actions = ["Open two more family hubs", "Train every nursery in speech and language"]
    for number, text in enumerate(actions, start=1):
        page.get_by_role("button", name="Add a key action").click()
        page.get_by_label("Key action", exact=True).fill(text)
        if number == 1:
            page.get_by_label(LEAD_GROUP, exact=True).check()
            fill_date(page, "Start date", "1", "9", "2025")
            fill_date(page, "Due date", "31", "3", "2026")
        save(page)
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Key action added")
    rows = page.locator(".app-action-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(actions[0])
    expect(rows.nth(0)).to_contain_text(LEAD_GROUP)
    expect(rows.nth(1)).to_contain_text("Not set")

    # Reorder them: down, then back up.
    page.get_by_role("button", name="Move down key action 1").click()
    expect(rows.nth(0)).to_contain_text(actions[1])
    expect(rows.nth(1)).to_contain_text(actions[0])
    page.get_by_role("button", name="Move up key action 2").click()
    expect(rows.nth(0)).to_contain_text(actions[0])
    expect(rows.nth(1)).to_contain_text(actions[1])

    # The priority's history lists each change, with the officer's name.
    page.goto(priority_url)
    page.get_by_role("link", name="Changes to this priority").click()
    expect(page.locator("h1")).to_have_text("Changes to priority 1")
    history = page.locator(".app-history__entry")
    expect(history.filter(has_text=f"Created – Key action: {actions[0]}")).to_have_count(1)
    expect(history.filter(has_text="Created – Success criterion")).to_have_count(1)
    moves = history.filter(has_text="Position")
    expect(moves).not_to_have_count(0)
    for entry in history.all():
        expect(entry).to_contain_text(f"by {OFFICER_NAME}")


# (b) Mistakes on a form --------------------------------------------------------------------------


def test_plan_form_errors_are_summarised_focused_and_linked(
    page: Any, live_small: Any, sign_in_as: Any
) -> None:
    sign_in_as(page, live_small, "officer")
    page.goto(live_small.at(f"{STOCKTON}/plans/new/"))
    page.get_by_label("Short name for web addresses").fill("cypp-2025")
    fill_date(page, "Start of the plan period", "31", "2", "2025")
    fill_date(page, "End of the plan period", "31", "3", "2028")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main form").get_by_role("button", name="Save").click()
    assert answer.value.status == 400
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    # At the top of the content, above the heading...
    summary_top = summary.bounding_box()["y"]
    assert summary_top < page.locator("h1").bounding_box()["y"]
    # ...and focused by GOV.UK Frontend's script, so a screen reader announces it.
    assert focused_element(page)["inErrorSummary"], focused_element(page)

    # The field keeps its own error message and what was typed elsewhere is kept.
    expect(page.locator("#div_id_title .govuk-error-message")).to_contain_text("Enter the title")
    expect(page.get_by_label("Short name for web addresses")).to_have_value("cypp-2025")

    # The summary's link takes the person to the field.
    summary.get_by_role("link", name="Enter the title").click()
    assert focused_element(page)["id"] == "id_title", focused_element(page)
    expect(page.get_by_label("Title")).to_be_in_viewport()

    # The impossible date is reported too.
    expect(summary.get_by_role("link", name=re.compile("Start of the plan period"))).to_have_count(
        1
    )

    # Put it right: the plan is created.
    page.get_by_label("Title").fill("A plan with its mistakes put right")
    fill_date(page, "Start of the plan period", "1", "4", "2025")
    save(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan created")


# (c) The public reads the published plan ----------------------------------------------------------


def assert_no_edit_controls(page: Any) -> None:
    main = page.locator("main")
    for role in ("link", "button"):
        controls = main.get_by_role(role, name=EDIT_CONTROL)
        assert controls.count() == 0, (
            f"the public sees {role}s {controls.all_inner_texts()} on {page.url}"
        )
    expect(main.get_by_role("link", name=re.compile(r"^Changes to"))).to_have_count(0)


def test_public_reads_the_adopted_plan_without_edit_controls(page: Any, live_demo: Any) -> None:
    from partnership.plans.models import Plan
    from partnership.plans.services import plan_create
    from partnership.web.models import Partnership

    plan = Plan.objects.get(partnership__slug="stockton-on-tees", slug="cypp-2015-2018")
    plan_create(
        partnership=Partnership.objects.get(slug="stockton-on-tees"),
        by=None,
        slug="next-plan",
        title="Our next plan",
    )

    page.goto(live_demo.at("/"))
    expect(page.locator("main")).not_to_contain_text("Our next plan")
    page.get_by_role("link", name=plan.title).click()
    expect(page.locator("h1")).to_have_text(plan.title)
    expect(page.locator(".govuk-summary-list")).to_contain_text("Adopted")
    assert_no_edit_controls(page)
    expect(page.get_by_role("link", name="Delivery plan", exact=True)).to_be_visible()

    priorities = page.locator("#priorities ~ .app-ordered-list").first.locator("li")
    assert priorities.count() >= 3
    first = plan.priorities.order_by("order").first()
    priorities.first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(first.title)
    expect(page.locator(".app-action-table tbody tr").first).to_be_visible()
    assert_no_edit_controls(page)

    page.locator(".app-action-table tbody tr").first.get_by_role("link").last.click()
    expect(page.locator("h1")).to_have_text("Key action")
    assert_no_edit_controls(page)

    page.goto(live_demo.at(STOCKTON_PLAN))
    page.locator("#sections ~ .app-ordered-list").first.get_by_role("link").first.click()
    assert_no_edit_controls(page)

    # A draft plan does not exist as far as the public can tell.
    response = page.goto(live_demo.at(f"{STOCKTON}/plans/next-plan/"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page).to_have_title(re.compile("^Page not found"))


# (d) The keyboard --------------------------------------------------------------------------------


def test_first_tab_focuses_the_skip_link(page: Any, live_small: Any) -> None:
    page.goto(live_small.at("/"))
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()  # hidden until focused
    page.keyboard.press("Tab")
    assert focused_element(page) == {
        "tag": "a",
        "id": "",
        "text": "Skip to main content",
        "inErrorSummary": False,
    }
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # now shown
    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "main-content"


# (e) Signing out ---------------------------------------------------------------------------------


def test_sign_out_returns_home_signed_out(page: Any, live_small: Any, sign_in_as: Any) -> None:
    sign_in_as(page, live_small, "officer")
    page.goto(live_small.at(f"{STOCKTON}/plans/"))
    bar = page.locator(".app-account-bar")
    expect(bar).to_contain_text(f"Signed in as {OFFICER_NAME}")
    bar.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(live_small.at("/"))
    expect(bar).not_to_contain_text("Signed in as")
    expect(bar.get_by_role("link", name="Sign in")).to_be_visible()
    # The session is gone: an editing page asks to sign in again.
    page.goto(live_small.at(f"{STOCKTON}/plans/new/"))
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next="))


# Forms whose bugs were found here and fixed: these keep them fixed.


def test_sign_in_sent_empty_shows_the_error_summary(page: Any, live_small: Any) -> None:
    page.goto(live_small.at("/account/sign-in/"))
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_be_visible(timeout=1000)


def test_account_form_labels_look_like_the_other_forms(page: Any, live_small: Any) -> None:
    page.goto(live_small.at("/account/sign-in/"))
    classes = page.locator("main form label.govuk-label").evaluate_all(
        "labels => labels.map(label => label.className)"
    )
    assert classes, "no labels on the sign-in form"
    assert all("govuk-label--s" in c.split() for c in classes), classes


def test_date_error_link_moves_focus_to_the_date(
    page: Any, live_small: Any, sign_in_as: Any
) -> None:
    sign_in_as(page, live_small, "officer")
    page.goto(live_small.at(f"{STOCKTON}/plans/new/"))
    fill_date(page, "Start of the plan period", "31", "2", "2025")
    page.locator("main form").get_by_role("button", name="Save").click()
    link = page.locator(".govuk-error-summary").get_by_role(
        "link", name=re.compile("Start of the plan period")
    )
    link.click()
    assert focused_element(page)["id"] == "id_period_start_0", focused_element(page)


# (f) Delivery: an update round, from opening it to the champion's comment ----------------------


def test_update_round_from_opening_to_the_champions_comment(
    page: Any, live_demo: Any, sign_in_as: Any, audit_for: Any, mailoutbox: Any
) -> None:
    """The officer opens a round for two priorities; the lead group's contributor answers it,
    first forgetting the remedial action an action at risk needs; the officer watches the round
    fill, finds the action on the exception list and closes the round; the priority's champion
    reads the compiled update and comments on it. axe checks every page on the way."""
    import datetime as dt

    from django.utils import timezone

    from partnership.plans.models import Plan

    plan = Plan.objects.get(partnership__slug="stockton-on-tees", slug="cypp-2015-2018")
    audit = audit_for(page, live_demo)
    page = audit.page  # the tab the audit checks when asked to

    def look(name: str) -> None:
        audit.check_current(name)
        audit.finish()  # before the page moves on, which would lose axe's answer

    def send(button: str, status: int) -> None:
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("main form").get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert answer.value.status == status, answer.value.status

    def open_delivery() -> None:
        """From the partnership's home, as its people find it: Actions, then delivery."""
        page.goto(live_demo.at(f"{STOCKTON}/"))
        sections = page.get_by_role("navigation", name="Sections")
        sections.get_by_role("link", name="Actions", exact=True).click()
        page.get_by_role("link", name=re.compile(r"^How delivery is going")).click()
        expect(page.locator("h1")).to_have_text("Delivery of the key actions")

    # The officer opens a round for priorities 1 and 2.
    sign_in_as(page, live_demo, "officer")
    open_delivery()
    look("Delivery home (officer)")
    page.get_by_role("button", name=f"Open an update round for {plan.title}").click()
    expect(page.locator("h1")).to_have_text("Open an update round")
    look("Open an update round")
    page.get_by_label("Name of the round").fill(ROUND)
    deadline = timezone.localdate() + dt.timedelta(days=14)
    fill_date(page, "Deadline", str(deadline.day), str(deadline.month), str(deadline.year))
    boxes = page.get_by_role("group", name="Priorities in the round").get_by_role("checkbox")
    expect(boxes).to_have_count(plan.priorities.count())
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(i < 2)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Open the round").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Round opened")
    expect(page.locator("h1")).to_have_text(ROUND)
    round_url = page.url
    updates = page.locator(".govuk-summary-list__row", has_text="Updates")
    opened = re.search(r"0 of (\d+) key actions updated \(0%\)", updates.inner_text())
    assert opened, updates.inner_text()
    total = int(opened.group(1))
    expect(page.locator(".govuk-summary-list")).to_contain_text("Priority 1, Priority 2")
    by_group = page.get_by_role("table", name="By lead group")
    group_row = by_group.locator("tbody tr", has_text=LEAD_GROUP)
    expect(group_row).to_contain_text("Not started")
    look("The round, just opened")
    # The lead group was emailed a link to its to-do list.
    todo_path = group_row.get_by_role("link", name=LEAD_GROUP).get_attribute("href")
    assert todo_path
    emailed = [m for m in mailoutbox if "contributor@example.org" in m.to]
    assert emailed and todo_path in emailed[-1].body, [m.subject for m in mailoutbox]

    # The contributor finds the round among the group's actions and answers it.
    sign_in_as(page, live_demo, "contributor")
    open_delivery()
    look("Delivery home (contributor)")
    page.get_by_role("link", name="Actions your groups lead").click()
    expect(page.locator("h1")).to_have_text("Actions your groups lead")
    look("Actions your groups lead")
    page.locator(".govuk-inset-text").get_by_role("link", name=f"{ROUND}: {LEAD_GROUP}").click()
    expect(page.locator("h1")).to_have_text(f"{LEAD_GROUP}: key actions to update")
    assert page.url.endswith(todo_path)
    look("The group's to-do list")
    to_do = page.locator("tbody tr", has_text="To do")
    remaining = to_do.count()
    assert remaining >= 2, "the group should have actions to update in both priorities"
    row = to_do.first
    action_text = row.get_by_role("link").first.inner_text()
    priority = row.locator(".govuk-hint").inner_text()
    row.get_by_role("link", name=re.compile(r"^Update progress")).click()
    expect(page.locator("h1")).to_have_text("Update progress")
    expect(page.locator("main")).to_contain_text(action_text)
    look("Update progress (contributor)")

    page.get_by_label("At risk", exact=True).check()
    page.get_by_label("What has happened since the last update").fill(NARRATIVE)
    send("Send update", 400)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look("Update progress: at risk without a remedial action")
    expect(page.get_by_label("At risk", exact=True)).to_be_checked()  # what was chosen is kept
    expect(page.get_by_label("What has happened since the last update")).to_have_value(NARRATIVE)
    summary.get_by_role("link", name=re.compile(r"^Say what will be done")).click()
    assert focused_element(page)["id"] == "id_remedial_action", focused_element(page)
    expect(page.get_by_label("Remedial action", exact=True)).to_be_in_viewport()
    summary.get_by_role("link", name="Say who owns the remedial action").click()
    assert focused_element(page)["id"] == "id_remedial_owner", focused_element(page)

    page.get_by_label("Remedial action", exact=True).fill(REMEDIAL)
    page.get_by_label("Owner of the remedial action").fill("Head of Early Help")
    send("Send update", 302)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update sent")
    delivery = page.locator("#delivery + .govuk-summary-list")
    expect(delivery).to_contain_text("At risk")
    expect(delivery).to_contain_text(REMEDIAL)
    expect(page.locator("#updates ~ .app-update").first).to_contain_text(NARRATIVE)
    look("Key action page after the update")
    page.goto(live_demo.at(todo_path))
    expect(page.locator("tbody tr", has_text="To do")).to_have_count(remaining - 1)
    expect(page.locator("tbody tr", has_text=action_text)).to_contain_text("Updated")
    look("The group's to-do list, one action updated")

    # The officer sees the round fill and the action on the exception list, then closes it.
    sign_in_as(page, live_demo, "officer")
    page.goto(round_url)
    expect(updates).to_contain_text(f"1 of {total} key actions updated")
    expect(group_row).to_contain_text("In progress")
    look("The round with its first update")
    open_delivery()
    page.get_by_role("link", name=re.compile(r"^Actions at risk or off track")).click()
    exception = page.locator("tbody tr", has_text=action_text)
    expect(exception).to_contain_text("At risk")
    expect(exception).to_contain_text(REMEDIAL)
    expect(exception).to_contain_text("Head of Early Help")
    look("Actions at risk or off track")
    page.goto(round_url)
    page.get_by_role("button", name="Close the round").click()
    expect(page.locator("h1")).to_have_text(f"Close “{ROUND}”?")
    look("Close the round?")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Close the round").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Round closed")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Closed")
    look("The round, closed")
    assert any("board@example.org" in m.to for m in mailoutbox), [m.to for m in mailoutbox]

    # The champion reads the compiled update and comments on it.
    sign_in_as(page, live_demo, "board")
    page.goto(round_url)
    page.get_by_role("link", name=f"Read the compiled update for {priority}").click()
    expect(page.locator("h1")).to_have_text(priority)
    item = page.locator(".app-lettered__item", has_text=action_text)
    expect(item).to_contain_text("At risk")
    expect(item).to_contain_text(NARRATIVE)
    expect(item).to_contain_text(REMEDIAL)
    look("Compiled update (champion)")
    send("Add comment", 400)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look("Compiled update, comment sent empty")
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter your comment").click()
    assert focused_element(page)["id"] == "id_text", focused_element(page)
    page.get_by_label("Your comment for the board").fill(COMMENT)
    send("Add comment", 302)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Comment added")
    expect(page.locator("#comments ~ .govuk-inset-text").last).to_contain_text(COMMENT)
    look("Compiled update with the champion's comment")
    audit.assert_clean()
    assert len(audit.checked) == 17, audit.checked


# Screenshots for people --------------------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("SAVE_SCREENSHOTS", "").strip() != "1",
    reason="screenshots are saved only when SAVE_SCREENSHOTS=1",
)
def test_save_screenshots(page: Any, live_demo: Any, sign_in_as: Any, save_screenshot: Any) -> None:
    from partnership.plans.models import Plan

    plan = Plan.objects.get(partnership__slug="stockton-on-tees", slug="cypp-2015-2018")
    priority = plan.priorities.order_by("order").first()
    saved = []

    page.goto(live_demo.at("/"))
    saved.append(save_screenshot(page, "home"))
    page.goto(live_demo.at(f"{STOCKTON_PLAN}priorities/{priority.pk}/"))
    saved.append(save_screenshot(page, "stockton-priority-1-public"))

    sign_in_as(page, live_demo, "officer")
    page.goto(live_demo.at(STOCKTON_PLAN))
    expect(page.get_by_role("button", name="Move down Priority 1")).to_be_visible()
    saved.append(save_screenshot(page, "plan-editor-officer"))
    page.goto(live_demo.at(f"{STOCKTON}/plans/new/"))
    fill_date(page, "Start of the plan period", "31", "2", "2025")
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    saved.append(save_screenshot(page, "create-plan-errors"))

    sign_in_as(page, live_demo, "administrator")
    page.goto(live_demo.at("/p/kent/plans/import/"))
    page.get_by_label("Plan file").set_input_files(str(KENT_PLAN_FILE))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_have_text("Check what the import will change")
    saved.append(save_screenshot(page, "import-preview"))
    page.goto(live_demo.at("/p/kent/plans/import/"))
    changed = KENT_PLAN_FILE.read_bytes().replace(
        b"title: Children and Young People's Framework",
        b"title: Children and Young People's Framework (revised)",
    )
    page.get_by_label("Plan file").set_input_files(
        {"name": "kent-cypf.yaml", "mimeType": "application/yaml", "buffer": changed}
    )
    page.get_by_role("button", name="Check the file").click()
    page.locator(".govuk-details__summary").click()
    saved.append(save_screenshot(page, "import-preview-with-changes"))

    # Importing values: the real Fingertips export checked and previewed, and a DfE tidy file's
    # columns being mapped.
    sign_in_as(page, live_demo, "officer")
    page.goto(live_demo.at(f"{STOCKTON}/performance/import/"))
    saved.append(save_screenshot(page, "values-upload"))
    page.get_by_label("Data file").set_input_files(str(FINGERTIPS_FILE))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("h1")).to_have_text("Check what the import will change")
    page.locator(".govuk-details__summary").click()
    saved.append(save_screenshot(page, "values-preview"))
    page.goto(live_demo.at(f"{STOCKTON}/performance/import/"))
    page.get_by_label("Data file").set_input_files(str(EES_FILE))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("link", name="Map the columns").click()
    saved.append(save_screenshot(page, "values-mapping"))

    for path in saved:
        assert path is not None and path.stat().st_size > 10_000, path
