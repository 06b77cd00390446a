"""Fixtures for the statistics tests: the shared reference vectors and real data.

The vectors live outside the repository, in ``../shared`` next to the repository root; tests
that need them are skipped with a clear message when that folder is absent.

A test marked ``@pytest.mark.reference("file.csv")`` that takes a ``row`` argument runs once
per row of that file (optionally only rows where ``column == value`` for the ``only``
mapping), each test id being the row's ``case_id``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REFERENCE = SHARED / "reference" / "stats"
FINGERTIPS = SHARED / "data" / "fingertips"

Rows = list[dict[str, str]]


def _read(path: Path) -> Rows:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reference(name, only=None): run once per row of a reference CSV"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("reference")
    if marker is None or "row" not in metafunc.fixturenames:
        return
    name = marker.args[0]
    only: dict[str, str] = marker.kwargs.get("only") or {}
    path = REFERENCE / name
    if not path.exists():
        reason = f"reference vectors not found: {path} (../shared is absent)"
        metafunc.parametrize("row", [pytest.param(None, marks=pytest.mark.skip(reason=reason))])
        return
    rows = [r for r in _read(path) if all(r[k] == v for k, v in only.items())]
    ids = [r.get("case_id") or f"{name}:{i + 2}" for i, r in enumerate(rows)]
    metafunc.parametrize("row", rows, ids=ids)


@pytest.fixture(scope="session")
def reference() -> Callable[[str], Rows]:
    """Load a whole CSV of ../shared/reference/stats by file name."""

    def load(name: str) -> Rows:
        path = REFERENCE / name
        if not path.exists():
            pytest.skip(f"reference vectors not found: {path} (../shared is absent)")
        return _read(path)

    return load


@pytest.fixture(scope="session")
def fingertips_90284() -> Rows:
    """The raw Fingertips export of indicator 90284 (../shared/data/fingertips)."""
    path = FINGERTIPS / "fingertips_90284_hosp_admissions_injuries_0_14_ctyua.csv"
    if not path.exists():
        pytest.skip(f"Fingertips export not found: {path} (../shared is absent)")
    return _read(path)
