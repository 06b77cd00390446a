"""The one exception raised by :mod:`partnership.stats`."""

from __future__ import annotations

__all__ = ["StatisticsError"]


class StatisticsError(ValueError):
    """Invalid input to a statistics function.

    The message names the argument, the position of the offending element and its value, so
    that an importer can report the row to the person who supplied the data.  Missing values
    (NaN or None) are never errors: they give missing results.
    """
