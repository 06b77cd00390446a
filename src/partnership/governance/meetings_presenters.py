"""What the meeting pages show: the agenda in ModernGov's shape (number, item, presenter,
purpose, papers with their size), exempt items as the public sees them, attendance and its
statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from partnership.web.models import Partnership

from . import meetings_selectors as selectors
from . import visibility
from .meeting_models import (
    AgendaItem,
    AgendaItemLink,
    Attendance,
    AttendanceStatus,
    Declaration,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    OneMinuteGuide,
    Paper,
    StandingItem,
)
from .meetings import format_date, format_size, previous_meeting
from .models import Group

STATUS_TAGS = {
    MeetingStatus.TENTATIVE: "govuk-tag--grey",
    MeetingStatus.CONFIRMED: "govuk-tag--blue",
    MeetingStatus.HELD: "govuk-tag--green",
    MeetingStatus.CANCELLED: "govuk-tag--red",
}


def _url(name: str, partnership: Partnership, **kwargs: Any) -> str:
    return reverse(f"meetings:{name}", kwargs={"partnership": partnership.slug, **kwargs})


def when(meeting: Meeting) -> str:
    """ "Tuesday 5 January 2021, 4pm to 6pm", as an agenda's heading gives the time."""
    start = timezone.localtime(meeting.start)
    text = f"{start:%A} {format_date(start)}, {_clock(start)}"
    if meeting.end:
        text += f" to {_clock(timezone.localtime(meeting.end))}"
    return text


