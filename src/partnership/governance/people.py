"""Writes to people, posts (a group's seats), memberships and registers of interests.

Every write validates, names who made it (so simple-history can say) and is all-or-nothing:
a replacement that cannot be minuted saves nothing at all. Messages say what is wrong and what
to do, so the web pages and the demo loader say the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When

from partnership.web.models import Partnership, UserRole
from partnership.web.permissions import Perm, permissions_for
from partnership.web.services import next_order, record_delete, record_save

from .meeting_models import (
    AgendaItem,
    InterestCategory,
    Membership,
    MembershipRole,
    Person,
    RegisteredInterest,
    StandingItem,
)
from .minutes import MinutesLocked, minute_add_resolution
from .models import Group, Post

# Seats only one person holds at a time.
SINGLE_SEATS = frozenset({MembershipRole.CHAIR, MembershipRole.VICE_CHAIR})


def day_label(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


# -- People ----------------------------------------------------------------------------------


def _check_person(
    *,
    partnership: Partnership,
    name: str,
    organisation: str,
    user: Any,
    exclude_pk: int | None,
) -> None:
    if not name:
        raise ValidationError({"name": "Enter the person's name"})
    same = (
        Person.objects.for_partnership(partnership)
        .filter(name__iexact=name, organisation__iexact=organisation)
        .exclude(pk=exclude_pk or 0)
    )
    if same.exists():
        where = f" of {organisation}" if organisation else " with no organisation"
        raise ValidationError(
            {
                "name": f"{name}{where} is already recorded. Open their page instead, or, if "
                "this is someone else with the same name, give their organisation to tell "
                "them apart."
            }
        )
    if user is None:
        return
    if not UserRole.objects.filter(user=user, partnership=partnership).exists():
        raise ValidationError(
            {"user": "That account has no role in this partnership: choose one from the list"}
        )
    linked = (
        Person.objects.for_partnership(partnership)
        .filter(user=user)
        .exclude(pk=exclude_pk or 0)
        .first()
    )
    if linked is not None:
        raise ValidationError(
            {
                "user": f"That account is already linked to {linked.name}: an account belongs "
                "to one person"
            }
        )


@transaction.atomic
def person_create(
    *,
    partnership: Partnership,
    by: Any,
    name: str,
    honorific_prefix: str = "",
    role_title: str = "",
    organisation: str = "",
    email: str = "",
    user: Any = None,
) -> Person:
    name, organisation = name.strip(), organisation.strip()
    _check_person(
        partnership=partnership, name=name, organisation=organisation, user=user, exclude_pk=None
    )
    return record_save(
        Person(
            partnership=partnership,
            name=name,
            honorific_prefix=honorific_prefix.strip(),
            role_title=role_title.strip(),
            organisation=organisation,
            email=email.strip(),
            user=user,
        ),
        by=by,
    )


@transaction.atomic
def person_update(
    *,
    person: Person,
    by: Any,
    name: str,
    honorific_prefix: str = "",
    role_title: str = "",
    organisation: str = "",
    email: str = "",
    user: Any = None,
) -> Person:
    name, organisation = name.strip(), organisation.strip()
    _check_person(
        partnership=person.partnership,
        name=name,
        organisation=organisation,
        user=user,
        exclude_pk=person.pk,
    )
    person.name, person.honorific_prefix = name, honorific_prefix.strip()
    person.role_title, person.organisation = role_title.strip(), organisation
    person.email, person.user = email.strip(), user
    return record_save(person, by=by)


@transaction.atomic
def person_or_new(
    *,
    partnership: Partnership,
    by: Any,
    person: Person | None,
    new_name: str = "",
    new_organisation: str = "",
) -> Person:
    """The person chosen from the list, or a new one made from the name typed in the same form.

    Errors name the form's fields (``person``, ``new_name``), so they show beside them.
    """
    if person is not None and new_name.strip():
        raise ValidationError(
            {"person": "Choose someone from the list or type a new person's name, not both"}
        )
    if person is not None:
        if person.partnership_id != partnership.pk:
            raise ValidationError({"person": "Choose a person from this partnership"})
        return person
    if not new_name.strip():
        raise ValidationError(
            {"person": "Choose the person from the list, or type a new person's name"}
        )
    try:
        return person_create(
            partnership=partnership, by=by, name=new_name, organisation=new_organisation
        )
    except ValidationError as error:
        raise ValidationError(
            {
                {"name": "new_name", "organisation": "new_organisation"}.get(field, field): errors
                for field, errors in error.message_dict.items()
            }
        ) from error


# -- Posts (seats) ---------------------------------------------------------------------------


@transaction.atomic
def post_add(
    *, group: Group, by: Any, title: str, organisation: str = "", holder: str = ""
) -> Post:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter the post's title"})
    if group.posts.filter(title__iexact=title).exists():
        raise ValidationError({"title": f"{group.name} already has a post called {title}"})
    return record_save(
        Post(
            group=group,
            title=title,
            organisation=organisation.strip(),
            holder=holder.strip(),
            order=next_order(Post, group=group),
        ),
        by=by,
    )


@transaction.atomic
def post_update(
    *, post: Post, by: Any, title: str, organisation: str = "", holder: str = ""
) -> Post:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter the post's title"})
    if post.group.posts.filter(title__iexact=title).exclude(pk=post.pk).exists():
        raise ValidationError({"title": f"{post.group.name} already has a post called {title}"})
    post.title, post.organisation, post.holder = title, organisation.strip(), holder.strip()
    return record_save(post, by=by)


@transaction.atomic
def post_remove(*, post: Post, by: Any) -> None:
    """Remove a seat no one has held here. A seat with members, current or past, stays: the
    past members' page would otherwise lose what seat they held."""
    holders = list(post.memberships.select_related("person").order_by("start_date"))
    if holders:
        names = ", ".join(sorted({m.person.name for m in holders}))
        raise ValidationError(
            f"{post.title} cannot be removed because memberships refer to it ({names}). "
            "Rename it instead, or end the current membership and keep the post for the record."
        )
    record_delete(post, by=by)


