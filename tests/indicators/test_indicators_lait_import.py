"""The LAIT importer on small hand-written files: good files, each kind of bad row with its exact
message, all-or-nothing, idempotent re-import, corrections, dry runs, gzip and missing codes."""

from __future__ import annotations

import hashlib

import pytest

from partnership.areas.models import Area
from partnership.indicators.importers import ImportFileError, import_file, supported_formats
from partnership.indicators.importers.base import parse_value
from partnership.indicators.models import (
    ImportBatch,
    ImportStatus,
    Indicator,
    Period,
    Value,
)


def lac(years: str, la: str, name: str, value: str) -> list[str]:
    # The same rows as conftest's, for parametrize lists built before fixtures exist.
    region = "NA" if la.startswith("9") else "North West"
    return [
        "Children Looked After",
        "LAC",
        "Children looked after rate per 10,000",
        "-",
        "Rate per 10,000",
        years,
        la,
        name,
        region,
        value,
        "Annual",
        "",
    ]


def excess(years: str, la: str, name: str, value: str) -> list[str]:
    return [
        "Health and Wellbeing",
        "ExcessRec",
        "Children in reception year who are overweight or obese",
        "Low",
        "% children with excess weight",
        years,
        la,
        name,
        "North West",
        value,
        "Academic Year",
        "2.0",
    ]


HINT = "Use a number, or one of the missing-value codes c, x, z, low, u, -."


def trafford() -> Area:
    return Area.objects.get(code="E08000009")


def errors_of(path, **kwargs) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        import_file(path=path, **kwargs)
    return [str(error) for error in caught.value.report.errors]


def test_key_indicators_file_creates_the_catalogue_and_the_values(db, write_csv, lait):
    path = write_csv(lait.good_rows)
    report = import_file(path=path)
    assert report.format == "lait"
    assert (report.rows, report.new, report.changed, report.unchanged) == (7, 7, 0, 0)
    assert (report.indicators_new, report.periods_new, report.rejected) == (2, 4, 0)

    lac_indicator = Indicator.objects.get(lait_code="LAC", partnership__isnull=True)
    assert lac_indicator.code == "lac"
    assert lac_indicator.name == "Children looked after rate per 10,000"
    assert lac_indicator.unit == "Rate per 10,000"
    assert (lac_indicator.polarity, lac_indicator.period_type) == ("none", "calendar_year")
    assert (lac_indicator.value_type, lac_indicator.multiplier) == ("rate", 10000)
    assert lac_indicator.decimal_places == 1  # LAIT gives none: the default
    assert lac_indicator.source == "DfE Local Authority Interactive Tool (LAIT)"
    excess_indicator = Indicator.objects.get(lait_code="ExcessRec")
    assert (excess_indicator.code, excess_indicator.polarity) == ("excessrec", "low")
    assert (excess_indicator.period_type, excess_indicator.decimal_places) == ("academic_year", 2)
    assert (excess_indicator.value_type, excess_indicator.multiplier) == ("percentage", 100)

    values = Value.objects.for_area(trafford()).current()
    by_label = {(v.indicator.lait_code, v.period.label): v for v in values}
    assert by_label[("LAC", "2024")].value == 58.1
    missing = by_label[("LAC", "2025")]
    assert (missing.value, missing.missing_reason) == (None, "-")
    assert by_label[("ExcessRec", "2022/23")].value == pytest.approx(0.07)
    revised = by_label[("ExcessRec", "2018")]
    assert (revised.value, revised.note) == (19.4, "Revised")
    assert revised.period.start_date.isoformat() == "2017-09-01"
    inner = Value.objects.get(area__code="E13000001")
    assert inner.value == 21.3

    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.status == ImportStatus.COMPLETED
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.counts["new"] == 7 and batch.finished is not None
    assert set(Value.objects.values_list("batch", flat=True)) == {batch.pk}


