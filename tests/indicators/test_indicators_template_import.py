"""The product's own template, as CSV and as an Excel workbook: good files, each kind of bad row
with its exact message, all-or-nothing, idempotence, cells Excel has typed, the blank templates
the upload page offers (parsed back and filled in), and the command line."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from io import BytesIO, StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from partnership.indicators.importers import (
    ImportFileError,
    ImportOptions,
    detect_format,
    import_file,
)
from partnership.indicators.importers.source import read_header
from partnership.indicators.importers.template import (
    COLUMN_NAMES,
    template_csv,
    template_xlsx,
)
from partnership.indicators.models import ImportBatch, ImportStatus, Indicator, Value
from partnership.web.models import Partnership

HEADER = [
    "Indicator code",
    "Area code",
    "Period",
    "Breakdown",
    "Value",
    "Numerator",
    "Denominator",
    "Lower 95%",
    "Upper 95%",
    "Lower 99.8%",
    "Upper 99.8%",
    "Note",
]
STOCKTON = "E06000004"
HINT = "Use a number, or one of the missing-value codes c, x, z, low, u, -."


@pytest.fixture
def catalogue(demo):
    """Two national indicators, one of Stockton's own and one of Kent's."""
    stockton = Partnership.objects.get(slug="stockton-on-tees")
    kent = Partnership.objects.get(slug="kent")
    return {
        "stockton": stockton,
        "kent": kent,
        "rate": Indicator.objects.create(
            code="cla-rate",
            name="Children looked after per 10,000",
            value_type="rate",
            multiplier=10000,
            period_type="calendar_year",
        ),
        "percentage": Indicator.objects.create(
            code="gld",
            name="Good level of development",
            value_type="percentage",
            multiplier=100,
            period_type="academic_year",
        ),
        "own": Indicator.objects.create(
            partnership=stockton,
            code="stockton-early-help",
            name="Early help assessments completed",
            value_type="count",
            period_type="quarter",
        ),
        "kents": Indicator.objects.create(
            partnership=kent,
            code="kent-youth-hubs",
            name="Young people attending youth hubs",
            value_type="count",
            period_type="month",
        ),
    }


def good_rows() -> list[list[str]]:
    return [
        ["cla-rate", STOCKTON, "2024", "", "98.5", "355", "36050", "88.5", "109.3", "", "", ""],
        ["cla-rate", "358", "2024", "", "58.1", "", "", "", "", "", "", "Trafford by DfE number"],
        ["cla-rate", "E92000001", "2024", "", "70", "", "", "", "", "", "", ""],
        ["gld", STOCKTON, "2023-24", "", "66.2", "1400", "2115", "", "", "", "", ""],
        ["gld", STOCKTON, "2023/24", "sex=Female", "73.1", "", "", "", "", "", "", ""],
        ["gld", STOCKTON, "2022/23", "", "c", "", "", "", "", "", "", "Suppressed"],
    ]


@pytest.fixture
def write_csv(tmp_path: Path):
    def write(rows: list[list[str]], header: list[str] = HEADER, name: str = "values.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path):
    def write(
        rows: list[list[object]],
        header: list[str] = HEADER,
        sheet: str = "Values",
        name: str = "values.xlsx",
    ) -> Path:
        workbook = openpyxl.Workbook()
        values = workbook.active
        values.title = sheet
        values.append(header)
        for cells in rows:
            values.append(cells)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


def errors_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        import_file(path=path, **kwargs)
    return [str(error) for error in caught.value.report.errors]


def value(code: str, area: str, label: str, breakdown: str = "") -> Value:
    return Value.objects.get(
        indicator__code=code,
        area__code=area,
        period__label=label,
        breakdown=breakdown,
        is_current=True,
    )


# Good files ---------------------------------------------------------------------------------------


def test_a_csv_template_imports(catalogue, write_csv):
    path = write_csv(good_rows())
    report = import_file(path=path)
    assert report.format == "template"
    assert (report.rows, report.new, report.error_count, report.indicators_new) == (6, 6, 0, 0)
    stockton = value("cla-rate", STOCKTON, "2024")
    assert (stockton.value, stockton.numerator, stockton.denominator) == (98.5, 355, 36050)
    assert (stockton.lower95, stockton.upper95, stockton.lower998) == (88.5, 109.3, None)
    assert value("cla-rate", "E08000009", "2024").note == "Trafford by DfE number"
    assert value("gld", STOCKTON, "2023/24").value == 66.2  # "2023-24" is one period with "2023/24"
    assert value("gld", STOCKTON, "2023/24", "sex=Female").value == 73.1
    suppressed = value("gld", STOCKTON, "2022/23")
    assert (suppressed.value, suppressed.missing_reason, suppressed.note) == (
        None,
        "c",
        "Suppressed",
    )


def test_importing_the_same_template_twice_changes_nothing(catalogue, write_csv):
    path = write_csv(good_rows())
    import_file(path=path)
    again = import_file(path=path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 6)
    assert Value.objects.filter(indicator__code__in=["cla-rate", "gld"]).count() == 6


def test_a_corrected_value_replaces_the_old_one_which_is_kept(catalogue, write_csv):
    import_file(path=write_csv(good_rows()))
    rows = good_rows()
    rows[0][4] = "98.6"
    report = import_file(path=write_csv(rows, name="corrected.csv"))
    assert (report.new, report.changed, report.unchanged) == (0, 1, 5)
    old = Value.objects.get(indicator__code="cla-rate", area__code=STOCKTON, value=98.5)
    assert not old.is_current and old.superseded_by == value("cla-rate", STOCKTON, "2024")


def test_columns_in_any_order_any_case_and_optional_ones_left_out(catalogue, write_csv):
    header = ["value", "PERIOD", "Area Name", "area code", "Indicator Code"]
    rows = [["12", "Q1 2024/25", "Stockton-on-Tees", STOCKTON, "stockton-early-help"]]
    options = ImportOptions(partnership=catalogue["stockton"])
    report = import_file(path=write_csv(rows, header=header), options=options)
    assert report.new == 1
    assert value("stockton-early-help", STOCKTON, "Q1 2024/25").value == 12


def test_a_partnership_may_use_its_own_and_national_indicators(catalogue, write_csv):
    rows = [
        ["stockton-early-help", STOCKTON, "Q1 2024/25", "", "12", "", "", "", "", "", "", ""],
        ["cla-rate", STOCKTON, "2024", "", "98.5", "", "", "", "", "", "", ""],
    ]
    options = ImportOptions(partnership=catalogue["stockton"])
    assert import_file(path=write_csv(rows), options=options).new == 2


def test_the_template_never_creates_an_indicator(catalogue, write_csv):
    before = Indicator.objects.count()
    import_file(path=write_csv(good_rows()))
    assert Indicator.objects.count() == before


# Bad rows: each with its message ------------------------------------------------------------------


def bad(**cells: str) -> list[str]:
    """Stockton's 2024 rate with some cells changed."""
    base = dict(zip(HEADER, good_rows()[0], strict=True))
    base.update({name.replace("_", " "): text for name, text in cells.items()})
    return [base[column] for column in HEADER]


