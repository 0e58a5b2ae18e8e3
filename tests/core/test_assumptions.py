"""Issue 11: where the texts are silent the rule file records an assumption, and every figure that
rests on one lists it (per visit, the account, JSON ``totals.assumptions``, the slip, check-rules).
Expected figures by hand from the seed texts."""
from __future__ import annotations

from datetime import date

from app.core.case import Person
from app.core.engine import estimate_assumptions, explain
from app.core.report import estimate_to_dict
from app.core.slip import build_slip

from ._helpers import D, funds, money, run, visit

COMMON_ACCOUNT = ["credit_on_first", "account_before_cash"]


def payments(est):
    return [(money(est.account.payments[l.index].account), money(est.account.payments[l.index].cash))
            for l in est.lines]


def test_every_bundled_file_states_its_assumptions(ruleset):
    for rid, rf in ruleset.regions.items():
        ids = [a.id for a in rf.assumptions]
        assert ids[:2] == COMMON_ACCOUNT, rid
        for a in rf.assumptions:
            assert a.text.zh and a.text.en and a.reason.zh and a.reason.en
    ids = {rid: {a.id for a in rf.assumptions} for rid, rf in ruleset.regions.items()}
    assert "full_deductible_first_year" in ids["tongliao"] and "retiree_on_3_6_percent" in ids["tongliao"]
    assert "beijing_start_2023" in ids["beijing"] and "age_on_credit_day" in ids["beijing"]
    assert "family_use_from_2024" in ids["jiangxi"] and "merged_cells" in ids["jincheng"]
    # Jincheng pays emergencies at non-designated places (四、第5项): nothing to assume there
    assert "non_designated_emergency_unpaid" not in ids["jincheng"]
    assert all("non_designated_emergency_unpaid" in ids[r] for r in ("tongliao", "jiangxi", "jiangsu", "beijing"))


def test_tongliao_full_deductible_in_its_partial_first_year(rule):
    """2022-10-08 level3, scope 1600: deductible 1000 in full (not 3/12 of it) → 600 × 50% = 300.00.
    The same visit in 2023 rests on no such assumption: (1600 − 1000) × 50% = 300.00 too."""
    rf = rule("tongliao")
    est = run(rf, Person(region="tongliao", year=2022, category="employed"), visit("2022-10-08", "level3", "1600"))
    assert funds(est) == ["300.00"] and money(est.lines[0].deductible) == "1000.00"
    assert est.lines[0].assumptions == ("full_deductible_first_year",)
    assert any(line.startswith("假设：2022年10–12月仍按全额年度起付标准") for line in explain(est.lines[0], rf))
    data = estimate_to_dict(est, lang="en")
    assert data["totals"]["assumptions"] == ["full_deductible_first_year"]
    assert data["visits"][0]["assumptions"] == ["full_deductible_first_year"]
    later = run(rf, Person(region="tongliao", year=2023, category="employed"), visit("2023-10-08", "level3", "1600"))
    assert funds(later) == ["300.00"] and later.lines[0].assumptions == ()


def test_unpaid_non_designated_emergency_is_an_assumption_where_the_text_is_silent(rule):
    """Tongliao 第五条 pays costs at designated institutions only and does not mention emergencies:
    2023-03-01 non-designated emergency, level2, 500 → fund 0.00, with the assumption listed.
    Jincheng 四、第5项 pays it (急诊抢救除外): class2 250 → (250 − 50) × 55% = 110.00, nothing assumed."""
    est = run(rule("tongliao"), Person(region="tongliao", year=2023, category="employed"),
              visit("2023-03-01", "level2", "500", designated=False, emergency=True))
    assert funds(est) == ["0.00"] and est.lines[0].assumptions == ("non_designated_emergency_unpaid",)
    jc = run(rule("jincheng"), Person(region="jincheng", year=2023, category="employed"),
             visit("2023-03-01", "class2", "250", designated=False, emergency=True))
    assert funds(jc) == ["110.00"] and jc.lines[0].assumptions == ("merged_cells",)


