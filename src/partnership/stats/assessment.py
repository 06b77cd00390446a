"""Assess many area-period values in one vectorised call.

This is what the application runs after an import: for every value of every area it
computes the 95% and 99.8% intervals, the comparison with a benchmark, the statistical
neighbour average, the quartile band and rank among areas, and the direction of travel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._grouped import (
    Layout,
    Sorted,
    group_index,
    group_polarity,
    layout_by_area,
    layout_by_order,
)
from ._validate import (
    HIGH,
    BoolArray,
    FloatArray,
    IntArray,
    StrArray,
    as_float_1d,
    check_non_negative,
    check_not_above,
    check_order,
    check_positive,
    first,
    fmt,
    polarity_codes,
)
from .bands import BAND_LABELS, band_codes
from .compare import (
    MISSING,
    ONE_LEVEL_LABELS,
    TRAVEL_LABELS,
    TWO_LEVEL_LABELS,
)
from .errors import StatisticsError
from .intervals import _poisson, _wilson_levels
from .neighbours import neighbour_index

__all__ = ["Assessment", "assess"]

CONFIDENCE_95 = 0.95
CONFIDENCE_998 = 0.998


@dataclass(frozen=True)
class Assessment:
    """Arrays, one element per input row, from :func:`assess`.

    Labels are ``""`` where the row cannot be assessed (see :mod:`partnership.stats.compare`).
    """

    value: FloatArray
    lower95: FloatArray
    upper95: FloatArray
    lower998: FloatArray
    upper998: FloatArray
    compared: StrArray
    """Two-level comparison with the benchmark: best / better / similar / worse / worst."""
    compared95: StrArray
    """One-level comparison at 95%: better / similar / worse (higher / lower)."""
    compared998: StrArray
    """One-level comparison at 99.8%."""
    neighbour_mean: FloatArray
    neighbour_count: IntArray
    quartile_band: StrArray
    rank: FloatArray
    ranked: IntArray
    """How many values were ranked in the row's group (rank 3 of ``ranked``)."""
    direction: StrArray


def _optional(x: ArrayLike | None, name: str, size: int) -> FloatArray:
    if x is None:
        return np.full(size, np.nan)
    arr = as_float_1d(x, name)
    if arr.size != size:
        raise StatisticsError(f"{name} must have {size} elements like the others, got {arr.size}")
    return arr


def _size(**arrays: ArrayLike | None) -> int:
    for a in arrays.values():
        if a is not None:
            return int(np.shape(a)[0]) if np.ndim(a) else 1
    raise StatisticsError("give numerator and denominator, or value (with its limits)")


def _per_row_multiplier(multiplier: float | ArrayLike, size: int) -> FloatArray:
    m = np.broadcast_to(as_float_1d(np.atleast_1d(multiplier), "multiplier"), (size,))
    bad = ~(m > 0)
    if bad.any():
        i = first(bad)
        raise StatisticsError(f"multiplier at position {i} must be positive, got {fmt(m[i])}")
    return m


def _value_types(value_type: str | ArrayLike, size: int) -> tuple[IntArray, IntArray]:
    vt = np.broadcast_to(np.asarray(value_type), (size,))
    proportion = vt == "proportion"
    # Only the other rows can be rates or invalid, so only they are compared again.
    rest = np.flatnonzero(~proportion)
    bad = vt[rest] != "rate"
    if bad.any():
        i = int(rest[np.flatnonzero(bad)[0]])
        raise StatisticsError(
            f"value_type at position {i} must be 'proportion' or 'rate', got {str(vt[i])!r}"
        )
    return np.flatnonzero(proportion), rest


def _intervals(
    numerator: FloatArray,
    denominator: FloatArray,
    multiplier: FloatArray,
    proportion: IntArray,
    rate: IntArray,
) -> tuple[FloatArray, ...]:
    """value, lower95, upper95, lower998, upper998 from counts."""
    size = numerator.size
    check_non_negative(numerator, "numerator")
    check_positive(denominator, "denominator")
    if proportion.size == size:
        check_not_above(numerator, denominator, "numerator", "denominator")
    else:
        check_not_above(numerator[proportion], denominator[proportion], "numerator", "denominator")
    limits: list[FloatArray] = []
    levels = (CONFIDENCE_95, CONFIDENCE_998)
    if proportion.size == size:
        # One value type needs no fancy indexing, which would copy every array.
        limits = _wilson_levels(numerator, denominator, levels)
    elif rate.size == size:
        for c in (CONFIDENCE_95, CONFIDENCE_998):
            limits += (lim / denominator for lim in _poisson(numerator, c))
    else:
        # Wilson limits for every row, then the rate rows overwritten: cheaper than pulling
        # the (usually larger) proportion subset out and putting it back.
        xr, nr = numerator[rate], denominator[rate]
        with np.errstate(invalid="ignore"):
            limits = _wilson_levels(numerator, denominator, levels)
        for level, c in enumerate(levels):
            rate_lower, rate_upper = _poisson(xr, c)
            limits[2 * level][rate] = rate_lower / nr
            limits[2 * level + 1][rate] = rate_upper / nr
    value = numerator / denominator * multiplier
    return value, *(lim * multiplier for lim in limits)