def test_reimporting_the_same_file_changes_nothing(db, write_csv, lait):
    path = write_csv(lait.good_rows)
    import_file(path=path)
    ids = sorted(Value.objects.values_list("pk", flat=True))
    again = import_file(path=path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 7)
    assert (again.indicators_new, again.indicators_changed, again.indicators_unchanged) == (0, 0, 2)
    assert again.periods_new == 0
    assert sorted(Value.objects.values_list("pk", flat=True)) == ids
    # Only the batch record is written.
    assert ImportBatch.objects.filter(status=ImportStatus.COMPLETED).count() == 2


def test_a_corrected_value_supersedes_the_old_one(db, write_csv, lait):
    import_file(path=write_csv(lait.good_rows))
    corrected = [row[:] for row in lait.good_rows]
    corrected[2][9] = "58.4"  # Trafford LAC 2024
    corrected[3][9] = "x"  # Trafford LAC 2025: still missing, now for another reason
    report = import_file(path=write_csv(corrected))
    assert (report.new, report.changed, report.unchanged) == (0, 2, 5)

    lac_2024 = Value.objects.filter(
        indicator__lait_code="LAC", area=trafford(), period__label="2024"
    )
    current = lac_2024.current().get()
    old = lac_2024.get(is_current=False)
    assert (current.value, old.value) == (58.4, 58.1)
    assert old.superseded_by == current
    assert current.batch_id == report.batch_id != old.batch_id
    assert Value.objects.current().count() == 7
    assert Value.objects.count() == 9
    assert (
        Value.objects.current()
        .get(indicator__lait_code="LAC", area=trafford(), period__label="2025")
        .missing_reason
        == "x"
    )
    # Correcting back supersedes again; history keeps all three figures.
    import_file(path=write_csv(lait.good_rows))
    assert sorted(v.value for v in lac_2024) == [58.1, 58.1, 58.4]
    assert lac_2024.current().get().value == 58.1


def test_a_changed_measure_description_updates_the_catalogue_entry(db, write_csv, lait):
    import_file(path=write_csv(lait.good_rows))
    renamed = [row[:2] + ["Looked after children per 10,000"] + row[3:] for row in lait.good_rows]
    report = import_file(path=write_csv(renamed))
    assert (report.indicators_changed, report.indicators_unchanged) == (2, 0)
    indicator = Indicator.objects.get(lait_code="LAC")
    assert indicator.name == "Looked after children per 10,000"
    assert indicator.history.count() == 2
    assert report.unchanged == 7


def test_an_officers_value_type_is_not_undone_by_a_reimport(db, write_csv, lait):
    path = write_csv(lait.good_rows)
    import_file(path=path)
    Indicator.objects.filter(lait_code="LAC").update(value_type="dsr", interval_method="dobson")
    report = import_file(path=path)
    assert report.indicators_changed == 0
    assert Indicator.objects.get(lait_code="LAC").value_type == "dsr"


def test_a_dry_run_writes_nothing(db, write_csv, lait):
    batches = ImportBatch.objects.count()
    report = import_file(path=write_csv(lait.good_rows), dry_run=True)
    assert (report.new, report.indicators_new, report.periods_new) == (7, 2, 4)
    assert report.dry_run and report.batch_id is None
    assert not Value.objects.exists()
    assert not Indicator.objects.filter(lait_code="LAC").exists()
    assert not Period.objects.exists()
    assert ImportBatch.objects.count() == batches


def test_a_dry_run_of_a_correction_reports_it_without_making_it(db, write_csv, lait):
    import_file(path=write_csv(lait.good_rows))
    corrected = [row[:] for row in lait.good_rows]
    corrected[0][9] = "71"
    report = import_file(path=write_csv(corrected), dry_run=True)
    assert (report.new, report.changed, report.unchanged) == (0, 1, 6)
    assert Value.objects.count() == 7
    assert Value.objects.get(area__code="E92000001").value == 70


