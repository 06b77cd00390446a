"""Every write of delivery tracking goes through here: progress updates and the status machine,
milestones, remedial actions, priority champions, and update rounds from opening to close.

Who may update an action is decided here too (``can_update_action``), so a page and the
command line refuse the same things with the same words.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from partnership.governance.models import Group
from partnership.web.models import Role
from partnership.web.permissions import Perm, contributor_group_ids, holds_role, permissions_for
from partnership.web.services import next_order, record_delete, record_save

from . import notifications
from .delivery_models import (
    ACTION_STATUS_TRANSITIONS,
    EXCEPTION_STATUSES,
    REASON_STATUSES,
    ActionStatus,
    ChampionComment,
    Evidence,
    Milestone,
    NoticeKind,
    PriorityCompilation,
    ProgressUpdate,
    RoundNotice,
    RoundStatus,
    UpdateRound,
)
from .delivery_selectors import (
    action_lead_groups,
    latest_update,
    open_round_for,
    outstanding_groups,
    round_scope_actions,
)
from .models import KeyAction, Plan, Priority

# Who may update -------------------------------------------------------------------------------


def can_update_action(user: Any, action: KeyAction) -> bool:
    """Officers update every action; a lead-group contributor only those their groups lead."""
    partnership = action.priority.plan.partnership
    if Perm.MANAGE_DELIVERY in permissions_for(user, partnership):
        return True
    groups = contributor_group_ids(user, partnership)
    return bool(groups) and action.lead_groups.filter(pk__in=groups).exists()


def _require_updater(user: Any, action: KeyAction) -> None:
    if not can_update_action(user, action):
        raise PermissionDenied(
            "Only the partnership's officers and the contributors of the groups that lead this "
            "action may update it."
        )


def _require_manager(user: Any, partnership: Any) -> None:
    """Rounds and champions are the officers'. ``None`` is the product itself (the command line
    and the demo loader), which may do anything."""
    if user is not None and Perm.MANAGE_DELIVERY not in permissions_for(user, partnership):
        raise PermissionDenied(
            "Only the partnership's officers run update rounds and name champions."
        )


def _name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user)


# The status machine ---------------------------------------------------------------------------


def status_label(status: str) -> str:
    return ActionStatus(status).label if status in ActionStatus.values else status


def allowed_statuses(action: KeyAction) -> list[tuple[str, str]]:
    """The statuses the next update may give ``action``: where it is, and where it may go."""
    current = action.status
    if current == ActionStatus.CANCELLED:
        return []
    allowed = ACTION_STATUS_TRANSITIONS[current] | {current}
    return [(value, label) for value, label in ActionStatus.choices if value in allowed]


def check_status_move(current: str, wanted: str) -> None:
    """Refuse a move the status machine does not allow, saying which moves it does."""
    if wanted not in ActionStatus.values:
        raise ValidationError({"status": f"“{wanted}” is not a status an action can have."})
    if current == ActionStatus.CANCELLED:
        raise ValidationError({"status": "This action was cancelled, so it takes no more updates."})
    if wanted == current or wanted in ACTION_STATUS_TRANSITIONS[current]:
        return
    options = [
        label.lower()
        for value, label in ActionStatus.choices
        if value in ACTION_STATUS_TRANSITIONS[current] | {current}
    ]
    raise ValidationError(
        {
            "status": f"An action that is {status_label(current).lower()} cannot become "
            f"{status_label(wanted).lower()}. It can be {_or(options)}."
        }
    )


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _check_update(
    *,
    action: KeyAction,
    status: str,
    progress: int | None,
    reason: str,
    remedial_action: str,
    remedial_owner: str,
) -> int:
    """The rules an update must keep; returns the progress to record."""
    check_status_move(action.status, status)
    errors: dict[str, str] = {}
    if progress is None:
        progress = {ActionStatus.COMPLETED: 100, ActionStatus.NOT_STARTED: 0}.get(
            ActionStatus(status), action.progress
        )
    if not 0 <= progress <= 100:
        errors["progress"] = "Progress must be a whole number from 0 to 100."
    elif status == ActionStatus.COMPLETED and progress != 100:
        errors["progress"] = "A completed action is 100% done: enter 100, or choose another status."
    elif status == ActionStatus.NOT_STARTED and progress != 0:
        errors["progress"] = (
            "An action that has not started is 0% done: enter 0, or choose another status."
        )
    reopening = action.status == ActionStatus.COMPLETED and status != ActionStatus.COMPLETED
    if (status in REASON_STATUSES and status != action.status or reopening) and not reason.strip():
        errors["reason"] = (
            "Say why the action is being reopened"
            if reopening
            else f"Say why the action is {status_label(status).lower()}"
        ) + "."
    if status in EXCEPTION_STATUSES:
        if not remedial_action.strip():
            errors["remedial_action"] = (
                f"Say what will be done to bring the action back on track: an action "
                f"{status_label(status).lower()} needs a remedial action."
            )
        if not remedial_owner.strip():
            errors["remedial_owner"] = "Say who owns the remedial action."
    if errors:
        raise ValidationError(errors)
    return progress


# Evidence files -------------------------------------------------------------------------------

# What each accepted kind of file starts with. Office documents are zip files; their extension
# says which. Text files are checked by decoding them.
_SIGNATURES: list[tuple[bytes, frozenset[str], str]] = [
    (b"%PDF-", frozenset({".pdf"}), "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", frozenset({".png"}), "image/png"),
    (b"\xff\xd8\xff", frozenset({".jpg", ".jpeg"}), "image/jpeg"),
    (
        b"PK\x03\x04",
        frozenset({".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}),
        "application/zip",
    ),
]
_TEXT_EXTENSIONS = frozenset({".csv", ".txt"})
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
ACCEPTED_EVIDENCE = (
    "a PDF, a Word, Excel or PowerPoint document (or the OpenDocument kinds), a PNG or JPEG "
    "image, or a CSV or text file"
)


def evidence_file_problem(upload: UploadedFile) -> str:
    """Why ``upload`` cannot be kept as evidence, in plain English; "" when it can."""
    name = upload.name or "the file"
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        return (
            f"“{name}” is {file_size(upload.size, round_up=True)}; an evidence file must be "
            f"{file_size(limit, round_up=False)} or smaller."
        )
    if not upload.size:
        return f"“{name}” is empty."
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    for magic, suffixes, _ in _SIGNATURES:
        if head.startswith(magic) and suffix in suffixes:
            return ""
    if suffix in _TEXT_EXTENSIONS and b"\x00" not in head:
        try:
            # Final only when the head is the whole file: a character cut at 2,048 bytes is fine.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) >= upload.size)
        except UnicodeDecodeError:
            return f"“{name}” is not plain text (UTF-8); save it as CSV UTF-8 and try again."
        return ""
    return f"“{name}” is not a kind of file we keep as evidence. Send {ACCEPTED_EVIDENCE}."


def _content_type(name: str, head: bytes) -> str:
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix in _OFFICE_TYPES:
        return _OFFICE_TYPES[suffix]
    for magic, _, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    return "text/csv" if suffix == ".csv" else "text/plain"


def file_size(size: int, *, round_up: bool = True) -> str:
    """Bytes, KB or MB to a tenth. A file's size is rounded up and a limit's down, so a file
    over the limit never reads as the limit's size (nor a small limit as 0 MB)."""
    step = math.ceil if round_up else math.floor
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{step(size / 1024)} KB"
    return f"{step(size * 10 / (1024 * 1024)) / 10:.1f} MB".replace(".0 MB", " MB")


