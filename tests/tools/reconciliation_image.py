"""README's picture of the reconciliation view: ``python tests/tools/reconciliation_image.py OUT.png``.

A new Tongliao 2023 case (employed), resources/samples/reconciliation.csv imported as a clerk does
(File → 导入就诊记录, the preview accepted), the visit settled at another tier's ratio selected.
Run under Xvfb (or QT_QPA_PLATFORM=offscreen) with a CJK font installed.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "reconciliation.png")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

    from app.core.rules.loader import load_rules
    from app.core.worksheet import PersonFields, Worksheet
    from app.paths import resources_dir
    from app.ui.fonts import use_regular_face
    from app.ui.i18n import Translations
    from app.ui.import_dialog import ImportDialog
    from app.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    use_regular_face(app)  # the font python -m app sets
    tmp = Path(tempfile.mkdtemp())
    tr = Translations(app)
    tr.switch("zh")
    w = MainWindow(load_rules(), QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), tr, autosave_dir=tmp)
    w.load_sheet(Worksheet(PersonFields(region="tongliao", year=2023, category="employed")), None)
    sample = resources_dir() / "samples" / "reconciliation.csv"
    QFileDialog.getOpenFileName = lambda *a, **k: (str(sample), "")
    ImportDialog.exec = lambda self: QDialog.DialogCode.Accepted
    w.act_import.trigger()
    w.resize(1366, 740)
    w.show()
    from app.ui.visits_model import COLUMN_INDEX

    w.view.setCurrentIndex(w.model.index(1, COLUMN_INDEX["difference"]))  # the actual and difference columns
    for _ in range(5):
        app.processEvents()
    text = w.explanation.text  # the end of the explanation: the actual settlement and the likely reason
    text.verticalScrollBar().setValue(text.verticalScrollBar().maximum())
    for _ in range(3):
        app.processEvents()
    w.grab().save(str(out))
    print(out)
    w.undo.setClean()
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
