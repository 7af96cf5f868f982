// lowp/simd/stream_lines.hpp — writing a stream of float registers to memory past the
// caches: whole 64-byte lines with non-temporal stores, straight from the registers, at
// any float alignment of the destination. The block dequantizers (blocks.hpp) write
// outputs larger than a core's L2 this way: a regular store first reads the line it fills
// (read-for-ownership), a third of the memory traffic for an output written once.
//
// A writer takes the output 16 floats at a time, in order (put), and the floats after the
// destination's last whole line at the end (finish). The lines are not ordered with later
// stores until the caller's sfence.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../config.hpp"
#include "lanes.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>

namespace lowp {
namespace simd {

// AVX-512: a register holds a line's 16 floats, and the line of dst that starts `head`
// floats into the output is the last 16 - head floats of one register and the first head
// of the next, joined by one vpermt2d. (An earlier writer staged the output in L1 and
// streamed whole lines from there: its extra stores and loads cost more than the join,
// bench/RESULTS.md.) The floats before dst's first whole line and after its last take
// masked regular stores.
struct line_writer_avx512 {
  float* dst;
  std::size_t head;   // floats before dst's first whole line (0 to 15)
  std::size_t count;  // floats received
  __m512i index;      // lane i: lane head + i of the two registers
  __m512i prev;

  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] explicit line_writer_avx512(float* to) noexcept
      : dst(to),
        head((16 - reinterpret_cast<std::uintptr_t>(to) / sizeof(float) % 16) % 16),
        count(0),
        index(_mm512_add_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                               _mm512_set1_epi32(static_cast<int>(head)))),
        prev(_mm512_setzero_si512()) {}
  // The next 16 floats of the output.
  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] void put(std::size_t, const u32x16 (&r)[1]) noexcept {
    const __m512i cur = (__m512i)r[0];
    if (count == 0) {
      _mm512_mask_storeu_epi32(dst, static_cast<__mmask16>((1u << head) - 1), cur);
    } else {
      _mm512_stream_si512(reinterpret_cast<__m512i*>(dst + count - 16 + head),
                          _mm512_permutex2var_epi32(prev, index, cur));
    }
    prev = cur;
    count += 16;
  }
  // Every block goes to the same writer, in order.
  LOWP_ALWAYS_INLINE line_writer_avx512& at(std::size_t) noexcept { return *this; }
  // The floats received after dst's last whole line.
  [[gnu::target("avx2,f16c,avx512f,avx512bw,avx512vl")]] void finish() noexcept {
    if (count == 0) return;
    _mm512_mask_storeu_epi32(dst + count - 16 + head, static_cast<__mmask16>((1u << (16 - head)) - 1),
                             _mm512_permutex2var_epi32(prev, index, prev));
  }
};

// AVX2 alike, with a line in two registers: the registers received form a stream of
// 8-float pieces, and the line starting `head` floats in spans three consecutive pieces
// from offset head % 8; each half of it is two pieces joined by two vpermd and a blend.
struct line_writer_avx2 {
  float* dst;
  std::size_t head;   // floats before dst's first whole line (0 to 15)
  std::size_t count;  // floats received
  bool upper;         // head >= 8: the line starts in the second piece of a pair
  __m256i rotate;     // lane i: lane (i + head) % 8
  __m256i from_next;  // lane i: all ones where i + head % 8 >= 8 (the next piece's lanes)
  __m256i prev[2];

  [[gnu::target("avx2,f16c")]] explicit line_writer_avx2(float* to) noexcept
      : dst(to),
        head((16 - reinterpret_cast<std::uintptr_t>(to) / sizeof(float) % 16) % 16),
        count(0),
        upper(head >= 8) {
    const __m256i shifted = _mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                             _mm256_set1_epi32(static_cast<int>(head % 8)));
    rotate = _mm256_and_si256(shifted, _mm256_set1_epi32(7));
    from_next = _mm256_cmpgt_epi32(shifted, _mm256_set1_epi32(7));
    prev[0] = prev[1] = _mm256_setzero_si256();
  }
  [[gnu::target("avx2,f16c")]] __m256i join(__m256i a, __m256i b) const noexcept {
    return _mm256_blendv_epi8(_mm256_permutevar8x32_epi32(a, rotate), _mm256_permutevar8x32_epi32(b, rotate),
                              from_next);
  }
  // The first `left` (at most 16) floats of the pair of registers lo, hi, with masked
  // regular stores.
  [[gnu::target("avx2,f16c")]] static void store_first(float* to, __m256i lo, __m256i hi, std::size_t left) noexcept {
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i limit = _mm256_set1_epi32(static_cast<int>(left));
    _mm256_maskstore_epi32(reinterpret_cast<int*>(to), _mm256_cmpgt_epi32(limit, lane), lo);
    _mm256_maskstore_epi32(reinterpret_cast<int*>(to + 8),
                           _mm256_cmpgt_epi32(limit, _mm256_add_epi32(lane, _mm256_set1_epi32(8))), hi);
  }
  // The next 16 floats of the output.
  [[gnu::target("avx2,f16c")]] void put(std::size_t, const u32x8 (&r)[2]) noexcept {
    const __m256i c0 = (__m256i)r[0], c1 = (__m256i)r[1];
    if (count == 0) {
      store_first(dst, c0, c1, head);  // dst[0, head)
    } else {
      const __m256i w0 = upper ? prev[1] : prev[0], w1 = upper ? c0 : prev[1], w2 = upper ? c1 : c0;
      float* line = dst + count - 16 + head;
      _mm256_stream_si256(reinterpret_cast<__m256i*>(line), join(w0, w1));
      _mm256_stream_si256(reinterpret_cast<__m256i*>(line + 8), join(w1, w2));
    }
    prev[0] = c0;
    prev[1] = c1;
    count += 16;
  }
  LOWP_ALWAYS_INLINE line_writer_avx2& at(std::size_t) noexcept { return *this; }
  // The floats received after dst's last whole line.
  [[gnu::target("avx2,f16c")]] void finish() noexcept {
    if (count == 0) return;
    const __m256i zero = _mm256_setzero_si256();
    const __m256i w0 = upper ? prev[1] : prev[0], w1 = upper ? zero : prev[1];
    store_first(dst + count - 16 + head, join(w0, w1), join(w1, zero), 16 - head);
  }
};

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
