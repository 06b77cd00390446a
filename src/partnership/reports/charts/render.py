"""Trend and comparison charts drawn with matplotlib's SVG backend, made accessible afterwards.

matplotlib is used without pyplot (a ``Figure`` with its own ``FigureCanvasSVG``), so no global
figure state is shared between requests. Text stays text (``svg.fonttype = "none"``) so screen
readers, search and copy-paste see it; ``svg.hashsalt`` and the removal of the metadata make the
bytes depend only on the input, so golden files can compare them.
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from partnership.reports.charts import palette
from partnership.reports.charts.palette import SeriesStyle

# 640 x 400 user units: the width of a two-thirds column on a 960-pixel page (the SVG scales
# down with its container; the viewBox keeps the proportions).
WIDTH, HEIGHT = 640, 400
FONT_SIZE = 13
NO_VALUE = "No value"

# Arial is the product's font; Liberation Sans has the same metrics and is what Debian has, so
# the layout computed here matches what the browser draws.
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["Liberation Sans", "Arial", "DejaVu Sans"],
    "font.size": FONT_SIZE,
    "text.color": palette.TEXT,
    "axes.labelcolor": palette.TEXT,
    "axes.edgecolor": palette.TEXT,
    "xtick.color": palette.TEXT,
    "ytick.color": palette.TEXT,
    "hatch.linewidth": 1.5,
    "path.simplify": False,
}


def _fonts_known() -> None:
    """Make sure matplotlib knows the fonts installed since it last looked.

    matplotlib keeps a list of the machine's fonts in its cache folder, written the first time
    it runs. Where Liberation Sans was installed after that (as CI and a new developer do, with
    apt), the stale list would lay charts out in DejaVu Sans, whose text is wider than the
    browser's Arial: look again once, if the font is on disk but not in the list."""
    from matplotlib import font_manager

    try:
        font_manager.findfont("Liberation Sans", fallback_to_default=False)
    except ValueError:
        for path in font_manager.findSystemFonts(fontext="ttf"):
            if "LiberationSans" in path:
                font_manager.fontManager.addfont(path)


_fonts_known()

