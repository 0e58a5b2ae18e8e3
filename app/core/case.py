"""The case (案例): one person, one calendar year, the visits of that year.

The file format of the window is in ``worksheet.py``; ``write_atomic`` is shared.
"""
from __future__ import annotations

import errno
import os
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from .money import MAX_AMOUNT, ZERO, MoneyError, parse_amount, parse_number
from .record import Record


class ValidationError(ValueError):
    """A visit, person or case that cannot be one; the message says which field and why."""


def _money(value: object, field: str) -> Decimal:
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        try:
            return parse_amount(value, field=field)
        except MoneyError as exc:
            raise ValidationError(f"{field}: {exc}") from None
    raise ValidationError(f"{field}: not an amount: {value!r}")


def _date(value: object, field: str) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValidationError(f"{field}: not a date: {value!r}")


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValidationError(f"{field}: not true or false: {value!r}")


def _one_of(value: object, field: str, allowed: tuple) -> object:
    if value not in allowed or isinstance(value, bool):
        raise ValidationError(f"{field}: expected one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def _decimal(value: object, field: str, low: Decimal, high: Decimal) -> Decimal:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            value = Decimal(value)
        except ArithmeticError:
            raise ValidationError(f"{field}: not a number: {value!r}") from None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"{field}: not a number: {value!r}")
    if not low <= value <= high:
        raise ValidationError(f"{field}: {value} is not between {low} and {high:,}")
    return value


class Visit(Record):
    """One outpatient visit (一次门诊就医) as entered; amounts in yuan.

    ``total`` 医疗总费用, ``self_funded`` 全自费, ``class_b_copay`` 乙类先行自付, ``designated`` 定点,
    ``emergency`` 急诊抢救, ``exclusion``: id of a region exclusion reason (不予支付情形) if one applies,
    ``patient``: ``family`` for a family member paid from this account (家庭共济).
    """

    FIELDS = ("date", "tier", "total", "self_funded", "class_b_copay", "designated", "emergency", "exclusion",
              "patient")
    __slots__ = FIELDS
    DEFAULTS = {"self_funded": ZERO, "class_b_copay": ZERO, "designated": True, "emergency": False,
                "exclusion": None, "patient": "self"}

    def _check(self) -> None:
        self._set("date", _date(self.date, "date"))
        if not isinstance(self.tier, str) or not self.tier:
            raise ValidationError(f"tier: expected a tier id, got {self.tier!r}")
        for name in ("total", "self_funded", "class_b_copay"):
            self._set(name, _money(getattr(self, name), name))
        self._set("designated", _bool(self.designated, "designated"))
        self._set("emergency", _bool(self.emergency, "emergency"))
        if self.exclusion is not None and not isinstance(self.exclusion, str):
            raise ValidationError(f"exclusion: expected an exclusion id, got {self.exclusion!r}")
        _one_of(self.patient, "patient", ("self", "family"))
        if self.self_funded + self.class_b_copay > self.total:
            raise ValidationError(
                f"self_funded {self.self_funded} + class_b_copay {self.class_b_copay} exceed total {self.total}"
                " (policy scope would be negative)"
            )

    @property
    def policy_scope(self) -> Decimal:
        """政策范围内费用 = total − self-funded − class-B co-pay."""
        return self.total - self.self_funded - self.class_b_copay


# carry-in names (DOMAIN.md "Carry-in"): deductible met, pooled fund paid, and — for a region with
# bands on the cumulative amount above the deductible (Beijing) — that amount
CARRY_NAMES = ("deductible_met", "fund_paid", "above_deductible", "policy_scope")


