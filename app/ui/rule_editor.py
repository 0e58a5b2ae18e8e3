"""The rule editor (File → 地区规则… → Edit / New from…): a form over the plain data of a rule file
(app/core/rules/editing.py): versions with their dates (New version… ends the open one the day before the
new one starts), tiers and aliases, the parameters the case supplies (added here), the deductible, the ratio
table, bands, the limit and its kind, exclusions, and beside each number its source (document id and article; the documents table holds
number, title, date and address). Keys of the file the form does not show are kept as they were.
Every edit is checked, a moment later, by the loader itself; the first problem is shown with the
field it concerns and Save stays disabled until the file loads; the file's example cases (inputs
and expected fund typed in the last tab) run with each check. A number without a source is saved,
and shown, as unverified. Bundled regions are read-only: New from… copies them into the user's
rules folder under a new id.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.core.dates import DateError, ascii_text, parse_date
from app.core.rules import editing
from app.core.rules.loader import RuleFileError
from app.core.rules.schema import RuleFile, tier_key

from .i18n import N_, translator
from .placement import place_within_screen
from .rule_version import NewVersionDialog

CONTEXT = "RuleEditor"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)

STATUS_TEXT = {"verified": N_("已核实"), "bounds": N_("按上下限估算"), "unverified": N_("未核实")}
CATEGORY_TEXT = {None: N_("全部"), "employed": N_("在职"), "retired": N_("退休")}
CAP_KINDS = (("none", N_("无年度限额")), ("fund_paid", N_("基金支付限额（年度最高支付限额）")),
             ("policy_scope", N_("合规费用限额（累计合规费用）")))
BAND_BASES = ((None, N_("未写明（超过起付标准的费用）")), ("above_deductible", N_("超过起付标准的费用")),
              ("fund_paid", N_("基金累计支付")))
UNIT_TEXT = {"yuan": N_("元"), "yuan_per_month": N_("元/月"), "ratio": N_("比例")}
PURPOSE_TEXT = {"pooling": N_("统筹基金"), "account": N_("个人账户")}
DEDUCTIBLE_KINDS = (("annual", N_("按年度累计")), ("per_visit", N_("按次")))
UNSOURCED_BRUSH = QBrush(QColor("#fff0c2"))
ERROR_BRUSH = QBrush(QColor("#ffd6d6"))
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_PARAM_RE = re.compile(r"^([a-z][a-z0-9_]*)\s*[×xX*]\s*([0-9]+(?:\.[0-9]+)?)$")
_ALIAS_SPLIT = re.compile(r"[、,，;；]")
SHOWN = Qt.ItemDataRole.UserRole + 1


# --- cell text ↔ plain values ----------------------------------------------------------------
def show_value(value: object) -> str:
    """A value as its cell shows it: a number in full, a parameter reference as ``name × times``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict) and "parameter" in value:
        return f"{value['parameter']} × {show_value(value.get('times'))}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_number(text: str) -> object:
    """A typed number (``600``, ``0.65``, ``65%``, ``average_wage_2021 × 0.01``); None when empty; the text
    as typed when it is none of these (the loader then names the field)."""
    t = ascii_text(text).strip().replace(",", "")
    if not t:
        return None
    if t.endswith("%") and _NUMBER_RE.match(t[:-1].strip()):
        return Decimal(t[:-1].strip()) / 100
    if _NUMBER_RE.match(t) and len(t) <= 30:
        return Decimal(t)
    m = _PARAM_RE.match(t)
    if m:
        return {"parameter": m.group(1), "times": Decimal(m.group(2))}
    return text.strip()


def read_int(text: str) -> object:
    t = ascii_text(text).strip()
    if not t:
        return None
    return int(t) if t.isdigit() and len(t) <= 4 else text.strip()


def read_date(text: str) -> object:
    t = text.strip()
    if not t:
        return None
    try:
        return parse_date(t)
    except DateError:
        return t


def read_category(text: str) -> object:
    t = ascii_text(text).strip().casefold()
    if t in ("", "全部", "all", "*"):
        return None
    return {"在职": "employed", "employed": "employed", "退休": "retired", "retired": "retired"}.get(t, text.strip())


def read_bool(text: str) -> object:
    t = ascii_text(text).strip().casefold()
    return {"是": True, "yes": True, "true": True, "y": True, "否": False, "no": False, "false": False,
            "n": False}.get(t, text.strip())


def _read_choice(text: str, shown: dict[str, str]) -> object:
    """The id of a choice typed as its id, its Chinese text or its translation; the text as typed otherwise."""
    t = ascii_text(text).strip().casefold()
    for key, label in shown.items():
        if t in (key.casefold(), label.casefold(), tr(label).casefold()):
            return key
    return text.strip() or None


def read_unit(text: str) -> object:
    return _read_choice(text, UNIT_TEXT)


def read_purpose(text: str) -> object:
    return _read_choice(text, PURPOSE_TEXT)


