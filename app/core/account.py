"""Personal account (个人账户): monthly credits, and who pays the patient share (account or cash).

Credits arrive on the first day of each month under the account rules in force
that day; a retiree's monthly amount follows the age (周岁) on that day. The
account pays the patient share of visits at designated institutions (the texts
limit account use to 定点医药机构), the person's own and family members'
(家庭共济), as far as the balance reaches at the visit's date; the rest is cash.
It never pays what a text forbids: a visit with an exclusion whose rule-file entry
says ``account_pays: false`` (public health, fitness, no insurance card …) is cash.
Before an account version's ``family_use_from`` (Jiangxi: "2023年底前") it pays neither
family members' costs nor the insured person's self-funded items.

Each credit and payment records the rule file's assumptions it rests on (credits on
the 1st, age on that day, account before cash …).
"""
from __future__ import annotations

from dataclasses import dataclass
from array import array
from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal
from collections.abc import Mapping
from typing import NamedTuple, Sequence

from .case import Person
from .dates import age_on
from .explain import Step, assumption_step, render_step
from .money import ZERO, from_fen, round_fen
from .rules.schema import ParamRef, RuleFile, Source


@dataclass(frozen=True)
class MonthCredit:
    month: int
    amount: Decimal | None  # None: no account rule in force that month (unknown, not zero)
    version_id: str | None
    source: Source | None
    basis: str  # "employed" | "retired" | "none"
    assumptions: tuple[str, ...] = ()


class VisitPayment(NamedTuple):
    """How one visit's patient share was paid: from the account and in cash (one per visit: a light tuple)."""

    index: int
    account: Decimal
    cash: Decimal
    balance_after: Decimal
    refused: str | None = None  # why the account may not pay: "non_designated" or an exclusion id
    assumptions: tuple[str, ...] = ()


def account_refusal(region: RuleFile, visit) -> str | None:
    """Why the account may not pay this visit's patient share, or None when it may.

    Not at a designated institution (the texts limit the account to 定点医药机构), or an
    exclusion whose entry in the version in force declares ``account_pays: false``.
    """
    if not visit.designated:
        return "non_designated"
    if visit.exclusion is not None:
        exclusion = _exclusion_entry(region, visit.date, visit.exclusion)
        if exclusion is not None and not exclusion.account_pays.value:
            return exclusion.id
    return None


class Payments(Mapping):
    """``{visit index: VisitPayment}`` over the split's columns (amounts in units of 10**-k yuan);
    each VisitPayment is made when it is asked for."""

    def __init__(self, k: int, indices: list[int], account: list[int], cash: list[int], balance: list[int],
                 refused: list, assumed: list):
        self._k = k
        self._row = {index: r for r, index in enumerate(indices)}
        self._cols = (account, cash, balance, refused, assumed)

    def __getitem__(self, index: int) -> VisitPayment:
        r = self._row[index]
        account, cash, balance, refused, assumed = self._cols
        k = self._k
        return VisitPayment(index, Decimal(account[r]).scaleb(-k), Decimal(cash[r]).scaleb(-k),
                            Decimal(balance[r]).scaleb(-k), refused[r], assumed[r])

    def __iter__(self):
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def __repr__(self) -> str:
        return f"Payments({dict(self)!r})"


@dataclass(frozen=True)
class AccountResult:
    """The year's account, or what is missing to work it out (then the amounts are None)."""

    missing: tuple[str, ...]  # inputs needed: "contribution_base", "birth_date" or a parameter id
    opening_balance: Decimal
    credits: tuple[MonthCredit, ...]
    payments: Mapping[int, VisitPayment]
    credited: Decimal | None
    paid: Decimal | None
    cash: Decimal | None
    balance: Decimal | None
    assumptions: tuple[str, ...] = ()  # ids of the rule file's assumptions the figures rest on
    # months of the year without an account rule in force: their credits and the visits in them
    # are unknown (never 0.00); the opening balance is then the balance on the 1st of from_month
    unknown_months: tuple[int, ...] = ()
    from_month: int = 1
    deducted: Decimal | None = None  # contributions taken from the account (Jincheng long-term care)
    not_deducted: tuple[str, ...] = ()  # deduction ids left out of the balance: their amount was not given
    pooling_only: bool = False  # 单建统筹: no account; every patient share is cash

    @property
    def complete(self) -> bool:
        """The year's credited, paid, cash and balance are known (for the months with a rule)."""
        return self.credited is not None

    def missing_keys(self, year: int) -> list[str]:
        """``account.missing`` of the JSON: the inputs needed, then each month without a rule."""
        return list(self.missing) + [f"no_account_rule:{year}-{m:02d}" for m in self.unknown_months]


