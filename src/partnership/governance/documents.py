"""Agendas, minutes and one-minute guides as documents: a plain model both writers render.

``agenda_document``, ``minutes_document`` and ``guide_document`` read the database once, keep
only what the reader may see (governance.visibility decides), and return frozen dataclasses of
text. The print page and the PDF render one template from them; the Word writer walks the same
objects, so the three formats never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from partnership.plans.delivery import file_size
from partnership.reports.render import docx as w
from partnership.reports.render.pdf import html_to_pdf

from . import visibility
from .meeting_models import (
    ActionArising,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    GuideStatus,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesStatus,
    OneMinuteGuide,
    Paper,
)
from .meetings_presenters import where
from .minutes import point_label

DRAFT_MARK = "DRAFT – not yet approved"

# A line inside a point that starts a sub-list entry: "i.", "iv.", "o", "·", "•", "-".
_SUB_LINE = re.compile(r"^\s*(?:[ivxlc]+\.|[o·•\-–])\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PaperLine:
    title: str
    size: str  # "318 KB"


@dataclass(frozen=True)
class Point:
    label: str  # "a)"
    text: str
    subs: list[str] = field(default_factory=list)  # "i. children will benefit ..."


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner: str
    due: str
    status: str


@dataclass(frozen=True)
class DocItem:
    anchor: str  # "item-12"
    number: str  # "12." or "" before the agenda is numbered
    title: str
    description: list[str]  # paragraphs
    presenter: str
    purpose: str  # "For decision"
    kind: str  # "Report"
    exempt: str  # "Exempt: Schedule 12A paragraph 3" or ""
    papers: list[PaperLine]
    narrative: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)
    amendments: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True)
class AttendanceSection:
    heading: str  # "Present", "Apologies"
    names: list[str]


@dataclass(frozen=True)
class MeetingDocument:
    kind: str  # "agenda" or "minutes"
    title: str  # the document's title, as the PDF and Word file carry it
    partnership: str
    group: str
    when: str  # "Tuesday 5 January 2021, 4pm"
    where: str  # the venue, "Online", or both
    contact: str
    introduction: list[str]
    draft_mark: str  # DRAFT_MARK on unapproved minutes, else ""
    status_line: str  # "Approved at the meeting on 2 March 2021" or ""
    attendance: list[AttendanceSection]
    items: list[DocItem]
    amendments: list[str]  # amendments to the minutes as a whole
    filename_stem: str  # "childrens-partnership-board-2021-01-05-minutes"

    @property
    def heading(self) -> str:
        return "Agenda" if self.kind == "agenda" else "Minutes"


@dataclass(frozen=True)
class GuideHeadline:
    number: int
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class GuideDocument:
    title: str  # "One Minute Guide: Meeting held on 23rd October 2024"
    group: str
    partnership: str
    introduction: list[str]
    items: list[GuideHeadline]
    closing: list[str]
    draft_mark: str  # "DRAFT – not yet published" while a draft
    filename_stem: str


# -- Wording ---------------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Text split at blank lines (or single line breaks), with empty lines dropped."""
    return [line.strip() for line in re.split(r"\n\s*\n|\r?\n", text or "") if line.strip()]


def clock(moment: dt.datetime) -> str:
    """ "4pm", "4.30pm", "midday": GOV.UK's style for times."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}.{moment.minute:02d}{suffix}"


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def ordinal_date(day: dt.date) -> str:
    """ "23rd October 2024", as one-minute guides write it."""
    n = day.day
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} {day:%B %Y}"


def meeting_when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    text = f"{long_date(start.date())}, {clock(start)}"
    if meeting.end:
        end = timezone.localtime(meeting.end)
        text += f" to {clock(end)}" if end.date() == start.date() else f" to {long_date(end)}"
    return text


def meeting_where(meeting: Meeting) -> str:
    """Where, as the agenda page says it; a document always has the line, so it says what is
    not known."""
    if found := where(meeting):
        return found
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        return "Not recorded"
    return "Venue to be confirmed"


def filename_stem(meeting: Meeting, what: str) -> str:
    """ "childrens-partnership-board-2021-01-05-minutes": the group, the date, the document."""
    day = timezone.localtime(meeting.start).date()
    return (
        f"{slugify(meeting.group.name.replace(chr(39), '').replace('’', ''))}-{day:%Y-%m-%d}-{what}"
    )


def split_point(point: Any) -> tuple[str, list[str]]:
    """A stored point as (its text, its sub-list): lines starting "i.", "o" or "·" are the
    point's own sub-list, as the minutes editor stores them; a dict form is accepted too."""
    if isinstance(point, dict):
        listed = point.get("subs") or point.get("subpoints") or []
        return str(point.get("text", "")).strip(), [
            str(s).strip() for s in listed if str(s).strip()
        ]
    lines = [line.rstrip() for line in str(point).splitlines() if line.strip()]
    text: list[str] = []
    subs: list[str] = []
    for line in lines:
        if subs or (text and _SUB_LINE.match(line)):
            if _SUB_LINE.match(line) or not subs:
                subs.append(line.strip())
            else:
                subs[-1] = f"{subs[-1]} {line.strip()}"
        else:
            text.append(line.strip())
    return " ".join(text), subs


