"""Synthetic cases for the benchmarks: a year of visits, the same every run (fixed seed)."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from app.core.case import Case, Person, Visit
from app.core.rules.schema import RuleFile
from app.core.worksheet import PersonFields, Row, Worksheet

YEAR = 2026
BIRTH_DATE = date(1950, 6, 15)  # some regions' ratios depend on age
PARAMETERS = {"jiangsu": {"average_wage_2021": "115000"}}


def person(region: RuleFile, year: int = YEAR) -> Person:
    return Person(region=region.region, year=year, category="retired", birth_date=BIRTH_DATE,
                  parameters=PARAMETERS.get(region.region, {}))


def visits(region: RuleFile, n: int = 1000, year: int = YEAR, seed: int = 1) -> list[Visit]:
    """*n* visits spread over the year, in table (not date) order: mixed tiers and amounts,
    some self-funded and class-B items, one visit in fifty at a non-designated place."""
    rnd = random.Random(seed)
    tiers = [t.id for t in region.tiers]
    out = []
    for i in range(n):
        day = date(year, 1, 1) + timedelta(days=rnd.randrange(365))
        total = Decimal(rnd.randrange(2_000, 90_000)) / 100
        self_funded = Decimal(rnd.randrange(0, int(total * 10))) / 100 if i % 3 == 0 else Decimal(0)
        class_b = Decimal(rnd.randrange(0, int((total - self_funded) * 10))) / 100 if i % 5 == 0 else Decimal(0)
        out.append(Visit(date=day, tier=tiers[i % len(tiers)], total=total, self_funded=self_funded,
                         class_b_copay=class_b, designated=i % 50 != 7))
    return out


def case(region: RuleFile, n: int = 1000, year: int = YEAR) -> Case:
    return Case(person=person(region, year), visits=tuple(visits(region, n, year)))


def worksheet(region: RuleFile, n: int = 1000, year: int = YEAR) -> Worksheet:
    """The same visits as typed rows, as the window holds them."""
    p = person(region, year)
    fields = PersonFields(region=region.region, year=year, category=p.category,
                          birth_date=BIRTH_DATE.isoformat(), parameters=dict(PARAMETERS.get(region.region, {})))
    return Worksheet(fields, [Row.from_visit(v) for v in visits(region, n, year)])
