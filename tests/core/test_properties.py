"""Property tests of the DOMAIN.md invariants over random visit lists, in every bundled region.

Amounts are drawn as integers (fen or whole yuan) and turned into Decimal: no float anywhere.
The caps and deductibles checked against are the ones DOMAIN.md states, not read back from
the engine.
"""
from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.case import Case, Person, Visit
from app.core.engine import settle
from app.core.money import round_fen
from app.core.report import estimate_to_dict

REGIONS = ("tongliao", "jincheng", "jiangxi", "jiangsu", "beijing")
MONEY_RE = re.compile(r"^\d+\.\d\d$")
CENT = Decimal("0.01")

# From DOMAIN.md (Jiangsu: 8 % / 1 % of the supplied wage, computed in the test)
CAPS = {
    "tongliao": {"employed": Decimal("4000"), "retired": Decimal("5000")},
    "jincheng": {"employed": Decimal("1800"), "retired": Decimal("2000")},
    "jiangxi": {"employed": Decimal("1800"), "retired": Decimal("2000")},
    "beijing": None,  # no annual cap
}
ANNUAL_DEDUCTIBLES = {
    "tongliao": {"employed": Decimal("1000"), "retired": Decimal("1000")},
    "jiangxi": {"employed": Decimal("600"), "retired": Decimal("600")},
    "beijing": {"employed": Decimal("1800"), "retired": Decimal("1300")},
    "jincheng": None,  # per visit instead
}
PER_VISIT_DEDUCTIBLE = {"jincheng": {"class1": Decimal("80"), "class2": Decimal("50"), "class3": Decimal("30")}}
RULES_FROM = {"tongliao": date(2022, 10, 1)}  # others: 2023-01-01
TIERS = {
    "tongliao": ("level1", "level2", "level3"),
    "jincheng": ("class1", "class2", "class3"),
    "jiangxi": ("level1", "level2", "level3"),
    "jiangsu": ("level1", "level2", "level3"),
    "beijing": ("community", "hospital"),
}

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _yuan_from_fen(n: int) -> Decimal:
    return Decimal(n) / 100


@st.composite
def visits_st(draw, region: str, year: int, *, whole_yuan: bool, max_visits: int = 8):
    """A list of visits in *year*; amounts as whole yuan or whole fen."""
    unit = st.integers(0, 3000) | st.integers(0, 30000) if whole_yuan else \
        st.integers(0, 300_000) | st.integers(0, 3_000_000)
    to_dec = Decimal if whole_yuan else _yuan_from_fen
    out = []
    for _ in range(draw(st.integers(0, max_visits))):
        total = draw(unit)
        self_funded = draw(st.just(0) | st.integers(0, total))
        class_b = draw(st.just(0) | st.integers(0, total - self_funded))
        designated = draw(st.sampled_from((True, True, True, False)))
        out.append(Visit(
            date=draw(st.dates(date(year, 1, 1), date(year, 12, 31))),
            tier=draw(st.sampled_from(TIERS[region])),
            total=to_dec(total), self_funded=to_dec(self_funded), class_b_copay=to_dec(class_b),
            designated=designated, emergency=draw(st.booleans()),
        ))
    return out


@st.composite
def person_st(draw, region: str, year: int, category: str | None = None):
    category = category or draw(st.sampled_from(("employed", "retired")))
    birth = None
    params: dict[str, Decimal] = {}
    if region == "beijing":
        birth = draw(st.dates(date(1930, 1, 1), date(2000, 12, 31)))
    if region == "jiangsu":
        params["average_wage_2021"] = _yuan_from_fen(draw(st.integers(3_000_000, 30_000_000)))
        ratio = draw(st.sampled_from((None, "0.60", "0.70", "0.85", "1")))
        if ratio:
            params["ratio"] = Decimal(ratio)
    return Person(region=region, year=year, category=category, birth_date=birth, parameters=params)


