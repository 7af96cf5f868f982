// lowp/simd/x86_isa.hpp — the few x86 instructions the bulk kernels use, per instruction set.
//
// Each struct is one instruction set: the block kernels in x86_kernels.hpp are written once
// over it. Only what differs between AVX2 and AVX-512 lives here, 16 elements at a time
// (two 8-lane registers for AVX2, one 16-lane register for AVX-512):
//
//   f32_to_f16<Imm>   F16C vcvtps2ph: float -> binary16 with the rounding in Imm
//                     (0 nearest-even, 1 downward, 2 upward, 3 toward zero). IEEE exact,
//                     subnormals produced, NaN kept quiet with its top payload bits
//                     (Intel SDM, VCVTPS2PH) — lowp's NaN rule, which copies F16C.
//   f16_to_f32        F16C vcvtph2ps: exact; a signaling NaN becomes quiet
//                     (load_f16_to_f32: the same, reading 16 encodings from memory).
//   narrow_u16/u8     the low 16/8 bits of each 32-bit lane (values already fit).
//   widen_u16/u8      16-bit/8-bit values zero-extended to 32-bit lanes;
//   widen_u8_to_u16   ... bytes zero-extended to 16-bit lanes;
//   widen_u16_high    ... placed in the high half of the lanes (x << 16).
//   any               whether any lane of a mask is set.
//   f16_truncate_roundtrip  one register of floats through float16 (toward zero) and back.
//   round_to_odd      16 doubles -> the float bits of each rounded to odd (see below;
//                     AVX-512: eight doubles per register, k-masks for the fix-ups).
//   f32_to_bf16_flushing (AVX512-BF16 only) vcvtneps2bf16: nearest-even, NaN quiet, but
//                     float subnormal inputs are taken as zero and results flushed: the
//                     kernels redo any block holding a nonzero float subnormal exactly.
//
// Functions carry their own target attribute and are inlined into the
// per-instruction-set entry points of x86_kernels.hpp (which are [[gnu::flatten]]).
#pragma once

#include "../config.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>

#include <cstddef>
#include <cstring>

#include "lanes.hpp"

namespace lowp {
namespace simd {

// A block is 16 elements: `parts` vectors of `lanes` (32-bit lanes, one register each).
struct avx2_isa {
  using lanes = u32x8;
  using mask = s32x8;
  static constexpr int parts = 2;
  static constexpr bool has_bf16_instruction = false;
  // The destination boundary the conversion loops align their block stores to (bytes).
  static constexpr std::size_t store_alignment = 32;

  template <int Imm>
  [[gnu::target("avx2,f16c")]] static inline void f32_to_f16(const lanes (&u)[parts], u16x16& h) noexcept {
    h = (u16x16)_mm256_set_m128i(_mm256_cvtps_ph((__m256)u[1], Imm), _mm256_cvtps_ph((__m256)u[0], Imm));
  }

  // 16 float16 encodings read from memory and widened (the load folds into vcvtph2ps).
  [[gnu::target("avx2,f16c")]] static inline void load_f16_to_f32(const void* p, lanes (&u)[parts]) noexcept {
    u[0] = (lanes)_mm256_cvtph_ps(_mm_loadu_si128(static_cast<const __m128i*>(p)));
    u[1] = (lanes)_mm256_cvtph_ps(_mm_loadu_si128(static_cast<const __m128i*>(p) + 1));
  }

  // One register of floats truncated to float16 and widened back (exact iff unchanged).
  [[gnu::target("avx2,f16c")]] static inline void f16_truncate_roundtrip(const lanes& u, lanes& back) noexcept {
    back = (lanes)_mm256_cvtph_ps(_mm256_cvtps_ph((__m256)u, 3));
  }

  [[gnu::target("avx2,f16c")]] static inline void f16_to_f32(const u16x16& h, lanes (&u)[parts]) noexcept {
    const __m256i x = (__m256i)h;
    u[0] = (lanes)_mm256_cvtph_ps(_mm256_castsi256_si128(x));
    u[1] = (lanes)_mm256_cvtph_ps(_mm256_extracti128_si256(x, 1));
  }

  [[gnu::target("avx2,f16c")]] static inline void widen_u16(const u16x16& h, lanes (&u)[parts]) noexcept {
    const __m256i x = (__m256i)h;
    u[0] = (lanes)_mm256_cvtepu16_epi32(_mm256_castsi256_si128(x));
    u[1] = (lanes)_mm256_cvtepu16_epi32(_mm256_extracti128_si256(x, 1));
  }

