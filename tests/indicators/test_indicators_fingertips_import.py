"""The Fingertips importer: the real export of indicator 90284 in the open-data pack, checked by
hand for one area, and small hand-written exports for every rule and every kind of bad row."""

from __future__ import annotations

import csv
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnership.areas.models import Area
from partnership.indicators.importers import ImportFileError, detect_format, import_file
from partnership.indicators.importers.fingertips import (
    OPENDATA_FILE,
    breakdown_label,
    comparison_vote,
    decide_polarity,
    fingertips_opendata_load,
    guess_period_type,
    guess_value_type_from_name,
    opendata_path,
    trend_vote,
)
from partnership.indicators.models import (
    ImportBatch,
    ImportStatus,
    Indicator,
    Period,
    Polarity,
    Value,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

HEADER = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]
NAME = "Hospital admissions caused by injuries in children (aged 0 to 14 years)"
STOCKTON = "E06000004"
ENGLAND = "E92000001"
NORTH_EAST = "E12000001"
COUNTY_DECILES = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"


def row(**cells: str) -> dict[str, str]:
    """A Fingertips row for Stockton, persons under 15, 2023/24: a crude rate per 10,000 (value
    = count / denominator x 10,000, as in the real export)."""
    base = {
        "Indicator ID": "90284",
        "Indicator Name": NAME,
        "Parent Code": ENGLAND,
        "Parent Name": "England",
        "Area Code": STOCKTON,
        "Area Name": "Stockton-on-Tees",
        "Area Type": "Counties & UAs (from Apr 2023)",
        "Sex": "Persons",
        "Age": "<15 yrs",
        "Time period": "2023/24",
        "Value": "80",
        "Lower CI 95.0 limit": "70.5",
        "Upper CI 95.0 limit": "89.2",
        "Lower CI 99.8 limit": "65.8",
        "Upper CI 99.8 limit": "95.0",
        "Count": "288",
        "Denominator": "36000",
        "Compared to England value or percentiles": "Similar",
        "Compared to percentiles": "Not compared",
        "Time period Sortable": "20230000",
        "Time period range": "1y",
    }
    base.update(cells)
    return base


def england(**cells: str) -> dict[str, str]:
    return row(
        **{
            "Parent Code": "",
            "Parent Name": "",
            "Area Code": ENGLAND,
            "Area Name": "England",
            "Area Type": "England",
            "Value": "70",
            "Count": "70000",
            "Denominator": "10000000",
            "Compared to England value or percentiles": "Not compared",
            **cells,
        }
    )


def good_rows() -> list[dict[str, str]]:
    """England, the North East and Stockton for two years; Stockton is above England and worse
    (lower is better); Stockton's boys and girls; England's most deprived decile; a value
    Fingertips did not present, with its note."""
    return [
        england(),
        england(**{"Time period": "2022/23", "Value": "60", "Count": "60000"}),
        row(
            **{
                "Area Code": NORTH_EAST,
                "Area Name": "North East region (statistical)",
                "Area Type": "Regions (statistical)",
                "Value": "90",
                "Count": "9000",
                "Denominator": "1000000",
                "Compared to England value or percentiles": "Worse",
            }
        ),
        row(**{"Compared to England value or percentiles": "Worse"}),
        row(**{"Time period": "2022/23", "Value": "75", "Count": "270"}),
        row(**{"Sex": "Male", "Value": "100", "Count": "180", "Denominator": "18000"}),
        row(**{"Sex": "Female", "Value": "60", "Count": "108", "Denominator": "18000"}),
        england(
            **{
                "Category Type": COUNTY_DECILES,
                "Category": "Most deprived decile (IMD2019)",
                "Value": "90",
                "Count": "9000",
                "Denominator": "1000000",
                "Compared to England value or percentiles": "Worse",
            }
        ),
        row(
            **{
                "Area Code": "E06000001",
                "Area Name": "Hartlepool",
                "Value": "",
                "Lower CI 95.0 limit": "",
                "Upper CI 95.0 limit": "",
                "Lower CI 99.8 limit": "",
                "Upper CI 99.8 limit": "",
                "Count": "",
                "Denominator": "",
                "Value note": "Not presented due to a trust not submitting data",
                "Compared to England value or percentiles": "Not compared",
            }
        ),
    ]


