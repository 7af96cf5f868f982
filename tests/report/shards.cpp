// Sharded checkpoints: NAME.safetensors.index.json is one model (its weight_map's shards),
// reported once; --convert OUT_DIR writes the shards and a new index.
#include <catch2/catch.hpp>

#include <lowp/lowp.hpp>

#include "report_test_support.hpp"

using report_test::json;
using report_test::make_safetensors;
using report_test::run_cli;

namespace {

std::string f32(std::vector<float> v) { return report_test::as_bytes(v); }

struct checkpoint {
  report_test::temp_dir dir;
  checkpoint(const std::string& index_text = "") {
    report_test::write_bytes(dir.file("m-1.safetensors"), make_safetensors({{"a", "F32", {2}, f32({1.0f, 70000.0f})},
                                                                             {"ids", "I64", {1}, std::string(8, '\1')}}));
    report_test::write_bytes(dir.file("m-2.safetensors"), make_safetensors({{"b", "F32", {3}, f32({0.5f, 0.25f, 2.0f})}}));
    report_test::write_bytes(
        dir.file("m.safetensors.index.json"),
        !index_text.empty() ? index_text
                            : R"({"metadata":{"total_size":28,"note":"x"},"weight_map":{"b":"m-2.safetensors","a":"m-1.safetensors","ids":"m-1.safetensors"}})");
  }
  std::string index() const { return dir.file("m.safetensors.index.json"); }
};

}  // namespace

TEST_CASE("an index is read as one model, reported once", "[report][shards]") {
  checkpoint c;
  const auto r = run_cli({"--json", c.index()});
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  REQUIRE(doc["files"].size() == 1);
  const json& f = doc["files"][0];
  CHECK(f["kind"] == "sharded safetensors");
  REQUIRE(f["tensors"].size() == 3);
  CHECK(f["tensors"][0]["name"] == "a");
  CHECK(f["tensors"][2]["name"] == "b");
  CHECK(f["tensors"][0]["formats"]["float16"]["ieee"]["overflow"] == 1);
  CHECK(f["tensors"][2]["formats"]["float8_e4m3fn"]["ieee"]["verdict"] == "exact");
  CHECK(f["summary"]["floating_tensors"] == 2);
  const auto text = run_cli({c.index()});
  CHECK(text.out.find("(sharded safetensors, 3 tensors") != std::string::npos);
}

TEST_CASE("--convert OUT_DIR writes the shards and a new index", "[report][shards]") {
  checkpoint c;
  const auto r = run_cli({"--json", "--convert", c.dir.file("out"), "--plan", c.index()});
  REQUIRE(r.code == 0);
  const json index = json::parse(report_test::read_bytes(c.dir.file("out/m.safetensors.index.json")));
  CHECK(index["weight_map"] == json{{"a", "m-1.safetensors"}, {"ids", "m-1.safetensors"}, {"b", "m-2.safetensors"}});
  CHECK(index["metadata"]["note"] == "x");
  CHECK(index["metadata"]["total_size"] == 2 * 2 + 8 + 3 * 1);  // a: bfloat16, ids, b: float8_e4m3fn
  const std::string s2 = report_test::read_bytes(c.dir.file("out/m-2.safetensors"));
  const auto b = report_test::from_bytes<lowp::float8_e4m3fn>(s2, s2.size() - 3, 3);
  CHECK(static_cast<float>(b[0]) == 0.5f);
  CHECK(static_cast<float>(b[2]) == 2.0f);
  CHECK(json::parse(r.out)["converted"]["tensors_converted"] == 2);
  CHECK(run_cli({c.dir.file("out/m.safetensors.index.json")}).code == 0);
}

TEST_CASE("a bad index or shard is bad input naming the index", "[report][shards]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1]", "no \"weight_map\""},
      {R"({"weight_map":{"a":"../m-1.safetensors"}})", "not a file in the index's directory"},
      {R"({"weight_map":{"a":"m-1.safetensors"}})",
       "shard 'm-1.safetensors': tensor 'ids' is not in the index's weight_map"},
      {R"({"weight_map":{"a":"m-1.safetensors","ids":"m-1.safetensors","b":"m-2.safetensors","c":"m-2.safetensors"}})",
       "tensor 'c' of the weight_map is not in shard 'm-2.safetensors'"},
      {R"({"weight_map":{"a":"m-1.safetensors","ids":"m-1.safetensors","b":"m-3.safetensors"}})",
       "shard 'm-3.safetensors': cannot open"},
      {"{\"weight_map\":" + std::string(100, '[') + std::string(100, ']') + "}", "nests deeper"},
  };
  for (const auto& bad : cases) {
    INFO(bad.first);
    checkpoint c(bad.first);
    const auto r = run_cli({c.index()});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("lowp-report: " + c.index() + ": ", 0) == 0);
    CAPTURE(r.err);
    CHECK(r.err.find(bad.second) != std::string::npos);
  }
}
