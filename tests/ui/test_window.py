"""The estimator window driven like a clerk would: keyboard into the real widgets, then the summary read back.

Expected numbers come from the policy texts by hand (arithmetic in the comments)
and are also checked against the engine the CLI uses.
"""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from app.core.case import Case, Person, Visit
from app.core.engine import settle
from app.core.money import fmt_grouped
from app.core.worksheet import load_worksheet
from app.ui.date_edit import DateLineEdit
from app.ui.main_window import sample_case_path
from app.ui.visits_model import COLUMN_INDEX

from .keyboard import save_as, type_text

ROOT = Path(__file__).resolve().parents[2]


def focus_editor(view):
    QApplication.processEvents()
    w = QApplication.focusWidget()
    assert w is not None and w is not view, "an editor should be open"
    return w


def type_visit(qtbot, view, date_text: str, tier_text: str, total: str) -> None:
    """Type one visit as a clerk does: the date as written (2023-02-10, 2-10 …), Enter, the tier
    (its number, label or an alias), Enter, the total, Enter."""
    editor = focus_editor(view)
    assert isinstance(editor, DateLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, date_text)
    assert editor.text() == date_text  # the field shows what is typed, nothing else
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    editor = focus_editor(view)
    combo = editor if isinstance(editor, QComboBox) else editor.parentWidget()
    assert isinstance(combo, QComboBox)
    type_text(editor, tier_text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    editor = focus_editor(view)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, total)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt commits the editor's data in a queued call


def type_into_cell(qtbot, view, text: str) -> None:
    """Type over the current cell as a user does: the first key opens the editor, the rest go to it."""
    view.setFocus()
    qtbot.keyClicks(view, text[0])
    editor = focus_editor(view)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt commits the editor's data in a queued call


def new_case(w, region: str, year: int, category: str = "employed") -> None:
    w.new_case()
    header = w.header
    header.region.setCurrentIndex(header.region.findData(region))
    header.year.setValue(year)
    header.category.setCurrentIndex(header.category.findData(category))
    assert w.sheet.person.region == region and w.sheet.person.year == year


def visit_count(w) -> int:
    return len([r for r in w.sheet.rows if not r.is_blank()])


def summary_texts(w):
    s = w.summary
    return {
        "fund": s.fund_value.text(),
        "remaining": s.remaining_value.text(),
        "deductible": s.deductible_value.text(),
        "self_pay": s.self_pay_value.text(),
        "by_tier": {k: v.text() for k, v in s.tier_values.items()},
    }


