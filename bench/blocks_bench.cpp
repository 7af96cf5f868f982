// Block-scaled formats (lowp/blocks.hpp) on every path the CPU runs, against this
// process's own ceilings over the same bytes: a plain read of the float input (what
// quantizing must at least do), a plain write of the float output (what dequantizing must
// at least do; with regular stores, and with non-temporal ones), and memcpy. bench/RESULTS.md ("Block-scaled formats") gives the ratios.
// Compiled without -march: the baseline loops carry target attributes, like lowp's kernels.
//
//   lowp_blocks_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <lowp/blocks.hpp>

#include <immintrin.h>

namespace {

constexpr std::size_t sizes[] = {std::size_t{1} << 16, std::size_t{1} << 24};  // 256 KiB, 64 MiB of floats
constexpr std::size_t max_n = std::size_t{1} << 24;

// Weights-like data: normal values with a per-block spread of magnitudes and outliers.
const std::vector<float>& input() {
  static const std::vector<float> x = [] {
    std::vector<float> v(max_n);
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = normal(rng) * std::ldexp(1.0f, static_cast<int>((i / 32) % 7) - 3);
      if (i % 997 == 0) v[i] *= 50.0f;
    }
    return v;
  }();
  return x;
}

// The quantizers' output (overwritten by each), and each dequantizer's own input: the
// input quantized once to its format, so that what a dequantizer reads does not depend on
// which quantizer ran last.
std::vector<std::uint8_t> element_buffer(max_n + 64);
std::vector<std::uint8_t> scale_buffer(max_n / 16 + 64);
struct blocks {
  std::vector<std::uint8_t> elements = std::vector<std::uint8_t>(max_n + 64);
  std::vector<std::uint8_t> scales = std::vector<std::uint8_t>(max_n / 16 + 64);
};
template <class Elem>
blocks& mx_input() {
  static blocks b = [] {
    blocks q;
    lowp::quantize_mx<Elem>(input().data(), max_n, q.elements.data(),
                            reinterpret_cast<lowp::float8_e8m0fnu*>(q.scales.data()));
    return q;
  }();
  return b;
}
blocks& nvfp4_input() {
  static blocks b = [] {
    blocks q;
    lowp::quantize_nvfp4(input().data(), max_n, 0.01f, q.elements.data(),
                         reinterpret_cast<lowp::float8_e4m3fn*>(q.scales.data()));
    return q;
  }();
  return b;
}
std::vector<float> float_out(max_n);
std::vector<float> copy_out(max_n);

// The plain read: every word of the input ORed together (vectorized by the compiler).
[[gnu::target("avx2")]] std::uint32_t read_avx2(const float* p, std::size_t n) {
  const std::uint32_t* u = reinterpret_cast<const std::uint32_t*>(static_cast<const void*>(p));
  std::uint32_t acc = 0;
  for (std::size_t i = 0; i < n; ++i) acc |= u[i];
  return acc;
}
[[gnu::target("avx2,avx512f")]] std::uint32_t read_avx512(const float* p, std::size_t n) {
  const std::uint32_t* u = reinterpret_cast<const std::uint32_t*>(static_cast<const void*>(p));
  std::uint32_t acc = 0;
  for (std::size_t i = 0; i < n; ++i) acc |= u[i];
  return acc;
}

// The plain write as a store loop (regular stores, as the dequantizers make; memset may
// use other ones).
[[gnu::target("avx2,avx512f")]] void write_avx512(float* p, std::size_t n) {
  const __m512 z = _mm512_set1_ps(1.0f);
  for (std::size_t i = 0; i + 16 <= n; i += 16) _mm512_storeu_ps(p + i, z);
}

// The plain write with non-temporal stores (whole 64-byte lines, no read of the line
// first), as lowp's dequantizers write outputs larger than a core's L2: the ceiling of
// that kind of write.
[[gnu::target("avx2,avx512f")]] void write_stream_avx512(float* p, std::size_t n) {
  std::size_t i = 0;
  for (; i < n && reinterpret_cast<std::uintptr_t>(p + i) % 64 != 0; ++i) p[i] = 1.0f;
  const __m512 z = _mm512_set1_ps(1.0f);
  for (; i + 16 <= n; i += 16) _mm512_stream_ps(p + i, z);
  for (; i < n; ++i) p[i] = 1.0f;
  _mm_sfence();
}

