// Shared helpers for lowp's tests: the format list, bit-exact comparison, and a parallel
// sweep over large input spaces that reports its first mismatches.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <lowp/lowp.hpp>
#include <lowp/simd/x86_cpu.hpp>

#ifndef LOWP_TEST_EXHAUSTIVE
#define LOWP_TEST_EXHAUSTIVE 1
#endif

namespace lowp_test {

// Every lowp format, for TEMPLATE_LIST_TEST_CASE.
using all_types = std::tuple<lowp::float16, lowp::bfloat16, lowp::float8_e5m2, lowp::float8_e4m3fn>;
using sixteen_bit_types = std::tuple<lowp::float16, lowp::bfloat16>;

// Builds that cannot afford 2^32 inputs (sanitizers, -O0) configure with
// LOWP_TEST_EXHAUSTIVE=OFF and check a deterministic sample instead.
constexpr bool exhaustive = LOWP_TEST_EXHAUSTIVE != 0;

inline const char* mode_name(lowp::rounding r) {
  switch (r) {
    case lowp::rounding::to_nearest_even: return "to_nearest_even";
    case lowp::rounding::to_nearest_away: return "to_nearest_away";
    case lowp::rounding::toward_zero: return "toward_zero";
    case lowp::rounding::upward: return "upward";
    case lowp::rounding::downward: return "downward";
  }
  return "?";
}
inline const char* policy_name(lowp::overflow o) { return o == lowp::overflow::ieee ? "ieee" : "saturate"; }

constexpr lowp::rounding all_modes[] = {lowp::rounding::to_nearest_even, lowp::rounding::to_nearest_away,
                                        lowp::rounding::toward_zero, lowp::rounding::upward,
                                        lowp::rounding::downward};
constexpr lowp::overflow all_policies[] = {lowp::overflow::ieee, lowp::overflow::saturate};

inline unsigned thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2u : std::min(n, 64u);
}

// The outcome of a sweep: how many inputs were checked, how many failed, and a description
// of the first few failures.
struct sweep_result {
  std::uint64_t checked = 0;
  std::uint64_t failures = 0;
  std::vector<std::string> first;
  std::string report() const {
    std::ostringstream os;
    os << failures << " of " << checked << " inputs failed";
    for (const auto& f : first) os << "\n  " << f;
    return os.str();
  }
};

// sweep32(check): calls check(u, out) for every 32-bit u (or a deterministic sample of
// them when not exhaustive), spread over all cores. check returns true when u passes and
// otherwise writes a description to `out`.
template <class Check>
sweep_result sweep32(Check check, std::uint32_t sample_stride = 4099) {
  const std::uint64_t total = std::uint64_t{1} << 32;
  const std::uint64_t stride = exhaustive ? 1 : sample_stride;
  const unsigned nthreads = thread_count();
  std::atomic<std::uint64_t> next{0}, checked{0}, failures{0};
  std::mutex mutex;
  sweep_result result;
  const std::uint64_t chunk = std::uint64_t{1} << 20;
  auto worker = [&] {
    std::string description;
    for (;;) {
      const std::uint64_t begin = next.fetch_add(chunk);
      if (begin >= total) break;
      const std::uint64_t end = std::min(total, begin + chunk);
      std::uint64_t local_checked = 0, local_failures = 0;
      // In sample mode, also visit the first and last 64 inputs of every chunk, which
      // covers the binade edges of the high bits.
      for (std::uint64_t i = begin; i < end; i += (stride == 1 || (i - begin) < 64 || end - i <= 64) ? 1 : stride) {
        const auto u = static_cast<std::uint32_t>(i);
        ++local_checked;
        description.clear();
        if (!check(u, description)) {
          ++local_failures;
          std::lock_guard<std::mutex> lock(mutex);
          if (result.first.size() < 8) result.first.push_back(description);
        }
      }
      checked += local_checked;
      failures += local_failures;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < nthreads; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  result.checked = checked;
  result.failures = failures;
  return result;
}

// sweep32_blocks(check): like sweep32, but hands out blocks of 4096 consecutive inputs so
// that the check can convert a whole block in a vectorisable loop. check(first, count,
// out) returns the number of failing inputs in [first, first + count) and describes the
// first one in `out`. Not exhaustive: one block in 61 (all binades are still visited).
template <class Check>
sweep_result sweep32_blocks(Check check) {
  constexpr std::uint64_t block = 4096;
  const std::uint64_t blocks = (std::uint64_t{1} << 32) / block;
  const std::uint64_t step = exhaustive ? 1 : 61;
  std::atomic<std::uint64_t> next{0}, checked{0}, failures{0};
  std::mutex mutex;
  sweep_result result;
  auto worker = [&] {
    std::string description;
    for (;;) {
      const std::uint64_t b = next.fetch_add(step);
      if (b >= blocks) break;
      description.clear();
      const std::uint64_t failed = check(static_cast<std::uint32_t>(b * block), static_cast<std::uint32_t>(block),
                                         description);
      checked += block;
      if (failed != 0) {
        failures += failed;
        std::lock_guard<std::mutex> lock(mutex);
        if (result.first.size() < 8) result.first.push_back(description);
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < thread_count(); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  result.checked = checked;
  result.failures = failures;
  return result;
}

inline std::string hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// Whether this CPU (and OS) runs AVX2 + F16C code. Asked through lowp's own CPUID reader:
// clang 14's __builtin_cpu_supports does not know "f16c".
inline bool cpu_has_avx2_f16c() {
#if LOWP_HAS_X86_DISPATCH
  static const bool has = lowp::simd::detect_x86_features().avx2_f16c;
  return has;
#else
  return false;
#endif
}

}  // namespace lowp_test
