"""Opening a case is all or nothing, and no number overflows (issue 10).

A case that cannot be opened or computed leaves the window exactly as it was — case, path,
title, undo stack — with a message naming the file; an amount above the bound is a red cell
or a header error with its reason, never an InvalidOperation.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.worksheet import Worksheet
from app.ui.main_window import sample_case_path
from app.ui.visits_model import COLUMN_INDEX

from .keyboard import save_as

ROOT = Path(__file__).resolve().parents[2]
BIG = "1" * 26  # a 26-digit total


def case_text(rows, parameters=None, region="jiangsu", year=2023) -> str:
    return json.dumps({"format": "outpatient-pooling-case", "version": 1,
                       "person": {"region": region, "year": year, "category": "employed",
                                  "parameters": parameters or {}},
                       "rows": [{"date": d, "tier": t, "total": x} for d, t, x in rows]})


def snapshot(w):
    return (w.sheet, list(w.sheet.rows), w.sheet.person.copy(), w.path, w.windowTitle(), w.undo.count(),
            w.undo.index(), w.undo.isClean(), w.summary.fund_value.text())


@pytest.fixture
def edited_window(make_window, tmp_path):
    """The sample saved as first.mzcase, opened, then one unsaved edit (undo stack of one)."""
    w = make_window()
    first = tmp_path / "first.mzcase"
    first.write_bytes(sample_case_path().read_bytes())
    assert w.open_path(first)
    w.model.setData(w.model.index(0, COLUMN_INDEX["total"]), "330")
    assert w.undo.count() == 1 and w.isWindowModified()
    return w


def test_a_case_that_cannot_be_computed_leaves_the_window_as_it_was(edited_window, tmp_path, monkeypatch):
    w = edited_window
    other = tmp_path / "other.mzcase"
    other.write_text(case_text([("2023-03-01", "level1", "100")], {"average_wage_2021": "100000"}), encoding="utf-8")

    def overflow(self, region):  # what a number past Decimal's precision did before the bounds
        raise ArithmeticError("[<class 'decimal.InvalidOperation'>]")

    monkeypatch.setattr(Worksheet, "settle", overflow)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    before = snapshot(w)
    assert not w.open_path(other)
    assert snapshot(w) == before
    assert "first.mzcase" in w.windowTitle()
    assert len(shown) == 1 and str(other) in shown[0] and "cannot be computed" in shown[0]
    monkeypatch.undo()
    # Ctrl+S still writes to the file the title names, with the edit
    assert w.save()
    assert json.loads((tmp_path / "first.mzcase").read_text(encoding="utf-8"))["rows"][0]["total"] == "330"


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,  # 100,000 levels deep
    '{"format": "outpatient-pooling-case", "version": ' + "9" * 5000 + "}",
    '{"format": "outpatient-pooling-case", "version": ' + "9" * 4000 + "}",
])
def test_open_refuses_hostile_files_with_a_message(edited_window, tmp_path, monkeypatch, text):
    w = edited_window
    bad = tmp_path / "bad.mzcase"
    bad.write_text(text, encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    before = snapshot(w)
    assert not w.open_path(bad)
    assert snapshot(w) == before
    assert len(shown) == 1 and str(bad) in shown[0]
    assert len(shown[0]) < 300  # the reason, not 4,000 digits


def test_26_digit_totals_open_as_red_cells(make_window, tmp_path):
    w = make_window()
    path = tmp_path / "big.mzcase"
    # two 26-digit totals and one good visit: jiangsu, wage 100000 → deductible 1 % = 1000, ratio 60 %;
    # the good visit (1500 − 1000) × 60 % = 300.00
    path.write_text(case_text([("2023-03-01", "level1", BIG), ("2023-03-02", "level1", BIG),
                               ("2023-03-03", "level1", "1500")], {"average_wage_2021": "100000"}), encoding="utf-8")
    assert w.open_path(path)
    assert w.path == path
    assert w.sheet.rows[0].total == BIG  # kept as typed
    tip = w.model.index(0, COLUMN_INDEX["total"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "99,999,999.99" in tip
    assert set(w.result.row_errors) == {0, 1}
    assert w.summary.fund_value.text().startswith("300.00")
    # typing such an amount is the same: a red cell, the rest settles
    w.model.setData(w.model.index(2, COLUMN_INDEX["total"]), "1e30")
    assert set(w.result.row_errors) == {0, 1, 2}
    w.model.setData(w.model.index(2, COLUMN_INDEX["total"]), "99999999.99")
    assert set(w.result.row_errors) == {0, 1}


@pytest.mark.parametrize("value", ["1e30", "1" * 30, "1e999999"])
def test_oversized_parameter_is_a_header_error(make_window, tmp_path, value):
    w = make_window()
    path = tmp_path / "param.mzcase"
    path.write_text(case_text([("2023-03-03", "level1", "1500")], {"average_wage_2021": value}), encoding="utf-8")
    assert w.open_path(path)
    assert w.result.estimate is None and w.result.case_error_field == "average_wage_2021"
    assert "average_wage_2021" in w.result.case_error


def test_pdf_of_a_hostile_case_is_refused_in_one_plain_line(tmp_path):
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    deep = tmp_path / "deep.mzcase"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    case = tmp_path / "case.mzcase"
    case.write_bytes(sample_case_path().read_bytes())
    for args, needle in (([deep, "--pdf", tmp_path / "out.pdf"], "nested too deeply"),
                         ([case, "--pdf", case], "would overwrite the case file"),
                         ([case, "--pdf", tmp_path / "." / "case.mzcase"], "would overwrite the case file"),
                         ([case, "--nonsense"], "unrecognized arguments")):
        proc = subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, capture_output=True,
                              text=True, encoding="utf-8", timeout=120, env=env)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
        assert needle in proc.stderr
    assert case.read_bytes() == sample_case_path().read_bytes()  # not overwritten by a PDF


def test_save_of_a_title_that_cannot_be_stored_says_why(make_window, tmp_path, monkeypatch):
    w = make_window()
    src = tmp_path / "odd.mzcase"
    src.write_text('{"format": "outpatient-pooling-case", "version": 1, "person": {"region": "tongliao",'
                   ' "year": 2023, "category": "employed", "title": "\\ud800"}, "rows": []}', encoding="utf-8")
    assert w.open_path(src)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    target = tmp_path / "saved.mzcase"
    assert not save_as(w, target, monkeypatch)
    assert len(shown) == 1 and str(target) in shown[0] and "cannot be stored" in shown[0]
    assert w.path == src and not target.exists()


def test_the_window_lists_rule_files_that_did_not_load(make_window, tmp_path):
    from app.__main__ import show_rule_errors
    from app.core.rules.loader import load_rules

    folder = tmp_path / "user-rules"
    folder.mkdir()
    (folder / "a.yaml").write_text("region: a\nwhen: 2023-02-30\n", encoding="utf-8")
    (folder / "b.yaml").write_text("x: 1\nx: 2\n", encoding="utf-8")
    rules = load_rules([folder])
    assert len(rules.errors) == 2 and "jiangxi" in rules.regions
    w = make_window()
    show_rule_errors(w, rules)
    shown = w.statusBar().currentMessage()
    assert f"{folder / 'a.yaml'}:2: when: not a valid date" in shown
    assert f"{folder / 'b.yaml'}:2: x: key written twice" in shown
    assert w.statusBar().toolTip().count("\n") == 1


def test_start_up_cleans_stale_temporary_files_where_the_program_writes(make_window, tmp_path, monkeypatch):
    import os
    import time

    from app.__main__ import _clean_temp_files
    from app.core.case import TEMP_MARK

    w = make_window()
    saved = tmp_path / "cases" / "a.mzcase"
    saved.parent.mkdir()
    assert save_as(w, saved, monkeypatch)  # its folder is now a recent file's folder
    stale = saved.parent / f".a{TEMP_MARK}x1y2z3.mzcase"  # what a killed save leaves
    stale.write_text("half", encoding="utf-8")
    hour_ago = time.time() - 3700
    os.utime(stale, (hour_ago, hour_ago))
    _clean_temp_files(w)
    assert not stale.exists() and saved.exists()
