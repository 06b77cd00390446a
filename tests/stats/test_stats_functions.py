"""Behaviour of the functions not covered by the shared reference vectors."""

from __future__ import annotations

import doctest
import importlib
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps  # type: ignore[import-untyped, unused-ignore]

from partnership.stats import (
    ESP2013_AGE_BANDS,
    compare_overlap,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    correlation,
    direction_of_travel,
    exact_poisson_limits,
    isr,
    isr_rate,
    mean_ci,
    mean_ci_from_summary,
    neighbour_average,
    neighbour_average_by_code,
    poisson_limits,
    quantile_bounds,
    rate_ci,
    recent_trend,
)


def test_labels_for_polarity_none() -> None:
    got = compare_with_benchmark(2.0, [2.5, 1.5, 0.5], [3.5, 2.5, 1.5], 2, polarity="none")
    assert got.tolist() == ["higher", "similar", "lower"]
    two = compare_with_benchmark_two_levels(
        2.6, 2.5, 2.7, 2.3, 2.9, [3, 2.8, 2.6, 2.4, 2.2], polarity="none"
    )
    assert two.tolist() == ["much lower", "lower", "similar", "higher", "much higher"]


def test_compare_overlap() -> None:
    got = compare_overlap(5, [4, 4, 4, 4], [6, 6, 6, 6], 3, [6.5, 5, 1, np.nan], [7, 8, 3.5, 2])
    assert got.tolist() == ["lower", "similar", "higher", ""]


def test_direction_of_travel() -> None:
    got = direction_of_travel([2, 1, 1, np.nan], [1, 2, 1, 1], polarity="high")
    assert got.tolist() == ["improving", "worsening", "no change", ""]
    got = direction_of_travel([2, 1], [1, 2], polarity="low")
    assert got.tolist() == ["worsening", "improving"]
    got = direction_of_travel([2, 1], [1, 2], polarity="none")
    assert got.tolist() == ["increasing", "decreasing"]


def test_mean_ci_edge_cases_and_summary() -> None:
    assert mean_ci([]).n == 0 and math.isnan(mean_ci([]).value)
    one = mean_ci([4.0, math.nan])
    assert one.value == 4.0 and one.n == 1 and math.isnan(one.lower)
    full = mean_ci([1.0, 2.0, 4.0, 8.0])
    value, lower, upper = mean_ci_from_summary(full.value, full.sd, full.n)
    assert math.isclose(lower, full.lower) and math.isclose(upper, full.upper)
    _, lo, up = mean_ci_from_summary([1, 1], [1, 1], [1, 5])
    assert math.isnan(lo[0]) and not math.isnan(lo[1])


def test_exact_and_poisson_limits_agree_with_scipy() -> None:
    x = np.arange(0, 30)
    lower, upper = exact_poisson_limits(x, confidence=0.95)
    expected_lower = np.where(x == 0, 0, sps.chi2.ppf(0.025, 2 * x) / 2)
    np.testing.assert_allclose(lower, expected_lower, rtol=1e-12)
    np.testing.assert_allclose(upper, sps.chi2.ppf(0.975, 2 * x + 2) / 2, rtol=1e-12)
    pl, pu = poisson_limits(x)
    np.testing.assert_array_equal(pl[:10], lower[:10])
    assert not np.allclose(pl[10:], lower[10:])
    # Non-integer "counts" (e.g. modelled) still get limits.
    assert exact_poisson_limits(2.5)[1] > exact_poisson_limits(2)[1]


def test_rate_ci_allows_numerator_above_denominator_and_2d() -> None:
    value, lower, upper = rate_ci([[250, 5]], [[220, 100]], multiplier=100)
    assert value.shape == (1, 2) and value[0, 0] > 100
    assert (lower < value).all() and (value < upper).all()


def test_isr_and_isr_rate() -> None:
    """ISR = O/E x 100; with O = E the ratio is 100, and the rate form scales by the
    reference rate (PHEindicatormethods calculate_ISRatio / calculate_ISRate)."""
    pops = np.array([1000.0, 2000.0, 500.0])
    ref = np.array([0.01, 0.02, 0.05])  # expected = 10 + 40 + 25 = 75
    ratio, lower, upper = isr(75, pops, ref)
    assert math.isclose(ratio, 100.0)
    pl, pu = poisson_limits(75)
    assert math.isclose(lower, pl / 75 * 100) and math.isclose(upper, pu / 75 * 100)
    per_band = isr([20, 30, 25], pops, ref)
    np.testing.assert_allclose(per_band, (ratio, lower, upper))
    small = isr(3, pops, ref)
    el, eu = exact_poisson_limits(3)
    assert math.isclose(small[1], el / 75 * 100)
    rate = isr_rate(75, pops, ref, 0.02, multiplier=100_000)
    assert math.isclose(rate[0], 2000.0)
    two_areas = isr([75, 150], np.vstack([pops, 2 * pops]), ref)
    np.testing.assert_allclose(two_areas[0], [100.0, 100.0])


def test_esp2013_labels() -> None:
    assert len(ESP2013_AGE_BANDS) == 19 and ESP2013_AGE_BANDS[-1] == "90+"


