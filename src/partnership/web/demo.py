"""The demo installation `make run` builds: the open-data pack (every area, statistical
neighbours and LAIT's key indicators), the seed partnerships' plans, one account per role and a
completed mid-year update round on Stockton's plan. Running it again changes nothing that is
already there."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.db import transaction

from partnership.areas.models import Area
from partnership.areas.services import (
    AreaLoadResult,
    AreasLoadResult,
    areas_load_all,
    areas_load_local_authorities,
)
from partnership.governance.demo import (
    GOVERNANCE_FILE_SUFFIX,
    GovernanceDemoResult,
    governance_demo_load,
)
from partnership.governance.models import Group
from partnership.indicators.importers import ImportReport, import_file
from partnership.indicators.importers.fingertips import fingertips_opendata_load
from partnership.indicators.mappings import EesOpenDataResult, ees_opendata_load
from partnership.indicators.models import Indicator
from partnership.plans.delivery import (
    action_record_progress,
    champion_comment_add,
    milestone_create,
    priority_set_champion,
    round_close,
    round_open,
)
from partnership.plans.delivery_models import ProgressUpdate, UpdateRound
from partnership.plans.models import KeyAction, Plan
from partnership.plans.planfile.load import ImportSummary, plan_file_import

from .datastamp import data_changed
from .models import Partnership, Role, User, UserRole

DEMO_PARTNERSHIP = "stockton-on-tees"
CONTRIBUTOR_GROUP = "Early Help Implementation Team"
# The demo delivery data (one completed update round); not a plan file.
DELIVERY_FILE = "stockton-delivery.yaml"
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str  # a Role value, or "administrator"
    description: str
    # Given only to an account that has none, so the round emails have someone to go to.
    email: str = ""


# Fixed, published passwords: these accounts exist only to try the product on one's own machine.
DEMO_ACCOUNTS = [
    DemoAccount("admin", "demo-admin-password", "administrator", "Administrator"),
    DemoAccount(
        "officer",
        "demo-officer-password",
        Role.OFFICER,
        "Partnership officer",
        "officer@example.org",
    ),
    DemoAccount("governance", "demo-governance-password", Role.GOVERNANCE, "Governance officer"),
    DemoAccount(
        "contributor",
        "demo-contributor-password",
        Role.CONTRIBUTOR,
        f"Lead-group contributor ({CONTRIBUTOR_GROUP})",
        "contributor@example.org",
    ),
    DemoAccount("board", "demo-board-password", Role.BOARD, "Board member", "board@example.org"),
]


@dataclass(frozen=True)
class DeliveryDemoResult:
    """What the delivery demo did: loaded its round with ``updates`` progress updates, or
    nothing (the round was there already, or the plan has delivery data of its own)."""

    round_title: str
    loaded: bool = False
    updates: int = 0
    # Why nothing was loaded although the round is missing; "" when it was loaded or present.
    left_alone: str = ""


@dataclass
class DemoResult:
    areas: AreaLoadResult
    plans: list[ImportSummary]
    accounts_created: int
    delivery: DeliveryDemoResult
    # Nottingham's and Newcastle's meetings from the seeds, one result per file.
    governance: list[GovernanceDemoResult]


@dataclass
class OpenDataResult:
    areas: AreasLoadResult
    indicators: ImportReport
    # DfE's tidy (EES) files and NCCIS's, through the column mappings the pack ships.
    ees: EesOpenDataResult | None = None
    # OHID Fingertips: hospital admissions for injuries, 0-14 (counts, denominators, limits).
    fingertips: ImportReport | None = None


def opendata_key_indicators() -> Path:
    return settings.DATA_DIR / "open" / "lait" / "lait_key_indicators_long.csv"


def opendata_load() -> OpenDataResult:
    """Load the bundled open-data pack: every area and neighbour set, then LAIT's key indicators
    (61,000 values, a few seconds), DfE's tidy files (about 12,500 values) and a Fingertips
    export (6,500 values). Idempotent. Kept
    out of ``demo_load`` so the test suite, which loads the demo for every test database, does
    not pay for it."""
    areas = areas_load_all(data_dir=settings.DATA_DIR / "open")
    # Areas and neighbours are written in bulk, without the signals that stamp other changes.
    data_changed()
    indicators = import_file(path=opendata_key_indicators(), format="lait", by=None)
    return OpenDataResult(
        areas=areas,
        indicators=indicators,
        ees=ees_opendata_load(),
        fingertips=fingertips_opendata_load(),
    )


def demo_plan_files() -> list[Path]:
    return sorted(
        p
        for p in (settings.DATA_DIR / "demo").glob("*.yaml")
        if p.name != DELIVERY_FILE and not p.name.endswith(GOVERNANCE_FILE_SUFFIX)
    )


def demo_delivery_file() -> Path:
    return settings.DATA_DIR / "demo" / DELIVERY_FILE


def demo_national_links() -> Path:
    return settings.DATA_DIR / "demo" / "national-indicators.csv"


def demo_plan_source(path: Path) -> bytes:
    """The plan file as the demo imports it: the published plan's own indicators, and after
    them the national indicators that measure them (``national-indicators.csv``), so the demo's
    scorecards show the open data. A national indicator is linked only once the open-data pack
    has put it in the catalogue, and a group's area (Kent's districts) is kept only if the area
    table has it: the test suite loads the demo without the pack. The file on disk stays the
    published plan."""
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    changed = _drop_missing_group_areas(data)
    with demo_national_links().open(newline="", encoding="utf-8") as handle:
        wanted = [row for row in csv.DictReader(handle) if row["file"] == path.name]
    present = set(
        Indicator.objects.filter(
            partnership__isnull=True, code__in=[row["national_indicator"] for row in wanted]
        ).values_list("code", flat=True)
    )
    priorities = data["plan"]["priorities"]
    for row in wanted:
        code = row["national_indicator"]
        linked = priorities[int(row["priority"]) - 1].setdefault("indicators", [])
        if code in present and code not in linked:
            linked.append(code)
            changed = True
    if not changed:
        return raw
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def _drop_missing_group_areas(data: dict[str, Any]) -> bool:
    """Leave out the areas of groups the area table lacks; True if any was left out."""
    groups = data["partnership"].get("groups", [])
    codes = {g["area"] for g in groups if "area" in g}
    known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    dropped = False
    for group in groups:
        if "area" in group and group["area"] not in known:
            del group["area"]
            dropped = True
    return dropped


@transaction.atomic
def demo_load() -> DemoResult:
    areas = areas_load_local_authorities(
        path=settings.DATA_DIR / "open" / "lookups" / "dfeR_las.csv"
    )
    plans = [plan_file_import(raw=demo_plan_source(path), by=None) for path in demo_plan_files()]
    partnership = Partnership.objects.get(slug=DEMO_PARTNERSHIP)
    created = 0
    users: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, first_name=account.description)
            user.set_password(account.password)
            user.is_superuser = user.is_staff = account.role == "administrator"
            user.email = account.email
            user.save()
            created += 1
        elif account.email and not user.email:
            user.email = account.email
            user.save(update_fields=["email"])
        users[account.username] = user
        if account.role != "administrator":
            role, _ = UserRole.objects.get_or_create(
                user=user, partnership=partnership, role=account.role
            )
            if account.role == Role.CONTRIBUTOR:
                role.groups.add(Group.objects.get(partnership=partnership, name=CONTRIBUTOR_GROUP))
    delivery = delivery_demo_load(users=users)
    governance = governance_demo_load(
        users=users, roles={account.username: account.role for account in DEMO_ACCOUNTS}
    )
    return DemoResult(
        areas=areas,
        plans=plans,
        accounts_created=created,
        delivery=delivery,
        governance=governance,
    )


# The delivery demo ----------------------------------------------------------------------------


def demo_delivery_data() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(demo_delivery_file().read_text(encoding="utf-8"), loader)
    return data


def _london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def delivery_demo_actions(plan: Plan, data: dict[str, Any]) -> tuple[list[KeyAction], list[str]]:
    """The plan's action for each entry of the delivery file, in the file's order, and what
    does not match: an entry naming no action, or one whose ``begins`` is not how the action's
    text begins, or an action of the plan no entry names (or two do)."""
    actions = {
        (a.priority.order, a.order): a
        for a in KeyAction.objects.filter(priority__plan=plan)
        .select_related("priority")
        .prefetch_related("lead_groups")
    }
    found: list[KeyAction] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for entry in data["actions"]:
        key = (entry["priority"], entry["action"])
        where = f"priority {key[0]}, action {key[1]}"
        action = actions.get(key)
        if action is None:
            problems.append(f"{where}: the plan has no such action.")
            continue
        if key in seen:
            problems.append(f"{where}: named twice.")
        seen.add(key)
        if not entry.get("begins") or not action.text.startswith(entry["begins"]):
            start = " ".join(action.text.split()[:8])
            problems.append(
                f"{where}: the file says it begins “{entry.get('begins')}”, the plan says "
                f"“{start} …”."
            )
        found.append(action)
    for key in sorted(actions.keys() - seen):
        problems.append(f"priority {key[0]}, action {key[1]}: not in the file.")
    return found, problems


def delivery_demo_load(*, users: dict[str, User]) -> DeliveryDemoResult:
    """Stockton's mid-year round of 2015/16, from ``stockton-delivery.yaml``: opened, answered
    by the lead groups (narratives marked as demo content), closed and compiled, with the board
    account as every priority's champion and a comment on priority 1. Loaded once: nothing is
    done if the round is there, or if the plan already has rounds or updates of its own."""
    data = demo_delivery_data()
    spec = data["round"]
    title = spec["title"]
    plan = Plan.objects.get(partnership__slug=data["partnership"], slug=data["plan"])
    if UpdateRound.objects.filter(plan=plan, title=title).exists():
        return DeliveryDemoResult(round_title=title)
    if (
        UpdateRound.objects.filter(plan=plan).exists()
        or ProgressUpdate.objects.filter(action__priority__plan=plan).exists()
    ):
        return DeliveryDemoResult(
            round_title=title, left_alone="the plan has update rounds or progress updates already"
        )
    actions, problems = delivery_demo_actions(plan, data)
    if problems:
        raise ValueError(f"{DELIVERY_FILE} does not match the plan:\n" + "\n".join(problems))
    officer, contributor, board = users["officer"], users["contributor"], users["board"]
    priorities = list(plan.priorities.order_by("order"))
    for priority in priorities:
        if priority.champion_id is None:
            priority_set_champion(priority=priority, champion=users[data["champion"]], by=officer)
    update_round = round_open(
        plan=plan,
        by=officer,
        title=title,
        deadline=dt.date.fromisoformat(spec["deadline"]),
        priorities=priorities,
        message=spec.get("message", ""),
        now=_london(spec["opened"]),
        notify=False,
    )
    updates = 0
    for action, entry in zip(actions, data["actions"], strict=True):
        led_by_contributor = any(g.name == CONTRIBUTOR_GROUP for g in action.lead_groups.all())
        by = contributor if led_by_contributor else officer
        for milestone in entry.get("milestones", []):
            milestone_create(
                action=action,
                by=by,
                title=milestone["title"],
                due_date=dt.date.fromisoformat(milestone["due"]),
                completed_on=_date(milestone.get("completed")),
                check_permission=False,
            )
        update = entry.get("update")
        if update is None:
            continue
        action_record_progress(
            action=action,
            by=by,
            status=update["status"],
            progress=update["progress"],
            narrative=update["narrative"],
            reason=update.get("reason", ""),
            remedial_action=update.get("remedial_action", ""),
            remedial_owner=update.get("remedial_owner", ""),
            now=_london(update["sent"]),
            is_demo=True,
            check_permission=False,
        )
        updates += 1
    compilations = round_close(
        update_round=update_round, by=officer, now=_london(spec["closed"]), notify=False
    )
    comment_spec = data.get("champion_comment")
    compilation = next(
        (c for c in compilations if comment_spec and c.priority.order == comment_spec["priority"]),
        None,
    )
    # Only a priority's champion comments; one named before the demo keeps their priority.
    if comment_spec and compilation is not None and compilation.champion_id == board.pk:
        champion_comment_add(
            compilation=compilation,
            by=board,
            text=comment_spec["text"],
            now=_london(comment_spec["at"]),
        )
    return DeliveryDemoResult(round_title=title, loaded=True, updates=updates)
