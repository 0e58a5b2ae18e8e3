"""Carry-in (DOMAIN.md "Carry-in"): ``estimate --carry NAME=AMOUNT`` starts the year from what the
insurance record already shows; ``totals.carried`` echoes it, ``deductible_met`` is carried + applied,
``fund`` is the file's visits only and ``remaining_allowance`` is cap − carried fund − fund.
Every figure below is worked out by hand in the comment beside it."""
from __future__ import annotations

import pytest


def totals(doc: dict, *keys: str) -> tuple:
    return tuple(doc["totals"][k] for k in keys)


def test_tongliao_deductible_and_cap_left(cli, csv_file):
    path = csv_file("date,tier,total", "2023-03-01,level2,500", "2023-04-01,level3,1000")
    doc = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed",
              "--carry", "deductible_met=800", "--carry", "fund_paid=3500", path).json()
    # deductible 1000, 800 met → 200 left: visit 1 applies 200; (500 − 200) × 60 % = 180.00
    # cap 4000 − 3500 carried − 180 = 320 left; visit 2: 1000 × 50 % = 500 → clipped to 320.00
    assert [(v["deductible"], v["fund"]) for v in doc["visits"]] == [("200.00", "180.00"), ("0.00", "320.00")]
    assert doc["totals"]["carried"] == {"deductible_met": "800.00", "fund_paid": "3500.00"}
    # deductible_met 800 + 200 = 1000.00; fund 180 + 320 = 500.00; remaining 4000 − 3500 − 500 = 0.00
    assert totals(doc, "deductible_met", "fund", "remaining_allowance") == ("1000.00", "500.00", "0.00")


def test_jiangxi_partly_met_deductible(cli, csv_file):
    path = csv_file("date,tier,total", "2023-05-10,level2,1000")
    doc = cli("estimate", "--region", "jiangxi", "--year", "2023", "--category", "employed",
              "--carry", "deductible_met=100", "--carry", "fund_paid=0", path).json()
    # 600 − 100 = 500 left → applied 500; (1000 − 500) × 55 % = 275.00; remaining 1800 − 0 − 275 = 1525.00
    assert (doc["visits"][0]["deductible"], doc["visits"][0]["fund"]) == ("500.00", "275.00")
    assert totals(doc, "deductible_met", "fund", "remaining_allowance") == ("600.00", "275.00", "1525.00")


@pytest.mark.parametrize("region, category, extra, visit, carry, deductible, fund, totals_expected", [
    # Jiangxi retired: deductible all met; 300 × 65 % = 195 > cap 2000 − 1900 = 100 left → 100.00
    ("jiangxi", "retired", [], "2023-09-01,level1,300", ["deductible_met=600", "fund_paid=1900"],
     "0.00", "100.00", ("600.00", "100.00", "0.00")),
    # Jincheng: per-visit deductible 80, nothing of it carried: (300 − 80) × 50 % = 110 > 1800 − 1700 = 100
    # → 100.00; deductible_met is the file's per-visit deductibles, 80.00; remaining 1800 − 1700 − 100 = 0
    ("jincheng", "employed", [], "2023-06-01,class1,300", ["fund_paid=1700"],
     "80.00", "100.00", ("80.00", "100.00", "0.00")),
    # Jiangsu: deductible 1 % × 100000 = 1000 (met), cap 8 % = 8000; 500 × 60 % = 300 > 8000 − 7900 = 100
    ("jiangsu", "employed", ["--set", "average_wage_2021=100000"], "2023-07-01,level3,500",
     ["deductible_met=1000", "fund_paid=7900"], "0.00", "100.00", ("1000.00", "100.00", "0.00")),
])
def test_one_visit_clipped_at_the_cap_left(cli, csv_file, region, category, extra, visit, carry, deductible, fund,
                                           totals_expected):
    args = [a for pair in carry for a in ("--carry", pair)]
    doc = cli("estimate", "--region", region, "--year", "2023", "--category", category, *extra, *args,
              csv_file("date,tier,total", visit)).json()
    assert (doc["visits"][0]["deductible"], doc["visits"][0]["fund"]) == (deductible, fund)
    assert doc["totals"]["carried"] == {k: f"{v}.00" for k, v in (pair.split("=") for pair in carry)}
    assert totals(doc, "deductible_met", "fund", "remaining_allowance") == totals_expected


