#!/usr/bin/env bash
# Install the .deb of packaging/build_deb.py on this machine, use it as a clerk would, remove it
# and check that nothing is left. Called by .ci/run after the frozen tests:
#
#     bash packaging/test_deb.sh dist/mzestimator_VERSION_ARCH.deb
#
# Runs as root, or as a user with sudo (dpkg and apt-get only; the program itself runs as the
# calling user, with a fresh HOME). Changes the machine: the package is installed and removed again,
# and xdg-utils, shared-mime-info and desktop-file-utils are installed if missing.
set -euo pipefail
DEB=$(readlink -f "${1:?usage: test_deb.sh PACKAGE.deb}")
[ -f "$DEB" ] || { echo "test_deb: $DEB: no such file" >&2; exit 1; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
PKG=$(dpkg-deb -f "$DEB" Package)
OPT=/opt/$PKG
TYPE=application/x-mzcase
WORK=$(mktemp -d)
fail() { echo "test_deb: FAIL: $*" >&2; exit 1; }
step() { echo "test_deb: $*"; }
# dpkg refuses to run while another dpkg or apt holds its lock: wait for it (two minutes) rather than fail
dpkg_() {
  local i err
  for i in $(seq 60); do
    if err=$($SUDO dpkg "$@" 2>&1 >/dev/null); then return 0; fi
    grep -qi "lock" <<<"$err" || break
    sleep 2
  done
  echo "$err" >&2; return 1
}
cleanup() { rm -rf "$WORK"; if dpkg -s "$PKG" >/dev/null 2>&1; then $SUDO dpkg -P "$PKG" >/dev/null || true; fi; }
trap cleanup EXIT

# the tools that read the databases the maintainer scripts write, and the package's own dependencies
export DEBIAN_FRONTEND=noninteractive
DEPENDS=$(dpkg-deb -f "$DEB" Depends | tr -d ' ' | tr ',' ' ')
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 \
  xdg-utils shared-mime-info desktop-file-utils $DEPENDS >/dev/null
# the databases exist before the package comes, so that what is left after it goes is its doing
$SUDO update-desktop-database -q /usr/share/applications
$SUDO update-mime-database /usr/share/mime

dpkg -s "$PKG" >/dev/null 2>&1 && fail "$PKG is installed already; remove it first"
mapfile -t FILES < <(dpkg-deb --fsys-tarfile "$DEB" | tar -t | sed 's|^\./|/|' | grep -v '/$')

step "dpkg -i $(basename "$DEB")"
dpkg_ -i "$DEB" >/dev/null || fail "dpkg -i"
[ -x "$OPT/MZEstimator" ] && [ -x "$OPT/mzcalc" ] || fail "the program is not under $OPT"
desktop-file-validate "/usr/share/applications/$PKG.desktop" || fail "the .desktop entry is not valid"
grep -qx "Exec=$OPT/MZEstimator %f" "/usr/share/applications/$PKG.desktop" || fail ".desktop Exec"
[ -f "/usr/share/icons/hicolor/256x256/apps/$PKG.png" ] || fail "the icon is not installed"

# the program as a user would run it: a fresh HOME, no display
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
export QT_QPA_PLATFORM=offscreen
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_DESKTOP_SESSION_ID || true
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
SAMPLE="$OPT/_internal/resources/samples/sample.mzcase"
[ -f "$SAMPLE" ] || fail "no sample case in the package ($SAMPLE)"

step "--smoke"
SMOKE=$("$OPT/MZEstimator" --smoke)
[[ "$SMOKE" =~ ^region=tongliao\ fund=2387.78\ remaining=2612.22$ ]] || fail "--smoke printed: $SMOKE"

step "--pdf of the sample case"
cp "$SAMPLE" "$WORK/案例.mzcase"
"$OPT/MZEstimator" "$WORK/案例.mzcase" --pdf "$WORK/测算单.pdf" >/dev/null || fail "--pdf"
head -c 5 "$WORK/测算单.pdf" | grep -q '%PDF-' || fail "--pdf wrote no PDF"
if command -v pdftotext >/dev/null; then
  TEXT=$(pdftotext -layout "$WORK/测算单.pdf" -)
  grep -q "通辽市" <<<"$TEXT" && grep -q "2,387.78" <<<"$TEXT" || fail "the slip lacks the region or the fund paid"
fi

step "mzcalc on PATH"
MZCALC=$(PATH=/usr/bin:/bin command -v mzcalc) || fail "mzcalc is not on PATH"
[ "$(readlink -f "$MZCALC")" = "$OPT/mzcalc" ] || fail "$MZCALC is not the package's mzcalc"
printf 'date,tier,total\n2023-03-01,level2,1800.00\n' >"$WORK/visits.csv"
OUT=$(PATH=/usr/bin:/bin mzcalc estimate --region tongliao --year 2023 --category employed --format table "$WORK/visits.csv")
grep -q "480.00" <<<"$OUT" || fail "mzcalc estimate: $OUT"
PATH=/usr/bin:/bin mzcalc regions | grep -q "$OPT/_internal/rules/tongliao.yaml" || fail "mzcalc regions: not the installed rules"
set +e; PATH=/usr/bin:/bin mzcalc estimate >/dev/null 2>&1; CODE=$?; set -e
[ "$CODE" = 2 ] || fail "mzcalc with bad arguments exited $CODE, not 2"

step "MIME type and default handler"
# the shared-mime-info database (what file managers read; xdg-mime's own "query filetype" asks
# file(1) on a desktop-less machine, which does not read it), and GLib's reading of it where gio exists
grep -q "^[0-9]*:$TYPE:\*\.mzcase$" /usr/share/mime/globs2 || fail "/usr/share/mime/globs2 lacks *.mzcase"
if command -v gio >/dev/null; then
  gio info -a standard::content-type "$WORK/案例.mzcase" | grep -q "content-type: $TYPE$" || fail "gio: *.mzcase is not $TYPE"
fi
[ "$(xdg-mime query default "$TYPE")" = "$PKG.desktop" ] || fail "xdg-mime default for $TYPE: $(xdg-mime query default "$TYPE")"
grep -q "^$TYPE=.*$PKG.desktop" /usr/share/applications/mimeinfo.cache || fail "mimeinfo.cache lacks $TYPE"

step "dpkg -r, then dpkg -P"
dpkg_ -r "$PKG" >/dev/null || fail "dpkg -r"
left=()
for f in "${FILES[@]}"; do if [ -e "$f" ] || [ -L "$f" ]; then left+=("$f"); fi; done
[ -e "$OPT" ] && left+=("$OPT")
while IFS= read -r f; do left+=("$f"); done < <(find /opt /usr/share /usr/bin \( -iname "*$PKG*" -o -iname '*mzcase*' \) 2>/dev/null)
[ ${#left[@]} = 0 ] || fail "left after dpkg -r: ${left[*]}"
if grep -rqs -e "$TYPE" -e "$PKG" /usr/share/applications/mimeinfo.cache /usr/share/mime/globs /usr/share/mime/globs2 /usr/share/mime/types; then
  fail "the desktop or MIME database still names $PKG or $TYPE"
fi
dpkg_ -P "$PKG" >/dev/null || fail "dpkg -P"
dpkg -s "$PKG" >/dev/null 2>&1 && fail "dpkg still knows $PKG after purging"
step "ok: installed, ran (--smoke, --pdf, mzcalc), opened .mzcase by default, removed without a trace"
