"""Engine: settle a 1,000-visit year in one region, median of repeated runs; and how it scales:
100,000 visits against the 1,000-visit figure measured in the same run (target: ≤ 110×, i.e.
no worse than linear plus 10 %)."""
from __future__ import annotations

import gc
import statistics
import time

from app.core.engine import settle
from app.core.rules.loader import load_rules

from . import cases

BUDGET_MS = 5.0  # per 1,000 visits
SCALE_N = 100_000
SCALE_TARGET = 110.0  # 100× the visits may take at most 110× the time


def time_settle(region, case, runs: int) -> list[float]:
    settle(case, region)  # warm-up
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        settle(case, region)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def run(runs: int = 31, n: int = 1000, region_ids: tuple[str, ...] = (), scale: bool = True) -> list[dict]:
    rules = load_rules()
    rows = []
    for rid in region_ids or sorted(rules.regions):
        region = rules.regions[rid]
        times = time_settle(region, cases.case(region, n), runs)
        median = statistics.median(times)
        rows.append({"bench": "engine", "what": f"settle a {n}-visit year, {rid}", "value": median, "unit": "ms",
                     "baseline": BUDGET_MS * n / 1000, "baseline_what": "budget", "target": 1.0})
        if scale:  # 100,000 visits (one year, many visits a day) against the 1,000 just measured
            big = statistics.median(time_settle(region, cases.case(region, SCALE_N), max(3, runs // 3)))
            rows.append({"bench": "engine", "what": f"settle {SCALE_N:,} visits, {rid}", "value": big, "unit": "ms",
                         "baseline": median, "baseline_what": f"{n:,} visits", "target": SCALE_TARGET})
    return rows
