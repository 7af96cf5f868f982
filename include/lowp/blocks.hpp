// lowp/blocks.hpp — block-scaled formats: OCP Microscaling (MXFP8, MXFP6, MXFP4) and NVFP4.
//
//   std::vector<float> w = ...;                               // n values
//   std::vector<std::uint8_t> q((n + 1) / 2);                 // MXFP4: two elements a byte
//   std::vector<lowp::float8_e8m0fnu> s((n + 31) / 32);       // one scale per 32 values
//   lowp::quantize_mx<lowp::float4_e2m1fn>(w.data(), n, q.data(), s.data());
//   lowp::dequantize_mx<lowp::float4_e2m1fn>(q.data(), s.data(), n, back.data());
//
//   const float ts = lowp::nvfp4_tensor_scale(amax);         // NVFP4: 16 a block
//   std::vector<lowp::float8_e4m3fn> bs((n + 15) / 16);
//   lowp::quantize_nvfp4(w.data(), n, ts, q.data(), bs.data());
//   lowp::dequantize_nvfp4(q.data(), bs.data(), ts, n, back.data());
//
// The contract is DESIGN.md's "Block-scaled formats". This file decides no rounding: each
// element is the engine's round_binary_lanes (round.hpp) applied to x / scale, and the
// scales come from the float's exponent field read through the format traits. What the
// contract leaves open, and what this file does there:
//   - elements of a block whose scale is NaN (MX: a NaN or infinity in the block; NVFP4: a
//     NaN in the block, or a NaN tensor scale) are written as +0: the scale alone already
//     makes the block NaN;
//   - "zero elements" (an all-zero MX block; an NVFP4 block scale of 0) keep the sign of
//     their input: -0 stays -0, as x / s rounded toward zero would give;
//   - dequantized NaNs are float's default NaN (0x7FC00000) whatever the element's NaN
//     payload, so that the host and CUDA (which canonicalizes NaN results) agree bit for
//     bit;
//   - nvfp4_tensor_scale(amax) for a positive finite amax whose quotient amax / 2688
//     underflows to 0 (amax < 2^-138) gives 1, as for amax = 0: the tensor is below what
//     NVFP4 can hold with a float tensor scale (every block scale rounds to 0, so every
//     element is zero either way) and 1 keeps both directions finite;
//   - the caller's tensor_scale is used as given: it must be positive and finite (what
//     nvfp4_tensor_scale returns), or the block scales become 448 or NaN.
//
// Exactness of x / s for MX (s = 2^k): where the quotient is a normal float it is the
// input's bits with k taken off the exponent field (float subnormal inputs are first made
// normal by an exact integer-to-float conversion of their significand); where it is below
// float's normal range (|x / s| < 2^-126) it is replaced by the smallest float subnormal
// of its sign. Both lie below half the smallest subnormal of every element format (2^-17
// at the finest, E5M2's), where every rounding mode gives the same element, so the
// element is x / s rounded once, as the contract asks, without any float arithmetic that
// the floating-point environment could change.
//
// Speed: the x86 paths (bulk.hpp's runtime choice: AVX2 or AVX-512) run the same lane
// functions on 8 or 16 lanes; every other target, and the path "portable", runs them on
// one lane (so does CUDA: cuda_blocks.cuh). On x86:
//   - scales: a chunk of as many blocks as a register has lanes is reduced to one register
//     of block maxima, and the scale rule (mx_scale_lanes, nvfp4_scale_lanes) runs once on
//     it; a scalar horizontal maximum and scale per block cost as much as the elements;
//   - MX elements: a block in which no quotient falls below float's normals scales by one
//     exact float multiplication by 2^-k instead of scale_down_lanes (in the modes where
//     the engine rounds every product below float's normals to the quotient's zero, every
//     block that is not NaN does, and the smallest magnitudes are not looked for); on
//     AVX-512 the whole block of 32 is rounded by the engine on 16-bit lanes, and 4-bit
//     elements (AVX-512 and AVX2) by lookups in a table the engine fills at compile time
//     (simd/block_lanes.hpp);
//   - quantizing prefetches the input 8 KiB ahead while a chunk's elements are rounded;
//   - dequantization widens elements that fit float16's fields (every MX and NVFP4
//     element) through float16 with F16C's vcvtph2ps, the 2^(bias - 15) this introduces
//     moved into the block's factor where that is exact; works out the factors of 16
//     blocks at once on vectors; skips the NaN fix-up where no NaN but the default one can
//     arise; and writes outputs above a core's L2 as whole cache lines with non-temporal
//     stores straight from the registers (simd/stream_lines.hpp), at any alignment.
// Each gives the same bits by construction, and tests/blocks checks every path against
// the independent reference. Every path sets the IEEE floating-point environment (no
// flush-to-zero) for the call, as bulk convert does, so all paths give the same bits
// whatever the caller's MXCSR. Measured: bench/RESULTS.md, "Block-scaled formats".
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "bulk.hpp"
#include "config.hpp"
#include "detail/bits.hpp"
#include "detail/lane.hpp"
#include "format.hpp"
#include "round.hpp"
#include "simd/dispatch.hpp"
#include "simd/lanes.hpp"
#include "simd/stream_lines.hpp"
#include "types.hpp"
#include "widen.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>

#include "simd/block_lanes.hpp"
#include "simd/x86_cpu.hpp"
#include "simd/x86_isa.hpp"
#endif

