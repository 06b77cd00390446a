"""Meetings at the size of a long-lived board: ten municipal years of six meetings each (60
meetings) with 15 items each (900 items), every item minuted with a narrative, six lettered points
and a resolution, every agenda and set of minutes published, so the search index holds every
item twice. Times, in one process on a throwaway SQLite database (or PostgreSQL with
--database-url): saving a meeting's minutes, publishing them (which re-indexes the meeting), the
agenda and minutes pages, the minutes as PDF and Word, a search for a common and a rare word, and
the Atom feed and Popolo export. Figures are printed, never asserted.

    python bench/bench_meetings.py [--database-url postgres://user@host:port/db] [--repeat 5]
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

YEARS, MONTHS, ITEMS_EACH, POINTS_EACH = 10, (5, 7, 9, 11, 1, 3), 15, 6
PARAGRAPH = (
    "Partners discussed the progress report on early help, school readiness and the voice of "
    "children and young people, and asked how the partnership would know it was making a "
    "difference for families in each locality."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server to use (a new database on it)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["PARTNERSHIP_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-meetings-")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DJANGO_DEV_STATIC_PLAIN", "1")
    name = f"bench_meetings_{os.getpid()}"
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
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from partnership.governance import meetings, search
    from partnership.governance import minutes as service
    from partnership.governance.models import Group, Meeting
    from partnership.web.demo import demo_load
    from partnership.web.models import Partnership, User

    demo_load()
    stockton = Partnership.objects.get(slug="stockton-on-tees")
    officer = User.objects.get(username="officer")
    london = ZoneInfo("Europe/London")
    group = Group.objects.create(partnership=stockton, name="Benchmark board")
    points = tuple(f"{PARAGRAPH} (point {n + 1})" for n in range(POINTS_EACH))

    def minute_texts(meeting: Meeting, word: str) -> dict[int, Any]:
        return {
            item.pk: service.ItemText(
                f"{PARAGRAPH} {word}", points, (f"Resolved to note item {item.number}.",)
            )
            for item in meeting.items.all()
        }

    start = time.perf_counter()
    made: list[Meeting] = []
    for year in range(2010, 2010 + YEARS):
        for month in MONTHS:
            # A municipal year runs from May, so January and March are the next calendar year's.
            day = dt.datetime(year + (month < 5), month, 10, 16, tzinfo=london)
            with transaction.atomic():
                meeting = meetings.meeting_create(
                    group=group, by=officer, start=day, venue="Municipal Buildings", status="held"
                )
                for i in range(ITEMS_EACH):
                    meetings.agenda_item_add(
                        meeting=meeting, by=officer, title=f"Report {i + 1}", presenter="Officer"
                    )
                meetings.agenda_publish(meeting=meeting, by=officer)
                minutes = service.minutes_for(meeting, by=officer)
                word = "kaleidoscope" if len(made) == 17 else "report"
                service.minutes_save(
                    minutes=minutes,
                    by=officer,
                    seen_version=minutes.version,
                    items=minute_texts(meeting, word),
                )
                service.minutes_set_status(minutes=minutes, status="circulated", by=officer)
                minutes.refresh_from_db()
                minutes.status, minutes.published_at = "published", day  # history, not workflow
                minutes.save(update_fields=["status", "published_at"])
            made.append(meeting)
    search.reindex(partnership=stockton)
    print(
        f"{len(made)} meetings, {len(made) * ITEMS_EACH} items, "
        f"built and indexed in {time.perf_counter() - start:.0f} s"
    )
    last = made[-1]
    kw = {"partnership": stockton.slug, "meeting": last.pk}

    draft = meetings.meeting_create(
        group=group,
        by=officer,
        start=dt.datetime(2021, 3, 1, 16, tzinfo=london),
        venue="Municipal Buildings",
        status="held",
    )
    for i in range(ITEMS_EACH):
        meetings.agenda_item_add(meeting=draft, by=officer, title=f"Item {i + 1}")
    runs = iter(range(10_000))

    def save() -> None:
        minutes = service.minutes_for(draft, by=officer)
        service.minutes_save(
            minutes=minutes,
            by=officer,
            seen_version=minutes.version,
            items=minute_texts(draft, f"run {next(runs)}"),
        )

    benchkit.timed("save a meeting's minutes (15 items)", save, repeat)
    benchkit.timed(
        "re-index a meeting (30 entries)", lambda: search.index_meeting(meeting=last), repeat
    )
    client = Client()
    home = {"partnership": stockton.slug}
    pages = [
        ("agenda page (public)", reverse("meetings:meeting_detail", kwargs=kw)),
        ("minutes page (public)", reverse("minutes:minutes_detail", kwargs=kw)),
        ("minutes as PDF", reverse("documents:minutes_pdf", kwargs=kw)),
        ("minutes as Word", reverse("documents:minutes_docx", kwargs=kw)),
        (
            "Atom feed (60 minutes)",
            reverse("documents:feed", kwargs=home),
        ),
        ("Popolo export", reverse("documents:popolo", kwargs=home)),
    ]
    search_url = reverse("search:search", kwargs={"partnership": stockton.slug})
    pages += [
        ("search: a word in every entry", search_url + "?q=partnership+families"),
        ("search: a word in one meeting", search_url + "?q=kaleidoscope"),
    ]
    for label, url in pages:
        assert client.get(url).status_code == 200, (
            url
        )  # warms templates; a broken page is no figure
        with CaptureQueriesContext(connection) as queries:
            benchkit.timed(label, lambda url=url: client.get(url), repeat)
        print(f"{'':<48} {len(queries) // repeat} queries a request")
    print(f"peak memory {benchkit.peak_mb():.0f} MB, CPU {benchkit.cpu_seconds():.1f} s")


if __name__ == "__main__":
    main()
