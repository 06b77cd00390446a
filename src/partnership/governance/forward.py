"""Writes to a group's forward plan: items the officer plans, partners' suggestions, and
scheduling an item into a meeting (which puts it on that meeting's agenda).

The status machine: a suggestion is accepted (planned) or declined with a reason; a planned
item is scheduled into a meeting that is neither held nor cancelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.plans.models import Priority
from partnership.web.services import record_save

from . import meetings
from .meeting_models import (
    ForwardPlanItem,
    ForwardPlanStatus,
    ItemKind,
    ItemPurpose,
    Meeting,
    MeetingStatus,
)
from .models import Group


def _name(by: Any) -> str:
    return (by.get_full_name() or by.get_username()) if by is not None else ""


def _check_priority(group: Group, priority: Priority | None) -> None:
    if priority is not None and priority.plan.partnership_id != group.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership's plans"})


def _month(day: dt.date | None) -> dt.date | None:
    return day.replace(day=1) if day else None


def _forward_item_save(
    *,
    group: Group,
    by: Any,
    status: str,
    title: str,
    description: str,
    target_month: dt.date | None,
    priority: Priority | None,
    suggested_by: str = "",
) -> ForwardPlanItem:
    _check_priority(group, priority)
    return record_save(
        ForwardPlanItem(
            group=group,
            title=title.strip(),
            description=description.strip(),
            status=status,
            suggested_by=suggested_by,
            target_month=_month(target_month),
            priority=priority,
        ),
        by=by,
    )


@transaction.atomic
def forward_item_add(
    *,
    group: Group,
    by: Any,
    title: str,
    description: str = "",
    target_month: dt.date | None = None,
    priority: Priority | None = None,
) -> ForwardPlanItem:
    """A planned item, added by someone who manages the group's meetings."""
    return _forward_item_save(
        group=group,
        by=by,
        status=ForwardPlanStatus.PLANNED,
        title=title,
        description=description,
        target_month=target_month,
        priority=priority,
    )


@transaction.atomic
def forward_item_suggest(
    *,
    group: Group,
    by: Any,
    title: str,
    description: str = "",
    target_month: dt.date | None = None,
    priority: Priority | None = None,
) -> ForwardPlanItem:
    """A partner's suggestion: kept as "suggested" until the officer accepts or declines it."""
    return _forward_item_save(
        group=group,
        by=by,
        status=ForwardPlanStatus.SUGGESTED,
        title=title,
        description=description,
        target_month=target_month,
        priority=priority,
        suggested_by=_name(by),
    )


def _locked(item: ForwardPlanItem) -> ForwardPlanItem:
    return ForwardPlanItem.objects.select_for_update().select_related("group").get(pk=item.pk)


@transaction.atomic
def forward_item_accept(*, item: ForwardPlanItem, by: Any) -> ForwardPlanItem:
    item = _locked(item)
    if item.status != ForwardPlanStatus.SUGGESTED:
        raise ValidationError(
            f"Only a suggestion can be accepted; this item is {item.get_status_display().lower()}."
        )
    item.status = ForwardPlanStatus.PLANNED
    return record_save(item, by=by)


@transaction.atomic
def forward_item_decline(*, item: ForwardPlanItem, by: Any, reason: str) -> ForwardPlanItem:
    item = _locked(item)
    if item.status != ForwardPlanStatus.SUGGESTED:
        raise ValidationError(
            f"Only a suggestion can be declined; this item is {item.get_status_display().lower()}."
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": "Say why the suggestion is declined: the partner who made it will see it"}
        )
    item.status = ForwardPlanStatus.DECLINED
    item.decline_reason = reason.strip()
    return record_save(item, by=by)


@transaction.atomic
def forward_item_schedule(
    *,
    item: ForwardPlanItem,
    meeting: Meeting,
    by: Any,
    purpose: str = ItemPurpose.DISCUSSION,
    presenter: str = "",
) -> ForwardPlanItem:
    """Put a planned item on ``meeting``'s agenda (at its end) and mark it scheduled."""
    item = _locked(item)
    if item.status == ForwardPlanStatus.SCHEDULED:
        raise ValidationError(
            f"This item is already scheduled, into the meeting on "
            f"{meetings.format_date(item.target_meeting.start) if item.target_meeting else '?'}."
        )
    if item.status != ForwardPlanStatus.PLANNED:
        raise ValidationError(
            f"This item is {item.get_status_display().lower()}: accept it into the plan before "
            "scheduling it."
        )
    if meeting.group_id != item.group_id:
        raise ValidationError({"meeting": f"Choose a meeting of {item.group.name}"})
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError(
            {
                "meeting": f"The meeting on {meetings.format_date(meeting.start)} is "
                f"{meeting.get_status_display().lower()}: choose a meeting still to come"
            }
        )
    agenda_item = meetings.agenda_item_add(
        meeting=meeting,
        by=by,
        title=item.title,
        description=item.description,
        kind=ItemKind.REPORT,
        purpose=purpose,
        presenter=presenter,
    )
    item.agenda_item = agenda_item
    item.target_meeting = meeting
    item.status = ForwardPlanStatus.SCHEDULED
    return record_save(item, by=by)
