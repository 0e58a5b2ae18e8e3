"""The installed Qt binding does not break the interpreter under a long session of edits.

PySide6 6.12.0 loses a reference to ``True`` on every ``Signal.emit()`` made from Python; on
Python 3.11 the process aborts ("bool_dealloc") after a few thousand emits — a clerk's
afternoon of typing. pyproject.toml excludes that release; this test catches it coming back.
"""
from __future__ import annotations

import subprocess
import sys

CODE = r"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Emitter(QObject):
    plain = Signal()
    typed = Signal(str, object)
e = Emitter()
before = sys.getrefcount(True)
for _ in range(20000):
    e.plain.emit()
    e.typed.emit("field", None)
print(sys.getrefcount(True) - before)
"""


def test_signal_emits_do_not_leak_references():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"the interpreter aborted: {out.stderr[-400:]}"
    assert abs(int(out.stdout.strip())) < 100  # 40,000 emits: no per-emit leak
