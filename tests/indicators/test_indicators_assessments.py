"""Assessments: each field checked by hand on real LAIT figures for Stockton-on-Tees (DfE 808)
and its 2025 statistical neighbours, and on small synthetic values for what LAIT does not have
(counts, limits, targets, trends); the rating rules; idempotence; and the background task that
an import or a target enqueues."""

from __future__ import annotations

import csv
import math

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from partnership.areas.models import Area, AreaLevel
from partnership.areas.services import NEIGHBOUR_SOURCES, neighbours_load
from partnership.indicators.assessments import assessments_recompute
from partnership.indicators.importers import ImportFileError, import_file
from partnership.indicators.models import (
    Assessment,
    Indicator,
    Period,
    TargetAssessment,
    Value,
)
from partnership.indicators.services import period_for_label, target_set
from partnership.web.datastamp import new_stamp
from partnership.web.models import Partnership

LAIT_KEY = settings.DATA_DIR / "open" / "lait" / "lait_key_indicators_long.csv"
# LAIT's codes for England, the regions and Inner / Outer London; every other code is an LA.
NOT_LA = {"970", *(str(code) for code in range(980, 991))}
# Stockton-on-Tees' ten statistical neighbours in DfE's 2025 model
# (data/open/statistical_neighbours/derived_sn_model_2025_long.csv).
STOCKTON_NEIGHBOURS = ["841", "332", "888", "390", "384", "351", "840", "372", "894", "344"]


@pytest.fixture
def neighbours(demo):
    source = next(s for s in NEIGHBOUR_SOURCES if s.version == "2025")
    neighbours_load(
        version=source.version,
        path=settings.DATA_DIR / "open" / source.path,
        layout=source.layout,
        source=source.source,
        published=source.published,
    )


def recomputations(callbacks: list) -> list:
    """The commit callbacks other than the data stamp's (every write changes it)."""
    return [callback for callback in callbacks if callback is not new_stamp]


def lait_rows(measure: str, years: set[str]) -> list[dict[str, str]]:
    with LAIT_KEY.open(newline="", encoding="utf-8") as handle:
        return [
            r for r in csv.DictReader(handle) if r["Short Desc"] == measure and r["Years"] in years
        ]


@pytest.fixture
def rereferrals(neighbours, tmp_path) -> Indicator:
    """LAIT's re-referrals to children's social care (low is good), 2024 and 2025, every area:
    340 real rows, imported as LAIT publishes them (values only, no counts or limits)."""
    rows = lait_rows("ReReferral", {"2024", "2025"})
    path = tmp_path / "rereferrals.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_file(path=path, format="lait")
    # The catalogue settings the tests rely on, whatever the importer's defaults become.
    Indicator.objects.filter(lait_code="ReReferral").update(
        polarity="low", interval_method="wilson", rating_rule="england", quartiles_meaningful=True
    )
    return Indicator.objects.get(lait_code="ReReferral")


def area(dfe_code: str) -> Area:
    return Area.objects.get(dfe_code=dfe_code, end_date__isnull=True)


def assessment(indicator: Indicator, dfe_code: str, label: str) -> Assessment:
    return Assessment.objects.get(indicator=indicator, area=area(dfe_code), period__label=label)


# Real LAIT figures ------------------------------------------------------------------------------


