"""Writes to minutes: every change bumps the version and keeps a frozen copy.

Minutes change only here. A change made from an older version than the stored one is refused
(``StaleMinutes``), so two people editing the same draft never overwrite each other silently;
approved or published minutes are never edited, only amended by a recorded correction.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.web.services import next_order, record_save

from .meeting_models import (
    MINUTES_STATUS_TRANSITIONS,
    ActionArising,
    ActionArisingStatus,
    ActionArisingUpdate,
    AgendaItem,
    Attendance,
    AttendanceStatus,
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

log = logging.getLogger(__name__)

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def point_label(index: int) -> str:
    """ "a)", "b)", ... "z)", then "aa)": the seeds' lettering of discussion points."""
    if index < len(LETTERS):
        return f"{LETTERS[index]})"
    return f"{LETTERS[index // len(LETTERS) - 1]}{LETTERS[index % len(LETTERS)]})"


class StaleMinutes(ValidationError):
    """The minutes changed since the editor opened them."""


class MinutesLocked(ValidationError):
    """Approved or published minutes: only a recorded amendment may change them."""


def minutes_content(minutes: Minutes) -> dict[str, Any]:
    """The whole text of ``minutes`` as stored in a version: item by item, in agenda order."""
    items = (
        AgendaItem.objects.filter(meeting_id=minutes.meeting_id)
        .select_related("minute")
        .order_by("order")
    )
    entries = []
    for item in items:
        minute = getattr(item, "minute", None)
        entries.append(
            {
                "item": item.pk,
                "number": item.number,
                "title": item.title,
                "narrative": minute.narrative if minute else "",
                "points": list(minute.points) if minute else [],
                "resolutions": list(minute.resolutions) if minute else [],
            }
        )
    return {"items": entries}


@transaction.atomic
def minutes_for(meeting: Meeting, *, by: Any) -> Minutes:
    """The meeting's minutes, started as a kept draft (version 1) when first asked for."""
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"updated_by": _user(by)}
    )
    if created:
        _keep_version(minutes, by=by, reason="Draft started")
    return minutes


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _keep_version(minutes: Minutes, *, by: Any, reason: str) -> MinutesVersion:
    return MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.version,
        status=minutes.status,
        content=minutes_content(minutes),
        reason=reason,
        created_by=_user(by),
    )


def lock_for_edit(minutes: Minutes, *, seen_version: int | None) -> Minutes:
    """Lock the minutes' row and check the editor's copy is the latest and still editable.

    ``seen_version`` is the version the editor's form was made from; ``None`` (a change made by
    the product itself, such as minuting a membership change) skips the staleness check.
    """
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if locked.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise MinutesLocked(
            "These minutes have been approved, so they cannot be edited. To correct them, "
            "record an amendment, which is kept with the minutes and shown with them."
        )
    if seen_version is not None and seen_version != locked.version:
        by = locked.updated_by
        who = f" by {by.get_full_name() or by.get_username()}" if by else ""
        when = timezone.localtime(locked.updated_at).strftime("%-d %B %Y at %H:%M")
        raise StaleMinutes(
            f"These minutes were changed{who} on {when}, after you opened them. Your text is "
            "below: compare it with the latest version, then save again."
        )
    return locked


def commit_change(minutes: Minutes, *, by: Any, reason: str) -> Minutes:
    """Bump the version of locked ``minutes`` and keep a frozen copy of the new text."""
    minutes.version += 1
    minutes.updated_by = _user(by)
    minutes.save(update_fields=["version", "updated_by", "updated_at"])
    _keep_version(minutes, by=by, reason=reason)
    return minutes


@transaction.atomic
def minute_add_resolution(*, item: AgendaItem, text: str, by: Any, reason: str = "") -> ItemMinute:
    """Add a resolution to ``item``'s minute (used by one-step changes such as a replacement)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the resolution"})
    minutes = lock_for_edit(minutes_for(item.meeting, by=by), seen_version=None)
    minute, _ = ItemMinute.objects.get_or_create(item=item)
    minute.resolutions = [*minute.resolutions, text]
    minute.save(update_fields=["resolutions"])
    commit_change(minutes, by=by, reason=reason or f"Resolution added to item {item}")
    return minute


# -- Editing the text --------------------------------------------------------------------------

PARTS = ("narrative", "points", "resolutions")
PART_LABELS = {
    "narrative": "Minutes (narrative)",
    "points": "Discussion points",
    "resolutions": "Resolutions",
}
_TYPED_LABEL = re.compile(r"^\(?([a-z]{1,2})\)\s+")


def split_paragraphs(text: str) -> list[str]:
    """One entry per paragraph (blank-line separated), single line breaks kept inside.

    A minute-taker may type the letters themselves ("a) ..."); they are dropped because the
    letters are given when shown, so that inserting a point re-letters the rest.
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    entries = []
    for paragraph in paragraphs:
        lines = [line.rstrip() for line in paragraph.strip().split("\n")]
        if not lines or not lines[0]:
            continue
        lines[0] = _TYPED_LABEL.sub("", lines[0], count=1)
        entries.append("\n".join(lines))
    return entries


