"""Batch: settle a generated claims file of many persons, against reading the same CSV with the csv module."""
from __future__ import annotations

import csv
import os
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from app.core.batch import open_claims, run_batch, summary
from app.core.rules.loader import load_rules

REGION = "jiangxi"
YEAR = 2026


def write_claims(path: Path, persons: int, visits: int, seed: int = 1) -> None:
    """*visits* rows of *persons* persons, rows in random order (the same every run)."""
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["person_id", "category", "date", "tier", "total", "self_funded", "class_b_copay"])
        for k in range(visits):
            p = rnd.randrange(persons) if k >= persons else k  # every person has at least one visit
            total = rnd.randrange(2_000, 90_000)
            w.writerow([f"P{p:07d}", "retired" if p % 3 == 0 else "employed",
                        (date(YEAR, 1, 1) + timedelta(days=rnd.randrange(365))).isoformat(),
                        f"level{1 + k % 3}", f"{total // 100}.{total % 100:02d}",
                        f"{rnd.randrange(0, total // 10) / 100:.2f}" if k % 3 == 0 else "0", "0"])


def read_with_csv(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh))


def settle_file(path: Path, region, workers: int | None) -> dict:
    return summary(run_batch(open_claims(path), [region], YEAR, workers=workers)[0])


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run(runs: int = 3, persons: int = 40_000, visits: int = 200_000, work: Path | None = None) -> list[dict]:
    import tempfile

    region = load_rules().regions[REGION]
    with tempfile.TemporaryDirectory(prefix="mz-batch-bench-", dir=work) as tmp:
        path = Path(tmp) / "claims.csv"
        write_claims(path, persons, visits)
        read_with_csv(path)  # warm the page cache
        baseline = _median(lambda: read_with_csv(path), max(runs, 5))
        cpus = os.cpu_count() or 1
        pooled = _median(lambda: settle_file(path, region, None), runs)
        alone = _median(lambda: settle_file(path, region, 1), runs)
    what = f"{persons:,} persons / {visits:,} visits ({REGION})"
    base = "csv module reads the file"
    return [
        {"bench": "batch", "what": f"{what}, {cpus} processes", "value": pooled, "unit": "ms",
         "baseline": baseline, "baseline_what": base, "target": 10.0},
        {"bench": "batch", "what": f"{what}, 1 process", "value": alone, "unit": "ms",
         "baseline": baseline, "baseline_what": base, "target": None},
        {"bench": "batch", "what": f"throughput, {cpus} processes", "value": visits / pooled * 1000,
         "unit": "visits/s"},
    ]