# -- Memberships -----------------------------------------------------------------------------


def _overlapping(
    memberships: Any, start: dt.date, end: dt.date | None, exclude_pk: int | None
) -> Any:
    found = memberships.exclude(pk=exclude_pk or 0).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    if end is not None:
        found = found.filter(start_date__lte=end)
    return found.select_related("person").order_by("start_date")


def _check_membership(
    *,
    group: Group,
    person: Person,
    post: Post | None,
    role: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    if person.partnership_id != group.partnership_id:
        raise ValidationError({"person": "Choose a person from this partnership"})
    if post is not None and post.group_id != group.pk:
        raise ValidationError(
            {
                "post": f"{post.title} is a post of {post.group.name}, not of {group.name}: "
                "choose one of this group's posts"
            }
        )
    if role not in MembershipRole.values:
        raise ValidationError({"role": "Choose the member's role from the list"})
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date the membership starts"})
    if end_date is not None and end_date < start_date:
        raise ValidationError(
            {
                "end_date": f"The end date must be on or after the start date "
                f"({day_label(start_date)})"
            }
        )
    if role in SINGLE_SEATS:
        holder = _overlapping(
            group.memberships.filter(role=role), start_date, end_date, exclude_pk
        ).first()
        if holder is not None:
            label = MembershipRole(role).label.lower()
            until = f" until {day_label(holder.end_date)}" if holder.end_date else ""
            raise ValidationError(
                {
                    "role": f"{group.name} already has a {label}: {holder.person.name}, from "
                    f"{day_label(holder.start_date)}{until}. End their membership first, or "
                    "replace them."
                }
            )
    twice = _overlapping(
        group.memberships.filter(person=person, post=post), start_date, end_date, exclude_pk
    ).first()
    if twice is not None:
        seat = f" as {post.title}" if post else ""
        raise ValidationError(
            {
                "person": f"{person.name} is already a member of {group.name}{seat}, from "
                f"{day_label(twice.start_date)}. Edit that membership instead."
            }
        )


@transaction.atomic
def membership_add(
    *,
    group: Group,
    person: Person,
    by: Any,
    role: str,
    start_date: dt.date,
    post: Post | None = None,
    on_behalf_of: str = "",
    end_date: dt.date | None = None,
) -> Membership:
    _check_membership(
        group=group,
        person=person,
        post=post,
        role=role,
        start_date=start_date,
        end_date=end_date,
    )
    return record_save(
        Membership(
            group=group,
            person=person,
            post=post,
            role=role,
            on_behalf_of=on_behalf_of.strip(),
            start_date=start_date,
            end_date=end_date,
        ),
        by=by,
    )


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    by: Any,
    role: str,
    start_date: dt.date,
    post: Post | None = None,
    on_behalf_of: str = "",
    end_date: dt.date | None = None,
    end_reason: str | None = None,
) -> Membership:
    _check_membership(
        group=membership.group,
        person=membership.person,
        post=post,
        role=role,
        start_date=start_date,
        end_date=end_date,
        exclude_pk=membership.pk,
    )
    membership.post, membership.role = post, role
    membership.on_behalf_of = on_behalf_of.strip()
    membership.start_date, membership.end_date = start_date, end_date
    if end_reason is not None:
        membership.end_reason = end_reason.strip()
    if end_date is None:
        membership.end_reason = ""
    return record_save(membership, by=by)


