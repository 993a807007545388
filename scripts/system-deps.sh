#!/usr/bin/env bash
# The system packages the project needs: Pango for WeasyPrint's text layout and HarfBuzz's subsetter for the embedded
# fonts (document packs); with --browser also Debian's Chromium for the browser tests (Playwright cannot download its
# own browsers everywhere, so the tests drive /usr/bin/chromium). Installs what is missing with apt-get when run as
# root on Debian or Ubuntu; otherwise says what to install. Fonts are not needed from the system: packs embed the
# project's own (npm run build).
set -euo pipefail
declare -A packages=(
  [libpango-1.0.so.0]=libpango-1.0-0
  [libpangoft2-1.0.so.0]=libpangoft2-1.0-0
  [libharfbuzz-subset.so.0]=libharfbuzz-subset0
)
declare -A programs=()
if [[ ${1:-} == --browser ]]; then
  programs[/usr/bin/chromium]=chromium
fi
missing=()
for library in "${!packages[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$library" || missing+=("${packages[$library]}")
done
for program in ${programs[@]+"${!programs[@]}"}; do
  [[ -x $program ]] || missing+=("${programs[$program]}")
done
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
else
  echo "These system packages are needed (document packs; Chromium for the browser tests): ${missing[*]}. Install them (for example: sudo apt-get install ${missing[*]}) and try again." >&2
  exit 1
fi
