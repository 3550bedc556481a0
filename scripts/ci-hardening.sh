#!/usr/bin/env bash
# Hardening checks run by CI after the main test suite (see README, "Guarantees"):
#   1. the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer;
#   2. the threaded paths (batch and sweep engines, CLI determinism, interruption) under
#      ThreadSanitizer;
# (MPI is left out of the sanitizer builds: OpenMPI's own allocations would be reported as
# leaks. The two-rank tests run in the main build.)
#   3. a bounded libFuzzer run of the scenario loader, seeded from the shipped scenarios and the
#      bad-input corpus (any crash, leak, sanitizer report or timeout fails CI).
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

echo "== libFuzzer: scenario loader, ${fuzz_seconds}s"
CXX=clang++ cmake -S . -B build-fuzz -DMV_FUZZ=ON -DMV_BUILD_TESTS=OFF -DMV_BUILD_BENCH=OFF -DMV_MPI=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_scenario
corpus=$(mktemp -d)
cp scenarios/*.toml scenarios/whatif/*.toml scenarios/lenses/*.toml tests/bad_inputs/*.toml "$corpus"/
mkdir -p build-fuzz/artifacts
./build-fuzz/fuzz/fuzz_scenario -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/artifacts/ "$corpus" 2>&1 | tail -n 3
rm -rf "$corpus"
echo "hardening: all checks passed"
