// Bulk conversions at every length from 0 to 300 and at odd large lengths, from and to
// every misalignment of 0..63 bytes (in steps of the element's alignment), on every path:
// the same bits as the scalar convert, and nothing written outside the destination.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "bulk_test.hpp"

namespace {

using lowp::overflow;
using lowp::rounding;

constexpr unsigned char canary = 0xa5;

template <class From, class To>
void check_layouts(const std::vector<From>& pool, rounding mode, overflow policy, bulk_test::mismatches& m) {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  for (std::size_t n : {1021u, 4099u, 65537u, 100003u}) lengths.push_back(n);

  std::vector<unsigned char> src_bytes(pool.size() * sizeof(From) + 128);
  std::vector<unsigned char> dst_bytes(pool.size() * sizeof(To) + 192);
  std::vector<To> want(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) want[i] = lowp::convert<To>(pool[i], mode, policy);

  for (auto p : bulk_test::supported_paths()) {
    for (std::size_t n : lengths) {
      // Small lengths at every misalignment; large ones at a few.
      const std::size_t step = n <= 300 ? 1 : 13;
      for (std::size_t mis = 0; mis < 64; mis += step) {
        const std::size_t src_off = (mis * alignof(From)) % 64;
        const std::size_t dst_off = (mis * 7 * alignof(To)) % 64;
        auto* src = reinterpret_cast<From*>(src_bytes.data() + src_off);
        std::memcpy(static_cast<void*>(src), static_cast<const void*>(pool.data()), n * sizeof(From));
        // 64 guard bytes before (plus the misalignment) and 64 after the destination.
        const std::size_t used = 64 + dst_off + n * sizeof(To);
        std::memset(dst_bytes.data(), canary, used + 64);
        auto* dst = reinterpret_cast<To*>(dst_bytes.data() + 64 + dst_off);
        lowp::simd::convert_on(p, static_cast<const From*>(src), dst, n, mode, policy);
        const std::string what = std::string(lowp::bulk_path_name(p)) + " n=" + std::to_string(n) +
                                 " src+" + std::to_string(src_off) + " dst+" + std::to_string(dst_off);
        bulk_test::compare(what.c_str(), pool.data(), dst, want.data(), n, m);
        bool intact = true;
        for (std::size_t q = 0; q < 64 + dst_off; ++q) intact = intact && dst_bytes[q] == canary;
        for (std::size_t q = used; q < used + 64; ++q) intact = intact && dst_bytes[q] == canary;
        if (!intact) m.add(what + ": wrote outside the destination");
      }
    }
  }
}

template <class From, class To>
void check_all(const std::vector<From>& pool) {
  bulk_test::mismatches m;
  check_layouts<From, To>(pool, rounding::to_nearest_even, overflow::ieee, m);
  check_layouts<From, To>(pool, rounding::to_nearest_away, overflow::saturate, m);
  INFO(m.report());
  CHECK(m.count.load() == 0);
}

}  // namespace

TEST_CASE("bulk conversions: every length 0..300 and odd large ones, every misalignment, every path",
          "[bulk][layout]") {
  if (!bulk_test::skipped_paths().empty()) WARN("SKIPPED bulk paths this CPU cannot run: " << bulk_test::skipped_paths());
  const auto floats = bulk_test::mixed_floats(100003, 7);
  const auto doubles = bulk_test::mixed_doubles(100003, 8);
  check_all<float, lowp::float16>(floats);
  check_all<float, lowp::bfloat16>(floats);
  check_all<float, lowp::float8_e4m3fn>(floats);
  check_all<float, lowp::float8_e5m2>(floats);
  check_all<double, lowp::float16>(doubles);
  check_all<double, lowp::bfloat16>(doubles);

  std::vector<lowp::float16> halves(100003);
  std::vector<lowp::bfloat16> brains(100003);
  std::vector<lowp::float8_e4m3fn> e4(100003);
  std::vector<lowp::float8_e5m2> e5(100003);
  for (std::size_t i = 0; i < halves.size(); ++i) {
    const auto r = static_cast<std::uint32_t>(i * 2654435761u);
    halves[i] = lowp::float16::from_bits(static_cast<std::uint16_t>(r >> 16));
    brains[i] = lowp::bfloat16::from_bits(static_cast<std::uint16_t>(r >> 8));
    e4[i] = lowp::float8_e4m3fn::from_bits(static_cast<std::uint8_t>(r >> 24));
    e5[i] = lowp::float8_e5m2::from_bits(static_cast<std::uint8_t>(r >> 20));
  }
  check_all<lowp::float16, float>(halves);
  check_all<lowp::bfloat16, float>(brains);
  check_all<lowp::float8_e4m3fn, float>(e4);
  check_all<lowp::float8_e5m2, float>(e5);
}
