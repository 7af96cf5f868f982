// lowp/simd/dispatch.hpp — which bulk path runs, chosen once per process, and the routing
// of one call to the kernel of that path.
//
// The first bulk call picks the best path the CPU and OS support, unless the environment
// variable LOWP_FORCE_PATH names another supported one (portable, avx2, avx512,
// avx512bf16); a name the CPU cannot run is ignored. lowp::set_bulk_path changes the
// choice later (tests use it to run every path).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>

#include "../types.hpp"
#include "../bulk_types.hpp"
#include "../config.hpp"
#include "counting.hpp"
#include "lanes.hpp"
#include "portable.hpp"
#include "x86_cpu.hpp"
#include "x86_kernels.hpp"

namespace lowp {

namespace simd {

inline const char* path_name(simd_path p) noexcept {
  switch (p) {
    case simd_path::portable: return "portable";
    case simd_path::avx2: return "avx2";
    case simd_path::avx512: return "avx512";
    case simd_path::avx512bf16: return "avx512bf16";
  }
  return "unknown";
}

// The path named `name`, if it is one of the names above.
inline bool parse_path_name(const char* name, simd_path& p) noexcept {
  for (simd_path candidate : {simd_path::portable, simd_path::avx2, simd_path::avx512, simd_path::avx512bf16}) {
    if (name != nullptr && std::strcmp(name, path_name(candidate)) == 0) {
      p = candidate;
      return true;
    }
  }
  return false;
}

inline bool path_supported(simd_path p) noexcept {
#if LOWP_HAS_X86_DISPATCH
  static const x86_features cpu = detect_x86_features();
  switch (p) {
    case simd_path::portable: return true;
    case simd_path::avx2: return cpu.avx2_f16c;
    case simd_path::avx512: return cpu.avx512;
    case simd_path::avx512bf16: return cpu.avx512_bf16;
  }
  return false;
#else
  return p == simd_path::portable;
#endif
}

inline simd_path best_path() noexcept {
  for (simd_path p : {simd_path::avx512bf16, simd_path::avx512, simd_path::avx2}) {
    if (path_supported(p)) return p;
  }
  return simd_path::portable;
}

inline simd_path initial_path() noexcept {
#if LOWP_HAS_X86_DISPATCH
  simd_path forced;
  if (parse_path_name(std::getenv("LOWP_FORCE_PATH"), forced) && path_supported(forced)) return forced;
#endif
  return best_path();
}

// The path in use; -1 until the first call decides. One per program (inline function).
inline std::atomic<int>& path_state() noexcept {
  static std::atomic<int> state{-1};
  return state;
}

inline simd_path active_path() noexcept {
  int p = path_state().load(std::memory_order_relaxed);
  if (p < 0) {
    p = static_cast<int>(initial_path());
    path_state().store(p, std::memory_order_relaxed);
  }
  return static_cast<simd_path>(p);
}

// The conversions that have bulk kernels: float <-> every format whose hw_traits row opts
// into the lane algorithm, and double -> those of them with 16 bits.
template <class From, class To>
struct has_kernel : std::false_type {};
template <class F>
struct has_kernel<float, basic_float<F>> : std::integral_constant<bool, hw_traits<F>::simd_lanes> {};
template <class F>
struct has_kernel<basic_float<F>, float> : std::integral_constant<bool, hw_traits<F>::simd_lanes> {};
template <class F>
struct has_kernel<double, basic_float<F>>
    : std::integral_constant<bool, hw_traits<F>::simd_lanes && F::total_bits == 16> {};

// convert_on(path, ...): one bulk conversion on a given path (which must be supported).
template <class From, class To>
void convert_on(simd_path path, const From* src, To* dst, std::size_t n, rounding mode, overflow policy) noexcept {
  static_assert(has_kernel<From, To>::value, "no bulk kernel for this conversion");
  if (n == 0) return;
  if constexpr (std::is_same<To, float>::value) {
    // Widening is exact: one kernel, whatever the mode and policy.
    mode = rounding::to_nearest_even;
    policy = overflow::ieee;
  }
  with_rounding(mode, policy, [&](auto m, auto p) {
    constexpr rounding M = decltype(m)::value;
    constexpr overflow P = decltype(p)::value;
#if LOWP_HAS_X86_DISPATCH
    if (path != simd_path::portable) {
      ieee_mxcsr_scope ieee_environment;
      const std::size_t bytes = n * (sizeof(From) + sizeof(To));
      if (path == simd_path::avx512bf16 && bytes <= wide_block_limit<avx512bf16_isa, From, To>()) {
        convert_avx512bf16<From, To, M, P>(src, dst, n);
      } else if (path == simd_path::avx512 && bytes <= wide_block_limit<avx512_isa, From, To>()) {
        convert_avx512<From, To, M, P>(src, dst, n);
      } else {
        convert_avx2<From, To, M, P>(src, dst, n);
      }
      return;
    }
#else
    (void)path;
#endif
    convert_portable<From, To, M, P>(src, dst, n);
  });
}

// count_on(path, ...): check_conversion's statistics on a given path.
template <class F>
conversion_stats count_on(simd_path path, const float* src, std::size_t n, rounding mode) noexcept {
  tallies<std::size_t> total;
  std::size_t lanes = n;
  with_rounding(mode, overflow::ieee, [&](auto m, auto) {
    constexpr rounding M = decltype(m)::value;
#if LOWP_HAS_X86_DISPATCH
    if (path != simd_path::portable) {
      // avx512bf16 counts with the avx512 kernel (no bfloat16 instruction involved).
      ieee_mxcsr_scope ieee_environment;
      if (path == simd_path::avx2) {
        count_avx2<F, M>(src, n, total, lanes);
      } else {
        count_avx512<F, M>(src, n, total, lanes);
      }
      return;
    }
#else
    (void)path;
#endif
    count_portable<F, M>(src, n, total);
  });
  return stats_of(total, lanes);
}

}  // namespace simd
}  // namespace lowp
