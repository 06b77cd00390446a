"""Groups and meetings: the list, a group's members and the actions it leads, and editing."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from partnership.governance.models import Group

STOCKTON = "stockton-on-tees"
STOCKTON_FILE = Path(settings.DATA_DIR) / "demo" / "stockton-cypp-2015-2018.yaml"
LIST = reverse("governance:group_list", kwargs={"partnership": STOCKTON})
CREATE = reverse("governance:group_create", kwargs={"partnership": STOCKTON})


def source() -> dict:
    return yaml.safe_load(STOCKTON_FILE.read_text(encoding="utf-8"))


def led_by(name: str) -> list[str]:
    """From the demo file: the texts of the actions ``name`` leads, in plan order."""
    return [
        " ".join(action["text"].split())
        for priority in source()["plan"]["priorities"]
        for action in priority.get("actions", [])
        if name in action.get("lead_groups", [])
    ]


def group_url(name: str, group: Group) -> str:
    return reverse(f"governance:{name}", kwargs={"partnership": STOCKTON, "group": group.pk})


def group(name: str) -> Group:
    return Group.objects.get(partnership__slug=STOCKTON, name=name)


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def table_rows(html: str) -> list[list[str]]:
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', html, re.S)[1]
    return [
        [
            htmllib.unescape(re.sub(r"<[^>]+>", "", c).strip())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return [htmllib.unescape(m.strip()) for m in re.findall(r"<a [^>]*>(.*?)</a>", match[1], re.S)]


# The list --------------------------------------------------------------------------------------


def test_group_list_shows_every_group_with_members_and_actions(client_for):
    html = client_for("anonymous").get(LIST).content.decode()
    groups = source()["partnership"]["groups"]
    rows = table_rows(html)
    assert f"{len(groups)} groups" in html
    assert [r[0] for r in rows] == sorted(g["name"] for g in groups)
    by_name = {r[0]: r for r in rows}
    for item in groups:
        row = by_name[item["name"]]
        assert row[2] == str(len(item.get("members", []))), item["name"]
        assert row[3] == str(len(led_by(item["name"]))), item["name"]
    assert by_name["Early Help Implementation Team"][1] == "Team or service"
    assert by_name["CYP Mental Health & Wellbeing Task & Finish Group"][1] == (
        "Task and finish group"
    )


@pytest.mark.parametrize(
    ("role", "can_manage"),
    [
        ("anonymous", False),
        ("board", False),
        ("contributor", False),
        ("governance", True),
        ("officer", True),
    ],
)
def test_only_group_managers_see_the_add_button(client_for, role, can_manage):
    assert ("Add a group" in client_for(role).get(LIST).content.decode()) is can_manage


# A group ---------------------------------------------------------------------------------------


def test_group_detail_lists_its_members_in_order(client_for):
    partnership_group = group("Children and Young People's Partnership")
    html = text(client_for("anonymous").get(group_url("group_detail", partnership_group)))
    members = source()["partnership"]["groups"][0]["members"]
    rows = table_rows(html)
    assert [r[0] for r in rows] == [m["post"] for m in members]
    assert rows[0] == [
        "Corporate Director of Children, Education and Social Care",
        "Stockton-on-Tees Borough Council",
        "Jane Humphreys",
    ]
    # A seat with no member and no holder in the plan file is vacant.
    assert rows[1] == ["Director of Public Health", "Not recorded", "Vacant"]
    assert "It reports directly to the Health and Wellbeing Board" in html  # its description


def test_a_group_that_leads_nothing_is_shown_leading_nothing(client_for):
    partnership_group = group("Children and Young People's Partnership")
    assert led_by(partnership_group.name) == []
    html = text(client_for("anonymous").get(group_url("group_detail", partnership_group)))
    assert "This group leads no key action in the current plan." in html
    assert "Participate in the LGA Tees Early Help Peer Review." not in html


def test_group_detail_lists_the_actions_it_leads(client_for):
    team = group("Early Help Implementation Team")
    html = text(client_for("anonymous").get(group_url("group_detail", team)))
    assert "No posts have been recorded." in html
    expected = led_by("Early Help Implementation Team")
    assert len(expected) == 3
    for action in expected:
        assert action in html
    # Nothing it does not lead.
    assert "Participate in the LGA Tees Early Help Peer Review." not in html


def test_group_of_another_partnership_is_not_found(client_for):
    kent_group = Group.objects.filter(partnership__slug="kent").first()
    assert client_for("officer").get(group_url("group_detail", kent_group)).status_code == 404


# Creating and editing --------------------------------------------------------------------------


def test_governance_officer_adds_a_group(client_for):
    governance = client_for("governance")
    response = governance.post(
        CREATE,
        {"name": "  Youth Voice Forum  ", "classification": "forum", "description": "Young people"},
    )
    assert response.status_code == 302
    new = group("Youth Voice Forum")  # surrounding spaces are trimmed
    assert response["Location"] == group_url("group_detail", new)
    page = text(governance.get(response["Location"]))
    assert "Group added" in page
    assert '<span class="govuk-caption-l">Forum</span>' in page
    history = text(governance.get(group_url("group_history", new)))
    assert "Created – Group: Youth Voice Forum" in history
    assert "by Governance officer" in history


BAD = [
    ("duplicate-name", {"name": "SLSCB"}, "The partnership already has a group with this name"),
    (
        "duplicate-name-with-spaces",
        {"name": " SLSCB "},
        "The partnership already has a group with this name",
    ),
    ("no-name", {"name": ""}, "Enter the group's name"),
    ("no-kind", {"classification": ""}, "Choose what kind of group it is"),
    ("unknown-kind", {"classification": "club"}, "Select a valid choice"),
    ("long-name", {"name": "x" * 201}, "Name must be 200 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_adding_a_group_refused(client_for, overrides, message):
    before = (Group.objects.count(), Group.history.count())
    data = {"name": "New group", "classification": "team", "description": "", **overrides}
    response = client_for("governance").post(CREATE, data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert any(message in e for e in summary_errors(response)), summary_errors(response)
    assert (Group.objects.count(), Group.history.count()) == before


def test_the_same_name_is_fine_in_another_partnership(client_for):
    kent_name = Group.objects.filter(partnership__slug="kent").first().name
    response = client_for("governance").post(
        CREATE, {"name": kent_name, "classification": "board", "description": ""}
    )
    assert response.status_code == 302
    assert Group.objects.filter(name=kent_name).count() == 2


def test_edit_a_group_and_see_its_history(client_for):
    governance = client_for("governance")
    team = group("Public Health Team")
    edit = group_url("group_edit", team)
    assert 'value="Public Health Team"' in governance.get(edit).content.decode()
    response = governance.post(
        edit, {"name": "Public Health", "classification": "team", "description": "Council team"}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Public Health"
    history = text(governance.get(group_url("group_history", team)))
    assert "Changed – Group: Public Health" in history
    assert "by Governance officer" in history
    assert re.search(
        r"<th[^>]*>Name</th>\s*<td[^>]*>Public Health Team</td>\s*<td[^>]*>Public Health</td>",
        history,
    )
    # The key actions it leads follow the rename.
    action = text(governance.get(reverse("plans:action_list", kwargs={"partnership": STOCKTON})))
    assert "Public Health Team" not in action
    assert "Public Health" in action


def test_renaming_a_group_to_another_groups_name_is_refused(client_for):
    team = group("Public Health Team")
    before = Group.history.count()
    response = client_for("governance").post(
        group_url("group_edit", team), {"name": "SLSCB", "classification": "team"}
    )
    assert response.status_code == 400
    assert "The partnership already has a group with this name" in text(response)
    assert Group.history.count() == before
    assert group("Public Health Team").pk == team.pk


def test_keeping_a_groups_own_name_is_fine(client_for):
    team = group("Public Health Team")
    response = client_for("governance").post(
        group_url("group_edit", team),
        {"name": "Public Health Team", "classification": "other", "description": ""},
    )
    assert response.status_code == 302
    assert group("Public Health Team").classification == "other"
