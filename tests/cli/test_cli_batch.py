"""``python -m app.cli batch``: the claims file of many persons (DOMAIN.md, "Batch").

The batch's figures are checked against ``estimate`` of each person alone, and a what-if run
against a copied rule file whose deductible differs, with the delta worked out by hand.
"""
from __future__ import annotations

import csv
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from rule_copies import WHAT_IF_CLAIMS, jiangxi_deductible_800

from app.cli import main

REGIONS = ("beijing", "jiangsu", "jiangxi", "jincheng", "tongliao")
SETS = {"jiangsu": ["--set", "average_wage_2021=115000"]}


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def generated_claims(region: str, path: Path, persons: int = 12, seed: int = 7) -> dict[str, list[list[str]]]:
    """A claims file with persons' rows shuffled; returns each person's visit rows."""
    from app.core.rules.loader import load_rules

    tiers = [t.id for t in load_rules().regions[region].tiers]
    rnd = random.Random(f"{region}{seed}")
    rows, by_person = [], {}
    for p in range(persons):
        pid = f"{region[:2]}{p:03d}"
        category = "retired" if p % 2 else "employed"
        birth = ["1950-03-04", "1956-11-30", "1975-06-01"][p % 3]
        for _ in range(rnd.randrange(1, 9)):
            total = Decimal(rnd.randrange(1_000, 300_000)) / 100  # up to 3000: some persons reach the cap
            self_funded = Decimal(rnd.randrange(0, int(total * 20))) / 100 if rnd.random() < 0.3 else Decimal(0)
            visit = [f"2023-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}", rnd.choice(tiers),
                     f"{total:.2f}", f"{self_funded:.2f}"]
            rows.append([pid, "退休" if category == "retired" else "employed", birth, "5000", "10.50", *visit])
            by_person.setdefault(pid, []).append(visit)
    rnd.shuffle(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["person_id", "category", "birth_date", "contribution_base", "opening_balance",
                    "date", "tier", "total", "self_funded"])
        w.writerows(rows)
    return by_person


@pytest.mark.parametrize("region", REGIONS)
def test_batch_equals_estimate_of_every_person(region, tmp_path, capsys):
    claims = tmp_path / "claims.csv"
    by_person = generated_claims(region, claims)
    code, out, err = run(capsys, "batch", "--region", region, "--year", "2023", *SETS.get(region, []),
                         "--out", tmp_path / "persons.csv", claims)
    assert code == 0, err
    result = json.loads(out)
    persons = {r["person_id"]: r for r in read_csv(tmp_path / "persons.csv")}
    assert set(persons) == set(by_person)
    sums = {k: Decimal(0) for k in ("total", "policy_scope", "fund", "self_pay")}
    by_tier: dict[str, Decimal] = {}
    at_cap = 0
    for pid, visits in by_person.items():
        one = tmp_path / f"{pid}.csv"
        one.write_text("date,tier,total,self_funded\n" + "".join(",".join(v) + "\n" for v in visits), encoding="utf-8")
        category = "retired" if int(pid[2:]) % 2 else "employed"
        birth = ["1950-03-04", "1956-11-30", "1975-06-01"][int(pid[2:]) % 3]
        code, out, err = run(capsys, "estimate", "--region", region, "--year", "2023", "--category", category,
                             "--birth-date", birth, "--contribution-base", "5000", "--opening-balance", "10.50",
                             *SETS.get(region, []), one)
        assert code == 0, err
        t = json.loads(out)["totals"]
        row = persons[pid]
        assert row["category"] == category and row["visits"] == str(len(visits))
        for k in ("total", "policy_scope", "deductible_met", "fund", "self_pay"):
            assert row[k] == t[k], (pid, k)
        reached = t["annual_cap"] is not None and t["remaining_allowance"] == "0.00"
        assert row["reached_cap"] == ("true" if reached else "false")
        at_cap += reached
        for k in sums:
            sums[k] += Decimal(t[k])
        for tier, amount in t["fund_by_tier"].items():
            by_tier[tier] = by_tier.get(tier, Decimal(0)) + Decimal(amount)
    assert result["persons"] == len(by_person)
    assert result["visits"] == sum(len(v) for v in by_person.values())
    assert result["rows_refused"] == 0
    assert result["totals"] == {k: f"{v:.2f}" for k, v in sums.items()}
    assert result["fund_by_tier"] == {k: f"{v:.2f}" for k, v in by_tier.items()}
    assert result["persons_at_cap"] == at_cap
    assert "compare" not in result and "delta" not in result


