"""Small LAIT files written in tmp_path: the tests never import the bundled LAIT data."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

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
