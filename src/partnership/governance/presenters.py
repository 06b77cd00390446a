"""What the governance pages show: relationships in words, grouped by the group they start from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from partnership.web.models import Partnership

from .diagram import Diagram, governance_diagram
from .meetings_presenters import MeetingRow, meeting_row
from .meetings_selectors import meetings_for, split_upcoming
from .models import Group, GroupRelationship
from .people_selectors import seats


@dataclass(frozen=True)
class RelationshipRow:
    relationship: GroupRelationship
    sentence: str
    note: str


@dataclass(frozen=True)
class GroupRelationships:
    group: Group
    rows: list[RelationshipRow]


@dataclass(frozen=True)
class StructurePage:
    groups: list[GroupRelationships]  # only groups with a relationship from them
    unrelated: list[Group]  # groups in no relationship at all
    count: int
    diagram: Diagram | None  # None when there is nothing to draw


def _row(relationship: GroupRelationship) -> RelationshipRow:
    return RelationshipRow(relationship, relationship.sentence(), relationship.note)


def structure_page(partnership: Partnership) -> StructurePage:
    groups = sorted(Group.objects.for_partnership(partnership), key=lambda g: g.name)
    relationships = sorted(
        GroupRelationship.objects.for_partnership(partnership),
        key=lambda r: (r.from_group.name, r.kind, r.to_group.name),
    )
    by_group: dict[int, list[RelationshipRow]] = {}
    for relationship in relationships:
        by_group.setdefault(relationship.from_group_id, []).append(_row(relationship))
    involved = {r.from_group_id for r in relationships} | {r.to_group_id for r in relationships}
    diagram = (
        governance_diagram(
            groups, relationships, title=f"Governance structure of {partnership.name}"
        )
        if relationships
        else None
    )
    return StructurePage(
        groups=[GroupRelationships(g, by_group[g.pk]) for g in groups if g.pk in by_group],
        unrelated=[g for g in groups if g.pk not in involved],
        count=len(relationships),
        diagram=diagram,
    )


def group_relationships(group: Group) -> tuple[list[RelationshipRow], list[RelationshipRow]]:
    """The group's relationships to others, and others' to it, in words."""
    outgoing = GroupRelationship.objects.filter(from_group=group).select_related(
        "from_group", "to_group"
    )
    incoming = GroupRelationship.objects.filter(to_group=group).select_related(
        "from_group", "to_group"
    )
    return (
        [_row(r) for r in sorted(outgoing, key=lambda r: (r.kind, r.to_group.name))],
        [_row(r) for r in sorted(incoming, key=lambda r: (r.from_group.name, r.kind))],
    )


@dataclass(frozen=True)
class SeatRow:
    title: str
    organisation: str
    holders: str  # the current members in the seat, or the plan file's holder text


@dataclass(frozen=True)
class GroupMeetingsPanel:
    """The group page's view of its membership and meetings, with the pages that hold the rest."""

    seats: list[SeatRow]
    upcoming: list[MeetingRow]
    recent: list[MeetingRow]
    links: list[tuple[str, str]]


RECENT_MEETINGS = 5


def group_meetings_panel(user: Any, group: Group) -> GroupMeetingsPanel:
    rows = []
    for post, memberships in seats(group):
        names = ", ".join(m.person.display_name for m in memberships)
        rows.append(SeatRow(post.title, post.organisation, names or post.holder))
    upcoming, past = split_upcoming(meetings_for(user, group.partnership, group=group))
    kw = {"partnership": group.partnership.slug, "group": group.pk}
    links = [
        ("Current members", reverse("members:current", kwargs=kw)),
        ("Past members", reverse("members:past", kwargs=kw)),
        ("Register of interests", reverse("members:register", kwargs=kw)),
        ("Attendance", reverse("meetings:attendance_statistics", kwargs=kw)),
        ("Forward plan", reverse("forward:forward_list", kwargs=kw)),
        (
            "All meetings",
            reverse("meetings:meeting_list", kwargs={"partnership": group.partnership.slug})
            + f"?group={group.pk}",
        ),
        ("Meetings calendar (iCalendar)", reverse("documents:group_calendar", kwargs=kw)),
    ]
    return GroupMeetingsPanel(
        seats=rows,
        upcoming=[meeting_row(m) for m in upcoming],
        recent=[meeting_row(m) for m in past[:RECENT_MEETINGS]],
        links=links,
    )
