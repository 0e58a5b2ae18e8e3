"""account.py at its edges: the day family use starts, self-funded amounts under one yuan, the
assumptions a payment rests on, deductions whose amount comes from a default, and an account version
starting after the 1st. Where the bundled rule files have no such case, a copy of one is changed in
the test (model_copy), so the figures stay hand-checkable."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.account import (
    AccountResult,
    _monthly_deductions,
    _usable,
    account_notes,
    account_refusal,
    VisitPayment,
    monthly_credits,
)
from app.core.case import Person
from app.core.rules.schema import Source

from ._helpers import D, person, run, visit


def _with_account(rf, **update):
    return rf.model_copy(update={"personal_account": [rf.personal_account[0].model_copy(update=update)]})


def test_account_refusal(rule):
    rf = rule("jincheng")
    assert account_refusal(rf, visit("2023-03-10", "class1", "100", designated=False)) == "non_designated"
    assert account_refusal(rf, visit("2023-03-10", "class1", "100", exclusion="public_health")) == "public_health"
    assert account_refusal(rf, visit("2023-03-10", "class1", "100", exclusion="out_of_catalogue")) is None
    assert account_refusal(rf, visit("2023-03-10", "class1", "100")) is None


def test_jiangxi_family_use_from_2024(rule):
    """Jiangxi's account pays family members and self-funded items from 2024-01-01 (family_use_from)."""
    rf = rule("jiangxi")
    own = visit("2023-06-01", "level1", "100")
    # own costs within the catalogues: no family-use question, no assumption
    assert _usable(rf, own, D("50.00")) == (D("50.00"), ())
    # 0.50 self-funded before 2024: the account pays the share less the 0.50 (30.00 − 0.50)
    half = visit("2023-06-01", "level1", "100", self_funded="0.50")
    assert _usable(rf, half, D("30.00")) == (D("29.50"), ("family_use_from_2024",))
    fam = visit("2023-12-31", "level1", "100", patient="family")
    assert _usable(rf, fam, D("30.00")) == (D("0.00"), ("family_use_from_2024",))
    # on the day itself family use has started: the account may pay it all
    fam_on_day = visit("2024-01-01", "level1", "100", patient="family")
    assert _usable(rf, fam_on_day, D("30.00")) == (D("30.00"), ("family_use_from_2024",))


def test_family_use_assumption_limited_to_the_account_version(rule):
    rf = rule("jiangxi")
    assumptions = [a.model_copy(update={"versions": ["jiangxi-account-2023"]}) if a.id == "family_use_from_2024" else a
                   for a in rf.assumptions]
    limited = rf.model_copy(update={"assumptions": assumptions})
    fam = visit("2023-06-01", "level1", "100", patient="family")
    assert _usable(limited, fam, D("30.00")) == (D("0.00"), ("family_use_from_2024",))


def test_exclusion_assumption_kept_with_family_use(rule):
    """An exclusion's account assumption is kept when family use is also in question."""
    rf = _with_account(rule("jincheng"), family_use_from=date(2024, 1, 1))
    fam = visit("2023-06-01", "class1", "100", patient="family", exclusion="out_of_catalogue")
    assert _usable(rf, fam, D("30.00")) == (D("0.00"), ("excluded_costs_account_pays",))


def test_deductions_follow_the_version_in_force_on_the_1st(rule):
    """An account version starting on 2023-03-02 is not in force on 1 March: deductions from April."""
    rf = _with_account(rule("jincheng"), effective_from=date(2023, 3, 2))
    out, unknown = _monthly_deductions(rf, person("jincheng", 2023, "retired", ltc_monthly="5"))
    assert out == {m: D("5.00") for m in range(4, 13)}
    assert unknown == ()


def test_deduction_amount_from_the_parameter_default(rule):
    rf = rule("jincheng")
    params = [p.model_copy(update={"default": D("4.5")}) if p.id == "ltc_monthly" else p for p in rf.parameters]
    with_default = rf.model_copy(update={"parameters": params})
    out, unknown = _monthly_deductions(with_default, person("jincheng", 2023, "retired"))
    assert out == {m: D("4.50") for m in range(1, 13)}
    assert unknown == ()


