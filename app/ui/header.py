"""The case header: region, year, category, birth date, the person, region parameters and carry-in."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from app.core import dates, freshness
from app.core.messages import category_label
from app.core.rules.loader import RuleSet
from app.core.worksheet import PersonFields
from .date_edit import DateLineEdit
from .i18n import translator


# the amber badges beside the region: unverified or estimated rules, rules not reviewed for the year
BADGE_STYLE = "background:#fff4ce;color:#7a4b00;border:1px solid #e0b000;border-radius:3px;padding:1px 6px;"

CONTEXT = "CaseHeader"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)


class CaseHeader(QWidget):
    """Emits ``changed(field, PersonFields)`` when the user edits a header field."""

    changed = Signal(str, object)
    choiceMade = Signal()  # the user picked a region or category: move on to the visits

    def __init__(self, rules: RuleSet, parent: QWidget | None = None):
        super().__init__(parent)
        self.rules = rules
        self.lang = "zh"
        self._fields: PersonFields | None = None
        self._updating = False
        self._normal_tips: dict[QWidget, str] = {}  # tooltips of fields marked invalid
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        form_left = QFormLayout()
        form_mid = QFormLayout()
        self.params_form = QFormLayout()
        for f in (form_left, form_mid, self.params_form):
            f.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        row.addLayout(form_left)
        row.addSpacing(16)
        row.addLayout(form_mid)
        row.addSpacing(16)
        row.addLayout(self.params_form)
        row.addStretch(1)

        self.region = QComboBox()
        self.region.setObjectName("region")
        self.region.setMinimumContentsLength(14)
        self.badge = QLabel()
        self.badge.setObjectName("unverifiedBadge")
        self.badge.setStyleSheet(BADGE_STYLE + "font-weight:bold;")
        region_row = QHBoxLayout()
        region_row.addWidget(self.region, 1)
        region_row.addWidget(self.badge)
        self.version_info = QLabel()
        self.version_info.setObjectName("versionInfo")
        self.version_info.setWordWrap(True)
        self.version_info.setStyleSheet("color:#5f6368;")
        self.version_info.setMaximumWidth(460)
        self.region_label = QLabel()
        self.region_label.setBuddy(self.region)
        form_left.addRow(self.region_label, region_row)
        form_left.addRow("", self.version_info)
        # the rules may be out of date for the case year (app/core/freshness.py): said in plain words
        self.stale_badge = QLabel()
        self.stale_badge.setObjectName("staleRulesBadge")
        self.stale_badge.setWordWrap(True)
        self.stale_badge.setMaximumWidth(460)
        self.stale_badge.setStyleSheet(BADGE_STYLE)
        form_left.addRow("", self.stale_badge)

        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2100)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.birth = DateLineEdit()  # typed as text, whole dates only (1953-06-15, 19530615 …)
        self.birth.setObjectName("birthDate")
        self.birth.setMaximumWidth(160)
        self.birth.calendar_start = self._birth_calendar_start
        self.year_label, self.category_label, self.birth_label = QLabel(), QLabel(), QLabel()
        self.year_label.setBuddy(self.year)
        self.category_label.setBuddy(self.category)
        self.birth_label.setBuddy(self.birth)
        form_mid.addRow(self.year_label, self.year)
        form_mid.addRow(self.category_label, self.category)
        form_mid.addRow(self.birth_label, self.birth)
        # who the case is for (optional): shown in the title, the file names and the slip
        self.person_name = QLineEdit()
        self.person_name.setObjectName("personName")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("idNumber")
        self.person_name.setMaximumWidth(160)
        self.id_number.setMaximumWidth(200)
        self.name_label, self.id_label = QLabel(), QLabel()
        self.name_label.setBuddy(self.person_name)
        self.id_label.setBuddy(self.id_number)
        form_mid.addRow(self.name_label, self.person_name)
        form_mid.addRow(self.id_label, self.id_number)
        self.person_name.textEdited.connect(lambda _t: self._emit("name"))
        self.id_number.textEdited.connect(lambda _t: self._emit("id_number"))
        # personal account (个人账户)
        form_account = QFormLayout()
        form_account.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        # the account fields and, under them, the carry-in: one column, so a small screen's width holds
        money_column = QVBoxLayout()
        money_column.addLayout(form_account)
        row.insertLayout(row.count() - 1, money_column)
        self.base = QLineEdit()
        self.base.setObjectName("contributionBase")
        self.opening = QLineEdit()
        self.opening.setObjectName("openingBalance")
        for edit in (self.base, self.opening):
            edit.setMaximumWidth(120)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.base_label, self.opening_label = QLabel(), QLabel()
        for label in (self.base_label, self.opening_label):  # long in English: wrap, never widen the window
            label.setWordWrap(True)
            label.setMaximumWidth(170)
        self.base_label.setBuddy(self.base)
        self.opening_label.setBuddy(self.opening)
        form_account.addRow(self.base_label, self.base)
        form_account.addRow(self.opening_label, self.opening)
        self.pooling_only = QCheckBox()  # 单建统筹: pooling only, no personal account
        self.pooling_only.setObjectName("poolingOnly")
        form_account.addRow(self.pooling_only)  # spans the form: adds no width
        self.pooling_only.toggled.connect(lambda _c: self._emit("pooling_only"))
        self.base.textEdited.connect(lambda _t: self._emit("contribution_base"))
        self.opening.textEdited.connect(lambda _t: self._emit("opening_balance"))
        self.param_edits: dict[str, QLineEdit] = {}
        # carry-in (此前已累计): only the amounts the region's rule file says it uses
        self.carry_form = QFormLayout()
        self.carry_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        money_column.addLayout(self.carry_form)
        money_column.addStretch(1)
        self.carry_edits: dict[str, QLineEdit] = {}

        self.region.currentIndexChanged.connect(lambda _i: self._emit("region"))
        self.year.valueChanged.connect(lambda _v: self._emit("year"))
        self.category.currentIndexChanged.connect(lambda _i: self._emit("category"))
        self.birth.editingFinished.connect(self._birth_finished)
        self.birth.picked.connect(self._birth_finished)
        # a choice made in the region or category box: the table is next (arrow keys must not
        # go on changing the region)
        self.region.activated.connect(lambda _i: self.choiceMade.emit())
        self.category.activated.connect(lambda _i: self.choiceMade.emit())
        self.retranslate()

    # --- display ------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._updating = True
        self.region_label.setText(tr("统筹地区(&R)"))
        self.year_label.setText(tr("年度(&Y)"))
        self.category_label.setText(tr("人员类别(&C)"))
        self.birth_label.setText(tr("出生日期(&B)"))
        self.birth.setPlaceholderText(tr("如 1953-06-15"))
        self.birth.setToolTip(tr("可写 1953-06-15、19530615、1953/6/15 或 1953年6月15日；F4 打开日历"))
        self.base_label.setText(tr("缴费基数（元/月）"))
        self.base.setToolTip(tr("在职职工本人参保缴费基数；个人账户每月按其2%划入"))
        self.base.setPlaceholderText(tr("选填"))
        self.opening_label.setText(tr("账户年初余额（元）"))
        self.pooling_only.setText(tr("单建统筹(&P)"))
        self.pooling_only.setToolTip(tr("单建统筹：只参加统筹基金、不建个人账户（如部分灵活就业人员）；个人负担全部为现金"))
        self.opening.setToolTip(tr("个人账户1月1日的余额"))
        self.opening.setPlaceholderText("0.00")
        self.name_label.setText(tr("姓名"))
        self.id_label.setText(tr("证件号码"))
        self.person_name.setPlaceholderText(tr("选填"))
        self.id_number.setPlaceholderText(tr("选填"))
        self.id_number.setToolTip(tr("测算单默认只显示前6位和后4位"))
        self.category.clear()
        for cid in ("employed", "retired"):
            label = category_label(cid, self.lang)  # "employed" in a sentence, "Employed" as a choice
            self.category.addItem(label[:1].upper() + label[1:], cid)
        self.region.clear()
        for rid, rf in sorted(self.rules.regions.items(), key=lambda kv: kv[1].name.zh):
            text = rf.name.get(self.lang) + ("" if rf.verified else "  ⚠")
            self.region.addItem(text, rid)
        self._updating = False
        if self._fields is not None:
            self.show_fields(self._fields)

    def show_fields(self, fields: PersonFields) -> None:
        self._fields = fields.copy()
        self._updating = True
        try:
            i = self.region.findData(fields.region)
            if i < 0:  # a case for a region whose rules are missing: keep it visible
                self.region.addItem(fields.region + " ?", fields.region)
                i = self.region.count() - 1
            self.region.setCurrentIndex(i)
            self.year.setValue(fields.year)
            self.category.setCurrentIndex(max(self.category.findData(fields.category), 0))
            if self.birth.text() != fields.birth_date:
                self.birth.setText(fields.birth_date)
            rf = self.rules.regions.get(fields.region)
            needs_birth = bool(rf and rf.needs_birth_date(fields.category)) or bool(fields.birth_date)
            self.birth.setVisible(needs_birth)
            self.birth_label.setVisible(needs_birth)
            employed = fields.category == "employed"
            self.base.setVisible(employed)
            self.base_label.setVisible(employed)
            for edit, value in ((self.base, fields.contribution_base), (self.opening, fields.opening_balance)):
                if edit.text() != value:
                    edit.setText(value)
                edit.setEnabled(not fields.pooling_only)  # kept as typed, not used while there is no account
            self.pooling_only.setChecked(fields.pooling_only)
            for edit, value in ((self.person_name, fields.name), (self.id_number, fields.id_number)):
                if edit.text() != value:
                    edit.setText(value)
            self._show_region_info(fields)
            self._show_parameters(fields)
            self._show_carry(fields)
        finally:
            self._updating = False

    def _show_region_info(self, fields: PersonFields) -> None:
        rf = self.rules.regions.get(fields.region)
        missing = rf is None  # the case keeps its region; shown red with the reason until another is chosen
        self.region.setStyleSheet("background:#fde2e1;" if missing else "")
        self.version_info.setStyleSheet("color:#b00020;" if missing else "color:#5f6368;")
        if missing:
            self.badge.setVisible(False)
            self.stale_badge.setVisible(False)
            reason = tr("找不到地区 %1 的规则文件（未加载或已删除）：案例仍记为该地区，未计算；"
                        "请选择其他地区，或导入该地区的规则文件").replace("%1", fields.region)
            self.version_info.setText(reason)
            self.version_info.setToolTip(reason)
            self.region.setToolTip(reason)
            return
        stale = freshness.warning_text(rf, fields.year, self.lang)
        self.stale_badge.setText(stale or "")
        self.stale_badge.setVisible(stale is not None)
        self.badge.setVisible(not rf.verified)
        self.badge.setText(tr("按省级意见估算") if rf.verification == "bounds" else tr("规则未核实"))
        note = rf.verification_note.get(self.lang) if rf.verification_note else ""
        self.badge.setToolTip(note)
        today = date.today()
        probe = today if today.year == fields.year else date(fields.year, 12, 31)
        version = rf.version_on(probe) or rf.version_on(date(fields.year, 1, 1))
        if version is None:
            self.version_info.setText(tr("%1 年度无有效规则").replace("%1", str(fields.year)))
            self.version_info.setToolTip("")
            return
        doc = rf.documents[version.source.doc]
        if version.effective_to:
            period = tr("%1 至 %2").replace("%1", version.effective_from.isoformat()).replace(
                "%2", version.effective_to.isoformat())
        else:
            period = tr("%1 起施行").replace("%1", version.effective_from.isoformat())
        number = f"（{doc.number}）" if doc.number else ""
        self.version_info.setText(tr("依据：") + f"{doc.title}{number} · {period}")
        self.version_info.setToolTip(
            f"{doc.title}{number}\n{version.source.article}"
            + (f"\n\n{note}" if note else ""))
        self.region.setToolTip(self.version_info.toolTip())

    def _rebuild_form(self, form: QFormLayout, ids: list[str], prefix: str, width: int) -> dict[str, QLineEdit]:
        """One right-aligned line edit per id, each emitting ``changed("PREFIX:ID")``; labels set by the caller."""
        while form.rowCount():
            form.removeRow(0)
        edits: dict[str, QLineEdit] = {}
        for ident in ids:
            edit = QLineEdit()
            edit.setObjectName(f"{prefix}_{ident}")
            edit.setMaximumWidth(width)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.textEdited.connect(lambda _t, key=f"{prefix}:{ident}": self._emit(key))
            label = QLabel()
            label.setBuddy(edit)
            form.addRow(label, edit)
            edits[ident] = edit
        return edits

    def _show_parameters(self, fields: PersonFields) -> None:
        rf = self.rules.regions.get(fields.region)
        wanted = [p for p in (rf.parameters if rf else ())]
        if [p.id for p in wanted] != list(self.param_edits):
            self.param_edits = self._rebuild_form(self.params_form, [p.id for p in wanted], "param", 160)
        for n, p in enumerate(wanted):
            edit = self.param_edits[p.id]
            label = self.params_form.itemAt(n, QFormLayout.ItemRole.LabelRole).widget()
            unit = {"yuan": tr("元"), "yuan_per_month": tr("元/月")}.get(p.unit, tr("比例，如 0.65"))
            label.setText(f"{p.label.get(self.lang)}（{unit}）" if self.lang != "en" else f"{p.label.get('en')} ({unit})")
            label.setWordWrap(True)
            label.setMaximumWidth(300)
            edit.setToolTip(p.description.get(self.lang))
            label.setToolTip(p.description.get(self.lang))
            if p.default is not None:
                edit.setPlaceholderText(tr("默认 %1").replace("%1", f"{p.default:f}"))
            else:
                edit.setPlaceholderText(tr("必填") if p.purpose == "pooling" else tr("个人账户用，选填"))
            value = fields.parameters.get(p.id, "")
            if edit.text() != value:
                edit.setText(value)

    def _show_carry(self, fields: PersonFields) -> None:
        rf = self.rules.regions.get(fields.region)
        wanted = list(rf.carry_names()) if rf else []
        labels = {"deductible_met": tr("此前已累计起付标准（元）"), "fund_paid": tr("此前已累计统筹基金支付（元）"),
                  "above_deductible": tr("此前已累计起付标准以上费用（元）"),
                  "policy_scope": tr("此前已累计合规费用（元）")}
        tips = {"deductible_met": tr("医保记录显示本年在第一条录入的就诊之前已累计的起付标准"),
                "fund_paid": tr("医保记录显示本年在第一条录入的就诊之前统筹基金已支付的金额"),
                "above_deductible": tr("医保记录显示本年此前起付标准以上的政策范围内费用累计（分段比例用）"),
                "policy_scope": tr("医保记录显示本年此前计入门诊统筹累加限额的合规费用（政策范围内费用）累计")}
        if wanted != list(self.carry_edits):
            self.carry_edits = self._rebuild_form(self.carry_form, wanted, "carry", 120)
            for edit in self.carry_edits.values():
                edit.setPlaceholderText("0.00")
        for n, name in enumerate(wanted):
            edit = self.carry_edits[name]
            label = self.carry_form.itemAt(n, QFormLayout.ItemRole.LabelRole).widget()
            label.setText(labels[name])
            label.setWordWrap(True)
            label.setMaximumWidth(170)
            edit.setToolTip(tips[name])
            value = fields.carry.get(name, "")
            if edit.text() != value:
                edit.setText(value)

    # --- editing ------------------------------------------------------------------------
    def current_fields(self) -> PersonFields:
        assert self._fields is not None
        f = self._fields.copy()
        f.region = self.region.currentData() or f.region
        f.year = self.year.value()
        f.category = self.category.currentData() or f.category
        f.birth_date = dates.canonical(self.birth.text().strip())  # a date we read as YYYY-MM-DD, else as typed
        f.contribution_base = self.base.text().strip()
        f.opening_balance = self.opening.text().strip()
        f.pooling_only = self.pooling_only.isChecked()
        f.name = self.person_name.text().strip()
        f.id_number = self.id_number.text().strip()
        for edits, values in ((self.carry_edits, f.carry), (self.param_edits, f.parameters)):
            for key, edit in edits.items():  # an emptied field drops its value
                text = edit.text().strip()
                if text:
                    values[key] = text
                else:
                    values.pop(key, None)
        return f

    def _birth_calendar_start(self) -> QDate:
        """An empty birth date's calendar opens where a birth year is plausible: 65 years before
        the case year for a retiree, 40 for an employed person (not on January 1900)."""
        year = self._fields.year if self._fields else date.today().year
        retired = self._fields is not None and self._fields.category == "retired"
        return QDate(year - (65 if retired else 40), 1, 1)

    def _birth_finished(self) -> None:
        if self._fields is not None and dates.canonical(self.birth.text().strip()) != self._fields.birth_date:
            self._emit("birth_date")

    def mark_invalid(self, field: str | None, reason: str | None) -> None:
        """Shade the header field *field* red with *reason* as its tooltip; other fields plain."""
        edits = {"birth_date": self.birth, "contribution_base": self.base, "opening_balance": self.opening,
                 **{f"param:{k}": e for k, e in self.param_edits.items()}, **self.param_edits,
                 **{f"carry:{k}": e for k, e in self.carry_edits.items()}}
        bad_edits = {edits[field]} if reason and field in edits else set()
        if reason and field == "carry":  # the engine's check of the amounts together: all carry fields
            bad_edits = set(self.carry_edits.values())
        for edit in set(edits.values()):
            if edit in bad_edits:
                if edit not in self._normal_tips:
                    self._normal_tips[edit] = edit.toolTip()
                edit.setStyleSheet("background:#fde2e1;")
                edit.setToolTip(reason)
            elif edit in self._normal_tips:
                edit.setStyleSheet("")
                edit.setToolTip(self._normal_tips.pop(edit))

    def _emit(self, field: str) -> None:
        if self._updating or self._fields is None:
            return
        self.changed.emit(field, self.current_fields())
