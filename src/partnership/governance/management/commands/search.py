"""`partnership search reindex [--partnership SLUG]`: rebuild the search index of what is published.

Publishing keeps the index up to date by itself; this is for after loading data with loaddata
(which skips the receivers), restoring a backup, or changing what an entry holds.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.governance import search
from partnership.web.models import Partnership


class Command(BaseCommand):
    help = "Search of published agendas, minutes, one-minute guides and papers."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        reindex = actions.add_parser(
            "reindex",
            help="Rebuild the index from what the public may see now.",
        )
        reindex.add_argument(
            "--partnership", metavar="SLUG", help="Only this partnership (default: all)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = None
        if options.get("partnership"):
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(
                    f"There is no partnership “{options['partnership']}”. Known: {known}."
                )
        count = search.reindex(partnership=partnership)
        where = partnership.name if partnership else "every partnership"
        noun = "entry" if count == 1 else "entries"
        self.stdout.write(f"Search index rebuilt for {where}: {count} {noun}.")
