"""Rules that may be out of date for the chosen year say so: JSON ``totals.warnings``, the table,
``check-rules``. Tongliao's file is reviewed as of 2022-10-01 and its version has no end date."""
from __future__ import annotations


def test_tongliao_2024_warns_and_2022_does_not(cli, tmp_path):
    for year, expected in ((2024, ["rules_not_reviewed_for_year"]), (2022, [])):
        visits = tmp_path / f"v{year}.csv"
        visits.write_text(f"date,tier,total\n{year}-11-01,level2,1500\n", encoding="utf-8")
        doc = cli("estimate", "--region", "tongliao", "--year", year, "--category", "employed", visits).json()
        assert doc["totals"]["warnings"] == expected
        # the figures themselves are unchanged: (1,500 − 1,000) × 60 % = 300.00
        assert doc["totals"]["fund"] == "300.00"
    table = cli("estimate", "--region", "tongliao", "--year", "2024", "--category", "employed",
                "--format", "table", "--lang", "en", tmp_path / "v2024.csv")
    assert "last checked against official sources as of October 2022" in table.out


def test_check_rules_lists_review_dates_and_flags_old_ones(cli):
    res = cli("check-rules", "rules/")
    assert res.code == 0
    assert "reviewed: tongliao-2022-10 2022-10-01  (not reviewed in the last 12 months)" in res.out