CASES = [
    (
        {"Indicator code": "cla-rates"},
        "Row 2, column Indicator code: No indicator you can use has the code “cla-rates”. Did "
        "you mean “cla-rate”? The Indicators sheet of the template (on the upload page) lists "
        "the codes; an indicator must be in the catalogue before values can be imported for it.",
    ),
    (
        {"Indicator code": "kent-youth-hubs"},
        "Row 2, column Indicator code: No indicator you can use has the code “kent-youth-hubs”. "
        "The Indicators sheet of the template (on the upload page) lists the codes; an "
        "indicator must be in the catalogue before values can be imported for it.",
    ),
    (
        {"Indicator code": ""},
        "Row 2, column Indicator code: The indicator code is empty. Use a code from the "
        "Indicators sheet of the template.",
    ),
    (
        {"Area code": "E06000999"},
        "Row 2, column Area code: No area has the code “E06000999”. Use an ONS code such as "
        "E08000009 (E92000001 for England) or a DfE 3-digit local authority number such as 358.",
    ),
    (
        {"Area code": "999"},
        "Row 2, column Area code: No area has the code “999”. Use an ONS code such as "
        "E08000009 (E92000001 for England) or a DfE 3-digit local authority number such as 358.",
    ),
    (
        {"Area code": ""},
        "Row 2, column Area code: The area code is empty. Use an ONS code such as E08000009 "
        "(E92000001 for England) or a DfE 3-digit local authority number such as 358.",
    ),
    (
        {"Period": "2023/24"},
        "Row 2, column Period: “2023/24” is not a calendar year. Write it like 2024, or 2022-24 "
        "for several years pooled. (cla-rate is measured by calendar year.)",
    ),
    (
        {"Period": ""},
        "Row 2, column Period: The period is empty. Write it like 2024, or 2022-24 for several "
        "years pooled. (cla-rate is measured by calendar year.)",
    ),
    ({"Value": "abc"}, f"Row 2, column Value: “abc” is not a number. {HINT}"),
    ({"Value": ""}, f"Row 2, column Value: The value is empty. {HINT}"),
    (
        {"Value": "1,234"},
        "Row 2, column Value: “1,234” is not a number: remove the commas between thousands.",
    ),
    (
        {"Numerator": "many"},
        "Row 2, column Numerator: “many” is not a number. Leave the cell empty if it is not known.",
    ),
    (
        {"Denominator": "0"},
        "Row 2, column Denominator: The denominator is 0: nothing can be worked out from it. "
        "Leave it empty if it is not known.",
    ),
    (
        {"Lower 95%": "120"},
        "Row 2, column Lower 95%: The lower limit (120) is above the upper limit (109.3). Check "
        "that the two columns are not swapped.",
    ),
    (
        {"Breakdown": "b" * 101},
        "Row 2, column Breakdown: The breakdown is 101 characters long; shorten it to at most 100.",
    ),
    (
        {"Note": "n" * 501},
        "Row 2, column Note: The note is 501 characters long; shorten it to at most 500.",
    ),
]


