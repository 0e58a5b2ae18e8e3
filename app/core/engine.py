"""Settlement engine (结算): one calendar year of visits under a region's rules.

Follows DOMAIN.md "Settlement of one visit": visits in date order, annual
accumulators carried from visit to visit, each visit's result explained step by
step. Pure: no Qt, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Sequence

from .case import Case, Person, Visit
from .messages import category_label, ratio_text, render
from .money import ZERO, round_fen
from .rules.schema import ParamRef, RuleFile, Source, Value, Version, pick_entry, ratio_schedule


if TYPE_CHECKING:
    from .account import AccountResult


class CaseError(ValueError):
    """The case cannot be settled under these rules (missing parameter, unknown tier, …)."""

    def __init__(self, message: str, *, field: str | None = None, visit: int | None = None,
                 code: str | None = None, **args: Any):
        super().__init__(message)
        self.field = field
        self.visit = visit  # 0-based index of the visit in the case, if any
        self.code = code  # key of messages.CASE_ERRORS_ZH for the window, with its arguments
        self.args_ = args

    def text(self, lang: str = "zh") -> str:
        """The message in the UI language (the English one is ``str(self)``)."""
        from .messages import CASE_ERRORS_ZH

        if lang == "en" or self.code not in CASE_ERRORS_ZH:
            return str(self)
        return CASE_ERRORS_ZH[self.code].format(**self.args_)


# --- explanation -------------------------------------------------------------------

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
    source: Source | None = None


@dataclass(frozen=True)
class BandPiece:
    band_from: Decimal
    band_to: Decimal | None
    amount: Decimal
    ratio: Decimal
    pay: Decimal  # unrounded amount × ratio


@dataclass(frozen=True)
class VisitResult:
    """How one visit settles, with the accumulators after it."""

    index: int  # position of the visit in the case (0-based)
    visit: Visit
    policy_scope: Decimal
    deductible: Decimal  # deductible applied at this visit
    ratio: Decimal | None  # ratio of the first band used; None when excluded
    pieces: tuple[BandPiece, ...]
    payable: Decimal  # before the annual cap, rounded to the fen
    fund: Decimal
    self_pay: Decimal
    version_id: str | None
    excluded: str | None  # "no_rule" | "non_designated" | "family_member" | exclusion id
    cap_clipped: bool
    deductible_met_after: Decimal
    fund_paid_after: Decimal
    before: tuple[Decimal, Decimal, Decimal, Decimal]  # YearState before the visit: deductible_met, above_deductible, fund_paid, scope_counted
    settler: "Settler" = field(repr=False, compare=False)
    assumptions: tuple[str, ...] = ()  # ids of the rule file's assumptions this visit's figures rest on

    # The explanation is traced on demand (the same settlement, recording its steps): a year of
    # visits is settled far more often than one visit is explained.
    @property
    def steps(self) -> tuple[Step, ...]:
        """The settlement step by step, each with the rule it cites."""
        return self._trace()[0]

    @property
    def notes(self) -> tuple[Step, ...]:
        """Short remarks for the visit's row (within the deductible, clipped at the cap, …)."""
        return self._trace()[1]

    def _trace(self) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
        steps: list[Step] = []
        notes: list[Step] = []
        self.settler.settle_traced(self.visit, YearState(*self.before), self.index, steps, notes)
        return tuple(steps), tuple(notes)


@dataclass
class YearState:
    """Annual accumulators (年度累计), carried from visit to visit in date order."""

    deductible_met: Decimal = ZERO  # deductible applied so far this year
    above_deductible: Decimal = ZERO  # policy-scope cost above the deductible so far (for bands)
    fund_paid: Decimal = ZERO
    # policy-scope cost so far this year (deductible included), for a limit on compliant cost
    # (``cap_basis: policy_scope``); not a carry-in name: a carried-in year starts it at zero
    scope_counted: Decimal = ZERO

    def copy(self) -> "YearState":
        return replace(self)