def points_of(stored: Sequence[Any]) -> list[Point]:
    result = []
    for index, point in enumerate(p for p in stored if split_point(p)[0] or split_point(p)[1]):
        text, subs = split_point(point)
        result.append(Point(point_label(index), text, subs))
    return result


def _person_line(attendance: Attendance) -> str:
    person = attendance.person
    about = ", ".join(part for part in (person.role_title, person.organisation) if part)
    name = person.display_name
    if attendance.status == AttendanceStatus.SUBSTITUTE and attendance.substitute_for:
        name = f"{name} (substitute for {attendance.substitute_for.display_name})"
    if attendance.status == AttendanceStatus.APOLOGIES and attendance.note:
        name = f"{name} ({attendance.note})"
    return f"{name} – {about}" if about else name


ATTENDANCE_SECTIONS = [
    (AttendanceStatus.PRESENT, "Present"),
    (AttendanceStatus.PRESENT_VIRTUALLY, "Present virtually"),
    (AttendanceStatus.SUBSTITUTE, "Substitutes"),
    (AttendanceStatus.IN_ATTENDANCE, "In attendance"),
    (AttendanceStatus.APOLOGIES, "Apologies"),
    (AttendanceStatus.ABSENT, "Absent"),
]


def attendance_sections(meeting: Meeting) -> list[AttendanceSection]:
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "substitute_for")
        .order_by("person__name", "id")
    )
    sections = []
    for status, heading in ATTENDANCE_SECTIONS:
        names = [_person_line(row) for row in rows if row.status == status]
        if names:
            sections.append(AttendanceSection(heading, names))
    return sections


def _declaration_line(declaration: Declaration) -> str:
    return (
        f"{declaration.person.display_name} ({declaration.get_kind_display()}): "
        f"{declaration.nature.rstrip('.')}. {declaration.get_action_display()}."
    )


def _amendment_line(amendment: MinutesAmendment) -> str:
    when = timezone.localtime(amendment.recorded_at).date()
    where = (
        f" at the meeting on {long_date(timezone.localtime(amendment.agreed_at_meeting.start))}"
        if amendment.agreed_at_meeting
        else ""
    )
    return f"Amended{where} (recorded {when.day} {when:%B %Y}): {amendment.description}"


def _action_line(action: ActionArising) -> ActionLine:
    due = f"{action.due_date.day} {action.due_date:%B %Y}" if action.due_date else "No date set"
    return ActionLine(action.description, action.owner, due, action.get_status_display())


# -- Selectors -------------------------------------------------------------------------------


def _items(meeting: Meeting, user: Any, *, for_minutes: bool) -> list[AgendaItem]:
    partnership = meeting.group.partnership
    if for_minutes:
        items = AgendaItem.objects.filter(meeting=meeting).order_by("order")
        if not visibility.is_member(user, partnership):
            items = items.filter(exempt=False)
    else:
        items = visibility.items_visible(user, meeting)
    return list(
        items.prefetch_related(
            Prefetch("papers", queryset=Paper.objects.order_by("additional", "order", "id")),
            Prefetch("declarations", queryset=Declaration.objects.select_related("person")),
            Prefetch("actions_arising", queryset=ActionArising.objects.order_by("order", "id")),
        )
    )


def _doc_item(
    item: AgendaItem,
    *,
    minute: ItemMinute | None,
    amendments: Sequence[MinutesAmendment] = (),
    for_minutes: bool,
) -> DocItem:
    papers = [PaperLine(p.title, file_size(p.size)) for p in item.papers.all()]
    base: dict[str, Any] = {
        "anchor": f"item-{item.number or item.order}",
        "number": f"{item.number}." if item.number else "",
        "title": item.title,
        "description": paragraphs(item.description),
        "presenter": item.presenter,
        "purpose": item.get_purpose_display() if item.purpose else "",
        "kind": item.get_kind_display(),
        "exempt": f"Exempt: {item.exempt_reason}"
        if item.exempt and item.exempt_reason
        else ("Exempt" if item.exempt else ""),
        "papers": papers,
    }
    if not for_minutes:
        return DocItem(**base)
    return DocItem(
        **base,
        narrative=paragraphs(minute.narrative) if minute else [],
        points=points_of(minute.points) if minute else [],
        resolutions=[r.strip() for r in (minute.resolutions if minute else []) if r.strip()],
        actions=[_action_line(a) for a in item.actions_arising.all()],
        declarations=[_declaration_line(d) for d in item.declarations.all()],
        amendments=[_amendment_line(a) for a in amendments],
    )


