"""``regions`` and ``check-rules``."""
from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGIONS = ("beijing", "jiangsu", "jiangxi", "jincheng", "tongliao")


def test_regions_lists_the_five_and_marks_beijing_unverified(cli):
    result = cli("regions", "--lang", "en")
    assert result.code == 0, result.err
    heads = {line.split("\t")[0]: line for line in result.out.splitlines() if not line.startswith(" ")}
    assert sorted(heads) == sorted(REGIONS)
    assert "UNVERIFIED" in heads["beijing"]
    assert "BOUNDS" in heads["jiangsu"]  # estimated from provincial bounds (issue 11, defect 9)
    for region in REGIONS:
        if region not in ("beijing", "jiangsu"):
            assert "UNVERIFIED" not in heads[region] and "verified" in heads[region]
    assert "community" in result.out and "class1" in result.out  # tier ids are listed
    assert "average_wage_2021" in result.out  # Jiangsu's parameter


def test_check_rules_on_the_bundled_folder(cli):
    result = cli("check-rules", "rules/")
    assert result.code == 0, result.err
    ok = [line for line in result.out.splitlines() if line.startswith("ok")]
    assert len(ok) == 5
    assert all(any(f"{r}.yaml" in line for line in ok) for r in REGIONS)
    assert "unverified" in next(line for line in ok if "beijing" in line)


def test_check_rules_default_is_the_bundled_folder(cli):
    result = cli("check-rules")
    assert result.code == 0, result.err
    assert len([line for line in result.out.splitlines() if line.startswith("ok")]) == 5


def test_check_rules_with_a_broken_file(cli, tmp_path):
    shutil.copy(REPO / "rules" / "tongliao.yaml", tmp_path / "tongliao.yaml")
    broken = tmp_path / "jiangxi.yaml"
    text = (REPO / "rules" / "jiangxi.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("name: {zh: 江西省, en: Jiangxi}", "name: {zh: 江西省, en: Jiangxi"),
                      encoding="utf-8")
    result = cli("check-rules", tmp_path)
    assert result.code != 0
    assert "Traceback" not in result.err
    assert str(broken) in result.err
    assert "tongliao" in result.out  # the good file is still checked


def test_check_rules_with_a_failing_example(cli, tmp_path):
    text = (REPO / "rules" / "jiangxi.yaml").read_text(encoding="utf-8")
    # the example's hand result is 180.00 ((900 − 600) × 60%); claim 181.00
    assert text.count('fund: "180.00"') == 1
    (tmp_path / "jiangxi.yaml").write_text(text.replace('fund: "180.00"', 'fund: "181.00"'), encoding="utf-8")
    result = cli("check-rules", tmp_path)
    assert result.code != 0
    assert "181.00" in result.err


def test_check_rules_on_a_missing_folder(cli, tmp_path):
    result = cli("check-rules", tmp_path / "nope")
    assert result.code == 2
    assert len(result.err_lines) == 1 and "nope" in result.err
