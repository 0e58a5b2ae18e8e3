"""Visits to and from spreadsheets (CSV and .xlsx): the table logic, without Qt.

Import reads a table (a header row, then one visit a row) whose columns are
named as in DOMAIN.md (``date,tier,total,…``) or as the window shows them in
Chinese or English (``日期,医疗机构等级,总费用,…``), so a file this program
exported comes back in. Cells are kept as typed (``Row`` of strings), with
dates and tier names normalised like a paste; each row is validated like a
typed row, and a bad one is reported with its line and reason, never dropped
silently. Export writes every visit as typed with its computed results, a
totals row, and headers in the UI language.

CSV decoding is ``visits_csv.decode`` (UTF-8 with or without BOM, else GB18030);
``.xlsx`` goes through ``xlsx_io``.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

from .case import Visit, write_atomic
from .engine import note_texts
from .money import MoneyError, fmt, parse_amount
from .rules.schema import RuleFile
from .visits_csv import MAX_FILE_BYTES, FieldError, decode, parse_bool, parse_patient
from .reconcile import ACTUAL_KEYS
from .tables import FORMULA_START, Cell, ExportTable, ImportFileError, Table, by_lang, cell_text, split_header
from .worksheet import (
    Row, RowError, SheetResult, Worksheet, normalize_date, row_problems, row_to_visit, tier_id_for,
)


# --- columns -------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: str  # "date" | "tier" | "money" | "flag" | "exclusion" | "result" | "note"
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return by_lang(lang, self.zh, self.en)


# Input columns, in the table's order; the labels are the window's column titles.
INPUT_COLUMNS: tuple[Column, ...] = (
    # the national platform's settlement fields and slip labels (DOMAIN.md "Real settlements") are aliases:
    # setl_time → date (its time of day dropped), medfee_sumamt → total, fulamt_ownpay_amt → self-funded
    # (plus overlmt_selfpay, see SETTLEMENT_COLUMNS), preselfpay_amt → class-B co-pay
    Column("date", "日期", "Date", "date", ("就诊日期", "结算日期", "visit date", "setl_time", "结算时间")),
    Column("tier", "医疗机构等级", "Tier", "tier", ("等级", "机构等级", "医院等级", "收费类别", "hospital tier")),
    Column("total", "总费用", "Total", "money", ("医疗总费用", "总金额", "费用总额", "total cost",
                                                   "medfee_sumamt", "医疗费总额")),
    Column("self_funded", "全自费", "Self-funded", "money", ("自费", "全自费金额", "self funded",
                                                            "fulamt_ownpay_amt")),
    Column("class_b_copay", "乙类先行自付", "Class-B co-pay", "money", ("乙类自付", "class b co-pay", "class b copay",
                                                                       "preselfpay_amt", "先行自付金额")),
    Column("designated", "定点", "Designated", "flag", ("是否定点", "定点机构")),
    Column("emergency", "急诊抢救", "Emergency", "flag", ("急诊", "是否急诊", "是否急诊抢救")),
    Column("family", "家属", "Family", "flag", ("家庭成员", "家庭共济", "family member")),
    Column("exclusion", "不予支付情形", "Exclusion", "exclusion", ()),
)
# Computed columns: written by export, ignored by import.
RESULT_COLUMNS: tuple[Column, ...] = (
    Column("policy_scope", "政策范围内", "Policy scope", "result", ("政策范围内费用",)),
    Column("deductible", "计入起付", "Deductible", "result", ("计入起付标准",)),
    Column("fund", "统筹支付", "Fund pays", "result", ("统筹基金支付",)),
    Column("self_pay", "个人负担", "Patient pays", "result", ()),
    Column("account_paid", "账户支付", "Account", "result", ("个人账户支付",)),
    Column("cash_paid", "现金支付", "Cash", "result", ()),
    Column("note", "说明", "Notes", "note", ("notes",)),
)
# A real settlement's other fields (DOMAIN.md "Real settlements"): the over-limit self-pay is added to
# the self-funded amount; the rest are the actual figures an estimate is reconciled with.
SETTLEMENT_COLUMNS: tuple[Column, ...] = (
    Column("overlmt_selfpay", "超限价自费费用", "Over-limit self-pay", "money", ()),
    Column("inscp_scp_amt", "符合政策范围金额", "Policy scope (actual)", "actual", ()),
    Column("act_pay_dedc", "实际支付起付线", "Deductible (actual)", "actual", ()),
    Column("hifp_pay", "统筹基金支出", "Fund (actual)", "actual", ("基本医疗保险统筹基金支出",)),
    Column("acct_pay", "个人账户支出", "Account (actual)", "actual", ()),
    Column("psn_cash_pay", "个人现金支出", "Cash (actual)", "actual", ()),
    Column("acct_mulaid_pay", "个人账户共济支付金额", "Account mutual aid (actual)", "actual", ()),
)
# written beside the actual figures when a case has imported settlements; ignored by import
DIFFERENCE_COLUMN = Column("difference", "差额", "Difference", "result", ("差额（测算−实际）",))
_COMPUTED_EXTRA = ("序号", "no.", "no", "#", "line", "行")  # a leading counter column is not data
TOTALS_LABELS = {"zh": "合计", "en": "Total"}
_TOTALS_WORDS = {"合计", "总计", "total", "totals"}

_YES = {"zh": "是", "en": "yes"}
_NO = {"zh": "否", "en": "no"}


def _norm(name: object) -> str:
    return " ".join(str(name or "").replace("\ufeff", "").replace("_", " ").split()).lower()


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for col in INPUT_COLUMNS + SETTLEMENT_COLUMNS + RESULT_COLUMNS + (DIFFERENCE_COLUMN,):
        for name in (col.key, col.zh, col.en, *col.aliases):
            index.setdefault(_norm(name), col.key)
    index["patient"] = "patient"  # the visits CSV's self/family column
    return index


# --- import --------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedRow:
    """One data line of the file: the row as it will go into the table, or why it cannot."""

    line: int
    cells: tuple[str, ...]  # the line's cells as read (for the preview)
    row: Row | None  # None: not representable as typed (e.g. a flag that is neither yes nor no)
    error: RowError | None  # None: a valid visit for this case
    actual: tuple[tuple[str, str], ...] = ()  # a real settlement's figures (ACTUAL_KEYS) as read, non-empty ones
    problems: tuple[RowError, ...] = ()  # every problem of the line (``error`` is the first), for the preview

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ImportPreview:
    path: str
    year: int
    rows: tuple[ImportedRow, ...]
    ignored_columns: tuple[str, ...] = ()
    years: dict[int, int] = field(default_factory=dict)  # year → rows with a readable date in it

    @property
    def good(self) -> list[ImportedRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[ImportedRow]:
        return [r for r in self.rows if not r.ok]

    def suggested_year(self) -> int | None:
        """The year most readable dates (more than half) fall in, when it is not the case's year."""
        total = sum(self.years.values())
        if not total:
            return None
        year, count = max(self.years.items(), key=lambda yc: (yc[1], yc[0]))
        return year if year != self.year and count * 2 > total else None