# rcParams are process-wide; rendering holds this lock so two threads of a web worker cannot
# swap each other's settings (a chart takes tens of milliseconds).
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a value (or None, drawn as a gap) per period, optional limits."""

    name: str
    values: Sequence[float | None]
    lower: Sequence[float | None] | None = None
    upper: Sequence[float | None] | None = None


@dataclass(frozen=True)
class TargetSeries:
    """Targets per period: a single value, or a range from ``values`` to ``upper``."""

    name: str
    values: Sequence[float | None]
    upper: Sequence[float | None] | None = None


@dataclass(frozen=True)
class TrendData:
    indicator: str
    periods: Sequence[str]
    area: Series
    england: Series | None = None
    region: Series | None = None
    neighbours: Series | None = None
    target: TargetSeries | None = None
    unit: str = ""  # "%" is written after each number; anything else belongs in value_label
    decimal_places: int = 1
    value_label: str = "Value"
    interval_label: str = "95% confidence interval"
    chart_id: str = ""  # unique on the page; derived from the data when empty


@dataclass(frozen=True)
class Bar:
    name: str
    value: float | None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class ComparisonData:
    indicator: str
    period: str
    area: Bar
    neighbours: Sequence[Bar]
    england: Bar | None = None
    region: Bar | None = None
    polarity: str = "none"  # "high", "low" or "none", as Indicator.polarity
    unit: str = ""
    decimal_places: int = 1
    value_label: str = "Value"
    interval_label: str = "95% confidence interval"
    chart_id: str = ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    svg: str
    title: str
    description: str
    table: Table
    chart_id: str = field(default="")


def format_value(value: float | None, decimal_places: int, unit: str = "") -> str:
    """'1,234.5', '62.0%', or 'No value': fixed decimal places so a column lines up."""
    if value is None or math.isnan(value):
        return NO_VALUE
    suffix = "%" if unit == "%" else ""
    return f"{value:,.{decimal_places}f}{suffix}"


def _interval(lower: float | None, upper: float | None, places: int, unit: str) -> str:
    if lower is None or upper is None:
        return NO_VALUE
    return f"{format_value(lower, places, unit)} to {format_value(upper, places, unit)}"


def _at(values: Sequence[float | None] | None, i: int) -> float | None:
    if values is None or i >= len(values):
        return None
    return values[i]


def _nan(values: Sequence[float | None], n: int) -> list[float]:
    # NaN, not zero: matplotlib breaks a line at NaN, so a missing period is a visible gap.
    points = [_at(values, i) for i in range(n)]
    return [math.nan if v is None else float(v) for v in points]


def _chart_id(prefix: str, data: object) -> str:
    return f"{prefix}-{hashlib.sha1(repr(data).encode()).hexdigest()[:10]}"


# --- Trend chart -----------------------------------------------------------------------------


def trend_chart(data: TrendData) -> Chart:
    n = len(data.periods)
    if n == 0:
        raise ValueError("a trend chart needs at least one period")
    for s in (data.area, data.england, data.region, data.neighbours, data.target):
        if s is not None and len(s.values) != n:
            raise ValueError(f"{s.name} has {len(s.values)} values for {n} periods")
    chart_id = data.chart_id or _chart_id("trend", data)
    title = f"{data.indicator}: {data.area.name} over time"
    description = _trend_description(data)
    lines: list[tuple[Series, SeriesStyle]] = [(data.area, palette.AREA)]
    lines += [
        (s, style)
        for s, style in (
            (data.england, palette.ENGLAND),
            (data.region, palette.REGION),
            (data.neighbours, palette.NEIGHBOURS),
        )
        if s is not None
    ]

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        x = list(range(n))
        if data.target is not None:
            _draw_target(ax, data.target, n, chart_id)
        # The area last, so it sits on top of the benchmarks.
        for s, style in [*lines[1:], lines[0]]:
            y = _nan(s.values, n)
            width = 2.5 if style is palette.AREA else 1.8
            (line,) = ax.plot(
                x,
                y,
                color=style.colour,
                linestyle=style.linestyle,
                marker=style.marker,
                markersize=7,
                linewidth=width,
                label=s.name,
                zorder=3 if style is palette.AREA else 2,
            )
            line.set_gid(f"{chart_id}-{_slug(s.name)}")
            _error_bars(ax, x, s, style, chart_id)
        ax.set_xticks(x, list(data.periods), rotation=45 if n > 8 else 0)
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_xlabel("Period")
        _value_axis(ax, "y", data.value_label, data.decimal_places, data.unit, _trend_values(data))
        # The legend in the order of the series, the area first, whatever order they were drawn in.
        handles, labels = ax.get_legend_handles_labels()
        order = [s.name for s, _ in lines] + ([data.target.name] if data.target else [])
        pairs = sorted(zip(handles, labels, strict=True), key=lambda hl: order.index(hl[1]))
        fig.legend(
            [h for h, _ in pairs],
            [label for _, label in pairs],
            loc="outside lower center",
            ncols=3,
            frameon=False,
        )

    svg = _render(
        draw,
        chart_id,
        title,
        description,
        legend_rows=math.ceil((len(lines) + bool(data.target)) / 3),
    )
    return Chart(svg, title, description, _trend_table(data), chart_id)


def _draw_target(ax, target: TargetSeries, n: int, chart_id: str) -> None:
    style = palette.TARGET
    x = list(range(n))
    low = _nan(target.values, n)
    # "steps-mid" makes each period's target a flat step across its slot.
    kwargs = {"color": style.colour, "linestyle": style.linestyle, "drawstyle": "steps-mid"}
    if target.upper is not None and any(v is not None for v in target.upper):
        high = _nan(target.upper, n)
        ax.fill_between(
            x, low, high, step="mid", facecolor=palette.TARGET_BAND, edgecolor="none", zorder=1
        ).set_gid(f"{chart_id}-target-band")
        ax.plot(x, high, linewidth=1.5, zorder=1.5, **kwargs)
    (line,) = ax.plot(
        x,
        low,
        linewidth=1.5,
        marker=style.marker,
        markersize=7,
        label=target.name,
        zorder=1.5,
        **kwargs,
    )
    line.set_gid(f"{chart_id}-target")


def _error_bars(ax, x: list[int], s: Series, style: SeriesStyle, chart_id: str) -> None:
    points = [
        (i, v, lo, hi)
        for i in x
        if (v := _at(s.values, i)) is not None
        and (lo := _at(s.lower, i)) is not None
        and (hi := _at(s.upper, i)) is not None
    ]
    if not points:
        return
    container = ax.errorbar(
        [p[0] for p in points],
        [p[1] for p in points],
        yerr=[[p[1] - p[2] for p in points], [p[3] - p[1] for p in points]],
        fmt="none",
        ecolor=style.colour,
        elinewidth=1.5,
        capsize=4,
        zorder=2,
    )
    _gid(container, f"{chart_id}-{_slug(s.name)}-intervals")


def _trend_values(data: TrendData) -> list[float]:
    out: list[float] = []
    for s in (data.area, data.england, data.region, data.neighbours):
        if s is not None:
            for seq in (s.values, s.lower, s.upper):
                out += [v for v in seq or [] if v is not None]
    if data.target is not None:
        out += [
            v for seq in (data.target.values, data.target.upper or []) for v in seq if v is not None
        ]
    return out


def _latest(s: Series | None, i: int) -> float | None:
    return None if s is None else _at(s.values, i)


def _trend_description(data: TrendData) -> str:
    places, unit = data.decimal_places, data.unit
    span = f"{data.periods[0]} to {data.periods[-1]}" if len(data.periods) > 1 else data.periods[0]
    plural = "s" if len(data.periods) != 1 else ""
    shown = f"The chart shows {len(data.periods)} period{plural}, {span}."
    known = [i for i, v in enumerate(data.area.values) if v is not None]
    if not known:
        return f"{data.area.name} has no value for {data.indicator}. {shown}"
    i = known[-1]
    sentence = (
        f"In {data.periods[i]}, {data.area.name} was "
        f"{format_value(data.area.values[i], places, unit)}"
    )
    others = [
        f"{format_value(v, places, unit)} for {s.name}"
        for s in (data.england, data.region, data.neighbours)
        if s is not None and (v := _latest(s, i)) is not None
    ]
    if others:
        sentence += ", against " + _join(others)
    return f"{sentence}. {shown}"


def _trend_table(data: TrendData) -> Table:
    places, unit = data.decimal_places, data.unit
    columns: list[tuple[str, Sequence[float | None], Sequence[float | None] | None]] = []
    for s in (data.area, data.england, data.region, data.neighbours):
        if s is None:
            continue
        columns.append((s.name, s.values, None))
        if s.lower is not None and s.upper is not None:
            columns.append((f"{s.name} {data.interval_label}", s.lower, s.upper))
    headers = ["Period", *(c[0] for c in columns)]
    target = data.target
    if target is not None:
        headers.append(target.name)
    rows = []
    for i, period in enumerate(data.periods):
        row = [period]
        for _, first, second in columns:
            if second is None:
                row.append(format_value(_at(first, i), places, unit))
            else:
                row.append(_interval(_at(first, i), _at(second, i), places, unit))
        if target is not None:
            low, high = _at(target.values, i), _at(target.upper, i)
            row.append(
                format_value(low, places, unit)
                if high is None
                else _interval(low, high, places, unit)
            )
        rows.append(tuple(row))
    return Table(tuple(headers), tuple(rows))


# --- Comparison chart ------------------------------------------------------------------------


def sort_bars(bars: Sequence[Bar], polarity: str) -> list[Bar]:
    """Best first: highest first for "high" and for no polarity, lowest first for "low";
    bars without a value last; ties by name so the order never depends on the input's."""
    if polarity not in ("high", "low", "none"):
        raise ValueError(f"polarity must be 'high', 'low' or 'none', got {polarity!r}")
    sign = 1 if polarity == "low" else -1

    def key(bar: Bar) -> tuple[int, float, str]:
        if bar.value is None:
            return (1, 0.0, bar.name)
        return (0, sign * bar.value, bar.name)

    return sorted(bars, key=key)


