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
//   float8_e4m3fn and __nv_fp8_e4m3, float8_e5m2 and __nv_fp8_e5m2. Each pair stores the
//   same encoding, so the conversions copy bits (through the raw structs, which exist
//   whatever __CUDA_NO_HALF_CONVERSIONS__ and friends remove). Each pair also has one
//   size and alignment, so a device buffer of one can be passed as a buffer of the other.
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
// Compiled by a plain C++ compiler this header is lowp.hpp and nothing more: no CUDA
// header is included and nothing is declared.
#pragma once

#include <cstdint>
#include <type_traits>

#include "lowp.hpp"

#if LOWP_CUDA

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

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
// CUDA's fp8 types are the OCP encodings lowp uses: E4M3 with NaN only at S.1111.111 and
// no infinity (max 448), and E5M2 with IEEE infinities and NaNs (cuda_fp8.hpp).
template <class Cuda, class Format>
struct fp8_interop {
  static constexpr bool enabled = true;
  LOWP_HOST_DEVICE static std::uint8_t to_bits(const Cuda& x) noexcept { return x.__x; }
  LOWP_HOST_DEVICE static Cuda from_bits(std::uint8_t bits) noexcept {
    Cuda r;
    r.__x = bits;
    return r;
  }
};
template <>
struct interop<__nv_fp8_e4m3, float8_e4m3fn::format_type> : fp8_interop<__nv_fp8_e4m3, float8_e4m3fn::format_type> {};
template <>
struct interop<__nv_fp8_e5m2, float8_e5m2::format_type> : fp8_interop<__nv_fp8_e5m2, float8_e5m2::format_type> {};

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

template <class F, class T>
constexpr bool is_format_of = std::is_same<F, typename T::format_type>::value;

// Which hardware instruction gives the engine's result for float -> F in `Mode`, in the
// pass being compiled (none in the host pass):
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

template <class F, rounding Mode>
LOWP_HOST_DEVICE constexpr hardware narrowing_instruction() noexcept {
  constexpr int arch = LOWP_CUDA_ARCH;
  constexpr bool directed = Mode == rounding::upward || Mode == rounding::downward;
  if (arch == 0 || Mode == rounding::to_nearest_away) return hardware::none;
  if (is_format_of<F, float16>) return hardware::ieee_cvt;
  if (is_format_of<F, bfloat16>) return arch >= (directed ? 900 : 800) ? hardware::ieee_cvt : hardware::none;
  if (is_format_of<F, float8_e4m3fn> || is_format_of<F, float8_e5m2>) {
    return arch >= 890 && Mode == rounding::to_nearest_even ? hardware::satfinite_cvt : hardware::none;
  }
  return hardware::none;
}

// The hardware conversion itself; only called where narrowing_instruction says so.
template <class F, rounding Mode>
LOWP_HOST_DEVICE typename F::storage hardware_narrow(float x) noexcept {
  if constexpr (is_format_of<F, float16>) {
    const __half h = Mode == rounding::to_nearest_even ? __float2half_rn(x)
                     : Mode == rounding::toward_zero   ? __float2half_rz(x)
                     : Mode == rounding::upward        ? __float2half_ru(x)
                                                       : __float2half_rd(x);
    return static_cast<__half_raw>(h).x;
  } else if constexpr (is_format_of<F, bfloat16>) {
    const __nv_bfloat16 b = Mode == rounding::to_nearest_even ? __float2bfloat16_rn(x)
                            : Mode == rounding::toward_zero   ? __float2bfloat16_rz(x)
                            : Mode == rounding::upward        ? __float2bfloat16_ru(x)
                                                              : __float2bfloat16_rd(x);
    return static_cast<__nv_bfloat16_raw>(b).x;
  } else {
    constexpr __nv_fp8_interpretation_t kind = is_format_of<F, float8_e4m3fn> ? __NV_E4M3 : __NV_E5M2;
    return __nv_cvt_float_to_fp8(x, __NV_SATFINITE, kind);
  }
}

