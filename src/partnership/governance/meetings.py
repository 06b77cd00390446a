"""Writes to meetings, their agendas, papers, attendance and declarations.

Item numbers run on through the municipal year, so every change that can move them (an item
added, moved or removed, a meeting moved or cancelled) ends by renumbering the group's year.
Once an agenda is published its numbers never change: minutes, papers and later agendas quote
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from partnership.indicators.models import Indicator
from partnership.plans.models import KeyAction, Priority
from partnership.web.services import record_delete, record_save

from .meeting_models import (
    MEETING_STATUS_TRANSITIONS,
    AgendaItem,
    AgendaItemLink,
    Attendance,
    AttendanceStatus,
    Declaration,
    DeclarationAction,
    DeclarationKind,
    ItemKind,
    ItemMinute,
    ItemPurpose,
    Meeting,
    MeetingStatus,
    Membership,
    Paper,
    Person,
    RegisteredInterest,
    StandingItem,
)
from .models import Group

# How a meeting in each status is described in a refusal: "A meeting that has been held ...".
_STATUS_PHRASE = {
    MeetingStatus.TENTATIVE: "is tentative",
    MeetingStatus.CONFIRMED: "is confirmed",
    MeetingStatus.HELD: "has been held",
    MeetingStatus.CANCELLED: "has been cancelled",
}

# The standing items in their usual places: these open the agenda, in this order ...
STANDING_AT_TOP = [
    StandingItem.APOLOGIES,
    StandingItem.DECLARATIONS,
    StandingItem.PREVIOUS_MINUTES,
    StandingItem.MATTERS_ARISING,
]
# ... and these close it.
STANDING_AT_END = [StandingItem.FORWARD_PLAN, StandingItem.AOB]


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def format_date(day: dt.date | dt.datetime) -> str:
    """ "5 January 2021", as minutes write dates."""
    if isinstance(day, dt.datetime):
        day = local_date(day)
    return f"{day.day} {day:%B %Y}"


def format_size(size: int) -> str:
    """ "318 KB", "3 MB": as ModernGov shows a paper's size."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{megabytes:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


# -- Meetings --------------------------------------------------------------------------------


def _check_times(start: dt.datetime, end: dt.datetime | None) -> None:
    if end is not None and end <= start:
        raise ValidationError({"end": "The end time must be after the start time"})


def _check_online(online: bool, venue: str) -> None:
    if not online and not venue.strip():
        raise ValidationError(
            {"venue": "Enter where the meeting is held, or say that it is held online"}
        )


