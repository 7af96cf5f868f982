// Reading inputs: every malformed case gets one line on stderr naming the file and the
// problem, exit code 2, and no output at all; the valid formats read the same numbers.
#include <catch2/catch.hpp>

#include <algorithm>

#include <lowp/lowp.hpp>

#include "report_test_support.hpp"

using report_test::json;
using report_test::make_safetensors;
using report_test::npy_file;
using report_test::run_cli;
using report_test::safetensors_file;

namespace {

struct bad_case {
  const char* what;
  std::string file_name;
  std::string bytes;
  const char* expected;  // a phrase the message must contain
  std::vector<std::string> extra_args = {};
};

std::string f32_bytes(std::size_t n) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(i) * 0.25f;
  return report_test::as_bytes(v);
}

std::string tensor_header(const std::string& name, const std::string& dtype, const std::string& shape,
                          const std::string& offsets) {
  return "{\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
}

std::vector<bad_case> bad_cases() {
  const std::string data16 = f32_bytes(4);
  std::vector<bad_case> cases = {
      {"empty file", "a.safetensors", "", "truncated"},
      {"shorter than the header length", "a.safetensors", "abc", "truncated"},
      {"header length past the end", "a.safetensors", report_test::le64(1000) + "{}", "runs past the end of the file"},
      {"header length past the format's limit", "a.safetensors", report_test::le64(200'000'000) + "{}",
       "exceeds the format's limit"},
      {"invalid JSON", "a.safetensors", safetensors_file("{\"a\": ", data16), "invalid JSON header"},
      {"invalid JSON (garbage)", "a.safetensors", safetensors_file("\x01\x02\xff", ""), "invalid JSON header"},
      {"header not an object", "a.safetensors", safetensors_file("[1, 2]", ""), "not a JSON object"},
      {"entry not an object", "a.safetensors", safetensors_file("{\"w\": 3}", ""), "entry is not an object"},
      {"missing dtype", "a.safetensors",
       safetensors_file("{\"w\":{\"shape\":[4],\"data_offsets\":[0,16]}}", data16), "\"dtype\""},
      {"unsupported dtype", "a.safetensors", safetensors_file(tensor_header("w", "F128", "[4]", "[0,16]"), data16),
       "unsupported dtype 'F128'"},
      {"negative dimension", "a.safetensors", safetensors_file(tensor_header("w", "F32", "[-4]", "[0,16]"), data16),
       "non-negative integer"},
      {"shape not an array", "a.safetensors", safetensors_file(tensor_header("w", "F32", "4", "[0,16]"), data16),
       "\"shape\""},
      {"data_offsets past the end", "a.safetensors",
       safetensors_file(tensor_header("w", "F32", "[100]", "[0,400]"), data16), "run past the end of the data"},
      {"data_offsets reversed", "a.safetensors", safetensors_file(tensor_header("w", "F32", "[0]", "[16,0]"), data16),
       "end before they begin"},
      {"data_offsets not two numbers", "a.safetensors",
       safetensors_file(tensor_header("w", "F32", "[4]", "[0]"), data16), "two offsets"},
      {"data_offsets not integers", "a.safetensors",
       safetensors_file(tensor_header("w", "F32", "[4]", "[0.0,16.0]"), data16), "non-negative integer"},
      {"overlapping tensors", "a.safetensors",
       safetensors_file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        data16),
       "overlap"},
      {"shape and dtype do not match the offsets", "a.safetensors",
       safetensors_file(tensor_header("w", "F32", "[5]", "[0,16]"), data16), "needs 20"},
      {"shape product overflows", "a.safetensors",
       safetensors_file(tensor_header("w", "F32", "[4294967296, 4294967296]", "[0,16]"), data16), "too large"},
      {"shape times dtype size overflows", "a.safetensors",
       safetensors_file(tensor_header("w", "F64", "[4611686018427387904]", "[0,16]"), data16), "too large"},
      {"duplicate tensor names", "a.safetensors",
       safetensors_file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}",
                        data16),
       "duplicate tensor name 'a'"},
      {"metadata not strings", "a.safetensors", safetensors_file("{\"__metadata__\":{\"k\":1}}", ""), "__metadata__"},
      {"npy in Fortran order", "a.npy",
       npy_file("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", data16), "Fortran"},
      {"npy big-endian", "a.npy", npy_file("{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", data16),
       "big-endian"},
      {"npy unsupported dtype", "a.npy", npy_file("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", data16),
       "unsupported dtype '<i8'"},
      {"npy truncated data", "a.npy", npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (8,), }", data16),
       "truncated"},
      {"npy with extra data", "a.npy", npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data16),
       "size mismatch"},
      {"npy bad magic", "a.npy", "NOTNUMPY", "not a .npy file"},
      {"npy truncated preamble", "a.npy", "\x93NUMPY\x01", "truncated"},
      {"npy header past the end", "a.npy", std::string("\x93NUMPY\x01\x00\xff\x00{", 11), "runs past the end"},
      {"npy unsupported version", "a.npy", std::string("\x93NUMPY\x09\x00\x02\x00{}", 12), "version 9"},
      {"npy bad header dict", "a.npy", npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (4,)", data16),
       "bad .npy header"},
      {"npy missing key", "a.npy", npy_file("{'descr': '<f4', 'shape': (4,), }", data16), "bad .npy header"},
      {"npy shape too large", "a.npy",
       npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", data16),
       "too large"},
      {"raw float32 of odd size", "a.bin", "1234567", "not a multiple of 4", {"--raw-f32"}},
  };
  return cases;
}

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("malformed inputs give one line naming the file and the problem, exit 2, no output", "[report][readers]") {
  for (const auto& c : bad_cases()) {
    for (const bool convert : {false, true}) {
      INFO(c.what << (convert ? " (with --convert)" : ""));
      report_test::temp_dir dir;
      const std::string path = dir.file(c.file_name);
      report_test::write_bytes(path, c.bytes);
      // An existing output file must survive a failed run untouched.
      const std::string out_path = dir.file("out.safetensors");
      report_test::write_bytes(out_path, "previous");
      std::vector<std::string> args = c.extra_args;
      if (convert) {
        args.insert(args.end(), {"--json", "--convert", out_path, "--to", "bf16"});
      }
      args.push_back(path);
      const auto r = run_cli(args);
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(count_lines(r.err) == 1);
      CHECK(r.err.rfind("lowp-report: " + path + ": ", 0) == 0);
      CHECK(r.err.find(c.expected) != std::string::npos);
      CAPTURE(r.err);
      CHECK(report_test::read_bytes(out_path) == "previous");
      CHECK(dir.entries() == std::vector<std::string>{c.file_name, "out.safetensors"});
    }
  }
}

