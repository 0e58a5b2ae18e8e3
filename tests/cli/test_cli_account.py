"""``estimate`` reports the personal account: credited, paid, cash, balance (DOMAIN.md keys kept)."""
from __future__ import annotations


def test_account_totals_for_an_employed_person_with_a_family_visit(cli, csv_file):
    path = csv_file("date,tier,total,patient",
                    "2023-02-01,level2,800,family",
                    "2023-03-01,level1,1500,self")
    data = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed",
               "--contribution-base", "5000", path).json()
    # 5000 × 2% = 100 a month. 02-01 family: fund 0, not toward the deductible; account holds 200 →
    # 200 account, 600 cash. 03-01: (1500 − 1000) × 60% = 300 → patient 1200; account 100, cash 1100.
    t = data["totals"]
    assert (t["fund"], t["deductible_met"]) == ("300.00", "1000.00")
    assert (t["account_credit"], t["account_paid"], t["cash_paid"], t["account_balance"]) == (
        "1200.00", "300.00", "1700.00", "900.00")
    assert [v["account_paid"] for v in data["visits"]] == ["200.00", "100.00"]
    assert [v["cash_paid"] for v in data["visits"]] == ["600.00", "1100.00"]


def test_opening_balance_and_missing_base(cli, csv_file):
    path = csv_file("date,tier,total", "2023-02-01,class1,300")
    data = cli("estimate", "--region", "jincheng", "--year", "2023", "--category", "employed",
               "--opening-balance", "12.34", path).json()
    # no contribution base: the account cannot be worked out, and says so
    assert data["totals"]["account_credit"] is None and data["account"]["missing"] == ["contribution_base"]
    assert data["totals"]["fund"] == "110.00"  # (300 − 80) × 50%


def test_bad_contribution_base_is_bad_input(cli, csv_file):
    path = csv_file("date,tier,total", "2023-02-01,class1,300")
    r = cli("estimate", "--region", "jincheng", "--year", "2023", "--category", "employed",
            "--contribution-base", "5千", path)
    assert r.code == 2 and len(r.err_lines) == 1 and "--contribution-base" in r.err and "Traceback" not in r.err


def test_bad_patient_value_names_line_and_field(cli, csv_file):
    path = csv_file("date,tier,total,patient", "2023-02-01,class1,300,spouse")
    r = cli("estimate", "--region", "jincheng", "--year", "2023", "--category", "retired", path)
    assert r.code == 2 and len(r.err_lines) == 1
    assert ":2:" in r.err and "patient" in r.err
