"""The rule-file loader's parts, each pinned on its own: how an error is written (file, line, field),
the field path of a pydantic location, the line of a location, the nesting limit, and the number
constructors (underscores, the 40-character limit). Mutation testing found them unpinned."""
from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from app.core.rules.loader import MAX_DEPTH, TOO_DEEP, RuleFileError
from app.core.rules.reading import (
    _check_events,
    _DecimalSafeLoader,
    _field_path,
    _line_of,
)


def test_error_text_names_file_line_and_field():
    assert str(RuleFileError("r.yaml", None, None, "bad")) == "r.yaml: bad"
    assert str(RuleFileError("r.yaml", 3, None, "bad")) == "r.yaml:3: bad"
    assert str(RuleFileError("r.yaml", None, "versions[0].ratio", "bad")) == "r.yaml: versions[0].ratio: bad"
    assert str(RuleFileError("r.yaml", 3, "tiers", "bad\n  YAML")) == "r.yaml:3: tiers: bad YAML"


@pytest.mark.parametrize("loc,path", [
    ((), "(file)"),
    (("versions", 0, "ratios", 2, "ratio"), "versions[0].ratios[2].ratio"),
    (("cap", "decimal"), "cap"),  # pydantic's union branch names are skipped …
    (("monthly", "ParamRef", "times"), "monthly.times"),
    (("id", "function-after[_check_id(), str]"), "id"),
    (("a", "list[str]", "b"), "a.b"),  # … and any part with a bracket
    (("decimal",), "(file)"),
])
def test_field_path(loc, path):
    assert _field_path(loc) == path


def test_line_of():
    node = yaml.compose("region: x\ntiers:\n  - id: a\n  - id: b\n")
    assert _line_of(None, ()) is None
    assert _line_of(node, ()) == 1
    assert _line_of(node, ("tiers",)) == 2
    assert _line_of(node, ("tiers", 1)) == 4
    assert _line_of(node, ("tiers", 1, "id")) == 4
    assert _line_of(node, ("tiers", 2)) == 2  # no such item: the list's key
    assert _line_of(node, ("tiers", "id")) == 2  # a name where an index belongs: the list's key
    assert _line_of(node, ("nosuch", "id")) == 1  # no such key: the nearest parent, here the file
    assert _line_of(node, ("region", "more")) == 1  # below a scalar: the scalar's key
    listed = yaml.compose("\n- a\n- b\n")
    assert _line_of(listed, ("name",)) == 2


def test_nesting_limit_is_max_depth():
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    _check_events(ok, "r.yaml")  # exactly MAX_DEPTH levels: accepted
    deep = "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH  # a mapping around them: one level more
    with pytest.raises(RuleFileError) as exc:
        _check_events(deep, "r.yaml")
    assert (exc.value.line, exc.value.field, exc.value.message) == (1, None, TOO_DEEP)
    assert TOO_DEEP == "nested too deep (at most 64 levels)"
    # levels closed again do not count: two sibling lists of MAX_DEPTH − 1 levels each, in a mapping
    side = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    _check_events(f"a: {side}\nb: {side}\n", "r.yaml")


def _load(text: str):
    return yaml.load(text, Loader=_DecimalSafeLoader)  # noqa: S506 - a safe loader subclass


def test_numbers_with_underscores():
    assert _load("a: 1_000.5\nb: 1_000\n") == {"a": Decimal("1000.5"), "b": 1000}


def test_numbers_up_to_40_characters():
    forty = "1." + "0" * 38
    assert _load(f"a: {forty}") == {"a": Decimal(forty)}
    assert _load(f"a: {'1' * 40}") == {"a": int("1" * 40)}
    with pytest.raises(ValueError, match=r"^number of 41 characters is too long$"):
        _load(f"a: {forty}0")
    with pytest.raises(ValueError, match=r"^number of 41 characters is too long$"):
        _load(f"a: {'1' * 41}")


def test_infinity_is_not_a_number():
    # YAML's .inf is a float; Decimal does not read ".inf" (it would read "inf")
    with pytest.raises(ValueError) as exc:
        _load("a: .inf")
    assert str(exc.value) == "not a number: '.inf'"


def test_closed_levels_are_counted_back_exactly():
    """[[[], then 63 more levels: 2 + 63 = 65 once the inner [] is closed, one too many."""
    with pytest.raises(RuleFileError) as exc:
        _check_events("[[[]," + "[" * 63 + "]" * 63 + "]]", "r.yaml")
    assert exc.value.message == TOO_DEEP
    _check_events("[[[]," + "[" * 62 + "]" * 62 + "]]", "r.yaml")  # 64: accepted
