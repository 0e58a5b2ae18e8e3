"""UI language: Simplified Chinese source texts, English through Qt translations (.ts → .qm)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resources_dir

LANGUAGES = ("zh", "en")


def translations_dir() -> Path:
    return resources_dir() / "translations"


def ts_path(lang: str) -> Path:
    return translations_dir() / f"app_{lang}.ts"


def qm_path(lang: str) -> Path:
    return translations_dir() / f"app_{lang}.qm"


def lrelease_command() -> list[str] | None:
    exe = shutil.which("pyside6-lrelease")
    if exe:
        return [exe]
    try:  # PySide6 ships lrelease next to its Qt binaries
        import PySide6

        root = Path(PySide6.__file__).parent
        for candidate in (root / "lrelease", root / "lrelease.exe", root / "Qt" / "bin" / "lrelease"):
            if candidate.exists():
                return [str(candidate)]
    except ImportError:  # pragma: no cover
        pass
    return None


def build_qm(lang: str = "en") -> Path | None:
    """Compile the committed .ts into .qm when the .qm is missing or older (source checkouts)."""
    ts, qm = ts_path(lang), qm_path(lang)
    if not ts.exists():
        return None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    cmd = lrelease_command()
    if cmd is None:
        return qm if qm.exists() else None
    try:
        subprocess.run([*cmd, str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return qm if qm.exists() else None
    return qm


class Translations:
    """Installs and removes the translators for the chosen language."""

    def __init__(self, app: QCoreApplication):
        self.app = app
        self.installed: list[QTranslator] = []
        self.lang = "zh"

    def switch(self, lang: str) -> bool:
        lang = lang if lang in LANGUAGES else "zh"
        for t in self.installed:
            self.app.removeTranslator(t)
        self.installed = []
        ok = True
        if lang == "en":
            qm = build_qm("en") if not getattr(sys, "frozen", False) else qm_path("en")
            t = QTranslator(self.app)
            ok = bool(qm and t.load(str(qm)))
            if ok:
                self.app.installTranslator(t)
                self.installed.append(t)
        else:  # Qt's own dialogs (file dialogs, buttons) in Chinese
            qt = QTranslator(self.app)
            if qt.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self.app.installTranslator(qt)
                self.installed.append(qt)
        self.lang = lang if ok else "zh"
        return ok
