"""Accessible SVG charts: structure, gaps, highlighting, order, palette, determinism, goldens."""

from __future__ import annotations

import itertools
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from partnership.reports.charts import (
    Bar,
    ComparisonData,
    Series,
    TargetSeries,
    TrendData,
    colour,
    comparison_chart,
    format_value,
    palette,
    trend_chart,
)
from partnership.reports.charts.render import sort_bars

SVG = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).parent / "golden"

TREND = TrendData(
    indicator="Children in care",
    periods=["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"],
    area=Series(
        "Stockton-on-Tees",
        [110.0, None, 125.5, 130.1, 128.0],
        [100.0, None, 115.0, 120.0, 119.0],
        [120.0, None, 136.0, 140.0, 137.0],
    ),
    england=Series("England", [67.0, 67.0, 70.0, 71.0, 70.0]),
    region=Series("North East", [100.0, 105.0, 110.0, None, 112.0]),
    neighbours=Series("Statistical neighbours' average", [90.0, 95.0, 99.0, 101.0, 103.0]),
    target=TargetSeries(
        "Target", [None, None, 120.0, 115.0, 110.0], [None, None, None, 125.0, 120.0]
    ),
    value_label="Rate per 10,000 children",
    chart_id="trend-test",
)

COMPARISON = ComparisonData(
    indicator="Children in care",
    period="2023/24",
    area=Bar("Stockton-on-Tees", 66.2, 62.0, 70.5),
    neighbours=[
        Bar("Hartlepool", 75.3, 70.0, 80.0),
        Bar("Darlington", 60.0, 55.0, 65.0),
        Bar("Halton", 68.5),
        Bar("Redcar and Cleveland", None),
    ],
    england=Bar("England", 70.0, 69.5, 70.5),
    region=Bar("North East", 110.0),
    polarity="low",
    value_label="Rate per 10,000 children",
    chart_id="comparison-test",
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("chart", [trend_chart(TREND), comparison_chart(COMPARISON)])
def test_named_by_title_and_desc(chart):
    root = parse(chart.svg)
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG}title" and first.text == chart.title
    assert second.tag == f"{SVG}desc" and second.text == chart.description
    assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(chart.chart_id) for i in ids)


def test_trend_series_labels_are_text_and_description_is_hand_checked():
    chart = trend_chart(TREND)
    shown = texts(parse(chart.svg))
    for name in [
        "Stockton-on-Tees",
        "England",
        "North East",
        "Statistical neighbours' average",
        "Target",
        "2019/20",
        "2023/24",
        "Rate per 10,000 children",
    ]:
        assert name in shown
    assert chart.description == (
        "In 2023/24, Stockton-on-Tees was 128.0, against 70.0 for England, 112.0 for North East "
        "and 103.0 for Statistical neighbours' average. "
        "The chart shows 5 periods, 2019/20 to 2023/24."
    )


def test_trend_missing_point_is_a_gap_in_the_line_and_the_table():
    chart = trend_chart(TREND)
    root = parse(chart.svg)
    line = root.find(".//*[@id='trend-test-stockton-on-tees']")
    assert line is not None
    path = line.find(f".//{SVG}path").get("d")
    # Four points with a gap after the first: a move, then a new move after the gap.
    assert path.count("M") == 2 and path.count("L") == 2
    assert chart.table.rows[1][:3] == ("2020/21", "No value", "No value")
    assert chart.table.headers[2] == "Stockton-on-Tees 95% confidence interval"
    assert chart.table.rows[3][-1] == "115.0 to 125.0"  # a target range
    assert chart.table.rows[2][-1] == "120.0"  # a single target


def test_trend_interval_bars_only_where_limits_exist():
    root = parse(trend_chart(TREND).svg)
    bars = [
        e
        for e in root.iter()
        if (e.get("id") or "").startswith("trend-test-stockton-on-tees-intervals")
    ]
    assert bars
    england = [
        e for e in root.iter() if (e.get("id") or "").startswith("trend-test-england-intervals")
    ]
    assert england == []


def test_comparison_sorted_best_first_by_polarity():
    order = [row[0] for row in comparison_chart(COMPARISON).table.rows]
    # Lower is better: 60.0, 66.2, 68.5, 70.0, 75.3, 110.0, then the area without a value.
    assert order == [
        "Darlington",
        "Stockton-on-Tees",
        "Halton",
        "England",
        "Hartlepool",
        "North East",
        "Redcar and Cleveland",
    ]
    bars = [Bar("b", 2.0), Bar("a", 2.0), Bar("c", 5.0), Bar("d", None)]
    assert [b.name for b in sort_bars(bars, "high")] == ["c", "a", "b", "d"]
    assert [b.name for b in sort_bars(bars, "none")] == ["c", "a", "b", "d"]
    assert [b.name for b in sort_bars(bars, "low")] == ["a", "b", "c", "d"]
    with pytest.raises(ValueError):
        sort_bars(bars, "up")


