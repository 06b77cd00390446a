"""People, members, posts and registers through their pages: what each page shows, every form
accepted and refused (400 with the GOV.UK error summary, nothing written), the replacement's
preview of its resolution, and every view walked through all six roles.

Data is made in Stockton's demo partnership with the helpers below.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.governance import people
from partnership.governance.meeting_models import (
    AgendaItem,
    ItemMinute,
    Meeting,
    Membership,
    MinutesStatus,
    Person,
    RegisteredInterest,
)
from partnership.governance.minutes import minutes_for
from partnership.governance.models import Group, Post
from partnership.web.models import Partnership, User

STOCKTON = "stockton-on-tees"
D = dt.date
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]


# Helpers ------------------------------------------------------------------------------------


def main(response) -> str:
    page = response.content.decode()
    found = re.search(r"<main.*?</main>", page, re.S)
    words = re.sub(r"<[^>]+>", " ", found[0] if found else page)
    return re.sub(r"\s+", " ", htmllib.unescape(words))


def summary_errors(response) -> list[str]:
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert match, "no error summary on the page"
    items = re.findall(r"<li>(.*?)</li>", match[1], re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def assert_refused(response, *expected: str) -> None:
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    assert "There is a problem" in page
    assert "<title>Error: " in page
    found = summary_errors(response)
    for message in expected:
        assert any(message in f for f in found), (message, found)
    summary = re.search(r'govuk-error-summary__list">.*?</ul>', page, re.S)[0]
    for anchor in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{anchor}"' in page, anchor


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def stockton(demo) -> Partnership:
    return Partnership.objects.get(slug=STOCKTON)


@pytest.fixture
def board(stockton) -> Group:
    return Group.objects.create(
        partnership=stockton, name="Children's Partnership Board", classification="board"
    )


@pytest.fixture
def derek(stockton, board) -> Membership:
    post = people.post_add(group=board, by=None, title="Secondary Head Teacher representative")
    person = people.person_create(partnership=stockton, by=None, name="Derek Hobbs")
    return people.membership_add(
        group=board,
        person=person,
        by=None,
        role="member",
        post=post,
        on_behalf_of="Secondary schools",
        start_date=D(2018, 9, 1),
    )


@pytest.fixture
def item(board) -> AgendaItem:
    start = timezone.make_aware(dt.datetime(2021, 1, 5, 14, 0))
    meeting = Meeting.objects.create(group=board, start=start, status="held")
    return AgendaItem.objects.create(
        meeting=meeting,
        order=4,
        number=15,
        title="Membership Update",
        standing="membership",
        kind="standing",
    )


def people_url(name: str, **kwargs) -> str:
    return reverse(f"people:{name}", kwargs={"partnership": STOCKTON, **kwargs})


def members_url(name: str, group: Group, **kwargs) -> str:
    return reverse(f"members:{name}", kwargs={"partnership": STOCKTON, "group": group.pk, **kwargs})


def user_for(role: str) -> User:
    from partnership.web.demo import DEMO_ACCOUNTS

    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    return User.objects.get(username=account.username)


# People pages -----------------------------------------------------------------------------------


def test_people_list_searches(client_for, stockton):
    people.person_create(partnership=stockton, by=None, name="Sophie Russell", organisation="NCC")
    people.person_create(partnership=stockton, by=None, name="Derek Hobbs")
    response = client_for("anonymous").get(people_url("person_list"), {"q": "russ"})
    assert response.status_code == 200
    text = main(response)
    assert "Sophie Russell" in text and "Derek Hobbs" not in text
    assert "1 person found for “russ”" in text
    assert "Add a person" not in text
    assert "Add a person" in main(client_for("governance").get(people_url("person_list")))


def test_person_page_shows_memberships_interests_and_attendance(
    client_for, stockton, board, derek, item
):
    person = derek.person
    person.email = "derek@example.org"
    person.save()
    people.interest_add(
        person=person, by=None, category="employment", description="Head teacher of a school"
    )
    from partnership.governance.meeting_models import Attendance

    Attendance.objects.create(meeting=item.meeting, person=person, status="apologies")
    url = people_url("person_detail", person=person.pk)
    text = main(client_for("anonymous").get(url))
    assert "Children's Partnership Board" in text
    assert "Secondary Head Teacher representative" in text
    assert "Secondary schools" in text
    assert "From 1 September 2018" in text
    assert "Head teacher of a school" in text
    assert "Apologies 1" in text
    # Contact details and edit links are for those who run meetings.
    assert "derek@example.org" not in text and "Edit person" not in text
    managed = main(client_for("officer").get(url))
    assert "derek@example.org" in managed and "Edit person" in managed


def test_person_create_and_refusal(client_for, stockton):
    client = client_for("governance")
    response = client.post(
        people_url("person_create"), {"name": "Jo Bloggs", "organisation": "NHS"}
    )
    person = Person.objects.get(partnership=stockton, name="Jo Bloggs")
    assert response.status_code == 302 and response["Location"] == people_url(
        "person_detail", person=person.pk
    )
    assert person.history.latest().history_user == user_for("governance")
    response = client.post(
        people_url("person_create"), {"name": "Jo Bloggs", "organisation": "NHS"}
    )
    assert_refused(response, "Jo Bloggs of NHS is already recorded")
    response = client.post(people_url("person_create"), {"name": "", "email": "not an email"})
    assert_refused(response, "Enter the person's name", "Enter an email address like")
    assert Person.objects.filter(partnership=stockton, name="Jo Bloggs").count() == 1


def test_person_edit_links_an_account_from_this_partnership(client_for, stockton):
    person = people.person_create(partnership=stockton, by=None, name="Board Member")
    board_user = user_for("board")
    client = client_for("officer")
    url = people_url("person_edit", person=person.pk)
    page = client.get(url).content.decode()
    assert f'value="{board_user.pk}"' in page
    response = client.post(url, {"name": "Board Member", "user": board_user.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == board_user
    stranger = User.objects.create(username="stranger")
    response = client.post(url, {"name": "Board Member", "user": stranger.pk})
    assert_refused(response, "Choose an account from the list")


def test_board_member_keeps_their_own_register(client_for, stockton):
    own = people.person_create(partnership=stockton, by=None, name="Me", user=user_for("board"))
    other = people.person_create(partnership=stockton, by=None, name="Someone Else")
    client = client_for("board")
    url = people_url("interest_create", person=own.pk)
    response = client.post(url, {"category": "", "description": ""})
    assert_refused(response, "Choose the kind of interest", "Describe the interest")
    assert not RegisteredInterest.objects.filter(person=own).exists()
    response = client.post(
        url,
        {
            "category": "membership",
            "description": "Governor of a primary school",
            **date_fields("start_date", D(2020, 9, 1)),
            **date_fields("end_date", None),
        },
    )
    assert response.status_code == 302
    interest = RegisteredInterest.objects.get(person=own)
    assert interest.history.latest().history_user == user_for("board")
    assert "Add to the register of interests" in main(
        client.get(people_url("person_detail", person=own.pk))
    )
    assert client.get(people_url("interest_create", person=other.pk)).status_code == 403
    end = people_url("interest_end", person=own.pk, interest=interest.pk)
    assert_refused(
        client.post(end, date_fields("end_date", D(2020, 1, 1))), "on or after the start"
    )
    assert client.post(end, date_fields("end_date", D(2021, 1, 1))).status_code == 302
    interest.refresh_from_db()
    assert interest.end_date == D(2021, 1, 1)


# Members pages ----------------------------------------------------------------------------------


def test_members_pages_show_current_past_and_seats(client_for, stockton, board, derek):
    people.post_add(group=board, by=None, title="Director of Public Health", holder="Vacant seat")
    michelle = people.person_create(
        partnership=stockton, by=None, name="Michelle Strong", organisation="Bulwell Academy"
    )
    people.membership_replace(membership=derek, by=None, person=michelle, on_date=D(2021, 1, 5))
    client = client_for("anonymous")
    text = main(client.get(members_url("current", board)))
    assert "Michelle Strong" in text and "Derek Hobbs" not in text.split("Posts")[0]
    assert "5 January 2021" in text
    # The post Michelle fills shows her; the empty one shows its holder text.
    posts = text.split("Posts", 1)[1]
    assert "Secondary Head Teacher representative Michelle Strong" in posts
    assert "Director of Public Health Vacant seat" in posts
    assert "Add a member" not in text and "Replace" not in text
    past = main(client.get(members_url("past", board)))
    assert "Derek Hobbs" in past and "4 January 2021" in past and "Michelle Strong" in past
    managed = main(client_for("governance").get(members_url("current", board)))
    assert "Add a member" in managed and "Replace Michelle Strong" in managed


def test_register_page_lists_current_members_interests(client_for, stockton, board, derek):
    people.interest_add(person=derek.person, by=None, category="gifts", description="A hamper")
    text = main(client_for("anonymous").get(members_url("register", board)))
    assert "Derek Hobbs" in text and "A hamper" in text


def test_add_member_with_a_new_person(client_for, stockton, board):
    client = client_for("governance")
    url = members_url("membership_create", board)
    response = client.post(
        url,
        {
            "person": "",
            "new_name": "Councillor Cheryl Barnard",
            "new_organisation": "Nottingham City Council",
            "post": "",
            "on_behalf_of": "",
            "role": "chair",
            **date_fields("start_date", D(2020, 5, 1)),
            **date_fields("end_date", None),
        },
    )
    assert response.status_code == 302, main(response)
    membership = Membership.objects.get(group=board)
    assert (membership.person.name, membership.role) == ("Councillor Cheryl Barnard", "chair")


def test_add_member_refusals_write_nothing(client_for, stockton, board, derek):
    client = client_for("officer")
    url = members_url("membership_create", board)
    people.membership_add(
        group=board,
        person=people.person_create(partnership=stockton, by=None, name="The Chair"),
        by=None,
        role="chair",
        start_date=D(2020, 5, 1),
    )
    before = (Membership.objects.count(), Person.objects.count())
    base = {"person": "", "new_name": "", "post": "", "role": "member"}
    cases = [
        (
            {**base, **date_fields("start_date", None), **date_fields("end_date", None)},
            ["Enter the start date"],
        ),
        (
            {
                **base,
                "new_name": "Someone New",
                **date_fields("start_date", D(2021, 1, 5)),
                **date_fields("end_date", D(2021, 1, 4)),
            },
            ["The end date must be on or after the start date (5 January 2021)"],
        ),
        (
            {
                **base,
                "new_name": "Someone New",
                "role": "chair",
                **date_fields("start_date", D(2021, 1, 5)),
                **date_fields("end_date", None),
            },
            ["already has a chair: The Chair, from 1 May 2020"],
        ),
        (
            {
                **base,
                "person": derek.person.pk,
                "post": derek.post.pk,
                **date_fields("start_date", D(2021, 1, 5)),
                **date_fields("end_date", None),
            },
            ["Derek Hobbs is already a member of Children's Partnership Board"],
        ),
        (
            {**base, "new_name": "", **date_fields("start_date", D(2021, 1, 5))},
            ["Choose the person from the list, or type a new person's name"],
        ),
    ]
    for data, expected in cases:
        assert_refused(client.post(url, data), *expected)
    other = Group.objects.create(partnership=stockton, name="Other group")
    foreign = Post.objects.create(group=other, title="Their seat")
    response = client.post(
        url,
        {**base, "new_name": "X", "post": foreign.pk, **date_fields("start_date", D(2021, 1, 5))},
    )
    assert_refused(response, "Choose one of this group's posts")
    assert (Membership.objects.count(), Person.objects.count()) == before


def test_edit_and_end_membership(client_for, board, derek):
    client = client_for("governance")
    edit = members_url("membership_edit", board, membership=derek.pk)
    assert "Secondary schools" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "post": derek.post_id,
            "on_behalf_of": "Academies",
            "role": "member",
            **date_fields("start_date", D(2018, 9, 1)),
            **date_fields("end_date", D(2018, 8, 1)),
        },
    )
    assert_refused(response, "The end date must be on or after the start date")
    end = members_url("membership_end", board, membership=derek.pk)
    assert_refused(client.post(end, date_fields("end_date", None)), "Enter the end date")
    response = client.post(end, {**date_fields("end_date", D(2020, 12, 31)), "reason": "Retired"})
    assert response.status_code == 302
    derek.refresh_from_db()
    assert (derek.end_date, derek.end_reason, derek.on_behalf_of) == (
        D(2020, 12, 31),
        "Retired",
        "Secondary schools",
    )


def replace_data(**extra) -> dict[str, str]:
    return {
        "person": "",
        "new_name": "Michelle Strong",
        "new_organisation": "Bulwell Academy",
        "on_behalf_of": "",
        "minute_item": "",
        "confirm": "",
        **date_fields("on_date", D(2021, 1, 5)),
        **extra,
    }


def test_replace_previews_the_resolution_then_saves_and_minutes(client_for, board, derek, item):
    client = client_for("governance")
    url = members_url("membership_replace", board, membership=derek.pk)
    page = client.get(url).content.decode()
    # The "Membership update" item is offered.
    assert f'value="{item.pk}"' in page
    response = client.post(url, replace_data(minute_item=str(item.pk)))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Michelle Strong (Bulwell Academy) replaces Derek Hobbs as Secondary Head Teacher "
        "representative</textarea>" in htmllib.unescape(page)
    )
    assert 'name="confirm" value="1"' in page
    # Nothing is saved by the preview.
    assert not Person.objects.filter(partnership__slug=STOCKTON, name="Michelle Strong").exists()
    derek.refresh_from_db()
    assert derek.end_date is None
    edited = "Michelle Strong (Bulwell Academy) replaces Derek Hobbs as the secondary heads' seat"
    response = client.post(
        url, replace_data(minute_item=str(item.pk), confirm="1", resolution=edited)
    )
    assert response.status_code == 302
    derek.refresh_from_db()
    assert derek.end_date == D(2021, 1, 4) and derek.replaced_by.person.name == "Michelle Strong"
    assert ItemMinute.objects.get(item=item).resolutions == [edited]


def test_replace_without_a_minute_saves_at_once(client_for, board, derek):
    client = client_for("officer")
    url = members_url("membership_replace", board, membership=derek.pk)
    assert client.post(url, replace_data()).status_code == 302
    derek.refresh_from_db()
    assert derek.replaced_by is not None


def test_replace_into_approved_minutes_is_refused_with_the_way_out(client_for, board, derek, item):
    minutes = minutes_for(item.meeting, by=None)
    minutes.status = MinutesStatus.APPROVED
    minutes.save()
    client = client_for("governance")
    url = members_url("membership_replace", board, membership=derek.pk)
    response = client.post(url, replace_data(minute_item=str(item.pk)))
    assert_refused(response, "have been approved", "Choose no item to save the replacement")
    response = client.post(
        url, replace_data(minute_item=str(item.pk), confirm="1", resolution="Words")
    )
    assert_refused(response, "nothing has been saved")
    assert not Person.objects.filter(partnership__slug=STOCKTON, name="Michelle Strong").exists()
    derek.refresh_from_db()
    assert derek.end_date is None and derek.replaced_by is None


def test_replace_refusals(client_for, board, derek):
    client = client_for("governance")
    url = members_url("membership_replace", board, membership=derek.pk)
    assert_refused(
        client.post(url, replace_data(new_name="", **date_fields("on_date", None))),
        "Enter the date the new member starts",
    )
    assert_refused(
        client.post(url, replace_data(**date_fields("on_date", D(2018, 9, 1)))),
        "must start after Derek Hobbs's membership began (1 September 2018)",
    )
    assert Membership.objects.filter(group=board).count() == 1


def test_posts_add_rename_and_remove(client_for, board, derek):
    client = client_for("governance")
    assert_refused(client.post(members_url("post_create", board), {"title": ""}), "Enter the post")
    response = client.post(members_url("post_create", board), {"title": "Designated Doctor"})
    assert response.status_code == 302
    post = Post.objects.get(group=board, title="Designated Doctor")
    response = client.post(
        members_url("post_edit", board, post=post.pk),
        {"title": "Secondary Head Teacher representative"},
    )
    assert_refused(response, "already has a post called Secondary Head Teacher representative")
    client.post(members_url("post_edit", board, post=post.pk), {"title": "Designated Nurse"})
    post.refresh_from_db()
    assert post.title == "Designated Nurse"
    response = client.post(members_url("post_delete", board, post=derek.post_id), follow=True)
    assert "cannot be removed" in main(response)
    assert Post.objects.filter(pk=derek.post_id).exists()
    client.post(members_url("post_delete", board, post=post.pk))
    assert not Post.objects.filter(pk=post.pk).exists()


def test_another_partnerships_things_are_404(client_for, board, derek):
    kent = Partnership.objects.exclude(slug=STOCKTON).first()
    client = client_for("officer")
    wrong = reverse("members:current", kwargs={"partnership": kent.slug, "group": board.pk})
    assert client.get(wrong).status_code == 404
    wrong = reverse(
        "people:person_detail", kwargs={"partnership": kent.slug, "person": derek.person_id}
    )
    assert client.get(wrong).status_code == 404
    other = Group.objects.create(partnership=board.partnership, name="Other group")
    assert client.get(members_url("membership_edit", other, membership=derek.pk)).status_code == 404


# Permissions: every view, every role ------------------------------------------------------------

PUBLIC = dict.fromkeys(ROLES, 200)
MANAGE = {
    "anonymous": 302,
    "administrator": 200,
    "officer": 200,
    "governance": 200,
    "contributor": 403,
    "board": 403,
}
SIGNED_IN_READ = {**MANAGE, "contributor": 200, "board": 200}


def view_urls(board, derek) -> list[tuple[str, str, dict[str, int]]]:
    person = derek.person
    interest = people.interest_add(person=person, by=None, category="gifts", description="X")
    return [
        ("person_list", people_url("person_list"), PUBLIC),
        ("person_detail", people_url("person_detail", person=person.pk), PUBLIC),
        ("person_create", people_url("person_create"), MANAGE),
        ("person_edit", people_url("person_edit", person=person.pk), MANAGE),
        ("person_history", people_url("person_history", person=person.pk), SIGNED_IN_READ),
        ("interest_create", people_url("interest_create", person=person.pk), MANAGE),
        (
            "interest_end",
            people_url("interest_end", person=person.pk, interest=interest.pk),
            MANAGE,
        ),
        ("current", members_url("current", board), PUBLIC),
        ("past", members_url("past", board), PUBLIC),
        ("register", members_url("register", board), PUBLIC),
        ("membership_create", members_url("membership_create", board), MANAGE),
        ("membership_edit", members_url("membership_edit", board, membership=derek.pk), MANAGE),
        ("membership_end", members_url("membership_end", board, membership=derek.pk), MANAGE),
        (
            "membership_replace",
            members_url("membership_replace", board, membership=derek.pk),
            MANAGE,
        ),
        ("post_create", members_url("post_create", board), MANAGE),
        ("post_edit", members_url("post_edit", board, post=derek.post_id), MANAGE),
        ("post_delete", members_url("post_delete", board, post=derek.post_id), MANAGE),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(client_for, board, derek, role):
    client = client_for(role)
    problems = []
    for name, url, expected in view_urls(board, derek):
        response = client.get(url)
        if response.status_code != expected[role]:
            problems.append(f"{name}: {response.status_code}, expected {expected[role]}")
        if expected[role] == 302 and "/account/sign-in/" not in response.get("Location", ""):
            problems.append(f"{name}: redirected to {response.get('Location')}, not sign-in")
    assert not problems, problems


@pytest.mark.parametrize("role", ROLES)
def test_posts_are_refused_to_those_who_may_not_write(client_for, board, derek, role):
    """A POST needs the same right as the page: nothing changes for the others."""
    client = client_for(role)
    expected = MANAGE[role]
    response = client.post(
        members_url("membership_end", board, membership=derek.pk),
        {**date_fields("end_date", D(2020, 12, 31))},
    )
    derek.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302 and derek.end_date == D(2020, 12, 31)
    else:
        assert response.status_code == expected and derek.end_date is None
    response = client.post(people_url("person_create"), {"name": f"Made by {role}"})
    assert Person.objects.filter(name=f"Made by {role}").exists() == (expected == 200)


def test_own_register_pages_for_the_linked_board_member(client_for, stockton, board, derek):
    board_user = user_for("board")
    people.person_update(person=derek.person, by=None, name="Derek Hobbs", user=board_user)
    interest = people.interest_add(person=derek.person, by=None, category="gifts", description="X")
    for role in ROLES:
        expected = {**MANAGE, "board": 200}[role]
        client = client_for(role)
        for url in (
            people_url("interest_create", person=derek.person_id),
            people_url("interest_end", person=derek.person_id, interest=interest.pk),
        ):
            assert client.get(url).status_code == expected, (role, url)
