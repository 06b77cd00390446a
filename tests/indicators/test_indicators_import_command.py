"""partnership import, partnership opendata and partnership demo on the command line."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from partnership.areas.models import Area
from partnership.indicators.models import ImportBatch, Indicator, Value


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_reports_what_it_did(db, write_csv, lait):
    path = write_csv(lait.good_rows)
    assert run("import", str(path)) == (
        "Imported lait.csv (DfE LAIT long format): 7 rows.\n"
        "  Values: 7 new, 0 changed, 0 unchanged, 0 left out.\n"
        "  Indicators: 2 new, 0 changed, 0 unchanged. Periods: 4 new.\n"
    )
    assert run("import", str(path), "--format", "lait").endswith(
        "  Values: 0 new, 0 changed, 7 unchanged, 0 left out.\n"
        "  Indicators: 0 new, 0 changed, 2 unchanged. Periods: 0 new.\n"
        "Nothing changed: everything in the file was already imported.\n"
    )


def test_import_dry_run(db, write_csv, lait):
    out = run("import", str(write_csv(lait.good_rows)), "--dry-run")
    assert out.startswith(
        "Checked lait.csv (DfE LAIT long format): 7 rows.\n"
        "Dry run: nothing was written. Without --dry-run the import would change:\n"
        "  Values: 7 new,"
    )
    assert not Value.objects.exists()


def test_import_lists_the_first_fifty_problems_and_counts_the_rest(db, write_csv, lait):
    rows = [
        lait.lac(str(year), la, "", "n/a")
        for year in range(2000, 2020)
        for la in ("358", "970", "981")
    ]
    with pytest.raises(CommandError) as caught:
        run("import", str(write_csv(rows)))
    lines = str(caught.value).splitlines()
    assert lines[0] == "lait.csv has 60 problems in 60 rows; nothing was imported."
    assert lines[1] == (
        "  Row 2, column Values: “n/a” is not a number. Use a number, or one of the missing-value "
        "codes c, x, z, low, u, -."
    )
    assert len(lines) == 52
    assert lines[-1] == "  ... and 10 more."
    assert not Value.objects.exists()


def test_import_a_single_problem(db, write_csv, lait):
    rows = [*lait.good_rows, lait.lac("2024", "999", "Nowhere", "1")]
    with pytest.raises(CommandError) as caught:
        run("import", str(write_csv(rows)))
    assert str(caught.value).splitlines()[0] == (
        "lait.csv has 1 problem in 1 row; nothing was imported."
    )


def test_import_offers_only_the_formats_it_implements(db, write_csv, lait):
    with pytest.raises(CommandError, match="invalid choice: 'spss'"):
        run("import", str(write_csv(lait.good_rows)), "--format", "spss")


def test_import_of_an_unknown_format_says_which_are_supported(db, write_csv):
    path = write_csv([["2024", "E08000009", "1"]], header=["time_period", "new_la_code", "rate"])
    with pytest.raises(CommandError) as caught:
        run("import", str(path))
    assert "are not a format this product can import. It reads DfE LAIT long format" in str(
        caught.value
    )


def test_import_of_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("import", str(tmp_path / "absent.csv"))
    assert str(caught.value) == (
        "absent.csv has 1 problem; nothing was imported.\n"
        f"  There is no file at {tmp_path}/absent.csv."
    )


@pytest.fixture
def small_open_data(db, settings, tmp_path, write_csv, lait) -> Path:
    """The real area and neighbour files with a seven-row key-indicators file."""
    real = Path(settings.DATA_DIR)
    data = tmp_path / "data"
    shutil.copytree(real / "open", data / "open", ignore=shutil.ignore_patterns("lait"))
    shutil.copytree(real / "demo", data / "demo")
    (data / "open" / "lait").mkdir()
    shutil.copy(write_csv(lait.good_rows), data / "open" / "lait" / "lait_key_indicators_long.csv")
    settings.DATA_DIR = data
    return data


def test_opendata_loads_areas_neighbours_and_key_indicators_and_can_run_again(small_open_data):
    out = run("opendata")
    assert "LSOAs: 32,844 new, 0 changed, 0 unchanged." in out
    assert "Statistical neighbours 2025: 1,530 new, 0 changed, 0 removed, 0 unchanged." in out
    assert "  Values: 7 new, 0 changed, 0 unchanged, 0 left out." in out
    assert Area.objects.count() == 33_211
    again = run("opendata")
    assert "LSOAs: 0 new, 0 changed, 32,844 unchanged." in again
    assert "Statistical neighbours 2021: 0 new, 0 changed, 0 removed, 1,560 unchanged." in again
    assert "Nothing changed: everything in the file was already imported." in again
    assert "Column mappings for DfE tidy files: 0 new, 0 changed, 8 unchanged." in again
    # The seven LAIT values, the 12,473 from DfE's tidy files and the 6,505 of the Fingertips
    # export; one batch per file and load.
    assert "Imported fingertips_90284_hosp_admissions_injuries_0_14_ctyua.csv" in again
    assert Value.objects.count() == 7 + 12_473 + 6_505
    assert ImportBatch.objects.count() == 2 * 10


def test_demo_loads_the_open_data_first(small_open_data):
    out = run("demo")
    assert out.index("LSOAs: 32,844 new") < out.index("Demo accounts:")
    assert Indicator.objects.filter(lait_code="LAC").exists()


def test_the_session_demo_has_no_indicator_values(db):
    # tests/conftest.py loads demo_load() only: the open-data pack's values stay out of the
    # suite, which writes its own small files.
    assert settings.DATA_DIR.name == "data"
    assert not Value.objects.exists()
    assert Area.objects.count() == 182
