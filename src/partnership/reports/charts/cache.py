"""Rendered charts kept by their data, so a page shows a chart drawn once per change of data.

matplotlib takes well over a hundred milliseconds to lay out and write a chart; the data behind
an indicator page change only when values are imported or a target is set. The key is a digest
of everything the chart is drawn from (the data class's ``repr``, which covers every field) and
of ``RENDERER_VERSION``, so new data or a new drawing is a new key and nothing is ever stale:
old entries simply stop being read and expire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError

from partnership.reports.charts.render import Chart

# Raise when the drawing changes (palette, layout, matplotlib upgrade) so no old SVG is served.
RENDERER_VERSION = "1"
CACHE_ALIAS = "charts"

D = TypeVar("D")


def chart_key(kind: str, data: object) -> str:
    digest = hashlib.sha256(f"{RENDERER_VERSION}|{kind}|{data!r}".encode()).hexdigest()
    return f"chart:{kind}:{digest}"


def cached_chart(render: Callable[[D], Chart], data: D) -> Chart:
    """``render(data)``, or the chart it drew before for the same data."""
    try:
        cache = caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        cache = caches["default"]
    key = chart_key(render.__name__, data)
    chart = cache.get(key)
    if isinstance(chart, Chart):
        return chart
    chart = render(data)
    cache.set(key, chart)
    return chart
