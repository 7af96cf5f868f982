// lowp/bulk.hpp — array conversion and conversion statistics.
//
//   std::vector<float> x = ...;
//   std::vector<lowp::float16> h(x.size());
//   lowp::convert(x.data(), h.data(), x.size());               // RNE, IEEE overflow
//   auto s = lowp::check_conversion<lowp::float16>(x.data(), x.size());
//   if (s.overflow) ...                                         // would become inf
//
// Results are bit-identical to the scalar lowp::convert for every element.
//
// NOTE: this is the portable reference implementation; the SIMD kernels with runtime
// dispatch replace the loop bodies without changing any result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "basic_float.hpp"
#include "convert.hpp"

namespace lowp {

// What a conversion would do to an array, counted per element.
struct conversion_stats {
  std::size_t nan = 0;        // NaN inputs
  std::size_t overflow = 0;   // finite inputs whose rounded magnitude exceeds max finite
  std::size_t underflow = 0;  // nonzero finite inputs whose result is +-0
  std::size_t subnormal = 0;  // nonzero subnormal results
  std::size_t inexact = 0;    // finite inputs whose result differs from the input
};

namespace detail {

// The statistics of converting one element; the definition every bulk path must match.
template <class To, class From>
LOWP_CONSTEXPR_BITCAST void count_conversion(From x, rounding mode, overflow policy, conversion_stats& s) noexcept {
  using F = typename To::format_type;
  using Src = binary_format_of<From>;
  const auto bits = bit_cast<typename Src::storage>(x);
  const auto in = unpack_binary<Src>(bits);
  const To y = convert<To>(x, mode, policy);
  const auto magnitude = static_cast<typename F::storage>(y.bits() & F::magnitude_mask);
  const bool finite = !in.is_special();
  const bool nonzero = finite && in.significand != 0;
  s.nan += in.is_special() && in.mantissa != 0;
  s.overflow += overflows<F, Src>(bits, mode);
  s.underflow += nonzero && magnitude == 0;
  s.subnormal += nonzero && magnitude != 0 && magnitude < F::min_normal_bits;
  s.inexact += finite && convert<From>(y) != x;
}

}  // namespace detail

// convert(src, dst, n, mode, policy): dst[i] = convert<To>(src[i], mode, policy).
template <class From, class To>
void convert(const From* src, To* dst, std::size_t n, rounding mode = rounding::to_nearest_even,
             overflow policy = overflow::ieee) noexcept {
  for (std::size_t i = 0; i < n; ++i) dst[i] = convert<To>(src[i], mode, policy);
}

// check_conversion<To>(src, n, mode, policy): what convert would do, without writing.
template <class To, class From>
conversion_stats check_conversion(const From* src, std::size_t n, rounding mode = rounding::to_nearest_even,
                                  overflow policy = overflow::ieee) noexcept {
  conversion_stats s;
  for (std::size_t i = 0; i < n; ++i) detail::count_conversion<To>(src[i], mode, policy, s);
  return s;
}

}  // namespace lowp
