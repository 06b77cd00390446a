"""partnership import FILE [--format FORMAT] [--dry-run] [--mapping M.yaml]: import indicator
values from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.indicators.importers import (
    FORMATS,
    ImportFileError,
    ImportOptions,
    import_file,
    problems_text,
    summary_text,
)
from partnership.indicators.importers.source import SourceError, read_header
from partnership.indicators.mappings import MappingFileError, mapping_load_file, mapping_save


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV file (optionally gzip-compressed). Every row is "
        "checked first; a file with any problem imports nothing. See docs/data.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="The file to import: .csv or .csv.gz, or .xlsx for the template."
        )
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
        parser.add_argument(
            "--mapping",
            metavar="FILE",
            help="For DfE tidy (EES) files: the column mapping (YAML or JSON, see docs/data.md). "
            "After an import that is not a dry run it is remembered for files with the same "
            "columns, so the next one needs no --mapping.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(row: int) -> None:
            self.stderr.write(f"  read {row:,} rows")

        path = Path(options["file"])
        format, spec = options["format"], None
        if options["mapping"]:
            if format not in (None, "ees"):
                raise CommandError("--mapping is for DfE tidy files (--format ees) only.")
            # A mapping says the file is a tidy file: one that is not is told so, by its columns.
            format = "ees"
            try:
                spec = mapping_load_file(Path(options["mapping"]))
            except MappingFileError as error:
                raise CommandError(str(error)) from None
        try:
            report = import_file(
                path=path,
                format=format,
                dry_run=options["dry_run"],
                dictionary=Path(options["dictionary"]) if options["dictionary"] else None,
                progress=progress if options["verbosity"] >= 2 else None,
                options=ImportOptions(mapping=spec),
            )
        except ImportFileError as error:
            raise CommandError(problems_text(error.report)) from None
        self.stdout.write(summary_text(report))
        if spec is not None and not report.dry_run:
            self._remember(path, Path(options["mapping"]), spec)

    def _remember(self, path: Path, mapping_path: Path, spec: dict[str, Any]) -> None:
        name = str(spec.get("name") or mapping_path.stem)
        try:
            mapping = mapping_save(
                partnership=None, name=name, header=read_header(path), spec=spec, by=None
            )
        except (ValidationError, SourceError) as error:
            # The import has checked the same mapping against the same file, so this is rare.
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(
                "The values were imported, but the mapping could not be remembered: "
                + " ".join(messages)
            ) from None
        self.stdout.write(
            f"Column mapping “{mapping.name}” remembered for files with these columns."
        )