def join_paragraphs(entries: list[str]) -> str:
    return "\n\n".join(entries)


@dataclass(frozen=True)
class ItemText:
    narrative: str = ""
    points: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()


def _current_text(minute: ItemMinute | None) -> ItemText:
    if minute is None:
        return ItemText()
    return ItemText(minute.narrative, tuple(minute.points), tuple(minute.resolutions))


def _write_item(item: AgendaItem, text: ItemText) -> bool:
    """Store ``text`` as ``item``'s minute; False (and nothing written) when it is unchanged."""
    minute = ItemMinute.objects.filter(item=item).first()
    if _current_text(minute) == text:
        return False
    if minute is None:
        minute = ItemMinute(item=item)
    minute.narrative = text.narrative
    minute.points = list(text.points)
    minute.resolutions = list(text.resolutions)
    minute.full_clean()
    minute.save()
    return True


def _clean_text(text: ItemText) -> ItemText:
    return ItemText(
        narrative=text.narrative.replace("\r\n", "\n").strip(),
        points=tuple(p.strip() for p in text.points if p.strip()),
        resolutions=tuple(r.strip() for r in text.resolutions if r.strip()),
    )


@transaction.atomic
def minutes_save(
    *, minutes: Minutes, by: Any, seen_version: int, items: dict[int, ItemText]
) -> Minutes:
    """Save the minute-taker's text for the items given (by agenda item id).

    Refused with ``StaleMinutes`` when someone saved since ``seen_version`` and with
    ``MinutesLocked`` once approved. Text that is the same as stored makes no new version.
    """
    locked = lock_for_edit(minutes, seen_version=seen_version)
    agenda = {item.pk: item for item in AgendaItem.objects.filter(meeting_id=locked.meeting_id)}
    unknown = sorted(set(items) - set(agenda))
    if unknown:
        raise ValidationError(
            "Some of the items you minuted are no longer on this meeting's agenda. Open the "
            "minutes again to see the agenda as it is now."
        )
    changed = [pk for pk, text in items.items() if _write_item(agenda[pk], _clean_text(text))]
    if not changed:
        return locked
    titles = ", ".join(str(agenda[pk]) for pk in sorted(changed, key=lambda pk: agenda[pk].order))
    return commit_change(locked, by=by, reason=f"Edited: {titles}"[:500])


# -- The lifecycle ----------------------------------------------------------------------------

ATTENDED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.PRESENT_VIRTUALLY,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.IN_ATTENDANCE,
)


def _status_label(status: str) -> str:
    return str(MinutesStatus(status).label).lower()


def allowed_moves_text(status: str) -> str:
    moves = sorted(MINUTES_STATUS_TRANSITIONS[MinutesStatus(status)])
    if not moves:
        return f"Minutes that are {_status_label(status)} do not change status again."
    names = " or ".join(f"“{_status_label(m)}”" for m in moves)
    return f"Minutes that are {_status_label(status)} can only become {names}."


def _lock(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("meeting__group").get(pk=minutes.pk)


def attendees(meeting: Meeting) -> list[Attendance]:
    """Everyone recorded as attending ``meeting`` in person, virtually, as a substitute or in
    attendance (not those who sent apologies or were absent)."""
    return list(
        Attendance.objects.filter(meeting=meeting, status__in=ATTENDED)
        .select_related("person")
        .order_by("person__name")
    )


def _meeting_date(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.start):%-d %B %Y}"


