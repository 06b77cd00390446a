"""The governance demo from the seeds (``data/demo/*-governance.yaml``): checked against the seed
documents themselves, loaded once and only once, and a broken file refused with its line and
field, leaving nothing behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from partnership.governance import visibility
from partnership.governance.demo import (
    GovernanceDemoError,
    governance_demo_files,
    governance_demo_import,
    governance_demo_load,
    governance_demo_summary,
)
from partnership.governance.models import (
    AgendaItem,
    Attendance,
    Declaration,
    ForwardPlanItem,
    Group,
    ItemMinute,
    Meeting,
    Membership,
    Minutes,
    MinutesVersion,
    OneMinuteGuide,
    Person,
)
from partnership.web.demo import DEMO_ACCOUNTS, demo_plan_files
from partnership.web.models import Partnership, User, UserRole

from ..conftest import SHARED

SEEDS = SHARED / "seeds"
DEMO_DIR = Path(settings.DATA_DIR) / "demo"
NOTTINGHAM_FILE = DEMO_DIR / "nottingham-governance.yaml"
NEWCASTLE_FILE = DEMO_DIR / "newcastle-governance.yaml"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not here")


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def flat(text: str) -> str:
    """Text with every run of spaces and line breaks made one space, to compare with a seed."""
    return " ".join(text.split())


def nottingham_meeting(start_day: str) -> Meeting:
    return Meeting.objects.get(
        group__partnership__slug="nottingham",
        group__name="Children's Partnership Board",
        start__date=start_day,
    )


def newcastle_meeting() -> Meeting:
    return Meeting.objects.get(group__partnership__slug="newcastle-upon-tyne")


def seed_003_titles() -> dict[int, str]:
    """Item number -> title, as the Nottingham seed prints them ("14.\\n\\nMinutes pdf icon PDF
    318 KB"), without ModernGov's file-size label."""
    found = re.findall(r"^(\d{2})\.\n\n(.+)$", seed_text("003"), flags=re.MULTILINE)
    return {int(n): re.sub(r"\s+pdf icon PDF .*$", "", title) for n, title in found}


def seed_003_section(number: int) -> str:
    text = seed_text("003")
    start = text.index(f"\n{number}.\n")
    end = text.find(f"\n{number + 1}.\n", start)
    return text[start : end if end != -1 else None]


def every_count() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"web", "areas", "governance"}
    }


def demo_users() -> dict[str, User]:
    return {a.username: User.objects.get(username=a.username) for a in DEMO_ACCOUNTS}


# What the demo holds ---------------------------------------------------------------------------


@needs_seeds
def test_nottingham_items_12_to_22_have_the_seeds_titles_in_order(demo):
    meeting = nottingham_meeting("2021-01-05")
    items = list(meeting.items.order_by("order"))
    assert [i.number for i in items] == list(range(12, 23))
    assert [i.order for i in items] == list(range(1, 12))
    titles = seed_003_titles()
    assert sorted(titles) == list(range(12, 23))
    assert [i.title for i in items] == [titles[n] for n in range(12, 23)]
    assert meeting.first_item_number == 12
    assert meeting.status == "held"
    assert meeting.contact == "Catherine Ziane-Pryor, Governance Officer"
    assert f"{meeting.start:%H:%M}" == "16:00"
    assert meeting.municipal_year == "2020/21"


def test_nottingham_items_kinds_descriptions_and_presenters(demo):
    items = {i.number: i for i in nottingham_meeting("2021-01-05").items.all()}
    assert {n: i.standing for n, i in items.items() if i.standing} == {
        12: "apologies",
        13: "declarations",
        14: "previous-minutes",
        15: "membership",
        22: "forward-plan",
    }
    assert all(items[n].kind == "standing" for n in (12, 13, 14, 15, 22))
    assert items[16].kind == "report" and items[17].kind == "report"
    assert items[18].kind == "presentation" and items[19].kind == "presentation"
    # The agenda's text and the minutes' text of item 14 differ in the seed; both are kept.
    assert items[14].description == "Of the meeting held on 23 September 2020 (for confirmation)"
    assert "meeting held on 29 September 2020 were confirmed" in items[14].minute.narrative
    # "Presented by ..." is the presenter, which the agenda prints with those words.
    assert items[16].description == ""
    assert items[16].presenter == "Sophie Russell, Head of Children’s Strategy and Improvement"
    # The seed's bullets are the product's "- " list lines.
    assert items[18].description.splitlines() == [
        "to include:",
        "- Update on Children’s Improvement Programme",
        "- Update on Priority Families",
        "- Update on Young Carers",
    ]
    assert items[19].presenter == "Superintendent Matt Healey, Nottinghamshire Police"
    assert not any(i.exempt for i in items.values())


