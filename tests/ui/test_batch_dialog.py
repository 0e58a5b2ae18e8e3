"""File → 批量测算…: the batch in a worker thread, cancellable, with the summary and the comparison."""
from __future__ import annotations

import csv

from rule_copies import WHAT_IF_CLAIMS, jiangxi_deductible_800

from app.ui.batch_dialog import BatchDialog

CLAIMS = WHAT_IF_CLAIMS


def open_dialog(make_window, qtbot):
    w = make_window()
    w.act_batch.trigger()
    dialog = w.findChild(BatchDialog)
    assert dialog.isVisible() and w.act_batch.text().startswith("批量测算")
    dialog.region.setCurrentIndex(dialog.region.findData("jiangxi"))
    dialog.year.setValue(2023)
    return dialog


def wait_done(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.thread is None, timeout=30000)


def test_summary_and_comparison_by_hand(make_window, qtbot, tmp_path):
    dialog = open_dialog(make_window, qtbot)
    (tmp_path / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    cand = jiangxi_deductible_800(tmp_path / "candidate").parent
    dialog.claims.setText(str(tmp_path / "claims.csv"))
    dialog.compare.setText(str(cand))
    assert dialog.start()
    wait_done(qtbot, dialog)
    text = dialog.message.text()
    # deductible 600: A (1500 − 400) × 60% = 660; B (800 − 600) × 55% = 110; C (5000 − 600) × 60% → cap 2000
    assert "统筹支付 2,770.00" in text  # money grouped as the window shows it
    # deductible 800: A (1500 − 600) × 60% = 540; B 0; C cap 2000 → 2540; delta −230.00
    assert "统筹支付 2,540.00" in text and "统筹支付 -230.00" in text
    assert dialog.save_persons.isEnabled() and not dialog.save_errors.isEnabled()
    dialog.save_persons_to(tmp_path / "persons.csv")
    with open(tmp_path / "persons.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["person_id"], r["fund"], r["delta"]) for r in rows] == [
        ("A", "660.00", "-120.00"), ("B", "110.00", "-110.00"), ("C", "2000.00", "0.00")]


def test_refused_rows_can_be_saved(make_window, qtbot, tmp_path):
    dialog = open_dialog(make_window, qtbot)
    (tmp_path / "claims.csv").write_text(CLAIMS + "A,employed,2023-02-30,level1,100\n", encoding="utf-8")
    dialog.claims.setText(str(tmp_path / "claims.csv"))
    assert dialog.start()
    wait_done(qtbot, dialog)
    assert "未能读取的行 1" in dialog.message.text() and dialog.save_errors.isEnabled()
    dialog.save_errors_to(tmp_path / "errors.csv")
    with open(tmp_path / "errors.csv", encoding="utf-8", newline="") as fh:
        assert [(r["line"], r["field"]) for r in csv.DictReader(fh)] == [("6", "date")]


def test_cancel_leaves_no_result_and_the_window_responsive(make_window, qtbot, tmp_path):
    dialog = open_dialog(make_window, qtbot)
    lines = ["person_id,category,date,tier,total"]
    lines += [f"P{k % 5000},employed,2023-{1 + k % 12:02d}-10,level1,{100 + k % 700}" for k in range(30000)]
    (tmp_path / "claims.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog.claims.setText(str(tmp_path / "claims.csv"))
    assert dialog.start()
    from PySide6.QtWidgets import QPushButton

    dialog.progress.findChild(QPushButton).click()  # the progress dialog's 取消
    wait_done(qtbot, dialog)
    assert dialog.results is None and "已取消" in dialog.message.text()
    assert not dialog.save_persons.isEnabled() and dialog.run_button.isEnabled()


def test_bad_input_is_said_in_the_dialog(make_window, qtbot, tmp_path):
    dialog = open_dialog(make_window, qtbot)
    assert not dialog.start()
    assert "请选择理赔文件" in dialog.message.text()
    (tmp_path / "claims.csv").write_text("person_id,date,total\nA,2023-01-01,5\n", encoding="utf-8")
    dialog.claims.setText(str(tmp_path / "claims.csv"))
    dialog.compare.setText(str(tmp_path))  # no jiangxi rule file there
    assert not dialog.start()
    assert "没有可用的 jiangxi 规则文件" in dialog.message.text()
    dialog.compare.setText("")
    assert dialog.start()
    wait_done(qtbot, dialog)
    assert "无法测算" in dialog.message.text() and "tier: required column missing" in dialog.message.text()
    assert dialog.results is None


def test_in_english(make_window, qtbot):
    w = make_window("en")
    assert w.act_batch.text() == "Batch estimate (&B)…"
    w.act_batch.trigger()
    dialog = w.findChild(BatchDialog)
    assert dialog.windowTitle() == "Batch estimate"
    dialog.reject()


def test_a_path_typed_and_enter_runs_the_batch(make_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog

    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: opened.append(a) or ("", ""))
    dialog = open_dialog(make_window, qtbot)
    path = tmp_path / "claims.csv"
    path.write_text(CLAIMS, encoding="utf-8")
    dialog.claims.setFocus()
    QTest.keyClicks(dialog.claims, str(path))
    assert dialog.claims.text() == str(path)  # stored as typed
    QTest.keyClick(dialog.claims, Qt.Key.Key_Return)  # the default button is 开始测算, not the first 浏览…
    wait_done(qtbot, dialog)
    assert not opened
    # A 660 + B 110 + C 2000 (by hand, test_summary_and_comparison_by_hand) = 2,770.00 of 3 persons, 4 visits
    assert "人员 3，就诊 4，未能读取的行 0" in dialog.message.text() and "统筹支付 2,770.00" in dialog.message.text()
