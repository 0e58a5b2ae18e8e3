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


JC = "晋城市医疗保障局关于做好职工基本医疗保险普通门诊统筹启动工作的通知"
JC_CITE = f"  〔依据：{JC}（晋市医保发〔2022〕22号），"


def test_jincheng_per_visit_deductible_emergency_exclusion_and_family_explained(ruleset):
    """Jincheng, employed: per-visit deductible by fee class (class1 80, class2 50), class1 50 %,
    class2 55 %, cap 1,800; an emergency at a non-designated place is paid (四、第5项).

    visit 1: class2 30 → all 30 within the 50 deductible: (30 − 30) × 55 % = 0.00, "within".
    visit 2: class1 200, emergency at a non-designated place → paid: (200 − 80) × 50 % = 60.00.
    visit 3: class1 100 at a non-designated place, no emergency → not paid.
    visit 4: class1 100 borne by a third party (不予支付情形第2项) → not paid.
    visit 5: class1 100, a family member's → not paid by the fund (the account may pay it)."""
    rf = ruleset.regions["jincheng"]
    est = run(rf, person("jincheng", 2023, "employed"), visit("2023-02-01", "class2", "30"),
              visit("2023-02-02", "class1", "200", designated=False, emergency=True),
              visit("2023-02-03", "class1", "100", designated=False),
              visit("2023-02-04", "class1", "100", exclusion="third_party"),
              visit("2023-02-05", "class1", "100", patient="family"))
    assert funds(est) == ["0.00", "60.00", "0.00", "0.00", "0.00"]
    merged = rf.assumption("merged_cells")
    version = [f"适用规则：{JC}（2023-01-01 起施行）" + JC_CITE + "一（2023年1月1日起）〕",
               f"假设：{merged.text.zh}（理由：{merged.reason.zh}）" + JC_CITE + "四、待遇表〕"]
    lines = [explain(line, rf) for line in est.lines]
    assert lines[0] == [
        "政策范围内费用 = 总费用 30.00 − 全自费 0.00 − 乙类先行自付 0.00 = 30.00", *version,
        "每次起付标准（二类收费）50.00；本次计入起付标准 30.00" + JC_CITE + "四、待遇表（二类收费50元/次）〕",
        "支付比例 55%（二类收费，在职职工）：(30.00 − 30.00) × 55% = 0.00" + JC_CITE + "四、待遇表（二类在职55%）〕",
        "年度最高支付限额 1800.00，此前已支付 0.00，剩余 1800.00" + JC_CITE + "四、待遇表（在职1800元/年）〕",
        "统筹基金支付 0.00；个人负担 = 30.00 − 0.00 = 30.00",
    ]
    assert lines[1][3:] == [
        "非定点机构急诊抢救，按规定纳入门诊统筹支付" + JC_CITE + "四、不予支付情形第5项（急诊抢救除外）〕",
        "每次起付标准（一类收费）80.00；本次计入起付标准 80.00" + JC_CITE + "四、待遇表（一类收费80元/次）〕",
        "支付比例 50%（一类收费，在职职工）：(200.00 − 80.00) × 50% = 60.00" + JC_CITE + "四、待遇表（一类在职50%）〕",
        "年度最高支付限额 1800.00，此前已支付 0.00，剩余 1800.00" + JC_CITE + "四、待遇表（在职1800元/年）〕",
        "统筹基金支付 60.00；个人负担 = 200.00 − 60.00 = 140.00",
    ]
    assert lines[2][3:] == [
        "非定点医药机构发生的费用，统筹基金不支付，也不计入起付标准" + JC_CITE + "四、不予支付情形第5项（急诊抢救除外）〕",
        "统筹基金支付 0.00；个人负担 = 100.00 − 0.00 = 100.00",
    ]
    assert lines[3][3:] == [
        "不予支付情形：应当由第三人负担；统筹基金不支付，也不计入起付标准" + JC_CITE + "四、不予支付情形第2项〕",
        "统筹基金支付 0.00；个人负担 = 100.00 − 0.00 = 100.00",
    ]
    assert lines[4][3:] == [
        "家庭成员就医（家庭共济）：统筹待遇限参保人本人享受，统筹基金不支付；个人负担可由本人个人账户支付"
        + JC_CITE + "四（个人自付部分由本人个人账户、家庭共济账户或现金支付）〕",
        "家庭成员使用个人账户的金额不计入本人起付标准，也不占用本人年度限额",
        "统筹基金支付 0.00；个人负担 = 100.00 − 0.00 = 100.00",
    ]
    assert [note_texts(line, rf) for line in est.lines] == [
        ["未超过起付标准"], ["非定点急诊抢救予以支付"], ["非定点不支付"], ["不予支付：应当由第三人负担"],
        ["家庭成员：个人账户支付"]]
    assert note_texts(est.lines[3], rf, "en") == ["excluded: Borne by a third party"]


