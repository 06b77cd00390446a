"""Reads for minutes, actions arising and the forward plan: what each page lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from partnership.web.models import Partnership

from .meeting_models import (
    ActionArising,
    ActionArisingStatus,
    Attendance,
    AttendanceStatus,
    Declaration,
    ForwardPlanItem,
    ForwardPlanStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from .models import Group
from .visibility import can_manage, is_member

CLOSED = (ActionArisingStatus.DONE, ActionArisingStatus.DROPPED)


def matters_arising(meeting: Meeting) -> QuerySet[ActionArising]:
    """The actions arising from the group's earlier meetings that ``meeting`` follows up: every
    one still open, and those closed at this very meeting (so its minutes keep saying so)."""
    return (
        ActionArising.objects.filter(
            item__meeting__group_id=meeting.group_id, item__meeting__start__lt=meeting.start
        )
        .filter(~Q(status__in=CLOSED) | Q(closed_at_meeting=meeting))
        .select_related("item__meeting", "owner_person")
        .prefetch_related("updates")
        .order_by("item__meeting__start", "item__order", "order", "pk")
    )


def actions_visible(user: Any, partnership: Partnership) -> QuerySet[ActionArising]:
    """Actions arising from minutes this person may read (drafts only for those who manage)."""
    actions = ActionArising.objects.filter(item__meeting__group__partnership=partnership)
    if can_manage(user, partnership):
        return actions
    allowed = [MinutesStatus.PUBLISHED]
    if is_member(user, partnership):
        allowed += [MinutesStatus.CIRCULATED, MinutesStatus.APPROVED]
    return actions.filter(item__meeting__minutes__status__in=allowed, item__exempt=False)


def open_actions(user: Any, partnership: Partnership, *, today: dt.date) -> list[ActionArising]:
    """Open and in-progress actions arising, overdue ones (due date passed) first, then by due
    date (undated last), then by meeting."""
    actions = list(
        actions_visible(user, partnership)
        .exclude(status__in=CLOSED)
        .select_related("item__meeting__group", "owner_person")
    )

    def key(action: ActionArising) -> tuple[int, dt.date, dt.datetime, int]:
        overdue = action.due_date is not None and action.due_date < today
        return (
            0 if overdue else 1,
            action.due_date or dt.date.max,
            action.item.meeting.start,
            action.pk,
        )

    return sorted(actions, key=key)


def minutes_to_confirm(meeting: Meeting) -> Minutes | None:
    """The minutes ``meeting`` may confirm: those of the group's latest earlier meeting, when
    they have been circulated and not yet confirmed."""
    return (
        Minutes.objects.filter(
            meeting__group_id=meeting.group_id,
            meeting__start__lt=meeting.start,
            status=MinutesStatus.CIRCULATED,
        )
        .select_related("meeting__group")
        .order_by("-meeting__start")
        .first()
    )


def minutes_confirmed_at(meeting: Meeting) -> QuerySet[Minutes]:
    return Minutes.objects.filter(approved_at_meeting=meeting).select_related("meeting")


def versions_visible(user: Any, minutes: Minutes) -> QuerySet[MinutesVersion]:
    """Every version for those who manage meetings; partners see none made while the minutes
    were a draft, the public only those made once they were approved."""
    versions = minutes.versions.select_related("created_by").order_by("number")
    partnership = minutes.meeting.group.partnership
    if can_manage(user, partnership):
        return versions
    if is_member(user, partnership):
        return versions.exclude(status=MinutesStatus.DRAFT)
    return versions.filter(status__in=[MinutesStatus.APPROVED, MinutesStatus.PUBLISHED])


def apologies(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.APOLOGIES)
        .select_related("person")
        .order_by("person__name")
    )


def declarations(meeting: Meeting) -> list[Declaration]:
    return list(
        Declaration.objects.filter(item__meeting=meeting)
        .select_related("person", "item")
        .order_by("item__order", "person__name")
    )


def forward_plan(group: Group, *, user: Any) -> QuerySet[ForwardPlanItem]:
    """The group's forward plan; suggestions and declined items only for the partnership's
    own people."""
    items = ForwardPlanItem.objects.filter(group=group).select_related(
        "target_meeting", "priority", "agenda_item__meeting"
    )
    if not is_member(user, group.partnership):
        items = items.filter(status__in=[ForwardPlanStatus.PLANNED, ForwardPlanStatus.SCHEDULED])
    return items.order_by("target_month", "target_meeting__start", "pk")


def coming_items(meeting: Meeting) -> list[ForwardPlanItem]:
    """What the group's forward plan has for after ``meeting``: the forward-plan standing item."""
    month = meeting.start.date().replace(day=1)
    items = (
        ForwardPlanItem.objects.filter(
            group_id=meeting.group_id,
            status__in=[ForwardPlanStatus.PLANNED, ForwardPlanStatus.SCHEDULED],
        )
        .filter(
            Q(target_meeting__start__gt=meeting.start)
            | Q(target_meeting__isnull=True, target_month__gte=month)
            | Q(target_meeting__isnull=True, target_month__isnull=True)
        )
        .select_related("target_meeting")
    )
    return sorted(
        items,
        key=lambda i: (
            (i.target_meeting.start.date() if i.target_meeting else None)
            or i.target_month
            or dt.date.max,
            i.pk,
        ),
    )


def schedulable_meetings(group: Group) -> QuerySet[Meeting]:
    """Meetings of the group an item can still be put on: not held, not cancelled."""
    return (
        Meeting.objects.filter(group=group)
        .exclude(status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED])
        .order_by("start")
    )
