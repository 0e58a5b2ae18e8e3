"""The editable case behind the window (工作表): rows kept exactly as typed.

A row whose cells do not make a valid visit stays in the worksheet, flagged with
the field and the reason, and is left out of the settlement until fixed; nothing
the user typed is dropped. Qt-free, so the window's logic is tested without a
display.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import dates
from .case import CARRY_NAMES, Case, Person, Visit, write_atomic
from .reconcile import ACTUAL_KEYS, Actual, Reconciliation, reconcile
from .engine import CaseError, Estimate, Settler, VisitResult, YearState, settle_indexed
from .money import MAX_AMOUNT, AmountTooLarge, MoneyError, fmt, parse_amount, parse_number
from .rules.schema import RuleFile
from .messages import render_field_error
from .visits_csv import FieldError, visit_from_fields

TEXT_FIELDS = ("date", "tier", "total", "self_funded", "class_b_copay", "exclusion")
FLAG_FIELDS = ("designated", "emergency", "family")
ROW_FIELDS = ("date", "tier", "total", "self_funded", "class_b_copay", "designated", "emergency", "exclusion",
              "family")

CASE_FORMAT = "outpatient-pooling-case"
CASE_FORMAT_VERSION = 1
CASE_SUFFIX = ".mzcase"
MAX_CASE_BYTES = 50_000_000


@dataclass(frozen=True)
class Row:
    """One visit as typed: text cells plus two flags."""

    date: str = ""
    tier: str = ""
    total: str = ""
    self_funded: str = ""
    class_b_copay: str = ""
    designated: bool = True
    emergency: bool = False
    exclusion: str = ""
    family: bool = False  # a family member's visit paid from this account (家庭共济)
    # a real settlement's figures (reconcile.ACTUAL_KEYS → amount as read), kept from an import
    actual: tuple[tuple[str, str], ...] = ()

    def with_value(self, name: str, value: Any) -> "Row":
        if name in FLAG_FIELDS:
            return replace(self, **{name: bool(value)})
        return replace(self, **{name: "" if value is None else str(value)})

    def is_blank(self) -> bool:
        """Nothing typed in any text cell: not a visit yet, not an error (and not saved)."""
        return not any(getattr(self, n).strip() for n in TEXT_FIELDS)

    @classmethod
    def from_visit(cls, v: Visit) -> "Row":
        return cls(v.date.isoformat(), v.tier, fmt(v.total), fmt(v.self_funded), fmt(v.class_b_copay),
                   v.designated, v.emergency, v.exclusion or "", v.patient == "family")


@dataclass(frozen=True)
class RowError:
    """What is wrong with a row: the field, a message code of ``messages.FIELD_ERRORS`` and its arguments."""

    field: str
    code: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "zh") -> str:
        return render_field_error(self.code, lang, **dict(self.args))

    @classmethod
    def of(cls, exc: FieldError) -> "RowError":
        return cls(exc.field, exc.code, tuple(sorted(exc.params.items())))


@dataclass
class PersonFields:
    """The case header as typed."""

    region: str
    year: int
    category: str = "employed"
    birth_date: str = ""  # YYYY-MM-DD or empty
    parameters: dict[str, str] = field(default_factory=dict)
    title: str = ""
    contribution_base: str = ""  # 缴费基数, yuan a month (employed)
    opening_balance: str = ""  # personal account balance on 1 January
    pooling_only: bool = False  # 单建统筹: no personal account
    carry: dict[str, str] = field(default_factory=dict)  # carry-in (此前已累计) as typed, by name (case.CARRY_NAMES)
    name: str = ""  # the person's name (姓名), optional
    id_number: str = ""  # 证件号码, optional; the slip masks it unless told to print it whole

    def copy(self) -> "PersonFields":
        return replace(self, parameters=dict(self.parameters), carry=dict(self.carry))


@dataclass(frozen=True)
class SheetResult:
    """The settlement of the valid rows plus what is wrong with the rest."""

    estimate: Estimate | None
    by_row: Mapping[int, VisitResult]  # engine.ByIndex: views made when asked for
    row_errors: dict[int, RowError]
    case_error: str | None  # a header problem (missing parameter, birth date …): nothing settles (English)
    case_error_field: str | None
    settler: Settler | None = None
    state: YearState | None = None  # accumulators after the last visit

    problem: CaseError | None = None
    reconciliation: dict[int, Reconciliation] = field(default_factory=dict)  # by row, for imported settlements

    def payment_of(self, row: int):
        """The account/cash split of the visit in *row*, or None (not settled, or unknown)."""
        account = self.estimate.account if self.estimate is not None else None
        return account.payments.get(row) if account is not None else None

    def case_error_text(self, lang: str = "zh") -> str | None:
        """The header problem in the UI language."""
        if self.problem is not None:
            return self.problem.text(lang)
        return self.case_error

    def quote(self, amount: Decimal, on: date) -> dict[str, VisitResult] | None:
        """Next-visit quote at every tier, after this year's visits; None when nothing settles."""
        if self.settler is None or self.state is None:
            return None
        return self.settler.quote(self.state, amount, on)


