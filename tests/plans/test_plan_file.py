"""Plan files: the demo files round-trip exactly, every malformed file is refused with the line
and a plain-English reason and writes nothing, and the command line and the web import agree."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from partnership.areas.models import Area, AreaLevel
from partnership.governance.models import Group, GroupRelationship, Post
from partnership.indicators.models import Indicator
from partnership.plans.models import KeyAction, Plan, PlanSection, Priority, SuccessCriterion
from partnership.plans.planfile.dump import plan_file_data, plan_file_text
from partnership.plans.planfile.load import PlanFileError, plan_file_import
from partnership.plans.planfile.parse import parse_plan_file
from partnership.web.demo import demo_plan_source
from partnership.web.models import GlossaryTerm, Partnership

DEMO_DIR = Path(settings.DATA_DIR) / "demo"
STOCKTON_FILE = DEMO_DIR / "stockton-cypp-2015-2018.yaml"
KENT_FILE = DEMO_DIR / "kent-cypf.yaml"
DEMO_FILES = {
    "stockton": (STOCKTON_FILE, "stockton-on-tees", "cypp-2015-2018"),
    "kent": (KENT_FILE, "kent", "cypf"),
}

# A small, valid plan file. The line numbers in BAD_FILES refer to it.
BASE = """\
format: 1
partnership:
  slug: test-partnership
  name: Test Partnership
  area: E06000004
  glossary:
  - term: CAF
    meaning: Common Assessment Framework
  groups:
  - name: Early Help Team
    classification: team
  - name: Health Board
    classification: board
  strategies:
  - title: Early Help Strategy
indicators:
- code: breastfeeding
  name: Breastfeeding prevalence
  polarity: high
plan:
  slug: cypp-2025-2028
  title: Plan 2025 to 2028
  period:
    start: 2025-04-01
    end: 2028-03-31
  status: draft
  priority_term: priority
  priorities:
  - title: Start well
    success_criteria:
    - More children are born healthy.
    indicators:
    - breastfeeding
    actions:
    - text: Deliver childcare places.
      lead_groups: [Early Help Team]
      linked_plans: [Early Help Strategy]
      start: 2025-04-01
      due: 2026-03-31
"""


def with_line(number: int, new: str, text: str = BASE) -> str:
    """``text`` with line ``number`` (1-based) replaced by ``new`` (which may span lines)."""
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def counts() -> dict[str, int]:
    models = [
        Partnership,
        Plan,
        PlanSection,
        Priority,
        SuccessCriterion,
        KeyAction,
        Group,
        GroupRelationship,
        Post,
        Indicator,
        GlossaryTerm,
    ]
    result = {m.__name__: m.objects.count() for m in models}
    result["history"] = sum(m.history.count() for m in models)
    return result


def demo_text(path: Path, new_slug: str | None = None) -> str:
    """A demo file's text; with ``new_slug``, for a new partnership of that slug."""
    text = path.read_text(encoding="utf-8")
    if new_slug:
        old = re.search(r"^  slug: (\S+)$", text, re.M)
        text = text[: old.start()] + f"  slug: {new_slug}" + text[old.end() :]
    return text


# The districts Kent's local children's partnership groups cover. The open-data pack has them;
# the test suite's areas (DfE's LA list) do not, so the tests that import the file as it is on
# disk add them first.
KENT_DISTRICTS = {
    "E07000110": "Maidstone",
    "E07000111": "Sevenoaks",
    "E07000115": "Tonbridge and Malling",
    "E07000116": "Tunbridge Wells",
}


@pytest.fixture
def kent_districts(db) -> list[Area]:
    kent = Area.objects.get(code="E10000016")
    return [
        Area.objects.get_or_create(
            code=code, defaults={"name": name, "level": AreaLevel.DISTRICT, "parent": kent}
        )[0]
        for code, name in KENT_DISTRICTS.items()
    ]


def get_plan(partnership: str, slug: str) -> Plan:
    return Plan.objects.get(partnership__slug=partnership, slug=slug)


