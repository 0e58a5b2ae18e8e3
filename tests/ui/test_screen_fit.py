"""The window (and the rule editor's dialogs) on a 1366×768 screen and on 1920×1080 at 150 % scaling (1280×720 logical).

Qt's offscreen platform takes its screens from a JSON file (``offscreen:configfile=…``); a Qt
application has its screens from the start, so each screen size runs screen_fit_cases.py in a
pytest of its own.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

SCREENS = {
    "1366x768": {"width": 1366, "height": 768, "dpr": 1},
    "1366x768 less a taskbar": {"width": 1366, "height": 728, "dpr": 1},  # the area left to windows on Windows
    "1920x1080 at 150 %": {"width": 1280, "height": 720, "dpr": 1.5},  # offscreen sizes are logical
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_window_fits_a_small_screen(tmp_path, name):
    screen = SCREENS[name]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "small", "x": 0, "y": 0, "logicalDpi": 96, **screen}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               SCREEN_FIT_EXPECT=f"{screen['width']}x{screen['height']}",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    # --confcutdir: tests/conftest.py would set the plain offscreen platform over ours
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--confcutdir", str(HERE),
         "--rootdir", str(ROOT), str(HERE / "screen_fit_cases.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) == 10 and "skipped" not in run.stdout, run.stdout[-2000:]
