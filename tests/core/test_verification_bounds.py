"""Issue 11, defect 9: Jiangsu's figures are estimates from the province's bounds (苏政办发〔2021〕108号
二、（一）: deductible ≤ 1 %, cap ≈ 8 % of the 2021 average wage, ratio ≥ 60 %), not verified city rules.
A third verification state, ``bounds``, is shown like ``unverified`` in its own words, and a user rule
file for a Jiangsu city replaces the bundled one."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.case import Person
from app.core.report import estimate_to_dict
from app.core.rules.loader import RuleFileError, load_rule_file, load_rules
from app.core.slip import build_slip
from rule_copies import RULES, replace_once

from ._helpers import D, funds, run, visit


def jiangsu_estimate(rule):
    # average wage 115000 → deductible 1150.00; level2 3000: (3000 − 1150) × 60 % = 1110.00
    return run(rule("jiangsu"), Person(region="jiangsu", year=2023, category="employed",
                                       parameters={"average_wage_2021": D("115000")}),
               visit("2023-04-01", "level2", "3000"))


def test_jiangsu_is_marked_bounds_not_verified(rule):
    rf = rule("jiangsu")
    assert rf.verification == "bounds" and rf.verified is False
    est = jiangsu_estimate(rule)
    assert funds(est) == ["1110.00"]
    data = estimate_to_dict(est)
    assert data["verified"] is False and data["verification"] == "bounds"


def test_the_slip_says_bounds_in_its_own_words(rule):
    est = jiangsu_estimate(rule)
    zh = build_slip(est, lang="zh", printed=date(2026, 1, 1)).warning
    en = build_slip(est, lang="en", printed=date(2026, 1, 1)).warning
    assert zh.startswith("注意：按省级指导意见的上下限估算，以所在城市的规则为准")
    assert en.startswith("Caution: estimated from provincial bounds; the city's own rules prevail")
    assert "not verified" not in en


def test_a_user_file_for_a_jiangsu_city_replaces_the_bundled_one(tmp_path):
    """A city's own rules (here: deductible 1000, ratio 65 %, marked verified) replace the estimate:
    level2 3000 → (3000 − 1000) × 65 % = 1300.00."""
    text = (RULES / "jiangsu.yaml").read_text(encoding="utf-8")
    text = replace_once(text, "verified: bounds", "verified: true")
    text = replace_once(text, "amount: {parameter: average_wage_2021, times: 0.01}", "amount: 1000")
    text = replace_once(text, "ratio: {parameter: ratio, times: 1}", "ratio: 0.65")
    text = text.split("\nexamples:\n")[0] + """
examples:
  - name: the city's own figures
    arithmetic: (3000 − 1000) × 65% = 1300.00
    year: 2023
    category: employed
    parameters: {average_wage_2021: 115000}
    visits:
      - {date: 2023-04-01, tier: level2, total: 3000}
    expect:
      visits: [{fund: "1300.00"}]
"""
    (tmp_path / "jiangsu.yaml").write_text(text, encoding="utf-8")
    rules = load_rules([tmp_path])
    assert rules.errors == []
    rf = rules.regions["jiangsu"]
    assert rf.verified and rf.verification == "verified"
    est = run(rf, Person(region="jiangsu", year=2023, category="employed",
                         parameters={"average_wage_2021": D("115000")}), visit("2023-04-01", "level2", "3000"))
    assert funds(est) == ["1300.00"]


def test_only_true_false_or_bounds_are_accepted(tmp_path):
    text = (RULES / "jiangsu.yaml").read_text(encoding="utf-8")
    path = tmp_path / "jiangsu.yaml"
    path.write_text(replace_once(text, "verified: bounds", "verified: verified"), encoding="utf-8")
    with pytest.raises(RuleFileError):
        load_rule_file(path)
    path.write_text(replace_once(text, "verified: bounds", "verified: false"), encoding="utf-8")
    assert load_rule_file(path).verification == "unverified"
