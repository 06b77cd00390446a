"""Loading areas and statistical neighbours from the bundled open-data pack (``data/open``).

Every loader is idempotent: it compares each row with what is stored and writes only the
differences, in bulk, so a second run with the same files changes nothing. A problem in a file is
reported with the file, row and column, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from partnership.bulk import insert_rows

from .models import Area, AreaLevel, Neighbour, NeighbourSet
from .selectors import dfe_code_map

# The codes LAIT gives England and the regions (ONS code: name, LAIT "LA Number"). DfE's own
# files use the ONS codes for these; LAIT numbers them 970 and 980-990, so they are kept in
# ``dfe_code`` to read LAIT files. The order of 980-990 is LAIT's, not alphabetical.
ENGLAND = ("E92000001", "England", "970")
REGIONS = {
    "E12000001": ("North East", "980"),
    "E12000002": ("North West", "981"),
    "E12000003": ("Yorkshire and The Humber", "982"),
    "E12000004": ("East Midlands", "983"),
    "E12000005": ("West Midlands", "984"),
    "E12000006": ("East of England", "985"),
    "E12000007": ("London", "986"),
    "E12000008": ("South East", "989"),
    "E12000009": ("South West", "990"),
}
LONDON = "E12000007"
INNER_LONDON_CODE, OUTER_LONDON_CODE = "E13000001", "E13000002"
LONDON_GROUPS = {
    INNER_LONDON_CODE: ("Inner London", "987"),
    OUTER_LONDON_CODE: ("Outer London", "988"),
}
# DfE's Inner London (region_code E13000001 in its EES files, "Inner London" in LAIT): the ONS
# statistical definition, which includes Haringey and Newham and leaves Greenwich in Outer London.
INNER_LONDON_BOROUGHS = frozenset(
    {
        "201",
        "202",
        "204",
        "205",
        "206",
        "207",
        "208",
        "209",
        "210",
        "211",
        "212",
        "213",
        "309",
        "316",
    }
)
TRAFFORD = "E08000009"
GSS_CODE = re.compile(r"^E\d{8}$")

# Files in the open-data pack, relative to ``data/open``.
LA_FILE = "lookups/dfeR_las.csv"
DISTRICT_FILE = "lookups/LTLA-UTLA_Apr23_Lookup_England-Wales.csv"
WARD_FILE = "ward_level/derived_trafford_wards2017_child_indicators_wide.csv"
LSOA_FILE = "deprivation/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"


@dataclass(frozen=True)
class NeighbourSource:
    version: str
    path: str
    layout: str  # "long" (one row per neighbour) or "wide" (SN1, SNP, SN2, SNP ... per LA)
    source: str
    published: dt.date


NEIGHBOUR_SOURCES = [
    NeighbourSource(
        "2021",
        "statistical_neighbours/New_Statistical_Neighbour_Groupings_April_2021.csv",
        "wide",
        "DfE statistical neighbour groupings, April 2021 (children's services statistical "
        "neighbour benchmarking tool)",
        dt.date(2021, 4, 1),
    ),
    NeighbourSource(
        "2025",
        "statistical_neighbours/derived_sn_model_2025_long.csv",
        "long",
        "DfE statistical neighbour model 2025 (as used by LAIT from May 2025)",
        dt.date(2025, 5, 1),
    ),
]


class AreaDataError(Exception):
    """A lookup file cannot be loaded. ``problems`` lists every reason, each naming the file,
    row and column."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class AreaLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def __add__(self, other: AreaLoadResult) -> AreaLoadResult:
        return AreaLoadResult(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.skipped + other.skipped,
        )


@dataclass(frozen=True)
class NeighbourLoadResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class AreasLoadResult:
    """What ``areas_load_all`` did, by area level and by neighbour-set version."""

    levels: dict[str, AreaLoadResult] = field(default_factory=dict)
    neighbours: dict[str, NeighbourLoadResult] = field(default_factory=dict)
    # LSOAs whose 2019 district was abolished before the 2023 district lookup: no parent.
    lsoas_without_district: int = 0

    @property
    def total(self) -> AreaLoadResult:
        return sum(self.levels.values(), AreaLoadResult())

    @property
    def changed(self) -> bool:
        return bool(
            self.total.created
            or self.total.updated
            or any(n.created or n.updated or n.deleted for n in self.neighbours.values())
        )


@dataclass(frozen=True)
class AreaRow:
    """One area as a file describes it; ``parent`` and ``grouping`` are ONS codes."""

    where: str  # "file row N", for messages
    code: str
    name: str
    level: str
    parent: str | None = None
    grouping: str | None = None
    dfe_code: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None


# Reading the files -----------------------------------------------------------------------------


def _rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Each data row with "file row N" (the header is row 1, as in a spreadsheet)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield f"{path.name} row {number}", {k: (v or "").strip() for k, v in row.items() if k}