@transaction.atomic
def meeting_create(
    *,
    group: Group,
    by: Any,
    start: dt.datetime,
    end: dt.datetime | None = None,
    venue: str = "",
    online: bool = False,
    online_joining_details: str = "",
    contact: str = "",
    status: str = MeetingStatus.TENTATIVE,
    first_item_number: int | None = None,
    introduction: str = "",
) -> Meeting:
    """Arrange a meeting of ``group``. It starts tentative or confirmed; one already past may
    be recorded as held (a meeting entered after the event)."""
    _check_times(start, end)
    _check_online(online, venue)
    if status == MeetingStatus.CANCELLED:
        raise ValidationError(
            {
                "status": "A new meeting cannot be cancelled: arrange it, then cancel it "
                "with a reason"
            }
        )
    if status == MeetingStatus.HELD and start > timezone.now():
        raise ValidationError(
            {"status": "A meeting can be recorded as held only once its start time has passed"}
        )
    if first_item_number is not None and first_item_number < 1:
        raise ValidationError({"first_item_number": "The first item's number must be 1 or more"})
    meeting = record_save(
        Meeting(
            group=group,
            start=start,
            end=end,
            venue=venue.strip(),
            online=online,
            online_joining_details=online_joining_details.strip(),
            contact=contact.strip(),
            status=status,
            status_changed_at=timezone.now(),
            first_item_number=first_item_number,
            introduction=introduction.strip(),
        ),
        by=by,
    )
    renumber(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: Any,
    start: dt.datetime,
    end: dt.datetime | None = None,
    venue: str = "",
    online: bool = False,
    online_joining_details: str = "",
    contact: str = "",
    first_item_number: int | None = None,
    introduction: str = "",
) -> Meeting:
    """Change a meeting's time, place and details (its status changes only through
    ``meeting_set_status``)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_times(start, end)
    _check_online(online, venue)
    if first_item_number is not None and first_item_number < 1:
        raise ValidationError({"first_item_number": "The first item's number must be 1 or more"})
    published = meeting.agenda_published_at is not None
    if published and first_item_number != meeting.first_item_number:
        raise ValidationError(
            {
                "first_item_number": "The agenda has been published, so its item numbers "
                "cannot change: leave the first item's number as it is"
            }
        )
    if meeting.status == MeetingStatus.HELD and start > timezone.now():
        raise ValidationError(
            {"start": "This meeting has been held: its start must be in the past"}
        )
    old_year = meeting.municipal_year
    meeting.start, meeting.end, meeting.venue = start, end, venue.strip()
    meeting.online, meeting.online_joining_details = online, online_joining_details.strip()
    meeting.contact, meeting.first_item_number = contact.strip(), first_item_number
    meeting.introduction = introduction.strip()
    record_save(meeting, by=by)
    if meeting.municipal_year != old_year:
        # The meeting left a year: the one it left renumbers without it.
        _renumber_year(meeting.group, old_year, by=by)
    renumber(meeting, by=by)
    return meeting


def _allowed_phrase(allowed: frozenset[str]) -> str:
    labels = [MeetingStatus(s).label.lower() for s in MeetingStatus.values if s in allowed]
    if not labels:
        return "held and cancelled meetings stay as they are"
    if len(labels) == 1:
        return f"it can only become {labels[0]}"
    return f"it can become {', '.join(labels[:-1])} or {labels[-1]}"


@transaction.atomic
def meeting_set_status(*, meeting: Meeting, by: Any, status: str, reason: str = "") -> Meeting:
    """Move a meeting along tentative -> confirmed -> held, or to cancelled (with a reason)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if status not in MeetingStatus.values:
        raise ValidationError({"status": "Choose the meeting's new status"})
    current = MeetingStatus(meeting.status)
    allowed = MEETING_STATUS_TRANSITIONS[current]
    if status == current:
        raise ValidationError(
            {"status": f"The meeting is already {current.label.lower()}: choose another status"}
        )
    if status not in allowed:
        raise ValidationError(
            {
                "status": f"A meeting that {_STATUS_PHRASE[current]} cannot become "
                f"{MeetingStatus(status).label.lower()}: {_allowed_phrase(allowed)}."
            }
        )
    reason = reason.strip()
    if status == MeetingStatus.CANCELLED and not reason:
        raise ValidationError(
            {"reason": "Say why the meeting is cancelled: the reason is shown with the notice"}
        )
    if status == MeetingStatus.HELD and meeting.start > timezone.now():
        raise ValidationError(
            {
                "status": "A meeting can be marked as held only once it has started: it starts "
                f"on {format_date(meeting.start)} at {timezone.localtime(meeting.start):%H:%M}"
            }
        )
    meeting.status, meeting.status_reason = status, reason
    meeting.status_changed_at = timezone.now()
    record_save(meeting, by=by)
    if status == MeetingStatus.CANCELLED:
        # A cancelled meeting's items no longer count towards the year's numbering.
        renumber(meeting, by=by)
    return meeting


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Publish the agenda: the public sees it (once the meeting is confirmed) and its item
    numbers are frozen."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.agenda_published_at is not None:
        raise ValidationError(
            f"The agenda was already published on {format_date(meeting.agenda_published_at)}"
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("The meeting has been cancelled, so its agenda cannot be published")
    if not meeting.items.exists():
        raise ValidationError("Add at least one item before publishing the agenda")
    renumber(meeting, by=by)
    meeting.agenda_published_at = timezone.now()
    record_save(meeting, by=by)
    return meeting


# -- Numbering -------------------------------------------------------------------------------


def renumber(meeting: Meeting, *, by: Any = None) -> None:
    """Give the items of ``meeting``'s group's meetings in its municipal year their numbers.

    Items are numbered on from the group's earlier meetings that year (cancelled meetings'
    items do not count); a meeting with ``first_item_number`` starts there instead. Published
    agendas keep their numbers, and the count carries on after their highest.
    """
    _renumber_year(meeting.group, meeting.municipal_year, by=by)


def _renumber_year(group: Group, year: str, *, by: Any = None) -> None:
    meetings = [
        m
        for m in Meeting.objects.filter(group=group).order_by("start", "pk")
        if m.municipal_year == year
    ]
    next_number = 1
    for meeting in meetings:
        if meeting.first_item_number is not None:
            next_number = meeting.first_item_number
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))
        if meeting.agenda_published_at is not None:
            numbers = [item.number for item in items if item.number is not None]
            if numbers and meeting.status != MeetingStatus.CANCELLED:
                next_number = max(next_number, max(numbers) + 1)
            continue
        number = next_number
        for item in items:
            if item.number != number:
                item.number = number
                _stamp(item, by)
                item.save(update_fields=["number"])
            number += 1
        if meeting.status != MeetingStatus.CANCELLED:
            next_number = number


