"""The performance read-model: a priority's scorecard and the partnership dashboard, read from
the stored assessments (docs/statistics.md, "Assessments").

Everything a page shows is worked out here, in words: a colour always travels with the word it
stands for and an arrow with the direction it means, so nothing relies on colour or a symbol
alone. Sorting and filtering take plain query-parameter values, so a form without JavaScript
drives them, and a value this module does not know is ignored with a message rather than an
error page.

Each read is a fixed number of queries, whatever the number of indicators or priorities: the
links in one query, the assessments of every linked indicator in one more (an ``in`` query with
the target joined as a subquery), and nothing per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from partnership.areas.models import Area, AreaLevel
from partnership.areas.selectors import area_by_dfe_code
from partnership.plans.models import Plan, Priority, PriorityIndicator
from partnership.web.models import Partnership

from .models import (
    Assessment,
    Comparison,
    Direction,
    Indicator,
    Note,
    QuartileBand,
    Rating,
    Target,
    TargetStatus,
)
from .presenters import RATING_COLOURS, indicator_figure

# Areas --------------------------------------------------------------------------------------


class UnknownAreaError(ValueError):
    """The code names no local authority; the message says so in words a page can show."""


def area_choices() -> list[tuple[str, str]]:
    """England's current upper-tier local authorities as (ONS code, name), by name: the same
    open data serve every partnership, so any of them can be chosen."""
    return list(
        Area.objects.local_authorities().current().order_by("name").values_list("code", "name")
    )


def area_for(partnership: Partnership, code: str | None = None) -> Area:
    """The local authority chosen by ONS code (E06000004) or DfE number (808); the
    partnership's own area when no code is given."""
    code = (code or "").strip()
    if not code:
        if partnership.area is None:
            raise UnknownAreaError(
                f"{partnership.name} has no area of its own: choose a local authority."
            )
        return partnership.area
    if code.isdigit():
        area = area_by_dfe_code(code)
    else:
        area = Area.objects.filter(code=code.upper()).first()
    if area is None:
        raise UnknownAreaError(
            f"“{code}” is not the ONS code or DfE number of an area we know: choose a local "
            "authority from the list."
        )
    if area.level != AreaLevel.LA:
        raise UnknownAreaError(
            f"{area.name} is not an upper-tier local authority: choose a local authority from "
            "the list."
        )
    return area


# Rows ---------------------------------------------------------------------------------------

UP, DOWN, LEVEL = "↑", "↓", "→"

# How a comparison reads as a verdict: the scorecard sorts and the dashboard picks exceptions by
# it. A difference that was not tested is no verdict (docs/statistics.md: never invent one).
_VERDICTS = {
    Comparison.WORSE_998: "worse",
    Comparison.WORSE: "worse",
    Comparison.SIMILAR: "similar",
    Comparison.BETTER: "better",
    Comparison.BETTER_998: "better",
}


@dataclass(frozen=True)
class Benchmark:
    """How the value compares with England or the statistical-neighbour average."""

    code: str
    label: str  # "Worse (95%)", "Higher (not tested)", "Not compared"
    value: str  # the benchmark's value, formatted; "" when there is none
    note: str  # why it was not compared, as a sentence; "" otherwise

    @property
    def verdict(self) -> str:
        """ "better", "similar", "worse" when the difference was tested; "" otherwise."""
        return _VERDICTS.get(Comparison(self.code), "") if self.code else ""

    @property
    def text(self) -> str:
        return f"{self.label}: {self.value}" if self.value else self.label


@dataclass(frozen=True)
class Travel:
    """The direction of travel from the previous period: an arrow for the value's move and a
    word for what it means, and whether the move is better or worse for the polarity."""

    code: str
    word: str  # "Improved", "Increased", "Not comparable"
    arrow: str  # ↑ ↓ → for the value's move; "" when there is nothing to compare
    judgement: str  # "better", "worse" or "" (no change, no polarity, not comparable)
    note: str  # why it is not comparable, as a sentence; "" otherwise
    note_code: str = ""  # the same as a Note value

    @property
    def text(self) -> str:
        return f"{self.arrow} {self.word}" if self.arrow else self.word


