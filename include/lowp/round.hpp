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
// One exception: scalar lanes skip the normalizing of float subnormals (only E8M0 needs
// it) with one well-predicted branch, see detail/lane.hpp's normalize.
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

// to_string(mode), to_string(policy): the enumerator's name ("to_nearest_even", "ieee").
LOWP_HOST_DEVICE constexpr const char* to_string(rounding mode) noexcept {
  return mode == rounding::to_nearest_even   ? "to_nearest_even"
         : mode == rounding::to_nearest_away ? "to_nearest_away"
         : mode == rounding::toward_zero     ? "toward_zero"
         : mode == rounding::upward          ? "upward"
         : mode == rounding::downward        ? "downward"
                                             : "unknown";
}
LOWP_HOST_DEVICE constexpr const char* to_string(overflow policy) noexcept {
  return policy == overflow::ieee ? "ieee" : policy == overflow::saturate ? "saturate" : "unknown";
}

// Every rounding mode and overflow policy, for loops over them.
constexpr rounding all_roundings[] = {rounding::to_nearest_even, rounding::to_nearest_away, rounding::toward_zero,
                                      rounding::upward, rounding::downward};
constexpr overflow all_overflows[] = {overflow::ieee, overflow::saturate};

// with_rounding(mode, policy, f): calls f(integral_constant<rounding, mode>{},
// integral_constant<overflow, policy>{}), so that a kernel can take the mode and policy as
// template arguments and specialise its loop. The one place that turns run-time modes into
// compile-time ones (the bulk paths, CUDA's kernels and the tests use it). A mode outside
// the enumeration calls nothing.
// Host code only: nvcc rejects a host-and-device template that calls host lambdas.
template <class Fn>
void with_rounding(rounding mode, overflow policy, Fn&& f) {
  auto with_policy = [&](auto m) {
    if (policy == overflow::saturate) {
      f(m, std::integral_constant<overflow, overflow::saturate>{});
    } else {
      f(m, std::integral_constant<overflow, overflow::ieee>{});
    }
  };
  switch (mode) {
    case rounding::to_nearest_even: with_policy(std::integral_constant<rounding, rounding::to_nearest_even>{}); break;
    case rounding::to_nearest_away: with_policy(std::integral_constant<rounding, rounding::to_nearest_away>{}); break;
    case rounding::toward_zero: with_policy(std::integral_constant<rounding, rounding::toward_zero>{}); break;
    case rounding::upward: with_policy(std::integral_constant<rounding, rounding::upward>{}); break;
    case rounding::downward: with_policy(std::integral_constant<rounding, rounding::downward>{}); break;
  }
}

