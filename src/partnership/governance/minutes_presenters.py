"""What the minutes pages show: lettered points, resolutions, actions arising, amendments, the
standing items' records, the lifecycle's next moves, and a comparison of two versions."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from .meeting_models import (
    MINUTES_STATUS_TRANSITIONS,
    ActionArising,
    AgendaItem,
    ForwardPlanItem,
    Meeting,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    StandingItem,
)
from .minutes import allowed_moves_text, attendees, point_label
from .minutes_selectors import (
    apologies,
    coming_items,
    declarations,
    matters_arising,
    minutes_to_confirm,
)
from .visibility import can_manage, is_member, items_visible, minutes_visible

ROMAN = re.compile(r"^\s*\(?[ivxlc]+[.)]\s+", re.I)


def format_date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return f"{day.day} {day:%B %Y}"


def format_when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y at %H:%M}"


def meeting_url(name: str, meeting: Meeting, **extra: Any) -> str:
    return reverse(
        f"minutes:{name}",
        kwargs={"partnership": meeting.group.partnership.slug, "meeting": meeting.pk, **extra},
    )


@dataclass(frozen=True)
class Point:
    label: str
    text: str
    sub: list[str]


def points_view(points: list[str]) -> list[Point]:
    """Each point with its letter; lines starting "i.", "ii." become the point's own list."""
    shown = []
    for index, point in enumerate(points):
        lines = [line.strip() for line in point.split("\n") if line.strip()]
        body = [line for line in lines if not ROMAN.match(line)]
        sub = [line for line in lines if ROMAN.match(line)]
        shown.append(Point(point_label(index), " ".join(body), sub))
    return shown


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


@dataclass(frozen=True)
class ActionRow:
    action: ActionArising
    description: str
    owner: str
    due: str
    status: str
    overdue: bool
    arose: str
    update_url: str = ""
    edit_url: str = ""
    updates: list[str] = field(default_factory=list)


def action_row(
    action: ActionArising, *, today: dt.date, update_url: str = "", edit_url: str = ""
) -> ActionRow:
    overdue = not action.is_closed and action.due_date is not None and action.due_date < today
    meeting = action.item.meeting
    return ActionRow(
        action=action,
        description=action.description,
        owner=action.owner,
        due=format_date(action.due_date) or "No date",
        status=action.get_status_display(),
        overdue=overdue,
        arose=f"{meeting.group.name}, {format_date(meeting.start)}, item {action.item}",
        update_url=update_url,
        edit_url=edit_url,
        updates=[
            f"{format_date(u.meeting.start)}: {u.get_status_display()}"
            + (f". {u.note}" if u.note else "")
            for u in action.updates.all()
        ],
    )


@dataclass
class ItemView:
    item: AgendaItem
    anchor: str
    heading: str
    narrative: list[str]
    points: list[Point]
    resolutions: list[str]
    actions: list[ActionRow]
    standing: str
    apologies: list[str] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)
    matters: list[ActionRow] = field(default_factory=list)
    coming: list[str] = field(default_factory=list)
    confirm_url: str = ""
    add_action_url: str = ""


@dataclass(frozen=True)
class AmendmentRow:
    text: str


@dataclass
class MinutesPage:
    meeting: Meeting
    minutes: Minutes | None
    title: str
    status: str
    items: list[ItemView]
    amendments: list[AmendmentRow]
    can_manage: bool
    editable: bool
    edit_url: str
    status_url: str
    versions_url: str
    amend_url: str
    matters_url: str


def _forward_line(item: ForwardPlanItem) -> str:
    when = (
        f"meeting on {format_date(item.target_meeting.start)}"
        if item.target_meeting
        else (f"{item.target_month:%B %Y}" if item.target_month else "date to be set")
    )
    return f"{item.title} ({when})"


def amendment_rows(minutes: Minutes) -> list[AmendmentRow]:
    rows = []
    for amendment in minutes.amendments.select_related("item", "agreed_at_meeting"):
        where = f" (item {amendment.item})" if amendment.item else ""
        if amendment.agreed_at_meeting:
            when = f"Agreed at the meeting on {format_date(amendment.agreed_at_meeting.start)}"
        else:
            when = f"Amended on {format_date(amendment.recorded_at)}"
        rows.append(AmendmentRow(f"{when}{where}: {amendment.description}"))
    return rows


