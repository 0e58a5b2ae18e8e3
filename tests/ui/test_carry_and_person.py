"""The counter (issue 12): carry-in fields in the header (only those the region uses), the person's
name and ID number, typed key by key; the summary shows the carried line; the title and the
suggested file names carry the name; the slip masks the ID number unless set to print it whole."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from app.core.worksheet import load_worksheet, save_worksheet

from .keyboard import press, type_text
from .test_typing import choose, enter_visits, fund_text, new_case


def type_into(edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    type_text(edit, text)
    press(edit, Qt.Key.Key_Tab)


def test_only_the_regions_carry_fields_are_shown(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    assert list(w.header.carry_edits) == ["deductible_met", "fund_paid"]
    choose(w.header.region, "jincheng")
    assert list(w.header.carry_edits) == ["fund_paid"]
    choose(w.header.region, "beijing")
    assert list(w.header.carry_edits) == ["deductible_met", "fund_paid", "above_deductible"]


def test_carry_in_typed_settles_from_the_carried_state(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "tongliao", 2023)
    type_into(w.header.carry_edits["deductible_met"], "800")
    type_into(w.header.carry_edits["fund_paid"], "3500")
    assert w.sheet.person.carry == {"deductible_met": "800", "fund_paid": "3500"}
    enter_visits(w, "2023-03-01", "二级", "500")
    # 200 of the deductible left; (500 − 200) × 60 % = 180.00; the year: 3,500 carried + 180 of 4,000
    assert fund_text(w) == "3,500.00 + 180.00 / 4,000.00"
    assert w.summary.carried_value.text() == "起付标准 800.00；统筹基金 3,500.00"
    assert w.summary.remaining_value.text() == "320.00"  # 4000 − 3500 − 180
    # above the cap: refused with the reason, the field red
    type_into(w.header.carry_edits["fund_paid"], "4000.01")
    assert "background:#fde2e1" in w.header.carry_edits["fund_paid"].styleSheet()
    assert "4000.00" in w.summary.error.text()
    press(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step
    assert w.sheet.person.carry["fund_paid"] == "3500"


def test_person_name_and_id_saved_title_and_slip(qtbot, make_window, tmp_path):
    w = make_window()
    new_case(qtbot, w, "jiangxi", 2023)
    type_into(w.header.person_name, "张三")
    type_into(w.header.id_number, "320102199001011234")
    assert (w.sheet.person.name, w.sheet.person.id_number) == ("张三", "320102199001011234")
    assert "张三" in w.windowTitle()
    from app.ui.file_actions import _base_name, current_slip

    assert _base_name(w) == "张三 2023"
    enter_visits(w, "2023-03-01", "一级", "700")
    slip = current_slip(w).text()
    assert "证件号码: 320102********1234" in slip and "320102199001011234" not in slip
    w.act_full_id.trigger()  # the setting: print it whole
    assert "证件号码: 320102199001011234" in current_slip(w).text()
    path = tmp_path / "c.mzcase"
    save_worksheet(w.sheet, path)
    person = json.loads(path.read_text(encoding="utf-8"))["person"]
    assert (person["name"], person["id_number"]) == ("张三", "320102199001011234")
    assert load_worksheet(path).person.name == "张三"


def test_the_chart_starts_from_the_carried_amounts(qtbot, make_window):
    w = make_window()
    new_case(qtbot, w, "jiangxi", 2023)
    type_into(w.header.carry_edits["deductible_met"], "600")
    type_into(w.header.carry_edits["fund_paid"], "1000")
    enter_visits(w, "2023-05-01", "一级", "500")
    w.act_chart.trigger()  # the chart is drawn when shown
    # 1 January: 1,000 carried; after 05-01: 1,000 + 500 × 60 % = 1,300
    ys = [p.y() for p in w.chart.fund_series.points()]
    assert ys[0] == 1000.0 and ys[-1] == 1300.0
    assert [p.y() for p in w.chart.deductible_series.points()][0] == 600.0


def test_a_year_without_rules_says_so_in_the_summary(qtbot, make_window):
    # Jiangxi's rules start 2023-01-01: in 2022 none is in force, nothing is paid, and there is no
    # deductible or cap to show — "no cap set" (不设限额) would read as if the fund paid without limit
    w = make_window()
    new_case(qtbot, w, "jiangxi", 2022)
    enter_visits(w, "2022-03-01", "一级", "500")
    s = w.summary
    assert s.remaining_value.text() == "无有效规则" and s.deductible_value.text() == "—"
    assert s.fund_value.text() == "0.00"
    assert "#6b6b6b" in s.remaining_value.styleSheet()  # grey, not the green of money left
    # the year typed again, 2023: the rules in force, the deductible and cap back
    w.header.year.setFocus()
    w.header.year.selectAll()
    type_text(w.header.year, "2023")
    press(w.header.year, Qt.Key.Key_Tab)
    assert s.remaining_value.text() != "无有效规则" and s.deductible_value.text().endswith("/ 600.00")
    assert "#0b6b3a" in s.remaining_value.styleSheet()
