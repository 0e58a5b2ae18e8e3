"""The case (案例): one person, one calendar year, the visits of that year.

The file format of the window is in ``worksheet.py``; ``write_atomic`` is shared.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .money import ZERO, parse_amount


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


class Person(BaseModel):
    """Who the case is about and under which rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str
    year: int = Field(ge=1990, le=2100)
    category: Literal["employed", "retired"]
    birth_date: date | None = None
    parameters: dict[str, Decimal] = Field(default_factory=dict)
    contribution_base: Decimal | None = Field(default=None, ge=0)  # 缴费基数 (monthly), employed
    opening_balance: Decimal = Field(default=Decimal(0), ge=0)  # personal account balance on 1 January
    # 单建统筹 (Tongliao 第十一条, Jincheng 二): insured for pooling only, no personal account
    pooling_only: bool = False

    @field_validator("parameters", mode="before")
    @classmethod
    def _params(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: (Decimal(str(x)) if isinstance(x, (int, str)) and not isinstance(x, bool) else x) for k, x in v.items()}
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


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside *path* to write to; renamed over *path* only if the block succeeds.

    A crash or an error mid-write never leaves a half-written file where the old one was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix or ".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str | Path, text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically, flushed to disk before the rename."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
