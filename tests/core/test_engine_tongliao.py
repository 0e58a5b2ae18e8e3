"""Tongliao 通辽 (seed 001): annual deductible 1000 (第五条); level1/level2 60 %, level3 50 %,
retirees +5 points; cap 4000 employed / 5000 retired; in force from 2022-10-01 (第十八条);
non-designated visits are not paid, emergency or not (DOMAIN.md: only Jincheng pays those)."""
from __future__ import annotations

from decimal import Decimal

from ._helpers import deductibles, funds, money, person, run, visit

R = "tongliao"


def test_annual_deductible_crossed_mid_visit(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-02-01", "level1", "700"),
              visit("2023-03-01", "level2", "900"))
    # visit 1: 700 < 1000 → all 700 to the deductible, fund 0
    # visit 2: deductible left 1000 − 700 = 300; (900 − 300) × 60% = 360.00
    assert deductibles(est) == ["700.00", "300.00"]
    assert funds(est) == ["0.00", "360.00"]
    assert money(est.lines[1].self_pay) == "540.00"  # 900 − 360
    t = est.totals
    assert money(t.deductible_met) == "1000.00"
    assert money(t.annual_deductible) == "1000.00"
    assert money(t.fund) == "360.00"
    assert money(t.annual_cap) == "4000.00"
    assert money(t.remaining_allowance) == "3640.00"  # 4000 − 360
    assert {k: money(v) for k, v in t.fund_by_tier.items()} == {
        "level1": "0.00", "level2": "360.00", "level3": "0.00"}


def test_retiree_gets_more_than_employed_for_the_same_visits(rule):
    visits = (visit("2023-02-01", "level1", "700"), visit("2023-03-01", "level2", "900"))
    employed = run(rule(R), person(R, 2023, "employed"), *visits)
    retired = run(rule(R), person(R, 2023, "retired"), *visits)
    # employed: (900 − 300) × 60% = 360.00; retired: (900 − 300) × (60 + 5)% = 390.00
    assert funds(employed) == ["0.00", "360.00"]
    assert funds(retired) == ["0.00", "390.00"]
    assert money(retired.totals.remaining_allowance) == "4610.00"  # 5000 − 390


def test_annual_cap_clips_mid_visit_employed(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-01-10", "level3", "1000"),
              visit("2023-02-10", "level2", "6000"),
              visit("2023-03-10", "level3", "2000"),
              visit("2023-04-10", "level1", "300"))
    # v1: 1000 all deductible → 0
    # v2: 6000 × 60% = 3600.00 (cap left 4000)
    # v3: 2000 × 50% = 1000.00 but cap left 4000 − 3600 = 400.00 → 400.00, self pay 1600.00
    # v4: 300 × 60% = 180.00, cap left 0 → 0.00
    assert funds(est) == ["0.00", "3600.00", "400.00", "0.00"]
    assert money(est.lines[2].payable) == "1000.00"
    assert est.lines[2].cap_clipped is True
    assert money(est.lines[2].self_pay) == "1600.00"
    assert money(est.totals.fund) == "4000.00"
    assert money(est.totals.remaining_allowance) == "0.00"
    assert money(est.totals.self_pay) == "5300.00"  # 9300 − 4000


def test_annual_cap_retired_is_5000(rule):
    est = run(rule(R), person(R, 2023, "retired"),
              visit("2023-01-10", "level3", "1000"),
              visit("2023-02-10", "level2", "6000"),
              visit("2023-03-10", "level3", "2000"),
              visit("2023-04-10", "level1", "300"))
    # v2: 6000 × 65% = 3900.00; v3: 2000 × 55% = 1100.00 = cap left 5000 − 3900 → 1100.00
    # v4: 300 × 65% = 195.00, cap left 0 → 0.00
    assert funds(est) == ["0.00", "3900.00", "1100.00", "0.00"]
    assert money(est.totals.fund) == "5000.00"
    assert money(est.totals.remaining_allowance) == "0.00"


def test_non_designated_visit_pays_nothing_and_does_not_count(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-01-05", "level2", "800", designated=False),
              visit("2023-01-20", "level2", "1200"))
    # v1 non-designated: 0, and nothing toward the deductible
    # v2: full deductible 1000 still due → (1200 − 1000) × 60% = 120.00
    #     (had v1 counted it would be (1200 − 200) × 60% = 600.00)
    assert funds(est) == ["0.00", "120.00"]
    assert deductibles(est) == ["0.00", "1000.00"]
    assert est.lines[0].excluded == "non_designated"
    assert money(est.lines[0].self_pay) == "800.00"


def test_emergency_at_non_designated_place_not_paid(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-01-05", "level2", "2000", designated=False, emergency=True),
              visit("2023-01-20", "level2", "1500"))
    # Tongliao pays only at designated institutions (第五条): emergency → 0, not toward the deductible
    # v2: (1500 − 1000) × 60% = 300.00
    assert funds(est) == ["0.00", "300.00"]
    assert deductibles(est) == ["0.00", "1000.00"]
    assert est.lines[0].excluded == "non_designated"


def test_self_funded_and_class_b_reduce_policy_scope(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-06-01", "level3", "3000", self_funded="500", class_b_copay="300"))
    # scope = 3000 − 500 − 300 = 2200; (2200 − 1000) × 50% = 600.00; self pay 3000 − 600 = 2400.00
    line = est.lines[0]
    assert money(line.policy_scope) == "2200.00"
    assert money(line.deductible) == "1000.00"
    assert money(line.fund) == "600.00"
    assert money(line.self_pay) == "2400.00"
    assert money(est.totals.policy_scope) == "2200.00"


def test_rules_start_on_2022_10_01(rule):
    est = run(rule(R), person(R, 2022, "employed"),
              visit("2022-09-30", "level2", "1500"),
              visit("2022-10-01", "level2", "1500"))
    # 2022-09-30: no rule in force (第十八条: from 2022-10-01) → 0, nothing toward the deductible
    # 2022-10-01: (1500 − 1000) × 60% = 300.00
    assert funds(est) == ["0.00", "300.00"]
    assert deductibles(est) == ["0.00", "1000.00"]
    assert est.lines[0].excluded == "no_rule"
    assert est.lines[1].excluded is None


def test_family_member_visit_gets_nothing_and_does_not_count_toward_the_deductible(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-03-01", "level1", "1500", patient="family"),
              visit("2023-03-02", "level1", "1500"))
    # 第七条: benefits for the insured person only → 0; 第六条: family spending does not count toward
    # the deductible, so the own visit still bears all 1000: (1500 − 1000) × 60% = 300.00
    assert funds(est) == ["0.00", "300.00"]
    assert deductibles(est) == ["0.00", "1000.00"]
    assert est.lines[0].excluded == "family_member"


def test_inpatient_cap_note_is_shown(rule):
    from app.core.engine import region_notes

    est = run(rule(R), person(R, 2023, "employed"), visit("2023-03-01", "level1", "100"))
    notes = region_notes(rule(R), est.totals.version_id, "zh")
    assert any("住院" in n for n in notes)  # 第八条: counts toward the inpatient cap


def test_amounts_are_decimal(rule):
    est = run(rule(R), person(R, 2023, "employed"), visit("2023-03-01", "level1", "1500"))
    for value in (est.lines[0].fund, est.lines[0].self_pay, est.totals.fund, est.totals.remaining_allowance):
        assert isinstance(value, Decimal)
