"""A region whose annual limit is on compliant cost (cap_basis: policy_scope, tests/core/rule_kinds):
the summary shows the cost counted against the limit, not the fund's payout against it."""
from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.core.rules.loader import load_rules
from app.core.worksheet import PersonFields, Worksheet
from app.ui.main_window import MainWindow

from .keyboard import press

FIXTURE = Path(__file__).resolve().parents[1] / "core" / "rule_kinds" / "scope_limit.yaml"


def scope_window(qtbot, tmp_path) -> MainWindow:
    """A window with the compliant-cost-limit city loaded from a user rules folder, an employed 2023 case."""
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "scope_limit.yaml")
    rules = load_rules([folder])
    w = MainWindow(rules, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), None,
                   autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(w)
    w.load_sheet(Worksheet(PersonFields(region="scopelimit", year=2023, category="employed")), None)
    w.show()
    return w


def test_the_summary_counts_compliant_cost_against_a_cost_limit(qtbot, tmp_path):
    """No deductible, 90 % to 5,000 of cost then 80 %, limit 15,000 of compliant cost:
    4,000 → 3,600.00; 3,000 → 1,000 × 90 % + 2,000 × 80 % = 2,500.00. Cost counted 7,000 of 15,000,
    8,000.00 left — while the fund paid 6,100.00."""
    w = scope_window(qtbot, tmp_path)
    QGuiApplication.clipboard().setText("2023-02-01\tlevel1\t4000\n2023-03-01\tlevel3\t3000\n")
    w.view.setFocus()
    press(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    s = w.summary
    assert s.fund_caption.text() == "合规费用已累计 / 年度累计合规费用限额"
    assert s.fund_value.text() == "7,000.00 / 15,000.00"
    assert s.remaining_value.text() == "8,000.00"
    assert s.tier_values["level1"].text() == "3,600.00" and s.tier_values["level3"].text() == "2,500.00"
    w.undo.setClean()


def test_the_chart_draws_the_cost_counted_against_a_cost_limit(qtbot, tmp_path):
    """The year chart of the same kind of city: the dashed line is the 15,000 limit on compliant
    cost (so named, not 年度最高支付限额), and a staircase of cost counted climbs to it — from the
    carried 6,000 (此前已累计合规费用, typed in the header) to 6,000 + 4,000 = 10,000, then
    10,000 + 3,000 = 13,000. Only the cost is carried here (not the cost above the deductible), so
    the bands start at 0: the fund's staircase is 4,000 × 90 % = 3,600.00, then
    + 1,000 × 90 % + 2,000 × 80 % = 6,100.00."""
    from .keyboard import type_text

    w = scope_window(qtbot, tmp_path)
    carry = w.header.carry_edits["policy_scope"]
    assert w.header.carry_form.labelForField(carry).text() == "此前已累计合规费用（元）"
    carry.setFocus()
    type_text(carry, "6000")
    press(carry, Qt.Key.Key_Tab)
    assert w.sheet.person.carry == {"policy_scope": "6000"}
    QGuiApplication.clipboard().setText("2023-02-01\tlevel1\t4000\n2023-03-01\tlevel3\t3000\n")
    w.view.setFocus()
    press(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    w.act_chart.trigger()
    QApplication.processEvents()
    c = w.chart
    assert c.cap_series.name() == "年度累计合规费用限额" and {p.y() for p in c.cap_series.points()} == {15000.0}
    heights = [p.y() for p in c.cost_series.points()]
    assert heights[0] == 6000.0 and heights[2:-1:2] == [10000.0, 13000.0]
    # the fund: bands start at 0 (no above_deductible carried): 3,600.00, then 1,000 × 90 % + 2,000 × 80 %
    assert c.fund_values() == [3600.0, 6100.0]
    assert w.summary.fund_value.text() == "13,000.00 / 15,000.00"  # 6,000 carried + 7,000
    # one more visit of 4,000: 17,000 counted — the summary says so, not the 15,000 of the limit;
    # 15,000 − 13,000 = 2,000 within the limit, above 5,000 of cost: 2,000 × 80 % = 1,600.00
    QGuiApplication.clipboard().setText("2023-04-01\tlevel3\t4000\n")
    w.view.setCurrentIndex(w.model.index(2, 0))
    press(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert w.summary.fund_value.text() == "17,000.00 / 15,000.00" and w.summary.remaining_value.text() == "0.00"
    assert c.fund_values() == [3600.0, 6100.0, 7700.0]
    w.undo.setClean()