def test_beijing_start_date_is_shown_as_an_assumption(rule):
    """Retiree born 1953-06-15, 2023: pooling 03-01 hospital 1300 = deductible → 0.00, resting on the
    assumed 2023-01-01 start and on the assumed basis of the 20,000 band (cost above the deductible);
    account 100 × 6 + 110 × 6 = 1260.00 by the age on each 1st (assumed)."""
    rf = rule("beijing")
    est = run(rf, Person(region="beijing", year=2023, category="retired", birth_date=date(1953, 6, 15)),
              visit("2023-03-01", "hospital", "1300"))
    assert funds(est) == ["0.00"] and est.lines[0].assumptions == ("beijing_start_2023", "band_over_cost")
    assert money(est.account.credited) == "1260.00"
    assert est.account.assumptions == ("credit_on_first", "account_before_cash", "age_on_credit_day",
                                       "beijing_start_2023")
    assert estimate_assumptions(est) == ["credit_on_first", "account_before_cash", "age_on_credit_day",
                                         "band_over_cost", "beijing_start_2023"]
    assert any("2023-01-01" in line and "假设" in line for line in explain(est.lines[0], rf))
    # an employed person's credit does not depend on age: that assumption is not listed
    emp = run(rf, Person(region="beijing", year=2023, category="employed", contribution_base=D("5000")),
              visit("2023-03-01", "hospital", "100"))
    assert "age_on_credit_day" not in estimate_assumptions(emp)


def test_jiangxi_family_use_from_the_assumed_2024_01_01(rule):
    """Jiangxi employed, base 6000 → 120.00 a month (二、（二）). 二、（三）: family use and the insured's
    self-funded items "by the end of 2023" — assumed from 2024-01-01.

    2023: 03-01 family level2 300: fund 0; before 2024 the account may not pay → cash 300.00.
          03-02 own level1 1000, self-funded 200: scope 800; (800 − 600) × 60% = 120.00; patient 880.00;
                the account may pay 880 − 200 = 680.00; balance Jan–Mar 360.00 → account 360.00, cash 520.00.
          year: credited 1440.00; paid 360.00; cash 820.00; balance 1080.00.
    2024: 03-01 family level2 300 → the account pays it: Jan–Mar 360.00 → account 300.00, cash 0.00.
    """
    rf = rule("jiangxi")
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=D("6000"))
    est = run(rf, who, visit("2023-03-01", "level2", "300", patient="family"),
              visit("2023-03-02", "level1", "1000", self_funded="200"))
    assert funds(est) == ["0.00", "120.00"]
    assert payments(est) == [("0.00", "300.00"), ("360.00", "520.00")]
    acc = est.account
    assert (money(acc.credited), money(acc.paid), money(acc.cash), money(acc.balance)) == (
        "1440.00", "360.00", "820.00", "1080.00")
    assert all("family_use_from_2024" in est.account.payments[l.index].assumptions for l in est.lines)
    assert "family_use_from_2024" in estimate_to_dict(est)["totals"]["assumptions"]
    later = run(rf, who.model_copy(update={"year": 2024}), visit("2024-03-01", "level2", "300", patient="family"))
    assert payments(later) == [("300.00", "0.00")]
    assert "family_use_from_2024" in later.account.payments[later.lines[0].index].assumptions


def test_jincheng_exclusion_account_use_rests_on_a_stated_reading(rule):
    """work_injury: fund 0 and, as we read it, not the account (owed by others) → cash 300.00;
    out_of_catalogue: fund 0, the account pays it (a cost the person bears) → account 85.00 of Jan's 85.00."""
    est = run(rule("jincheng"), Person(region="jincheng", year=2023, category="retired"),
              visit("2023-01-10", "class1", "300", exclusion="work_injury"),
              visit("2023-01-11", "class1", "100", exclusion="out_of_catalogue"))
    assert payments(est) == [("0.00", "300.00"), ("85.00", "15.00")]
    pays = [est.account.payments[l.index] for l in est.lines]
    assert pays[0].assumptions == ("borne_by_others_not_account",)
    assert "excluded_costs_account_pays" in pays[1].assumptions


def test_the_slip_lists_the_assumptions(rule):
    est = run(rule("tongliao"), Person(region="tongliao", year=2022, category="employed", contribution_base=D("5000")),
              visit("2022-10-08", "level3", "1600"))
    notes = build_slip(est, lang="en", printed=date(2026, 1, 1)).notes
    assert any(n.startswith("Assumed: In Oct–Dec 2022 the full annual deductible") for n in notes)