@dataclass(frozen=True)
class EvidenceLink:
    title: str
    url: str


# Progress updates -----------------------------------------------------------------------------


@transaction.atomic
def action_record_progress(
    *,
    action: KeyAction,
    by: Any,
    status: str,
    narrative: str,
    progress: int | None = None,
    reason: str = "",
    remedial_action: str = "",
    remedial_owner: str = "",
    links: Sequence[EvidenceLink] = (),
    files: Sequence[tuple[str, UploadedFile]] = (),
    answering: UpdateRound | None = None,
    seen_update_id: int | None = None,
    now: dt.datetime | None = None,
    is_demo: bool = False,
    check_permission: bool = True,
) -> ProgressUpdate:
    """Record what a lead group says about ``action`` and move it to ``status``.

    ``answering`` is the round the sender was answering when they opened the form: if it has
    closed since, the update is kept for the next round for this priority (``late_for`` says
    which round it missed). ``seen_update_id`` is the newest update the sender had seen: if
    someone else has sent one since, nothing is written and the sender is told, so neither
    overwrites the other's status unseen.
    """
    if check_permission:
        _require_updater(by, action)
    # Lock the action so two people sending at once are taken one after the other.
    action = (
        KeyAction.objects.select_for_update().select_related("priority__plan").get(pk=action.pk)
    )
    newest = latest_update(action)
    if (
        newest is not None
        and newest.by_id is not None
        and newest.by_id == getattr(by, "pk", None)
        and (newest.status, newest.narrative) == (status, narrative.strip())
        and seen_update_id is not None
        and seen_update_id != newest.pk
    ):
        # The same person sending the same form twice (a double click, a resend after a slow
        # answer): the first one stands, and nothing is recorded twice.
        return newest
    check_seen_update(action, seen_update_id, newest=newest)
    if not narrative.strip():
        raise ValidationError({"narrative": "Say what has happened since the last update."})
    recorded_progress = _check_update(
        action=action,
        status=status,
        progress=progress,
        reason=reason,
        remedial_action=remedial_action,
        remedial_owner=remedial_owner,
    )
    for field, upload in files:
        problem = evidence_file_problem(upload)
        if problem:
            raise ValidationError({field: problem})
    when = now or timezone.now()
    current_round = open_round_for(action.priority)
    late_for = answering if answering is not None and not _still_open(answering) else None
    update = ProgressUpdate(
        action=action,
        round=current_round,
        late_for=late_for,
        status_before=action.status,
        status=status,
        progress_before=action.progress,
        progress=recorded_progress,
        narrative=narrative.strip(),
        reason=reason.strip(),
        remedial_action=remedial_action.strip() if status in EXCEPTION_STATUSES else "",
        remedial_owner=remedial_owner.strip() if status in EXCEPTION_STATUSES else "",
        by=by if getattr(by, "is_authenticated", False) else None,
        by_name=_name(by),
        created_at=when,
        is_demo=is_demo,
    )
    update.full_clean()
    update.save()
    for link in links:
        item = Evidence(update=update, title=link.title.strip() or link.url, url=link.url)
        item.full_clean()
        item.save()
    for _, upload in files:
        upload.seek(0)
        head = upload.read(2048)
        upload.seek(0)
        item = Evidence(
            update=update,
            title=upload.name or "Evidence",
            size=upload.size or 0,
            content_type=_content_type(upload.name or "", head),
        )
        item.file.save(upload.name or "evidence", upload, save=False)
        item.save()
    if status != action.status:
        action.status_changed_at = when
    action.status = status
    action.progress = recorded_progress
    if update.reason:
        action.status_reason = update.reason
    elif status != update.status_before:
        action.status_reason = ""
    if status in EXCEPTION_STATUSES:
        action.remedial_action = update.remedial_action
        action.remedial_owner = update.remedial_owner
    record_save(action, by=by)
    return update


