"""Search as a visitor uses it: the empty page, a search with results, one with none, and a
refused query with its error summary, each checked by axe (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from partnership.governance import search
from partnership.governance.meeting_models import AgendaItem, Meeting, MeetingStatus
from partnership.governance.models import Group
from partnership.web.models import Partnership

STOCKTON = "stockton-on-tees"


def _published_meeting() -> None:
    partnership = Partnership.objects.get(slug=STOCKTON)
    board = Group.objects.get_or_create(partnership=partnership, name="Search Journey Board")[0]
    start = dt.datetime(2021, 1, 5, 14, tzinfo=ZoneInfo("Europe/London"))
    meeting = Meeting.objects.create(
        group=board, start=start, status=MeetingStatus.HELD, agenda_published_at=start
    )
    for n in range(1, 23):
        AgendaItem.objects.create(
            meeting=meeting,
            order=n,
            number=n,
            title=f"Zephyrine item {n}",
            description="Tackling child exploitation across the partnership.",
        )
    search.index_meeting(meeting=meeting)


def test_a_visitor_searches_published_material(page, live_small, audit_for):
    _published_meeting()
    audit = audit_for(page, live_small)
    tab = page
    tab.goto(live_small.at(f"/p/{STOCKTON}/search/"))
    assert tab.locator("h1").inner_text() == "Search"
    audit.check(tab, "search: empty")

    tab.get_by_label("Search published agendas, minutes, one-minute guides and papers").fill(
        "zephyrine exploitation"
    )
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_load_state()
    assert (
        "22 results for “zephyrine exploitation”" in tab.locator("h2#results-heading").inner_text()
    )
    assert tab.locator(".app-search-result").count() == 20
    assert tab.locator(".app-search-result mark").count() >= 20
    audit.check(tab, "search: results, page 1")

    tab.get_by_role("link", name="Next page").click()
    tab.wait_for_load_state()
    assert tab.locator(".app-search-result").count() == 2
    audit.check(tab, "search: results, page 2")

    tab.get_by_label("Search published agendas, minutes, one-minute guides and papers").fill(
        "quillwort"
    )
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_load_state()
    assert "No results for “quillwort”." in tab.locator("main").inner_text()
    audit.check(tab, "search: no results")

    tab.get_by_label("Search published agendas, minutes, one-minute guides and papers").fill("!!!")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_load_state()
    summary = tab.locator(".govuk-error-summary")
    assert "Enter words to search for" in summary.inner_text()
    assert tab.title().startswith("Error: ")
    summary.get_by_role("link").first.click()
    assert tab.evaluate("document.activeElement.id") == "id_q"
    audit.check(tab, "search: refused query")

    audit.assert_clean()
