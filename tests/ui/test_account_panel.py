"""Issue 11: the account part of the summary panel says which assumptions the figures rest on."""
from __future__ import annotations

from app.paths import resources_dir


def test_summary_lists_the_assumptions_in_both_languages(make_window):
    w = make_window()
    w.open_path(resources_dir() / "samples" / "sample.mzcase", as_untitled=True)
    # Tongliao retiree 2026 with average_pension_2021 3200: credits 3200 × 2% = 64.00 on the 1st of each
    # month (assumed), paid before cash (assumed)
    label = w.summary.assumptions
    assert label.isVisibleTo(w)
    assert "假设：个人账户每月1日划入当月金额" in label.text()
    assert "假设：个人负担部分按就诊日期先由个人账户支付" in label.text()
    assert "理由：文件只规定按月划入" in label.toolTip()


def test_months_without_an_account_rule_are_shown_unknown(make_window, tmp_path):
    """Jiangxi 2022 (rules from 2023): the account part says unknown instead of showing 0.00 credited."""
    import json

    path = tmp_path / "jx2022.mzcase"
    path.write_text(json.dumps({
        "format": "outpatient-pooling-case", "version": 1,
        "person": {"region": "jiangxi", "year": 2022, "category": "employed", "birth_date": "", "parameters": {},
                   "title": "", "contribution_base": "6000", "opening_balance": ""},
        "rows": [{"date": "2022-12-30", "tier": "level1", "total": "1500.00", "self_funded": "", "class_b_copay": "",
                  "designated": True, "emergency": False, "exclusion": "", "family": False}]},
        ensure_ascii=False), encoding="utf-8")
    w = make_window()
    w.open_path(path, as_untitled=True)
    s = w.summary
    assert not s.account_values["credited"].isVisibleTo(w)
    assert s.account_missing.isVisibleTo(w)
    assert s.account_missing.text().startswith("2022年没有有效的个人账户规则")


def test_jiangsu_is_flagged_like_unverified_with_the_bounds_note(make_window):
    """Defect 9: Jiangsu's figures are estimates from provincial bounds: the header flags it (⚠ and the
    badge) and its tooltip says so in its own words."""
    from tests.ui.test_window import new_case

    w = make_window()
    new_case(w, "jiangsu", 2023)
    assert w.header.badge.isVisible()
    assert "以所在设区市的实施细则为准" in w.header.badge.toolTip()
    assert w.header.region.currentText().endswith("⚠")


def test_jincheng_panel_says_the_long_term_care_contribution_is_not_in_the_balance(make_window):
    from tests.ui.test_window import new_case

    w = make_window()
    new_case(w, "jincheng", 2023, "retired")
    assert w.summary.account_missing.isVisibleTo(w)
    assert "个人账户余额未扣除长期护理保险个人缴费" in w.summary.account_missing.text()
    assert "param_ltc_monthly" in [e.objectName() for e in w.header.param_edits.values()]


def test_the_explanation_of_a_visit_says_how_the_account_paid_it_and_why(make_window):
    """Sample case (Tongliao retiree, 2026, 64.00 a month, opening 150.00): the first visit, 01-08 level2 320,
    is all deductible → patient 320.00; the account holds 150 + 64 = 214.00 → account 214.00, cash 106.00,
    paid from the account first (assumed)."""
    w = make_window()
    w.open_path(resources_dir() / "samples" / "sample.mzcase", as_untitled=True)
    row = next(i for i, r in enumerate(w.sheet.rows) if r.date == "2026-01-08")
    w.view.setCurrentIndex(w.model.index(row, 0))
    text = w.explanation.text.toPlainText()
    assert "个人账户支付 214.00，现金支付 106.00" in text
    assert "假设：个人负担部分按就诊日期先由个人账户支付" in text
