"""Jincheng 晋城 (seed 002, 晋市医保发〔2022〕22号): deductible PER VISIT by fee class
(class1 80 / class2 50 / class3 30); employed 50/55/60 %, retired 55/60/65 %; cap 1800 employed /
2000 retired; from 2023-01-01; non-designated not paid except emergency rescue (不予支付第5项)."""
from __future__ import annotations

from ._helpers import deductibles, funds, money, person, run, visit

R = "jincheng"

THREE_CLASSES = (
    visit("2023-02-01", "class1", "500"),
    visit("2023-02-02", "class2", "500"),
    visit("2023-02-03", "class3", "500"),
    visit("2023-02-04", "class1", "60"),  # below the class1 per-visit deductible of 80
)


def test_per_visit_deductible_all_three_classes_employed(rule):
    est = run(rule(R), person(R, 2023, "employed"), *THREE_CLASSES)
    # class1: (500 − 80) × 50% = 210.00
    # class2: (500 − 50) × 55% = 247.50
    # class3: (500 − 30) × 60% = 282.00
    # class1 60 < 80: applied 60, fund 0
    assert deductibles(est) == ["80.00", "50.00", "30.00", "60.00"]
    assert funds(est) == ["210.00", "247.50", "282.00", "0.00"]
    assert money(est.lines[3].self_pay) == "60.00"
    t = est.totals
    assert money(t.fund) == "739.50"  # 210 + 247.50 + 282
    assert money(t.deductible_met) == "220.00"  # 80 + 50 + 30 + 60
    assert t.annual_deductible is None  # per-visit deductible: no annual figure
    assert money(t.remaining_allowance) == "1060.50"  # 1800 − 739.50
    assert {k: money(v) for k, v in t.fund_by_tier.items()} == {
        "class1": "210.00", "class2": "247.50", "class3": "282.00"}


def test_per_visit_deductible_does_not_accumulate(rule):
    # two class2 visits of 100 each: each bears its own 50 → (100 − 50) × 55% = 27.50 twice
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-02-01", "class2", "100"), visit("2023-02-02", "class2", "100"))
    assert deductibles(est) == ["50.00", "50.00"]
    assert funds(est) == ["27.50", "27.50"]


def test_retiree_gets_more_than_employed(rule):
    est = run(rule(R), person(R, 2023, "retired"), *THREE_CLASSES)
    # class1: 420 × 55% = 231.00; class2: 450 × 60% = 270.00; class3: 470 × 65% = 305.50; 60 → 0
    assert funds(est) == ["231.00", "270.00", "305.50", "0.00"]
    assert money(est.totals.fund) == "806.50"
    assert money(est.totals.remaining_allowance) == "1193.50"  # 2000 − 806.50


def test_annual_cap_clips_mid_visit(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-03-01", "class3", "2000"),
              visit("2023-03-02", "class3", "1200"))
    # v1: (2000 − 30) × 60% = 1182.00
    # v2: (1200 − 30) × 60% = 702.00, cap left 1800 − 1182 = 618.00 → 618.00; self pay 1200 − 618 = 582.00
    assert funds(est) == ["1182.00", "618.00"]
    assert est.lines[1].cap_clipped
    assert money(est.lines[1].self_pay) == "582.00"
    assert money(est.totals.fund) == "1800.00"
    assert money(est.totals.remaining_allowance) == "0.00"


def test_emergency_at_non_designated_place_is_paid(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-05-01", "class2", "250", designated=False, emergency=True),
              visit("2023-05-02", "class2", "250", designated=False))
    # emergency rescue excepted (第5项): (250 − 50) × 55% = 110.00
    # ordinary non-designated: 0 and no deductible applied
    assert funds(est) == ["110.00", "0.00"]
    assert deductibles(est) == ["50.00", "0.00"]
    assert est.lines[0].excluded is None
    assert est.lines[1].excluded == "non_designated"


def test_self_funded_and_class_b_reduce_policy_scope(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-04-01", "class1", "1000", self_funded="200", class_b_copay="100"))
    # scope 1000 − 200 − 100 = 700; (700 − 80) × 50% = 310.00; self pay 1000 − 310 = 690.00
    line = est.lines[0]
    assert money(line.policy_scope) == "700.00"
    assert money(line.fund) == "310.00"
    assert money(line.self_pay) == "690.00"


def test_listed_exclusion_pays_nothing(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-04-01", "class1", "1000", exclusion="work_injury"))
    # 不予支付情形第1项 (工伤): 0
    assert funds(est) == ["0.00"]
    assert deductibles(est) == ["0.00"]
    assert est.lines[0].excluded == "work_injury"


def test_rules_start_on_2023_01_01(rule):
    before = run(rule(R), person(R, 2022, "employed"), visit("2022-12-31", "class3", "130"))
    after = run(rule(R), person(R, 2023, "employed"), visit("2023-01-01", "class3", "130"))
    # 2022-12-31: no rule → 0; 2023-01-01: (130 − 30) × 60% = 60.00
    assert funds(before) == ["0.00"]
    assert deductibles(before) == ["0.00"]
    assert before.lines[0].excluded == "no_rule"
    assert funds(after) == ["60.00"]


def test_rounding_half_up_at_the_fen(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-06-01", "class1", "100.01"),
              visit("2023-06-02", "class2", "51.10"),
              visit("2023-06-03", "class1", "80.03"))
    # class1: (100.01 − 80) × 50% = 10.005 → 10.01 (half-even would give 10.00)
    # class2: (51.10 − 50) × 55% = 0.605 → 0.61 (half-even would give 0.60)
    # class1: (80.03 − 80) × 50% = 0.015 → 0.02
    assert funds(est) == ["10.01", "0.61", "0.02"]
    assert [money(x.self_pay) for x in est.lines] == ["90.00", "50.49", "80.01"]
    assert money(est.totals.fund) == "10.64"  # 10.01 + 0.61 + 0.02
