"""engine.py's rule lookups and read-only views at their edges (issue 16, mutation testing): which
assumptions a paid or unpaid visit rests on (a version starting after 1 January, a single band, an
emergency at a non-designated place), the stretches of days with the same version and age (a version
ending with none after it, a birthday on 29 February, two versions in one year), the texts read from
the rule file, and the views' equality.

Where the bundled rule files have no such case, a copy of one is changed in the test (model_copy),
so every figure stays hand-checkable from the file."""
from __future__ import annotations

from datetime import date

from rule_copies import jiangxi_split

from app.core.case import Person
from app.core.engine import Settler, assumption_texts, region_notes

from ._helpers import D, deductibles, funds, money, person, run, visit


def _assumption(rf, aid: str, **update):
    return rf.model_copy(update={"assumptions": [a.model_copy(update=update) if a.id == aid else a
                                                 for a in rf.assumptions]})


def _version(rf, i: int, **update):
    versions = list(rf.versions)
    versions[i] = versions[i].model_copy(update=update)
    return rf.model_copy(update={"versions": versions})


# --- the texts read from the rule file ----------------------------------------------------------

def test_region_notes_in_each_language(rule):
    rf = rule("jiangsu")
    assert region_notes(rf, "jiangsu-2023") == [
        "按省级指导意见估算：起付标准=2021年平均工资×1%，限额=×8%，以所在统筹地区细则为准",
        "外配处方在定点零售药店结算，支付比例与开具处方的定点医疗机构一致"]
    assert region_notes(rf, "jiangsu-2023", "en") == [
        "Estimate from provincial guidance: deductible = 2021 average wage × 1%, cap × 8%; the city's own rules prevail",
        "Prescriptions filled at a designated pharmacy are paid at the prescribing institution's ratio"]
    assert region_notes(rf, None) == []


def test_assumption_texts_with_and_without_the_reason(rule):
    rf = rule("jiangxi")
    assert assumption_texts(rf, ["credit_on_first", "no_such_id"]) == [
        "假设：个人账户每月1日划入当月金额（理由：文件只规定按月划入，未规定到账日）"]
    assert assumption_texts(rf, ["credit_on_first"], reasons=False) == ["假设：个人账户每月1日划入当月金额"]
    assert assumption_texts(rf, ["credit_on_first"], "en") == [
        "Assumed: Each month's account credit arrives on the 1st of the month (why: The text says monthly, not on which day)"]


# --- the views -------------------------------------------------------------------------------------

def test_lines_are_equal_only_for_the_same_visits(rule):
    rf = rule("jiangxi")
    who = person("jiangxi", 2023, "employed")
    one, two = visit("2023-03-01", "level1", "100"), visit("2023-04-01", "level1", "200")
    both = run(rf, who, one, two)
    again = run(rf, who, one, two)
    first = run(rf, who, one)
    assert both.lines == again.lines and hash(both.lines) == hash(again.lines)
    assert both.lines != first.lines and first.lines != both.lines  # the first visit alone: a prefix, not equal
    assert both.lines[0] == first.lines[0] and hash(both.lines[0]) == hash(first.lines[0])


def test_largest_of_a_year_without_visits_is_none(rule):
    est = run(rule("jiangxi"), person("jiangxi", 2023, "employed"))
    by_index = est.by_index()
    assert by_index.largest("fund") is None and by_index.largest("self_pay") is None
    assert by_index.largest("fund", []) is None


def test_the_deductible_standard_of_a_version(rule):
    """Jiangxi: 600 a year at every tier (二、（一）起付线600元); Beijing: 1,800 employed, 1,300 retired;
    Jincheng: per visit, 80 / 50 / 30 by fee class."""
    rf = rule("jiangxi")
    assert Settler(rf, person("jiangxi", 2023, "employed")).deductible_standard(rf.versions[0], "level3") == D("600")
    bj = rule("beijing")
    retiree = Settler(bj, person("beijing", 2023, "retired", "1950-05-01"))
    assert retiree.deductible_standard(bj.versions[0], "hospital") == D("1300")
    jc = rule("jincheng")  # per visit, by fee class: 80 / 50 / 30
    by_class = Settler(jc, person("jincheng", 2023, "employed"))
    assert [by_class.deductible_standard(jc.versions[0], t) for t in ("class1", "class2", "class3")] == [
        D("80"), D("50"), D("30")]