CLAIMS = WHAT_IF_CLAIMS


def test_compare_with_a_candidate_deductible(tmp_path, capsys):
    cand = jiangxi_deductible_800(tmp_path / "candidate").parent
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS, encoding="utf-8")
    code, out, err = run(capsys, "batch", "--region", "jiangxi", "--year", "2023", "--compare-rules-dir", cand,
                         "--out", tmp_path / "persons.csv", claims)
    assert code == 0, err
    r = json.loads(out)
    # Base (Jiangxi, deductible 600):
    #   A employed: 01-10 level3 200 all deductible; 03-01 level1 (1500 − 400) × 60% = 660.00
    #   B retired: level3 (800 − 600) × 55% = 110.00
    #   C retired: level2 (5000 − 600) × 60% = 2640.00 → cap 2000.00
    #   fund 660 + 110 + 2000 = 2770.00; level1 660, level2 2000, level3 110
    assert r["totals"] == {"total": "7500.00", "policy_scope": "7500.00", "fund": "2770.00", "self_pay": "4730.00"}
    assert r["fund_by_tier"] == {"level1": "660.00", "level2": "2000.00", "level3": "110.00"}
    assert (r["persons"], r["visits"], r["rows_refused"], r["persons_at_cap"], r["persons_deductible_met"]) == (3, 4, 0, 1, 3)
    # Candidate (deductible 800):
    #   A: 200 + 600 of the 1500 into the deductible → (1500 − 600) × 60% = 540.00
    #   B: 800 all deductible → 0.00 (met exactly: 800 ≥ 800)
    #   C: (5000 − 800) × 60% = 2520.00 → cap 2000.00
    #   fund 540 + 0 + 2000 = 2540.00
    c = r["compare"]
    assert c["totals"] == {"total": "7500.00", "policy_scope": "7500.00", "fund": "2540.00", "self_pay": "4960.00"}
    assert c["fund_by_tier"] == {"level1": "540.00", "level2": "2000.00", "level3": "0.00"}
    assert (c["persons"], c["persons_at_cap"], c["persons_deductible_met"]) == (3, 1, 3)
    # delta = compare − base: fund 2540 − 2770 = −230.00 (A −120, B −110), self_pay +230.00
    d = r["delta"]
    assert d["totals"] == {"total": "0.00", "policy_scope": "0.00", "fund": "-230.00", "self_pay": "230.00"}
    assert d["fund_by_tier"] == {"level1": "-120.00", "level2": "0.00", "level3": "-110.00"}
    assert (d["persons"], d["visits"], d["rows_refused"], d["persons_at_cap"], d["persons_deductible_met"]) == (0, 0, 0, 0, 0)
    rows = read_csv(tmp_path / "persons.csv")
    assert [(x["person_id"], x["fund"], x["fund_compare"], x["delta"]) for x in rows] == [
        ("A", "660.00", "540.00", "-120.00"), ("B", "110.00", "0.00", "-110.00"), ("C", "2000.00", "2000.00", "0.00")]


def test_refused_rows_go_to_errors_and_the_batch_goes_on(tmp_path, capsys):
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS + "A,employed,2023-02-30,level1,100\nB,retired,2023-04-01,level9,100\n"
                      "D,,2023-04-01,level1,100\nA,employed,2022-12-31,level1,100\n", encoding="utf-8")
    errors = tmp_path / "errors.csv"
    code, out, err = run(capsys, "batch", "--region", "jiangxi", "--year", "2023", "--errors", errors, claims)
    assert code == 0, err
    r = json.loads(out)
    assert (r["persons"], r["visits"], r["rows_refused"]) == (3, 4, 4)
    assert r["totals"]["fund"] == "2770.00"  # as without the refused rows (see the comparison test)
    rows = read_csv(errors)
    assert [(x["line"], x["person_id"], x["field"], x["rules"]) for x in rows] == [
        ("6", "A", "date", "base"), ("7", "B", "tier", "base"), ("8", "D", "category", "base"),
        ("9", "A", "date", "base")]
    assert "2023-02-30" in rows[0]["reason"] and "outside the year 2023" in rows[3]["reason"]


