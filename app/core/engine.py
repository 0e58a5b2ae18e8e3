"""Settlement engine (结算): one calendar year of visits under a region's rules.

Follows DOMAIN.md "Settlement of one visit": visits in date order, annual accumulators carried
from visit to visit. The arithmetic is the kernel's (:mod:`app.core.kernel`: integer fen over
columns, recording what it did per visit); this module holds the rule lookups it asks for
(:class:`Settler`), the read-only views over its record (:class:`VisitResult`, :class:`Lines`),
the totals and the entry points. The explanation is read from the record
(:mod:`app.core.explain`), never worked out by settling again. Pure: no Qt, no I/O.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import compress
from collections.abc import Iterable, Mapping, Sequence
from operator import sub
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from . import kernel
from .account import AccountResult, settle_account_record
from .case import Case, Person, Visit
from .dates import age_on
from .explain import CategoryName, Pct, Step, TierName, assumption_step, piece_list, render_step, visit_steps
from .kernel import Record, RuleEntry
from .messages import render
from .money import ZERO, from_fen, round_fen, to_fen
from .rules.schema import ParamRef, RuleFile, Source, Value, Version, pick_entry, ratio_schedule

__all__ = ["CaseError", "Step", "Pct", "TierName", "CategoryName", "BandPiece", "VisitResult", "YearState", "Totals",
           "Estimate", "Settler", "settle", "settle_indexed", "quote_next_visit", "explain", "note_texts",
           "render_step", "assumption_step", "assumption_texts", "estimate_assumptions", "region_notes", "age_on"]


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


# --- results: read-only views over the kernel's record ------------------------------

@dataclass(frozen=True)
class BandPiece:
    band_from: Decimal
    band_to: Decimal | None
    amount: Decimal
    ratio: Decimal
    pay: Decimal  # unrounded amount × ratio


class VisitResult:
    """How one visit settled: a read-only view over one row of the kernel's record, made when a
    reader asks for it (``est.lines[i]``); each figure is read from the record's columns when it
    is asked for.

    ``before``: the accumulators before the visit (deductible_met, above_deductible, fund_paid,
    scope_counted); ``ratio``: of the first band used (None when the visit is not paid);
    ``payable``: before the annual cap, rounded to the fen; ``excluded``: "no_rule" |
    "non_designated" | "family_member" | an exclusion id; ``assumptions``: ids of the rule file's
    assumptions the visit's figures rest on."""

    __slots__ = ("record", "row", "settler")
    FIELDS = ("index", "visit", "policy_scope", "deductible", "ratio", "pieces", "payable", "fund", "self_pay",
              "version_id", "excluded", "cap_clipped", "deductible_met_after", "fund_paid_after", "before",
              "assumptions")

    def __init__(self, record: Record, row: int, settler: "Settler"):
        self.record = record
        self.row = row
        self.settler = settler

    @classmethod
    def of(cls, rec: Record, r: int, settler: "Settler") -> "VisitResult":
        return cls(rec, r, settler)

    @property
    def index(self) -> int:  # position of the visit in the case (0-based)
        return self.record.index[self.row]

    @property
    def visit(self) -> Visit:
        return self.record.visit_at(self.row)

    @property
    def policy_scope(self) -> Decimal:
        return from_fen(self.record.scope[self.row])

    @property
    def deductible(self) -> Decimal:  # deductible applied at this visit
        return from_fen(self.record.deductible[self.row])

    @property
    def pieces(self) -> tuple[BandPiece, ...]:
        rec, r = self.record, self.row
        entry = rec.entry[r]
        if entry is None:
            return ()
        bands = entry.bands
        return tuple(BandPiece(bands[b][0], bands[b + 1][0] if b + 1 < len(bands) else None, amount, bands[b][1], pay)
                     for b, amount, pay in piece_list(rec, r))

    @property
    def ratio(self) -> Decimal | None:
        rec, r = self.record, self.row
        entry = rec.entry[r]
        if entry is None or not rec.pieces(r):
            return None
        return entry.bands[rec.p_band[rec.pieces(r)[0]]][1]

    @property
    def payable(self) -> Decimal:
        return from_fen(self.record.payable[self.row])

    @property
    def fund(self) -> Decimal:
        return from_fen(self.record.fund[self.row])

    @property
    def self_pay(self) -> Decimal:
        return from_fen(self.record.total[self.row] - self.record.fund[self.row])

    @property
    def version_id(self) -> str | None:
        version = self.record.version[self.row]
        return version.id if version is not None else None

    @property
    def excluded(self) -> str | None:
        return self.record.excluded[self.row]

    @property
    def cap_clipped(self) -> bool:  # by the annual cap or the limit on compliant cost
        return bool(self.record.cap_clipped[self.row] or self.record.limit_clipped[self.row])

    @property
    def deductible_met_after(self) -> Decimal:
        return from_fen(self.record.state_after(self.row)[0])

    @property
    def fund_paid_after(self) -> Decimal:
        return from_fen(self.record.state_after(self.row)[2])

    @property
    def scope_counted_after(self) -> Decimal:
        """Compliant (policy-scope) cost counted so far this year, for a limit on it."""
        return from_fen(self.record.state_after(self.row)[3])

    @property
    def before(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        rec, r = self.record, self.row
        return from_fen(rec.b_met[r]), from_fen(rec.b_above[r]), from_fen(rec.b_paid[r]), from_fen(rec.b_counted[r])

    @property
    def assumptions(self) -> tuple[str, ...]:
        return self.record.assumed[self.row]

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VisitResult):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "VisitResult(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.FIELDS if n != "visit") + ")"

    @property
    def steps(self) -> tuple[Step, ...]:
        """The settlement step by step, each with the rule it cites (read from the record)."""
        return self._explained()[0]

    @property
    def notes(self) -> tuple[Step, ...]:
        """Short remarks for the visit's row (within the deductible, clipped at the cap, …)."""
        return self._explained()[1]

    def _explained(self) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
        return visit_steps(self.record, self.row, self.settler.region, self.settler.person.category)


