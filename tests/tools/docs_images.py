"""Make README's pictures of the estimate slip and the year chart from the sample case:
``python tests/tools/docs_images.py [OUT_DIR] [--lang en]`` → OUT_DIR/slip.png, OUT_DIR/chart.png.

Run under Xvfb (or QT_QPA_PLATFORM=offscreen) with a CJK font and poppler-utils (pdftoppm) installed.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--") and a not in ("en", "zh")]
    out = Path(args[0] if args else "docs")
    lang = "en" if "--lang" in sys.argv and sys.argv[sys.argv.index("--lang") + 1] == "en" else "zh"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.core.rules.loader import load_rules
    from app.ui import file_actions
    from app.ui.fonts import use_regular_face
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow, sample_case_path

    app = QApplication(sys.argv[:1])
    use_regular_face(app)  # the font python -m app sets
    tmp = Path(tempfile.mkdtemp())
    tr = Translations(app)
    tr.switch(lang)
    w = MainWindow(load_rules(), QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), tr, autosave_dir=tmp)
    w.open_path(sample_case_path(), as_untitled=True)
    w.resize(1400, 860)
    w.show()
    w.act_chart.trigger()
    for _ in range(5):
        app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    w.chart.grab().save(str(out / "chart.png"))
    pdf = tmp / "slip.pdf"
    if not file_actions.export_pdf(w, pdf):
        return 1
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(pdf), str(out / "slip")], check=True)
    print(out / "slip.png", out / "chart.png")
    w.undo.setClean()
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