def actual_of(row: Row) -> Actual:
    """A row's real-settlement figures as amounts (each checked when the row was imported)."""
    amounts = {}
    for key, text in row.actual:
        try:
            amounts[key] = parse_amount(text, field=key)
        except MoneyError:
            continue  # not reached for imported rows: a bad amount is refused with its line
    return Actual.of(amounts)


def row_to_visit(row: Row, year: int, region: RuleFile | None) -> Visit | RowError:
    """Validate one row for *year* and *region*; blank optional cells take the CSV defaults."""
    try:
        visit = visit_from_fields({n: getattr(row, n) if n not in FLAG_FIELDS else "" for n in ROW_FIELDS}, year)
    except FieldError as exc:
        return RowError.of(exc)
    visit = visit.model_copy(update={"designated": row.designated, "emergency": row.emergency,
                                     "patient": "family" if row.family else "self"})
    for key, text in row.actual:  # a real settlement's figures, bounded like any amount
        try:
            parse_amount(text, field=key)
        except AmountTooLarge:
            return RowError(key, "too_large", (("limit", f"{MAX_AMOUNT:,}"), ("value", text[:24])))
        except MoneyError:
            return RowError(key, "bad_amount", (("value", text[:24]),))
    if visit.date.year != year:
        return RowError("date", "outside_year", (("value", visit.date.isoformat()), ("year", str(year))))
    if region is not None:
        if region.tier(visit.tier) is None:
            return RowError("tier", "unknown_tier", (("known_en", ", ".join(t.label.en for t in region.tiers)),
                                                     ("known_zh", "、".join(t.label.zh for t in region.tiers)),
                                                     ("value", visit.tier)))
        if visit.exclusion and visit.exclusion not in {x.id for v in region.versions for x in v.exclusions}:
            return RowError("exclusion", "unknown_exclusion", (("value", visit.exclusion),))
        if visit.exclusion and region.exclusion_on(visit.date, visit.exclusion) is None:
            return RowError("exclusion", "exclusion_not_in_force",
                            (("date", visit.date.isoformat()), ("value", visit.exclusion)))
    return visit


def birth_date_of(text: str, year: int) -> date | None:
    """The birth date typed in the header (any whole-date form), None when empty; ``CaseError`` when
    it names no date or one outside 1900-01-01 … the end of the case *year*."""
    if not text.strip():
        return None
    try:
        birth = dates.parse_date(text)
    except dates.DateError:
        raise CaseError(f"birth date {text.strip()!r} is not a date (write 1953-06-15, 19530615 or 1953年6月15日)",
                        field="birth_date", code="bad_birth_date", value=text.strip()) from None
    limit = date(year, 12, 31)
    if not date(1900, 1, 1) <= birth <= limit:
        raise CaseError(f"birth date {birth} is not between 1900-01-01 and {limit}", field="birth_date",
                        code="birth_out_of_range", value=birth.isoformat(), limit=limit.isoformat())
    return birth


def row_problems(row: Row, year: int, region: RuleFile | None) -> list[RowError]:
    """Every problem of a row, not only the first: after each one found, that cell is set aside
    (given a harmless value) and the row checked again (for an import preview)."""
    problems: list[RowError] = []
    current = row
    for _ in range(len(ROW_FIELDS) + 1):
        found = row_to_visit(current, year, region)
        if not isinstance(found, RowError):
            break
        problems.append(found)
        harmless = {"date": f"{year}-01-01", "tier": region.tiers[0].id if region else "x", "total": "0",
                    "self_funded": "0", "class_b_copay": "0", "exclusion": ""}
        if found.code == "scope_negative":  # the amounts together: set both parts aside
            current = replace(current, self_funded="0", class_b_copay="0")
        elif found.field in harmless:
            current = replace(current, **{found.field: harmless[found.field]})
        else:
            break
    order = {name: n for n, name in enumerate(ROW_FIELDS)}
    return sorted(problems, key=lambda e: order.get(e.field, len(order)))  # in the table's column order


