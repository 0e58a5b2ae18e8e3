"""UI language: Simplified Chinese source texts, English through Qt translations (.ts → .qm)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resources_dir

LANGUAGES = ("zh", "en")


def translator(context: str) -> Callable[[str], str]:
    """The ``tr`` of a module whose texts are in translation *context* (its ``CONTEXT``)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return tr


def N_(text: str) -> str:
    """Marks a text for translation where it is defined; ``tr`` translates it where it is shown."""
    return text


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
    import subprocess  # only when a .qm is out of date (a source checkout): not at every start

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


# --- extracting texts into the .ts file -------------------------------------------------
# ``python -m app.ui.i18n update`` collects every ``tr("…")`` and ``N_("…")`` literal of
# app/ui/*.py under the module's ``CONTEXT`` and merges them into app_en.ts, keeping the
# translations already there; ``python -m app.ui.i18n build`` compiles the .qm.

def extract_messages(ui_dir: Path | None = None) -> dict[str, list[str]]:
    """Texts to translate, by context, in source order."""
    import ast

    ui_dir = ui_dir or Path(__file__).parent
    out: dict[str, list[str]] = {}
    for path in sorted(ui_dir.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        context = next((n.value.value for n in tree.body if isinstance(n, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "CONTEXT" for t in n.targets)
                        and isinstance(n.value, ast.Constant)), None)
        if context is None:
            continue
        texts = out.setdefault(context, [])
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                text = node.args[0].value
                if text not in texts:
                    texts.append(text)
    return out


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """Finished translations in a .ts file: (context, source) → translation."""
    import xml.etree.ElementTree as ET

    if not path.exists():
        return {}
    found = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr_el = msg.find("translation")
            if tr_el is not None and tr_el.text and tr_el.get("type") not in ("unfinished", "obsolete"):
                found[(name, msg.findtext("source") or "")] = tr_el.text
    return found


def write_ts(path: Path, lang: str, messages: dict[str, list[str]], known: dict[tuple[str, str], str]) -> int:
    """Write the .ts; returns how many texts still lack a translation."""
    from xml.sax.saxutils import escape

    missing = 0
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{lang}" sourcelanguage="zh_CN">']
    for context in sorted(messages):
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for source in messages[context]:
            done = known.get((context, source))
            lines += ["    <message>", f"        <source>{escape(source)}</source>"]
            if done:
                lines.append(f"        <translation>{escape(done)}</translation>")
            else:
                missing += 1
                lines.append('        <translation type="unfinished"></translation>')
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return missing


def _cli(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "update":
        missing = write_ts(ts_path("en"), "en", extract_messages(), read_ts(ts_path("en")))
        print(f"{ts_path('en')}: {missing} text(s) without a translation")
        return 1 if missing else 0
    if command == "build":
        qm = qm_path("en")
        if qm.exists():
            qm.unlink()
        built = build_qm("en")
        print(built or "lrelease not found")
        return 0 if built else 1
    print("usage: python -m app.ui.i18n [update|build]")
    return 2


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
