"""money.py: parse_amount, round_fen (half-up at the fen), fmt."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.money import FEN, MoneyError, fmt, fmt_grouped, fmt_percent, parse_amount, round_fen


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1260", "1260.00"),
        ("1260.5", "1260.50"),
        ("1260.55", "1260.55"),
        ("0", "0.00"),
        ("0.01", "0.01"),
        ("  42.10 ", "42.10"),  # surrounding blanks are ignored
        ("1,260.50", "1260.50"),  # thousands comma as Excel shows it
        ("1,234,567.89", "1234567.89"),
        ("¥88", "88.00"),
        (1260, "1260.00"),
        (Decimal("7.5"), "7.50"),
    ],
)
def test_parse_amount_accepts(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    # every parsed amount is quantized to the fen, so it prints with two decimals
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "-1",  # negative
        "-0.01",
        "1.234",  # three decimals
        "0.001",
        "12a",  # letters
        "abc",
        "1e3",  # scientific notation is not an amount a person types
        "",  # empty
        "   ",
        "1.2.3",
        "12,5",  # a decimal comma is not a thousands separator: must not become 125
        "1,26",
        "12,34.5",
        ",100",
        "NaN",
        "Infinity",
        Decimal("-1"),
        Decimal("1.005"),
        Decimal("NaN"),
        -5,
        True,  # bool is not an amount even though it is an int
        1.5,  # float is refused outright
        None,
    ],
)
def test_parse_amount_rejects(text):
    with pytest.raises(MoneyError):
        parse_amount(text)


def test_parse_amount_error_names_the_field():
    with pytest.raises(MoneyError) as info:
        parse_amount("-3", field="self_funded")
    assert "self_funded" in str(info.value)
    with pytest.raises(MoneyError) as info:
        parse_amount("", field="total")
    assert "total" in str(info.value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0.005", "0.01"),  # half up, not half even (would give 0.00)
        ("0.004", "0.00"),
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # half-even would give 0.02
        ("2.675", "2.68"),  # exact Decimal: as a float 2.675 would be 2.67499… → 2.67
        ("10.005", "10.01"),
        ("1234.5678", "1234.57"),
        ("9876.5424", "9876.54"),
        ("1000.005", "1000.01"),
        ("7", "7.00"),
    ],
)
def test_round_fen_half_up(value, expected):
    result = round_fen(Decimal(value))
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2
    assert FEN == Decimal("0.01")


def test_fmt_two_decimals():
    assert fmt(Decimal("1260")) == "1260.00"
    assert fmt(Decimal("0")) == "0.00"
    assert fmt(Decimal("0.005")) == "0.01"  # rounded half-up before printing
    assert fmt(Decimal("12345678.9")) == "12345678.90"  # no grouping in the JSON form
    assert fmt(None) is None


def test_fmt_grouped_and_percent():
    assert fmt_grouped(Decimal("1260")) == "1,260.00"
    assert fmt_grouped(None) == "—"
    assert fmt_percent(Decimal("0.55")) == "55%"
    assert fmt_percent(Decimal("0.625")) == "62.5%"
