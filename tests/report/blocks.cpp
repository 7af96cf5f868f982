// --convert to block formats (the gpt-oss layout: W.blocks and W.scales) and the report's
// block rows on the written bytes, decoded here from the OCP layout by this file's own code.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <lowp/lowp.hpp>

#include "report_test_support.hpp"

namespace {

using report_test::json;
using report_test::run_cli;

// The header of a safetensors file and where its data starts.
std::pair<json, std::size_t> header_of(const std::string& file) {
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(file[static_cast<std::size_t>(i)]);
  return {json::parse(file.substr(8, n)), 8 + n};
}

// OCP FP4 (E2M1): sign, 2 exponent bits (bias 1), 1 mantissa bit.
double e2m1_value(unsigned nibble) {
  static const double magnitude[8] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
  return (nibble & 8 ? -1 : 1) * magnitude[nibble & 7];
}
// OCP E8M0: 2^(byte - 127); 0xFF is NaN.
double e8m0_value(unsigned char byte) {
  return byte == 0xff ? std::numeric_limits<double>::quiet_NaN() : std::ldexp(1.0, static_cast<int>(byte) - 127);
}

// Weights with outliers, a zero block and a block holding an infinity: rows of 64.
std::vector<float> tensor_values(std::size_t n) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 0.02f);
  std::vector<float> x(n);
  for (auto& v : x) v = normal(rng);
  for (std::size_t i = 5; i < n; i += 97) x[i] *= 300.0f;  // outliers
  for (std::size_t i = 64; i < 96 && i < n; ++i) x[i] = 0.0f;  // an all-zero block
  if (n > 150) x[150] = std::numeric_limits<float>::infinity();
  return x;
}

}  // namespace