def test_an_unknown_deduction_does_not_hide_the_next(rule):
    rf = rule("jincheng")
    ltc = next(p for p in rf.parameters if p.id == "ltc_monthly")
    other_param = ltc.model_copy(update={"id": "other_monthly", "default": D("3")})
    first = rf.personal_account[0].deductions[0]
    second = first.model_copy(update={"id": "other", "monthly": first.monthly.model_copy(update={"parameter": "other_monthly"})})
    two = _with_account(rf.model_copy(update={"parameters": [*rf.parameters, other_param]}), deductions=[first, second])
    out, unknown = _monthly_deductions(two, person("jincheng", 2023, "retired"))
    assert out == {m: D("3.00") for m in range(1, 13)}
    assert unknown == ("long_term_care",)


def _acc(**kw) -> AccountResult:
    base = {"missing": (), "opening_balance": D("0.00"), "credits": (), "payments": {}, "credited": D("0.00"),
            "paid": D("0.00"), "cash": D("0.00"), "balance": D("0.00")}
    base.update(kw)
    return AccountResult(**base)


def test_account_notes(rule):
    rf = rule("jincheng")
    assert account_notes(rf, None, 2023) == []
    assert account_notes(rf, _acc(), 2023) == []
    assert account_notes(rf, _acc(pooling_only=True), 2023) == [
        "单建统筹（仅参加门诊统筹）：不建立个人账户，个人负担全部以现金支付"]
    assert account_notes(rf, _acc(deducted=D("60.00")), 2023) == [
        "个人账户本年已划拨长期护理保险个人缴费 60.00（已从余额中扣除）"]
    assert account_notes(rf, _acc(not_deducted=("long_term_care",)), 2023, "en") == [
        "The account balance does not include the long-term-care insurance contribution (its amount was not given)"]


def test_employed_credits_name_their_version_source_and_assumptions(rule):
    rf = rule("jincheng")
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("3333.33"))
    credits, missing = monthly_credits(rf, who)
    assert missing == []
    assert [c.month for c in credits] == list(range(1, 13))
    for c in credits:  # 3333.33 × 2 % = 66.6666 → 66.67
        assert (c.amount, c.version_id, c.basis, c.assumptions) == (
            D("66.67"), "jincheng-account-2023", "employed", ("credit_on_first",))
        assert c.source == Source(doc="jc2022", article="二（在职职工按本人参保缴费基数2%计入）")


def test_credits_follow_the_version_in_force_on_the_1st(rule):
    rf = _with_account(rule("jincheng"), effective_from=date(2023, 3, 2))
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("1000"))
    credits, _ = monthly_credits(rf, who)
    assert [(c.month, c.amount, c.basis) for c in credits[:4]] == [
        (1, None, "none"), (2, None, "none"), (3, None, "none"), (4, D("20.00"), "employed")]


def test_a_missing_base_still_lists_the_months_without_a_rule(rule):
    rf = _with_account(rule("jincheng"), effective_to=date(2023, 6, 30))
    credits, missing = monthly_credits(rf, Person(region="jincheng", year=2023, category="employed"))
    assert missing == ["contribution_base"]
    assert [(c.month, c.amount, c.basis) for c in credits] == [(m, None, "none") for m in range(7, 13)]


def test_retiree_credit_assumptions_limited_to_the_account_version(rule):
    """Beijing: 100 a month under 70, 110 from the month after the 70th birthday; the assumptions
    hold also when they are limited to the account version (``versions``)."""
    rf = rule("beijing")
    limit = {"credit_on_first", "age_on_credit_day"}
    assumptions = [a.model_copy(update={"versions": ["beijing-account-2023"]}) if a.id in limit else a
                   for a in rf.assumptions]
    limited = rf.model_copy(update={"assumptions": assumptions})
    who = person("beijing", 2023, "retired", "1953-06-15")  # 70 on 2023-06-15
    for region in (rf, limited):
        credits, missing = monthly_credits(region, who)
        assert missing == []
        assert [c.amount for c in credits] == [D("100.00")] * 6 + [D("110.00")] * 6
        assert {c.assumptions for c in credits} == {("credit_on_first", "age_on_credit_day", "beijing_start_2023")}


