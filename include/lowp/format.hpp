// lowp/format.hpp — a binary floating-point format described as compile-time traits.
//
// format<E, M, S, Bias, L> says everything the rest of the library needs to know about an
// encoding with E exponent bits and M stored mantissa bits: widths, bias, whether it has
// a sign bit and a zero, which special values it has (S), and the storage type. Below the
// traits are the semantic helpers — is_nan, is_zero, negate, nan_for, ... — that every
// other file asks instead of reading special bit patterns itself. Nothing here is per
// format; every lowp type is just different arguments:
//
//   float16          format<5, 10>                                   max 65504
//   bfloat16         format<8, 7>                                    max ~3.39e38
//   float8_e5m2      format<5, 2>                                    max 57344
//   float8_e4m3fn    format<4, 3, specials::finite_nan_only>         max 448, no infinity
//   an fnuz FP8      format<4, 3, specials::fnuz, 8>                 max 240, NaN is 0x80
//   an FP4           format<2, 1, specials::finite, 1>               max 6, no inf or NaN
//   an E8M0 scale    format<8, 0, specials::finite_nan_only, 127, layout::unsigned_no_zero>
//
// The helpers are written over a lane type (detail/lane.hpp), so the SIMD kernels use the
// very same definitions on 8 or 16 encodings at a time.
#pragma once

#include <cstdint>
#include <type_traits>

#include "config.hpp"
#include "detail/bits.hpp"
#include "detail/lane.hpp"

namespace lowp {

// Which special values a format has, and where they sit.
//   ieee:            the all-ones exponent field holds +-infinity (mantissa 0) and the NaNs
//                    (mantissa != 0), as IEEE 754.
//   finite_nan_only: no infinity; the all-ones magnitude is NaN, one per sign; every other
//                    encoding is a number (the OCP "fn" formats, E4M3FN).
//   fnuz:            no infinity and no -0: the negative-zero pattern (sign bit alone) is
//                    the one NaN ("finite, NaN, unsigned zero": AMD's FP8).
//   finite:          no infinity, no NaN: every encoding is a number (OCP FP6 and FP4).
enum class specials { ieee, finite_nan_only, fnuz, finite };

// How the fields are laid out.
//   signed_zero:      sign, exponent, mantissa; the zero exponent field holds +-0 and the
//                     subnormals (IEEE 754).
//   unsigned_no_zero: exponent and mantissa only; the zero exponent field is an ordinary
//                     binade, so there is no zero and no subnormal (OCP E8M0 scales).
enum class layout { signed_zero, unsigned_no_zero };

// Where a format keeps its NaNs (derived from `specials`, for the helpers below).
enum class nan_encoding {
  none,           // no NaN at all
  ieee,           // all-ones exponent, nonzero mantissa; quiet bit = top mantissa bit
  all_ones,       // the all-ones magnitude, one per sign
  negative_zero   // the sign bit alone
};

namespace detail {
LOWP_HOST_DEVICE constexpr int ieee_bias(int exponent_bits) noexcept { return (1 << (exponent_bits - 1)) - 1; }
}  // namespace detail

template <int E, int M, specials S = specials::ieee, int Bias = detail::ieee_bias(E), layout L = layout::signed_zero>
struct format {
  // E and M up to binary64's, so the rounding engine can also target float and double;
  // basic_float itself accepts only formats of at most 16 bits.
  static_assert(E >= 2 && E <= 11, "exponent width must be 2..11 bits");
  static_assert(M >= 0 && M <= 52, "mantissa width must be 0..52 bits");
  static_assert(M >= 1 || S != specials::ieee, "IEEE specials need a mantissa bit to tell infinity from NaN");
  static_assert(L == layout::signed_zero || S == specials::finite_nan_only || S == specials::finite,
                "an unsigned format has no -0 pattern and no infinity");

  static constexpr int exponent_bits = E;
  static constexpr int mantissa_bits = M;
  static constexpr specials special_values = S;
  static constexpr layout field_layout = L;
  static constexpr bool is_signed = L == layout::signed_zero;
  static constexpr bool has_zero = L == layout::signed_zero;
  static constexpr int total_bits = (is_signed ? 1 : 0) + E + M;
  static_assert(total_bits <= 64, "a format must fit in 64 bits");

