"""Benchmark of the performance pages served by gunicorn with DfE's whole LAIT dataset loaded.

Run:  python bench/bench_performance_pages.py [--duration 30] [--clients 20] [--database-url URL]

The requirement: with the full LAIT file loaded, the indicator page and the scorecard are served
with a p95 under 150 ms to 20 concurrent clients on loopback, on SQLite and on PostgreSQL.

For each backend, a child process builds a fresh database the way ``make run`` does (migrate,
collectstatic, ``partnership demo``), imports the 641,070-row LAIT file with ``partnership
import``, computes every assessment synchronously with ``partnership assess`` (the background
queue has no worker here) and writes a fixed, seeded-random list of URLs: indicator pages
(``/p/stockton-on-tees/performance/indicators/<code>/?area=``) for the indicators of Stockton's
plan and a sample of LAIT's, scorecards of every priority of that plan and its dashboard, for
Stockton and 15 other local authorities. The parent then serves the database with gunicorn as
``make run`` does (dev settings, DEBUG off, 2 workers, 4 threads; persistent database
connections) on a free loopback port, importing the product from this checkout's ``src``, and,
with a load generator of its own (threads, one keep-alive connection each):

- visits every URL once, in turn: the first visit draws the page's charts and builds its
  content, which the product caches, so these cold timings are reported apart;
- for each page type, runs ``--clients`` closed-loop clients for ``--duration`` seconds twice:
  "saturating (no think time)", then "20 users, 1 s think time" (about 20 requests a second
  offered), and prints requests, requests per second, p50/p95/p99/max latency (sending the
  request to reading the whole body) and errors (not 200, or no response).

After each, it prints the CPU the server used a request, how many chart and page cache entries
were made, and how busy the machine was (other processes, a database server's included), with
the slowest requests. Saturating, latency is mostly queueing: 20 clients over N requests a
second wait about 20/N seconds each, whatever the page.

When a page type's p95 is over 150 ms (``--profile auto``), a child process with the same database
profiles its slowest URL in-process (``django.test.Client``): served as under load, and built
(page cache emptied, charts kept): median times, SQL queries (count, time, the costliest
statements), cProfile's top functions, time in garbage collection.

SQLite always (a file in a temporary directory); PostgreSQL too when ``--database-url`` or
``DATABASE_URL`` names a server, in a throwaway ``test_`` database that is dropped afterwards.
The load generator shares the machine with the server. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import http.client
import io
import json
import os
import pstats
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchkit import DEFAULT_FILE, ROOT, cpu_seconds, postgres, setup_django, with_database

BIN = Path(sys.executable).parent
PARTNERSHIP = "stockton-on-tees"
OWN_AREA = "E06000004"  # Stockton-on-Tees
TARGET_MS = 150.0
PAGE_TYPES = ("indicator page", "scorecard", "dashboard")


# The child: build the database, list the URLs, profile ----------------------------------------


def timed(label: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = work()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(f"  {label:<34} {wall:7.1f} s wall {cpu:7.1f} s CPU", flush=True)
    return result


def command(*args: str) -> str:
    """``partnership ARGS`` in this process; returns what it printed."""
    from django.core.management import call_command

    out = io.StringIO()
    with redirect_stdout(out):
        call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def prepare(path: Path, urls_file: Path, args: argparse.Namespace) -> None:
    """Runs in a process whose DATABASE_URL names an empty database."""
    setup_django()
    from django.db import connection

    from partnership.indicators.models import Assessment, Value

    print(f"{connection.vendor} ({connection.settings_dict['NAME']}): setting up", flush=True)
    timed("migrate", lambda: command("migrate", "--noinput", "-v0"))
    timed("collectstatic", lambda: command("collectstatic", "--noinput", "-v0"))
    out = timed("partnership demo", lambda: command("demo"))
    for line in out.splitlines():
        if line.startswith(("Imported lait", "Imported fingertips", "Plan ")):
            print(f"    {line}")
    out = timed(
        "partnership import (full LAIT)", lambda: command("import", str(path), "--format", "lait")
    )
    for line in out.strip().splitlines()[:3]:
        print(f"    {line}")
    out = timed("partnership assess", lambda: command("assess"))
    for line in out.strip().splitlines()[:3]:
        print(f"    {line}")
    values = Value.objects.filter(is_current=True).count()
    print(f"    {Assessment.objects.count():,} assessment rows; {values:,} current values")
    urls = build_urls(args)
    urls_file.write_text(json.dumps(urls, indent=1))


def build_urls(args: argparse.Namespace) -> dict[str, list[str]]:
    """The fixed list of URLs, the same for every run with the same seed and data."""
    from partnership.areas.models import Area
    from partnership.indicators.models import Assessment, Indicator
    from partnership.plans.models import Plan, PriorityIndicator
    from partnership.web.models import Partnership

    rng = random.Random(args.seed)
    partnership = Partnership.objects.get(slug=PARTNERSHIP)
    plan = Plan.objects.filter(partnership=partnership).order_by("-period_start", "pk").first()
    if plan is None:
        raise SystemExit(f"{PARTNERSHIP} has no plan: did `partnership demo` run?")
    priorities = list(plan.priorities.order_by("order").values_list("pk", flat=True))
    others = sorted(
        Area.objects.local_authorities()
        .current()
        .exclude(code=OWN_AREA)
        .values_list("code", flat=True)
    )
    areas = [OWN_AREA, *sorted(rng.sample(others, min(args.areas - 1, len(others))))]
    assessed = set(Assessment.objects.values_list("indicator_id", flat=True).distinct())
    available = Indicator.objects.available_to(partnership).filter(pk__in=assessed)
    plan_codes = sorted(
        set(
            available.filter(
                pk__in=PriorityIndicator.objects.filter(priority__plan=plan).values("indicator")
            ).values_list("code", flat=True)
        )
    )
    lait_codes = sorted(
        set(available.exclude(lait_code="").values_list("code", flat=True)) - set(plan_codes)
    )
    lait_sample = sorted(rng.sample(lait_codes, min(args.lait_indicators, len(lait_codes))))

    def query(area: str) -> str:
        return "" if area == OWN_AREA else f"?area={area}"

    base = f"/p/{PARTNERSHIP}/performance"
    plan_pairs = [(code, a) for code in plan_codes for a in areas]
    plan_pairs = rng.sample(
        plan_pairs, min(args.indicator_urls - len(lait_sample), len(plan_pairs))
    )
    pairs = sorted(plan_pairs) + [(code, rng.choice(areas)) for code in lait_sample]
    indicator = [f"{base}/indicators/{code}/{query(a)}" for code, a in pairs]
    rng.shuffle(indicator)
    scorecard = [
        f"{base}/plans/{plan.slug}/priorities/{pk}/{query(a)}" for pk in priorities for a in areas
    ]
    rng.shuffle(scorecard)
    dashboard = [f"{base}/plans/{plan.slug}/{query(a)}" for a in areas]
    print(
        f"  URLs: plan “{plan.slug}” ({len(priorities)} priorities), {len(areas)} areas; "
        f"indicator pages: {len(plan_pairs)} of the {len(plan_codes)} plan indicators x "
        f"{len(areas)} areas + {len(lait_sample)} of {len(lait_codes)} other LAIT indicators = "
        f"{len(indicator)}; scorecards {len(scorecard)}; dashboards {len(dashboard)}",
        flush=True,
    )
    return {"indicator page": indicator, "scorecard": scorecard, "dashboard": dashboard}


def normalise_sql(sql: str) -> str:
    """The statement without its column list and literals, so repeats group together."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT ... FROM ", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    sql = re.sub(r"\((?:\?, )+\?\)", "(?...)", sql)
    return sql


