"""The estimate slip (测算单) a clerk prints and hands over: its content as data, and as HTML.

Qt-free: ``build_slip`` collects what the slip shows from an ``Estimate`` (region,
rule versions with their source documents, the "unverified rules" warning, the
visits with fund and patient share, totals, deductible, remaining allowance, fund
by tier, and the line that this is an estimate, not a settlement);
``slip_html`` lays it out for ``QTextDocument`` (app/ui/slip.py prints it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from . import freshness
from .account import account_notes
from .engine import Estimate, assumption_texts, estimate_assumptions, note_texts, region_notes
from .messages import category_label
from .reconcile import compared_fund, reason_texts
from .money import fmt_grouped
from .rules.schema import RuleFile

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("职工医保普通门诊统筹报销测算单", "Outpatient pooling reimbursement estimate"),
    "not_settlement": ("本单为测算结果，不是结算单。实际支付金额以医保经办机构结算为准。",
                       "This is an estimate, not a settlement. The amounts actually paid are those the "
                       "medical insurance agency settles."),
    "case": ("案例", "Case"),
    "region": ("统筹地区", "Region"),
    "category": ("人员类别", "Category"),
    "year": ("年度", "Year"),
    "birth_date": ("出生日期", "Birth date"),
    "printed": ("打印日期", "Printed"),
    "rules": ("适用规则", "Rules"),
    "rule_line": ("{start} 起施行的规则，依据：{document}，{article}",
                  "Rules in force from {start}; source: {document}, {article}"),
    "unverified": ("注意：本地区规则未经核实", "Caution: this region's rules are not verified"),
    "bounds": ("注意：按省级指导意见的上下限估算，以所在城市的规则为准",
               "Caution: estimated from provincial bounds; the city's own rules prevail"),
    "visits": ("就诊记录", "Visits"),
    "n": ("序号", "No."),
    "date": ("日期", "Date"),
    "tier": ("医疗机构等级", "Tier"),
    "total": ("总费用", "Total"),
    "policy_scope": ("政策范围内", "Policy scope"),
    "deductible": ("计入起付", "Deductible"),
    "fund": ("统筹支付", "Fund pays"),
    "self_pay": ("个人负担", "Patient pays"),
    "note": ("说明", "Notes"),
    "totals": ("合计", "Total"),
    "no_visits": ("（本年度尚无就诊记录）", "(no visits this year yet)"),
    "summary": ("本年度汇总", "The year so far"),
    "sum_total": ("医疗总费用", "Total cost"),
    "sum_scope": ("政策范围内费用", "Policy-scope cost"),
    "sum_deductible": ("起付标准已累计", "Deductible met"),
    "sum_deductible_per_visit": ("起付标准（按次）本年累计", "Per-visit deductibles this year"),
    "sum_fund": ("统筹基金已支付", "Fund paid"),
    "sum_self_pay": ("个人负担", "Patient paid"),
    "sum_cap": ("年度最高支付限额", "Annual cap"),
    "sum_cap_scope": ("年度累计合规费用限额", "Annual limit on compliant cost"),
    "sum_remaining_scope": ("合规费用限额剩余", "Compliant cost left within the limit"),
    "sum_remaining": ("剩余额度", "Remaining allowance"),
    "no_cap": ("不设限额", "no cap"),
    "by_tier": ("分等级统筹支付", "Fund paid by tier"),
    "acc_credit": ("个人账户本年划入", "Personal account credited this year"),
    "acc_paid": ("个人账户支付", "Paid from the personal account"),
    "acc_balance": ("个人账户年末余额", "Personal account balance at year end"),
    "acc_cash": ("现金支付（自掏腰包）", "Cash out of pocket"),
    "notes": ("说明", "Notes"),
    "skipped": ("第 {rows} 行的就诊记录因单元格无效未计入本测算。", "Row(s) {rows} have invalid cells and are not in this estimate."),
    "parameters": ("地区参数", "Region parameters"),
    "name": ("姓名", "Name"),
    "id_number": ("证件号码", "ID number"),
    "carried": ("此前已累计", "Carried in (before these visits)"),
    "carry_deductible_met": ("此前已累计 · 起付标准", "Carried in · deductible met"),
    "carry_fund_paid": ("此前已累计 · 统筹基金支付", "Carried in · fund paid"),
    "carry_above_deductible": ("此前已累计 · 起付标准以上费用", "Carried in · cost above the deductible"),
    "carry_policy_scope": ("此前已累计 · 合规费用", "Carried in · compliant cost"),
    "sum_fund_year": ("统筹基金本年累计（此前已累计＋本单）", "Fund paid this year (carried in + these visits)"),
    "recon_estimated": ("对账 · 测算统筹支付（{n} 条结算记录）", "Reconciliation · estimated fund ({n} settlements)"),
    "recon_actual": ("对账 · 实际统筹基金支出", "Reconciliation · actual fund"),
    "recon_difference": ("对账 · 差额（测算−实际）", "Reconciliation · difference (estimated − actual)"),
    "recon_visit": ("第 {n} 条（{date}）对账：{text}", "Visit {n} ({date}), reconciliation: {text}"),
    "page_note": ("测算依据见上列政策文件；金额单位：元。", "Sources as listed above; amounts in yuan."),
}


def _t(key: str, lang: str) -> str:
    zh, en = TEXTS[key]
    return en if lang == "en" else zh


@dataclass(frozen=True)
class SlipVisit:
    n: str
    date: str
    tier: str
    total: str
    policy_scope: str
    deductible: str
    fund: str
    self_pay: str
    note: str


@dataclass(frozen=True)
class Slip:
    lang: str
    title: str
    info: tuple[tuple[str, str], ...]  # label, value
    rules: tuple[str, ...]  # one line per rule version used, with its source document
    warning: str | None  # "unverified rules", when the region's file says so
    visits: tuple[SlipVisit, ...]
    totals: SlipVisit
    summary: tuple[tuple[str, str], ...]
    by_tier: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    skipped: str | None
    disclaimer: str

    def text(self) -> str:
        """Plain text of the slip (for tests and the clipboard)."""
        lines = [self.title, self.disclaimer]
        lines += [f"{k}: {v}" for k, v in self.info]
        lines += list(self.rules)
        if self.warning:
            lines.append(self.warning)
        for v in self.visits + (self.totals,):
            lines.append(" ".join((v.n, v.date, v.tier, v.total, v.policy_scope, v.deductible, v.fund, v.self_pay,
                                   v.note)).strip())
        lines += [f"{k}: {v}" for k, v in self.summary + self.by_tier]
        lines += list(self.notes)
        if self.skipped:
            lines.append(self.skipped)
        return "\n".join(lines)


def _document(region: RuleFile, doc_id: str, lang: str) -> str:
    doc = region.documents.get(doc_id)
    if doc is None:
        return doc_id
    if doc.number:
        return f"{doc.title} ({doc.number})" if lang == "en" else f"{doc.title}（{doc.number}）"
    return doc.title


def rule_lines(region: RuleFile, version_ids: list[str], lang: str = "zh") -> list[str]:
    out = []
    for vid in version_ids:
        v = region.version(vid)
        if v is None:
            continue
        out.append(_t("rule_line", lang).format(version=v.id, start=v.effective_from.isoformat(),
                                                document=_document(region, v.source.doc, lang),
                                                article=v.source.article))
    return out


def mask_id(text: str) -> str:
    """An ID number as the slip prints it by default: the first 6 and the last 4 characters, the rest
    ``*`` (``320102199001011234`` → ``320102********1234``). A number of 10 characters or fewer keeps
    only its last 4 (an assumption: the rule is written for the 18-character resident ID)."""
    text = text.strip()
    n = len(text)
    if n > 10:
        return text[:6] + "*" * (n - 10) + text[-4:]
    if n > 4:
        return "*" * (n - 4) + text[-4:]
    return "*" * n


def build_slip(est: Estimate, *, lang: str = "zh", printed: date | None = None, title: str = "",
               skipped_rows: tuple[int, ...] = (), person_name: str = "", id_number: str = "", full_id: bool = False,
               reconciliation: dict | None = None) -> Slip:
    region = est.region
    person = est.person
    t = est.totals
    g = fmt_grouped
    info: list[tuple[str, str]] = []
    if title.strip():
        info.append((_t("case", lang), title.strip()))
    if person_name.strip():
        info.append((_t("name", lang), person_name.strip()))
    if id_number.strip():
        info.append((_t("id_number", lang), id_number.strip() if full_id else mask_id(id_number)))
    info += [
        (_t("region", lang), region.name.get(lang)),
        (_t("category", lang), category_label(person.category, lang)),
        (_t("year", lang), str(person.year)),
    ]
    if person.birth_date is not None:
        info.append((_t("birth_date", lang), person.birth_date.isoformat()))
    params = {p.id: p for p in region.parameters}
    shown = [(params[k].label.get(lang), f"{v:,f}") for k, v in person.parameters.items() if k in params]
    if shown:
        info.append((_t("parameters", lang), "；".join(f"{k} {v}" for k, v in shown) if lang != "en"
                     else "; ".join(f"{k} {v}" for k, v in shown)))
    info.append((_t("printed", lang), (printed or date.today()).isoformat()))

    versions: list[str] = []
    for vid in [r.version_id for r in est.lines] + [t.version_id]:
        if vid and vid not in versions:
            versions.append(vid)
    warning = None
    if not region.verified:  # unverified, or estimated from provincial bounds: each in its own words
        note = region.verification_note.get(lang) if region.verification_note else ""
        head = _t("bounds" if region.verification == "bounds" else "unverified", lang)
        warning = head + ("：" if lang != "en" else ": ") + note if note else head

    def tier_label(tier_id: str) -> str:
        tier = region.tier(tier_id)
        return tier.label.get(lang) if tier else tier_id

    sep = "; " if lang == "en" else "；"
    visits = tuple(
        SlipVisit(str(n), r.visit.date.isoformat(), tier_label(r.visit.tier), g(r.visit.total), g(r.policy_scope),
                  g(r.deductible), g(r.fund), g(r.self_pay), sep.join(note_texts(r, region, lang)))
        for n, r in enumerate(est.lines, start=1))
    totals = SlipVisit("", _t("totals", lang), "", g(t.total), g(t.policy_scope), g(t.deductible_met), g(t.fund),
                       g(t.self_pay), "")
    summary: list[tuple[str, str]] = [
        (_t("sum_total", lang), g(t.total)),
        (_t("sum_scope", lang), g(t.policy_scope)),
    ]
    if t.annual_deductible is not None:
        summary.append((_t("sum_deductible", lang), f"{g(t.deductible_met)} / {g(t.annual_deductible)}"))
    else:
        summary.append((_t("sum_deductible_per_visit", lang), g(t.deductible_met)))
    carried = person.carry
    for name in ("deductible_met", "fund_paid", "above_deductible", "policy_scope"):
        if name in carried:  # the carried amounts as their own lines: the year reads carried + entered
            summary.append((_t("carry_" + name, lang), g(carried[name])))
    summary.append((_t("sum_fund", lang), g(t.fund)))
    if "fund_paid" in carried:
        summary.append((_t("sum_fund_year", lang), g(carried["fund_paid"] + t.fund)))
    summary.append((_t("sum_self_pay", lang), g(t.self_pay)))
    # a limit on compliant cost (cap_basis: policy_scope) is named as such, not as a cap on payout
    totals_version = est.region.version(t.version_id)
    on_cost = "_scope" if totals_version is not None and totals_version.cap_over == "policy_scope" else ""
    summary.append((_t("sum_cap" + on_cost, lang), g(t.annual_cap) if t.annual_cap is not None else _t("no_cap", lang)))
    summary.append((_t("sum_remaining" + on_cost, lang),
                    g(t.remaining_allowance) if t.remaining_allowance is not None else _t("no_cap", lang)))
    acc = est.account
    if acc is not None and acc.complete:
        summary += [(_t("acc_credit", lang), g(acc.credited)), (_t("acc_paid", lang), g(acc.paid)),
                    (_t("acc_balance", lang), g(acc.balance)), (_t("acc_cash", lang), g(acc.cash))]
    recon_notes: list[str] = []
    if reconciliation:  # imported real settlements: estimated vs actual, and each difference's likely reason
        n, estimated, actual = compared_fund(est, reconciliation)
        summary += [(_t("recon_estimated", lang).format(n=n), g(estimated)), (_t("recon_actual", lang), g(actual)),
                     (_t("recon_difference", lang), g(estimated - actual))]
        for k, r in enumerate(est.lines, start=1):
            rec = reconciliation.get(r.index)
            if rec is not None and (rec.likely_reason or rec.scope_differs is not None):
                recon_notes += [_t("recon_visit", lang).format(n=k, date=r.visit.date.isoformat(), text=text)
                                for text in reason_texts(rec, region, lang)]
    by_tier = tuple((tier_label(k), g(v)) for k, v in t.fund_by_tier.items())
    # the table's row numbers (1-based) of visits left out, so the clerk can find and fix them
    skipped = _t("skipped", lang).format(rows=("、" if lang != "en" else ", ").join(map(str, skipped_rows))) \
        if skipped_rows else None
    # the assumptions the figures rest on, where the texts are silent (issue 11): said, not buried
    notes = region_notes(region, t.version_id, lang)
    notes += account_notes(region, acc, person.year, lang)  # months without a rule, deductions not given
    notes += assumption_texts(region, estimate_assumptions(est), lang)
    notes += [w for w in [freshness.warning_text(region, person.year, lang)] if w]  # rules may be out of date
    notes += recon_notes
    return Slip(lang, _t("title", lang), tuple(info), tuple(rule_lines(region, versions, lang)), warning, visits,
                totals, tuple(summary), by_tier, tuple(notes), skipped, _t("not_settlement", lang))


def summary_rows(slip: Slip) -> list[tuple[str, str]]:
    """The slip's header facts and totals as label/value pairs (the summary sheet of an export)."""
    rows = [(slip.title, "")] + list(slip.info)
    rows += [(_t("rules", slip.lang), line) for line in slip.rules]
    if slip.warning:
        rows.append(("⚠", slip.warning))
    rows += list(slip.summary)
    rows += [(f"{_t('by_tier', slip.lang)} · {k}", v) for k, v in slip.by_tier]
    rows += [(_t("notes", slip.lang), n) for n in slip.notes]
    if slip.skipped:
        rows.append(("", slip.skipped))
    rows.append(("", slip.disclaimer))
    return rows


