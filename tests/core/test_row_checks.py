"""The worksheet checks a row once: a settle after an edit checks the edited row only, and a
change of year or region checks every row again. The largest figures the table's columns are
fitted to are read from the record."""
from __future__ import annotations

from decimal import Decimal

import app.core.worksheet as worksheet
from app.core.worksheet import PersonFields, Row, Worksheet


def sheet_of(rows: list[Row], year: int = 2026) -> Worksheet:
    return Worksheet(PersonFields(region="tongliao", year=year, category="employed"), rows)


def rows_checked(monkeypatch) -> list[Row]:
    """The rows the worksheet checks (reads as visits) from now on, in order."""
    checked: list[Row] = []
    real = worksheet.row_to_visit
    monkeypatch.setattr(worksheet, "row_to_visit", lambda row, *a: checked.append(row) or real(row, *a))
    return checked


def test_only_the_edited_row_is_checked_again(rule, monkeypatch):
    region = rule("tongliao")
    tier = region.tiers[0].id
    sheet = sheet_of([Row(f"2026-03-{d:02d}", tier, "100.00") for d in range(1, 11)])
    sheet.settle(region)
    checked = rows_checked(monkeypatch)
    sheet.rows[4] = sheet.rows[4].with_value("total", "250.00")
    result = sheet.settle(region)
    assert checked == [sheet.rows[4]]
    assert result.by_row[4].visit.total == Decimal("250.00")
    sheet.rows[4] = sheet.rows[4].with_value("total", "12,5")  # a bad amount: the row shows its error
    assert sheet.settle(region).row_errors[4].code == "bad_amount"
    assert 4 not in sheet.settle(region).by_row


def test_rows_moved_by_an_insert_are_not_checked_again(rule, monkeypatch):
    """A visit inserted above the others moves every row down one place: only the new row is checked."""
    region = rule("tongliao")
    tier = region.tiers[0].id
    sheet = sheet_of([Row(f"2026-03-{d:02d}", tier, "100.00") for d in range(1, 6)])
    sheet.settle(region)
    checked = rows_checked(monkeypatch)
    sheet.rows.insert(0, Row("2026-02-01", tier, "300.00"))
    result = sheet.settle(region)
    assert checked == [sheet.rows[0]] and len(result.by_row) == 6


def test_a_new_year_checks_every_row_again(rule):
    region = rule("tongliao")
    tier = region.tiers[0].id
    sheet = sheet_of([Row("2026-03-01", tier, "100.00"), Row("2027-03-01", tier, "100.00")])
    assert set(sheet.settle(region).row_errors) == {1}  # 2027-03-01 is outside 2026
    sheet.person.year = 2027
    errors = sheet.settle(region).row_errors
    assert set(errors) == {0} and errors[0].code == "outside_year"


def test_rows_removed_are_forgotten(rule):
    region = rule("tongliao")
    tier = region.tiers[0].id
    sheet = sheet_of([Row("2026-03-01", tier, "100.00"), Row("2026-03-02", tier, "x")])
    assert set(sheet.settle(region).row_errors) == {1}
    del sheet.rows[1]
    result = sheet.settle(region)
    assert result.row_errors == {} and set(result.by_row) == {0}


def test_largest_figures_of_the_columns(rule):
    region = rule("tongliao")
    tier = region.tiers[0].id
    # self-funded 30.00 of 100.00 and 5.00 of 400.00: policy scope 70.00 and 395.00
    sheet = sheet_of([Row("2026-03-01", tier, "100.00", "30.00"), Row("2026-03-02", tier, "400.00", "5.00"),
                      Row("2026-03-03", tier, "oops")])
    by_row = sheet.settle(region).by_row
    assert by_row.largest("policy_scope") == Decimal("395.00")
    assert by_row.largest("policy_scope", [0, 2]) == Decimal("70.00")  # row 2 is not settled
    assert by_row.largest("fund", [2]) is None
    for name in ("policy_scope", "deductible", "fund", "self_pay"):  # the same figures the rows show
        assert by_row.largest(name) == max(getattr(by_row[i], name) for i in (0, 1))
        assert by_row.largest(name, [1]) == getattr(by_row[1], name)
    assert 2 not in by_row and by_row.get(2) is None and by_row.get(0) is by_row[0]
