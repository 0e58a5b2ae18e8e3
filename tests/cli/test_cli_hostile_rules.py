"""A broken rule file of another region (issue 10) never stops `regions`, `estimate` or
`python -m app`; it is named, with its line and field, where the user can see it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .test_cli_errors import bad, estimate

REPO = Path(__file__).resolve().parents[2]
IMPOSSIBLE = "region: zzz\nname: {zh: 甲, en: A}\nversions:\n  - effective_from: 2023-02-30\n"


def broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "myrules"
    folder.mkdir(parents=True)
    (folder / "zzz.yaml").write_text(IMPOSSIBLE, encoding="utf-8")
    return folder


def test_regions_lists_the_others_and_names_the_broken_file(cli, tmp_path):
    folder = broken_folder(tmp_path)
    result = cli("regions", "--rules-dir", folder)
    assert result.code == 2 and "Traceback" not in result.err
    assert {line.split("\t")[0] for line in result.out.splitlines() if not line.startswith(" ")} == {
        "beijing", "jiangsu", "jiangxi", "jincheng", "tongliao"}
    assert result.err_lines == [f"error: {folder / 'zzz.yaml'}:4: versions[0].effective_from: "
                                "not a valid date: '2023-02-30'"]


def test_estimate_of_another_region_still_works(cli, csv_file, tmp_path):
    folder = broken_folder(tmp_path)
    # jiangxi, employed, level1 60 %, deductible 600: (1000 − 600) × 60 % = 240.00
    path = csv_file("date,tier,total", "2023-04-01,level1,1000")
    result = estimate(cli, path, "--rules-dir", folder, region="jiangxi")
    assert result.code == 0, result.err
    assert json.loads(result.out)["totals"]["fund"] == "240.00"
    assert len(result.err_lines) == 1 and "zzz.yaml:4" in result.err and "warning" in result.err


def test_estimate_of_the_broken_region_is_refused(cli, csv_file, tmp_path):
    folder = broken_folder(tmp_path)
    path = csv_file("date,tier,total", "2023-04-01,level1,1000")
    bad(estimate(cli, path, "--rules-dir", folder, region="zzz"), f"{folder / 'zzz.yaml'}:4:", "effective_from")


def test_the_window_starts_with_a_broken_user_rule_file(tmp_path):
    data_home = tmp_path / "data"
    folder = data_home / "MZEstimator" / "OutpatientPoolingEstimator" / "rules"
    folder.mkdir(parents=True)
    (folder / "zzz.yaml").write_text(IMPOSSIBLE, encoding="utf-8")
    (folder / "deep.yaml").write_text("a: " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "app", "--smoke"], cwd=REPO, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("region=")
    assert "zzz.yaml:4: versions[0].effective_from" in proc.stderr
    assert "deep.yaml:1: nested too deep" in proc.stderr
