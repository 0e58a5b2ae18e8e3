"""Editing a rule file as plain data (no Qt): what the window's rule editor (File → 地区规则…) reads,
checks and writes.

A rule file is edited as the plain structure its YAML holds (``plain_of``: dicts, lists, ``Decimal``,
``date``, strings), so every key of a copied file the form does not show is kept as it was. The
structure is checked by the loader itself (:func:`check`: written as YAML, then read by
:func:`~app.core.rules.loader.load_rule_text`, the code path every rule file goes through), so the
editor's errors are the loader's, with the field they concern; the file's example cases run on the
result. Saving writes the same YAML atomically.

A number the user gave no source for is written citing the document :data:`UNSOURCED` (未注明出处)
and the file is saved as ``verified: false`` (:func:`finalize`): the schema wants a source for
every value, and a figure without one is never passed off as checked.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml

from ..case import write_atomic
from .examples import run_example
from .loader import RuleFileError, load_rule_file, load_rule_text
from .schema import RuleFile

UNSOURCED = "unsourced"  # the document id a number without a source cites
UNSOURCED_ARTICLE = "未注明出处"
UNSOURCED_DOCUMENT = {"title": "未注明出处（规则编辑器中录入时未填写来源的数值）", "number": None,
                      "file": "rule-editor", "issued": None}

STATUS_OF_KEY = {True: "verified", False: "unverified", "bounds": "bounds"}
KEY_OF_STATUS = {v: k for k, v in STATUS_OF_KEY.items()}


def plain_of(rf: RuleFile) -> dict:
    """The rule file as the plain data its YAML holds: the keys the file wrote, in schema order."""
    from .validation import RuleFile as CheckedRuleFile  # pydantic: only when a file is edited

    plain = rf.model_dump()
    plain["verified"] = KEY_OF_STATUS[plain.pop("verification")]  # the file's key and words for it
    # what a file leaves out is its default: written out, the editor's file would say more than the original
    data = CheckedRuleFile.model_validate(plain).model_dump(mode="python", by_alias=True, exclude_defaults=True)
    data["verified"] = KEY_OF_STATUS[rf.verification]
    return data


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:  # the loader refuses anchors and aliases
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if "." in text:  # as typed: 0.70 stays 0.70
        return dumper.represent_scalar("tag:yaml.org,2002:float", text)
    return dumper.represent_scalar("tag:yaml.org,2002:int", text)


_Dumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(data: dict) -> str:
    """The YAML text of *data*: UTF-8 Chinese as written, keys in the data's order, no anchors."""
    head = "# 由规则编辑器写出 / written by the rule editor (File → 地区规则…)\n"
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            default_flow_style=False, width=120)


def is_unsourced(source: object) -> bool:
    """A source the user left empty (no document or no article), or one already marked unsourced."""
    if not isinstance(source, dict):
        return False
    doc, article = source.get("doc"), source.get("article")
    return not doc or not str(doc).strip() or doc == UNSOURCED or not article or not str(article).strip()


