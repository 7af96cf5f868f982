// lowp/round.hpp — THE rounding engine.
//
// Every narrowing conversion in lowp ends here: a number given as sign, exponent and
// integer significand (plus a sticky bit for anything below it) is rounded once into the
// bit pattern of a target format, under one of five rounding modes and one of two
// overflow policies. The bulk SIMD kernels and the CUDA paths are tested bit for bit
// against these functions; rounding is written nowhere else.
//
// The code is branch-free on purpose (selects, not jumps): a loop of scalar conversions
// then vectorises, and the same source serves constant evaluation and CUDA device code.
#pragma once

#include <cstdint>
#include <type_traits>

#include "config.hpp"
#include "detail/bits.hpp"
#include "format.hpp"

namespace lowp {

// rounding — how an inexact result picks one of its two neighbours (IEEE 754 4.3).
enum class rounding {
  to_nearest_even,  // nearest; ties to the even neighbour (the IEEE default)
  to_nearest_away,  // nearest; ties away from zero
  toward_zero,      // truncate the magnitude
  upward,           // toward +infinity
  downward          // toward -infinity
};

// overflow — what a result too large for the target becomes.
//   ieee:     as IEEE 754 7.4: +-infinity for the nearest modes and for the directed modes
//             that round away from zero; +-max finite for those that round toward zero.
//             A format without infinity (float8_e4m3fn) gives NaN where IEEE gives inf.
//   saturate: +-max finite, for every mode and for infinite inputs too. NaN stays NaN.
enum class overflow { ieee, saturate };

namespace detail {

// The rounding decision, as 0 or 1 to add to the kept bits: `half` is the first
// discarded bit, `below` is 1 when anything under it (or the sticky bit) is nonzero,
// `lsb` is the last kept bit, `negative` the sign. The arguments are integers, not bool,
// because GCC's vectorizer cannot widen bool arithmetic.
template <class U>
LOWP_HOST_DEVICE constexpr U round_increment(rounding mode, U negative, U lsb, U half, U below) noexcept {
  const U inexact = static_cast<U>(half | below);
  return mode == rounding::to_nearest_even   ? static_cast<U>(half & (below | lsb))
         : mode == rounding::to_nearest_away ? half
         : mode == rounding::upward          ? static_cast<U>(inexact & (negative ^ U{1}))
         : mode == rounding::downward        ? static_cast<U>(inexact & negative)
                                             : U{0};  // toward_zero
}

// Whether the mode rounds the magnitude toward zero for this sign; such modes clamp an
// overflowing result to max finite instead of producing infinity (IEEE 754 7.4).
LOWP_HOST_DEVICE constexpr bool truncates_magnitude(rounding mode, bool negative) noexcept {
  return mode == rounding::toward_zero ? true
         : mode == rounding::upward    ? negative
         : mode == rounding::downward  ? !negative
                                       : false;
}

// Stochastic rounding replaces the mode: the magnitude rounds up with probability equal
// to the discarded fraction, resolved to 32 bits.
struct stochastic_bits {
  bool enabled;
  std::uint32_t random;
};

// discard_increment(kept, rest, shift, ...): 0 or 1, what to add to `kept` when the low
// `shift` bits `rest` are dropped. `fraction_shift` >= shift says where the discarded
// fraction's binary point is (rest / 2^fraction_shift); it differs from shift only for
// inputs so small that the whole significand lies below the round bit.
template <class U>
LOWP_HOST_DEVICE constexpr U discard_increment(U kept, U rest, int shift, int fraction_shift, bool sticky,
                                               bool negative, rounding mode, stochastic_bits stochastic) noexcept {
  const U half_bit = static_cast<U>(U{1} << (shift - 1));
  const U half = static_cast<U>((rest >> (shift - 1)) & 1);
  const U below = ((rest & (half_bit - 1)) != 0 || sticky) ? U{1} : U{0};
  // The discarded fraction as a 32-bit fixed-point number, for stochastic rounding.
  constexpr int width = static_cast<int>(sizeof(U) * 8);
  const int down = fraction_shift - 32;
  const std::uint32_t fraction32 =
      down >= width ? 0u
      : down >= 0   ? static_cast<std::uint32_t>(rest >> (down >= 0 && down < width ? down : 0))
                    : static_cast<std::uint32_t>(rest << (down < 0 ? -down : 0));
  return stochastic.enabled ? (stochastic.random < fraction32 ? U{1} : U{0})
                            : round_increment<U>(mode, negative ? U{1} : U{0}, static_cast<U>(kept & 1u), half, below);
}

// round_magnitude<F, Lead>(negative, exponent, significand, sticky, ...)
//
// The magnitude of  (-1)^negative * (significand + sticky * tiny) * 2^(exponent - Lead)
// rounded into F's encoding, as if F's exponent range had no top: a result above
// F::max_finite_bits means the rounded value overflows F (IEEE 754 7.4). `tiny` is some
// positive amount below one unit of the significand's last place.
//
// `exponent` is the unbiased exponent of bit `Lead` of the significand. The significand is
// normalized (bit Lead set), or zero, or a subnormal of a source format whose smallest
// normal exponent is at or below F's: then `exponent` is that source's min_exponent and
// the result's quantum is already right without normalizing. float and double inputs
// meet this for every lowp format, which is why they need no count-leading-zeros.
//
//   significand:  [ Lead ... M+1 kept bits ... | half | below ... ]  sticky
//                   ^ implicit bit                ^ round bit
template <class F, int Lead, class U>
LOWP_HOST_DEVICE constexpr U round_magnitude(bool negative, int exponent, U significand, bool sticky,
                                             rounding mode, stochastic_bits stochastic = {false, 0}) noexcept {
  constexpr int M = F::mantissa_bits;
  static_assert(std::is_unsigned<U>::value, "the significand is an unsigned integer");
  static_assert(Lead - M >= 1, "the source must have more significand bits than the target");
  static_assert(Lead + 2 < static_cast<int>(sizeof(U) * 8), "two spare bits above the significand");

  // Normal results keep M+1 bits; below F's smallest normal exponent every step down
  // costs one more bit. Past Lead+2 nothing changes: the whole significand is below the
  // round bit and only says "nonzero".
  const int biased = exponent + F::bias;
  const int shift_wanted = (Lead - M) + (biased < 1 ? 1 - biased : 0);
  const int shift = shift_wanted < Lead + 2 ? shift_wanted : Lead + 2;

  const U kept = static_cast<U>(significand >> shift);
  const U rest = static_cast<U>(significand & ((U{1} << shift) - 1));
  const U up = discard_increment<U>(kept, rest, shift, shift_wanted, sticky, negative, mode, stochastic);

  // Adding the increment to the whole encoding carries correctly from subnormal to
  // normal, from one binade to the next, and past the largest finite value.
  const U base = biased > 1 ? static_cast<U>(biased - 1) : U{0};
  return static_cast<U>((base << M) + kept + up);
}

// encode_magnitude<F>(negative, magnitude, ...): a result of round_magnitude with its
// sign, and with the overflow policy applied to magnitudes past the largest finite value.
template <class F, class U>
LOWP_HOST_DEVICE constexpr typename F::storage encode_magnitude(bool negative, U magnitude, rounding mode,
                                                                overflow on_overflow, bool stochastic = false) noexcept {
  using storage = typename F::storage;
  const bool clamp = on_overflow == overflow::saturate || (!stochastic && truncates_magnitude(mode, negative));
  const storage overflowed = clamp ? F::max_finite_bits : F::infinity_bits;
  const storage result = magnitude > U{F::max_finite_bits} ? overflowed : static_cast<storage>(magnitude);
  return static_cast<storage>((negative ? F::sign_mask : storage{0}) | result);
}

// round_finite<F, Lead>(...): round_magnitude followed by encode_magnitude.
template <class F, int Lead, class U>
LOWP_HOST_DEVICE constexpr typename F::storage round_finite(bool negative, int exponent, U significand,
                                                            bool sticky, rounding mode, overflow on_overflow,
                                                            stochastic_bits stochastic = {false, 0}) noexcept {
  const U magnitude = round_magnitude<F, Lead>(negative, exponent, significand, sticky, mode, stochastic);
  return encode_magnitude<F>(negative, magnitude, mode, on_overflow, stochastic.enabled);
}

// The encoding of +-infinity: infinity is exact, so no mode changes it; saturate clamps it;
// a format without infinity gets NaN.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage encode_infinity(bool negative, overflow on_overflow) noexcept {
  using storage = typename F::storage;
  const storage magnitude = on_overflow == overflow::saturate ? F::max_finite_bits : F::infinity_bits;
  return static_cast<storage>((negative ? F::sign_mask : storage{0}) | magnitude);
}

// The encoding of a NaN whose source payload (mantissa field) has PayloadBits bits: the
// sign is kept, the quiet bit set, and the high-order payload bits that fit are kept, as
// x86's F16C does. A finite_nan_only format has just one NaN per sign.
template <class F, int PayloadBits, class U>
LOWP_HOST_DEVICE constexpr typename F::storage encode_nan(bool negative, U payload) noexcept {
  using storage = typename F::storage;
  constexpr int M = F::mantissa_bits;
  static_assert(PayloadBits >= M, "NaN payloads only ever shrink");
  const storage kept = F::has_infinity ? static_cast<storage>((payload >> (PayloadBits - M)) & F::mantissa_mask)
                                       : storage{0};
  return static_cast<storage>((negative ? F::sign_mask : storage{0}) | F::quiet_nan_bits | kept);
}

// A float or double split into the fields round_finite takes.
template <class Src>
struct unpacked_binary {
  using U = typename Src::storage;
  bool negative;
  int biased;      // the exponent field
  U mantissa;      // the mantissa field (a NaN's payload)
  U significand;   // the mantissa with its implicit bit
  int exponent;    // the unbiased exponent of the implicit bit's position
  LOWP_HOST_DEVICE constexpr bool is_special() const noexcept { return biased == Src::max_biased_exponent; }
};

template <class Src>
LOWP_HOST_DEVICE constexpr unpacked_binary<Src> unpack_binary(typename Src::storage bits) noexcept {
  using U = typename Src::storage;
  constexpr int SM = Src::mantissa_bits;
  const int biased = static_cast<int>((bits & Src::exponent_mask) >> SM);
  const U mantissa = static_cast<U>(bits & Src::mantissa_mask);
  return {(bits & Src::sign_mask) != 0, biased, mantissa,
          biased != 0 ? static_cast<U>(mantissa | (U{1} << SM)) : mantissa, (biased != 0 ? biased : 1) - Src::bias};
}

// round_binary_magnitude<F, Src>(x, ...): round_magnitude for an unpacked float/double.
//
// When F has the source's exponent field (float into bfloat16), F's encodings are the
// source's with the low mantissa bits cut off, subnormals included: rounding is then one
// integer addition on the magnitude bits, the same computation with the shift known.
template <class F, class Src>
LOWP_HOST_DEVICE constexpr typename Src::storage round_binary_magnitude(typename Src::storage bits,
                                                                        const unpacked_binary<Src>& x, rounding mode,
                                                                        stochastic_bits stochastic) noexcept {
  using U = typename Src::storage;
  constexpr int SM = Src::mantissa_bits;
  if constexpr (F::exponent_bits == Src::exponent_bits) {
    constexpr int drop = SM - F::mantissa_bits;
    const U a = static_cast<U>(bits & ~Src::sign_mask);
    const U kept = static_cast<U>(a >> drop);
    const U rest = static_cast<U>(a & ((U{1} << drop) - 1));
    return static_cast<U>(kept + discard_increment<U>(kept, rest, drop, drop, false, x.negative, mode, stochastic));
  } else {
    return round_magnitude<F, SM>(x.negative, x.exponent, x.significand, false, mode, stochastic);
  }
}

// round_binary_same_range_nearest<F, Src>(bits): round_binary(bits, to_nearest_even, ieee)
// when F has the source's exponent field (float into bfloat16), in a handful of integer
// operations, for the constructors. Adding just under half of F's ulp plus the kept lsb
// carries exactly when the discarded bits are above half, or at half with an odd lsb; a
// carry out of the largest finite value lands on infinity, and infinity stays infinity.
// Only NaN needs its own result (encode_nan's: sign, quiet bit, high payload bits).
template <class F, class Src>
LOWP_HOST_DEVICE constexpr typename F::storage round_binary_same_range_nearest(typename Src::storage bits) noexcept {
  static_assert(F::exponent_bits == Src::exponent_bits && F::has_infinity, "same exponent field, IEEE specials");
  using U = typename Src::storage;
  constexpr int drop = Src::mantissa_bits - F::mantissa_bits;
  const U rounded = static_cast<U>((bits + ((U{1} << (drop - 1)) - 1u) + ((bits >> drop) & 1u)) >> drop);
  const U nan = static_cast<U>((bits >> drop) | F::quiet_bit);
  return static_cast<typename F::storage>((bits & ~Src::sign_mask) > Src::infinity_bits ? nan : rounded);
}

// round_binary<F, Src>(bits, ...): a float (Src = binary32) or double (Src = binary64),
// given by its bits, rounded once into F.
template <class F, class Src>
LOWP_HOST_DEVICE constexpr typename F::storage round_binary(typename Src::storage bits, rounding mode,
                                                            overflow on_overflow,
                                                            stochastic_bits stochastic = {false, 0}) noexcept {
  static_assert(Src::min_exponent <= F::min_exponent,
                "source subnormals must not be normal numbers of the target (see round_magnitude)");
  const auto x = unpack_binary<Src>(bits);
  const auto magnitude = round_binary_magnitude<F, Src>(bits, x, mode, stochastic);
  const auto finite = encode_magnitude<F>(x.negative, magnitude, mode, on_overflow, stochastic.enabled);
  const auto infinite = encode_infinity<F>(x.negative, on_overflow);
  const auto nan = encode_nan<F, Src::mantissa_bits>(x.negative, x.mantissa);
  return x.is_special() ? (x.mantissa != 0 ? nan : infinite) : finite;
}

// overflows<F, Src>(bits, mode): whether a finite float/double rounds (in `mode`) to a
// magnitude above F's largest finite value — IEEE 754's overflow condition, whatever the
// overflow policy then makes of it. False for infinities and NaNs.
template <class F, class Src>
LOWP_HOST_DEVICE constexpr bool overflows(typename Src::storage bits, rounding mode) noexcept {
  using U = typename Src::storage;
  const auto x = unpack_binary<Src>(bits);
  return !x.is_special() && round_binary_magnitude<F, Src>(bits, x, mode, {false, 0}) > U{F::max_finite_bits};
}

// round_integer<F>(x, ...): any integer of up to 64 bits, rounded once into F.
template <class F, class I>
LOWP_HOST_DEVICE constexpr typename F::storage round_integer(I x, rounding mode, overflow on_overflow) noexcept {
  static_assert(std::is_integral<I>::value && sizeof(I) <= 8, "integers of up to 64 bits");
  bool negative = false;
  std::uint64_t magnitude = static_cast<std::uint64_t>(x);
  if constexpr (std::is_signed<I>::value) {
    negative = x < 0;
    // 0 - m in unsigned arithmetic is |x| for every x, INT64_MIN included.
    magnitude = negative ? std::uint64_t{0} - magnitude : magnitude;
  }
  // Normalize to bit 63, then keep 62 bits and fold the last two into the sticky bit:
  // round_finite wants two spare bits above the significand.
  const int zeros = countl_zero(magnitude);
  const std::uint64_t normalized = magnitude << (zeros & 63);
  const int exponent = magnitude != 0 ? 63 - zeros : F::min_subnormal_exponent - 2;  // zero stays +0
  return round_finite<F, 61>(negative, exponent, normalized >> 2, (normalized & 3) != 0, mode, on_overflow);
}

}  // namespace detail
}  // namespace lowp
