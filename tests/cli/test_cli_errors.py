"""Bad input: exit status 2, exactly one line on stderr naming file / line / field, no traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def bad(result, *needles: str) -> str:
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert len(result.err_lines) == 1, result.err
    line = result.err_lines[0]
    for needle in needles:
        assert needle in line, (needle, line)
    assert result.out == ""  # no half-printed estimate
    return line


def estimate(cli, path, *extra, region="tongliao", year="2023", category="employed"):
    return cli("estimate", "--region", region, "--year", year, "--category", category, *extra, path)


def test_unknown_region(cli, csv_file):
    bad(estimate(cli, csv_file("date,tier,total"), region="atlantis"), "--region", "atlantis")


def test_unknown_tier_names_the_csv_line(cli, csv_file):
    path = csv_file("date,tier,total", "2023-01-01,level1,100", "2023-01-02,class1,100")
    bad(estimate(cli, path), f"{path}:3:", "tier", "class1")


def test_unknown_tier_out_of_date_order(cli, csv_file):
    # the bad row is dated first but sits on line 3: the message must still say line 3
    path = csv_file("date,tier,total", "2023-05-01,level1,100", "2023-01-02,hospital,100")
    bad(estimate(cli, path), f"{path}:3:", "tier")


@pytest.mark.parametrize("day", ["2023-02-30", "2023/01/05", "20230105"])
def test_malformed_date(cli, csv_file, day):
    path = csv_file("date,tier,total", f"{day},level1,100")
    bad(estimate(cli, path), f"{path}:2:", "date", day)


@pytest.mark.parametrize("amount", ["12.345", "12a", "-5"])
def test_malformed_amount(cli, csv_file, amount):
    path = csv_file("date,tier,total", "2023-01-01,level1,100", f"2023-01-02,level1,{amount}")
    bad(estimate(cli, path), f"{path}:3:", "total")


def test_visit_outside_the_year(cli, csv_file):
    path = csv_file("date,tier,total", "2023-12-31,level1,100", "2024-01-01,level1,100")
    bad(estimate(cli, path), f"{path}:3:", "date", "2024-01-01")


def test_negative_policy_scope(cli, csv_file):
    path = csv_file("date,tier,total,self_funded,class_b_copay", "2023-01-01,level1,100,80,30")
    bad(estimate(cli, path), f"{path}:2:", "self_funded")


def test_unknown_exclusion(cli, csv_file):
    path = csv_file("date,tier,total,exclusion", "2023-01-01,class1,100,", "2023-01-02,class1,100,lottery")
    bad(estimate(cli, path, region="jincheng"), f"{path}:3:", "exclusion", "lottery")


def test_missing_required_column(cli, csv_file):
    path = csv_file("date,tier", "2023-01-01,level1")
    bad(estimate(cli, path), f"{path}:1:", "total")


def test_missing_csv_file(cli, tmp_path):
    path = tmp_path / "no-such-visits.csv"
    bad(estimate(cli, path), str(path))


def test_bad_category(cli, csv_file):
    bad(estimate(cli, csv_file("date,tier,total"), category="student"), "--category", "student")


@pytest.mark.parametrize("year", ["20x3", "1800"])
def test_bad_year(cli, csv_file, year):
    bad(estimate(cli, csv_file("date,tier,total"), year=year), "--year", year)


@pytest.mark.parametrize("pair, needle", [
    ("average_wage_2021", "--set"),  # no '='
    ("=100000", "--set"),  # no name
    ("average_wage_2021=abc", "--set average_wage_2021"),  # not a number
])
def test_bad_set_syntax(cli, csv_file, pair, needle):
    path = csv_file("date,tier,total", "2023-04-01,level1,100")
    bad(estimate(cli, path, "--set", pair, region="jiangsu"), needle)


def test_jiangsu_without_average_wage(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,level1,100")
    bad(estimate(cli, path, region="jiangsu"), "average_wage_2021")


def test_jiangsu_ratio_below_minimum(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,level1,100")
    bad(estimate(cli, path, "--set", "average_wage_2021=100000", "--set", "ratio=0.5", region="jiangsu"),
        "ratio", "0.5")


def test_unknown_parameter(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,level1,100")
    bad(estimate(cli, path, "--set", "average_wage_2021=100000", "--set", "avg=1", region="jiangsu"), "avg")


def test_beijing_retired_without_birth_date(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,community,100")
    bad(estimate(cli, path, region="beijing", category="retired"), "--birth-date")


def test_malformed_birth_date(cli, csv_file):
    path = csv_file("date,tier,total", "2023-04-01,community,100")
    bad(estimate(cli, path, "--birth-date", "15/06/1953", region="beijing", category="retired"),
        "--birth-date", "15/06/1953")


def test_missing_argument(cli, csv_file):
    result = cli("estimate", "--region", "tongliao", "--category", "employed", csv_file("date,tier,total"))
    bad(result, "--year")


def _broken_copy(text: str, old: str, new: str) -> tuple[str, int]:
    assert text.count(old) == 1
    text = text.replace(old, new)
    line = next(n for n, s in enumerate(text.splitlines(), start=1) if new in s)
    return text, line


def test_broken_new_region_file(cli, csv_file, tmp_path, new_region_text):
    rules_dir = tmp_path / "myrules"
    rules_dir.mkdir()
    text, line = _broken_copy(new_region_text, "{tier: level3, category: employed, ratio: 0.50",
                              "{tier: level3, category: employed, ratio: 1.5")
    rule_file = rules_dir / "newcity.yaml"
    rule_file.write_text(text, encoding="utf-8")
    path = csv_file("date,tier,total", "2023-04-01,level1,1500")
    bad(estimate(cli, path, "--rules-dir", rules_dir, region="newcity"), f"{rule_file}:{line}:", "ratio")


def test_broken_override_of_a_bundled_region(cli, csv_file, tmp_path):
    # the user's own jiangxi.yaml is broken: the estimate must not silently fall back to the
    # bundled jiangxi numbers
    rules_dir = tmp_path / "myrules"
    rules_dir.mkdir()
    original = (REPO / "rules" / "jiangxi.yaml").read_text(encoding="utf-8")
    text, line = _broken_copy(original, "amount: 600,", "amount: -600,")
    rule_file = rules_dir / "jiangxi.yaml"
    rule_file.write_text(text, encoding="utf-8")
    path = csv_file("date,tier,total", "2023-04-01,level1,1500")
    bad(estimate(cli, path, "--rules-dir", rules_dir, region="jiangxi"), f"{rule_file}:{line}:")


def test_rules_dir_that_does_not_exist(cli, csv_file, tmp_path):
    path = csv_file("date,tier,total", "2023-04-01,level1,1500")
    missing = tmp_path / "no-such-dir"
    bad(estimate(cli, path, "--rules-dir", missing, region="jiangxi"), str(missing))