  static constexpr bool has_infinity = S == specials::ieee;
  static constexpr nan_encoding nan = S == specials::ieee              ? nan_encoding::ieee
                                      : S == specials::finite_nan_only ? nan_encoding::all_ones
                                      : S == specials::fnuz            ? nan_encoding::negative_zero
                                                                       : nan_encoding::none;
  static constexpr bool has_nan = nan != nan_encoding::none;
  static constexpr bool has_signaling_nan = nan == nan_encoding::ieee && M >= 2;
  static constexpr bool has_negative_zero = is_signed && S != specials::fnuz;
  static constexpr bool has_subnormals = has_zero && M >= 1;

  using storage = detail::uint_least_t<total_bits>;

  static constexpr int bias = Bias;
  static constexpr int max_biased_exponent = (1 << E) - 1;  // the all-ones field
  // The exponent field of the smallest normal number: 1, or 0 without zero/subnormals.
  static constexpr int min_normal_field = has_zero ? 1 : 0;

  // Field masks. Magnitudes have the sign bit clear; an unsigned format has no sign bit.
  static constexpr storage sign_mask = is_signed ? static_cast<storage>(std::uint64_t{1} << (E + M)) : storage{0};
  static constexpr storage mantissa_mask = static_cast<storage>((std::uint64_t{1} << M) - 1);
  static constexpr storage exponent_mask =
      static_cast<storage>(static_cast<std::uint64_t>(max_biased_exponent) << M);
  static constexpr storage magnitude_mask = static_cast<storage>(exponent_mask | mantissa_mask);

  // Named encodings (magnitudes). The rest of the library uses these names, never the
  // numbers, and asks the helpers below for everything that depends on the specials.
  static constexpr storage min_normal_bits = static_cast<storage>(std::uint64_t{min_normal_field} << M);
  static constexpr storage min_positive_bits = has_subnormals ? storage{1} : min_normal_bits;
  static constexpr storage max_finite_bits =
      nan == nan_encoding::ieee       ? static_cast<storage>(exponent_mask - 1)   // 0.11110.1111111111
      : nan == nan_encoding::all_ones ? static_cast<storage>(magnitude_mask - 1)  // 0.1111.110
                                      : magnitude_mask;                           // every field used
  // +-infinity's magnitude (formats with infinity only).
  static constexpr storage infinity_bits = has_infinity ? exponent_mask : storage{0};
  // The default NaN: positive, quiet, no payload. Its quiet bit is the top mantissa bit
  // (IEEE 754-2008 6.2.1); the other schemes have one NaN pattern per sign, always quiet.
  static constexpr storage quiet_bit =
      nan == nan_encoding::ieee ? static_cast<storage>(std::uint64_t{1} << (M - 1 >= 0 ? M - 1 : 0)) : storage{0};
  static constexpr storage quiet_nan_bits = nan == nan_encoding::ieee       ? static_cast<storage>(exponent_mask | quiet_bit)
                                            : nan == nan_encoding::all_ones ? magnitude_mask
                                            : nan == nan_encoding::negative_zero
                                                ? static_cast<storage>(std::uint64_t{1} << (E + M))
                                                : storage{0};
  static constexpr storage signaling_nan_bits =
      has_signaling_nan ? static_cast<storage>(exponent_mask | 1) : quiet_nan_bits;

