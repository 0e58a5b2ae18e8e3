"""A date field that shows exactly what is typed, with a calendar as an extra.

Unlike ``QDateEdit`` it has no sections that jump on ``-``: the text is the text, read by
:mod:`app.core.dates` when it is committed. Text that names no date turns red while typed
(its reason in the tooltip) and is kept as typed by whoever commits it. F4 or Alt+Down, or
the calendar button, opens a calendar; picking a day writes it as ``YYYY-MM-DD``.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QDate, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from app.core import dates

from .i18n import translator

CONTEXT = "DateEdit"
tr = translator(CONTEXT)

INVALID_TEXT = QColor("#b3261e")


def calendar_icon() -> QIcon:
    """A small calendar, drawn (no image file to ship)."""
    pm = QPixmap(32, 32)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#5f6368"), 2))
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(4, 6, 24, 22), 3, 3)
    p.fillRect(QRectF(5, 7, 22, 6), QColor("#1a73e8"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#5f6368"))
    for r in range(2):
        for c in range(3):
            p.drawRect(QRectF(8 + c * 6, 16 + r * 5, 3, 3))
    p.end()
    return QIcon(pm)


class DateLineEdit(QLineEdit):
    """Text in, text out. ``picked`` is emitted after a day is chosen in the calendar."""

    picked = Signal()

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None):
        super().__init__(parent)
        self.year = year  # the case year: month and day alone are read in it; None: whole dates only
        self.calendar_start: Callable[[], QDate] = lambda: QDate.currentDate()
        self._popup: QCalendarWidget | None = None
        self._normal_palette = QPalette(self.palette())
        action = self.addAction(calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip(tr("选择日期（F4）"))
        action.triggered.connect(self.show_calendar)
        self.textChanged.connect(self._check)

    # --- what the text means ----------------------------------------------------------------
    def parsed(self) -> date | None:
        try:
            return dates.parse_date(self.text(), self.year)
        except dates.DateError:
            return None

    def _check(self, text: str) -> None:
        bad = bool(text.strip()) and self.parsed() is None
        pal = QPalette(self._normal_palette)
        if bad:
            pal.setColor(QPalette.ColorRole.Text, INVALID_TEXT)
        self.setPalette(pal)
        self.setProperty("invalid", bad)

    # --- the calendar -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down
                                            and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed by a pick or by Escape: gone
        popup.setObjectName("calendarPopup")
        popup.setGridVisible(True)
        day = self.parsed()
        start = QDate(day.year, day.month, day.day) if day else self.calendar_start()
        popup.setSelectedDate(start)
        popup.setCurrentPage(start.year(), start.month())
        popup.clicked.connect(lambda d: self._pick(d))
        popup.activated.connect(lambda d: self._pick(d))
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup = popup
        popup.show()
        popup.setFocus()

    def _pick(self, d: QDate) -> None:
        self.setText(d.toString("yyyy-MM-dd"))
        if self._popup is not None:
            self._popup.close()
            self._popup = None
        self.setFocus()
        self.picked.emit()
