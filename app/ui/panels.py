"""Side panels: live summary, next-visit quote, explanation of the selected visit."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QLabel, QLineEdit, QProgressBar, QScrollArea, QTextBrowser, QVBoxLayout,
    QWidget,
)

from app.core.account import account_notes, explain_payment
from app.core.engine import VisitResult, assumption_texts, estimate_assumptions, explain, region_notes
from app.core.messages import category_label
from app.core.money import MoneyError, fmt_grouped, fmt_percent, parse_amount
from app.core.reconcile import compared_fund, reason_texts
from app.core.rules.schema import RuleFile
from app.core.worksheet import SheetResult
from .i18n import translator


CONTEXT = "Panels"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)
_REMAINING_STYLE = "font-size: 15pt; font-weight: bold; color: %s;"
_REMAINING_GREEN, _REMAINING_GREY = "#0b6b3a", "#6b6b6b"


def _money_label() -> QLabel:
    label = QLabel("—")
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 1000)
    bar.setTextVisible(False)
    bar.setFixedHeight(10)
    return bar


def _permille(part: Decimal, whole: Decimal | None) -> int:
    if not whole:
        return 0
    return int(max(min(part / whole, Decimal(1)), Decimal(0)) * 1000)


class SummaryPanel(QGroupBox):
    """Year totals, recomputed on every edit."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summary")
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.deductible_caption = QLabel()
        self.deductible_value = _money_label()
        self.deductible_bar = _bar()
        self.fund_caption = QLabel()
        self.fund_value = _money_label()
        self.fund_bar = _bar()
        self.remaining_caption = QLabel()
        self.remaining_value = _money_label()
        self.remaining_value.setObjectName("remaining")
        self.remaining_value.setStyleSheet(_REMAINING_STYLE % _REMAINING_GREEN)
        self._remaining_green = True
        self.total_caption = QLabel()
        self.total_value = _money_label()
        self.self_pay_caption = QLabel()
        self.self_pay_value = _money_label()
        self.by_tier_caption = QLabel()
        self.by_tier = QGridLayout()
        self.account_caption = QLabel()
        self.account_caption.setStyleSheet("font-weight: bold; margin-top: 6px;")
        self.account_grid = QGridLayout()
        self.account_labels = {key: QLabel() for key in ("credited", "paid", "balance", "cash")}
        self.account_values = {key: _money_label() for key in self.account_labels}
        for n, key in enumerate(self.account_labels):
            self.account_labels[key].setIndent(12)
            self.account_values[key].setObjectName(f"account_{key}")
            self.account_grid.addWidget(self.account_labels[key], n, 0)
            self.account_grid.addWidget(self.account_values[key], n, 1)
        self.account_missing = QLabel()
        self.account_missing.setWordWrap(True)
        self.account_missing.setObjectName("accountMissing")
        self.account_missing.setStyleSheet("color: #5f6368;")
        # the assumptions the year's figures rest on (credits on the 1st, account before cash …)
        self.assumptions = QLabel()
        self.assumptions.setWordWrap(True)
        self.assumptions.setObjectName("assumptions")
        self.assumptions.setStyleSheet("color: #7a4b00;")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("notes")
        # imported real settlements: estimated vs actual fund over those visits
        self.reconciled = QLabel()
        self.reconciled.setWordWrap(True)
        self.reconciled.setObjectName("reconciled")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("caseError")
        self.error.setStyleSheet("color: #b3261e; font-weight: bold;")
        # carry-in (此前已累计): what the year used before the visits in the table, its own line
        self.carried_caption = QLabel()
        self.carried_value = QLabel()
        self.carried_value.setObjectName("carried")
        self.carried_value.setWordWrap(True)
        self.carried_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rows = [
            (self.carried_caption, self.carried_value),
            (self.deductible_caption, self.deductible_value), (None, self.deductible_bar),
            (self.fund_caption, self.fund_value), (None, self.fund_bar),
            (self.remaining_caption, self.remaining_value),
            (self.total_caption, self.total_value), (self.self_pay_caption, self.self_pay_value),
        ]
        r = 0
        grid.addWidget(self.error, r, 0, 1, 2)
        r += 1
        for caption, value in rows:
            if caption is None:
                grid.addWidget(value, r, 0, 1, 2)
            else:
                grid.addWidget(caption, r, 0)
                grid.addWidget(value, r, 1)
            r += 1
        grid.addWidget(self.by_tier_caption, r, 0, 1, 2)
        r += 1
        grid.addLayout(self.by_tier, r, 0, 1, 2)
        r += 1
        grid.addWidget(self.account_caption, r, 0, 1, 2)
        r += 1
        grid.addLayout(self.account_grid, r, 0, 1, 2)
        r += 1
        grid.addWidget(self.account_missing, r, 0, 1, 2)
        r += 1
        grid.addWidget(self.assumptions, r, 0, 1, 2)
        r += 1
        grid.addWidget(self.notes, r, 0, 1, 2)
        r += 1
        grid.addWidget(self.reconciled, r, 0, 1, 2)
        self._tier_labels: list[QLabel] = []
        self.tier_values: dict[str, QLabel] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("本年度汇总"))
        self.fund_caption.setText(tr("统筹基金已支付"))
        self.carried_caption.setText(tr("此前已累计"))
        self.remaining_caption.setText(tr("剩余额度"))
        self.total_caption.setText(tr("医疗总费用"))
        self.self_pay_caption.setText(tr("个人负担"))
        self.by_tier_caption.setText(tr("分等级统筹支付："))
        self.account_caption.setText(tr("个人账户"))
        self.account_labels["credited"].setText(tr("本年划入"))
        self.account_labels["paid"].setText(tr("账户支付"))
        self.account_labels["balance"].setText(tr("年末余额"))
        self.account_labels["cash"].setText(tr("现金支付（自掏腰包）"))

    def show_result(self, region: RuleFile | None, result: SheetResult | None, lang: str) -> None:
        est = result.estimate if result else None
        self.error.setVisible(bool(result and result.case_error))
        if result and result.case_error:
            self.error.setText(tr("无法计算：") + result.case_error_text(lang))
        self._rebuild_tiers(region, lang)
        if est is None:
            for label in (self.deductible_value, self.fund_value, self.remaining_value, self.total_value,
                          self.self_pay_value, *self.tier_values.values()):
                label.setText("—")
            self.deductible_bar.setValue(0)
            self.fund_bar.setValue(0)
            self.notes.setText("")
            for key in self.account_labels:
                self.account_values[key].setText("—")
            self.account_missing.setText("")  # nothing settles: no stale account hint of another region
            self._show_assumptions(None, lang)
            self.deductible_caption.setText(tr("起付标准"))
            self.carried_caption.setVisible(False)
            self.carried_value.setVisible(False)
            self.reconciled.setVisible(False)
            return
        t = est.totals
        carried = est.person.carry
        parts = {"deductible_met": tr("起付标准 %1"), "fund_paid": tr("统筹基金 %1"),
                 "above_deductible": tr("起付标准以上费用 %1"), "policy_scope": tr("合规费用 %1")}
        shown = [parts[k].replace("%1", fmt_grouped(v)) for k, v in carried.items() if k in parts]
        self.carried_caption.setVisible(bool(shown))
        self.carried_value.setVisible(bool(shown))
        self.carried_value.setText(("；" if lang != "en" else "; ").join(shown))
        fund_carried = carried.get("fund_paid")
        if t.annual_deductible is not None:
            self.deductible_caption.setText(tr("起付标准已累计"))
            self.deductible_value.setText(f"{fmt_grouped(t.deductible_met)} / {fmt_grouped(t.annual_deductible)}")
            self.deductible_bar.setVisible(True)
            self.deductible_bar.setValue(_permille(t.deductible_met, t.annual_deductible))
        elif t.version_id is None:  # no rule version in force at all this year: no deductible to show
            self.deductible_caption.setText(tr("起付标准已累计"))
            self.deductible_value.setText("—")
            self.deductible_bar.setVisible(False)
        else:
            self.deductible_caption.setText(tr("起付标准（按次）本年累计"))
            self.deductible_value.setText(fmt_grouped(t.deductible_met))
            self.deductible_bar.setVisible(False)
        version = est.region.version(t.version_id)
        if t.annual_cap is not None and version is not None and version.cap_over == "policy_scope":
            # a limit on compliant cost (合规费用), not on payout: show the cost counted against it
            used = t.scope_counted  # carried in included — above the limit too (cost beyond it is unpaid)
            self.fund_caption.setText(tr("合规费用已累计 / 年度累计合规费用限额"))
            self.fund_value.setText(f"{fmt_grouped(used)} / {fmt_grouped(t.annual_cap)}")
            self.fund_bar.setVisible(True)
            self.fund_bar.setValue(_permille(used, t.annual_cap))
            self.remaining_value.setText(fmt_grouped(t.remaining_allowance))
        elif t.annual_cap is not None:
            self.fund_caption.setText(tr("统筹基金已支付 / 年度限额"))
            year_fund = t.fund + (fund_carried or 0)  # carried + entered
            self.fund_value.setText((f"{fmt_grouped(fund_carried)} + " if fund_carried is not None else "")
                                    + f"{fmt_grouped(t.fund)} / {fmt_grouped(t.annual_cap)}")
            self.fund_bar.setVisible(True)
            self.fund_bar.setValue(_permille(year_fund, t.annual_cap))
            self.remaining_value.setText(fmt_grouped(t.remaining_allowance))
        else:
            self.fund_caption.setText(tr("统筹基金已支付"))
            self.fund_value.setText(fmt_grouped(t.fund))
            self.fund_bar.setVisible(False)
            # no cap in the rules in force — or no rules in force this year, when nothing is paid at all
            self.remaining_value.setText(tr("不设限额") if t.version_id is not None else tr("无有效规则"))
        green = t.version_id is not None  # grey where no rules are in force: nothing is left to pay
        if green != self._remaining_green:  # (a style sheet set on every edit would cost a restyle)
            self.remaining_value.setStyleSheet(_REMAINING_STYLE % (_REMAINING_GREEN if green else _REMAINING_GREY))
            self._remaining_green = green
        self.total_value.setText(fmt_grouped(t.total))
        self.self_pay_value.setText(fmt_grouped(t.self_pay))
        for tier_id, label in self.tier_values.items():
            label.setText(fmt_grouped(t.fund_by_tier.get(tier_id, Decimal(0))))
        notes = region_notes(est.region, t.version_id, lang)
        self.notes.setText("\n".join("• " + n for n in notes))
        recon = result.reconciliation
        self.reconciled.setVisible(bool(recon))
        if recon:
            n, estimated, actual = compared_fund(est, recon)
            self.reconciled.setText(tr("对账（%1 条结算记录）：测算统筹支付 %2，实际 %3，差额 %4").replace("%1", str(n))
                                    .replace("%2", fmt_grouped(estimated)).replace("%3", fmt_grouped(actual))
                                    .replace("%4", fmt_grouped(estimated - actual)))
        self._show_account(est, lang)

    def _show_assumptions(self, est, lang: str) -> None:
        ids = estimate_assumptions(est) if est is not None else []
        self.assumptions.setVisible(bool(ids))
        self.assumptions.setText("\n".join("• " + t for t in assumption_texts(est.region, ids, lang, reasons=False))
                                 if ids else "")
        self.assumptions.setToolTip("\n".join(assumption_texts(est.region, ids, lang)) if ids else "")

    def _show_account(self, est, lang: str) -> None:
        self._show_assumptions(est, lang)
        acc = est.account
        complete = acc is not None and acc.complete
        notes = "\n".join(account_notes(est.region, acc, est.person.year, lang))
        for key in self.account_labels:
            self.account_labels[key].setVisible(complete)
            self.account_values[key].setVisible(complete)
        # months without an account rule (unknown, not 0.00), deductions left out of the balance
        if complete or (acc is not None and acc.unknown_months and not acc.missing):
            if complete:
                self.account_values["credited"].setText(fmt_grouped(acc.credited))
                self.account_values["paid"].setText(fmt_grouped(acc.paid))
                self.account_values["balance"].setText(fmt_grouped(acc.balance))
                self.account_values["cash"].setText(fmt_grouped(acc.cash))
            self.account_missing.setText(notes)
            self.account_missing.setVisible(bool(notes))
            return
        names = {"contribution_base": tr("缴费基数"), "birth_date": tr("出生日期")}
        params = {p.id: p.label.get(lang) for p in est.region.parameters}
        missing = [names.get(m) or params.get(m, m) for m in (acc.missing if acc else ())]
        self.account_missing.setVisible(True)
        self.account_missing.setText(tr("填写%1后可测算个人账户划入、支付和余额。").replace("%1", "、".join(missing))
                                     if lang != "en" else
                                     tr("填写%1后可测算个人账户划入、支付和余额。").replace("%1", ", ".join(missing)))

    def _rebuild_tiers(self, region: RuleFile | None, lang: str) -> None:
        ids = [t.id for t in region.tiers] if region else []
        if list(self.tier_values) == ids and all(
                lbl.text() == t.label.get(lang) for lbl, t in zip(self._tier_labels, region.tiers if region else ())):
            return
        for w in self._tier_labels + list(self.tier_values.values()):
            self.by_tier.removeWidget(w)
            w.hide()  # gone at once, not when the deferred delete runs
            w.deleteLater()
        self._tier_labels, self.tier_values = [], {}
        for i, t in enumerate(region.tiers if region else ()):
            caption = QLabel(t.label.get(lang))
            caption.setIndent(12)
            value = _money_label()
            value.setObjectName(f"fund_{t.id}")
            self.by_tier.addWidget(caption, i, 0)
            self.by_tier.addWidget(value, i, 1)
            self._tier_labels.append(caption)
            self.tier_values[t.id] = value


