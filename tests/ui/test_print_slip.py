"""The estimate slip printed offscreen: PDF (A4, CJK font embedded) read back with pdftotext,
the print and print-preview paths, and a case that cannot be estimated.

pdftotext (poppler-utils) is installed by .ci/run.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QMessageBox

from app.core.worksheet import Row
from app.ui import file_actions
from app.ui.main_window import sample_case_path
from app.ui.slip import cjk_font_family

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (poppler-utils) is not installed; .ci/run installs it")


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def set_new_case(w, region: str, year: int, category: str = "employed") -> None:
    w.new_case()
    h = w.header
    h.region.setCurrentIndex(h.region.findData(region))
    h.year.setValue(year)
    h.category.setCurrentIndex(h.category.findData(category))


def test_a_cjk_font_is_found(qapp):
    family = cjk_font_family()
    assert family, "no font with Chinese glyphs: install fonts-noto-cjk (Linux) or bundle one in resources/fonts"


@needs_poppler
def test_pdf_of_the_sample_case_has_the_totals_and_the_region(make_window, tmp_path):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    path = tmp_path / "测算单 一.pdf"
    assert file_actions.export_pdf(w, path)
    raw = pdf_text(path, "-raw")
    lines = raw.splitlines()
    assert "职工医保普通门诊统筹报销测算单" in raw
    assert "统筹地区 通辽市" in raw
    assert "2022-10-01 起施行的规则，依据：通辽市职工基本医疗保险门诊共济保障机制实施细则" in raw
    assert "tongliao-2022-10" not in raw  # people read titles and dates, not the rule file's ids
    # every visit with fund / patient share, e.g. v2 level3: scope 785.50, deductible 680, fund 58.03, patient 802.47
    assert "2 2026-02-15 三级 860.50 785.50 680.00 58.03 802.47 本次达到起付标准" in lines
    # totals (hand arithmetic in tests/ui/test_window.py): total 5460.50, scope 5100.50, deductible 1000,
    # fund 2387.78, patient 5460.50 − 2387.78 = 3072.72
    assert "合计 5,460.50 5,100.50 1,000.00 2,387.78 3,072.72" in lines
    assert "剩余额度 2,612.22" in lines  # 5000 − 2387.78
    assert "年度最高支付限额 5,000.00" in lines
    assert "起付标准已累计 1,000.00 / 1,000.00" in lines
    for tier_line in ("一级及以下 234.00", "二级 627.25", "三级 1,526.53"):
        assert tier_line in lines
    assert "本单为测算结果，不是结算单。" in raw
    # the text layer says what the page shows: 门 and 户, not the radical ⻔ (U+2ED4) or the variant 戶
    assert "门诊" in raw and "个人账户" in raw and "\u2ed4" not in raw and "戶" not in raw
    fonts = pdf_fonts(path)
    assert fonts and all(f[-5] == "yes" for f in fonts), fonts  # every font embedded: no empty boxes
    info = pdf_info(path)
    assert info["Page size"].endswith("(A4)") and info["Pages"] == "1"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # the temporary file was renamed


@needs_poppler
def test_unverified_rules_warning_and_english_slip(make_window, tmp_path):
    w = make_window("en")
    set_new_case(w, "beijing", 2023)
    w.model.insert_rows_undoable(0, [Row("2023-03-01", "community", "2800")], "add")
    path = tmp_path / "beijing.pdf"
    assert file_actions.export_pdf(w, path)
    text = " ".join(pdf_text(path).split())
    assert "Caution: this region's rules are not verified" in text
    assert "Beijing" in text
    # employed, community: (2800 − 1800) × 90% = 900.00; no annual cap
    assert "Fund paid 900.00" in text and "Remaining allowance no cap" in text
    assert "This is an estimate, not a settlement." in text


@needs_poppler
def test_a_long_year_breaks_over_pages_with_numbers(make_window, tmp_path):
    w = make_window()
    set_new_case(w, "jiangxi", 2023)
    rows = [Row(f"2023-{m:02d}-{d:02d}", "level2", "100") for m in range(1, 13) for d in (3, 10, 17, 24)]
    w.model.insert_rows_undoable(0, rows, "add")
    path = tmp_path / "long.pdf"
    assert file_actions.export_pdf(w, path)
    pages = int(pdf_info(path)["Pages"])
    assert pages >= 2
    text = pdf_text(path, "-raw")
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text
    # 48 visits × 100 = 4800; deductible 600; (4800 − 600) × 55% = 2310.00 > cap 1800 → 1800.00
    assert "合计 4,800.00 4,800.00 600.00 1,800.00 3,000.00" in text.splitlines()
    assert text.count("序号") == pages  # the table header repeats on every page


@needs_poppler
def test_print_and_print_preview_paint_the_slip(make_window, tmp_path, monkeypatch):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    printed = tmp_path / "printer.pdf"

    def print_exec(dialog):
        p = dialog.printer()
        assert p.pageLayout().pageSize().id() == p.pageLayout().pageSize().PageSizeId.A4
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_exec)
    w.act_print.trigger()
    assert "合计 5,460.50 5,100.50 1,000.00 2,387.78 3,072.72" in pdf_text(printed, "-raw").splitlines()

    previewed = tmp_path / "preview.pdf"

    def preview_exec(dialog):
        p = dialog.printer()
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(previewed))
        dialog.paintRequested.emit(p)  # what the preview widget does to draw its pages
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", preview_exec)
    w.act_preview.trigger()
    assert "剩余额度 2,612.22" in pdf_text(previewed, "-raw").splitlines()


def test_pdf_action_on_a_case_that_cannot_be_estimated(make_window, tmp_path, monkeypatch):
    w = make_window()
    set_new_case(w, "jiangsu", 2023)  # needs the 2021 average wage: nothing settles
    assert w.result.estimate is None
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[1:3]))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: pytest.fail("no file dialog for a slip that cannot be made"))
    w.act_pdf.trigger()
    assert len(shown) == 1 and shown[0][0] == "无法生成测算单"
    assert list(tmp_path.glob("*.pdf")) == []


def test_pdf_to_a_folder_that_does_not_take_it(make_window, tmp_path, monkeypatch):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[1:3]))
    assert not file_actions.export_pdf(w, blocker / "slip.pdf")  # a file where a folder should be
    assert len(shown) == 1 and str(blocker / "slip.pdf") in shown[0][1]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_from_the_command_line(tmp_path):
    import os
    import sys

    out = tmp_path / "slip.pdf"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "app", "--pdf", str(out)], cwd=root, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    # the sample case: fund 2,387.78, remaining 5000 − 2387.78 = 2,612.22
    assert "通辽市" in text and "2,387.78" in text and "2,612.22" in text
    bad = subprocess.run([sys.executable, "-m", "app", "--pdf", str(out), str(tmp_path / "missing.mzcase")],
                         cwd=root, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert bad.returncode == 2 and "missing.mzcase" in bad.stderr
