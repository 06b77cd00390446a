"""Reads about meetings: lists, the group's members on a day, apologies, declarations,
attendance statistics, and which meetings discussed a priority."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from partnership.plans.models import Priority
from partnership.web.models import Partnership

from . import visibility
from .meeting_models import (
    AgendaItem,
    AgendaItemLink,
    Attendance,
    AttendanceStatus,
    Declaration,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
)
from .meetings import local_date
from .models import Group

PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT_VIRTUALLY)


def meetings_for(
    user: Any, partnership: Partnership, *, group: Group | None = None
) -> QuerySet[Meeting]:
    """The meetings ``user`` may see here, newest first, optionally of one group."""
    meetings = visibility.meetings_visible(user, partnership).select_related("group")
    if group is not None:
        meetings = meetings.filter(group=group)
    return meetings.order_by("-start", "-pk")


def split_upcoming(
    meetings: QuerySet[Meeting], now: dt.datetime | None = None
) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming soonest first, past newest first). Cancelled future meetings stay in
    upcoming, so people see the notice."""
    moment = now or timezone.now()
    upcoming = sorted((m for m in meetings if m.start >= moment), key=lambda m: m.start)
    past = [m for m in meetings if m.start < moment]
    return upcoming, past


def current_members(group: Group, on: dt.date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group=group)
        .current(on=on)
        .select_related("person", "post")
        .order_by("person__name", "pk")
    )


def members_at(meeting: Meeting) -> QuerySet[Membership]:
    """Who sat on the group on the day of the meeting."""
    return current_members(meeting.group, local_date(meeting.start))


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "substitute_for", "membership")
        .order_by("person__name", "pk")
    )


def apologies_for(meeting: Meeting) -> list[Attendance]:
    return [a for a in attendance_of(meeting) if a.status == AttendanceStatus.APOLOGIES]


def declarations_for(meeting: Meeting) -> list[Declaration]:
    return list(
        Declaration.objects.filter(item__meeting=meeting)
        .select_related("person", "item", "interest")
        .order_by("item__order", "person__name", "pk")
    )


def person_for_user(user: Any, partnership: Partnership) -> Person | None:
    """The partnership's Person linked to a signed-in account, if there is one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(partnership=partnership, user=user).first()


def is_member_of(person: Person, meeting: Meeting) -> bool:
    return members_at(meeting).filter(person=person).exists()


def municipal_years(group: Group) -> list[str]:
    """The municipal years in which the group met, newest first."""
    years = {m.municipal_year for m in Meeting.objects.filter(group=group)}
    return sorted(years, reverse=True)


def municipal_year_now() -> str:
    probe = Meeting(start=timezone.now())
    return probe.municipal_year


@dataclass
class MemberAttendance:
    person: Person
    expected: int = 0  # held meetings while a member
    present: int = 0  # in person or virtually
    substituted: int = 0  # sent a substitute
    apologies: int = 0
    absent: int = 0  # recorded absent, or nothing recorded for a held meeting
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        if not self.expected:
            return None
        return round(100 * self.present / self.expected)


def attendance_statistics(group: Group, year: str) -> list[MemberAttendance]:
    """For each person who was a member during ``year``: the held meetings they were expected
    at and how they attended. A member who sent a substitute counts as represented, not as
    present; a member with nothing recorded at a held meeting counts as absent."""
    held = [
        m
        for m in Meeting.objects.filter(group=group, status=MeetingStatus.HELD).order_by("start")
        if m.municipal_year == year
    ]
    if not held:
        return []
    records = Attendance.objects.filter(meeting__in=held)
    by_person = {(a.meeting_id, a.person_id): a for a in records}
    substituted = {(a.meeting_id, a.substitute_for_id) for a in records if a.substitute_for_id}
    memberships = Membership.objects.filter(group=group).select_related("person")
    rows: dict[int, MemberAttendance] = {}
    for meeting in held:
        day = local_date(meeting.start)
        members = {
            m.person_id: m.person
            for m in memberships
            if m.start_date <= day and (m.end_date is None or m.end_date >= day)
        }
        for person_id, person in members.items():
            row = rows.setdefault(person_id, MemberAttendance(person=person))
            row.expected += 1
            row.meetings.append(meeting)
            record = by_person.get((meeting.pk, person_id))
            if record is not None and record.status in PRESENT_STATUSES:
                row.present += 1
            elif (meeting.pk, person_id) in substituted:
                row.substituted += 1
            elif record is not None and record.status == AttendanceStatus.APOLOGIES:
                row.apologies += 1
            else:
                row.absent += 1
    return sorted(rows.values(), key=lambda r: (r.person.name, r.person.pk))


def meetings_discussing(user: Any, priority: Priority) -> list[tuple[Meeting, AgendaItem]]:
    """Every (meeting, item) whose item links to ``priority`` or one of its key actions, newest
    first, keeping only the items ``user`` may see."""
    links = (
        AgendaItemLink.objects.filter(Q(priority=priority) | Q(key_action__priority=priority))
        .select_related("item__meeting__group__partnership")
        .order_by("-item__meeting__start", "item__order")
    )
    seen: set[int] = set()
    found: list[tuple[Meeting, AgendaItem]] = []
    for link in links:
        item = link.item
        if item.pk in seen or not visibility.item_visible(user, item):
            continue
        seen.add(item.pk)
        found.append((item.meeting, item))
    return found