def test_pooling_only_pays_everything_in_cash(rule):
    """单建统筹: no account, even with an opening balance given; every patient share is cash."""
    rf = rule("jincheng")
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("5000"),
                 opening_balance=D("500"), pooling_only=True)
    empty = run(rf, who).account
    assert [str(x) for x in (empty.opening_balance, empty.credited, empty.paid, empty.cash, empty.balance,
                             empty.deducted)] == ["0.00"] * 6
    # 300: (300 − 80 per visit) × 50 % = 110.00 fund, 190.00 patient; 100: (100 − 80) × 50 % = 10.00, 90.00
    acc = run(rf, who, visit("2023-03-10", "class1", "300"), visit("2023-04-10", "class1", "100")).account
    assert acc.payments == {0: VisitPayment(0, D("0.00"), D("190.00"), D("0.00"), "pooling_only"),
                            1: VisitPayment(1, D("0.00"), D("90.00"), D("0.00"), "pooling_only")}
    assert [str(x) for x in (acc.opening_balance, acc.paid, acc.cash, acc.balance, acc.deducted)] == [
        "0.00", "0.00", "280.00", "0.00", "0.00"]


def test_missing_base_keeps_the_opening_balance_and_starts_in_january(rule):
    rf = rule("jincheng")
    who = Person(region="jincheng", year=2023, category="employed", opening_balance=D("500"))
    acc = run(rf, who, visit("2023-03-10", "class1", "300")).account
    assert acc.missing == ("contribution_base",)
    assert (acc.opening_balance, acc.from_month, acc.credited, acc.balance, acc.payments) == (
        D("500"), 1, None, None, {})


def test_a_gap_after_the_first_ruled_month_leaves_the_year_unknown_from_that_month(rule):
    """An account rule from March to June only: July–December have none, so nothing is worked
    out, and the year is reported from March (the first month with a rule)."""
    rf = _with_account(rule("jincheng"), effective_from=date(2023, 3, 1), effective_to=date(2023, 6, 30))
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("1000"))
    acc = run(rf, who, visit("2023-03-10", "class1", "300")).account
    assert acc.missing == ()
    assert acc.unknown_months == (1, 2, 7, 8, 9, 10, 11, 12)
    assert (acc.from_month, acc.credited, acc.paid, acc.balance, acc.payments) == (3, None, None, None, {})


def test_payments_are_keyed_and_numbered_by_visit(rule):
    rf = rule("jincheng")
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("1000"))
    acc = run(rf, who, visit("2023-03-10", "class1", "300"), visit("2023-04-10", "class1", "100")).account
    assert sorted(acc.payments) == [0, 1]
    assert [acc.payments[i].index for i in (0, 1)] == [0, 1]
    # credits of 20.00 a month: 60.00 by March pays 60.00 of 190.00; 20.00 in April pays 20.00 of 90.00
    assert [(acc.payments[i].account, acc.payments[i].cash) for i in (0, 1)] == [
        (D("60.00"), D("130.00")), (D("20.00"), D("70.00"))]


def test_account_notes_in_english(rule):
    rf = rule("jincheng")
    assert account_notes(rf, _acc(pooling_only=True), 2023, "en") == [
        "Pooling only (单建统筹): no personal account; every patient share is paid in cash"]
    assert account_notes(rf, _acc(deducted=D("60.00")), 2023, "en") == [
        "the long-term-care insurance contribution taken from the account this year: 60.00 (the balance is after it)"]


def test_unknown_months_text_other_language():
    from app.core.account import unknown_months_text

    gap = _acc(credited=None, paid=None, cash=None, balance=None, unknown_months=(5, 7))
    assert unknown_months_text(gap, 2024, "en") == (
        "No personal-account rule in force in 5, 7/2024: credits, payments and balance are unknown (not zero)")
    none = _acc(credited=None, paid=None, cash=None, balance=None, unknown_months=tuple(range(1, 13)))
    assert unknown_months_text(none, 2024) == "2024年没有有效的个人账户规则：个人账户划入、支付和余额未知（不按0计）"


def test_employed_credit_assumptions(rule):
    """Tongliao's retiree assumption of Oct–Dec 2022 (3.6 %) is not listed with an employed person's
    credits; a credit assumption limited to the account version is."""
    rf = rule("tongliao")
    who = Person(region="tongliao", year=2022, category="employed", contribution_base=D("1000"))
    credits, _ = monthly_credits(rf, who)
    assert [(c.month, c.version_id, c.assumptions) for c in credits[9:]] == [
        (m, "tongliao-account-2022-10", ("credit_on_first",)) for m in (10, 11, 12)]
    jc = rule("jincheng")
    limited = jc.model_copy(update={"assumptions": [
        a.model_copy(update={"versions": ["jincheng-account-2023"]}) if a.id == "credit_on_first" else a
        for a in jc.assumptions]})
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("1000"))
    credits, _ = monthly_credits(limited, who)
    assert {c.assumptions for c in credits} == {("credit_on_first",)}


