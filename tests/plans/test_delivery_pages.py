"""Delivery tracking through its pages, as each role uses them: the overview pages, a round's
completion, a group's to-do list, the exception list, one action's delivery, compiled updates,
and every form with its refusals.

Every refused form answers 400 with the GOV.UK error summary, names the problem, keeps what was
typed and writes nothing; every accepted one redirects. Who may open which page is settled in
tests/web/test_permission_matrix.py; here a refusal is checked where it comes with data (a
contributor's update to an action their group does not lead, a comment by someone who is not
the champion).

The demo's closed round "Mid-year 2015/16" (src/partnership/web/demo.py) is used when it is
there; ``demo_round`` makes one like it through the services when it is not.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from partnership.governance.models import Group
from partnership.plans import delivery
from partnership.plans.delivery_models import ActionStatus, RoundStatus
from partnership.plans.models import (
    ChampionComment,
    Evidence,
    KeyAction,
    Milestone,
    Plan,
    Priority,
    PriorityCompilation,
    ProgressUpdate,
    RoundNotice,
    UpdateRound,
)
from partnership.web.demo import CONTRIBUTOR_GROUP
from partnership.web.models import User

S = ActionStatus
STOCKTON = "stockton-on-tees"
SLUG = "cypp-2015-2018"
DEMO_ROUND = "Mid-year 2015/16"
LONDON = ZoneInfo("Europe/London")
CESC = "CESC CYP Management Team"
NARRATIVE = "The parenting programme reached 120 families this term."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# Helpers ---------------------------------------------------------------------------------------


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def main(response) -> str:
    """The page's main content as words, without tags, so sentences read whole."""
    page = response.content.decode()
    found = re.search(r"<main.*?</main>", page, re.S)
    words = re.sub(r"<[^>]+>", " ", found[0] if found else page)
    return re.sub(r"\s+", " ", htmllib.unescape(words))