def test_the_apologies_and_no_declarations(demo):
    meeting = nottingham_meeting("2021-01-05")
    rows = {(a.person.name, a.status, a.note) for a in Attendance.objects.filter(meeting=meeting)}
    assert rows == {("Helen Blackman", "apologies", "leave"), ("Cheryl Steel", "apologies", "")}
    # Each is attached to their seat on the board.
    assert all(a.membership is not None for a in meeting.attendance.all())
    assert not Declaration.objects.filter(item__meeting=meeting).exists()
    assert nottingham_meeting("2021-01-05").items.get(number=13).minute.narrative == "None."


def test_the_two_replacements_are_linked_by_replaced_by(demo):
    board = Group.objects.get(partnership__slug="nottingham", name="Children's Partnership Board")
    hobbs = Membership.objects.get(group=board, person__name="Derek Hobbs")
    strong = Membership.objects.get(group=board, person__name="Michelle Strong")
    assert hobbs.replaced_by == strong
    assert hobbs.post.title == strong.post.title == "Secondary Head Teacher representative"
    assert str(hobbs.end_date) == "2021-01-04" and str(strong.start_date) == "2021-01-05"
    assert strong.on_behalf_of == "Bulwell Academy"
    assert strong.end_date is None
    wallbanks = Membership.objects.get(group=board, person__name="Chris Wallbanks")
    banfield = Membership.objects.get(group=board, person__name="Karla Banfield")
    assert wallbanks.replaced_by == banfield
    assert banfield.post.title == "Commissioning and Procurement representative"
    assert banfield.on_behalf_of == (
        "Nottingham City Council’s Commissioning and Procurement Section"
    )
    on_5_january = {m.person.name for m in board.memberships.current(on=strong.start_date)}
    assert {"Michelle Strong", "Karla Banfield"} <= on_5_january
    assert not {"Derek Hobbs", "Chris Wallbanks"} & on_5_january
    assert {m.person.name for m in board.memberships.past(on=strong.start_date)} == {
        "Derek Hobbs",
        "Chris Wallbanks",
    }


def test_people_as_the_minutes_name_them(demo):
    people = {p.name: p for p in Person.objects.filter(partnership__slug="nottingham")}
    assert people["David Mellen"].display_name == "Councillor David Mellen"
    assert people["Matt Healey"].display_name == "Superintendent Matt Healey"
    assert people["Catherine Ziane-Pryor"].role_title == "Governance Officer"
    mellen = Membership.objects.get(person=people["David Mellen"])
    assert mellen.post.title == "Portfolio Holder for Regeneration, Schools and Communications"
    ward = Membership.objects.get(person=people["Maria Ward"])
    assert ward.on_behalf_of == "Maintained Primary School Governors"
    # Seats the seed does not name are left empty rather than made up.
    assert Membership.objects.get(person=people["Helen Blackman"]).post is None
    assert Membership.objects.get(person=people["Cheryl Steel"]).post is None
    assert not any(p.email for p in people.values())


def test_only_the_demo_person_is_linked_to_an_account(demo):
    linked = Person.objects.filter(user__isnull=False)
    assert [(p.name, p.user.username, p.partnership.slug) for p in linked] == [
        ("Demo board member", "board", "nottingham")
    ]