def _stamp(obj: models.Model, by: Any) -> None:
    if _user(by) is not None:
        obj._history_user = by  # type: ignore[attr-defined]


def _check_unpublished(meeting: Meeting, doing: str) -> None:
    if meeting.agenda_published_at is not None:
        raise ValidationError(
            f"The agenda was published on {format_date(meeting.agenda_published_at)}, so its "
            f"items are numbered for good and cannot be {doing}. Record the change in the "
            "minutes instead."
        )


def _place(meeting: Meeting, items: list[AgendaItem], *, by: Any) -> None:
    """Give ``items`` (all the meeting's items) the orders 1..n in list order.

    Orders are unique per meeting, so they are first moved clear of 1..n in one statement;
    setting them one by one would collide with a neighbour's old order.
    """
    clear = len(items) + (max((item.order for item in items), default=0)) + 1
    AgendaItem.objects.filter(meeting=meeting).update(order=models.F("order") + clear)
    for position, item in enumerate(items, start=1):
        item.order = position
        _stamp(item, by)
        item.save(update_fields=["order"])


# -- Agenda items ----------------------------------------------------------------------------


def _check_item(*, title: str, purpose: str, kind: str, standing: str, exempt: bool, reason: str):
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter the item's title"
    if purpose and purpose not in ItemPurpose.values:
        errors["purpose"] = "Choose whether the item is for decision, discussion or information"
    if kind not in ItemKind.values:
        errors["kind"] = "Choose what kind of item it is"
    if standing and standing not in StandingItem.values:
        errors["standing"] = "Choose a standing item from the list"
    if exempt and not reason.strip():
        errors["exempt_reason"] = (
            'Give the reason the item is exempt, for example "Information relating to an '
            'individual (paragraph 1)": the public sees it in place of the item'
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by: Any,
    title: str,
    description: str = "",
    standing: str = "",
    kind: str = ItemKind.REPORT,
    purpose: str = "",
    presenter: str = "",
    exempt: bool = False,
    exempt_reason: str = "",
    number: int | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda and number it.

    ``number`` places the item where it gets that number (the items after it move down one),
    for entering an agenda whose numbers are known. A published agenda takes a late item only
    at the end.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_item(
        title=title,
        purpose=purpose,
        kind=kind,
        standing=standing,
        exempt=exempt,
        reason=exempt_reason,
    )
    if standing and meeting.items.filter(standing=standing).exists():
        label = StandingItem(standing).label
        raise ValidationError({"standing": f"The agenda already has the item “{label}”"})
    items = list(meeting.items.order_by("order", "pk"))
    published = meeting.agenda_published_at is not None
    position = len(items)
    if number is not None:
        first = items[0].number if items and items[0].number else None
        if published:
            last = max((i.number or 0 for i in items), default=0)
            if number <= last:
                raise ValidationError(
                    {
                        "number": "The agenda is published: a late item must be numbered "
                        f"after {last}"
                    }
                )
        elif first is not None and not first <= number <= first + len(items):
            raise ValidationError(
                {
                    "number": f"This agenda's items are numbered {first} to "
                    f"{first + len(items) - 1}: choose a number from {first} to "
                    f"{first + len(items)}"
                }
            )
        elif first is not None:
            position = number - first
    item = AgendaItem(
        meeting=meeting,
        order=len(items) + 1 + max((i.order for i in items), default=0),
        title=title.strip(),
        description=description.strip(),
        standing=standing,
        kind=ItemKind.STANDING if standing else kind,
        purpose=purpose,
        presenter=presenter.strip(),
        exempt=exempt,
        exempt_reason=exempt_reason.strip() if exempt else "",
    )
    if published:
        last = max((i.number or 0 for i in items), default=0)
        item.number = number if number is not None else last + 1
    record_save(item, by=by)
    items.insert(position, item)
    _place(meeting, items, by=by)
    if not published:
        if number is not None and not items[:-1]:
            # The first item of an empty agenda fixes where the meeting's numbers start.
            meeting.first_item_number = number
            meeting.save(update_fields=["first_item_number"])
        renumber(meeting, by=by)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by: Any,
    title: str,
    description: str = "",
    kind: str = ItemKind.REPORT,
    purpose: str = "",
    presenter: str = "",
    exempt: bool = False,
    exempt_reason: str = "",
) -> AgendaItem:
    """Change an item's wording, presenter, purpose or exemption (not its place or number)."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    _check_item(
        title=title,
        purpose=purpose,
        kind=kind,
        standing=item.standing,
        exempt=exempt,
        reason=exempt_reason,
    )
    item.title, item.description = title.strip(), description.strip()
    item.kind = ItemKind.STANDING if item.standing else kind
    item.purpose, item.presenter = purpose, presenter.strip()
    item.exempt, item.exempt_reason = exempt, exempt_reason.strip() if exempt else ""
    return record_save(item, by=by)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: Any, direction: str) -> None:
    """Swap ``item`` with the one above ("up") or below ("down"); nothing at either end."""
    if direction not in {"up", "down"}:
        raise ValidationError("Say whether to move the item up or down")
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_unpublished(meeting, "moved")
    items = list(meeting.items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    _place(meeting, items, by=by)
    renumber(meeting, by=by)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    """Remove an item (and its papers and links) from an agenda that is not yet published."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_unpublished(meeting, "removed")
    if ItemMinute.objects.filter(item=item).exists():
        raise ValidationError(
            "This item has been minuted, so it cannot be removed: the minutes would lose it. "
            "Say in its minute that it was withdrawn instead."
        )
    if item.declarations.exists():
        raise ValidationError(
            "Interests have been declared for this item, so it cannot be removed: remove the "
            "declarations first if they were recorded by mistake."
        )
    for paper in item.papers.all():
        paper.file.delete(save=False)
    record_delete(item, by=by)
    _place(meeting, list(meeting.items.order_by("order", "pk")), by=by)
    renumber(meeting, by=by)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The group's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(group_id=meeting.group_id, start__lt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-start")
        .first()
    )