namespace lowp {

// How an MX block's power-of-two scale is chosen from its largest magnitude amax.
//   floor: 2^(floor(log2 amax) - emax), the OCP MX v1.0 rule: the block max lands in the
//          element's top binade, and values above the element's max finite saturate;
//   ceil:  the smallest power of two s with amax / s <= the element's max finite (never
//          clamps an element; cuBLAS's "RCEIL").
enum class scale_rule { floor, ceil };

namespace detail {

using mx_scale_format = float8_e8m0fnu::format_type;
using nvfp4_scale_format = float8_e4m3fn::format_type;
using nvfp4_element = float4_e2m1fn;

constexpr std::size_t mx_block_size = 32;
constexpr std::size_t nvfp4_block_size = 16;

template <class Elem>
constexpr bool is_mx_element =
    std::is_same<Elem, float8_e4m3fn>::value || std::is_same<Elem, float8_e5m2>::value ||
    std::is_same<Elem, float6_e2m3fn>::value || std::is_same<Elem, float6_e3m2fn>::value ||
    std::is_same<Elem, float4_e2m1fn>::value;

// Whether two elements share a byte (the 4-bit formats), and the bytes n elements take.
template <class F>
constexpr bool packs_two_per_byte = F::total_bits <= 4;
template <class F>
LOWP_HOST_DEVICE constexpr std::size_t element_bytes(std::size_t n) noexcept {
  return packs_two_per_byte<F> ? n / 2 + n % 2 : n;
}

// The replacement of a nonzero quotient below float's normal range (see the header
// comment) must round like it: below half of the element's smallest subnormal.
template <class F>
constexpr bool tiny_quotients_round_alike = F::min_subnormal_exponent - 1 > binary32::min_exponent;

// ---- Float bits on lanes (one lane: host and device; vectors: the x86 kernels) ----

// int_to_float_bits(m, out): the float bits of the (exact) float of each lane m < 2^24.
LOWP_HOST_DEVICE inline void int_to_float_bits(const std::uint32_t& m, std::uint32_t& out) noexcept {
  out = bit_cast<std::uint32_t>(static_cast<float>(static_cast<std::int32_t>(m)));
}
// multiply_float_bits(a, f, g, out): the float bits of (a * f) * g, float operations.
LOWP_HOST_DEVICE inline void multiply_float_bits(const std::uint32_t& a, float f, float g,
                                                 std::uint32_t& out) noexcept {
  out = bit_cast<std::uint32_t>(bit_cast<float>(a) * f * g);
}
// divide_float_bits(a, d, out): the float bits of a / d, a float division.
LOWP_HOST_DEVICE inline void divide_float_bits(const std::uint32_t& a, float d, std::uint32_t& out) noexcept {
  out = bit_cast<std::uint32_t>(bit_cast<float>(a) / d);
}
// widen_float_bits<F>(bits, out): the float bits of the F-encoded value (exact).
template <class F>
LOWP_HOST_DEVICE inline void widen_float_bits(const std::uint32_t& bits, std::uint32_t& out) noexcept {
  out = bit_cast<std::uint32_t>(widen<float, F>(static_cast<typename F::storage>(bits)));
}

#if LOWP_HAS_X86_DISPATCH
LOWP_ALWAYS_INLINE void int_to_float_bits(const simd::u32x8& m, simd::u32x8& out) noexcept {
  out = (simd::u32x8)__builtin_convertvector((simd::s32x8)m, simd::f32x8);
}
LOWP_ALWAYS_INLINE void int_to_float_bits(const simd::u32x16& m, simd::u32x16& out) noexcept {
  out = (simd::u32x16)__builtin_convertvector((simd::s32x16)m, simd::f32x16);
}
LOWP_ALWAYS_INLINE void multiply_float_bits(const simd::u32x8& a, float f, float g, simd::u32x8& out) noexcept {
  out = (simd::u32x8)((simd::f32x8)a * f * g);
}
LOWP_ALWAYS_INLINE void multiply_float_bits(const simd::u32x16& a, float f, float g, simd::u32x16& out) noexcept {
  out = (simd::u32x16)((simd::f32x16)a * f * g);
}
LOWP_ALWAYS_INLINE void divide_float_bits(const simd::u32x8& a, float d, simd::u32x8& out) noexcept {
  out = (simd::u32x8)((simd::f32x8)a / d);
}
LOWP_ALWAYS_INLINE void divide_float_bits(const simd::u32x16& a, float d, simd::u32x16& out) noexcept {
  out = (simd::u32x16)((simd::f32x16)a / d);
}
// The vector widening is simd::widen_lanes: the bulk kernels' algorithm, proved equal to
// widen<float, F> by tests/bulk.
template <class F>
LOWP_ALWAYS_INLINE void widen_float_bits(const simd::u32x8& bits, simd::u32x8& out) noexcept {
  simd::widen_lanes<F>(bits, out);
}
template <class F>
LOWP_ALWAYS_INLINE void widen_float_bits(const simd::u32x16& bits, simd::u32x16& out) noexcept {
  simd::widen_lanes<F>(bits, out);
}
#endif

// ---- Scales (one per block, computed on one lane) ----

// The largest float magnitude in a block, as bits: magnitudes order like their bits, and
// every NaN is above infinity's bits.
LOWP_HOST_DEVICE inline std::uint32_t magnitude_bits(float x) noexcept {
  return bit_cast<std::uint32_t>(x) & binary32::magnitude_mask;
}

// What one block does: its scale's encoding and how its elements are made.
struct block_plan {
  std::uint8_t scale_bits;  // the block scale's encoding
  bool nan_block;           // the scale is NaN: elements are +0
  bool zero_scale;          // NVFP4 block scale 0: elements are signed zeros
  std::int32_t exponent;    // MX: the scale is 2^exponent
  float divisor;            // NVFP4: float(block scale) * tensor scale
};

// mx_scale_lanes<EF>(amax, rule, scale): MX block scales (E8M0 encodings) from the
// blocks' largest magnitudes (float bits), on lanes: one lane on the portable path and in
// CUDA, a vector of blocks in the x86 kernels. The exponent of amax is read from its fields
// (a float subnormal's from the exact float of its integer significand), so
// floor(log2 amax) is exact; ceil adds one where amax's significand exceeds that of the
// element's max finite value. Clamped to the scale's exponent range, [-127, 127]; an
// all-zero block gets the smallest scale, a block holding a NaN or an infinity the NaN.
template <class EF, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void mx_scale_lanes(const L& amax, scale_rule rule, L& scale) noexcept {
  using S = signed_lanes_t<L>;
  using SF = mx_scale_format;
  using B = binary32;
  L as_float{};
  int_to_float_bits(amax, as_float);  // exact where it is used: amax below 2^23
  const S field = S(amax >> B::mantissa_bits);
  const S e = field == S{} ? S(S(as_float >> B::mantissa_bits) + splat<S, B::min_subnormal_exponent - B::bias>)
                           : S(field - splat<S, B::bias>);
  const L fraction = L((field == S{} ? as_float : amax) & splat<L, B::mantissa_mask>);
  constexpr std::uint32_t max_fraction = static_cast<std::uint32_t>(EF::max_finite_bits & EF::mantissa_mask)
                                         << (B::mantissa_bits - EF::mantissa_bits);
  S k = S(e - splat<S, EF::max_exponent>);
  if (rule == scale_rule::ceil) k = S(fraction) > splat<S, static_cast<std::int32_t>(max_fraction)> ? S(k + splat<S, 1>) : k;
  k = k < splat<S, SF::min_exponent> ? splat<S, SF::min_exponent> : k;
  k = k > splat<S, SF::max_exponent> ? splat<S, SF::max_exponent> : k;
  k = S(amax) == S{} ? splat<S, SF::min_exponent> : k;
  scale = S(amax) >= splat<S, static_cast<std::int32_t>(B::infinity_bits)> ? splat<L, default_nan<SF>()>
                                                                          : L(k + splat<S, SF::bias>);
}

// nvfp4_scale_lanes(amax, tensor_scale, scale, divisor): NVFP4 block scales (E4M3
// encodings) from the blocks' largest magnitudes, float operations in the contract's
// order, rounded by the engine (saturate_cast); a block holding a NaN gets the NaN. And
// each block's divisor, float(block scale) * tensor scale (float bits).
template <class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void nvfp4_scale_lanes(const L& amax, float tensor_scale, L& scale,
                                                           L& divisor) noexcept {
  using S = signed_lanes_t<L>;
  using SF = nvfp4_scale_format;
  L sixth{}, wanted{}, rounded{}, value{};
  divide_float_bits(amax, 6.0f, sixth);
  divide_float_bits(sixth, tensor_scale, wanted);
  round_binary_lanes<SF, binary32>(wanted, rounding::to_nearest_even, overflow::saturate, rounded);
  scale = S(amax) > splat<S, static_cast<std::int32_t>(binary32::infinity_bits)> ? splat<L, default_nan<SF>()>
                                                                                 : rounded;
  widen_float_bits<SF>(scale, value);
  multiply_float_bits(value, tensor_scale, 1.0f, divisor);
}

// A block's plan from its scale: MX (2^exponent), NVFP4 (its divisor).
LOWP_HOST_DEVICE inline block_plan mx_plan_from_scale(std::uint32_t scale) noexcept {
  using SF = mx_scale_format;
  const bool nan = is_nan<SF>(static_cast<SF::storage>(scale));
  return block_plan{static_cast<std::uint8_t>(scale), nan, false, nan ? 0 : static_cast<std::int32_t>(scale) - SF::bias,
                    0.0f};
}
LOWP_HOST_DEVICE inline block_plan nvfp4_plan_from_scale(std::uint32_t scale, std::uint32_t divisor) noexcept {
  using SF = nvfp4_scale_format;
  const auto bits = static_cast<SF::storage>(scale);
  return block_plan{bits, is_nan<SF>(bits), is_zero<SF>(bits), 0, bit_cast<float>(divisor)};
}

// One block's plan from its largest magnitude (float bits), on one lane.
template <class EF>
LOWP_HOST_DEVICE inline block_plan mx_plan(std::uint32_t amax, scale_rule rule) noexcept {
  std::uint32_t scale = 0;
  mx_scale_lanes<EF>(amax, rule, scale);
  return mx_plan_from_scale(scale);
}
LOWP_HOST_DEVICE inline block_plan nvfp4_plan(std::uint32_t amax, float tensor_scale) noexcept {
  std::uint32_t scale = 0, divisor = 0;
  nvfp4_scale_lanes(amax, tensor_scale, scale, divisor);
  return nvfp4_plan_from_scale(scale, divisor);
}

// ---- Elements (the per-element code of every path) ----

// scale_down_lanes(u, k, out): float bits whose rounding into any element format equals
// that of x / 2^k (x = the float bits u, finite), exactly: see the header comment.
template <class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void scale_down_lanes(const L& u, std::int32_t k, L& out) noexcept {
  using S = signed_lanes_t<L>;
  using B = binary32;
  const L a = L(u & splat<L, B::magnitude_mask>);
  const L sign = L(u ^ a);
  const L field = L(a >> B::mantissa_bits);
  // A subnormal's significand as an exact float: its field, less 149, is the field the
  // value would have with an unbounded exponent.
  L as_float{};
  int_to_float_bits(a, as_float);
  const S subnormal_field = S(S(as_float >> B::mantissa_bits) + splat<S, B::min_subnormal_exponent>);
  const S virtual_field = S(field) == S{} ? subnormal_field : S(field);
  const L fraction = L((S(field) == S{} ? as_float : a) & splat<L, B::mantissa_mask>);
  const S scaled_field = S(virtual_field - S(S{} + k));
  const L normal = L(sign | L(L(scaled_field) << B::mantissa_bits) | fraction);
  const L tiny = S(a) == S{} ? sign : L(sign | splat<L, 1u>);
  out = scaled_field > S{} ? normal : tiny;
}

// mx_element_lanes<F>(u, plan, mode, out): the element encodings of the float bits u.
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void mx_element_lanes(const L& u, const block_plan& plan, rounding mode,
                                                          L& out) noexcept {
  static_assert(tiny_quotients_round_alike<F>, "x / s below float's normals must round like the smallest subnormal");
  L scaled{};
  scale_down_lanes(u, plan.exponent, scaled);
  round_binary_lanes<F, binary32>(scaled, mode, overflow::saturate, out);
  out = plan.nan_block ? L{} : out;
}

// nvfp4_element_lanes(u, plan, mode, out): e2m1 of x / divisor; signed zeros under a zero
// block scale.
template <class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void nvfp4_element_lanes(const L& u, const block_plan& plan, rounding mode,
                                                             L& out) noexcept {
  using F = nvfp4_element::format_type;
  if (plan.nan_block) {
    out = L{};
  } else if (plan.zero_scale) {
    with_sign_lanes<F>(L(L(u >> (binary32::total_bits - 1)) << (F::total_bits - 1)), L{}, out);
  } else {
    L q{};
    divide_float_bits(u, plan.divisor, q);
    round_binary_lanes<F, binary32>(q, mode, overflow::saturate, out);
  }
}

// default_nan_lanes(product, out): float bits with every NaN made float's default NaN.
template <class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void default_nan_lanes(const L& product, L& out) noexcept {
  using S = signed_lanes_t<L>;
  out = S(L(product & splat<L, binary32::magnitude_mask>)) > S(splat<L, binary32::infinity_bits>)
            ? splat<L, binary32::quiet_nan_bits>
            : product;
}

// dequantize_lanes<F>(bits, f, g, out): the float bits of (element * f) * g; NaN results
// are float's default NaN.
template <class F, class L>
LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void dequantize_lanes(const L& bits, float f, float g, L& out) noexcept {
  L value{}, product{};
  widen_float_bits<F>(bits, value);
  multiply_float_bits(value, f, g, product);
  default_nan_lanes(product, out);
}

// ---- The two kinds of blocks ----
//
// A codec says how one kind of block is made: its size, element format, scale type, the
// plan of a block from its largest magnitude, the elements, and the two float factors
// dequantization multiplies by (MX: the scale and 1, which changes no product; NVFP4: the
// block scale and the tensor scale, in that order).
template <class Elem>
struct mx_codec {
  using element_format = typename Elem::format_type;
  using scale_type = float8_e8m0fnu;
  static constexpr std::size_t block = mx_block_size;
  static constexpr bool power_of_two_scale = true;
  scale_rule rule;
  LOWP_HOST_DEVICE block_plan plan(std::uint32_t amax) const noexcept { return mx_plan<element_format>(amax, rule); }
  // A vector of blocks' scales (the divisors are NVFP4's), and one block's plan from them.
  template <class L>
  LOWP_ALWAYS_INLINE void scale_lanes(const L& amax, L& scale, L&) const noexcept {
    mx_scale_lanes<element_format>(amax, rule, scale);
  }
  block_plan plan_from(std::uint32_t scale, std::uint32_t) const noexcept { return mx_plan_from_scale(scale); }
  template <class L>
  LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void element(const L& u, const block_plan& p, rounding mode, L& out) const noexcept {
    mx_element_lanes<element_format>(u, p, mode, out);
  }
  LOWP_HOST_DEVICE void factors(std::uint8_t scale_bits, float& f, float& g) const noexcept {
    f = widen<float, mx_scale_format>(scale_bits);
    g = 1.0f;
  }
};

struct nvfp4_codec {
  using element_format = nvfp4_element::format_type;
  using scale_type = float8_e4m3fn;
  static constexpr std::size_t block = nvfp4_block_size;
  static constexpr bool power_of_two_scale = false;
  float tensor_scale;
  LOWP_HOST_DEVICE block_plan plan(std::uint32_t amax) const noexcept { return nvfp4_plan(amax, tensor_scale); }
  template <class L>
  LOWP_ALWAYS_INLINE void scale_lanes(const L& amax, L& scale, L& divisor) const noexcept {
    nvfp4_scale_lanes(amax, tensor_scale, scale, divisor);
  }
  block_plan plan_from(std::uint32_t scale, std::uint32_t divisor) const noexcept {
    return nvfp4_plan_from_scale(scale, divisor);
  }
  template <class L>
  LOWP_HOST_DEVICE LOWP_ALWAYS_INLINE void element(const L& u, const block_plan& p, rounding mode, L& out) const noexcept {
    nvfp4_element_lanes(u, p, mode, out);
  }
  LOWP_HOST_DEVICE void factors(std::uint8_t scale_bits, float& f, float& g) const noexcept {
    f = widen<float, nvfp4_scale_format>(scale_bits);
    g = tensor_scale;
  }
};

// ---- One block on one lane: the portable path and the CUDA kernels ----

// quantize_block_scalar(codec, src, count, elements, scale, mode): block of `count` <=
// Codec::block values; elements points at the block's first byte.
template <class Codec>
LOWP_HOST_DEVICE void quantize_block_scalar(const Codec& codec, const float* src, std::size_t count,
                                            std::uint8_t* elements, typename Codec::scale_type* scale,
                                            rounding mode) noexcept {
  using F = typename Codec::element_format;
  std::uint32_t amax = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t m = magnitude_bits(src[i]);
    amax = m > amax ? m : amax;
  }
  const block_plan p = codec.plan(amax);
  *scale = Codec::scale_type::from_bits(p.scale_bits);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t e = 0;
    codec.element(bit_cast<std::uint32_t>(src[i]), p, mode, e);
    if constexpr (packs_two_per_byte<F>) {
      // Element 2i in the low nibble of byte i; an odd tail leaves the high nibble 0.
      const std::uint8_t byte = static_cast<std::uint8_t>(e);
      elements[i / 2] = i % 2 == 0 ? byte : static_cast<std::uint8_t>(elements[i / 2] | (byte << 4));
    } else {
      elements[i] = static_cast<std::uint8_t>(e);
    }
  }
}