def read_table(path: str | Path) -> Table:
    """The raw table of a .csv or .xlsx file; raises :class:`ImportFileError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(path, "cannot_read", reason=exc.strerror or exc) from None
    if size > MAX_FILE_BYTES:  # checked before reading
        raise ImportFileError(path, "too_large", size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}")
    if suffix in (".xlsx", ".xlsm"):
        from .xlsx_io import read_xlsx_table

        return read_xlsx_table(path)
    if suffix == ".xls":
        raise ImportFileError(path, "old_xls")
    if suffix not in (".csv", ".txt", ".tsv", ""):
        raise ImportFileError(path, "unknown_format", suffix=suffix)
    return read_csv_table(path)


def read_csv_table(path: str | Path) -> Table:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(path, "cannot_read", reason=exc.strerror or exc) from None
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise ImportFileError(path, "not_text") from None
    if "\x00" in text:
        raise ImportFileError(path, "not_text")
    return csv_table_from_text(text, str(path))


def csv_table_from_text(text: str, shown: str = "<csv>") -> Table:
    delimiter = "\t" if Path(shown).suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[tuple[int, list[object]]] = []
    try:
        for record in reader:
            records.append((reader.line_num, list(record)))
    except csv.Error as exc:
        raise ImportFileError(shown, "bad_csv", line=reader.line_num, reason=exc) from None
    return split_header(records, shown)


def _money_text(value: object) -> str:
    """A number cell of an amount column as yuan with two decimals (320 → "320.00"); text stays as typed."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = cell_text(value)
        try:
            return fmt(parse_amount(text)) or text
        except MoneyError:
            return text
    return cell_text(value)