def test_xlsx_claims(tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in CLAIMS.splitlines():
        cells = line.split(",")
        ws.append([float(c) if c.replace(".", "").isdigit() and "-" not in c else c for c in cells])
    wb.save(tmp_path / "claims.xlsx")
    code, out, err = run(capsys, "batch", "--region", "jiangxi", "--year", "2023", tmp_path / "claims.xlsx")
    assert code == 0, err
    assert json.loads(out)["totals"]["fund"] == "2770.00"


@pytest.mark.parametrize("args, says", [
    (["--region", "atlantis", "--year", "2023"], "--region: unknown region"),
    (["--region", "jiangxi", "--year", "20x3"], "--year: not a year"),
    (["--region", "jiangxi", "--year", "1800"], "--year: 1800 is out of range"),
    (["--region", "jiangxi", "--year", "2023", "--workers", "0"], "--workers"),
    (["--region", "jiangxi", "--year", "2023", "--workers", "1e3"], "--workers"),
    (["--region", "jiangxi", "--year", "2023", "--set", "average_wage_2021=1"], "--set"),
    (["--region", "jiangxi", "--year", "2023", "--compare-rules-dir", "/nonexistent/dir"], "--compare-rules-dir"),
    (["--region", "jiangxi", "--year", "2023", "--bogus"], "unrecognized arguments"),
])
def test_bad_options_exit_2(args, says, tmp_path, capsys):
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS, encoding="utf-8")
    code, out, err = run(capsys, "batch", *args, claims)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and says in err


def test_outputs_never_overwrite_the_claims_file(tmp_path, capsys):
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS, encoding="utf-8")
    for extra in (["--out", claims], ["--errors", claims], ["--out", tmp_path / "x.csv", "--errors", tmp_path / "x.csv"]):
        code, out, err = run(capsys, "batch", "--region", "jiangxi", "--year", "2023", *extra, claims)
        assert code == 2 and out == "" and len(err.splitlines()) == 1 and "already the claims file" in err
    assert claims.read_text(encoding="utf-8") == CLAIMS and not (tmp_path / "x.csv").exists()


def test_compare_dir_without_the_region_exits_2(tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS, encoding="utf-8")
    code, out, err = run(capsys, "batch", "--region", "jiangxi", "--year", "2023", "--compare-rules-dir", other, claims)
    assert code == 2 and "has no rule file for region 'jiangxi'" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("content, says", [
    (None, "cannot read"),
    (b"", "empty file"),
    (b"person_id,date,total\nA,2023-01-01,100\n", "tier: required column missing"),
    (b"person_id,date,tier,total,total\n", "total: column appears twice"),
    (b"\x00\x01\x02\xff\xfe" * 10, ""),
])
def test_unreadable_claims_exit_2(content, says, tmp_path, capsys):
    claims = tmp_path / "claims.csv"
    if content is not None:
        claims.write_bytes(content)
    code, out, err = run(capsys, "batch", "--region", "jiangxi", "--year", "2023", claims)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and says in err and str(claims) in err


def test_subprocess_json_only_on_stdout(cli, tmp_path):
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS, encoding="utf-8")
    res = cli("batch", "--region", "jiangxi", "--year", "2023", claims)
    assert res.code == 0 and res.err == ""  # no progress bar when stderr is not a terminal
    r = res.json()
    assert list(r)[:8] == ["persons", "visits", "rows_refused", "totals", "fund_by_tier", "persons_at_cap",
                           "persons_deductible_met", "region"]


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io

    from app import cli

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stderr", io.StringIO())
    assert cli._progress_bar() is None
    err = Tty()
    monkeypatch.setattr(cli.sys, "stderr", err)
    show = cli._progress_bar()
    show(500, 1000)
    show(1000, 1000)
    assert err.getvalue() == ("\r[" + "#" * 15 + "." * 15 + "] 500/1,000 rows"
                              "\r[" + "#" * 30 + "] 1,000/1,000 rows\n")