# --- assumptions a visit rests on --------------------------------------------------------------------

def _with_partial_year_assumption(rf):
    """Jiangxi with a partial_first_year assumption of every version (made from its first one in the test)."""
    extra = rf.assumptions[0].model_copy(update={"id": "partial", "applies_to": "partial_first_year", "versions": []})
    return rf.model_copy(update={"assumptions": [*rf.assumptions, extra]})


def test_a_version_starting_on_1_january_is_not_a_partial_first_year(rule):
    """Jiangxi's version starts on 2023-01-01: a 2023 visit rests on no partial-year assumption."""
    rf = _with_partial_year_assumption(rule("jiangxi"))
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-03-01", "level1", "1000"))
    assert est.lines[0].assumptions == ()


def test_a_version_starting_on_2_january_is_a_partial_first_year(rule):
    """The same, with the version starting on 2023-01-02 (in the test): its first year is partial, and
    the full annual deductible of 600 is an assumption. Level1 1,000 → (1,000 − 600) × 60 % = 240.00."""
    rf = _version(_with_partial_year_assumption(rule("jiangxi")), 0, effective_from=date(2023, 1, 2))
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-03-01", "level1", "1000"))
    assert est.lines[0].assumptions == ("partial",) and funds(est) == ["240.00"]


def test_a_partial_first_year_keeps_the_version_s_own_assumptions(rule):
    """Tongliao with an assumption of every version (applies_to: version, added in the test): a visit in
    the partial year 2022 rests on it and on the full deductible, in that order."""
    rf = rule("tongliao")
    extra = rf.assumptions[0].model_copy(update={"id": "every_version", "applies_to": "version", "versions": []})
    rf = rf.model_copy(update={"assumptions": [*rf.assumptions, extra]})
    est = run(rf, Person(region="tongliao", year=2022, category="employed"), visit("2022-10-08", "level3", "1600"))
    assert est.lines[0].assumptions == ("every_version", "full_deductible_first_year")


def test_one_band_rests_on_no_band_basis(rule):
    """Beijing without its 20,000 bands (removed in the test): one band, so how bands are measured
    (band_over_cost) is not assumed; only the version's start (beijing_start_2023) is.
    Community 2,000 employed: (2,000 − 1,800) × 90 % = 180.00."""
    rf = rule("beijing")
    rf = _version(rf, 0, ratios=[e for e in rf.versions[0].ratios if not e.band_from])
    est = run(rf, person("beijing", 2023, "employed"), visit("2023-03-01", "community", "2000"))
    assert est.lines[0].assumptions == ("beijing_start_2023",) and funds(est) == ["180.00"]


def test_the_band_basis_assumption_of_the_version_in_force(rule):
    """band_over_cost limited to Beijing's version (versions: [beijing-2023-cited], in the test): still found."""
    rf = _assumption(rule("beijing"), "band_over_cost", versions=["beijing-2023-cited"])
    est = run(rf, person("beijing", 2023, "employed"), visit("2023-03-01", "community", "2000"))
    assert est.lines[0].assumptions == ("beijing_start_2023", "band_over_cost")


def test_an_unpaid_emergency_at_a_non_designated_place_rests_on_the_version_and_the_emergency(rule):
    """Beijing does not pay an emergency at a non-designated place (an assumption): the visit rests on the
    version's start and on that; non_designated_emergency_unpaid limited to the version in the test."""
    rf = _assumption(rule("beijing"), "non_designated_emergency_unpaid", versions=["beijing-2023-cited"])
    est = run(rf, person("beijing", 2023, "employed"),
              visit("2023-03-01", "community", "2000", designated=False, emergency=True))
    assert funds(est) == ["0.00"] and est.lines[0].excluded == "non_designated"
    assert est.lines[0].assumptions == ("beijing_start_2023", "non_designated_emergency_unpaid")


# --- stretches of days with the same rules (Settler.span) -------------------------------------------

def test_no_rule_the_day_after_a_version_ends_with_none_after_it(rule):
    """Jiangxi's version ending on 2023-06-30 (in the test): the 06-30 visit is paid, level1 1,000 →
    (1,000 − 600) × 60 % = 240.00; the 07-01 visit has no rule in force and is not paid."""
    rf = _version(rule("jiangxi"), 0, effective_to=date(2023, 6, 30))
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-06-30", "level1", "1000"),
              visit("2023-07-01", "level1", "1000"), visit("2023-07-02", "level1", "1000"))
    assert funds(est) == ["240.00", "0.00", "0.00"]
    assert [line.excluded for line in est.lines] == [None, "no_rule", "no_rule"]