// dequantize_block_scalar(codec, elements, scale, count, dst).
template <class Codec>
LOWP_HOST_DEVICE void dequantize_block_scalar(const Codec& codec, const std::uint8_t* elements,
                                              typename Codec::scale_type scale, std::size_t count,
                                              float* dst) noexcept {
  using F = typename Codec::element_format;
  float f = 0.0f, g = 0.0f;
  codec.factors(scale.bits(), f, g);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t e = elements[packs_two_per_byte<F> ? i / 2 : i];
    if constexpr (packs_two_per_byte<F>) e = (i % 2 == 0 ? e : e >> 4) & (F::sign_mask | F::magnitude_mask);
    std::uint32_t r = 0;
    dequantize_lanes<F>(e, f, g, r);
    dst[i] = bit_cast<float>(r);
  }
}

template <class Codec, rounding Mode>
void quantize_portable(const Codec& codec, const float* src, std::size_t n, std::uint8_t* elements,
                       typename Codec::scale_type* scales) noexcept {
  using F = typename Codec::element_format;
  constexpr std::size_t B = Codec::block;
  for (std::size_t b = 0; b * B < n; ++b) {
    const std::size_t first = b * B;
    const std::size_t count = n - first < B ? n - first : B;
    quantize_block_scalar(codec, src + first, count, elements + element_bytes<F>(first), scales + b, Mode);
  }
}

