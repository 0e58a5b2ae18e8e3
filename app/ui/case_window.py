"""What the file actions, the autosave and the batch dialog use of the window that holds a case.

They are handed the main window; typing it as this protocol keeps them below it (the main window
imports them, they import nothing of it).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from app.core.rules.loader import RuleSet
    from app.core.rules.schema import RuleFile
    from app.core.worksheet import PersonFields, SheetResult, Worksheet

    from .visits_model import VisitsModel
    from .visits_view import VisitsView


class CaseWindow(Protocol):
    """A window (a QWidget: dialogs are parented to it) holding one case."""

    sheet: "Worksheet"
    path: Path | None  # where the case was opened from or saved to; None while untitled
    result: "SheetResult | None"  # the latest settlement of the sheet
    lang: str  # "zh" | "en"
    settings: "QSettings"
    undo: "QUndoStack"
    rules: "RuleSet"
    model: "VisitsModel"
    view: "VisitsView"

    def show_status(self, text: str, timeout_ms: int = 0) -> None: ...

    def edit_header(self, field: str, fields: "PersonFields") -> None: ...

    def slip_full_id(self) -> bool: ...


class RulesWindow(Protocol):
    """What the regions list and the rule editor use of the window: its rules, its language, and
    the two hooks by which a saved, imported or deleted rule file reaches the open case."""

    rules: "RuleSet"
    lang: str  # "zh" | "en"

    def rules_changed(self, rf: "RuleFile", path: Path) -> None: ...

    def rules_removed(self, region: str) -> None: ...