def summary_errors(response) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert match, "no error summary on the page"
    items = re.findall(r"<li>(.*?)</li>", match[1], re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def assert_refused(response, *messages: str) -> None:
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "There is a problem" in page
    assert "<title>Error: " in page
    found = summary_errors(response)
    for message in messages:
        assert any(message in f for f in found), (message, found)
    # Every link in the summary lands on something on the page.
    summary = re.search(r'govuk-error-summary__list">.*?</ul>', page, re.S)[0]
    for anchor in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{anchor}"' in page, anchor


def banners(response) -> list[tuple[str, str]]:
    """Each notification banner on the page: (its title and classes, its message)."""
    page = response.content.decode()
    found = []
    for banner in re.findall(
        r'<div class="govuk-notification-banner.*?</div>\s*</div>', page, re.S
    ):
        title = re.search(r"govuk-notification-banner__title[^>]*>(.*?)</", banner, re.S)
        head = banner.split(">", 1)[0] + " " + (title[1].strip() if title else "")
        body = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", banner)))
        found.append((head, body))
    return found


def choices(response, name: str) -> dict[str, bool]:
    """The radios or checkboxes called ``name``: each value, and whether it is chosen."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", response.content.decode(), re.S):
        if re.search(rf'name="{name}"', tag) and re.search(r'type="(radio|checkbox)"', tag):
            value = re.search(r'value="([^"]*)"', tag)
            found[value[1] if value else ""] = bool(re.search(r"\bchecked\b", tag))
    return found


def hidden(response, name: str) -> str:
    """The value of the form's hidden field ``name``, as the browser would send it back."""
    found = re.search(rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', text(response))
    assert found, f"no hidden field {name}"
    return found[1] or ""


def date_fields(prefix: str, value: dt.date | tuple[str, str, str]) -> dict[str, str]:
    if isinstance(value, dt.date):
        value = (str(value.day), str(value.month), str(value.year))
    day, month, year = value
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def today() -> dt.date:
    return timezone.localdate()


def user(username: str) -> User:
    return User.objects.get(username=username)


def action_at(plan: Plan, priority: int, order: int) -> KeyAction:
    return KeyAction.objects.get(priority__plan=plan, priority__order=priority, order=order)


def akw(action: KeyAction) -> dict[str, object]:
    return {
        "partnership": STOCKTON,
        "plan": action.priority.plan.slug,
        "priority": action.priority_id,
        "action": action.pk,
    }


def d_url(name: str, **kwargs) -> str:
    return reverse(f"delivery:{name}", kwargs={"partnership": STOCKTON, **kwargs})


def action_url(name: str, action: KeyAction, **kwargs) -> str:
    return reverse(f"delivery:{name}", kwargs={**akw(action), **kwargs})


def action_page(action: KeyAction) -> str:
    return reverse("plans:action_detail", kwargs=akw(action))


def put(action: KeyAction, status: str, progress: int | None = None, **fields) -> KeyAction:
    """Set an action's status through the ORM, as if earlier updates had left it there."""
    if progress is None:
        progress = {S.NOT_STARTED: 0, S.COMPLETED: 100}.get(status, 40)
    KeyAction.objects.filter(pk=action.pk).update(status=status, progress=progress, **fields)
    action.refresh_from_db()
    return action


def written(action: KeyAction) -> tuple:
    """Everything a progress update writes, to show that a refused one wrote none of it."""
    fresh = KeyAction.objects.get(pk=action.pk)
    return (
        ProgressUpdate.objects.count(),
        Evidence.objects.count(),
        fresh.status,
        fresh.progress,
        fresh.status_reason,
        fresh.status_changed_at,
        fresh.remedial_action,
        fresh.remedial_owner,
        fresh.history.count(),
    )


def update_form(client: Client, action: KeyAction, **overrides) -> dict[str, object]:
    """What the update form sends: the hidden fields as the page set them, then ``overrides``."""
    page = client.get(action_url("action_update", action))
    assert page.status_code == 200
    data: dict[str, object] = {
        "status": S.ON_TRACK,
        "progress": "60",
        "narrative": NARRATIVE,
        "reason": "",
        "remedial_action": "",
        "remedial_owner": "",
        "link_title_1": "",
        "link_url_1": "",
        "link_title_2": "",
        "link_url_2": "",
        "seen_update": hidden(page, "seen_update"),
        "answering": hidden(page, "answering"),
    }
    data.update(overrides)
    return data


def open_round(plan: Plan, *priorities: Priority, title: str = "Spring 2026") -> UpdateRound:
    return delivery.round_open(
        plan=plan,
        by=user("officer"),
        title=title,
        deadline=today() + dt.timedelta(days=14),
        priorities=list(priorities) or [plan.priorities.get(order=1)],
        notify=False,
    )


def round_form(plan: Plan, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Year-end 2015/16",
        **date_fields("deadline", today() + dt.timedelta(days=21)),
        "priorities": [p.pk for p in plan.priorities.order_by("order")[:2]],
        "message": "Tell us how the year went.",
    }
    data.update(overrides)
    return data


# Fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def plan(demo) -> Plan:
    return Plan.objects.get(partnership__slug=STOCKTON, slug=SLUG)


@pytest.fixture
def officer(client_for) -> Client:
    return client_for("officer")


@pytest.fixture
def contributor(client_for) -> Client:
    return client_for("contributor")


@pytest.fixture
def board(client_for) -> Client:
    return client_for("board")


@pytest.fixture
def ehit(plan) -> Group:
    return Group.objects.get(partnership=plan.partnership, name=CONTRIBUTOR_GROUP)


@pytest.fixture
def ours(plan) -> KeyAction:
    """Priority 1's third action, which the contributor's group leads (with A Fairer Start)."""
    action = action_at(plan, 1, 3)
    assert CONTRIBUTOR_GROUP in [g.name for g in action.lead_groups.all()]
    return action


@pytest.fixture
def not_ours(plan) -> KeyAction:
    """Priority 1's first action, led by the CESC CYP Management Team only."""
    action = action_at(plan, 1, 1)
    assert [g.name for g in action.lead_groups.all()] == [CESC]
    return action


@pytest.fixture
def emails(demo) -> None:
    """The demo accounts' addresses, for the round emails (set here if the demo gives none)."""
    for name in ("officer", "contributor", "board"):
        account = user(name)
        if not account.email:
            account.email = f"{name}@example.org"
            account.save(update_fields=["email"])


def _london(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=LONDON)


def _make_demo_round(plan: Plan) -> UpdateRound:
    """A closed round like the demo's: the board account champions every priority, some
    actions have demo updates (one at risk, one off track, each with its remedial action), a
    milestone, and a comment by the champion on priority 1's compiled update."""
    officer, contributor, board = user("officer"), user("contributor"), user("board")
    for priority in plan.priorities.all():
        delivery.priority_set_champion(priority=priority, champion=board, by=officer)
    for busy in UpdateRound.objects.filter(plan=plan, status=RoundStatus.OPEN):
        delivery.round_close(update_round=busy, by=officer, notify=False)
    update_round = delivery.round_open(
        plan=plan,
        by=officer,
        title=DEMO_ROUND,
        deadline=dt.date(2015, 11, 27),
        priorities=list(plan.priorities.order_by("order")),
        now=_london(2015, 11, 2, 9),
        notify=False,
    )
    sent = [
        (1, 1, officer, S.ON_TRACK, 40, {}),
        (1, 3, contributor, S.ON_TRACK, 40, {}),
        (1, 4, officer, S.COMPLETED, 100, {}),
        (
            2,
            1,
            contributor,
            S.AT_RISK,
            30,
            {
                "remedial_action": "Briefings on CAF for GP practices and schools.",
                "remedial_owner": "Head of Early Help",
            },
        ),
        (
            3,
            3,
            officer,
            S.OFF_TRACK,
            25,
            {
                "remedial_action": "Two temporary SEN officers to clear the backlog.",
                "remedial_owner": "0-25 SEN Team Manager",
            },
        ),
    ]
    for day, (p, a, by, status, progress, extra) in enumerate(sent, start=9):
        delivery.action_record_progress(
            action=action_at(plan, p, a),
            by=by,
            status=status,
            progress=progress,
            narrative=f"Demo narrative for priority {p}, action {a}.",
            now=_london(2015, 11, day, 10),
            is_demo=True,
            check_permission=False,
            **extra,
        )
    delivery.milestone_create(
        action=action_at(plan, 2, 1),
        by=contributor,
        title="CAF activity by agency reported to the Partnership",
        due_date=dt.date(2016, 1, 31),
        check_permission=False,
    )
    compilations = delivery.round_close(
        update_round=update_round, by=officer, now=_london(2015, 12, 4, 16), notify=False
    )
    delivery.champion_comment_add(
        compilation=compilations[0], by=board, text="Early years delivery is on track."
    )
    return update_round


@pytest.fixture
def demo_round(plan) -> UpdateRound:
    """The demo's closed round with a compiled update for every priority."""
    found = UpdateRound.objects.filter(plan=plan, title=DEMO_ROUND).first()
    if found is not None and not found.is_open and found.compilations.exists():
        return found
    if found is not None:  # a half-made demo: start again
        ProgressUpdate.objects.filter(round=found).delete()
        found.delete()
    return _make_demo_round(plan)


# The overview pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "manages"),
    [
        ("administrator", True),
        ("officer", True),
        ("governance", False),
        ("contributor", False),
        ("board", False),
    ],
)
def test_delivery_home(client_for, demo_round, role, manages):
    response = client_for(role).get(d_url("home"))
    assert response.status_code == 200
    page = main(response)
    assert "Delivery of the key actions" in page
    assert "Where the key actions stand" in page
    exceptions = KeyAction.objects.filter(
        priority__plan__partnership__slug=STOCKTON, status__in=[S.AT_RISK, S.OFF_TRACK]
    ).count()
    assert f"Actions at risk or off track ({exceptions})" in page
    assert "Closed update rounds" in page
    assert DEMO_ROUND in page
    assert ("Open an update round" in page) is manages
    assert ("Every key action and its status" in page) is manages
    assert ("Actions your groups lead" in page) is not manages


def test_my_actions_lists_the_contributors_groups_actions(contributor, plan, ours, not_ours):
    response = contributor.get(d_url("my_actions"))
    assert response.status_code == 200
    page = main(response)
    assert "Actions your groups lead" in page
    assert f"You update the key actions led by: {CONTRIBUTOR_GROUP}." in page
    led = KeyAction.objects.filter(priority__plan=plan, lead_groups__name=CONTRIBUTOR_GROUP)
    assert led.count() >= 2
    for action in led:
        assert action.text in page
    assert not_ours.text not in page
    assert page.count("Update progress") == led.count()


def test_my_actions_shows_the_officer_every_action(officer, plan):
    page = main(officer.get(d_url("my_actions")))
    assert "Every key action" in page
    for action in KeyAction.objects.filter(priority__plan=plan):
        assert action.text in page


def test_my_actions_tells_a_board_member_they_update_nothing(board, plan):
    page = main(board.get(d_url("my_actions")))
    assert "You do not update any key actions" in page
    assert "Update progress" not in page


def test_my_actions_links_the_contributor_to_their_to_do_list(contributor, plan, ehit):
    update_round = open_round(plan)
    response = contributor.get(d_url("my_actions"))
    assert "Updates wanted:" in main(response)
    todo = d_url("round_group", round=update_round.pk, group=ehit.pk)
    assert f'href="{todo}"' in response.content.decode()


@pytest.mark.parametrize("role", ["officer", "board"])
def test_exception_list_shows_each_action_with_its_remedial_action_and_owner(
    client_for, demo_round, plan, role
):
    response = client_for(role).get(d_url("exceptions"))
    assert response.status_code == 200
    page = main(response)
    listed = list(
        KeyAction.objects.filter(priority__plan=plan, status__in=[S.AT_RISK, S.OFF_TRACK]).order_by(
            "-status", "status_changed_at"
        )
    )
    assert any(a.status == S.OFF_TRACK for a in listed)
    assert any(a.status == S.AT_RISK for a in listed)
    off, risk = (sum(1 for a in listed if a.status == s) for s in (S.OFF_TRACK, S.AT_RISK))
    assert f"{off} off track and {risk} at risk" in page
    for action in listed:
        assert action.text in page
        assert action.remedial_action in page
        assert action.remedial_owner in page
    # Off track first.
    positions = [page.index(a.text) for a in listed]
    assert positions == sorted(positions)
    first_at_risk = next(a for a in listed if a.status == S.AT_RISK)
    last_off_track = [a for a in listed if a.status == S.OFF_TRACK][-1]
    assert page.index(last_off_track.text) < page.index(first_at_risk.text)
    assert ("Record the agreed remedial action" in page) is (role == "officer")
    # Nothing on track is listed.
    on_track = KeyAction.objects.filter(priority__plan=plan, status=S.ON_TRACK).first()
    assert on_track.text not in page


def test_exception_list_with_nothing_at_risk(officer, plan):
    KeyAction.objects.filter(priority__plan__partnership__slug=STOCKTON).update(status=S.ON_TRACK)
    assert "No key action is at risk or off track." in main(officer.get(d_url("exceptions")))


# A round, live and closed ----------------------------------------------------------------------


def test_open_round_page_shows_completion_by_priority_and_by_group(
    officer, contributor, plan, ehit
):
    first, second = plan.priorities.get(order=1), plan.priorities.get(order=2)
    KeyAction.objects.filter(priority__in=[first, second]).update(status=S.ON_TRACK, progress=40)
    update_round = open_round(plan, first, second, title="Spring 2026")
    action = action_at(plan, 1, 3)  # the contributor's group's
    contributor.post(action_url("action_update", action), update_form(contributor, action))
    assert ProgressUpdate.objects.filter(round=update_round).count() == 1

    response = officer.get(d_url("round_detail", round=update_round.pk))
    assert response.status_code == 200
    page = main(response)
    total = KeyAction.objects.filter(priority__in=[first, second]).count()
    assert f"1 of {total} key actions updated" in page
    assert "Covers Priority 1, Priority 2" in page
    # By priority: priority 1 has one of its actions updated, priority 2 none.
    # Each with its champion, who will read the compiled update.
    p1 = first.actions.count()
    champion = re.escape(str(first.champion) if first.champion else "Nobody yet")
    assert re.search(
        rf"Priority 1: {re.escape(first.title)} {p1} 1 \({round(100 / p1)}%\) {champion}",
        page,
    ), page
    p2 = second.actions.count()
    assert re.search(rf"Priority 2: {re.escape(second.title)} {p2} 0 \(0%\)", page)
    # By lead group: the contributor's group has started, with whom it was emailed to.
    led = KeyAction.objects.filter(priority__in=[first, second], lead_groups=ehit).count()
    assert re.search(rf"{CONTRIBUTOR_GROUP} {led} 1 \({round(100 / led)}%\) In progress", page), (
        page
    )
    assert re.search(rf"{CESC} 1 0 \(0%\) Not started Nobody to email", page), page
    assert "Close the round" in page
    assert "No emails have been sent about this round." in page


def test_only_officers_are_offered_closing_a_round(client_for, plan):
    update_round = open_round(plan)
    for role, offered in [("officer", True), ("board", False), ("contributor", False)]:
        page = main(client_for(role).get(d_url("round_detail", round=update_round.pk)))
        assert ("Close the round" in page) is offered, role


def test_closed_round_page_links_every_compiled_update(board, demo_round, plan):
    response = board.get(d_url("round_detail", round=demo_round.pk))
    page = main(response)
    assert "Closed on" in page
    assert "Close the round" not in page
    assert "By lead group" not in page  # the live figures are for an open round
    for compilation in demo_round.compilations.all():
        url = d_url("compilation", round=demo_round.pk, priority=compilation.priority_id)
        assert f'href="{url}"' in response.content.decode()
    assert page.count("Read the compiled update") == plan.priorities.count()


def test_a_groups_to_do_list_marks_what_is_done(contributor, board, plan, ehit):
    first, second = plan.priorities.get(order=1), plan.priorities.get(order=2)
    KeyAction.objects.filter(priority__in=[first, second]).update(status=S.ON_TRACK, progress=40)
    update_round = open_round(plan, first, second)
    led = list(
        KeyAction.objects.filter(priority__in=[first, second], lead_groups=ehit).order_by(
            "priority__order", "order"
        )
    )
    done = led[0]
    contributor.post(action_url("action_update", done), update_form(contributor, done))
    url = d_url("round_group", round=update_round.pk, group=ehit.pk)

    response = contributor.get(url)
    assert response.status_code == 200
    page = main(response)
    assert f"{CONTRIBUTOR_GROUP}: key actions to update" in page
    assert f"{len(led) - 1} of {len(led)} still to update" in page
    for action in led:
        assert action.text in page
    assert page.count("Updated") == 1
    assert page.count("To do") == len(led) - 1
    # The done one comes first, and says so.
    assert re.search(re.escape(done.text[:40]) + r".*? Updated Send another update", page)
    assert page.count("Update progress") == len(led) - 1
    not_led = KeyAction.objects.filter(priority__in=[first, second]).exclude(lead_groups=ehit)
    for action in not_led:
        assert action.text not in page
    # A board member reads the list but is offered no updates.
    assert "Update progress" not in main(board.get(url))


def test_a_closed_rounds_to_do_list_says_it_closed(contributor, demo_round, ehit):
    page = main(contributor.get(d_url("round_group", round=demo_round.pk, group=ehit.pk)))
    assert "This round closed. Updates sent now are kept for the next round." in page
    assert "Update progress" not in page


# One action's delivery, on its page ------------------------------------------------------------


def test_action_page_shows_status_milestones_and_the_update_history(contributor, demo_round, plan):
    action = action_at(plan, 2, 1)  # at risk, led by the contributor's group, in the demo
    assert action.status == S.AT_RISK
    response = contributor.get(action_page(action))
    assert response.status_code == 200
    page = main(response)
    assert "Delivery Status At risk since" in page
    assert f"Progress {action.progress}% done" in page
    assert f"Remedial action {action.remedial_action}" in page
    assert f"Owner {action.remedial_owner}" in page
    assert "Update round None open" in page
    milestones = list(action.milestones.all())
    assert milestones
    for milestone in milestones:
        assert milestone.title in page
    updates = list(action.updates.order_by("-created_at"))
    assert updates
    for update in updates:
        assert update.narrative in page
    demo_updates = sum(1 for u in updates if u.is_demo)
    assert demo_updates
    assert page.count("Demo content") == demo_updates
    assert f"Not started to At risk · {updates[-1].progress}% (was 0%) · {DEMO_ROUND}" in page
    # Theirs to update.
    assert "Update progress" in page
    assert "Add a milestone" in page
    assert page.count("Change") >= len(milestones)


def test_action_page_offers_a_board_member_no_delivery_controls(board, demo_round, plan):
    action = action_at(plan, 2, 1)
    page = main(board.get(action_page(action)))
    assert "Delivery Status At risk" in page
    assert "Update progress" not in page
    assert "Add a milestone" not in page
    assert "Record the agreed remedial action" not in page


def test_action_page_offers_the_officer_the_remedial_action_for_an_exception(
    officer, demo_round, plan
):
    page = main(officer.get(action_page(action_at(plan, 2, 1))))
    assert "Update progress" in page
    assert "Record the agreed remedial action" in page
    on_track = action_at(plan, 1, 1)
    assert "Record the agreed remedial action" not in main(officer.get(action_page(on_track)))


def test_the_contributor_is_offered_no_controls_on_another_groups_action(
    contributor, demo_round, not_ours
):
    page = main(contributor.get(action_page(not_ours)))
    assert "Delivery Status" in page
    assert "Update progress" not in page
    assert "Add a milestone" not in page


def test_the_public_action_page_shows_no_delivery(demo_round, plan):
    action = action_at(plan, 2, 1)
    response = Client().get(action_page(action))
    assert response.status_code == 200
    page = main(response)
    assert action.text in page
    assert "Progress updates" not in page
    assert "Remedial action" not in page
    assert action.updates.first().narrative not in page


def test_a_narrative_is_shown_as_text_not_markup(contributor, ours):
    data = update_form(contributor, ours, narrative="<script>alert('x')</script> done")
    assert contributor.post(action_url("action_update", ours), data).status_code == 302
    page = contributor.get(action_page(ours)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; done" in page


# Compiled updates ------------------------------------------------------------------------------


def test_compilation_letters_its_items_and_marks_demo_content(board, demo_round, plan):
    priority = plan.priorities.get(order=1)
    compilation = PriorityCompilation.objects.get(round=demo_round, priority=priority)
    response = board.get(d_url("compilation", round=demo_round.pk, priority=priority.pk))
    assert response.status_code == 200
    page = main(response)
    assert f"{DEMO_ROUND}: compiled update" in page
    assert f"Priority 1: {priority.title}" in page
    items = compilation.content["items"]
    assert len(items) >= 3
    positions = []
    for index, item in enumerate(items):
        letter = "abcdefghijklmnopqrstuvwxyz"[index]
        heading = f"({letter}) {item['action']}"
        assert heading in page, heading
        positions.append(page.index(heading))
        if item["updated"]:
            assert item["narrative"] in page
    assert positions == sorted(positions)
    demo_items = sum(1 for item in items if item["is_demo"])
    assert demo_items
    assert page.count("Demo content") == demo_items + 1  # and the note that explains it
    assert "were written for the demonstration installation" in page
    updated = compilation.content["updated"]
    assert f"{updated} of {len(items)} key actions were updated in the round." in page
    # The champion's comment, and the form to add another, for the champion.
    for comment in compilation.comments.all():
        assert comment.text in page
    assert "Your comment for the board" in page


def test_compilation_says_which_actions_sent_nothing(officer, demo_round, plan):
    compilation = next(
        (
            c
            for c in demo_round.compilations.all()
            if c.content["updated"] < len(c.content["items"])
        ),
        None,
    )
    if compilation is None:  # every action answered: make one that did not
        update_round = open_round(plan, plan.priorities.get(order=6), title="Quiet round")
        compilation = delivery.round_close(update_round=update_round, by=None, notify=False)[0]
    page = main(
        officer.get(
            d_url("compilation", round=compilation.round_id, priority=compilation.priority_id)
        )
    )
    assert "No update was received in this round." in page


@pytest.mark.parametrize("role", ["officer", "governance", "contributor"])
def test_compilation_offers_no_comment_form_to_people_who_are_not_the_champion(
    client_for, demo_round, plan, role
):
    priority = plan.priorities.get(order=1)
    page = main(
        client_for(role).get(d_url("compilation", round=demo_round.pk, priority=priority.pk))
    )
    assert "The champion's comments" in page
    assert "Your comment for the board" not in page


def test_the_champion_comments_on_a_compiled_update(board, demo_round, plan):
    priority = plan.priorities.get(order=2)
    url = d_url("compilation", round=demo_round.pk, priority=priority.pk)
    response = board.post(url, {"text": "  Early help needs the board's attention.  "})
    assert response.status_code == 302
    assert response["Location"] == url + "#comments"
    comment = ChampionComment.objects.get(
        compilation__round=demo_round, compilation__priority=priority
    )
    assert comment.text == "Early help needs the board's attention."
    assert comment.by == user("board")
    page = main(board.get(url))
    assert "Early help needs the board's attention." in page
    assert "Comment added" in page


@pytest.mark.parametrize("typed", ["", "   "])
def test_an_empty_comment_is_refused(board, demo_round, plan, typed):
    priority = plan.priorities.get(order=1)
    before = ChampionComment.objects.count()
    response = board.post(
        d_url("compilation", round=demo_round.pk, priority=priority.pk), {"text": typed}
    )
    assert_refused(response, "Enter your comment")
    assert ChampionComment.objects.count() == before


def test_a_comment_by_the_officer_who_is_not_the_champion_is_refused(officer, demo_round, plan):
    priority = plan.priorities.get(order=1)
    assert priority.champion == user("board")
    before = ChampionComment.objects.count()
    response = officer.post(
        d_url("compilation", round=demo_round.pk, priority=priority.pk), {"text": "Noted."}
    )
    assert response.status_code == 403
    assert ChampionComment.objects.count() == before


# The progress update form ----------------------------------------------------------------------


def test_update_form_offers_only_the_statuses_the_action_may_move_to(contributor, ours):
    put(ours, S.COMPLETED)
    response = contributor.get(action_url("action_update", ours))
    assert response.status_code == 200
    offered = choices(response, "status")
    assert set(offered) == {S.COMPLETED, S.ON_TRACK, S.AT_RISK, S.OFF_TRACK}
    assert offered[S.COMPLETED]  # where it is now
    page = main(response)
    assert ours.text in page
    assert "Status now Completed 100% done" in page


def test_update_form_says_which_round_it_answers(contributor, plan, ours):
    page = main(contributor.get(action_url("action_update", ours)))
    assert "No round is open: this update is kept for the next one" in page
    update_round = open_round(plan)
    response = contributor.get(action_url("action_update", ours))
    assert f"Round {update_round.title}, due by" in main(response)
    assert hidden(response, "answering") == str(update_round.pk)


def test_send_an_update_with_a_link_and_a_pdf(contributor, client_for, plan, ours):
    put(ours, S.ON_TRACK, 40)
    update_round = open_round(plan)
    data = update_form(
        contributor,
        ours,
        progress="65",
        link_title_1="Parenting programme report",
        link_url_1="https://example.org/parenting.pdf",
        evidence_file=SimpleUploadedFile("evaluation.pdf", PDF, content_type="application/pdf"),
    )
    response = contributor.post(action_url("action_update", ours), data)
    assert response.status_code == 302
    assert response["Location"] == action_page(ours)

    update = ProgressUpdate.objects.get(action=ours, round=update_round)
    assert (update.status_before, update.status) == (S.ON_TRACK, S.ON_TRACK)
    assert (update.progress_before, update.progress) == (40, 65)
    assert update.narrative == NARRATIVE
    assert update.by == user("contributor")
    assert update.late_for is None
    assert not update.is_demo
    link, upload = update.evidence.order_by("id")
    assert (link.title, link.url) == (
        "Parenting programme report",
        "https://example.org/parenting.pdf",
    )
    assert upload.title == "evaluation.pdf"
    assert upload.content_type == "application/pdf"
    assert upload.size == len(PDF)
    ours.refresh_from_db()
    assert (ours.status, ours.progress) == (S.ON_TRACK, 65)

    page = contributor.get(action_page(ours))
    words = main(page)
    assert "Update sent" in words
    assert NARRATIVE in words
    assert "65% (was 40%)" in words
    assert "Still on track" in words
    assert "Parenting programme report" in words
    assert f"evaluation.pdf (file, {len(PDF)} bytes)" in words
    download = d_url("evidence", evidence=upload.pk)
    assert f'href="{download}"' in page.content.decode()
    assert 'href="https://example.org/parenting.pdf"' in page.content.decode()

    # A member downloads the file as it was sent; the public is asked to sign in.
    got = client_for("board").get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment")
    assert "evaluation.pdf" in got["Content-Disposition"]
    anonymous = Client().get(download)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/account/sign-in/")
    # A link is followed, for a member.
    followed = client_for("board").get(d_url("evidence", evidence=link.pk))
    assert (followed.status_code, followed["Location"]) == (302, link.url)
    assert (
        Client()
        .get(d_url("evidence", evidence=link.pk))["Location"]
        .startswith("/account/sign-in/")
    )


@pytest.mark.parametrize(
    ("status", "fields", "expected"),
    [
        (S.AT_RISK, {"remedial_action": "Weekly review.", "remedial_owner": "Head of service"}, 60),
        (S.COMPLETED, {"progress": ""}, 100),  # blank progress: a completed action is 100%
        (S.DEFERRED, {"reason": "Put off until the new contract starts."}, 60),
        (S.CANCELLED, {"reason": "The programme's funding ended.", "progress": "20"}, 20),
    ],
    ids=["at-risk", "completed", "deferred", "cancelled"],
)
def test_each_status_is_accepted_with_what_it_needs(contributor, ours, status, fields, expected):
    put(ours, S.ON_TRACK, 40)
    data = update_form(contributor, ours, status=status, **fields)
    assert contributor.post(action_url("action_update", ours), data).status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.progress) == (status, expected)
    if "reason" in fields:
        assert ours.status_reason == fields["reason"]
    if status == S.AT_RISK:
        assert (ours.remedial_action, ours.remedial_owner) == ("Weekly review.", "Head of service")


# (id, the action's status and progress now, what is sent, the messages expected)
BAD_UPDATES = [
    ("no-status", (S.ON_TRACK, 40), {"status": ""}, ["Choose the action's status"]),
    (
        "not-a-status",
        (S.ON_TRACK, 40),
        {"status": "archived"},
        ["Choose one of the statuses listed"],
    ),
    (
        "no-narrative",
        (S.ON_TRACK, 40),
        {"narrative": ""},
        ["Say what has happened since the last update"],
    ),
    (
        "blank-narrative",
        (S.ON_TRACK, 40),
        {"narrative": "   \n "},
        ["Say what has happened since the last update"],
    ),
    ("progress-150", (S.ON_TRACK, 40), {"progress": "150"}, ["Progress must be 100 or less"]),
    ("progress-negative", (S.ON_TRACK, 40), {"progress": "-5"}, ["Progress must be 0 or more"]),
    (
        "progress-abc",
        (S.ON_TRACK, 40),
        {"progress": "abc"},
        ["Progress must be a whole number from 0 to 100, like 60"],
    ),
    (
        "progress-decimal",
        (S.ON_TRACK, 40),
        {"progress": "55.5"},
        ["Progress must be a whole number from 0 to 100, like 60"],
    ),
    (
        "completed-at-50",
        (S.ON_TRACK, 40),
        {"status": S.COMPLETED, "progress": "50"},
        ["A completed action is 100% done: enter 100, or choose another status."],
    ),
    (
        "not-started-at-40",
        (S.NOT_STARTED, 0),
        {"status": S.NOT_STARTED, "progress": "40"},
        ["An action that has not started is 0% done: enter 0, or choose another status."],
    ),
    (
        "deferred-without-reason",
        (S.ON_TRACK, 40),
        {"status": S.DEFERRED, "reason": "  "},
        ["Say why the action is deferred."],
    ),
    (
        "cancelled-without-reason",
        (S.ON_TRACK, 40),
        {"status": S.CANCELLED},
        ["Say why the action is cancelled."],
    ),
    (
        "reopened-without-reason",
        (S.COMPLETED, 100),
        {"status": S.ON_TRACK, "progress": "90"},
        ["Say why the action is being reopened."],
    ),
    (
        "at-risk-without-remedial-action",
        (S.ON_TRACK, 40),
        {"status": S.AT_RISK, "remedial_owner": "Head of Early Help"},
        ["Say what will be done to bring the action back on track: an action at risk needs"],
    ),
    (
        "at-risk-without-owner",
        (S.ON_TRACK, 40),
        {"status": S.AT_RISK, "remedial_action": "Weekly review."},
        ["Say who owns the remedial action"],
    ),
    (
        "off-track-without-either",
        (S.AT_RISK, 30),
        {"status": S.OFF_TRACK},
        ["an action off track needs a remedial action", "Say who owns the remedial action"],
    ),
    # Moves the status machine does not allow: the form offers only the allowed ones.
    (
        "on-track-back-to-not-started",
        (S.ON_TRACK, 40),
        {"status": S.NOT_STARTED, "progress": "40"},
        ["Choose one of the statuses listed"],
    ),
    (
        "completed-to-deferred",
        (S.COMPLETED, 100),
        {"status": S.DEFERRED, "reason": "Later."},
        ["Choose one of the statuses listed"],
    ),
    (
        "link-title-without-address",
        (S.ON_TRACK, 40),
        {"link_title_1": "Board report"},
        ["Enter the web address of evidence link 1"],
    ),
    (
        "link-not-a-web-address",
        (S.ON_TRACK, 40),
        {"link_url_2": "not a web address"},
        ["Enter evidence link 2 as a full web address, starting with https://"],
    ),
]


@pytest.mark.parametrize(
    ("now", "sent", "messages"),
    [case[1:] for case in BAD_UPDATES],
    ids=[case[0] for case in BAD_UPDATES],
)
def test_a_bad_update_is_refused_and_writes_nothing(contributor, ours, now, sent, messages):
    put(ours, *now)
    data = update_form(contributor, ours, **sent)
    before = written(ours)
    response = contributor.post(action_url("action_update", ours), data)
    assert_refused(response, *messages)
    assert written(ours) == before
    # What was typed is still there to correct.
    if data["narrative"].strip():
        assert data["narrative"] in text(response)


BAD_FILES = [
    (
        "zip-named-pdf",
        ("report.pdf", b"PK\x03\x04" + b"\x00" * 200),
        "“report.pdf” is not a kind of file we keep as evidence.",
    ),
    (
        "text-named-pdf",
        ("report.pdf", b"Minutes of the meeting, typed up.\n"),
        "“report.pdf” is not a kind of file we keep as evidence.",
    ),
    (
        "pdf-named-png",
        ("chart.png", PDF),
        "“chart.png” is not a kind of file we keep as evidence.",
    ),
    ("empty", ("empty.pdf", b""), "The file you chose is empty"),
]


@pytest.mark.parametrize(
    ("upload", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_a_file_that_is_not_evidence_is_refused(contributor, ours, upload, message):
    name, content = upload
    data = update_form(contributor, ours, evidence_file=SimpleUploadedFile(name, content))
    before = written(ours)
    response = contributor.post(action_url("action_update", ours), data)
    assert_refused(response, message)
    assert written(ours) == before


@override_settings(EVIDENCE_MAX_BYTES=1024 * 1024)
def test_a_file_too_large_is_refused(contributor, ours):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024 + 512 * 1024 - len(PDF)))
    data = update_form(contributor, ours, evidence_file=big)
    before = written(ours)
    response = contributor.post(action_url("action_update", ours), data)
    assert_refused(response, "“big.pdf” is 1.5 MB; an evidence file must be 1 MB or smaller.")
    assert written(ours) == before


@override_settings(EVIDENCE_MAX_BYTES=1024 * 1024)
def test_a_file_just_over_the_limit_is_said_to_be_larger_than_it(contributor, ours):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024 + 1 - len(PDF)))
    response = contributor.post(
        action_url("action_update", ours), update_form(contributor, ours, evidence_file=big)
    )
    assert response.status_code == 400
    (message,) = [m for m in summary_errors(response) if "big.pdf" in m]
    size, limit = re.search(
        r"is ([\d.]+) MB; an evidence file must be ([\d.]+) MB", message
    ).groups()
    assert float(size) > float(limit), message