def expected_cap(region: str, who: Person) -> Decimal | None:
    if region == "jiangsu":
        return round_fen(who.parameters["average_wage_2021"] * Decimal("0.08"))
    caps = CAPS[region]
    return None if caps is None else caps[who.category]


def expected_annual_deductible(region: str, who: Person) -> Decimal | None:
    if region == "jiangsu":
        return round_fen(who.parameters["average_wage_2021"] * Decimal("0.01"))
    d = ANNUAL_DEDUCTIBLES[region]
    return None if d is None else d[who.category]


def whole_fen(value: Decimal) -> bool:
    """No part below the fen (the JSON form then prints it with exactly two decimals)."""
    return value == value.quantize(CENT)


@pytest.mark.parametrize("region", REGIONS)
@PROPS
@given(data=st.data())
def test_settlement_invariants(rule, region, data):
    rf = rule(region)
    year = data.draw(st.sampled_from((2022, 2023, 2024)), label="year")
    who = data.draw(person_st(region, year), label="person")
    visits = data.draw(visits_st(region, year, whole_yuan=False), label="visits")
    est = settle(Case(person=who, visits=tuple(visits)), rf)

    cap = expected_cap(region, who)
    annual_deductible = expected_annual_deductible(region, who)
    starts = RULES_FROM.get(region, date(2023, 1, 1))
    assert len(est.lines) == len(visits)
    assert [line.visit.date for line in est.lines] == sorted(v.date for v in visits)

    for line in est.lines:
        v = line.visit
        scope = v.total - v.self_funded - v.class_b_copay
        assert line.policy_scope == scope
        assert line.fund + line.self_pay == v.total  # fund + self_pay = total
        assert Decimal(0) <= line.fund <= scope  # 0 ≤ fund ≤ policy scope
        assert Decimal(0) <= line.deductible <= scope
        for value in (line.fund, line.self_pay, line.deductible, line.policy_scope):
            assert whole_fen(value), value
        if v.date < starts:  # no rule in force: nothing paid, nothing toward the deductible
            assert line.fund == 0 and line.deductible == 0
        if not v.designated and not (region == "jincheng" and v.emergency):
            assert line.fund == 0 and line.deductible == 0
        if region in PER_VISIT_DEDUCTIBLE:
            assert line.deductible <= PER_VISIT_DEDUCTIBLE[region][v.tier]

    t = est.totals
    assert t.fund == sum((line.fund for line in est.lines), Decimal(0))
    assert t.fund + t.self_pay == t.total
    assert sum(t.fund_by_tier.values(), Decimal(0)) == t.fund
    if cap is not None:
        assert t.fund <= cap  # year fund ≤ annual cap
        if year >= starts.year:
            assert t.annual_cap == cap
            assert t.remaining_allowance == cap - t.fund  # remaining = cap − fund
    else:
        assert t.annual_cap is None and t.remaining_allowance is None
    if annual_deductible is not None:
        assert t.deductible_met <= annual_deductible
        if year >= starts.year:
            assert t.annual_deductible == annual_deductible

    # the JSON form: every money value a string with exactly two decimals
    doc = estimate_to_dict(est, lang="en")
    for item in doc["visits"]:
        for key in ("total", "policy_scope", "deductible", "fund", "self_pay"):
            assert MONEY_RE.match(item[key]), (key, item[key])
    for key in ("total", "policy_scope", "deductible_met", "fund", "self_pay", "annual_cap", "remaining_allowance"):
        value = doc["totals"][key]
        assert value is None and key in ("annual_cap", "remaining_allowance") or MONEY_RE.match(value), (key, value)
    assert all(MONEY_RE.match(x) for x in doc["totals"]["fund_by_tier"].values())


