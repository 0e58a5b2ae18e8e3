"""The engine's refusals written out in full (issue 16, mutation testing of engine.py): each
CaseError's English message, the field and visit it names, its code, and the Chinese text the window
shows (``text()``, Chinese by default; ``text("en")`` is the English message). The English messages
are the engine's format strings filled in by hand; the Chinese ones are messages.CASE_ERRORS_ZH
filled in by hand.

Where the bundled rule files have no such case (a parameter with an upper bound that is not a
ratio's, a region with no carry-in), a copy of one is changed in
the test (model_copy)."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.case import Person
from app.core.engine import CaseError, Settler

from ._helpers import D, funds, person, run, visit


def _refusal(rf, who: Person, *visits) -> CaseError:
    with pytest.raises(CaseError) as info:
        run(rf, who, *visits) if visits else Settler(rf, who)
    return info.value


def _shown(err: CaseError) -> tuple:
    return str(err), err.field, err.visit, err.code, err.text(), err.text("en")


# --- parameters (resolve_parameters) ----------------------------------------------------------

def test_an_unknown_parameter_names_the_region_s_parameters_sorted(rule):
    """Jiangsu's parameters in the file's order: average_wage_2021, ratio, retiree_monthly_2022,
    average_pension_reform_year; the message lists them sorted, joined by ", "."""
    err = _refusal(rule("jiangsu"), person("jiangsu", 2023, "employed", average_wage_2021="100000", wage="1"))
    listing = "average_pension_reform_year, average_wage_2021, ratio, retiree_monthly_2022"
    assert _shown(err) == (f"region jiangsu has no parameter 'wage' (parameters: {listing})", "wage", None,
                           "unknown_parameter", "本地区没有参数 wage",
                           f"region jiangsu has no parameter 'wage' (parameters: {listing})")


def test_an_unknown_parameter_in_a_region_without_parameters(rule):
    """Beijing declares no parameters (``parameters: []``): the listing says "none"."""
    err = _refusal(rule("beijing"), person("beijing", 2023, "employed", x="1"))
    assert _shown(err) == ("region beijing has no parameter 'x' (parameters: none)", "x", None,
                           "unknown_parameter", "本地区没有参数 x",
                           "region beijing has no parameter 'x' (parameters: none)")


def test_a_missing_pooling_parameter_asks_for_it_by_its_label(rule):
    """Jiangsu's deductible and cap are 1 % and 8 % of average_wage_2021, which has no default."""
    err = _refusal(rule("jiangsu"), person("jiangsu", 2023, "employed"))
    en = ("region jiangsu needs parameter average_wage_2021 (Pooling area's 2021 average annual wage "
          "(all urban units), yuan); supply it, e.g. --set average_wage_2021=VALUE")
    assert _shown(err) == (en, "average_wage_2021", None, "needs_parameter",
                           "请填写：统筹地区2021年度全口径城镇单位就业人员年平均工资", en)


def test_a_missing_account_parameter_does_not_stop_the_later_ones_being_checked(rule):
    """retiree_monthly_2022 (account only, no default) is left to the account; the parameter after it,
    average_pension_reform_year, is still checked: with its minimum raised to 100 in the test
    (negative numbers are refused where they enter), 50 is refused."""
    rf = rule("jiangsu")
    rf = rf.model_copy(update={"parameters": [
        p.model_copy(update={"minimum": D("100")}) if p.id == "average_pension_reform_year" else p
        for p in rf.parameters]})
    err = _refusal(rf, person("jiangsu", 2023, "employed", average_wage_2021="100000", average_pension_reform_year="50"))
    assert _shown(err) == ("parameter average_pension_reform_year = 50 is below the minimum 100",
                           "average_pension_reform_year", None, "parameter_below",
                           "统筹地区改革当年基本养老金平均水平 50 低于下限 100",
                           "parameter average_pension_reform_year = 50 is below the minimum 100")


def test_a_parameter_below_its_minimum(rule):
    """Jiangsu's ratio is at least 0.60 (二、（一）第一段 不低于60%)."""
    err = _refusal(rule("jiangsu"), person("jiangsu", 2023, "employed", average_wage_2021="100000", ratio="0.5"))
    assert _shown(err) == ("parameter ratio = 0.5 is below the minimum 0.60", "ratio", None, "parameter_below",
                           "政策范围内支付比例 0.5 低于下限 0.60", "parameter ratio = 0.5 is below the minimum 0.60")


