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

from .timing import timed_ms

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


def peak_rss(cmd: list[str]) -> tuple[float, float] | None:
    """Run *cmd*; its peak resident memory in MiB summed over it and its worker processes, and that
    of its largest process, sampled every 50 ms from /proc (None where there is no /proc)."""
    import subprocess
    import sys

    if not Path("/proc/self/statm").exists():
        return None
    page = os.sysconf("SC_PAGE_SIZE")

    def tree(pid: int) -> list[int]:
        out = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    out += [q for c in fh.read().split() for q in tree(int(c))]
        except OSError:
            pass
        return out

    def rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * page
        except OSError:
            return 0

    proc = subprocess.Popen([sys.executable, *cmd], stdout=subprocess.DEVNULL)
    total = largest = 0
    while proc.poll() is None:
        sizes = [rss(q) for q in tree(proc.pid)]
        total, largest = max(total, sum(sizes)), max(largest, max(sizes))
        time.sleep(0.05)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd}: exit {proc.returncode}")
    return total / 2**20, largest / 2**20


def run(runs: int = 3, persons: int = 40_000, visits: int = 200_000, work: Path | None = None) -> list[dict]:
    import tempfile

    region = load_rules().regions[REGION]
    with tempfile.TemporaryDirectory(prefix="mz-batch-bench-", dir=work) as tmp:
        path = Path(tmp) / "claims.csv"
        write_claims(path, persons, visits)
        read_with_csv(path)  # warm the page cache
        cpus = os.cpu_count() or 1
        # the three taken in turn, run after run, so that each median sees the machine as the others do
        times = [[timed_ms(lambda: read_with_csv(path)), timed_ms(lambda: settle_file(path, region, None)),
                  timed_ms(lambda: settle_file(path, region, 1))] for _ in range(max(runs, 5))]
        baseline, pooled, alone = (statistics.median(column) for column in zip(*times))
        big = Path(tmp) / "million.csv"
        write_claims(big, 200_000, 1_000_000)
        memory = peak_rss(["-m", "app.cli", "batch", "--region", REGION, "--year", str(YEAR), str(big)])
    what = f"{persons:,} persons / {visits:,} visits ({REGION})"
    base = "csv module reads the file"
    return [
        {"bench": "batch", "what": f"{what}, {cpus} processes", "value": pooled, "unit": "ms",
         "baseline": baseline, "baseline_what": base, "target": 10.0},
        {"bench": "batch", "what": f"{what}, 1 process", "value": alone, "unit": "ms",
         "baseline": baseline, "baseline_what": base, "target": None},
        {"bench": "batch", "what": f"throughput, {cpus} processes", "value": visits / pooled * 1000,
         "unit": "visits/s"},
    ] + ([] if memory is None else [
        {"bench": "batch", "what": f"200,000 persons / 1,000,000 visits, peak RSS of its {cpus + 1} processes summed",
         "value": memory[0], "unit": "MiB", "baseline": 1024.0, "baseline_what": "1 GB budget", "target": 1.0},
        {"bench": "batch", "what": "the same, its largest process", "value": memory[1], "unit": "MiB"},
    ])
