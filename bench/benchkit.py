"""What the benchmarks share: where things are, the process's CPU time and peak memory, Django
set up from this checkout, and throwaway PostgreSQL databases. Imported as ``benchkit`` (each
benchmark runs as ``python bench/<name>.py``, so this folder is on the path)."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "lait" / "lait_bds_long.csv.gz"


def timed(label: str, fn: Callable[[], Any], repeat: int) -> Any:
    """Run ``fn`` ``repeat`` times and print the median, minimum and maximum; return its result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    print(
        f"{label:<48} median {statistics.median(times) * 1000:8.1f} ms"
        f"   (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {repeat} runs)"
    )
    return result


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings.dev")
    import django

    django.setup()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres(url: str, statement: str) -> None:
    """Run ``statement`` (CREATE or DROP DATABASE) on the server ``url`` names."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(statement)
