// lowp/simd/lanes.hpp — the bulk algorithms on vector lanes: the rounding engine itself.
//
// A lane type holds one or more unsigned 32-bit lanes: plain std::uint32_t (the portable
// path: a loop over these has no branches for a compiler to keep, see portable.hpp) or a
// GCC/Clang vector of one register (the x86 paths: 8 lanes for AVX2, 16 for AVX-512).
// Narrowing is round.hpp's round_binary_lanes instantiated for these lane types — the
// same source as the scalar engine, not a restatement of it — so every path rounds by the
// one engine; each x86 path only adds hardware instructions in front of it where
// hw_traits.hpp says they give the same bits. The writing rules that keep one source
// valid for scalars and vectors are in detail/lane.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../config.hpp"
#include "../detail/lane.hpp"
#include "../format.hpp"
#include "../round.hpp"
#include "../widen.hpp"

namespace lowp {
namespace simd {

// lane_traits<L>: element, signed lanes and mask of a lane type (detail/lane.hpp).
template <class L>
using lane_traits = lowp::detail::lane_traits<L>;

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
typedef std::uint16_t u16x32 __attribute__((vector_size(64)));  // the AVX-512 block kernels
typedef std::int16_t s16x32 __attribute__((vector_size(64)));
typedef std::uint8_t u8x32 __attribute__((vector_size(32)));
}  // namespace simd

namespace detail {
// The vector lanes for the engine: a comparison of signed lanes gives a -1/0 lane mask.
// normalize<23> (see detail/lane.hpp) for float significands (x < 2^24): x | 1 converts
// to float exactly, and 150 - the float's biased exponent is the shift (23 for zero). A
// conversion, two shifts and two integer operations per register, where the search
// takes five rounds of selects.
template <>
struct lane_traits<simd::u32x8> {
  using element = std::uint32_t;
  using signed_type = simd::s32x8;
  using mask = simd::s32x8;
  template <int Lead>
  static LOWP_ALWAYS_INLINE void normalize(const simd::u32x8& x, simd::u32x8& normalized, simd::u32x8& shift) noexcept {
    static_assert(Lead == 23, "the leading bit of a float significand");
    const simd::f32x8 f = __builtin_convertvector((simd::s32x8)(x | 1u), simd::f32x8);
    shift = 150u - ((simd::u32x8)f >> 23);
    normalized = x << shift;
  }
};
template <>
struct lane_traits<simd::u32x16> {
  using element = std::uint32_t;
  using signed_type = simd::s32x16;
  using mask = simd::s32x16;
  template <int Lead>
  static LOWP_ALWAYS_INLINE void normalize(const simd::u32x16& x, simd::u32x16& normalized,
                                           simd::u32x16& shift) noexcept {
    static_assert(Lead == 23, "the leading bit of a float significand");
    const simd::f32x16 f = __builtin_convertvector((simd::s32x16)(x | 1u), simd::f32x16);
    shift = 150u - ((simd::u32x16)f >> 23);
    normalized = x << shift;
  }
};
template <>
struct lane_traits<simd::u16x16> {
  using element = std::uint16_t;
  using signed_type = simd::s16x16;
  using mask = simd::s16x16;
};
template <>
struct lane_traits<simd::u16x32> {
  using element = std::uint16_t;
  using signed_type = simd::s16x32;
  using mask = simd::s16x32;
};
}  // namespace detail

namespace simd {
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

constexpr std::uint32_t f32_magnitude_mask = binary32::magnitude_mask;
constexpr std::uint32_t f32_infinity = binary32::infinity_bits;
constexpr int f32_mantissa_bits = binary32::mantissa_bits;

// A format on float's grid with the low bits cut off (bfloat16): see detail::same_grid.
template <class F>
constexpr bool shares_float_exponents = lowp::detail::same_grid<F, binary32>;

// narrow_lanes<F, Mode, Policy>(u, out): the float bits u rounded into F (the encoding in
// the low bits of each lane): the engine's round_binary_lanes, with the mode and policy
// fixed so that they fold away.
template <class F, rounding Mode, overflow Policy, class L>
LOWP_ALWAYS_INLINE void narrow_lanes(const L& u, L& out) noexcept {
  lowp::detail::round_binary_lanes<F, binary32>(u, Mode, Policy, out);
}

// widen_lanes<F>(bits, out): the float bits of the F-encoded value in the low bits of each
// lane. Equal to detail::widen<float, F>(bits): exact; NaN keeps sign and payload, quiet.
template <class F, class L>
LOWP_ALWAYS_INLINE void widen_lanes(const L& bits, L& out) noexcept {
  using S = typename lane_traits<L>::signed_type;
  using lowp::detail::splat;
  constexpr int M = F::mantissa_bits;
  if constexpr (!F::has_zero) {
    // An exponent-only scale format (E8M0): the field is float's biased exponent, except
    // that its lowest binade lies below float's normal range (a float subnormal) and its
    // all-ones field is NaN (no sign, no payload: float's default quiet NaN).
    static_assert(!F::is_signed && M == 0 && F::bias == binary32::bias, "an unsigned exponent-only format");
    typename lane_traits<L>::mask nan;
    lowp::detail::nan_lanes<F>(bits, nan);
    // Field 0 is 2^-bias: float's smallest normal 2^min_exponent shifted right.
    constexpr std::uint32_t lowest = (std::uint32_t{1} << f32_mantissa_bits) >> (binary32::min_exponent + F::bias);
    const L value = S(bits) == S{} ? splat<L, lowest> : L(bits << f32_mantissa_bits);
    out = nan ? splat<L, binary32::quiet_nan_bits> : value;
    return;
  }
  static_assert(F::is_signed || !F::has_zero, "the lane widening handles signed formats with zero, and exponent-only ones");
  const L magnitude = bits & F::magnitude_mask;
  const L biased = magnitude >> M;
  const L mantissa = bits & F::mantissa_mask;
  typename lane_traits<L>::mask nan, infinite;
  lowp::detail::nan_lanes<F>(bits, nan);
  lowp::detail::infinity_lanes<F>(bits, infinite);
  // F's sign bit moved to float's.
  const L sign = (bits >> (F::total_bits - 1)) << 31;
  if constexpr (shares_float_exponents<F>) {
    // bfloat16: the same grid, infinity included; NaN gets the quiet bit.
    const L shifted = bits << (f32_mantissa_bits - M);
    out = shifted | (nan ? splat<L, binary32::quiet_bit> : L{});
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
    value = infinite ? splat<L, f32_infinity> : value;
  }
  L nan_bits;  // quiet, the payload kept; its sign follows
  lowp::detail::nan_for_lanes<binary32>(L{}, static_cast<L>(mantissa << (f32_mantissa_bits - M)), nan_bits);
  // fnuz's NaN is the sign bit alone, and positive.
  const L sign_kept = F::nan == nan_encoding::negative_zero ? L(sign & ~L(nan ? splat<L, 0xffffffffu> : L{})) : sign;
  value = nan ? nan_bits : value;
  out = sign_kept | value;
}

}  // namespace simd
}  // namespace lowp