TEST_CASE("--convert --to mxfp4 writes W.blocks and W.scales in the gpt-oss layout", "[report][blocks]") {
  report_test::temp_dir dir;
  const std::vector<float> w = tensor_values(3 * 64);
  const std::vector<double> d = {0.1, -2.5, 1e-3, 7.0, 0.0, 65.0, -0.02, 3.0, 1, 2, 3, 4, 5, 6, 7, 8,
                                 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
  const std::vector<std::int64_t> ids = {1, 2, 3};
  report_test::write_bytes(dir.file("in.safetensors"),
                           report_test::make_safetensors({{"w", "F32", {3, 64}, report_test::as_bytes(w)},
                                                          {"ids", "I64", {3}, report_test::as_bytes(ids)},
                                                          {"d", "F64", {1, 32}, report_test::as_bytes(d)}}));
  const auto r = run_cli({"--json", "--convert", dir.file("out.safetensors"), "--to", "mxfp4", dir.file("in.safetensors")});
  REQUIRE(r.code == 0);
  // The block holding the infinity becomes NaN: said on stderr and counted.
  CHECK(r.err.rfind("lowp-report: warning: " + dir.file("out.safetensors") + ": ", 0) == 0);
  const json report = json::parse(r.out);
  CHECK(report["converted"]["format"] == "mxfp4");
  CHECK(report["converted"]["overflow"] == 31);  // the other 31 values of the infinity's block
  CHECK(report["converted"]["inf_changed"] == 1);

  const std::string out = report_test::read_bytes(dir.file("out.safetensors"));
  const auto parsed = header_of(out);  // (no structured binding: lambdas below use base)
  const json& header = parsed.first;
  const std::size_t base = parsed.second;
  std::vector<std::string> keys;
  for (auto it = header.begin(); it != header.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"w.blocks", "w.scales", "ids", "d.blocks", "d.scales"});
  CHECK(header["w.blocks"]["dtype"] == "U8");
  CHECK(header["w.blocks"]["shape"] == json::array({3, 2, 16}));
  CHECK(header["w.scales"]["dtype"] == "U8");
  CHECK(header["w.scales"]["shape"] == json::array({3, 2}));
  CHECK(header["d.blocks"]["shape"] == json::array({1, 1, 16}));
  CHECK(header["d.scales"]["shape"] == json::array({1, 1}));
  CHECK(header["w.blocks"]["data_offsets"] == json::array({0, 96}));
  CHECK(header["w.scales"]["data_offsets"] == json::array({96, 102}));
  CHECK(header["ids"]["data_offsets"] == json::array({102, 126}));
  CHECK(header["d.blocks"]["data_offsets"] == json::array({126, 142}));
  CHECK(header["d.scales"]["data_offsets"] == json::array({142, 143}));
  REQUIRE(out.size() == base + 143);
  CHECK(report_test::from_bytes<std::int64_t>(out, base + 102, 3) == ids);

  // The bytes are lowp::quantize_mx's, and decode (nibble 2i low, E8M0 scale) to
  // lowp::dequantize_mx's values: the round trip.
  auto check_tensor = [&](const std::vector<float>& x, std::size_t blocks_at, std::size_t scales_at) {
    const std::size_t n = x.size();
    std::vector<std::uint8_t> elements((n + 1) / 2);
    std::vector<lowp::float8_e8m0fnu> scales(n / 32);
    lowp::quantize_mx<lowp::float4_e2m1fn>(x.data(), n, elements.data(), scales.data());
    CHECK(report_test::from_bytes<std::uint8_t>(out, base + blocks_at, elements.size()) == elements);
    std::vector<std::uint8_t> scale_bytes;
    for (const auto s : scales) scale_bytes.push_back(s.bits());
    CHECK(report_test::from_bytes<std::uint8_t>(out, base + scales_at, scales.size()) == scale_bytes);
    std::vector<float> dequantized(n);
    lowp::dequantize_mx<lowp::float4_e2m1fn>(elements.data(), scales.data(), n, dequantized.data());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char byte = static_cast<unsigned char>(out[base + blocks_at + i / 2]);
      const double decoded = e2m1_value(i % 2 == 0 ? byte & 0xfu : byte >> 4u) *
                             e8m0_value(static_cast<unsigned char>(out[base + scales_at + i / 32]));
      const double want = static_cast<double>(dequantized[i]);
      mismatches += !(decoded == want || (std::isnan(decoded) && std::isnan(want)));
    }
    CHECK(mismatches == 0);
    return dequantized;
  };
  const std::vector<float> w_back = check_tensor(w, 0, 96);
  check_tensor(std::vector<float>(d.begin(), d.end()), 126, 142);  // F64: rounded to float first

  // The report's SNR of w in mxfp4 is the SNR of the written values.
  const json& cell = report["files"][0]["tensors"][0]["formats"]["mxfp4"];
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!std::isfinite(w[i])) continue;
    signal += static_cast<double>(w[i]) * w[i];
    const double e = std::isfinite(w_back[i]) ? static_cast<double>(w[i]) - w_back[i] : INFINITY;
    noise += e * e;
  }
  // (-inf: the infinity's block lost its finite values; the finite blocks alone below.)
  CHECK(cell["snr_db"] == "-inf");
  double finite_signal = 0, finite_noise = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i / 32 == 150 / 32) continue;
    finite_signal += static_cast<double>(w[i]) * w[i];
    finite_noise += (static_cast<double>(w[i]) - w_back[i]) * (static_cast<double>(w[i]) - w_back[i]);
  }
  CHECK(std::isinf(noise));
  CHECK(signal > finite_signal);
  CHECK(finite_noise > 0);
  CHECK(finite_signal / finite_noise > 10);
  CHECK(cell["overflow"] == 31);
  CHECK(cell["bytes"] == 3 * (32 + 2));  // 4.25 bits per value
  CHECK(cell["bits_per_value"] == 4.25);
  // The file reads back (as U8 tensors, which the report lists).
  CHECK(run_cli({dir.file("out.safetensors")}).code == 0);
}