def check_seen_update(
    action: KeyAction, seen_update_id: int | None, *, newest: ProgressUpdate | None = None
) -> None:
    """Refuse an update written while someone else's arrived: ``seen_update_id`` is the newest
    update the writer had seen when the form was shown (0 for none; None: do not check)."""
    if seen_update_id is None:
        return
    newest = newest if newest is not None else latest_update(action)
    if (newest.pk if newest else 0) == seen_update_id:
        return
    if newest is None:
        raise ValidationError(
            "The update you were answering is no longer on record; open the action again "
            "and send your update from there."
        )
    when = timezone.localtime(newest.created_at)
    raise ValidationError(
        f"{newest.by_name or 'Someone'} sent an update on this action at "
        f"{when:%H:%M on %-d %B %Y} while you were writing yours: it says the action is "
        f"{status_label(newest.status).lower()}. Read it on the action's page; your update "
        f"has not been saved, so check it and send it again."
    )


def _still_open(round: UpdateRound) -> bool:
    return UpdateRound.objects.filter(pk=round.pk, status=RoundStatus.OPEN).exists()


@transaction.atomic
def action_agree_remedial(
    *,
    action: KeyAction,
    by: Any,
    remedial_action: str,
    remedial_owner: str,
    remedial_due: dt.date | None,
) -> KeyAction:
    """Record the remedial action the partnership agreed for an action at risk or off track."""
    if Perm.MANAGE_DELIVERY not in permissions_for(by, action.priority.plan.partnership):
        raise PermissionDenied("Only the partnership's officers record agreed remedial actions.")
    if action.status not in EXCEPTION_STATUSES:
        raise ValidationError(
            f"This action is {status_label(action.status).lower()}: a remedial action is agreed "
            "only for an action at risk or off track."
        )
    errors = {}
    if not remedial_action.strip():
        errors["remedial_action"] = "Say what will be done to bring the action back on track."
    if not remedial_owner.strip():
        errors["remedial_owner"] = "Say who owns the remedial action."
    if errors:
        raise ValidationError(errors)
    action.remedial_action = remedial_action.strip()
    action.remedial_owner = remedial_owner.strip()
    action.remedial_due = remedial_due
    return record_save(action, by=by)


