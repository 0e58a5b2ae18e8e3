"""Import and export of visits (app.core.exchange, app.core.xlsx_io): CSV with and without BOM,
GB18030, .xlsx; bad lines reported with their line and reason; export → import is identical.

Expected numbers are worked out by hand in the comments.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.core.exchange import (
    ImportFileError, export_table, import_file, table_to_csv, visits_of, write_export,
)
from app.core.worksheet import PersonFields, Row, Worksheet, load_worksheet

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample.mzcase"

# Three visits, Jiangxi, employed, 2023, as a clerk types them into the table.
TYPED = [
    Row("2023-01-05", "level1", "1000", class_b_copay="100"),
    Row("2023-02-05", "level3", "2000"),
    Row("2023-03-10", "level2", "500", self_funded="50", designated=False),
]
# Jiangxi employed: deductible 600 a year; level1 60%, level3 50%.
#  01-05 policy scope 1000 − 100 = 900; 600 to the deductible; (900 − 600) × 60% = 180.00
#  02-05 2000 × 50% = 1000.00
#  03-10 non-designated, not an emergency → 0
#  fund 1180.00; cap 1800 → remaining 620.00
FUND = Decimal("1180.00")

CHINESE_TEXT = (
    "日期,医疗机构等级,总费用,全自费,乙类先行自付,定点,急诊抢救\r\n"
    "2023/1/5,一级及以下,\"1,000.00\",0,100,是,否\r\n"
    "2023-02-05,三级,2000,,,,\r\n"
    "2023年3月10日,二级,500,50,,否,否\r\n"
)
DOMAIN_TEXT = (
    "date,tier,total,self_funded,class_b_copay,designated,emergency\n"
    "2023-01-05,level1,1000,,100,true,false\n"
    "2023-02-05,level3,2000.00,,,,\n"
    "2023-03-10,level2,500,50,,false,false\n"
)


def settle_rows(rule, rows, region="jiangxi", year=2023, category="employed"):
    ws = Worksheet(PersonFields(region=region, year=year, category=category), list(rows))
    return ws.settle(rule(region))


def typed_visits(rule):
    return visits_of(TYPED, 2023, rule("jiangxi"))


def test_typed_visits_settle_to_hand_arithmetic(rule):
    t = settle_rows(rule, TYPED).estimate.totals
    assert (t.fund, t.remaining_allowance) == (FUND, Decimal("620.00"))


@pytest.mark.parametrize("name, data", [
    ("domain.csv", DOMAIN_TEXT.encode("utf-8")),
    ("bom.csv", CHINESE_TEXT.encode("utf-8-sig")),
    ("excel-old.csv", CHINESE_TEXT.encode("gb18030")),
])
def test_csv_imports_equal_the_visits_typed(tmp_path, rule, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    if name == "bom.csv":
        assert data.startswith(b"\xef\xbb\xbf")
    if name == "excel-old.csv":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # really GB18030, as older Chinese Excel writes it
    preview = import_file(path, rule("jiangxi"), 2023)
    assert preview.bad == []
    assert [r.line for r in preview.good] == [2, 3, 4]
    rows = [r.row for r in preview.good]
    assert visits_of(rows, 2023, rule("jiangxi")) == typed_visits(rule)
    # dates and tier names normalised as a paste is; amounts kept as typed
    assert [(r.date, r.tier) for r in rows] == [("2023-01-05", "level1"), ("2023-02-05", "level3"),
                                                ("2023-03-10", "level2")]
    assert settle_rows(rule, rows).estimate.totals.fund == FUND


def test_xlsx_import_equals_the_visits_typed(tmp_path, rule):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "医疗机构等级", "总费用", "全自费", "乙类先行自付", "定点", "急诊抢救"])
    ws.append([datetime(2023, 1, 5), "一级及以下", 1000, 0, 100, True, False])  # real dates, numbers, booleans
    ws.append([])  # an empty line in the sheet is skipped, the numbering goes on
    ws.append(["2023-02-05", "level3", 2000.0, None, None, None, None])
    ws.append([datetime(2023, 3, 10), "二级", 500, 50.0, None, "否", "否"])
    path = tmp_path / "visits.xlsx"
    wb.save(path)
    preview = import_file(path, rule("jiangxi"), 2023)
    assert preview.bad == []
    assert [r.line for r in preview.good] == [2, 4, 5]
    rows = [r.row for r in preview.good]
    assert rows[0] == Row("2023-01-05", "level1", "1000.00", "0.00", "100.00", True, False)
    assert visits_of(rows, 2023, rule("jiangxi")) == typed_visits(rule)
    assert settle_rows(rule, rows).estimate.totals.fund == FUND


def test_spreadsheet_float_noise_is_read_as_fen(tmp_path, rule):
    wb = Workbook()
    wb.active.append(["date", "tier", "total"])
    wb.active.append(["2023-01-05", "level1", 0.1 + 0.2 + 860.2])  # 860.5000000000001 in binary
    path = tmp_path / "noise.xlsx"
    wb.save(path)
    (row,) = import_file(path, rule("jiangxi"), 2023).rows
    assert row.ok and row.row.total == "860.50"


BAD_CSV = (
    "date,tier,total,self_funded,designated\n"  # 1
    "2023-01-05,level1,1000,,true\n"  # 2 good: (1000 − 600) × 60% = 240.00
    "2023-13-01,level1,100,,true\n"  # 3 no 13th month
    "2023-02-01,level9,100,,true\n"  # 4 no such tier in Jiangxi
    "\n"  # 5 blank: skipped
    "2023-02-02,level2,12o,,true\n"  # 6 letter o in the amount
    "2023-02-03,level2,100,150,true\n"  # 7 self-funded above the total
    "2023-02-04,level2,100,,maybe\n"  # 8 not yes/no
    "2022-12-31,level2,100,,true\n"  # 9 last year
    "2023-03-01,level3,400,,true\n"  # 10 good: 400 × 50% = 200.00
)


def test_bad_lines_are_reported_with_line_and_reason_and_the_rest_imports(tmp_path, rule):
    path = tmp_path / "mixed.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    preview = import_file(path, rule("jiangxi"), 2023)
    assert [r.line for r in preview.good] == [2, 10]
    got = [(r.line, r.error.field, r.error.code) for r in preview.bad]
    assert got == [(3, "date", "no_such_date"), (4, "tier", "unknown_tier"), (6, "total", "bad_amount"),
                   (7, "self_funded", "scope_negative"), (8, "designated", "bad_flag"),
                   (9, "date", "outside_year")]
    reasons = {r.line: r.error.text("zh") for r in preview.bad}
    assert "12o" in reasons[6] and "level9" in reasons[4] and "2023" in reasons[9]
    assert "12o" in preview.bad[2].error.text("en")
    # a typo is kept as typed (to fix in the table); an unreadable tick box cannot be, and says so
    assert preview.bad[2].row.total == "12o"
    assert preview.bad[4].row is None
    # 240.00 + 200.00 = 440.00
    assert settle_rows(rule, [r.row for r in preview.good]).estimate.totals.fund == Decimal("440.00")


def test_bad_rows_in_xlsx_name_the_excel_row(tmp_path, rule):
    wb = Workbook()
    ws = wb.active
    ws.append(["说明"])  # a title line above the table
    ws.append([])
    ws.append(["日期", "等级", "总费用", "备注"])  # header in row 3; 备注 is not ours
    ws.append([datetime(2023, 1, 5), "一级及以下", 1000, "x"])
    ws.append([datetime(2023, 1, 6), "一级及以下", -5, ""])
    path = tmp_path / "titled.xlsx"
    wb.save(path)
    with pytest.raises(ImportFileError) as err:  # the first non-empty row is the header: 说明 alone is not one
        import_file(path, rule("jiangxi"), 2023)
    assert err.value.code == "missing_columns" and err.value.args_["line"] == "1"
    assert "医疗机构等级" in err.value.text("zh") and "总费用" in err.value.text("zh")
    ws.delete_rows(1, 2)
    wb.save(path)
    preview = import_file(path, rule("jiangxi"), 2023)
    assert [r.line for r in preview.good] == [2]
    assert [(r.line, r.error.field) for r in preview.bad] == [(3, "total")]
    assert preview.ignored_columns == ("备注",)


@pytest.mark.parametrize("name, data, code", [
    ("nothing.csv", None, "cannot_read"),
    ("binary.csv", b"\x00\x01\x02\xff\xfe\x00", "not_text"),
    ("empty.csv", b"\n\n", "empty"),
    ("no-total.csv", "日期,等级\n2023-01-05,一级及以下\n".encode(), "missing_columns"),
    ("fake.xlsx", b"date,tier,total\n", "bad_xlsx"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_xls"),
    ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_xls"),
    ("visits.pdf", b"%PDF-1.4", "unknown_format"),
])
def test_files_that_cannot_be_imported_say_why(tmp_path, rule, name, data, code):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(ImportFileError) as err:
        import_file(path, rule("jiangxi"), 2023)
    assert err.value.code == code
    assert str(path) in str(err.value)
    assert err.value.text("zh") and err.value.text("en")


def test_years_in_the_file_suggest_the_case_year(tmp_path, rule):
    path = tmp_path / "last-year.csv"
    path.write_text(DOMAIN_TEXT, encoding="utf-8")
    preview = import_file(path, rule("jiangxi"), 2024)
    assert preview.good == [] and {r.error.code for r in preview.bad} == {"outside_year"}
    assert preview.suggested_year() == 2023
    assert import_file(path, rule("jiangxi"), 2023).suggested_year() is None


# --- export -----------------------------------------------------------------------------------

def sample(ruleset):
    ws = load_worksheet(SAMPLE)
    return ws, ws.settle(ruleset.regions["tongliao"]), ruleset.regions["tongliao"]


def test_export_xlsx_money_as_numbers_with_a_totals_row(tmp_path, ruleset):
    ws, result, region = sample(ruleset)
    path = tmp_path / "导出.xlsx"
    write_export(path, ws, result, region, "zh", [("剩余额度", "2,612.22")])
    wb = load_workbook(path)
    sheet = wb.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["日期", "医疗机构等级", "总费用", "全自费", "乙类先行自付"]
    col = {name: k for k, name in enumerate(header)}
    first = [c for c in sheet[2]]
    assert first[col["日期"]].value == "2026-01-08" and first[col["医疗机构等级"]].value == "二级"
    assert first[col["总费用"]].value == 320 and first[col["总费用"]].number_format == "#,##0.00"
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 8 + 1
    totals = rows[-1]
    # the sample's hand arithmetic (tests/ui/test_window.py): total 5460.50, fund 2387.78, patient 3072.72
    assert totals[0] == "合计"
    money = lambda v: Decimal(repr(v)).quantize(Decimal("0.01"))  # noqa: E731
    assert money(totals[col["总费用"]]) == Decimal("5460.50")
    assert money(totals[col["统筹支付"]]) == Decimal("2387.78")
    assert money(totals[col["个人负担"]]) == Decimal("3072.72")
    assert money(totals[col["计入起付"]]) == Decimal("1000.00")
    # v2 level3: policy scope 860.50 − 45 − 30 = 785.50, fund 58.03
    assert money(rows[2][col["政策范围内"]]) == Decimal("785.50") and money(rows[2][col["统筹支付"]]) == Decimal("58.03")
    assert sheet.cell(row=10, column=col["统筹支付"] + 1).number_format == "#,##0.00"
    assert list(wb.worksheets[1].iter_rows(values_only=True)) == [("剩余额度", "2,612.22")]
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_export_csv_headers_in_the_ui_language(ruleset):
    ws, result, region = sample(ruleset)
    zh = table_to_csv(export_table(ws, result, region, "zh")).splitlines()
    en = table_to_csv(export_table(ws, result, region, "en")).splitlines()
    assert zh[0].startswith("日期,医疗机构等级,总费用,全自费,乙类先行自付,定点,急诊抢救")
    assert en[0].startswith("Date,Tier,Total,Self-funded,Class-B co-pay,Designated,Emergency")
    assert zh[1].startswith("2026-01-08,二级,320.00,0.00,0.00,是,否")
    assert en[1].startswith("2026-01-08,Level 2,320.00,0.00,0.00,yes,no")
    assert zh[-1].startswith("合计,,5460.50,")
    assert en[-1].startswith("Total,,5460.50,")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_then_import_is_identical(tmp_path, ruleset, suffix, lang):
    ws, result, region = sample(ruleset)
    ws.rows[1] = ws.rows[1].with_value("emergency", True).with_value("family", True)
    ws.rows.append(Row("2026-11-02", "level1", "abc"))  # an unfinished row goes out and comes back as typed
    result = ws.settle(region)
    path = tmp_path / f"round{suffix}"
    write_export(path, ws, result, region, lang)
    preview = import_file(path, region, ws.person.year)
    assert [r.row for r in preview.rows] == [r for r in ws.rows if not r.is_blank()]
    assert [r.line for r in preview.bad] == [10]  # header + 8 visits, then the unfinished one
    again = Worksheet(ws.person.copy(), [r.row for r in preview.rows]).settle(region)
    assert again.estimate.totals == result.estimate.totals


def test_export_of_an_exclusion_by_its_label_comes_back_as_its_id(tmp_path, ruleset):
    region = ruleset.regions["jincheng"]
    exclusion = region.versions[-1].exclusions[0]
    ws = Worksheet(PersonFields(region="jincheng", year=2023), [Row("2023-05-01", "class1", "300", exclusion=exclusion.id)])
    path = tmp_path / "x.csv"
    write_export(path, ws, ws.settle(region), region, "zh")
    assert exclusion.label.zh in path.read_text(encoding="utf-8-sig")
    (row,) = import_file(path, region, 2023).rows
    assert row.ok and row.row.exclusion == exclusion.id


def test_core_exchange_does_not_import_qt():
    code = "import sys, app.core.exchange, app.core.xlsx_io, app.core.slip; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_import_reads_dates_and_tiers_as_the_cells_do(tmp_path, rule):
    """Inside a case, a file's month-day dates are in the case year, and tiers are read by alias."""
    path = tmp_path / "short.csv"
    path.write_text("日期,等级,总费用\n3-1,三甲,1000\n2023/4/2,1级,700\n2023-02-30,二级,100\n", encoding="utf-8")
    preview = import_file(path, rule("jiangxi"), 2023)
    assert [(r.row.date, r.row.tier) for r in preview.good] == [("2023-03-01", "level3"), ("2023-04-02", "level1")]
    assert [(r.row.date, r.error.code) for r in preview.bad] == [("2023-02-30", "no_such_date")]