TEST_CASE("names with control characters stay on one line in messages", "[report][readers]") {
  report_test::temp_dir dir;
  const std::string path = dir.file("a.safetensors");
  report_test::write_bytes(path, safetensors_file(tensor_header("x\\ny\\u001b[31m", "C64", "[0]", "[0,0]"), ""));
  const auto r = run_cli({path});
  CHECK(r.code == 2);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.find("'x\\x0ay\\x1b[31m'") != std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
}

TEST_CASE("missing files and directories are bad input too", "[report][readers]") {
  report_test::temp_dir dir;
  auto r = run_cli({dir.file("nope.safetensors")});
  CHECK(r.code == 2);
  CHECK(r.err == "lowp-report: " + dir.file("nope.safetensors") + ": cannot open: No such file or directory\n");
  r = run_cli({dir.file("")});
  CHECK(r.code == 2);
  CHECK(r.err.find("not a regular file") != std::string::npos);
  // The first bad file stops the run before anything is printed for the good one.
  const std::string good = dir.file("good.safetensors");
  report_test::write_bytes(good, make_safetensors({{"w", "F32", {4}, f32_bytes(4)}}));
  r = run_cli({good, dir.file("nope.safetensors")});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
}

TEST_CASE("usage errors exit 2 with a hint", "[report][readers]") {
  const std::vector<std::vector<std::string>> cases = {
      {"--bogus"},        {"--convert", "x.safetensors"}, {"--to", "f16"}, {"--saturate"},
      {"--rounding", "sideways"}, {"--min-snr", "loud"},   {"--threads", "0"}, {"--svg"},
      {"--convert", "o", "--to", "f16", "a", "b"}, {"--to", "float64", "--convert", "o"}, {"--json=yes"}};
  for (const auto& args : cases) {
    INFO(args[0]);
    const auto r = run_cli(args);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find("(see --help)") != std::string::npos);
  }
}

TEST_CASE("--help documents the rules, and exits 0", "[report][readers]") {
  const auto r = run_cli({"--help"});
  CHECK(r.code == 0);
  for (const char* phrase : {"overflows", "saturates", "underflows", "exact", "lossy", "safe", "--convert", "--json",
                             "--svg", "--raw-f32", "\"inf\"", "null", "SNR dB", "keep", "mixed"})
    CHECK(r.out.find(phrase) != std::string::npos);
}

