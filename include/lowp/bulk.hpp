// lowp/bulk.hpp — array conversion and conversion statistics.
//
//   std::vector<float> x = ...;
//   std::vector<lowp::float16> h(x.size());
//   lowp::convert(x.data(), h.data(), x.size());               // RNE, IEEE overflow
//   lowp::convert(std::span(x), std::span(h));                 // C++20
//   auto s = lowp::check_conversion<lowp::float16>(x.data(), x.size());
//   if (s.overflow) ...                                         // would become inf
//
// Every result is bit-identical to the scalar lowp::convert of the same element, for any
// n, any alignment and every path. float <-> float16, bfloat16, float8_e4m3fn,
// float8_e5m2 and double -> float16, bfloat16 run SIMD kernels chosen at run time (x86:
// AVX-512 with or without AVX512-BF16, AVX2 + F16C; no -march flag needed); every other
// pair of types loops over the scalar convert. src and dst must not overlap.
//
// The x86 kernels use the SSE/AVX floating-point unit: they may raise its exception
// flags as the hardware conversion does (never a trap), and they run with denormals
// honoured even in a program that set flush-to-zero / denormals-are-zero (-ffast-math).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "bulk_types.hpp"
#include "types.hpp"
#include "convert.hpp"
#include "simd/counting.hpp"
#include "simd/dispatch.hpp"
#include "simd/lanes.hpp"

#if LOWP_CPP20
#include <algorithm>
#include <span>
#endif

namespace lowp {

// conversion_stats and simd_path (bulk_types.hpp): what a conversion would do to an
// array, counted per element (nan, overflow, underflow, subnormal, inexact), and which
// implementation runs.

namespace detail {

// count_result<F, Src>(input, result, mode, counts): adds what converting one float or
// double (Src = binary32 / binary64, given by its bits) into F did, given the result's
// encoding. The definition every bulk path, and the CUDA statistics, must match. Counts is
// any struct with the five counters of conversion_stats. "inexact" compares encodings:
// for a finite input that is comparing values (the only distinct encodings of equal values
// are +0 and -0, and the sign always survives) and it is immune to flush-to-zero.
template <class F, class Src, class Counts>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST void count_result(typename Src::storage input, typename F::storage result,
                                                          rounding mode, Counts& c) noexcept {
  using Wide = std::conditional_t<std::is_same<Src, binary32>::value, float, double>;
  const auto a = magnitude_of<Src>(input);
  const bool finite = is_finite<Src>(input);
  const bool nonzero = finite && a != 0;
  c.nan += is_nan<Src>(input);
  c.overflow += overflows<F, Src>(input, mode);
  // The format's own helpers: fnuz's NaN (0x80) and e8m0's 2^-127 (0x00) have magnitude
  // bits 0 and are not zeros.
  c.underflow += nonzero && is_zero<F>(result);
  c.subnormal += nonzero && is_subnormal<F>(result);
  // A zero that stays a zero is exact even where the sign is lost (fnuz: -0 gives +0).
  const bool zero_kept = a == 0 && is_zero<F>(result);
  c.inexact += finite && !zero_kept && bit_cast<typename Src::storage>(widen<Wide, F>(result)) != input;
}

// The statistics of converting one element.
template <class To, class From>
LOWP_CONSTEXPR_BITCAST void count_conversion(From x, rounding mode, overflow policy, conversion_stats& s) noexcept {
  using Src = binary_format_of<From>;
  count_result<typename To::format_type, Src>(bit_cast<typename Src::storage>(x), convert<To>(x, mode, policy).bits(),
                                              mode, s);
}

}  // namespace detail

// bulk_path() — the implementation bulk calls use now (see simd_path).
inline simd_path bulk_path() noexcept { return simd::active_path(); }

// bulk_path_supported(p) — whether this CPU, OS and build can run path p.
inline bool bulk_path_supported(simd_path p) noexcept { return simd::path_supported(p); }

// set_bulk_path(p) — use p from now on, in every thread. Returns false, and changes
// nothing, when p is not supported here. The default is the fastest supported path, or
// the one named by the environment variable LOWP_FORCE_PATH (portable, avx2, avx512,
// avx512bf16) when that one is supported.
inline bool set_bulk_path(simd_path p) noexcept {
  if (!simd::path_supported(p)) return false;
  simd::path_state().store(static_cast<int>(p), std::memory_order_relaxed);
  return true;
}

// bulk_path_name(p) — "portable", "avx2", "avx512" or "avx512bf16".
inline const char* bulk_path_name(simd_path p) noexcept { return simd::path_name(p); }

// convert(src, dst, n, mode, policy): dst[i] = convert<To>(src[i], mode, policy).
template <class From, class To>
void convert(const From* src, To* dst, std::size_t n, rounding mode = rounding::to_nearest_even,
             overflow policy = overflow::ieee) noexcept {
  if constexpr (simd::has_kernel<From, To>::value) {
    simd::convert_on(simd::active_path(), src, dst, n, mode, policy);
  } else {
    for (std::size_t i = 0; i < n; ++i) dst[i] = convert<To>(src[i], mode, policy);
  }
}

// check_conversion<To>(src, n, mode, policy): what convert would do, without writing.
// The policy changes no count: an overflow is counted whether it becomes inf or max.
template <class To, class From>
conversion_stats check_conversion(const From* src, std::size_t n, rounding mode = rounding::to_nearest_even,
                                  overflow policy = overflow::ieee) noexcept {
  conversion_stats s;
  if constexpr (simd::has_kernel<From, To>::value && std::is_same<From, float>::value) {
    (void)policy;
    s = simd::count_on<typename To::format_type>(simd::active_path(), src, n, mode);
  } else {
    for (std::size_t i = 0; i < n; ++i) detail::count_conversion<To>(src[i], mode, policy, s);
  }
  return s;
}

#if LOWP_CPP20
// The same on spans: converts min(src.size(), dst.size()) elements.
template <class From, std::size_t N1, class To, std::size_t N2>
void convert(std::span<From, N1> src, std::span<To, N2> dst, rounding mode = rounding::to_nearest_even,
             overflow policy = overflow::ieee) noexcept {
  static_assert(!std::is_const<To>::value, "convert(src, dst): dst must be writable");
  const std::remove_const_t<From>* in = src.data();
  convert(in, dst.data(), std::min(src.size(), dst.size()), mode, policy);
}

template <class To, class From, std::size_t N>
conversion_stats check_conversion(std::span<From, N> src, rounding mode = rounding::to_nearest_even,
                                  overflow policy = overflow::ieee) noexcept {
  const std::remove_const_t<From>* in = src.data();
  return check_conversion<To>(in, src.size(), mode, policy);
}
#endif

}  // namespace lowp