LABEL_COLUMNS = 6


def _labels(
    table: StrArray, offset: IntArray, sig: NDArray[np.int8], missing: BoolArray
) -> StrArray:
    """Labels from a (3, 6) table of :mod:`.compare`: row by polarity, column by sign."""
    out: StrArray = table.take(offset + np.where(missing, MISSING, sig + 2))
    return out


def _layout(
    groups: ArrayLike | None, areas: ArrayLike | None, size: int
) -> tuple[Layout, int | None]:
    g, n_groups = group_index(groups, size)
    if areas is None:
        return layout_by_order(g, n_groups), None
    a = np.asarray(areas)
    if a.shape != (size,) or a.dtype.kind not in "iu":
        raise StatisticsError(
            f"areas must be {size} integer area positions, got {a.dtype} {a.shape}"
        )
    if size and a.min() < 0:
        i = first(a < 0)
        raise StatisticsError(f"areas at position {i} is negative ({int(a[i])})")
    n_areas = int(a.max()) + 1 if size else 0
    return layout_by_area(g, n_groups, a.astype(np.int64), n_areas), n_areas


def _neighbours(matrix: FloatArray, idx: IntArray, layout: Layout) -> tuple[FloatArray, IntArray]:
    """Neighbour mean and count for every row.

    With a 0/1 matrix W of "area j is a neighbour of area a", the neighbours' sum in every
    group is one matrix product, values (NaN as 0) times W, and their count is presence
    times W: a single BLAS call instead of a gather per neighbour.
    """
    n_groups, width = matrix.shape
    known = ~np.isnan(matrix)
    stacked = np.concatenate([np.where(known, matrix, 0.0), known.astype(np.float64)])
    # Areas at or beyond the rows' width have no rows and no values, so W leaves them out.
    valid = (idx >= 0) & (idx < width)
    valid[width:] = False
    area, k = np.nonzero(valid)
    adjacency = np.zeros((width, width))
    np.add.at(adjacency, (idx[area, k], area), 1.0)
    product = stacked @ adjacency
    total, count = product[:n_groups], product[n_groups:]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
    return layout.gather(mean), layout.gather(count).astype(np.int64)


