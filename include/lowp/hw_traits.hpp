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

// One format's capabilities:
//   SimdLanes      the exact lane algorithm of simd/lanes.hpp (the engine on vector lanes)
//                  serves bulk float <-> F conversions (x86 AVX2 / AVX-512 kernels);
//   X86F16c        x86 F16C vcvtps2ph / vcvtph2ps are F's conversions (IEEE binary16);
//   X86F16cHigh    F's encodings are binary16's top bits, so vcvtph2ps widens F after a
//                  shift;
//   X86Avx512Bf16  AVX512-BF16 vcvtneps2bf16 is F's nearest-even conversion (for normal
//                  inputs);
//   Cuda           the CUDA conversion instruction F can use.
template <bool SimdLanes, bool X86F16c, bool X86F16cHigh, bool X86Avx512Bf16, cuda_instruction Cuda>
struct hw_capabilities {
  static constexpr bool simd_lanes = SimdLanes;
  static constexpr bool x86_f16c = X86F16c;
  static constexpr bool x86_f16c_widen_high_bits = X86F16cHigh;
  static constexpr bool x86_avx512_bf16 = X86Avx512Bf16;
  static constexpr cuda_instruction cuda = Cuda;
};

// hw_traits<F>: the capabilities of format F. The primary template has none.
template <class F>
struct hw_traits : hw_capabilities<false, false, false, false, cuda_instruction::none> {};

// The rows: lanes, F16C, F16C high bits, AVX512-BF16, CUDA.
template <>  // float16: IEEE binary16
struct hw_traits<format<5, 10>> : hw_capabilities<true, true, false, false, cuda_instruction::half> {};
template <>  // bfloat16
struct hw_traits<format<8, 7>> : hw_capabilities<true, false, false, true, cuda_instruction::bfloat16> {};
template <>  // float8_e5m2: binary16's top byte (same exponent field and specials)
struct hw_traits<format<5, 2>> : hw_capabilities<true, false, true, false, cuda_instruction::fp8_e5m2> {};
template <>  // float8_e4m3fn
struct hw_traits<format<4, 3, specials::finite_nan_only>>
    : hw_capabilities<true, false, false, false, cuda_instruction::fp8_e4m3> {};

// The other formats run the lane algorithm; no x86 instruction converts them.
using lanes_only = hw_capabilities<true, false, false, false, cuda_instruction::none>;
template <>
struct hw_traits<format<4, 3, specials::fnuz, 8>> : lanes_only {};
template <>
struct hw_traits<format<5, 2, specials::fnuz, 16>> : lanes_only {};
template <>
struct hw_traits<format<4, 3>> : lanes_only {};
template <>
struct hw_traits<format<3, 4>> : lanes_only {};
template <>
struct hw_traits<format<2, 3, specials::finite, 1>> : lanes_only {};
template <>
struct hw_traits<format<3, 2, specials::finite, 3>> : lanes_only {};
template <>
struct hw_traits<format<2, 1, specials::finite, 1>> : lanes_only {};
template <>
struct hw_traits<format<8, 0, specials::finite_nan_only, 127, layout::unsigned_no_zero>> : lanes_only {};

}  // namespace lowp
