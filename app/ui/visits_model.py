"""The visits table: a QAbstractTableModel over the worksheet rows and their settlement."""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack

from app.core.engine import ByIndex, note_texts
from app.core.money import fmt_grouped
from app.core.rules.schema import RuleFile
from app.core.worksheet import Row, SheetResult, Worksheet, normalize_date, tier_id_for

from .commands import InsertRowsCommand, RemoveRowsCommand, SetCellCommand
from .i18n import N_, translator


CONTEXT = "VisitsModel"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # Chinese source text, translated at display time
    editable: bool
    kind: str  # "text" | "date" | "tier" | "money" | "flag" | "exclusion" | "result"


COLUMNS: tuple[Column, ...] = (
    Column("date", N_("日期"), True, "date"),
    Column("tier", N_("医疗机构等级"), True, "tier"),
    Column("total", N_("总费用"), True, "money"),
    Column("self_funded", N_("全自费"), True, "money"),
    Column("class_b_copay", N_("乙类先行自付"), True, "money"),
    Column("designated", N_("定点"), True, "flag"),
    Column("emergency", N_("急诊抢救"), True, "flag"),
    Column("family", N_("家属"), True, "flag"),
    Column("exclusion", N_("不予支付情形"), True, "exclusion"),
    Column("policy_scope", N_("政策范围内"), False, "result"),
    Column("deductible", N_("计入起付"), False, "result"),
    Column("fund", N_("统筹支付"), False, "result"),
    Column("self_pay", N_("个人负担"), False, "result"),
    Column("account_paid", N_("账户支付"), False, "result"),
    Column("cash_paid", N_("现金支付"), False, "result"),
    # imported real settlements (对账): shown only while some row has actual figures
    Column("actual_fund", N_("实际统筹支付"), False, "result"),
    Column("difference", N_("差额"), False, "result"),
    Column("note", N_("说明"), False, "result"),
)
RECONCILIATION_COLUMNS = ("actual_fund", "difference")
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
# Enter walks these columns, then moves to the next row
ENTER_PATH = ("date", "tier", "total")

_TOOLTIPS = {
    "date": N_("就诊日期：可写 2023-02-10、2023/2/10、20230210、2023年2月10日，本年度内也可写 2-10、0210、2月10日；F4 打开日历"),
    "tier": N_("就诊机构的等级或收费类别（外配处方按开方机构）：输入序号 1、2、3，或名称、简称（如 一级、三甲、一类、社区）"),
    "total": N_("本次医疗总费用（元）"),
    "self_funded": N_("目录外全自费金额（元），统筹基金不支付"),
    "class_b_copay": N_("乙类项目先行自付部分（元），不计入政策范围"),
    "designated": N_("是否在定点医药机构就医"),
    "emergency": N_("是否急诊抢救（部分地区非定点急诊抢救可支付）"),
    "exclusion": N_("本地区规定的不予支付情形（如工伤、第三人负担）"),
    "family": N_("家庭成员就医、由本人个人账户支付（家庭共济）：统筹不支付，不计入起付标准"),
    "account_paid": N_("个人负担中由个人账户支付的部分（按月划入后的余额）"),
    "cash_paid": N_("个人负担中账户不足、需现金支付的部分"),
    "policy_scope": N_("政策范围内费用 = 总费用 − 全自费 − 乙类先行自付"),
    "deductible": N_("本次计入起付标准的金额"),
    "fund": N_("统筹基金支付"),
    "self_pay": N_("个人负担 = 总费用 − 统筹支付（个人账户或现金）"),
    "note": N_("本次结算的说明"),
    "actual_fund": N_("导入的结算记录中实际的统筹基金支出"),
    "difference": N_("差额 = 测算统筹支付 − 实际统筹支付；可能原因见结算过程"),
}

