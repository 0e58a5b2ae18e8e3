"""Pydantic models that check a region's rule file (规则文件): data only, strictly checked.

They only check: the loader turns what they accepted into the plain objects of ``schema.py``,
which the engine and the window read (and ``rule_cache.py`` keeps, so that a file already
checked is not checked again at start-up).

Every number carries a ``source`` (a document of the file's ``documents`` list plus
an article), every rule version is dated, unknown keys are errors
(``extra="forbid"``), and nothing has a silent default: a key that matters must be
written in the file, even when its value is ``null``.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..money import MAX_AMOUNT
from .schema import CATEGORIES, Category, RuleError, _pick, carry_needed, ratio_schedule, tier_key, tier_names

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(f"id {value!r} must be lower-case letters, digits and '_', starting with a letter")
    return value


Id = Annotated[str, Field(min_length=1, max_length=64)]


def _bounded_amount(v: "Value", what: str) -> "Value":
    """A yuan figure of a rule: 0 … MAX_AMOUNT (README, "Bounds"); a ParamRef is bounded by its parameter."""
    if isinstance(v, Decimal):
        if v < 0:
            raise ValueError(f"{what} {v} is negative")
        if v > MAX_AMOUNT:
            raise ValueError(f"{what} {v} is above the upper bound {MAX_AMOUNT:,}")
    return v


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both UI languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Document(Strict):
    """A source document (政策文件) the values cite."""

    title: str = Field(min_length=1)
    number: str | None  # 文号, e.g. 晋市医保发〔2022〕22号; null when the text has none
    file: str = Field(min_length=1)  # seed file name, e.g. 002_0db519c57f4ebe82.txt
    issued: date | None


class Source(Strict):
    """Where a value comes from: a document id of this file and the article."""

    doc: str = Field(min_length=1)
    article: str = Field(min_length=1)


class Parameter(Strict):
    """A figure the user must supply (e.g. Jiangsu's 2021 average wage)."""

    id: Id
    label: Text
    description: Text
    unit: Literal["yuan", "yuan_per_month", "ratio"]
    default: Decimal | None = Field(ge=0, le=MAX_AMOUNT)
    minimum: Decimal | None = Field(ge=0, le=MAX_AMOUNT)
    maximum: Decimal | None = Field(ge=0, le=MAX_AMOUNT)
    purpose: Literal["pooling", "account"]  # pooling: needed to settle at all; account: only for the account
    source: Source

    _id = field_validator("id")(_check_id)

    @model_validator(mode="after")
    def _bounds(self) -> "Parameter":
        if self.unit == "ratio":
            for name in ("default", "minimum", "maximum"):
                v = getattr(self, name)
                if v is not None and not (0 <= v <= 1):
                    raise ValueError(f"{name} {v} is not a ratio between 0 and 1")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}")
        if self.default is not None:
            if self.minimum is not None and self.default < self.minimum:
                raise ValueError(f"default {self.default} is below minimum {self.minimum}")
            if self.maximum is not None and self.default > self.maximum:
                raise ValueError(f"default {self.default} is above maximum {self.maximum}")
        return self


class ParamRef(Strict):
    """A value derived from a user-supplied parameter: ``parameter × times``."""

    parameter: str
    times: Decimal = Field(gt=0, le=1000)


Value = Decimal | ParamRef


class Tier(Strict):
    """A hospital tier / fee class (医疗机构等级 / 收费类别) as the region names it.

    ``aliases``: the other names a clerk or a hospital system writes for it (一级, 1级, 三甲,
    一类 …); the tier cell, paste, import and the CLI accept them besides the id and labels.
    """

    id: Id
    label: Text
    description: Text
    aliases: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(default_factory=list, max_length=64)

    _id = field_validator("id")(_check_id)


class DeductibleEntry(Strict):
    tier: str | None  # null: every tier
    category: Category | None  # null: both categories
    amount: Value
    source: Source

    _amount = field_validator("amount")(lambda v: _bounded_amount(v, "deductible"))


class Deductible(Strict):
    """起付标准: ``annual`` accumulates over the calendar year; ``per_visit`` applies to each visit."""

    kind: Literal["annual", "per_visit"]
    entries: list[DeductibleEntry] = Field(min_length=1)


