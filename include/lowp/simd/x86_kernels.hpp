// lowp/simd/x86_kernels.hpp — the x86 bulk kernels, written once over an instruction set.
//
// A kernel converts 16 elements at a time (one AVX-512 register of floats, two AVX2
// registers: the lane algorithms run on whole registers, Isa::lanes); the ends of an array
// go through the same block code (overlapping blocks, or a zero-padded buffer below 16
// elements, see convert_loop), so any n and any alignment take the same path. Each block
// uses a hardware instruction where one gives the engine's bits, and the exact lane
// algorithm of lanes.hpp where none does:
//
//   float -> float16   vcvtps2ph for nearest-even, downward, upward, toward zero.
//                      nearest-away: vcvtps2ph nearest-even on the input nudged one float
//                      ulp away from zero at exact ties whose nearest-even result would be
//                      the lower neighbour; blocks with |x| < 2^-14 (float16 subnormal
//                      results, where ties sit elsewhere) use the lane algorithm.
//                      saturate: the infinities the instruction produced become max finite.
//   float -> bfloat16  the lane algorithm (an add and a shift per lane), or on AVX512-BF16
//                      vcvtneps2bf16 for nearest-even, with blocks holding a nonzero float
//                      subnormal (which it flushes) redone by the lane algorithm.
//   float -> fp8       the lane algorithm.
//   double -> 16-bit   round to odd into float (exact information kept), then as float.
//   16-bit/fp8 -> float  vcvtph2ps (float16; float8_e5m2 is float16's top byte), or the
//                      lane algorithm (bfloat16, float8_e4m3fn).
//
// The entry points at the end carry each instruction set's target attribute and
// [[gnu::flatten]], which inlines everything below into them: no -march flag is needed.
#pragma once

#include "../config.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "../types.hpp"
#include "counting.hpp"
#include "lanes.hpp"
#include "x86_isa.hpp"

