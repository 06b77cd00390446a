"""The performance pages: one indicator for one area, a priority's scorecard and a plan's
dashboard. The figures come from ``indicators.performance`` (the read-model); this module turns
them into what the pages show: charts, their data tables, links that keep the chosen area, and
the tables a download writes, which are the same objects the page renders so the two never
disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from partnership.areas.models import Area
from partnership.indicators import performance
from partnership.indicators.models import Indicator, Polarity, RatingRule
from partnership.indicators.performance import (
    Dashboard,
    IndicatorFigures,
    Scorecard,
    UnknownAreaError,
)
from partnership.indicators.presenters import IndicatorPage
from partnership.indicators.presenters import indicator_page as catalogue_page
from partnership.plans.models import Plan, Priority
from partnership.reports.charts import (
    Bar,
    Chart,
    ComparisonData,
    Series,
    Table,
    TargetSeries,
    TrendData,
    comparison_chart,
    trend_chart,
)
from partnership.reports.charts.cache import cached_chart
from partnership.web.models import Partnership
from partnership.web.permissions import Perm

NEIGHBOURS_AVERAGE = "Statistical neighbours' average"
INTERVAL_LABEL = "95% confidence interval"


# The chosen area --------------------------------------------------------------------------


@dataclass
class AreaChoice:
    """The local authority a page is about, and the form that changes it."""

    area: Area | None
    choices: list[tuple[str, str]]
    error: str = ""  # why the requested area was not used, in plain English
    is_own: bool = True  # the partnership's own area

    @property
    def code(self) -> str:
        return self.area.code if self.area else ""

    def query(self) -> str:
        """``?area=E06000004`` for links that keep another area; "" for the partnership's own."""
        if self.area is None or self.is_own:
            return ""
        return "?" + urlencode({"area": self.area.code})


def choose_area(partnership: Partnership, requested: str | None) -> AreaChoice:
    """The area named in the request, or the partnership's own; an unknown code is reported
    and the partnership's own area shown instead."""
    choices = performance.area_choices()
    error = ""
    try:
        area: Area | None = performance.area_for(partnership, requested)
    except UnknownAreaError as exc:
        area = partnership.area
        # No area of its own and none asked for: the page asks for one, which is no error.
        error = str(exc) if (requested or "").strip() else ""
    if area is not None and area.code not in {code for code, _ in choices}:
        # An abolished authority (its old figures are still there) is not in the list of
        # current ones: add it, so the list shows what the page is about.
        ended = f", abolished {area.end_date.year}" if area.end_date else ""
        choices = sorted([*choices, (area.code, f"{area.name}{ended}")], key=lambda c: c[1])
    return AreaChoice(
        area=area,
        choices=choices,
        error=error,
        is_own=area is not None and area.pk == partnership.area_id,
    )


# One indicator ----------------------------------------------------------------------------


def value_label(indicator: Indicator) -> str:
    unit = indicator.unit.strip()
    if unit == "%":
        return "Percentage"
    return unit[:1].upper() + unit[1:] if unit else "Value"


def _unit_heading(unit: str) -> str:
    """The unit written beside a figure or under a name: none for "%", which every figure
    already carries."""
    unit = unit.strip()
    return "" if unit == "%" else unit


def _chart_unit(indicator: Indicator) -> str:
    return "%" if indicator.unit.strip() == "%" else ""


def _series(name: str, values: list[float | None], lower=None, upper=None) -> Series | None:
    if all(v is None for v in values):
        return None
    has_limits = lower is not None and any(v is not None for v in lower)
    return Series(
        name,
        tuple(values),
        tuple(lower) if has_limits else None,
        tuple(upper) if has_limits and upper is not None else None,
    )


def trend_data(figures: IndicatorFigures) -> TrendData | None:
    points = figures.trend
    if not points:
        return None
    indicator = figures.indicator
    area = _series(
        figures.area.name,
        [p.value for p in points],
        [p.lower for p in points],
        [p.upper for p in points],
    )
    if area is None:
        return None
    targets = [p.target for p in points]
    target = None
    if any(v is not None for v in targets):
        uppers = [p.target_upper for p in points]
        target = TargetSeries(
            "Target",
            tuple(targets),
            tuple(uppers) if any(v is not None for v in uppers) else None,
        )
    return TrendData(
        indicator=indicator.name,
        periods=tuple(p.period for p in points),
        area=area,
        england=_series("England", [p.england for p in points]),
        region=(
            _series(figures.region_name, [p.region for p in points])
            if figures.region_name
            else None
        ),
        neighbours=_series(NEIGHBOURS_AVERAGE, [p.neighbours for p in points]),
        target=target,
        unit=_chart_unit(indicator),
        decimal_places=indicator.decimal_places,
        value_label=value_label(indicator),
        interval_label=INTERVAL_LABEL,
        chart_id="trend",
    )


