"""The chart palette: one colour, line style and marker per series, so no series relies on colour.

Chosen by search so that each colour has at least 3:1 contrast against white (WCAG 2.2, 1.4.11
non-text contrast), every pair stays at least 30 CIE76 units apart under simulated protanopia,
deuteranopia and tritanopia (Machado 2009) as well as with normal vision, and the CIE L*
lightness of every pair differs by at least 11, so a greyscale printout keeps them apart too.
tests/reports/test_charts.py checks all of this with the helpers in ``colour``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    linestyle: str | tuple[int, tuple[int, ...]]
    marker: str
    description: str  # how the legend looks, in words, for the docs and the data-table caption


AREA = SeriesStyle("#1d70b8", "solid", "o", "blue solid line, circles")
ENGLAND = SeriesStyle("#0b0c0c", "dashed", "s", "black dashed line, squares")
REGION = SeriesStyle("#e07000", "dashdot", "^", "orange dash-dot line, triangles")
NEIGHBOURS = SeriesStyle("#2900a3", "dotted", "D", "violet dotted line, diamonds")
# A long dash, unlike the other four, with a cross: targets are drawn as steps.
TARGET = SeriesStyle("#7a3d00", (0, (8, 3)), "X", "brown long-dashed steps, crosses")

PALETTE: dict[str, SeriesStyle] = {
    "area": AREA,
    "england": ENGLAND,
    "region": REGION,
    "neighbours": NEIGHBOURS,
    "target": TARGET,
}

# Comparison bars of the other areas: a light fill (no meaning of its own) inside an outline
# that carries the 3:1 contrast.
OTHER_FILL = "#dee0e2"
OTHER_EDGE = "#505a5f"
# A light tint of the target colour for a target range; its edges are drawn in TARGET.colour.
TARGET_BAND = "#f3e3d3"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
