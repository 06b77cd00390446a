"""A governance officer arranges a meeting in a real browser, makes a mistake and recovers,
builds the agenda, uploads a paper, records attendance; the public reads the agenda. Every page
is checked with axe (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

STOCKTON = "/p/stockton-on-tees"
GROUP = "Browser Test Partnership Board"

pytestmark = pytest.mark.browser


def _fill_date(page: Any, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_officer_builds_an_agenda_and_the_public_reads_it(
    page: Any, live_demo: Any, sign_in_as: Any, audit_for: Any, tmp_path: Any
) -> None:
    import datetime as dt

    from partnership.governance.meeting_models import Membership, Person
    from partnership.governance.models import Group
    from partnership.web.models import Partnership

    partnership = Partnership.objects.get(slug="stockton-on-tees")
    group = Group.objects.create(partnership=partnership, name=GROUP, classification="board")
    helen = Person.objects.create(partnership=partnership, name="Helen Blackman")
    Membership.objects.create(group=group, person=helen, start_date=dt.date(2020, 1, 1))

    audit = audit_for(page, live_demo)
    page = audit.page

    def look(name: str) -> None:
        audit.check_current(name)
        audit.finish()

    def follow(target: Any) -> None:
        # Wait for the page the click opens, or axe may check the page being left.
        with page.expect_navigation():
            target.click()

    sign_in_as(page, live_demo, "governance")
    page.goto(live_demo.at(f"{STOCKTON}/meetings/"))
    expect(page.locator("h1")).to_have_text("Meetings")
    look("Meetings (governance)")
    follow(page.get_by_role("button", name="Arrange a meeting"))
    look("Arrange a meeting")

    # A mistake first: an impossible time and no venue.
    page.get_by_label("Group").select_option(label=GROUP)
    _fill_date(page, "Date", "5", "1", "2021")
    page.get_by_label("Start time").fill("25:00")
    page.locator("main form").get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Start time must be a real time")
    look("Arrange a meeting (with errors)")
    summary.get_by_role("link", name=re.compile("Start time")).click()
    expect(page.get_by_label("Start time")).to_be_focused()

    page.get_by_label("Start time").fill("4pm")
    page.get_by_label("Venue").fill("Loxley House")
    page.get_by_label("Number of the first item (optional)").fill("12")
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text(GROUP)
    look("Agenda (empty, governance)")

    page.get_by_role("button", name="Add the standing items").click()
    expect(page.locator(".app-agenda")).to_contain_text("Apologies for absence")
    follow(page.get_by_role("button", name="Add an item"))
    look("Add an item")
    page.get_by_label("Title").fill("Draft Children and Young People's Plan")
    page.get_by_label("Presenter (optional)").fill("Head of Strategy")
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.locator(".app-agenda")).to_contain_text("18.")
    look("Agenda with items (governance)")

    follow(page.get_by_role("link", name=re.compile("^Upload a paper for item 18")))
    look("Upload a paper")
    not_pdf = tmp_path / "report.docx"
    not_pdf.write_bytes(b"PK\x03\x04 a word document")
    page.get_by_label("Title").fill("Draft plan")
    page.get_by_label("PDF file").set_input_files(str(not_pdf))
    page.locator("main form").get_by_role("button", name="Upload paper").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "“report.docx” is not a PDF: save it as PDF and upload that"
    )
    look("Upload a paper (not a PDF)")

    page.goto(page.url.split("/items/")[0] + "/attendance/")
    look("Attendance")
    page.get_by_label("Helen Blackman", exact=True).select_option("apologies")
    page.get_by_label("Note on Helen Blackman's attendance").fill("leave")
    page.locator("main form").get_by_role("button", name="Save attendance").click()
    expect(page.locator(".app-agenda")).to_contain_text("Helen Blackman (leave)")
    agenda = page.url
    follow(page.get_by_role("link", name="Declare an interest"))
    look("Declare an interest")
    page.goto(agenda)
    follow(page.get_by_role("button", name="Change status"))
    look("Change the meeting's status")
    page.get_by_label("Confirmed").check()
    page.locator("main form").get_by_role("button", name="Change status").click()
    page.get_by_role("button", name="Publish agenda").click()
    expect(page.locator("main")).to_contain_text("Agenda published")
    follow(page.get_by_role("button", name="Attendance statistics"))
    look("Attendance statistics")

    # The public reads the published agenda.
    page.context.clear_cookies()
    page.goto(agenda)
    expect(page.locator(".app-agenda")).to_contain_text("Draft Children and Young People's Plan")
    expect(page.get_by_role("link", name="Upload a paper", exact=False)).to_have_count(0)
    look("Agenda (public)")
    audit.assert_clean()