def _items_for(user: Any, meeting: Meeting, minutes: Minutes | None) -> Any:
    """Readable minutes show their items even where the agenda was never published here (a
    meeting held before the product was used), as search indexes them; exempt items only for
    the partnership's own people, as for agendas."""
    if minutes is None or not minutes_visible(user, minutes):
        return items_visible(user, meeting)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("order")
    return items if is_member(user, meeting.group.partnership) else items.filter(exempt=False)


def item_anchor(item: AgendaItem) -> str:
    """By the printed number, as people cite items (and as search links to them)."""
    return f"item-{item.number if item.number is not None else item.order}"


def minutes_page(meeting: Meeting, minutes: Minutes | None, user: Any) -> MinutesPage:
    partnership = meeting.group.partnership
    manage = can_manage(user, partnership)
    editable = minutes is None or minutes.status in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)
    today = timezone.localdate()
    items = list(_items_for(user, meeting, minutes).select_related("minute"))
    actions: dict[int, list[ActionArising]] = {}
    for action in ActionArising.objects.filter(item__in=items).select_related(
        "item__meeting__group"
    ):
        actions.setdefault(action.item_id, []).append(action)
    views = []
    for item in items:
        minute = getattr(item, "minute", None)
        view = ItemView(
            item=item,
            anchor=item_anchor(item),
            heading=str(item),
            narrative=paragraphs(minute.narrative) if minute else [],
            points=points_view(list(minute.points)) if minute else [],
            resolutions=list(minute.resolutions) if minute else [],
            actions=[
                action_row(
                    a,
                    today=today,
                    edit_url=meeting_url("action_edit", meeting, action=a.pk)
                    if manage and editable
                    else "",
                )
                for a in actions.get(item.pk, [])
            ],
            standing=item.standing,
            add_action_url=meeting_url("action_add", meeting, item=item.pk)
            if manage and editable
            else "",
        )
        if item.standing == StandingItem.APOLOGIES:
            view.apologies = [
                a.person.display_name + (f" ({a.note})" if a.note else "")
                for a in apologies(meeting)
            ]
        elif item.standing == StandingItem.DECLARATIONS:
            view.declarations = [
                f"{d.person.display_name}, item {d.item}: {d.nature} "
                f"({d.get_kind_display().lower()}; {d.get_action_display().lower()})"
                for d in declarations(meeting)
            ]
        elif item.standing == StandingItem.MATTERS_ARISING:
            view.matters = [
                action_row(
                    a,
                    today=today,
                    update_url=meeting_url("matters_update", meeting, action=a.pk)
                    if manage
                    else "",
                )
                for a in matters_arising(meeting)
            ]
        elif item.standing == StandingItem.FORWARD_PLAN:
            view.coming = [_forward_line(f) for f in coming_items(meeting)]
        elif (
            item.standing == StandingItem.PREVIOUS_MINUTES
            and manage
            and minutes_to_confirm(meeting) is not None
        ):
            view.confirm_url = meeting_url("confirm_previous", meeting)
        views.append(view)
    status = minutes.get_status_display() if minutes else "Not started"
    return MinutesPage(
        meeting=meeting,
        minutes=minutes,
        title=f"Minutes: {meeting.group.name}, {format_date(meeting.start)}",
        status=status,
        items=views,
        amendments=amendment_rows(minutes) if minutes else [],
        can_manage=manage,
        editable=editable,
        edit_url=meeting_url("minutes_edit", meeting),
        status_url=meeting_url("minutes_status", meeting),
        versions_url=meeting_url("minutes_versions", meeting),
        amend_url=meeting_url("minutes_amend", meeting),
        matters_url=meeting_url("matters_arising", meeting),
    )


# -- The lifecycle page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    status: str
    label: str
    hint: str


MOVE_LABELS = {
    MinutesStatus.CIRCULATED: ("Circulate to attendees", "Emails every attendee with an address."),
    MinutesStatus.DRAFT: ("Return to draft", "To take the attendees' comments."),
    MinutesStatus.PUBLISHED: ("Publish", "The public can then read them."),
}


