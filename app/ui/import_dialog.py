"""Import preview: how many visits a file brings, and every bad line with its number and reason."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app.core.exchange import INPUT_COLUMNS, ImportedRow, ImportPreview
from app.core.rules.schema import RuleFile
from app.core.worksheet import Row

from .visits_model import INVALID_BG
from .i18n import translator

CONTEXT = "ImportDialog"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)


class ImportDialog(QDialog):
    """Shows a file's import preview; ``rows()`` and ``year()`` say what to import once accepted.

    *preview_for(year)* validates the file for a case year: when every date in the
    file falls in one other year (more than half of them), the dialog offers to switch the case to it.
    """

    def __init__(self, path: str, preview_for: Callable[[int], ImportPreview], year: int, lang: str,
                 case_is_empty: bool, parent: QWidget | None = None, region: RuleFile | None = None):
        super().__init__(parent)
        self.region = region  # to name the tiers as read
        self.setObjectName("importDialog")
        self.setWindowTitle(tr("导入就诊记录"))
        self.lang = lang
        self.case_year = year
        self._preview_for = preview_for
        self.preview = preview_for(year)
        self.suggested = self.preview.suggested_year()

        layout = QVBoxLayout(self)
        file_label = QLabel(tr("文件：%1").replace("%1", path))
        file_label.setWordWrap(True)
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(file_label)
        self.year_box = QCheckBox()
        self.year_box.setObjectName("switchYear")
        self.year_box.setVisible(self.suggested is not None)
        if self.suggested is not None:
            in_year = self.preview.years.get(self.suggested, 0)
            self.year_box.setText(tr("文件中 %3 个日期里有 %4 个在 %1 年：把案例年度从 %2 改为 %1")
                                  .replace("%1", str(self.suggested)).replace("%2", str(year))
                                  .replace("%3", str(sum(self.preview.years.values()))).replace("%4", str(in_year)))
            self.year_box.setChecked(case_is_empty)
        layout.addWidget(self.year_box)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.bad_table = QTableWidget(0, 3)
        self.bad_table.setObjectName("badRows")
        self.bad_table.setHorizontalHeaderLabels([tr("行号"), tr("原因"), tr("该行内容")])
        self.bad_table.verticalHeader().hide()
        self.bad_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bad_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bad_table.setWordWrap(True)
        head = self.bad_table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(2, 280)
        layout.addWidget(self.bad_table, 1)
        # how each good line was read: the date as stored, the tier by name, the amounts as typed
        self.good_caption = QLabel(tr("可导入的行（按读取结果）："))
        layout.addWidget(self.good_caption)
        self.good_table = QTableWidget(0, 6)
        self.good_table.setObjectName("goodRows")
        self.good_table.setHorizontalHeaderLabels([tr("行号"), tr("日期"), tr("等级"), tr("总费用"), tr("全自费"),
                                                   tr("乙类先行自付")])
        self.good_table.verticalHeader().hide()
        self.good_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.good_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.good_table, 1)
        self.ignored = QLabel()
        self.ignored.setObjectName("ignoredColumns")
        self.ignored.setWordWrap(True)
        self.ignored.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.ignored)
        self.keep_bad = QCheckBox(tr("有错误的行也导入（保留原样并标红，可在表格中修改）"))
        self.keep_bad.setObjectName("keepBadRows")
        layout.addWidget(self.keep_bad)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.year_box.toggled.connect(self._year_toggled)
        self.keep_bad.toggled.connect(lambda _on: self._update_button())
        self.resize(820, 480)
        if self.year() != year:
            self.preview = preview_for(self.year())
        self._show()

    # --- state ------------------------------------------------------------------------------
    def year(self) -> int:
        return self.suggested if (self.suggested is not None and self.year_box.isChecked()) else self.case_year

    def rows(self) -> list[Row]:
        """The rows to insert, in file order: the good ones, and the bad ones kept as typed when asked."""
        keep = self.keep_bad.isChecked()
        return [r.row for r in self.preview.rows if r.row is not None and (r.ok or keep)]

    def _year_toggled(self, _on: bool) -> None:
        self.preview = self._preview_for(self.year())
        self._show()

    # --- display ----------------------------------------------------------------------------
    def _show(self) -> None:
        p = self.preview
        good, bad = p.good, p.bad
        text = tr("可导入 %1 条就诊记录。").replace("%1", str(len(good)))
        if bad:
            text += " " + tr("%1 行有错误，不会导入（除非勾选下方选项）：").replace("%1", str(len(bad)))
        elif not good:
            text = tr("文件中没有就诊记录。")
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b3261e; font-weight: bold;" if bad else "font-weight: bold;")
        self.bad_table.setRowCount(len(bad))
        for k, item in enumerate(bad):
            self._set_bad_row(k, item)
        self.bad_table.setVisible(bool(bad))
        self.good_table.setRowCount(len(good))
        for k, item in enumerate(good):
            row = item.row
            tier = self.region.tier(row.tier) if self.region is not None else None
            values = [str(item.line), row.date, tier.label.get(self.lang) if tier else row.tier,
                      row.total, row.self_funded, row.class_b_copay]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if c in (0, 3, 4, 5):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.good_table.setItem(k, c, cell)
        self.good_table.setVisible(bool(good))
        self.good_caption.setVisible(bool(good))
        self.bad_table.resizeRowsToContents()
        self.keep_bad.setVisible(any(r.row is not None for r in bad))
        self.ignored.setVisible(bool(p.ignored_columns))
        self.ignored.setText(tr("未识别的列（不导入）：%1").replace("%1", "、".join(p.ignored_columns)))
        self._update_button()

    def _set_bad_row(self, k: int, item: ImportedRow) -> None:
        problems = item.problems or ((item.error,) if item.error else ())  # all of them, not the first
        sep = "; " if self.lang == "en" else "；"
        reason = sep.join(describe_field(e.field, e.text(self.lang), self.lang) for e in problems)
        if item.row is None:
            reason += tr("（请在文件中修改后重新导入）")
        cells = [QTableWidgetItem(str(item.line)), QTableWidgetItem(reason),
                 QTableWidgetItem(" | ".join(c for c in item.cells))]
        cells[0].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for c, cell in enumerate(cells):
            cell.setBackground(QBrush(INVALID_BG if c == 1 else QColor("#ffffff")))
            self.bad_table.setItem(k, c, cell)

    def _update_button(self) -> None:
        n = len(self.rows())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("导入 %1 条").replace("%1", str(n)))
        ok.setEnabled(n > 0)

    def good_lines(self) -> list[tuple[str, ...]]:
        """The good lines as shown: line, date, tier, total, self-funded, class-B co-pay (tests)."""
        return [tuple(self.good_table.item(k, c).text() for c in range(6)) for k in range(self.good_table.rowCount())]

    def bad_lines(self) -> list[tuple[int, str]]:
        """(line, reason) as listed (tests)."""
        return [(int(self.bad_table.item(k, 0).text()), self.bad_table.item(k, 1).text())
                for k in range(self.bad_table.rowCount())]


def describe_field(field: str, message: str, lang: str) -> str:
    """The column (as the file and the table name it) and the reason."""
    if not field:  # a problem of the whole line (more cells than the header has columns)
        return message
    col = next((c for c in INPUT_COLUMNS if c.key == ("family" if field == "patient" else field)), None)
    name = col.label(lang) if col else field
    return f"{name}: {message}" if lang == "en" else f"{name}：{message}"
