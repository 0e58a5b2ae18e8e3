"""Undoable edits (QUndoCommand): every change to the case goes through one of these."""
from __future__ import annotations

from typing import Any, Callable, Protocol

from PySide6.QtGui import QUndoCommand

from app.core.worksheet import PersonFields, Row, Worksheet


class RowsTarget(Protocol):
    """What the row commands change: the table model (``VisitsModel``) holding the sheet's rows."""

    sheet: Worksheet

    def replace_row(self, row: int, new: Row) -> None: ...

    def insert_rows(self, position: int, rows: list[Row]) -> None: ...

    def remove_rows(self, indices: list[int]) -> None: ...


class SetCellCommand(QUndoCommand):
    def __init__(self, model: RowsTarget, row: int, name: str, value: Any, text: str):
        super().__init__(text)
        self.model, self.row, self.name = model, row, name
        self.old = model.sheet.rows[row]
        self.new = self.old.with_value(name, value)

    def redo(self) -> None:
        self.model.replace_row(self.row, self.new)

    def undo(self) -> None:
        self.model.replace_row(self.row, self.old)


class InsertRowsCommand(QUndoCommand):
    def __init__(self, model: RowsTarget, position: int, rows: list[Row], text: str):
        super().__init__(text)
        self.model, self.position, self.rows = model, position, list(rows)

    def redo(self) -> None:
        self.model.insert_rows(self.position, self.rows)

    def undo(self) -> None:
        self.model.remove_rows([self.position + i for i in range(len(self.rows))])


class RemoveRowsCommand(QUndoCommand):
    def __init__(self, model: RowsTarget, indices: list[int], text: str):
        super().__init__(text)
        self.model = model
        self.removed = [(i, model.sheet.rows[i]) for i in sorted(set(indices))]

    def redo(self) -> None:
        self.model.remove_rows([i for i, _ in self.removed])

    def undo(self) -> None:
        for i, row in self.removed:  # ascending: each lands where it was
            self.model.insert_rows(i, [row])


class SetPersonCommand(QUndoCommand):
    """A change to the case header; consecutive edits of one text field merge into one undo step.

    A change of region also carries the rows whose tiers it re-reads (``rows``: before, after),
    so the header and the table change, and are undone, together.
    """

    ID = 1001

    def __init__(self, apply: Callable[[PersonFields, list[Row] | None], None], old: PersonFields,
                 new: PersonFields, text: str, field: str,
                 rows: tuple[list[Row], list[Row]] | None = None):
        super().__init__(text)
        self.apply, self.old, self.new, self.field = apply, old.copy(), new.copy(), field
        self.rows = rows

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetPersonCommand) or other.field != self.field \
                or self.field in ("region", "category", "birth_date") or self.rows or other.rows:
            return False
        self.new = other.new.copy()
        return True

    def redo(self) -> None:
        self.apply(self.new.copy(), list(self.rows[1]) if self.rows else None)

    def undo(self) -> None:
        self.apply(self.old.copy(), list(self.rows[0]) if self.rows else None)