template <class Codec>
void dequantize_portable(const Codec& codec, const std::uint8_t* elements, const typename Codec::scale_type* scales,
                         std::size_t n, float* dst) noexcept {
  using F = typename Codec::element_format;
  constexpr std::size_t B = Codec::block;
  for (std::size_t b = 0; b * B < n; ++b) {
    const std::size_t first = b * B;
    const std::size_t count = n - first < B ? n - first : B;
    dequantize_block_scalar(codec, elements + element_bytes<F>(first), scales[b], count, dst + first);
  }
}

}  // namespace detail

// ---- x86 kernels: the same lane functions on whole registers ----
#if LOWP_HAS_X86_DISPATCH
namespace simd {

typedef std::uint16_t u16x8 __attribute__((vector_size(16)));
typedef std::uint8_t u8x8 __attribute__((vector_size(8)));

// 16 element codes (one a byte, each below 16) as 8 bytes: code 2i low, 2i+1 high.
LOWP_ALWAYS_INLINE void pack_nibbles(const u8x16& codes, u8x8& out) noexcept {
  const u16x8 w = (u16x8)codes;
  out = __builtin_convertvector((u16x8)((w | (w >> 4)) & 0xff), u8x8);
}
// The inverse: 8 bytes to 16 codes.
LOWP_ALWAYS_INLINE void unpack_nibbles(const u8x8& bytes, u8x16& out) noexcept {
  const u16x8 w = __builtin_convertvector(bytes, u16x8);
  out = (u8x16)((u16x8)((w & 0x0f) | ((w >> 4) << 8)));
}

// ---- Scales of a chunk of blocks, one block a lane ----
//
// A chunk is as many blocks as a register has lanes (16 on AVX-512, 8 on AVX2). Each
// block's registers are reduced to one register of partial maxima (and minima); a
// transposed reduction then turns those rows into one register whose lane j is block j's
// result, and the scale rule runs once on that register (mx_scale_lanes,
// nvfp4_scale_lanes: the same lane code as the portable path's one lane).

// Signed lane maxima and minima as one instruction each (GCC 12 makes a compare and a
// masked move of the vector ?: form on AVX-512; the masked intrinsics with every lane
// set, because the unmasked ones warn -Wmaybe-uninitialized under GCC 12).
[[gnu::target("avx2,f16c")]] inline void lanes_max(const u32x8& a, const u32x8& b, u32x8& out) noexcept {
  out = (u32x8)_mm256_max_epi32((__m256i)a, (__m256i)b);
}
[[gnu::target("avx2,f16c")]] inline void lanes_min(const u32x8& a, const u32x8& b, u32x8& out) noexcept {
  out = (u32x8)_mm256_min_epi32((__m256i)a, (__m256i)b);
}
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline void lanes_max(const u32x16& a, const u32x16& b,
                                                                             u32x16& out) noexcept {
  out = (u32x16)_mm512_maskz_max_epi32(0xffff, (__m512i)a, (__m512i)b);
}
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline void lanes_min(const u32x16& a, const u32x16& b,
                                                                             u32x16& out) noexcept {
  out = (u32x16)_mm512_maskz_min_epi32(0xffff, (__m512i)a, (__m512i)b);
}

// reduction_source<W, S, High>(o): where output lane o of one reduction step comes from.
// The step takes two rows of W lanes made of W / S segments of S lanes (each segment one
// block's partial results) and gives one row of segments of S / 2: x's segments first,
// then y's, each the low (High: the high) half of its segment; the step's max or min of
// the low and high picks halves the partial results. Lanes of y count from W.
template <std::size_t W, std::size_t S, bool High>
constexpr int reduction_source(std::size_t o) noexcept {
  const std::size_t half = S / 2;
  const std::size_t segment = o / half;
  const std::size_t per_row = W / S;
  return static_cast<int>((segment / per_row) * W + (segment % per_row) * S + (High ? half : 0) + o % half);
}
template <std::size_t S, bool High, class L, std::size_t... O>
LOWP_ALWAYS_INLINE void reduction_halves(const L& x, const L& y, L& out, std::index_sequence<O...>) noexcept {
  out = __builtin_shufflevector(x, y, reduction_source<sizeof...(O), S, High>(O)...);
}

// rows[j] (j < S): block j's partial maxima (Largest) or minima, compared as signed lanes
// (every value is below 2^31; GCC 12 expands unsigned vector comparisons lane by lane).
// Leaves block j's maximum or minimum in lane j of rows[0].
template <std::size_t S, bool Largest, class L>
LOWP_ALWAYS_INLINE void reduce_rows(L* rows) noexcept {
  if constexpr (S > 1) {
    constexpr std::size_t W = sizeof(L) / sizeof(std::uint32_t);
    for (std::size_t r = 0; r < S / 2; ++r) {
      L low, high;
      reduction_halves<S, false>(rows[2 * r], rows[2 * r + 1], low, std::make_index_sequence<W>{});
      reduction_halves<S, true>(rows[2 * r], rows[2 * r + 1], high, std::make_index_sequence<W>{});
      if constexpr (Largest) {
        lanes_max(low, high, rows[r]);
      } else {
        lanes_min(low, high, rows[r]);
      }
    }
    reduce_rows<S / 2, Largest>(rows);
  }
}

// MX blocks whose quotients x / 2^k are all normal floats (or zero) are one exact float
// multiplication by 2^-k each (the fast path of block_elements); the others need
// scale_down_lanes's substitution below float's normals. From each block's scale and its
// smallest nonzero magnitude less one (`least`; 2^31 - 1 for an all-zero block): fast (1
// or 0) and 2^-k (float bits: a normal float, or 2^-127, a float subnormal, for k = 127).
// A NaN scale is never fast.
template <class L>
LOWP_ALWAYS_INLINE void mx_fast_lanes(const L& scale, const L& least, L& fast, L& inverse) noexcept {
  using S = lowp::detail::signed_lanes_t<L>;
  using B = binary32;
  using SF = lowp::detail::mx_scale_format;
  const S k = S(scale) - SF::bias;
  inverse = k < B::bias ? L(S(B::bias - k) << B::mantissa_bits) : L(L{} + (1u << (B::mantissa_bits - 1)));
  // The smallest magnitude whose quotient is normal, 2^(k - 126) (bits), or 0 where every
  // nonzero float's is (k < -23).
  const S e = k + B::min_exponent;
  // (One select per line, and facts combined as 0/1 lanes: GCC expands combined vector
  // masks lane by lane; see detail/lane.hpp.)
  S sub = e - B::min_subnormal_exponent;  // its subnormal bit, where it is subnormal
  sub = sub < 0 ? S{} : sub;
  sub = sub > 31 ? S{} + 31 : sub;
  const L subnormal = L(L{} + 1u) << L(sub);
  const L below_normal = e >= B::min_subnormal_exponent ? subnormal : L{};
  const L smallest = e >= B::min_exponent ? L(S(e + B::bias) << B::mantissa_bits) : below_normal;
  const L nan01 = S(scale) == S(S{} + lowp::detail::default_nan<SF>()) ? L(L{} + 1u) : L{};
  // (smallest = 0: no tiny quotient, and least < -1 never holds.)
  const L tiny01 = S(least) < S(smallest - 1u) ? L(L{} + 1u) : L{};
  fast = (nan01 | tiny01) ^ 1u;
}

// Whether, in rounding mode Mode, every MX block that is not NaN may take the float
// multiplication by 2^-k, with no test of its smallest magnitude: a product below float's
// normals (|x / 2^k| < 2^-126, rounded by the multiplication to a float subnormal, zero
// or 2^-126) then gives the element the engine gives x / 2^k itself. Rounding is
// monotone, so that holds when the engine rounds +-2^-126 to the zeros that +-0 give
// (asked of the engine, not restated): the nearest modes and toward zero; the directed
// modes give the smallest subnormal there and keep the test.
template <class F, rounding Mode>
constexpr bool tiny_products_round_to_zero =
    lowp::detail::round_binary<F, binary32>(binary32::min_normal_bits, Mode, overflow::saturate) ==
        lowp::detail::round_binary<F, binary32>(0u, Mode, overflow::saturate) &&
    lowp::detail::round_binary<F, binary32>(binary32::sign_mask | binary32::min_normal_bits, Mode,
                                            overflow::saturate) ==
        lowp::detail::round_binary<F, binary32>(binary32::sign_mask, Mode, overflow::saturate);

// What plan_chunk finds for a chunk's blocks (block j in entry j): scale encodings, NVFP4
// divisors (float bits), MX fast flags and 2^-k (float bits). plan_chunk reads `blocks`
// whole blocks in memory (or one zero-padded copy); the other lanes are unused.
template <class Isa, class Codec>
struct chunk_plans {
  static constexpr std::size_t width = sizeof(typename Isa::lanes) / sizeof(float);
  std::uint32_t scale[width], divisor[width], fast[width];
  float inverse[width];  // (a float, so that each block broadcasts it straight from memory)
};
template <class Isa, class Codec, rounding Mode>
LOWP_ALWAYS_INLINE void plan_chunk(const Codec& codec, const float* in, std::size_t blocks,
                                   chunk_plans<Isa, Codec>& out) noexcept {
  using lanes = typename Isa::lanes;
  constexpr std::size_t width = chunk_plans<Isa, Codec>::width;
  constexpr std::size_t registers = Codec::block / width;
  // MX in a mode where tiny products round as the quotients do needs no smallest magnitude.
  constexpr bool track_least =
      Codec::power_of_two_scale && !tiny_products_round_to_zero<typename Codec::element_format, Mode>;
  lanes largest[width], least[width];
  for (std::size_t j = 0; j < width; ++j) {
    lanes m{}, l = lanes{} + binary32::magnitude_mask;
    for (std::size_t r = 0; r < registers && j < blocks; ++r) {
      lanes u;
      std::memcpy(&u, in + j * Codec::block + r * width, sizeof u);
      const lanes a = u & binary32::magnitude_mask;
      if (r == 0) {
        m = a;
      } else {
        lanes_max(m, a, m);
      }
      // |x| - 1, with 0 going to 2^31 - 1 (above every nonzero magnitude less one).
      if constexpr (track_least) lanes_min(l, lanes((a - 1u) & binary32::magnitude_mask), l);
    }
    largest[j] = m;
    least[j] = l;
  }
  reduce_rows<width, true>(largest);
  lanes scale{}, divisor{}, fast{}, inverse{};
  codec.scale_lanes(largest[0], scale, divisor);
  if constexpr (Codec::power_of_two_scale) {
    if constexpr (track_least) reduce_rows<width, false>(least);
    mx_fast_lanes(scale, least[0], fast, inverse);
  }
  std::memcpy(out.scale, &scale, sizeof scale);
  std::memcpy(out.divisor, &divisor, sizeof divisor);
  std::memcpy(out.fast, &fast, sizeof fast);
  std::memcpy(out.inverse, &inverse, sizeof inverse);
}

// Whether a kernel rounds a whole MX block on 16-bit lanes (simd/block_lanes.hpp): AVX-512
// (AVX2 has no 16-bit variable shifts, which the engine's rounding needs).
template <class Isa, class Codec>
constexpr bool rounds_blocks_on_word_lanes =
    std::is_same<Isa, avx512_isa>::value && Codec::power_of_two_scale && Codec::block == 32;

// Whether the AVX2 kernel rounds a whole MX block of 4-bit elements by byte lookups of
// the engine's table (simd/block_lanes.hpp), in this mode.
template <class Isa, class Codec, rounding Mode>
constexpr bool rounds_blocks_by_byte_table() noexcept {
  using F = typename Codec::element_format;
  if constexpr (std::is_same<Isa, avx2_isa>::value && Codec::power_of_two_scale && Codec::block == 32 &&
                lowp::detail::packs_two_per_byte<F>) {  // table_nibbles writes packed nibbles
    return element_table_serves<F, Mode>() && element_table_symmetric<F, Mode>();
  } else {
    return false;
  }
}

// One block's elements under its plan (and, MX, whether it takes the multiplication by
// 2^-k, inverse_bits), of which the first `count` are stored.
template <class Isa, class Codec, rounding Mode>
LOWP_ALWAYS_INLINE void block_elements(const Codec& codec, const float* in, std::size_t count,
                                       const lowp::detail::block_plan& p, bool multiply, const float& inverse_scale,
                                       std::uint8_t* elements) noexcept {
  using lanes = typename Isa::lanes;
  using F = typename Codec::element_format;
  constexpr std::size_t width = sizeof(lanes) / sizeof(float);
  constexpr std::size_t groups = Codec::block / 16;  // 16 elements: Isa::parts registers
  constexpr std::size_t group_bytes = lowp::detail::element_bytes<F>(16);
  lanes u[groups][Isa::parts];
  for (std::size_t g = 0; g < groups; ++g) {
    for (int k = 0; k < Isa::parts; ++k) {
      std::memcpy(&u[g][k], in + g * 16 + static_cast<std::size_t>(k) * width, sizeof(lanes));
    }
  }
  // MX blocks whose quotients are all normal floats (mx_fast_lanes): x / 2^k is one exact
  // float multiplication by 2^-k, the bits scale_down_lanes gives (tests/blocks compares
  // every path with the portable one).
  if constexpr (rounds_blocks_on_word_lanes<Isa, Codec>) {
    if (multiply) {  // the whole block in one register of 16-bit lanes (simd/block_lanes.hpp)
      lanes q0, q1;
      lowp::detail::multiply_float_bits(u[0][0], inverse_scale, 1.0f, q0);
      lowp::detail::multiply_float_bits(u[1][0], inverse_scale, 1.0f, q1);
      u16x32 r;
      if constexpr (element_table_serves<F, Mode>()) {
        table_elements<F, Mode>(q0, q1, r);
      } else {
        u16x32 h;
        bf16_round_to_odd(q0, q1, h);
        lowp::detail::round_binary_lanes<F, bf16_lane_format>(h, Mode, overflow::saturate, r);
      }
      const std::size_t bytes = lowp::detail::element_bytes<F>(count);
      if constexpr (lowp::detail::packs_two_per_byte<F>) {
        u8x16 packed;
        nibbles_in_order(r, packed);
        std::memcpy(elements, &packed, bytes);
      } else {
        u8x32 codes;
        codes_in_order(r, codes);
        std::memcpy(elements, &codes, bytes);
      }
      return;
    }
  }
  if constexpr (rounds_blocks_by_byte_table<Isa, Codec, Mode>()) {
    if (multiply) {  // the whole block by vpshufb lookups (simd/block_lanes.hpp)
      u32x8 q[4];
      for (std::size_t g = 0; g < groups; ++g) {
        for (int k = 0; k < Isa::parts; ++k) {
          lowp::detail::multiply_float_bits(u[g][k], inverse_scale, 1.0f, q[g * 2 + static_cast<std::size_t>(k)]);
        }
      }
      u8x16 packed;
      table_nibbles<F, Mode>(q, packed);
      std::memcpy(elements, &packed, lowp::detail::element_bytes<F>(count));
      return;
    }
  }
  for (std::size_t g = 0; g < groups && g * 16 < count; ++g) {
    lanes r[Isa::parts];
    for (int k = 0; k < Isa::parts; ++k) {
      if (multiply) {
        lanes q;
        lowp::detail::multiply_float_bits(u[g][k], inverse_scale, 1.0f, q);
        lowp::detail::round_binary_lanes<F, binary32>(q, Mode, overflow::saturate, r[k]);
      } else {
        codec.element(u[g][k], p, Mode, r[k]);
      }
    }
    u8x16 codes;
    Isa::narrow_u8(r, codes);
    const std::size_t left = count - g * 16;
    const std::size_t bytes = left >= 16 ? group_bytes : lowp::detail::element_bytes<F>(left);
    if constexpr (lowp::detail::packs_two_per_byte<F>) {
      u8x8 packed;
      pack_nibbles(codes, packed);
      std::memcpy(elements + g * group_bytes, &packed, bytes);
    } else {
      std::memcpy(elements + g * group_bytes, &codes, bytes);
    }
  }
}

// ---- Elements widened through float16 ----
//
// An element format of at most 5 exponent bits and 10 mantissa bits sits inside float16's
// fields: its magnitude shifted left by 10 - M is a float16 encoding, and since the
// exponent field moves unchanged, the float16 value is the element's times
// 2^(bias - 15), subnormals included (both grids scale alike). F16C's vcvtph2ps then
// widens 8 or 16 of them exactly in one instruction, where widen_lanes takes a dozen
// integer operations. The 2^(bias - 15) comes back in the scale: (v * 2^(bias - 15)) *
// (f * 2^(15 - bias)) is v * f, rounded once, whenever f * 2^(15 - bias) is exact
// (checked per block: it overflows for the largest MX scales). A 5-bit exponent field
// reaches float16's all-ones field, so it must mean what float16's means (IEEE
// specials); F's NaNs and infinities are asked of the traits and become float16's, so a
// format whose specials sit elsewhere (E4M3FN's all-ones magnitude, an fnuz's -0) widens
// to NaN as widen_lanes does.
using half_format = format<5, 10>;
template <class F>
constexpr bool widens_through_half = F::is_signed && F::has_zero && F::total_bits <= 8 &&
                                     F::exponent_bits <= half_format::exponent_bits &&
                                     F::mantissa_bits <= half_format::mantissa_bits &&
                                     (F::exponent_bits < half_format::exponent_bits ||
                                      F::special_values == specials::ieee);

// 16 element codes (one a byte) as the float16 encodings of their values times
// 2^(bias - 15).
template <class F>
LOWP_ALWAYS_INLINE void half_encodings(const u8x16& codes, u16x16& out) noexcept {
  using H = half_format;
  using lowp::detail::splat;
  static_assert(widens_through_half<F>, "F fits float16's fields");
  const u16x16 w = __builtin_convertvector(codes, u16x16);
  u16x16 h = u16x16((w & F::magnitude_mask) << (H::mantissa_bits - F::mantissa_bits)) |
             u16x16((w & F::sign_mask) << (H::total_bits - F::total_bits));
  if constexpr (F::has_nan) {
    lane_traits<u16x16>::mask nan;
    lowp::detail::nan_lanes<F>(w, nan);
    h = nan ? splat<u16x16, H::quiet_nan_bits> : h;
  }
  if constexpr (F::has_infinity) {
    lane_traits<u16x16>::mask infinite;
    lowp::detail::infinity_lanes<F>(w, infinite);
    h = infinite ? u16x16((h & H::sign_mask) | H::infinity_bits) : h;
  }
  out = h;
}

// Where dequantize_block's registers go: to memory with regular stores (the first `count`
// floats of the block).
template <class Isa>
struct store_floats {
  float* dst;
  std::size_t count;
  LOWP_ALWAYS_INLINE void put(std::size_t g, const typename Isa::lanes (&r)[Isa::parts]) const noexcept {
    using lanes = typename Isa::lanes;
    constexpr std::size_t width = sizeof(lanes) / sizeof(float);
    const std::size_t left = count - g * 16;
    if (left >= 16) {
      for (int k = 0; k < Isa::parts; ++k) std::memcpy(dst + g * 16 + static_cast<std::size_t>(k) * width, &r[k], sizeof(lanes));
    } else {
      std::memcpy(dst + g * 16, &r, left * sizeof(float));
    }
  }
};

// What a block's dequantization multiplies by, and how (dequantize_block):
//   f, g           the codec's two factors (element * f) * g;
//   f_half         f * 2^(15 - bias), for elements widened through float16;
//   through_half   F widens through float16 and f_half is exact (a NaN factor compares
//                  unequal and takes widen_lanes);
//   plain          f_half and g finite and nonzero: through float16, F's NaNs are
//                  float16's positive quiet NaN, which vcvtph2ps widens to float's default
//                  NaN and a multiplication by a finite nonzero factor passes on unchanged
//                  (x86 returns the NaN operand), and F's infinities stay infinite, so the
//                  only NaN is the default one and no fix-up is needed;
//   finite         F has no NaN or infinity and f, g are finite: widen_lanes's products
//                  are never NaN either.
struct block_factors {
  float f, f_half, g;
  bool through_half, plain, finite;
};

// The factors of 16 consecutive blocks, worked out on vectors from their scales (one
// lane each) rather than block by block on scalars, which cost as much as the elements
// for NVFP4's blocks of 16.
struct chunk_factors {
  static constexpr std::size_t size = 16;
  float f[size], f_half[size], g;
  std::int32_t through_half[size], plain[size], finite[size];
  LOWP_ALWAYS_INLINE block_factors block(std::size_t j) const noexcept {
    return block_factors{f[j], f_half[j], g, through_half[j] != 0, plain[j] != 0, finite[j] != 0};
  }
};

LOWP_ALWAYS_INLINE void half_factor_lanes(const u32x8& f, float up, float down, u32x8& f_half, u32x8& exact) noexcept {
  const f32x8 x = (f32x8)f, h = x * up;
  f_half = (u32x8)h;
  exact = (u32x8)(h * down == x) & 1u;
}
LOWP_ALWAYS_INLINE void half_factor_lanes(const u32x16& f, float up, float down, u32x16& f_half,
                                          u32x16& exact) noexcept {
  const f32x16 x = (f32x16)f, h = x * up;
  f_half = (u32x16)h;
  exact = (u32x16)(h * down == x) & 1u;
}

template <class F>
constexpr float half_up = static_cast<float>(lowp::detail::exp2i(half_format::bias - F::bias));
template <class F>
constexpr float half_down = static_cast<float>(lowp::detail::exp2i(F::bias - half_format::bias));

// The factors of the blocks of scales[0, count), count <= 16 (a chunk's last blocks
// are padded with copies of the first scale, whose factors go unused).
template <class Isa, class Codec>
LOWP_ALWAYS_INLINE void factors_of_chunk(const Codec& codec, const typename Codec::scale_type* scales,
                                         std::size_t count, chunk_factors& out) noexcept {
  using lanes = typename Isa::lanes;
  using S = lowp::detail::signed_lanes_t<lanes>;
  using F = typename Codec::element_format;
  using SF = typename Codec::scale_type::format_type;
  constexpr std::size_t width = sizeof(lanes) / sizeof(float);
  constexpr std::uint32_t infinity = binary32::infinity_bits;
  float f0 = 0.0f;
  codec.factors(scales[0].bits(), f0, out.g);  // g is the same for every block
  const std::uint32_t g_magnitude = lowp::detail::magnitude_bits(out.g);
  const std::uint32_t g_finite = g_magnitude < infinity ? 1u : 0u;
  const std::uint32_t g_plain = g_finite & (g_magnitude != 0 ? 1u : 0u);
  static_assert(sizeof(typename Codec::scale_type) == 1, "one byte a scale");
  u8x16 codes;
  if (count == chunk_factors::size) {
    std::memcpy(&codes, scales, sizeof codes);
  } else {
    codes = u8x16{} + scales[0].bits();
    std::memcpy(&codes, scales, count);
  }
  lanes bits[Isa::parts];
  Isa::widen_u8(codes, bits);
  for (int k = 0; k < Isa::parts; ++k) {
    lanes f, f_half, exact;
    lowp::detail::widen_float_bits<SF>(bits[k], f);
    half_factor_lanes(f, half_up<F>, half_down<F>, f_half, exact);
    // (Facts as 0/1 lanes: GCC expands combined vector masks lane by lane.)
    const S infinite = S{} + static_cast<std::int32_t>(infinity);
    const lanes f_finite = S(lanes(f & binary32::magnitude_mask)) < infinite ? lanes{} + 1u : lanes{};
    const lanes h_magnitude = f_half & binary32::magnitude_mask;
    const lanes h_finite = S(h_magnitude) < infinite ? lanes{} + 1u : lanes{};
    const lanes h_nonzero = S(h_magnitude) != S{} ? lanes{} + 1u : lanes{};
    const lanes through = widens_through_half<F> ? exact : lanes{};
    const lanes plain = h_finite & h_nonzero & g_plain;
    const lanes finite = !F::has_nan && !F::has_infinity ? lanes(f_finite & g_finite) : lanes{};
    const std::size_t at = static_cast<std::size_t>(k) * width;
    std::memcpy(out.f + at, &f, sizeof f);
    std::memcpy(out.f_half + at, &f_half, sizeof f_half);
    std::memcpy(out.through_half + at, &through, sizeof through);
    std::memcpy(out.plain + at, &plain, sizeof plain);
    std::memcpy(out.finite + at, &finite, sizeof finite);
  }
}

// One block's elements (a whole block in memory, or a zero-padded copy): the first
// `count` floats, 16 at a time, to sink.put(group, registers).
template <class Isa, class Codec, class Sink>
LOWP_ALWAYS_INLINE void dequantize_block(const std::uint8_t* elements, const block_factors& x, std::size_t count,
                                         Sink& sink) noexcept {
  using lanes = typename Isa::lanes;
  using F = typename Codec::element_format;
  constexpr std::size_t groups = Codec::block / 16;
  constexpr std::size_t group_bytes = lowp::detail::element_bytes<F>(16);
  for (std::size_t g = 0; g < groups && g * 16 < count; ++g) {
    u8x16 codes;
    if constexpr (lowp::detail::packs_two_per_byte<F>) {
      u8x8 bytes;
      std::memcpy(&bytes, elements + g * group_bytes, sizeof bytes);
      unpack_nibbles(bytes, codes);
    } else {
      std::memcpy(&codes, elements + g * group_bytes, sizeof codes);
    }
    lanes r[Isa::parts];
    if (x.through_half) {
      if constexpr (widens_through_half<F>) {
        u16x16 h;
        half_encodings<F>(codes, h);
        lanes value[Isa::parts];
        Isa::f16_to_f32(h, value);
        for (int k = 0; k < Isa::parts; ++k) {
          lanes product;
          lowp::detail::multiply_float_bits(value[k], x.f_half, x.g, product);
          if (x.plain) {
            r[k] = product;
          } else {
            lowp::detail::default_nan_lanes(product, r[k]);
          }
        }
      }
    } else {
      lanes bits[Isa::parts];
      Isa::widen_u8(codes, bits);
      for (int k = 0; k < Isa::parts; ++k) {
        if (x.finite) {
          lanes value;
          lowp::detail::widen_float_bits<F>(bits[k], value);
          lowp::detail::multiply_float_bits(value, x.f, x.g, r[k]);
        } else {
          lowp::detail::dequantize_lanes<F>(bits[k], x.f, x.g, r[k]);
        }
      }
    }
    sink.put(g, r);
  }
}

// Streaming the input: the first pass over a chunk takes the cache misses, and while the
// second pass rounds (from L1) no request for later lines is made, so the hardware
// prefetcher stalls with it. Each block's elements therefore ask for the block
// prefetch_distance bytes ahead (8 KiB, four AVX-512 MX chunks: 0.8-0.85x the time of no
// prefetch at 16M elements in bench/RESULTS.md's runs; 2 and 4 KiB gained less). A
// prefetch never faults, past the input's end included.
constexpr std::size_t prefetch_distance = 8192;
// (Inlined early, with no target attribute of its own: GCC 12's IPA otherwise finds a
// function of prefetches free of side effects and deletes its calls.)
LOWP_ALWAYS_INLINE void prefetch_ahead(const float* block, std::size_t bytes) noexcept {
  const char* ahead = reinterpret_cast<const char*>(block) + prefetch_distance;
  for (std::size_t line = 0; line < bytes; line += 64) _mm_prefetch(ahead + line, _MM_HINT_T0);
}

// A chunk of blocks (2 KiB of floats for MX on AVX-512, in L1) in two passes: the scales
// of all its blocks first (one register), then the elements block by block. Prefetch:
// the chunk lies in the caller's input (not in the zero-padded copy of a short tail).
template <class Isa, class Codec, rounding Mode, bool Prefetch>
LOWP_ALWAYS_INLINE void quantize_chunk(const Codec& codec, const float* in, std::size_t blocks, std::size_t last_count,
                                       std::uint8_t* elements, typename Codec::scale_type* scales) noexcept {
  using F = typename Codec::element_format;
  constexpr std::size_t B = Codec::block;
  chunk_plans<Isa, Codec> plans;
  plan_chunk<Isa, Codec, Mode>(codec, in, blocks, plans);
  for (std::size_t j = 0; j < blocks; ++j) {
    scales[j] = Codec::scale_type::from_bits(static_cast<typename Codec::scale_type::storage_type>(plans.scale[j]));
  }
  for (std::size_t j = 0; j < blocks; ++j) {
    if constexpr (Prefetch) prefetch_ahead(in + j * B, B * sizeof(float));
    block_elements<Isa, Codec, Mode>(codec, in + j * B, j + 1 == blocks ? last_count : B,
                                     codec.plan_from(plans.scale[j], plans.divisor[j]), plans.fast[j] != 0,
                                     plans.inverse[j], elements + lowp::detail::element_bytes<F>(j * B));
  }
}

template <class Isa, class Codec, rounding Mode>
LOWP_ALWAYS_INLINE void quantize_loop(const Codec& codec, const float* src, std::size_t n, std::uint8_t* elements,
                                      typename Codec::scale_type* scales) noexcept {
  using F = typename Codec::element_format;
  constexpr std::size_t B = Codec::block;
  constexpr std::size_t chunk = chunk_plans<Isa, Codec>::width;
  const std::size_t whole = n / B;
  for (std::size_t b0 = 0; b0 < whole; b0 += chunk) {
    const std::size_t blocks = whole - b0 < chunk ? whole - b0 : chunk;
    quantize_chunk<Isa, Codec, Mode, true>(codec, src + b0 * B, blocks, B,
                                           elements + lowp::detail::element_bytes<F>(b0 * B), scales + b0);
  }
  if (whole * B < n) {
    float padded[B] = {};
    const std::size_t count = n - whole * B;
    std::memcpy(padded, src + whole * B, count * sizeof(float));
    quantize_chunk<Isa, Codec, Mode, false>(codec, padded, 1, count,
                                            elements + lowp::detail::element_bytes<F>(whole * B), scales + whole);
  }
}

// dequantize_whole_blocks: blocks [b0, b0 + blocks), each to sinks.at(j) (j counted from
// b0), with the factors of 16 blocks at a time worked out together.
template <class Isa, class Codec, class Sinks>
LOWP_ALWAYS_INLINE void dequantize_whole_blocks(const Codec& codec, const std::uint8_t* elements,
                                                const typename Codec::scale_type* scales, std::size_t b0,
                                                std::size_t blocks, Sinks& sinks) noexcept {
  using F = typename Codec::element_format;
  constexpr std::size_t B = Codec::block;
  constexpr std::size_t C = chunk_factors::size;
  chunk_factors factors;
  for (std::size_t j = 0; j < blocks; j += C) {
    const std::size_t here = blocks - j < C ? blocks - j : C;
    factors_of_chunk<Isa, Codec>(codec, scales + b0 + j, here, factors);
    for (std::size_t i = 0; i < here; ++i) {
      dequantize_block<Isa, Codec>(elements + lowp::detail::element_bytes<F>((b0 + j + i) * B), factors.block(i), B,
                                   sinks.at(j + i));
    }
  }
}

// Regular stores of whole blocks to consecutive places.
template <class Isa, std::size_t B>
struct block_stores {
  float* out;
  store_floats<Isa> sink;
  LOWP_ALWAYS_INLINE store_floats<Isa>& at(std::size_t j) noexcept {
    sink = store_floats<Isa>{out + j * B, B};
    return sink;
  }
};

// dequantize_range: elements [first, first + count) (first a multiple of the block size)
// into out[0, count); a short last block is read from a zero-padded copy.
template <class Isa, class Codec>
LOWP_ALWAYS_INLINE void dequantize_range(const Codec& codec, const std::uint8_t* elements,
                                         const typename Codec::scale_type* scales, std::size_t first,
                                         std::size_t count, float* out) noexcept {
  using F = typename Codec::element_format;
  constexpr std::size_t B = Codec::block;
  const std::size_t whole = count / B;
  block_stores<Isa, B> stores{out, {}};
  dequantize_whole_blocks<Isa, Codec>(codec, elements, scales, first / B, whole, stores);
  const std::size_t i = whole * B;
  if (i < count) {
    std::uint8_t padded[B] = {};
    std::memcpy(padded, elements + lowp::detail::element_bytes<F>(first + i), lowp::detail::element_bytes<F>(count - i));
    chunk_factors factors;
    factors_of_chunk<Isa, Codec>(codec, scales + (first + i) / B, 1, factors);
    store_floats<Isa> sink{out + i, count - i};
    dequantize_block<Isa, Codec>(padded, factors.block(0), count - i, sink);
  }
}

// Outputs of at least this many floats (4 MiB, more than a core's L2 on the Xeons this was
// measured on) are written past the caches: a regular store first reads the line it fills
// (read-for-ownership), which for a dequantizer's output, written once and far larger
// than the caches, is a third of the memory traffic (bench/RESULTS.md).
constexpr std::size_t stream_min_floats = std::size_t{1} << 20;

// The streaming writer: whole blocks through the ISA's line writer, a short last block
// with regular stores. Needs dst aligned to a float.
template <class Isa, class Codec>
LOWP_ALWAYS_INLINE void dequantize_streaming_lines(const Codec& codec, const std::uint8_t* elements,
                                                   const typename Codec::scale_type* scales, std::size_t n,
                                                   float* dst) noexcept {
  constexpr std::size_t B = Codec::block;
  const std::size_t whole = n / B;
  std::conditional_t<std::is_same<Isa, avx512_isa>::value, line_writer_avx512, line_writer_avx2> lines(dst);
  dequantize_whole_blocks<Isa, Codec>(codec, elements, scales, 0, whole, lines);
  lines.finish();
  if (whole * B < n) dequantize_range<Isa, Codec>(codec, elements, scales, whole * B, n - whole * B, dst + whole * B);
  _mm_sfence();  // the streamed lines are ordered before whatever the caller stores next
}

template <class Isa, class Codec>
LOWP_ALWAYS_INLINE void dequantize_loop(const Codec& codec, const std::uint8_t* elements,
                                        const typename Codec::scale_type* scales, std::size_t n, float* dst) noexcept {
  if (n >= stream_min_floats && reinterpret_cast<std::uintptr_t>(dst) % sizeof(float) == 0) {
    dequantize_streaming_lines<Isa, Codec>(codec, elements, scales, n, dst);
  } else {
    dequantize_range<Isa, Codec>(codec, elements, scales, 0, n, dst);
  }
}

template <class Codec, rounding Mode>
[[gnu::target("avx2,f16c"), gnu::flatten]] inline void quantize_blocks_avx2(const Codec& codec, const float* src,
                                                                             std::size_t n, std::uint8_t* elements,
                                                                             typename Codec::scale_type* scales) noexcept {
  quantize_loop<avx2_isa, Codec, Mode>(codec, src, n, elements, scales);
}
template <class Codec, rounding Mode>
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl"), gnu::flatten]] inline void quantize_blocks_avx512(
    const Codec& codec, const float* src, std::size_t n, std::uint8_t* elements,
    typename Codec::scale_type* scales) noexcept {
  quantize_loop<avx512_isa, Codec, Mode>(codec, src, n, elements, scales);
}
template <class Codec>
[[gnu::target("avx2,f16c"), gnu::flatten]] inline void dequantize_blocks_avx2(const Codec& codec,
                                                                               const std::uint8_t* elements,
                                                                               const typename Codec::scale_type* scales,
                                                                               std::size_t n, float* dst) noexcept {
  dequantize_loop<avx2_isa, Codec>(codec, elements, scales, n, dst);
}
template <class Codec>
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl"), gnu::flatten]] inline void dequantize_blocks_avx512(
    const Codec& codec, const std::uint8_t* elements, const typename Codec::scale_type* scales, std::size_t n,
    float* dst) noexcept {
  dequantize_loop<avx512_isa, Codec>(codec, elements, scales, n, dst);
}

}  // namespace simd
#endif  // LOWP_HAS_X86_DISPATCH

