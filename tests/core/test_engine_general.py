"""Engine behaviour common to all regions: date order, explanations with citations,
input checks, next-visit quotes."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from app.core.case import ValidationError

from app.core.case import Case
from app.core.engine import CaseError, explain, note_texts, quote_next_visit, settle

from ._helpers import deductibles, funds, money, person, run, visit


def test_visits_out_of_date_order_are_settled_in_date_order(rule):
    rf = rule("tongliao")
    est = run(rf, person("tongliao", 2023, "employed"),
              visit("2023-05-01", "level3", "1500"),  # given first
              visit("2023-02-01", "level2", "800"))
    # in date order: Feb 800 → all deductible, 0; May: left 200 → (1500 − 200) × 50% = 650.00
    # (in the given order it would be May (1500 − 1000) × 50% = 250 + Feb 800 × 60% = 480 → 730)
    assert [line.visit.date for line in est.lines] == [date(2023, 2, 1), date(2023, 5, 1)]
    assert [line.index for line in est.lines] == [1, 0]  # positions in the case are kept
    assert funds(est) == ["0.00", "650.00"]
    assert deductibles(est) == ["800.00", "200.00"]
    assert money(est.totals.fund) == "650.00"
    assert money(est.by_index()[0].fund) == "650.00"


def test_same_day_visits_keep_their_order(rule):
    rf = rule("jiangxi")
    est = run(rf, person("jiangxi", 2023, "employed"),
              visit("2023-03-01", "level3", "700"),
              visit("2023-03-01", "level1", "700"))
    # first listed first: level3 (700 − 600) × 50% = 50.00; then level1 700 × 60% = 420.00
    assert [line.index for line in est.lines] == [0, 1]
    assert funds(est) == ["50.00", "420.00"]


def test_explanation_mentions_ratio_and_cited_article(rule):
    rf = rule("tongliao")
    est = run(rf, person("tongliao", 2023, "employed"), visit("2023-05-10", "level3", "1500"))
    lines = explain(est.lines[0], rf, "zh")
    ratio_lines = [line for line in lines if "50%" in line]
    assert ratio_lines, lines
    # (1500 − 1000) × 50% = 250.00, citing 第五条 of the Tongliao rules
    assert any("250.00" in line and "第五条" in line for line in ratio_lines), ratio_lines
    assert any("1000.00" in line and "第五条" in line for line in lines)  # the deductible line
    assert any("4000.00" in line for line in lines)  # the cap line
    assert any("通辽市职工基本医疗保险门诊共济保障机制实施细则" in line for line in lines)
    english = explain(est.lines[0], rf, "en")
    assert any("Ratio 50%" in line and "第五条" in line for line in english), english


def test_explanation_cites_document_number(rule):
    rf = rule("jincheng")
    est = run(rf, person("jincheng", 2023, "retired"), visit("2023-05-10", "class2", "150"))
    lines = explain(est.lines[0], rf, "zh")
    # (150 − 50) × 60% = 60.00 under 晋市医保发〔2022〕22号, 待遇表
    assert any("60%" in line and "60.00" in line and "晋市医保发〔2022〕22号" in line and "待遇表" in line
               for line in lines), lines


def test_explanation_of_a_band_split(rule):
    rf = rule("beijing")
    est = run(rf, person("beijing", 2023, "employed"), visit("2023-08-08", "community", "25000"))
    lines = explain(est.lines[0], rf, "en")
    # 23200 above the deductible: 20000 × 90% = 18000.00, 3200 × 60% = 1920.00
    assert any("20000.00" in line and "90%" in line and "18000.00" in line for line in lines), lines
    assert any("3200.00" in line and "60%" in line and "1920.00" in line for line in lines), lines
    assert money(est.lines[0].fund) == "19920.00"
    assert note_texts(est.lines[0], rf, "en")  # the visit is flagged as crossing a band


def test_excluded_visit_explains_why(rule):
    rf = rule("jiangxi")
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-05-10", "level1", "900", designated=False))
    assert any("Non-designated" in line for line in explain(est.lines[0], rf, "en"))
    assert note_texts(est.lines[0], rf, "en") == ["non-designated: not paid"]


def test_unknown_tier_is_a_case_error(rule):
    rf = rule("jincheng")
    with pytest.raises(CaseError) as info:
        run(rf, person("jincheng", 2023, "employed"),
            visit("2023-01-05", "class1", "100"), visit("2023-01-06", "level1", "100"))
    assert info.value.field == "tier"
    assert info.value.visit == 1
    assert "level1" in str(info.value)


def test_unknown_exclusion_is_a_case_error(rule):
    with pytest.raises(CaseError) as info:
        run(rule("jincheng"), person("jincheng", 2023, "employed"),
            visit("2023-01-05", "class1", "100", exclusion="bogus"))
    assert info.value.field == "exclusion"


def test_rules_of_another_region_are_refused(rule):
    with pytest.raises(CaseError) as info:
        run(rule("jiangxi"), person("tongliao", 2023, "employed"), visit("2023-01-05", "level1", "100"))
    assert info.value.field == "region"


def test_visit_outside_the_year_is_refused():
    with pytest.raises(ValidationError) as info:
        Case(person=person("jiangxi", 2023, "employed"), visits=(visit("2024-01-01", "level1", "100"),))
    assert "outside the year 2023" in str(info.value)


def test_negative_policy_scope_is_refused():
    with pytest.raises(ValidationError) as info:
        visit("2023-01-01", "level1", "100", self_funded="80", class_b_copay="30")  # 80 + 30 > 100
    assert "negative" in str(info.value)


def test_zero_scope_visit(rule):
    est = run(rule("jiangxi"), person("jiangxi", 2023, "employed"),
              visit("2023-01-01", "level1", "100", self_funded="100"))
    # scope 0: nothing toward the deductible, fund 0, patient pays 100
    assert deductibles(est) == ["0.00"]
    assert funds(est) == ["0.00"]
    assert money(est.lines[0].self_pay) == "100.00"


def test_empty_year(rule):
    est = run(rule("jiangxi"), person("jiangxi", 2023, "retired"))
    assert est.lines == ()
    assert money(est.totals.fund) == "0.00"
    assert money(est.totals.annual_cap) == "2000.00"
    assert money(est.totals.remaining_allowance) == "2000.00"


def test_quote_next_visit_per_tier(rule):
    rf = rule("tongliao")
    case = Case(person=person("tongliao", 2023, "employed"), visits=(visit("2023-01-10", "level1", "1000"),))
    quote = quote_next_visit(case, rf, Decimal("100"), date(2023, 2, 1))
    # deductible met by the 1000 visit: 100 × 60% = 60.00 (level1, level2), 100 × 50% = 50.00 (level3)
    assert {k: money(v.fund) for k, v in quote.items()} == {
        "level1": "60.00", "level2": "60.00", "level3": "50.00"}
    # quoting does not change the year's settlement
    assert money(settle(case, rf).totals.deductible_met) == "1000.00"