@pytest.fixture
def write_export(tmp_path: Path):
    def write(
        rows: list[dict[str, str]],
        header: list[str] = HEADER,
        name: str = "fingertips.csv",
        keys: list[str] | None = None,
    ) -> Path:
        """``keys``: which of a row's cells go under each column (default: the header's)."""
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for cells in rows:
                writer.writerow([cells.get(column, "") for column in keys or header])
        return path

    return write


def errors_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        import_file(path=path, **kwargs)
    return [str(error) for error in caught.value.report.errors]


def current(area: str, breakdown: str = "", label: str = "2023/24") -> Value:
    return Value.objects.get(
        indicator__fingertips_id=90284,
        area__code=area,
        period__label=label,
        breakdown=breakdown,
        is_current=True,
    )


# The real export ----------------------------------------------------------------------------------


def test_the_bundled_file_is_the_shared_export():
    shared = SHARED / "data" / "fingertips" / OPENDATA_FILE
    assert opendata_path().read_bytes() == shared.read_bytes()


def test_the_real_export_imports_with_no_errors_and_again_changes_nothing(db):
    report = fingertips_opendata_load()
    # 7,208 rows: England's 703 rows come twice (once as an area, once as the others' parent),
    # with the same figures, so the repeats are left out with a warning.
    assert report.counts() == {
        "rows": 7208,
        "new": 6505,
        "changed": 0,
        "unchanged": 0,
        "rejected": 0,
        "skipped": 703,
        "errors": 0,
        "warnings": 703,
        "indicators_new": 1,
        "indicators_changed": 0,
        "indicators_unchanged": 0,
        "periods_new": 14,
    }
    assert str(report.warnings[0]) == (
        "Row 20: This row repeats row 2 (England, 2010/11) with the same figures, so it is left "
        "out."
    )

    indicator = Indicator.objects.get(fingertips_id=90284, partnership__isnull=True)
    assert (indicator.code, indicator.source) == ("fingertips-90284", "OHID Fingertips")
    assert indicator.name == (
        "Hospital admissions caused by unintentional and deliberate injuries in children (aged 0 "
        "to 14 years)"
    )
    # Value = Count / Denominator x 10,000 on every row: a crude rate per 10,000.
    assert (indicator.value_type, indicator.multiplier, indicator.unit) == (
        "rate",
        10000,
        "per 10,000",
    )
    # Areas above England are "Worse", below "Better"; trends "Increasing and getting worse".
    assert indicator.polarity == Polarity.LOW
    assert indicator.period_type == "financial_year"
    first = Period.objects.get(period_type="financial_year", label="2010/11")
    assert (first.start_date.isoformat(), first.end_date.isoformat()) == (
        "2010-04-01",
        "2011-03-31",
    )

    # Stockton-on-Tees, 2023/24, by hand from the file (row 7060): 290 / 36,254 x 10,000.
    stockton = current(STOCKTON)
    assert stockton.value == pytest.approx(79.99117)
    assert stockton.value == pytest.approx(290 / 36254 * 10000, rel=1e-6)
    assert (stockton.numerator, stockton.denominator) == (290, 36254)
    assert (stockton.lower95, stockton.upper95) == (70.52858, 89.1645)
    assert (stockton.lower998, stockton.upper998) == (65.75325, 94.99824)
    assert (stockton.missing_reason, stockton.note) == ("", "")
    assert current(STOCKTON, "sex=Female").numerator == 135

    england_boys = current(ENGLAND, "sex=Male")
    assert (england_boys.value, england_boys.numerator) == (78.18825, 39788)
    girls_most_deprived = current(
        ENGLAND,
        "sex=Female; County & UA deprivation deciles (IMD2019, 4/23)=Most deprived decile",
    )
    assert girls_most_deprived.value == 74.25752
    assert girls_most_deprived.note.startswith("Should be treated with caution")

    cornwall = current("E06000052")
    assert cornwall.note == "Value for Cornwall and Isles of Scilly combined"
    scilly = current("E06000053", label="2010/11")
    assert (scilly.value, scilly.missing_reason) == (None, "x")
    assert scilly.note == "Value for Cornwall and Isles of Scilly combined"

    breakdowns = Counter(
        Value.objects.filter(indicator=indicator).values_list("breakdown", flat=True)
    )
    # The main series, boys, girls, and deprivation deciles by sex, of two area groupings in
    # four geographies.
    assert len(breakdowns) == 82
    assert breakdowns[""] == 2144  # persons, no category: 153 authorities and England, by year
    assert all(len(b) <= 100 for b in breakdowns)

    again = fingertips_opendata_load()
    assert (again.new, again.changed, again.unchanged, again.skipped) == (0, 0, 6505, 703)
    assert (again.indicators_new, again.indicators_changed, again.indicators_unchanged) == (0, 0, 1)
    assert Value.objects.filter(indicator=indicator).count() == 6505