def person_from_fields(p: PersonFields) -> Person:
    """Raise ``CaseError`` naming the header field that is wrong."""
    birth = birth_date_of(p.birth_date, p.year)
    params: dict[str, Decimal] = {}
    for name, text in p.parameters.items():
        if not str(text).strip():
            continue
        shown = str(text).strip()
        shown = shown if len(shown) <= 24 else shown[:20] + "…"
        try:
            value = parse_number(str(text), field=name)
        except AmountTooLarge:
            raise CaseError(f"parameter {name}: {shown!r} is above the upper bound {MAX_AMOUNT:,}", field=name,
                            code="too_large", label=name, value=shown, limit=f"{MAX_AMOUNT:,}") from None
        except MoneyError:
            raise CaseError(f"parameter {name}: {shown!r} is not a number", field=name,
                            code="bad_number", label=name, value=shown) from None
        params[name] = value
    amounts: dict[str, Decimal | None] = {}
    for name, label in (("contribution_base", "缴费基数"), ("opening_balance", "个人账户年初余额")):
        text = getattr(p, name).strip()
        try:
            amounts[name] = parse_amount(text, field=name) if text else None
        except AmountTooLarge:
            raise CaseError(f"{name}: {text[:24]!r} is above the upper bound {MAX_AMOUNT:,}", field=name,
                            code="too_large", label=label, value=text[:24], limit=f"{MAX_AMOUNT:,}") from None
        except MoneyError:
            raise CaseError(f"{name}: {text!r} is not an amount", field=name,
                            code="bad_amount", label=label, value=text) from None
    carry: dict[str, Decimal] = {}
    for name, text in p.carry.items():
        text = str(text).strip()
        if not text:
            continue
        label = CARRY_LABELS_ZH.get(name, name)
        try:
            carry[name] = parse_amount(text, field=f"carry {name}")
        except AmountTooLarge:
            raise CaseError(f"carry {name}: {text[:24]!r} is above the upper bound {MAX_AMOUNT:,}", field=f"carry:{name}",
                            code="too_large", label=label, value=text[:24], limit=f"{MAX_AMOUNT:,}") from None
        except MoneyError:
            raise CaseError(f"carry {name}: {text!r} is not an amount", field=f"carry:{name}",
                            code="bad_amount", label=label, value=text) from None
    return Person(region=p.region, year=p.year, category=p.category, birth_date=birth, parameters=params,
                  contribution_base=amounts["contribution_base"], pooling_only=p.pooling_only,
                  opening_balance=amounts["opening_balance"] or Decimal(0), carry=carry)


def suggested_stem(p: PersonFields) -> str:
    """A file name (without suffix) for a new case: the person's name and the year (``张三 2023``), or
    empty without a name. Characters no file system takes (``/\\:*?"<>|``, control characters) are dropped."""
    name = "".join(ch for ch in p.name.strip() if ch not in '/\\:*?"<>|' and ch >= " ").strip(" .")[:60]
    return f"{name} {p.year}" if name else ""


# the carry-in fields as the header and the slip name them
CARRY_LABELS_ZH = {"deductible_met": "此前已累计起付标准", "fund_paid": "此前已累计统筹基金支付",
                   "above_deductible": "此前已累计起付标准以上费用", "policy_scope": "此前已累计合规费用"}


