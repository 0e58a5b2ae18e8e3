"""The estimate as the JSON contract of DOMAIN.md (money as two-decimal strings)."""
from __future__ import annotations

from typing import Any

from .account import account_notes, explain_payment
from . import freshness
from .engine import Estimate, assumption_texts, estimate_assumptions, explain, note_texts, region_notes
from .money import fmt
from .reconcile import Reconciliation, compared_fund, reason_texts


def estimate_to_dict(est: Estimate, *, lang: str = "zh", lines: dict[int, int] | None = None,
                     reconciliation: dict[int, Reconciliation] | None = None) -> dict[str, Any]:
    """Contract keys first (``region``, ``year``, ``category``, ``visits``, ``totals``), extras after.

    *lines* maps a visit's index to its line in the input file, shown as ``line``. A visit with a
    real settlement (*reconciliation*, by index) gains ``actual``, ``difference``, ``likely_reason``
    and ``reconciliation`` (the reason in words); the totals gain ``actual``. Without, no key changes.
    """
    region = est.region
    visits = []
    for r in est.lines:
        item: dict[str, Any] = {
            "date": r.visit.date.isoformat(),
            "tier": r.visit.tier,
            "total": fmt(r.visit.total),
            "policy_scope": fmt(r.policy_scope),
            "deductible": fmt(r.deductible),
            "fund": fmt(r.fund),
            "self_pay": fmt(r.self_pay),
            "notes": note_texts(r, region, lang),
        }
        if lines is not None and r.index in lines:
            item["line"] = lines[r.index]
        pay = est.account.payments.get(r.index) if est.account else None
        item["patient"] = r.visit.patient
        item["account_paid"] = fmt(pay.account) if pay else None
        item["cash_paid"] = fmt(pay.cash) if pay else None
        item["ratio"] = None if r.ratio is None else f"{r.ratio:f}"
        item["rule_version"] = r.version_id
        item["excluded"] = r.excluded
        item["explanation"] = explain(r, region, lang) + explain_payment(region, pay, r.visit, lang)
        visit_assumptions = [a.id for a in region.assumptions
                             if a.id in r.assumptions or (pay is not None and a.id in pay.assumptions)]
        item["assumptions"] = visit_assumptions
        rec = reconciliation.get(r.index) if reconciliation else None
        if rec is not None:
            a = rec.actual
            item["actual"] = {"fund": fmt(a.fund), "deductible": fmt(a.deductible),
                              "account_paid": fmt(a.account_paid), "cash_paid": fmt(a.cash_paid)}
            item["difference"] = fmt(rec.difference)
            item["likely_reason"] = rec.likely_reason
            item["reconciliation"] = reason_texts(rec, region, lang)
        visits.append(item)
    t = est.totals
    acc = est.account
    assumed = estimate_assumptions(est)
    out = {
        "region": region.region,
        "year": est.person.year,
        "category": est.person.category,
        "visits": visits,
        "totals": {
            "total": fmt(t.total),
            "policy_scope": fmt(t.policy_scope),
            "deductible_met": fmt(t.deductible_met),
            "fund": fmt(t.fund),
            "self_pay": fmt(t.self_pay),
            "annual_cap": fmt(t.annual_cap),
            "remaining_allowance": fmt(t.remaining_allowance),
            "fund_by_tier": {k: fmt(v) for k, v in t.fund_by_tier.items()},
            # carry-in as given (此前已累计); deductible_met and remaining_allowance above include it
            "carried": {k: fmt(v) for k, v in est.person.carry.items()},
            "annual_deductible": fmt(t.annual_deductible),
            "rule_version": t.version_id,
            "notes": region_notes(region, t.version_id, lang),
            "account_credit": fmt(acc.credited) if acc else None,  # None (null) when unknown
            "account_paid": fmt(acc.paid) if acc else None,
            "cash_paid": fmt(acc.cash) if acc else None,
            "account_balance": fmt(acc.balance) if acc else None,
            "assumptions": assumed,
            "assumption_texts": assumption_texts(region, assumed, lang),
            "warnings": freshness.warnings(region, est.person.year),
            "warning_texts": [w for w in [freshness.warning_text(region, est.person.year, lang)] if w],
        },
        "account": None if acc is None else {
            "opening_balance": fmt(acc.opening_balance),
            "monthly_credits": [{"month": c.month, "amount": fmt(c.amount), "rule_version": c.version_id}
                                for c in acc.credits],
            "missing": acc.missing_keys(est.person.year),
            "from_month": acc.from_month,
            "unknown_months": list(acc.unknown_months),
            "pooling_only": acc.pooling_only,
            "deducted": fmt(acc.deducted),
            "not_deducted": list(acc.not_deducted),
            "notes": account_notes(region, acc, est.person.year, lang),
            "assumptions": list(acc.assumptions),
        },
        "verified": region.verified,
        "verification": region.verification,  # verified | unverified | bounds
    }
    if reconciliation:
        out["totals"]["actual"] = actual_totals(est, reconciliation)
    return out


def actual_totals(est: Estimate, reconciliation: dict[int, Reconciliation]) -> dict[str, Any]:
    """Estimated vs actual fund over the visits that have an actual fund."""
    n, estimated, actual = compared_fund(est, reconciliation)
    return {"visits": n, "estimated_fund": fmt(estimated), "fund": fmt(actual), "difference": fmt(estimated - actual)}
