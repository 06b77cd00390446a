"""Delivery tracking at the size of a large partnership: a plan of 12 priorities with 25 key actions
each (300 actions) led by 40 groups, each group with two contributors. Times, in one process on a
throwaway SQLite database (or PostgreSQL with --database-url): opening a round (with its 40
emails, to Django's in-memory outbox), sending an update on every action, the round's live
completion page, a group's to-do list, closing the round (compiling 12 snapshots) and reading a
compiled update. Figures are printed, never asserted.

    python bench/bench_delivery.py [--database-url postgres://user@host:port/db] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit  # noqa: E402

PRIORITIES, ACTIONS_EACH, GROUPS = 12, 25, 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server to use (a new database on it)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="bench-delivery-")
    os.environ["PARTNERSHIP_VAR_DIR"] = var
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # Pages are rendered without collectstatic having run.
    os.environ.setdefault("DJANGO_DEV_STATIC_PLAIN", "1")
    name = f"bench_delivery_{os.getpid()}"
    if args.database_url:
        benchkit.postgres(args.database_url, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = benchkit.with_database(args.database_url, name)
    try:
        run(args.repeat)
    finally:
        if args.database_url:
            from django.db import connections

            connections.close_all()
            benchkit.postgres(args.database_url, f'DROP DATABASE "{name}"')


def run(repeat: int) -> None:
    benchkit.setup_django()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from partnership.governance.models import Group
    from partnership.plans import delivery, services
    from partnership.plans.delivery_selectors import round_completion
    from partnership.web.demo import demo_load
    from partnership.web.models import Role, User, UserRole

    demo_load()
    from partnership.web.models import Partnership

    stockton = Partnership.objects.get(slug="stockton-on-tees")
    officer = User.objects.get(username="officer")
    with transaction.atomic():
        plan = services.plan_create(
            partnership=stockton, by=None, slug="bench-plan", title="Benchmark plan"
        )
        groups = [
            Group.objects.create(partnership=stockton, name=f"Bench group {n:02}")
            for n in range(GROUPS)
        ]
        for n, group in enumerate(groups):
            for k in range(2):
                name = f"bench-{n}-{k}"
                user = User.objects.create_user(name, email=f"{name}@example.org")
                role = UserRole.objects.create(
                    user=user, partnership=stockton, role=Role.CONTRIBUTOR
                )
                role.groups.add(group)
        priorities = []
        for p in range(PRIORITIES):
            priority = services.priority_create(plan=plan, by=None, title=f"Priority {p + 1}")
            priorities.append(priority)
            for a in range(ACTIONS_EACH):
                services.action_create(
                    priority=priority,
                    by=None,
                    text=f"Key action {p + 1}.{a + 1}",
                    lead_groups=[groups[(p * ACTIONS_EACH + a) % GROUPS]],
                )
    actions = list(plan.priorities.all().values_list("actions", flat=True))
    print(f"{len(actions)} key actions in {PRIORITIES} priorities, {GROUPS} groups")

    rounds: list[Any] = []

    def open_round() -> Any:
        with transaction.atomic():
            if rounds:
                delivery.round_close(update_round=rounds[-1], by=officer, notify=False)
            update_round = delivery.round_open(
                plan=plan,
                by=officer,
                title=f"Round {len(rounds) + 1}",
                deadline=timezone.localdate() + dt.timedelta(days=14),
                priorities=priorities,
            )
        rounds.append(update_round)
        return update_round

    mail.outbox = []
    update_round = benchkit.timed("open a round (40 group emails)", open_round, repeat)
    print(f"{'':<48} emails in the last opening: {len(mail.outbox) // repeat}")
    from partnership.plans.models import KeyAction

    all_actions = list(KeyAction.objects.filter(priority__plan=plan).order_by("pk"))
    start = time.perf_counter()
    for n, action in enumerate(all_actions):
        delivery.action_record_progress(
            action=action,
            by=officer,
            status="on-track" if n % 5 else "at-risk",
            progress=n % 100,
            narrative=f"Update {n}: what happened this term.",
            remedial_action="" if n % 5 else "A recovery plan.",
            remedial_owner="" if n % 5 else "Head of Service",
        )
    spent = time.perf_counter() - start
    print(
        f"{'send an update on each of ' + str(len(all_actions)) + ' actions':<48} "
        f"{spent * 1000 / len(all_actions):8.1f} ms each"
    )
    benchkit.timed("round completion (read-model)", lambda: round_completion(update_round), repeat)
    client = Client()
    client.force_login(officer)
    kw = {"partnership": stockton.slug, "round": update_round.pk}
    page = reverse("delivery:round_detail", kwargs=kw)
    client.get(page)  # the first request warms the templates
    with CaptureQueriesContext(connection) as queries:
        benchkit.timed("round page (officer)", lambda: client.get(page), repeat)
    print(f"{'':<48} {len(queries) // repeat} queries a request")
    todo = reverse("delivery:round_group", kwargs={**kw, "group": groups[0].pk})
    benchkit.timed("a group's to-do list", lambda: client.get(todo), repeat)
    exceptions = reverse("delivery:exceptions", kwargs={"partnership": stockton.slug})
    benchkit.timed("the exception list (60 actions)", lambda: client.get(exceptions), repeat)

    def close() -> Any:
        with transaction.atomic():
            result = delivery.round_close(update_round=update_round, by=officer, notify=False)
            transaction.set_rollback(True)  # close the same round again on the next run
        return result

    benchkit.timed("close the round (compile 12 priorities)", close, repeat)
    delivery.round_close(update_round=update_round, by=officer, notify=False)
    compiled = reverse("delivery:compilation", kwargs={**kw, "priority": priorities[0].pk})
    benchkit.timed("a compiled update (25 actions)", lambda: client.get(compiled), repeat)
    print(f"peak memory {benchkit.peak_mb():.0f} MB, CPU {benchkit.cpu_seconds():.1f} s")


if __name__ == "__main__":
    main()
