"""The minutes services: saving item text with its version checks, the lifecycle with
circulation to attendees, confirmation at the next meeting with amendments (in the seed's
words), amendments after approval, actions arising and matters arising.

Every refusal is checked to leave nothing half-written. Data is made in Stockton through the
meetings services, with small helpers here."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from partnership.governance import meetings
from partnership.governance import minutes as service
from partnership.governance.meeting_models import (
    ActionArising,
    ActionArisingUpdate,
    Attendance,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesStatus,
    MinutesVersion,
    Person,
    StandingItem,
)
from partnership.governance.minutes_selectors import matters_arising, minutes_to_confirm
from partnership.governance.models import Group
from partnership.web.models import Partnership, User

LONDON = ZoneInfo("Europe/London")
STOCKTON = "stockton-on-tees"
MELLEN = (
    "amending Councillor David Mellen's Portfolio title to Portfolio Holder for Regeneration, "
    "Schools and Communications"
)
WARD = "noting that Maria Ward's role is representative of ‘Maintained Primary School Governors’"


# Helpers ---------------------------------------------------------------------------------------


def board() -> Group:
    partnership = Partnership.objects.get(slug=STOCKTON)
    return Group.objects.get_or_create(partnership=partnership, name="Minutes test board")[0]


def officer() -> User:
    return User.objects.get(username="officer")


def meeting_on(group: Group, day: dt.date, status: str = MeetingStatus.HELD) -> Meeting:
    start = dt.datetime(day.year, day.month, day.day, 16, 0, tzinfo=LONDON)
    return meetings.meeting_create(
        group=group, by=officer(), start=start, venue="Loxley House", status=status
    )


def item(meeting: Meeting, title: str, standing: str = ""):
    return meetings.agenda_item_add(meeting=meeting, by=officer(), title=title, standing=standing)


def person(name: str, email: str = "") -> Person:
    return Person.objects.create(
        partnership=Partnership.objects.get(slug=STOCKTON), name=name, email=email
    )


def text(narrative: str = "", points: tuple[str, ...] = (), resolutions: tuple[str, ...] = ()):
    return service.ItemText(narrative, points, resolutions)


@pytest.fixture
def september(demo):
    """The board's meeting of 29 September 2020 with two items, its minutes started."""
    meeting = meeting_on(board(), dt.date(2020, 9, 29))
    plan = item(meeting, "Children and Young People's Plan")
    other = item(meeting, "Core Development Standard")
    minutes = service.minutes_for(meeting, by=officer())
    return meeting, plan, other, minutes


@pytest.fixture
def january(september):
    """The next meeting, 5 January 2021, with its "Minutes of the previous meeting" item."""
    meeting = meeting_on(board(), dt.date(2021, 1, 5))
    previous = item(meeting, "Minutes", StandingItem.PREVIOUS_MINUTES)
    matters = item(meeting, "Matters arising", StandingItem.MATTERS_ARISING)
    return meeting, previous, matters


def circulate(minutes: Minutes) -> Minutes:
    return service.minutes_set_status(
        minutes=minutes, status=MinutesStatus.CIRCULATED, by=officer()
    )


# Text and versions -----------------------------------------------------------------------------


def test_split_paragraphs_keeps_sub_lists_and_drops_typed_letters():
    typed = "a)  first point;\n\nb) second point:\ni. one\nii. two\n\n\n  third  "
    assert service.split_paragraphs(typed) == [
        "first point;",
        "second point:\ni. one\nii. two",
        "third",
    ]
    assert service.split_paragraphs("   \n\n ") == []


def test_point_labels_run_past_z():
    assert [service.point_label(i) for i in (0, 1, 25, 26, 27)] == ["a)", "b)", "z)", "aa)", "ab)"]


def test_saving_text_makes_a_version_and_unchanged_text_does_not(september):
    _, plan, _, minutes = september
    assert minutes.version == 1
    saved = service.minutes_save(
        minutes=minutes,
        by=officer(),
        seen_version=1,
        items={plan.pk: text("Sophie Russell presented the draft.", ("point one",), ("Resolved",))},
    )
    assert saved.version == 2
    minute = ItemMinute.objects.get(item=plan)
    assert (minute.narrative, minute.points, minute.resolutions) == (
        "Sophie Russell presented the draft.",
        ["point one"],
        ["Resolved"],
    )
    version = MinutesVersion.objects.get(minutes=minutes, number=2)
    assert version.content["items"][0]["points"] == ["point one"]
    assert "Children and Young People's Plan" in version.reason

    again = service.minutes_save(
        minutes=saved,
        by=officer(),
        seen_version=2,
        items={plan.pk: text("Sophie Russell presented the draft.", ("point one",), ("Resolved",))},
    )
    assert again.version == 2
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 2