def slip_html(slip: Slip) -> str:
    """The slip laid out for ``QTextDocument`` (a subset of HTML 4 and CSS)."""
    lang = slip.lang
    e = escape
    h: list[str] = []
    h.append(f"<h2 align='center' style='margin-bottom:2px'>{e(slip.title)}</h2>")
    h.append(f"<p align='center' style='color:#7a1f1f; font-weight:bold; margin-top:0'>{e(slip.disclaimer)}</p>")
    h.append("<table width='100%' cellspacing='0' cellpadding='2'>")
    info = list(slip.info)
    for k in range(0, len(info), 2):
        h.append("<tr>")
        for label, value in info[k:k + 2]:
            h.append(f"<td width='14%' style='color:#555'>{e(label)}</td><td width='36%'><b>{e(value)}</b></td>")
        h.append("</tr>")
    h.append("</table>")
    h.append(f"<p style='margin-top:6px; margin-bottom:2px'><b>{e(_t('rules', lang))}</b></p>")
    for line in slip.rules:
        h.append(f"<p style='margin:0 0 0 12px; font-size:9pt'>{e(line)}</p>")
    if slip.warning:
        h.append("<table width='100%' cellspacing='0' cellpadding='6' style='margin-top:6px'>"
                 f"<tr><td bgcolor='#fff4ce' style='border:1px solid #e0b000; color:#7a4b00'>"
                 f"<b>⚠ {e(slip.warning)}</b></td></tr></table>")
    h.append(f"<p style='margin-top:10px; margin-bottom:2px'><b>{e(_t('visits', lang))}</b></p>")
    heads = ("n", "date", "tier", "total", "policy_scope", "deductible", "fund", "self_pay", "note")
    right = {"total", "policy_scope", "deductible", "fund", "self_pay"}
    h.append("<table width='100%' cellspacing='0' cellpadding='3' border='1' "
             "style='border-collapse:collapse; border-color:#999; font-size:9pt'>")
    h.append("<thead><tr bgcolor='#e8eef5'>" + "".join(
        f"<th align='{'right' if k in right else 'left'}'>{e(_t(k, lang))}</th>" for k in heads) + "</tr></thead>")
    if not slip.visits:
        h.append(f"<tr><td colspan='{len(heads)}'>{e(_t('no_visits', lang))}</td></tr>")
    def cell(k: str, value: str, bold: bool = False) -> str:
        align = "right" if k in right else "left"
        style = " style='white-space:nowrap'" if k in right or k in ("n", "date") else ""
        text = f"<b>{e(value)}</b>" if bold else e(value)
        return f"<td align='{align}'{style}>{text}</td>"

    for v in slip.visits:
        h.append("<tr>" + "".join(cell(k, getattr(v, k)) for k in heads) + "</tr>")
    h.append("<tr bgcolor='#f4f6f8'>" + "".join(cell(k, getattr(slip.totals, k), True) for k in heads) + "</tr>")
    h.append("</table>")
    if slip.skipped:
        h.append(f"<p style='color:#b3261e'>{e(slip.skipped)}</p>")
    h.append("<table width='100%' cellspacing='0' cellpadding='0' style='margin-top:10px'><tr>")
    h.append("<td width='55%' valign='top'>")
    h.append(f"<p style='margin-bottom:2px'><b>{e(_t('summary', lang))}</b></p>")
    h.append("<table cellspacing='0' cellpadding='2'>")
    for label, value in slip.summary:
        strong = label in (_t("sum_remaining", lang), _t("sum_remaining_scope", lang), _t("sum_fund", lang))
        value_html = f"<b>{e(value)}</b>" if strong else e(value)
        h.append(f"<tr><td style='color:#555'>{e(label)}</td><td align='right'>{value_html}</td></tr>")
    h.append("</table></td><td width='45%' valign='top'>")
    h.append(f"<p style='margin-bottom:2px'><b>{e(_t('by_tier', lang))}</b></p>")
    h.append("<table cellspacing='0' cellpadding='2'>")
    for label, value in slip.by_tier:
        h.append(f"<tr><td style='color:#555'>{e(label)}</td><td align='right'>{e(value)}</td></tr>")
    h.append("</table></td></tr></table>")
    if slip.notes:
        h.append(f"<p style='margin-top:8px; margin-bottom:2px'><b>{e(_t('notes', lang))}</b></p>")
        for n in slip.notes:
            h.append(f"<p style='margin:0 0 0 12px; font-size:9pt'>• {e(n)}</p>")
    h.append("<hr/>")
    h.append(f"<p style='font-size:9pt; color:#7a1f1f'><b>{e(slip.disclaimer)}</b> "
             f"<span style='color:#555'>{e(_t('page_note', lang))}</span></p>")
    return "".join(h)


def cost_curve(est: Estimate) -> list[tuple[date, Decimal]]:
    """After each visit in date order: (date, compliant cost counted so far) — the year chart's
    staircase against a limit on compliant cost (``cap_basis: policy_scope``)."""
    return [(r.visit.date, r.scope_counted_after) for r in est.lines]


def fund_curve(est: Estimate) -> list[tuple[date, Decimal, Decimal]]:
    """After each visit in date order: (date, fund paid so far, deductible met so far) — the year chart's data."""
    return [(r.visit.date, r.fund_paid_after, r.deductible_met_after) for r in est.lines]