class Worksheet:
    """Person fields and rows; settles on demand and caches row validation."""

    def __init__(self, person: PersonFields, rows: list[Row] | None = None):
        self.person = person
        self.rows: list[Row] = list(rows or [])
        # what the last settle found of each row, in row order: (the Row object — Rows are immutable —
        # and its visit, its error, or None when blank), for (year, region). A row not changed since,
        # in its place or moved by an insert or a removal, is not checked again.
        self._verdicts: list[tuple[Row, Visit | RowError | None]] = []
        self._verdicts_for: tuple | None = None
        self._settler: Settler | None = None
        self._last: Estimate | None = None  # the last estimate: an edit settles again from the edited visit on

    def _settler_for(self, region: RuleFile, person: Person) -> Settler:
        """The settler of the last settle while region and person are unchanged (its last estimate is reused)."""
        if self._settler is None or self._settler.region is not region or self._settler.person != person:
            self._settler = Settler(region, person)
            self._last = None
        return self._settler

    def settle(self, region: RuleFile | None) -> SheetResult:
        row_errors: dict[int, RowError] = {}
        visits: list[tuple[int, Visit]] = []
        year = self.person.year
        known = self._verdicts if self._verdicts_for == (year, region) else []
        # rows inserted or removed move the others: find those by identity (an edit moves nothing)
        moved = {id(verdict[0]): verdict for verdict in known} if len(known) != len(self.rows) else {}
        verdicts: list[tuple[Row, Visit | RowError | None]] = []
        for i, row in enumerate(self.rows):
            verdict = known[i] if i < len(known) and known[i][0] is row else moved.get(id(row))
            if verdict is None or verdict[0] is not row:
                verdict = (row, None if row.is_blank() else row_to_visit(row, year, region))
            verdicts.append(verdict)
            v = verdict[1]
            if v is None:
                continue
            if isinstance(v, RowError):
                row_errors[i] = v
            else:
                visits.append((i, v))
        self._verdicts, self._verdicts_for = verdicts, (year, region)  # the rows of now only
        if region is None:
            problem = CaseError(f"unknown region {self.person.region!r}: no rule file of that id is loaded "
                                "(choose a region, or import its rule file)", field="region",
                                code="unknown_region", region=self.person.region)
            return SheetResult(None, {}, row_errors, str(problem), "region", problem=problem)
        try:
            fields = self.person.copy()
            declared = {p.id for p in region.parameters}  # values typed for another region are kept, not used
            fields.parameters = {k: v for k, v in fields.parameters.items() if k in declared}
            fields.carry = {k: v for k, v in fields.carry.items() if k in region.carry_names()}  # likewise
            person = person_from_fields(fields)
            settler = self._settler_for(region, person)
        except CaseError as exc:
            return SheetResult(None, {}, row_errors, str(exc), exc.field, problem=exc)
        est, state = settle_indexed(settler, visits, self._last)
        self._last = est
        actuals = {i: actual_of(self.rows[i]) for i, _v in visits if self.rows[i].actual}
        recon = reconcile(est, actuals) if actuals else {}
        return SheetResult(est, est.by_index(), row_errors, None, None, settler, state, reconciliation=recon)

    def case(self) -> Case:
        """The valid rows as an engine case (for export and the CLI comparison)."""
        person = person_from_fields(self.person)
        visits = tuple(v for row in self.rows if not row.is_blank()
                       for v in [row_to_visit(row, self.person.year, None)] if isinstance(v, Visit))
        return Case(person=person, visits=visits, title=self.person.title)


# --- case file (.mzcase, JSON) -------------------------------------------------------

class CaseFileError(Exception):
    """A case file that cannot be opened: not ours, corrupt, or from a newer version."""


