"""Exact money (金额): parse, round half-up to the fen (分), format.

Amounts are ``decimal.Decimal`` in yuan. Nothing here ever touches ``float``.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

# The largest amount of one visit, a cap, a deductible or a yuan parameter (README, "Bounds"): far
# above any real outpatient figure, and small enough that a year's sums stay exact in Decimal's
# default 28-digit context (no InvalidOperation/Overflow, whatever the input).
MAX_AMOUNT = Decimal("99999999.99")

# ASCII digits only; `\d` would also match Arabic-Indic, Devanagari … digits, which Decimal accepts.
_AMOUNT_RE = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
_GROUPED_RE = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?$")  # 1,260.50
_NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


class MoneyError(ValueError):
    """A text that is not a valid amount of yuan."""


class AmountTooLarge(MoneyError):
    """A well-formed amount above :data:`MAX_AMOUNT`."""


def ascii_digits(text: str) -> str:
    """Full-width digits and point (０-９ ．, as a Chinese input method types them) made ASCII."""
    return text.translate(_FULLWIDTH)


def _shown(text: object) -> str:
    """*text* for a one-line message: cut to 24 characters (a 5,000-digit cell is not echoed whole)."""
    text = str(text).strip()
    return text if len(text) <= 24 else text[:20] + "…"


def _bounded(value: Decimal, field: str, shown: object, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    if value > maximum:
        raise AmountTooLarge(f"{field}: {_shown(shown)} is above the upper bound {maximum:,}")
    return value


def parse_amount(text: str | int | Decimal, *, field: str = "amount") -> Decimal:
    """Parse a non-negative yuan amount with at most two decimals.

    Accepts ``"1260"``, ``"1260.5"``, ``"1,260.50"`` (thousands commas), ``1260``
    and ``Decimal`` values. Raises :class:`MoneyError` naming *field* otherwise.
    """
    if isinstance(text, bool):
        raise MoneyError(f"{field}: not an amount: {text!r}")
    if isinstance(text, int):
        text = str(text)
    if isinstance(text, Decimal):
        if not text.is_finite() or text < 0 or text.as_tuple().exponent < -2:
            raise MoneyError(f"{field}: must be ≥ 0 with at most 2 decimals, got {text}")
        return _bounded(text, field, text).quantize(FEN)
    if not isinstance(text, str):
        raise MoneyError(f"{field}: not an amount: {text!r}")
    cleaned = ascii_digits(text.strip()).replace("，", ",")
    if cleaned.startswith("¥") or cleaned.startswith("￥"):
        cleaned = cleaned[1:].strip()
    if cleaned == "":
        raise MoneyError(f"{field}: empty")
    if cleaned.startswith("-"):
        raise MoneyError(f"{field}: must not be negative, got {_shown(text)!r}")
    if "," in cleaned:
        # only a thousands separator may be dropped; "12,5" is not 125
        if not _GROUPED_RE.match(cleaned):
            raise MoneyError(f"{field}: commas may only separate thousands (1,260.50), got {_shown(text)!r}")
        cleaned = cleaned.replace(",", "")
    if not _AMOUNT_RE.match(cleaned):
        raise MoneyError(f"{field}: not an amount with at most 2 decimals: {_shown(text)!r}")
    if len(cleaned.lstrip("0")) > 20:  # before Decimal(): 4,301 digits are refused quickly; leading zeros don't count
        raise AmountTooLarge(f"{field}: {_shown(cleaned)} is above the upper bound {MAX_AMOUNT:,}")
    try:
        return _bounded(Decimal(cleaned), field, text).quantize(FEN)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise MoneyError(f"{field}: not an amount: {_shown(text)!r}") from exc


def parse_number(text: str | int | Decimal, *, field: str = "value", maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """A non-negative plain decimal number (a region parameter: yuan, or a ratio) no larger than *maximum*.

    ``"115000"``, ``"115,000"``, ``"0.025"``; no exponents (``1e30``), no infinities, ASCII or
    full-width digits only. Raises :class:`MoneyError` naming *field*.
    """
    if isinstance(text, bool):
        raise MoneyError(f"{field}: not a number: {text!r}")
    if isinstance(text, Decimal):
        if not text.is_finite() or text < 0:
            raise MoneyError(f"{field}: not a number ≥ 0: {_shown(text)}")
        return _bounded(text, field, text, maximum)
    cleaned = ascii_digits(str(text).strip()).replace("，", ",")
    whole, point, fraction = cleaned.partition(".")
    if "," in whole and _GROUPED_RE.match(whole):  # 115,000 (thousands only)
        cleaned = whole.replace(",", "") + point + fraction
    if not _NUMBER_RE.match(cleaned):
        raise MoneyError(f"{field}: not a plain number ≥ 0 (like 115000 or 0.025): {_shown(cleaned)!r}")
    whole, _, fraction = cleaned.partition(".")
    if len(whole.lstrip("0")) > 12:  # before Decimal(): 4,301 digits are refused quickly; leading zeros don't count
        raise AmountTooLarge(f"{field}: {_shown(cleaned)} is above the upper bound {maximum:,}")
    if len(fraction) > 10:
        raise MoneyError(f"{field}: more than 10 decimals: {_shown(cleaned)!r}")
    return _bounded(Decimal(cleaned), field, cleaned, maximum)


def round_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (四舍五入到分)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str | None:
    """Two-decimal string as the JSON contract wants (``"1260.00"``); None stays None."""
    if value is None:
        return None
    return f"{round_fen(value):.2f}"


def fmt_grouped(value: Decimal | None) -> str:
    """Two decimals with thousands separators, for display (``"1,260.00"``)."""
    if value is None:
        return "—"
    return f"{round_fen(value):,.2f}"


def fmt_percent(ratio: Decimal) -> str:
    """``Decimal("0.55")`` → ``"55%"``; keeps decimals only when needed (``"62.5%"``)."""
    pct = (ratio * 100).normalize()
    text = f"{pct:f}"
    return f"{text}%"


def to_fen(amount: Decimal) -> int:
    """*amount* in yuan as integer fen; ValueError when it is not a whole number of fen."""
    n = amount * 100
    i = int(n)
    if i != n:
        raise ValueError(f"{amount} is not a whole number of fen")
    return i


def from_fen(n: int) -> Decimal:
    """Integer fen as yuan with two decimals (``12345`` → ``Decimal("123.45")``)."""
    return Decimal(n).scaleb(-2)
