"""partnership rounds remind [--date YYYY-MM-DD] [--dry-run] | partnership rounds list"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnership.plans.delivery import rounds_send_reminders
from partnership.plans.delivery_models import NoticeKind
from partnership.plans.delivery_selectors import round_completion
from partnership.plans.models import UpdateRound


class Command(BaseCommand):
    help = (
        "Update rounds: send the reminders due today (run it daily from a scheduler such as "
        "cron), or list the rounds and how complete they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="remind|list")
        remind = sub.add_parser(
            "remind",
            help="Email the groups that still owe updates, before and after each open round's "
            "deadline. Running it twice in a day sends nothing twice.",
        )
        remind.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD), to catch up a missed day.",
        )
        remind.add_argument(
            "--dry-run", action="store_true", help="Say who would be reminded, sending nothing."
        )
        sub.add_parser("list", help="List the rounds, open first, with their completion.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"“{options['date']}” is not a date: write it as YYYY-MM-DD, "
                    "for example 2026-01-31."
                ) from None
        reminders = rounds_send_reminders(today=today, dry_run=options["dry_run"])
        verb = "Would remind" if options["dry_run"] else "Reminded"
        for reminder in reminders:
            when = "before" if reminder.kind == NoticeKind.BEFORE else "after"
            about = f"({when} the deadline of “{reminder.round.title}”)"
            if reminder.recipients:
                self.stdout.write(
                    f"{verb} {reminder.group.name} {about}: {', '.join(reminder.recipients)}"
                )
            else:
                self.stdout.write(
                    f"Nobody to remind in {reminder.group.name} {about}: no contributor of the "
                    "group has an email address"
                )
        if not reminders:
            self.stdout.write(f"No reminders due on {today:%-d %B %Y}.")

    def _list(self) -> None:
        rounds = UpdateRound.objects.select_related("plan__partnership").open_first()
        if not rounds:
            self.stdout.write("No update rounds yet.")
        for update_round in rounds:
            completion = round_completion(update_round)
            self.stdout.write(
                f"{update_round.plan.partnership.slug} {update_round.plan.slug} "
                f"#{update_round.pk} “{update_round.title}”: {update_round.get_status_display()}, "
                f"deadline {update_round.deadline:%-d %B %Y}, "
                f"{completion.updated} of {completion.total} actions updated"
            )
