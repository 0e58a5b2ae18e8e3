"""Rule editor: the live check of a rule file (written as YAML, read by the loader, examples run),
median of repeated runs, per bundled region. It runs on the window's thread a moment after typing
stops, so it is held to a budget of 200 ms."""
from __future__ import annotations

import gc
import statistics
import time

from app.core.rules import editing
from app.core.rules.loader import load_rules

BUDGET_MS = 200.0


def run(runs: int = 11) -> list[dict]:
    rules = load_rules()
    rows = []
    for rid in sorted(rules.regions):
        data = editing.plain_of(rules.regions[rid])
        editing.check(data)  # warm-up
        times = []
        for _ in range(runs):
            gc.collect()
            t0 = time.perf_counter()
            result = editing.check(data)
            times.append((time.perf_counter() - t0) * 1000)
        assert result.ok  # a bundled file always loads
        rows.append({"bench": "rule editor", "what": f"live check of {rid} ({len(data['examples'])} examples)",
                     "value": statistics.median(times), "unit": "ms", "baseline": BUDGET_MS,
                     "baseline_what": "budget", "target": 1.0})
    return rows
