"""The account and self-funded items before family use starts (issue 16, mutation testing).

Jiangxi: the account pays the insured person's self-funded items (全自费) only from 2024-01-01
(assumption family_use_from_2024, 二、（三）); in 2023 that part of the patient share is cash.
Employed, contribution base 5,000: 2 % = 100.00 credited on the 1st of each month.
"""
from __future__ import annotations

from decimal import Decimal

from app.core.case import Person

from ._helpers import funds, money, run, visit


def test_self_funded_items_are_cash_in_2023_to_the_fen(ruleset):
    """All visits level1 and within the 600 deductible (fund 0.00), so the patient share is the total.

    10 Jan: 100, nothing self-funded → the account pays 100.00 (balance 100 − 100 = 0.00).
    10 Feb: 100 of which 30 self-funded → 100 − 30 = 70.00 from the account (balance 100), 30.00 cash.
    10 Mar: 10 of which 0.01 self-funded → 9.99 from the account, 0.01 cash.
    10 Apr: 50, all self-funded → 0.00 from the account, 50.00 cash."""
    rf = ruleset.regions["jiangxi"]
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=Decimal("5000"))
    est = run(rf, who, visit("2023-01-10", "level1", "100"), visit("2023-02-10", "level1", "100", self_funded="30"),
              visit("2023-03-10", "level1", "10", self_funded="0.01"),
              visit("2023-04-10", "level1", "50", self_funded="50"))
    assert funds(est) == ["0.00"] * 4
    split = [(money(est.account.payments[i].account), money(est.account.payments[i].cash)) for i in range(4)]
    assert split == [("100.00", "0.00"), ("70.00", "30.00"), ("9.99", "0.01"), ("0.00", "50.00")]
    # the year's end: credited 12 × 100 = 1,200.00; paid 100 + 70 + 9.99 = 179.99; balance 1,020.01
    assert money(est.account.balance) == "1020.01"
    assert "family_use_from_2024" in est.account.assumptions
