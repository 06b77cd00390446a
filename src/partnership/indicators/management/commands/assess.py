"""partnership assess [--indicator CODE ...]: recompute assessments now, in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.indicators.assessments import assessments_recompute
from partnership.indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "Recompute the assessments of indicator values (intervals, comparisons with England, "
        "the region and statistical neighbours, ranks, quartile bands, direction of travel, "
        "recent trend, targets and ratings). Imports do this in the background; this does it "
        "now and says what it did."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--indicator",
            action="append",
            metavar="CODE",
            default=[],
            help="Only this indicator (its code); repeat for more. Default: every indicator.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["indicator"]
        ids = None
        if codes:
            found = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
            unknown = [code for code in codes if code not in found]
            if unknown:
                raise CommandError(
                    f"No indicator has the code {', '.join(unknown)}. The codes are listed on "
                    "the indicators page, or by `partnership shell -c` with "
                    "Indicator.objects.values_list('code')."
                )
            ids = list(Indicator.objects.filter(code__in=codes).values_list("pk", flat=True))
        summary = assessments_recompute(indicator_ids=ids)
        self.stdout.write(summary.text())