def test_a_stale_save_is_refused_and_writes_nothing(september):
    _, plan, _, minutes = september
    service.minutes_save(
        minutes=minutes, by=officer(), seen_version=1, items={plan.pk: text("First editor")}
    )
    with pytest.raises(service.StaleMinutes, match="after you opened them"):
        service.minutes_save(
            minutes=minutes, by=officer(), seen_version=1, items={plan.pk: text("Second editor")}
        )
    assert ItemMinute.objects.get(item=plan).narrative == "First editor"
    assert Minutes.objects.get(pk=minutes.pk).version == 2


def test_items_of_another_meeting_are_refused(september, january):
    _, plan, _, minutes = september
    _, previous, _ = january
    with pytest.raises(ValidationError, match="no longer on this meeting's agenda"):
        service.minutes_save(
            minutes=minutes,
            by=officer(),
            seen_version=1,
            items={plan.pk: text("kept?"), previous.pk: text("elsewhere")},
        )
    assert not ItemMinute.objects.filter(item__in=[plan, previous]).exists()


# The lifecycle ---------------------------------------------------------------------------------


def test_circulating_emails_each_attendee_with_an_address(september):
    meeting, _, _, minutes = september
    with_email = person("Sophie Russell", "sophie@example.org")
    without = person("Helen Blackman")
    sent_apologies = person("Cheryl Steel", "cheryl@example.org")
    Attendance.objects.create(meeting=meeting, person=with_email, status="present")
    Attendance.objects.create(meeting=meeting, person=without, status="present-virtually")
    Attendance.objects.create(meeting=meeting, person=sent_apologies, status="apologies")

    circulated = circulate(minutes)

    assert circulated.status == MinutesStatus.CIRCULATED
    assert circulated.circulated_at is not None
    assert [m.to for m in mail.outbox] == [["sophie@example.org"]]
    assert "29 September 2020" in mail.outbox[0].subject
    version = MinutesVersion.objects.get(minutes=minutes, number=circulated.version)
    assert version.status == MinutesStatus.CIRCULATED
    assert version.reason == "Circulated to attendees: 1 emailed, 1 not emailed"


def test_moves_outside_the_machine_are_refused_with_the_allowed_moves(september):
    _, _, _, minutes = september
    with pytest.raises(ValidationError) as refused:
        service.minutes_set_status(minutes=minutes, status=MinutesStatus.PUBLISHED, by=officer())
    assert "can only become “circulated to attendees”" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError, match="already draft"):
        service.minutes_set_status(minutes=minutes, status=MinutesStatus.DRAFT, by=officer())
    with pytest.raises(ValidationError):
        service.minutes_set_status(minutes=minutes, status="signed", by=officer())
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.DRAFT
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 1


def test_circulated_minutes_are_approved_only_by_confirmation(september):
    _, _, _, minutes = september
    circulate(minutes)
    with pytest.raises(ValidationError, match="confirming them as a true record"):
        service.minutes_set_status(minutes=minutes, status=MinutesStatus.APPROVED, by=officer())
    back = service.minutes_set_status(minutes=minutes, status=MinutesStatus.DRAFT, by=officer())
    assert back.status == MinutesStatus.DRAFT


# Confirmation at the next meeting ----------------------------------------------------------------


def test_confirmation_with_amendments_in_the_seeds_words(september, january):
    meeting, plan, _, minutes = september
    at, previous, _ = january
    service.minutes_save(
        minutes=minutes, by=officer(), seen_version=1, items={plan.pk: text("Councillor Mellen")}
    )
    circulate(minutes)
    assert minutes_to_confirm(at) == minutes
    before = Minutes.objects.get(pk=minutes.pk).version

    confirmed = service.minutes_confirm(
        minutes=minutes,
        at_meeting=at,
        corrections=[
            service.Correction(
                MELLEN, item=plan, part="narrative", text="Councillor David Mellen, Portfolio"
            ),
            service.Correction(WARD + "."),
        ],
        by=officer(),
    )

    assert confirmed.status == MinutesStatus.APPROVED
    assert confirmed.approved_at_meeting == at and confirmed.approved_at is not None
    assert confirmed.version == before + 1
    assert ItemMinute.objects.get(item=plan).narrative == "Councillor David Mellen, Portfolio"
    amendments = list(MinutesAmendment.objects.filter(minutes=minutes).order_by("id"))
    assert [(a.description, a.agreed_at_meeting, a.item) for a in amendments] == [
        (MELLEN, at, plan),
        (WARD + ".", at, None),
    ]
    assert {(a.version_before, a.version_after) for a in amendments} == {(before, before + 1)}
    assert ItemMinute.objects.get(item=previous).resolutions == [
        f"Subject to {MELLEN}, and {WARD}, the minutes of the meeting held on 29 September 2020 "
        "were confirmed as a true record and will be signed by the Chair."
    ]
    assert minutes_to_confirm(at) is None


