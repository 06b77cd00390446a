"""The partnership's governance as Popolo JSON (https://www.popoloproject.com/specs/).

Persons, organizations (the groups, and the organisations members sit on behalf of), posts,
memberships and events (meetings, with Open Civic Data's event statuses). Public data only:
no email addresses or accounts, and no meetings the public cannot see (tentative ones).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.text import slugify

from partnership.web.models import Partnership

from . import visibility
from .meeting_models import Meeting, MeetingStatus, Membership, Person
from .models import Group, Post

# Open Civic Data's event statuses.
EVENT_STATUS: dict[str, str] = {
    MeetingStatus.TENTATIVE: "tentative",
    MeetingStatus.CONFIRMED: "confirmed",
    MeetingStatus.HELD: "passed",
    MeetingStatus.CANCELLED: "cancelled",
}


def _org_id(name: str) -> str:
    return f"organisation-{slugify(name) or 'unnamed'}"


def _location(meeting: Meeting) -> str:
    if meeting.venue and meeting.online:
        return f"{meeting.venue} and online"
    return meeting.venue or ("Online" if meeting.online else "")


def _drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in ("", None)}


def popolo_export(partnership: Partnership) -> dict[str, Any]:
    groups = list(Group.objects.for_partnership(partnership).order_by("name", "pk"))
    memberships = list(
        Membership.objects.filter(group__partnership=partnership)
        .select_related("person", "post", "group")
        .order_by("group__name", "person__name", "start_date", "pk")
    )
    person_ids = {m.person_id for m in memberships}
    people = Person.objects.filter(partnership=partnership, pk__in=person_ids).order_by(
        "name", "pk"
    )
    posts = Post.objects.filter(group__partnership=partnership).order_by(
        "group__name", "order", "pk"
    )
    represented = sorted({m.on_behalf_of for m in memberships if m.on_behalf_of}, key=str.lower)
    meetings = (
        visibility.meetings_visible(AnonymousUser(), partnership)
        .select_related("group")
        .order_by("start", "pk")
    )
    return {
        "persons": [
            _drop_empty(
                {
                    "id": f"person-{p.pk}",
                    "name": p.name,
                    "honorific_prefix": p.honorific_prefix,
                }
            )
            for p in people
        ],
        "organizations": [
            _drop_empty(
                {
                    "id": f"group-{g.pk}",
                    "name": g.name,
                    "classification": g.classification,
                    "description": g.description,
                }
            )
            for g in groups
        ]
        + [
            {"id": _org_id(name), "name": name, "classification": "organisation"}
            for name in represented
        ],
        "posts": [
            _drop_empty(
                {
                    "id": f"post-{post.pk}",
                    "label": post.title,
                    "organization_id": f"group-{post.group_id}",
                }
            )
            for post in posts
        ],
        "memberships": [
            {
                "id": f"membership-{m.pk}",
                "person_id": f"person-{m.person_id}",
                "organization_id": f"group-{m.group_id}",
                "post_id": f"post-{m.post_id}" if m.post_id else None,
                "on_behalf_of_id": _org_id(m.on_behalf_of) if m.on_behalf_of else None,
                "role": m.get_role_display(),
                "start_date": m.start_date.isoformat(),
                "end_date": m.end_date.isoformat() if m.end_date else None,
            }
            for m in memberships
        ],
        "events": [
            {
                "id": f"meeting-{meeting.pk}",
                "name": meeting.group.name,
                "classification": "meeting",
                "start_date": meeting.start.isoformat(),
                "end_date": meeting.end.isoformat() if meeting.end else None,
                "location": _location(meeting),
                "status": EVENT_STATUS[meeting.status],
                "organization_id": f"group-{meeting.group_id}",
            }
            for meeting in meetings
        ],
    }
