"""The batch (app.core.batch): persons grouped from rows in any order, each settled with the engine.

Every expected figure is worked out by hand in the test, from the bundled rule files
(Jiangxi: annual deductible 600, level1 60 % / level3 50 % employed, retirees +5 points,
cap 1800 employed / 2000 retired; Jincheng: per-visit deductible class1 80, class1 50 % employed).
"""
from __future__ import annotations

import csv
import io

import pytest

from app.core import batch
from app.core.batch import Claims, merge, partitions, persons_rows, run_batch, settle_partition, summary


def claims_of(text: str) -> Claims:
    return batch._from_records(list(csv.reader(io.StringIO(text))), "<test>")


def settled(region, *rows: str):
    """Rows under the header ``person_id,category,date,tier,total``, settled under *region* in 2023."""
    text = "person_id,category,date,tier,total\n" + "".join(r + "\n" for r in rows)
    return settle_partition(claims_of(text), [region], 2023)[0]


JIANGXI = """\
person_id,category,date,tier,total,self_funded
A,employed,2023-03-01,level1,1500,0
B,退休,2023-02-01,三级,800,100
A,,2023-01-10,level3,200,
B,retired,2023-02-30,level1,100,
C,,2023-01-01,level1,100,
D,在职,2023-06-01,一级,5000,
"""


def test_rows_in_any_order_grouped_and_settled_by_hand(rule):
    res = settle_partition(claims_of(JIANGXI), [rule("jiangxi")], 2023)[0]
    # A (employed): 01-10 level3 200 → all 200 into the deductible, fund 0 (settled first: date order);
    #   03-01 level1 1500 → deductible 600 − 200 = 400 left; (1500 − 400) × 60% = 660.00.
    # B (退休 = retired): 02-01 三级 = level3, scope 800 − 100 = 700; (700 − 600) × 55% = 55.00.
    #   Line 5 (2023-02-30) is refused; B is settled with the other row.
    # C: no row gives a category → its row is refused.
    # D (在职): 一级 = level1 5000: (5000 − 600) × 60% = 2640.00 → the cap 1800.00.
    assert res.person_id == ["A", "B", "D"]
    assert res.category == ["employed", "retired", "employed"]
    assert res.visits == [2, 1, 1]
    assert [str(x) for x in res.money("fund")] == ["660.00", "55.00", "1800.00"]
    assert [str(x) for x in res.money("deductible_met")] == ["600.00", "600.00", "600.00"]
    assert res.reached_cap == [False, False, True]
    assert [(r.line, r.person_id, r.field) for r in res.refused] == [(5, "B", "date"), (6, "C", "category")]
    s = summary(res)
    assert s["persons"] == 3 and s["visits"] == 4 and s["rows_refused"] == 2
    # total 1500 + 200 + 800 + 5000 = 7500; scope 7500 − 100 = 7400; fund 660 + 55 + 1800 = 2515
    assert s["totals"] == {"total": "7500.00", "policy_scope": "7400.00", "fund": "2515.00", "self_pay": "4985.00"}
    # level1: 660 + 1800 = 2460; level3: 55 (A's level3 visit paid 0)
    assert s["fund_by_tier"] == {"level1": "2460.00", "level2": "0.00", "level3": "55.00"}
    assert s["persons_at_cap"] == 1 and s["persons_deductible_met"] == 3


def test_persons_file_rows(rule):
    res = settle_partition(claims_of(JIANGXI), [rule("jiangxi")], 2023)[0]
    rows = persons_rows(res)
    assert rows[0] == list(batch.PERSONS_HEADER)
    assert rows[1] == ["A", "employed", "2", "1700.00", "1700.00", "600.00", "660.00", "1040.00", "false"]
    assert rows[3] == ["D", "employed", "1", "5000.00", "5000.00", "600.00", "1800.00", "3200.00", "true"]


