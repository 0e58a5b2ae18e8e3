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

import pytest

from app.core import kernel
from app.core.engine import explain

from ._helpers import deductibles, funds, money, person, run, visit
from .test_rule_kinds import load

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