@dataclass(frozen=True)
class ScorecardRow:
    indicator: Indicator
    name: str
    unit: str
    has_data: bool
    latest_value: str  # formatted by the indicator's decimal places and unit; "" without data
    latest_period: str
    previous_value: str
    previous_period: str
    direction: Travel
    target_status: str  # a TargetStatus value
    target_status_label: str
    target: str  # the target's value or range, formatted; "" without one
    england: Benchmark
    neighbours: Benchmark
    quartile_band: str  # "A".."D" or ""
    band_label: str  # "A (best quarter)", "Not banded"
    rank: str  # "3 of 152", or ""
    trend: str
    rating: str  # a Rating value
    rating_word: str  # "Red"; "No data" for an indicator without data
    rating_colour: str  # the GOV.UK tag colour that goes with the word
    no_data_text: str = ""  # "No data for Stockton-on-Tees yet." when there is none


def _number(value: float | None, indicator: Indicator) -> str:
    return indicator_figure(value, indicator)


def _note(code: str) -> str:
    return Note(code).label if code else ""


def _benchmark(code: str, value: float | None, note: str, indicator: Indicator) -> Benchmark:
    return Benchmark(
        code=code,
        label=Comparison(code).label,
        value=_number(value, indicator),
        note=_note(note),
    )


def _travel(a: Assessment) -> Travel:
    direction = Direction(a.direction)
    arrow = ""
    if direction != Direction.NOT_COMPARABLE and a.previous_value is not None:
        arrow = UP if a.value > a.previous_value else DOWN if a.value < a.previous_value else LEVEL
    judgement = {Direction.IMPROVED: "better", Direction.WORSENED: "worse"}.get(direction, "")
    return Travel(
        code=direction.value,
        word=direction.label,
        arrow=arrow,
        judgement=judgement,
        note=_note(a.direction_note),
        note_code=a.direction_note,
    )


def _target(a: Any, indicator: Indicator) -> str:
    value = getattr(a, "target_value", None)
    if value is None:
        return ""
    upper = getattr(a, "target_upper", None)
    shown = _number(value, indicator)
    return shown if upper is None else f"{shown} to {_number(upper, indicator)}"


def _row(indicator: Indicator, a: Any | None, area: Area) -> ScorecardRow:
    if a is None:
        nothing = Benchmark(Comparison.NOT_COMPARED.value, Comparison.NOT_COMPARED.label, "", "")
        return ScorecardRow(
            indicator=indicator,
            name=indicator.name,
            unit=indicator.unit,
            has_data=False,
            latest_value="",
            latest_period="",
            previous_value="",
            previous_period="",
            direction=Travel(
                Direction.NOT_COMPARABLE.value, Direction.NOT_COMPARABLE.label, "", "", ""
            ),
            target_status=TargetStatus.NO_TARGET.value,
            target_status_label=TargetStatus.NO_TARGET.label,
            target="",
            england=nothing,
            neighbours=nothing,
            quartile_band="",
            band_label=QuartileBand.NONE.label,
            rank="",
            trend="",
            rating=Rating.NOT_RATED.value,
            rating_word="No data",
            rating_colour=RATING_COLOURS[Rating.NOT_RATED.value],
            no_data_text=f"No data for {area.name} yet.",
        )
    rating = getattr(a, "overall_rating", a.rating)
    status = getattr(a, "target_status", TargetStatus.NO_TARGET.value)
    return ScorecardRow(
        indicator=indicator,
        name=indicator.name,
        unit=indicator.unit,
        has_data=True,
        latest_value=_number(a.value, indicator),
        latest_period=a.period.label,
        previous_value=_number(a.previous_value, indicator),
        previous_period=a.previous_period.label if a.previous_period else "",
        direction=_travel(a),
        target_status=status,
        target_status_label=TargetStatus(status).label,
        target=_target(a, indicator),
        england=_benchmark(a.england_comparison, a.england_value, a.england_note, indicator),
        neighbours=_benchmark(
            a.neighbour_comparison, a.neighbour_average, a.neighbour_note, indicator
        ),
        quartile_band=a.quartile_band,
        band_label=QuartileBand(a.quartile_band).label,
        rank=f"{a.rank} of {a.ranked}" if a.rank else "",
        trend=a.get_trend_display(),
        rating=rating,
        rating_word=Rating(rating).label,
        rating_colour=RATING_COLOURS.get(rating, "grey"),
    )


