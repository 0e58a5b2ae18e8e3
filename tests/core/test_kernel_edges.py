"""The kernel's band arithmetic at its edges (issue 16, mutation testing): bands over the fund
paid (the Decimal path, pieces cut at ``(band_to − paid) / ratio``), three bands, a band ending
exactly where the year stands, a piece of less than one yuan, a visit with nothing above the
deductible, and the Decimal path for bands over cost giving the integer path's figures.

Fixtures: ``tests/core/rule_kinds/fund_bands.yaml`` (employed: level1 80 %, level2 70 % with a
100 per-visit deductible, 50 % once the fund has paid 2,000 in the year; cap 3,000 on the fund
paid), changed in the test where said. Every figure is worked out by hand in the docstrings.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.core import kernel
from app.core.engine import explain

from ._helpers import deductibles, funds, money, person, run, visit
from .test_rule_kinds import load

KINDS_ROOT = Path(__file__).resolve().parents[2] / "rules"  # the bundled rule files
EMPLOYED = person("fundbands", 2023, "employed")
# a third band for the employed: 30 % once the fund has paid 2,500; the cap raised to 9,000
THREE_BANDS = (
    ("      - {tier: null, category: retired, band_from: 2000,",
     "      - {tier: null, category: employed, band_from: 2500, ratio: 0.30, source: {doc: made_up, article: 2500元以上30%}}\n"
     "      - {tier: null, category: retired, band_from: 2000,"),
    ("amount: 3000, source: {doc: made_up, article: 年度最高支付限额3000元}",
     "amount: 9000, source: {doc: made_up, article: 年度最高支付限额9000元}"),
)


def _lines(line, rf, lang: str = "zh") -> list[str]:
    """The explanation's lines without their citations."""
    return [s.split("  〔")[0].split("  [")[0] for s in explain(line, rf, lang)]


def test_three_bands_over_the_fund_paid_each_cut_where_the_payout_reaches_it(tmp_path):
    """Bands over the fund paid: 0–2,000 at 80 %, 2,000–2,500 at 50 %, above 2,500 at 30 %.

    visit 1: level1 1,000 → 1,000 × 80 % = 800.00 (paid 800).
    visit 2: level1 3,000: the first band has 2,000 − 800 = 1,200 of payout left, i.e.
             1,200 / 80 % = 1,500 of cost → 1,200.00 (paid 2,000); the second band has
             2,500 − 2,000 = 500 of payout, 500 / 50 % = 1,000 of cost → 500.00 (paid 2,500);
             the other 3,000 − 1,500 − 1,000 = 500 at 30 % → 150.00.  1,200 + 500 + 150 = 1,850.00.
    (Measuring the second band from this visit's first piece only, 1,200, would leave 2,500 − 1,200
    = 1,300 of payout in it and pay all 1,500 at 50 %: 1,950.00.)"""
    rf = load("fund_bands", tmp_path, *THREE_BANDS)
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "1000"), visit("2023-03-01", "level1", "3000"))
    assert funds(est) == ["800.00", "1850.00"]
    assert [(money(p.band_from), money(p.band_to) if p.band_to is not None else None, money(p.amount))
            for p in est.lines[1].pieces] == [
        ("0.00", "2000.00", "1500.00"), ("2000.00", "2500.00", "1000.00"), ("2500.00", None, "500.00")]
    assert _lines(est.lines[1], rf)[3:9] == [
        "分段依据：统筹基金年度累计支付额（本次前已支付 800.00）",
        "分段支付（一级，在职职工），起付标准以上费用 3000.00：",
        "  基金累计支付 0.00–2000.00 段：费用 1500.00 × 80% = 1200.00",
        "  基金累计支付 2000.00–2500.00 段：费用 1000.00 × 50% = 500.00",
        "  基金累计支付 2500.00–∞ 段：费用 500.00 × 30% = 150.00",
        "  合计（四舍五入到分）1850.00"]