def test_gzip_files_are_read_like_plain_ones(db, write_csv, lait):
    report = import_file(path=write_csv(lait.good_rows, name="lait.csv.gz", compress=True))
    assert report.new == 7
    again = import_file(path=write_csv(lait.good_rows, name="lait.csv"))
    assert again.unchanged == 7


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("58.1", (58.1, "")),
        (" 12 ", (12.0, "")),
        ("-3.5", (-3.5, "")),
        ("7.0000000000000007E-2", (0.07000000000000001, "")),
        ("3.2048347220950464e-2", (0.032048347220950464, "")),
        ("1E3", (1000.0, "")),
        (".5", (0.5, "")),
        ("-", (None, "-")),
        ("c", (None, "c")),
        ("x", (None, "x")),
        ("z", (None, "z")),
        ("low", (None, "low")),
        ("LOW", (None, "low")),
        ("u", (None, "u")),
    ],
)
def test_values_numbers_and_missing_codes(cell, expected):
    assert parse_value(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", f"“abc” is not a number. {HINT}"),
        ("", f"The value is empty. {HINT}"),
        ("nan", f"“nan” is not a number. {HINT}"),
        ("inf", f"“inf” is not a number. {HINT}"),
        ("1_000", f"“1_000” is not a number. {HINT}"),
        ("1e400", f"“1e400” is not a number. {HINT}"),
        ("12%", f"“12%” is not a number. {HINT}"),
        ("1,234", "“1,234” is not a number: remove the commas between thousands."),
    ],
)
def test_cells_that_are_not_numbers(cell, message):
    with pytest.raises(ValueError) as caught:
        parse_value(cell)
    assert str(caught.value) == message


LA_HINT = (
    "Use a DfE 3-digit local authority number (358 for Trafford), 970 for England, or 980 to "
    "990 for a region or Inner or Outer London."
)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            lac("2024", "358", "Trafford", "abc"),
            f"Row 3, column Values: “abc” is not a number. {HINT}",
        ),
        (lac("2024", "358", "Trafford", ""), f"Row 3, column Values: The value is empty. {HINT}"),
        (
            lac("2024", "999", "Nowhere", "1"),
            f"Row 3, column LA Number: No area has the LA Number “999”. {LA_HINT}",
        ),
        (
            lac("2024", "Trafford", "Trafford", "1"),
            f"Row 3, column LA Number: No area has the LA Number “Trafford”. {LA_HINT}",
        ),
        (
            lac("2023/24", "358", "Trafford", "1"),
            "Row 3, column Years: “2023/24” is not a calendar year. Write it like 2024, or "
            "2022-24 for several years pooled.",
        ),
        (
            excess("2018 (Draft)", "358", "Trafford", "1"),
            "Row 3, column Years: “2018 (Draft)” is not an academic year. Write it like "
            "2023/24, 2023-24, 202324 or 2024 (the school year ending in summer 2024).",
        ),
        (
            [
                "Health",
                "",
                "A measure",
                "High",
                "%",
                "2024",
                "358",
                "Trafford",
                "NW",
                "1",
                "Calendar Year",
                "",
            ],
            "Row 3, column Short Desc: The measure is empty. Give its LAIT short name.",
        ),
        (
            [
                "Health",
                "New",
                "A measure",
                "Up",
                "%",
                "2024",
                "358",
                "Trafford",
                "NW",
                "1",
                "Calendar Year",
                "",
            ],
            "Row 3, column Polarity: “Up” is not a polarity. Use High, Low or -.",
        ),
        (
            [
                "Health",
                "New",
                "A measure",
                "High",
                "%",
                "2024",
                "358",
                "Trafford",
                "NW",
                "1",
                "Weekly",
                "",
            ],
            "Row 3, column Year_Type: “Weekly” is not a LAIT year type. Use Financial Year, "
            "Academic Year, Calendar Year, Annual, Annual - January or Annual (end of Sept).",
        ),
        (
            [
                "Health",
                "New",
                "A measure",
                "High",
                "%",
                "2024",
                "358",
                "Trafford",
                "NW",
                "1",
                "Calendar Year",
                "two",
            ],
            "Row 3, column dps: “two” is not a number of decimal places. Use a whole number "
            "from 0 to 6, or leave it empty.",
        ),
        (
            [
                "Health",
                "New",
                "",
                "High",
                "%",
                "2024",
                "358",
                "Trafford",
                "NW",
                "1",
                "Calendar Year",
                "",
            ],
            "Row 3, column Measure: The cell is empty. Give the measure's name, in at most 300 "
            "characters.",
        ),
        (
            ["Health", "LAC", "Children looked after"],
            "Row 3: The row has 3 cells but the header has 12. Check for a missing or extra "
            "comma, or text with a comma that is not in quotes.",
        ),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_row_and_column(db, write_csv, row, message, lait):
    path = write_csv([lait.good_rows[0], row])
    assert errors_of(path) == [message]