@dataclass(frozen=True)
class Totals:
    total: Decimal
    policy_scope: Decimal
    deductible_met: Decimal
    annual_deductible: Decimal | None  # None when the deductible is per visit or no rule is in force
    fund: Decimal
    self_pay: Decimal
    annual_cap: Decimal | None  # None: no cap in these rules / no rule in force
    remaining_allowance: Decimal | None
    fund_by_tier: dict[str, Decimal]
    version_id: str | None


@dataclass(frozen=True)
class Estimate:
    region: RuleFile
    person: Person
    lines: tuple[VisitResult, ...]  # in settlement (date) order
    totals: Totals
    account: "AccountResult | None" = None  # personal account (app.core.account); set by settle()

    def by_index(self) -> dict[int, VisitResult]:
        """Results by the visit's position in the case (``lines`` are in date order)."""
        return {r.index: r for r in self.lines}


# --- rule lookups ------------------------------------------------------------------

def resolve_parameters(region: RuleFile, person: Person) -> dict[str, Decimal]:
    """Parameter values for this person: supplied, else the file's declared default."""
    out: dict[str, Decimal] = {}
    known = {p.id for p in region.parameters}
    for name in person.parameters:
        if name not in known:
            listing = ", ".join(sorted(known)) or "none"
            raise CaseError(f"region {region.region} has no parameter {name!r} (parameters: {listing})", field=name,
                            code="unknown_parameter", name=name)
    for p in region.parameters:
        value = person.parameters.get(p.id, p.default)
        if value is None and p.purpose == "account":
            continue  # only the personal account needs it: the account says what is missing
        if value is None:
            raise CaseError(
                f"region {region.region} needs parameter {p.id} ({p.label.en}, {p.unit}); "
                f"supply it, e.g. --set {p.id}=VALUE",
                field=p.id, code="needs_parameter", label=p.label.zh,
            )
        if p.minimum is not None and value < p.minimum:
            raise CaseError(f"parameter {p.id} = {value} is below the minimum {p.minimum}", field=p.id,
                            code="parameter_below", label=p.label.zh, value=value, limit=p.minimum)
        if p.unit == "ratio" and value > 1:  # yuan parameters are bounded where they enter (money.parse_number)
            raise CaseError(f"parameter {p.id} = {value} is above the maximum 1 (a ratio)", field=p.id,
                            code="parameter_above", label=p.label.zh, value=value, limit=1)
        if p.maximum is not None and value > p.maximum:
            raise CaseError(f"parameter {p.id} = {value} is above the maximum {p.maximum}", field=p.id,
                            code="parameter_above", label=p.label.zh, value=value, limit=p.maximum)
        out[p.id] = value
    return out


def _value(v: Value, params: dict[str, Decimal], *, money: bool) -> Decimal:
    if isinstance(v, ParamRef):
        raw = params[v.parameter] * v.times
        return round_fen(raw) if money else raw
    return v


def age_on(birth: date, day: date) -> int:
    """Completed years (周岁) on *day*."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class _Rules:
    """A version's numbers for one person and tier, parameters resolved."""

    deductible: Decimal
    deductible_source: Source
    bands: tuple[tuple[Decimal, Decimal, Source], ...]  # (band_from, ratio, source)
    cap: Decimal | None
    cap_source: Source | None


def _rules_for(version: Version, tier: str, category: str, age: int, params: dict[str, Decimal]) -> _Rules:
    d = pick_entry(version.deductible.entries, tier, category)
    bands = tuple(
        (band, _value(e.ratio, params, money=False), e.source) for band, e in ratio_schedule(version, tier, category, age)
    )
    cap = cap_src = None
    if version.annual_cap is not None:
        c = pick_entry(version.annual_cap, None, category)
        cap, cap_src = _value(c.amount, params, money=True), c.source
    return _Rules(_value(d.amount, params, money=True), d.source, bands, cap, cap_src)


# --- settlement --------------------------------------------------------------------

