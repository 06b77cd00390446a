"""Intervals against PHEindicatormethods' own test data (../shared/reference/stats/pim_*.csv)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from partnership.stats import (
    ESP2013,
    StatisticsError,
    byars_limits,
    dsr,
    mean_ci,
    proportion_ci,
    rate_ci,
    wilson_limits,
)

Load = Callable[[str], list[dict[str, str]]]


def num(cell: str) -> float:
    return float(cell) if cell.strip() else math.nan


def check(actual: Any, expected_cell: str, row: dict[str, str]) -> None:
    """README rule: math.isclose with the row's tolerances; blank expected = missing."""
    expected = num(expected_cell)
    if math.isnan(expected):
        assert math.isnan(actual), f"expected missing, got {actual}"
    else:
        assert math.isclose(
            actual, expected, rel_tol=float(row["rel_tol"]), abs_tol=float(row["abs_tol"])
        ), f"{actual!r} != {expected!r}"


@pytest.mark.reference("pim_proportions_wilson.csv")
def test_proportion_wilson(row: dict[str, str]) -> None:
    """pim_proportions_wilson.csv: proportion and Wilson limits (testProportions.R)."""
    value, lower, upper = proportion_ci(
        num(row["numerator"]),
        num(row["denominator"]),
        confidence=float(row["confidence"]),
        multiplier=float(row["multiplier"]),
    )
    check(value, row["expected_value"], row)
    check(lower, row["expected_lower"], row)
    check(upper, row["expected_upper"], row)


@pytest.mark.reference("pim_rates_crude.csv")
def test_crude_rate(row: dict[str, str]) -> None:
    """pim_rates_crude.csv: crude rate, exact limits below 10 and Byar's from 10
    (testRates.R).  Area12's 99.8% row is in the sheet though not asserted by the package;
    it is checked here too, since the formula is the same."""
    value, lower, upper = rate_ci(
        num(row["numerator"]),
        num(row["denominator"]),
        confidence=float(row["confidence"]),
        multiplier=float(row["multiplier"]),
    )
    check(value, row["expected_value"], row)
    check(lower, row["expected_lower"], row)
    check(upper, row["expected_upper"], row)


@pytest.mark.reference("pim_byars_wilson.csv")
def test_byars_and_wilson_building_blocks(row: dict[str, str]) -> None:
    """pim_byars_wilson.csv: Byar's limits of a count and Wilson limits of x of n
    (testByars.R, testWilson.R), including bw_13 (upper only) and confidence exactly 1."""
    confidence = float(row["confidence"])
    if row["method"] == "Byars":
        lower, upper = byars_limits(float(row["x"]), confidence=confidence)
    else:
        lower, upper = wilson_limits(float(row["x"]), float(row["n"]), confidence=confidence)
    if row["case_id"] != "bw_13":  # the source gives no lower limit for bw_13
        check(lower, row["expected_lower"], row)
    check(upper, row["expected_upper"], row)


def test_mean_t_limits(reference: Load) -> None:
    """pim_mean_values.csv and pim_mean_results.csv: Student's t limits (testMeans.R)."""
    groups: dict[str, list[float]] = defaultdict(list)
    for r in reference("pim_mean_values.csv"):
        groups[r["group"]].append(float(r["value"]))
        groups["ALL"].append(float(r["value"]))
    results = reference("pim_mean_results.csv")
    assert len(results) == 6
    for row in results:
        got = mean_ci(groups[row["group"]], confidence=float(row["confidence"]))
        assert got.n == int(row["expected_count"])
        check(sum(groups[row["group"]]), row["expected_sum"], row)
        check(got.sd, row["expected_sd"], row)
        check(got.value, row["expected_value"], row)
        check(got.lower, row["expected_lower"], row)
        check(got.upper, row["expected_upper"], row)


def test_dsr_dobson(reference: Load) -> None:
    """pim_dsr_big_inputs.csv / pim_dsr_big_results.csv: DSR with Dobson limits
    (testDSRs.R), and the ESP2013 weights in the inputs equal :data:`ESP2013`."""
    bands = sorted(reference("pim_dsr_big_inputs.csv"), key=lambda r: int(r["band_order"]))
    counts = [float(r["count"]) for r in bands]
    pops = [float(r["pop"]) for r in bands]
    assert [float(r["stdpop"]) for r in bands] == ESP2013.tolist()
    assert ESP2013.sum() == 100_000
    for row in reference("pim_dsr_big_results.csv"):
        assert sum(counts) == float(row["expected_total_count"])
        assert sum(pops) == float(row["expected_total_pop"])
        value, lower, upper = dsr(
            counts,
            pops,
            confidence=float(row["confidence"]),
            multiplier=float(row["multiplier"]),
        )
        check(value, row["expected_value"], row)
        check(lower, row["expected_lower"], row)
        check(upper, row["expected_upper"], row)


def test_dsr_small_total_and_missing_counts(reference: Load) -> None:
    """pim_dsr_big_inputs.csv README rules: below 10 events everything is missing; a
    missing count counts as 0."""
    pops = [float(r["pop"]) for r in reference("pim_dsr_big_inputs.csv")]
    few = [1.0] * 9 + [0.0] * 10
    assert all(math.isnan(x) for x in dsr(few, pops))
    with_gap = [5.0, math.nan] + [5.0] * 17
    zero_gap = [5.0, 0.0] + [5.0] * 17
    np.testing.assert_array_equal(dsr(with_gap, pops), dsr(zero_gap, pops))


def test_wilson_confidence_one_is_trivial_but_rates_reject_it() -> None:
    """PHEindicatormethods returns 0 and 1 for a 100% Wilson interval; other methods have
    no finite 100% interval, so they reject it."""
    assert wilson_limits(3, 10, confidence=1) == (0.0, 1.0)
    with pytest.raises(StatisticsError, match="between 0 and 1 exclusive, got 1"):
        rate_ci(3, 10, confidence=1)