def test_attribute_given_twice_differently_refuses_that_row(rule):
    res = settled(rule("jiangxi"), "A,employed,2023-01-05,level1,1000", "A,retired,2023-02-05,level1,1000",
                  "A,employed,2023-03-05,level1,100")
    # line 3 says retired after line 2 said employed: refused. A employed with 1000 + 100:
    # 01-05: (1000 − 600) × 60% = 240.00; 03-05: 100 × 60% = 60.00 → 300.00
    assert [(r.line, r.field) for r in res.refused] == [(3, "category")]
    assert "line 2" in res.refused[0].reason
    assert [str(x) for x in res.money("fund")] == ["300.00"]


def test_per_visit_deductible_counts_a_visit_above_it(rule):
    s = summary(settled(rule("jincheng"), "P,employed,2023-01-03,class1,300", "Q,employed,2023-01-03,class1,60"))
    # P: (300 − 80) × 50% = 110.00; Q: 60 is all within the per-visit deductible 80 → 0
    assert s["totals"]["fund"] == "110.00"
    assert s["persons"] == 2 and s["persons_deductible_met"] == 1


def test_person_the_rules_cannot_settle_has_all_rows_refused(rule):
    res = settled(rule("beijing"), "R,retired,2023-01-03,community,300", "R,retired,2023-02-03,hospital,300",
                  "E,employed,2023-01-03,hospital,2000")
    # Beijing's retiree ratios depend on age: no birth date → both of R's rows refused.
    # E employed: deductible 1800; (2000 − 1800) × 70% = 140.00
    assert [(r.line, r.field) for r in res.refused] == [(2, "birth_date"), (3, "birth_date")]
    assert res.person_id == ["E"] and [str(x) for x in res.money("fund")] == ["140.00"]


def test_bad_cells_are_refused_never_raised(rule):
    text = ("person_id,category,birth_date,contribution_base,date,tier,total,designated\n"
            ",employed,,,2023-01-03,level1,300,\n"
            "X,boss,,,2023-01-03,level1,300,\n"
            "X,employed,1960-13-01,,2023-01-03,level1,300,\n"
            "X,employed,,1e30,2023-01-03,level1,300,\n"
            "X,employed,,,2023-01-03,level9,300,\n"
            "X,employed,,,2022-12-31,level1,300,\n"
            "X,employed,,,2023-01-03,level1,99999999999,\n"
            "X,employed,,,2023-01-03,level1,300,maybe\n"
            f"{'Y' * 65},employed,,,2023-01-03,level1,300,\n"
            "X,employed,,,2023-01-03,level1,300,,extra\n")
    res = settle_partition(claims_of(text), [rule("jiangxi")], 2023)[0]
    assert [(r.line, r.field) for r in res.refused] == [
        (2, "person_id"), (3, "category"), (4, "birth_date"), (5, "contribution_base"), (6, "tier"),
        (7, "date"), (8, "total"), (9, "designated"), (10, "person_id"), (11, "")]
    assert res.person_id == []


def test_two_rule_files_at_once(rule, tmp_path):
    from rule_copies import jiangxi_deductible_800

    from app.core.rules.loader import load_rule_file

    other = load_rule_file(jiangxi_deductible_800(tmp_path))
    base, cand = settle_partition(claims_of(JIANGXI), [rule("jiangxi"), other], 2023)
    # deductible 800: A: 200 + 600 of the 1500 into the deductible → (1500 − 600) × 60% = 540.00;
    # B: (700 − 700) → 0 (700 < 800, all deductible); D: (5000 − 800) × 60% = 2520 → cap 1800.00
    assert [str(x) for x in cand.money("fund")] == ["540.00", "0.00", "1800.00"]
    assert summary(cand)["persons_deductible_met"] == 2  # B met 700 of 800
    assert [str(x) for x in base.money("fund")] == ["660.00", "55.00", "1800.00"]


def _generated_text(n_persons: int) -> str:
    lines = ["person_id,category,date,tier,total,class_b_copay"]
    for k in range(n_persons * 5):
        p = (k * 7) % n_persons  # persons' rows interleaved
        lines.append(f"P{p},{'retired' if p % 3 == 0 else 'employed'},2023-{1 + k % 12:02d}-{1 + k % 28:02d},"
                     f"level{1 + k % 3},{100 + (k * 37) % 900}.{k % 100:02d},{k % 7}")
    return "\n".join(lines) + "\n"


