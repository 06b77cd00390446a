"""Statistics for indicator values: intervals, comparisons, bands, ranks and trends.

Pure functions over numpy arrays, following OHID Fingertips / PHEindicatormethods and the
DfE Local Authority Interactive Tool (LAIT), in the manner of the standard library's
:mod:`statistics` module: one exception, :class:`StatisticsError`, raised with a message
that names the argument, the position and the value.  Missing values (NaN or None) are not
errors; they give missing results (NaN, or ``""`` for labels).

Polarity is always one of ``"high"`` (high is good), ``"low"`` (low is good) or ``"none"``.
Confidence is a fraction: 0.95, 0.998.

This package imports nothing from Django or the rest of the project.
"""

from .assessment import Assessment, assess
from .bands import (
    BAND_COLOURS,
    band_colour,
    phe_quantile,
    quantile_bounds,
    quantile_category,
    quartile_band,
    quartile_band_from_bounds,
    rank,
)
from .compare import (
    compare_overlap,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    compare_with_target,
    direction_of_travel,
)
from .correlation import Correlation, correlation
from .errors import StatisticsError
from .intervals import (
    MeanInterval,
    byars_limits,
    dsr,
    exact_poisson_limits,
    isr,
    isr_rate,
    mean_ci,
    mean_ci_from_summary,
    poisson_limits,
    proportion_ci,
    rate_ci,
    wilson_limits,
)
from .neighbours import neighbour_average, neighbour_average_by_code, neighbour_index
from .standard_populations import ESP2013, ESP2013_AGE_BANDS
from .trend import CHI_SQUARED_998, TREND_LABELS, RecentTrend, recent_trend

__all__ = [
    "BAND_COLOURS",
    "CHI_SQUARED_998",
    "ESP2013",
    "ESP2013_AGE_BANDS",
    "TREND_LABELS",
    "Assessment",
    "Correlation",
    "MeanInterval",
    "RecentTrend",
    "StatisticsError",
    "assess",
    "band_colour",
    "byars_limits",
    "compare_overlap",
    "compare_with_benchmark",
    "compare_with_benchmark_two_levels",
    "compare_with_target",
    "correlation",
    "direction_of_travel",
    "dsr",
    "exact_poisson_limits",
    "isr",
    "isr_rate",
    "mean_ci",
    "mean_ci_from_summary",
    "neighbour_average",
    "neighbour_average_by_code",
    "neighbour_index",
    "phe_quantile",
    "poisson_limits",
    "proportion_ci",
    "quantile_bounds",
    "quantile_category",
    "quartile_band",
    "quartile_band_from_bounds",
    "rank",
    "rate_ci",
    "recent_trend",
    "wilson_limits",
]
