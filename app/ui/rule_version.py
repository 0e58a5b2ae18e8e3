"""The rule editor's New version… question: the day the new version starts (prefilled with 1 January of
the year after the latest version's start, editable), checked as it is typed."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.core.dates import DateError, parse_date

from .i18n import N_, translator

CONTEXT = "RuleEditor"  # the editor's translation context (see app/ui/i18n.py)
tr = translator(CONTEXT)


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """确定 / 取消 (OK / Cancel) for a small question of the rule editor, wired to accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewVersionDialog(QDialog):
    """The start date of a new version copied from *copy_id*; it must be *earliest* or later."""

    def __init__(self, copy_id: str, default: date | None, earliest: date | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newVersionDialog")
        self.earliest = earliest
        self.setWindowTitle(tr("新增版本"))
        self.start = QLineEdit(default.isoformat() if default else "")
        self.start.setObjectName("newVersionStart")
        self.start.setPlaceholderText("2024-01-01")
        self.start.selectAll()
        about = QLabel(tr("新版本复制“%1”的全部数值和出处（仍引用原文件，改动数值时请同时改出处）；"
                          "仍有效的上一版本截止于新版本生效日期的前一天。").replace("%1", copy_id))
        about.setWordWrap(True)
        self.reason = QLabel()
        self.reason.setObjectName("newVersionReason")
        self.reason.setStyleSheet("color: #b00020;")
        self.reason.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(about)
        label = QLabel(tr(N_("新版本生效日期(&F)")))
        label.setBuddy(self.start)
        form.addRow(label, self.start)
        form.addRow(self.reason)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        self.start.textChanged.connect(self._check)
        self.setMinimumWidth(460)
        self._check()

    def start_date(self) -> date | None:
        try:
            return parse_date(self.start.text().strip())
        except DateError:
            return None

    def _check(self) -> None:
        day = self.start_date()
        reason = ""
        if day is None:
            reason = tr("请输入日期，如 2024-01-01")
        elif self.earliest is not None and day < self.earliest:
            reason = tr("新版本须不早于 %1（晚于已有各版本的起止日期）").replace("%1", self.earliest.isoformat())
        self.reason.setText(reason)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reason)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()
