"""Standard populations for direct standardisation."""

from __future__ import annotations

from typing import Final

import numpy as np

from ._validate import FloatArray

__all__ = ["ESP2013", "ESP2013_AGE_BANDS"]

ESP2013_AGE_BANDS: Final[tuple[str, ...]] = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
)  # fmt: skip
"""Labels of the 19 five-year age bands of :data:`ESP2013`, youngest first."""


def _readonly(values: list[float]) -> FloatArray:
    arr = np.array(values, dtype=np.float64)
    # A shared module constant must not be mutable by one caller for everyone else.
    arr.setflags(write=False)
    return arr


ESP2013: Final[FloatArray] = _readonly(
    [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
     7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000]
)  # fmt: skip
"""European Standard Population 2013: weights of the 19 bands 0-4, 5-9, ..., 85-89, 90+.

They total 100,000.  Source: Eurostat (2013), *Revision of the European Standard Population:
report of Eurostat's task force*, table 3; the same vector as ``esp2013`` in
PHEindicatormethods (``data-raw/LoadTestdata.R``).
"""
