#!/usr/bin/env bash
# Installs everything Multivector needs to build, test and benchmark, from Debian 12 packages.
# Run as root (or with sudo). Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  ca-certificates git cmake make g++ \
  libeigen3-dev libboost-program-options-dev libboost-dev \
  libtomlplusplus-dev nlohmann-json3-dev libssl-dev \
  libgtest-dev libbenchmark-dev \
  libopenmpi-dev openmpi-bin \
  clang libclang-rt-14-dev \
  libjs-chart.js chromium python3-numpy >/dev/null
echo "install-deps: done"