def test_stockton_rereferrals_checked_by_hand(rereferrals):
    summary = assessments_recompute(indicator_ids=[rereferrals.pk])
    got = assessment(rereferrals, "808", "2025")
    assert got.value == 28.8

    # England 22.6 and the North East 20.7 (LAIT, 2025). LAIT publishes no limits, nor the
    # counts Wilson's method needs, so the differences are not tested, and the labels say so.
    assert (got.interval_source, got.interval_note) == ("none", "no_counts")
    assert (got.england_value, got.england_comparison) == (22.6, "higher_untested")
    assert got.get_england_comparison_display() == "Higher (not tested)"
    assert (got.region.name, got.region_value) == ("North East", 20.7)
    assert got.region_comparison == "higher_untested"

    # Neighbours' 2025 values: Darlington 13, Dudley 22.5, Lancashire 16.3, Gateshead 13.9,
    # Wakefield 18.5, Bury 26, Durham 18.7, Rotherham 19.6, Telford and Wrekin 15.8, Wirral 22.2:
    # 186.5 / 10 = 18.65. Stockton (28.8) is above it, not tested.
    assert got.neighbour_average == pytest.approx(18.65)
    assert got.neighbour_count == 10
    assert got.neighbour_set.version == "2025"
    assert got.neighbour_comparison == "higher_untested"

    # Rank: low is good, so rank 1 is the lowest value. Of the 153 authorities with a 2025 value
    # (158 LA rows, 5 of them "-"), 146 are below 28.8, so Stockton is 147th.
    values = [
        float(r["Values"])
        for r in lait_rows("ReReferral", {"2025"})
        if r["LA Number"] not in NOT_LA and r["Values"] != "-"
    ]
    assert (len(values), sum(v < 28.8 for v in values)) == (153, 146)
    assert (got.rank, got.ranked) == (147, 153)

    # Quartile band: the type-7 75th percentile of 153 values is the 115th smallest (h = 152 x
    # 0.75 = 114, a whole position), 23.0; 28.8 is above it, in the top quarter of values,
    # which for low is good is band D.
    assert sorted(values)[114] == 23.0
    assert got.quartile_band == "D"
    assert got.rank_note == ""

    # Direction: 30.3 in 2024 to 28.8 in 2025, a fall, and low is good.
    assert (got.previous_period.label, got.previous_value) == ("2024", 30.3)
    assert got.direction == "improved"
    # Two years are not five: no recent trend.
    assert (got.trend, got.trend_note) == ("cannot", "trend_points")

    # LAIT's rule by default is the comparison with England, which is not tested here.
    assert (got.rating_rule, got.rating, got.rating_note) == ("england", "none", "untested")

    # The missing values ("-": 5 authorities in 2025, as many in 2024) are skipped and counted.
    missing = Value.objects.filter(indicator=rereferrals, value__isnull=True).count()
    assert summary.missing == {"-": missing}
    assert (
        summary.assessed == Value.objects.filter(indicator=rereferrals, value__isnull=False).count()
    )
    assert not Assessment.objects.filter(indicator=rereferrals, area__dfe_code="837").exists()


def test_england_and_regions_are_compared_but_not_ranked(rereferrals):
    assessments_recompute(indicator_ids=[rereferrals.pk])
    england = assessment(rereferrals, "970", "2025")
    assert (england.england_comparison, england.england_note) == ("not_compared", "is_england")
    assert (england.region_comparison, england.region_note) == ("not_compared", "england_no_region")
    # England 2024 22.4 to 2025 22.6: up, and low is good.
    assert england.direction == "worsened"
    north_east = assessment(rereferrals, "980", "2025")
    assert (north_east.england_comparison, north_east.region_note) == (
        "lower_untested",
        "is_region",
    )
    for row in (england, north_east):
        assert (row.rank, row.quartile_band, row.rank_note) == (None, "", "not_la")
        assert (row.neighbour_average, row.neighbour_note) == (None, "not_la")
    # Inner London's region is London.
    inner = assessment(rereferrals, "987", "2025")
    assert (inner.region.name, inner.region_value) == ("London", 19.4)


def test_most_recent_gives_each_indicators_latest_period(rereferrals):
    assessments_recompute()
    latest = Assessment.objects.for_area(area("808")).most_recent()
    assert [(a.indicator_id, a.period.label) for a in latest] == [(rereferrals.pk, "2025")]
    ranked = Assessment.objects.for_indicator(rereferrals).for_period(latest[0].period)
    assert ranked.local_authorities().by_rank().first().rank == 1


@pytest.mark.parametrize(
    ("rule", "rating", "note"),
    [
        ("quartile", "red", ""),  # band D
        ("neighbours", "none", "untested"),
        ("region", "none", "untested"),
        ("none", "none", "not_rated"),
        ("target", "none", "by_target"),
    ],
)
def test_each_rating_rule_on_lait_values(rereferrals, rule, rating, note):
    Indicator.objects.filter(pk=rereferrals.pk).update(rating_rule=rule)
    assessments_recompute(indicator_ids=[rereferrals.pk])
    got = assessment(rereferrals, "808", "2025")
    assert (got.rating_rule, got.rating, got.rating_note) == (rule, rating, note)


def test_quartile_bands_need_quartiles_to_be_meaningful(rereferrals):
    Indicator.objects.filter(pk=rereferrals.pk).update(quartiles_meaningful=False)
    assessments_recompute(indicator_ids=[rereferrals.pk])
    got = assessment(rereferrals, "808", "2025")
    assert (got.rank, got.ranked, got.quartile_band, got.rank_note) == (
        None,
        None,
        "",
        "no_quartiles",
    )
    # The neighbour average does not depend on it.
    assert got.neighbour_average == pytest.approx(18.65)


