"""Seeded fuzzing (issue 10) of visit CSVs, rule files and case files.

Whatever the file holds, the CLI ends with status 0 or 2 — 2 with exactly one line on stderr —
and never with an exception; a rule file loads or is one RuleFileError; a case file opens and
settles (bad cells flagged) or is one CaseFileError. Hypothesis runs derandomized (a fixed seed)
and a bounded number of examples, so the run is the same every time and takes seconds.
"""
from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.core.rules.loader import RuleFileError, load_rule_file, load_rules
from app.core.worksheet import CaseFileError, load_worksheet

REPO = Path(__file__).resolve().parents[2]
JIANGXI = (REPO / "rules" / "jiangxi.yaml").read_text(encoding="utf-8")
SAMPLE = json.loads((REPO / "resources" / "samples" / "sample.mzcase").read_text(encoding="utf-8"))
RULES = load_rules()
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE_TEXT = [
    "", " ", "2023-02-30", "0000-01-01", "2023-W01-1", "2023-01-05", "2023/1/5", "１２３", "١٢٣", "१२३",
    "1" * 26, "1" * 5000, "1e30", "1e999999", "-1", "99999999.99", "100000000", "1,000.00", "12,5", "NaN",
    "inf", "=1+1", "+1", "@x", "\t=1", "level1", "level3", "community", "class1", "true", "false", "是", "否",
    "family", "self", "work_injury", "\x00", "\"", "'", "\n", "\r", "\ud800", "🙂", "0.001", "0", "1500",
]
cell = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12))
COLUMNS = ["date", "tier", "total", "self_funded", "class_b_copay", "designated", "emergency", "exclusion",
           "patient", "total", "bogus", "", "DATE"]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def assert_refusal_or_result(code: int, err: str) -> None:
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 2:
        assert len(err.splitlines()) == 1, err


@FUZZ
@given(header=st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=9),
       rows=st.lists(st.lists(cell, max_size=10), max_size=6),
       region=st.sampled_from(["tongliao", "jincheng", "jiangxi", "jiangsu", "beijing"]),
       wage=st.sampled_from(["100000", "1e999999", "１２３", "-5", "0"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "latin-1"]))
def test_fuzz_visit_csv(header, rows, region, wage, encoding):
    text = "\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "visits.csv"
        path.write_bytes(text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace"))
        code, _, err = run_cli("estimate", "--region", region, "--year", "2023", "--category", "retired",
                               "--birth-date", "1950-01-01", "--set", f"average_wage_2021={wage}", str(path))
    assert_refusal_or_result(code, err)


@FUZZ
@given(cuts=st.lists(st.tuples(st.integers(0, len(JIANGXI)), st.integers(0, 40), st.sampled_from(
    HOSTILE_TEXT + ["2023-02-30", "9" * 4301, "&a [1]", "*a", "<<: {}", "[" * 200, "{", ": :", "- -",
                    "amount: 1e30", "amount: -1", "region: jiangxi", "\n  x: 1", "!!python/object:os.system"])),
    max_size=3))
def test_fuzz_rule_files(cuts):
    text = JIANGXI
    for at, length, insert in cuts:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + length:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "jiangxi.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_rule_file(folder / "jiangxi.yaml")
        except RuleFileError as exc:
            assert "\n" not in str(exc)
        for args in (("regions", "--rules-dir", str(folder)), ("check-rules", str(folder))):
            code, _, err = run_cli(*args)
            assert code in (0, 1, 2) and "Traceback" not in err  # check-rules: 1 = an example case fails


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**40, 10**40), st.sampled_from(HOSTILE_TEXT),
              st.text(max_size=8)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8)


@FUZZ
@given(path=st.lists(st.sampled_from(["person", "rows", 0, 1, "total", "date", "tier", "parameters", "year",
                                      "version", "region", "title", "average_pension_2021", "category",
                                      "opening_balance", "designated"]), min_size=1, max_size=4),
       value=json_values, nest=st.sampled_from([0, 0, 0, 5, 100_000]))
def test_fuzz_case_files(path, value, nest):
    data = json.loads(json.dumps(SAMPLE))
    node = data
    for key in path[:-1]:
        if isinstance(node, dict) and isinstance(key, str) and isinstance(node.get(key), (dict, list)):
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value
    text = json.dumps(data, ensure_ascii=False)
    if nest:
        text = "[" * nest + text + "]" * nest
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case.mzcase"
        case.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            sheet = load_worksheet(case)
        except CaseFileError as exc:
            assert "\n" not in str(exc) and len(str(exc)) < 500
            return
        # what the window does on Open before anything is replaced: settle, flagging bad cells
        sheet.settle(RULES.regions.get(sheet.person.region))