def _label_to_id(text: str, options: Iterable[tuple[str, Sequence[str]]]) -> str:
    value = text.strip().lower()
    for ident, names in options:
        if value == ident.lower() or value in (n.lower() for n in names):
            return ident
    return text.strip()


def exclusion_id_for(text: str, region: RuleFile | None) -> str:
    """An exclusion id from an id or its label in either language."""
    if region is None or not text.strip():
        return text.strip()
    return _label_to_id(text, ((x.id, (x.label.zh, x.label.en)) for v in region.versions for x in v.exclusions))


def preview_import(table: Table, region: RuleFile | None, year: int, path: str | Path = "") -> ImportPreview:
    """Validate every data line of *table* for a case of *region* and *year*."""
    header_line, header, records = table
    index = _header_index()
    keys: list[str | None] = []
    ignored: list[str] = []
    for name in header:
        key = index.get(_norm(name))
        if key is None and _norm(name) and _norm(name) not in _COMPUTED_EXTRA:
            ignored.append(name)
        if key is not None and key in keys:  # `total,total` (or 总费用 and total): refused, never last-one-wins
            raise ImportFileError(path, "duplicate_column", line=header_line, column=key,
                                  first=header[keys.index(key)], second=name)
        keys.append(key)
    missing = [c for c in ("date", "tier", "total") if c not in keys]
    if missing:
        labels = {c.key: c for c in INPUT_COLUMNS}
        raise ImportFileError(path, "missing_columns", line=header_line,
                              columns=", ".join(f"{labels[m].zh}/{m}" for m in missing),
                              header=", ".join(header))
    wanted = {c.key for c in INPUT_COLUMNS + SETTLEMENT_COLUMNS} | {"patient"}
    money_keys = {c.key for c in INPUT_COLUMNS + SETTLEMENT_COLUMNS if c.kind in ("money", "actual")}
    rows: list[ImportedRow] = []
    years: Counter[int] = Counter()
    for line, raw in records:
        cells = tuple(_money_text(c) if k < len(keys) and keys[k] in money_keys else cell_text(c)
                      for k, c in enumerate(raw))
        if not any(cells):
            continue
        values: dict[str, str] = {}
        for k, key in enumerate(keys):
            if key in wanted and key not in values:
                values[key] = cells[k] if k < len(cells) else ""
        first = next(c for c in cells if c)
        if first.lower() in _TOTALS_WORDS and not values.get("tier"):
            continue  # the totals row of an export ("合计" under the date, no tier)
        values["date"] = _date_part(values.get("date", ""))
        actual = tuple((k, values[k].strip()) for k in ACTUAL_KEYS if values.get(k, "").strip())
        row, error = _row_from_values(values, region, year, actual)
        extra = [c for c in cells[len(header):] if c]
        if extra and error is None:  # cells beyond the header would be dropped without a word
            error = RowError("", "extra_cells", (("columns", str(len(header))), ("count", str(len(cells)))))
        try:
            years[date.fromisoformat(normalize_date(values.get("date", ""), year)).year] += 1
        except ValueError:
            pass
        item = ImportedRow(line, cells, row, error, actual)
        rows.append(replace(item, problems=tuple(line_problems(item, region, year))) if error else item)
    return ImportPreview(str(path), year, tuple(rows), tuple(ignored), dict(years))