def test_the_year_most_dates_fall_in_is_offered(tmp_path, rule):
    """Three of four dates in 2024 (more than half): 2024 is offered for a 2023 case; two of four: none."""
    most = tmp_path / "most.csv"
    most.write_text("date,tier,total\n2024-01-05,level1,1\n2024-02-05,level1,1\n2024-03-05,level1,1\n"
                    "2023-12-30,level1,1\n", encoding="utf-8")
    assert import_file(most, rule("jiangxi"), 2023).suggested_year() == 2024
    half = tmp_path / "half.csv"
    half.write_text("date,tier,total\n2024-01-05,level1,1\n2024-02-05,level1,1\n2023-03-05,level1,1\n"
                    "2023-12-30,level1,1\n", encoding="utf-8")
    assert import_file(half, rule("jiangxi"), 2023).suggested_year() is None


def test_a_bad_line_lists_every_problem_not_only_the_first(tmp_path, rule):
    """Line 2 has a day that does not exist, a tier Jiangxi lacks and a typo in the amount: all three
    are listed, in column order; line 3 has one problem."""
    path = tmp_path / "three.csv"
    path.write_text("date,tier,total\n2023-02-30,四级,12o\n2023-03-01,level1,5o\n", encoding="utf-8")
    preview = import_file(path, rule("jiangxi"), 2023)
    first, second = preview.bad
    assert [(e.field, e.code) for e in first.problems] == [
        ("date", "no_such_date"), ("tier", "unknown_tier"), ("total", "bad_amount")]
    assert first.error == first.problems[0]
    assert [(e.field, e.code) for e in second.problems] == [("total", "bad_amount")]
