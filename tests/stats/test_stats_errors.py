"""Guard clauses: every StatisticsError names the argument, position and value."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pytest

from partnership import stats as s
from partnership.stats import StatisticsError

CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "negative count",
        lambda: s.rate_ci([1, 2, 3, -2], 100),
        "count at position 3 is negative (-2)",
    ),
    (
        "numerator above denominator",
        lambda: s.proportion_ci([12], [10]),
        "numerator at position 0 (12) is greater than its denominator (10)",
    ),
    (
        "zero denominator",
        lambda: s.rate_ci(np.ones(6), [1, 1, 1, 1, 1, 0]),
        "denominator at position 5 is zero",
    ),
    (
        "negative denominator",
        lambda: s.proportion_ci(1, -4),
        "denominator at position 0 is negative (-4)",
    ),
    (
        "confidence as a percentage",
        lambda: s.rate_ci(5, 100, confidence=95),
        "confidence must be between 0 and 1 exclusive, got 95 (write 95% as 0.95)",
    ),
    (
        "confidence 99.8 as a percentage",
        lambda: s.proportion_ci(5, 100, confidence=99.8),
        "confidence must be above 0 and at most 1, got 99.8 (write 99.8% as 0.998)",
    ),
    (
        "confidence zero",
        lambda: s.mean_ci([1, 2], confidence=0),
        "between 0 and 1 exclusive, got 0",
    ),
    (
        "confidence text",
        lambda: s.rate_ci(1, 2, confidence="95%"),  # type: ignore[arg-type]
        "confidence must be a number, got '95%'",
    ),
    (
        "multiplier zero",
        lambda: s.rate_ci(1, 2, multiplier=0),
        "multiplier must be a positive number, got 0",
    ),
    (
        "infinite input",
        lambda: s.rate_ci([1, math.inf], 2),
        "count at position 1 is infinite (inf)",
    ),
    ("text input", lambda: s.rate_ci("12", 2), "count must be numeric, got '12'"),
    (
        "shape mismatch",
        lambda: s.rate_ci([1, 2, 3], [4, 5]),
        "shapes do not match: count (3,) and denominator (2,)",
    ),
    (
        "2-D position",
        lambda: s.rate_ci([[1, 2], [3, -1]], 10),
        "count at position (1, 1) is negative (-1)",
    ),
    (
        "polarity word",
        lambda: s.compare_with_benchmark(1, 0, 2, 1, polarity="up"),
        "polarity must be one of 'high', 'low', 'none', got 'up'",
    ),
    (
        "polarity array",
        lambda: s.rank([1, 2], polarity=np.array(["high", "good"])),
        "polarity at position 1 must be one of 'high', 'low', 'none', got 'good'",
    ),
    (
        "lower above upper",
        lambda: s.compare_with_benchmark([1, 1], [0, 3], [2, 2], 1, polarity="high"),
        "lower at position 1 (3) is greater than upper (2)",
    ),
    (
        "99.8% inside 95%",
        lambda: s.compare_with_benchmark_two_levels(1, 0.5, 1.5, 0.6, 2, 1, polarity="high"),
        "lower998 at position 0 (0.6) is greater than lower95 (0.5)",
    ),
    (
        "range target reversed",
        lambda: s.compare_with_target(1, 2, target_upper=1, polarity="high"),
        "target at position 0 (2) is greater than target_upper (1)",
    ),
    (
        "interval without limits",
        lambda: s.compare_with_target(1, 2, polarity="high", use_interval=True),
        "use_interval=True needs both lower and upper limits",
    ),
    (
        "interval with range",
        lambda: s.compare_with_target(1, 2, target_upper=3, polarity="high", use_interval=True),
        "use_interval applies only to a single-value target",
    ),
    (
        "mean of 2-D",
        lambda: s.mean_ci([[1, 2]]),
        "values must be one-dimensional, got shape (1, 2)",
    ),
    (
        "summary n fractional",
        lambda: s.mean_ci_from_summary(1, 1, [3, 2.5]),
        "n at position 1 is not a whole number (2.5)",
    ),
    (
        "summary sd negative",
        lambda: s.mean_ci_from_summary(1, -1, 3),
        "sd at position 0 is negative (-1)",
    ),
    (
        "dsr bands",
        lambda: s.dsr([1, 2, 3], [10, 10, 10]),
        "counts and populations must have 19 age bands (one per standard weight) on their "
        "last axis, got shape (3,)",
    ),
    (
        "dsr zero population",
        lambda: s.dsr([1] * 19, [10] * 18 + [0]),
        "populations at position 18 is zero",
    ),
    (
        "isr observed shape",
        lambda: s.isr([1, 2], [[10, 10, 10]], [0.1, 0.1, 0.1]),
        "observed must be the total count (shape (1,)) or one count per band (shape (1, 3)), "
        "got shape (2,)",
    ),
    (
        "isr nothing expected",
        lambda: s.isr(3, [10, 10], [0, 0]),
        "expected count at position 0 is zero (populations times reference_rates sum to 0)",
    ),
    (
        "quantile n",
        lambda: s.quantile_bounds([1, 2], n=0),
        "n must be a whole number of at least 1, got 0",
    ),
    (
        "phe invert",
        lambda: s.phe_quantile([1, 2], 2, invert="yes"),  # type: ignore[arg-type]
        "invert must be True or False, got 'yes'",
    ),
    (
        "groups shape",
        lambda: s.rank([1, 2], polarity="low", groups=[1]),
        "groups must have shape (2,), got (1,)",
    ),
    (
        "bounds shape",
        lambda: s.quartile_band_from_bounds(1, [0, 1, 2], polarity="low"),
        "bounds must have 5 edges on the last axis, got shape (3,)",
    ),
    (
        "band colour",
        lambda: s.band_colour(["A", "F"], polarity="high"),
        "band at position 1 must be 'A', 'B', 'C', 'D' or '', got 'F'",
    ),
    (
        "neighbour out of range",
        lambda: s.neighbour_average([1, 2, 3], [[1, 2], [0, 7], [0, 1]]),
        "neighbours at position (1, 1) (7) is not an area position between 0 and 2 or -1 for none",
    ),
    (
        "own neighbour",
        lambda: s.neighbour_average([1, 2, 3], [[1, 2], [1, 0], [0, 1]]),
        "neighbours at position (1, 0): area 1 is listed as its own neighbour",
    ),
    (
        "neighbour rows",
        lambda: s.neighbour_average([1, 2, 3], [[1], [0]]),
        "neighbours must have one row per area, shape (3, k), got (2, 1)",
    ),
    (
        "trend lengths",
        lambda: s.recent_trend([1, 2], [0, 1, 2], [2, 3], polarity="high"),
        "values, lower95 and upper95 must have the same length, got 2, 3 and 2",
    ),
    (
        "trend limits reversed",
        lambda: s.recent_trend([1, 2], [0, 3], [2, 2.5], polarity="high"),
        "lower95 at position 1 (3) is greater than upper95 (2.5)",
    ),
    (
        "trend counts alone",
        lambda: s.recent_trend([1], [0], [2], polarity="high", counts=[1]),
        "counts and denominators must be given together",
    ),
    (
        "trend year range",
        lambda: s.recent_trend([1], [0], [2], polarity="high", year_range=0),
        "year_range must be a whole number of years, got 0",
    ),
    (
        "correlation pairs",
        lambda: s.correlation([1, 2, math.nan], [1, 2, 3]),
        "correlation needs at least 3 pairs with both values, got 2",
    ),
    (
        "correlation method",
        lambda: s.correlation([1, 2, 3], [1, 2, 3], method="kendall"),  # type: ignore[arg-type]
        "method must be 'pearson' or 'spearman', got 'kendall'",
    ),
    (
        "correlation constant",
        lambda: s.correlation([1, 1, 1], [1, 2, 3]),
        "at least one of the inputs is constant",
    ),
    (
        "correlation lengths",
        lambda: s.correlation([1, 2, 3], [1, 2]),
        "x and y must have the same length, got 3 and 2",
    ),
    (
        "assess value type",
        lambda: s.assess(
            numerator=[1, 2], denominator=[3, 4], value_type=["rate", "mean"], polarity="low"
        ),
        "value_type at position 1 must be 'proportion' or 'rate', got 'mean'",
    ),
    (
        "assess proportion above 1",
        lambda: s.assess(numerator=[1, 5], denominator=[3, 4], polarity="low"),
        "numerator at position 1 (5) is greater than its denominator (4)",
    ),
    (
        "assess mixed polarity",
        lambda: s.assess(value=[1, 2], polarity=np.array(["low", "high"])),
        "polarity at position 0 differs from others in its group",
    ),
    (
        "assess duplicate area",
        lambda: s.assess(value=[1, 2], areas=[0, 0], polarity="low"),
        "area 0 appears more than once in the group of position 0",
    ),
    (
        "assess neighbours without areas",
        lambda: s.assess(value=[1, 2], neighbours=[[1], [0]], polarity="low"),
        "neighbours need areas: the area position of every row",
    ),
    (
        "assess lengths",
        lambda: s.assess(value=[1, 2], benchmark=[1, 2, 3], polarity="low"),
        "benchmark must have 2 elements like the others, got 3",
    ),
    (
        "assess nothing",
        lambda: s.assess(polarity="low"),
        "give numerator and denominator, or value",
    ),
    (
        "assess given limits reversed",
        lambda: s.assess(value=[1, 2], lower95=[0, 3], upper95=[2, 2.5], polarity="low"),
        "lower95 at position 1 (3) is greater than upper95 (2.5)",
    ),
    (
        "assess multiplier",
        lambda: s.assess(numerator=[1], denominator=[2], multiplier=[-1], polarity="low"),
        "multiplier at position 0 must be positive, got -1",
    ),
]


@pytest.mark.parametrize(("case", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_guard_clause(case: str, call: Callable[[], object], message: str) -> None:
    with pytest.raises(StatisticsError, match=re.escape(message)):
        call()


def test_statistics_error_is_a_value_error() -> None:
    assert issubclass(StatisticsError, ValueError)


def test_missing_values_are_not_errors() -> None:
    """NaN and None are missing data, never errors: they give missing results."""
    value, lower, upper = s.proportion_ci([None, 3, np.nan], [10, None, 10])  # type: ignore[arg-type]
    assert np.isnan(value).all() and np.isnan(lower).all() and np.isnan(upper).all()
    assert s.compare_with_benchmark(np.nan, 1, 2, 3, polarity="high") == ""
    assert s.direction_of_travel(None, 1, polarity="low") == ""  # type: ignore[arg-type]
    assert np.isnan(s.rank([np.nan, 1.0], polarity="low")[0])
    assert s.quartile_band([np.nan, 1.0, 2.0], polarity="low")[0] == ""
