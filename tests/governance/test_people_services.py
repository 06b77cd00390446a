"""People, posts, memberships, replacements and registers of interests through their services
and reads: every refusal says what is wrong, and leaves nothing half-written.

The data is made here, in Stockton's demo partnership, with the small helpers below; the
replacement is the seeds' own (Nottingham, 5 January 2021, item 15: "Michelle Strong (Bulwell
Academy) replaces Derek Hobbs as Secondary Head Teacher representative").
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership.governance import people
from partnership.governance.meeting_models import (
    AgendaItem,
    Attendance,
    ItemMinute,
    Meeting,
    Membership,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    Person,
    RegisteredInterest,
)
from partnership.governance.minutes import minutes_for
from partnership.governance.models import Group, Post
from partnership.governance.people_selectors import (
    attendance_counts,
    current_members,
    group_register,
    past_members,
    people_for,
    person_memberships,
    seats,
)
from partnership.web.models import Partnership, Role, User

STOCKTON = "stockton-on-tees"
D = dt.date
RESOLUTION = (
    "Michelle Strong (Bulwell Academy) replaces Derek Hobbs as Secondary Head Teacher "
    "representative"
)


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


@pytest.fixture
def stockton(demo) -> Partnership:
    return Partnership.objects.get(slug=STOCKTON)


@pytest.fixture
def officer(demo) -> User:
    return User.objects.get(roles__role=Role.OFFICER, roles__partnership__slug=STOCKTON)


def make_group(partnership: Partnership, name: str = "Children's Partnership Board") -> Group:
    return Group.objects.create(partnership=partnership, name=name, classification="board")


def make_person(partnership: Partnership, name: str, organisation: str = "", by=None) -> Person:
    return people.person_create(
        partnership=partnership, by=by, name=name, organisation=organisation
    )


def make_post(group: Group, title: str = "Secondary Head Teacher representative") -> Post:
    return people.post_add(group=group, by=None, title=title)


def make_meeting(group: Group, day: dt.date | None = None) -> Meeting:
    day = day or D(2021, 1, 5)
    start = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 14, 0))
    return Meeting.objects.create(group=group, start=start, status="held")


def make_item(meeting: Meeting, order: int = 4, standing: str = "membership") -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        number=11 + order,
        title="Membership Update",
        standing=standing,
        kind="standing",
    )


@pytest.fixture
def board(stockton) -> Group:
    return make_group(stockton)


# People -------------------------------------------------------------------------------------


def test_person_create_keeps_history_with_who(stockton, officer):
    person = people.person_create(
        partnership=stockton,
        by=officer,
        name="  Sophie Russell ",
        role_title="Head of Children's Strategy and Improvement",
        organisation="Nottingham City Council",
        honorific_prefix="",
    )
    assert person.name == "Sophie Russell"
    assert person.history.latest().history_user == officer


def test_same_name_and_organisation_refused_but_another_organisation_allowed(stockton):
    make_person(stockton, "John Smith", "Nottingham City Council")
    with pytest.raises(ValidationError) as error:
        make_person(stockton, "john smith", "nottingham city council")
    assert "John Smith of nottingham city council is already recorded" in messages(error)["name"][
        0
    ].replace("john smith", "John Smith")
    assert Person.objects.filter(partnership=stockton, name__iexact="John Smith").count() == 1
    other = make_person(stockton, "John Smith", "Nottinghamshire Police")
    assert other.pk


def test_same_name_without_organisation_twice_refused(stockton):
    make_person(stockton, "Alex Jones")
    with pytest.raises(ValidationError) as error:
        make_person(stockton, "Alex Jones")
    assert "with no organisation" in messages(error)["name"][0]
    assert "give their organisation" in messages(error)["name"][0]


def test_blank_name_refused(stockton):
    with pytest.raises(ValidationError) as error:
        make_person(stockton, "   ")
    assert messages(error)["name"] == ["Enter the person's name"]


def test_linked_account_must_hold_a_role_here_and_belong_to_one_person(stockton):
    outsider = User.objects.create(username="no-role-here")
    with pytest.raises(ValidationError) as error:
        people.person_create(partnership=stockton, by=None, name="Pat Doe", user=outsider)
    assert "no role in this partnership" in messages(error)["user"][0]
    assert not Person.objects.filter(name="Pat Doe").exists()

    board_user = User.objects.get(roles__role=Role.BOARD, roles__partnership=stockton)
    people.person_create(partnership=stockton, by=None, name="Pat Doe", user=board_user)
    with pytest.raises(ValidationError) as error:
        people.person_create(partnership=stockton, by=None, name="Sam Roe", user=board_user)
    assert "already linked to Pat Doe" in messages(error)["user"][0]


def test_person_update_refuses_a_clash_with_someone_else(stockton):
    make_person(stockton, "Ann Lee", "NHS")
    bob = make_person(stockton, "Bob Lee", "NHS")
    with pytest.raises(ValidationError):
        people.person_update(person=bob, by=None, name="Ann Lee", organisation="NHS")
    bob.refresh_from_db()
    assert bob.name == "Bob Lee"
    # Saving a person unchanged is not a clash with themselves.
    people.person_update(person=bob, by=None, name="Bob Lee", organisation="NHS")


def test_person_or_new(stockton):
    ann = make_person(stockton, "Ann Lee")
    assert people.person_or_new(partnership=stockton, by=None, person=ann) == ann
    with pytest.raises(ValidationError) as error:
        people.person_or_new(partnership=stockton, by=None, person=None)
    assert "person" in messages(error)
    with pytest.raises(ValidationError) as error:
        people.person_or_new(partnership=stockton, by=None, person=ann, new_name="Someone")
    assert "not both" in messages(error)["person"][0]
    with pytest.raises(ValidationError) as error:
        people.person_or_new(partnership=stockton, by=None, person=None, new_name="ann lee")
    assert "new_name" in messages(error)
    made = people.person_or_new(
        partnership=stockton, by=None, person=None, new_name="Kim Poe", new_organisation="NHS"
    )
    assert (made.name, made.organisation) == ("Kim Poe", "NHS")


def test_people_search(stockton):
    make_person(stockton, "Sophie Russell", "Nottingham City Council")
    make_person(stockton, "Derek Hobbs", "Bulwell Academy")
    assert [p.name for p in people_for(stockton, "russ")] == ["Sophie Russell"]
    assert [p.name for p in people_for(stockton, "bulwell")] == ["Derek Hobbs"]
    assert [p.name for p in people_for(stockton, "nobody-like-this")] == []


# Posts --------------------------------------------------------------------------------------


def test_posts_add_rename_remove(board):
    first = make_post(board, "Director of Public Health")
    second = make_post(board)
    assert (first.order, second.order) == (1, 2)
    with pytest.raises(ValidationError) as error:
        make_post(board, "director of public health")
    assert "already has a post called" in messages(error)["title"][0]
    people.post_update(post=first, by=None, title="Director of Public Health (Stockton)")
    first.refresh_from_db()
    assert first.title == "Director of Public Health (Stockton)"
    people.post_remove(post=first, by=None)
    assert not Post.objects.filter(pk=first.pk).exists()


def test_a_post_someone_held_cannot_be_removed(stockton, board):
    post = make_post(board)
    derek = make_person(stockton, "Derek Hobbs")
    people.membership_add(
        group=board,
        person=derek,
        by=None,
        role="member",
        post=post,
        start_date=D(2019, 9, 1),
        end_date=D(2020, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        people.post_remove(post=post, by=None)
    assert "cannot be removed" in error.value.messages[0]
    assert "Derek Hobbs" in error.value.messages[0]
    assert Post.objects.filter(pk=post.pk).exists()


def test_seat_shows_holder_text_only_while_no_membership_fills_it(stockton, board):
    post = people.post_add(group=board, by=None, title="Chair", holder="Cllr A. Example")
    assert [(p.pk, ms) for p, ms in seats(board)] == [(post.pk, [])]
    person = make_person(stockton, "Jo Bloggs")
    membership = people.membership_add(
        group=board, person=person, by=None, role="chair", post=post, start_date=D(2020, 1, 1)
    )
    assert seats(board) == [(post, [membership])]


# Memberships --------------------------------------------------------------------------------


def test_end_before_start_refused(stockton, board):
    person = make_person(stockton, "Jo Bloggs")
    with pytest.raises(ValidationError) as error:
        people.membership_add(
            group=board,
            person=person,
            by=None,
            role="member",
            start_date=D(2021, 1, 5),
            end_date=D(2021, 1, 4),
        )
    assert messages(error)["end_date"] == [
        "The end date must be on or after the start date (5 January 2021)"
    ]
    assert not Membership.objects.filter(person=person).exists()


def test_second_chair_overlapping_refused_naming_the_chair(stockton, board):
    chair = make_person(stockton, "Councillor Cheryl Barnard")
    people.membership_add(
        group=board, person=chair, by=None, role="chair", start_date=D(2020, 5, 1)
    )
    rival = make_person(stockton, "Another Person")
    with pytest.raises(ValidationError) as error:
        people.membership_add(
            group=board, person=rival, by=None, role="chair", start_date=D(2021, 1, 5)
        )
    message = messages(error)["role"][0]
    assert "already has a chair: Councillor Cheryl Barnard, from 1 May 2020" in message
    assert "replace them" in message
    # A vice-chair beside the chair is fine, and a chair before the first one's term is too.
    people.membership_add(
        group=board, person=rival, by=None, role="vice-chair", start_date=D(2021, 1, 5)
    )
    earlier = make_person(stockton, "Earlier Chair")
    people.membership_add(
        group=board,
        person=earlier,
        by=None,
        role="chair",
        start_date=D(2019, 5, 1),
        end_date=D(2020, 4, 30),
    )
    assert Membership.objects.filter(group=board, role="chair").count() == 2


def test_chair_of_another_group_is_no_clash(stockton, board):
    other = make_group(stockton, "Another board")
    a, b = make_person(stockton, "Chair A"), make_person(stockton, "Chair B")
    people.membership_add(group=board, person=a, by=None, role="chair", start_date=D(2020, 1, 1))
    people.membership_add(group=other, person=b, by=None, role="chair", start_date=D(2020, 1, 1))


def test_same_person_twice_in_the_same_post_refused(stockton, board):
    post = make_post(board)
    person = make_person(stockton, "Jo Bloggs")
    people.membership_add(
        group=board, person=person, by=None, role="member", post=post, start_date=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        people.membership_add(
            group=board, person=person, by=None, role="member", post=post, start_date=D(2021, 1, 1)
        )
    assert (
        "Jo Bloggs is already a member of Children's Partnership Board as Secondary Head "
        "Teacher representative" in messages(error)["person"][0]
    )
    # Another post on the same group is a different seat.
    people.membership_add(
        group=board,
        person=person,
        by=None,
        role="member",
        post=make_post(board, "Second seat"),
        start_date=D(2021, 1, 1),
    )


def test_post_of_another_group_refused(stockton, board):
    other = make_group(stockton, "Another board")
    foreign = make_post(other, "Their seat")
    person = make_person(stockton, "Jo Bloggs")
    with pytest.raises(ValidationError) as error:
        people.membership_add(
            group=board,
            person=person,
            by=None,
            role="member",
            post=foreign,
            start_date=D(2021, 1, 1),
        )
    assert messages(error)["post"] == [
        "Their seat is a post of Another board, not of Children's Partnership Board: choose one "
        "of this group's posts"
    ]


def test_person_of_another_partnership_refused(stockton, board):
    kent = Partnership.objects.exclude(pk=stockton.pk).first()
    stranger = make_person(kent, "Kent Person")
    with pytest.raises(ValidationError) as error:
        people.membership_add(
            group=board, person=stranger, by=None, role="member", start_date=D(2021, 1, 1)
        )
    assert "person" in messages(error)


def test_membership_end_and_update(stockton, board, officer):
    person = make_person(stockton, "Jo Bloggs")
    membership = people.membership_add(
        group=board, person=person, by=officer, role="member", start_date=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        people.membership_end(membership=membership, by=officer, end_date=D(2019, 12, 31))
    assert (
        "on or after the start of the membership (1 January 2020)" in messages(error)["end_date"][0]
    )
    membership.refresh_from_db()
    assert membership.end_date is None
    people.membership_end(membership=membership, by=officer, end_date=D(2020, 6, 30), reason="Left")
    membership.refresh_from_db()
    assert (membership.end_date, membership.end_reason) == (D(2020, 6, 30), "Left")
    with pytest.raises(ValidationError) as error:
        people.membership_end(membership=membership, by=officer, end_date=D(2020, 7, 30))
    assert "already ended on 30 June 2020" in messages(error)["end_date"][0]
    people.membership_update(
        membership=membership,
        by=officer,
        role="adviser",
        start_date=D(2020, 1, 1),
        end_date=None,
    )
    membership.refresh_from_db()
    assert (membership.role, membership.end_date, membership.end_reason) == ("adviser", None, "")
    assert membership.history.count() == 3


def test_current_and_past_members_in_the_pages_order(stockton, board):
    seat_a, seat_b = make_post(board, "Seat A"), make_post(board, "Seat B")
    add = people.membership_add
    add(group=board, person=make_person(stockton, "Zed Member"), by=None, role="member",
        post=seat_a, start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Amy Member"), by=None, role="member",
        post=seat_b, start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Bea Member"), by=None, role="member",
        start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Cal Coordinator"), by=None,
        role="co-ordinator", start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Val Vice"), by=None, role="vice-chair",
        start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Lee Lead"), by=None, role="lead-member",
        start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Chris Chair"), by=None, role="chair",
        start_date=D(2020, 1, 1))  # fmt: skip
    add(group=board, person=make_person(stockton, "Old Member"), by=None, role="member",
        start_date=D(2018, 1, 1), end_date=D(2019, 1, 1))  # fmt: skip
    names = [m.person.name for m in current_members(board, on=D(2021, 1, 5))]
    assert names == [
        "Chris Chair",
        "Val Vice",
        "Lee Lead",
        "Cal Coordinator",
        "Zed Member",  # Seat A comes before Seat B
        "Amy Member",
        "Bea Member",  # no post: after the seats
    ]
    assert [m.person.name for m in past_members(board, on=D(2021, 1, 5))] == ["Old Member"]
    assert [m.person.name for m in current_members(board, on=D(2018, 6, 1))] == ["Old Member"]


# Replacement ------------------------------------------------------------------------------------


@pytest.fixture
def derek_seat(stockton, board):
    post = make_post(board)
    derek = make_person(stockton, "Derek Hobbs")
    return people.membership_add(
        group=board,
        person=derek,
        by=None,
        role="member",
        post=post,
        on_behalf_of="Secondary schools",
        start_date=D(2018, 9, 1),
    )


def test_replace_ends_starts_links_and_minutes(stockton, board, derek_seat, officer):
    michelle = make_person(stockton, "Michelle Strong", "Bulwell Academy")
    item = make_item(make_meeting(board))
    new = people.membership_replace(
        membership=derek_seat,
        by=officer,
        person=michelle,
        on_date=D(2021, 1, 5),
        minute_item=item,
    )
    derek_seat.refresh_from_db()
    assert derek_seat.end_date == D(2021, 1, 4)
    assert derek_seat.end_reason == "Replaced by Michelle Strong"
    assert derek_seat.replaced_by == new
    assert (new.post, new.role, new.start_date) == (derek_seat.post, "member", D(2021, 1, 5))
    assert new.on_behalf_of == "Secondary schools"
    assert ItemMinute.objects.get(item=item).resolutions == [RESOLUTION]
    minutes = Minutes.objects.get(meeting=item.meeting)
    assert minutes.version == 2
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 2
    assert [m.person.name for m in current_members(board, on=D(2021, 1, 5))] == ["Michelle Strong"]
    assert [m.person.name for m in past_members(board, on=D(2021, 1, 5))] == ["Derek Hobbs"]


def test_replace_with_edited_resolution_and_no_post(stockton, board):
    chris = make_person(stockton, "Chris Wallbanks")
    old = people.membership_add(
        group=board,
        person=chris,
        by=None,
        role="member",
        on_behalf_of="Commissioning and Procurement",
        start_date=D(2019, 1, 1),
    )
    karla = make_person(stockton, "Karla Banfield")
    assert (
        people.replacement_resolution(membership=old, name="Karla Banfield")
        == "Karla Banfield (Commissioning and Procurement) replaces Chris Wallbanks on the "
        "Children's Partnership Board"
    )
    item = make_item(make_meeting(board))
    words = (
        "Karla Banfield has replaced Chris Wallbanks on the Board as a representative of "
        "Commissioning and Procurement"
    )
    people.membership_replace(
        membership=old,
        by=None,
        person=karla,
        on_date=D(2021, 1, 5),
        minute_item=item,
        resolution=words,
    )
    assert ItemMinute.objects.get(item=item).resolutions == [words]


def test_replace_without_minuting(stockton, board, derek_seat):
    michelle = make_person(stockton, "Michelle Strong", "Bulwell Academy")
    new = people.membership_replace(
        membership=derek_seat, by=None, person=michelle, on_date=D(2021, 1, 5)
    )
    assert new.replaces == derek_seat
    assert not ItemMinute.objects.filter(item__meeting__group=board).exists()


def test_replace_into_approved_minutes_saves_nothing(stockton, board, derek_seat, officer):
    michelle = make_person(stockton, "Michelle Strong", "Bulwell Academy")
    item = make_item(make_meeting(board))
    minutes = minutes_for(item.meeting, by=officer)
    minutes.status = MinutesStatus.APPROVED
    minutes.save()
    before = (
        Membership.objects.count(),
        Membership.history.count(),
        MinutesVersion.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        people.membership_replace(
            membership=derek_seat,
            by=officer,
            person=michelle,
            on_date=D(2021, 1, 5),
            minute_item=item,
        )
    message = messages(error)["minute_item"][0]
    assert "have been approved" in message
    assert "nothing has been saved" in message
    assert "without minuting it" in message
    after = (Membership.objects.count(), Membership.history.count(), MinutesVersion.objects.count())
    assert after == before
    derek_seat.refresh_from_db()
    assert (derek_seat.end_date, derek_seat.replaced_by_id, derek_seat.end_reason) == (
        None,
        None,
        "",
    )
    assert not ItemMinute.objects.filter(item=item).exists()


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("same person", "person", "Choose someone other than Derek Hobbs"),
        ("too early", "on_date", "must start after Derek Hobbs's membership began"),
        ("other group's item", "minute_item", "Choose an item from a meeting of"),
    ],
)
def test_replace_refusals(stockton, board, derek_seat, case, field, words):
    michelle = make_person(stockton, "Michelle Strong", "Bulwell Academy")
    kwargs = {"membership": derek_seat, "by": None, "person": michelle, "on_date": D(2021, 1, 5)}
    if case == "same person":
        kwargs["person"] = derek_seat.person
    elif case == "too early":
        kwargs["on_date"] = D(2018, 9, 1)
    else:
        kwargs["minute_item"] = make_item(make_meeting(make_group(stockton, "Other")))
    with pytest.raises(ValidationError) as error:
        people.membership_replace(**kwargs)
    assert words in messages(error)[field][0]
    derek_seat.refresh_from_db()
    assert derek_seat.end_date is None
    assert Membership.objects.filter(group=board).count() == 1


def test_a_replaced_member_cannot_be_replaced_again(stockton, board, derek_seat):
    michelle = make_person(stockton, "Michelle Strong", "Bulwell Academy")
    people.membership_replace(
        membership=derek_seat, by=None, person=michelle, on_date=D(2021, 1, 5)
    )
    with pytest.raises(ValidationError) as error:
        people.membership_replace(
            membership=derek_seat, by=None, person=make_person(stockton, "X"), on_date=D(2021, 2, 1)
        )
    assert "already been replaced" in messages(error)["person"][0]


def test_replacing_the_chair_keeps_one_chair(stockton, board):
    old = people.membership_add(
        group=board, person=make_person(stockton, "Old Chair"), by=None, role="chair",
        start_date=D(2019, 5, 1),
    )  # fmt: skip
    new = people.membership_replace(
        membership=old, by=None, person=make_person(stockton, "New Chair"), on_date=D(2021, 5, 1)
    )
    assert new.role == "chair"
    assert [m.person.name for m in current_members(board, on=D(2021, 5, 1))] == ["New Chair"]


def test_replacement_items_offer_membership_update_first(stockton, board):
    from partnership.governance.people import replacement_items

    meeting = make_meeting(board)
    other = make_item(meeting, order=1, standing="apologies")
    membership_item = make_item(meeting, order=4)
    assert list(replacement_items(board))[:2] == [membership_item, other]


# Register of interests --------------------------------------------------------------------------


def test_interests_add_end_and_register(stockton, board):
    person = make_person(stockton, "Jo Bloggs")
    people.membership_add(
        group=board, person=person, by=None, role="member", start_date=D(2020, 1, 1)
    )
    interest = people.interest_add(
        person=person,
        by=None,
        category="employment",
        description="Head teacher",
        organisation="Bulwell Academy",
        start_date=D(2019, 9, 1),
    )
    assert group_register(board) == [(current_members(board).get(), [interest])]
    with pytest.raises(ValidationError) as error:
        people.interest_end(interest=interest, by=None, end_date=D(2019, 8, 31))
    assert "on or after the start (1 September 2019)" in messages(error)["end_date"][0]
    people.interest_end(interest=interest, by=None, end_date=D(2020, 8, 31))
    assert group_register(board)[0][1] == []
    with pytest.raises(ValidationError) as error:
        people.interest_end(interest=interest, by=None, end_date=D(2020, 9, 30))
    assert "already ended" in messages(error)["end_date"][0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "nonsense", "description": "X"}, "category"),
        ({"category": "gifts", "description": "  "}, "description"),
        (
            {
                "category": "gifts",
                "description": "X",
                "start_date": D(2020, 1, 2),
                "end_date": D(2020, 1, 1),
            },
            "end_date",
        ),
    ],
)
def test_interest_refusals(stockton, fields, field):
    person = make_person(stockton, "Jo Bloggs")
    with pytest.raises(ValidationError) as error:
        people.interest_add(person=person, by=None, **fields)
    assert field in messages(error)
    assert not RegisteredInterest.objects.filter(person=person).exists()


def test_who_may_edit_a_register(stockton):
    board_user = User.objects.get(roles__role=Role.BOARD, roles__partnership=stockton)
    contributor = User.objects.get(roles__role=Role.CONTRIBUTOR, roles__partnership=stockton)
    governance = User.objects.get(roles__role=Role.GOVERNANCE, roles__partnership=stockton)
    own = people.person_create(partnership=stockton, by=None, name="Board Member", user=board_user)
    other = make_person(stockton, "Someone Else")
    assert people.can_edit_interests(board_user, own)
    assert not people.can_edit_interests(board_user, other)
    assert not people.can_edit_interests(contributor, own)
    assert people.can_edit_interests(governance, other)
    from django.contrib.auth.models import AnonymousUser

    assert not people.can_edit_interests(AnonymousUser(), own)


def test_person_memberships_and_attendance_counts(stockton, board):
    person = make_person(stockton, "Jo Bloggs")
    old = people.membership_add(
        group=board, person=person, by=None, role="member", start_date=D(2015, 1, 1),
        end_date=D(2016, 1, 1),
    )  # fmt: skip
    now = people.membership_add(
        group=board, person=person, by=None, role="vice-chair", start_date=D(2020, 1, 1)
    )
    assert person_memberships(person) == ([now], [old])
    first, second = make_meeting(board, D(2021, 1, 5)), make_meeting(board, D(2021, 3, 5))
    Attendance.objects.create(meeting=first, person=person, status="present")
    Attendance.objects.create(meeting=second, person=person, status="apologies")
    assert attendance_counts(person) == {"present": 1, "apologies": 1}