def _rows(
    partnership: Partnership, area: Area, indicators: Sequence[Indicator]
) -> dict[int, ScorecardRow]:
    """One row per indicator, from its most recent assessment for ``area``: one query."""
    found = {
        a.indicator_id: a
        for a in Assessment.objects.for_area(area)
        .most_recent()
        .with_target(partnership)
        .filter(indicator__in=[i.pk for i in indicators])
        .select_related("period", "previous_period")
    }
    return {i.pk: _row(i, found.get(i.pk), area) for i in indicators}


# The scorecard ------------------------------------------------------------------------------

SORTS = {
    "name": "Name",
    "rating": "Overall rating",
    "direction": "Direction of travel",
    "england": "Compared with England",
    "neighbours": "Compared with statistical neighbours",
    "band": "Quartile band",
}

# Ascending puts the worst first (exceptions first); "-key" reverses. A row with nothing to
# place it by (no rating, no tested comparison, no band) always goes last, in plan order.
_RATING_ORDER = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}
_DIRECTION_ORDER = {
    Direction.WORSENED: 0,
    Direction.NO_CHANGE: 1,
    Direction.IMPROVED: 2,
    Direction.INCREASED: 3,
    Direction.DECREASED: 3,
}
_COMPARISON_ORDER = {
    Comparison.WORSE_998: 0,
    Comparison.WORSE: 1,
    Comparison.SIMILAR: 2,
    Comparison.BETTER: 3,
    Comparison.BETTER_998: 4,
    Comparison.HIGHER_998: 5,
    Comparison.HIGHER: 5,
    Comparison.LOWER: 5,
    Comparison.LOWER_998: 5,
    Comparison.HIGHER_NOT_TESTED: 6,
    Comparison.SAME_NOT_TESTED: 6,
    Comparison.LOWER_NOT_TESTED: 6,
}
_BAND_ORDER = {QuartileBand.D: 0, QuartileBand.C: 1, QuartileBand.B: 2, QuartileBand.A: 3}

_SORT_KEYS: dict[str, Callable[[ScorecardRow], Any]] = {
    "name": lambda row: row.name.casefold(),
    "rating": lambda row: _RATING_ORDER.get(Rating(row.rating)) if row.has_data else None,
    "direction": lambda row: _DIRECTION_ORDER.get(Direction(row.direction.code)),
    "england": lambda row: _COMPARISON_ORDER.get(Comparison(row.england.code)),
    "neighbours": lambda row: _COMPARISON_ORDER.get(Comparison(row.neighbours.code)),
    "band": lambda row: _BAND_ORDER.get(QuartileBand(row.quartile_band)),
}

FILTERS: dict[str, dict[str, str]] = {
    "rating": {r.value: r.label for r in Rating},
    "direction": {d.value: d.label for d in Direction},
}
_FILTER_NAMES = {"rating": "rating", "direction": "direction of travel"}


def _row_value(row: ScorecardRow, name: str) -> str:
    return row.rating if name == "rating" else row.direction.code


@dataclass
class Scorecard:
    partnership: Partnership
    priority: Priority
    area: Area
    rows: list[ScorecardRow]
    total: int  # rows before filtering
    sort: str  # the sort applied ("rating", "-band"); "" for the plan's order
    filters: dict[str, list[str]]  # the filters applied, by name
    messages: list[str] = field(default_factory=list)  # about ignored sort or filter values
    sort_options: list[tuple[str, str]] = field(default_factory=lambda: list(SORTS.items()))
    filter_options: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: {name: list(values.items()) for name, values in FILTERS.items()}
    )

    @property
    def shown(self) -> int:
        return len(self.rows)