def _date_part(text: str) -> str:
    """The date of a settlement time (``2023-03-01 10:20:30`` as the platform writes it); else the text."""
    day, sep, clock = text.strip().partition(" ")
    if sep and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?", clock.strip()):
        return day
    return text


def _self_funded(values: dict[str, str]) -> tuple[str, RowError | None]:
    """全自费 plus 超限价自费 (fulamt_ownpay_amt + overlmt_selfpay) when the file has the latter."""
    own, over = values.get("self_funded", "").strip(), values.get("overlmt_selfpay", "").strip()
    if not over:
        return own, None
    try:
        extra = parse_amount(over, field="overlmt_selfpay")
    except MoneyError:
        return own, RowError("overlmt_selfpay", "bad_amount", (("value", over[:24]),))
    try:
        base = parse_amount(own or "0", field="self_funded")
    except MoneyError:
        return own, None  # the self-funded cell's own error is reported
    return fmt(base + extra) or "0.00", None


def _row_from_values(values: dict[str, str], region: RuleFile | None, year: int,
                     actual: tuple[tuple[str, str], ...] = ()) -> tuple[Row | None, RowError | None]:
    """The row as typed (dates and names normalised like a paste) and what is wrong with it.

    A flag that is neither yes nor no cannot be kept in the table (a tick box):
    such a row has no ``row`` and is to be fixed in the file.
    """
    get = lambda k: values.get(k, "").strip()  # noqa: E731
    flags: dict[str, bool] = {}
    flag_error: RowError | None = None
    for col in INPUT_COLUMNS:
        if col.kind != "flag":
            continue
        default = Row.__dataclass_fields__[col.key].default
        try:
            if col.key == "family" and not get("family") and get("patient"):
                flags[col.key] = parse_patient(get("patient")) == "family"
            else:
                flags[col.key] = parse_bool(get(col.key), col.key) if get(col.key) else default
        except FieldError as exc:
            flags[col.key] = default
            flag_error = flag_error or RowError.of(exc)
    self_funded, sum_error = _self_funded(values)
    row = Row(
        date=normalize_date(get("date"), year), tier=tier_id_for(get("tier"), region), total=get("total"),
        self_funded=self_funded, class_b_copay=get("class_b_copay"),
        exclusion=exclusion_id_for(get("exclusion"), region), actual=actual, **flags,
    )
    if flag_error is not None:
        return None, flag_error
    if sum_error is not None:
        return row, sum_error
    checked = row_to_visit(row, year, region)
    return row, (checked if isinstance(checked, RowError) else None)


def line_problems(item: ImportedRow, region: RuleFile | None, year: int) -> list[RowError]:
    """Every problem of an imported line (the preview lists them all, not only the first)."""
    if item.error is None:
        return []
    if item.row is None or item.error.field == "":
        return [item.error]
    problems = row_problems(item.row, year, region)
    return problems if item.error in problems else [item.error, *problems]


def import_file(path: str | Path, region: RuleFile | None, year: int) -> ImportPreview:
    return preview_import(read_table(path), region, year, path)


# --- export --------------------------------------------------------------------------



def _amount_cell(text: str) -> Cell:
    if not text.strip():
        return None
    try:
        return parse_amount(text, field="amount")
    except MoneyError:
        return text  # kept as typed: the reader sees what is wrong


