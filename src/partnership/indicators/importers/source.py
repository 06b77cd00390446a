"""Opening an import file: plain or gzip-compressed CSV, UTF-8 (with or without a byte-order
mark), read as a stream so a large file is never held in memory whole."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

GZIP_MAGIC = b"\x1f\x8b"


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


def read_header(path: Path) -> list[str]:
    """The file's first row, for working out its format."""
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