def test_retired_credits_name_their_version_source_and_basis(rule):
    rf = rule("beijing")
    credits, _ = monthly_credits(rf, person("beijing", 2023, "retired", "1953-06-15"))
    assert {(c.version_id, c.basis) for c in credits} == {("beijing-account-2023", "retired")}
    assert credits[0].source == Source(doc="bj2022", article="（三）退休人员不满70周岁100元/月")
    assert credits[11].source == Source(doc="bj2022", article="（三）退休人员70周岁（含）以上110元/月")


def test_a_flat_retiree_credit_lists_no_age_assumption(rule):
    """Beijing with only the under-70 entry: the credit does not depend on age, so neither the
    birth date is needed nor the age assumption listed."""
    rf = _with_account(rule("beijing"), retired=rule("beijing").personal_account[0].retired[:1])
    credits, missing = monthly_credits(rf, person("beijing", 2023, "retired"))
    assert missing == []
    assert {(c.amount, c.assumptions) for c in credits} == {(D("100.00"), ("credit_on_first", "beijing_start_2023"))}


def test_a_missing_birth_date_still_lists_the_months_without_a_rule(rule):
    rf = _with_account(rule("beijing"), effective_to=date(2023, 6, 30))
    credits, missing = monthly_credits(rf, person("beijing", 2023, "retired"))
    assert missing == ["birth_date"]
    assert [(c.month, c.basis) for c in credits] == [(m, "none") for m in range(7, 13)]


def test_retiree_credit_from_a_parameter(rule):
    """Jiangxi: 2.5 % of the reform year's average pension, from the person's figure or the default."""
    rf = _with_account(rule("jiangxi"), effective_to=date(2023, 6, 30))
    credits, missing = monthly_credits(rf, person("jiangxi", 2023, "retired"))
    assert missing == ["average_pension_reform_year"]
    assert [(c.month, c.basis) for c in credits] == [(m, "none") for m in range(7, 13)]
    params = [p.model_copy(update={"default": D("4000")}) if p.id == "average_pension_reform_year" else p
              for p in rf.parameters]
    credits, missing = monthly_credits(rf.model_copy(update={"parameters": params}), person("jiangxi", 2023, "retired"))
    assert missing == []
    assert [c.amount for c in credits[:6]] == [D("100.00")] * 6  # 4000 × 2.5 %


def test_two_deductions_in_a_month_add_up(rule):
    rf = rule("jincheng")
    ltc = next(p for p in rf.parameters if p.id == "ltc_monthly")
    other_param = ltc.model_copy(update={"id": "other_monthly", "default": D("3")})
    first = rf.personal_account[0].deductions[0]
    second = first.model_copy(update={"id": "other", "monthly": first.monthly.model_copy(
        update={"parameter": "other_monthly", "times": D("2")})})
    two = _with_account(rf.model_copy(update={"parameters": [*rf.parameters, other_param]}), deductions=[first, second])
    out, unknown = _monthly_deductions(two, person("jincheng", 2023, "retired", ltc_monthly="5"))
    assert out == {m: D("11.00") for m in range(1, 13)}  # 5 × 1 + 3 × 2
    assert unknown == ()


def test_a_payment_read_back_from_the_split_s_columns(rule):
    """Jiangxi employed, contribution base 5,000: 5,000 × 2 % = 100.00 a month (二、（二）). A level1 visit
    of 100 on 2023-03-10 lies within the 600 deductible: the fund pays 0, the patient share is 100.00.
    Balance on 03-10: 3 × 100 = 300.00 → the account pays 100.00, cash 0.00, 200.00 left; at the end of
    the year 1,200.00 credited − 100.00 = 1,100.00."""
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=D("5000"))
    acc = run(rule("jiangxi"), who, visit("2023-03-10", "level1", "100")).account
    assert repr(acc.payments) == (
        "Payments({0: VisitPayment(index=0, account=Decimal('100.00'), cash=Decimal('0.00'), "
        "balance_after=Decimal('200.00'), refused=None, assumptions=('account_before_cash',))})")
    assert [str(x) for x in (acc.credited, acc.paid, acc.cash, acc.balance)] == ["1200.00", "100.00", "0.00", "1100.00"]


