"""money.py refusals word for word, and the edges mutation testing found unpinned: the default field
names, the full-width comma and yen sign, the 24-character echo, the length guards, a Decimal above a
smaller bound."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.money import AmountTooLarge, MoneyError, parse_amount, parse_number

BOUND = "is above the upper bound 99,999,999.99"


@pytest.mark.parametrize("text,message", [
    (True, "amount: not an amount: True"),
    (1.5, "amount: not an amount: 1.5"),  # a float is never read as money
    (Decimal("1.234"), "amount: must be ≥ 0 with at most 2 decimals, got 1.234"),
    (Decimal("-1"), "amount: must be ≥ 0 with at most 2 decimals, got -1"),
    ("", "amount: empty"),
    ("¥", "amount: empty"),  # the yen sign alone leaves nothing
    ("-1", "amount: must not be negative, got '-1'"),
    ("12,5", "amount: commas may only separate thousands (1,260.50), got '12,5'"),
    ("1.234", "amount: not an amount with at most 2 decimals: '1.234'"),
])
def test_parse_amount_refusal_names_the_default_field_and_the_text(text, message):
    with pytest.raises(MoneyError) as exc:
        parse_amount(text)
    assert str(exc.value) == message
    assert not isinstance(exc.value, AmountTooLarge)


@pytest.mark.parametrize("text,message", [
    ("100000000", f"amount: 100000000 {BOUND}"),
    (Decimal("100000000"), f"amount: 100000000 {BOUND}"),
    ("9" * 30, f"amount: {'9' * 20}… {BOUND}"),  # refused by length, echoed cut short
    # 21 characters are refused by length: the echo is the number read, without the yen sign
    ("¥" + "9" * 21, f"amount: {'9' * 21} {BOUND}"),
    # 20 characters are read, then bounded: the echo is the text as typed
    ("¥" + "9" * 20, f"amount: ¥{'9' * 20} {BOUND}"),
])
def test_parse_amount_above_the_bound(text, message):
    with pytest.raises(AmountTooLarge) as exc:
        parse_amount(text)
    assert str(exc.value) == message


def test_parse_amount_length_guard_counts_digits_that_matter_not_leading_zeros():
    # 20 characters (16 zeros, "1.50") are read: 1.50; and so are 30 zeros before "1.50": the value
    # is small, only the length guard's count was wrong before (it refused it as above the bound)
    assert parse_amount("0" * 16 + "1.50") == Decimal("1.50")
    assert parse_amount("0" * 30 + "1.50") == Decimal("1.50")


@pytest.mark.parametrize("text,expected", [
    ("1，260.50", "1260.50"),  # full-width comma (，) as a Chinese input method types it
    ("￥88", "88.00"),  # full-width yen sign
    ("¥ 88", "88.00"),
])
def test_parse_amount_full_width_comma_and_yen(text, expected):
    assert str(parse_amount(text)) == expected


def test_echo_is_cut_after_24_characters():
    """24 characters are echoed whole; 25 are cut to 20 and an ellipsis."""
    with pytest.raises(MoneyError) as exc:
        parse_number("a" * 24, field="w")
    assert str(exc.value) == f"w: not a plain number ≥ 0 (like 115000 or 0.025): '{'a' * 24}'"
    with pytest.raises(MoneyError) as exc:
        parse_number("a" * 25, field="w")
    assert str(exc.value) == f"w: not a plain number ≥ 0 (like 115000 or 0.025): '{'a' * 20}…'"


def test_parse_number_default_field_is_value():
    with pytest.raises(MoneyError) as exc:
        parse_number("abc")
    assert str(exc.value) == "value: not a plain number ≥ 0 (like 115000 or 0.025): 'abc'"


def test_parse_number_decimal_above_a_smaller_bound():
    assert parse_number(Decimal("1"), field="ratio", maximum=Decimal("1")) == 1
    with pytest.raises(AmountTooLarge) as exc:
        parse_number(Decimal("1.5"), field="ratio", maximum=Decimal("1"))
    assert str(exc.value) == "ratio: 1.5 is above the upper bound 1"


@pytest.mark.parametrize("text,expected", [
    ("115，000", "115000"),  # full-width comma
    ("1,234.567", "1234.567"),  # grouped, and more than two decimals (a parameter may have up to 10)
    ("000000000001", "1"),  # 12 digits before the point are still read
])
def test_parse_number_reads(text, expected):
    assert parse_number(text, field="w") == Decimal(expected)


def test_parse_number_length_guard_counts_digits_not_leading_zeros():
    """13 digits before the point are refused before Decimal() reads them; zero-padding is read (1),
    not refused as above the bound."""
    with pytest.raises(AmountTooLarge) as exc:
        parse_number("1000000000000", field="w")
    assert str(exc.value) == f"w: 1000000000000 {BOUND}"
    assert parse_number("0000000000001", field="w") == Decimal("1")
