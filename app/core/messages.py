"""Texts of the settlement explanation and notes, in Simplified Chinese and English.

Kept in the Qt-free core so the CLI, the window and the printed slip explain a
number the same way. ``{…}`` fields are filled by :func:`render`.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .money import fmt, fmt_percent

CATEGORY_LABELS = {
    "employed": {"zh": "在职职工", "en": "employed"},
    "retired": {"zh": "退休人员", "en": "retired"},
}

MESSAGES: dict[str, dict[str, str]] = {
    # explanation steps
    "policy_scope": {
        "zh": "政策范围内费用 = 总费用 {total} − 全自费 {self_funded} − 乙类先行自付 {class_b_copay} = {scope}",
        "en": "Policy-scope cost = total {total} − self-funded {self_funded} − class-B co-pay {class_b_copay} = {scope}",
    },
    "version": {
        "zh": "适用规则：{version}（{start} 起施行）",
        "en": "Rules applied: {version} (in force from {start})",
    },
    "no_rule": {
        "zh": "{date} 没有有效的门诊统筹规则，统筹基金不支付，也不计入起付标准",
        "en": "No outpatient-pooling rule in force on {date}: the fund pays nothing and nothing counts toward the deductible",
    },
    "non_designated": {
        "zh": "非定点医药机构发生的费用，统筹基金不支付，也不计入起付标准",
        "en": "Non-designated institution: the fund pays nothing and nothing counts toward the deductible",
    },
    "non_designated_emergency_unpaid": {
        "zh": "非定点机构急诊：本地区规定未将其纳入门诊统筹支付，统筹基金不支付",
        "en": "Emergency at a non-designated place: this region's rules do not pay it; the fund pays nothing",
    },
    "emergency_paid": {
        "zh": "非定点机构急诊抢救，按规定纳入门诊统筹支付",
        "en": "Emergency rescue at a non-designated place: paid as the rules allow",
    },
    "excluded": {
        "zh": "不予支付情形：{reason}；统筹基金不支付，也不计入起付标准",
        "en": "Excluded: {reason}; the fund pays nothing and nothing counts toward the deductible",
    },
    "family_member": {
        "zh": "家庭成员就医（家庭共济）：统筹待遇限参保人本人享受，统筹基金不支付；个人负担可由本人个人账户支付",
        "en": "A family member's visit (家庭共济): pooled benefits are for the insured person only, the fund pays nothing; the account may pay the patient share",
    },
    "family_not_counted": {
        "zh": "家庭成员使用个人账户的金额不计入本人起付标准，也不占用本人年度限额",
        "en": "Account spending on family members counts neither toward the insured person's deductible nor the annual cap",
    },
    "deductible_annual": {
        "zh": "年度起付标准 {amount}，此前已累计 {met}，尚余 {left}；本次计入起付标准 {applied}",
        "en": "Annual deductible {amount}, met so far {met}, left {left}; this visit applies {applied}",
    },
    "deductible_per_visit": {
        "zh": "每次起付标准（{tier}）{amount}；本次计入起付标准 {applied}",
        "en": "Per-visit deductible ({tier}) {amount}; this visit applies {applied}",
    },
    "ratio": {
        "zh": "支付比例 {ratio}（{tier}，{category}{age}）：({scope} − {applied}) × {ratio} = {payable}",
        "en": "Ratio {ratio} ({tier}, {category}{age}): ({scope} − {applied}) × {ratio} = {payable}",
    },
    "ratio_bands": {
        "zh": "分段支付（{tier}，{category}{age}），起付标准以上费用 {base}：",
        "en": "Banded payment ({tier}, {category}{age}), amount above the deductible {base}:",
    },
    "band_piece": {
        "zh": "  年度累计 {lo}–{hi} 段：{amount} × {ratio} = {pay}",
        "en": "  cumulative {lo}–{hi} band: {amount} × {ratio} = {pay}",
    },
    "band_basis_above": {
        "zh": "分段依据：年度累计起付标准以上的政策范围内费用（本次前已累计 {before}）",
        "en": "Bands measured over the year's cumulative policy-scope cost above the deductible ({before} before this visit)",
    },
    "band_basis_fund": {
        "zh": "分段依据：统筹基金年度累计支付额（本次前已支付 {before}）",
        "en": "Bands measured over the fund's cumulative payout this year ({before} paid before this visit)",
    },
    "band_piece_fund": {
        "zh": "  基金累计支付 {lo}–{hi} 段：费用 {amount} × {ratio} = {pay}",
        "en": "  fund paid {lo}–{hi} band: cost {amount} × {ratio} = {pay}",
    },
    "limit_scope": {
        "zh": "年度累计合规费用限额 {cap}（限额按政策范围内费用计，不按基金支付额），此前已累计 {counted}，剩余 {left}；"
              "本次计入限额的费用 {within}，其中起付标准以上 {base} 按比例支付",
        "en": "Annual limit on compliant (policy-scope) cost {cap} (counted on cost, not on the fund's payout), "
              "counted so far {counted}, left {left}; this visit's cost within it {within}, of which {base} above "
              "the deductible is paid at the ratio",
    },
    "band_total": {
        "zh": "  合计（四舍五入到分）{payable}",
        "en": "  total (rounded half-up to the fen) {payable}",
    },
    "cap": {
        "zh": "年度最高支付限额 {cap}，此前已支付 {paid}，剩余 {left}",
        "en": "Annual cap {cap}, paid so far {paid}, left {left}",
    },
    "cap_clipped": {
        "zh": "超出年度最高支付限额：本次由 {payable} 截为 {fund}",
        "en": "Annual cap reached: this visit clipped from {payable} to {fund}",
    },
    "no_cap": {
        "zh": "本规则未设年度最高支付限额",
        "en": "These rules set no annual cap",
    },
    "result": {
        "zh": "统筹基金支付 {fund}；个人负担 = {total} − {fund} = {self_pay}",
        "en": "Fund pays {fund}; patient pays {total} − {fund} = {self_pay}",
    },
    "assumption": {
        "zh": "假设：{text}（理由：{reason}）",
        "en": "Assumed: {text} (why: {reason})",
    },
    "assumption_short": {"zh": "假设：{text}", "en": "Assumed: {text}"},
    # the personal account where no account rule is in force
    "account_unknown_months": {
        "zh": "{year}年{months}月没有有效的个人账户规则：这些月份的划入和支付未知（不按0计）；账户年初余额按 {start} 的余额计算",
        "en": "No personal-account rule in force in {months}/{year}: those months' credits and payments are "
              "unknown (not zero); the opening balance is taken as the balance on {start}",
    },
    "account_split": {
        "zh": "个人账户支付 {account}，现金支付 {cash}；支付后账户余额 {balance}",
        "en": "Personal account pays {account}, cash {cash}; account balance after it {balance}",
    },
    "account_refused_non_designated": {
        "zh": "非定点医药机构：个人账户不支付，个人负担以现金支付",
        "en": "Non-designated place: the personal account does not pay; the patient share is cash",
    },
    "account_refused_exclusion": {
        "zh": "{reason}：个人账户也不得支付，个人负担以现金支付",
        "en": "{reason}: the personal account may not pay it either; the patient share is cash",
    },
    "account_pooling_only": {
        "zh": "单建统筹（仅参加门诊统筹）：不建立个人账户，个人负担全部以现金支付",
        "en": "Pooling only (单建统筹): no personal account; every patient share is paid in cash",
    },
    "account_deducted": {
        "zh": "个人账户本年已划拨{items} {amount}（已从余额中扣除）",
        "en": "{items} taken from the account this year: {amount} (the balance is after it)",
    },
    "account_not_deducted": {
        "zh": "个人账户余额未扣除{items}（未填写其金额）",
        "en": "The account balance does not include {items} (its amount was not given)",
    },
    "account_no_rule_year": {
        "zh": "{year}年没有有效的个人账户规则：个人账户划入、支付和余额未知（不按0计）",
        "en": "No personal-account rule in force in {year}: credits, payments and balance are unknown (not zero)",
    },
    "account_gap_months": {
        "zh": "{year}年{months}月没有有效的个人账户规则：个人账户划入、支付和余额未知（不按0计）",
        "en": "No personal-account rule in force in {months}/{year}: credits, payments and balance are unknown (not zero)",
    },
    # short notes (the CLI's per-visit "notes")
    "note_no_rule": {"zh": "无有效规则", "en": "no rule in force"},
    "note_non_designated": {"zh": "非定点不支付", "en": "non-designated: not paid"},
    "note_emergency_paid": {"zh": "非定点急诊抢救予以支付", "en": "emergency at non-designated place: paid"},
    "note_excluded": {"zh": "不予支付：{reason}", "en": "excluded: {reason}"},
    "note_family": {"zh": "家庭成员：个人账户支付", "en": "family member: paid from the account"},
    "note_below_deductible": {"zh": "未超过起付标准", "en": "within the deductible"},
    "note_deductible_crossed": {"zh": "本次达到起付标准", "en": "deductible met during this visit"},
    "note_band_crossed": {"zh": "跨越分段，按段计算", "en": "crosses a band threshold: split"},
    "note_cap_clipped": {"zh": "达到年度最高支付限额", "en": "clipped at the annual cap"},
    "note_scope_limit_clipped": {"zh": "达到年度累计合规费用限额", "en": "clipped at the annual limit on compliant cost"},
    "note_scope_limit_exhausted": {"zh": "年度累计合规费用限额已用尽", "en": "annual limit on compliant cost used up"},
    "note_cap_exhausted": {"zh": "年度限额已用完", "en": "annual cap already used up"},
    # citations
    "source": {"zh": "依据：{document}，{article}", "en": "Source: {document}, {article}"},
    "age_suffix": {"zh": "，{age}周岁", "en": ", age {age}"},
}


def _fmt_arg(value: Any) -> str:
    if isinstance(value, Decimal):
        return fmt(value) or ""
    return str(value)


def render(key: str, lang: str = "zh", /, **args: Any) -> str:
    """Fill message *key* in *lang* (``zh`` or ``en``) with *args*; Decimals as money."""
    template = MESSAGES[key]["en" if lang == "en" else "zh"]
    return template.format(**{k: _fmt_arg(v) for k, v in args.items()})


def ratio_text(ratio: Decimal) -> str:
    return fmt_percent(ratio)


def category_label(category: str, lang: str = "zh") -> str:
    return CATEGORY_LABELS[category]["en" if lang == "en" else "zh"]


FIELD_ERRORS_ZH = {
    "required": "必填，不能为空",
    "bad_date": "{value!r} 不是可识别的日期（可写 2023-02-10、2023/2/10、20230210、2023年2月10日；本年度内也可写 2-10、0210、2月10日）",
    "no_such_date": "没有这一天：{value!r}",
    "bad_iso_date": "应为日期 YYYY-MM-DD，而不是 {value!r}",
    "bad_amount": "应为不小于0、最多两位小数的金额，而不是 {value!r}",
    "too_large": "{value!r} 超过单次就诊金额上限 {limit} 元",
    "extra_cells": "该行有 {count} 个单元格，但表头只有 {columns} 列",
    "bad_flag": "应为 是/否（true/false），而不是 {value!r}",
    "scope_negative": "全自费 {self_funded} + 乙类先行自付 {class_b_copay} 超过总费用 {total}（政策范围内费用将为负）",
    "outside_year": "{value} 不在 {year} 年度内",
    "unknown_tier": "本地区没有等级 {value!r}，请选择本地区的等级：{known_zh}",
    "unknown_exclusion": "本地区没有不予支付情形 {value!r}",
    "exclusion_not_in_force": "{date} 有效的规则中没有不予支付情形 {value!r}",
    "bad_patient": "应为 本人/家属（self/family），而不是 {value!r}",
}


def render_field_error(code: str, lang: str = "zh", /, **args: str) -> str:
    """A bad cell's reason in *lang*."""
    from .visits_csv import FIELD_ERRORS_EN

    table = FIELD_ERRORS_EN if lang == "en" else FIELD_ERRORS_ZH
    return table[code].format(**args)


