// The CUDA conversions lowp must match bit for bit, each paired with the lowp conversion
// the contract (shared/DESIGN.md, "The full format set") says gives the same bits.
//
// CUDA's host implementations in cuda_fp8.hpp, cuda_fp6.hpp and cuda_fp4.hpp are plain
// C++ (the PTX paths exist only in device code), so the C++ compiler runs them here.
//
// The mapping:
//   __nv_cvt_*_to_fp8 (nearest even only)  __NV_SATFINITE -> overflow::saturate,
//                                           __NV_NOSAT     -> overflow::ieee
//   __nv_cvt_*_to_fp6 / _fp4               cudaRoundNearest -> to_nearest_even,
//                                           cudaRoundZero -> toward_zero; CUDA always
//                                           saturates and so does lowp under both policies
//                                           (fp6/fp4 have no infinity and no NaN), so both
//                                           policies are compared with the one CUDA result
//   __nv_cvt_*_to_e8m0                      cudaRoundZero -> toward_zero,
//                                           cudaRoundPosInf -> upward; __NV_NOSAT -> ieee,
//                                           __NV_SATFINITE -> saturate
//
// The one documented difference: a NaN into fp8. CUDA's float path returns a canonical
// NaN (it replaces the input by 0x7FFFFFFF before converting, so -NaN gives +NaN); lowp
// keeps the sign and the high payload bits. For the fp8 rows a NaN input therefore passes
// when both results are NaN, and the number of such inputs whose bits differ is reported
// on its own. Everything else, NaN inputs of the other rows included, must be equal.
#pragma once

#include <cuda_fp4.h>  // includes cuda_fp6.h, which includes cuda_fp8.h

#include <lowp/classify.hpp>
#include <lowp/convert.hpp>

#include <cstdint>

