"""partnership opendata: load the bundled open-data pack (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnership.areas.services import AreaDataError
from partnership.indicators.importers import ImportFileError, problems_text, summary_text
from partnership.web.demo import OpenDataResult, opendata_load


class Command(BaseCommand):
    help = (
        "Load every English area (England to LSOAs), DfE's statistical-neighbour sets, LAIT's key "
        "indicators, DfE's tidy files and a Fingertips export from data/open. Running it again "
        "changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = opendata_load()
        except AreaDataError as error:
            raise CommandError("\n".join(error.problems)) from None
        except ImportFileError as error:
            raise CommandError(problems_text(error.report)) from None
        write_opendata(self, result)


def write_opendata(command: BaseCommand, result: OpenDataResult) -> None:
    out = command.stdout
    for level, counts in result.areas.levels.items():
        out.write(
            f"{level}: {counts.created:,} new, {counts.updated:,} changed, "
            f"{counts.unchanged:,} unchanged."
        )
    if result.areas.lsoas_without_district:
        out.write(
            f"  {result.areas.lsoas_without_district:,} LSOAs are in districts abolished since "
            "2019, so have no parent district."
        )
    for version, n in result.areas.neighbours.items():
        out.write(
            f"Statistical neighbours {version}: {n.created:,} new, {n.updated:,} changed, "
            f"{n.deleted:,} removed, {n.unchanged:,} unchanged."
        )
    out.write(summary_text(result.indicators))
    if result.ees is not None:
        m = result.ees.mappings
        out.write(
            f"Column mappings for DfE tidy files: {m['new']:,} new, {m['changed']:,} changed, "
            f"{m['unchanged']:,} unchanged."
        )
        for report in result.ees.reports:
            out.write(summary_text(report))
    if result.fingertips is not None:
        out.write(summary_text(result.fingertips))
