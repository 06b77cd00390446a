"""Typed wrappers around the few scipy distributions used.

scipy ships no type information, so its untyped calls are confined to this module.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats  # type: ignore[import-untyped, unused-ignore]

FloatArray = NDArray[np.float64]


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile: 1.959964 for 0.95, 3.090232 for 0.998."""
    return float(special.ndtri(1 - (1 - confidence) / 2))


def t_value(confidence: float, df: ArrayLike) -> FloatArray:
    """Two-sided Student's t quantile with ``df`` degrees of freedom."""
    return np.asarray(stats.t.ppf(1 - (1 - confidence) / 2, df), dtype=np.float64)


def t_sf(x: ArrayLike, df: ArrayLike) -> FloatArray:
    return np.asarray(stats.t.sf(x, df), dtype=np.float64)


def chi2_ppf(q: float, df: ArrayLike) -> FloatArray:
    # The same route as scipy.stats.chi2.ppf, without its per-call overhead.
    return np.asarray(2 * special.gammaincinv(np.asarray(df) / 2, q), dtype=np.float64)


def chi2_sf(x: ArrayLike, df: float) -> FloatArray:
    return np.asarray(stats.chi2.sf(x, df), dtype=np.float64)


def average_ranks(x: FloatArray) -> FloatArray:
    return np.asarray(stats.rankdata(x, method="average"), dtype=np.float64)
