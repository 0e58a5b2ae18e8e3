"""Turn the one-folder bundle (``dist/MZEstimator``, made by build.spec) into a Debian package.

    python3 packaging/build_deb.py            # → dist/mzestimator_VERSION_ARCH.deb

Debian, Ubuntu, UOS, Kylin and Deepin install it with a double-click (or ``sudo apt install
./mzestimator_….deb``). What it installs:

- ``/opt/mzestimator/``: the bundle as built (``MZEstimator``, the window; ``mzcalc``, the command
  line; ``_internal/`` with the rules and resources);
- ``/usr/bin/mzcalc``: a link to ``/opt/mzestimator/mzcalc``, so ``mzcalc estimate …`` works from
  any terminal (the bundle's second program, see build.spec);
- ``/usr/share/applications/mzestimator.desktop``: the entry in the applications menu, with the
  icon (``/usr/share/icons/hicolor/256x256/apps/mzestimator.png``), and the handler of
  ``.mzcase`` files;
- ``/usr/share/mime/packages/mzestimator.xml``: the MIME type ``application/x-mzcase`` for
  ``*.mzcase`` (a kind of JSON), so a double-click on a case file opens it in the app;
- maintainer scripts that refresh the desktop, MIME and icon databases where those tools are
  installed, after installing and after removing (``dpkg -r`` leaves nothing behind: every file
  above belongs to the package, and the refreshed databases forget the type and the entry).

Only the standard library and ``dpkg-deb`` are needed. ``packaging/test_deb.sh`` installs the
package, runs it and removes it again (``.ci/run`` does that).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "mzestimator"
PREFIX = Path("opt") / PACKAGE
MIME_TYPE = "application/x-mzcase"

# Libraries the bundle takes from the system rather than carrying them (OpenGL/EGL, X11, fonts, D-Bus):
# present on every desktop, named here so that a bare server gets them too.
DEPENDS = ["libc6", "libegl1", "libgl1", "libx11-6", "libx11-xcb1", "libxkbcommon0", "libxkbcommon-x11-0",
           "libfontconfig1", "libdbus-1-3"]
RECOMMENDS = ["fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei", "xdg-utils"]

DESKTOP = f"""[Desktop Entry]
Type=Application
Version=1.0
Name=Outpatient Pooling Estimator
Name[zh_CN]=门诊统筹测算
GenericName=Reimbursement estimator
GenericName[zh_CN]=职工医保门诊统筹报销测算
Comment=Estimate employee medical insurance outpatient pooling reimbursements
Comment[zh_CN]=职工医保普通门诊统筹报销测算
Exec=/{PREFIX}/MZEstimator %f
TryExec=/{PREFIX}/MZEstimator
Icon={PACKAGE}
Terminal=false
Categories=Office;Finance;
MimeType={MIME_TYPE};
Keywords=medical;insurance;outpatient;reimbursement;门诊;统筹;医保;
"""

MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>Outpatient pooling case</comment>
    <comment xml:lang="zh_CN">门诊统筹测算案例</comment>
    <sub-class-of type="application/json"/>
    <icon name="{PACKAGE}"/>
    <glob pattern="*.mzcase"/>
  </mime-type>
</mime-info>
"""

# After installing and after removing: refresh the databases whose tools are there (on Debian the
# packages of those tools also do it through dpkg triggers; other dpkg systems may not).
REFRESH = """refresh() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database /usr/share/mime || true
    fi
    # only an icon cache that exists already: never leave a new one behind
    if [ -f /usr/share/icons/hicolor/icon-theme.cache ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
    fi
}
"""
POSTINST = "#!/bin/sh\nset -e\n" + REFRESH + """case "$1" in
    configure|abort-upgrade|abort-remove|abort-deconfigure) refresh ;;
esac
exit 0
"""
POSTRM = "#!/bin/sh\nset -e\n" + REFRESH + """case "$1" in
    remove|purge|abort-install|abort-upgrade) refresh ;;
esac
exit 0
"""


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def architecture() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        machine = platform.machine().lower()
        return {"x86_64": "amd64", "aarch64": "arm64", "i686": "i386"}.get(machine, machine)


def write(path: Path, text: str | bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    path.chmod(mode)


def normalise_modes(top: Path) -> None:
    """Folders 755, executables 755, other files 644 (whatever the build's umask was)."""
    for dirpath, dirnames, filenames in os.walk(top):
        Path(dirpath).chmod(0o755)
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            path.chmod(0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644)


def installed_size_kib(top: Path) -> int:
    total = sum(p.lstat().st_size for p in top.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def stage(bundle: Path, root: Path) -> None:
    """The package's file tree under *root* (without DEBIAN/)."""
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/{PREFIX}/mzcalc", root / "usr" / "bin" / "mzcalc")
    share = root / "usr" / "share"
    write(share / "applications" / f"{PACKAGE}.desktop", DESKTOP)
    write(share / "mime" / "packages" / f"{PACKAGE}.xml", MIME_XML)
    write(share / "icons" / "hicolor" / "256x256" / "apps" / f"{PACKAGE}.png",
          (ROOT / "resources" / "icons" / "app.png").read_bytes())
    write(share / "doc" / PACKAGE / "copyright",
          "Outpatient pooling estimator (门诊统筹测算)\nLicense: MIT\n")
    normalise_modes(root)


def control(root: Path, arch: str) -> str:
    return (f"Package: {PACKAGE}\n"
            f"Version: {version()}\n"
            f"Architecture: {arch}\n"
            "Maintainer: MZEstimator <mzestimator@users.noreply.github.com>\n"
            f"Installed-Size: {installed_size_kib(root)}\n"
            f"Depends: {', '.join(DEPENDS)}\n"
            f"Recommends: {', '.join(RECOMMENDS)}\n"
            "Section: misc\n"
            "Priority: optional\n"
            "Description: outpatient pooling reimbursement estimator (门诊统筹测算)\n"
            " Estimates China's employee medical insurance outpatient pooling (职工医保普通门诊统筹):\n"
            " deductible met, fund paid, allowance left, and the next visit at each tier, every\n"
            " figure explained with the rule it comes from. Includes the mzcalc command line.\n")


def build(bundle: Path, out_dir: Path) -> Path:
    for name in ("MZEstimator", "mzcalc"):
        if not (bundle / name).is_file():
            raise SystemExit(f"build_deb: {bundle / name} is missing; build the bundle first (README, Build)")
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("build_deb: dpkg-deb is not installed (Debian package dpkg)")
    arch = architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version()}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="mzdeb-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        debian = root / "DEBIAN"
        write(debian / "control", control(root, arch))
        write(debian / "postinst", POSTINST, 0o755)
        write(debian / "postrm", POSTRM, 0o755)
        debian.chmod(0o755)
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build the .deb from the one-folder bundle")
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / "MZEstimator", help="the bundle folder")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="where to write the .deb")
    args = p.parse_args(argv)
    print(build(args.bundle.resolve(), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
