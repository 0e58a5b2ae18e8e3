"""load_rule_file's refusals written out in full: file, line, field and reason, for each kind of
broken file (too large, unreadable, bad YAML, anchors, merge keys, a key twice, a bad scalar, not a
mapping). Mutation testing found these words unpinned."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.core.rules.loader import MAX_FILE_BYTES, RuleFileError, load_rule_file, load_rules
from rule_copies import new_region_text, replace_once


def _refusal(tmp_path: Path, content: str | bytes) -> tuple[str, RuleFileError]:
    path = tmp_path / "r.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        load_rule_file(path)
    return str(path), exc.value


@pytest.mark.parametrize("content,where,message", [
    ("- a\n", ":1", "a rule file must be a mapping of keys (region, name, tiers, versions, …)"),
    ("", ":1", "a rule file must be a mapping of keys (region, name, tiers, versions, …)"),
    ("a: &x 1\nb: *x\n", ":1", "anchors and aliases (&name, *name) are not allowed in rule files"),
    ("<<: {d: 2}\n", ":1", "merge keys (<<) are not allowed in rule files"),
    ("a: 1\nc:\n  <<: {d: 2}\n", ":3: c", "merge keys (<<) are not allowed in rule files"),
    ("a: 1\na: 2\n", ":2: a", "key written twice in the same mapping"),
    ("2023-02-30\n", ":1", "not a valid date: '2023-02-30'"),
    ("x:\n  d: 2023-02-30 12:00:00.1234\n", ":2: x.d", "not a valid date: '2023-02-30 12:00:00.1234'"),
    ("d: 2023-02-30 12:00:00.12345\n", ":1: d", "not a valid date: '2023-02-30 12:00:00.…'"),
    ("x: .inf\n", ":1: x", "not a usable number: '.inf'"),
    ("n: " + "1" * 41 + "\n", ":1: n",
     "not a usable integer: '11111111111111111111…' (number of 41 characters is too long)"),
    ("a: [1, 2\nb: 3\n", ":2", "bad YAML: did not find expected ',' or ']'"),
    # PyYAML's constructors fail with a KeyError / AttributeError on these explicit tags: refused
    # with where, never a crash (found by sorting the loader's surviving mutants)
    ("a: 1\nb: !!bool maybe\n", ":2: b", "not a yes/no value: 'maybe'"),
    ("a:\n  - !!timestamp nope\n", ":2: a[0]", "not a valid date: 'nope'"),
    # a control character: the line it is on (LibYAML counts bytes, so after Chinese text the
    # position alone would point lines too far), not a position in "<unicode string>"
    ("a: 中文中文中文中文中文中文中文中文\nb: 中文中文中文中文中文中文中文中文\nc: x\x07y\nd: \x07\n", ":3",
     "bad YAML: character #x0007 is not allowed in a YAML file"),
    ("\x01a: 1\n", ":1", "bad YAML: character #x0001 is not allowed in a YAML file"),
    ("\n\x01\n", ":2", "bad YAML: character #x0001 is not allowed in a YAML file"),
])
def test_refusal_names_file_line_and_field(tmp_path, content, where, message):
    path, err = _refusal(tmp_path, content)
    assert str(err) == f"{path}{where}: {message}"


def test_too_large(tmp_path):
    path, err = _refusal(tmp_path, "#" * (MAX_FILE_BYTES + 1))
    assert str(err) == f"{path}: too large for a rule file (over 2,000,000 bytes)"
    # exactly the limit is read (and refused for what it holds: only a comment)
    path, err = _refusal(tmp_path, "#" * MAX_FILE_BYTES)
    assert str(err) == f"{path}:1: a rule file must be a mapping of keys (region, name, tiers, versions, …)"


def test_not_utf8(tmp_path):
    path, err = _refusal(tmp_path, b"\xff\xfe region: x\n")
    assert str(err) == (f"{path}: cannot read: 'utf-8' codec can't decode byte 0xff in position 0: "
                        "invalid start byte")
    assert (err.path, err.line, err.field) == (path, None, None)


def test_a_byte_order_mark_is_read(tmp_path):
    """A BOM (Windows Notepad) is not part of the text: the refusal is about the content."""
    path, err = _refusal(tmp_path, "\ufeff- a\n".encode())
    assert str(err) == f"{path}:1: a rule file must be a mapping of keys (region, name, tiers, versions, …)"


def _line(text: str, needle: str) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


@pytest.mark.parametrize("added,message", [
    ("colour: red", "unknown key (not part of the rule-file schema)"),
    ("colour: red\nshape: round", "unknown key (not part of the rule-file schema) (and 1 more problem)"),
    ("colour: red\nshape: round\nsize: big", "unknown key (not part of the rule-file schema) (and 2 more problems)"),
])
def test_schema_refusal_counts_the_other_problems(tmp_path, added, message):
    name = "name: {zh: 新城市, en: New City}"
    text = replace_once(new_region_text(), name, f"{name}\n{added}")
    path, err = _refusal(tmp_path, text)
    assert str(err) == f"{path}:{_line(text, 'colour: red')}: colour: {message}"


def test_a_missing_key_and_a_value_error(tmp_path):
    text = replace_once(new_region_text(), "name: {zh: 新城市, en: New City}\n", "")
    path, err = _refusal(tmp_path, text)
    # no line of its own: the line where the file's mapping starts (its first key)
    assert str(err) == f"{path}:{_line(text, 'schema_version: 1')}: name: required key is missing"
    text = replace_once(new_region_text(), "{tier: level1, category: employed, ratio: 0.70",
                        "{tier: level1, category: employed, ratio: 1.5")
    path, err = _refusal(tmp_path, text)  # pydantic's "Value error, " is left out
    assert str(err) == (f"{path}:{_line(text, 'ratio: 1.5')}: versions[0].ratios[0].ratio: "
                        "ratio 1.5 is not between 0 and 1")


def test_load_rules_reads_yaml_and_yml_files_only_and_reports_each_missing_folder(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    (one / "a.yml").write_text(new_region_text(), encoding="utf-8")
    (one / "b.YAML").write_text(replace_once(new_region_text(), "region: newcity", "region: othercity"),
                                encoding="utf-8")
    (one / "c.txt").write_text("not a rule file", encoding="utf-8")
    (one / "d.yaml").mkdir()  # a folder named like a rule file is not one
    rules = load_rules([tmp_path / "nosuch", tmp_path / "gone", one, two], include_bundled=False)
    assert sorted(rules.regions) == ["newcity", "othercity"]
    assert [str(e) for e in rules.errors] == [
        f"{tmp_path / 'nosuch'}: not a directory of rule files",
        f"{tmp_path / 'gone'}: not a directory of rule files",
        f"{two}: not a directory of rule files",
    ]


def test_a_key_that_is_not_a_scalar_is_shown_as_a_question_mark(tmp_path):
    path, err = _refusal(tmp_path, "? [a]\n: 2023-02-30\n")
    assert str(err) == f"{path}:2: ?: not a valid date: '2023-02-30'"


def test_nesting_refusal_names_the_file(tmp_path):
    path, err = _refusal(tmp_path, "x: " + "[" * 64 + "]" * 64 + "\n")
    assert str(err) == f"{path}:1: nested too deep (at most 64 levels)"


def test_a_file_that_breaks_the_loader_otherwise_is_reported_and_the_others_still_load(tmp_path, monkeypatch):
    import app.core.rules.loader as loader

    for name in ("a", "b", "c"):
        text = replace_once(new_region_text(), "region: newcity", f"region: city{name}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    real = loader.load_rule_file

    def flaky(path):
        if Path(path).name == "b.yaml":
            raise RuntimeError("boom " * 100)
        return real(path)

    monkeypatch.setattr(loader, "load_rule_file", flaky)
    rules = load_rules([tmp_path], include_bundled=False)
    assert sorted(rules.regions) == ["citya", "cityc"]
    [err] = rules.errors
    assert (err.path, err.line, err.field) == (str(tmp_path / "b.yaml"), None, None)
    assert err.message == ("cannot be used: " + "boom " * 100)[:300]
    assert len(err.message) == 300


def test_a_region_twice_in_one_folder(tmp_path):
    for name, region in (("a", "newcity"), ("b", "newcity"), ("c", "othercity")):
        text = replace_once(new_region_text(), "region: newcity", f"region: {region}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    rules = load_rules([tmp_path], include_bundled=False)
    assert sorted(rules.regions) == ["newcity", "othercity"]
    assert rules.origins["newcity"] == tmp_path / "a.yaml"
    assert [str(e) for e in rules.errors] == [
        f"{tmp_path / 'b.yaml'}:1: region: region 'newcity' is already defined by a.yaml in the same folder"]


def test_a_rule_file_is_read_as_utf8_whatever_the_locale(tmp_path):
    """A counter PC's locale is often GBK (cp936) and a server's may be ASCII: a rule file is UTF-8
    all the same. Loaded here in a child Python whose locale encoding is ASCII (``LC_ALL=C`` with
    UTF-8 mode and locale coercion off), the Chinese text of a bundled file must still read."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "LC_ALL": "C",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    probe = "import locale; print(locale.getpreferredencoding(False))"
    encoding = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True).stdout.strip()
    if encoding.lower().replace("-", "") in ("utf8", ""):
        pytest.skip(f"this machine's C locale is {encoding or 'unknown'}: no non-UTF-8 locale to read in")
    code = ("from app.core.rules.loader import load_rule_file, bundled_rules_dir\n"
            "rf = load_rule_file(bundled_rules_dir() / 'tongliao.yaml')\n"
            "print(rf.name.zh.encode('unicode_escape').decode())")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().encode().decode("unicode_escape") == "通辽市"