def show_choice(value: object, shown: dict[str, str]) -> str:
    return tr(shown[value]) if value in shown else show_value(value)


def show_category(value: object) -> str:
    return tr(CATEGORY_TEXT[value]) if value in CATEGORY_TEXT else show_value(value)


def show_bool(value: object) -> str:
    return tr("是") if value is True else tr("否") if value is False else show_value(value)


# --- a table of the form ---------------------------------------------------------------------------
class RuleTable(QTableWidget):
    """Rows of typed cells; each row keeps the dict it was made from (keys the form does not show)."""

    def __init__(self, object_name: str, columns: list[str], parent: QWidget | None = None):
        super().__init__(0, len(columns), parent)
        self.setObjectName(object_name)
        self.column_keys = columns
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(False)  # Tab moves on to the next field of the form
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setMinimumHeight(110)

    def column(self, key: str) -> int:
        return self.column_keys.index(key)

    def fit_columns(self) -> None:
        for c in range(self.columnCount()):
            self.fit_column(c)

    def fit_column(self, c: int, most: int = 260) -> None:
        """The column as wide as its contents, at most *most*, never narrower than its heading."""
        self.resizeColumnToContents(c)
        self.setColumnWidth(c, max(self.horizontalHeader().sectionSizeHint(c), 72, min(self.columnWidth(c), most)))

    def set_rows(self, rows: list[tuple[list[str], dict]], read_only: set[str] = frozenset()) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        for cells, original in rows:
            self.add_row(cells, original, read_only)
        self.blockSignals(False)
        self.fit_columns()

    def add_row(self, cells: list[str] | None = None, original: dict | None = None,
                read_only: set[str] = frozenset()) -> int:
        r = self.rowCount()
        self.insertRow(r)
        cells = cells or [""] * self.columnCount()
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(SHOWN, text)  # what the cell showed first: unchanged, the file's value is kept
            if self.column_keys[c] in read_only:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(r, c, item)
        self.item(r, 0).setData(Qt.ItemDataRole.UserRole, copy.deepcopy(original or {}))
        return r

    def text(self, row: int, key: str) -> str:
        item = self.item(row, self.column(key))
        return item.text() if item is not None else ""

    def typed(self, row: int, key: str) -> bool:
        """Whether the cell's text is not what it first showed."""
        item = self.item(row, self.column(key))
        return item is not None and item.text() != item.data(SHOWN)

    def original(self, row: int) -> dict:
        return copy.deepcopy(self.item(row, 0).data(Qt.ItemDataRole.UserRole) or {})

    def paint(self, row: int, key: str, brush: QBrush | None, tip: str = "") -> None:
        item = self.item(row, self.column(key))
        if item is not None:
            item.setBackground(brush or QBrush())
            item.setToolTip(tip)


def _source_cells(src: object) -> list[str]:
    if not isinstance(src, dict) or editing.is_unsourced(src):
        return ["", ""]
    return [str(src.get("doc", "")), str(src.get("article", ""))]


def _source_of(table: RuleTable, row: int, doc: str = "doc", article: str = "article") -> dict:
    return {"doc": table.text(row, doc).strip(), "article": table.text(row, article).strip()}


def _put(out: dict, key: str, value: object, original: dict) -> None:
    """Set an optional key: left out when empty and the file did not write it."""
    if value is None and key not in original:
        out.pop(key, None)
    else:
        out[key] = value


