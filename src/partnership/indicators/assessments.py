"""Assessments: every current overall value benchmarked, ranked, banded, followed over time and
rated. ``assessments_recompute`` rebuilds them after each import (``tasks.py`` runs it in the
background); docs/statistics.md, "Assessments", explains every field and label.

The work is vectorised over all the indicators at once. The values are read in two queries and
put into an (indicator-period × area) matrix, from which England's, the region's and the
previous period's values are read by indexing; ``partnership.stats`` then computes intervals,
comparisons, neighbour averages, quartile bands, ranks and directions for every value in a few
numpy calls (one ``assess`` call bands, ranks and averages the neighbours of every local
authority in every indicator-period). Only the recent-trend test runs per series, and only
where five unbroken periods have confidence limits. A Python loop per value would not assess
LAIT's 641,000 values in the time an import allows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from numpy.typing import NDArray

from partnership.areas.models import Area, AreaLevel, Neighbour, NeighbourSet
from partnership.bulk import insert_rows
from partnership.stats import (
    assess,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    compare_with_target,
    direction_of_travel,
    proportion_ci,
    rate_ci,
    recent_trend,
)
from partnership.web.datastamp import data_changed

from .models import (
    Assessment,
    Comparison,
    Direction,
    Indicator,
    IntervalMethod,
    IntervalSource,
    Note,
    Period,
    Polarity,
    Rating,
    RatingRule,
    Target,
    TargetAssessment,
    TargetStatus,
    Trend,
    Value,
    ValueType,
)

__all__ = ["LEVELS_ASSESSED", "RecomputeSummary", "assessments_recompute"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
ObjArray = NDArray[np.object_]

# LSOAs are left out: there are 33,000 of them, they serve small-area profiles and correlation,
# and a comparison of each with England would be noise. Districts and wards are compared with
# England and their region; only upper-tier authorities are ranked, banded and given
# statistical neighbours (DfE's neighbour model is of upper-tier authorities).
LEVELS_ASSESSED = (
    AreaLevel.ENGLAND,
    AreaLevel.REGION,
    AreaLevel.LONDON_GROUP,
    AreaLevel.LA,
    AreaLevel.DISTRICT,
    AreaLevel.WARD,
)
# Fingertips tests recent trends only for proportions and crude rates.
TREND_TYPES = [ValueType.PROPORTION.value, ValueType.PERCENTAGE.value, ValueType.RATE.value]
PROPORTION_TYPES = [ValueType.PROPORTION.value, ValueType.PERCENTAGE.value]
TREND_POINTS = 5
# Fingertips' and PHEindicatormethods' threshold between exact and Byar's limits.
BYARS_MINIMUM = 10
WRITE_CHUNK = 50_000  # rows turned into Python objects at a time: bounds the memory used

# Codes are kept as plain strings (the choices' values): they go to the database by the hundred
# thousand, and a str needs no adapting.
NOT_COMPARED = Comparison.NOT_COMPARED.value
UNTESTED = [
    Comparison.HIGHER_NOT_TESTED.value,
    Comparison.LOWER_NOT_TESTED.value,
    Comparison.SAME_NOT_TESTED.value,
]
# partnership.stats labels to stored comparisons. A two-level "better" lies between the 95% and
# 99.8% limits and a one-level one outside the 95% limits: both are significant at 95% only.
TESTED = {
    "best": Comparison.BETTER_998.value,
    "better": Comparison.BETTER.value,
    "similar": Comparison.SIMILAR.value,
    "worse": Comparison.WORSE.value,
    "worst": Comparison.WORSE_998.value,
    "much higher": Comparison.HIGHER_998.value,
    "higher": Comparison.HIGHER.value,
    "lower": Comparison.LOWER.value,
    "much lower": Comparison.LOWER_998.value,
}
COMPARISON_RATING = {
    Comparison.BETTER_998.value: Rating.GREEN.value,
    Comparison.BETTER.value: Rating.GREEN.value,
    Comparison.SIMILAR.value: Rating.AMBER.value,
    Comparison.WORSE.value: Rating.RED.value,
    Comparison.WORSE_998.value: Rating.RED.value,
}
BAND_RATING = {
    "A": Rating.GREEN.value,
    "B": Rating.AMBER.value,
    "C": Rating.AMBER.value,
    "D": Rating.RED.value,
}
TRAVEL = {
    "improving": Direction.IMPROVED.value,
    "worsening": Direction.WORSENED.value,
    "increasing": Direction.INCREASED.value,
    "decreasing": Direction.DECREASED.value,
    "no change": Direction.NO_CHANGE.value,
}
TREND_CODES = {str(choice.label): choice.value for choice in Trend}
TARGET_STATUS = {
    "green": (TargetStatus.MET.value, Rating.GREEN.value),
    "amber": (TargetStatus.WITHIN_RANGE.value, Rating.AMBER.value),
    "red": (TargetStatus.NOT_MET.value, Rating.RED.value),
}
NOT_RATED = Rating.NOT_RATED.value
NEEDS_DATA = {
    IntervalMethod.T.value: Note.NEEDS_SD.value,
    IntervalMethod.DOBSON.value: Note.NEEDS_AGE_BANDS.value,
}
COMPUTED = [
    IntervalMethod.WILSON.value,
    IntervalMethod.BYAR.value,
    IntervalMethod.EXACT_POISSON.value,
]


@dataclass
class RecomputeSummary:
    """What ``assessments_recompute`` did."""

    indicators: int = 0
    assessed: int = 0
    missing: dict[str, int] = field(default_factory=dict)
    """Values without a number, by missing-value code: skipped, as there is nothing to judge."""
    other_areas: int = 0
    """Values of areas that are not assessed (LSOAs)."""
    targets: int = 0
    neighbour_set: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicators": self.indicators,
            "assessed": self.assessed,
            "missing": dict(self.missing),
            "other_areas": self.other_areas,
            "targets": self.targets,
            "neighbour_set": self.neighbour_set,
            "seconds": round(self.seconds, 3),
        }

    def text(self) -> str:
        missing = sum(self.missing.values())
        indicators = "indicator" if self.indicators == 1 else "indicators"
        lines = [
            f"Assessed {self.assessed:,} values of {self.indicators:,} {indicators} in "
            f"{self.seconds:.1f} s."
        ]
        if missing:
            reasons = ", ".join(f"“{code}” {n:,}" for code, n in sorted(self.missing.items()))
            lines.append(f"  {missing:,} values have no number and were skipped ({reasons}).")
        if self.other_areas:
            lines.append(f"  {self.other_areas:,} values of LSOAs are not assessed.")
        lines.append(f"  Targets judged: {self.targets:,}.")
        lines.append(
            f"  Statistical neighbours: the {self.neighbour_set} set."
            if self.neighbour_set
            else "  Statistical neighbours: no set is loaded, so there are no neighbour averages."
        )
        return "\n".join(lines)


# Areas -----------------------------------------------------------------------------------------


@dataclass
class _Areas:
    """The assessed areas by position (0..A-1): lookups from area id, each area's region and the
    local authorities' statistical neighbours in the latest set."""

    ids: IntArray
    position: IntArray  # area id -> position; -1 for an area that is not assessed
    region: IntArray  # position -> its region's position; -1 for England, regions and orphans
    is_england: BoolArray
    is_region: BoolArray
    la: IntArray  # position -> local-authority position (0..L-1); -1 for the other levels
    n_la: int
    england: int  # England's position, -1 when not loaded
    neighbours: IntArray | None  # (L, 10) LA positions padded with -1; None without a set
    in_set: BoolArray  # LA position -> listed in the set
    neighbour_set: NeighbourSet | None

    @classmethod
    def load(cls) -> _Areas:
        rows = list(
            Area.objects.filter(level__in=LEVELS_ASSESSED)
            .order_by("pk")
            .values_list("pk", "level", "parent_id")
        )
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        levels = np.array([r[1] for r in rows], dtype=object)
        top = int(ids.max()) if ids.size else 0
        position = np.full(top + 1, -1, dtype=np.int64)
        position[ids] = np.arange(ids.size)
        parent = np.array(
            [-1 if r[2] is None or r[2] > top else position[r[2]] for r in rows], dtype=np.int64
        )
        is_region = levels == AreaLevel.REGION
        is_england = levels == AreaLevel.ENGLAND
        # Climb the parents to a region: a ward's parent is a district or an authority.
        region = np.where(is_region | is_england, -1, parent)
        for _ in LEVELS_ASSESSED:
            climbing = (region >= 0) & ~is_region[np.maximum(region, 0)]
            region = np.where(climbing, parent[np.maximum(region, 0)], region)
        region = np.where((region >= 0) & is_region[np.maximum(region, 0)], region, -1)
        is_la = levels == AreaLevel.LA
        la = np.full(ids.size, -1, dtype=np.int64)
        n_la = int(is_la.sum())
        la[is_la] = np.arange(n_la)
        england = int(np.flatnonzero(is_england)[0]) if is_england.any() else -1

        # The most recently published set: DfE revises its model every few years.
        neighbour_set = NeighbourSet.objects.latest_version()
        neighbours = None
        in_set = np.zeros(n_la, dtype=bool)
        if neighbour_set is not None:
            neighbours = np.full((n_la, 10), -1, dtype=np.int64)
            links = Neighbour.objects.filter(set=neighbour_set).values_list(
                "area_id", "neighbour_id", "rank"
            )
            for area_id, neighbour_id, rank in links:
                a, b = _la_of(area_id, position, la), _la_of(neighbour_id, position, la)
                if a >= 0 and b >= 0 and a != b:
                    neighbours[a, rank - 1] = b
            in_set = np.asarray((neighbours >= 0).any(axis=1), dtype=bool)
        return cls(
            ids=ids,
            position=position,
            region=region,
            is_england=is_england,
            is_region=is_region,
            la=la,
            n_la=n_la,
            england=england,
            neighbours=neighbours,
            in_set=in_set,
            neighbour_set=neighbour_set,
        )

    def positions(self, area_ids: IntArray) -> IntArray:
        """Positions of these area ids; -1 for areas that are not assessed."""
        inside = area_ids < self.position.size
        out = np.full(area_ids.size, -1, dtype=np.int64)
        out[inside] = self.position[area_ids[inside]]
        return out


