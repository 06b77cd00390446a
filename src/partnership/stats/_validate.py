"""Guard clauses shared by the public functions.

Every check is vectorised: it costs one pass over the array and only looks for the first bad
position when something is wrong, so validating a million values stays cheap.
"""

from __future__ import annotations

import math
from typing import Any, Final, Literal, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import StatisticsError

Polarity = Literal["high", "low", "none"]
POLARITIES: Final = ("high", "low", "none")

# Polarity codes used internally: the sign says which direction is good.
HIGH: Final = 1
LOW: Final = -1
NONE: Final = 0

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
StrArray = NDArray[np.str_]


def fmt(value: object) -> str:
    """Format a number for a message: 12 rather than 12.0, -2.5 as it is."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def position(array: NDArray[np.generic], flat_index: int) -> str:
    """Human position of a flat index: ``3`` for 1-D input, ``(1, 2)`` for 2-D."""
    if array.ndim <= 1:
        return str(flat_index)
    return str(tuple(int(i) for i in np.unravel_index(flat_index, array.shape)))


_A = TypeVar("_A", bound=NDArray[Any])


def unwrap(*arrays: _A) -> tuple[_A, ...]:
    """Turn 0-d results into numpy scalars, as numpy's own functions do for scalar input."""
    return tuple(
        cast(_A, a[()]) if isinstance(a, np.ndarray) and a.ndim == 0 else a for a in arrays
    )


def first(mask: BoolArray) -> int:
    return int(np.flatnonzero(mask.ravel())[0])


def as_float(x: ArrayLike, name: str) -> FloatArray:
    """Convert to a float64 array, None becoming NaN; reject non-numbers and infinities."""
    if isinstance(x, str | bytes):
        raise StatisticsError(f"{name} must be numeric, got {x!r}")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise StatisticsError(f"{name} must be numeric: {exc}") from None
    inf = np.isinf(arr)
    if inf.any():
        i = first(inf)
        raise StatisticsError(
            f"{name} at position {position(arr, i)} is infinite ({fmt(arr.ravel()[i])})"
        )
    return arr


def as_float_1d(x: ArrayLike, name: str) -> FloatArray:
    arr = as_float(x, name)
    if arr.ndim != 1:
        raise StatisticsError(f"{name} must be one-dimensional, got shape {arr.shape}")
    return arr


def check_non_negative(arr: FloatArray, name: str) -> None:
    bad = arr < 0
    if bad.any():
        i = first(bad)
        raise StatisticsError(
            f"{name} at position {position(arr, i)} is negative ({fmt(arr.ravel()[i])})"
        )


def check_positive(arr: FloatArray, name: str) -> None:
    check_non_negative(arr, name)
    zero = arr == 0
    if zero.any():
        raise StatisticsError(f"{name} at position {position(arr, first(zero))} is zero")


def check_not_above(
    numerator: FloatArray, denominator: FloatArray, num_name: str, den_name: str
) -> None:
    bad = numerator > denominator
    if bad.any():
        i = first(bad)
        raise StatisticsError(
            f"{num_name} at position {position(bad, i)} ({fmt(numerator.ravel()[i])}) "
            f"is greater than its {den_name} ({fmt(denominator.ravel()[i])})"
        )


def check_order(lower: FloatArray, upper: FloatArray, lname: str, uname: str) -> None:
    bad = lower > upper
    if bad.any():
        i = first(bad)
        raise StatisticsError(
            f"{lname} at position {position(bad, i)} ({fmt(lower.ravel()[i])}) is greater "
            f"than {uname} ({fmt(upper.ravel()[i])})"
        )


def broadcast(**arrays: FloatArray) -> tuple[FloatArray, ...]:
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = " and ".join(f"{k} {v.shape}" for k, v in arrays.items())
        raise StatisticsError(f"shapes do not match: {shapes}") from None


def check_confidence(confidence: float, *, allow_one: bool = False) -> float:
    """Validate a confidence level written as a fraction.

    95 or 99.8 are rejected rather than guessed at, because silently reading 1.5 as 1.5%
    or as 150% would both be wrong.
    """
    if isinstance(confidence, bool) or not isinstance(confidence, int | float | np.floating):
        raise StatisticsError(f"confidence must be a number, got {confidence!r}")
    c = float(confidence)
    hint = f" (write {fmt(c)}% as {fmt(c / 100)})" if 1 < c < 100 else ""
    if allow_one:
        if not 0 < c <= 1:
            raise StatisticsError(f"confidence must be above 0 and at most 1, got {fmt(c)}{hint}")
    elif not 0 < c < 1:
        raise StatisticsError(f"confidence must be between 0 and 1 exclusive, got {fmt(c)}{hint}")
    return c


def check_multiplier(multiplier: float) -> float:
    if isinstance(multiplier, bool) or not isinstance(multiplier, int | float | np.number):
        raise StatisticsError(f"multiplier must be a number, got {multiplier!r}")
    m = float(multiplier)
    if not (math.isfinite(m) and m > 0):
        raise StatisticsError(f"multiplier must be a positive number, got {fmt(m)}")
    return m


def polarity_code(polarity: str) -> int:
    if polarity == "high":
        return HIGH
    if polarity == "low":
        return LOW
    if polarity == "none":
        return NONE
    raise StatisticsError(f"polarity must be one of 'high', 'low', 'none', got {polarity!r}")


def polarity_codes(polarity: str | ArrayLike, size: int | None = None) -> IntArray:
    """Polarity as int codes; one string applies to every element."""
    if isinstance(polarity, str):
        code = polarity_code(polarity)
        return np.full(() if size is None else size, code, dtype=np.int64)
    arr = np.asarray(polarity)
    if arr.dtype.kind not in "UO":
        raise StatisticsError(f"polarity must be strings 'high', 'low' or 'none', got {arr.dtype}")
    high = arr == "high"
    low = arr == "low"
    # Only the remaining elements can be "none" or invalid, so only they are compared again.
    rest = np.flatnonzero(~(high | low))
    bad = arr.ravel()[rest] != "none"
    if bad.any():
        i = int(rest[np.flatnonzero(bad)[0]])
        raise StatisticsError(
            f"polarity at position {position(arr, i)} must be one of 'high', 'low', 'none', "
            f"got {str(arr.ravel()[i])!r}"
        )
    codes: IntArray = high.astype(np.int64) - low.astype(np.int64)
    return codes
