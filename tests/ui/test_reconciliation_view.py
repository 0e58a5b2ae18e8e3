"""Imported real settlements in the window (issue 12 §3): actual fund and difference columns beside
the estimate (hidden otherwise), the likely reason in the explanation, estimated vs actual in the
summary, and both kept by the case file and the export."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from app.core.exchange import import_file
from app.core.worksheet import load_worksheet, save_worksheet
from app.ui.import_dialog import ImportDialog
from app.ui.visits_model import COLUMN_INDEX

from .keyboard import press
from .test_window import new_case

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "reconciliation.csv"


@pytest.fixture
def import_sample(monkeypatch):
    def run(w):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(SAMPLE), ""))
        monkeypatch.setattr(ImportDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
        w.act_import.trigger()
    return run


def test_actual_beside_estimate_and_the_reason(make_window, import_sample, tmp_path, rules):
    w = make_window()
    new_case(w, "tongliao", 2023)
    actual_col, diff_col = COLUMN_INDEX["actual_fund"], COLUMN_INDEX["difference"]
    assert w.view.isColumnHidden(actual_col) and w.view.isColumnHidden(diff_col)  # no settlements yet
    import_sample(w)
    assert not w.view.isColumnHidden(actual_col) and not w.view.isColumnHidden(diff_col)
    cells = [(w.model.index(r, COLUMN_INDEX["fund"]).data(), w.model.index(r, actual_col).data(),
              w.model.index(r, diff_col).data()) for r in range(4)]
    # 02-10: (1500 − 150 − 150 − 1000) × 60 % = 120 = actual; 03-05 level3 1000 × 50 % = 500 vs 600;
    # 04-12 level2 800 × 60 % = 480 vs 420 (the record applied 100 of deductible); 05-20 300 × 60 % = 180
    assert cells == [("120.00", "120.00", "0.00"), ("500.00", "600.00", "-100.00"),
                     ("480.00", "420.00", "60.00"), ("180.00", "180.00", "0.00")]
    # the explanation of the second visit: the ratio the payment implies is level 1's and 2's
    w.view.setFocus()
    w.view.setCurrentIndex(w.model.index(0, 0))
    press(w.view, Qt.Key.Key_Down)
    text = w.explanation.text.toPlainText()
    assert "实际结算" in text and "60%" in text and "一级及以下、二级" in text
    # 120 + 500 + 480 + 180 = 1,280.00 estimated; 120 + 600 + 420 + 180 = 1,320.00 actual
    assert w.summary.reconciled.text() == "对账（4 条结算记录）：测算统筹支付 1,280.00，实际 1,320.00，差额 -40.00"
    # the slip: a reconciliation section
    from app.ui.file_actions import current_slip

    slip = current_slip(w).text()
    assert "对账 · 测算统筹支付（4 条结算记录）: 1,280.00" in slip and "对账 · 差额（测算−实际）: -40.00" in slip
    assert "第 2 条（2023-03-05）对账：实际支付比例 60%" in slip
    # kept by the case file
    path = tmp_path / "r.mzcase"
    save_worksheet(w.sheet, path)
    assert load_worksheet(path).rows == w.sheet.rows
    assert dict(load_worksheet(path).rows[1].actual)["hifp_pay"] == "600.00"


def test_export_keeps_actual_beside_estimated(make_window, import_sample, tmp_path, rules):
    from app.core.exchange import write_export

    w = make_window()
    new_case(w, "tongliao", 2023)
    import_sample(w)
    out = tmp_path / "out.csv"
    write_export(out, w.sheet, w.result, rules.regions["tongliao"], "zh")
    head = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert head[-7:] == ["符合政策范围金额", "实际支付起付线", "统筹基金支出", "个人账户支出", "个人现金支出",
                         "个人账户共济支付金额", "差额"]
    back = import_file(out, rules.regions["tongliao"], 2023)
    assert [r.row for r in back.rows] == [r for r in w.sheet.rows if not r.is_blank()]