def test_one_bad_row_rejects_the_whole_file(db, write_csv, lait):
    rows = [*lait.good_rows, lac("2024", "352", "Manchester", "n/a")]
    with pytest.raises(ImportFileError) as caught:
        import_file(path=write_csv(rows))
    report = caught.value.report
    assert [str(e) for e in report.errors] == [
        f"Row 9, column Values: “n/a” is not a number. {HINT}"
    ]
    assert (report.rows, report.rejected) == (8, 1)
    assert not Value.objects.exists()
    assert not Indicator.objects.filter(lait_code__in=["LAC", "ExcessRec"]).exists()
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.status == ImportStatus.REJECTED
    assert batch.counts["rejected"] == 1 and batch.counts["new"] == 0


def test_every_problem_is_reported_not_just_the_first(db, write_csv, lait):
    rows = [
        lac("2024", "358", "Trafford", "abc"),
        lac("2024", "999", "Nowhere", "x"),
        lac("20/24", "358", "Trafford", ""),
    ]
    errors = errors_of(write_csv(rows))
    assert [e.split(":")[0] for e in errors] == [
        "Row 2, column Values",
        "Row 3, column LA Number",
        "Row 4, column Values",
        "Row 4, column Years",
    ]


def test_duplicate_rows_name_both_rows(db, write_csv, lait):
    rows = [*lait.good_rows, lac("2024", "358.0", "Trafford", "60")]
    assert errors_of(write_csv(rows)) == [
        "Row 9: This row repeats row 4: both give LAC for 2024 and LA Number 358.0. Keep one of "
        "them."
    ]


def test_two_spellings_of_one_year_are_duplicates(db, write_csv, lait):
    rows = [excess("2022/23", "358", "Trafford", "1"), excess("2022-23", "358", "Trafford", "2")]
    assert errors_of(write_csv(rows)) == [
        "Row 3: This row repeats row 2: both give ExcessRec for 2022-23 and LA Number 358. "
        "Keep one of them."
    ]


def test_a_measure_must_be_described_the_same_on_every_row(db, write_csv, lait):
    odd = lac("2023", "358", "Trafford", "50")
    odd[3] = "High"
    assert errors_of(write_csv([*lait.good_rows, odd])) == [
        "Row 9, column Polarity: “High” differs from “-” given for LAC on row 2. A measure's "
        "details must be the same on every row."
    ]


def test_rows_of_a_measure_that_cannot_be_imported_point_at_its_first_row(db, write_csv, lait):
    bad = [
        "Health",
        "New",
        "A measure",
        "Up",
        "%",
        "2024",
        "358",
        "Trafford",
        "NW",
        "1",
        "Calendar Year",
        "",
    ]
    second = bad[:5] + ["2025"] + bad[6:]
    errors = errors_of(write_csv([bad, second]))
    assert errors[1] == "Row 3, column Short Desc: “New” cannot be imported: see row 2."


