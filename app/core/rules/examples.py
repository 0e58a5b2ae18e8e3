"""Run the hand-computed example cases a rule file carries."""
from __future__ import annotations

from ..case import Case, Person, Visit
from ..engine import CaseError, settle
from ..report import estimate_to_dict
from .schema import Example, RuleFile


def example_case(rf: RuleFile, ex: Example) -> Case:
    person = Person(region=rf.region, year=ex.year, category=ex.category, birth_date=ex.birth_date,
                    parameters=ex.parameters, contribution_base=ex.contribution_base,
                    opening_balance=ex.opening_balance)
    visits = tuple(Visit(**v.model_dump()) for v in ex.visits)
    return Case(person=person, visits=visits)


def run_example(rf: RuleFile, ex: Example) -> list[str]:
    """Mismatches between the example's expectations and the engine, as messages."""
    try:
        result = estimate_to_dict(settle(example_case(rf, ex), rf), lang="en")
    except (CaseError, ValueError) as exc:
        return [f"example {ex.name!r}: cannot settle: {exc}"]
    problems = []
    if ex.expect.visits is not None:
        if len(ex.expect.visits) != len(result["visits"]):
            problems.append(f"example {ex.name!r}: expects {len(ex.expect.visits)} visits, has {len(result['visits'])}")
        for i, (want, got) in enumerate(zip(ex.expect.visits, result["visits"]), start=1):
            for key, value in want.items():
                if key not in got:
                    problems.append(f"example {ex.name!r}: visit {i}: unknown key {key!r}")
                elif got[key] != value:
                    problems.append(f"example {ex.name!r}: visit {i}: {key} is {got[key]}, expected {value}")
    for key, value in (ex.expect.totals or {}).items():
        got = result["totals"].get(key, "<missing>")
        if got != value:
            problems.append(f"example {ex.name!r}: totals.{key} is {got}, expected {value}")
    return problems


def run_examples(rf: RuleFile) -> list[str]:
    return [p for ex in rf.examples for p in run_example(rf, ex)]