def test_neighbour_average_forms() -> None:
    values = np.array([1.0, 2.0, np.nan, 4.0])
    neighbours = [[1, 2, 3], [0], [0, 1], []]
    mean, used = neighbour_average(values, neighbours)
    np.testing.assert_array_equal(used, [2, 1, 2, 0])
    np.testing.assert_array_equal(mean[:3], [3.0, 1.0, 1.5])
    assert math.isnan(mean[3])
    matrix = np.column_stack([values, values * 10])
    mean2, used2 = neighbour_average(matrix, neighbours)
    np.testing.assert_array_equal(mean2[:3, 1], [30.0, 10.0, 15.0])
    by_code = neighbour_average_by_code(
        {"A": 1.0, "B": 2.0, "C": None, "D": 4.0},
        {"A": ["B", "C", "D"], "B": ["A"], "E": ["Z"]},
    )
    assert by_code["A"] == (3.0, 2) and by_code["B"] == (1.0, 1)
    assert math.isnan(by_code["E"][0]) and by_code["E"][1] == 0


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_correlation_matches_scipy(method: str) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=40)
    y = 0.5 * x + rng.normal(size=40)
    x[4] = np.nan
    got = correlation(x, y, method=method)  # type: ignore[arg-type]
    keep = ~np.isnan(x)
    ref = (sps.pearsonr if method == "pearson" else sps.spearmanr)(x[keep], y[keep])
    assert got.n == 39
    assert math.isclose(got.coefficient, ref[0], rel_tol=1e-12)
    assert math.isclose(got.p_value, ref[1], rel_tol=1e-6)
    assert got.lower < got.coefficient < got.upper
    if method == "pearson":
        ci = sps.pearsonr(x[keep], y[keep]).confidence_interval(0.95)
        assert math.isclose(got.lower, ci.low, rel_tol=1e-9)
        assert math.isclose(got.upper, ci.high, rel_tol=1e-9)


def test_correlation_three_pairs_and_perfect() -> None:
    three = correlation([1, 2, 3], [1, 3, 2])
    assert (three.lower, three.upper) == (-1.0, 1.0)
    perfect = correlation([1, 2, 3, 4], [2, 4, 6, 8])
    assert perfect.coefficient == 1.0 and perfect.p_value == 0.0


def test_quantile_bounds_ignores_missing() -> None:
    np.testing.assert_array_equal(quantile_bounds([np.nan, 1, 2, 3, 4, 5]), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(quantile_bounds([7.0]), [7.0] * 5)


TREND = ([24.67, 24.6, 28.0, 30.2, 30.6], [23.16, 23.15, 26.44, 28.63, 28.98],
         [26.25, 26.19, 29.64, 31.9, 32.25])  # fmt: skip


def test_trend_needs_five_unbroken_points() -> None:
    v, lo, up = (list(a) for a in TREND)
    assert recent_trend(v[1:], lo[1:], up[1:], polarity="high").label == "Cannot be calculated"
    v[2] = math.nan
    assert recent_trend(v, lo, up, polarity="high").label == "Cannot be calculated"
    # Older points beyond the last five do not matter.
    longer = recent_trend([math.nan, *TREND[0]], [0, *TREND[1]], [1, *TREND[2]], polarity="low")
    assert longer.label == "Increasing and getting worse"


def test_trend_outlier_check_and_flat_series() -> None:
    flat = recent_trend([10, 10, 10, 10, 10], [9] * 5, [11] * 5, polarity="high")
    assert flat.label == "No significant change" and flat.chi_squared < 1e-20
    # One late jump drives a large chi-square, but without it the slope turns negative:
    # Fingertips' leave-one-out check then refuses to call a trend.
    tight = [0.05] * 5
    values = np.array([10.0, 10.2, 10.1, 10.0, 12.0])
    jump = recent_trend(values, values - tight, values + tight, polarity="high")
    assert jump.chi_squared > 9.5495 and jump.slope > 0
    assert not jump.significant and jump.label == "No significant change"
    decreasing = recent_trend(TREND[0][::-1], TREND[1][::-1], TREND[2][::-1], polarity="high")
    assert decreasing.label == "Decreasing and getting worse"


def test_trend_cochran_armitage_needs_inner_proportions() -> None:
    """The log-odds of 0% or 100% are infinite, so no trend is declared from them."""
    v, lo, up = TREND
    got = recent_trend(v, lo, up, polarity="low", counts=[0, 1, 2, 3, 4], denominators=[10] * 5)
    assert got.label == "Cannot be calculated"


def test_stats_imports_nothing_from_django_or_the_project() -> None:
    """partnership.stats must stay pure: numpy, scipy and the standard library only."""
    code = (
        "import sys, partnership.stats; "
        "bad = [m for m in sys.modules if m.startswith('django') or "
        "(m.startswith('partnership.') and not m.startswith('partnership.stats'))]; "
        "print(bad)"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "module", ["intervals", "bands", "compare", "trend", "correlation", "neighbours", "assessment"]
)
def test_docstring_examples(module: str) -> None:
    mod = importlib.import_module(f"partnership.stats.{module}")
    failures, _ = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
