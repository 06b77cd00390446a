"""What the people and members pages show: names, seats, roles and dates as words, and the
links each reader may follow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from partnership.web.models import Partnership

from . import people_selectors as selectors
from .meeting_models import AttendanceStatus, Membership, Person, RegisteredInterest
from .models import Group, Post
from .people import can_edit_interests, day_label


def person_url(person: Person) -> str:
    return reverse(
        "people:person_detail",
        kwargs={"partnership": person.partnership.slug, "person": person.pk},
    )


def members_url(group: Group, name: str = "current", **kwargs: Any) -> str:
    return reverse(
        f"members:{name}",
        kwargs={"partnership": group.partnership.slug, "group": group.pk, **kwargs},
    )


def group_url(group: Group) -> str:
    return reverse(
        "governance:group_detail",
        kwargs={"partnership": group.partnership.slug, "group": group.pk},
    )


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    name: str
    person_url: str
    post: str
    on_behalf_of: str
    role: str
    start: str
    end: str
    end_reason: str
    replaced_by: str
    replaced_by_url: str
    edit_url: str = ""
    end_url: str = ""
    replace_url: str = ""


def member_row(membership: Membership, *, can_manage: bool) -> MemberRow:
    person, group = membership.person, membership.group
    successor = membership.replaced_by.person if membership.replaced_by_id else None  # type: ignore[union-attr]
    ended = membership.end_date is not None and membership.end_date < dt.date.today()
    key = {"membership": membership.pk}
    return MemberRow(
        membership=membership,
        name=person.display_name,
        person_url=person_url(person),
        post=membership.post.title if membership.post_id else "",  # type: ignore[union-attr]
        on_behalf_of=membership.on_behalf_of,
        role=membership.get_role_display(),
        start=day_label(membership.start_date),
        end=day_label(membership.end_date),
        end_reason=membership.end_reason,
        replaced_by=successor.display_name if successor else "",
        replaced_by_url=person_url(successor) if successor else "",
        edit_url=members_url(group, "membership_edit", **key) if can_manage else "",
        end_url=members_url(group, "membership_end", **key)
        if can_manage and membership.end_date is None
        else "",
        replace_url=members_url(group, "membership_replace", **key)
        if can_manage and not ended and not membership.replaced_by_id
        else "",
    )


@dataclass(frozen=True)
class SeatRow:
    post: Post
    title: str
    organisation: str
    # Who fills it: the current members' names, or else the post's own holder text (what the
    # plan files record), or "Vacant".
    held_by: str
    edit_url: str
    delete_url: str


@dataclass
class MembersPage:
    group: Group
    rows: list[MemberRow]
    seats: list[SeatRow]
    can_manage: bool
    group_url: str
    current_url: str
    past_url: str
    register_url: str
    add_url: str = ""
    add_post_url: str = ""
    past_count: int = 0


def _seat_rows(group: Group, *, can_manage: bool) -> list[SeatRow]:
    rows = []
    for post, holders in selectors.seats(group):
        names = ", ".join(m.person.display_name for m in holders)
        rows.append(
            SeatRow(
                post=post,
                title=post.title,
                organisation=post.organisation,
                held_by=names or post.holder or "Vacant",
                edit_url=members_url(group, "post_edit", post=post.pk) if can_manage else "",
                delete_url=members_url(group, "post_delete", post=post.pk) if can_manage else "",
            )
        )
    return rows


def _page(group: Group, rows: list[MemberRow], *, can_manage: bool) -> MembersPage:
    return MembersPage(
        group=group,
        rows=rows,
        seats=_seat_rows(group, can_manage=can_manage),
        can_manage=can_manage,
        group_url=group_url(group),
        current_url=members_url(group),
        past_url=members_url(group, "past"),
        register_url=members_url(group, "register"),
        add_url=members_url(group, "membership_create") if can_manage else "",
        add_post_url=members_url(group, "post_create") if can_manage else "",
    )


def members_page(group: Group, *, can_manage: bool) -> MembersPage:
    rows = [member_row(m, can_manage=can_manage) for m in selectors.current_members(group)]
    page = _page(group, rows, can_manage=can_manage)
    page.past_count = selectors.past_members(group).count()
    return page


def past_members_page(group: Group, *, can_manage: bool) -> MembersPage:
    rows = [member_row(m, can_manage=can_manage) for m in selectors.past_members(group)]
    return _page(group, rows, can_manage=can_manage)


@dataclass(frozen=True)
class InterestRow:
    interest: RegisteredInterest
    category: str
    description: str
    organisation: str
    period: str
    end_url: str = ""


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{day_label(start)} to {day_label(end)}"
    if start:
        return f"From {day_label(start)}"
    if end:
        return f"Until {day_label(end)}"
    return "Not recorded"


def interest_row(interest: RegisteredInterest, *, can_edit: bool) -> InterestRow:
    person = interest.person
    return InterestRow(
        interest=interest,
        category=interest.get_category_display(),
        description=interest.description,
        organisation=interest.organisation,
        period=_period(interest.start_date, interest.end_date),
        end_url=reverse(
            "people:interest_end",
            kwargs={
                "partnership": person.partnership.slug,
                "person": person.pk,
                "interest": interest.pk,
            },
        )
        if can_edit and interest.end_date is None
        else "",
    )


@dataclass(frozen=True)
class MembershipLine:
    group: str
    group_url: str
    members_url: str
    post: str
    on_behalf_of: str
    role: str
    period: str
    end_reason: str
    replaced_by: str


@dataclass(frozen=True)
class AttendanceLine:
    status: str
    count: int


@dataclass
class PersonPage:
    person: Person
    name: str
    role_title: str
    organisation: str
    email: str  # only for those who manage meetings
    account: str
    current: list[MembershipLine]
    past: list[MembershipLine]
    interests: list[InterestRow]
    ended_interests: list[InterestRow]
    attendance: list[AttendanceLine]
    attendance_total: int
    can_manage: bool
    can_edit_interests: bool
    edit_url: str = ""
    add_interest_url: str = ""
    history_url: str = ""
    list_url: str = ""


def _membership_line(membership: Membership) -> MembershipLine:
    group = membership.group
    successor = membership.replaced_by.person if membership.replaced_by_id else None  # type: ignore[union-attr]
    return MembershipLine(
        group=group.name,
        group_url=group_url(group),
        members_url=members_url(group),
        post=membership.post.title if membership.post_id else "",  # type: ignore[union-attr]
        on_behalf_of=membership.on_behalf_of,
        role=membership.get_role_display(),
        period=_period(membership.start_date, membership.end_date),
        end_reason=membership.end_reason,
        replaced_by=successor.display_name if successor else "",
    )


def person_page(
    person: Person, *, user: Any, can_manage: bool, can_see_history: bool
) -> PersonPage:
    current, past = selectors.person_memberships(person)
    interests, ended = selectors.interests_of(person)
    editable = can_edit_interests(user, person)
    counts = selectors.attendance_counts(person)
    attendance = [
        AttendanceLine(status.label, counts[status.value])
        for status in AttendanceStatus
        if counts.get(status.value)
    ]
    kwargs = {"partnership": person.partnership.slug, "person": person.pk}
    account = ""
    if can_manage and person.user_id:
        account = person.user.get_full_name() or person.user.get_username()  # type: ignore[union-attr]
    return PersonPage(
        person=person,
        name=person.display_name,
        role_title=person.role_title,
        organisation=person.organisation,
        email=person.email if can_manage else "",
        account=account,
        current=[_membership_line(m) for m in current],
        past=[_membership_line(m) for m in past],
        interests=[interest_row(i, can_edit=editable) for i in interests],
        ended_interests=[interest_row(i, can_edit=False) for i in ended],
        attendance=attendance,
        attendance_total=sum(line.count for line in attendance),
        can_manage=can_manage,
        can_edit_interests=editable,
        edit_url=reverse("people:person_edit", kwargs=kwargs) if can_manage else "",
        add_interest_url=reverse("people:interest_create", kwargs=kwargs) if editable else "",
        history_url=reverse("people:person_history", kwargs=kwargs) if can_see_history else "",
        list_url=reverse("people:person_list", kwargs={"partnership": person.partnership.slug}),
    )


@dataclass(frozen=True)
class PersonListRow:
    name: str
    url: str
    role_title: str
    organisation: str
    seats: int


@dataclass
class PeoplePage:
    rows: list[PersonListRow]
    search: str
    total: int
    add_url: str = ""
    results_label: str = field(default="")


def people_page(partnership: Partnership, *, search: str, can_manage: bool) -> PeoplePage:
    people = list(selectors.people_for(partnership, search))
    rows = [
        PersonListRow(
            name=p.display_name,
            url=person_url(p),
            role_title=p.role_title,
            organisation=p.organisation,
            seats=p.current_seats,  # type: ignore[attr-defined]
        )
        for p in people
    ]
    label = ""
    if search.strip():
        noun = "person" if len(rows) == 1 else "people"
        label = f"{len(rows)} {noun} found for “{search.strip()}”"
    return PeoplePage(
        rows=rows,
        search=search,
        total=len(rows),
        add_url=reverse("people:person_create", kwargs={"partnership": partnership.slug})
        if can_manage
        else "",
        results_label=label,
    )


@dataclass(frozen=True)
class RegisterEntry:
    name: str
    person_url: str
    seat: str
    interests: list[InterestRow]


def register_page(group: Group) -> list[RegisterEntry]:
    entries = []
    for membership, interests in selectors.group_register(group):
        seat = membership.post.title if membership.post_id else membership.get_role_display()  # type: ignore[union-attr]
        entries.append(
            RegisterEntry(
                name=membership.person.display_name,
                person_url=person_url(membership.person),
                seat=seat,
                interests=[interest_row(i, can_edit=False) for i in interests],
            )
        )
    return entries
