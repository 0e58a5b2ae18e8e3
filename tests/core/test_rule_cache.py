"""The cache of checked rule files (app.core.rules.rule_cache): a file whose bytes were checked
before is built from plain data, without YAML or pydantic, into the same rule file the checked
path gives; a changed file is checked again (a broken edit refused with the loader's message);
a corrupt, unreadable or misfiled entry is ignored and the file checked afresh."""
from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.rules import reading, rule_cache
from app.core.rules.loader import RuleFileError, load_rule_file, read_rule_bytes, rule_text
from app.core.rules.schema import ParamRef, Record, RuleFile
from tests.rule_copies import RULES, new_region_text, replace_once

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(RULES.glob("*.yaml")) + sorted((Path(__file__).parent / "rule_kinds").glob("*.yaml"))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own; no bundled entries."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(rule_cache, "cache_folder", lambda: folder)
    monkeypatch.setattr(rule_cache, "_bundled_entries", {})
    return folder


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The files the pydantic path checks, in order."""
    seen: list[str] = []
    real = reading.checked_rule_data

    def counting(text: str, shown: str) -> dict:
        seen.append(Path(shown).name)
        return real(text, shown)

    monkeypatch.setattr(reading, "checked_rule_data", counting)
    return seen


def checked(path: Path) -> RuleFile:
    """The rule file as the pydantic models check it, with no cache involved."""
    raw = read_rule_bytes(path)
    return RuleFile.of(reading.checked_rule_data(rule_text(raw, str(path)), str(path)))


def typed(value):
    """Plain data with every leaf's type and text, so Decimal('1.0') and Decimal('1.00') differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, str(value))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_the_cached_file_is_the_checked_file(path, cache, checks):
    first = load_rule_file(path)  # checked, then kept
    assert checks == [path.name] and len(list(cache.glob("*.json"))) == 1
    again = load_rule_file(path)  # from the cache: not checked again
    assert checks == [path.name]
    fresh = checked(path)
    assert again == fresh == first
    assert typed(again.model_dump()) == typed(fresh.model_dump())
    assert again.resolve_tier(fresh.tiers[0].label.zh) == fresh.tiers[0].id


def test_values_keep_their_types_and_digits_through_the_cache(cache):
    path = RULES / "jiangsu.yaml"
    rf = (load_rule_file(path), load_rule_file(path))[1]
    refs = [e.amount for v in rf.versions for e in v.deductible.entries if isinstance(e.amount, ParamRef)]
    assert refs and all(isinstance(r.times, Decimal) for r in refs)  # a parameter reference stays one
    path = RULES / "jiangxi.yaml"
    rf = (load_rule_file(path), load_rule_file(path))[1]
    ratios = [r.ratio for v in rf.versions for r in v.ratios if isinstance(r.ratio, Decimal)]
    fresh = [r.ratio for v in checked(path).versions for r in v.ratios if isinstance(r.ratio, Decimal)]
    assert ratios and [str(r) for r in ratios] == [str(r) for r in fresh]


def test_a_new_region_file_is_checked_once_then_served(tmp_path, cache, checks):
    path = tmp_path / "newcity.yaml"
    path.write_text(new_region_text(), encoding="utf-8")
    fresh = checked(path)
    checks.clear()
    assert load_rule_file(path) == load_rule_file(path) == fresh
    assert checks == ["newcity.yaml"]


def test_a_broken_edit_is_refused_with_the_loaders_message_never_served_stale(tmp_path, cache, checks):
    path = tmp_path / "newcity.yaml"
    path.write_text(new_region_text(), encoding="utf-8")
    load_rule_file(path)
    broken = replace_once(new_region_text(), "region: newcity", "region: NewCity")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError) as cached_run:
        load_rule_file(path)
    (tmp_path / "other").mkdir()
    same = tmp_path / "other" / "newcity.yaml"
    same.write_text(broken, encoding="utf-8")
    rule_cache_files = sorted(cache.glob("*.json"))
    with pytest.raises(RuleFileError) as fresh_run:  # the same bytes on their own, no entry to find
        checked(same)
    assert str(cached_run.value).replace(str(path), "F") == str(fresh_run.value).replace(str(same), "F")
    assert "region" in str(cached_run.value) and "lower-case" in str(cached_run.value)
    assert len(rule_cache_files) == 1  # nothing kept for the broken content
    assert checks == ["newcity.yaml", "newcity.yaml", "newcity.yaml"]


def test_a_changed_file_is_checked_again_and_its_new_figure_used(tmp_path, cache, checks):
    path = tmp_path / "newcity.yaml"
    path.write_text(new_region_text(), encoding="utf-8")
    before = load_rule_file(path)
    path.write_text(new_region_text().replace("newcity", "newtown"), encoding="utf-8")
    after = load_rule_file(path)
    assert (before.region, after.region) == ("newcity", "newtown")
    assert checks == ["newcity.yaml", "newcity.yaml"]