def test_jincheng_per_visit_deductible_notes(ruleset):
    """Jincheng, employed, class3 deductible 30 a visit:
    class3 20, all self-funded → scope 0: no note; class3 0.80 → all deductible: "within";
    class3 100 → 30 deductible, 70 × 60 % = 42.00: no note (the deductible is per visit)."""
    rf = ruleset.regions["jincheng"]
    est = run(rf, person("jincheng", 2023, "employed"), visit("2023-02-01", "class3", "20", self_funded="20"),
              visit("2023-02-02", "class3", "0.80"), visit("2023-02-03", "class3", "100"))
    assert funds(est) == ["0.00", "0.00", "42.00"]
    assert [note_texts(line, rf) for line in est.lines] == [[], ["未超过起付标准"], []]


def test_an_unpaid_emergency_at_a_non_designated_place_shows_the_assumption(ruleset):
    """Jiangxi does not say it pays an emergency at a non-designated place: not paid, and the
    assumption it rests on is shown before the line saying so."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"),
              visit("2023-03-01", "level1", "100", designated=False, emergency=True))
    a = rf.assumption("non_designated_emergency_unpaid")
    assert explain(est.lines[0], rf)[2:] == [
        f"假设：{a.text.zh}（理由：{a.reason.zh}）" + _cite("二、（一）（未规定非定点急诊支付）"),
        "非定点机构急诊：本地区规定未将其纳入门诊统筹支付，统筹基金不支付" + _cite("二、（一）（未规定非定点急诊支付）"),
        "统筹基金支付 0.00；个人负担 = 100.00 − 0.00 = 100.00",
    ]
    assert note_texts(est.lines[0], rf) == ["非定点不支付"]


BJ = "  〔依据：健全北京市职工基本医疗保险门诊共济保障机制实施办法（京政办发〔2022〕8号），"
CITED = "  〔依据：常见引用值（未经官方文件核实），"


def test_beijing_a_retiree_over_70_crossing_the_band_explained(ruleset):
    """Beijing, retired, born 1950-06-15 (72 in 2023): deductible 1,300 a year; hospital 90 % from
    70 on; above 20,000 a year (cost above the deductible, an assumption) 80 %; no cap.

    visit 1: hospital 21,000 → 1,300 deductible, 19,700 × 90 % = 17,730.00.
    visit 2: hospital 500 is cost 19,700–20,200: 300 × 90 % = 270.00, 200 × 80 % = 160.00 → 430.00."""
    rf = ruleset.regions["beijing"]
    est = run(rf, person("beijing", 2023, "retired", "1950-06-15"), visit("2023-02-01", "hospital", "21000"),
              visit("2023-03-01", "hospital", "500"))
    assert funds(est) == ["17730.00", "430.00"]
    start, band = rf.assumption("beijing_start_2023"), rf.assumption("band_over_cost")
    assert explain(est.lines[1], rf) == [
        "政策范围内费用 = 总费用 500.00 − 全自费 0.00 − 乙类先行自付 0.00 = 500.00",
        "适用规则：健全北京市职工基本医疗保险门诊共济保障机制实施办法（2023-01-01 起施行）"
        + BJ + "（五）按基本医疗保险规定执行（未列数值）〕",
        f"假设：{start.text.zh}（理由：{start.reason.zh}）" + BJ + "全文（未规定施行日期）〕",
        "年度起付标准 1300.00，此前已累计 1300.00，尚余 0.00；本次计入起付标准 0.00" + CITED + "起付标准 退休1300元〕",
        "分段依据：年度累计起付标准以上的政策范围内费用（本次前已累计 19700.00）",
        f"假设：{band.text.zh}（理由：{band.reason.zh}）" + CITED + "分段〕",
        "分段支付（医院，退休人员，72周岁），起付标准以上费用 500.00：" + CITED + "退休70周岁及以上 医院90%〕",
        "  年度累计 0.00–20000.00 段：300.00 × 90% = 270.00" + CITED + "退休70周岁及以上 医院90%〕",
        "  年度累计 20000.00–∞ 段：200.00 × 80% = 160.00" + CITED + "年度累计2万元以上 退休80%〕",
        "  合计（四舍五入到分）430.00",
        "本规则未设年度最高支付限额",
        "统筹基金支付 430.00；个人负担 = 500.00 − 430.00 = 70.00",
    ]
    assert note_texts(est.lines[1], rf) == ["跨越分段，按段计算"]
    assert explain(est.lines[1], rf, "en")[6] == (
        "Banded payment (Hospital, retired, age 72), amount above the deductible 500.00:"
        "  [Source: 常见引用值（未经官方文件核实）, 退休70周岁及以上 医院90%]")
    assert explain(est.lines[1], rf, "en")[1] == (
        "Rules applied: 健全北京市职工基本医疗保险门诊共济保障机制实施办法 (in force from 2023-01-01)"
        "  [Source: 健全北京市职工基本医疗保险门诊共济保障机制实施办法 (京政办发〔2022〕8号), （五）按基本医疗保险规定执行（未列数值）]")


def test_a_single_ratio_by_age_names_the_age(tmp_path):
    """The fund-bands fixture with one band (the 2,000 threshold removed): retired, 72, level1
    90 % from 70 on: level1 100, no deductible → 100 × 90 % = 90.00, the age in the ratio line."""
    from .test_rule_kinds import load

    rf = load("fund_bands", tmp_path,
              ("      - {tier: null, category: employed, band_from: 2000, ratio: 0.50, source: {doc: made_up, article: 基金累计支付2000元以上 在职50%}}\n", ""),
              ("      - {tier: null, category: retired, band_from: 2000, ratio: 0.60, source: {doc: made_up, article: 基金累计支付2000元以上 退休60%}}\n", ""))
    est = run(rf, person("fundbands", 2023, "retired", "1950-06-15"), visit("2023-02-01", "level1", "100"))
    assert funds(est) == ["90.00"]
    assert explain(est.lines[0], rf)[3] == (
        "支付比例 90%（一级，退休人员，72周岁）：(100.00 − 0.00) × 90% = 90.00  〔依据：示意规则（测试用），一级退休70岁以上90%〕")
    assert explain(est.lines[0], rf, "en")[3] == (
        "Ratio 90% (Level 1, retired, age 72): (100.00 − 0.00) × 90% = 90.00  [Source: 示意规则（测试用）, 一级退休70岁以上90%]")


def test_a_family_member_s_visit_where_no_account_rule_is_in_force(ruleset):
    """Jiangxi without its account rule (personal_account: [] in the test): a family member's visit is
    still not paid by the pooling fund; the family-use line then cites nothing (there is no account
    rule to cite)."""
    rf = ruleset.regions["jiangxi"].model_copy(update={"personal_account": []})
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-03-01", "level1", "100", patient="family"))
    assert explain(est.lines[0], rf)[2:] == [
        "家庭成员就医（家庭共济）：统筹待遇限参保人本人享受，统筹基金不支付；个人负担可由本人个人账户支付",
        "家庭成员使用个人账户的金额不计入本人起付标准，也不占用本人年度限额",
        "统筹基金支付 0.00；个人负担 = 100.00 − 0.00 = 100.00"]
    assert note_texts(est.lines[0], rf) == ["家庭成员：个人账户支付"]


def test_the_cap_used_up_before_a_payable_under_one_yuan(ruleset):
    """Jiangxi employed, cap 1,800: level1 3,600 → (3,600 − 600) × 60 % = 1,800.00, the whole cap.
    Then level1 1.00 → 1.00 × 60 % = 0.60 payable, nothing left: the cap was already used up."""
    rf = ruleset.regions["jiangxi"]
    est = run(rf, person("jiangxi", 2023, "employed"), visit("2023-03-01", "level1", "3600"),
              visit("2023-04-01", "level1", "1"))
    assert funds(est) == ["1800.00", "0.00"] and str(est.lines[1].payable) == "0.60"
    assert note_texts(est.lines[1], rf) == ["年度限额已用完"]


def test_a_band_over_the_fund_paid_cut_inside_a_fen_is_shown_rounded_half_up(ruleset):
    """tests/core/rule_kinds/fund_bands.yaml: employed level1 80 %, 50 % once the fund has paid 2,000.
    Visit 1: 1,000.07 × 80 % = 800.056 → 800.06. Visit 2, 3,000: the first band has 2,000 − 800.06 =
    1,199.94 of payout left, i.e. 1,199.94 / 80 % = 1,499.925 of cost, shown half-up 1,499.93 (not
    1,499.92); the rest 3,000 − 1,499.925 = 1,500.075 at 50 % = 750.0375, shown 1,500.08 and 750.04;
    1,199.94 + 750.0375 = 1,949.9775 → 1,949.98."""
    from .test_rule_kinds import load

    rf = load("fund_bands")
    est = run(rf, person("fundbands", 2023, "employed"), visit("2023-02-01", "level1", "1000.07"),
              visit("2023-03-01", "level1", "3000"))
    assert funds(est) == ["800.06", "1949.98"]
    lines = [s.split("  〔")[0] for s in explain(est.lines[1], rf)]
    assert lines[5:8] == ["  基金累计支付 0.00–2000.00 段：费用 1499.93 × 80% = 1199.94",
                          "  基金累计支付 2000.00–∞ 段：费用 1500.08 × 50% = 750.04",
                          "  合计（四舍五入到分）1949.98"]
