// lowp/simd/block_lanes.hpp — 16-bit lanes for the block quantizer's AVX-512 kernel
// (blocks.hpp): one MX block of 32 elements rounded in one register.
//
// Rounding is the engine's (round.hpp's round_binary_lanes) on 32 lanes of 16 bits
// instead of 16 lanes of 32: the same instructions do twice the elements. The engine
// reads bfloat16 encodings there, made from the floats by rounding to odd: the top 16 bits
// of the float, with the last kept bit set when any bit below it was set. A number rounded
// to odd with p significand bits, then rounded once more in any mode into a format of at
// most p - 2 bits whose grid is coarser, gives what that one rounding of the number gives
// (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
// using rounding to odd", IEEE Trans. Computers 57(4), 2008; x86_isa.hpp's round_to_odd
// uses it for double -> float16). bfloat16 keeps p = 8 bits over float's whole exponent
// range; the MX element formats keep at most 4 (E4M3, E2M3), so every element is the one
// the engine gives for the float itself. tests/blocks compares this path with the
// independent reference in every mode.
#pragma once

#include <cstdint>

#include "../config.hpp"
#include "../detail/lane.hpp"
#include "../format.hpp"
#include "lanes.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>

namespace lowp {
namespace simd {

// The source format of the 16-bit lanes: bfloat16's (float's exponent, 7 mantissa bits).
using bf16_lane_format = format<8, 7>;

// Two registers of float bits (32 values) as bfloat16 rounded to odd, in vpackusdw's
// order: per 128-bit lane i, q0's floats 4i..4i+3 then q1's 4i..4i+3. The store functions
// below put the results back in element order.
// (Vector-extension operations rather than intrinsics where they do the same: GCC 12's
// unmasked AVX-512 shift and narrowing intrinsics warn -Wmaybe-uninitialized.)
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline void bf16_round_to_odd(const u32x16& q0, const u32x16& q1,
                                                                                      u16x32& h) noexcept {
  const u32x16 ha = q0 >> 16, hb = q1 >> 16;
  const u32x16 oa = (q0 & 0xffff) != 0 ? ha | 1 : ha;
  const u32x16 ob = (q1 & 0xffff) != 0 ? hb | 1 : hb;
  h = (u16x32)_mm512_packus_epi32((__m512i)oa, (__m512i)ob);  // every lane is below 2^16: no saturation
}

// The 32 element codes (each below 256, in bf16_round_to_odd's order) as 32 bytes in
// element order.
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline void codes_in_order(const u16x32& r, u8x32& out) noexcept {
  const u8x32 bytes = __builtin_convertvector(r, u8x32);  // 4-byte groups: q0 0..3, q1 0..3, q0 4..7, ...
  out = (u8x32)_mm256_permutevar8x32_epi32((__m256i)bytes, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
}

// The 32 element codes (each below 16, in bf16_round_to_odd's order) as 16 bytes of packed
// nibbles: element 2i in the low nibble of byte i.
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline void nibbles_in_order(const u16x32& r, u8x16& out) noexcept {
  const u32x16 pairs = (u32x16)r;  // each 32-bit lane: element 2j low, 2j + 1 high
  const u8x16 bytes = __builtin_convertvector(pairs | (pairs >> 12), u8x16);
  // 2-byte groups: q0 0..3, q1 0..3, q0 4..7, ... -> q0's eight bytes, then q1's.
  out = (u8x16)_mm_shuffle_epi8((__m128i)bytes, _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15));
}

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
