"""The visits CSV of DOMAIN.md, read and written.

Columns: ``date`` (YYYY-MM-DD), ``tier``, ``total`` required; ``self_funded``,
``class_b_copay`` (default 0), ``designated`` (true), ``emergency`` (false)
optional; ``exclusion`` (an exclusion id of the region) and ``patient`` (``self``
or ``family`` — a family member paid from this account, 家庭共济) are optional extras.
UTF-8 with or without BOM; GB18030 as older Chinese Excel writes it.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import dates
from .case import Visit
from .located import LocatedError
from .money import MAX_AMOUNT, AmountTooLarge, MoneyError, fmt, from_fen, parse_amount, to_fen

REQUIRED = ("date", "tier", "total")
MAX_FILE_BYTES = 20_000_000  # a visits file (CSV, XLSX) of one person: about 200,000 visits
OPTIONAL = ("self_funded", "class_b_copay", "designated", "emergency", "exclusion", "patient")
COLUMNS = REQUIRED + OPTIONAL

_TRUE = {"true", "1", "yes", "y", "t", "是", "√", "✓"}
_FALSE = {"false", "0", "no", "n", "f", "否", ""}


class VisitsFileError(LocatedError):
    """A visits file that cannot be read, with where and why."""


class FieldError(ValueError):
    """A bad cell: which field, a message code (see ``messages.FIELD_ERRORS``) and its arguments."""

    def __init__(self, field: str, code: str, **args: str):
        self.field, self.code, self.params = field, code, args
        super().__init__(f"{field}: " + FIELD_ERRORS_EN[code].format(**args))


FIELD_ERRORS_EN = {
    "required": "required value is empty",
    "bad_date": "{value!r} is not a date (write 2023-02-10, 2023/2/10, 20230210 or 2023年2月10日; within the case year also 2-10, 0210 or 2月10日)",
    "no_such_date": "there is no such day: {value!r}",
    "bad_iso_date": "expected a date YYYY-MM-DD, got {value!r}",
    "bad_amount": "not an amount ≥ 0 with at most 2 decimals: {value!r}",
    "too_large": "{value!r} is above the upper bound of one visit, {limit} yuan",
    "extra_cells": "the line has {count} cells but the header only {columns} columns",
    "bad_flag": "expected true or false, got {value!r}",
    "scope_negative": "self-funded {self_funded} + class-B co-pay {class_b_copay} exceed the total {total} (policy scope would be negative)",
    "outside_year": "{value} is outside the year {year}",
    "unknown_tier": "no tier {value!r} in this region; choose this region's tier: {known_en}",
    "unknown_exclusion": "unknown exclusion {value!r}",
    "exclusion_not_in_force": "exclusion {value!r} is not listed by the rules in force on {date}",
    "bad_patient": "expected self or family, got {value!r}",
}


@dataclass(frozen=True)
class CsvRow:
    line: int  # 1-based line in the file (the header is line 1)
    visit: Visit


def parse_bool(text: str, field: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise FieldError(field, "bad_flag", value=text.strip())


def parse_date(text: str, field: str = "date", year: int | None = None) -> date:
    """Without *year*: ``YYYY-MM-DD`` only (the CSV contract). With the case *year* (a typed cell):
    any form :mod:`app.core.dates` reads, month and day alone included."""
    try:
        return dates.parse_iso(text) if year is None else dates.parse_date(text, year)
    except dates.DateError as exc:
        raise FieldError(field, exc.code, value=exc.value) from None


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def visit_from_fields(fields: dict[str, str], year: int | None = None) -> Visit:
    """Build a Visit from text fields; raise :class:`FieldError` for the first bad one.

    *year*: the case year, in which a date may be written as month and day (``2-10``).
    """
    get = lambda k: fields.get(k) or ""  # noqa: E731
    when, tier, total, self_funded, class_b_copay, designated, emergency, exclusion, patient = visit_values(
        get("date"), get("tier"), get("total"), get("self_funded"), get("class_b_copay"), get("designated"),
        get("emergency"), get("exclusion"), get("patient"), year)
    return Visit(date=when, tier=tier, total=from_fen(total), self_funded=from_fen(self_funded),
                 class_b_copay=from_fen(class_b_copay), designated=designated, emergency=emergency,
                 exclusion=exclusion, patient=patient)


def visit_values(date_text: str, tier: str, total: str, self_funded: str, class_b_copay: str, designated: str,
                 emergency: str, exclusion: str, patient: str, year: int | None = None) -> tuple:
    """The one reader of a visit's text fields (the CSV's, a claims row's, a sheet row's): the checked
    values ``(date, tier, total, self_funded, class_b_copay, designated, emergency, exclusion, patient)``,
    amounts in integer fen, ``exclusion`` None when empty; :class:`FieldError` for the first bad field.

    *year*: the case year, in which a date may be written as month and day (``2-10``).
    """
    date_text, tier, total = date_text.strip(), tier.strip(), total.strip()
    if not date_text:
        raise FieldError("date", "required")
    if not tier:
        raise FieldError("tier", "required")
    if not total:
        raise FieldError("total", "required")
    when = parse_date(date_text, year=year)
    total = amount_fen(total, "total")
    self_funded = amount_fen(self_funded.strip(), "self_funded") if self_funded else 0
    class_b_copay = amount_fen(class_b_copay.strip(), "class_b_copay") if class_b_copay else 0
    if self_funded + class_b_copay > total:
        field = "self_funded" if self_funded > 0 else "class_b_copay"
        raise FieldError(field, "scope_negative", total=str(from_fen(total)), self_funded=str(from_fen(self_funded)),
                         class_b_copay=str(from_fen(class_b_copay)))
    designated = designated.strip()
    designated = parse_bool(designated, "designated") if designated else True
    emergency = emergency.strip()
    emergency = parse_bool(emergency, "emergency") if emergency else False
    patient = parse_patient(patient) if patient else "self"
    return when, tier, total, self_funded, class_b_copay, designated, emergency, exclusion.strip() or None, patient


_PLAIN_AMOUNT = re.compile(r"[0-9]{1,8}(?:\.[0-9]{1,2})?")  # within MAX_AMOUNT whatever the digits


def amount_fen(text: str, field: str) -> int:
    """A stripped amount cell in integer fen (empty: 0); :class:`FieldError` as :func:`money.parse_amount` refuses it.

    A plain ``123.45`` is read directly; any other form (commas, full-width digits, ¥) by ``parse_amount``."""
    if not text or text == "0":
        return 0
    if _PLAIN_AMOUNT.fullmatch(text):
        whole, point, cents = text.partition(".")
        if not point:
            return int(whole) * 100
        return int(whole) * 100 + (int(cents) * 10 if len(cents) == 1 else int(cents))
    try:
        return to_fen(parse_amount(text, field=field))
    except MoneyError as exc:
        shown = text if len(text) <= 24 else text[:20] + "…"  # a 5,000-character cell is not echoed whole
        if isinstance(exc, AmountTooLarge):
            raise FieldError(field, "too_large", value=shown, limit=f"{MAX_AMOUNT:,}") from None
        raise FieldError(field, "bad_amount", value=shown) from None


def parse_patient(text: str) -> str:
    value = text.strip().lower()
    if value in ("", "self", "本人"):
        return "self"
    if value in ("family", "家属", "家庭成员", "家庭共济"):
        return "family"
    raise FieldError("patient", "bad_patient", value=text.strip())


def read_visits(path: str | Path) -> list[CsvRow]:
    """Read every row or raise :class:`VisitsFileError` for the first bad one."""
    rows, errors = read_visits_lenient(path)
    if errors:
        raise errors[0]
    return rows


def read_visits_lenient(path: str | Path) -> tuple[list[CsvRow], list[VisitsFileError]]:
    """Read the good rows and report each bad one with its line (for import previews)."""
    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:  # checked before reading: a person's year is never this large
            raise VisitsFileError(shown, None, None, f"too large for one person's visits ({size:,} bytes; "
                                                     f"at most {MAX_FILE_BYTES:,})")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise VisitsFileError(shown, None, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise VisitsFileError(shown, None, None, "not a text file (neither UTF-8 nor GB18030)") from None
    return parse_visits_text(text, shown)


def parse_visits_text(text: str, shown: str = "<visits>") -> tuple[list[CsvRow], list[VisitsFileError]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise VisitsFileError(shown, 1, None, "empty file: a header row is needed") from None
    except csv.Error as exc:
        raise VisitsFileError(shown, 1, None, f"bad CSV: {exc}") from None
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise VisitsFileError(shown, 1, missing[0], f"required column missing (header: {','.join(names)})")
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        raise VisitsFileError(shown, 1, unknown[0], f"unknown column (known: {', '.join(COLUMNS)})")
    twice = next((n for k, n in enumerate(names) if n and n in names[:k]), None)
    if twice is not None:  # `total,total`: which one is meant is unclear; never last-one-wins
        raise VisitsFileError(shown, 1, twice, "column appears twice in the header")
    rows: list[CsvRow] = []
    errors: list[VisitsFileError] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(names) and any(cell.strip() for cell in record[len(names):]):
                errors.append(VisitsFileError(shown, line, None, FIELD_ERRORS_EN["extra_cells"].format(
                    count=len(record), columns=len(names))))
                continue
            fields = dict(zip(names, record))
            try:
                rows.append(CsvRow(line, visit_from_fields(fields)))
            except ValueError as exc:
                field, _, message = str(exc).partition(": ")
                errors.append(VisitsFileError(shown, line, field, message or str(exc)))
    except csv.Error as exc:
        errors.append(VisitsFileError(shown, reader.line_num, None, f"bad CSV: {exc}"))
    return rows, errors


def visits_to_csv(visits) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for v in visits:
        writer.writerow([
            v.date.isoformat(), v.tier, fmt(v.total), fmt(v.self_funded), fmt(v.class_b_copay),
            "true" if v.designated else "false", "true" if v.emergency else "false", v.exclusion or "", v.patient,
        ])
    return out.getvalue()
