"""Comparisons, targets, quartiles and the recent trend against Fingertips' unit tests
(../shared/reference/stats/fo_*.csv)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from partnership.stats import (
    CHI_SQUARED_998,
    StatisticsError,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    compare_with_target,
    quantile_bounds,
    quantile_category,
    recent_trend,
)

Load = Callable[[str], list[dict[str, str]]]

POLARITY = {"high_is_good": "high", "low_is_good": "low", "not_applicable": "none", "": "none"}

# Fingertips' Significance names, for each of our labels.
SIGNIFICANCE = {
    "best": "Best",
    "better": "Better",
    "similar": "Same",
    "worse": "Worse",
    "worst": "Worst",
    "": "None",
    "green": "Better",
    "amber": "Same",
    "red": "Worse",
}


def num(cell: str) -> float:
    return float(cell) if cell.strip() else math.nan


@pytest.mark.reference("fo_compare_ci_one_level.csv")
def test_compare_one_level(row: dict[str, str]) -> None:
    """fo_compare_ci_one_level.csv (SingleOverlappingCIsForOneCILevelComparatorTest.cs)."""
    got = compare_with_benchmark(
        num(row["value"]),
        num(row["lower_ci95"]),
        num(row["upper_ci95"]),
        num(row["benchmark_value"]),
        polarity=POLARITY[row["polarity"]],
    )
    assert SIGNIFICANCE[str(got)] == row["expected_result"]


@pytest.mark.reference("fo_compare_ci_two_levels.csv")
def test_compare_two_levels(row: dict[str, str]) -> None:
    """fo_compare_ci_two_levels.csv (SingleOverlappingCIsForTwoCILevelsComparerTest.cs)."""
    got = compare_with_benchmark_two_levels(
        num(row["value"]),
        num(row["lower_ci95"]),
        num(row["upper_ci95"]),
        num(row["lower_ci99_8"]),
        num(row["upper_ci99_8"]),
        num(row["benchmark_value"]),
        polarity=POLARITY[row["polarity"]],
    )
    assert SIGNIFICANCE[str(got)] == row["expected_result"]


def test_compare_two_levels_missing_gives_empty() -> None:
    """fo_compare_ci_two_levels.csv README: None when any value or limit is missing."""
    args = [2.6, 2.5, 2.7, 2.3, 2.9, 3.0]
    for i in range(6):
        broken = list(args)
        broken[i] = math.nan
        assert compare_with_benchmark_two_levels(*broken, polarity="high") == ""


@pytest.mark.reference("fo_target_single_value.csv")
def test_target_single_value(row: dict[str, str]) -> None:
    """fo_target_single_value.csv (SingleValueTargetComparerTest.cs and the no-comparison
    test of RangeTargetComparerTest.cs).  'No data object' is passed as a missing value."""
    use_cis = row["use_cis_for_limit_comparison"] == "TRUE"
    value = math.nan if row["data_is_null"] == "TRUE" else num(row["value"])
    got = compare_with_target(
        value,
        num(row["target"]),
        polarity=POLARITY[row["polarity"]],
        lower=num(row["lower_ci95"]) if use_cis else None,
        upper=num(row["upper_ci95"]) if use_cis else None,
        use_interval=use_cis,
    )
    assert SIGNIFICANCE[str(got)] == row["expected_result"]


@pytest.mark.reference("fo_target_range.csv")
def test_target_range(row: dict[str, str]) -> None:
    """fo_target_range.csv (RangeTargetComparerTest.cs), including the configuration
    error when the lower limit is above the upper limit."""
    lower, upper = num(row["lower_limit"]), num(row["upper_limit"])
    if row["expected_result"] == "config_error":
        with pytest.raises(StatisticsError, match=r"target at position 0 \(2\) is greater"):
            compare_with_target(1.0, lower, target_upper=upper, polarity="high")
        return
    if row["expected_result"] == "config_ok":
        assert compare_with_target(1.0, lower, target_upper=upper, polarity="high") != ""
        return
    got = compare_with_target(
        num(row["value"]), lower, target_upper=upper, polarity=POLARITY[row["polarity"]]
    )
    assert SIGNIFICANCE[str(got)] == row["expected_result"]


def test_quartile_and_quintile_bounds(reference: Load) -> None:
    """fo_quartile_quintile_bounds.csv (QuartilesCalculatorTest.cs, QuintilesCalculatorTest.cs):
    PERCENTILE.INC bounds of the integers 1 to 50, and none for no list."""
    rows = reference("fo_quartile_quintile_bounds.csv")
    for calculator, n in (("quartiles", 4), ("quintiles", 5)):
        expected = [
            float(r["expected_bound"])
            for r in rows
            if r["calculator"] == calculator and r["input_values"] == "integers 1 to 50"
        ]
        bounds = quantile_bounds(np.arange(1, 51), n)
        assert len(bounds) == len(expected) == n + 1
        # Fingertips rounds to 10 decimals, so that is the tolerance.
        np.testing.assert_allclose(bounds, expected, rtol=0, atol=1e-10)
        assert np.isnan(quantile_bounds([], n)).all()


def _category_list(spec: str) -> list[float]:
    if spec in ("not set", "null", "empty list"):
        return []
    if ".." in spec:
        start, stop = spec.split("..")
        return [float(i) for i in range(int(start), int(stop) + 1)]
    return [float(x) for x in spec.split(",")]


@pytest.mark.reference("fo_quartile_quintile_categories.csv")
def test_quartile_and_quintile_categories(row: dict[str, str]) -> None:
    """fo_quartile_quintile_categories.csv (QuartilesComparerTest.cs, QuintilesComparerTest.cs):
    quartiles ignore polarity; quintiles reverse for high is good."""
    n = 4 if row["comparer"] == "quartiles" else 5
    polarity = "none" if n == 4 else POLARITY.get(row["polarity"], "low")
    value = math.nan if row["data_is_null"] == "TRUE" else num(row["value"])
    got = quantile_category(value, _category_list(row["category_values"]), n=n, polarity=polarity)
    assert int(got) == int(row["expected_category"])


def _trend_case(reference: Load, case_id: str) -> tuple[dict[str, list[float]], dict[str, str]]:
    points = sorted(
        (r for r in reference("fo_trend_points.csv") if r["case_id"] == case_id),
        key=lambda r: int(r["year"]),
    )
    (result,) = (r for r in reference("fo_trend_results.csv") if r["case_id"] == case_id)
    columns = ("value", "lower_ci95", "upper_ci95", "count", "denominator")
    return {c: [float(p[c]) for p in points] for c in columns}, result


def test_trend_set1_is_significant(reference: Load) -> None:
    """fo_trend_points.csv / fo_trend_results.csv, case set1
    (TrendMarkerCalculatorTest.TestIsSignificantReturnsTrue): chi-square 46.77."""
    data, result = _trend_case(reference, "set1")
    got = recent_trend(data["value"], data["lower_ci95"], data["upper_ci95"], polarity="high")
    assert result["expected_is_significant"] == "TRUE"
    assert got.significant
    assert round(got.chi_squared, 2) == float(result["expected_chi_square_2dp"])
    assert got.chi_squared > CHI_SQUARED_998
    assert got.slope > 0
    assert got.label == "Increasing and getting better"
    low = recent_trend(data["value"], data["lower_ci95"], data["upper_ci95"], polarity="low")
    assert low.label == "Increasing and getting worse"
    none = recent_trend(data["value"], data["lower_ci95"], data["upper_ci95"], polarity="none")
    assert none.label == "Increasing"


def test_trend_year_range_3_is_invalid(reference: Load) -> None:
    """fo_trend_results.csv, case set1_year_range_3
    (TrendMarkerCalculatorTest.TestCalculateTrendInvalidTrendRequest)."""
    data, result = _trend_case(reference, "set1_year_range_3")
    got = recent_trend(
        data["value"], data["lower_ci95"], data["upper_ci95"], polarity="high", year_range=3
    )
    assert result["expected_is_valid"] == "FALSE"
    assert not got.significant
    assert got.label == "Cannot be calculated"


def test_trend_set1_cochran_armitage(reference: Load) -> None:
    """fo_trend_points.csv, set1 with counts: Fingertips' SPC-for-proportions path gives a
    significant increase too; its chi-square is the Cochran-Armitage statistic, checked
    here against an independent calculation as a logistic-scale score test."""
    data, _ = _trend_case(reference, "set1")
    got = recent_trend(
        data["value"],
        data["lower_ci95"],
        data["upper_ci95"],
        polarity="low",
        counts=data["count"],
        denominators=data["denominator"],
    )
    x = np.array(data["count"])
    n = np.array(data["denominator"])
    t = np.arange(1.0, 6.0)
    p = x.sum() / n.sum()
    # Textbook form: (Σ t (x − n p))² / (p (1 − p) (Σ n t² − (Σ n t)² / N)).
    expected = (t * (x - n * p)).sum() ** 2 / (
        p * (1 - p) * ((n * t * t).sum() - (n * t).sum() ** 2 / n.sum())
    )
    assert math.isclose(got.chi_squared, expected, rel_tol=1e-12)
    assert got.method == "Cochran-Armitage"
    assert got.label == "Increasing and getting worse"