INVALID_BG = QColor("#fde2e1")
RESULT_BG = QColor("#f4f6f8")
EXCLUDED_FG = QColor("#8a8f98")
_INVALID_BRUSH, _RESULT_BRUSH, _EXCLUDED_BRUSH = QBrush(INVALID_BG), QBrush(RESULT_BG), QBrush(EXCLUDED_FG)

_DISPLAY, _EDIT, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole
_ALIGN, _BACKGROUND = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole
_FOREGROUND, _CHECK = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.CheckStateRole


def _text_width(text: str) -> int:
    """About how many digits wide *text* is: a CJK character is about two."""
    return len(text) if text.isascii() else len(text) + sum(not ch.isascii() for ch in text)


def _alignment(col: Column) -> int:
    if col.kind == "money" or (col.kind == "result" and col.key != "note"):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if col.kind == "flag":
        return int(Qt.AlignmentFlag.AlignCenter)
    return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _flags(col: Column) -> Qt.ItemFlag:
    base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if col.kind == "flag":
        return base | Qt.ItemFlag.ItemIsUserCheckable
    return base | Qt.ItemFlag.ItemIsEditable if col.editable else base


_ALIGNMENT = tuple(_alignment(c) for c in COLUMNS)
_FLAGS = tuple(_flags(c) for c in COLUMNS)