@pytest.mark.parametrize(("cells", "message"), CASES)
def test_each_bad_row_is_reported_with_its_row_column_and_fix(catalogue, write_csv, cells, message):
    rows = [bad(**cells)]
    assert errors_of(write_csv(rows)) == [message]
    assert not Value.objects.filter(indicator__partnership__isnull=True).exists()


def test_a_count_above_its_denominator_for_a_percentage(catalogue, write_csv):
    rows = [["gld", STOCKTON, "2023/24", "", "66.2", "2115", "1400", "", "", "", "", ""]]
    assert errors_of(write_csv(rows)) == [
        "Row 2, column Numerator: The count (2115) is larger than the denominator (1400), which "
        "cannot be for a proportion. Check that the two columns are not swapped."
    ]


def test_a_count_above_its_denominator_is_fine_for_a_rate(catalogue, write_csv):
    rows = [["cla-rate", STOCKTON, "2024", "", "1.5", "300", "200", "", "", "", "", ""]]
    assert import_file(path=write_csv(rows)).new == 1


def test_a_repeated_key(catalogue, write_csv):
    rows = [*good_rows(), ["gld", STOCKTON, "2023/24", "sex=Female", "74", *[""] * 7]]
    assert errors_of(write_csv(rows)) == [
        "Row 8: This row repeats row 6: both give gld for area E06000004 in 2023/24, breakdown "
        "sex=Female. Keep one of them."
    ]


def test_the_same_area_by_two_codes_is_a_repeat(catalogue, write_csv):
    rows = [good_rows()[1], ["cla-rate", "E08000009", "2024", "", "58.1", *[""] * 7]]
    assert errors_of(write_csv(rows)) == [
        "Row 3: This row repeats row 2: both give cla-rate for area E08000009 in 2024. Keep one "
        "of them."
    ]


def test_without_a_partnership_only_national_indicators(catalogue, write_csv):
    rows = [["stockton-early-help", STOCKTON, "Q1 2024/25", "", "12", *[""] * 7]]
    assert errors_of(write_csv(rows))[0].startswith(
        "Row 2, column Indicator code: No indicator you can use has the code “stockton-early-help”."
    )


def test_one_bad_row_imports_nothing(catalogue, write_csv):
    rows = [*good_rows(), bad(Value="n/a")]
    with pytest.raises(ImportFileError) as caught:
        import_file(path=write_csv(rows))
    assert (caught.value.report.rows, caught.value.report.rejected) == (7, 1)
    assert not Value.objects.filter(indicator__code__in=["cla-rate", "gld"]).exists()
    assert ImportBatch.objects.get().status == ImportStatus.REJECTED


