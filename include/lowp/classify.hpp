// lowp/classify.hpp — classification of lowp values, on their bits.
//
// Free functions found by argument-dependent lookup, as <cmath> has them for float:
//
//   using lowp::isnan;           // or call them unqualified: ADL finds them
//   if (isnan(h) || issubnormal(h)) ...
//
// They read the encoding, never float comparisons, so they stay right in translation
// units built with -ffast-math (where the compiler may assume x == x).
//
// glibc defines a function-like macro issubnormal(x) as (fpclassify(x) == FP_SUBNORMAL)
// when _GNU_SOURCE is on (g++ turns it on). lowp declares (issubnormal) in parentheses so
// the macro cannot break the declaration; an unqualified call issubnormal(h) then works
// either way (the macro's fpclassify finds lowp::fpclassify by ADL), and a qualified call
// is written (lowp::issubnormal)(h).
#pragma once

#include <cmath>  // FP_NAN, FP_INFINITE, FP_ZERO, FP_SUBNORMAL, FP_NORMAL

#include "basic_float.hpp"

namespace lowp {

// isnan(x): x is a NaN (float8_e4m3fn: only S.1111.111; never, for formats without NaN).
template <class F>
LOWP_HOST_DEVICE constexpr bool isnan(basic_float<F> x) noexcept {
  return detail::is_nan<F>(x.bits());
}

// isinf(x): x is +-infinity (never true for formats without infinity).
template <class F>
LOWP_HOST_DEVICE constexpr bool isinf(basic_float<F> x) noexcept {
  return detail::is_infinity<F>(x.bits());
}

// isfinite(x): neither infinity nor NaN.
template <class F>
LOWP_HOST_DEVICE constexpr bool isfinite(basic_float<F> x) noexcept {
  return detail::is_finite<F>(x.bits());
}

// iszero(x): +0 or -0.
template <class F>
LOWP_HOST_DEVICE constexpr bool iszero(basic_float<F> x) noexcept {
  return detail::is_zero<F>(x.bits());
}

// issubnormal(x): nonzero with the smallest exponent field.
template <class F>
LOWP_HOST_DEVICE constexpr bool(issubnormal)(basic_float<F> x) noexcept {
  return detail::is_subnormal<F>(x.bits());
}

// isnormal(x): finite, nonzero and not subnormal.
template <class F>
LOWP_HOST_DEVICE constexpr bool isnormal(basic_float<F> x) noexcept {
  return detail::is_normal<F>(x.bits());
}

// signbit(x): the sign bit, for zeros and NaNs too (fnuz's NaN has no sign).
template <class F>
LOWP_HOST_DEVICE constexpr bool signbit(basic_float<F> x) noexcept {
  return detail::is_negative<F>(x.bits());
}

// issignaling(x): a NaN with the quiet bit clear. Formats with a single NaN have none.
template <class F>
LOWP_HOST_DEVICE constexpr bool issignaling(basic_float<F> x) noexcept {
  return detail::is_signaling<F>(x.bits());
}

// fpclassify(x): FP_NAN, FP_INFINITE, FP_ZERO, FP_SUBNORMAL or FP_NORMAL.
template <class F>
LOWP_HOST_DEVICE constexpr int fpclassify(basic_float<F> x) noexcept {
  return isnan(x) ? FP_NAN : isinf(x) ? FP_INFINITE : iszero(x) ? FP_ZERO : (issubnormal)(x) ? FP_SUBNORMAL : FP_NORMAL;
}

}  // namespace lowp
