// Classification of every encoding, std::numeric_limits against a scan of all encodings,
// std::hash, and comparisons.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <algorithm>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "format_test_case.hpp"
#include "format_widths.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

template <class T>
T from(std::uint32_t b) {
  return T::from_bits(static_cast<typename T::storage_type>(b));
}

}  // namespace

LOWP_FORMAT_TEST_CASE("classification of every encoding", "[core][exhaustive]", lowp_test::every_type) {
  using S = lowp_test::shape<TestType>;
  using kind = lowp_test::specials_kind;
  const long double min_normal = std::ldexp(1.0L, S::min_exponent);
  std::uint32_t counts[5] = {};
  for (std::uint32_t b = 0; b < (1u << S::total_bits); ++b) {
    const auto x = from<TestType>(b);
    const auto v = lowp_ref::decode<TestType>(b);
    const bool inf = !v.nan && std::isinf(v.magnitude);
    const bool zero = !v.nan && v.magnitude == 0;
    const bool subnormal = !v.nan && !zero && v.magnitude < min_normal;
    INFO("bits " << lowp_test::hex(b) << " = " << v.str());
    REQUIRE(lowp::isnan(x) == v.nan);
    REQUIRE(lowp::isinf(x) == inf);
    REQUIRE(lowp::isfinite(x) == (!v.nan && !inf));
    REQUIRE(lowp::iszero(x) == zero);
    REQUIRE((lowp::issubnormal)(x) == subnormal);
    REQUIRE(lowp::isnormal(x) == (!v.nan && !inf && !zero && !subnormal));
    // The sign of a number or a signed NaN; fnuz's NaN (the -0 pattern) and every e8m0
    // encoding have none (decode says so).
    REQUIRE(lowp::signbit(x) == v.negative);
    const bool quiet_bit = (b & S::quiet_bit) != 0;  // (0 where there is no infinity)
    REQUIRE(lowp::issignaling(x) == (v.nan && S::has_infinity && !quiet_bit));
    const int c = lowp::fpclassify(x);
    REQUIRE(c == (v.nan ? FP_NAN : inf ? FP_INFINITE : zero ? FP_ZERO : subnormal ? FP_SUBNORMAL : FP_NORMAL));
    counts[c == FP_NAN ? 0 : c == FP_INFINITE ? 1 : c == FP_ZERO ? 2 : c == FP_SUBNORMAL ? 3 : 4]++;
  }
  // The census of each format, from its kind of specials: +-0 (fnuz: +0 only; e8m0: no
  // zero), 2 * (2^M - 1) subnormals where there is a zero, and the NaNs and infinities.
  const std::uint32_t m = 1u << S::mantissa_bits;
  const std::uint32_t nans = S::kind == kind::ieee                ? 2 * (m - 1)
                             : S::kind == kind::nan_all_ones      ? 2u
                             : S::kind == kind::nan_negative_zero ? 1u
                             : S::kind == kind::exponent_only     ? 1u
                                                                  : 0u;
  CHECK(counts[0] == nans);
  CHECK(counts[1] == (S::has_infinity ? 2u : 0u));
  CHECK(counts[2] == (S::has_zero ? (S::has_negative_zero ? 2u : 1u) : 0u));
  CHECK(counts[3] == (S::has_zero ? 2 * (m - 1) : 0u));
  // Every other encoding is normal: for a signed format, both signs of each exponent field
  // from 1 (e8m0: from 0) up to the top field or to the last before the specials.
  CHECK(counts[0] + counts[1] + counts[2] + counts[3] + counts[4] == (1u << S::total_bits));
  CHECK(counts[4] == (S::is_signed ? 2u : 1u) * (S::max_finite_bits + 1u - S::min_normal_bits));
}

TEST_CASE("glibc's issubnormal macro and lowp's issubnormal live together", "[core]") {
  // <cmath> is included above; with _GNU_SOURCE glibc's math.h defines the function-like
  // macro issubnormal(x) as (fpclassify(x) == FP_SUBNORMAL).
  const auto s = lowp::float16::from_bits(1);
  const auto n = lowp::float16(1.0f);
  CHECK(issubnormal(s));  // unqualified: the macro (if any) or ADL
  CHECK_FALSE(issubnormal(n));
  CHECK((lowp::issubnormal)(s));  // qualified, protected from the macro
  CHECK(iszero(lowp::bfloat16(-0.0f)));
  CHECK(isnan(std::numeric_limits<lowp::float8_e4m3fn>::quiet_NaN()));
}