class Lines(Sequence):
    """The visits' results in settlement (date) order: views made on demand over the record.

    After an edit, the first *keep* rows are the previous estimate's (same visits, same
    accumulators): their views are that estimate's, not new ones."""

    __slots__ = ("record", "settler", "_views", "_parent", "_keep", "_depth")
    MAX_DEPTH = 16  # a chain of edits longer than this starts afresh (views are made again)

    def __init__(self, record: Record, settler: "Settler", parent: "Lines | None" = None, keep: int = 0):
        self.record = record
        self.settler = settler
        self._views: list[VisitResult | None] = [None] * len(record)
        if parent is not None and parent._depth >= self.MAX_DEPTH:
            parent = None
        self._parent = parent
        self._keep = keep if parent is not None else 0
        self._depth = parent._depth + 1 if parent is not None else 0

    def __len__(self) -> int:
        return len(self._views)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self._views))))
        view = self._views[i]
        if view is None:
            if i < 0:
                i += len(self._views)
            if i < self._keep:
                view = self._parent[i]
            else:
                view = VisitResult.of(self.record, i, self.settler)
            self._views[i] = view
        return view

    def __iter__(self):
        for i in range(len(self._views)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Lines({len(self)} visits)"


@dataclass
class YearState:
    """Annual accumulators (年度累计), carried from visit to visit in date order."""

    deductible_met: Decimal = ZERO  # deductible applied so far this year
    above_deductible: Decimal = ZERO  # policy-scope cost above the deductible so far (for bands)
    fund_paid: Decimal = ZERO
    # policy-scope cost so far this year (deductible included), for a limit on compliant cost
    # (``cap_basis: policy_scope``); its carry-in name is ``policy_scope``
    scope_counted: Decimal = ZERO

    def copy(self) -> "YearState":
        return replace(self)

    def fen(self) -> tuple[int, int, int, int]:
        """The accumulators in integer fen, as the kernel carries them."""
        return (to_fen(self.deductible_met), to_fen(self.above_deductible), to_fen(self.fund_paid),
                to_fen(self.scope_counted))

    def set_fen(self, state: tuple[int, int, int, int]) -> None:
        self.deductible_met, self.above_deductible, self.fund_paid, self.scope_counted = map(from_fen, state)

    @classmethod
    def from_fen(cls, state: tuple[int, int, int, int]) -> "YearState":
        return cls(*map(from_fen, state))


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
    scope_counted: Decimal = ZERO  # compliant cost counted this year, carried in included (a limit on cost)


class YearFen(NamedTuple):
    """:class:`Totals` in integer fen, without the fund by tier (:meth:`Settler.year_fen`)."""

    total: int
    policy_scope: int
    deductible_met: int
    annual_deductible: int | None
    fund: int
    annual_cap: int | None
    remaining_allowance: int | None
    version_id: str | None
    scope_counted: int


@dataclass(frozen=True)
class Estimate:
    region: RuleFile
    person: Person
    lines: Lines  # in settlement (date) order
    totals: Totals
    account: "AccountResult | None" = None  # personal account (app.core.account); set by settle()

    def by_index(self) -> "ByIndex":
        """Results by the visit's position in the case (``lines`` are in date order)."""
        return ByIndex(self.lines)


class ByIndex(Mapping):
    """``{visit index: VisitResult}`` over :class:`Lines`, each view made when it is asked for."""

    def __init__(self, lines: Lines):
        self._lines = lines
        self._pos = {index: r for r, index in enumerate(lines.record.index)}
        self._among: Iterable[int] | None = None  # the last indices asked for by largest(), and their rows
        self._rows: list[int] = []

    def __getitem__(self, index: int) -> VisitResult:
        return self._lines[self._pos[index]]

    def __contains__(self, index: object) -> bool:  # without making the view
        return index in self._pos

    def get(self, index: int, default=None):
        r = self._pos.get(index)
        return default if r is None else self._lines[r]

    def __iter__(self):
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)

    def largest(self, name: str, indices: Iterable[int] | None = None) -> Decimal | None:
        """The largest ``policy_scope``, ``deductible``, ``fund`` or ``self_pay`` of the visits at
        *indices* (None: of all; a list not changed afterwards), read from the record's columns; None
        when none of them settled."""
        rec = self._lines.record
        if name == "self_pay":
            column = array("q", map(sub, rec.total, rec.fund))
        else:
            column = {"policy_scope": rec.scope, "deductible": rec.deductible, "fund": rec.fund}[name]
        if indices is None:
            return from_fen(max(column)) if column else None
        if self._among is not indices:  # the columns of a table are fitted to the same rows, one after another
            pos = self._pos
            self._among, self._rows = indices, [pos[i] for i in indices if i in pos]
        rows = self._rows
        return from_fen(max(map(column.__getitem__, rows))) if rows else None


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
        self._entries: dict[tuple, RuleEntry] = {}
        self._bounds: list[int] | None = None  # days where the version in force or the age changes (ordinals)
        self._span_tables: dict[tuple, dict[str, RuleEntry]] = {}  # entries by tier, per (version, age, year)
        self._limits: dict[str, tuple[int | None, int | None]] = {}  # the totals' cap and deductible, by version
        self._version_by_id: dict[str, Version] | None = None
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
        version = self._totals_version(None)
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
        return YearState(c.get("deductible_met", ZERO), c.get("above_deductible", ZERO), c.get("fund_paid", ZERO),
                         c.get("policy_scope", ZERO))

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
        self.check_fields(visit.tier, visit.date, visit.exclusion, index)

    def check_fields(self, tier: str, day: date, exclusion: str | None, index: int | None = None) -> None:
        """A visit's tier, date and exclusion against these rules (:meth:`check_visit` of a visit's fields)."""
        if tier not in self._tier_ids:
            tiers = ", ".join(t.id for t in self.region.tiers)
            raise CaseError(f"unknown tier {tier!r} for {self.region.region} (tiers: {tiers})", field="tier", visit=index)
        if day.year != self.person.year:
            raise CaseError(f"visit on {day} is outside the year {self.person.year}", field="date", visit=index)
        if exclusion is not None:
            known = {x.id for v in self.region.versions for x in v.exclusions}
            if exclusion not in known:
                raise CaseError(
                    f"unknown exclusion {exclusion!r} for {self.region.region}", field="exclusion", visit=index
                )
            if self.region.exclusion_on(day, exclusion) is None:
                # listed by another version only: settling would pay the visit silently
                version = self._version_on(day)
                raise CaseError(
                    f"exclusion {exclusion!r} is not listed by the rules in force on {day} "
                    f"({version.id if version else 'none'})", field="exclusion", visit=index,
                    code="exclusion_not_in_force", value=exclusion, date=day.isoformat())

    # --- what the kernel asks for (kernel.Rules) ---

    def span(self, day: int) -> tuple[int, int, Version | None, dict[str, RuleEntry]]:
        """The stretch of days around *day* (ordinals ``lo ≤ day ≤ hi``) where the same rule version
        is in force and the person's age is the same; the version; its entries by tier."""
        bounds = self._bounds
        if bounds is None:  # the days where a version starts or ends, and the birthday
            days = set()
            for v in self.region.versions:
                days.add(v.effective_from.toordinal())
                if v.effective_to is not None and v.effective_to < date.max:
                    days.add(v.effective_to.toordinal() + 1)
            birth = self.person.birth_date
            if self._age_rules and birth is not None:
                for year in range(self.person.year - 1, self.person.year + 2):
                    try:
                        days.add(date(year, birth.month, birth.day).toordinal())
                    except ValueError:  # 29 February: a year older from 1 March
                        days.add(date(year, 3, 1).toordinal())
            bounds = self._bounds = sorted(days)
        i = bisect_right(bounds, day)
        lo = bounds[i - 1] if i else 1  # date.min
        hi = bounds[i] - 1 if i < len(bounds) else date.max.toordinal()
        on = date.fromordinal(day)
        version = self._version_on(on)
        age = age_on(self.person.birth_date, on) if self._age_rules else None
        key = (version.id if version is not None else None, age, on.year)
        table = self._span_tables.get(key)
        if table is None:
            table = self._span_tables[key] = {}
        return lo, hi, version, table

    def paid_entry(self, version: Version, day: date, tier: str) -> RuleEntry:
        """The numbers a paid visit on *day* at *tier* is settled with, looked up once per (version, tier, age)."""
        age = age_on(self.person.birth_date, day) if self._age_rules else None
        key = (version.id, tier, age if age is not None else 0, day.year)
        found = self._entries.get(key)
        if found is None:
            rules = self._rules(version, tier, key[2])
            partial = (version.deductible.kind == "annual" and version.effective_from.year == day.year
                       and version.effective_from > date(day.year, 1, 1))  # a version starting mid-year
            assumed = list(self._assumptions("version", version.id))
            if partial:
                assumed += self._assumptions("partial_first_year", version.id)
            if len(rules.bands) > 1:
                assumed += self._assumptions("band_basis", version.id)
            found = self._entries[key] = RuleEntry(
                version, tier, age, rules.deductible, rules.deductible_source, rules.bands, rules.cap,
                rules.cap_source, tuple(dict.fromkeys(assumed)), partial)
        return found

    def excluded_assumptions(self, version: Version, emergency: bool) -> tuple[str, ...]:
        """The assumptions of a visit the fund does not pay (an unpaid emergency at a non-designated place)."""
        key = ("excluded:" + str(emergency), version.id)
        found = self._assumption_cache.get(key)
        if found is None:
            ids = self._assumptions("version", version.id)
            if emergency:
                ids += self._assumptions("non_designated_emergency", version.id)
            found = self._assumption_cache[key] = tuple(dict.fromkeys(ids))
        return found

    # --- settling ---

    def run(self, src: Sequence[Visit], order: Sequence[int], state: YearState | tuple[int, int, int, int],
            record: Record | None = None, indices: Sequence[int] | None = None, *,
            columns: tuple | None = None) -> tuple[Record, tuple[int, int, int, int]]:
        """Settle the visits of *src* at positions *order* (date order) from *state* with the kernel,
        appending to *record*; *indices*: the visits' positions in the case (None: in *src*).
        *columns*: the visits already read and checked as the kernel's input columns
        (:func:`kernel.read_columns`), *src* then empty: the record holds no Visit objects."""
        if isinstance(state, YearState):
            state = state.fen()
        return kernel.run(self, src, indices, order, state, self.person.year, self._tier_ids, record, columns)

    def settle(self, visit: Visit, state: YearState, index: int = 0) -> VisitResult:
        """Settle one *visit* against *state* (mutated to the state after the visit)."""
        rec, after = self.run((visit,), (0,), state, indices=(index,))
        state.set_fen(after)
        return VisitResult.of(rec, 0, self)

    def quote(self, state: YearState, amount: Decimal, on: date) -> dict[str, VisitResult]:
        """Settle a probe visit of *amount* on *on* at every tier after *state* (left unchanged)."""
        return {t.id: self.settle(Visit(date=on, tier=t.id, total=amount), state.copy(), -1)
                for t in self.region.tiers}

    def totals(self, rec: Record, state: tuple[int, int, int, int]) -> Totals:
        """The year's totals, summed from the record's columns; *state*: the accumulators after it (fen)."""
        f = self.year_fen(rec, state)
        by_tier = {t.id: sum(compress(rec.fund, map(t.id.__eq__, rec.tier))) for t in self.region.tiers}
        return Totals(
            total=from_fen(f.total),
            policy_scope=from_fen(f.policy_scope),
            deductible_met=from_fen(f.deductible_met),
            annual_deductible=None if f.annual_deductible is None else from_fen(f.annual_deductible),
            fund=from_fen(f.fund),
            self_pay=from_fen(f.total - f.fund),
            annual_cap=None if f.annual_cap is None else from_fen(f.annual_cap),
            remaining_allowance=None if f.remaining_allowance is None else from_fen(f.remaining_allowance),
            fund_by_tier={k: from_fen(v) for k, v in by_tier.items()},
            version_id=f.version_id,
            scope_counted=from_fen(f.scope_counted),
        )

    def year_fen(self, rec: Record, state: tuple[int, int, int, int]) -> "YearFen":
        """The figures of :meth:`totals` in fen (without the fund by tier), summed over the record;
        *state*: the accumulators after its last row (fen). (A claims file's persons are read off
        the record a column at a time by the batch, with :meth:`limits_fen`.)"""
        version, cap, annual_deductible, left = self.limits_fen(rec.version, state)
        return YearFen(total=sum(rec.total), policy_scope=sum(rec.scope), deductible_met=state[0],
                       annual_deductible=annual_deductible, fund=sum(rec.fund), annual_cap=cap,
                       remaining_allowance=left, version_id=version.id if version else None, scope_counted=state[3])

    def limits_fen(self, versions: Sequence[Version | None] | None, state: tuple[int, int, int, int],
                   ) -> tuple[Version | None, int | None, int | None, int | None]:
        """The limits :meth:`year_fen` shows, in fen: the version whose limits they are (that of the
        last visit with a rule in force; *versions*: the record's column), its cap and annual
        deductible (:meth:`_year_limits`), and what is left of the cap after *state* (None: no cap)."""
        version = self._totals_version(versions)
        if version is None:
            return None, None, None, None
        cap, annual_deductible = self._year_limits(version)
        return version, cap, annual_deductible, remaining_fen(version, cap, state[2], state[3])

    def _year_limits(self, version: Version) -> tuple[int | None, int | None]:
        """The year's cap and annual deductible under *version* in fen (None: no cap / a per-visit
        deductible), as the totals show them. The cap is one for all tiers; an annual deductible
        that differs by tier (one amount met counts against each tier's) shows the largest: once it
        is met, it is met at every tier."""
        found = self._limits.get(version.id)
        if found is None:
            by_tier = [self._rules(version, t.id, 0) for t in self.region.tiers]
            cap = by_tier[0].cap
            annual = version.deductible.kind == "annual"
            found = self._limits[version.id] = (
                None if cap is None else to_fen(cap),
                max(to_fen(r.deductible) for r in by_tier) if annual else None)
        return found

    def _totals_version(self, versions: Sequence[Version | None] | None) -> Version | None:
        """The version whose deductible and cap the year totals show: that of the last visit with a rule
        in force (*versions*: the record's column), else the latest version in force during the year."""
        if versions:
            ruled = versions[-1]  # mostly the last visit's
            if ruled is None:
                ruled = next((v for v in reversed(versions) if v is not None), None)
            if ruled is not None:
                by_id = self._version_by_id
                if by_id is None:
                    by_id = self._version_by_id = {v.id: v for v in self.region.versions}  # ids are unique
                return by_id.get(ruled.id)
        year = self.person.year
        in_year = [v for v in self.region.versions
                   if v.effective_from <= date(year, 12, 31) and (v.effective_to is None or v.effective_to >= date(year, 1, 1))]
        return max(in_year, key=lambda v: v.effective_from) if in_year else None