def test_a_retiree_born_on_29_february_is_a_year_older_from_1_march(rule):
    """Beijing retiree born 1956-02-29 (2026 has no 29 February): 70 from 2026-03-01 (age_on).
    Retired deductible 1,300 (起付标准 退休1300元). 02-28: hospital 2,300 at 69 → (2,300 − 1,300) × 85 %
    = 850.00 (退休不满70周岁 医院85%); 03-01: hospital 1,000 at 70 → 1,000 × 90 % = 900.00
    (退休70周岁及以上 医院90%); 03-02 likewise 900.00."""
    rf = rule("beijing")
    est = run(rf, person("beijing", 2026, "retired", "1956-02-29"), visit("2026-02-28", "hospital", "2300"),
              visit("2026-03-01", "hospital", "1000"), visit("2026-03-02", "hospital", "1000"))
    assert funds(est) == ["850.00", "900.00", "900.00"]
    assert [money(line.ratio) for line in est.lines] == ["0.85", "0.90", "0.90"]


def test_two_versions_in_one_year_each_with_its_own_numbers_at_the_same_tier(rule):
    """Jiangxi split at 2023-07-01 (in the test: the second version's deductible 300, employed cap 1,000).
    03-01 level1 1,000 under the first: (1,000 − 600) × 60 % = 240.00 (600 met).
    08-01 level1 3,000 under the second: its deductible 300 is less than the 600 met, nothing left →
    3,000 × 60 % = 1,800.00, clipped to its cap: 1,000 − 240 = 760.00 (the first version's cap would
    leave 1,800 − 240 = 1,560.00)."""
    rf = jiangxi_split(rule("jiangxi"))
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-03-01", "level1", "1000"),
              visit("2023-08-01", "level1", "3000"))
    assert [line.version_id for line in est.lines] == ["jiangxi-2023", "jiangxi-2023b"]
    assert deductibles(est) == ["600.00", "0.00"] and funds(est) == ["240.00", "760.00"]
    t = est.totals
    assert (t.version_id, money(t.annual_deductible), money(t.annual_cap), money(t.remaining_allowance)) == (
        "jiangxi-2023b", "300.00", "1000.00", "0.00")


# --- totals and quotes -------------------------------------------------------------------------------

def test_totals_show_the_version_of_the_last_visit_with_a_rule(rule):
    """Visits in the first half only: the totals show jiangxi-2023's deductible 600 and cap 1,800, not
    those of the version in force later in the year. Level1 1,000 → (1,000 − 600) × 60 % = 240.00;
    level2 200 − 50 self-funded = 150 × 55 % = 82.50 (the deductible met); the allowance left
    1,800 − 240 − 82.50 = 1,477.50. Compliant cost counted: 1,000 + 150 = 1,150.00."""
    est = run(jiangxi_split(rule("jiangxi")), person("jiangxi", 2023, "employed"),
              visit("2023-03-01", "level1", "1000"), visit("2023-04-01", "level2", "200", self_funded="50"))
    t = est.totals
    assert (t.version_id, money(t.annual_deductible), money(t.annual_cap), money(t.remaining_allowance)) == (
        "jiangxi-2023", "600.00", "1800.00", "1477.50")
    assert money(t.scope_counted) == "1150.00"


def test_totals_after_a_last_visit_without_a_rule_show_the_version_of_the_last_ruled_one(rule):
    """Jiangxi split (jiangxi-2023 to 2023-06-30: deductible 600, employed cap 1,800), its second
    version moved to start on 2023-09-01 (300 and 1,000): no rule is in force in July and August.
    03-01 level1 1,000 → (1,000 − 600) × 60 % = 240.00; 08-01 level1 500 → not paid (no rule).
    The last visit has no rule: the totals show the version of the last visit that had one,
    jiangxi-2023 — deductible 600.00, cap 1,800.00, 1,800 − 240 = 1,560.00 left — not the version
    last in force in the year (jiangxi-2023b: 300.00, 1,000.00, 1,000 − 240 = 760.00 left)."""
    rf = _version(jiangxi_split(rule("jiangxi")), 1, effective_from=date(2023, 9, 1))
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-03-01", "level1", "1000"),
              visit("2023-08-01", "level1", "500"))
    assert funds(est) == ["240.00", "0.00"] and [line.excluded for line in est.lines] == [None, "no_rule"]
    t = est.totals
    assert (t.version_id, money(t.annual_deductible), money(t.annual_cap), money(t.remaining_allowance)) == (
        "jiangxi-2023", "600.00", "1800.00", "1560.00")


