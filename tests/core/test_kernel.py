"""The settlement kernel (issue 13 §1): one arithmetic that records what it did; the explanation,
the window's re-settling and the integer-fen path are checked against that promise."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import kernel
from app.core.case import Case, Person, Visit
from app.core.engine import Settler, explain, note_texts, settle
from app.core.worksheet import PersonFields, Row, Worksheet

from ._helpers import D


def _year(region, n: int, seed: int) -> list[Visit]:
    rnd = random.Random(seed)
    tiers = [t.id for t in region.tiers]
    return [Visit(date=date(2023, 1, 1) + timedelta(days=rnd.randrange(365)), tier=rnd.choice(tiers),
                  total=D(f"{rnd.randrange(0, 900_000) / 100:.2f}"), designated=i % 9 != 4) for i in range(n)]


@pytest.mark.parametrize("region_id", ["tongliao", "jincheng", "beijing"])
def test_the_explanation_is_read_from_the_record_not_settled_again(ruleset, region_id, monkeypatch):
    rf = ruleset.regions[region_id]
    who = Person(region=region_id, year=2023, category="retired", birth_date=date(1950, 6, 15))
    est = settle(Case(person=who, visits=tuple(_year(rf, 30, 1))), rf)

    def no_settling(*args, **kw):
        raise AssertionError("the explanation settled again")

    monkeypatch.setattr(kernel, "run", no_settling)
    monkeypatch.setattr(Settler, "settle", no_settling)
    for line in est.lines:
        text = explain(line, rf, "en")
        assert len(text) == len(line.steps) >= 2
        assert line.steps[-1].key == "result" and line.steps[-1].args["fund"] == line.fund
        note_texts(line, rf)


def test_an_edit_settles_again_from_the_edited_visit_on_only(ruleset, monkeypatch):
    """40 rows; the visit 31st in date order is edited: the kernel settles that visit and the
    9 after it (10 visits), starting from the accumulators recorded before it."""
    rf = ruleset.regions["tongliao"]
    visits = _year(rf, 40, 2)
    rows = [Row.from_visit(v) for v in visits]
    sheet = Worksheet(PersonFields(region="tongliao", year=2023, category="retired", birth_date="1950-06-15"), rows)
    first = sheet.settle(rf).estimate
    settled: list[int] = []
    real = kernel.run

    def counting(rules, src, indices, order, *args, **kw):
        settled.append(len(order))
        return real(rules, src, indices, order, *args, **kw)

    monkeypatch.setattr(kernel, "run", counting)
    edited = first.lines[30].index
    sheet.rows[edited] = sheet.rows[edited].with_value("total", "123.45")
    again = sheet.settle(rf).estimate
    assert settled == [10]
    fresh = Worksheet(sheet.person.copy(), list(sheet.rows)).settle(rf).estimate
    assert again == fresh


@pytest.mark.parametrize("region_id", ["beijing", "jiangxi"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_integer_fen_path_gives_the_decimal_figures(ruleset, region_id, data, monkeypatch):
    """The same visits settled in integer fen and, with the band pieces forced onto the exact
    Decimal path, in Decimal: every figure equal to the fen (bands straddled, ratios applied,
    pieces summed then rounded once)."""
    rf = ruleset.regions[region_id]
    tiers = [t.id for t in rf.tiers]
    n = data.draw(st.integers(1, 12))
    visits = tuple(Visit(date=date(2023, 1, 1) + timedelta(days=data.draw(st.integers(0, 364))),
                         tier=data.draw(st.sampled_from(tiers)),
                         total=D(str(data.draw(st.integers(0, 5_000_000)))) / 100) for _ in range(n))
    who = Person(region=region_id, year=2023, category=data.draw(st.sampled_from(("employed", "retired"))),
                 birth_date=date(1950, 6, 15))
    fen = settle(Case(person=who, visits=visits), rf)
    with monkeypatch.context() as m:
        real = kernel.RuleEntry.__post_init__

        def post_init(self):
            real(self)
            object.__setattr__(self, "int_bands", None)

        m.setattr(kernel.RuleEntry, "__post_init__", post_init)
        dec = settle(Case(person=who, visits=visits), rf)
        assert all(line.record.entry[line.row].int_bands is None for line in dec.lines
                   if line.record.entry[line.row] is not None)
    assert fen == dec
    assert [explain(a, rf, "en") for a in fen.lines] == [explain(b, rf, "en") for b in dec.lines]