def _la_of(area_id: int, position: IntArray, la: IntArray) -> int:
    if area_id >= position.size or position[area_id] < 0:
        return -1
    return int(la[position[area_id]])


# The catalogue and the periods -----------------------------------------------------------------


@dataclass
class _Catalogue:
    """The indicators being assessed, as arrays indexed by their position (0..I-1)."""

    ids: IntArray
    polarity: ObjArray
    value_type: ObjArray
    method: ObjArray
    multiplier: FloatArray
    rule: ObjArray
    rankable: BoolArray  # has a polarity and quartiles are meaningful

    @classmethod
    def of(cls, indicators: Sequence[Indicator]) -> _Catalogue:
        def column(name: str) -> ObjArray:
            return np.array([str(getattr(i, name)) for i in indicators], dtype=object)

        polarity = column("polarity")
        return cls(
            ids=np.array([i.pk for i in indicators], dtype=np.int64),
            polarity=polarity,
            value_type=column("value_type"),
            method=column("interval_method"),
            multiplier=np.array([float(i.multiplier) for i in indicators]),
            rule=column("rating_rule"),
            rankable=(polarity != Polarity.NONE.value)
            & np.array([i.quartiles_meaningful for i in indicators], dtype=bool),
        )


@dataclass
class _Groups:
    """Indicator-periods (one per indicator and period with any value), numbered 0..G-1 in
    order of (indicator position, period id)."""

    keys: IntArray
    indicator: IntArray
    period: IntArray
    previous: IntArray  # the group of the same indicator's previous period of the same type
    run: IntArray  # periods up to and including this one that follow each other unbroken
    start: IntArray  # the period's first and last days, as ordinals
    end: IntArray
    stride: int

    @classmethod
    def of(cls, indicator: IntArray, period: IntArray) -> _Groups:
        stride = int(period.max()) + 1 if period.size else 1
        keys = np.unique(indicator * stride + period)
        g_indicator, g_period = keys // stride, keys % stride
        info = {
            pk: (kind, start.toordinal(), end.toordinal())
            for pk, kind, start, end in Period.objects.filter(
                pk__in=np.unique(g_period).tolist()
            ).values_list("pk", "period_type", "start_date", "end_date")
        }
        kinds = [info[int(p)][0] for p in g_period]
        start = np.array([info[int(p)][1] for p in g_period], dtype=np.int64)
        end = np.array([info[int(p)][2] for p in g_period], dtype=np.int64)
        kind_code = np.unique(np.array(kinds, dtype=object), return_inverse=True)[1]
        # Periods of one type in time order; a period's predecessor is the one before it.
        order = np.lexsort((end, start, kind_code, g_indicator))
        previous = np.full(keys.size, -1, dtype=np.int64)
        run = np.ones(keys.size, dtype=np.int64)
        for before, now in zip(order[:-1].tolist(), order[1:].tolist(), strict=True):
            if g_indicator[before] == g_indicator[now] and kind_code[before] == kind_code[now]:
                previous[now] = before
                # Unbroken and not overlapping: it starts the day after the previous one ends.
                if start[now] == end[before] + 1:
                    run[now] = run[before] + 1
        return cls(keys, g_indicator, g_period, previous, run, start, end, stride)

    def find(self, indicator: IntArray, period: IntArray) -> IntArray:
        """The group of each (indicator position, period id); -1 where there is none."""
        keys = indicator * self.stride + period
        at = np.minimum(np.searchsorted(self.keys, keys), max(self.keys.size - 1, 0))
        found = (period < self.stride) & (self.keys.size > 0)
        found &= self.keys[at] == keys if self.keys.size else False
        return np.where(found, at, -1)