# Small exports: what each column becomes ------------------------------------------------------


def test_a_good_export_creates_the_indicator_values_and_breakdowns(db, write_export):
    path = write_export(good_rows())
    assert detect_format(HEADER) == "fingertips"
    report = import_file(path=path)
    assert report.format == "fingertips"
    assert (report.rows, report.new, report.skipped, report.error_count) == (9, 9, 0, 0)
    assert (report.indicators_new, report.periods_new) == (1, 2)

    indicator = Indicator.objects.get(fingertips_id=90284)
    assert indicator.name == NAME
    assert (indicator.value_type, indicator.multiplier, indicator.polarity) == (
        "rate",
        10000,
        Polarity.LOW,
    )
    stockton = current(STOCKTON)
    assert (stockton.value, stockton.numerator, stockton.denominator) == (80, 288, 36000)
    assert (stockton.lower95, stockton.upper95, stockton.lower998, stockton.upper998) == (
        70.5,
        89.2,
        65.8,
        95.0,
    )
    assert current(STOCKTON, "sex=Male").value == 100
    assert current(STOCKTON, "sex=Female").value == 60
    deciles = current(
        ENGLAND, "County & UA deprivation deciles (IMD2019, 4/23)=Most deprived decile"
    )
    assert deciles.value == 90
    hartlepool = current("E06000001")
    assert (hartlepool.value, hartlepool.missing_reason, hartlepool.numerator) == (None, "x", None)
    assert hartlepool.note == "Not presented due to a trust not submitting data"
    assert current(NORTH_EAST).value == 90


def test_importing_the_same_export_twice_changes_nothing(db, write_export):
    path = write_export(good_rows())
    import_file(path=path)
    again = import_file(path=path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 9)
    assert (again.indicators_new, again.indicators_changed, again.indicators_unchanged) == (0, 0, 1)
    assert Value.objects.count() == 9


def test_a_corrected_value_supersedes_the_old_one(db, write_export):
    import_file(path=write_export(good_rows()))
    rows = good_rows()
    rows[3]["Value"] = "81"
    report = import_file(path=write_export(rows, name="corrected.csv"))
    assert (report.new, report.changed, report.unchanged) == (0, 1, 8)
    old = Value.objects.get(area__code=STOCKTON, breakdown="", period__label="2023/24", value=80)
    assert not old.is_current and old.superseded_by == current(STOCKTON)