@pytest.mark.parametrize("region", REGIONS)
@PROPS
@given(data=st.data())
def test_a_larger_cost_never_lowers_the_fund(rule, region, data):
    rf = rule(region)
    who = data.draw(person_st(region, 2023), label="person")
    visits = data.draw(visits_st(region, 2023, whole_yuan=True, max_visits=6).filter(bool), label="visits")
    i = data.draw(st.integers(0, len(visits) - 1), label="raised visit")
    extra = Decimal(data.draw(st.integers(1, 20000), label="extra yuan"))
    raised = list(visits)
    raised[i] = visits[i].model_copy(update={"total": visits[i].total + extra})
    before = settle(Case(person=who, visits=tuple(visits)), rf).totals.fund
    after = settle(Case(person=who, visits=tuple(raised)), rf).totals.fund
    assert after >= before


@pytest.mark.parametrize("region", REGIONS)
@PROPS
@given(data=st.data())
def test_a_retiree_never_gets_less_than_an_employed_person(rule, region, data):
    rf = rule(region)
    retired = data.draw(person_st(region, 2023, "retired"), label="person")
    employed = retired.model_copy(update={"category": "employed"})
    visits = tuple(data.draw(visits_st(region, 2023, whole_yuan=False), label="visits"))
    r = settle(Case(person=retired, visits=visits), rf).totals.fund
    e = settle(Case(person=employed, visits=visits), rf).totals.fund
    assert r >= e


@pytest.mark.parametrize("region", REGIONS)
@PROPS
@given(data=st.data())
def test_the_fund_never_pays_the_deductible_part(rule, region, data):
    """Whatever the ratio, the fund pays at most what is left of the policy scope once this visit's
    share of the deductible is taken off (ratios are at most 100 %)."""
    rf = rule(region)
    who = data.draw(person_st(region, 2023), label="person")
    visits = tuple(data.draw(visits_st(region, 2023, whole_yuan=False), label="visits"))
    for line in settle(Case(person=who, visits=visits), rf).lines:
        assert line.fund <= line.policy_scope - line.deductible


@PROPS
@given(data=st.data())
def test_a_higher_ratio_never_pays_less(rule, data):
    """Jiangsu lets the city set the ratio (≥ 60 %): raising it never lowers the year's fund, and never
    lifts it over the cap (8 % of the wage)."""
    rf = rule("jiangsu")
    low, high = sorted(Decimal(n) / 100 for n in data.draw(st.lists(st.integers(60, 100), min_size=2, max_size=2)))
    wage = Decimal(data.draw(st.integers(40_000, 200_000), label="wage"))
    visits = tuple(data.draw(visits_st("jiangsu", 2023, whole_yuan=True), label="visits"))

    def fund(ratio: Decimal) -> Decimal:
        who = Person(region="jiangsu", year=2023, category="employed",
                     parameters={"average_wage_2021": wage, "ratio": ratio})
        return settle(Case(person=who, visits=visits), rf).totals.fund

    assert fund(low) <= fund(high) <= wage * Decimal("0.08")


# --- the explanation adds up (issue 13 §1) ----------------------------------------------
# The explanation is read from what the settlement recorded; its numbers must add up to the
# recorded figures, visit after visit: policy scope = total − self-funded − class-B co-pay; the
# deductible applied = min(scope, what was left of it); the band pieces' amounts sum to the base
# (scope − deductible, within a limit on compliant cost), each piece's pay is amount × ratio and
# their unrounded sum rounds (half up) to payable; payable clipped by what is left of the cap is the
# fund; fund + self_pay = total; each visit starts from the accumulators the previous one ended with.

KIND_FILES = Path(__file__).resolve().parent / "rule_kinds"
KINDS = {"fundbands": ("level1", "level2"), "scopelimit": ("level1", "level3")}  # fund_paid bands; limit on scope
TIERS.update(KINDS)


@functools.cache
def _kind_region(name: str):
    from app.core.rules.loader import load_rule_file

    return load_rule_file(KIND_FILES / ({"fundbands": "fund_bands", "scopelimit": "scope_limit"}[name] + ".yaml"))


