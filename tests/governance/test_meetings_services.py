"""Meetings through their services: the status machine, numbering through the municipal year,
standing items, moving and removing items, links to the plan, papers, attendance and
declarations, with every refusal leaving nothing half-written."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from partnership.governance import meetings
from partnership.governance.meeting_models import (
    AgendaItem,
    AgendaItemLink,
    Attendance,
    AttendanceStatus,
    Declaration,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Membership,
    Paper,
    Person,
    RegisteredInterest,
    StandingItem,
)
from partnership.governance.meetings import AttendanceEntry
from partnership.governance.models import Group
from partnership.plans.models import Priority
from partnership.web.models import Partnership, User

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 16) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def officer(demo) -> User:
    return User.objects.get(username="officer")


@pytest.fixture
def partnership(demo) -> Partnership:
    return Partnership.objects.get(slug="stockton-on-tees")


@pytest.fixture
def group(partnership) -> Group:
    return Group.objects.create(
        partnership=partnership, name="Test Children's Partnership Board", classification="board"
    )


def make_meeting(group: Group, officer: User, when: dt.datetime, **kwargs) -> Meeting:
    kwargs.setdefault("venue", "Loxley House")
    return meetings.meeting_create(group=group, by=officer, start=when, **kwargs)


def add_items(meeting: Meeting, officer: User, *titles: str) -> list[AgendaItem]:
    return [meetings.agenda_item_add(meeting=meeting, by=officer, title=t) for t in titles]


def numbers(meeting: Meeting) -> list[int | None]:
    return list(meeting.items.order_by("order").values_list("number", flat=True))


def titles(meeting: Meeting) -> list[str]:
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def pdf_bytes(pages: int = 1, text: str = "Draft plan") -> bytes:
    """A small real PDF with ``text`` on each page, written by hand so no library is needed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i * 2} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font_number = 3 + pages * 2
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + i * 2} 0 R "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# -- Meetings and their status ---------------------------------------------------------------


def test_meeting_create_records_the_meeting(group, officer):
    meeting = make_meeting(group, officer, at(2030, 1, 5), contact="Governance Officer")
    assert meeting.status == MeetingStatus.TENTATIVE
    assert meeting.contact == "Governance Officer"
    assert meeting.history.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"end": at(2030, 1, 5, 15)}, "end", "The end time must be after the start time"),
        ({"venue": ""}, "venue", "Enter where the meeting is held, or say that it is held online"),
        ({"status": MeetingStatus.CANCELLED}, "status", "A new meeting cannot be cancelled"),
        ({"status": MeetingStatus.HELD}, "status", "only once its start time has passed"),
        ({"first_item_number": 0}, "first_item_number", "must be 1 or more"),
    ],
)
def test_meeting_create_refuses_bad_input(group, officer, kwargs, field, message):
    with pytest.raises(ValidationError) as refused:
        make_meeting(group, officer, at(2030, 1, 5), **kwargs)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Meeting.objects.filter(group=group).exists()


def test_online_meeting_needs_no_venue(group, officer):
    meeting = make_meeting(group, officer, at(2030, 1, 5), venue="", online=True)
    assert meeting.online


def test_status_moves_along_the_machine(group, officer):
    meeting = make_meeting(group, officer, at(2020, 1, 5))
    meetings.meeting_set_status(meeting=meeting, by=officer, status=MeetingStatus.CONFIRMED)
    meeting = meetings.meeting_set_status(meeting=meeting, by=officer, status=MeetingStatus.HELD)
    assert meeting.status == MeetingStatus.HELD
    assert meeting.status_changed_at is not None


@pytest.mark.parametrize(
    ("path", "target", "message"),
    [
        (
            ["confirmed", "held"],
            "cancelled",
            "A meeting that has been held cannot become cancelled: held and cancelled meetings "
            "stay as they are.",
        ),
        (
            [],
            "held",
            "A meeting that is tentative cannot become held: it can become confirmed or cancelled.",
        ),
        (["cancelled"], "confirmed", "A meeting that has been cancelled cannot become confirmed"),
        (["confirmed"], "confirmed", "The meeting is already confirmed"),
    ],
)
def test_status_refusals_name_the_allowed_moves(group, officer, path, target, message):
    meeting = make_meeting(group, officer, at(2020, 1, 5))
    for status in path:
        meeting = meetings.meeting_set_status(
            meeting=meeting, by=officer, status=status, reason="Not quorate"
        )
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_set_status(meeting=meeting, by=officer, status=target, reason="x")
    assert message in refused.value.message_dict["status"][0]
    meeting.refresh_from_db()
    assert meeting.status == (path[-1] if path else "tentative")