def test_the_catalogue_entry_with_the_fingertips_id_is_used_and_left_as_it_is(db, write_export):
    existing = Indicator.objects.create(
        code="injuries-0-14",
        name="Injuries in children (our name)",
        fingertips_id=90284,
        polarity=Polarity.NONE,
        value_type="rate",
        multiplier=10000,
    )
    report = import_file(path=write_export(good_rows()))
    assert (report.indicators_new, report.indicators_unchanged) == (0, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.polarity) == ("Injuries in children (our name)", "none")
    assert Value.objects.filter(indicator=existing).count() == 9


def test_the_fingertipsr_column_spelling_reads_too(db, write_export):
    spelled = [name.replace(" ", "") for name in HEADER]
    assert spelled[13] == "LowerCI95.0limit"
    report = import_file(path=write_export(good_rows(), header=spelled, keys=HEADER))
    assert (report.format, report.new) == ("fingertips", 9)
    assert current(STOCKTON).lower95 == 70.5


def test_an_export_without_the_optional_columns_reads(db, write_export):
    short = HEADER[:13]  # up to Value: no limits, counts, note, comparisons or range
    report = import_file(path=write_export(good_rows()[:2], header=short))
    assert report.new == 2
    value = current(ENGLAND)
    assert (value.value, value.numerator, value.lower95) == (70, None, None)
    # No counts to read a rate off, and a name that does not say: no guess.
    indicator = Indicator.objects.get(fingertips_id=90284)
    assert (indicator.value_type, indicator.multiplier, indicator.polarity) == ("other", 1, "none")


# Polarity -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "value", "england_value", "vote"),
    [
        ("Better", 90.0, 70.0, Polarity.HIGH),
        ("Worse", 90.0, 70.0, Polarity.LOW),
        ("Better", 50.0, 70.0, Polarity.LOW),
        ("Worse", 50.0, 70.0, Polarity.HIGH),
        ("Higher", 90.0, 70.0, Polarity.NONE),
        ("Lower", 50.0, 70.0, Polarity.NONE),
        ("Similar", 90.0, 70.0, None),
        ("Not compared", 90.0, 70.0, None),
        ("Better", 70.0, 70.0, None),
        ("Better", 90.0, None, None),
        ("Worse", None, 70.0, None),
    ],
)
def test_what_compared_to_england_says_about_polarity(comparison, value, england_value, vote):
    assert comparison_vote(comparison, value, england_value) == vote


@pytest.mark.parametrize(
    ("trend", "vote"),
    [
        ("Increasing and getting worse", Polarity.LOW),
        ("Decreasing and getting better", Polarity.LOW),
        ("Increasing and getting better", Polarity.HIGH),
        ("Decreasing and getting worse", Polarity.HIGH),
        ("Increasing", Polarity.NONE),
        ("No significant change", None),
        ("Cannot be calculated", None),
        ("", None),
    ],
)
def test_what_the_recent_trend_says_about_polarity(trend, vote):
    assert trend_vote(trend) == vote


def test_polarity_needs_every_comparison_to_agree():
    assert decide_polarity(Counter({Polarity.HIGH: 40})) == Polarity.HIGH
    assert decide_polarity(Counter({Polarity.NONE: 3})) == Polarity.NONE
    assert decide_polarity(Counter({Polarity.HIGH: 40, Polarity.LOW: 1})) is None
    assert decide_polarity(Counter()) is None


def test_higher_is_better_deduced_from_an_area_better_than_england(db, write_export):
    rows = [england(), row(**{"Compared to England value or percentiles": "Better"})]
    import_file(path=write_export(rows))
    assert Indicator.objects.get(fingertips_id=90284).polarity == Polarity.HIGH


def test_no_judgement_where_fingertips_says_higher_or_lower(db, write_export):
    rows = [england(), row(**{"Compared to England value or percentiles": "Higher"})]
    import_file(path=write_export(rows))
    assert Indicator.objects.get(fingertips_id=90284).polarity == Polarity.NONE