  // 16-bit values placed in the high half of 32-bit lanes (x << 16), in order.
  [[gnu::target("avx2,f16c")]] static inline void widen_u16_high(const u16x16& h, lanes (&u)[parts]) noexcept {
    const __m256i x = _mm256_permute4x64_epi64((__m256i)h, 0xd8);  // unpack works per 128-bit half
    u[0] = (lanes)_mm256_unpacklo_epi16(_mm256_setzero_si256(), x);
    u[1] = (lanes)_mm256_unpackhi_epi16(_mm256_setzero_si256(), x);
  }

  // 16 bytes zero-extended to 16-bit lanes (one vpmovzxbw; GCC 12 splits the generic
  // __builtin_convertvector of u8x16 into two halves).
  [[gnu::target("avx2,f16c")]] static inline void widen_u8_to_u16(const u8x16& b, u16x16& h) noexcept {
    h = (u16x16)_mm256_cvtepu8_epi16((__m128i)b);
  }

  [[gnu::target("avx2,f16c")]] static inline void widen_u8(const u8x16& b, lanes (&u)[parts]) noexcept {
    const __m128i x = (__m128i)b;
    u[0] = (lanes)_mm256_cvtepu8_epi32(x);
    u[1] = (lanes)_mm256_cvtepu8_epi32(_mm_srli_si128(x, 8));
  }

  [[gnu::target("avx2,f16c")]] static inline void narrow_u16(const lanes (&u)[parts], u16x16& h) noexcept {
    // packus works per 128-bit half; the permute puts the four 64-bit groups back in order.
    h = (u16x16)_mm256_permute4x64_epi64(_mm256_packus_epi32((__m256i)u[0], (__m256i)u[1]), 0xd8);
  }

  [[gnu::target("avx2,f16c")]] static inline void narrow_u8(const lanes (&u)[parts], u8x16& b) noexcept {
    u16x16 h;
    narrow_u16(u, h);
    const __m256i x = (__m256i)h;
    b = (u8x16)_mm_packus_epi16(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
  }

  [[gnu::target("avx2,f16c")]] static inline bool any(const mask& m) noexcept {
    return !_mm256_testz_si256((__m256i)m, (__m256i)m);
  }

  // Double -> float rounded to odd: the truncated float, with its last bit set when the
  // conversion was inexact. Rounding that float once more (in any mode) into a format
  // with at least two fewer significand bits and a coarser grid — float16, bfloat16 —
  // gives the correctly rounded result of the double (Boldo & Melquiond, "Emulation of
  // FMA and correctly rounded sums: proved algorithms using rounding to odd", 2008).
  // Works whatever the MXCSR rounding mode: the converted value is stepped back toward
  // zero when it came out larger in magnitude than the double. NaN compares false to
  // everything and passes through with its payload truncated (what the engine keeps).
  [[gnu::target("avx2,f16c")]] static inline __m128i round_to_odd4(const double* src) noexcept {
    const __m256d sign = _mm256_set1_pd(-0.0);
    const __m256i even_lanes = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    const __m256d d = _mm256_loadu_pd(src);
    const __m128 f = _mm256_cvtpd_ps(d);
    const __m256d back = _mm256_cvtps_pd(f);
    const __m256d away = _mm256_cmp_pd(_mm256_andnot_pd(sign, back), _mm256_andnot_pd(sign, d), _CMP_GT_OQ);
    const __m256d inexact = _mm256_cmp_pd(back, d, _CMP_NEQ_OQ);
    // The 64-bit masks, narrowed to the 32-bit lanes of f.
    const __m128i away32 =
        _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(_mm256_castpd_si256(away), even_lanes));
    const __m128i inexact32 =
        _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(_mm256_castpd_si256(inexact), even_lanes));
    const __m128i truncated = _mm_add_epi32(_mm_castps_si128(f), away32);  // away is -1
    return _mm_or_si128(truncated, _mm_srli_epi32(inexact32, 31));
  }

  [[gnu::target("avx2,f16c")]] static inline void round_to_odd(const double* src, lanes (&out)[parts]) noexcept {
    out[0] = (lanes)_mm256_set_m128i(round_to_odd4(src + 4), round_to_odd4(src));
    out[1] = (lanes)_mm256_set_m128i(round_to_odd4(src + 12), round_to_odd4(src + 8));
  }
};

// The AVX-512 functions use the zero-masking intrinsics with a full mask: the same
// instructions, without GCC 12's _mm512_undefined_* (which warns -Wmaybe-uninitialized).
struct avx512_isa {
  using lanes = u32x16;
  using mask = s32x16;
  static constexpr int parts = 1;
  static constexpr bool has_bf16_instruction = false;
  static constexpr std::size_t store_alignment = 64;  // a cache line: one 64-byte store

