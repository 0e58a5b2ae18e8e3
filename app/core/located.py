"""The error of a file that cannot be used, saying where — file, line, field — and why."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocatedError(Exception):
    """``path:line: field: message`` (the line and the field when known)."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"
