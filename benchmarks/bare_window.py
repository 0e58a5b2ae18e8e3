"""The baseline of the start-up, memory and size benchmarks: a bare PySide6 window that shows
and quits. Run from source, and built by the same PyInstaller as a one-folder hello-world."""
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def main() -> int:
    app = QApplication(sys.argv)
    window = QWidget()
    window.setWindowTitle("hello")
    window.show()
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