def test_cancelling_needs_a_reason(group, officer):
    meeting = make_meeting(group, officer, at(2030, 1, 5))
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_set_status(meeting=meeting, by=officer, status="cancelled", reason=" ")
    assert "Say why the meeting is cancelled" in refused.value.message_dict["reason"][0]
    meeting = meetings.meeting_set_status(
        meeting=meeting, by=officer, status="cancelled", reason="Not quorate"
    )
    assert meeting.status_reason == "Not quorate"


def test_held_only_once_started(group, officer):
    meeting = make_meeting(group, officer, at(2030, 1, 5), status=MeetingStatus.CONFIRMED)
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_set_status(meeting=meeting, by=officer, status="held")
    assert "5 January 2030 at 16:00" in refused.value.message_dict["status"][0]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


# -- Numbering -------------------------------------------------------------------------------


def test_items_number_on_through_the_municipal_year(group, officer):
    september = make_meeting(group, officer, at(2020, 9, 23))
    add_items(september, officer, "A", "B", "C")
    january = make_meeting(group, officer, at(2021, 1, 5))
    add_items(january, officer, "D", "E")
    assert numbers(september) == [1, 2, 3]
    assert numbers(january) == [4, 5]
    # A new municipal year (from May) starts again at 1.
    june = make_meeting(group, officer, at(2021, 6, 1))
    add_items(june, officer, "F")
    assert numbers(june) == [1]


def test_later_meetings_renumber_when_an_earlier_one_changes(group, officer):
    september = make_meeting(group, officer, at(2020, 9, 23))
    add_items(september, officer, "A", "B")
    january = make_meeting(group, officer, at(2021, 1, 5))
    add_items(january, officer, "C")
    assert numbers(january) == [3]
    meetings.agenda_item_add(meeting=september, by=officer, title="Late")
    assert numbers(january) == [4]
    # A meeting arranged between them takes numbers before January's.
    november = make_meeting(group, officer, at(2020, 11, 10))
    add_items(november, officer, "N1", "N2")
    assert numbers(november) == [4, 5]
    assert numbers(january) == [6]


def test_cancelled_meetings_items_do_not_count(group, officer):
    september = make_meeting(group, officer, at(2020, 9, 23))
    add_items(september, officer, "A", "B")
    january = make_meeting(group, officer, at(2021, 1, 5))
    add_items(january, officer, "C")
    meetings.meeting_set_status(meeting=september, by=officer, status="cancelled", reason="Snow")
    assert numbers(january) == [1]


def test_first_item_number_starts_the_meeting_there(group, officer):
    january = make_meeting(group, officer, at(2021, 1, 5), first_item_number=12)
    add_items(january, officer, "Apologies", "Declarations")
    march = make_meeting(group, officer, at(2021, 3, 9))
    add_items(march, officer, "Plan")
    assert numbers(january) == [12, 13]
    assert numbers(march) == [14]


def test_published_agenda_keeps_its_numbers(group, officer):
    september = make_meeting(group, officer, at(2020, 9, 23))
    add_items(september, officer, "A", "B")
    january = make_meeting(group, officer, at(2021, 1, 5))
    add_items(january, officer, "C", "D")
    meetings.agenda_publish(meeting=january, by=officer)
    meetings.agenda_item_add(meeting=september, by=officer, title="Late")
    assert numbers(september) == [1, 2, 3]
    assert numbers(january) == [3, 4]  # frozen, as published
    march = make_meeting(group, officer, at(2021, 3, 9))
    add_items(march, officer, "E")
    assert numbers(march) == [5]  # carries on after the published agenda's highest