# Reading ---------------------------------------------------------------------------------------

NUMBERS = [
    "indicator_id",
    "area_id",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
]
(IND, AREA, PERIOD, VALUE, NUM, DEN, L95, U95, L998, U998) = range(len(NUMBERS))


def _read_values(indicator_ids: list[int]) -> tuple[FloatArray, list[tuple[Any, ...]]]:
    """The indicators' current overall values as a float matrix (one row per value in NUMBERS
    order, None as NaN), and (indicator, area, period, code) of the values without a number."""
    values = Value.objects.filter(is_current=True, breakdown="", indicator_id__in=indicator_ids)
    rows = list(values.filter(value__isnull=False).values_list(*NUMBERS))
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), len(NUMBERS))
    missing = list(
        values.filter(value__isnull=True).values_list(
            "indicator_id", "area_id", "period_id", "missing_reason"
        )
    )
    return matrix, missing


# Computing -------------------------------------------------------------------------------------


def _codes(labels: NDArray[Any], table: dict[str, str], default: str) -> ObjArray:
    out = np.full(labels.shape, default, dtype=object)
    for key, code in table.items():
        out[labels == key] = code
    return out


def _compare(
    v: FloatArray,
    limits: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    benchmark: FloatArray,
    polarity: ObjArray,
) -> ObjArray:
    """Comparison codes: tested at both levels where there are 99.8% limits, at 95% where only
    those exist; otherwise only higher / lower / same and labelled "not tested"; "not compared"
    without a benchmark value. Never a significance the limits cannot support."""
    l95, u95, l998, u998 = limits
    two = compare_with_benchmark_two_levels(v, l95, u95, l998, u998, benchmark, polarity=polarity)
    one = compare_with_benchmark(v, l95, u95, benchmark, polarity=polarity, confidence=0.95)
    out = _codes(np.where(two != "", two, one), TESTED, NOT_COMPARED)
    untested = (out == NOT_COMPARED) & ~np.isnan(benchmark)
    out[untested & (v > benchmark)] = Comparison.HIGHER_NOT_TESTED.value
    out[untested & (v < benchmark)] = Comparison.LOWER_NOT_TESTED.value
    out[untested & (v == benchmark)] = Comparison.SAME_NOT_TESTED.value
    return out


