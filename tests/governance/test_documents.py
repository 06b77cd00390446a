"""Agendas and minutes as documents: the document model, the print page, the tagged PDF (its
text in reading order, against a golden file), the Word file read back, who may download
which, and the draft marking."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from docx import Document

from partnership.governance import documents
from partnership.governance.meeting_models import (
    ActionArising,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesStatus,
    Paper,
    Person,
    StandingItem,
)
from partnership.governance.models import Group
from partnership.web.models import Partnership, User

LONDON = ZoneInfo("Europe/London")
GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.django_db


# -- Small local builders ------------------------------------------------------------------


def stockton() -> Partnership:
    return Partnership.objects.get(slug="stockton-on-tees")


def board() -> Group:
    return Group.objects.create(
        partnership=stockton(), name="Children's Partnership Board", classification="board"
    )


def person(name: str, **extra: str) -> Person:
    return Person.objects.create(partnership=stockton(), name=name, **extra)


def item(meeting: Meeting, order: int, title: str, **extra: object) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, order=order, number=11 + order, title=title, **extra
    )


def nottingham_like(
    *, minutes_status: str = MinutesStatus.PUBLISHED, agenda_published: bool = True
) -> Meeting:
    """A meeting shaped like the Nottingham seed's 5 January 2021 (items 12 onwards)."""
    group = board()
    meeting = Meeting.objects.create(
        group=group,
        start=dt.datetime(2021, 1, 5, 16, 0, tzinfo=LONDON),
        end=dt.datetime(2021, 1, 5, 18, 0, tzinfo=LONDON),
        online=True,
        status=MeetingStatus.HELD,
        contact="Catherine Ziane-Pryor, Governance Officer",
        agenda_published_at=dt.datetime(2020, 12, 22, 9, 0, tzinfo=LONDON),
        first_item_number=12,
    )
    if not agenda_published:
        meeting.agenda_published_at = None
        meeting.save()
    chair = person("David Mellen", honorific_prefix="Councillor", role_title="Leader")
    sophie = person(
        "Sophie Russell",
        role_title="Head of Children's Strategy and Improvement",
        organisation="Nottingham City Council",
    )
    helen = person("Helen Blackman")
    deputy = person("Alex Deputy")
    absent = person("Chris Absent")
    Attendance.objects.create(meeting=meeting, person=chair, status=AttendanceStatus.PRESENT)
    Attendance.objects.create(meeting=meeting, person=sophie, status=AttendanceStatus.IN_ATTENDANCE)
    Attendance.objects.create(
        meeting=meeting, person=helen, status=AttendanceStatus.APOLOGIES, note="leave"
    )
    Attendance.objects.create(
        meeting=meeting,
        person=deputy,
        status=AttendanceStatus.SUBSTITUTE,
        substitute_for=absent,
    )
    apologies = item(meeting, 1, "Apologies for Absence", standing=StandingItem.APOLOGIES)
    declarations = item(meeting, 2, "Declarations of Interest", standing="declarations")
    plan = item(
        meeting,
        5,
        "Draft Nottingham City Children and Young People's Plan 2021-2023 for Consultation",
        description="Presented by Sophie Russell, Head of Children's Strategy and Improvement",
        presenter="Sophie Russell",
        purpose="discussion",
    )
    exempt = item(
        meeting, 6, "Contract award", exempt=True, exempt_reason="Schedule 12A paragraph 3"
    )
    Paper.objects.create(
        item=plan,
        title="Draft plan",
        file="governance/papers/x.pdf",
        size=3 * 1024 * 1024,
        sha256="0" * 64,
    )
    ItemMinute.objects.create(item=apologies, narrative="Helen Blackman (leave)")
    ItemMinute.objects.create(item=declarations, narrative="None.")
    ItemMinute.objects.create(
        item=plan,
        narrative="Sophie Russell presented the initial consultation draft.\n\n"
        "Further consultation of the draft is taking place.",
        points=[
            "the dedicated consultation events have provided powerful feedback;",
            "partners need to focus on digital deprivation:\n"
            "i. children will benefit from good practice;\nii. services will be supported;",
            "the parent's voice is valuable.",
        ],
        resolutions=["Resolved to note the draft plan for consultation."],
    )
    ItemMinute.objects.create(
        item=exempt, narrative="The contract was awarded to Confidential Ltd."
    )
    ActionArising.objects.create(
        item=plan,
        description="Present the plan to the Termly Heads Briefing",
        owner="Sophie Russell",
        due_date=dt.date(2021, 3, 1),
    )
    Declaration.objects.create(
        item=plan,
        person=chair,
        kind="other-registerable",
        nature="Governor of a school",
        action="remained",
    )
    minutes = Minutes.objects.create(meeting=meeting, status=minutes_status)
    amendment = MinutesAmendment.objects.create(
        minutes=minutes,
        item=plan,
        description="Sophie Russell's title corrected",
        version_before=1,
        version_after=2,
    )
    # Fixed, so the golden text does not change with the day the tests run.
    MinutesAmendment.objects.filter(pk=amendment.pk).update(
        recorded_at=dt.datetime(2021, 3, 2, 17, 0, tzinfo=LONDON)
    )
    return meeting


