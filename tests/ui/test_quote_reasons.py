"""The next-visit panel says why a tier's fund is 0.00, from what the settlement recorded."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.core.case import Case, Person, Visit
from app.core.engine import settle
from app.ui.panels import zero_reason

from .test_window import new_case


def quote_rows(w) -> dict[str, tuple[str, str | None]]:
    """Per tier: the fund figure, and the reason shown beside it (None when no reason is visible)."""
    out = {}
    for tier_id, (_name, fund, _pay, _ratio) in w.quote.cells.items():
        reason = w.quote.reasons[tier_id]
        out[tier_id] = (fund.text(), reason.text() if reason.isVisibleTo(w.quote) else None)
    return out


def type_quote_amount(qtbot, w, text: str) -> None:
    box = w.quote.amount
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)
    assert box.text() == text


def paste_rows(qtbot, w, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_deductible_left_before_the_visit(qtbot, make_window):
    w = make_window()
    new_case(w, "tongliao", 2023)  # annual deductible 1000, employed 60 % / 60 % / 50 %
    left_1000 = ("0.00", "起付标准尚余 1,000.00 元")
    assert quote_rows(w) == {"level1": left_1000, "level2": left_1000, "level3": left_1000}
    paste_rows(qtbot, w, "2023-02-01\tlevel2\t600\n")  # 600 of the deductible met
    # a 500 visit now: 400 deductible, 100 × 60 % = 60.00 (level3 50 % = 50.00): no reason
    assert quote_rows(w) == {"level1": ("60.00", None), "level2": ("60.00", None), "level3": ("50.00", None)}
    type_quote_amount(qtbot, w, "300")  # all of it within the 400 left
    left_400 = ("0.00", "起付标准尚余 400.00 元")
    assert quote_rows(w) == {"level1": left_400, "level2": left_400, "level3": left_400}


def test_annual_cap_used_up(qtbot, make_window):
    w = make_window()
    new_case(w, "tongliao", 2023)
    paste_rows(qtbot, w, "2023-03-01\tlevel3\t20000\n")  # (20000 − 1000) × 50 % = 9500 > cap 4000
    assert w.summary.remaining_value.text() == "0.00"
    used_up = ("0.00", "年度限额已用完")
    assert quote_rows(w) == {"level1": used_up, "level2": used_up, "level3": used_up}
    assert w.quote.cells["level1"][1].toolTip() == "年度限额已用完"


def test_no_rule_in_force_on_the_quote_date(qtbot, make_window):
    w = make_window()
    new_case(w, "tongliao", 2022)  # Tongliao's rules start 2022-10-01; with no visits the quote is for 1 January
    assert "2022-01-01" in w.quote.hint.text()
    none = ("0.00", "该日无有效规则")
    assert quote_rows(w) == {"level1": none, "level2": none, "level3": none}


def test_per_visit_deductible_names_the_tier_standard(qtbot, make_window):
    w = make_window()
    new_case(w, "jincheng", 2023)  # per visit: class1 80, class2 50, class3 30; employed 50/55/60 %
    type_quote_amount(qtbot, w, "40")
    rows = quote_rows(w)
    assert rows["class1"] == ("0.00", "未超过按次起付标准 80.00 元")
    assert rows["class2"] == ("0.00", "未超过按次起付标准 50.00 元")
    assert rows["class3"] == ("6.00", None)  # (40 − 30) × 60 %


def test_reasons_in_english(qtbot, make_window):
    w = make_window("en")
    new_case(w, "tongliao", 2023)
    assert quote_rows(w)["level1"] == ("0.00", "deductible left 1,000.00")
    paste_rows(qtbot, w, "2023-03-01\tlevel3\t20000\n")
    assert quote_rows(w)["level2"] == ("0.00", "annual cap used up")
    w.act_zh.trigger()  # the reason follows a language switch
    assert quote_rows(w)["level2"] == ("0.00", "年度限额已用完")


def test_reasons_of_excluded_visits(rules):
    """Visits the engine excludes carry their reason too (the quote's probe visit is never one of them)."""
    region = rules.regions["jincheng"]
    day = date(2023, 3, 1)
    visits = (
        Visit(date=day, tier="class1", total="200", designated=False),
        Visit(date=day, tier="class1", total="200", patient="family"),
        Visit(date=day, tier="class1", total="200", exclusion="work_injury"),
        Visit(date=day, tier="class1", total="0"),
        Visit(date=day, tier="class1", total="200"),
    )
    est = settle(Case(person=Person(region="jincheng", year=2023, category="employed"), visits=visits), region)
    by_index = est.by_index()
    assert [zero_reason(by_index[i], "zh") for i in range(5)] == [
        "非定点机构不予支付", "家属就诊不由统筹基金支付", "不予支付：应当从工伤保险基金中支付", "无政策范围内费用", None]