def test_an_opening_balance_with_a_tenth_of_a_fen_is_kept_exactly(rule):
    """Opening balance 100.005 (as the person typed it): the split is worked in thousandths of a yuan.
    Balance on 03-10: 100.005 + 300.00 = 400.005; a visit of 100.50 within the deductible is paid from
    the account in full → 299.505 left; at the end of the year 100.005 + 1,200.00 − 100.50 = 1,199.505."""
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=D("5000"),
                 opening_balance=D("100.005"))
    acc = run(rule("jiangxi"), who, visit("2023-03-10", "level1", "100.50")).account
    p = acc.payments[0]
    assert [str(x) for x in (p.account, p.cash, p.balance_after)] == ["100.500", "0.000", "299.505"]
    assert [str(x) for x in (acc.paid, acc.cash, acc.balance)] == ["100.500", "0.000", "1199.505"]


def test_versions_in_force_to_the_last_day_of_the_calendar(rule):
    """An account version (and a pooling version) with effective_to 9999-12-31 (in the test): there is
    no day after it to start another stretch of rules. Level1 100 within the deductible → 100.00 from
    the account (3 × 100.00 credited by 03-10), 200.00 left."""
    rf = rule("jiangxi")
    rf = rf.model_copy(update={
        "versions": [rf.versions[0].model_copy(update={"effective_to": date.max})],
        "personal_account": [rf.personal_account[0].model_copy(update={"effective_to": date.max})]})
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=D("5000"))
    acc = run(rf, who, visit("2023-03-10", "level1", "100")).account
    assert acc.payments[0] == VisitPayment(0, D("100.00"), D("0.00"), D("200.00"), None, ("account_before_cash",))


def test_family_use_starting_mid_year_applies_from_its_first_day_to_the_end_of_the_year(rule):
    """Jiangxi with family_use_from 2023-07-01 (in the test; the file says 2024-01-01), employed, base
    5,000 → 100.00 a month. A family member's visit is not paid by the pooling fund (家庭共济: the whole
    100 is the patient share).
    03-01: before family use → the account may not pay it: cash 100.00, balance 300.00 (3 credits).
    07-01 (the first day): the account pays 100.00 of the 700.00 there → 600.00 left.
    08-01: the account pays 100.00 of 600.00 + 100.00 → 600.00 left."""
    rf = _with_account(rule("jiangxi"), family_use_from=date(2023, 7, 1))
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=D("5000"))
    acc = run(rf, who, *(visit(day, "level1", "100", patient="family")
                         for day in ("2023-03-01", "2023-07-01", "2023-08-01"))).account
    assert [(str(p.account), str(p.cash), str(p.balance_after)) for p in acc.payments.values()] == [
        ("0.00", "100.00", "300.00"), ("100.00", "0.00", "600.00"), ("100.00", "0.00", "600.00")]


