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


def user_cache_dir() -> Path:
    """This program's folder in the user's cache (files it can always make again), without Qt:
    ``%LOCALAPPDATA%\\MZEstimator\\cache`` on Windows, ``~/Library/Caches/MZEstimator`` on macOS,
    ``$XDG_CACHE_HOME/MZEstimator`` (``~/.cache/MZEstimator``) elsewhere."""
    import os

    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "MZEstimator" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "MZEstimator"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "MZEstimator"


def validated_rules_file() -> Path:
    """The rule files checked when the bundle was built (``build.spec``), as plain data: only in a bundle."""
    return base_dir() / "validated_rules.json"
