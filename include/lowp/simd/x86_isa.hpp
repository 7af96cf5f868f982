// lowp/simd/x86_isa.hpp — the few x86 instructions the bulk kernels use, per instruction set.
//
// Each struct is one instruction set: the block kernels in x86_kernels.hpp are written once
// over it. Only what differs between AVX2 and AVX-512 lives here, 16 lanes at a time:
//
//   f32_to_f16<Imm>   F16C vcvtps2ph: float -> binary16 with the rounding in Imm
//                     (0 nearest-even, 1 downward, 2 upward, 3 toward zero). IEEE exact,
//                     subnormals produced, NaN kept quiet with its top payload bits
//                     (Intel SDM, VCVTPS2PH) — lowp's NaN rule, which copies F16C.
//   f16_to_f32        F16C vcvtph2ps: exact; a signaling NaN becomes quiet.
//   narrow_u16/u8     the low 16/8 bits of each 32-bit lane (values already fit).
//   any               whether any lane of a mask is set.
//   round_to_odd      16 doubles -> the float bits of each rounded to odd (see below).
//   f32_to_bf16_flushing (AVX512-BF16 only) vcvtneps2bf16: nearest-even, NaN quiet, but
//                     float subnormal inputs are taken as zero and results flushed: the
//                     kernels redo any block holding a nonzero float subnormal exactly.
//
// The AVX-512 functions use the zero-masking intrinsics with a full mask: the same
// instructions, without GCC 12's _mm512_undefined_* (which warns -Wmaybe-uninitialized).
// AVX-512 inherits what it does not replace from AVX2: those instructions run on every
// AVX-512 CPU. Functions carry their own target attribute and are inlined into the
// per-instruction-set entry points of x86_kernels.hpp (which are [[gnu::flatten]]).
#pragma once

#include "../config.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>

#include <cstring>

#include "lanes.hpp"

namespace lowp {
namespace simd {

struct avx2_isa {
  static constexpr bool has_bf16_instruction = false;

  template <int Imm>
  [[gnu::target("avx2,f16c")]] static inline void f32_to_f16(const u32x16& u, u16x16& h) noexcept {
    __m256 lo, hi;
    std::memcpy(&lo, &u, 32);
    std::memcpy(&hi, reinterpret_cast<const char*>(&u) + 32, 32);
    const __m256i r = _mm256_set_m128i(_mm256_cvtps_ph(hi, Imm), _mm256_cvtps_ph(lo, Imm));
    std::memcpy(&h, &r, 32);
  }

  [[gnu::target("avx2,f16c")]] static inline void f16_to_f32(const u16x16& h, u32x16& u) noexcept {
    __m128i lo, hi;
    std::memcpy(&lo, &h, 16);
    std::memcpy(&hi, reinterpret_cast<const char*>(&h) + 16, 16);
    const __m256 a = _mm256_cvtph_ps(lo), b = _mm256_cvtph_ps(hi);
    std::memcpy(&u, &a, 32);
    std::memcpy(reinterpret_cast<char*>(&u) + 32, &b, 32);
  }

  [[gnu::target("avx2,f16c")]] static inline void narrow_u16(const u32x16& u, u16x16& h) noexcept {
    __m256i lo, hi;
    std::memcpy(&lo, &u, 32);
    std::memcpy(&hi, reinterpret_cast<const char*>(&u) + 32, 32);
    // packus works per 128-bit half; the permute puts the four 64-bit groups back in order.
    const __m256i r = _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xd8);
    std::memcpy(&h, &r, 32);
  }

  [[gnu::target("avx2,f16c")]] static inline void narrow_u8(const u32x16& u, u8x16& b) noexcept {
    u16x16 h;
    narrow_u16(u, h);
    __m128i lo, hi;
    std::memcpy(&lo, &h, 16);
    std::memcpy(&hi, reinterpret_cast<const char*>(&h) + 16, 16);
    const __m128i r = _mm_packus_epi16(lo, hi);
    std::memcpy(&b, &r, 16);
  }

  [[gnu::target("avx2,f16c")]] static inline bool any(const s32x16& m) noexcept {
    __m256i lo, hi;
    std::memcpy(&lo, &m, 32);
    std::memcpy(&hi, reinterpret_cast<const char*>(&m) + 32, 32);
    const __m256i both = _mm256_or_si256(lo, hi);
    return !_mm256_testz_si256(both, both);
  }

  // Double -> float rounded to odd: the truncated float, with its last bit set when the
  // conversion was inexact. Rounding that float once more (in any mode) into a format
  // with at least two fewer significand bits and a coarser grid — float16, bfloat16 —
  // gives the correctly rounded result of the double (Boldo & Melquiond, "Emulation of
  // FMA and correctly rounded sums: proved algorithms using rounding to odd", 2008).
  // Works whatever the MXCSR rounding mode: the converted value is stepped back toward
  // zero when it came out larger in magnitude than the double. NaN compares false to
  // everything and passes through with its payload truncated (what the engine keeps).
  [[gnu::target("avx2,f16c")]] static inline void round_to_odd(const double* src, u32x16& out) noexcept {
    const __m256d sign = _mm256_set1_pd(-0.0);
    const __m256i even_lanes = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    for (int k = 0; k < 4; ++k) {
      const __m256d d = _mm256_loadu_pd(src + 4 * k);
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
      const __m128i odd = _mm_or_si128(truncated, _mm_srli_epi32(inexact32, 31));
      std::memcpy(reinterpret_cast<char*>(&out) + 16 * k, &odd, 16);
    }
  }
};

struct avx512_isa : avx2_isa {
  template <int Imm>
  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void f32_to_f16(const u32x16& u,
                                                                                        u16x16& h) noexcept {
    __m512 x;
    std::memcpy(&x, &u, 64);
    const __m256i r = _mm512_maskz_cvtps_ph(0xffff, x, Imm);
    std::memcpy(&h, &r, 32);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void f16_to_f32(const u16x16& h,
                                                                                        u32x16& u) noexcept {
    __m256i x;
    std::memcpy(&x, &h, 32);
    const __m512 r = _mm512_maskz_cvtph_ps(0xffff, x);
    std::memcpy(&u, &r, 64);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void narrow_u16(const u32x16& u,
                                                                                        u16x16& h) noexcept {
    __m512i x;
    std::memcpy(&x, &u, 64);
    const __m256i r = _mm512_maskz_cvtepi32_epi16(0xffff, x);
    std::memcpy(&h, &r, 32);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline void narrow_u8(const u32x16& u,
                                                                                       u8x16& b) noexcept {
    __m512i x;
    std::memcpy(&x, &u, 64);
    const __m128i r = _mm512_maskz_cvtepi32_epi8(0xffff, x);
    std::memcpy(&b, &r, 16);
  }

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] static inline bool any(const s32x16& m) noexcept {
    __m512i x;
    std::memcpy(&x, &m, 64);
    return _mm512_test_epi32_mask(x, x) != 0;
  }
};

struct avx512bf16_isa : avx512_isa {
  static constexpr bool has_bf16_instruction = true;

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl,avx512bf16")]] static inline void f32_to_bf16_flushing(
      const u32x16& u, u16x16& h) noexcept {
    __m512 x;
    std::memcpy(&x, &u, 64);
    const __m256bh r = _mm512_cvtneps_pbh(x);
    std::memcpy(&h, &r, 32);
  }
};

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
