"""``python -m app``: the estimator window. ``--smoke`` builds it with the sample case,
prints one summary line and exits 0 (used by CI and the packaged build)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2, no usage dump
        print(f"error: {message} (see python -m app --help)", file=sys.stderr)
        sys.exit(2)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):
        return False


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="python -m app", description="职工医保门诊统筹报销测算 / outpatient pooling estimator")
    p.add_argument("case", nargs="?", help="a case file (.mzcase) to open")
    p.add_argument("--smoke", action="store_true", help="build the window with the sample case, print a summary line, exit")
    p.add_argument("--pdf", metavar="OUT.pdf",
                   help="write the estimate slip (测算单) of the case, or of the sample, as an A4 PDF and exit")
    p.add_argument("--lang", choices=("zh", "en"), help="UI language (default: last used, else Chinese)")
    p.add_argument("--rules-dir", action="append", default=[], metavar="DIR", help="also load rule files from DIR")
    return p.parse_args(argv)


def attach_parent_console(platform: str = sys.platform, kernel32=None, opener=open) -> bool:
    """Windows: the bundle's ``MZEstimator.exe`` is a windowed program, so that a double-click shows
    no console window; started from a terminal it has no standard output. Attach to the terminal's
    console (``AttachConsole(ATTACH_PARENT_PROCESS)``) and write there, so that ``--smoke``, ``--pdf``,
    ``--help`` and error lines print. Streams a caller redirected (pipes, files) are kept; started by
    a double-click there is no parent console and nothing changes. Elsewhere: nothing to do.
    Returns whether a stream was reopened on the console."""
    if platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return False
    if kernel32 is None:
        import ctypes
        kernel32 = ctypes.windll.kernel32
    if not kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS; fails when there is none
        return False
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, opener("CONOUT$", "w", encoding="utf-8", errors="replace"))
    return True


def main(argv: list[str] | None = None) -> int:
    attach_parent_console()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.pdf and args.case and _same_file(Path(args.case), Path(args.pdf)):
        print(f"error: {args.pdf}: the PDF would overwrite the case file it is made from; choose another name",
              file=sys.stderr)
        return 2
    headless = args.smoke or bool(args.pdf)
    if headless and "QT_QPA_PLATFORM" not in os.environ and sys.platform.startswith("linux") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    # The Qt-free core first (the worksheet, and with it the engine, the case and the rules):
    # PySide6, once imported, reads the source of each module an import statement names (to look
    # for ``from __feature__ import``) and keeps it in ``linecache``; the imports the core makes
    # before it are not read. What was read is dropped below (together ≈ 2 MiB off the peak).
    import importlib
    import linecache

    importlib.import_module("app.core.worksheet")
    from app.core.rules.loader import load_rules
    from app.paths import resources_dir

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.ui.fonts import use_regular_face
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow, sample_case_path
    from app.ui.user_rules import user_rules_dir

    linecache.clearcache()  # those sources (≈ 3 MiB): a traceback reads them again if it needs them

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("MZEstimator")
    app.setApplicationName("OutpatientPoolingEstimator")
    app.setApplicationDisplayName("门诊统筹测算")
    icon = resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    use_regular_face(app)  # Chinese in one face, bold drawn from it: no second CJK font file (≈ 4 MiB)
    settings = QSettings()
    translations = Translations(app)
    translations.switch(args.lang or str(settings.value("language", "zh")))

    extra = [d for d in [user_rules_dir()] if d.is_dir()] + [Path(d) for d in args.rules_dir]
    rules = load_rules(extra)
    window = MainWindow(rules, settings, translations, blank=False)  # a case is opened below
    opened = False
    if args.case:
        opened = window.open_path(Path(args.case), quiet=headless)
        if not opened and args.pdf:  # the window put the reason (file and why) in its status bar
            reason = window.statusBar().currentMessage() or f"{args.case}: cannot open this case file"
            print(f"error: {' '.join(reason.split())}", file=sys.stderr)
            return 2
    elif not headless:  # reopen the case the clerk had open last time, if it is still there
        last = next(iter(window.recent_files()), None)
        opened = bool(last) and Path(last).is_file() and window.open_path(Path(last), quiet=True)
    if not opened:  # first launch (and --smoke): the bundled sample, never an empty window
        opened = window.open_path(sample_case_path(), as_untitled=True, quiet=True)
    if not opened:  # not even the sample: an empty case
        window.load_sheet(window.sheet, None)
    if args.pdf:
        return write_slip_pdf(window, Path(args.pdf))
    if args.smoke:
        print(window.summary_line())
        for err in rules.errors:
            print(f"rule file error: {err}", file=sys.stderr)
        window.undo.setClean()
        window.close()
        return _flushed(window, settings, 0)
    _clean_temp_files(window)
    window.offer_recovery()
    show_rule_errors(window, rules)
    window.show()
    return _flushed(window, settings, app.exec())


# Set by main() once the window has closed and everything it writes is on disk: the process may
# then end at once (``exit_fast``) instead of tearing down every Qt and Python object (≈ 70 ms).
_flushed_cleanly = False


def _flushed(window, settings, code: int) -> int:
    """After the window closed: its autosave removed and lock released, the settings written."""
    global _flushed_cleanly
    if window.isVisible():  # Qt quit without closing the window (closeEvent did not run): the usual way out
        return code
    window.autosave.release()
    settings.sync()
    _flushed_cleanly = settings.status() == settings.Status.NoError
    return code


def exit_fast(code: int) -> None:
    """End the process with *code*: at once (``os._exit``, no teardown) when main() flushed
    everything on its normal way out (``--smoke``, or the window closed), else as usual."""
    if not _flushed_cleanly:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be written anyway
            pass
    os._exit(code)


def show_rule_errors(window, rules) -> None:
    """Rule files that did not load (the others did): all of them in the status bar, one line each
    in its tooltip, until the next message."""
    if not rules.errors:
        return
    window.show_status(" | ".join(str(e) for e in rules.errors), 60_000)
    window.statusBar().setToolTip("\n".join(str(e) for e in rules.errors))


def _clean_temp_files(window) -> None:
    """Temporary files of saves that were killed, in the folders this program writes to."""
    from app.core.case import clean_stale_temp_files

    folders = [window.autosave.directory] + [Path(p).parent for p in window.recent_files()]
    last = window.settings.value("lastDir")
    if isinstance(last, str) and last:
        folders.append(Path(last))
    clean_stale_temp_files(folders)


def write_slip_pdf(window, path: Path) -> int:
    """``--pdf``: the open case's slip as a PDF, without showing the window; 0 or 2 (bad input)."""
    from app.ui.file_actions import current_slip, write_slip_pdf

    slip = current_slip(window, quiet=True)
    if slip is None:
        reason = (window.result.case_error if window.result else "") or "the case is incomplete"
        print(f"error: the case cannot be computed: {' '.join(reason.split())}", file=sys.stderr)
        return 2
    try:
        write_slip_pdf(window, slip, path)
    except OSError as exc:
        print(f"error: {path}: cannot write the PDF: {' '.join(str(exc.strerror or exc).split())}", file=sys.stderr)
        return 2
    window.undo.setClean()
    window.close()
    print(path)
    return 0


def keep_compiled_code() -> None:
    """From source with bytecode writing turned off (``PYTHONDONTWRITEBYTECODE``, ``-B``), every start
    compiles every module again (≈ 80 ms). Keep the compiled modules in this program's cache folder
    instead (``sys.pycache_prefix``): nothing is written beside the sources, and the next start reads
    them. A bundle, or a prefix the user chose, is left as it is."""
    if getattr(sys, "frozen", False) or not sys.dont_write_bytecode or sys.pycache_prefix:
        return
    from app.paths import user_cache_dir

    sys.pycache_prefix = str(user_cache_dir() / "bytecode")
    sys.dont_write_bytecode = False


if __name__ == "__main__":
    keep_compiled_code()
    exit_fast(main())