namespace detail {

// The path bulk convert uses (bulk_path(); set_bulk_path changes it), with the IEEE
// floating-point environment for the call on x86.
template <class Codec>
void quantize_blocks(const Codec& codec, const float* src, std::size_t n, std::uint8_t* elements,
                     typename Codec::scale_type* scales, rounding mode) noexcept {
  if (n == 0) return;
  const simd_path path = simd::active_path();
#if LOWP_HAS_X86_DISPATCH
  simd::ieee_mxcsr_scope ieee_environment;
#endif
  with_rounding(mode, overflow::saturate, [&](auto m, auto) {
    constexpr rounding M = decltype(m)::value;
#if LOWP_HAS_X86_DISPATCH
    if (path == simd_path::avx512 || path == simd_path::avx512bf16) {
      simd::quantize_blocks_avx512<Codec, M>(codec, src, n, elements, scales);
      return;
    }
    if (path == simd_path::avx2) {
      simd::quantize_blocks_avx2<Codec, M>(codec, src, n, elements, scales);
      return;
    }
#else
    (void)path;
#endif
    quantize_portable<Codec, M>(codec, src, n, elements, scales);
  });
}

template <class Codec>
void dequantize_blocks(const Codec& codec, const std::uint8_t* elements, const typename Codec::scale_type* scales,
                       std::size_t n, float* dst) noexcept {
  if (n == 0) return;
  const simd_path path = simd::active_path();
#if LOWP_HAS_X86_DISPATCH
  simd::ieee_mxcsr_scope ieee_environment;
  if (path == simd_path::avx512 || path == simd_path::avx512bf16) {
    simd::dequantize_blocks_avx512(codec, elements, scales, n, dst);
    return;
  }
  if (path == simd_path::avx2) {
    simd::dequantize_blocks_avx2(codec, elements, scales, n, dst);
    return;
  }
#else
  (void)path;
#endif
  dequantize_portable(codec, elements, scales, n, dst);
}

}  // namespace detail

