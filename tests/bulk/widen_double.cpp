// Bulk conversions that are not float -> lowp (the walk over all floats,
// tests/exhaustive, covers those): widening every encoding of every format to float, and
// double -> float16 / bfloat16 in every mode and policy, on every path this CPU runs.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "bulk_test.hpp"

namespace {

using lowp::overflow;
using lowp::rounding;

void warn_skipped() {
  if (!bulk_test::skipped_paths().empty()) {
    WARN("SKIPPED bulk paths this CPU cannot run: " << bulk_test::skipped_paths());
  }
}

template <class T>
void widen_all() {
  constexpr std::size_t count = std::size_t{1} << lowp_test::shape<T>::total_bits;  // FP6/FP4: 64/16
  std::vector<T> in(count);
  std::vector<float> want(count), got(count);
  for (std::size_t i = 0; i < count; ++i) {
    in[i] = T::from_bits(static_cast<typename T::storage_type>(i));
    want[i] = lowp::convert<float>(in[i]);
  }
  bulk_test::mismatches m;
  for (auto p : bulk_test::supported_paths()) {
    lowp::simd::convert_on(p, in.data(), got.data(), count, rounding::to_nearest_even, overflow::ieee);
    bulk_test::compare(lowp::bulk_path_name(p), in.data(), got.data(), want.data(), count, m);
  }
  INFO(m.report());
  CHECK(m.count.load() == 0);
}

}  // namespace

TEST_CASE("bulk widening to float: every path equals the scalar conversion for every encoding", "[bulk]") {
  warn_skipped();
  lowp_test::for_each_format([](auto row) {
    using Row = decltype(row);
    SECTION(Row::name) { widen_all<typename Row::type>(); }
  });
}

namespace {

template <class To>
void doubles_all_modes(const std::vector<double>& in) {
  std::vector<To> want(in.size()), got(in.size());
  bulk_test::mismatches m;
  for (rounding mode : lowp_test::all_modes) {
    for (overflow policy : lowp_test::all_policies) {
      for (std::size_t i = 0; i < in.size(); ++i) want[i] = lowp::convert<To>(in[i], mode, policy);
      for (auto p : bulk_test::supported_paths()) {
        lowp::simd::convert_on(p, in.data(), got.data(), in.size(), mode, policy);
        const std::string what = std::string(lowp::bulk_path_name(p)) + " " + lowp_test::mode_name(mode) + " " +
                                 lowp_test::policy_name(policy);
        bulk_test::compare(what.c_str(), in.data(), got.data(), want.data(), in.size(), m);
      }
    }
  }
  INFO(m.report());
  CHECK(m.count.load() == 0);
}

}  // namespace

TEST_CASE("bulk double -> float16/bfloat16: every path equals the engine (rounded once, never through float)",
          "[bulk]") {
  warn_skipped();
  const auto in = bulk_test::mixed_doubles(lowp_test::exhaustive ? (1u << 21) : (1u << 16), 2024);
  doubles_all_modes<lowp::float16>(in);
  doubles_all_modes<lowp::bfloat16>(in);
  // Every double that lies between two adjacent floats around float16/bfloat16 ties and
  // edges, where rounding through float would round twice: the tie itself, one double
  // ulp either side, and the float neighbours.
  std::vector<double> edges;
  for (std::uint32_t hb = 0; hb < 0x7c00u; hb += 1) {
    const double lo = lowp::convert<double>(lowp::float16::from_bits(static_cast<std::uint16_t>(hb)));
    const double hi = lowp::convert<double>(lowp::float16::from_bits(static_cast<std::uint16_t>(hb + 1)));
    const double tie = (lo + hi) / 2;
    for (double d : {tie, std::nextafter(tie, 0.0), std::nextafter(tie, 1e300)}) {
      edges.push_back(d);
      edges.push_back(-d);
    }
  }
  doubles_all_modes<lowp::float16>(edges);
}