def _parse_date(text: str, where: str, column: str, problems: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        problems.append(f"{where}, column {column}: “{text}” is not a date like 01/04/2019.")
        return None


def _top_rows() -> list[list[AreaRow]]:
    """England, then the regions, then Inner and Outer London: each level's parent comes first."""
    return [
        [AreaRow("England", ENGLAND[0], ENGLAND[1], AreaLevel.ENGLAND, dfe_code=ENGLAND[2])],
        [
            AreaRow(name, code, name, AreaLevel.REGION, parent=ENGLAND[0], dfe_code=lait)
            for code, (name, lait) in REGIONS.items()
        ],
        [
            AreaRow(name, code, name, AreaLevel.LONDON_GROUP, parent=LONDON, dfe_code=lait)
            for code, (name, lait) in LONDON_GROUPS.items()
        ],
    ]


def _la_rows(path: Path, problems: list[str]) -> tuple[list[AreaRow], int]:
    rows, skipped = [], 0
    for where, row in _rows(path):
        code = row["new_la_code"]
        if not GSS_CODE.match(code):
            # DfE's combined reporting units ("E09000021 / E09000027") are not areas of their
            # own; they come with the indicator data that is published for them. Nor is "z",
            # British Forces overseas establishments (DfE number 702): not a place in England.
            skipped += 1
            continue
        region = row["parent_geography_code"]
        if region not in REGIONS:
            problems.append(
                f"{where}, column parent_geography_code: “{region}” is not an English region code."
            )
        # "x" is DfE's marker for an authority that never had a 3-digit number.
        dfe_code = "" if row["old_la_code"] in {"", "x"} else row["old_la_code"]
        grouping = None
        if region == LONDON:
            inner = dfe_code in INNER_LONDON_BOROUGHS
            grouping = INNER_LONDON_CODE if inner else OUTER_LONDON_CODE
        rows.append(
            AreaRow(
                where,
                code,
                row["la_name"],
                AreaLevel.LA,
                parent=region,
                grouping=grouping,
                dfe_code=dfe_code,
                start_date=_parse_date(
                    row["date_of_operation"], where, "date_of_operation", problems
                ),
                end_date=_parse_date(
                    row["date_of_termination"], where, "date_of_termination", problems
                ),
            )
        )
    return rows, skipped


def _district_rows(path: Path) -> list[AreaRow]:
    # Only lower-tier districts become areas of their own: for a unitary, metropolitan district
    # or London borough the district *is* the local authority (same code).
    return [
        AreaRow(where, row["LTLA23CD"], row["LTLA23NM"], AreaLevel.DISTRICT, parent=row["UTLA23CD"])
        for where, row in _rows(path)
        if row["LTLA23CD"].startswith("E") and row["LTLA23CD"] != row["UTLA23CD"]
    ]


def _ward_rows(path: Path) -> list[AreaRow]:
    return [
        AreaRow(where, row["area_code"], row["area_name"], AreaLevel.WARD, parent=TRAFFORD)
        for where, row in _rows(path)
    ]


def _lsoa_rows(path: Path) -> list[AreaRow]:
    return [
        AreaRow(
            where,
            row["LSOA code (2011)"],
            row["LSOA name (2011)"],
            AreaLevel.LSOA,
            parent=row["Local Authority District code (2019)"],
        )
        for where, row in _rows(path)
    ]


# Writing -------------------------------------------------------------------------------------


class _AreaSync:
    """Creates and updates areas in bulk. Every stored area is held in memory as a tuple (about
    33,000, a few megabytes) so parents resolve without a query per row."""

    FIELDS = ["name", "level", "dfe_code", "parent_id", "grouping_id", "start_date", "end_date"]
    LEVELS = frozenset(AreaLevel.values)

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.stored: dict[str, tuple[object, ...]] = {}
        for pk, code, *values in Area.objects.values_list("pk", "code", *self.FIELDS):
            self.ids[code] = pk
            self.stored[code] = tuple(values)

    def apply(
        self, rows: list[AreaRow], *, parent_required: bool = True
    ) -> tuple[AreaLoadResult, int]:
        """Returns the counts and how many rows had an optional parent that is not stored."""
        problems: list[str] = []
        new: list[tuple[object, ...]] = []
        changed: list[Area] = []
        changed_fields: set[str] = set()
        unchanged = orphans = 0
        seen: set[str] = set()
        for row in rows:
            problems += self._check(row, seen)
            seen.add(row.code)
            parent_id = self.ids.get(row.parent) if row.parent else None
            if row.parent and parent_id is None:
                if parent_required:
                    problems.append(
                        f"{row.where}: the parent area {row.parent} of {row.code} is not known."
                    )
                    continue
                orphans += 1
            grouping_id = self.ids.get(row.grouping) if row.grouping else None
            values: tuple[object, ...] = (
                row.name,
                row.level,
                row.dfe_code,
                parent_id,
                grouping_id,
                row.start_date,
                row.end_date,
            )
            old = self.stored.get(row.code)
            if old is None:
                new.append((row.code, *values))
            elif old == values:
                unchanged += 1
            else:
                fields = dict(zip(self.FIELDS, values, strict=True))
                changed.append(Area(pk=self.ids[row.code], code=row.code, **fields))
                changed_fields.update(
                    name for name, a, b in zip(self.FIELDS, old, values, strict=True) if a != b
                )
        if problems:
            raise AreaDataError(problems)
        insert_rows(Area, ["code", *self.FIELDS], new)
        # insert_rows returns no ids: read back those of the levels just written.
        for level in {row[2] for row in new}:
            for pk, code, *values in Area.objects.filter(level=level).values_list(
                "pk", "code", *self.FIELDS
            ):
                self.ids[code] = pk
                self.stored[code] = tuple(values)
        if changed:
            Area.objects.bulk_update(
                changed,
                [name.removesuffix("_id") for name in sorted(changed_fields)],
                batch_size=500,
            )
            for area in changed:
                self.stored[area.code] = tuple(getattr(area, f) for f in self.FIELDS)
        return AreaLoadResult(created=len(new), updated=len(changed), unchanged=unchanged), orphans

    def _check(self, row: AreaRow, seen: set[str]) -> list[str]:
        # What Area.full_clean would check, without its cost (33,000 LSOAs) or its query per
        # foreign key: parents are resolved from memory above.
        problems = []
        if row.code in seen:
            problems.append(f"{row.where}: the area code {row.code} appears twice.")
        if not GSS_CODE.match(row.code):
            problems.append(f"{row.where}: “{row.code}” is not an ONS code like E06000004.")
        if not row.name or len(row.name) > 200:
            problems.append(f"{row.where}: the name must be 1 to 200 characters long.")
        if row.level not in self.LEVELS:
            raise ValueError(f"unknown area level {row.level!r}")
        if row.dfe_code and not (len(row.dfe_code) == 3 and row.dfe_code.isdigit()):
            problems.append(f"{row.where}: “{row.dfe_code}” is not a DfE 3-digit code.")
        if row.start_date and row.end_date and row.end_date < row.start_date:
            problems.append(f"{row.where}: the area ends before it starts.")
        return problems


def _load_local_authorities(sync: _AreaSync, path: Path) -> tuple[AreaLoadResult, AreaLoadResult]:
    problems: list[str] = []
    la_rows, skipped = _la_rows(path, problems)
    if problems:
        raise AreaDataError(problems)
    top = sum((sync.apply(rows)[0] for rows in _top_rows()), AreaLoadResult())
    las, _ = sync.apply(la_rows)
    return top, AreaLoadResult(las.created, las.updated, las.unchanged, skipped)


@transaction.atomic
def areas_load_local_authorities(*, path: Path) -> AreaLoadResult:
    """Create or update England, the regions, Inner and Outer London and every upper-tier local
    authority (current and abolished) in DfE's LA lookup (``dfeR_las.csv``)."""
    top, las = _load_local_authorities(_AreaSync(), path)
    return top + las


@transaction.atomic
def areas_load_all(*, data_dir: Path) -> AreasLoadResult:
    """Load every area and statistical-neighbour set in the open-data pack at ``data_dir``
    (``data/open``): England, regions, Inner/Outer London, local authorities, districts, the
    Trafford wards and LSOAs, then the 2021 and 2025 neighbour sets. Idempotent."""
    sync = _AreaSync()
    top, las = _load_local_authorities(sync, data_dir / LA_FILE)
    districts, _ = sync.apply(_district_rows(data_dir / DISTRICT_FILE))
    wards, _ = sync.apply(_ward_rows(data_dir / WARD_FILE))
    # IMD 2019 gives each LSOA its 2019 district. Districts merged into unitaries since then
    # (Buckinghamshire, Northamptonshire, Cumbria, North Yorkshire, Somerset) are not in the
    # 2023 lookup, so those LSOAs get no parent rather than a guessed one.
    lsoas, orphans = sync.apply(_lsoa_rows(data_dir / LSOA_FILE), parent_required=False)
    levels = {
        "England, regions and London": top,
        "Local authorities": las,
        "Districts": districts,
        "Wards": wards,
        "LSOAs": lsoas,
    }
    neighbours = {
        source.version: neighbours_load(
            version=source.version,
            path=data_dir / source.path,
            layout=source.layout,
            source=source.source,
            published=source.published,
        )
        for source in NEIGHBOUR_SOURCES
    }
    return AreasLoadResult(levels=levels, neighbours=neighbours, lsoas_without_district=orphans)


# Statistical neighbours ----------------------------------------------------------------------


@dataclass(frozen=True)
class _NeighbourRow:
    where: str
    area: str  # DfE 3-digit codes
    rank: int
    neighbour: str
    closeness: str


def _closeness(text: str) -> str:
    # 2021 writes "Very Close", 2025 "Very close": keep one spelling so the sets compare.
    return text.strip().capitalize()


def _long_neighbour_rows(path: Path, problems: list[str]) -> list[_NeighbourRow]:
    rows = []
    for where, row in _rows(path):
        try:
            rank = int(row["rank"])
        except ValueError:
            problems.append(f"{where}, column rank: “{row['rank']}” is not a whole number.")
            continue
        rows.append(
            _NeighbourRow(
                where,
                row["old_la_code"],
                rank,
                row["neighbour_old_la_code"],
                _closeness(row["closeness"]),
            )
        )
    return rows


def _wide_neighbour_rows(path: Path) -> list[_NeighbourRow]:
    # Columns: LA num, LA Name, LA number, GOInd, GOReg, then SN1, SNP, SN2, SNP ... SN10, SNP.
    # Blank separator rows and the "Old SNs:" heading (before the sets of abolished LAs) have
    # no LA number in the first column.
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        for number, cells in enumerate(reader, start=2):
            code = cells[0].strip() if cells else ""
            if not code.isdigit():
                continue
            for rank in range(1, 11):
                column = 5 + 2 * (rank - 1)
                neighbour = cells[column].strip() if column < len(cells) else ""
                if neighbour:
                    closeness = cells[column + 1] if column + 1 < len(cells) else ""
                    where = f"{path.name} row {number}, column SN{rank}"
                    rows.append(_NeighbourRow(where, code, rank, neighbour, _closeness(closeness)))
    return rows


@transaction.atomic
def neighbours_load(
    *, version: str, path: Path, layout: str, source: str, published: dt.date | None
) -> NeighbourLoadResult:
    """Create or bring up to date the neighbour set ``version`` from a DfE file, long (one row
    per neighbour) or wide (one row per LA). The file defines the set: pairs it no longer lists
    are removed."""
    problems: list[str] = []
    if layout == "long":
        rows = _long_neighbour_rows(path, problems)
    elif layout == "wide":
        rows = _wide_neighbour_rows(path)
    else:
        raise ValueError(f"layout must be 'long' or 'wide', not {layout!r}")
    codes = dfe_code_map()
    wanted: dict[tuple[int, int], tuple[int, str]] = {}
    for row in rows:
        area_id, neighbour_id = codes.get(row.area), codes.get(row.neighbour)
        for code, found in ((row.area, area_id), (row.neighbour, neighbour_id)):
            if found is None:
                problems.append(f"{row.where}: no local authority has the DfE code “{code}”.")
        if area_id is None or neighbour_id is None:
            continue
        if not 1 <= row.rank <= 10:
            problems.append(f"{row.where}: the rank {row.rank} is not between 1 and 10.")
        elif (area_id, row.rank) in wanted:
            problems.append(f"{row.where}: {row.area} has two neighbours ranked {row.rank}.")
        elif area_id == neighbour_id:
            problems.append(f"{row.where}: {row.area} is listed as its own neighbour.")
        else:
            wanted[(area_id, row.rank)] = (neighbour_id, row.closeness)
    if problems:
        raise AreaDataError(problems)

    nset, _ = NeighbourSet.objects.get_or_create(
        version=version, defaults={"source": source, "published": published}
    )
    if (nset.source, nset.published) != (source, published):
        nset.source, nset.published = source, published
        nset.full_clean()
        nset.save()
    existing = {(n.area_id, n.rank): n for n in Neighbour.objects.filter(set=nset)}
    stale = [n.pk for key, n in existing.items() if key not in wanted]
    changed = [
        n.pk
        for key, n in existing.items()
        if key in wanted and (n.neighbour_id, n.closeness) != wanted[key]
    ]
    # Changed pairs are replaced rather than updated in place: moving a neighbour from one rank
    # to another would otherwise collide with the (set, area, neighbour) constraint mid-update.
    Neighbour.objects.filter(pk__in=stale + changed).delete()
    replaced = set(changed)
    create = [
        Neighbour(set=nset, area_id=area_id, rank=rank, neighbour_id=nb, closeness=closeness)
        for (area_id, rank), (nb, closeness) in wanted.items()
        if (area_id, rank) not in existing or existing[(area_id, rank)].pk in replaced
    ]
    Neighbour.objects.bulk_create(create, batch_size=2000)
    return NeighbourLoadResult(
        created=len(create) - len(changed),
        updated=len(changed),
        deleted=len(stale),
        unchanged=len(existing) - len(stale) - len(changed),
    )
