#!/usr/bin/env bash
# Builds the explorer page: the simulator compiled to WebAssembly by Debian's emscripten, with
# the page, its worker and Chart.js inlined into one file.
#   bash explorer/build.sh [build folder]     (default: build/explorer)
# prints the path of the page (<build folder>/index.html). Incremental: a second run rebuilds
# only what changed. Exit 2 if emscripten is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/explorer}
if ! command -v emcc >/dev/null || ! command -v emcmake >/dev/null; then
  echo "explorer/build.sh: emcc not found; bash scripts/install-deps.sh --dev installs emscripten" >&2
  exit 2
fi
# Debian's emcc runs its JavaScript optimiser under node with Debian's acorn (node-acorn), which
# a node installed elsewhere (/usr/local, nvm) does not find by itself.
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
if [[ ! -f $out/CMakeCache.txt ]]; then
  emcmake cmake -S "$root/explorer" -B "$out" >/dev/null
fi
cmake --build "$out" -j"${MV_EXPLORER_JOBS:-2}" >&2
echo "$out/index.html"