def test_published_agenda_refuses_moves_and_removals(group, officer):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    first, second = add_items(meeting, officer, "A", "B")
    meetings.agenda_publish(meeting=meeting, by=officer)
    with pytest.raises(ValidationError, match="numbered for good and cannot be moved"):
        meetings.agenda_item_move(item=second, by=officer, direction="up")
    with pytest.raises(ValidationError, match="cannot be removed"):
        meetings.agenda_item_delete(item=first, by=officer)
    with pytest.raises(ValidationError, match="already published"):
        meetings.agenda_publish(meeting=meeting, by=officer)
    assert titles(meeting) == ["A", "B"]
    # A late item goes at the end with the next number.
    late = meetings.agenda_item_add(meeting=meeting, by=officer, title="Late item")
    assert late.number == 3


def test_publishing_an_empty_agenda_is_refused(group, officer):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    with pytest.raises(ValidationError, match="Add at least one item"):
        meetings.agenda_publish(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None


def test_number_given_places_the_item(group, officer):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    first = meetings.agenda_item_add(meeting=meeting, by=officer, title="Apologies", number=12)
    assert first.number == 12
    meetings.agenda_item_add(meeting=meeting, by=officer, title="Minutes", number=13)
    meetings.agenda_item_add(meeting=meeting, by=officer, title="Declarations", number=13)
    assert titles(meeting) == ["Apologies", "Declarations", "Minutes"]
    assert numbers(meeting) == [12, 13, 14]
    with pytest.raises(ValidationError) as refused:
        meetings.agenda_item_add(meeting=meeting, by=officer, title="Far", number=30)
    assert "choose a number from 12 to 15" in refused.value.message_dict["number"][0]


def test_move_swaps_items_and_renumbers(group, officer):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    a, b, c = add_items(meeting, officer, "A", "B", "C")
    meetings.agenda_item_move(item=c, by=officer, direction="up")
    assert titles(meeting) == ["A", "C", "B"]
    assert numbers(meeting) == [1, 2, 3]
    meetings.agenda_item_move(item=a, by=officer, direction="up")  # already first: nothing
    assert titles(meeting) == ["A", "C", "B"]


def test_delete_closes_the_gap(group, officer):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    a, b, c = add_items(meeting, officer, "A", "B", "C")
    meetings.agenda_item_delete(item=b, by=officer)
    assert titles(meeting) == ["A", "C"]
    assert numbers(meeting) == [1, 2]
    assert list(meeting.items.values_list("order", flat=True)) == [1, 2]


def test_delete_refused_once_minuted(group, officer):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    (item,) = add_items(meeting, officer, "A")
    ItemMinute.objects.create(item=item, narrative="Noted.")
    with pytest.raises(ValidationError, match="has been minuted"):
        meetings.agenda_item_delete(item=item, by=officer)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "X", "exempt": True}, "exempt_reason"),
        ({"title": "X", "purpose": "gossip"}, "purpose"),
        ({"title": "X", "kind": "song"}, "kind"),
    ],
)
def test_agenda_item_add_refuses_bad_input(group, officer, kwargs, field):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    with pytest.raises(ValidationError) as refused:
        meetings.agenda_item_add(meeting=meeting, by=officer, **kwargs)
    assert field in refused.value.message_dict
    assert not meeting.items.exists()


def test_standing_items_go_in_their_usual_places(group, officer):
    earlier = make_meeting(group, officer, at(2020, 9, 23))
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    add_items(meeting, officer, "Draft plan", "Core standards")
    added = meetings.standing_items_add(meeting=meeting, by=officer)
    assert len(added) == 6
    assert titles(meeting) == [
        "Apologies for absence",
        "Declarations of interest",
        "Minutes of the previous meeting",
        "Matters arising",
        "Draft plan",
        "Core standards",
        "Forward plan",
        "Any other business",
    ]
    minutes_item = meeting.items.get(standing=StandingItem.PREVIOUS_MINUTES)
    assert minutes_item.description == "Of the meeting held on 23 September 2020 (for confirmation)"
    assert earlier.items.count() == 0
    # Only the missing ones are added the second time, and when none are missing it says so.
    meeting.items.get(standing=StandingItem.AOB).delete()
    assert [i.standing for i in meetings.standing_items_add(meeting=meeting, by=officer)] == ["aob"]
    with pytest.raises(ValidationError, match="already has all the standing items"):
        meetings.standing_items_add(meeting=meeting, by=officer)


# -- Links -----------------------------------------------------------------------------------


