"""Reading period labels as LAIT, EES and Fingertips publish them (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from partnership.indicators.periods import PeriodLabelError, PeriodSpec, parse_period

D = dt.date


@pytest.mark.parametrize(
    ("label", "period_type", "expected"),
    [
        # Financial years: every spelling of one year is one label.
        ("2023/24", "financial_year", ("financial_year", "2023/24", D(2023, 4, 1), D(2024, 3, 31))),
        ("2023-24", "financial_year", ("financial_year", "2023/24", D(2023, 4, 1), D(2024, 3, 31))),
        ("202324", "financial_year", ("financial_year", "2023/24", D(2023, 4, 1), D(2024, 3, 31))),
        (
            "2023-2024",
            "financial_year",
            ("financial_year", "2023/24", D(2023, 4, 1), D(2024, 3, 31)),
        ),
        (
            "2023 to 2024",
            "financial_year",
            ("financial_year", "2023/24", D(2023, 4, 1), D(2024, 3, 31)),
        ),
        (
            " 2016-17 ",
            "financial_year",
            ("financial_year", "2016/17", D(2016, 4, 1), D(2017, 3, 31)),
        ),
        ("1999/00", "financial_year", ("financial_year", "1999/00", D(1999, 4, 1), D(2000, 3, 31))),
        # A bare year is the year ending in it (DfE's "reporting year", at 31 March).
        ("2016", "financial_year", ("financial_year", "2016", D(2015, 4, 1), D(2016, 3, 31))),
        # Academic years run September to August.
        ("2016/17", "academic_year", ("academic_year", "2016/17", D(2016, 9, 1), D(2017, 8, 31))),
        ("201617", "academic_year", ("academic_year", "2016/17", D(2016, 9, 1), D(2017, 8, 31))),
        ("2016", "academic_year", ("academic_year", "2016", D(2015, 9, 1), D(2016, 8, 31))),
        ("2016", "calendar_year", ("calendar_year", "2016", D(2016, 1, 1), D(2016, 12, 31))),
        # Several years pooled.
        ("2014-16", "calendar_year", ("rolling_years", "2014-16", D(2014, 1, 1), D(2016, 12, 31))),
        (
            "2014-2016",
            "rolling_years",
            ("rolling_years", "2014-16", D(2014, 1, 1), D(2016, 12, 31)),
        ),
        (
            "2013/14-15/16",
            "financial_year",
            ("rolling_years", "2013/14-15/16", D(2013, 4, 1), D(2016, 3, 31)),
        ),
        (
            "2013/14 to 2015/16",
            "rolling_years",
            ("rolling_years", "2013/14-15/16", D(2013, 4, 1), D(2016, 3, 31)),
        ),
        (
            "2013/14-15/16",
            "academic_year",
            ("rolling_years", "2013/14-15/16", D(2013, 9, 1), D(2016, 8, 31)),
        ),
        # Quarters of a financial year (Q1 is April to June) or of a calendar year.
        ("Q1 2024/25", "quarter", ("quarter", "Q1 2024/25", D(2024, 4, 1), D(2024, 6, 30))),
        ("2024/25 Q4", "quarter", ("quarter", "Q4 2024/25", D(2025, 1, 1), D(2025, 3, 31))),
        ("q3 2024-25", "quarter", ("quarter", "Q3 2024/25", D(2024, 10, 1), D(2024, 12, 31))),
        ("Q1 2024", "quarter", ("quarter", "Q1 2024", D(2024, 1, 1), D(2024, 3, 31))),
        ("2024 Q2", "quarter", ("quarter", "Q2 2024", D(2024, 4, 1), D(2024, 6, 30))),
        ("April 2024", "month", ("month", "April 2024", D(2024, 4, 1), D(2024, 4, 30))),
        ("Feb 2024", "month", ("month", "February 2024", D(2024, 2, 1), D(2024, 2, 29))),
        ("Sept. 2024", "month", ("month", "September 2024", D(2024, 9, 1), D(2024, 9, 30))),
        ("2024-04", "month", ("month", "April 2024", D(2024, 4, 1), D(2024, 4, 30))),
        (
            "31 March 2024",
            "snapshot",
            ("snapshot", "31 March 2024", D(2024, 3, 31), D(2024, 3, 31)),
        ),
        ("2024-03-31", "snapshot", ("snapshot", "31 March 2024", D(2024, 3, 31), D(2024, 3, 31))),
        ("31/03/2024", "snapshot", ("snapshot", "31 March 2024", D(2024, 3, 31), D(2024, 3, 31))),
    ],
)
def test_labels(label, period_type, expected):
    assert parse_period(label, period_type) == PeriodSpec(*expected)


FY_HINT = "Write it like 2023/24, 2023-24, 202324 or 2024 (the year ending 31 March 2024)."


@pytest.mark.parametrize(
    ("label", "period_type", "message"),
    [
        ("2023/25", "financial_year", f"“2023/25” is not a financial year. {FY_HINT}"),
        ("2023-22", "financial_year", f"“2023-22” is not a financial year. {FY_HINT}"),
        ("FY23", "financial_year", f"“FY23” is not a financial year. {FY_HINT}"),
        ("0", "financial_year", f"“0” is not a financial year. {FY_HINT}"),
        ("", "financial_year", f"The period is empty. {FY_HINT}"),
        (
            "2016 (Rev)",
            "academic_year",
            "“2016 (Rev)” is not an academic year. Write it like 2023/24, 2023-24, 202324 or "
            "2024 (the school year ending in summer 2024).",
        ),
        (
            "16",
            "calendar_year",
            "“16” is not a calendar year. Write it like 2024, or 2022-24 for several years pooled.",
        ),
        (
            "2016-15",
            "calendar_year",
            "“2016-15” is not a calendar year. Write it like 2024, or 2022-24 for several years "
            "pooled.",
        ),
        (
            "2000-20",
            "calendar_year",
            "“2000-20” is not a calendar year. Write it like 2024, or 2022-24 for several years "
            "pooled.",
        ),
        (
            "2023/24",
            "calendar_year",
            "“2023/24” is not a calendar year. Write it like 2024, or 2022-24 for several years "
            "pooled.",
        ),
        (
            "2016",
            "rolling_years",
            "“2016” is not a span of years. Write it like 2022-24 (calendar years) or "
            "2021/22-23/24 (financial years).",
        ),
        (
            "Q5 2024",
            "quarter",
            "“Q5 2024” is not a quarter. Write it like Q1 2024/25 (April to June 2024) or "
            "Q1 2024 (January to March 2024).",
        ),
        (
            "Q1 2024/26",
            "quarter",
            "“Q1 2024/26” is not a quarter. Write it like Q1 2024/25 (April to June 2024) or "
            "Q1 2024 (January to March 2024).",
        ),
        (
            "Smarch 2024",
            "month",
            "“Smarch 2024” is not a month. Write it like April 2024, Apr 2024 or 2024-04.",
        ),
        (
            "2024-13",
            "month",
            "“2024-13” is not a month. Write it like April 2024, Apr 2024 or 2024-04.",
        ),
        (
            "31/02/2024",
            "snapshot",
            "“31/02/2024” is not a date. Write it like 31 March 2024, 2024-03-31 or 31/03/2024.",
        ),
    ],
)
def test_bad_labels_say_how_to_write_them(label, period_type, message):
    with pytest.raises(PeriodLabelError) as caught:
        parse_period(label, period_type)
    assert str(caught.value) == message


def test_unknown_period_type_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown period type"):
        parse_period("2024", "fortnight")
