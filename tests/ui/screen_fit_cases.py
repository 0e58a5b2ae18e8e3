"""The window on a small screen, run by test_screen_fit.py in a Qt whose offscreen screen is
1366×768, or 1280×720 logical (1920×1080 at 150 %): it opens within the screen with its status bar,
every summary and quote figure is whole, and nothing the clerk does makes it resize itself.

Not collected on its own (the offscreen screen of the main test run is another size); the
screen comes from ``QT_QPA_PLATFORM=offscreen:configfile=…`` and ``SCREEN_FIT_EXPECT`` (WxH).
"""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.ui.i18n import Translations
from app.ui.main_window import MainWindow, sample_case_path

from .test_import_export import answer_import  # noqa: F401  (the File → Import fixture)
from .test_quote_reasons import paste_rows
from .test_rule_editor import new_from, user_dir  # noqa: F401  (the user's rules folder fixture)
from .test_window import new_case

EXPECT = os.environ.get("SCREEN_FIT_EXPECT")
if not EXPECT or "configfile=" not in os.environ.get("QT_QPA_PLATFORM", ""):
    pytest.skip("run by tests/ui/test_screen_fit.py with a configured offscreen screen", allow_module_level=True)


def settle_layout() -> None:
    """Let Qt show new widgets and lay them out (each takes a pass through the event queue)."""
    for _ in range(4):
        QApplication.processEvents()


@pytest.fixture
def open_window(qtbot, tmp_path, rules):
    """The window as ``python -m app`` opens it: the sample case, settings saved before or not."""
    made = []

    def make(lang: str = "zh", geometry=None) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        if geometry is not None:
            settings.setValue("geometry", geometry)
        translations = Translations(QApplication.instance())
        translations.switch(lang)
        w = MainWindow(rules, settings, translations, autosave_dir=tmp_path / "autosave")
        made.append((w, translations))
        assert w.open_path(sample_case_path(), as_untitled=True, quiet=True)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
        settle_layout()
        return w

    yield make
    for w, translations in made:
        w.undo.setClean()
        w.close()
        w.deleteLater()
        translations.switch("zh")
    QApplication.processEvents()


def test_the_screen_is_the_one_asked_for(qapp):
    width, height = (int(n) for n in EXPECT.split("x"))
    assert QGuiApplication.primaryScreen().geometry().size().toTuple() == (width, height)


def figure_labels(w: MainWindow) -> list[QLabel]:
    s = w.summary
    labels = [s.deductible_value, s.fund_value, s.remaining_value, s.total_value, s.self_pay_value,
              *s.tier_values.values(), *s.account_values.values()]
    for cells in w.quote.cells.values():
        labels += cells
    labels += w.quote.reasons.values()
    return [lb for lb in labels if lb.isVisibleTo(w)]


def cut_figures(w: MainWindow) -> list[str]:
    """Figures not shown whole: text wider than its label, or the label partly outside the side pane."""
    settle_layout()
    viewport = w.side.viewport()
    cut = []
    for label in figure_labels(w):
        label.ensurePolished()
        room = label.contentsRect()
        if label.wordWrap():
            fits = label.heightForWidth(label.width()) <= label.height()
        else:
            fits = label.fontMetrics().horizontalAdvance(label.text()) <= room.width()
        left = label.mapTo(viewport, QPoint(0, 0)).x()
        if not fits or left < 0 or left + label.width() > viewport.width():
            cut.append(f"{label.objectName() or '?'} {label.text()!r}")
    return cut


def assert_fits_the_screen(w: MainWindow) -> None:
    area = w.screen().availableGeometry()
    assert area.contains(w.frameGeometry()), (w.frameGeometry(), area)
    bar = w.statusBar()
    assert bar.isVisible()
    assert area.contains(QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size()))
    hint = w.minimumSizeHint()
    assert hint.width() <= area.width() and hint.height() <= area.height()
    assert not w.side.horizontalScrollBar().isVisible()
    assert cut_figures(w) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_opens_within_the_screen_with_every_figure_whole(open_window, lang):
    w = open_window(lang)
    assert_fits_the_screen(w)
    assert len(figure_labels(w)) >= 20  # the sample's summary, account and three quote rows


def test_a_saved_geometry_larger_than_the_screen_is_brought_within_it(open_window):
    big = QWidget()
    big.setGeometry(0, 0, 2400, 1400)  # saved on a bigger monitor
    saved = big.saveGeometry()
    w = open_window(geometry=saved)
    assert_fits_the_screen(w)


