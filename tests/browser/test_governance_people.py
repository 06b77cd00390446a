"""A governance officer keeps a board's membership in a real browser: adds a post and a member
(first with mistakes), replaces the member in one step with the resolution minuted, and reads
the person's page, the current and past members and the register of interests, as the public
does too. Every page is checked by axe (WCAG 2.2 AA) and for what axe cannot check."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import expect

STOCKTON = "/p/stockton-on-tees"
BOARD = "Children's Partnership Board"
RESOLUTION = (
    "Michelle Strong (Bulwell Academy) replaces Derek Hobbs as Secondary Head Teacher "
    "representative"
)


@dataclass
class Visit:
    name: str
    path: str
    then: Any = None
    status: int = 200


def fill_date(page: Any, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def submit(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=name).click()


def make_board() -> tuple[Any, Any]:
    from django.utils import timezone

    from partnership.governance.meeting_models import AgendaItem, Meeting
    from partnership.governance.models import Group
    from partnership.web.models import Partnership

    partnership = Partnership.objects.get(slug="stockton-on-tees")
    group = Group.objects.create(partnership=partnership, name=BOARD, classification="board")
    meeting = Meeting.objects.create(
        group=group,
        start=timezone.make_aware(dt.datetime(2021, 1, 5, 14, 0)),
        status="held",
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=4,
        number=15,
        title="Membership Update",
        standing="membership",
        kind="standing",
    )
    return group, item


def test_officer_keeps_a_boards_membership(
    page: Any, live_small: Any, sign_in_as: Any, audit_for: Any
) -> None:
    from partnership.governance.meeting_models import ItemMinute

    group, item = make_board()
    members = f"{STOCKTON}/groups/{group.pk}/members/"
    audit = audit_for(page, live_small)

    def check(name: str) -> None:
        audit.check(page, name)
        audit.finish()

    sign_in_as(page, live_small, "officer")
    page.goto(live_small.at(members))
    expect(page.locator("h1")).to_have_text("Current members")
    check("members, empty")

    # A post (the seat).
    page.get_by_role("link", name="Add a post").click()
    expect(page.locator("h1")).to_contain_text("post")
    check("add a post")
    page.get_by_label("Post", exact=True).fill("Secondary Head Teacher representative")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Post added")

    # A member, first with mistakes: no person and an end before the start.
    page.get_by_role("button", name="Add a member").click()
    fill_date(page, "Start date", dt.date(2018, 9, 1))
    fill_date(page, "End date", dt.date(2018, 8, 1))
    submit(page, "Save")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the person from the list, or type a new person's name")
    check("add a member, with errors")
    summary.get_by_role("link").first.click()
    page.get_by_label("New person's name").fill("Derek Hobbs")
    page.get_by_label("Post (optional)").select_option(
        label="Secondary Head Teacher representative"
    )
    page.get_by_label("On behalf of (optional)").fill("Secondary schools")
    page.get_by_role("group", name="End date").get_by_label("Day").fill("")
    page.get_by_role("group", name="End date").get_by_label("Month").fill("")
    page.get_by_role("group", name="End date").get_by_label("Year").fill("")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Member added")
    expect(page.locator("main table").first).to_contain_text("Derek Hobbs")
    check("members, one member")

    # Replace him in one step, minuted under the Membership Update item.
    page.get_by_role("link", name="Replace Derek Hobbs").click()
    expect(page.locator("h1")).to_have_text("Replace Derek Hobbs")
    check("replace a member")
    page.get_by_label("New person's name").fill("Michelle Strong")
    page.get_by_label("New person's organisation (optional)").fill("Bulwell Academy")
    fill_date(page, "Date the new member starts", dt.date(2021, 1, 5))
    page.get_by_label("Minute it under (optional)").select_option(str(item.pk))
    submit(page, "Continue")
    expect(page.get_by_label("Resolution")).to_have_value(RESOLUTION)
    check("replace a member, the resolution to confirm")
    submit(page, "Save replacement")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Replacement saved")
    expect(page.locator("main table").first).to_contain_text("Michelle Strong")
    assert ItemMinute.objects.get(item=item).resolutions == [RESOLUTION]

    page.get_by_role("link", name="Michelle Strong").first.click()
    expect(page.locator("h1")).to_have_text("Michelle Strong")
    expect(page.locator("main")).to_contain_text("From 5 January 2021")
    check("person page")
    page.get_by_role("link", name="Add to the register of interests").click()
    submit(page, "Add to the register")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the kind of interest")
    check("register an interest, with errors")
    page.get_by_label("Employment, office, trade or profession").check()
    page.get_by_label("Description").fill("Head teacher")
    page.get_by_label("Organisation (optional)").fill("Bulwell Academy")
    submit(page, "Add to the register")
    expect(page.locator("main")).to_contain_text("Head teacher")

    # What the public sees.
    page.context.clear_cookies()
    visits = [
        Visit("people", f"{STOCKTON}/people/"),
        Visit("people, searched", f"{STOCKTON}/people/?q=strong"),
        Visit("current members, public", members),
        Visit("past members, public", members + "past/"),
        Visit("register of interests, public", members + "register/"),
    ]
    audit.run(visits)
    page.goto(live_small.at(members + "past/"))
    expect(page.locator("main table")).to_contain_text("Derek Hobbs")
    expect(page.locator("main table")).to_contain_text("4 January 2021")
    expect(page.get_by_role("link", name=re.compile(r"^(Replace|Edit|End)\b"))).to_have_count(0)
    page.goto(live_small.at(members + "register/"))
    expect(page.locator("main")).to_contain_text("Head teacher")
    assert re.search(r"/members/register/$", page.url)
    audit.assert_clean()