def _ordered(region: RuleFile, ids) -> tuple[str, ...]:
    wanted = set(ids)
    return tuple(a.id for a in region.assumptions if a.id in wanted)


def monthly_credits(region: RuleFile, person: Person) -> tuple[list[MonthCredit], list[str]]:
    """The twelve monthly credits of the year and the inputs that are missing."""
    credits: list[MonthCredit] = []
    missing: list[str] = []
    for month in range(1, 13):
        day = date(person.year, month, 1)
        version = region.account_on(day)
        if version is None:
            credits.append(MonthCredit(month, None, None, None, "none"))
            continue
        if person.category == "employed":
            if person.contribution_base is None:
                missing.append("contribution_base")
                continue
            amount = round_fen(person.contribution_base * version.employed.rate)
            credits.append(MonthCredit(month, amount, version.id, version.employed.source, "employed",
                                       _credit_assumptions(region, version.id, retired=False, by_age=False)))
            continue
        ages = {r.min_age or 0 for r in version.retired}
        if person.birth_date is None and ages != {0}:
            missing.append("birth_date")
            continue
        entry = version.retiree_entry(age_on(person.birth_date, day) if person.birth_date else 0)
        if isinstance(entry.monthly, ParamRef):
            value = person.parameters.get(entry.monthly.parameter)
            if value is None:
                param = next(p for p in region.parameters if p.id == entry.monthly.parameter)
                value = param.default
            if value is None:
                missing.append(entry.monthly.parameter)
                continue
            amount = round_fen(value * entry.monthly.times)
        else:
            amount = round_fen(entry.monthly)
        credits.append(MonthCredit(month, amount, version.id, entry.source, "retired",
                                   _credit_assumptions(region, version.id, retired=True, by_age=ages != {0})))
    return credits, list(dict.fromkeys(missing))


def _credit_assumptions(region: RuleFile, version_id: str, *, retired: bool, by_age: bool) -> tuple[str, ...]:
    ids = list(region.assumptions_for("account_credits", version_id)) + list(region.assumptions_for("version", version_id))
    if retired:
        ids += region.assumptions_for("retiree_credit", version_id)
    if by_age:
        ids += region.assumptions_for("retiree_age", version_id)
    return _ordered(region, ids)


def _exclusion_assumption(region: RuleFile, visit) -> tuple[str, ...]:
    """The assumption behind the account use of the visit's exclusion, if its entry names one."""
    exclusion = _exclusion_entry(region, visit.date, visit.exclusion) if visit.exclusion is not None else None
    return (exclusion.account_pays.assumption,) if exclusion is not None and exclusion.account_pays.assumption else ()


def _exclusion_entry(region: RuleFile, day: date, exclusion_id: str):
    """The exclusion's entry whose ``account_pays`` the account follows on *day*: that of the pooling
    version in force; on a day between versions (the fund pays nothing then), that of the version
    last in force before it, else of the first one after it."""
    version = region.version_on(day)
    if version is None:  # no version in force: none has started yet, or the day falls after an ended one
        ended = [v for v in region.versions if v.effective_to is not None and v.effective_to < day]
        version = max(ended, key=_ends) if ended else min(region.versions, key=_starts)
    return next((x for x in version.exclusions if x.id == exclusion_id), None)


def _ends(version) -> date:
    return version.effective_to


def _starts(version) -> date:
    return version.effective_from


def _first_day_without_rule(region: RuleFile, start: date, end: date) -> date | None:
    """The first day from *start* to *end* on which no account version is in force, if any."""
    day = start
    while day <= end:
        version = region.account_on(day)
        if version is None:
            return day
        if version.effective_to is None or version.effective_to >= end:
            return None
        day = version.effective_to + timedelta(days=1)
    return None


