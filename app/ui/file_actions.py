"""The window's import, export and printing commands (File menu), kept out of main_window.py.

Each takes the window holding the case (``CaseWindow``); a file that cannot be read or written gives a
message naming the file and the reason, and leaves the case unchanged.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.core.exchange import preview_import, read_table, write_export
from app.core.tables import ImportFileError
from app.core.slip import Slip, build_slip, slip_html, summary_rows
from app.core.worksheet import suggested_stem

from .import_dialog import ImportDialog
from .slip import new_printer, paint_document, slip_document, write_pdf
from .visits_model import COLUMN_INDEX
from .i18n import translator

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from .case_window import CaseWindow

CONTEXT = "FileActions"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)


def _start_dir(w: "CaseWindow") -> Path:
    return w.path.parent if w.path else Path(str(w.settings.value("lastDir", str(Path.home()))))


def _base_name(w: "CaseWindow") -> str:
    """The open file's name; for a new case the person's name and the year (张三 2023), else 案例."""
    return w.path.stem if w.path else (suggested_stem(w.sheet.person) or tr("案例"))


# --- import ---------------------------------------------------------------------------------
def import_dialog(w: "CaseWindow") -> bool:
    name, _ = QFileDialog.getOpenFileName(
        w, tr("导入就诊记录"), str(_start_dir(w)),
        tr("表格文件 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv);;所有文件 (*)"))
    return import_path(w, Path(name)) if name else False


def import_path(w: "CaseWindow", path: Path) -> bool:
    """Preview *path*, then insert the chosen rows as one undo step. False when nothing was imported."""
    region = w.rules.regions.get(w.sheet.person.region)
    try:
        table = read_table(path)
        preview_import(table, region, w.sheet.person.year, path)  # the header is checked before the dialog
    except ImportFileError as exc:
        QMessageBox.critical(w, tr("无法导入"), tr("无法导入 %1，当前案例未作改动。").replace("%1", str(path))
                             + "\n\n" + exc.text(w.lang))
        w.show_status(f"{path}: {exc.text(w.lang)}", 10000)
        return False
    case_is_empty = all(r.is_blank() for r in w.sheet.rows)
    dialog = ImportDialog(str(path), lambda year: preview_import(table, region, year, path),
                          w.sheet.person.year, w.lang, case_is_empty, w, region=region)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    rows = dialog.rows()
    if not rows:
        return False
    year = dialog.year()
    n_bad = len(dialog.preview.bad)
    text = tr("导入 %1 条就诊记录").replace("%1", str(len(rows)))
    w.undo.beginMacro(text)
    try:
        if year != w.sheet.person.year:
            fields = w.sheet.person.copy()
            fields.year = year
            w.edit_header("year", fields)
        position = len(w.sheet.rows)
        if w.sheet.rows and w.sheet.rows[-1].is_blank():
            position -= 1  # before the empty row Enter made
        w.model.insert_rows_undoable(position, rows, text)
    finally:
        w.undo.endMacro()
    w.view.setCurrentIndex(w.model.index(position, COLUMN_INDEX["date"]))
    message = tr("已从 %1 导入 %2 条就诊记录").replace("%1", path.name).replace("%2", str(len(rows)))
    skipped = n_bad - (len(rows) - len(dialog.preview.good))
    if skipped:
        message += tr("；%1 行有错误未导入").replace("%1", str(skipped))
    w.show_status(message, 10000)
    w.settings.setValue("lastDir", str(path.parent))
    return True


# --- export ---------------------------------------------------------------------------------
def export_dialog(w: "CaseWindow") -> bool:
    xlsx, csv = tr("Excel 工作簿 (*.xlsx)"), tr("CSV 文件，UTF-8 (*.csv)")
    start = _start_dir(w) / (_base_name(w) + ".xlsx")
    name, chosen = QFileDialog.getSaveFileName(w, tr("导出就诊记录和测算结果"), str(start), f"{xlsx};;{csv}")
    if not name:
        return False
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + (".csv" if chosen == csv else ".xlsx"))
    return export_path(w, path)


def export_path(w: "CaseWindow", path: Path) -> bool:
    region = w.rules.regions.get(w.sheet.person.region)
    slip = current_slip(w, quiet=True)
    try:
        write_export(path, w.sheet, w.result, region, w.lang, summary_rows(slip) if slip else None)
    except OSError as exc:
        QMessageBox.critical(w, tr("导出失败"), tr("无法写入 %1：").replace("%1", str(path))
                             + f"\n{exc.strerror or exc}")
        return False
    w.settings.setValue("lastDir", str(path.parent))
    w.show_status(tr("已导出到 %1").replace("%1", str(path)), 8000)
    return True


# --- the slip -------------------------------------------------------------------------------
def current_slip(w: "CaseWindow", *, quiet: bool = False, printed: date | None = None) -> Slip | None:
    est = w.result.estimate if w.result else None
    if est is None:
        if not quiet:
            reason = (w.result.case_error_text(w.lang) or "") if w.result else ""
            QMessageBox.warning(w, tr("无法生成测算单"), tr("案例信息不完整，无法测算：") + "\n" + reason)
        return None
    skipped = tuple(i + 1 for i, r in enumerate(w.sheet.rows) if not r.is_blank() and i not in w.result.by_row)
    person = w.sheet.person
    return build_slip(est, lang=w.lang, printed=printed, title=person.title, skipped_rows=skipped,
                      person_name=person.name, id_number=person.id_number, full_id=w.slip_full_id(),
                      reconciliation=w.result.reconciliation)


def _slip_title(w: "CaseWindow") -> str:
    return tr("测算单") + " " + _base_name(w)


def _slip_job(w: "CaseWindow") -> tuple[QTextDocument, QPrinter] | None:
    """The slip of the open case laid out, and a printer set up for it; None (after a message) if it cannot be."""
    slip = current_slip(w)
    if slip is None:
        return None
    return slip_document(slip_html(slip)), new_printer(_slip_title(w))


def print_preview(w: "CaseWindow") -> None:
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    job = _slip_job(w)
    if job is None:
        return
    doc, printer = job
    dialog = QPrintPreviewDialog(printer, w)
    dialog.setWindowTitle(tr("打印预览 — 测算单"))
    dialog.paintRequested.connect(lambda printer: paint_document(doc, printer))
    dialog.resize(900, 1000)
    dialog.exec()


def print_slip(w: "CaseWindow") -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    job = _slip_job(w)
    if job is None:
        return
    doc, printer = job
    dialog = QPrintDialog(printer, w)
    dialog.setWindowTitle(tr("打印测算单"))
    if dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            paint_document(doc, printer)
        except OSError as exc:
            QMessageBox.critical(w, tr("打印失败"), str(exc))
            return
        w.show_status(tr("测算单已发送到打印机"), 5000)


def export_pdf_dialog(w: "CaseWindow") -> bool:
    if current_slip(w) is None:
        return False
    start = _start_dir(w) / (_base_name(w) + " " + tr("测算单") + ".pdf")
    name, _ = QFileDialog.getSaveFileName(w, tr("导出测算单 PDF"), str(start), tr("PDF 文件 (*.pdf)"))
    if not name:
        return False
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    return export_pdf(w, path)


def write_slip_pdf(w: "CaseWindow", slip: Slip, path: Path) -> None:
    """*slip* as an A4 PDF at *path* (atomically); raises ``OSError`` when it cannot be written."""
    write_pdf(slip_document(slip_html(slip)), path, _slip_title(w))


def export_pdf(w: "CaseWindow", path: Path) -> bool:
    slip = current_slip(w)
    if slip is None:
        return False
    try:
        write_slip_pdf(w, slip, path)
    except OSError as exc:
        QMessageBox.critical(w, tr("导出失败"), tr("无法写入 %1：").replace("%1", str(path))
                             + f"\n{exc.strerror or exc}")
        return False
    w.settings.setValue("lastDir", str(path.parent))
    w.show_status(tr("测算单已保存为 %1").replace("%1", str(path)), 8000)
    return True

