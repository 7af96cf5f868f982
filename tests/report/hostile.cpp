// Hostile inputs and hostile environments: each ends in one line naming the file and the
// problem with a non-zero exit, or in a correct report in time linear in the input; and
// nothing partial is left behind (signals included).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cmath>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "byte_source.hpp"
#include "report_test_support.hpp"
#include "safetensors_writer.hpp"

using report_test::json;
using report_test::make_safetensors;
using report_test::run_cli;

namespace {

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

void check_bad_input(const std::string& path, const std::string& expected) {
  const auto r = run_cli({"--json", path});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.rfind("lowp-report: " + path + ": ", 0) == 0);
  CAPTURE(r.err);
  CHECK(r.err.find(expected) != std::string::npos);
}

std::string f32(std::vector<float> v) { return report_test::as_bytes(v); }

}  // namespace

TEST_CASE("deeply nested headers are rejected before parsing, without recursion", "[report][hostile]") {
  report_test::temp_dir dir;
  // A shape nesting 10^5 arrays deep, and a value nesting 10^6 deep followed by another key.
  const std::string deep_shape = "{\"w\":{\"dtype\":\"F32\",\"shape\":" + std::string(100000, '[') +
                                 std::string(100000, ']') + ",\"data_offsets\":[0,0]}}";
  report_test::write_bytes(dir.file("a.safetensors"), report_test::safetensors_file(deep_shape, ""));
  check_bad_input(dir.file("a.safetensors"), "nests deeper than 16 levels");
  const std::string deep_value = "{\"x\":" + std::string(1000000, '[') + std::string(1000000, ']') + ",\"y\":1}";
  report_test::write_bytes(dir.file("b.safetensors"), report_test::safetensors_file(deep_value, ""));
  check_bad_input(dir.file("b.safetensors"), "nests deeper");
  // Brackets inside strings are not nesting.
  const std::string bracket_name = std::string(100, '[');
  report_test::write_bytes(dir.file("c.safetensors"),
                           make_safetensors({{bracket_name, "F32", {1}, f32({1.0f})}}));
  CHECK(run_cli({dir.file("c.safetensors")}).code == 0);
}

TEST_CASE("a header padded with NUL bytes is rejected", "[report][hostile]") {
  report_test::temp_dir dir;
  const std::string header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}" + std::string(6, '\0');
  report_test::write_bytes(dir.file("a.safetensors"), report_test::safetensors_file(header, f32({1.0f})));
  check_bad_input(dir.file("a.safetensors"), "NUL byte at offset 62");
}

TEST_CASE("a FIFO or a device is rejected without blocking", "[report][hostile]") {
  report_test::temp_dir dir;
  REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  check_bad_input(dir.file("fifo"), "not a regular file");
  check_bad_input("/dev/zero", "not a regular file");
}

TEST_CASE("10^5 tensors and 10^5 metadata keys are read in linear time, in header order", "[report][hostile]") {
  report_test::temp_dir dir;
  std::string header = "{\"__metadata__\":{";
  for (int i = 0; i < 100000; ++i) header += (i ? ",\"k" : "\"k") + std::to_string(99999 - i) + "\":\"v\"";
  header += "}";
  for (int i = 0; i < 100000; ++i)
    header += ",\"t" + std::to_string(99999 - i) + "\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";
  header += "}";
  report_test::write_bytes(dir.file("many.safetensors"), report_test::safetensors_file(header, ""));
  // Quadratic lookups took 25-60 s here; linear ones take well under a second. The test
  // does not time itself: a regression shows as a test that takes minutes.
  const auto r = run_cli({"--convert", dir.file("out.safetensors"), "--to", "bf16", dir.file("many.safetensors")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("100000 tensors") != std::string::npos);
  CHECK(r.out.find("  t99999  F32") < r.out.find("  t0  F32"));
  CHECK(r.out.find("  t0  F32") != std::string::npos);
  // (The test reads the output as text: nlohmann's ordered_json would be quadratic here.)
  const std::string out = report_test::read_bytes(dir.file("out.safetensors"));
  CHECK(out.find("\"t99999\"") < out.find("\"t0\""));
  CHECK(out.find("\"t0\"") != std::string::npos);
  CHECK(out.find("\"k99999\"") < out.find("\"k0\""));
  CHECK(out.find("\"k0\"") != std::string::npos);
}

TEST_CASE("a report that cannot be written exits 1", "[report][hostile]") {
  std::ostream broken(nullptr);  // every write fails, as on /dev/full
  std::ostringstream err;
  const int code = lowp_report::run({}, broken, err, false);
  CHECK(code == 1);
  CHECK(err.str().rfind("lowp-report: cannot write the report", 0) == 0);
  CHECK(count_lines(err.str()) == 1);
}

TEST_CASE("a signal during --convert leaves no temporary file", "[report][hostile]") {
  report_test::temp_dir dir;
  for (const int signal_number : {SIGINT, SIGTERM}) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      lowp_report::atomic_output out(dir.file("out.safetensors"));
      out.write("partial", 7);
      std::raise(signal_number);
      std::_Exit(0);  // not reached: the signal ends the process
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal_number);
    CHECK(dir.entries().empty());
  }
}

