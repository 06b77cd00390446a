"""How groups relate: scope and focus, relationships (services and pages), the Governance
structure page with its diagram and list, the plan file's groups, and the demo's structure."""

from __future__ import annotations

import html as htmllib
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from partnership.areas.models import Area, AreaLevel
from partnership.governance import services
from partnership.governance.diagram import diagram_dot, governance_diagram, render_svg
from partnership.governance.models import Group, GroupRelationship
from partnership.plans.planfile.load import PlanFileError, plan_file_import
from partnership.web.demo import demo_load
from partnership.web.models import Partnership

STOCKTON = "stockton-on-tees"
KENT = "kent"
GOLDEN = Path(__file__).parent / "golden"
STRUCTURE = reverse("governance:structure", kwargs={"partnership": STOCKTON})
HWB = "Health and Wellbeing Board"
CYPP = "Children and Young People's Partnership"


def group(name: str, partnership: str = STOCKTON) -> Group:
    return Group.objects.get(partnership__slug=partnership, name=name)


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def words(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return [htmllib.unescape(m.strip()) for m in re.findall(r"<a [^>]*>(.*?)</a>", match[1], re.S)]


def url(name: str, g: Group, **extra: object) -> str:
    kwargs = {"partnership": g.partnership.slug, "group": g.pk, **extra}
    return reverse(f"governance:{name}", kwargs=kwargs)


def structure_sentences(html: str) -> list[str]:
    section = html.split("Relationships in words", 1)[1].split("Groups not related", 1)[0]
    return [words(li) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]


# Services ------------------------------------------------------------------------------------


def test_adding_a_relationship_records_who_in_the_history(demo):
    from partnership.web.models import User

    officer = User.objects.get(username="officer")
    added = services.relationship_add(
        from_group=group("SLSCB"), to_group=group(HWB), kind="representatives-attend", by=officer
    )
    assert added.sentence() == f"Representatives of SLSCB attend {HWB}"
    entry = GroupRelationship.history.get(id=added.pk)
    assert entry.history_type == "+"
    assert entry.history_user == officer
    pk = added.pk
    services.relationship_remove(relationship=added, by=officer)
    assert GroupRelationship.history.filter(id=pk).latest().history_type == "-"


def test_a_relationship_with_another_partnerships_group_is_refused(demo):
    with pytest.raises(ValidationError) as raised:
        services.relationship_add(
            from_group=group(CYPP),
            to_group=group("0-25 Health and Wellbeing Board", KENT),
            kind="reports-to",
            by=None,
        )
    assert raised.value.message_dict == {
        "to_group": ["Both groups must be in the same partnership"]
    }


@pytest.mark.parametrize(
    ("to", "kind", "field", "message"),
    [
        (CYPP, "reports-to", "to_group", "A group cannot be related to itself"),
        (HWB, "reports-to", "to_group", f"This is already recorded: {CYPP} reports to {HWB}"),
        (HWB, "bosses", "kind", "Choose how the groups are related"),
    ],
    ids=["itself", "duplicate", "unknown-kind"],
)
def test_relationship_add_refused(demo, to, kind, field, message):
    before = GroupRelationship.history.count()
    with pytest.raises(ValidationError) as raised:
        services.relationship_add(from_group=group(CYPP), to_group=group(to), kind=kind, by=None)
    assert raised.value.message_dict == {field: [message]}
    assert GroupRelationship.history.count() == before


def test_the_database_refuses_a_self_relationship_too(demo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GroupRelationship.objects.create(
            from_group=group(CYPP), to_group=group(CYPP), kind="reports-to"
        )


def test_an_area_belongs_to_a_local_group_only(demo):
    kent = Partnership.objects.get(slug=KENT)
    county = Area.objects.get(code="E10000016")
    with pytest.raises(ValidationError) as raised:
        services.group_create(
            partnership=kent,
            by=None,
            name="Countywide forum",
            classification="forum",
            scope="countywide",
            area=county,
        )
    assert "Only a local group covers an area" in raised.value.message_dict["area"][0]


# Pages ---------------------------------------------------------------------------------------


def test_officer_adds_and_removes_a_relationship_from_the_group_page(client_for):
    officer = client_for("officer")
    slscb = group("SLSCB")
    page = text(officer.get(url("group_detail", slscb)))
    assert "Add a relationship" in page
    assert f"{CYPP} shares information with SLSCB" in words(page)
    create = url("relationship_create", slscb)
    response = officer.post(
        create, {"kind": "representatives-attend", "to_group": group(HWB).pk, "note": "Chair"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("group_detail", slscb)
    page = text(officer.get(response["Location"]))
    assert "Relationship added" in page
    assert f"Representatives of SLSCB attend {HWB} (Chair)" in words(page)
    added = GroupRelationship.objects.get(from_group=slscb)
    delete = url("relationship_delete", slscb, relationship=added.pk)
    assert f"Representatives of SLSCB attend {HWB}" in text(officer.get(delete))
    assert officer.post(delete).status_code == 302
    assert not GroupRelationship.objects.filter(pk=added.pk).exists()
    history = words(text(officer.get(url("group_history", slscb))))
    assert "Group relationship" in history
    assert "Deleted" in history


@pytest.mark.parametrize(
    ("role", "can_manage"),
    [("officer", True), ("governance", True), ("contributor", False), ("board", False)],
)
def test_only_group_managers_see_the_add_relationship_link(client_for, role, can_manage):
    page = text(client_for(role).get(url("group_detail", group(CYPP))))
    assert ("Add a relationship" in page) is can_manage
    assert ("Remove<span" in page) is can_manage
    assert "Governance structure of the partnership" in page


BAD = [
    ("no-kind", {"kind": ""}, "Choose how the groups are related"),
    ("no-group", {"to_group": ""}, "Choose the other group"),
    ("itself", {"to_group": "SELF"}, "Choose a group from the list"),
    ("kent-group", {"to_group": "KENT"}, "Choose a group from the list"),
    ("duplicate", {}, f"This is already recorded: {CYPP} reports to {HWB}"),
    ("long-note", {"note": "x" * 501}, "Note must be 500 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_adding_a_relationship_refused_with_the_error_summary(client_for, overrides, message):
    cypp = group(CYPP)
    special = {"SELF": cypp.pk, "KENT": group("0-25 Health and Wellbeing Board", KENT).pk}
    data = {"kind": "reports-to", "to_group": group(HWB).pk, "note": "", **overrides}
    data = {k: special.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
    before = (GroupRelationship.objects.count(), GroupRelationship.history.count())
    response = client_for("governance").post(url("relationship_create", cypp), data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert any(message in e for e in summary_errors(response)), summary_errors(response)
    assert (GroupRelationship.objects.count(), GroupRelationship.history.count()) == before


def test_the_relationship_form_does_not_offer_the_group_itself(client_for):
    cypp = group(CYPP)
    page = client_for("officer").get(url("relationship_create", cypp)).content.decode()
    assert f'<option value="{cypp.pk}"' not in page
    assert f'<option value="{group(HWB).pk}"' in page


def test_group_edit_records_scope_area_focus_and_terms(client_for, kent_officer):
    kent = Partnership.objects.get(slug=KENT)
    district = Area.objects.create(
        code="E07000105", name="Ashford", level=AreaLevel.DISTRICT, parent=kent.area
    )
    maidstone = group("Maidstone Local Children's Partnership Group", KENT)
    data = {
        "name": maidstone.name,
        "classification": "local-partnership-group",
        "description": "",
        "scope": "local",
        "area": district.pk,
        "focus": "children",
        "terms_of_reference": "To improve outcomes.",
    }
    response = kent_officer.post(url("group_edit", maidstone), data)
    assert response.status_code == 302, summary_errors(response)
    maidstone.refresh_from_db()
    assert (maidstone.scope, maidstone.area, maidstone.focus) == ("local", district, "children")
    page = words(text(kent_officer.get(url("group_detail", maidstone))))
    assert "Covers Local (part of the area, such as a district): Ashford" in page
    assert "For Children and young people" in page
    assert "Terms of reference To improve outcomes." in page
    # An area for a countywide group is refused, on the area field.
    response = kent_officer.post(url("group_edit", maidstone), {**data, "scope": "countywide"})
    assert response.status_code == 400
    assert any("Only a local group covers an area" in e for e in summary_errors(response))


@pytest.fixture
def kent_officer(demo):
    from django.test import Client

    from partnership.web.models import Role, User, UserRole

    user = User.objects.create_user("kent-officer", password="x")
    UserRole.objects.create(
        user=user, partnership=Partnership.objects.get(slug=KENT), role=Role.OFFICER
    )
    client = Client()
    client.force_login(user)
    return client


# The Governance structure page ---------------------------------------------------------------


def test_structure_page_lists_every_relationship_in_words(client_for):
    html = client_for("anonymous").get(STRUCTURE).content.decode()
    # Grouped by the group they start from, in name order, then by kind.
    assert structure_sentences(html) == [
        f"CYP Joint Commissioning Group shares information with {CYPP} "
        "(Works with and informs the Partnership)",
        f"{CYPP} shares information with SLSCB "
        "(Maintains strong communication links with the Board)",
        f"{CYPP} reports to {HWB}",
    ]
    assert "Groups not related to any other" in html


def test_structure_page_draws_the_diagram_above_the_list(client_for):
    caches["charts"].clear()
    html = client_for("anonymous").get(STRUCTURE).content.decode()
    svg = re.search(r"<svg\b[^>]*>", html)[0]
    assert 'role="img"' in svg
    assert 'aria-labelledby="governance-diagram-title governance-diagram-desc"' in svg
    assert " width=" not in svg and " height=" not in svg
    assert "viewBox=" in svg
    assert html.index("<svg") < html.index("Relationships in words")
    assert '<title id="governance-diagram-title">Governance structure of' in html
    # Names stay text, so they can be found, zoomed and read.
    assert ">SLSCB</text>" in html
    assert "could not be drawn" not in html


def test_without_graphviz_the_page_says_so_and_keeps_the_list(client_for, tmp_path):
    caches["charts"].clear()
    with override_settings(GRAPHVIZ_EXECUTABLE=str(tmp_path / "missing" / "graphviz-pure")):
        html = client_for("anonymous").get(STRUCTURE).content.decode()
    assert "<svg" not in html.split("<main", 1)[1]
    assert "The diagram could not be drawn just now. Every relationship is listed below." in html
    assert f"{CYPP} reports to {HWB}" in structure_sentences(html)


def test_a_failing_graphviz_is_not_cached(tmp_path):
    broken = tmp_path / "graphviz-pure"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    with override_settings(GRAPHVIZ_EXECUTABLE=str(broken)):
        assert render_svg("digraph { a -> b }", title="t", description="d") is None


def test_the_diagram_is_cached_by_its_dot(demo, monkeypatch):
    from partnership.governance import diagram

    caches["charts"].clear()
    kent = Partnership.objects.get(slug=KENT)
    groups = list(Group.objects.for_partnership(kent))
    rels = list(GroupRelationship.objects.for_partnership(kent))
    first = governance_diagram(groups, rels, title="Kent")
    assert first.drawn
    monkeypatch.setattr(diagram, "render_svg", lambda *a, **k: pytest.fail("drawn again"))
    assert governance_diagram(groups, rels, title="Kent") == first


# The diagram's bytes -------------------------------------------------------------------------


def _fixture_structure():
    """A structure like Stockton's, made of plain objects so the golden file needs no database."""
    names = [HWB, CYPP, "Local Safeguarding Children Board", 'Joint "Commissioning" Group']
    g = [SimpleNamespace(pk=i, name=n) for i, n in enumerate(names, start=10)]

    def rel(a, b, kind):
        return SimpleNamespace(
            from_group=a, to_group=b, from_group_id=a.pk, to_group_id=b.pk, kind=kind
        )

    rels = [
        rel(g[1], g[0], "reports-to"),
        rel(g[1], g[2], "information-sharing"),
        rel(g[3], g[1], "information-sharing"),
        rel(g[2], g[0], "representatives-attend"),
    ]
    return g, rels


def test_dot_is_in_name_order_and_quotes_names():
    groups, rels = _fixture_structure()
    dot = diagram_dot(groups, rels)
    assert dot == diagram_dot(list(reversed(groups)), list(reversed(rels)))
    assert 'label="Joint \\"Commissioning\\" Group"' in dot
    assert "style=solid" in dot and "style=dashed" in dot and "style=dotted" in dot
    assert 'label="Key"' in dot
    assert "Arial" in dot


def test_golden_diagram():
    groups, rels = _fixture_structure()
    svg = render_svg(diagram_dot(groups, rels), title="Governance", description="Four groups")
    assert svg is not None
    assert svg == render_svg(
        diagram_dot(groups, rels), title="Governance", description="Four groups"
    )
    path = GOLDEN / "structure.svg"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    assert svg == path.read_text(encoding="utf-8")


# Plan files ----------------------------------------------------------------------------------

PLAN = """\
format: 1
partnership:
  slug: {slug}
  name: Test Partnership
  groups:
  - name: Board
    classification: board
    scope: countywide
    focus: whole-population
    terms_of_reference: To set the direction.
  - name: Local group
    classification: local-partnership-group
{local}
plan:
  slug: plan
  title: Plan
  status: draft
  priority_term: priority
  priorities:
  - title: Start well
"""


def test_plan_file_carries_scope_focus_terms_and_relationships(db):
    from partnership.plans.planfile.dump import plan_file_text

    local = (
        "    scope: local\n    focus: children\n    relationships:\n"
        "    - to: Board\n      kind: reports-to\n      note: Quarterly\n"
    )
    plan_file_import(raw=PLAN.format(slug="files", local=local), by=None)
    board, lg = group("Board", "files"), group("Local group", "files")
    assert (board.scope, board.focus, board.terms_of_reference) == (
        "countywide",
        "whole-population",
        "To set the direction.",
    )
    rel = GroupRelationship.objects.get(from_group=lg)
    assert (rel.to_group, rel.kind, rel.note) == (board, "reports-to", "Quarterly")
    from partnership.plans.models import Plan

    exported = yaml.safe_load(plan_file_text(Plan.objects.get(partnership__slug="files")))
    assert exported["partnership"]["groups"][1]["relationships"] == [
        {"to": "Board", "kind": "reports-to", "note": "Quarterly"}
    ]
    # Dropping the relationship from the file removes it; importing again changes nothing.
    summary = plan_file_import(
        raw=PLAN.format(slug="files", local="    scope: local\n    relationships: []\n"),
        by=None,
    )
    assert "Deleted: Local group reports to Board" in summary.changes
    assert not GroupRelationship.objects.filter(from_group=lg).exists()


@pytest.mark.parametrize(
    ("local", "message"),
    [
        ("    relationships:\n    - to: Nobody\n      kind: reports-to\n", "“Nobody” is not one"),
        ("    relationships:\n    - to: Local group\n      kind: reports-to\n", "itself"),
        (
            "    relationships:\n    - to: Board\n      kind: reports-to\n"
            "    - to: Board\n      kind: reports-to\n",
            "The relationship with “Board” is listed twice.",
        ),
        ("    area: E10000016\n", "Only a local group covers an area"),
        ("    scope: local\n    area: E07999999\n", "No area has the code E07999999"),
        ("    relationships:\n    - to: Board\n      kind: bosses\n", "kind"),
    ],
    ids=["unknown-group", "itself", "twice", "area-not-local", "unknown-area", "unknown-kind"],
)
def test_bad_group_entries_in_a_plan_file_are_refused(db, local, message):
    with pytest.raises(PlanFileError) as raised:
        plan_file_import(raw=PLAN.format(slug="bad-file", local=local), by=None)
    assert any(message in str(p) for p in raised.value.problems), raised.value.problems
    assert not Partnership.objects.filter(slug="bad-file").exists()


# The demo ------------------------------------------------------------------------------------


def test_stocktons_structure_is_the_plans_making_it_happen(demo):
    rels = {
        (r.from_group.name, r.kind, r.to_group.name)
        for r in GroupRelationship.objects.for_partnership(Partnership.objects.get(slug=STOCKTON))
    }
    assert rels == {
        (CYPP, "reports-to", HWB),
        (CYPP, "information-sharing", "SLSCB"),
        ("CYP Joint Commissioning Group", "information-sharing", CYPP),
    }
    assert group(HWB).focus == "whole-population"
    assert group(CYPP).focus == "children"


def test_kents_local_groups_report_to_the_0_25_board_and_cover_their_districts(demo):
    kent = Partnership.objects.get(slug=KENT)
    local = Group.objects.filter(partnership=kent, classification="local-partnership-group")
    assert local.count() == 4
    board = group("0-25 Health and Wellbeing Board", KENT)
    for lcpg in local:
        assert lcpg.scope == "local" and lcpg.focus == "children"
        assert GroupRelationship.objects.filter(
            from_group=lcpg, to_group=board, kind="reports-to"
        ).exists()
        # The test suite's areas have no districts, so the demo leaves the area out...
        assert lcpg.area is None
    # ... and with the districts loaded (as the open-data pack does) the demo sets them.
    for code, name in [
        ("E07000110", "Maidstone"),
        ("E07000111", "Sevenoaks"),
        ("E07000115", "Tonbridge and Malling"),
        ("E07000116", "Tunbridge Wells"),
    ]:
        Area.objects.create(code=code, name=name, level=AreaLevel.DISTRICT, parent=kent.area)
    demo_load()
    maidstone = group("Maidstone Local Children's Partnership Group", KENT)
    assert maidstone.area.code == "E07000110"