def _values(filters: Any, name: str) -> list[str]:
    """A filter's values from a QueryDict (``?rating=red&rating=amber``) or a plain mapping of
    a name to one value or a list."""
    if hasattr(filters, "getlist"):
        raw: Iterable[Any] = filters.getlist(name)
    else:
        given = filters.get(name)
        raw = [] if given is None else [given] if isinstance(given, str) else given
    return [str(v).strip() for v in raw if str(v).strip()]


def _parse_filters(filters: Mapping[str, Any] | None) -> tuple[dict[str, list[str]], list[str]]:
    applied: dict[str, list[str]] = {}
    messages: list[str] = []
    if not filters:
        return applied, messages
    for name, known in FILTERS.items():
        chosen = []
        for value in _values(filters, name):
            if value in known:
                if value not in chosen:
                    chosen.append(value)
            else:
                messages.append(
                    f"“{value}” is not a {_FILTER_NAMES[name]} this table can be filtered by, "
                    "so it was ignored."
                )
        if chosen:
            applied[name] = chosen
    return applied, messages


def _sort(rows: list[ScorecardRow], sort: str | None) -> tuple[list[ScorecardRow], str, str]:
    """The rows sorted by ``sort`` ("band", "-rating"), the sort applied and any message."""
    sort = (sort or "").strip()
    if not sort:
        return rows, "", ""
    key = sort.removeprefix("-")
    if key not in _SORT_KEYS:
        return (
            rows,
            "",
            f"“{sort}” is not a column this table can be sorted by, so it is in the plan's order.",
        )
    place = _SORT_KEYS[key]
    placed = [row for row in rows if place(row) is not None]
    unplaced = [row for row in rows if place(row) is None]
    # Python's sort is stable, reversed or not: ties stay in the plan's order.
    placed.sort(key=place, reverse=sort.startswith("-"))
    return placed + unplaced, sort, ""


def scorecard(
    *,
    partnership: Partnership,
    priority: Priority,
    area: Area,
    sort: str | None = None,
    filters: Mapping[str, Any] | None = None,
) -> Scorecard:
    """Every indicator linked to ``priority``, in the plan's order unless ``sort`` names one of
    ``SORTS`` ("-" first for the reverse), keeping only the ratings and directions ``filters``
    name (``{"rating": ["red"], "direction": "worsened"}`` or the request's QueryDict). Two
    queries."""
    links = list(
        PriorityIndicator.objects.filter(priority=priority)
        .select_related("indicator")
        .order_by("order", "pk")
    )
    indicators = [link.indicator for link in links]
    by_indicator = _rows(partnership, area, indicators)
    rows = [by_indicator[i.pk] for i in indicators]
    total = len(rows)
    applied, messages = _parse_filters(filters)
    for name, chosen in applied.items():
        rows = [row for row in rows if _row_value(row, name) in chosen]
    rows, sorted_by, message = _sort(rows, sort)
    if message:
        messages.append(message)
    return Scorecard(
        partnership=partnership,
        priority=priority,
        area=area,
        rows=rows,
        total=total,
        sort=sorted_by,
        filters=applied,
        messages=messages,
    )


# The dashboard ------------------------------------------------------------------------------

IMPROVED, NO_CHANGE, WORSENED = "improved", "no_change", "worsened"
ONE_PERIOD, NO_DATA, NO_POLARITY, NOT_COMPARABLE = (
    "one_period",
    "no_data",
    "no_polarity",
    "not_comparable",
)
# Why an indicator's direction cannot be judged, in the order the summary gives them; each is
# (singular, plural) so the sentence agrees with its number.
REASONS: dict[str, tuple[str, str]] = {
    ONE_PERIOD: ("has only one period of data", "have only one period of data"),
    NO_DATA: ("has no data for {area}", "have no data for {area}"),
    NO_POLARITY: (
        "went up or down but has no better direction",
        "went up or down but have no better direction",
    ),
    NOT_COMPARABLE: (
        "has no value for the previous period to compare with",
        "have no value for the previous period to compare with",
    ),
}


