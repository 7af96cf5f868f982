// lowp/hw_traits.hpp — which hardware instructions convert each format exactly as the
// engine does: the one table of per-format hardware capabilities.
//
// Every fast path is opt-in: a format gets a SIMD kernel or a hardware instruction only
// through its row here, so a new format never silently inherits a path built for another
// one. Without a row a format still converts everywhere, through the scalar engine (or,
// in bulk, a loop over it). Each capability is tested bit for bit against the engine over
// every input (tests/exhaustive), on the CPUs and GPUs that have the instruction.
#pragma once

#include "config.hpp"
#include "format.hpp"

namespace lowp {

// The CUDA conversion instructions a format can use (see lowp/cuda.hpp).
enum class cuda_instruction {
  none,
  half,       // cvt.*.f16.f32 (__float2half_rn ...) and cvt.f32.f16
  bfloat16,   // cvt.*.bf16.f32 (__float2bfloat16_rn ...), sm_80 / sm_90
  fp8_e4m3,   // cvt.rn.satfinite.e4m3x2.f32 (__nv_cvt_float_to_fp8, __NV_E4M3), sm_89
  fp8_e5m2    // cvt.rn.satfinite.e5m2x2.f32 (__NV_E5M2), sm_89
};

// hw_traits<F>: the capabilities of format F. The primary template has none.
template <class F>
struct hw_traits {
  // The exact lane algorithm of simd/lanes.hpp (the engine on vector lanes) serves bulk
  // float <-> F conversions (x86 AVX2 / AVX-512 kernels).
  static constexpr bool simd_lanes = false;
  // x86 F16C vcvtps2ph / vcvtph2ps are F's conversions (IEEE binary16).
  static constexpr bool x86_f16c = false;
  // F's encodings are binary16's top bits, so vcvtph2ps widens F after a shift.
  static constexpr bool x86_f16c_widen_high_bits = false;
  // AVX512-BF16 vcvtneps2bf16 is F's nearest-even conversion (for normal inputs).
  static constexpr bool x86_avx512_bf16 = false;
  static constexpr cuda_instruction cuda = cuda_instruction::none;
};

// float16: IEEE binary16.
template <>
struct hw_traits<format<5, 10>> {
  static constexpr bool simd_lanes = true;
  static constexpr bool x86_f16c = true;
  static constexpr bool x86_f16c_widen_high_bits = false;
  static constexpr bool x86_avx512_bf16 = false;
  static constexpr cuda_instruction cuda = cuda_instruction::half;
};

// bfloat16.
template <>
struct hw_traits<format<8, 7>> {
  static constexpr bool simd_lanes = true;
  static constexpr bool x86_f16c = false;
  static constexpr bool x86_f16c_widen_high_bits = false;
  static constexpr bool x86_avx512_bf16 = true;
  static constexpr cuda_instruction cuda = cuda_instruction::bfloat16;
};

// float8_e5m2: binary16's top byte (same exponent field and specials).
template <>
struct hw_traits<format<5, 2>> {
  static constexpr bool simd_lanes = true;
  static constexpr bool x86_f16c = false;
  static constexpr bool x86_f16c_widen_high_bits = true;
  static constexpr bool x86_avx512_bf16 = false;
  static constexpr cuda_instruction cuda = cuda_instruction::fp8_e5m2;
};

// float8_e4m3fn.
template <>
struct hw_traits<format<4, 3, specials::finite_nan_only>> {
  static constexpr bool simd_lanes = true;
  static constexpr bool x86_f16c = false;
  static constexpr bool x86_f16c_widen_high_bits = false;
  static constexpr bool x86_avx512_bf16 = false;
  static constexpr cuda_instruction cuda = cuda_instruction::fp8_e4m3;
};

// The other signed formats with zero run the lane algorithm (the engine on vector lanes);
// no x86 instruction converts them. float8_e8m0fnu has no row: its float inputs need
// normalizing (its 2^-127 is a float subnormal), which the lanes do not do.
template <class F>
struct lanes_only_traits {
  static constexpr bool simd_lanes = true;
  static constexpr bool x86_f16c = false;
  static constexpr bool x86_f16c_widen_high_bits = false;
  static constexpr bool x86_avx512_bf16 = false;
  static constexpr cuda_instruction cuda = cuda_instruction::none;
};
template <>
struct hw_traits<format<4, 3, specials::fnuz, 8>> : lanes_only_traits<format<4, 3, specials::fnuz, 8>> {};
template <>
struct hw_traits<format<5, 2, specials::fnuz, 16>> : lanes_only_traits<format<5, 2, specials::fnuz, 16>> {};
template <>
struct hw_traits<format<4, 3>> : lanes_only_traits<format<4, 3>> {};
template <>
struct hw_traits<format<3, 4>> : lanes_only_traits<format<3, 4>> {};
template <>
struct hw_traits<format<2, 3, specials::finite, 1>> : lanes_only_traits<format<2, 3, specials::finite, 1>> {};
template <>
struct hw_traits<format<3, 2, specials::finite, 3>> : lanes_only_traits<format<3, 2, specials::finite, 3>> {};
template <>
struct hw_traits<format<2, 1, specials::finite, 1>> : lanes_only_traits<format<2, 1, specials::finite, 1>> {};

}  // namespace lowp
