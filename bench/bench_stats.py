"""Benchmark of partnership.stats.assess over a million area-period values.

Run:  python bench/bench_stats.py [--rows 1000000] [--repeats 5] [--loop-rows 20000]

One ``assess`` call covers 153 local authorities x ~6,536 indicator-periods: both interval
levels, the two-level comparison with a benchmark, the statistical-neighbour average over
10 neighbours, quartile band and rank within each indicator-period, and direction of
travel.  It is compared with

(a) the floor: plain numpy computing only 95% Wilson limits on the same arrays;
(b) a per-row pure-Python loop doing the same assessment, timed on whole indicator-periods
    totalling about 20,000 rows and extrapolated.

Figures are printed, never asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import bisect
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import special  # type: ignore[import-untyped, unused-ignore]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from partnership.stats import assess  # noqa: E402

N_AREAS = 153
N_NEIGHBOURS = 10
Z95 = statistics.NormalDist().inv_cdf(0.975)
Z998 = statistics.NormalDist().inv_cdf(0.999)


def make_data(rows: int, seed: int = 2025) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    n_groups = math.ceil(rows / N_AREAS)
    size = n_groups * N_AREAS
    areas = np.tile(np.arange(N_AREAS), n_groups)
    groups = np.repeat(np.arange(n_groups), N_AREAS)
    is_rate = rng.random(n_groups) < 0.3
    polarity_by_group = rng.choice(np.array(["high", "low", "none"]), n_groups, p=[0.45, 0.45, 0.1])
    den = np.round(np.exp(rng.uniform(np.log(20), np.log(200_000), size)))
    share = np.repeat(rng.uniform(0.001, 0.6, n_groups), N_AREAS) * rng.uniform(0.7, 1.3, size)
    num = np.floor(den * np.minimum(share, 1.0))
    num[rng.random(size) < 0.03] = np.nan
    multiplier = np.where(np.repeat(is_rate, N_AREAS), 10_000.0, 100.0)
    value_type = np.where(np.repeat(is_rate, N_AREAS), "rate", "proportion")
    england = np.repeat(np.nanmean((num / den).reshape(n_groups, N_AREAS), axis=1), N_AREAS)
    benchmark = england * multiplier
    previous = num / den * multiplier * rng.uniform(0.9, 1.1, size)
    neighbours = np.array(
        [
            rng.choice(np.delete(np.arange(N_AREAS), a), N_NEIGHBOURS, replace=False)
            for a in range(N_AREAS)
        ]
    )
    return {
        "numerator": num,
        "denominator": den,
        "value_type": value_type,
        "multiplier": multiplier,
        "polarity": np.repeat(polarity_by_group, N_AREAS),
        "benchmark": benchmark,
        "previous": previous,
        "groups": groups,
        "areas": areas,
        "neighbours": neighbours,
    }


BEST: dict[str, float] = {}


def median_time(fn: Callable[[], object], repeats: int, name: str = "") -> float:
    """Median wall time of ``repeats`` runs; the best run is kept in BEST[name]."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    BEST[name] = min(times)
    return statistics.median(times)


def wilson_floor(num: np.ndarray, den: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z2 = Z95 * Z95
    centre = 2 * num + z2
    half = Z95 * np.sqrt(z2 + 4 * num * (1 - num / den))
    scale = 2 * (den + z2)
    return (centre - half) / scale, (centre + half) / scale


# --- the per-row pure-Python version -------------------------------------------------------


def py_limits(x: float, n: float, rate: bool, z: float, confidence: float) -> tuple[float, float]:
    if not rate:
        if x == 0:
            lower = 0.0
        else:
            lower = (2 * x + z * z - z * math.sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z))
        upper = (
            1.0
            if x == n
            else (2 * x + z * z + z * math.sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z))
        )
        return lower, upper
    if x < 10:
        alpha = 1 - confidence
        lower = 0.0 if x == 0 else float(special.gammaincinv(x, alpha / 2))
        upper = float(special.gammaincinv(x + 1, 1 - alpha / 2))
    else:
        lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower / n, upper / n


GOOD = {"high": 1, "low": -1, "none": 0}
TWO = {
    1: ["worst", "worse", "similar", "better", "best"],
    -1: ["best", "better", "similar", "worse", "worst"],
    0: ["much lower", "lower", "similar", "higher", "much higher"],
}
ONE = {
    1: ["worse", "similar", "better"],
    -1: ["better", "similar", "worse"],
    0: ["lower", "similar", "higher"],
}
TRAVEL = {
    1: ["worsening", "no change", "improving"],
    -1: ["improving", "no change", "worsening"],
    0: ["decreasing", "no change", "increasing"],
}


