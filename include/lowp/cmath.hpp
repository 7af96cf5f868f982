// lowp/cmath.hpp — <cmath> for lowp types, correctly rounded for every input.
//
//   lowp::float16 h(0.7f);
//   lowp::float16 s = lowp::sin(h);           // sin of the exact value of h, rounded once
//   lowp::bfloat16 p = lowp::pow(b, b);       // found by ADL too: pow(b, b)
//
// Every function returns the exact mathematical result rounded to nearest even into the
// argument's type (overflow as IEEE: infinity, or NaN on float8_e4m3fn, which has none).
// tests/math compares them with GNU MPFR emulating each format: every input of the unary
// functions for all four formats; every pair (every fma triple) for the 8-bit formats; for
// float16 and bfloat16 10^6 random pairs plus edge cases, and in an opt-in run every pair
// of pow and atan2. See tests/math/RESULTS.md.
//
// How: a lowp value is a small integer times a power of two.
//  - abs, copysign, fmin, fmax, nextafter, frexp, ldexp, floor, ceil, trunc, round, rint,
//    sqrt, hypot and fma are exact integer computations followed by one call of the
//    rounding engine (round.hpp). They are constexpr and need no math library.
//  - The transcendental functions evaluate the double function of the libm at the exact
//    (widened) argument and round that once. This is only wrong when the exact result lies
//    closer to a rounding boundary of the lowp type (a midpoint between two neighbours)
//    than the libm's error. The exhaustive tests measure that distance for every input:
//    apart from exact results, no input comes near enough for a libm with an error of a
//    few units in the last place of double to matter (RESULTS.md gives the margins).
//    The results that can sit on a boundary (2^n for exp2, n for log2, dyadic x^y for pow,
//    subnormal atan2) are computed exactly instead, so they do not depend on the libm.
//
// NaN results, the rule of arithmetic.hpp too: a NaN argument comes back quieted with its
// sign and payload (the first NaN, for several arguments); an invalid operation (sqrt(-1),
// log(-1), acos(2), pow(-2, 0.5), inf - inf in fma, ...) gives the positive quiet NaN with
// zero payload, whatever NaN the libm returned. abs, copysign and unary minus only touch
// the sign bit, as IEEE 754 says.
#pragma once

#include <cmath>
#include <cstdint>

#include "types.hpp"
#include "classify.hpp"
#include "config.hpp"
#include "detail/bits.hpp"
#include "math/exact.hpp"
#include "widen.hpp"
#include "round.hpp"

