#!/usr/bin/env bash
# Proves lowp is consumable: a header-only user's configure-then-install (nothing built)
# gives the library alone, which find_package and pkg-config then use; installing a build
# tree adds lowp-report exactly when it was built; add_subdirectory gives the library target
# without lowp's tests, fuzzers or CUDA builds.
# Usage: run.sh SOURCE_DIR BUILD_DIR CXX
set -euo pipefail
src=$1 build=$2 cxx=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Configures and builds the consumer project tests/consume/PROJECT in $work/DIR, runs it.
build_consumer() {
  local project=$1 dir=$work/$2
  shift 2
  cmake -S "$src/tests/consume/$project" -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" "$@" >/dev/null
  cmake --build "$dir" >/dev/null
  "$dir/consumer"
}

# find_package and pkg-config consumers against an install prefix.
consume_installed() {
  local prefix=$1 name=$2
  echo "== find_package(lowp CONFIG) from $name"
  build_consumer find_package "fp_$name" -DCMAKE_PREFIX_PATH="$prefix"

  echo "== pkg-config lowp from $name"
  PKG_CONFIG_PATH=$prefix/share/pkgconfig pkg-config --exists lowp
  local cflags
  cflags=$(PKG_CONFIG_PATH=$prefix/share/pkgconfig pkg-config --cflags lowp)
  echo "pkg-config: lowp $(PKG_CONFIG_PATH=$prefix/share/pkgconfig pkg-config --modversion lowp), cflags: $cflags"
  # shellcheck disable=SC2086
  "$cxx" -std=c++17 $cflags "$src/tests/consume/consumer.cpp" -o "$work/pc_$name"
  "$work/pc_$name"
}

echo "== configure, then cmake --install with nothing built"
fresh=$work/prefix_fresh
cmake -S "$src" -B "$work/configured" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_INSTALL_PREFIX="$fresh" >/dev/null
cmake --install "$work/configured" >"$work/install_fresh.log"
test -f "$fresh/include/lowp/lowp.hpp"
test -f "$fresh/share/cmake/lowp/lowpConfig.cmake"
if [ -e "$fresh/bin" ] || [ -e "$fresh/share/lowp" ]; then
  echo "FAIL: an unbuilt lowp-report (or its sample) was installed" >&2
  exit 1
fi
echo "installed the library alone: $(find "$fresh" -type f | wc -l) files"
consume_installed "$fresh" fresh

echo "== cmake --install of the build tree $build"
built=$work/prefix_built
cmake --install "$build" --prefix "$built" >/dev/null
test -f "$built/include/lowp/lowp.hpp"
report=$(find "$build" -name lowp-report -type f -perm -u+x -print -quit)
if [ -n "$report" ]; then
  test -x "$built/bin/lowp-report" && test -f "$built/share/lowp/sample.safetensors"
  echo "lowp-report was built: installed with its sample"
  only=$work/prefix_component
  cmake --install "$build" --prefix "$only" --component report >/dev/null
  test -x "$only/bin/lowp-report" && test -f "$only/share/lowp/sample.safetensors" && test ! -e "$only/include"
  echo "cmake --install --component report: the tool and its sample alone"
else
  test ! -e "$built/bin/lowp-report"
  echo "lowp-report was not built: not installed"
fi
consume_installed "$built" built

echo "== add_subdirectory(lowp)"
build_consumer subdirectory sd -DLOWP_SOURCE_DIR="$src"
echo "consume: configure-then-install, installed build tree, find_package, pkg-config and add_subdirectory all work"
