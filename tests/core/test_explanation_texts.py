"""The explanation word for word (issue 16, mutation testing): every line a clerk reads for a
visit, with the rule it cites, the figures restated from the record, the notes.

The expected lines are written from the rule files (their documents' titles and articles, which
cite the policy texts) and the messages in app/core/messages.py; the arithmetic is in the
docstrings.
"""
from __future__ import annotations

from app.core.engine import explain, note_texts

from ._helpers import funds, person, run, visit

JX = "关于建立健全江西省职工基本医疗保险门诊共济保障机制的实施意见"


def _cite(article: str) -> str:
    return f"  〔依据：{JX}，{article}〕"


def test_jiangxi_a_year_to_the_cap_explained_line_by_line(ruleset):
    """Jiangxi, employed: deductible 600 a year, level1 60 %, cap 1,800 (二、（一）).

    visit 1: level1 600: all of it deductible (600 left of 600) → (600 − 600) × 60 % = 0.00.
    visit 2: level1 3,000.02: deductible met (0.00 left) → 3,000.02 × 60 % = 1,800.012 → 1,800.01;
             the cap has 1,800.00 left → clipped to 1,800.00; patient 3,000.02 − 1,800 = 1,200.02.
    visit 3: level1 100 → 60.00, cap left 1,800 − 1,800 = 0.00 → 0.00, the cap used up."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-01-05", "level1", "600"),
              visit("2023-02-05", "level1", "3000.02"), visit("2023-03-05", "level1", "100"))
    assert funds(est) == ["0.00", "1800.00", "0.00"]
    version = f"适用规则：{JX}（2023-01-01 起施行）" + _cite("二、（一）（2023年1月1日起）")
    assert explain(est.lines[0], rf) == [
        "政策范围内费用 = 总费用 600.00 − 全自费 0.00 − 乙类先行自付 0.00 = 600.00",
        version,
        "年度起付标准 600.00，此前已累计 0.00，尚余 600.00；本次计入起付标准 600.00" + _cite("二、（一）起付线600元"),
        "支付比例 60%（一级及以下，在职职工）：(600.00 − 600.00) × 60% = 0.00" + _cite("二、（一）一级及以下60%"),
        "年度最高支付限额 1800.00，此前已支付 0.00，剩余 1800.00" + _cite("二、（一）最高支付限额1800元"),
        "统筹基金支付 0.00；个人负担 = 600.00 − 0.00 = 600.00",
    ]
    assert note_texts(est.lines[0], rf) == ["未超过起付标准"]
    assert explain(est.lines[1], rf) == [
        "政策范围内费用 = 总费用 3000.02 − 全自费 0.00 − 乙类先行自付 0.00 = 3000.02",
        version,
        "年度起付标准 600.00，此前已累计 600.00，尚余 0.00；本次计入起付标准 0.00" + _cite("二、（一）起付线600元"),
        "支付比例 60%（一级及以下，在职职工）：(3000.02 − 0.00) × 60% = 1800.01" + _cite("二、（一）一级及以下60%"),
        "年度最高支付限额 1800.00，此前已支付 0.00，剩余 1800.00" + _cite("二、（一）最高支付限额1800元"),
        "超出年度最高支付限额：本次由 1800.01 截为 1800.00" + _cite("二、（一）最高支付限额1800元"),
        "统筹基金支付 1800.00；个人负担 = 3000.02 − 1800.00 = 1200.02",
    ]
    assert note_texts(est.lines[1], rf) == ["达到年度最高支付限额"]
    assert explain(est.lines[2], rf)[3:] == [
        "支付比例 60%（一级及以下，在职职工）：(100.00 − 0.00) × 60% = 60.00" + _cite("二、（一）一级及以下60%"),
        "年度最高支付限额 1800.00，此前已支付 1800.00，剩余 0.00" + _cite("二、（一）最高支付限额1800元"),
        "超出年度最高支付限额：本次由 60.00 截为 0.00" + _cite("二、（一）最高支付限额1800元"),
        "统筹基金支付 0.00；个人负担 = 100.00 − 0.00 = 100.00",
    ]
    assert note_texts(est.lines[2], rf) == ["年度限额已用完"]


def test_jiangxi_in_english(ruleset):
    """The same second visit in English: the tier's English label, the category's, the citation in
    square brackets."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-01-05", "level1", "600"),
              visit("2023-02-05", "level1", "3000.02"))
    cite = f"  [Source: {JX}, 二、（一）一级及以下60%]"
    assert explain(est.lines[1], rf, "en")[3] == (
        "Ratio 60% (Level 1 and below, employed): (3000.02 − 0.00) × 60% = 1800.01" + cite)
    assert explain(est.lines[1], rf, "en")[-1] == "Fund pays 1800.00; patient pays 3000.02 − 1800.00 = 1200.02"
    assert note_texts(est.lines[1], rf, "en") == ["clipped at the annual cap"]


def test_jiangxi_deductible_notes_at_the_fen(ruleset):
    """Jiangxi, employed, deductible 600 a year:

    visit 1: level1 50, all self-funded → policy scope 0: nothing toward the deductible, no note.
    visit 2: level1 0.80 → all 0.80 deductible (scope > 0): "within the deductible".
    visit 3: level1 599.00 → 599.00 of the 599.20 left: "within the deductible".
    visit 4: level1 100 → the last 0.20 of the deductible: "deductible met during this visit";
             (100 − 0.20) × 60 % = 59.88."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"),
              visit("2023-01-05", "level1", "50", self_funded="50"), visit("2023-01-06", "level1", "0.80"),
              visit("2023-01-07", "level1", "599.00"), visit("2023-01-08", "level1", "100"))
    assert funds(est) == ["0.00", "0.00", "0.00", "59.88"]
    assert [note_texts(line, rf) for line in est.lines] == [
        [], ["未超过起付标准"], ["未超过起付标准"], ["本次达到起付标准"]]
    assert explain(est.lines[3], rf)[2:4] == [
        "年度起付标准 600.00，此前已累计 599.80，尚余 0.20；本次计入起付标准 0.20" + _cite("二、（一）起付线600元"),
        "支付比例 60%（一级及以下，在职职工）：(100.00 − 0.20) × 60% = 59.88" + _cite("二、（一）一级及以下60%"),
    ]