  // Unbiased exponents of the smallest normal, the largest finite number and the smallest
  // positive value (whose value is exactly 2^min_subnormal_exponent).
  static constexpr int min_exponent = min_normal_field - bias;
  static constexpr int max_exponent = static_cast<int>(max_finite_bits >> M) - bias;
  static constexpr int min_subnormal_exponent = min_exponent - (has_subnormals ? M : 0);
};

namespace detail {

template <class T>
struct is_format : std::false_type {};
template <int E, int M, specials S, int Bias, layout L>
struct is_format<format<E, M, S, Bias, L>> : std::true_type {};

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

// format_holds<Wide, Narrow>: every value of Narrow, its specials included, is exactly a
// value of Wide. This is the rule for implicit conversions between lowp types.
template <class Wide, class Narrow>
struct format_holds
    : std::integral_constant<bool, Narrow::mantissa_bits <= Wide::mantissa_bits &&
                                       Narrow::min_subnormal_exponent >= Wide::min_subnormal_exponent &&
                                       max_finite_value<Narrow>() <= max_finite_value<Wide>() &&
                                       (!Narrow::has_infinity || Wide::has_infinity) &&
                                       (!Narrow::has_nan || Wide::has_nan) &&
                                       (!Narrow::has_negative_zero || Wide::has_negative_zero) &&
                                       (!Narrow::has_zero || Wide::has_zero) &&
                                       (!Narrow::is_signed || Wide::is_signed)> {};

// ---- Semantic helpers on encodings ----
//
// Everything outside this file and the rounding engine asks these instead of reading
// special bit patterns. The *_lanes forms take encodings in the low bits of a lane type L
// (an unsigned integer, or a vector of them in the SIMD kernels) and write their answer
// to an out parameter (see detail/lane.hpp); the plain forms below take one encoding.

// The magnitude: the encoding without its sign bit.
template <class F, class L>
LOWP_HOST_DEVICE constexpr L magnitude_of(const L& bits) noexcept {
  return L(bits & splat<L, F::magnitude_mask>);
}

// Whether each encoding is a NaN.
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void nan_lanes(const L& bits, lane_mask_t<L>& out) noexcept {
  if constexpr (F::nan == nan_encoding::ieee) {
    out = signed_lanes_t<L>(L(bits & splat<L, F::magnitude_mask>)) > signed_lanes_t<L>(splat<L, F::infinity_bits>);
  } else if constexpr (F::nan == nan_encoding::all_ones) {
    out = signed_lanes_t<L>(L(bits & splat<L, F::magnitude_mask>)) == signed_lanes_t<L>(splat<L, F::magnitude_mask>);
  } else if constexpr (F::nan == nan_encoding::negative_zero) {
    out = signed_lanes_t<L>(L(bits & splat<L, F::sign_mask | F::magnitude_mask>)) ==
          signed_lanes_t<L>(splat<L, F::quiet_nan_bits>);
  } else {
    out = lane_mask_t<L>{};
  }
}

// Whether each encoding is +-infinity (never, for formats without infinity).
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void infinity_lanes(const L& bits, lane_mask_t<L>& out) noexcept {
  if constexpr (F::has_infinity) {
    out = signed_lanes_t<L>(L(bits & splat<L, F::magnitude_mask>)) == signed_lanes_t<L>(splat<L, F::infinity_bits>);
  } else {
    out = lane_mask_t<L>{};
  }
}

// The lane forms below take the sign as `sign`: lanes holding F::sign_mask for negative
// values and 0 for positive ones (so that no lane masks need combining: see
// detail/lane.hpp). Their one-encoding forms further down take a bool.

// with_sign_lanes<F>(sign, magnitude, out): the encoding of a number of this magnitude and
// sign. Zero keeps its sign where the format has -0 and is +0 elsewhere; an unsigned
// format ignores the sign.
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void with_sign_lanes(const L& sign, const L& magnitude, L& out) noexcept {
  if constexpr (!F::is_signed) {
    out = magnitude;
  } else if constexpr (!F::has_negative_zero) {
    // The sign only where the magnitude is nonzero.
    out = L(magnitude | (signed_lanes_t<L>(magnitude) == signed_lanes_t<L>(L{}) ? L{} : sign));
  } else {
    out = L(magnitude | sign);
  }
}

// nan_for_lanes<F>(sign, payload, out): what a NaN with this sign becomes in F. `payload`
// is the source's mantissa field cut to its M high bits. An IEEE NaN keeps the sign and
// payload and is quiet (as x86's F16C does); a format with one NaN per sign keeps the
// sign; fnuz has a single NaN; a format without NaN gives +max finite.
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void nan_for_lanes(const L& sign, const L& payload, L& out) noexcept {
  if constexpr (F::nan == nan_encoding::ieee) {
    out = L(sign | splat<L, F::quiet_nan_bits> | (payload & splat<L, F::mantissa_mask>));
  } else if constexpr (F::nan == nan_encoding::all_ones) {
    out = L(sign | splat<L, F::quiet_nan_bits>);
  } else {
    out = splat<L, (F::nan == nan_encoding::negative_zero ? F::quiet_nan_bits : F::max_finite_bits)>;
  }
}

// unbounded_lanes<F>(sign, out): what a value too large for F becomes where nothing clamps
// it: +-infinity; the format's NaN where it has no infinity; +-max finite where it has
// neither. Where F has infinity or NaN, that is the encoding just above max finite, with
// the sign (fnuz: the sign bit alone, its NaN) — the engine clamps with that.
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void unbounded_lanes(const L& sign, L& out) noexcept {
  if constexpr (F::has_nan) {
    with_sign_lanes<F>(sign, L(splat<L, F::max_finite_bits + 1u>), out);
  } else {
    with_sign_lanes<F>(sign, L(splat<L, F::max_finite_bits>), out);
  }
}

// ---- The same questions about one encoding ----

template <class F>
LOWP_HOST_DEVICE constexpr bool is_nan(typename F::storage bits) noexcept {
  bool r = false;
  nan_lanes<F>(bits, r);
  return r;
}
template <class F>
LOWP_HOST_DEVICE constexpr bool is_infinity(typename F::storage bits) noexcept {
  bool r = false;
  infinity_lanes<F>(bits, r);
  return r;
}
// Neither infinity nor NaN.
template <class F>
LOWP_HOST_DEVICE constexpr bool is_finite(typename F::storage bits) noexcept {
  return !is_nan<F>(bits) && !is_infinity<F>(bits);
}
// +0 or -0 (never, for a format without zero; fnuz's NaN is not a zero).
template <class F>
LOWP_HOST_DEVICE constexpr bool is_zero(typename F::storage bits) noexcept {
  return F::has_zero && magnitude_of<F>(bits) == 0 && !is_nan<F>(bits);
}
// A nonzero number with the smallest exponent field (never, for a format without them).
template <class F>
LOWP_HOST_DEVICE constexpr bool is_subnormal(typename F::storage bits) noexcept {
  const auto m = magnitude_of<F>(bits);
  return F::has_subnormals && m != 0 && m < F::min_normal_bits;
}
// A normal number: finite, nonzero, not subnormal.
template <class F>
LOWP_HOST_DEVICE constexpr bool is_normal(typename F::storage bits) noexcept {
  return is_finite<F>(bits) && !is_zero<F>(bits) && !is_subnormal<F>(bits);
}
// The sign bit is set on a number or a signed NaN. fnuz's NaN is the sign bit alone, but
// it has no sign; an unsigned format has no negative encodings.
template <class F>
LOWP_HOST_DEVICE constexpr bool is_negative(typename F::storage bits) noexcept {
  return (bits & F::sign_mask) != 0 && !(F::nan == nan_encoding::negative_zero && is_nan<F>(bits));
}
// A signaling NaN: an IEEE NaN with the quiet bit clear.
template <class F>
LOWP_HOST_DEVICE constexpr bool is_signaling(typename F::storage bits) noexcept {
  return F::has_signaling_nan && is_nan<F>(bits) && (bits & F::quiet_bit) == 0;
}
// The sign lanes of one value: F::sign_mask if negative (and F has a sign bit), else 0.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage sign_of(bool negative) noexcept {
  return negative ? F::sign_mask : typename F::storage{0};
}
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage with_sign(bool negative, typename F::storage magnitude) noexcept {
  typename F::storage r{};
  with_sign_lanes<F>(sign_of<F>(negative), magnitude, r);
  return r;
}
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage nan_for(bool negative, typename F::storage payload = 0) noexcept {
  typename F::storage r{};
  nan_for_lanes<F>(sign_of<F>(negative), payload, r);
  return r;
}
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage unbounded_for(bool negative) noexcept {
  typename F::storage r{};
  unbounded_lanes<F>(sign_of<F>(negative), r);
  return r;
}
// -x: the sign of a number (or signed NaN) flipped; a format without -0 keeps +0 and its
// single NaN as they are.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage negate(typename F::storage bits) noexcept {
  static_assert(F::is_signed, "negate: an unsigned format has no negative values");
  using storage = typename F::storage;
  const bool keep = !F::has_negative_zero && (magnitude_of<F>(bits) == 0);  // +0, or fnuz's NaN
  return keep ? bits : static_cast<storage>(bits ^ F::sign_mask);
}
// |x|: the sign cleared (a signed NaN's too; fnuz's NaN stays NaN).
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage absolute(typename F::storage bits) noexcept {
  return F::nan == nan_encoding::negative_zero && is_nan<F>(bits) ? bits : magnitude_of<F>(bits);
}
// copysign: the magnitude of x with the sign of y (as with_sign: no -0 where there is none).
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage copy_sign(typename F::storage x, typename F::storage y) noexcept {
  return is_nan<F>(x) && F::nan == nan_encoding::negative_zero ? x
                                                               : with_sign<F>(is_negative<F>(y), magnitude_of<F>(x));
}
// A NaN made quiet (only IEEE NaNs can be signaling); numbers come back unchanged.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage quieted(typename F::storage bits) noexcept {
  return is_nan<F>(bits) ? static_cast<typename F::storage>(bits | F::quiet_bit) : bits;
}
// The result of an invalid operation: the default NaN (positive, quiet, no payload), or in
// a format without NaN what a NaN converts to (+max finite, see nan_for).
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage default_nan() noexcept {
  return nan_for<F>(false);
}

}  // namespace detail
}  // namespace lowp
