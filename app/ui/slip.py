"""Printing the estimate slip: a CJK font for the page, A4 PDF, print preview and printer.

The slip's content comes from ``app.core.slip``; here it is laid out by
``QTextDocument`` and sent to a ``QPrinter``. Chinese glyphs need a font that
has them: the first CJK family the system knows (Noto/Source Han, Microsoft
YaHei, SimSun, PingFang, WenQuanYi …), else a font file found in the usual
places of Windows, macOS or Linux or bundled in resources/fonts, registered with
the application. Qt embeds the glyphs used into the PDF.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont, QFontDatabase, QGuiApplication, QPageLayout, QPageSize, QPainter, QRawFont, QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from app.core.case import atomic_path
from app.paths import resources_dir

from .fonts import pick_cjk_family


def _font_files() -> list[Path]:
    """Font files that carry Chinese, in the places each platform keeps them (and the bundled folder)."""
    files: list[Path] = []
    bundled = resources_dir() / "fonts"
    if bundled.is_dir():
        files += sorted(p for p in bundled.iterdir() if p.suffix.lower() in (".ttf", ".otf", ".ttc"))
    windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
    candidates = {
        "win32": [windir / n for n in ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "Deng.ttf")]
        + [local / "NotoSansSC-Regular.otf"],
        "darwin": [Path("/System/Library/Fonts/PingFang.ttc"), Path("/System/Library/Fonts/STHeiti Light.ttc"),
                   Path("/System/Library/Fonts/Hiragino Sans GB.ttc"), Path("/Library/Fonts/Arial Unicode.ttf"),
                   Path("/System/Library/Fonts/Supplemental/Songti.ttc")],
    }
    unix = [Path(p) for p in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    )]
    files += candidates.get(sys.platform, unix if not sys.platform.startswith("win") else [])
    return files


_family: str | None = None
_searched = False


def cjk_font_family() -> str | None:
    """A font family with Simplified Chinese glyphs, registering a font file when none is installed."""
    global _family, _searched
    if _searched:
        return _family
    if QGuiApplication.instance() is None:  # the font database needs the application
        return None
    _searched = True
    _family = pick_cjk_family(QFontDatabase.families())
    if _family is None:
        for path in _font_files():
            if not path.is_file():
                continue
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _family = pick_cjk_family(QFontDatabase.applicationFontFamilies(font_id)) or next(
                    iter(QFontDatabase.applicationFontFamilies(font_id)), None)
                if _family:
                    break
    if _family is None:  # any family that says it writes Simplified Chinese
        _family = next((f for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)), None)
    return _family


def slip_document(html: str, point_size: float = 10) -> QTextDocument:
    doc = QTextDocument()
    family = cjk_font_family()
    font = QFont(family, point_size) if family else QFont()
    if not family:
        font.setPointSizeF(point_size)
    # Chinese and Latin need no shaping; shaped Latin digits lose their text in Qt's PDF (pdftotext
    # and copy-paste would see "tongliao- -" for "tongliao-2022-10")
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    return doc


def setup_printer(printer: QPrinter, title: str = "") -> QPrinter:
    """A4 portrait, 15 mm margins."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    if title:
        printer.setDocName(title)
    printer.setCreator("门诊统筹测算 / Outpatient pooling estimator")
    return printer


def new_printer(title: str = "") -> QPrinter:
    return setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution), title)


def write_pdf(doc: QTextDocument, path: str | Path, title: str = "") -> None:
    """Print *doc* to an A4 PDF at *path*: a temporary file in the same folder, then renamed."""
    with atomic_path(path) as tmp:
        printer = new_printer(title)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp))
        paint_document(doc, printer)
        if os.path.getsize(tmp) == 0:
            raise OSError(f"the PDF could not be written to {Path(path).parent}")
        fix_text_layer(tmp, doc)


FOOTER_INCH = 0.3  # room under the text for the page number