def _outcome(row: ScorecardRow) -> str:
    """improved, no_change, worsened or the reason it cannot be compared."""
    if not row.has_data:
        return NO_DATA
    direction = row.direction.code
    if direction in (IMPROVED, NO_CHANGE, WORSENED):
        return direction
    if direction in (Direction.INCREASED, Direction.DECREASED):
        # A rise or fall with no polarity is neither better nor worse.
        return NO_POLARITY
    return ONE_PERIOD if row.direction.note_code == Note.FIRST_PERIOD else NOT_COMPARABLE


@dataclass
class Counts:
    area: Area
    improved: int = 0
    no_change: int = 0
    worsened: int = 0
    cannot: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))

    def add(self, outcome: str) -> None:
        if outcome in REASONS:
            self.cannot[outcome] += 1
        else:
            setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def cannot_compare(self) -> int:
        return sum(self.cannot.values())

    @property
    def total(self) -> int:
        return self.improved + self.no_change + self.worsened + self.cannot_compare

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """(why, how many) for each reason that applies, in words."""
        return [
            (REASONS[key][count != 1].format(area=self.area.name), count)
            for key, count in self.cannot.items()
            if count
        ]

    @property
    def summary(self) -> str:
        """ "18 indicators improved, 3 stayed the same, 20 worsened and 8 have only one period
        of data"."""
        if not self.total:
            return "No indicators are linked."
        noun = "indicator" if self.improved == 1 else "indicators"
        parts = [
            f"{self.improved} {noun} improved",
            f"{self.no_change} stayed the same",
            f"{self.worsened} worsened",
            *(f"{count} {why}" for why, count in self.reasons),
        ]
        return ", ".join(parts[:-1]) + " and " + parts[-1] + "."


@dataclass
class PerformanceException:
    """An indicator a board should look at first: it worsened, is significantly worse than
    England or its neighbours, or is rated red."""

    row: ScorecardRow
    priorities: list[Priority]
    reasons: list[str]


def _exception_reasons(row: ScorecardRow) -> list[str]:
    reasons = []
    if row.direction.code == Direction.WORSENED:
        reasons.append(f"Worsened since {row.previous_period}")
    for benchmark, name in ((row.england, "England"), (row.neighbours, "statistical neighbours")):
        if benchmark.verdict == "worse":
            level = "99.8%" if benchmark.code == Comparison.WORSE_998 else "95%"
            reasons.append(f"Worse than {name} ({level})")
    if row.has_data and row.rating == Rating.RED:
        reasons.append("Rated red")
    return reasons


@dataclass
class PriorityPerformance:
    priority: Priority
    counts: Counts
    exceptions: list[PerformanceException]


@dataclass
class Dashboard:
    partnership: Partnership
    plan: Plan
    area: Area
    counts: Counts  # each indicator once, however many priorities use it
    exceptions: list[PerformanceException]  # in the plan's order
    priorities: list[PriorityPerformance]


