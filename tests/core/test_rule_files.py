"""Rule files: the bundled ones load and their example cases pass; corrupted copies are
rejected with a RuleFileError naming the problem (and the line where the YAML has one);
a broken file does not stop the others; a new region is one YAML file."""
from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.case import Case, Person, Visit
from app.core.engine import settle
from app.core.rules.examples import run_examples
from rule_copies import new_region_text, replace_once
from app.core.rules.loader import RuleFileError, bundled_rules_dir, load_rule_file, load_rules

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"
REGIONS = ("beijing", "jiangsu", "jiangxi", "jincheng", "tongliao")


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line containing *needle*."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def corrupt(tmp_path: Path, region: str, old: str, new: str) -> tuple[Path, str]:
    text = replace_once((RULES / f"{region}.yaml").read_text(encoding="utf-8"), old, new)
    path = tmp_path / f"{region}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def rejected(path: Path) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    err = info.value
    assert str(path) in str(err)  # the message names the file
    return err


# --- the bundled files ---------------------------------------------------------------

def test_bundled_dir_is_the_repository_rules_folder():
    assert bundled_rules_dir().resolve() == RULES.resolve()


@pytest.mark.parametrize("region", REGIONS)
def test_bundled_file_loads_and_its_examples_pass(region):
    rf = load_rule_file(RULES / f"{region}.yaml")
    assert rf.region == region
    assert rf.examples, "every rule file carries hand-computed examples"
    assert run_examples(rf) == []


def test_load_rules_finds_exactly_the_five_regions():
    rules = load_rules()
    assert rules.errors == []
    assert sorted(rules.regions) == sorted(REGIONS)
    assert sorted(r for r, rf in rules.regions.items() if not rf.verified) == ["beijing", "jiangsu"]
    assert {r: rf.verification for r, rf in rules.regions.items() if not rf.verified} == {
        "beijing": "unverified", "jiangsu": "bounds"}  # Jiangsu: estimated from provincial bounds


def test_yaml_numbers_become_decimals():
    rf = load_rule_file(RULES / "jincheng.yaml")
    ratios = [e.ratio for e in rf.versions[0].ratios]
    assert all(isinstance(r, Decimal) for r in ratios)
    assert Decimal("0.55") in ratios  # exactly 0.55, not the float 0.55000000000000004…


def test_examples_catch_a_wrong_expectation(tmp_path):
    # 1110.00 is the Jiangsu example's hand result; a file claiming 1111.00 must fail its check
    path, _ = corrupt(tmp_path, "jiangsu", 'fund: "1110.00"}]', 'fund: "1111.00"}]')
    problems = run_examples(load_rule_file(path))
    assert len(problems) == 1 and "1111.00" in problems[0]


# --- corrupted copies ----------------------------------------------------------------

def test_bad_yaml_names_the_line(tmp_path):
    path, text = corrupt(tmp_path, "jiangxi", "name: {zh: 江西省, en: Jiangxi}", "name: {zh: 江西省, en: Jiangxi")
    broken = line_of(text, "name: {zh: 江西省")
    err = rejected(path)
    assert "YAML" in err.message
    # the parser notices the unclosed bracket on that line or the next one
    assert err.line in (broken, broken + 1)
    assert f"{path}:{err.line}:" in str(err)


def test_unclosed_list_bracket(tmp_path):
    path, text = corrupt(tmp_path, "tongliao", "tiers:\n", "tiers: [\n")
    err = rejected(path)
    assert "YAML" in err.message
    assert err.line is not None and err.line >= line_of(text, "tiers: [")


def test_unknown_key_names_the_field_path(tmp_path):
    path, text = corrupt(tmp_path, "jiangxi", "    exclusions: []\n", "    exclusions: []\n    colour: red\n")
    err = rejected(path)
    assert "unknown key" in str(err)
    assert err.field == "versions[0].colour"
    assert "versions[0].colour" in str(err)
    assert err.line == line_of(text, "colour: red")