def test_every_problem_in_a_file_is_listed(catalogue, write_csv):
    rows = [bad(Value="abc", Period="2023/24"), *good_rows(), bad(Area_code="X1")]
    errors = errors_of(write_csv(rows))
    assert [error.split(":")[0] for error in errors] == [
        "Row 2, column Period",
        "Row 2, column Value",
        "Row 9, column Area code",
    ]


# The header ---------------------------------------------------------------------------------------


def test_an_unknown_column_is_named_with_the_closest_one(catalogue, write_csv):
    header = [*HEADER[:6], "Denominater", *HEADER[7:]]
    assert errors_of(write_csv(good_rows(), header=header)) == [
        "Row 1, column Denominater: “Denominater” is not a column of the template. Did you mean "
        "“Denominator”? The template's columns are " + ", ".join(COLUMN_NAMES) + "."
    ]


def test_a_missing_required_column(catalogue, write_csv):
    header = [name for name in HEADER if name != "Value"]
    rows = [[cell for i, cell in enumerate(r) if i != 4] for r in good_rows()]
    # Without Value the columns are no format's, so ask for the template explicitly.
    assert errors_of(write_csv(rows, header=header), format="template") == [
        "Row 1: The file has no column “Value”. The template's columns are "
        + ", ".join(COLUMN_NAMES)
        + "; Indicator code, Area code, Period, Value are required."
    ]


def test_a_repeated_column(catalogue, write_csv):
    header = [*HEADER, "note"]
    rows = [[*r, ""] for r in good_rows()]
    assert errors_of(write_csv(rows, header=header)) == [
        "Row 1, column note: The column Note appears twice. Keep one of them."
    ]


def test_a_cell_beyond_the_named_columns(catalogue, write_csv):
    rows = [[*good_rows()[0], "stray"]]
    assert errors_of(write_csv(rows)) == [
        "Row 2: The row has something in column 13, which has no name in row 1 of the file. "
        "Give the column one of the template's names, or clear the cell."
    ]


def test_a_cell_under_a_column_with_no_name(catalogue, write_csv):
    header = ["Indicator code", "Area code", "", "Period", "Value"]
    rows = [["cla-rate", STOCKTON, "", "2024", "98.5"], ["cla-rate", "358", "x", "2024", "58"]]
    assert errors_of(write_csv(rows, header=header)) == [
        "Row 3: The row has something in column 3, which has no name in row 1 of the file. "
        "Give the column one of the template's names, or clear the cell."
    ]


def test_short_rows_and_blank_lines(catalogue, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        "Indicator code,Area code,Period,Value\r\ncla-rate,E06000004,2024,98.5\r\n,,,\r\n\r\n"
        "cla-rate,358,2024\r\n",
        encoding="utf-8",
    )
    # A missing trailing cell is an empty one: the last row has no value.
    assert errors_of(path) == [f"Row 5, column Value: The value is empty. {HINT}"]


# Excel workbooks ----------------------------------------------------------------------------------


def test_a_workbook_imports(catalogue, write_xlsx):
    rows: list[list[object]] = [
        # Excel types numbers: a year, a DfE number, a value and counts.
        ["cla-rate", STOCKTON, 2024, None, 98.5, 355, 36050, 88.5, 109.3, None, None, None],
        ["cla-rate", 358, 2024.0, None, 58.1, None, None, None, None, None, None, "Trafford"],
        ["gld", STOCKTON, "2023/24", "sex=Female", 73.1, None, None, None, None, None, None, None],
        ["gld", STOCKTON, "2022/23", None, "c", None, None, None, None, None, None, None],
        [None] * 12,  # formatted but empty rows at the end of a sheet
    ]
    path = write_xlsx(rows)
    assert read_header(path) == HEADER
    report = import_file(path=path)
    assert (report.format, report.rows, report.new) == ("template", 4, 4)
    assert value("cla-rate", STOCKTON, "2024").numerator == 355
    assert value("cla-rate", "E08000009", "2024").value == 58.1
    assert value("gld", STOCKTON, "2022/23").missing_reason == "c"
    assert import_file(path=path).unchanged == 4