def test_a_ratio_above_one_is_refused_as_a_ratio(rule):
    """A ratio parameter above 1 is refused before its own maximum (also 1 in Jiangsu's file) is read."""
    err = _refusal(rule("jiangsu"), person("jiangsu", 2023, "employed", average_wage_2021="100000", ratio="1.5"))
    assert _shown(err) == ("parameter ratio = 1.5 is above the maximum 1 (a ratio)", "ratio", None,
                           "parameter_above", "政策范围内支付比例 1.5 高于上限 1",
                           "parameter ratio = 1.5 is above the maximum 1 (a ratio)")


def test_a_ratio_of_exactly_one_is_accepted(rule):
    """ratio 1: deductible 100,000 × 1 % = 1,000.00; a level1 visit of 3,000 → (3,000 − 1,000) × 100 %
    = 2,000.00, within the cap 100,000 × 8 % = 8,000."""
    est = run(rule("jiangsu"), person("jiangsu", 2023, "employed", average_wage_2021="100000", ratio="1"),
              visit("2023-03-01", "level1", "3000"))
    assert funds(est) == ["2000.00"]


def _jiangsu_ratio_at_most(rf, maximum: str):
    params = [p.model_copy(update={"maximum": D(maximum)}) if p.id == "ratio" else p for p in rf.parameters]
    return rf.model_copy(update={"parameters": params})


def test_a_parameter_above_its_maximum(rule):
    """Jiangsu's ratio with its maximum lowered to 0.90 in the test: 0.95 is above it (and not above 1)."""
    rf = _jiangsu_ratio_at_most(rule("jiangsu"), "0.90")
    err = _refusal(rf, person("jiangsu", 2023, "employed", average_wage_2021="100000", ratio="0.95"))
    assert _shown(err) == ("parameter ratio = 0.95 is above the maximum 0.90", "ratio", None, "parameter_above",
                           "政策范围内支付比例 0.95 高于上限 0.90", "parameter ratio = 0.95 is above the maximum 0.90")


def test_a_parameter_at_its_maximum_is_accepted(rule):
    """ratio 0.90 at the maximum 0.90: a level1 visit of 3,000 → (3,000 − 1,000) × 90 % = 1,800.00."""
    rf = _jiangsu_ratio_at_most(rule("jiangsu"), "0.90")
    est = run(rf, person("jiangsu", 2023, "employed", average_wage_2021="100000", ratio="0.90"),
              visit("2023-03-01", "level1", "3000"))
    assert funds(est) == ["1800.00"]


# --- the person (Settler) ---------------------------------------------------------------------

def test_a_case_for_another_region(rule):
    err = _refusal(rule("jiangxi"), person("tongliao", 2023, "employed"))
    assert _shown(err) == ("case is for region 'tongliao', rules are for 'jiangxi'", "region", None, None,
                           "case is for region 'tongliao', rules are for 'jiangxi'",
                           "case is for region 'tongliao', rules are for 'jiangxi'")


def test_a_beijing_retiree_needs_a_birth_date(rule):
    """Beijing's retiree ratios change at 70 (退休70周岁及以上 医院90%): without a birth date nothing can be settled."""
    err = _refusal(rule("beijing"), person("beijing", 2023, "retired"))
    assert _shown(err) == ("region beijing: ratios for retired people depend on age; a birth date is needed",
                           "birth_date", None, "needs_birth_date", "请填写出生日期：本地区退休人员的支付比例随年龄变化",
                           "region beijing: ratios for retired people depend on age; a birth date is needed")


# --- carry-in (此前已累计) ----------------------------------------------------------------------

def _with_carry(who: Person, **carry: str) -> Person:
    return Person(region=who.region, year=who.year, category=who.category, birth_date=who.birth_date,
                  parameters=who.parameters, carry={k: D(v) for k, v in carry.items()})


def test_a_carry_in_the_region_does_not_use_lists_the_ones_it_does(rule):
    """Jiangsu carries ``[deductible_met, fund_paid]``; above_deductible is not one of them."""
    who = _with_carry(person("jiangsu", 2023, "employed", average_wage_2021="100000"), above_deductible="10")
    err = _refusal(rule("jiangsu"), who)
    en = "region jiangsu does not use the carry-in above_deductible (it uses: deductible_met, fund_paid)"
    assert _shown(err) == (en, "carry", None, "carry_not_used",
                           "本地区不使用此前已累计的 above_deductible（使用：deductible_met, fund_paid）", en)


