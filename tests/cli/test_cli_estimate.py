"""``python -m app.cli estimate``: the JSON contract of DOMAIN.md reproduces the hand arithmetic in
every region; ``--format table`` shows the totals; a new region works from one dropped-in file."""
from __future__ import annotations

import re

import pytest

MONEY = re.compile(r"^\d+\.\d\d$")
VISIT_KEYS = ("date", "tier", "total", "policy_scope", "deductible", "fund", "self_pay", "notes")
TOTAL_KEYS = ("total", "policy_scope", "deductible_met", "fund", "self_pay", "annual_cap",
              "remaining_allowance", "fund_by_tier")


def check_contract(doc: dict, region: str, year: int, category: str, *, capped: bool = True) -> None:
    for key in ("region", "year", "category", "visits", "totals"):
        assert key in doc
    assert (doc["region"], doc["year"], doc["category"]) == (region, year, category)
    for v in doc["visits"]:
        for key in VISIT_KEYS:
            assert key in v, key
        for key in ("total", "policy_scope", "deductible", "fund", "self_pay"):
            assert MONEY.match(v[key]), (key, v[key])
        assert isinstance(v["notes"], list)
    t = doc["totals"]
    for key in TOTAL_KEYS:
        assert key in t, key
    money_keys = ["total", "policy_scope", "deductible_met", "fund", "self_pay"]
    if capped:
        money_keys += ["annual_cap", "remaining_allowance"]
    else:  # no annual cap in these rules
        assert t["annual_cap"] is None and t["remaining_allowance"] is None
    for key in money_keys:
        assert MONEY.match(t[key]), (key, t[key])
    for tier, value in t["fund_by_tier"].items():
        assert MONEY.match(value), (tier, value)


def visit_fields(doc: dict, *keys: str) -> list[tuple]:
    return [tuple(v[k] for k in keys) for v in doc["visits"]]


def totals(doc: dict, *keys: str) -> dict:
    return {k: doc["totals"][k] for k in keys}


def test_tongliao(cli, csv_file):
    path = csv_file(
        "date,tier,total,self_funded,class_b_copay",
        "2023-03-01,level2,900,,",
        "2023-02-01,level1,700,,",  # earlier date on a later line: settled first
        "2023-04-01,level3,1200,200,100",
    )
    doc = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed", path).json()
    check_contract(doc, "tongliao", 2023, "employed")
    # Feb: 700 → deductible, 0
    # Mar: deductible left 300 → (900 − 300) × 60% = 360.00
    # Apr: scope 1200 − 200 − 100 = 900 → 900 × 50% = 450.00
    assert visit_fields(doc, "date", "policy_scope", "deductible", "fund", "self_pay") == [
        ("2023-02-01", "700.00", "700.00", "0.00", "700.00"),
        ("2023-03-01", "900.00", "300.00", "360.00", "540.00"),
        ("2023-04-01", "900.00", "0.00", "450.00", "750.00"),
    ]
    assert [v["line"] for v in doc["visits"]] == [3, 2, 4]  # CSV lines, header = 1
    assert totals(doc, "total", "policy_scope", "deductible_met", "fund", "self_pay",
                  "annual_cap", "remaining_allowance") == {
        "total": "2800.00",  # 700 + 900 + 1200
        "policy_scope": "2500.00",  # 700 + 900 + 900
        "deductible_met": "1000.00",
        "fund": "810.00",  # 360 + 450
        "self_pay": "1990.00",  # 2800 − 810
        "annual_cap": "4000.00",
        "remaining_allowance": "3190.00",  # 4000 − 810
    }
    assert doc["totals"]["fund_by_tier"] == {"level1": "0.00", "level2": "360.00", "level3": "450.00"}


