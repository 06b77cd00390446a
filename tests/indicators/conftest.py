"""Small LAIT files written in tmp_path: the tests never import the bundled LAIT data."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from partnership.areas.models import Area, Neighbour, NeighbourSet
from partnership.indicators.importers import ImportOptions, import_file
from partnership.indicators.models import Indicator
from partnership.plans.models import Plan, PriorityIndicator
from partnership.web.models import Partnership

KEY_HEADER = [
    "Topic",
    "Short Desc",
    "Measure",
    "Polarity",
    "y_axis_name",
    "Years",
    "LA Number",
    "LA and Regions",
    "Region",
    "Values",
    "Year_Type",
    "dps",
]
PLAIN_HEADER = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"]
DICTIONARY_HEADER = [
    "Measure_code",
    "Topic",
    "Measure",
    "Measure_short",
    "Polarity",
    "y_axis_name",
    "Description",
    "Last Update",
    "Data Owner (DO) /Supplier and Contact Details",
    "Methodology",
    "dps",
    "Year_Type",
    "No_Quartile",
]

LAC = [
    "Children Looked After",
    "LAC",
    "Children looked after rate per 10,000",
    "-",
    "Rate per 10,000",
]
EXCESS = [
    "Health and Wellbeing",
    "ExcessRec",
    "Children in reception year who are overweight or obese",
    "Low",
    "% children with excess weight",
]


def lac(years: str, la: str, name: str, value: str) -> list[str]:
    region = "NA" if la.startswith("9") else "North West"
    return [*LAC[:5], years, la, name, region, value, "Annual", ""]


def excess(years: str, la: str, name: str, value: str) -> list[str]:
    region = "NA" if la.startswith("9") else "North West"
    return [*EXCESS[:5], years, la, name, region, value, "Academic Year", "2.0"]


# A good key-indicators file: two measures, England, the North West, Inner London and Trafford,
# a missing value, a value in E-notation and a year LAIT marks as revised.
GOOD_ROWS = [
    lac("2024", "970", "England", "70"),
    lac("2024", "981", "North West", "97.5"),
    lac("2024", "358", "Trafford", "58.1"),
    lac("2025", "358", "Trafford", "-"),
    excess("2022/23", "358", "Trafford", "7.0000000000000007E-2"),
    excess("2022/23", "987", "London (Inner)", "21.3"),
    excess("2018 (Rev)", "358", "Trafford", "19.4"),
]


def plain(short: str, years: str, la: str, value: str) -> list[str]:
    return [short, years, "An area", value, la, "A region"]


@pytest.fixture
def lait() -> SimpleNamespace:
    """Row builders and headers (test modules cannot import this conftest directly)."""
    return SimpleNamespace(
        lac=lac,
        excess=excess,
        plain=plain,
        good_rows=[row[:] for row in GOOD_ROWS],
        key_header=KEY_HEADER,
        plain_header=PLAIN_HEADER,
        dictionary_header=DICTIONARY_HEADER,
    )


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(
        rows: Sequence[Sequence[str]],
        header: Sequence[str] = KEY_HEADER,
        name: str = "lait.csv",
        compress: bool = False,
    ) -> Path:
        path = tmp_path / name
        opener = gzip.open if compress else open
        with opener(path, "wt", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def dictionary(write_csv) -> Path:
    """A LAIT data dictionary describing LAC (twice: the later update wins) and KS2."""
    rows = [
        [
            "1",
            "Children Looked After",
            "LAC old name",
            "LAC",
            "-",
            "Rate per 10,000",
            "Old.",
            "45000",
            "DfE",
            "-",
            "NA",
            "Annual",
            "NA",
        ],
        [
            "1",
            "Children Looked After",
            "Children looked after rate per 10,000",
            "LAC",
            "-",
            "Rate per 10,000",
            "Children looked after at 31 March per 10,000 children.",
            "46000",
            "DfE",
            "Counts at 31 March over ONS mid-year estimates.",
            "NA",
            "Annual",
            "N",
        ],
        [
            "2",
            "Key Stage 2",
            "KS2 reading, writing and maths",
            "KS2RWM",
            "High",
            "% achieving expected level",
            "Pupils meeting the expected standard.",
            "46000",
            "DfE",
            "-",
            "0",
            "Academic Year",
            "NA",
        ],
    ]
    return write_csv(rows, header=DICTIONARY_HEADER, name="dictionary.csv")


# The performance pages' data (test_performance.py, test_performance_pages.py) ------------------

ENGLAND, STOCKTON, HARTLEPOOL, DARLINGTON = "E92000001", "E06000004", "E06000001", "E06000005"
TEMPLATE_HEADER = [
    "Indicator code",
    "Area code",
    "Period",
    "Value",
    "Lower 95%",
    "Upper 95%",
    "Lower 99.8%",
    "Upper 99.8%",
    "Note",
]

# Stockton, two neighbours and England for a few of the demo plan's indicators: the reasoning
# behind each expected figure is in test_performance.py.
PERFORMANCE_ROWS = [
    ["eyfs-good-level-of-development", ENGLAND, "2022/23", "67.2", "", "", "", "", ""],
    ["eyfs-good-level-of-development", ENGLAND, "2023/24", "67.7", "", "", "", "", ""],
    ["eyfs-good-level-of-development", STOCKTON, "2022/23", "65.0", "63.0", "67.0", "", "", ""],
    ["eyfs-good-level-of-development", STOCKTON, "2023/24", "64.1", "62.5", "65.7", "", "", ""],
    ["eyfs-good-level-of-development", HARTLEPOOL, "2023/24", "66.0", "", "", "", "", ""],
    ["eyfs-good-level-of-development", DARLINGTON, "2023/24", "70.0", "", "", "", "", ""],
    ["maternal-smoking-at-delivery", ENGLAND, "2023/24", "7.4", "", "", "", "", ""],
    ["maternal-smoking-at-delivery", STOCKTON, "2022/23", "12.0", "", "", "", "", ""],
    ["maternal-smoking-at-delivery", STOCKTON, "2023/24", "10.5", "", "", "", "", ""],
    ["y1-phonics-screening-check", STOCKTON, "2023/24", "80.0", "", "", "", "", ""],
    ["childhood-immunisations-take-up", STOCKTON, "2022/23", "95.0", "", "", "", "", ""],
    ["childhood-immunisations-take-up", STOCKTON, "2023/24", "95.0", "", "", "", "", ""],
    ["caf2s-by-agency-and-reason", STOCKTON, "2022/23", "100", "", "", "", "", ""],
    ["caf2s-by-agency-and-reason", STOCKTON, "2023/24", "120", "", "", "", "", ""],
    ["social-care-referrals-with-active-caf", STOCKTON, "2022/23", "c", "", "", "", "", "Small"],
    ["social-care-referrals-with-active-caf", STOCKTON, "2023/24", "30.0", "", "", "", "", ""],
    ["section-47-enquiries-rate", ENGLAND, "2023/24", "60.5", "", "", "", "", ""],
    ["section-47-enquiries-rate", STOCKTON, "2023/24", "60.0", "55", "65", "52", "68", ""],
    ["section-47-enquiries-rate", HARTLEPOOL, "2023/24", "40.0", "", "", "", "", ""],
    ["section-47-enquiries-rate", DARLINGTON, "2023/24", "44.0", "", "", "", "", ""],
]


@pytest.fixture
def write_template(write_csv) -> Callable[[list[list[str]], str], Path]:
    """Rows in the import template's columns, written to a CSV file."""

    def write(rows: list[list[str]], name: str) -> Path:
        return write_csv(rows, header=TEMPLATE_HEADER, name=name)

    return write