# Milestones -----------------------------------------------------------------------------------


def _check_milestone(action: KeyAction, completed_on: dt.date | None) -> None:
    if action.status == ActionStatus.CANCELLED:
        raise ValidationError("This action was cancelled, so its milestones can no longer change.")
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date it was reached cannot be in the future."})


@transaction.atomic
def milestone_create(
    *,
    action: KeyAction,
    by: Any,
    title: str,
    due_date: dt.date,
    completed_on: dt.date | None = None,
    check_permission: bool = True,
) -> Milestone:
    if check_permission:
        _require_updater(by, action)
    _check_milestone(action, completed_on)
    milestone = Milestone(
        action=action,
        title=title.strip(),
        due_date=due_date,
        completed_on=completed_on,
        order=next_order(Milestone, action=action),
    )
    return record_save(milestone, by=by)


@transaction.atomic
def milestone_update(
    *,
    milestone: Milestone,
    by: Any,
    title: str,
    due_date: dt.date,
    completed_on: dt.date | None,
) -> Milestone:
    _require_updater(by, milestone.action)
    _check_milestone(milestone.action, completed_on)
    milestone.title, milestone.due_date = title.strip(), due_date
    milestone.completed_on = completed_on
    return record_save(milestone, by=by)


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: Any) -> None:
    _require_updater(by, milestone.action)
    _check_milestone(milestone.action, None)
    record_delete(milestone, by=by)


# Priority champions ---------------------------------------------------------------------------


@transaction.atomic
def priority_set_champion(*, priority: Priority, champion: Any, by: Any) -> Priority:
    """Name the board member who receives this priority's compiled updates (None: nobody)."""
    partnership = priority.plan.partnership
    _require_manager(by, partnership)
    if champion is not None and not holds_role(champion, partnership, Role.BOARD):
        raise ValidationError(
            {"champion": f"{champion} is not a board member of {partnership.name}."}
        )
    priority.champion = champion
    return record_save(priority, by=by)


