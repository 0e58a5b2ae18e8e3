"""Hostile tables (issue 10): a CSV export never carries a cell Excel would run as a formula;
duplicate columns and cells beyond the header are refused, never silently resolved."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from app.core.exchange import export_table, import_file, table_to_csv, write_export
from app.core.tables import ImportFileError
from app.core.visits_csv import VisitsFileError, parse_visits_text
from app.core.worksheet import PersonFields, Row, Worksheet

FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"]


def hostile_sheet():
    # jiangxi employed 2023; one good visit: level1 1000 → (1000 − 600) × 60 % = 240.00; the others are
    # formula-like texts typed into the tier and total cells (kept as typed, not computed)
    rows = [Row("2023-01-05", "level1", "1000")]
    rows += [Row("2023-02-05", text, "100") for text in FORMULAS]
    rows += [Row("2023-03-05", "level1", text) for text in FORMULAS]
    return Worksheet(PersonFields(region="jiangxi", year=2023, category="employed"), rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_export_neutralises_formula_cells_and_keeps_numbers(ruleset, lang):
    ws = hostile_sheet()
    region = ruleset.regions["jiangxi"]
    result = ws.settle(region)
    text = table_to_csv(export_table(ws, result, region, lang))
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert risky == []
    for formula in FORMULAS:
        assert cells.count("'" + formula) >= 2  # in the tier column and in the total column
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:3] == ["2023-01-05", "一级及以下" if lang == "zh" else rows[1][1], "1000.00"]
    assert "240.00" in rows[1]  # a number stays a number: no quote


def test_neutralised_cells_import_back_as_typed(tmp_path, ruleset):
    ws = hostile_sheet()
    region = ruleset.regions["jiangxi"]
    path = tmp_path / "out.csv"
    write_export(path, ws, ws.settle(region), region, "en")
    preview = import_file(path, region, 2023)
    assert [r.row.tier for r in preview.rows][1:1 + len(FORMULAS)] == [f.strip() for f in FORMULAS]
    assert preview.good[0].row.total == "1000.00"  # an amount comes back as the number it was exported as


@pytest.mark.parametrize("header", ["date,tier,total,total", "date,tier,总费用,total", "日期,date,tier,total"])
def test_import_refuses_duplicate_columns(tmp_path, rule, header):
    path = tmp_path / "dup.csv"
    path.write_text(header + "\n2023-01-05,level1,300,999\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(path, rule("jiangxi"), 2023)
    assert info.value.code == "duplicate_column" and "line 1" in str(info.value)


def test_cli_reader_refuses_duplicate_columns():
    with pytest.raises(VisitsFileError) as info:
        parse_visits_text("date,tier,total,total\n2023-01-05,level1,300,999\n", "v.csv")
    assert (info.value.line, info.value.field) == (1, "total") and "twice" in info.value.message


def test_cells_beyond_the_header_are_refused_on_their_line(tmp_path, rule):
    text = "date,tier,total\n2023-01-05,level1,300\n2023-01-06,level1,300,999\n2023-01-07,level1,300,,\n"
    rows, errors = parse_visits_text(text, "v.csv")
    assert [r.line for r in rows] == [2, 4]  # trailing empty cells, as Excel writes them, are fine
    assert [(e.line, str(e)) for e in errors] == [
        (3, "v.csv:3: the line has 4 cells but the header only 3 columns")]
    path = tmp_path / "extra.csv"
    path.write_text(text, encoding="utf-8")
    preview = import_file(path, rule("jiangxi"), 2023)
    assert [r.line for r in preview.good] == [2, 4]
    assert [(r.line, r.error.code) for r in preview.bad] == [(3, "extra_cells")]
    assert "4" in preview.bad[0].error.text("zh") and "3" in preview.bad[0].error.text("zh")


def test_spreadsheet_numbers_beyond_any_amount_are_refused_not_crashed(rule):
    from app.core.exchange import preview_import

    table = (1, ["date", "tier", "total"], [(2, ["2023-01-05", "level1", 1e308]),
                                            (3, ["2023-01-05", "level1", float("inf")]),
                                            (4, ["2023-01-05", "level1", 1500.0])])
    preview = preview_import(table, rule("jiangxi"), 2023)
    assert [r.line for r in preview.bad] == [2, 3] and [r.line for r in preview.good] == [4]
    assert preview.good[0].row.total == "1500.00"
    assert Decimal(preview.good[0].row.total) == Decimal(1500)