def test_recompute_is_idempotent(rereferrals):
    def snapshot() -> list[tuple]:
        fields = [
            f.attname
            for f in Assessment._meta.concrete_fields
            if f.name not in {"id", "computed_at"}
        ]
        return sorted(Assessment.objects.values_list(*fields))

    first_summary = assessments_recompute(indicator_ids=[rereferrals.pk])
    first = snapshot()
    second_summary = assessments_recompute(indicator_ids=[rereferrals.pk])
    assert snapshot() == first
    assert first_summary.assessed == second_summary.assessed == len(first) > 300


# Synthetic values: counts, limits, missing benchmarks, targets, trends ------------------------


@pytest.fixture
def proportion(neighbours) -> Indicator:
    """A percentage, low is good, with Wilson limits from counts."""
    return Indicator.objects.create(
        code="test-proportion",
        name="A percentage with counts",
        polarity="low",
        value_type="percentage",
        multiplier=100,
        interval_method="wilson",
        period_type="calendar_year",
    )


def put(indicator: Indicator, dfe_code: str, label: str, value=None, **fields) -> Value:
    period = period_for_label(period_type=indicator.period_type, label=label)
    if value is None and "numerator" in fields:
        value = fields["numerator"] / fields["denominator"] * indicator.multiplier
    return Value.objects.create(
        indicator=indicator, area=area(dfe_code), period=period, value=value, **fields
    )


def wilson(x: float, n: float, z: float) -> tuple[float, float]:
    """Wilson's score interval in percent (Wilson 1927), written out independently of the
    statistics package: (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²))."""
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (
        100 * (2 * x + z * z - root) / (2 * (n + z * z)),
        100 * (2 * x + z * z + root) / (2 * (n + z * z)),
    )


def test_a_wilson_interval_decides_significance(proportion):
    put(proportion, "970", "2024", 22.4)
    put(proportion, "808", "2024", numerator=303, denominator=1000)  # 30.3%
    put(proportion, "841", "2024", numerator=200, denominator=1000)  # 20.0%
    put(proportion, "332", "2024", numerator=23, denominator=100)  # 23.0%
    assessments_recompute(indicator_ids=[proportion.pk])

    stockton = assessment(proportion, "808", "2024")
    lower95, upper95 = wilson(303, 1000, 1.959964)
    lower998, upper998 = wilson(303, 1000, 3.090232)
    assert (stockton.lower95, stockton.upper95) == (pytest.approx(lower95), pytest.approx(upper95))
    assert (stockton.lower998, stockton.upper998) == (
        pytest.approx(lower998),
        pytest.approx(upper998),
    )
    assert (stockton.interval_source, stockton.interval_method) == ("computed", "wilson")
    # England's 22.4 is below even the 99.8% lower limit (26.0): significantly higher,
    # and low is good.
    assert lower998 > 22.4
    assert stockton.england_comparison == "worse_998"
    assert (stockton.rating, stockton.rating_note) == ("red", "")

    # 200 of 1,000: 95% limits about 17.6 to 22.6... England's 22.4 lies inside them.
    darlington = assessment(proportion, "841", "2024")
    assert darlington.lower95 < 22.4 < darlington.upper95
    assert (darlington.england_comparison, darlington.rating) == ("similar", "amber")
    # 23 of 100: a wide interval, similar.
    assert assessment(proportion, "332", "2024").england_comparison == "similar"


def test_better_at_95_but_not_at_998(proportion):
    put(proportion, "970", "2024", 23.0)
    put(proportion, "808", "2024", numerator=200, denominator=1000)
    assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2024")
    # 95%: 17.6 to 22.6; 99.8%: 16.4 to 24.2. England's 23.0 lies between the two upper limits.
    assert got.upper95 < 23.0 < got.upper998
    assert (got.england_comparison, got.rating) == ("better", "green")
    assert got.get_england_comparison_display() == "Better (95%)"


