"""Exact money (金额): parse, round half-up to the fen (分), format.

Amounts are ``decimal.Decimal`` in yuan. Nothing here ever touches ``float``.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

_AMOUNT_RE = re.compile(r"^\d+(\.\d{1,2})?$")
_GROUPED_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 1,260.50


class MoneyError(ValueError):
    """A text that is not a valid amount of yuan."""


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
        if not text.is_finite() or text < 0 or text != text.quantize(FEN):
            raise MoneyError(f"{field}: must be ≥ 0 with at most 2 decimals, got {text}")
        return text.quantize(FEN)
    if not isinstance(text, str):
        raise MoneyError(f"{field}: not an amount: {text!r}")
    cleaned = text.strip().replace("，", ",")
    if cleaned.startswith("¥") or cleaned.startswith("￥"):
        cleaned = cleaned[1:].strip()
    if cleaned == "":
        raise MoneyError(f"{field}: empty")
    if cleaned.startswith("-"):
        raise MoneyError(f"{field}: must not be negative, got {text.strip()!r}")
    if "," in cleaned:
        # only a thousands separator may be dropped; "12,5" is not 125
        if not _GROUPED_RE.match(cleaned):
            raise MoneyError(f"{field}: commas may only separate thousands (1,260.50), got {text.strip()!r}")
        cleaned = cleaned.replace(",", "")
    if not _AMOUNT_RE.match(cleaned):
        raise MoneyError(f"{field}: not an amount with at most 2 decimals: {text.strip()!r}")
    try:
        return Decimal(cleaned).quantize(FEN)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise MoneyError(f"{field}: not an amount: {text!r}") from exc


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
