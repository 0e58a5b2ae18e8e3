"""Typing into real widgets as a clerk does: ASCII key by key, Chinese as an input method commits it.

``QTest.keyClicks`` only sends ASCII (Qt asserts on anything else); a Chinese input method
delivers its text as a ``QInputMethodEvent`` commit, so that is what is sent for non-ASCII runs.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type *text* into *widget* (an editor, or a view whose first key opens one)."""
    run = ""
    for ch in text + "\0":
        if ch != "\0" and not ch.isascii():
            run += ch
            continue
        if run:
            target = QApplication.focusWidget() or widget
            QApplication.sendEvent(target, QInputMethodEvent("", []))
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(QApplication.focusWidget() or widget, event)
            run = ""
        if ch != "\0":
            QTest.keyClicks(QApplication.focusWidget() or widget, ch)


def press(widget: QWidget | None, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget or QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


def save_as(w, path, monkeypatch) -> bool:
    """File → Save as (the action behind Ctrl+Shift+S), its dialog answered with *path*; whether it saved."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    w.act_save_as.trigger()
    return w.path == path and not w.isWindowModified()