def zero_reason(result: VisitResult, lang: str) -> str | None:
    """Why the fund pays nothing for a settled visit, read from what its settlement recorded.

    None when the fund pays something (or no recorded reason explains the 0). Nothing is settled
    again: the deductible standard is looked up in the rule version the visit was settled under.
    """
    if result.fund > 0:
        return None
    settler = result.settler
    version = settler.region.version(result.version_id)
    if result.excluded == "no_rule" or version is None:
        return tr("该日无有效规则")
    if result.excluded == "non_designated":
        return tr("非定点机构不予支付")
    if result.excluded == "family_member":
        return tr("家属就诊不由统筹基金支付")
    if result.excluded is not None:
        label = next((x.label.get(lang) for x in version.exclusions if x.id == result.excluded), result.excluded)
        return tr("不予支付：%1").replace("%1", label)
    if result.policy_scope <= 0:
        return tr("无政策范围内费用")
    if result.cap_clipped:
        return tr("年度限额已用完")
    if result.deductible == result.policy_scope:  # all of it went to the deductible
        standard = settler.deductible_standard(version, result.visit.tier)
        if version.deductible.kind == "annual":
            return tr("起付标准尚余 %1 元").replace("%1", fmt_grouped(standard - result.before[0]))
        return tr("未超过按次起付标准 %1 元").replace("%1", fmt_grouped(standard))
    if result.ratio == 0:
        return tr("支付比例为 0")
    return None