TEST_CASE("npy, raw float32 and safetensors of the same data give the same numbers", "[report][readers]") {
  report_test::temp_dir dir;
  std::vector<float> values;
  for (int i = 0; i < 3000; ++i) values.push_back(static_cast<float>((i % 7 - 3) * 1e-6 * i + (i == 5 ? 70000 : 0)));
  const std::string bytes = report_test::as_bytes(values);
  report_test::write_bytes(dir.file("t.safetensors"), make_safetensors({{"t", "F32", {30, 100}, bytes}}));
  report_test::write_bytes(dir.file("t.npy"), npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (30, 100), }", bytes));
  report_test::write_bytes(dir.file("t2.npy"),
                           npy_file("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (30,100)}", bytes, 2));
  report_test::write_bytes(dir.file("t.bin"), bytes);

  const auto st = run_cli({"--json", dir.file("t.safetensors"), dir.file("t.npy"), dir.file("t2.npy")});
  REQUIRE(st.code == 0);
  const auto raw = run_cli({"--json", "--raw-f32", dir.file("t.bin")});
  REQUIRE(raw.code == 0);
  const json a = json::parse(st.out), b = json::parse(raw.out);
  REQUIRE(a["files"].size() == 3);
  const json& reference = a["files"][0]["tensors"][0]["formats"];
  CHECK(reference["float16"]["ieee"]["overflow"] == 1);
  CHECK(a["files"][1]["kind"] == "npy");
  CHECK(a["files"][1]["tensors"][0]["shape"] == json::array({30, 100}));
  CHECK(a["files"][1]["tensors"][0]["formats"] == reference);
  CHECK(a["files"][2]["tensors"][0]["formats"] == reference);
  CHECK(b["files"][0]["kind"] == "raw-f32");
  CHECK(b["files"][0]["tensors"][0]["name"] == "t");
  CHECK(b["files"][0]["tensors"][0]["shape"] == json::array({3000}));
  // Element formats do not depend on the shape; block formats run along the last
  // dimension (100 there: short last blocks; 3000 here).
  for (const char* format : {"float16", "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz"})
    CHECK(b["files"][0]["tensors"][0]["formats"][format] == reference[format]);
  CHECK(b["files"][0]["tensors"][0]["formats"]["mxfp4"]["bytes"] == 3000 / 2 + 94);  // 94 blocks of 32 (the last of 24)
  CHECK(reference["mxfp4"]["bytes"] == 30 * (50 + 4));                            // 4 blocks per row of 100
}

TEST_CASE("npy reads <f8 and <f2 like safetensors F64 and F16", "[report][readers]") {
  report_test::temp_dir dir;
  std::vector<double> d = {1.0, -2.5e-9, 1e6, 0.0, 3.0e-5};
  std::vector<lowp::float16> h;
  for (const double v : d) h.push_back(lowp::float16(v));
  report_test::write_bytes(dir.file("d.npy"), npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }",
                                                       report_test::as_bytes(d)));
  report_test::write_bytes(dir.file("h.npy"), npy_file("{'descr': '<f2', 'fortran_order': False, 'shape': (5,), }",
                                                       report_test::as_bytes(h)));
  report_test::write_bytes(dir.file("s.safetensors"), make_safetensors({{"d", "F64", {5}, report_test::as_bytes(d)},
                                                                        {"h", "F16", {5}, report_test::as_bytes(h)}}));
  const auto r = run_cli({"--json", dir.file("d.npy"), dir.file("h.npy"), dir.file("s.safetensors")});
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  CHECK(j["files"][0]["tensors"][0]["dtype"] == "F64");
  CHECK(j["files"][1]["tensors"][0]["dtype"] == "F16");
  CHECK(j["files"][0]["tensors"][0]["formats"] == j["files"][2]["tensors"][0]["formats"]);
  CHECK(j["files"][1]["tensors"][0]["formats"] == j["files"][2]["tensors"][1]["formats"]);
  CHECK(j["files"][1]["tensors"][0]["formats"]["float16"]["ieee"]["verdict"] == "exact");
}

TEST_CASE("integer tensors are listed and skipped; scalars and empty tensors are fine", "[report][readers]") {
  report_test::temp_dir dir;
  const std::vector<std::int64_t> ids = {0, 1, 2, 3};
  report_test::write_bytes(dir.file("m.safetensors"),
                           make_safetensors({{"ids", "I64", {4}, report_test::as_bytes(ids)},
                                             {"scalar", "F32", {}, f32_bytes(1)},
                                             {"empty", "F32", {0, 3}, ""},
                                             {"flags", "BOOL", {2}, std::string("\x01\x00", 2)}},
                                            json{{"format", "pt"}}));
  const auto r = run_cli({"--json", dir.file("m.safetensors")});
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  const json& t = j["files"][0]["tensors"];
  CHECK(j["files"][0]["metadata"] == json{{"format", "pt"}});
  CHECK(t[0]["dtype"] == "I64");
  CHECK(t[0].contains("skipped"));
  CHECK(t[0]["recommendation"].is_null());
  CHECK(t[1]["count"] == 1);
  CHECK(t[1]["shape"] == json::array());
  CHECK(t[1]["formats"]["float8_e4m3fn"]["ieee"]["verdict"] == "exact");  // the value 0
  CHECK(t[2]["count"] == 0);
  CHECK(t[2]["formats"]["float16"]["ieee"]["max_abs_error"].is_null());
  CHECK(t[3]["dtype"] == "BOOL");
  const auto text = run_cli({dir.file("m.safetensors")});
  CHECK(text.code == 0);
  CHECK(text.out.find("ids  I64 [4]  32 B  not floating point") != std::string::npos);
  const auto details = run_cli({"--details", dir.file("m.safetensors")});
  CHECK(details.out.find("ids  I64 [4]  not floating point") != std::string::npos);
}
