// Throughput of the tensor cast kernels (lowp::cuda::convert) against the baseline that
// bounds them: cudaMemcpy device-to-device moving the same number of bytes.
//
// A cast of n elements reads n * sizeof(From) and writes n * sizeof(To) bytes; its
// baseline is a device-to-device copy of half that total, which reads and writes the same
// amount. Each cast row reports
//   bytes_per_second   bytes read + written per second, kernel time only (CUDA events)
//   of_d2d             that rate divided by the baseline's, timed in the same run
// and the BM_memcpy_d2d rows give the baseline on its own. Without a GPU every benchmark
// reports "no CUDA device" and measures nothing.
//
//   ./bench_cuda_cast --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <lowp/cuda_cast.cuh>

#include <cstdint>
#include <string>

namespace {

using lowp::overflow;
using lowp::rounding;

bool have_device() {
  int n = 0;
  return cudaGetDeviceCount(&n) == cudaSuccess && n > 0;
}

// A tensor like a layer's activations, without host round trips: a hash of the index
// gives a sign, a mantissa and an exponent in [2^-24, 2^16), so values span float16's
// subnormals to past its max; one in 1024 is an infinity or a NaN.
__global__ void fill_floats(float* x, std::size_t n) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    std::uint32_t h = static_cast<std::uint32_t>(i) * 2654435761u;
    h ^= h >> 15;
    h *= 2246822519u;
    h ^= h >> 13;
    const std::uint32_t exponent = 127u - 24u + (h >> 8) % 40u;
    const std::uint32_t special = (h & 1023u) == 0 ? 0x7f800000u | (h & 0x400000u) : 0u;
    const std::uint32_t bits = special != 0 ? special | (h & 0x80000000u) : (h & 0x80000000u) | exponent << 23 | (h & 0x7fffffu);
    x[i] = lowp::detail::bit_cast<float>(bits);
  }
}
template <class T>
__global__ void fill_values(T* x, std::size_t n) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    x[i] = T::from_bits(static_cast<typename T::storage_type>(static_cast<std::uint32_t>(i) * 2654435761u >> 16));
  }
}

// Milliseconds of fn() on the device, the best of `repeats`.
template <class Fn>
float best_time_ms(Fn fn, int repeats) {
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  float best = 0.0f;
  for (int r = 0; r < repeats; ++r) {
    cudaEventRecord(start);
    fn();
    cudaEventRecord(stop);
    cudaEventSynchronize(stop);
    float ms = 0.0f;
    cudaEventElapsedTime(&ms, start, stop);
    if (r == 0 || ms < best) best = ms;
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return best;
}

template <class From, class To, rounding Mode, overflow Policy>
void BM_cast(benchmark::State& state) {
  if (!have_device()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::size_t traffic = n * (sizeof(From) + sizeof(To));
  From* src = nullptr;
  To* dst = nullptr;
  unsigned char* copy = nullptr;
  if (cudaMalloc(&src, n * sizeof(From)) != cudaSuccess || cudaMalloc(&dst, n * sizeof(To)) != cudaSuccess ||
      cudaMalloc(&copy, traffic) != cudaSuccess) {
    state.SkipWithError("cudaMalloc failed");
    return;
  }
  if constexpr (std::is_same<From, float>::value) {
    fill_floats<<<4096, 256>>>(src, n);
  } else {
    fill_values<<<4096, 256>>>(src, n);
  }
  cudaError_t error = cudaSuccess;
  const auto cast = [&] {
    const cudaError_t e = lowp::cuda::convert(src, dst, n, nullptr, Mode, Policy);
    if (e != cudaSuccess) error = e;
  };
  // The baseline: a copy whose reads plus writes equal the cast's.
  const auto baseline = [&] { cudaMemcpyAsync(copy + traffic / 2, copy, traffic / 2, cudaMemcpyDeviceToDevice); };
  cast();  // warm up: first launch, page mapping
  baseline();
  const float baseline_ms = best_time_ms(baseline, 20);
  for (auto _ : state) state.SetIterationTime(best_time_ms(cast, 1) * 1e-3);
  if (error == cudaSuccess) error = cudaDeviceSynchronize();
  if (error != cudaSuccess) state.SkipWithError(cudaGetErrorString(error));
  const float cast_ms = best_time_ms(cast, 20);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(traffic));
  state.counters["of_d2d"] = cast_ms > 0.0f ? static_cast<double>(baseline_ms / cast_ms) : 0.0;
  cudaFree(src);
  cudaFree(dst);
  cudaFree(copy);
}

void BM_memcpy_d2d(benchmark::State& state) {
  if (!have_device()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const auto bytes = static_cast<std::size_t>(state.range(0));
  unsigned char *a = nullptr, *b = nullptr;
  if (cudaMalloc(&a, bytes) != cudaSuccess || cudaMalloc(&b, bytes) != cudaSuccess) {
    state.SkipWithError("cudaMalloc failed");
    return;
  }
  const auto copy = [&] { cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice); };
  copy();
  for (auto _ : state) state.SetIterationTime(best_time_ms(copy, 1) * 1e-3);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(2 * bytes));
  cudaFree(a);
  cudaFree(b);
}

constexpr std::int64_t elements = std::int64_t{1} << 26;  // 256 MiB of floats

}  // namespace

using lowp::bfloat16;
using lowp::float16;
using lowp::float8_e4m3fn;
using lowp::float8_e5m2;
constexpr rounding rne = rounding::to_nearest_even;

// Narrowing: the hardware paths (RNE and the directed modes) and, for comparison, modes
// that run the rounding engine (to_nearest_away everywhere; fp8 outside RNE).
BENCHMARK_TEMPLATE(BM_cast, float, float16, rne, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float16, rne, overflow::saturate)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float16, rounding::toward_zero, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float16, rounding::to_nearest_away, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, bfloat16, rne, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, bfloat16, rounding::upward, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, bfloat16, rounding::to_nearest_away, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float8_e4m3fn, rne, overflow::saturate)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float8_e4m3fn, rne, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float8_e4m3fn, rounding::toward_zero, overflow::saturate)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float, float8_e5m2, rne, overflow::ieee)->Arg(elements)->UseManualTime();
// Widening (exact; mode and policy are ignored).
BENCHMARK_TEMPLATE(BM_cast, float16, float, rne, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, bfloat16, float, rne, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float8_e4m3fn, float, rne, overflow::ieee)->Arg(elements)->UseManualTime();
BENCHMARK_TEMPLATE(BM_cast, float8_e5m2, float, rne, overflow::ieee)->Arg(elements)->UseManualTime();
// The baselines on their own: the bytes copied by the float <-> 16-bit and float <-> 8-bit
// casts' equivalents (half their traffic).
BENCHMARK(BM_memcpy_d2d)->Arg(elements * 3)->Arg(elements * 5 / 2)->UseManualTime();

BENCHMARK_MAIN();
