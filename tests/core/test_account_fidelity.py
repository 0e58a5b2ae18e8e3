"""Issue 11: the personal account never pays what the texts forbid, and an exclusion the rules in
force do not list is refused rather than paid silently. Figures by hand from the seed texts."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.case import Person
from app.core.engine import CaseError
from app.core.report import estimate_to_dict
from app.core.rules.loader import load_rule_file
from app.core.worksheet import Row, RowError, row_to_visit
from rule_copies import RULES, replace_once

from ._helpers import D, funds, money, run, visit


def payments(est):
    return [(money(est.account.payments[l.index].account), money(est.account.payments[l.index].cash))
            for l in est.lines]


def test_jincheng_account_refuses_what_the_texts_forbid(rule):
    """Jincheng retiree, 85.00 a month credited on the 1st (晋市医保发〔2022〕22号 二), opening balance 0.

    01-10 class1 300, public_health (国办发〔2021〕14号 四: 不得用于公共卫生费用): fund 0 → cash 300.00
    01-11 class2 200, fitness_checkup (same article: 体育健身、养生保健): fund 0 → cash 200.00
    01-12 class3 100, no_card (四: 须凭医保电子凭证或社会保障卡…直接结算): fund 0 → cash 100.00
    01-13 class1 150, resident_elsewhere_non_designated (item 11, a non-designated place): cash 150.00
    01-20 class1 300, no exclusion: (300 − 80) × 55% = 121.00; patient 179.00; balance 85.00
          → account 85.00, cash 94.00; balance 0.00
    02-01 class1 50, out_of_catalogue (the account pays costs the person bears at designated
          places): fund 0; patient 50.00; Feb +85.00 → account 50.00, cash 0.00; balance 35.00
    year: credited 12 × 85 = 1020.00; paid 85 + 50 = 135.00;
          cash 300 + 200 + 100 + 150 + 94 = 844.00; balance 1020 − 135 = 885.00
    """
    who = Person(region="jincheng", year=2023, category="retired")
    est = run(rule("jincheng"), who,
              visit("2023-01-10", "class1", "300", exclusion="public_health"),
              visit("2023-01-11", "class2", "200", exclusion="fitness_checkup"),
              visit("2023-01-12", "class3", "100", exclusion="no_card"),
              visit("2023-01-13", "class1", "150", exclusion="resident_elsewhere_non_designated"),
              visit("2023-01-20", "class1", "300"),
              visit("2023-02-01", "class1", "50", exclusion="out_of_catalogue"))
    assert funds(est) == ["0.00", "0.00", "0.00", "0.00", "121.00", "0.00"]
    assert payments(est) == [("0.00", "300.00"), ("0.00", "200.00"), ("0.00", "100.00"), ("0.00", "150.00"),
                             ("85.00", "94.00"), ("50.00", "0.00")]
    refused = [est.account.payments[l.index].refused for l in est.lines]
    assert refused == ["public_health", "fitness_checkup", "no_card", "resident_elsewhere_non_designated",
                       None, None]
    acc = est.account
    assert (money(acc.credited), money(acc.paid), money(acc.cash), money(acc.balance)) == (
        "1020.00", "135.00", "844.00", "885.00")
    data = estimate_to_dict(est)
    assert [v["account_paid"] for v in data["visits"]] == ["0.00", "0.00", "0.00", "0.00", "85.00", "50.00"]


def test_a_family_members_public_health_cost_is_not_paid_by_the_account(rule):
    """Family use (家庭共济) does not lift the ban: opening balance 500.00, Jan +85.00 = 585.00.

    01-05 family, class2 120, public_health: fund 0 (family), account refused → cash 120.00.
    01-06 family, class2 120: fund 0 (family) → account 120.00, cash 0.00.
    """
    who = Person(region="jincheng", year=2023, category="retired", opening_balance=D("500"))
    est = run(rule("jincheng"), who,
              visit("2023-01-05", "class2", "120", patient="family", exclusion="public_health"),
              visit("2023-01-06", "class2", "120", patient="family"))
    assert payments(est) == [("0.00", "120.00"), ("120.00", "0.00")]


def test_every_exclusion_declares_whether_the_account_pays_it_with_a_source(ruleset):
    for rf in ruleset.regions.values():
        for v in rf.versions:
            for x in v.exclusions:
                assert x.account_pays.source.doc in rf.documents
    jc = {x.id: x.account_pays.value for x in ruleset.regions["jincheng"].versions[0].exclusions}
    assert [k for k, v in jc.items() if not v] == [
        "work_injury", "third_party", "public_health", "fitness_checkup", "no_card",
        "resident_elsewhere_non_designated"]


def test_a_rule_file_without_account_pays_is_refused(tmp_path):
    text = (RULES / "jincheng.yaml").read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if "{id: public_health," in l)
    cut = line[:line.index(", account_pays:")] + "}"
    path = tmp_path / "jincheng.yaml"
    path.write_text(replace_once(text, line, cut), encoding="utf-8")
    from app.core.rules.loader import RuleFileError
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    assert "account_pays" in str(info.value)


def _two_versions(rf):
    """Jincheng split at 2023-07-01, the second version without the work-injury exclusion."""
    v = rf.versions[0]
    first = v.model_copy(update={"id": "jc-h1", "effective_to": date(2023, 6, 30)})
    second = v.model_copy(update={"id": "jc-h2", "effective_from": date(2023, 7, 1),
                                  "exclusions": [x for x in v.exclusions if x.id != "work_injury"]})
    return rf.model_copy(update={"versions": [first, second]})


def test_an_exclusion_unknown_to_the_version_in_force_is_refused(rule):
    """Before the fix the 08-01 visit was paid silently: (300 − 80) × 50% = 110.00.

    03-01 work_injury under jc-h1 (lists it): fund 0.00. 08-01 work_injury under jc-h2 (does not):
    refused for that visit, in the engine and in the window's row check.
    """
    rf = _two_versions(rule("jincheng"))
    who = Person(region="jincheng", year=2023, category="employed")
    assert funds(run(rf, who, visit("2023-03-01", "class1", "300", exclusion="work_injury"))) == ["0.00"]
    with pytest.raises(CaseError) as info:
        run(rf, who, visit("2023-03-01", "class1", "300"), visit("2023-08-01", "class1", "300", exclusion="work_injury"))
    assert info.value.field == "exclusion" and info.value.visit == 1
    assert "2023-08-01" in info.value.text("zh") and "work_injury" in str(info.value)
    row = Row(date="2023-08-01", tier="class1", total="300", exclusion="work_injury")
    err = row_to_visit(row, 2023, rf)
    assert isinstance(err, RowError) and err.code == "exclusion_not_in_force"
    assert "2023-08-01" in err.text("en") and "2023-08-01" in err.text("zh")
    assert not isinstance(row_to_visit(Row(date="2023-03-01", tier="class1", total="300", exclusion="work_injury"),
                                       2023, rf), RowError)


# --- defect 2: months without an account rule are unknown, not 0.00 ------------------------

def test_tongliao_2022_months_before_the_account_rule_are_unknown(rule):
    """Tongliao retiree, 2022, average_pension_2021 3000 (a figure for the test), opening balance 100.00
    read as the balance on 2022-10-01 (the first month with an account rule, 第十条).

    Jan–Sep: no account rule (the 3.6 % standard's base is not in the text) → unknown, listed missing.
    Oct–Dec: 3000 × 3 % = 90.00 a month (assumed: the person was on the 3.6 % standard).
    09-15 level2 900: no pooling rule → fund 0; account unknown (no split).
    10-08 level3 1600: deductible 1000 in full (assumed) → 600 × 55 % = 330.00; patient 1270.00;
          100 + 90 = 190.00 → account 190.00, cash 1080.00; balance 0.00.
    12-01 level1 100: 100 × 65 % = 65.00; patient 35.00; Nov + Dec 180.00 → account 35.00, cash 0.00.
    year: credited 3 × 90 = 270.00; paid 225.00; cash 1080.00; balance 100 + 270 − 225 = 145.00.
    """
    who = Person(region="tongliao", year=2022, category="retired", opening_balance=D("100"),
                 parameters={"average_pension_2021": D("3000")})
    est = run(rule("tongliao"), who, visit("2022-09-15", "level2", "900"), visit("2022-10-08", "level3", "1600"),
              visit("2022-12-01", "level1", "100"))
    assert funds(est) == ["0.00", "330.00", "65.00"]
    acc = est.account
    assert [c.amount for c in acc.credits][:9] == [None] * 9
    assert {c.amount for c in acc.credits[9:]} == {D("90.00")}
    assert acc.unknown_months == tuple(range(1, 10)) and acc.from_month == 10
    assert est.lines[0].index not in acc.payments
    assert [(money(acc.payments[l.index].account), money(acc.payments[l.index].cash)) for l in est.lines[1:]] == [
        ("190.00", "1080.00"), ("35.00", "0.00")]
    assert (money(acc.credited), money(acc.paid), money(acc.cash), money(acc.balance)) == (
        "270.00", "225.00", "1080.00", "145.00")
    data = estimate_to_dict(est, lang="en")
    assert data["account"]["missing"] == [f"no_account_rule:2022-{m:02d}" for m in range(1, 10)]
    assert [c["amount"] for c in data["account"]["monthly_credits"]][8:10] == [None, "90.00"]
    assert data["visits"][0]["account_paid"] is None and data["visits"][0]["cash_paid"] is None
    assert data["totals"]["assumptions"] == ["credit_on_first", "account_before_cash", "full_deductible_first_year",
                                             "retiree_on_3_6_percent"]
    note = data["account"]["notes"][0]
    assert "2022-10-01" in note and "1–9/2022" in note and data["account"]["unknown_months"] == list(range(1, 10))


def test_a_year_without_any_account_rule_is_unknown(rule):
    """Jiangxi 2022 (rules from 2023-01-01): the pooling pays nothing and the account is unknown:
    no credited 0.00, but twelve months missing and null totals."""
    who = Person(region="jiangxi", year=2022, category="employed", contribution_base=D("6000"))
    est = run(rule("jiangxi"), who, visit("2022-12-30", "level1", "1500"))
    assert funds(est) == ["0.00"]
    assert not est.account.complete and est.account.credited is None
    data = estimate_to_dict(est)
    assert data["totals"]["account_credit"] is None and data["totals"]["account_balance"] is None
    assert data["account"]["missing"] == [f"no_account_rule:2022-{m:02d}" for m in range(1, 13)]
    assert data["account"]["notes"][0].startswith("2022年没有有效的个人账户规则")


# --- defects 6 and 10: labels say what the texts say ----------------------------------------

def test_no_card_label_is_the_whole_of_item_9_and_readme_counts_14(rule):
    x = next(x for x in rule("jincheng").versions[0].exclusions if x.id == "no_card")
    # 四、第9项: 在统筹区内非门诊统筹定点医药机构，或在门诊统筹定点医药机构但未持医保电子凭证或社会保障卡就医、购药结算
    assert "非门诊统筹定点医药机构" in x.label.zh and "未持医保电子凭证或社会保障卡" in x.label.zh
    assert "not designated" in x.label.en and "without the insurance e-voucher" in x.label.en
    readme = (RULES.parent / "README.md").read_text(encoding="utf-8")
    assert "12 listed exclusions" not in readme and "14 exclusions" in readme


def test_jiangxi_reform_year_is_not_pinned_to_2023(rule):
    # 二、（二）: "根据本意见实施改革当年全省基本养老金平均水平的2.5%" — no year is written
    p = next(p for p in rule("jiangxi").parameters if p.id == "average_pension_reform_year")
    assert "2023" not in p.description.zh and "2023" not in p.description.en
    assert "实施改革当年" in p.description.zh


# --- defect 3: Jincheng's long-term-care contribution comes out of the account --------------

def test_jincheng_long_term_care_contribution_when_given_and_when_not(rule):
    """晋市医保发〔2022〕22号 二: the long-term-care contribution is transferred from the account "按比例",
    rate not given → optional parameter ltc_monthly.

    With ltc_monthly 5.00: each 1st +85.00 then −5.00.
      01-10 class1 300: (300 − 80) × 55 % = 121.00; patient 179.00; balance 80.00 → account 80.00, cash 99.00.
      year: credited 1020.00; deducted 12 × 5 = 60.00; paid 80.00; balance 1020 − 60 − 80 = 880.00.
    Without it: account 85.00, cash 94.00, balance 1020 − 85 = 935.00, and the balance says it leaves it out.
    """
    from app.core.slip import build_slip

    rf = rule("jincheng")
    given = Person(region="jincheng", year=2023, category="retired", parameters={"ltc_monthly": D("5")})
    est = run(rf, given, visit("2023-01-10", "class1", "300"))
    acc = est.account
    assert payments(est) == [("80.00", "99.00")]
    assert (money(acc.credited), money(acc.deducted), money(acc.paid), money(acc.balance)) == (
        "1020.00", "60.00", "80.00", "880.00")
    assert acc.not_deducted == ()
    data = estimate_to_dict(est, lang="en")
    assert data["account"]["deducted"] == "60.00" and data["totals"]["account_balance"] == "880.00"
    assert any("long-term-care" in n and "60.00" in n for n in data["account"]["notes"])

    bare = run(rf, Person(region="jincheng", year=2023, category="retired"), visit("2023-01-10", "class1", "300"))
    assert payments(bare) == [("85.00", "94.00")] and money(bare.account.balance) == "935.00"
    assert bare.account.not_deducted == ("long_term_care",)
    notes = build_slip(bare, lang="zh", printed=date(2026, 1, 1)).notes
    assert "个人账户余额未扣除长期护理保险个人缴费（未填写其金额）" in notes


# --- defect 8: pooling only (单建统筹), no account -------------------------------------------

def test_pooling_only_person_has_no_account_and_is_not_asked_for_a_base(rule):
    """Tongliao 第十一条: 灵活就业单建统筹参保人员不建立个人账户，享受门诊共济保障待遇.
    Employed, no contribution base, pooling only: 03-01 level1 1500 → (1500 − 1000) × 60 % = 300.00;
    patient 1200.00, all cash; nothing credited; no input asked for."""
    from app.core.worksheet import PersonFields, Worksheet, worksheet_from_json, worksheet_to_json

    who = Person(region="tongliao", year=2023, category="employed", pooling_only=True)
    est = run(rule("tongliao"), who, visit("2023-03-01", "level1", "1500"))
    assert funds(est) == ["300.00"]
    acc = est.account
    assert acc.missing == () and acc.pooling_only
    assert payments(est) == [("0.00", "1200.00")]
    assert (money(acc.credited), money(acc.paid), money(acc.cash), money(acc.balance)) == (
        "0.00", "0.00", "1200.00", "0.00")
    data = estimate_to_dict(est)
    assert data["account"]["pooling_only"] is True and data["account"]["missing"] == []
    assert data["account"]["notes"] == ["单建统筹（仅参加门诊统筹）：不建立个人账户，个人负担全部以现金支付"]
    # the case file keeps the option; a file without it is an ordinary person
    ws = Worksheet(PersonFields(region="tongliao", year=2023, pooling_only=True), [])
    assert worksheet_from_json(worksheet_to_json(ws)).person.pooling_only is True
    ws.person.pooling_only = False
    assert "pooling_only" not in worksheet_to_json(ws)