class RatioEntry(Strict):
    """支付比例 for a tier × category, optionally from an age and above a band threshold (分段)."""

    tier: str | None
    category: Category | None
    min_age: int | None = Field(default=None, ge=0, le=150)
    band_from: Decimal = Field(default=Decimal(0), ge=0, le=MAX_AMOUNT)
    ratio: Value
    source: Source

    @field_validator("ratio")
    @classmethod
    def _is_ratio(cls, v: Value) -> Value:
        if isinstance(v, Decimal) and not (0 <= v <= 1):
            raise ValueError(f"ratio {v} is not between 0 and 1")
        return v


class CapEntry(Strict):
    """年度最高支付限额 by category."""

    category: Category | None
    amount: Value
    source: Source

    _amount = field_validator("amount")(lambda v: _bounded_amount(v, "annual cap"))


class AccountUse(Strict):
    """Whether the personal account may pay the patient share of an excluded visit, and where that is said.

    No default: a file must say it for every exclusion (the account must never pay what
    a text forbids, e.g. public-health or fitness costs, or a visit settled without the card).
    """

    value: bool
    source: Source
    assumption: str | None = None  # id of the file's assumption when the text does not say it outright


AssumptionScope = Literal[
    "account_credits",  # every computed account credit (e.g. credits arrive on the 1st of each month)
    "retiree_age",  # a retiree's credit that depends on age (the age on the day of the credit)
    "account_order",  # how a visit's patient share is split (account before cash, in date order)
    "partial_first_year",  # the annual deductible in the calendar year a version starts after 1 January
    "non_designated_emergency",  # an emergency at a non-designated place left unpaid where the text is silent
    "version",  # every visit settled under, or credit made under, the versions named in ``versions``
    "retiree_credit",  # a retiree's credits under the account versions named in ``versions``
    "family_use_from",  # the date from which the account pays family members and self-funded items
    "exclusion_account_use",  # an exclusion's ``account_pays`` that the text does not state outright
    "band_basis",  # what the ratio bands are measured over (``band_basis`` of a version), where not stated outright
]


class Assumption(Strict):
    """A judgement call where the texts are silent: what we assume, why, and where it applies.

    ``applies_to`` says which figures it affects (the engine lists the assumption with
    them); ``versions`` limits it to rule or account versions of this file (empty: all).
    """

    id: Id
    applies_to: AssumptionScope
    versions: list[str] = Field(default_factory=list)
    text: Text
    reason: Text
    source: Source | None  # the article the assumption reads, when there is one

    _id = field_validator("id")(_check_id)


class Exclusion(Strict):
    """A reason the fund pays nothing for a visit (门诊统筹基金不予支付的情形)."""

    id: Id
    label: Text
    source: Source
    account_pays: AccountUse  # may the personal account pay it? (required: no silent default)

    _id = field_validator("id")(_check_id)


class Note(Strict):
    """A remark shown with the totals (e.g. counts toward the inpatient cap)."""

    id: Id
    text: Text
    source: Source


class CitedBool(Strict):
    value: bool
    source: Source


class Version(Strict):
    """One dated set of rules. ``effective_to`` is inclusive; null means still in force."""

    id: Id
    effective_from: date
    effective_to: date | None
    source: Source
    deductible: Deductible
    ratios: list[RatioEntry] = Field(min_length=1)
    annual_cap: list[CapEntry] | None  # null: no annual cap in this version
    # what the ``band_from`` thresholds of the ratios are measured over: ``above_deductible`` (the
    # year's cumulative policy-scope cost above the deductible, Beijing's kind) or ``fund_paid`` (the
    # year's cumulative fund payout). Left out (as in files older than this key): above_deductible.
    band_basis: Literal["above_deductible", "fund_paid"] | None = None
    # what ``annual_cap`` limits: ``fund_paid`` (年度最高支付限额, the fund's payout) or ``policy_scope``
    # (累计合规费用限额: the year's cumulative policy-scope cost, deductible included, that the fund
    # pays a share of — Changzhou, Nanjing). Left out (as in files older than this key): fund_paid.
    cap_basis: Literal["fund_paid", "policy_scope"] | None = None
    emergency_at_non_designated_paid: CitedBool
    exclusions: list[Exclusion]
    notes: list[Note]
    # when this version was last checked against the official sources, as the date the newest
    # source consulted speaks for; null (or left out, as in files older than this key): never
    reviewed: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> "Version":
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"effective_to {self.effective_to} is before effective_from {self.effective_from}")
        if self.cap_basis is not None and self.annual_cap is None:
            raise ValueError("cap_basis is set but annual_cap is null (there is no limit to measure)")
        return self