def test_a_visit_when_the_payout_stands_exactly_at_a_band_edge_starts_in_the_next_band():
    """visit 1: level1 2,500 → 2,500 × 80 % = 2,000.00: the fund has paid exactly 2,000.
    visit 2: level1 100 → the 80 % band is used up (paid 2,000 ≥ its end 2,000): one piece,
             100 × 50 % = 50.00; the explanation shows no empty 80 % piece and the ratio is 50 %."""
    rf = load("fund_bands")
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "2500"), visit("2023-03-01", "level1", "100"))
    assert funds(est) == ["2000.00", "50.00"]
    second = est.lines[1]
    assert second.ratio == Decimal("0.50")
    assert [(money(p.amount), p.ratio) for p in second.pieces] == [("100.00", Decimal("0.50"))]
    assert [s for s in _lines(second, rf) if "段" in s] == [
        "分段依据：统筹基金年度累计支付额（本次前已支付 2000.00）",
        "分段支付（一级，在职职工），起付标准以上费用 100.00：",
        "  基金累计支付 2000.00–∞ 段：费用 100.00 × 50% = 50.00"]


def test_a_last_piece_of_less_than_one_yuan_is_paid():
    """level1 2,500.50: the 80 % band takes 2,000 / 80 % = 2,500 of cost → 2,000.00; the last
    0.50 at 50 % → 0.25; 2,000.25 in all (not 2,000.00: a piece under one yuan still counts)."""
    rf = load("fund_bands")
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "2500.50"))
    assert funds(est) == ["2000.25"]
    assert [(money(p.amount), p.ratio) for p in est.lines[0].pieces] == [
        ("2500.00", Decimal("0.80")), ("0.50", Decimal("0.50"))]


def test_a_band_at_100_percent_still_ends_where_the_payout_reaches_it(tmp_path):
    """level1 employed at 100 % (changed from 80 %): level1 3,000: the first band holds
    2,000 / 100 % = 2,000 of cost → 2,000.00; the other 1,000 at 50 % → 500.00; 2,500.00 in all
    (paying all 3,000 at 100 % would be 3,000.00)."""
    rf = load("fund_bands", tmp_path, ("{tier: level1, category: employed, ratio: 0.80,",
                                       "{tier: level1, category: employed, ratio: 1.00,"))
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "3000"))
    assert funds(est) == ["2500.00"]
    assert [(money(p.amount), p.ratio) for p in est.lines[0].pieces] == [
        ("2000.00", Decimal("1.00")), ("1000.00", Decimal("0.50"))]


def test_a_visit_within_the_per_visit_deductible_under_bands_over_the_fund_paid():
    """level2 80: the per-visit deductible is 100, so all 80 is deductible and nothing is above
    it: one empty piece in the first band, 0.00 × 70 % = 0.00; fund 0.00, ratio 70 %."""
    rf = load("fund_bands")
    est = run(rf, EMPLOYED, visit("2023-02-01", "level2", "80"))
    assert deductibles(est) == ["80.00"] and funds(est) == ["0.00"]
    line = est.lines[0]
    assert line.ratio == Decimal("0.70")
    assert [(money(p.amount), p.ratio) for p in line.pieces] == [("0.00", Decimal("0.70"))]
    assert "  基金累计支付 0.00–2000.00 段：费用 0.00 × 70% = 0.00" in _lines(line, rf)


BANDS_OVER_COST = THREE_BANDS + (("band_basis: fund_paid", "band_basis: above_deductible"),)


@pytest.fixture(params=["fen", "decimal"])
def path(request, monkeypatch):
    """Settle on the integer-fen path, or with the band pieces forced onto the Decimal path (taken
    when a band threshold is not a whole number of fen): both must give the same figures."""
    if request.param == "decimal":
        real = kernel.RuleEntry.__post_init__

        def post_init(self):
            real(self)
            object.__setattr__(self, "int_bands", None)

        monkeypatch.setattr(kernel.RuleEntry, "__post_init__", post_init)
    return request.param


def test_three_bands_over_cost_each_cut_at_its_own_threshold(tmp_path, path):
    """Bands over cost above the deductible: 0–2,000 at 80 %, 2,000–2,500 at 50 %, above at 30 %.

    visit 1: level1 1,000 → 800.00 (cost counted 1,000).
    visit 2: level1 2,000 is cost 1,000–3,000: 1,000 × 80 % = 800, 500 × 50 % = 250,
             500 × 30 % = 150 → 1,200.00."""
    rf = load("fund_bands", tmp_path, *BANDS_OVER_COST)
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "1000"), visit("2023-03-01", "level1", "2000"))
    assert funds(est) == ["800.00", "1200.00"]
    assert [(money(p.amount), p.ratio) for p in est.lines[1].pieces] == [
        ("1000.00", Decimal("0.80")), ("500.00", Decimal("0.50")), ("500.00", Decimal("0.30"))]


