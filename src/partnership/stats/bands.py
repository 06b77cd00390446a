"""Quartile bands, ranks and quantiles among areas.

All functions ignore missing values when computing boundaries and leave them unbanded,
unranked or unclassified.  ``groups`` (optional, one label per value) makes the
calculation run separately within each group, for example per indicator and period, in
one vectorised call.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from ._grouped import (
    Layout,
    Sorted,
    group_index,
    group_polarity,
    layout_by_order,
    type7_quantiles,
)
from ._validate import (
    HIGH,
    LOW,
    FloatArray,
    IntArray,
    StrArray,
    as_float,
    as_float_1d,
    first,
    polarity_code,
    polarity_codes,
    position,
    unwrap,
)
from .errors import StatisticsError

__all__ = [
    "BAND_COLOURS",
    "band_colour",
    "phe_quantile",
    "quantile_bounds",
    "quantile_category",
    "quartile_band",
    "quartile_band_from_bounds",
    "rank",
]

BAND_LABELS: Final = np.array(["A", "B", "C", "D", "", "Error"])
BAND_COLOURS: Final[dict[str, str]] = {"A": "#00703c", "D": "#d4351c"}
"""GOV.UK green for band A and red for band D, as LAIT colours its quartile bands."""

_NO_BAND = 4
_ERROR = 5


def _check_n(n: int, name: str, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < minimum:
        raise StatisticsError(f"{name} must be a whole number of at least {minimum}, got {n!r}")
    return int(n)


def quantile_bounds(values: ArrayLike, n: int = 4) -> FloatArray:
    """Boundaries of ``n`` equal-count bands: minimum, the n − 1 cut points and maximum.

    Quantiles are Hyndman & Fan type 7 (numpy's "linear", R's default, Excel's
    PERCENTILE.INC): for sorted values x₁..x_N and fraction p, h = (N − 1)p and the
    quantile is x_{⌊h⌋+1} + (h − ⌊h⌋)(x_{⌊h⌋+2} − x_{⌊h⌋+1}).  Missing values are ignored;
    with no values every bound is NaN.

    >>> quantile_bounds(range(1, 51)).tolist()
    [1.0, 13.25, 25.5, 37.75, 50.0]

    Reference: Hyndman RJ, Fan Y (1996), Sample quantiles in statistical packages, *Am Stat*
    50:361-365; LAIT ``quantile(..., type = 7)``; Fingertips ``QuartilesCalculator``.
    """
    k = _check_n(n, "n")
    x = as_float_1d(values, "values")
    x = np.sort(x[~np.isnan(x)])[None, :]
    probs = np.linspace(0.0, 1.0, k + 1)
    out: FloatArray = type7_quantiles(x, np.array([x.shape[1]]), probs)[0]
    return out


def _band_codes(v: FloatArray, bounds: FloatArray) -> IntArray:
    """LAIT's case_when: first matching interval, so a value on a cut point takes the
    lower band; comparisons with a missing edge are false, giving "Error"."""
    b0, b1, b2, b3, b4 = (bounds[..., i] for i in range(5))
    return np.select(
        [np.isnan(v), (v >= b0) & (v <= b1), (v > b1) & (v <= b2), (v > b2) & (v <= b3),
         (v > b3) & (v <= b4)],
        [_NO_BAND, 0, 1, 2, 3],
        _ERROR,
    )  # fmt: skip


def _band_labels(codes: IntArray, pol: IntArray) -> StrArray:
    # High is good reverses the labels, so A is always the best quarter.
    flipped = np.where((pol == HIGH) & (codes < 4), 3 - codes, codes)
    flipped = np.where((pol != HIGH) & (pol != LOW) & (codes != _ERROR), _NO_BAND, flipped)
    out: StrArray = BAND_LABELS[flipped]
    return out


def quartile_band_from_bounds(
    values: ArrayLike, bounds: ArrayLike, *, polarity: str | ArrayLike
) -> StrArray:
    """Quartile band A-D of each value given the five band edges (0%, 25%, 50%, 75%, 100%).

    For low is good: A when 0% ≤ value ≤ 25%, B when 25% < value ≤ 50%, C when
    50% < value ≤ 75%, D when 75% < value ≤ 100%.  High is good reverses the labels (D, C,
    B, A), so A is always the best quarter and a value on a cut point goes to the band of
    the lower interval.  ``""`` for a missing value or polarity "none"; ``"Error"`` when
    the value lies outside the edges or a needed edge is missing (LAIT's warning case).

    ``bounds`` has shape ``(5,)`` or ``values.shape + (5,)``.

    Reference: DfE Local Authority Interactive Tool, ``calculate_quartile_band``.
    """
    v = as_float(values, "values")
    b = as_float(bounds, "bounds")
    if b.shape[-1:] != (5,):
        raise StatisticsError(f"bounds must have 5 edges on the last axis, got shape {b.shape}")
    pol = np.broadcast_to(polarity_codes(polarity), v.shape)
    (out,) = unwrap(_band_labels(_band_codes(v, b), pol))
    return out


def quartile_band(
    values: ArrayLike, *, polarity: str | ArrayLike, groups: ArrayLike | None = None
) -> StrArray:
    """Quartile band A (best) to D (worst) of each value among the values of its group.

    Edges are the type-7 quantiles of the group (:func:`quantile_bounds`), and banding is
    :func:`quartile_band_from_bounds`: ties go to the lower band and A is the best quarter
    for the polarity.  Missing values get ``""``, as does every value for polarity "none".
    Polarity may vary between groups but not within one.

    Reference: DfE Local Authority Interactive Tool (quartile banding of the 150+ LAs).
    """
    v, layout, pol = _grouped_inputs(values, polarity, groups)
    matrix = layout.scatter(v)
    codes = band_codes(Sorted.of(matrix), matrix, group_polarity(pol, layout))
    out: StrArray = BAND_LABELS.take(layout.gather(codes))
    return out


def _grouped_inputs(
    values: ArrayLike, polarity: str | ArrayLike, groups: ArrayLike | None
) -> tuple[FloatArray, Layout, IntArray]:
    v = as_float_1d(values, "values")
    g, n_groups = group_index(groups, v.size)
    pol = polarity_codes(polarity, v.size)
    if pol.shape != v.shape:
        raise StatisticsError(f"polarity must be one string or shape {v.shape}, got {pol.shape}")
    return v, layout_by_order(g, n_groups), pol


def band_codes(ordered: Sorted, matrix: FloatArray, pol_by_group: IntArray) -> IntArray:
    """Index into BAND_LABELS for every cell of a group matrix.

    The edges come from the same values, so every value lies within them and the band is
    just the number of cut points it exceeds: a value on a cut point stays in the lower
    band, as in LAIT.
    """
    edges = ordered.quantiles(np.linspace(0.0, 1.0, 5))
    code = (matrix > edges[:, 1:2]).astype(np.int64)
    code += matrix > edges[:, 2:3]
    code += matrix > edges[:, 3:4]
    code = np.where((pol_by_group == HIGH)[:, None], 3 - code, code)
    unbanded = np.isnan(matrix) | ((pol_by_group != HIGH) & (pol_by_group != LOW))[:, None]
    out: IntArray = np.where(unbanded, _NO_BAND, code)
    return out


def rank(
    values: ArrayLike, *, polarity: str | ArrayLike, groups: ArrayLike | None = None
) -> FloatArray:
    """Rank of each value within its group, 1 = best for the polarity.

    Low is good ranks the smallest value 1; high is good ranks the largest 1; polarity
    "none" ranks the smallest 1 (a position, not a judgement).  Tied values share the
    lowest rank of the tie (1, 2, 2, 4).  Missing values are unranked (NaN).  Ranks are
    returned as floats so that NaN can mark them.  Polarity may vary between groups but
    not within one.

    Reference: DfE Local Authority Interactive Tool, ``calculate_rank``
    (``rank(ties.method = "min")``).
    """
    v, layout, pol = _grouped_inputs(values, polarity, groups)
    descending = group_polarity(pol, layout) == HIGH
    return layout.gather(Sorted.of(layout.scatter(v)).min_ranks(descending))


def phe_quantile(
    values: ArrayLike,
    nquantiles: int,
    *,
    invert: bool = True,
    groups: ArrayLike | None = None,
) -> FloatArray:
    """PHE quantile (e.g. decile) of each value within its group, as floats.

    With N non-missing values in the group, q quantiles and rank r (ties share the lowest
    rank; rank 1 is the highest value when ``invert`` is true, the lowest otherwise)::

        quantile = ⌊(q + 1) − ⌈((N + 1) − r) / (N / q)⌉⌋,  0 becoming 1

    ``invert=True`` suits low-is-good indicators so that quantile 1 is the worst.  NaN for
    missing values and for every value of a group with fewer than q values.

    Reference: PHEindicatormethods ``phe_quantile``; Fingertips technical guidance,
    "Quantiles".
    """
    q = _check_n(nquantiles, "nquantiles")
    if not isinstance(invert, bool | np.bool_):
        raise StatisticsError(f"invert must be True or False, got {invert!r}")
    v = as_float_1d(values, "values")
    g, n_groups = group_index(groups, v.size)
    layout = layout_by_order(g, n_groups)
    r = layout.gather(Sorted.of(layout.scatter(v)).min_ranks(np.full(n_groups, bool(invert))))
    counts = np.bincount(g[~np.isnan(v)], minlength=n_groups).astype(np.float64)[g]
    with np.errstate(divide="ignore", invalid="ignore"):
        quantile = np.floor((q + 1) - np.ceil(((counts + 1) - r) / (counts / q)))
    quantile = np.where(quantile == 0, 1.0, quantile)
    out: FloatArray = np.where((counts < q) | np.isnan(v), np.nan, quantile)
    return out


def quantile_category(
    values: ArrayLike, reference: ArrayLike, *, n: int = 4, polarity: str = "none"
) -> IntArray:
    """Fingertips' quartile or quintile category of each value among ``reference`` values.

    The category is the first boundary index i = 1..n whose :func:`quantile_bounds` edge
    is at least the value.  0 means no category: fewer than n reference values, a missing
    value, or a value above the maximum.  High is good reverses the category (n + 1 − i);
    Fingertips reverses quintiles by polarity but not quartiles, so pass ``polarity="none"``
    to reproduce its quartiles.

    Reference: Fingertips ``QuartilesComparer`` and ``QuintilesComparer``.
    """
    k = _check_n(n, "n")
    pol = polarity_code(polarity)
    v = as_float(values, "values")
    ref = as_float_1d(reference, "reference")
    if np.count_nonzero(~np.isnan(ref)) < k:
        return np.zeros(v.shape, dtype=np.int64)
    edges = quantile_bounds(ref, k)[1:]
    at_or_above = edges[None, :] >= v.reshape(-1, 1)
    found = at_or_above.any(axis=1) & ~np.isnan(v.ravel())
    category = np.where(found, at_or_above.argmax(axis=1) + 1, 0)
    if pol == HIGH:
        category = np.where(category > 0, k + 1 - category, 0)
    out: IntArray = category.reshape(v.shape).astype(np.int64)
    (out,) = unwrap(out)
    return out


def band_colour(band: str | ArrayLike, *, polarity: str | ArrayLike) -> StrArray:
    """LAIT's cell colour for a quartile band: GOV.UK green ``#00703c`` for A, red
    ``#d4351c`` for D and ``"none"`` otherwise, or for any band when the polarity is
    "none" (or the band is ``""``).  An unknown band is an error.

    Reference: DfE Local Authority Interactive Tool, ``get_quartile_band_cell_colour``.
    """
    b = np.asarray(band)
    if b.dtype.kind not in "UO":
        raise StatisticsError(f"band must be strings 'A' to 'D', got {b.dtype}")
    known = (b == "A") | (b == "B") | (b == "C") | (b == "D") | (b == "")
    if not known.all():
        i = first(~known)
        raise StatisticsError(
            f"band at position {position(b, i)} must be 'A', 'B', 'C', 'D' or '', "
            f"got {str(b.ravel()[i])!r}"
        )
    pol = np.broadcast_to(polarity_codes(polarity), b.shape)
    judged = pol != 0
    out: StrArray = np.where(
        judged & (b == "A"),
        BAND_COLOURS["A"],
        np.where(judged & (b == "D"), BAND_COLOURS["D"], "none"),
    )
    (out,) = unwrap(out)
    return out
