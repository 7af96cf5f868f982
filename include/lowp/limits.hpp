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
  LOWP_HOST_DEVICE static constexpr T power_of_two(int e) noexcept {
    return T::from_bits(round_finite<F, 61>(false, e, std::uint64_t{1} << 61, false, lowp::rounding::to_nearest_even,
                                            lowp::overflow::ieee));
  }
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
  static constexpr bool is_signed = F::is_signed;
  static constexpr bool is_integer = false;
  static constexpr bool is_exact = false;
  static constexpr bool has_infinity = F::has_infinity;
  static constexpr bool has_quiet_NaN = F::has_nan;
  static constexpr bool has_signaling_NaN = F::has_signaling_nan;
  static constexpr float_denorm_style has_denorm = F::has_subnormals ? denorm_present : denorm_absent;
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
  LOWP_HOST_DEVICE static constexpr T lowest() noexcept {
    return F::is_signed ? L::bits(lowp::detail::with_sign<F>(true, F::max_finite_bits)) : (min)();
  }
  // 2^-M, the distance from 1 to the next value, and 0.5: exact powers of two, encoded by
  // the engine (a subnormal in the narrowest formats).
  LOWP_HOST_DEVICE static constexpr T epsilon() noexcept { return L::power_of_two(-F::mantissa_bits); }
  LOWP_HOST_DEVICE static constexpr T round_error() noexcept { return L::power_of_two(-1); }
  // Without infinity (float8_e4m3fn) the standard asks for an unspecified value; lowp
  // returns +0, as for numeric_limits<int>::infinity().
  LOWP_HOST_DEVICE static constexpr T infinity() noexcept { return L::bits(F::has_infinity ? F::infinity_bits : 0); }
  // Without NaN (the standard's value is unspecified) lowp returns +0 as well.
  LOWP_HOST_DEVICE static constexpr T quiet_NaN() noexcept { return L::bits(F::quiet_nan_bits); }
  LOWP_HOST_DEVICE static constexpr T signaling_NaN() noexcept { return L::bits(F::signaling_nan_bits); }
  LOWP_HOST_DEVICE static constexpr T denorm_min() noexcept { return L::bits(F::min_positive_bits); }
};

// std::hash: equal values hash equally (+0 and -0 too); NaNs hash by encoding.
template <class F>
struct hash<lowp::basic_float<F>> {
  std::size_t operator()(lowp::basic_float<F> x) const noexcept {
    const auto bits = x.bits();
    return std::hash<unsigned>{}(lowp::detail::is_zero<F>(bits) ? 0u : static_cast<unsigned>(bits));
  }
};

}  // namespace std