class Person(Record):
    """Who the case is about and under which rules.

    ``contribution_base`` 缴费基数 (monthly, employed); ``opening_balance``: the personal account's
    balance on 1 January; ``pooling_only`` 单建统筹 (Tongliao 第十一条, Jincheng 二): insured for
    pooling only, no personal account; ``carry`` (此前已累计): what the insurance record shows as
    used this year before the first visit here, by name (``CARRY_NAMES``); the region's rule file
    says which names it uses.
    """

    FIELDS = ("region", "year", "category", "birth_date", "parameters", "contribution_base", "opening_balance",
              "pooling_only", "carry")
    __slots__ = FIELDS
    DEFAULTS = {"birth_date": None, "parameters": {}, "contribution_base": None, "opening_balance": Decimal(0),
                "pooling_only": False, "carry": {}}

    def _check(self) -> None:
        if not isinstance(self.region, str):
            raise ValidationError(f"region: expected a region id, got {self.region!r}")
        if not isinstance(self.year, int) or isinstance(self.year, bool) or not 1990 <= self.year <= 2100:
            raise ValidationError(f"year: expected a year from 1990 to 2100, got {self.year!r}")
        _one_of(self.category, "category", ("employed", "retired"))
        if self.birth_date is not None:
            self._set("birth_date", _date(self.birth_date, "birth_date"))
        if not isinstance(self.parameters, dict):
            raise ValidationError(f"parameters: expected a mapping, got {self.parameters!r}")
        params = {}  # bounded where it enters (money.parse_number): no 1e30, no overflow later
        for key, value in self.parameters.items():
            if not isinstance(key, str) or not isinstance(value, (int, str, Decimal)) or isinstance(value, bool):
                raise ValidationError(f"parameters: {key!r}: not a number: {value!r}")
            try:
                params[key] = parse_number(value, field=key)
            except MoneyError as exc:
                raise ValidationError(f"parameters: {exc}") from None
        self._set("parameters", params)
        if self.contribution_base is not None:
            self._set("contribution_base", _decimal(self.contribution_base, "contribution_base", ZERO, MAX_AMOUNT))
        self._set("opening_balance", _decimal(self.opening_balance, "opening_balance", ZERO, MAX_AMOUNT))
        self._set("pooling_only", _bool(self.pooling_only, "pooling_only"))
        if not isinstance(self.carry, dict):
            raise ValidationError(f"carry: expected a mapping, got {self.carry!r}")
        for name in self.carry:
            if name not in CARRY_NAMES:
                raise ValidationError(f"carry: unknown carry-in {name!r} (names: {', '.join(CARRY_NAMES)})")
        self._set("carry", {k: _money(x, f"carry {k}") for k, x in self.carry.items()})

    def __hash__(self) -> int:  # the mappings are part of its value
        return hash((self.region, self.year, self.category, self.birth_date, tuple(self.parameters.items()),
                     self.contribution_base, self.opening_balance, self.pooling_only, tuple(self.carry.items())))


class Case(Record):
    """A person and the year's visits; the unit saved in a case file."""

    FIELDS = ("person", "visits", "title")
    __slots__ = FIELDS
    DEFAULTS = {"visits": (), "title": ""}

    def _check(self) -> None:
        if not isinstance(self.person, Person):
            raise ValidationError(f"person: expected a Person, got {type(self.person).__name__}")
        if not isinstance(self.visits, (list, tuple)) or not all(isinstance(v, Visit) for v in self.visits):
            raise ValidationError("visits: expected a sequence of Visit")
        self._set("visits", tuple(self.visits))
        if not isinstance(self.title, str):
            raise ValidationError(f"title: expected a text, got {self.title!r}")
        for i, v in enumerate(self.visits):
            if v.date.year != self.person.year:
                raise ValidationError(f"visit {i + 1} on {v.date} is outside the year {self.person.year}")


TEMP_MARK = ".mztmp."  # in the name of every temporary file this program writes (see clean_stale_temp_files)
STALE_AFTER_S = 3600  # a temporary file this old was left by a killed save, not by one in progress


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | Path, *, private: bool = False) -> Iterator[Path]:
    """A temporary path beside *path* to write to; renamed over *path* only if the block succeeds.

    A crash or an error mid-write never leaves a half-written file where the old one was. The
    file gets the user's usual permissions (``0o666`` less the umask), as any program's saved
    file does; *private* keeps it readable by the user only (the autosave).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:40]}{TEMP_MARK}", suffix=path.suffix or ".tmp", dir=path.parent)
    os.close(fd)
    try:
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0o600
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str | Path, text: str, *, private: bool = False) -> None:
    """Write *text* (UTF-8) to *path* atomically, flushed to disk before the rename.

    A text that cannot be stored (a lone surrogate, e.g. in a title read from a hand-edited
    file) raises ``OSError`` with the reason, like any other failed save, never ``UnicodeError``.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start:exc.end]
        raise OSError(errno.EILSEQ, f"the text contains a character that cannot be stored ({ascii(bad)}); "
                                    "change the title or the cell that holds it") from None
    with atomic_path(path, private=private) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def clean_stale_temp_files(folders, *, older_than_s: float = STALE_AFTER_S, now: float | None = None) -> list[Path]:
    """Remove this program's temporary files (``.<name>.mztmp.<random><suffix>``) that a killed save
    left in *folders*; those younger than *older_than_s* may belong to a save in progress and stay."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    for folder in {Path(f) for f in folders}:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for p in entries:
            try:
                if p.name.startswith(".") and TEMP_MARK in p.name and p.is_file() \
                        and now - p.stat().st_mtime > older_than_s:
                    p.unlink()
                    removed.append(p)
            except OSError:
                continue
    return removed