def _rule_boundaries(region: RuleFile) -> list[date]:
    """The days on which a pooling or account version starts or ends, or family use starts: between two
    of them the same rules are in force (the visits' account use is looked up once per stretch)."""
    days: set[date] = set()
    for v in (*region.versions, *region.personal_account):
        days.add(v.effective_from)
        if v.effective_to is not None and v.effective_to < date.max:
            days.add(v.effective_to + timedelta(days=1))
    days.update(a.family_use_from for a in region.personal_account if a.family_use_from is not None)
    return sorted(days)


def _use_rule(region: RuleFile, visit) -> tuple[bool, tuple[str, ...]]:
    """Whether the account's use is restricted for *visit* (before family use starts: only the insured
    person's own costs within the catalogues), and the assumptions that decided it."""
    assumed: list[str] = list(_exclusion_assumption(region, visit))
    version = region.account_on(visit.date)
    family_or_own_self_funded = visit.patient == "family" or visit.self_funded > 0
    restricted = False
    if version is not None and version.family_use_from is not None and family_or_own_self_funded:
        assumed += region.assumptions_for("family_use_from", version.id)
        restricted = visit.date < version.family_use_from
    return restricted, tuple(assumed)


def _restricted(visit, self_pay: Decimal) -> Decimal:
    return ZERO if visit.patient == "family" else max(self_pay - visit.self_funded, ZERO)


def _usable(region: RuleFile, visit, self_pay: Decimal) -> tuple[Decimal, tuple[str, ...]]:
    """How much of *self_pay* the account may pay, and the assumptions that decided it."""
    restricted, assumed = _use_rule(region, visit)
    return (_restricted(visit, self_pay) if restricted else self_pay), assumed


def settle_account_record(region: RuleFile, person: Person, rec) -> AccountResult:
    """The split of the visits the settlement kernel recorded (:class:`app.core.kernel.Record`)."""
    return settle_account_columns(region, person, rec.index, rec.day, rec.special, rec.self_funded, rec.total,
                                  rec.fund, rec.visit_at)


