"""Server-rendered, accessible SVG charts: plain data in, SVG text and a data table out.

Nothing here touches the database: pages build ``TrendData`` or ``ComparisonData`` from
assessments and render ``Chart.svg`` inline, with ``Chart.table`` as the visible alternative.
"""

from partnership.reports.charts.render import (
    Bar,
    Chart,
    ComparisonData,
    Series,
    Table,
    TargetSeries,
    TrendData,
    comparison_chart,
    format_value,
    trend_chart,
)

__all__ = [
    "Bar",
    "Chart",
    "ComparisonData",
    "Series",
    "Table",
    "TargetSeries",
    "TrendData",
    "comparison_chart",
    "format_value",
    "trend_chart",
]