def test_published_limits_are_used_before_counts(proportion):
    put(proportion, "970", "2024", 22.4)
    put(
        proportion,
        "808",
        "2024",
        30.3,
        numerator=303,
        denominator=1000,
        lower95=21.0,
        upper95=40.0,
    )
    assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2024")
    assert (got.interval_source, got.lower95, got.upper95) == ("published", 21.0, 40.0)
    # Only 95% limits were published: a one-level comparison, and England is inside them.
    assert (got.lower998, got.upper998, got.england_comparison) == (None, None, "similar")


def test_intervals_that_cannot_be_computed_say_why(proportion):
    put(proportion, "970", "2024", 22.4)
    put(proportion, "808", "2024", 30.0)  # no counts
    assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2024")
    assert (got.interval_source, got.interval_note) == ("none", "no_counts")
    assert got.england_comparison == "higher_untested"
    assert (got.rating, got.rating_note) == ("none", "untested")

    Indicator.objects.filter(pk=proportion.pk).update(interval_method="t")
    assessments_recompute(indicator_ids=[proportion.pk])
    assert assessment(proportion, "808", "2024").interval_note == "needs_sd"


def test_a_rate_uses_exact_limits_below_ten_events_and_byars_from_ten(proportion):
    Indicator.objects.filter(pk=proportion.pk).update(
        value_type="rate", multiplier=10000, interval_method="byar"
    )
    proportion.refresh_from_db()
    put(proportion, "808", "2024", numerator=9, denominator=40000)
    put(proportion, "841", "2024", numerator=10, denominator=40000)
    assessments_recompute(indicator_ids=[proportion.pk])
    assert assessment(proportion, "808", "2024").interval_method == "exact_poisson"
    assert assessment(proportion, "841", "2024").interval_method == "byar"


def test_a_missing_benchmark_is_not_compared_and_says_why(proportion):
    put(proportion, "970", "2024", missing_reason="c")
    put(proportion, "808", "2024", numerator=303, denominator=1000)
    put(proportion, "808", "2023", numerator=300, denominator=1000)
    summary = assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2024")
    assert (got.england_value, got.england_comparison) == (None, "not_compared")
    assert got.england_note == "england_missing"
    assert (got.region_comparison, got.region_note) == ("not_compared", "region_none")
    assert (got.rating, got.rating_note) == ("none", "no_benchmark")
    assert summary.missing == {"c": 1}
    # 2023 has no England row at all.
    assert assessment(proportion, "808", "2023").england_note == "england_none"
    # 30.0% to 30.3%: up, and low is good.
    assert got.direction == "worsened"


def test_direction_is_not_comparable_without_the_previous_value(proportion):
    put(proportion, "841", "2023", 20.0)  # another area makes 2023 a period of the indicator
    put(proportion, "808", "2023", missing_reason="x")
    put(proportion, "808", "2024", 30.0)
    put(proportion, "841", "2022", 19.0)
    put(proportion, "808", "2022", 31.0)
    assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2024")
    assert (got.direction, got.direction_note) == ("not_comparable", "previous_missing")
    assert got.previous_period.label == "2023"
    first = assessment(proportion, "808", "2022")
    assert (first.direction, first.direction_note, first.previous_period) == (
        "not_comparable",
        "first_period",
        None,
    )


def test_the_latest_figure_is_the_latest_with_a_value(proportion):
    put(proportion, "808", "2022", 31.0)
    put(proportion, "808", "2023", 30.0)
    put(proportion, "808", "2024", missing_reason="c")
    put(proportion, "841", "2024", 20.0)
    assessments_recompute(indicator_ids=[proportion.pk])
    latest = Assessment.objects.for_indicator(proportion).most_recent()
    assert sorted((a.area.dfe_code, a.period.label) for a in latest) == [
        ("808", "2023"),
        ("841", "2024"),
    ]


def test_recent_trend_over_five_years_with_counts(proportion):
    # 10%, 12.5%, 15%, 17.5%, 20% of 2,000: rising steadily, and low is good.
    for year, count in zip(range(2019, 2024), (200, 250, 300, 350, 400), strict=True):
        put(proportion, "808", str(year), numerator=count, denominator=2000)
    put(proportion, "841", "2022", numerator=10, denominator=100)
    put(proportion, "841", "2023", numerator=11, denominator=100)
    assessments_recompute(indicator_ids=[proportion.pk])
    assert assessment(proportion, "808", "2023").trend == "increasing_worse"
    assert assessment(proportion, "808", "2023").get_trend_display() == (
        "Increasing and getting worse"
    )
    assert assessment(proportion, "808", "2022").trend_note == "trend_points"  # only four years
    assert assessment(proportion, "841", "2023").trend == "cannot"