class Settler:
    """Settles visits one after another for one person and region."""

    def __init__(self, region: RuleFile, person: Person):
        if person.region != region.region:
            raise CaseError(f"case is for region {person.region!r}, rules are for {region.region!r}", field="region")
        self.region = region
        self.person = person
        self.params = resolve_parameters(region, person)
        if person.birth_date is None and region.needs_birth_date(person.category):
            raise CaseError(
                f"region {region.region}: ratios for {person.category} people depend on age; a birth date is needed",
                field="birth_date", code="needs_birth_date",
            )
        self._age_rules = region.needs_birth_date(person.category)
        self._rules_cache: dict[tuple[str, str, int], _Rules] = {}
        self._tier_ids = frozenset(t.id for t in region.tiers)
        self._versions: dict[date, Version | None] = {}  # rule version in force, by visit date
        self._assumption_cache: dict[tuple[str, str | None], tuple[str, ...]] = {}
        self._check_carry()

    def _check_carry(self) -> None:
        """The carry-in names must be ones this region uses, the amounts within the year's deductible and cap."""
        carry = self.person.carry
        used = self.region.carry_names()
        for name in carry:
            if name not in used:
                raise CaseError(f"region {self.region.region} does not use the carry-in {name} "
                                f"(it uses: {', '.join(used) or 'none'})", field="carry",
                                code="carry_not_used", name=name, used=", ".join(used) or "—")
        version = self._totals_version((), None)
        if version is None:
            return
        limits: dict[str, tuple[Decimal, str]] = {}
        if version.deductible.kind == "annual":
            deductible = max(_rules_for(version, t.id, self.person.category, 0, self.params).deductible
                             for t in self.region.tiers)
            limits["deductible_met"] = (deductible, "annual deductible")
        cap = _rules_for(version, self.region.tiers[0].id, self.person.category, 0, self.params).cap
        if cap is not None and version.cap_over == "fund_paid":  # a limit on compliant cost bounds no carry-in
            limits["fund_paid"] = (cap, "annual cap")
        for name, amount in carry.items():
            if name in limits and amount > limits[name][0]:
                limit, what = limits[name]
                raise CaseError(f"carry-in {name} {amount:.2f} is above the {what} {limit:.2f}", field="carry",
                                code="carry_above_" + ("cap" if name == "fund_paid" else "deductible"),
                                name=name, value=f"{amount:.2f}", limit=f"{limit:.2f}")

    def initial_state(self) -> "YearState":
        """The year's accumulators before the first visit: the carry-in, else zero."""
        c = self.person.carry
        return YearState(c.get("deductible_met", ZERO), c.get("above_deductible", ZERO), c.get("fund_paid", ZERO))

    def _version_on(self, day: date) -> Version | None:
        try:
            return self._versions[day]
        except KeyError:
            found = self._versions[day] = self.region.version_on(day)
            return found

    def _assumptions(self, scope: str, version_id: str | None) -> tuple[str, ...]:
        """The rule file's assumptions of *scope* for *version_id*, looked up once per settler."""
        key = (scope, version_id)
        found = self._assumption_cache.get(key)
        if found is None:
            found = self._assumption_cache[key] = self.region.assumptions_for(scope, version_id)
        return found

    def deductible_standard(self, version: Version, tier: str) -> Decimal:
        """The deductible (起付标准) of *version* for this person at *tier*: a year's or a visit's."""
        return self._rules(version, tier, 0).deductible

    def _rules(self, version: Version, tier: str, age: int) -> _Rules:
        """:func:`_rules_for`, looked up once per (version, tier, age) for this person."""
        key = (version.id, tier, age)
        found = self._rules_cache.get(key)
        if found is None:
            found = self._rules_cache[key] = _rules_for(version, tier, self.person.category, age, self.params)
        return found

    def check_visit(self, visit: Visit, index: int | None = None) -> None:
        if visit.tier not in self._tier_ids:
            tiers = ", ".join(t.id for t in self.region.tiers)
            raise CaseError(f"unknown tier {visit.tier!r} for {self.region.region} (tiers: {tiers})", field="tier", visit=index)
        if visit.date.year != self.person.year:
            raise CaseError(f"visit on {visit.date} is outside the year {self.person.year}", field="date", visit=index)
        if visit.exclusion is not None:
            known = {x.id for v in self.region.versions for x in v.exclusions}
            if visit.exclusion not in known:
                raise CaseError(
                    f"unknown exclusion {visit.exclusion!r} for {self.region.region}", field="exclusion", visit=index
                )
            if self.region.exclusion_on(visit.date, visit.exclusion) is None:
                # listed by another version only: settling would pay the visit silently
                version = self._version_on(visit.date)
                raise CaseError(
                    f"exclusion {visit.exclusion!r} is not listed by the rules in force on {visit.date} "
                    f"({version.id if version else 'none'})", field="exclusion", visit=index,
                    code="exclusion_not_in_force", value=visit.exclusion, date=visit.date.isoformat())

    def settle(self, visit: Visit, state: YearState, index: int = 0) -> VisitResult:
        """Settle *visit* against *state* (mutated to the state after the visit)."""
        return self.settle_traced(visit, state, index, None, None)

    def settle_traced(self, visit: Visit, state: YearState, index: int,
                      steps: list[Step] | None, notes: list[Step] | None) -> VisitResult:
        """:meth:`settle`, also recording the explanation into *steps* and *notes* when given."""
        self.check_visit(visit, index)
        scope = visit.policy_scope
        trace = steps is not None
        before = (state.deductible_met, state.above_deductible, state.fund_paid, state.scope_counted)
        if trace:
            steps.append(Step("policy_scope", {
                "total": visit.total, "self_funded": visit.self_funded,
                "class_b_copay": visit.class_b_copay, "scope": scope,
            }))
        version = self._version_on(visit.date)

        assumed: list[str] = []

        def assume(scope: str) -> None:
            for aid in self._assumptions(scope, version.id if version else None):
                if aid not in assumed:
                    assumed.append(aid)
                    if trace:
                        steps.append(assumption_step(self.region, aid))

        def excluded(reason: str, step: Step, note: Step) -> VisitResult:
            if trace:
                steps.append(step)
                steps.append(Step("result", {"fund": ZERO, "total": visit.total, "self_pay": visit.total}))
                notes.append(note)
            return VisitResult(
                index, visit, scope, ZERO, None, (), ZERO, ZERO, visit.total,
                version.id if version else None, reason, False,
                state.deductible_met, state.fund_paid, before, self, tuple(assumed),
            )

        if version is None:
            return excluded("no_rule", Step("no_rule", {"date": visit.date.isoformat()}), Step("note_no_rule"))
        if trace:
            steps.append(Step("version", {"version": self.region.documents[version.source.doc].title,
                                          "start": version.effective_from.isoformat()}, version.source))
        assume("version")
        if not visit.designated:
            rule = version.emergency_at_non_designated_paid
            if visit.emergency and rule.value:
                if trace:
                    steps.append(Step("emergency_paid", {}, rule.source))
                    notes.append(Step("note_emergency_paid"))
            elif visit.emergency:
                assume("non_designated_emergency")
                return excluded("non_designated", Step("non_designated_emergency_unpaid", {}, rule.source),
                                Step("note_non_designated"))
            else:
                return excluded("non_designated", Step("non_designated", {}, rule.source), Step("note_non_designated"))
        if visit.patient == "family":
            # pooled benefits are the insured person's own (e.g. Tongliao 第七条); a family member's
            # cost paid from this account never counts toward this person's deductible (第六条)
            if trace:
                account = self.region.account_on(visit.date)
                steps.append(Step("family_member", {}, account.family_use if account else None))
            return excluded("family_member", Step("family_not_counted"), Step("note_family"))
        if visit.exclusion is not None:
            reason = next((x for x in version.exclusions if x.id == visit.exclusion), None)
            if reason is not None:
                return excluded(reason.id, Step("excluded", {"reason": reason.label}, reason.source),
                                Step("note_excluded", {"reason": reason.label}))

        age = age_on(self.person.birth_date, visit.date) if self.person.birth_date else None
        rules = self._rules(version, visit.tier, age if self._age_rules else 0)

        # 3. deductible
        if version.deductible.kind == "annual":
            if version.effective_from.year == visit.date.year and version.effective_from > date(visit.date.year, 1, 1):
                assume("partial_first_year")  # a version starting mid-year: its full annual deductible
            left = max(rules.deductible - state.deductible_met, ZERO)
            applied = min(scope, left)
            if trace:
                steps.append(Step("deductible_annual", {
                    "amount": rules.deductible, "met": state.deductible_met, "left": left, "applied": applied,
                }, rules.deductible_source))
                if applied == scope and scope > 0:
                    notes.append(Step("note_below_deductible"))
                elif applied > 0:
                    notes.append(Step("note_deductible_crossed"))
        else:
            applied = min(scope, rules.deductible)
            if trace:
                steps.append(Step("deductible_per_visit", {
                    "tier": TierName(visit.tier), "amount": rules.deductible, "applied": applied,
                }, rules.deductible_source))
                if applied == scope and scope > 0:
                    notes.append(Step("note_below_deductible"))
        state.deductible_met += applied

        # the limit on compliant cost (cap_basis: policy_scope): only the part of this visit's
        # policy-scope cost within what is left of it is paid a share of; the deductible is its first part
        base = scope - applied
        scope_limited = rules.cap is not None and version.cap_over == "policy_scope"
        limited = False
        if scope_limited:
            left = max(rules.cap - state.scope_counted, ZERO)
            within = min(scope, left)
            limited_base = max(within - applied, ZERO)
            if trace:
                steps.append(Step("limit_scope", {"cap": rules.cap, "counted": state.scope_counted, "left": left,
                                                  "within": within, "base": limited_base}, rules.cap_source))
            if limited_base < base:
                limited = True
                base = limited_base
                if trace:
                    notes.append(Step("note_scope_limit_exhausted" if left == 0 and scope > 0
                                      else "note_scope_limit_clipped"))
        state.scope_counted += scope

        # 4. ratio, split across bands of the cumulative amount above the deductible, or of the
        # cumulative fund paid (band_basis: fund_paid)
        pieces: list[BandPiece] = []
        bands = rules.bands
        over_fund = version.bands_over == "fund_paid"
        if over_fund:
            paid = state.fund_paid
            rest = base
            for i, (band_from, ratio, _src) in enumerate(bands):
                band_to = bands[i + 1][0] if i + 1 < len(bands) else None
                if band_to is not None and paid >= band_to:
                    continue
                if band_to is None or ratio == 0:
                    amount = rest
                else:
                    amount = min(rest, (band_to - paid) / ratio)
                if amount <= 0 and pieces:
                    break
                pieces.append(BandPiece(band_from, band_to, amount, ratio, amount * ratio))
                paid += amount * ratio
                rest -= amount
                if rest <= 0:
                    break
        else:
            start = state.above_deductible
            end = start + base
            for i, (band_from, ratio, _src) in enumerate(bands):
                band_to = bands[i + 1][0] if i + 1 < len(bands) else None
                lo = max(start, band_from)
                hi = end if band_to is None else min(end, band_to)
                if hi > lo or (base == 0 and not pieces and (band_to is None or start < band_to)):
                    amount = max(hi - lo, ZERO)
                    pieces.append(BandPiece(band_from, band_to, amount, ratio, amount * ratio))
        state.above_deductible += scope - applied
        payable = round_fen(sum((p.pay for p in pieces), ZERO)) if len(pieces) > 1 else round_fen(pieces[0].pay)
        if len(bands) > 1:
            if trace:  # which cumulative amount the bands are measured over, and how much of it before
                steps.append(Step("band_basis_fund" if over_fund else "band_basis_above",
                                  {"before": before[2] if over_fund else before[1]}))
            assume("band_basis")
        if trace:
            age_arg = {"age": age} if self._age_rules else {}
            common = {"tier": TierName(visit.tier), "category": CategoryName(self.person.category), **age_arg}
            ratio_source = next(src for band, _r, src in bands if band == pieces[0].band_from)
            if len(bands) == 1:
                steps.append(Step("ratio", {
                    **common, "ratio": Pct(pieces[0].ratio), "scope": applied + base, "applied": applied,
                    "payable": payable,
                }, ratio_source))
            else:
                steps.append(Step("ratio_bands", {**common, "base": base}, ratio_source))
                for p in pieces:
                    src = next(s for band, _r, s in bands if band == p.band_from)
                    steps.append(Step("band_piece_fund" if over_fund else "band_piece", {
                        "lo": p.band_from, "hi": p.band_to if p.band_to is not None else "∞",
                        "amount": round_fen(p.amount) if over_fund else p.amount, "ratio": Pct(p.ratio),
                        "pay": round_fen(p.pay),
                    }, src))
                steps.append(Step("band_total", {"payable": payable}))
                if len([p for p in pieces if p.amount > 0]) > 1:
                    notes.append(Step("note_band_crossed"))

        # 5. annual cap (on the fund paid; a limit on compliant cost was applied above)
        clipped = limited
        fund = payable
        if rules.cap is not None and not scope_limited:
            left = max(rules.cap - state.fund_paid, ZERO)
            if trace:
                steps.append(Step("cap", {"cap": rules.cap, "paid": state.fund_paid, "left": left}, rules.cap_source))
            if payable > left:
                fund = left
                clipped = True
                if trace:
                    steps.append(Step("cap_clipped", {"payable": payable, "fund": fund}, rules.cap_source))
                    notes.append(Step("note_cap_exhausted" if left == 0 and payable > 0 else "note_cap_clipped"))
        elif rules.cap is None and trace:
            steps.append(Step("no_cap"))
        state.fund_paid += fund
        self_pay = visit.total - fund
        if trace:
            steps.append(Step("result", {"fund": fund, "total": visit.total, "self_pay": self_pay}))
        return VisitResult(
            index, visit, scope, applied, pieces[0].ratio, tuple(pieces), payable, fund, self_pay,
            version.id, None, clipped, state.deductible_met, state.fund_paid, before, self, tuple(assumed),
        )

    def quote(self, state: YearState, amount: Decimal, on: date) -> dict[str, VisitResult]:
        """Settle a probe visit of *amount* on *on* at every tier after *state* (left unchanged)."""
        return {t.id: self.settle(Visit(date=on, tier=t.id, total=amount), state.copy(), -1)
                for t in self.region.tiers}

    def totals(self, results: Sequence[VisitResult], state: YearState, *, on: date | None = None) -> Totals:
        version = self._totals_version(results, on)
        fund_by_tier = {t.id: ZERO for t in self.region.tiers}
        for r in results:
            fund_by_tier[r.visit.tier] += r.fund
        cap = annual_deductible = None
        if version is not None:
            rules = _rules_for(version, self.region.tiers[0].id, self.person.category, 0, self.params)
            cap = rules.cap
            if version.deductible.kind == "annual":
                annual_deductible = rules.deductible
        fund = sum((r.fund for r in results), ZERO)
        return Totals(
            total=sum((r.visit.total for r in results), ZERO),
            policy_scope=sum((r.policy_scope for r in results), ZERO),
            deductible_met=state.deductible_met,
            annual_deductible=annual_deductible,
            fund=fund,
            self_pay=sum((r.self_pay for r in results), ZERO),
            annual_cap=cap,
            # what is left of the limit: of the fund's payout, or of compliant cost (cap_basis: policy_scope)
            remaining_allowance=None if cap is None else max(
                cap - (state.scope_counted if version.cap_over == "policy_scope" else state.fund_paid), ZERO),
            fund_by_tier=fund_by_tier,
            version_id=version.id if version else None,
        )

    def _totals_version(self, results: Sequence[VisitResult], on: date | None) -> Version | None:
        """The version whose deductible and cap the year totals show."""
        ruled = [r for r in results if r.version_id is not None]
        if on is not None and self.region.version_on(on) is not None:
            return self.region.version_on(on)
        if ruled:
            return self.region.version(ruled[-1].version_id)
        year = self.person.year
        in_year = [v for v in self.region.versions
                   if v.effective_from <= date(year, 12, 31) and (v.effective_to is None or v.effective_to >= date(year, 1, 1))]
        return max(in_year, key=lambda v: v.effective_from) if in_year else None


