"""Statistical-neighbour averages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import numpy as np
from numpy.typing import ArrayLike

from ._validate import FloatArray, IntArray, as_float, first, position
from .errors import StatisticsError

__all__ = ["neighbour_average", "neighbour_average_by_code", "neighbour_index"]


def neighbour_index(neighbours: Sequence[Sequence[int]] | ArrayLike, n_areas: int) -> IntArray:
    """Validate neighbour positions as a 2-D int array, padding ragged lists with −1.

    Row a lists the positions (0..n_areas − 1) of area a's neighbours; −1 means "no
    neighbour here" so that areas with fewer neighbours fit the same array.
    """
    if isinstance(neighbours, np.ndarray):
        idx = neighbours
    else:
        rows = [[int(i) for i in r] for r in cast("Sequence[Sequence[int]]", neighbours)]
        width = max((len(r) for r in rows), default=0)
        idx = np.array([r + [-1] * (width - len(r)) for r in rows], dtype=np.int64)
        idx = idx.reshape(len(rows), width)
    if idx.ndim != 2 or idx.shape[0] != n_areas:
        raise StatisticsError(
            f"neighbours must have one row per area, shape ({n_areas}, k), got {idx.shape}"
        )
    if idx.dtype.kind not in "iu":
        raise StatisticsError(f"neighbours must be integer positions, got {idx.dtype}")
    bad = (idx < -1) | (idx >= n_areas)
    if bad.any():
        i = first(bad)
        raise StatisticsError(
            f"neighbours at position {position(idx, i)} ({int(idx.ravel()[i])}) is not an area "
            f"position between 0 and {n_areas - 1} or -1 for none"
        )
    own = idx == np.arange(n_areas)[:, None]
    if own.any():
        i = first(own)
        raise StatisticsError(
            f"neighbours at position {position(idx, i)}: area {i // idx.shape[1]} is listed "
            "as its own neighbour"
        )
    out: IntArray = idx.astype(np.int64, copy=False)
    return out


def neighbour_average(
    values_by_area: ArrayLike, neighbours: Sequence[Sequence[int]] | ArrayLike
) -> tuple[FloatArray, IntArray]:
    """Mean of each area's neighbours that have a value, and how many were used.

    ``values_by_area`` has one row per area: shape ``(areas,)`` or ``(areas, m)`` for m
    indicator-periods at once.  ``neighbours`` is a ``(areas, k)`` array of area positions
    padded with −1, or a list of lists.  Returns ``(mean, n_used)`` shaped like the
    values; the mean is NaN where no neighbour has a value.

    Missing neighbours are left out rather than counted as zero, so the average is over
    the neighbours reporting (LAIT's "statistical neighbours average"; DfE children's
    services statistical neighbour benchmarking tool).
    """
    v = as_float(values_by_area, "values_by_area")
    if v.ndim not in (1, 2):
        raise StatisticsError(f"values_by_area must be 1-D or 2-D, got shape {v.shape}")
    idx = neighbour_index(neighbours, v.shape[0])
    # Index −1 reads the last row; the mask below removes those reads.
    gathered = v[idx]
    present = (idx >= 0) if v.ndim == 1 else (idx >= 0)[:, :, None]
    present = present & ~np.isnan(gathered)
    n_used = present.sum(axis=1)
    total = np.where(present, gathered, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n_used > 0, total / n_used, np.nan)
    return mean, n_used.astype(np.int64)


def neighbour_average_by_code(
    values: Mapping[str, float | None], neighbours: Mapping[str, Sequence[str]]
) -> dict[str, tuple[float, int]]:
    """:func:`neighbour_average` for areas identified by code.

    ``values`` maps area code to value (None or NaN for missing); ``neighbours`` maps an
    area code to its neighbours' codes.  Neighbours absent from ``values`` count as
    missing.  Returns ``{code: (mean, n_used)}`` for every area in ``neighbours``.
    """
    result: dict[str, tuple[float, int]] = {}
    for code, others in neighbours.items():
        got = [values.get(o) for o in others]
        present = [float(x) for x in got if x is not None and not np.isnan(x)]
        mean = float(np.mean(present)) if present else float("nan")
        result[code] = (mean, len(present))
    return result
