"""The estimator window: case header, visits table, live summary, next-visit quote, explanation."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog, QLabel, QMainWindow, QMessageBox, QSizePolicy, QSplitter, QTabWidget, QVBoxLayout,
    QWidget,
)

from app.core import freshness
from app.core.engine import CaseError
from app.core.rules.loader import RuleSet
from app.core.worksheet import (
    CASE_SUFFIX, CaseFileError, suggested_stem, PasteError, PersonFields, SheetResult, Worksheet, carry_tiers, load_worksheet,
    rows_from_paste, save_worksheet,
)
from app.paths import resources_dir

from . import batch_dialog, placement
from .autosave import Autosave
from .commands import SetPersonCommand
from .header import CaseHeader
from .i18n import N_, Translations, translator
from .panels import ExplanationPanel, QuotePanel, SidePanels, SummaryPanel
from .visits_model import COLUMN_INDEX, RECONCILIATION_COLUMNS, VisitsModel
from .visits_view import VisitsView

MAX_RECENT = 8


CONTEXT = "MainWindow"  # translation context of this module's texts (see app/ui/i18n.py)
tr = translator(CONTEXT)


def sample_case_path() -> Path:
    return resources_dir() / "samples" / "sample.mzcase"


class MainWindow(QMainWindow):
    def __init__(self, rules: RuleSet, settings: QSettings, translations: Translations | None = None,
                 autosave_dir: Path | None = None, blank: bool = True):
        """*blank*: start with an empty case, settled; ``python -m app`` passes False because it opens
        a case at once (the last one, the one named, or the sample) and would only throw that away."""
        super().__init__()
        self.rules = rules
        self.settings = settings
        self.translations = translations
        self.lang = translations.lang if translations else "zh"
        self.path: Path | None = None
        self._year_said: tuple[str, int] | None = None  # (region, year) the new-case year message is about
        self.result: SheetResult | None = None
        self.regions_dialog = None  # File → 地区规则…, while open
        self.undo = QUndoStack(self)
        self.sheet = Worksheet(PersonFields(region=self._default_region(), year=date.today().year))
        self.model = VisitsModel(self.sheet, self.undo, self)
        self.autosave = Autosave(autosave_dir, self)

        self.header = CaseHeader(rules)
        self.view = VisitsView()
        self.view.setObjectName("visits")
        self.view.setModel(self.model)
        self.summary = SummaryPanel()
        self.quote = QuotePanel()
        self.explanation = ExplanationPanel()

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.view)
        # the year chart (QtCharts) is made when its tab is first shown: see `chart`
        self._chart = None
        self.chart_page = QWidget()
        self.chart_page.setObjectName("chartPage")
        QVBoxLayout(self.chart_page).setContentsMargins(0, 0, 0, 0)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setObjectName("lowerTabs")
        self.lower_tabs.addTab(self.explanation, "")
        self.lower_tabs.addTab(self.chart_page, "")
        self.lower_tabs.currentChanged.connect(
            lambda index: self.chart if self.lower_tabs.widget(index) is self.chart_page else None)
        left.addWidget(self.lower_tabs)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)
        self.side = SidePanels(self.summary, self.quote)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status_cell = QLabel()  # the current cell's reason; hidden while a temporary message shows
        self.status_cell.setObjectName("statusCell")
        # a long reason is clipped (whole in the tooltip), never widening the window
        self.status_cell.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.status_cell, 1)
        self.statusBar().messageChanged.connect(lambda message: self.status_cell.setVisible(not message))

        self._make_actions()
        self._make_menus()
        self.header.changed.connect(self.edit_header)
        self.header.choiceMade.connect(self.focus_visits)
        self.model.edited.connect(self.recompute)
        self.view.pasteRequested.connect(self.paste)
        self.view.deleteRequested.connect(self.delete_rows)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._current_changed())
        self.quote.amountChanged.connect(self._update_quote)
        self.undo.cleanChanged.connect(self._clean_changed)
        self.undo.indexChanged.connect(self.autosave.mark_dirty)
        self.retranslate()
        self._restore_geometry()
        if blank:
            self.load_sheet(self.sheet, None)

    @property
    def chart(self):
        """The year chart, made on first use (its tab shown, View → 全年图表): importing QtCharts
        and building the chart is left out of the start-up of a window nobody may chart."""
        if self._chart is None:
            from .chart import YearChart

            self._chart = YearChart()
            self.chart_page.layout().addWidget(self._chart)
            self._chart.show()  # a child added to a page already on screen stays hidden until told
            self._chart.retranslate()
            if self.result is not None:
                self._chart.show_result(self.rules.regions.get(self.sheet.person.region), self.result, self.lang)
        return self._chart

    # --- actions and menus --------------------------------------------------------------
    def _make_actions(self) -> None:
        def act(slot, shortcut=None, name=""):
            a = QAction(self)
            a.setObjectName(name)
            if shortcut is not None:
                a.setShortcut(shortcut)
            a.triggered.connect(slot)
            return a

        K = QKeySequence.StandardKey
        self.act_new = act(self.new_case, K.New, "new")
        self.act_open = act(self.open_dialog, K.Open, "open")
        self.act_save = act(self.save, K.Save, "save")
        self.act_save_as = act(self.save_as, K.SaveAs, "saveAs")
        self.act_quit = act(self.close, K.Quit, "quit")
        # import/export and printing load openpyxl and QtPrintSupport: only when first used
        def file_action(name: str):
            def run() -> None:
                from . import file_actions

                getattr(file_actions, name)(self)
            return run

        self.act_import = act(file_action("import_dialog"), QKeySequence("Ctrl+I"), "importVisits")
        self.act_export = act(file_action("export_dialog"), QKeySequence("Ctrl+E"), "exportVisits")
        self.act_preview = act(file_action("print_preview"), None, "printPreview")
        self.act_print = act(file_action("print_slip"), K.Print, "print")
        self.act_pdf = act(file_action("export_pdf_dialog"), None, "exportPdf")
        self.act_full_id = act(lambda: self.settings.setValue("slip/fullId", self.act_full_id.isChecked()),
                               None, "slipFullId")  # the slip masks the ID number unless this is ticked
        self.act_full_id.setCheckable(True)
        self.act_full_id.setChecked(self.slip_full_id())
        self.act_batch = act(lambda: batch_dialog.open_batch_dialog(self), None, "batchEstimate")
        self.act_rules = act(self.open_rule_editor, None, "ruleEditor")
        self.act_chart = act(lambda: self.lower_tabs.setCurrentWidget(self.chart_page), None, "showChart")
        self.act_undo = self.undo.createUndoAction(self)
        self.act_undo.setShortcut(K.Undo)
        self.act_redo = self.undo.createRedoAction(self)
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_add = act(self.add_row, QKeySequence("Ctrl+Return"), "addRow")
        self.act_delete = act(self.delete_rows, None, "deleteRows")
        self.act_paste = act(self.paste, None, "paste")
        self.act_zh = act(lambda: self.set_language("zh"), None, "langZh")
        self.act_en = act(lambda: self.set_language("en"), None, "langEn")
        for a in (self.act_zh, self.act_en):
            a.setCheckable(True)
        self.act_shortcuts = act(self.show_shortcuts, K.HelpContents, "shortcuts")
        self.act_about = act(self.show_about, None, "about")
        for a in (self.act_undo, self.act_redo):
            self.addAction(a)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addActions([self.act_new, self.act_open])
        self.menu_recent = self.menu_file.addMenu("")
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_save, self.act_save_as])
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_import, self.act_export, self.act_batch, self.act_rules])
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_preview, self.act_print, self.act_pdf, self.act_full_id])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = bar.addMenu("")
        self.menu_edit.addActions([self.act_undo, self.act_redo])
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.act_add, self.act_delete, self.act_paste])
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_chart)
        self.menu_lang = self.menu_view.addMenu("")
        self.menu_lang.addActions([self.act_zh, self.act_en])
        self.menu_help = bar.addMenu("")
        self.menu_help.addActions([self.act_shortcuts, self.act_about])
        self._rebuild_recent_menu()

    def retranslate(self) -> None:
        self.menu_file.setTitle(tr("文件(&F)"))
        self.menu_recent.setTitle(tr("最近打开(&R)"))
        self.menu_edit.setTitle(tr("编辑(&E)"))
        self.menu_view.setTitle(tr("视图(&V)"))
        self.menu_lang.setTitle(tr("语言 / Language"))
        self.menu_help.setTitle(tr("帮助(&H)"))
        self.act_new.setText(tr("新建案例(&N)"))
        self.act_open.setText(tr("打开(&O)…"))
        self.act_save.setText(tr("保存(&S)"))
        self.act_save_as.setText(tr("另存为(&A)…"))
        self.act_quit.setText(tr("退出(&Q)"))
        self.act_import.setText(tr("导入就诊记录(&I)…"))
        self.act_export.setText(tr("导出(&E)…"))
        self.act_batch.setText(batch_dialog.action_text())
        self.act_rules.setText(tr("地区规则(&G)…"))
        self.act_preview.setText(tr("打印预览(&V)…"))
        self.act_print.setText(tr("打印测算单(&P)…"))
        self.act_pdf.setText(tr("导出测算单 PDF(&D)…"))
        self.act_full_id.setText(tr("测算单显示完整证件号码"))
        self.act_chart.setText(tr("全年图表(&C)"))
        self.lower_tabs.setTabText(0, tr("结算过程"))
        self.lower_tabs.setTabText(1, tr("全年图表"))
        if self._chart is not None:
            self._chart.retranslate()
        self.act_add.setText(tr("添加就诊记录"))
        self.act_delete.setText(tr("删除所选记录\tDel"))
        self.act_paste.setText(tr("粘贴 Excel 行\tCtrl+V"))
        self.act_zh.setText("中文")
        self.act_en.setText("English")
        self.act_zh.setChecked(self.lang == "zh")
        self.act_en.setChecked(self.lang == "en")
        self.act_shortcuts.setText(tr("快捷键(&K)"))
        self.act_about.setText(tr("关于(&A)"))
        self.act_undo.setText(tr("撤销"))
        self.act_redo.setText(tr("重做"))
        self.header.lang = self.lang
        self.header.retranslate()
        self.summary.retranslate()
        self.quote.retranslate()
        self.explanation.retranslate()
        self.model.set_language(self.lang)
        self.view.fit_columns()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.recompute()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        if self.translations is not None:
            if not self.translations.switch(lang) and lang == "en":
                QMessageBox.warning(self, "Language", "English translation not found (resources/translations/app_en.qm).")
            self.lang = self.translations.lang
        else:
            self.lang = lang
        self.settings.setValue("language", self.lang)
        self.retranslate()
        self.recompute()

    # --- rules -------------------------------------------------------------------------------
    def open_rule_editor(self) -> None:
        """File → 地区规则…: the regions, their status and sources; New from…, Edit, Import, Export."""
        from .rule_regions import open_regions_dialog

        self.regions_dialog = open_regions_dialog(self)  # kept alive while open

    def rules_changed(self, rf, path: Path) -> None:
        """A rule file saved or imported into the user's folder: it replaces the region's rules here,
        and the open case re-settles with it when it is that region's."""
        self.rules = RuleSet(regions={**self.rules.regions, rf.region: rf},
                             origins={**self.rules.origins, rf.region: path},
                             errors=[e for e in self.rules.errors if Path(e.path) != path])  # that file loads now
        self.header.rules = self.rules
        self.header.retranslate()  # the region list (its names and ⚠ marks)
        if self.sheet.person.region == rf.region:
            self.model.region = rf
            self.recompute()

    def rules_removed(self, region: str) -> None:
        """A user's rule file deleted: its region leaves the rule set. An open case of that region keeps
        its region id (the header shows it red with the reason; nothing is settled) until the clerk
        chooses another region or imports the file again."""
        self.rules = RuleSet(regions={k: v for k, v in self.rules.regions.items() if k != region},
                             origins={k: v for k, v in self.rules.origins.items() if k != region},
                             errors=list(self.rules.errors))
        self.header.rules = self.rules
        self.header.retranslate()
        if self.sheet.person.region == region:
            self.model.region = None
            self.recompute()

    # --- case lifecycle -----------------------------------------------------------------
    def _default_region(self) -> str:
        return "tongliao" if "tongliao" in self.rules.regions else next(iter(sorted(self.rules.regions)), "tongliao")

    def load_sheet(self, sheet: Worksheet, path: Path | None) -> None:
        sheet.settle(self.rules.regions.get(sheet.person.region))  # raises before anything is replaced
        self.sheet = sheet
        self.path = path
        self.undo.clear()
        self.model.reset(sheet, self.rules.regions.get(sheet.person.region), None)
        self.header.show_fields(sheet.person)
        self.recompute()
        self.view.fit_columns()
        self.undo.setClean()
        self._update_title()

    def maybe_save(self) -> bool:
        """Ask before discarding unsaved changes; False means cancel."""
        if self.undo.isClean():
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, tr("未保存的修改"),
                          tr("当前案例有未保存的修改。是否保存？"), parent=self)
        save = box.addButton(tr("保存"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("不保存"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked == cancel:
            return False
        if clicked == save:
            return self.save()
        return True

    def new_case(self) -> None:
        if not self.maybe_save():
            return
        p = self.sheet.person
        today = date.today()
        region = self.rules.regions.get(p.region)
        year, reviewed = freshness.new_case_year(region, today)
        self.load_sheet(Worksheet(PersonFields(region=p.region, year=year, category=p.category)), None)
        if reviewed is not None:  # not the current year: say why, where the clerk looks
            self.show_status(freshness.new_case_year_text(region, year, today, self.lang), 15000)
            self._year_said = (p.region, year)  # the message is about this region's year: gone when either changes
        self.header.region.setFocus()  # a new case starts with its header; choosing moves on to the table

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.path.parent) if self.path else self.settings.value("lastDir", str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(self, tr("打开案例"), start,
                                              tr("门诊统筹案例 (*%1);;所有文件 (*)").replace("%1", CASE_SUFFIX))
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, *, as_untitled: bool = False, quiet: bool = False) -> bool:
        """Open a case file. A corrupt or foreign file leaves the current case untouched."""
        try:
            sheet = load_worksheet(path)
            self.load_sheet(sheet, None if as_untitled else path)  # all or nothing: it settles first
        except (CaseFileError, ArithmeticError, ValueError, RecursionError) as exc:
            if not isinstance(exc, CaseFileError):
                exc = CaseFileError(f"{path}: the case cannot be computed ({type(exc).__name__})")
            if not quiet:
                QMessageBox.critical(self, tr("无法打开"), tr("无法打开该文件，当前案例未作改动。") + "\n\n" + str(exc))
            self.show_status(str(exc), 10000)
            return False
        if not as_untitled:
            self._add_recent(path)
            self.settings.setValue("lastDir", str(path.parent))
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        start = str(self.path) if self.path else str(Path(self.settings.value("lastDir", str(Path.home())))
                                                     / ((suggested_stem(self.sheet.person) or tr("案例")) + CASE_SUFFIX))
        name, _ = QFileDialog.getSaveFileName(self, tr("另存为"), start,
                                              tr("门诊统筹案例 (*%1)").replace("%1", CASE_SUFFIX))
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != CASE_SUFFIX:
            path = path.with_name(path.name + CASE_SUFFIX)
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            save_worksheet(self.sheet, path)
        except OSError as exc:
            QMessageBox.critical(self, tr("保存失败"), tr("无法保存到 %1：").replace("%1", str(path)) + f"\n{exc}")
            return False
        self.path = path
        self.undo.setClean()
        self.autosave.discard()
        self._add_recent(path)
        self.settings.setValue("lastDir", str(path.parent))
        self.show_status(tr("已保存 %1").replace("%1", str(path)), 5000)
        self._update_title()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        if self.isVisible():  # a window never shown (--smoke, --pdf) keeps the geometry the user left
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("splitter", self.splitter.saveState())
        self.autosave.discard()
        event.accept()

    def offer_recovery(self) -> None:
        """After a crash: offer the autosaved case; declining discards it."""
        pending = self.autosave.pending()
        if pending is None:
            return
        path, original = pending
        answer = QMessageBox.question(
            self, tr("恢复未保存的案例"),
            tr("上次退出时有未保存的案例（%1）。是否恢复？").replace("%1", original or tr("未命名案例")))
        if answer == QMessageBox.StandardButton.Yes and self.open_path(path, as_untitled=True):
            self.path = Path(original) if original else None
            self.undo.resetClean()  # recovered work is unsaved work
            self._update_title()
        else:
            self.autosave.discard()

    # --- recent files -------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if isinstance(v, str)]

    def _add_recent(self, path: Path) -> None:
        items = [str(path)] + [p for p in self.recent_files() if p != str(path)]
        self.settings.setValue("recentFiles", items[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.menu_recent.clear()
        files = self.recent_files()
        for n, name in enumerate(files, start=1):
            a = self.menu_recent.addAction(f"&{n} {name}")
            a.triggered.connect(lambda _c=False, p=name: self.maybe_save() and self.open_path(Path(p)))
        self.menu_recent.setEnabled(bool(files))

    # --- editing ------------------------------------------------------------------------
    def edit_header(self, field: str, fields: PersonFields) -> None:
        """Change the case header to *fields* as one undo step (*field* names what changed)."""
        names = {"region": N_("统筹地区"), "year": N_("年度"), "category": N_("人员类别"),
                 "birth_date": N_("出生日期"), "contribution_base": N_("缴费基数"),
                 "opening_balance": N_("账户年初余额"), "pooling_only": N_("单建统筹"),
                 "name": N_("姓名"), "id_number": N_("证件号码")}
        if field.startswith("carry:"):
            field = "carry"
            names["carry"] = N_("此前已累计")
        text = tr("修改%1").replace("%1", tr(names.get(field, N_("地区参数"))))
        rows = None
        if fields.region != self.sheet.person.region:  # tiers carried over by name, else red
            carried = carry_tiers(self.sheet.rows, self.rules.regions.get(self.sheet.person.region),
                                  self.rules.regions.get(fields.region))
            if carried != self.sheet.rows:
                rows = (list(self.sheet.rows), carried)
        self.undo.push(SetPersonCommand(self._apply_person, self.sheet.person, fields, text, field, rows))

    def _apply_person(self, fields: PersonFields, rows=None) -> None:
        if self._year_said is not None and self._year_said != (fields.region, fields.year):
            self._year_said = None
            self.statusBar().clearMessage()  # why the new case's year was set: no longer about this case
        self.sheet.person = fields
        self.model.region = self.rules.regions.get(fields.region)
        if rows is not None:
            self.model.set_rows(rows)
        self.header.show_fields(fields)
        self.recompute()
        self._update_title()

    def focus_visits(self) -> None:
        """Move the keyboard to the visits table: the current cell, else the first row's date."""
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus()

    def add_row(self) -> None:
        idx = self.view.start_new_row()
        self.view.setCurrentIndex(idx)
        self.view.setFocus()
        self.view.edit(idx)

    def delete_rows(self) -> None:
        self.model.delete_rows(self.view.selected_rows())

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            return
        current = self.view.currentIndex()
        if "\t" not in text and "\n" not in text.strip() and current.isValid() \
                and self.model.flags(current) & Qt.ItemFlag.ItemIsEditable:
            self.model.setData(current, text.strip())
            return
        try:
            rows = rows_from_paste(text, self.model.region, self.sheet.person.year)
        except PasteError as exc:
            names = {"designated": tr("定点"), "emergency": tr("急诊抢救")}
            QMessageBox.warning(self, tr("无法粘贴"), tr("第 %1 行“%2”应为 是/否，而不是“%3”。未粘贴任何记录。")
                                .replace("%1", str(exc.line)).replace("%2", names[exc.column]).replace("%3", exc.value))
            return
        position = current.row() + 1 if current.isValid() else self.model.rowCount()
        if current.isValid() and self.sheet.rows[current.row()].is_blank():
            position = current.row()  # fill in before the empty row Enter just made
        self.model.insert_rows_undoable(position, rows, tr("粘贴 %1 条就诊记录").replace("%1", str(len(rows))))
        self.show_status(tr("已粘贴 %1 条就诊记录").replace("%1", str(len(rows))), 5000)

    # --- computing and showing ------------------------------------------------------------
    def recompute(self) -> None:
        region = self.rules.regions.get(self.sheet.person.region)
        self.result = self.sheet.settle(region)
        self.model.set_result(region, self.result)
        for key in RECONCILIATION_COLUMNS:  # actual vs estimated: only for imported settlements
            self.view.setColumnHidden(COLUMN_INDEX[key], not self.result.reconciliation)
        self.view.fit_columns(grow_only=True, changed_only=True)  # the other cells fit already
        self.header.mark_invalid(self.result.case_error_field, self.result.case_error_text(self.lang))
        self.summary.show_result(region, self.result, self.lang)
        if self._chart is not None:
            self._chart.show_result(region, self.result, self.lang)
        self._update_quote()
        self._current_changed()

    def quote_date(self) -> date:
        year = self.sheet.person.year
        today = date.today()
        if today.year == year:
            return today
        est = self.result.estimate if self.result else None
        if est and est.lines:
            return max(r.visit.date for r in est.lines)
        return date(year, 1, 1)

    def _update_quote(self) -> None:
        region = self.rules.regions.get(self.sheet.person.region)
        amount = self.quote.amount_value()
        if amount is None:
            self.quote.show_quote(region, None, None, self.lang, tr("请输入不小于0、最多两位小数的金额"))
            return
        if self.result is None or self.result.settler is None:
            self.quote.show_quote(region, None, None, self.lang)
            return
        on = self.quote_date()
        try:
            quotes = self.result.quote(amount, on)
        except CaseError as exc:
            self.quote.show_quote(region, None, None, self.lang, str(exc))
            return
        self.quote.show_quote(region, quotes, on, self.lang)

    def _current_changed(self) -> None:
        idx = self.view.currentIndex()
        region = self.rules.regions.get(self.sheet.person.region)
        if not idx.isValid() or self.result is None:
            self.explanation.show_visit(region, None, None, None, self.lang)
            self.show_status("")
            return
        r = idx.row()
        err = self.result.row_errors.get(r)
        err_text = self.model.cell_error(r, err.field) if err else None
        if err_text is None and self.result.case_error and r < len(self.sheet.rows) and not self.sheet.rows[r].is_blank():
            err_text = self.result.case_error_text(self.lang)
        self.explanation.show_visit(region, self.result.by_row.get(r), r, err_text, self.lang,
                                    self.sheet.person.category, payment=self.result.payment_of(r),
                                    reconciliation=self.result.reconciliation.get(r))
        self.show_status(tr("第 %1 行：").replace("%1", str(r + 1)) + err_text if err_text else "")

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        """Put *text* in the status bar, the one message shown there.

        With *timeout_ms* it is a temporary message (saved, imported …) that covers the current
        cell's reason until it expires; then the reason is back. Without, *text* is the current
        cell's reason: a new one replaces a temporary message, an empty one leaves it.
        """
        if timeout_ms > 0:
            self.statusBar().showMessage(text, timeout_ms)  # messageChanged hides the reason meanwhile
            return
        if text == self.status_cell.text():
            return
        self.status_cell.setText(text)
        self.status_cell.setToolTip(text)
        if text:
            self.statusBar().clearMessage()

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def slip_full_id(self) -> bool:
        """Whether the slip prints the ID number whole (a setting; masked by default)."""
        return str(self.settings.value("slip/fullId", "false")).lower() == "true"

    def _update_title(self) -> None:
        name = self.path.name if self.path else tr("未命名案例")
        who = self.sheet.person.name.strip() if self.sheet is not None else ""
        self.setWindowTitle(f"{name}[*] — " + (f"{who} — " if who else "") + tr("职工医保门诊统筹报销测算"))
        self.setWindowModified(not self.undo.isClean())

    def summary_line(self) -> str:
        """One line for ``--smoke``: region, fund paid, remaining allowance."""
        est = self.result.estimate if self.result else None
        if est is None:
            return f"region={self.sheet.person.region} error={self.result.case_error if self.result else 'none'}"
        t = est.totals
        from app.core.money import fmt

        return f"region={est.region.region} fund={fmt(t.fund)} remaining={fmt(t.remaining_allowance) or 'no-cap'}"

    # --- help -----------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        QMessageBox.information(self, tr("快捷键"), tr(
            "Enter：确认并移到下一项（日期 → 等级 → 总费用 → 下一行；录入新记录时在最后一行后自动新增）\n"
            "Esc：取消本格的修改；在未填写的新行上按 Esc 删除该行\n"
            "Tab / Shift+Tab：下一格 / 上一格\n"
            "日期：2023-02-10、2023/2/10、20230210、2023年2月10日，本年度内也可写 2-10、0210、2月10日；F4 打开日历\n"
            "等级单元格：输入 1、2、3… 或名称、简称（一级、三甲、一类、社区…）\n"
            "空格：勾选或取消“定点”“急诊抢救”“家属”\n"
            "Delete：删除所选行\n"
            "Ctrl+V：粘贴从 Excel 复制的行（日期、等级、总费用、全自费、乙类先行自付、定点、急诊）\n"
            "Ctrl+Z / Ctrl+Y：撤销 / 重做\n"
            "Ctrl+Enter：添加就诊记录\n"
            "Ctrl+N / Ctrl+O / Ctrl+S：新建 / 打开 / 保存\n"
            "Ctrl+I / Ctrl+E：导入 / 导出就诊记录（CSV、Excel）\n"
            "Ctrl+P：打印测算单"))

    def show_about(self) -> None:
        QMessageBox.about(self, tr("关于"), tr(
            "职工医保普通门诊统筹报销测算\n\n测算结果仅供参考，以医保经办机构结算为准。"))

    # --- window size ----------------------------------------------------------------------
    PREFERRED_SIZE = QSize(1360, 780)
    # the smallest the window may be made; the layout's own minimum grows with what it shows
    # (longer English labels, a region's parameters …) and must never push the window bigger
    MINIMUM_SIZE = QSize(960, 560)

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(self.PREFERRED_SIZE)
            self._center_on(QGuiApplication.primaryScreen())
        self.fit_to_screen()
        state = self.settings.value("splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        else:  # the summary and quote get three tenths, more if their figures need it
            self.splitter.setSizes([self.width() * 7 // 10, self.width() * 3 // 10])

    def _screen_room(self, screen) -> QRect:
        """The part of *screen*'s available area the window itself may take, its frame around it."""
        return placement.screen_room(screen)

    def _center_on(self, screen) -> None:
        if screen is None:
            return
        room = self._screen_room(screen)
        size = self.size().boundedTo(room.size())
        self.setGeometry(QRect(room.center() - QPoint(size.width() // 2, size.height() // 2), size))

    def fit_to_screen(self) -> None:
        """Keep the whole window, frame included, within the available area of the screen it is on."""
        screen = QGuiApplication.screenAt(self.geometry().center()) or self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = self._screen_room(screen)
        self.setMinimumSize(self.MINIMUM_SIZE.boundedTo(room.size()))
        rect = self.geometry()
        size = rect.size().boundedTo(room.size())
        x = min(max(rect.x(), room.left()), room.right() + 1 - size.width())
        y = min(max(rect.y(), room.top()), room.bottom() + 1 - size.height())
        if QRect(x, y, size.width(), size.height()) != rect:
            self.setGeometry(x, y, size.width(), size.height())