def settlement_order(visits: Sequence[Visit]) -> list[int]:
    """Indices of *visits* in date order (stable: same-day visits keep their order)."""
    return sorted(range(len(visits)), key=lambda i: visits[i].date)


def settle(case: Case, region: RuleFile) -> Estimate:
    """Settle every visit of *case* in date order; the one entry point for CLI, window and tests."""
    return settle_indexed(Settler(region, case.person), list(enumerate(case.visits)))[0]


def settle_indexed(settler: Settler, visits: Sequence[tuple[int, Visit]]) -> tuple[Estimate, YearState]:
    """Settle ``(index, visit)`` pairs in date order: the estimate and the accumulators after the last visit."""
    from .account import settle_account

    state = settler.initial_state()
    order = settlement_order([v for _, v in visits])
    lines = [settler.settle(visits[k][1], state, visits[k][0]) for k in order]
    person = settler.person
    est = Estimate(settler.region, person, tuple(lines), settler.totals(lines, state),
                   settle_account(settler.region, person, lines))
    return est, state


def quote_next_visit(case: Case, region: RuleFile, amount: Decimal, on: date) -> dict[str, VisitResult]:
    """What the fund would pay for one more visit of *amount* (all in policy scope) on *on*, per tier.

    The year's visits are settled first (all of them, in date order); the quote is
    the next visit after them.
    """
    settler = Settler(region, case.person)
    state = settler.initial_state()
    for i in settlement_order(case.visits):
        settler.settle(case.visits[i], state, i)
    return settler.quote(state, amount, on)