class RetireeCredit(Strict):
    """Monthly credit to a retiree's account, from an age (周岁) on the first of the month."""

    min_age: int | None = Field(default=None, ge=0, le=150)
    monthly: Value
    source: Source

    _amount = field_validator("monthly")(lambda v: _bounded_amount(v, "monthly credit"))


class EmployedCredit(Strict):
    """Monthly credit to an employed person's account: contribution base (缴费基数) × rate."""

    rate: Decimal = Field(ge=0, le=1)
    source: Source


class AccountDeduction(Strict):
    """A contribution taken from the account each month (Jincheng: long-term-care insurance, 二).

    ``monthly`` is a parameter the user may supply; without it the balance leaves the
    deduction out and says so.
    """

    id: Id
    label: Text
    monthly: ParamRef
    source: Source

    _id = field_validator("id")(_check_id)


class AccountVersion(Strict):
    """Personal account (个人账户) rules for a period: monthly credits and family use (家庭共济)."""

    id: Id
    effective_from: date
    effective_to: date | None
    employed: EmployedCredit
    retired: list[RetireeCredit] = Field(min_length=1)
    family_use: Source  # the article letting the account pay family members' costs
    # from this day the account also pays family members' costs and the insured person's
    # self-funded items (Jiangxi: "2023年底前"); null: from effective_from
    family_use_from: date | None = None
    deductions: list[AccountDeduction] = Field(default_factory=list)  # taken monthly, after the credit

    @model_validator(mode="after")
    def _dates(self) -> "AccountVersion":
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"effective_to {self.effective_to} is before effective_from {self.effective_from}")
        ages = [r.min_age or 0 for r in self.retired]
        if 0 not in ages:
            raise ValueError("retired: an entry without min_age (or min_age 0) is needed")
        if len(set(ages)) != len(ages):
            raise ValueError("retired: two entries for the same age")
        return self


class ExampleVisit(Strict):
    date: date
    tier: str
    total: Decimal
    self_funded: Decimal = Decimal(0)
    class_b_copay: Decimal = Decimal(0)
    designated: bool = True
    emergency: bool = False
    exclusion: str | None = None
    patient: Literal["self", "family"] = "self"


class ExampleExpect(Strict):
    """Expected results; each money value as a two-decimal string."""

    visits: list[dict[str, str]] | None = None  # per visit: any of policy_scope, deductible, fund, self_pay
    totals: dict[str, str] | None = None  # any scalar key of the CLI totals


class Example(Strict):
    """A hand-computed case carried by the rule file and run by ``check-rules``."""

    name: str = Field(min_length=1)
    arithmetic: str = Field(min_length=1)  # the hand computation, shown
    year: int
    category: Category
    birth_date: date | None = None
    parameters: dict[str, Decimal] = Field(default_factory=dict)
    contribution_base: Decimal | None = None
    opening_balance: Decimal = Decimal(0)
    visits: list[ExampleVisit]
    expect: ExampleExpect