def test_a_year_standing_exactly_at_a_band_threshold_goes_on_in_the_next_band(tmp_path, path):
    """visit 1: level1 2,500: 2,000 × 80 % + 500 × 50 % = 1,600 + 250 = 1,850.00; the cost counted
               stands exactly at the 2,500 threshold.
    visit 2: level2 80, all of it the 100 per-visit deductible: nothing above it, shown as an empty
             piece in the band the year stands in, the 30 % one (not the 50 % band that ends there).
    visit 3: level1 100 → one piece, 100 × 30 % = 30.00 (no empty 50 % piece before it)."""
    rf = load("fund_bands", tmp_path, *BANDS_OVER_COST)
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "2500"), visit("2023-03-01", "level2", "80"),
              visit("2023-04-01", "level1", "100"))
    assert funds(est) == ["1850.00", "0.00", "30.00"]
    empty, after = est.lines[1], est.lines[2]
    assert empty.ratio == Decimal("0.30")
    assert [(money(p.amount), p.ratio) for p in empty.pieces] == [("0.00", Decimal("0.30"))]
    assert [(money(p.amount), p.ratio) for p in after.pieces] == [("100.00", Decimal("0.30"))]
    assert "  年度累计 2500.00–∞ 段：100.00 × 30% = 30.00" in _lines(after, rf)


# --- what an unpaid visit records; the year; a rule change mid-year; rounding at the fen ------------

def test_an_unpaid_visit_records_nothing_payable_nothing_clipped_and_only_its_own_assumption(ruleset):
    """Jiangxi: a non-designated visit, a family member's emergency (at a designated place), and a
    non-designated emergency. None is paid: payable 0.00, not clipped. Only the last rests on the
    assumption that an emergency at a non-designated place is not paid."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-02-01", "level1", "100", designated=False),
              visit("2023-02-02", "level1", "100", patient="family", emergency=True),
              visit("2023-02-03", "level1", "100", designated=False, emergency=True))
    assert [line.excluded for line in est.lines] == ["non_designated", "family_member", "non_designated"]
    assert [money(line.payable) for line in est.lines] == ["0.00"] * 3 and funds(est) == ["0.00"] * 3
    assert [line.cap_clipped for line in est.lines] == [False, False, False]
    assert [line.assumptions for line in est.lines] == [(), (), ("non_designated_emergency_unpaid",)]


def test_a_visit_outside_the_year_is_refused_where_visits_come_without_a_case(ruleset):
    """The worksheet and the batch settle (index, visit) pairs, not a Case (which refuses such a
    visit itself): the settlement refuses a visit outside the person's year, naming the visit."""
    from app.core.engine import CaseError, Settler, settle_indexed

    rf = ruleset.regions["jiangxi"]
    settler = Settler(rf, person("jiangxi", 2023, "employed"))
    with pytest.raises(CaseError, match=r"^visit on 2022-12-31 is outside the year 2023$") as err:
        settle_indexed(settler, [(0, visit("2023-01-05", "level1", "100")), (4, visit("2022-12-31", "level1", "100"))])
    assert err.value.visit == 4 and err.value.field == "date"


def _jiangxi_lowered_mid_year(tmp_path):
    """Jiangxi with a second (made-up) version from 2023-07-01: deductible 300, cap 1,000."""
    text = (KINDS_ROOT / "jiangxi.yaml").read_text(encoding="utf-8")
    a, b = text.index("  - id: jiangxi-2023\n"), text.index("personal_account:")
    block = text[a:b]
    second = (block.replace("id: jiangxi-2023\n", "id: jiangxi-2023b\n")
              .replace("effective_from: 2023-01-01", "effective_from: 2023-07-01")
              .replace("amount: 600, source: {doc: jx2022, article: 二、（一）起付线600元}",
                       "amount: 300, source: {doc: jx2022, article: 起付线300元（测试用）}")
              .replace("amount: 1800, source: {doc: jx2022, article: 二、（一）最高支付限额1800元}",
                       "amount: 1000, source: {doc: jx2022, article: 最高支付限额1000元（测试用）}"))
    path = tmp_path / "jiangxi.yaml"
    path.write_text(text[:a] + block.replace("effective_to: null", "effective_to: 2023-06-30") + second + text[b:],
                    encoding="utf-8")
    from app.core.rules.loader import load_rule_file

    return load_rule_file(path)