def test_placeholder_rows_are_left_out_with_a_warning(db, write_csv, lait):
    rows = [*lait.good_rows, excess("0", "358", "Trafford", "-")]
    report = import_file(path=write_csv(rows))
    assert (report.new, report.skipped, report.warning_count) == (7, 1, 1)
    assert [str(w) for w in report.warnings] == [
        "Row 9, column Years: “0” is not a year and the value is missing (“-”), so the row is "
        "left out."
    ]


def test_a_placeholder_year_with_a_value_is_an_error(db, write_csv, lait):
    errors = errors_of(write_csv([excess("0", "358", "Trafford", "12")]))
    assert errors == [
        "Row 2, column Years: “0” is not an academic year. Write it like 2023/24, 2023-24, "
        "202324 or 2024 (the school year ending in summer 2024)."
    ]


def test_blank_lines_are_ignored(db, write_csv, tmp_path, lait):
    path = write_csv(lait.good_rows)
    path.write_text(path.read_text() + "\n\n", encoding="utf-8")
    assert import_file(path=path).new == 7


# The plain LAIT file (no Measure, Polarity ... columns) and the data dictionary ---------------


def test_a_plain_file_takes_its_measures_from_the_dictionary(db, write_csv, dictionary, lait):
    rows = [lait.plain("LAC", "2024", "358.0", "58.1"), lait.plain("KS2RWM", "2019", "970.0", "65")]
    report = import_file(path=write_csv(rows, header=lait.plain_header), dictionary=dictionary)
    assert (report.new, report.indicators_new) == (2, 2)
    lac_indicator = Indicator.objects.get(lait_code="LAC")
    # LAC is listed twice; the entry updated last wins.
    assert lac_indicator.name == "Children looked after rate per 10,000"
    assert lac_indicator.description == "Children looked after at 31 March per 10,000 children."
    assert lac_indicator.methodology == "Counts at 31 March over ONS mid-year estimates."
    assert (lac_indicator.owner, lac_indicator.quartiles_meaningful) == ("DfE", False)
    ks2 = Indicator.objects.get(lait_code="KS2RWM")
    assert (ks2.code, ks2.polarity, ks2.decimal_places) == ("ks2rwm", "high", 0)
    assert (ks2.methodology, ks2.quartiles_meaningful) == ("", True)
    assert Value.objects.get(indicator=ks2).period.label == "2019"


def test_a_key_file_fills_in_descriptions_from_the_dictionary(db, write_csv, dictionary, lait):
    import_file(path=write_csv(lait.good_rows), dictionary=dictionary)
    lac_indicator = Indicator.objects.get(lait_code="LAC")
    assert lac_indicator.description.startswith("Children looked after at 31 March")
    assert Indicator.objects.get(lait_code="ExcessRec").description == ""


def test_a_plain_file_may_use_measures_already_in_the_catalogue(db, write_csv, dictionary, lait):
    import_file(path=write_csv(lait.good_rows))
    rows = [lait.plain("ExcessRec", "2023/24", "358", "8.5")]
    report = import_file(path=write_csv(rows, header=lait.plain_header), dictionary=dictionary)
    assert (report.new, report.indicators_new, report.indicators_unchanged) == (1, 0, 0)
    value = Value.objects.get(period__label="2023/24")
    assert value.indicator.lait_code == "ExcessRec" and value.period.period_type == "academic_year"


def test_an_unknown_measure_in_a_plain_file(db, write_csv, dictionary, lait):
    rows = [lait.plain("Nonsense", "2024", "358", "1"), lait.plain("Nonsense", "2025", "358", "1")]
    assert errors_of(write_csv(rows, header=lait.plain_header), dictionary=dictionary) == [
        "Row 2, column Short Desc: “Nonsense” is not a LAIT measure in the data dictionary "
        "(dictionary.csv) or the indicator catalogue. Check the spelling, or import the "
        "key-indicators file or a dictionary that describes it.",
        "Row 3, column Short Desc: “Nonsense” cannot be imported: see row 2.",
    ]