def _circulate(minutes: Minutes) -> tuple[list[str], list[str]]:
    """Email the minutes to each attendee with an address; returns (emailed, without email)."""
    meeting = minutes.meeting
    path = reverse(
        "minutes:minutes_detail",
        kwargs={"partnership": meeting.group.partnership.slug, "meeting": meeting.pk},
    )
    link = settings.SITE_URL.rstrip("/") + path
    subject = f"Draft minutes for comment: {meeting.group.name}, {_meeting_date(meeting)}"
    emailed, missing = [], []
    for attendance in attendees(meeting):
        person = attendance.person
        if not person.email:
            missing.append(person.display_name)
            continue
        body = (
            f"Dear {person.display_name},\n\n"
            f"The draft minutes of the {meeting.group.name} meeting held on "
            f"{_meeting_date(meeting)} are ready for your comments:\n\n{link}\n\n"
            "They will be put to the next meeting for confirmation as a true record.\n"
        )
        try:
            # One message each, so attendees do not see one another's addresses.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        except Exception:  # any mail-server failure: the circulation itself stands
            log.exception("Could not email the minutes of %s to %s", meeting, person)
            missing.append(f"{person.display_name} (the email could not be sent)")
            continue
        emailed.append(person.display_name)
    return emailed, missing


@transaction.atomic
def minutes_set_status(*, minutes: Minutes, status: str, by: Any) -> Minutes:
    """Move ``minutes`` along MINUTES_STATUS_TRANSITIONS: circulate, return to draft, publish.

    Approval is not a move made here: minutes are approved by confirming them as a true record
    at a later meeting (``minutes_confirm``).
    """
    if status not in MinutesStatus.values:
        raise ValidationError({"status": "Choose one of the statuses listed"})
    locked = _lock(minutes)
    if status == locked.status:
        raise ValidationError(f"These minutes are already {_status_label(status)}.")
    if status not in MINUTES_STATUS_TRANSITIONS[MinutesStatus(locked.status)]:
        raise ValidationError(
            f"Minutes that are {_status_label(locked.status)} cannot become "
            f"{_status_label(status)}. {allowed_moves_text(locked.status)}"
        )
    if status == MinutesStatus.APPROVED:
        raise ValidationError(
            "Minutes are approved by confirming them as a true record at a later meeting of "
            "the group: record that on the later meeting's “Minutes of the previous meeting” "
            "item."
        )
    now = timezone.now()
    locked.status = status
    if status == MinutesStatus.CIRCULATED:
        locked.circulated_at = now
        reason = "Circulated to attendees"
    elif status == MinutesStatus.DRAFT:
        reason = "Returned to draft to take comments"
    else:
        locked.published_at = now
        reason = "Published"
    locked.save(update_fields=["status", "circulated_at", "published_at", "updated_at"])
    if status == MinutesStatus.CIRCULATED:
        emailed, missing = _circulate(locked)
        reason = f"Circulated to attendees: {len(emailed)} emailed, {len(missing)} not emailed"
    return commit_change(locked, by=by, reason=reason)


# -- Confirmation and amendments ---------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """An amendment: what was agreed ("amending ... to ..."), and optionally the corrected text
    of one part of one item (``part`` is narrative, points or resolutions)."""

    description: str
    item: AgendaItem | None = None
    part: str = ""
    text: str = ""


def _apply(minutes: Minutes, correction: Correction, number: int | None = None) -> bool:
    """Apply ``correction``'s new text; False when it carries none or changes nothing."""
    where = f"Amendment {number}: " if number else ""
    if not correction.description.strip():
        raise ValidationError({"description": f"{where}Say what the amendment is"})
    if correction.item is None:
        if correction.text.strip():
            raise ValidationError({"item": f"{where}Choose the item the corrected text is for"})
        return False
    if correction.item.meeting_id != minutes.meeting_id:
        raise ValidationError({"item": f"{where}Choose an item of the meeting being minuted"})
    if correction.part not in PARTS:
        raise ValidationError(
            {"part": f"{where}Choose which part of the item's minute the new text replaces"}
        )
    minute = ItemMinute.objects.filter(item=correction.item).first()
    current = _current_text(minute)
    if correction.part == "narrative":
        new = ItemText(correction.text.strip(), current.points, current.resolutions)
    elif correction.part == "points":
        new = ItemText(
            current.narrative, tuple(split_paragraphs(correction.text)), current.resolutions
        )
    else:
        new = ItemText(current.narrative, current.points, tuple(split_paragraphs(correction.text)))
    return _write_item(correction.item, new)


def previous_minutes_item(meeting: Meeting) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(meeting=meeting, standing=StandingItem.PREVIOUS_MINUTES)
        .order_by("order")
        .first()
    )


