"""assess() against the individual functions it vectorises."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from partnership.stats import (
    assess,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    direction_of_travel,
    neighbour_average,
    proportion_ci,
    quartile_band,
    rank,
    rate_ci,
)


@pytest.fixture
def data() -> dict[str, Any]:
    """12 areas x 5 groups, mixed proportions and rates, with gaps."""
    rng = np.random.default_rng(7)
    n_areas, n_groups = 12, 5
    areas = np.tile(np.arange(n_areas), n_groups)
    groups = np.repeat(np.arange(n_groups) * 10 + 3, n_areas)  # labels need not be 0..G-1
    size = areas.size
    den = rng.integers(50, 5000, size).astype(float)
    num = np.floor(den * rng.uniform(0.001, 0.4, size))
    num[[3, 17, 40]] = np.nan
    value_type = np.where(groups % 20 == 3, "proportion", "rate")
    multiplier = np.where(value_type == "proportion", 100.0, 10_000.0)
    polarity = np.where(groups == 23, "high", np.where(groups == 43, "none", "low"))
    benchmark = np.repeat(rng.uniform(1, 30, n_groups), n_areas)
    previous = rng.uniform(1, 30, size)
    previous[5] = np.nan
    neighbours = np.array([[(a + k) % n_areas for k in (1, 2, 3)] for a in range(n_areas)])
    neighbours[0, 2] = -1
    order = rng.permutation(size)  # rows in no particular order
    return {
        "areas": areas[order],
        "groups": groups[order],
        "numerator": num[order],
        "denominator": den[order],
        "value_type": value_type[order],
        "multiplier": multiplier[order],
        "polarity": polarity[order],
        "benchmark": benchmark[order],
        "previous": previous[order],
        "neighbours": neighbours,
    }


def test_assess_matches_individual_functions(data: dict[str, Any]) -> None:
    got = assess(**data)
    size = data["areas"].size
    for i in range(size):
        args = (data["numerator"][i], data["denominator"][i])
        m = data["multiplier"][i]
        ci = proportion_ci if data["value_type"][i] == "proportion" else rate_ci
        v, l95, u95 = ci(*args, confidence=0.95, multiplier=m)
        _, l998, u998 = ci(*args, confidence=0.998, multiplier=m)
        np.testing.assert_allclose(
            [got.value[i], got.lower95[i], got.upper95[i], got.lower998[i], got.upper998[i]],
            [v, l95, u95, l998, u998],
            rtol=1e-13,
        )
        pol, b = data["polarity"][i], data["benchmark"][i]
        assert got.compared95[i] == compare_with_benchmark(v, l95, u95, b, polarity=pol)
        assert got.compared998[i] == compare_with_benchmark(v, l998, u998, b, polarity=pol)
        assert got.compared[i] == compare_with_benchmark_two_levels(
            v, l95, u95, l998, u998, b, polarity=pol
        )
        assert got.direction[i] == direction_of_travel(v, data["previous"][i], polarity=pol)

    for g in np.unique(data["groups"]):
        rows = np.flatnonzero(data["groups"] == g)
        pol = str(data["polarity"][rows[0]])
        values = got.value[rows]
        np.testing.assert_array_equal(got.rank[rows], rank(values, polarity=pol))
        np.testing.assert_array_equal(got.quartile_band[rows], quartile_band(values, polarity=pol))
        assert (got.ranked[rows] == np.count_nonzero(~np.isnan(values))).all()
        by_area = np.full(12, np.nan)
        by_area[data["areas"][rows]] = values
        mean, used = neighbour_average(by_area, data["neighbours"])
        np.testing.assert_allclose(got.neighbour_mean[rows], mean[data["areas"][rows]], rtol=1e-14)
        np.testing.assert_array_equal(got.neighbour_count[rows], used[data["areas"][rows]])


def test_assess_falls_back_on_given_values() -> None:
    """Rows without counts use the given value and limits (e.g. a published DSR)."""
    got = assess(
        numerator=[5, np.nan],
        denominator=[10, np.nan],
        value=[np.nan, 42.0],
        lower95=[np.nan, 40.0],
        upper95=[np.nan, 44.0],
        benchmark=[0.2, 30.0],
        polarity="low",
    )
    assert got.value.tolist() == [0.5, 42.0]
    assert got.compared95.tolist() == ["worse", "worse"]
    # No 99.8% limits were given for the second row, so the two-level result is unknown.
    assert got.compared[1] == "" and got.compared998[1] == ""


def test_assess_values_only_and_no_benchmark() -> None:
    got = assess(value=[3.0, 1.0, 2.0, np.nan], polarity="high")
    assert got.rank.tolist()[:3] == [1.0, 3.0, 2.0]
    assert got.quartile_band.tolist() == ["A", "D", "C", ""]
    assert got.compared.tolist() == [""] * 4
    assert got.neighbour_count.tolist() == [0] * 4


def test_assess_handles_areas_missing_from_a_group() -> None:
    """n_areas covers areas that have no row at all; their neighbours just count as missing."""
    got = assess(
        value=[1.0, 2.0],
        areas=[0, 1],
        neighbours=[[1, 2], [0, 2], [0, 1]],
        n_areas=3,
        polarity="low",
    )
    assert got.neighbour_mean.tolist() == [2.0, 1.0]
    assert got.neighbour_count.tolist() == [1, 1]
