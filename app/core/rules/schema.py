"""A region's rules (规则文件) as the engine and the window read them: plain, read-only data.

Every object here was built from a rule file that the pydantic models of ``validation.py`` checked
(strictly: ``extra="forbid"``, no silent defaults, sources cited, cross-field checks), either just
now or earlier with the same file content (``rule_cache.py``). Nothing here checks a file again:
building these objects needs neither pydantic nor YAML, which keeps both off the start-up path.

The classes keep the field names of the validating models, compare equal by value, and offer
``model_copy(update=…)`` and ``model_dump()`` as those did.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable, Literal

from ..record import Record

CATEGORIES: tuple[str, ...] = ("employed", "retired")
Category = Literal["employed", "retired"]


class RuleError(ValueError):
    """A problem found across fields; ``loc`` is the path of the offending value in the file."""

    def __init__(self, message: str, loc: tuple[str | int, ...] = ()):
        super().__init__(message)
        self.loc = loc


def tier_key(text: str) -> str:
    """How a tier name is compared: full-width as ASCII, no spaces, case-folded (``三 甲`` = ``三甲``)."""
    from ..dates import ascii_text

    return "".join(ascii_text(text).split()).casefold()


def _list_of(cls: type[Record]) -> Callable[[list], list]:
    return lambda items: [cls.of(item) for item in items]


def _optional(build: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else build(value)


def _value(data: Any) -> "Value":
    """A figure: a ``Decimal``, or a parameter reference written as a mapping."""
    return ParamRef.of(data) if isinstance(data, dict) else data


# --- the rule file's parts ------------------------------------------------------------------

class Text(Record):
    """A text in both UI languages."""

    FIELDS = ("zh", "en")
    __slots__ = FIELDS

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Document(Record):
    """A source document (政策文件) the values cite."""

    FIELDS = ("title", "number", "file", "issued")
    __slots__ = FIELDS


class Source(Record):
    """Where a value comes from: a document id of this file and the article."""

    FIELDS = ("doc", "article")
    __slots__ = FIELDS


class Parameter(Record):
    """A figure the user must supply (e.g. Jiangsu's 2021 average wage)."""

    FIELDS = ("id", "label", "description", "unit", "default", "minimum", "maximum", "purpose", "source")
    __slots__ = FIELDS
    NESTED = {"label": Text.of, "description": Text.of, "source": Source.of}


class ParamRef(Record):
    """A value derived from a user-supplied parameter: ``parameter × times``."""

    FIELDS = ("parameter", "times")
    __slots__ = FIELDS


Value = Decimal | ParamRef


def tier_names(tier: "Tier") -> list[str]:
    """Every name a tier answers to: id, labels, aliases (of a tier here or of its validating model)."""
    return [tier.id, tier.label.zh, tier.label.en, *tier.aliases]


class Tier(Record):
    """A hospital tier / fee class (医疗机构等级 / 收费类别) as the region names it.

    ``aliases``: the other names a clerk or a hospital system writes for it (一级, 1级, 三甲,
    一类 …); the tier cell, paste, import and the CLI accept them besides the id and labels.
    """

    FIELDS = ("id", "label", "description", "aliases")
    __slots__ = FIELDS
    NESTED = {"label": Text.of, "description": Text.of}

    def names(self) -> list[str]:
        return tier_names(self)


class DeductibleEntry(Record):
    FIELDS = ("tier", "category", "amount", "source")
    __slots__ = FIELDS
    NESTED = {"amount": _value, "source": Source.of}


class Deductible(Record):
    """起付标准: ``annual`` accumulates over the calendar year; ``per_visit`` applies to each visit."""

    FIELDS = ("kind", "entries")
    __slots__ = FIELDS
    NESTED = {"entries": _list_of(DeductibleEntry)}


class RatioEntry(Record):
    """支付比例 for a tier × category, optionally from an age and above a band threshold (分段)."""

    FIELDS = ("tier", "category", "min_age", "band_from", "ratio", "source")
    __slots__ = FIELDS
    NESTED = {"ratio": _value, "source": Source.of}


class CapEntry(Record):
    """年度最高支付限额 by category."""

    FIELDS = ("category", "amount", "source")
    __slots__ = FIELDS
    NESTED = {"amount": _value, "source": Source.of}


class AccountUse(Record):
    """Whether the personal account may pay the patient share of an excluded visit, and where that is said."""

    FIELDS = ("value", "source", "assumption")
    __slots__ = FIELDS
    NESTED = {"source": Source.of}


class Assumption(Record):
    """A judgement call where the texts are silent: what we assume, why, and where it applies."""

    FIELDS = ("id", "applies_to", "versions", "text", "reason", "source")
    __slots__ = FIELDS
    NESTED = {"text": Text.of, "reason": Text.of, "source": _optional(Source.of)}

    def covers(self, version_id: str | None) -> bool:
        return not self.versions or version_id in self.versions


class Exclusion(Record):
    """A reason the fund pays nothing for a visit (门诊统筹基金不予支付的情形)."""

    FIELDS = ("id", "label", "source", "account_pays")
    __slots__ = FIELDS
    NESTED = {"label": Text.of, "source": Source.of, "account_pays": AccountUse.of}


class Note(Record):
    """A remark shown with the totals (e.g. counts toward the inpatient cap)."""

    FIELDS = ("id", "text", "source")
    __slots__ = FIELDS
    NESTED = {"text": Text.of, "source": Source.of}


class CitedBool(Record):
    FIELDS = ("value", "source")
    __slots__ = FIELDS
    NESTED = {"source": Source.of}


def bands_over(version: "Version") -> str:
    """``band_basis`` with its absent meaning: ``above_deductible`` or ``fund_paid``."""
    return version.band_basis or "above_deductible"


def is_banded(version: "Version") -> bool:
    return any(r.band_from not in (None, 0) for r in version.ratios)


def _in_force(period, day: date) -> bool:
    return period.effective_from <= day and (period.effective_to is None or day <= period.effective_to)


class Version(Record):
    """One dated set of rules. ``effective_to`` is inclusive; null means still in force."""

    FIELDS = ("id", "effective_from", "effective_to", "source", "deductible", "ratios", "annual_cap",
              "band_basis", "cap_basis", "emergency_at_non_designated_paid", "exclusions", "notes", "reviewed")
    __slots__ = FIELDS
    NESTED = {"source": Source.of, "deductible": Deductible.of, "ratios": _list_of(RatioEntry),
              "annual_cap": _optional(_list_of(CapEntry)), "emergency_at_non_designated_paid": CitedBool.of,
              "exclusions": _list_of(Exclusion), "notes": _list_of(Note)}

    def in_force(self, day: date) -> bool:
        return _in_force(self, day)

    @property
    def bands_over(self) -> str:
        return bands_over(self)

    @property
    def cap_over(self) -> str:
        """``cap_basis`` with its absent meaning: ``fund_paid`` or ``policy_scope``."""
        return self.cap_basis or "fund_paid"

    def banded(self) -> bool:
        return is_banded(self)


class RetireeCredit(Record):
    """Monthly credit to a retiree's account, from an age (周岁) on the first of the month."""

    FIELDS = ("min_age", "monthly", "source")
    __slots__ = FIELDS
    NESTED = {"monthly": _value, "source": Source.of}


class EmployedCredit(Record):
    """Monthly credit to an employed person's account: contribution base (缴费基数) × rate."""

    FIELDS = ("rate", "source")
    __slots__ = FIELDS
    NESTED = {"source": Source.of}


class AccountDeduction(Record):
    """A contribution taken from the account each month (Jincheng: long-term-care insurance, 二)."""

    FIELDS = ("id", "label", "monthly", "source")
    __slots__ = FIELDS
    NESTED = {"label": Text.of, "monthly": ParamRef.of, "source": Source.of}


class AccountVersion(Record):
    """Personal account (个人账户) rules for a period: monthly credits and family use (家庭共济)."""

    FIELDS = ("id", "effective_from", "effective_to", "employed", "retired", "family_use", "family_use_from",
              "deductions")
    __slots__ = FIELDS
    NESTED = {"employed": EmployedCredit.of, "retired": _list_of(RetireeCredit), "family_use": Source.of,
              "deductions": _list_of(AccountDeduction)}

    def in_force(self, day: date) -> bool:
        return _in_force(self, day)

    def retiree_entry(self, age: int) -> RetireeCredit:
        return max((r for r in self.retired if (r.min_age or 0) <= age), key=lambda r: r.min_age or 0)


class ExampleVisit(Record):
    FIELDS = ("date", "tier", "total", "self_funded", "class_b_copay", "designated", "emergency", "exclusion",
              "patient")
    __slots__ = FIELDS


class ExampleExpect(Record):
    """Expected results; each money value as a two-decimal string."""

    FIELDS = ("visits", "totals")
    __slots__ = FIELDS


class Example(Record):
    """A hand-computed case carried by the rule file and run by ``check-rules``."""

    FIELDS = ("name", "arithmetic", "year", "category", "birth_date", "parameters", "contribution_base",
              "opening_balance", "visits", "expect")
    __slots__ = FIELDS
    NESTED = {"visits": _list_of(ExampleVisit), "expect": ExampleExpect.of}


def carry_needed(rule_file: "RuleFile") -> list[str]:
    """The carry-in amounts the versions' arithmetic reads: an annual deductible, a cap, bands."""
    out = []
    if any(v.deductible.kind == "annual" for v in rule_file.versions):
        out.append("deductible_met")
    out.append("fund_paid")  # the fund paid so far: the cap left, and in any region the record's figure
    if any(is_banded(v) and bands_over(v) == "above_deductible" for v in rule_file.versions):
        out.append("above_deductible")
    if any(v.annual_cap is not None and v.cap_basis == "policy_scope" for v in rule_file.versions):
        out.append("policy_scope")  # compliant cost already counted toward a limit on it
    return out


class RuleFile(Record):
    """One region's rules (统筹地区规则)."""

    FIELDS = ("schema_version", "region", "name", "verification", "verification_note", "documents", "tiers",
              "parameters", "versions", "personal_account", "assumptions", "carry", "examples")
    __slots__ = FIELDS + ("_tier_names",)
    NESTED = {"name": Text.of, "verification_note": _optional(Text.of),
              "documents": lambda docs: {k: Document.of(d) for k, d in docs.items()},
              "tiers": _list_of(Tier), "parameters": _list_of(Parameter), "versions": _list_of(Version),
              "personal_account": _list_of(AccountVersion), "assumptions": _list_of(Assumption),
              "examples": _list_of(Example)}

    def _derive(self) -> None:
        object.__setattr__(self, "_tier_names", {tier_key(name): t.id for t in self.tiers for name in t.names()})

    @property
    def verified(self) -> bool:
        """True only for figures checked against the text (not for unverified or bounds files)."""
        return self.verification == "verified"

    def assumption(self, assumption_id: str) -> Assumption | None:
        return next((a for a in self.assumptions if a.id == assumption_id), None)

    def assumptions_for(self, scope: str, version_id: str | None = None) -> tuple[str, ...]:
        """Ids of the assumptions of *scope* that cover *version_id* (in file order)."""
        return tuple(a.id for a in self.assumptions if a.applies_to == scope and a.covers(version_id))

    def _carry_needed(self) -> list[str]:
        return carry_needed(self)

    def carry_names(self) -> tuple[str, ...]:
        """The carry-in names this region uses (``carry:`` of the file, else what its versions need)."""
        return tuple(self.carry) if self.carry is not None else tuple(carry_needed(self))

    # --- lookups used by the engine -------------------------------------------------
    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def resolve_tier(self, text: str) -> str | None:
        """The id of the tier *text* names (its id, a label in either language or an alias), else None."""
        return self._tier_names.get(tier_key(text))

    def version(self, version_id: str | None) -> Version | None:
        """The version with this id, if any."""
        return next((v for v in self.versions if v.id == version_id), None)

    def version_on(self, day: date) -> Version | None:
        return next((v for v in self.versions if v.in_force(day)), None)

    def exclusion_on(self, day: date, exclusion_id: str) -> Exclusion | None:
        """The exclusion *exclusion_id* as the version in force on *day* lists it.

        None when that version does not list it; on a day without a version in force (the
        visit is not paid anyway) any version's entry of that id.
        """
        version = self.version_on(day)
        pool = [version] if version is not None else self.versions
        return next((x for v in pool for x in v.exclusions if x.id == exclusion_id), None)

    def account_on(self, day: date) -> AccountVersion | None:
        return next((a for a in self.personal_account if a.in_force(day)), None)

    def unreviewed_version(self, year: int) -> Version | None:
        """The open-ended version in force in *year* when *year* is after the year it was last
        reviewed (or it never was): its rules may have changed since (``rules_not_reviewed_for_year``)."""
        version = self.version_on(date(year, 12, 31)) or self.version_on(date(year, 1, 1))
        if version is None or version.effective_to is not None:
            return None
        if version.reviewed is not None and year <= version.reviewed.year:
            return None
        return version

    def last_reviewed_year(self) -> int | None:
        """The latest year some version's rules were reviewed for (a new case's year when the current
        one is not covered), never before that version took effect."""
        years = [max(v.reviewed.year, v.effective_from.year) for v in self.versions if v.reviewed is not None]
        return max(years) if years else None

    def needs_birth_date(self, category: str) -> bool:
        return any(
            r.min_age is not None and r.category in (None, category) for v in self.versions for r in v.ratios
        )


# --- picking entries (the engine, and the checks of validation.py) ---------------------------

def _pick(entries, tier: str | None, category: str, where: str, loc: tuple = ()):
    """The single entry matching tier and category; the more specific entry wins."""
    matches = [
        e for e in entries
        if getattr(e, "tier", None) in (None, tier) and e.category in (None, category)
    ]
    if not matches:
        raise RuleError(f"{where}: nothing for tier {tier!r}, {category}", loc)
    rank = lambda e: (getattr(e, "tier", None) is not None) + (e.category is not None)  # noqa: E731
    best = max(rank(e) for e in matches)
    top = [e for e in matches if rank(e) == best]
    if len(top) > 1:
        raise RuleError(f"{where}: {len(top)} entries match tier {tier!r}, {category} equally",
                        loc + (entries.index(top[1]),) if loc else loc)
    return top[0]


def pick_entry(entries, tier: str | None, category: str):
    """Public form of :func:`_pick` for the engine (files are validated already)."""
    return _pick(entries, tier, category, "rules")


def ratio_schedule(version: Version, tier: str, category: str, age: int) -> list[tuple[Decimal, RatioEntry]]:
    """The ratio bands ``[(band_from, entry), …]`` for a person of *age*, sorted by band.

    Per band, among entries matching the tier, category and age, the one with the
    highest ``min_age`` wins, then the one naming a tier, then a category.
    Ties raise ``ValueError`` (the schema check turns them into file errors).
    """
    by_band: dict[Decimal, list[RatioEntry]] = {}
    for r in version.ratios:
        if r.tier in (None, tier) and r.category in (None, category) and (r.min_age or 0) <= age:
            by_band.setdefault(r.band_from, []).append(r)
    out = []
    for band, entries in sorted(by_band.items()):
        rank = lambda e: ((e.min_age if e.min_age is not None else -1), e.tier is not None, e.category is not None)  # noqa: E731
        best = max(rank(e) for e in entries)
        top = [e for e in entries if rank(e) == best]
        if len(top) > 1:
            raise ValueError(
                f"ratios: {len(top)} entries match tier {tier!r}, {category}, age {age}, band {band} equally"
            )
        out.append((band, top[0]))
    return out
