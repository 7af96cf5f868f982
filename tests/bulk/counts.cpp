// check_conversion on every path against its definition, detail::count_conversion, for
// every format, mode and policy: on a spread sample of all floats (compared block by
// block, so a miscount cannot hide behind another), on the inputs around every threshold,
// and on mixed arrays of every length.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "bulk_test.hpp"

namespace {

using lowp::overflow;
using lowp::rounding;

std::string describe(const lowp::conversion_stats& s) {
  return "nan " + std::to_string(s.nan) + ", overflow " + std::to_string(s.overflow) + ", underflow " +
         std::to_string(s.underflow) + ", subnormal " + std::to_string(s.subnormal) + ", inexact " +
         std::to_string(s.inexact);
}
bool same(const lowp::conversion_stats& a, const lowp::conversion_stats& b) {
  return a.nan == b.nan && a.overflow == b.overflow && a.underflow == b.underflow && a.subnormal == b.subnormal &&
         a.inexact == b.inexact;
}

template <class To>
lowp::conversion_stats reference(const float* x, std::size_t n, rounding mode, overflow policy) {
  lowp::conversion_stats s;
  for (std::size_t i = 0; i < n; ++i) lowp::detail::count_conversion<To>(x[i], mode, policy, s);
  return s;
}

template <class To>
lowp::conversion_stats on_path(lowp::simd_path p, const float* x, std::size_t n, rounding mode) {
  return lowp::simd::count_on<typename To::format_type>(p, x, n, mode);
}

// Blocks of 1..37 inputs (the sizes vary so blocks end at every lane position).
template <class To>
void compare_blocks(const std::vector<float>& x, rounding mode, overflow policy, bulk_test::mismatches& m) {
  for (auto p : bulk_test::supported_paths()) {
    std::size_t size = 1;
    for (std::size_t i = 0; i < x.size(); i += size, size = size % 37 + 1) {
      const std::size_t n = std::min(size, x.size() - i);
      const auto want = reference<To>(x.data() + i, n, mode, policy);
      const auto got = on_path<To>(p, x.data() + i, n, mode);
      if (!same(got, want)) {
        m.add(std::string(lowp::bulk_path_name(p)) + " " + lowp_test::mode_name(mode) + " " +
              lowp_test::policy_name(policy) + " at input " + lowp_test::hex(bulk_test::bits_of(x[i])) + " (n=" +
              std::to_string(n) + "): " + describe(got) + "; definition: " + describe(want));
      }
    }
  }
}

template <class To>
void check_format() {
  using F = typename To::format_type;
  bulk_test::mismatches m;
  // 1 in 4099 of all floats (plus both ends of each 2^20 range), mixed inputs, and every
  // float within 40 of each threshold of each mode and sign.
  std::vector<float> sample;
  for (std::uint64_t u = 0; u < (std::uint64_t{1} << 32); u += (lowp_test::exhaustive ? 4099 : 65537)) {
    const auto b = static_cast<std::uint32_t>(u);
    float f;
    std::memcpy(&f, &b, sizeof f);
    sample.push_back(f);
  }
  const auto mixed = bulk_test::mixed_floats(50000, 99);
  sample.insert(sample.end(), mixed.begin(), mixed.end());
  for (rounding mode : lowp_test::all_modes) {
    std::vector<float> edges;
    const auto t = lowp::simd::make_count_thresholds<F>(mode);
    for (int s = 0; s < 2; ++s) {
      const auto max_finite = static_cast<std::uint32_t>(bulk_test::bits_of(lowp::convert<float>(std::numeric_limits<To>::max())));
      for (std::uint32_t th : {t.nonzero_from[s], t.normal_from[s], t.overflow_from[s], max_finite}) {
        for (std::uint32_t d = 0; d < 80; ++d) {
          const std::uint32_t b = ((th + d - 40) & 0x7fffffffu) | (s != 0 ? 0x80000000u : 0u);
          float f;
          std::memcpy(&f, &b, sizeof f);
          edges.push_back(f);
        }
      }
    }
    for (overflow policy : lowp_test::all_policies) {
      compare_blocks<To>(sample, mode, policy, m);
      compare_blocks<To>(edges, mode, policy, m);
    }
  }
  INFO(m.report());
  CHECK(m.count.load() == 0);
}

}  // namespace

TEST_CASE("check_conversion counts on every path equal count_conversion", "[bulk][counts]") {
  if (!bulk_test::skipped_paths().empty()) WARN("SKIPPED bulk paths this CPU cannot run: " << bulk_test::skipped_paths());
  lowp_test::for_each_format([](auto row) {
    using Row = decltype(row);
    SECTION(Row::name) { check_format<typename Row::type>(); }
  });
}

TEST_CASE("check_conversion: known counts", "[bulk][counts]") {
  const float x[] = {1.0f, 65504.0f, 65520.0f, 1e-8f, 3e-5f, 0.1f, -0.0f, 1e30f};
  const auto s = lowp::check_conversion<lowp::float16>(x, 8);
  CHECK(s.nan == 0);
  CHECK(s.overflow == 2);   // 65520 (rounds to 65536) and 1e30
  CHECK(s.underflow == 1);  // 1e-8
  CHECK(s.subnormal == 1);  // 3e-5
  CHECK(s.inexact == 5);    // 65520, 1e-8, 3e-5, 0.1, 1e30
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float y[] = {nan, -nan, 1.0f};
  CHECK(lowp::check_conversion<lowp::bfloat16>(y, 3).nan == 2);
  // double sources take the scalar definition.
  const double d[] = {1e-300, 70000.0, 0.5};
  const auto t = lowp::check_conversion<lowp::float16>(d, 3);
  CHECK(t.underflow == 1);
  CHECK(t.overflow == 1);
  CHECK(t.inexact == 2);
}
