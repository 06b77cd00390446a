"""Group-wise sorting machinery shared by banding, ranking and quantiles.

Values are laid out in a dense matrix with one row per group and NaN padding, so that the
per-group work is a single row-wise ``np.sort`` rather than a Python loop over groups.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import BoolArray, FloatArray, IntArray, first
from .errors import StatisticsError

_M = TypeVar("_M", bound=NDArray[Any])


@dataclass(frozen=True)
class Layout:
    """Where each element sits in the dense ``(groups, width)`` matrix."""

    row: IntArray
    column: IntArray
    n_groups: int
    width: int

    @functools.cached_property
    def flat(self) -> IntArray:
        # One flat index is much faster than indexing with a (row, column) pair.
        out: IntArray = self.row * self.width + self.column
        return out

    def scatter(self, values: FloatArray) -> FloatArray:
        matrix = np.full((self.n_groups, self.width), np.nan)
        matrix.ravel()[self.flat] = values
        return matrix

    def gather(self, matrix: _M) -> _M:
        return cast(_M, matrix.ravel().take(self.flat))


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


def group_polarity(pol: IntArray, layout: Layout) -> IntArray:
    """The one polarity of each group; a group must be banded and ranked one way."""
    by_group = np.zeros(layout.n_groups, dtype=np.int64)
    by_group[layout.row] = pol
    mixed = by_group[layout.row] != pol
    if mixed.any():
        raise StatisticsError(
            f"polarity at position {first(mixed)} differs from others in its group; "
            "a group must be banded and ranked one way"
        )
    return by_group


@dataclass(frozen=True)
class Sorted:
    """Each row of a ``(groups, width)`` matrix sorted ascending, NaN last."""

    ordered: FloatArray
    order: IntArray
    counts: IntArray

    @classmethod
    def of(cls, matrix: FloatArray) -> Sorted:
        # Stable sorting is deterministic and, for rows of floats, measured faster than the
        # default introsort.
        order = np.argsort(matrix, axis=1, kind="stable")
        ordered = np.take_along_axis(matrix, order, axis=1)
        counts = np.count_nonzero(~np.isnan(matrix), axis=1)
        return cls(ordered, order, counts)

    def quantiles(self, probs: FloatArray) -> FloatArray:
        """Type 7 quantiles of each row, ``(groups, len(probs))``; NaN for empty rows."""
        return type7_quantiles(self.ordered, self.counts, probs)

    def min_ranks(self, descending: BoolArray) -> FloatArray:
        """Rank of every matrix cell within its row, ties sharing the lowest rank; NaN
        cells get NaN.  ``descending`` (one flag per row) ranks the largest value 1."""
        n_groups, width = self.ordered.shape
        if width == 0:
            return np.full((n_groups, 0), np.nan)
        positions = np.arange(width)
        # A tie run starts where a value differs from its left neighbour and ends where it
        # differs from its right one; NaN differs from everything, so padding never joins.
        differs = self.ordered[:, 1:] != self.ordered[:, :-1]
        ranks = np.empty(self.ordered.shape)
        if not descending.all():
            starts = np.zeros(self.ordered.shape, dtype=np.int64)
            starts[:, 1:] = np.where(differs, positions[1:], 0)
            np.maximum.accumulate(starts, axis=1, out=starts)
            ranks[:] = starts + 1
        if descending.any():
            ends = np.full(self.ordered.shape, width - 1, dtype=np.int64)
            ends[:, :-1] = np.where(differs, positions[:-1], width - 1)
            ends = np.minimum.accumulate(ends[:, ::-1], axis=1)[:, ::-1]
            np.copyto(ranks, self.counts[:, None] - ends, where=descending[:, None])
        ranks[np.isnan(self.ordered)] = np.nan
        back = np.empty_like(ranks)
        np.put_along_axis(back, self.order, ranks, axis=1)
        return back


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


def ranks_in_groups(values: FloatArray, layout: Layout, descending: BoolArray) -> FloatArray:
    """Min-ties rank of each value within its group (``descending`` per group); NaN for
    missing values."""
    return layout.gather(Sorted.of(layout.scatter(values)).min_ranks(descending))