@pytest.fixture
def stockton(demo) -> Partnership:
    return Partnership.objects.get(slug="stockton-on-tees")


@pytest.fixture
def plan(stockton) -> Plan:
    return Plan.objects.get(partnership=stockton)


@pytest.fixture
def neighbours(demo) -> NeighbourSet:
    """Stockton's statistical neighbours: Hartlepool, then Darlington."""
    found = NeighbourSet.objects.create(
        version="test", source="Test", published=dt.date(2025, 1, 1)
    )
    stockton = Area.objects.get(code=STOCKTON)
    for rank, code in enumerate([HARTLEPOOL, DARLINGTON], start=1):
        Neighbour.objects.create(
            set=found, area=stockton, neighbour=Area.objects.get(code=code), rank=rank
        )
    return found


@pytest.fixture
def data(
    stockton, plan, neighbours, write_csv, write_template, lait, django_capture_on_commit_callbacks
):
    """The values above, and LAIT's reception-year excess weight (national, lower is better)
    linked to priority 2 with the EYFS indicator, so that one is in two priorities. Excess
    weight: Stockton 24.1 -> 22.9 improved, rank 1 of 2 (Hartlepool 24.0), band A: green."""
    lait_rows = [
        lait.excess("2022/23", "970", "England", "21.3"),
        lait.excess("2022/23", "808", "Stockton-on-Tees", "24.1"),
        lait.excess("2023/24", "970", "England", "22.1"),
        lait.excess("2023/24", "808", "Stockton-on-Tees", "22.9"),
        lait.excess("2023/24", "805", "Hartlepool", "24.0"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(
            path=write_template(PERFORMANCE_ROWS, "stockton.csv"),
            format="template",
            options=ImportOptions(partnership=stockton),
        )
        import_file(path=write_csv(lait_rows), format="lait")
    excess = Indicator.objects.get(lait_code="ExcessRec")
    second = plan.priorities.get(order=2)
    PriorityIndicator.objects.create(priority=second, indicator=excess, order=100)
    PriorityIndicator.objects.create(
        priority=second,
        indicator=Indicator.objects.get(
            partnership=stockton, code="eyfs-good-level-of-development"
        ),
        order=101,
    )
    return excess