def comparison_data(figures: IndicatorFigures) -> ComparisonData | None:
    if not figures.comparison or figures.comparison[0].value is None:
        return None
    indicator = figures.indicator

    def bar(c: performance.Comparator) -> Bar:
        return Bar(c.name, c.value, c.lower, c.upper)

    by_kind: dict[str, list[Bar]] = {}
    for c in figures.comparison:
        by_kind.setdefault(c.kind, []).append(bar(c))
    neighbours = by_kind.get("neighbour", [])
    if not neighbours:
        return None
    return ComparisonData(
        indicator=indicator.name,
        period=figures.comparison_period,
        area=by_kind["area"][0],
        neighbours=tuple(neighbours),
        england=by_kind.get("england", [None])[0],
        region=by_kind.get("region", [None])[0],
        polarity=indicator.polarity if indicator.polarity in Polarity.values else "none",
        unit=_chart_unit(indicator),
        decimal_places=indicator.decimal_places,
        value_label=value_label(indicator),
        interval_label=INTERVAL_LABEL,
        chart_id="comparison",
    )


@dataclass
class Download:
    label: str  # "CSV", "Excel (XLSX)"
    url: str
    describe: str  # what it holds, for screen readers: "the trend table"


@dataclass
class ChartBlock:
    """A chart, its visible table and the downloads of that table."""

    name: str  # "trend", "comparison"
    heading: str
    chart: Chart
    caption: str
    downloads: list[Download]


@dataclass
class AreaIndicatorPage:
    catalogue: IndicatorPage
    choice: AreaChoice
    figures: IndicatorFigures | None
    headline: list[tuple[str, str]]  # (label, text) rows of the "latest" summary
    headline_unit: str  # written after the headline figure; "" for a percentage ("64.1%")
    rating_word: str
    rating_colour: str
    rated_by: str  # how it is rated: "Compared with England"; "" for one that is not rated
    charts: list[ChartBlock]
    benchmarks_table: Table | None
    benchmark_downloads: list[Download]
    all_downloads: list[Download]
    no_chart_reasons: list[str]


def _download_url(
    partnership: Partnership, indicator: Indicator, choice: AreaChoice, table: str, fmt: str
) -> str:
    url = reverse(
        "performance:indicator_download",
        kwargs={"partnership": partnership.slug, "code": indicator.code, "fmt": fmt},
    )
    query = {"table": table} if table else {}
    if choice.area is not None and not choice.is_own:
        query["area"] = choice.area.code
    return url + ("?" + urlencode(query) if query else "")


def _downloads(
    partnership: Partnership, indicator: Indicator, choice: AreaChoice, table: str, what: str
) -> list[Download]:
    return [
        Download("CSV", _download_url(partnership, indicator, choice, table, "csv"), what),
        Download(
            "Excel (XLSX)", _download_url(partnership, indicator, choice, table, "xlsx"), what
        ),
    ]


def benchmarks_table(figures: IndicatorFigures, catalogue: IndicatorPage) -> Table | None:
    """The page's "how it compares" table as plain text, for downloads."""
    rows = catalogue.assessments
    if not rows:
        return None
    return Table(
        (
            "Period",
            "Value",
            "England",
            "Region",
            "Neighbours' average",
            "Rank among local authorities",
            "Since the period before",
            "Recent trend",
            "Target",
            "Rating",
        ),
        tuple(
            (
                r.period,
                r.value,
                r.england,
                r.region,
                r.neighbours,
                r.rank,
                r.direction,
                r.trend,
                r.target,
                r.rating,
            )
            for r in rows
        ),
    )


def _headline(figures: IndicatorFigures) -> list[tuple[str, str]]:
    row = figures.latest
    indicator = figures.indicator
    if not row.has_data:
        return []
    rows = [
        ("Latest value", f"{row.latest_value} ({row.latest_period})"),
    ]
    if row.previous_period:
        rows.append(("Previous value", f"{row.previous_value} ({row.previous_period})"))
    rows.append(("Since the period before", row.direction.text))
    rows.append(("Compared with England", row.england.text))
    rows.append(("Compared with statistical neighbours", row.neighbours.text))
    band = row.band_label
    if row.rank:
        band = f"{band}; ranked {row.rank} local authorities (1 is the best)"
    if not indicator.quartiles_meaningful:
        band = "Not banded: quartiles are not meaningful for this indicator"
    rows.append(("Quartile band and rank", band))
    rows.append(("Recent trend", row.trend))
    target = row.target_status_label
    if row.target:
        target = f"{target} (target {row.target})"
    rows.append(("Target", target))
    return rows