def settle_account_columns(region: RuleFile, person: Person, indices: Sequence[int], days: Sequence[int],
                           specials: Sequence, self_funded: Sequence[int], totals: Sequence[int],
                           funds: Sequence[int], visit_at) -> AccountResult:
    """Split each visit's patient share (total − fund, integer fen) into account and cash, visits in
    date order, given as columns: *days* (ordinals), *specials* (None for a designated visit of the
    insured person without an exclusion, else ``(designated, emergency, patient, exclusion, …)``),
    amounts in fen; *visit_at(r)*: the r-th Visit (read only to look up a rule not met before).

    Months without an account rule in force are unknown: when the year starts without one,
    the opening balance is the balance on the 1st of the first month with a rule and the
    visits before it are left unsplit; with no rule at all, or a gap after the first ruled
    month — a single day without an account rule in force is one (an account version ending
    mid-month with none from the next day): the month it falls in is unknown —, nothing is worked out.
    """
    if person.pooling_only:  # 单建统筹: no account is set up, nothing is credited, all is cash
        pays = {i: VisitPayment(i, ZERO, from_fen(t - f), ZERO, "pooling_only") for i, t, f in zip(indices, totals, funds)}
        cash = from_fen(sum(totals) - sum(funds))
        return AccountResult((), ZERO, (), pays, ZERO, ZERO, cash, ZERO, deducted=ZERO, pooling_only=True)
    credits, missing = monthly_credits(region, person)
    opening = person.opening_balance
    unknown = tuple(c.month for c in credits if c.amount is None and c.basis == "none")
    ruled = [c.month for c in credits if c.basis != "none"]
    first = ruled[0] if ruled else 13
    gap = _first_day_without_rule(region, date(person.year, first, 1), date(person.year, 12, 31)) if ruled else None
    if gap is not None and gap.month not in unknown:  # a day without an account rule: its month is unknown
        unknown = tuple(sorted((*unknown, gap.month)))
    if missing or not ruled or gap is not None or any(m > first for m in unknown):
        return AccountResult(tuple(missing), opening, tuple(credits), {}, None, None, None, None,
                             unknown_months=unknown, from_month=first if ruled else 1)
    used: list[str] = [aid for c in credits for aid in c.assumptions]
    order = region.assumptions_for("account_order")
    # the split in integer units of 10**-k yuan (k = 2, fen, unless the opening balance has more decimals)
    k = max(2, -opening.as_tuple().exponent)
    unit = 10 ** (k - 2)  # fen → units

    def units(amount: Decimal) -> int:
        return int(amount.scaleb(k))

    by_month = {c.month: units(c.amount) for c in credits if c.amount is not None}
    deductions, not_deducted = _monthly_deductions(region, person)
    deductions = {m: units(v) for m, v in deductions.items()}
    balance = units(opening)
    credited_through = first - 1
    spent = deducted = cash_total = 0
    pay_rows, pay_account, pay_cash, pay_balance = array("q"), array("q"), array("q"), array("q")
    pay_refused: list[str | None] = []
    pay_assumed: list[tuple[str, ...]] = []

    def advance(to_month: int) -> None:
        nonlocal balance, credited_through, deducted
        while credited_through < to_month:
            credited_through += 1
            balance += by_month.get(credited_through, 0)
            take = min(deductions.get(credited_through, 0), balance)
            balance -= take
            deducted += take

    rules: dict[tuple, tuple[str | None, bool, tuple[str, ...]]] = {}  # what decides a visit's use, looked up once
    bounds = [d.toordinal() for d in _rule_boundaries(region)]  # between two of them the same rules are in force
    month_starts = [date(person.year, m, 1).toordinal() for m in range(1, 13)]
    never = date.max.toordinal() + 1
    month = stretch = 0
    month_from = month_to = stretch_from = stretch_to = never  # the days [from, to) of the current month, stretch
    rules_used: set[tuple[str, ...]] = set()
    for r, (index, day, special, sf, total, fund) in enumerate(zip(indices, days, specials, self_funded, totals, funds)):
        if not month_from <= day < month_to:  # visits in date order: looked up again when a month ends
            month = bisect_right(month_starts, day)
            month_from = month_starts[month - 1] if month else 0
            month_to = month_starts[month] if month < 12 else never
        if month < first:
            continue  # no account rule in force: how this visit was paid is unknown
        self_pay = (total - fund) * unit
        if month > credited_through:
            advance(month)
        if not stretch_from <= day < stretch_to:
            stretch = bisect_right(bounds, day)
            stretch_from = bounds[stretch - 1] if stretch else 0
            stretch_to = bounds[stretch] if stretch < len(bounds) else never
        key = (stretch, special, sf > 0)
        rule = rules.get(key)
        if rule is None:
            visit = visit_at(r)
            refused = account_refusal(region, visit)
            if refused is None:
                restricted, assumed = _use_rule(region, visit)
                rule = rules[key] = (None, restricted, _ordered(region, assumed + order))
            else:
                rule = rules[key] = (refused, False, _exclusion_assumption(region, visit))
        refused, restricted, assumed = rule
        if refused is None:
            if restricted:  # before family use starts: only the insured person's own costs within the catalogues
                family = special is not None and special[2] == "family"
                usable = 0 if family else max(self_pay - sf * unit, 0)
            else:
                usable = self_pay
            account = balance if balance < usable else usable
        else:
            account = 0
        rules_used.add(assumed)
        balance -= account
        spent += account
        cash = self_pay - account
        cash_total += cash
        pay_rows.append(index)
        pay_account.append(account)
        pay_cash.append(cash)
        pay_balance.append(balance)
        pay_refused.append(refused)
        pay_assumed.append(assumed)
    payments = Payments(k, pay_rows, pay_account, pay_cash, pay_balance, pay_refused, pay_assumed)
    used += [aid for ids in rules_used for aid in ids]

    def yuan(n: int) -> Decimal:
        return Decimal(n).scaleb(-k)

    advance(12)
    credited = sum((c.amount for c in credits if c.amount is not None), ZERO)
    return AccountResult((), opening, tuple(credits), payments, credited, yuan(spent), yuan(cash_total), yuan(balance),
                         _ordered(region, used), unknown, first, yuan(deducted), not_deducted)