def export_table(sheet: Worksheet, result: SheetResult | None, region: RuleFile | None, lang: str = "zh") -> ExportTable:
    """Every visit as typed (in table order) with its computed results, then a totals row; a case
    with imported settlements also gets their actual figures and the difference, beside the estimate."""
    actual_cols = tuple(c for c in SETTLEMENT_COLUMNS if c.kind == "actual")
    reconciled = any(row.actual for row in sheet.rows)
    columns = INPUT_COLUMNS + RESULT_COLUMNS + ((*actual_cols, DIFFERENCE_COLUMN) if reconciled else ())
    header = [c.label(lang) for c in columns]
    pos = {c.key: k for k, c in enumerate(columns)}
    money = frozenset(k for k, c in enumerate(columns) if c.kind in ("money", "result", "actual"))
    est = result.estimate if result else None
    payments = est.account.payments if est is not None and est.account is not None else {}
    errors = result.row_errors if result else {}
    rows: list[list[Cell]] = []
    computed = 0
    sums = {"self_funded": Decimal(0), "class_b_copay": Decimal(0), "account_paid": Decimal(0),
            "cash_paid": Decimal(0)}
    paid_any = False
    for i, row in enumerate(sheet.rows):
        if row.is_blank():
            continue
        out: list[Cell] = [None] * len(columns)
        for col in INPUT_COLUMNS:
            value = getattr(row, col.key)
            if col.kind == "money":
                cell: Cell = _amount_cell(value)
            elif col.kind == "flag":
                cell = (_YES if value else _NO)[_lang(lang)]
            elif col.kind == "tier":
                tier = region.tier(value) if region else None
                cell = tier.label.get(lang) if tier else value
            elif col.kind == "exclusion":
                cell = next((x.label.get(lang) for v in (region.versions if region else ()) for x in v.exclusions
                             if x.id == value), value) if value else None
            else:
                cell = value
            out[pos[col.key]] = cell
        for key, text in row.actual if reconciled else ():
            out[pos[key]] = _amount_cell(text)
        rec = result.reconciliation.get(i) if result and reconciled else None
        if rec is not None and rec.difference is not None:
            out[pos["difference"]] = rec.difference
        res = result.by_row.get(i) if result else None
        if res is not None:
            computed += 1
            for key in ("policy_scope", "deductible", "fund", "self_pay"):
                out[pos[key]] = getattr(res, key)
            pay = payments.get(i)
            if pay is not None:
                out[pos["account_paid"]], out[pos["cash_paid"]] = pay.account, pay.cash
                sums["account_paid"] += pay.account
                sums["cash_paid"] += pay.cash
                paid_any = True
            out[pos["note"]] = by_lang(lang, "；", "; ").join(note_texts(res, region, lang)) if region else ""
            sums["self_funded"] += res.visit.self_funded
            sums["class_b_copay"] += res.visit.class_b_copay
        else:
            err = errors.get(i)
            why = err.text(lang) if err else ((result.case_error_text(lang) or "") if result else "")
            out[pos["note"]] = by_lang(lang, "未计算：", "not computed: ") + why
        rows.append(out)
    totals: list[Cell] = [None] * len(columns)
    totals[0] = TOTALS_LABELS[_lang(lang)]
    if est is not None:
        t = est.totals
        totals[pos["total"]] = t.total
        totals[pos["policy_scope"]] = t.policy_scope
        totals[pos["deductible"]] = t.deductible_met
        totals[pos["fund"]] = t.fund
        totals[pos["self_pay"]] = t.self_pay
        totals[pos["self_funded"]] = sums["self_funded"]
        totals[pos["class_b_copay"]] = sums["class_b_copay"]
        if paid_any:
            totals[pos["account_paid"]] = sums["account_paid"]
            totals[pos["cash_paid"]] = sums["cash_paid"]
    if len(rows) > computed:
        n = len(rows) - computed
        totals[pos["note"]] = by_lang(lang, f"不含 {n} 条未计算的记录", f"excludes {n} visit(s) not computed")
    return ExportTable(header, rows, totals, money, by_lang(lang, "就诊记录", "Visits"))


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"