def test_no_polarity_is_invented_when_the_comparisons_disagree(db, write_export):
    rows = [
        england(),
        row(**{"Compared to England value or percentiles": "Worse"}),
        row(**{"Time period": "2022/23", "Compared to England value or percentiles": "Better"}),
        england(**{"Time period": "2022/23"}),
    ]
    import_file(path=write_export(rows))
    # Stockton is above England both years, once worse and once better: no deduction, so the new
    # entry keeps the catalogue's default, no judgement.
    assert Indicator.objects.get(fingertips_id=90284).polarity == Polarity.NONE


# Value types, periods and breakdowns --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "guess"),
    [
        ("Under 18s conception rate per 1,000", ("rate", 1000, "per 1,000")),
        ("Admissions per 10,000 population", ("rate", 10000, "per 10,000")),
        ("Directly standardised rate per 100,000", ("dsr", 100000, "per 100,000")),
        ("Mortality rate (DSR)", ("dsr", 100000, "per 100,000")),
        ("Percentage of children with excess weight", ("percentage", 100, "%")),
        ("Hospital admissions caused by injuries in children", None),
    ],
)
def test_value_type_guessed_from_the_name_only_where_it_is_clear(name, guess):
    assert guess_value_type_from_name(name) == guess


def test_a_percentage_read_off_counts_and_denominators(db, write_export):
    rows = [
        england(**{"Value": "70", "Count": "7000", "Denominator": "10000"}),
        row(**{"Value": "25", "Count": "25", "Denominator": "100"}),
    ]
    import_file(path=write_export(rows))
    indicator = Indicator.objects.get(fingertips_id=90284)
    assert (indicator.value_type, indicator.multiplier, indicator.unit) == ("percentage", 100, "%")


def test_values_that_are_not_count_over_denominator_make_no_guess(db, write_export):
    rows = [england(**{"Value": "70.3"}), row(**{"Value": "12.5"})]
    import_file(path=write_export(rows))
    indicator = Indicator.objects.get(fingertips_id=90284)
    assert (indicator.value_type, indicator.multiplier, indicator.unit) == ("other", 1, "")


@pytest.mark.parametrize(
    ("label", "period_range", "period_type"),
    [
        ("2010/11", "1y", "financial_year"),
        ("2019", "1y", "calendar_year"),
        ("2017/18 - 19/20", "3y", "rolling_years"),
        ("2018 - 20", "3y", "rolling_years"),
        ("2015 - 19", "5y", "rolling_years"),
        ("2019/20 Q1", "1q", "quarter"),
        ("April 2020", "1m", "month"),
        ("2019/20", "", "financial_year"),
        ("2018 - 20", "", "rolling_years"),
        ("2019/20", "3y", None),
        ("Spring", "1y", None),
    ],
)
def test_a_new_indicators_period_type(label, period_range, period_type):
    assert guess_period_type(label, period_range) == period_type


def test_pooled_years_are_stored_as_pooled_periods(db, write_export):
    rows = [
        england(**{"Time period": "2017/18 - 19/20", "Time period range": "3y"}),
        row(**{"Time period": "2020/21 - 22/23", "Time period range": "3y"}),
        england(
            **{
                "Indicator ID": "93000",
                "Indicator Name": "A calendar measure",
                "Time period": "2018 - 20",
                "Time period range": "3y",
            }
        ),
    ]
    report = import_file(path=write_export(rows))
    assert report.new == 3
    assert Indicator.objects.get(fingertips_id=90284).period_type == "rolling_years"
    labels = set(Period.objects.filter(period_type="rolling_years").values_list("label", flat=True))
    assert {"2017/18-19/20", "2020/21-22/23", "2018-20"} <= labels
    pooled = Period.objects.get(period_type="rolling_years", label="2017/18-19/20")
    assert (pooled.start_date.isoformat(), pooled.end_date.isoformat()) == (
        "2017-04-01",
        "2020-03-31",
    )