def url(name: str, meeting: Meeting) -> str:
    return reverse(
        f"documents:{name}", kwargs={"partnership": "stockton-on-tees", "meeting": meeting.pk}
    )


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_info(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def officer() -> User:
    return User.objects.get(username="officer")


# -- The document model --------------------------------------------------------------------


def test_minutes_document_holds_attendance_points_and_actions_in_order(demo) -> None:
    meeting = nottingham_like()
    doc = documents.minutes_document(meeting, officer())
    assert doc is not None
    assert [s.heading for s in doc.attendance] == [
        "Present",
        "Substitutes",
        "In attendance",
        "Apologies",
    ]
    assert doc.attendance[1].names == ["Alex Deputy (substitute for Chris Absent)"]
    assert doc.attendance[3].names == ["Helen Blackman (leave)"]
    plan = doc.items[2]
    assert plan.heading.startswith("16. Draft Nottingham City")
    assert [p.label for p in plan.points] == ["a)", "b)", "c)"]
    assert plan.points[1].text == "partners need to focus on digital deprivation:"
    assert plan.points[1].subs == [
        "i. children will benefit from good practice;",
        "ii. services will be supported;",
    ]
    assert plan.actions[0].due == "1 March 2021" and plan.actions[0].status == "Open"
    assert plan.declarations == [
        "Councillor David Mellen (Other registerable interest): Governor of a school. "
        "Remained and took part."
    ]
    assert plan.amendments[0].endswith("Sophie Russell's title corrected")
    assert doc.draft_mark == ""
    assert doc.filename_stem == "childrens-partnership-board-2021-01-05-minutes"


def test_the_public_never_sees_exempt_items_and_members_do(demo) -> None:
    meeting = nottingham_like()
    public = documents.minutes_document(meeting, AnonymousUser())
    member = documents.minutes_document(meeting, User.objects.get(username="board"))
    assert public is not None and member is not None
    assert "Contract award" not in [i.title for i in public.items]
    assert "Exempt: Schedule 12A paragraph 3" in [i.exempt for i in member.items]
    agenda = documents.agenda_document(meeting, AnonymousUser())
    assert agenda is not None and "Contract award" not in [i.title for i in agenda.items]


def test_unpublished_agenda_and_draft_minutes_are_hidden_from_the_public(demo) -> None:
    meeting = nottingham_like(minutes_status=MinutesStatus.DRAFT, agenda_published=False)
    assert documents.agenda_document(meeting, AnonymousUser()) is None
    assert documents.minutes_document(meeting, AnonymousUser()) is None
    assert documents.minutes_document(meeting, User.objects.get(username="board")) is None
    draft = documents.minutes_document(meeting, officer())
    assert draft is not None and draft.draft_mark == documents.DRAFT_MARK


def test_point_with_sub_list_is_split_and_dicts_are_accepted() -> None:
    assert documents.split_point("first\ni. one\nii. two") == ("first", ["i. one", "ii. two"])
    assert documents.split_point({"text": "x", "subs": ["i. y"]}) == ("x", ["i. y"])
    assert [p.label for p in documents.points_of(["a", "", "b"])] == ["a)", "b)"]


def test_times_and_dates_are_written_in_plain_english() -> None:
    assert documents.clock(dt.datetime(2021, 1, 5, 16, 0)) == "4pm"
    assert documents.clock(dt.datetime(2021, 1, 5, 9, 30)) == "9.30am"
    assert documents.clock(dt.datetime(2021, 1, 5, 12, 0)) == "midday"
    assert documents.ordinal_date(dt.date(2024, 10, 23)) == "23rd October 2024"
    assert documents.ordinal_date(dt.date(2024, 10, 11)) == "11th October 2024"
    assert documents.ordinal_date(dt.date(2024, 10, 1)) == "1st October 2024"


# -- PDF and Word --------------------------------------------------------------------------


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def test_minutes_pdf_is_tagged_and_reads_in_order_against_the_golden_text(demo, tmp_path) -> None:
    doc = documents.minutes_document(nottingham_like(), AnonymousUser())
    assert doc is not None
    content = documents.meeting_pdf(doc)
    info = pdf_info(content, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert "Title:           Minutes: Children's Partnership Board, Tuesday 5 January 2021" in info
    text = normalise(pdf_text(content, tmp_path))
    golden = GOLDEN / "minutes_document.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text)
        (tmp_path.parent / "minutes.pdf").write_bytes(content)
    assert text == golden.read_text(), "PDF text differs from tests/governance/golden"
    assert text.index("a) the dedicated") < text.index("b) partners") < text.index("c) the parent")
    assert "Contract award" not in text


def test_draft_minutes_are_marked_on_every_page_of_the_pdf(demo, tmp_path) -> None:
    meeting = nottingham_like(minutes_status=MinutesStatus.CIRCULATED)
    doc = documents.minutes_document(meeting, officer())
    assert doc is not None
    text = pdf_text(documents.meeting_pdf(doc), tmp_path)
    pages = text.split("\f")
    assert all(documents.DRAFT_MARK in page for page in pages if page.strip())


def test_minutes_docx_uses_heading_styles_points_in_order_and_a_table(demo) -> None:
    meeting = nottingham_like(minutes_status=MinutesStatus.CIRCULATED)
    doc = documents.minutes_document(meeting, officer())
    assert doc is not None
    word = Document(io.BytesIO(documents.meeting_docx(doc)))
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "Attendance") in headings
    assert ("Heading 2", "Apologies") in headings
    assert any(name == "Heading 2" and text.startswith("16. Draft") for name, text in headings)
    texts = [p.text for p in word.paragraphs]
    first = texts.index("a) the dedicated consultation events have provided powerful feedback;")
    assert texts[first + 1].startswith("b) partners need")
    assert texts[first + 2] == "i. children will benefit from good practice;"
    assert texts[first + 4] == "c) the parent's voice is valuable."
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Action", "Owner", "Due", "Status"]
    assert table.rows[1].cells[0].text == "Present the plan to the Termly Heads Briefing"
    assert documents.DRAFT_MARK in word.sections[0].header.paragraphs[0].text
    assert documents.DRAFT_MARK in texts
    assert word.core_properties.title.startswith("Minutes: Children's Partnership Board")


def test_agenda_docx_lists_papers_with_their_size(demo) -> None:
    doc = documents.agenda_document(nottingham_like(), AnonymousUser())
    assert doc is not None
    word = Document(io.BytesIO(documents.meeting_docx(doc)))
    texts = [p.text for p in word.paragraphs]
    assert "Draft plan (PDF, 3 MB)" in texts
    assert "Venue: Online" in texts
    assert not any(
        p.text == "Minutes" for p in word.paragraphs if p.style.name.startswith("Heading")
    )


# -- Pages and downloads -------------------------------------------------------------------


def test_downloads_have_sensible_names_and_types(demo, client_for) -> None:
    meeting = nottingham_like()
    client = client_for("anonymous")
    pdf = client.get(url("minutes_pdf", meeting))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="childrens-partnership-board-2021-01-05-minutes.pdf"'
    )
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(url("agenda_docx", meeting))
    assert docx["Content-Disposition"].endswith(
        'childrens-partnership-board-2021-01-05-agenda.docx"'
    )


