"""A rule file as a file: its size bound, its bytes and text, and the error of a file that cannot be
used (with where and why). Below the loader, the YAML reading and the cache, which all use it."""
from __future__ import annotations

from pathlib import Path

from ..located import LocatedError

MAX_FILE_BYTES = 2_000_000  # the bundled files are ~20 kB
MAX_DEPTH = 64  # the schema nests 8 levels
TOO_DEEP = f"nested too deep (at most {MAX_DEPTH} levels)"


class RuleFileError(LocatedError):
    """A rule file that cannot be used, with where and why."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())  # one line, whatever the parser said


def read_rule_bytes(path: str | Path) -> bytes:
    """The bytes of a rule file, its size checked first; :class:`RuleFileError` if unreadable."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RuleFileError(str(path), None, None, f"too large for a rule file (over {MAX_FILE_BYTES:,} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise RuleFileError(str(path), None, None, f"cannot read: {exc}") from None


def rule_text(raw: bytes, shown: str) -> str:
    """The text of a rule file's bytes: UTF-8 (a BOM skipped), line ends as ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleFileError(shown, None, None, f"cannot read: {exc}") from None
    return normal_line_ends(text)


def normal_line_ends(text: str) -> str:
    """CR LF (Notepad) and CR (old Mac editors) as LF: the same line numbers in every message."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