def test_a_lower_deductible_and_cap_from_mid_year_when_more_is_already_met_and_paid(tmp_path):
    """Until June: deductible 600, cap 1,800; from July: deductible 300, cap 1,000 (the year's
    accumulators carry on).

    visit 1 (February): level1 3,600 → 600 deductible, 3,000 × 60 % = 1,800.00 (the cap).
    visit 2 (August): the 600 met is above the new 300: nothing more to meet (not −300);
             100 × 60 % = 60.00 payable; paid 1,800 is above the new cap 1,000: 0.00 left → fund 0.00."""
    rf = _jiangxi_lowered_mid_year(tmp_path)
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-02-01", "level1", "3600"),
              visit("2023-08-01", "level1", "100"))
    assert deductibles(est) == ["600.00", "0.00"]
    assert funds(est) == ["1800.00", "0.00"]
    second = est.lines[1]
    assert money(second.payable) == "60.00" and second.cap_clipped is True


def test_a_pay_of_half_a_fen_less_a_hair_rounds_down(tmp_path):
    """Bands over cost, level1 employed at 51 % (changed from 80 %), no deductible: level1 0.99 →
    0.99 × 51 % = 0.5049 → 0.50 (half up applies from 0.505 on)."""
    rf = load("fund_bands", tmp_path, ("band_basis: fund_paid", "band_basis: above_deductible"),
              ("{tier: level1, category: employed, ratio: 0.80,", "{tier: level1, category: employed, ratio: 0.51,"))
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "0.99"), visit("2023-02-02", "level1", "0.01"))
    # 0.01 × 51 % = 0.0051 → 0.01
    assert funds(est) == ["0.50", "0.01"]


def test_a_limit_on_compliant_cost_below_the_deductible(tmp_path):
    """Limit on compliant cost 500, annual deductible 600 (the scope-limit fixture changed), bands
    90 % / 80 %:
    visit 1: 1,000 → 600 deductible; only 500 of cost is within the limit, all of it deductible:
             nothing is paid (500 − 600 < 0 → 0), clipped by the limit; fund 0.00.
    visit 2: 0.50 → the limit is used up (0.00 left): fund 0.00, "used up"."""
    rf = load("scope_limit", tmp_path, ("amount: 0,", "amount: 600,"), ("amount: 15000,", "amount: 500,"))
    est = run(rf, person("scopelimit", 2023, "employed"), visit("2023-02-01", "level1", "1000"),
              visit("2023-03-01", "level1", "0.50"))
    assert deductibles(est) == ["600.00", "0.00"] and funds(est) == ["0.00", "0.00"]
    assert [line.cap_clipped for line in est.lines] == [True, True]
    assert explain(est.lines[0], rf)[3] == (
        "年度累计合规费用限额 500.00（限额按政策范围内费用计，不按基金支付额），此前已累计 0.00，剩余 500.00；"
        "本次计入限额的费用 500.00，其中起付标准以上 0.00 按比例支付"
        "  〔依据：" + rf.documents["quoted"].title + "，累加限额为15000元，门诊统筹累计费用达到15000元后，额度用尽〕")
    from app.core.engine import note_texts

    assert note_texts(est.lines[0], rf) == ["本次达到起付标准", "达到年度累计合规费用限额"]
    assert note_texts(est.lines[1], rf) == ["年度累计合规费用限额已用尽"]


def test_a_band_threshold_that_is_not_a_whole_fen(tmp_path):
    """Bands over cost with the threshold at 2,000.005 (a rule file may state one): level1 2,000.01 →
    2,000.005 × 80 % + 0.005 × 50 % = 1,600.004 + 0.0025 = 1,600.0065 → 1,600.01."""
    rf = load("fund_bands", tmp_path, ("band_basis: fund_paid", "band_basis: above_deductible"),
              ("category: employed, band_from: 2000,", "category: employed, band_from: 2000.005,"))
    est = run(rf, EMPLOYED, visit("2023-02-01", "level1", "2000.01"))
    assert funds(est) == ["1600.01"]
    assert [(str(p.amount), p.ratio) for p in est.lines[0].pieces] == [
        ("2000.005", Decimal("0.80")), ("0.005", Decimal("0.50"))]


