"""Load rule files: the bundled ``rules/`` plus any user directories.

A broken file yields a :class:`RuleFileError` naming file, line and field; the other files still
load. A file is read as bytes (its size checked first); content checked before — the same bytes,
by the same code — is taken from ``rule_cache.py`` as plain data, without YAML or pydantic; any
other content is parsed and checked by ``reading.py`` (YAML safe loader, the pydantic models of
``validation.py``) and what they accepted is kept in the cache for the next start.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .files import MAX_DEPTH, MAX_FILE_BYTES, TOO_DEEP, RuleFileError, normal_line_ends, read_rule_bytes, rule_text
from .schema import RuleFile

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "TOO_DEEP", "RuleFileError", "RuleSet", "bundled_rules_dir",
           "load_rule_file", "load_rule_text", "load_rules", "read_rule_bytes", "rule_files_in", "rule_text"]

@dataclass
class RuleSet:
    """Regions that loaded, by id, and the errors of those that did not."""

    regions: dict[str, RuleFile] = field(default_factory=dict)
    origins: dict[str, Path] = field(default_factory=dict)
    errors: list[RuleFileError] = field(default_factory=list)


def load_rule_file(path: str | Path) -> RuleFile:
    """Parse and validate one rule file (or take it from the cache of checked files); raise
    :class:`RuleFileError` on any problem."""
    from . import rule_cache

    path = Path(path)
    raw = read_rule_bytes(path)
    key = rule_cache.key_of(raw)
    data = rule_cache.lookup(key)
    if data is not None:
        try:
            return RuleFile.of(data)
        except Exception:  # noqa: BLE001 - a cache entry that does not fit: check the file afresh
            pass
    from .reading import checked_rule_data

    data = checked_rule_data(rule_text(raw, str(path)), str(path))
    rule_file = RuleFile.of(data)
    rule_cache.store(key, data)
    return rule_file


def load_rule_text(text: str, shown: str) -> RuleFile:
    """Parse and validate the text of a rule file (*shown* names it in errors): what
    :func:`load_rule_file` does with a file it has not checked before, and what the rule editor
    checks as it is typed (always checked: no cache)."""
    from .reading import checked_rule_data

    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise RuleFileError(shown, None, None, f"too large for a rule file (over {MAX_FILE_BYTES:,} bytes)")
    return RuleFile.of(checked_rule_data(normal_line_ends(text), shown))


def bundled_rules_dir() -> Path:
    from app.paths import rules_dir

    return rules_dir()


def rule_files_in(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())


def load_rules(extra_dirs: Iterable[str | Path] = (), *, include_bundled: bool = True) -> RuleSet:
    """Load the bundled rules, then each extra directory in order.

    A region id found again in a later directory replaces the earlier one (so a
    user's own, newer file wins over the bundled one); two files with the same id
    in one directory are an error for the second.
    """
    result = RuleSet()
    dirs: list[Path] = [bundled_rules_dir()] if include_bundled else []
    dirs += [Path(d) for d in extra_dirs]
    for directory in dirs:
        if not directory.is_dir():
            result.errors.append(RuleFileError(str(directory), None, None, "not a directory of rule files"))
            continue
        seen_here: dict[str, Path] = {}
        for path in rule_files_in(directory):
            try:
                rf = load_rule_file(path)
            except RuleFileError as exc:
                result.errors.append(exc)
                continue
            except Exception as exc:  # noqa: BLE001 - whatever a file holds, the other files still load
                result.errors.append(RuleFileError(str(path), None, None, f"cannot be used: {exc}"[:300]))
                continue
            if rf.region in seen_here:
                result.errors.append(RuleFileError(
                    str(path), 1, "region",
                    f"region {rf.region!r} is already defined by {seen_here[rf.region].name} in the same folder"))
                continue
            seen_here[rf.region] = path
            result.regions[rf.region] = rf
            result.origins[rf.region] = path
    return result