def _absent(
    benchmark: FloatArray, missing: BoolArray, when_missing: str, when_none: str
) -> ObjArray:
    """Notes for rows without a benchmark value: its value is missing, or it has no row."""
    lacking = np.isnan(benchmark)
    notes = np.full(benchmark.size, "", dtype=object)
    notes[lacking & missing] = when_missing
    notes[lacking & ~missing] = when_none
    return notes


@dataclass
class _Rows:
    """The values being assessed, one element per value, in insertion order."""

    ind: IntArray  # indicator position
    pos: IntArray  # area position
    group: IntArray
    cols: FloatArray  # NUMBERS columns

    @property
    def value(self) -> FloatArray:
        return self.cols[:, VALUE]


def _intervals(
    rows: _Rows, cat: _Catalogue
) -> tuple[tuple[FloatArray, FloatArray, FloatArray, FloatArray], ObjArray, ObjArray, ObjArray]:
    """The limits each value is judged by: published ones where given (Fingertips computes them
    from unrounded counts), else computed from the count and denominator by the indicator's
    method, else none, with the reason."""
    cols = rows.cols
    size = cols.shape[0]
    l95, u95, l998, u998 = (cols[:, i].copy() for i in (L95, U95, L998, U998))
    source = np.full(size, IntervalSource.NONE.value, dtype=object)
    method = np.full(size, "", dtype=object)
    note = np.full(size, "", dtype=object)

    given = ~np.isnan(l95) | ~np.isnan(u95)
    published = ~np.isnan(l95) & ~np.isnan(u95) & (l95 <= u95)
    note[given & ~published] = Note.BAD_LIMITS.value
    has998 = published & ~np.isnan(l998) & ~np.isnan(u998)
    bad998 = has998 & ~((l998 <= l95) & (u998 >= u95))
    note[bad998] = Note.BAD_998.value
    source[published] = IntervalSource.PUBLISHED.value
    drop998 = ~has998 | bad998
    l998[drop998] = u998[drop998] = np.nan
    l95[~published] = u95[~published] = np.nan

    kind = cat.method[rows.ind]
    todo = ~published & (note == "")
    can = np.isin(kind, COMPUTED)
    for code, needs in NEEDS_DATA.items():
        note[todo & (kind == code)] = needs
    note[todo & ~can & (note == "")] = Note.NO_METHOD.value
    num, den = cols[:, NUM], cols[:, DEN]
    counted = todo & can & ~np.isnan(num) & ~np.isnan(den) & (den > 0) & (num >= 0)
    wilson = kind == IntervalMethod.WILSON.value
    above = counted & wilson & (num > den)
    note[above] = Note.COUNT_ABOVE.value
    counted &= ~above
    note[todo & can & ~counted & (note == "")] = Note.NO_COUNTS.value
    multiplier = cat.multiplier[rows.ind]
    for is_wilson in (True, False):
        for m in np.unique(multiplier[counted & (wilson == is_wilson)]).tolist():
            at = counted & (wilson == is_wilson) & (multiplier == m)
            ci = proportion_ci if is_wilson else rate_ci
            x, n = num[at], den[at]
            _, l95[at], u95[at] = ci(x, n, confidence=0.95, multiplier=m)
            _, l998[at], u998[at] = ci(x, n, confidence=0.998, multiplier=m)
            if is_wilson:
                method[at] = IntervalMethod.WILSON.value
            else:
                method[at] = np.where(
                    x < BYARS_MINIMUM, IntervalMethod.EXACT_POISSON.value, IntervalMethod.BYAR.value
                ).astype(object)
    source[counted] = IntervalSource.COMPUTED.value
    return (l95, u95, l998, u998), source, method, note


