#!/usr/bin/env bash
# Rewrites every NAME.expected from the current binary. The expected messages are a
# specification: review `git diff` of the .expected files before committing them.
# Usage: tests/bad_inputs/regenerate.sh path/to/multivector
set -euo pipefail
bin=$(readlink -f "$1")
cd "$(dirname "$0")"
for f in [0-9]*.toml; do
  "$bin" validate "$f" 2>"${f%.toml}.expected" >/dev/null && { echo "$f: accepted, expected an error" >&2; exit 1; } || true
done
