"""Real settlements beside the estimate (对账): what most likely explains a difference.

A visit read from a settlement record (DOMAIN.md "Real settlements") carries the platform's actual
figures. For each such visit the estimate's fund is compared with the actual fund
(``difference`` = estimated − actual) and, when they differ, the likely reason is looked for in
this order, each stated with its numbers:

1. ``outside_rule_version`` — no rule version of the file is in force on the visit's date;
2. ``deductible_differs`` — the deductible actually applied (``act_pay_dedc``) is not the estimated
   one (earlier visits of the year are missing: enter the carry-in);
3. ``ratio_matches_tier`` — the ratio the payment implies, ``hifp_pay / (inscp_scp_amt − act_pay_dedc)``,
   is that of another tier (same category);
4. ``ratio_matches_category`` — … of the other category at the same tier;
5. ``cap`` — the annual cap: the estimate was clipped by it, or the actual payments of the year
   reach it;
6. ``unexplained``.

The version check comes first (the issue lists it fourth): a visit without a rule is estimated at
0 with no deductible, and "the deductible differs" would then be true and say nothing. A ratio
"matches" when that ratio times the actual base gives the actual fund to the fen (the platform
rounds to the fen). Pure: no Qt, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .engine import Estimate, Settler, VisitResult, _rules_for, age_on
from .messages import category_label, ratio_text
from .money import ZERO, fmt, round_fen

# the platform's fields an estimate is compared with (DOMAIN.md "Real settlements")
ACTUAL_KEYS = ("inscp_scp_amt", "act_pay_dedc", "hifp_pay", "acct_pay", "psn_cash_pay", "acct_mulaid_pay")
REASONS = ("deductible_differs", "ratio_matches_tier", "ratio_matches_category", "cap",
           "outside_rule_version", "unexplained")
FEN = Decimal("0.01")


@dataclass(frozen=True)
class Actual:
    """A real settlement's figures (None: the record does not give it)."""

    fund: Decimal | None = None  # hifp_pay 统筹基金支出
    deductible: Decimal | None = None  # act_pay_dedc 实际支付起付线
    policy_scope: Decimal | None = None  # inscp_scp_amt 符合政策范围金额
    account_paid: Decimal | None = None  # acct_pay 个人账户支出
    cash_paid: Decimal | None = None  # psn_cash_pay 个人现金支出
    mutual_aid: Decimal | None = None  # acct_mulaid_pay 个人账户共济支付金额

    FIELDS = {"hifp_pay": "fund", "act_pay_dedc": "deductible", "inscp_scp_amt": "policy_scope",
              "acct_pay": "account_paid", "psn_cash_pay": "cash_paid", "acct_mulaid_pay": "mutual_aid"}

    @classmethod
    def of(cls, amounts: dict[str, Decimal]) -> "Actual":
        """From the platform field names (``hifp_pay`` …)."""
        return cls(**{cls.FIELDS[k]: v for k, v in amounts.items() if k in cls.FIELDS})


@dataclass(frozen=True)
class Reconciliation:
    actual: Actual
    difference: Decimal | None  # estimated fund − actual fund; None without an actual fund
    likely_reason: str | None  # one of REASONS; None when there is no difference (or nothing to compare)
    args: dict  # the numbers the reason is stated with
    scope_differs: Decimal | None = None  # the estimate's policy scope where inscp_scp_amt disagrees with it


def reconcile(est: Estimate, actuals: dict[int, Actual]) -> dict[int, Reconciliation]:
    """The reconciliation of every visit (by its index in the case) that has actual figures."""
    out: dict[int, Reconciliation] = {}
    if not actuals or not est.lines:
        return out
    settler = est.lines[0].settler
    paid = est.person.carry.get("fund_paid", ZERO)  # the fund paid this year as the records show it
    for r in est.lines:
        actual = actuals.get(r.index)
        paid += actual.fund if actual is not None and actual.fund is not None else r.fund
        if actual is None:
            continue
        scope_differs = (r.policy_scope if actual.policy_scope is not None and actual.policy_scope != r.policy_scope
                         else None)
        if actual.fund is None:
            out[r.index] = Reconciliation(actual, None, None, {}, scope_differs)
            continue
        diff = r.fund - actual.fund
        reason, args = (None, {}) if diff == 0 else _likely_reason(settler, r, actual, paid)
        out[r.index] = Reconciliation(actual, diff, reason, {"difference": diff, "estimated": r.fund,
                                                              "actual": actual.fund, **args}, scope_differs)
    return out


def compared_fund(est: Estimate, reconciliation: dict[int, Reconciliation]) -> tuple[int, Decimal, Decimal]:
    """Over the visits with an actual fund: how many, the estimated fund and the actual fund."""
    pairs = [(r.fund, reconciliation[r.index].actual.fund) for r in est.lines
             if r.index in reconciliation and reconciliation[r.index].actual.fund is not None]
    return len(pairs), sum((e for e, _a in pairs), ZERO), sum((a for _e, a in pairs), ZERO)


