"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

import math
import random

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray

from partnership.stats import (
    dsr,
    phe_quantile,
    proportion_ci,
    quartile_band,
    rank,
    rate_ci,
)

counts = st.integers(min_value=0, max_value=10**7)
confidences = st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998])


@st.composite
def proportions(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=10**8))
    x = draw(st.integers(min_value=0, max_value=n))
    return x, n


@given(proportions(), confidences)
def test_proportion_interval_contains_value(xn: tuple[int, int], confidence: float) -> None:
    value, lower, upper = proportion_ci(*xn, confidence=confidence)
    assert 0 <= lower <= value <= upper <= 1


@given(counts, st.integers(min_value=1, max_value=10**8), confidences)
def test_rate_interval_contains_value(x: int, n: int, confidence: float) -> None:
    value, lower, upper = rate_ci(x, n, confidence=confidence)
    assert 0 <= lower <= value <= upper


@given(proportions())
def test_998_interval_contains_95_for_proportions(xn: tuple[int, int]) -> None:
    _, l95, u95 = proportion_ci(*xn, confidence=0.95)
    _, l998, u998 = proportion_ci(*xn, confidence=0.998)
    assert l998 <= l95 and u95 <= u998


@given(counts, st.integers(min_value=1, max_value=10**8))
def test_998_interval_contains_95_for_rates(x: int, n: int) -> None:
    _, l95, u95 = rate_ci(x, n, confidence=0.95)
    _, l998, u998 = rate_ci(x, n, confidence=0.998)
    assert l998 <= l95 and u95 <= u998


@given(proportions(), st.integers(min_value=2, max_value=1000), confidences)
def test_proportion_interval_narrows_with_more_data(
    xn: tuple[int, int], k: int, confidence: float
) -> None:
    x, n = xn
    _, lo1, up1 = proportion_ci(x, n, confidence=confidence)
    _, lo2, up2 = proportion_ci(k * x, k * n, confidence=confidence)
    assert up2 - lo2 < up1 - lo1


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=2, max_value=1000),
    confidences,
)
def test_rate_interval_narrows_with_more_data(x: int, n: int, k: int, confidence: float) -> None:
    """Same rate, k times the events and population: a narrower interval, across the switch
    from exact to Byar's limits at 10 events too."""
    _, lo1, up1 = rate_ci(x, n, confidence=confidence)
    _, lo2, up2 = rate_ci(k * x, k * n, confidence=confidence)
    assert up2 - lo2 < up1 - lo1


@given(
    arrays(np.float64, 19, elements=st.integers(0, 500).map(float)),
    arrays(np.float64, 19, elements=st.integers(1, 10**5).map(float)),
)
def test_dsr_interval_contains_value(c: NDArray[np.float64], p: NDArray[np.float64]) -> None:
    """Dobson's lower limit can fall below 0 when a few events sit in a heavily weighted
    band with a tiny population; like PHEindicatormethods, it is not clipped."""
    value, lower, upper = dsr(c, p)
    if c.sum() < 10:
        assert math.isnan(value) and math.isnan(lower) and math.isnan(upper)
    else:
        assert lower <= value <= upper


values_with_gaps = st.lists(
    st.one_of(st.integers(-50, 50).map(float), st.just(math.nan)), min_size=0, max_size=60
)


@settings(max_examples=200)
@given(
    values_with_gaps, st.randoms(use_true_random=False), st.sampled_from(["high", "low", "none"])
)
def test_rank_and_band_are_permutation_equivariant(
    values: list[float], rnd: random.Random, polarity: str
) -> None:
    v = np.array(values, dtype=np.float64)
    perm = np.array(rnd.sample(range(v.size), v.size), dtype=np.int64)
    np.testing.assert_array_equal(
        rank(v[perm], polarity=polarity), rank(v, polarity=polarity)[perm]
    )
    np.testing.assert_array_equal(
        quartile_band(v[perm], polarity=polarity), quartile_band(v, polarity=polarity)[perm]
    )
    q = phe_quantile(v, 4, invert=polarity == "low")
    np.testing.assert_array_equal(phe_quantile(v[perm], 4, invert=polarity == "low"), q[perm])


@settings(max_examples=100)
@given(values_with_gaps, st.randoms(use_true_random=False))
def test_groups_equal_separate_calls(values: list[float], rnd: random.Random) -> None:
    """Ranking within groups in one call equals ranking each group on its own."""
    assume(values)
    v = np.array(values, dtype=np.float64)
    groups = np.array([rnd.randrange(3) for _ in values])
    together = rank(v, polarity="high", groups=groups)
    bands = quartile_band(v, polarity="low", groups=groups)
    for g in np.unique(groups):
        mask = groups == g
        np.testing.assert_array_equal(together[mask], rank(v[mask], polarity="high"))
        np.testing.assert_array_equal(bands[mask], quartile_band(v[mask], polarity="low"))


@given(values_with_gaps, st.sampled_from(["high", "low"]))
def test_rank_one_is_best_and_ties_share_minimum(values: list[float], polarity: str) -> None:
    v = np.array(values, dtype=np.float64)
    r = rank(v, polarity=polarity)
    present = ~np.isnan(v)
    assert np.array_equal(np.isnan(r), ~present)
    for i in np.flatnonzero(present):
        better = v[present] > v[i] if polarity == "high" else v[present] < v[i]
        assert r[i] == 1 + better.sum()
