// lowp/simd/block_lanes.hpp — whole MX blocks of 32 elements rounded at once for the block
// quantizer's x86 kernels (blocks.hpp): on 16-bit lanes by the engine (AVX-512), and, for
// elements small enough, by lookups in a table the engine fills (AVX-512 and AVX2; see
// "Elements from a table" below).
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
#include "../round.hpp"
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

// ---- Elements from a table the engine fills (the 4-bit elements) ----
//
// Where an element format is small enough, the engine's results for every class of
// quotient fit one table of 64 16-bit words, and one vpermi2w rounds a block of 32. A
// quotient q (float bits) is classed by
//   - its top M + 1 mantissa bits and one sticky bit for all below them: q rounded to odd
//     with M + 3 significant bits, which rounds into F (M + 1 bits) as q itself does, in
//     every mode (the round-to-odd theorem at the top of this file, with p = M + 3);
//   - its exponent, clamped to [lo, hi]: lo = F's smallest subnormal exponent - 2 (every
//     |q| < 2^(lo + 1) lies below half of F's smallest subnormal) and hi = F's largest
//     exponent + 1 (every |q| >= 2^hi lies above F's max finite). The engine is asked,
//     at compile time, whether every value of each clamped class and zero give one result
//     in the mode (element_table_serves); where not (the directed modes give the smallest
//     subnormal to tiny quotients), the engine runs on the lanes instead;
//   - its sign: each word holds the engine's element for the positive class value (low
//     byte) and for the negative one (high byte).
// Each entry is round_binary (round.hpp) of the class's smallest value, so the table
// states no rounding of its own; tests/blocks compares every class of quotient with the
// independent reference.
template <class F>
struct element_table_shape {
  static constexpr int kept = F::mantissa_bits + 2;  // mantissa bits in the index, the sticky one last
  static constexpr int lo = F::min_subnormal_exponent - 2;
  static constexpr int hi = F::max_exponent + 1;
  static constexpr int classes = hi - lo + 1;
  static constexpr bool fits = F::total_bits <= 8 && lo + binary32::bias >= 1 && (classes << kept) <= 64;
  static constexpr std::uint32_t lo_field = static_cast<std::uint32_t>(fits ? lo + binary32::bias : 1);
  static constexpr int drop = binary32::mantissa_bits - kept;  // float bits below the index
  static constexpr std::uint32_t sign_bit = 1u << (8 + kept);  // in the 16-bit lanes
};

template <class F, rounding Mode>
constexpr std::uint32_t engine_element(std::uint32_t float_bits) noexcept {
  return lowp::detail::round_binary<F, binary32>(float_bits, Mode, overflow::saturate);
}

// Whether the clamped classes round alike in Mode: the largest float below 2^(lo + 1)
// rounds as zero does, and 2^hi as float's max does (rounding is monotone), each sign.
template <class F, rounding Mode>
constexpr bool element_table_serves() noexcept {
  using T = element_table_shape<F>;
  if constexpr (!T::fits) {
    return false;
  } else {
    constexpr std::uint32_t below = ((T::lo_field + 1) << binary32::mantissa_bits) - 1;
    constexpr std::uint32_t top = (T::lo_field + static_cast<std::uint32_t>(T::classes) - 1)
                                  << binary32::mantissa_bits;
    bool alike = true;
    const std::uint32_t signs[] = {0u, binary32::sign_mask};
    for (const std::uint32_t sign : signs) {
      alike = alike && engine_element<F, Mode>(sign | below) == engine_element<F, Mode>(sign) &&
              engine_element<F, Mode>(sign | top) == engine_element<F, Mode>(sign | binary32::max_finite_bits);
    }
    return alike;
  }
}