def test_beijing_band_reached_before_the_file(cli, csv_file):
    path = csv_file("date,tier,total", "2023-10-01,community,2000")
    doc = cli("estimate", "--region", "beijing", "--year", "2023", "--category", "employed",
              "--carry", "deductible_met=1800", "--carry", "fund_paid=17100",
              "--carry", "above_deductible=19000", path).json()
    # 19000 above the deductible already: 1000 more at 90 % = 900 up to the 20000 band,
    # the other 1000 at 60 % = 600 → 1500.00; no annual cap in Beijing
    v = doc["visits"][0]
    assert (v["deductible"], v["fund"]) == ("0.00", "1500.00")
    assert doc["totals"]["carried"] == {"deductible_met": "1800.00", "fund_paid": "17100.00",
                                        "above_deductible": "19000.00"}
    assert totals(doc, "deductible_met", "fund", "annual_cap", "remaining_allowance") == (
        "1800.00", "1500.00", None, None)


def test_no_carry_echoes_nothing(cli, csv_file):
    path = csv_file("date,tier,total", "2023-03-01,level2,1500")
    doc = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed", path).json()
    # 1500 − 1000 = 500 × 60 % = 300.00; remaining 4000 − 300 = 3700.00
    assert doc["totals"]["carried"] == {}
    assert totals(doc, "deductible_met", "fund", "remaining_allowance") == ("1000.00", "300.00", "3700.00")


@pytest.mark.parametrize("region, extra, carry, says", [
    ("tongliao", [], "foo=1", "unknown name 'foo'"),
    ("tongliao", [], "above_deductible=10", "does not use above_deductible"),
    ("jincheng", [], "deductible_met=10", "does not use deductible_met"),
    ("tongliao", [], "deductible_met=1000.01", "above the annual deductible 1000.00"),
    ("tongliao", [], "fund_paid=4000.01", "above the annual cap 4000.00"),
    ("jiangxi", [], "fund_paid=1800.01", "above the annual cap 1800.00"),
    ("beijing", [], "deductible_met=1800.01", "above the annual deductible 1800.00"),
    ("jiangsu", ["--set", "average_wage_2021=100000"], "deductible_met=1000.01", "above the annual deductible 1000.00"),
    ("tongliao", [], "fund_paid=abc", "not an amount"),
    ("tongliao", [], "fund_paid=-5", "fund_paid"),
    ("tongliao", [], "fund_paid=1.234", "fund_paid"),
    ("tongliao", [], "fund_paid=1e30", "fund_paid"),
    ("tongliao", [], "fund_paid", "expected NAME=AMOUNT"),
])
def test_refused_with_one_line(cli, csv_file, region, extra, carry, says):
    tier = {"jincheng": "class1", "beijing": "community"}.get(region, "level1")
    path = csv_file("date,tier,total", f"2023-03-01,{tier},100")
    res = cli("estimate", "--region", region, "--year", "2023", "--category", "employed", *extra,
              "--carry", carry, path)
    assert res.code == 2
    assert len(res.err_lines) == 1 and "--carry" in res.err and says in res.err, res.err
    assert "Traceback" not in res.err


def test_twice_refused(cli, csv_file):
    path = csv_file("date,tier,total", "2023-03-01,level1,100")
    res = cli("estimate", "--region", "tongliao", "--year", "2023", "--category", "employed",
              "--carry", "fund_paid=1", "--carry", "fund_paid=2", path)
    assert res.code == 2 and res.err_lines == ["error: --carry: fund_paid is given twice"]


def test_compliant_cost_counted_toward_a_cost_limit(cli, csv_file, tmp_path):
    """A city whose limit is on compliant cost (tests/core/rule_kinds/scope_limit.yaml: no deductible,
    90 % to 5000 and 80 % above, a 15000 limit on compliant cost): the record shows 14000 counted."""
    import shutil
    from pathlib import Path

    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "core" / "rule_kinds" / "scope_limit.yaml", rules)
    path = csv_file("date,tier,total", "2023-06-01,level3,2000")
    doc = cli("estimate", "--region", "scopelimit", "--year", "2023", "--category", "employed",
              "--rules-dir", str(rules), "--carry", "policy_scope=14000", "--carry", "above_deductible=14000",
              path).json()
    # 15000 − 14000 = 1000 of the 2000 within the limit, above 5000: 1000 × 80 % = 800.00; limit used up
    assert doc["visits"][0]["fund"] == "800.00"
    assert doc["totals"]["carried"] == {"policy_scope": "14000.00", "above_deductible": "14000.00"}
    assert totals(doc, "fund", "remaining_allowance") == ("800.00", "0.00")