def unsourced_places(data: object, at: tuple = ()) -> list[tuple]:
    """Where *data* holds a value whose ``source`` is missing (as locations: ``('versions', 0, 'ratios', 1)``)."""
    out: list[tuple] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and is_unsourced(value):
                out.append(at)
            else:
                out.extend(unsourced_places(value, at + (key,)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(unsourced_places(value, at + (i,)))
    return out


def _fill_sources(data: object) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and is_unsourced(value):
                data[key] = {"doc": UNSOURCED, "article": UNSOURCED_ARTICLE}
            else:
                _fill_sources(value)
    elif isinstance(data, list):
        for value in data:
            _fill_sources(value)


def finalize(data: dict) -> dict:
    """The data as it is written: empty sources cite :data:`UNSOURCED` and make the file unverified.

    The document :data:`UNSOURCED` is listed while something cites it, and dropped once nothing does.
    """
    out = copy.deepcopy(data)
    missing = unsourced_places(out)
    docs = out.get("documents")
    if missing:
        _fill_sources(out)
        out["verified"] = False
        if isinstance(docs, dict):
            docs.setdefault(UNSOURCED, dict(UNSOURCED_DOCUMENT))
    elif isinstance(docs, dict) and UNSOURCED in docs and len(docs) > 1:
        del docs[UNSOURCED]
    return out


def status_of(data: dict) -> str:
    """``verified``, ``bounds`` or ``unverified`` as the data will be saved."""
    if unsourced_places(data):
        return "unverified"
    return STATUS_OF_KEY.get(data.get("verified"), "unverified")


@dataclass
class Check:
    """What the loader says of the data, and each example case's mismatches (empty: it passes)."""

    rule_file: RuleFile | None
    error: RuleFileError | None
    examples: list[list[str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def check(data: dict, shown: str = "rule editor") -> Check:
    """Validate the data as it would be saved, with the loader's own code path; run its examples."""
    try:
        rf = load_rule_text(dump_yaml(finalize(data)), shown)
    except RuleFileError as exc:
        return Check(None, exc)
    return Check(rf, None, [run_example(rf, ex) for ex in rf.examples])


def copy_as(data: dict, region: str, name_zh: str, name_en: str) -> dict:
    """A copy of the data under a new region id and name (New from…)."""
    out = copy.deepcopy(data)
    out["region"] = region
    out["name"] = {"zh": name_zh, "en": name_en}
    return out


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def earliest_new_start(data: dict) -> date | None:
    """The first day a new version may start: after every version's start and every set end."""
    days = [d for v in data.get("versions") or [] for d in (_day(v.get("effective_from")), _day(v.get("effective_to")))
            if d is not None]
    return max(days) + timedelta(days=1) if days else None


def default_new_start(data: dict) -> date | None:
    """1 January of the year after the latest version's start (or the first day allowed, if later)."""
    starts = [d for v in data.get("versions") or [] if (d := _day(v.get("effective_from"))) is not None]
    earliest = earliest_new_start(data)
    if not starts or earliest is None:
        return earliest
    return max(date(max(starts).year + 1, 1, 1), earliest)


def _new_version_id(data: dict, start: date) -> str:
    taken = {v.get("id") for v in data.get("versions") or []}
    base = f"{data.get('region', 'version')}-{start.year}"
    for candidate in (base, f"{base}-{start.month:02d}"):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@dataclass
class NewVersion:
    """What :func:`add_version` did: the new version's index, and the version it ended (id, last day)."""

    index: int
    ended_index: int | None
    ended_id: str | None
    ended_on: date | None


def add_version(data: dict, copy_from: int, start: date) -> NewVersion:
    """Append to *data* a version starting on *start*: version *copy_from*'s numbers and sources copied
    (they still cite its documents), open-ended, not reviewed; the version still open at *start* ends the
    day before. *start* must be on or after :func:`earliest_new_start` (ValueError otherwise)."""
    versions = data["versions"]
    earliest = earliest_new_start(data)
    if earliest is not None and start < earliest:
        raise ValueError(f"a new version starts on {earliest.isoformat()} or later")
    v = copy.deepcopy(versions[copy_from])
    v["id"] = _new_version_id(data, start)
    v["effective_from"] = start
    v["effective_to"] = None
    v.pop("reviewed", None)
    ended = NewVersion(len(versions), None, None, None)
    open_ones = [(i, o) for i, o in enumerate(versions)
                 if o.get("effective_to") is None and _day(o.get("effective_from")) is not None]
    if open_ones:
        i, o = max(open_ones, key=lambda io: io[1]["effective_from"])
        o["effective_to"] = start - timedelta(days=1)
        ended = NewVersion(len(versions), i, str(o.get("id", "")), o["effective_to"])
    versions.append(v)
    return ended


def save_rule_file(data: dict, path: Path) -> RuleFile:
    """Write the data to *path* atomically once the loader accepts it; :class:`RuleFileError` otherwise
    (nothing is written then)."""
    text = dump_yaml(finalize(data))
    rf = load_rule_text(text, str(path))
    write_atomic(path, text)
    return rf


def last_reviewed(rf: RuleFile) -> date | None:
    """The newest ``reviewed:`` date of the file's versions (None: never reviewed)."""
    days = [v.reviewed for v in rf.versions if v.reviewed is not None]
    return max(days) if days else None


class ImportRefused(ValueError):
    """A rule file that is not imported, with the reason."""


def import_rule_file(source: Path, directory: Path, protected: set[str],
                     existing: dict[str, Path] | None = None) -> tuple[RuleFile, Path]:
    """Copy the rule file *source* into *directory* as ``<region>.yaml``, all or nothing.

    It must load as it is (:class:`RuleFileError` names the problem); a region id of *protected*
    (the bundled regions) is refused: a copy under a new id is made with New from… instead. A region
    with a file in *existing* (the user's own, by region) is written over that file, so the folder
    never holds two files of one region.
    """
    rf = load_rule_file(source)
    if rf.region in protected:
        raise ImportRefused(rf.region)
    text = Path(source).read_text(encoding="utf-8-sig")
    target = (existing or {}).get(rf.region) or Path(directory) / f"{rf.region}.yaml"
    write_atomic(target, text)
    return rf, target


def export_rule_file(origin: Path, target: Path) -> None:
    """Write a copy of the rule file *origin* to *target* (atomically), byte for byte as text."""
    write_atomic(target, Path(origin).read_text(encoding="utf-8-sig"))
