"""Values with confidence intervals: proportions, rates, means and standardised rates.

Each function follows the method of PHEindicatormethods (UKHSA), the R package behind
OHID Fingertips, and is tested against that package's own test data.

Elementwise functions accept scalars or arrays, broadcast them, and return float64 arrays of
the broadcast shape; scalar input gives numpy scalars (``np.float64``, a ``float``), as
numpy's own functions do.  Missing inputs (NaN or None) give NaN outputs.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._dist import chi2_ppf, t_value, z_value
from ._validate import (
    FloatArray,
    as_float,
    as_float_1d,
    broadcast,
    check_confidence,
    check_multiplier,
    check_non_negative,
    check_not_above,
    check_positive,
    first,
    fmt,
    position,
    unwrap,
)
from .errors import StatisticsError
from .standard_populations import ESP2013

__all__ = [
    "MeanInterval",
    "byars_limits",
    "dsr",
    "exact_poisson_limits",
    "isr",
    "isr_rate",
    "mean_ci",
    "mean_ci_from_summary",
    "poisson_limits",
    "proportion_ci",
    "rate_ci",
    "wilson_limits",
]

# Below this many events Byar's approximation is poor, so exact limits are used instead.
BYARS_MINIMUM = 10


def wilson_limits(
    numerator: ArrayLike, denominator: ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits of the proportion ``numerator / denominator``.

    With x the numerator, n the denominator and z the two-sided normal quantile::

        (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²))

    A confidence of exactly 1 gives the limits 0 and 1, as PHEindicatormethods does.

    Reference: Wilson EB (1927), Probable inference, the law of succession, and statistical
    inference, *JASA* 22:209-212; PHEindicatormethods ``wilson_lower``/``wilson_upper``.
    """
    c = check_confidence(confidence, allow_one=True)
    x, n = _proportion_inputs(numerator, denominator)
    lower, upper = unwrap(*_wilson(x, n, c))
    return lower, upper


def _proportion_inputs(numerator: ArrayLike, denominator: ArrayLike) -> tuple[FloatArray, ...]:
    x = as_float(numerator, "numerator")
    n = as_float(denominator, "denominator")
    x, n = broadcast(numerator=x, denominator=n)
    check_non_negative(x, "numerator")
    check_positive(n, "denominator")
    check_not_above(x, n, "numerator", "denominator")
    return x, n


def _wilson(x: FloatArray, n: FloatArray, c: float) -> tuple[FloatArray, FloatArray]:
    if c == 1:
        missing = np.isnan(x) | np.isnan(n)
        return np.where(missing, np.nan, 0.0), np.where(missing, np.nan, 1.0)
    z = z_value(c)
    z2 = z * z
    centre = 2 * x + z2
    half = z * np.sqrt(z2 + 4 * x * (1 - x / n))
    scale = 2 * (n + z2)
    # At x = 0 the lower limit is exactly 0 (IEEE sqrt(z·z) is z), but at x = n rounding can
    # leave the upper limit a hair below 1, so it is pinned.
    lower = (centre - half) / scale
    upper = np.asarray((centre + half) / scale)
    upper[x == n] = 1.0
    return lower, upper


def _wilson_levels(x: FloatArray, n: FloatArray, levels: tuple[float, ...]) -> list[FloatArray]:
    """[lower, upper, lower, upper, ...] for several levels, sharing the terms that do not
    depend on z (what :func:`assess` needs for its million rows)."""
    two_x = 2 * x
    two_n = 2 * n
    spread = 4 * x * (1 - x / n)
    at_n = x == n
    out: list[FloatArray] = []
    for c in levels:
        z = z_value(c)
        z2 = z * z
        half = z * np.sqrt(spread + z2)
        centre = two_x + z2
        scale = two_n + 2 * z2
        upper = (centre + half) / scale
        upper[at_n] = 1.0
        out += [(centre - half) / scale, upper]
    return out


