// vcvtneps2bf16 emulated, so that the avx512bf16 path's block logic (its fix-up of the
// instruction's flushed subnormals) also runs on CPUs without AVX512-BF16: the AVX2
// kernels with the instruction replaced by this model of it. It plugs into lowp's kernel
// internals (simd::avx2_isa, simd::convert_loop), which is why it lives apart.
#pragma once

#include <cstdint>

#include <lowp/bulk.hpp>

#if LOWP_HAS_X86_DISPATCH
namespace lowp_emulated {

// vcvtneps2bf16 as the Intel SDM describes it (CONVERT_FP32_TO_BF16): NaN -> the top
// half with the quiet bit set; a float denormal -> signed zero; otherwise nearest-even on
// the bits. Plugged into the AVX2 kernels, it runs the avx512bf16 block logic here.
struct emulated_bf16_isa : lowp::simd::avx2_isa {
  static constexpr bool has_bf16_instruction = true;
  [[gnu::target("avx2,f16c")]] static inline void f32_to_bf16_flushing(const lanes (&u)[parts],
                                                                         lowp::simd::u16x16& h) noexcept {
    for (int k = 0; k < parts; ++k) {
      for (int j = 0; j < 8; ++j) {
        const std::uint32_t x = u[k][j];
        std::uint32_t r;
        if ((x & 0x7fffffffu) > 0x7f800000u) {
          r = (x >> 16) | 0x40u;
        } else if ((x & 0x7f800000u) == 0) {
          r = (x >> 16) & 0x8000u;
        } else {
          r = (x + 0x7fffu + ((x >> 16) & 1u)) >> 16;
        }
        h[k * 8 + j] = static_cast<std::uint16_t>(r);
      }
    }
  }
};

template <lowp::overflow Policy>
[[gnu::target("avx2,f16c"), gnu::flatten]] inline void convert_emulated_bf16(const float* src, lowp::bfloat16* dst,
                                                                              std::size_t n) noexcept {
  lowp::simd::convert_loop<emulated_bf16_isa, float, lowp::bfloat16, lowp::rounding::to_nearest_even, Policy>(src, dst,
                                                                                                             n);
}

}  // namespace lowp_emulated
#endif
