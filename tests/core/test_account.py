"""Personal account (个人账户): monthly credits from the texts, and account vs cash, by hand.

Credits arrive on the first of each month under the account rules in force that day (a
retiree's amount by the age that day); the account pays the patient share of designated
visits as far as the balance reaches at the visit's month; the rest is cash.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.account import monthly_credits
from app.core.case import Case, Person, Visit
from app.core.engine import settle
from app.core.report import estimate_to_dict

from ._helpers import D, funds, money, run, visit


def acct(est):
    a = est.account
    return {"credited": money(a.credited), "paid": money(a.paid), "cash": money(a.cash),
            "balance": money(a.balance)}


def payments(est):
    return [(money(est.account.payments[l.index].account), money(est.account.payments[l.index].cash))
            for l in est.lines]


def test_beijing_retiree_turning_70_mid_year(rule):
    who = Person(region="beijing", year=2023, category="retired", birth_date=date(1953, 6, 15))
    credits, missing = monthly_credits(rule("beijing"), who)
    assert missing == []
    # 京政办发〔2022〕8号（三）: under 70 → 100 a month, 70 and over → 110.
    # Age on the 1st: Jan 1 … Jun 1 2023 → 69 (birthday Jun 15); Jul 1 … Dec 1 → 70.
    assert [c.amount for c in credits] == [D("100.00")] * 6 + [D("110.00")] * 6
    est = run(rule("beijing"), who, visit("2023-07-20", "hospital", "1500"))
    # pooled: deductible 1300 (retired) → (1500 − 1300) × 90% (70+, hospital) = 180.00; patient 1320.00
    # account by 07-20: Jan–Jun 600 + Jul 110 = 710.00 → account 710.00, cash 610.00
    assert funds(est) == ["180.00"]
    assert payments(est) == [("710.00", "610.00")]
    # year: 600 + 660 = 1260.00 credited; balance 1260 − 710 = 550.00
    assert acct(est) == {"credited": "1260.00", "paid": "710.00", "cash": "610.00", "balance": "550.00"}


def test_jincheng_fixed_85_a_month(rule):
    who = Person(region="jincheng", year=2023, category="retired")
    est = run(rule("jincheng"), who, visit("2023-12-05", "class2", "2000"))
    # 晋市医保发〔2022〕22号 二: retirees 85 a month → Jan … Dec = 12 × 85 = 1020.00 by December
    # pooled: (2000 − 50) × 60% = 1170.00; patient 830.00 → account 830.00, cash 0.00
    assert funds(est) == ["1170.00"]
    assert payments(est) == [("830.00", "0.00")]
    assert acct(est) == {"credited": "1020.00", "paid": "830.00", "cash": "0.00", "balance": "190.00"}


def test_employed_with_a_given_base_and_a_balance_that_runs_out(rule):
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=D("7350.50"))
    est = run(rule("jiangxi"), who,
              visit("2023-01-15", "level3", "400"),
              visit("2023-01-20", "level1", "100", self_funded="30"))
    # 2% of 7350.50 = 147.01 a month (二、（二）)
    # 01-15: 400 ≤ 600 deductible → fund 0; patient 400.00; Jan balance 147.01 → account 147.01, cash 252.99
    # 01-20: scope 70 → deductible (200 left) → fund 0; patient 100.00; balance 0 → cash 100.00
    assert payments(est) == [("147.01", "252.99"), ("0.00", "100.00")]
    # year: 12 × 147.01 = 1764.12; balance 1764.12 − 147.01 = 1617.11
    assert acct(est) == {"credited": "1764.12", "paid": "147.01", "cash": "352.99", "balance": "1617.11"}


def test_non_designated_visit_is_paid_in_cash(rule):
    who = Person(region="jincheng", year=2023, category="retired", opening_balance=D("500"))
    est = run(rule("jincheng"), who, visit("2023-03-01", "class1", "200", designated=False))
    # the account pays costs at designated institutions only: 200.00 in cash, balance untouched
    assert payments(est) == [("0.00", "200.00")]
    assert acct(est)["balance"] == "1520.00"  # 500 + 12 × 85


def test_tongliao_family_member_visit_does_not_count_toward_the_deductible(rule):
    who = Person(region="tongliao", year=2023, category="employed", contribution_base=D("4000"))
    est = run(rule("tongliao"), who,
              visit("2023-04-01", "level3", "1200", patient="family"),
              visit("2023-05-01", "level3", "1300"))
    # family visit: fund 0 (第七条), and nothing toward the deductible (第六条);
    # own visit: deductible 1000 in full → (1300 − 1000) × 50% = 150.00
    assert funds(est) == ["0.00", "150.00"]
    assert [money(l.deductible) for l in est.lines] == ["0.00", "1000.00"]
    # account 4000 × 2% = 80 a month: by April 320.00 → family visit account 320.00, cash 880.00;
    # May +80 → own visit's 1150.00: account 80.00, cash 1070.00
    assert payments(est) == [("320.00", "880.00"), ("80.00", "1070.00")]


def test_jiangsu_2023_repeats_the_2022_amount_and_2024_uses_the_pension(rule):
    rf = rule("jiangsu")
    p2023 = Person(region="jiangsu", year=2023, category="retired",
                   parameters={"average_wage_2021": D("100000"), "retiree_monthly_2022": D("163.20")})
    credits, missing = monthly_credits(rf, p2023)
    assert missing == [] and {c.amount for c in credits} == {D("163.20")}  # 二、（三）: 2022 amount, monthly
    p2024 = Person(region="jiangsu", year=2024, category="retired",
                   parameters={"average_wage_2021": D("100000"), "average_pension_reform_year": D("3261")})
    credits, _ = monthly_credits(rf, p2024)
    assert {c.amount for c in credits} == {D("81.53")}  # 3261 × 2.5% = 81.525 → 81.53 (half up)


def test_missing_inputs_are_named_not_guessed(rule):
    est = run(rule("tongliao"), Person(region="tongliao", year=2023, category="retired"),
              visit("2023-04-01", "level3", "1200"))
    assert est.account.missing == ("average_pension_2021",)
    data = estimate_to_dict(est)
    assert data["totals"]["account_credit"] is None and data["account"]["missing"] == ["average_pension_2021"]
    assert data["totals"]["fund"] == "110.00"  # the pooling does not depend on it: 200 × 55% (retired)
    est = run(rule("jincheng"), Person(region="jincheng", year=2023, category="employed"),
              visit("2023-04-01", "class3", "100"))
    assert est.account.missing == ("contribution_base",)


def test_json_keys_for_the_account(rule):
    who = Person(region="jincheng", year=2023, category="retired")
    data = estimate_to_dict(run(rule("jincheng"), who, visit("2023-01-10", "class1", "300")))
    # (300 − 80) × 55% = 121.00 → patient 179.00; Jan 85.00 → account 85.00, cash 94.00
    assert data["totals"]["account_credit"] == "1020.00"
    assert data["totals"]["account_paid"] == "85.00"
    assert data["totals"]["cash_paid"] == "94.00"
    assert data["totals"]["account_balance"] == "935.00"
    assert data["visits"][0]["account_paid"] == "85.00" and data["visits"][0]["cash_paid"] == "94.00"


# --- invariants -------------------------------------------------------------------------

REGION_PEOPLE = {
    "tongliao": dict(parameters={"average_pension_2021": D("3100")}),
    "jincheng": {},
    "jiangxi": dict(parameters={"average_pension_reform_year": D("2900")}),
    "jiangsu": dict(parameters={"average_wage_2021": D("110000"), "retiree_monthly_2022": D("150")}),
    "beijing": dict(birth_date=date(1953, 8, 31)),
}
TIERS = {"tongliao": "level2", "jincheng": "class2", "jiangxi": "level1", "jiangsu": "level3", "beijing": "hospital"}


@settings(max_examples=60, deadline=None)
@given(region=st.sampled_from(sorted(REGION_PEOPLE)), category=st.sampled_from(["employed", "retired"]),
       base=st.integers(0, 4_000_000), opening=st.integers(0, 300_000),
       visits=st.lists(st.tuples(st.integers(1, 365), st.integers(0, 1_000_000), st.booleans(), st.booleans()),
                       max_size=10))
def test_account_never_negative_and_account_plus_cash_is_the_patient_share(rule, region, category, base, opening,
                                                                           visits):
    who = Person(region=region, year=2023, category=category, contribution_base=D(str(base)) / 100,
                 opening_balance=D(str(opening)) / 100, **REGION_PEOPLE[region])
    vs = tuple(Visit(date=date.fromordinal(date(2023, 1, 1).toordinal() + d - 1), tier=TIERS[region],
                     total=D(str(fen)) / 100, designated=designated, patient="family" if family else "self")
               for d, fen, designated, family in visits)
    est = settle(Case(person=who, visits=vs), rule(region))
    acc = est.account
    assert acc.missing == ()
    for line in est.lines:
        pay = acc.payments[line.index]
        assert pay.account >= 0 and pay.cash >= 0 and pay.balance_after >= 0
        assert pay.account + pay.cash == line.self_pay
        if not line.visit.designated:
            assert pay.account == 0
    assert acc.balance >= 0
    assert acc.balance == acc.opening_balance + acc.credited - acc.paid
    assert acc.paid + acc.cash == sum((l.self_pay for l in est.lines), Decimal(0))