def profile(urls: list[str], repeats: int) -> None:
    """Where one request's time goes, in-process, against the benchmark's database: as served
    under load (from the page cache, when the product has one) and when the page is built."""
    setup_django()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    page_cache = caches["pages"] if "pages" in settings.CACHES else None

    def timed_get(url: str, *, build: bool) -> tuple[float, Any]:
        if build and page_cache is not None:
            page_cache.clear()  # the page is built again; the charts stay cached
        started = time.perf_counter()
        response = client.get(url)
        return (time.perf_counter() - started) * 1000, response

    for url in urls:
        print(f"\nProfile of {url} ({connection.vendor}, in-process, charts cached)")
        timed_get(url, build=False)  # warm: charts, templates, caches
        modes = [(False, "served from the page cache"), (True, "built (page cache emptied)")]
        for build, label in modes if page_cache is not None else [(True, "served")]:
            times = [timed_get(url, build=build)[0] for _ in range(repeats)]
            with CaptureQueriesContext(connection) as queries:
                wall, response = timed_get(url, build=build)
            print(
                f"  {label}: median of {repeats} {statistics.median(times):.0f} ms "
                f"(min {min(times):.0f}); {len(queries.captured_queries)} SQL queries; "
                f"status {response.status_code}, {len(response.content) / 1024:.0f} KB"
            )
        by_sql: dict[str, list[float]] = defaultdict(list)
        for query in queries.captured_queries:
            by_sql[normalise_sql(query["sql"])].append(float(query["time"]) * 1000)
        total = sum(sum(t) for t in by_sql.values())
        print(
            f"  SQL when built: {len(queries.captured_queries)} queries, {len(by_sql)} distinct, "
            f"{total:.0f} ms of a {wall:.0f} ms request (timed by Django's cursor wrapper)"
        )
        print("  costliest statements (total ms, count, statement):")
        for sql, spent in sorted(by_sql.items(), key=lambda kv: -sum(kv[1]))[:8]:
            print(f"    {sum(spent):7.1f} {len(spent):4d}x  {sql[:300]}")
        runs = 5
        profiler = cProfile.Profile()
        with garbage_collections() as collections:
            for _ in range(runs):
                if page_cache is not None:
                    page_cache.clear()
                profiler.enable()
                client.get(url)
                profiler.disable()
        stats = pstats.Stats(profiler)
        print(
            f"  cProfile of {runs} builds (ms per request, with the profiler's overhead; "
            "landmarks overlap):"
        )
        landmarks = breakdown(stats, runs)
        gc_ms = sum(ms for _, ms in collections) / runs
        full = [ms for generation, ms in collections if generation == 2]
        landmarks.append((f"garbage collection ({len(full)} full in {runs})", gc_ms))
        print("    " + ", ".join(f"{label} {ms:.0f}" for label, ms in landmarks))
        src = str(ROOT / "src") + "/"
        for title, order, restriction, limit in (
            ("the product's functions, by cumulative time", "cumulative", src, 16),
            ("every function, by own time", "tottime", "", 12),
        ):
            out = io.StringIO()
            stats.stream = out  # type: ignore[attr-defined]
            stats.sort_stats(order).print_stats(restriction, limit)
            lines = out.getvalue().splitlines()
            first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
            print(f"  {title}:")
            for line in lines[first : first + limit + 1]:
                print(f"    {shorten(line, src)[:160]}")
        # Who calls the function with the most time of its own, as a hint of what to look at.
        top = max(stats.stats.items(), key=lambda kv: kv[1][2])  # type: ignore[attr-defined]
        callers = sorted(top[1][4].items(), key=lambda kv: -kv[1][3])[:4]
        print(f"  callers of {shorten(function_name(top[0]), src)} (cumulative ms):")
        for caller, row in callers:
            print(f"    {row[3] * 1000:7.0f}  {shorten(function_name(caller), src)}")