template <class F, rounding Mode>
struct element_table {
  alignas(64) std::uint16_t word[64];
};
template <class F, rounding Mode>
constexpr element_table<F, Mode> make_element_table() noexcept {
  using T = element_table_shape<F>;
  element_table<F, Mode> t{};
  for (std::uint32_t i = 0; i < 64; ++i) {
    std::uint32_t c = i >> T::kept;
    c = c < static_cast<std::uint32_t>(T::classes) ? c : static_cast<std::uint32_t>(T::classes) - 1;  // unused
    const std::uint32_t value = ((T::lo_field + c) << binary32::mantissa_bits) | ((i & ((1u << T::kept) - 1)) << T::drop);
    t.word[i] = static_cast<std::uint16_t>(engine_element<F, Mode>(value) |
                                           (engine_element<F, Mode>(binary32::sign_mask | value) << 8));
  }
  return t;
}
template <class F, rounding Mode>
inline constexpr element_table<F, Mode> element_table_v = make_element_table<F, Mode>();

// A constant the compiler must keep as a value: GCC 12 otherwise builds each 16-bit
// broadcast constant again in every block from a general register (mov + vpbroadcastw, a
// port-5 shuffle each), and port 5 (the packs, the permutation, the shuffles) is what the
// table lookups wait on. As the output of an empty asm the constant is computed once, out
// of the loop, and kept in a register or reloaded from the stack.
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline __m512i kept(__m512i v) noexcept {
  __asm__("" : "+v"(v));
  return v;
}


