"""Rule editor: the live check of a rule file (written as YAML, read by the loader, examples run),
median of repeated runs, per bundled region. It runs on the window's thread a moment after typing
stops, so it is held to a budget of 200 ms."""
from __future__ import annotations

import statistics

from app.core.rules import editing
from app.core.rules.loader import load_rules

from .timing import timed_ms

BUDGET_MS = 200.0


def run(runs: int = 11) -> list[dict]:
    rules = load_rules()
    rows = []
    for rid in sorted(rules.regions):
        data = editing.plain_of(rules.regions[rid])
        assert editing.check(data).ok  # a bundled file always loads (and the check is warmed up)
        times = [timed_ms(lambda: editing.check(data), collect=True) for _ in range(runs)]
        rows.append({"bench": "rule editor", "what": f"live check of {rid} ({len(data['examples'])} examples)",
                     "value": statistics.median(times), "unit": "ms", "baseline": BUDGET_MS,
                     "baseline_what": "budget", "target": 1.0})
    return rows
