#!/usr/bin/env bash
# Hardening checks run by CI after the main test suite (see README, "Guarantees"):
#   1. the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (all but the model's
#      statistical validation batches, which the main build runs);
#   2. the threaded paths (batch and sweep engines, CLI determinism, interruption) under
#      ThreadSanitizer;
# (MPI is left out of the sanitizer builds: OpenMPI's own allocations would be reported as
# leaks. The two-rank tests run in the main build.)
#   3. bounded libFuzzer runs of the scenario loader, the sweep file reader, the calibration file
#      reader, the report's batch-directory reader, the journal `sweep --resume` reads, the shard
#      directories `merge` reads and the command line itself, seeded from the shipped scenarios
#      and sweeps, the bad-input corpus, a small batch, a small sweep's journal, two shards of a
#      run and of a sweep, and a command line of every command (any crash, leak, sanitizer
#      report or timeout fails CI). FUZZ_SECONDS sets each target's time (default 20 s; seven
#      targets).
# Stages 1 and 3 share one clang build (MV_FUZZ=ON): the library is compiled once, with ASan,
# UBSan and the fuzzer's coverage instrumentation, and linked into the tests and the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-20}

echo "== ASan + UBSan (clang, one build for the suite and the fuzz targets): the suite but the statistical validation batches"
CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMV_FUZZ=ON -DMV_BUILD_BENCH=OFF -DMV_MPI=OFF >/dev/null
cmake --build build-asan -j"$jobs"
# The model's statistical validation (every mechanism's ablation, the levels, the stylized facts
# and the rare-event test: many full batches) runs in the main build only; under the sanitizers
# its code paths are covered by the model, engine and trade tests, and the batches would take
# CI past its time budget. The explorer's browser test runs the WebAssembly build, not this one.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j"$jobs" \
  -E '^(EveryMechanism/Ablation|Levels|StylizedFacts|RareEvents)\.|^Smc\.SimulationBased|^Calibration\.PosteriorCovers|^explorer_browser$'

echo "== TSan: threaded paths (${SECONDS} s into the hardening stage)"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMV_SANITIZE=thread -DMV_BUILD_BENCH=OFF -DMV_MPI=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target multivector test_engine test_cli test_faults test_sweep
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -j"$jobs" -R '^(Batch|Cli|Faults|Sweep[A-Za-z]*|RunShards)\.'

echo "== (${SECONDS} s) libFuzzer: scenario loader, sweep file, calibration file, report's batch reader, sweep journal, merge's shards, command line, ${fuzz_seconds}s each"
mkdir -p build-asan/artifacts
fuzz() {  # fuzz TARGET CORPUS
  ./build-asan/fuzz/"$1" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$PWD"/build-asan/artifacts/"$1"- "$2" 2>&1 | tail -n 3
}
corpus=$(mktemp -d)
mkdir "$corpus"/scenario "$corpus"/sweep "$corpus"/report "$corpus"/journal "$corpus"/merge "$corpus"/cli \
  "$corpus"/calibration
