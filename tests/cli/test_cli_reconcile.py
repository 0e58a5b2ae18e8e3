"""Real settlements beside the estimate (DOMAIN.md "Real settlements"): ``estimate`` reads settlement
records by the platform's field names or the slip's Chinese labels; each visit gains ``actual``,
``difference`` (estimated − actual fund) and ``likely_reason``. Every figure is worked by hand below."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLATFORM = ("setl_time,tier,medfee_sumamt,fulamt_ownpay_amt,overlmt_selfpay,preselfpay_amt,inscp_scp_amt,"
            "act_pay_dedc,hifp_pay,acct_pay,psn_cash_pay,acct_mulaid_pay")
SLIP = ("结算时间,医疗机构等级,医疗费总额,全自费金额,超限价自费费用,先行自付金额,符合政策范围金额,实际支付起付线,"
        "基本医疗保险统筹基金支出,个人账户支出,个人现金支出,个人账户共济支付金额")


def estimate(cli, path, region="tongliao", year="2023", category="employed", *extra):
    return cli("estimate", "--region", region, "--year", year, "--category", category, *extra, path).json()


def test_actual_figures_that_match_the_estimate(cli, csv_file):
    path = csv_file(
        SLIP,
        # total 1500, self-funded 100 + over-limit 50 = 150, class-B 150 → scope 1500 − 150 − 150 = 1200;
        # deductible 1000 → (1200 − 1000) × 60 % = 120.00
        "2023-03-01 09:15:00,二级,1500.00,100.00,50.00,150.00,1200.00,1000.00,120.00,80.00,1300.00,0.00",
        # deductible met: 800 × 50 % = 400.00
        "2023-04-02 16:40:05,三级医院,800.00,0.00,0.00,0.00,800.00,0.00,400.00,400.00,0.00,0.00",
    )
    doc = estimate(cli, path)
    a, b = doc["visits"]
    assert (a["date"], a["tier"], a["policy_scope"], a["deductible"], a["fund"]) == (
        "2023-03-01", "level2", "1200.00", "1000.00", "120.00")
    assert a["actual"] == {"fund": "120.00", "deductible": "1000.00", "account_paid": "80.00", "cash_paid": "1300.00"}
    assert (a["difference"], a["likely_reason"]) == ("0.00", None)
    assert (b["fund"], b["difference"], b["likely_reason"]) == ("400.00", "0.00", None)
    assert b["actual"] == {"fund": "400.00", "deductible": "0.00", "account_paid": "400.00", "cash_paid": "0.00"}
    assert doc["totals"]["actual"] == {"visits": 2, "estimated_fund": "520.00", "fund": "520.00", "difference": "0.00"}
    assert doc["totals"]["fund"] == "520.00"  # 120 + 400


def test_each_likely_reason(cli, csv_file):
    path = csv_file(
        PLATFORM,
        # A: as above, matches (estimate 120.00)
        "2023-02-01 08:00:00,level2,1500,100,50,150,1200,1000,120,0,1380,0",
        # B: level3 1000 → estimate 1000 × 50 % = 500; actual 600 = 1000 × 60 %, the ratio of level1/level2
        "2023-03-01 08:00:00,level3,1000,0,0,0,1000,0,600,0,400,0",
        # C: level2 1000, estimate: deductible met → 1000 × 60 % = 600; actual deductible 200 → differs
        "2023-04-01 08:00:00,level2,1000,0,0,0,1000,200,480,0,520,0",
        # D: level3 1000 → 500; actual 550 = 1000 × 55 %, a retiree's level3 ratio (50 % + 5)
        "2023-05-01 08:00:00,level3,1000,0,0,0,1000,0,550,0,450,0",
        # F: level2 100 → 60.00; actual 59.00 (59 %: no tier, no category); no cap reached → unexplained
        "2023-05-15 08:00:00,level2,100,0,0,0,100,0,59,0,41,0",
        # E: level2 10000 → 6000, but cap 4000 − estimated 120+500+600+500+60 = 1780 → 2220 left → 2220.00;
        #    actual 4000 − (120+600+480+550+59 = 1809) = 2191.00; the estimate was clipped → cap
        "2023-06-01 08:00:00,level2,10000,0,0,0,10000,0,2191,0,7809,0",
    )
    doc = estimate(cli, path)
    got = [(v["date"], v["fund"], v["actual"]["fund"], v["difference"], v["likely_reason"]) for v in doc["visits"]]
    assert got == [
        ("2023-02-01", "120.00", "120.00", "0.00", None),
        ("2023-03-01", "500.00", "600.00", "-100.00", "ratio_matches_tier"),
        ("2023-04-01", "600.00", "480.00", "120.00", "deductible_differs"),
        ("2023-05-01", "500.00", "550.00", "-50.00", "ratio_matches_category"),
        ("2023-05-15", "60.00", "59.00", "1.00", "unexplained"),
        ("2023-06-01", "2220.00", "2191.00", "29.00", "cap"),
    ]
    # stated with the numbers
    b = doc["visits"][1]["reconciliation"][0]
    assert "60%" in b and "600.00" in b and "一级及以下" in b and "二级" in b
    assert "200.00" in doc["visits"][2]["reconciliation"][0]
    # estimated 120+500+600+500+60+2220 = 4000.00; actual 120+600+480+550+59+2191 = 4000.00
    assert doc["totals"]["actual"] == {"visits": 6, "estimated_fund": "4000.00", "fund": "4000.00",
                                       "difference": "0.00"}


def test_outside_the_rule_version(cli, csv_file):
    path = csv_file(
        PLATFORM,
        # Tongliao's rules start 2022-10-01: nothing estimated on 2022-05-01; actual 300
        "2022-05-01 08:00:00,level2,1000,0,0,0,1000,0,300,0,700,0",
        # 2022-11-01: deductible 1000, (2000 − 1000) × 60 % = 600.00, matches
        "2022-11-01 08:00:00,level2,2000,0,0,0,2000,1000,600,0,1400,0",
    )
    doc = estimate(cli, path, "tongliao", "2022")
    got = [(v["fund"], v["difference"], v["likely_reason"]) for v in doc["visits"]]
    assert got == [("0.00", "-300.00", "outside_rule_version"), ("600.00", "0.00", None)]


def test_carry_in_explains_a_deductible_difference(cli, csv_file):
    line = "2023-08-01 08:00:00,level2,1000,0,0,0,1000,0,600,0,400,0"
    path = csv_file(PLATFORM, line)
    # without carry-in: deductible 1000 → fund 0; actual deductible 0, fund 600 → deductible_differs
    doc = estimate(cli, path)
    assert (doc["visits"][0]["fund"], doc["visits"][0]["likely_reason"]) == ("0.00", "deductible_differs")
    # with the year's deductible carried in: 1000 × 60 % = 600.00, difference 0.00
    doc = estimate(cli, path, "tongliao", "2023", "employed", "--carry", "deductible_met=1000",
                   "--carry", "fund_paid=0")
    assert (doc["visits"][0]["fund"], doc["visits"][0]["difference"], doc["visits"][0]["likely_reason"]) == (
        "600.00", "0.00", None)


def test_policy_scope_disagreement_is_said(cli, csv_file):
    # scope 1000 − 0 − 0 = 1000, the record says 900
    path = csv_file(PLATFORM, "2023-03-01 08:00:00,level2,1000,0,0,0,900,900,0,0,1000,0")
    doc = estimate(cli, path, "tongliao", "2023", "employed", "--lang", "en")
    assert "900.00" in doc["visits"][0]["reconciliation"][0] and "1000.00" in doc["visits"][0]["reconciliation"][0]


def test_without_actual_figures_no_key_is_added(cli, csv_file):
    path = csv_file("date,tier,total", "2023-03-01,level2,1500")
    doc = estimate(cli, path)
    assert not {"actual", "difference", "likely_reason"} & set(doc["visits"][0])
    assert "actual" not in doc["totals"]


def test_bad_actual_amount_names_line_and_field(cli, csv_file):
    path = csv_file(PLATFORM, "2023-03-01 08:00:00,level2,1000,0,0,0,1000,0,abc,0,400,0")
    res = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed", path)
    assert res.code == 2 and len(res.err_lines) == 1
    assert f"{path}:2: hifp_pay:" in res.err


def test_the_sample_reconciliation_file(cli):
    sample = REPO / "resources" / "samples" / "reconciliation.csv"
    doc = estimate(cli, sample)
    reasons = [v["likely_reason"] for v in doc["visits"]]
    assert reasons == [None, "ratio_matches_tier", "deductible_differs", None]


def test_other_platform_fields_are_named_not_refused(cli, csv_file):
    # a hospital system's export has more fields (psn_no, mdtrt_id …): left out, said on stderr
    path = csv_file("psn_no,mdtrt_id," + PLATFORM, "P001,M9,2023-03-01 08:00:00,level2,1000,0,0,0,1000,0,0,0,1000,0")
    res = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed", path)
    # deductible 1000 takes the whole 1000 → fund 0.00 = actual 0.00
    assert res.code == 0 and res.json()["visits"][0]["difference"] == "0.00"
    assert res.err_lines == [f"warning: {path}: columns not read: psn_no, mdtrt_id"]
