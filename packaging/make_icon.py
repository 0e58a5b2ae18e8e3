"""Draw the app icon with QPainter and write resources/icons/app.png, app.ico (Windows) and
app.icns (macOS). Run once after changing the drawing: ``python packaging/make_icon.py``."""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPen  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    """A green rounded square with a white medical cross and a gold coin: pooling fund payouts."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)  # drawn on a 256 × 256 grid
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, 256))
    gradient.setColorAt(0, QColor("#1b8a52"))
    gradient.setColorAt(1, QColor("#0b6b3a"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(92, 40, 56, 152), 10, 10)
    p.drawRoundedRect(QRectF(44, 88, 152, 56), 10, 10)
    p.setPen(QPen(QColor("#0b6b3a"), 8))
    p.setBrush(QColor("#f2b632"))
    p.drawEllipse(QRectF(148, 148, 84, 84))
    p.setPen(QPen(QColor("white"), 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(172, 182), QPointF(208, 182))
    p.drawLine(QPointF(172, 200), QPointF(208, 200))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """A .ico with PNG-compressed entries (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A .icns with PNG entries (ic07 = 128, ic08 = 256, ic09 = 512 pixels)."""
    types = {128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b"".join(types[s] + struct.pack(">I", 8 + len(d)) + d for s, d in sorted(images.items()) if s in types)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ICONS.mkdir(parents=True, exist_ok=True)
    pngs = {s: png_bytes(draw(s)) for s in (16, 24, 32, 48, 64, 128, 256, 512)}
    (ICONS / "app.png").write_bytes(pngs[256])
    (ICONS / "app.ico").write_bytes(ico({s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256)}))
    (ICONS / "app.icns").write_bytes(icns({s: pngs[s] for s in (128, 256, 512)}))
    for name in ("app.png", "app.ico", "app.icns"):
        print(ICONS / name, (ICONS / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
