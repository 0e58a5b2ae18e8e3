"""The visits table view and its editors: keyboard first, like a spreadsheet."""
from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QComboBox, QHeaderView, QLineEdit,
    QStyle, QStyledItemDelegate, QTableView, QWidget,
)

from .date_edit import DateLineEdit
from .visits_model import COLUMN_INDEX, COLUMNS, ENTER_PATH, VisitsModel


INITIAL = "initialText"  # editor property: the text the editor opened with


class VisitsDelegate(QStyledItemDelegate):
    """Editors by column kind, all showing exactly what is typed.

    Dates: a text field read by :mod:`app.core.dates` (calendar on F4). Tiers: a field that takes
    the id, the label, an alias of the region's rule file or the tier's number (1, 2, 3 …), with
    the region's tiers in a drop-down. Exclusions: a drop-down. Amounts: plain text. Whatever
    the model cannot read is kept as typed and shown red with the reason. An editor closed
    without a change writes nothing.
    """

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        model: VisitsModel = index.model()
        kind = COLUMNS[index.column()].kind
        if kind == "date":
            year = model.sheet.person.year
            editor = DateLineEdit(parent, year=year)
            editor.calendar_start = lambda: _calendar_start(model, index.row())
            return editor
        if kind == "tier":
            editor = QComboBox(parent)
            editor.setEditable(True)
            editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            # numbered so the keyboard picks a tier without a Chinese input method: 1, 2, 3 …
            for n, t in enumerate(model.region.tiers if model.region else (), start=1):
                editor.addItem(f"{n}  {t.label.get(model.lang)}", t.id)
                editor.setItemData(editor.count() - 1, t.description.get(model.lang), Qt.ItemDataRole.ToolTipRole)
            editor.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            return editor
        if kind == "exclusion":
            editor = QComboBox(parent)
            editor.addItem("0  —", "")
            seen = set()
            for v in (model.region.versions if model.region else ()):
                for x in v.exclusions:
                    if x.id not in seen:
                        seen.add(x.id)
                        editor.addItem(f"{len(seen)}  {x.label.get(model.lang)}", x.id)
            return editor
        editor = QLineEdit(parent)
        if kind == "money":
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox) and editor.isEditable():  # tier: show its label, or the text as typed
            shown = index.data(Qt.ItemDataRole.DisplayRole) or ""
            i = editor.findData(value)
            editor.setCurrentIndex(i)
            editor.setEditText(shown)
            editor.lineEdit().selectAll()
            editor.setProperty(INITIAL, shown)
        elif isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(i, 0))
            editor.setProperty(INITIAL, editor.currentIndex())
        elif isinstance(editor, QLineEdit):
            editor.setText(value)
            editor.selectAll()
            editor.setProperty(INITIAL, value)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            text = editor.currentText()
            if text == editor.property(INITIAL):
                return
            model.setData(index, tier_choice(editor, text))
        elif isinstance(editor, QComboBox):
            if editor.currentIndex() == editor.property(INITIAL):
                return
            model.setData(index, editor.currentData() or "")
        elif isinstance(editor, QLineEdit):
            if editor.text() == editor.property(INITIAL):
                return
            model.setData(index, editor.text())


def tier_choice(combo: QComboBox, text: str) -> str:
    """What the tier editor's text stands for: a listed item (``2  二级``) or its number (``2``) as
    the tier id; any other text as typed, for the model to read (label, alias) or keep red."""
    value = text.strip()
    i = combo.findText(value, Qt.MatchFlag.MatchFixedString)
    if i >= 0:
        return combo.itemData(i)
    if value.isdigit() and value.isascii() and 1 <= int(value) <= combo.count():
        return combo.itemData(int(value) - 1)
    return value


def _calendar_start(model: VisitsModel, row: int) -> QDate:
    """Where the calendar opens for an empty date: the last date above, else today in the case year."""
    from app.core.dates import DateError, parse_date

    year = model.sheet.person.year
    for r in reversed(model.sheet.rows[:row]):
        try:
            d = parse_date(r.date, year)
            return QDate(d.year, d.month, d.day)
        except DateError:
            continue
    today = QDate.currentDate()
    return today if today.year() == year else QDate(year, 1, 1)