def test_a_cancelled_action_takes_no_more_updates(contributor, ours):
    put(ours, S.CANCELLED, 20, status_reason="Funding ended.")
    before = written(ours)
    assert contributor.get(action_url("action_update", ours)).status_code == 404
    data = {"status": S.CANCELLED, "narrative": NARRATIVE, "reason": "Still cancelled."}
    assert contributor.post(action_url("action_update", ours), data).status_code == 404
    assert written(ours) == before
    page = main(contributor.get(action_page(ours)))
    assert "Cancelled" in page
    assert "Update progress" not in page


def test_the_contributor_cannot_update_another_groups_action(contributor, not_ours):
    before = written(not_ours)
    data = {"status": S.ON_TRACK, "progress": "90", "narrative": "Not ours to say."}
    response = contributor.post(action_url("action_update", not_ours), data)
    assert response.status_code == 403
    assert written(not_ours) == before


@pytest.mark.parametrize("role", ["governance", "board"])
def test_readers_cannot_update_any_action(client_for, ours, role):
    before = written(ours)
    data = {"status": S.ON_TRACK, "progress": "90", "narrative": "Not ours to say."}
    assert client_for(role).post(action_url("action_update", ours), data).status_code == 403
    assert written(ours) == before


def test_a_stale_form_is_refused_naming_who_sent_the_newer_update(officer, contributor, ours):
    put(ours, S.ON_TRACK, 40)
    mine = update_form(contributor, ours, progress="70", narrative="My account of the term.")
    theirs = update_form(
        officer,
        ours,
        status=S.AT_RISK,
        remedial_action="Weekly review.",
        remedial_owner="Head of Early Help",
    )
    assert officer.post(action_url("action_update", ours), theirs).status_code == 302
    before = written(ours)

    response = contributor.post(action_url("action_update", ours), mine)
    assert_refused(
        response,
        f"{user('officer')} sent an update on this action at",
        "it says the action is at risk",
        "your update has not been saved",
    )
    assert written(ours) == before
    assert "My account of the term." in text(response)
    # Sent again from the refreshed form, it is taken.
    again = update_form(
        contributor,
        ours,
        status=S.AT_RISK,
        narrative="My account of the term.",
        remedial_action="Weekly review.",
        remedial_owner="Head of Early Help",
    )
    count = ours.updates.count()
    assert contributor.post(action_url("action_update", ours), again).status_code == 302
    assert ours.updates.count() == count + 1