def remaining_fen(version: Version, cap: int | None, paid: int, counted: int) -> int | None:
    """What is left of the year's limit *cap* (fen) under *version*: of the fund's payout (*paid*),
    or of compliant cost (*counted*, cap_basis: policy_scope); None where there is no cap."""
    if cap is None:
        return None
    return max(cap - (counted if version.cap_over == "policy_scope" else paid), 0)


def settlement_order(visits: Sequence[Visit]) -> list[int]:
    """Indices of *visits* in date order (stable: same-day visits keep their order)."""
    days = [v.date.toordinal() for v in visits]
    return sorted(range(len(days)), key=days.__getitem__)


def settle(case: Case, region: RuleFile) -> Estimate:
    """Settle every visit of *case* in date order; the one entry point for CLI, window and tests."""
    return settle_columns(Settler(region, case.person), case.visits, None, settlement_order(case.visits))[0]


def settle_indexed(settler: Settler, visits: Sequence[tuple[int, Visit]],
                   previous: Estimate | None = None) -> tuple[Estimate, YearState]:
    """Settle ``(index, visit)`` pairs in date order: the estimate and the accumulators after the last visit.

    With *previous* (an estimate of the same settler), the visits it settled in the same place of
    the date order from the same start are not settled again: the kernel restarts from the
    accumulators recorded before the first visit that differs.
    """
    src = [v for _, v in visits]
    return settle_columns(settler, src, [i for i, _ in visits], settlement_order(src), previous)


