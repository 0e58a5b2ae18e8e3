"""Fonts with Simplified Chinese glyphs: the family the window and the slip use.

The window's text is Chinese first. Where the system's UI font has no Chinese glyphs (Linux with
DejaVu, say), Qt draws them from a fallback CJK font, and every bold text (the bold figures and
captions, and the table header, which Qt measures in bold) loads that font's bold face as well: a
second CJK font file of 15–20 MB, ≈ 4 MiB of it resident. ``use_regular_face`` sets the window's font
to the CJK family's regular face: bold is drawn by emboldening it (as Qt does for any family without
a bold face), Latin text from the same font's Latin glyphs. Where no such family is installed, or
its regular face is not found by name, nothing changes; nor where the UI font has Chinese itself
(Chinese Windows, macOS): bold text there keeps the font's own bold face.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

# Preferred families, Simplified Chinese first; matched as prefixes of the installed family names.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Noto Sans SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "SimHei",
    "NSimSun", "DengXian", "Heiti SC", "STHeiti", "Songti SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Noto Sans CJK", "Source Han Sans", "Noto Serif CJK", "Source Han Serif", "Droid Sans Fallback",
    "Arial Unicode MS",
)


def pick_cjk_family(families: list[str]) -> str | None:
    """The first of *families* in the order of ``CJK_FAMILIES`` (exact names first, then prefixes)."""
    for wanted in CJK_FAMILIES:
        for fam in families:
            if fam == wanted:
                return fam
    for wanted in CJK_FAMILIES:
        for fam in families:
            if fam.startswith(wanted):
                return fam
    return None


def regular_style(family: str) -> str | None:
    """The name of *family*'s upright face nearest normal weight (``Regular``, ``Book`` …), if any."""
    upright = [s for s in QFontDatabase.styles(family) if not QFontDatabase.italic(family, s)]
    if not upright:
        return None
    return min(upright, key=lambda s: abs(QFontDatabase.weight(family, s) - QFont.Weight.Normal.value))


def use_regular_face(app: QGuiApplication) -> bool:
    """Where the UI font has no Chinese glyphs, set *app*'s font to the regular face of the preferred
    installed CJK family, keeping its size. Returns whether the window's font is such a face."""
    font = QFont(app.font())
    family = font.family()
    if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
        # the UI font has Chinese itself (Chinese Windows, macOS): its bold is drawn from its own bold
        # face, as the system draws it everywhere else; only a face set here before is kept
        return bool(font.styleName()) and font.styleName() == regular_style(family)
    family = pick_cjk_family(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    style = regular_style(family) if family else None
    if not style:
        return False
    font.setFamilies([family])
    font.setStyleName(style)
    app.setFont(font)
    return True
