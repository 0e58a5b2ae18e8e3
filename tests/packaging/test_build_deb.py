"""packaging/build_deb.py: the .deb's file tree, control data, desktop entry and MIME type, built
from a stand-in bundle (the real one is built, installed and removed by packaging/test_deb.sh in
.ci/run)."""
from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("build_deb", ROOT / "packaging" / "build_deb.py")
build_deb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_deb)


@pytest.fixture
def bundle(tmp_path) -> Path:
    folder = tmp_path / "MZEstimator"
    (folder / "_internal" / "rules").mkdir(parents=True)
    for name in ("MZEstimator", "mzcalc"):
        (folder / name).write_bytes(b"\x7fELF stand-in")
        (folder / name).chmod(0o700)
    (folder / "_internal" / "rules" / "tongliao.yaml").write_text("region: tongliao\n", encoding="utf-8")
    (folder / "_internal" / "rules" / "tongliao.yaml").chmod(0o600)
    return folder


def test_staged_tree(bundle, tmp_path):
    root = tmp_path / "root"
    build_deb.stage(bundle, root)
    opt = root / "opt" / "mzestimator"
    assert (opt / "MZEstimator").stat().st_mode & 0o777 == 0o755
    assert (opt / "_internal" / "rules" / "tongliao.yaml").stat().st_mode & 0o777 == 0o644  # readable by all
    link = root / "usr" / "bin" / "mzcalc"
    assert link.is_symlink() and str(link.readlink()) == "/opt/mzestimator/mzcalc"
    icon = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "mzestimator.png"
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "app.png").read_bytes()

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(root / "usr" / "share" / "applications" / "mzestimator.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "/opt/mzestimator/MZEstimator %f"  # %f: the double-clicked case file
    assert desktop["Icon"] == "mzestimator" and desktop["Name[zh_CN]"] == "门诊统筹测算"
    assert "application/x-mzcase" in desktop["MimeType"].split(";")

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(root / "usr" / "share" / "mime" / "packages" / "mzestimator.xml").getroot()
    kind = mime.find("m:mime-type", ns)
    assert kind.get("type") == "application/x-mzcase"
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.mzcase"]
    assert kind.find("m:sub-class-of", ns).get("type") == "application/json"


def test_maintainer_scripts_refresh_only_what_is_there():
    for script, actions in ((build_deb.POSTINST, "configure"), (build_deb.POSTRM, "remove|purge")):
        assert script.startswith("#!/bin/sh\nset -e\n") and actions in script
        for tool in ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache"):
            assert f"command -v {tool}" in script
        if shutil.which("sh"):
            assert subprocess.run(["sh", "-n"], input=script, text=True).returncode == 0


def test_a_bundle_without_mzcalc_is_refused(bundle, tmp_path):
    (bundle / "mzcalc").unlink()
    with pytest.raises(SystemExit, match="mzcalc is missing"):
        build_deb.build(bundle, tmp_path / "out")


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb (Debian's dpkg) is not installed")
def test_package_built_by_dpkg_deb(bundle, tmp_path):
    deb = build_deb.build(bundle, tmp_path / "out")
    assert deb.name == f"mzestimator_{build_deb.version()}_{build_deb.architecture()}.deb"
    field = lambda name: subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True,  # noqa: E731
                                        text=True, check=True).stdout.strip()
    assert field("Package") == "mzestimator" and field("Version") == build_deb.version()
    assert "libegl1" in field("Depends")
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "root/root" in listing and "./opt/mzestimator/mzcalc" in listing
    assert "./usr/bin/mzcalc -> /opt/mzestimator/mzcalc" in listing
    control = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "postinst" in control and "postrm" in control
