// lowp/simd/lanes.hpp — the exact bulk algorithms, written once over a "lane" type.
//
// A lane type holds one or more unsigned 32-bit lanes: plain std::uint32_t (the portable
// path: a loop over these has no branches for a compiler to keep, see portable.hpp) or a
// GCC/Clang vector of one register (the x86 paths: 8 lanes for AVX2, 16 for AVX-512). The same source
// is therefore the algorithm of every path; each x86 path only adds hardware instructions
// in front of it where they are known to give the same bits.
//
// These are integer re-statements of the rounding engine in round.hpp (same shift, same
// increment, same overflow and NaN rules), specialised to float input. They are tested bit
// for bit against the engine over all 2^32 floats.
//
// Writing rules that keep one source valid for scalars and vectors:
//   - comparisons are made on the signed view S(x) (all compared values are below 2^31);
//     they give bool for scalars and a -1/0 lane mask for vectors;
//   - masks are combined with & and |, and used only as the condition of ?: ;
//   - constants are spread over the lanes as `L{} + c`;
//   - vectors are passed by reference and results written to an out parameter, because
//     passing a wide vector by value outside its target changes the ABI (-Wpsabi).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../config.hpp"
#include "../format.hpp"
#include "../round.hpp"

namespace lowp {
namespace simd {

// lane_traits<L>: the signed lanes of the same shape (the type of S(x)).
template <class L>
struct lane_traits;
template <>
struct lane_traits<std::uint32_t> {
  using signed_type = std::int32_t;
};

#if LOWP_HAS_X86_DISPATCH
// GCC/Clang vector extensions, one per register width: 8 lanes for AVX2, 16 for AVX-512.
// (Always a whole register: GCC 12 splits wider vectors' arithmetic into registers but
// compares and selects them lane by lane.)
typedef std::uint32_t u32x8 __attribute__((vector_size(32)));
typedef std::int32_t s32x8 __attribute__((vector_size(32)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef std::uint32_t u32x16 __attribute__((vector_size(64)));
typedef std::int32_t s32x16 __attribute__((vector_size(64)));
typedef float f32x16 __attribute__((vector_size(64)));
typedef std::uint16_t u16x16 __attribute__((vector_size(32)));
typedef std::int16_t s16x16 __attribute__((vector_size(32)));
typedef std::uint8_t u8x16 __attribute__((vector_size(16)));

template <>
struct lane_traits<u32x8> {
  using signed_type = s32x8;
};
template <>
struct lane_traits<u32x16> {
  using signed_type = s32x16;
};

// out = the float bits of (float)m * scale, for small integers m (exact).
LOWP_ALWAYS_INLINE void scaled_float_bits(const u32x8& m, float scale, u32x8& out) noexcept {
  const f32x8 f = __builtin_convertvector((s32x8)m, f32x8) * scale;
  out = (u32x8)f;
}
LOWP_ALWAYS_INLINE void scaled_float_bits(const u32x16& m, float scale, u32x16& out) noexcept {
  const f32x16 f = __builtin_convertvector((s32x16)m, f32x16) * scale;
  out = (u32x16)f;
}
#endif

LOWP_ALWAYS_INLINE void scaled_float_bits(const std::uint32_t& m, float scale, std::uint32_t& out) noexcept {
  out = lowp::detail::bit_cast<std::uint32_t>(static_cast<float>(static_cast<std::int32_t>(m)) * scale);
}

using lowp::detail::binary32;

constexpr std::uint32_t f32_magnitude_mask = 0x7fffffffu;
constexpr std::uint32_t f32_infinity = 0x7f800000u;
constexpr int f32_mantissa_bits = 23;

// The biased float exponent of F's smallest normal number.
template <class F>
constexpr int first_normal_exponent = F::min_exponent + binary32::bias;

// A format whose exponent range is float's (bfloat16): its grid is float's grid with the
// low bits cut off, subnormals included, so rounding needs no per-lane shift.
template <class F>
constexpr bool shares_float_exponents = F::min_exponent == binary32::min_exponent;

// The per-lane quantities of round_magnitude<F, 23> for a float magnitude `a`:
//   sig   the significand with its implicit bit
//   shift how many low bits of sig fall below F's last place (capped at 25 = Lead + 2)
//   base  the encoding of the binade, (biased exponent - 1) << M, or 0 below F's normals
template <class F, class L>
LOWP_ALWAYS_INLINE void split_float(const L& a, L& sig, L& shift, L& base) noexcept {
  using S = typename lane_traits<L>::signed_type;
  constexpr int drop = f32_mantissa_bits - F::mantissa_bits;
  if constexpr (shares_float_exponents<F>) {
    // (e - 1) << 23 removed from sig is (e - 1) << M added back as base: keep the encoding.
    sig = a;
    shift = L{} + drop;
    base = L{};
  } else {
    constexpr int first = first_normal_exponent<F>;
    constexpr int max_extra = f32_mantissa_bits + 2 - drop;
    const L e = a >> f32_mantissa_bits;
    const L e1 = S(e) > 1 ? e : L{} + 1;  // float subnormals sit on the smallest exponent
    sig = a - ((e1 - 1) << f32_mantissa_bits);
    const S below = S{} + first - S(e1);  // binades below F's smallest normal
    const L extra = S(below) > max_extra ? L{} + max_extra : (S(below) > 0 ? L(below) : L{});
    shift = extra + drop;
    base = S(below) < 0 ? L(S{} - below) << F::mantissa_bits : L{};
  }
}

// The increment that makes (sig + increment) >> shift the magnitude rounded in Mode:
//   nearest-even:   half - 1 + last kept bit      nearest-away: half
//   toward zero:    0                             away from zero: one - 1
template <rounding Mode, class L, class Mask>
LOWP_ALWAYS_INLINE void rounding_increment(const L& sig, const L& shift, const Mask& negative, L& inc) noexcept {
  const L one = (L{} + 1) << shift;
  const L half = one >> 1;
  if constexpr (Mode == rounding::to_nearest_even) {
    inc = half - 1 + ((sig >> shift) & 1);
  } else if constexpr (Mode == rounding::to_nearest_away) {
    inc = half;
  } else if constexpr (Mode == rounding::toward_zero) {
    inc = L{};
  } else if constexpr (Mode == rounding::upward) {
    inc = negative ? L{} : one - 1;
  } else {
    inc = negative ? one - 1 : L{};
  }
}

// narrow_lanes<F, Mode, Policy>(u, out): the float bits u rounded into F (the encoding in
// the low bits of each lane). Equal to round_binary<F, binary32>(u, Mode, Policy).
template <class F, rounding Mode, overflow Policy, class L>
LOWP_ALWAYS_INLINE void narrow_lanes(const L& u, L& out) noexcept {
  using S = typename lane_traits<L>::signed_type;
  constexpr int M = F::mantissa_bits;
  const L a = u & f32_magnitude_mask;
  const auto negative = S(u) < 0;
  const S inf_bits = S{} + static_cast<std::int32_t>(f32_infinity);

  if constexpr (shares_float_exponents<F>) {
    // bfloat16: round the float encoding itself. |u| + increment stays below 2^31 for a
    // finite u, so the sign bit rides along; a carry out of the largest finite value
    // lands exactly on infinity, which is IEEE overflow in every mode that increments;
    // an infinite input stays infinite.
    constexpr int drop = f32_mantissa_bits - M;
    L inc;
    rounding_increment<Mode>(u, L{} + drop, negative, inc);
    L r = u + inc;
    if constexpr (Policy == overflow::saturate) {
      r = S(r & f32_magnitude_mask) >= inf_bits ? r - (1u << drop) : r;  // +-inf -> +-max finite
    }
    // NaN: the payload truncated, the quiet bit set (encode_nan).
    r = S(a) > inf_bits ? u | (1u << (f32_mantissa_bits - 1)) : r;
    out = r >> drop;
    return;
  }

  L sig, shift, base, inc;
  split_float<F>(a, sig, shift, base);
  rounding_increment<Mode>(sig, shift, negative, inc);
  L magnitude = base + ((sig + inc) >> shift);

  // Past the largest finite value: IEEE gives infinity, or max finite for the modes that
  // round the magnitude down; saturate always clamps (encode_magnitude).
  const L max_finite = L{} + F::max_finite_bits;
  const L inf = L{} + F::infinity_bits;
  L overflowed;
  if constexpr (Policy == overflow::saturate || Mode == rounding::toward_zero) {
    overflowed = max_finite;
  } else if constexpr (Mode == rounding::upward) {
    overflowed = negative ? max_finite : inf;
  } else if constexpr (Mode == rounding::downward) {
    overflowed = negative ? inf : max_finite;
  } else {
    overflowed = inf;
  }
  // overflowed is max finite or the encoding after it (infinity_bits == max_finite_bits + 1),
  // so the clamp is a min. Written as one (a select on a comparison, as before, is folded
  // by GCC 12 with the NaN/infinity select below into an OR of two masks when both give
  // the same constant, float8_e4m3fn's 0x7f, and that is expanded lane by lane on AVX-512).
  magnitude = magnitude < overflowed ? magnitude : overflowed;

  // Infinity and NaN inputs (encode_infinity, encode_nan).
  const L nan = F::has_infinity ? (L{} + F::quiet_nan_bits) | ((a >> (f32_mantissa_bits - M)) & F::mantissa_mask)
                                : L{} + F::quiet_nan_bits;
  const L infinite = L{} + (Policy == overflow::saturate ? F::max_finite_bits : F::infinity_bits);
  magnitude = S(a) >= S{} + static_cast<std::int32_t>(f32_infinity)
                  ? (S(a) > S{} + static_cast<std::int32_t>(f32_infinity) ? nan : infinite)
                  : magnitude;

  out = magnitude | ((u >> 31) << (F::exponent_bits + M));
}

// widen_lanes<F>(bits, out): the float bits of the F-encoded value in the low bits of each
// lane. Equal to detail::widen<float, F>(bits): exact; NaN keeps sign and payload, quiet.
template <class F, class L>
LOWP_ALWAYS_INLINE void widen_lanes(const L& bits, L& out) noexcept {
  using S = typename lane_traits<L>::signed_type;
  constexpr int M = F::mantissa_bits;
  constexpr int E = F::exponent_bits;
  const L magnitude = bits & F::magnitude_mask;
  const L sign = (bits >> (E + M)) << 31;
  const L biased = magnitude >> M;
  const L mantissa = bits & F::mantissa_mask;
  const auto is_nan = F::has_infinity ? S(magnitude) > S{} + F::infinity_bits : S(magnitude) == S{} + F::magnitude_mask;
  const L quiet_nan = L{} + (f32_infinity | (1u << (f32_mantissa_bits - 1)));
  if constexpr (shares_float_exponents<F>) {
    // bfloat16: the same grid, infinity included; NaN gets the quiet bit.
    const L shifted = bits << (f32_mantissa_bits - M);
    const S shifted_magnitude = S(shifted & f32_magnitude_mask);
    out = shifted | (shifted_magnitude > S{} + static_cast<std::int32_t>(f32_infinity)
                         ? L{} + (1u << (f32_mantissa_bits - 1))
                         : L{});
    return;
  }
  L value;
  {
    constexpr std::uint32_t rebias = static_cast<std::uint32_t>(binary32::bias - F::bias);
    const L normal = (magnitude << (f32_mantissa_bits - M)) + (rebias << f32_mantissa_bits);
    // F's subnormals are normal floats: the integer mantissa times F's quantum (exact).
    L subnormal;
    scaled_float_bits(mantissa, static_cast<float>(lowp::detail::exp2i(F::min_subnormal_exponent)), subnormal);
    value = S(biased) == 0 ? subnormal : normal;
    if constexpr (F::has_infinity) {
      value = S(biased) == S{} + F::max_biased_exponent ? L{} + f32_infinity : value;
    }
  }
  value = is_nan ? quiet_nan | (mantissa << (f32_mantissa_bits - M)) : value;
  out = sign | value;
}

}  // namespace simd
}  // namespace lowp