def _rated_by(indicator: Indicator) -> str:
    if indicator.rating_rule == RatingRule.NONE:
        return ""
    return str(indicator.get_rating_rule_display())


def area_indicator_page(
    *,
    partnership: Partnership,
    perms: frozenset[Perm],
    indicator: Indicator,
    choice: AreaChoice,
) -> AreaIndicatorPage:
    if choice.area is None:
        catalogue = catalogue_page(partnership, perms, indicator, area=None)
        return AreaIndicatorPage(catalogue, choice, None, [], "", "", "", "", [], None, [], [], [])
    figures = performance.indicator_figures(
        partnership=partnership, indicator=indicator, area=choice.area
    )
    catalogue = catalogue_page(
        partnership, perms, indicator, area=choice.area, assessments=figures.assessments
    )
    charts: list[ChartBlock] = []
    reasons: list[str] = []
    trend = trend_data(figures)
    if trend is not None:
        chart = cached_chart(trend_chart, trend)
        charts.append(
            ChartBlock(
                name="trend",
                heading="Trend",
                chart=chart,
                caption=f"The data in the trend chart: {chart.title}",
                downloads=_downloads(partnership, indicator, choice, "trend", "the trend table"),
            )
        )
    comparison = comparison_data(figures)
    if comparison is not None:
        chart = cached_chart(comparison_chart, comparison)
        charts.append(
            ChartBlock(
                name="comparison",
                heading=f"Compared with statistical neighbours, {figures.comparison_period}",
                chart=chart,
                caption=f"The data in the comparison chart: {chart.title}",
                downloads=_downloads(
                    partnership, indicator, choice, "comparison", "the comparison table"
                ),
            )
        )
    elif figures.has_data:
        # The area has a value (so a comparison has it): what is missing is its neighbours.
        reasons.append(
            f"There is no comparison with statistical neighbours: {choice.area.name} has no "
            "statistical neighbours in the published set."
        )
    table = benchmarks_table(figures, catalogue)
    return AreaIndicatorPage(
        catalogue=catalogue,
        choice=choice,
        figures=figures,
        headline=_headline(figures),
        headline_unit=_unit_heading(indicator.unit),
        rating_word=figures.latest.rating_word,
        rating_colour=figures.latest.rating_colour,
        rated_by=_rated_by(indicator),
        charts=charts,
        benchmarks_table=table,
        benchmark_downloads=_downloads(
            partnership, indicator, choice, "benchmarks", "the comparison by period"
        )
        if table
        else [],
        all_downloads=[
            Download(
                "Excel (XLSX)",
                _download_url(partnership, indicator, choice, "", "xlsx"),
                "every table on this page",
            )
        ]
        if charts or table
        else [],
        no_chart_reasons=reasons,
    )


def download_tables(page: AreaIndicatorPage) -> dict[str, tuple[str, Table]]:
    """The tables the page shows, by the name a download asks for: (sheet title, table). The
    titles are short: Excel cuts a sheet's name at 31 characters."""
    tables: dict[str, tuple[str, Table]] = {
        block.name: (SHEET_TITLES[block.name], block.chart.table) for block in page.charts
    }
    if page.benchmarks_table is not None:
        tables["benchmarks"] = (SHEET_TITLES["benchmarks"], page.benchmarks_table)
    return tables


SHEET_TITLES = {"trend": "Trend", "comparison": "Neighbours", "benchmarks": "By period"}


def about_rows(page: AreaIndicatorPage) -> list[tuple[str, str]]:
    """What a download says about where its figures come from."""
    indicator = page.catalogue.indicator
    area = page.choice.area
    figures = "The sheets after this one, as the indicator's page shows them."
    if not download_tables(page):
        figures = f"None: no figures for {area.name if area else 'any area'} have been loaded."
    return [
        ("Indicator", indicator.name),
        ("Area", f"{area.name} ({area.code})" if area else "None chosen"),
        ("Figures", figures),
        ("Unit", indicator.unit or "Not set"),
        ("Which direction is better", indicator.get_polarity_display()),
        ("Definition", indicator.description or "Not recorded"),
        ("Source", indicator.source or "Not recorded"),
        ("Methodology", indicator.methodology or "Not recorded"),
        (
            "Catalogue",
            f"{indicator.partnership.name}'s own indicator"
            if indicator.partnership
            else "National catalogue",
        ),
    ]


# Scorecards and the dashboard -------------------------------------------------------------


def _page_url(name: str, partnership: Partnership, choice: AreaChoice, **kwargs: Any) -> str:
    return (
        reverse(f"performance:{name}", kwargs={"partnership": partnership.slug, **kwargs})
        + choice.query()
    )