# (a) Round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", sorted(DEMO_FILES))
def test_demo_file_imports_into_a_new_partnership(kent_districts, which):
    path, _, plan_slug = DEMO_FILES[which]
    summary = plan_file_import(raw=demo_text(path, f"copy-of-{which}").encode(), by=None)
    assert summary.changed
    assert summary.partnership_slug == f"copy-of-{which}"
    plan = get_plan(f"copy-of-{which}", plan_slug)
    expected = {
        "stockton": {
            "priority": 6,
            "criterion": 11,
            "indicator": 44,
            "action": 22,
            "relationship": 3,
        },
        "kent": {"priority": 4, "criterion": 0, "indicator": 17, "action": 0, "relationship": 4},
    }[which]
    for kind, number in expected.items():
        assert summary.counts.get(kind, {}).get("created", 0) == number, kind
    assert plan.priorities.count() == expected["priority"]
    assert KeyAction.objects.filter(priority__plan=plan).count() == expected["action"]


@pytest.mark.parametrize("which", sorted(DEMO_FILES))
def test_export_import_export_is_byte_identical(kent_districts, which):
    path, partnership, plan_slug = DEMO_FILES[which]
    plan_file_import(raw=demo_text(path, f"trip-{which}").encode(), by=None)
    first = plan_file_text(get_plan(f"trip-{which}", plan_slug))
    before = counts()
    summary = plan_file_import(raw=first.encode(), by=None)
    assert not summary.changed, summary.changes
    assert summary.changes == []
    assert counts() == before  # not even a history entry
    second = plan_file_text(get_plan(f"trip-{which}", plan_slug))
    assert second == first
    assert first.startswith("# Plan file (format 1): see docs/plan-file.md.")


@pytest.mark.parametrize("which", sorted(DEMO_FILES))
def test_importing_the_demo_file_again_changes_nothing(demo, which):
    path, partnership, plan_slug = DEMO_FILES[which]
    before = counts()
    # As the demo imported it: without the districts the test suite's areas lack.
    summary = plan_file_import(raw=demo_plan_source(path), by=None)
    assert not summary.changed, summary.changes
    assert counts() == before
    rows = {row["label"]: row for row in summary.rows}
    assert rows["Priorities"]["unchanged"] == {"stockton": 6, "kent": 4}[which]


# (b) The export says what the source file says --------------------------------------------------