def test_links_to_the_plan(group, officer, partnership):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    (item,) = add_items(meeting, officer, "Draft plan")
    priority = Priority.objects.filter(plan__partnership=partnership).first()
    assert priority is not None
    link = meetings.agenda_link_add(item=item, by=officer, priority=priority)
    assert link.priority == priority
    with pytest.raises(ValidationError, match="already linked"):
        meetings.agenda_link_add(item=item, by=officer, priority=priority)
    with pytest.raises(ValidationError, match="Choose one thing"):
        meetings.agenda_link_add(item=item, by=officer)
    other = Priority.objects.exclude(plan__partnership=partnership).first()
    assert other is not None
    with pytest.raises(ValidationError) as refused:
        meetings.agenda_link_add(item=item, by=officer, priority=other)
    assert "this partnership's plans" in refused.value.message_dict["priority"][0]
    report = meetings.agenda_link_add(
        item=item, by=officer, report_title="Board report", report_url="https://example.org/r"
    )
    assert report.report_url == "https://example.org/r"
    assert AgendaItemLink.objects.filter(item=item).count() == 2


# -- Papers ----------------------------------------------------------------------------------


@pytest.fixture
def item(group, officer, settings, tmp_path) -> AgendaItem:
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    return add_items(meeting, officer, "Draft plan")[0]


def test_paper_upload_stores_size_hash_pages_and_text(item, officer):
    data = pdf_bytes(pages=2, text="Children and young people")
    paper = meetings.paper_upload(
        item=item,
        by=officer,
        title="Draft plan",
        file=SimpleUploadedFile("draft plan.pdf", data, content_type="application/pdf"),
    )
    assert paper.size == len(data)
    assert paper.pages == 2
    assert len(paper.sha256) == 64
    assert "Children and young people" in paper.text
    assert paper.file.name.endswith(".pdf")
    with paper.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "plan.docx",
            b"PK\x03\x04 word",
            "“plan.docx” is not a PDF: save it as PDF and upload that",
        ),
        ("empty.pdf", b"", "“empty.pdf” is empty"),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf at all", "could not be read as a PDF"),
    ],
)
def test_paper_upload_refuses_what_is_not_a_readable_pdf(item, officer, name, data, message):
    with pytest.raises(ValidationError) as refused:
        meetings.paper_upload(
            item=item, by=officer, title="Paper", file=SimpleUploadedFile(name, data)
        )
    assert message in refused.value.message_dict["file"][0]
    assert not Paper.objects.filter(item=item).exists()


def test_paper_upload_refuses_a_file_too_large(item, officer):
    data = pdf_bytes()
    with override_settings(PAPER_MAX_BYTES=100), pytest.raises(ValidationError) as refused:
        meetings.paper_upload(
            item=item, by=officer, title="Paper", file=SimpleUploadedFile("big.pdf", data)
        )
    message = refused.value.message_dict["file"][0]
    assert f"“big.pdf” is {meetings.format_size(len(data))}" in message
    assert "papers must be 1 KB or smaller" in message
    assert not Paper.objects.filter(item=item).exists()


def test_paper_upload_refuses_an_encrypted_pdf(item, officer):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as refused:
        meetings.paper_upload(
            item=item,
            by=officer,
            title="Paper",
            file=SimpleUploadedFile("locked.pdf", out.getvalue()),
        )
    assert "protected by a password" in refused.value.message_dict["file"][0]
    assert not Paper.objects.filter(item=item).exists()


def test_format_size():
    assert meetings.format_size(318 * 1024) == "318 KB"
    assert meetings.format_size(3 * 1024 * 1024) == "3 MB"
    assert meetings.format_size(int(1.5 * 1024 * 1024)) == "1.5 MB"
    assert meetings.format_size(10) == "1 KB"


def test_paper_remove_deletes_the_file(item, officer):
    paper = meetings.paper_upload(
        item=item, by=officer, title="P", file=SimpleUploadedFile("p.pdf", pdf_bytes())
    )
    storage, name = paper.file.storage, paper.file.name
    meetings.paper_remove(paper=paper, by=officer)
    assert not storage.exists(name)
    assert not Paper.objects.filter(pk=paper.pk).exists()


# -- Attendance ------------------------------------------------------------------------------


