// lowp/cuda.hpp — lowp inside CUDA kernels: CUDA's own types, and hardware conversions.
//
//   #include <lowp/cuda.hpp>                       // in a .cu file compiled by nvcc
//   __global__ void scale(const float* x, lowp::float16* y, __half* z, std::size_t n) {
//     const std::size_t i = blockIdx.x * blockDim.x + threadIdx.x;
//     if (i >= n) return;
//     y[i] = lowp::cuda::convert<lowp::float16>(x[i]);   // the host's bits, at hardware speed
//     __half h = y[i];                                    // implicit and bit-exact
//     z[i] = __hmul(h, y[i]);                             // a float16 passes as a __half
//   }
//
// lowp's value types, conversions, operators and classification functions are
// __host__ __device__ (LOWP_HOST_DEVICE), so they work in kernels as they are, with the
// host's bits: the device runs the same rounding engine. This header adds three things:
//
// - Implicit conversions between float16 and __half, bfloat16 and __nv_bfloat16,
//   float8_e4m3fn and __nv_fp8_e4m3, float8_e5m2 and __nv_fp8_e5m2, and (CUDA 12.8 and
//   later) float8_e8m0fnu and __nv_fp8_e8m0, float6_e2m3fn and __nv_fp6_e2m3,
//   float6_e3m2fn and __nv_fp6_e3m2, float4_e2m1fn and __nv_fp4_e2m1 (one value per byte,
//   in the low bits, on both sides). Each pair stores the same encoding, so the
//   conversions copy bits (through the raw structs and storage members, which exist
//   whatever __CUDA_NO_HALF_CONVERSIONS__ and friends remove). Each pair also has one
//   size and alignment, so a device buffer of one can be passed as a buffer of the other.
//   (CUDA's packed fp4x2 / fp6x2 types have no lowp counterpart.)
// - lowp::cuda::convert<To>(x, rounding, overflow): lowp::convert with the same result
//   for every input, mode and policy, which on the device uses a hardware conversion
//   instruction where its documented result is the engine's, and the engine elsewhere.
//   See detail::narrowing_instruction for the list.
// - lowp::cuda::native_t<T>, the CUDA type of a lowp type (float16 -> __half, ...), and
//   lowp::cuda::to_native(x), x as that type.
//
// One spelling is ambiguous in C++ while CUDA's own float conversions are enabled:
// assigning a lowp value to an existing CUDA object, `h = x;`, because __half's
// operator=(float) competes with its copy assignment (each needs one user-defined
// conversion). Write `h = lowp::cuda::to_native(x);`. Initialization (`__half h = x;`),
// casts and function arguments are not affected.
//
// Compiled by a plain C++ compiler this header is lowp/types.hpp and nothing more: no
// CUDA header is included and nothing is declared.
#pragma once

#include <cstdint>
#include <type_traits>

#include "hw_traits.hpp"
#include "types.hpp"

#if LOWP_CUDA

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
// CUDA 12.8 added __nv_fp8_e8m0 (in cuda_fp8.h), cuda_fp6.h and cuda_fp4.h; with an older
// CUDA the interop with those four types is absent and everything else is unchanged.
// cuda_fp4.hpp (CUDA 13.0) leaves a parameter unused, which -Wextra reports in the host
// pass; the user's warning flags should not fail on CUDA's code.
#if __has_include(<cuda_fp4.h>)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <cuda_fp4.h>  // includes cuda_fp6.h
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#endif

