"""The visits table view and its editors: keyboard first, like a spreadsheet."""
from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QComboBox, QDateEdit, QHeaderView, QLineEdit,
    QStyledItemDelegate, QTableView, QWidget,
)

from .visits_model import COLUMN_INDEX, COLUMNS, ENTER_PATH, VisitsModel

DATE_FORMAT = "yyyy-MM-dd"


class VisitsDelegate(QStyledItemDelegate):
    """Editors by column kind: calendar date, tier drop-down, exclusion drop-down, plain text for amounts.

    Amount cells accept any text: a wrong value is kept as typed and flagged, never refused.
    """

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        model: VisitsModel = index.model()
        kind = COLUMNS[index.column()].kind
        if kind == "date":
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat(DATE_FORMAT)
            year = model.sheet.person.year
            editor.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
            return editor
        if kind == "tier":
            editor = QComboBox(parent)
            # numbered so the keyboard picks a tier without a Chinese input method: 1, 2, 3 …
            for n, t in enumerate(model.region.tiers if model.region else (), start=1):
                editor.addItem(f"{n}  {t.label.get(model.lang)}", t.id)
                editor.setItemData(editor.count() - 1, t.description.get(model.lang), Qt.ItemDataRole.ToolTipRole)
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
        if isinstance(editor, QDateEdit):
            d = QDate.fromString(value, DATE_FORMAT)
            if not d.isValid():
                model: VisitsModel = index.model()
                prev = next((r.date for r in reversed(model.sheet.rows[:index.row()]) if r.date), "")
                d = QDate.fromString(prev, DATE_FORMAT)
            if not d.isValid():
                today = QDate.currentDate()
                year = index.model().sheet.person.year
                d = today if today.year() == year else QDate(year, 1, 1)
            editor.setDate(d)
        elif isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(i, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(value)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toString(DATE_FORMAT))
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "")
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class VisitsView(QTableView):
    """Enter commits and moves on (date → tier → total → next row, a new row after the last);
    Delete removes the selected rows; Ctrl+V pastes rows copied from Excel."""

    pasteRequested = Signal()
    deleteRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(VisitsDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setTabKeyNavigation(True)

    def visits_model(self) -> VisitsModel:
        return self.model()  # type: ignore[return-value]

    def next_after(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        """Where Enter goes from *index*: the next column of the entry path, else the next row's date."""
        model = self.visits_model()
        key = COLUMNS[index.column()].key
        if key in ENTER_PATH and key != ENTER_PATH[-1]:
            return model.index(index.row(), COLUMN_INDEX[ENTER_PATH[ENTER_PATH.index(key) + 1]])
        row = index.row() + 1
        if row >= model.rowCount():
            row = model.append_row()
        return model.index(row, COLUMN_INDEX["date"])

    def move_on(self, index: QModelIndex | QPersistentModelIndex) -> None:
        target = self.next_after(index)
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

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.currentIndex()
                if not index.isValid():
                    if self.visits_model().rowCount() == 0:
                        self.visits_model().append_row()
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