// ---- The public functions (DESIGN.md, "Block-scaled formats") ----

// quantize_mx<Elem>(src, n, elements, scales, rule, mode): n floats as MX blocks of 32
// (the last may be shorter). elements: n bytes, or (n + 1) / 2 for float4_e2m1fn (element
// 2i in the low nibble of byte i); scales: (n + 31) / 32. Any alignment; no overlap.
template <class Elem>
void quantize_mx(const float* src, std::size_t n, std::uint8_t* elements, float8_e8m0fnu* scales,
                 scale_rule rule = scale_rule::floor, rounding mode = rounding::to_nearest_even) noexcept {
  static_assert(detail::is_mx_element<Elem>, "MX elements: float8_e4m3fn, float8_e5m2, float6_e2m3fn, "
                                              "float6_e3m2fn or float4_e2m1fn");
  detail::quantize_blocks(detail::mx_codec<Elem>{rule}, src, n, elements, scales, mode);
}

// dequantize_mx<Elem>(elements, scales, n, dst): element * scale rounded once to float; a
// NaN scale (0xFF) gives NaN for its whole block.
template <class Elem>
void dequantize_mx(const std::uint8_t* elements, const float8_e8m0fnu* scales, std::size_t n, float* dst) noexcept {
  static_assert(detail::is_mx_element<Elem>, "MX elements: float8_e4m3fn, float8_e5m2, float6_e2m3fn, "
                                              "float6_e3m2fn or float4_e2m1fn");
  detail::dequantize_blocks(detail::mx_codec<Elem>{scale_rule::floor}, elements, scales, n, dst);
}