namespace lowp {
namespace simd {

// 16 encodings of F: u16x16 for the 16-bit formats, u8x16 for fp8.
template <class F>
using encoded16 = std::conditional_t<F::total_bits == 16, u16x16, u8x16>;


// vcvtps2ph's rounding immediate for Mode (nearest-away has none).
constexpr int f16c_rounding(rounding mode) noexcept {
  return mode == rounding::downward ? 1 : mode == rounding::upward ? 2 : mode == rounding::toward_zero ? 3 : 0;
}

// saturate applied after an instruction that rounds like IEEE: its infinities (from
// overflow or from infinite inputs) become max finite; NaN is left alone.
template <class F>
LOWP_ALWAYS_INLINE void saturate_infinities(u16x16& h) noexcept {
  static_assert(F::has_infinity && F::max_finite_bits == F::infinity_bits - 1, "IEEE-style format");
  s16x16 infinite;
  lowp::detail::infinity_lanes<F>(h, infinite);
  h = infinite ? h - 1 : h;  // +-inf -> +-max finite
}

// A block of 16 floats (as bits): Isa::parts registers of Isa::lanes.
template <class Isa>
using float_block = typename Isa::lanes[Isa::parts];

template <class Isa, class F, rounding Mode, overflow Policy>
LOWP_ALWAYS_INLINE void narrow_exact(const float_block<Isa>& u, encoded16<F>& out) noexcept {
  float_block<Isa> r;
  for (int k = 0; k < Isa::parts; ++k) narrow_lanes<F, Mode, Policy>(u[k], r[k]);
  if constexpr (F::total_bits == 16) {
    Isa::narrow_u16(r, out);
  } else {
    Isa::narrow_u8(r, out);
  }
}

// Whether any element of the block has a float magnitude in (0, limit). One comparison
// per register (a mask combined with another mask is expanded lane by lane on AVX-512,
// see counting.hpp): with the magnitude a < 2^31, a - 1 + 2^31 as a signed lane is below
// INT32_MIN + limit - 1 exactly when 0 < a < limit.
template <class Isa>
LOWP_ALWAYS_INLINE bool any_nonzero_below(const float_block<Isa>& u, std::int32_t limit) noexcept {
  using mask = typename Isa::mask;
  const std::int32_t bound = std::numeric_limits<std::int32_t>::min() + (limit - 1);
  for (int k = 0; k < Isa::parts; ++k) {
    const mask shifted = (mask)((u[k] & 0x7fffffffu) + 0x7fffffffu);
    if (Isa::any(shifted < bound)) return true;
  }
  return false;
}

// 16 floats rounded into F.
template <class Isa, class F, rounding Mode, overflow Policy>
LOWP_ALWAYS_INLINE void narrow_block(const float_block<Isa>& u, encoded16<F>& out) noexcept {
  using lanes = typename Isa::lanes;
  using mask = typename Isa::mask;
  if constexpr (hw_traits<F>::x86_f16c) {
    if constexpr (Mode != rounding::to_nearest_away) {
      Isa::template f32_to_f16<f16c_rounding(Mode)>(u, out);
    } else {
      // float16 subnormal results (|x| < 2^-14) have their ties elsewhere: exact path.
      if (any_nonzero_below<Isa>(u, 0x38800000)) {
        narrow_exact<Isa, F, Mode, Policy>(u, out);
        return;
      }
      // A normal float16 result drops the low 13 bits of the float: an exact tie has them
      // 0x1000, and a clear bit 13 means nearest-even would round down. Those inputs are
      // nudged one float ulp away from zero, which changes no other result (NaN payload
      // bits kept by the conversion are above bit 13).
      float_block<Isa> nudged;
      for (int k = 0; k < Isa::parts; ++k) nudged[k] = u[k] - (lanes)((mask)(u[k] & 0x3fffu) == 0x1000);
      Isa::template f32_to_f16<0>(nudged, out);
    }
    if constexpr (Policy == overflow::saturate) saturate_infinities<F>(out);
  } else if constexpr (hw_traits<F>::x86_avx512_bf16 && Isa::has_bf16_instruction &&
                       Mode == rounding::to_nearest_even) {
    // vcvtneps2bf16 flushes float subnormals (the only inputs whose bfloat16 result can
    // be subnormal, or the smallest normal from below): exact path for those blocks.
    if (any_nonzero_below<Isa>(u, 0x00800000)) {
      narrow_exact<Isa, F, Mode, Policy>(u, out);
      return;
    }
    Isa::f32_to_bf16_flushing(u, out);
    if constexpr (Policy == overflow::saturate) saturate_infinities<F>(out);
  } else {
    narrow_exact<Isa, F, Mode, Policy>(u, out);
  }
}

// 16 encodings of F widened to float bits.
template <class Isa, class F>
LOWP_ALWAYS_INLINE void widen_block(const encoded16<F>& in, float_block<Isa>& out) noexcept {
  if constexpr (hw_traits<F>::x86_f16c) {
    Isa::f16_to_f32(in, out);
  } else if constexpr (hw_traits<F>::x86_f16c_widen_high_bits) {
    // F is a float16's top byte (same exponent field, NaN rule included).
    static_assert(F::total_bits == 8, "a float16's top byte");
    u16x16 h;
    Isa::widen_u8_to_u16(in, h);
    Isa::f16_to_f32(h << 8, out);
  } else if constexpr (shares_float_exponents<F>) {
    // bfloat16: a float's top half. Quiet the NaNs (magnitude above 0x7f80) on the
    // encodings, 16 per register, then move them into place.
    s16x16 nan;
    lowp::detail::nan_lanes<F>(in, nan);
    const u16x16 quieted = nan ? in | F::quiet_bit : in;
    Isa::widen_u16_high(quieted, out);
  } else {
    float_block<Isa> bits;
    if constexpr (F::total_bits == 16) {
      Isa::widen_u16(in, bits);
    } else {
      Isa::widen_u8(in, bits);
    }
    for (int k = 0; k < Isa::parts; ++k) widen_lanes<F>(bits[k], out[k]);
  }
}

// One block: 16 elements from `in`, the first `count` results stored to `out`. Each
// register is loaded and stored on its own: one memcpy of the whole block can be split
// into narrower moves, which then stall on store forwarding.
template <class Isa, class From, class To, rounding Mode, overflow Policy>
LOWP_ALWAYS_INLINE void convert_block(const From* in, To* out, std::size_t count) noexcept {
  using lanes = typename Isa::lanes;
  constexpr std::size_t width = sizeof(lanes) / sizeof(float);
  constexpr std::size_t parts = Isa::parts;
  if constexpr (std::is_same<To, float>::value) {
    using F = typename From::format_type;
    float_block<Isa> r;
    if constexpr (hw_traits<F>::x86_f16c) {
      Isa::load_f16_to_f32(static_cast<const void*>(in), r);
    } else {
      encoded16<F> e;
      std::memcpy(&e, static_cast<const void*>(in), sizeof e);
      widen_block<Isa, F>(e, r);
    }
    if (count == 16) {
      for (std::size_t k = 0; k < parts; ++k) std::memcpy(out + k * width, &r[k], sizeof(lanes));
    } else {
      std::memcpy(out, &r, count * sizeof(float));
    }
  } else {
    using F = typename To::format_type;
    float_block<Isa> u;
    if constexpr (std::is_same<From, float>::value) {
      for (std::size_t k = 0; k < parts; ++k) std::memcpy(&u[k], in + k * width, sizeof(lanes));
    } else {
      Isa::round_to_odd(in, u);
    }
    encoded16<F> e;
    narrow_block<Isa, F, Mode, Policy>(u, e);
    std::memcpy(static_cast<void*>(out), &e, count * sizeof(To));
  }
}

// Fewer than 16 elements through the block code, from a zero-padded copy.
template <class Isa, class From, class To, rounding Mode, overflow Policy>
LOWP_ALWAYS_INLINE void convert_partial(const From* src, To* dst, std::size_t count) noexcept {
  From padded[16] = {};
  std::memcpy(static_cast<void*>(padded), static_cast<const void*>(src), count * sizeof(From));
  convert_block<Isa, From, To, Mode, Policy>(padded, dst, count);
}

// The loops: 16 elements per block. Sources are read and destinations written with
// memcpy: any alignment, and no lowp value is accessed through a pointer of another type.
//
// A block's stores cross a cache line whenever dst is not aligned to them: with 64-byte
// stores (AVX-512, float results) that is every block, and line-split stores cost about a
// third of the L2-resident throughput on the Xeon of bench/RESULTS.md. So when dst is
// aligned to its element size (as typed arrays are) but not to Isa::store_alignment
// (capped at a block's bytes), the first block is converted where it is and the loop
// continues from the first aligned element, converting a few elements twice; the last
// n % 16 are the last 16 elements, again overlapping. Each element's result depends on it
// alone, so the rewritten elements get the same bits. Arrays of fewer than 16 elements
// go through convert_partial.
template <class Isa, class From, class To, rounding Mode, overflow Policy>
LOWP_ALWAYS_INLINE void convert_loop(const From* src, To* dst, std::size_t n) noexcept {
  constexpr std::size_t lanes = 16;
  constexpr std::size_t block_bytes = lanes * sizeof(To);
  constexpr std::size_t align = Isa::store_alignment < block_bytes ? Isa::store_alignment : block_bytes;
  if (n < lanes) {
    convert_partial<Isa, From, To, Mode, Policy>(src, dst, n);
    return;
  }
  std::size_t i = 0;
  const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(static_cast<void*>(dst)) % align;
  if (align > 1 && misalignment != 0 && misalignment % sizeof(To) == 0) {
    convert_block<Isa, From, To, Mode, Policy>(src, dst, lanes);
    i = (align - misalignment) / sizeof(To);  // < lanes
  }
  for (; i + lanes <= n; i += lanes) convert_block<Isa, From, To, Mode, Policy>(src + i, dst + i, lanes);
  if (i < n) convert_block<Isa, From, To, Mode, Policy>(src + n - lanes, dst + n - lanes, lanes);
}

template <class Isa, class F, rounding Mode>
LOWP_ALWAYS_INLINE void count_register(const typename Isa::lanes& u, const count_thresholds& t,
                                       tallies<typename Isa::lanes>& c) noexcept {
  using lanes = typename Isa::lanes;
  lanes inexact;
  if constexpr (hw_traits<F>::x86_f16c) {
    // float16: exact when finite and truncating to float16 and back gives the same
    // magnitude bits (the sign bit is left out: tally_lanes wants inexact >= 0).
    lanes back, nonfinite;
    Isa::f16_truncate_roundtrip(u, back);
    nonfinite_bit(u & f32_magnitude_mask, nonfinite);
    inexact = ((back ^ u) & f32_magnitude_mask) | nonfinite;
  } else {
    inexact_lanes<F>(u, inexact);
  }
  tally_lanes<Mode>(u, inexact, t, c);
}

// check_conversion: one register at a time. The 32-bit tallies are added to the totals
// after every chunk of at most 2^24 registers, before they could wrap.
template <class Isa, class F, rounding Mode>
LOWP_ALWAYS_INLINE void count_loop(const float* src, std::size_t n, tallies<std::size_t>& total,
                                   std::size_t& lanes_counted) noexcept {
  using lanes = typename Isa::lanes;
  constexpr std::size_t width = sizeof(lanes) / sizeof(float);
  constexpr std::size_t chunk = width << 24;
  const count_thresholds& t = thresholds_for<F, Mode>();
  const std::size_t whole = n - n % width;
  for (std::size_t begin = 0; begin < whole; begin += chunk) {
    const std::size_t end = whole - begin < chunk ? whole : begin + chunk;
    tallies<lanes> c;
    for (std::size_t i = begin; i < end; i += width) {
      lanes u;
      std::memcpy(&u, src + i, sizeof u);
      count_register<Isa, F, Mode>(u, t, c);
    }
    add_tallies(c, total);
  }
  lanes_counted = whole;
  if (whole < n) {
    // Padding lanes hold 1.0: a normal value of every format, exact, neither zero nor an
    // overflow, so they change no statistic (zero would be inexact in E8M0, which has none).
    float tail[width];
    for (float& f : tail) f = 1.0f;
    std::memcpy(tail, src + whole, (n - whole) * sizeof(float));
    lanes u;
    std::memcpy(&u, tail, sizeof u);
    tallies<lanes> c;
    count_register<Isa, F, Mode>(u, t, c);
    add_tallies(c, total);
    lanes_counted += width;
  }
}

// Entry points, one per instruction set. Everything above is inlined into them.
template <class From, class To, rounding Mode, overflow Policy>
[[gnu::target("avx2,f16c"), gnu::flatten]] inline void convert_avx2(const From* src, To* dst,
                                                                      std::size_t n) noexcept {
  convert_loop<avx2_isa, From, To, Mode, Policy>(src, dst, n);
}
template <class F, rounding Mode>
[[gnu::target("avx2,f16c"), gnu::flatten]] inline void count_avx2(const float* src, std::size_t n,
                                                                    tallies<std::size_t>& total,
                                                                    std::size_t& lanes) noexcept {
  count_loop<avx2_isa, F, Mode>(src, n, total, lanes);
}

// Conversions whose block is one or two instructions per register (F16C either way, a
// float16's top byte, bfloat16's shift, and bfloat16's integer rounding where the CPU has
// no bfloat16 instruction) are bound by loads, stores and issue ports, not by arithmetic.
// On the AVX-512 Xeon of bench/RESULTS.md their 512-bit loops are faster than 256-bit ones
// while the data fits in L1 and 5-25% slower beyond it (the hand-written loops of
// bench/bulk_bench.cpp show the same), and the 512-bit vcvtph2ps is no faster than two
// 256-bit ones at any size. So the avx512 paths hand these conversions to the avx2 kernel
// beyond wide_block_limit bytes of input and output (dispatch.hpp's convert_on).
template <class Isa, class From, class To>
constexpr std::size_t wide_block_limit() noexcept {
  constexpr std::size_t always = ~std::size_t{0};
  constexpr std::size_t l1_resident = 32 * 1024;
  if constexpr (std::is_same<To, float>::value) {
    using F = typename From::format_type;
    if constexpr (hw_traits<F>::x86_f16c) return 0;
    return hw_traits<F>::x86_f16c_widen_high_bits || shares_float_exponents<F> ? l1_resident : always;
  } else if constexpr (std::is_same<From, float>::value) {
    using F = typename To::format_type;
    return hw_traits<F>::x86_f16c || (shares_float_exponents<F> && !Isa::has_bf16_instruction) ? l1_resident
                                                                                                : always;
  } else {
    return always;
  }
}

template <class From, class To, rounding Mode, overflow Policy>
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl"), gnu::flatten]] inline void convert_avx512(
    const From* src, To* dst, std::size_t n) noexcept {
  convert_loop<avx512_isa, From, To, Mode, Policy>(src, dst, n);
}
template <class F, rounding Mode>
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl"), gnu::flatten]] inline void count_avx512(
    const float* src, std::size_t n, tallies<std::size_t>& total, std::size_t& lanes) noexcept {
  count_loop<avx512_isa, F, Mode>(src, n, total, lanes);
}

template <class From, class To, rounding Mode, overflow Policy>
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl,avx512bf16"), gnu::flatten]] inline void convert_avx512bf16(
    const From* src, To* dst, std::size_t n) noexcept {
  convert_loop<avx512bf16_isa, From, To, Mode, Policy>(src, dst, n);
}

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
