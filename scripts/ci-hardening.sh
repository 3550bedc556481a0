#!/usr/bin/env bash
# Hardening checks run by CI after the main test suite (see README, "Guarantees"):
#   1. the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer;
#   2. the threaded paths (batch and sweep engines, CLI determinism, interruption) under
#      ThreadSanitizer;
# (MPI is left out of the sanitizer builds: OpenMPI's own allocations would be reported as
# leaks. The two-rank tests run in the main build.)
#   3. bounded libFuzzer runs of the scenario loader, the sweep file reader and the report's
#      batch-directory reader, seeded from the shipped scenarios and sweeps, the bad-input corpus
#      and a small batch (any crash, leak, sanitizer report or timeout fails CI).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-60}

echo "== ASan + UBSan: whole suite"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMV_SANITIZE=address,undefined -DMV_BUILD_BENCH=OFF -DMV_MPI=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== TSan: threaded paths"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMV_SANITIZE=thread -DMV_BUILD_BENCH=OFF -DMV_MPI=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target multivector test_engine test_cli test_faults test_sweep
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -j"$jobs" -R '^(Batch|Cli|Faults|Sweep[A-Za-z]*|RunShards)\.'

echo "== libFuzzer: scenario loader, sweep file, report's batch reader, ${fuzz_seconds}s each"
CXX=clang++ cmake -S . -B build-fuzz -DMV_FUZZ=ON -DMV_BUILD_TESTS=OFF -DMV_BUILD_BENCH=OFF -DMV_MPI=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_scenario fuzz_sweep fuzz_report multivector
mkdir -p build-fuzz/artifacts
fuzz() {  # fuzz TARGET CORPUS
  ./build-fuzz/fuzz/"$1" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/artifacts/"$1"- "$2" 2>&1 | tail -n 3
}
corpus=$(mktemp -d)
mkdir "$corpus"/scenario "$corpus"/sweep "$corpus"/report
cp scenarios/*.toml scenarios/whatif/*.toml scenarios/lenses/*.toml tests/bad_inputs/*.toml "$corpus"/scenario/
cp scenarios/sweeps/*.toml "$corpus"/sweep/
# The report's seed: a small batch's four files, separated by 0xFF bytes (fuzz/fuzz_report.cpp).
./build-fuzz/sim/multivector run scenarios/baseline.toml --runs 5 --citizens 1000 --quiet --out "$corpus"/batch
{ cat "$corpus"/batch/manifest.json; printf '\377'; cat "$corpus"/batch/summary.csv; printf '\377'
  cat "$corpus"/batch/timeseries.csv; printf '\377'; cat "$corpus"/batch/runs.csv; } >"$corpus"/report/batch
fuzz fuzz_scenario "$corpus"/scenario
fuzz fuzz_sweep "$corpus"/sweep
fuzz fuzz_report "$corpus"/report
rm -rf "$corpus"
echo "hardening: all checks passed"