def _join(descriptions: list[str]) -> str:
    if len(descriptions) == 1:
        return descriptions[0]
    return ", ".join(descriptions[:-1]) + ", and " + descriptions[-1]


def confirmation_sentence(minutes: Minutes, descriptions: list[str]) -> str:
    """The seed's words: "Subject to ..., the minutes of the meeting held on 29 September 2020
    were confirmed as a true record and will be signed by the Chair." """
    held = _meeting_date(minutes.meeting)
    sentence = (
        f"the minutes of the meeting held on {held} were confirmed as a true record and will be "
        "signed by the Chair."
    )
    cleaned = [d.strip().rstrip(".;,") for d in descriptions if d.strip()]
    if cleaned:
        return f"Subject to {_join(cleaned)}, {sentence}"
    return sentence[0].upper() + sentence[1:]


@transaction.atomic
def minutes_confirm(
    *, minutes: Minutes, at_meeting: Meeting, corrections: list[Correction], by: Any
) -> Minutes:
    """Confirm circulated ``minutes`` as a true record at ``at_meeting``, with the amendments
    agreed there: records them, applies their text as a new version, approves the minutes and
    minutes the confirmation on ``at_meeting``'s "Minutes of the previous meeting" item."""
    meeting = minutes.meeting
    if at_meeting.group_id != meeting.group_id:
        raise ValidationError(
            "Minutes are confirmed at a meeting of the same group: choose one of "
            f"{meeting.group.name}'s meetings."
        )
    if at_meeting.start <= meeting.start:
        raise ValidationError(
            "Minutes are confirmed at a later meeting: this meeting was not held after the one "
            "being minuted."
        )
    if at_meeting.status not in (MeetingStatus.CONFIRMED, MeetingStatus.HELD):
        raise ValidationError(
            f"This meeting is {at_meeting.get_status_display().lower()}: minutes can only be "
            "confirmed at a meeting that is confirmed or held."
        )
    item = previous_minutes_item(at_meeting)
    if item is None:
        raise ValidationError(
            "This meeting's agenda has no “Minutes of the previous meeting” item: add that "
            "standing item to the agenda first, then record the confirmation on it."
        )
    locked = _lock(minutes)
    if locked.status == MinutesStatus.DRAFT:
        raise ValidationError(
            "These minutes are still a draft: circulate them to the attendees before they are "
            "confirmed."
        )
    if locked.status != MinutesStatus.CIRCULATED:
        raise ValidationError(
            "These minutes have already been confirmed as a true record. To correct them, "
            "record an amendment."
        )
    version_before = locked.version
    for number, correction in enumerate(corrections, start=1):
        _apply(locked, correction, number if len(corrections) > 1 else None)
    now = timezone.now()
    locked.status = MinutesStatus.APPROVED
    locked.approved_at = now
    locked.approved_at_meeting = at_meeting
    locked.save(update_fields=["status", "approved_at", "approved_at_meeting", "updated_at"])
    reason = f"Confirmed as a true record at the meeting on {_meeting_date(at_meeting)}"
    if corrections:
        reason += f", subject to {len(corrections)} amendment{'s' if len(corrections) > 1 else ''}"
    commit_change(locked, by=by, reason=reason)
    for correction in corrections:
        MinutesAmendment.objects.create(
            minutes=locked,
            item=correction.item,
            agreed_at_meeting=at_meeting,
            description=correction.description.strip(),
            version_before=version_before,
            version_after=locked.version,
            recorded_by=_user(by),
        )
    minute_add_resolution(
        item=item,
        text=confirmation_sentence(locked, [c.description for c in corrections]),
        by=by,
        reason=f"Minutes of the meeting held on {_meeting_date(meeting)} confirmed",
    )
    return locked