namespace lowp {
namespace detail {
namespace math {

template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> make(typename F::storage bits) noexcept {
  return basic_float<F>::from_bits(bits);
}
// The quiet version of a NaN (only IEEE formats have signaling NaNs).
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> quieted(basic_float<F> x) noexcept {
  return make<F>(detail::quieted<F>(x.bits()));
}
// The NaN an invalid operation produces.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> default_nan() noexcept {
  return make<F>(detail::default_nan<F>());
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> infinity(bool negative) noexcept {
  return make<F>(encode_infinity<F>(negative, overflow::ieee));
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> from_scaled(bool negative, int exponent, std::uint64_t n, bool sticky,
                                                      rounding mode = rounding::to_nearest_even) noexcept {
  return make<F>(round_scaled<F>(negative, exponent, n, sticky, mode));
}
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage magnitude(basic_float<F> x) noexcept {
  return magnitude_of<F>(x.bits());
}

// Whether a double is a NaN, on its bits (so that -ffast-math cannot fold it away).
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST bool is_nan_double(double d) noexcept {
  return (bit_cast<std::uint64_t>(d) & 0x7fffffffffffffffu) > 0x7ff0000000000000u;
}

template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST double to_double(basic_float<F> x) noexcept {
  return widen<double, F>(x.bits());
}

// A libm result rounded once into F; a NaN that did not come from a NaN argument is an
// invalid operation.
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> from_libm(double r) noexcept {
  return is_nan_double(r) ? default_nan<F>() : make<F>(round_binary<F, binary64>(bit_cast<std::uint64_t>(r),
                                                                             rounding::to_nearest_even,
                                                                             overflow::ieee));
}

// The result of a unary libm function r = f(x): a NaN argument comes back quieted.
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> libm_result(basic_float<F> x, double r) noexcept {
  return isnan(x) ? quieted(x) : from_libm<F>(r);
}

// x rounded to an integral value in `mode` (the decision is the engine's
// rounding_increment). Values of magnitude 2^M and above are integers already.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> round_integral(basic_float<F> x, rounding mode) noexcept {
  if (isnan(x)) return quieted(x);
  if (!isfinite(x)) return x;
  const scaled_integer v = decompose<F>(x.bits());
  if (v.exponent >= 0 || v.significand == 0) return x;
  // The fraction bits; past M + 2 the whole significand (below 2^(M+1)) is under the
  // round bit whatever the shift, so the shift is capped there.
  const int fraction_bits = -v.exponent < F::mantissa_bits + 2 ? -v.exponent : F::mantissa_bits + 2;
  const std::uint64_t shift = static_cast<std::uint64_t>(fraction_bits);
  std::uint64_t inc = 0;
  rounding_increment(mode, v.negative, shift, (v.significand >> shift) & 1u, inc);
  const std::uint64_t integral = (v.significand + inc) >> shift;
  // The integer is exact in F (it is at most 2^M); zero keeps x's sign.
  return from_scaled<F>(v.negative, 0, integral, false);
}

// x^y when it is a dyadic number that fits in 64 bits: the cases where the exact result
// can sit on a rounding boundary, computed exactly so that they do not depend on the
// libm. Returns false when x^y is not such a number (then it is irrational or has a
// non-terminating binary expansion, or needs more than 64 bits: no boundary of F is
// exactly hit). x and y are finite, x nonzero.
template <class F>
LOWP_HOST_DEVICE constexpr bool exact_pow(basic_float<F> x, basic_float<F> y, basic_float<F>& result) noexcept {
  scaled_integer a = decompose<F>(x.bits());
  scaled_integer b = decompose<F>(y.bits());
  if (b.significand == 0) return false;
  // Odd significands: x = a * 2^ea, y = b * 2^eb.
  const int za = countr_zero(a.significand);
  const int zb = countr_zero(b.significand);
  a.significand >>= za;
  a.exponent += za;
  b.significand >>= zb;
  b.exponent += zb;
  if (b.exponent >= 0) {
    // y is an integer, n = b * 2^eb. Only a power of two survives a negative n.
    const bool odd = b.exponent == 0 && (b.significand & 1) != 0;
    const bool negative = a.negative && odd;
    if (a.significand == 1) {
      // (2^ea)^n = 2^(ea * n). Once y >= 2^21, n is capped at 2^20: 2^(ea * n) is far outside
      // every format anyway (ea != 0 there; ea == 0 is x = +-1).
      const long long n = b.exponent > 20 ? (1LL << 20) : static_cast<long long>(b.significand << b.exponent);
      const long long e = static_cast<long long>(a.exponent) * (b.negative ? -n : n);
      result = make<F>(power_of_two<F>(negative, a.exponent == 0 ? 0 : e));
      return true;
    }
    if (b.negative || b.exponent > 6) return false;  // a^64 > 2^64 for a >= 3
    const std::uint64_t n = b.significand << b.exponent;
    std::uint64_t p = 0;
    if (!integer_power(a.significand, n, p)) return false;
    const long long e = static_cast<long long>(a.exponent) * static_cast<long long>(n);
    if (e < -4096 || e > 4096) return false;
    result = from_scaled<F>(negative, static_cast<int>(e), p, false);
    return true;
  }
  // y = b / 2^k with b odd: x^y is dyadic only for x > 0, a a perfect 2^k-th power and 2^k
  // dividing ea. a < 2^15, so k <= 3 unless a == 1.
  if (a.negative) return false;
  const int k = -b.exponent;
  if (k > 30 || (a.exponent % (1 << k)) != 0) return false;
  std::uint64_t root = a.significand;
  for (int i = 0; i < k && root != 1; ++i) {
    bool inexact = false;
    root = isqrt(root, inexact);
    if (inexact) return false;
  }
  if (root != 1 && (b.negative || k > 3)) return false;
  const long long e = static_cast<long long>(a.exponent / (1 << k)) * static_cast<long long>(b.negative ? -1 : 1) *
                      static_cast<long long>(b.significand);
  if (root == 1) {
    result = make<F>(power_of_two<F>(false, e));
    return true;
  }
  std::uint64_t p = 0;
  if (!integer_power(root, b.significand, p) || e < -4096 || e > 4096) return false;
  result = from_scaled<F>(false, static_cast<int>(e), p, false);
  return true;
}

// atan2(y, x) for finite x > 0 and finite nonzero y with |y/x| < 2^min_exponent and
// |y/x| < 2^-(M+1): a subnormal result. There atan(t) = t - t^3/3 + ... lies just below |t| = |y/x|, and t can
// be exactly a midpoint between two subnormals (t = 2^-25 for float16, for instance), so
// the result is decided by the "just below": no libm result in double can resolve it.
// Computed exactly instead: t as an integer quotient, minus a tiny amount when exact.
// That is the right rounding because t^3/3 is far smaller than the distance from t to any
// rounding boundary t is not exactly on: t - B = (y - B*x)/x is a multiple of a power of
// two over x, so |t - B| > t * 2^-(2M+3), while t^3/3 < t * 2^-(2M+3) for t < 2^-(M+1).
// (The second bound is the first one in formats with a wide exponent; FP6 E2M3 and FP8
// E3M4 have subnormals too large for it, and there the libm decides.)
template <class F>
LOWP_HOST_DEVICE constexpr bool tiny_atan2(basic_float<F> y, basic_float<F> x, basic_float<F>& result) noexcept {
  if (!isfinite(x) || !isfinite(y) || signbit(x) || iszero(x) || iszero(y)) return false;
  const scaled_integer a = decompose<F>(y.bits());
  const scaled_integer b = decompose<F>(x.bits());
  // 2^(top - 1) <= |t| < 2^(top + 1).
  const int top = a.exponent + bit_length(a.significand) - b.exponent - bit_length(b.significand);
  constexpr int below = F::min_exponent < -(F::mantissa_bits + 1) ? F::min_exponent : -(F::mantissa_bits + 1);
  if (top > below - 1) return false;
  const std::uint64_t numerator = a.significand << 48;
  std::uint64_t quotient = numerator / b.significand;  // at least 2^33: plenty of bits
  if (numerator % b.significand == 0) quotient -= 1;  // t exact: atan(t) is just below it
  result = from_scaled<F>(a.negative, a.exponent - b.exponent - 48, quotient, true);
  return true;
}

}  // namespace math
}  // namespace detail

// ---------------------------------------------------------------------------------------
// Sign, comparison and neighbours: bit operations.

// abs(x), fabs(x): x with the sign bit cleared (NaN too, without quieting).
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> abs(basic_float<F> x) noexcept {
  return detail::math::make<F>(detail::absolute<F>(x.bits()));
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> fabs(basic_float<F> x) noexcept {
  return abs(x);
}

// copysign(x, y): the magnitude of x with the sign bit of y.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> copysign(basic_float<F> x, basic_float<F> y) noexcept {
  return detail::math::make<F>(detail::copy_sign<F>(x.bits(), y.bits()));
}

// fmin(x, y), fmax(x, y): a NaN argument is ignored (both NaN: the first, quieted);
// fmin(-0, +0) is -0 and fmax(-0, +0) is +0.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> fmin(basic_float<F> x, basic_float<F> y) noexcept {
  if (isnan(x)) return isnan(y) ? detail::math::quieted(x) : y;
  if (isnan(y)) return x;
  if (x == y) return signbit(x) ? x : y;
  return x < y ? x : y;
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> fmax(basic_float<F> x, basic_float<F> y) noexcept {
  if (isnan(x)) return isnan(y) ? detail::math::quieted(x) : y;
  if (isnan(y)) return x;
  if (x == y) return signbit(x) ? y : x;
  return x > y ? x : y;
}

// nextafter(x, y): the neighbour of x in the direction of y; y if x == y; NaN if either is.
// Past the largest finite value it overflows as IEEE (infinity; float8_e4m3fn cannot get
// there, since no y lies beyond its largest value).
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> nextafter(basic_float<F> x, basic_float<F> y) noexcept {
  using storage = typename F::storage;
  if (isnan(x)) return detail::math::quieted(x);
  if (isnan(y)) return detail::math::quieted(y);
  if (x == y) return y;
  if (iszero(x)) return detail::math::make<F>(detail::with_sign<F>(signbit(y), F::min_positive_bits));
  // Away from zero when y is on the far side of x, else toward zero.
  const bool away = (x < y) != signbit(x);
  const storage m = detail::magnitude_of<F>(x.bits());
  return detail::math::make<F>(detail::with_sign<F>(signbit(x), static_cast<storage>(away ? m + 1u : m - 1u)));
}

// ---------------------------------------------------------------------------------------
// Exponent manipulation and rounding to integers: exact.

// ldexp(x, n): x * 2^n, rounded once (it only rounds when the result is subnormal).
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> ldexp(basic_float<F> x, int n) noexcept {
  if (isnan(x)) return detail::math::quieted(x);
  if (!isfinite(x) || iszero(x)) return x;
  const detail::math::scaled_integer v = detail::math::decompose<F>(x.bits());
  const int step = n > 4096 ? 4096 : n < -4096 ? -4096 : n;
  return detail::math::from_scaled<F>(v.negative, v.exponent + step, v.significand, false);
}

// frexp(x, &e): the m with 0.5 <= |m| < 1 and x = m * 2^e (exact); zero, infinity and NaN
// are returned as they are (NaN quieted) with e = 0.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> frexp(basic_float<F> x, int* exponent) noexcept {
  *exponent = 0;
  if (isnan(x)) return detail::math::quieted(x);
  if (!isfinite(x) || iszero(x)) return x;
  const detail::math::scaled_integer v = detail::math::decompose<F>(x.bits());
  const int length = detail::math::bit_length(v.significand);
  *exponent = v.exponent + length;
  return detail::math::from_scaled<F>(v.negative, -length, v.significand, false);
}

