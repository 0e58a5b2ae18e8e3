"""Region parameters as typed (parse_number): what is read, what is refused, and that the refusal
names the field and echoes the value (cut short when it is long)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.money import MAX_AMOUNT, AmountTooLarge, MoneyError, parse_number


@pytest.mark.parametrize("text,value", [
    ("115000", "115000"), ("115,000", "115000"), ("1,234,567.5", "1234567.5"), ("0.025", "0.025"),
    ("１１５０００", "115000"),  # full-width digits from a Chinese input method
    ("115000，", None),  # a full-width comma is still a comma: "115000," is refused below
    (" 42 ", "42"), (7, "7"), (Decimal("0"), "0"), (Decimal("5.5"), "5.5"),
    ("99999999.99", "99999999.99"), ("0.0123456789", "0.0123456789"),
])
def test_read(text, value):
    if value is None:
        with pytest.raises(MoneyError):
            parse_number(text, field="wage")
        return
    assert parse_number(text, field="wage") == Decimal(value)


@pytest.mark.parametrize("text,message", [
    (True, "wage: not a number: True"),
    (Decimal("-1"), "wage: not a number ≥ 0: -1"),
    (Decimal("NaN"), "wage: not a number ≥ 0: NaN"),
    (Decimal("Infinity"), "wage: not a number ≥ 0: Infinity"),
    ("-1", "wage: not a plain number ≥ 0 (like 115000 or 0.025): '-1'"),
    ("1e30", "wage: not a plain number ≥ 0 (like 115000 or 0.025): '1e30'"),
    ("abc", "wage: not a plain number ≥ 0 (like 115000 or 0.025): 'abc'"),
    ("", "wage: not a plain number ≥ 0 (like 115000 or 0.025): ''"),
    ("1,00", "wage: not a plain number ≥ 0 (like 115000 or 0.025): '1,00'"),
    ("١٢", "wage: not a plain number ≥ 0 (like 115000 or 0.025): '١٢'"),  # Arabic-Indic digits
    ("1.", "wage: not a plain number ≥ 0 (like 115000 or 0.025): '1.'"),
    ("0.12345678901", "wage: more than 10 decimals: '0.12345678901'"),
])
def test_refused_with_the_field_and_the_value(text, message):
    with pytest.raises(MoneyError) as exc:
        parse_number(text, field="wage")
    assert str(exc.value) == message
    assert not isinstance(exc.value, AmountTooLarge)


@pytest.mark.parametrize("text,shown", [
    ("100000000", "100000000"),  # one yuan over 99,999,999.99 (after the .99: 0.01 over)
    (Decimal("100000000"), "100000000"),
    ("1234567890123", "1234567890123"),  # 13 digits: refused before Decimal() reads it
    ("9" * 4301, "9" * 20 + "…"),  # echoed cut short
])
def test_above_the_bound(text, shown):
    with pytest.raises(AmountTooLarge) as exc:
        parse_number(text, field="wage")
    assert str(exc.value) == f"wage: {shown} is above the upper bound 99,999,999.99"


def test_a_smaller_bound_is_kept():
    """A ratio parameter is bounded by 1: 1 is read, 1.01 is refused naming that bound."""
    assert parse_number("1", field="ratio", maximum=Decimal("1")) == 1
    with pytest.raises(AmountTooLarge) as exc:
        parse_number("1.01", field="ratio", maximum=Decimal("1"))
    assert str(exc.value) == "ratio: 1.01 is above the upper bound 1"
    assert MAX_AMOUNT == Decimal("99999999.99")