class RuleFile(Strict):
    """One region's rules (统筹地区规则)."""

    schema_version: Literal[1]
    region: Id
    name: Text
    # ``verified:`` in the file: true; false (figures not checked against an official text); or
    # ``bounds`` (estimated from a province's bounds: the city's own rules prevail — Jiangsu)
    verification: Literal["verified", "unverified", "bounds"] = Field(alias="verified")
    verification_note: Text | None
    documents: dict[str, Document] = Field(min_length=1)
    tiers: list[Tier] = Field(min_length=1)
    parameters: list[Parameter]
    versions: list[Version] = Field(min_length=1)
    personal_account: list[AccountVersion]
    # judgement calls where the texts are silent (a file without any states none)
    assumptions: list[Assumption] = Field(default_factory=list)
    # the year-to-date amounts (carry-in, 此前已累计) a settlement of this region starts from; a file
    # without the key uses what its versions need (see ``carry_names``)
    carry: list[Literal["deductible_met", "fund_paid", "above_deductible", "policy_scope"]] | None = None
    examples: list[Example] = Field(min_length=1)

    _id = field_validator("region")(_check_id)

    @field_validator("verification", mode="before")
    @classmethod
    def _verification(cls, v: object) -> object:
        if v is True:
            return "verified"
        if v is False:
            return "unverified"
        if v in ("verified", "unverified"):  # only true, false or bounds are written in a file
            raise ValueError(f"write true or false, not {v!r}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "RuleFile":
        tier_ids = [t.id for t in self.tiers]
        _no_duplicates(tier_ids, "tiers", ("tiers",))
        named: dict[str, str] = {}
        for ti, t in enumerate(self.tiers):
            for name in tier_names(t):
                other = named.setdefault(tier_key(name), t.id)
                if other != t.id:
                    raise RuleError(f"tiers: the name {name!r} would mean both {other!r} and {t.id!r}",
                                    ("tiers", ti, "aliases"))
        param_ids = [p.id for p in self.parameters]
        _no_duplicates(param_ids, "parameters", ("parameters",))
        params = {p.id: p for p in self.parameters}
        _no_duplicates([v.id for v in self.versions], "versions", ("versions",))

        def check_source(src: Source, where: str, loc: tuple) -> None:
            if src.doc not in self.documents:
                raise RuleError(f"{where}: source cites unknown document {src.doc!r} (known: {', '.join(self.documents)})",
                                loc + ("source", "doc"))

        def check_value(v: Value, where: str, loc: tuple, *, ratio: bool = False) -> None:
            if isinstance(v, ParamRef):
                p = params.get(v.parameter)
                if p is None:
                    raise RuleError(f"{where}: unknown parameter {v.parameter!r}", loc + ("parameter",))
                if ratio and p.unit != "ratio" and v.times > 1:
                    raise RuleError(f"{where}: a ratio cannot be {v.times} × a yuan amount", loc + ("times",))

        def check_tier(t: str | None, where: str, loc: tuple) -> None:
            if t is not None and t not in tier_ids:
                raise RuleError(f"{where}: unknown tier {t!r} (tiers: {', '.join(tier_ids)})", loc + ("tier",))

        for i, p in enumerate(self.parameters):
            check_source(p.source, f"parameters[{p.id}]", ("parameters", i))
        ordered = sorted(enumerate(self.versions), key=lambda iv: iv[1].effective_from)
        for (_, a), (ib, b) in zip(ordered, ordered[1:]):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                raise RuleError(
                    f"versions {a.id!r} ({a.effective_from}–{a.effective_to or 'open'}) and "
                    f"{b.id!r} (from {b.effective_from}) overlap",
                    ("versions", ib, "effective_from"),
                )
        for vi, v in enumerate(self.versions):
            w = f"versions[{v.id}]"
            at = ("versions", vi)
            check_source(v.source, w, at)
            check_source(v.emergency_at_non_designated_paid.source, f"{w}.emergency_at_non_designated_paid",
                         at + ("emergency_at_non_designated_paid",))
            for i, e in enumerate(v.deductible.entries):
                loc = at + ("deductible", "entries", i)
                check_source(e.source, f"{w}.deductible", loc)
                check_tier(e.tier, f"{w}.deductible", loc)
                check_value(e.amount, f"{w}.deductible", loc + ("amount",))
            for i, r in enumerate(v.ratios):
                loc = at + ("ratios", i)
                check_source(r.source, f"{w}.ratios", loc)
                check_tier(r.tier, f"{w}.ratios", loc)
                check_value(r.ratio, f"{w}.ratios", loc + ("ratio",), ratio=True)
            for i, c in enumerate(v.annual_cap or ()):
                loc = at + ("annual_cap", i)
                check_source(c.source, f"{w}.annual_cap", loc)
                check_value(c.amount, f"{w}.annual_cap", loc + ("amount",))
            for i, x in enumerate(v.exclusions):
                check_source(x.source, f"{w}.exclusions[{x.id}]", at + ("exclusions", i))
                check_source(x.account_pays.source, f"{w}.exclusions[{x.id}].account_pays",
                             at + ("exclusions", i, "account_pays"))
            _no_duplicates([x.id for x in v.exclusions], f"{w}.exclusions", at + ("exclusions",))
            for i, n in enumerate(v.notes):
                check_source(n.source, f"{w}.notes[{n.id}]", at + ("notes", i))
            # Every tier × category must resolve to exactly one deductible, one cap
            # and one ratio schedule starting at band 0, at every age threshold.
            ages = sorted({0} | {r.min_age for r in v.ratios if r.min_age is not None})
            for t in tier_ids:
                for c in CATEGORIES:
                    _pick(v.deductible.entries, t, c, f"{w}.deductible", at + ("deductible", "entries"))
                    if v.annual_cap is not None:
                        _pick(v.annual_cap, None, c, f"{w}.annual_cap", at + ("annual_cap",))
                    for age in ages:
                        try:
                            bands = ratio_schedule(v, t, c, age)
                        except ValueError as exc:
                            raise RuleError(str(exc), at + ("ratios",)) from None
                        if not bands or bands[0][0] != 0:
                            raise RuleError(f"{w}.ratios: no ratio for tier {t!r}, {c}, age {age}", at + ("ratios",))
        _no_duplicates([a.id for a in self.personal_account], "personal_account", ("personal_account",))
        ordered_accounts = sorted(enumerate(self.personal_account), key=lambda ia: ia[1].effective_from)
        for (_, a), (ib, b) in zip(ordered_accounts, ordered_accounts[1:]):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                raise RuleError(f"personal_account versions {a.id!r} and {b.id!r} overlap",
                                ("personal_account", ib, "effective_from"))
        for ai, a in enumerate(self.personal_account):
            w = f"personal_account[{a.id}]"
            at = ("personal_account", ai)
            check_source(a.employed.source, f"{w}.employed", at + ("employed",))
            if a.family_use.doc not in self.documents:
                raise RuleError(f"{w}.family_use: source cites unknown document {a.family_use.doc!r}",
                                at + ("family_use", "doc"))
            for i, r in enumerate(a.retired):
                check_source(r.source, f"{w}.retired", at + ("retired", i))
                check_value(r.monthly, f"{w}.retired", at + ("retired", i, "monthly"))
            for i, d in enumerate(a.deductions):
                check_source(d.source, f"{w}.deductions[{d.id}]", at + ("deductions", i))
                check_value(d.monthly, f"{w}.deductions[{d.id}]", at + ("deductions", i, "monthly"))
        if self.carry is not None:
            _no_duplicates(list(self.carry), "carry", ("carry",))
            needed = set(carry_needed(self))
            for i, name in enumerate(self.carry):
                if name not in needed:
                    raise RuleError(f"carry: {name!r} is not used by any version of this file "
                                    f"(the versions use: {', '.join(carry_needed(self)) or 'none'})", ("carry", i))
        _no_duplicates([a.id for a in self.assumptions], "assumptions", ("assumptions",))
        named = {a.id: a for a in self.assumptions}
        version_ids = {v.id for v in self.versions} | {a.id for a in self.personal_account}
        for i, a in enumerate(self.assumptions):
            if a.source is not None:
                check_source(a.source, f"assumptions[{a.id}]", ("assumptions", i))
            for vid in a.versions:
                if vid not in version_ids:
                    raise RuleError(f"assumptions[{a.id}]: unknown version {vid!r}", ("assumptions", i, "versions"))
        for vi, v in enumerate(self.versions):
            for i, x in enumerate(v.exclusions):
                ref = x.account_pays.assumption
                if ref is not None and (ref not in named or named[ref].applies_to != "exclusion_account_use"):
                    raise RuleError(f"versions[{v.id}].exclusions[{x.id}].account_pays: {ref!r} is not an assumption "
                                    "of this file that applies to exclusion_account_use",
                                    ("versions", vi, "exclusions", i, "account_pays", "assumption"))
        return self


def _no_duplicates(ids: list[str], where: str, loc: tuple = ()) -> None:
    seen: set[str] = set()
    for n, i in enumerate(ids):
        if i in seen:
            raise RuleError(f"{where}: duplicate id {i!r}", loc + (n, "id"))
        seen.add(i)