LOWP_FORMAT_TEST_CASE("numeric_limits agrees with a scan of every encoding", "[core][exhaustive]",
                      lowp_test::every_type) {
  using S = lowp_test::shape<TestType>;
  using L = std::numeric_limits<TestType>;
  // Scan: the largest finite, smallest positive normal, smallest positive value, and
  // whether infinities, NaNs and signaling NaNs exist.
  long double largest = 0, smallest_normal = HUGE_VALL, smallest = HUGE_VALL;
  bool has_inf = false, has_nan = false, has_snan = false;
  const long double min_normal = std::ldexp(1.0L, S::min_exponent);
  for (std::uint32_t b = 0; b < (1u << S::total_bits); ++b) {
    const auto v = lowp_ref::decode<TestType>(b);
    const auto x = from<TestType>(b);
    if (v.nan) {
      has_nan = true;
      has_snan = has_snan || lowp::issignaling(x);
      continue;
    }
    if (std::isinf(v.magnitude)) {
      has_inf = true;
      continue;
    }
    if (v.magnitude > largest) largest = v.magnitude;
    if (v.magnitude > 0 && v.magnitude < smallest) smallest = v.magnitude;
    if (v.magnitude >= min_normal && v.magnitude < smallest_normal) smallest_normal = v.magnitude;
  }
  const auto value = [](TestType x) { return static_cast<long double>(static_cast<float>(x)); };
  STATIC_REQUIRE(L::is_specialized);
  CHECK(value((L::max)()) == largest);
  // An unsigned format's lowest value is its smallest (e8m0: 2^-127, as min and denorm_min).
  CHECK(value(L::lowest()) == (S::is_signed ? -largest : smallest));
  CHECK(value((L::min)()) == smallest_normal);
  CHECK(value(L::denorm_min()) == smallest);
  CHECK(L::has_infinity == has_inf);
  CHECK(L::has_quiet_NaN == has_nan);
  CHECK(L::has_signaling_NaN == has_snan);
  if (L::has_quiet_NaN) {
    CHECK(lowp::isnan(L::quiet_NaN()));
    CHECK_FALSE(lowp::issignaling(L::quiet_NaN()));
  }
  if (L::has_signaling_NaN) CHECK(lowp::issignaling(L::signaling_NaN()));
  if (L::has_infinity) {
    CHECK(lowp::isinf(L::infinity()));
    CHECK_FALSE(lowp::signbit(L::infinity()));
  }
  // epsilon: the distance from 1 to the next encoding (e8m0: from 1 to 2).
  const auto one = TestType(1.0f);
  REQUIRE(value(one) == 1);
  const auto next = from<TestType>(one.bits() + 1u);
  CHECK(value(L::epsilon()) == value(next) - 1);
  CHECK(value(L::round_error()) == 0.5L);
  CHECK(L::digits == S::mantissa_bits + 1);
  CHECK(L::radix == 2);
  CHECK(L::digits10 == static_cast<int>(std::floor((L::digits - 1) * std::log10(2.0))));
  CHECK(L::max_digits10 == static_cast<int>(std::ceil(1 + L::digits * std::log10(2.0))));
  // Same conventions as numeric_limits<float>: 2^(min_exponent-1) is the smallest normal.
  CHECK(std::ldexp(1.0L, L::min_exponent - 1) == smallest_normal);
  CHECK(std::ldexp(1.0L, L::max_exponent - 1) <= largest);
  CHECK(std::ldexp(1.0L, L::max_exponent) > largest);
  CHECK(L::min_exponent10 == static_cast<int>(std::ceil(std::log10(static_cast<double>(smallest_normal)))));
  CHECK(L::max_exponent10 == static_cast<int>(std::floor(std::log10(static_cast<double>(largest)))));
  CHECK(L::is_signed == S::is_signed);
  CHECK_FALSE(L::is_integer);
  CHECK_FALSE(L::is_exact);
  CHECK(L::is_bounded);
  CHECK(L::has_denorm == (smallest < smallest_normal ? std::denorm_present : std::denorm_absent));
  CHECK(L::round_style == std::round_to_nearest);
  // IEC 559 wants infinities, quiet and signaling NaNs (and subnormals).
  CHECK(L::is_iec559 == (has_inf && has_snan && smallest < smallest_normal));
}

