// The bundled sample: the demo run (no arguments) works, and its verdicts are the ones
// the sample was built to show. (Its bytes are checked against the generator by the
// report_sample_deterministic test.)
#include <catch2/catch.hpp>

#include <algorithm>

#include "report_test_support.hpp"
#include "sample_path.hpp"

using report_test::json;
using report_test::run_cli;

namespace {

std::string sample_in_source_tree() { return lowp_report::bundled_sample_candidates().back(); }

const json& tensor(const json& file, const std::string& name) {
  for (const auto& t : file["tensors"])
    if (t["name"] == name) return t;
  FAIL("no tensor " << name);
  throw std::logic_error("unreachable");
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the sample is small and its verdicts are what it was built to show", "[report][sample]") {
  const std::string path = sample_in_source_tree();
  CHECK(report_test::read_bytes(path).size() < 1'000'000);
  const auto r = run_cli({"--json", path});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  REQUIRE(doc["files"].size() == 1);
  const json& file = doc["files"][0];
  CHECK(file["tensors"].size() == 3);
  CHECK(file["metadata"]["generator"] == "examples/report/make_sample.cpp");

  const json& weight = tensor(file, "encoder.weight");
  CHECK(weight["dtype"] == "F32");
  CHECK(weight["shape"] == json::array({128, 256}));
  CHECK(weight["formats"]["float16"]["ieee"]["verdict"] == "safe");
  CHECK(weight["formats"]["float16"]["ieee"]["subnormal"] > 0);
  CHECK(weight["formats"]["bfloat16"]["ieee"]["verdict"] == "safe");
  CHECK(weight["formats"]["float8_e4m3fn"]["ieee"]["verdict"] == "underflows");
  CHECK(weight["recommendation"] == "float16");

  const json& activation = tensor(file, "encoder.activation");
  const json& f16 = activation["formats"]["float16"];
  CHECK(f16["ieee"]["verdict"] == "overflows");
  CHECK(f16["ieee"]["overflow"] > 0);
  CHECK(f16["ieee"]["max_abs_error"] == "inf");
  CHECK(f16["ieee"]["snr_db"] == "-inf");
  CHECK(f16["saturate"]["verdict"] == "saturates");
  CHECK(f16["saturate"]["overflow"] == f16["ieee"]["overflow"]);
  CHECK(f16["saturate"]["max_abs_error"].is_number());
  CHECK(activation["input"]["max_abs"] > 65504.0);
  CHECK(activation["formats"]["bfloat16"]["ieee"]["verdict"] == "safe");
  CHECK(activation["formats"]["float8_e4m3fn"]["ieee"]["verdict"] == "overflows");
  CHECK(activation["recommendation"] == "bfloat16");

  const json& grad = tensor(file, "encoder.grad");
  CHECK(grad["formats"]["float16"]["ieee"]["verdict"] == "underflows");
  CHECK(grad["formats"]["float16"]["ieee"]["underflow"] > grad["input"]["finite_nonzero"].get<double>() / 2);
  CHECK(grad["formats"]["bfloat16"]["ieee"]["verdict"] == "safe");
  CHECK(grad["input"]["zero"] > 0);
  CHECK(grad["recommendation"] == "bfloat16");

  CHECK(file["recommendation"] == "bfloat16");
}

TEST_CASE("the JSON output has the documented shape", "[report][sample]") {
  const auto r = run_cli({"--json", sample_in_source_tree()});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  for (const auto& t : doc["files"][0]["tensors"]) {
    for (const char* key : {"name", "dtype", "shape", "count", "formats", "recommendation"}) CHECK(t.contains(key));
    // float16, bfloat16, the four fp8 formats (fnuz included), the four block formats.
    CHECK(t["formats"].size() == 10);
    for (const char* format : {"mxfp8_e4m3", "mxfp6_e2m3", "mxfp4", "nvfp4"}) {
      const json& c = t["formats"][format];  // one cell: block formats have no overflow policy
      for (const char* key : {"block_size", "overflow", "underflow", "subnormal", "nan", "clamped", "bytes"})
        CHECK(c[key].is_number_unsigned());
      CHECK(c["bits_per_value"].is_number());
      CHECK(c["verdict"].is_string());
    }
    for (const char* format : {"float16", "bfloat16", "float8_e4m3fn", "float8_e5m2"}) {
      for (const char* policy : {"ieee", "saturate"}) {
        const json& c = t["formats"][format][policy];
        for (const char* key : {"overflow", "underflow", "subnormal", "nan"}) CHECK(c[key].is_number_unsigned());
        for (const char* key : {"max_abs_error", "max_rel_error", "rms_rel_error", "snr_db"})
          CHECK((c[key].is_number() || c[key] == "inf" || c[key] == "-inf" || c[key].is_null()));
        CHECK(c["verdict"].is_string());
      }
    }
  }
}

TEST_CASE("with no arguments lowp-report reports on the bundled sample", "[report][sample]") {
  const auto r = run_cli({});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("sample.safetensors") != std::string::npos);
  for (const char* name : {"encoder.weight", "encoder.activation", "encoder.grad"})
    CHECK(r.out.find(name) != std::string::npos);
  CHECK(r.out.find("overflows") != std::string::npos);
  CHECK(r.out.find("file recommendation: bfloat16") != std::string::npos);
  // One line per tensor by default; --details gives the table of every format.
  CHECK(r.out.find("  encoder.activation  F32 [64, 512]  128 KiB  -> bfloat16 (safe, SNR 55.3 dB.") != std::string::npos);
  CHECK(r.out.find("max abs err") == std::string::npos);
  const auto d = run_cli({"--details"});
  CHECK(d.code == 0);
  CHECK(count_of(d.out, "max abs err") == 3);
  CHECK(count_of(d.out, "  saturate ") == 5);  // the activation's overflowing formats: float16 and the fp8 four
  CHECK(count_of(d.out, "block format      clamped   flushed    to NaN") == 3);
  CHECK(d.out.find("summary: 3 floating tensors") != std::string::npos);
}