def test_a_bad_dictionary_entry_is_reported_at_the_row_that_uses_it(db, write_csv, tmp_path, lait):
    entry = ["1", "T", "A measure", "Odd", "Up", "%", "D", "1", "DfE", "-", "NA", "Annual", "NA"]
    bad = write_csv([entry], header=lait.dictionary_header, name="bad-dictionary.csv")
    path = write_csv([lait.plain("Odd", "2024", "358", "1")], header=lait.plain_header)
    assert errors_of(path, dictionary=bad) == [
        "Row 2, column Short Desc: The data dictionary's entry for Odd (row 2) has Polarity "
        "“Up”, which is not a polarity. Use High, Low or -."
    ]


def test_a_plain_file_without_a_dictionary(db, write_csv, tmp_path, lait):
    path = write_csv([lait.plain("LAC", "2024", "358", "1")], header=lait.plain_header)
    assert errors_of(path, dictionary=tmp_path / "absent.csv") == [
        "This LAIT file has no Measure, Polarity or Year_Type columns, so the LAIT data "
        "dictionary is needed to describe its measures, and it was not found."
    ]


# Files that are not LAIT files at all --------------------------------------------------------


def test_a_file_in_no_known_format_names_the_formats_supported(db, write_csv, lait):
    path = write_csv([["2024", "E08000009", "1"]], header=["time_period", "new_la_code", "rate"])
    assert errors_of(path) == [
        "Row 1: The file's columns (time_period, new_la_code, rate) are not a format this "
        f"product can import. It reads {supported_formats()}."
    ]
    assert supported_formats().startswith(
        "DfE LAIT long format (--format lait): columns Short Desc, Years, LA and Regions, "
        "Values, LA Number, Region (and, for the key indicators, Topic, Measure, Polarity, "
        "y_axis_name, Year_Type, dps); "
    )


def test_a_lait_file_missing_a_column(db, write_csv, lait):
    header = ["Short Desc", "Years", "LA and Regions", "LA Number"]
    path = write_csv([["LAC", "2024", "Trafford", "358"]], header=header)
    assert errors_of(path, format="lait") == [
        "Row 1: The file has no column “Values”. A LAIT file has the columns Short Desc, "
        "Years, LA and Regions, Values, LA Number, Region."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty: the first row should name the columns."),
        (
            "Short Desc,Years,LA and Regions,Values,LA Number\nLAC,2024,K\xf6ln,1,358\n".encode(
                "latin-1"
            ),
            "The file is not UTF-8 text. Save it as “CSV UTF-8 (comma delimited)” and try again.",
        ),
        (
            b"\x1f\x8b\x08\x00garbage",
            "The file looks compressed (gzip) but cannot be uncompressed: it may be cut short.",
        ),
    ],
)
def test_unreadable_files(db, tmp_path, content, message):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    assert errors_of(path, format="lait", dictionary=tmp_path / "none.csv") == [message]


def test_a_missing_file(db, tmp_path):
    assert errors_of(tmp_path / "nowhere.csv") == [f"There is no file at {tmp_path}/nowhere.csv."]


def test_an_unreadable_dictionary(db, write_csv, tmp_path, lait):
    bad = tmp_path / "dictionary.csv"
    bad.write_bytes("Measure_short,Measure\nLAC,K\xf6ln\n".encode("latin-1"))
    path = write_csv([lait.plain("LAC", "2024", "358", "1")], header=lait.plain_header)
    assert errors_of(path, dictionary=bad) == [
        "The LAIT data dictionary dictionary.csv: The file is not UTF-8 text. Save it as “CSV "
        "UTF-8 (comma delimited)” and try again."
    ]