def test_a_stale_form_names_the_newer_update_even_when_its_status_is_no_longer_offered(
    officer, contributor, ours
):
    put(ours, S.ON_TRACK, 40)
    mine = update_form(contributor, ours, status=S.DEFERRED, reason="Waiting for the contract.")
    theirs = update_form(officer, ours, status=S.COMPLETED, progress="100")
    assert officer.post(action_url("action_update", ours), theirs).status_code == 302
    before = written(ours)
    response = contributor.post(action_url("action_update", ours), mine)
    assert written(ours) == before
    assert_refused(response, f"{user('officer')} sent an update on this action at")


def test_a_seen_update_when_the_action_has_none_is_refused_not_a_crash(contributor, ours):
    ProgressUpdate.objects.filter(action=ours).delete()
    data = update_form(contributor, ours, seen_update="999999")
    before = written(ours)
    response = contributor.post(action_url("action_update", ours), data)
    assert_refused(response, "The update you were answering is no longer on record")
    assert written(ours) == before


def test_an_update_sent_after_its_round_closed_is_kept_for_the_next(
    officer, contributor, plan, ours
):
    first = plan.priorities.get(order=1)
    put(ours, S.ON_TRACK, 40)
    update_round = open_round(plan, first, title="Spring 2026")
    data = update_form(contributor, ours, narrative="Sent as the round closed.")
    assert data["answering"] == str(update_round.pk)
    assert officer.post(d_url("round_close", round=update_round.pk)).status_code == 302

    response = contributor.post(action_url("action_update", ours), data)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(narrative="Sent as the round closed.")
    assert update.round is None
    assert update.late_for == update_round
    page = contributor.get(response["Location"])
    words = main(page)
    assert (
        "“Spring 2026” closed before you sent this update, so it is kept for the next round."
        in (words)
    )
    assert "Sent after “Spring 2026” closed, so kept for the next round." in words
    assert "Not yet in a round" in words
    # The closed round's compiled update does not have it.
    compiled = PriorityCompilation.objects.get(round=update_round, priority=first)
    item = next(i for i in compiled.content["items"] if i["action_id"] == ours.pk)
    assert not item["updated"]

    # The next round for the priority takes it in, and counts the action as updated.
    form = round_form(plan, title="Summer 2026", priorities=[first.pk])
    assert officer.post(d_url("round_create", plan=plan.slug), form).status_code == 302
    following = UpdateRound.objects.get(plan=plan, title="Summer 2026")
    update.refresh_from_db()
    assert update.round == following
    assert update.late_for == update_round
    ehit = Group.objects.get(partnership=plan.partnership, name=CONTRIBUTOR_GROUP)
    todo = main(contributor.get(d_url("round_group", round=following.pk, group=ehit.pk)))
    assert re.search(re.escape(ours.text[:40]) + r".*? Updated", todo)
    assert "Sent after “Spring 2026” closed, so kept for the next round: “Summer 2026”." in main(
        contributor.get(action_page(ours))
    )


