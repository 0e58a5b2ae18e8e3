"""Typing is exact: every cell and header field takes what a clerk types, or keeps it red with the reason.

Every test here types into the editor the view (or the header) really opens, key by key
(Chinese as an input method commits it), then checks what the model stores, what the cell
shows — whole, not clipped — and the summary. Nothing calls ``setData``.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCalendarWidget, QComboBox, QStyle

from app.core.worksheet import Row
from app.ui.date_edit import DateLineEdit
from app.ui.visits_model import COLUMN_INDEX, COLUMNS, INVALID_BG

from .keyboard import press, type_text

DATE, TIER, TOTAL = COLUMN_INDEX["date"], COLUMN_INDEX["tier"], COLUMN_INDEX["total"]


# --- helpers -------------------------------------------------------------------------------

def new_case(qtbot, w, region: str, year: int, category: str = "employed") -> None:
    """Ctrl+N, then the header chosen with the keyboard."""
    w.activateWindow()
    press(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    choose(w.header.region, region)
    w.header.year.setFocus()
    w.header.year.selectAll()
    type_text(w.header.year, str(year))
    press(w.header.year, Qt.Key.Key_Tab)
    choose(w.header.category, category)
    assert (w.sheet.person.region, w.sheet.person.year, w.sheet.person.category) == (region, year, category)


def choose(combo: QComboBox, data: str) -> None:
    """Pick an item of a combo box as a clerk does: F4 opens the list, arrows, Enter."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0
    press(combo, Qt.Key.Key_F4)
    popup = combo.view()
    assert popup.isVisible()
    while popup.currentIndex().row() != target:
        press(popup, Qt.Key.Key_Down if popup.currentIndex().row() < target else Qt.Key.Key_Up)
    press(popup, Qt.Key.Key_Return)
    assert combo.currentIndex() == target


def editor_of(view):
    QApplication.processEvents()
    w = QApplication.focusWidget()
    assert w is not None and w is not view and view.isAncestorOf(w), "an editor should be open"
    return w


def enter_visits(w, *texts: str) -> None:
    """From the table, Enter into a new visit and type each text followed by Enter (date → tier →
    total → the next new row …); Escape then leaves the last new, untouched row."""
    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return)
    for text in texts:
        type_text(editor_of(w.view), text)
        press(None, Qt.Key.Key_Return)
    press(None, Qt.Key.Key_Escape)


def type_in_cell(w, row: int, column: int, text: str, end=Qt.Key.Key_Return) -> None:
    """Go to a cell, type over it (the first key opens its editor), then Enter/Tab/Escape."""
    view = w.view
    view.setFocus()
    view.setCurrentIndex(w.model.index(row, column))
    type_text(view, text)
    press(editor_of(view), end)


