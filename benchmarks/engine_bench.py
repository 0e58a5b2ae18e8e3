"""Engine: settle a 1,000-visit year in one region, median of repeated runs; and how it scales:
100,000 visits against the 1,000-visit figure measured in the same run (target: ≤ 110×, i.e.
no worse than linear plus 10 %)."""
from __future__ import annotations

import statistics

from app.core.engine import settle
from app.core.rules.loader import load_rules

from . import cases
from .timing import timed_ms

BUDGET_MS = 5.0  # per 1,000 visits
SCALE_N = 100_000
SCALE_TARGET = 110.0  # 100× the visits may take at most 110× the time


def _timed(region, case) -> float:
    return timed_ms(lambda: settle(case, region), collect=True)


def run(runs: int = 31, n: int = 1000, region_ids: tuple[str, ...] = (), scale: bool = True) -> list[dict]:
    rules = load_rules()
    rows = []
    for rid in region_ids or sorted(rules.regions):
        region = rules.regions[rid]
        small = cases.case(region, n)
        big = cases.case(region, SCALE_N) if scale else None
        settle(small, region)  # warm-up
        if big is not None:
            settle(big, region)
        # 100,000 visits (one year, many visits a day) timed between the 1,000-visit runs, a third as
        # often, so that both medians see the machine as the other does
        times, big_times = [], []
        for k in range(runs):
            times.append(_timed(region, small))
            if big is not None and k % 3 == 1:
                big_times.append(_timed(region, big))
        median = statistics.median(times)
        rows.append({"bench": "engine", "what": f"settle a {n}-visit year, {rid}", "value": median, "unit": "ms",
                     "baseline": BUDGET_MS * n / 1000, "baseline_what": "budget", "target": 1.0})
        if big_times:
            rows.append({"bench": "engine", "what": f"settle {SCALE_N:,} visits, {rid}",
                         "value": statistics.median(big_times), "unit": "ms",
                         "baseline": median, "baseline_what": f"{n:,} visits", "target": SCALE_TARGET})
    return rows
