// lowp/format.hpp — a binary floating-point format described as compile-time traits.
//
// format<E, M, S> says everything the rest of the library needs to know about an encoding
// with one sign bit, E exponent bits and M stored mantissa bits: widths, bias, masks, the
// storage type and the bit patterns of its special values. Nothing here is per format;
// float16, bfloat16 and the 8-bit formats are just different arguments.
//
//   float16        format<5, 10>                       max 65504
//   bfloat16       format<8, 7>                        max ~3.39e38
//   float8_e5m2    format<5, 2>                        max 57344
//   float8_e4m3fn  format<4, 3, finite_nan_only>       max 448, no infinity
#pragma once

#include <cstdint>
#include <type_traits>

#include "config.hpp"
#include "detail/bits.hpp"

namespace lowp {

// What the all-ones exponent field means.
//   ieee:            infinity (mantissa 0) and NaN (mantissa != 0), as IEEE 754.
//   finite_nan_only: ordinary finite numbers, except that an all-ones mantissa is NaN
//                    (the OCP "fn" formats such as E4M3FN: no infinity, one NaN per sign).
enum class specials { ieee, finite_nan_only };

template <int E, int M, specials S = specials::ieee>
struct format {
  // E and M up to binary64's, so the rounding engine can also target float and double;
  // basic_float itself accepts only formats of at most 16 bits.
  static_assert(E >= 2 && E <= 11, "exponent width must be 2..11 bits");
  static_assert(M >= 1 && M <= 52, "mantissa width must be 1..52 bits");
  static_assert(1 + E + M <= 64, "a format must fit in 64 bits");

  static constexpr int exponent_bits = E;
  static constexpr int mantissa_bits = M;
  static constexpr int total_bits = 1 + E + M;
  static constexpr specials special_values = S;
  static constexpr bool has_infinity = (S == specials::ieee);

  using storage = detail::uint_least_t<total_bits>;

  static constexpr int bias = (1 << (E - 1)) - 1;
  static constexpr int max_biased_exponent = (1 << E) - 1;  // the all-ones field
  // Unbiased exponents of the smallest normal, the largest finite number and the smallest
  // subnormal (whose value is exactly 2^min_subnormal_exponent).
  static constexpr int min_exponent = 1 - bias;
  static constexpr int max_exponent = (has_infinity ? max_biased_exponent - 1 : max_biased_exponent) - bias;
  static constexpr int min_subnormal_exponent = min_exponent - M;

  // Bit patterns. Magnitudes have the sign bit clear.
  static constexpr storage sign_mask = static_cast<storage>(std::uint64_t{1} << (E + M));
  static constexpr storage mantissa_mask = static_cast<storage>((std::uint64_t{1} << M) - 1);
  static constexpr storage exponent_mask =
      static_cast<storage>(static_cast<std::uint64_t>(max_biased_exponent) << M);
  static constexpr storage magnitude_mask = static_cast<storage>(exponent_mask | mantissa_mask);
  static constexpr storage min_normal_bits = static_cast<storage>(std::uint64_t{1} << M);
  static constexpr storage max_finite_bits =
      has_infinity ? static_cast<storage>(exponent_mask - 1)            // 0.11110.1111111111
                   : static_cast<storage>(magnitude_mask - 1);          // 0.1111.110
  // The IEEE infinity; for a format without one, the pattern of its NaN.
  static constexpr storage infinity_bits = has_infinity ? exponent_mask : magnitude_mask;
  // The quiet bit is the top mantissa bit (IEEE 754-2008 6.2.1); finite_nan_only formats
  // have a single NaN pattern per sign and no signaling NaN.
  static constexpr storage quiet_bit = has_infinity ? static_cast<storage>(std::uint64_t{1} << (M - 1)) : 0;
  static constexpr storage quiet_nan_bits =
      has_infinity ? static_cast<storage>(exponent_mask | quiet_bit) : magnitude_mask;
  static constexpr bool has_signaling_nan = has_infinity && M >= 2;
  static constexpr storage signaling_nan_bits =
      has_signaling_nan ? static_cast<storage>(exponent_mask | 1) : quiet_nan_bits;
};

namespace detail {

template <class T>
struct is_format : std::false_type {};
template <int E, int M, specials S>
struct is_format<format<E, M, S>> : std::true_type {};

// The formats of float and double, so that one engine rounds into every target.
using binary32 = format<8, 23>;
using binary64 = format<11, 52>;

// 2^e as a double, constexpr (no std::ldexp in constant expressions before C++23).
LOWP_HOST_DEVICE constexpr double exp2i(int e) noexcept {
  double r = 1.0;
  for (; e > 0; --e) r *= 2.0;
  for (; e < 0; ++e) r *= 0.5;
  return r;
}

// The largest finite value of a format, as a double.
template <class F>
LOWP_HOST_DEVICE constexpr double max_finite_value() noexcept {
  const double mantissa_max = static_cast<double>(F::max_finite_bits & F::mantissa_mask);
  return (1.0 + mantissa_max * exp2i(-F::mantissa_bits)) * exp2i(F::max_exponent);
}

// format_holds<Wide, Narrow>: every value of Narrow (NaN aside) is exactly a value of
// Wide. This is the rule for implicit conversions between lowp types.
template <class Wide, class Narrow>
struct format_holds
    : std::integral_constant<bool, Narrow::mantissa_bits <= Wide::mantissa_bits &&
                                       Narrow::min_subnormal_exponent >= Wide::min_subnormal_exponent &&
                                       max_finite_value<Narrow>() <= max_finite_value<Wide>() &&
                                       (!Narrow::has_infinity || Wide::has_infinity)> {};

// Whether an encoding of F is a NaN.
template <class F>
LOWP_HOST_DEVICE constexpr bool is_nan_encoding(typename F::storage bits) noexcept {
  const auto magnitude = static_cast<typename F::storage>(bits & F::magnitude_mask);
  return F::has_infinity ? magnitude > F::infinity_bits : magnitude == F::magnitude_mask;
}

}  // namespace detail
}  // namespace lowp
