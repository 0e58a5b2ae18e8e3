"""Excel workbooks (.xlsx) through openpyxl: read a visits table, write an export. No Qt."""
from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from .case import atomic_path
from .tables import Cell, ExportTable, ImportFileError, Table, split_header

MONEY_FORMAT = "#,##0.00"
MAX_ROWS = 200_000  # more lines than any year of visits; a runaway sheet is cut, not loaded forever


def read_xlsx_table(path: str | Path) -> Table:
    """The first worksheet as a table: the first non-empty row is the header; lines are Excel row numbers."""
    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ImportFileError(path, "bad_xlsx", reason=f"openpyxl is not installed ({exc})") from None
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(path, "cannot_read", reason=exc.strerror or exc) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: an old .xls saved under another name
        raise ImportFileError(path, "old_xls")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ImportFileError(path, "cannot_read", reason=exc.strerror or exc) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError,
            AttributeError, EOFError) as exc:
        raise ImportFileError(path, "bad_xlsx", reason=str(exc) or type(exc).__name__) from None
    try:
        if not wb.worksheets:
            raise ImportFileError(path, "empty")
        ws = wb.worksheets[0]
        records: list[tuple[int, list[object]]] = []
        for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if line > MAX_ROWS:
                break
            records.append((line, list(values)))
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, EOFError) as exc:
        raise ImportFileError(path, "bad_xlsx", reason=str(exc) or type(exc).__name__) from None
    finally:
        wb.close()
    return split_header(records, str(path))


def _put(ws, row: int, col: int, value: Cell, money: bool):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = MONEY_FORMAT
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = text
        if text.startswith("="):
            cell.data_type = "s"  # typed text, never a formula
    if money and isinstance(value, str):
        from openpyxl.styles import Alignment

        cell.alignment = Alignment(horizontal="right")
    return cell


def write_xlsx(path: str | Path, table: ExportTable, summary: list[tuple[str, Cell]],
               summary_title: str = "Summary") -> None:
    """The visits sheet (header, rows, totals) and a summary sheet; written to a temporary file, then renamed."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = table.title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF5")
    for c, name in enumerate(table.header, start=1):
        cell = _put(ws, 1, c, name, False)
        cell.font, cell.fill = bold, fill
    r = 1
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value, (c - 1) in table.money_columns)
    r += 1
    top = Border(top=Side(style="thin"))
    for c, value in enumerate(table.totals, start=1):
        cell = _put(ws, r, c, value, (c - 1) in table.money_columns)
        cell.font, cell.border = bold, top
    ws.freeze_panes = "A2"
    for c, name in enumerate(table.header, start=1):
        width = max([_width(name)] + [_width(row[c - 1]) for row in table.rows[:500] if c - 1 < len(row)])
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    if summary:
        sheet = wb.create_sheet(summary_title)
        for r, (label, value) in enumerate(summary, start=1):
            _put(sheet, r, 1, label, False).font = bold
            _put(sheet, r, 2, value, isinstance(value, Decimal))
        sheet.column_dimensions["A"].width = 26
        sheet.column_dimensions["B"].width = 70
    _save_atomic(wb, Path(path))


def _width(value: Cell) -> int:
    if value is None:
        return 0
    text = f"{value:,.2f}" if isinstance(value, Decimal) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _save_atomic(wb, path: Path) -> None:
    with atomic_path(path) as tmp:
        wb.save(tmp)
