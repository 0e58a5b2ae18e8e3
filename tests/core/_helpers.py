"""Small builders shared by the core tests (not a test module)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.core.case import Case, Person, Visit
from app.core.engine import Estimate, settle
from app.core.rules.schema import RuleFile


def D(text: str) -> Decimal:
    """Exact decimal from text (never from a float)."""
    assert isinstance(text, str)
    return Decimal(text)


def visit(day: str, tier: str, total: str, **kw) -> Visit:
    for key in ("self_funded", "class_b_copay"):
        if key in kw:
            kw[key] = D(kw[key])
    return Visit(date=date.fromisoformat(day), tier=tier, total=D(total), **kw)


def person(region: str, year: int, category: str, birth: str | None = None, **params: str) -> Person:
    return Person(
        region=region,
        year=year,
        category=category,
        birth_date=date.fromisoformat(birth) if birth else None,
        parameters={k: D(v) for k, v in params.items()},
    )


def run(rf: RuleFile, who: Person, *visits: Visit) -> Estimate:
    return settle(Case(person=who, visits=tuple(visits)), rf)


def money(value: Decimal | None) -> str | None:
    """Two-decimal string of an exact result, asserting it has no sub-fen part."""
    if value is None:
        return None
    assert value == value.quantize(Decimal("0.01")), f"{value} has more than two decimals"
    return f"{value:.2f}"


def funds(est: Estimate) -> list[str]:
    """Fund per visit, in settlement (date) order, as two-decimal strings."""
    return [money(line.fund) for line in est.lines]


def deductibles(est: Estimate) -> list[str]:
    return [money(line.deductible) for line in est.lines]