TEST_CASE("--svg draws one panel per tensor", "[report][sample]") {
  report_test::temp_dir dir;
  const auto r = run_cli({"--svg", dir.file("p.svg"), sample_in_source_tree()});
  REQUIRE(r.code == 0);
  const std::string svg = report_test::read_bytes(dir.file("p.svg"));
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.size() > 1000);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  CHECK(count_of(svg, "<g>") == 3);
  CHECK(count_of(svg, "</g>") == 3);
  for (const char* format : {"float16", "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz"})
    CHECK(count_of(svg, std::string(">") + format + "</text>") == 3);
  CHECK(count_of(svg, ">block formats: mxfp8_e4m3 ") == 3);
}

TEST_CASE("the verdict rules are adjustable", "[report][sample]") {
  const auto strict = run_cli({"--json", "--min-snr", "60", sample_in_source_tree()});
  REQUIRE(strict.code == 0);
  const json doc = json::parse(strict.out);
  // bfloat16 gives about 55 dB on the weight: below 60 it is lossy, float16 (about 74 dB) is not.
  CHECK(tensor(doc["files"][0], "encoder.weight")["formats"]["bfloat16"]["ieee"]["verdict"] == "lossy");
  CHECK(tensor(doc["files"][0], "encoder.weight")["formats"]["float16"]["ieee"]["verdict"] == "safe");
  CHECK(doc["files"][0]["recommendation"] == "keep");
}

TEST_CASE("the summary comes first: totals, tensors per recommendation, what forces a wider format",
          "[report][sample]") {
  const auto r = run_cli({"--json", sample_in_source_tree()});
  REQUIRE(r.code == 0);
  const json s = json::parse(r.out)["files"][0]["summary"];
  CHECK(s["floating_tensors"] == 3);
  CHECK(s["bytes_now"] == 4 * (32768 + 32768 + 16384));
  CHECK(s["bytes_recommended"] == 2 * (32768 + 32768 + 16384));
  REQUIRE(s["by_recommendation"].size() == 2);
  CHECK(s["by_recommendation"][0] == json{{"format", "float16"}, {"tensors", 1}, {"bytes_now", 131072}, {"bytes_after", 65536}});
  CHECK(s["majority"] == "bfloat16");
  CHECK(s["forcing"].empty());
  const auto text = run_cli({sample_in_source_tree()});
  CHECK(text.out.find("summary: 3 floating tensors, 320 KiB now, 160 KiB") < text.out.find("encoder.weight  F32"));

  // Many weights that suit float16, and one small tensor that overflows it.
  report_test::temp_dir dir;
  const std::vector<float> weights(4000, 0.25f), big = {1e5f, 1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f};
  report_test::write_bytes(dir.file("m.safetensors"),
                           report_test::make_safetensors({{"w", "F32", {4000}, report_test::as_bytes(weights)},
                                                          {"b", "F32", {4}, report_test::as_bytes(big)}}));
  const auto m = run_cli({"--json", dir.file("m.safetensors")});
  REQUIRE(m.code == 0);
  const json ms = json::parse(m.out)["files"][0]["summary"];
  CHECK(ms["majority"] == "mxfp4");  // 0.25 is exact in every format; mxfp4 takes 4.25 bits per value
  REQUIRE(ms["forcing"].size() == 1);
  CHECK(ms["forcing"][0]["name"] == "b");
  CHECK(ms["forcing"][0]["format"] == "bfloat16");
  CHECK(ms["forcing"][0]["bytes"] == 16);
  CHECK(ms["nan_inputs"] == json::array({json{{"name", "b"}, {"nan", 1}}}));
  const auto mt = run_cli({dir.file("m.safetensors")});
  CHECK(mt.out.find("1 tensor (0.10% of the bytes) needs more than mxfp4:\n      b -> bfloat16 (16 B; mxfp4 overflows: 3 "
                    "values become NaN in blocks holding NaN or inf)") != std::string::npos);
  CHECK(mt.out.find("NaN inputs in 1 tensor: b (1)") != std::string::npos);
}