TEST_CASE("a file that shrinks while it is read is bad input, not SIGBUS", "[report][hostile]") {
  report_test::temp_dir dir;
  const std::vector<float> values(100000, 1.5f);
  const std::string path = dir.file("t.safetensors");
  report_test::write_bytes(path, make_safetensors({{"w", "F32", {100000}, f32(values)}}));
  const lowp_report::file_source source(path);
  const auto prefix = source.prefix(source.size());
  const lowp_report::tensor_file file = lowp_report::parse_safetensors(prefix.data(), prefix.size());
  REQUIRE(::truncate(path.c_str(), 1000) == 0);
  try {
    lowp_report::analyze({{&file, &source}}, {});
    FAIL("no error");
  } catch (const lowp_report::read_error& e) {
    CHECK(e.input == 0);
    CHECK(std::string(e.what()).find("the file shrank while being read") != std::string::npos);
  }
}

TEST_CASE("the writer keeps its header within the limit the reader enforces", "[report][hostile]") {
  report_test::temp_dir dir;
  const std::string bytes = make_safetensors({{std::string(200, 'n'), "F32", {1}, f32({1.0f})}});
  const lowp_report::memory_source source(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  const auto file = lowp_report::parse_safetensors(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  lowp_report::conversion_request request;
  request.output = dir.file("out.safetensors");
  request.max_header = 200;
  CHECK_THROWS_WITH(lowp_report::convert_file(file, source, request),
                    Catch::Contains("over the safetensors limit of 200"));
  CHECK(dir.entries().empty());
  request.max_header = lowp_report::max_safetensors_header;
  lowp_report::convert_file(file, source, request);
  CHECK(dir.entries() == std::vector<std::string>{"out.safetensors"});
}

TEST_CASE("an output name of 250 bytes works (the temporary name is shortened)", "[report][hostile]") {
  report_test::temp_dir dir;
  report_test::write_bytes(dir.file("in.safetensors"), make_safetensors({{"w", "F32", {1}, f32({1.0f})}}));
  const std::string name = std::string(238, 'o') + ".safetensors";
  REQUIRE(name.size() == 250);
  const auto r = run_cli({"--convert", dir.file(name), "--to", "f16", dir.file("in.safetensors")});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(dir.entries() == std::vector<std::string>{"in.safetensors", name});
}

TEST_CASE("--svg writes valid UTF-8 XML for a file name that is not UTF-8", "[report][hostile]") {
  report_test::temp_dir dir;
  const std::string path = dir.file("w\xff\xfe<&.npy");
  report_test::write_bytes(path, report_test::npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                                                       f32({1.0f, 2.0f})));
  const auto r = run_cli({"--svg", dir.file("p.svg"), path});
  REQUIRE(r.code == 0);
  const std::string svg = report_test::read_bytes(dir.file("p.svg"));
  CHECK(svg.find('\xff') == std::string::npos);
  CHECK(svg.find('\xfe') == std::string::npos);
  CHECK(svg.find("w\\xff\\xfe&lt;&amp;") != std::string::npos);
}

TEST_CASE("SNR of F64 tensors at 1e200 and 1e-200 is computed without overflow", "[report][hostile]") {
  report_test::temp_dir dir;
  const std::vector<double> huge(1000, 1e200), tiny(1000, 1e-200);
  report_test::write_bytes(dir.file("t.safetensors"),
                           make_safetensors({{"huge", "F64", {1000}, report_test::as_bytes(huge)},
                                             {"tiny", "F64", {1000}, report_test::as_bytes(tiny)}}));
  const auto r = run_cli({"--json", dir.file("t.safetensors")});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  // 1e200 clamped to bfloat16's max: the error is almost the whole signal, SNR about 0 dB.
  const json& huge_cell = doc["files"][0]["tensors"][0]["formats"]["bfloat16"]["saturate"];
  REQUIRE(huge_cell["snr_db"].is_number());
  CHECK(std::fabs(huge_cell["snr_db"].get<double>()) < 1e-6);
  CHECK(doc["files"][0]["tensors"][0]["formats"]["bfloat16"]["ieee"]["snr_db"] == "-inf");
  // 1e-200 becomes 0 everywhere: the error is exactly the signal, SNR 0 dB (not inf).
  const json& tiny_cell = doc["files"][0]["tensors"][1]["formats"]["float16"]["ieee"];
  REQUIRE(tiny_cell["snr_db"].is_number());
  CHECK(std::fabs(tiny_cell["snr_db"].get<double>()) < 1e-9);
  CHECK(tiny_cell["verdict"] == "underflows");
}