def test_sample_case_on_launch_matches_hand_arithmetic(make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    # Tongliao, retired, 2026 (sample.mzcase). Deductible 1000, retiree ratios 65% (level1/2), 55% (level3), cap 5000.
    #  v1 level2 320 → all deductible (met 320)             fund 0
    #  v2 level3 860.50−45−30 = 785.50; 680 ded; 105.50×55% = 58.025 → 58.03
    #  v3 level1 150×65% = 97.50      v4 level3 (1280−120−60)=1100×55% = 605.00
    #  v5 level2 460×65% = 299.00     v6 level1 210×65% = 136.50
    #  v7 level3 (1650−80)=1570×55% = 863.50   v8 level2 (530−25)=505×65% = 328.25
    #  fund = 2387.78; remaining = 5000 − 2387.78 = 2612.22
    t = summary_texts(w)
    assert t["fund"] == "2,387.78 / 5,000.00"
    assert t["remaining"] == "2,612.22"
    assert t["deductible"] == "1,000.00 / 1,000.00"
    # by tier: level1 97.50+136.50 = 234.00; level2 299+328.25 = 627.25; level3 58.03+605+863.50 = 1526.53
    assert t["by_tier"] == {"level1": "234.00", "level2": "627.25", "level3": "1,526.53"}
    assert w.windowTitle().startswith("未命名案例")


def test_type_a_year_with_the_keyboard(qtbot, make_window, rules):
    w = make_window()
    new_case(w, "jincheng", 2023)
    view = w.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)  # empty table: Enter starts the first row
    type_visit(qtbot, view, "2023-01-03", "1", "300")  # tier 1: 一类收费
    type_visit(qtbot, view, "2023/1/4", "三类", "100")  # an alias of 三类收费
    type_visit(qtbot, view, "1-5", "二类收费", "40")  # month-day in the case year; the label itself
    qtbot.keyClick(focus_editor(view), Qt.Key.Key_Escape)  # Escape on the new, untouched row removes it
    assert w.model.rowCount() == 3
    rows = [r for r in w.sheet.rows if not r.is_blank()]
    assert [(r.date, r.tier, r.total) for r in rows] == [
        ("2023-01-03", "class1", "300"), ("2023-01-04", "class3", "100"), ("2023-01-05", "class2", "40")]
    # Jincheng employed, per-visit deductible:
    #  class1 (300−80)×50% = 110.00; class3 (100−30)×60% = 42.00; class2 40 < 50 → 0
    #  fund 152.00; deductible 80+30+40 = 150.00; remaining 1800 − 152 = 1648.00
    t = summary_texts(w)
    assert t["fund"] == "152.00 / 1,800.00"
    assert t["remaining"] == "1,648.00"
    assert t["deductible"] == "150.00"
    # the table's computed column equals the engine the CLI uses
    visits = tuple(Visit(date=r.date, tier=r.tier, total=r.total) for r in rows)
    est = settle(Case(person=Person(region="jincheng", year=2023, category="employed"), visits=visits),
                 rules.regions["jincheng"])
    fund_col = COLUMN_INDEX["fund"]
    for line in est.lines:
        assert w.model.index(line.index, fund_col).data() == fmt_grouped(line.fund)
    assert t["fund"].startswith(fmt_grouped(est.totals.fund))

    # changing the category changes the totals: retired 55/60/65%, cap 2000
    w.header.category.setCurrentIndex(w.header.category.findData("retired"))
    # (300−80)×55% = 121.00; (100−30)×65% = 45.50; 0 → 166.50; remaining 2000 − 166.50 = 1833.50
    assert summary_texts(w)["fund"] == "166.50 / 2,000.00"
    assert summary_texts(w)["remaining"] == "1,833.50"
    # ...and undo brings the employed totals back, redo the retired ones
    w.undo.undo()
    assert summary_texts(w)["fund"] == "152.00 / 1,800.00"
    w.undo.redo()
    assert summary_texts(w)["fund"] == "166.50 / 2,000.00"