def paint_document(doc: QTextDocument, printer: QPrinter) -> None:
    """Lay *doc* out on the printer's pages (inside its margins) and paint it, with "page i / n" at the foot.

    ``QTextDocument.print_`` would add 2 cm of its own to the printer's margins;
    this lays the text out at screen resolution and scales it to the printer, as
    Qt does for a paginated document.
    """
    screen = QGuiApplication.primaryScreen()
    src_dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    page = printer.pageRect(QPrinter.Unit.Inch)
    width, height = page.width() * src_dpi, (page.height() - FOOTER_INCH) * src_dpi
    doc.setPageSize(QSizeF(width, height))
    pages = max(doc.pageCount(), 1)
    first = max(printer.fromPage(), 1) if printer.fromPage() > 0 else 1
    last = min(printer.toPage(), pages) if printer.toPage() > 0 else pages
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer or PDF file cannot be opened for painting")
    try:
        scale = printer.resolution() / src_dpi
        painter.scale(scale, scale)
        footer_font = QFont(doc.defaultFont())  # in layout pixels: the painter is scaled already
        footer_font.setPixelSize(max(round((doc.defaultFont().pointSizeF() - 2) * src_dpi / 72), 6))
        for n in range(first, last + 1):
            if n > first:
                printer.newPage()
            top = (n - 1) * height
            painter.save()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, width, height))
            painter.restore()
            painter.setFont(footer_font)
            painter.drawText(QRectF(0, height, width, FOOTER_INCH * src_dpi),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), f"{n} / {pages}")
    finally:
        painter.end()


_STREAM = re.compile(rb"/ToUnicode (\d+) 0 R")
_ARRAY = re.compile(rb"\[([^\]]*)\]")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f]{4})>")


def fix_text_layer(path: str | Path, doc: QTextDocument) -> int:
    """Make the PDF's text layer say what the page shows; returns how many code points were corrected.

    Qt writes, for each glyph, the lowest code point the font maps to it. CJK fonts
    share glyphs between an ideograph and a radical or variant (门 and ⻔ U+2ED4, 日 and
    ⽇ U+2F47, 户 and 戶), so copying or searching the PDF would find the radical. Every
    glyph drawn comes from the document's text: a code point the text does not contain
    is replaced, in the ToUnicode maps, by the character of the text with the same
    glyph. Same-length hexadecimal tokens only, so no offset in the file moves.
    """
    path = Path(path)
    data = bytearray(path.read_bytes())
    text = doc.toPlainText() + "0123456789 /"
    chars = {ch for ch in text if ord(ch) <= 0xFFFF}
    base = doc.defaultFont()
    bold = QFont(base)
    bold.setBold(True)
    maps: dict[bool, tuple[QRawFont, dict[int, str]]] = {}
    for is_bold, font in ((False, base), (True, bold)):
        raw = QRawFont.fromFont(font)
        if not raw.isValid():
            continue
        by_glyph: dict[int, str] = {}
        for ch in sorted(chars):
            glyphs = raw.glyphIndexesForString(ch)
            if len(glyphs) == 1 and glyphs[0]:
                by_glyph.setdefault(glyphs[0], ch)
        maps[is_bold] = (raw, by_glyph)
    if not maps:
        return 0
    fixed = 0

    def fix_token(m: re.Match) -> bytes:
        nonlocal fixed
        u = int(m.group(1), 16)
        if chr(u) in chars:
            return m.group(0)
        glyphs = raw.glyphIndexesForString(chr(u))
        ch = by_glyph.get(glyphs[0]) if len(glyphs) == 1 and glyphs[0] else None
        if ch is None:
            return m.group(0)
        fixed += 1
        return b"<%04X>" % ord(ch)

    for ref in _STREAM.finditer(bytes(data)):
        font_start = bytes(data).rfind(b" obj", 0, ref.start())
        is_bold = b"Bold" in bytes(data[font_start:ref.start()])
        raw, by_glyph = maps.get(is_bold) or next(iter(maps.values()))
        head = bytes(data).find(b"\n%s 0 obj" % ref.group(1))
        start = bytes(data).find(b"stream\n", head)
        end = bytes(data).find(b"endstream", start)
        if head < 0 or start < 0 or end < 0:
            continue
        body = bytes(data[start:end])
        new = _ARRAY.sub(lambda a: b"[" + _TOKEN.sub(fix_token, a.group(1)) + b"]", body)
        new = _BFCHAR.sub(lambda b: b"beginbfchar" + re.sub(
            rb"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]{4})>",
            lambda t: t.group(1) + fix_token(_TOKEN.match(b"<" + t.group(2) + b">")), b.group(1)) + b"endbfchar", new)
        if len(new) == len(body):
            data[start:end] = new
    if fixed:
        path.write_bytes(bytes(data))
    return fixed
