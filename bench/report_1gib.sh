#!/usr/bin/env bash
# The lowp-report benchmark: how long the report takes on a 1 GiB safetensors file,
# as a ratio to reading the file once (cat FILE > /dev/null). Both run with a warm page
# cache; each is timed twice and the better time is kept. A third run gives the report's
# CPU time (steadier than wall time on a shared machine) and peak anonymous memory.
#
#   bench/report_1gib.sh [BUILD_DIR]      (default build/report-bench; configured and built if needed)
#
#   LOWP_BENCH_BYTES   data bytes of the generated file (default 1073741824 = 1 GiB)
#   LOWP_BENCH_ARGS    extra lowp-report arguments (e.g. "--threads 1")
#   TMPDIR             where the file is generated (removed at the end)
#
# The file comes from lowp-report-make-sample --bytes N: 64 MiB F32 tensors of the three
# kinds of the bundled sample (weights, activations with outlier channels, gradients).
# Not part of the test suite (too big, too slow).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/report-bench}
bytes=${LOWP_BENCH_BYTES:-1073741824}
dir=${TMPDIR:-/tmp}

if [ ! -x "$build/examples/report/lowp-report" ] || [ ! -x "$build/examples/report/lowp-report-make-sample" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOWP_BUILD_EXAMPLES=ON -DLOWP_BUILD_TESTS=OFF -DLOWP_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" --target lowp-report lowp-report-make-sample >/dev/null
report=$build/examples/report/lowp-report

need_kib=$((bytes / 1024 + 65536))
free_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if [ "$free_kib" -lt "$need_kib" ]; then
  echo "report_1gib: $dir has $((free_kib / 1024)) MiB free, needs $((need_kib / 1024)) MiB" >&2
  exit 1
fi
file=$(mktemp "$dir/lowp-report-bench-XXXXXX")
trap 'rm -f "$file"' EXIT
echo "generating $bytes bytes of tensors in $file ..."
"$build/examples/report/lowp-report-make-sample" --bytes "$bytes" "$file"

# seconds_of CMD...: the better wall-clock time of two runs, in seconds.
seconds_of() {
  local best=""
  for _ in 1 2; do
    local start=${EPOCHREALTIME/./}
    "$@" >/dev/null
    local end=${EPOCHREALTIME/./}
    local us=$((end - start))
    if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}

cat "$file" >/dev/null  # warm the page cache
read_s=$(seconds_of cat "$file")
# shellcheck disable=SC2086
report_s=$(seconds_of "$report" --no-progress ${LOWP_BENCH_ARGS:-} "$file")
size=$(stat -c %s "$file")
# One more run for its CPU time and its peak anonymous memory (RssAnon, sampled every
# 0.1 s: the heap and stacks, not the file's pages in the page cache).
start_cpu=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
# shellcheck disable=SC2086
"$report" --no-progress ${LOWP_BENCH_ARGS:-} "$file" >/dev/null &
pid=$!
peak_kib=0
while kill -0 "$pid" 2>/dev/null; do
  kib=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
  if [ -n "$kib" ] && [ "$kib" -gt "$peak_kib" ]; then peak_kib=$kib; fi
  sleep 0.1
done
wait "$pid"
end_cpu=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
cpu_s=$(awk -v a="$start_cpu" -v b="$end_cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
awk -v size="$size" -v r="$read_s" -v t="$report_s" -v cpus="$(nproc)" -v cpu="$cpu_s" -v anon="$peak_kib" \
    -v model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" 'BEGIN {
  gib = size / 1073741824
  printf "cpu:         %s, %d cores\n", model, cpus
  printf "file:        %.2f GiB (%d bytes)\n", gib, size
  printf "cat:         %.3f s  (%.2f GiB/s)\n", r, gib / r
  printf "lowp-report: %.3f s  (%.2f GiB/s), %.2f s of CPU (user + system), peak RssAnon %.1f MiB\n", t, gib / t, cpu, anon / 1024
  printf "ratio:       %.1fx the time of reading the file once\n", t / r
}'