def test_confirmation_without_amendments(september, january):
    _, _, _, minutes = september
    at, previous, _ = january
    circulate(minutes)
    service.minutes_confirm(minutes=minutes, at_meeting=at, corrections=[], by=officer())
    assert ItemMinute.objects.get(item=previous).resolutions == [
        "The minutes of the meeting held on 29 September 2020 were confirmed as a true record "
        "and will be signed by the Chair."
    ]


@pytest.mark.parametrize(
    "case, message",
    [
        ("draft", "still a draft"),
        ("earlier", "later meeting"),
        ("other group", "same group"),
        ("tentative", "confirmed or held"),
        ("no item", "no “Minutes of the previous meeting” item"),
        ("bad correction", "Choose which part"),
    ],
)
def test_confirmation_refusals_write_nothing(september, january, case, message):
    meeting, plan, _, minutes = september
    at, _, _ = january
    corrections: list[service.Correction] = []
    if case != "draft":
        circulate(minutes)
    if case == "earlier":
        at = meeting_on(board(), dt.date(2020, 6, 1))
        item(at, "Minutes", StandingItem.PREVIOUS_MINUTES)
    elif case == "other group":
        other = Group.objects.create(partnership=board().partnership, name="Another group")
        at = meeting_on(other, dt.date(2021, 1, 6))
        item(at, "Minutes", StandingItem.PREVIOUS_MINUTES)
    elif case == "tentative":
        at = meeting_on(board(), dt.date(2031, 1, 6), status=MeetingStatus.TENTATIVE)
        item(at, "Minutes", StandingItem.PREVIOUS_MINUTES)
    elif case == "no item":
        at = meeting_on(board(), dt.date(2021, 2, 6))
    elif case == "bad correction":
        corrections = [service.Correction("amending a title", item=plan, part="", text="x")]
    state = Minutes.objects.get(pk=minutes.pk)
    with pytest.raises(ValidationError) as refused:
        service.minutes_confirm(minutes=minutes, at_meeting=at, corrections=corrections, by=None)
    assert message in " ".join(refused.value.messages)
    after = Minutes.objects.get(pk=minutes.pk)
    assert (after.status, after.version) == (state.status, state.version)
    assert not MinutesAmendment.objects.filter(minutes=minutes).exists()
    assert not ItemMinute.objects.filter(item__meeting=at).exists()


# Approved minutes ------------------------------------------------------------------------------


@pytest.fixture
def approved(september, january):
    meeting, plan, other, minutes = september
    service.minutes_save(
        minutes=minutes, by=officer(), seen_version=1, items={plan.pk: text("Original")}
    )
    circulate(minutes)
    service.minutes_confirm(minutes=minutes, at_meeting=january[0], corrections=[], by=officer())
    return Minutes.objects.get(pk=minutes.pk), plan


def test_approved_minutes_refuse_edits_with_the_route_to_an_amendment(approved):
    minutes, plan = approved
    with pytest.raises(service.MinutesLocked, match="record an amendment"):
        service.minutes_save(
            minutes=minutes, by=officer(), seen_version=minutes.version, items={plan.pk: text("x")}
        )
    assert ItemMinute.objects.get(item=plan).narrative == "Original"


def test_an_amendment_after_approval_makes_a_new_version(approved):
    minutes, plan = approved
    amendment = service.minutes_amend(
        minutes=minutes,
        by=officer(),
        seen_version=minutes.version,
        correction=service.Correction(
            "Spelling of a name corrected", item=plan, part="points", text="a) one\n\nb) two"
        ),
    )
    assert ItemMinute.objects.get(item=plan).points == ["one", "two"]
    assert (amendment.version_before, amendment.version_after) == (
        minutes.version,
        minutes.version + 1,
    )
    assert amendment.agreed_at_meeting is None
    latest = MinutesVersion.objects.filter(minutes=minutes).latest("number")
    assert latest.reason == "Amended: Spelling of a name corrected"
    assert latest.status == MinutesStatus.APPROVED


