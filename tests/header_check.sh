#!/usr/bin/env bash
# Every public header compiles on its own, warning-free, with g++ and clang++ in C++17 and
# C++20 (the flags of DEVELOPERS.md). Usage: header_check.sh INCLUDE_DIR
set -uo pipefail
include=${1:?include directory}
flags="-Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror -fsyntax-only"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compilers=()
for c in g++ clang++; do command -v "$c" >/dev/null && compilers+=("$c"); done
jobs=()
while IFS= read -r h; do
  rel=${h#"$include"/}
  for cxx in "${compilers[@]}"; do
    for std in 17 20; do jobs+=("$cxx|$std|$rel"); done
  done
done < <(find "$include/lowp" -name '*.hpp' | sort)

check_one() {
  IFS='|' read -r cxx std rel <<<"$1"
  if ! out=$(printf '#include <%s>\nint main() { return 0; }\n' "$rel" |
             "$cxx" -std=c++"$std" $flags -I"$include" -x c++ - 2>&1); then
    printf 'FAIL %s -std=c++%s %s\n%s\n' "$cxx" "$std" "$rel" "$(echo "$out" | head -20)"
    return 1
  fi
  printf 'ok   %s -std=c++%s %s\n' "$cxx" "$std" "$rel"
}
export -f check_one
export include flags
printf '%s\n' "${jobs[@]}" | xargs -P "$(nproc)" -I{} bash -c 'check_one "$@"' _ {} > "$work/log"
status=$?
cat "$work/log"
total=$(grep -c '' "$work/log")
failed=$(grep -c '^FAIL' "$work/log")
echo "header_check: $total compilations (${#compilers[@]} compilers x C++17/20), $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
