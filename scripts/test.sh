#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the library's tests and runs
# them (CTest labels unit, exhaustive and hygiene; see tests/CMakeLists.txt).
#   bash scripts/test.sh [--all] [CMAKE_ARGS...]
#   --all            also build and run what is not the library's own proof: lowp-report
#                    and its tests, the fuzzers, the benchmark smoke run, the nvcc-compiled
#                    CUDA programs and the nvcc half of the header check (CI runs this
#                    sampled, see .ci/run)
#   LOWP_BUILD_DIR   build directory (default build/test)
#   LOWP_TEST_LABELS CTest labels to run, a regular expression (default: unit|exhaustive|
#                    hygiene; with --all every label)
#   LOWP_JOBS        parallel build jobs and tests (default: all cores)
#   LOWP_TEST_CUDA_HOST_WALK=ON  the walk also compares every float with CUDA's host
#                    conversions where CUDA's headers are installed (--all: always; CI
#                    sets it, so its walk does this in the same pass)
# Tests run in parallel; the walk over all floats runs a thread per core, beside the
# others. A path this CPU cannot run shows as "Skipped" in CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
all=0
if [ "${1:-}" = --all ]; then
  all=1
  shift
fi
source scripts/deps.sh
lowp_install_missing "${lowp_required_packages[@]}"
build=${LOWP_BUILD_DIR:-build/test}
jobs=${LOWP_JOBS:-$(nproc)}
if [ $all = 1 ]; then
  scope=(-DLOWP_BUILD_EXAMPLES=ON -DLOWP_BUILD_BENCHMARKS=ON -DLOWP_BUILD_FUZZERS=ON -DLOWP_CUDA=ON
    -DLOWP_TEST_CUDA_HOST_WALK=ON)
  labels=()
else
  scope=(-DLOWP_BUILD_EXAMPLES=OFF -DLOWP_BUILD_BENCHMARKS=OFF -DLOWP_BUILD_FUZZERS=OFF -DLOWP_CUDA=OFF
    "-DLOWP_TEST_CUDA_HOST_WALK=${LOWP_TEST_CUDA_HOST_WALK:-OFF}")
  labels=(-L "unit|exhaustive|hygiene")
fi
[ -z "${LOWP_TEST_LABELS:-}" ] || labels=(-L "$LOWP_TEST_LABELS")
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${scope[@]}" "$@"
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure --timeout 1800 -j "$jobs" "${labels[@]}"
