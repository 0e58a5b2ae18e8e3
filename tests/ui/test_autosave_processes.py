"""Two running copies never share an autosave (issue 10): each window writes its own file and
holds its lock while alive; a new window is offered only the work of one that died, and
declining it deletes nothing that belongs to a living window."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.core.worksheet import load_worksheet

from .keyboard import save_as

CHILD = Path(__file__).with_name("autosave_child.py")


def start(directory: Path, total: str) -> tuple[subprocess.Popen, Path]:
    proc = subprocess.Popen([sys.executable, str(CHILD), str(directory), total], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    line = proc.stdout.readline().strip()
    assert line, proc.stderr.read()
    return proc, Path(line)


def test_two_windows_one_killed_a_third_is_offered_only_the_dead_ones_work(make_window, tmp_path, monkeypatch):
    directory = tmp_path / "autosave"  # make_window's autosave folder
    first, first_file = start(directory, "111")
    second, second_file = start(directory, "222")
    try:
        assert first_file != second_file and first_file.parent == second_file.parent == directory
        assert load_worksheet(first_file).rows[0].total == "111"
        assert load_worksheet(second_file).rows[0].total == "222"
        first.kill()  # a crash: no clean close, its autosave stays
        first.wait(timeout=30)

        third = make_window()
        asked = []

        def decline(*args, **kwargs):
            asked.append(args[2])
            return QMessageBox.StandardButton.No

        monkeypatch.setattr(QMessageBox, "question", decline)
        assert third.autosave.pending() == (first_file, "")
        third.offer_recovery()  # declined: only the dead window's autosave goes
        assert len(asked) == 1
        assert not first_file.exists()
        assert second_file.exists() and load_worksheet(second_file).rows[0].total == "222"
        assert third.autosave.pending() is None  # the living window's work is never offered
        fourth = make_window()
        fourth.offer_recovery()
        assert len(asked) == 1 and second_file.exists()

        second.communicate("close\n", timeout=60)  # a clean close removes its own autosave
        assert second.returncode == 0
        assert not second_file.exists()
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


def test_the_killed_windows_work_is_recovered(make_window, tmp_path, monkeypatch):
    directory = tmp_path / "autosave"
    crashed, crashed_file = start(directory, "333")
    crashed.kill()
    crashed.wait(timeout=30)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = make_window()
    w.offer_recovery()
    assert w.sheet.rows[0].total == "333" and w.isWindowModified()
    other = make_window()  # a second new window is not offered the same work while w holds it
    assert other.autosave.pending() is None
    assert crashed_file.exists()  # kept until w saves or closes cleanly: a crash of w loses nothing
    assert save_as(w, tmp_path / "recovered.mzcase", monkeypatch)
    assert not crashed_file.exists()
