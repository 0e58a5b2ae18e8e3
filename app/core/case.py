"""The case (案例): one person, one calendar year, the visits of that year.

The file format of the window is in ``worksheet.py``; ``write_atomic`` is shared.
"""
from __future__ import annotations

import errno
import os
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .money import MAX_AMOUNT, ZERO, parse_amount, parse_number


def _money(value: object, field: str) -> Decimal:
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        return parse_amount(value, field=field)
    raise ValueError(f"not an amount: {value!r}")


class Visit(BaseModel):
    """One outpatient visit (一次门诊就医) as entered; amounts in yuan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    tier: str = Field(min_length=1)
    total: Decimal  # 医疗总费用
    self_funded: Decimal = ZERO  # 全自费
    class_b_copay: Decimal = ZERO  # 乙类先行自付
    designated: bool = True  # 定点
    emergency: bool = False  # 急诊抢救
    exclusion: str | None = None  # id of a region exclusion reason (不予支付情形), if one applies
    patient: Literal["self", "family"] = "self"  # family: a family member paid from this account (家庭共济)

    @field_validator("total", "self_funded", "class_b_copay", mode="before")
    @classmethod
    def _amount(cls, v: object, info) -> Decimal:
        return _money(v, info.field_name)

    @model_validator(mode="after")
    def _scope(self) -> "Visit":
        if self.self_funded + self.class_b_copay > self.total:
            raise ValueError(
                f"self_funded {self.self_funded} + class_b_copay {self.class_b_copay} exceed total {self.total}"
                " (policy scope would be negative)"
            )
        return self

    @property
    def policy_scope(self) -> Decimal:
        """政策范围内费用 = total − self-funded − class-B co-pay."""
        return self.total - self.self_funded - self.class_b_copay


# carry-in names (DOMAIN.md "Carry-in"): deductible met, pooled fund paid, and — for a region with
# bands on the cumulative amount above the deductible (Beijing) — that amount
CARRY_NAMES = ("deductible_met", "fund_paid", "above_deductible")


class Person(BaseModel):
    """Who the case is about and under which rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str
    year: int = Field(ge=1990, le=2100)
    category: Literal["employed", "retired"]
    birth_date: date | None = None
    parameters: dict[str, Decimal] = Field(default_factory=dict)
    contribution_base: Decimal | None = Field(default=None, ge=0, le=MAX_AMOUNT)  # 缴费基数 (monthly), employed
    opening_balance: Decimal = Field(default=Decimal(0), ge=0, le=MAX_AMOUNT)  # personal account balance on 1 January
    # 单建统筹 (Tongliao 第十一条, Jincheng 二): insured for pooling only, no personal account
    pooling_only: bool = False
    # carry-in (此前已累计): what the insurance record shows as used this year before the first visit
    # here, by name (``CARRY_NAMES``); the region's rule file says which names it uses
    carry: dict[str, Decimal] = Field(default_factory=dict)

    @field_validator("carry", mode="before")
    @classmethod
    def _carry(cls, v: object) -> object:
        if isinstance(v, dict):
            for name in v:
                if name not in CARRY_NAMES:
                    raise ValueError(f"unknown carry-in {name!r} (names: {', '.join(CARRY_NAMES)})")
            return {k: _money(x, f"carry {k}") for k, x in v.items()}
        return v

    @field_validator("parameters", mode="before")
    @classmethod
    def _params(cls, v: object) -> object:
        if isinstance(v, dict):  # bounded where it enters (money.parse_number): no 1e30, no overflow later
            return {k: parse_number(x, field=str(k)) if isinstance(x, (int, str, Decimal)) else x
                    for k, x in v.items()}
        return v


class Case(BaseModel):
    """A person and the year's visits; the unit saved in a case file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person: Person
    visits: tuple[Visit, ...] = ()
    title: str = ""

    @model_validator(mode="after")
    def _in_year(self) -> "Case":
        for i, v in enumerate(self.visits):
            if v.date.year != self.person.year:
                raise ValueError(f"visit {i + 1} on {v.date} is outside the year {self.person.year}")
        return self


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