def test_a_workbook_without_a_values_sheet(catalogue, write_xlsx):
    path = write_xlsx([], sheet="Sheet1")
    assert errors_of(path) == [
        "The workbook has no sheet called “Values”; its sheets are “Sheet1”. Put the values on "
        "a sheet called Values, with the column names in row 1."
    ]
    assert not ImportBatch.objects.exists()


def test_periods_excel_turned_into_dates_and_numbers(catalogue, write_xlsx):
    rows: list[list[object]] = [
        ["gld", STOCKTON, dt.datetime(2024, 3, 1), *[None] * 1, 66.2, *[None] * 7],
        ["gld", STOCKTON, 2023.24, None, 66.2, *[None] * 7],
        ["cla-rate", STOCKTON, dt.time(20, 24), None, 98.5, *[None] * 7],
        ["kent-youth-hubs", "886", dt.datetime(2024, 4, 1), None, 310, *[None] * 7],
    ]
    kent = ImportOptions(partnership=catalogue["kent"])
    assert errors_of(write_xlsx(rows), options=kent) == [
        "Row 2, column Period: Excel has turned the period into the date 1 March 2024. Format "
        "the Period column as Text and type the period again, like 2023/24, 2023-24, 202324 or "
        "2024 (the school year ending in summer 2024). (gld is measured by academic year.)",
        "Row 3, column Period: Excel has turned the period into the number 2023.24. Format the "
        "Period column as Text and type the period again, like 2023/24, 2023-24, 202324 or "
        "2024 (the school year ending in summer 2024). (gld is measured by academic year.)",
        "Row 4, column Period: Excel has turned the period into the time 20:24:00. Format the "
        "Period column as Text and type the period again, like 2024, or 2022-24 for several "
        "years pooled. (cla-rate is measured by calendar year.)",
    ]


def test_a_month_excel_turned_into_a_date_is_read_as_the_month(catalogue, write_xlsx):
    rows: list[list[object]] = [
        ["kent-youth-hubs", "886", dt.datetime(2024, 4, 1), None, 310, *[None] * 7]
    ]
    options = ImportOptions(partnership=catalogue["kent"])
    assert import_file(path=write_xlsx(rows), options=options).new == 1
    assert value("kent-youth-hubs", "E10000016", "April 2024").value == 310


def test_excel_error_cells(catalogue, write_xlsx):
    rows: list[list[object]] = [
        ["cla-rate", STOCKTON, 2024, None, "#DIV/0!", None, "#REF!", *[None] * 5]
    ]
    assert errors_of(write_xlsx(rows)) == [
        "Row 2, column Value: The cell shows Excel's error #DIV/0!: correct the formula, or "
        "type the value itself.",
        "Row 2, column Denominator: The cell shows Excel's error #REF!: correct the formula, or "
        "type the value itself.",
    ]


def test_a_damaged_workbook(catalogue, tmp_path):
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert errors_of(path) == [
        "The file is a zip archive but not an Excel workbook this product can open: it may be "
        "cut short or another kind of file. Save it from Excel as “Excel Workbook (.xlsx)” or "
        "as “CSV UTF-8 (comma delimited)” and try again."
    ]


def test_a_workbook_whose_sheet_is_damaged_part_way(catalogue, write_xlsx, tmp_path):
    good = write_xlsx([["cla-rate", STOCKTON, 1970 + n, None, n] for n in range(50)])
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]  # the sheet's XML cut off half way
            target.writestr(item, data)
    assert errors_of(path) == [
        "Part of the workbook cannot be read: it may be damaged. Open it in Excel, save it "
        "again as “Excel Workbook (.xlsx)” and try again."
    ]
    assert not Value.objects.filter(indicator__code="cla-rate").exists()


