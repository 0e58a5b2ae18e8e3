"""Shared fixtures for the command-line tests: run ``python -m app.cli`` in a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, (old, text.count(old))
    return text.replace(old, new)


NEW_REGION_EXAMPLE = """\
examples:
  - name: new city, employed
    arithmetic: |
      deductible 500; level1 70%: (1500 − 500) × 70% = 700.00; remaining 3000 − 700 = 2300.00.
    year: 2023
    category: employed
    visits:
      - {date: 2023-04-01, tier: level1, total: 1500}
    expect:
      visits: [{deductible: "500.00", fund: "700.00"}]
      totals: {fund: "700.00", remaining_allowance: "2300.00"}
"""


@pytest.fixture
def new_region_text() -> str:
    """jiangxi.yaml copied into region ``newcity``: deductible 500, employed level1 70 %, cap 3000 / 3500."""
    text = (REPO / "rules" / "jiangxi.yaml").read_text(encoding="utf-8")
    text = replace_once(text, "region: jiangxi", "region: newcity")
    text = replace_once(text, "name: {zh: 江西省, en: Jiangxi}", "name: {zh: 新城市, en: New City}")
    text = replace_once(text, "amount: 600,", "amount: 500,")
    text = replace_once(text, "{tier: level1, category: employed, ratio: 0.60",
                        "{tier: level1, category: employed, ratio: 0.70")
    text = replace_once(text, "{category: employed, amount: 1800,", "{category: employed, amount: 3000,")
    text = replace_once(text, "{category: retired, amount: 2000,", "{category: retired, amount: 3500,")
    return text.split("\nexamples:\n")[0] + "\n" + NEW_REGION_EXAMPLE