def test_an_export_of_several_indicators(db, write_export):
    other = {"Indicator ID": "90813", "Indicator Name": "Self-harm admissions per 100,000"}
    rows = [*good_rows(), england(**other), row(**other)]
    report = import_file(path=write_export(rows))
    assert (report.indicators_new, report.new) == (2, 11)
    self_harm = Indicator.objects.get(fingertips_id=90813)
    assert (self_harm.code, self_harm.value_type) == ("fingertips-90813", "rate")


def test_the_main_sex_is_the_only_one_given(db, write_export):
    rows = [
        england(**{"Sex": "Female"}),
        row(**{"Sex": "Female"}),
        row(**{"Sex": "Female", "Age": "15-17 yrs"}),
    ]
    import_file(path=write_export(rows))
    assert current(STOCKTON).value == 80
    assert Value.objects.filter(breakdown="age=15-17 yrs").count() == 1


def test_breakdown_labels():
    main = ("Persons", "<15 yrs")
    assert breakdown_label("Persons", "<15 yrs", "", "", main) == ""
    assert breakdown_label("Male", "<15 yrs", "", "", main) == "sex=Male"
    assert breakdown_label("Persons", "0-4 yrs", "", "", main) == "age=0-4 yrs"
    assert (
        breakdown_label(
            "Persons",
            "<15 yrs",
            "District & UA deprivation deciles in England (IMD2019, 4/20 geog.)",
            "Most deprived decile (IMD2019)",
            main,
        )
        == "District & UA deprivation deciles (IMD2019, 4/20)=Most deprived decile"
    )
    assert breakdown_label("Persons", "<15 yrs", "Ethnic groups", "White British", main) == (
        "Ethnic groups=White British"
    )
    long_type = "A very long category type " * 5
    one = breakdown_label("Male", "<15 yrs", long_type, "First category", main)
    two = breakdown_label("Male", "<15 yrs", long_type, "Second category", main)
    assert len(one) == len(two) == 100
    assert one != two
    assert one.startswith("sex=Male; A very long category type")


# Bad rows: each with its message ------------------------------------------------------------------

HINT = "Use a number, or one of the missing-value codes c, x, z, low, u, -."


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"Area Code": "E06000999", "Area Name": "Nowhere"},
            "Row 3, column Area Code: No local authority has the ONS code “E06000999” (Nowhere). "
            "The product holds England (E92000001), the regions (E12), Inner and Outer London "
            "(E13) and every upper-tier local authority (E06, E08, E09, E10), current and "
            "abolished: check the code.",
        ),
        (
            {"Area Code": ""},
            "Row 3, column Area Code: The area code is empty. Give the area's ONS code, such as "
            "E06000004.",
        ),
        (
            {"Time period": "2023/25"},
            "Row 3, column Time period: “2023/25” is not a financial year. Write it like 2023/24, "
            "2023-24, 202324 or 2024 (the year ending 31 March 2024).",
        ),
        (
            {"Time period range": "3y"},
            "Row 3, column Time period: “2023/24” covers 1 year but the Time period range says "
            "3y. Check the period; for an indicator already in the catalogue, check its period "
            "type.",
        ),
        ({"Value": "abc"}, f"Row 3, column Value: “abc” is not a number. {HINT}"),
        (
            {"Value": "1,234.5"},
            "Row 3, column Value: “1,234.5” is not a number: remove the commas between thousands.",
        ),
        (
            {"Count": "12a"},
            "Row 3, column Count: “12a” is not a number. Leave the cell empty if it is not known.",
        ),
        (
            {"Denominator": "0"},
            "Row 3, column Denominator: The denominator is 0: nothing can be worked out from it. "
            "Leave it empty if it is not known.",
        ),
        (
            {"Count": "-5"},
            "Row 3, column Count: “-5” is negative; a count cannot be below zero.",
        ),
        (
            {"Lower CI 95.0 limit": "95", "Upper CI 95.0 limit": "70"},
            "Row 3, column Lower CI 95.0 limit: The lower limit (95) is above the upper limit "
            "(70). Check that the two columns are not swapped.",
        ),
        (
            {"Indicator Name": "Another name"},
            f"Row 3, column Indicator Name: “Another name” differs from “{NAME}” given for "
            "indicator 90284 on row 2. An indicator's name must be the same on every row.",
        ),
        (
            {"Value": "81"},
            "Row 3: This row repeats row 2 (Stockton-on-Tees, 2023/24) with different figures. "
            "Keep one of them.",
        ),
    ],
)
def test_each_bad_row_is_reported_with_its_row_column_and_fix(db, write_export, cells, message):
    rows = [row(), row(**cells)]
    assert errors_of(write_export(rows)) == [message]
    assert not Value.objects.exists()
    assert not Indicator.objects.filter(fingertips_id=90284).exists()