def can_comment(user: Any, compilation: PriorityCompilation) -> bool:
    """The champion named when the update was compiled, or today's champion if that has changed
    since, may comment; so may an administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    allowed = {compilation.champion_id, compilation.priority.champion_id} - {None}
    return user.pk in allowed or bool(user.is_superuser)


@transaction.atomic
def champion_comment_add(
    *, compilation: PriorityCompilation, by: Any, text: str, now: dt.datetime | None = None
) -> ChampionComment:
    """The champion's comment on a compiled update, for the board."""
    if not can_comment(by, compilation):
        raise PermissionDenied("Only the priority's champion comments on its compiled update.")
    if not text.strip():
        raise ValidationError({"text": "Enter your comment."})
    comment = ChampionComment(
        compilation=compilation,
        by=by,
        by_name=_name(by),
        text=text.strip(),
        created_at=now or timezone.now(),
    )
    comment.full_clean()
    comment.save()
    return comment


# Update rounds --------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    plan: Plan,
    by: Any,
    title: str,
    deadline: dt.date,
    priorities: Iterable[Priority],
    message: str = "",
    now: dt.datetime | None = None,
    notify: bool = True,
) -> UpdateRound:
    """Open a round for the actions of ``priorities``: every lead group with actions in scope is
    emailed a link to its to-do list once the round is saved. Updates sent while no round was
    open for these priorities are taken into this one."""
    _require_manager(by, plan.partnership)
    when = now or timezone.now()
    chosen = list(priorities)
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = "Enter the round's name, for example Mid-year 2025/26."
    elif UpdateRound.objects.filter(plan=plan, title=title).exists():
        errors["title"] = f"This plan already has a round called “{title}”; choose another name."
    if deadline < timezone.localtime(when).date():
        errors["deadline"] = "The deadline must be today or later."
    if not chosen:
        errors["priorities"] = f"Choose at least one {plan.term.lower()}."
    for priority in chosen:
        if priority.plan_id != plan.pk:
            errors["priorities"] = f"“{priority}” is not part of {plan.title}."
            break
        busy = open_round_for(priority)
        if busy is not None:
            errors["priorities"] = (
                f"{plan.term} {priority.number} is already in the open round “{busy.title}”; "
                f"close that round first, or leave it out of this one."
            )
            break
    if errors:
        raise ValidationError(errors)
    update_round = UpdateRound(
        plan=plan,
        title=title,
        deadline=deadline,
        message=message.strip(),
        opened_at=when,
        opened_by=by if getattr(by, "is_authenticated", False) else None,
    )
    update_round.full_clean()
    update_round.save()
    update_round.priorities.set(chosen)
    ProgressUpdate.objects.filter(round__isnull=True, action__priority__in=chosen).update(
        round=update_round
    )
    if notify:
        groups = outstanding_groups(update_round)
        transaction.on_commit(lambda: notifications.round_opened(update_round, groups, when=when))
    return update_round


@transaction.atomic
def round_close(
    *, update_round: UpdateRound, by: Any, now: dt.datetime | None = None, notify: bool = True
) -> list[PriorityCompilation]:
    """Close the round: no update joins it after this. Its updates are compiled per priority,
    as they stand now, and each priority's champion is emailed a link to theirs."""
    _require_manager(by, update_round.plan.partnership)
    update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if not update_round.is_open:
        closed = timezone.localtime(update_round.closed_at)
        raise ValidationError(f"“{update_round.title}” closed already, on {closed:%-d %B %Y}.")
    when = now or timezone.now()
    update_round.status = RoundStatus.CLOSED
    update_round.closed_at = when
    update_round.closed_by = by if getattr(by, "is_authenticated", False) else None
    update_round.save()
    compilations = [
        PriorityCompilation.objects.create(
            round=update_round,
            priority=priority,
            compiled_at=when,
            champion=priority.champion,
            content=compile_priority(update_round, priority),
        )
        for priority in update_round.priorities.select_related("champion", "plan").order_by("order")
    ]
    if notify:
        transaction.on_commit(
            lambda: notifications.round_compiled(update_round, compilations, when=when)
        )
    return compilations


