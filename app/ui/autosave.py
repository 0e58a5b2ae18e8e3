"""Periodic autosave and crash recovery, one autosave per window.

While the case has unsaved changes, it is written every minute (atomically, readable by the
user only) to this window's own autosave file in the user's data folder,
``autosave-<pid>-<random>.mzcase`` with its ``.json`` (the file it belonged to) beside it. The
window holds a lock file (``.lock``, a ``QLockFile``, taken before its first write) for as long as it lives, so another
running copy of the program can tell a live window's autosave from one left by a crash. A clean
close or a save removes the window's files. At start-up, recovery offers only the autosave of a
window that is no longer running — its lock is taken over first, so two new windows never
recover the same work — and declining removes only that one.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from app.core.case import write_atomic
from app.core.worksheet import worksheet_to_json

if TYPE_CHECKING:
    from .case_window import CaseWindow

INTERVAL_MS = 60_000
PREFIX = "autosave"  # autosave-<id>.mzcase; "autosave.mzcase" is the single file of earlier versions


def default_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "autosave"


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone, never by age
    return lock


class Autosave(QObject):
    def __init__(self, directory: Path | None, window: "CaseWindow"):
        super().__init__(window)
        self.window = window
        self.directory = directory or default_dir()
        self.name = f"{PREFIX}-{os.getpid()}-{os.urandom(4).hex()}"  # 32 random bits (uuid loads platform)
        self.lock = _lock(self.directory / f"{self.name}.lock")  # taken before the first write
        self.claimed: tuple[Path, QLockFile] | None = None  # a crashed window's autosave being offered
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.write_now)
        self.timer.start()

    @property
    def case_path(self) -> Path:
        return self.directory / f"{self.name}.mzcase"

    @property
    def info_path(self) -> Path:
        return self.directory / f"{self.name}.json"

    def mark_dirty(self, _index: int = 0) -> None:
        self.dirty = True

    def write_now(self) -> bool:
        if not self.dirty or self.window.undo.isClean():
            return False
        try:
            if not self.lock.isLocked():
                self.directory.mkdir(parents=True, exist_ok=True)
                if not self.lock.tryLock(0):
                    return False
            write_atomic(self.case_path, worksheet_to_json(self.window.sheet), private=True)
            origin = str(self.window.path) if self.window.path else ""
            write_atomic(self.info_path, json.dumps({"original": origin}, ensure_ascii=False), private=True)
        except (OSError, ValueError):  # ValueError: a text the file system cannot encode
            return False
        self.dirty = False
        return True

    def discard(self) -> None:
        """Remove this window's autosave and, if one was offered to it, the recovered one."""
        _remove(self.case_path)
        if self.claimed is not None:
            path, lock = self.claimed
            _remove(path)
            lock.unlock()
            self.claimed = None

    def release(self) -> None:
        """At a clean close: the files are gone, so the lock goes too."""
        self.discard()
        self.lock.unlock()

    def pending(self) -> tuple[Path, str] | None:
        """The autosave of a window that is no longer running, and the file it belonged to.

        The dead window's lock is taken over while it is offered; autosaves of running windows
        (their lock is held) are never returned.
        """
        if self.claimed is not None:
            return self.claimed[0], _original(self.claimed[0])
        try:
            candidates = sorted(self.directory.glob(f"{PREFIX}*.mzcase"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return None
        for path in candidates:
            if path.stem == self.name:
                continue
            lock = _lock(path.with_suffix(".lock"))
            if not lock.tryLock(0):
                continue  # its window is alive (or another new window is offering it)
            if not path.exists():  # recovered and removed meanwhile
                lock.unlock()
                continue
            self.claimed = (path, lock)
            return path, _original(path)
        return None


def _original(path: Path) -> str:
    try:
        value = json.loads(path.with_suffix(".json").read_text(encoding="utf-8")).get("original", "")
        return value if isinstance(value, str) else ""
    except (OSError, ValueError, AttributeError):
        return ""


def _remove(case_path: Path) -> None:
    for p in (case_path, case_path.with_suffix(".json")):
        try:
            p.unlink()
        except OSError:
            pass
