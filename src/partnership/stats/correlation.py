"""Correlation between two area measures, with a Fisher z interval."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._dist import average_ranks, t_sf, z_value
from ._validate import as_float_1d, check_confidence
from .errors import StatisticsError

__all__ = ["Correlation", "correlation"]

# Fieller, Hartley & Pearson (1957): the variance of atanh(Spearman's rho) is about
# 1.06 / (n − 3), slightly more than Pearson's 1 / (n − 3).
_SPEARMAN_VARIANCE = 1.06


@dataclass(frozen=True)
class Correlation:
    """Result of :func:`correlation`: the coefficient, its limits, p-value and pairs used."""

    coefficient: float
    lower: float
    upper: float
    p_value: float
    n: int
    method: str


def correlation(
    x: ArrayLike,
    y: ArrayLike,
    *,
    method: Literal["pearson", "spearman"] = "pearson",
    confidence: float = 0.95,
) -> Correlation:
    """Pearson's r or Spearman's ρ between paired values, with a Fisher z interval.

    Pairs with a missing value on either side are dropped; ``n`` says how many remain.
    Spearman's ρ is Pearson's r of the average ranks.  The interval is::

        tanh(atanh(r) ± z / √(n − 3))          (Pearson)
        tanh(atanh(ρ) ± z √(1.06 / (n − 3)))   (Spearman)

    and the two-sided p-value comes from t = r √((n − 2) / (1 − r²)) with n − 2 degrees
    of freedom.  With exactly 3 pairs the interval is (−1, 1).

    Reference: Fisher RA (1921), *Metron* 1:3-32; Fieller EC, Hartley HO, Pearson ES (1957),
    *Biometrika* 44:470-481; as in scipy.stats.pearsonr and spearmanr.
    """
    if method not in ("pearson", "spearman"):
        raise StatisticsError(f"method must be 'pearson' or 'spearman', got {method!r}")
    c = check_confidence(confidence)
    a = as_float_1d(x, "x")
    b = as_float_1d(y, "y")
    if a.size != b.size:
        raise StatisticsError(f"x and y must have the same length, got {a.size} and {b.size}")
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    n = int(a.size)
    if n < 3:
        raise StatisticsError(f"correlation needs at least 3 pairs with both values, got {n}")
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        raise StatisticsError("at least one of the inputs is constant, so r is undefined")
    if method == "spearman":
        a, b = average_ranks(a), average_ranks(b)
    da, db = a - a.mean(), b - b.mean()
    r = float((da * db).sum() / math.sqrt((da * da).sum() * (db * db).sum()))
    r = max(-1.0, min(1.0, r))
    if abs(r) == 1:
        p = 0.0
    else:
        t = r * math.sqrt((n - 2) / (1 - r * r))
        p = float(min(1.0, 2 * float(t_sf(abs(t), n - 2))))
    if n == 3:
        lower, upper = -1.0, 1.0
    else:
        variance = (_SPEARMAN_VARIANCE if method == "spearman" else 1.0) / (n - 3)
        zr = math.atanh(r) if abs(r) < 1 else math.copysign(math.inf, r)
        half = z_value(c) * math.sqrt(variance)
        lower, upper = math.tanh(zr - half), math.tanh(zr + half)
    return Correlation(r, lower, upper, p, n, method)