def test_a_change_of_the_checking_code_makes_every_key_new(monkeypatch):
    raw = read_rule_bytes(RULES / "tongliao.yaml")
    key = rule_cache.key_of(raw)
    monkeypatch.setattr(rule_cache, "_code_stamp", "another version of validation.py")
    assert rule_cache.key_of(raw) != key
    assert rule_cache.key_of(raw + b"\n") != rule_cache.key_of(raw)


@pytest.mark.parametrize("damage", [
    b"",  # empty
    b"{\"key\": \"",  # truncated
    b"\xff\xfe garbage",  # not UTF-8
    b"[1, 2, 3]",  # JSON, not an entry
    b"{\"key\": \"another\", \"data\": {}}",  # filed under another key
    b"{\"key\": \"KEY\", \"data\": {\"region\": 1}}",  # its key, but no rule file can be built from it
    b"{\"key\": \"KEY\", \"data\": " + b"[" * 100_000 + b"]" * 100_000 + b"}",  # deeper than json can go
], ids=["empty", "truncated", "binary", "list", "other-key", "unbuildable", "deep"])
def test_a_corrupt_entry_is_ignored_and_the_file_checked_afresh(damage, cache, checks):
    path = RULES / "tongliao.yaml"
    good = load_rule_file(path)
    [entry] = cache.glob("*.json")
    entry.write_bytes(damage.replace(b"KEY", entry.stem.encode()))
    assert load_rule_file(path) == good
    assert checks == ["tongliao.yaml", "tongliao.yaml"]
    assert rule_cache.lookup(entry.stem) is not None  # written again, whole
    assert load_rule_file(path) == good and len(checks) == 2


def test_an_unreadable_or_unwritable_cache_is_worked_around(tmp_path, cache, checks):
    path = RULES / "tongliao.yaml"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder should be", encoding="utf-8")
    fresh = checked(path)
    checks.clear()
    assert load_rule_file(path) == load_rule_file(path) == fresh  # checked each time, nothing kept
    assert checks == ["tongliao.yaml", "tongliao.yaml"]
    cache.unlink()
    load_rule_file(path)
    [entry] = cache.glob("*.json")
    entry.unlink()
    entry.mkdir()  # an entry that cannot be read as a file
    assert load_rule_file(path) == checked(path)


def test_the_bundles_checked_files_are_served_without_checking(tmp_path, cache, checks, monkeypatch):
    out = tmp_path / "validated_rules.json"
    assert rule_cache.write_bundled(FIXTURES, out) == len(FIXTURES)
    checks.clear()
    monkeypatch.setattr(rule_cache, "_bundled_entries", None)
    monkeypatch.setattr("app.paths.validated_rules_file", lambda: out)
    for path in FIXTURES:
        assert load_rule_file(path) == checked(path)
    assert checks == [p.name for p in FIXTURES]  # only the comparisons' own checks
    assert not cache.exists()  # nothing needed writing


def test_rule_objects_are_read_only_and_copy_with_changes():
    rf = checked(RULES / "tongliao.yaml")
    with pytest.raises(AttributeError):
        rf.region = "other"
    copy = rf.model_copy(update={"tiers": rf.tiers[:1]})
    assert copy.region == rf.region and len(copy.tiers) == 1 and copy != rf
    assert copy.resolve_tier(rf.tiers[1].label.zh) is None  # derived lookups follow the copy
    assert isinstance(rf.versions[0], Record) and rf.versions[0] == rf.versions[0].model_copy()


def test_the_window_starts_without_yaml_or_pydantic_once_the_rules_were_checked(tmp_path):
    probe = ("import sys\nfrom app.__main__ import main\ncode = main(['--smoke'])\n"
             "print(code, 'pydantic' in sys.modules, 'yaml' in sys.modules)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert run() == "0 True True"  # a cold cache: every bundled file checked, with YAML and pydantic
    assert len(list((tmp_path / "cache").rglob("*.json"))) == len(list(RULES.glob("*.yaml")))
    assert run() == "0 False False"  # warm: neither is imported


def test_every_rule_object_has_the_fields_its_checking_model_has():
    from app.core.rules import schema, validation

    records = {name: cls for name, cls in vars(schema).items()
               if isinstance(cls, type) and issubclass(cls, Record) and cls.__module__ == schema.__name__}
    models = {name: cls for name, cls in vars(validation).items()
              if isinstance(cls, type) and hasattr(cls, "model_fields") and cls.__module__ == validation.__name__
              and cls.model_fields}
    assert sorted(records) == sorted(models)  # one plain class per checking model, by the same name
    for name, record in records.items():
        assert record.FIELDS == tuple(models[name].model_fields), name  # same fields, same order
