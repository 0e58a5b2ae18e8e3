"""Every number is bounded where it enters (issue 10): an amount above 99,999,999.99 yuan, a
parameter like 1e999999 or a 26-digit total is refused in one line naming the file, line and
field (or the option) — never an InvalidOperation or Overflow traceback."""
from __future__ import annotations


import pytest

from app.core.money import MAX_AMOUNT, AmountTooLarge, MoneyError, parse_amount, parse_number

from .test_cli_errors import bad, estimate

BIG = "1" * 26


@pytest.mark.parametrize("amount", [BIG, "100000000", "100000000.00", "1" * 5000])
def test_total_above_the_bound(cli, csv_file, amount):
    path = csv_file("date,tier,total", "2023-01-01,level1,100", f"2023-01-02,level1,{amount}")
    line = bad(estimate(cli, path), f"{path}:3:", "total", "99,999,999.99")
    assert len(line) < 300


def test_the_bound_itself_settles(cli, csv_file):
    # tongliao employed, level1 60 %, deductible 1000, cap 4000: (99,999,999.99 − 1000) × 60 % is far
    # above the cap, so the fund pays the cap 4000.00; two such visits: the second pays 0.00
    path = csv_file("date,tier,total", "2023-01-01,level1,99999999.99", "2023-01-02,level1,99999999.99")
    totals = estimate(cli, path).json()["totals"]
    assert totals["total"] == "199999999.98"  # 2 × 99,999,999.99
    assert totals["fund"] == "4000.00" and totals["remaining_allowance"] == "0.00"


@pytest.mark.parametrize("value", ["1e999999", "1e30", "1" * 30, "inf", "NaN", "-5"])
def test_parameter_out_of_bounds(cli, csv_file, value):
    path = csv_file("date,tier,total", "2023-04-01,level1,100")
    bad(estimate(cli, path, "--set", f"average_wage_2021={value}", region="jiangsu"), "--set average_wage_2021")


@pytest.mark.parametrize("flag", ["--contribution-base", "--opening-balance"])
def test_account_amount_out_of_bounds(cli, csv_file, flag):
    path = csv_file("date,tier,total", "2023-04-01,level1,100")
    bad(estimate(cli, path, flag, BIG, region="jiangxi"), flag, "99,999,999.99")


def test_full_width_digits_in_amounts_are_read(cli, csv_file):
    # a Chinese input method types １５００ for 1500: jiangxi level1 60 %, deductible 600 → (1500 − 600) × 60 % = 540.00
    path = csv_file("date,tier,total", "2023-04-01,level1,１５００")
    assert estimate(cli, path, region="jiangxi").json()["totals"]["fund"] == "540.00"


@pytest.mark.parametrize("digits", ["١٥٠٠", "१५००"])  # Arabic-Indic, Devanagari
def test_other_digits_are_refused(cli, csv_file, digits):
    path = csv_file("date,tier,total", f"2023-04-01,level1,{digits}")
    bad(estimate(cli, path, region="jiangxi"), f"{path}:2:", "total")


def test_money_bounds_by_hand():
    assert parse_amount("99,999,999.99") == MAX_AMOUNT
    assert parse_amount("１２３．４") == parse_amount("123.40")
    for text in ("100000000", BIG):
        with pytest.raises(AmountTooLarge):
            parse_amount(text)
    assert parse_number("0.025") * 4 == parse_amount("0.10")
    assert parse_number("115,000") == 115000
    for text in ("1e3", "-1", "١", "1,2", ".5", "Infinity"):
        with pytest.raises(MoneyError):
            parse_number(text)
    with pytest.raises(AmountTooLarge):
        parse_number("1" * 5000)