def test_undo_redo_cell_edits_and_row_deletion(qtbot, make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    total_col = COLUMN_INDEX["total"]
    idx = w.model.index(7, total_col)  # v8 level2 530 − 25 class-B = 505 → 328.25
    w.view.setCurrentIndex(idx)
    type_into_cell(qtbot, w.view, "1025")
    # v8 now (1025 − 25) × 65% = 650.00; fund 2387.78 − 328.25 + 650 = 2709.53
    assert summary_texts(w)["fund"] == "2,709.53 / 5,000.00"
    assert w.isWindowModified()
    # correcting the last visit: Enter neither adds a row nor opens another editor
    assert w.model.rowCount() == 8 and w.view.state() != w.view.State.EditingState
    assert w.view.currentIndex() == idx
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert summary_texts(w)["fund"] == "2,387.78 / 5,000.00"
    qtbot.keyClick(w.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert summary_texts(w)["fund"] == "2,709.53 / 5,000.00"
    # Delete removes the selected row (v7 level3 863.50): 2709.53 − 863.50 = 1846.03
    w.view.clearSelection()
    w.view.setCurrentIndex(w.model.index(6, 0))
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Delete)
    assert visit_count(w) == 7
    assert summary_texts(w)["fund"] == "1,846.03 / 5,000.00"
    w.undo.undo()
    assert visit_count(w) == 8
    assert w.sheet.rows[6].date == "2026-08-19"
    assert summary_texts(w)["fund"] == "2,709.53 / 5,000.00"


def test_paste_rows_from_excel(qtbot, make_window):
    w = make_window()
    new_case(w, "jiangxi", 2023)
    QGuiApplication.clipboard().setText(
        "日期\t等级\t总费用\t全自费\t乙类先行自付\n"
        "2023/1/5\t一级及以下\t1,000.00\t0\t100\n"
        "2023-02-05\t三级\t2000\t\t\n")
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert w.model.rowCount() == 2
    # Jiangxi employed: (1000 − 100 − 600) × 60% = 180.00; 2000 × 50% = 1000.00 → 1180.00; 1800 − 1180 = 620.00
    assert summary_texts(w)["fund"] == "1,180.00 / 1,800.00"
    assert summary_texts(w)["remaining"] == "620.00"
    w.undo.undo()  # one paste, one undo step
    assert w.model.rowCount() == 0


def test_invalid_amount_is_flagged_and_the_rest_kept(qtbot, make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    idx = w.model.index(2, COLUMN_INDEX["total"])  # v3 level1 150 → 97.50
    w.view.setCurrentIndex(idx)
    type_into_cell(qtbot, w.view, "15o")  # a typo: letter o
    assert w.sheet.rows[2].total == "15o"  # kept exactly as typed
    tip = w.model.index(2, COLUMN_INDEX["total"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "总费用" in tip and "15o" in tip
    assert w.model.index(2, COLUMN_INDEX["total"]).data(Qt.ItemDataRole.BackgroundRole) is not None
    qtbot.keyClick(focus_editor(w.view), Qt.Key.Key_Escape)
    w.view.setCurrentIndex(w.model.index(2, COLUMN_INDEX["total"]))
    assert "15o" in w.status_cell.text() and "第 3 行" in w.status_cell.text()
    # the other seven visits still settle: 2387.78 − 97.50 = 2290.28 (v3 came after the deductible was met)
    assert summary_texts(w)["fund"] == "2,290.28 / 5,000.00"
    assert len([r for r in w.sheet.rows if not r.is_blank()]) == 8


def test_save_open_round_trip_and_corrupt_file(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    w.model.setData(w.model.index(0, COLUMN_INDEX["total"]), "abc")  # an unfinished cell survives saving
    path = tmp_path / "案例 一.mzcase"
    save_as(w, path, monkeypatch)
    assert w.path == path
    assert not w.isWindowModified()
    text1 = path.read_text(encoding="utf-8")
    before = [r for r in w.sheet.rows if not r.is_blank()]
    w2 = make_window()
    assert w2.open_path(path)
    assert [r for r in w2.sheet.rows if not r.is_blank()] == before
    assert w2.sheet.person == w.sheet.person
    assert summary_texts(w2) == summary_texts(w)
    save_as(w2, tmp_path / "again.mzcase", monkeypatch)
    assert (tmp_path / "again.mzcase").read_text(encoding="utf-8") == text1
    assert str(path) in w2.recent_files()

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    for bad in ('{"format": "something-else"}', "not json at all", '{"format": "outpatient-pooling-case", "version": 99}'):
        p = tmp_path / "bad.mzcase"
        p.write_text(bad, encoding="utf-8")
        rows_before = list(w2.sheet.rows)
        assert not w2.open_path(p)
        assert w2.sheet.rows == rows_before  # nothing changed
        assert w2.path == tmp_path / "again.mzcase"
    assert len(shown) == 3 and all("bad.mzcase" in m for m in shown)


def test_next_visit_quote_matches_engine_for_every_tier(qtbot, make_window, rules):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    w.quote.amount.clear()
    qtbot.keyClicks(w.quote.amount, "800")
    # sample: deductible met, fund 2387.78, cap 5000 → room 2612.22
    # level1/level2 retired 65%: 800 × 65% = 520.00; level3 55%: 440.00 → best: level1 and level2
    fund_labels = {tid: cells[1].text() for tid, cells in w.quote.cells.items()}
    assert fund_labels == {"level1": "520.00", "level2": "520.00", "level3": "440.00"}
    assert w.quote.cells["level1"][0].property("best") is True
    assert w.quote.cells["level3"][0].property("best") is False
    case = load_worksheet(sample_case_path()).case()
    from app.core.engine import quote_next_visit
    engine = quote_next_visit(case, rules.regions["tongliao"], Decimal("800"), w.quote_date())
    assert {k: fmt_grouped(v.fund) for k, v in engine.items()} == fund_labels
    # an amount that reaches the cap: 5000 × 65% = 3250 > 2612.22 → clipped to 2612.22
    w.quote.amount.setText("5000")
    assert w.quote.cells["level2"][1].text() == "2,612.22"
    w.quote.amount.setText("5o0")
    assert w.quote.cells == {} and w.quote.hint.text()


def test_explanation_of_selected_visit(qtbot, make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    w.view.setCurrentIndex(w.model.index(1, 0))
    text = w.explanation.text.toPlainText()
    # v2: 860.50 − 45 − 30 = 785.50; 680 of the deductible; (785.50 − 680) × 55% = 58.03
    assert "785.50" in text and "680.00" in text and "55%" in text and "58.03" in text
    assert "第五条" in text  # the article cited


def test_beijing_needs_birth_date_and_shows_unverified_badge(qtbot, make_window):
    w = make_window()
    new_case(w, "beijing", 2023, "retired")
    assert w.header.badge.isVisible() and w.header.badge.text() == "规则未核实"
    assert w.header.birth.isVisible()
    assert w.summary.error.isVisible()  # no birth date yet: says why nothing settles
    w.header.birth.setFocus()
    qtbot.keyClicks(w.header.birth, "19530615")
    qtbot.keyClick(w.header.birth, Qt.Key.Key_Return)
    assert w.sheet.person.birth_date == "1953-06-15" and w.header.birth.text() == "1953-06-15"
    assert not w.summary.error.isVisible()
    w.model.insert_rows_undoable(0, [], "")
    from app.core.worksheet import Row
    w.model.insert_rows_undoable(0, [Row("2023-03-01", "hospital", "1300"), Row("2023-05-01", "hospital", "1000"),
                                     Row("2023-07-01", "hospital", "1000")], "add")
    # deductible 1300 (retired); 1000 × 85% (age 69) = 850; 1000 × 90% (age 70 from 06-15) = 900 → 1750.00
    assert w.summary.fund_value.text() == "1,750.00"
    assert w.summary.remaining_value.text() == "不设限额"


def test_jiangsu_parameter_with_unit(qtbot, make_window):
    w = make_window()
    new_case(w, "jiangsu", 2023)
    edit = w.header.param_edits["average_wage_2021"]
    qtbot.waitUntil(edit.isVisible)
    qtbot.keyClicks(edit, "115000")
    from app.core.worksheet import Row
    w.model.insert_rows_undoable(0, [Row("2023-04-01", "level2", "3000")], "add")
    # deductible 115000 × 1% = 1150; cap × 8% = 9200; (3000 − 1150) × 60% = 1110.00
    assert w.summary.fund_value.text() == "1,110.00 / 9,200.00"
    assert w.summary.deductible_value.text() == "1,150.00 / 1,150.00"


def test_model_passes_qtmodeltester(qtmodeltester, make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    qtmodeltester.check(w.model, force_py=True)


def test_english_translation(qtbot, make_window):
    w = make_window("en")
    w.open_path(sample_case_path(), as_untitled=True)
    assert w.model.headerData(COLUMN_INDEX["fund"], Qt.Orientation.Horizontal) == "Fund pays"
    assert w.summary.title() == "This year"
    assert w.menu_file.title() == "&File"
    w.set_language("zh")
    assert w.model.headerData(COLUMN_INDEX["fund"], Qt.Orientation.Horizontal) == "统筹支付"


def test_autosave_and_recovery(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    w.model.setData(w.model.index(0, COLUMN_INDEX["total"]), "999")
    assert w.autosave.write_now()
    assert w.autosave.pending() is None  # a window is never offered its own autosave
    recovered = load_worksheet(w.autosave.case_path)
    assert recovered.rows[0].total == "999"
    assert (w.autosave.case_path.stat().st_mode & 0o777) == 0o600  # only the autosave is private
    save_as(w, tmp_path / "saved.mzcase", monkeypatch)
    assert not w.autosave.case_path.exists()  # a save removes the autosave


def test_core_does_not_import_qt():
    code = "import sys, app.core.engine, app.core.worksheet, app.cli; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_smoke_command_prints_summary_line():
    out = subprocess.run([sys.executable, "-m", "app", "--smoke"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    # the sample case: fund 2387.78, remaining 5000 − 2387.78 = 2612.22
    assert out.stdout.strip() == "region=tongliao fund=2387.78 remaining=2612.22"


def test_personal_account_in_the_summary_and_table(qtbot, make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    # sample: retired, Tongliao, 2021 average pension 3200 (illustrative) → 3200 × 2% = 64.00 a month
    # (第十条), opening balance 150.00; each visit's patient share is paid from the balance at its month:
    #  01-08 150+64 = 214 of 320 → cash 106 | 02-15 64 of 802.47 | 03-21 52.50 (left 11.50)
    #  04-12 11.50+64 = 75.50 of 675 | 05-30 64 of 161 | 07-03 64+64 = 128 → 73.50 (left 54.50)
    #  08-19 54.50+64 = 118.50 of 786.50 | 10-09 64+64 = 128 of 201.75
    #  paid 214+64+52.50+75.50+64+73.50+118.50+128 = 790.00; credited 12 × 64 = 768.00
    #  balance 150 + 768 − 790 = 128.00; cash 3072.72 − 790 = 2282.72
    values = {k: v.text() for k, v in w.summary.account_values.items()}
    assert values == {"credited": "768.00", "paid": "790.00", "balance": "128.00", "cash": "2,282.72"}
    assert w.model.index(0, COLUMN_INDEX["account_paid"]).data() == "214.00"
    assert w.model.index(0, COLUMN_INDEX["cash_paid"]).data() == "106.00"
    # without the pension figure the window says what it needs instead of guessing
    edit = w.header.param_edits["average_pension_2021"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # the clerk deletes the figure
    assert not w.summary.account_missing.isHidden()
    assert "2021年全区平均基本养老金" in w.summary.account_missing.text()
    assert summary_texts(w)["fund"] == "2,387.78 / 5,000.00"  # pooling still settles


def test_family_member_visit_ticked_in_the_table(qtbot, make_window):
    w = make_window()
    new_case(w, "tongliao", 2023, "employed")
    qtbot.keyClicks(w.header.base, "5000")
    from app.core.worksheet import Row
    w.model.insert_rows_undoable(0, [Row("2023-02-01", "level2", "800"), Row("2023-03-01", "level1", "1500")], "add")
    # both own visits: deductible 1000 from 02-01 (800) and 03-01 (200) → (1500 − 200) × 60% = 780.00
    assert w.summary.fund_value.text() == "780.00 / 4,000.00"
    # tick 家属 on the first: family spending does not count toward the deductible (第六条) and gets no
    # pooled payout (第七条) → own visit (1500 − 1000) × 60% = 300.00
    idx = w.model.index(0, COLUMN_INDEX["family"])
    w.view.setCurrentIndex(idx)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    assert w.sheet.rows[0].family is True
    assert w.summary.fund_value.text() == "300.00 / 4,000.00"
    # account: 5000 × 2% = 100 a month; Feb holds 200 → pays 200 of the family visit's 800, cash 600
    assert w.model.index(0, COLUMN_INDEX["account_paid"]).data() == "200.00"
    assert w.model.index(0, COLUMN_INDEX["cash_paid"]).data() == "600.00"
    assert w.summary.account_values["balance"].text() == "900.00"  # 1200 − 200 − 100


def test_recovery_after_a_crash(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    w.model.setData(w.model.index(0, COLUMN_INDEX["total"]), "999")
    assert w.autosave.write_now()  # the timer's job; then the session "crashes" (no clean close):
    w.autosave.lock.unlock()  # a crashed process holds no lock; its autosave files stay
    w2 = make_window()  # same autosave folder, as at the next start
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w2.offer_recovery()
    assert w2.sheet.rows[0].total == "999"
    assert w2.isWindowModified() and w2.path is None  # recovered work is unsaved work
    w3 = make_window()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w3.offer_recovery()  # w2 holds the recovered work now: w3 is not offered it
    assert w3.autosave.claimed is None
    w2.undo.setClean()
    w2.close()  # a clean close removes the recovered autosave
    assert not w.autosave.case_path.exists()
