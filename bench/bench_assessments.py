"""Benchmark of recomputing every assessment after importing DfE's whole LAIT dataset.

Run:  python bench/bench_assessments.py [--file PATH] [--database-url URL]

For each backend, one process builds a fresh database (every area and statistical-neighbour set
of the open-data pack, then the 641,070-row LAIT file with its data dictionary); a second, fresh
process then times ``assessments_recompute()`` over everything twice (into an empty table, then
replacing every row, as after a re-import) and prints the wall and CPU time of each and its
peak memory (``ru_maxrss``), so the import's own memory is not counted. SQLite always (a file in
a temporary directory); PostgreSQL too when ``--database-url`` or ``DATABASE_URL`` names a
server, in a throwaway database that is dropped afterwards.

The aim is under 30 s and under 2 GB. Figures are printed, never asserted: timings depend on
the machine and on what else it runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import DEFAULT_FILE, ROOT, cpu_seconds, peak_mb, postgres, setup_django, with_database

DICTIONARY = ROOT / "data" / "open" / "lait" / "lait_data_dictionary.csv"


def prepare(path: Path) -> None:
    """Runs in a process whose DATABASE_URL names an empty database: migrate, load, import."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from partnership.areas.services import areas_load_all
    from partnership.indicators.importers import import_file

    print(f"{connection.vendor}: preparing (not timed)")
    call_command("migrate", verbosity=0)
    areas_load_all(data_dir=settings.DATA_DIR / "open")
    started = time.perf_counter()
    report = import_file(path=path, dictionary=DICTIONARY)
    print(
        f"  imported {report.rows:,} rows ({report.new:,} values, {report.indicators_new} "
        f"indicators) in {time.perf_counter() - started:.0f} s"
    )


def measure() -> None:
    """Runs in a fresh process, so its peak memory is the recomputation's alone."""
    setup_django()
    from partnership.indicators.assessments import assessments_recompute
    from partnership.indicators.models import Assessment, Value

    values = Value.objects.filter(is_current=True, breakdown="").count()
    print(f"  {values:,} current overall values")
    for label in ("recompute (empty table)", "recompute (replacing all)"):
        wall, cpu = time.perf_counter(), cpu_seconds()
        summary = assessments_recompute()
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        print(f"  {label:<26} {wall:7.1f} s wall {cpu:7.1f} s CPU   peak {peak_mb():6.0f} MB")
    missing = sum(summary.missing.values())
    print(
        f"    {summary.assessed:,} assessments of {summary.indicators} indicators; {missing:,} "
        f"values without a number skipped; {summary.other_areas:,} of other areas"
    )
    print(f"    rows stored: {Assessment.objects.count():,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--child", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        prepare(args.file)
        return
    if args.child == "measure":
        measure()
        return
    print(f"Assessments benchmark: {args.file} ({args.file.stat().st_size / 1e6:.1f} MB)")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[str, str | None]] = [(f"sqlite:///{tmp}/bench.sqlite3", None)]
        if args.database_url.startswith("postgres"):
            name = f"bench_assessments_{os.getpid()}"
            runs.append((with_database(args.database_url, name), name))
        for url, pg_name in runs:
            if pg_name:
                postgres(args.database_url, f'CREATE DATABASE "{pg_name}"')
            try:
                env = {**os.environ, "DATABASE_URL": url, "PARTNERSHIP_VAR_DIR": tmp}
                for step in ("prepare", "measure"):
                    command = [sys.executable, __file__, "--child", step, "--file", str(args.file)]
                    subprocess.run(command, env=env, check=True)
            finally:
                if pg_name:
                    postgres(args.database_url, f'DROP DATABASE IF EXISTS "{pg_name}"')


if __name__ == "__main__":
    main()
