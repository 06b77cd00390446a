"""Delivery tracking through its services, reads, emails and the rounds command: the action status
machine, progress updates with their rules, evidence and permissions, update rounds from opening
to close (late updates kept for the next round), compilations for champions, and reminders.

Every test starts from Stockton's plan with nobody having reported on it (the ``plan`` fixture
resets it), so the demo's own round and updates, if the demo loader adds them, change nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from partnership.governance.models import Group
from partnership.plans import delivery
from partnership.plans.delivery import EvidenceLink
from partnership.plans.delivery_models import (
    ACTION_STATUS_TRANSITIONS,
    ActionStatus,
    NoticeKind,
    RoundStatus,
)
from partnership.plans.delivery_selectors import (
    actions_led_by,
    exception_actions,
    group_todo,
    latest_update,
    open_round_for,
    outstanding_groups,
    round_completion,
    rounds_for,
)
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
from partnership.web.demo import CONTRIBUTOR_GROUP, DEMO_PARTNERSHIP
from partnership.web.models import Partnership, Role, User, UserRole

S = ActionStatus
STATUSES = list(ActionStatus)
LONDON = ZoneInfo("Europe/London")
CONTRIBUTOR_EMAIL = "contributor@example.org"
BOARD_EMAIL = "board@example.org"
CESC = "CESC CYP Management Team"
FAIRER_START = "A Fairer Start Steering Group"


D = dt.date


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=LONDON)


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# Fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def plan(demo) -> Plan:
    """Stockton's plan as if nobody had reported on it yet and no round were open anywhere."""
    plan = Plan.objects.get(partnership__slug=DEMO_PARTNERSHIP, slug="cypp-2015-2018")
    UpdateRound.objects.filter(status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, closed_at=timezone.now()
    )
    ProgressUpdate.objects.filter(action__priority__plan=plan).delete()
    Milestone.objects.filter(action__priority__plan=plan).delete()
    KeyAction.objects.filter(priority__plan=plan).update(
        status=S.NOT_STARTED,
        progress=0,
        status_reason="",
        status_changed_at=None,
        remedial_action="",
        remedial_owner="",
        remedial_due=None,
    )
    Priority.objects.filter(plan=plan).update(champion=None)
    return plan


def account(username: str, email: str = "") -> User:
    user = User.objects.get(username=username)
    if email:
        user.email = email
        user.save(update_fields=["email"])
    return user


@pytest.fixture
def officer(plan) -> User:
    return account("officer")


@pytest.fixture
def contributor(plan) -> User:
    return account("contributor", CONTRIBUTOR_EMAIL)


@pytest.fixture
def governance(plan) -> User:
    return account("governance")


@pytest.fixture
def board(plan) -> User:
    return account("board", BOARD_EMAIL)


@pytest.fixture
def admin(plan) -> User:
    return account("admin")


@pytest.fixture
def ehit(plan) -> Group:
    return Group.objects.get(partnership=plan.partnership, name=CONTRIBUTOR_GROUP)


def group(plan: Plan, name: str) -> Group:
    return Group.objects.get(partnership=plan.partnership, name=name)


def priority(plan: Plan, number: int) -> Priority:
    return plan.priorities.get(order=number)


@pytest.fixture
def ehit_actions(plan) -> list[KeyAction]:
    """The actions the contributor's group leads: priority 1's third (shared with A Fairer
    Start), and priority 2's first and third."""
    actions = list(
        KeyAction.objects.filter(priority__plan=plan, lead_groups__name=CONTRIBUTOR_GROUP)
        .distinct()
        .order_by("priority__order", "order")
    )
    assert [(a.priority.order, a.order) for a in actions] == [(1, 3), (2, 1), (2, 3)]
    return actions


@pytest.fixture
def action(ehit_actions) -> KeyAction:
    return ehit_actions[0]


@pytest.fixture
def not_ours(plan) -> KeyAction:
    """Priority 1's first action, led by the CESC CYP Management Team only."""
    found = KeyAction.objects.get(priority__plan=plan, priority__order=1, order=1)
    assert [g.name for g in found.lead_groups.all()] == [CESC]
    return found


def contributor_for(plan: Plan, username: str, groups: list[str], email: str = "", **extra):
    user = User.objects.create_user(username, email=email, first_name=username, **extra)
    role = UserRole.objects.create(user=user, partnership=plan.partnership, role=Role.CONTRIBUTOR)
    role.groups.set([group(plan, name) for name in groups])
    return user


def put(action: KeyAction, status: str, progress: int | None = None) -> None:
    """Set an action's status through the ORM, as if earlier updates had left it there."""
    if progress is None:
        progress = {S.NOT_STARTED: 0, S.COMPLETED: 100}.get(status, 40)
    KeyAction.objects.filter(pk=action.pk).update(status=status, progress=progress)
    action.refresh_from_db()


def send(action: KeyAction, by, status: str = S.ON_TRACK, **kwargs) -> ProgressUpdate:
    kwargs.setdefault("narrative", "The team met its first milestone.")
    return delivery.action_record_progress(action=action, by=by, status=status, **kwargs)


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


def open_round(
    plan: Plan, by, *priorities: Priority, title: str = "Spring check-in", **kwargs
) -> UpdateRound:
    kwargs.setdefault("deadline", today() + days(14))
    return delivery.round_open(
        plan=plan,
        by=by,
        title=title,
        priorities=list(priorities) or [priority(plan, 1)],
        **kwargs,
    )