def test_a_bad_indicator_id(db, write_export):
    rows = [row(**{"Indicator ID": "abc"}), row(**{"Indicator ID": "abc", "Sex": "Male"})]
    assert errors_of(write_export(rows)) == [
        "Row 2, column Indicator ID: “abc” is not a Fingertips indicator ID: give the whole "
        "number Fingertips shows, such as 90284.",
        "Row 3, column Indicator ID: Indicator abc cannot be imported: see row 2.",
    ]


def test_a_count_above_its_denominator_is_an_error_for_a_percentage(db, write_export):
    Indicator.objects.create(
        code="good-level",
        name="Good level of development",
        fingertips_id=90284,
        value_type="percentage",
        multiplier=100,
    )
    rows = [row(**{"Count": "120", "Denominator": "100", "Value": "120"})]
    assert errors_of(write_export(rows)) == [
        "Row 2, column Count: The count (120) is larger than the denominator (100), which cannot "
        "be for a proportion. Check that the two columns are not swapped."
    ]


def test_a_period_of_the_wrong_kind_for_the_catalogue_entry(db, write_export):
    Indicator.objects.create(
        code="injuries", name="Injuries", fingertips_id=90284, period_type="calendar_year"
    )
    assert errors_of(write_export([row()])) == [
        "Row 2, column Time period: “2023/24” is not a calendar year. Write it like 2024, or "
        "2022-24 for several years pooled."
    ]


def test_a_code_taken_by_another_indicator(db, write_export):
    Indicator.objects.create(code="fingertips-90284", name="Something else")
    assert errors_of(write_export([row()])) == [
        "Row 2, column Indicator ID: The catalogue already has an indicator with the code "
        "“fingertips-90284” but not Fingertips ID 90284. Give that indicator the Fingertips ID, "
        "or change its code, before importing."
    ]


def test_a_missing_column(db, write_export):
    header = [name for name in HEADER if name != "Time period"]
    path = write_export([row()], header=header)
    # Without Time period the header is not Fingertips' at all, so say so when asked for it.
    assert errors_of(path, format="fingertips")[0].startswith(
        "Row 1: The file has no column “Time period”. A Fingertips export has the columns "
        "Indicator ID, Indicator Name, Area Code, Sex, Age, Time period, Value, and usually "
    )


