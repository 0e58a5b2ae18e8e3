"""Figures at the fen edges, where a small slip in the arithmetic changes a result by 0.01 or a note.

Each test names the mistake it is there to catch; the expected figures are worked out by hand
from the rule files' numbers (which cite the policy texts), the arithmetic in the comments.
"""
from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from app.core.case import Person
from app.core.engine import note_texts
from app.core.exchange import import_file

from ._helpers import funds, money, person, run, visit


def test_a_visit_exactly_at_the_cap_is_not_clipped(ruleset):
    """Jiangxi, employed: deductible 600 a year, level1 60 %, cap 1,800.

    visit 1: level1 600 → all deductible, fund 0.00.
    visit 2: level1 3,000 → 3,000 × 60 % = 1,800.00 = the cap left (1,800.00): paid whole,
             nothing clipped (a check ``payable >= left`` would call it clipped).
    visit 3: level1 100 → 60.00 payable, cap left 0.00 → 0.00, the cap is used up.
    """
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"),
              visit("2023-01-05", "level1", "600"), visit("2023-02-05", "level1", "3000"),
              visit("2023-03-05", "level1", "100"))
    assert funds(est) == ["0.00", "1800.00", "0.00"]
    at_cap, after = est.lines[1], est.lines[2]
    assert money(at_cap.payable) == "1800.00" and at_cap.cap_clipped is False
    assert "达到年度最高支付限额" not in note_texts(at_cap, rf)
    assert after.cap_clipped is True and note_texts(after, rf) == ["年度限额已用完"]
    assert money(est.totals.remaining_allowance) == "0.00"


def test_a_visit_clipped_by_one_fen(ruleset):
    """Jiangxi, employed, as above but visit 2 is 3,000.02 → 1,800.012 payable → 1,800.01 after
    rounding; the cap left is 1,800.00, so the fund pays 1,800.00 and the visit is clipped."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"),
              visit("2023-01-05", "level1", "600"), visit("2023-02-05", "level1", "3000.02"))
    line = est.lines[1]
    assert money(line.payable) == "1800.01" and money(line.fund) == "1800.00" and line.cap_clipped is True
    assert note_texts(line, rf) == ["达到年度最高支付限额"]


def test_a_band_straddled_by_one_fen_each_side_is_rounded_once(ruleset):
    """Beijing, employed (unverified figures): deductible 1,800; hospital 70 % up to 20,000 a year
    above the deductible, 60 % above it.

    visit 1: community 21,799.99 → 19,999.99 above the deductible × 90 % = 17,999.991 → 17,999.99.
    visit 2: hospital 0.02 → 0.01 below the band × 70 % = 0.007, 0.01 above × 60 % = 0.006;
             0.013 in all → 0.01 (rounding each piece first would give 0.01 + 0.01 = 0.02).
    """
    rf = ruleset.regions["beijing"]
    est = run(rf, person("beijing", 2023, "employed"),
              visit("2023-02-01", "community", "21799.99"), visit("2023-03-01", "hospital", "0.02"))
    assert funds(est) == ["17999.99", "0.01"]
    straddle = est.lines[1]
    assert [(money(p.amount), p.ratio) for p in straddle.pieces] == [
        ("0.01", Decimal("0.70")), ("0.01", Decimal("0.60"))]
    # the note says what happened, in words
    assert "跨越分段，按段计算" in note_texts(straddle, rf)
    assert "crosses a band threshold: split" in note_texts(straddle, rf, "en")
    assert not any("分段" in n for n in note_texts(est.lines[0], rf))


def test_a_monthly_credit_that_is_not_whole_fen_is_rounded_half_up(ruleset):
    """Jiangxi, employed, contribution base 3,333.33 a month: 2 % = 66.6666 → 66.67 a month (half up;
    truncating would give 66.66); twelve months 800.04."""
    rf = ruleset.regions["jiangxi"]
    who = Person(region="jiangxi", year=2023, category="employed", contribution_base=Decimal("3333.33"))
    est = run(rf, who, visit("2023-12-20", "level1", "100"))
    credits = [c.amount for c in est.account.credits]
    assert [money(c) for c in credits] == ["66.67"] * 12
    assert money(est.account.credited) == "800.04"


def test_a_workbook_amount_with_float_noise_reads_as_the_fen_amount(tmp_path, ruleset):
    """860.30 cannot be held exactly by a binary double: 860.1 + 0.2, as a spreadsheet formula would
    add them, is 860.3000000000001. The workbook keeps that float; the import must read 860.30,
    not refuse it (test data only: the app itself never computes money in float)."""
    noisy = 860.1 + 0.2
    assert repr(noisy) == "860.3000000000001"  # really the noise, not a clean 860.3
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "医疗机构等级", "总费用"])
    ws.append(["2023-03-01", "二级", noisy])
    path = tmp_path / "noise.xlsx"
    wb.save(path)
    preview = import_file(path, ruleset.regions["jiangxi"], 2023)
    assert preview.bad == [] and [r.row.total for r in preview.good] == ["860.30"]


def test_a_ratio_of_four_decimals_is_applied_exactly_and_rounded_half_up(ruleset):
    """Jiangsu, employed, the area's ratio set to 62.55 % (a ratio with four decimals: the kernel
    works in whole fen, so fen × ratio must stay exact), 2021 average wage 115,000: deductible
    1 % = 1,150.00 a year, cap 8 % = 9,200.00. Catches a ratio cut to two decimals (62 % or 63 %),
    a float product, and rounding half-to-even.

    visit 1: level1 1,150.00 → all deductible, fund 0.00.
    visit 2: level1 30.00 → 30.00 × 62.55 % = 18.765 exactly → 18.77 half up
             (half-to-even would give 18.76; 62 % would give 18.60, 63 % 18.90).
    visit 3: level2 0.01 → 0.01 × 62.55 % = 0.006255 → 0.01 (cutting off the sub-fen part: 0.00).
    """
    rf = ruleset.regions["jiangsu"]
    est = run(rf, person("jiangsu", 2023, "employed", average_wage_2021="115000", ratio="0.6255"),
              visit("2023-01-05", "level1", "1150"), visit("2023-02-05", "level1", "30"),
              visit("2023-03-05", "level2", "0.01"))
    assert [money(line.deductible) for line in est.lines] == ["1150.00", "0.00", "0.00"]
    assert funds(est) == ["0.00", "18.77", "0.01"]
    assert [money(line.self_pay) for line in est.lines] == ["1150.00", "11.23", "0.00"]  # 30.00 − 18.77
    assert est.lines[1].ratio == Decimal("0.6255")
    assert est.lines[1].pieces[0].pay == Decimal("18.765")  # recorded unrounded, rounded once