def worksheet_to_json(ws: Worksheet) -> str:
    """Case file format, version 1 (documented in README):

    ``{"format": "outpatient-pooling-case", "version": 1,
       "person": {"region", "year", "category", "birth_date", "parameters", "title",
                  "contribution_base", "opening_balance"[, "pooling_only": true][, "carry": {NAME: AMOUNT}]
                  [, "name", "id_number"]},
       "rows": [{"date", "tier", "total", "self_funded", "class_b_copay",
                 "designated", "emergency", "exclusion"}, …]}``

    Cells are saved as typed (strings), so an unfinished row survives a save.
    """
    p = ws.person
    payload = {
        "format": CASE_FORMAT,
        "version": CASE_FORMAT_VERSION,
        "person": {"region": p.region, "year": p.year, "category": p.category, "birth_date": p.birth_date,
                   "parameters": dict(p.parameters), "title": p.title,
                   "contribution_base": p.contribution_base, "opening_balance": p.opening_balance,
                   **({"pooling_only": True} if p.pooling_only else {}),
                   # written only when given: a case without them is the same file as before
                   **({"carry": dict(p.carry)} if p.carry else {}),
                   **({"name": p.name} if p.name else {}), **({"id_number": p.id_number} if p.id_number else {})},
        "rows": [{**{n: getattr(r, n) for n in ROW_FIELDS}, **({"actual": dict(r.actual)} if r.actual else {})}
                 for r in ws.rows if not r.is_blank()],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _short(value: object) -> str:
    """*value* for a one-line message: its repr cut to 40 characters (a 5,000-digit number is not shown whole)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "a number of more than 30 digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _expect(cond: bool, source: str, where: str, what: str) -> None:
    if not cond:
        raise CaseFileError(f"{source}: {where}: {what}")


def worksheet_from_json(text: str, *, source: str = "case file") -> Worksheet:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"{source}: line {exc.lineno}: not a case file ({exc.msg})") from None
    except RecursionError:  # json recurses per level: [[[[… 100,000 deep
        raise CaseFileError(f"{source}: not a case file (nested too deeply)") from None
    except ValueError:  # an integer of more than 4,300 digits (Python's int limit)
        raise CaseFileError(f"{source}: not a case file (a number with too many digits)") from None
    _expect(isinstance(payload, dict) and payload.get("format") == CASE_FORMAT, source, "format",
            "not an outpatient-pooling case file")
    version = payload.get("version")
    _expect(isinstance(version, int) and not isinstance(version, bool) and version >= 1, source, "version",
            "missing or bad format version")
    _expect(version <= CASE_FORMAT_VERSION, source, "version",
            f"written by a newer version of this program (format {_short(version)})")
    person = payload.get("person")
    _expect(isinstance(person, dict), source, "person", "missing")
    region = person.get("region")
    _expect(isinstance(region, str) and region != "", source, "person.region", "missing")
    year = person.get("year")
    _expect(isinstance(year, int) and not isinstance(year, bool) and 1990 <= year <= 2100, source, "person.year",
            f"not a year: {_short(year)}")
    category = person.get("category")
    _expect(category in ("employed", "retired"), source, "person.category", f"not employed/retired: {_short(category)}")
    birth = person.get("birth_date") or ""
    _expect(isinstance(birth, str), source, "person.birth_date", "not a text")
    params = person.get("parameters") or {}
    _expect(isinstance(params, dict) and all(isinstance(k, str) and isinstance(v, (str, int)) for k, v in params.items()),
            source, "person.parameters", "not a mapping of names to values")
    texts = {}
    carry = person.get("carry") or {}
    _expect(isinstance(carry, dict) and all(k in CARRY_NAMES and isinstance(v, str) for k, v in carry.items()),
            source, "person.carry", f"not a mapping of {', '.join(CARRY_NAMES)} to amounts")
    for key in ("title", "contribution_base", "opening_balance", "name", "id_number"):
        texts[key] = person.get(key) or ""
        _expect(isinstance(texts[key], str), source, f"person.{key}", "not a text")
    pooling_only = person.get("pooling_only", False)
    _expect(isinstance(pooling_only, bool), source, "person.pooling_only", "not true/false")
    rows_data = payload.get("rows")
    _expect(isinstance(rows_data, list), source, "rows", "missing")
    rows: list[Row] = []
    for n, item in enumerate(rows_data, start=1):
        _expect(isinstance(item, dict), source, f"rows[{n}]", "not a row")
        unknown = set(item) - set(ROW_FIELDS) - {"actual"}
        if unknown:
            raise CaseFileError(f"{source}: rows[{n}]: unknown field {_short(sorted(unknown)[0])}")
        values: dict[str, Any] = {}
        for name in ROW_FIELDS:
            value = item.get(name, Row.__dataclass_fields__[name].default)
            if name in FLAG_FIELDS:
                _expect(isinstance(value, bool), source, f"rows[{n}].{name}", "not true/false")
            else:
                value = "" if value is None else value
                _expect(isinstance(value, str), source, f"rows[{n}].{name}", "not a text")
            values[name] = value
        actual = item.get("actual") or {}
        _expect(isinstance(actual, dict) and all(k in ACTUAL_KEYS and isinstance(v, str) for k, v in actual.items()),
                source, f"rows[{n}].actual", f"not a mapping of {', '.join(ACTUAL_KEYS)} to amounts")
        rows.append(Row(**values, actual=tuple((k, actual[k]) for k in ACTUAL_KEYS if k in actual)))
    fields = PersonFields(region=region, year=year, category=category, birth_date=birth,
                          parameters={k: str(v) for k, v in params.items()}, pooling_only=pooling_only,
                          carry=dict(carry), **texts)
    return Worksheet(fields, rows)


def save_worksheet(ws: Worksheet, path: str | Path) -> None:
    write_atomic(path, worksheet_to_json(ws))


def load_worksheet(path: str | Path) -> Worksheet:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CASE_BYTES:  # checked before reading: a 2 GB file is never read whole
            raise CaseFileError(f"{path}: too large to be a case file (over {MAX_CASE_BYTES // 1_000_000} MB)")
        with open(path, "rb") as fh:
            data = fh.read(MAX_CASE_BYTES + 1)
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_CASE_BYTES:  # it grew while we looked
        raise CaseFileError(f"{path}: too large to be a case file (over {MAX_CASE_BYTES // 1_000_000} MB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseFileError(f"{path}: not a case file (not UTF-8 text)") from None
    return worksheet_from_json(text, source=str(path))


# --- paste from a spreadsheet --------------------------------------------------------

_HEADER_WORDS = {"date", "日期", "就诊日期", "tier", "等级", "total", "总费用"}


def normalize_date(text: str, year: int | None = None) -> str:
    """A date in any form :mod:`app.core.dates` reads as ``YYYY-MM-DD``; anything else as it is."""
    return dates.canonical(text.strip(), year)


def tier_id_for(text: str, region: RuleFile | None) -> str:
    """The tier id a name stands for in *region* (id, label or alias: ``三甲`` → ``level3``); else the text."""
    value = text.strip()
    if region is None:
        return value
    return region.resolve_tier(value) or value


def carry_tiers(rows: list[Row], old: RuleFile | None, new: RuleFile | None) -> list[Row]:
    """The rows' tiers after a change of region from *old* to *new*.

    A tier id both regions have stays; otherwise the old tier's label (Chinese, then English)
    is looked up among the new region's names and aliases (社区卫生服务机构 → Tongliao's
    一级及以下). Where nothing matches, the cell gets the old label as text: shown red, with
    "choose this region's tier", never a silent guess. Text that was no tier at all is read
    again in the new region, else kept.
    """
    if new is None:
        return list(rows)
    out = []
    for row in rows:
        value = row.tier
        if not value.strip() or new.tier(value) is not None:
            out.append(row)
            continue
        tier = old.tier(value) if old is not None else None
        names = [tier.label.zh, tier.label.en] if tier is not None else [value]
        found = next((t for t in (new.resolve_tier(n) for n in names) if t is not None), None)
        out.append(replace(row, tier=found or names[0]))
    return out


class PasteError(ValueError):
    """Pasted text that cannot become rows: ``line`` (1-based) and ``column`` (a row field), the value."""

    def __init__(self, line: int, column: str, value: str):
        self.line, self.column, self.value = line, column, value
        super().__init__(f"line {line}: {column}: expected yes or no, got {value!r}")


_YES = {"true", "1", "yes", "y", "t", "是", "√", "✓", "x"}
_NO = {"false", "0", "no", "n", "f", "否"}


def _flag(text: str, default: bool, line: int, column: str) -> bool:
    value = dates.ascii_text(text).strip().lower()
    if value == "":
        return default
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise PasteError(line, column, text.strip())


def rows_from_paste(text: str, region: RuleFile | None, year: int | None = None) -> list[Row]:
    """Rows from tab-separated text as Excel copies it.

    Columns in the table's order: date, tier, total, self-funded, class-B co-pay,
    designated, emergency. A header line is skipped. Cells go through what typing goes
    through: dates and tier names are read as in a cell (month-day in *year*), amounts are
    kept exactly as copied (``12,5`` stays ``12,5`` and shows red, it is not 125). A yes/no
    cell that is neither raises :class:`PasteError` (a flag has no text to keep red).
    """
    rows: list[Row] = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not rows and any(c.lower() in _HEADER_WORDS for c in cells):
            continue
        cells += [""] * (7 - len(cells))
        rows.append(Row(
            date=normalize_date(cells[0], year), tier=tier_id_for(cells[1], region),
            total=cells[2], self_funded=cells[3], class_b_copay=cells[4],
            designated=_flag(cells[5], True, n, "designated"), emergency=_flag(cells[6], False, n, "emergency"),
        ))
    return rows
