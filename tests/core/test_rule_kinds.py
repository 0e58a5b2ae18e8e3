"""Rule kinds (issue 15 §1): user-style rule files under tests/core/rule_kinds (fixtures, not bundled).

Every figure is computed by hand in the test's docstring or comment.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from app.core.case import Person
from app.core.engine import explain, note_texts
from app.core.rules.examples import run_examples
from app.core.rules.loader import RuleFileError, load_rule_file

from ._helpers import deductibles, funds, money, person, run, visit

KINDS = Path(__file__).resolve().parent / "rule_kinds"


def load(name: str, tmp_path: Path | None = None, *edits: tuple[str, str]):
    """Load a fixture, optionally with text edits (each *old* must occur exactly once)."""
    path = KINDS / f"{name}.yaml"
    if not edits:
        return load_rule_file(path)
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp_path / f"{name}.yaml"
    out.write_text(text, encoding="utf-8")
    return load_rule_file(out)


@pytest.mark.parametrize("name", ["yangzhou", "scope_limit", "fund_bands"])
def test_fixture_files_load_and_their_own_examples_pass(name):
    assert run_examples(load(name)) == []


# --- Yangzhou (a Jiangsu city's own figures) ------------------------------------------

def test_yangzhou_published_examples():
    """Published Yangzhou examples (issue 15: "employed 二级 1500 → 585; retired 3980 → 2610"):
    employed: deductible 600, (1500 − 600) × 65 % = 900 × 0.65 = 585.00;
    retired:  deductible 500, (3980 − 500) × 75 % = 3480 × 0.75 = 2610.00."""
    rf = load("yangzhou")
    emp = run(rf, person("yangzhou", 2023, "employed"), visit("2023-03-01", "level2", "1500"))
    assert deductibles(emp) == ["600.00"] and funds(emp) == ["585.00"]
    assert money(emp.lines[0].self_pay) == "915.00"  # 1500 − 585
    ret = run(rf, person("yangzhou", 2023, "retired"), visit("2023-03-01", "level2", "3980"))
    assert deductibles(ret) == ["500.00"] and funds(ret) == ["2610.00"]
    assert money(ret.lines[0].self_pay) == "1370.00"  # 3980 − 2610


def test_yangzhou_cap_on_fund_paid_is_not_tied_to_the_deductible():
    """Retired, 12000 then 1000: (12000 − 500) × 75 % = 8625 → cap 8000 on the fund's payout → 8000.00;
    the second visit: cap used up → 0.00."""
    rf = load("yangzhou")
    est = run(rf, person("yangzhou", 2023, "retired"), visit("2023-03-01", "level1", "12000"),
              visit("2023-04-01", "level3", "1000"))
    assert funds(est) == ["8000.00", "0.00"]
    assert money(est.totals.annual_cap) == "8000.00" and money(est.totals.remaining_allowance) == "0.00"
    assert est.lines[0].cap_clipped


# --- a limit on cumulative compliant cost (Nanjing / Changzhou kind) ----------------------

def test_limit_on_compliant_cost_no_deductible_cost_bands():
    """No deductible, bands 0–5000 at 90 %, above at 80 % (employed), limit 15000 of compliant cost:
    4000 × 90 % = 3600.00;
    3000 crosses 5000: 1000 × 90 % + 2000 × 80 % = 900 + 1600 = 2500.00;
    10000: 7000 counted, 15000 − 7000 = 8000 within the limit: 8000 × 80 % = 6400.00;
    500: limit used up → 0.00. Fund 12500.00 — below 15000: the limit is on cost, not on payout."""
    rf = load("scope_limit")
    est = run(rf, person("scopelimit", 2023, "employed"), visit("2023-02-01", "level1", "4000"),
              visit("2023-03-01", "level3", "3000"), visit("2023-04-01", "level3", "10000"),
              visit("2023-05-01", "level1", "500"))
    assert deductibles(est) == ["0.00"] * 4
    assert funds(est) == ["3600.00", "2500.00", "6400.00", "0.00"]
    assert money(est.totals.fund) == "12500.00"
    assert money(est.totals.remaining_allowance) == "0.00"  # 15000 − 17500 of cost, not below zero
    assert [line.cap_clipped for line in est.lines] == [False, False, True, True]
    zh = explain(est.lines[2], rf, "zh")
    en = explain(est.lines[2], rf, "en")
    assert any("年度累计合规费用限额 15000.00" in s and "剩余 8000.00" in s for s in zh)
    assert any("limit on compliant (policy-scope) cost 15000.00" in s and "left 8000.00" in s for s in en)
    assert not any("年度最高支付限额" in s for s in zh)
    assert note_texts(est.lines[2], rf, "zh") == ["达到年度累计合规费用限额"]
    assert note_texts(est.lines[3], rf, "en") == ["annual limit on compliant cost used up"]


def test_compliant_cost_already_counted_is_a_carry_in():
    """Mid-year at the counter: the insurance record shows 14000 of compliant cost already counted
    toward the 15000 limit (and, no deductible, 14000 above it for the bands). A 2000 visit at
    level3: 15000 − 14000 = 1000 within the limit, in the band above 5000: 1000 × 80 % = 800.00;
    the limit is then used up (14000 + 2000 ≥ 15000): remaining 0.00."""
    from decimal import Decimal

    rf = load("scope_limit")
    assert rf.carry_names() == ("deductible_met", "fund_paid", "above_deductible", "policy_scope")
    who = person("scopelimit", 2023, "employed").model_copy(
        update={"carry": {"policy_scope": Decimal("14000"), "above_deductible": Decimal("14000")}})
    est = run(rf, who, visit("2023-06-01", "level3", "2000"))
    assert funds(est) == ["800.00"] and est.lines[0].cap_clipped
    assert money(est.totals.remaining_allowance) == "0.00"
    assert any("剩余 1000.00" in s for s in explain(est.lines[0], rf, "zh"))
    # without the carry-in the same visit is 2000 × 90 % = 1800.00, 13000 of the limit left
    est = run(rf, person("scopelimit", 2023, "employed"), visit("2023-06-01", "level3", "2000"))
    assert funds(est) == ["1800.00"] and money(est.totals.remaining_allowance) == "13000.00"


def test_batch_reached_cap_reads_the_limit_on_compliant_cost():
    """Batch, employed: A 16000 of cost at level3 → limit 15000 reached although the fund paid only
    5000 × 90 % + 10000 × 80 % = 4500 + 8000 = 12500.00 (below 15000); B 1000 → 900.00, not reached."""
    from app.core.batch import settle_partition

    from .test_batch import claims_of

    text = ("person_id,category,date,tier,total\n"
            "A,employed,2023-03-01,level3,16000\nB,employed,2023-03-01,level1,1000\n")
    res = settle_partition(claims_of(text), [load("scope_limit")], 2023)[0]
    assert [str(x) for x in res.money("fund")] == ["12500.00", "900.00"]
    assert res.reached_cap == [True, False]


def test_same_visits_with_the_limit_on_fund_paid(tmp_path):
    """The same file with cap_basis: fund_paid: 3600.00, 2500.00 (fund 6100);
    10000 × 80 % = 8000.00 (15000 − 6100 = 8900 left, not clipped); 500 × 80 % = 400.00 (900 left).
    Fund 14500.00, 500.00 left of the payout."""
    rf = load("scope_limit", tmp_path, ("cap_basis: policy_scope", "cap_basis: fund_paid"))
    est = run(rf, person("scopelimit", 2023, "employed"), visit("2023-02-01", "level1", "4000"),
              visit("2023-03-01", "level3", "3000"), visit("2023-04-01", "level3", "10000"),
              visit("2023-05-01", "level1", "500"))
    assert funds(est) == ["3600.00", "2500.00", "8000.00", "400.00"]
    assert money(est.totals.fund) == "14500.00" and money(est.totals.remaining_allowance) == "500.00"


def test_limit_on_compliant_cost_with_a_deductible(tmp_path):
    """Changzhou kind (9,000 of 合规费用), deductible 600: one employed visit of 10000 —
    9000 of it within the limit, its first 600 the deductible: 9000 − 600 = 8400 paid a share of,
    bands over the cost above the deductible: 5000 × 90 % + 3400 × 80 % = 4500 + 2720 = 7220.00.
    (A fund cap of 9000 would have paid 5000 × 90 % + 4400 × 80 % = 4500 + 3520 = 8020.00.)"""
    rf = load("scope_limit", tmp_path, ("amount: 0,", "amount: 600,"), ("amount: 15000,", "amount: 9000,"))
    est = run(rf, person("scopelimit", 2023, "employed"), visit("2023-02-01", "level1", "10000"))
    assert deductibles(est) == ["600.00"] and funds(est) == ["7220.00"]
    assert money(est.totals.remaining_allowance) == "0.00"  # 9000 − 10000 of cost


# --- bands over the cumulative fund paid; deductible and ratios by tier × category × age --------

def test_bands_over_fund_paid():
    """Employed, bands over the fund's cumulative payout (2000: 80 % → 50 %), cap 3000 on payout:
    level1 1000 (deductible 0): 1000 × 80 % = 800.00 (paid 800);
    level1 2000: (2000 − 800) / 80 % = 1500 of cost fills the band: 1500 × 80 % = 1200,
                 the other 500 × 50 % = 250 → 1450.00 (paid 2250);
    level2 1100: deductible 100, 1000 × 50 % = 500.00 (paid 2750);
    level1 1000: 1000 × 50 % = 500 → 3000 − 2750 = 250.00 left → 250.00."""
    rf = load("fund_bands")
    est = run(rf, person("fundbands", 2023, "employed"), visit("2023-02-01", "level1", "1000"),
              visit("2023-03-01", "level1", "2000"), visit("2023-04-01", "level2", "1100"),
              visit("2023-05-01", "level1", "1000"))
    assert deductibles(est) == ["0.00", "0.00", "100.00", "0.00"]
    assert funds(est) == ["800.00", "1450.00", "500.00", "250.00"]
    assert money(est.totals.fund) == "3000.00"
    zh = explain(est.lines[1], rf, "zh")
    en = explain(est.lines[1], rf, "en")
    assert "分段依据：统筹基金年度累计支付额（本次前已支付 800.00）" in zh
    assert "Bands measured over the fund's cumulative payout this year (800.00 paid before this visit)" in en
    assert any("基金累计支付 0.00–2000.00 段：费用 1500.00 × 80% = 1200.00" in s for s in zh)
    assert any("fund paid 2000.00–∞ band: cost 500.00 × 50% = 250.00" in s for s in en)


def test_same_visits_with_bands_over_cost(tmp_path):
    """band_basis: above_deductible instead: level1 1000 → 800.00; level1 2000 is cost 1000–3000:
    1000 × 80 % + 1000 × 50 % = 1300.00 (paid 2100); level2 1100: 1000 × 50 % = 500.00 (paid 2600);
    level1 1000: 500 → 3000 − 2600 = 400.00."""
    rf = load("fund_bands", tmp_path, ("band_basis: fund_paid", "band_basis: above_deductible"))
    est = run(rf, person("fundbands", 2023, "employed"), visit("2023-02-01", "level1", "1000"),
              visit("2023-03-01", "level1", "2000"), visit("2023-04-01", "level2", "1100"),
              visit("2023-05-01", "level1", "1000"))
    assert funds(est) == ["800.00", "1300.00", "500.00", "400.00"]
    assert any(s.startswith("分段依据：年度累计起付标准以上的政策范围内费用") for s in explain(est.lines[1], rf, "zh"))


def test_bands_over_fund_paid_start_from_the_carried_in_payout():
    """Carry-in fund paid 1900: level1 1000: (2000 − 1900) / 80 % = 125 of cost → 100,
    875 × 50 % = 437.50 → 537.50; cap 3000 − 1900 = 1100 left, not clipped.
    Bands over the payout need no above_deductible carry-in."""
    rf = load("fund_bands")
    assert rf.carry_names() == ("fund_paid",)
    who = Person(region="fundbands", year=2023, category="employed", carry={"fund_paid": "1900"})
    est = run(rf, who, visit("2023-02-01", "level1", "1000"))
    assert funds(est) == ["537.50"]
    assert money(est.totals.remaining_allowance) == "562.50"  # 3000 − 1900 − 537.50


def test_deductible_per_visit_by_tier_and_category_and_ratios_by_tier_category_age():
    """Retired, per-visit deductible level1 0 / level2 50, ratios by tier × age:
    born 1950-06-01 (72 on 2023-03-01): level2 1050: (1050 − 50) × 80 % = 800.00;
    born 1958-06-01 (64): level2 1050: 1000 × 75 % = 750.00; level1 1000: 0 deductible, 1000 × 85 % = 850.00
    (paid 1600 so far, below the 2000 band)."""
    rf = load("fund_bands")
    old = run(rf, person("fundbands", 2023, "retired", "1950-06-01"), visit("2023-03-01", "level2", "1050"))
    assert deductibles(old) == ["50.00"] and funds(old) == ["800.00"]
    young = run(rf, person("fundbands", 2023, "retired", "1958-06-01"), visit("2023-03-01", "level2", "1050"),
                visit("2023-04-01", "level1", "1000"))
    assert deductibles(young) == ["50.00", "0.00"] and funds(young) == ["750.00", "850.00"]
    emp = run(rf, person("fundbands", 2023, "employed"), visit("2023-03-01", "level2", "1100"))
    assert deductibles(emp) == ["100.00"] and funds(emp) == ["700.00"]  # (1100 − 100) × 70 %


def test_annual_deductible_by_tier(tmp_path):
    """The same entries as an annual deductible: level1 0, level2 100 (employed).
    level1 1000: nothing to meet → 800.00; level2 1100: 100 left of level2's 100 → 1000 × 70 % = 700.00
    (paid 1500, below the band); level2 1000: met → 1000 × 70 % = 700 but the band at 2000 of payout:
    (2000 − 1500) / 70 % = 714.2857… of cost → 500, the other 285.7142… × 50 % = 142.857… → 642.86."""
    rf = load("fund_bands", tmp_path, ("kind: per_visit", "kind: annual"))
    est = run(rf, person("fundbands", 2023, "employed"), visit("2023-02-01", "level1", "1000"),
              visit("2023-03-01", "level2", "1100"), visit("2023-04-01", "level2", "1000"))
    assert deductibles(est) == ["0.00", "100.00", "0.00"]
    assert funds(est) == ["800.00", "700.00", "642.86"]
    # the totals show the largest of the tiers' annual deductibles, 100 (level2's): met 100.00 of it —
    # met at every tier (level1's 0 was met from the start)
    assert (str(est.totals.deductible_met), str(est.totals.annual_deductible)) == ("100.00", "100.00")


# --- the schema --------------------------------------------------------------------------

def test_absent_keys_keep_todays_kinds(rule):
    """Files older than band_basis / cap_basis: bands over cost above the deductible, a cap on payout."""
    for region in ("jiangsu", "jiangxi", "jincheng", "tongliao"):
        for v in rule(region).versions:
            assert v.band_basis is None and v.cap_basis is None
            assert v.bands_over == "above_deductible" and v.cap_over == "fund_paid"


def test_cap_basis_needs_a_cap(tmp_path):
    with pytest.raises(RuleFileError, match="cap_basis is set but annual_cap is null"):
        load("scope_limit", tmp_path, (
            "    annual_cap:\n      - {category: null, amount: 15000, source: {doc: quoted, article: "
            "累加限额为15000元，门诊统筹累计费用达到15000元后，额度用尽}}", "    annual_cap: null"))


@pytest.mark.parametrize("edit", [("band_basis: fund_paid", "band_basis: fund"),
                                  ("band_basis: fund_paid", "band_basis: fund_paid\n    band_basis_note: x")])
def test_band_basis_is_strict(tmp_path, edit):
    with pytest.raises(RuleFileError):
        load("fund_bands", tmp_path, edit)


# --- Beijing states its band basis as an assumption, shown ---------------------------------

def test_beijing_band_basis_is_an_assumption_shown(rule):
    """Beijing employed, hospital 21800 in 2023: deductible 1800, 20000 above it at 70 % = 14000.00 —
    the basis (cost above the deductible) is stated in the file as an assumption and explained."""
    rf = rule("beijing")
    v = rf.versions[0]
    assert v.band_basis == "above_deductible"
    assert rf.assumptions_for("band_basis", v.id) == ("band_over_cost",)
    est = run(rf, person("beijing", 2023, "employed"), visit("2023-03-01", "hospital", "21800"))
    assert funds(est) == ["14000.00"] and "band_over_cost" in est.lines[0].assumptions
    zh = explain(est.lines[0], rf, "zh")
    en = explain(est.lines[0], rf, "en")
    assert "分段依据：年度累计起付标准以上的政策范围内费用（本次前已累计 0.00）" in zh
    assert any(s.startswith("假设：2万元分段按起付标准以上的政策范围内费用年度累计计算") for s in zh)
    assert any(s.startswith("Assumed: The 20,000 band is measured on the year's cumulative policy-scope cost")
               for s in en)


def test_slip_names_a_limit_on_compliant_cost():
    """The slip's summary: 15000 of compliant cost, 15000 − 4000 = 11000.00 left (fund 4000 × 90 % = 3600)."""
    from app.core.slip import build_slip

    rf = load("scope_limit")
    est = run(rf, person("scopelimit", 2023, "employed"), visit("2023-02-01", "level1", "4000"))
    zh = dict(build_slip(est, lang="zh").summary)
    en = dict(build_slip(est, lang="en").summary)
    assert "年度最高支付限额" not in zh and zh["合规费用限额剩余"].replace(",", "") == "11000.00"
    assert "年度累计合规费用限额" in zh and "Annual limit on compliant cost" in en
    yz = load("yangzhou")
    est = run(yz, person("yangzhou", 2023, "employed"), visit("2023-03-01", "level2", "1500"))
    assert dict(build_slip(est, lang="zh").summary)["年度最高支付限额"].replace(",", "") == "8000.00"


def test_reconciliation_looks_up_ratios_in_the_band_of_the_fund_paid():
    """Employed, bands over the fund paid: level2 2100 → (2100 − 100) × 70 % = 1400.00 (paid 1400, though
    2000 of cost is above the deductible); level2 1100 → 600 of payout fills the band: (2000 − 1400) / 70 %
    = 857.142… of cost → 600, the other 142.857… × 50 % = 71.43 → 671.43. The record says 800.00 =
    1000 × 80 %: level 1's ratio in the band the visit began in (payout 1400 < 2000), so the tier is named."""
    from decimal import Decimal

    from app.core.reconcile import Actual, reconcile

    rf = load("fund_bands")
    est = run(rf, person("fundbands", 2023, "employed"), visit("2023-02-01", "level2", "2100"),
              visit("2023-03-01", "level2", "1100"))
    assert funds(est) == ["1400.00", "671.43"]
    rec = reconcile(est, {1: Actual(fund=Decimal("800.00"))})[1]
    assert rec.likely_reason == "ratio_matches_tier" and rec.args["tier"] == ("level1",)