@pytest.mark.parametrize("spans, unknown", [
    ([(date(2023, 1, 1), date(2023, 12, 15))], (12,)),  # 16–31 December without a rule: December unknown
    ([(date(2023, 1, 1), date(2023, 12, 30))], (12,)),  # 31 December alone
    ([(date(2023, 1, 1), date(2023, 3, 15))], (3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),  # in the first ruled month
    ([(date(2023, 1, 1), date(2023, 6, 15)), (date(2023, 6, 17), None)], (6,)),  # one day, 16 June
    ([(date(2023, 1, 1), date(2023, 1, 15)), (date(2023, 2, 1), None)], (1,)),  # in the first month, then a rule
    ([(date(2023, 1, 1), date(2023, 12, 31))], ()),  # in force to the year's last day: the year is worked out
    ([(date(2023, 1, 1), date(2023, 6, 15)), (date(2023, 6, 16), None)], ()),  # the next from the next day
])
def test_a_day_without_an_account_rule_after_the_first_ruled_month_leaves_the_year_unknown(rule, spans, unknown):
    """Account versions in force over *spans* (copies of Jincheng's, in the test): on a day after the
    first ruled month's 1st with none in force, how a visit then was paid is unknown, as for a month
    without a rule (DOMAIN.md) — not paid as if family use were unrestricted — so nothing is worked
    out, and the months holding such days are named. Jincheng 2023, employed, base 1000: the
    account credits 20.00 a month (rules/jincheng.yaml)."""
    base = rule("jincheng")
    first = base.personal_account[0]
    accounts = [first.model_copy(update={"id": f"{first.id}-{k}", "effective_from": start, "effective_to": end})
                for k, (start, end) in enumerate(spans)]
    rf = base.model_copy(update={"personal_account": accounts})
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("1000"))
    acc = run(rf, who, visit("2023-01-10", "class1", "300"), visit("2023-12-20", "class1", "300")).account
    assert acc.unknown_months == unknown
    if unknown:
        assert (acc.from_month, acc.credited, acc.paid, acc.balance, acc.payments) == (1, None, None, None, {})
    else:  # 12 × 20.00 = 240.00 credited; the two visits' own shares paid from it as far as it goes
        assert acc.credited == D("240.00") and sorted(acc.payments) == [0, 1]


def test_on_a_day_between_pooling_versions_the_account_follows_the_exclusion_of_the_version_last_in_force(rule):
    """Jincheng's pooling rules split in the test: in force to 15 June (work_injury: the account may pay,
    changed in the test) and from 1 July (work_injury: it may not, as the file says), the later version
    listed first. A work-injury visit on 20 June — no pooling rule in force, the fund pays nothing — is
    split by the entry of the version last in force (15 June's): the account pays it; on 1 July, not.
    Employed, base 1000: 20.00 credited a month, 120.00 by June, 140.00 by July; each visit 100."""
    rf = rule("jincheng")
    v = rf.versions[0]
    pays = [x.model_copy(update={"account_pays": x.account_pays.model_copy(update={"value": True})})
            if x.id == "work_injury" else x for x in v.exclusions]
    early = v.model_copy(update={"id": "jc-early", "effective_to": date(2023, 6, 15), "exclusions": pays})
    late = v.model_copy(update={"id": "jc-late", "effective_from": date(2023, 7, 1)})
    rf = rf.model_copy(update={"versions": [late, early]})
    who = Person(region="jincheng", year=2023, category="employed", contribution_base=D("1000"))
    acc = run(rf, who, visit("2023-06-20", "class1", "100", exclusion="work_injury"),
              visit("2023-07-01", "class1", "100", exclusion="work_injury")).account
    assert (acc.payments[0].account, acc.payments[0].refused) == (D("100.00"), None)
    assert (acc.payments[1].account, acc.payments[1].refused) == (D("0.00"), "work_injury")


@pytest.mark.parametrize("day, pays", [
    (date(2023, 6, 20), False),  # after B (ended 15 June) and A: B, the one last in force
    (date(2023, 5, 1), False),  # B in force
    (date(2023, 2, 1), True),  # A in force
    (date(2022, 12, 1), True),  # before every version: A, the first to come
    (date(2023, 7, 1), True),  # C in force
])
def test_the_exclusion_entry_the_account_follows_between_and_before_versions(rule, day, pays):
    """Jincheng's rules in three versions (in the test), listed C, B, A: A to 31 March and C from 1 July
    let the account pay a work-injury visit, B (1 April – 15 June) does not."""
    from app.core.account import _exclusion_entry

    rf = rule("jincheng")
    v = rf.versions[0]

    def version(vid: str, start: date, end: date | None, account_pays: bool):
        xs = [x.model_copy(update={"account_pays": x.account_pays.model_copy(update={"value": account_pays})})
              if x.id == "work_injury" else x for x in v.exclusions]
        return v.model_copy(update={"id": vid, "effective_from": start, "effective_to": end, "exclusions": xs})

    rf = rf.model_copy(update={"versions": [version("C", date(2023, 7, 1), None, True),
                                            version("B", date(2023, 4, 1), date(2023, 6, 15), False),
                                            version("A", date(2023, 1, 1), date(2023, 3, 31), True)]})
    assert _exclusion_entry(rf, day, "work_injury").account_pays.value is pays
    assert _exclusion_entry(rf, day, "no_such_exclusion") is None