@transaction.atomic
def membership_end(
    *, membership: Membership, by: Any, end_date: dt.date, reason: str = ""
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise ValidationError(
            {
                "end_date": f"This membership already ended on {day_label(membership.end_date)}. "
                "Edit it to change the date."
            }
        )
    if end_date is None:
        raise ValidationError({"end_date": "Enter the date the membership ends"})
    if end_date < membership.start_date:
        raise ValidationError(
            {
                "end_date": f"The end date must be on or after the start of the membership "
                f"({day_label(membership.start_date)})"
            }
        )
    membership.end_date, membership.end_reason = end_date, reason.strip()
    return record_save(membership, by=by)


def seat_words(membership: Membership) -> str:
    """ "as Secondary Head Teacher representative" or "on the Board": how the seeds' minutes
    name the seat someone held."""
    if membership.post_id:
        return f"as {membership.post.title}"  # type: ignore[union-attr]
    return f"on the {membership.group.name}"


def replacement_resolution(
    *, membership: Membership, name: str, organisation: str = "", on_behalf_of: str = ""
) -> str:
    """The seeds' words: "Michelle Strong (Bulwell Academy) replaces Derek Hobbs as Secondary
    Head Teacher representative". ``name`` and ``organisation`` are the new member's (who may not
    be recorded yet when the officer checks the wording)."""
    where = organisation.strip() or on_behalf_of.strip() or membership.on_behalf_of
    who = f"{name.strip()} ({where})" if where else name.strip()
    return f"{who} replaces {membership.person.name} {seat_words(membership)}"


def replacement_items(group: Group) -> QuerySet[AgendaItem]:
    """The items a replacement can be minuted under: each "Membership update" standing item
    first (latest meeting first), then every other item of the group's meetings."""
    first = Case(When(standing=StandingItem.MEMBERSHIP, then=Value(0)), default=Value(1))
    return (
        AgendaItem.objects.filter(meeting__group=group)
        .select_related("meeting__group")
        .order_by(first, "-meeting__start", "order")
    )


@transaction.atomic
def membership_replace(
    *,
    membership: Membership,
    by: Any,
    person: Person,
    on_date: dt.date,
    on_behalf_of: str = "",
    minute_item: AgendaItem | None = None,
    resolution: str = "",
) -> Membership:
    """End ``membership`` the day before ``on_date`` and start ``person``'s in the same seat
    and role, linked to it; with ``minute_item``, minute it there in the same step.

    Returns the new membership. If the minute cannot be written (approved minutes), nothing at
    all is saved.
    """
    old = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the post's outer join.
        Membership.objects.select_for_update(of=("self",))
        .select_related("group", "person", "post")
        .get(pk=membership.pk)
    )
    group = old.group
    if on_date is None:
        raise ValidationError({"on_date": "Enter the date the new member starts"})
    if old.replaced_by_id:
        raise ValidationError(
            {"person": f"{old.person.name} has already been replaced: see the past members"}
        )
    if person.pk == old.person_id:
        raise ValidationError(
            {"person": f"Choose someone other than {old.person.name} to replace them"}
        )
    day_before = on_date - dt.timedelta(days=1)
    if day_before < old.start_date:
        raise ValidationError(
            {
                "on_date": f"The new member must start after {old.person.name}'s membership "
                f"began ({day_label(old.start_date)})"
            }
        )
    if old.end_date is not None and old.end_date < day_before:
        raise ValidationError(
            {
                "on_date": f"{old.person.name}'s membership ended on {day_label(old.end_date)}, "
                "so there is no one to replace on that date: add the new member instead"
            }
        )
    if minute_item is not None and minute_item.meeting.group_id != group.pk:
        raise ValidationError({"minute_item": f"Choose an item from a meeting of {group.name}"})
    text = resolution.strip() or replacement_resolution(
        membership=old,
        name=person.name,
        organisation=person.organisation,
        on_behalf_of=on_behalf_of,
    )
    old.end_date, old.end_reason = day_before, f"Replaced by {person.name}"
    record_save(old, by=by)
    new = membership_add(
        group=group,
        person=person,
        by=by,
        role=old.role,
        post=old.post,
        on_behalf_of=on_behalf_of.strip() or old.on_behalf_of,
        start_date=on_date,
    )
    old.replaced_by = new
    record_save(old, by=by)
    if minute_item is not None:
        try:
            minute_add_resolution(
                item=minute_item, text=text, by=by, reason=f"Membership update: {text}"
            )
        except MinutesLocked as error:
            raise ValidationError(
                {
                    "minute_item": f"The minutes of {minute_item.meeting} have been approved, so "
                    "this replacement cannot be minuted there and nothing has been saved. "
                    "Choose no item to save the replacement without minuting it (the approved "
                    "minutes can be corrected only by recording an amendment)."
                }
            ) from error
    return new


