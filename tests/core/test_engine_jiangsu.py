"""Jiangsu 江苏 (seed 000, 苏政办发〔2021〕108号): provincial guidance only. The estimator takes the
area's 2021 average wage: deductible = 1 % of it, cap = 8 % of it, each rounded to the fen half-up;
ratio 60 % at every tier unless a higher ratio (≥ 60 %) is set."""
from __future__ import annotations

import pytest

from app.core.engine import CaseError

from ._helpers import deductibles, funds, money, person, run, visit

R = "jiangsu"


def test_fractional_fen_wage(rule):
    est = run(rule(R), person(R, 2023, "employed", average_wage_2021="123456.78"),
              visit("2023-04-01", "level2", "2000"))
    # deductible 123456.78 × 1% = 1234.5678 → 1234.57
    # cap        123456.78 × 8% = 9876.5424 → 9876.54
    # (2000 − 1234.57) × 60% = 765.43 × 0.6 = 459.258 → 459.26
    assert deductibles(est) == ["1234.57"]
    assert funds(est) == ["459.26"]
    t = est.totals
    assert money(t.annual_deductible) == "1234.57"
    assert money(t.deductible_met) == "1234.57"
    assert money(t.annual_cap) == "9876.54"
    assert money(t.remaining_allowance) == "9417.28"  # 9876.54 − 459.26


def test_deductible_rounds_half_up(rule):
    est = run(rule(R), person(R, 2023, "employed", average_wage_2021="100000.50"),
              visit("2023-04-01", "level1", "500"))
    # deductible 100000.50 × 1% = 1000.005 → 1000.01 (half-even would give 1000.00)
    # cap 100000.50 × 8% = 8000.04
    assert money(est.totals.annual_deductible) == "1000.01"
    assert money(est.totals.annual_cap) == "8000.04"
    assert deductibles(est) == ["500.00"]


def test_deductible_crossing_and_cap_clipping(rule):
    est = run(rule(R), person(R, 2023, "employed", average_wage_2021="50000"),
              visit("2023-01-10", "level1", "300"),
              visit("2023-02-10", "level3", "5000"),
              visit("2023-03-10", "level2", "3000"))
    # deductible 50000 × 1% = 500.00; cap 50000 × 8% = 4000.00
    # v1: 300 → deductible, 0
    # v2: left 200 → (5000 − 200) × 60% = 2880.00
    # v3: 3000 × 60% = 1800.00 > cap left 4000 − 2880 = 1120.00 → 1120.00
    assert deductibles(est) == ["300.00", "200.00", "0.00"]
    assert funds(est) == ["0.00", "2880.00", "1120.00"]
    assert money(est.totals.fund) == "4000.00"
    assert money(est.totals.remaining_allowance) == "0.00"


def test_user_sets_a_higher_ratio(rule):
    est = run(rule(R), person(R, 2023, "employed", average_wage_2021="60000", ratio="0.75"),
              visit("2023-05-05", "level1", "1000"))
    # deductible 600.00; (1000 − 600) × 75% = 300.00
    assert funds(est) == ["300.00"]


def test_retired_same_numbers_as_employed_by_default(rule):
    visits = (visit("2023-05-05", "level3", "2000"),)
    e = run(rule(R), person(R, 2023, "employed", average_wage_2021="80000"), *visits)
    r = run(rule(R), person(R, 2023, "retired", average_wage_2021="80000"), *visits)
    # deductible 800; (2000 − 800) × 60% = 720.00 for both
    assert funds(e) == funds(r) == ["720.00"]


def test_rules_start_on_2023_01_01(rule):
    before = run(rule(R), person(R, 2022, "employed", average_wage_2021="100000"),
                 visit("2022-12-31", "level1", "3000"))
    after = run(rule(R), person(R, 2023, "employed", average_wage_2021="100000"),
                visit("2023-01-01", "level1", "3000"))
    # before: no rule → 0; after: (3000 − 1000) × 60% = 1200.00
    assert funds(before) == ["0.00"]
    assert funds(after) == ["1200.00"]


def test_missing_average_wage_is_a_case_error(rule):
    with pytest.raises(CaseError) as info:
        run(rule(R), person(R, 2023, "employed"), visit("2023-04-01", "level2", "2000"))
    assert info.value.field == "average_wage_2021"
    assert "average_wage_2021" in str(info.value)


def test_ratio_below_minimum_is_a_case_error(rule):
    with pytest.raises(CaseError) as info:
        run(rule(R), person(R, 2023, "employed", average_wage_2021="100000", ratio="0.5"),
            visit("2023-04-01", "level2", "2000"))
    # the province requires at least 60% (不低于60%): 0.5 < 0.60
    assert info.value.field == "ratio"
    assert "0.5" in str(info.value) and "minimum" in str(info.value)


def test_ratio_above_one_is_a_case_error(rule):
    with pytest.raises(CaseError) as info:
        run(rule(R), person(R, 2023, "employed", average_wage_2021="100000", ratio="1.2"),
            visit("2023-04-01", "level2", "2000"))
    assert info.value.field == "ratio"


def test_unknown_parameter_is_a_case_error(rule):
    with pytest.raises(CaseError) as info:
        run(rule(R), person(R, 2023, "employed", average_wage_2021="100000", avg_wage="1"),
            visit("2023-04-01", "level2", "2000"))
    assert info.value.field == "avg_wage"
    assert "avg_wage" in str(info.value)


def test_parameter_for_a_region_without_parameters_is_a_case_error(rule):
    with pytest.raises(CaseError) as info:
        run(rule("jiangxi"), person("jiangxi", 2023, "employed", average_wage_2021="100000"),
            visit("2023-04-01", "level2", "2000"))
    assert info.value.field == "average_wage_2021"