def test_jincheng_retired(cli, csv_file):
    path = csv_file(
        "date,tier,total,designated,emergency",
        "2023-01-03,class1,500,true,false",
        "2023-01-04,class2,250,false,true",
        "2023-01-05,class3,20,,",
    )
    doc = cli("estimate", "--region", "jincheng", "--year", "2023", "--category", "retired", path).json()
    check_contract(doc, "jincheng", 2023, "retired")
    # class1 retired: (500 − 80) × 55% = 231.00
    # class2, non-designated emergency rescue (paid in Jincheng): (250 − 50) × 60% = 120.00
    # class3: 20 < 30 → applied 20, fund 0
    assert visit_fields(doc, "deductible", "fund", "self_pay") == [
        ("80.00", "231.00", "269.00"), ("50.00", "120.00", "130.00"), ("20.00", "0.00", "20.00")]
    assert totals(doc, "total", "deductible_met", "fund", "self_pay", "annual_cap", "remaining_allowance") == {
        "total": "770.00", "deductible_met": "150.00", "fund": "351.00", "self_pay": "419.00",
        "annual_cap": "2000.00", "remaining_allowance": "1649.00"}  # 2000 − 351


def test_jiangxi_cap(cli, csv_file):
    path = csv_file("date,tier,total", "2023-03-01,level2,3000", "2023-04-01,level1,1000")
    doc = cli("estimate", "--region", "jiangxi", "--year", "2023", "--category", "employed", path).json()
    check_contract(doc, "jiangxi", 2023, "employed")
    # (3000 − 600) × 55% = 1320.00; 1000 × 60% = 600 > cap left 1800 − 1320 = 480.00
    assert visit_fields(doc, "fund", "self_pay") == [("1320.00", "1680.00"), ("480.00", "520.00")]
    assert totals(doc, "fund", "self_pay", "annual_cap", "remaining_allowance", "deductible_met") == {
        "fund": "1800.00", "self_pay": "2200.00", "annual_cap": "1800.00", "remaining_allowance": "0.00",
        "deductible_met": "600.00"}
    assert doc["totals"]["fund_by_tier"] == {"level1": "480.00", "level2": "1320.00", "level3": "0.00"}


