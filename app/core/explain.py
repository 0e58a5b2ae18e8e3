"""The explanation of a settled visit (结算说明), built from what the kernel recorded.

:func:`visit_steps` reads one row of a :class:`~app.core.kernel.Record` — the accumulators
before the visit, the rule entry, the deductible applied, the band pieces, payable, fund, the
clipping flags, the reason it was not paid and the assumptions used — and writes the steps and
notes with the rules' citations. Nothing is settled again: the only arithmetic here restates the
recorded figures (what was left of the deductible or the cap before the visit).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .messages import category_label, ratio_text, render
from .money import ZERO, round_fen

if TYPE_CHECKING:
    from .kernel import Record
    from .rules.schema import RuleFile, Source


@dataclass(frozen=True)
class Pct:
    value: Decimal


@dataclass(frozen=True)
class TierName:
    id: str


@dataclass(frozen=True)
class CategoryName:
    id: str


@dataclass(frozen=True)
class Step:
    """One line of a visit's explanation: a message key, its arguments and the rule it cites."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)
    source: "Source | None" = None


def assumption_step(region: "RuleFile", assumption_id: str) -> Step:
    """An explanation line saying what is assumed here and why."""
    a = region.assumption(assumption_id)
    return Step("assumption", {"text": a.text, "reason": a.reason}, a.source)


def _fen(n: int) -> Decimal:
    return Decimal(n).scaleb(-2)


def visit_steps(rec: "Record", r: int, region: "RuleFile", category: str) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    """The steps and the notes of row *r* of *rec* (a visit of a person of *category*)."""
    visit = rec.visit[r]
    version = rec.version[r]
    total = visit.total
    scope = _fen(rec.scope[r])
    steps: list[Step] = [Step("policy_scope", {
        "total": total, "self_funded": visit.self_funded, "class_b_copay": visit.class_b_copay, "scope": scope})]
    notes: list[Step] = []
    recorded = rec.assumed[r]
    shown: set[str] = set()

    def assume(kind: str) -> None:  # the assumptions of *kind* this visit's figures rest on, where they applied
        for aid in region.assumptions_for(kind, version.id if version else None):
            if aid in recorded and aid not in shown:
                shown.add(aid)
                steps.append(assumption_step(region, aid))

    def excluded(step: Step, note: Step) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
        steps.append(step)
        steps.append(Step("result", {"fund": ZERO, "total": total, "self_pay": total}))
        notes.append(note)
        return tuple(steps), tuple(notes)

    reason = rec.excluded[r]
    if version is None:
        return excluded(Step("no_rule", {"date": visit.date.isoformat()}), Step("note_no_rule"))
    steps.append(Step("version", {"version": region.documents[version.source.doc].title,
                                  "start": version.effective_from.isoformat()}, version.source))
    assume("version")
    if not visit.designated:
        rule = version.emergency_at_non_designated_paid
        if reason is None:  # paid: an emergency where the rules pay it
            steps.append(Step("emergency_paid", {}, rule.source))
            notes.append(Step("note_emergency_paid"))
        elif visit.emergency:
            assume("non_designated_emergency")
            return excluded(Step("non_designated_emergency_unpaid", {}, rule.source), Step("note_non_designated"))
        else:
            return excluded(Step("non_designated", {}, rule.source), Step("note_non_designated"))
    if reason == "family_member":
        account = region.account_on(visit.date)
        steps.append(Step("family_member", {}, account.family_use if account else None))
        return excluded(Step("family_not_counted"), Step("note_family"))
    if reason is not None:
        x = next(x for x in version.exclusions if x.id == reason)
        return excluded(Step("excluded", {"reason": x.label}, x.source), Step("note_excluded", {"reason": x.label}))

    e = rec.entry[r]
    applied = _fen(rec.deductible[r])
    # 3. deductible
    if e.annual:
        if e.partial_first_year:
            assume("partial_first_year")
        met = _fen(rec.b_met[r])
        left = max(e.deductible - met, ZERO)
        steps.append(Step("deductible_annual", {"amount": e.deductible, "met": met, "left": left, "applied": applied},
                          e.deductible_source))
        if applied == scope and scope > 0:
            notes.append(Step("note_below_deductible"))
        elif applied > 0:
            notes.append(Step("note_deductible_crossed"))
    else:
        steps.append(Step("deductible_per_visit", {"tier": TierName(visit.tier), "amount": e.deductible,
                                                   "applied": applied}, e.deductible_source))
        if applied == scope and scope > 0:
            notes.append(Step("note_below_deductible"))
    base = _fen(rec.base[r])
    if e.scope_limited:
        counted = _fen(rec.b_counted[r])
        left = max(e.cap - counted, ZERO)
        within = min(scope, left)
        steps.append(Step("limit_scope", {"cap": e.cap, "counted": counted, "left": left, "within": within,
                                          "base": max(within - applied, ZERO)}, e.cap_source))
        if rec.limit_clipped[r]:
            notes.append(Step("note_scope_limit_exhausted" if left == 0 and scope > 0 else "note_scope_limit_clipped"))
    # 4. ratio by bands
    bands = e.bands
    payable = _fen(rec.payable[r])
    pieces = piece_list(rec, r)
    if len(bands) > 1:
        before = rec.b_paid[r] if e.over_fund else rec.b_above[r]
        steps.append(Step("band_basis_fund" if e.over_fund else "band_basis_above", {"before": _fen(before)}))
        assume("band_basis")
    common = {"tier": TierName(visit.tier), "category": CategoryName(category),
              **({"age": e.age} if e.age is not None else {})}
    ratio_source = bands[pieces[0][0]][2]
    if len(bands) == 1:
        steps.append(Step("ratio", {**common, "ratio": Pct(bands[pieces[0][0]][1]), "scope": applied + base,
                                    "applied": applied, "payable": payable}, ratio_source))
    else:
        steps.append(Step("ratio_bands", {**common, "base": base}, ratio_source))
        for band, amount, pay in pieces:
            band_from, ratio, src = bands[band]
            band_to = bands[band + 1][0] if band + 1 < len(bands) else None
            steps.append(Step("band_piece_fund" if e.over_fund else "band_piece", {
                "lo": band_from, "hi": band_to if band_to is not None else "∞",
                "amount": round_fen(amount) if e.over_fund else amount, "ratio": Pct(ratio), "pay": round_fen(pay),
            }, src))
        steps.append(Step("band_total", {"payable": payable}))
        if len([p for p in pieces if p[1] > 0]) > 1:
            notes.append(Step("note_band_crossed"))
    # 5. annual cap
    fund = _fen(rec.fund[r])
    if e.cap is not None and not e.scope_limited:
        paid = _fen(rec.b_paid[r])
        left = max(e.cap - paid, ZERO)
        steps.append(Step("cap", {"cap": e.cap, "paid": paid, "left": left}, e.cap_source))
        if rec.cap_clipped[r]:
            steps.append(Step("cap_clipped", {"payable": payable, "fund": fund}, e.cap_source))
            notes.append(Step("note_cap_exhausted" if left == 0 and payable > 0 else "note_cap_clipped"))
    elif e.cap is None:
        steps.append(Step("no_cap"))
    steps.append(Step("result", {"fund": fund, "total": total, "self_pay": total - fund}))
    return tuple(steps), tuple(notes)


