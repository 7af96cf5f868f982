// lowp's benchmark binary: every bulk path, the hardware ceilings and the peers, in one run.
// The context block names the CPU, the date and the bulk paths this machine runs.
//   lowp_bench --benchmark_format=json --benchmark_out=results.json   (then bench/plot.py)
//   lowp_bench --benchmark_min_time=0.001                              (smoke run, as in CI)
#include <benchmark/benchmark.h>

#include <ctime>
#include <fstream>
#include <string>

#include <lowp/bulk.hpp>

#include "bench_register.hpp"

namespace {

// The first value of a /proc/cpuinfo field ("model name", "cpu family", "model").
std::string cpuinfo(const std::string& field) {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0 && line.find(':') != std::string::npos &&
        line.find_first_not_of(" \t", field.size()) == line.find(':')) {
      return line.substr(line.find(':') + 2);
    }
  }
  return "unknown";
}

std::string cpu_model() {
  return cpuinfo("model name") + " (family " + cpuinfo("cpu family") + ", model " + cpuinfo("model") + ")";
}

std::string today() {
  char buf[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

std::string supported_paths() {
  std::string s;
  for (lowp::simd_path p : {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512,
                            lowp::simd_path::avx512bf16}) {
    if (!s.empty()) s += ' ';
    s += std::string(lowp::bulk_path_name(p)) + (lowp::bulk_path_supported(p) ? "=yes" : "=no");
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("date", today());
  benchmark::AddCustomContext("lowp_paths", supported_paths());
  benchmark::AddCustomContext("lowp_default_path", lowp::bulk_path_name(lowp::bulk_path()));
  lowp_bench::register_bulk();
  lowp_bench::register_peers();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
