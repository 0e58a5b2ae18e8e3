"""Beijing 北京 (DOMAIN.md, commonly cited figures, marked unverified): annual deductible 1800
employed / 1300 retired; tiers community / hospital; employed 90 / 70 %; retired under 70: 90 / 85 %;
retired 70+: 90 / 90 %; above 20,000 yuan a year (cumulative above the deductible) employed 60 %,
retired 80 %; no annual cap."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.engine import CaseError

from ._helpers import deductibles, funds, money, person, run, visit

R = "beijing"


def test_file_is_marked_unverified(rule):
    assert rule(R).verified is False
    assert rule(R).verification_note is not None


def test_employed_deductible_crossing(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-02-01", "hospital", "1000"),
              visit("2023-03-01", "hospital", "3000"))
    # v1: 1000 → deductible; v2: left 800 → (3000 − 800) × 70% = 1540.00
    assert deductibles(est) == ["1000.00", "800.00"]
    assert funds(est) == ["0.00", "1540.00"]
    assert money(est.totals.deductible_met) == "1800.00"
    assert est.totals.annual_cap is None  # no annual cap
    assert est.totals.remaining_allowance is None


def test_retiree_vs_employed(rule):
    visits = (visit("2023-02-01", "community", "1500"), visit("2023-03-01", "hospital", "2000"))
    e = run(rule(R), person(R, 2023, "employed"), *visits)
    r = run(rule(R), person(R, 2023, "retired", birth="1960-01-01"), *visits)
    # employed: v1 1500 → deductible; v2 left 300 → (2000 − 300) × 70% = 1190.00
    # retired (63): v1 (1500 − 1300) × 90% = 180.00; v2 2000 × 85% = 1700.00
    assert funds(e) == ["0.00", "1190.00"]
    assert funds(r) == ["180.00", "1700.00"]
    assert money(e.totals.fund) == "1190.00"
    assert money(r.totals.fund) == "1880.00"


@pytest.mark.parametrize("day, ratio_text, fund", [
    ("2023-06-14", "85%", "850.00"),  # the day before the 70th birthday: age 69 → 1000 × 85%
    ("2023-06-15", "90%", "900.00"),  # on the birthday: age 70 → 1000 × 90%
])
def test_seventieth_birthday_mid_year(rule, day, ratio_text, fund):
    est = run(rule(R), person(R, 2023, "retired", birth="1953-06-15"),
              visit("2023-01-10", "hospital", "1300"),
              visit(day, "hospital", "1000"))
    # v1: 1300 = retired deductible → 0
    assert funds(est) == ["0.00", fund]
    from app.core.engine import explain
    assert any(ratio_text in line for line in explain(est.lines[1], rule(R)))


def test_band_split_within_one_visit(rule):
    est = run(rule(R), person(R, 2023, "employed"), visit("2023-08-08", "hospital", "30000"))
    # deductible 1800 → 28200 above it
    # first 20000 × 70% = 14000.00; next 8200 × 60% = 4920.00 → 18920.00; self pay 30000 − 18920 = 11080.00
    line = est.lines[0]
    assert money(line.deductible) == "1800.00"
    assert money(line.fund) == "18920.00"
    assert money(line.self_pay) == "11080.00"
    assert [(money(p.amount), p.ratio) for p in line.pieces] == [
        ("20000.00", Decimal("0.70")), ("8200.00", Decimal("0.60"))]


def test_band_crossing_across_visits_employed(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-03-01", "community", "21800"),
              visit("2023-04-01", "community", "1000"))
    # v1: (21800 − 1800) = 20000, exactly the band: 20000 × 90% = 18000.00
    # v2: all above 20000 → 1000 × 60% = 600.00
    assert funds(est) == ["18000.00", "600.00"]


def test_band_crossing_across_visits_retired(rule):
    est = run(rule(R), person(R, 2023, "retired", birth="1958-01-01"),
              visit("2023-03-01", "hospital", "16300"),
              visit("2023-04-01", "hospital", "10000"),
              visit("2023-05-01", "community", "2000"))
    # retired, 65: deductible 1300
    # v1: 15000 × 85% = 12750.00 (cumulative 15000)
    # v2: 5000 × 85% = 4250.00 up to 20000, then 5000 × 80% = 4000.00 → 8250.00
    # v3: above the band: 2000 × 80% = 1600.00
    assert funds(est) == ["12750.00", "8250.00", "1600.00"]
    assert money(est.totals.fund) == "22600.00"


def test_emergency_at_non_designated_place_not_paid(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-02-01", "hospital", "5000", designated=False, emergency=True),
              visit("2023-03-01", "community", "2000"))
    # v1: 0, not toward the deductible; v2: (2000 − 1800) × 90% = 180.00
    assert funds(est) == ["0.00", "180.00"]
    assert deductibles(est) == ["0.00", "1800.00"]


def test_self_funded_and_class_b_reduce_policy_scope(rule):
    est = run(rule(R), person(R, 2023, "employed"),
              visit("2023-02-01", "community", "3000", self_funded="400", class_b_copay="300"))
    # scope 3000 − 400 − 300 = 2300; (2300 − 1800) × 90% = 450.00; self pay 2550.00
    assert money(est.lines[0].policy_scope) == "2300.00"
    assert funds(est) == ["450.00"]
    assert money(est.lines[0].self_pay) == "2550.00"


def test_rules_start_on_2023_01_01(rule):
    before = run(rule(R), person(R, 2022, "employed"), visit("2022-12-31", "community", "2800"))
    after = run(rule(R), person(R, 2023, "employed"), visit("2023-01-01", "community", "2800"))
    # before: no rule → 0; after: (2800 − 1800) × 90% = 900.00
    assert funds(before) == ["0.00"]
    assert funds(after) == ["900.00"]


def test_retired_needs_a_birth_date(rule):
    with pytest.raises(CaseError) as info:
        run(rule(R), person(R, 2023, "retired"), visit("2023-02-01", "community", "3000"))
    assert info.value.field == "birth_date"


def test_employed_needs_no_birth_date(rule):
    est = run(rule(R), person(R, 2023, "employed"), visit("2023-02-01", "community", "2000"))
    assert funds(est) == ["180.00"]  # (2000 − 1800) × 90%