def test_a_broken_series_has_no_trend(proportion):
    for year in (2017, 2018, 2019, 2021, 2022):  # no 2020
        put(proportion, "808", str(year), numerator=100 * (year - 2015), denominator=2000)
    assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2022")
    assert (got.trend, got.trend_note) == ("cannot", "trend_points")


def test_trends_are_only_for_proportions_and_rates(proportion):
    Indicator.objects.filter(pk=proportion.pk).update(value_type="score")
    for year in range(2019, 2024):
        put(proportion, "808", str(year), 10.0 + year - 2019, lower95=9.0, upper95=20.0)
    assessments_recompute(indicator_ids=[proportion.pk])
    assert assessment(proportion, "808", "2023").trend_note == "trend_type"


def test_districts_are_compared_with_england_and_their_region_only(proportion):
    kent = area("886")
    district = Area.objects.create(
        code="E07000105", name="Ashford", level=AreaLevel.DISTRICT, parent=kent
    )
    put(proportion, "970", "2024", 22.4)
    put(proportion, "985", "2024", 30.0)  # the East of England: not Kent's region
    put(proportion, "989", "2024", 20.0)  # the South East
    Value.objects.create(
        indicator=proportion,
        area=district,
        period=Period.objects.get(label="2024", period_type="calendar_year"),
        value=25.0,
        numerator=250,
        denominator=1000,
    )
    assessments_recompute(indicator_ids=[proportion.pk])
    got = Assessment.objects.get(indicator=proportion, area=district)
    assert (got.region.name, got.region_value) == ("South East", 20.0)
    assert got.region_comparison == "worse_998"
    assert got.england_comparison in {"worse", "worse_998"}
    assert (got.rank, got.rank_note, got.neighbour_note) == (None, "not_la", "not_la")


def test_values_without_polarity_are_higher_or_lower_never_better_or_worse(proportion):
    Indicator.objects.filter(pk=proportion.pk).update(polarity="none", rating_rule="england")
    put(proportion, "970", "2024", 22.4)
    put(proportion, "808", "2024", numerator=303, denominator=1000)
    put(proportion, "808", "2023", numerator=300, denominator=1000)
    assessments_recompute(indicator_ids=[proportion.pk])
    got = assessment(proportion, "808", "2024")
    assert got.england_comparison == "higher_998"
    assert got.direction == "increased"
    assert (got.rank, got.rank_note) == (None, "no_polarity")
    assert (got.rating, got.rating_note) == ("none", "no_polarity")


# Targets: they belong to a partnership --------------------------------------------------------


def test_target_status_per_partnership(rereferrals):
    Indicator.objects.filter(pk=rereferrals.pk).update(rating_rule="target")
    stockton, kent = (
        Partnership.objects.get(slug="stockton-on-tees"),
        Partnership.objects.get(slug="kent"),
    )
    period = Period.objects.get(label="2025", period_type=rereferrals.period_type)
    other = Period.objects.get(label="2024", period_type=rereferrals.period_type)
    place = area("808")
    # 28.8 in 2025 and 30.3 in 2024; low is good.
    target_set(
        partnership=stockton, indicator=rereferrals, area=place, period=period, value=30, by=None
    )
    target_set(
        partnership=kent, indicator=rereferrals, area=place, period=period, value=25, by=None
    )
    target_set(
        partnership=stockton,
        indicator=rereferrals,
        area=place,
        period=other,
        value=25,
        value_upper=32,
        by=None,
    )
    summary = assessments_recompute(indicator_ids=[rereferrals.pk])
    assert summary.targets == 3

    rows = Assessment.objects.for_area(place).for_indicator(rereferrals)
    ours = {a.period.label: a for a in rows.with_target(stockton)}
    theirs = {a.period.label: a for a in rows.with_target(kent)}
    # 28.8 is at or below 30: met, green.
    assert (ours["2025"].target_value, ours["2025"].target_status) == (30, "met")
    assert ours["2025"].overall_rating == "green"
    # 28.8 is above Kent's 25: not met, red.
    assert (theirs["2025"].target_status, theirs["2025"].overall_rating) == ("not_met", "red")
    # 30.3 lies within 25 to 32: amber.
    assert (ours["2024"].target_status, ours["2024"].target_upper) == ("within_range", 32)
    assert ours["2024"].overall_rating == "amber"
    # Kent set nothing for 2024.
    assert (theirs["2024"].target_status, theirs["2024"].overall_rating) == ("no_target", "none")
    # The stored rating does not pretend to know whose target counts.
    assert (ours["2025"].rating, ours["2025"].rating_note) == ("none", "by_target")