def test_print_page_shows_the_minutes_and_links_to_the_downloads(demo, client_for) -> None:
    meeting = nottingham_like()
    response = client_for("anonymous").get(url("minutes_print", meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB">' in html
    assert "Helen Blackman (leave)" in html
    assert url("minutes_pdf", meeting) in html and url("minutes_docx", meeting) in html
    assert "Contract award" not in html


# Every document view, for every role: (url name, minutes status, agenda published) -> statuses.
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]
CASES = [
    ("agenda_print", MinutesStatus.PUBLISHED, True, [200, 200, 200, 200, 200, 200]),
    ("agenda_pdf", MinutesStatus.PUBLISHED, True, [200, 200, 200, 200, 200, 200]),
    ("agenda_docx", MinutesStatus.PUBLISHED, True, [200, 200, 200, 200, 200, 200]),
    ("agenda_print", MinutesStatus.DRAFT, False, [404, 200, 200, 200, 200, 200]),
    ("agenda_docx", MinutesStatus.DRAFT, False, [404, 200, 200, 200, 200, 200]),
    ("minutes_print", MinutesStatus.PUBLISHED, True, [200, 200, 200, 200, 200, 200]),
    ("minutes_pdf", MinutesStatus.PUBLISHED, True, [200, 200, 200, 200, 200, 200]),
    ("minutes_docx", MinutesStatus.PUBLISHED, True, [200, 200, 200, 200, 200, 200]),
    ("minutes_print", MinutesStatus.CIRCULATED, True, [404, 200, 200, 200, 200, 200]),
    ("minutes_pdf", MinutesStatus.DRAFT, True, [404, 200, 200, 200, 404, 404]),
    ("minutes_docx", MinutesStatus.DRAFT, True, [404, 200, 200, 200, 404, 404]),
]


@pytest.mark.parametrize(("name", "status", "published", "expected"), CASES)
def test_who_may_get_each_document(demo, client_for, name, status, published, expected) -> None:
    meeting = nottingham_like(minutes_status=status, agenda_published=published)
    got = [client_for(role).get(url(name, meeting)).status_code for role in ROLES]
    assert got == expected


def test_a_tentative_meeting_is_404_to_the_public_and_another_partnerships_is_404(
    demo, client_for
) -> None:
    meeting = nottingham_like()
    meeting.status = MeetingStatus.TENTATIVE
    meeting.save()
    assert client_for("anonymous").get(url("agenda_print", meeting)).status_code == 404
    assert client_for("board").get(url("agenda_print", meeting)).status_code == 200
    kent = reverse("documents:agenda_print", kwargs={"partnership": "kent", "meeting": meeting.pk})
    assert client_for("administrator").get(kent).status_code == 404