def test_jiangsu_with_average_wage(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,level2,2000")
    doc = cli("estimate", "--region", "jiangsu", "--year", "2023", "--category", "employed",
              "--set", "average_wage_2021=123456.78", path).json()
    check_contract(doc, "jiangsu", 2023, "employed")
    # deductible 1234.5678 → 1234.57; cap 9876.5424 → 9876.54; (2000 − 1234.57) × 60% = 459.258 → 459.26
    assert visit_fields(doc, "deductible", "fund", "self_pay") == [("1234.57", "459.26", "1540.74")]
    assert totals(doc, "deductible_met", "fund", "annual_cap", "remaining_allowance") == {
        "deductible_met": "1234.57", "fund": "459.26", "annual_cap": "9876.54",
        "remaining_allowance": "9417.28"}  # 9876.54 − 459.26


def test_jiangsu_with_a_set_ratio(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,level1,1000")
    doc = cli("estimate", "--region", "jiangsu", "--year", "2023", "--category", "employed",
              "--set", "average_wage_2021=60000", "--set", "ratio=0.75", path).json()
    # deductible 600; (1000 − 600) × 75% = 300.00; cap 4800 − 300 = 4500.00
    assert totals(doc, "fund", "remaining_allowance") == {"fund": "300.00", "remaining_allowance": "4500.00"}


def test_beijing_birthday_and_no_cap(cli, csv_file):
    path = csv_file(
        "date,tier,total",
        "2023-01-10,hospital,1300",
        "2023-06-14,hospital,1000",
        "2023-06-15,hospital,1000",
    )
    result = cli("estimate", "--region", "beijing", "--year", "2023", "--category", "retired",
                 "--birth-date", "1953-06-15", path)
    doc = result.json()
    check_contract(doc, "beijing", 2023, "retired", capped=False)
    # 1300 = retired deductible → 0; 06-14 age 69: 1000 × 85% = 850.00; 06-15 age 70: 1000 × 90% = 900.00
    assert visit_fields(doc, "deductible", "fund") == [("1300.00", "0.00"), ("0.00", "850.00"), ("0.00", "900.00")]
    assert totals(doc, "total", "deductible_met", "fund", "self_pay") == {
        "total": "3300.00", "deductible_met": "1300.00", "fund": "1750.00", "self_pay": "1550.00"}
    assert doc["verified"] is False


def test_beijing_band_split(cli, csv_file):
    path = csv_file("date,tier,total", "2023-08-08,hospital,30000")
    doc = cli("estimate", "--region", "beijing", "--year", "2023", "--category", "employed", path).json()
    # (30000 − 1800) = 28200: 20000 × 70% = 14000.00 + 8200 × 60% = 4920.00 → 18920.00
    assert visit_fields(doc, "fund", "self_pay") == [("18920.00", "11080.00")]


def test_gb18030_csv(cli, csv_file):
    path = csv_file("date,tier,total,designated", "2023-01-04,class3,130,否", "2023-01-05,class3,130,是",
                    encoding="gb18030")
    doc = cli("estimate", "--region", "jincheng", "--year", "2023", "--category", "employed", path).json()
    # non-designated → 0; designated: (130 − 30) × 60% = 60.00
    assert visit_fields(doc, "fund") == [("0.00",), ("60.00",)]


def test_table_format_shows_the_totals(cli, csv_file):
    path = csv_file("date,tier,total", "2023-02-01,level1,700", "2023-03-01,level2,900")
    result = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed",
                 "--format", "table", "--lang", "en", path)
    assert result.code == 0, result.err
    out = result.out
    # fund (900 − 300) × 60% = 360.00; totals 1,600.00 total, 1,240.00 patient; remaining 4000 − 360
    total_row = next(line for line in out.splitlines() if line.startswith("Total"))
    assert "1,600.00" in total_row and "360.00" in total_row and "1,240.00" in total_row
    assert "1,000.00" in total_row  # deductible met
    assert "Annual cap 4,000.00, remaining 3,640.00" in out
    assert "Level 2 360.00" in out  # fund by tier


def test_table_marks_beijing_unverified(cli, csv_file):
    path = csv_file("date,tier,total", "2023-02-01,community,2000")
    result = cli("estimate", "--region", "beijing", "--year", "2023", "--category", "employed",
                 "--format", "table", "--lang", "en", path)
    assert result.code == 0, result.err
    assert "not verified" in result.out
    assert "No annual cap" in result.out
    assert "180.00" in result.out  # (2000 − 1800) × 90%


def test_new_region_from_one_dropped_in_file(cli, csv_file, tmp_path, new_region_text):
    rules_dir = tmp_path / "myrules"
    rules_dir.mkdir()
    (rules_dir / "newcity.yaml").write_text(new_region_text, encoding="utf-8")
    path = csv_file("date,tier,total", "2023-02-01,level3,300", "2023-03-01,level1,1500")
    doc = cli("estimate", "--rules-dir", rules_dir, "--region", "newcity", "--year", "2023",
              "--category", "employed", path).json()
    check_contract(doc, "newcity", 2023, "employed")
    # deductible 500: Feb 300 → deductible; Mar left 200 → (1500 − 200) × 70% = 910.00; cap 3000 − 910
    assert visit_fields(doc, "deductible", "fund") == [("300.00", "0.00"), ("200.00", "910.00")]
    assert totals(doc, "fund", "annual_cap", "remaining_allowance") == {
        "fund": "910.00", "annual_cap": "3000.00", "remaining_allowance": "2090.00"}
    listed = cli("regions", "--rules-dir", rules_dir, "--lang", "en")
    assert listed.code == 0
    assert any(line.startswith("newcity\tNew City") for line in listed.out.splitlines())
    checked = cli("check-rules", rules_dir)
    assert checked.code == 0, checked.err
    assert "newcity" in checked.out


@pytest.mark.parametrize("region", ["tongliao", "jincheng", "jiangxi", "jiangsu", "beijing"])
def test_empty_csv_gives_empty_year(cli, csv_file, region):
    args = ["--set", "average_wage_2021=100000"] if region == "jiangsu" else []
    doc = cli("estimate", "--region", region, "--year", "2023", "--category", "employed", *args,
              csv_file("date,tier,total")).json()
    assert doc["visits"] == []
    assert doc["totals"]["fund"] == "0.00"
    assert doc["totals"]["deductible_met"] == "0.00"
