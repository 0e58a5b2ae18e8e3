"""The year at a glance (QtCharts): cumulative fund paid against the annual cap, the deductible
being met, and the fund paid by tier. Updated from the same settlement as the table."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.core.money import fmt_grouped
from app.core.rules.schema import RuleFile
from app.core.slip import cost_curve, fund_curve
from app.core.worksheet import SheetResult
from .i18n import translator

CONTEXT = "YearChart"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FUND_COLOR = QColor("#1a73e8")
CAP_COLOR = QColor("#c5221f")
DEDUCTIBLE_COLOR = QColor("#e37400")
DEDUCTIBLE_LINE_COLOR = QColor("#f9ab00")
COST_COLOR = QColor("#8e24aa")  # compliant cost counted, against a limit on it
TIER_COLOR = QColor("#0b6b3a")


def msecs(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)).toMSecsSinceEpoch())  # float ok


def step_points(start: date, end: date, steps: list[tuple[date, Decimal]], first: Decimal = Decimal(0)) -> list[QPointF]:
    """A staircase from *first* (the carry-in, 此前已累计): flat until a visit, then up (or flat) to the
    value after it; flat to the year's end."""
    last = float(first)  # float ok: chart coordinates only
    points = [QPointF(msecs(start), last)]
    for day, value in steps:
        x = msecs(day)
        points.append(QPointF(x, last))
        last = float(value)  # float ok: chart coordinates only
        points.append(QPointF(x, last))
    points.append(QPointF(msecs(end), last))
    return points