class QuotePanel(QGroupBox):
    """“What would the next visit bring?”: fund and patient share at every tier, the best highlighted."""

    amountChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QGridLayout()
        self.amount_caption = QLabel()
        self.amount = QLineEdit("500")
        self.amount.setObjectName("quoteAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setMaximumWidth(140)
        self.amount_caption.setBuddy(self.amount)
        top.addWidget(self.amount_caption, 0, 0)
        top.addWidget(self.amount, 0, 1)
        top.setColumnStretch(2, 1)
        layout.addLayout(top)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.hint)
        self.amount.textChanged.connect(lambda _t: self.amountChanged.emit())
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        self.reasons: dict[str, QLabel] = {}  # why a tier's fund is 0.00, in the row under it
        self._tiers: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._tiers = []  # rebuild the grid headers in the new language
        self.setTitle(tr("下次就诊测算"))
        self.amount_caption.setText(tr("政策范围内费用（元）"))

    def amount_value(self) -> Decimal | None:
        try:
            return parse_amount(self.amount.text(), field="amount")
        except MoneyError:
            return None

    def _clear_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget()
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.cells = {}
        self.reasons = {}
        self._tiers: list[str] = []

    def _build_grid(self, region: RuleFile, lang: str) -> None:
        self._clear_grid()
        for c, text in enumerate((tr("等级"), tr("统筹支付"), tr("个人负担"), tr("比例"))):
            h = QLabel(f"<b>{text}</b>")
            h.setAlignment(Qt.AlignmentFlag.AlignRight if c else Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(h, 0, c)
        for n, tier in enumerate(region.tiers):
            r = 2 * n + 1
            name = QLabel(tier.label.get(lang))
            name.setToolTip(tier.description.get(lang))
            fund, pay, ratio = QLabel(), QLabel(), QLabel()
            fund.setObjectName(f"quote_{tier.id}")
            for w in (fund, pay, ratio):
                w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for c, w in enumerate((name, fund, pay, ratio)):
                self.grid.addWidget(w, r, c)
            self.cells[tier.id] = (name, fund, pay, ratio)
            reason = QLabel()
            reason.setObjectName(f"quoteReason_{tier.id}")
            reason.setWordWrap(True)
            reason.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            reason.setStyleSheet("color: #8a5a00; padding: 0 2px 2px 2px;")
            reason.hide()
            self.grid.addWidget(reason, r + 1, 0, 1, 4)
            self.reasons[tier.id] = reason
        self._tiers = [t.id for t in region.tiers]
        self._lang = lang

    def show_quote(self, region: RuleFile | None, quotes: dict[str, VisitResult] | None, on: date | None,
                   lang: str, error: str | None = None) -> None:
        self.amount.setStyleSheet("background: #fde2e1;" if error else "")
        if region is None or not quotes:
            self._clear_grid()
            self.hint.setText(error or "")
            return
        if self._tiers != [t.id for t in region.tiers] or getattr(self, "_lang", None) != lang:
            self._build_grid(region, lang)
        best = max(q.fund for q in quotes.values())
        for tier in region.tiers:
            q = quotes[tier.id]
            name, fund, pay, ratio = self.cells[tier.id]
            fund.setText(fmt_grouped(q.fund))
            why = zero_reason(q, lang)
            self.reasons[tier.id].setText(why or "")
            self.reasons[tier.id].setVisible(why is not None)
            fund.setToolTip(why or "")
            pay.setText(fmt_grouped(q.self_pay))
            ratio.setText(fmt_percent(q.ratio) if q.ratio is not None else "—")
            is_best = q.fund == best and best > 0
            name.setText(tier.label.get(lang) + ("  ★" if is_best else ""))
            name.setProperty("best", is_best)
            style = "background: #e6f4ea; font-weight: bold; padding: 2px;" if is_best else "padding: 2px;"
            for w in (name, fund, pay, ratio):
                w.setStyleSheet(style)
        when = on.isoformat() if on else ""
        self.hint.setText(tr("按 %1 就诊、在本年已录入就诊之后结算；★ 为统筹支付最多的等级。").replace("%1", when))


class SidePanels(QScrollArea):
    """The summary and the quote, one above the other, scrolling when the window is short.

    It asks for the widest its figures have needed so far (so the splitter never cuts them and
    does not move back and forth as they change), up to ``MAX_WIDTH`` beyond which it scrolls
    sideways, and for almost no height: what the panels show never makes the window grow.
    """

    MAX_WIDTH = 560
    MIN_HEIGHT = 120

    def __init__(self, *panels: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sidePanels")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        for panel in panels:
            layout.addWidget(panel)
        layout.addStretch(1)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._widest = 0
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the figures may need another width: tell the splitter
        return super().eventFilter(watched, event)

    def _width_needed(self) -> int:
        bar = self.verticalScrollBar().sizeHint().width()
        need = self.widget().minimumSizeHint().width() + bar + 2 * self.frameWidth()
        self._widest = max(self._widest, min(need, self.MAX_WIDTH))
        return self._widest

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width_needed(), self.MIN_HEIGHT)

    def sizeHint(self) -> QSize:
        return QSize(self._width_needed(), self.MIN_HEIGHT)


class ExplanationPanel(QWidget):
    """Step-by-step settlement of the selected visit, with the rule citations (a tab: no title of its own)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QTextBrowser()
        self.text.setObjectName("explanation")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.text)

    def retranslate(self) -> None:
        """Nothing of its own to translate: the tab carries the title, the text follows the selection."""

    def show_visit(self, region: RuleFile | None, result: VisitResult | None, row: int | None,
                   error: str | None, lang: str, category: str | None = None, payment=None,
                   reconciliation=None) -> None:
        """*payment*: the visit's account/cash split (app.core.account.VisitPayment), when known;
        *reconciliation*: the imported real settlement compared with the estimate (app.core.reconcile)."""
        if row is None:
            self.text.setPlainText(tr("选中一条就诊记录，查看逐步结算过程和政策依据。"))
            return
        if error:
            self.text.setPlainText(tr("第 %1 行未计算：").replace("%1", str(row + 1)) + "\n" + error)
            return
        if result is None or region is None:
            self.text.setPlainText(tr("第 %1 行尚未填写完整。").replace("%1", str(row + 1)))
            return
        head = tr("第 %1 行 · %2").replace("%1", str(row + 1)).replace("%2", result.visit.date.isoformat())
        if category:
            head += " · " + category_label(category, lang)
        lines = explain(result, region, lang) + explain_payment(region, payment, result.visit, lang)
        html = [f"<p><b>{_esc(head)}</b></p><ol>"]
        for line in lines:
            text, _, cite = line.partition("  〔") if "  〔" in line else line.partition("  [")
            cite_html = f"<br/><span style='color:#5f6368;font-size:small'>{_esc(cite.rstrip('〕]'))}</span>" if cite else ""
            html.append(f"<li>{_esc(text.strip())}{cite_html}</li>")
        html.append("</ol>")
        if reconciliation is not None:  # the real settlement beside the estimate, and the likely reason
            a = reconciliation.actual
            html.append(f"<p><b>{_esc(tr('实际结算'))}</b></p><ul>")
            figures = [(tr("统筹基金支出"), a.fund), (tr("实际支付起付线"), a.deductible),
                       (tr("个人账户支出"), a.account_paid), (tr("个人现金支出"), a.cash_paid)]
            shown = ("; " if lang == "en" else "；").join(f"{k} {fmt_grouped(v)}" for k, v in figures if v is not None)
            html.append(f"<li>{_esc(shown)}</li>")
            html.extend(f"<li>{_esc(t)}</li>" for t in reason_texts(reconciliation, region, lang))
            html.append("</ul>")
        self.text.setHtml("".join(html))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