def piece_list(rec: "Record", r: int) -> list[tuple[int, Decimal, Decimal]]:
    """Row *r*'s band pieces as ``(band index, amount, unrounded pay)`` in yuan."""
    out = []
    bands = rec.entry[r].bands if rec.entry[r] is not None else ()
    for j in rec.pieces(r):
        band = rec.p_band[j]
        pay = rec.p_pay[j]
        if pay is None:  # the integer path: amount in fen, pay = amount × ratio
            amount = _fen(rec.p_amount[j])
            pay = amount * bands[band][1]
        else:
            amount = rec.p_amount[j]
        out.append((band, amount, pay))
    return out


# --- rendering ---------------------------------------------------------------------

def _render_arg(value: Any, region: "RuleFile", lang: str) -> Any:
    if isinstance(value, Pct):
        return ratio_text(value.value)
    if isinstance(value, TierName):
        tier = region.tier(value.id)
        return tier.label.get(lang) if tier else value.id
    if isinstance(value, CategoryName):
        return category_label(value.id, lang)
    if hasattr(value, "get") and hasattr(value, "zh"):
        return value.get(lang)
    return value


def render_step(step: Step, region: "RuleFile", lang: str = "zh", *, cite: bool = True) -> str:
    args = {k: _render_arg(v, region, lang) for k, v in step.args.items()}
    if "age" in args:
        args["age"] = render("age_suffix", lang, age=args["age"])
    elif step.key in ("ratio", "ratio_bands"):
        args["age"] = ""
    text = render(step.key, lang, **args)
    if cite and step.source is not None:
        doc = region.documents[step.source.doc]
        title = f"{doc.title}（{doc.number}）" if doc.number and lang != "en" else (
            f"{doc.title} ({doc.number})" if doc.number else doc.title)
        text += ("  〔" if lang != "en" else "  [") + render("source", lang, document=title, article=step.source.article) + (
            "〕" if lang != "en" else "]")
    return text
