#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything, runs every test.
#   LOWP_BUILD_DIR   build directory (default build/test)
#   LOWP_JOBS        parallel build jobs (default: all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
lowp_install_missing "${lowp_required_packages[@]}"
build=${LOWP_BUILD_DIR:-build/test}
jobs=${LOWP_JOBS:-$(nproc)}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure --timeout 1800