def _standing_description(meeting: Meeting, standing: str) -> str:
    if standing == StandingItem.PREVIOUS_MINUTES:
        before = previous_meeting(meeting)
        if before is None:
            return "Of the previous meeting (for confirmation)"
        return f"Of the meeting held on {format_date(before.start)} (for confirmation)"
    return ""


@transaction.atomic
def standing_items_add(*, meeting: Meeting, by: Any) -> list[AgendaItem]:
    """Add the standing items the agenda lacks, in their usual places; returns those added."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_unpublished(meeting, "added to at the top")
    present = set(meeting.items.exclude(standing="").values_list("standing", flat=True))
    missing = [s for s in STANDING_AT_TOP + STANDING_AT_END if s not in present]
    if not missing:
        raise ValidationError("The agenda already has all the standing items")
    items = list(meeting.items.order_by("order", "pk"))
    top = [i for i in items if i.standing in STANDING_AT_TOP]
    end = [i for i in items if i.standing in STANDING_AT_END]
    middle = [i for i in items if i not in top and i not in end]
    start_order = max((i.order for i in items), default=0) + len(missing) + 1
    added: list[AgendaItem] = []
    for offset, standing in enumerate(missing):
        item = record_save(
            AgendaItem(
                meeting=meeting,
                order=start_order + offset,
                title=StandingItem(standing).label,
                description=_standing_description(meeting, standing),
                standing=standing,
                kind=ItemKind.STANDING,
            ),
            by=by,
        )
        added.append(item)
    by_kind = {i.standing: i for i in top + end + added}
    ordered = (
        [by_kind[s] for s in STANDING_AT_TOP if s in by_kind]
        + middle
        + [by_kind[s] for s in STANDING_AT_END if s in by_kind]
    )
    _place(meeting, ordered, by=by)
    renumber(meeting, by=by)
    return added


# -- Links to the plan -----------------------------------------------------------------------


@transaction.atomic
def agenda_link_add(
    *,
    item: AgendaItem,
    by: Any,
    priority: Priority | None = None,
    key_action: KeyAction | None = None,
    indicator: Indicator | None = None,
    report_title: str = "",
    report_url: str = "",
) -> AgendaItemLink:
    """Link an item to what it discusses: one priority, key action, indicator or report."""
    report_title, report_url = report_title.strip(), report_url.strip()
    chosen = [x for x in (priority, key_action, indicator, report_title or None) if x]
    if report_url and not report_title:
        raise ValidationError({"report_title": "Enter the report's title as well as its address"})
    if len(chosen) != 1:
        raise ValidationError(
            "Choose one thing to link the item to: a priority, a key action, an indicator or a "
            "report"
        )
    partnership = item.meeting.group.partnership
    if priority is not None and priority.plan.partnership_id != partnership.pk:
        raise ValidationError({"priority": "Choose a priority from this partnership's plans"})
    if key_action is not None and key_action.priority.plan.partnership_id != partnership.pk:
        raise ValidationError({"key_action": "Choose a key action from this partnership's plans"})
    if indicator is not None and indicator.partnership_id not in (None, partnership.pk):
        raise ValidationError(
            {"indicator": "Choose an indicator from this partnership's catalogue"}
        )
    duplicate = AgendaItemLink.objects.filter(
        item=item,
        priority=priority,
        key_action=key_action,
        indicator=indicator,
        report_title=report_title,
    )
    if duplicate.exists():
        raise ValidationError("The item is already linked to this")
    return record_save(
        AgendaItemLink(
            item=item,
            priority=priority,
            key_action=key_action,
            indicator=indicator,
            report_title=report_title,
            report_url=report_url,
        ),
        by=by,
    )


@transaction.atomic
def agenda_link_remove(*, link: AgendaItemLink, by: Any) -> None:
    record_delete(link, by=by)


# -- Papers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedPdf:
    size: int
    sha256: str
    pages: int
    text: str


def check_pdf(file: Any, *, name: str) -> CheckedPdf:
    """Read an uploaded file and check it is a PDF people can open; refuse it in words if not.

    The content decides, not the name or the browser's content type, which anyone can set.
    """
    limit = settings.PAPER_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {
                "file": f"“{name}” is {format_size(size)}: papers must be "
                f"{format_size(limit)} or smaller. Make the PDF smaller (for example, save it "
                "with smaller images) or split it into parts"
            }
        )
    file.seek(0)
    data = file.read(limit + 1)
    if not data:
        raise ValidationError({"file": f"“{name}” is empty: choose the paper's PDF file"})
    if len(data) > limit:
        raise ValidationError(
            {
                "file": f"“{name}” is larger than {format_size(limit)}, the most a paper may "
                "be. Make the PDF smaller or split it into parts"
            }
        )
    if not data.startswith(b"%PDF-"):
        raise ValidationError({"file": f"“{name}” is not a PDF: save it as PDF and upload that"})
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                {
                    "file": f"“{name}” is protected by a password, so people could not open "
                    "it: save a copy without the password and upload that"
                }
            )
        pages = len(reader.pages)
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise ValidationError(
            {
                "file": f"“{name}” could not be read as a PDF: it may be damaged. Save it as "
                "PDF again and upload that"
            }
        ) from None
    file.seek(0)
    return CheckedPdf(
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        # The NUL character cannot be stored by PostgreSQL and means nothing to search.
        text=text.replace("\x00", "").strip(),
    )


@transaction.atomic
def paper_upload(
    *, item: AgendaItem, by: Any, title: str, file: UploadedFile, additional: bool = False
) -> Paper:
    """Attach a PDF paper to an item, after checking it is a readable PDF within the size limit."""
    name = getattr(file, "name", "") or "The file"
    checked = check_pdf(file, name=name.rsplit("/", 1)[-1])
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter the paper's title, as it appears on the agenda"})
    paper = Paper(
        item=item,
        order=(item.papers.aggregate(m=models.Max("order"))["m"] or 0) + 1,
        title=title,
        size=checked.size,
        sha256=checked.sha256,
        pages=checked.pages,
        additional=additional,
        text=checked.text,
        uploaded_by=_user(by),
    )
    paper.file.save(_safe_name(name), file, save=False)
    try:
        return record_save(paper, by=by)
    except ValidationError:
        paper.file.delete(save=False)
        raise


def _safe_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return f"{cleaned[:100] or 'paper'}.pdf"


@transaction.atomic
def paper_remove(*, paper: Paper, by: Any) -> None:
    paper.file.delete(save=False)
    record_delete(paper, by=by)


# -- Attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    person: Person
    status: str
    substitute_for: Person | None = None
    note: str = ""
    membership: Membership | None = None


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, by: Any, entries: list[AttendanceEntry]
) -> list[Attendance]:
    """Record who attended ``meeting`` and how, replacing what was recorded before.

    Entries with an empty status are left out (not yet known). All or nothing: one wrong entry
    and nothing changes.
    """
    errors: list[str] = []
    seen: set[int] = set()
    substituted: dict[int, Person] = {}
    partnership_id = meeting.group.partnership_id
    for entry in entries:
        if not entry.status:
            continue
        name = entry.person.display_name
        if entry.person.partnership_id != partnership_id:
            errors.append(f"{name} is not one of this partnership's people")
        if entry.status not in AttendanceStatus.values:
            errors.append(f"Choose how {name} attended from the list")
        if entry.person.pk in seen:
            errors.append(f"{name} is listed twice: give their attendance once")
        seen.add(entry.person.pk)
        if entry.status == AttendanceStatus.SUBSTITUTE:
            whom = entry.substitute_for
            if whom is None:
                errors.append(f"Say whom {name} substituted for")
            elif whom.pk == entry.person.pk:
                errors.append(
                    f"{name} cannot substitute for themselves: choose the member they replaced"
                )
            elif whom.pk in substituted:
                errors.append(
                    f"{whom.display_name} already has a substitute "
                    f"({substituted[whom.pk].display_name}): a member can have only one"
                )
            else:
                substituted[whom.pk] = entry.person
        elif entry.substitute_for is not None:
            errors.append(f"Only a substitute substitutes for someone: change {name}'s attendance")
    if errors:
        raise ValidationError(errors)
    Attendance.objects.filter(meeting=meeting).delete()
    saved = []
    for entry in entries:
        if not entry.status:
            continue
        saved.append(
            record_save(
                Attendance(
                    meeting=meeting,
                    person=entry.person,
                    membership=entry.membership,
                    status=entry.status,
                    substitute_for=(
                        entry.substitute_for
                        if entry.status == AttendanceStatus.SUBSTITUTE
                        else None
                    ),
                    note=entry.note.strip(),
                ),
                by=by,
            )
        )
    return saved


@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    by: Any,
    person: Person,
    status: str = AttendanceStatus.IN_ATTENDANCE,
    substitute_for: Person | None = None,
    note: str = "",
) -> Attendance:
    """Add one person's attendance (someone in attendance, or a substitute), keeping the rest."""
    if Attendance.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(
            {
                "person": f"{person.display_name}'s attendance is already recorded: "
                "change it in the list"
            }
        )
    existing = [
        AttendanceEntry(a.person, a.status, a.substitute_for, a.note, a.membership)
        for a in Attendance.objects.filter(meeting=meeting).select_related(
            "person", "substitute_for", "membership"
        )
    ]
    entry = AttendanceEntry(person, status, substitute_for, note, _membership_on(meeting, person))
    records = attendance_record(meeting=meeting, by=by, entries=[*existing, entry])
    return next(r for r in records if r.person_id == person.pk)