def comparison_chart(data: ComparisonData) -> Chart:
    chart_id = data.chart_id or _chart_id("comparison", data)
    title = (
        f"{data.indicator}: {data.area.name} compared with its statistical neighbours, "
        f"{data.period}"
    )
    refs = [b for b in (data.england, data.region) if b is not None]
    bars = sort_bars([data.area, *data.neighbours, *refs], data.polarity)
    description = _comparison_description(data)
    styles = {id(data.area): palette.AREA}
    if data.england is not None:
        styles[id(data.england)] = palette.ENGLAND
    if data.region is not None:
        styles[id(data.region)] = palette.REGION

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        y = list(range(len(bars)))
        for pos, bar in zip(y, bars, strict=True):
            style = styles.get(id(bar))
            slug = "area" if bar is data.area else _slug(bar.name)
            if bar.value is None:
                # No bar at all, and words rather than a zero-length bar that looks like 0.
                ax.text(0, pos, f" {NO_VALUE}", va="center", ha="left", fontstyle="italic")
                continue
            if bar is data.area:
                kwargs: dict[str, Any] = {
                    "color": palette.AREA.colour,
                    "hatch": "//",
                    "edgecolor": "#ffffff",
                }
            elif style is not None:
                # England and the region: an outline and a texture of their colour on white, so
                # the area's solid bar stands out and a black whisker shows on top.
                hatch = ".." if style is palette.ENGLAND else "\\\\"
                kwargs = {"facecolor": "#ffffff", "edgecolor": style.colour, "hatch": hatch}
            else:
                kwargs = {"color": palette.OTHER_FILL, "edgecolor": palette.OTHER_EDGE}
            label = bar.name if style is not None and bar is not data.area else None
            container = ax.barh(pos, bar.value, height=0.7, linewidth=1, label=label, **kwargs)
            _gid(container, f"{chart_id}-bar-{slug}")
            if bar is data.area:
                # The hatch is drawn in the edge colour; outline it again so the edge has contrast.
                ax.barh(
                    pos,
                    bar.value,
                    height=0.7,
                    fill=False,
                    edgecolor=palette.AREA.colour,
                    linewidth=1.5,
                )
            if bar.lower is not None and bar.upper is not None:
                whisker = ax.errorbar(
                    bar.value,
                    pos,
                    xerr=[[bar.value - bar.lower], [bar.upper - bar.value]],
                    fmt="none",
                    ecolor=palette.TEXT,
                    elinewidth=1.5,
                    capsize=4,
                )
                _gid(whisker, f"{chart_id}-whisker-{slug}")
        # Reference lines across every bar make England and the region easy to read off.
        for ref, style in ((data.england, palette.ENGLAND), (data.region, palette.REGION)):
            if ref is not None and ref.value is not None:
                ax.axvline(
                    ref.value,
                    color=style.colour,
                    linestyle=style.linestyle,
                    linewidth=1.5,
                    zorder=0.5,
                ).set_gid(f"{chart_id}-line-{_slug(ref.name)}")
        ax.set_yticks(y, [b.name for b in bars])
        for tick, bar in zip(ax.get_yticklabels(), bars, strict=True):
            if bar is data.area:
                tick.set_fontweight("bold")
        ax.invert_yaxis()  # best at the top
        values = [v for b in bars for v in (b.value, b.lower, b.upper) if v is not None]
        _value_axis(ax, "x", data.value_label, data.decimal_places, data.unit, values)
        # The area's entry is added by hand: its bar has no legend label, so that England and
        # the region (bars and lines) read as references.
        from matplotlib.patches import Patch

        handles, labels = ax.get_legend_handles_labels()
        area = Patch(facecolor=palette.AREA.colour, hatch="//", edgecolor="#ffffff")
        fig.legend(
            [area, *handles],
            [data.area.name, *labels],
            loc="outside lower center",
            ncols=3,
            frameon=False,
        )

    height = max(HEIGHT, 90 + 28 * len(bars))
    svg = _render(draw, chart_id, title, description, height=height, legend_rows=1)
    return Chart(svg, title, description, _comparison_table(data, bars), chart_id)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _comparison_description(data: ComparisonData) -> str:
    places, unit = data.decimal_places, data.unit
    if data.area.value is None:
        return f"{data.area.name} has no value for {data.indicator} in {data.period}."
    sentence = (
        f"In {data.period}, {data.area.name} was {format_value(data.area.value, places, unit)}"
    )
    refs = [
        f"{format_value(b.value, places, unit)} for {b.name}"
        for b in (data.england, data.region)
        if b is not None and b.value is not None
    ]
    if refs:
        sentence += ", against " + _join(refs)
    group = sort_bars([data.area, *data.neighbours], data.polarity)
    valued = [b.value for b in group if b.value is not None]
    own = data.area.value
    # Ties share the better place, as ranks do elsewhere in the product.
    place = 1 + sum(1 for v in valued if (v < own if data.polarity == "low" else v > own))
    order = "the best" if data.polarity != "none" else "the highest value"
    return (
        f"{sentence}. Of {data.area.name} and its statistical neighbours with a value "
        f"({len(valued)}), it is {_ordinal(place)}, where 1st is {order}."
    )