def _compute(
    rows: _Rows,
    cat: _Catalogue,
    areas: _Areas,
    groups: _Groups,
    missing_at: BoolArray,
) -> dict[str, NDArray[Any]]:
    """Every column of every assessment, as arrays (see FIELDS)."""
    size = rows.ind.size
    v, pos, g = rows.value, rows.pos, rows.group
    polarity = cat.polarity[rows.ind]
    no_polarity = polarity == Polarity.NONE.value
    limits, source, method, interval_note = _intervals(rows, cat)
    value_at = np.full(missing_at.shape, np.nan)
    value_at[g, pos] = v

    # England.
    own = areas.is_england[pos]
    if areas.england >= 0:
        england = np.where(own, np.nan, value_at[g, areas.england])
        england_missing = missing_at[g, areas.england]
    else:
        england, england_missing = np.full(size, np.nan), np.zeros(size, dtype=bool)
    england_comparison = _compare(v, limits, england, polarity)
    england_note = _absent(
        england, england_missing, Note.ENGLAND_MISSING.value, Note.ENGLAND_NO_VALUE.value
    )
    england_note[own] = Note.IS_ENGLAND.value

    # The region.
    region_pos = areas.region[pos]
    has_region = region_pos >= 0
    at_region = np.maximum(region_pos, 0)
    region = np.where(has_region, value_at[g, at_region], np.nan)
    region_comparison = _compare(v, limits, region, polarity)
    region_note = _absent(
        region,
        has_region & missing_at[g, at_region],
        Note.REGION_MISSING.value,
        Note.REGION_NO_VALUE.value,
    )
    region_note[~has_region] = Note.NO_REGION.value
    region_note[areas.is_region[pos]] = Note.IS_REGION.value
    region_note[own] = Note.ENGLAND_NO_REGION.value

    # Among local authorities: neighbour averages, ranks and bands for every indicator-period in
    # one call (groups keep the indicator-periods apart).
    la_pos = areas.la[pos]
    is_la = la_pos >= 0
    neighbour_average = np.full(size, np.nan)
    neighbour_count = np.zeros(size, dtype=np.int64)
    rank, ranked = np.full(size, np.nan), np.full(size, np.nan)
    band = np.full(size, "", dtype=object)
    if is_la.any():
        among = assess(
            polarity=polarity[is_la],
            value=v[is_la],
            groups=g[is_la],
            areas=la_pos[is_la],
            neighbours=areas.neighbours,
            n_areas=areas.n_la,
        )
        neighbour_average[is_la] = among.neighbour_mean
        neighbour_count[is_la] = among.neighbour_count
        rankable = is_la & cat.rankable[rows.ind]
        rank[rankable] = among.rank[rankable[is_la]]
        ranked[rankable] = among.ranked[rankable[is_la]]
        band[rankable] = among.quartile_band[rankable[is_la]]
    band[~np.isin(band, list(BAND_RATING))] = ""
    neighbour_comparison = _compare(v, limits, neighbour_average, polarity)
    neighbour_note = np.full(size, "", dtype=object)
    neighbour_note[is_la & (neighbour_count == 0)] = Note.NO_NEIGHBOUR_VALUES.value
    if areas.n_la:
        neighbour_note[is_la & ~areas.in_set[np.maximum(la_pos, 0)]] = (
            Note.NOT_IN_SET.value if areas.neighbour_set else Note.NO_SET.value
        )
    neighbour_note[~is_la] = Note.NOT_LA.value
    rank_note = np.full(size, "", dtype=object)
    rank_note[~cat.rankable[rows.ind]] = Note.NOT_MEANINGFUL.value
    rank_note[no_polarity] = Note.NO_POLARITY.value
    rank_note[~is_la] = Note.NOT_LA.value

    # Direction of travel, against the previous period of the same type.
    previous_group = groups.previous[g]
    has_previous = previous_group >= 0
    at_previous = np.maximum(previous_group, 0)
    previous = np.where(has_previous, value_at[at_previous, pos], np.nan)
    travel = direction_of_travel(v, previous, polarity=polarity)
    direction = _codes(np.asarray(travel), TRAVEL, Direction.NOT_COMPARABLE.value)
    direction_note = _absent(
        previous,
        has_previous & missing_at[at_previous, pos],
        Note.PREVIOUS_MISSING.value,
        Note.PREVIOUS_NO_VALUE.value,
    )
    direction_note[~has_previous] = Note.FIRST_PERIOD.value

    shape = (int(groups.keys.size), int(areas.ids.size))
    trend, trend_note = _trends(rows, cat, groups, limits, shape)

    comparisons = {
        RatingRule.ENGLAND.value: england_comparison,
        RatingRule.REGION.value: region_comparison,
        RatingRule.NEIGHBOURS.value: neighbour_comparison,
    }
    rating, rating_note = _ratings(cat.rule[rows.ind], no_polarity, comparisons, band)

    # The latest period of each indicator in each area: the last row of each (indicator, area)
    # once they are in time order.
    order = np.lexsort((groups.end[g], groups.start[g], pos, rows.ind))
    last = np.ones(size, dtype=bool)
    last[:-1] = (rows.ind[order][1:] != rows.ind[order][:-1]) | (pos[order][1:] != pos[order][:-1])
    is_latest = np.zeros(size, dtype=bool)
    is_latest[order] = last

    return {
        "indicator": cat.ids[rows.ind],
        "area": areas.ids[pos],
        "period": groups.period[g],
        "value": v,
        "is_latest": is_latest,
        "lower95": limits[0],
        "upper95": limits[1],
        "lower998": limits[2],
        "upper998": limits[3],
        "interval_source": source,
        "interval_method": method,
        "interval_note": interval_note,
        "england_value": england,
        "england_comparison": england_comparison,
        "england_note": england_note,
        "region": np.where(has_region, areas.ids[at_region], -1),
        "region_value": region,
        "region_comparison": region_comparison,
        "region_note": region_note,
        "neighbour_average": neighbour_average,
        "neighbour_count": neighbour_count,
        "neighbour_comparison": neighbour_comparison,
        "neighbour_note": neighbour_note,
        "rank": rank,
        "ranked": ranked,
        "quartile_band": band,
        "rank_note": rank_note,
        "previous_period": np.where(has_previous, groups.period[at_previous], -1),
        "previous_value": previous,
        "direction": direction,
        "direction_note": direction_note,
        "trend": trend,
        "trend_note": trend_note,
        "rating_rule": cat.rule[rows.ind],
        "rating": rating,
        "rating_note": rating_note,
    }


