"""Save, save as, open and the unsaved-changes prompt, through the user's path: the key shortcuts,
with the file dialogs and the prompt answered as a clerk would answer them."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.worksheet import load_worksheet
from app.ui.main_window import sample_case_path

from .keyboard import press, type_text


def answer_dialogs(monkeypatch, *, save_to=None, open_from=None, prompt=None):
    """Answer the file dialogs with paths and the unsaved-changes prompt with a button text."""
    asked = {"save": 0, "open": 0, "prompt": []}

    def save_dialog(*args, **kwargs):
        asked["save"] += 1
        return (str(save_to), "") if save_to else ("", "")

    def open_dialog(*args, **kwargs):
        asked["open"] += 1
        return (str(open_from), "") if open_from else ("", "")

    def exec_prompt(box):
        asked["prompt"].append(box.text())
        button = next(b for b in box.buttons() if b.text() == prompt)
        button.click()
        return 0

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_dialog)
    monkeypatch.setattr(QMessageBox, "exec", exec_prompt)
    return asked


def type_one_visit(w, date_text: str, tier: str, total: str) -> None:
    from PySide6.QtWidgets import QApplication

    w.view.setFocus()
    press(w.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter: a new visit
    for text in (date_text, tier, total):
        type_text(QApplication.focusWidget(), text)
        press(None, Qt.Key.Key_Return)
    press(None, Qt.Key.Key_Escape)  # the next, untouched row goes away


def test_ctrl_s_on_a_new_case_asks_where_and_adds_the_suffix(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    press(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_one_visit(w, "2026-03-01", "2", "1500")
    assert w.isWindowModified()
    asked = answer_dialogs(monkeypatch, save_to=tmp_path / "张三 2026")
    press(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = tmp_path / "张三 2026.mzcase"
    assert asked["save"] == 1 and saved.exists()
    assert not w.isWindowModified() and w.windowTitle().startswith("张三 2026.mzcase")
    assert [(r.date, r.tier, r.total) for r in load_worksheet(saved).rows] == [("2026-03-01", "level2", "1500")]
    # a second Ctrl+S writes to the same file without asking
    type_one_visit(w, "2026-04-01", "3", "200")
    press(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked["save"] == 1 and len(load_worksheet(saved).rows) == 2
    # Ctrl+Shift+S: a copy under another name, which becomes the case's file
    asked = answer_dialogs(monkeypatch, save_to=tmp_path / "copy.mzcase")
    press(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked["save"] == 1 and (tmp_path / "copy.mzcase").exists() and w.path == tmp_path / "copy.mzcase"


def test_a_cancelled_save_dialog_saves_nothing(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    press(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_one_visit(w, "2026-03-01", "2", "1500")
    answer_dialogs(monkeypatch, save_to=None)
    press(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert w.isWindowModified() and w.path is None and list(tmp_path.glob("*.mzcase")) == []


@pytest.mark.parametrize("answer,opened,saved", [("取消", False, False), ("不保存", True, False), ("保存", True, True)])
def test_open_with_unsaved_changes_asks_first(qtbot, make_window, tmp_path, monkeypatch, answer, opened, saved):
    w = make_window()
    press(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_one_visit(w, "2026-03-01", "2", "1500")
    rows_before = list(w.sheet.rows)
    asked = answer_dialogs(monkeypatch, save_to=tmp_path / "typed.mzcase", open_from=sample_case_path(), prompt=answer)
    press(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked["prompt"] == ["当前案例有未保存的修改。是否保存？"]
    assert asked["open"] == (1 if opened else 0)
    assert (tmp_path / "typed.mzcase").exists() is saved
    if opened:
        assert w.path == sample_case_path() and len(w.sheet.rows) == 8 and not w.isWindowModified()
    else:
        assert w.sheet.rows == rows_before and w.isWindowModified()


def test_closing_with_unsaved_changes_can_be_cancelled(qtbot, make_window, monkeypatch):
    w = make_window()
    press(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_one_visit(w, "2026-03-01", "2", "1500")
    answer_dialogs(monkeypatch, prompt="取消")
    assert w.close() is False and w.isVisible()
    answer_dialogs(monkeypatch, prompt="不保存")
    assert w.close() is True