def proportion_ci(
    numerator: ArrayLike,
    denominator: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Proportion with Wilson score limits: ``(value, lower, upper)``.

    value = numerator / denominator × multiplier; the limits are :func:`wilson_limits` times
    the multiplier (1 for a proportion, 100 for a percentage).

    >>> [round(float(a), 4) for a in proportion_ci(65, 100, multiplier=100)]
    [65.0, 55.2544, 73.6358]

    Reference: PHEindicatormethods ``phe_proportion``; Fingertips technical guidance,
    "Confidence intervals" (Wilson score method); Newcombe RG (1998), *Stat Med* 17:857-872.
    """
    c = check_confidence(confidence, allow_one=True)
    m = check_multiplier(multiplier)
    x, n = _proportion_inputs(numerator, denominator)
    lower, upper = _wilson(x, n, c)
    value, lower, upper = unwrap(x / n * m, lower * m, upper * m)
    return value, lower, upper


def byars_limits(count: ArrayLike, *, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Byar's approximation to the Poisson limits of a count ``O``::

        lower = O (1 − 1/(9O) − z/(3√O))³
        upper = (O + 1) (1 − 1/(9(O + 1)) + z/(3√(O + 1)))³

    The raw formula is returned for every count; it is poor for small counts (the lower limit
    even goes negative for O = 1 at 99.8%), which is why :func:`poisson_limits` switches to
    exact limits below 10.

    Reference: Breslow NE, Day NE (1987), *Statistical Methods in Cancer Research, volume II*,
    IARC, p. 69; PHEindicatormethods ``byars_lower``/``byars_upper``.
    """
    c = check_confidence(confidence)
    o = as_float(count, "count")
    check_non_negative(o, "count")
    lower, upper = unwrap(*_byars(o, z_value(c)))
    return lower, upper


def _byars(o: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    o1 = o + 1
    b = 1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))
    # A count of 0 has no Byar's lower limit (0 × ∞); callers use exact limits there.
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 1 - 1 / (9 * o) - z / (3 * np.sqrt(o))
        # Cubing by multiplication is several times faster than ** 3 on large arrays.
        return o * a * a * a, o1 * b * b * b