def assess(
    *,
    polarity: str | ArrayLike,
    numerator: ArrayLike | None = None,
    denominator: ArrayLike | None = None,
    value: ArrayLike | None = None,
    lower95: ArrayLike | None = None,
    upper95: ArrayLike | None = None,
    lower998: ArrayLike | None = None,
    upper998: ArrayLike | None = None,
    value_type: str | ArrayLike = "proportion",
    multiplier: float | ArrayLike = 1,
    benchmark: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    areas: ArrayLike | None = None,
    neighbours: ArrayLike | None = None,
    n_areas: int | None = None,
) -> Assessment:
    """Assess many area-period values at once; every argument is one element per row.

    **Values and intervals.**  Where ``numerator`` and ``denominator`` are both present
    the value and its 95% and 99.8% limits are computed: Wilson limits for
    ``value_type="proportion"`` rows, Poisson limits (exact below 10, Byar's from 10) for
    ``"rate"`` rows, times ``multiplier``.  Rows without them fall back on the given
    ``value`` and limits (e.g. a mean, a DSR or a published figure); missing limits there
    just make the comparison unassessable.

    **Benchmark.**  ``benchmark`` (e.g. England's value for the same indicator-period)
    gives ``compared`` (Fingertips' two-level method) and ``compared95`` /
    ``compared998`` (one level each); see :mod:`partnership.stats.compare`.

    **Among areas.**  ``groups`` labels the rows that are banded and ranked together
    (typically one label per indicator-period, with only local authorities in the rows);
    without it all rows form one group.
    ``quartile_band`` and ``rank`` follow :func:`~partnership.stats.quartile_band` and
    :func:`~partnership.stats.rank`; polarity must be the same within a group.

    **Neighbours.**  ``areas`` gives each row's area position (0..A − 1; an area appears at
    most once per group) and ``neighbours`` the ``(A, k)`` neighbour positions padded with
    −1.  ``neighbour_mean`` is the mean of the neighbours that have a value in the same
    group, ``neighbour_count`` how many did.  ``n_areas`` fixes A when the rows do not
    include the last area.

    **Direction of travel.**  ``previous`` is the row's value one period earlier.

    ``polarity`` and ``value_type`` are one string or one per row.

    References: as for :func:`~partnership.stats.proportion_ci`,
    :func:`~partnership.stats.rate_ci`, :func:`~partnership.stats.compare_with_benchmark`,
    :func:`~partnership.stats.quartile_band`, :func:`~partnership.stats.rank`,
    :func:`~partnership.stats.neighbour_average`,
    :func:`~partnership.stats.direction_of_travel`.
    """
    size = _size(numerator=numerator, denominator=denominator, value=value)
    num = _optional(numerator, "numerator", size)
    den = _optional(denominator, "denominator", size)
    mult = _per_row_multiplier(multiplier, size)
    pol = polarity_codes(polarity, size)
    if pol.shape != (size,):
        raise StatisticsError(f"polarity must be one string or {size} strings, got {pol.shape}")

    given = {
        "value": value,
        "lower95": lower95,
        "upper95": upper95,
        "lower998": lower998,
        "upper998": upper998,
    }
    if numerator is not None or denominator is not None:
        proportion, rate = _value_types(value_type, size)
        computed = _intervals(num, den, mult, proportion, rate)
        if any(a is not None for a in given.values()):
            use_given = np.isnan(computed[0])
            computed = tuple(
                np.where(use_given, _optional(a, name, size), c)
                for (name, a), c in zip(given.items(), computed, strict=True)
            )
        v, l95, u95, l998, u998 = computed
    else:
        v, l95, u95, l998, u998 = (_optional(a, name, size) for name, a in given.items())
    if any(a is not None for a in given.values()):
        check_order(l95, u95, "lower95", "upper95")
        check_order(l998, l95, "lower998", "lower95")
        check_order(u95, u998, "upper95", "upper998")

    # Significance: +1 when the benchmark is below the limit pair, −1 above, per level; the
    # two-level result is their sum (±2 beyond the 99.8% limits).
    offset = (pol + 1) * LABEL_COLUMNS
    if benchmark is None:
        compared, compared95, compared998 = (np.full(size, "") for _ in range(3))
    else:
        b = _optional(benchmark, "benchmark", size)
        unknown = np.isnan(v) | np.isnan(b)
        miss95 = unknown | np.isnan(l95) | np.isnan(u95)
        miss998 = unknown | np.isnan(l998) | np.isnan(u998)
        s95 = (b < l95).view(np.int8) - (b > u95).view(np.int8)
        s998 = (b < l998).view(np.int8) - (b > u998).view(np.int8)
        compared = _labels(TWO_LEVEL_LABELS, offset, s95 + s998, miss95 | miss998)
        compared95 = _labels(ONE_LEVEL_LABELS, offset, s95, miss95)
        compared998 = _labels(ONE_LEVEL_LABELS, offset, s998, miss998)

    layout, known_areas = _layout(groups, areas, size)
    pol_by_group = group_polarity(pol, layout)
    matrix = layout.scatter(v)
    ordered = Sorted.of(matrix)
    band = BAND_LABELS.take(layout.gather(band_codes(ordered, matrix, pol_by_group)))
    ranks = layout.gather(ordered.min_ranks(pol_by_group == HIGH))
    ranked = ordered.counts[layout.row]

    if neighbours is not None:
        if known_areas is None:
            raise StatisticsError("neighbours need areas: the area position of every row")
        total_areas = known_areas if n_areas is None else int(n_areas)
        if total_areas < known_areas:
            raise StatisticsError(f"n_areas is {total_areas} but areas go up to {known_areas - 1}")
        idx = neighbour_index(neighbours, total_areas)
        neighbour_mean, neighbour_count = _neighbours(matrix, idx, layout)
    else:
        neighbour_mean = np.full(size, np.nan)
        neighbour_count = np.zeros(size, dtype=np.int64)

    if previous is None:
        direction = np.full(size, "")
    else:
        prev = _optional(previous, "previous", size)
        travel = (v > prev).view(np.int8) - (v < prev).view(np.int8)
        direction = _labels(TRAVEL_LABELS, offset, travel, np.isnan(v) | np.isnan(prev))

    return Assessment(
        value=v,
        lower95=l95,
        upper95=u95,
        lower998=l998,
        upper998=u998,
        compared=compared,
        compared95=compared95,
        compared998=compared998,
        neighbour_mean=neighbour_mean,
        neighbour_count=neighbour_count.astype(np.int64),
        quartile_band=band,
        rank=ranks,
        ranked=ranked.astype(np.int64),
        direction=direction,
    )
