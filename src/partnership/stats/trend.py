"""Fingertips' recent-trend test over the last five points."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (
    HIGH,
    LOW,
    FloatArray,
    as_float_1d,
    check_non_negative,
    check_not_above,
    check_positive,
    first,
    fmt,
    polarity_code,
)
from .errors import StatisticsError

__all__ = ["CHI_SQUARED_998", "POINTS", "TREND_LABELS", "RecentTrend", "recent_trend"]

POINTS: Final = 5
CHI_SQUARED_998: Final = 9.54953570608324
"""The 99.8% point of chi-square with 1 degree of freedom, Fingertips' threshold."""

# The divisor that turns a 95% interval width into a standard error (2 × 1.96).
_WIDTH_TO_SE: Final = 3.92

TREND_LABELS: Final = (
    "Increasing and getting better",
    "Increasing and getting worse",
    "Decreasing and getting better",
    "Decreasing and getting worse",
    "Increasing",
    "Decreasing",
    "No significant change",
    "Cannot be calculated",
)


@dataclass(frozen=True)
class RecentTrend:
    """Result of :func:`recent_trend`.

    ``chi_squared`` and ``slope`` are NaN when the trend cannot be calculated.  ``slope`` is
    the weighted least-squares change in the value per period; ``method`` is
    ``"weighted least squares"``, ``"Cochran-Armitage"`` or ``""``.
    """

    label: str
    chi_squared: float
    slope: float
    method: str
    significant: bool


def _cannot(method: str = "") -> RecentTrend:
    return RecentTrend("Cannot be calculated", math.nan, math.nan, method, False)


def _wls_slope(v: FloatArray, w: FloatArray, t: FloatArray) -> tuple[float, float]:
    s1 = w.sum()
    s2 = (w * v * t).sum()
    s3 = (w * t).sum()
    s4 = (w * v).sum()
    s5 = (w * t * t).sum()
    det = s1 * s5 - s3 * s3
    return float((s1 * s2 - s3 * s4) / det), float(math.sqrt(s1 / det))


def _ols_slope(y: FloatArray, t: FloatArray) -> float:
    n = y.size
    return float((n * (y * t).sum() - y.sum() * t.sum()) / (n * (t * t).sum() - t.sum() ** 2))


def _stable_sign(slopes: list[float]) -> bool:
    # As Fingertips: a zero slope counts as positive.
    signs = {s >= 0 for s in slopes}
    return len(signs) == 1


def _leave_one_out(t: FloatArray) -> list[FloatArray]:
    return [np.arange(t.size) != i for i in range(t.size)]