def exact_poisson_limits(
    count: ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits of a count ``O`` from the chi-square distribution::

        lower = χ²(α/2; 2O) / 2      (0 when O = 0)
        upper = χ²(1 − α/2; 2O + 2) / 2

    where α = 1 − confidence and χ²(p; k) is the p quantile with k degrees of freedom.

    Reference: Garwood F (1936), Fiducial limits for the Poisson distribution, *Biometrika*
    28:437-442; PHEindicatormethods ``phe_rate`` (method "exact" below 10 events).
    """
    c = check_confidence(confidence)
    o = as_float(count, "count")
    check_non_negative(o, "count")
    lower, upper = unwrap(*_exact(o, c))
    return lower, upper


def _exact(o: FloatArray, c: float) -> tuple[FloatArray, FloatArray]:
    alpha = 1 - c
    with np.errstate(invalid="ignore"):
        lower = np.where(o == 0, 0.0, chi2_ppf(alpha / 2, 2 * o) / 2)
    upper = chi2_ppf(1 - alpha / 2, 2 * o + 2) / 2
    return np.asarray(lower, dtype=np.float64), upper


def poisson_limits(count: ArrayLike, *, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Limits of a count as Fingertips computes them: exact below 10 events, Byar's from 10.

    Reference: PHEindicatormethods ``phe_rate``; Fingertips technical guidance.
    """
    c = check_confidence(confidence)
    o = as_float(count, "count")
    check_non_negative(o, "count")
    lower, upper = unwrap(*_poisson(o, c))
    return lower, upper


def _poisson(o: FloatArray, c: float) -> tuple[FloatArray, FloatArray]:
    lower, upper = _byars(o, z_value(c))
    small = o < BYARS_MINIMUM
    if small.any():
        lower = np.array(lower, dtype=np.float64, copy=True)
        upper = np.array(upper, dtype=np.float64, copy=True)
        counts = o[small]
        whole = counts == np.round(counts)
        # Chi-square quantiles are slow, and whole counts below 10 have only ten possible
        # limits per confidence level, so those are looked up.
        table_lower, table_upper = _exact_table(c)
        idx = np.where(whole, counts, 0).astype(np.int64)
        exact_lower = np.where(whole, table_lower[idx], np.nan)
        exact_upper = np.where(whole, table_upper[idx], np.nan)
        if not whole.all():
            exact_lower[~whole], exact_upper[~whole] = _exact(counts[~whole], c)
        lower[small] = exact_lower
        upper[small] = exact_upper
    return lower, upper


@functools.lru_cache(maxsize=16)
def _exact_table(c: float) -> tuple[FloatArray, FloatArray]:
    return _exact(np.arange(BYARS_MINIMUM, dtype=np.float64), c)


def rate_ci(
    count: ArrayLike,
    denominator: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Crude rate with Poisson limits: ``(value, lower, upper)``.

    value = count / denominator × multiplier.  The limits of the count are exact
    (chi-square) below 10 events and Byar's from 10 (:func:`poisson_limits`), then divided
    by the denominator and multiplied by the multiplier.  A count above its denominator is
    allowed: a rate is not a proportion.

    Reference: PHEindicatormethods ``phe_rate``; Fingertips technical guidance, "Confidence
    intervals for rates"; Breslow & Day (1987) for Byar's method.
    """
    c = check_confidence(confidence)
    m = check_multiplier(multiplier)
    o = as_float(count, "count")
    n = as_float(denominator, "denominator")
    o, n = broadcast(count=o, denominator=n)
    check_non_negative(o, "count")
    check_positive(n, "denominator")
    lower, upper = _poisson(o, c)
    scale = m / n
    value, lower, upper = unwrap(o * scale, lower * scale, upper * scale)
    return value, lower, upper


class MeanInterval(NamedTuple):
    """A mean with Student's t limits, the number of values used and their SD."""

    value: float
    lower: float
    upper: float
    n: int
    sd: float


def mean_ci(values: ArrayLike, *, confidence: float = 0.95) -> MeanInterval:
    """Mean of the non-missing values with Student's t limits.

    ::

        mean ± t(1 − α/2; n − 1) × sd / √n

    where sd is the sample standard deviation (divisor n − 1).  Missing values are left out
    and ``n`` says how many were used.  With one value the limits are NaN; with none, all
    are NaN.

    Returns a :class:`MeanInterval` named tuple ``(value, lower, upper, n, sd)`` of floats.

    Reference: PHEindicatormethods ``phe_mean``; Fingertips technical guidance.
    """
    c = check_confidence(confidence)
    x = as_float_1d(values, "values")
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return MeanInterval(np.nan, np.nan, np.nan, 0, np.nan)
    mean = float(x.mean())
    if n == 1:
        return MeanInterval(mean, np.nan, np.nan, 1, np.nan)
    sd = float(x.std(ddof=1))
    half = float(t_value(c, n - 1)) * sd / float(np.sqrt(n))
    return MeanInterval(mean, mean - half, mean + half, n, sd)


def mean_ci_from_summary(
    mean: ArrayLike, sd: ArrayLike, n: ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Student's t limits from a published mean, standard deviation and count.

    ``mean ± t(1 − α/2; n − 1) × sd / √n``; NaN limits where n < 2.  Returns
    ``(value, lower, upper)`` arrays.

    Reference: PHEindicatormethods ``phe_mean``.
    """
    c = check_confidence(confidence)
    m = as_float(mean, "mean")
    s = as_float(sd, "sd")
    k = as_float(n, "n")
    m, s, k = broadcast(mean=m, sd=s, n=k)
    check_non_negative(s, "sd")
    check_non_negative(k, "n")
    fractional = k != np.round(k)
    if fractional.any():
        i = first(fractional)
        raise StatisticsError(
            f"n at position {position(k, i)} is not a whole number ({fmt(k.ravel()[i])})"
        )
    usable = k >= 2
    df = np.where(usable, k - 1, np.nan)
    with np.errstate(invalid="ignore"):
        half = np.where(usable, t_value(c, df) * s / np.sqrt(np.where(usable, k, 1)), np.nan)
    value, lower, upper = unwrap(m + 0.0, m - half, m + half)
    return value, lower, upper


def dsr(
    counts: ArrayLike,
    populations: ArrayLike,
    *,
    standard: ArrayLike = ESP2013,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Directly standardised rate with Dobson's limits: ``(value, lower, upper)``.

    The age bands run along the last axis, so one area gives 0-d arrays and a 2-D
    ``(areas, bands)`` input gives one result per area.  With count cᵢ, population pᵢ and
    standard weight wᵢ in band i, W = Σwᵢ and O = Σcᵢ::

        DSR = Σ cᵢ wᵢ/pᵢ / W
        var = Σ cᵢ (wᵢ/pᵢ)² / W²
        limits = DSR + √(var / O) × (Byar's limit of O − O)

    all times the multiplier.  When O is below 10 the value and limits are NaN, as
    Fingertips does not publish them.  A missing count counts as 0; a missing population
    makes the result missing.

    Reference: Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991), Confidence intervals for
    weighted sums of Poisson parameters, *Stat Med* 10:457-462; PHEindicatormethods
    ``calculate_dsr``; Fingertips technical guidance.
    """
    c = check_confidence(confidence)
    m = check_multiplier(multiplier)
    cnt = as_float(counts, "counts")
    pop = as_float(populations, "populations")
    std = as_float_1d(standard, "standard")
    cnt, pop = broadcast(counts=cnt, populations=pop)
    if cnt.ndim == 0 or cnt.shape[-1] != std.size:
        raise StatisticsError(
            f"counts and populations must have {std.size} age bands (one per standard weight) "
            f"on their last axis, got shape {cnt.shape}"
        )
    check_non_negative(cnt, "counts")
    check_positive(pop, "populations")
    check_non_negative(std, "standard")
    if np.isnan(std).any():
        raise StatisticsError(f"standard at position {first(np.isnan(std))} is missing")
    cnt = np.nan_to_num(cnt, nan=0.0)
    weight = std / pop
    total_weight = std.sum()
    value = (cnt * weight).sum(axis=-1) / total_weight
    variance = (cnt * weight**2).sum(axis=-1) / total_weight**2
    observed = cnt.sum(axis=-1)
    lower_o, upper_o = _byars(observed, z_value(c))
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(variance / observed)
    shown = observed >= BYARS_MINIMUM
    value = np.where(shown, value, np.nan)
    lower = np.where(shown, value + spread * (lower_o - observed), np.nan)
    upper = np.where(shown, value + spread * (upper_o - observed), np.nan)
    value, lower, upper = unwrap(value * m, lower * m, upper * m)
    return value, lower, upper


def _isr_parts(
    observed: ArrayLike, populations: ArrayLike, reference_rates: ArrayLike, confidence: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    c = check_confidence(confidence)
    pop = as_float(populations, "populations")
    ref = as_float(reference_rates, "reference_rates")
    pop, ref = broadcast(populations=pop, reference_rates=ref)
    if pop.ndim == 0:
        raise StatisticsError("populations must have the age bands on their last axis")
    check_non_negative(pop, "populations")
    check_non_negative(ref, "reference_rates")
    obs = as_float(observed, "observed")
    check_non_negative(obs, "observed")
    if obs.shape == pop.shape:
        # Observed counts given per band: a missing band counts as 0, as in a DSR.
        obs = np.nan_to_num(obs, nan=0.0).sum(axis=-1)
    elif obs.shape != pop.shape[:-1]:
        raise StatisticsError(
            f"observed must be the total count (shape {pop.shape[:-1]}) or one count per "
            f"band (shape {pop.shape}), got shape {obs.shape}"
        )
    expected = (pop * ref).sum(axis=-1)
    zero = expected == 0
    if zero.any():
        raise StatisticsError(
            f"expected count at position {position(expected, first(zero))} is zero "
            "(populations times reference_rates sum to 0)"
        )
    lower, upper = _poisson(obs, c)
    return obs / expected, lower / expected, upper / expected, expected


def isr(
    observed: ArrayLike,
    populations: ArrayLike,
    reference_rates: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 100,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Indirectly standardised ratio with Poisson limits: ``(value, lower, upper)``.

    Age bands run along the last axis of ``populations`` and ``reference_rates`` (events
    per person, e.g. 0.0123).  ``observed`` is the area's total count, or one count per
    band (summed).  With expected E = Σ pᵢ rᵢ and observed O::

        ISR = O / E × multiplier
        limits = (limits of O) / E × multiplier

    where the limits of O are exact below 10 events and Byar's from 10.  Multiplier 100
    gives the ratio as a percentage of the expected (100 = as expected).

    Reference: Breslow & Day (1987), chapter 2; PHEindicatormethods ``calculate_ISRatio``.
    """
    m = check_multiplier(multiplier)
    ratio, lower, upper, _ = _isr_parts(observed, populations, reference_rates, confidence)
    ratio, lower, upper = unwrap(ratio * m, lower * m, upper * m)
    return ratio, lower, upper


def isr_rate(
    observed: ArrayLike,
    populations: ArrayLike,
    reference_rates: ArrayLike,
    reference_rate: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Indirectly standardised rate: the :func:`isr` ratio times the reference rate.

    ``reference_rate`` is the reference population's overall rate per person (total
    reference events ÷ total reference population)::

        ISRate = O / E × reference_rate × multiplier

    with the limits of O scaled the same way.

    Reference: PHEindicatormethods ``calculate_ISRate``.
    """
    m = check_multiplier(multiplier)
    rr = as_float(reference_rate, "reference_rate")
    check_non_negative(rr, "reference_rate")
    ratio, lower, upper, _ = _isr_parts(observed, populations, reference_rates, confidence)
    ratio, lower, upper = unwrap(ratio * rr * m, lower * rr * m, upper * rr * m)
    return ratio, lower, upper
