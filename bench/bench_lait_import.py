"""Benchmark of the LAIT importer on DfE's whole LAIT dataset (641,070 rows, gzip).

Run:  python bench/bench_lait_import.py [--file PATH] [--database-url URL]

Imports the file into a fresh database, then imports it again unchanged, and prints the wall
and CPU time of each and the process's peak memory (``ru_maxrss``). SQLite always (a file in a
temporary directory); PostgreSQL too when ``--database-url`` or ``DATABASE_URL`` names a server,
in a throwaway ``test_`` database that is dropped afterwards. Each backend runs in its own
process, so each peak is its own.

Figures are printed, never asserted: timings depend on the machine (and on what else it runs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchkit import DEFAULT_FILE, ROOT, cpu_seconds, peak_mb


def timed(label: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = work()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(f"  {label:<28} {wall:7.1f} s wall {cpu:7.1f} s CPU   peak {peak_mb():6.0f} MB")
    return result


def child(path: Path) -> None:
    """Runs in a process whose DATABASE_URL names the database to use."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from partnership.areas.services import areas_load_local_authorities
    from partnership.indicators.importers import import_file

    postgres = connection.vendor == "postgresql"
    print(f"{connection.vendor} ({connection.settings_dict['NAME']})")
    original = connection.settings_dict["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        timed(
            "local authorities",
            lambda: areas_load_local_authorities(
                path=settings.DATA_DIR / "open" / "lookups" / "dfeR_las.csv"
            ),
        )
        first = timed("first import", lambda: import_file(path=path))
        print(
            f"    {first.rows:,} rows: {first.new:,} new, {first.skipped:,} left out; "
            f"{first.indicators_new} indicators, {first.periods_new} periods"
        )
        again = timed("unchanged re-import", lambda: import_file(path=path))
        print(f"    {again.unchanged:,} unchanged, {again.new + again.changed} written")
    finally:
        if postgres:
            connection.creation.destroy_test_db(original, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.file)
        return
    print(f"LAIT import benchmark: {args.file} ({args.file.stat().st_size / 1e6:.1f} MB)")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        runs.append(f"sqlite:///{tmp}/bench.sqlite3")
        if args.database_url.startswith("postgres"):
            runs.append(args.database_url)
        for url in runs:
            env = {**os.environ, "DATABASE_URL": url, "PARTNERSHIP_VAR_DIR": tmp}
            command = [sys.executable, __file__, "--child", "--file", str(args.file)]
            subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
