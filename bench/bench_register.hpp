// Registration helpers shared by the benchmark translation units.
//
// Every benchmark is named "<direction>/<implementation>/<n>" and reports items_per_second
// (elements converted per second); bench/plot.py reads those names.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>


namespace lowp_bench {

// The sizes of every benchmark: L1, L2 and DRAM resident (floats: 4 KiB, 256 KiB, 64 MiB).
constexpr std::size_t sizes[] = {std::size_t{1} << 10, std::size_t{1} << 16, std::size_t{1} << 24};
constexpr std::size_t max_size = std::size_t{1} << 24;

// Registers `run(n)` (one pass over n elements) for every size.
inline void add(const std::string& direction, const std::string& implementation,
                const std::function<void(std::size_t)>& run, const std::function<void()>& setup = {}) {
  for (std::size_t n : sizes) {
    const std::string name = direction + "/" + implementation + "/" + std::to_string(n);
    benchmark::RegisterBenchmark(name.c_str(), [run, setup, n](benchmark::State& state) {
      if (setup) setup();
      run(n);  // warm the caches and the dispatcher
      for (auto _ : state) {
        run(n);
        benchmark::ClobberMemory();
      }
      state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    });
  }
}

// Registration functions of each translation unit.
void register_bulk();
void register_peers();

// The shared inputs (bench_data.hpp), max_size elements each.
const float* float_data();
const std::uint16_t* float16_bits();
const std::uint16_t* bfloat16_bits();

}  // namespace lowp_bench