def test_the_late_update_warning_is_not_shown_as_a_success(officer, contributor, plan, ours):
    update_round = open_round(plan)
    data = update_form(contributor, ours)
    officer.post(d_url("round_close", round=update_round.pk))
    response = contributor.post(action_url("action_update", ours), data, follow=True)
    (banner,) = [b for b in banners(response) if "kept for the next round" in b[1]]
    assert "Success" not in banner[0]
    assert "govuk-notification-banner--success" not in banner[0]


# Update rounds: opening and closing ------------------------------------------------------------


def test_the_round_form_offers_the_priorities_in_no_open_round(officer, plan):
    busy = plan.priorities.get(order=1)
    open_round(plan, busy)
    response = officer.get(d_url("round_create", plan=plan.slug))
    assert response.status_code == 200
    offered = choices(response, "priorities")
    assert set(offered) == {str(p.pk) for p in plan.priorities.all()}
    checked = {value for value, chosen in offered.items() if chosen}
    assert checked == {str(p.pk) for p in plan.priorities.exclude(pk=busy.pk)}
    assert "Open an update round" in main(response)


def test_open_a_round_and_email_the_lead_groups(
    officer, plan, ehit, emails, django_capture_on_commit_callbacks
):
    first, second = plan.priorities.get(order=1), plan.priorities.get(order=2)
    form = round_form(plan, priorities=[first.pk, second.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(d_url("round_create", plan=plan.slug), form)
    assert response.status_code == 302
    update_round = UpdateRound.objects.get(plan=plan, title="Year-end 2015/16")
    assert response["Location"] == d_url("round_detail", round=update_round.pk)
    assert update_round.is_open
    assert update_round.opened_by == user("officer")
    assert update_round.message == "Tell us how the year went."
    assert set(update_round.priorities.all()) == {first, second}

    # Every lead group with an action in scope is told; the contributor's by email.
    (sent,) = [m for m in mail.outbox if user("contributor").email in m.to]
    assert sent.subject.endswith(f"Year-end 2015/16 ({CONTRIBUTOR_GROUP})")
    assert "Tell us how the year went." in sent.body
    assert d_url("round_group", round=update_round.pk, group=ehit.pk) in sent.body
    notices = RoundNotice.objects.filter(round=update_round)
    assert notices.filter(group=ehit, recipients=user("contributor").email).exists()
    in_scope = KeyAction.objects.filter(priority__in=[first, second]).exclude(
        status__in=[S.COMPLETED, S.CANCELLED]
    )
    lead_groups = Group.objects.filter(led_actions__in=in_scope).distinct()
    assert {n.group for n in notices} == set(lead_groups)

    page = main(officer.get(response["Location"]))
    assert "Round opened: the lead groups have been emailed" in page
    assert "Round opened" in page and user("contributor").email in page


# (id, what is changed in the form, the messages expected)
BAD_ROUNDS = [
    (
        "empty",
        {
            "title": "",
            "deadline_0": "",
            "deadline_1": "",
            "deadline_2": "",
            "priorities": [],
            "message": "",
        },
        ["Enter the name of the round", "Enter the deadline", "Choose at least one priority"],
    ),
    (
        "past-deadline",
        {**date_fields("deadline", ("1", "11", "2015"))},
        ["The deadline must be today or later."],
    ),
    (
        "not-a-date",
        {**date_fields("deadline", ("31", "2", "2030"))},
        ["Deadline must be a real date, for example 31 3 2027"],
    ),
    (
        "incomplete-date",
        {**date_fields("deadline", ("1", "", "2030"))},
        ["Deadline must include a month"],
    ),
    (
        "duplicate-title",
        {"title": DEMO_ROUND},
        [f"This plan already has a round called “{DEMO_ROUND}”; choose another name."],
    ),
    ("unknown-priority", {"priorities": ["999999"]}, ["Choose from the priorities listed"]),
    ("long-title", {"title": "x" * 201}, ["Name of the round must be 200 characters or fewer"]),
]


@pytest.mark.parametrize(
    ("changes", "messages"), [c[1:] for c in BAD_ROUNDS], ids=[c[0] for c in BAD_ROUNDS]
)
def test_a_bad_round_is_refused(
    officer, plan, demo_round, emails, changes, messages, django_capture_on_commit_callbacks
):
    before = (UpdateRound.objects.count(), RoundNotice.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(d_url("round_create", plan=plan.slug), round_form(plan, **changes))
    assert_refused(response, *messages)
    assert (UpdateRound.objects.count(), RoundNotice.objects.count()) == before
    assert mail.outbox == []


def test_a_priority_already_in_an_open_round_is_refused(officer, plan):
    first = plan.priorities.get(order=1)
    open_round(plan, first, title="Spring 2026")
    before = UpdateRound.objects.count()
    response = officer.post(
        d_url("round_create", plan=plan.slug), round_form(plan, priorities=[first.pk])
    )
    assert_refused(response, "Priority 1 is already in the open round “Spring 2026”")
    assert UpdateRound.objects.count() == before


def test_close_a_round_and_compile_it_for_the_champions(
    officer, plan, emails, django_capture_on_commit_callbacks
):
    first, second = plan.priorities.get(order=1), plan.priorities.get(order=2)
    delivery.priority_set_champion(priority=first, champion=user("board"), by=None)
    update_round = open_round(plan, first, second)
    url = d_url("round_close", round=update_round.pk)
    confirm = officer.get(url)
    assert confirm.status_code == 200
    assert "Close “Spring 2026”?" in main(confirm)
    assert "Some key actions have no update yet" in main(confirm)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(url)
    assert response.status_code == 302
    assert response["Location"] == d_url("round_detail", round=update_round.pk)
    update_round.refresh_from_db()
    assert update_round.status == RoundStatus.CLOSED
    assert update_round.closed_by == user("officer")
    compiled = PriorityCompilation.objects.filter(round=update_round)
    assert {c.priority for c in compiled} == {first, second}
    assert compiled.get(priority=first).champion == user("board")
    sent = [m for m in mail.outbox if user("board").email in m.to]
    assert "Spring 2026: compiled update for Priority 1" in [m.subject for m in sent]
    assert RoundNotice.objects.filter(round=update_round, priority=first).exists()
    page = main(officer.get(response["Location"]))
    assert "Round closed: its updates are compiled and the champions emailed" in page
    assert page.count("Read the compiled update") == 2

    # Closing it again is answered, not a crash, and compiles nothing twice.
    again = officer.post(url)
    assert again.status_code == 302
    assert PriorityCompilation.objects.filter(round=update_round).count() == 2
    assert "“Spring 2026” closed already, on" in main(officer.get(again["Location"]))
    # And its close page sends the officer back to the round.
    assert officer.get(url)["Location"] == d_url("round_detail", round=update_round.pk)


# Champions -------------------------------------------------------------------------------------


def test_name_a_champion_and_see_them_on_the_priority_page(officer, client_for, plan):
    priority = plan.priorities.get(order=3)
    Priority.objects.filter(pk=priority.pk).update(champion=None)
    url = reverse(
        "delivery:champion",
        kwargs={"partnership": STOCKTON, "plan": plan.slug, "priority": priority.pk},
    )
    form = officer.get(url)
    assert form.status_code == 200
    # Only board members are offered, and "Nobody".
    assert set(choices(form, "champion")) == {"", str(user("board").pk)}
    assert f"{user('board')}" in main(form)
    response = officer.post(url, {"champion": user("board").pk})
    assert response.status_code == 302
    priority_page = reverse(
        "plans:priority_detail",
        kwargs={"partnership": STOCKTON, "plan": plan.slug, "priority": priority.pk},
    )
    assert response["Location"] == priority_page
    priority.refresh_from_db()
    assert priority.champion == user("board")
    page = main(officer.get(priority_page))
    assert f"Champion: {user('board')}" in page
    assert "Champion saved" in page
    assert "Change the champion" in page
    # Members read who it is, without the link; the public does not.
    assert f"Champion: {user('board')}" in main(client_for("board").get(priority_page))
    assert "Change the champion" not in main(client_for("board").get(priority_page))
    assert "Champion:" not in main(Client().get(priority_page))
    # "Nobody" takes the champion off.
    assert officer.post(url, {"champion": ""}).status_code == 302
    priority.refresh_from_db()
    assert priority.champion is None


def test_the_champion_form_offers_nobody(officer, plan):
    priority = plan.priorities.get(order=1)
    url = reverse(
        "delivery:champion",
        kwargs={"partnership": STOCKTON, "plan": plan.slug, "priority": priority.pk},
    )
    response = officer.get(url)
    assert "" in choices(response, "champion")
    assert "Nobody" in main(response)


@pytest.mark.parametrize("who", ["officer", "contributor", "no-such-user"])
def test_a_champion_who_is_not_a_board_member_is_refused(officer, plan, who):
    priority = plan.priorities.get(order=1)
    before = (priority.champion_id, priority.history.count())
    chosen = 999999 if who == "no-such-user" else user(who).pk
    url = reverse(
        "delivery:champion",
        kwargs={"partnership": STOCKTON, "plan": plan.slug, "priority": priority.pk},
    )
    response = officer.post(url, {"champion": chosen})
    assert_refused(response, "Choose one of the board members listed")
    priority.refresh_from_db()
    assert (priority.champion_id, priority.history.count()) == before


# Remedial actions ------------------------------------------------------------------------------


def test_record_the_agreed_remedial_action(officer, demo_round, plan):
    action = action_at(plan, 2, 1)
    url = action_url("remedial", action)
    form = officer.get(url)
    assert form.status_code == 200
    assert action.remedial_action in text(form)  # filled in with what the group said
    data = {
        "remedial_action": "Monthly CAF clinics in every locality.",
        "remedial_owner": "Early Help Manager",
        **date_fields("remedial_due", ("31", "3", "2016")),
    }
    response = officer.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == d_url("exceptions")
    action.refresh_from_db()
    assert action.remedial_action == "Monthly CAF clinics in every locality."
    assert action.remedial_owner == "Early Help Manager"
    assert action.remedial_due == dt.date(2016, 3, 31)
    page = main(officer.get(d_url("exceptions")))
    assert "Remedial action saved" in page
    assert "Monthly CAF clinics in every locality. By 31 March 2016" in page
    assert "Early Help Manager" in page


BAD_REMEDIALS = [
    (
        "empty",
        {"remedial_action": "", "remedial_owner": ""},
        ["Say what will be done to bring the action back on track", "Enter the owner"],
    ),
    ("blank-action", {"remedial_action": "  "}, ["Say what will be done to bring"]),
    ("no-owner", {"remedial_owner": ""}, ["Enter the owner"]),
    (
        "not-a-date",
        {**date_fields("remedial_due", ("30", "2", "2016"))},
        ["To be done by must be a real date"],
    ),
    ("long-owner", {"remedial_owner": "x" * 201}, ["Owner must be 200 characters or fewer"]),
]


@pytest.mark.parametrize(
    ("changes", "messages"), [c[1:] for c in BAD_REMEDIALS], ids=[c[0] for c in BAD_REMEDIALS]
)
def test_a_bad_remedial_action_is_refused(officer, demo_round, plan, changes, messages):
    action = action_at(plan, 2, 1)
    before = written(action)
    data = {
        "remedial_action": "Monthly CAF clinics in every locality.",
        "remedial_owner": "Early Help Manager",
        **date_fields("remedial_due", ("", "", "")),
        **changes,
    }
    response = officer.post(action_url("remedial", action), data)
    assert_refused(response, *messages)
    assert written(action) == before


def test_the_contributor_cannot_record_the_agreed_remedial_action(contributor, demo_round, plan):
    action = action_at(plan, 2, 1)  # their group's
    before = written(action)
    data = {"remedial_action": "Ours.", "remedial_owner": "Us"}
    assert contributor.post(action_url("remedial", action), data).status_code == 403
    assert written(action) == before


# Milestones ------------------------------------------------------------------------------------


def milestones(action: KeyAction) -> list[tuple]:
    return list(action.milestones.order_by("id").values_list("title", "due_date", "completed_on"))


def test_add_change_and_delete_a_milestone_on_the_groups_own_action(contributor, ours):
    create = action_url("milestone_create", ours)
    assert contributor.get(create).status_code == 200
    response = contributor.post(
        create,
        {
            "title": "Parenting programme in every locality",
            **date_fields("due_date", ("31", "3", "2016")),
            **date_fields("completed_on", ("", "", "")),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == action_page(ours) + "#milestones"
    milestone = ours.milestones.get(title="Parenting programme in every locality")
    assert (milestone.due_date, milestone.completed_on) == (dt.date(2016, 3, 31), None)
    page = main(contributor.get(action_page(ours)))
    assert "Milestone added" in page
    assert "Parenting programme in every locality 31 March 2016 Overdue" in page

    edit = action_url("milestone_edit", ours, milestone=milestone.pk)
    assert "Parenting programme in every locality" in text(contributor.get(edit))
    response = contributor.post(
        edit,
        {
            "title": "Parenting programme in every locality",
            **date_fields("due_date", ("31", "3", "2016")),
            **date_fields("completed_on", ("14", "3", "2016")),
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.completed_on == dt.date(2016, 3, 14)
    assert "Reached 14 March 2016" in main(contributor.get(action_page(ours)))

    delete = action_url("milestone_delete", ours, milestone=milestone.pk)
    confirm = main(contributor.get(delete))
    assert "“Parenting programme in every locality” will be removed from this action." in confirm
    response = contributor.post(delete)
    assert response.status_code == 302
    assert response["Location"] == action_page(ours) + "#milestones"
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert "Milestone deleted" in main(contributor.get(response["Location"]))


# (what is changed in the form, the messages expected)
BAD_MILESTONES = [
    pytest.param(
        {"title": "", **date_fields("due_date", ("", "", ""))},
        ["Enter the milestone", "Enter the due date"],
        id="empty",
    ),
    pytest.param(
        date_fields("due_date", ("31", "2", "2026")),
        ["Due date must be a real date, for example 31 3 2027"],
        id="not-a-date",
    ),
    pytest.param(
        date_fields("due_date", ("31", "", "2026")),
        ["Due date must include a month"],
        id="incomplete-date",
    ),
    pytest.param(
        date_fields("due_date", ("end", "of", "March")),
        ["Due date must be a real date"],
        id="letters-for-a-date",
    ),
    pytest.param(
        date_fields("completed_on", dt.date.today() + dt.timedelta(days=30)),
        ["The date it was reached cannot be in the future."],
        id="reached-in-the-future",
    ),
    pytest.param(
        {"title": "x" * 301}, ["Milestone must be 300 characters or fewer"], id="long-title"
    ),
]


@pytest.mark.parametrize(("changes", "messages"), BAD_MILESTONES)
@pytest.mark.parametrize("page", ["create", "edit"])
def test_a_bad_milestone_is_refused(contributor, ours, page, changes, messages):
    existing = delivery.milestone_create(
        action=ours,
        by=None,
        title="Fairer Start measures agreed",
        due_date=dt.date(2016, 1, 29),
        check_permission=False,
    )
    url = (
        action_url("milestone_create", ours)
        if page == "create"
        else action_url("milestone_edit", ours, milestone=existing.pk)
    )
    before = (milestones(ours), Milestone.history.count())
    data = {
        "title": "A new milestone",
        **date_fields("due_date", ("30", "6", "2016")),
        **date_fields("completed_on", ("", "", "")),
        **changes,
    }
    response = contributor.post(url, data)
    assert_refused(response, *messages)
    assert (milestones(ours), Milestone.history.count()) == before


def test_a_milestone_of_another_action_is_not_found_under_this_one(contributor, ours, plan):
    other = action_at(plan, 2, 1)  # also the contributor's group's
    theirs = delivery.milestone_create(
        action=other,
        by=None,
        title="Elsewhere",
        due_date=dt.date(2016, 1, 29),
        check_permission=False,
    )
    for name in ("milestone_edit", "milestone_delete"):
        url = action_url(name, ours, milestone=theirs.pk)
        assert contributor.get(url).status_code == 404
        assert contributor.post(url, {"title": "Moved"}).status_code == 404
    assert Milestone.objects.get(pk=theirs.pk).title == "Elsewhere"


def test_the_contributor_cannot_change_another_groups_milestones(contributor, not_ours):
    milestone = delivery.milestone_create(
        action=not_ours,
        by=None,
        title="Theirs",
        due_date=dt.date(2016, 1, 29),
        check_permission=False,
    )
    before = (milestones(not_ours), Milestone.history.count())
    data = {"title": "Ours now", **date_fields("due_date", ("1", "1", "2017"))}
    assert contributor.post(action_url("milestone_create", not_ours), data).status_code == 403
    edit = action_url("milestone_edit", not_ours, milestone=milestone.pk)
    assert contributor.post(edit, data).status_code == 403
    delete = action_url("milestone_delete", not_ours, milestone=milestone.pk)
    assert contributor.post(delete).status_code == 403
    assert (milestones(not_ours), Milestone.history.count()) == before