def recent_trend(
    values: ArrayLike,
    lower95: ArrayLike,
    upper95: ArrayLike,
    *,
    polarity: str,
    counts: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
    year_range: int = 1,
) -> RecentTrend:
    """Fingertips' recent trend of a series given oldest first, one entry per period.

    The last five entries must all have a value and both 95% limits (five unbroken recent
    points); otherwise, or when the periods overlap (``year_range`` other than 1, e.g.
    rolling three-year data), the result is "Cannot be calculated".

    **Weighted least squares** (the default).  Number the points t = 1..5 and weight each
    by wₜ = 1 / ((upper − lower) / 3.92)².  The slope b of value on t and its standard
    error are::

        b = (Σw·Σwvt − Σwt·Σwv) / (Σw·Σwt² − (Σwt)²)
        se = √(Σw / (Σw·Σwt² − (Σwt)²))
        χ² = (b / se)²

    **Cochran-Armitage** (when ``counts`` and ``denominators`` are given, for proportions).
    With xₜ events of nₜ, X = Σxₜ and N = Σnₜ::

        χ² = N (N·Σxₜt − X·Σnₜt)² / (X (N − X) (N·Σnₜt² − (Σnₜt)²))

    The trend is significant when χ² exceeds 9.5495 (99.8%, 1 degree of freedom) *and*
    the slope keeps its sign when each point in turn is left out (the slope of the value,
    or of the log-odds for Cochran-Armitage).  Labels then follow the polarity:
    "Increasing and getting better", ..., or "Increasing" / "Decreasing" for polarity
    "none"; otherwise "No significant change".

    Reference: Fingertips ``TrendMarkerCalculator`` and ``TrendMarkerLabelProvider``;
    OHID, *Public Health Profiles: recent trends* technical note; Armitage P (1955), Tests
    for linear trends in proportions and frequencies, *Biometrics* 11:375-386.
    """
    pol = polarity_code(polarity)
    if isinstance(year_range, bool) or not isinstance(year_range, int) or year_range < 1:
        raise StatisticsError(f"year_range must be a whole number of years, got {year_range!r}")
    v = as_float_1d(values, "values")
    lo = as_float_1d(lower95, "lower95")
    up = as_float_1d(upper95, "upper95")
    if not v.size == lo.size == up.size:
        raise StatisticsError(
            f"values, lower95 and upper95 must have the same length, got {v.size}, {lo.size} "
            f"and {up.size}"
        )
    wrong = lo > up
    if wrong.any():
        i = first(wrong)
        raise StatisticsError(
            f"lower95 at position {i} ({fmt(lo[i])}) is greater than upper95 ({fmt(up[i])})"
        )
    armitage = counts is not None or denominators is not None
    if armitage:
        if counts is None or denominators is None:
            raise StatisticsError("counts and denominators must be given together")
        x = as_float_1d(counts, "counts")
        n = as_float_1d(denominators, "denominators")
        if not x.size == n.size == v.size:
            raise StatisticsError(
                f"counts and denominators must have the same length as values ({v.size}), "
                f"got {x.size} and {n.size}"
            )
        check_non_negative(x, "counts")
        check_positive(n, "denominators")
        check_not_above(x, n, "counts", "denominators")
    method = "Cochran-Armitage" if armitage else "weighted least squares"
    if year_range != 1 or v.size < POINTS:
        return _cannot(method)
    v, lo, up = v[-POINTS:], lo[-POINTS:], up[-POINTS:]
    valid = ~(np.isnan(v) | np.isnan(lo) | np.isnan(up)) & (up > lo)
    if armitage:
        x, n = x[-POINTS:], n[-POINTS:]
        # Log-odds for the outlier check need 0 < x < n.
        valid &= (x > 0) & (x < n)
    if not valid.all():
        return _cannot(method)

    t = np.arange(1.0, POINTS + 1)
    w = 1 / ((up - lo) / _WIDTH_TO_SE) ** 2
    slope, se = _wls_slope(v, w, t)
    if armitage:
        big_n, big_x = n.sum(), x.sum()
        direction = big_n * (x * t).sum() - big_x * (n * t).sum()
        chi2 = float(
            big_n
            * direction**2
            / (big_x * (big_n - big_x) * (big_n * (n * t * t).sum() - (n * t).sum() ** 2))
        )
        logit = np.log(x / (n - x))
        slopes = [_ols_slope(logit, t)] + [_ols_slope(logit[k], t[k]) for k in _leave_one_out(t)]
        increasing = direction > 0
    else:
        chi2 = (slope / se) ** 2
        slopes = [slope] + [_wls_slope(v[k], w[k], t[k])[0] for k in _leave_one_out(t)]
        increasing = slope > 0
    significant = _stable_sign(slopes) and chi2 > CHI_SQUARED_998
    if not significant:
        return RecentTrend("No significant change", chi2, slope, method, False)
    word = "Increasing" if increasing else "Decreasing"
    if pol == HIGH:
        label = f"{word} and getting {'better' if increasing else 'worse'}"
    elif pol == LOW:
        label = f"{word} and getting {'worse' if increasing else 'better'}"
    else:
        label = word
    return RecentTrend(label, chi2, slope, method, True)