@pytest.mark.parametrize(
    "seen, part, new, message",
    [
        ("stale", "narrative", "New", "amended by someone else"),
        ("now", "narrative", "Original", "same as the minutes already say"),
        ("now", "narrative", "  ", "Enter the corrected text"),
        ("now", "", "New", "Choose which part"),
    ],
)
def test_amendment_refusals_write_nothing(approved, seen, part, new, message):
    minutes, plan = approved
    version = minutes.version - 1 if seen == "stale" else minutes.version
    with pytest.raises(ValidationError) as refused:
        service.minutes_amend(
            minutes=minutes,
            by=officer(),
            seen_version=version,
            correction=service.Correction("Fix", item=plan, part=part, text=new),
        )
    assert message in " ".join(refused.value.messages)
    assert not MinutesAmendment.objects.filter(minutes=minutes).exists()
    assert Minutes.objects.get(pk=minutes.pk).version == minutes.version


def test_a_draft_cannot_be_amended(september):
    _, plan, _, minutes = september
    with pytest.raises(ValidationError, match="edit them directly"):
        service.minutes_amend(
            minutes=minutes,
            by=officer(),
            seen_version=1,
            correction=service.Correction("Fix", item=plan, part="narrative", text="New"),
        )


def test_publishing_approved_minutes(approved):
    minutes, _ = approved
    published = service.minutes_set_status(
        minutes=minutes, status=MinutesStatus.PUBLISHED, by=officer()
    )
    assert published.status == MinutesStatus.PUBLISHED and published.published_at is not None
    with pytest.raises(ValidationError, match="do not change status again"):
        service.minutes_set_status(minutes=published, status=MinutesStatus.DRAFT, by=officer())


# Actions arising and matters arising -------------------------------------------------------------


def test_action_arising_needs_an_owner_and_stays_off_approved_minutes(approved, january):
    _, plan = approved
    draft_item = january[1]
    with pytest.raises(ValidationError, match="Enter who owns the action"):
        service.action_arising_add(item=draft_item, by=officer(), description="Do it", owner=" ")
    with pytest.raises(service.MinutesLocked, match="Matters arising"):
        service.action_arising_add(item=plan, by=officer(), description="Do it", owner="Chair")
    assert not ActionArising.objects.filter(item__in=[plan, draft_item]).exists()


def test_matters_arising_lists_open_actions_until_closed(september, january):
    _, plan, other, _ = september
    at, _, _ = january
    owner = person("Sophie Russell")
    kept = service.action_arising_add(
        item=plan,
        by=officer(),
        description="Share the draft plan",
        owner="",
        owner_person=owner,
        due_date=dt.date(2020, 12, 1),
    )
    closed = service.action_arising_add(
        item=other, by=officer(), description="Rename the standard", owner="Workforce team"
    )
    assert kept.owner == "Sophie Russell"
    assert list(matters_arising(at)) == [kept, closed]

    service.action_arising_record_update(
        action=kept, meeting=at, status="in-progress", note="Shared with heads", by=officer()
    )
    service.action_arising_record_update(
        action=closed, meeting=at, status="done", note="", by=officer()
    )
    closed.refresh_from_db()
    assert closed.closed_at_meeting == at
    # Still minuted at the meeting that closed it, but gone from the next one.
    assert list(matters_arising(at)) == [kept, closed]
    march = meeting_on(board(), dt.date(2021, 3, 2))
    assert list(matters_arising(march)) == [kept]
    assert ActionArisingUpdate.objects.filter(action=kept).get().note == "Shared with heads"


@pytest.mark.parametrize("case", ["same meeting", "other group", "dropped without reason"])
def test_matters_arising_refusals_write_nothing(september, case):
    meeting, plan, _, _ = september
    action = service.action_arising_add(item=plan, by=officer(), description="x", owner="Chair")
    status, at = "done", meeting
    if case == "other group":
        other = Group.objects.create(partnership=board().partnership, name="Another group")
        at = meeting_on(other, dt.date(2021, 1, 6))
    elif case == "dropped without reason":
        at, status = meeting_on(board(), dt.date(2021, 1, 5)), "dropped"
    with pytest.raises(ValidationError):
        service.action_arising_record_update(
            action=action, meeting=at, status=status, note="", by=officer()
        )
    action.refresh_from_db()
    assert action.status == "open" and action.closed_at_meeting is None
    assert not ActionArisingUpdate.objects.filter(action=action).exists()


def test_minute_add_resolution_still_works_for_other_parts(september):
    _, plan, _, minutes = september
    service.minute_add_resolution(item=plan, text="Resolved to note the change", by=officer())
    assert ItemMinute.objects.get(item=plan).resolutions == ["Resolved to note the change"]
    assert Minutes.objects.get(pk=minutes.pk).version == 2
