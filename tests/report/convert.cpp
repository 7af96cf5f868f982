// --convert: the output read back (with nlohmann::json, not the report's reader) and
// compared bit for bit with lowp's scalar conversion of every element; names, header
// order, shapes, metadata and data order kept; nothing written when anything fails.
#include <catch2/catch.hpp>

#include <random>

#include <lowp/lowp.hpp>

#include "dtype.hpp"
#include "targets.hpp"
#include "report_test_support.hpp"

using report_test::json;
using report_test::run_cli;

namespace {

std::vector<float> float_values(std::size_t n) {
  std::vector<float> v = {0.0f, -0.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(), 65504.0f, 65520.0f, -1e5f, 448.0f, 464.0f,
                          465.0f, 57344.0f, 61440.0f, 1e-40f, 0x1p-25f, 1.0f + 0x1p-11f, 3.4e38f};
  std::mt19937 rng(7);
  while (v.size() < n) {
    const std::uint32_t bits = static_cast<std::uint32_t>(rng());
    float f;
    std::memcpy(&f, &bits, sizeof f);
    v.push_back(rng() % 2 ? f : static_cast<float>(rng() % 200000) / 3.0f - 30000.0f);
  }
  return v;
}

std::vector<double> double_values(std::size_t n) {
  std::vector<double> v = {1.0 + 0x1p-11 + 0x1p-40, 1.0 + 0x1p-8 + 0x1p-40, 1.0 + 0x1p-4 + 0x1p-40, 464.0 + 1e-9,
                           65520.0 - 1e-9, 1e300, -1e-310, std::numeric_limits<double>::quiet_NaN()};
  std::mt19937 rng(8);
  while (v.size() < n) {
    const std::uint64_t bits = (std::uint64_t{rng()} << 32) | rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    v.push_back(rng() % 2 ? d : static_cast<double>(rng()) * 1e-5 - 20000.0);
  }
  return v;
}

// The input: header order z, ids, m, h; data order h, m, ids, z.
struct input_file {
  std::vector<float> z = float_values(40'000);
  std::vector<std::int64_t> ids = {5, -1, 1LL << 40, 7};
  std::vector<double> m = double_values(3'000);
  std::vector<lowp::float16> h;
  json metadata = {{"format", "pt"}, {"note", "kept \u00e9"}};

  input_file() {
    for (std::uint32_t b = 0; b < 65536; ++b) h.push_back(lowp::float16::from_bits(static_cast<std::uint16_t>(b)));
  }

  std::string bytes() const {
    const std::string hb = report_test::as_bytes(h), mb = report_test::as_bytes(m), ib = report_test::as_bytes(ids),
                      zb = report_test::as_bytes(z);
    const std::size_t h0 = 0, m0 = hb.size(), i0 = m0 + mb.size(), z0 = i0 + ib.size(), end = z0 + zb.size();
    json header = json::object();
    header["z"] = {{"dtype", "F32"}, {"shape", {200, 200}}, {"data_offsets", {z0, end}}};
    header["ids"] = {{"dtype", "I64"}, {"shape", {2, 2}}, {"data_offsets", {i0, z0}}};
    header["__metadata__"] = metadata;
    header["m"] = {{"dtype", "F64"}, {"shape", {3000}}, {"data_offsets", {m0, i0}}};
    header["h"] = {{"dtype", "F16"}, {"shape", {256, 256}}, {"data_offsets", {h0, m0}}};
    return report_test::safetensors_file(header.dump(), hb + mb + ib + zb);
  }
};

// NaN inputs that were written as numbers, infinite inputs written as something else.
struct class_changes {
  std::uint64_t nan = 0, inf = 0;
};

template <class T, class Src>
void check_converted(const std::vector<Src>& src, const std::string& out, std::size_t offset, lowp::rounding mode,
                     lowp::overflow policy, class_changes& changes) {
  const auto got = report_test::from_bytes<T>(out, offset, src.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    const T want = lowp::convert<T>(src[i], mode, policy);
    if (got[i].bits() != want.bits() && ++mismatches <= 5)
      FAIL_CHECK("element " << i << ": got bits " << +got[i].bits() << ", want " << +want.bits());
    const double x = static_cast<double>(src[i]), q = static_cast<double>(static_cast<float>(got[i]));
    changes.nan += std::isnan(x) && !std::isnan(q);
    changes.inf += std::isinf(x) && !(q == x);
  }
  CHECK(mismatches == 0);
}

}  // namespace

TEST_CASE("--convert writes lowp's scalar conversion of every element, bit for bit", "[report][convert]") {
  report_test::temp_dir dir;
  const input_file input;
  const std::string in_path = dir.file("in.safetensors");
  report_test::write_bytes(in_path, input.bytes());

  const std::pair<const char*, lowp::rounding> modes[] = {{"to_nearest_even", lowp::rounding::to_nearest_even},
                                                          {"toward_zero", lowp::rounding::toward_zero},
                                                          {"upward", lowp::rounding::upward}};
  for (const auto target : lowp_report::all_targets) {
    if (!lowp_report::info(target).stored) continue;  // block formats: tests/report/blocks.cpp
    for (const bool saturate : {false, true}) {
      for (const auto& named_mode : modes) {
        const char* const mode_name = named_mode.first;
        const lowp::rounding mode = named_mode.second;
        INFO(lowp_report::target_name(target) << (saturate ? " saturate " : " ieee ") << mode_name);
        const std::string out_path = dir.file("out.safetensors");
        std::vector<std::string> args = {"--json", "--convert", out_path, "--to", lowp_report::target_name(target),
                                         "--rounding", mode_name, in_path};
        if (saturate) args.push_back("--saturate");
        const auto r = run_cli(args);
        REQUIRE(r.code == 0);
        const json report = json::parse(r.out);
        // A conversion that changed values says so on stderr, in one line.
        const json& converted = report["converted"];
        const bool changed = converted["overflow"] != 0 || converted["inf_changed"] != 0 || converted["nan_changed"] != 0;
        CHECK(r.err.empty() == !changed);
        if (changed) CHECK(r.err.rfind("lowp-report: warning: " + out_path + ": ", 0) == 0);
        CHECK(report["converted"]["path"] == out_path);
        CHECK(report["converted"]["tensors_converted"] == 3);
        CHECK(report["converted"]["tensors_copied"] == 1);

        const std::string out = report_test::read_bytes(out_path);
        REQUIRE(out.size() >= 8);
        std::uint64_t header_size = 0;
        for (int i = 7; i >= 0; --i) header_size = (header_size << 8) | static_cast<unsigned char>(out[static_cast<std::size_t>(i)]);
        CHECK((8 + header_size) % 8 == 0);
        const json header = json::parse(out.substr(8, header_size));
        std::vector<std::string> keys;
        for (auto it = header.begin(); it != header.end(); ++it) keys.push_back(it.key());
        // Header order kept (metadata first), names, shapes and metadata unchanged.
        CHECK(keys == std::vector<std::string>{"__metadata__", "z", "ids", "m", "h"});
        CHECK(header["__metadata__"] == input.metadata);
        const std::string dtype = lowp_report::dtype_name(*lowp_report::info(target).stored);
        CHECK(header["z"]["dtype"] == dtype);
        CHECK(header["m"]["dtype"] == dtype);
        CHECK(header["h"]["dtype"] == dtype);
        CHECK(header["ids"]["dtype"] == "I64");
        CHECK(header["z"]["shape"] == json::array({200, 200}));
        CHECK(header["ids"]["shape"] == json::array({2, 2}));
        // Data order kept: h, m, ids, z, back to back, to the end of the file.
        const std::size_t width = lowp_report::dtype_size(*lowp_report::info(target).stored);
        const std::uint64_t h0 = 0, m0 = 65536 * width, i0 = m0 + 3000 * width, z0 = i0 + 32, end = z0 + 40000 * width;
        CHECK(header["h"]["data_offsets"] == json::array({h0, m0}));
        CHECK(header["m"]["data_offsets"] == json::array({m0, i0}));
        CHECK(header["ids"]["data_offsets"] == json::array({i0, z0}));
        CHECK(header["z"]["data_offsets"] == json::array({z0, end}));
        REQUIRE(out.size() == 8 + header_size + end);

        const std::size_t base = 8 + header_size;
        const auto policy = saturate ? lowp::overflow::saturate : lowp::overflow::ieee;
        class_changes changes;
        lowp_report::with_target(target, [&](auto row) {
          using Row = decltype(row);
          if constexpr (!Row::block) {
          using T = typename Row::type;
          check_converted<T>(input.z, out, base + z0, mode, policy, changes);
          check_converted<T>(input.m, out, base + m0, mode, policy, changes);  // from double, rounded once
          // F16 input is widened to float (exactly) and converted from there, so that
          // float16 -> float16 also saturates infinities and quiets signaling NaNs.
          std::vector<float> h_widened(input.h.begin(), input.h.end());
          check_converted<T>(h_widened, out, base + h0, mode, policy, changes);
          }
        });
        // The converted block counts what was written.
        CHECK(converted["nan_changed"] == changes.nan);
        CHECK(converted["inf_changed"] == changes.inf);
        std::uint64_t overflow = 0, nan_inputs = 0;
        for (const auto& t : report["files"][0]["tensors"]) {
          if (!t.contains("formats")) continue;
          const json& cell = t["formats"][lowp_report::target_name(target)][saturate ? "saturate" : "ieee"];
          overflow += cell["overflow"].get<std::uint64_t>();
          nan_inputs += cell["nan"].get<std::uint64_t>();
        }
        CHECK(converted["overflow"] == overflow);
        CHECK(converted["nan_inputs"] == nan_inputs);
        CHECK(overflow > 0);
        CHECK(report_test::from_bytes<std::int64_t>(out, base + i0, 4) == input.ids);

        // The report's own reader accepts what it wrote.
        const auto again = run_cli({"--json", out_path});
        CHECK(again.code == 0);
      }
    }
  }
  CHECK(dir.entries() == std::vector<std::string>{"in.safetensors", "out.safetensors"});  // no temporary left
}

TEST_CASE("a value that changes class is never exact, and --convert says what it changed", "[report][convert]") {
  // An attention mask: -inf has no place in float8_e4m3fn (it becomes NaN, or -448 when
  // saturating); float8_e5m2 keeps it.
  report_test::temp_dir dir;
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> mask = {0.0f, -inf, -inf, 1.0f};
  const std::vector<std::uint8_t> half_nan = {0x7f, 0x38, 0xff, 0x40};  // F8_E4M3: NaN, 1, -NaN, 2
  report_test::write_bytes(dir.file("m.safetensors"),
                           report_test::make_safetensors({{"mask", "F32", {4}, report_test::as_bytes(mask)},
                                                          {"w8", "F8_E4M3", {4}, report_test::as_bytes(half_nan)}}));
  const auto r = run_cli({"--json", dir.file("m.safetensors")});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  const json& m = doc["files"][0]["tensors"][0];
  CHECK(m["formats"]["float8_e4m3fn"]["ieee"]["verdict"] == "changes_class");
  CHECK(m["formats"]["float8_e4m3fn"]["ieee"]["inf_changed"] == 2);
  CHECK(m["formats"]["float8_e4m3fn"]["saturate"]["verdict"] == "saturates");
  CHECK(m["formats"]["float8_e5m2"]["ieee"]["verdict"] == "exact");
  CHECK(m["formats"]["float16"]["saturate"]["verdict"] == "saturates");  // -inf clamped to -65504
  CHECK(m["recommendation"] == "float8_e5m2");
  const json& w8 = doc["files"][0]["tensors"][1];
  CHECK(w8["input"]["nan"] == 2);
  CHECK(w8["formats"]["float8_e4m3fn"]["ieee"]["nan"] == 2);

  const auto c = run_cli({"--json", "--convert", dir.file("o.safetensors"), "--to", "e4m3", dir.file("m.safetensors")});
  REQUIRE(c.code == 0);
  CHECK(c.err == "lowp-report: warning: " + dir.file("o.safetensors") +
                     ": 2 infinities became NaN, 2 NaN inputs stayed NaN\n");
  const json converted = json::parse(c.out)["converted"];
  CHECK(converted["inf_changed"] == 2);
  CHECK(converted["nan_inputs"] == 2);
  CHECK(converted["overflow"] == 0);
  const auto text = run_cli({"--convert", dir.file("o.safetensors"), "--to", "e4m3", "--saturate", dir.file("m.safetensors")});
  REQUIRE(text.code == 0);
  CHECK(text.out.find("changed: 2 infinities became +-448") != std::string::npos);
}

TEST_CASE("--convert of an npy file gives one tensor named after the file", "[report][convert]") {
  report_test::temp_dir dir;
  const std::vector<float> v = {1.0f, 2.5f, -70000.0f, 1e-9f};
  report_test::write_bytes(dir.file("acts.npy"),
                           report_test::npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                                                 report_test::as_bytes(v)));
  const auto r = run_cli({"--convert", dir.file("o.safetensors"), "--to", "F16", "--saturate", dir.file("acts.npy")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("converted to float16 (saturate") != std::string::npos);
  const std::string out = report_test::read_bytes(dir.file("o.safetensors"));
  const json header = json::parse(out.substr(8, out.size() - 8 - 8));
  CHECK(header["acts"]["dtype"] == "F16");
  CHECK(header["acts"]["shape"] == json::array({2, 2}));
  CHECK(!header.contains("__metadata__"));
  const auto h = report_test::from_bytes<lowp::float16>(out, out.size() - 8, 4);
  CHECK(h[2].bits() == 0xfbff);  // -65504: saturated
}

TEST_CASE("--convert that cannot write its output fails cleanly", "[report][convert]") {
  report_test::temp_dir dir;
  const std::string in_path = dir.file("in.safetensors");
  report_test::write_bytes(in_path, report_test::make_safetensors({{"w", "F32", {1}, report_test::as_bytes(std::vector<float>{1.0f})}}));
  auto r = run_cli({"--convert", dir.file("missing/out.safetensors"), "--to", "bf16", in_path});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("lowp-report: " + dir.file("missing/out.safetensors") + ": cannot create", 0) == 0);
  r = run_cli({"--svg", dir.file("missing/p.svg"), in_path});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(dir.entries() == std::vector<std::string>{"in.safetensors"});
}
