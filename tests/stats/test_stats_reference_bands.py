"""Bands, ranks, colours and PHE quantiles against LAIT's and PHEindicatormethods' tests
(../shared/reference/stats/lait_*.csv and pim_quantiles.csv)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pytest
from numpy.typing import NDArray

from partnership.stats import (
    StatisticsError,
    band_colour,
    phe_quantile,
    quartile_band,
    quartile_band_from_bounds,
    rank,
)

Load = Callable[[str], list[dict[str, str]]]

LAIT_POLARITY = {"Low": "low", "High": "high", "": "none", "-": "none"}


def num(cell: str) -> float:
    return float(cell) if cell.strip() else math.nan


@pytest.mark.reference("lait_quartile_band.csv")
def test_lait_quartile_band(row: dict[str, str]) -> None:
    """lait_quartile_band.csv (test-fn_analysis.R, calculate_quartile_band tests 1-6).
    LAIT's warning cases give "Error"; missing gives ""; empty input gives empty output."""
    edges = [num(row[f"band_{p}pct"]) for p in (0, 25, 50, 75, 100)]
    polarity = LAIT_POLARITY[row["polarity"]]
    if row["value_kind"] == "empty_list":
        assert quartile_band_from_bounds([], edges, polarity=polarity).tolist() == []
        return
    got = quartile_band_from_bounds(num(row["value"]), edges, polarity=polarity)
    assert str(got) == row["expected_band"]


def _rank_cases(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    cases: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        cases[r["case_id"]].append(r)
    return cases


def test_lait_rank(reference: Load) -> None:
    """lait_rank.csv (test-fn_analysis.R, calculate_rank tests 1-5): ties to the minimum,
    missing unranked, empty in gives empty out."""
    for case_id, rows in _rank_cases(reference("lait_rank.csv")).items():
        polarity = LAIT_POLARITY[rows[0]["polarity"]]
        if rows[0]["position"] == "":
            assert rank([], polarity=polarity).tolist() == [], case_id
            continue
        rows.sort(key=lambda r: int(r["position"]))
        got = rank([num(r["value"]) for r in rows], polarity=polarity)
        expected = [num(r["expected_rank"]) for r in rows]
        np.testing.assert_array_equal(got, expected, err_msg=case_id)


@pytest.mark.reference("lait_band_colour.csv")
def test_lait_band_colour(row: dict[str, str]) -> None:
    """lait_band_colour.csv (test-fn_analysis.R, get_quartile_band_cell_colour tests 1, 3-5).
    LAIT's warning cases (unknown polarity or band) raise StatisticsError here."""
    if row["expected_colour"] == "(no result)":
        with pytest.raises(StatisticsError):
            band_colour(row["quartile_band"], polarity=LAIT_POLARITY.get(row["polarity"], "?"))
        return
    polarity = LAIT_POLARITY[row["polarity"]]
    assert band_colour(row["quartile_band"], polarity=polarity) == row["expected_colour"]


def test_quartile_band_uses_type7_edges_and_ties_low() -> None:
    """LAIT computes edges with quantile(type = 7); a value on an edge takes the lower band."""
    values = np.arange(1.0, 10.0)  # edges 1, 3, 5, 7, 9
    low = quartile_band(values, polarity="low").tolist()
    assert low == ["A", "A", "A", "B", "B", "C", "C", "D", "D"]
    high = quartile_band(values, polarity="high").tolist()
    assert high == ["D", "D", "D", "C", "C", "B", "B", "A", "A"]
    assert quartile_band(values, polarity="none").tolist() == [""] * 9


def run_in_groups(
    values: list[float], groups: list[str], nquantiles: int, invert: bool
) -> NDArray[np.float64]:
    """Run phe_quantile separately within each group, the way the R package's
    group_by() does, to check the groups= keyword against it."""
    out = np.full(len(values), np.nan)
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    for idx in members.values():
        out[idx] = phe_quantile(np.asarray(values)[idx], nquantiles, invert=invert)
    return out


def test_phe_quantiles(reference: Load) -> None:
    """pim_quantiles.csv (testQuantiles.R): regional deciles, national septiles and pooled
    quartiles; only rows with row_role 'check' carry an expected value, 'context' rows are
    there to rank the others."""
    rows = reference("pim_quantiles.csv")
    by_setting: dict[tuple[str, int, bool], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_setting[(r["scenario"], int(r["nquantiles"]), r["invert"] == "TRUE")].append(r)
    checked = 0
    for (scenario, q, invert), rs in by_setting.items():
        values = [num(r["value"]) for r in rs]
        groups = [r["group_id"] for r in rs]
        looped = run_in_groups(values, groups, q, invert)
        vectorised = phe_quantile(values, q, invert=invert, groups=groups)
        np.testing.assert_array_equal(looped, vectorised, err_msg=scenario)
        for r, got in zip(rs, vectorised, strict=True):
            if r["row_role"] != "check":
                continue
            checked += 1
            expected = num(r["expected_quantile"])
            if math.isnan(expected):
                assert math.isnan(got), r
            else:
                assert got == expected, (r["group_id"], r["area_code"], got, expected)
    assert checked == sum(r["row_role"] == "check" for r in rows) > 800


def test_phe_quantile_small_group_is_missing() -> None:
    """PHEindicatormethods: with fewer values than quantiles every quantile is missing."""
    assert np.isnan(phe_quantile([1.0, 2.0, 3.0], 4)).all()
    np.testing.assert_array_equal(phe_quantile([1.0, 2.0, 3.0, 4.0], 4), [4, 3, 2, 1])
    np.testing.assert_array_equal(phe_quantile([1.0, 2.0, 3.0, 4.0], 4, invert=False), [1, 2, 3, 4])