namespace lowp {
namespace detail {

// The interop hook of basic_float (basic_float.hpp), specialized for CUDA's types. They go
// through __half_raw / __nv_bfloat16_raw and the fp8 types' public storage member, never
// through CUDA's float conversions, so no value can change.
template <>
struct interop<__half, float16::format_type> {
  static constexpr bool enabled = true;
  LOWP_HOST_DEVICE static std::uint16_t to_bits(const __half& x) noexcept { return static_cast<__half_raw>(x).x; }
  LOWP_HOST_DEVICE static __half from_bits(std::uint16_t bits) noexcept {
    __half_raw raw;
    raw.x = bits;
    return __half(raw);
  }
};
template <>
struct interop<__nv_bfloat16, bfloat16::format_type> {
  static constexpr bool enabled = true;
  LOWP_HOST_DEVICE static std::uint16_t to_bits(const __nv_bfloat16& x) noexcept {
    return static_cast<__nv_bfloat16_raw>(x).x;
  }
  LOWP_HOST_DEVICE static __nv_bfloat16 from_bits(std::uint16_t bits) noexcept {
    __nv_bfloat16_raw raw;
    raw.x = bits;
    return __nv_bfloat16(raw);
  }
};
// CUDA's one-byte types keep their encoding in a public member `__nv_fp8_storage_t __x`
// (an unsigned char; the fp6 and fp4 types use the same storage type, value in the low 6
// or 4 bits, as lowp does). Going to lowp keeps only Format's bits, so a CUDA object
// whose spare high bits were set by hand still gives a valid lowp value.
template <class Cuda, class Format>
struct byte_interop {
  static constexpr bool enabled = true;
  static constexpr unsigned mask = (1u << Format::total_bits) - 1u;
  LOWP_HOST_DEVICE static std::uint8_t to_bits(const Cuda& x) noexcept { return static_cast<std::uint8_t>(x.__x & mask); }
  LOWP_HOST_DEVICE static Cuda from_bits(std::uint8_t bits) noexcept {
    Cuda r;
    r.__x = bits;
    return r;
  }
};
// CUDA's fp8 types are the OCP encodings lowp uses: E4M3 with NaN only at S.1111.111 and
// no infinity (max 448), and E5M2 with IEEE infinities and NaNs (cuda_fp8.hpp).
template <>
struct interop<__nv_fp8_e4m3, float8_e4m3fn::format_type> : byte_interop<__nv_fp8_e4m3, float8_e4m3fn::format_type> {};
template <>
struct interop<__nv_fp8_e5m2, float8_e5m2::format_type> : byte_interop<__nv_fp8_e5m2, float8_e5m2::format_type> {};
#if __has_include(<cuda_fp4.h>)
// The OCP MX types: E8M0 (unsigned, 0x00 = 2^-127, 0xFF = NaN, no zero), FP6 E2M3 and
// E3M2, FP4 E2M1 (no infinity, no NaN). Their CUDA widening gives lowp's value for every
// encoding (tests/cuda_host checks it on the CPU).
template <>
struct interop<__nv_fp8_e8m0, float8_e8m0fnu::format_type> : byte_interop<__nv_fp8_e8m0, float8_e8m0fnu::format_type> {};
template <>
struct interop<__nv_fp6_e2m3, float6_e2m3fn::format_type> : byte_interop<__nv_fp6_e2m3, float6_e2m3fn::format_type> {};
template <>
struct interop<__nv_fp6_e3m2, float6_e3m2fn::format_type> : byte_interop<__nv_fp6_e3m2, float6_e3m2fn::format_type> {};
template <>
struct interop<__nv_fp4_e2m1, float4_e2m1fn::format_type> : byte_interop<__nv_fp4_e2m1, float4_e2m1fn::format_type> {};
#endif

}  // namespace detail

namespace cuda {

// native_t<T>: the CUDA type that stores the same encoding as the lowp type T.
template <class T>
struct native_type;
template <>
struct native_type<float16> {
  using type = __half;
};
template <>
struct native_type<bfloat16> {
  using type = __nv_bfloat16;
};
template <>
struct native_type<float8_e4m3fn> {
  using type = __nv_fp8_e4m3;
};
template <>
struct native_type<float8_e5m2> {
  using type = __nv_fp8_e5m2;
};
#if __has_include(<cuda_fp4.h>)
template <>
struct native_type<float8_e8m0fnu> {
  using type = __nv_fp8_e8m0;
};
template <>
struct native_type<float6_e2m3fn> {
  using type = __nv_fp6_e2m3;
};
template <>
struct native_type<float6_e3m2fn> {
  using type = __nv_fp6_e3m2;
};
template <>
struct native_type<float4_e2m1fn> {
  using type = __nv_fp4_e2m1;
};
#endif
template <class T>
using native_t = typename native_type<T>::type;

// to_native(x): x as its CUDA type, bit for bit. The implicit conversion does the same;
// this spelling also works where C++ finds the implicit one ambiguous (see the top).
template <class T>
LOWP_HOST_DEVICE native_t<T> to_native(T x) noexcept {
  return lowp::detail::interop<native_t<T>, typename T::format_type>::from_bits(x.bits());
}

namespace detail {

using lowp::detail::binary32;

// Which hardware instruction gives the engine's result for float -> F in `mode`, in the
// pass being compiled (none in the host pass), from F's row in hw_traits.hpp:
//
//   ieee_cvt       cvt.{rn,rz,rm,rp}.f16.f32 / .bf16.f32 (__float2half_rn ..., and
//                  __float2bfloat16_rn ...): IEEE 754 conversions of finite numbers,
//                  subnormals included, with IEEE overflow (infinity, or max finite where
//                  the mode rounds toward zero) and +-inf -> +-inf; cuda_fp16.hpp's and
//                  cuda_bf16.hpp's host emulations of the same functions implement exactly
//                  that. The bf16 forms exist from sm_80 (rn, rz) and sm_90 (rm, rp);
//                  cuda_bf16.hpp emulates them in software below that, so lowp uses its
//                  engine there instead.
//   satfinite_cvt  cvt.rn.satfinite.{e4m3,e5m2}x2.f32 (__nv_cvt_float_to_fp8 with
//                  __NV_SATFINITE, sm_89 and later): round to nearest even, and magnitudes
//                  above the max finite value, infinity included, become +-max finite
//                  (cuda_fp8.h, __nv_saturation_t).
//
// In both cases only NaN differs from lowp's contract (CUDA returns a canonical NaN; lowp
// keeps the sign and the high payload bits), and overflow under the other policy; the
// fix-ups in narrow_float handle exactly those. Round-to-nearest-away has no conversion
// instruction and always uses the engine.
enum class hardware { none, ieee_cvt, satfinite_cvt };

template <class F>
LOWP_HOST_DEVICE constexpr hardware narrowing_instruction(rounding mode) noexcept {
  constexpr int arch = LOWP_CUDA_ARCH;
  constexpr cuda_instruction kind = hw_traits<F>::cuda;
  const bool directed = mode == rounding::upward || mode == rounding::downward;
  if (arch == 0 || mode == rounding::to_nearest_away) return hardware::none;
  if (kind == cuda_instruction::half) return hardware::ieee_cvt;
  if (kind == cuda_instruction::bfloat16) return arch >= (directed ? 900 : 800) ? hardware::ieee_cvt : hardware::none;
  if (kind == cuda_instruction::fp8_e4m3 || kind == cuda_instruction::fp8_e5m2) {
    return arch >= 890 && mode == rounding::to_nearest_even ? hardware::satfinite_cvt : hardware::none;
  }
  return hardware::none;
}

// The hardware conversion itself; only called where narrowing_instruction says so.
template <class F>
LOWP_HOST_DEVICE typename F::storage hardware_narrow(float x, rounding mode) noexcept {
  constexpr cuda_instruction kind = hw_traits<F>::cuda;
  if constexpr (kind == cuda_instruction::half) {
    const __half h = mode == rounding::to_nearest_even ? __float2half_rn(x)
                     : mode == rounding::toward_zero   ? __float2half_rz(x)
                     : mode == rounding::upward        ? __float2half_ru(x)
                                                       : __float2half_rd(x);
    return static_cast<__half_raw>(h).x;
  } else if constexpr (kind == cuda_instruction::bfloat16) {
    const __nv_bfloat16 b = mode == rounding::to_nearest_even ? __float2bfloat16_rn(x)
                            : mode == rounding::toward_zero   ? __float2bfloat16_rz(x)
                            : mode == rounding::upward        ? __float2bfloat16_ru(x)
                                                              : __float2bfloat16_rd(x);
    return static_cast<__nv_bfloat16_raw>(b).x;
  } else if constexpr (kind == cuda_instruction::fp8_e4m3 || kind == cuda_instruction::fp8_e5m2) {
    constexpr __nv_fp8_interpretation_t interpretation = kind == cuda_instruction::fp8_e4m3 ? __NV_E4M3 : __NV_E5M2;
    return __nv_cvt_float_to_fp8(x, __NV_SATFINITE, interpretation);
  } else {
    return lowp::detail::round_binary<F, binary32>(lowp::detail::bit_cast<std::uint32_t>(x), mode, overflow::ieee);
  }
}

// The smallest float magnitude (as bits) whose conversion to F overflows in `Mode`,
// found with the engine itself at compile time: overflow is monotonic in the magnitude.
template <class F, rounding Mode>
LOWP_HOST_DEVICE constexpr std::uint32_t overflow_threshold() noexcept {
  std::uint32_t fits = 0, overflows = binary32::infinity_bits;  // 0 fits; treat +inf as overflowing
  while (overflows - fits > 1) {
    const std::uint32_t mid = fits + (overflows - fits) / 2;
    if (lowp::detail::overflows<F, binary32>(mid, Mode)) {
      overflows = mid;
    } else {
      fits = mid;
    }
  }
  return overflows;
}

// fix_up<F>(bits, r, mode, policy, instruction): the engine's result for the float with
// encoding `bits`, given the result r of the hardware instruction on it. Only NaN, and
// overflow under the policy the instruction does not implement, need changing.
template <class F>
LOWP_HOST_DEVICE constexpr typename F::storage fix_up(std::uint32_t bits, typename F::storage r, rounding mode,
                                                      overflow policy, hardware instruction) noexcept {
  using storage = typename F::storage;
  const bool negative = lowp::detail::is_negative<binary32>(bits);
  const std::uint32_t magnitude = lowp::detail::magnitude_of<binary32>(bits);
  if (instruction == hardware::ieee_cvt && policy == overflow::saturate) {
    // The IEEE result is infinite exactly for +-inf and overflow; saturate makes both max.
    r = lowp::detail::is_infinity<F>(r) ? lowp::detail::with_sign<F>(negative, F::max_finite_bits) : r;
  }
  if (instruction == hardware::satfinite_cvt && policy == overflow::ieee) {
    // Saturated results that IEEE overflow turns into +-inf (NaN for e4m3fn). The fp8
    // instruction exists in nearest-even only.
    constexpr std::uint32_t threshold = overflow_threshold<F, rounding::to_nearest_even>();
    r = magnitude >= threshold ? lowp::detail::unbounded_for<F>(negative) : r;
  }
  (void)mode;
  // NaN: the engine's rule (sign kept, quiet, high payload bits), not CUDA's canonical NaN.
  const storage nan = lowp::detail::nan_for<F>(
      negative, static_cast<storage>((bits & binary32::mantissa_mask) >> (binary32::mantissa_bits - F::mantissa_bits)));
  return lowp::detail::is_nan<binary32>(bits) ? nan : r;
}

// narrow_float<F>(x, mode, policy): the bits of lowp::convert<basic_float<F>>(x, mode,
// policy), with a hardware instruction where narrowing_instruction allows. The cast
// kernels pass compile-time modes, so the choice folds away there.
template <class F>
LOWP_HOST_DEVICE typename F::storage narrow_float(float x, rounding mode, overflow policy) noexcept {
  const std::uint32_t bits = lowp::detail::bit_cast<std::uint32_t>(x);
  const hardware instruction = narrowing_instruction<F>(mode);
  if (instruction == hardware::none) return lowp::detail::round_binary<F, binary32>(bits, mode, policy);
  return fix_up<F>(bits, hardware_narrow<F>(x, mode), mode, policy, instruction);
}

// widen_float<F>(bits): the float of an F encoding, as lowp::detail::widen<float, F>. On
// the device float16 uses cvt.f32.f16 (__half2float), which is exact for every non-NaN
// half (widening never rounds); NaNs take the engine's path to keep their payload.
template <class F>
LOWP_HOST_DEVICE float widen_float(typename F::storage bits) noexcept {
  if constexpr (LOWP_CUDA_ARCH != 0 && hw_traits<F>::cuda == cuda_instruction::half) {
    if (lowp::detail::is_nan<F>(bits)) return lowp::detail::widen<float, F>(bits);
    __half_raw raw;
    raw.x = bits;
    return __half2float(__half(raw));
  } else {
    return lowp::detail::widen<float, F>(bits);
  }
}

// element<To>(x, mode, policy): one conversion, as the kernels and convert below need it.
template <class To, class From>
LOWP_HOST_DEVICE To element(From x, rounding mode, overflow policy) noexcept {
  if constexpr (std::is_same<From, float>::value && lowp::detail::is_basic_float<To>::value) {
    return To::from_bits(narrow_float<typename To::format_type>(x, mode, policy));
  } else if constexpr (lowp::detail::is_basic_float<From>::value && std::is_same<To, float>::value) {
    return widen_float<typename From::format_type>(x.bits());
  } else {
    return lowp::convert<To>(x, mode, policy);
  }
}
// The same with the mode and policy fixed at compile time, for the cast kernels.
template <class To, rounding Mode, overflow Policy, class From>
LOWP_HOST_DEVICE To element(From x) noexcept {
  return element<To>(x, Mode, Policy);
}

}  // namespace detail

// convert<To>(x, mode, policy)
//
// The same result as lowp::convert<To>(x, mode, policy) for every input, mode and policy,
// NaN payloads included. In device code float -> lowp and float16 -> float use the
// hardware conversion instructions where they give that result (see
// detail::narrowing_instruction); everything else, and the host pass, is lowp::convert.
template <class To, class From>
LOWP_HOST_DEVICE To convert(From x, rounding mode = rounding::to_nearest_even,
                            overflow policy = overflow::ieee) noexcept {
  if constexpr (LOWP_CUDA_ARCH != 0) {
    return detail::element<To>(x, mode, policy);
  } else {
    return lowp::convert<To>(x, mode, policy);
  }
}

}  // namespace cuda
}  // namespace lowp

