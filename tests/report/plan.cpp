// --plan: a format per tensor (the smallest with no overflow, no class change and SNR at
// least --min-snr), --keep, --plan-out, and --convert by a plan or an edited plan file.
#include <catch2/catch.hpp>

#include <lowp/lowp.hpp>

#include "report_test_support.hpp"
#include "sample_path.hpp"

using report_test::json;
using report_test::run_cli;

namespace {

std::string sample() { return lowp_report::bundled_sample_candidates().back(); }

json plan_of(const std::vector<std::string>& args) {
  const auto r = run_cli(args);
  REQUIRE(r.code == 0);
  return json::parse(r.out)["files"][0]["plan"];
}

std::vector<std::string> formats(const json& plan) {
  std::vector<std::string> out;
  for (const auto& t : plan["tensors"]) out.push_back(t["format"]);
  return out;
}

json header_of(const std::string& path) {
  const std::string bytes = report_test::read_bytes(path);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  return json::parse(bytes.substr(8, n));
}

}  // namespace

TEST_CASE("--plan picks per tensor the smallest format that keeps every value", "[report][plan]") {
  // weight: float16 (fp8 below 40 dB); activation: bfloat16 (overflows float16);
  // grad: float16 (54.6% of its values underflow, but they carry little of the energy: 58.7 dB).
  const json plan = plan_of({"--json", "--plan", sample()});
  CHECK(formats(plan) == std::vector<std::string>{"float16", "bfloat16", "float16"});
  CHECK(plan["bytes_input"] == 327680);
  CHECK(plan["bytes_planned"] == 163840);
  CHECK(plan["bytes_float32"] == 327680);
  CHECK(plan["bytes_bfloat16"] == 163840);
  CHECK(plan["kept"] == 0);
  CHECK(plan["tensors"][1]["why"].get<std::string>().find("float16 (146 overflow)") != std::string::npos);

  CHECK(formats(plan_of({"--json", "--plan", "--min-snr", "60", sample()})) ==
        std::vector<std::string>{"float16", "keep", "keep"});
  // At 20 dB MXFP8 (8.25 bits) holds the activation's outliers and the gradient's range,
  // which no single-scale 8-bit format does.
  CHECK(formats(plan_of({"--json", "--plan", "--min-snr", "20", sample()})) ==
        std::vector<std::string>{"float8_e4m3fn", "mxfp8_e4m3", "mxfp8_e4m3"});
  const json kept = plan_of({"--json", "--plan", "--keep", "encoder.g*", "--keep", "*.weight", sample()});
  CHECK(formats(kept) == std::vector<std::string>{"keep", "bfloat16", "keep"});
  CHECK(kept["tensors"][0]["why"] == "--keep");
  CHECK(kept["kept"] == 2);

  const auto text = run_cli({"--plan", sample()});
  CHECK(text.out.find("plan (no overflow, no class change, SNR >= 40.0 dB): 320 KiB -> 160 KiB (50.00% of float32, "
                      "100.00% of bfloat16)") != std::string::npos);
  CHECK(text.out.find("    encoder.activation  F32 [64, 512]  -> bfloat16 (SNR 55.3 dB;") != std::string::npos);
  CHECK(text.out.find("file recommendation: bfloat16") != std::string::npos);
}

TEST_CASE("a plan never takes a value out of its class", "[report][plan]") {
  report_test::temp_dir dir;
  const float inf = std::numeric_limits<float>::infinity();
  report_test::write_bytes(dir.file("m.safetensors"),
                           report_test::make_safetensors({{"mask", "F32", {4}, report_test::as_bytes(std::vector<float>{0, -inf, -inf, 1})}}));
  CHECK(formats(plan_of({"--json", "--plan", dir.file("m.safetensors")})) == std::vector<std::string>{"float8_e5m2"});
}