TEST_CASE("--convert to a block format needs whole blocks in the last dimension", "[report][blocks]") {
  report_test::temp_dir dir;
  const std::vector<float> x(2 * 33, 1.0f);
  report_test::write_bytes(dir.file("in.safetensors"),
                           report_test::make_safetensors({{"odd", "F32", {2, 33}, report_test::as_bytes(x)}}));
  const auto r = run_cli({"--convert", dir.file("out.safetensors"), "--to", "mxfp4", dir.file("in.safetensors")});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "lowp-report: " + dir.file("in.safetensors") +
                     ": tensor 'odd' has a last dimension of 33, not a multiple of mxfp4's 32-value blocks (W.blocks "
                     "has no room for a short block; --plan leaves such tensors out of block formats)\n");
  CHECK(dir.entries() == std::vector<std::string>{"in.safetensors"});
  // The report still measures it, with a short last block per row.
  const json doc = json::parse(run_cli({"--json", dir.file("in.safetensors")}).out);
  CHECK(doc["files"][0]["tensors"][0]["formats"]["mxfp4"]["verdict"] == "exact");
  CHECK(doc["files"][0]["tensors"][0]["formats"]["mxfp4"]["bytes"] == 2 * (17 + 2));
  // Formats the report shows but does not write are refused up front.
  for (const char* format : {"nvfp4", "mxfp6_e2m3", "float8_e4m3fnuz"}) {
    const auto refused = run_cli({"--convert", dir.file("out.safetensors"), "--to", format, dir.file("in.safetensors")});
    CHECK(refused.code == 2);
    CHECK(refused.err.find("is reported but not written") != std::string::npos);
  }
}

TEST_CASE("--convert --to mxfp8_e4m3 writes one byte per element, and a plan may choose MXFP4", "[report][blocks]") {
  report_test::temp_dir dir;
  const std::vector<float> w = tensor_values(2 * 64);
  report_test::write_bytes(dir.file("in.safetensors"),
                           report_test::make_safetensors({{"w", "F32", {2, 64}, report_test::as_bytes(w)}}));
  REQUIRE(run_cli({"--convert", dir.file("o8.safetensors"), "--to", "mxfp8_e4m3", dir.file("in.safetensors")}).code == 0);
  const std::string out = report_test::read_bytes(dir.file("o8.safetensors"));
  const auto parsed = header_of(out);  // (no structured binding: lambdas below use base)
  const json& header = parsed.first;
  const std::size_t base = parsed.second;
  CHECK(header["w.blocks"]["shape"] == json::array({2, 2, 32}));
  CHECK(header["w.scales"]["shape"] == json::array({2, 2}));
  std::vector<std::uint8_t> elements(w.size());
  std::vector<lowp::float8_e8m0fnu> scales(w.size() / 32);
  lowp::quantize_mx<lowp::float8_e4m3fn>(w.data(), w.size(), elements.data(), scales.data());
  CHECK(report_test::from_bytes<std::uint8_t>(out, base, elements.size()) == elements);
  for (std::size_t b = 0; b < scales.size(); ++b)
    CHECK(static_cast<unsigned char>(out[base + elements.size() + b]) == scales[b].bits());

  // A finite tensor (the infinity's block would lose its values) at a low SNR target.
  std::vector<float> finite = w;
  for (float& v : finite) v = std::isfinite(v) ? v : 1.0f;
  report_test::write_bytes(dir.file("f.safetensors"),
                           report_test::make_safetensors({{"w", "F32", {2, 64}, report_test::as_bytes(finite)}}));
  const auto planned = run_cli({"--json", "--plan", "--min-snr", "10", "--convert", dir.file("p.safetensors"),
                                dir.file("f.safetensors")});
  REQUIRE(planned.code == 0);
  CHECK(json::parse(planned.out)["files"][0]["plan"]["tensors"][0]["format"] == "mxfp4");
  const std::string written = report_test::read_bytes(dir.file("p.safetensors"));
  const auto plan_parsed = header_of(written);
  const json& plan_header = plan_parsed.first;
  const std::size_t plan_base = plan_parsed.second;
  CHECK(plan_header["w.blocks"]["shape"] == json::array({2, 2, 16}));
  // The plan's SNR is that of the written bytes, decoded here.
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < finite.size(); ++i) {
    const unsigned char byte = static_cast<unsigned char>(written[plan_base + i / 2]);
    const double q = e2m1_value(i % 2 == 0 ? byte & 0xfu : byte >> 4u) *
                     e8m0_value(static_cast<unsigned char>(written[plan_base + finite.size() / 2 + i / 32]));
    signal += static_cast<double>(finite[i]) * finite[i];
    noise += (finite[i] - q) * (finite[i] - q);
  }
  const double snr = json::parse(planned.out)["files"][0]["plan"]["tensors"][0]["snr_db"];
  CHECK(std::fabs(snr - 10 * std::log10(signal / noise)) < 1e-9);
}
