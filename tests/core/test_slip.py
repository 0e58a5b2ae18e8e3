"""The estimate slip's content (app.core.slip), without Qt: what a clerk hands over the counter."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from app.core.slip import build_slip, fund_curve, slip_html, summary_rows
from app.core.worksheet import PersonFields, Row, Worksheet, load_worksheet

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample.mzcase"


def sample_slip(ruleset, lang="zh", **kw):
    ws = load_worksheet(SAMPLE)
    est = ws.settle(ruleset.regions["tongliao"]).estimate
    return build_slip(est, lang=lang, printed=date(2026, 11, 3), title=ws.person.title, **kw)


def test_sample_slip_has_every_visit_and_the_hand_totals(ruleset):
    slip = sample_slip(ruleset)
    info = dict(slip.info)
    assert info["统筹地区"] == "通辽市" and info["人员类别"] == "退休人员" and info["年度"] == "2026"
    assert info["打印日期"] == "2026-11-03"
    assert [v.date for v in slip.visits] == ["2026-01-08", "2026-02-15", "2026-03-21", "2026-04-12",
                                             "2026-05-30", "2026-07-03", "2026-08-19", "2026-10-09"]
    # v2 level3 860.50 − 45 − 30 = 785.50; 680 to the deductible; 105.50 × 55% = 58.025 → 58.03; patient 802.47
    v2 = slip.visits[1]
    assert (v2.tier, v2.total, v2.policy_scope, v2.deductible, v2.fund, v2.self_pay) == (
        "三级", "860.50", "785.50", "680.00", "58.03", "802.47")
    t = slip.totals
    assert (t.date, t.total, t.fund, t.self_pay, t.deductible) == ("合计", "5,460.50", "2,387.78", "3,072.72",
                                                                    "1,000.00")
    summary = dict(slip.summary)
    assert summary["起付标准已累计"] == "1,000.00 / 1,000.00"
    assert summary["年度最高支付限额"] == "5,000.00"
    assert summary["剩余额度"] == "2,612.22"  # 5000 − 2387.78
    # personal account (sample: 2021 pension 3200 → 64.00 a month, opening 150.00; see
    # tests/ui/test_window.py::test_personal_account_in_the_summary_and_table for the month-by-month sums)
    assert summary["个人账户本年划入"] == "768.00"  # 12 × 64
    assert summary["个人账户支付"] == "790.00"
    assert summary["个人账户年末余额"] == "128.00"  # 150 + 768 − 790
    assert summary["现金支付（自掏腰包）"] == "2,282.72"  # 3072.72 − 790
    assert dict(slip.by_tier) == {"一级及以下": "234.00", "二级": "627.25", "三级": "1,526.53"}
    assert slip.warning is None
    assert "不是结算单" in slip.disclaimer


def test_rule_version_with_its_source_document(ruleset):
    slip = sample_slip(ruleset)
    (line,) = slip.rules
    assert line.startswith("2022-10-01 起施行的规则，依据：通辽市职工基本医疗保险门诊共济保障机制实施细则")
    assert "通辽市职工基本医疗保险门诊共济保障机制实施细则" in line and "第十八条" in line


def test_unverified_region_is_flagged_on_the_slip(ruleset):
    region = ruleset.regions["beijing"]
    ws = Worksheet(PersonFields(region="beijing", year=2023, category="employed"),
                   [Row("2023-03-01", "community", "2800")])
    est = ws.settle(region).estimate
    zh = build_slip(est, lang="zh")
    en = build_slip(est, lang="en")
    assert zh.warning.startswith("注意：本地区规则未经核实") and region.verification_note.zh in zh.warning
    assert en.warning.startswith("Caution: this region's rules are not verified")
    assert "⚠" in slip_html(zh) and zh.warning in slip_html(zh)
    # Beijing employed, community 90%, deductible 1800: (2800 − 1800) × 90% = 900.00; no annual cap
    assert zh.totals.fund == "900.00"
    assert dict(zh.summary)["剩余额度"] == "不设限额"


def test_english_slip_and_skipped_rows(ruleset):
    slip = sample_slip(ruleset, lang="en", skipped_rows=(3, 7))
    assert slip.title == "Outpatient pooling reimbursement estimate"
    assert dict(slip.info)["Region"] == "Tongliao"
    assert slip.skipped == "Row(s) 3, 7 have invalid cells and are not in this estimate."
    assert sample_slip(ruleset, skipped_rows=(3, 7)).skipped == "第 3、7 行的就诊记录因单元格无效未计入本测算。"
    assert "not a settlement" in slip.disclaimer
    assert dict(slip.summary)["Remaining allowance"] == "2,612.22"


def test_html_escapes_what_the_user_typed(ruleset):
    ws = load_worksheet(SAMPLE)
    est = ws.settle(ruleset.regions["tongliao"]).estimate
    html = slip_html(build_slip(est, title="<b>张三 & 李四</b>"))
    assert "&lt;b&gt;张三 &amp; 李四&lt;/b&gt;" in html and "<b>张三" not in html


def test_summary_rows_for_the_export(ruleset):
    rows = dict(summary_rows(sample_slip(ruleset)))
    assert rows["剩余额度"] == "2,612.22" and rows["分等级统筹支付 · 三级"] == "1,526.53"


def test_fund_curve_is_the_engines_running_totals(ruleset):
    est = load_worksheet(SAMPLE).settle(ruleset.regions["tongliao"]).estimate
    curve = fund_curve(est)
    # running fund: 0, 58.03, +97.50, +605, +299, +136.50, +863.50, +328.25
    assert [c[1] for c in curve] == [Decimal(x) for x in (
        "0.00", "58.03", "155.53", "760.53", "1059.53", "1196.03", "2059.53", "2387.78")]
    # deductible met: 320 after v1, the remaining 680 at v2
    assert [c[2] for c in curve][:3] == [Decimal("320.00"), Decimal("1000.00"), Decimal("1000.00")]


def test_the_slip_says_when_the_rules_may_be_out_of_date(ruleset):
    """The sample is Tongliao 2026; Tongliao's rules were reviewed as of 2022-10 and have no end date."""
    slip = sample_slip(ruleset)
    assert "本地区规则最后核对于 2022 年 10 月；所选年度可能已调整，请以当地医保部门公布为准" in slip.notes
    assert "本地区规则最后核对于 2022 年 10 月" in slip_html(slip)