TEST_CASE("--convert by a plan, by --plan-out's file, and by an edited plan file", "[report][plan]") {
  report_test::temp_dir dir;
  auto r = run_cli({"--plan-out", dir.file("plan.json"), "--convert", dir.file("a.safetensors"), "--plan", sample()});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  json plan_doc = json::parse(report_test::read_bytes(dir.file("plan.json")));
  CHECK(plan_doc == json{{"lowp_report_plan", 1},
                         {"tensors", {{"encoder.weight", "float16"}, {"encoder.activation", "bfloat16"}, {"encoder.grad", "float16"}}}});
  json h = header_of(dir.file("a.safetensors"));
  CHECK(h["encoder.weight"]["dtype"] == "F16");
  CHECK(h["encoder.activation"]["dtype"] == "BF16");
  CHECK(h["encoder.grad"]["dtype"] == "F16");
  CHECK(r.out.find("converted to the plan's formats") != std::string::npos);

  // Edited: the gradient kept in float32, the weight in bfloat16.
  plan_doc["tensors"]["encoder.grad"] = "keep";
  plan_doc["tensors"]["encoder.weight"] = "bf16";
  report_test::write_bytes(dir.file("edited.json"), plan_doc.dump());
  r = run_cli({"--json", "--convert", dir.file("b.safetensors"), "--plan-file", dir.file("edited.json"), sample()});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  CHECK(doc["converted"]["tensors_converted"] == 2);
  CHECK(doc["converted"]["tensors_copied"] == 1);
  h = header_of(dir.file("b.safetensors"));
  CHECK(h["encoder.weight"]["dtype"] == "BF16");
  CHECK(h["encoder.grad"]["dtype"] == "F32");
  // The kept tensor's bytes are the input's; a converted one is lowp's conversion.
  const std::string in = report_test::read_bytes(sample()), out = report_test::read_bytes(dir.file("b.safetensors"));
  const json in_h = header_of(sample());
  const std::size_t in_base = in.size() - 327680, out_base = out.size() - (65536 + 65536 + 65536);  // BF16, BF16, F32
  const auto grad_in = in_h["encoder.grad"]["data_offsets"][0].get<std::size_t>();
  const auto grad_out = h["encoder.grad"]["data_offsets"][0].get<std::size_t>();
  CHECK(out.substr(out_base + grad_out, 65536) == in.substr(in_base + grad_in, 65536));
  const auto w = report_test::from_bytes<float>(in, in_base + in_h["encoder.weight"]["data_offsets"][0].get<std::size_t>(), 32768);
  const auto wb = report_test::from_bytes<lowp::bfloat16>(out, out_base + h["encoder.weight"]["data_offsets"][0].get<std::size_t>(), 32768);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < w.size(); ++i) mismatches += wb[i].bits() != lowp::bfloat16(w[i]).bits();
  CHECK(mismatches == 0);
  CHECK(dir.entries() == std::vector<std::string>{"a.safetensors", "b.safetensors", "edited.json", "plan.json"});
}

TEST_CASE("a bad plan file is bad input, named, with nothing written", "[report][plan]") {
  report_test::temp_dir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "not a plan"},
      {"{\"tensors\":{}}", "not a plan"},
      {R"({"lowp_report_plan":1,"tensors":{"encoder.weight":"float16","encoder.activation":"bfloat16"}})",
       "no entry for tensor 'encoder.grad'"},
      {R"({"lowp_report_plan":1,"tensors":{"x":"keep"}})", "does not have: 'x'"},
      {R"({"lowp_report_plan":1,"tensors":{"encoder.weight":"float64","encoder.activation":"keep","encoder.grad":"keep"}})",
       "unknown format 'float64'"},
  };
  for (const auto& c : cases) {
    INFO(c.first);
    report_test::write_bytes(dir.file("p.json"), c.first);
    const auto r = run_cli({"--convert", dir.file("o.safetensors"), "--plan-file", dir.file("p.json"), sample()});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("lowp-report: " + dir.file("p.json") + ": ", 0) == 0);
    CHECK(r.err.find(c.second) != std::string::npos);
    CHECK(dir.entries() == std::vector<std::string>{"p.json"});
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--plan-file", "p.json"}, {"--keep", "x"}, {"--plan", "--to", "f16", "--convert", "o"},
        {"--plan", "--saturate", "--convert", "o"}, {"--convert", "o"}}) {
    const auto r = run_cli(args);
    CHECK(r.code == 2);
    CHECK(r.err.find("(see --help)") != std::string::npos);
  }
}
