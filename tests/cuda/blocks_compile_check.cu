// Compile-only: every device entry point of cuda_blocks.cuh instantiated for every element
// type, under nvcc's warnings as errors (tests/cuda/CMakeLists.txt, lowp_cuda_compile_checks).
#include <lowp/cuda_blocks.cuh>

#include <cstdint>

namespace {

template <class Elem>
cudaError_t mx_round_trip(const float* x, std::size_t n, std::uint8_t* q, lowp::float8_e8m0fnu* s, float* y,
                          cudaStream_t stream) {
  cudaError_t e = lowp::cuda::quantize_mx<Elem>(x, n, q, s, stream, lowp::scale_rule::ceil, lowp::rounding::toward_zero);
  if (e != cudaSuccess) return e;
  return lowp::cuda::dequantize_mx<Elem>(q, s, n, y, stream);
}

}  // namespace

cudaError_t lowp_blocks_compile_check(const float* x, std::size_t n, std::uint8_t* q, lowp::float8_e8m0fnu* s,
                                      lowp::float8_e4m3fn* bs, float* y, cudaStream_t stream) {
  cudaError_t e = mx_round_trip<lowp::float8_e4m3fn>(x, n, q, s, y, stream);
  if (e == cudaSuccess) e = mx_round_trip<lowp::float8_e5m2>(x, n, q, s, y, stream);
  if (e == cudaSuccess) e = mx_round_trip<lowp::float6_e2m3fn>(x, n, q, s, y, stream);
  if (e == cudaSuccess) e = mx_round_trip<lowp::float6_e3m2fn>(x, n, q, s, y, stream);
  if (e == cudaSuccess) e = mx_round_trip<lowp::float4_e2m1fn>(x, n, q, s, y, stream);
  const float ts = lowp::nvfp4_tensor_scale(3.0f);
  if (e == cudaSuccess) e = lowp::cuda::quantize_nvfp4(x, n, ts, q, bs, stream, lowp::rounding::upward);
  if (e == cudaSuccess) e = lowp::cuda::dequantize_nvfp4(q, bs, ts, n, y, stream);
  return e;
}
