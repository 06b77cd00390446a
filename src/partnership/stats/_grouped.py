"""Group-wise sorting machinery shared by banding, ranking and quantiles.

Values are laid out in a dense matrix with one row per group and NaN padding, so that the
per-group work is a single row-wise ``np.sort`` rather than a Python loop over groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validate import FloatArray, IntArray, first
from .errors import StatisticsError


@dataclass(frozen=True)
class Layout:
    """Where each element sits in the dense ``(groups, width)`` matrix."""

    row: IntArray
    column: IntArray
    n_groups: int
    width: int

    def scatter(self, values: FloatArray) -> FloatArray:
        matrix = np.full((self.n_groups, self.width), np.nan)
        matrix[self.row, self.column] = values
        return matrix

    def gather(self, matrix: FloatArray) -> FloatArray:
        out: FloatArray = matrix[self.row, self.column]
        return out


def group_index(groups: ArrayLike | None, size: int) -> tuple[IntArray, int]:
    """Compact group numbers 0..G-1 for any hashable-by-numpy labels (None: one group)."""
    if groups is None:
        return np.zeros(size, dtype=np.int64), 1
    g = np.asarray(groups)
    if g.shape != (size,):
        raise StatisticsError(f"groups must have shape ({size},), got {g.shape}")
    if size == 0:
        return np.zeros(0, dtype=np.int64), 0
    if g.dtype.kind in "iu" and g.min() >= 0 and g.max() < 2 * size + 1024:
        # Already small integers: skip the sort that np.unique would need.
        counts = np.bincount(g)
        present = counts > 0
        if present.all():
            return g.astype(np.int64, copy=False), int(counts.size)
        remap = np.cumsum(present) - 1
        return remap[g].astype(np.int64), int(present.sum())
    if g.dtype.kind == "f" and np.isnan(g).any():
        raise StatisticsError(f"groups at position {first(np.isnan(g))} is missing")
    uniques, inverse = np.unique(g, return_inverse=True)
    return inverse.astype(np.int64).reshape(size), int(uniques.size)


def layout_by_order(group: IntArray, n_groups: int) -> Layout:
    """Column = order of appearance within the group."""
    size = group.size
    if size == 0:
        return Layout(group, group, n_groups, 0)
    order = np.argsort(group, kind="stable")
    counts = np.bincount(group, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    column = np.empty(size, dtype=np.int64)
    column[order] = np.arange(size) - starts[group[order]]
    return Layout(group, column, n_groups, int(counts.max()))


def layout_by_area(group: IntArray, n_groups: int, area: IntArray, n_areas: int) -> Layout:
    """Column = area number; each area may appear at most once in a group."""
    flat = group * n_areas + area
    counts = np.bincount(flat, minlength=n_groups * n_areas)
    dup = counts[flat] > 1
    if dup.any():
        i = first(dup)
        raise StatisticsError(
            f"area {int(area[i])} appears more than once in the group of position {i}"
        )
    return Layout(group, area, n_groups, n_areas)


def sorted_rows(matrix: FloatArray) -> tuple[FloatArray, IntArray, IntArray]:
    """Row-wise sort (NaN last), the sorting permutation and the non-missing count."""
    order = np.argsort(matrix, axis=1, kind="stable")
    ordered = np.take_along_axis(matrix, order, axis=1)
    counts = (~np.isnan(matrix)).sum(axis=1)
    return ordered, order, counts


def type7_quantiles(ordered: FloatArray, counts: IntArray, probs: FloatArray) -> FloatArray:
    """Hyndman-Fan type 7 quantiles of each row of a row-sorted, NaN-last matrix.

    Returns ``(groups, len(probs))``; rows without values give NaN.
    """
    n_groups = ordered.shape[0]
    if ordered.shape[1] == 0:
        return np.full((n_groups, probs.size), np.nan)
    h = (counts[:, None] - 1) * probs[None, :]
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(counts[:, None] - 1, 0))
    lo = np.clip(lo, 0, None)
    rows = np.arange(n_groups)[:, None]
    a = ordered[rows, lo]
    b = ordered[rows, hi]
    out = a + (h - np.floor(h)) * (b - a)
    # At an exact order statistic a + 0 × (b − a) is a; the guard keeps inf − inf out.
    out = np.where(h == np.floor(h), a, out)
    return np.where(counts[:, None] > 0, out, np.nan)


def min_ties_rank(ordered: FloatArray) -> IntArray:
    """Rank (1-based) of each sorted position, equal values sharing the lowest rank."""
    n_groups, width = ordered.shape
    if width == 0:
        return np.zeros((n_groups, 0), dtype=np.int64)
    new = np.ones(ordered.shape, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    starts = np.where(new, np.arange(width)[None, :], 0)
    return np.maximum.accumulate(starts, axis=1) + 1


def ranks_in_groups(values: FloatArray, layout: Layout, descending: FloatArray) -> FloatArray:
    """Min-ties rank of each value within its group; NaN for missing values.

    ``descending`` is per element: where true, the largest value ranks first.
    """
    key = np.where(descending, -values, values)
    matrix = layout.scatter(key)
    ordered, order, _ = sorted_rows(matrix)
    ranks = min_ties_rank(ordered).astype(np.float64)
    ranks[np.isnan(ordered)] = np.nan
    back = np.empty_like(ranks)
    np.put_along_axis(back, order, ranks, axis=1)
    return layout.gather(back)