# -- Register of interests -------------------------------------------------------------------


def can_edit_interests(user: Any, person: Person) -> bool:
    """Those who manage meetings, for anyone; a signed-in person, for their own register."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Perm.MANAGE_MEETINGS in permissions_for(user, person.partnership):
        return True
    return person.user_id is not None and person.user_id == user.pk


def _check_interest(
    *, category: str, description: str, start_date: dt.date | None, end_date: dt.date | None
) -> None:
    if category not in InterestCategory.values:
        raise ValidationError({"category": "Choose the kind of interest from the list"})
    if not description:
        raise ValidationError({"description": "Describe the interest"})
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {"end_date": f"The end date must be on or after the start ({day_label(start_date)})"}
        )


@transaction.atomic
def interest_add(
    *,
    person: Person,
    by: Any,
    category: str,
    description: str,
    organisation: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> RegisteredInterest:
    description = description.strip()
    _check_interest(
        category=category, description=description, start_date=start_date, end_date=end_date
    )
    return record_save(
        RegisteredInterest(
            person=person,
            category=category,
            description=description,
            organisation=organisation.strip(),
            start_date=start_date,
            end_date=end_date,
        ),
        by=by,
    )


@transaction.atomic
def interest_end(*, interest: RegisteredInterest, by: Any, end_date: dt.date) -> RegisteredInterest:
    interest = RegisteredInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.end_date is not None:
        raise ValidationError(
            {"end_date": f"This interest already ended on {day_label(interest.end_date)}"}
        )
    if end_date is None:
        raise ValidationError({"end_date": "Enter the date the interest ended"})
    _check_interest(
        category=interest.category,
        description=interest.description,
        start_date=interest.start_date,
        end_date=end_date,
    )
    interest.end_date = end_date
    return record_save(interest, by=by)