def cell(w, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return w.model.index(row, column).data(role)


def is_red(w, row: int, column: int) -> bool:
    brush = cell(w, row, column, Qt.ItemDataRole.BackgroundRole)
    return brush is not None and brush.color() == QColor(INVALID_BG)


def assert_cells_whole(w) -> None:
    """No visible cell's text (nor a header's) is wider than its column (the note column elides)."""
    view = w.view
    fm = view.fontMetrics()
    margin = view.cell_margin()
    header = view.horizontalHeader()
    hfm = header.fontMetrics()
    header_margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for c, col in enumerate(COLUMNS):
        if col.key == "note" or view.isColumnHidden(c):
            continue
        width = view.columnWidth(c)
        title = w.model.headerData(c, Qt.Orientation.Horizontal)
        assert hfm.horizontalAdvance(title) + header_margin <= width, f"header {title!r} clipped ({width}px)"
        for r in range(w.model.rowCount()):
            text = cell(w, r, c) or ""
            assert fm.horizontalAdvance(text) + margin <= width, f"row {r + 1} {col.key} {text!r} clipped ({width}px)"


def fund_text(w) -> str:
    return w.summary.fund_value.text()


# --- dates ---------------------------------------------------------------------------------

ACCEPTED = [
    "2023-02-10", "2023-2-10", "20230210", "2023/2/10", "2023.2.10", "2023年2月10日",
    "2-10", "2/10", "2.10", "0210", "2月10日",  # 2.10: as 11.20 was typed under Xvfb, and refused
    "２０２３－０２－１０",  # full-width, as a Chinese input method in full-width mode types it
    " 2023-02-10 ",
]


@pytest.mark.parametrize("typed", ACCEPTED)
def test_every_accepted_date_form_is_stored_as_that_day(qtbot, make_window, typed):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return)  # an empty table: Enter starts the first visit
    editor = editor_of(w.view)
    assert isinstance(editor, DateLineEdit) and editor.text() == ""  # nothing guessed
    type_text(editor, typed)
    assert editor.text() == typed  # the field shows exactly what is typed
    press(editor, Qt.Key.Key_Return)
    assert w.sheet.rows[0].date == "2023-02-10"
    assert cell(w, 0, DATE) == "2023-02-10"
    assert not is_red(w, 0, DATE)
    # the rest of the visit, so the date is used: level3 (三级) 2,500 → all 1,000 deductible, 1,500 × 50% = 750.00
    type_text(editor_of(w.view), "三级")
    press(None, Qt.Key.Key_Return)
    type_text(editor_of(w.view), "2500")
    press(None, Qt.Key.Key_Return)
    assert fund_text(w) == "750.00 / 4,000.00"
    assert_cells_whole(w)


REFUSED = [
    ("2023-02-30", "没有这一天"),  # no 30 February
    ("2023-13-01", "没有这一天"),
    ("2-30", "没有这一天"),
    ("1310", "没有这一天"),  # month 13
    ("23-02-10", "不是可识别的日期"),  # two-digit year
    ("2023-W06-5", "不是可识别的日期"),  # an ISO week date
    ("2023/02-10", "不是可识别的日期"),  # mixed separators
    ("02/10/2023", "不是可识别的日期"),  # day and month order unknown
    ("2023-02", "不是可识别的日期"),
    ("202302100", "不是可识别的日期"),
    ("2023-02-10T09:00", "不是可识别的日期"),
    ("二月十日", "不是可识别的日期"),
    ("٢٠٢٣-٠٢-١٠", "不是可识别的日期"),  # Arabic-Indic digits
    ("2024-02-10", "不在 2023 年度内"),  # a real date, but not in the case year
    ("2-10-", "不是可识别的日期"),
]


