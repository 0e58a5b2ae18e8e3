"""Start-up, peak memory and bundle size of the app against a bare PySide6 window, measured in
the same run: from source, and as one-folder bundles built by the same PyInstaller."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = Path(__file__).resolve().parent / "bare_window.py"
APP_NAME = "MZEstimator"
EXE = ".exe" if sys.platform == "win32" else ""
# issue 14: at most these multiples of the bare window (start-up, memory) and of its bundle (size)
TARGETS = {"start-up": 2.0, "memory": 1.6, "size": 0.8}


def build(out: Path) -> tuple[Path, Path]:
    """Build the app (build.spec) and the bare hello-world into *out*; their bundle folders."""
    pyinstaller = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    subprocess.run(pyinstaller + ["--distpath", str(out / "dist"), "--workpath", str(out / "work-app"),
                                  str(ROOT / "build.spec")], cwd=ROOT, check=True)
    subprocess.run(pyinstaller + ["--onedir", "--name", "bare_window", "--distpath", str(out / "dist"),
                                  "--workpath", str(out / "work-bare"), "--specpath", str(out / "work-bare"),
                                  str(BARE)], cwd=ROOT, check=True)
    return out / "dist" / APP_NAME, out / "dist" / "bare_window"


def folder_size(folder: Path) -> int:
    """Bytes of the files in *folder* (symlinks counted as links, not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _peak_rss_windows(proc: subprocess.Popen) -> int | None:
    try:  # the process handle is still open after wait(): ask for its peak working set
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD)] + [
                (n, ctypes.c_size_t) for n in ("PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
                                               "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage",
                                               "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage")]

        counters = Counters(cb=ctypes.sizeof(Counters))
        ok = ctypes.windll.psapi.GetProcessMemoryInfo(int(proc._handle), ctypes.byref(counters), counters.cb)
        return counters.PeakWorkingSetSize if ok else None
    except Exception:  # noqa: BLE001 - a benchmark figure, not a feature
        return None


def run_once(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int | None, str]:
    """Wall time (s), peak resident memory (bytes, None where unknown) and stdout of one run."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
        else:
            proc.wait()
            elapsed = time.perf_counter() - t0
            peak = _peak_rss_windows(proc)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"{command} exited {proc.returncode}: {err.read().decode(errors='replace')[-2000:]}")
        return elapsed, peak, out.read().decode(errors="replace")


def run(runs: int, app_bundle: Path | None, bare_bundle: Path | None, home: Path) -> list[dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))
    commands = {
        "app, source": [sys.executable, "-m", "app", "--smoke"],
        "bare, source": [sys.executable, str(BARE)],
    }
    if app_bundle and bare_bundle:
        commands["app, frozen"] = [str(app_bundle / (APP_NAME + EXE)), "--smoke"]
        commands["bare, frozen"] = [str(bare_bundle / ("bare_window" + EXE))]
    times: dict[str, list[float]] = {k: [] for k in commands}
    peaks: dict[str, list[int]] = {k: [] for k in commands}
    for name, command in commands.items():  # warm the disk cache
        run_once(command, env, ROOT)
    for _ in range(runs):  # round robin, so that a busy moment hits every command alike
        for name, command in commands.items():
            elapsed, peak, _ = run_once(command, env, ROOT)
            times[name].append(elapsed * 1000)
            if peak is not None:
                peaks[name].append(peak)

    rows = []
    for kind in ("source", "frozen"):
        app, bare = f"app, {kind}", f"bare, {kind}"
        if app not in times:
            continue
        rows.append({"bench": "start-up", "what": f"`--smoke` wall time, {kind}",
                     "value": statistics.median(times[app]), "unit": "ms",
                     "baseline": statistics.median(times[bare]), "baseline_what": f"bare window, {kind}",
                     "target": TARGETS["start-up"]})
    for kind in ("source", "frozen"):
        app, bare = f"app, {kind}", f"bare, {kind}"
        if peaks.get(app) and peaks.get(bare):
            rows.append({"bench": "memory", "what": f"`--smoke` peak RSS, {kind}",
                         "value": statistics.median(peaks[app]) / 2**20, "unit": "MiB",
                         "baseline": statistics.median(peaks[bare]) / 2**20, "baseline_what": f"bare window, {kind}",
                         "target": TARGETS["memory"]})
    if app_bundle and bare_bundle:
        rows.append({"bench": "size", "what": "one-folder bundle", "value": folder_size(app_bundle) / 2**20,
                     "unit": "MiB", "baseline": folder_size(bare_bundle) / 2**20,
                     "baseline_what": "bare hello-world bundle", "target": TARGETS["size"]})
    return rows