@needs_seeds
def test_item_16_has_points_a_to_g_with_the_seeds_first_words(demo):
    minute = nottingham_meeting("2021-01-05").items.get(number=16).minute
    seed_points = re.findall(r"^([a-z])\)\s+(.+)$", seed_003_section(16), flags=re.MULTILINE)
    assert [letter for letter, _ in seed_points] == list("abcdefg")
    assert len(minute.points) == 7
    for point, (_, seed) in zip(minute.points, seed_points, strict=True):
        assert point.split()[:6] == seed.split()[:6]
    # The seed stops part-way through g); the point ends there, marked, with nothing added.
    assert minute.points[-1].endswith("with additional complexities …")
    assert minute.narrative.split("\n\n")[0].startswith("Sophie Russell, Head of Children’s")


@needs_seeds
def test_every_minute_is_the_seeds_own_text(demo):
    seed = flat(seed_text("003"))
    minutes = ItemMinute.objects.filter(item__meeting=nottingham_meeting("2021-01-05"))
    # Item 12's minute is the apologies, which the attendance records (and the minutes show).
    assert minutes.count() == 10
    assert not minutes.filter(item__number=12).exists()
    for minute in minutes:
        for part in [*minute.narrative.split("\n\n"), *minute.points, *minute.resolutions]:
            text = flat(part).removesuffix(" …")
            assert text in seed, f"item {minute.item.number}: {text[:60]}"


def test_sub_lists_stay_inside_their_point(demo):
    points = nottingham_meeting("2021-01-05").items.get(number=18).minute.points
    assert len(points) == 9
    assert points[7].splitlines()[1:] == [
        "i.  children will benefit from consistently good social work practice;",
        "ii.  services will be enabled and supported to make a difference for children;",
        "iii.  children will benefit from a partnership that works together to improve "
        "outcomes for children;",
    ]


def test_resolutions_of_items_15_and_22(demo):
    items = {i.number: i for i in nottingham_meeting("2021-01-05").items.all()}
    (membership,) = items[15].minute.resolutions
    assert membership.startswith("Resolved to note that:")
    assert membership.endswith("Commissioning and Procurement Section.")
    assert items[22].minute.resolutions == [
        "Resolved to note the forward plan with the inclusion of potential future items on;"
    ]
    assert items[22].minute.points[0] == "Play and Youth Services engagement; and"


def test_the_29_september_minutes_were_approved_with_two_amendments(demo):
    september = nottingham_meeting("2020-09-29")
    january = nottingham_meeting("2021-01-05")
    minutes = september.minutes
    assert minutes.status == "approved"
    assert minutes.approved_at_meeting == january
    assert minutes.approved_at == january.start
    assert not september.items.exists()  # the seed has none of its items
    assert [a.description for a in minutes.amendments.order_by("id")] == [
        "Amending Councillor David Mellen’s Portfolio title to Portfolio Holder for "
        "Regeneration, Schools and Communications",
        "Noting that Maria Ward’s role is representative of ‘Maintained Primary School Governors’",
    ]
    assert {a.agreed_at_meeting for a in minutes.amendments.all()} == {january}
    assert {(a.version_before, a.version_after) for a in minutes.amendments.all()} == {(1, 2)}
    versions = list(MinutesVersion.objects.filter(minutes=minutes).order_by("number"))
    assert [(v.number, v.status) for v in versions] == [(1, "circulated"), (2, "approved")]
    assert minutes.version == 2


def test_the_5_january_minutes_are_published_for_everyone(demo):
    january = nottingham_meeting("2021-01-05")
    minutes = january.minutes
    assert minutes.status == "published"
    assert minutes.published_at is not None
    # The meeting that approved them is not in the seed.
    assert minutes.approved_at_meeting is None
    (version,) = minutes.versions.all()
    assert [entry["number"] for entry in version.content["items"]] == list(range(12, 23))
    public = AnonymousUser()
    assert visibility.minutes_visible(public, minutes)
    assert visibility.agenda_visible(public, january)
    assert visibility.items_visible(public, january).count() == 11


def test_the_forward_plan_from_items_16_and_22(demo):
    items = {
        f.title: f for f in ForwardPlanItem.objects.filter(group__partnership__slug="nottingham")
    }
    assert set(items) == {
        "Play and Youth Services engagement",
        "Small Steps Big Changes update",
        "Nottingham City Children and Young People's Plan 2021-2023 for adoption",
    }
    assert items["Play and Youth Services engagement"].status == "suggested"
    adoption = items["Nottingham City Children and Young People's Plan 2021-2023 for adoption"]
    assert adoption.status == "planned"
    assert str(adoption.target_month) == "2021-03-01"
    assert adoption.target_meeting is None