TEST_CASE("numeric_limits<float16> matches the IEEE binary16 values", "[core]") {
  using L = std::numeric_limits<lowp::float16>;
  CHECK((L::max)().bits() == 0x7bff);
  CHECK((L::min)().bits() == 0x0400);
  CHECK(L::denorm_min().bits() == 0x0001);
  CHECK(L::epsilon().bits() == 0x1400);
  CHECK(L::digits10 == 3);
  CHECK(L::max_digits10 == 5);
  CHECK(L::min_exponent == -13);
  CHECK(L::max_exponent == 16);
  CHECK(L::min_exponent10 == -4);
  CHECK(L::max_exponent10 == 4);
  using B = std::numeric_limits<lowp::bfloat16>;
  CHECK(B::min_exponent == FLT_MIN_EXP);
  CHECK(B::max_exponent == FLT_MAX_EXP);
  CHECK(B::min_exponent10 == FLT_MIN_10_EXP);
  CHECK(B::max_exponent10 == FLT_MAX_10_EXP);
  CHECK(B::round_error().bits() == 0x3f00);
  using E = std::numeric_limits<lowp::float8_e4m3fn>;
  CHECK(static_cast<float>((E::max)()) == 448.0f);
  CHECK_FALSE(E::has_infinity);
  CHECK_FALSE(E::is_iec559);
}

// Equal values hash equally (+0 and -0); every other value, and every NaN encoding, has a
// hash of its own (std::hash of the integers it reduces to is one-to-one here).
LOWP_FORMAT_TEST_CASE("hash: equal values hash equally, different values differently", "[core][exhaustive]",
                      lowp_test::every_type) {
  using S = lowp_test::shape<TestType>;
  const std::hash<TestType> h;
  std::vector<std::pair<std::size_t, std::uint32_t>> hashes;  // (hash, encoding), zeros as one
  std::size_t zero_hash = 0;
  bool seen_zero = false;
  std::uint64_t failed = 0;
  for (std::uint32_t b = 0; b < (1u << S::total_bits); ++b) {
    const auto x = from<TestType>(b);
    const auto v = lowp_ref::decode<TestType>(b);
    if (!v.nan && v.magnitude == 0) {
      if (seen_zero && h(x) != zero_hash) ++failed;
      zero_hash = h(x);
      if (seen_zero) continue;
      seen_zero = true;
    }
    hashes.emplace_back(h(x), b);
  }
  CHECK(failed == 0);
  CHECK(seen_zero == S::has_zero);
  std::sort(hashes.begin(), hashes.end());
  const auto same = std::adjacent_find(hashes.begin(), hashes.end(),
                                       [](const auto& a, const auto& c) { return a.first == c.first; });
  INFO("first collision at " << (same == hashes.end() ? std::string("none") : lowp_test::hex(same->second)));
  CHECK(same == hashes.end());
  CHECK(h(TestType(1.0f)) == h(TestType(1.0f)));
}

LOWP_FORMAT_TEST_CASE("comparisons of every pair (8-bit and narrower) follow IEEE", "[core][exhaustive]",
                      lowp_test::every_byte_type) {
  const std::uint32_t all = 1u << lowp_test::shape<TestType>::total_bits;
  for (std::uint32_t a = 0; a < all; ++a) {
    for (std::uint32_t b = 0; b < all; ++b) {
      const auto x = from<TestType>(a), y = from<TestType>(b);
      const auto vx = lowp_ref::decode<TestType>(a), vy = lowp_ref::decode<TestType>(b);
      const long double fx = vx.negative ? -vx.magnitude : vx.magnitude;
      const long double fy = vy.negative ? -vy.magnitude : vy.magnitude;
      const bool unordered = vx.nan || vy.nan;
      INFO(lowp_test::hex(a) << " vs " << lowp_test::hex(b));
      REQUIRE((x == y) == (!unordered && fx == fy));
      REQUIRE((x != y) == (unordered || fx != fy));
      REQUIRE((x < y) == (!unordered && fx < fy));
      REQUIRE((x <= y) == (!unordered && fx <= fy));
      REQUIRE((x > y) == (!unordered && fx > fy));
      REQUIRE((x >= y) == (!unordered && fx >= fy));
    }
  }
}

TEST_CASE("comparisons of 16-bit values: NaN, zeros, mixed types", "[core]") {
  using lowp::float16;
  const auto nan = std::numeric_limits<float16>::quiet_NaN();
  CHECK_FALSE(nan == nan);
  CHECK(nan != nan);
  CHECK_FALSE(nan < float16(1.0f));
  CHECK(float16(0.0f) == float16(-0.0f));
  CHECK_FALSE(float16(-0.0f) < float16(0.0f));
  CHECK(float16(-1.0f) < float16(-0.5f));
  CHECK(float16(2.0f) == 2);
  CHECK(3 > float16(2.0f));
  CHECK(float16(2048.0f) == 2049);  // the integer converts to float16 first (ties to even)
  CHECK(float16(1.5f) == lowp::float8_e4m3fn(1.5f));
  CHECK(lowp::bfloat16(448.0f) == lowp::float8_e4m3fn(448.0f));
  CHECK(float16(0.5f) < 1.0);  // with double: compares as double
}