cp scenarios/*.toml scenarios/whatif/*.toml scenarios/lenses/*.toml tests/bad_inputs/*.toml "$corpus"/scenario/
cp scenarios/sweeps/*.toml "$corpus"/sweep/
# The calibration file's seeds: the shipped one pointed at fuzz_calibration's own scenario and
# observations, and the corpus cases of the command line.
sed -e 's#"../baseline.toml"#"base.toml"#' -e 's#"../../data/observed"#"observed"#' \
  scenarios/calibration/baseline_2023.toml > "$corpus"/calibration/shipped.toml
cp tests/bad_inputs/cli/calibration_*.toml "$corpus"/calibration/
# The report's seed: a small batch's four files, separated by 0xFF bytes (fuzz/fuzz_report.cpp).
./build-asan/sim/multivector run scenarios/baseline.toml --runs 5 --citizens 1000 --quiet --out "$corpus"/batch
{ cat "$corpus"/batch/manifest.json; printf '\377'; cat "$corpus"/batch/summary.csv; printf '\377'
  cat "$corpus"/batch/timeseries.csv; printf '\377'; cat "$corpus"/batch/runs.csv; } >"$corpus"/report/batch
# The journal's seeds (fuzz/fuzz_journal.cpp): the sweep's points.csv and replicates.csv, whole
# and as an interrupted run leaves them (a point and a half), separated by 0xFF bytes.
mv=./build-asan/sim/multivector
$mv sweep fuzz/data/journal_sweep.toml --quiet --out "$corpus"/grid
{ cat "$corpus"/grid/points.csv; printf '\377'; cat "$corpus"/grid/replicates.csv; } >"$corpus"/journal/whole
{ head -n 2 "$corpus"/grid/points.csv; printf '\377'; head -n 4 "$corpus"/grid/replicates.csv; } \
  >"$corpus"/journal/interrupted
{ head -n 1 "$corpus"/grid/points.csv; printf '\377'; head -n 1 "$corpus"/grid/replicates.csv; printf '\377'
  cat "$corpus"/grid/sweep.resolved.toml; printf '\377'; cat "$corpus"/grid/scenario.resolved.toml; } \
  >"$corpus"/journal/empty
# merge's seeds (fuzz/fuzz_merge.cpp): two shards of a small run and of a small sweep, each file
# after a line "==> a/NAME <==".
pack() {  # pack DIR_A DIR_B: the two shards' files as fuzz_merge reads them
  local first=1 k d f
  for k in a b; do
    if [ $k = a ]; then d=$1; else d=$2; fi
    for f in "$d"/*; do
      [ $first = 1 ] || printf '\n'
      first=0
      printf '==> %s/%s <==\n' $k "$(basename "$f")"
      cat "$f"
    done
  done
}
for i in 0 1; do
  $mv run scenarios/baseline.toml --runs 4 --citizens 1000 --shard $i/2 --quiet --out "$corpus"/run$i
  $mv sweep fuzz/data/journal_sweep.toml --shard $i/2 --quiet --out "$corpus"/sweep$i
done
pack "$corpus"/run0 "$corpus"/run1 >"$corpus"/merge/run
pack "$corpus"/sweep0 "$corpus"/sweep1 >"$corpus"/merge/sweep
# The command line's seeds (fuzz/fuzz_cli.cpp): arguments separated by 0x00 bytes, naming the
# files of fuzz_cli's working directory.
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s' "$line" | tr ' ' '\000' >"$corpus"/cli/$n
done <<'EOF'
run s.toml --runs 3 --seed 7 --out o --quiet
run s.toml --shard 1/4 --threads 2 --out o --force --quiet
validate s.toml
facts s.toml --runs 10 --out f.md
dock epstein --width 8 --height 8 --ticks 20
dock granovetter --n 50 --mean 0.3 --out d.csv
dock deffuant --n 20 --meetings 40
dock logit --lambda 3 --draws 50
explain s.toml --run 2 --format csv --out e.csv
report b --out r.html
report b b --out c.html --force
sweep w.toml --out o --threads 2 --quiet
sweep w.toml --out w --resume
sensitivity w --rank align_russia
merge r0 r1 --out m
merge ws0 ws1 --out m --allow-version-mismatch
params --format csv
--help
EOF
# Inputs that once failed a target (fuzz/regressions/TARGET/) start its corpus too.
for t in scenario sweep report journal merge cli calibration; do
  if [ -d fuzz/regressions/fuzz_$t ]; then cp fuzz/regressions/fuzz_$t/* "$corpus"/$t/; fi
done
fuzz fuzz_scenario "$corpus"/scenario
fuzz fuzz_sweep "$corpus"/sweep
fuzz fuzz_report "$corpus"/report
fuzz fuzz_journal "$corpus"/journal
fuzz fuzz_merge "$corpus"/merge
fuzz fuzz_cli "$corpus"/cli
fuzz fuzz_calibration "$corpus"/calibration
rm -rf "$corpus"
echo "hardening: all checks passed in ${SECONDS} s"
