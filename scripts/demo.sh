#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds lowp-report, and runs it
# with no arguments, on the bundled sample (examples/data/sample.safetensors).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
lowp_install_missing cmake ninja-build g++ nlohmann-json3-dev
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOWP_BUILD_TESTS=OFF \
  -DLOWP_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/demo --target lowp-report >/dev/null
./build/demo/examples/report/lowp-report "$@"
