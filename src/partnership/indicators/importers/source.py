"""Opening an import file: plain or gzip-compressed CSV, UTF-8 (with or without a byte-order
mark), read as a stream so a large file is never held in memory whole; or an Excel workbook
(XLSX) whose values are on a sheet called "Values". The kind of file is worked out from its
first bytes, not its name: an upload called "data.csv" may well be a workbook."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

GZIP_MAGIC = b"\x1f\x8b"
# An XLSX workbook is a zip archive; an old binary .xls is an OLE compound document.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
VALUES_SHEET = "Values"


class SourceError(Exception):
    """The file cannot be read at all (missing, not text, not CSV)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    if not path.is_file():
        raise SourceError(f"There is no file at {path}.")
    with path.open("rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    with gzip.open(path, "rb") if compressed else path.open("rb") as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _magic(path: Path) -> bytes:
    if not path.is_file():
        raise SourceError(f"There is no file at {path}.")
    with path.open("rb") as probe:
        return probe.read(4)


def is_xlsx(path: Path) -> bool:
    """Whether the file is a zip archive, which is what an XLSX workbook is."""
    return _magic(path) == ZIP_MAGIC


@contextmanager
def xlsx_rows(path: Path) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of the workbook's Values sheet, row 1 first, as Excel typed the cells (numbers,
    dates, text; formulas as their last calculated values). Raises SourceError when the file is
    not a workbook openpyxl can read or has no Values sheet."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # Opened as a stream, not by name: openpyxl refuses a path that does not end in .xlsx, and
    # the kind of file comes from its content.
    handle = path.open("rb")
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        handle.close()
        raise SourceError(
            "The file is a zip archive but not an Excel workbook this product can open: it may "
            "be cut short or another kind of file. Save it from Excel as “Excel Workbook "
            "(.xlsx)” or as “CSV UTF-8 (comma delimited)” and try again."
        ) from None
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        name = names.get(VALUES_SHEET.lower())
        if name is None:
            shown = ", ".join(f"“{sheet}”" for sheet in workbook.sheetnames)
            raise SourceError(
                f"The workbook has no sheet called “{VALUES_SHEET}”; its sheets are {shown}. Put "
                f"the values on a sheet called {VALUES_SHEET}, with the column names in row 1."
            )
        yield _guarded(workbook[name].iter_rows(min_row=1, values_only=True))
    finally:
        workbook.close()
        handle.close()


def _guarded(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows, with a sheet that turns out damaged part way (openpyxl reads as it goes)
    reported as a SourceError rather than a crash."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        # XML parsers' errors (ElementTree's ParseError, lxml's) are SyntaxErrors.
        except (zipfile.BadZipFile, SyntaxError, KeyError, ValueError, OSError) as error:
            raise SourceError(
                "Part of the workbook cannot be read: it may be damaged. Open it in Excel, save "
                "it again as “Excel Workbook (.xlsx)” and try again."
            ) from error
        yield row


def xlsx_header(cells: tuple[Any, ...] | None) -> list[str]:
    """Row 1 of a sheet as column names (a number typed as a name is read as its text)."""
    header = ["" if cell is None else str(cell).strip() for cell in cells or ()]
    while header and not header[-1]:
        header.pop()  # formatted but empty cells after the last column
    return header


def read_header(path: Path) -> list[str]:
    """The file's first row (for a workbook, row 1 of its Values sheet), for working out its
    format."""
    magic = _magic(path)
    if magic == OLE_MAGIC:
        raise SourceError(
            "The file is an old-style Excel workbook (.xls). Save it as “Excel Workbook (.xlsx)” "
            "or “CSV UTF-8 (comma delimited)” and try again."
        )
    if magic == ZIP_MAGIC:
        with xlsx_rows(path) as rows:
            header = xlsx_header(next(rows, None))
        if not any(header):
            raise SourceError(
                f"Row 1 of the {VALUES_SHEET} sheet is empty: it should name the columns."
            )
        return header
    try:
        with open_text(path) as text:
            header = next(csv.reader(text), [])
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError, csv.Error) as error:
        raise SourceError(unreadable_message(error)) from None
    header = [name.strip() for name in header]
    if not any(header):
        raise SourceError("The file is empty: the first row should name the columns.")
    return header


def unreadable_message(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "The file is not UTF-8 text. Save it as “CSV UTF-8 (comma delimited)” and try again."
    if isinstance(error, gzip.BadGzipFile | EOFError):
        return "The file looks compressed (gzip) but cannot be uncompressed: it may be cut short."
    return f"The file cannot be read: {error}."
