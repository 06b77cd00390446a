"""Minutes and the forward plan in a real browser: an officer edits the minutes, makes a
mistake adding an action arising and recovers, circulates them, confirms them at the next
meeting with an amendment, compares versions; a partner suggests a forward-plan item. Every
page is checked with axe (WCAG 2.2 AA) and for what axe cannot check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

LONDON = ZoneInfo("Europe/London")
STOCKTON = "/p/stockton-on-tees"


@dataclass
class Visit:
    name: str
    path: str
    then: Callable[[Any], None] | None = None
    status: int = 200


def _scene() -> dict[str, Any]:
    from partnership.governance import forward, meetings
    from partnership.governance import minutes as service
    from partnership.governance.meeting_models import Attendance, Person, StandingItem
    from partnership.governance.models import Group
    from partnership.web.models import Partnership, User

    officer = User.objects.get(username="officer")
    partnership = Partnership.objects.get(slug="stockton-on-tees")
    group = Group.objects.get_or_create(partnership=partnership, name="Browser minutes board")[0]

    def meeting(day: dt.date) -> Any:
        return meetings.meeting_create(
            group=group,
            by=officer,
            start=dt.datetime(day.year, day.month, day.day, 16, tzinfo=LONDON),
            venue="Loxley House",
            status="held",
        )

    september = meeting(dt.date(2020, 9, 29))
    plan = meetings.agenda_item_add(
        meeting=september, by=officer, title="Children and Young People's Plan"
    )
    minutes = service.minutes_for(september, by=officer)
    service.action_arising_add(
        item=plan, by=officer, description="Share the draft with heads", owner="Sophie Russell"
    )
    sophie = Person.objects.create(
        partnership=partnership, name="Sophie Russell", email="sophie@example.org"
    )
    Attendance.objects.create(meeting=september, person=sophie, status="present")
    january = meeting(dt.date(2021, 1, 5))
    for title, standing in [
        ("Minutes of the previous meeting", StandingItem.PREVIOUS_MINUTES),
        ("Matters arising", StandingItem.MATTERS_ARISING),
        ("Forward plan", StandingItem.FORWARD_PLAN),
    ]:
        meetings.agenda_item_add(meeting=january, by=officer, title=title, standing=standing)
    forward.forward_item_add(
        group=group, by=officer, title="Plan for adoption", target_month=dt.date(2031, 3, 1)
    )
    return {"group": group, "september": september, "january": january, "plan": plan, "m": minutes}


def test_minutes_journey(page: Any, live_demo: Any, sign_in_as: Any, audit_for: Any) -> None:
    scene = _scene()
    sep, jan, plan = scene["september"].pk, scene["january"].pk, scene["plan"].pk
    sign_in_as(page, live_demo, "officer")
    audit = audit_for(page, live_demo)

    # Edit the minutes: narrative, two points, a resolution.
    audit.visit(Visit("minutes edit", f"{STOCKTON}/meetings/{sep}/minutes/edit/"))
    audit.finish()  # axe's check must end before the page moves on
    tab = audit.page
    tab.get_by_label("Minutes of item").first.fill("Sophie Russell presented the draft plan.")
    tab.get_by_label("Discussion points").first.fill("a) the plan is simpler\n\nb) consultation")
    tab.get_by_label("Resolutions").first.fill("Resolved to note the draft plan.")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save minutes").click()
    expect(tab.locator(".govuk-notification-banner")).to_contain_text("Minutes saved")

    # An action arising with a mistake, then put right.
    audit.visit(Visit("add action", f"{STOCKTON}/meetings/{sep}/minutes/items/{plan}/actions/new/"))
    audit.finish()  # axe's check must end before the page moves on
    tab = audit.page
    tab.get_by_label("Owner", exact=True).fill("Head of Strategy")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save action").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Enter what is to be done")
    audit.check_current("add action with errors")
    audit.finish()
    tab.locator(".govuk-error-summary a").first.click()
    tab.get_by_label("Action", exact=True).fill("Bring the final plan to March")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save action").click()
    expect(tab.locator("main")).to_contain_text("Bring the final plan to March")
    audit.check_current("minutes with actions")
    audit.finish()

    # Circulate them.
    audit.visit(Visit("minutes status", f"{STOCKTON}/meetings/{sep}/minutes/status/"))
    audit.finish()  # axe's check must end before the page moves on
    tab = audit.page
    with tab.expect_navigation():
        tab.get_by_role("button", name="Circulate to attendees").click()
    expect(tab.locator("main")).to_contain_text("Emailed the minutes")
    audit.check_current("minutes circulated")
    audit.finish()

    # Confirm them at January's meeting, with an amendment.
    audit.visit(Visit("confirm previous", f"{STOCKTON}/meetings/{jan}/minutes/confirm-previous/"))
    audit.finish()  # axe's check must end before the page moves on
    tab = audit.page
    first = tab.get_by_role("group", name="Amendment 1")
    first.get_by_label("What was agreed").fill("amending the presenter's title")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Confirm as a true record").click()
    expect(tab.locator("main")).to_contain_text(
        "Subject to amending the presenter's title, the minutes of the meeting held on "
        "29 September 2020 were confirmed as a true record"
    )
    audit.check_current("january minutes")

    audit.run(
        [
            Visit("september minutes", f"{STOCKTON}/meetings/{sep}/minutes/"),
            Visit("versions", f"{STOCKTON}/meetings/{sep}/minutes/versions/"),
            Visit("compare", f"{STOCKTON}/meetings/{sep}/minutes/versions/compare/?from=1&to=2"),
            Visit("amend", f"{STOCKTON}/meetings/{sep}/minutes/amend/"),
            Visit("edit approved", f"{STOCKTON}/meetings/{sep}/minutes/edit/"),
            Visit("matters arising", f"{STOCKTON}/meetings/{jan}/minutes/matters-arising/"),
            Visit("open actions", f"{STOCKTON}/meetings/actions-arising/"),
            Visit("forward plan", f"{STOCKTON}/groups/{scene['group'].pk}/forward-plan/"),
            Visit("forward add", f"{STOCKTON}/groups/{scene['group'].pk}/forward-plan/new/"),
        ]
    )
    audit.assert_clean()


def test_a_partner_suggests_a_forward_plan_item(
    page: Any, live_demo: Any, sign_in_as: Any, audit_for: Any
) -> None:
    scene = _scene()
    group = scene["group"].pk
    sign_in_as(page, live_demo, "board")
    audit = audit_for(page, live_demo)
    audit.visit(Visit("forward plan", f"{STOCKTON}/groups/{group}/forward-plan/"))
    audit.finish()  # axe's check must end before the page moves on
    tab = audit.page
    with tab.expect_navigation():
        tab.get_by_role("link", name="Suggest an item").click()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Enter the item's title")
    audit.check_current("suggest with errors")
    audit.finish()
    tab.get_by_label("Title").fill("Young carers update")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save").click()
    expect(tab.locator("main")).to_contain_text("Suggested by Board member")
    audit.check_current("forward plan with suggestion")
    audit.assert_clean()
