#!/usr/bin/env bash
# Rewrites every NAME.expected (and cli/NAME.expected) from the current binary. The expected messages are a
# specification: review `git diff` of the .expected files before committing them.
# Usage: tests/bad_inputs/regenerate.sh path/to/multivector
set -euo pipefail
bin=$(readlink -f "$1")
cd "$(dirname "$0")"
for f in [0-9]*.toml; do
  "$bin" validate "$f" 2>"${f%.toml}.expected" >/dev/null && { echo "$f: accepted, expected an error" >&2; exit 1; } || true
done
# The command-line cases (cli/NN_*.args, one argument a line) run in a copy of this folder,
# whose path the .expected files write as $DIR.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r . "$work"
for f in cli/[0-9]*.args; do
  mapfile -t args <"$f"
  (cd "$work" && "$bin" "${args[@]}" 2>"$work/.err" >/dev/null) && { echo "$f: accepted, expected an error" >&2; exit 1; } || true
  sed "s|$work|\$DIR|g" "$work/.err" >"${f%.args}.expected"
done
