"""packaging/mzestimator.iss cannot be compiled here (Inno Setup is a Windows program; the hosted CI
workflow compiles it): check what it says against the bundle build.spec makes."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = (ROOT / "packaging" / "mzestimator.iss").read_bytes()
ISS = RAW.decode("utf-8-sig")


def defines() -> dict[str, str]:
    return dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', ISS, re.MULTILINE))


def test_saved_with_a_bom_so_inno_setup_reads_the_chinese_names_as_utf8():
    assert RAW.startswith(b"\xef\xbb\xbf") and "门诊统筹测算" in ISS


def test_installs_the_bundle_build_spec_makes():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    name = re.search(r'^NAME = "(\w+)"', spec, re.MULTILINE)[1]
    assert defines()["ExeName"] == f"{name}.exe"
    assert f'Source: "..\\dist\\{name}\\*"' in ISS and "recursesubdirs" in ISS
    assert 'name="mzcalc"' in spec  # the command line the installed folder carries too


def test_start_menu_entry_association_and_uninstaller():
    d = defines()
    assert re.search(r'^Name: "\{group\}\\\{#ShortName\}"; Filename: "\{app\}\\\{#ExeName\}"', ISS, re.MULTILINE)
    assert "{uninstallexe}" in ISS and "ChangesAssociations=yes" in ISS
    # .mzcase names the ProgID whose open command passes the file to the program
    assert re.search(r'Subkey: "Software\\Classes\\\.mzcase"; ValueType: string; ValueName: ""; ValueData: "\{#ProgId\}"', ISS)
    assert 'Subkey: "Software\\Classes\\{#ProgId}\\shell\\open\\command"' in ISS
    assert '"""{app}\\{#ExeName}"" ""%1"""' in ISS
    assert d["ProgId"] and "uninsdeletekey" in ISS
