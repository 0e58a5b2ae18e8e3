"""The year at a glance: the chart's series are the engine's running totals, and follow the table."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDateTime

from app.core.worksheet import Row
from app.ui.main_window import sample_case_path
from app.ui.visits_model import COLUMN_INDEX


def cents(values) -> list[Decimal]:
    return [Decimal(repr(v)).quantize(Decimal("0.01")) for v in values]


def day_of(x: float) -> date:
    return QDateTime.fromMSecsSinceEpoch(int(x)).date().toPython()


def show_chart(w):
    w.act_chart.trigger()
    assert w.lower_tabs.currentWidget() is w.chart_page and w.chart.isVisible()
    assert w.chart.parent() is w.chart_page


# Sample case (Tongliao, retired, 2026), hand arithmetic as in test_window.py: the fund after each visit
#  0, +58.03, +97.50, +605.00, +299.00, +136.50, +863.50, +328.25
SAMPLE_FUND = ["0.00", "58.03", "155.53", "760.53", "1059.53", "1196.03", "2059.53", "2387.78"]
# the deductible (1000 a year): 320 at the first visit, the remaining 680 at the second
SAMPLE_DEDUCTIBLE = ["320.00"] + ["1000.00"] * 7


def test_series_equal_the_engines_cumulative_totals(make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    show_chart(w)
    c = w.chart
    est = w.result.estimate
    assert cents(c.fund_values()) == [Decimal(x) for x in SAMPLE_FUND]
    assert cents(c.fund_values()) == [r.fund_paid_after for r in est.lines]
    heights = [p.y() for p in c.deductible_series.points()][2:-1:2]
    assert cents(heights) == [Decimal(x) for x in SAMPLE_DEDUCTIBLE]
    assert cents(heights) == [r.deductible_met_after for r in est.lines]
    # each step sits on its visit's date, from 1 January to the year's end
    pts = c.fund_series.points()
    assert day_of(pts[0].x()) == date(2026, 1, 1) and day_of(pts[-1].x()) == date(2027, 1, 1)
    assert [day_of(p.x()) for p in pts[1:-1:2]] == [r.visit.date for r in est.lines]
    # the annual cap (retired 5000) and the annual deductible (1000) as flat lines across the year
    assert {p.y() for p in c.cap_series.points()} == {5000.0}
    assert {p.y() for p in c.deductible_line.points()} == {1000.0}
    # by tier: level1 97.50 + 136.50 = 234.00; level2 299 + 328.25 = 627.25; level3 58.03 + 605 + 863.50 = 1526.53
    assert {k: Decimal(repr(v)).quantize(Decimal("0.01")) for k, v in c.tier_values().items()} == {
        "level1": Decimal("234.00"), "level2": Decimal("627.25"), "level3": Decimal("1526.53")}
    assert c.tier_axis.categories() == ["一级及以下<br/>234.00", "二级<br/>627.25", "三级<br/>1,526.53"]
    assert c.y_axis.max() >= 5000


def test_chart_updates_live_with_the_table(make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    show_chart(w)
    w.model.setData(w.model.index(2, COLUMN_INDEX["total"]), "250")
    # v3 level1 150 → 250: 250 × 65% = 162.50 (+65.00), so every later total moves up by 65.00
    assert cents(w.chart.fund_values())[2:] == [Decimal(x) for x in (
        "220.53", "825.53", "1124.53", "1261.03", "2124.53", "2452.78")]
    assert cents([w.chart.tier_values()["level1"]]) == [Decimal("299.00")]  # 162.50 + 136.50
    w.undo.undo()
    assert cents(w.chart.fund_values())[-1] == Decimal("2387.78")


def test_hidden_chart_catches_up_when_shown(make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    show_chart(w)
    w.lower_tabs.setCurrentWidget(w.explanation)
    w.model.delete_rows([7])  # v8 level2 328.25 gone → 2059.53
    show_chart(w)
    assert cents(w.chart.fund_values())[-1] == Decimal("2059.53")
    assert len(w.chart.fund_values()) == 7


def test_per_visit_deductible_and_no_case(make_window):
    w = make_window("en")
    w.new_case()
    h = w.header
    h.region.setCurrentIndex(h.region.findData("jincheng"))
    h.year.setValue(2023)
    w.model.insert_rows_undoable(0, [Row("2023-02-01", "class1", "300")], "add")
    show_chart(w)
    # Jincheng employed: per-visit deductible 80 (class1); (300 − 80) × 50% = 110.00; cap 1800
    assert cents(w.chart.fund_values()) == [Decimal("110.00")]
    assert w.chart.deductible_line.count() == 0  # no annual deductible to draw
    assert {p.y() for p in w.chart.cap_series.points()} == {1800.0}
    assert w.chart.tier_axis.categories()[0] == "Fee class 1<br/>110.00"
    assert w.chart.x_axis.categoriesLabels()[0] == "Jan"
    h.region.setCurrentIndex(h.region.findData("jiangsu"))  # needs the 2021 average wage: nothing settles
    assert w.result.estimate is None
    assert w.chart.fund_series.count() == 0 and w.chart.tier_ids == []


def test_chart_is_made_when_its_tab_is_first_shown(make_window):
    w = make_window()
    w.open_path(sample_case_path(), as_untitled=True)
    assert w.chart_page.layout().count() == 0  # nothing charted yet
    w.lower_tabs.setCurrentIndex(w.lower_tabs.indexOf(w.chart_page))  # a click on the tab
    assert w.chart_page.layout().count() == 1 and w.chart_page.layout().itemAt(0).widget() is w.chart
    assert cents(w.chart.fund_values())[-1] == Decimal("2387.78")  # the case opened before it existed
