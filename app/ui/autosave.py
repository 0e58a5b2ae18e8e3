"""Periodic autosave and crash recovery.

While the case has unsaved changes, it is written every minute (atomically) to
an autosave file in the user's data folder. A clean close or a save removes it;
finding one at start-up means the last session ended abnormally, and the window
offers to recover it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from app.core.case import write_atomic
from app.core.worksheet import worksheet_to_json

if TYPE_CHECKING:
    from .main_window import MainWindow

INTERVAL_MS = 60_000


def default_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "autosave"


class Autosave(QObject):
    def __init__(self, directory: Path | None, window: "MainWindow"):
        super().__init__(window)
        self.window = window
        self.directory = directory or default_dir()
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.write_now)
        self.timer.start()

    @property
    def case_path(self) -> Path:
        return self.directory / "autosave.mzcase"

    @property
    def info_path(self) -> Path:
        return self.directory / "autosave.json"

    def mark_dirty(self, _index: int = 0) -> None:
        self.dirty = True

    def write_now(self) -> bool:
        if not self.dirty or self.window.undo.isClean():
            return False
        try:
            write_atomic(self.case_path, worksheet_to_json(self.window.sheet))
            origin = str(self.window.path) if self.window.path else ""
            write_atomic(self.info_path, json.dumps({"original": origin}, ensure_ascii=False))
        except OSError:
            return False
        self.dirty = False
        return True

    def discard(self) -> None:
        for p in (self.case_path, self.info_path):
            try:
                p.unlink()
            except OSError:
                pass

    def pending(self) -> tuple[Path, str] | None:
        """The autosave left by a session that did not end cleanly, and the file it belonged to."""
        if not self.case_path.exists():
            return None
        original = ""
        try:
            original = json.loads(self.info_path.read_text(encoding="utf-8")).get("original", "")
        except (OSError, ValueError, AttributeError):
            pass
        return self.case_path, original