def settle_columns(settler: Settler, src: Sequence[Visit], indices: Sequence[int] | None, order: Sequence[int],
                   previous: Estimate | None = None) -> tuple[Estimate, YearState]:
    """Settle the visits of *src* at positions *order* (date order); *indices*: their positions in the
    case (None: in *src*). See :func:`settle_indexed` for *previous*."""
    keep = 0
    record = None
    start = settler.initial_state().fen()
    if previous is not None and previous.lines.settler is settler:
        old = previous.lines.record
        n = min(len(old), len(order))
        old_visits = old.visit
        while keep < n and old.index[keep] == (indices[order[keep]] if indices is not None else order[keep]) \
                and old_visits[keep] is src[order[keep]]:
            keep += 1
        if keep:
            record = old.prefix(keep)
            start = old.state_after(keep - 1)
    record, after = settler.run(src, order[keep:] if keep else order, start, record, indices)
    lines = Lines(record, settler, previous.lines if keep else None, keep)
    person = settler.person
    est = Estimate(settler.region, person, lines, settler.totals(record, after),
                   settle_account_record(settler.region, person, record))
    return est, YearState.from_fen(after)


def quote_next_visit(case: Case, region: RuleFile, amount: Decimal, on: date) -> dict[str, VisitResult]:
    """What the fund would pay for one more visit of *amount* (all in policy scope) on *on*, per tier.

    The year's visits are settled first (all of them, in date order); the quote is
    the next visit after them.
    """
    settler = Settler(region, case.person)
    _rec, after = settler.run(case.visits, settlement_order(case.visits), settler.initial_state())
    return settler.quote(YearState.from_fen(after), amount, on)


# --- rendering ---------------------------------------------------------------------

def explain(result: VisitResult, region: RuleFile, lang: str = "zh") -> list[str]:
    """The step-by-step settlement of one visit, one line per step, with citations."""
    return [render_step(s, region, lang) for s in result.steps]


def estimate_assumptions(est: Estimate) -> list[str]:
    """Ids of the assumptions that affected any figure of *est* (pooling or account), in file order."""
    used = {aid for ids in est.lines.record.assumed for aid in ids}  # each line's assumptions, from the record
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