CASE_ERRORS_ZH = {
    "unknown_region": "找不到地区 {region} 的规则文件（未加载或已删除）：请选择其他地区，或导入该地区的规则文件",
    "unknown_parameter": "本地区没有参数 {name}",
    "needs_parameter": "请填写：{label}",
    "parameter_below": "{label} {value} 低于下限 {limit}",
    "parameter_above": "{label} {value} 高于上限 {limit}",
    "exclusion_not_in_force": "{date} 有效的规则中没有不予支付情形 {value!r}",
    "needs_birth_date": "请填写出生日期：本地区退休人员的支付比例随年龄变化",
    "bad_birth_date": "出生日期 {value!r} 不是可识别的日期（可写 1953-06-15、19530615、1953/6/15、1953年6月15日）",
    "birth_out_of_range": "出生日期 {value} 应在 1900-01-01 至 {limit} 之间",
    "bad_number": "{label} {value!r} 不是有效的数字",
    "too_large": "{label} {value!r} 超过上限 {limit}",
    "bad_amount": "{label} {value!r} 应为不小于0、最多两位小数的金额",
    "carry_not_used": "本地区不使用此前已累计的 {name}（使用：{used}）",
    "carry_above_deductible": "此前已累计的起付标准 {value} 超过年度起付标准 {limit}",
    "carry_above_cap": "此前已累计的统筹基金支付 {value} 超过年度最高支付限额 {limit}",
}
