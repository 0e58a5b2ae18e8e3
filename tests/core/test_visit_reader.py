"""The one reader of a visit's text fields (visits_csv.visit_values): the values the batch gives
the kernel, amounts in integer fen, and the same refusals as the visits CSV."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.core.visits_csv import FieldError, amount_fen, visit_from_fields, visit_values


@pytest.mark.parametrize("text, fen", [
    ("0", 0),
    ("", 0),  # an empty optional amount is 0
    ("7", 700),  # 7 yuan = 700 fen
    ("7.5", 750),  # one decimal: 7.50 yuan
    ("7.05", 705),
    ("0012.30", 1230),  # leading zeros do not count
    ("99999999.99", 9_999_999_999),  # the upper bound of one visit, exactly
    ("1,260.50", 126_050),  # thousands comma: read by money.parse_amount
    ("１２３．４", 12_340),  # full-width digits and point
    ("¥88", 8_800),
    ("000000000000000000000000001", 100),  # 1 yuan: leading zeros beyond eight digits, read by parse_amount
])
def test_amount_in_fen(text, fen):
    assert amount_fen(text, "total") == fen


@pytest.mark.parametrize("text, code", [
    ("12.345", "bad_amount"),  # three decimals
    ("-5", "bad_amount"),
    ("12,5", "bad_amount"),  # a comma that does not separate thousands
    ("1e3", "bad_amount"),
    ("100000000", "too_large"),  # 100,000,000.00 > 99,999,999.99
])
def test_amount_refusals_name_the_field(text, code):
    with pytest.raises(FieldError) as exc:
        amount_fen(text, "self_funded")
    assert exc.value.field == "self_funded" and exc.value.code == code


def test_values_of_a_claims_row():
    # total 300.00, self-funded 20.50, class-B 9.5 → 30000, 2050, 950 fen; flags as written
    values = visit_values(" 2026-03-04 ", " level1 ", "300", "20.50", "9.5", "false", "true", " x1 ", "family")
    assert values == (date(2026, 3, 4), "level1", 30_000, 2_050, 950, False, True, "x1", "family")


def test_defaults_of_empty_optional_cells():
    values = visit_values("2026-03-04", "level1", "10", "", "", "", "", "", "")
    assert values == (date(2026, 3, 4), "level1", 1_000, 0, 0, True, False, None, "self")


@pytest.mark.parametrize("cells, field, code", [
    (("", "", ""), "date", "required"),  # the first empty required field is named
    (("2026-03-04", " ", ""), "tier", "required"),
    (("2026-03-04", "level1", ""), "total", "required"),
    (("2026-02-30", "level1", "1"), "date", "no_such_date"),
    (("3-4", "level1", "1"), "date", "bad_iso_date"),  # month and day alone only in a typed cell
])
def test_first_bad_field(cells, field, code):
    with pytest.raises(FieldError) as exc:
        visit_values(*cells, "", "", "", "", "", "")
    assert (exc.value.field, exc.value.code) == (field, code)


def test_scope_negative_shows_the_amounts_in_yuan():
    # 10.00 self-funded + 5.00 class-B > 12.00 total
    with pytest.raises(FieldError) as exc:
        visit_values("2026-03-04", "level1", "12", "10", "5", "", "", "", "")
    assert exc.value.field == "self_funded" and exc.value.code == "scope_negative"
    assert exc.value.params == {"total": "12.00", "self_funded": "10.00", "class_b_copay": "5.00"}


def test_visit_from_fields_reads_through_the_same_reader():
    visit = visit_from_fields({"date": "2026-03-04", "tier": "level1", "total": "1,260.5", "self_funded": "0.5"})
    assert (visit.total, visit.self_funded, visit.class_b_copay) == (Decimal("1260.50"), Decimal("0.50"), Decimal("0.00"))
    assert visit.designated is True and visit.patient == "self" and visit.exclusion is None

