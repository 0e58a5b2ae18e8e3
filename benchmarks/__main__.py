"""``python -m benchmarks``: measure and print the speed and size table (see README).

Not a test: nothing here asserts; it prints what it measured, each figure beside its baseline
measured in the same run, the ratio and the target ratio.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

BENCHES = ("engine", "batch", "rules", "typing", "startup", "memory", "size")


def machine() -> list[str]:
    import PySide6

    try:
        import PyInstaller

        pyinstaller = PyInstaller.__version__
    except ImportError:
        pyinstaller = "not installed"
    cpu = platform.processor() or platform.machine()
    if sys.platform.startswith("linux"):
        try:
            cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                       if line.startswith("model name"))
        except (OSError, StopIteration):
            pass
    return [f"{platform.platform()}; {cpu}; {os.cpu_count()} logical CPUs",
            f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, PyInstaller {pyinstaller}"]


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def table(rows: list[dict]) -> list[str]:
    out = ["| benchmark | measured | baseline (same run) | ratio | target | met |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        ratio = r["value"] / r["baseline"] if r.get("baseline") else None
        target = r.get("target")
        met = "—" if ratio is None or target is None else ("yes" if ratio <= target else "**no**")
        baseline = f"{fmt(r['baseline'], r['unit'])} ({r['baseline_what']})" if r.get("baseline") else "—"
        out.append(f"| {r['bench']}: {r['what']} | {fmt(r['value'], r['unit'])} | {baseline} | "
                   f"{fmt(ratio)} | {'≤ ' + fmt(target) if target else '—'} | {met} |")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("only", nargs="*", metavar="BENCH",
                   help=f"run only these ({', '.join(BENCHES)}); default: all")
    p.add_argument("--runs", type=int, default=15, help="repetitions per measurement (default 15)")
    p.add_argument("--work", type=Path, default=Path("build") / "benchmarks",
                   help="where the two bundles are built (default build/benchmarks)")
    p.add_argument("--no-build", action="store_true", help="reuse the bundles already in --work")
    args = p.parse_args(argv)
    if set(args.only) - set(BENCHES):
        p.error(f"unknown benchmark {sorted(set(args.only) - set(BENCHES))[0]!r} (choose from {', '.join(BENCHES)})")
    chosen = set(args.only or BENCHES)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    # the processes first, while this one is small: on Linux a child's peak RSS (wait4's ru_maxrss)
    # counts the memory of the process it was forked from, so measured later, after the engine's
    # 100,000-visit cases, the app and the bare window would both show this process's size
    process_rows: list[dict] = []
    if chosen & {"startup", "memory", "size"}:
        from . import process_bench

        work = args.work.resolve()
        if args.no_build:
            app, bare = work / "dist" / process_bench.APP_NAME, work / "dist" / "bare_window"
        else:
            print(f"building the app and the bare hello-world bundles in {work} …", file=sys.stderr)
            shutil.rmtree(work / "dist", ignore_errors=True)
            app, bare = process_bench.build(work)
        print("start-up and memory …", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="mz-bench-home-") as home:
            measured = process_bench.run(args.runs, app, bare, Path(home))
        names = {"startup": "start-up", "memory": "memory", "size": "size"}
        process_rows = [r for r in measured if r["bench"] in {names[c] for c in chosen if c in names}]
    rows: list[dict] = []
    if "engine" in chosen:
        from . import engine_bench

        print("engine …", file=sys.stderr)
        rows += engine_bench.run(runs=max(args.runs, 11))
    if "batch" in chosen:
        from . import batch_bench

        print("batch …", file=sys.stderr)
        rows += batch_bench.run(runs=max(min(args.runs, 9), 5))
    if "rules" in chosen:
        from . import rule_editor_bench

        print("rule editor …", file=sys.stderr)
        rows += rule_editor_bench.run(runs=max(args.runs, 11))
    rows += process_rows  # (in the table where they always stood)
    if "typing" in chosen:
        from . import typing_bench

        print("typing …", file=sys.stderr)
        rows += typing_bench.run_isolated(runs=max(args.runs, 11))

    print("\n".join(["Machine: " + line for line in machine()] + [""] + table(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
