"""Who may see which part of a meeting: one set of rules for every page, document, feed and search.

- The public sees meetings once they are confirmed (and held or cancelled ones), an agenda once it
  is published, and only items that are not exempt, with their papers; minutes and one-minute
  guides once published.
- Anyone with a role in the partnership (contributors and board members included) also sees
  tentative meetings, agendas being prepared, exempt items and their papers, and minutes once
  circulated; draft minutes and guides stay with those who manage meetings.
- Managing (``Perm.MANAGE_MEETINGS``: officers and governance officers) sees everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnership.web.models import Partnership
from partnership.web.permissions import Perm, permissions_for

from .meeting_models import (
    AgendaItem,
    GuideStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    OneMinuteGuide,
)


def can_manage(user: Any, partnership: Partnership) -> bool:
    return Perm.MANAGE_MEETINGS in permissions_for(user, partnership)


def is_member(user: Any, partnership: Partnership) -> bool:
    """Has any role here (or is an administrator): a partner, not the public."""
    return bool(permissions_for(user, partnership))


def meetings_visible(user: Any, partnership: Partnership) -> QuerySet[Meeting]:
    meetings = Meeting.objects.for_partnership(partnership)
    if is_member(user, partnership):
        return meetings
    return meetings.exclude(status=MeetingStatus.TENTATIVE)


def meeting_visible(user: Any, meeting: Meeting) -> bool:
    if meeting.status != MeetingStatus.TENTATIVE:
        return True
    return is_member(user, meeting.group.partnership)


def agenda_visible(user: Any, meeting: Meeting) -> bool:
    if not meeting_visible(user, meeting):
        return False
    return meeting.agenda_published_at is not None or is_member(user, meeting.group.partnership)


def items_visible(user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items this person may see, in agenda order ([] if the agenda is hidden)."""
    items = AgendaItem.objects.filter(meeting=meeting).order_by("order")
    if not agenda_visible(user, meeting):
        return items.none()
    if is_member(user, meeting.group.partnership):
        return items
    return items.filter(exempt=False)


def item_visible(user: Any, item: AgendaItem) -> bool:
    if not agenda_visible(user, item.meeting):
        return False
    return not item.exempt or is_member(user, item.meeting.group.partnership)


def minutes_visible(user: Any, minutes: Minutes) -> bool:
    partnership = minutes.meeting.group.partnership
    if can_manage(user, partnership):
        return True
    if minutes.status == MinutesStatus.PUBLISHED:
        return meeting_visible(user, minutes.meeting)
    if minutes.status == MinutesStatus.DRAFT:
        return False
    return is_member(user, partnership)


def guide_visible(user: Any, guide: OneMinuteGuide) -> bool:
    if guide.status == GuideStatus.PUBLISHED:
        return meeting_visible(user, guide.meeting)
    return can_manage(user, guide.meeting.group.partnership)
