// lowp/cuda_blocks.cuh — MX and NVFP4 block quantization on the device.
//
//   float* x;  std::uint8_t* q;  lowp::float8_e8m0fnu* s;  std::size_t n;   // device memory
//   cudaError_t e = lowp::cuda::quantize_mx<lowp::float4_e2m1fn>(x, n, q, s, stream);
//   e = lowp::cuda::dequantize_mx<lowp::float4_e2m1fn>(q, s, n, x, stream);
//   e = lowp::cuda::quantize_nvfp4(x, n, lowp::nvfp4_tensor_scale(amax), q, bs, stream);
//   e = lowp::cuda::dequantize_nvfp4(q, bs, ts, n, x, stream);
//
// The layouts and the results are those of the host functions of blocks.hpp, bit for bit:
// each thread runs one block through the very functions the host's portable path runs
// (detail::quantize_block_scalar / dequantize_block_scalar: the same per-element code,
// whose rounding is the engine's). Device float arithmetic is IEEE (round to nearest, no
// flush to zero unless the program is built with -ftz=true or --use_fast_math, which
// would change NVFP4's float divisions: don't), and NaN results are canonical on both
// sides (blocks.hpp).
//
// Errors: cudaErrorInvalidValue for a null pointer with n > 0 or a mode outside the enum;
// otherwise what cudaGetLastError reports after the launch. Asynchronous like a kernel
// launch. Include from a .cu file compiled by nvcc; a plain C++ compiler sees only
// blocks.hpp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "blocks.hpp"
#include "cuda.hpp"

#if LOWP_CUDA

#include <cuda_runtime.h>

namespace lowp {
namespace cuda {
namespace detail {

// for_each_block<B>(n, f): f(b, first, count) for this thread's blocks of a grid-stride
// loop over the ceil(n / B) blocks of B elements (the last has `count` < B when B does
// not divide n).
template <std::size_t B, class F>
__device__ void for_each_block(std::size_t n, F&& f) {
  const std::size_t blocks = n / B + (n % B != 0 ? 1 : 0);
  const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
  for (std::size_t b = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x; b < blocks; b += stride) {
    const std::size_t first = b * B;
    f(b, first, n - first < B ? n - first : B);
  }
}

template <class Codec>
__global__ void quantize_blocks_kernel(Codec codec, const float* src, std::size_t n, std::uint8_t* elements,
                                       typename Codec::scale_type* scales, rounding mode) {
  using F = typename Codec::element_format;
  for_each_block<Codec::block>(n, [&](std::size_t b, std::size_t first, std::size_t count) {
    lowp::detail::quantize_block_scalar(codec, src + first, count, elements + lowp::detail::element_bytes<F>(first),
                                        scales + b, mode);
  });
}

template <class Codec>
__global__ void dequantize_blocks_kernel(Codec codec, const std::uint8_t* elements,
                                         const typename Codec::scale_type* scales, std::size_t n, float* dst) {
  using F = typename Codec::element_format;
  for_each_block<Codec::block>(n, [&](std::size_t b, std::size_t first, std::size_t count) {
    lowp::detail::dequantize_block_scalar(codec, elements + lowp::detail::element_bytes<F>(first), scales[b], count,
                                          dst + first);
  });
}

constexpr unsigned block_threads = 256;

inline unsigned grid_for(std::size_t blocks) noexcept {
  const std::size_t g = blocks / block_threads + 1;
  return static_cast<unsigned>(g < 65535 ? g : 65535);
}

inline bool valid_mode(rounding mode) noexcept {
  return mode == rounding::to_nearest_even || mode == rounding::to_nearest_away || mode == rounding::toward_zero ||
         mode == rounding::upward || mode == rounding::downward;
}

template <class Codec>
cudaError_t launch_quantize(const Codec& codec, const float* src, std::size_t n, std::uint8_t* elements,
                            typename Codec::scale_type* scales, rounding mode, cudaStream_t stream) noexcept {
  if (n == 0) return cudaSuccess;
  if (src == nullptr || elements == nullptr || scales == nullptr || !valid_mode(mode)) return cudaErrorInvalidValue;
  const std::size_t blocks = (n + Codec::block - 1) / Codec::block;
  quantize_blocks_kernel<Codec><<<grid_for(blocks), block_threads, 0, stream>>>(codec, src, n, elements, scales, mode);
  return cudaGetLastError();
}

template <class Codec>
cudaError_t launch_dequantize(const Codec& codec, const std::uint8_t* elements,
                              const typename Codec::scale_type* scales, std::size_t n, float* dst,
                              cudaStream_t stream) noexcept {
  if (n == 0) return cudaSuccess;
  if (elements == nullptr || scales == nullptr || dst == nullptr) return cudaErrorInvalidValue;
  const std::size_t blocks = (n + Codec::block - 1) / Codec::block;
  dequantize_blocks_kernel<Codec><<<grid_for(blocks), block_threads, 0, stream>>>(codec, elements, scales, n, dst);
  return cudaGetLastError();
}

}  // namespace detail

// The device counterparts of blocks.hpp's functions (same arguments, then the stream).
template <class Elem>
cudaError_t quantize_mx(const float* src, std::size_t n, std::uint8_t* elements, float8_e8m0fnu* scales,
                        cudaStream_t stream = 0, scale_rule rule = scale_rule::floor,
                        rounding mode = rounding::to_nearest_even) noexcept {
  static_assert(lowp::detail::is_mx_element<Elem>, "MX elements: float8_e4m3fn, float8_e5m2, float6_e2m3fn, "
                                                    "float6_e3m2fn or float4_e2m1fn");
  return detail::launch_quantize(lowp::detail::mx_codec<Elem>{rule}, src, n, elements, scales, mode, stream);
}

template <class Elem>
cudaError_t dequantize_mx(const std::uint8_t* elements, const float8_e8m0fnu* scales, std::size_t n, float* dst,
                          cudaStream_t stream = 0) noexcept {
  static_assert(lowp::detail::is_mx_element<Elem>, "MX elements: float8_e4m3fn, float8_e5m2, float6_e2m3fn, "
                                                    "float6_e3m2fn or float4_e2m1fn");
  return detail::launch_dequantize(lowp::detail::mx_codec<Elem>{scale_rule::floor}, elements, scales, n, dst, stream);
}

inline cudaError_t quantize_nvfp4(const float* src, std::size_t n, float tensor_scale, std::uint8_t* elements,
                                  float8_e4m3fn* scales, cudaStream_t stream = 0,
                                  rounding mode = rounding::to_nearest_even) noexcept {
  return detail::launch_quantize(lowp::detail::nvfp4_codec{tensor_scale}, src, n, elements, scales, mode, stream);
}

inline cudaError_t dequantize_nvfp4(const std::uint8_t* elements, const float8_e4m3fn* scales, float tensor_scale,
                                    std::size_t n, float* dst, cudaStream_t stream = 0) noexcept {
  return detail::launch_dequantize(lowp::detail::nvfp4_codec{tensor_scale}, elements, scales, n, dst, stream);
}

}  // namespace cuda
}  // namespace lowp

#endif  // LOWP_CUDA
