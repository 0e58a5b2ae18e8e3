"""account.py's words: the notes on the account and the lines explaining who paid a visit, each in its
default language (Chinese) and in English, written out in full. Mutation testing found them unpinned
by the core tests."""
from __future__ import annotations

from app.core.account import (
    AccountResult,
    VisitPayment,
    _deduction_labels,
    _month_ranges,
    explain_payment,
    not_deducted_text,
    payment_steps,
    unknown_months_text,
)
from app.core.rules.schema import Source

from ._helpers import D, visit


def _acc(**kw) -> AccountResult:
    base = {"missing": (), "opening_balance": D("0.00"), "credits": (), "payments": {}, "credited": D("0.00"),
            "paid": D("0.00"), "cash": D("0.00"), "balance": D("0.00")}
    base.update(kw)
    return AccountResult(**base)


def test_month_ranges():
    assert _month_ranges([1, 2, 3, 5]) == "1–3, 5"
    assert _month_ranges([4]) == "4"
    assert _month_ranges([2, 4, 6]) == "2, 4, 6"
    assert _month_ranges([11, 12], dash="-") == "11-12"


def test_deduction_labels_join_per_language_and_keep_an_unknown_id(rule):
    rf = rule("jincheng")
    assert _deduction_labels(rf, ["long_term_care", "other"], "zh") == "长期护理保险个人缴费、other"
    assert _deduction_labels(rf, ["long_term_care", "other"], "en") == (
        "the long-term-care insurance contribution; other")


def test_not_deducted_text(rule):
    rf = rule("jincheng")
    assert not_deducted_text(rf, _acc()) is None
    acc = _acc(not_deducted=("long_term_care",))
    assert not_deducted_text(rf, acc) == "个人账户余额未扣除长期护理保险个人缴费（未填写其金额）"
    assert not_deducted_text(rf, acc, "en") == (
        "The account balance does not include the long-term-care insurance contribution (its amount was not given)")


def test_unknown_months_text_default_language_is_chinese():
    assert unknown_months_text(_acc(), 2024) is None
    part = _acc(unknown_months=(1, 2, 3), from_month=4)
    assert unknown_months_text(part, 2024) == (
        "2024年1–3月没有有效的个人账户规则：这些月份的划入和支付未知（不按0计）；账户年初余额按 2024-04-01 的余额计算")
    gap = _acc(credited=None, paid=None, cash=None, balance=None, unknown_months=(5, 7))
    assert unknown_months_text(gap, 2024) == (
        "2024年5, 7月没有有效的个人账户规则：个人账户划入、支付和余额未知（不按0计）")
    none = _acc(credited=None, paid=None, cash=None, balance=None, unknown_months=tuple(range(1, 13)))
    assert unknown_months_text(none, 2024, "en") == (
        "No personal-account rule in force in 2024: credits, payments and balance are unknown (not zero)")


def test_payment_steps_by_refusal(rule):
    rf = rule("jincheng")
    v = visit("2023-03-10", "class1", "100")
    paid = VisitPayment(0, D("20.00"), D("5.00"), D("80.00"))
    assert [s.key for s in payment_steps(rf, paid, v)] == ["account_split"]
    split = payment_steps(rf, paid, v)[0]
    assert split.args == {"account": D("20.00"), "cash": D("5.00"), "balance": D("80.00")}

    non = VisitPayment(0, D("0.00"), D("25.00"), D("100.00"), "non_designated")
    assert [s.key for s in payment_steps(rf, non, v)] == ["account_refused_non_designated", "account_split"]

    excl = VisitPayment(0, D("0.00"), D("25.00"), D("100.00"), "public_health")
    first = payment_steps(rf, excl, v)[0]
    assert first.key == "account_refused_exclusion"
    assert first.source == Source(doc="gb2021", article="四、个人账户不得用于公共卫生费用")


def test_payment_steps_keep_the_split_before_the_assumptions(rule):
    rf = rule("jincheng")
    v = visit("2023-03-10", "class1", "100")
    pay = VisitPayment(0, D("20.00"), D("5.00"), D("80.00"), None, ("account_before_cash",))
    assert [s.key for s in payment_steps(rf, pay, v)] == ["account_split", "assumption"]


def test_explain_payment_default_language_is_chinese(rule):
    rf = rule("jincheng")
    v = visit("2023-03-10", "class1", "100")
    assert explain_payment(rf, None, v) == []
    non = VisitPayment(0, D("0.00"), D("25.00"), D("100.00"), "non_designated")
    assert explain_payment(rf, non, v) == [
        "非定点医药机构：个人账户不支付，个人负担以现金支付",
        "个人账户支付 0.00，现金支付 25.00；支付后账户余额 100.00",
    ]
    assert explain_payment(rf, non, v, "en") == [
        "Non-designated place: the personal account does not pay; the patient share is cash",
        "Personal account pays 0.00, cash 25.00; account balance after it 100.00",
    ]
