"""Comparisons: with a benchmark, between two areas, with a target, and over time.

Every comparison returns a numpy array of strings shaped like the broadcast inputs (a numpy
string scalar, which is a ``str``, for scalar input).  The empty string ``""`` means "not
assessable": a value, limit or benchmark is missing.  Significance is never invented where
the data cannot support it.

Labels, by polarity ("high" = high is good, "low" = low is good, "none" = no judgement):

=============================  =====================================================
function                       labels
=============================  =====================================================
compare_with_benchmark         better / similar / worse; higher / similar / lower
..._two_levels                 best / better / similar / worse / worst;
                               much higher / higher / similar / lower / much lower
compare_overlap                higher / similar / lower
compare_with_target            green / amber / red
direction_of_travel            improving / no change / worsening;
                               increasing / no change / decreasing
=============================  =====================================================
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (
    BoolArray,
    FloatArray,
    IntArray,
    StrArray,
    as_float,
    broadcast,
    check_confidence,
    check_order,
    polarity_codes,
    unwrap,
)
from .errors import StatisticsError

__all__ = [
    "compare_overlap",
    "compare_with_benchmark",
    "compare_with_benchmark_two_levels",
    "compare_with_target",
    "direction_of_travel",
]

# Rows: polarity code + 1 (low, none, high).  Columns: signed significance + 2, from
# "much lower than the benchmark" (0) to "much higher" (4); column 5 is "not assessable".
TWO_LEVEL_LABELS: Final = np.array(
    [
        ["best", "better", "similar", "worse", "worst", ""],
        ["much lower", "lower", "similar", "higher", "much higher", ""],
        ["worst", "worse", "similar", "better", "best", ""],
    ]
)
ONE_LEVEL_LABELS: Final = np.array(
    [
        ["", "better", "similar", "worse", "", ""],
        ["", "lower", "similar", "higher", "", ""],
        ["", "worse", "similar", "better", "", ""],
    ]
)
TRAVEL_LABELS: Final = np.array(
    [
        ["", "improving", "no change", "worsening", "", ""],
        ["", "decreasing", "no change", "increasing", "", ""],
        ["", "worsening", "no change", "improving", "", ""],
    ]
)
TARGET_LABELS: Final = np.array(
    [
        ["", "green", "amber", "red", "", ""],
        ["", "", "", "", "", ""],
        ["", "red", "amber", "green", "", ""],
    ]
)
MISSING: Final = 5


def label(table: StrArray, polarity: IntArray, significance: IntArray) -> StrArray:
    """Look labels up in one of the tables above; significance is −2..2 or MISSING."""
    column = np.where(significance == MISSING, MISSING, significance + 2)
    out: StrArray = table.take((polarity + 1) * table.shape[1] + column)
    (out,) = unwrap(out)
    return out


def significance_one_level(
    lower: FloatArray, upper: FloatArray, benchmark: FloatArray, missing: BoolArray
) -> IntArray:
    """+1 when the area is significantly higher than the benchmark, −1 lower, 0 similar."""
    sig = (benchmark < lower).astype(np.int64) - (benchmark > upper).astype(np.int64)
    return np.where(missing, MISSING, sig)


def significance_two_levels(
    lower95: FloatArray,
    upper95: FloatArray,
    lower998: FloatArray,
    upper998: FloatArray,
    benchmark: FloatArray,
    missing: BoolArray,
) -> IntArray:
    """±2 beyond the 99.8% limits, ±1 between the 95% and 99.8% limits, 0 within 95%."""
    sig = (
        (benchmark < lower95).astype(np.int64)
        + (benchmark < lower998)
        - (benchmark > upper95)
        - (benchmark > upper998)
    )
    return np.where(missing, MISSING, sig)


def _inputs(**arrays: ArrayLike) -> tuple[FloatArray, ...]:
    return broadcast(**{name: as_float(a, name) for name, a in arrays.items()})


def compare_with_benchmark(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    benchmark: ArrayLike,
    *,
    polarity: str | ArrayLike,
    confidence: float = 0.95,
) -> StrArray:
    """Compare values with a benchmark using one level of confidence limits.

    The area is *similar* when the benchmark lies within its limits (inclusive), *higher*
    when the benchmark is below the lower limit and *lower* when it is above the upper
    limit.  Higher is *better* when high is good and *worse* when low is good; with polarity
    "none" the labels stay higher / similar / lower.  ``""`` where the value, a limit or the
    benchmark is missing.

    ``confidence`` names the level at which ``lower`` and ``upper`` were calculated (95% in
    Fingertips' default, 99.8% for its stricter test).  The rule is the same at every level,
    so it is only validated.  ``polarity`` is one string or an array of them.

    Reference: Fingertips technical guidance, "Comparing with a benchmark"
    (``SingleOverlappingCIsForOneCILevelComparator``); PHEindicatormethods
    ``assign_funnel_significance`` uses the same overlap rule.
    """
    check_confidence(confidence)
    v, lo, up, b = _inputs(value=value, lower=lower, upper=upper, benchmark=benchmark)
    check_order(lo, up, "lower", "upper")
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(up) | np.isnan(b)
    pol = np.broadcast_to(polarity_codes(polarity), v.shape)
    return label(ONE_LEVEL_LABELS, pol, significance_one_level(lo, up, b, missing))


def compare_with_benchmark_two_levels(
    value: ArrayLike,
    lower95: ArrayLike,
    upper95: ArrayLike,
    lower998: ArrayLike,
    upper998: ArrayLike,
    benchmark: ArrayLike,
    *,
    polarity: str | ArrayLike,
) -> StrArray:
    """Fingertips' two-level comparison with a benchmark.

    * *similar*: the benchmark lies within the 95% limits (inclusive);
    * *better* / *worse*: it lies outside the 95% limits but within the 99.8% limits;
    * *best* / *worst*: it lies outside the 99.8% limits.

    An area above the benchmark is better (best) when high is good and worse (worst) when
    low is good; with polarity "none" the labels are much higher / higher / similar /
    lower / much lower.  ``""`` where the value, any limit or the benchmark is missing.

    Reference: Fingertips (``SingleOverlappingCIsForTwoCILevelsComparer``), as used on the
    Public Health Outcomes Framework "spine charts".
    """
    v, l95, u95, l998, u998, b = _inputs(
        value=value,
        lower95=lower95,
        upper95=upper95,
        lower998=lower998,
        upper998=upper998,
        benchmark=benchmark,
    )
    check_order(l95, u95, "lower95", "upper95")
    check_order(l998, l95, "lower998", "lower95")
    check_order(u95, u998, "upper95", "upper998")
    missing = np.isnan(v) | np.isnan(l95) | np.isnan(u95) | np.isnan(l998) | np.isnan(u998)
    missing |= np.isnan(b)
    pol = np.broadcast_to(polarity_codes(polarity), v.shape)
    sig = significance_two_levels(l95, u95, l998, u998, b, missing)
    return label(TWO_LEVEL_LABELS, pol, sig)


def compare_overlap(
    value_a: ArrayLike,
    lower_a: ArrayLike,
    upper_a: ArrayLike,
    value_b: ArrayLike,
    lower_b: ArrayLike,
    upper_b: ArrayLike,
) -> StrArray:
    """Compare two values by the overlap of their confidence intervals.

    *higher* when A's lower limit is above B's upper limit, *lower* when A's upper limit is
    below B's lower limit, otherwise *similar*; ``""`` where anything is missing.

    Non-overlap is a conservative test: intervals may overlap while the difference is
    still significant (Schenker N, Gentleman JF (2001), *Am Stat* 55:182-186).  Fingertips
    uses it to compare an area with its region or with another area.
    """
    va, la, ua, vb, lb, ub = _inputs(
        value_a=value_a,
        lower_a=lower_a,
        upper_a=upper_a,
        value_b=value_b,
        lower_b=lower_b,
        upper_b=upper_b,
    )
    check_order(la, ua, "lower_a", "upper_a")
    check_order(lb, ub, "lower_b", "upper_b")
    missing = np.isnan(va) | np.isnan(la) | np.isnan(ua) | np.isnan(vb)
    missing |= np.isnan(lb) | np.isnan(ub)
    sig = (la > ub).astype(np.int64) - (ua < lb)
    none = np.zeros(va.shape, dtype=np.int64)
    return label(ONE_LEVEL_LABELS, none, np.where(missing, MISSING, sig))


def compare_with_target(
    value: ArrayLike,
    target: ArrayLike,
    *,
    polarity: str | ArrayLike,
    target_upper: ArrayLike | None = None,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    use_interval: bool = False,
) -> StrArray:
    """Red / amber / green rating against a target, as Fingertips' target comparison.

    *green* means the target is achieved, *red* that it is not, *amber* in between.
    Fingertips calls these Better, Same and Worse.

    **Single value** (``target_upper`` is None):

    * without the interval, a value at or beyond the target in the good direction is
      green (value ≥ target when high is good, value ≤ target when low is good), else red;
    * with ``use_interval=True``, the area is above the target when its lower limit is at or
      above it, below when its upper limit is below it, and amber otherwise; above is green
      when high is good and red when low is good.  ``lower`` and ``upper`` are then
      required, and a missing limit gives ``""``.

    **Range** (``target`` is the lower and ``target_upper`` the upper end): a value below
    ``target`` is below the range, one at or above ``target_upper`` is above it, anything
    else is amber.  Above is green when high is good.  ``target`` greater than
    ``target_upper`` is an error; equal ends are allowed.  The interval is not used with a
    range.

    Polarity "none" and missing values give ``""``.

    Reference: Fingertips ``SingleValueTargetComparer`` and ``RangeTargetComparer``.
    """
    v, t = _inputs(value=value, target=target)
    if target_upper is not None:
        if use_interval:
            raise StatisticsError("use_interval applies only to a single-value target")
        v, t, tu = _inputs(value=v, target=t, target_upper=target_upper)
        check_order(t, tu, "target", "target_upper")
        missing = np.isnan(v) | np.isnan(t) | np.isnan(tu)
        sig = (v >= tu).astype(np.int64) - (v < t)
    elif use_interval:
        if lower is None or upper is None:
            raise StatisticsError("use_interval=True needs both lower and upper limits")
        v, t, lo, up = _inputs(value=v, target=t, lower=lower, upper=upper)
        check_order(lo, up, "lower", "upper")
        missing = np.isnan(v) | np.isnan(t) | np.isnan(lo) | np.isnan(up)
        sig = (lo >= t).astype(np.int64) - (up < t)
    else:
        missing = np.isnan(v) | np.isnan(t)
        pol = np.broadcast_to(polarity_codes(polarity), v.shape)
        # Reaching the target exactly counts as achieved in either direction.
        sig = np.where(pol > 0, np.where(v >= t, 1, -1), np.where(v <= t, -1, 1))
    pol = np.broadcast_to(polarity_codes(polarity), v.shape)
    return label(TARGET_LABELS, pol, np.where(missing, MISSING, sig))


def direction_of_travel(
    current: ArrayLike, previous: ArrayLike, *, polarity: str | ArrayLike
) -> StrArray:
    """Direction of travel from the previous value to the current one.

    *improving* / *no change* / *worsening* by polarity (an increase improves when high
    is good); *increasing* / *no change* / *decreasing* with polarity "none".  Any
    difference counts: this is a description, not a significance test (use
    :func:`recent_trend` for that).  ``""`` where either value is missing.

    Reference: DfE Local Authority Interactive Tool (LAIT), "Trend" column
    (``calculate_trend``); Fingertips "compared with previous value".
    """
    cur, prev = _inputs(current=current, previous=previous)
    missing = np.isnan(cur) | np.isnan(prev)
    sig = (cur > prev).astype(np.int64) - (cur < prev)
    pol = np.broadcast_to(polarity_codes(polarity), cur.shape)
    return label(TRAVEL_LABELS, pol, np.where(missing, MISSING, sig))
