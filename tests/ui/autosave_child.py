"""A running copy of the window for the two-process autosave test (not a test module).

``python tests/ui/autosave_child.py AUTOSAVE_DIR TOTAL``: opens the sample, types TOTAL into the
first visit's total, autosaves, prints the autosave file's path, then waits. A line ``close`` on
stdin closes the window cleanly; otherwise it runs until it is killed.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.rules.loader import load_rules  # noqa: E402
from app.ui.main_window import MainWindow, sample_case_path  # noqa: E402
from app.ui.visits_model import COLUMN_INDEX  # noqa: E402


def main() -> int:
    directory, total = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    settings = QSettings(str(directory.parent / f"settings-{os.getpid()}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(load_rules(), settings, None, autosave_dir=directory)
    window.open_path(sample_case_path(), as_untitled=True, quiet=True)
    window.model.setData(window.model.index(0, COLUMN_INDEX["total"]), total)
    assert window.autosave.write_now()
    print(window.autosave.case_path, flush=True)
    if sys.stdin.readline().strip() == "close":
        window.undo.setClean()
        window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