def messages(caught: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return caught.value.message_dict[field]


# The status machine ----------------------------------------------------------------------------


def may_move(current: str, wanted: str) -> bool:
    return current != S.CANCELLED and (
        wanted == current or wanted in ACTION_STATUS_TRANSITIONS[current]
    )


def test_every_status_has_its_moves_listed():
    assert set(ACTION_STATUS_TRANSITIONS) == set(ActionStatus.values)
    assert ACTION_STATUS_TRANSITIONS[S.CANCELLED] == frozenset()


@pytest.mark.parametrize(
    ("current", "wanted"),
    [(a, b) for a in STATUSES for b in STATUSES],
    ids=[f"{a.value}->{b.value}" for a in STATUSES for b in STATUSES],
)
def test_status_machine_allows_and_refuses_exactly_its_moves(action, officer, current, wanted):
    put(action, current)
    before = written(action)
    extras = {
        "progress": {S.NOT_STARTED: 0, S.COMPLETED: 100}.get(wanted, 60),
        "reason": "Agreed at the partnership meeting.",
        "remedial_action": "Weekly review with the head of service.",
        "remedial_owner": "Head of Early Help",
    }
    if may_move(current, wanted):
        update = send(action, officer, wanted, **extras)
        action.refresh_from_db()
        assert (update.status_before, update.status, action.status) == (current, wanted, wanted)
        return
    with pytest.raises(ValidationError) as caught:
        send(action, officer, wanted, **extras)
    [message] = messages(caught, "status")
    if current == S.CANCELLED:
        assert message == "This action was cancelled, so it takes no more updates."
    else:
        opening = (
            f"An action that is {current.label.lower()} cannot become {wanted.label.lower()}. "
            "It can be "
        )
        assert message.startswith(opening)
        named = re.split(r", | or ", message.removeprefix(opening).removesuffix("."))
        assert named == [s.label.lower() for s in STATUSES if may_move(current, s)]
    assert written(action) == before


@pytest.mark.parametrize(
    ("current", "wanted", "message"),
    [
        (
            S.COMPLETED,
            S.NOT_STARTED,
            "An action that is completed cannot become not started. "
            "It can be on track, at risk, off track or completed.",
        ),
        (
            S.DEFERRED,
            S.COMPLETED,
            "An action that is deferred cannot become completed. "
            "It can be not started, on track, at risk, off track, deferred or cancelled.",
        ),
        (
            S.ON_TRACK,
            S.NOT_STARTED,
            "An action that is on track cannot become not started. "
            "It can be on track, at risk, off track, completed, deferred or cancelled.",
        ),
    ],
    ids=["completed->not-started", "deferred->completed", "on-track->not-started"],
)
def test_a_refused_move_is_explained_in_plain_english(action, officer, current, wanted, message):
    put(action, current)
    with pytest.raises(ValidationError) as caught:
        send(action, officer, wanted, progress=0 if wanted == S.NOT_STARTED else None)
    assert messages(caught, "status") == [message]


def test_a_status_that_does_not_exist_is_refused(action, officer):
    before = written(action)
    with pytest.raises(ValidationError) as caught:
        send(action, officer, "finished")
    assert messages(caught, "status") == ["“finished” is not a status an action can have."]
    assert written(action) == before


@pytest.mark.parametrize("current", STATUSES, ids=[s.value for s in STATUSES])
def test_allowed_statuses_offer_where_the_action_is_and_where_it_may_go(action, current):
    put(action, current)
    offered = delivery.allowed_statuses(action)
    assert [value for value, _ in offered] == [s.value for s in STATUSES if may_move(current, s)]
    assert all(label == ActionStatus(value).label for value, label in offered)


@pytest.mark.parametrize(
    ("when", "completed_on", "due", "overdue"),
    [
        (dt.date(2026, 3, 2), None, dt.date(2026, 3, 1), True),
        (dt.date(2026, 3, 1), None, dt.date(2026, 3, 1), False),
        (dt.date(2026, 3, 2), dt.date(2026, 2, 28), dt.date(2026, 3, 1), False),
    ],
    ids=["past-due", "due-today", "reached"],
)
def test_a_milestone_is_overdue_only_when_past_due_and_not_reached(
    when, completed_on, due, overdue
):
    milestone = Milestone(title="Step", due_date=due, completed_on=completed_on, order=1)
    assert milestone.is_overdue(when) is overdue


# Progress updates ------------------------------------------------------------------------------


def test_an_update_records_where_the_action_was_and_moves_it(action, officer):
    put(action, S.ON_TRACK, 30)
    sent = at(2026, 3, 3, 9, 30)
    update = send(
        action,
        officer,
        S.AT_RISK,
        progress=35,
        narrative="  Recruitment to two posts has slipped.  ",
        remedial_action=" Use agency staff until the posts are filled. ",
        remedial_owner=" Head of Early Help ",
        now=sent,
    )
    update.refresh_from_db()
    assert (update.status_before, update.progress_before) == (S.ON_TRACK, 30)
    assert (update.status, update.progress) == (S.AT_RISK, 35)
    assert update.narrative == "Recruitment to two posts has slipped."
    assert (update.by, update.by_name, update.created_at) == (officer, "Partnership officer", sent)
    action.refresh_from_db()
    assert (action.status, action.progress, action.status_changed_at) == (S.AT_RISK, 35, sent)
    assert action.remedial_action == "Use agency staff until the posts are filled."
    assert action.remedial_owner == "Head of Early Help"
    assert action.history.first().history_user == officer
    assert latest_update(action) == update


def test_staying_put_keeps_the_time_the_status_changed(action, officer):
    first = at(2026, 1, 5, 10, 0)
    send(action, officer, S.ON_TRACK, progress=20, now=first)
    send(action, officer, S.ON_TRACK, progress=45, now=at(2026, 2, 5, 10, 0))
    action.refresh_from_db()
    assert (action.status, action.progress, action.status_changed_at) == (S.ON_TRACK, 45, first)
    assert [u.progress_before for u in action.updates.newest_first()] == [20, 0]


def test_blank_progress_keeps_the_action_where_it_was(action, officer):
    put(action, S.ON_TRACK, 40)
    assert send(action, officer, S.AT_RISK, remedial_action="x", remedial_owner="y").progress == 40


def test_completing_with_blank_progress_makes_it_100(action, officer):
    update = send(action, officer, S.COMPLETED)
    action.refresh_from_db()
    assert (update.progress, action.progress, action.status) == (100, 100, S.COMPLETED)


def test_a_remedial_action_is_kept_only_with_an_exception_status(action, officer):
    update = send(action, officer, S.ON_TRACK, remedial_action="Not needed", remedial_owner="Me")
    action.refresh_from_db()
    assert (update.remedial_action, update.remedial_owner) == ("", "")
    assert (action.remedial_action, action.remedial_owner) == ("", "")


@pytest.mark.parametrize(
    ("start", "wanted", "extra", "reason_kept"),
    [
        (S.ON_TRACK, S.DEFERRED, {"reason": " Funding paused. "}, "Funding paused."),
        (S.ON_TRACK, S.CANCELLED, {"reason": "Replaced by action 4."}, "Replaced by action 4."),
        (S.COMPLETED, S.ON_TRACK, {"reason": "The audit found gaps."}, "The audit found gaps."),
        (S.DEFERRED, S.ON_TRACK, {}, ""),
    ],
    ids=["deferred", "cancelled", "reopened", "resumed-clears-reason"],
)
def test_a_reason_is_kept_on_the_action(action, officer, start, wanted, extra, reason_kept):
    put(action, start)
    KeyAction.objects.filter(pk=action.pk).update(status_reason="An earlier reason.")
    update = send(action, officer, wanted, **extra)
    action.refresh_from_db()
    assert update.reason == reason_kept
    assert (action.status, action.status_reason) == (wanted, reason_kept)


def test_staying_deferred_without_a_new_reason_keeps_the_old_one(action, officer):
    put(action, S.ON_TRACK)
    send(action, officer, S.DEFERRED, reason="Funding paused until April.")
    send(action, officer, S.DEFERRED, narrative="Still waiting for the funding decision.")
    action.refresh_from_db()
    assert action.status_reason == "Funding paused until April."


# (status the action is in, what is sent, field refused, message)
REFUSED_UPDATES = [
    (
        S.ON_TRACK,
        {"status": S.COMPLETED, "progress": 80},
        "progress",
        "A completed action is 100% done: enter 100, or choose another status.",
    ),
    (
        S.NOT_STARTED,
        {"status": S.NOT_STARTED, "progress": 10},
        "progress",
        "An action that has not started is 0% done: enter 0, or choose another status.",
    ),
    (
        S.ON_TRACK,
        {"status": S.ON_TRACK, "progress": 101},
        "progress",
        "Progress must be a whole number from 0 to 100.",
    ),
    (
        S.ON_TRACK,
        {"status": S.ON_TRACK, "progress": -1},
        "progress",
        "Progress must be a whole number from 0 to 100.",
    ),
    (
        S.ON_TRACK,
        {"status": S.DEFERRED},
        "reason",
        "Say why the action is deferred.",
    ),
    (
        S.AT_RISK,
        {"status": S.CANCELLED, "reason": "   ", "remedial_action": "x", "remedial_owner": "y"},
        "reason",
        "Say why the action is cancelled.",
    ),
    (
        S.COMPLETED,
        {"status": S.ON_TRACK, "progress": 90},
        "reason",
        "Say why the action is being reopened.",
    ),
    (
        S.COMPLETED,
        {"status": S.AT_RISK, "progress": 90, "remedial_action": "x", "remedial_owner": "y"},
        "reason",
        "Say why the action is being reopened.",
    ),
    (
        S.ON_TRACK,
        {"status": S.AT_RISK, "remedial_owner": "Head of Early Help"},
        "remedial_action",
        "Say what will be done to bring the action back on track: an action at risk needs a "
        "remedial action.",
    ),
    (
        S.ON_TRACK,
        {"status": S.OFF_TRACK, "remedial_action": "Agency staff", "remedial_owner": " "},
        "remedial_owner",
        "Say who owns the remedial action.",
    ),
    (
        S.AT_RISK,
        {"status": S.AT_RISK},
        "remedial_action",
        "Say what will be done to bring the action back on track: an action at risk needs a "
        "remedial action.",
    ),
    (
        S.ON_TRACK,
        {"status": S.ON_TRACK, "narrative": "  \n "},
        "narrative",
        "Say what has happened since the last update.",
    ),
]


@pytest.mark.parametrize(
    ("start", "sent", "field", "message"),
    REFUSED_UPDATES,
    ids=[
        "completed-not-100",
        "not-started-not-0",
        "over-100",
        "negative",
        "deferred-without-reason",
        "cancelled-blank-reason",
        "reopened-without-reason",
        "reopened-at-risk-without-reason",
        "at-risk-without-remedial-action",
        "off-track-without-owner",
        "staying-at-risk-needs-remedial-again",
        "empty-narrative",
    ],
)
def test_an_update_that_breaks_a_rule_is_refused_and_writes_nothing(
    action, officer, start, sent, field, message
):
    put(action, start)
    before = written(action)
    with pytest.raises(ValidationError) as caught:
        send(action, officer, **sent)
    assert message in messages(caught, field)
    assert written(action) == before


def test_at_risk_without_either_remedial_field_names_both(action, officer):
    with pytest.raises(ValidationError) as caught:
        send(action, officer, S.OFF_TRACK)
    assert set(caught.value.message_dict) == {"remedial_action", "remedial_owner"}
    assert "an action off track needs a remedial action" in messages(caught, "remedial_action")[0]


# Who may update --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "whose", "allowed"),
    [
        ("officer", "ours", True),
        ("officer", "not_ours", True),
        ("admin", "not_ours", True),
        ("contributor", "ours", True),
        ("contributor", "not_ours", False),
        ("governance", "ours", False),
        ("board", "ours", False),
        ("anonymous", "ours", False),
    ],
)
def test_who_may_update_an_action(request, action, not_ours, who, whose, allowed):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    target = action if whose == "ours" else not_ours
    assert delivery.can_update_action(user, target) is allowed
    before = written(target)
    if allowed:
        update = send(target, user)
        assert update.by == user and update.by_name == str(user)
        return
    with pytest.raises(PermissionDenied, match="Only the partnership's officers and the"):
        send(target, user)
    assert written(target) == before