def test_ratio_above_one(tmp_path):
    old = "{tier: level3, category: employed, ratio: 0.50"
    path, text = corrupt(tmp_path, "jiangxi", old, "{tier: level3, category: employed, ratio: 1.5")
    err = rejected(path)
    assert "ratio" in str(err) and "1.5" in str(err)
    assert err.field == "versions[0].ratios[2].ratio"
    assert err.line == line_of(text, "ratio: 1.5")


def test_negative_deductible(tmp_path):
    path, text = corrupt(tmp_path, "tongliao", "amount: 1000,", "amount: -1000,")
    err = rejected(path)
    assert "negative" in str(err)
    assert err.line == line_of(text, "amount: -1000")


def test_overlapping_versions(tmp_path):
    text = (RULES / "jiangxi.yaml").read_text(encoding="utf-8")
    head, examples = text.split("\nexamples:\n")
    head, account = head.split("\npersonal_account:\n")  # versions are the section before the account
    examples = "personal_account:\n" + account + "\nexamples:\n" + examples
    version = head[head.index("  - id: jiangxi-2023"):]
    # a second version from 2024-01-01 while the first is still open-ended
    second = replace_once(replace_once(version, "id: jiangxi-2023", "id: jiangxi-2024"),
                          "effective_from: 2023-01-01", "effective_from: 2024-01-01")
    path = tmp_path / "jiangxi.yaml"
    path.write_text(head + "\n" + second + "\n" + examples, encoding="utf-8")
    err = rejected(path)
    assert "overlap" in str(err)
    assert "jiangxi-2023" in str(err) and "jiangxi-2024" in str(err)
    # the line is where the overlapping version starts, not the top of the file
    text = path.read_text(encoding="utf-8")
    assert err.line == line_of(text, "effective_from: 2024-01-01")
    assert err.field == "versions[1].effective_from"


def test_versions_that_follow_each_other_are_fine(tmp_path):
    text = (RULES / "jiangxi.yaml").read_text(encoding="utf-8")
    head, examples = text.split("\nexamples:\n")
    head, account = head.split("\npersonal_account:\n")  # versions are the section before the account
    examples = "personal_account:\n" + account + "\nexamples:\n" + examples
    version = head[head.index("  - id: jiangxi-2023"):]
    second = replace_once(replace_once(version, "id: jiangxi-2023", "id: jiangxi-2024"),
                          "effective_from: 2023-01-01", "effective_from: 2024-01-01")
    # the 2024 version raises the employed level-1 ratio to 70 %; the 2023 one ends 2023-12-31
    second = replace_once(second, "{tier: level1, category: employed, ratio: 0.60",
                          "{tier: level1, category: employed, ratio: 0.70")
    head = replace_once(head, "effective_to: null", "effective_to: 2023-12-31")
    path = tmp_path / "jiangxi.yaml"
    path.write_text(head + "\n" + second + "\n" + examples, encoding="utf-8")
    rf = load_rule_file(path)
    person = Person(region="jiangxi", year=2024, category="employed")
    est = settle(Case(person=person, visits=(Visit(date=date(2024, 3, 1), tier="level1", total=Decimal("1600")),)), rf)
    assert est.lines[0].fund == Decimal("700.00")  # (1600 − 600) × 70%
    assert est.lines[0].version_id == "jiangxi-2024"


def test_missing_citation(tmp_path):
    path, text = corrupt(tmp_path, "jiangxi", ", source: {doc: jx2022, article: 二、（一）二级55%}}", "}")
    err = rejected(path)
    assert "source" in str(err) and "required" in str(err)
    assert err.field == "versions[0].ratios[1].source"
    assert err.line == line_of(text, "{tier: level2, category: employed, ratio: 0.55}")


def test_citation_of_an_unknown_document(tmp_path):
    path, _ = corrupt(tmp_path, "jiangxi", "{doc: jx2022, article: 二、（一）二级55%}", "{doc: nosuch, article: 二、（一）二级55%}")
    err = rejected(path)
    assert "unknown document" in str(err) and "nosuch" in str(err)
    assert err.line == line_of(path.read_text(encoding="utf-8"), "{doc: nosuch")
    assert err.field == "versions[0].ratios[1].source.doc"


