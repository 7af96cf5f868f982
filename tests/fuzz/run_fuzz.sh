#!/usr/bin/env bash
# Builds the from_chars / operator>> fuzz target with clang++ (libFuzzer, AddressSanitizer,
# UndefinedBehaviorSanitizer) and runs it for a bounded time. CTest runs this as the
# `fuzz` test; it is skipped (exit 77) when clang++ or its fuzzer runtime is missing.
#   usage: run_fuzz.sh SOURCE_DIR BUILD_DIR
#   LOWP_FUZZ_SECONDS  how long to fuzz (default 60)
#   LOWP_FUZZ_CXX      the compiler (default clang++)
set -euo pipefail
source_dir=$1
build_dir=$2
seconds=${LOWP_FUZZ_SECONDS:-60}
cxx=${LOWP_FUZZ_CXX:-clang++}

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "SKIPPED: $cxx not found; the from_chars fuzzer needs clang++ with libFuzzer"
  exit 77
fi
mkdir -p "$build_dir"
binary=$build_dir/fuzz_from_chars
if ! "$cxx" -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I "$source_dir/include" -I "$source_dir/tests/support" "$source_dir/tests/fuzz/fuzz_from_chars.cpp" \
    -lmpfr -lgmp -o "$binary" 2>"$build_dir/fuzz_build.log"; then
  if grep -q "fuzzer" "$build_dir/fuzz_build.log" && grep -qi "cannot find\|no such file" "$build_dir/fuzz_build.log"; then
    echo "SKIPPED: $cxx has no libFuzzer runtime (Debian: libclang-rt-dev)"
    cat "$build_dir/fuzz_build.log"
    exit 77
  fi
  cat "$build_dir/fuzz_build.log"
  exit 1
fi

# The corpus grows in the build directory, seeded from the checked-in examples.
corpus=$build_dir/fuzz_corpus
mkdir -p "$corpus"
cp -n "$source_dir"/tests/fuzz/corpus/* "$corpus"/ 2>/dev/null || true
log=$build_dir/fuzz.log
set +e
"$binary" -max_total_time="$seconds" -max_len=512 -print_final_stats=1 -timeout=10 \
  -dict="$source_dir/tests/fuzz/from_chars.dict" -artifact_prefix="$build_dir/" "$corpus" >"$log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
if [ "$status" -ne 0 ]; then
  tail -60 "$log"
  echo "fuzz: FINDING after ${runs:-?} executions (input saved under $build_dir/crash-*)"
  exit 1
fi
echo "fuzz: ${runs:-?} executions in ${seconds} s, no finding ($(ls "$corpus" | wc -l) inputs in the corpus)"
