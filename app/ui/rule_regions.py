"""File → 地区规则…: every region (bundled and the user's) with its status — verified, estimated from
bounds, unverified —, its source documents and when it was last reviewed; New from… (a copy under a new
id in the user's rules folder), Edit (the form of app/ui/rule_editor.py, for the user's own files),
Import (a file checked by the loader, all or nothing), Export (a copy of the file) and Delete (a user's
file, once confirmed; bundled files cannot be deleted)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.core.rules import editing
from app.core.rules.loader import RuleFileError, bundled_rules_dir, load_rule_file
from app.core.rules.schema import RuleFile

from .i18n import N_, translator
from .placement import place_within_screen
from .rule_editor import ID_RE, STATUS_TEXT, RuleEditor
from .rule_version import ok_cancel
from .user_rules import user_rules_dir

if TYPE_CHECKING:
    from .case_window import RulesWindow

CONTEXT = "RuleEditor"  # the editor's translation context (see app/ui/i18n.py)
tr = translator(CONTEXT)

ORIGIN_TEXT = {"bundled": N_("内置（只读）"), "user": N_("用户规则"), "other": N_("其他文件夹（只读）")}


# --- New from… --------------------------------------------------------------------------------
class NewFromDialog(QDialog):
    """The id and names of a copy of a region."""

    def __init__(self, source: RuleFile, taken: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newFrom")
        self.taken = taken
        self.setWindowTitle(tr("新建自 %1").replace("%1", source.name.zh))
        self.region = QLineEdit()
        self.region.setObjectName("newRegionId")
        self.region.setPlaceholderText(tr("小写字母、数字和 _，如 yangzhou"))
        self.name_zh = QLineEdit()
        self.name_zh.setObjectName("newNameZh")
        self.name_en = QLineEdit()
        self.name_en.setObjectName("newNameEn")
        # wide enough for the hint and a city's full name (it was cut at 140 px)
        width = self.region.fontMetrics().horizontalAdvance(self.region.placeholderText() + "MMMM")
        for edit in (self.region, self.name_zh, self.name_en):
            edit.setMinimumWidth(width)
        self.reason = QLabel()
        self.reason.setObjectName("newReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #b00020;")
        form = QFormLayout(self)
        for text, widget in ((N_("新地区编号(&I)"), self.region), (N_("中文名称(&Z)"), self.name_zh),
                             (N_("英文名称(&E)"), self.name_en)):
            label = QLabel(tr(text))
            label.setBuddy(widget)
            form.addRow(label, widget)
            widget.textChanged.connect(self._check)
        form.addRow(self.reason)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        rid = self.region.text().strip()
        reason = ""
        if not ID_RE.match(rid):
            reason = tr("编号须以小写字母开头，只含小写字母、数字和 _")
        elif rid in self.taken:
            reason = tr("已有编号为 %1 的地区").replace("%1", rid)
        elif not self.name_zh.text().strip() or not self.name_en.text().strip():
            reason = tr("请填写中英文名称")
        self.reason.setText(reason if rid else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reason)


# --- the list of regions -------------------------------------------------------------------------
class RegionsDialog(QDialog):
    """Every region (bundled and the user's) with its status, sources and review date."""

    COLUMNS = (N_("地区"), N_("编号"), N_("状态"), N_("来源文件"), N_("最后核对"), N_("位置"))

    def __init__(self, window: "RulesWindow"):
        super().__init__(window)
        self.setObjectName("regionsDialog")
        self.window_ = window
        self.editor: RuleEditor | None = None
        self.setWindowTitle(tr("地区规则"))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("regions")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.edit())
        self.new_button = QPushButton(tr("新建自(&N)…"))
        self.new_button.setObjectName("newFromButton")
        self.edit_button = QPushButton(tr("编辑(&E)…"))
        self.edit_button.setObjectName("editButton")
        self.import_button = QPushButton(tr("导入(&I)…"))
        self.import_button.setObjectName("importButton")
        self.export_button = QPushButton(tr("导出(&X)…"))
        self.export_button.setObjectName("exportButton")
        self.delete_button = QPushButton(tr("删除(&D)…"))
        self.delete_button.setObjectName("deleteButton")
        self.close_button = QPushButton(tr("关闭"))
        self.close_button.setObjectName("closeButton")
        self.new_button.clicked.connect(self.new_from)
        self.edit_button.clicked.connect(self.edit)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.delete_button.clicked.connect(self.delete_region)
        self.close_button.clicked.connect(self.accept)
        self.hint = QLabel()
        self.hint.setObjectName("regionsHint")
        self.hint.setWordWrap(True)
        self.broken = QLabel()  # rule files that did not load (a user's broken file is no region yet)
        self.broken.setObjectName("brokenRules")
        self.broken.setWordWrap(True)
        self.broken.setStyleSheet("color: #b00020;")
        self.broken.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.import_button, self.export_button, self.delete_button):
            buttons.addWidget(b)
            b.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.broken)
        lay.addWidget(self.hint)
        lay.addLayout(buttons)
        self.refresh()
        place_within_screen(self, QSize(1120, 440), window)

    # --- listing ------------------------------------------------------------------------------
    def origin_kind(self, region: str) -> str:
        path = self.window_.rules.origins.get(region)
        if path is None:
            return "other"
        parent = Path(path).resolve().parent
        if parent == bundled_rules_dir().resolve():
            return "bundled"
        if parent == user_rules_dir().resolve():
            return "user"
        return "other"

    def regions(self) -> list[str]:
        return [self.table.item(r, 1).text() for r in range(self.table.rowCount())]

    def current_region(self) -> str | None:
        r = self.table.currentRow()
        return self.table.item(r, 1).text() if r >= 0 and self.table.item(r, 1) else None

    def refresh(self, select: str | None = None) -> None:
        select = select or self.current_region()
        rules = self.window_.rules
        lang = self.window_.lang
        items = sorted(rules.regions.items(), key=lambda kv: kv[1].name.zh)
        self.table.setRowCount(len(items))
        for r, (rid, rf) in enumerate(items):
            docs = "；".join(f"{d.number or ''} {d.title}".strip() for k, d in rf.documents.items()
                            if k != editing.UNSOURCED)
            unsourced = editing.unsourced_places(editing.plain_of(rf))
            status = tr(STATUS_TEXT[rf.verification])
            if unsourced:
                status += tr("（%1 个数值未注明出处）").replace("%1", str(len(unsourced)))
            reviewed = editing.last_reviewed(rf)
            cells = [rf.name.get(lang), rid, status, docs, reviewed.isoformat() if reviewed else tr("从未"),
                     tr(ORIGIN_TEXT[self.origin_kind(rid)])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 2 and rf.verification != "verified":
                    item.setForeground(QBrush(QColor("#b26a00")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        errors = [str(e) for e in rules.errors]
        self.broken.setText(tr("未能加载的规则文件：") + "\n" + "\n".join(errors) if errors else "")
        self.broken.setVisible(bool(errors))
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), 320))
        if select in rules.regions:
            self.table.selectRow(self.regions().index(select))
        elif items:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        region = self.current_region()
        kind = self.origin_kind(region) if region else None
        self.new_button.setEnabled(region is not None)
        self.export_button.setEnabled(region is not None)
        self.edit_button.setEnabled(kind == "user")
        self.delete_button.setEnabled(kind == "user")  # bundled files are never deleted
        self.hint.setText(tr("内置规则只读：用“新建自…”复制到用户规则文件夹后修改。用户规则文件夹：%1")
                          .replace("%1", str(user_rules_dir())))

    # --- actions --------------------------------------------------------------------------------
    def _saved(self, rf: RuleFile, path: Path) -> None:
        self.window_.rules_changed(rf, path)
        self.refresh(rf.region)

    def open_editor(self, data: dict, path: Path, *, new: bool) -> RuleEditor:
        self.editor = RuleEditor(data, path, self._saved, self, new=new)
        self.editor.show()
        self.editor.name_zh.setFocus()
        return self.editor

    def new_from(self) -> NewFromDialog | None:
        """Ask the copy's id and names (window-modal); accepted, the editor opens on the copy."""
        region = self.current_region()
        if region is None:
            return None
        rf = self.window_.rules.regions[region]
        ask = NewFromDialog(rf, set(self.window_.rules.regions), self)
        self.new_dialog = ask

        def make_copy() -> None:
            rid = ask.region.text().strip()
            data = editing.copy_as(editing.plain_of(rf), rid, ask.name_zh.text().strip(), ask.name_en.text().strip())
            self.open_editor(data, user_rules_dir() / f"{rid}.yaml", new=True)

        ask.accepted.connect(make_copy)
        ask.setWindowModality(Qt.WindowModality.WindowModal)
        ask.show()
        ask.region.setFocus()
        return ask

    def edit(self) -> RuleEditor | None:
        region = self.current_region()
        if region is None or self.origin_kind(region) != "user":
            return None
        rf = self.window_.rules.regions[region]
        return self.open_editor(editing.plain_of(rf), Path(self.window_.rules.origins[region]), new=False)

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("导入地区规则文件"), str(Path.home()),
                                              tr("规则文件 (*.yaml *.yml)"))
        if not name:
            return
        bundled = {r for r in self.window_.rules.regions if self.origin_kind(r) == "bundled"}
        try:
            region = load_rule_file(Path(name)).region
            if region not in bundled and self.origin_kind(region) == "user":
                answer = QMessageBox.question(
                    self, tr("导入地区规则文件"),
                    tr("用户规则中已有地区 %1。是否用导入的文件替换？").replace("%1", region))
                if answer != QMessageBox.StandardButton.Yes:
                    return
            mine = {r: Path(p) for r, p in self.window_.rules.origins.items() if self.origin_kind(r) == "user"}
            rf, path = editing.import_rule_file(Path(name), user_rules_dir(), bundled, mine)
        except RuleFileError as exc:
            QMessageBox.warning(self, tr("无法导入"), tr("文件未导入，规则未作任何修改：") + f"\n{exc}")
            return
        except editing.ImportRefused as exc:
            QMessageBox.warning(self, tr("无法导入"), tr(
                "文件的地区编号 %1 与内置地区相同，未导入。请先用“新建自…”建立副本，或在文件中改用新的编号。")
                .replace("%1", str(exc)))
            return
        except OSError as exc:
            QMessageBox.warning(self, tr("无法导入"), tr("无法写入用户规则文件夹：") + f"\n{exc}")
            return
        self._saved(rf, path)

    def export_file(self) -> None:
        region = self.current_region()
        if region is None:
            return
        origin = Path(self.window_.rules.origins[region])
        name, _ = QFileDialog.getSaveFileName(self, tr("导出地区规则文件"), str(Path.home() / f"{region}.yaml"),
                                              tr("规则文件 (*.yaml *.yml)"))
        if not name:
            return
        try:
            editing.export_rule_file(origin, Path(name))
        except OSError as exc:
            QMessageBox.warning(self, tr("导出失败"), tr("无法保存到 %1：").replace("%1", name) + f"\n{exc}")
            return
        self.hint.setText(tr("已导出到 %1").replace("%1", name))


    def delete_region(self) -> bool:
        """Delete the user's rule file of the selected region, once the clerk confirms it (named)."""
        region = self.current_region()
        if region is None or self.origin_kind(region) != "user":
            return False
        path = Path(self.window_.rules.origins[region])
        name = self.window_.rules.regions[region].name.get(self.window_.lang)
        if self.editor is not None and self.editor.isVisible() and Path(self.editor.path) == path:
            QMessageBox.warning(self, tr("无法删除"), tr("地区 %1 的规则正在编辑：请先关闭编辑窗口。").replace("%1", name))
            return False
        answer = QMessageBox.question(
            self, tr("删除地区规则"),
            tr("删除地区 %1（%2）的规则文件？\n%3\n删除后无法恢复；如需保留，请先导出。")
            .replace("%1", name).replace("%2", region).replace("%3", str(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            path.unlink()
        except OSError as exc:
            QMessageBox.warning(self, tr("无法删除"), tr("无法删除 %1：").replace("%1", str(path)) + f"\n{exc}")
            return False
        self.window_.rules_removed(region)
        self.refresh()
        self.hint.setText(tr("已删除 %1").replace("%1", str(path)))
        return True


def open_regions_dialog(window: "RulesWindow") -> RegionsDialog:
    dialog = RegionsDialog(window)
    dialog.show()
    dialog.table.setFocus()
    return dialog


