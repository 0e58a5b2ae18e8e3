"""Dates as clerks type them (日期): one parser for cells, the birth date, paste, imports and the CLI.

Accepted, whole dates::

    2023-02-10   2023-2-10   20230210   2023/2/10   2023.2.10   2023年2月10日

and, where a year is given (a visit inside a case of that year), the short forms::

    2-10   2/10   2.10   0210   2月10日

Full-width digits and punctuation (``２０２３－０２－１０``, as a Chinese input method types
them) are read as their ASCII forms; any other non-ASCII digit is refused. Anything else
— a day that does not exist, a two-digit year, a week date, a time — is refused with a
reason (:class:`DateError`); the caller keeps the text exactly as typed.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

# U+FF01…U+FF5E are the full-width forms of U+0021…U+007E; U+3000 is the ideographic space.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_SEP = r"\s*([-/.])\s*"
_FULL = (
    re.compile(rf"([0-9]{{4}}){_SEP}([0-9]{{1,2}})\s*\2\s*([0-9]{{1,2}})"),  # 2023-2-10, 2023/2/10, 2023.2.10
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),  # 20230210
    re.compile(r"([0-9]{4})\s*年\s*()([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?"),  # 2023年2月10日
)
_SHORT = (
    re.compile(r"([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})"),  # 2-10, 2/10, 2.10
    re.compile(r"([0-9]{2})([0-9]{2})"),  # 0210
    re.compile(r"([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?"),  # 2月10日
)

ACCEPTED_FORMS = "2023-02-10, 2023-2-10, 20230210, 2023/2/10, 2023.2.10, 2023年2月10日"
SHORT_FORMS = "2-10, 2/10, 2.10, 0210, 2月10日"


class DateError(ValueError):
    """Not a date: ``code`` is ``bad_date`` (not a form we read), ``bad_iso_date`` (not YYYY-MM-DD where
    only that is read) or ``no_such_date`` (e.g. 2023-02-30)."""

    def __init__(self, code: str, value: str):
        self.code, self.value = code, value
        super().__init__(f"{code}: {value!r}")


def ascii_text(text: str) -> str:
    """Full-width ASCII forms and the ideographic space as plain ASCII; everything else unchanged."""
    return text.translate(_FULL_WIDTH)


def _make(value: str, y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise DateError("no_such_date", value) from None


_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@lru_cache(maxsize=4096)  # a claims file names the same few hundred days again and again
def parse_iso(text: str) -> date:
    """Only ``YYYY-MM-DD`` (the visits CSV of the CLI, as DOMAIN.md fixes it); :class:`DateError` else."""
    value = text.strip()
    m = _ISO.fullmatch(value)
    if not m:
        raise DateError("bad_iso_date", value)
    y, mo, d = map(int, m.groups())
    if y < 1:
        raise DateError("no_such_date", value)
    return _make(value, y, mo, d)


def parse_date(text: str, year: int | None = None) -> date:
    """The date *text* names; short forms (month and day) only when *year* is given.

    Raises :class:`DateError`; never guesses: ``2023-02-30`` is refused, not moved to March.
    """
    value = ascii_text(text).strip()
    if any(ch.isdigit() and not ch.isascii() for ch in value):  # Arabic-Indic, Devanagari … digits
        raise DateError("bad_date", text.strip())
    for pattern in _FULL:
        m = pattern.fullmatch(value)
        if m:
            y, _sep, mo, d = m.groups()
            if int(y) < 1:
                raise DateError("no_such_date", text.strip())
            return _make(text.strip(), int(y), int(mo), int(d))
    if year is not None:
        for pattern in _SHORT:
            m = pattern.fullmatch(value)
            if m:
                mo, d = m.groups()
                return _make(text.strip(), year, int(mo), int(d))
    raise DateError("bad_date", text.strip())


def canonical(text: str, year: int | None = None) -> str:
    """``YYYY-MM-DD`` for a date *text* names; the text unchanged (as typed) when it names none."""
    try:
        return parse_date(text, year).isoformat()
    except DateError:
        return text


def age_on(birth: date, day: date) -> int:
    """Completed years (周岁) on *day*."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
