"""Raw tables of spreadsheet files (CSV, .xlsx), before any column means anything: the types, the
header row, a cell as text, and the error of a file that is not a table. No Qt.

``exchange`` gives the columns their meaning; ``xlsx_io`` reads and writes workbooks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

Table = tuple[int, list[str], list[tuple[int, list[object]]]]  # header line, header cells, (line, cells)
Cell = str | Decimal | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def by_lang(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


class ImportFileError(Exception):
    """A file that cannot be imported at all (unreadable, not a table, no visit columns)."""

    TEXTS = {
        "cannot_read": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
        "too_large": ("文件太大（{size} 字节，最多 {limit}）：不像是一个人的就诊记录",
                      "too large ({size} bytes, at most {limit}): not one person's visits"),
        "not_text": ("不是文本文件（既不是 UTF-8 也不是 GB18030 编码）", "not a text file (neither UTF-8 nor GB18030)"),
        "bad_csv": ("第 {line} 行不是有效的 CSV：{reason}", "line {line} is not valid CSV: {reason}"),
        "empty": ("文件是空的：需要一行表头（日期、医疗机构等级、总费用…）",
                  "the file is empty: a header row is needed (date, tier, total …)"),
        "missing_columns": ("第 {line} 行表头缺少必需的列：{columns}（表头：{header}）",
                            "the header in line {line} lacks the required column(s): {columns} (header: {header})"),
        "duplicate_column": ("第 {line} 行表头中“{column}”列出现了两次（{first} 与 {second}）：无法确定用哪一列",
                             "the header in line {line} has the column {column!s} twice ({first} and {second}): "
                             "which one to use is unclear"),
        "bad_xlsx": ("不是可读取的 Excel 工作簿（.xlsx）：{reason}", "not a readable Excel workbook (.xlsx): {reason}"),
        "old_xls": ("旧版 Excel 格式（.xls）无法读取：请在 Excel 中另存为 .xlsx 或 CSV",
                    "old Excel format (.xls) cannot be read: save it as .xlsx or CSV in Excel"),
        "unknown_format": ("无法识别的文件类型 {suffix}：请选择 .csv 或 .xlsx 文件",
                           "unknown file type {suffix}: choose a .csv or .xlsx file"),
    }

    def __init__(self, path: str | Path, code: str, **args: object):
        self.path, self.code, self.args_ = str(path), code, {k: str(v) for k, v in args.items()}
        super().__init__(f"{self.path}: {self.text('en')}")

    def text(self, lang: str = "zh") -> str:
        zh, en = self.TEXTS[self.code]
        return by_lang(lang, zh, en).format(**self.args_)


@dataclass(frozen=True)
class ExportTable:
    header: list[str]
    rows: list[list[Cell]]
    totals: list[Cell]
    money_columns: frozenset[int]
    title: str  # sheet name


def split_header(records: list[tuple[int, list[object]]], shown: str) -> Table:
    """The first non-empty record is the header."""
    for k, (line, cells) in enumerate(records):
        if any(cell_text(c) for c in cells):
            return line, [cell_text(c) for c in cells], records[k + 1:]
    raise ImportFileError(shown, "empty")


def cell_text(value: object) -> str:
    """A cell as text: numbers without float noise, dates as YYYY-MM-DD, booleans as true/false."""
    from datetime import datetime

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= 1e15:  # inf, nan, 1e308: shown as they are, refused later
            return repr(value)
        exact = Decimal(repr(value))
        cents = exact.quantize(Decimal("0.01"))
        # a spreadsheet number is a binary double: 860.5 or 86.05000000000001 both mean fen amounts
        return f"{cents:f}" if abs(exact - cents) < Decimal("0.000001") else f"{exact:f}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:  # the guard of our own CSV export, read back
        text = text[1:]
    return text