def _csv_cell(value: Cell) -> str:
    """A cell for the CSV; a text Excel would run as a formula (``=…``, ``+…``, ``-…``, ``@…``, a tab
    or CR first) gets a leading ``'`` (OWASP, CSV injection). Amounts are numbers and stay as they are."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value) or ""
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_to_csv(table: ExportTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_cell(c) for c in row])
    writer.writerow([_csv_cell(c) for c in table.totals])
    return out.getvalue()


def write_csv(path: str | Path, table: ExportTable) -> None:
    """UTF-8 with a BOM (so Excel shows the Chinese), written atomically."""
    write_atomic(path, "\ufeff" + table_to_csv(table))


def write_export(path: str | Path, sheet: Worksheet, result: SheetResult | None, region: RuleFile | None,
                 lang: str = "zh", summary: list[tuple[str, Cell]] | None = None) -> None:
    """Export to .xlsx or .csv by the file's suffix."""
    table = export_table(sheet, result, region, lang)
    if Path(path).suffix.lower() == ".xlsx":
        from .xlsx_io import write_xlsx

        write_xlsx(path, table, summary or [], by_lang(lang, "测算汇总", "Summary"))
    else:
        write_csv(path, table)


def visits_of(rows: Iterable[Row], year: int, region: RuleFile | None) -> list[Visit]:
    """The valid visits among *rows* (for comparing imports)."""
    return [v for r in rows for v in [row_to_visit(r, year, region)] if isinstance(v, Visit)]


# --- the command line's reader ---------------------------------------------------------

def _is_domain_csv(path: Path) -> bool:
    """A CSV whose header uses DOMAIN.md's visits-CSV names (and no other name the import knows): read by
    that contract, as always."""
    from .visits_csv import COLUMNS

    if path.suffix.lower() not in (".csv", ".txt", ""):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(64_000)
        first = next(csv.reader(io.StringIO(decode(head).splitlines()[0] if head.strip() else "")), [])
    except (OSError, UnicodeDecodeError, csv.Error, IndexError):
        return True  # the contract reader says what is wrong with it
    names = [h.strip().lstrip("\ufeff").lower() for h in first]
    # only a header naming something the contract does not (a table title, a settlement field) is the
    # window's kind of file; any other, an empty file or a typo included, gets the contract's own message
    index = _header_index()
    return not any(n not in COLUMNS and _norm(n) in index for n in names)


def read_visits_file(path: str | Path, region: RuleFile, year: int):
    """Visits for the command line, from any file the window reads too.

    DOMAIN.md's visits CSV (only its column names) is read by its contract (``visits_csv``:
    ``YYYY-MM-DD`` dates, the same errors as ever). Any other header — the window's export in
    Chinese or English, a workbook, a settlement record with the platform's field names or the
    slip labels — goes through the import reader above, with its date and tier forms. Returns
    ``(rows, actual, ignored)``: ``CsvRow``s, the actual settlement amounts by line (platform names →
    ``Decimal``), and the columns nobody reads (a hospital system's export has many more fields: they
    are listed, as the import preview lists them, not refused). Raises ``VisitsFileError`` (file, line,
    field) for the first problem.
    """
    from .visits_csv import CsvRow, VisitsFileError, read_visits

    path = Path(path)
    shown = str(path)
    if _is_domain_csv(path):
        return read_visits(path), {}, ()
    try:
        preview = import_file(path, region, year)
    except ImportFileError as exc:
        raise VisitsFileError(shown, None, None, exc.text("en")) from None
    rows: list = []
    actual: dict[int, dict[str, Decimal]] = {}
    for r in preview.rows:
        if r.error is not None:
            raise VisitsFileError(shown, r.line, r.error.field or None, r.error.text("en"))
        visit = row_to_visit(r.row, year, region) if r.row is not None else None
        if not isinstance(visit, Visit):  # not reached: a row without an error is a visit
            raise VisitsFileError(shown, r.line, None, "not a visit")
        amounts: dict[str, Decimal] = {}
        for key, text in r.actual:
            try:
                amounts[key] = parse_amount(text, field=key)
            except MoneyError as exc:
                raise VisitsFileError(shown, r.line, key, str(exc).partition(": ")[2] or str(exc)) from None
        if amounts:
            actual[r.line] = amounts
        rows.append(CsvRow(r.line, visit))
    return rows, actual, preview.ignored_columns
