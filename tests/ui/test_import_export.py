"""Import and export from the window's File menu: the preview dialog, one undo step, the year
switch, unreadable files, and export → import giving back the same table.

File dialogs and the preview's exec() are replaced (conftest fails on any unexpected dialog).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.core.exchange import import_file
from app.ui import file_actions
from app.ui.import_dialog import ImportDialog
from app.ui.main_window import sample_case_path
from app.ui.visits_model import COLUMN_INDEX

MIXED = (
    "日期,医疗机构等级,总费用,全自费,定点\n"  # 1
    "2023/1/5,一级及以下,1000,,是\n"  # 2 good: (1000 − 600) × 60% = 240.00
    "2023-13-01,一级及以下,100,,是\n"  # 3 no 13th month
    "2023-02-02,二级,12o,,是\n"  # 4 letter o in the amount
    "2023-02-04,二级,100,,也许\n"  # 5 not yes/no
    "2023-03-01,三级,400,,是\n"  # 6 good: 400 × 50% = 200.00
)


def set_new_case(w, region: str, year: int, category: str = "employed") -> None:
    w.new_case()
    h = w.header
    h.region.setCurrentIndex(h.region.findData(region))
    h.year.setValue(year)
    h.category.setCurrentIndex(h.category.findData(category))
    assert (w.sheet.person.region, w.sheet.person.year) == (region, year)


def visits(w):
    return [r for r in w.sheet.rows if not r.is_blank()]


@pytest.fixture
def answer_import(monkeypatch):
    """Open *path* from File → Import; the preview is inspected by *check* and accepted (or not)."""
    seen: list[ImportDialog] = []

    def run(w, path: Path, check=None, accept: bool = True):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

        def exec_(dialog):
            seen.append(dialog)
            if check:
                check(dialog)
            return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

        monkeypatch.setattr(ImportDialog, "exec", exec_)
        w.act_import.trigger()
        return seen[-1] if seen else None

    return run


def test_import_lists_each_bad_line_and_imports_the_rest_in_one_undo_step(make_window, tmp_path, answer_import):
    w = make_window()
    set_new_case(w, "jiangxi", 2023)
    undo_before = w.undo.count()
    path = tmp_path / "去年.csv"
    path.write_text(MIXED, encoding="utf-8-sig")

    def check(d):
        assert d.bad_lines()[0][0] == 3 and [line for line, _ in d.bad_lines()] == [3, 4, 5]
        reasons = dict(d.bad_lines())
        assert reasons[3].startswith("日期：") and "2023-13-01" in reasons[3]
        assert reasons[4].startswith("总费用：") and "12o" in reasons[4]
        assert "也许" in reasons[5] and "请在文件中修改" in reasons[5]
        assert "可导入 2 条就诊记录" in d.summary.text() and "3 行有错误" in d.summary.text()
        assert not d.year_box.isVisible()  # the dates are in the case's year

    answer_import(w, path, check)
    assert [(r.date, r.tier, r.total) for r in visits(w)] == [("2023-01-05", "level1", "1000"),
                                                               ("2023-03-01", "level3", "400")]
    # 240.00 + 200.00 = 440.00; cap 1800 → remaining 1360.00
    assert w.summary.fund_value.text() == "440.00 / 1,800.00"
    assert w.summary.remaining_value.text() == "1,360.00"
    assert w.undo.count() == undo_before + 1
    assert "已从 去年.csv 导入 2 条就诊记录；3 行有错误未导入" in w.statusBar().currentMessage()
    w.undo.undo()
    assert visits(w) == []


def test_bad_rows_can_come_in_as_typed_and_flagged(make_window, tmp_path, answer_import):
    w = make_window()
    set_new_case(w, "jiangxi", 2023)
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")

    def keep(d):
        assert d.keep_bad.isVisibleTo(d)
        assert d.buttons.button(d.buttons.StandardButton.Ok).text() == "导入 2 条"
        d.keep_bad.setChecked(True)
        assert d.buttons.button(d.buttons.StandardButton.Ok).text() == "导入 4 条"  # the flag row cannot be kept

    answer_import(w, path, keep)
    assert [r.total for r in visits(w)] == ["1000", "100", "12o", "400"]
    assert sorted(w.result.row_errors) == [1, 2]  # shaded red, the reason in the tooltip
    assert w.model.index(2, COLUMN_INDEX["total"]).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert w.summary.fund_value.text() == "440.00 / 1,800.00"


def test_last_years_file_into_an_empty_case_switches_the_year(make_window, tmp_path, answer_import):
    w = make_window()
    set_new_case(w, "jiangxi", 2024)
    path = tmp_path / "2023.csv"
    path.write_text("date,tier,total\n2023-01-05,level1,1000\n2023-03-01,level3,400\n", encoding="utf-8")

    def check(d):
        assert d.year_box.isVisibleTo(d) and d.year_box.isChecked()
        assert "2023" in d.year_box.text() and "2024" in d.year_box.text()
        assert [r.line for r in d.preview.good] == [2, 3]
        d.year_box.setChecked(False)
        assert d.preview.good == [] and [r.error.code for r in d.preview.bad] == ["outside_year"] * 2
        d.year_box.setChecked(True)

    answer_import(w, path, check)
    assert w.sheet.person.year == 2023 and w.header.year.value() == 2023
    assert len(visits(w)) == 2
    assert w.summary.fund_value.text() == "440.00 / 1,800.00"
    w.undo.undo()  # one step takes back the rows and the year
    assert w.sheet.person.year == 2024 and visits(w) == []


def test_cancelled_import_changes_nothing(make_window, tmp_path, answer_import):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    before = list(w.sheet.rows)
    path = tmp_path / "x.csv"
    path.write_text("date,tier,total\n2026-01-05,level1,1000\n", encoding="utf-8")
    assert answer_import(w, path, accept=False) is not None
    assert w.sheet.rows == before and w.undo.count() == 0


@pytest.mark.parametrize("name, data, reason", [
    ("missing.csv", None, "无法读取文件"),
    ("pic.xlsx", b"\x89PNG\r\n\x1a\n", "不是可读取的 Excel 工作簿"),
    ("no-tier.csv", "日期,总费用\n2026-01-05,100\n".encode(), "缺少必需的列：医疗机构等级/tier"),
])
def test_a_file_that_cannot_be_imported_names_file_and_reason(make_window, tmp_path, monkeypatch, answer_import,
                                                              name, data, reason):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    before = list(w.sheet.rows)
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[1:3]))
    assert answer_import(w, path) is None  # no preview for a file that cannot be read
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "无法导入" and str(path) in text and reason in text and "当前案例未作改动" in text
    assert w.sheet.rows == before and w.undo.count() == 0


def test_export_from_the_menu_then_import_gives_the_same_table(make_window, tmp_path, monkeypatch, answer_import):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    w.model.setData(w.model.index(3, COLUMN_INDEX["self_funded"]), "12o")  # an invalid cell goes out as typed
    target = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), a[3].split(";;")[0]))
    w.act_export.trigger()
    path = tmp_path / "导出.xlsx"  # the suffix of the chosen type is added
    assert path.exists()
    rows = [r.row for r in import_file(path, w.model.region, 2026).rows]
    assert rows == visits(w)

    w2 = make_window()
    set_new_case(w2, "tongliao", 2026, "retired")
    answer_import(w2, path, lambda d: d.keep_bad.setChecked(True))
    assert visits(w2) == visits(w)
    assert w2.summary.fund_value.text() == w.summary.fund_value.text()
    # the sample's 2387.78 less v4 (605.00), whose self-funded cell is invalid → 1782.78
    assert w.summary.fund_value.text() == "1,782.78 / 5,000.00"


def test_english_export_headers(make_window, tmp_path):
    w = make_window("en")
    w.open_path(sample_case_path(), as_untitled=True)
    path = tmp_path / "visits.csv"
    assert file_actions.export_path(w, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Tier,Total,Self-funded,Class-B co-pay,Designated,Emergency,Family,Exclusion,"
                               "Policy scope,Deductible,Fund pays,Patient pays")
    assert lines[-1].startswith("Total,,5460.50,") and ",2387.78,3072.72," in lines[-1]


def test_export_to_a_place_that_cannot_be_written(make_window, tmp_path, monkeypatch):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[1:3]))
    assert not file_actions.export_path(w, blocker / "visits.xlsx")
    assert shown and shown[0][0] == "导出失败" and str(blocker / "visits.xlsx") in shown[0][1]


def test_the_preview_shows_how_each_good_line_was_read(make_window, tmp_path, answer_import):
    """Month-day in the case year, a tier alias, an amount with a thousands comma: each good line is
    listed as it will be stored (the date as YYYY-MM-DD, the tier by its name)."""
    w = make_window()
    set_new_case(w, "jiangxi", 2023)
    path = tmp_path / "forms.csv"
    path.write_text("日期,等级,总费用\n3-1,三甲,\"1,000\"\n2023年4月2日,1级,700\n", encoding="utf-8")

    def check(d):
        assert d.good_lines() == [("2", "2023-03-01", "三级", "1,000", "", ""),
                                  ("3", "2023-04-02", "一级及以下", "700", "", "")]
        assert d.good_table.isVisibleTo(d) and not d.bad_table.isVisibleTo(d)

    answer_import(w, path, check)
    assert [(r.date, r.tier) for r in w.sheet.rows] == [("2023-03-01", "level3"), ("2023-04-02", "level1")]
