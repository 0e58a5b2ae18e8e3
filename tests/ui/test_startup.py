"""What ``python -m app`` does before the first case shows: no year chart (QtCharts) until its tab is
shown, and no empty sheet settled only to be replaced by the case it opens."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
from app.core.worksheet import Worksheet
settled = []
original = Worksheet.settle
def counting(self, region):
    settled.append(sum(not row.is_blank() for row in self.rows))
    return original(self, region)
Worksheet.settle = counting
from app.__main__ import main
code = main(sys.argv[1:])
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication
font = QApplication.instance().font()
print(json.dumps({"code": code, "settled": settled, "charts": "PySide6.QtCharts" in sys.modules,
                  "font": [font.family(), font.styleName(), QFontInfo(font).styleName()]}))
"""


def probe(tmp_path: Path, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_smoke_settles_only_the_sample_and_loads_no_chart(tmp_path):
    seen = probe(tmp_path, "--smoke")
    assert seen["code"] == 0
    assert seen["settled"] and 0 not in seen["settled"]  # the sample's 8 visits, never an empty sheet
    assert set(seen["settled"]) == {8}
    assert seen["charts"] is False
    # the window's font: one face with Chinese glyphs, its regular one (app.ui.fonts)
    family, style, matched = seen["font"]
    assert family == cjk_font_family() and style and matched == style


def cjk_font_family() -> str:
    from PySide6.QtGui import QFontDatabase

    from app.ui.fonts import pick_cjk_family

    return pick_cjk_family(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def test_a_case_that_cannot_be_opened_falls_back_to_the_sample(tmp_path):
    broken = tmp_path / "broken.mzcase"
    broken.write_text("{not json", encoding="utf-8")
    seen = probe(tmp_path, str(broken), "--smoke")
    assert seen["code"] == 0 and set(seen["settled"]) == {8}


def run_app(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_smoke_ends_at_once_with_its_output_flushed_the_users_window_kept_and_no_lock_left(tmp_path):
    conf = tmp_path / "config" / "MZEstimator" / "OutpatientPoolingEstimator.conf"
    conf.parent.mkdir(parents=True)
    saved = "[General]\ngeometry=@ByteArray(saved by the user)\nsplitter=@ByteArray(theirs)\n"
    conf.write_text(saved, encoding="utf-8")
    done = run_app(tmp_path, "--smoke", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("region=tongliao ")  # flushed before the process ended (os._exit)
    assert conf.read_text(encoding="utf-8") == saved  # a window never shown saves no geometry over the user's
    assert [p.name for p in (tmp_path / "data").rglob("*") if p.is_file()] == []  # autosave lock released


def test_a_refused_pdf_exits_the_usual_way_with_its_status(tmp_path):
    case = tmp_path / "x.mzcase"
    case.write_text("{}", encoding="utf-8")
    done = run_app(tmp_path, str(case), "--pdf", str(case))
    assert done.returncode == 2 and "would overwrite" in done.stderr


def test_with_bytecode_writing_off_the_compiled_modules_are_kept_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    beside = ROOT / "app" / "ui" / "__pycache__"
    existed = beside.exists()
    done = run_app(tmp_path, "--smoke")
    assert done.returncode == 0, done.stderr
    kept = {p.name.split(".")[0] for p in (tmp_path / "cache" / "MZEstimator" / "bytecode").rglob("*.pyc")}
    assert {"main_window", "visits_model", "schema", "engine"} <= kept  # read, not compiled, next time
    assert beside.exists() == existed  # nothing written beside the sources
