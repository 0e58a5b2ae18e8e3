"""File → 批量测算…: a claims file of many persons settled in a worker thread (app.core.batch).

The window stays responsive: the file is read and settled partition by partition in a QThread,
a progress dialog shows how far it is and can cancel between partitions; the summary (and the
comparison, when a second rule folder is chosen) is shown when it is done, and the persons file
and the refused rows can be saved.
"""
from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressDialog, QPushButton,
    QSpinBox, QVBoxLayout, QWidget,
)

from app.core.money import fmt_grouped

from .i18n import translator

if TYPE_CHECKING:
    from .case_window import CaseWindow

CONTEXT = "BatchDialog"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)

ROWS_PER_STEP = 2_000  # rows settled between two looks at the cancel button


def action_text() -> str:
    return tr("批量测算(&B)…")


def open_batch_dialog(w: "CaseWindow") -> "BatchDialog":
    """Open the dialog for the window's region and year (not modal: the window stays usable)."""
    dialog = BatchDialog(w, w)  # a child of the window: kept alive while open
    dialog.show()
    return dialog


class BatchWorker(QObject):
    """Reads and settles the claims file in its thread; ``cancel()`` may be called from any thread."""

    progress = Signal(int, int)  # rows done, all rows
    done = Signal(object)  # list of PartitionResult (one per rule file), or None when cancelled
    failed = Signal(str)

    def __init__(self, path: Path, regions: list, year: int, parameters: dict[str, Decimal]):
        super().__init__()
        self.path, self.regions, self.year, self.parameters = path, regions, year, parameters
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from app.core import batch

        try:
            claims = batch.read_claims(self.path)
            parts = batch.partitions(claims, ROWS_PER_STEP)
            results, rows = [], 0
            for part in parts:
                if self._cancel.is_set():
                    self.done.emit(None)
                    return
                results.append(batch.settle_partition(part, self.regions, self.year, self.parameters))
                rows += len(part)
                self.progress.emit(rows, len(claims))
            self.done.emit([batch.merge([r[i] for r in results]) for i in range(len(self.regions))])
        except batch.ClaimsFileError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - whatever the file holds, the window must not lose the thread
            self.failed.emit(f"{type(exc).__name__}: {exc}"[:300])


def _grouped(amount: str) -> str:
    """A summary's amount ("92090617.83") as the window shows money: 92,090,617.83."""
    return fmt_grouped(Decimal(amount))