  template <int Imm>
  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void f32_to_f16(const lanes (&u)[parts],
                                                                                        u16x16& h) noexcept {
    h = (u16x16)_mm512_maskz_cvtps_ph(0xffff, (__m512)u[0], Imm);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void load_f16_to_f32(
      const void* p, lanes (&u)[parts]) noexcept {
    u[0] = (lanes)_mm512_maskz_cvtph_ps(0xffff, _mm256_loadu_si256(static_cast<const __m256i*>(p)));
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void f16_truncate_roundtrip(
      const lanes& u, lanes& back) noexcept {
    back = (lanes)_mm512_maskz_cvtph_ps(0xffff, _mm512_maskz_cvtps_ph(0xffff, (__m512)u, 3));
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void f16_to_f32(const u16x16& h,
                                                                                        lanes (&u)[parts]) noexcept {
    u[0] = (lanes)_mm512_maskz_cvtph_ps(0xffff, (__m256i)h);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void widen_u16(const u16x16& h,
                                                                                       lanes (&u)[parts]) noexcept {
    u[0] = (lanes)_mm512_maskz_cvtepu16_epi32(0xffff, (__m256i)h);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void widen_u16_high(
      const u16x16& h, lanes (&u)[parts]) noexcept {
    u[0] = (lanes)_mm512_maskz_cvtepu16_epi32(0xffff, (__m256i)h) << 16;
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void widen_u8(const u8x16& b,
                                                                                      lanes (&u)[parts]) noexcept {
    u[0] = (lanes)_mm512_maskz_cvtepu8_epi32(0xffff, (__m128i)b);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void widen_u8_to_u16(const u8x16& b,
                                                                                             u16x16& h) noexcept {
    h = (u16x16)_mm256_cvtepu8_epi16((__m128i)b);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void narrow_u16(const lanes (&u)[parts],
                                                                                        u16x16& h) noexcept {
    h = (u16x16)_mm512_maskz_cvtepi32_epi16(0xffff, (__m512i)u[0]);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void narrow_u8(const lanes (&u)[parts],
                                                                                       u8x16& b) noexcept {
    b = (u8x16)_mm512_maskz_cvtepi32_epi8(0xffff, (__m512i)u[0]);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline bool any(const mask& m) noexcept {
    return _mm512_test_epi32_mask((__m512i)m, (__m512i)m) != 0;
  }

  // round_to_odd4's sequence on eight doubles, with k-masks: the converted float is
  // stepped back toward zero where it came out larger in magnitude than the double, and
  // gets its last bit set where the conversion was inexact (NaN compares unordered: it
  // keeps its truncated payload, as on the AVX2 path).
  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline __m256i round_to_odd8(
      const double* src) noexcept {
    const __mmask8 all = 0xff;
    const __m512d d = _mm512_loadu_pd(src);
    const __m256 f = _mm512_maskz_cvtpd_ps(all, d);
    const __m512d back = _mm512_maskz_cvtps_pd(all, f);
    const __mmask8 away = _mm512_cmp_pd_mask(_mm512_abs_pd(back), _mm512_abs_pd(d), _CMP_GT_OQ);
    const __mmask8 inexact = _mm512_cmp_pd_mask(back, d, _CMP_NEQ_OQ);
    const __m256i bits = _mm256_castps_si256(f);
    const __m256i truncated = _mm256_mask_sub_epi32(bits, away, bits, _mm256_set1_epi32(1));
    return _mm256_mask_or_epi32(truncated, inexact, truncated, _mm256_set1_epi32(1));
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void round_to_odd(const double* src,
                                                                                          lanes (&out)[parts]) noexcept {
    const u32x8 lo = (u32x8)round_to_odd8(src), hi = (u32x8)round_to_odd8(src + 8);
    out[0] = __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  }
};

struct avx512bf16_isa : avx512_isa {
  static constexpr bool has_bf16_instruction = true;

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl,avx512bf16")]] static inline void f32_to_bf16_flushing(
      const lanes (&u)[parts], u16x16& h) noexcept {
    const __m256bh r = _mm512_cvtneps_pbh((__m512)u[0]);
    std::memcpy(&h, &r, sizeof h);
  }
};

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