def _likely_reason(settler: Settler, r: VisitResult, actual: Actual, paid_after: Decimal) -> tuple[str, dict]:
    version = settler.region.version_on(r.visit.date)
    if version is None:
        return "outside_rule_version", {"date": r.visit.date.isoformat()}
    if actual.deductible is not None and actual.deductible != r.deductible:
        return "deductible_differs", {"actual_deductible": actual.deductible, "estimated_deductible": r.deductible}
    scope = actual.policy_scope if actual.policy_scope is not None else r.policy_scope
    deductible = actual.deductible if actual.deductible is not None else r.deductible
    base = scope - deductible
    person = settler.person
    if base > 0 and r.ratio is not None:
        implied = actual.fund / base
        common = {"implied": implied, "fund": actual.fund, "scope": scope, "deductible_applied": deductible,
                  "estimated_ratio": r.ratio}
        age = age_on(person.birth_date, r.visit.date) if person.birth_date else 0
        band = r.before[2] if version.bands_over == "fund_paid" else r.before[1]  # the band the visit began in

        def ratio_of(tier: str, category: str) -> Decimal:
            rules = _rules_for(version, tier, category, age, settler.params)
            return [ratio for band_from, ratio, _src in rules.bands if band_from <= band][-1]

        def matches(ratio: Decimal) -> bool:
            return ratio != r.ratio and abs(round_fen(base * ratio) - actual.fund) <= FEN

        tiers = [(t.id, ratio_of(t.id, person.category)) for t in settler.region.tiers if t.id != r.visit.tier]
        found = [(t, ratio) for t, ratio in tiers if matches(ratio)]
        if found:  # every tier of that ratio (Tongliao's 一级 and 二级 share 60 %)
            return "ratio_matches_tier", {**common, "tier": tuple(t for t, ratio in found if ratio == found[0][1]),
                                          "ratio": found[0][1]}
        other = "retired" if person.category == "employed" else "employed"
        ratio = ratio_of(r.visit.tier, other)
        if matches(ratio):
            return "ratio_matches_category", {**common, "category": other, "ratio": ratio}
    rules = _rules_for(version, r.visit.tier, person.category, 0, settler.params)
    if rules.cap is not None and version.cap_over == "fund_paid" and (r.cap_clipped or paid_after >= rules.cap):
        return "cap", {"cap": rules.cap, "paid": paid_after, "clipped": r.cap_clipped}
    return "unexplained", {}


# --- texts ---------------------------------------------------------------------------

_TEXTS = {
    "same": ("实际统筹基金支出 {actual} 与测算一致",
             "The actual fund payment {actual} matches the estimate"),
    "deductible_differs": (
        "实际支付起付线 {actual_deductible} 与测算的 {estimated_deductible} 不同：可能缺少本年此前的就诊记录，"
        "可填写此前已累计的起付标准（差额 {difference}）",
        "The deductible actually applied, {actual_deductible}, differs from the estimated {estimated_deductible}: "
        "earlier visits of the year may be missing — enter the carry-in (difference {difference})"),
    "ratio_matches_tier": (
        "实际支付比例 {implied}（{fund} ÷（{scope} − {deductible_applied}））与{tier}的比例 {ratio} 相符，"
        "测算按 {estimated_ratio}：请核对医疗机构等级（差额 {difference}）",
        "The actual payment implies a ratio of {implied} ({fund} / ({scope} − {deductible_applied})), the ratio "
        "of {tier} ({ratio}), not the estimated {estimated_ratio}: check the tier (difference {difference})"),
    "ratio_matches_category": (
        "实际支付比例 {implied}（{fund} ÷（{scope} − {deductible_applied}））与{category}的比例 {ratio} 相符，"
        "测算按 {estimated_ratio}：请核对人员类别（差额 {difference}）",
        "The actual payment implies a ratio of {implied} ({fund} / ({scope} − {deductible_applied})), the ratio "
        "for {category} ({ratio}), not the estimated {estimated_ratio}: check the category (difference {difference})"),
    "cap": (
        "年度最高支付限额 {cap}：按实际结算本年统筹基金已支付 {paid}（差额 {difference}）",
        "The annual cap {cap}: with the actual settlements the fund has paid {paid} this year "
        "(difference {difference})"),
    "outside_rule_version": (
        "{date} 不在本规则文件任何版本的有效期内，测算未支付；实际统筹基金支出 {actual}",
        "No rule version of this file is in force on {date}, so nothing was estimated; the actual fund "
        "payment is {actual}"),
    "unexplained": (
        "差额 {difference}（测算 {estimated}，实际 {actual}）无法用起付标准、其他等级或类别的比例、年度限额或规则有效期解释",
        "The difference {difference} (estimated {estimated}, actual {actual}) is not explained by the deductible, "
        "another tier's or category's ratio, the cap or the rule version's dates"),
    "scope": ("结算单的符合政策范围金额 {actual} 与 总费用 − 全自费 − 乙类先行自付 = {estimated} 不一致",
              "The settlement's policy-scope amount {actual} differs from total − self-funded − class-B co-pay "
              "= {estimated}"),
}


def reason_texts(rec: Reconciliation, region, lang: str = "zh") -> list[str]:
    """The reconciliation of one visit in words, with its numbers (the scope remark first, if any)."""
    k = 1 if lang == "en" else 0

    def shown(key: str, value):
        if key in ("implied", "ratio", "estimated_ratio"):
            return ratio_text(round(value, 4)) if key == "implied" else ratio_text(value)
        if key == "tier":
            labels = [region.tier(t).label.get(lang) if region.tier(t) else t for t in value]
            return (", " if lang == "en" else "、").join(labels)
        if key == "category":
            return category_label(value, lang)
        if isinstance(value, Decimal):
            return fmt(value)
        return value

    out = []
    if rec.scope_differs is not None and rec.actual.policy_scope is not None:
        out.append(_TEXTS["scope"][k].format(actual=fmt(rec.actual.policy_scope), estimated=fmt(rec.scope_differs)))
    if rec.difference is None:
        return out
    key = rec.likely_reason or "same"
    args = {name: shown(name, value) for name, value in rec.args.items()}
    out.append(_TEXTS[key][k].format(**args))
    return out