def dashboard(*, partnership: Partnership, plan: Plan, area: Area) -> Dashboard:
    """How the plan's indicators moved for ``area``, for the plan and per priority, with the
    exceptions first. Three queries."""
    priorities = list(Priority.objects.filter(plan=plan).order_by("order", "pk"))
    links = list(
        PriorityIndicator.objects.filter(priority__plan=plan)
        .select_related("indicator")
        .order_by("priority__order", "priority_id", "order", "pk")
    )
    indicators: dict[int, Indicator] = {}
    linked: dict[int, list[Indicator]] = {p.pk: [] for p in priorities}
    priorities_of: dict[int, list[Priority]] = {}
    by_pk = {p.pk: p for p in priorities}
    for link in links:
        indicators.setdefault(link.indicator_id, link.indicator)
        linked[link.priority_id].append(link.indicator)
        priorities_of.setdefault(link.indicator_id, []).append(by_pk[link.priority_id])
    rows = _rows(partnership, area, list(indicators.values()))

    exceptions: dict[int, PerformanceException] = {}
    for pk, row in rows.items():
        reasons = _exception_reasons(row)
        if reasons:
            exceptions[pk] = PerformanceException(row, priorities_of[pk], reasons)

    plan_counts = Counts(area)
    for pk in indicators:
        plan_counts.add(_outcome(rows[pk]))
    per_priority = []
    for priority in priorities:
        counts = Counts(area)
        for indicator in linked[priority.pk]:
            counts.add(_outcome(rows[indicator.pk]))
        per_priority.append(
            PriorityPerformance(
                priority=priority,
                counts=counts,
                exceptions=[exceptions[i.pk] for i in linked[priority.pk] if i.pk in exceptions],
            )
        )
    return Dashboard(
        partnership=partnership,
        plan=plan,
        area=area,
        counts=plan_counts,
        exceptions=list(exceptions.values()),
        priorities=per_priority,
    )