// Each pair stores one encoding in objects of one size and alignment, so a device buffer
// of one can be passed as a buffer of the other (cudaMemcpy, a kernel taking __half*).
static_assert(sizeof(lowp::float16) == sizeof(__half) && alignof(lowp::float16) == alignof(__half), "");
static_assert(sizeof(lowp::bfloat16) == sizeof(__nv_bfloat16) && alignof(lowp::bfloat16) == alignof(__nv_bfloat16), "");
static_assert(sizeof(lowp::float8_e4m3fn) == sizeof(__nv_fp8_e4m3) && alignof(lowp::float8_e4m3fn) == alignof(__nv_fp8_e4m3), "");
static_assert(sizeof(lowp::float8_e5m2) == sizeof(__nv_fp8_e5m2) && alignof(lowp::float8_e5m2) == alignof(__nv_fp8_e5m2), "");
#if __has_include(<cuda_fp4.h>)
static_assert(sizeof(lowp::float8_e8m0fnu) == sizeof(__nv_fp8_e8m0) && alignof(lowp::float8_e8m0fnu) == alignof(__nv_fp8_e8m0), "");
static_assert(sizeof(lowp::float6_e2m3fn) == sizeof(__nv_fp6_e2m3) && alignof(lowp::float6_e2m3fn) == alignof(__nv_fp6_e2m3), "");
static_assert(sizeof(lowp::float6_e3m2fn) == sizeof(__nv_fp6_e3m2) && alignof(lowp::float6_e3m2fn) == alignof(__nv_fp6_e3m2), "");
static_assert(sizeof(lowp::float4_e2m1fn) == sizeof(__nv_fp4_e2m1) && alignof(lowp::float4_e2m1fn) == alignof(__nv_fp4_e2m1), "");
#endif

#endif  // LOWP_CUDA
