"""The user's own rules folder: rule files dropped here are loaded beside the bundled ones."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def user_rules_dir() -> Path:
    """``<AppData>/rules`` — e.g. ``%APPDATA%/MZEstimator/OutpatientPoolingEstimator/rules`` on Windows,
    ``~/.local/share/MZEstimator/OutpatientPoolingEstimator/rules`` on Linux."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "rules"
