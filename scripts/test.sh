#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything, runs every test
# (labels unit, exhaustive, hygiene, fuzz, report, ...; see tests/CMakeLists.txt).
#   LOWP_BUILD_DIR   build directory (default build/test)
#   LOWP_JOBS        parallel build jobs and tests (default: all cores)
# Tests run in parallel; the walk over all floats uses every core and runs alone
# (CTest PROCESSORS). A path this CPU cannot run shows as "Skipped" in CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
lowp_install_missing "${lowp_required_packages[@]}"
build=${LOWP_BUILD_DIR:-build/test}
jobs=${LOWP_JOBS:-$(nproc)}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure --timeout 1800 -j "$jobs"
