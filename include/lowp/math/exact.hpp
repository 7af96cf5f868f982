// lowp/math/exact.hpp — exact integer arithmetic on lowp values, for cmath.hpp.
//
// sqrt, hypot, fma, ldexp, the integer roundings and the exact cases of pow, exp2 and
// log2 need no floating-point library at all: a lowp value is a small integer times a
// power of two, so these results can be computed exactly (or as a 62-bit truncation plus a
// sticky bit) in 64-bit integers and then handed to the rounding engine once. That makes
// them correct by construction, constexpr, and identical on every host and device.
#pragma once

#include <cstdint>

#include "../types.hpp"
#include "../config.hpp"
#include "../format.hpp"
#include "../round.hpp"
#include "../detail/bits.hpp"

namespace lowp {
namespace detail {
namespace math {

// A finite lowp value as (-1)^negative * significand * 2^exponent, where `exponent` is
// the weight of the significand's last bit. Zero has significand 0.
struct scaled_integer {
  bool negative;
  int exponent;
  std::uint64_t significand;
};

template <class F>
LOWP_HOST_DEVICE constexpr scaled_integer decompose(typename F::storage bits) noexcept {
  constexpr int M = F::mantissa_bits;
  const int biased = static_cast<int>((bits & F::exponent_mask) >> M);
  const std::uint64_t mantissa = bits & F::mantissa_mask;
  const bool normal = biased >= F::min_normal_field;  // the zero field holds subnormals
  const std::uint64_t significand = normal ? (mantissa | (std::uint64_t{1} << M)) : mantissa;
  return {is_negative<F>(bits), (normal ? biased : F::min_normal_field) - F::bias - M, significand};
}

// The number of significant bits of x (0 for 0).
LOWP_HOST_DEVICE constexpr int bit_length(std::uint64_t x) noexcept { return 64 - countl_zero(x); }

// The number of trailing zero bits of a nonzero x.
LOWP_HOST_DEVICE constexpr int countr_zero(std::uint64_t x) noexcept { return 63 - countl_zero(x & (~x + 1)); }

// x >> shift for any shift >= 0, with `sticky` collecting every bit shifted out.
LOWP_HOST_DEVICE constexpr std::uint64_t shift_right_sticky(std::uint64_t x, int shift, bool& sticky) noexcept {
  if (shift <= 0) return x;
  if (shift >= 64) {
    sticky = sticky || x != 0;
    return 0;
  }
  sticky = sticky || (x & ((std::uint64_t{1} << shift) - 1)) != 0;
  return x >> shift;
}

// round_scaled<F>(negative, exponent, n, sticky, mode): the value (-1)^negative *
// (n + s) * 2^exponent rounded in `mode` into F, where s is 0 when sticky is false and
// otherwise some unknown amount strictly between 0 and 1. The engine decides; this only
// normalizes n to the engine's 62-bit significand.
//
// With sticky set, n must have at least mantissa_bits + 3 significant bits, so that the
// unknown amount stays below the round bit once n is normalized.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage round_scaled(bool negative, int exponent, std::uint64_t n, bool sticky,
                                                             rounding mode = rounding::to_nearest_even) noexcept {
  using storage = typename F::storage;
  if (n == 0 && !sticky) return with_sign<F>(negative, storage{0});
  const int length = bit_length(n);
  std::uint64_t significand = 0;
  if (length > 62) {
    significand = shift_right_sticky(n, length - 62, sticky);
  } else {
    significand = n << (62 - length);
  }
  return round_finite<F, 61>(negative, exponent + length - 1, significand, sticky, mode, overflow::ieee);
}

// Whether round_scaled's value overflows F: rounds past its largest finite value, whatever
// F then makes of that (infinity, NaN, or +-max in a format with neither).
template <class F>
LOWP_HOST_DEVICE constexpr bool scaled_overflows(int exponent, std::uint64_t n, bool sticky,
                                                 rounding mode = rounding::to_nearest_even) noexcept {
  if (n == 0 && !sticky) return false;
  const int length = bit_length(n);
  const std::uint64_t significand = length > 62 ? shift_right_sticky(n, length - 62, sticky) : n << (62 - length);
  return rounds_past_max<F, 61>(false, exponent + length - 1, significand, sticky, mode);
}

// floor(sqrt(n)) by the digit-by-digit method; `inexact` says whether the root is not exact.
LOWP_HOST_DEVICE constexpr std::uint64_t isqrt(std::uint64_t n, bool& inexact) noexcept {
  std::uint64_t root = 0;
  // The highest power of four not above n.
  std::uint64_t bit = n == 0 ? 0 : std::uint64_t{1} << ((bit_length(n) - 1) & ~1);
  while (bit != 0) {
    if (n >= root + bit) {
      n -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  inexact = n != 0;
  return root;
}

// sqrt((n + s) * 2^exponent) for an even exponent, n < 2^64 and s as in round_scaled,
// rounded into F. With s > 0 the root of n + s still has floor isqrt(n), because
// n + s < n + 1 <= (isqrt(n) + 1)^2; it is inexact either way.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage sqrt_scaled(int even_exponent, std::uint64_t n, bool sticky,
                                                            rounding mode = rounding::to_nearest_even) noexcept {
  bool inexact = false;
  const std::uint64_t root = isqrt(n, inexact);
  return round_scaled<F>(false, even_exponent / 2, root, inexact || sticky, mode);
}

// |a * 2^ea +- b * 2^eb| for integers a, b in 1..2^32-1, as n * 2^exponent plus a sticky
// bit. The term with the higher top bit is placed with that bit at 60 (or 61, when an
// even exponent is asked for, as a square root wants); the other is shifted to match and
// what falls off its end becomes the sticky bit. Bits only fall off when the two top bits
// are more than 28 apart, so n then has at least 60 significant bits, as round_scaled
// needs; when the top bits are equal nothing falls off and the difference is exact.
struct sticky_sum {
  int exponent;
  std::uint64_t n;
  bool sticky;
  bool negative;  // a - b < 0 (subtraction only)
};

LOWP_HOST_DEVICE constexpr sticky_sum align_sum(std::uint64_t a, int ea, std::uint64_t b, int eb, bool subtract,
                                               bool even_exponent) noexcept {
  const bool a_first = ea + bit_length(a) >= eb + bit_length(b);
  const std::uint64_t big = a_first ? a : b;
  const int e_big = a_first ? ea : eb;
  const std::uint64_t small = a_first ? b : a;
  const int e_small = a_first ? eb : ea;
  int exponent = e_big + bit_length(big) - 1 - 60;
  if (even_exponent && (exponent & 1) != 0) exponent -= 1;
  const std::uint64_t big_aligned = big << (e_big - exponent);
  bool sticky = false;
  const int shift = e_small - exponent;
  const std::uint64_t small_aligned = shift >= 0 ? (small << shift) : shift_right_sticky(small, -shift, sticky);
  if (!subtract) return {exponent, big_aligned + small_aligned, sticky, false};
  if (small_aligned > big_aligned) return {exponent, small_aligned - big_aligned, false, a_first};  // exact here
  // big - (small_aligned + s) with 0 < s < 1 is (big - small_aligned - 1) + (1 - s).
  return {exponent, big_aligned - small_aligned - (sticky ? 1u : 0u), sticky, !a_first};
}

// 2^e rounded into F, for any int e (far outside the range it overflows or flushes).
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage power_of_two(bool negative, long long e) noexcept {
  const long long clamped = e > 4096 ? 4096 : e < -4096 ? -4096 : e;
  return round_scaled<F>(negative, static_cast<int>(clamped), 1, false);
}

// base^n for n >= 1, or false if it does not fit in 64 bits.
LOWP_HOST_DEVICE constexpr bool integer_power(std::uint64_t base, std::uint64_t n, std::uint64_t& result) noexcept {
  result = 1;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (result > ~std::uint64_t{0} / base) return false;
    result *= base;
  }
  return true;
}

}  // namespace math
}  // namespace detail
}  // namespace lowp