# --- the editor --------------------------------------------------------------------------------
class RuleEditor(QDialog):
    """The form for one rule file. *on_saved(rule_file, path)* is called after each save."""

    def __init__(self, data: dict, path: Path, on_saved: Callable[[RuleFile, Path], None],
                 parent: QWidget | None = None, *, new: bool = False):
        super().__init__(parent)
        self.setObjectName("ruleEditor")
        self.data = copy.deepcopy(data)
        self.path = path
        self.on_saved = on_saved
        self.dirty = new  # a new copy is unsaved work from the start
        self.result: editing.Check | None = None
        self._vi = 0
        self._ended: set[int] = set()  # versions whose end New version… set (marked until saved)
        self.version_dialog: NewVersionDialog | None = None
        self._loading = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.revalidate)
        self._build()
        self._load()
        self.revalidate()
        place_within_screen(self, QSize(1100, 720), parent)

    # --- building ----------------------------------------------------------------------------
    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.textEdited.connect(self._edited)
        return edit

    def _combo(self, name: str, choices) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for value, text in choices:
            box.addItem(tr(text), value)
        box.activated.connect(lambda _i: self._edited())
        return box

    def _table(self, name: str, columns: list[tuple[str, str]]) -> tuple[RuleTable, QWidget]:
        table = RuleTable(name, [k for k, _ in columns])
        table.setHorizontalHeaderLabels([tr(t) for _, t in columns])
        table.fit_columns()
        table.itemChanged.connect(lambda _item: self._edited())
        add = QPushButton(tr("添加一行"))
        add.setObjectName(name + "Add")
        add.clicked.connect(lambda: self._add_row(table))
        remove = QPushButton(tr("删除所选行"))
        remove.setObjectName(name + "Remove")
        remove.clicked.connect(lambda: self._remove_rows(table))
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(table)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        table.add_button, table.remove_button = add, remove
        return table, box

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ruleTabs")
        # general: id, names, status, documents, tiers, parameters
        general = QWidget()
        form = QFormLayout()
        self.region_id = QLabel()
        self.region_id.setObjectName("regionId")
        self.name_zh = self._line("nameZh")
        self.name_en = self._line("nameEn")
        self.status = self._combo("status", [(k, v) for k, v in STATUS_TEXT.items()])
        self.status_note = QLabel()
        self.status_note.setObjectName("statusNote")
        self.status_note.setWordWrap(True)
        self.note_zh = self._line("noteZh")
        self.note_en = self._line("noteEn")
        self.label_name_zh = QLabel(tr("名称（中文）(&M)"))
        self.label_name_zh.setBuddy(self.name_zh)
        form.addRow(tr("地区编号"), self.region_id)
        form.addRow(self.label_name_zh, self.name_zh)
        form.addRow(tr("名称（英文）"), self.name_en)
        label_status = QLabel(tr("核实状态(&V)"))
        label_status.setBuddy(self.status)
        form.addRow(label_status, self.status)
        form.addRow("", self.status_note)
        form.addRow(tr("状态说明（中文）"), self.note_zh)
        form.addRow(tr("状态说明（英文）"), self.note_en)
        self.documents, docs_box = self._table("documents", [
            ("id", N_("文件代号")), ("number", N_("文号")), ("title", N_("标题")), ("issued", N_("发布日期")),
            ("file", N_("地址或文件名"))])
        self.tiers, tiers_box = self._table("tiers", [
            ("id", N_("等级编号")), ("zh", N_("名称")), ("en", N_("英文名称")), ("aliases", N_("别名（用、分隔）"))])
        self.parameters, params_box = self._table("parameters", [
            ("id", N_("参数编号")), ("zh", N_("名称")), ("en", N_("英文名称")), ("unit", N_("单位（元、元/月、比例）")),
            ("default", N_("默认值")), ("minimum", N_("最小值")), ("maximum", N_("最大值")),
            ("purpose", N_("用途（统筹基金/个人账户）")), ("doc", N_("文件代号")), ("article", N_("条款"))])
        lay = QVBoxLayout(general)
        lay.addLayout(form)
        self.general_tabs = QTabWidget()  # one table at a time: the form fits a 1366×768 screen
        self.general_tabs.setObjectName("generalTabs")
        for title, box in ((N_("政策文件（来源）"), docs_box), (N_("医疗机构等级"), tiers_box),
                           (N_("需用户填写的参数"), params_box)):
            self.general_tabs.addTab(box, tr(title))
        lay.addWidget(self.general_tabs, 1)
        self.tabs.addTab(general, tr("基本信息(&1)"))

        # a version: dates, deductible, ratios, bands, limit, exclusions
        page = QWidget()
        top = QHBoxLayout()
        self.version = QComboBox()
        self.version.setObjectName("version")
        self.version.activated.connect(self._switch_version)
        label_version = QLabel(tr("版本(&B)"))
        label_version.setBuddy(self.version)
        self.new_version = QPushButton(tr("新增版本(&W)…"))
        self.new_version.setObjectName("newVersion")
        self.new_version.clicked.connect(self._add_version)
        top.addWidget(label_version)
        top.addWidget(self.version, 1)
        top.addWidget(self.new_version)
        vform, vform_right = QFormLayout(), QFormLayout()  # two columns: room for the tables below
        self.version_id = self._line("versionId")
        self.effective_from = self._line("effectiveFrom")
        self.effective_to = self._line("effectiveTo")
        self.reviewed = self._line("reviewed")
        self.version_doc = self._line("versionDoc")
        self.version_article = self._line("versionArticle")
        self.deductible_kind = self._combo("deductibleKind", DEDUCTIBLE_KINDS)
        self.band_basis = self._combo("bandBasis", BAND_BASES)
        self.cap_kind = self._combo("capKind", CAP_KINDS)
        for text, widget in ((N_("版本编号"), self.version_id), (N_("生效日期(&F)"), self.effective_from),
                             (N_("失效日期（空：仍有效）"), self.effective_to),
                             (N_("最后核对日期"), self.reviewed), (N_("版本依据：文件代号"), self.version_doc),
                             (N_("版本依据：条款"), self.version_article),
                             (N_("起付标准类型(&K)"), self.deductible_kind), (N_("分段依据"), self.band_basis),
                             (N_("年度限额类型(&L)"), self.cap_kind)):
            label = QLabel(tr(text))
            label.setBuddy(widget)
            (vform if vform.rowCount() < 4 else vform_right).addRow(label, widget)
        source_cols = [("doc", N_("文件代号")), ("article", N_("条款"))]
        self.deductible, ded_box = self._table("deductible", [
            ("tier", N_("等级（空：全部）")), ("category", N_("人员类别")), ("amount", N_("起付标准（元）")), *source_cols])
        self.ratios, ratio_box = self._table("ratios", [
            ("tier", N_("等级（空：全部）")), ("category", N_("人员类别")), ("min_age", N_("起始年龄")),
            ("band_from", N_("分段起点（元）")), ("ratio", N_("支付比例")), *source_cols])
        self.cap, cap_box = self._table("cap", [
            ("category", N_("人员类别")), ("amount", N_("年度限额（元）")), *source_cols])
        self.exclusions, excl_box = self._table("exclusions", [
            ("id", N_("编号")), ("zh", N_("情形")), ("en", N_("英文")), *source_cols,
            ("account", N_("个人账户可付（是/否）")), ("account_doc", N_("账户：文件代号")),
            ("account_article", N_("账户：条款"))])
        self.notes, notes_box = self._table("notes", [
            ("id", N_("编号")), ("zh", N_("说明")), ("en", N_("英文")), *source_cols])
        self.version_note = QLabel()  # what New version… changed besides the new version itself
        self.version_note.setObjectName("versionNote")
        self.version_note.setWordWrap(True)
        self.version_note.setStyleSheet("color: #8a5a00;")
        self.version_note.setVisible(False)
        vpage = QVBoxLayout(page)
        vpage.addLayout(top)
        vpage.addWidget(self.version_note)
        columns = QHBoxLayout()
        columns.addLayout(vform, 2)
        columns.addSpacing(12)
        columns.addLayout(vform_right, 3)
        vpage.addLayout(columns)
        inner = QTabWidget()
        inner.setObjectName("versionTabs")
        inner.addTab(ded_box, tr("起付标准"))
        inner.addTab(ratio_box, tr("支付比例与分段"))
        inner.addTab(cap_box, tr("年度限额"))
        inner.addTab(excl_box, tr("不予支付的情形"))
        inner.addTab(notes_box, tr("附注"))
        self.version_tabs = inner
        vpage.addWidget(inner, 1)
        self.tabs.addTab(page, tr("版本与数值(&2)"))

        # example cases
        epage = QWidget()
        self.examples, ex_box = self._table("examples", [
            ("name", N_("示例名称")), ("category", N_("人员类别")), ("date", N_("就诊日期")), ("tier", N_("等级")),
            ("total", N_("总费用（元）")), ("fund", N_("应由统筹支付（元）")), ("result", N_("结果")),
            ("arithmetic", N_("算式"))])  # the result before the long arithmetic: seen without scrolling
        elay = QVBoxLayout(epage)
        hint = QLabel(tr("输入示例就诊和公开资料中的报销金额；每次修改后自动按本规则重算并对比。"))
        hint.setWordWrap(True)
        elay.addWidget(hint)
        elay.addWidget(ex_box)
        self.tabs.addTab(epage, tr("示例核对(&3)"))

        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(tr("保存(&S)"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)  # Ctrl+S
        self.close_button = QPushButton(tr("关闭"))
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs, 1)
        outer.addLayout(buttons)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)

    # --- data → widgets ----------------------------------------------------------------------
    def _load(self) -> None:
        self._loading = True
        d = self.data
        self.region_id.setText(str(d.get("region", "")))
        name = d.get("name") or {}
        self.name_zh.setText(name.get("zh", ""))
        self.name_en.setText(name.get("en", ""))
        status = editing.STATUS_OF_KEY.get(d.get("verified"), "unverified")
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        note = d.get("verification_note") or {}
        self.note_zh.setText(note.get("zh", ""))
        self.note_en.setText(note.get("en", ""))
        self.documents.set_rows([
            ([doc_id, doc.get("number") or "", doc.get("title", ""), show_value(doc.get("issued")), doc.get("file", "")],
             doc) for doc_id, doc in (d.get("documents") or {}).items() if doc_id != editing.UNSOURCED])
        self.tiers.set_rows([
            ([t.get("id", ""), t.get("label", {}).get("zh", ""), t.get("label", {}).get("en", ""),
              "、".join(t.get("aliases", []))], t) for t in d.get("tiers", [])])
        self.parameters.set_rows([
            ([p.get("id", ""), p.get("label", {}).get("zh", ""), p.get("label", {}).get("en", ""),
              show_choice(p.get("unit"), UNIT_TEXT), show_value(p.get("default")), show_value(p.get("minimum")),
              show_value(p.get("maximum")), show_choice(p.get("purpose"), PURPOSE_TEXT),
              *_source_cells(p.get("source"))], p) for p in d.get("parameters", [])])
        self.examples.set_rows([self._example_row(ex) for ex in d.get("examples", [])], read_only={"result"})
        self._vi = min(self._vi, max(len(d.get("versions", [])) - 1, 0))
        self._fill_versions()
        self._load_version()
        self._loading = False

    def _fill_versions(self) -> None:
        self.version.clear()
        for v in self.data.get("versions", []):
            span = f"{show_value(v.get('effective_from'))} – {show_value(v.get('effective_to')) or tr('至今')}"
            self.version.addItem(f"{v.get('id', '')}  ({span})")
        self.version.setCurrentIndex(self._vi)

    @staticmethod
    def _example_row(ex: dict) -> tuple[list[str], dict]:
        visits = ex.get("visits") or [{}]
        first = visits[0]
        fund = ((ex.get("expect") or {}).get("totals") or {}).get("fund", "")
        return ([ex.get("name", ""), show_category(ex.get("category")), show_value(first.get("date")),
                 str(first.get("tier", "")), show_value(first.get("total")), str(fund), "", ex.get("arithmetic", "")],
                ex)

    def _load_version(self) -> None:
        versions = self.data.get("versions") or []
        if not versions:
            return
        v = versions[self._vi]
        was = self._loading
        self._loading = True
        self.version_id.setText(str(v.get("id", "")))
        self.effective_from.setText(show_value(v.get("effective_from")))
        self.effective_to.setText(show_value(v.get("effective_to")))
        ended = self._vi in self._ended  # its end set by New version…: shown so, until saved
        self.effective_to.setStyleSheet("background: #fff0c2;" if ended else "")
        self.effective_to.setToolTip(tr("由“新增版本”设为新版本生效日期的前一天") if ended else "")
        self.reviewed.setText(show_value(v.get("reviewed")))
        doc, article = _source_cells(v.get("source"))
        self.version_doc.setText(doc)
        self.version_article.setText(article)
        ded = v.get("deductible") or {}
        self.deductible_kind.setCurrentIndex(max(self.deductible_kind.findData(ded.get("kind")), 0))
        self.band_basis.setCurrentIndex(max(self.band_basis.findData(v.get("band_basis")), 0))
        cap_kind = "none" if v.get("annual_cap") is None else (v.get("cap_basis") or "fund_paid")
        self.cap_kind.setCurrentIndex(max(self.cap_kind.findData(cap_kind), 0))
        self.deductible.set_rows([
            ([show_value(e.get("tier")), show_category(e.get("category")), show_value(e.get("amount")),
              *_source_cells(e.get("source"))], e) for e in ded.get("entries", [])])
        self.ratios.set_rows([
            ([show_value(r.get("tier")), show_category(r.get("category")), show_value(r.get("min_age")),
              show_value(r.get("band_from")) if "band_from" in r else "", show_value(r.get("ratio")),
              *_source_cells(r.get("source"))], r) for r in v.get("ratios", [])])
        self.cap.set_rows([
            ([show_category(c.get("category")), show_value(c.get("amount")), *_source_cells(c.get("source"))], c)
            for c in v.get("annual_cap") or []])
        self.exclusions.set_rows([
            ([x.get("id", ""), x.get("label", {}).get("zh", ""), x.get("label", {}).get("en", ""),
              *_source_cells(x.get("source")), show_bool((x.get("account_pays") or {}).get("value")),
              *_source_cells((x.get("account_pays") or {}).get("source"))], x) for x in v.get("exclusions", [])])
        self.notes.set_rows([
            ([n.get("id", ""), n.get("text", {}).get("zh", ""), n.get("text", {}).get("en", ""),
              *_source_cells(n.get("source"))], n) for n in v.get("notes", [])])
        self._loading = was

    # --- widgets → data ----------------------------------------------------------------------
    def _tier_id(self, text: str) -> object:
        t = text.strip()
        if t in ("", "全部", "*"):
            return None
        for r in range(self.tiers.rowCount()):
            names = [self.tiers.text(r, "id"), self.tiers.text(r, "zh"), self.tiers.text(r, "en"),
                     *_ALIAS_SPLIT.split(self.tiers.text(r, "aliases"))]
            if any(n.strip() and tier_key(n) == tier_key(t) for n in names):
                return self.tiers.text(r, "id").strip()
        return t

    def collect(self) -> dict:
        """The data as the form now says it (keys the form does not show kept from the file)."""
        d = copy.deepcopy(self.data)
        d["name"] = {"zh": self.name_zh.text().strip(), "en": self.name_en.text().strip()}
        d["verified"] = editing.KEY_OF_STATUS[self.status.currentData()]
        zh, en = self.note_zh.text().strip(), self.note_en.text().strip()
        d["verification_note"] = {"zh": zh, "en": en} if zh or en else None
        docs = {}
        for r in range(self.documents.rowCount()):
            doc = self.documents.original(r)
            doc.update(number=self.documents.text(r, "number").strip() or None,
                       title=self.documents.text(r, "title").strip(),
                       issued=read_date(self.documents.text(r, "issued")),
                       file=self.documents.text(r, "file").strip())
            docs[self.documents.text(r, "id").strip()] = doc
        if editing.UNSOURCED in (self.data.get("documents") or {}):
            docs.setdefault(editing.UNSOURCED, self.data["documents"][editing.UNSOURCED])
        d["documents"] = docs
        tiers = []
        for r in range(self.tiers.rowCount()):
            t = self.tiers.original(r)
            label = {"zh": self.tiers.text(r, "zh").strip(), "en": self.tiers.text(r, "en").strip()}
            t.update(id=self.tiers.text(r, "id").strip(), label=label)
            t.setdefault("description", dict(label))
            aliases = [a.strip() for a in _ALIAS_SPLIT.split(self.tiers.text(r, "aliases")) if a.strip()]
            if aliases or "aliases" in t:
                t["aliases"] = aliases
            tiers.append(t)
        d["tiers"] = tiers
        d["parameters"] = [self._collect_parameter(r) for r in range(self.parameters.rowCount())]
        if d.get("versions"):
            d["versions"][self._vi] = self._collect_version(d["versions"][self._vi])
        d["examples"] = [self._collect_example(r) for r in range(self.examples.rowCount())]
        return d

    def _collect_version(self, v: dict) -> dict:
        v = copy.deepcopy(v)
        v["id"] = self.version_id.text().strip()
        v["effective_from"] = read_date(self.effective_from.text())
        v["effective_to"] = read_date(self.effective_to.text())
        _put(v, "reviewed", read_date(self.reviewed.text()), v)
        v["source"] = {"doc": self.version_doc.text().strip(), "article": self.version_article.text().strip()}
        entries = []
        for r in range(self.deductible.rowCount()):
            e = self.deductible.original(r)
            e.update(tier=self._tier_id(self.deductible.text(r, "tier")),
                     category=read_category(self.deductible.text(r, "category")),
                     amount=read_number(self.deductible.text(r, "amount")), source=_source_of(self.deductible, r))
            entries.append(e)
        v["deductible"] = {**(v.get("deductible") or {}), "kind": self.deductible_kind.currentData(), "entries": entries}
        ratios = []
        for r in range(self.ratios.rowCount()):
            e = self.ratios.original(r)
            e.update(tier=self._tier_id(self.ratios.text(r, "tier")),
                     category=read_category(self.ratios.text(r, "category")),
                     ratio=read_number(self.ratios.text(r, "ratio")), source=_source_of(self.ratios, r))
            _put(e, "min_age", read_int(self.ratios.text(r, "min_age")), e)
            band = read_number(self.ratios.text(r, "band_from"))
            _put(e, "band_from", band, {} if band is None else e)  # empty: from 0 (the key left out)
            ratios.append(e)
        v["ratios"] = ratios
        _put(v, "band_basis", self.band_basis.currentData(), v)
        kind = self.cap_kind.currentData()
        if kind == "none":
            v["annual_cap"] = None
            v.pop("cap_basis", None)
        else:
            caps = []
            for r in range(self.cap.rowCount()):
                c = self.cap.original(r)
                c.update(category=read_category(self.cap.text(r, "category")),
                         amount=read_number(self.cap.text(r, "amount")), source=_source_of(self.cap, r))
                caps.append(c)
            v["annual_cap"] = caps
            if "cap_basis" in v or kind != "fund_paid":
                v["cap_basis"] = kind
        exclusions = []
        for r in range(self.exclusions.rowCount()):
            x = self.exclusions.original(r)
            account = x.get("account_pays") or {}
            account.update(value=read_bool(self.exclusions.text(r, "account")),
                           source=_source_of(self.exclusions, r, "account_doc", "account_article"))
            x.update(id=self.exclusions.text(r, "id").strip(),
                     label={"zh": self.exclusions.text(r, "zh").strip(), "en": self.exclusions.text(r, "en").strip()},
                     source=_source_of(self.exclusions, r), account_pays=account)
            exclusions.append(x)
        v["exclusions"] = exclusions
        notes = []
        for r in range(self.notes.rowCount()):
            n = self.notes.original(r)
            n.update(id=self.notes.text(r, "id").strip(),
                     text={"zh": self.notes.text(r, "zh").strip(), "en": self.notes.text(r, "en").strip()},
                     source=_source_of(self.notes, r))
            notes.append(n)
        v["notes"] = notes
        return v

    def _collect_parameter(self, r: int) -> dict:
        t = self.parameters
        p = t.original(r)
        label = {"zh": t.text(r, "zh").strip(), "en": t.text(r, "en").strip()}
        typed = {"id": t.text(r, "id").strip(), "label": label,
                 "description": p.get("description") or dict(label),  # a new parameter: its name describes it
                 "unit": read_unit(t.text(r, "unit")), "default": read_number(t.text(r, "default")),
                 "minimum": read_number(t.text(r, "minimum")), "maximum": read_number(t.text(r, "maximum")),
                 "purpose": read_purpose(t.text(r, "purpose")), "source": _source_of(t, r)}
        return typed | {k: v for k, v in p.items() if k not in typed}  # in the schema's order

    def _collect_example(self, r: int) -> dict:
        ex = self.examples.original(r)
        t = self.examples
        day = read_date(t.text(r, "date"))
        for key in ("name", "arithmetic"):  # a multi-line arithmetic of the file stays as written unless retyped
            if t.typed(r, key) or key not in ex:
                ex[key] = t.text(r, key).strip()
        ex["category"] = read_category(t.text(r, "category"))
        ex["year"] = day.year if isinstance(day, date) else ex.get("year", date.today().year)
        visits = ex.get("visits") or [{}]
        first = dict(visits[0])
        first.update(date=day, tier=self._tier_id(t.text(r, "tier")) or "", total=read_number(t.text(r, "total")))
        ex["visits"] = [first, *visits[1:]]
        expect = dict(ex.get("expect") or {})
        totals = dict(expect.get("totals") or {})
        fund = read_number(t.text(r, "fund"))
        if fund is None:
            totals.pop("fund", None)
        else:
            totals["fund"] = f"{fund:.2f}" if isinstance(fund, Decimal) else str(fund)
        expect["totals"] = totals or None
        ex["expect"] = expect
        return ex

    # --- editing -------------------------------------------------------------------------------
    def _edited(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.save_button.setEnabled(False)  # until the check of this edit has run
        self.timer.start()

    def _add_row(self, table: RuleTable) -> None:
        read_only = {"result"} if table is self.examples else set()
        cells = None
        if table is self.parameters:  # a new parameter: an amount in yuan for the pooling fund, as shown
            cells = [""] * table.columnCount()
            cells[table.column("unit")] = tr(UNIT_TEXT["yuan"])
            cells[table.column("purpose")] = tr(PURPOSE_TEXT["pooling"])
        r = table.add_row(cells, read_only=read_only)
        table.setCurrentCell(r, 0)
        table.setFocus()
        self._edited()

    def _remove_rows(self, table: RuleTable) -> None:
        rows = sorted({i.row() for i in table.selectedIndexes()} | ({table.currentRow()} if table.currentRow() >= 0
                                                                     and not table.selectedIndexes() else set()),
                      reverse=True)
        for r in rows:
            table.removeRow(r)
        if rows:
            self._edited()

    def _switch_version(self, index: int) -> None:
        if index == self._vi:
            return
        self.data = self.collect()
        self._vi = index
        self._load_version()
        self.revalidate()

    def _add_version(self) -> NewVersionDialog | None:
        """Ask the new version's start (prefilled: 1 January after the latest start); accepted, the version
        shown is copied from that day and the version still open ends the day before."""
        self.data = self.collect()
        if not self.data.get("versions"):
            return None
        shown = str(self.data["versions"][self._vi].get("id", ""))
        ask = NewVersionDialog(shown, editing.default_new_start(self.data), editing.earliest_new_start(self.data),
                               self)
        self.version_dialog = ask
        ask.accepted.connect(lambda: self.add_version(ask.start_date()))
        ask.setWindowModality(Qt.WindowModality.WindowModal)
        ask.show()
        ask.start.setFocus()
        return ask

    def add_version(self, start: date) -> None:
        self.data = self.collect()
        copied = str(self.data["versions"][self._vi].get("id", ""))
        made = editing.add_version(self.data, self._vi, start)
        if made.ended_index is not None:
            self._ended.add(made.ended_index)
            text = tr("上一版本（%1）的截止日期设为 %2。").replace("%1", made.ended_id).replace(
                "%2", made.ended_on.isoformat())
        else:
            text = ""
        text += tr("新版本的数值和出处复制自 %1，仍引用原文件：改动数值时请同时改出处。").replace("%1", copied)
        self.version_note.setText(text)
        self.version_note.setVisible(True)
        self._vi = made.index
        self._loading = True
        self._fill_versions()
        self._load_version()
        self._loading = False
        self.version_id.setFocus()
        self._edited()

    # --- checking -----------------------------------------------------------------------------
    def revalidate(self) -> None:
        self.timer.stop()
        data = self.collect()
        self.result = editing.check(data, str(self.path))
        self._paint(data)
        error = self.result.error
        if error is not None:
            where = error.field or tr("文件")
            self.problem.setText(tr("无法保存 — %1：%2").replace("%1", where).replace("%2", error.message))
        else:
            failing = sum(1 for p in self.result.examples if p)
            self.problem.setText(tr("%1 个示例与本规则的计算结果不符").replace("%1", str(failing)) if failing else "")
        self.save_button.setEnabled(self.result.ok)
        missing = editing.unsourced_places(data)
        status = editing.status_of(data)
        text = tr("将保存为：%1").replace("%1", tr(STATUS_TEXT[status]))
        if missing:
            text += tr("（%1 个数值未注明出处，标为黄色）").replace("%1", str(len(missing)))
        self.status_note.setText(text)
        self.setWindowTitle(tr("编辑地区规则 — %1").replace("%1", self.name_zh.text() or str(data.get("region"))))

    def _paint(self, data: dict) -> None:
        """Amber: a source left empty; red: the cell the loader's first problem is about; the examples' results."""
        self._loading = True
        try:
            for table in (self.documents, self.tiers, self.parameters, self.deductible, self.ratios, self.cap, self.exclusions,
                          self.notes, self.examples):
                for r in range(table.rowCount()):
                    for key in table.column_keys:
                        table.paint(r, key, None)
            for table, pairs in ((self.parameters, [("doc", "article")]), (self.deductible, [("doc", "article")]), (self.ratios, [("doc", "article")]),
                                 (self.cap, [("doc", "article")]), (self.notes, [("doc", "article")]),
                                 (self.exclusions, [("doc", "article"), ("account_doc", "account_article")])):
                for r in range(table.rowCount()):
                    for doc, article in pairs:
                        if not table.text(r, doc).strip() or not table.text(r, article).strip():
                            for key in (doc, article):
                                table.paint(r, key, UNSOURCED_BRUSH, tr("未注明出处：本文件将保存为“未核实”"))
            error = self.result.error if self.result else None
            if error is not None and error.field:
                self._paint_error(error.field, error.message)
            for r, problems in enumerate(self.result.examples if self.result and self.result.ok else []):
                item = self.examples.item(r, self.examples.column("result"))
                if item is None:
                    continue
                item.setText(tr("✓ 一致") if not problems else tr("✗ 不一致：%1").replace("%1", problems[0]))
                item.setToolTip("\n".join(problems))
                item.setForeground(QBrush(QColor("#1b5e20" if not problems else "#b00020")))
            if self.result is None or not self.result.ok:
                for r in range(self.examples.rowCount()):
                    item = self.examples.item(r, self.examples.column("result"))
                    if item is not None:
                        item.setText(tr("—（规则有误，未计算）"))
                        item.setForeground(QBrush())
            self.examples.fit_column(self.examples.column("result"))  # the verdict whole (up to a point)
        finally:
            self._loading = False

    def _paint_error(self, field: str, message: str) -> None:
        m = re.match(r"versions\[(\d+)\]\.(deductible\.entries|ratios|annual_cap|exclusions|notes)\[(\d+)\](?:\.(\w+))?", field)
        if m and int(m.group(1)) == self._vi:
            table = {"deductible.entries": self.deductible, "ratios": self.ratios, "annual_cap": self.cap,
                     "exclusions": self.exclusions, "notes": self.notes}[m.group(2)]
            key = {"amount": "amount", "ratio": "ratio", "tier": "tier", "category": "category", "min_age": "min_age",
                   "band_from": "band_from", "id": "id", "source": "doc"}.get(m.group(4) or "", None)
            row = int(m.group(3))
            for k in ([key] if key in table.column_keys else table.column_keys):
                table.paint(row, k, ERROR_BRUSH, message)
            return
        m = re.match(r"(tiers|examples|parameters)\[(\d+)\](?:\.(\w+))?", field)
        if m:
            table = {"tiers": self.tiers, "examples": self.examples, "parameters": self.parameters}[m.group(1)]
            key = {"source": "doc"}.get(m.group(3) or "", m.group(3))
            for k in ([key] if key in table.column_keys else table.column_keys):
                table.paint(int(m.group(2)), k, ERROR_BRUSH, message)

    # --- saving and closing ------------------------------------------------------------------------
    def save(self) -> bool:
        self.revalidate()
        if self.result is None or not self.result.ok:
            return False
        data = self.collect()
        try:
            rf = editing.save_rule_file(data, self.path)
        except RuleFileError as exc:  # pragma: no cover - revalidate has just passed the same data
            self.problem.setText(str(exc))
            return False
        except OSError as exc:
            QMessageBox.critical(self, tr("保存失败"), tr("无法保存到 %1：").replace("%1", str(self.path)) + f"\n{exc}")
            return False
        self.data = editing.plain_of(rf)
        self.dirty = False
        self._ended.clear()
        self.version_note.setVisible(False)
        self._load_version()
        self.on_saved(rf, self.path)
        self.problem.setText(tr("已保存到 %1").replace("%1", str(self.path)))
        self.problem.setStyleSheet("color: #1b5e20;")
        QTimer.singleShot(0, lambda: self.problem.setStyleSheet("color: #b00020;"))
        return True

    def reject(self) -> None:
        """Close; with unsaved edits, ask first (save, discard or go on editing)."""
        if self.dirty:
            answer = QMessageBox.question(
                self, tr("未保存的修改"), tr("规则有未保存的修改。是否保存？"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        super().reject()