def person(partnership: Partnership, name: str) -> Person:
    return Person.objects.create(partnership=partnership, name=name)


def member(group: Group, who: Person, start: dt.date = dt.date(2020, 1, 1), **kw) -> Membership:
    return Membership.objects.create(group=group, person=who, start_date=start, **kw)


def test_attendance_record_replaces_the_list(group, officer, partnership):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    helen, cheryl, sub = (person(partnership, n) for n in ("Helen", "Cheryl", "Sam Sub"))
    entries = [
        AttendanceEntry(helen, AttendanceStatus.APOLOGIES, note="leave"),
        AttendanceEntry(cheryl, AttendanceStatus.PRESENT),
        AttendanceEntry(sub, AttendanceStatus.SUBSTITUTE, substitute_for=helen),
    ]
    meetings.attendance_record(meeting=meeting, by=officer, entries=entries)
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    assert Attendance.objects.get(meeting=meeting, person=sub).substitute_for == helen
    meetings.attendance_record(
        meeting=meeting, by=officer, entries=[AttendanceEntry(cheryl, AttendanceStatus.ABSENT)]
    )
    assert list(Attendance.objects.filter(meeting=meeting).values_list("status", flat=True)) == [
        "absent"
    ]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda h, c, s: [AttendanceEntry(s, "substitute")], "Say whom Sam Sub substituted for"),
        (
            lambda h, c, s: [AttendanceEntry(s, "substitute", substitute_for=s)],
            "Sam Sub cannot substitute for themselves",
        ),
        (
            lambda h, c, s: [
                AttendanceEntry(s, "substitute", substitute_for=h),
                AttendanceEntry(c, "substitute", substitute_for=h),
            ],
            "Helen already has a substitute (Sam Sub): a member can have only one",
        ),
        (lambda h, c, s: [AttendanceEntry(h, "present"), AttendanceEntry(h, "absent")], "twice"),
        (lambda h, c, s: [AttendanceEntry(h, "asleep")], "Choose how Helen attended"),
    ],
)
def test_attendance_refusals_change_nothing(group, officer, partnership, build, message):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    helen, cheryl, sub = (person(partnership, n) for n in ("Helen", "Cheryl", "Sam Sub"))
    meetings.attendance_record(
        meeting=meeting, by=officer, entries=[AttendanceEntry(cheryl, "present")]
    )
    with pytest.raises(ValidationError) as refused:
        meetings.attendance_record(meeting=meeting, by=officer, entries=build(helen, cheryl, sub))
    assert any(message in m for m in refused.value.messages)
    assert list(
        Attendance.objects.filter(meeting=meeting).values_list("person__name", "status")
    ) == [("Cheryl", "present")]


def test_attendance_add_keeps_the_rest(group, officer, partnership):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    helen, guest = person(partnership, "Helen"), person(partnership, "Guest")
    member(group, helen)
    meetings.attendance_record(
        meeting=meeting, by=officer, entries=[AttendanceEntry(helen, "present")]
    )
    meetings.attendance_add(meeting=meeting, by=officer, person=guest)
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    with pytest.raises(ValidationError, match="already recorded"):
        meetings.attendance_add(meeting=meeting, by=officer, person=guest)


# -- Declarations ----------------------------------------------------------------------------


def test_declaration_record_and_refusals(group, officer, partnership):
    meeting = make_meeting(group, officer, at(2021, 1, 5))
    (item,) = add_items(meeting, officer, "Grants")
    helen, other = person(partnership, "Helen"), person(partnership, "Other")
    interest = RegisteredInterest.objects.create(
        person=other, category="membership", description="Trustee of a charity"
    )
    with pytest.raises(ValidationError) as refused:
        meetings.declaration_record(
            item=item,
            by=officer,
            person=helen,
            kind="bad",
            nature=" ",
            action="left",
            interest=interest,
        )
    assert set(refused.value.message_dict) == {"kind", "nature", "interest"}
    assert not Declaration.objects.exists()
    declaration = meetings.declaration_record(
        item=item,
        by=officer,
        person=helen,
        kind="other-registerable",
        nature="Trustee of the charity bidding",
        action="left",
    )
    assert declaration.item == item
    now = timezone.now()
    assert declaration.recorded_at <= now