def _membership_on(meeting: Meeting, person: Person) -> Membership | None:
    return (
        Membership.objects.filter(group_id=meeting.group_id, person=person)
        .current(on=local_date(meeting.start))
        .first()
    )


# -- Declarations ----------------------------------------------------------------------------


@transaction.atomic
def declaration_record(
    *,
    item: AgendaItem,
    by: Any,
    person: Person,
    kind: str,
    nature: str,
    action: str,
    interest: RegisteredInterest | None = None,
) -> Declaration:
    """Record an interest ``person`` declared for ``item``."""
    errors: dict[str, str] = {}
    if person.partnership_id != item.meeting.group.partnership_id:
        errors["person"] = "Choose someone from this partnership"
    if kind not in DeclarationKind.values:
        errors["kind"] = "Choose what kind of interest it is"
    if not nature.strip():
        errors["nature"] = 'Describe the interest, for example "Trustee of the charity in item 17"'
    if action not in DeclarationAction.values:
        errors["action"] = "Choose what the person did about the interest"
    if interest is not None and interest.person_id != person.pk:
        errors["interest"] = (
            f"That registered interest belongs to someone else: choose one of "
            f"{person.display_name}'s, or none"
        )
    if errors:
        raise ValidationError(errors)
    return record_save(
        Declaration(
            item=item,
            person=person,
            kind=kind,
            nature=nature.strip(),
            action=action,
            interest=interest,
        ),
        by=by,
    )


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by: Any) -> None:
    record_delete(declaration, by=by)