class VisitsView(QTableView):
    """Enter commits and moves on (date → tier → total → next row); after the last row's total it
    adds a row only while new rows are being entered. Escape on a new, untouched row removes it.
    Delete removes the selected rows; Ctrl+V pastes rows copied from Excel. Columns are kept wide
    enough for what they hold (the note column takes the rest and elides; its tooltip is whole)."""

    pasteRequested = Signal()
    deleteRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        self._header_hints: list[int] = []  # each column's header text width (fit_columns)
        super().__init__(parent)
        self.setItemDelegate(VisitsDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setMinimumSectionSize(24)
        self.setTabKeyNavigation(True)
        self._new_row: int | None = None  # the row being entered as a new visit

    def visits_model(self) -> VisitsModel:
        return self.model()  # type: ignore[return-value]

    # --- column widths --------------------------------------------------------------------------
    def cell_margin(self) -> int:
        """Horizontal space a cell takes around its text (what QStyledItemDelegate leaves)."""
        return 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1)

    def fit_columns(self, grow_only: bool = False, changed_only: bool = False) -> None:
        """Make every column but the note wide enough for its header and its widest cell (and the
        date and tier editors for what is typed in them). *grow_only*: never narrow a column
        (while typing, columns do not jump back and forth); *changed_only* (with *grow_only*): fit
        only the cells the last result changed, the others fitted before."""
        model = self.visits_model()
        header = self.horizontalHeader()
        fm = self.fontMetrics()
        margin = self.cell_margin() + 4  # and a little air: the painted text must never be elided
        editor_extra = 10  # a line editor's frame and text margins beyond a cell's
        if not (grow_only and changed_only) or len(self._header_hints) != len(COLUMNS):
            # the header texts with some air: measured again unless only cells changed (a new
            # language or font fits every column)
            self._header_hints = [header.sectionSizeHint(c) + 8 for c in range(len(COLUMNS))]
        for c, col in enumerate(COLUMNS):
            if col.key == "note":
                continue
            want = self._header_hints[c]
            if col.kind == "flag":
                check = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
                want = max(want, check + 2 * margin)
            else:
                texts = model.widest_texts(c, changed_only and grow_only)
                extra = editor_extra if col.editable else 0
                if texts:
                    want = max(want, max(fm.horizontalAdvance(t) for t in texts) + margin + extra)
                if col.kind == "date":  # room for a whole date and the calendar button while typing
                    want = max(want, fm.horizontalAdvance("2023-12-31") + margin + extra + 24)
                elif col.kind in ("tier", "exclusion"):  # the drop-down's arrow
                    want += 20
                elif col.kind == "money":
                    want = max(want, fm.horizontalAdvance("10,000.00") + margin + extra)
            if grow_only:
                want = max(want, self.columnWidth(c))
            if want != self.columnWidth(c):
                self.setColumnWidth(c, want)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_columns(grow_only=True)  # the font in use is only final once the view is polished and shown

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()

    # --- keyboard flow ------------------------------------------------------------------------
    def edit(self, index, trigger=None, event=None):  # noqa: D401 - QAbstractItemView.edit overloads
        if trigger is None:
            return super().edit(index)
        opened = super().edit(index, trigger, event)
        if opened and index.isValid() and self.visits_model().sheet.rows[index.row()].is_blank():
            self._new_row = index.row()  # typing into an empty row: a new visit is being entered
        return opened

    def start_new_row(self) -> QModelIndex:
        """An empty row at the end (or the empty last row) and its date cell, being entered."""
        model = self.visits_model()
        self._new_row = model.append_row()
        return model.index(self._new_row, COLUMN_INDEX["date"])

    def next_after(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex | None:
        """Where Enter goes from *index*: the next column of the entry path, else the next row's
        date; after the last row, a new row only while a new visit is being entered; else nowhere."""
        model = self.visits_model()
        key = COLUMNS[index.column()].key
        if key in ENTER_PATH and key != ENTER_PATH[-1]:
            return model.index(index.row(), COLUMN_INDEX[ENTER_PATH[ENTER_PATH.index(key) + 1]])
        row = index.row() + 1
        if row >= model.rowCount():
            if index.row() != self._new_row:
                return None  # correcting the last row: stay on it
            return self.start_new_row()
        return model.index(row, COLUMN_INDEX["date"])

    def move_on(self, index: QModelIndex | QPersistentModelIndex) -> None:
        target = self.next_after(index)
        if target is None:
            return
        self.setCurrentIndex(target)
        self.scrollTo(target)
        self.edit(target)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter / Return
            current = QPersistentModelIndex(self.currentIndex())
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            if current.isValid():
                self.move_on(current)
            return
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:  # Escape
            current = self.currentIndex()
            model = self.visits_model()
            if current.isValid() and current.row() == model.rowCount() - 1 and model.drop_blank_last_row():
                self._new_row = None
                if model.rowCount():
                    self.setCurrentIndex(model.index(model.rowCount() - 1, current.column()))

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.currentIndex()
                if not index.isValid():
                    if self.visits_model().rowCount() == 0:
                        index = self.start_new_row()
                    else:
                        index = self.visits_model().index(self.visits_model().rowCount() - 1, 0)
                    self.setCurrentIndex(index)
                    self.edit(index)
                elif COLUMNS[index.column()].kind == "flag":
                    self.move_on(index)
                elif COLUMNS[index.column()].editable:
                    self.edit(index)
                else:
                    self.move_on(index)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.deleteRequested.emit()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.pasteRequested.emit()
                return
            text = event.text()
            typing = bool(text) and text.isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if typing and self.visits_model().rowCount() == 0:
                # an empty table: what is typed is the first visit's date, not lost keystrokes
                index = self.start_new_row()
                self.setCurrentIndex(index)  # AnyKeyPressed then opens the editor with the key typed
            if key == Qt.Key.Key_Space and self.currentIndex().isValid() \
                    and COLUMNS[self.currentIndex().column()].kind == "flag":
                idx = self.currentIndex()
                checked = idx.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
                self.visits_model().setData(idx, not checked, Qt.ItemDataRole.CheckStateRole)
                return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.selectionModel().selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)
