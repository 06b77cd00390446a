"""A group's forward plan: planned items, partners' suggestions accepted or declined, scheduling
into a meeting (through the agenda services), the refusals, the pages and who may open them."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.governance import forward, meetings
from partnership.governance import minutes as minutes_service
from partnership.governance.meeting_models import (
    AgendaItem,
    ForwardPlanItem,
    ForwardPlanStatus,
    Meeting,
    MeetingStatus,
    StandingItem,
)
from partnership.governance.minutes_selectors import coming_items
from partnership.governance.models import Group
from partnership.web.models import Partnership, User

from ..conftest import ROLES

LONDON = ZoneInfo("Europe/London")
STOCKTON = "stockton-on-tees"


def officer() -> User:
    return User.objects.get(username="officer")


def board() -> Group:
    partnership = Partnership.objects.get(slug=STOCKTON)
    return Group.objects.get_or_create(partnership=partnership, name="Forward plan board")[0]


def meeting_on(day: dt.date, status: str = MeetingStatus.CONFIRMED, group=None) -> Meeting:
    start = dt.datetime(day.year, day.month, day.day, 16, 0, tzinfo=LONDON)
    return meetings.meeting_create(
        group=group or board(), by=officer(), start=start, venue="Loxley House", status=status
    )


def furl(name: str, group: Group, **extra) -> str:
    return reverse(f"forward:{name}", kwargs={"partnership": STOCKTON, "group": group.pk, **extra})


def main(response) -> str:
    page = response.content.decode()
    found = re.search(r"<main.*?</main>", page, re.S)
    words = re.sub(r"<[^>]+>", " ", found[0] if found else page)
    return re.sub(r"\s+", " ", htmllib.unescape(words))


def summary_errors(response) -> list[str]:
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert match, "no error summary on the page"
    items = re.findall(r"<li>(.*?)</li>", match[1], re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def future(days: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=days)


@pytest.fixture
def plan(demo):
    group = board()
    planned = forward.forward_item_add(
        group=group,
        by=officer(),
        title="Children and Young People's Plan for adoption",
        target_month=dt.date(2031, 3, 17),
    )
    suggested = forward.forward_item_suggest(
        group=group, by=User.objects.get(username="board"), title="Young carers update"
    )
    return group, planned, suggested


# Services --------------------------------------------------------------------------------------


def test_planned_items_and_suggestions(plan):
    _, planned, suggested = plan
    assert planned.status == ForwardPlanStatus.PLANNED
    assert planned.target_month == dt.date(2031, 3, 1)
    assert suggested.status == ForwardPlanStatus.SUGGESTED
    assert suggested.suggested_by == "Board member"


def test_accepting_and_declining_suggestions(plan):
    _, planned, suggested = plan
    with pytest.raises(ValidationError, match="Only a suggestion"):
        forward.forward_item_accept(item=planned, by=officer())
    with pytest.raises(ValidationError, match="Say why"):
        forward.forward_item_decline(item=suggested, by=officer(), reason="  ")
    assert ForwardPlanItem.objects.get(pk=suggested.pk).status == ForwardPlanStatus.SUGGESTED
    declined = forward.forward_item_decline(item=suggested, by=officer(), reason="Covered in May")
    assert (declined.status, declined.decline_reason) == ("declined", "Covered in May")
    with pytest.raises(ValidationError, match="Only a suggestion"):
        forward.forward_item_accept(item=declined, by=officer())


def test_scheduling_puts_the_item_on_the_agenda(plan):
    group, planned, _ = plan
    meeting = meeting_on(future(30))
    scheduled = forward.forward_item_schedule(
        item=planned, meeting=meeting, by=officer(), presenter="Sophie Russell"
    )
    assert scheduled.status == ForwardPlanStatus.SCHEDULED
    assert scheduled.target_meeting == meeting
    agenda_item = AgendaItem.objects.get(pk=scheduled.agenda_item_id)
    assert (agenda_item.meeting, agenda_item.title, agenda_item.presenter) == (
        meeting,
        planned.title,
        "Sophie Russell",
    )
    with pytest.raises(ValidationError, match="already scheduled"):
        forward.forward_item_schedule(item=scheduled, meeting=meeting, by=officer())


@pytest.mark.parametrize("case", ["held", "cancelled", "other group", "suggestion"])
def test_scheduling_refusals_write_nothing(plan, case):
    group, planned, suggested = plan
    item = planned
    if case == "held":
        meeting = meeting_on(dt.date(2020, 1, 7), status=MeetingStatus.HELD)
    elif case == "cancelled":
        meeting = meeting_on(future(20))
        meetings.meeting_set_status(
            meeting=meeting, by=officer(), status=MeetingStatus.CANCELLED, reason="No quorum"
        )
        meeting.refresh_from_db()
    elif case == "other group":
        other = Group.objects.create(partnership=group.partnership, name="Other forward group")
        meeting = meeting_on(future(20), group=other)
    else:
        item, meeting = suggested, meeting_on(future(20))
    with pytest.raises(ValidationError):
        forward.forward_item_schedule(item=item, meeting=meeting, by=officer())
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    assert ForwardPlanItem.objects.get(pk=item.pk).status == item.status


def test_the_forward_plan_item_of_a_meeting_shows_coming_items(plan):
    group, planned, suggested = plan
    meeting = meeting_on(future(10))
    meetings.agenda_item_add(
        meeting=meeting, by=officer(), title="Forward plan", standing=StandingItem.FORWARD_PLAN
    )
    assert coming_items(meeting) == [planned]
    minutes_service.minutes_for(meeting, by=officer())
    response_words = main(
        _client("officer").get(
            reverse(
                "minutes:minutes_detail", kwargs={"partnership": STOCKTON, "meeting": meeting.pk}
            )
        )
    )
    assert "Children and Young People's Plan for adoption (March 2031)" in response_words
    assert "Young carers update" not in response_words


def _client(username: str):
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# Pages -----------------------------------------------------------------------------------------

MANAGE = {
    "anonymous": 302,
    "administrator": 200,
    "officer": 200,
    "governance": 200,
    "contributor": 403,
    "board": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_forward_plan_page(plan, client_for, role):
    group, planned, suggested = plan
    pages = [
        ("forward_list", furl("forward_list", group), {r: 200 for r in ROLES}),
        ("forward_add", furl("forward_add", group), MANAGE),
        (
            "forward_suggest",
            furl("forward_suggest", group),
            {r: 200 for r in ROLES} | {"anonymous": 302},
        ),
        ("forward_decline", furl("forward_decline", group, item=suggested.pk), MANAGE),
        ("forward_schedule", furl("forward_schedule", group, item=planned.pk), MANAGE),
    ]
    client = client_for(role)
    problems = [
        f"{name}: {status}, expected {expected[role]}"
        for name, address, expected in pages
        if (status := client.get(address).status_code) != expected[role]
    ]
    assert not problems, problems
    accept = client.post(furl("forward_accept", group, item=suggested.pk))
    expected_accept = {"contributor": 403, "board": 403}.get(role, 302)
    assert accept.status_code == expected_accept
    accepted = ForwardPlanItem.objects.get(pk=suggested.pk).status == ForwardPlanStatus.PLANNED
    assert accepted == (MANAGE[role] == 200)
    if role == "anonymous":
        assert "/account/sign-in/" in accept["Location"]
    assert client.get(furl("forward_accept", group, item=suggested.pk)).status_code in (
        302,
        403,
        405,
    )


def test_the_public_sees_only_planned_and_scheduled_items(plan, client_for):
    group, _, _ = plan
    public = main(client_for("anonymous").get(furl("forward_list", group)))
    assert "Children and Young People's Plan for adoption" in public
    assert "Young carers update" not in public and "Suggest an item" not in public
    partner = main(client_for("contributor").get(furl("forward_list", group)))
    assert "Young carers update" in partner and "Suggested by Board member" in partner
    assert "Add an item" not in partner


def test_suggesting_with_errors_then_properly(plan, client_for):
    group, _, _ = plan
    client = client_for("contributor")
    invalid = client.post(
        furl("forward_suggest", group), {"title": "", "target_month": "1999-01-01"}
    )
    assert invalid.status_code == 400
    errors = summary_errors(invalid)
    assert "Enter the item's title" in errors and "Choose a month from the list" in errors
    ok = client.post(furl("forward_suggest", group), {"title": "Youth voice report"})
    assert ok.status_code == 302
    assert ForwardPlanItem.objects.get(title="Youth voice report").status == "suggested"


def test_scheduling_through_the_page(plan, client_for):
    group, planned, _ = plan
    meeting = meeting_on(future(40))
    held = meeting_on(dt.date(2020, 2, 4), status=MeetingStatus.HELD)
    client = client_for("governance")
    address = furl("forward_schedule", group, item=planned.pk)
    page = client.get(address).content.decode()
    assert f'value="{meeting.pk}"' in page and f'value="{held.pk}"' not in page
    invalid = client.post(address, {"meeting": str(held.pk), "purpose": "decision"})
    assert invalid.status_code == 400
    assert "Choose a meeting from the list" in summary_errors(invalid)
    ok = client.post(address, {"meeting": str(meeting.pk), "purpose": "decision"})
    assert ok.status_code == 302
    assert AgendaItem.objects.filter(meeting=meeting, title=planned.title).exists()


def test_declining_through_the_page(plan, client_for):
    group, _, suggested = plan
    client = client_for("officer")
    address = furl("forward_decline", group, item=suggested.pk)
    invalid = client.post(address, {"reason": ""})
    assert invalid.status_code == 400
    assert summary_errors(invalid) == ["Say why the suggestion is declined"]
    assert client.post(address, {"reason": "On the May agenda"}).status_code == 302
    assert "Declined: On the May agenda" in main(client.get(furl("forward_list", group)))


def test_a_group_elsewhere_is_not_found(plan, client_for):
    kent = Partnership.objects.exclude(slug=STOCKTON).first()
    address = reverse(
        "forward:forward_list", kwargs={"partnership": kent.slug, "group": plan[0].pk}
    )
    assert client_for("administrator").get(address).status_code == 404