def test_the_account_pays_the_whole_patient_share_of_a_visit_without_self_funded_items(ruleset):
    """Jiangxi, employed, contribution base 5,000: 2 % = 100.00 credited each month from January.
    level1 100 on 10 March: all of it deductible, patient share 100.00; no self-funded items (which
    the account pays only from 2024), so the account (300.00 by then) pays all 100.00, cash 0.00."""
    from app.core.case import Person

    rf = ruleset.regions["jiangxi"]
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=Decimal("5000"))
    est = run(rf, who, visit("2023-03-10", "level1", "100"))
    pay = est.account.payments[0]
    assert (money(pay.account), money(pay.cash)) == ("100.00", "0.00")


def test_checked_columns_mark_the_rows_the_special_path_settles():
    """A claims file's rows as the kernel's columns (amounts in fen): the policy scope is total − self-funded
    − class-B co-pay; only a designated visit of the insured person without an exclusion goes the plain
    path (None), every other row carries (designated, emergency, patient, exclusion) and no check flag
    (the caller has checked it). 1,000.00 − 100.00 − 50.00 = 850.00 in scope."""
    rows = [(738000, "level1", 100000, 10000, 5000, True, False, "self", None),
            (738001, "level2", 100000, 0, 0, False, True, "self", None),
            (738002, "level1", 100000, 0, 0, True, False, "family", None),
            (738003, "level3", 100000, 0, 0, True, False, "self", "work_injury")]
    days, tiers, totals, funded, scopes, specials = kernel.checked_columns(rows)
    assert list(days) == [738000, 738001, 738002, 738003] and tiers == ["level1", "level2", "level1", "level3"]
    assert list(totals) == [100000] * 4 and list(funded) == [10000, 0, 0, 0]
    assert list(scopes) == [85000, 100000, 100000, 100000]
    assert specials == [None, (False, True, "self", None, False), (True, False, "family", None, False),
                        (True, False, "self", "work_injury", False)]


def test_settling_again_from_kept_rows_leaves_one_entry_per_row_in_every_column(ruleset):
    """settle_indexed with the previous estimate keeps the rows before the first visit that differs
    and settles the rest onto a copy of them. Jiangxi, employed (deductible 600 a year, level1 60 %):
      01-05 level1 300 → all 300 into the deductible, fund 0.00;
      02-05 level1 500 → 600 − 300 = 300 of the deductible left; (500 − 300) × 60 % = 120.00;
      03-05 level1 100 → 100 × 60 % = 60.00; replaced by 200 → 200 × 60 % = 120.00.
    The first two rows are kept (same visits, same place), the third settled again: every column
    of the record then holds 3 entries, one per visit — the columns the kernel sizes before its loop
    sized for the 3 − 2 = 1 new row (not 3 + 2 = 5, which would leave 2 rows of zeros behind)."""
    from app.core.engine import Settler, settle_indexed

    rf = ruleset.regions["jiangxi"]
    settler = Settler(rf, person("jiangxi", 2023, "employed"))
    one, two = visit("2023-01-05", "level1", "300"), visit("2023-02-05", "level1", "500")
    first, _ = settle_indexed(settler, [(0, one), (1, two), (2, visit("2023-03-05", "level1", "100"))])
    assert funds(first) == ["0.00", "120.00", "60.00"]
    again, after = settle_indexed(settler, [(0, one), (1, two), (2, visit("2023-03-05", "level1", "200"))], first)
    assert funds(again) == ["0.00", "120.00", "120.00"]
    rec = again.lines.record
    lengths = {name: len(column) for name, column in vars(rec).items()
               if name not in ("p_band", "p_amount", "p_pay", "_visits", "src")}
    assert lengths == dict.fromkeys(lengths, 3) and len(rec) == 3
    # the fund paid after the year: 0 + 120 + 120 = 240.00; the deductible met: 600.00
    assert (money(after.fund_paid), money(after.deductible_met)) == ("240.00", "600.00")
