"""The double-click build: the PyInstaller bundle of ``build.spec``, started as counter staff
would start it (here offscreen, with ``--smoke``).

Run with ``python -m pytest -m frozen``. The bundle is built once per run (about half a minute),
unless ``MZ_FROZEN_DIST`` names the ``dist`` folder README's build command made (CI does that).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

pytestmark = pytest.mark.frozen

ROOT = Path(__file__).resolve().parents[2]
NAME = "MZEstimator"
SUMMARY = re.compile(r"^region=(\S+) fund=(\S+) remaining=(\S+)$")


def executable(dist: Path, name: str = NAME) -> Path:
    return dist / NAME / (f"{name}.exe" if sys.platform == "win32" else name)


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """The bundle's executable: from ``$MZ_FROZEN_DIST``, else built now from build.spec."""
    given = os.environ.get("MZ_FROZEN_DIST")
    if given:
        exe = executable(Path(given).resolve())
        assert exe.is_file(), f"MZ_FROZEN_DIST={given}: there is no {exe}"
        return exe
    work = tmp_path_factory.mktemp("pyinstaller")
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert built.returncode == 0, f"PyInstaller failed:\n{built.stdout[-4000:]}\n{built.stderr[-4000:]}"
    return executable(work / "dist")


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """Offscreen Qt, and settings and data folders of a fresh user (Linux, macOS)."""
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
                XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))


def run(command: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, **kw)


def test_frozen_smoke_prints_what_the_source_prints(bundle, env):
    source = run([sys.executable, "-m", "app", "--smoke"], env, cwd=ROOT)
    assert source.returncode == 0, source.stderr
    assert SUMMARY.match(source.stdout.strip()), source.stdout
    for lang in ("zh", "en"):
        frozen = run([str(bundle), "--smoke", "--lang", lang], env)
        assert frozen.returncode == 0, frozen.stderr
        assert frozen.stdout == source.stdout
        assert "rule file error" not in frozen.stderr


def test_bundle_holds_rules_resources_and_translations(bundle):
    base = next(p for p in (bundle.parent / "_internal", bundle.parent) if (p / "rules").is_dir())
    assert sorted(p.name for p in (base / "rules").glob("*.yaml")) == \
        sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    for name in ("translations/app_en.qm", "samples/sample.mzcase", "icons/app.png"):
        assert (base / "resources" / name).is_file(), name
    assert not list((base / "resources").rglob("*.ts"))
    unused = [p.name for p in base.rglob("*") if re.search(r"Qt6?(Quick|Qml|WebEngine|Multimedia|3D)", p.name)]
    assert unused == []


@pytest.mark.skipif(sys.platform == "win32", reason="the user's cache folder on Windows is not under HOME")
def test_the_bundle_starts_from_its_rules_checked_at_build_time(bundle, env, tmp_path):
    base = next(p for p in (bundle.parent / "_internal", bundle.parent) if (p / "rules").is_dir())
    checked = json.loads((base / "validated_rules.json").read_text(encoding="utf-8"))
    assert len(checked["entries"]) == len(list((ROOT / "rules").glob("*.yaml")))
    env = dict(env, XDG_CACHE_HOME=str(tmp_path / "cache"))
    done = run([str(bundle), "--smoke"], env)
    assert done.returncode == 0 and SUMMARY.match(done.stdout.strip()), done.stderr
    assert not (tmp_path / "cache" / "MZEstimator" / "rules").exists()  # none checked again, none kept


@pytest.mark.skipif(sys.platform == "win32", reason="Qt's AppData folder on Windows cannot be redirected to a test folder")
def test_frozen_app_reads_the_users_rules_folder(bundle, env):
    before = SUMMARY.match(run([str(bundle), "--smoke"], env).stdout.strip())
    # README: the user's rules folder, where a file replaces the bundled region of the same id
    data = Path(env["XDG_DATA_HOME"]) if sys.platform != "darwin" else Path(env["HOME"]) / "Library" / "Application Support"
    folder = data / "MZEstimator" / "OutpatientPoolingEstimator" / "rules"
    folder.mkdir(parents=True)
    text = (ROOT / "rules" / f"{before[1]}.yaml").read_text(encoding="utf-8")
    raised = re.sub(r"(category: (?:employed|retired), amount: )(\d+)", lambda m: f"{m[1]}{int(m[2]) + 1000}", text)
    assert raised != text, "the annual cap lines of the rule file changed shape"
    (folder / f"{before[1]}.yaml").write_text(raised, encoding="utf-8")
    frozen = run([str(bundle), "--smoke"], env)
    assert frozen.returncode == 0 and "rule file error" not in frozen.stderr, frozen.stderr
    after = SUMMARY.match(frozen.stdout.strip())
    assert after[2] == before[2]  # the fund paid is the same; the annual cap is 1,000 higher
    assert Decimal(after[3].replace(",", "")) == Decimal(before[3].replace(",", "")) + 1000


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_frozen_app_prints_the_slip_with_chinese_glyphs(bundle, env, tmp_path):
    # the trimmed bundle still has Qt's PDF printing and finds a CJK font: the sample's slip
    out = tmp_path / "测算单.pdf"
    frozen = run([str(bundle), "--pdf", str(out)], env)
    assert frozen.returncode == 0, frozen.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    # sample (tests/ui/test_window.py): 通辽市, fund 2,387.78, remaining 5000 − 2387.78 = 2,612.22
    assert "通辽市" in text and "2,387.78" in text and "2,612.22" in text


def test_the_bundles_mzcalc_is_the_command_line(bundle, env, tmp_path):
    # build.spec's second program: `mzcalc` beside the window, the same output as `python -m app.cli`
    mzcalc = bundle.parent / bundle.name.replace(NAME, "mzcalc")
    assert mzcalc.is_file()
    visits = tmp_path / "visits.csv"
    visits.write_text("date,tier,total\n2023-03-01,level2,1800.00\n2023-05-10,level3,900.00\n", encoding="utf-8")
    command = ["estimate", "--region", "tongliao", "--year", "2023", "--category", "employed", str(visits)]
    source = run([sys.executable, "-m", "app.cli", *command], env, cwd=ROOT)
    frozen = run([str(mzcalc), *command], env)
    assert source.returncode == 0 and frozen.returncode == 0, frozen.stderr
    assert '"remaining_allowance"' in frozen.stdout and frozen.stdout == source.stdout
    regions = run([str(mzcalc), "regions"], env)
    assert regions.returncode == 0, regions.stderr
    assert {line.split("\t")[0] for line in regions.stdout.splitlines() if not line.startswith(" ")} == \
        {p.stem for p in (ROOT / "rules").glob("*.yaml")}
    bad = run([str(mzcalc), "estimate", "--region", "nowhere"], env)
    assert bad.returncode == 2 and bad.stderr.startswith("error: mzcalc estimate: "), bad.stderr