def test_comparison_area_highlighted_by_colour_pattern_and_bold_label():
    chart = comparison_chart(COMPARISON)
    root = parse(chart.svg)
    label = [t for t in root.iter(f"{SVG}text") if t.text == "Stockton-on-Tees"]
    assert any("bold" in (t.get("style") or "") or "700" in (t.get("style") or "") for t in label)
    others = [t for t in root.iter(f"{SVG}text") if t.text == "Halton"]
    assert others and not any("bold" in (t.get("style") or "") for t in others)
    bar = root.find(".//*[@id='comparison-test-bar-area-0']")
    assert bar is not None
    # Filled with a hatch pattern whose background is the area's colour.
    style = bar.find(f"{SVG}path").get("style")
    pattern_id = style.split("url(#", 1)[1].split(")", 1)[0]
    pattern = root.find(f".//{SVG}pattern[@id='{pattern_id}']")
    assert pattern is not None
    assert palette.AREA.colour in ET.tostring(pattern, encoding="unicode")
    assert root.find(".//*[@id='comparison-test-whisker-area-0']") is not None
    assert "No value" in [t.strip() for t in texts(root)]
    assert chart.description.endswith("it is 2nd, where 1st is the best.")
    assert chart.table.headers == ("Area", "Rate per 10,000 children", "95% confidence interval")
    assert chart.table.rows[1] == ("Stockton-on-Tees", "66.2", "62.0 to 70.5")


def test_format_value():
    assert format_value(1234.5, 1) == "1,234.5"
    assert format_value(62, 1, "%") == "62.0%"
    assert format_value(0.125, 2, "per 1,000") == "0.12"  # banker's-safe: 0.125 is 0.12499...
    assert format_value(None, 1) == "No value"


def test_deterministic():
    assert trend_chart(TREND).svg == trend_chart(TREND).svg
    assert comparison_chart(COMPARISON).svg == comparison_chart(COMPARISON).svg


@pytest.mark.parametrize(
    "name,chart",
    [("trend.svg", trend_chart(TREND)), ("comparison.svg", comparison_chart(COMPARISON))],
)
def test_golden(name, chart):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(chart.svg, encoding="utf-8")
    assert chart.svg == path.read_text(encoding="utf-8")


# --- Palette ----------------------------------------------------------------------------------


def test_colour_helpers_against_known_values():
    # WCAG: black on white is 21:1; #767676 is the lightest grey with 4.5:1 (4.54).
    assert colour.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert colour.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert colour.lightness("#ffffff") == pytest.approx(100.0, abs=0.01)
    # Greys are unchanged by every simulation (the Machado rows sum to 1).
    for deficiency in colour.DEFICIENCIES:
        assert colour.simulate("#777777", deficiency) == "#777777"
    # Red and green, apart for normal vision, collapse under protanopia and deuteranopia.
    assert colour.delta_e("#d4351c", "#00703c") > 80
    assert (
        colour.delta_e(
            colour.simulate("#d4351c", "protanopia"), colour.simulate("#00703c", "protanopia")
        )
        < 20
    )
    with pytest.raises(ValueError):
        colour.parse_hex("red")


def test_palette_contrast_against_white():
    for style in palette.PALETTE.values():
        assert colour.contrast_ratio(style.colour, "#ffffff") >= 3.0
    assert colour.contrast_ratio(palette.OTHER_EDGE, "#ffffff") >= 3.0


def test_palette_distinct_in_colour_vision_simulations_and_greyscale():
    colours = [s.colour for s in palette.PALETTE.values()]
    views = [lambda c: c] + [lambda c, d=d: colour.simulate(c, d) for d in colour.DEFICIENCIES]
    for a, b in itertools.combinations(colours, 2):
        for view in views:
            assert colour.delta_e(view(a), view(b)) >= 30, (a, b)
        assert (
            abs(colour.lightness(colour.greyscale(a)) - colour.lightness(colour.greyscale(b))) >= 11
        )


def test_never_colour_alone():
    styles = list(palette.PALETTE.values())
    assert len({s.marker for s in styles}) == len(styles)
    assert len({str(s.linestyle) for s in styles}) == len(styles)
