// --scale: a power-of-two scale per tensor, the smallest that does not overflow; SNR
// before and after; --convert writes x / 2^k and NAME_scale = 2^k; the plan may choose it.
#include <catch2/catch.hpp>

#include <cmath>

#include <lowp/lowp.hpp>

#include "report_test_support.hpp"
#include "sample_path.hpp"

using report_test::json;
using report_test::run_cli;

namespace {

std::string sample() { return lowp_report::bundled_sample_candidates().back(); }

json header_of(const std::string& bytes) {
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  return json::parse(bytes.substr(8, n));
}

std::size_t data_begin(const std::string& bytes) {
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  return static_cast<std::size_t>(8 + n);
}

template <class T>
bool overflows(double max_abs, int k) {
  const float q = static_cast<float>(lowp::convert<T>(std::ldexp(max_abs, -k)));
  return !(std::fabs(q) <= static_cast<float>(std::numeric_limits<T>::max()));
}

}  // namespace

TEST_CASE("--scale finds the smallest power of two that does not overflow, and its SNR", "[report][scale]") {
  const auto r = run_cli({"--json", "--scale", sample()});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  for (const auto& t : doc["files"][0]["tensors"]) {
    INFO(t["name"]);
    const double max_abs = t["input"]["max_abs"];
    const json& e4m3 = t["formats"]["float8_e4m3fn"]["scaled"];
    const int k = e4m3["scale_exponent"];
    CHECK(!overflows<lowp::float8_e4m3fn>(max_abs, k));
    CHECK(overflows<lowp::float8_e4m3fn>(max_abs, k - 1));
    CHECK(e4m3["overflow"] == 0);
    CHECK(e4m3["scale"] == std::ldexp(1.0, k));
    CHECK(!t["formats"]["bfloat16"].contains("scaled"));
  }
  // float16 only where it under- or overflows: the activation (overflow) and the gradient.
  const json& tensors = doc["files"][0]["tensors"];
  CHECK(!tensors[0]["formats"]["float16"].contains("scaled"));
  const json& act = tensors[1]["formats"]["float16"]["scaled"];
  CHECK(act["scale_exponent"] == 2);
  CHECK(act["verdict"] == "safe");
  CHECK(act["snr_db"].get<double>() > 70);
  CHECK(tensors[2]["formats"]["float16"]["scaled"]["underflow"] == 0);

  const auto text = run_cli({"--scale", sample()});
  CHECK(text.out.find("    scaled: float16*2^2 SNR -inf -> 73.6 dB (overflows -> safe)") != std::string::npos);
}

TEST_CASE("--convert --scale stores x / 2^k and NAME_scale, bit for bit", "[report][scale]") {
  report_test::temp_dir dir;
  const auto r = run_cli({"--json", "--scale", "--convert", dir.file("o.safetensors"), "--to", "e4m3", sample()});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  CHECK(doc["converted"]["tensors_scaled"] == 3);
  const std::string in = report_test::read_bytes(sample()), out = report_test::read_bytes(dir.file("o.safetensors"));
  const json in_h = header_of(in), out_h = header_of(out);
  for (const auto& t : doc["files"][0]["tensors"]) {
    const std::string name = t["name"];
    INFO(name);
    const int k = t["formats"]["float8_e4m3fn"]["scaled"]["scale_exponent"];
    const json& scale = out_h[name + "_scale"];
    CHECK(scale["dtype"] == "F32");
    CHECK(scale["shape"] == json::array());
    const auto factor = report_test::from_bytes<float>(out, data_begin(out) + scale["data_offsets"][0].get<std::size_t>(), 1);
    CHECK(factor[0] == std::ldexp(1.0f, k));
    const std::size_t count = t["count"];
    const auto x = report_test::from_bytes<float>(in, data_begin(in) + in_h[name]["data_offsets"][0].get<std::size_t>(), count);
    const auto q = report_test::from_bytes<lowp::float8_e4m3fn>(
        out, data_begin(out) + out_h[name]["data_offsets"][0].get<std::size_t>(), count);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < count; ++i)
      mismatches += q[i].bits() != lowp::convert<lowp::float8_e4m3fn>(std::ldexp(static_cast<double>(x[i]), -k)).bits();
    CHECK(mismatches == 0);
  }
  CHECK(run_cli({dir.file("o.safetensors")}).code == 0);  // reads back
}

TEST_CASE("with --scale the plan may choose a scaled fp8 format, and a plan file keeps it", "[report][scale]") {
  report_test::temp_dir dir;
  auto r = run_cli({"--json", "--scale", "--plan", "--min-snr", "25", "--plan-out", dir.file("p.json"), sample()});
  REQUIRE(r.code == 0);
  const json plan = json::parse(r.out)["files"][0]["plan"];
  std::vector<std::string> formats;
  for (const auto& t : plan["tensors"]) formats.push_back(t["format"]);
  CHECK(formats == std::vector<std::string>{"float8_e4m3fn", "float8_e4m3fn*2^9", "float8_e4m3fn*2^-22"});
  CHECK(plan["bytes_planned"] == 81920);
  r = run_cli({"--json", "--convert", dir.file("o.safetensors"), "--plan-file", dir.file("p.json"), sample()});
  REQUIRE(r.code == 0);
  const json converted = json::parse(r.out)["converted"];
  CHECK(converted["tensors_scaled"] == 2);
  CHECK(converted["overflow"] == 0);
  const json h = header_of(report_test::read_bytes(dir.file("o.safetensors")));
  CHECK(h.contains("encoder.activation_scale"));
  CHECK(h.contains("encoder.grad_scale"));
  CHECK(!h.contains("encoder.weight_scale"));
  CHECK(h["encoder.grad"]["dtype"] == "F8_E4M3");
}