def test_nothing_the_clerk_does_resizes_the_window(qtbot, open_window, tmp_path, answer_import):  # noqa: F811
    w = open_window()
    size = w.size()
    qtbot.keyClick(w.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new case
    assert w.model.rowCount() == 0
    settle_layout()
    assert w.size() == size and cut_figures(w) == []
    new_case(w, "jiangsu", 2023)  # a region with a parameter field in the header
    settle_layout()
    assert w.size() == size and cut_figures(w) == []
    w.act_en.trigger()
    settle_layout()
    assert w.lang == "en" and w.size() == size and cut_figures(w) == []
    w.undo.setClean()  # no "save changes?" question
    new_case(w, "tongliao", 2023)
    csv = tmp_path / "visits.csv"
    csv.write_text("date,tier,total\n2023-01-05,level1,1000\n2023-02-05,level3,20000\n", encoding="utf-8")
    answer_import(w, csv)
    assert len([r for r in w.sheet.rows if not r.is_blank()]) == 2
    settle_layout()
    assert w.size() == size and cut_figures(w) == []
    assert w.quote.reasons["level1"].text() == "annual cap used up"  # a reason row shown: still whole
    w.act_zh.trigger()
    settle_layout()
    assert w.size() == size and cut_figures(w) == []
    assert_fits_the_screen(w)


def test_at_its_smallest_the_window_still_does_not_grow(qtbot, open_window):
    w = open_window()
    w.resize(w.minimumSize())
    settle_layout()
    size = w.size()
    for step in (lambda: w.act_en.trigger(), lambda: new_case(w, "jiangsu", 2023),
                 lambda: paste_rows(qtbot, w, "2023-03-01\tlevel1\t123456.78\n"),
                 lambda: w.act_zh.trigger()):
        step()
        settle_layout()
        assert w.size() == size
        # what the window shows needs no more than its smallest size: nothing squeezed
        assert w.minimumSizeHint().width() <= size.width() and w.minimumSizeHint().height() <= size.height()


# --- the rule editor's two dialogs (File → 地区规则…) -------------------------------------------------

def clipped_in(dialog: QWidget) -> list[str]:
    """What the dialog shows cut: a button, label or tab bar narrower than its text, a table column
    narrower than its heading."""
    from PySide6.QtWidgets import QAbstractButton, QTabBar, QTableWidget

    settle_layout()
    cut = []
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible() and button.sizeHint().width() > button.width():
            cut.append(f"button {button.text()!r}")
    for label in dialog.findChildren(QLabel):
        text = label.text().replace("&", "")
        if (label.isVisible() and not label.wordWrap() and text
                and label.fontMetrics().horizontalAdvance(text) > label.contentsRect().width()):
            cut.append(f"label {label.text()!r}")
    for bar in dialog.findChildren(QTabBar):
        if bar.isVisible() and bar.tabRect(bar.count() - 1).right() > bar.width():
            cut.append(f"tabs {bar.tabText(0)!r}…")
    for table in dialog.findChildren(QTableWidget):
        header = table.horizontalHeader()
        for c in range(table.columnCount()):
            if header.sectionSize(c) < header.sectionSizeHint(c):
                cut.append(f"{table.objectName()} column {table.horizontalHeaderItem(c).text()!r}")
    return cut


def assert_dialog_fits(dialog: QWidget) -> None:
    area = dialog.screen().availableGeometry()
    assert area.contains(dialog.frameGeometry()), (dialog.frameGeometry(), area)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= area.width() and hint.height() <= area.height()
    assert clipped_in(dialog) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_regions_list_opens_within_the_screen_with_nothing_cut(open_window, lang):
    w = open_window(lang)
    w.act_rules.trigger()
    dialog = w.regions_dialog
    settle_layout()
    assert dialog.isVisible() and dialog.table.rowCount() >= 5
    assert_dialog_fits(dialog)
    dialog.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rule_editor_opens_within_the_screen_every_tab_whole_and_its_tables_scroll(
        qtbot, open_window, user_dir, lang):  # noqa: F811
    w = open_window(lang)
    _dialog, editor = new_from(qtbot, w, "jiangsu", "city", "某市", "A city")
    settle_layout()
    size = editor.size()
    for i in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(i)
        inner = {0: editor.general_tabs, 1: editor.version_tabs}.get(i)
        for j in range(inner.count() if inner else 1):
            if inner:
                inner.setCurrentIndex(j)
            assert_dialog_fits(editor)
    # thirty more deductible rows: the table scrolls, the dialog keeps its size
    editor.tabs.setCurrentIndex(1)
    editor.version_tabs.setCurrentIndex(0)
    for _ in range(30):
        editor.deductible.add_button.click()
    settle_layout()
    assert editor.deductible.verticalScrollBar().isVisible() and editor.size() == size
    assert_dialog_fits(editor)
    editor.dirty = False  # no "save changes?" question
    editor.close()