def test_a_contributor_of_another_partnership_may_not_update(plan, action):
    kent = Partnership.objects.get(slug="kent")
    user = User.objects.create_user("kent-contributor")
    UserRole.objects.create(user=user, partnership=kent, role=Role.CONTRIBUTOR).groups.set(
        [Group.objects.get(partnership=plan.partnership, name=CONTRIBUTOR_GROUP)]
    )
    assert delivery.can_update_action(user, action) is False


def test_an_action_with_two_lead_groups_may_be_updated_by_either(plan, action):
    fairer = contributor_for(plan, "fairer-start", [FAIRER_START])
    assert delivery.can_update_action(fairer, action) is True


# Evidence --------------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_links_are_kept_as_evidence(action, contributor):
    update = send(
        action,
        contributor,
        links=[
            EvidenceLink("Board minutes", "https://example.org/minutes.html"),
            EvidenceLink("  ", "https://example.org/report"),
        ],
    )
    assert [(e.title, e.url, bool(e.file)) for e in update.evidence.all()] == [
        ("Board minutes", "https://example.org/minutes.html", False),
        ("https://example.org/report", "https://example.org/report", False),
    ]


def test_a_link_that_is_not_a_web_address_is_refused_and_nothing_is_written(action, contributor):
    before = written(action)
    with pytest.raises(ValidationError) as caught:
        send(action, contributor, links=[EvidenceLink("Minutes", "not a link")])
    assert "url" in caught.value.message_dict
    assert written(action) == before


def test_a_pdf_is_kept_as_evidence(action, contributor):
    update = send(action, contributor, files=[("evidence_file", upload("Review.pdf", PDF))])
    [item] = update.evidence.all()
    assert (item.title, item.url, item.size, item.content_type) == (
        "Review.pdf",
        "",
        len(PDF),
        "application/pdf",
    )
    assert item.file.name.startswith("evidence/") and item.file.name.endswith(".pdf")
    with item.file.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            "notes.docx",
            b"PK\x03\x04" + b"\x00" * 20,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("figures.csv", "Ward,Count\nNorton,12\n£ spent,3\n".encode(), "text/csv"),
        ("notes.txt", b"Met on 3 March.\n", "text/plain"),
    ],
    ids=["png", "jpeg-upper-case", "docx", "csv-utf8", "txt"],
)
def test_the_accepted_kinds_of_file(action, contributor, name, content, content_type):
    update = send(action, contributor, files=[("evidence_file", upload(name, content))])
    assert update.evidence.get().content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "setup.exe",
            b"MZ\x90\x00" + b"\x00" * 40,
            "“setup.exe” is not a kind of file we keep as evidence. Send a PDF, a Word, Excel",
        ),
        (
            "report.pdf",
            b"This is plain text pretending to be a PDF.\n",
            "“report.pdf” is not a kind of file we keep as evidence.",
        ),
        ("chart.png", PDF, "“chart.png” is not a kind of file we keep as evidence."),
        ("empty.pdf", b"", "“empty.pdf” is empty."),
        (
            "export.csv",
            b"\xa3 spent,Ward\n" + b"12,Norton\n" * 10,
            "“export.csv” is not plain text (UTF-8); save it as CSV UTF-8 and try again.",
        ),
        ("noextension", PDF, "“noextension” is not a kind of file we keep as evidence."),
    ],
    ids=["exe", "text-named-pdf", "pdf-named-png", "empty", "csv-not-utf8", "no-extension"],
)
def test_a_file_we_do_not_keep_is_refused_naming_it(action, contributor, name, content, message):
    before = written(action)
    with pytest.raises(ValidationError) as caught:
        send(
            action,
            contributor,
            links=[EvidenceLink("Minutes", "https://example.org/m")],
            files=[("evidence_file", upload(name, content))],
        )
    [got] = messages(caught, "evidence_file")
    assert got.startswith(message)
    assert written(action) == before


def test_a_file_over_the_limit_is_refused_naming_its_size(action, contributor, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    before = written(action)
    big = upload("big.pdf", PDF + b"\x00" * (2 * 1024 * 1024 - len(PDF)))
    with pytest.raises(ValidationError) as caught:
        send(action, contributor, files=[("evidence_file", big)])
    assert messages(caught, "evidence_file") == [
        "“big.pdf” is 2 MB; an evidence file must be 1 MB or smaller."
    ]
    assert written(action) == before


def test_a_file_at_the_limit_is_accepted(action, contributor, settings):
    settings.EVIDENCE_MAX_BYTES = 4096
    exact = upload("exact.pdf", PDF + b"\x00" * (4096 - len(PDF)))
    assert send(action, contributor, files=[("f", exact)]).evidence.get().size == 4096


@pytest.mark.parametrize(
    ("limit", "size"),
    [(1024 * 1024, 1024 * 1024 + 1), (1000, 2000)],
    ids=["just-over-1MB", "small-limit"],
)
def test_the_size_message_tells_the_file_from_the_limit(action, contributor, settings, limit, size):
    settings.EVIDENCE_MAX_BYTES = limit
    with pytest.raises(ValidationError) as caught:
        send(
            action, contributor, files=[("f", upload("big.pdf", PDF + b"\x00" * (size - len(PDF))))]
        )
    [message] = messages(caught, "f")
    stated = re.fullmatch(
        r"“big\.pdf” is (.+); an evidence file must be (.+) or smaller\.", message
    )
    assert stated is not None
    file_size, limit_size = stated.groups()
    assert file_size != limit_size
    assert "0 MB" not in (file_size, limit_size)


def test_a_short_csv_that_is_not_utf8_is_refused(action, contributor):
    with pytest.raises(ValidationError):
        send(action, contributor, files=[("f", upload("cost.csv", b"Item,Cost\nBooks,\xa3"))])


def test_one_bad_file_among_good_ones_writes_nothing(action, contributor):
    before = written(action)
    with pytest.raises(ValidationError):
        send(
            action,
            contributor,
            files=[("first", upload("ok.pdf", PDF)), ("second", upload("bad.exe", b"MZ"))],
        )
    assert written(action) == before


# Sending at the same time ----------------------------------------------------------------------


def test_an_update_over_one_the_sender_has_not_seen_is_refused(action, officer, contributor):
    seen = send(action, contributor, S.ON_TRACK, progress=10, now=at(2026, 3, 2, 16, 0))
    send(
        action,
        officer,
        S.AT_RISK,
        progress=15,
        remedial_action="Extra sessions",
        remedial_owner="Head of Early Help",
        now=at(2026, 3, 3, 9, 30),
    )
    before = written(action)
    with pytest.raises(ValidationError) as caught:
        send(action, contributor, S.ON_TRACK, progress=30, seen_update_id=seen.pk)
    [message] = caught.value.messages
    assert message.startswith(
        "Partnership officer sent an update on this action at 09:30 on 3 March 2026 while you "
        "were writing yours: it says the action is at risk."
    )
    assert "has not been saved" in message
    assert written(action) == before


def test_an_update_over_the_newest_is_accepted(action, officer, contributor):
    newest = send(action, officer, S.ON_TRACK, progress=10)
    update = send(action, contributor, S.ON_TRACK, progress=30, seen_update_id=newest.pk)
    assert update.progress_before == 10


def test_seen_nothing_is_accepted_for_an_action_with_no_updates(action, contributor):
    assert send(action, contributor, seen_update_id=0).status_before == S.NOT_STARTED


def test_seen_nothing_is_refused_once_someone_has_sent_an_update(action, officer, contributor):
    send(action, officer)
    before = written(action)
    with pytest.raises(ValidationError, match="Partnership officer sent an update"):
        send(action, contributor, seen_update_id=0)
    assert written(action) == before


# Opening rounds --------------------------------------------------------------------------------


@pytest.fixture
def kent_priority(demo) -> Priority:
    return Priority.objects.filter(plan__partnership__slug="kent").order_by("order").first()


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("empty-title", "title", "Enter the round's name, for example Mid-year 2025/26."),
        (
            "duplicate-title",
            "title",
            "This plan already has a round called “Earlier round”; choose another name.",
        ),
        ("past-deadline", "deadline", "The deadline must be today or later."),
        ("no-priorities", "priorities", "Choose at least one priority."),
        (
            "another-plan",
            "priorities",
            "is not part of Children and Young People's Plan 2015-2018.",
        ),
        (
            "already-open",
            "priorities",
            "Priority 1 is already in the open round “Earlier round”; close that round first, "
            "or leave it out of this one.",
        ),
    ],
)
def test_round_open_refuses_bad_rounds(plan, officer, kent_priority, case, field, message):
    earlier = open_round(plan, officer, priority(plan, 1), title="Earlier round", notify=False)
    if case != "already-open":
        delivery.round_close(update_round=earlier, by=officer, notify=False)
    fields = {
        "title": "New round",
        "deadline": today() + days(7),
        "priorities": [priority(plan, 1), priority(plan, 2)],
    }
    fields |= {
        "empty-title": {"title": "   "},
        "duplicate-title": {"title": " Earlier round "},
        "past-deadline": {"deadline": today() - days(1)},
        "no-priorities": {"priorities": []},
        "another-plan": {"priorities": [priority(plan, 2), kent_priority]},
        "already-open": {},
    }[case]
    before = (UpdateRound.objects.count(), RoundNotice.objects.count())
    with pytest.raises(ValidationError) as caught:
        delivery.round_open(plan=plan, by=officer, **fields)
    [got] = messages(caught, field)
    assert got.endswith(message)
    if case == "another-plan":
        assert got == f"“{kent_priority}” {message}"
    assert (UpdateRound.objects.count(), RoundNotice.objects.count()) == before