# --- rendering ---------------------------------------------------------------------

def _render_arg(value: Any, region: RuleFile, lang: str) -> Any:
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


def render_step(step: Step, region: RuleFile, lang: str = "zh", *, cite: bool = True) -> str:
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


def explain(result: VisitResult, region: RuleFile, lang: str = "zh") -> list[str]:
    """The step-by-step settlement of one visit, one line per step, with citations."""
    return [render_step(s, region, lang) for s in result.steps]


def assumption_step(region: RuleFile, assumption_id: str) -> Step:
    """An explanation line saying what is assumed here and why."""
    a = region.assumption(assumption_id)
    return Step("assumption", {"text": a.text, "reason": a.reason}, a.source)


def estimate_assumptions(est: Estimate) -> list[str]:
    """Ids of the assumptions that affected any figure of *est* (pooling or account), in file order."""
    used = {aid for line in est.lines for aid in line.assumptions}
    if est.account is not None:
        used.update(est.account.assumptions)
    return [a.id for a in est.region.assumptions if a.id in used]


def assumption_texts(region: RuleFile, ids, lang: str = "zh", *, reasons: bool = True) -> list[str]:
    """“Assumed: … (why: …)”, one line per assumption id."""
    out = []
    for aid in ids:
        a = region.assumption(aid)
        if a is not None:
            key = "assumption" if reasons else "assumption_short"
            out.append(render(key, lang, text=a.text.get(lang), reason=a.reason.get(lang)))
    return out


def note_texts(result: VisitResult, region: RuleFile, lang: str = "zh") -> list[str]:
    return [render_step(s, region, lang, cite=False) for s in result.notes]


def region_notes(region: RuleFile, version_id: str | None, lang: str = "zh") -> list[str]:
    version = region.version(version_id)
    return [n.text.get(lang) for n in version.notes] if version else []
