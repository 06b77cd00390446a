"""Reads of people, memberships and registers of interests, ordered as the pages show them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from partnership.web.models import Partnership

from .meeting_models import Attendance, Membership, MembershipRole, Person, RegisteredInterest
from .models import Group, Post

# How a members' list reads: the chair first, then the vice-chair, lead member, co-ordinator,
# members and advisers.
ROLE_ORDER = [
    MembershipRole.CHAIR,
    MembershipRole.VICE_CHAIR,
    MembershipRole.LEAD_MEMBER,
    MembershipRole.CO_ORDINATOR,
    MembershipRole.MEMBER,
    MembershipRole.ADVISER,
]


def _in_role_order(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    rank = Case(
        *[When(role=role, then=Value(index)) for index, role in enumerate(ROLE_ORDER)],
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )
    return (
        memberships.select_related("person", "post", "group", "replaced_by__person")
        .annotate(role_rank=rank)
        .order_by(
            "role_rank",
            F("post__order").asc(nulls_last=True),
            F("post__id").asc(nulls_last=True),
            "person__name",
            "start_date",
            "pk",
        )
    )


def current_members(group: Group, on: dt.date | None = None) -> QuerySet[Membership]:
    """Who sits on ``group`` on the day (today by default), chair first."""
    return _in_role_order(Membership.objects.filter(group=group).current(on))


def past_members(group: Group, on: dt.date | None = None) -> QuerySet[Membership]:
    """Memberships of ``group`` that ended before the day, in the same order as the current."""
    return _in_role_order(Membership.objects.filter(group=group).past(on))


def seats(group: Group, on: dt.date | None = None) -> list[tuple[Post, list[Membership]]]:
    """Each post of the group with the memberships filling it on the day (none if vacant)."""
    filling: dict[int, list[Membership]] = {}
    for membership in current_members(group, on).filter(post__isnull=False):
        filling.setdefault(membership.post_id, []).append(membership)  # type: ignore[arg-type]
    return [(post, filling.get(post.pk, [])) for post in group.posts.order_by("order", "pk")]


def people_for(partnership: Partnership, search: str = "") -> QuerySet[Person]:
    """The partnership's people by name; ``search`` matches any part of a name or organisation."""
    people = Person.objects.for_partnership(partnership)
    words = search.split()
    for word in words:
        people = people.filter(Q(name__icontains=word) | Q(organisation__icontains=word))
    today = dt.date.today()
    return people.annotate(
        current_seats=Count(
            "memberships",
            filter=Q(memberships__start_date__lte=today)
            & (Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)),
            distinct=True,
        )
    ).order_by("name", "organisation", "pk")


def person_memberships(
    person: Person, on: dt.date | None = None
) -> tuple[list[Membership], list[Membership]]:
    """The person's current memberships, and past ones (latest ended first). Ones that start
    later count as current: they are what the person has been appointed to."""
    day = on or dt.date.today()
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("group", "post", "replaced_by__person")
        .order_by("group__name", "-start_date", "pk")
    )
    current = [m for m in memberships if m.end_date is None or m.end_date >= day]
    past = sorted(
        (m for m in memberships if m.end_date is not None and m.end_date < day),
        key=lambda m: (m.end_date, m.pk),
        reverse=True,
    )
    return current, past


def interests_of(
    person: Person, on: dt.date | None = None
) -> tuple[list[RegisteredInterest], list[RegisteredInterest]]:
    """The person's current register entries, and those that have ended."""
    day = on or dt.date.today()
    entries = list(person.interests.order_by("category", "start_date", "pk"))
    current = [i for i in entries if i.end_date is None or i.end_date >= day]
    ended = [i for i in entries if i.end_date is not None and i.end_date < day]
    return current, ended


def group_register(
    group: Group, on: dt.date | None = None
) -> list[tuple[Membership, list[RegisteredInterest]]]:
    """Every current member of ``group`` (chair first) with their current interests."""
    day = on or dt.date.today()
    members = list(current_members(group, on))
    interests: dict[int, list[RegisteredInterest]] = {}
    for entry in (
        RegisteredInterest.objects.filter(person__in=[m.person_id for m in members])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("category", "start_date", "pk")
    ):
        interests.setdefault(entry.person_id, []).append(entry)
    seen: set[int] = set()
    rows = []
    for membership in members:
        # Someone in two seats of the same group is listed once, under their first.
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        rows.append((membership, interests.get(membership.person_id, [])))
    return rows


def attendance_counts(person: Person) -> dict[str, int]:
    """How many meetings the person attended in each ModernGov state, by state."""
    return dict(
        Attendance.objects.filter(person=person)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