// nvfp4_tensor_scale(amax): amax / (448 * 6) in float; 1 when amax is 0, negative, not
// finite, or so small that the quotient is 0 (see the header comment).
LOWP_HOST_DEVICE inline float nvfp4_tensor_scale(float amax) noexcept {
  const float e4m3_max = static_cast<float>(detail::max_finite_value<detail::nvfp4_scale_format>());
  const float e2m1_max = static_cast<float>(detail::max_finite_value<detail::nvfp4_element::format_type>());
  const bool usable = amax > 0.0f && detail::magnitude_bits(amax) < detail::binary32::infinity_bits;
  const float s = amax / (e4m3_max * e2m1_max);
  return usable && s > 0.0f ? s : 1.0f;
}

// quantize_nvfp4(src, n, tensor_scale, elements, scales, mode): blocks of 16 float4_e2m1fn
// (packed as MXFP4), one float8_e4m3fn scale each ((n + 15) / 16 of them).
inline void quantize_nvfp4(const float* src, std::size_t n, float tensor_scale, std::uint8_t* elements,
                           float8_e4m3fn* scales, rounding mode = rounding::to_nearest_even) noexcept {
  detail::quantize_blocks(detail::nvfp4_codec{tensor_scale}, src, n, elements, scales, mode);
}

// dequantize_nvfp4(elements, scales, tensor_scale, n, dst): element * block scale *
// tensor scale, float operations in that order.
inline void dequantize_nvfp4(const std::uint8_t* elements, const float8_e4m3fn* scales, float tensor_scale,
                             std::size_t n, float* dst) noexcept {
  detail::dequantize_blocks(detail::nvfp4_codec{tensor_scale}, elements, scales, n, dst);
}

}  // namespace lowp