class VisitsModel(QAbstractTableModel):
    """Rows as typed plus computed columns; edits become undo commands."""

    edited = Signal()  # the worksheet changed: recompute
    MAX_SIGNALS = 16  # dataChanged signals for one new result, at most (see _refresh)

    def __init__(self, sheet: Worksheet, undo: QUndoStack, parent=None):
        super().__init__(parent)
        self.sheet = sheet
        self.undo = undo
        self.region: RuleFile | None = None
        self.result: SheetResult | None = None
        self.lang = "zh"
        # what data() serves, prepared once per row when first asked for: per column, role → value
        self._cells: list[list[dict[int, Any]] | None] = []
        self._signatures: list[tuple] = []  # per row, what its cells were prepared from
        self._shared: tuple = ()  # what every row's cells depend on (rules, language, result, case error)
        self.rows_changed: list[int] | None = None  # the rows the last result changed (None: maybe all)
        self.rows_retyped: list[int] | None = None  # of those, the rows whose typed cells changed

    # --- set-up -----------------------------------------------------------------------
    def reset(self, sheet: Worksheet, region: RuleFile | None, result: SheetResult | None) -> None:
        self.beginResetModel()
        self.sheet, self.region, self.result = sheet, region, result
        self._forget_all()
        self.endResetModel()

    def set_result(self, region: RuleFile | None, result: SheetResult) -> None:
        """Show *result*; ``dataChanged`` only for the rows whose cells it changes."""
        self.region, self.result = region, result
        self._refresh()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._refresh()

    # --- the prepared cells -------------------------------------------------------------
    def _shared_signature(self) -> tuple:
        res = self.result
        return (self.region, self.lang, res is None, res.case_error if res is not None else None)

    def _row_signer(self):
        """The signature of a row as a function of the row number, its lookups made once (for a whole table).

        Everything row *r*'s cells are made from: the row as typed, its settlement, its account
        payment, reconciliation and error. The settlement by identity (``id`` first, so that a new
        one is told apart without comparing it field by field): the worksheet's settler hands back
        the same result for a visit settled from the same year-to-date sums, and a new one otherwise;
        while the signature holds the old result, no new object can have its ``id``."""
        rows, res = self.sheet.rows, self.result
        if res is None:
            return lambda r: (rows[r],)
        visit_of = res.by_row.get
        account = res.estimate.account if res.estimate is not None else None
        payment_of = account.payments.get if account is not None else (lambda r: None)
        reconciliation_of, error_of = res.reconciliation.get, res.row_errors.get

        def sign(r: int) -> tuple:
            visit = visit_of(r)
            return (rows[r], id(visit), payment_of(r), reconciliation_of(r), error_of(r), visit)
        return sign

    def _forget_all(self) -> None:
        n = len(self.sheet.rows)
        self._cells = [None] * n
        self._signatures = list(map(self._row_signer(), range(n)))
        self._shared = self._shared_signature()

    def _forget_later(self) -> None:
        """Rows were inserted or removed: every row is prepared again when next asked for."""
        self._cells, self._signatures = [], []

    def _refresh(self) -> None:
        """Forget the cells of the rows whose signature changed and repaint those rows only."""
        n = len(self.sheet.rows)
        shared = self._shared_signature()
        if shared != self._shared or len(self._signatures) != n:
            self._forget_all()
            self.rows_changed = self.rows_retyped = None
            if n:
                self.dataChanged.emit(self.index(0, 0), self.index(n - 1, len(COLUMNS) - 1))
            return
        runs: list[list[int]] = []  # [first, last] of each run of changed rows
        signatures, cells = self._signatures, self._cells
        self.rows_retyped = []
        sign = self._row_signer()
        for r in range(n):
            signature = sign(r)
            if signature != signatures[r]:
                if signature[0] is not signatures[r][0] and signature[0] != signatures[r][0]:  # Row: immutable
                    self.rows_retyped.append(r)
                signatures[r] = signature
                cells[r] = None
                if runs and runs[-1][1] == r - 1:
                    runs[-1][1] = r
                else:
                    runs.append([r, r])
        self.rows_changed = [r for first, end in runs for r in range(first, end + 1)]
        if len(runs) > self.MAX_SIGNALS:  # changed rows all over the table: one signal from the first to the
            runs = [[runs[0][0], runs[-1][1]]]  # last (the rows between are repainted from their prepared cells)
        last = len(COLUMNS) - 1
        for first, end in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def _prepare(self, r: int) -> list[dict[int, Any]]:
        row = self.sheet.rows[r]
        res = self.result.by_row.get(r) if self.result is not None else None
        excluded = res is not None and bool(res.excluded)
        tier = self.region.tier(row.tier) if self.region is not None else None
        cells = []
        for c, col in enumerate(COLUMNS):
            display = self._display(r, row, col)
            error = self.cell_error(r, col.key)
            cell: dict[int, Any] = {_DISPLAY: display, _ALIGN: _ALIGNMENT[c],
                                    _EDIT: getattr(row, col.key) if col.editable else display}
            if error is not None:
                cell[_BACKGROUND] = _INVALID_BRUSH
                cell[_TOOLTIP] = error
            else:
                if not col.editable:
                    cell[_BACKGROUND] = _RESULT_BRUSH
                if col.key == "note":
                    cell[_TOOLTIP] = display or None
                elif col.kind == "tier" and tier is not None:
                    cell[_TOOLTIP] = tier.description.get(self.lang)
            if col.kind == "flag":
                cell[_CHECK] = Qt.CheckState.Checked if getattr(row, col.key) else Qt.CheckState.Unchecked
            if col.kind == "result" and excluded:
                cell[_FOREGROUND] = _EXCLUDED_BRUSH
            cells.append(cell)
        self._cells[r] = cells
        return cells

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.sheet.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            col = COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(col.title)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr(_TOOLTIPS[col.key])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS[index.column()] if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called some thousand times a frame: the cells prepared for the row, by column and role
        r = index.row()
        if not 0 <= r < len(self._cells) or len(self._cells) != len(self.sheet.rows):
            if not index.isValid() or not 0 <= r < len(self.sheet.rows):
                return None
            self._forget_all()  # the rows changed under the model: prepare them afresh
        cells = self._cells[r]
        if cells is None:
            cells = self._prepare(r)
        return cells[index.column()].get(role)

    def _display(self, r: int, row: Row, col: Column) -> str:
        if col.kind == "flag":
            return ""
        if col.kind == "tier":
            tier = self.region.tier(row.tier) if self.region else None
            return tier.label.get(self.lang) if tier else row.tier
        if col.kind == "exclusion":
            if not row.exclusion:
                return ""
            label = next((x.label.get(self.lang) for v in (self.region.versions if self.region else ())
                          for x in v.exclusions if x.id == row.exclusion), None)
            return label or row.exclusion
        if col.kind == "result":
            res = self.result.by_row.get(r) if self.result else None
            if res is None:
                if col.key == "note" and not row.is_blank():
                    err = self.result.row_errors.get(r) if self.result else None
                    if err is not None:
                        return tr("未计算：有无效单元格")
                    if self.result is not None and self.result.case_error:
                        return tr("未计算：案例信息不完整")
                return ""
            if col.key == "note":
                return "；".join(note_texts(res, self.region, self.lang)) if self.region else ""
            if col.key in ("account_paid", "cash_paid"):
                account = self.result.estimate.account if self.result and self.result.estimate else None
                pay = account.payments.get(r) if account else None
                if pay is None:
                    return "—"
                return fmt_grouped(pay.account if col.key == "account_paid" else pay.cash)
            if col.key in RECONCILIATION_COLUMNS:
                rec = self.result.reconciliation.get(r) if self.result else None
                value = (rec.actual.fund if col.key == "actual_fund" else rec.difference) if rec else None
                return "" if value is None else fmt_grouped(value)
            return fmt_grouped(getattr(res, col.key))
        return getattr(row, col.key)

    def widest_texts(self, column: int, changed_only: bool = False) -> list[str]:
        """The texts most likely to be the widest in *column* (for fitting it): the longest typed
        texts, the tier labels, or the largest figure of a result column. Not the note column.
        *changed_only*: only the cells the last result changed (``rows_changed``, ``rows_retyped``)."""
        col = COLUMNS[column]
        among = (self.rows_changed if col.kind == "result" else self.rows_retyped) if changed_only else None
        n = len(self.sheet.rows)
        if among is None:
            indices = range(n)
        else:  # ascending row numbers; rows removed since are left out
            indices = among if not among or among[-1] < n else [r for r in among if r < n]
        if col.kind == "result":
            if self.result is None:
                return []
            if col.key in ("account_paid", "cash_paid"):
                account = self.result.estimate.account if self.result.estimate else None
                payments = account.payments if account else {}
                chosen = payments.values() if among is None else [payments[r] for r in indices if r in payments]
                values = [getattr(p, "account" if col.key == "account_paid" else "cash") for p in chosen]
            elif col.key in RECONCILIATION_COLUMNS:
                recs = self.result.reconciliation
                chosen = recs.values() if among is None else [recs[r] for r in indices if r in recs]
                values = [v for rec in chosen for v in [rec.actual.fund if col.key == "actual_fund" else rec.difference]
                          if v is not None]
                return [fmt_grouped(v) for v in (max(values), min(values))] if values else []
            else:
                by_row = self.result.by_row
                if not isinstance(by_row, ByIndex):  # no estimate: nothing settled
                    return ["—"]
                largest = by_row.largest(col.key, None if among is None else indices)
                return [fmt_grouped(largest), "—"] if largest is not None else ["—"]
            return [fmt_grouped(max(values)), "—"] if values else ["—"]
        rows = [self.sheet.rows[r] for r in indices] if among is not None else self.sheet.rows
        if col.kind == "tier":
            names = {t.id: t.label.get(self.lang) for t in (self.region.tiers if self.region else ())}
            texts = set(names.values()) | {r.tier for r in rows if r.tier not in names}
        elif col.kind == "exclusion":
            texts = {self._display(i, r, col) for i, r in zip(indices, rows) if r.exclusion}
        else:
            texts = {getattr(r, col.key) for r in rows}
            return heapq.nlargest(5, texts, key=_text_width)
        return list(texts)

    def cell_error(self, r: int, key: str) -> str | None:
        if self.result is None:
            return None
        err = self.result.row_errors.get(r)
        if err is not None and err.field == key:
            return describe_error(err.field, err.text(self.lang), self.lang)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = COLUMNS[index.column()]
        if col.kind == "flag" and role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        elif role != Qt.ItemDataRole.EditRole or not col.editable:
            return False
        row = self.sheet.rows[index.row()]
        if col.kind != "flag":
            value = "" if value is None else str(value).strip()
        # read as paste and import read a cell: a date form → YYYY-MM-DD, a tier name → its id;
        # anything else stays exactly as typed
        if col.kind == "date":
            value = normalize_date(value, self.sheet.person.year)
        elif col.kind == "tier":
            value = tier_id_for(value, self.region)
        if getattr(row, col.key) == value:
            return False
        self.undo.push(SetCellCommand(self, index.row(), col.key, value,
                                      tr("编辑第 %1 行 %2").replace("%1", str(index.row() + 1)).replace("%2", tr(col.title))))
        return True

    # --- mutations (called by the undo commands only) -----------------------------------
    def replace_row(self, r: int, row: Row) -> None:
        if r >= len(self.sheet.rows):  # an empty last row Escape removed, redone into
            self.insert_rows(len(self.sheet.rows), [Row()] * (r + 1 - len(self.sheet.rows)))
        self.sheet.rows[r] = row
        if len(self._cells) == len(self.sheet.rows):
            self._cells[r] = None  # (its old signature stays: the next result counts it as changed)
        self.edited.emit()  # settled again first (set_result): the row is prepared once, with its figures
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row at once (a change of region re-reading the tiers), same count."""
        self.sheet.rows[:] = rows
        self._forget_all()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))

    def insert_rows(self, position: int, rows: list[Row]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self.sheet.rows[position:position] = rows
        self._forget_later()
        self.endInsertRows()
        self.edited.emit()

    def remove_rows(self, indices: list[int]) -> None:
        for i in sorted(set(indices), reverse=True):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.sheet.rows[i]
            self._forget_later()
            self.endRemoveRows()
        self.edited.emit()

    # --- user actions -------------------------------------------------------------------
    def append_row(self) -> int:
        """Add an empty row at the end (or reuse an empty last row); returns its index.

        Not an undo step: an empty row holds nothing typed (it is neither saved nor
        settled), so Ctrl+Z right after typing an amount undoes the amount, not the
        row Enter opened. Being last, it never shifts the rows other commands name.
        Nothing is pre-filled: every cell of a new row is what the user types.
        """
        if self.sheet.rows and self.sheet.rows[-1].is_blank():
            return len(self.sheet.rows) - 1
        self.insert_rows(len(self.sheet.rows), [Row()])
        return len(self.sheet.rows) - 1

    def drop_blank_last_row(self) -> bool:
        """Remove the last row if nothing is typed in it (Escape on a new row); not an undo step."""
        if self.sheet.rows and self.sheet.rows[-1] == Row():
            self.remove_rows([len(self.sheet.rows) - 1])
            return True
        return False

    def insert_rows_undoable(self, position: int, rows: list[Row], text: str) -> None:
        if rows:
            self.undo.push(InsertRowsCommand(self, position, rows, text))

    def delete_rows(self, indices: list[int]) -> None:
        if indices:
            self.undo.push(RemoveRowsCommand(self, indices, tr("删除 %1 条就诊记录").replace("%1", str(len(set(indices))))))


_FIELD_NAMES = {
    "date": N_("日期"), "tier": N_("医疗机构等级"), "total": N_("总费用"), "self_funded": N_("全自费"),
    "class_b_copay": N_("乙类先行自付"), "exclusion": N_("不予支付情形"),
}


def describe_error(field: str, message: str, lang: str) -> str:
    """A cell error for the tooltip and the status bar: the column name and the reason."""
    name = tr(_FIELD_NAMES.get(field, field))
    return f"{name}：{message}" if lang != "en" else f"{name}: {message}"