def test_a_round_may_open_on_its_deadline_day(plan, officer):
    assert open_round(plan, officer, deadline=today()).is_open


def test_opening_records_the_round(plan, officer):
    when = timezone.now()
    update_round = open_round(
        plan,
        officer,
        priority(plan, 2),
        priority(plan, 1),
        title="  Mid-year test  ",
        message="  Tell us by Friday.  ",
        now=when,
    )
    update_round.refresh_from_db()
    assert (update_round.title, update_round.message) == ("Mid-year test", "Tell us by Friday.")
    assert (update_round.status, update_round.opened_at, update_round.opened_by) == (
        RoundStatus.OPEN,
        when,
        officer,
    )
    assert set(update_round.priorities.all()) == {priority(plan, 1), priority(plan, 2)}
    assert open_round_for(priority(plan, 1)) == update_round
    assert open_round_for(priority(plan, 3)) is None


def test_opening_takes_the_updates_sent_while_no_round_was_open(plan, officer, ehit_actions):
    first, second, _ = ehit_actions  # priority 1's action and priority 2's
    early = [send(first, officer), send(second, officer)]
    assert [u.round for u in early] == [None, None]
    update_round = open_round(plan, officer, priority(plan, 1))
    for update in early:
        update.refresh_from_db()
    assert [u.round for u in early] == [update_round, None]
    assert round_completion(update_round).updated == 1


def test_a_priority_may_join_a_new_round_once_its_round_has_closed(plan, officer):
    earlier = open_round(plan, officer, priority(plan, 1), title="Earlier", notify=False)
    delivery.round_close(update_round=earlier, by=officer, notify=False)
    later = open_round(plan, officer, priority(plan, 1), title="Later", notify=False)
    assert open_round_for(priority(plan, 1)) == later


@pytest.fixture
def cesc_contributor(plan) -> User:
    return contributor_for(plan, "cesc", [CESC], email="cesc@example.org")