def _clock(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def where(meeting: Meeting) -> str:
    if meeting.online and meeting.venue:
        return f"{meeting.venue}, and online"
    if meeting.online:
        return "Online"
    return meeting.venue


@dataclass(frozen=True)
class Tag:
    text: str
    classes: str


def status_tag(meeting: Meeting) -> Tag:
    return Tag(meeting.get_status_display(), STATUS_TAGS[MeetingStatus(meeting.status)])


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    title: str
    when: str
    where: str
    url: str
    tag: Tag
    note: str


def meeting_row(meeting: Meeting) -> MeetingRow:
    note = ""
    if meeting.status == MeetingStatus.CANCELLED:
        note = f"Cancelled: {meeting.status_reason}" if meeting.status_reason else "Cancelled"
    return MeetingRow(
        meeting=meeting,
        title=meeting.group.name,
        when=when(meeting),
        where=where(meeting),
        url=_url("meeting_detail", meeting.group.partnership, meeting=meeting.pk),
        tag=status_tag(meeting),
        note=note,
    )


@dataclass(frozen=True)
class MeetingListPage:
    upcoming: list[MeetingRow]
    past: list[MeetingRow]
    groups: list[Group]
    group: Group | None
    can_manage: bool
    create_url: str
    is_member: bool = False  # a partner, who also sees the open actions arising


def meeting_list_page(user: Any, partnership: Partnership, group: Group | None) -> MeetingListPage:
    upcoming, past = selectors.split_upcoming(
        selectors.meetings_for(user, partnership, group=group)
    )
    groups = list(Group.objects.for_partnership(partnership).filter(meetings__isnull=False))
    return MeetingListPage(
        upcoming=[meeting_row(m) for m in upcoming],
        past=[meeting_row(m) for m in past],
        groups=sorted(set(groups), key=lambda g: g.name),
        group=group,
        can_manage=visibility.can_manage(user, partnership),
        create_url=_url("meeting_create", partnership),
        is_member=visibility.is_member(user, partnership),
    )


@dataclass(frozen=True)
class PaperRow:
    title: str
    url: str
    label: str  # "PDF 318 KB"
    additional: bool
    delete_url: str


@dataclass(frozen=True)
class LinkRow:
    text: str
    url: str
    kind: str
    delete_url: str


@dataclass(frozen=True)
class ItemRow:
    item: AgendaItem
    number: str
    title: str
    description: str
    presenter: str
    purpose: str
    exempt: bool
    # For the public: "Exempt: <reason>" in place of the title, with nothing else.
    hidden: bool
    exempt_note: str
    papers: list[PaperRow]
    links: list[LinkRow]
    # What the apologies and declarations standing items list.
    entries: list[str]
    empty_entries: str
    edit_url: str = ""
    delete_url: str = ""
    move_url: str = ""
    paper_url: str = ""
    link_url: str = ""
    first: bool = False
    last: bool = False


def apology_text(record: Attendance) -> str:
    """ "Helen Blackman (leave)", as the seeds minute an apology."""
    name = record.person.display_name
    return f"{name} ({record.note})" if record.note else name


def declaration_text(declaration: Declaration) -> str:
    item = declaration.item
    number = f"item {item.number}" if item.number else f"“{item.title}”"
    return (
        f"{declaration.person.display_name}, {number}: {declaration.nature} "
        f"({declaration.get_kind_display().lower()}; {declaration.get_action_display().lower()})"
    )


def paper_label(paper: Paper) -> str:
    return f"PDF {format_size(paper.size)}"


def _link_row(link: AgendaItemLink, partnership: Partnership, manage: bool) -> LinkRow:
    delete = (
        _url(
            "link_delete",
            partnership,
            meeting=link.item.meeting_id,
            item=link.item_id,
            link=link.pk,
        )
        if manage
        else ""
    )
    if link.priority is not None:
        priority = link.priority
        url = reverse(
            "plans:priority_detail",
            kwargs={
                "partnership": partnership.slug,
                "plan": priority.plan.slug,
                "priority": priority.pk,
            },
        )
        return LinkRow(f"Priority {priority.number}: {priority.title}", url, "Priority", delete)
    if link.key_action is not None:
        action = link.key_action
        url = reverse(
            "plans:action_detail",
            kwargs={
                "partnership": partnership.slug,
                "plan": action.priority.plan.slug,
                "priority": action.priority_id,
                "action": action.pk,
            },
        )
        return LinkRow(f"Key action: {action.text}", url, "Key action", delete)
    if link.indicator is not None:
        return LinkRow(link.indicator.name, _indicator_url(link, partnership), "Indicator", delete)
    return LinkRow(link.report_title, link.report_url, "Report", delete)


def _indicator_url(link: AgendaItemLink, partnership: Partnership) -> str:
    # The indicator's performance page, for this partnership's area.
    assert link.indicator is not None
    return reverse(
        "performance:indicator",
        kwargs={"partnership": partnership.slug, "code": link.indicator.code},
    )


@dataclass
class AgendaPage:
    meeting: Meeting
    title: str
    when: str
    where: str
    tag: Tag
    status_reason: str
    contact: str
    introduction: str
    joining_details: str
    published: str  # "Published on 4 January 2021", or ""
    items: list[ItemRow]
    can_manage: bool
    can_declare: bool
    hidden_agenda: bool  # the agenda is not published yet and the viewer may not see it
    urls: dict[str, str] = field(default_factory=dict)
    previous: str = ""
    outputs: list[Output] = field(default_factory=list)


@dataclass(frozen=True)
class Output:
    """One thing made from the meeting ("Minutes"), with its formats as (text, url)."""

    label: str
    links: list[tuple[str, str]]


def meeting_outputs(user: Any, meeting: Meeting) -> list[Output]:
    """The agenda, minutes and one-minute guide in every format this viewer may have."""
    partnership = meeting.group.partnership
    manage = visibility.can_manage(user, partnership)
    kw = {"partnership": partnership.slug, "meeting": meeting.pk}

    def formats(prefix: str, print_name: str) -> list[tuple[str, str]]:
        return [
            ("Web page to print", reverse(f"documents:{print_name}", kwargs=kw)),
            ("PDF", reverse(f"documents:{prefix}_pdf", kwargs=kw)),
            ("Word", reverse(f"documents:{prefix}_docx", kwargs=kw)),
        ]

    outputs: list[Output] = []
    if visibility.agenda_visible(user, meeting):
        outputs.append(Output("Agenda", formats("agenda", "agenda_print")))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and visibility.minutes_visible(user, minutes):
        label = (
            "Minutes"
            if minutes.status == MinutesStatus.PUBLISHED
            else (f"Minutes ({minutes.get_status_display().lower()})")
        )
        outputs.append(
            Output(
                label,
                [
                    ("Read", reverse("minutes:minutes_detail", kwargs=kw)),
                    *formats("minutes", "minutes_print"),
                ],
            )
        )
    if manage and meeting.status == MeetingStatus.HELD:
        outputs.append(
            Output(
                "Minute-taking",
                [
                    ("Write the minutes", reverse("minutes:minutes_edit", kwargs=kw)),
                    ("Minutes status", reverse("minutes:minutes_status", kwargs=kw)),
                    ("Matters arising", reverse("minutes:matters_arising", kwargs=kw)),
                ],
            )
        )
    guide = OneMinuteGuide.objects.filter(meeting=meeting).first()
    if (guide is not None and visibility.guide_visible(user, guide)) or (
        manage and meeting.status == MeetingStatus.HELD
    ):
        outputs.append(
            Output("One-minute guide", [("Read", reverse("documents:guide_detail", kwargs=kw))])
        )
    return outputs


def agenda_page(user: Any, meeting: Meeting) -> AgendaPage:
    partnership = meeting.group.partnership
    manage = visibility.can_manage(user, partnership)
    member = visibility.is_member(user, partnership)
    editable = manage and meeting.agenda_published_at is None
    items = list(
        visibility.items_visible(user, meeting).prefetch_related(
            "papers",
            "links__priority__plan",
            "links__key_action__priority__plan",
            "links__indicator",
        )
    )
    if not member:
        # The public sees exempt items too, as a line saying they are exempt.
        hidden = (
            AgendaItem.objects.filter(meeting=meeting, exempt=True)
            if visibility.agenda_visible(user, meeting)
            else AgendaItem.objects.none()
        )
        items = sorted([*items, *hidden], key=lambda i: i.order)
    apologies = [apology_text(a) for a in selectors.apologies_for(meeting)]
    declarations = [
        declaration_text(d)
        for d in selectors.declarations_for(meeting)
        if visibility.item_visible(user, d.item)
    ]
    rows: list[ItemRow] = []
    for index, item in enumerate(items):
        concealed = item.exempt and not member
        entries: list[str] = []
        empty = ""
        if item.standing == StandingItem.APOLOGIES:
            entries, empty = (
                apologies,
                "None recorded yet." if meeting.status != "held" else "None.",
            )
        elif item.standing == StandingItem.DECLARATIONS:
            entries, empty = declarations, "None."
        kw = {"meeting": meeting.pk, "item": item.pk}
        rows.append(
            ItemRow(
                item=item,
                number=f"{item.number}." if item.number else "",
                title=item.title,
                description="" if concealed else item.description,
                presenter=""
                if concealed or not item.presenter
                else f"Presented by {item.presenter}",
                purpose="" if concealed else item.get_purpose_display(),
                exempt=item.exempt,
                hidden=concealed,
                exempt_note=f"Exempt: {item.exempt_reason}" if item.exempt else "",
                papers=[]
                if concealed
                else [
                    PaperRow(
                        p.title,
                        _url("paper_download", partnership, paper=p.pk),
                        paper_label(p),
                        p.additional,
                        _url("paper_delete", partnership, paper=p.pk) if manage else "",
                    )
                    for p in item.papers.all()
                ],
                links=[]
                if concealed
                else [_link_row(link, partnership, manage) for link in item.links.all()],
                entries=[] if concealed else entries,
                empty_entries=empty,
                edit_url=_url("item_edit", partnership, **kw) if manage else "",
                delete_url=_url("item_delete", partnership, **kw) if editable else "",
                move_url=_url("item_move", partnership, **kw) if editable else "",
                paper_url=_url("paper_upload", partnership, **kw) if manage else "",
                link_url=_url("link_create", partnership, **kw) if manage else "",
                first=index == 0,
                last=index == len(items) - 1,
            )
        )
    published = meeting.agenda_published_at
    own = selectors.person_for_user(user, partnership)
    can_declare = manage or (own is not None and selectors.is_member_of(own, meeting))
    mk = {"meeting": meeting.pk}
    before = previous_meeting(meeting)
    return AgendaPage(
        meeting=meeting,
        title=meeting.group.name,
        when=when(meeting),
        where=where(meeting),
        tag=status_tag(meeting),
        status_reason=meeting.status_reason,
        contact=meeting.contact,
        introduction=meeting.introduction,
        joining_details=meeting.online_joining_details if member else "",
        published=f"Agenda published on {format_date(published)}" if published else "",
        items=rows,
        can_manage=manage,
        can_declare=can_declare and bool(items),
        hidden_agenda=not visibility.agenda_visible(user, meeting),
        urls={
            "list": _url("meeting_list", partnership),
            "edit": _url("meeting_edit", partnership, **mk),
            "status": _url("meeting_status", partnership, **mk),
            "item_create": _url("item_create", partnership, **mk),
            "standing": _url("standing_items_add", partnership, **mk),
            "publish": _url("agenda_publish", partnership, **mk),
            "attendance": _url("attendance", partnership, **mk),
            "attendance_add": _url("attendance_add", partnership, **mk),
            "declare": _url("declaration_create", partnership, **mk),
            "statistics": _url("attendance_statistics", partnership, group=meeting.group_id),
        },
        previous=format_date(before.start) if before else "",
        outputs=meeting_outputs(user, meeting),
    )


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    status: str
    detail: str
    delete_url: str = ""


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    rows = []
    for record in selectors.attendance_of(meeting):
        detail = record.note
        if record.status == AttendanceStatus.SUBSTITUTE and record.substitute_for:
            detail = f"for {record.substitute_for.display_name}"
        rows.append(AttendanceRow(record.person.display_name, record.get_status_display(), detail))
    return rows


@dataclass(frozen=True)
class DeclarationRow:
    text: str
    delete_url: str


def declaration_rows(user: Any, meeting: Meeting) -> list[DeclarationRow]:
    partnership = meeting.group.partnership
    manage = visibility.can_manage(user, partnership)
    return [
        DeclarationRow(
            declaration_text(d),
            _url("declaration_delete", partnership, meeting=meeting.pk, declaration=d.pk)
            if manage
            else "",
        )
        for d in selectors.declarations_for(meeting)
        if visibility.item_visible(user, d.item)
    ]


@dataclass(frozen=True)
class StatisticsRow:
    name: str
    expected: int
    present: int
    substituted: int
    apologies: int
    absent: int
    percent: str


@dataclass(frozen=True)
class StatisticsPage:
    group: Group
    year: str
    years: list[str]
    rows: list[StatisticsRow]
    held: int


def statistics_page(group: Group, year: str) -> StatisticsPage:
    stats = selectors.attendance_statistics(group, year)
    years = selectors.municipal_years(group)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    held = len({m.pk for row in stats for m in row.meetings})
    return StatisticsPage(
        group=group,
        year=year,
        years=years,
        rows=[
            StatisticsRow(
                row.person.display_name,
                row.expected,
                row.present,
                row.substituted,
                row.apologies,
                row.absent,
                f"{row.percent}%" if row.percent is not None else "No meetings",
            )
            for row in stats
        ],
        held=held,
    )


@dataclass(frozen=True)
class DiscussedRow:
    when: str
    url: str
    text: str  # "12. Draft plan"
    group: str


def discussed_rows(user: Any, priority: Any) -> list[DiscussedRow]:
    """The meetings that discussed a priority, for its page."""
    partnership = priority.plan.partnership
    return [
        DiscussedRow(
            when=format_date(meeting.start),
            url=_url("meeting_detail", partnership, meeting=meeting.pk),
            text=f"{item.number}. {item.title}" if item.number else item.title,
            group=meeting.group.name,
        )
        for meeting, item in selectors.meetings_discussing(user, priority)
    ]