def test_a_short_row(db, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(",".join(HEADER) + "\n90284,Name,,,E06000004\n", encoding="utf-8")
    assert errors_of(path) == [
        "Row 2: The row has 5 cells but the header has 27. Check for a missing or extra comma, "
        "or text with a comma that is not in quotes."
    ]


def test_one_bad_row_imports_nothing(db, write_export):
    rows = [*good_rows(), row(**{"Sex": "Male", "Value": "n/a"})]
    with pytest.raises(ImportFileError) as caught:
        import_file(path=write_export(rows))
    report = caught.value.report
    assert (report.rows, report.rejected, report.error_count) == (10, 1, 1)
    assert not Value.objects.exists() and not Indicator.objects.filter(fingertips_id=90284)
    assert ImportBatch.objects.get().status == ImportStatus.REJECTED


# Areas the product does not hold ------------------------------------------------------------------


def test_areas_of_kinds_the_product_does_not_hold_are_left_out_with_a_warning(db, write_export):
    assert not Area.objects.filter(level="district").exists()  # the demo loads no districts
    rows = [
        *good_rows(),
        row(**{"Area Code": "E54000050", "Area Name": "NHS North East", "Area Type": "ICBs"}),
        row(**{"Area Code": "A81001", "Area Name": "The Densham Surgery", "Area Type": "GPs"}),
        row(**{"Area Code": "E07000026", "Area Name": "Allerdale", "Area Type": "Districts"}),
    ]
    report = import_file(path=write_export(rows))
    assert (report.rows, report.new, report.skipped, report.error_count) == (12, 9, 3, 0)
    assert [str(w) for w in report.warnings] == [
        "Row 11, column Area Code: ICBs “E54000050” (NHS North East) is not a kind of area this "
        "product holds (England, regions, local authorities, districts, wards and LSOAs), so the "
        "row is left out.",
        "Row 12, column Area Code: GPs “A81001” (The Densham Surgery) is not a kind of area this "
        "product holds (England, regions, local authorities, districts, wards and LSOAs), so the "
        "row is left out.",
        "Row 13, column Area Code: No district has the ONS code “E07000026” (Allerdale): the "
        "product holds the districts of April 2023 (none are loaded: run partnership opendata), "
        "so the row is left out.",
    ]


def test_a_district_the_product_holds_is_imported(db, write_export):
    county = Area.objects.get(code="E10000012")  # Essex
    Area.objects.create(code="E07000066", name="Basildon", level="district", parent=county)
    rows = [row(**{"Area Code": "E07000066", "Area Name": "Basildon"})]
    report = import_file(path=write_export(rows))
    assert (report.new, report.skipped) == (1, 0)


def test_an_identical_repeat_is_left_out(db, write_export):
    rows = [
        england(),
        england(**{"Parent Code": ENGLAND, "Compared to England value or percentiles": "Similar"}),
    ]
    report = import_file(path=write_export(rows))
    assert (report.new, report.skipped) == (1, 1)
    assert [str(w) for w in report.warnings] == [
        "Row 3: This row repeats row 2 (England, 2023/24) with the same figures, so it is left out."
    ]


# Notes --------------------------------------------------------------------------------------------


def test_a_long_note_is_kept_to_the_500_characters_a_value_holds(db, write_export):
    rows = [row(**{"Value note": "Note. " * 100})]
    import_file(path=write_export(rows))
    note = current(STOCKTON).note
    assert len(note) == 500 and note.endswith("…") and note.startswith("Note. Note.")


# The command line ---------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_import_command_reads_a_fingertips_export(db, write_export):
    path = str(write_export(good_rows()))
    assert run("import", path, "--format", "fingertips", "--dry-run").startswith(
        "Checked fingertips.csv (OHID Fingertips export): 9 rows.\n"
        "Dry run: nothing was written. Without --dry-run the import would change:\n"
        "  Values: 9 new, 0 changed, 0 unchanged, 0 left out.\n"
        "  Indicators: 1 new, 0 changed, 0 unchanged. Periods: 2 new.\n"
    )
    assert not Value.objects.exists()
    assert run("import", path) == (
        "Imported fingertips.csv (OHID Fingertips export): 9 rows.\n"
        "  Values: 9 new, 0 changed, 0 unchanged, 0 left out.\n"
        "  Indicators: 1 new, 0 changed, 0 unchanged. Periods: 2 new.\n"
    )
    assert run("import", path).endswith(
        "Nothing changed: everything in the file was already imported.\n"
    )


def test_the_import_command_lists_the_problems(db, write_export):
    path = str(write_export([row(), row(**{"Value": "abc"})]))
    with pytest.raises(CommandError) as caught:
        run("import", path)
    assert str(caught.value).splitlines() == [
        "fingertips.csv has 1 problem in 1 row; nothing was imported.",
        f"  Row 3, column Value: “abc” is not a number. {HINT}",
    ]