@dataclass
class StatusPage:
    meeting: Meeting
    minutes: Minutes
    status: str
    moves: list[Move]
    rule: str
    approval: str
    emailed: list[str]
    no_email: list[str]
    circulated: str
    approved: str
    published: str
    minutes_url: str


def status_page(minutes: Minutes) -> StatusPage:
    meeting = minutes.meeting
    moves = [
        Move(str(s), *MOVE_LABELS[MinutesStatus(s)])
        for s in sorted(MINUTES_STATUS_TRANSITIONS[MinutesStatus(minutes.status)])
        if s != MinutesStatus.APPROVED
    ]
    approval = ""
    if minutes.status == MinutesStatus.CIRCULATED:
        approval = (
            "To approve these minutes, confirm them as a true record on the “Minutes of the "
            "previous meeting” item of the group's next meeting."
        )
    emailed: list[str] = []
    no_email: list[str] = []
    for attendance in attendees(meeting):
        (emailed if attendance.person.email else no_email).append(attendance.person.display_name)
    approved = ""
    if minutes.approved_at:
        approved = format_when(minutes.approved_at)
        if minutes.approved_at_meeting:
            approved += f", at the meeting on {format_date(minutes.approved_at_meeting.start)}"
    return StatusPage(
        meeting=meeting,
        minutes=minutes,
        status=minutes.get_status_display(),
        moves=moves,
        rule=allowed_moves_text(minutes.status),
        approval=approval,
        emailed=emailed,
        no_email=no_email,
        circulated=format_when(minutes.circulated_at),
        approved=approved,
        published=format_when(minutes.published_at),
        minutes_url=meeting_url("minutes_detail", meeting),
    )


# -- Versions and their comparison -----------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    number: int
    status: str
    reason: str
    who: str
    when: str


def version_rows(versions: Any) -> list[VersionRow]:
    return [
        VersionRow(
            v.number,
            v.get_status_display(),
            v.reason,
            (v.created_by.get_full_name() or v.created_by.get_username()) if v.created_by else "",
            format_when(v.created_at),
        )
        for v in versions
    ]


@dataclass(frozen=True)
class DiffLine:
    change: str  # "Added", "Removed" or ""
    text: str


@dataclass(frozen=True)
class ItemDiff:
    heading: str
    change: str  # "Changed", "Added", "Removed" or "Unchanged"
    lines: list[DiffLine]


def _item_lines(entry: dict[str, Any] | None) -> list[str]:
    if entry is None:
        return []
    lines = [f"Minutes: {p}" for p in paragraphs(entry.get("narrative", ""))]
    for point in points_view(list(entry.get("points", []))):
        lines.append(f"{point.label} {point.text}")
        lines.extend(f"    {s}" for s in point.sub)
    lines.extend(f"Resolution: {r}" for r in entry.get("resolutions", []))
    return lines


def _heading(entry: dict[str, Any]) -> str:
    number = entry.get("number")
    return f"{number}. {entry.get('title', '')}" if number else str(entry.get("title", ""))


def compare_versions(old: MinutesVersion, new: MinutesVersion) -> list[ItemDiff]:
    """Item by item, the lines of ``old`` and ``new`` with the added and removed ones marked."""
    before = {e["item"]: e for e in old.content.get("items", [])}
    after = {e["item"]: e for e in new.content.get("items", [])}
    order = [e["item"] for e in new.content.get("items", [])]
    order += [pk for pk in before if pk not in after]
    diffs = []
    for pk in order:
        a, b = before.get(pk), after.get(pk)
        old_lines, new_lines = _item_lines(a), _item_lines(b)
        lines = []
        for line in difflib.ndiff(old_lines, new_lines):
            tag, text = line[:2], line[2:]
            if tag == "+ ":
                lines.append(DiffLine("Added", text))
            elif tag == "- ":
                lines.append(DiffLine("Removed", text))
            elif tag == "  ":
                lines.append(DiffLine("", text))
        if a is None:
            change = "Added"
        elif b is None:
            change = "Removed"
        elif old_lines != new_lines or _heading(a) != _heading(b):
            change = "Changed"
        else:
            change = "Unchanged"
        diffs.append(ItemDiff(_heading(b or a or {}), change, lines))
    return diffs