def _letter(index: int) -> str:
    """(a), (b) ... (z), (aa), (ab): how the partnership's minutes letter their points."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def compile_priority(update_round: UpdateRound, priority: Priority) -> dict[str, Any]:
    """What the round gathered for one priority: each action in scope with its newest update in
    the round, lettered as the board's minutes letter their points."""
    actions = list(round_scope_actions(update_round).filter(priority=priority))
    groups = action_lead_groups(actions)
    updates: dict[int, ProgressUpdate] = {}
    for newer in (
        ProgressUpdate.objects.filter(round=update_round, action__in=actions)
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    ):
        updates[newer.action_id] = newer  # the newest wins
    milestones: dict[int, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(action__in=actions).order_by("due_date", "order"):
        milestones.setdefault(milestone.action_id, []).append(milestone)
    items = []
    counts: dict[str, int] = {}
    for index, action in enumerate(actions):
        update = updates.get(action.pk)
        status = update.status if update else action.status
        counts[status] = counts.get(status, 0) + 1
        items.append(
            {
                "letter": _letter(index),
                "action_id": action.pk,
                "action": action.text,
                "lead_groups": [g.name for g in groups.get(action.pk, [])],
                "updated": update is not None,
                "status": status,
                "status_label": status_label(status),
                "progress": update.progress if update else action.progress,
                "narrative": update.narrative if update else "",
                "reason": update.reason if update else "",
                "remedial_action": update.remedial_action if update else "",
                "remedial_owner": update.remedial_owner if update else "",
                "by": update.by_name if update else "",
                "sent_at": update.created_at.isoformat() if update else "",
                "is_demo": bool(update and update.is_demo),
                "evidence": [
                    {"title": e.title, "url": e.url, "file_id": e.pk if e.file else None}
                    for e in (update.evidence.all() if update else [])
                ],
                "milestones": [
                    {
                        "title": m.title,
                        "due_date": m.due_date.isoformat(),
                        "completed_on": m.completed_on.isoformat() if m.completed_on else "",
                    }
                    for m in milestones.get(action.pk, [])
                ],
            }
        )
    return {
        "plan": priority.plan.title,
        "term": priority.plan.term,
        "number": priority.number,
        "title": priority.title,
        "round": update_round.title,
        "deadline": update_round.deadline.isoformat(),
        "items": items,
        "status_counts": {value: counts[value] for value in ActionStatus.values if value in counts},
        "updated": sum(1 for item in items if item["updated"]),
    }


# Reminders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    round: UpdateRound
    group: Group
    kind: str
    recipients: list[str]


def rounds_send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> list[Reminder]:
    """Remind the groups that still owe updates: once when the deadline is near
    (``ROUND_REMINDER_DAYS_BEFORE`` days or fewer), then after it has passed, every
    ``ROUND_OVERDUE_REMINDER_DAYS`` days until the round closes. A scheduler runs this daily;
    running it twice in a day sends nothing twice."""
    day = today or timezone.localdate()
    before = settings.ROUND_REMINDER_DAYS_BEFORE
    every = settings.ROUND_OVERDUE_REMINDER_DAYS
    sent: list[Reminder] = []
    for update_round in UpdateRound.objects.open().select_related("plan__partnership"):
        days_left = (update_round.deadline - day).days
        if days_left > before:
            continue
        kind = NoticeKind.BEFORE if days_left >= 0 else NoticeKind.AFTER
        for group in outstanding_groups(update_round):
            previous = (
                RoundNotice.objects.filter(round=update_round, group=group, kind=kind, error="")
                .order_by("-sent_at")
                .first()
            )
            if previous is not None and (
                kind == NoticeKind.BEFORE
                or (day - timezone.localtime(previous.sent_at).date()).days < every
            ):
                continue
            recipients = notifications.group_recipients(group)
            sent.append(Reminder(update_round, group, kind, recipients))
            if not dry_run:
                notifications.round_reminder(update_round, group, kind)
    return sent
