"""DfE tidy (EES) files through column mappings: the mapping's checks, every kind of bad row
with its message, all-or-nothing, idempotent re-import, remembered mappings, left-out rows, the
command line and the open-data pack."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from partnership.areas.models import Area
from partnership.indicators import periods
from partnership.indicators.importers import (
    ImportFileError,
    ImportOptions,
    detect_format,
    import_file,
)
from partnership.indicators.importers.ees import (
    NO_MAPPING,
    EesPeriodError,
    describe_columns,
    ees_period,
    matches,
    signature,
    validate_spec,
)
from partnership.indicators.mappings import (
    OPEN_DATA_FILES,
    MappingFileError,
    ees_opendata_load,
    mapping_for,
    mapping_load_file,
    mapping_problems,
    mapping_save,
)
from partnership.indicators.models import (
    ColumnMapping,
    ImportBatch,
    ImportStatus,
    Indicator,
    Period,
    Value,
)
from partnership.web.models import Partnership

HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "population_type",
    "population_estimate",
    "children_count",
    "rate_per_10000",
]
CLA = "Children looked after on 31 March each year"
STARTED = "Children starting to be looked after each year"


def row(
    new: str = "E06000004",
    *,
    old: str = "808",
    level: str = "Local authority",
    region: str = "E12000001",
    country: str = "E92000001",
    period: str = "2025",
    identifier: str = "Reporting year",
    population_type: str = CLA,
    population: str = "45079",
    count: str = "564",
    rate: str = "125",
) -> list[str]:
    return [
        period,
        identifier,
        level,
        country,
        "England",
        region,
        "",
        old,
        new,
        "",
        population_type,
        population,
        count,
        rate,
    ]


def england(**kwargs: Any) -> list[str]:
    return row("", old="", level="National", region="", **kwargs)


def region(code: str, **kwargs: Any) -> list[str]:
    return row("", old="", level="Regional", region=code, **kwargs)


DEFINITION = {
    "code": "cla-test-rate",
    "name": "Children looked after at 31 March: rate per 10,000 children (with counts)",
    "value_type": "rate",
    "multiplier": 10000,
    "polarity": "none",
    "unit": "Rate per 10,000 children",
    "decimal_places": 0,
    "source": "DfE",
}


def cla_spec(**measure: Any) -> dict[str, Any]:
    return {
        "name": "Children looked after",
        "measures": [
            {
                "indicator": dict(DEFINITION),
                "value": "rate_per_10000",
                "numerator": "children_count",
                "denominator": "population_estimate",
                "filters": {"population_type": CLA},
                **measure,
            }
        ],
    }


# England, the North East, Inner London, Stockton (by ONS code), Trafford (by DfE number only)
# and a value DfE suppressed.
GOOD_ROWS = [
    england(population="12183016", count="81770", rate="67"),
    region("E12000001", population="542710", count="6060", rate="112"),
    region("E13000001", population="600000", count="3000", rate="50"),
    row(),
    row("", old="358", population="52000", count="c", rate="c"),
    row(population_type=STARTED, count="161", rate="36"),
]


@pytest.fixture
def write_ees(tmp_path: Path):
    def write(rows: list[list[str]], header: list[str] = HEADER, name: str = "cla.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


def ees_import(path: Path, spec: dict[str, Any] | None = None, **kwargs: Any):
    partnership = kwargs.pop("partnership", None)
    options = ImportOptions(mapping=spec, partnership=partnership)
    return import_file(path=path, format=kwargs.pop("format", "ees"), options=options, **kwargs)


def errors_of(path: Path, spec: dict[str, Any] | None = None, **kwargs: Any) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        ees_import(path, spec, **kwargs)
    return [str(error) for error in caught.value.report.errors]


def stockton() -> Area:
    return Area.objects.get(code="E06000004")


# Recognising a file and its shape ----------------------------------------------------------------


def test_a_tidy_file_is_recognised_by_its_columns_and_lait_is_not(write_ees):
    assert matches(HEADER)
    assert matches([name.upper() for name in HEADER])
    assert not matches(["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"])
    assert detect_format(HEADER) == "ees"


def test_the_signature_ignores_order_case_and_spaces_but_not_the_columns():
    shuffled = [f" {name.upper()} " for name in reversed(HEADER)]
    assert signature(shuffled) == signature(HEADER)
    assert len(signature(HEADER)) == 64
    assert signature([*HEADER, "extra"]) != signature(HEADER)


# The mapping's own checks ---------------------------------------------------------------------


def with_definition(**changes: Any) -> dict[str, Any]:
    spec = cla_spec()
    definition = spec["measures"][0]["indicator"]
    for key, value in changes.items():
        if value is None:
            definition.pop(key)
        else:
            definition[key] = value
    return spec


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        (
            ["a list"],
            "The mapping must be a set of named settings (name, period, exclude and measures), "
            "not a list or a single value.",
        ),
        (
            {**cla_spec(), "colour": "red"},
            "The mapping has “colour”, which it does not use. Its settings are name, period, "
            "exclude, measures.",
        ),
        (
            {"name": "Empty", "measures": []},
            "The mapping has no measures. Give a list under “measures”, each with at least an "
            "indicator and a value column.",
        ),
        (
            cla_spec(value="rate_per_1000"),
            "Measure 1: the value column “rate_per_1000” is not a column of the file. Did you "
            "mean “rate_per_10000”?",
        ),
        (
            cla_spec(value=None),
            "Measure 1 has no value column. Say which column holds the value.",
        ),
        (
            cla_spec(numerator="new_la_code"),
            "Measure 1: “new_la_code” says which period or area a row is for, so it cannot be "
            "the numerator. Choose a column of figures.",
        ),
        (
            cla_spec(denominator="rate_per_10000"),
            "Measure 1: “rate_per_10000” is both the value and the denominator. Each needs a "
            "column of its own.",
        ),
        (
            cla_spec(filters={"population": CLA}),
            "Measure 1: the filter column “population” is not a column of the file. Did you "
            "mean “population_type”?",
        ),
        (
            cla_spec(breakdowns=["population_type"]),
            "Measure 1: “population_type” is both a filter and a breakdown. A filter keeps one "
            "value's rows; a breakdown keeps each value apart. Choose one.",
        ),
        (
            {**cla_spec(), "period": {"time_period": "year"}},
            "The time_period column “year” is not a column of the file.",
        ),
        (
            {**cla_spec(), "exclude": {"la_name": []}},
            "“exclude”: give la_name a value, or a list of values, whose rows are left out.",
        ),
        (
            with_definition(code="CLA Rate"),
            "Measure 1: the code “CLA Rate” will not do. Use lower-case letters, digits and "
            "single hyphens only, for example cypp-2024-2027.",
        ),
        (
            with_definition(name=None),
            "Measure 1: the new indicator needs a name that says what it measures.",
        ),
        (
            with_definition(value_type="ratio"),
            "Measure 1: the indicator's value_type must be one of count, percentage, "
            "proportion, rate, dsr, mean, score, other, not “ratio”.",
        ),
        (
            with_definition(multiplier=None),
            "Measure 1: a rate needs its multiplier: 1000 for a rate per 1,000, 10000 per "
            "10,000 or 100000 per 100,000.",
        ),
        (
            with_definition(value_type="percentage", multiplier=1000),
            "Measure 1: a percentage's multiplier is 100.",
        ),
        (
            with_definition(polarity="good"),
            "Measure 1: the polarity must be high (higher is better), low (lower is better) or "
            "none (no judgement).",
        ),
        (
            with_definition(decimal_places=9),
            "Measure 1: decimal_places must be a whole number from 0 to 6.",
        ),
        (
            with_definition(unit="x" * 61),
            "Measure 1: the indicator's unit must be text of at most 60 characters.",
        ),
        (
            {"measures": [cla_spec()["measures"][0], cla_spec()["measures"][0]]},
            "Measure 2 defines the indicator “cla-test-rate” again (measure 1 defines it). "
            "Define it once, and give just its code in the other measures.",
        ),
    ],
)
def test_a_mapping_is_checked_against_the_file_in_plain_english(spec, problem):
    assert validate_spec(spec, HEADER) == [problem]


def test_a_good_mapping_has_no_problems():
    assert validate_spec(cla_spec(), HEADER) == []
    # Columns are found whatever their case, as the signature ignores it.
    assert validate_spec(cla_spec(value="RATE_PER_10000"), HEADER) == []


# A good file ---------------------------------------------------------------------------------


def test_a_good_file_imports_values_with_their_counts(db, write_ees):
    report = ees_import(write_ees(GOOD_ROWS), cla_spec())
    assert report.format == "ees"
    assert (report.rows, report.new, report.changed, report.unchanged) == (6, 5, 0, 0)
    assert (report.indicators_new, report.skipped, report.rejected) == (1, 0, 0)

    indicator = Indicator.objects.get(code="cla-test-rate", partnership__isnull=True)
    assert indicator.name == DEFINITION["name"]
    assert (indicator.value_type, indicator.multiplier, indicator.polarity) == (
        "rate",
        10000,
        "none",
    )
    assert (indicator.unit, indicator.decimal_places, indicator.source) == (
        "Rate per 10,000 children",
        0,
        "DfE",
    )
    # A "Reporting year" (at 31 March 2025) is LAIT's "Annual" 2025: one calendar-year period.
    assert indicator.period_type == periods.CALENDAR_YEAR
    period = Period.objects.get(period_type=periods.CALENDAR_YEAR, label="2025")

    value = Value.objects.get(indicator=indicator, area=stockton(), period=period)
    assert (value.value, value.numerator, value.denominator) == (125, 564, 45079)
    assert (value.breakdown, value.missing_reason, value.batch_id) == ("", "", report.batch_id)
    by_code = {
        v.area.code: v for v in Value.objects.filter(indicator=indicator).select_related("area")
    }
    assert set(by_code) == {"E92000001", "E12000001", "E13000001", "E06000004", "E08000009"}
    assert by_code["E92000001"].numerator == 81770
    # Trafford came by its DfE number alone; its suppressed count and rate keep their code.
    trafford = by_code["E08000009"]
    assert (trafford.value, trafford.missing_reason, trafford.numerator) == (None, "c", None)
    assert trafford.denominator == 52000


def test_importing_the_same_file_again_changes_nothing(db, write_ees):
    path = write_ees(GOOD_ROWS)
    ees_import(path, cla_spec())
    again = ees_import(path, cla_spec())
    assert (again.new, again.changed, again.unchanged) == (0, 0, 5)
    assert (again.indicators_new, again.indicators_changed, again.periods_new) == (0, 0, 0)
    assert again.indicators_unchanged == 1
    assert Value.objects.count() == 5


def test_a_corrected_file_supersedes_the_old_value(db, write_ees):
    ees_import(write_ees(GOOD_ROWS), cla_spec())
    corrected = [*GOOD_ROWS[:3], row(count="565", rate="125.3"), *GOOD_ROWS[4:]]
    report = ees_import(write_ees(corrected), cla_spec())
    assert (report.new, report.changed, report.unchanged) == (0, 1, 4)
    old, new = Value.objects.filter(area=stockton()).order_by("pk")
    assert (old.is_current, old.superseded_by_id, old.numerator) == (False, new.pk, 564)
    assert (new.is_current, new.value, new.numerator) == (True, 125.3, 565)


def test_several_measures_filters_and_breakdowns(db, write_ees):
    header = [*HEADER[:11], "sex", *HEADER[11:]]

    def with_sex(cells: list[str], sex: str) -> list[str]:
        return [*cells[:11], sex, *cells[11:]]

    rows = [
        with_sex(row(), "Total"),
        with_sex(row(count="300", rate="130"), "Male"),
        with_sex(row(population_type=STARTED, count="161", rate="36"), "Total"),
    ]
    spec = cla_spec(breakdowns=["sex"])
    spec["measures"].append(
        {
            "indicator": {**DEFINITION, "code": "cla-started", "name": "Started"},
            "value": "rate_per_10000",
            "filters": {"population_type": [STARTED, "Another type"]},
        }
    )
    report = ees_import(write_ees(rows, header=header), spec)
    assert (report.new, report.indicators_new) == (3, 2)
    assert sorted(
        Value.objects.filter(indicator__code="cla-test-rate").values_list("breakdown", "value")
    ) == [("", 125), ("sex=Male", 130)]
    started = Value.objects.get(indicator__code="cla-started")
    assert (started.value, started.numerator) == (36, None)


def test_a_code_in_the_catalogue_is_used_as_it_is(db, write_ees):
    existing = Indicator.objects.create(
        code="lac-rate",
        name="Children looked after rate per 10,000",
        period_type=periods.CALENDAR_YEAR,
        value_type="rate",
        multiplier=10000,
    )
    spec = cla_spec()
    spec["measures"][0]["indicator"] = "lac-rate"
    report = ees_import(write_ees([row()]), spec)
    assert (report.new, report.indicators_new, report.indicators_unchanged) == (1, 0, 0)
    assert Value.objects.get().indicator == existing


def test_a_zero_denominator_with_a_missing_value_keeps_the_reason_and_drops_the_counts(
    db, write_ees
):
    report = ees_import(write_ees([row(population="0", count="0", rate="z")]), cla_spec())
    assert report.new == 1
    value = Value.objects.get()
    assert (value.value, value.missing_reason, value.numerator, value.denominator) == (
        None,
        "z",
        None,
        None,
    )
    assert value.note == "population_estimate is 0: there is nothing to work the figure out from."


# Bad rows --------------------------------------------------------------------------------------

MISSING_HINT = "Use a number, or one of the missing-value codes c, x, z, low, u, -."


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            row("E06999999"),
            "Row 3, column new_la_code: No local authority has the code “E06999999”. Use the "
            "authority's ONS code (E06, E08, E09 or E10 and six digits), or leave it empty and "
            "give its DfE number in old_la_code.",
        ),
        (
            row("", old="999"),
            "Row 3, column old_la_code: No local authority has the DfE number “999”. Use the "
            "authority's 3-digit number (358 for Trafford), or its ONS code in new_la_code.",
        ),
        (
            row("", old=""),
            "Row 3, column new_la_code: The row is for a local authority but gives no code. Give "
            "its ONS code in new_la_code, or its DfE number in old_la_code.",
        ),
        (
            region("E12000099"),
            "Row 3, column region_code: A Regional row has the code “E12000099”, which is not a "
            "region. Use the region's ONS code: E12000001 to E12000009, or E13000001 and "
            "E13000002 for Inner and Outer London.",
        ),
        (
            england(country="W92000004"),
            "Row 3, column country_code: A National row has “W92000004”, which is not England. "
            "Use England's code, E92000001: figures for the other nations are not held.",
        ),
        (
            row(level=""),
            "Row 3, column geographic_level: The geographic level is empty. Use National, "
            "Regional or Local authority.",
        ),
        (
            row(period="20245"),
            "Row 3, column time_period: “20245” is not a calendar year. Write it like 2024, or "
            "2022-24 for several years pooled.",
        ),
        (
            row(identifier="Spring term", period="202425"),
            "Row 3, column time_identifier: “Spring term” periods cannot be held: this product "
            "holds Calendar year, Reporting year, Financial year, Academic year, Calendar year "
            "Q1 to Q4, Financial year Q1 to Q4, and the months January to December. Remove "
            "these rows from the file, or import a file of yearly figures.",
        ),
        (
            row(identifier="Fortnight"),
            "Row 3, column time_identifier: “Fortnight” is not an EES time identifier this "
            "product reads. Use one of Calendar year, Reporting year, Financial year, Academic "
            "year, Calendar year Q1 to Q4, Financial year Q1 to Q4, and the months January to "
            "December.",
        ),
        (
            row(identifier="Financial year", period="202425"),
            "Row 3, column time_identifier: “Financial year” gives a financial year, but the "
            "indicator “Children looked after at 31 March: rate per 10,000 children (with "
            "counts)” holds calendar years. One indicator's values must all be for the same "
            "kind of period: map these rows to another indicator.",
        ),
        (
            row(rate="n/a"),
            f"Row 3, column rate_per_10000: “n/a” is not a number. {MISSING_HINT}",
        ),
        (
            row(rate=""),
            f"Row 3, column rate_per_10000: The value is empty. {MISSING_HINT}",
        ),
        (
            row(count="1,564"),
            "Row 3, column children_count: “1,564” is not a number: remove the commas between "
            "thousands.",
        ),
        (
            row(count="-5"),
            "Row 3, column children_count: “-5” is negative; a count cannot be below zero.",
        ),
        (
            row(population="0"),
            "Row 3, column population_estimate: The denominator is 0: nothing can be worked out "
            "from it. Leave it empty if it is not known.",
        ),
        (
            row(),
            "Row 3: This row repeats row 2: both give “Children looked after at 31 March: rate "
            "per 10,000 children (with counts)” for 2025 in Stockton-on-Tees. If a column tells "
            "them apart, add it to the measure's filters or breakdowns in the column mapping; "
            "otherwise remove one row.",
        ),
        (
            row()[:5],
            "Row 3: The row has 5 cells but the header has 14. Check for a missing or extra "
            "comma, or text with a comma that is not in quotes.",
        ),
    ],
)
def test_each_bad_row_is_named_with_its_column_and_the_fix_and_nothing_is_imported(
    db, write_ees, bad_row, message
):
    path = write_ees([row(), bad_row])
    assert errors_of(path, cla_spec()) == [message]
    assert not Value.objects.exists()
    assert not Indicator.objects.filter(code="cla-test-rate").exists()
    assert ImportBatch.objects.get().status == ImportStatus.REJECTED


def test_a_numerator_above_its_denominator_is_refused_for_a_percentage(db, write_ees):
    spec = with_definition(value_type="percentage", multiplier=100)
    assert errors_of(write_ees([row(count="50000", rate="99")]), spec) == [
        "Row 2, column children_count: The count (50000) is larger than the denominator (45079), "
        "which cannot be for a proportion. Check that the two columns are not swapped."
    ]


def test_every_bad_row_is_reported_not_just_the_first(db, write_ees):
    rows = [row(rate="bad"), row("E06999999"), *GOOD_ROWS]
    report_errors = errors_of(write_ees(rows), cla_spec())
    assert [e.split(":")[0] for e in report_errors] == [
        "Row 2, column rate_per_10000",
        "Row 3, column new_la_code",
    ]
    assert not Value.objects.exists()


def test_a_mapping_column_not_in_the_file_refuses_the_file(db, write_ees):
    assert errors_of(write_ees(GOOD_ROWS), cla_spec(numerator="count")) == [
        "Column mapping: Measure 1: the numerator column “count” is not a column of the file."
    ]


def test_an_unknown_indicator_code_refuses_the_file(db, write_ees):
    spec = cla_spec()
    spec["measures"][0]["indicator"] = "no-such-indicator"
    assert errors_of(write_ees(GOOD_ROWS), spec) == [
        "Column mapping: Measure 1: no indicator has the code “no-such-indicator” in the "
        "national catalogue. Check the code, or define the indicator in the mapping (code, "
        "name, value_type, multiplier, polarity, unit, decimal_places, source)."
    ]


def test_a_filter_that_matches_no_row_shows_the_values_the_file_has(db, write_ees):
    spec = cla_spec(filters={"population_type": "Children looked after at 31 March"})
    assert errors_of(write_ees(GOOD_ROWS), spec) == [
        "Column mapping: measure 1 (“Children looked after at 31 March: rate per 10,000 children "
        "(with counts)”) matches no row: no row has population_type “children looked after at "
        "31 march”. The file has population_type: “Children looked after on 31 March each "
        "year”, “Children starting to be looked after each year”. Check the spelling of the "
        "filter's value."
    ]


def test_a_file_without_rows_is_refused(db, write_ees):
    assert errors_of(write_ees([]), cla_spec()) == [
        "The file has no rows of figures below its header."
    ]


def test_a_file_with_a_column_twice_is_refused(db, write_ees):
    header = [*HEADER, "Rate_per_10000"]
    assert errors_of(write_ees([[*row(), "1"]], header=header), cla_spec()) == [
        "Row 1, column Rate_per_10000: The file has two columns called “Rate_per_10000” "
        "(columns 14 and 15). Rename or remove one."
    ]


def test_a_file_forced_as_ees_without_its_columns_is_refused(db, write_ees):
    path = write_ees([["1", "2"]], header=["Short Desc", "Years"])
    assert errors_of(path, cla_spec()) == [
        "Row 1: The file has no column “time_period”, “time_identifier”, “geographic_level”, "
        "“country_code”. A DfE tidy file has the columns time_period, time_identifier, "
        "geographic_level, country_code, then its filters and measures."
    ]


# Left out, not errors ----------------------------------------------------------------------


def test_other_geographic_levels_and_excluded_rows_are_left_out_with_a_warning(db, write_ees):
    spec = {**cla_spec(), "exclude": {"la_name": ["LA demo"]}}
    demo = row("", old="")
    demo[9] = "LA demo"
    rows = [
        row(),
        row("E07000001", level="Local authority district"),
        row("", old="", level="Parliamentary constituency"),
        demo,
    ]
    report = ees_import(write_ees(rows), spec)
    assert (report.rows, report.new, report.skipped, report.rejected) == (4, 1, 3, 0)
    assert [str(w) for w in report.warnings] == [
        "Row 3, column geographic_level: Left out: “Local authority district” figures are not "
        "held; this product holds England, regions (with Inner and Outer London) and local "
        "authorities.",
        "Row 4, column geographic_level: Left out: “Parliamentary constituency” figures are not "
        "held; this product holds England, regions (with Inner and Outer London) and local "
        "authorities.",
        "Row 5, column la_name: Left out: the column mapping leaves out rows whose la_name is "
        "“LA demo”.",
    ]


def test_rows_no_measure_uses_are_neither_errors_nor_values(db, write_ees):
    report = ees_import(write_ees(GOOD_ROWS), cla_spec())
    # The "starting" row is another population type: not this mapping's measure.
    assert (report.rows, report.new, report.skipped, report.warning_count) == (6, 5, 0, 0)


# Periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "time_period", "held_as", "period_type", "label"),
    [
        ("Reporting year", "2025", "calendar_year", "calendar_year", "2025"),
        ("Calendar year", "2021", "calendar_year", "calendar_year", "2021"),
        ("Academic year", "202425", "academic_year", "academic_year", "2024/25"),
        ("Financial year", "202425", "financial_year", "financial_year", "2024/25"),
        ("Calendar year Q2", "2024", "quarter", "quarter", "Q2 2024"),
        ("Financial year Q1", "202425", "quarter", "quarter", "Q1 2024/25"),
        ("March", "2024", "month", "month", "March 2024"),
        ("reporting  YEAR", " 2025 ", "calendar_year", "calendar_year", "2025"),
    ],
)
def test_ees_time_identifiers_become_periods(identifier, time_period, held_as, period_type, label):
    spec, kind = ees_period(identifier, time_period)
    assert (kind, spec.period_type, spec.label) == (held_as, period_type, label)


def test_a_reporting_year_is_the_same_period_as_lait_annual():
    spec, _ = ees_period("Reporting year", "2025")
    assert spec == periods.parse_period("2025", periods.CALENDAR_YEAR)


@pytest.mark.parametrize(
    ("identifier", "time_period", "column", "message"),
    [
        ("Tax year", "202425", "identifier", "“Tax year” periods cannot be held"),
        ("Academic year Q1", "202425", "identifier", "“Academic year Q1” periods cannot be held"),
        ("Week 5", "2024", "identifier", "“Week 5” periods cannot be held"),
        ("", "2024", "identifier", "The time identifier is empty."),
        ("Financial year Q1", "2024", "period", "“2024” is not a financial year: for Financial"),
        ("Financial year Q1", "202426", "period", "“202426” is not a financial year: the second"),
        ("Calendar year Q1", "202425", "period", "“202425” is not a year"),
        ("May", "24", "period", "“24” is not a year"),
        ("Academic year", "202426", "period", "“202426” is not an academic year."),
    ],
)
def test_periods_that_cannot_be_held_say_why(identifier, time_period, column, message):
    with pytest.raises(EesPeriodError) as caught:
        ees_period(identifier, time_period)
    assert caught.value.column == column
    assert str(caught.value).startswith(message)


# Remembered mappings ---------------------------------------------------------------------------


def test_without_a_mapping_the_file_is_refused_with_what_to_do(db, write_ees):
    assert errors_of(write_ees(GOOD_ROWS)) == [NO_MAPPING]
    assert NO_MAPPING == (
        "This is a DfE tidy file, but no column mapping is remembered for files with these "
        "columns: map its columns on the upload page, or give --mapping FILE."
    )


def test_a_remembered_mapping_serves_a_file_with_the_same_columns_in_another_order(db, write_ees):
    mapping = mapping_save(
        partnership=None, name="Children looked after", header=HEADER, spec=cla_spec(), by=None
    )
    assert (mapping.partnership, mapping.columns, mapping.signature) == (
        None,
        HEADER,
        signature(HEADER),
    )
    order = list(reversed(range(len(HEADER))))
    header = [HEADER[i].upper() for i in order]
    rows = [[cells[i] for i in order] for cells in GOOD_ROWS]
    report = import_file(path=write_ees(rows, header=header))
    assert (report.format, report.new) == ("ees", 5)
    assert Value.objects.get(area=stockton()).numerator == 564


def test_a_partnerships_own_mapping_comes_before_the_national_one(db):
    stockton_partnership = Partnership.objects.get(slug="stockton-on-tees")
    other = Partnership.objects.exclude(pk=stockton_partnership.pk).first()
    national = mapping_save(
        partnership=None, name="National", header=HEADER, spec=cla_spec(), by=None
    )
    own = mapping_save(
        partnership=stockton_partnership, name="Ours", header=HEADER, spec=cla_spec(), by=None
    )
    assert mapping_for(list(reversed(HEADER)), stockton_partnership) == own
    assert mapping_for(HEADER, other) == national
    assert mapping_for(HEADER, None) == national
    assert mapping_for([*HEADER, "extra"], None) is None


def test_saving_a_mapping_creates_then_updates_the_one_for_that_shape(db):
    first = mapping_save(partnership=None, name=" CLA ", header=HEADER, spec=cla_spec(), by=None)
    assert first.name == "CLA"
    changed = cla_spec(numerator=None)
    del changed["measures"][0]["numerator"]
    second = mapping_save(
        partnership=None, name="CLA v2", header=list(reversed(HEADER)), spec=changed, by=None
    )
    assert second.pk == first.pk
    assert (second.name, second.spec) == ("CLA v2", changed)
    assert ColumnMapping.objects.count() == 1


def test_a_mapping_with_problems_is_not_saved(db):
    spec = cla_spec(value="rate_per_10k")
    spec["measures"][0]["indicator"] = "no-such-code"
    with pytest.raises(ValidationError) as caught:
        mapping_save(partnership=None, name="", header=HEADER, spec=spec, by=None)
    assert caught.value.messages == [
        "Give the mapping a name, such as “Children looked after”.",
        "Measure 1: the value column “rate_per_10k” is not a column of the file. Did you mean "
        "“rate_per_10000”?",
    ]
    assert not ColumnMapping.objects.exists()
    # With the columns right, the unknown indicator is what is left.
    spec["measures"][0]["value"] = "rate_per_10000"
    assert mapping_problems(spec=spec, header=HEADER, partnership=None) == [
        "Measure 1: no indicator has the code “no-such-code” in the national catalogue. Check "
        "the code, or define the indicator in the mapping (code, name, value_type, multiplier, "
        "polarity, unit, decimal_places, source)."
    ]


def test_a_partnership_import_makes_its_own_indicators_and_leaves_the_national_ones(db, write_ees):
    partnership = Partnership.objects.get(slug="stockton-on-tees")
    national = Indicator.objects.create(
        code="cla-national", name="National CLA", period_type=periods.CALENDAR_YEAR
    )
    spec = cla_spec()
    spec["measures"].append(
        {
            "indicator": {**DEFINITION, "code": "cla-national", "name": "Renamed by a partnership"},
            "value": "rate_per_10000",
            "filters": {"population_type": STARTED},
        }
    )
    report = ees_import(write_ees(GOOD_ROWS), spec, partnership=partnership)
    assert report.indicators_new == 1
    own = Indicator.objects.get(code="cla-test-rate")
    assert own.partnership == partnership
    national.refresh_from_db()
    assert (national.partnership, national.name) == (None, "National CLA")
    assert Value.objects.filter(indicator=national).count() == 1


# Reading mapping files -----------------------------------------------------------------------


def test_a_mapping_file_may_be_yaml_or_json(tmp_path):
    spec = cla_spec()
    (tmp_path / "m.json").write_text(json.dumps(spec), encoding="utf-8")
    assert mapping_load_file(tmp_path / "m.json") == spec
    yaml_text = (
        "name: Children looked after\n"
        "measures:\n"
        "  - indicator: lac\n"
        "    value: rate_per_10000\n"
        "    filters:\n"
        f"      population_type: {CLA}\n"
    )
    (tmp_path / "m.yaml").write_text(yaml_text, encoding="utf-8")
    assert mapping_load_file(tmp_path / "m.yaml")["measures"][0]["filters"] == {
        "population_type": CLA
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad.yaml",
            "measures: [unclosed\n",
            "The mapping file bad.yaml is not valid YAML at line 2, column 1:",
        ),
        (
            "bad.json",
            '{"measures": }',
            "The mapping file bad.json is not valid JSON: line 1, column 14: Expecting value.",
        ),
        (
            "list.yaml",
            "- a\n- b\n",
            "The mapping file list.yaml must hold named settings (name, period, exclude, "
            "measures) at the top, not a list or a single value.",
        ),
    ],
)
def test_a_bad_mapping_file_says_what_is_wrong(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(MappingFileError) as caught:
        mapping_load_file(tmp_path / name)
    assert str(caught.value).startswith(message)


def test_a_missing_mapping_file(tmp_path):
    with pytest.raises(MappingFileError, match="There is no mapping file at"):
        mapping_load_file(tmp_path / "absent.yaml")


# The command line ----------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "cla.yaml"
    path.write_text(json.dumps(cla_spec()), encoding="utf-8")  # JSON is YAML too
    return path


def test_import_with_a_mapping_dry_run_writes_and_remembers_nothing(db, write_ees, mapping_file):
    out = run("import", str(write_ees(GOOD_ROWS)), "--mapping", str(mapping_file), "--dry-run")
    assert out.startswith(
        "Checked cla.csv (DfE explore education statistics (tidy CSV)): 6 rows.\n"
        "Dry run: nothing was written. Without --dry-run the import would change:\n"
        "  Values: 5 new, 0 changed, 0 unchanged, 0 left out.\n"
    )
    assert not Value.objects.exists()
    assert not ColumnMapping.objects.exists()


def test_import_with_a_mapping_remembers_it_for_the_next_file(db, write_ees, mapping_file):
    path = write_ees(GOOD_ROWS)
    out = run("import", str(path), "--format", "ees", "--mapping", str(mapping_file))
    assert out == (
        "Imported cla.csv (DfE explore education statistics (tidy CSV)): 6 rows.\n"
        "  Values: 5 new, 0 changed, 0 unchanged, 0 left out.\n"
        "  Indicators: 1 new, 0 changed, 0 unchanged. Periods: 1 new.\n"
        "Column mapping “Children looked after” remembered for files with these columns.\n"
    )
    mapping = ColumnMapping.objects.get()
    assert (mapping.partnership, mapping.spec) == (None, cla_spec())
    # The next release of the file needs no --mapping.
    again = run("import", str(path))
    assert again.endswith("Nothing changed: everything in the file was already imported.\n")
    assert Value.objects.count() == 5


def test_import_without_a_remembered_mapping_says_what_to_do(db, write_ees):
    with pytest.raises(CommandError) as caught:
        run("import", str(write_ees(GOOD_ROWS)))
    assert str(caught.value) == (f"cla.csv has 1 problem; nothing was imported.\n  {NO_MAPPING}")


def test_import_with_a_mapping_for_another_format_or_a_bad_file(db, write_ees, tmp_path):
    path = write_ees(GOOD_ROWS)
    with pytest.raises(CommandError, match="--mapping is for DfE tidy files"):
        run("import", str(path), "--format", "lait", "--mapping", "m.yaml")
    with pytest.raises(CommandError, match="There is no mapping file at"):
        run("import", str(path), "--mapping", str(tmp_path / "absent.yaml"))


# Describing a file for the mapping form ----------------------------------------------------------


def test_describe_columns_sorts_the_frame_the_filters_and_the_figures(write_ees):
    described = describe_columns(write_ees(GOOD_ROWS))
    assert described.signature == signature(HEADER)
    assert described.frame == HEADER[:10]
    assert described.filters == {"population_type": [CLA, STARTED]}
    assert described.figures == ["population_estimate", "children_count", "rate_per_10000"]
    assert described.rows == 6


# The open-data pack ----------------------------------------------------------------------------


def test_the_shipped_mappings_fit_their_files():
    data = Path(settings.DATA_DIR) / "open"
    for data_file, mapping_file in OPEN_DATA_FILES:
        spec = mapping_load_file(data / "ees" / "mappings" / mapping_file)
        with (data / data_file).open(encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle))
        assert validate_spec(spec, header) == [], data_file


def test_the_open_data_pack_loads_and_a_second_load_changes_nothing(db):
    first = ees_opendata_load()
    assert first.mappings == {"new": len(OPEN_DATA_FILES), "changed": 0, "unchanged": 0}
    assert all(report.new and not report.rejected for report in first.reports)
    assert Indicator.objects.filter(code__endswith="-with-counts").count() == 6

    # Checked by hand against cla_number_and_rate_per_10k_children.csv, row 48.
    period = Period.objects.get(period_type=periods.CALENDAR_YEAR, label="2025")
    cla = Value.objects.get(
        indicator__code="cla-31-march-rate-with-counts", area=stockton(), period=period
    )
    assert (cla.value, cla.numerator, cla.denominator) == (125, 564, 45079)
    # ... and against UD_NEETNK_LA_dashboard_final.csv, row 69: Stockton 2025, NEET or not known
    # 7.3%, NEET 7.2%, not known 0.1%.
    nccis = {
        v.indicator.code: (v.value, v.numerator, v.denominator)
        for v in Value.objects.filter(
            indicator__code__endswith="-16-17-nccis", area=stockton(), period=period
        ).select_related("indicator")
    }
    assert nccis == {
        "neet-or-not-known-16-17-nccis": (7.3, None, None),
        "neet-16-17-nccis": (7.2, None, None),
        "activity-not-known-16-17-nccis": (0.1, None, None),
    }

    second = ees_opendata_load()
    assert second.mappings == {"new": 0, "changed": 0, "unchanged": len(OPEN_DATA_FILES)}
    for report in second.reports:
        assert (report.new, report.changed, report.indicators_changed) == (0, 0, 0)
    assert sum(r.unchanged for r in second.reports) == sum(r.new for r in first.reports)
