"""Shared fixtures for the command-line tests: run ``python -m app.cli`` in a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rule_copies

REPO = Path(__file__).resolve().parents[2]


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self) -> dict:
        assert self.code == 0, self.err
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture(scope="session")
def cli():
    """``cli("estimate", "--region", …)`` → Result (exit code, stdout, stderr)."""

    def run(*args: str | Path) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *map(str, args)],
            cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
        return Result(proc)

    return run


@pytest.fixture
def csv_file(tmp_path):
    """``csv_file("date,tier,total", "2023-01-01,level1,100")`` → path of a UTF-8 CSV."""
    counter = iter(range(1000))

    def write(*lines: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / f"visits{next(counter)}.csv"
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
        return path

    return write


@pytest.fixture
def new_region_text() -> str:
    """jiangxi.yaml copied into region ``newcity`` (see tests/rule_copies.py)."""
    return rule_copies.new_region_text()
