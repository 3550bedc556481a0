#!/usr/bin/env bash
# Installs what Multivector needs, from Debian 12 packages. Run as root (or with sudo). Idempotent.
#
#   bash scripts/install-deps.sh          what building and running the program needs
#   bash scripts/install-deps.sh --dev    that, and what the tests, benchmarks, sanitizer and
#                                         fuzz builds, cluster runs and the browser tests need
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
dev=0
case "${1:-}" in
  "") ;;
  --dev) dev=1 ;;
  *) echo "install-deps: unknown option '$1' (expected nothing or --dev)" >&2; exit 2 ;;
esac
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

# Running: a C++20 compiler and CMake; Eigen, Boost.Program_options, toml++, nlohmann-json and
# OpenSSL's SHA-256 for the program; Chart.js, which `report` inlines into its pages.
run_packages=(ca-certificates git cmake make g++
  libeigen3-dev libboost-program-options-dev libboost-dev
  libtomlplusplus-dev nlohmann-json3-dev libssl-dev libjs-chart.js)

# Developing and testing: GoogleTest and Google Benchmark; OpenMPI (cluster runs and their
# two-rank tests); clang with its sanitizer and libFuzzer runtimes (CI's hardening stage);
# chromium (the reports' browser check); numpy (bench/'s reference implementations); emscripten,
# its optimiser's acorn, node and npm (the explorer's WebAssembly build and its browser test);
# pybind11, Python's headers and pandas (the Python module, python/, for Debian's python3).
dev_packages=(libgtest-dev libbenchmark-dev
  libopenmpi-dev openmpi-bin
  clang libclang-rt-14-dev
  chromium python3-numpy
  emscripten node-acorn nodejs
  pybind11-dev python3-pybind11 python3-dev python3-pandas)

packages=("${run_packages[@]}")
if [[ $dev -eq 1 ]]; then packages+=("${dev_packages[@]}"); fi
# npm (the browser test's puppeteer-core): Debian's package, unless npm is already there (a
# NodeSource nodejs brings its own and conflicts with Debian's).
if [[ $dev -eq 1 ]] && ! command -v npm >/dev/null; then packages+=(npm); fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${packages[@]}"
if [[ $dev -eq 1 ]]; then
  echo "install-deps: done (running, developing and testing)"
else
  echo "install-deps: done (running; 'bash scripts/install-deps.sh --dev' adds the test tools)"
fi
