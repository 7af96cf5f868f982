// The other direction: CUDA's widening of every encoding of its fp8, fp6, fp4 and e8m0
// types (to __half / __nv_bfloat16, which hold every such value exactly) against lowp's
// widening to float. Equal values for every encoding is what makes lowp/cuda.hpp's
// implicit bit-copying conversions value-preserving. NaN encodings must widen to NaN on
// both sides (CUDA's widened NaN is canonical, lowp's keeps the payload).
#pragma once

#include <cuda_fp4.h>

#include <lowp/classify.hpp>
#include <lowp/convert.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

namespace lowp_cuda_host {

struct widening_row {
  const char* cuda_function = nullptr;
  const char* lowp_type = nullptr;
  unsigned encodings = 0;
  unsigned mismatches = 0;
  std::vector<unsigned> first;  // failing encodings
};

// Compares lowp's float(T::from_bits(b)) with CUDA's widening `cuda(b)` (a float) for all
// 2^bits encodings b of T.
template <class T, class CudaWiden>
widening_row compare_widening(const char* cuda_function, CudaWiden cuda) {
  widening_row row;
  row.cuda_function = cuda_function;
  row.lowp_type = lowp::type_name<T>;
  constexpr unsigned count = 1u << T::format_type::total_bits;
  for (unsigned b = 0; b < count; ++b) {
    const T x = T::from_bits(static_cast<typename T::storage_type>(b));
    const float l = static_cast<float>(x), c = cuda(static_cast<std::uint8_t>(b));
    std::uint32_t lb, cb;
    std::memcpy(&lb, &l, sizeof lb);
    std::memcpy(&cb, &c, sizeof cb);
    const bool same = lowp::isnan(x) ? (l != l && c != c) : lb == cb;
    ++row.encodings;
    if (!same) {
      ++row.mismatches;
      if (row.first.size() < 4) row.first.push_back(b);
    }
  }
  return row;
}

inline float from_half(__half_raw h) { return static_cast<float>(lowp::float16::from_bits(h.x)); }

inline std::vector<widening_row> compare_all_widenings() {
  return {
      compare_widening<lowp::float8_e4m3fn>("__nv_cvt_fp8_to_halfraw E4M3",
                                            [](std::uint8_t b) { return from_half(__nv_cvt_fp8_to_halfraw(b, __NV_E4M3)); }),
      compare_widening<lowp::float8_e5m2>("__nv_cvt_fp8_to_halfraw E5M2",
                                          [](std::uint8_t b) { return from_half(__nv_cvt_fp8_to_halfraw(b, __NV_E5M2)); }),
      compare_widening<lowp::float6_e2m3fn>("__nv_cvt_fp6_to_halfraw E2M3",
                                            [](std::uint8_t b) { return from_half(__nv_cvt_fp6_to_halfraw(b, __NV_E2M3)); }),
      compare_widening<lowp::float6_e3m2fn>("__nv_cvt_fp6_to_halfraw E3M2",
                                            [](std::uint8_t b) { return from_half(__nv_cvt_fp6_to_halfraw(b, __NV_E3M2)); }),
      compare_widening<lowp::float4_e2m1fn>("__nv_cvt_fp4_to_halfraw E2M1",
                                            [](std::uint8_t b) { return from_half(__nv_cvt_fp4_to_halfraw(b, __NV_E2M1)); }),
      compare_widening<lowp::float8_e8m0fnu>("__nv_cvt_e8m0_to_bf16raw", [](std::uint8_t b) {
        return static_cast<float>(lowp::bfloat16::from_bits(__nv_cvt_e8m0_to_bf16raw(b).x));
      }),
  };
}

}  // namespace lowp_cuda_host
