"""The status bar shows one message at a time: a temporary one (saved, imported …) covers the
current cell's reason until it expires, then the reason is back; nothing draws over anything."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.main_window import sample_case_path
from app.ui.visits_model import COLUMN_INDEX


def visible_messages(w) -> list[str]:
    """Every text the status bar shows now: its temporary message and the cell label, if visible."""
    shown = []
    if w.statusBar().currentMessage():
        shown.append(w.statusBar().currentMessage())
    if w.status_cell.isVisible() and w.status_cell.text():
        shown.append(w.status_cell.text())
    return shown


def type_total(qtbot, w, row: int, text: str, column: str = "total") -> None:
    """Select the row's total cell (or *column*) and type *text* over it, then Enter."""
    w.view.setCurrentIndex(w.model.index(row, COLUMN_INDEX[column]))
    w.view.setFocus()
    qtbot.keyClicks(w.view, text[0])
    QApplication.processEvents()
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not w.view, "typing should open the cell editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt commits the editor's data in a queued call
    next_editor = QApplication.focusWidget()
    if next_editor is not None and next_editor is not w.view:  # Enter moved on and opened the next cell
        qtbot.keyClick(next_editor, Qt.Key.Key_Escape)
    w.view.setCurrentIndex(w.model.index(row, COLUMN_INDEX["total"]))


def sample_window(make_window):
    w = make_window()
    assert w.open_path(sample_case_path(), as_untitled=True, quiet=True)
    return w


def test_saved_message_covers_the_reason_then_gives_it_back(qtbot, make_window, tmp_path):
    w = sample_window(make_window)
    type_total(qtbot, w, 0, "12x")
    reason = w.status_cell.text()
    assert reason.startswith("第 1 行：") and "12x" in reason
    assert visible_messages(w) == [reason]

    w.path = tmp_path / "case.mzcase"
    qtbot.keyClick(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "case.mzcase").exists()
    assert visible_messages(w) == ["已保存 " + str(tmp_path / "case.mzcase")]

    with qtbot.waitSignal(w.statusBar().messageChanged, check_params_cb=lambda m: m == ""):
        w.statusBar().clearMessage()  # what the message's timer does when it runs out
    assert visible_messages(w) == [reason]


def test_a_temporary_message_expires_back_to_the_reason(qtbot, make_window):
    w = sample_window(make_window)
    type_total(qtbot, w, 1, "abc")
    reason = w.status_cell.text()
    assert reason.startswith("第 2 行：")
    with qtbot.waitSignal(w.statusBar().messageChanged, check_params_cb=lambda m: m == "", timeout=5000):
        w.show_status("已导出到 x.xlsx", 30)
        assert visible_messages(w) == ["已导出到 x.xlsx"]
    assert visible_messages(w) == [reason]


def test_the_reason_of_another_cell_replaces_a_temporary_message(qtbot, make_window):
    w = sample_window(make_window)
    type_total(qtbot, w, 0, "12x")
    type_total(qtbot, w, 2, "9y")
    w.view.setCurrentIndex(w.model.index(0, COLUMN_INDEX["total"]))
    w.show_status("已粘贴 2 条就诊记录", 5000)
    assert visible_messages(w) == ["已粘贴 2 条就诊记录"]
    w.view.setCurrentIndex(w.model.index(1, COLUMN_INDEX["total"]))  # a valid row: the message stays
    assert visible_messages(w) == ["已粘贴 2 条就诊记录"]
    w.view.setCurrentIndex(w.model.index(2, COLUMN_INDEX["total"]))
    shown = visible_messages(w)
    assert len(shown) == 1 and shown[0].startswith("第 3 行：") and "9y" in shown[0]


def test_a_message_shown_before_the_window_is_not_drawn_over(qtbot, make_window):
    w = sample_window(make_window)
    type_total(qtbot, w, 0, "12x")
    w.hide()
    w.statusBar().showMessage("rules/x.yaml: broken", 15000)  # as app/__main__ reports rule-file errors
    w.show()
    QApplication.processEvents()
    assert visible_messages(w) == ["rules/x.yaml: broken"]


def test_a_long_reason_does_not_widen_the_window(qtbot, make_window):
    w = sample_window(make_window)
    size, minimum = w.size(), w.minimumSizeHint().width()
    type_total(qtbot, w, 0, "9" * 200 + "x", column="tier")  # a tier name nobody has: echoed whole
    assert "x" in w.status_cell.text() and w.status_cell.isVisible()
    assert w.status_cell.fontMetrics().horizontalAdvance(w.status_cell.text()) > w.width()
    assert w.minimumSizeHint().width() == minimum
    assert w.size() == size
    assert w.status_cell.toolTip() == w.status_cell.text()  # the whole reason, where it is clipped