def _trends(
    rows: _Rows,
    cat: _Catalogue,
    groups: _Groups,
    limits: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    shape: tuple[int, int],
) -> tuple[ObjArray, ObjArray]:
    """Fingertips' recent trend over the five periods up to each value's own."""
    size = rows.ind.size
    trend = np.full(size, Trend.CANNOT.value, dtype=object)
    note = np.full(size, Note.TREND_POINTS.value, dtype=object)
    eligible = np.isin(cat.value_type[rows.ind], TREND_TYPES)
    note[~eligible] = Note.TREND_TYPE.value
    g, pos = rows.group, rows.pos
    l95, u95 = limits[0], limits[1]
    with_limits = np.zeros(shape, dtype=bool)
    with_limits[g, pos] = ~np.isnan(l95) & ~np.isnan(u95)
    # The five groups ending at each row's, oldest first (run >= 5 means they exist, unbroken).
    candidates = eligible & (groups.run[g] >= TREND_POINTS)
    chain = [g]
    for _ in range(TREND_POINTS - 1):
        chain.insert(0, groups.previous[np.maximum(chain[0], 0)])
    window = np.stack(chain, axis=1)
    candidates &= with_limits[window, pos[:, None]].all(axis=1)
    rows_to_test = np.flatnonzero(candidates)
    if not rows_to_test.size:
        return trend, note

    def at(values: FloatArray) -> FloatArray:
        matrix = np.full(shape, np.nan)
        matrix[g, pos] = values
        return matrix

    value_at, lower_at, upper_at = at(rows.value), at(l95), at(u95)
    counts_at, denominators_at = at(rows.cols[:, NUM]), at(rows.cols[:, DEN])
    proportion = np.isin(cat.value_type[rows.ind], PROPORTION_TYPES)
    for row in rows_to_test.tolist():
        cells = (window[row], pos[row])
        counts, denominators = counts_at[cells], denominators_at[cells]
        # Cochran-Armitage for a proportion with every count, as Fingertips does.
        armitage = proportion[row] and not (np.isnan(counts).any() or np.isnan(denominators).any())
        result = recent_trend(
            value_at[cells],
            lower_at[cells],
            upper_at[cells],
            polarity=str(cat.polarity[rows.ind[row]]),
            counts=counts if armitage else None,
            denominators=denominators if armitage else None,
        )
        trend[row] = TREND_CODES[result.label]
        note[row] = Note.TREND_UNTESTABLE.value if trend[row] == Trend.CANNOT.value else ""
    return trend, note