def test_totals_without_visits_show_the_latest_version_of_the_year(rule):
    """No visits: the totals show the latest version in force during the year (jiangxi-2023b: 300 and
    1,000); the whole cap is left."""
    est = run(jiangxi_split(rule("jiangxi")), person("jiangxi", 2023, "employed"))
    t = est.totals
    assert (t.version_id, money(t.annual_deductible), money(t.annual_cap), money(t.remaining_allowance)) == (
        "jiangxi-2023b", "300.00", "1000.00", "1000.00")


def test_the_versions_in_force_during_the_year_at_its_first_and_last_day(rule):
    """A version in force on 1 January only, or from 31 December only, is in force during the year;
    one starting the next year is not (no visits: the totals name the version, or none)."""
    who = person("jiangxi", 2023, "employed")
    first_day = _version(rule("jiangxi"), 0, effective_to=date(2023, 1, 1))
    last_day = _version(rule("jiangxi"), 0, effective_from=date(2023, 12, 31))
    next_year = _version(rule("jiangxi"), 0, effective_from=date(2024, 1, 1))
    assert run(first_day, who).totals.version_id == "jiangxi-2023"
    assert run(last_day, who).totals.version_id == "jiangxi-2023"
    t = run(next_year, who).totals
    assert (t.version_id, t.annual_deductible, t.annual_cap, t.remaining_allowance) == (None, None, None, None)


def test_a_quote_is_a_visit_outside_the_case(rule):
    """quote_next_visit of 1,000 on 2023-05-01 with no visits before: level1 (1,000 − 600) × 60 % = 240.00,
    level2 × 55 % = 220.00, level3 × 50 % = 200.00; each a probe at index −1, explained like any visit."""
    from app.core.case import Case
    from app.core.engine import explain, quote_next_visit

    rf = rule("jiangxi")
    quote = quote_next_visit(Case(person=person("jiangxi", 2023, "employed"), visits=()), rf, D("1000"),
                             date(2023, 5, 1))
    assert {t: (q.index, money(q.fund)) for t, q in quote.items()} == {
        "level1": (-1, "240.00"), "level2": (-1, "220.00"), "level3": (-1, "200.00")}
    assert explain(quote["level1"], rf)[0] == "政策范围内费用 = 总费用 1000.00 − 全自费 0.00 − 乙类先行自付 0.00 = 1000.00"


def test_settling_one_visit_keeps_its_index(rule):
    from app.core.engine import YearState

    settler = Settler(rule("jiangxi"), person("jiangxi", 2023, "employed"))
    state = YearState()
    assert settler.settle(visit("2023-03-01", "level1", "1000"), state, 5).index == 5
    assert settler.settle(visit("2023-03-02", "level1", "100"), state).index == 0
    assert (money(state.deductible_met), money(state.fund_paid)) == ("600.00", "300.00")  # 240 + 100 × 60 %


def test_a_visit_result_s_repr_names_every_figure_but_the_visit(rule):
    """Jiangxi in 2022, before its rules (2023-01-01): a visit of 300 is not paid; nothing accumulates."""
    est = run(rule("jiangxi"), person("jiangxi", 2022, "employed"), visit("2022-05-01", "level1", "300"))
    zero = "Decimal('0.00')"
    assert repr(est.lines[0]) == (
        f"VisitResult(index=0, policy_scope=Decimal('300.00'), deductible={zero}, ratio=None, pieces=(), "
        f"payable={zero}, fund={zero}, self_pay=Decimal('300.00'), version_id=None, excluded='no_rule', "
        f"cap_clipped=False, deductible_met_after={zero}, fund_paid_after={zero}, "
        f"before=({zero}, {zero}, {zero}, {zero}), assumptions=())")
    assert repr(est.lines) == "Lines(1 visits)"
