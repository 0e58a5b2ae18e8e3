"""Issue 11: ``check-rules`` prints each file's assumptions; ``estimate`` lists the ids that affected
the result in ``totals.assumptions``."""
from __future__ import annotations


def test_check_rules_prints_each_files_assumptions(cli):
    r = cli("check-rules", "rules/")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    for region in ("beijing", "jiangsu", "jiangxi", "jincheng", "tongliao"):
        start = next(i for i, l in enumerate(lines) if l.startswith("ok ") and f"{region}.yaml" in l)
        block = []
        for l in lines[start + 1:]:
            if not l.startswith("     assumption "):
                break
            block.append(l)
        assert any("credit_on_first" in l for l in block), region
    assert any("beijing_start_2023" in l and "2023-01-01" in l for l in lines)
    assert any("retiree_on_3_6_percent" in l and "3.6%" in l for l in lines)


def test_estimate_lists_the_assumptions_that_affected_the_result(cli, csv_file):
    path = csv_file("date,tier,total,designated,emergency",
                    "2023-02-01,level2,500,false,true",
                    "2023-03-01,level1,1500,true,false")
    data = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed",
               "--contribution-base", "5000", path).json()
    # 02-01: non-designated emergency, not paid (the text is silent) → 0.00;
    # 03-01: (1500 − 1000) × 60% = 300.00; account 100 a month credited on the 1st, account before cash
    assert [v["fund"] for v in data["visits"]] == ["0.00", "300.00"]
    assert data["totals"]["assumptions"] == ["credit_on_first", "account_before_cash",
                                             "non_designated_emergency_unpaid"]
    # the account does not pay a non-designated visit: only the pooling assumption applies to it
    assert data["visits"][0]["assumptions"] == ["non_designated_emergency_unpaid"]
    assert data["visits"][1]["assumptions"] == ["account_before_cash"]
    table = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed",
                "--format", "table", "--lang", "en", path)
    assert "* Assumed: An emergency at a non-designated place is not paid by the fund" in table.out


def test_pooling_only_flag(cli, csv_file):
    path = csv_file("date,tier,total", "2023-02-01,class1,300")
    data = cli("estimate", "--region", "jincheng", "--year", "2023", "--category", "employed", "--pooling-only",
               path).json()
    # 晋市医保发〔2022〕22号 二: 单建统筹 — no account. (300 − 80) × 50 % = 110.00; patient 190.00, all cash
    assert data["totals"]["fund"] == "110.00"
    assert (data["totals"]["account_paid"], data["totals"]["cash_paid"]) == ("0.00", "190.00")
    assert data["account"]["missing"] == [] and data["account"]["pooling_only"] is True
