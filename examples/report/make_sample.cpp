// lowp-report-make-sample: writes the bundled sample, examples/data/sample.safetensors.
//
//   lowp-report-make-sample OUT              the sample (three F32 tensors, 320 KiB)
//   lowp-report-make-sample --bytes N OUT    a large file of the same kinds of tensors,
//                                            N bytes of data (for bench/report_1gib.sh)
//
// The sample holds one tensor of each kind the report has to tell apart:
//   encoder.weight      [128, 256]  weight-like: normal, sigma 0.02. float16 is safe.
//   encoder.activation  [64, 512]   activations, sigma 1.5, with three outlier channels
//                                   around +-90000: past float16's 65504 (the "black
//                                   image" overflow); bfloat16 holds them.
//   encoder.grad        [16384]     tiny gradients, |g| from 2^-38 to 2^-14 (and some
//                                   zeros): most flush to zero in float16.
//
// Deterministic: a fixed seed, splitmix64, and only +, -, * and exact scaling by powers of
// two on doubles, rounded once to float by lowp::convert; no libm function is used, and
// the build turns off floating-point contraction, so every platform writes the same bytes
// (a test regenerates the sample and compares).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <lowp/lowp.hpp>

#include "safetensors_writer.hpp"

namespace {

using json = nlohmann::ordered_json;

constexpr std::uint64_t seed = 0x6c6f7770u;  // "lowp"

// splitmix64 (Steele, Lea, Flood 2014): a tiny generator with a fixed, documented output.
class random_source {
 public:
  explicit random_source(std::uint64_t s) : state_(s) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1), a multiple of 2^-53: exact.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  // Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin-Hall), which
  // needs no libm and is the same on every IEEE machine. Bounded by +-6.
  double normal() {
    double sum = 0;
    for (int i = 0; i < 12; ++i) sum += uniform();
    return sum - 6.0;
  }
  bool coin() { return (next() >> 63) != 0; }

 private:
  std::uint64_t state_;
};

// 2^e as a double, by repeated exact doubling/halving (no libm).
double power_of_two(int e) {
  double r = 1.0;
  for (; e > 0; --e) r *= 2.0;
  for (; e < 0; ++e) r *= 0.5;
  return r;
}

float to_float(double x) { return lowp::convert<float>(x); }

enum class kind { weight, activation, grad };

struct tensor_plan {
  std::string name;
  kind k;
  std::vector<std::uint64_t> shape;
  std::uint64_t count() const {
    std::uint64_t n = 1;
    for (const auto d : shape) n *= d;
    return n;
  }
};

std::vector<float> make_values(const tensor_plan& plan, random_source& rng) {
  std::vector<float> v(plan.count());
  switch (plan.k) {
    case kind::weight:
      for (auto& x : v) x = to_float(0.02 * rng.normal());
      break;
    case kind::activation: {
      const std::uint64_t channels = plan.shape.back();
      // Three outlier channels (a fixed fraction of the width), two positive, one negative.
      const std::uint64_t outliers[3] = {channels * 37 / 512, channels * 211 / 512, channels * 400 / 512};
      const double signs[3] = {1.0, -1.0, 1.0};
      for (std::uint64_t i = 0; i < v.size(); ++i) {
        const std::uint64_t c = i % channels;
        double x = 1.5 * rng.normal();
        for (int k = 0; k < 3; ++k)
          if (c == outliers[k]) x = signs[k] * 90000.0 + 30000.0 * rng.normal();
        v[i] = to_float(x);
      }
      break;
    }
    case kind::grad:
      for (std::uint64_t i = 0; i < v.size(); ++i) {
        const int exponent = -38 + static_cast<int>(rng.next() % 24);  // 2^-38 .. 2^-15
        const double magnitude = (1.0 + rng.uniform()) * power_of_two(exponent);
        const double x = rng.coin() ? -magnitude : magnitude;
        v[i] = to_float(i % 64 == 63 ? 0.0 : x);  // some exact zeros, as after a ReLU
      }
      break;
  }
  return v;
}

int write_file(const std::string& path, const std::vector<tensor_plan>& plans, const json& metadata) {
  json header = json::object();
  header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& p : plans) {
    const std::uint64_t bytes = p.count() * 4;
    header[p.name] = {{"dtype", "F32"}, {"shape", p.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  try {
    lowp_report::atomic_output out(path);
    const std::string preamble = lowp_report::safetensors_preamble(header);
    out.write(preamble.data(), preamble.size());
    random_source rng(seed);
    for (const auto& p : plans) {
      const std::vector<float> values = make_values(p, rng);  // little-endian host assumed
      out.write(values.data(), values.size() * sizeof(float));
    }
    out.commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lowp-report-make-sample: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage = "usage: lowp-report-make-sample [--bytes N] OUT\n";
  if (argc == 2 && argv[1][0] != '-') {
    const std::vector<tensor_plan> plans = {{"encoder.weight", kind::weight, {128, 256}},
                                            {"encoder.activation", kind::activation, {64, 512}},
                                            {"encoder.grad", kind::grad, {16384}}};
    const json metadata = {{"description", "lowp-report sample: a weight, activations with outlier channels, "
                                           "tiny gradients"},
                           {"generator", "examples/report/make_sample.cpp"},
                           {"seed", std::to_string(seed)}};
    return write_file(argv[1], plans, metadata);
  }
  if (argc == 4 && std::string(argv[1]) == "--bytes") {
    char* end = nullptr;
    const unsigned long long bytes = std::strtoull(argv[2], &end, 10);
    if (*end != '\0' || bytes == 0) {
      std::fputs(usage.c_str(), stderr);
      return 2;
    }
    // Tensors of up to 64 MiB ([4096, 4096] F32): three weights for each activation, and
    // a gradient-like tensor every eighth.
    std::vector<tensor_plan> plans;
    std::uint64_t left = bytes / 4;
    for (int i = 0; left > 0; ++i) {
      const std::uint64_t rows = std::min<std::uint64_t>(4096, (left + 4095) / 4096);
      const kind k = i % 8 == 7 ? kind::grad : i % 4 == 3 ? kind::activation : kind::weight;
      const std::string name = "layers." + std::to_string(i) + (k == kind::weight ? ".weight" : k == kind::grad ? ".grad" : ".activation");
      plans.push_back({name, k, {rows, 4096}});
      left -= std::min<std::uint64_t>(left, rows * 4096);
    }
    const json metadata = {{"description", "lowp-report benchmark file"},
                           {"generator", "examples/report/make_sample.cpp --bytes " + std::string(argv[2])}};
    return write_file(argv[3], plans, metadata);
  }
  std::fputs(usage.c_str(), stderr);
  return 2;
}