def test_opening_emails_each_lead_group_its_todo_list(
    plan, officer, contributor, cesc_contributor, ehit, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cypp.example.org/"
    # Not told: a contributor without an address, and one whose account is switched off.
    contributor_for(plan, "no-address", [CONTRIBUTOR_GROUP])
    contributor_for(plan, "left", [CONTRIBUTOR_GROUP], email="left@example.org", is_active=False)
    deadline = today() + days(10)
    notices = RoundNotice.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        update_round = open_round(
            plan, officer, deadline=deadline, message="Please send by the deadline."
        )
    # Priority 1's lead groups: five, two of them with someone to email.
    sent = {tuple(m.to): m for m in mail.outbox}
    assert set(sent) == {(CONTRIBUTOR_EMAIL,), ("cesc@example.org",)}
    message = sent[(CONTRIBUTOR_EMAIL,)]
    assert message.subject == (
        f"Progress updates wanted by {deadline:%-d %B %Y}: Spring check-in ({CONTRIBUTOR_GROUP})"
    )
    path = reverse(
        "delivery:round_group",
        kwargs={"partnership": DEMO_PARTNERSHIP, "round": update_round.pk, "group": ehit.pk},
    )
    assert path == f"/p/{DEMO_PARTNERSHIP}/delivery/rounds/{update_round.pk}/groups/{ehit.pk}/"
    assert f"https://cypp.example.org{path}\n" in message.body
    assert f"by {deadline:%A %-d %B %Y}" in message.body
    assert "Please send by the deadline." in message.body
    assert f"Dear colleagues in {CONTRIBUTOR_GROUP}," in message.body
    assert "/groups/" in sent[("cesc@example.org",)].body
    assert RoundNotice.objects.count() == notices + 5
    told = {
        n.group.name: n.recipients
        for n in RoundNotice.objects.filter(round=update_round, kind=NoticeKind.OPENED)
    }
    assert told == {
        FAIRER_START: "",
        CESC: "cesc@example.org",
        "Children's Centres Strategic Group": "",
        CONTRIBUTOR_GROUP: CONTRIBUTOR_EMAIL,
        "Tees DCS Group": "",
    }
    assert all(n.error == "" for n in RoundNotice.objects.filter(round=update_round, kind="opened"))


def test_opening_does_not_ask_groups_that_have_updated_everything_already(
    plan, officer, contributor, action, django_capture_on_commit_callbacks
):
    send(action, contributor)  # priority 1's only action led by EHIT (and A Fairer Start)
    with django_capture_on_commit_callbacks(execute=True):
        update_round = open_round(plan, officer)
    told = set(RoundNotice.objects.filter(round=update_round).values_list("group__name", flat=True))
    assert told == {CESC, "Children's Centres Strategic Group", "Tees DCS Group"}
    assert mail.outbox == []


def test_opening_without_notifying_tells_nobody(
    plan, officer, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update_round = open_round(plan, officer, notify=False)
    assert callbacks == []
    assert mail.outbox == []
    assert not RoundNotice.objects.filter(round=update_round).exists()


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("mail.example.org refused the connection")


FAILING_BACKEND = f"{__name__}.FailingBackend"


def test_a_mail_server_failure_on_opening_is_kept_with_the_notice(
    plan, officer, contributor, ehit, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        update_round = open_round(plan, officer)
    notice = RoundNotice.objects.get(round=update_round, group=ehit)
    assert notice.recipients == CONTRIBUTOR_EMAIL
    assert notice.error == "SMTPException: mail.example.org refused the connection"
    assert UpdateRound.objects.filter(pk=update_round.pk, status=RoundStatus.OPEN).exists()


# Updates and rounds ----------------------------------------------------------------------------


def test_an_update_sent_while_the_round_is_open_joins_it(plan, officer, contributor, action):
    update_round = open_round(plan, officer, notify=False)
    update = send(action, contributor, answering=update_round)
    assert (update.round, update.late_for) == (update_round, None)


def test_an_update_for_a_priority_outside_the_open_round_waits(plan, officer, ehit_actions):
    open_round(plan, officer, priority(plan, 1), notify=False)
    assert send(ehit_actions[1], officer).round is None


def test_a_late_update_is_kept_for_the_next_round_not_lost(plan, officer, contributor, action):
    first = open_round(plan, officer, title="First round", notify=False)
    # The contributor opens the form for the first round; the officer closes it meanwhile.
    [compiled] = delivery.round_close(update_round=first, by=officer, notify=False)
    late = send(action, contributor, answering=first, narrative="Sorry this is late.")
    late.refresh_from_db()
    assert (late.round, late.late_for) == (None, first)
    assert not first.updates.exists()
    compiled.refresh_from_db()
    assert compiled.content["updated"] == 0
    second = open_round(plan, officer, title="Second round", notify=False)
    late.refresh_from_db()
    assert (late.round, late.late_for) == (second, first)
    assert action.pk not in {a.pk for a in round_completion(second).by_priority[0][1].outstanding}
    assert round_completion(second).updated == 1


def test_a_late_update_joins_a_round_already_open_for_its_priority(
    plan, officer, contributor, action
):
    first = open_round(plan, officer, title="First round", notify=False)
    delivery.round_close(update_round=first, by=officer, notify=False)
    second = open_round(plan, officer, title="Second round", notify=False)
    late = send(action, contributor, answering=first)
    assert (late.round, late.late_for) == (second, first)


# Completion, outstanding groups, to-do lists ---------------------------------------------------


def test_round_completion_counts_by_group_and_by_priority(
    plan, officer, contributor, ehit, ehit_actions, not_ours, django_assert_max_num_queries
):
    p1, p2 = priority(plan, 1), priority(plan, 2)
    finished = {
        KeyAction.objects.get(priority=p1, order=2): S.COMPLETED,
        KeyAction.objects.get(priority=p2, order=2): S.CANCELLED,
    }
    for finished_action, status in finished.items():
        put(finished_action, status)
    unled = KeyAction.objects.create(priority=p2, order=9, text="An action nobody leads")
    update_round = open_round(plan, officer, p1, p2, notify=False)
    in_p1, in_p2, also_p2 = ehit_actions
    send(in_p1, contributor)  # led by EHIT and A Fairer Start: counts for both
    send(also_p2, officer, S.COMPLETED)  # completed in the round: still in it

    with django_assert_max_num_queries(5):
        completion = round_completion(update_round)
    # In scope: priority 1's actions 1, 3 and 4, priority 2's 1, 3, 4 and the unled one.
    assert (completion.total, completion.updated) == (7, 2)
    tallies = {g.name: (t.total, t.updated) for g, t in completion.by_group}
    # Not there: the SLSCB, whose only action was cancelled before the round, and the
    # Children's Centres Strategic Group, whose only action was completed before it.
    assert tallies == {
        FAIRER_START: (1, 1),
        CESC: (1, 0),
        CONTRIBUTOR_GROUP: (3, 2),
        "Tees DCS Group": (1, 0),
        "VEMT Sub Group": (1, 0),
        "Youth Direction": (1, 1),
    }
    by_group = dict((g.name, t) for g, t in completion.by_group)
    assert by_group[CONTRIBUTOR_GROUP].outstanding == [ehit_actions[1]]
    assert by_group[FAIRER_START].complete and by_group[FAIRER_START].percent == 100
    assert by_group[CONTRIBUTOR_GROUP].percent == 67
    assert [(p, t.total, t.updated) for p, t in completion.by_priority] == [
        (p1, 3, 1),
        (p2, 4, 1),
    ]
    assert completion.unled == [unled]
    assert [g.name for g, _ in completion.by_group] == sorted(tallies, key=str.casefold)


def test_outstanding_groups_are_those_with_an_action_left_to_update(
    plan, officer, contributor, ehit, ehit_actions
):
    update_round = open_round(plan, officer, priority(plan, 1), notify=False)
    everyone = [CESC, FAIRER_START, "Children's Centres Strategic Group", CONTRIBUTOR_GROUP]
    assert [g.name for g in outstanding_groups(update_round)] == sorted(
        [*everyone, "Tees DCS Group"], key=str.casefold
    )
    send(ehit_actions[0], contributor)
    assert [g.name for g in outstanding_groups(update_round)] == [
        CESC,
        "Children's Centres Strategic Group",
        "Tees DCS Group",
    ]


def test_group_todo_lists_the_groups_actions_and_which_are_done(
    plan, officer, contributor, ehit, ehit_actions
):
    put(ehit_actions[2], S.CANCELLED)  # finished before the round: not asked about
    update_round = open_round(plan, officer, priority(plan, 1), priority(plan, 2), notify=False)
    send(ehit_actions[1], contributor)
    assert group_todo(update_round, ehit) == [(ehit_actions[0], False), (ehit_actions[1], True)]


def test_an_action_finished_before_the_round_is_out_of_it_even_when_reopened_in_it(
    plan, officer, action
):
    put(action, S.COMPLETED)
    update_round = open_round(plan, officer, notify=False)
    assert action not in [a for a, _ in group_todo(update_round, group(plan, FAIRER_START))]
    send(action, officer, S.ON_TRACK, progress=90, reason="The audit found gaps.")
    assert group_todo(update_round, group(plan, FAIRER_START)) == [(action, True)]


# Closing rounds and compilations ---------------------------------------------------------------


@pytest.fixture
def answered(plan, officer, contributor, ehit_actions, not_ours):
    """A round over priorities 1 and 2 in which two of priority 1's actions have updates."""
    update_round = open_round(
        plan, officer, priority(plan, 1), priority(plan, 2), title="Autumn round", notify=False
    )
    send(not_ours, officer, S.ON_TRACK, progress=20, narrative="First draft.")
    send(not_ours, officer, S.ON_TRACK, progress=25, narrative="Places agreed with providers.")
    send(
        ehit_actions[0],
        contributor,
        S.AT_RISK,
        progress=30,
        narrative="Referrals are up a third.",
        remedial_action="Two more key workers from April.",
        remedial_owner="Head of Early Help",
        links=[EvidenceLink("Referral figures", "https://example.org/referrals")],
    )
    delivery.milestone_create(
        action=ehit_actions[0],
        by=officer,
        title="Key workers in post",
        due_date=dt.date(2026, 4, 30),
    )
    return update_round


def test_round_close_closes_and_compiles_each_priority(plan, officer, answered, ehit_actions):
    when = timezone.now()
    compilations = delivery.round_close(update_round=answered, by=officer, now=when)
    answered.refresh_from_db()
    assert (answered.status, answered.closed_at, answered.closed_by) == ("closed", when, officer)
    assert [c.priority for c in compilations] == [priority(plan, 1), priority(plan, 2)]
    assert PriorityCompilation.objects.filter(round=answered).count() == 2
    content = compilations[0].content
    assert (content["term"], content["number"], content["round"]) == (
        "Priority",
        1,
        "Autumn round",
    )
    assert content["title"] == priority(plan, 1).title
    assert content["deadline"] == answered.deadline.isoformat()
    items = content["items"]
    assert [(i["letter"], i["updated"], i["status"]) for i in items] == [
        ("a", True, S.ON_TRACK),
        ("b", False, S.NOT_STARTED),
        ("c", True, S.AT_RISK),
        ("d", False, S.NOT_STARTED),
    ]
    first, _, third, fourth = items
    assert (first["narrative"], first["progress"]) == ("Places agreed with providers.", 25)
    assert third["lead_groups"] == [CONTRIBUTOR_GROUP, FAIRER_START]  # as the plan names them
    assert (third["remedial_action"], third["remedial_owner"], third["by"]) == (
        "Two more key workers from April.",
        "Head of Early Help",
        "Lead-group contributor (Early Help Implementation Team)",
    )
    assert third["evidence"] == [
        {"title": "Referral figures", "url": "https://example.org/referrals", "file_id": None}
    ]
    assert third["milestones"] == [
        {"title": "Key workers in post", "due_date": "2026-04-30", "completed_on": ""}
    ]
    assert (fourth["narrative"], fourth["by"], fourth["evidence"]) == ("", "", [])
    assert content["updated"] == 2
    assert content["status_counts"] == {S.NOT_STARTED: 2, S.ON_TRACK: 1, S.AT_RISK: 1}
    assert compilations[1].content["updated"] == 0


def test_a_closed_round_is_frozen(plan, officer, contributor, answered, ehit_actions):
    [first, _] = delivery.round_close(update_round=answered, by=officer)
    gathered = answered.updates.count()
    after = send(ehit_actions[0], contributor, S.ON_TRACK, progress=50, reason="")
    assert after.round is None
    assert answered.updates.count() == gathered
    first.refresh_from_db()
    assert first.content["items"][2]["status"] == S.AT_RISK


def test_a_compilation_is_a_snapshot(plan, officer, answered, not_ours):
    [first, _] = delivery.round_close(update_round=answered, by=officer)
    text = not_ours.text
    KeyAction.objects.filter(pk=not_ours.pk).update(text="Reworded after the round.")
    Priority.objects.filter(pk=first.priority_id).update(title="Renamed priority")
    first.refresh_from_db()
    assert first.content["items"][0]["action"] == text
    assert first.content["title"] != "Renamed priority"


def test_closing_a_closed_round_is_refused(plan, officer, answered):
    delivery.round_close(update_round=answered, by=officer, now=at(2026, 3, 3, 17, 0))
    compilations = PriorityCompilation.objects.count()
    with pytest.raises(ValidationError) as caught:
        delivery.round_close(update_round=answered, by=officer)
    assert caught.value.messages == ["“Autumn round” closed already, on 3 March 2026."]
    assert PriorityCompilation.objects.count() == compilations


def test_closing_emails_each_champion_a_link_to_the_compilation(
    plan, officer, board, answered, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cypp.example.org"
    p1 = priority(plan, 1)
    delivery.priority_set_champion(priority=p1, champion=board, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        compilations = delivery.round_close(update_round=answered, by=officer)
    assert compilations[0].champion == board and compilations[1].champion is None
    [message] = mail.outbox
    assert message.to == [BOARD_EMAIL]
    assert message.subject == "Autumn round: compiled update for Priority 1"
    path = reverse(
        "delivery:compilation",
        kwargs={"partnership": DEMO_PARTNERSHIP, "round": answered.pk, "priority": p1.pk},
    )
    assert f"https://cypp.example.org{path}\n" in message.body
    assert "(2 of 4 key actions updated)" in message.body
    assert "(a) Deliver sufficient, good quality childcare places" in message.body
    assert "(b) Further develop the model" in message.body
    assert "(no update received)" in message.body
    assert "At risk, 30%" in message.body
    notices = RoundNotice.objects.filter(round=answered, kind=NoticeKind.COMPILED)
    assert {(n.priority_id, n.recipients, n.group) for n in notices} == {
        (p1.pk, BOARD_EMAIL, None),
        (priority(plan, 2).pk, "", None),
    }


def test_closing_without_notifying_sends_nothing(
    plan, officer, board, answered, django_capture_on_commit_callbacks
):
    delivery.priority_set_champion(priority=priority(plan, 1), champion=board, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        delivery.round_close(update_round=answered, by=officer, notify=False)
    assert mail.outbox == []
    assert not RoundNotice.objects.filter(round=answered).exists()


def test_compiled_items_are_lettered_as_the_minutes_letter_them(plan, officer):
    last = plan.priorities.order_by("order").last()
    extra = Priority.objects.create(plan=plan, order=last.order + 1, title="Many actions")
    KeyAction.objects.bulk_create(
        KeyAction(priority=extra, order=n, text=f"Action {n}") for n in range(1, 29)
    )
    update_round = open_round(plan, officer, extra, notify=False)
    [compilation] = delivery.round_close(update_round=update_round, by=officer, notify=False)
    letters = [item["letter"] for item in compilation.content["items"]]
    assert letters[:3] == ["a", "b", "c"]
    assert letters[24:] == ["y", "z", "aa", "ab"]


# Champions -------------------------------------------------------------------------------------


def test_a_board_member_may_be_a_priority_champion(plan, officer, board):
    p1 = priority(plan, 1)
    delivery.priority_set_champion(priority=p1, champion=board, by=officer)
    p1.refresh_from_db()
    assert p1.champion == board
    assert p1.history.first().history_user == officer
    delivery.priority_set_champion(priority=p1, champion=None, by=officer)
    p1.refresh_from_db()
    assert p1.champion is None


def test_only_a_board_member_of_the_partnership_may_be_a_champion(plan, officer):
    kent = Partnership.objects.get(slug="kent")
    kent_board = User.objects.create_user("kent-board", first_name="Kent Board Member")
    UserRole.objects.create(user=kent_board, partnership=kent, role=Role.BOARD)
    p1 = priority(plan, 1)
    for user in (officer, kent_board):
        with pytest.raises(ValidationError) as caught:
            delivery.priority_set_champion(priority=p1, champion=user, by=officer)
        assert messages(caught, "champion") == [
            f"{user} is not a board member of {plan.partnership.name}."
        ]
        p1.refresh_from_db()
        assert p1.champion is None


@pytest.fixture
def compiled(plan, officer, board, answered) -> PriorityCompilation:
    delivery.priority_set_champion(priority=priority(plan, 1), champion=board, by=officer)
    return delivery.round_close(update_round=answered, by=officer, notify=False)[0]


def test_the_champion_comments_on_the_compiled_update(compiled, board):
    comment = delivery.champion_comment_add(compilation=compiled, by=board, text="  Good work. ")
    assert (comment.text, comment.by, comment.by_name) == ("Good work.", board, "Board member")
    assert list(compiled.comments.all()) == [comment]


def test_an_administrator_may_comment(compiled, admin):
    assert delivery.champion_comment_add(compilation=compiled, by=admin, text="Noted.").by == admin


def test_a_new_champion_may_comment_on_an_earlier_compilation(plan, officer, compiled):
    newcomer = User.objects.create_user("new-board", first_name="New Board Member")
    UserRole.objects.create(user=newcomer, partnership=plan.partnership, role=Role.BOARD)
    delivery.priority_set_champion(priority=priority(plan, 1), champion=newcomer, by=officer)
    compiled.refresh_from_db()
    assert delivery.champion_comment_add(compilation=compiled, by=newcomer, text="Seen.").pk


@pytest.mark.parametrize("who", ["officer", "contributor", "governance", "anonymous"])
def test_only_the_champion_comments(request, compiled, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = ChampionComment.objects.count()
    with pytest.raises(PermissionDenied, match="Only the priority's champion comments"):
        delivery.champion_comment_add(compilation=compiled, by=user, text="Hello")
    assert ChampionComment.objects.count() == before


def test_an_empty_comment_is_refused(compiled, board):
    before = ChampionComment.objects.count()
    with pytest.raises(ValidationError) as caught:
        delivery.champion_comment_add(compilation=compiled, by=board, text=" \n ")
    assert messages(caught, "text") == ["Enter your comment."]
    assert ChampionComment.objects.count() == before


def test_a_compilation_without_a_champion_takes_comments_from_nobody_but_admins(
    plan, officer, board, admin, answered
):
    [first, _] = delivery.round_close(update_round=answered, by=officer, notify=False)
    with pytest.raises(PermissionDenied):
        delivery.champion_comment_add(compilation=first, by=board, text="Hello")
    assert delivery.champion_comment_add(compilation=first, by=admin, text="Hello").pk


# Reminders -------------------------------------------------------------------------------------


@pytest.fixture
def reminder_settings(settings):
    settings.ROUND_REMINDER_DAYS_BEFORE = 3
    settings.ROUND_OVERDUE_REMINDER_DAYS = 7
    return settings


def reminder_round(plan: Plan, by, *, deadline_in: int, title: str = "Reminder round"):
    """A round over priority 1 opened two months ago, due ``deadline_in`` days from today."""
    return delivery.round_open(
        plan=plan,
        by=by,
        title=title,
        deadline=today() + days(deadline_in),
        priorities=[priority(plan, 1)],
        now=timezone.now() - days(60),
        notify=False,
    )


def remind(day: dt.date | None = None, **kwargs) -> list[delivery.Reminder]:
    return delivery.rounds_send_reminders(today=day or today(), **kwargs)


PRIORITY_1_GROUPS = sorted(
    [CESC, FAIRER_START, "Children's Centres Strategic Group", CONTRIBUTOR_GROUP, "Tees DCS Group"],
    key=str.casefold,
)


@pytest.mark.parametrize(
    ("deadline_in", "kind"),
    [
        (30, None),
        (4, None),
        (3, NoticeKind.BEFORE),
        (1, NoticeKind.BEFORE),
        (0, NoticeKind.BEFORE),
        (-1, NoticeKind.AFTER),
        (-40, NoticeKind.AFTER),
    ],
)
def test_which_reminder_is_due(plan, officer, contributor, reminder_settings, deadline_in, kind):
    update_round = reminder_round(plan, officer, deadline_in=deadline_in)
    notices = RoundNotice.objects.count()
    reminders = remind()
    if kind is None:
        assert reminders == []
        assert mail.outbox == []
        assert RoundNotice.objects.count() == notices
        return
    assert [(r.round, r.group.name, r.kind) for r in reminders] == [
        (update_round, name, kind) for name in PRIORITY_1_GROUPS
    ]
    ehit = next(r for r in reminders if r.group.name == CONTRIBUTOR_GROUP)
    assert ehit.recipients == [CONTRIBUTOR_EMAIL]
    [message] = mail.outbox
    assert message.to == [CONTRIBUTOR_EMAIL]
    if kind == NoticeKind.BEFORE:
        assert message.subject == (
            f"Reminder: progress updates due {update_round.deadline:%-d %B %Y} "
            f"({CONTRIBUTOR_GROUP})"
        )
        assert "This is a reminder that progress updates" in message.body
    else:
        assert (
            message.subject == f"Overdue: progress updates for Reminder round ({CONTRIBUTOR_GROUP})"
        )
        assert "were due by" in message.body
    assert "/groups/" in message.body
    assert RoundNotice.objects.count() == notices + len(PRIORITY_1_GROUPS)
    assert set(RoundNotice.objects.filter(round=update_round).values_list("kind", flat=True)) == {
        kind
    }


def test_the_reminder_before_the_deadline_is_sent_once(
    plan, officer, contributor, reminder_settings
):
    reminder_round(plan, officer, deadline_in=2)
    assert len(remind()) == len(PRIORITY_1_GROUPS)
    assert remind() == []  # a second run the same day
    assert remind(today() + days(1)) == []  # and the next day
    assert remind(today() + days(2)) == []  # and on the deadline
    assert len(mail.outbox) == 1


def test_reminders_after_the_deadline_repeat_every_few_days(
    plan, officer, contributor, reminder_settings
):
    update_round = reminder_round(plan, officer, deadline_in=-1)
    assert {r.kind for r in remind()} == {NoticeKind.AFTER}
    assert remind() == []
    assert remind(today() + days(1)) == []
    assert remind(today() + days(6)) == []
    assert len(remind(today() + days(7))) == len(PRIORITY_1_GROUPS)
    assert len(mail.outbox) == 2
    assert RoundNotice.objects.filter(round=update_round, kind=NoticeKind.AFTER).count() == 2 * len(
        PRIORITY_1_GROUPS
    )


def test_reminders_go_after_the_deadline_even_when_one_went_before(
    plan, officer, contributor, reminder_settings
):
    reminder_round(plan, officer, deadline_in=1)
    assert {r.kind for r in remind()} == {NoticeKind.BEFORE}
    assert {r.kind for r in remind(today() + days(2))} == {NoticeKind.AFTER}


def test_groups_that_have_updated_everything_are_not_reminded(
    plan, officer, contributor, action, reminder_settings
):
    reminder_round(plan, officer, deadline_in=1)
    send(action, contributor)
    assert [r.group.name for r in remind()] == [
        CESC,
        "Children's Centres Strategic Group",
        "Tees DCS Group",
    ]
    assert mail.outbox == []


def test_a_closed_round_sends_no_reminders(plan, officer, contributor, reminder_settings):
    update_round = reminder_round(plan, officer, deadline_in=-1)
    delivery.round_close(update_round=update_round, by=officer, notify=False)
    assert remind() == []


def test_a_dry_run_sends_and_records_nothing(plan, officer, contributor, reminder_settings):
    reminder_round(plan, officer, deadline_in=1)
    notices = RoundNotice.objects.count()
    reminders = remind(dry_run=True)
    assert [r.group.name for r in reminders] == PRIORITY_1_GROUPS
    assert next(r for r in reminders if r.group.name == CONTRIBUTOR_GROUP).recipients == [
        CONTRIBUTOR_EMAIL
    ]
    assert (RoundNotice.objects.count(), mail.outbox) == (notices, [])
    assert len(remind()) == len(PRIORITY_1_GROUPS)  # the dry run used nothing up


def test_a_reminder_the_mail_server_refused_is_tried_again(
    plan, officer, contributor, ehit, reminder_settings
):
    update_round = reminder_round(plan, officer, deadline_in=1)
    reminder_settings.EMAIL_BACKEND = FAILING_BACKEND
    assert len(remind()) == len(PRIORITY_1_GROUPS)
    [failed] = RoundNotice.objects.filter(round=update_round, group=ehit)
    assert failed.error == "SMTPException: mail.example.org refused the connection"
    assert failed.recipients == CONTRIBUTOR_EMAIL
    reminder_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Only the one that failed goes again: the groups with nobody to email were "told".
    assert [r.group for r in remind()] == [ehit]
    assert [m.to for m in mail.outbox] == [[CONTRIBUTOR_EMAIL]]
    assert list(
        RoundNotice.objects.filter(round=update_round, group=ehit)
        .order_by("id")
        .values_list("error", flat=True)
    ) == ["SMTPException: mail.example.org refused the connection", ""]
    assert remind() == []


# The rounds command ----------------------------------------------------------------------------


def rounds(*args: str) -> str:
    out = io.StringIO()
    call_command("rounds", *args, stdout=out)
    return out.getvalue()


def test_rounds_remind_says_whom_it_reminded(plan, officer, contributor, reminder_settings):
    update_round = reminder_round(plan, officer, deadline_in=2, title="Command round")
    output = rounds("remind", "--date", today().isoformat())
    lines = output.splitlines()
    assert (
        f"Reminded {CONTRIBUTOR_GROUP} (before the deadline of “Command round”): "
        f"{CONTRIBUTOR_EMAIL}"
    ) in lines
    assert (
        f"Nobody to remind in {CESC} (before the deadline of “Command round”): no contributor "
        "of the group has an email address"
    ) in lines
    assert len(lines) == len(PRIORITY_1_GROUPS)
    assert RoundNotice.objects.filter(round=update_round).count() == len(PRIORITY_1_GROUPS)
    # Run again the same day, without --date: nothing twice.
    assert rounds("remind") == f"No reminders due on {today():%-d %B %Y}.\n"


def test_rounds_remind_after_the_deadline(plan, officer, contributor, reminder_settings):
    reminder_round(plan, officer, deadline_in=-2, title="Late round")
    output = rounds("remind")
    assert (
        f"Reminded {CONTRIBUTOR_GROUP} (after the deadline of “Late round”): {CONTRIBUTOR_EMAIL}"
    ) in output.splitlines()


def test_rounds_remind_dry_run_says_whom_it_would_remind(
    plan, officer, contributor, reminder_settings
):
    reminder_round(plan, officer, deadline_in=1, title="Dry round")
    notices = RoundNotice.objects.count()
    output = rounds("remind", "--dry-run")
    assert (
        f"Would remind {CONTRIBUTOR_GROUP} (before the deadline of “Dry round”): "
        f"{CONTRIBUTOR_EMAIL}"
    ) in output.splitlines()
    assert (RoundNotice.objects.count(), mail.outbox) == (notices, [])


def test_rounds_remind_with_nothing_due(plan, reminder_settings):
    assert rounds("remind", "--date", "2026-01-31") == "No reminders due on 31 January 2026.\n"


@pytest.mark.parametrize("bad", ["31/01/2026", "2026-02-30", "tomorrow"])
def test_rounds_remind_refuses_a_date_it_cannot_read(plan, bad):
    with pytest.raises(CommandError) as caught:
        rounds("remind", "--date", bad)
    assert str(caught.value) == (
        f"“{bad}” is not a date: write it as YYYY-MM-DD, for example 2026-01-31."
    )


def test_rounds_list_shows_each_round_and_its_completion(plan, officer, contributor, action):
    deadline = today() + days(14)
    update_round = open_round(plan, officer, title="Listed round", deadline=deadline, notify=False)
    send(action, contributor)
    assert (
        f"{DEMO_PARTNERSHIP} cypp-2015-2018 #{update_round.pk} “Listed round”: Open, "
        f"deadline {deadline:%-d %B %Y}, 1 of 4 actions updated"
    ) in rounds("list").splitlines()


def test_rounds_list_with_no_rounds(plan):
    ProgressUpdate.objects.all().delete()
    UpdateRound.objects.all().delete()
    assert rounds("list") == "No update rounds yet.\n"


@pytest.fixture
def closed_then_open(plan, officer):
    """An older round, still open, and a newer one already closed."""
    still_open = open_round(
        plan, officer, priority(plan, 1), title="Older, open", now=timezone.now() - days(5)
    )
    closed = open_round(plan, officer, priority(plan, 2), title="Newer, closed", notify=False)
    delivery.round_close(update_round=closed, by=officer, notify=False)
    return still_open, closed


def test_rounds_list_shows_open_rounds_first(closed_then_open):
    still_open, closed = closed_then_open
    lines = rounds("list").splitlines()
    index = {
        r: next(i for i, line in enumerate(lines) if f"#{r.pk} " in line)
        for r in (still_open, closed)
    }
    assert index[still_open] < index[closed]


def test_rounds_for_lists_open_rounds_first(plan, closed_then_open):
    still_open, closed = closed_then_open
    listed = [r for r in rounds_for(plan.partnership) if r in closed_then_open]
    assert listed == [still_open, closed]


# Milestones ------------------------------------------------------------------------------------


def test_a_contributor_adds_milestones_to_their_groups_action(action, contributor):
    first = delivery.milestone_create(
        action=action, by=contributor, title=" Referral pathway agreed ", due_date=D(2026, 6, 30)
    )
    second = delivery.milestone_create(
        action=action,
        by=contributor,
        title="Pilot in two wards",
        due_date=D(2026, 9, 30),
        completed_on=today(),
    )
    assert [(m.title, m.order, m.completed_on) for m in action.milestones.all()] == [
        ("Referral pathway agreed", 1, None),
        ("Pilot in two wards", 2, today()),
    ]
    assert first.history.get().history_user == contributor
    assert second.pk


@pytest.mark.parametrize(
    ("who", "whose", "allowed"),
    [
        ("officer", "not_ours", True),
        ("contributor", "ours", True),
        ("contributor", "not_ours", False),
        ("governance", "ours", False),
        ("board", "ours", False),
        ("anonymous", "ours", False),
    ],
)
def test_who_may_add_change_and_remove_milestones(
    request, action, not_ours, officer, who, whose, allowed
):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    target = action if whose == "ours" else not_ours
    existing = delivery.milestone_create(
        action=target, by=officer, title="Existing", due_date=D(2026, 5, 1)
    )
    count = Milestone.objects.count()
    if allowed:
        made = delivery.milestone_create(
            action=target, by=user, title="New", due_date=D(2026, 6, 1)
        )
        delivery.milestone_update(
            milestone=made, by=user, title="Renamed", due_date=D(2026, 7, 1), completed_on=None
        )
        made.refresh_from_db()
        assert (made.title, made.due_date) == ("Renamed", D(2026, 7, 1))
        delivery.milestone_delete(milestone=made, by=user)
        assert Milestone.objects.count() == count
        return
    with pytest.raises(PermissionDenied):
        delivery.milestone_create(action=target, by=user, title="New", due_date=D(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        delivery.milestone_update(
            milestone=existing, by=user, title="Renamed", due_date=D(2026, 7, 1), completed_on=None
        )
    with pytest.raises(PermissionDenied):
        delivery.milestone_delete(milestone=existing, by=user)
    existing.refresh_from_db()
    assert (existing.title, Milestone.objects.count()) == ("Existing", count)


def test_a_milestone_cannot_be_reached_in_the_future(action, contributor):
    tomorrow = today() + days(1)
    with pytest.raises(ValidationError) as caught:
        delivery.milestone_create(
            action=action,
            by=contributor,
            title="Step",
            due_date=D(2026, 6, 1),
            completed_on=tomorrow,
        )
    assert messages(caught, "completed_on") == ["The date it was reached cannot be in the future."]
    assert not action.milestones.exists()
    milestone = delivery.milestone_create(
        action=action, by=contributor, title="Step", due_date=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as caught:
        delivery.milestone_update(
            milestone=milestone,
            by=contributor,
            title="Step",
            due_date=D(2026, 6, 1),
            completed_on=tomorrow,
        )
    assert "completed_on" in caught.value.message_dict
    milestone.refresh_from_db()
    assert milestone.completed_on is None
    delivery.milestone_update(
        milestone=milestone,
        by=contributor,
        title="Step",
        due_date=D(2026, 6, 1),
        completed_on=today(),
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == today()


def test_a_milestone_needs_a_title(action, contributor):
    with pytest.raises(ValidationError) as caught:
        delivery.milestone_create(action=action, by=contributor, title="  ", due_date=D(2026, 6, 1))
    assert "title" in caught.value.message_dict
    assert not action.milestones.exists()


# Remedial actions agreed by officers -----------------------------------------------------------


def test_an_officer_records_the_agreed_remedial_action(action, officer):
    put(action, S.AT_RISK)
    delivery.action_agree_remedial(
        action=action,
        by=officer,
        remedial_action=" Extra key workers ",
        remedial_owner=" Head of Early Help ",
        remedial_due=D(2026, 6, 30),
    )
    action.refresh_from_db()
    assert (action.remedial_action, action.remedial_owner, action.remedial_due) == (
        "Extra key workers",
        "Head of Early Help",
        D(2026, 6, 30),
    )


def test_only_officers_record_agreed_remedial_actions(action, contributor):
    with pytest.raises(PermissionDenied):
        delivery.action_agree_remedial(
            action=action,
            by=contributor,
            remedial_action="x",
            remedial_owner="y",
            remedial_due=None,
        )


def test_an_agreed_remedial_action_needs_what_and_who(action, officer):
    put(action, S.AT_RISK)
    with pytest.raises(ValidationError) as caught:
        delivery.action_agree_remedial(
            action=action, by=officer, remedial_action=" ", remedial_owner="", remedial_due=None
        )
    assert set(caught.value.message_dict) == {"remedial_action", "remedial_owner"}


def test_a_remedial_action_is_agreed_only_for_an_action_at_risk_or_off_track(action, officer):
    put(action, S.ON_TRACK)
    with pytest.raises(ValidationError) as caught:
        delivery.action_agree_remedial(
            action=action, by=officer, remedial_action="x", remedial_owner="y", remedial_due=None
        )
    assert caught.value.messages == [
        "This action is on track: a remedial action is agreed only for an action at risk or "
        "off track."
    ]


def test_a_cancelled_actions_milestones_do_not_change(action, officer):
    milestone = delivery.milestone_create(
        action=action, by=officer, title="Step", due_date=today() + days(5)
    )
    put(action, S.CANCELLED)
    with pytest.raises(ValidationError):
        delivery.milestone_create(action=action, by=officer, title="More", due_date=today())
    with pytest.raises(ValidationError):
        delivery.milestone_delete(milestone=milestone, by=officer)


def test_sending_the_same_update_twice_records_it_once(action, officer):
    seen = getattr(latest_update(action), "pk", 0)
    first = send(action, officer, S.ON_TRACK, narrative="Same words", seen_update_id=seen)
    again = send(action, officer, S.ON_TRACK, narrative="Same words", seen_update_id=seen)
    assert again.pk == first.pk
    assert action.updates.filter(narrative="Same words").count() == 1


# Other reads -----------------------------------------------------------------------------------


def test_actions_led_by_a_group(plan, ehit, ehit_actions):
    assert list(actions_led_by(plan.partnership, [ehit.pk])) == ehit_actions


def test_the_exception_list_is_worst_first_then_longest_standing(plan, officer, ehit_actions):
    first, second, third = ehit_actions
    for which, status, when in [
        (first, S.AT_RISK, at(2026, 1, 10, 9, 0)),
        (second, S.OFF_TRACK, at(2026, 2, 10, 9, 0)),
        (third, S.AT_RISK, at(2025, 12, 1, 9, 0)),
    ]:
        send(which, officer, status, remedial_action="x", remedial_owner="y", now=when)
    listed = [a for a in exception_actions(plan.partnership) if a.priority.plan_id == plan.pk]
    assert listed == [second, third, first]


def test_resuming_a_deferred_action_as_not_started_with_no_figure_records_zero(action, officer):
    put(action, S.DEFERRED, progress=30)
    update = send(action, officer, status=S.NOT_STARTED, progress=None, reason="Picked up again")
    action.refresh_from_db()
    assert (update.progress, action.progress, action.status) == (0, 0, S.NOT_STARTED)
