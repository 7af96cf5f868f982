// Casts a float tensor to float16 on the GPU and checks a sample of the result on the host.
//
//   nvcc -std=c++17 -I include examples/cuda_cast.cu -o cuda_cast && ./cuda_cast
//   (or build the lowp project with nvcc present: target cuda_cast)
//
// It first asks the device what float16 would do to the tensor (how many values overflow,
// underflow or become subnormal), then casts with saturation, so values beyond 65504
// become +-65504 instead of infinity, and checks every 4099th element against the host's
// lowp::saturate_cast, bit for bit.
//
// Exit status: 0 when the sample matches, 1 when it does not or CUDA fails, 77 when there
// is no GPU (the conventional "skipped" status).
#include <lowp/cuda_cast.cuh>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

bool ok(cudaError_t e, const char* what) {
  if (e != cudaSuccess) std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(e));
  return e == cudaSuccess;
}

// Activations of a made-up layer: mostly small, a long tail up to about 1e6 (too large for
// float16) and some values below float16's smallest subnormal (about 6e-8).
std::vector<float> make_tensor(std::size_t n) {
  std::mt19937 rng(42);
  std::normal_distribution<float> value(0.0f, 1.0f);
  std::uniform_real_distribution<float> scale(-9.0f, 6.0f);
  std::vector<float> x(n);
  for (auto& v : x) v = value(rng) * std::pow(10.0f, scale(rng));
  return x;
}

}  // namespace

int main() {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::puts("no CUDA device: nothing to cast (skipped)");
    return 77;
  }
  const std::size_t n = std::size_t{1} << 24;
  const std::vector<float> x = make_tensor(n);

  float* d_x = nullptr;
  lowp::float16* d_h = nullptr;
  cudaStream_t stream = nullptr;
  if (!ok(cudaMalloc(&d_x, n * sizeof(float)), "cudaMalloc") ||
      !ok(cudaMalloc(&d_h, n * sizeof(lowp::float16)), "cudaMalloc") || !ok(cudaStreamCreate(&stream), "stream") ||
      !ok(cudaMemcpyAsync(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice, stream), "upload")) {
    return 1;
  }

  // What would float16 do to this tensor?
  lowp::conversion_stats s;
  if (!ok(lowp::cuda::check_conversion<lowp::float16>(d_x, n, s, stream), "check_conversion")) return 1;
  std::printf("%zu values: %zu overflow float16, %zu underflow to zero, %zu become subnormal, %zu round\n", n,
              s.overflow, s.underflow, s.subnormal, s.inexact);

  // Cast with saturation: overflowing values become +-65504 rather than infinity.
  if (!ok(lowp::cuda::convert(d_x, d_h, n, stream, lowp::rounding::to_nearest_even, lowp::overflow::saturate),
          "convert")) {
    return 1;
  }
  std::vector<lowp::float16> h(n);
  if (!ok(cudaMemcpyAsync(h.data(), d_h, n * sizeof(lowp::float16), cudaMemcpyDeviceToHost, stream), "download") ||
      !ok(cudaStreamSynchronize(stream), "synchronize")) {
    return 1;
  }

  // The device's bits are the host's bits.
  std::size_t checked = 0, mismatches = 0;
  for (std::size_t i = 0; i < n; i += 4099) {
    const lowp::float16 want = lowp::saturate_cast<lowp::float16>(x[i]);
    ++checked;
    if (h[i].bits() != want.bits()) {
      if (++mismatches <= 5) {
        std::printf("x[%zu] = %g: device 0x%04x, host 0x%04x\n", i, static_cast<double>(x[i]),
                    static_cast<unsigned>(h[i].bits()), static_cast<unsigned>(want.bits()));
      }
    }
  }
  std::printf("checked %zu sampled elements on the host: %zu mismatches\n", checked, mismatches);

  cudaFree(d_x);
  cudaFree(d_h);
  cudaStreamDestroy(stream);
  return mismatches == 0 ? 0 : 1;
}