# One indicator for one area ------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One period of the trend: the area's value and limits beside England's, the region's and
    the statistical-neighbour average, and the partnership's target. ``None`` where there is
    none (drawn as a gap, never as zero)."""

    period: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    england: float | None = None
    region: float | None = None
    neighbours: float | None = None
    target: float | None = None
    target_upper: float | None = None


@dataclass(frozen=True)
class Comparator:
    """One area in the comparison of a single period."""

    name: str
    code: str
    kind: str  # "area", "neighbour", "region" or "england"
    value: float | None
    lower: float | None = None
    upper: float | None = None


@dataclass
class IndicatorFigures:
    """Everything the indicator page shows about one area, as numbers: the page formats them."""

    indicator: Indicator
    area: Area
    latest: ScorecardRow  # the headline: latest value, rating, band, rank, comparisons
    region_name: str  # "" when the area has no region (England itself)
    trend: list[TrendPoint]
    comparison_period: str  # the latest period of the area's; "" without data
    comparison: list[Comparator]  # the area, its neighbours (closest first), region, England
    neighbour_set: str  # "2025": the published model the neighbours come from; ""
    has_data: bool
    assessments: list[Assessment] = field(default_factory=list)  # the area's, oldest first


_INDICATOR_PAGE_FIELDS = (
    "area_id",
    "period_id",
    "value",
    "lower95",
    "upper95",
    "england_value",
    "region_value",
    "neighbour_average",
)


def indicator_figures(
    *, partnership: Partnership, indicator: Indicator, area: Area
) -> IndicatorFigures:
    """The trend of ``indicator`` for ``area`` since its first period and the comparison of its
    latest period with its statistical neighbours, region and England, read from the stored
    assessments. Four queries whatever the number of periods: the area's assessments (with the
    partnership's targets), its neighbours, the other areas' assessments, and the partnership's
    targets for periods that have no value yet."""
    from partnership.areas.models import Neighbour

    own = list(
        Assessment.objects.for_indicator(indicator)
        .for_area(area)
        .with_target(partnership)
        .select_related("period", "previous_period", "region", "neighbour_set")
        .chronological()
    )
    latest = next((a for a in reversed(own) if a.is_latest), own[-1] if own else None)
    region = latest.region if latest is not None else None
    neighbour_set = latest.neighbour_set if latest is not None else None
    neighbours: list[Area] = []
    if neighbour_set is not None:
        neighbours = [
            link.neighbour
            for link in Neighbour.objects.filter(set=neighbour_set, area=area)
            .select_related("neighbour")
            .order_by("rank")
        ]
    england = Area.objects.filter(level=AreaLevel.ENGLAND).values_list("pk", flat=True)
    # Plain tuples, not model instances: a dozen areas over every period, of which a few
    # fields are read.
    others = list(
        Assessment.objects.for_indicator(indicator)
        .filter(
            Q(area__in=[n.pk for n in neighbours] + ([region.pk] if region else []))
            | Q(area__in=england)
        )
        .values_list(
            "area_id",
            "area__name",
            "area__code",
            "area__level",
            "period_id",
            "period__label",
            "period__start_date",
            "period__end_date",
            "value",
            "lower95",
            "upper95",
        )
    )
    targets = list(
        Target.objects.filter(
            partnership=partnership, indicator=indicator, area=area
        ).select_related("period")
    )

    periods: dict[int, tuple[Any, Any, str]] = {}  # id -> (start, end, label)
    for mine in own:
        p = mine.period
        periods.setdefault(mine.period_id, (p.start_date, p.end_date, p.label))
    for row in others:
        periods.setdefault(row[4], (row[6], row[7], row[5]))
    for target in targets:
        p = target.period
        periods.setdefault(target.period_id, (p.start_date, p.end_date, p.label))
    order = sorted(periods, key=lambda pk: periods[pk][:2])
    # A benchmark series starts with the area's first value: years of England before the
    # area's data began would only squash the lines that matter.
    if own:
        first = (own[0].period.start_date, own[0].period.end_date)
        order = [pk for pk in order if periods[pk][:2] >= first]

    by_period = {a.period_id: a for a in own}
    england_row = {r[4]: r for r in others if r[3] == AreaLevel.ENGLAND}
    region_row = {r[4]: r for r in others if region and r[0] == region.pk}
    target_of = {t.period_id: t for t in targets}
    trend = []
    for period in order:
        a = by_period.get(period)
        e = england_row.get(period)
        r = region_row.get(period)
        t = target_of.get(period)
        trend.append(
            TrendPoint(
                period=periods[period][2],
                value=a.value if a else None,
                lower=a.lower95 if a else None,
                upper=a.upper95 if a else None,
                england=e[8] if e else (a.england_value if a else None),
                region=r[8] if r else (a.region_value if a else None),
                neighbours=a.neighbour_average if a else None,
                target=t.value if t else None,
                target_upper=t.value_upper if t else None,
            )
        )

    comparison: list[Comparator] = []
    if latest is not None:
        at = {r[0]: r for r in others if r[4] == latest.period_id}

        def entry(pk: int, name: str, code: str, kind: str) -> Comparator:
            if pk == area.pk:
                return Comparator(name, code, kind, latest.value, latest.lower95, latest.upper95)
            found = at.get(pk)
            if found is None:
                return Comparator(name, code, kind, None)
            return Comparator(name, code, kind, found[8], found[9], found[10])

        comparison.append(entry(area.pk, area.name, area.code, "area"))
        comparison += [entry(n.pk, n.name, n.code, "neighbour") for n in neighbours]
        if region is not None:
            comparison.append(entry(region.pk, region.name, region.code, "region"))
        england_area = next((r for r in others if r[3] == AreaLevel.ENGLAND), None)
        if england_area is not None:
            comparison.append(entry(england_area[0], england_area[1], england_area[2], "england"))

    return IndicatorFigures(
        indicator=indicator,
        area=area,
        latest=_row(indicator, latest, area),
        region_name=region.name if region else "",
        trend=trend if own else [],
        comparison_period=latest.period.label if latest else "",
        comparison=comparison,
        neighbour_set=neighbour_set.version if neighbour_set else "",
        has_data=bool(own),
        assessments=own,
    )


__all__ = [
    "Benchmark",
    "Counts",
    "Comparator",
    "Dashboard",
    "IndicatorFigures",
    "PerformanceException",
    "PriorityPerformance",
    "Scorecard",
    "ScorecardRow",
    "Travel",
    "TrendPoint",
    "UnknownAreaError",
    "area_choices",
    "area_for",
    "dashboard",
    "indicator_figures",
    "scorecard",
]