def _meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("group__partnership").get(pk=meeting.pk)


def agenda_document(meeting: Meeting, user: Any) -> MeetingDocument | None:
    """The agenda as ``user`` may read it, or None if they may not see it at all."""
    meeting = _meeting(meeting)
    if not visibility.agenda_visible(user, meeting):
        return None
    items = [
        _doc_item(i, minute=None, for_minutes=False)
        for i in _items(meeting, user, for_minutes=False)
    ]
    group = meeting.group
    return MeetingDocument(
        kind="agenda",
        title=f"Agenda: {group.name}, {long_date(timezone.localtime(meeting.start).date())}",
        partnership=group.partnership.name,
        group=group.name,
        when=meeting_when(meeting),
        where=meeting_where(meeting),
        contact=meeting.contact,
        introduction=paragraphs(meeting.introduction),
        draft_mark="",
        status_line="" if meeting.agenda_published_at else "Not yet published",
        attendance=[],
        items=items,
        amendments=[],
        filename_stem=filename_stem(meeting, "agenda"),
    )


def minutes_status_line(minutes: Minutes) -> str:
    if minutes.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        if minutes.approved_at_meeting:
            day = timezone.localtime(minutes.approved_at_meeting.start).date()
            return f"Approved as a true record at the meeting on {long_date(day)}"
        return "Approved as a true record"
    if minutes.status == MinutesStatus.CIRCULATED:
        return "Circulated to attendees for comment"
    return "Draft"


def minutes_document(meeting: Meeting, user: Any) -> MeetingDocument | None:
    """The minutes as ``user`` may read them, or None if there are none they may see."""
    meeting = _meeting(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at_meeting").first()
    if minutes is None or not visibility.minutes_visible(user, minutes):
        return None
    items = _items(meeting, user, for_minutes=True)
    minute_by_item = {m.item_id: m for m in ItemMinute.objects.filter(item__in=items)}
    amendments = list(
        MinutesAmendment.objects.filter(minutes=minutes).select_related("agreed_at_meeting")
    )
    by_item: dict[int | None, list[MinutesAmendment]] = {}
    shown = {i.pk for i in items}
    for amendment in amendments:
        key = amendment.item_id if amendment.item_id in shown else None
        if amendment.item_id and amendment.item_id not in shown:
            continue  # an amendment to an exempt item stays with that item
        by_item.setdefault(key, []).append(amendment)
    group = meeting.group
    unapproved = minutes.status in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)
    return MeetingDocument(
        kind="minutes",
        title=f"Minutes: {group.name}, {long_date(timezone.localtime(meeting.start).date())}",
        partnership=group.partnership.name,
        group=group.name,
        when=meeting_when(meeting),
        where=meeting_where(meeting),
        contact=meeting.contact,
        introduction=[],
        draft_mark=DRAFT_MARK if unapproved else "",
        status_line=minutes_status_line(minutes),
        attendance=attendance_sections(meeting),
        items=[
            _doc_item(
                i,
                minute=minute_by_item.get(i.pk),
                amendments=by_item.get(i.pk, []),
                for_minutes=True,
            )
            for i in items
        ],
        amendments=[_amendment_line(a) for a in by_item.get(None, [])],
        filename_stem=filename_stem(meeting, "minutes"),
    )


def guide_document(guide: OneMinuteGuide) -> GuideDocument:
    meeting = _meeting(guide.meeting)
    day = timezone.localtime(meeting.start).date()
    return GuideDocument(
        title=f"One Minute Guide: Meeting held on {ordinal_date(day)}",
        group=meeting.group.name,
        partnership=meeting.group.partnership.name,
        introduction=paragraphs(guide.introduction),
        items=[
            GuideHeadline(n, item.heading, paragraphs(item.text))
            for n, item in enumerate(guide.items.order_by("order", "id"), start=1)
        ],
        closing=paragraphs(guide.closing),
        draft_mark="" if guide.status == GuideStatus.PUBLISHED else "DRAFT – not yet published",
        filename_stem=filename_stem(meeting, "one-minute-guide"),
    )