def test_the_partnerships_and_groups(demo):
    nottingham = Partnership.objects.get(slug="nottingham")
    newcastle = Partnership.objects.get(slug="newcastle-upon-tyne")
    assert (nottingham.name, nottingham.area.code) == ("Nottingham", "E06000018")
    assert (newcastle.name, newcastle.area.code) == ("Newcastle upon Tyne", "E08000021")
    board = Group.objects.get(partnership=nottingham)
    assert (board.name, board.classification, board.scope) == (
        "Children's Partnership Board",
        "board",
        "countywide",
    )
    cypsp = Group.objects.get(partnership=newcastle)
    assert (cypsp.name, cypsp.classification) == (
        "Children and Young People's Strategic Partnership",
        "partnership",
    )


@needs_seeds
def test_the_newcastle_guide_has_the_seeds_six_headings_and_text(demo):
    seed = seed_text("000")
    headings = re.findall(r"^#### \*\*(\d)\. (.+)\*\*$", seed, flags=re.MULTILINE)
    meeting = newcastle_meeting()
    guide = meeting.guide
    assert guide.status == "published"
    items = list(guide.items.order_by("order"))
    assert [(str(g.order), g.heading) for g in items] == headings
    assert [g.agenda_item.number for g in items] == [1, 2, 3, 4, 5, 6]
    assert [i.title for i in meeting.items.order_by("order")] == [h for _, h in headings]
    # The guide's text, with markup, links and the email addresses taken out, is the seed's.
    plain = flat(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", seed).replace("**", ""))
    plain = re.sub(r"<sup>(\w+)</sup>", r"\1", plain).replace(" .", ".")
    for item in items:
        for paragraph in item.text.split("\n\n"):
            assert flat(paragraph) in plain, paragraph[:60]
    assert guide.introduction == meeting.introduction
    assert meeting.introduction.startswith("This meeting was held at One Strawberry Lane")
    assert guide.closing.endswith("please email the partnership.")
    assert visibility.guide_visible(AnonymousUser(), guide)


def test_the_newcastle_meeting_and_its_minutes(demo):
    meeting = newcastle_meeting()
    assert meeting.venue == "One Strawberry Lane"
    assert meeting.status == "held"
    assert meeting.start.date().isoformat() == "2024-10-23"
    assert [i.number for i in meeting.items.order_by("order")] == [1, 2, 3, 4, 5, 6]
    assert meeting.minutes.status == "published"
    first = meeting.items.get(number=1).minute.narrative
    assert first.startswith("Colleagues from Action for Children")
    assert meeting.items.get(number=6).standing == "aob"


def test_no_email_address_from_the_seeds_is_in_the_demo(demo):
    addresses = set(EMAIL.findall(seed_text("000") + seed_text("003"))) if SEEDS.is_dir() else set()
    files = governance_demo_files()
    assert [f.name for f in files] == ["newcastle-governance.yaml", "nottingham-governance.yaml"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert EMAIL.findall(text) == []
        assert not [a for a in addresses if a.split("@")[0] in text]
    stored = [
        *OneMinuteGuide.objects.values_list("closing", flat=True),
        *ItemMinute.objects.values_list("narrative", flat=True),
        *Person.objects.values_list("email", flat=True),
        *Meeting.objects.values_list("contact", flat=True),
    ]
    stored += [t for (t,) in OneMinuteGuide.objects.values_list("items__text")]
    assert not [t for t in stored if t and "@" in t]


def test_the_governance_files_are_not_read_as_plan_files():
    assert not [p for p in demo_plan_files() if p.name.endswith("-governance.yaml")]


def test_the_demo_accounts_hold_their_roles_in_both_partnerships(demo):
    for slug in ("nottingham", "newcastle-upon-tyne"):
        roles = {(r.user.username, r.role) for r in UserRole.objects.filter(partnership__slug=slug)}
        assert roles == {
            ("officer", "officer"),
            ("governance", "governance"),
            ("contributor", "contributor"),
            ("board", "board"),
        }


# Loading again, and broken files ---------------------------------------------------------------


def test_loading_twice_changes_nothing(demo):
    users = demo_users()
    roles = {a.username: a.role for a in DEMO_ACCOUNTS}
    before = every_count()
    assert before["governance.Meeting"] >= 3
    results = governance_demo_load(users=users, roles=roles)
    assert every_count() == before
    assert [(r.partnership_slug, r.loaded) for r in results] == [
        ("newcastle-upon-tyne", False),
        ("nottingham", False),
    ]
    assert governance_demo_summary(results) == "Governance demo: already up to date."


def test_the_session_demo_reported_what_it_loaded(demo):
    results = {r.partnership_slug: r for r in demo.governance}
    nottingham = results["nottingham"]
    if not nottingham.loaded:
        pytest.skip("this database's demo was loaded by an earlier run")
    assert (nottingham.meetings, nottingham.items, nottingham.memberships) == (2, 11, 9)
    assert nottingham.people == 16
    assert "Nottingham loaded (2 meetings, 11 items, 16 people, 9 memberships)" in (
        governance_demo_summary(demo.governance)
    )


def test_a_file_partly_there_is_left_alone(demo, tmp_path):
    text = NOTTINGHAM_FILE.read_text(encoding="utf-8")
    extra = text.replace(
        "- start: 2020-09-29T16:00",
        "- start: 2020-07-14T16:00\n  status: held\n- start: 2020-09-29T16:00",
        1,
    )
    path = tmp_path / "more-governance.yaml"
    path.write_text(extra, encoding="utf-8")
    before = every_count()
    result = governance_demo_import(path=path, users=demo_users())
    assert not result.loaded
    assert result.left_alone == "2 of its 3 meetings are there already"
    assert every_count() == before


TESTSHIRE = """\
format: 1
partnership:
  slug: testshire
  name: Testshire
  area: E06000018
group:
  name: Testshire Board
  classification: board
people:
- name: Ann Example
memberships:
- person: Ann Example
  start: 2024-05-01
meetings:
- start: 2024-06-04T16:00
  status: held
  first_item_number: 1
  items:
  - number: 1
    title: Apologies
    kind: standing
    standing: apologies
  minutes:
    status: draft
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "testshire-governance.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_small_good_file_loads(demo, tmp_path):
    result = governance_demo_import(path=write(tmp_path, TESTSHIRE), users={})
    assert result.loaded
    meeting = Meeting.objects.get(group__partnership__slug="testshire")
    assert meeting.items.get().number == 1
    assert Minutes.objects.get(meeting=meeting).status == "draft"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  status: held\n",
            "  status: finished\n",
            "line 16 (meetings > 0 > status): “finished” is not allowed. Use one of: "
            "tentative, confirmed, held, cancelled.",
        ),
        (
            "  start: 2024-05-01",
            "  start: 2024-02-30",
            "line 13 (memberships > 0 > start): “2024-02-30” is not a real date.",
        ),
        (
            "- start: 2024-06-04T16:00",
            "- start: 4 June 2024",
            "line 15 (meetings > 0 > start): “4 June 2024” is not a date and time written "
            "YYYY-MM-DDTHH:MM, such as 2021-01-05T16:00.",
        ),
        (
            "- person: Ann Example",
            "- person: Anne Example",
            "line 12 (memberships > 0 > person): “Anne Example” is not under people in this "
            "file. Check the spelling, or add it there.",
        ),
        (
            "    title: Apologies\n",
            "    titel: Apologies\n",
            "line 20 (meetings > 0 > items > 0 > titel): “titel” is not a field here. Check its "
            "spelling; the fields allowed are description, kind, minute, number, presenter, "
            "purpose, standing, title.",
        ),
        (
            "  - number: 1\n",
            "  - number: 2\n",
            "line 19 (meetings > 0 > items > 0 > number): The first item is number 2, but "
            "first_item_number is 1.",
        ),
        (
            "group:\n  name: Testshire Board\n",
            "group:\n  nom: Testshire Board\n",
            "line 6 (group): Add “name”: it is required here.\n  line 7 (group > nom): “nom” is "
            "not a field here.",
        ),
        (
            "  - number: 1\n    title: Apologies\n",
            "  - number: 1\n    title: [Apologies\n",
            "line 21 (the file): This is not valid YAML:",
        ),
    ],
    ids=["status", "date", "datetime", "person", "field", "number", "required", "yaml"],
)
def test_a_broken_file_names_the_line_and_field_and_loads_nothing(
    demo, tmp_path, old, new, expected
):
    assert old in TESTSHIRE
    path = write(tmp_path, TESTSHIRE.replace(old, new, 1))
    before = every_count()
    with pytest.raises(GovernanceDemoError) as caught:
        governance_demo_import(path=path, users={})
    message = str(caught.value)
    # A misspelt field is also a missing one: both are said.
    count = "2 problems" if "titel" in new or "nom:" in new else "1 problem"
    assert message.startswith(f"testshire-governance.yaml has {count}; nothing was loaded.")
    assert expected in message
    assert every_count() == before
    assert not Partnership.objects.filter(slug="testshire").exists()


def test_a_record_the_models_refuse_half_way_takes_everything_back(demo, tmp_path):
    # The partnership, group, person and membership are written before the item, whose title
    # is longer than the model allows: all of them must go.
    text = TESTSHIRE.replace("    title: Apologies", "    title: " + "A" * 301)
    before = every_count()
    with pytest.raises(GovernanceDemoError) as caught:
        governance_demo_import(path=write(tmp_path, text), users={})
    assert "line 20 (meetings > 0 > items > 0 > title): Ensure this value has at most 300" in (
        str(caught.value)
    )
    assert every_count() == before
    assert not Partnership.objects.filter(slug="testshire").exists()


def test_an_unknown_area_or_account_is_refused(demo, tmp_path):
    with pytest.raises(GovernanceDemoError, match=r"There is no area with the code E06999999"):
        governance_demo_import(
            path=write(tmp_path, TESTSHIRE.replace("E06000018", "E06999999")), users={}
        )
    text = TESTSHIRE.replace("- name: Ann Example", "- name: Ann Example\n  account: nobody")
    with pytest.raises(GovernanceDemoError) as caught:
        governance_demo_import(path=write(tmp_path, text), users={"board": User()})
    assert "line 11 (people > 0 > account): There is no demo account “nobody”. Use one of: " in (
        str(caught.value)
    )
    assert not Partnership.objects.filter(slug="testshire").exists()


def test_every_problem_is_listed_in_file_order(demo, tmp_path):
    text = TESTSHIRE.replace("classification: board", "classification: council").replace(
        "  status: held", "  status: over"
    )
    with pytest.raises(GovernanceDemoError) as caught:
        governance_demo_import(path=write(tmp_path, text), users={})
    lines = str(caught.value).splitlines()
    assert lines[0] == "testshire-governance.yaml has 2 problems; nothing was loaded."
    assert lines[1].startswith("  line 8 (group > classification): “council” is not allowed.")
    assert lines[2].startswith("  line 16 (meetings > 0 > status): “over” is not allowed.")


def test_cross_references_are_checked(demo, tmp_path):
    text = TESTSHIRE.replace(
        "  minutes:\n    status: draft\n",
        "  attendance:\n  - person: Ann Example\n    status: substitute\n"
        "  minutes:\n    status: approved\n    approved_at_meeting: 2024-07-01\n",
    )
    with pytest.raises(GovernanceDemoError) as caught:
        governance_demo_import(path=write(tmp_path, text), users={})
    message = str(caught.value)
    assert "(meetings > 0 > attendance > 0 > substitute_for): Give substitute_for" in message
    assert (
        "(meetings > 0 > minutes > approved_at_meeting): No meeting in this file is on "
        "2024-07-01: give the date of one of them (2024-06-04)." in message
    )


def test_an_empty_file(demo, tmp_path):
    with pytest.raises(GovernanceDemoError, match="The file is empty."):
        governance_demo_import(path=write(tmp_path, "\n"), users={})
    assert AgendaItem.objects.filter(meeting__group__partnership__slug="testshire").count() == 0