def _line(color: QColor, width: float = 2.5, dashed: bool = False) -> QLineSeries:
    s = QLineSeries()
    pen = QPen(color)
    pen.setWidthF(width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    s.setPen(pen)
    return s


class YearChart(QWidget):
    """Two charts side by side: the year's staircase and the fund by tier."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("yearChart")
        self._pending: tuple[RuleFile | None, SheetResult | None, str] | None = None

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(self.chart.margins() * 0)
        self.fund_series = _line(FUND_COLOR, 3)
        self.cap_series = _line(CAP_COLOR, 1.5, dashed=True)
        self.deductible_series = _line(DEDUCTIBLE_COLOR, 2)
        self.deductible_line = _line(DEDUCTIBLE_LINE_COLOR, 1.5, dashed=True)
        self.cost_series = _line(COST_COLOR, 2)  # only where the limit is on compliant cost
        self.cost_limit = False
        self.x_axis = QCategoryAxis()  # one category a month, its name under the middle of it
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        self._months: tuple[int, str] | None = None
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%.0f")
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for s in self._lines():
            self.chart.addSeries(s)
            s.attachAxis(self.x_axis)
            s.attachAxis(self.y_axis)
        self._set_legend(self.cost_series, False)
        self.view = QChartView(self.chart)
        self.view.setObjectName("yearChartView")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(180)

        self.tier_chart = QChart()
        self.tier_chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.tier_chart.legend().hide()
        self.tier_chart.setMargins(self.tier_chart.margins() * 0)
        self.tier_set = QBarSet("")
        self.tier_set.setColor(TIER_COLOR)
        self.tier_set.setLabelColor(QColor("#202124"))
        self.tier_series = QBarSeries()
        self.tier_series.append(self.tier_set)
        self.tier_chart.addSeries(self.tier_series)
        self.tier_axis = QBarCategoryAxis()
        self.tier_value_axis = QValueAxis()
        self.tier_value_axis.setLabelFormat("%.0f")
        self.tier_chart.addAxis(self.tier_axis, Qt.AlignmentFlag.AlignBottom)
        self.tier_chart.addAxis(self.tier_value_axis, Qt.AlignmentFlag.AlignLeft)
        self.tier_series.attachAxis(self.tier_axis)
        self.tier_series.attachAxis(self.tier_value_axis)
        self.tier_view = QChartView(self.tier_chart)
        self.tier_view.setObjectName("tierChartView")
        self.tier_view.setRenderHint(QPainter.RenderHint.Antialiasing)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.tier_view, 2)
        self.tier_ids: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.chart.setTitle(tr("全年累计"))
        self.tier_chart.setTitle(tr("分等级统筹支付（元）"))
        self.fund_series.setName(tr("统筹基金累计支付"))
        # a limit on compliant cost (合规费用) is not a payout cap: the line says which it is
        self.cap_series.setName(tr("年度累计合规费用限额") if self.cost_limit else tr("年度最高支付限额"))
        self.cost_series.setName(tr("合规费用累计"))
        self.deductible_series.setName(tr("起付标准累计"))
        self.deductible_line.setName(tr("年度起付标准"))
        self.tier_set.setLabel(tr("统筹支付"))

    # --- data -----------------------------------------------------------------------------
    def show_result(self, region: RuleFile | None, result: SheetResult | None, lang: str) -> None:
        """Redraw now when shown, else when next shown (the table stays fast while the chart is hidden)."""
        self._pending = (region, result, lang)
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._pending is not None:
            self.refresh()

    def refresh(self) -> None:
        if self._pending is None:
            return
        region, result, lang = self._pending
        self._pending = None
        est = result.estimate if result else None
        if est is None or region is None:
            for s in self._lines():
                s.clear()
            self.tier_set.remove(0, self.tier_set.count())
            self.tier_axis.clear()
            self.tier_ids = []
            return
        year = est.person.year
        start, end = date(year, 1, 1), date(year + 1, 1, 1)  # to the end of 31 December
        curve = fund_curve(est)
        t = est.totals
        carried = est.person.carry  # the year starts from what the insurance record already shows
        self.fund_series.replace(step_points(start, end, [(d, fund) for d, fund, _ in curve],
                                             carried.get("fund_paid", Decimal(0))))
        self.deductible_series.replace(step_points(start, end, [(d, met) for d, _, met in curve],
                                                   carried.get("deductible_met", Decimal(0))))
        # chart coordinates only; every number printed comes from the exact Decimals
        flat = lambda v: [QPointF(msecs(start), float(v)), QPointF(msecs(end), float(v))]  # noqa: E731  # float ok
        version = est.region.version(t.version_id)
        self.cost_limit = t.annual_cap is not None and version is not None and version.cap_over == "policy_scope"
        self.retranslate()
        self.cost_series.replace(step_points(start, end, cost_curve(est), carried.get("policy_scope", Decimal(0)))
                                 if self.cost_limit else [])
        self._set_legend(self.cost_series, self.cost_limit)
        self.cap_series.replace(flat(t.annual_cap) if t.annual_cap is not None else [])
        self.deductible_line.replace(flat(t.annual_deductible) if t.annual_deductible is not None else [])
        self._set_legend(self.cap_series, t.annual_cap is not None)
        self._set_legend(self.deductible_line, t.annual_deductible is not None)
        counted = [t.scope_counted] if self.cost_limit else []
        top = max([t.fund + carried.get("fund_paid", Decimal(0)), t.deductible_met] + counted
                  + [v for v in (t.annual_cap, t.annual_deductible) if v is not None])
        self._month_axis(year, lang)
        self.y_axis.setRange(0, _nice_top(float(top)))  # float ok: axis range
        self.y_axis.applyNiceNumbers()

        amounts = [t.fund_by_tier.get(tier.id, Decimal(0)) for tier in region.tiers]
        values = [float(a) for a in amounts]  # float ok: bar heights; the labels print the exact amounts
        # the amount under each bar, to the fen (bar labels would print 234 for 234.00)
        labels = [f"{tier.label.get(lang)}<br/>{fmt_grouped(a)}" for tier, a in zip(region.tiers, amounts)]
        if self.tier_ids != [tier.id for tier in region.tiers]:
            self.tier_set.remove(0, self.tier_set.count())
            self.tier_set.append(values)
            self.tier_ids = [tier.id for tier in region.tiers]
        else:
            for k, v in enumerate(values):
                self.tier_set.replace(k, v)
        if self.tier_axis.categories() != labels:
            self.tier_axis.clear()
            self.tier_axis.append(labels)
        self.tier_value_axis.setRange(0, _nice_top(max(values + [0.0]) * 1.15))
        self.tier_value_axis.applyNiceNumbers()

    def _month_axis(self, year: int, lang: str) -> None:
        if self._months == (year, lang):
            return
        self._months = (year, lang)
        for label in list(self.x_axis.categoriesLabels()):
            self.x_axis.remove(label)
        self.x_axis.setStartValue(msecs(date(year, 1, 1)))
        for m in range(1, 13):
            end = date(year + 1, 1, 1) if m == 12 else date(year, m + 1, 1)
            self.x_axis.append(MONTHS_EN[m - 1] if lang == "en" else f"{m}月", msecs(end))
        self.x_axis.setRange(msecs(date(year, 1, 1)), msecs(date(year + 1, 1, 1)))

    def _lines(self) -> tuple[QLineSeries, ...]:
        return (self.fund_series, self.cost_series, self.cap_series, self.deductible_series, self.deductible_line)

    def _set_legend(self, series: QLineSeries, visible: bool) -> None:
        for marker in self.chart.legend().markers(series):
            marker.setVisible(visible)

    # --- reading back (tests, screenshots) -------------------------------------------------
    def fund_values(self) -> list[float]:
        """The fund staircase's heights after each visit (every second point after the start)."""
        pts = self.fund_series.points()
        return [pts[k].y() for k in range(2, len(pts) - 1, 2)]

    def tier_values(self) -> dict[str, float]:
        return {tid: self.tier_set.at(k) for k, tid in enumerate(self.tier_ids)}


def _nice_top(value: float) -> float:
    return value * 1.08 if value > 0 else 100.0
