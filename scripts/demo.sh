#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
lowp_install_missing cmake ninja-build g++
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOWP_BUILD_TESTS=OFF \
  -DLOWP_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/demo --target quickstart >/dev/null
./build/demo/examples/quickstart "$@"
