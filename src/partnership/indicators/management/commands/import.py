"""partnership import FILE [--format lait] [--dry-run]: import indicator values from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.indicators.importers import (
    FORMATS,
    ImportFileError,
    import_file,
    problems_text,
    summary_text,
)


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV file (optionally gzip-compressed). Every row is "
        "checked first; a file with any problem imports nothing. See docs/data.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import (.csv or .csv.gz).")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="The file's format. Left out, it is worked out from the file's columns.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, writing nothing.",
        )
        parser.add_argument(
            "--dictionary",
            help="For LAIT files: the LAIT data dictionary describing the measures "
            "(default: data/open/lait/lait_data_dictionary.csv).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(row: int) -> None:
            self.stderr.write(f"  read {row:,} rows")

        try:
            report = import_file(
                path=Path(options["file"]),
                format=options["format"],
                dry_run=options["dry_run"],
                dictionary=Path(options["dictionary"]) if options["dictionary"] else None,
                progress=progress if options["verbosity"] >= 2 else None,
            )
        except ImportFileError as error:
            raise CommandError(problems_text(error.report)) from None
        self.stdout.write(summary_text(report))
