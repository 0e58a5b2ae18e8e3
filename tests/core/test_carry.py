"""Carry-in in the engine: the year starts from the carried deductible, fund and band; the rule file
says which names a region uses; a case that carries more than the year allows does not settle."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app.core.case import ValidationError

from app.core.case import Case, Person
from app.core.engine import CaseError, quote_next_visit, settle
from app.core.rules.loader import RuleFileError, load_rule_file

from ._helpers import D, funds, visit
from .test_rule_files import RULES


def carried(region: str, category: str = "employed", **carry: str) -> Person:
    return Person(region=region, year=2023, category=category, carry={k: D(v) for k, v in carry.items()})


def test_settlement_starts_from_the_carried_state(ruleset):
    rf = ruleset.regions["tongliao"]
    est = settle(Case(person=carried("tongliao", deductible_met="999.99", fund_paid="0"),
                      visits=(visit("2023-02-01", "level3", "100.01"),)), rf)
    # 0.01 of the deductible left; (100.01 − 0.01) × 50 % = 50.00
    assert funds(est) == ["50.00"] and est.totals.deductible_met == D("1000.00")
    assert est.totals.remaining_allowance == D("3950.00")  # 4000 − 0 − 50


def test_quote_after_carry(ruleset):
    rf = ruleset.regions["jiangxi"]
    case = Case(person=carried("jiangxi", deductible_met="600", fund_paid="1700"))
    quote = quote_next_visit(case, rf, D("1000"), date(2023, 6, 1))
    # deductible met; level1 1000 × 60 % = 600 > 1800 − 1700 = 100 left → 100.00 at every tier
    assert {t: r.fund for t, r in quote.items()} == {"level1": D("100.00"), "level2": D("100.00"),
                                                       "level3": D("100.00")}


def test_beijing_retired_band_and_age(ruleset):
    rf = ruleset.regions["beijing"]
    who = Person(region="beijing", year=2023, category="retired", birth_date=date(1950, 1, 1),
                 carry={"deductible_met": D("1300"), "above_deductible": D("19500")})
    est = settle(Case(person=who, visits=(visit("2023-05-01", "hospital", "1000"),)), rf)
    # 73 years old: hospital 90 % up to 20000 → 500 × 90 % = 450; the other 500 at 80 % = 400 → 850.00
    assert funds(est) == ["850.00"]


def test_name_the_region_does_not_use(ruleset):
    with pytest.raises(CaseError) as info:
        settle(Case(person=carried("jincheng", deductible_met="10")), ruleset.regions["jincheng"])
    assert info.value.field == "carry" and "deductible_met" in str(info.value)
    assert "起付" not in info.value.text("zh") and "deductible_met" in info.value.text("zh")


def test_above_the_cap_refused_in_both_languages(ruleset):
    with pytest.raises(CaseError) as info:
        settle(Case(person=carried("jiangxi", "retired", fund_paid="2000.01")), ruleset.regions["jiangxi"])
    assert "above the annual cap 2000.00" in str(info.value)
    assert info.value.text("zh") == "此前已累计的统筹基金支付 2000.01 超过年度最高支付限额 2000.00"


def test_unknown_name_refused_by_the_model():
    with pytest.raises(ValidationError):
        Person(region="tongliao", year=2023, category="employed", carry={"fund": D("1")})
    with pytest.raises(ValidationError):  # bounded where it enters
        Person(region="tongliao", year=2023, category="employed", carry={"fund_paid": "100000000"})


def test_rule_file_names_only_what_its_versions_use(tmp_path: Path):
    text = (RULES / "jiangxi.yaml").read_text(encoding="utf-8")
    assert "carry: [deductible_met, fund_paid]" in text
    path = tmp_path / "jiangxi.yaml"
    path.write_text(text.replace("carry: [deductible_met, fund_paid]", "carry: [deductible_met, above_deductible]"),
                    encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    assert "above_deductible" in str(info.value)


def test_bundled_regions_declare_their_names(ruleset):
    assert {r: rf.carry_names() for r, rf in ruleset.regions.items()} == {
        "tongliao": ("deductible_met", "fund_paid"), "jiangxi": ("deductible_met", "fund_paid"),
        "jiangsu": ("deductible_met", "fund_paid"), "jincheng": ("fund_paid",),
        "beijing": ("deductible_met", "fund_paid", "above_deductible")}
