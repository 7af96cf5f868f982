// Helpers of the bulk tests: the paths to run, a parallel block runner, and inputs.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <lowp/bulk.hpp>

#include "lowp_test.hpp"

namespace bulk_test {

constexpr lowp::simd_path all_paths[] = {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512,
                                         lowp::simd_path::avx512bf16};

// The paths this CPU runs. The others are reported (visibly) as skipped.
inline std::vector<lowp::simd_path> supported_paths() {
  std::vector<lowp::simd_path> v;
  for (auto p : all_paths) {
    if (lowp::bulk_path_supported(p)) v.push_back(p);
  }
  return v;
}
inline std::string skipped_paths() {
  std::string s;
  for (auto p : all_paths) {
    if (!lowp::bulk_path_supported(p)) s += std::string(s.empty() ? "" : ", ") + lowp::bulk_path_name(p);
  }
  return s;
}

// Bits of a float, double or lowp value, for comparisons and messages.
template <class T>
std::uint64_t bits_of(T x) {
  if constexpr (std::is_same<T, float>::value) {
    return lowp::detail::bit_cast<std::uint32_t>(x);
  } else if constexpr (std::is_same<T, double>::value) {
    return lowp::detail::bit_cast<std::uint64_t>(x);
  } else {
    return x.bits();
  }
}

// Runs fn(index) for index in [0, count) on every core.
template <class Fn>
void parallel_for(std::uint64_t count, Fn fn) {
  std::atomic<std::uint64_t> next{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < lowp_test::thread_count(); ++t) {
    threads.emplace_back([&] {
      for (std::uint64_t i; (i = next.fetch_add(1)) < count;) fn(i);
    });
  }
  for (auto& t : threads) t.join();
}

// Mismatch bookkeeping shared by threads.
struct mismatches {
  std::atomic<std::uint64_t> count{0};
  std::mutex mutex;
  std::vector<std::string> first;
  void add(const std::string& what) {
    ++count;
    std::lock_guard<std::mutex> lock(mutex);
    if (first.size() < 8) first.push_back(what);
  }
  std::string report() const {
    std::string s = std::to_string(count.load()) + " mismatches";
    for (const auto& f : first) s += "\n  " + f;
    return s;
  }
};

// Compares n results against the reference; records the first difference.
template <class From, class To>
void compare(const char* what, const From* in, const To* got, const To* want, std::size_t n, mismatches& m) {
  if (std::memcmp(static_cast<const void*>(got), static_cast<const void*>(want), n * sizeof(To)) == 0) return;
  for (std::size_t i = 0; i < n; ++i) {
    if (bits_of(got[i]) != bits_of(want[i])) {
      m.add(std::string(what) + ": input " + lowp_test::hex(bits_of(in[i])) + " -> " + lowp_test::hex(bits_of(got[i])) +
            ", engine " + lowp_test::hex(bits_of(want[i])));
      return;
    }
  }
}

// Random inputs that hit every class: uniform bits, values near each format's edges,
// exact ties of the 16- and 8-bit grids, zeros, infinities and NaNs.
inline std::vector<float> mixed_floats(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) {
    std::uint32_t u = static_cast<std::uint32_t>(rng());
    switch (rng() % 6) {
      case 0: break;                                                        // any bits
      case 1: u = (u & 0x8000ffffu) | ((0x33u + (u >> 16) % 0x1du) << 23); break;  // 2^-24 .. 2^4
      case 2: u = (u & 0x80000000u) | ((u & 0x7fffffffu) % 0x00800000u); break;   // float subnormals
      case 3: u = (u & 0xffffe000u) | 0x1000u; break;                       // float16 ties
      case 4: u = (u & 0xffff0000u) | 0x8000u; break;                       // bfloat16 ties
      default: u = (u & 0x80000000u) | (0x7f800000u + (rng() % 3 == 0 ? (u & 0x7fffffu) : 0)); break;
    }
    std::memcpy(&x, &u, sizeof x);
  }
  return v;
}

inline std::vector<double> mixed_doubles(std::size_t n, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> v(n);
  for (auto& x : v) {
    std::uint64_t u = rng();
    const std::uint64_t sign = u & 0x8000000000000000ull;
    switch (rng() % 6) {
      case 0: break;
      case 1: u = sign | (u & 0x000fffffffffffffull) | ((1023ull - 30 + rng() % 50) << 52); break;
      case 2: {
        // A float16 or bfloat16 tie, or a value one double ulp either side of it.
        const std::uint64_t keep = rng() % 2 ? 0xfffffc0000000000ull : 0xffffe00000000000ull;
        const std::uint64_t tie = (((u & 0x000fffffffffffffull) | ((1023ull - 20 + rng() % 40) << 52)) & keep) |
                                  ((~keep + 1) >> 1);
        u = sign | (tie + (rng() % 3) - 1);
        break;
      }
      case 3: u = sign | ((u & 0x000fffffffffffffull) | ((896ull - 40 + rng() % 60) << 52)); break;  // float subnormal range
      case 4: u = sign | (u % 0x0010000000000000ull); break;                                          // double subnormals
      default: u = sign | 0x7ff0000000000000ull | (rng() % 2 ? (u & 0x000fffffffffffffull) : 0); break;
    }
    std::memcpy(&x, &u, sizeof x);
  }
  return v;
}

}  // namespace bulk_test