// Registers `run` at size n as "name/n", first switching to `path` (registration order is
// not run order under random interleaving).
void add_one(const std::string& name, std::size_t n, void (*run)(std::size_t), lowp::simd_path path) {
  const std::string full = name + "/" + std::to_string(n);
  benchmark::RegisterBenchmark(full.c_str(), [run, n, path](benchmark::State& state) {
    lowp::set_bulk_path(path);
    run(n);  // warm the caches and the dispatcher
    for (auto _ : state) {
      run(n);
      benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n * 4));
  });
}

// Baselines run on the best path (for the bulk conversions among them).
void add(const std::string& name, void (*run)(std::size_t)) {
  for (std::size_t n : sizes) add_one(name, n, run, lowp::bulk_path());
}

template <class Elem>
void quantize_mx(std::size_t n) {
  lowp::quantize_mx<Elem>(input().data(), n, element_buffer.data(),
                          reinterpret_cast<lowp::float8_e8m0fnu*>(scale_buffer.data()));
}
template <class Elem>
void dequantize_mx(std::size_t n) {
  const blocks& b = mx_input<Elem>();
  lowp::dequantize_mx<Elem>(b.elements.data(), reinterpret_cast<const lowp::float8_e8m0fnu*>(b.scales.data()), n,
                            float_out.data());
}
void quantize_nvfp4(std::size_t n) {
  lowp::quantize_nvfp4(input().data(), n, 0.01f, element_buffer.data(),
                       reinterpret_cast<lowp::float8_e4m3fn*>(scale_buffer.data()));
}
void dequantize_nvfp4(std::size_t n) {
  const blocks& b = nvfp4_input();
  lowp::dequantize_nvfp4(b.elements.data(), reinterpret_cast<const lowp::float8_e4m3fn*>(b.scales.data()), 0.01f, n,
                         float_out.data());
}

void register_all() {
  add("baseline/plain_read_avx2", [](std::size_t n) { benchmark::DoNotOptimize(read_avx2(input().data(), n)); });
  if (lowp::bulk_path_supported(lowp::simd_path::avx512)) {
    add("baseline/plain_read_avx512", [](std::size_t n) { benchmark::DoNotOptimize(read_avx512(input().data(), n)); });
    add("baseline/plain_write_avx512", [](std::size_t n) { write_avx512(float_out.data(), n); });
    add("baseline/plain_write_stream_avx512", [](std::size_t n) { write_stream_avx512(float_out.data(), n); });
  }
  add("baseline/plain_write_memset", [](std::size_t n) { std::memset(float_out.data(), 0, n * sizeof(float)); });
  // lowp's own bulk conversion of the same direction, without blocks (the active path).
  add("baseline/bulk_f32_to_e4m3", [](std::size_t n) {
    lowp::convert(input().data(), reinterpret_cast<lowp::float8_e4m3fn*>(element_buffer.data()), n);
  });
  add("baseline/bulk_e4m3_to_f32", [](std::size_t n) {
    lowp::convert(reinterpret_cast<const lowp::float8_e4m3fn*>(mx_input<lowp::float8_e4m3fn>().elements.data()),
                  float_out.data(), n);
  });
  add("baseline/memcpy", [](std::size_t n) { std::memcpy(copy_out.data(), input().data(), n * sizeof(float)); });
  for (lowp::simd_path p : {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512}) {
    if (!lowp::bulk_path_supported(p)) continue;
    const std::string path = lowp::bulk_path_name(p);
    struct entry {
      const char* name;
      void (*run)(std::size_t);
    };
    const entry entries[] = {
        {"quantize_mxfp4", quantize_mx<lowp::float4_e2m1fn>},   {"quantize_mxfp8_e4m3", quantize_mx<lowp::float8_e4m3fn>},
        {"quantize_mxfp6_e2m3", quantize_mx<lowp::float6_e2m3fn>}, {"quantize_nvfp4", quantize_nvfp4},
        {"dequantize_mxfp4", dequantize_mx<lowp::float4_e2m1fn>}, {"dequantize_mxfp8_e4m3", dequantize_mx<lowp::float8_e4m3fn>},
        {"dequantize_mxfp6_e2m3", dequantize_mx<lowp::float6_e2m3fn>}, {"dequantize_nvfp4", dequantize_nvfp4},
    };
    for (const entry& e : entries) {
      for (std::size_t n : sizes) add_one(std::string(e.name) + "/" + path, n, e.run, p);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
