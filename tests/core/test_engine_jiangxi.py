"""Jiangxi 江西 (seed 004): annual deductible 600; level1 60 %, level2 55 %, level3 50 %;
retirees +5 points; cap 1800 employed / 2000 retired; from 2023-01-01."""
from __future__ import annotations

from ._helpers import deductibles, funds, money, person, run, visit

R = "jiangxi"

CROSSING = (visit("2023-01-10", "level3", "400"), visit("2023-02-10", "level1", "1000"))
CAPPED = (visit("2023-03-01", "level2", "3000"), visit("2023-04-01", "level1", "1000"))


def test_annual_deductible_crossed_mid_visit(rule):
    est = run(rule(R), person(R, 2023, "employed"), *CROSSING)
    # v1: 400 all deductible → 0; v2: left 600 − 400 = 200 → (1000 − 200) × 60% = 480.00
    assert deductibles(est) == ["400.00", "200.00"]
    assert funds(est) == ["0.00", "480.00"]
    assert money(est.totals.deductible_met) == "600.00"
    assert money(est.totals.annual_deductible) == "600.00"
    assert money(est.totals.remaining_allowance) == "1320.00"  # 1800 − 480


def test_retiree_vs_employed(rule):
    est = run(rule(R), person(R, 2023, "retired"), *CROSSING)
    # v2: (1000 − 200) × (60 + 5)% = 520.00; remaining 2000 − 520 = 1480.00
    assert funds(est) == ["0.00", "520.00"]
    assert money(est.totals.remaining_allowance) == "1480.00"


def test_annual_cap_clips_mid_visit_employed(rule):
    est = run(rule(R), person(R, 2023, "employed"), *CAPPED)
    # v1: (3000 − 600) × 55% = 1320.00; v2: 1000 × 60% = 600.00 > left 1800 − 1320 = 480.00 → 480.00
    assert funds(est) == ["1320.00", "480.00"]
    assert money(est.lines[1].payable) == "600.00"
    assert money(est.lines[1].self_pay) == "520.00"  # 1000 − 480
    assert money(est.totals.fund) == "1800.00"
    assert money(est.totals.remaining_allowance) == "0.00"


def test_annual_cap_clips_mid_visit_retired(rule):
    est = run(rule(R), person(R, 2023, "retired"), *CAPPED)
    # v1: 2400 × 60% = 1440.00; v2: 1000 × 65% = 650.00 > left 2000 − 1440 = 560.00 → 560.00
    assert funds(est) == ["1440.00", "560.00"]
    assert money(est.totals.fund) == "2000.00"
    assert money(est.totals.annual_cap) == "2000.00"


def test_non_designated_visits_not_paid_even_emergency(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-05-01", "level1", "500", designated=False),
              visit("2023-05-02", "level1", "500", designated=False, emergency=True),
              visit("2023-05-03", "level1", "1000"))
    # v1, v2: 0, nothing toward the deductible; v3: (1000 − 600) × 60% = 240.00
    assert funds(est) == ["0.00", "0.00", "240.00"]
    assert deductibles(est) == ["0.00", "0.00", "600.00"]


def test_self_funded_and_class_b_reduce_policy_scope(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-07-01", "level2", "2000", self_funded="300", class_b_copay="200"))
    # scope 2000 − 300 − 200 = 1500; (1500 − 600) × 55% = 495.00; self pay 2000 − 495 = 1505.00
    assert money(est.lines[0].policy_scope) == "1500.00"
    assert funds(est) == ["495.00"]
    assert money(est.lines[0].self_pay) == "1505.00"


def test_rules_start_on_2023_01_01(rule):
    before = run(rule(R), person(R, 2022, "employed"), visit("2022-12-31", "level1", "1600"))
    after = run(rule(R), person(R, 2023, "employed"), visit("2023-01-01", "level1", "1600"))
    # before: no rule → 0; after: (1600 − 600) × 60% = 600.00
    assert funds(before) == ["0.00"]
    assert deductibles(before) == ["0.00"]
    assert money(before.totals.deductible_met) == "0.00"
    assert funds(after) == ["600.00"]
