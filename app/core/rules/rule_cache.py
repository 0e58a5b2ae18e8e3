"""Rule files already checked, as plain data, keyed by their content: no YAML, no pydantic at start-up.

A rule file's key is the SHA-256 of the code that checks and builds rule files (``schema.py``,
``validation.py``, ``reading.py``: a change to any of them makes every key new) and of the file's
bytes. Only files the pydantic models accepted are kept; a changed file has another key, so it is
checked again, and a broken edit is refused with the loader's message, never served from here.

Where the entries are:

- in a bundle, ``validated_rules.json`` beside ``rules/``: the bundled files, checked when the
  bundle was built (``write_bundled``, called by ``build.spec``), with the key of the code built in;
- the user's cache folder (``app.paths.user_cache_dir() / "rules"``), one file per key, written
  atomically; two processes writing one key write the same bytes.

An entry that cannot be read or does not fit (a corrupt or truncated file, another key, data the
objects cannot be built from) is ignored: the file is checked afresh and the entry written again.
The plain data is JSON, with ``Decimal`` and ``date`` values tagged (``{"$decimal": "0.55"}``).
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

try:  # Python's own SHA-256 (as ``random`` uses its own SHA-512): hashlib would load OpenSSL, ≈ 4 MiB at start-up
    from _sha256 import sha256  # Python 3.11
except ImportError:  # pragma: no cover - the module's name in Python ≥ 3.12, or none
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

FORMAT = 1  # of the entries; a change makes every key new
CODE_FILES = ("schema.py", "validation.py", "reading.py")


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"not plain rule data: {type(value).__name__}")


def _decode(obj: dict) -> Any:
    if len(obj) == 1:
        if "$decimal" in obj:
            return Decimal(obj["$decimal"])
        if "$date" in obj:
            return date.fromisoformat(obj["$date"])
    return obj


def dumps(data: dict) -> str:
    return json.dumps(data, default=_encode, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    return json.loads(text, object_hook=_decode)


_code_stamp: str | None = None


def code_stamp() -> str:
    """SHA-256 of the code that checks and builds rule files; in a bundle (no sources), the stamp
    the bundle's checked files were written with."""
    global _code_stamp
    if _code_stamp is None:
        here = Path(__file__).resolve().parent
        digest = sha256(f"format {FORMAT}\n".encode())
        try:
            for name in CODE_FILES:
                digest.update((here / name).read_bytes())
            _code_stamp = digest.hexdigest()
        except OSError:  # a bundle holds compiled code only
            _code_stamp = str(_bundled().get("stamp") or "no sources")
    return _code_stamp


def key_of(raw: bytes) -> str:
    """The cache key of a rule file's bytes under the current code."""
    return sha256(code_stamp().encode() + b"\n" + raw).hexdigest()


_bundled_entries: dict | None = None


def _bundled() -> dict:
    """``validated_rules.json`` of a bundle (``{"stamp": …, "entries": {key: data}}``), else empty."""
    global _bundled_entries
    if _bundled_entries is None:
        from app.paths import validated_rules_file

        try:
            found = loads(validated_rules_file().read_bytes())
            _bundled_entries = found if isinstance(found, dict) and isinstance(found.get("entries"), dict) else {}
        except (OSError, ValueError, RecursionError):
            _bundled_entries = {}
    return _bundled_entries


def cache_folder() -> Path:
    from app.paths import user_cache_dir

    return user_cache_dir() / "rules"


def lookup(key: str) -> dict | None:
    """The plain data kept for *key*, or None (none kept, or an entry that cannot be read)."""
    data = _bundled().get("entries", {}).get(key)
    if isinstance(data, dict):
        return data
    try:
        entry = loads((cache_folder() / f"{key}.json").read_bytes())
    except (OSError, ValueError, RecursionError):  # missing, unreadable, corrupt (ValueError: bad JSON or UTF-8)
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("data"), dict):
        return None
    return entry["data"]


def store(key: str, data: dict) -> None:
    """Keep the plain data of a checked file under *key*; a cache that cannot be written is skipped."""
    from ..case import write_atomic

    try:
        write_atomic(cache_folder() / f"{key}.json", dumps({"key": key, "data": data}))
    except (OSError, TypeError, ValueError):
        pass


def write_bundled(rule_files: list[Path], out: Path) -> int:
    """Check *rule_files* (as the loader does) and write their plain data to *out* for a bundle;
    the number written. A file that does not pass stops the build (``RuleFileError``)."""
    from .files import read_rule_bytes, rule_text
    from .reading import checked_rule_data

    entries = {}
    for path in rule_files:
        raw = read_rule_bytes(path)
        entries[key_of(raw)] = checked_rule_data(rule_text(raw, str(path)), str(path))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps({"stamp": code_stamp(), "entries": entries}), encoding="utf-8")
    return len(entries)