def python_assess(d: dict[str, Any], rows: range) -> dict[str, list[Any]]:
    """Row by row over Python lists, as one would write it without numpy."""
    keys = ("value", "compared", "c95", "c998", "nmean", "band", "rank", "ranked", "dir")
    out: dict[str, list[Any]] = {k: [] for k in keys}
    values: dict[tuple[int, int], float] = {}
    per_group: dict[int, list[float]] = {}
    row_values = []
    for i in rows:
        x, n, m = d["numerator"][i], d["denominator"][i], d["multiplier"][i]
        rate = d["value_type"][i] == "rate"
        if math.isnan(x):
            v = l95 = u95 = l998 = u998 = math.nan
        else:
            v = x / n * m
            l95, u95 = (m * a for a in py_limits(x, n, rate, Z95, 0.95))
            l998, u998 = (m * a for a in py_limits(x, n, rate, Z998, 0.998))
        pol = GOOD[d["polarity"][i]]
        b = d["benchmark"][i]
        if math.isnan(v) or math.isnan(b):
            compared = c95 = c998 = ""
        else:
            s95 = (b < l95) - (b > u95)
            s998 = (b < l998) - (b > u998)
            compared = TWO[pol][s95 + s998 + 2]
            c95, c998 = ONE[pol][s95 + 1], ONE[pol][s998 + 1]
        prev = d["previous"][i]
        if math.isnan(v) or math.isnan(prev):
            direction = ""
        else:
            direction = TRAVEL[pol][(v > prev) - (v < prev) + 1]
        g = int(d["groups"][i])
        values[(g, int(d["areas"][i]))] = v
        if not math.isnan(v):
            per_group.setdefault(g, []).append(v)
        row_values.append(v)
        out["value"].append(v)
        out["compared"].append(compared)
        out["c95"].append(c95)
        out["c998"].append(c998)
        out["dir"].append(direction)
    edges = {g: statistics.quantiles(vs, n=4, method="inclusive") for g, vs in per_group.items()}
    ordered = {g: sorted(vs) for g, vs in per_group.items()}
    for i, v in zip(rows, row_values, strict=True):
        g, a, pol = int(d["groups"][i]), int(d["areas"][i]), GOOD[d["polarity"][i]]
        near = [values.get((g, int(k)), math.nan) for k in d["neighbours"][a]]
        near = [u for u in near if not math.isnan(u)]
        out["nmean"].append(sum(near) / len(near) if near else math.nan)
        out["ranked"].append(len(ordered.get(g, ())))
        if math.isnan(v):
            out["band"].append("")
            out["rank"].append(math.nan)
            continue
        s = ordered[g]
        if pol == 1:
            out["rank"].append(float(len(s) - bisect.bisect_right(s, v) + 1))
        else:
            out["rank"].append(float(bisect.bisect_left(s, v) + 1))
        q1, q2, q3 = edges[g]
        k = 0 if v <= q1 else 1 if v <= q2 else 2 if v <= q3 else 3
        out["band"].append("" if pol == 0 else "ABCD"[k if pol == -1 else 3 - k])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loop-rows", type=int, default=20_000)
    args = parser.parse_args()

    d = make_data(args.rows)
    size = d["areas"].size
    print(f"rows: {size:,} ({N_AREAS} areas x {size // N_AREAS:,} indicator-periods, "
          f"{N_NEIGHBOURS} neighbours each)")  # fmt: skip

    assess(**d)  # warm up
    t_assess = median_time(lambda: assess(**d), args.repeats, "assess")
    t_floor = median_time(lambda: wilson_floor(d["numerator"], d["denominator"]), args.repeats)

    loop_groups = max(1, round(args.loop_rows / N_AREAS))
    sub = range(loop_groups * N_AREAS)
    # The loop gets plain Python lists, as it would from the database.
    lists = {k: v.tolist() for k, v in d.items()}
    t_loop_sub = median_time(lambda: python_assess(lists, sub), max(1, args.repeats // 2))
    t_loop = t_loop_sub * size / len(sub)

    # Check that the loop does the same job before comparing its speed.
    mine = assess(**{k: (v[: len(sub)] if k != "neighbours" else v) for k, v in d.items()})
    py = python_assess(lists, sub)
    same = np.mean(
        [
            np.array_equal(mine.compared, py["compared"]),
            np.array_equal(mine.compared95, py["c95"]),
            np.array_equal(mine.compared998, py["c998"]),
            np.array_equal(mine.ranked, py["ranked"]),
            np.array_equal(mine.direction, py["dir"]),
            np.array_equal(mine.quartile_band, py["band"]),
            np.array_equal(mine.rank, py["rank"], equal_nan=True),
            np.allclose(mine.neighbour_mean, py["nmean"], equal_nan=True, rtol=1e-12),
        ]
    )

    print(f"assess, one call (median of {args.repeats}):      {t_assess:8.3f} s")
    print(f"(a) numpy Wilson 95% limits only (floor):     {t_floor:8.3f} s"
          f"   assess / floor = {t_assess / t_floor:6.1f}x")  # fmt: skip
    print(f"(b) pure-Python loop, {len(sub):,} rows:          {t_loop_sub:8.3f} s"
          f"   -> {t_loop:7.1f} s for {size:,} rows")  # fmt: skip
    print(f"    loop / assess = {t_loop / t_assess:6.0f}x faster with assess")
    print(f"    loop and assess agree on the subsample: {same:.0%} of the 8 outputs")
    print(f"throughput: {size / t_assess / 1e6:.2f} million values per second "
          f"(best run {BEST['assess']:.3f} s)")  # fmt: skip
    print(f"load average when finished: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