def _comparison_table(data: ComparisonData, bars: list[Bar]) -> Table:
    places, unit = data.decimal_places, data.unit
    has_limits = any(b.lower is not None and b.upper is not None for b in bars)
    headers = ["Area", data.value_label] + ([data.interval_label] if has_limits else [])
    rows = []
    for bar in bars:
        row = [bar.name, format_value(bar.value, places, unit)]
        if has_limits:
            row.append(_interval(bar.lower, bar.upper, places, unit))
        rows.append(tuple(row))
    return Table(tuple(headers), tuple(rows))


# --- Shared ----------------------------------------------------------------------------------


def _gid(container, gid: str) -> None:
    # Containers (bars, error bars) have no id of their own; number their artists so each SVG
    # element id stays unique on the page.
    for i, artist in enumerate(container.get_children()):
        artist.set_gid(f"{gid}-{i}")


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "series"


def _value_axis(ax, which: str, label: str, places: int, unit: str, values: list[float]) -> None:
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(v, places, unit)))
    (ax.set_ylabel if which == "y" else ax.set_xlabel)(label)
    # Start at zero when nothing is negative: a cut-off axis exaggerates differences.
    if values and min(values) >= 0:
        if which == "y":
            ax.set_ylim(bottom=0)
        else:
            ax.set_xlim(left=0)
    ax.grid(axis=which, color=palette.GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _render(
    draw, chart_id: str, title: str, description: str, *, height: int = HEIGHT, legend_rows: int = 1
) -> str:
    buffer = io.StringIO()
    settings: Any = {**_RC, "svg.hashsalt": chart_id, "svg.id": chart_id}
    with _LOCK, matplotlib.rc_context(settings):
        fig = Figure(
            figsize=(WIDTH / 72, (height + 20 * (legend_rows - 1)) / 72), layout="constrained"
        )
        FigureCanvasSVG(fig)
        draw(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _accessible(buffer.getvalue(), chart_id, title, description)


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    """Inline-ready SVG: no XML prolog or metadata, a role, and a title and desc it is named by."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    # matplotlib sizes in points; the figure was made 1 point per pixel, so drop the unit.
    svg = re.sub(r'(<svg[^>]*?\b(?:width|height)="[\d.]+)pt"', r'\1"', svg, count=1)
    svg = re.sub(r'(<svg[^>]*?\b(?:width|height)="[\d.]+)pt"', r'\1"', svg, count=1)
    # matplotlib names groups figure_1, axes_1, patch_2 ... in every chart; prefix them so two
    # charts on one page never share an id (and the references follow).
    own = set(re.findall(r'\bid="([^"]+)"', svg)) - {chart_id}
    for old in sorted(own, key=len, reverse=True):
        if not old.startswith(chart_id):
            new = f"{chart_id}-{old}"
            svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})")
            svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    ids = f"{chart_id}-title {chart_id}-desc"
    head = (
        f'<title id="{chart_id}-title">{html.escape(title, quote=False)}</title>\n'
        f' <desc id="{chart_id}-desc">{html.escape(description, quote=False)}</desc>\n'
    )
    opening = svg.index(">", svg.index("<svg")) + 1
    tag = svg[: opening - 1] + f' role="img" aria-labelledby="{ids}">'
    return f"{tag}\n {head}{svg[opening:].lstrip()}"