def _generated(n_persons: int) -> Claims:
    return claims_of(_generated_text(n_persons))


def pooled_as_alone(claims, rows: int, rules, monkeypatch, knob: str) -> list:
    """*claims* of *rows* rows settled by two processes (*knob*, the size from which the pool is
    used, set to 0) as by this one: the same persons, figures and summaries; progress ends at *rows*."""
    alone = run_batch(claims, rules, 2023, workers=1)
    monkeypatch.setattr(batch, knob, 0)
    seen = []
    pooled = run_batch(claims, rules, 2023, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert [persons_rows(r) for r in pooled] == [persons_rows(r) for r in alone]
    assert [summary(r) for r in pooled] == [summary(r) for r in alone]
    assert seen[-1] == (rows, rows)
    return pooled


def test_partitions_hold_whole_persons_and_merge_to_the_same_result(rule):
    claims = _generated(60)
    whole = settle_partition(claims, [rule("jiangxi")], 2023)[0]
    parts = partitions(claims, 40)
    assert len(parts) > 3
    ids = [set(p.columns["person_id"]) for p in parts]
    assert all(not (a & b) for i, a in enumerate(ids) for b in ids[i + 1:])
    merged = merge([settle_partition(p, [rule("jiangxi")], 2023)[0] for p in parts])
    assert summary(merged) == summary(whole)
    assert persons_rows(merged) == persons_rows(whole)


def test_process_pool_gives_the_in_process_result(rule, monkeypatch):
    claims = _generated(200)  # claims already read (a workbook's): partitions of whole persons
    pooled_as_alone(claims, len(claims), [rule("jiangxi"), rule("jiangxi")], monkeypatch, "PARALLEL_FROM_ROWS")


def test_unusable_files_raise_claims_file_error(tmp_path):
    with pytest.raises(batch.ClaimsFileError, match="cannot read"):
        batch.read_claims(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("person_id,date,tier\n", encoding="utf-8")
    with pytest.raises(batch.ClaimsFileError, match="total: required column missing"):
        batch.read_claims(bad)
    bad.write_text("person_id,date,tier,total,totl\n", encoding="utf-8")
    with pytest.raises(batch.ClaimsFileError, match="unknown column"):
        batch.read_claims(bad)
    bad.write_text("", encoding="utf-8")
    with pytest.raises(batch.ClaimsFileError, match="empty"):
        batch.read_claims(bad)
    gb = tmp_path / "gb.csv"
    gb.write_bytes("人员编号,人员类别,日期,医疗机构等级,总费用\nA,在职,2023-01-05,一级,700\n".encode("gb18030"))
    claims = batch.read_claims(gb)
    assert claims.columns["category"] == ["在职"] and claims.lines == [2]



@pytest.mark.parametrize("chunk", [7, 50_000])
def test_each_process_reads_its_own_share_of_a_csv_file(rule, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(batch, "CHUNK_RECORDS", chunk)
    path = tmp_path / "claims.csv"
    text = _generated_text(200) + "P3,retired,2023-02-30,level1,50,0\n"
    path.write_text(text, encoding="utf-8")
    source = batch.open_claims(path)
    # the share of a person: CRC-32 of the stripped id (UTF-8) modulo the number of shares, in every process
    import zlib
    assert [batch.share_of(pid, 3) for pid in ("P7", " P7 ", "张三")] == [
        zlib.crc32(b"P7") % 3, zlib.crc32(b"P7") % 3, zlib.crc32("张三".encode()) % 3]
    # every row falls to exactly one of the shares, all rows of a person to the same one
    shares = [batch.read_share(source, k, 3) for k in range(3)]
    assert sorted(line for s in shares for line in s.lines) == list(range(2, 1003))
    owners = [{pid for pid in s.columns["person_id"]} for s in shares]
    assert all(not (a & b) for i, a in enumerate(owners) for b in owners[i + 1:])
    pooled = pooled_as_alone(source, 1001, [rule("jiangxi"), rule("jiangxi")], monkeypatch, "PARALLEL_FROM_BYTES")
    # persons in order of their first row, the refused row (line 1002, 2023-02-30) under both rule files
    assert [(r.line, r.person_id, r.field) for r in pooled[0].refused] == [(1002, "P3", "date")]
    assert pooled[0].person_id[:3] == ["P0", "P7", "P14"]  # k = 0, 1, 2 → person (7k) mod 200


def test_a_bad_line_found_by_a_worker_stops_the_whole_batch(rule, tmp_path, monkeypatch):
    path = tmp_path / "claims.csv"
    # a cell longer than the csv module's field limit (131,072 characters) on line 502
    path.write_text(_generated_text(100) + "P5,employed,2023-03-01,level1," + "1" * 140_000 + "\n", encoding="utf-8")
    source = batch.open_claims(path)  # the header is fine: the bad line is only met when the rows are read
    monkeypatch.setattr(batch, "PARALLEL_FROM_BYTES", 0)
    with pytest.raises(batch.ClaimsFileError, match=r"claims.csv:502: bad CSV: field larger than field limit"):
        run_batch(source, [rule("jiangxi")], 2023, workers=2)


# Plain persons are settled straight from the columns read a column at a time (batch._Columns), the
# others row by row (batch._read_person). The two ways must give the same persons, figures and
# refusals for any file: here rows of good cells (so that many persons are plain, their rows disagreeing
# only in category or birth date) and rows with one bad or odd cell, read both ways.
_GOOD = {
    "person_id": ["A", "B", "C", " C "],
    "category": ["employed", "退休", "", "", "retired"],
    "birth_date": ["", "1950-05-01", "1985-01-01"],
    "date": ["2023-01-05", "2023-03-01", " 2023-06-30 ", "2023-12-31", "2023-03-01"],
    "total": ["100", "86.05", "1500", " 700.5 ", "9000", "0", "1,000"],
    "self_funded": ["", "", "0", "50"],
    "class_b_copay": ["", "0", "10.5"],
    "designated": ["", "是"],
    "emergency": ["", "否"],
    "exclusion": [""],
    "patient": ["", "本人"],
    "extra": [""],
}
_BAD = {
    "person_id": ["", "X" * 70], "category": ["bogus"], "birth_date": ["not a date"],
    "date": ["2023-02-30", "", "2022-12-31", "2023/3/1"], "total": ["", "-1", "abc", "999999999"],
    "self_funded": ["x", "2000"], "class_b_copay": ["1.234"], "designated": ["否", "maybe"], "emergency": ["是", "?"],
    "exclusion": ["work_injury", "nope"], "patient": ["家属", "who"], "extra": ["more"],
}
_TIERS = {"jiangxi": (["level1", "一级", "三级"], ["level9", ""]), "jincheng": (["class1", "一类"], ["level1", ""]),
          "beijing": (["community", "hospital", "社区"], ["nowhere"])}


@pytest.mark.parametrize("region", ["jiangxi", "jincheng", "beijing"])
def test_plain_persons_from_the_columns_as_row_by_row(region, rule, tmp_path_factory, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from rule_copies import jiangxi_deductible_800

    from app.core.rules.loader import load_rule_file

    rules = [rule(region)]
    if region == "jiangxi":  # a comparison: two rule files of the region at once
        rules.append(load_rule_file(jiangxi_deductible_800(tmp_path_factory.mktemp("candidate"))))
    good, bad = {**_GOOD, "tier": _TIERS[region][0]}, {**_BAD, "tier": _TIERS[region][1]}
    keys = [k for k in good if k != "extra"]
    plain_row = st.tuples(*(st.sampled_from(good[k]) for k in [*keys, "extra"]))
    names = [*keys, "extra"]

    def one_bad(row: tuple, at: int, which: int) -> tuple:  # a plain row but for one cell
        cells = list(row)
        cells[at] = bad[names[at]][which % len(bad[names[at]])]
        return tuple(cells)

    near_row = st.builds(one_bad, plain_row, st.integers(0, len(names) - 1), st.integers(0, 9))

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(st.one_of(plain_row, near_row), max_size=25), step=st.integers(1, 30))
    def check(rows, step):
        lines = [",".join(keys)] + [",".join(f'"{c}"' for c in r[:-1]) + (f",{r[-1]}" if r[-1] else "") for r in rows]
        claims = claims_of("\n".join(lines) + "\n")
        ways = []
        for plain_first in (True, False):
            monkeypatch.setattr(batch, "_PLAIN_FIRST", plain_first)
            for res in (settle_partition(claims, rules, 2023), batch.settle_steps(claims, rules, 2023, step_rows=step)):
                ways.append(([persons_rows(r) for r in res], [summary(r) for r in res], batch.errors_rows(res)))
        assert all(way == ways[0] for way in ways[1:])

    check()


@pytest.mark.parametrize("chunk", [2, 3, 50_000])  # records read at a time: the quoted break in the 2nd or 1st chunk
@pytest.mark.parametrize("spans", [False, True])
def test_refused_rows_name_their_lines_across_blank_lines_and_quoted_line_breaks(rule, tmp_path, spans, chunk,
                                                                                 monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_RECORDS", chunk)
    # line 1 header, 2 A, 3 blank, 4 B (with spans: a quoted tier over lines 4–5), then C: 2023-02-30
    tier = '"level\n9"' if spans else "level9"
    path = tmp_path / "claims.csv"
    path.write_text("person_id,category,date,tier,total\nA,employed,2023-01-05,level1,100\n\n"
                    f"B,employed,2023-01-05,{tier},100\nC,employed,2023-02-30,level1,100\n", encoding="utf-8")
    res = run_batch(batch.open_claims(path), [rule("jiangxi")], 2023, workers=1)[0]
    c_line = 6 if spans else 5
    assert [(r.line, r.person_id, r.field) for r in res.refused] == [(c_line - 1, "B", "tier"), (c_line, "C", "date")]
    assert res.person_id == ["A"] and res.first_line == [2]


def test_every_person_of_a_run_starts_the_bands_from_zero(rule):
    # Beijing, employed (rules/beijing.yaml): deductible 1800 a year, community 90 %, and 60 % on the
    # part of the year's cost above the deductible beyond 20,000 (band_basis: above_deductible).
    # One visit of 21,800.01 at a community centre: 21,800.01 − 1,800 = 20,000.01 above the deductible;
    #   20,000.00 × 90 % = 18,000.00 and 0.01 × 60 % = 0.006 → 18,000.006, rounded once → 18,000.01.
    # B, settled after A in the same run of the kernel, starts from zero too: the same 18,000.01 (had B
    # started 1 fen into the band, 19,999.99 × 90 % + 0.02 × 60 % = 17,999.991 + 0.012 = 18,000.003 → 18,000.00).
    res = settled(rule("beijing"), "A,employed,2023-03-01,community,21800.01",
                  "B,employed,2023-03-01,community,21800.01")
    assert [str(x) for x in res.money("fund")] == ["18000.01", "18000.01"]
    assert [str(x) for x in res.money("deductible_met")] == ["1800.00", "1800.00"]


def test_a_person_s_cap_is_that_of_the_version_of_their_last_paid_visit(rule):
    # Jiangxi split at 2023-07-01 (tests/rule_copies.py): employed cap 1,800 until June, 1,000 from July.
    # A's one visit, March, level1 2,600: (2,600 − 600) × 60 % = 1,200.00 — 600.00 of the March version's
    # 1,800 is left, so A has not reached the cap (under July's 1,000 A would have).
    # B's visit, August, level1 2,600: (2,600 − 300) × 60 % = 1,380 → the cap 1,000.00: B has reached it.
    from rule_copies import jiangxi_split

    res = settled(jiangxi_split(rule("jiangxi")), "A,employed,2023-03-01,level1,2600",
                  "B,employed,2023-08-01,level1,2600")
    assert [str(x) for x in res.money("fund")] == ["1200.00", "1000.00"]
    assert res.reached_cap == [False, True] and summary(res)["persons_at_cap"] == 1


def test_a_person_whose_last_visit_has_no_rule_shows_the_limits_of_their_last_ruled_visit(rule):
    # Jiangxi whose only version ends 2023-06-30 (no rule in force from July). A, employed: March,
    # level1 3,600: (3,600 − 600) × 60 % = 1,800.00, the whole cap 1,800; then a visit in August, not
    # paid (no rule in force). The totals show the March version's limits: the cap reached, the
    # deductible 600 met. B, with the August visit only, has no ruled visit: the version last in force
    # in the year (the same) shows a cap of 1,800 with 1,800 left and 0 of 600 met.
    from datetime import date

    region = rule("jiangxi")
    ended = region.model_copy(update={"versions": [region.versions[0].model_copy(
        update={"effective_to": date(2023, 6, 30)})]})
    res = settled(ended, "A,employed,2023-03-01,level1,3600", "A,employed,2023-08-01,level1,500",
                  "B,employed,2023-08-01,level1,500")
    assert [str(x) for x in res.money("fund")] == ["1800.00", "0.00"]
    assert [str(x) for x in res.money("deductible_met")] == ["600.00", "0.00"]
    assert res.reached_cap == [True, False] and res.reached_deductible == [True, False]


# A plain CSV file (no quote, no NUL, no line break but LF or CR LF) is read by its lines cut at the
# commas (batch._from_plain), any other by the csv module (batch._from_chunks): the same columns,
# lines and refusals of extra cells, for any such file and any share.
def test_the_blank_characters_are_those_str_strip_strips():
    assert set(batch._BLANK) == {chr(c) for c in range(0x110000) if chr(c).isspace()} | {","}


@pytest.mark.parametrize("text, plain", [
    ("a,b\r\n1,2\r\n", True), ("a,b\n1,2", True), ("a,b\n1,2\r\n", True), ('a,b\n"1",2\n', False),
    ("a,b\n1\x00,2\n", False), ("a,b\r1,2\r", False), ("a,b\n1,\r2\n", False), ("", True)])
@pytest.mark.parametrize("scan_bytes", [1, 2, 3, 1 << 20])  # a CR LF cut by the chunks read at a time
def test_a_file_is_plain_without_quotes_nul_or_lone_carriage_returns(tmp_path, text, plain, scan_bytes,
                                                                     monkeypatch):
    monkeypatch.setattr(batch, "SCAN_BYTES", scan_bytes)
    path = tmp_path / "claims.csv"
    path.write_bytes(text.encode("gb18030"))
    assert batch._scan(path) == ("utf-8-sig", plain)
    path.write_bytes("人员编号,总费用\r\n张三,1\r\n".encode("gb18030"))
    assert batch._scan(path) == ("gb18030", True)


_PLAIN_CELLS = ["", " ", "\u3000", "\x1c", "A", " B ", "张三", "2023-01-05", "level1", "100.5", "\x0b", "\u2028"]


def test_a_plain_file_reads_as_the_csv_module_reads_it(tmp_path_factory, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    header = ["person_id", "category", "date", "tier", "total"]
    line = st.lists(st.sampled_from(_PLAIN_CELLS), min_size=0, max_size=8).map(",".join)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(before=st.lists(st.sampled_from(["", " ,,", "\u3000"]), max_size=2), person=st.integers(0, 4),
           body=st.lists(line, max_size=30), ending=st.sampled_from(["\n", "\r\n", "mixed"]),
           last=st.booleans(), bom=st.booleans(), block=st.sampled_from([1, 5, 40, 1 << 22]))
    def check(before, person, body, ending, last, bom, block):
        names = header[1:person + 1] + ["person_id"] + header[person + 1:]
        lines = [*before, ",".join(names), *body]
        ends = ["\r\n" if ending == "\r\n" or (ending == "mixed" and k % 2) else "\n" for k in range(len(lines))]
        text = "".join(a + b for a, b in zip(lines, ends))
        if not last:
            text = text[:-len(ends[-1])]
        path = tmp_path_factory.mktemp("plain") / "claims.csv"
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
        source = batch.open_claims(path)
        assert source.plain
        monkeypatch.setattr(batch, "PLAIN_BLOCK_CHARS", block)
        for k, n in ((0, 1), (0, 2), (1, 2), (2, 3)):
            by_lines = batch.read_share(source, k, n)
            by_csv = batch.read_share(batch.ClaimsSource(path, source.encoding, plain=False), k, n)
            assert by_lines == by_csv

    check()


@pytest.mark.parametrize("before, line, digits", [  # a row's cell; a blank line's before the header, with
    ("", 2, 140_000), (" " * 140_000 + "\n", 1, 140_000), (" " * 140_000 + "\n", 1, 3)])  # a long row or not
def test_a_plain_file_s_overlong_line_is_reported_by_the_csv_module(tmp_path, before, line, digits):
    path = tmp_path / "claims.csv"
    path.write_text(before + "person_id,category,date,tier,total\nA,employed,2023-01-05,level1,1" + "0" * digits
                    + "\n", encoding="utf-8")
    source = batch.open_claims(path) if before == "" else batch.ClaimsSource(path, "utf-8-sig", plain=True)
    assert source.plain
    found = []  # whichever share the line falls to finds it (the other may read on: one process that
    for k in range(2):  # meets it stops the whole batch)
        try:
            batch.read_share(source, k, 2)
        except batch.ClaimsFileError as exc:
            found.append(str(exc))
    assert found and all(f"claims.csv:{line}: bad CSV: field larger than field limit" in e for e in found)
    with pytest.raises(batch.ClaimsFileError, match=rf"claims.csv:{line}: bad CSV: field larger than field limit"):
        batch.read_claims(source)


@pytest.mark.parametrize("scan_bytes", [1, 2, 3, 1 << 20])  # bytes looked at a time: one chunk, or many
def test_a_file_s_encoding_and_plainness_are_each_judged_on_the_whole_file(tmp_path, scan_bytes, monkeypatch):
    monkeypatch.setattr(batch, "SCAN_BYTES", scan_bytes)
    path = tmp_path / "claims.csv"

    def scan(data: bytes):
        path.write_bytes(data)
        return batch._scan(path)

    # a quote first, then 张三 in GB18030 (d5 c5 c8 fd: d5 opens a two-byte UTF-8 character, c5 cannot
    # continue it): not plain, and not UTF-8 either — the look at the encoding goes on after the quote
    assert scan(b'a,"b"\n' + "张三\n".encode("gb18030")) == ("gb18030", False)
    # 张三 in GB18030 first, a quote after it: not UTF-8, and not plain either
    assert scan("张三\n".encode("gb18030") + b'a,"b"\n') == ("gb18030", False)
    # UTF-8 but for the end, cut inside a character (e4 b8 opens the three bytes e4 b8 80 of 一):
    # only the final check of the decoder finds it; no quote, NUL or lone CR: plain
    assert scan(b"a,b\n\xe4\xb8") == ("gb18030", True)
    # a blank line in CR LF: a chunk ending in a CR takes the one LF after it (not the next CR too)
    assert scan(b"a,b\r\n\r\n1,2\r\n") == ("utf-8-sig", True)


def test_the_rows_read_a_column_at_a_time_that_go_row_by_row():
    """``_Columns.odd``: the rows a cell, date or scope of which is not plain, settled row by row.
    Line 2: total 100, self-funded 0, class-B 0 → scope 100: plain (0 is not below 0).
    Line 3: total 0, the other two empty → scope 0: plain.
    Line 4: total 100, self-funded 150 → scope 100 − 150 = −50, below 0: odd.
    Line 5: the total empty (required): odd.  Line 6: 2023-02-30 is no date: odd.
    Line 7: class-B co-pay 'abc' cannot be read: odd."""
    claims = claims_of("person_id,category,date,tier,total,self_funded,class_b_copay\n"
                       "A,employed,2023-01-05,level1,100,0,0\n"
                       "A,employed,2023-01-06,level1,0,,\n"
                       "B,employed,2023-01-05,level1,100,150,\n"
                       "B,employed,2023-01-06,level1,,,\n"
                       "C,employed,2023-02-30,level1,100,,\n"
                       "C,employed,2023-01-07,level1,100,,abc\n")
    assert batch._Columns(claims, 2023, ()).odd == {2, 3, 4, 5}


def test_partitions_merged_out_of_file_order_give_the_whole_result_column_for_column(rule):
    """Jiangxi, employed (deductible 600, level1 60 %, cap 1,800): A 1,600 → (1,600 − 600) × 60 % =
    600.00; B 3,000 → 2,400 × 60 % = 1,440.00; C 700 → 100 × 60 % = 60.00. Settled as two partitions
    (A, C and B) merged in the order B's, then A's and C's: persons back in file order, every column
    as the whole file's settled at once — the amounts still arrays of fen."""
    from array import array

    text = ("person_id,category,date,tier,total\nA,employed,2023-01-05,level1,1600\n"
            "B,employed,2023-01-05,level1,3000\nC,employed,2023-01-05,level1,700\n")
    whole = settle_partition(claims_of(text), [rule("jiangxi")], 2023)[0]
    claims = claims_of(text)
    ac, b = claims.take([0, 2]), claims.take([1])
    merged = merge([settle_partition(b, [rule("jiangxi")], 2023)[0], settle_partition(ac, [rule("jiangxi")], 2023)[0]])
    assert merged.person_id == ["A", "B", "C"] and merged.first_line == [2, 3, 4]
    assert [str(x) for x in merged.money("fund")] == ["600.00", "1440.00", "60.00"]
    assert merged == whole and isinstance(merged.fund, array) and isinstance(merged.self_pay, array)


def test_a_last_visit_without_a_rule_shows_the_limits_of_the_last_ruled_visit_not_the_year_s_latest(rule):
    # Jiangxi split (tests/rule_copies.py): jiangxi-2023 to 2023-06-30 (deductible 600, employed cap
    # 1,800), jiangxi-2023b moved to start on 2023-09-01 (deductible 300, cap 1,000): no rule in force in
    # July and August. Each person's last visit (August) is not paid; their limits are those of their
    # March visit's version, not those of the version last in force in the year:
    # A: March level1 2,600 → (2,600 − 600) × 60 % = 1,200.00; 1,800 − 1,200 = 600 of the cap left: not
    #    reached (under 2023b's 1,000 nothing would be left); the deductible 600 met.
    # B: March level1 400 → all 400 into the deductible, fund 0.00: 400 of 600 not reached (2023b's 300 would be).
    from datetime import date

    from rule_copies import jiangxi_split

    region = jiangxi_split(rule("jiangxi"))
    first, second = region.versions
    gap = region.model_copy(update={"versions": [first, second.model_copy(update={"effective_from": date(2023, 9, 1)})]})
    res = settled(gap, "A,employed,2023-03-01,level1,2600", "A,employed,2023-08-01,level1,500",
                  "B,employed,2023-03-01,level1,400", "B,employed,2023-08-01,level1,100")
    assert [str(x) for x in res.money("fund")] == ["1200.00", "0.00"]
    assert [str(x) for x in res.money("deductible_met")] == ["600.00", "400.00"]
    assert res.reached_cap == [False, False] and res.reached_deductible == [True, False]


@pytest.mark.parametrize("text, refusal", [
    ("", "empty file: a header row is needed"), ("\n", "empty file: a header row is needed"),
    (" ,,\r\n\u3000\n", "empty file: a header row is needed"),
    ("person_id,date,tier,totl\nA,2023-01-05,level1,100\n", "'totl': unknown column (known: ")])
def test_a_plain_file_s_bad_header_is_refused_as_the_csv_module_refuses_it(tmp_path, text, refusal):
    # open_claims refuses such a file before any share is read; a share read from it (a source made
    # without open_claims) is refused the same way by lines as by the csv module, naming the file
    path = tmp_path / "claims.csv"
    path.write_text(text, encoding="utf-8")
    for plain in (True, False):
        with pytest.raises(batch.ClaimsFileError) as err:
            batch.read_share(batch.ClaimsSource(path, "utf-8-sig", plain=plain), 0, 1)
        assert str(err.value).startswith(f"{path}:1: {refusal}")