def indicator_url(partnership: Partnership, indicator: Indicator, choice: AreaChoice) -> str:
    return _page_url("indicator", partnership, choice, code=indicator.code)


@dataclass
class SortLink:
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"
    key: str


@dataclass
class FilterOption:
    value: str
    label: str
    checked: bool


FILTER_LEGENDS = {"rating": "Rating", "direction": "Direction of travel"}


@dataclass
class ScorecardPage:
    scorecard: Scorecard
    choice: AreaChoice
    plan: Plan
    # Each row with its indicator page's URL and the unit to write under its name.
    rows: list[tuple[performance.ScorecardRow, str, str]]
    sort_links: dict[str, SortLink]
    sort_label: str  # "quartile band, best first"; "" in the plan's order
    filters: list[tuple[str, str, list[FilterOption]]]  # (name, legend, options)
    dashboard_url: str
    clear_url: str
    filtered: bool


def _sort_links(
    partnership: Partnership,
    plan: Plan,
    priority: Priority,
    choice: AreaChoice,
    card: Scorecard,
    filters: Mapping[str, list[str]],
) -> dict[str, SortLink]:
    links = {}
    base = reverse(
        "performance:scorecard",
        kwargs={"partnership": partnership.slug, "plan": plan.slug, "priority": priority.pk},
    )
    for key, label in performance.SORTS.items():
        if card.sort == key:
            aria, next_sort = "ascending", f"-{key}"
        elif card.sort == f"-{key}":
            aria, next_sort = "descending", key
        else:
            aria, next_sort = "none", key
        query: list[tuple[str, str]] = []
        if choice.area is not None and not choice.is_own:
            query.append(("area", choice.area.code))
        query.append(("sort", next_sort))
        for name, values in filters.items():
            query += [(name, v) for v in values]
        links[key] = SortLink(label, f"{base}?{urlencode(query)}", aria, key)
    return links


def _sort_label(sort: str) -> str:
    if not sort:
        return ""
    order = "best first" if sort.startswith("-") else "worst first"
    if sort.removeprefix("-") == "name":
        order = "Z to A" if sort.startswith("-") else "A to Z"
    return f"{performance.SORTS[sort.removeprefix('-')].lower()}, {order}"


def scorecard_page(
    *,
    partnership: Partnership,
    plan: Plan,
    priority: Priority,
    choice: AreaChoice,
    query: Mapping[str, Any],
) -> ScorecardPage:
    """``choice`` must have an area: without one a page asks for it instead."""
    assert choice.area is not None
    card = performance.scorecard(
        partnership=partnership,
        priority=priority,
        area=choice.area,
        sort=query.get("sort"),
        filters=query,
    )
    filters = [
        (
            name,
            FILTER_LEGENDS[name],
            [
                FilterOption(value, label, value in card.filters.get(name, []))
                for value, label in options
            ],
        )
        for name, options in card.filter_options.items()
    ]
    base = reverse(
        "performance:scorecard",
        kwargs={"partnership": partnership.slug, "plan": plan.slug, "priority": priority.pk},
    )
    return ScorecardPage(
        scorecard=card,
        choice=choice,
        plan=plan,
        rows=[
            (row, indicator_url(partnership, row.indicator, choice), _unit_heading(row.unit))
            for row in card.rows
        ],
        sort_links=_sort_links(partnership, plan, priority, choice, card, card.filters),
        sort_label=_sort_label(card.sort),
        filters=filters,
        dashboard_url=_page_url("dashboard", partnership, choice, plan=plan.slug),
        clear_url=base + choice.query(),
        filtered=bool(card.filters),
    )


@dataclass
class DashboardPage:
    dashboard: Dashboard
    choice: AreaChoice
    exceptions: list[tuple[performance.PerformanceException, str]]  # with the indicator's URL
    priorities: list[tuple[performance.PriorityPerformance, str]]  # with the scorecard's URL


def dashboard_page(*, partnership: Partnership, plan: Plan, choice: AreaChoice) -> DashboardPage:
    """``choice`` must have an area: without one a page asks for it instead."""
    assert choice.area is not None
    board = performance.dashboard(partnership=partnership, plan=plan, area=choice.area)
    return DashboardPage(
        dashboard=board,
        choice=choice,
        exceptions=[
            (e, indicator_url(partnership, e.row.indicator, choice)) for e in board.exceptions
        ],
        priorities=[
            (
                p,
                _page_url("scorecard", partnership, choice, plan=plan.slug, priority=p.priority.pk),
            )
            for p in board.priorities
        ],
    )