@contextmanager
def garbage_collections() -> Iterator[list[tuple[int, float]]]:
    """(generation, ms) of each garbage collection while the block runs."""
    collections: list[tuple[int, float]] = []
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            collections.append((info["generation"], (time.perf_counter() - started[0]) * 1000))

    gc.callbacks.append(callback)
    try:
        yield collections
    finally:
        gc.callbacks.remove(callback)


def function_name(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    return f"{filename}:{line}({name})" if filename != "~" else name


def shorten(text: str, src: str) -> str:
    return re.sub(r"\S*/(site-packages|python3\.\d+)/", "", text.replace(src, ""))


# Where a request's time goes, summed over the profile (cumulative time of a few landmarks).
LANDMARKS = [
    ("SQL compile+execute", "django/db/models/sql/compiler.py", "execute_sql"),
    ("queryset evaluation (SQL, rows, models)", "django/db/models/query.py", "_fetch_all"),
    ("template render", "django/template/loader.py", "render_to_string"),
    ("chart cache", "partnership/reports/charts/cache.py", "cached_chart"),
    ("URL reverse", "django/urls/base.py", "reverse"),
]


def breakdown(stats: pstats.Stats, runs: int) -> list[tuple[str, float]]:
    found: dict[str, float] = {}
    for (filename, _, name), row in stats.stats.items():  # type: ignore[attr-defined]
        for label, path, function in LANDMARKS:
            if name == function and filename.endswith(path):
                found[label] = max(found.get(label, 0.0), row[3] * 1000 / runs)
    total = max((row[3] for row in stats.stats.values()), default=0.0)  # type: ignore[attr-defined]
    return [("total", total * 1000 / runs), *found.items()]


# The parent: serve, load, report ---------------------------------------------------------------


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # milliseconds, every response
    by_url: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failed_urls: list[str] = field(default_factory=list)
    seconds: float = 0.0
    began: float = field(default_factory=time.perf_counter)
    log: list[tuple[float, float, str]] = field(default_factory=list)  # (ms, sent at s, URL)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, url: str, ms: float | None, status: int | None, problem: str = "") -> None:
        with self.lock:
            if ms is not None:
                self.latencies.append(ms)
                self.by_url[url].append(ms)
                self.log.append((ms, time.perf_counter() - ms / 1000 - self.began, url))
            if status != 200:
                self.errors += 1
                self.failures[problem or f"HTTP {status}"] += 1
                self.failed_urls.append(f"{problem or status} {url}")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; nan when there is nothing to rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


class Connection:
    """One keep-alive connection to the server, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def get(self, url: str) -> tuple[int, int]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            self.conn.request("GET", url, headers={"Host": "127.0.0.1"})
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, len(body)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def fetch(client: Connection, url: str, result: Result) -> None:
    started = time.perf_counter()
    try:
        status, _ = client.get(url)
    except (OSError, http.client.HTTPException) as error:
        # A keep-alive connection the server had just closed: retry once on a new one.
        try:
            started = time.perf_counter()
            status, _ = client.get(url)
        except (OSError, http.client.HTTPException):
            result.add(url, None, None, type(error).__name__)
            return
    result.add(url, (time.perf_counter() - started) * 1000, status)


def warm_up(port: int, urls: list[str]) -> Result:
    result = Result()
    client = Connection(port)
    started = time.perf_counter()
    for url in urls:
        fetch(client, url, result)
    result.seconds = time.perf_counter() - started
    client.close()
    return result


def load(port: int, urls: list[str], clients: int, duration: float, think: float) -> Result:
    """``clients`` closed-loop clients, each cycling through ``urls`` from its own offset."""
    result = Result()
    deadline = time.perf_counter() + duration

    def run(index: int) -> None:
        client = Connection(port)
        position = index * len(urls) // clients
        if think:  # spread the users' first requests over one think time
            time.sleep(think * index / clients)
        while time.perf_counter() < deadline:
            fetch(client, urls[position % len(urls)], result)
            position += 1
            if think:
                time.sleep(think)
        client.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def summary(label: str, result: Result) -> str:
    lat = result.latencies
    count = len(lat)
    rate = count / result.seconds if result.seconds else 0.0
    p95 = percentile(lat, 95)
    flag = "  <- p95 over 150 ms" if p95 > TARGET_MS else ""
    return (
        f"  {label:<44} {count:6d} {rate:7.1f} {percentile(lat, 50):6.0f} {p95:6.0f} "
        f"{percentile(lat, 99):6.0f} {max(lat, default=float('nan')):6.0f} {result.errors:6d}{flag}"
    )


HEADER = (
    f"  {'':<44} {'reqs':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} "
    f"{'errors':>6}   (ms)"
)


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and its children: gunicorn's master and workers."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree = {root} | {pid for pid, parent in parents.items() if parent == root}
    return sum(times.get(pid, 0.0) for pid in tree)


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    total = sum(ticks[:8])  # user nice system idle iowait irq softirq steal
    return (total - ticks[3] - ticks[4]) / tick, total / tick


class Meter:
    """Where the CPU went from its creation to ``report``: the server, this process, the rest."""

    def __init__(self, server: int, cache: Path) -> None:
        self.server, self.cache = server, cache
        self.start = (tree_cpu(server), cpu_seconds(), *machine_cpu(), *self.cached())

    def cached(self) -> tuple[int, int]:
        """Entries (a file each) in the server's chart and page caches, to count those made."""
        charts, pages = (
            sum(1 for _ in (self.cache / name).rglob("*.djcache")) for name in ("charts", "pages")
        )
        return charts, pages

    def report(self, result: Result) -> None:
        now = (tree_cpu(self.server), cpu_seconds(), *machine_cpu(), *self.cached())
        server, own, busy, total, charts, pages = (
            b - a for a, b in zip(self.start, now, strict=True)
        )
        others = busy - server - own
        requests = max(1, len(result.latencies))
        print(
            f"    server CPU {server:.1f} s = {server * 1000 / requests:.0f} ms a request; "
            f"cache entries made: {charts:.0f} charts, {pages:.0f} pages; load generator "
            f"{own:.1f} s CPU; all CPUs "
            f"{100 * busy / total:.0f}% busy: server {100 * server / total:.0f}%, other "
            f"processes (a database server's too) {100 * others / total:.0f}%",
            flush=True,
        )
        for ms, sent, url in sorted(result.log, reverse=True)[:3]:
            if ms > TARGET_MS:
                print(f"      slow: {ms:5.0f} ms, sent {sent:4.1f} s in: {url}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[tuple[int, int]]:
    port = free_port()
    argv = [
        str(BIN / "gunicorn"),
        "partnership.config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--no-control-socket",  # leave the socket of a `make run` on this machine alone
    ]
    shown = " ".join(f"{k}={env[k]}" for k in ("DJANGO_SETTINGS_MODULE", "DEBUG"))
    shown += f" DATABASE_CONN_MAX_AGE={env['DATABASE_CONN_MAX_AGE']} DATABASE_URL=... "
    print(f"  serving: {shown}{' '.join(argv)}", flush=True)
    with log.open("wb") as out:
        server = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_until_up(server, port, log)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print(log.read_text()[-3000:])
            raise SystemExit("gunicorn exited before answering")
        try:
            client = Connection(port)
            status, _ = client.get("/")
            client.close()
        except OSError:
            time.sleep(0.5)
            continue
        if status >= 500:
            print(log.read_text()[-3000:])
            raise SystemExit(f"gunicorn answers / with {status}")
        # A worker's first request imports the URLs' modules (matplotlib among them), which
        # takes seconds: many connections at once, so that both workers do it now, untimed.
        load(port, ["/"], clients=16, duration=3.0, think=0.0)
        return
    raise SystemExit("gunicorn did not answer within 120 s")


def bench_backend(args: argparse.Namespace, url: str, tmp: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PARTNERSHIP_VAR_DIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "partnership.config.settings.dev",  # as `make run`
        "DEBUG": "0",
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        # The product as it is in this checkout, for the server too, whatever is installed.
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
    }
    urls_file = tmp / "urls.json"
    child = [sys.executable, __file__, "--child", "prepare", "--file", str(args.file)]
    child += ["--urls-file", str(urls_file), "--seed", str(args.seed)]
    child += ["--areas", str(args.areas), "--lait-indicators", str(args.lait_indicators)]
    child += ["--indicator-urls", str(args.indicator_urls)]
    subprocess.run(child, env=env, check=True)
    urls: dict[str, list[str]] = json.loads(urls_file.read_text())
    slowest: dict[str, str] = {}
    over: set[str] = set()
    with gunicorn(env, tmp / "gunicorn.log") as (port, pid):
        print("\n  first visits (cold: charts drawn and cached), one at a time:")
        print(HEADER)
        for kind in PAGE_TYPES:
            meter = Meter(pid, tmp / "cache")
            result = warm_up(port, urls[kind])
            print(summary(f"{kind} ({len(urls[kind])} URLs)", result))
            meter.report(result)
            if result.errors:
                print(f"    {result.errors} not 200: {dict(result.failures)}")
                for failed in result.failed_urls[:20]:
                    print(f"      {failed}")
            else:
                print("    every URL answered 200")
        modes = (
            ("saturating (no think time)", 0.0),
            (f"{args.clients} users, 1 s think time", 1.0),
        )
        for kind in PAGE_TYPES:
            print(f"\n  {kind}: {args.clients} clients x {args.duration:.0f} s, keep-alive")
            print(HEADER)
            for label, think in modes:
                meter = Meter(pid, tmp / "cache")
                result = load(port, urls[kind], args.clients, args.duration, think)
                print(summary(label, result))
                meter.report(result)
                if result.errors:
                    print(f"    errors: {dict(result.failures)}")
                if percentile(result.latencies, 95) > TARGET_MS:
                    over.add(kind)
                if think == 0.0 and result.by_url:
                    slowest[kind] = max(
                        result.by_url, key=lambda u: statistics.median(result.by_url[u])
                    )
            print(f"    load average {os.getloadavg()[0]:.1f}", flush=True)
    wanted = {
        "always": list(PAGE_TYPES),
        "auto": [k for k in PAGE_TYPES if k in over and k != "dashboard"],
        "never": [],
    }[args.profile]
    chosen = [slowest[k] for k in wanted if k in slowest]
    if chosen:
        child = [sys.executable, __file__, "--child", "profile"]
        child += [arg for u in chosen for arg in ("--profile-url", u)]
        subprocess.run(child, env=env, check=True)


def code_version() -> str:
    """The commit measured, and whether the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %ci %s"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return f"{ROOT} (not a git checkout)"
    state = f"{len(changed)} files changed or new" if changed else "clean"
    return f"{ROOT} at {head[:90]} ({state})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per load run")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--areas", type=int, default=16, help="Stockton and N-1 other LAs")
    parser.add_argument(
        "--lait-indicators", type=int, default=100, help="LAIT indicators sampled for their pages"
    )
    parser.add_argument(
        "--indicator-urls", type=int, default=300, help="indicator page URLs, LAIT's included"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help="profile the slowest URL of each page type (auto: when its p95 is over 150 ms)",
    )
    parser.add_argument("--child", choices=["prepare", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--urls-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-url", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        prepare(args.file, args.urls_file, args)
        return
    if args.child == "profile":
        profile(args.profile_url, repeats=5)
        return
    print(f"Performance pages benchmark: {args.file} ({args.file.stat().st_size / 1e6:.1f} MB)")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"Code: {code_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[str, str | None]] = [(f"sqlite:///{tmp}/sqlite/bench.sqlite3", None)]
        if args.database_url.startswith("postgres"):
            name = f"test_bench_pages_{os.getpid()}"
            runs.append((with_database(args.database_url, name), name))
        for url, pg_name in runs:
            var = Path(tmp) / (pg_name or "sqlite")
            var.mkdir()
            print()
            if pg_name:
                postgres(args.database_url, f'CREATE DATABASE "{pg_name}"')
            try:
                bench_backend(args, url, var)
            finally:
                if pg_name:
                    postgres(args.database_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
