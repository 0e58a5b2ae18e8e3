"""Saved files (issue 10): the user's usual permissions (only the autosave is private), no
temporary file left behind for long, and a text that cannot be stored is an OSError with the
reason (the window shows it) rather than a UnicodeError nobody sees."""
from __future__ import annotations

import os
import sys
import time

import pytest

from app.core.case import TEMP_MARK, atomic_path, clean_stale_temp_files, write_atomic
from app.core.worksheet import PersonFields, Worksheet, save_worksheet, worksheet_from_json

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@posix_only
def test_saved_files_follow_the_umask_and_the_autosave_is_private(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "case.mzcase", "{}")
        write_atomic(tmp_path / "autosave.mzcase", "{}", private=True)
        os.umask(0o077)
        write_atomic(tmp_path / "strict.mzcase", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "case.mzcase").stat().st_mode & 0o777 == 0o644  # 0o666 less 0o022
    assert (tmp_path / "autosave.mzcase").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "strict.mzcase").stat().st_mode & 0o777 == 0o600  # 0o666 less 0o077


def test_a_killed_save_leaves_a_marked_temporary_file_that_is_cleaned_later(tmp_path):
    target = tmp_path / "案例.mzcase"
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            leftover = tmp
            raise KeyboardInterrupt  # an interrupted save removes its own temporary file …
    assert not leftover.exists() and not target.exists()
    # … a killed one cannot: simulate what it leaves, one old and one of a save in progress
    old = tmp_path / f".案例{TEMP_MARK}abcd1234.mzcase"
    fresh = tmp_path / f".案例{TEMP_MARK}efgh5678.mzcase"
    unrelated = tmp_path / ".hidden.mzcase"
    for p in (old, fresh, unrelated):
        p.write_text("x", encoding="utf-8")
    now = time.time()
    os.utime(old, (now - 2 * 3600, now - 2 * 3600))
    os.utime(unrelated, (now - 2 * 3600, now - 2 * 3600))
    assert clean_stale_temp_files([tmp_path, tmp_path / "missing"], now=now) == [old]
    assert not old.exists() and fresh.exists() and unrelated.exists()


def test_a_title_that_cannot_be_stored_is_an_oserror_with_the_reason(tmp_path):
    # a hand-edited case file may carry a lone surrogate (\ud800), which no encoding can store
    ws = worksheet_from_json('{"format": "outpatient-pooling-case", "version": 1, "person": {"region": "tongliao",'
                             ' "year": 2023, "category": "employed", "title": "\\ud800 x"}, "rows": []}')
    path = tmp_path / "c.mzcase"
    with pytest.raises(OSError) as info:
        save_worksheet(ws, path)
    assert "cannot be stored" in str(info.value) and "\\ud800" in str(info.value)
    assert not path.exists() and list(tmp_path.iterdir()) == []  # no temporary file either
    save_worksheet(Worksheet(PersonFields("tongliao", 2023, title="通辽 ✓")), path)  # ordinary text saves
    assert "通辽 ✓" in path.read_text(encoding="utf-8")
