#!/usr/bin/env bash
# Every public header compiles on its own, warning-free, with g++ and clang++ in C++17 and
# C++20 (the flags of DEVELOPERS.md), and with nvcc in C++17 and C++20 when nvcc exists
# (without -Wpedantic: nvcc's generated host code uses GCC line markers, which it flags).
# It also checks the include graph first: no cycle, and no header includes one of a higher
# layer (tests/include_layers.py says the layers).
# Usage: header_check.sh INCLUDE_DIR [--nvcc | --no-nvcc]   (default --nvcc: when nvcc exists)
set -uo pipefail
include=${1:?include directory}
use_nvcc=${2:---nvcc}
layers=$(python3 "$(dirname "$0")/include_layers.py" "$include")
layers_status=$?
echo "$layers" | grep -E '^(FAIL|include_layers)'
flags="-Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror -fsyntax-only"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compilers=()
for c in g++ clang++; do command -v "$c" >/dev/null && compilers+=("$c"); done
nvcc=$(command -v nvcc || { [ -x /usr/local/cuda/bin/nvcc ] && echo /usr/local/cuda/bin/nvcc; } || true)
if [ "$use_nvcc" = --no-nvcc ]; then
  echo "header_check: nvcc not asked for (--no-nvcc; CI checks it)"
elif [ -n "$nvcc" ]; then
  compilers+=("$nvcc")
else
  echo "header_check: SKIPPED nvcc: not found"
fi
jobs=()
while IFS= read -r h; do
  rel=${h#"$include"/}
  for cxx in "${compilers[@]}"; do
    for std in 17 20; do
      jobs+=("$cxx|$std|$rel|")
      # The scalar F16C paths are compiled only for an F16C target (as -march=native gives).
      [[ $cxx != *nvcc && $rel == lowp/lowp.hpp ]] && jobs+=("$cxx|$std|$rel|-mavx2 -mf16c -mfma")
    done
  done
done < <(find "$include/lowp" -name '*.hpp' -o -name '*.cuh' | sort)

check_one() {
  IFS='|' read -r cxx std rel extra <<<"$1"
  local tu out status
  tu=$(mktemp -d)
  if [[ $cxx == *nvcc ]]; then
    printf '#include <%s>\nint main() { return 0; }\n' "$rel" >"$tu/tu.cu"
    out=$("$cxx" -std=c++"$std" -arch=sm_80 -Werror all-warnings \
          -Xcompiler=-Wall,-Wextra,-Wconversion,-Wsign-conversion,-Wshadow,-Werror \
          -I"$include" -c "$tu/tu.cu" -o "$tu/tu.o" 2>&1)
    status=$?
  else
    [[ $rel == *.cuh ]] && { rm -rf "$tu"; printf 'ok   %s -std=c++%s %s (CUDA-only, skipped)\n' "$cxx" "$std" "$rel"; return 0; }
    # The umbrella header's TU also converts, so that the scalar paths are instantiated.
    local body='int main() { return 0; }'
    [[ $rel == lowp/lowp.hpp ]] &&
      body='int main(int argc, char**) { const lowp::float16 h(static_cast<float>(argc)); const lowp::bfloat16 b(static_cast<float>(argc)); return static_cast<int>(static_cast<float>(h) + static_cast<float>(b)); }'
    out=$(printf '#include <%s>\n%s\n' "$rel" "$body" |
          "$cxx" -std=c++"$std" $flags $extra -I"$include" -x c++ - 2>&1)
    status=$?
  fi
  rm -rf "$tu"
  if [ $status -ne 0 ]; then
    printf 'FAIL %s -std=c++%s %s %s\n%s\n' "$cxx" "$std" "$extra" "$rel" "$(echo "$out" | head -20)"
    return 1
  fi
  printf 'ok   %s -std=c++%s %s %s\n' "$cxx" "$std" "$extra" "$rel"
}
export -f check_one
export include flags
printf '%s\n' "${jobs[@]}" | xargs -P "$(nproc)" -I{} bash -c 'check_one "$@"' _ {} > "$work/log"
status=$?
cat "$work/log"
total=$(grep -cE '^(ok|FAIL) ' "$work/log")
failed=$(grep -c '^FAIL' "$work/log")
echo "header_check: $total compilations (${compilers[*]} x C++17/20), $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$layers_status" -eq 0 ]