// The smallest float magnitude (as bits) whose conversion to F overflows in `Mode`,
// found with the engine itself at compile time: overflow is monotonic in the magnitude.
template <class F, rounding Mode>
LOWP_HOST_DEVICE constexpr std::uint32_t overflow_threshold() noexcept {
  std::uint32_t fits = 0, overflows = 0x7f800000u;  // 0 fits; treat +inf as overflowing
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

// fix_up<F, Mode, Policy, Instruction>(bits, r): the engine's result for the float with
// encoding `bits`, given the result r of the hardware instruction on it. Only NaN, and
// overflow under the policy the instruction does not implement, need changing.
template <class F, rounding Mode, overflow Policy, hardware Instruction>
LOWP_HOST_DEVICE constexpr typename F::storage fix_up(std::uint32_t bits, typename F::storage r) noexcept {
  using storage = typename F::storage;
  const bool negative = (bits >> 31) != 0;
  const std::uint32_t magnitude = bits & 0x7fffffffu;
  const storage sign = negative ? F::sign_mask : storage{0};
  if constexpr (Instruction == hardware::ieee_cvt && Policy == overflow::saturate) {
    // The IEEE result is infinite exactly for +-inf and overflow; saturate makes both max.
    r = (r & F::magnitude_mask) == F::infinity_bits ? static_cast<storage>(sign | F::max_finite_bits) : r;
  }
  if constexpr (Instruction == hardware::satfinite_cvt && Policy == overflow::ieee) {
    // Saturated results that IEEE overflow turns into +-inf (NaN for e4m3fn).
    constexpr std::uint32_t threshold = overflow_threshold<F, Mode>();
    r = magnitude >= threshold ? static_cast<storage>(sign | F::infinity_bits) : r;
  }
  // NaN: the engine's rule (sign kept, quiet, high payload bits), not CUDA's canonical NaN.
  const storage nan = lowp::detail::encode_nan<F, binary32::mantissa_bits>(negative, bits & binary32::mantissa_mask);
  return magnitude > 0x7f800000u ? nan : r;
}

// narrow_float<F, Mode, Policy>(x): the bits of lowp::convert<basic_float<F>>(x, Mode,
// Policy), with a hardware instruction where narrowing_instruction allows.
template <class F, rounding Mode, overflow Policy>
LOWP_HOST_DEVICE typename F::storage narrow_float(float x) noexcept {
  const std::uint32_t bits = lowp::detail::bit_cast<std::uint32_t>(x);
  constexpr hardware instruction = narrowing_instruction<F, Mode>();
  if constexpr (instruction == hardware::none) {
    return lowp::detail::round_binary<F, binary32>(bits, Mode, Policy);
  } else {
    return fix_up<F, Mode, Policy, instruction>(bits, hardware_narrow<F, Mode>(x));
  }
}

// widen_float<F>(bits): the float of an F encoding, as lowp::detail::widen<float, F>. On
// the device float16 uses cvt.f32.f16 (__half2float), which is exact for every non-NaN
// half (widening never rounds); NaNs take the engine's path to keep their payload.
template <class F>
LOWP_HOST_DEVICE float widen_float(typename F::storage bits) noexcept {
  if constexpr (LOWP_CUDA_ARCH != 0 && is_format_of<F, float16>) {
    if (lowp::detail::is_nan_encoding<F>(bits)) return lowp::detail::widen<float, F>(bits);
    __half_raw raw;
    raw.x = bits;
    return __half2float(__half(raw));
  } else {
    return lowp::detail::widen<float, F>(bits);
  }
}

// element<To, Mode, Policy>(x): one conversion with the mode and policy fixed at compile
// time, as the cast kernels need it.
template <class To, rounding Mode, overflow Policy, class From>
LOWP_HOST_DEVICE To element(From x) noexcept {
  if constexpr (std::is_same<From, float>::value && lowp::detail::is_basic_float<To>::value) {
    return To::from_bits(narrow_float<typename To::format_type, Mode, Policy>(x));
  } else if constexpr (lowp::detail::is_basic_float<From>::value && std::is_same<To, float>::value) {
    return widen_float<typename From::format_type>(x.bits());
  } else {
    return lowp::convert<To>(x, Mode, Policy);
  }
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
  constexpr bool fast = (std::is_same<From, float>::value && lowp::detail::is_basic_float<To>::value) ||
                        (lowp::detail::is_basic_float<From>::value && std::is_same<To, float>::value);
  if constexpr (fast && LOWP_CUDA_ARCH != 0) {
    using detail::element;
    constexpr overflow ieee = overflow::ieee, saturate = overflow::saturate;  // others mean ieee
    const bool sat = policy == overflow::saturate;
    switch (mode) {
      case rounding::to_nearest_even:
        return sat ? element<To, rounding::to_nearest_even, saturate>(x) : element<To, rounding::to_nearest_even, ieee>(x);
      case rounding::to_nearest_away:
        return sat ? element<To, rounding::to_nearest_away, saturate>(x) : element<To, rounding::to_nearest_away, ieee>(x);
      case rounding::toward_zero:
        return sat ? element<To, rounding::toward_zero, saturate>(x) : element<To, rounding::toward_zero, ieee>(x);
      case rounding::upward:
        return sat ? element<To, rounding::upward, saturate>(x) : element<To, rounding::upward, ieee>(x);
      case rounding::downward:
        return sat ? element<To, rounding::downward, saturate>(x) : element<To, rounding::downward, ieee>(x);
    }
  }
  return lowp::convert<To>(x, mode, policy);  // also the answer for a mode outside the enumeration
}

}  // namespace cuda
}  // namespace lowp

// Each pair stores one encoding in objects of one size and alignment, so a device buffer
// of one can be passed as a buffer of the other (cudaMemcpy, a kernel taking __half*).
static_assert(sizeof(lowp::float16) == sizeof(__half) && alignof(lowp::float16) == alignof(__half), "");
static_assert(sizeof(lowp::bfloat16) == sizeof(__nv_bfloat16) && alignof(lowp::bfloat16) == alignof(__nv_bfloat16), "");
static_assert(sizeof(lowp::float8_e4m3fn) == sizeof(__nv_fp8_e4m3) && alignof(lowp::float8_e4m3fn) == alignof(__nv_fp8_e4m3), "");
static_assert(sizeof(lowp::float8_e5m2) == sizeof(__nv_fp8_e5m2) && alignof(lowp::float8_e5m2) == alignof(__nv_fp8_e5m2), "");

#endif  // LOWP_CUDA