def test_a_carry_in_where_the_region_uses_none(rule):
    """Jincheng with ``carry: []`` (changed in the test): "none" in English, "—" in Chinese."""
    rf = rule("jincheng").model_copy(update={"carry": []})
    err = _refusal(rf, _with_carry(person("jincheng", 2023, "employed"), fund_paid="10"))
    en = "region jincheng does not use the carry-in fund_paid (it uses: none)"
    assert _shown(err) == (en, "carry", None, "carry_not_used", "本地区不使用此前已累计的 fund_paid（使用：—）", en)


def test_a_deductible_carried_in_above_the_annual_deductible(rule):
    """Jiangxi's annual deductible is 600 (二、（一）起付线600元): 600.01 met before is more than there is."""
    err = _refusal(rule("jiangxi"), _with_carry(person("jiangxi", 2023, "employed"), deductible_met="600.01"))
    en = "carry-in deductible_met 600.01 is above the annual deductible 600.00"
    assert _shown(err) == (en, "carry", None, "carry_above_deductible",
                           "此前已累计的起付标准 600.01 超过年度起付标准 600.00", en)


def test_a_deductible_carried_in_equal_to_the_annual_deductible_is_met(rule):
    """600 met before (all of Jiangxi's 600): a level1 visit of 100 is paid from its first yuan; the
    employed ratio at level1 is 60 % (二、（一）一级及以下60%): 100 × 60 % = 60.00."""
    est = run(rule("jiangxi"), _with_carry(person("jiangxi", 2023, "employed"), deductible_met="600"),
              visit("2023-03-01", "level1", "100"))
    assert funds(est) == ["60.00"]


def test_a_fund_payout_carried_in_above_the_cap(rule):
    """Jiangxi's employed cap is 1,800 (二、（一）最高支付限额1800元)."""
    err = _refusal(rule("jiangxi"), _with_carry(person("jiangxi", 2023, "employed"), fund_paid="1800.5"))
    en = "carry-in fund_paid 1800.50 is above the annual cap 1800.00"
    assert _shown(err) == (en, "carry", None, "carry_above_cap", "此前已累计的统筹基金支付 1800.50 超过年度最高支付限额 1800.00", en)


def test_a_fund_payout_carried_in_where_there_is_no_cap(rule):
    """Beijing has no annual cap: fund_paid is carried (and shown) but bounds nothing. An employed
    person's first community visit of 1,000 after 1,800 of deductible met (the whole of Beijing's
    annual 1,800, 起付标准 在职1800元) → 1,000 × 90 % (在职 社区90%) = 900.00."""
    who = _with_carry(person("beijing", 2023, "employed"), deductible_met="1800", fund_paid="99999")
    est = run(rule("beijing"), who, visit("2023-03-01", "community", "1000"))
    assert funds(est) == ["900.00"]


# --- a visit's fields (check_fields) ------------------------------------------------------------

def test_an_unknown_tier_lists_the_region_s_tiers(rule):
    err = _refusal(rule("jiangsu"), person("jiangsu", 2023, "employed", average_wage_2021="100000"),
                   visit("2023-03-01", "level1", "10"), visit("2023-03-02", "level4", "10"))
    en = "unknown tier 'level4' for jiangsu (tiers: level1, level2, level3)"
    assert _shown(err) == (en, "tier", 1, None, en, en)


def test_an_exclusion_no_version_lists(rule):
    err = _refusal(rule("jincheng"), person("jincheng", 2023, "employed"),
                   visit("2023-03-01", "class1", "10"), visit("2023-03-02", "class1", "10", exclusion="cosmetic"))
    assert _shown(err) == ("unknown exclusion 'cosmetic' for jincheng", "exclusion", 1, None,
                           "unknown exclusion 'cosmetic' for jincheng", "unknown exclusion 'cosmetic' for jincheng")


def test_an_exclusion_listed_by_another_version_only(rule):
    """Jincheng split at 2023-07-01 (in the test), the second version without work_injury."""
    rf = rule("jincheng")
    v = rf.versions[0]
    rf = rf.model_copy(update={"versions": [
        v.model_copy(update={"id": "jc-h1", "effective_to": date(2023, 6, 30)}),
        v.model_copy(update={"id": "jc-h2", "effective_from": date(2023, 7, 1),
                             "exclusions": [x for x in v.exclusions if x.id != "work_injury"]})]})
    err = _refusal(rf, person("jincheng", 2023, "employed"), visit("2023-03-01", "class1", "300"),
                   visit("2023-08-01", "class1", "300", exclusion="work_injury"))
    en = "exclusion 'work_injury' is not listed by the rules in force on 2023-08-01 (jc-h2)"
    assert _shown(err) == (en, "exclusion", 1, "exclusion_not_in_force",
                           "2023-08-01 有效的规则中没有不予支付情形 'work_injury'", en)

