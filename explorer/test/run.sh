#!/usr/bin/env bash
# ctest's explorer_browser: builds the explorer page (explorer/build.sh, incremental), installs
# the pinned puppeteer-core if explorer/node_modules is missing (npm ci; it downloads no browser)
# and runs browser_test.mjs in Debian's Chromium against the native program.
#   bash explorer/test/run.sh <multivector binary> <build folder>
# Exit 77 (ctest: skipped) when emcc, chromium, node or npm is missing, except in CI, where
# their absence fails the test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
multivector=$1
out=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
missing=()
for tool in emcc node npm; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[[ -x $chromium ]] || missing+=("$chromium")
if ((${#missing[@]})); then
  echo "explorer_browser: missing ${missing[*]} (bash scripts/install-deps.sh --dev installs them)"
  [[ -n ${CI:-} ]] && exit 1
  exit 77
fi
page=$(bash "$here/../build.sh" "$out/explorer")
if [[ ! -d $here/../node_modules/puppeteer-core ]]; then
  (cd "$here/.." && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
scratch=$out/explorer_test
rm -rf "$scratch"
mkdir -p "$scratch"
CHROMIUM=$chromium node "$here/browser_test.mjs" "$page" "$multivector" "$scratch"
