"""``MZEstimator.exe`` is a windowed program on Windows (no console window on a double-click); from
a terminal it attaches to the terminal's console for ``--smoke`` and ``--pdf``. The Windows calls are
replaced by fakes here; on Linux and macOS nothing changes."""
from __future__ import annotations

import io
import sys

from app.__main__ import attach_parent_console


class FakeKernel32:
    def __init__(self, has_parent_console: bool):
        self.has_parent_console = has_parent_console
        self.calls: list[int] = []

    def AttachConsole(self, pid: int) -> int:  # noqa: N802 (the Win32 name)
        self.calls.append(pid)
        return int(self.has_parent_console)


def opened(log: list):
    def opener(name, mode, **kw):
        log.append((name, mode, kw.get("encoding")))
        return io.StringIO()
    return opener


def test_started_from_a_terminal_without_streams_writes_to_its_console(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    kernel32, log = FakeKernel32(True), []
    assert attach_parent_console("win32", kernel32, opened(log)) is True
    assert kernel32.calls == [-1]  # ATTACH_PARENT_PROCESS
    assert log == [("CONOUT$", "w", "utf-8"), ("CONOUT$", "w", "utf-8")]
    assert isinstance(sys.stdout, io.StringIO) and isinstance(sys.stderr, io.StringIO)


def test_redirected_stream_is_kept(monkeypatch):
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stdout", pipe)
    monkeypatch.setattr(sys, "stderr", None)
    log: list = []
    assert attach_parent_console("win32", FakeKernel32(True), opened(log)) is True
    assert sys.stdout is pipe and log == [("CONOUT$", "w", "utf-8")]


def test_double_click_has_no_console_to_attach(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    log: list = []
    assert attach_parent_console("win32", FakeKernel32(False), opened(log)) is False
    assert sys.stdout is None and sys.stderr is None and log == []


def test_streams_given_by_the_caller_need_no_console(monkeypatch):
    kernel32, log = FakeKernel32(True), []
    assert attach_parent_console("win32", kernel32, opened(log)) is False  # pytest's streams exist
    assert kernel32.calls == [] and log == []


def test_linux_and_macos_are_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    for platform in ("linux", "darwin"):
        kernel32, log = FakeKernel32(True), []
        assert attach_parent_console(platform, kernel32, opened(log)) is False
        assert kernel32.calls == [] and log == [] and sys.stdout is None