def _ratings(
    rule: ObjArray, no_polarity: BoolArray, comparisons: dict[str, ObjArray], band: ObjArray
) -> tuple[ObjArray, ObjArray]:
    """The overall rating by each indicator's rule (the legend in docs/statistics.md)."""
    rating = np.full(rule.size, NOT_RATED, dtype=object)
    note = np.full(rule.size, "", dtype=object)
    for name, comparison in comparisons.items():
        by = rule == name
        rating[by] = _codes(comparison[by], COMPARISON_RATING, NOT_RATED)
        note[by & np.isin(comparison, UNTESTED)] = Note.UNTESTED.value
        note[by & (comparison == NOT_COMPARED)] = Note.NO_BENCHMARK.value
    by_band = rule == RatingRule.QUARTILE.value
    rating[by_band] = _codes(band[by_band], BAND_RATING, NOT_RATED)
    note[by_band & (band == "")] = Note.NOT_BANDED.value
    # Without a polarity no difference is good or bad, whatever the rule.
    judged = ~np.isin(rule, [RatingRule.NONE.value, RatingRule.TARGET.value])
    rating[judged & no_polarity] = NOT_RATED
    note[judged & no_polarity] = Note.NO_POLARITY.value
    note[rule == RatingRule.TARGET.value] = Note.BY_TARGET.value
    note[rule == RatingRule.NONE.value] = Note.NOT_RATED.value
    return rating, note


def _judge_targets(
    indicator_ids: list[int],
    cat: _Catalogue,
    areas: _Areas,
    groups: _Groups,
    value_at: FloatArray,
) -> list[tuple[Any, ...]]:
    """(target, value, status, rating, note) for each target whose value is assessed."""
    targets = list(
        Target.objects.filter(indicator_id__in=indicator_ids).values_list(
            "pk", "indicator_id", "area_id", "period_id", "value", "value_upper"
        )
    )
    if not targets or not groups.keys.size:
        return []
    index = {int(pk): i for i, pk in enumerate(cat.ids)}
    pk = np.array([t[0] for t in targets], dtype=np.int64)
    ind = np.array([index[t[1]] for t in targets], dtype=np.int64)
    pos = areas.positions(np.array([t[2] for t in targets], dtype=np.int64))
    g = groups.find(ind, np.array([t[3] for t in targets], dtype=np.int64))
    found = (pos >= 0) & (g >= 0)
    values = np.where(found, value_at[np.maximum(g, 0), np.maximum(pos, 0)], np.nan)
    keep = ~np.isnan(values)
    pk, ind, values = pk[keep], ind[keep], values[keep]
    low = np.array([t[4] for t in targets], dtype=np.float64)[keep]
    high = np.array([t[5] for t in targets], dtype=np.float64)[keep]
    polarity = cat.polarity[ind]
    ranged = ~np.isnan(high)
    colour = np.full(values.size, "", dtype=object)
    single = ~ranged
    if single.any():
        colour[single] = compare_with_target(values[single], low[single], polarity=polarity[single])
    if ranged.any():
        colour[ranged] = compare_with_target(
            values[ranged], low[ranged], target_upper=high[ranged], polarity=polarity[ranged]
        )
    out = []
    for target, value, shade in zip(pk.tolist(), values.tolist(), colour.tolist(), strict=True):
        status, rating = TARGET_STATUS.get(shade, (TargetStatus.NOT_ASSESSED.value, NOT_RATED))
        note = "" if shade in TARGET_STATUS else Note.NO_POLARITY.value
        out.append((target, value, status, rating, note))
    return out


# Writing ---------------------------------------------------------------------------------------

FIELDS = [
    "indicator",
    "area",
    "period",
    "value",
    "is_latest",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
    "interval_source",
    "interval_method",
    "interval_note",
    "england_value",
    "england_comparison",
    "england_note",
    "region",
    "region_value",
    "region_comparison",
    "region_note",
    "neighbour_set",
    "neighbour_average",
    "neighbour_count",
    "neighbour_comparison",
    "neighbour_note",
    "rank",
    "ranked",
    "quartile_band",
    "rank_note",
    "previous_period",
    "previous_value",
    "direction",
    "direction_note",
    "trend",
    "trend_note",
    "rating_rule",
    "rating",
    "rating_note",
    "computed_at",
]
TARGET_FIELDS = ["target", "value", "status", "rating", "note", "computed_at"]
IDS_OR_NONE = {"region", "previous_period"}  # -1 means none
WHOLE_OR_NAN = {"rank", "ranked"}


