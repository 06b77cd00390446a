"""partnership plan import FILE [--dry-run] | partnership plan export PARTNERSHIP PLAN [-o FILE]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.plans.models import Plan
from partnership.plans.planfile.dump import plan_file_text
from partnership.plans.planfile.load import ImportSummary, PlanFileError, plan_file_import


class Command(BaseCommand):
    help = "Import or export a plan file (see docs/plan-file.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        imp = sub.add_parser("import", help="Create or update a plan from a plan file.")
        imp.add_argument("file", help="The plan file (YAML), or - for standard input.")
        imp.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, writing nothing.",
        )
        exp = sub.add_parser("export", help="Write a plan out as a plan file.")
        exp.add_argument("partnership", help="The partnership's slug, e.g. stockton-on-tees.")
        exp.add_argument("plan", help="The plan's slug, e.g. cypp-2015-2018.")
        exp.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"], options["dry_run"])
        else:
            self._export(options["partnership"], options["plan"], options.get("output"))

    def _import(self, file: str, dry_run: bool) -> None:
        if file == "-":
            raw = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"There is no file at {path}.")
            raw = path.read_bytes()
        try:
            summary = plan_file_import(
                raw=raw, by=None, dry_run=dry_run, max_bytes=settings.PLAN_FILE_MAX_BYTES
            )
        except PlanFileError as error:
            count = len(error.problems)
            lines = [
                f"The plan file has {count} problem{'s' if count != 1 else ''}; "
                "nothing was imported:"
            ]
            lines += [f"  {problem}" for problem in error.problems]
            raise CommandError("\n".join(lines)) from None
        self._report(summary)

    def _report(self, summary: ImportSummary) -> None:
        verb = "Would import" if summary.dry_run else "Imported"
        self.stdout.write(
            f"{verb} “{summary.plan_title}” ({summary.partnership_slug}/{summary.plan_slug})."
        )
        for row in summary.rows:
            self.stdout.write(
                f"  {row['label']}: {row['created']} new, {row['updated']} changed, "
                f"{row['deleted']} removed, {row['unchanged']} unchanged"
            )
        if not summary.changed:
            self.stdout.write("Nothing changed: the plan already matches the file.")

    def _export(self, partnership: str, plan_slug: str, output: str | None) -> None:
        plan = Plan.objects.filter(partnership__slug=partnership, slug=plan_slug).first()
        if plan is None:
            known = (
                ", ".join(
                    f"{p.partnership.slug} {p.slug}"
                    for p in Plan.objects.select_related("partnership")
                )
                or "none yet"
            )
            raise CommandError(
                f"No plan “{plan_slug}” in partnership “{partnership}”. Plans: {known}."
            )
        text = plan_file_text(plan)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