// table_elements<F, Mode>(q0, q1, r): the elements of two registers of quotients (float
// bits), in bf16_round_to_odd's order, in the low byte of each 16-bit lane (the high
// byte below 16).
template <class F, rounding Mode>
[[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] inline void table_elements(const u32x16& q0, const u32x16& q1,
                                                                                   u16x32& r) noexcept {
  using T = element_table_shape<F>;
  static_assert(element_table_serves<F, Mode>(), "the table serves this format and mode");
  constexpr std::uint32_t below = (1u << T::drop) - 1;
  const u32x16 ta = q0 >> T::drop, tb = q1 >> T::drop;
  const u32x16 oa = (q0 & below) != 0 ? ta | 1 : ta;
  const u32x16 ob = (q1 & below) != 0 ? tb | 1 : tb;
  const __mmask32 all = ~__mmask32{0};
  const __m512i h = _mm512_packus_epi32((__m512i)oa, (__m512i)ob);  // below 2^13: no saturation
  const __m512i magnitude = _mm512_maskz_and_epi32(0xffff, h, kept(_mm512_set1_epi16(static_cast<short>(T::sign_bit - 1))));
  const __m512i shifted =
      _mm512_maskz_subs_epu16(all, magnitude, kept(_mm512_set1_epi16(static_cast<short>(T::lo_field << T::kept))));
  const __m512i index = _mm512_maskz_min_epu16(
      all, shifted, kept(_mm512_set1_epi16(static_cast<short>(((T::classes - 1) << T::kept) | ((1 << T::kept) - 1)))));
  const element_table<F, Mode>& table = element_table_v<F, Mode>;
  const __m512i words = _mm512_maskz_permutex2var_epi16(all, _mm512_load_si512(table.word), index,
                                                        _mm512_load_si512(table.word + 32));
  const __mmask32 negative = _mm512_test_epi16_mask(h, kept(_mm512_set1_epi16(static_cast<short>(T::sign_bit))));
  r = (u16x32)_mm512_mask_srli_epi16(words, negative, words, 8);
}

// AVX2 has no word permutation: the table is looked up 16 bytes at a time (vpshufb), by
// magnitude, and the sign joins afterwards. That needs each negative class's element to
// be its positive one with F's sign bit set, which the engine is asked for every entry.
template <class F, rounding Mode>
constexpr bool element_table_symmetric() noexcept {
  bool symmetric = true;
  const element_table<F, Mode>& t = element_table_v<F, Mode>;
  for (std::uint32_t i = 0; i < 64; ++i) {
    symmetric = symmetric && (t.word[i] >> 8) == ((t.word[i] & 0xffu) | F::sign_mask);
  }
  return symmetric;
}
template <class F, rounding Mode>
struct element_byte_table {
  alignas(16) std::uint8_t byte[64];  // the positive classes' elements
};
template <class F, rounding Mode>
constexpr element_byte_table<F, Mode> make_element_byte_table() noexcept {
  element_byte_table<F, Mode> t{};
  for (std::uint32_t i = 0; i < 64; ++i) t.byte[i] = static_cast<std::uint8_t>(element_table_v<F, Mode>.word[i] & 0xffu);
  return t;
}
template <class F, rounding Mode>
inline constexpr element_byte_table<F, Mode> element_byte_table_v = make_element_byte_table<F, Mode>();

// table_elements<F, Mode>(q, packed): the 32 elements of four registers of quotients
// (float bits, in element order), as 16 bytes of packed nibbles (element 2i in the low
// nibble of byte i).
template <class F, rounding Mode>
[[gnu::target("avx2,f16c")]] inline void table_nibbles(const u32x8 (&q)[4], u8x16& packed) noexcept {
  using T = element_table_shape<F>;
  static_assert(element_table_serves<F, Mode>() && element_table_symmetric<F, Mode>() && F::total_bits <= 4,
                "the byte table serves this format and mode, and its elements pack two a byte");
  constexpr std::uint32_t below = (1u << T::drop) - 1;
  u32x8 t[4];
  for (int k = 0; k < 4; ++k) t[k] = (q[k] >> T::drop) | (((q[k] & below) + below) >> T::drop);  // rounded to odd
  // Words, per 128-bit half: t0's four, t1's four (t2, t3 alike).
  const __m256i h01 = _mm256_packus_epi32((__m256i)t[0], (__m256i)t[1]);
  const __m256i h23 = _mm256_packus_epi32((__m256i)t[2], (__m256i)t[3]);
  const __m256i magnitude_mask = _mm256_set1_epi16(static_cast<short>(T::sign_bit - 1));
  const __m256i lowest = _mm256_set1_epi16(static_cast<short>(T::lo_field << T::kept));
  const __m256i cap = _mm256_set1_epi16(static_cast<short>(((T::classes - 1) << T::kept) | ((1 << T::kept) - 1)));
  const __m256i c01 = _mm256_min_epu16(_mm256_subs_epu16(_mm256_and_si256(h01, magnitude_mask), lowest), cap);
  const __m256i c23 = _mm256_min_epu16(_mm256_subs_epu16(_mm256_and_si256(h23, magnitude_mask), lowest), cap);
  // Bytes, per 128-bit half: elements 0-3, 8-11, 16-19, 24-27 | 4-7, 12-15, 20-23, 28-31.
  const __m256i index = _mm256_packus_epi16(c01, c23);  // below 64
  constexpr int sign_shift = 8 + T::kept - (F::total_bits - 1);
  const __m256i sign_bit = _mm256_set1_epi16(static_cast<short>(F::sign_mask));
  const __m256i sign = _mm256_packus_epi16(_mm256_and_si256(_mm256_srli_epi16(h01, sign_shift), sign_bit),
                                           _mm256_and_si256(_mm256_srli_epi16(h23, sign_shift), sign_bit));
  const element_byte_table<F, Mode>& table = element_byte_table_v<F, Mode>;
  __m256i part[4];
  for (int k = 0; k < 4; ++k) {
    part[k] = _mm256_shuffle_epi8(
        _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(table.byte + 16 * k))), index);
  }
  // Index bits 4 and 5 pick the part: moved to each byte's top bit for vpblendvb.
  const __m256i bit4 = _mm256_slli_epi16(index, 3), bit5 = _mm256_slli_epi16(index, 2);
  const __m256i low = _mm256_blendv_epi8(part[0], part[1], bit4), high = _mm256_blendv_epi8(part[2], part[3], bit4);
  const __m256i codes = _mm256_or_si256(_mm256_blendv_epi8(low, high, bit5), sign);
  const __m256i ordered = _mm256_permutevar8x32_epi32(codes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  // Byte pairs (element 2i, 2i + 1; each below 16) to one byte.
  const __m256i pairs = _mm256_and_si256(_mm256_or_si256(ordered, _mm256_srli_epi16(ordered, 4)), _mm256_set1_epi16(0xff));
  packed = (u8x16)_mm_packus_epi16(_mm256_castsi256_si128(pairs), _mm256_extracti128_si256(pairs, 1));
}

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