def _python(name: str, column: NDArray[Any]) -> list[Any]:
    """A column as Python objects for the database driver: NaN and -1 ids become None."""
    if name in IDS_OR_NONE:
        return [None if x < 0 else x for x in column.tolist()]
    if column.dtype.kind == "f":
        lacking = np.isnan(column)
        if name in WHOLE_OR_NAN:
            objects = np.where(lacking, 0, column).astype(np.int64).astype(object)
        elif lacking.any():
            objects = column.astype(object)
        else:
            objects = column
        if lacking.any():
            objects[lacking] = None
        listed: list[Any] = objects.tolist()
        return listed
    out: list[Any] = column.tolist()
    return out


def _write(columns: dict[str, NDArray[Any]], constants: dict[str, Any]) -> int:
    size = columns["value"].size
    written = 0
    for start in range(0, size, WRITE_CHUNK):
        end = min(start + WRITE_CHUNK, size)
        lists = [
            repeat(constants[name], end - start)
            if name in constants
            else _python(name, columns[name][start:end])
            for name in FIELDS
        ]
        written += insert_rows(Assessment, FIELDS, zip(*lists, strict=False))
    return written


def assessments_recompute(*, indicator_ids: Iterable[int] | None = None) -> RecomputeSummary:
    """Recompute the assessments of the given indicators (every indicator when None), replacing
    theirs wholesale in one transaction, with their targets' statuses."""
    started = time.perf_counter()
    summary = RecomputeSummary()
    wanted = None if indicator_ids is None else sorted(set(indicator_ids))
    with transaction.atomic():
        # Locking the indicators serialises two recomputations of one indicator (an import
        # and a target set a moment apart), which would otherwise both insert its rows.
        chosen = Indicator.objects.select_for_update().order_by("pk")
        if wanted is not None:
            chosen = chosen.filter(pk__in=wanted)
        indicators = list(chosen)
        ids = [i.pk for i in indicators]
        TargetAssessment.objects.filter(target__indicator_id__in=ids).delete()
        Assessment.objects.filter(indicator_id__in=ids).delete()
        summary.indicators = len(ids)
        if ids:
            _recompute(indicators, summary)
        # Written in bulk, without signals: the pages built from them are out of date.
        data_changed()
    summary.seconds = time.perf_counter() - started
    return summary


def _recompute(indicators: list[Indicator], summary: RecomputeSummary) -> None:
    cat = _Catalogue.of(indicators)
    areas = _Areas.load()
    summary.neighbour_set = areas.neighbour_set.version if areas.neighbour_set else ""
    # Only the locked indicators: one created meanwhile is assessed after its own import.
    values, missing = _read_values(cat.ids.tolist())
    index = np.full(int(cat.ids.max()) + 1, -1, dtype=np.int64)
    index[cat.ids] = np.arange(cat.ids.size)

    # The values with a number, of assessed areas, in the order of the unique index.
    pos = areas.positions(values[:, AREA].astype(np.int64))
    summary.other_areas += int((pos < 0).sum())
    values, pos = values[pos >= 0], pos[pos >= 0]
    ind = index[values[:, IND].astype(np.int64)]
    order = np.lexsort((values[:, AREA], values[:, PERIOD], ind))
    values, pos, ind = values[order], pos[order], ind[order]
    period = values[:, PERIOD].astype(np.int64)

    # The missing values count, and make notes ("England's value is missing").
    m_ind = index[np.array([m[0] for m in missing], dtype=np.int64)]
    m_pos = areas.positions(np.array([m[1] for m in missing], dtype=np.int64))
    m_period = np.array([m[2] for m in missing], dtype=np.int64)
    kept = m_pos >= 0
    summary.other_areas += int((~kept).sum())
    for (*_, code), keep in zip(missing, kept.tolist(), strict=True):
        if keep:
            summary.missing[code] = summary.missing.get(code, 0) + 1

    groups = _Groups.of(
        np.concatenate([ind, m_ind[kept]]), np.concatenate([period, m_period[kept]])
    )
    missing_at = np.zeros((groups.keys.size, areas.ids.size), dtype=bool)
    missing_at[groups.find(m_ind[kept], m_period[kept]), m_pos[kept]] = True
    rows = _Rows(ind=ind, pos=pos, group=groups.find(ind, period), cols=values)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    value_at = np.full(missing_at.shape, np.nan)
    if ind.size:
        columns = _compute(rows, cat, areas, groups, missing_at)
        constants = {
            "neighbour_set": areas.neighbour_set.pk if areas.neighbour_set else None,
            "computed_at": now,
        }
        summary.assessed = _write(columns, constants)
        value_at[rows.group, pos] = rows.value
    targets = _judge_targets([int(i) for i in cat.ids], cat, areas, groups, value_at)
    summary.targets = insert_rows(
        TargetAssessment, TARGET_FIELDS, [(*target, now) for target in targets]
    )
