"""One reader (issue 12 §4): a file the window exports — CSV or workbook, Chinese or English headers,
tier labels, 是/否 flags, the computed columns and the totals row — estimates in the command line
to the same figures the window shows; DOMAIN.md's CSV is read exactly as before."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.exchange import write_export
from app.core.rules.loader import load_rules
from app.core.worksheet import PersonFields, Row, Worksheet

# Jiangxi, employed, 2023 (deductible 600 a year; level1 60 %, level2 55 %, level3 50 %):
#  01-05 level1, scope 1000 − 100 = 900: 600 to the deductible, 300 × 60 % = 180.00
#  02-05 level3 2000 × 50 % = 1000.00
#  03-10 level2 500, self-funded 50, non-designated → 0.00
#  04-01 level2 400 for a family member → 0.00 (not this person's pooling)
#  fund 1180.00; remaining 1800 − 1180 = 620.00
TYPED = [
    Row("2023-01-05", "level1", "1000", class_b_copay="100"),
    Row("2023-02-05", "level3", "2000"),
    Row("2023-03-10", "level2", "500", self_funded="50", designated=False),
    Row("2023-04-01", "level2", "400", family=True),
]


@pytest.mark.parametrize("lang, suffix", [("zh", ".csv"), ("en", ".csv"), ("zh", ".xlsx"), ("en", ".xlsx")])
def test_window_export_estimates_to_the_same_figures(cli, tmp_path: Path, lang, suffix):
    region = load_rules([]).regions["jiangxi"]
    ws = Worksheet(PersonFields("jiangxi", 2023, "employed"), list(TYPED))
    result = ws.settle(region)
    path = tmp_path / f"export-{lang}{suffix}"
    write_export(path, ws, result, region, lang)
    res = cli("estimate", "--region", "jiangxi", "--year", "2023", "--category", "employed", path)
    doc = json.loads(res.out) if res.code == 0 else pytest.fail(res.err)
    window = [(r.visit.date.isoformat(), r.visit.tier, f"{r.policy_scope:.2f}", f"{r.deductible:.2f}",
               f"{r.fund:.2f}", f"{r.self_pay:.2f}") for r in result.estimate.lines]
    got = [(v["date"], v["tier"], v["policy_scope"], v["deductible"], v["fund"], v["self_pay"]) for v in doc["visits"]]
    assert got == window
    assert [v[4] for v in got] == ["180.00", "1000.00", "0.00", "0.00"]
    assert (doc["totals"]["fund"], doc["totals"]["remaining_allowance"]) == ("1180.00", "620.00")
    assert result.estimate.totals.fund == Decimal("1180.00")
    assert not any("actual" in v for v in doc["visits"])


def test_domain_csv_keeps_its_iso_dates(cli, csv_file):
    # DOMAIN.md's CSV: YYYY-MM-DD only, as before (the window's forms are not read there)
    res = cli("estimate", "--region", "jiangxi", "--year", "2023", "--category", "employed",
              csv_file("date,tier,total", "2023/3/1,level1,100"))
    assert res.code == 2 and ":2: date:" in res.err and len(res.err_lines) == 1


def test_window_headers_with_a_bad_line(cli, csv_file):
    path = csv_file("日期,医疗机构等级,总费用", "2023/3/1,一级,100", "2023/3/2,四级,100")
    res = cli("estimate", "--region", "jiangxi", "--year", "2023", "--category", "employed", path)
    assert res.code == 2 and len(res.err_lines) == 1 and f"{path}:3: tier:" in res.err


def test_window_headers_short_dates_and_tier_labels(cli, csv_file):
    # 3-1 in the case year; 一级 is level1: (700 − 600) × 60 % = 60.00
    path = csv_file("日期,医疗机构等级,总费用", "3-1,一级,700")
    res = cli("estimate", "--region", "jiangxi", "--year", "2023", "--category", "employed", path)
    doc = json.loads(res.out)
    assert [(v["date"], v["tier"], v["fund"]) for v in doc["visits"]] == [("2023-03-01", "level1", "60.00")]