namespace detail {

// Every function below is written over a lane type L (detail/lane.hpp): instantiated with
// an unsigned integer it is the scalar engine that lowp::convert and the constructors run
// (constexpr, host and device); instantiated with a vector of 8 or 16 lanes it is the SIMD
// kernels' algorithm (simd/lanes.hpp). `negative` is a bool, or a lane mask.

// ---- The rounding decision ----
//
// rounding_increment(mode, negative, shift, lsb, inc): the amount to add to a significand
// so that (significand + inc) >> shift is the significand with its low `shift` bits
// rounded off in `mode`. `lsb` is the last bit kept (0 or 1 per lane), shift >= 1:
//   nearest-even: half - 1 + lsb   (carries when above half, or at half with lsb odd)
//   nearest-away: half             (carries at half and above)
//   toward zero:  0;  away from zero (upward if positive, downward if negative): all ones
template <class L, class Mask>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void rounding_increment(rounding mode, const Mask& negative, const L& shift, const L& lsb,
                                                   L& inc) noexcept {
  const L one = L(splat<L, 1> << shift);
  const L half = L(one >> 1);
  const L all = L(one - 1);
  inc = mode == rounding::to_nearest_even   ? L(half - 1 + lsb)
        : mode == rounding::to_nearest_away ? half
        : mode == rounding::upward          ? (negative ? L{} : all)
        : mode == rounding::downward        ? (negative ? all : L{})
                                            : L{};  // toward_zero
}

// Stochastic rounding replaces the mode (scalar engine only): the magnitude rounds up with
// probability equal to the discarded fraction, resolved to 32 bits.
struct stochastic_bits {
  bool enabled;
  std::uint32_t random;
};

// The increment of stochastic rounding, in rounding_increment's form: all ones (carry)
// when the discarded fraction, as a 32-bit fixed-point number, exceeds the random bits.
// `fraction_shift` >= shift says where the fraction's binary point is (rest /
// 2^fraction_shift); it differs from shift only when the whole significand lies below the
// round bit.
template <class U>
LOWP_HOST_DEVICE constexpr U stochastic_increment(U significand, int shift, int fraction_shift,
                                                  std::uint32_t random) noexcept {
  constexpr int width = static_cast<int>(sizeof(U) * 8);
  const U rest = static_cast<U>(significand & ((U{1} << shift) - 1));
  const int down = fraction_shift - 32;
  const std::uint32_t fraction32 =
      down >= width ? 0u
      : down >= 0   ? static_cast<std::uint32_t>(rest >> (down >= 0 && down < width ? down : 0))
                    : static_cast<std::uint32_t>(rest << (down < 0 ? -down : 0));
  return random < fraction32 ? static_cast<U>((U{1} << shift) - 1) : U{0};
}

// ---- Where the kept bits end ----
//
// significand_shift<F, Lead>(below, shift, base): for a significand whose leading bit
// (bit Lead) lies `below` binades under F's smallest normal exponent field (signed lanes:
// 1 - the field it would have in F; 0 or less for normal results), how many low bits
// rounding drops, and the encoding `base` of the binade, (field - 1) << M, that the kept
// bits (implicit bit included) are added to.
// Normal results keep M+1 bits; below F's smallest normal each binade costs one more bit,
// and past Lead + 2 nothing changes: the whole significand is below the round bit and only
// says "nonzero". A format without zero has no subnormals: see round_significand.
template <class F, int Lead, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void significand_shift(const signed_lanes_t<L>& below, L& shift, L& base) noexcept {
  using S = signed_lanes_t<L>;
  constexpr int M = F::mantissa_bits;
  constexpr int normal_shift = Lead - M;
  if constexpr (F::has_zero) {
    constexpr int max_extra = Lead + 2 - normal_shift;
    const S extra = below > splat<S, max_extra> ? splat<S, max_extra> : (below > S{} ? below : S{});
    shift = L(L(extra) + splat<L, normal_shift>);
    base = below < S{} ? L(L(S{} - below) << M) : L{};
  } else {
    shift = splat<L, normal_shift>;
    base = L(L(S{} - below) << M);  // wraps at field 0; the implicit bit undoes it
  }
}

// round_significand<F, Lead>(negative, below, significand, mode, magnitude): the
// magnitude of (-1)^negative * significand * 2^(exponent of bit Lead - Lead) rounded into
// F's encoding, as if F's exponent range had no top: a result above F::max_finite_bits
// means the rounded value overflows F (IEEE 754 7.4). Adding the increment to the whole
// encoding carries correctly from subnormal to normal, from one binade to the next, and
// past the largest finite value. The significand is normalized (bit Lead set), or zero,
// or a source subnormal whose exponent is at or below F's smallest normal exponent (then
// its quantum is already right without normalizing).
template <class F, int Lead, class L, class Mask>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void round_significand(const Mask& negative, const signed_lanes_t<L>& below,
                                                  const L& significand, rounding mode, L& magnitude,
                                                  stochastic_bits stochastic = {false, 0}) noexcept {
  constexpr int M = F::mantissa_bits;
  static_assert(Lead - M >= 2, "two bits below the kept ones (round bit, and one for the sticky bit)");
  L shift{}, base{}, inc{};
  significand_shift<F, Lead>(below, shift, base);
  L lsb = L((significand >> shift) & splat<L, 1>);
  if constexpr (M == 0) {
    // Without mantissa bits the kept bit is the implicit 1: ties go to the even exponent.
    lsb = L((lsb + base) & splat<L, 1>);
  }
  rounding_increment(mode, negative, shift, lsb, inc);
  if constexpr (std::is_arithmetic<L>::value) {
    if (stochastic.enabled) {
      const int s = static_cast<int>(shift);
      const int wanted = F::has_zero ? (Lead - M) + (below > 0 ? static_cast<int>(below) : 0) : s;
      inc = stochastic_increment<L>(significand, s, wanted > s ? wanted : s, stochastic.random);
    }
  }
  magnitude = L(base + ((significand + inc) >> shift));
  if constexpr (!F::has_zero) {
    // Below the smallest binade there is no zero to round to: the smallest value.
    magnitude = below > splat<signed_lanes_t<L>, 1> ? splat<L, F::min_normal_bits> : magnitude;
  }
}

// ---- The overflow policy ----
//
// clamp_overflow<F>(negative01, infinite01, magnitude, mode, policy, out): a magnitude
// from round_significand (as if F's exponent range had no top) with the overflow policy
// applied: one past F's largest finite value becomes, per IEEE 754 7.4, infinity in the
// modes that round away (nearest, and the directed modes pointing away from zero), max
// finite in those that truncate, and max under saturate; an infinite input (infinite01 =
// 1, any magnitude past max) stays infinite in every mode unless saturate clamps it. A
// format without infinity gives its NaN where IEEE gives infinity, and max when it has no
// NaN either. The sign comes after (with_sign).
//
// Where F has infinity or NaN, that unbounded result is the magnitude just above max
// finite (unbounded_lanes), so the whole policy is one clamp: min(magnitude, max + open),
// with open = 1 where the result may pass max. The per-lane facts come as 0/1 integer
// lanes (negative01, infinite01), so that nothing combines lane masks (see lane.hpp).
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void clamp_overflow(const L& negative01, const L& infinite01,
                                                                  const L& magnitude, rounding mode, overflow policy,
                                                                  L& out) noexcept {
  using S = signed_lanes_t<L>;
  L limit = splat<L, F::max_finite_bits>;
  if constexpr (F::has_nan) {
    const L positive01 = L(negative01 ^ splat<L, 1>);
    const L open = policy == overflow::saturate        ? L{}
                   : mode == rounding::toward_zero     ? infinite01
                   : mode == rounding::upward          ? L(positive01 | infinite01)
                   : mode == rounding::downward        ? L(negative01 | infinite01)
                                                       : splat<L, 1>;  // nearest
    limit = L(limit + open);
  }
  // min, written on one lane type so that compilers see a min instruction.
  out = L(S(magnitude) < S(limit) ? S(magnitude) : S(limit));
}

// Scalar spellings, for the callers that round one value.
template <class F, class U>
LOWP_HOST_DEVICE constexpr typename F::storage encode_magnitude(bool negative, U magnitude, rounding mode,
                                                                overflow policy) noexcept {
  const bool sign = F::is_signed && negative;
  U clamped{}, r{};
  clamp_overflow<F>(U(sign ? 1u : 0u), U{0}, magnitude, mode, policy, clamped);
  with_sign_lanes<F>(U(sign ? F::sign_mask : 0u), clamped, r);
  return static_cast<typename F::storage>(r);
}
// +-infinity converted into F: infinity is exact, so no mode changes it; saturate clamps
// it; a format without infinity gives what an overflow gives (its NaN, or +-max).
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage encode_infinity(bool negative, overflow policy) noexcept {
  using U = std::uint32_t;
  const bool sign = F::is_signed && negative;
  U clamped{}, r{};
  clamp_overflow<F>(U(sign ? 1u : 0u), U{1}, U(F::max_finite_bits + 1u), rounding::to_nearest_even, policy, clamped);
  with_sign_lanes<F>(U(sign ? F::sign_mask : 0u), clamped, r);
  return static_cast<typename F::storage>(r);
}

// round_finite<F, Lead>(negative, exponent, significand, sticky, mode, policy): the number
// (-1)^negative * (significand + sticky * tiny) * 2^(exponent - Lead) rounded into F, for
// `tiny` some positive amount below one unit of the significand's last bit. `exponent` is
// the unbiased exponent of bit Lead; the significand is as round_significand wants it.
template <class F, int Lead, class U>
LOWP_HOST_DEVICE constexpr typename F::storage round_finite(bool negative, int exponent, U significand, bool sticky,
                                                            rounding mode, overflow policy,
                                                            stochastic_bits stochastic = {false, 0}) noexcept {
  static_assert(std::is_unsigned<U>::value, "the significand is an unsigned integer");
  static_assert(Lead + 2 < static_cast<int>(sizeof(U) * 8), "two spare bits above the significand");
  const bool sign = F::is_signed && negative;  // an unsigned format rounds |x|
  // The sticky bit joins the discarded bits below the round bit (Lead - M >= 2).
  const U sig = static_cast<U>(significand | (sticky ? U{1} : U{0}));
  U magnitude{};
  round_significand<F, Lead>(sign, static_cast<std::make_signed_t<U>>(1 - (exponent + F::bias)), sig, mode, magnitude,
                             stochastic);
  return encode_magnitude<F>(sign, magnitude, mode, policy);
}

// rounds_past_max<F, Lead>(negative, exponent, significand, sticky, mode): whether
// round_finite's number, rounded in `mode`, lies past F's largest finite value (IEEE 754
// 7.4's overflow) before any policy clamps it: what tells an overflow in a format whose
// overflow gives +-max (FP6, FP4) from a value that rounded to max.
template <class F, int Lead, class U>
LOWP_HOST_DEVICE constexpr bool rounds_past_max(bool negative, int exponent, U significand, bool sticky,
                                                rounding mode) noexcept {
  static_assert(std::is_unsigned<U>::value, "the significand is an unsigned integer");
  const bool sign = F::is_signed && negative;
  const U sig = static_cast<U>(significand | (sticky ? U{1} : U{0}));
  U magnitude{};
  round_significand<F, Lead>(sign, static_cast<std::make_signed_t<U>>(1 - (exponent + F::bias)), sig, mode, magnitude);
  return magnitude > F::max_finite_bits;
}

// ---- Rounding a float or double ----

// Whether F's grid is Src's with low mantissa bits cut off, subnormals and infinity
// included (float into bfloat16): then rounding is one integer addition on the encoding.
template <class F, class Src>
constexpr bool same_grid = F::exponent_bits == Src::exponent_bits && F::bias == Src::bias && F::has_infinity &&
                           F::has_zero && F::is_signed;

// round_same_grid<F, Src>(u, negative, mode, r): the Src encodings u (sign included)
// rounded onto F's grid: the sign rides along (|u| + increment stays below the sign bit),
// a carry out of the largest finite value lands exactly on infinity — IEEE overflow in
// every mode that increments; the modes that truncate never carry — and an infinite
// input stays infinite. NaN inputs give garbage, to be replaced.
template <class F, class Src, class L, class Mask>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void round_same_grid(const L& u, const Mask& negative, rounding mode, L& r,
                                                stochastic_bits stochastic = {false, 0}) noexcept {
  constexpr int drop = Src::mantissa_bits - F::mantissa_bits;
  L inc{};
  rounding_increment(mode, negative, L(splat<L, drop>), L((u >> drop) & splat<L, 1>), inc);
  if constexpr (std::is_arithmetic<L>::value) {
    if (stochastic.enabled) inc = stochastic_increment<L>(L(u & Src::magnitude_mask), drop, drop, stochastic.random);
  }
  r = L((u + inc) >> drop);
}

// split_binary<F, Src>(a, significand, below): a finite Src magnitude as the significand
// (implicit bit included) and how many binades its leading bit lies under F's smallest
// normal exponent field (see significand_shift). Src subnormals sit on Src's smallest
// exponent; where that is at or below F's smallest normal exponent they need no
// normalizing (see round_significand). Zero comes out with a zero significand and a
// `below` that rounds it right: one where a format with zero has no base to add (>= 0),
// and past F's smallest binade (> 1) for a format without zero, which gives F's smallest
// value (round_significand; the bulk exactness test relies on it too).
template <class F, class Src, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void split_binary(const L& a, L& significand, signed_lanes_t<L>& below) noexcept {
  using S = signed_lanes_t<L>;
  constexpr int SM = Src::mantissa_bits;
  constexpr bool normalizing = F::min_exponent < Src::min_exponent;
  constexpr int zero_below = Src::bias - F::bias + (normalizing ? SM : 0);
  static_assert(F::has_zero ? zero_below >= 0 : zero_below > 1, "zero's `below` rounds it to F's zero or smallest");
  const L e = L(a >> SM);
  const L e1 = L(S(e) > splat<S, 1> ? S(e) : splat<S, 1>);  // max(e, 1), on one lane type
  significand = L(a - ((e1 - splat<L, 1>) << SM));
  below = S(splat<S, 1 + Src::bias - F::bias> - signed_lanes_t<L>(e1));
  if constexpr (normalizing) {
    // F's normal range reaches below Src's (E8M0's 2^-127 is a float subnormal): normalize
    // Src subnormals, so that the leading bit is bit SM as round_significand expects
    // (the lane type's normalize, see detail/lane.hpp). No select: normal inputs (bit SM
    // set) shift by 0, and zero stays zero, at least SM binades lower.
    L shift{};
    lane_traits<L>::template normalize<SM>(L(significand), significand, shift);
    below = S(below + S(shift));
  }
}

// round_binary_significand<F, Src>(a, negative, mode, magnitude): round_significand for
// finite Src magnitudes a.
template <class F, class Src, class L, class Mask>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void round_binary_significand(const L& a, const Mask& negative, rounding mode, L& magnitude,
                                                         stochastic_bits stochastic = {false, 0}) noexcept {
  L significand{};
  signed_lanes_t<L> below{};
  split_binary<F, Src>(a, significand, below);
  round_significand<F, Src::mantissa_bits>(negative, below, significand, mode, magnitude, stochastic);
}

// round_binary_lanes<F, Src>(u, mode, policy, out): the Src encodings u (float:
// Src = binary32, double: binary64) rounded once into F, the result in the low bits of
// each lane. Finite values round and then meet the overflow policy; infinities convert
// exactly (encode_infinite); a NaN becomes F's NaN for its sign and payload (nan_for). An
// unsigned format (no sign bit) rounds |x|.
template <class F, class Src, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE constexpr void round_binary_lanes(const L& u, rounding mode, overflow policy, L& out,
                                                   stochastic_bits stochastic = {false, 0}) noexcept {
  using S = signed_lanes_t<L>;
  constexpr int drop = Src::mantissa_bits - F::mantissa_bits;
  constexpr int top = Src::total_bits - 1;  // the sign bit
  const L a = L(u & splat<L, Src::magnitude_mask>);
  // The sign as 0/1 lanes, as a mask (for the increment), and at F's sign bit; an unsigned
  // format rounds |x|.
  const L negative01 = F::is_signed ? L(u >> top) : L{};
  const lane_mask_t<L> negative = F::is_signed ? lane_mask_t<L>(S(u) < S{}) : lane_mask_t<L>{};
  const L sign = L(negative01 << (F::is_signed ? F::total_bits - 1 : 0));
  L result{};
  if constexpr (same_grid<F, Src>) {
    round_same_grid<F, Src>(u, negative, mode, result, stochastic);
    if (policy == overflow::saturate) {  // +-inf (from overflow or input) -> +-max finite
      result = S(L(result & splat<L, F::magnitude_mask>)) >= S(splat<L, F::infinity_bits>) ? L(result - splat<L, 1>)
                                                                                          : result;
    }
  } else {
    // Infinity rounds like a huge number; infinite01 tells the policy it is exact.
    const L infinite01 = L((a + splat<L, (typename Src::storage{1} << Src::mantissa_bits)>) >> top);
    L magnitude{};
    round_binary_significand<F, Src>(a, negative, mode, magnitude, stochastic);
    clamp_overflow<F>(negative01, infinite01, magnitude, mode, policy, result);
  }
  const auto is_nan_input = S(a) > S(splat<L, Src::infinity_bits>);
  if constexpr (same_grid<F, Src>) {
    // On the same grid nan_for is the NaN's bits cut, with the quiet bit.
    out = is_nan_input ? L((u >> drop) | splat<L, F::quiet_bit>) : result;
  } else if constexpr (F::has_nan) {
    // F's NaN takes the sign as a number does (nan_for(sign) == with_sign(sign, nan_for(+))),
    // so the sign goes on once, after the NaN is chosen.
    static_assert(with_sign<F>(true, nan_for<F>(false, 1)) == nan_for<F>(true, 1), "a NaN signed like a number");
    L nan{};
    nan_for_lanes<F>(L{}, L(a >> drop), nan);
    with_sign_lanes<F>(sign, L(is_nan_input ? nan : result), out);
  } else {
    // No NaN: a NaN gives +max, unsigned.
    L signed_result{};
    with_sign_lanes<F>(sign, result, signed_result);
    out = is_nan_input ? splat<L, F::max_finite_bits> : signed_result;
  }
}

// round_binary<F, Src>(bits, ...): one float or double, given by its bits, rounded once
// into F.
template <class F, class Src>
LOWP_HOST_DEVICE constexpr typename F::storage round_binary(typename Src::storage bits, rounding mode,
                                                            overflow policy,
                                                            stochastic_bits stochastic = {false, 0}) noexcept {
  typename Src::storage r{};
  round_binary_lanes<F, Src>(bits, mode, policy, r, stochastic);
  return static_cast<typename F::storage>(r);
}

// overflows<F, Src>(bits, mode): whether a finite float/double rounds (in `mode`) to a
// magnitude above F's largest finite value — IEEE 754's overflow condition, whatever the
// overflow policy then makes of it. False for infinities and NaNs.
template <class F, class Src>
LOWP_HOST_DEVICE constexpr bool overflows(typename Src::storage bits, rounding mode) noexcept {
  using U = typename Src::storage;
  const U a = static_cast<U>(bits & Src::magnitude_mask);
  const bool negative = F::is_signed && (bits & Src::sign_mask) != 0;
  U magnitude{};
  if constexpr (same_grid<F, Src>) {
    round_same_grid<F, Src>(a, negative, mode, magnitude);
  } else {
    round_binary_significand<F, Src>(a, negative, mode, magnitude);
  }
  return a < Src::infinity_bits && magnitude > U{F::max_finite_bits};
}

// round_integer<F>(x, ...): any integer of up to 64 bits, rounded once into F.
template <class F, class I>
LOWP_HOST_DEVICE constexpr typename F::storage round_integer(I x, rounding mode, overflow policy) noexcept {
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
  return round_finite<F, 61>(negative, exponent, normalized >> 2, (normalized & 3) != 0, mode, policy);
}

}  // namespace detail
}  // namespace lowp