def test_the_overall_rating_is_the_stored_one_for_other_rules(rereferrals):
    Indicator.objects.filter(pk=rereferrals.pk).update(rating_rule="quartile")
    stockton = Partnership.objects.get(slug="stockton-on-tees")
    period = Period.objects.get(label="2025", period_type=rereferrals.period_type)
    target_set(
        partnership=stockton,
        indicator=rereferrals,
        area=area("808"),
        period=period,
        value=30,
        by=None,
    )
    assessments_recompute(indicator_ids=[rereferrals.pk])
    got = Assessment.objects.for_area(area("808")).for_period(period).with_target(stockton).get()
    assert (got.target_status, got.overall_rating) == ("met", "red")  # band D decides


def test_a_target_without_polarity_is_not_assessed(rereferrals):
    Indicator.objects.filter(pk=rereferrals.pk).update(polarity="none")
    stockton = Partnership.objects.get(slug="stockton-on-tees")
    period = Period.objects.get(label="2025", period_type=rereferrals.period_type)
    target = target_set(
        partnership=stockton,
        indicator=rereferrals,
        area=area("808"),
        period=period,
        value=30,
        by=None,
    )
    assessments_recompute(indicator_ids=[rereferrals.pk])
    judged = TargetAssessment.objects.get(target=target)
    assert (judged.status, judged.rating, judged.note) == ("not_assessed", "none", "no_polarity")


# The background task and the command ---------------------------------------------------------


def test_an_import_enqueues_the_recomputation(
    neighbours, tmp_path, django_capture_on_commit_callbacks
):
    rows = lait_rows("ReReferral", {"2025"})
    path = tmp_path / "rereferrals.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    with django_capture_on_commit_callbacks() as callbacks:
        import_file(path=path, format="lait", dry_run=True)
    assert recomputations(callbacks) == []
    assert not Assessment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_file(path=path, format="lait")
    assert len(recomputations(callbacks)) == 1
    # The test settings' immediate backend ran the task: Stockton is assessed.
    indicator = Indicator.objects.get(lait_code="ReReferral")
    assert assessment(indicator, "808", "2025").neighbour_count == 10

    # The same file again changes nothing, so nothing is enqueued.
    with django_capture_on_commit_callbacks() as callbacks:
        import_file(path=path, format="lait")
    assert recomputations(callbacks) == []


def test_a_rejected_import_enqueues_nothing(
    neighbours, tmp_path, django_capture_on_commit_callbacks
):
    rows = lait_rows("ReReferral", {"2025"})[:3]
    rows[1]["Values"] = "lots"
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ImportFileError):
        import_file(path=path, format="lait")
    assert recomputations(callbacks) == []


def test_setting_a_target_enqueues_the_recomputation(
    rereferrals, django_capture_on_commit_callbacks
):
    stockton = Partnership.objects.get(slug="stockton-on-tees")
    period = Period.objects.get(label="2025", period_type=rereferrals.period_type)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        target = target_set(
            partnership=stockton,
            indicator=rereferrals,
            area=area("808"),
            period=period,
            value=30,
            by=None,
        )
    assert len(recomputations(callbacks)) == 1
    assert TargetAssessment.objects.get(target=target).status == "met"
    assert Assessment.objects.filter(indicator=rereferrals).count() > 300


def test_the_assess_command(rereferrals, capsys):
    call_command("assess", "--indicator", rereferrals.code)
    out = capsys.readouterr().out
    count = Assessment.objects.filter(indicator=rereferrals).count()
    assert f"Assessed {count:,} values of 1 indicator in" in out
    assert "have no number and were skipped (“-”" in out
    assert "Statistical neighbours: the 2025 set." in out
    with pytest.raises(CommandError, match="No indicator has the code nonsense"):
        call_command("assess", "--indicator", "nonsense")


def test_nothing_to_assess(db):
    summary = assessments_recompute(indicator_ids=[])
    assert (summary.indicators, summary.assessed) == (0, 0)
    assert summary.text().startswith("Assessed 0 values of 0 indicators")
