"""Hostile rule files (issue 10): each is refused with one RuleFileError naming file, line and
field where there is one — never a ValueError, a crash or minutes of work — and the other
files of the folder still load."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.core.rules.loader import RuleFileError, load_rule_file, load_rules
from rule_copies import replace_once

from .test_rule_files import RULES, line_of

JIANGXI = (RULES / "jiangxi.yaml").read_text(encoding="utf-8")


def refused(tmp_path: Path, text: str, name: str = "jiangxi.yaml") -> RuleFileError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    return info.value


# the first effective_from of jiangxi.yaml (the pooling version) sits on this line
FIRST_FROM = "    effective_from: 2023-01-01\n    effective_to: null\n    reviewed: 2023-01-01"


@pytest.mark.parametrize("day", ["2023-02-30", "0000-01-01", "2023-13-01"])
def test_impossible_date_in_a_copy_of_a_shipped_file(tmp_path, day):
    text = replace_once(JIANGXI, FIRST_FROM, FIRST_FROM.replace("effective_from: 2023-01-01", f"effective_from: {day}"))
    err = refused(tmp_path, text)
    assert err.line == line_of(text, f"effective_from: {day}")
    assert err.field == "versions[0].effective_from"
    assert "not a valid date" in err.message and day in err.message


def test_impossible_date_anywhere(tmp_path):
    err = refused(tmp_path, "region: x\na: 2023-02-30\n")
    assert (err.line, err.field) == (2, "a")


def test_integer_of_4301_digits(tmp_path):
    text = replace_once(JIANGXI, "schema_version: 1", "schema_version: " + "9" * 4301)
    err = refused(tmp_path, text)
    assert (err.line, err.field) == (line_of(text, "schema_version"), "schema_version")
    assert "too long" in err.message


def test_duplicate_key(tmp_path):
    text = replace_once(JIANGXI, "region: jiangxi", "region: jiangxi\nregion: jiangxi")
    err = refused(tmp_path, text)
    assert err.line == line_of(JIANGXI, "region: jiangxi") + 1  # the second one
    assert err.field == "region" and "twice" in err.message


def test_duplicate_key_in_a_flow_mapping(tmp_path):
    text = replace_once(JIANGXI, "{category: employed, amount: 1800,", "{category: employed, amount: 1800, amount: 9,")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "amount: 9,")
    assert err.field == "versions[0].annual_cap[0].amount"


def test_negative_annual_cap(tmp_path):
    text = replace_once(JIANGXI, "{category: employed, amount: 1800,", "{category: employed, amount: -1800,")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "amount: -1800,")
    assert "negative" in err.message


@pytest.mark.parametrize("amount", ["1e30", "100000000", "1e999999"])
def test_cap_above_the_bound(tmp_path, amount):
    text = replace_once(JIANGXI, "{category: employed, amount: 1800,", f"{{category: employed, amount: {amount},")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, f"amount: {amount},")
    assert "99,999,999.99" in err.message


def test_deductible_above_the_bound(tmp_path):
    text = replace_once(JIANGXI, "amount: 600,", "amount: 1e30,")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "amount: 1e30,") and "upper bound" in err.message


@pytest.mark.parametrize("value", [".inf", ".nan"])
def test_infinite_number(tmp_path, value):
    text = replace_once(JIANGXI, "amount: 600,", f"amount: {value},")
    err = refused(tmp_path, text)
    assert err.line == line_of(text, f"amount: {value},")


def test_merge_key_bomb_is_refused_at_once(tmp_path):
    # the bomb of PyYAML issue 897: 30 levels, each merging the previous one twice; PyYAML < 6.0.4
    # spends minutes and gigabytes on it. Anchors, aliases and merge keys are refused before building.
    lines = ["base0: &L0 {k0_0: v0}"]
    for level in range(1, 31):
        lines.append(f"L{level}: &L{level} {{<<: [*L{level - 1}, *L{level - 1}], k{level}: v}}")
    lines.append("target: {<<: [*L30, *L30]}")
    err = refused(tmp_path, "\n".join(lines) + "\n")
    assert err.line == 1 and "anchors and aliases" in err.message


def test_merge_key_without_alias(tmp_path):
    err = refused(tmp_path, "region: x\nname: {<<: {zh: a, en: b}}\n")
    assert (err.line, err.field) == (2, "name") and "merge keys" in err.message


def test_nesting_100000_deep(tmp_path):
    # LibYAML's composer recurses in C: this used to crash the process (segmentation fault)
    err = refused(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert err.line == 1 and "nested too deep" in err.message


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "zzz.yaml").write_text("region: zzz\neffective_from: 2023-02-30\n", encoding="utf-8")
    (folder / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    rules = load_rules([folder])
    assert sorted(rules.regions) == ["beijing", "jiangsu", "jiangxi", "jincheng", "tongliao"]
    assert sorted(Path(e.path).name for e in rules.errors) == ["deep.yaml", "zzz.yaml"]