def test_an_old_excel_file(catalogue, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert errors_of(path) == [
        "The file is an old-style Excel workbook (.xls). Save it as “Excel Workbook (.xlsx)” or "
        "“CSV UTF-8 (comma delimited)” and try again."
    ]


def test_a_workbook_in_a_format_read_only_as_csv(catalogue, write_xlsx):
    header = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"]
    path = write_xlsx([["LAC", "2024", "Trafford", 58.1, 358, "North West"]], header=header)
    assert errors_of(path) == [
        "The file is an Excel workbook, and DfE LAIT long format files are read as CSV. Save "
        "the sheet as “CSV UTF-8 (comma delimited)” and import that."
    ]


def test_the_type_of_file_comes_from_its_content_not_its_name(catalogue, write_xlsx):
    path = write_xlsx([["cla-rate", STOCKTON, 2024, None, 98.5]], header=HEADER[:5], name="x.csv")
    assert import_file(path=path).new == 1


# The blank templates ------------------------------------------------------------------------------


def test_the_blank_csv_template_parses_back(catalogue, tmp_path):
    path = tmp_path / "template.csv"
    path.write_bytes(template_csv(catalogue["stockton"]))
    assert read_header(path) == COLUMN_NAMES
    assert detect_format(read_header(path)) == "template"
    report = import_file(path=path, dry_run=True)
    assert (report.rows, report.new) == (0, 0)

    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(good_rows())
    assert import_file(path=path).new == 6


def test_the_blank_workbook_parses_back_and_lists_what_the_partnership_can_use(catalogue, tmp_path):
    data = template_xlsx(catalogue["stockton"])
    workbook = openpyxl.load_workbook(BytesIO(data))
    assert workbook.sheetnames == ["Values", "Instructions", "Indicators"]
    values = workbook["Values"]
    assert [cell.value for cell in values[1]] == COLUMN_NAMES
    assert values.max_row == 1
    # Codes and periods are text columns, so Excel does not turn "2023/24" into a date.
    assert values.column_dimensions["C"].number_format == "@"

    listing = workbook["Indicators"]
    rows = [[cell.value for cell in line] for line in listing.iter_rows()]
    assert rows[0] == ["Code", "Name", "Period type", "Write periods like", "Value type", "Whose"]
    codes = {line[0] for line in rows[1:]}
    assert {"cla-rate", "gld", "stockton-early-help"} <= codes
    assert "kent-youth-hubs" not in codes
    own = next(line for line in rows if line[0] == "stockton-early-help")
    assert own[2:] == [
        "Quarter",
        "Q1 2024/25 (April to June 2024) or Q1 2024 (January to March 2024)",
        "Count",
        "Stockton-on-Tees Children and Young People's Partnership",
    ]
    assert next(line for line in rows if line[0] == "gld")[5] == "National catalogue"

    text = "\n".join(
        str(cell.value) for line in workbook["Instructions"].iter_rows() for cell in line
    )
    for name in [*COLUMN_NAMES, "c", "x", "z", "low", "u", "-", "Not available", "Quarter"]:
        assert name in text

    national = openpyxl.load_workbook(BytesIO(template_xlsx(None)))
    national_codes = {line[0].value for line in national["Indicators"].iter_rows(min_row=2)}
    assert {"cla-rate", "gld"} <= national_codes
    assert "stockton-early-help" not in national_codes


def test_a_filled_in_copy_of_the_workbook_imports(catalogue, tmp_path):
    workbook = openpyxl.load_workbook(BytesIO(template_xlsx(catalogue["stockton"])))
    values = workbook["Values"]
    for cells in good_rows():
        values.append([cell or None for cell in cells])
    values.append(["stockton-early-help", STOCKTON, "Q1 2024/25", None, 12, *[None] * 7])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    options = ImportOptions(partnership=catalogue["stockton"])
    report = import_file(path=path, options=options)
    assert (report.format, report.new) == ("template", 7)
    assert value("stockton-early-help", STOCKTON, "Q1 2024/25").value == 12


# The command line ---------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_import_command_reads_a_workbook(catalogue, write_xlsx):
    path = str(write_xlsx([["cla-rate", STOCKTON, 2024, None, 98.5]], header=HEADER[:5]))
    assert run("import", path, "--format", "template") == (
        "Imported values.xlsx (The product's own template (CSV or XLSX)): 1 rows.\n"
        "  Values: 1 new, 0 changed, 0 unchanged, 0 left out.\n"
        "  Indicators: 0 new, 0 changed, 0 unchanged. Periods: 1 new.\n"
    )
    assert run("import", path).endswith(
        "Nothing changed: everything in the file was already imported.\n"
    )