def _plain(value):
    if isinstance(value, dict):
        cleaned = {k: _plain(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def normalise(data: dict) -> dict:
    """The plan-file data in a canonical shape: dates as text, empty fields dropped, the
    partnership's catalogue sorted (the export sorts glossary, groups and strategies by name and
    lists indicators in the order the priorities use them), a plan area equal to the
    partnership's left out."""
    data = _plain(copy.deepcopy(data))
    partnership = data["partnership"]
    for key, field in (("glossary", "term"), ("groups", "name"), ("strategies", "title")):
        if key in partnership:
            partnership[key] = sorted(partnership[key], key=lambda item, f=field: item[f])
    if "indicators" in data:
        data["indicators"] = sorted(data["indicators"], key=lambda item: item["code"])
    if data["plan"].get("area") == partnership.get("area"):
        data["plan"].pop("area", None)
    return data


@pytest.mark.parametrize("which", sorted(DEMO_FILES))
def test_the_export_says_exactly_what_the_source_file_says(demo, which):
    path, partnership, plan_slug = DEMO_FILES[which]
    # What the demo imported: the file less the group areas the test suite's areas lack (the
    # districts are checked with the areas by the round-trip tests above).
    source = normalise(yaml.safe_load(demo_plan_source(path)))
    exported_text = plan_file_text(get_plan(partnership, plan_slug))
    exported = normalise(yaml.safe_load(exported_text))
    assert exported == normalise(plan_file_data(get_plan(partnership, plan_slug)))
    # Compare part by part first, for a readable failure, then the whole.
    assert exported["partnership"] == source["partnership"]
    assert exported.get("indicators") == source.get("indicators")
    for index, (ours, theirs) in enumerate(
        zip(exported["plan"]["priorities"], source["plan"]["priorities"], strict=True)
    ):
        assert ours == theirs, f"priority {index + 1}"
    assert exported["plan"].get("sections") == source["plan"].get("sections")
    assert exported == source


def test_export_keeps_lead_groups_in_the_files_order(demo):
    data = plan_file_data(get_plan("stockton-on-tees", "cypp-2015-2018"))
    action = data["plan"]["priorities"][1]["actions"][2]
    assert action["lead_groups"] == ["Youth Direction", "Early Help Implementation Team"]
    assert action["linked_plans"] == ["Youth Direction Business Unit Plan", "Early Help Strategy"]


# (c) Malformed files ---------------------------------------------------------------------------

BAD_FILES = [
    # (id, file text or bytes, [(line, fragment), ...])
    (
        "invalid-yaml-indentation",
        with_line(4, "    name: Test Partnership"),
        [(4, "This is not valid YAML: mapping values are not allowed")],
    ),
    (
        "invalid-yaml-tab",
        with_line(4, "\tname: Test Partnership"),
        [(4, "This is not valid YAML: found a tab character")],
    ),
    (
        "not-a-mapping",
        "- format: 1\n- plan: x\n",
        [(1, "The file must be a YAML mapping that starts with 'format: 1'")],
    ),
    ("empty", "  \n\n", [(None, "The file is empty.")]),
    ("missing-format", with_line(1, "# no format"), [(2, "Add “format”: it is required here.")]),
    ("format-2", with_line(1, "format: 2"), [(1, "This must be 1, not 2.")]),
    (
        "unknown-field",
        with_line(28, "  prioritys:"),
        [
            (20, "“prioritys” is not a field here. Check its spelling; the fields allowed are"),
            (20, "Add “priorities”: it is required here."),
        ],
    ),
    (
        "bad-slug",
        with_line(3, "  slug: Test Partnership!"),
        [(3, "“Test Partnership!” is not valid: use lower-case letters, digits and single")],
    ),
    (
        "bad-status",
        with_line(26, "  status: published"),
        [(26, "“published” is not allowed. Use one of: draft, consultation, adopted, archived.")],
    ),
    (
        "bad-date-quoted",
        with_line(24, "    start: '2015-13-01'"),
        [(24, "“2015-13-01” is not a real date.")],
    ),
    (
        "unreal-date-quoted",
        with_line(24, "    start: '2015-02-30'"),
        [(24, "“2015-02-30” is not a real date.")],
    ),
    (
        "date-not-iso",
        with_line(24, "    start: 01/04/2025"),
        [(24, "“01/04/2025” is not valid: write the date as YYYY-MM-DD")],
    ),
    (
        "period-end-before-start",
        with_line(25, "    end: 2024-03-31"),
        [(25, "The plan period must end after it starts.")],
    ),
    (
        "action-due-before-start",
        with_line(39, "      due: 2025-03-31"),
        [(39, "An action cannot be due before it starts.")],
    ),
    (
        "unknown-lead-group",
        with_line(36, "      lead_groups: [Early Help Teem]"),
        [(36, "“Early Help Teem” is not one of the partnership's groups.")],
    ),
    (
        "unknown-linked-plan",
        with_line(37, "      linked_plans: [Early Help Strateg]"),
        [(37, "“Early Help Strateg” is not one of the partnership's strategies.")],
    ),
    (
        "unknown-indicator-code",
        with_line(33, "    - breastfeedin"),
        [(33, "The indicator “breastfeedin” is not defined under indicators, nor in the nat")],
    ),
    (
        "duplicate-group-name",
        with_line(12, "  - name: Early Help Team"),
        [(12, "The group “Early Help Team” is listed twice.")],
    ),
    (
        "duplicate-indicator-in-priority",
        with_line(33, "    - breastfeeding\n    - breastfeeding"),
        [(34, "The indicator “breastfeeding” is listed twice for this priority.")],
    ),
    (
        "duplicate-key",
        with_line(4, "  name: Test Partnership\n  name: Again"),
        [(5, "“name” appears twice here; keep one.")],
    ),
    ("empty-title", with_line(22, "  title: ''"), [(22, "This must not be blank.")]),
    ("non-utf8", BASE.encode() + b"# caf\xe9\n", [(None, "The file is not UTF-8 text (byte")]),
    (
        "unknown-area",
        with_line(5, "  area: E06999999"),
        [(5, "No area has the code E06999999.")],
    ),
    (
        "area-not-an-ons-code",
        with_line(5, "  area: Stockton"),
        [(5, "“Stockton” is not valid: use the area's ONS code, for example E06000004.")],
    ),
    (
        "several-problems",
        with_line(22, "  title: ''")
        .replace("status: draft", "status: nope")
        .replace("slug: test-partnership", "slug: Bad Slug"),
        [
            (3, "“Bad Slug” is not valid"),
            (22, "This must not be blank."),
            (26, "“nope” is not allowed."),
        ],
    ),
    (
        "several-rule-problems",
        with_line(36, "      lead_groups: [Nobody]").replace(
            "linked_plans: [Early Help Strategy]", "linked_plans: [Nothing]"
        ),
        [(36, "“Nobody” is not one of"), (37, "“Nothing” is not one of")],
    ),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_malformed_file_is_refused_with_its_line_and_nothing_is_written(demo, raw, expected):
    before = counts()
    with pytest.raises(PlanFileError) as caught:
        plan_file_import(raw=raw if isinstance(raw, bytes) else raw.encode(), by=None)
    problems = caught.value.problems
    for line, fragment in expected:
        matching = [p for p in problems if fragment in p.message]
        assert matching, (fragment, [str(p) for p in problems])
        assert matching[0].line == line, (fragment, [str(p) for p in problems])
        if line is not None:
            assert str(matching[0]).startswith(f"line {line} (")
    # Problems come in file order.
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)
    assert counts() == before


def test_the_base_file_itself_is_valid(demo):
    summary = plan_file_import(raw=BASE, by=None, dry_run=True)
    assert summary.plan_title == "Plan 2025 to 2028"


@pytest.mark.parametrize("value", ["2015-13-01", "2015-02-30"])
def test_an_impossible_unquoted_date_is_reported_not_crashed_on(db, value):
    """Regression: PyYAML used to raise a bare ValueError for these."""
    with pytest.raises(PlanFileError) as caught:
        parse_plan_file(with_line(24, f"    start: {value}"))
    assert caught.value.problems[0].line == 24
    assert f"“{value}” is not a real date." in caught.value.problems[0].message


def test_oversized_file_is_refused_before_it_is_read(demo):
    before = counts()
    with pytest.raises(PlanFileError) as caught:
        plan_file_import(raw=BASE.encode(), by=None, max_bytes=100)
    assert [str(p) for p in caught.value.problems] == [
        f"the file: The file is {len(BASE.encode()):,} bytes; the largest plan file accepted "
        "is 100 bytes."
    ]
    assert counts() == before


def test_an_adopted_plan_cannot_go_back_to_draft_by_import(demo):
    text = STOCKTON_FILE.read_text(encoding="utf-8")
    line = text[: text.index("  status: adopted")].count("\n") + 1
    before = counts()
    with pytest.raises(PlanFileError) as caught:
        plan_file_import(raw=text.replace("  status: adopted", "  status: draft", 1), by=None)
    [problem] = caught.value.problems
    assert problem.line == line
    assert problem.message == (
        "The plan is already adopted and cannot become draft. Allowed: archived."
    )
    assert counts() == before
    assert get_plan("stockton-on-tees", "cypp-2015-2018").status == "adopted"


def test_an_allowed_status_move_by_import(demo):
    text = STOCKTON_FILE.read_text(encoding="utf-8").replace(
        "  status: adopted", "  status: archived", 1
    )
    summary = plan_file_import(raw=text, by=None)
    assert "Updated: Children and Young People's Plan 2015-2018 (status)" in summary.changes
    assert get_plan("stockton-on-tees", "cypp-2015-2018").status == "archived"


def test_import_updates_by_position_and_deletes_what_the_file_drops(demo):
    data = yaml.safe_load(STOCKTON_FILE.read_text(encoding="utf-8"))
    priorities = data["plan"]["priorities"]
    priorities[0]["title"] = "Renamed first priority"
    del priorities[5]  # the last priority, with its six actions
    summary = plan_file_import(raw=yaml.safe_dump(data, allow_unicode=True), by=None)
    assert summary.counts["priority"]["updated"] == 1
    assert summary.counts["priority"]["deleted"] == 1
    plan = get_plan("stockton-on-tees", "cypp-2015-2018")
    assert [p.order for p in plan.priorities.order_by("order")] == [1, 2, 3, 4, 5]
    assert plan.priorities.get(order=1).title == "Renamed first priority"
    assert KeyAction.objects.filter(priority__plan=plan).count() == 16
    # Groups are never deleted by an import.
    assert Group.objects.filter(partnership__slug="stockton-on-tees", name="Public Health Team")


# (d) Dry runs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", [BASE, demo_text(STOCKTON_FILE, "dry-stockton")], ids=["small", "demo"]
)
def test_dry_run_writes_nothing_and_reports_what_the_import_does(demo, text):
    before = counts()
    dry = plan_file_import(raw=text, by=None, dry_run=True)
    assert counts() == before
    assert dry.dry_run
    real = plan_file_import(raw=text, by=None)
    assert not real.dry_run
    assert real.counts == dry.counts
    assert real.changes == dry.changes
    assert real.rows == dry.rows
    assert (real.partnership_slug, real.plan_slug, real.plan_title) == (
        dry.partnership_slug,
        dry.plan_slug,
        dry.plan_title,
    )
    assert counts() != before


def test_dry_run_of_a_change_reports_it(demo):
    text = STOCKTON_FILE.read_text(encoding="utf-8").replace(
        "title: Children and Young People's Plan 2015-2018", "title: Renamed plan", 1
    )
    summary = plan_file_import(raw=text, by=None, dry_run=True)
    assert summary.changed
    assert summary.changes == ["Updated: Renamed plan (title)"]
    assert get_plan("stockton-on-tees", "cypp-2015-2018").title != "Renamed plan"


# (e) The command line --------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_cli_import_then_again(demo, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BASE, encoding="utf-8")
    output = run("import", str(path))
    assert output.startswith("Imported “Plan 2025 to 2028” (test-partnership/cypp-2025-2028).\n")
    assert "  Priorities: 1 new, 0 changed, 0 removed, 0 unchanged" in output
    assert "  Key actions: 1 new, 0 changed, 0 removed, 0 unchanged" in output
    assert "Nothing changed" not in output
    assert get_plan("test-partnership", "cypp-2025-2028").priorities.count() == 1
    again = run("import", str(path))
    assert "  Priorities: 0 new, 0 changed, 0 removed, 1 unchanged" in again
    assert again.rstrip().endswith("Nothing changed: the plan already matches the file.")


def test_cli_dry_run_writes_nothing(demo, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BASE, encoding="utf-8")
    before = counts()
    output = run("import", str(path), "--dry-run")
    assert output.startswith("Would import “Plan 2025 to 2028” (test-partnership/cypp-2025-2028).")
    assert "  Success criteria: 1 new" in output
    assert counts() == before


def test_cli_import_errors_list_every_problem_with_its_line(demo, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        with_line(36, "      lead_groups: [Nobody]").replace(
            "linked_plans: [Early Help Strategy]", "linked_plans: [Nothing]"
        ),
        encoding="utf-8",
    )
    before = counts()
    with pytest.raises(CommandError) as caught:
        run("import", str(path))
    message = str(caught.value)
    lines = message.split("\n")
    assert lines[0] == "The plan file has 2 problems; nothing was imported:"
    assert lines[1].startswith(
        "  line 36 (plan > priorities > 0 > actions > 0 > lead_groups > 0): “Nobody” is not one"
    )
    assert lines[2].startswith(
        "  line 37 (plan > priorities > 0 > actions > 0 > linked_plans > 0): “Nothing” is not"
    )
    assert counts() == before


def test_cli_one_problem_is_singular(demo, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(with_line(1, "format: 2"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"^The plan file has 1 problem; nothing was imported:"):
        run("import", str(path))


def test_cli_missing_file(demo, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(CommandError) as caught:
        run("import", str(missing))
    assert str(caught.value) == f"There is no file at {missing}."


@override_settings(PLAN_FILE_MAX_BYTES=50)
def test_cli_respects_the_size_limit(demo, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(CommandError, match="the largest plan file accepted is 50 bytes"):
        run("import", str(path))


def test_cli_export_prints_the_plan_file(demo):
    output = run("export", "stockton-on-tees", "cypp-2015-2018")
    assert output == plan_file_text(get_plan("stockton-on-tees", "cypp-2015-2018"))
    data = yaml.safe_load(output)
    assert data["plan"]["slug"] == "cypp-2015-2018"
    assert len(data["plan"]["priorities"]) == 6


def test_cli_export_to_a_file(demo, tmp_path):
    target = tmp_path / "out.yaml"
    output = run("export", "kent", "cypf", "-o", str(target))
    assert output == f"Wrote {target}.\n"
    assert target.read_text(encoding="utf-8") == plan_file_text(get_plan("kent", "cypf"))


def test_cli_export_of_an_unknown_plan(demo):
    with pytest.raises(CommandError) as caught:
        run("export", "stockton-on-tees", "no-such-plan")
    assert str(caught.value) == (
        "No plan “no-such-plan” in partnership “stockton-on-tees”. "
        "Plans: kent cypf, stockton-on-tees cypp-2015-2018."
    )


# (f) The web import ----------------------------------------------------------------------------

IMPORT_URL = reverse("plans:plan_import", kwargs={"partnership": "stockton-on-tees"})
STOCKTON_BASE = BASE.replace("slug: test-partnership", "slug: stockton-on-tees").replace(
    "name: Test Partnership", "name: Stockton-on-Tees Children and Young People's Partnership"
)


def upload(content: str | bytes, name: str = "plan.yaml") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/yaml")


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no token on the preview page"
    return match[1]


def test_web_import_preview_then_confirm(client_for):
    officer = client_for("officer")
    before = counts()
    preview = officer.post(IMPORT_URL, {"file": upload(STOCKTON_BASE, "new-plan.yaml")})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Check what the import will change" in html
    assert "new-plan.yaml" in html
    assert "Nothing has been saved yet." in html
    # The table of changes: one new priority, one new key action, the partnership unchanged.
    assert re.search(
        r'<th scope="row" class="govuk-table__header">Priorities</th>\s*'
        r"<td[^>]*>1</td>\s*<td[^>]*>0</td>\s*<td[^>]*>0</td>\s*<td[^>]*>0</td>",
        html,
    )
    assert "Created: Deliver childcare places." in html
    assert counts() == before  # the preview writes nothing

    done = officer.post(IMPORT_URL, {"confirm": "yes", "token": token_of(preview)})
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "plans:plan_detail", kwargs={"partnership": "stockton-on-tees", "plan": "cypp-2025-2028"}
    )
    plan = get_plan("stockton-on-tees", "cypp-2025-2028")
    assert plan.priorities.get().title == "Start well"
    assert plan.history.get().history_user.username == "officer"
    page = officer.get(done["Location"]).content.decode()
    assert "Imported “Plan 2025 to 2028”" in page


def test_web_import_token_is_used_up(client_for):
    """Regression: a refused confirmation used to be a 500 (add_error on an unbound form)."""
    officer = client_for("officer")
    preview = officer.post(IMPORT_URL, {"file": upload(STOCKTON_BASE)})
    assert (
        officer.post(IMPORT_URL, {"confirm": "yes", "token": token_of(preview)}).status_code == 302
    )
    again = officer.post(IMPORT_URL, {"confirm": "yes", "token": token_of(preview)})
    assert again.status_code == 400
    assert "The file to import has expired or was replaced; upload it again" in (
        again.content.decode()
    )


def test_web_import_of_an_unchanged_file_says_so(client_for):
    officer = client_for("officer")
    preview = officer.post(IMPORT_URL, {"file": upload(STOCKTON_FILE.read_bytes())})
    assert preview.status_code == 200
    assert "The plan already matches this file: importing it changes nothing." in (
        preview.content.decode()
    )


def test_web_import_of_a_broken_file(client_for):
    officer = client_for("officer")
    before = counts()
    broken = with_line(36, "      lead_groups: [Nobody]", STOCKTON_BASE).replace(
        "linked_plans: [Early Help Strategy]", "linked_plans: [Nothing]"
    )
    response = officer.post(IMPORT_URL, {"file": upload(broken)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The file has 2 problems; nothing was imported. The problems are listed below" in html
    assert "Problems in the file" in html
    problems = re.findall(r"<li>(line \d+ \(.*?)</li>", html)
    assert len(problems) == 2
    assert problems[0].startswith("line 36 (plan &gt; priorities &gt; 0 &gt; actions")
    assert "&#x27;s groups" in problems[0] or "'s groups" in problems[0]
    assert problems[1].startswith("line 37 ")
    assert counts() == before


def test_web_import_of_another_partnerships_file_is_refused(client_for):
    officer = client_for("officer")
    before = counts()
    response = officer.post(IMPORT_URL, {"file": upload(KENT_FILE.read_bytes())})
    assert response.status_code == 400
    assert "This file is for the partnership “kent”, not “stockton-on-tees”." in (
        response.content.decode()
    )
    assert counts() == before


def test_web_import_of_a_new_partnerships_file_is_refused_and_writes_nothing(client_for):
    officer = client_for("officer")
    before = counts()
    response = officer.post(IMPORT_URL, {"file": upload(BASE)})
    assert response.status_code == 400
    assert "This file is for the partnership “test-partnership”" in response.content.decode()
    assert counts() == before
    assert not Partnership.objects.filter(slug="test-partnership").exists()


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_web_import_confirm_with_a_wrong_token(client_for, token):
    officer = client_for("officer")
    officer.post(IMPORT_URL, {"file": upload(STOCKTON_BASE)})
    before = counts()
    response = officer.post(IMPORT_URL, {"confirm": "yes", "token": token})
    assert response.status_code == 400
    assert "The file to import has expired or was replaced; upload it again" in (
        response.content.decode()
    )
    assert counts() == before


def test_web_import_confirm_without_a_preview(client_for):
    """Regression: this used to be a 500."""
    response = client_for("officer").post(IMPORT_URL, {"confirm": "yes", "token": "x"})
    assert response.status_code == 400
    assert "has expired or was replaced" in response.content.decode()


def test_web_import_confirm_refused_if_the_plan_changed_meanwhile(client_for):
    """The confirmed import is checked again: here the plan was adopted after the preview of a
    move to consultation, which an adopted plan may not make."""
    from partnership.plans import services

    officer = client_for("officer")
    plan_file_import(raw=STOCKTON_BASE, by=None)  # a draft plan
    to_consultation = STOCKTON_BASE.replace("status: draft", "status: consultation")
    preview = officer.post(IMPORT_URL, {"file": upload(to_consultation)})
    assert preview.status_code == 200
    services.plan_change_status(
        plan=get_plan("stockton-on-tees", "cypp-2025-2028"), status="adopted", by=None
    )
    before = counts()
    response = officer.post(IMPORT_URL, {"confirm": "yes", "token": token_of(preview)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The plan changed since you checked the file; upload it again" in html
    assert "cannot become out for consultation" in html
    assert counts() == before


def test_web_import_without_a_file(client_for):
    response = client_for("officer").post(IMPORT_URL, {})
    assert response.status_code == 400
    assert "Choose a plan file to upload" in response.content.decode()


def test_web_import_size_limit(client_for):
    officer = client_for("officer")
    before = counts()
    with override_settings(PLAN_FILE_MAX_BYTES=200):
        response = officer.post(IMPORT_URL, {"file": upload(STOCKTON_BASE)})
    assert response.status_code == 400
    size = len(STOCKTON_BASE.encode())
    assert (
        f"The file is {size:,} bytes; the largest plan file accepted is 200 bytes"
        in response.content.decode()
    )
    assert counts() == before


def test_web_import_of_a_non_utf8_file(client_for):
    response = client_for("officer").post(
        IMPORT_URL, {"file": upload(STOCKTON_BASE.encode("utf-16"))}
    )
    assert response.status_code == 400
    assert "The file is not UTF-8 text" in response.content.decode()


def test_web_import_of_an_impossible_unquoted_date(client_for):
    """Regression: this used to be a server error."""
    response = client_for("officer").post(
        IMPORT_URL, {"file": upload(with_line(24, "    start: 2015-02-30", STOCKTON_BASE))}
    )
    assert response.status_code == 400
    assert "is not a real date" in response.content.decode()


def test_web_export_downloads_the_plan_file(client_for):
    response = client_for("anonymous").get(
        reverse(
            "plans:plan_export",
            kwargs={"partnership": "stockton-on-tees", "plan": "cypp-2015-2018"},
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="stockton-on-tees-cypp-2015-2018.yaml"'
    )
    assert response.content.decode() == plan_file_text(
        get_plan("stockton-on-tees", "cypp-2015-2018")
    )