def test_a_rule_file_that_cannot_be_read_names_itself(tmp_path):
    """A path that is not a readable file (here a folder named like a rule file) is refused with
    its path, no line and no field — whatever the operating system's words for why."""
    path = tmp_path / "city.yaml"
    path.mkdir()
    with pytest.raises(RuleFileError) as exc:
        load_rule_file(path)
    err = exc.value
    assert (err.path, err.line, err.field) == (str(path), None, None)
    assert err.message.startswith("cannot read: ") and str(err).startswith(f"{path}: cannot read: ")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_keep_the_line_numbers(tmp_path, newline):
    """A rule file saved by Notepad (CR LF) or an old Mac editor (CR): the same rules, and a refusal
    names the same line as with LF ends (CR LF read as two line ends would say line 5, not 3)."""
    from app.core.rules.loader import bundled_rules_dir

    text = (bundled_rules_dir() / "tongliao.yaml").read_text(encoding="utf-8")
    path = tmp_path / "tongliao.yaml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    assert load_rule_file(path) == load_rule_file(bundled_rules_dir() / "tongliao.yaml")
    path, err = _refusal(tmp_path, "a: 1\nb: 2\na: 3\n".replace("\n", newline))
    assert str(err) == f"{path}:3: a: key written twice in the same mapping"
    # the line of a character YAML does not allow is counted by the app itself, not by the parser
    path, err = _refusal(tmp_path, "a: 1\nb: 2\nc: x\x07\n".replace("\n", newline))
    assert str(err) == f"{path}:3: bad YAML: character #x0007 is not allowed in a YAML file"