# -- Writers ---------------------------------------------------------------------------------


def _draft_page_css(mark: str) -> str:
    # On every page, so a single printed page can never pass for the approved record.
    escaped = mark.replace('"', '\\"')
    return (
        f'@page {{ @top-center {{ content: "{escaped}"; color: #d4351c; font-weight: bold; '
        'font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; } }'
    )


def meeting_pdf(doc: MeetingDocument) -> bytes:
    html = render_to_string(
        "governance/documents/meeting_document.html", {"doc": doc, "for_pdf": True}
    )
    return html_to_pdf(html, extra_css=_draft_page_css(doc.draft_mark) if doc.draft_mark else "")


def guide_pdf(doc: GuideDocument) -> bytes:
    html = render_to_string(
        "governance/documents/guide_document.html",
        {"doc": doc, "for_pdf": True, "guide_title": doc.title},
    )
    return html_to_pdf(html, extra_css=_draft_page_css(doc.draft_mark) if doc.draft_mark else "")


def _mark_every_page(word: Any, mark: str) -> None:
    header = word.sections[0].header
    para = header.paragraphs[0]
    run = para.add_run(mark)
    run.bold = True


def meeting_docx(doc: MeetingDocument) -> bytes:
    word = w.document(title=doc.title, author=doc.partnership)
    if doc.draft_mark:
        _mark_every_page(word, doc.draft_mark)
    w.paragraph(word, doc.partnership)
    w.heading(word, f"{doc.group}: {doc.heading}", 0)
    if doc.draft_mark:
        w.paragraph(word, doc.draft_mark, bold=True)
    w.paragraph(word, f"Date and time: {doc.when}")
    w.paragraph(word, f"Venue: {doc.where}")
    if doc.contact:
        w.paragraph(word, f"Contact: {doc.contact}")
    if doc.status_line:
        w.paragraph(word, f"Status: {doc.status_line}")
    for para in doc.introduction:
        w.paragraph(word, para)
    if doc.attendance:
        w.heading(word, "Attendance", 1)
        for section in doc.attendance:
            w.heading(word, section.heading, 2)
            w.bullet_list(word, section.names)
    w.heading(word, "Items", 1)
    for item in doc.items:
        w.heading(word, item.heading, 2)
        if item.exempt:
            w.paragraph(word, item.exempt, bold=True)
        for para in item.description:
            w.paragraph(word, para)
        about = ". ".join(
            part
            for part in (f"Presenter: {item.presenter}" if item.presenter else "", item.purpose)
            if part
        )
        if about:
            w.paragraph(word, about)
        if item.papers:
            w.paragraph(word, "Papers:")
            w.bullet_list(word, [f"{p.title} (PDF, {p.size})" for p in item.papers])
        if doc.kind != "minutes":
            continue
        if item.narrative or item.points or item.resolutions:
            w.heading(word, "Minutes", 3)
        for para in item.narrative:
            w.paragraph(word, para)
        w.labelled_list(word, [(p.label, p.text, p.subs) for p in item.points])
        for resolution in item.resolutions:
            w.paragraph(word, resolution, bold=True)
        if item.declarations:
            w.heading(word, "Declarations of interest", 3)
            w.bullet_list(word, item.declarations)
        if item.actions:
            w.heading(word, "Actions arising", 3)
            w.table(
                word,
                ["Action", "Owner", "Due", "Status"],
                [[a.description, a.owner, a.due, a.status] for a in item.actions],
            )
        if item.amendments:
            w.heading(word, "Amendments recorded", 3)
            w.bullet_list(word, item.amendments)
    if not doc.items:
        w.paragraph(word, "There are no items on this agenda yet.")
    if doc.amendments:
        w.heading(word, "Amendments recorded", 1)
        w.bullet_list(word, doc.amendments)
    return w.to_bytes(word)


def guide_docx(doc: GuideDocument) -> bytes:
    word = w.document(title=doc.title, author=doc.partnership)
    if doc.draft_mark:
        _mark_every_page(word, doc.draft_mark)
    w.paragraph(word, doc.group)
    w.heading(word, doc.title, 0)
    if doc.draft_mark:
        w.paragraph(word, doc.draft_mark, bold=True)
    for para in doc.introduction:
        w.paragraph(word, para)
    for item in doc.items:
        w.heading(word, f"{item.number}. {item.heading}", 1)
        for para in item.paragraphs:
            w.paragraph(word, para)
    for para in doc.closing:
        w.paragraph(word, para)
    return w.to_bytes(word)
