"""Read a rule file's text (YAML) and check it with the pydantic models of ``validation.py``.

The slow, careful path, taken for a file whose content was not checked before (``rule_cache.py``
keeps what it accepted). Whatever a file holds, reading it ends in the plain data of a checked rule
file or a :class:`RuleFileError`, quickly: the parser's events are checked before a node is built
(nesting deeper than :data:`MAX_DEPTH` would crash LibYAML's recursive composer; anchors, aliases
and merge keys, which rule files never need, are refused, so no "billion laughs" or merge-key bomb
expands), every scalar is built on its own so an impossible date (``2023-02-30``, ``0000-01-01``)
or a 4,301-digit integer is refused with its line and field, and a key written twice in one
mapping is refused instead of the last one winning. YAML is read with PyYAML's safe loader only;
YAML floats become ``Decimal`` so no binary fraction ever enters a rule.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

import yaml
from pydantic import ValidationError

from .files import MAX_DEPTH, TOO_DEEP, RuleFileError
from .schema import RuleError
from .validation import RuleFile

# PyYAML's C parser (LibYAML, in the PyYAML wheels) reads the rule files about ten times faster
# than the pure-Python one; both are safe loaders with the same marks.
_SafeLoader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _DecimalSafeLoader(_SafeLoader):
    """SafeLoader whose floats are Decimals (``0.55`` → ``Decimal('0.55')``)."""


MAX_NUMBER_CHARS = 40  # a number longer than this is never a rule's figure (the bounds are far smaller)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"number of {len(text)} characters is too long")
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if len(text.replace("_", "")) > MAX_NUMBER_CHARS:
        raise ValueError(f"number of {len(text)} characters is too long")
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _line_of(node: yaml.Node | None, loc: Iterable[str | int]) -> int | None:
    """1-based line of the YAML node at pydantic location *loc*, or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    nxt = value
                    line = key.start_mark.line + 1
                    break
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # pydantic adds the union branch names (e.g. 'decimal', 'ParamRef'); skip them
            if part in ("decimal", "ParamRef", "function-after[_check_id(), str]") or "[" in str(part):
                continue
            out += ("." if out else "") + str(part)
    return out or "(file)"


def _check_events(text: str, shown: str) -> None:
    """Refuse, before any node is built, nesting deeper than MAX_DEPTH and anchors/aliases."""
    loader = _SafeLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise RuleFileError(shown, line, None, TOO_DEEP)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise RuleFileError(shown, line, None,
                                    "anchors and aliases (&name, *name) are not allowed in rule files")
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, root: yaml.Node, shown: str) -> object:
    """Construct the document, checking each mapping's keys and each scalar where it stands."""
    stack: list[tuple[yaml.Node, tuple]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key, value in node.value:
                where = loc + ((key.value if isinstance(key, yaml.ScalarNode) else "?"),)
                line = key.start_mark.line + 1
                if key.tag == "tag:yaml.org,2002:merge":
                    raise RuleFileError(shown, line, _field_path(loc) if loc else None,
                                        "merge keys (<<) are not allowed in rule files")
                if isinstance(key, yaml.ScalarNode):
                    if (key.tag, key.value) in seen:
                        raise RuleFileError(shown, line, _field_path(where), "key written twice in the same mapping")
                    seen.add((key.tag, key.value))
                stack.append((key, where))
                stack.append((value, where))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, loc + (i,)) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            # PyYAML's own constructors fail with a KeyError (``!!bool maybe``) or an AttributeError
            # (``!!timestamp nope``) on an explicitly tagged scalar they cannot read
            except (ValueError, OverflowError, ArithmeticError, LookupError, AttributeError, TypeError) as exc:
                kind = {"tag:yaml.org,2002:timestamp": "not a valid date",
                        "tag:yaml.org,2002:int": "not a usable integer",
                        "tag:yaml.org,2002:float": "not a usable number",
                        "tag:yaml.org,2002:bool": "not a yes/no value"}.get(node.tag, "bad value")
                value = node.value if len(node.value) <= 24 else node.value[:20] + "…"
                detail = f" ({exc})" if "too long" in str(exc) else ""
                raise RuleFileError(shown, node.start_mark.line + 1, _field_path(loc) if loc else None,
                                    f"{kind}: {value!r}{detail}") from None
    return loader.construct_document(root)


def checked_rule_data(text: str, shown: str) -> dict:
    """The plain data (``model_dump``) of the rule file *text* once the pydantic models accepted it;
    :class:`RuleFileError` naming *shown*, the line and the field for the first problem."""
    try:
        _check_events(text, shown)
        loader = _DecimalSafeLoader(text)
        try:
            root = loader.get_single_node()
            data = _build(loader, root, shown) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        if "nesting depth" in problem:  # LibYAML ≥ 0.2.6 stops deep flow nesting itself, before our count
            raise RuleFileError(shown, line, None, TOO_DEEP) from None
        raise RuleFileError(shown, line, None, f"bad YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character …)
        # LibYAML counts its position in bytes, PyYAML in characters: the line is where the first one is
        line = text.count("\n", 0, text.find(chr(exc.character))) + 1
        raise RuleFileError(shown, line, None,
                            f"bad YAML: character #x{exc.character:04x} is not allowed in a YAML file") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(shown, None, None, f"bad YAML: {exc}") from None
    except (ArithmeticError, ValueError, RecursionError) as exc:  # anything _build did not place
        raise RuleFileError(shown, None, None, f"bad value: {exc}") from None
    if not isinstance(data, dict):
        raise RuleFileError(shown, 1, None, "a rule file must be a mapping of keys (region, name, tiers, versions, …)")
    try:
        checked = RuleFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = tuple(err.get("loc", ()))
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, RuleError):  # a cross-field check: it knows where the bad value is
            loc += cause.loc
        msg = err.get("msg", "invalid")
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if err.get("type") == "extra_forbidden":
            msg = "unknown key (not part of the rule-file schema)"
        elif err.get("type") == "missing":
            msg = "required key is missing"
        more = len(exc.errors()) - 1
        if more > 0:
            msg += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise RuleFileError(shown, _line_of(root, loc), _field_path(loc) if loc else None, msg) from None
    return checked.model_dump()
