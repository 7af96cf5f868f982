// lowp/limits.hpp — std::numeric_limits and std::hash for every basic_float.
//
// Generated from the format traits, never typed in by hand (hand-typed tables drift:
// Eigen 3.4 shipped a bfloat16 round_error of 16128). Every member is tested against
// an exhaustive scan of the encodings.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>

#include "basic_float.hpp"

namespace lowp {
namespace detail {

// floor(log10(x)) for a positive finite double, constexpr.
LOWP_HOST_DEVICE constexpr int floor_log10(double x) noexcept {
  int e = 0;
  for (; x >= 10.0; x /= 10.0) ++e;
  for (; x < 1.0; x *= 10.0) --e;
  return e;
}

// floor(n * log10(2)) for 0 <= n < 1000 (log10(2) = 0.30102999566...).
LOWP_HOST_DEVICE constexpr int floor_log10_pow2(int n) noexcept { return n * 30103 / 100000; }

template <class F>
struct limits_of {
  using T = basic_float<F>;
  using storage = typename F::storage;
  LOWP_HOST_DEVICE static constexpr T bits(std::uint64_t b) noexcept { return T::from_bits(static_cast<storage>(b)); }
};

}  // namespace detail
}  // namespace lowp

namespace std {

template <class F>
class numeric_limits<lowp::basic_float<F>> {
  using T = lowp::basic_float<F>;
  using L = lowp::detail::limits_of<F>;

 public:
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = true;
  static constexpr bool is_integer = false;
  static constexpr bool is_exact = false;
  static constexpr bool has_infinity = F::has_infinity;
  static constexpr bool has_quiet_NaN = true;
  static constexpr bool has_signaling_NaN = F::has_signaling_nan;
  static constexpr float_denorm_style has_denorm = denorm_present;
  static constexpr bool has_denorm_loss = false;
  static constexpr float_round_style round_style = round_to_nearest;
  // IEEE 754 semantics: infinities, quiet and signaling NaNs, subnormals. float8_e4m3fn
  // has no infinity, so it is not an IEC 559 type.
  static constexpr bool is_iec559 = F::has_infinity && F::has_signaling_nan;
  static constexpr bool is_bounded = true;
  static constexpr bool is_modulo = false;
  static constexpr int digits = F::mantissa_bits + 1;
  static constexpr int digits10 = lowp::detail::floor_log10_pow2(digits - 1);
  static constexpr int max_digits10 = lowp::detail::floor_log10_pow2(digits) + 2;
  static constexpr int radix = 2;
  // As for float: the smallest / largest e such that 2^(e-1) is a normal number.
  static constexpr int min_exponent = F::min_exponent + 1;
  static constexpr int max_exponent = F::max_exponent + 1;
  // The smallest e with 10^e normal, the largest e with 10^e finite.
  static constexpr int min_exponent10 =
      -lowp::detail::floor_log10(1.0 / lowp::detail::exp2i(F::min_exponent));
  static constexpr int max_exponent10 = lowp::detail::floor_log10(lowp::detail::max_finite_value<F>());
  static constexpr bool traps = false;
  static constexpr bool tinyness_before = false;

  LOWP_HOST_DEVICE static constexpr T(min)() noexcept { return L::bits(F::min_normal_bits); }
  LOWP_HOST_DEVICE static constexpr T(max)() noexcept { return L::bits(F::max_finite_bits); }
  LOWP_HOST_DEVICE static constexpr T lowest() noexcept { return L::bits(F::sign_mask | F::max_finite_bits); }
  // 2^-M: the distance from 1 to the next value, whose biased exponent field is bias - M.
  LOWP_HOST_DEVICE static constexpr T epsilon() noexcept {
    static_assert(F::bias > F::mantissa_bits, "2^-M is a normal number of the format");
    return L::bits(static_cast<std::uint64_t>(F::bias - F::mantissa_bits) << F::mantissa_bits);
  }
  LOWP_HOST_DEVICE static constexpr T round_error() noexcept {  // 0.5
    return L::bits(static_cast<std::uint64_t>(F::bias - 1) << F::mantissa_bits);
  }
  // Without infinity (float8_e4m3fn) the standard asks for an unspecified value; lowp
  // returns +0, as for numeric_limits<int>::infinity().
  LOWP_HOST_DEVICE static constexpr T infinity() noexcept { return L::bits(F::has_infinity ? F::infinity_bits : 0); }
  LOWP_HOST_DEVICE static constexpr T quiet_NaN() noexcept { return L::bits(F::quiet_nan_bits); }
  LOWP_HOST_DEVICE static constexpr T signaling_NaN() noexcept { return L::bits(F::signaling_nan_bits); }
  LOWP_HOST_DEVICE static constexpr T denorm_min() noexcept { return L::bits(1); }
};

// std::hash: equal values hash equally (+0 and -0 too); NaNs hash by encoding.
template <class F>
struct hash<lowp::basic_float<F>> {
  std::size_t operator()(lowp::basic_float<F> x) const noexcept {
    const auto bits = x.bits();
    const bool zero = (bits & F::magnitude_mask) == 0;
    return std::hash<unsigned>{}(zero ? 0u : static_cast<unsigned>(bits));
  }
};

}  // namespace std