@pytest.mark.parametrize("region", REGIONS + tuple(KINDS))
@PROPS
@given(data=st.data())
def test_the_explanation_adds_up_to_the_recorded_fund(rule, region, data):
    if region in KINDS:
        rf = _kind_region(region)
        year = 2023
        who = Person(region=region, year=year, category=data.draw(st.sampled_from(("employed", "retired"))),
                     birth_date=data.draw(st.dates(date(1930, 1, 1), date(2000, 12, 31))))
    else:
        rf = rule(region)
        year = data.draw(st.sampled_from((2022, 2023, 2024)), label="year")
        who = data.draw(person_st(region, year), label="person")
    visits = data.draw(visits_st(region, year, whole_yuan=data.draw(st.booleans())), label="visits")
    est = settle(Case(person=who, visits=tuple(visits)), rf)
    state = None
    for line in est.lines:
        if state is not None:
            assert line.before[0] == state[0] and line.before[2] == state[1]  # carried from the previous visit
        state = (line.deductible_met_after, line.fund_paid_after)
        assert line.fund_paid_after == line.before[2] + line.fund
        steps = line.steps
        args = {s.key: s.args for s in steps}
        scope = args["policy_scope"]
        assert scope["total"] - scope["self_funded"] - scope["class_b_copay"] == scope["scope"] == line.policy_scope
        result = args["result"]
        assert result["fund"] == line.fund and result["fund"] + result["self_pay"] == result["total"] == line.visit.total
        assert line.fund + line.self_pay == line.visit.total
        if line.excluded is not None:
            assert line.fund == 0 and line.deductible == 0 and line.pieces == ()
            assert line.deductible_met_after == line.before[0]
            continue
        assert line.deductible_met_after == line.before[0] + line.deductible
        deductible = args.get("deductible_annual") or args["deductible_per_visit"]
        applied = deductible["applied"]
        assert applied == line.deductible
        if "deductible_annual" in args:
            assert deductible["met"] == line.before[0]
            assert deductible["left"] == max(deductible["amount"] - deductible["met"], 0)
            assert applied == min(scope["scope"], deductible["left"])
        else:
            assert applied == min(scope["scope"], deductible["amount"])
        base = scope["scope"] - applied
        if "limit_scope" in args:  # within what is left of the limit on compliant cost
            limit = args["limit_scope"]
            assert limit["left"] == max(limit["cap"] - limit["counted"], 0)
            assert limit["within"] == min(scope["scope"], limit["left"])
            assert limit["base"] == max(limit["within"] - applied, 0)
            base = min(base, limit["base"])
        assert sum((p.amount for p in line.pieces), Decimal(0)) == base
        assert all(p.pay == p.amount * p.ratio for p in line.pieces)
        if "ratio" in args:  # one band
            r = args["ratio"]
            assert r["scope"] - r["applied"] == base and r["ratio"].value == line.ratio
            payable = r["payable"]
            assert payable == round_fen(base * line.ratio)
        else:
            assert args["ratio_bands"]["base"] == base
            pieces = [s.args for s in steps if s.key in ("band_piece", "band_piece_fund")]
            assert [p["pay"] for p in pieces] == [round_fen(p.pay) for p in line.pieces]
            assert [p["ratio"].value for p in pieces] == [p.ratio for p in line.pieces]
            payable = args["band_total"]["payable"]
            assert payable == round_fen(sum((p.pay for p in line.pieces), Decimal(0)))  # summed, then rounded once
        assert payable == line.payable
        if "cap" in args:
            cap = args["cap"]
            assert cap["paid"] == line.before[2]
            assert cap["left"] == max(cap["cap"] - cap["paid"], 0)
            assert line.fund == min(payable, cap["left"])
            assert ("cap_clipped" in args) == (payable > cap["left"]) == line.cap_clipped
        else:
            assert line.fund == payable
