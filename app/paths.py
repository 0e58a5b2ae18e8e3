"""Where bundled files live, from source or from a frozen (PyInstaller) build."""
from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    """The folder holding ``rules/`` and ``resources/``: the repository, or the bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def rules_dir() -> Path:
    return base_dir() / "rules"


def resources_dir() -> Path:
    return base_dir() / "resources"
