// The device block kernels (cuda_blocks.cuh) against the host functions (blocks.hpp), bit
// for bit: every MX element type x both scale rules x five modes, and NVFP4 x five modes,
// on tensors with outliers, zero, NaN and infinite blocks, float subnormals and huge
// values, and an odd length. Without a GPU it says so and exits 77 (CTest: skipped).
#include <lowp/cuda_blocks.cuh>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

std::vector<float> make_tensor(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_int_distribution<int> exponent(-140, 120), kind(0, 6);
  std::vector<float> x(n);
  for (std::size_t first = 0; first < n; first += 32) {
    const int k = kind(rng), e = exponent(rng);
    for (std::size_t i = first; i < n && i < first + 32; ++i) {
      float v = std::ldexp(normal(rng), e);
      if (k == 1) v = 0.0f;
      if (k == 2 && i == first + 3) v = std::numeric_limits<float>::quiet_NaN();
      if (k == 3 && i == first + 5) v = -std::numeric_limits<float>::infinity();
      if (k == 4) v = std::ldexp(normal(rng), -135);
      if (k == 5 && i == first) v = std::ldexp(6.0f, e / 2);
      x[i] = v;
    }
  }
  return x;
}

std::size_t mismatches = 0, compared = 0;

template <class T>
void compare(const std::vector<T>& host, const T* device, std::size_t count, const char* what) {
  std::vector<T> back(count);
  cudaMemcpy(back.data(), device, count * sizeof(T), cudaMemcpyDeviceToHost);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < count; ++i) bad += std::memcmp(&back[i], &host[i], sizeof(T)) != 0;
  if (bad != 0) std::printf("MISMATCH %s: %zu of %zu\n", what, bad, count);
  mismatches += bad;
  compared += count;
}

const lowp::rounding modes[] = {lowp::rounding::to_nearest_even, lowp::rounding::to_nearest_away,
                                lowp::rounding::toward_zero, lowp::rounding::upward, lowp::rounding::downward};

template <class Elem>
void check_mx(const std::vector<float>& x, const float* dx, std::uint8_t* dq, lowp::float8_e8m0fnu* ds, float* dy) {
  const std::size_t n = x.size(), bytes = Elem::format_type::total_bits == 4 ? (n + 1) / 2 : n, blocks = (n + 31) / 32;
  for (lowp::scale_rule rule : {lowp::scale_rule::floor, lowp::scale_rule::ceil}) {
    for (lowp::rounding mode : modes) {
      std::vector<std::uint8_t> q(bytes);
      std::vector<lowp::float8_e8m0fnu> s(blocks);
      std::vector<float> y(n);
      lowp::quantize_mx<Elem>(x.data(), n, q.data(), s.data(), rule, mode);
      lowp::dequantize_mx<Elem>(q.data(), s.data(), n, y.data());
      lowp::cuda::quantize_mx<Elem>(dx, n, dq, ds, 0, rule, mode);
      lowp::cuda::dequantize_mx<Elem>(dq, ds, n, dy, 0);
      cudaDeviceSynchronize();
      compare(q, dq, bytes, "mx elements");
      compare(s, ds, blocks, "mx scales");
      compare(y, dy, n, "mx dequantized");
    }
  }
}

}  // namespace

int main() {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess || count == 0) {
    std::printf("SKIPPED: no CUDA device (%s)\n", e != cudaSuccess ? cudaGetErrorString(e) : "0 devices");
    return 77;
  }
  const std::size_t n = 100003;
  const std::vector<float> x = make_tensor(n, 3);
  float *dx = nullptr, *dy = nullptr;
  std::uint8_t* dq = nullptr;
  lowp::float8_e8m0fnu* ds = nullptr;
  lowp::float8_e4m3fn* dbs = nullptr;
  cudaMalloc(&dx, n * sizeof(float));
  cudaMalloc(&dy, n * sizeof(float));
  cudaMalloc(&dq, n);
  cudaMalloc(&ds, n / 16 + 1);
  cudaMalloc(&dbs, n / 16 + 1);
  cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  check_mx<lowp::float8_e4m3fn>(x, dx, dq, ds, dy);
  check_mx<lowp::float8_e5m2>(x, dx, dq, ds, dy);
  check_mx<lowp::float6_e2m3fn>(x, dx, dq, ds, dy);
  check_mx<lowp::float6_e3m2fn>(x, dx, dq, ds, dy);
  check_mx<lowp::float4_e2m1fn>(x, dx, dq, ds, dy);
  float amax = 0.0f;
  for (float v : x) {
    if (std::isfinite(v)) amax = std::fmax(amax, std::fabs(v));
  }
  for (float ts : {lowp::nvfp4_tensor_scale(amax), 1.0f, 1e-30f}) {
    for (lowp::rounding mode : modes) {
      std::vector<std::uint8_t> q((n + 1) / 2);
      std::vector<lowp::float8_e4m3fn> s((n + 15) / 16);
      std::vector<float> y(n);
      lowp::quantize_nvfp4(x.data(), n, ts, q.data(), s.data(), mode);
      lowp::dequantize_nvfp4(q.data(), s.data(), ts, n, y.data());
      lowp::cuda::quantize_nvfp4(dx, n, ts, dq, dbs, 0, mode);
      lowp::cuda::dequantize_nvfp4(dq, dbs, ts, n, dy, 0);
      cudaDeviceSynchronize();
      compare(q, dq, q.size(), "nvfp4 elements");
      compare(s, dbs, s.size(), "nvfp4 scales");
      compare(y, dy, n, "nvfp4 dequantized");
    }
  }
  const cudaError_t last = cudaGetLastError();
  cudaFree(dx);
  cudaFree(dy);
  cudaFree(dq);
  cudaFree(ds);
  cudaFree(dbs);
  std::printf("blocks on the GPU: %zu values compared with the host, %zu mismatches (%s)\n", compared, mismatches,
              cudaGetErrorString(last));
  return mismatches == 0 && last == cudaSuccess ? 0 : 1;
}
