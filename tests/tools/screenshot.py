"""Take a screenshot of the window with the sample case: ``python tests/tools/screenshot.py OUT.png [--lang en]``.

Run under Xvfb (or QT_QPA_PLATFORM=offscreen) with a CJK font installed.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshot.png")
    lang = "en" if "--lang" in sys.argv and sys.argv[sys.argv.index("--lang") + 1] == "en" else "zh"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.core.rules.loader import load_rules
    from app.ui.fonts import use_regular_face
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow, sample_case_path

    app = QApplication(sys.argv[:1])
    use_regular_face(app)  # the font python -m app sets
    tmp = tempfile.mkdtemp()
    settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
    tr = Translations(app)
    tr.switch(lang)
    w = MainWindow(load_rules(), settings, tr, autosave_dir=Path(tmp))
    w.open_path(sample_case_path(), as_untitled=True)
    w.resize(1366, 740)  # a 1366×768 counter screen, less the title bar
    w.show()
    row = int(sys.argv[sys.argv.index("--row") + 1]) if "--row" in sys.argv else 1
    w.view.setCurrentIndex(w.model.index(row, 2))
    for _ in range(5):
        app.processEvents()
    w.grab().save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
