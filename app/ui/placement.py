"""Where a window or dialog opens: its preferred size, no bigger than the screen's available area (its
frame around it), placed over its parent and wholly within that area (a 1366×768 laptop, or 1920×1080
at 150 %: 1280×720)."""
from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# title bar and borders, before the window system has said how big they are
FRAME_ALLOWANCE = QMargins(8, 34, 8, 8)


def screen_room(screen) -> QRect:
    """The part of *screen*'s available area a window itself may take, its frame around it."""
    return screen.availableGeometry().marginsRemoved(FRAME_ALLOWANCE)


def place_within_screen(widget: QWidget, preferred: QSize, over: QWidget | None = None) -> None:
    """Give *widget* its preferred size (not below what it needs, not beyond the screen) centred over
    *over* (else the screen), moved as needed to lie wholly within the available area."""
    screen = (over.screen() if over is not None else None) or widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:  # pragma: no cover - no screen at all
        widget.resize(preferred)
        return
    room = screen_room(screen)
    size = preferred.expandedTo(widget.minimumSizeHint()).boundedTo(room.size())
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(over.frameGeometry().center() if over is not None and over.isVisible() else room.center())
    rect.moveLeft(max(room.left(), min(rect.left(), room.right() - size.width() + 1)))
    rect.moveTop(max(room.top(), min(rect.top(), room.bottom() - size.height() + 1)))
    widget.setGeometry(rect)
