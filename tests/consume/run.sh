#!/usr/bin/env bash
# Proves lowp is consumable three ways: find_package after `cmake --install`, pkg-config
# against the same install tree, and add_subdirectory (without lowp's tests being built).
# Usage: run.sh SOURCE_DIR BUILD_DIR CXX
set -euo pipefail
src=$1 build=$2 cxx=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

echo "== cmake --install to $prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/lowp/lowp.hpp"

echo "== find_package(lowp CONFIG)"
cmake -S "$src/tests/consume/find_package" -B "$work/fp" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/fp" >/dev/null
"$work/fp/consumer"

echo "== pkg-config lowp"
export PKG_CONFIG_PATH=$prefix/share/pkgconfig
pkg-config --exists lowp
echo "pkg-config: lowp $(pkg-config --modversion lowp), cflags: $(pkg-config --cflags lowp)"
# shellcheck disable=SC2046
"$cxx" -std=c++17 $(pkg-config --cflags lowp) "$src/tests/consume/consumer.cpp" -o "$work/pc_consumer"
"$work/pc_consumer"

echo "== add_subdirectory(lowp)"
cmake -S "$src/tests/consume/subdirectory" -B "$work/sd" -DCMAKE_CXX_COMPILER="$cxx" \
  -DLOWP_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/sd" >/dev/null
"$work/sd/consumer"
echo "consume: all three ways work"