@pytest.mark.parametrize("typed,reason", REFUSED)
def test_a_refused_date_is_kept_as_typed_red_with_the_reason(qtbot, make_window, typed, reason):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return)
    type_text(editor_of(w.view), typed)
    press(None, Qt.Key.Key_Return)
    type_text(editor_of(w.view), "2")  # tier 2: 二级
    press(None, Qt.Key.Key_Return)
    type_text(editor_of(w.view), "3000")
    press(None, Qt.Key.Key_Return)
    press(None, Qt.Key.Key_Escape)  # leave the next new row: it goes away untouched
    assert w.model.rowCount() == 1
    assert w.sheet.rows[0].date == typed.strip()  # stored exactly as typed
    assert cell(w, 0, DATE) == typed.strip()
    assert is_red(w, 0, DATE)
    tip = cell(w, 0, DATE, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("日期") and reason in tip
    assert fund_text(w) == "0.00 / 4,000.00"  # the row does not count until fixed
    w.view.setCurrentIndex(w.model.index(0, DATE))
    assert reason in w.status_cell.text() and "第 1 行" in w.status_cell.text()
    assert_cells_whole(w)


def test_correcting_a_red_date_makes_the_row_count(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    enter_visits(w, "2023-02-30", "2", "1500")
    assert is_red(w, 0, DATE) and fund_text(w) == "0.00 / 4,000.00"
    type_in_cell(w, 0, DATE, "2023-02-28", Qt.Key.Key_Tab)
    # level2 employed: (1,500 − 1,000) × 60% = 300.00
    assert w.sheet.rows[0].date == "2023-02-28" and not is_red(w, 0, DATE)
    assert fund_text(w) == "300.00 / 4,000.00"


@pytest.mark.parametrize("end", [Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Backtab])
def test_opening_and_closing_an_editor_without_typing_changes_nothing(qtbot, make_window, end):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    # as an import leaves them: an impossible date, a tier this region lacks, an amount with a typo
    w.model.insert_rows_undoable(0, [Row("2023-05-10", "level2", "1800"), Row("2023-06-31", "一类收费", "12o")], "import")
    before = list(w.sheet.rows)
    fund = fund_text(w)  # (1,800 − 1,000) × 60% = 480.00
    assert fund == "480.00 / 4,000.00"
    for column in (DATE, TIER, TOTAL, COLUMN_INDEX["self_funded"], COLUMN_INDEX["exclusion"]):
        for row in (0, 1):
            w.view.setFocus()
            w.view.setCurrentIndex(w.model.index(row, column))
            press(w.view, Qt.Key.Key_F2)  # open the editor, type nothing
            editor_of(w.view)
            press(None, end)
            if w.view.state() == w.view.State.EditingState:  # Enter moved on and opened the next editor
                press(None, Qt.Key.Key_Escape)
    assert w.sheet.rows == before
    assert fund_text(w) == fund
    assert [w.undo.text(i) for i in range(w.undo.count())][-1:] == ["import"]  # nothing after the import


def test_the_calendar_picks_a_day_and_shows_it_as_typed_text(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return)
    type_text(editor_of(w.view), "3-1")
    editor = editor_of(w.view)
    press(editor, Qt.Key.Key_F4)
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QCalendarWidget)
    assert (popup.yearShown(), popup.monthShown()) == (2023, 3)  # opens on what is typed
    press(None, Qt.Key.Key_Right)  # 2023-03-02
    press(None, Qt.Key.Key_Return)
    assert editor.text() == "2023-03-02"
    press(editor, Qt.Key.Key_Return)
    assert w.sheet.rows[0].date == "2023-03-02"


# --- tiers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("region,typed,tier", [
    ("tongliao", "一级", "level1"), ("tongliao", "1级", "level1"), ("tongliao", "一级医院", "level1"),
    ("tongliao", "一级及以下", "level1"), ("tongliao", "二级", "level2"), ("tongliao", "三级", "level3"),
    ("tongliao", "三甲", "level3"), ("tongliao", "level2", "level2"), ("tongliao", "3", "level3"),
    ("jincheng", "一类", "class1"), ("jincheng", "二类收费", "class2"), ("jincheng", "3类", "class3"),
    ("beijing", "社区", "community"), ("beijing", "医院", "hospital"), ("jiangxi", "三级医院", "level3"),
])
def test_a_tier_is_typed_by_name(qtbot, make_window, region, typed, tier):
    w = make_window()
    new_case(qtbot, w, region, 2023)
    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return)
    type_text(editor_of(w.view), "2023-04-01")
    press(None, Qt.Key.Key_Return)
    editor = editor_of(w.view)
    type_text(editor, typed)
    press(None, Qt.Key.Key_Return)
    assert w.sheet.rows[0].tier == tier
    label = w.rules.regions[region].tier(tier).label.zh
    assert cell(w, 0, TIER) == label and not is_red(w, 0, TIER)


