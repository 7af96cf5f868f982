// Bandwidth of the device block kernels against cudaMemcpy (device to device) of the same
// float bytes, in one process: MXFP4, MXFP8 (E4M3) and NVFP4 quantize and dequantize at
// 16M and 256M elements, best of 20 runs each, timed with CUDA events. Not a test (no
// timings in tests): run it by hand. Without a GPU it says so and exits 77.
#include <lowp/cuda_blocks.cuh>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

template <class F>
float best_ms(F run) {
  cudaEvent_t a, b;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
  run();
  float best = 1e30f;
  for (int i = 0; i < 20; ++i) {
    cudaEventRecord(a);
    run();
    cudaEventRecord(b);
    cudaEventSynchronize(b);
    float ms = 0.0f;
    cudaEventElapsedTime(&ms, a, b);
    best = ms < best ? ms : best;
  }
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  return best;
}

}  // namespace

int main() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    std::printf("SKIPPED: no CUDA device\n");
    return 77;
  }
  for (std::size_t n : {std::size_t{1} << 24, std::size_t{1} << 28}) {
    float *x = nullptr, *y = nullptr;
    std::uint8_t* q = nullptr;
    lowp::float8_e8m0fnu* s = nullptr;
    lowp::float8_e4m3fn* bs = nullptr;
    cudaMalloc(&x, n * 4);
    cudaMalloc(&y, n * 4);
    cudaMalloc(&q, n);
    cudaMalloc(&s, n / 16);
    cudaMalloc(&bs, n / 16);
    cudaMemset(x, 0x3f, n * 4);
    const float copy = best_ms([&] { cudaMemcpy(y, x, n * 4, cudaMemcpyDeviceToDevice); });
    const double gb = static_cast<double>(n) * 4 / 1e9;
    std::printf("n=%zu cudaMemcpy D2D of the floats: %.3f ms (%.0f GB/s of float bytes)\n", n, copy, gb / copy * 1e3);
    auto report = [&](const char* name, float ms) {
      std::printf("  %-22s %.3f ms  %.0f GB/s of float bytes  ratio vs cudaMemcpy %.2f\n", name, ms, gb / ms * 1e3,
                  copy / ms);
    };
    report("quantize mxfp4", best_ms([&] { lowp::cuda::quantize_mx<lowp::float4_e2m1fn>(x, n, q, s); }));
    report("dequantize mxfp4", best_ms([&] { lowp::cuda::dequantize_mx<lowp::float4_e2m1fn>(q, s, n, y); }));
    report("quantize mxfp8_e4m3", best_ms([&] { lowp::cuda::quantize_mx<lowp::float8_e4m3fn>(x, n, q, s); }));
    report("dequantize mxfp8_e4m3", best_ms([&] { lowp::cuda::dequantize_mx<lowp::float8_e4m3fn>(q, s, n, y); }));
    report("quantize nvfp4", best_ms([&] { lowp::cuda::quantize_nvfp4(x, n, 0.01f, q, bs); }));
    report("dequantize nvfp4", best_ms([&] { lowp::cuda::dequantize_nvfp4(q, bs, 0.01f, n, y); }));
    cudaFree(x);
    cudaFree(y);
    cudaFree(q);
    cudaFree(s);
    cudaFree(bs);
  }
  return 0;
}
