"""Loading areas from the bundled open-data lookups."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Area, AreaLevel

ENGLAND = ("E92000001", "England")
# The nine English regions (ONS codes). DfE also groups London boroughs as Inner and Outer London
# (E13000001/2); those arrive with the indicator data in a later part.
REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}


@dataclass(frozen=True)
class AreaLoadResult:
    created: int
    updated: int
    unchanged: int
    skipped: int = 0


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


@transaction.atomic
def areas_load_local_authorities(*, path: Path) -> AreaLoadResult:
    """Create or update England, the regions and every local authority in DfE's LA lookup.

    Idempotent: a second run with the same file changes nothing.
    """
    created = updated = unchanged = 0

    def upsert(code: str, **fields: object) -> None:
        nonlocal created, updated, unchanged
        area = Area.objects.filter(code=code).first()
        if area is None:
            area = Area(code=code, **fields)
            area.full_clean(validate_unique=False)
            area.save()
            created += 1
            return
        changed = [name for name, value in fields.items() if getattr(area, name) != value]
        if changed:
            for name in changed:
                setattr(area, name, fields[name])
            area.save(update_fields=changed)
            updated += 1
        else:
            unchanged += 1

    upsert(ENGLAND[0], name=ENGLAND[1], level=AreaLevel.ENGLAND, parent=None)
    england = Area.objects.get(code=ENGLAND[0])
    for code, name in REGIONS.items():
        upsert(code, name=name, level=AreaLevel.REGION, parent=england)
    regions = {area.code: area for area in Area.objects.filter(level=AreaLevel.REGION)}

    skipped = 0
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if "/" in row["new_la_code"]:
                # DfE's combined reporting units ("E09000021 / E09000027") are not areas of their
                # own; they come with the indicator data that is published for them.
                skipped += 1
                continue
            upsert(
                row["new_la_code"].strip(),
                name=row["la_name"].strip(),
                dfe_code=row["old_la_code"].strip(),
                level=AreaLevel.LA,
                parent=regions.get(row["parent_geography_code"].strip()),
                start_date=_parse_date(row["date_of_operation"]),
                end_date=_parse_date(row["date_of_termination"]),
            )
    return AreaLoadResult(created=created, updated=updated, unchanged=unchanged, skipped=skipped)