def test_an_unknown_tier_is_kept_red_and_names_the_region_tiers_in_chinese(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    enter_visits(w, "2023-04-01", "四级", "900")
    assert w.sheet.rows[0].tier == "四级" and cell(w, 0, TIER) == "四级" and is_red(w, 0, TIER)
    tip = cell(w, 0, TIER, Qt.ItemDataRole.ToolTipRole)
    assert "一级及以下、二级、三级" in tip and "level1" not in tip


def test_region_change_carries_tiers_by_name_else_red_in_one_undo_step(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    enter_visits(w, "2023-03-01", "1", "1200", "2023-03-02", "2", "500", "2023-03-03", "3", "800")
    assert [r.tier for r in w.sheet.rows] == ["level1", "level2", "level3"]
    steps = w.undo.count()
    choose(w.header.region, "beijing")
    # Beijing has 社区 / 医院: 二级 and 三级 are hospitals by Beijing's aliases; 一级及以下 may be either
    assert [r.tier for r in w.sheet.rows] == ["一级及以下", "hospital", "hospital"]
    assert is_red(w, 0, TIER) and "社区卫生服务机构、医院" in cell(w, 0, TIER, Qt.ItemDataRole.ToolTipRole)
    assert cell(w, 1, TIER) == "医院" and not is_red(w, 1, TIER)
    assert w.undo.count() == steps + 1  # the header and the tiers: one step
    assert w.view.hasFocus()  # the choice is made: the keyboard is back in the table
    press(w.view, Qt.Key.Key_Down)  # ...so arrows move in the table, not through the regions
    assert w.sheet.person.region == "beijing"
    w.undo.undo()
    assert w.sheet.person.region == "tongliao" and [r.tier for r in w.sheet.rows] == ["level1", "level2", "level3"]
    # Tongliao, employed: 1,200 − 1,000 = 200 × 60% = 120.00; 500 × 60% = 300.00; 800 × 50% = 400.00 → 820.00
    assert fund_text(w) == "820.00 / 4,000.00"
    choose(w.header.region, "jiangxi")  # same tier ids, same meaning
    assert [r.tier for r in w.sheet.rows] == ["level1", "level2", "level3"]


# --- keyboard flow -------------------------------------------------------------------------

def test_enter_adds_rows_only_while_entering_new_visits(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "jiangxi", 2023)
    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return)
    for text in ("2023-01-10", "1", "700", "2023-02-10", "2", "300"):
        type_text(editor_of(w.view), text)
        press(None, Qt.Key.Key_Return)
    assert w.model.rowCount() == 3  # the third is the new row Enter opened
    editor = editor_of(w.view)
    assert isinstance(editor, DateLineEdit) and editor.text() == ""  # nothing pre-filled
    press(editor, Qt.Key.Key_Escape)
    assert w.model.rowCount() == 2  # untouched: gone
    # correcting the last visit's total: Enter neither adds a row nor opens an editor
    type_in_cell(w, 1, TOTAL, "350")
    assert w.model.rowCount() == 2 and w.view.state() != w.view.State.EditingState
    # Jiangxi employed: 700 − 600 = 100 × 60% = 60.00; 350 × 55% = 192.50 → 252.50
    assert fund_text(w) == "252.50 / 1,800.00"
    # Ctrl+Enter starts a new visit; Escape right away leaves nothing behind
    press(w.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert w.model.rowCount() == 3
    press(editor_of(w.view), Qt.Key.Key_Escape)
    assert w.model.rowCount() == 2


def test_every_editable_column_typed(qtbot, make_window):
    """Each editable column of the table, typed: date, tier, total, self-funded, class-B, the
    three flags (Space), and the exclusion (its number)."""
    w = make_window()
    new_case(qtbot, w, "jincheng", 2023, "retired")
    enter_visits(w, "3/15", "二类", "1,280.00")
    type_in_cell(w, 0, COLUMN_INDEX["self_funded"], "80", Qt.Key.Key_Tab)
    press(None, Qt.Key.Key_Escape)  # Tab opened the next cell's editor
    type_in_cell(w, 0, COLUMN_INDEX["class_b_copay"], "20.5")
    row = w.sheet.rows[0]
    assert (row.date, row.tier, row.total, row.self_funded, row.class_b_copay) == (
        "2023-03-15", "class2", "1,280.00", "80", "20.5")
    # Jincheng retired, class2: policy scope 1,280 − 80 − 20.50 = 1,179.50; deductible 50 per visit;
    # (1,179.50 − 50) × 60% = 677.70
    assert fund_text(w) == "677.70 / 2,000.00"
    assert cell(w, 0, COLUMN_INDEX["policy_scope"]) == "1,179.50"
    for key in ("designated", "emergency", "family"):
        before = getattr(w.sheet.rows[0], key)
        w.view.setCurrentIndex(w.model.index(0, COLUMN_INDEX[key]))
        press(w.view, Qt.Key.Key_Space)
        assert getattr(w.sheet.rows[0], key) is (not before)
        press(w.view, Qt.Key.Key_Space)
        assert getattr(w.sheet.rows[0], key) is before
    w.view.setCurrentIndex(w.model.index(0, COLUMN_INDEX["exclusion"]))
    press(w.view, Qt.Key.Key_F2)
    combo = editor_of(w.view)
    assert isinstance(combo, QComboBox)
    type_text(combo, "1")  # the first listed exclusion
    press(combo, Qt.Key.Key_Return)
    first = w.rules.regions["jincheng"].versions[0].exclusions[0]
    assert w.sheet.rows[0].exclusion == first.id and cell(w, 0, COLUMN_INDEX["exclusion"]) == first.label.zh
    assert fund_text(w) == "0.00 / 2,000.00"  # excluded: the fund pays nothing
    assert_cells_whole(w)


# --- header fields -------------------------------------------------------------------------

def test_birth_date_is_typed_and_its_calendar_opens_near_a_birth_year(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "beijing", 2023, "retired")
    birth = w.header.birth
    assert birth.isVisible() and birth.text() == ""
    birth.setFocus()
    press(birth, Qt.Key.Key_F4)
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QCalendarWidget) and popup.yearShown() == 2023 - 65
    press(popup, Qt.Key.Key_Escape)
    birth.setFocus()
    type_text(birth, "19530615")
    assert birth.text() == "19530615"
    press(birth, Qt.Key.Key_Return)
    assert w.sheet.person.birth_date == "1953-06-15" and birth.text() == "1953-06-15"
    assert not w.summary.error.isVisible()
    birth.selectAll()
    type_text(birth, "1953年2月30日")
    press(birth, Qt.Key.Key_Tab)
    assert w.sheet.person.birth_date == "1953年2月30日"  # kept as typed
    assert w.summary.error.isVisible() and "1953年2月30日" in w.summary.error.text()
    assert "background:#fde2e1" in birth.styleSheet() and "出生日期" in birth.toolTip()
    w.undo.undo()
    assert w.sheet.person.birth_date == "1953-06-15" and birth.text() == "1953-06-15"
    assert birth.styleSheet() == ""


def test_account_and_parameter_fields_are_typed(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "jiangsu", 2023)
    edit = w.header.param_edits["average_wage_2021"]
    edit.setFocus()
    type_text(edit, "115000")
    press(edit, Qt.Key.Key_Tab)
    assert w.sheet.person.parameters["average_wage_2021"] == "115000"
    w.header.base.setFocus()
    type_text(w.header.base, "6000")
    w.header.opening.setFocus()
    type_text(w.header.opening, "150.50")
    assert (w.sheet.person.contribution_base, w.sheet.person.opening_balance) == ("6000", "150.50")
    enter_visits(w, "2023年4月1日", "二级", "3000")
    # deductible 115,000 × 1% = 1,150; cap × 8% = 9,200; (3,000 − 1,150) × 60% = 1,110.00
    assert fund_text(w) == "1,110.00 / 9,200.00"
    edit.setFocus()
    edit.selectAll()
    type_text(edit, "11万")
    press(edit, Qt.Key.Key_Tab)
    assert w.sheet.person.parameters["average_wage_2021"] == "11万"  # kept as typed
    assert "background:#fde2e1" in edit.styleSheet()


# --- columns fit, in both languages, on small screens --------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_every_cell_is_whole_after_new_case_typing_and_language_switch(qtbot, make_window, lang, size):
    w = make_window(lang)
    w.resize(*size)
    new_case(qtbot, w, "tongliao", 2023)
    assert_cells_whole(w)  # an empty new case: headers whole
    enter_visits(w, "2023-01-10", "3", "1,280.00", "2023-02-10", "2", "12,345,678.90", "2023-03-10", "1", "860.5",
                 "2023-04-10", "三甲", "99999", "2023-05-10", "二级", "150")
    assert [r.date for r in w.sheet.rows] == ["2023-01-10", "2023-02-10", "2023-03-10", "2023-04-10", "2023-05-10"]
    assert_cells_whole(w)
    w.set_language("en" if lang == "zh" else "zh")
    assert_cells_whole(w)
    choose(w.header.region, "jincheng")  # tiers turn red with their old labels
    assert_cells_whole(w)
    assert w.size().width() <= size[0] and w.size().height() <= size[1]


# --- paste: the same reading as typing -----------------------------------------------------

def test_pasted_rows_are_read_like_typed_cells(qtbot, make_window):
    from PySide6.QtGui import QGuiApplication

    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    QGuiApplication.clipboard().setText("2-10\t三甲\t12,5\n2023年3月1日\t二级医院\t1,500.00\t\t\t是\t否\n")
    w.view.setFocus()
    press(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [(r.date, r.tier, r.total) for r in w.sheet.rows] == [
        ("2023-02-10", "level3", "12,5"), ("2023-03-01", "level2", "1,500.00")]
    assert is_red(w, 0, TOTAL) and cell(w, 0, TOTAL) == "12,5"  # kept as copied, not read as 125
    assert "12,5" in cell(w, 0, TOTAL, Qt.ItemDataRole.ToolTipRole)
    # only the second row counts: (1,500 − 1,000) × 60% = 300.00
    assert fund_text(w) == "300.00 / 4,000.00"
    # one value into one cell goes through the cell's reading too
    QGuiApplication.clipboard().setText("2/14")
    w.view.setCurrentIndex(w.model.index(0, DATE))
    press(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert w.sheet.rows[0].date == "2023-02-14"


def test_a_paste_with_an_unreadable_yes_no_is_refused_whole(qtbot, make_window, monkeypatch):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    QGuiApplication.clipboard().setText("2023-02-10\t二级\t500\t\t\t是\n2023-02-11\t二级\t600\t\t\tmaybe\n")
    steps = w.undo.count()
    w.view.setFocus()
    press(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert w.sheet.rows == [] and w.undo.count() == steps  # nothing pasted, nothing to undo
    assert len(shown) == 1 and "第 2 行" in shown[0] and "maybe" in shown[0] and "定点" in shown[0]


def test_pooling_only_is_ticked_with_the_keyboard_and_turns_the_account_off(qtbot, make_window):
    """Tongliao employed, 单建统筹: (1,500 − 1,000) × 60 % = 300.00 from the fund; no account, so the
    patient's 1,200.00 is all cash; the account fields are kept but not used. One undo step."""
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    w.header.base.setFocus()
    type_text(w.header.base, "6000")
    enter_visits(w, "2023-05-01", "二级", "1500")
    box = w.header.pooling_only
    box.setFocus()
    press(box, Qt.Key.Key_Space)
    assert w.sheet.person.pooling_only is True and not w.header.base.isEnabled()
    assert w.sheet.person.contribution_base == "6000"  # kept as typed
    assert fund_text(w) == "300.00 / 4,000.00"
    assert cell(w, 0, COLUMN_INDEX["cash_paid"]) == "1,200.00"
    w.undo.undo()
    assert w.sheet.person.pooling_only is False and not box.isChecked() and w.header.base.isEnabled()


def test_jiangsu_badge_says_estimated_from_provincial_bounds(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "jiangsu", 2023)
    assert w.header.badge.isVisible() and w.header.badge.text() == "按省级意见估算"
    choose(w.header.region, "beijing")
    assert w.header.badge.text() == "规则未核实"


def test_tongliao_2024_says_its_rules_may_be_out_of_date(qtbot, make_window):
    """Tongliao's rules were reviewed as of 2022-10 (rules/tongliao.yaml) and have no end date: for
    2024 the window says so beside the region; for 2022 it does not."""
    w = make_window()
    new_case(qtbot, w, "tongliao", 2024)
    badge = w.header.stale_badge
    assert badge.isVisible() and badge.text() == "本地区规则最后核对于 2022 年 10 月；所选年度可能已调整，请以当地医保部门公布为准"
    w.header.year.setFocus()
    w.header.year.selectAll()
    type_text(w.header.year, "2022")
    press(w.header.year, Qt.Key.Key_Tab)
    assert w.sheet.person.year == 2022 and not badge.isVisible()


def test_a_new_tongliao_case_starts_in_the_last_reviewed_year_and_says_why(qtbot, make_window):
    """Tongliao's rules were last reviewed as of 2022-10-01 (rules/tongliao.yaml): after 2022 a new
    case (Ctrl+N) starts in 2022, not the current year, and the status bar says why; no badge then."""
    from datetime import date

    w = make_window()
    choose(w.header.region, "tongliao")
    press(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    today = date.today()
    assert today.year > 2022  # the test is about a later year
    assert w.sheet.person.year == 2022 and w.header.year.value() == 2022
    assert w.statusBar().currentMessage() == (
        f"新案例年度设为 2022 年：本地区规则最后核对于 2022 年，尚未核对 {today.year} 年的规则。"
        f"如需测算 {today.year} 年请修改年度，结果将附提示。")
    assert not w.header.stale_badge.isVisible()
    # another region chosen (Xvfb by hand: the message stayed, saying "2022" of a Jiangxi case): it goes;
    # the year stays as it was (nothing changed silently), and the header says 2022 has no Jiangxi rules
    choose(w.header.region, "jiangxi")
    assert w.sheet.person.region == "jiangxi" and w.sheet.person.year == 2022
    assert w.statusBar().currentMessage() == ""
    assert w.header.version_info.text() == "2022 年度无有效规则"  # rules/jiangxi.yaml starts 2023-01-01


def test_typing_into_the_empty_table_of_a_new_case_starts_the_first_visit(qtbot, make_window):
    """Ctrl+N, the category chosen (F4, arrows, Enter): the keyboard is in the empty table. What is
    typed next is the first visit — date, Tab, tier, Tab, total, Enter — not keystrokes lost
    (Xvfb by hand: they were dropped, and Tab then carried the rest into the header's fields).
    Retired in Tongliao 2024 (rules/tongliao.yaml): deductible 1000 a year, so 320 pays 0.00."""
    w = make_window()
    new_case(qtbot, w, "tongliao", 2024, "retired")
    assert w.model.rowCount() == 0 and QApplication.focusWidget() is w.view
    type_text(w.view, "2024-01-08")
    press(None, Qt.Key.Key_Tab)
    type_text(w.view, "2")
    press(None, Qt.Key.Key_Tab)
    type_text(w.view, "320")
    press(None, Qt.Key.Key_Return)
    row = w.sheet.rows[0]
    assert (row.date, row.tier, row.total) == ("2024-01-08", "level2", "320")
    assert w.model.index(0, DATE).data() == "2024-01-08" and w.model.index(0, TOTAL).data() == "320"  # shown as typed
    assert w.result.estimate.totals.deductible_met == Decimal("320.00")  # 320 of the 1000 deductible
    assert w.header.person_name.text() == "" and w.header.id_number.text() == ""  # nothing strayed


def test_the_slip_names_the_rows_left_out_by_their_number(qtbot, make_window):
    from app.ui import file_actions
    from app.ui.main_window import sample_case_path

    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    type_in_cell(w, 2, TOTAL, "15o")  # row 3: a typo, kept red and left out
    slip = file_actions.current_slip(w)
    assert slip.skipped == "第 3 行的就诊记录因单元格无效未计入本测算。"


def test_the_category_choices_read_as_choices_in_both_languages(qtbot, make_window):
    """The category box offers 在职职工 / 退休人员, and in English Employed / Retired (capitalised as
    a choice; the explanation keeps "employed" inside its sentences)."""
    w = make_window("en")
    assert [w.header.category.itemText(i) for i in range(2)] == ["Employed", "Retired"]
    w.set_language("zh")
    assert [w.header.category.itemText(i) for i in range(2)] == ["在职职工", "退休人员"]