namespace lowp_cuda_host {

// One side of CUDA's: the function with its arguments fixed, for float and double inputs.
template <__nv_fp8_interpretation_t Interpretation, __nv_saturation_t Saturation>
struct cuda_fp8 {
  static std::uint8_t of(float x) { return __nv_cvt_float_to_fp8(x, Saturation, Interpretation); }
  static std::uint8_t of(double x) { return __nv_cvt_double_to_fp8(x, Saturation, Interpretation); }
  static constexpr const char* function = Interpretation == __NV_E4M3 ? "fp8 E4M3" : "fp8 E5M2";
  static constexpr const char* mode = "nearest";
  static constexpr const char* saturation = Saturation == __NV_SATFINITE ? "SATFINITE" : "NOSAT";
  static constexpr bool nan_by_class = true;
};

template <__nv_fp6_interpretation_t Interpretation, cudaRoundMode Mode>
struct cuda_fp6 {
  static std::uint8_t of(float x) { return __nv_cvt_float_to_fp6(x, Interpretation, Mode); }
  static std::uint8_t of(double x) { return __nv_cvt_double_to_fp6(x, Interpretation, Mode); }
  static constexpr const char* function = Interpretation == __NV_E2M3 ? "fp6 E2M3" : "fp6 E3M2";
  static constexpr const char* mode = Mode == cudaRoundNearest ? "nearest" : "zero";
  static constexpr const char* saturation = "(always)";
  static constexpr bool nan_by_class = false;
};

template <cudaRoundMode Mode>
struct cuda_fp4 {
  static std::uint8_t of(float x) { return __nv_cvt_float_to_fp4(x, __NV_E2M1, Mode); }
  static std::uint8_t of(double x) { return __nv_cvt_double_to_fp4(x, __NV_E2M1, Mode); }
  static constexpr const char* function = "fp4 E2M1";
  static constexpr const char* mode = Mode == cudaRoundNearest ? "nearest" : "zero";
  static constexpr const char* saturation = "(always)";
  static constexpr bool nan_by_class = false;
};

template <__nv_saturation_t Saturation, cudaRoundMode Mode>
struct cuda_e8m0 {
  static std::uint8_t of(float x) { return __nv_cvt_float_to_e8m0(x, Saturation, Mode); }
  static std::uint8_t of(double x) { return __nv_cvt_double_to_e8m0(x, Saturation, Mode); }
  static constexpr const char* function = "e8m0";
  static constexpr const char* mode = Mode == cudaRoundZero ? "zero" : "posinf";
  static constexpr const char* saturation = Saturation == __NV_SATFINITE ? "SATFINITE" : "NOSAT";
  static constexpr bool nan_by_class = false;
};

// lowp's side: convert<T>(x, Mode, Policy).
template <class T, lowp::rounding Mode, lowp::overflow Policy>
struct lowp_side {
  using type = T;
  template <class From>
  static std::uint8_t of(From x) {
    return lowp::convert<T>(x, Mode, Policy).bits();
  }
  static constexpr lowp::rounding mode = Mode;
  static constexpr lowp::overflow policy = Policy;
};

// A CUDA function and the lowp conversions that must give its bits.
template <class Cuda, class... Lowp>
struct pair {
  using cuda = Cuda;
};

// Every pair, in the order the report prints them.
template <class... Pairs>
struct pair_list {};

using lowp::overflow;
using lowp::rounding;
using all_pairs = pair_list<
    pair<cuda_fp8<__NV_E4M3, __NV_SATFINITE>, lowp_side<lowp::float8_e4m3fn, rounding::to_nearest_even, overflow::saturate>>,
    pair<cuda_fp8<__NV_E4M3, __NV_NOSAT>, lowp_side<lowp::float8_e4m3fn, rounding::to_nearest_even, overflow::ieee>>,
    pair<cuda_fp8<__NV_E5M2, __NV_SATFINITE>, lowp_side<lowp::float8_e5m2, rounding::to_nearest_even, overflow::saturate>>,
    pair<cuda_fp8<__NV_E5M2, __NV_NOSAT>, lowp_side<lowp::float8_e5m2, rounding::to_nearest_even, overflow::ieee>>,
    pair<cuda_fp6<__NV_E2M3, cudaRoundNearest>,
         lowp_side<lowp::float6_e2m3fn, rounding::to_nearest_even, overflow::ieee>,
         lowp_side<lowp::float6_e2m3fn, rounding::to_nearest_even, overflow::saturate>>,
    pair<cuda_fp6<__NV_E2M3, cudaRoundZero>,
         lowp_side<lowp::float6_e2m3fn, rounding::toward_zero, overflow::ieee>,
         lowp_side<lowp::float6_e2m3fn, rounding::toward_zero, overflow::saturate>>,
    pair<cuda_fp6<__NV_E3M2, cudaRoundNearest>,
         lowp_side<lowp::float6_e3m2fn, rounding::to_nearest_even, overflow::ieee>,
         lowp_side<lowp::float6_e3m2fn, rounding::to_nearest_even, overflow::saturate>>,
    pair<cuda_fp6<__NV_E3M2, cudaRoundZero>,
         lowp_side<lowp::float6_e3m2fn, rounding::toward_zero, overflow::ieee>,
         lowp_side<lowp::float6_e3m2fn, rounding::toward_zero, overflow::saturate>>,
    pair<cuda_fp4<cudaRoundNearest>,
         lowp_side<lowp::float4_e2m1fn, rounding::to_nearest_even, overflow::ieee>,
         lowp_side<lowp::float4_e2m1fn, rounding::to_nearest_even, overflow::saturate>>,
    pair<cuda_fp4<cudaRoundZero>,
         lowp_side<lowp::float4_e2m1fn, rounding::toward_zero, overflow::ieee>,
         lowp_side<lowp::float4_e2m1fn, rounding::toward_zero, overflow::saturate>>,
    pair<cuda_e8m0<__NV_NOSAT, cudaRoundZero>, lowp_side<lowp::float8_e8m0fnu, rounding::toward_zero, overflow::ieee>>,
    pair<cuda_e8m0<__NV_SATFINITE, cudaRoundZero>,
         lowp_side<lowp::float8_e8m0fnu, rounding::toward_zero, overflow::saturate>>,
    pair<cuda_e8m0<__NV_NOSAT, cudaRoundPosInf>, lowp_side<lowp::float8_e8m0fnu, rounding::upward, overflow::ieee>>,
    pair<cuda_e8m0<__NV_SATFINITE, cudaRoundPosInf>,
         lowp_side<lowp::float8_e8m0fnu, rounding::upward, overflow::saturate>>>;

}  // namespace lowp_cuda_host
