"""The demo installation `make run` builds: every English area, the seed partnerships' plans and
one account per role. Running it again changes nothing that is already there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from partnership.areas.services import AreaLoadResult, areas_load_local_authorities
from partnership.governance.models import Group
from partnership.plans.planfile.load import ImportSummary, plan_file_import

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


def demo_plan_files() -> list[Path]:
    return sorted((settings.DATA_DIR / "demo").glob("*.yaml"))


@transaction.atomic
def demo_load() -> DemoResult:
    areas = areas_load_local_authorities(
        path=settings.DATA_DIR / "open" / "lookups" / "dfeR_las.csv"
    )
    plans = [plan_file_import(raw=path.read_bytes(), by=None) for path in demo_plan_files()]
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
