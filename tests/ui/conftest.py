from __future__ import annotations


import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from app.core.rules.loader import load_rules


@pytest.fixture(scope="session", autouse=True)
def _qt_test_paths():
    QStandardPaths.setTestModeEnabled(True)
    yield


@pytest.fixture(scope="session", autouse=True)
def _window_font(qapp):
    """The font ``python -m app`` sets (app.ui.fonts): widths and fits are checked with it."""
    from app.ui.fonts import use_regular_face

    use_regular_face(qapp)
    yield


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch):
    """A modal dialog nobody answers would hang the run: fail the test instead."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3] if len(args) > 2 else args}")

    for name in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    monkeypatch.setattr(QMessageBox, "exec", unexpected)


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture
def make_window(qtbot, tmp_path, rules):
    """A main window with throwaway settings and autosave folder; optionally in English."""
    from PySide6.QtWidgets import QApplication

    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow

    created = []

    def make(lang: str = "zh"):
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        translations = Translations(QApplication.instance())
        translations.switch(lang)
        w = MainWindow(rules, settings, translations, autosave_dir=tmp_path / "autosave")
        w.resize(1400, 800)
        w.show()
        w.activateWindow()  # keyboard shortcuts (Ctrl+Z …) go to the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
        created.append((w, translations))
        return w

    yield make
    for w, translations in created:
        w.undo.setClean()  # no "save changes?" prompt on close
        w.close()
        w.deleteLater()
        translations.switch("zh")
    QApplication.processEvents()
