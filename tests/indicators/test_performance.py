"""The performance read-model: a priority's scorecard and the plan's dashboard for Stockton's demo
plan, from a few values imported here, with hand-checked rows, counts and query counts."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from partnership.indicators.importers import ImportOptions, import_file
from partnership.indicators.models import Indicator, Period
from partnership.indicators.performance import (
    UnknownAreaError,
    area_choices,
    area_for,
    dashboard,
    scorecard,
)
from partnership.indicators.services import target_set
from partnership.plans.models import Plan, Priority, PriorityIndicator
from partnership.web.models import Partnership

ENGLAND, STOCKTON, HARTLEPOOL, DARLINGTON = "E92000001", "E06000004", "E06000001", "E06000005"

# The values (conftest.py, PERFORMANCE_ROWS), with the reasoning behind every expected figure:
# Priority 1 of the demo plan links nine of Stockton's own indicators; these four get values:
#   eyfs: 65.0 -> 64.1 (higher is better): worsened; England's 67.7 and the neighbours' mean of
#         66.0 and 70.0 (68.0) lie above Stockton's upper 95% limit 65.7: worse (95%) than both,
#         so red by the England rule; 64.1 is the lowest of three authorities: rank 3 of 3.
#   maternal smoking: 12.0 -> 10.5 (lower is better): improved; England 7.4, no limits: untested.
#   phonics: 2023/24 only: one period of data.
#   immunisations: 95.0 -> 95.0: no change.
# Priority 2 links eight; these three get values:
#   CAF2s (no polarity): 100 -> 120: increased, which says nothing about better or worse.
#   referrals with an active CAF: 2022/23 suppressed, 2023/24 30.0: no previous value to compare.
#   section 47 rate (lower is better): 2023/24 only, 60.0 with 99.8% limits 52-68; England 60.5
#         is inside the 95% limits (similar: amber); the neighbours' 42.0 is below the 99.8%
#         lower limit: worse (99.8%).


def priority(plan: Plan, order: int) -> Priority:
    return plan.priorities.get(order=order)


def own(stockton: Partnership, code: str) -> Indicator:
    return Indicator.objects.get(partnership=stockton, code=code)


def rows_by_code(card) -> dict[str, object]:
    return {row.indicator.code: row for row in card.rows}


# The scorecard --------------------------------------------------------------------------------


def test_the_scorecard_has_a_row_per_linked_indicator_in_plan_order(stockton, plan, data):
    card = scorecard(partnership=stockton, priority=priority(plan, 1), area=stockton.area)
    assert [row.indicator.code for row in card.rows] == [
        "free-early-education-2-year-olds",
        "childrens-centre-registration",
        "eyfs-good-level-of-development",
        "y1-phonics-screening-check",
        "breastfeeding-initiation-and-6-8-weeks",
        "maternal-smoking-at-delivery",
        "childhood-immunisations-take-up",
        "injury-admissions-0-4",
        "tooth-decay-age-5",
    ]
    assert (card.total, card.shown, card.sort, card.filters, card.messages) == (9, 9, "", {}, [])


def test_a_worsening_indicator_row_in_words_and_symbols(stockton, plan, data):
    row = rows_by_code(
        scorecard(partnership=stockton, priority=priority(plan, 1), area=stockton.area)
    )["eyfs-good-level-of-development"]
    assert row.has_data
    assert (row.latest_value, row.latest_period) == ("64.1%", "2023/24")
    assert (row.previous_value, row.previous_period) == ("65.0%", "2022/23")
    travel = row.direction
    assert (travel.code, travel.word, travel.arrow, travel.judgement) == (
        "worsened",
        "Worsened",
        "↓",
        "worse",
    )
    assert travel.text == "↓ Worsened"
    assert (row.england.code, row.england.text, row.england.verdict) == (
        "worse",
        "Worse (95%): 67.7%",
        "worse",
    )
    # The neighbours' average is the mean of Hartlepool's 66.0 and Darlington's 70.0.
    assert (row.neighbours.text, row.neighbours.verdict) == ("Worse (95%): 68.0%", "worse")
    assert (row.rank, row.quartile_band, row.band_label) == ("3 of 3", "D", "D (worst quarter)")
    assert (row.rating, row.rating_word, row.rating_colour) == ("red", "Red", "red")
    assert (row.target_status, row.target_status_label, row.target) == (
        "no_target",
        "No target",
        "",
    )
    # Two periods are too few for Fingertips' recent trend.
    assert row.trend == "Cannot be calculated"


def test_rows_for_improving_unchanged_single_and_missing_indicators(stockton, plan, data):
    rows = rows_by_code(
        scorecard(partnership=stockton, priority=priority(plan, 1), area=stockton.area)
    )
    smoking = rows["maternal-smoking-at-delivery"]
    assert (smoking.direction.text, smoking.direction.judgement) == ("↓ Improved", "better")
    # No limits: only the direction of the difference is known, and it is not rated on it.
    assert (smoking.england.text, smoking.england.verdict) == ("Higher (not tested): 7.4%", "")
    assert (smoking.rating_word, smoking.rating_colour) == ("Not rated", "grey")
    assert (
        smoking.neighbours.note == "None of its statistical neighbours has a value for this period."
    )

    same = rows["childhood-immunisations-take-up"]
    assert (same.direction.text, same.direction.judgement) == ("→ No change", "")

    phonics = rows["y1-phonics-screening-check"]
    assert (phonics.direction.text, phonics.previous_value, phonics.previous_period) == (
        "Not comparable",
        "",
        "",
    )
    assert phonics.direction.note == "There is no earlier period of this indicator to compare with."
    assert phonics.england.text == "Not compared"

    nothing = rows["tooth-decay-age-5"]
    assert not nothing.has_data
    assert nothing.no_data_text == "No data for Stockton-on-Tees yet."
    assert (nothing.latest_value, nothing.rating_word, nothing.rating_colour) == (
        "",
        "No data",
        "grey",
    )


def test_a_target_shows_its_status_and_value(
    stockton, plan, data, django_capture_on_commit_callbacks
):
    smoking = own(stockton, "maternal-smoking-at-delivery")
    with django_capture_on_commit_callbacks(execute=True):
        target_set(
            partnership=stockton,
            indicator=smoking,
            area=stockton.area,
            period=Period.objects.get(period_type=smoking.period_type, label="2023/24"),
            value=11,
            by=None,
        )
    row = rows_by_code(
        scorecard(partnership=stockton, priority=priority(plan, 1), area=stockton.area)
    )["maternal-smoking-at-delivery"]
    # 10.5 is below 11, and lower is better.
    assert (row.target_status, row.target_status_label, row.target) == ("met", "Met", "11.0%")


def test_sorting_puts_the_worst_first_and_unplaced_rows_last(stockton, plan, data):
    def order(sort: str) -> list[str]:
        card = scorecard(
            partnership=stockton, priority=priority(plan, 2), area=stockton.area, sort=sort
        )
        assert card.sort == sort
        return [row.indicator.code for row in card.rows if row.has_data]

    # Rated: eyfs red, section 47 amber, excess weight green; the rest are not rated.
    assert order("rating")[:3] == [
        "eyfs-good-level-of-development",
        "section-47-enquiries-rate",
        "excessrec",
    ]
    assert order("-rating")[:3] == [
        "excessrec",
        "section-47-enquiries-rate",
        "eyfs-good-level-of-development",
    ]
    # Worsened, improved, then increased; the two not comparable keep the plan's order last.
    assert order("direction") == [
        "eyfs-good-level-of-development",
        "excessrec",
        "caf2s-by-agency-and-reason",
        "social-care-referrals-with-active-caf",
        "section-47-enquiries-rate",
    ]
    assert order("neighbours")[:2] == [
        "section-47-enquiries-rate",  # worse (99.8%)
        "eyfs-good-level-of-development",  # worse (95%)
    ]
    # Band D first (referrals are banded D as the only authority with a value: a lone value ties
    # with every quartile and ties go to the lower band), then A; CAF2s (no polarity) unbanded.
    # Ties keep the plan's order, reversed or not.
    assert order("band") == [
        "social-care-referrals-with-active-caf",
        "section-47-enquiries-rate",
        "eyfs-good-level-of-development",
        "excessrec",
        "caf2s-by-agency-and-reason",
    ]
    assert order("-band") == [
        "excessrec",
        "social-care-referrals-with-active-caf",
        "section-47-enquiries-rate",
        "eyfs-good-level-of-development",
        "caf2s-by-agency-and-reason",
    ]
    card = scorecard(
        partnership=stockton, priority=priority(plan, 2), area=stockton.area, sort="-name"
    )
    names = [row.name for row in card.rows]
    assert names == sorted(names, key=str.casefold, reverse=True)


def test_filters_come_from_plain_query_parameters(stockton, plan, data):
    query = QueryDict("rating=red&rating=amber&direction=worsened&direction=not_comparable")
    card = scorecard(
        partnership=stockton, priority=priority(plan, 2), area=stockton.area, filters=query
    )
    assert [row.indicator.code for row in card.rows] == [
        "section-47-enquiries-rate",  # amber, not comparable
        "eyfs-good-level-of-development",  # red, worsened
    ]
    assert card.filters == {"rating": ["red", "amber"], "direction": ["worsened", "not_comparable"]}
    assert (card.total, card.shown) == (10, 2)

    # A plain mapping works as well: a no-data row counts as not rated.
    card = scorecard(
        partnership=stockton,
        priority=priority(plan, 1),
        area=stockton.area,
        filters={"rating": "none", "direction": ["not_comparable"]},
    )
    assert [row.indicator.code for row in card.rows] == [
        "free-early-education-2-year-olds",
        "childrens-centre-registration",
        "y1-phonics-screening-check",
        "breastfeeding-initiation-and-6-8-weeks",
        "injury-admissions-0-4",
        "tooth-decay-age-5",
    ]


def test_unknown_sort_and_filter_values_are_ignored_with_a_message(stockton, plan, data):
    card = scorecard(
        partnership=stockton,
        priority=priority(plan, 1),
        area=stockton.area,
        sort="colour",
        filters={"rating": ["purple", "red"], "direction": "sideways"},
    )
    assert card.messages == [
        "“purple” is not a rating this table can be filtered by, so it was ignored.",
        "“sideways” is not a direction of travel this table can be filtered by, so it was ignored.",
        "“colour” is not a column this table can be sorted by, so it is in the plan's order.",
    ]
    assert (card.sort, card.filters) == ("", {"rating": ["red"]})
    assert [row.indicator.code for row in card.rows] == ["eyfs-good-level-of-development"]


def test_the_scorecard_for_another_area(stockton, plan, data):
    hartlepool = area_for(stockton, "805")
    rows = rows_by_code(
        scorecard(partnership=stockton, priority=priority(plan, 1), area=hartlepool)
    )
    eyfs = rows["eyfs-good-level-of-development"]
    # Hartlepool has one year, ranked second of three (Darlington 70.0 > 66.0 > 64.1).
    assert (eyfs.latest_value, eyfs.direction.word, eyfs.rank) == (
        "66.0%",
        "Not comparable",
        "2 of 3",
    )
    assert rows["maternal-smoking-at-delivery"].no_data_text == "No data for Hartlepool yet."


# The dashboard --------------------------------------------------------------------------------


def test_the_dashboard_counts_each_indicator_once_for_the_plan(stockton, plan, data):
    board = dashboard(partnership=stockton, plan=plan, area=stockton.area)
    distinct = (
        PriorityIndicator.objects.filter(priority__plan=plan).values("indicator").distinct().count()
    )
    # The demo plan's 44 own indicators plus LAIT's excess weight; EYFS is in two priorities.
    assert distinct == 44 + 1
    counts = board.counts
    # Improved: smoking, excess weight. Same: immunisations. Worsened: EYFS (once).
    assert (counts.improved, counts.no_change, counts.worsened) == (2, 1, 1)
    # One period: phonics, section 47. No polarity: CAF2s. Not comparable: referrals.
    # No data: the other 45 - 8 = 37.
    assert counts.cannot == {"one_period": 2, "no_data": 37, "no_polarity": 1, "not_comparable": 1}
    assert (counts.cannot_compare, counts.total) == (41, 45)
    assert counts.summary == (
        "2 indicators improved, 1 stayed the same, 1 worsened, 2 have only one period of data, "
        "37 have no data for Stockton-on-Tees, 1 went up or down but has no better direction "
        "and 1 has no value for the previous period to compare with."
    )


def test_the_dashboard_per_priority(stockton, plan, data):
    board = dashboard(partnership=stockton, plan=plan, area=stockton.area)
    assert [p.priority.order for p in board.priorities] == [1, 2, 3, 4, 5, 6]
    first, second = board.priorities[0].counts, board.priorities[1].counts
    assert (first.improved, first.no_change, first.worsened, first.cannot) == (
        1,
        1,
        1,
        {"one_period": 1, "no_data": 5, "no_polarity": 0, "not_comparable": 0},
    )
    assert first.summary == (
        "1 indicator improved, 1 stayed the same, 1 worsened, 1 has only one period of data and "
        "5 have no data for Stockton-on-Tees."
    )
    assert (second.improved, second.no_change, second.worsened, second.cannot) == (
        1,
        0,
        1,
        {"one_period": 1, "no_data": 5, "no_polarity": 1, "not_comparable": 1},
    )
    assert second.total == 10
    assert board.priorities[2].counts.cannot["no_data"] == board.priorities[2].counts.total


def test_the_exceptions_come_with_their_priorities_and_reasons(stockton, plan, data):
    board = dashboard(partnership=stockton, plan=plan, area=stockton.area)
    first, second = priority(plan, 1), priority(plan, 2)
    assert [
        (e.row.indicator.code, [p.order for p in e.priorities], e.reasons) for e in board.exceptions
    ] == [
        (
            "eyfs-good-level-of-development",
            [1, 2],
            [
                "Worsened since 2022/23",
                "Worse than England (95%)",
                "Worse than statistical neighbours (95%)",
                "Rated red",
            ],
        ),
        (
            "section-47-enquiries-rate",
            [2],
            ["Worse than statistical neighbours (99.8%)"],
        ),
    ]
    by_priority = {p.priority.pk: p for p in board.priorities}
    assert [e.row.indicator.code for e in by_priority[first.pk].exceptions] == [
        "eyfs-good-level-of-development"
    ]
    assert [e.row.indicator.code for e in by_priority[second.pk].exceptions] == [
        "section-47-enquiries-rate",
        "eyfs-good-level-of-development",
    ]


def test_a_plan_without_data(stockton, plan, demo):
    board = dashboard(partnership=stockton, plan=plan, area=stockton.area)
    assert board.exceptions == []
    assert board.counts.cannot["no_data"] == board.counts.total == 44


# Areas ----------------------------------------------------------------------------------------


def test_area_choices_are_current_upper_tier_authorities(demo):
    choices = area_choices()
    codes = [code for code, _ in choices]
    assert (STOCKTON, "Stockton-on-Tees") in choices
    assert "E08000020" not in codes  # Gateshead's old code, ended 2013
    assert ENGLAND not in codes and "E12000001" not in codes
    names = [name for _, name in choices]
    assert names == sorted(names)
    assert len(codes) == len(set(codes))


def test_area_for_defaults_to_the_partnership_and_reads_both_codes(stockton):
    assert area_for(stockton) == stockton.area
    assert area_for(stockton, "") == stockton.area
    assert area_for(stockton, "e06000001").name == "Hartlepool"
    assert area_for(stockton, " 841 ").name == "Darlington"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "E06999999",
            "“E06999999” is not the ONS code or DfE number of an area we know: choose a local "
            "authority from the list.",
        ),
        (
            "999",
            "“999” is not the ONS code or DfE number of an area we know: choose a local "
            "authority from the list.",
        ),
        (
            "E12000001",
            "North East is not an upper-tier local authority: choose a local authority from the "
            "list.",
        ),
    ],
)
def test_area_for_refuses_an_unknown_code(stockton, code, message):
    with pytest.raises(UnknownAreaError) as caught:
        area_for(stockton, code)
    assert str(caught.value) == message


def test_a_partnership_without_an_area_must_choose(stockton):
    stockton.area = None
    with pytest.raises(UnknownAreaError, match="has no area of its own"):
        area_for(stockton)


# Query counts ---------------------------------------------------------------------------------

SCORECARD_QUERIES = 2  # the links with their indicators; the assessments with targets joined
DASHBOARD_QUERIES = 3  # the priorities; the links with their indicators; the assessments


def more_data(stockton, plan, write_template, django_capture_on_commit_callbacks) -> None:
    """Values for five more of the plan's indicators, each linked to priority 1 as well."""
    codes = [
        "free-early-education-2-year-olds",
        "childrens-centre-registration",
        "cin-cp-lac-rates",
        "neet-16-19",
        "fsm-ever-6-gap-ks2",
    ]
    rows = [
        [code, area, label, value, "", "", "", "", ""]
        for code in codes
        for area in (ENGLAND, STOCKTON)
        for label, value in (("2021/22", "10"), ("2022/23", "11"), ("2023/24", "12"))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(
            path=write_template(rows, "more.csv"),
            format="template",
            options=ImportOptions(partnership=stockton),
        )
    first = priority(plan, 1)
    for order, code in enumerate(codes[2:], start=200):
        PriorityIndicator.objects.create(priority=first, indicator=own(stockton, code), order=order)


def test_the_number_of_queries_does_not_grow_with_the_data(
    stockton,
    plan,
    data,
    write_template,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    area = stockton.area
    first = priority(plan, 1)
    with django_assert_num_queries(SCORECARD_QUERIES):
        before = scorecard(partnership=stockton, priority=first, area=area, sort="rating")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        board = dashboard(partnership=stockton, plan=plan, area=area)
    assert (before.total, board.counts.total) == (9, 45)
    assert sum(row.has_data for row in before.rows) == 4

    more_data(stockton, plan, write_template, django_capture_on_commit_callbacks)
    Priority.objects.create(plan=plan, order=7, title="A seventh priority")

    with django_assert_num_queries(SCORECARD_QUERIES):
        after = scorecard(
            partnership=stockton,
            priority=first,
            area=area,
            sort="-england",
            filters={"direction": ["improved", "worsened", "no_change", "not_comparable"]},
        )
    with django_assert_num_queries(DASHBOARD_QUERIES):
        board = dashboard(partnership=stockton, plan=plan, area=area)
    assert after.total == 12
    assert sum(row.has_data for row in after.rows) == 9
    assert len(board.priorities) == 7
    # Each of the five new series rose from 11 to 12 with a polarity: two high (improved) and
    # three low (worsened).
    assert (board.counts.improved, board.counts.worsened) == (2 + 2, 1 + 3)
