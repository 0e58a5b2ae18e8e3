"""Engine: settle a 1,000-visit year in one region, median of repeated runs."""
from __future__ import annotations

import gc
import statistics
import time

from app.core.engine import settle
from app.core.rules.loader import load_rules

from . import cases

BUDGET_MS = 5.0  # per 1,000 visits


def time_settle(region, case, runs: int) -> list[float]:
    settle(case, region)  # warm-up
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        settle(case, region)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def run(runs: int = 31, n: int = 1000, region_ids: tuple[str, ...] = ()) -> list[dict]:
    rules = load_rules()
    rows = []
    for rid in region_ids or sorted(rules.regions):
        region = rules.regions[rid]
        times = time_settle(region, cases.case(region, n), runs)
        median = statistics.median(times)
        rows.append({"bench": "engine", "what": f"settle a {n}-visit year, {rid}", "value": median, "unit": "ms",
                     "baseline": BUDGET_MS * n / 1000, "baseline_what": "budget", "target": 1.0})
    return rows