def _monthly_deductions(region: RuleFile, person: Person) -> tuple[dict[int, Decimal], tuple[str, ...]]:
    """Each month's contributions taken from the account, and the deductions whose amount is not given."""
    out: dict[int, Decimal] = {}
    unknown: list[str] = []
    for month in range(1, 13):
        version = region.account_on(date(person.year, month, 1))
        for d in version.deductions if version else ():
            value = person.parameters.get(d.monthly.parameter)
            if value is None:
                value = next(p for p in region.parameters if p.id == d.monthly.parameter).default
            if value is None:
                unknown.append(d.id)
                continue
            out[month] = out.get(month, ZERO) + round_fen(value * d.monthly.times)
    return out, tuple(dict.fromkeys(unknown))


def not_deducted_text(region: RuleFile, acc: AccountResult, lang: str = "zh") -> str | None:
    """“The balance does not include …” for deductions whose amount was not given, or None."""
    from .messages import render

    if not acc.not_deducted:
        return None
    return render("account_not_deducted", lang, items=_deduction_labels(region, acc.not_deducted, lang))


def _deduction_labels(region: RuleFile, ids, lang: str) -> str:
    labels = {d.id: d.label.get(lang) for a in region.personal_account for d in a.deductions}
    return ("; " if lang == "en" else "、").join(labels.get(i, i) for i in ids)


def _month_ranges(months: Sequence[int], dash: str = "–") -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    out: list[str] = []
    for m in months:
        if out and out[-1][1] == m - 1:
            out[-1] = (out[-1][0], m)
        else:
            out.append((m, m))
    return ", ".join(str(a) if a == b else f"{a}{dash}{b}" for a, b in out)


def unknown_months_text(acc: AccountResult, year: int, lang: str = "zh") -> str | None:
    """What the account does not know because no account rule was in force, or None."""
    from .messages import render

    if not acc.unknown_months:
        return None
    months = _month_ranges(acc.unknown_months)
    if acc.complete:
        return render("account_unknown_months", lang, year=year, months=months,
                      start=date(year, acc.from_month, 1).isoformat())
    if len(acc.unknown_months) == 12:
        return render("account_no_rule_year", lang, year=year)
    return render("account_gap_months", lang, year=year, months=months)


def account_notes(region: RuleFile, acc: AccountResult | None, year: int, lang: str = "zh") -> list[str]:
    """What the account's figures leave out: months without a rule, deductions not given."""
    if acc is None:
        return []
    from .messages import render

    if acc.pooling_only:
        return [render("account_pooling_only", lang)]

    deducted = None
    if acc.deducted:
        given = dict.fromkeys(d.id for a in region.personal_account for d in a.deductions if d.id not in acc.not_deducted)
        deducted = render("account_deducted", lang, items=_deduction_labels(region, given, lang), amount=acc.deducted)
    return [t for t in (unknown_months_text(acc, year, lang), deducted, not_deducted_text(region, acc, lang)) if t]


def payment_steps(region: RuleFile, payment: VisitPayment, visit) -> list[Step]:
    """How a visit's patient share was paid (account or cash), with the assumptions it rests on."""
    steps: list[Step] = []
    if payment.refused == "pooling_only":
        steps.append(Step("account_pooling_only"))
    elif payment.refused == "non_designated":
        steps.append(Step("account_refused_non_designated"))
    elif payment.refused is not None:
        exclusion = _exclusion_entry(region, visit.date, payment.refused)
        steps.append(Step("account_refused_exclusion", {"reason": exclusion.label}, exclusion.account_pays.source))
    steps.append(Step("account_split", {"account": payment.account, "cash": payment.cash,
                                        "balance": payment.balance_after}))
    steps += [assumption_step(region, aid) for aid in payment.assumptions]
    return steps


def explain_payment(region: RuleFile, payment: VisitPayment | None, visit, lang: str = "zh") -> list[str]:
    """:func:`payment_steps` as lines with their citations; nothing when the split is unknown."""
    if payment is None:
        return []
    return [render_step(step, region, lang) for step in payment_steps(region, payment, visit)]
