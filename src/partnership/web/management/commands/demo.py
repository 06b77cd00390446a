"""partnership demo: load the open-data pack, the demo partnerships and accounts (safe to run
again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnership.areas.services import AreaDataError
from partnership.governance.demo import GovernanceDemoError, governance_demo_summary
from partnership.indicators.importers import ImportFileError, problems_text
from partnership.web.demo import DEMO_ACCOUNTS, demo_load, opendata_load

from .opendata import write_opendata


class Command(BaseCommand):
    help = (
        "Load the open-data pack (every English area, statistical neighbours, LAIT's key "
        "indicators), the demo partnerships' plans, one account per role and a completed "
        "mid-year update round on Stockton's plan."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            write_opendata(self, opendata_load())
        except AreaDataError as error:
            raise CommandError("\n".join(error.problems)) from None
        except ImportFileError as error:
            raise CommandError(problems_text(error.report)) from None
        try:
            result = demo_load()
        except GovernanceDemoError as error:
            raise CommandError(str(error)) from None
        a = result.areas
        self.stdout.write(f"Areas: {a.created} new, {a.updated} changed, {a.unchanged} unchanged.")
        for summary in result.plans:
            state = "changed" if summary.changed else "already up to date"
            self.stdout.write(f"Plan “{summary.plan_title}” ({summary.partnership_slug}): {state}.")
        self.stdout.write(f"Demo accounts: {result.accounts_created} new.")
        delivery = result.delivery
        if delivery.loaded:
            self.stdout.write(
                f"Delivery demo: round “{delivery.round_title}” loaded "
                f"({delivery.updates} updates)."
            )
        elif delivery.left_alone:
            self.stdout.write(f"Delivery demo: left out, {delivery.left_alone}.")
        else:
            self.stdout.write("Delivery demo: already up to date.")
        self.stdout.write(governance_demo_summary(result.governance))
        self.stdout.write("")
        self.stdout.write(
            "Demo accounts, for trying the product on this machine only (delete them before "
            "real use):"
        )
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.description:<55} {account.username:<12} {account.password}"
            )