// floor, ceil, trunc, round (halfway cases away from zero), rint (halfway cases to even,
// the default rounding mode). The zero results keep x's sign.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> floor(basic_float<F> x) noexcept {
  return detail::math::round_integral(x, rounding::downward);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> ceil(basic_float<F> x) noexcept {
  return detail::math::round_integral(x, rounding::upward);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> trunc(basic_float<F> x) noexcept {
  return detail::math::round_integral(x, rounding::toward_zero);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> round(basic_float<F> x) noexcept {
  return detail::math::round_integral(x, rounding::to_nearest_away);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> rint(basic_float<F> x) noexcept {
  return detail::math::round_integral(x, rounding::to_nearest_even);
}

// ---------------------------------------------------------------------------------------
// Square root, hypotenuse, fused multiply-add: exact integer arithmetic, one rounding.

// sqrt(x, mode): sqrt(-0) is -0; negative x gives NaN. Rounded once in `mode`.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> sqrt(basic_float<F> x, rounding mode = rounding::to_nearest_even) noexcept {
  if (isnan(x)) return detail::math::quieted(x);
  if (iszero(x)) return x;
  if (signbit(x)) return detail::math::default_nan<F>();
  if (isinf(x)) return x;
  const detail::math::scaled_integer v = detail::math::decompose<F>(x.bits());
  // Scale the significand up to 2M+7 or 2M+8 bits with an even exponent: the root then
  // has M+4 bits, more than round_scaled needs, and a remainder that says whether it is
  // exact.
  int shift = 2 * F::mantissa_bits + 8 - detail::math::bit_length(v.significand);
  if (((v.exponent - shift) & 1) != 0) shift -= 1;
  return detail::math::make<F>(detail::math::sqrt_scaled<F>(v.exponent - shift, v.significand << shift, false, mode));
}

// hypot(x, y): sqrt(x^2 + y^2) without intermediate overflow or underflow; an infinite
// argument gives +infinity even if the other is NaN.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> hypot(basic_float<F> x, basic_float<F> y) noexcept {
  if (isinf(x) || isinf(y)) return detail::math::infinity<F>(false);
  if (isnan(x)) return detail::math::quieted(x);
  if (isnan(y)) return detail::math::quieted(y);
  if (iszero(x)) return abs(y);
  if (iszero(y)) return abs(x);
  const detail::math::scaled_integer a = detail::math::decompose<F>(x.bits());
  const detail::math::scaled_integer b = detail::math::decompose<F>(y.bits());
  const detail::math::sticky_sum s = detail::math::align_sum(a.significand * a.significand, 2 * a.exponent,
                                                 b.significand * b.significand, 2 * b.exponent, false, true);
  return detail::math::make<F>(detail::math::sqrt_scaled<F>(s.exponent, s.n, s.sticky));
}

// fma(x, y, z, mode): x * y + z with a single rounding in `mode`. An exact zero sum is +0,
// or -0 in downward mode (IEEE 754 6.3).
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> fma(basic_float<F> x, basic_float<F> y, basic_float<F> z,
                                              rounding mode = rounding::to_nearest_even) noexcept {
  if (isnan(x)) return detail::math::quieted(x);
  if (isnan(y)) return detail::math::quieted(y);
  if (isnan(z)) return detail::math::quieted(z);
  const bool product_negative = signbit(x) != signbit(y);
  if (isinf(x) || isinf(y)) {
    if (iszero(x) || iszero(y)) return detail::math::default_nan<F>();  // inf * 0
    if (isinf(z) && signbit(z) != product_negative) return detail::math::default_nan<F>();  // inf - inf
    return detail::math::infinity<F>(product_negative);
  }
  if (isinf(z)) return z;
  const detail::math::scaled_integer a = detail::math::decompose<F>(x.bits());
  const detail::math::scaled_integer b = detail::math::decompose<F>(y.bits());
  const detail::math::scaled_integer c = detail::math::decompose<F>(z.bits());
  const bool downward = mode == rounding::downward;
  const std::uint64_t product = a.significand * b.significand;
  if (product == 0) {
    // An exact zero product: x*y + z is z, except for the sign of a zero sum.
    const bool negative_zero = downward ? (product_negative || c.negative) : (product_negative && c.negative);
    return iszero(z) ? detail::math::make<F>(detail::with_sign<F>(negative_zero, 0)) : z;
  }
  if (c.significand == 0) {
    return detail::math::from_scaled<F>(product_negative, a.exponent + b.exponent, product, false, mode);
  }
  const bool subtract = product_negative != c.negative;
  const detail::math::sticky_sum s =
      detail::math::align_sum(product, a.exponent + b.exponent, c.significand, c.exponent, subtract, false);
  if (s.n == 0 && !s.sticky) return detail::math::make<F>(detail::with_sign<F>(downward, 0));  // exact cancellation
  return detail::math::from_scaled<F>(product_negative != s.negative, s.exponent, s.n, s.sticky, mode);
}

// add, sub, mul, div (x, y, mode): the operators' results in any rounding mode, each
// correctly rounded from the exact result (the operators are these in to_nearest_even).
// NaN, infinity and zero follow IEEE 754 and the NaN rule above.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> add(basic_float<F> x, basic_float<F> y,
                                              rounding mode = rounding::to_nearest_even) noexcept {
  return fma(x, basic_float<F>(1), y, mode);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> sub(basic_float<F> x, basic_float<F> y,
                                              rounding mode = rounding::to_nearest_even) noexcept {
  if (isnan(x)) return detail::math::quieted(x);
  if (isnan(y)) return detail::math::quieted(y);
  return fma(x, basic_float<F>(1), -y, mode);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> mul(basic_float<F> x, basic_float<F> y,
                                              rounding mode = rounding::to_nearest_even) noexcept {
  if (isnan(x)) return detail::math::quieted(x);
  if (isnan(y)) return detail::math::quieted(y);
  const bool negative = signbit(x) != signbit(y);
  if (isinf(x) || isinf(y)) {
    return iszero(x) || iszero(y) ? detail::math::default_nan<F>() : detail::math::infinity<F>(negative);
  }
  const detail::math::scaled_integer a = detail::math::decompose<F>(x.bits());
  const detail::math::scaled_integer b = detail::math::decompose<F>(y.bits());
  return detail::math::from_scaled<F>(negative, a.exponent + b.exponent, a.significand * b.significand, false, mode);
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> div(basic_float<F> x, basic_float<F> y,
                                              rounding mode = rounding::to_nearest_even) noexcept {
  if (isnan(x)) return detail::math::quieted(x);
  if (isnan(y)) return detail::math::quieted(y);
  const bool negative = signbit(x) != signbit(y);
  if (isinf(x)) return isinf(y) ? detail::math::default_nan<F>() : detail::math::infinity<F>(negative);
  if (isinf(y)) return detail::math::make<F>(detail::with_sign<F>(negative, 0));
  if (iszero(y)) return iszero(x) ? detail::math::default_nan<F>() : detail::math::infinity<F>(negative);
  if (iszero(x)) return detail::math::make<F>(detail::with_sign<F>(negative, 0));
  // The quotient of the significands to 39 bits or more, with the remainder as sticky bit.
  const detail::math::scaled_integer a = detail::math::decompose<F>(x.bits());
  const detail::math::scaled_integer b = detail::math::decompose<F>(y.bits());
  const int shift = 63 - detail::math::bit_length(a.significand);
  const std::uint64_t n = a.significand << shift;
  return detail::math::from_scaled<F>(negative, a.exponent - shift - b.exponent, n / b.significand,
                                      n % b.significand != 0, mode);
}

// ---------------------------------------------------------------------------------------
// Transcendental functions: the libm in double at the exact argument, rounded once.

template <class F>
LOWP_HOST_DEVICE basic_float<F> exp(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::exp(detail::math::to_double(x)));
}
// exp2(n) for an integer n is the exact power of two.
template <class F>
LOWP_HOST_DEVICE basic_float<F> exp2(basic_float<F> x) noexcept {
  if (isfinite(x) && trunc(x) == x) {
    const detail::math::scaled_integer v = detail::math::decompose<F>(x.bits());
    // The integer x, saturated far beyond every format's range (zero included: shift 0).
    const long long n = v.exponent > 20    ? (1LL << 40)
                        : v.exponent >= 0  ? static_cast<long long>(v.significand << v.exponent)
                        : v.exponent > -64 ? static_cast<long long>(v.significand >> -v.exponent)
                                           : 0;
    return detail::math::make<F>(detail::math::power_of_two<F>(false, v.negative ? -n : n));
  }
  return detail::math::libm_result(x, std::exp2(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> expm1(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::expm1(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> log(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::log(detail::math::to_double(x)));
}
// log2(2^n) is the integer n, rounded into F (it can be a tie in the fp8 formats).
template <class F>
LOWP_HOST_DEVICE basic_float<F> log2(basic_float<F> x) noexcept {
  if (isfinite(x) && !signbit(x) && !iszero(x)) {
    const detail::math::scaled_integer v = detail::math::decompose<F>(x.bits());
    if ((v.significand & (v.significand - 1)) == 0) {
      const int n = v.exponent + detail::math::bit_length(v.significand) - 1;
      return detail::math::from_scaled<F>(n < 0, 0, static_cast<std::uint64_t>(n < 0 ? -n : n), false);
    }
  }
  return detail::math::libm_result(x, std::log2(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> log10(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::log10(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> log1p(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::log1p(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> sin(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::sin(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> cos(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::cos(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> tan(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::tan(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> asin(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::asin(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> acos(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::acos(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> atan(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::atan(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> sinh(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::sinh(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> cosh(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::cosh(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> tanh(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::tanh(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> asinh(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::asinh(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> acosh(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::acosh(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> atanh(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::atanh(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> erf(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::erf(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> erfc(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::erfc(detail::math::to_double(x)));
}
template <class F>
LOWP_HOST_DEVICE basic_float<F> cbrt(basic_float<F> x) noexcept {
  return detail::math::libm_result(x, std::cbrt(detail::math::to_double(x)));
}

// atan2(y, x): the angle of (x, y), with the C signs and special cases. Subnormal results
// (tiny y/x) are computed exactly, see detail::math::tiny_atan2.
template <class F>
LOWP_HOST_DEVICE basic_float<F> atan2(basic_float<F> y, basic_float<F> x) noexcept {
  if (isnan(y)) return detail::math::quieted(y);
  if (isnan(x)) return detail::math::quieted(x);
  basic_float<F> tiny{};
  if (detail::math::tiny_atan2(y, x, tiny)) return tiny;
  return detail::math::from_libm<F>(std::atan2(detail::math::to_double(y), detail::math::to_double(x)));
}

// pow(x, y), with the C special cases (pow(x, +-0) = 1 and pow(1, y) = 1 even for NaN).
// Results that are dyadic numbers (powers of two, x^n that fit, roots of perfect squares)
// are computed exactly.
template <class F>
LOWP_HOST_DEVICE basic_float<F> pow(basic_float<F> x, basic_float<F> y) noexcept {
  basic_float<F> exact{};
  if (isfinite(x) && isfinite(y) && !iszero(x) && detail::math::exact_pow(x, y, exact)) return exact;
  const double r = std::pow(detail::math::to_double(x), detail::math::to_double(y));
  if (detail::math::is_nan_double(r)) {
    if (isnan(x)) return detail::math::quieted(x);
    if (isnan(y)) return detail::math::quieted(y);
  }
  return detail::math::from_libm<F>(r);
}

}  // namespace lowp
