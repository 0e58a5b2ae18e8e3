"""Each region's own numbers, tier by tier and category by category (and by age where it matters),
written out from DOMAIN.md's reading of the policy texts — so a changed number in any rule file
fails the test named after its region.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.core.rules.schema import ParamRef, pick_entry, ratio_schedule

EMPLOYED, RETIRED = "employed", "retired"


def value(v, params: dict[str, Decimal]) -> Decimal:
    return v.times * params[v.parameter] if isinstance(v, ParamRef) else v


def numbers(rf, on: date, params: dict[str, Decimal] | None = None, ages=(0,)):
    """{(tier, category, age): (deductible, [(band_from, ratio), …], cap)} of the version in force on *on*."""
    params = params or {}
    version = rf.version_on(on)
    out = {}
    for t in rf.tiers:
        for c in (EMPLOYED, RETIRED):
            for age in ages:
                ded = value(pick_entry(version.deductible.entries, t.id, c).amount, params)
                bands = [(band, value(e.ratio, params)) for band, e in ratio_schedule(version, t.id, c, age)]
                cap = value(pick_entry(version.annual_cap, None, c).amount, params) if version.annual_cap else None
                out[(t.id, c, age)] = (ded, bands, cap)
    return version.deductible.kind, out


def D(text: str) -> Decimal:
    return Decimal(text)


def test_tongliao_numbers(ruleset):
    """通辽 第五条: 1,000 a year; 二级及以下 60 %, 三级 50 %; retirees +5 points; cap 4,000 / 5,000."""
    kind, got = numbers(ruleset.regions["tongliao"], date(2023, 6, 1))
    assert kind == "annual"
    expect = {}
    for tier, emp in (("level1", "0.60"), ("level2", "0.60"), ("level3", "0.50")):
        expect[(tier, EMPLOYED, 0)] = (D("1000"), [(D("0"), D(emp))], D("4000"))
        expect[(tier, RETIRED, 0)] = (D("1000"), [(D("0"), D(emp) + D("0.05"))], D("5000"))
    assert got == expect


def test_tongliao_starts_2022_10_01(ruleset):
    rf = ruleset.regions["tongliao"]
    assert rf.version_on(date(2022, 9, 30)) is None and rf.version_on(date(2022, 10, 1)) is not None


def test_jincheng_numbers(ruleset):
    """晋城: per visit 80 / 50 / 30 by fee class; employed 50 / 55 / 60 %, retired 55 / 60 / 65 %;
    cap 1,800 / 2,000."""
    kind, got = numbers(ruleset.regions["jincheng"], date(2023, 6, 1))
    assert kind == "per_visit"
    expect = {}
    for tier, ded, emp, ret in (("class1", "80", "0.50", "0.55"), ("class2", "50", "0.55", "0.60"),
                                ("class3", "30", "0.60", "0.65")):
        expect[(tier, EMPLOYED, 0)] = (D(ded), [(D("0"), D(emp))], D("1800"))
        expect[(tier, RETIRED, 0)] = (D(ded), [(D("0"), D(ret))], D("2000"))
    assert got == expect


def test_jiangxi_numbers(ruleset):
    """江西: 600 a year; 一级及以下 60 %, 二级 55 %, 三级 50 %; retirees +5 points; cap 1,800 / 2,000."""
    kind, got = numbers(ruleset.regions["jiangxi"], date(2023, 6, 1))
    assert kind == "annual"
    expect = {}
    for tier, emp in (("level1", "0.60"), ("level2", "0.55"), ("level3", "0.50")):
        expect[(tier, EMPLOYED, 0)] = (D("600"), [(D("0"), D(emp))], D("1800"))
        expect[(tier, RETIRED, 0)] = (D("600"), [(D("0"), D(emp) + D("0.05"))], D("2000"))
    assert got == expect


@pytest.mark.parametrize("wage,ratio", [("115000", "0.60"), ("98000", "0.70")])
def test_jiangsu_numbers(ruleset, wage, ratio):
    """江苏 (provincial bounds): deductible 1 % and cap 8 % of the area's 2021 average wage, one ratio
    (≥ 60 %) at every tier: 115,000 → 1,150 and 9,200; 98,000 → 980 and 7,840."""
    kind, got = numbers(ruleset.regions["jiangsu"], date(2023, 6, 1),
                        {"average_wage_2021": D(wage), "ratio": D(ratio)})
    assert kind == "annual"
    ded, cap = D(wage) * D("0.01"), D(wage) * D("0.08")
    assert {k: (v[0], v[1], v[2]) for k, v in got.items()} == {
        (t, c, 0): (ded, [(D("0"), D(ratio))], cap)
        for t in ("level1", "level2", "level3") for c in (EMPLOYED, RETIRED)}


def test_jiangsu_ratio_defaults_to_the_60_percent_floor(ruleset):
    rf = ruleset.regions["jiangsu"]
    assert next(p for p in rf.parameters if p.id == "ratio").default == D("0.60")


def test_beijing_numbers(ruleset):
    """北京 (unverified, commonly cited): 1,800 employed / 1,300 retired a year; employed 社区 90 %,
    医院 70 %; retired under 70: 90 % / 85 %; 70 and over: 90 % / 90 %; above 20,000 a year over
    the deductible: employed 60 %, retired 80 %; no annual cap."""
    kind, got = numbers(ruleset.regions["beijing"], date(2023, 6, 1), ages=(69, 70))
    assert kind == "annual"
    band = D("20000")
    expect = {}
    for age in (69, 70):
        expect[("community", EMPLOYED, age)] = (D("1800"), [(D("0"), D("0.90")), (band, D("0.60"))], None)
        expect[("hospital", EMPLOYED, age)] = (D("1800"), [(D("0"), D("0.70")), (band, D("0.60"))], None)
        expect[("community", RETIRED, age)] = (D("1300"), [(D("0"), D("0.90")), (band, D("0.80"))], None)
    expect[("hospital", RETIRED, 69)] = (D("1300"), [(D("0"), D("0.85")), (band, D("0.80"))], None)
    expect[("hospital", RETIRED, 70)] = (D("1300"), [(D("0"), D("0.90")), (band, D("0.80"))], None)
    assert got == expect
