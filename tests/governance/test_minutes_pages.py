"""The minutes pages as each role uses them: reading, editing (with a stale form and approved
minutes), the lifecycle, versions and comparison, confirming the previous minutes, amendments,
actions arising, matters arising and the list of open actions; and who may open each page."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from partnership.governance import meetings
from partnership.governance import minutes as service
from partnership.governance.meeting_models import (
    ActionArising,
    Attendance,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesStatus,
    Person,
    StandingItem,
)
from partnership.governance.models import Group
from partnership.web.models import Partnership, User

from ..conftest import ROLES

LONDON = ZoneInfo("Europe/London")
STOCKTON = "stockton-on-tees"


# Helpers ---------------------------------------------------------------------------------------


def officer() -> User:
    return User.objects.get(username="officer")


def board() -> Group:
    partnership = Partnership.objects.get(slug=STOCKTON)
    return Group.objects.get_or_create(partnership=partnership, name="Minutes pages board")[0]


def meeting_on(day: dt.date, status: str = MeetingStatus.HELD) -> Meeting:
    start = dt.datetime(day.year, day.month, day.day, 16, 0, tzinfo=LONDON)
    return meetings.meeting_create(
        group=board(), by=officer(), start=start, venue="Loxley House", status=status
    )


def add_item(meeting: Meeting, title: str, standing: str = ""):
    return meetings.agenda_item_add(meeting=meeting, by=officer(), title=title, standing=standing)


def url(name: str, meeting: Meeting, **extra) -> str:
    return reverse(
        f"minutes:{name}", kwargs={"partnership": STOCKTON, "meeting": meeting.pk, **extra}
    )


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


def summary_text(response) -> str:
    page = response.content.decode()
    match = re.search(r'class="govuk-error-summary".*?</div>\s*</div>', page, re.S)
    assert match, "no error summary on the page"
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", match[0])))


@pytest.fixture
def scene(demo):
    """September's meeting (two items, an action arising, minutes circulated) and January's
    (previous minutes and matters arising items)."""
    september = meeting_on(dt.date(2020, 9, 29))
    plan = add_item(september, "Children and Young People's Plan")
    exempt = meetings.agenda_item_add(
        meeting=september,
        by=officer(),
        title="A family's case",
        exempt=True,
        exempt_reason="Information relating to an individual (paragraph 1)",
    )
    meetings.agenda_publish(meeting=september, by=officer())
    minutes = service.minutes_for(september, by=officer())
    service.minutes_save(
        minutes=minutes,
        by=officer(),
        seen_version=1,
        items={
            plan.pk: service.ItemText(
                "Sophie Russell presented the draft plan.",
                ("the figure of 16% is broad", "priorities:\ni. children\nii. families"),
                ("Resolved to note the draft plan.",),
            ),
            exempt.pk: service.ItemText("Confidential discussion."),
        },
    )
    action = service.action_arising_add(
        item=plan, by=officer(), description="Share the draft with heads", owner="Sophie Russell"
    )
    sophie = Person.objects.create(
        partnership=board().partnership, name="Sophie Russell", email="s@example.org"
    )
    Attendance.objects.create(meeting=september, person=sophie, status="present")
    service.minutes_set_status(minutes=minutes, status=MinutesStatus.CIRCULATED, by=officer())
    january = meeting_on(dt.date(2021, 1, 5))
    previous = add_item(january, "Minutes", StandingItem.PREVIOUS_MINUTES)
    add_item(january, "Matters arising", StandingItem.MATTERS_ARISING)
    return {
        "september": september,
        "january": january,
        "plan": plan,
        "exempt": exempt,
        "previous": previous,
        "minutes": Minutes.objects.get(pk=minutes.pk),
        "action": action,
    }


# Permissions -----------------------------------------------------------------------------------

MANAGE = {
    "anonymous": 302,
    "administrator": 200,
    "officer": 200,
    "governance": 200,
    "contributor": 403,
    "board": 403,
}
PARTNERS = {role: 200 for role in ROLES} | {"anonymous": 302}


def _pages(scene) -> list[tuple[str, str, dict[str, int]]]:
    sep, jan = scene["september"], scene["january"]
    return [
        ("minutes_detail", url("minutes_detail", sep), PARTNERS),
        ("minutes_edit", url("minutes_edit", sep), MANAGE),
        ("minutes_status", url("minutes_status", sep), MANAGE),
        ("minutes_versions", url("minutes_versions", sep), PARTNERS),
        ("minutes_compare", url("minutes_compare", sep) + "?from=3&to=3", PARTNERS),
        ("minutes_amend", url("minutes_amend", sep), MANAGE),
        ("confirm_previous", url("confirm_previous", jan), MANAGE),
        ("action_add", url("action_add", sep, item=scene["plan"].pk), MANAGE),
        ("action_edit", url("action_edit", sep, action=scene["action"].pk), MANAGE),
        ("matters_arising", url("matters_arising", jan), MANAGE),
        ("matters_update", url("matters_update", jan, action=scene["action"].pk), MANAGE),
        (
            "actions_open",
            reverse("minutes:actions_open", kwargs={"partnership": STOCKTON}),
            PARTNERS,
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_minutes_page(scene, client_for, role):
    client = client_for(role)
    problems = []
    for name, address, expected in _pages(scene):
        response = client.get(address)
        if response.status_code != expected[role]:
            problems.append(f"{name}: {response.status_code}, expected {expected[role]}")
        elif response.status_code == 302:
            assert "/account/sign-in/" in response["Location"], name
    assert not problems, problems


def test_draft_minutes_are_only_for_those_who_manage(scene, client_for):
    jan_minutes = service.minutes_for(scene["january"], by=officer())
    assert jan_minutes.status == MinutesStatus.DRAFT
    address = url("minutes_detail", scene["january"])
    expected = MANAGE
    for role in ROLES:
        assert client_for(role).get(address).status_code == expected[role], role


def test_published_minutes_are_public_without_exempt_items(scene, client_for):
    service.minutes_confirm(
        minutes=scene["minutes"], at_meeting=scene["january"], corrections=[], by=officer()
    )
    service.minutes_set_status(
        minutes=scene["minutes"], status=MinutesStatus.PUBLISHED, by=officer()
    )
    response = client_for("anonymous").get(url("minutes_detail", scene["september"]))
    assert response.status_code == 200
    words = main(response)
    assert "a) the figure of 16% is broad" in words
    assert "b) priorities: i. children ii. families" in words
    assert "Resolved to note the draft plan." in words
    assert "Confidential discussion" not in words
    assert "Edit the minutes" not in words
    board_words = main(client_for("board").get(url("minutes_detail", scene["september"])))
    assert "Confidential discussion" in board_words


def test_minutes_of_a_meeting_elsewhere_are_not_found(scene, client_for):
    kent = Partnership.objects.exclude(slug=STOCKTON).first()
    address = reverse(
        "minutes:minutes_detail",
        kwargs={"partnership": kent.slug, "meeting": scene["september"].pk},
    )
    assert client_for("administrator").get(address).status_code == 404


# The minutes page and editing ------------------------------------------------------------------


def test_the_minutes_page_shows_items_actions_and_matters_arising(scene, client_for):
    client = client_for("governance")
    words = main(client.get(url("minutes_detail", scene["september"])))
    assert "Minutes: Sophie Russell presented the draft plan." in words
    assert "Share the draft with heads" in words and "Circulated to attendees" in words
    january = main(client.get(url("minutes_detail", scene["january"])))
    assert "Actions arising from earlier meetings" in january
    assert "Confirm the previous minutes as a true record" in january


def test_editing_saves_and_lets_letters_be_typed(scene, client_for):
    client = client_for("officer")
    minutes, plan = scene["minutes"], scene["plan"]
    response = client.post(
        url("minutes_edit", scene["september"]),
        {
            "seen_version": minutes.version,
            f"narrative_{plan.pk}": "New narrative.",
            f"points_{plan.pk}": "a) first\n\nb) second",
            f"resolutions_{plan.pk}": "Resolved to adopt the plan.",
            f"narrative_{scene['exempt'].pk}": "Confidential discussion.",
        },
    )
    assert response.status_code == 302
    minute = ItemMinute.objects.get(item=plan)
    assert minute.points == ["first", "second"]
    assert minute.resolutions == ["Resolved to adopt the plan."]
    assert Minutes.objects.get(pk=minutes.pk).version == minutes.version + 1


def test_a_stale_form_is_refused_and_keeps_the_text(scene, client_for):
    client = client_for("officer")
    minutes, plan = scene["minutes"], scene["plan"]
    service.minutes_save(
        minutes=minutes,
        by=User.objects.get(username="governance"),
        seen_version=minutes.version,
        items={plan.pk: service.ItemText("Someone else's text.")},
    )
    response = client.post(
        url("minutes_edit", scene["september"]),
        {"seen_version": minutes.version, f"narrative_{plan.pk}": "My careful text."},
    )
    assert response.status_code == 400
    assert "after you opened them" in " ".join(summary_errors(response))
    assert "My careful text." in response.content.decode()
    assert f'name="seen_version" value="{minutes.version + 1}"' in response.content.decode()
    assert ItemMinute.objects.get(item=plan).narrative == "Someone else's text."
    assert response.content.decode().count("<title>Error: ") == 1
    assert "What the minutes say now" in main(response)
    assert "Someone else's text." in main(response)

    # Having compared, the editor saves again and it goes through: nothing is lost.
    again = client.post(
        url("minutes_edit", scene["september"]),
        {"seen_version": minutes.version + 1, f"narrative_{plan.pk}": "My careful text."},
    )
    assert again.status_code == 302
    assert ItemMinute.objects.get(item=plan).narrative == "My careful text."


def test_approved_minutes_show_the_route_to_an_amendment(scene, client_for):
    service.minutes_confirm(
        minutes=scene["minutes"], at_meeting=scene["january"], corrections=[], by=officer()
    )
    client = client_for("officer")
    page = client.get(url("minutes_edit", scene["september"]))
    assert page.status_code == 200
    assert url("minutes_amend", scene["september"]) in page.content.decode()
    refused = client.post(
        url("minutes_edit", scene["september"]),
        {"seen_version": 99, f"narrative_{scene['plan'].pk}": "Changed"},
    )
    assert refused.status_code == 409
    assert "record an amendment" in summary_text(refused)
    assert url("minutes_amend", scene["september"]) in refused.content.decode()


# Lifecycle -------------------------------------------------------------------------------------


def test_the_status_page_lists_who_was_emailed_and_moves(scene, client_for):
    client = client_for("officer")
    page = client.get(url("minutes_status", scene["september"]))
    words = main(page)
    assert "Emailed the minutes Sophie Russell" in words
    assert "Return to draft" in words and "confirm them as a true record" in words
    back = client.post(url("minutes_status", scene["september"]), {"status": "draft"})
    assert back.status_code == 302
    assert Minutes.objects.get(pk=scene["minutes"].pk).status == MinutesStatus.DRAFT
    refused = client.post(url("minutes_status", scene["september"]), {"status": "published"})
    assert refused.status_code == 400
    assert "can only become “circulated to attendees”" in summary_text(refused)
    mail.outbox.clear()
    again = client.post(url("minutes_status", scene["september"]), {"status": "circulated"})
    assert again.status_code == 302 and len(mail.outbox) == 1


# Versions --------------------------------------------------------------------------------------


def test_versions_and_comparison(scene, client_for):
    client = client_for("officer")
    versions = main(client.get(url("minutes_versions", scene["september"])))
    assert "Draft started" in versions and "Circulated to attendees" in versions
    page = client.get(url("minutes_compare", scene["september"]) + "?from=1&to=2")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<ins>a) the figure of 16% is broad</ins>" in body
    words = main(page)
    assert "Changed" in words and "Added" in words
    assert (
        client.get(url("minutes_compare", scene["september"]) + "?from=1&to=40").status_code == 404
    )


def test_partners_do_not_see_draft_versions(scene, client_for):
    words = main(client_for("board").get(url("minutes_versions", scene["september"])))
    assert "Draft started" not in words and "Circulated to attendees" in words
    compare = client_for("board").get(url("minutes_compare", scene["september"]) + "?from=1&to=3")
    assert compare.status_code == 404


# Confirmation and amendments -------------------------------------------------------------------


def test_confirming_the_previous_minutes_with_an_amendment(scene, client_for):
    client = client_for("governance")
    address = url("confirm_previous", scene["january"])
    assert "29 September 2020" in main(client.get(address))
    response = client.post(
        address,
        {
            "description_1": "amending the Chair's title",
            "item_1": str(scene["plan"].pk),
            "part_1": "narrative",
            "text_1": "The Chair presented the draft plan.",
        },
    )
    assert response.status_code == 302
    minutes = Minutes.objects.get(pk=scene["minutes"].pk)
    assert minutes.status == MinutesStatus.APPROVED
    assert ItemMinute.objects.get(item=scene["plan"]).narrative.startswith("The Chair")
    assert (
        ItemMinute.objects.get(item=scene["previous"])
        .resolutions[0]
        .startswith(
            "Subject to amending the Chair's title, the minutes of the meeting held on 29 September"
        )
    )
    words = main(client.get(url("minutes_detail", scene["september"])))
    assert "Agreed at the meeting on 5 January 2021" in words


def test_a_confirmation_with_errors_shows_the_summary(scene, client_for):
    response = client_for("officer").post(
        url("confirm_previous", scene["january"]),
        {"item_1": str(scene["plan"].pk), "text_1": "Some text"},
    )
    assert response.status_code == 400
    errors = summary_errors(response)
    assert "Amendment 1: say what was agreed" in errors
    assert "Amendment 1: choose the part the text replaces" in errors
    assert 'href="#id_description_1"' in response.content.decode()
    assert Minutes.objects.get(pk=scene["minutes"].pk).status == MinutesStatus.CIRCULATED


def test_an_amendment_page_after_approval(scene, client_for):
    service.minutes_confirm(
        minutes=scene["minutes"], at_meeting=scene["january"], corrections=[], by=officer()
    )
    minutes = Minutes.objects.get(pk=scene["minutes"].pk)
    client = client_for("officer")
    address = url("minutes_amend", scene["september"])
    invalid = client.post(address, {"seen_version": minutes.version})
    assert invalid.status_code == 400
    assert "Say what the amendment corrects" in summary_errors(invalid)
    ok = client.post(
        address,
        {
            "seen_version": minutes.version,
            "description": "A name corrected",
            "item": str(scene["plan"].pk),
            "part": "resolutions",
            "text": "Resolved to note the draft plan and thank Sophie.",
        },
    )
    assert ok.status_code == 302
    assert MinutesAmendment.objects.filter(minutes=minutes).count() == 1
    words = main(client.get(url("minutes_detail", scene["september"])))
    assert "Amended on" in words and "A name corrected" in words


# Actions arising -------------------------------------------------------------------------------


def test_adding_an_action_with_errors_then_properly(scene, client_for):
    client = client_for("officer")
    address = url("action_add", scene["september"], item=scene["plan"].pk)
    invalid = client.post(address, {"description": "", "due_date_0": "31", "due_date_1": "2"})
    assert invalid.status_code == 400
    errors = summary_errors(invalid)
    assert "Enter what is to be done" in errors
    ok = client.post(
        address,
        {
            "description": "Bring the plan to March",
            "owner": "Head of Strategy",
            "due_date_0": "1",
            "due_date_1": "3",
            "due_date_2": "2021",
        },
    )
    assert ok.status_code == 302
    action = ActionArising.objects.get(description="Bring the plan to March")
    assert action.due_date == dt.date(2021, 3, 1)


def test_recording_progress_under_matters_arising(scene, client_for):
    client = client_for("officer")
    address = url("matters_update", scene["january"], action=scene["action"].pk)
    invalid = client.post(address, {"status": "dropped", "note": ""})
    assert invalid.status_code == 400
    assert "Say why the action is dropped" in summary_errors(invalid)
    ok = client.post(address, {"status": "done", "note": "Shared at the heads' briefing"})
    assert ok.status_code == 302
    scene["action"].refresh_from_db()
    assert scene["action"].closed_at_meeting == scene["january"]
    later = meeting_on(dt.date(2021, 3, 2))
    assert client.get(url("matters_update", later, action=scene["action"].pk)).status_code == 404


def test_open_actions_put_overdue_first(scene, client_for):
    service.action_arising_add(
        item=scene["plan"],
        by=officer(),
        description="Overdue thing",
        owner="Chair",
        due_date=dt.date(2020, 10, 1),
    )
    words = main(
        client_for("board").get(reverse("minutes:actions_open", kwargs={"partnership": STOCKTON}))
    )
    assert words.index("Overdue thing") < words.index("Share the draft with heads")
    assert "Overdue" in words


def test_published_minutes_show_items_of_an_agenda_never_published_here(scene, client_for):
    january, previous = scene["january"], scene["previous"]
    minutes = service.minutes_for(january, by=officer())
    service.minutes_save(
        minutes=minutes,
        by=officer(),
        seen_version=minutes.version,
        items={previous.pk: service.ItemText("Minutes confirmed.")},
    )
    assert january.agenda_published_at is None
    address = url("minutes_detail", january)
    # Before publication the public is asked to sign in; afterwards it reads the items.
    assert client_for("anonymous").get(address).status_code == 302
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.PUBLISHED)
    response = client_for("anonymous").get(address)
    assert response.status_code == 200
    assert "Minutes confirmed." in main(response)
    assert f'id="item-{previous.number}"' in response.content.decode()


def test_every_demo_meeting_has_a_minutes_page_for_those_who_manage(scene, client_for):
    client = client_for("administrator")
    checked = 0
    for meeting in Meeting.objects.select_related("group__partnership"):
        checked += 1
        kwargs = {"partnership": meeting.group.partnership.slug, "meeting": meeting.pk}
        for name in ("minutes_detail", "minutes_versions", "matters_arising"):
            response = client.get(reverse(f"minutes:{name}", kwargs=kwargs))
            has_minutes = Minutes.objects.filter(meeting=meeting).exists()
            expected = 404 if name == "minutes_versions" and not has_minutes else 200
            assert response.status_code == expected, (name, str(meeting))
    assert checked >= 2