@transaction.atomic
def minutes_amend(
    *,
    minutes: Minutes,
    by: Any,
    seen_version: int | None,
    correction: Correction,
    agreed_at_meeting: Meeting | None = None,
) -> MinutesAmendment:
    """Correct approved or published minutes by a recorded amendment (a new version)."""
    locked = _lock(minutes)
    if locked.status not in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise ValidationError(
            f"These minutes are {_status_label(locked.status)}, not yet approved: edit them "
            "directly instead of recording an amendment."
        )
    if seen_version is not None and seen_version != locked.version:
        raise StaleMinutes(
            "These minutes were amended by someone else after you opened them. Your text is "
            "below: check the latest version, then record the amendment again."
        )
    if correction.item is None:
        raise ValidationError({"item": "Choose the item the amendment corrects"})
    if not correction.text.strip() and correction.part != "resolutions":
        raise ValidationError({"text": "Enter the corrected text"})
    if agreed_at_meeting is not None and agreed_at_meeting.group_id != locked.meeting.group_id:
        raise ValidationError({"agreed_at_meeting": "Choose a meeting of the same group"})
    version_before = locked.version
    if not _apply(locked, correction):
        raise ValidationError(
            {"text": "The corrected text is the same as the minutes already say: change it"}
        )
    commit_change(locked, by=by, reason=f"Amended: {correction.description.strip()}"[:500])
    return MinutesAmendment.objects.create(
        minutes=locked,
        item=correction.item,
        agreed_at_meeting=agreed_at_meeting,
        description=correction.description.strip(),
        version_before=version_before,
        version_after=locked.version,
        recorded_by=_user(by),
    )


# -- Actions arising ---------------------------------------------------------------------------


def _check_editable(meeting: Meeting, *, by: Any) -> None:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise MinutesLocked(
            "These minutes have been approved, so their actions arising cannot be changed here. "
            "Record progress under “Matters arising” at the group's next meeting, or record an "
            "amendment to the minutes."
        )


def _check_owner(item: AgendaItem, owner_person: Person | None) -> None:
    if (
        owner_person is not None
        and owner_person.partnership_id != item.meeting.group.partnership_id
    ):
        raise ValidationError({"owner_person": "Choose a person of this partnership"})


@transaction.atomic
def action_arising_add(
    *,
    item: AgendaItem,
    by: Any,
    description: str,
    owner: str,
    owner_person: Person | None = None,
    due_date: dt.date | None = None,
) -> ActionArising:
    _check_editable(item.meeting, by=by)
    _check_owner(item, owner_person)
    owner = owner.strip() or (owner_person.display_name if owner_person else "")
    if not owner:
        raise ValidationError({"owner": "Enter who owns the action, or choose a person"})
    action = ActionArising(
        item=item,
        order=next_order(ActionArising, item=item),
        description=description.strip(),
        owner=owner,
        owner_person=owner_person,
        due_date=due_date,
    )
    return record_save(action, by=by)


@transaction.atomic
def action_arising_change(
    *,
    action: ActionArising,
    by: Any,
    description: str,
    owner: str,
    owner_person: Person | None = None,
    due_date: dt.date | None = None,
    status: str | None = None,
) -> ActionArising:
    _check_editable(action.item.meeting, by=by)
    _check_owner(action.item, owner_person)
    owner = owner.strip() or (owner_person.display_name if owner_person else "")
    if not owner:
        raise ValidationError({"owner": "Enter who owns the action, or choose a person"})
    action.description = description.strip()
    action.owner = owner
    action.owner_person = owner_person
    action.due_date = due_date
    if status is not None:
        action.status = status
    return record_save(action, by=by)


@transaction.atomic
def action_arising_record_update(
    *, action: ActionArising, meeting: Meeting, status: str, note: str, by: Any
) -> ActionArisingUpdate:
    """What ``meeting`` heard about ``action`` under matters arising; closing it (done or
    dropped) stops it coming back at later meetings."""
    action = (
        ActionArising.objects.select_for_update().select_related("item__meeting").get(pk=action.pk)
    )
    arose_at = action.item.meeting
    if meeting.group_id != arose_at.group_id:
        raise ValidationError(
            "An action arising is followed up at a meeting of the group that agreed it."
        )
    if meeting.start <= arose_at.start:
        raise ValidationError(
            "An action arising is followed up at a later meeting than the one that agreed it."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: record the update at another meeting.")
    if action.is_closed and action.closed_at_meeting_id not in (None, meeting.pk):
        raise ValidationError(
            f"This action was closed ({action.get_status_display().lower()}) at an earlier "
            "meeting, so it no longer comes under matters arising."
        )
    if status not in ActionArisingStatus.values:
        raise ValidationError({"status": "Choose the action's status"})
    note = note.strip()
    if status == ActionArisingStatus.DROPPED and not note:
        raise ValidationError({"note": "Say why the action is dropped"})
    update = ActionArisingUpdate(action=action, meeting=meeting, status=status, note=note)
    update.full_clean()
    update.save()
    action.status = status
    action.closed_at_meeting = meeting if action.is_closed else None
    record_save(action, by=by)
    return update