def test_the_editor_s_text_is_bounded_like_a_file():
    """``load_rule_text`` (what the rule editor checks as it is typed) refuses text above the
    file bound, in UTF-8 bytes, and reads text of exactly the bound; it names what it was given."""
    from app.core.rules.loader import load_rule_text

    with pytest.raises(RuleFileError) as exc:
        load_rule_text("#" * (MAX_FILE_BYTES + 1), "编辑中的规则")
    assert str(exc.value) == "编辑中的规则: too large for a rule file (over 2,000,000 bytes)"
    with pytest.raises(RuleFileError) as exc:  # 3 bytes a character: over the bound in bytes
        load_rule_text("#" + "中" * (MAX_FILE_BYTES // 3 + 1), "编辑中的规则")  # 1 + 3 × 666,667 bytes
    assert exc.value.message.startswith("too large")
    with pytest.raises(RuleFileError) as exc:  # exactly the bound: read, and refused for what it holds
        load_rule_text("#" * MAX_FILE_BYTES, "编辑中的规则")
    assert str(exc.value) == "编辑中的规则:1: a rule file must be a mapping of keys (region, name, tiers, versions, …)"
    with pytest.raises(RuleFileError) as exc:
        load_rule_text("a: 1\r\nb: 2\r\na: 3\r\n", "编辑中的规则")
    assert str(exc.value) == "编辑中的规则:3: a: key written twice in the same mapping"

