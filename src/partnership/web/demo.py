"""The demo installation `make run` builds: the open-data pack (every area, statistical
neighbours and LAIT's key indicators), the seed partnerships' plans and one account per role.
Running it again changes nothing that is already there."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from partnership.areas.services import (
    AreaLoadResult,
    AreasLoadResult,
    areas_load_all,
    areas_load_local_authorities,
)
from partnership.governance.models import Group
from partnership.indicators.importers import ImportReport, import_file
from partnership.indicators.importers.fingertips import fingertips_opendata_load
from partnership.indicators.mappings import EesOpenDataResult, ees_opendata_load
from partnership.indicators.models import Indicator
from partnership.plans.planfile.load import ImportSummary, plan_file_import

from .datastamp import data_changed
from .models import Partnership, Role, User, UserRole

DEMO_PARTNERSHIP = "stockton-on-tees"
CONTRIBUTOR_GROUP = "Early Help Implementation Team"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str  # a Role value, or "administrator"
    description: str


# Fixed, published passwords: these accounts exist only to try the product on one's own machine.
DEMO_ACCOUNTS = [
    DemoAccount("admin", "demo-admin-password", "administrator", "Administrator"),
    DemoAccount("officer", "demo-officer-password", Role.OFFICER, "Partnership officer"),
    DemoAccount("governance", "demo-governance-password", Role.GOVERNANCE, "Governance officer"),
    DemoAccount(
        "contributor",
        "demo-contributor-password",
        Role.CONTRIBUTOR,
        f"Lead-group contributor ({CONTRIBUTOR_GROUP})",
    ),
    DemoAccount("board", "demo-board-password", Role.BOARD, "Board member"),
]


@dataclass
class DemoResult:
    areas: AreaLoadResult
    plans: list[ImportSummary]
    accounts_created: int


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
    return sorted((settings.DATA_DIR / "demo").glob("*.yaml"))


def demo_national_links() -> Path:
    return settings.DATA_DIR / "demo" / "national-indicators.csv"


def demo_plan_source(path: Path) -> bytes:
    """The plan file as the demo imports it: the published plan's own indicators, and after
    them the national indicators that measure them (``national-indicators.csv``), so the demo's
    scorecards show the open data. A national indicator is linked only once the open-data pack
    has put it in the catalogue (the test suite loads the demo without the pack); the file on
    disk stays the published plan."""
    raw = path.read_bytes()
    with demo_national_links().open(newline="", encoding="utf-8") as handle:
        wanted = [row for row in csv.DictReader(handle) if row["file"] == path.name]
    if not wanted:
        return raw
    present = set(
        Indicator.objects.filter(
            partnership__isnull=True, code__in=[row["national_indicator"] for row in wanted]
        ).values_list("code", flat=True)
    )
    if not present:
        return raw
    data = yaml.safe_load(raw)
    priorities = data["plan"]["priorities"]
    for row in wanted:
        code = row["national_indicator"]
        linked = priorities[int(row["priority"]) - 1].setdefault("indicators", [])
        if code in present and code not in linked:
            linked.append(code)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


@transaction.atomic
def demo_load() -> DemoResult:
    areas = areas_load_local_authorities(
        path=settings.DATA_DIR / "open" / "lookups" / "dfeR_las.csv"
    )
    plans = [plan_file_import(raw=demo_plan_source(path), by=None) for path in demo_plan_files()]
    partnership = Partnership.objects.get(slug=DEMO_PARTNERSHIP)
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, first_name=account.description)
            user.set_password(account.password)
            user.is_superuser = user.is_staff = account.role == "administrator"
            user.save()
            created += 1
        if account.role != "administrator":
            role, _ = UserRole.objects.get_or_create(
                user=user, partnership=partnership, role=account.role
            )
            if account.role == Role.CONTRIBUTOR:
                role.groups.add(Group.objects.get(partnership=partnership, name=CONTRIBUTOR_GROUP))
    return DemoResult(areas=areas, plans=plans, accounts_created=created)