def test_unknown_tier_in_a_ratio_entry(tmp_path):
    path, _ = corrupt(tmp_path, "jiangxi", "{tier: level2, category: employed, ratio: 0.55",
                      "{tier: level9, category: employed, ratio: 0.55")
    err = rejected(path)
    assert "unknown tier" in str(err) and "level9" in str(err)
    assert err.line == line_of(path.read_text(encoding="utf-8"), "tier: level9")
    assert err.field == "versions[0].ratios[1].tier"


def test_a_tier_without_a_ratio(tmp_path):
    # drop the retired level-3 ratio: that tier × category has no ratio at all
    path, _ = corrupt(tmp_path, "jiangxi",
                      "      - {tier: level3, category: retired, ratio: 0.55, source: {doc: jx2022, article: 二、（一）退休人员提高5个百分点}}\n",
                      "")
    err = rejected(path)
    assert "level3" in str(err) and "retired" in str(err)


def test_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    err = rejected(path)
    assert err.line == 1


# --- several files -------------------------------------------------------------------

def test_new_region_file_loads_and_its_example_passes(tmp_path):
    path = tmp_path / "newcity.yaml"
    path.write_text(new_region_text(), encoding="utf-8")
    rf = load_rule_file(path)
    assert rf.region == "newcity"
    assert run_examples(rf) == []


def test_one_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "newcity.yaml").write_text(new_region_text(), encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(replace_once(new_region_text().replace("region: newcity", "region: brokencity"),
                                   "ratio: 0.70", "ratio: 1.7"), encoding="utf-8")
    rules = load_rules([tmp_path])
    assert sorted(rules.regions) == sorted(REGIONS + ("newcity",))
    assert len(rules.errors) == 1
    assert rules.errors[0].path == str(broken)
    assert "1.7" in str(rules.errors[0])
    assert rules.origins["newcity"] == tmp_path / "newcity.yaml"
    # the new region settles with its own numbers: (1500 − 500) × 70% = 700.00
    person = Person(region="newcity", year=2023, category="employed")
    est = settle(Case(person=person, visits=(Visit(date=date(2023, 5, 1), tier="level1", total=Decimal("1500")),)),
                 rules.regions["newcity"])
    assert est.lines[0].fund == Decimal("700.00")
    assert est.totals.remaining_allowance == Decimal("2300.00")


def test_a_later_directory_replaces_a_bundled_region(tmp_path):
    text = replace_once((RULES / "jiangxi.yaml").read_text(encoding="utf-8"), "amount: 600,", "amount: 700,")
    (tmp_path / "jiangxi.yaml").write_text(text, encoding="utf-8")
    rules = load_rules([tmp_path])
    assert rules.origins["jiangxi"] == tmp_path / "jiangxi.yaml"
    person = Person(region="jiangxi", year=2023, category="employed")
    est = settle(Case(person=person, visits=(Visit(date=date(2023, 5, 1), tier="level1", total=Decimal("1000")),)),
                 rules.regions["jiangxi"])
    assert est.lines[0].fund == Decimal("180.00")  # (1000 − 700) × 60%


def test_duplicate_region_in_one_directory(tmp_path):
    shutil.copy(RULES / "jiangxi.yaml", tmp_path / "a.yaml")
    shutil.copy(RULES / "jiangxi.yaml", tmp_path / "b.yaml")
    rules = load_rules([tmp_path], include_bundled=False)
    assert list(rules.regions) == ["jiangxi"]
    assert len(rules.errors) == 1 and "already defined" in str(rules.errors[0])


def test_missing_directory_is_reported(tmp_path):
    rules = load_rules([tmp_path / "nope"])
    assert sorted(rules.regions) == sorted(REGIONS)
    assert len(rules.errors) == 1 and "nope" in str(rules.errors[0])
