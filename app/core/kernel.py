"""The settlement kernel (结算内核): one arithmetic over columns, recording what it did.

Visits are settled in date order in one tight loop over integer fen (分); no per-visit object is
made. For every visit the loop appends to the columns of a :class:`Record`: the accumulators
before the visit, the rule entry it was settled under (version, deductible, bands, cap), the
deductible applied, each band piece, the amount payable, the fund, whether the cap or the limit on
compliant cost clipped it, why it was not paid (``excluded``) and the assumptions its figures rest
on. Everything else — the explanation (:mod:`app.core.explain`), the table, totals, quote, slip,
JSON, batch and the account split — reads those records; nothing settles a second time.

Exactness: amounts are integer fen; a ratio with *k* decimals is an integer numerator over
``10**k``, so ``fen × ratio`` is exact; band pieces are summed unrounded and rounded once, half up
to the fen — the same points as the policy texts (DOMAIN.md). Bands over the cumulative *fund
paid* (``band_basis: fund_paid``) cut a piece at ``(band_to − paid) / ratio``, which is not a whole
number of fen: those pieces (and any band threshold that is not whole fen) are worked out in
``Decimal``, exactly as before, by :func:`_pieces_decimal`.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import add, is_not, itemgetter, mul
from typing import TYPE_CHECKING, Any, Protocol, Sequence

from .money import ZERO, from_fen, round_fen, to_fen

if TYPE_CHECKING:
    from .case import Visit
    from .rules.schema import Source, Version


def _fen_or_none(amount: Decimal) -> int | None:
    try:
        return to_fen(amount)
    except ValueError:
        return None


@dataclass(frozen=True)
class RuleEntry:
    """The numbers one visit is settled with: a rule version's deductible, bands and cap for one
    person at one tier (and age), parameters resolved; shared by every visit settled under them."""

    version: "Version"
    tier: str
    age: int | None  # the person's age, when the ratios depend on it
    deductible: Decimal
    deductible_source: "Source"
    bands: tuple[tuple[Decimal, Decimal, "Source"], ...]  # (band_from, ratio, source)
    cap: Decimal | None
    cap_source: "Source | None"
    assumptions: tuple[str, ...]  # of a paid visit, in the order the settlement meets them
    partial_first_year: bool  # the version starts mid-year with a full annual deductible (an assumption)
    # derived, for the loop
    annual: bool = field(init=False)
    deductible_fen: int = field(init=False)
    cap_fen: int | None = field(init=False)
    scope_limited: bool = field(init=False)  # cap_basis: policy_scope — a limit on compliant cost
    over_fund: bool = field(init=False)  # band_basis: fund_paid
    int_bands: tuple[tuple[int, int | None, int], ...] | None = field(init=False)  # (from_fen, to_fen, numerator)
    scale: int = field(init=False)  # 10**k: the ratios' common denominator

    def __post_init__(self) -> None:
        put = object.__setattr__
        v = self.version
        put(self, "annual", v.deductible.kind == "annual")
        put(self, "deductible_fen", to_fen(self.deductible))
        put(self, "cap_fen", None if self.cap is None else to_fen(self.cap))
        put(self, "scope_limited", self.cap is not None and v.cap_over == "policy_scope")
        put(self, "over_fund", v.bands_over == "fund_paid")
        k = max((max(-r.as_tuple().exponent, 0) for _b, r, _s in self.bands), default=0)
        scale = 10 ** k
        put(self, "scale", scale)
        froms = [_fen_or_none(b) for b, _r, _s in self.bands]
        if self.over_fund or any(f is None for f in froms) or not self.bands:
            put(self, "int_bands", None)
        else:
            put(self, "int_bands", tuple(
                (froms[i], froms[i + 1] if i + 1 < len(froms) else None, int(r * scale))
                for i, (_b, r, _s) in enumerate(self.bands)))

    @property
    def version_id(self) -> str:
        return self.version.id


@dataclass
class Record:
    """What the kernel did, one entry per settled visit in settlement (date) order, as columns.

    Amounts are integer fen except the band pieces of the Decimal path (``p_amount``/``p_pay``
    hold ``Decimal`` there, ``int`` fen and ``None`` otherwise: the pay is ``amount × ratio``).
    The figures the loop works out for every visit (the accumulators, the deductible applied,
    base, payable, fund, the flags, ``p_end``) are flat arrays, sized before the loop and written
    through a ``memoryview`` (an ``array``'s own ``append`` parses each int it is given; a list
    keeps an int object per figure, and a year of 100,000 visits then spends its time waiting for
    memory). The columns gathered in date order from the input (positions, day, tier, amounts) and
    the rest are lists of the input's and the rules' objects."""

    index: list[int] = field(default_factory=list)  # the visit's position in the case
    pos: list[int] = field(default_factory=list)  # its position in the visits the kernel was given (``src``)
    day: list[int] = field(default_factory=list)  # the visit's date, as an ordinal (date.toordinal)
    tier: list[str] = field(default_factory=list)  # the visit's tier
    special: list[tuple | None] = field(default_factory=list)  # None, or (designated, emergency, patient, exclusion, check)
    self_funded: list[int] = field(default_factory=list)
    version: list["Version | None"] = field(default_factory=list)  # the rule version in force; None: no rule
    entry: list[RuleEntry | None] = field(default_factory=list)  # the numbers it was settled with; None: not paid
    excluded: list[str | None] = field(default_factory=list)  # "no_rule" | "non_designated" | "family_member" | exclusion id
    total: list[int] = field(default_factory=list)
    scope: list[int] = field(default_factory=list)  # policy scope = total − self-funded − class-B co-pay
    deductible: array = field(default_factory=partial(array, "q"))  # deductible applied at this visit
    base: array = field(default_factory=partial(array, "q"))  # what the ratio was applied to (scope − deductible, limited)
    payable: array = field(default_factory=partial(array, "q"))  # the pieces' pays summed, rounded once
    fund: array = field(default_factory=partial(array, "q"))  # payable, clipped by the annual cap
    cap_clipped: array = field(default_factory=partial(array, "b"))  # by the cap on the fund paid
    limit_clipped: array = field(default_factory=partial(array, "b"))  # by the limit on compliant cost
    # the accumulators before the visit (YearState)
    b_met: array = field(default_factory=partial(array, "q"))
    b_above: array = field(default_factory=partial(array, "q"))
    b_paid: array = field(default_factory=partial(array, "q"))
    b_counted: array = field(default_factory=partial(array, "q"))
    assumed: list[tuple[str, ...]] = field(default_factory=list)
    p_end: array = field(default_factory=partial(array, "q"))  # the visit's pieces are p_*[p_end[r-1]:p_end[r]]
    # band pieces, flat
    p_band: list[int] = field(default_factory=list)  # index into entry.bands
    p_amount: list[Any] = field(default_factory=list)
    p_pay: list[Any] = field(default_factory=list)
    # the Visit objects: rows before len(_visits) are in _visits, the later ones are src[pos[r]]
    _visits: list["Visit"] = field(default_factory=list, repr=False)
    src: Sequence["Visit"] = field(default=(), repr=False)

    def __len__(self) -> int:
        return len(self.index)

    @property
    def visit(self) -> list["Visit"]:
        """The visits, in settlement order (gathered when first asked for: the kernel itself reads columns)."""
        have = len(self._visits)
        if have < len(self.index):
            src = self.src
            self._visits.extend(src[p] for p in self.pos[have:])
        return self._visits

    def visit_at(self, r: int) -> "Visit":
        """The Visit of row *r* (without gathering the others)."""
        return self._visits[r] if r < len(self._visits) else self.src[self.pos[r]]

    def prefix(self, n: int) -> "Record":
        """The first *n* rows (a new record; the columns are copied)."""
        out = Record()
        visits = self.visit[:n]
        for name, column in vars(self).items():
            if name.startswith("p_") and name != "p_end" or name in ("_visits", "src"):
                continue
            vars(out)[name] = column[:n]
        pieces = self.p_end[n - 1] if n else 0
        for name in ("p_band", "p_amount", "p_pay"):
            vars(out)[name] = getattr(self, name)[:pieces]
        out._visits = visits
        return out

    def pieces(self, r: int) -> range:
        return range(self.p_end[r - 1] if r else 0, self.p_end[r])

    def state_after(self, r: int) -> tuple[int, int, int, int]:
        """The accumulators after row *r*."""
        if self.entry[r] is None:
            return self.b_met[r], self.b_above[r], self.b_paid[r], self.b_counted[r]
        applied = self.deductible[r]
        return (self.b_met[r] + applied, self.b_above[r] + self.scope[r] - applied,
                self.b_paid[r] + self.fund[r], self.b_counted[r] + self.scope[r])

    def states_after(self, rows: Sequence[int]) -> tuple[list[int], list[int], list[int]]:
        """:meth:`state_after`'s deductible met, fund paid and policy scope counted after each of
        *rows*, a column at a time (in C): an unpaid row applies no deductible and pays nothing
        (its columns hold 0) and counts no scope."""
        def at(column: list) -> list:
            return list(map(column.__getitem__, rows))

        paid_rows = map(is_not, at(self.entry), repeat(None))
        return (list(map(add, at(self.b_met), at(self.deductible))), list(map(add, at(self.b_paid), at(self.fund))),
                list(map(add, at(self.b_counted), map(mul, at(self.scope), paid_rows))))


class Rules(Protocol):
    """What the kernel asks the settler for (engine.Settler implements it)."""

    def check_visit(self, visit: "Visit", index: int | None = None) -> None: ...
    def span(self, day: int) -> tuple[int, int, "Version | None", dict[str, RuleEntry]]:
        """The stretch of days ``lo ≤ day ≤ hi`` (ordinals) with the same rule version and the same
        age, that version, and its entries by tier (filled by the kernel through paid_entry)."""
    def paid_entry(self, version: "Version", day: date, tier: str) -> RuleEntry: ...
    def excluded_assumptions(self, version: "Version", emergency: bool) -> tuple[str, ...]: ...


def read_columns(src: Sequence["Visit"], positions: Sequence[int], year: int, tier_ids: frozenset[str]) -> tuple:
    """The visits at *positions* of *src* as columns indexed by position (unread positions hold None):
    day (ordinal), tier, total, self-funded and policy scope in fen, and ``special`` — None for a
    plain visit (designated, the insured person's own, no exclusion, a known tier, in the year), else
    ``(designated, emergency, patient, exclusion, needs_check)``. Read in the order of *src* (the
    order the Visit objects were made in, which the memory follows) — read in date order, a year of
    100,000 visits spends its time waiting for memory. The numbers are kept in flat arrays (not one
    int object each), so reading them back in date order stays within a few contiguous buffers."""
    days, tiers, totals, funded, scopes, specials = _input_columns(len(src))
    for p in positions:
        v = src[p]
        d = v.date
        tier = v.tier
        total = int(v.total * 100)
        scope = total
        sf = v.self_funded
        if sf:
            sf = int(sf * 100)
            scope -= sf
        else:
            sf = 0
        cb = v.class_b_copay
        if cb:
            scope -= int(cb * 100)
        days[p] = d.toordinal()
        tiers[p] = tier
        totals[p] = total
        funded[p] = sf
        scopes[p] = scope
        exclusion = v.exclusion
        check = exclusion is not None or tier not in tier_ids or d.year != year
        if check or not v.designated or v.patient != "self":
            specials[p] = (v.designated, v.emergency, v.patient, exclusion, check)
    return days, tiers, totals, funded, scopes, specials


def _input_columns(n: int) -> tuple:
    """The kernel's *n*-row input columns, empty: day, tier, total, self-funded, scope, special."""
    return (array("q", bytes(8 * n)), [None] * n, array("q", bytes(8 * n)), array("q", bytes(8 * n)),
            array("q", bytes(8 * n)), [None] * n)


def checked_columns(rows: Sequence[tuple]) -> tuple:
    """Visits read and checked by the caller as the kernel's input columns (:func:`read_columns`'
    layout, no row needing a check): *rows* of ``(day ordinal, tier id, total, self-funded,
    class-B co-pay, designated, emergency, patient, exclusion)``, amounts in fen."""
    days, tiers, totals, funded, scopes, specials = _input_columns(len(rows))
    for p, (day, tier, total, sf, cb, designated, emergency, patient, exclusion) in enumerate(rows):
        days[p] = day
        tiers[p] = tier
        totals[p] = total
        funded[p] = sf
        scopes[p] = total - sf - cb
        if exclusion is not None or not designated or patient != "self":
            specials[p] = (designated, emergency, patient, exclusion, False)
    return days, tiers, totals, funded, scopes, specials


def run(rules: Rules, src: Sequence["Visit"], indices: Sequence[int] | None, order: Sequence[int],
        state: tuple[int, int, int, int], year: int, tier_ids: frozenset[str], rec: Record | None = None,
        columns: tuple | None = None, persons: Sequence[tuple[int, Rules]] | None = None,
        ) -> tuple[Record, tuple[int, int, int, int]]:
    """Settle the visits of *src* at positions *order* (date order) from the accumulators *state*
    (fen: deductible met, above the deductible, fund paid, policy scope counted), appending to
    *rec*; *indices*: each visit's position in the case (None: its position in *src*). The rules are
    asked once per stretch of days with the same version and age (:meth:`Rules.span`), the numbers
    once per tier in it. *columns*: the visits as :func:`read_columns` gives them, read and checked
    by the caller (a claims file's rows, no Visit objects: *src* is then empty and no row may need
    a check). *persons*: the visits are several persons' (a claims file's), each person's in date
    order one after the other: ``(first position in order, that person's rules)`` for each, the
    first at 0; every person's accumulators start from zero. Returns the record and the
    accumulators after the last visit."""
    rec = rec if rec is not None else Record()
    rec.visit  # the rows already there keep their Visit objects; *src* gives the new ones
    rec.src = src
    if columns is None:
        positions = range(len(src)) if len(order) == len(src) else sorted(order)
        columns = read_columns(src, positions, year, tier_ids)
    days, tiers, totals, funded, scopes, specials = columns
    c_index, c_pos, c_day, c_tier, c_special, c_sf = rec.index, rec.pos, rec.day, rec.tier, rec.special, rec.self_funded
    c_version, c_entry, c_excl = rec.version, rec.entry, rec.excluded
    c_total, c_scope, c_ded, c_base, c_pay, c_fund = rec.total, rec.scope, rec.deductible, rec.base, rec.payable, rec.fund
    c_cap, c_lim, c_met, c_above, c_paid, c_counted = (rec.cap_clipped, rec.limit_clipped, rec.b_met, rec.b_above,
                                                       rec.b_paid, rec.b_counted)
    c_assumed, p_end, p_band, p_amount, p_pay = rec.assumed, rec.p_end, rec.p_band, rec.p_amount, rec.p_pay
    # the columns put in date order first, in C (one gather per column), so that the loop reads them
    # one after the other instead of jumping about memory
    pick = itemgetter(*order) if len(order) > 1 else None  # one gather per column, in C

    def gather(column):
        return pick(column) if pick is not None else map(column.__getitem__, order)

    c_pos.extend(order)
    c_index.extend(gather(indices) if indices is not None else order)
    c_day.extend(gather(days))
    c_tier.extend(gather(tiers))
    c_special.extend(gather(specials))
    c_sf.extend(gather(funded))
    c_total.extend(gather(totals))
    c_scope.extend(gather(scopes))
    new = len(c_met)  # the first row of this run
    stop = len(c_day)
    fixed = (c_met, c_above, c_paid, c_counted, c_ded, c_base, c_pay, c_fund, p_end, c_cap, c_lim)
    for column in fixed:  # sized for the run: zeros, written through memoryviews (an unpaid visit's stay 0)
        column.frombytes(bytes(column.itemsize * (stop - new)))
    views = [memoryview(column) for column in fixed]
    m_met, m_above, m_paid, m_counted, m_ded, m_base, m_pay, m_fund, m_end, m_cap, m_lim = views
    if persons is None:
        segments = ((new, stop, rules),)
    else:  # one stretch of rows per person
        starts = [new + first for first, _ in persons] + [stop]
        segments = ((starts[j], starts[j + 1], who) for j, (_, who) in enumerate(persons))
        state = (0, 0, 0, 0)
    try:
        after = _loop(src, segments, state, c_pos, c_index, c_day, c_tier, c_special, c_scope, c_version, c_entry,
                      c_excl, c_assumed, p_band, p_amount, p_pay, views)
    except BaseException:
        for view in views:
            view.release()
        for column in fixed:  # the rows settled before the error
            del column[len(c_version):]
        raise
    for view in views:
        view.release()
    return rec, after


def _loop(src: Sequence["Visit"], segments, state: tuple[int, int, int, int], c_pos, c_index, c_day, c_tier,
          c_special, c_scope, c_version, c_entry, c_excl, c_assumed, p_band, p_amount, p_pay,
          views: list[memoryview]) -> tuple[int, int, int, int]:
    """The loop of :func:`run` over the rows of *segments* (``(first row, end, the rules)``), row
    *r*'s figures written through the memoryviews *views*; returns the accumulators after the last
    row (*state* when there is none)."""
    m_met, m_above, m_paid, m_counted, m_ded, m_base, m_pay, m_fund, m_end, m_cap, m_lim = views
    met, above, paid, counted = state
    asked = None  # the rules the stretch of days below was asked of
    spans: dict = {}  # the stretch of days last asked of each rules (several persons share rules)
    for lo_row, hi_row, rules in segments:
        met, above, paid, counted = state
        if rules is not asked:  # the next person's rules are another's: their own stretch of days
            if asked is not None:
                spans[asked] = first_day, last_day, version, by_tier
            first_day, last_day, version, by_tier = spans.get(rules) or (1, 0, None, {})
            asked = rules
        for r, (day, tier, special, scope) in enumerate(zip(c_day[lo_row:hi_row], c_tier[lo_row:hi_row],
                                                            c_special[lo_row:hi_row], c_scope[lo_row:hi_row]), lo_row):
            if special is not None and special[4]:
                rules.check_visit(src[c_pos[r]], c_index[r])
            if day > last_day or day < first_day:
                first_day, last_day, version, by_tier = rules.span(day)
            c_version.append(version)
            m_met[r] = met
            m_above[r] = above
            m_paid[r] = paid
            m_counted[r] = counted
            # 1–2. not paid at all: no rule in force, a non-designated place, a family member, an exclusion
            reason = None
            if version is None:
                reason = "no_rule"
            elif special is not None:
                designated, emergency, patient, exclusion, _check = special
                if not designated and not (emergency and version.emergency_at_non_designated_paid.value):
                    reason = "non_designated"
                elif patient == "family":
                    reason = "family_member"
                elif exclusion is not None:
                    reason = next((x.id for x in version.exclusions if x.id == exclusion), None)
            if reason is not None:
                c_entry.append(None)
                c_excl.append(reason)
                c_assumed.append(() if version is None else rules.excluded_assumptions(
                    version, reason == "non_designated" and special[1]))
                m_end[r] = len(p_band)  # deductible, base, payable, fund and the flags: 0
                continue
            e = by_tier.get(tier)
            if e is None:  # the first paid visit at this tier in this stretch: its numbers are looked up once
                e = by_tier[tier] = rules.paid_entry(version, date.fromordinal(day), tier)
            c_entry.append(e)
            c_excl.append(None)
            c_assumed.append(e.assumptions)
            # 3. deductible
            if e.annual:
                left = e.deductible_fen - met
                applied = scope if scope < left else (left if left > 0 else 0)
            else:
                d = e.deductible_fen
                applied = scope if scope < d else d
            met += applied
            base = scope - applied
            limited = False
            if e.scope_limited:  # only the part within what is left of the limit on compliant cost is paid
                left = e.cap_fen - counted
                if left < 0:
                    left = 0
                within = scope if scope < left else left
                lb = within - applied
                if lb < 0:
                    lb = 0
                if lb < base:
                    limited = True
                    base = lb
            counted += scope
            # 4. ratio by bands, pieces summed unrounded, rounded once half up to the fen
            bands = e.int_bands
            if bands is not None:
                start = above
                end = start + base
                acc = 0
                first = len(p_band)
                for i, (bf, bt, num) in enumerate(bands):
                    lo = start if start > bf else bf
                    hi = end if bt is None or end < bt else bt
                    if hi > lo or (base == 0 and len(p_band) == first and (bt is None or start < bt)):
                        amount = hi - lo if hi > lo else 0
                        p_band.append(i)
                        p_amount.append(amount)
                        p_pay.append(None)
                        acc += amount * num
                scale = e.scale
                payable = (2 * acc + scale) // (2 * scale)
            else:
                payable = _pieces_decimal(e, above, paid, base, p_band, p_amount, p_pay)
            above += scope - applied
            m_end[r] = len(p_band)
            # 5. annual cap on the fund paid (a limit on compliant cost was applied above)
            fund = payable
            clipped = False
            if e.cap_fen is not None and not e.scope_limited:
                left = e.cap_fen - paid
                if left < 0:
                    left = 0
                if payable > left:
                    fund = left
                    clipped = True
            paid += fund
            m_ded[r] = applied
            m_base[r] = base
            m_pay[r] = payable
            m_fund[r] = fund
            if clipped:
                m_cap[r] = 1
            if limited:
                m_lim[r] = 1
    return met, above, paid, counted


def _pieces_decimal(e: RuleEntry, above: int, paid_fen: int, base_fen: int,
                    p_band: list, p_amount: list, p_pay: list) -> int:
    """The band pieces in Decimal (bands over the fund paid, or thresholds that are not whole fen),
    appended to the piece columns; returns the payable in fen."""
    bands = e.bands
    base = from_fen(base_fen)
    first = len(p_band)
    pays: list[Decimal] = []
    if e.over_fund:
        paid = from_fen(paid_fen)
        rest = base
        for i, (band_from, ratio, _src) in enumerate(bands):
            band_to = bands[i + 1][0] if i + 1 < len(bands) else None
            if band_to is not None and paid >= band_to:
                continue
            if band_to is None or ratio == 0:
                amount = rest
            else:
                amount = min(rest, (band_to - paid) / ratio)
            if amount <= 0 and len(p_band) > first:
                break
            pay = amount * ratio
            p_band.append(i)
            p_amount.append(amount)
            p_pay.append(pay)
            pays.append(pay)
            paid += pay
            rest -= amount
            if rest <= 0:
                break
    else:
        start = from_fen(above)
        end = start + base
        for i, (band_from, ratio, _src) in enumerate(bands):
            band_to = bands[i + 1][0] if i + 1 < len(bands) else None
            lo = max(start, band_from)
            hi = end if band_to is None else min(end, band_to)
            if hi > lo or (base == 0 and len(p_band) == first and (band_to is None or start < band_to)):
                amount = max(hi - lo, ZERO)
                pay = amount * ratio
                p_band.append(i)
                p_amount.append(amount)
                p_pay.append(pay)
                pays.append(pay)
    payable = round_fen(sum(pays, ZERO)) if len(pays) > 1 else round_fen(pays[0])
    return to_fen(payable)