class BatchDialog(QDialog):
    def __init__(self, w: "CaseWindow", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("batchDialog")
        self.setWindowTitle(tr("批量测算"))
        self.window_ = w
        self.lang = w.lang
        self.results: list | None = None
        self.summaries: list[dict] = []
        self.thread: QThread | None = None
        self.worker: BatchWorker | None = None
        self.progress: QProgressDialog | None = None

        form = QFormLayout()
        self.region = QComboBox()
        self.region.setObjectName("batchRegion")
        for rid, rf in sorted(w.rules.regions.items()):
            self.region.addItem(f"{rf.name.get(self.lang)} ({rid})", rid)
        self.region.setCurrentIndex(max(self.region.findData(w.sheet.person.region), 0))
        form.addRow(tr("地区"), self.region)
        self.year = QSpinBox()
        self.year.setObjectName("batchYear")
        self.year.setRange(1990, 2100)
        self.year.setValue(min(max(w.sheet.person.year, 1990), 2100))
        form.addRow(tr("年度"), self.year)
        self.claims = QLineEdit()
        self.claims.setObjectName("batchClaims")
        form.addRow(tr("理赔文件"), self._with_browse(self.claims, self._browse_claims))
        self.compare = QLineEdit()
        self.compare.setObjectName("batchCompare")
        self.compare.setPlaceholderText(tr("可选：候选规则文件所在文件夹"))
        form.addRow(tr("对比规则文件夹"), self._with_browse(self.compare, self._browse_compare))

        self.message = QLabel()
        self.message.setObjectName("batchMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.run_button = QPushButton(tr("开始测算"))
        self.run_button.setObjectName("batchRun")
        self.run_button.clicked.connect(self.start)
        self.save_persons = QPushButton(tr("保存人员明细…"))
        self.save_persons.setObjectName("batchSavePersons")
        self.save_persons.clicked.connect(self._save_persons_dialog)
        self.save_errors = QPushButton(tr("保存未能读取的行…"))
        self.save_errors.setObjectName("batchSaveErrors")
        self.save_errors.clicked.connect(self._save_errors_dialog)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.reject)
        for b in (self.save_persons, self.save_errors, close):
            b.setAutoDefault(False)
        self.run_button.setDefault(True)  # Enter in a field runs the batch (not the first 浏览… button)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.save_persons, self.save_errors):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self._set_result(None)
        self.resize(640, 360)

    def _with_browse(self, edit: QLineEdit, slot) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton(tr("浏览…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _browse_claims(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("选择理赔文件"), self.claims.text(),
                                              tr("表格文件 (*.xlsx *.csv);;所有文件 (*)"))
        if name:
            self.claims.setText(name)

    def _browse_compare(self) -> None:
        name = QFileDialog.getExistingDirectory(self, tr("选择候选规则文件夹"), self.compare.text())
        if name:
            self.compare.setText(name)

    # --- running ----------------------------------------------------------------------------
    def _regions(self) -> list | None:
        """The rule files to settle under (the window's, and the candidate's), or None with a message."""
        from app.core.batch import rule_file_from
        from app.core.rules.loader import load_rules

        rid = self.region.currentData()
        regions = [self.window_.rules.regions[rid]]
        folder = self.compare.text().strip()
        if folder:
            rules = load_rules([folder])
            candidate = rule_file_from(rules, rid, Path(folder))
            if candidate is None:
                self._fail(tr("文件夹 %1 中没有可用的 %2 规则文件").replace("%1", folder).replace("%2", rid)
                           + "".join(f"\n{e}" for e in rules.errors))
                return None
            regions.append(candidate)
        return regions

    def _parameters(self) -> dict[str, Decimal]:
        """The case header's region parameters, when the batch is for the case's region."""
        from app.core.money import MoneyError, parse_number

        person = self.window_.sheet.person
        if person.region != self.region.currentData():
            return {}
        out = {}
        for name, text in person.parameters.items():
            try:
                if text.strip():
                    out[name] = parse_number(text, field=name)
            except MoneyError:
                continue  # the header shows that field red; the batch says what the region needs
        return out

    def start(self) -> bool:
        """Start the worker thread; False (with the reason shown) when the input is not usable."""
        if self.thread is not None:
            return False
        path = Path(self.claims.text().strip())
        if not self.claims.text().strip() or not path.is_file():
            self._fail(tr("请选择理赔文件（CSV 或 XLSX）"))
            return False
        regions = self._regions()
        if regions is None:
            return False
        self._set_result(None)
        self.message.setText(tr("正在测算…"))
        self.worker = BatchWorker(path, regions, self.year.value(), self._parameters())
        self.thread = QThread(self)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.progress = QProgressDialog(tr("正在测算…"), tr("取消"), 0, 1000, self)
        self.progress.setObjectName("batchProgress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.run_button.setEnabled(False)
        self.thread.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setValue(1000 * done // max(total, 1))
            self.progress.setLabelText(tr("正在测算… %1 / %2 行").replace("%1", f"{done:,}").replace("%2", f"{total:,}"))

    def _finish(self) -> None:
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()
            self.thread.deleteLater()
        self.thread = None
        self.worker = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.run_button.setEnabled(True)

    def _done(self, results) -> None:
        self._finish()
        if results is None:
            self.message.setText(tr("已取消，未保存任何结果。"))
            return
        self._set_result(results)

    def _failed(self, reason: str) -> None:
        self._finish()
        self._fail(tr("无法测算：%1").replace("%1", reason))

    def _fail(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)

    def _set_result(self, results) -> None:
        from app.core.batch import delta, summary

        self.results = results
        self.summaries = [summary(r) for r in results] if results else []
        self.save_persons.setEnabled(bool(results))
        self.save_errors.setEnabled(bool(results) and any(r.refused for r in results))
        self.message.setStyleSheet("")
        if not results:
            self.message.setText("")
            return
        lines = [self._block(self.summaries[0])]
        if len(self.summaries) > 1:
            d = delta(*self.summaries)
            lines.append(tr("候选规则：") + self._block(self.summaries[1]))
            lines.append(tr("差额（候选 − 现行）：统筹支付 %1，达到年度限额 %2 人，起付标准已满 %3 人")
                         .replace("%1", _grouped(d["totals"]["fund"])).replace("%2", f"{d['persons_at_cap']:+d}")
                         .replace("%3", f"{d['persons_deductible_met']:+d}"))
        self.message.setText("\n\n".join(lines))

    def _block(self, s: dict) -> str:
        t = s["totals"]
        tiers = {t_.id: t_.label.get(self.lang) for t_ in self.window_.rules.regions[self.region.currentData()].tiers}
        by_tier = ", ".join(f"{tiers.get(k, k)} {_grouped(v)}" for k, v in s["fund_by_tier"].items())
        return "\n".join([
            tr("人员 %1，就诊 %2，未能读取的行 %3").replace("%1", f"{s['persons']:,}")
            .replace("%2", f"{s['visits']:,}").replace("%3", f"{s['rows_refused']:,}"),
            tr("总费用 %1，政策范围内 %2，统筹支付 %3，个人负担 %4").replace("%1", _grouped(t["total"]))
            .replace("%2", _grouped(t["policy_scope"])).replace("%3", _grouped(t["fund"]))
            .replace("%4", _grouped(t["self_pay"])),
            tr("分等级统筹支付：%1").replace("%1", by_tier),
            tr("达到年度限额 %1 人，起付标准已满 %2 人").replace("%1", f"{s['persons_at_cap']:,}")
            .replace("%2", f"{s['persons_deductible_met']:,}"),
        ])

    # --- saving -----------------------------------------------------------------------------
    def save_persons_to(self, path: Path) -> None:
        from app.core.batch import persons_rows

        self._write(path, persons_rows(self.results[0], self.results[1] if len(self.results) > 1 else None))

    def save_errors_to(self, path: Path) -> None:
        from app.core.batch import errors_rows

        self._write(path, errors_rows(self.results))

    def _write(self, path: Path, rows: list[list[str]]) -> None:
        from app.core.batch import write_rows

        try:
            write_rows(path, rows)
        except OSError as exc:
            self._fail(tr("无法保存 %1：%2").replace("%1", str(path)).replace("%2", str(exc.strerror or exc)))

    def _save_persons_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("保存人员明细"), "persons.csv", tr("CSV 文件 (*.csv)"))
        if name:
            self.save_persons_to(Path(name))

    def _save_errors_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("保存未能读取的行"), "errors.csv", tr("CSV 文件 (*.csv)"))
        if name:
            self.save_errors_to(Path(name))

    def reject(self) -> None:  # closing while it runs: cancel and wait for the partition in hand
        if self.worker is not None:
            self.worker.cancel()
            if self.thread is not None:
                self.thread.quit()
                self.thread.wait()
        super().reject()
