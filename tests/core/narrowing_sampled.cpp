// Conversions from double and from every integer type, in every rounding mode and overflow
// policy, into every format (and into float), on random and edge-case samples, against the
// grid reference (tests/support/reference.hpp), which knows every kind of specials. double
// and 64-bit integers must be rounded once: the double-rounding traps below catch any path
// through float, in every format.
#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

double double_of(std::uint64_t u) {
  double d;
  std::memcpy(&d, &u, sizeof d);
  return d;
}
std::uint64_t bits_of(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

// Random doubles of every exponent, plus doubles near each format's landmarks.
template <class F>
std::vector<double> double_samples(std::mt19937_64& rng, std::size_t n) {
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(double_of(rng()));  // any bits, NaN included
  std::uniform_int_distribution<int> exponent(lowp_test::shape<F>::min_subnormal_exponent - 3, lowp_test::shape<F>::max_exponent + 3);
  std::uniform_real_distribution<double> unit(1.0, 2.0);
  for (std::size_t i = 0; i < n; ++i) {
    double d = std::ldexp(unit(rng), exponent(rng));
    // Half the time, snap to a midpoint of F and nudge by a few double ulps.
    if (i % 2 == 0) {
      const int e = std::max(std::ilogb(d), lowp_test::shape<F>::min_exponent);
      const double q = std::ldexp(1.0, e - lowp_test::shape<F>::mantissa_bits);
      d = (std::floor(d / q) + 0.5) * q;
      d = std::nextafter(d, (i % 4 == 0) ? 0.0 : HUGE_VAL);
      if (i % 8 == 0) d = (std::floor(d / q) + 0.5) * q;  // the exact tie
    }
    v.push_back((rng() & 1) ? -d : d);
  }
  for (double d : {0.0, -0.0, HUGE_VAL, -HUGE_VAL, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308}) {
    v.push_back(d);
  }
  return v;
}

// The checks count their failures and keep the first (a Catch assertion per check would
// cost more than the check).
struct tally {
  std::uint64_t checked = 0, failed = 0;
  std::string first;
  void expect(std::uint64_t got, std::uint64_t want, const std::string& what) {
    ++checked;
    if (got != want && failed++ == 0) first = what + " -> " + lowp_test::hex(got) + ", want " + lowp_test::hex(want);
  }
};

template <class T>
const lowp_ref::grid<T>& grid_of() {
  static const lowp_ref::grid<T> grid;
  return grid;
}

std::string describe(long double x, lowp::rounding mode, lowp::overflow policy) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.21Lg %s/%s", x, lowp_test::mode_name(mode), lowp_test::policy_name(policy));
  return buf;
}

template <class T>
void check_double(double x, lowp::rounding mode, lowp::overflow policy, tally& t) {
  const std::uint64_t got = lowp::convert<T>(x, mode, policy).bits();
  std::uint64_t want = 0;
  if (std::isnan(x)) {
    want = lowp_ref::nan_bits<T>(std::signbit(x), bits_of(x) & ((1ull << 52) - 1), 52);
  } else {
    std::size_t hint = 0;
    want = grid_of<T>().round(x, mode, policy, hint);
  }
  ++t.checked;
  if (got != want && t.failed++ == 0) {
    t.first = lowp_test::hex(bits_of(x)) + " (" + describe(x, mode, policy) + ") -> " + lowp_test::hex(got) +
              ", want " + lowp_test::hex(want);
  }
}

template <class T, class I>
void check_integer(I x, lowp::rounding mode, lowp::overflow policy, tally& t) {
  const std::uint64_t got = lowp::convert<T>(x, mode, policy).bits();
  const auto& grid = grid_of<T>();
  const std::uint64_t want = grid.choose(grid.locate_wide(static_cast<long double>(x)), mode, policy);
  ++t.checked;
  if (got != want && t.failed++ == 0) {
    t.first = describe(static_cast<long double>(x), mode, policy) + " -> " + lowp_test::hex(got) + ", want " +
              lowp_test::hex(want);
  }
}

// Integers near powers of two and near each format's ties, plus random ones.
template <class I>
std::vector<I> integer_samples(std::mt19937_64& rng, std::size_t n) {
  std::vector<I> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<I>(rng()));
  for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<I>(rng() >> (rng() % 64)));
  for (int s = 0; s < static_cast<int>(sizeof(I) * 8); ++s) {
    // Bit patterns built in uint64_t (no signed overflow at the top bit), then cast to I.
    const std::uint64_t p = std::uint64_t{1} << s;
    for (int d = -3; d <= 3; ++d) v.push_back(static_cast<I>(p + static_cast<std::uint64_t>(d)));
    for (int k = 1; k <= 4; ++k) v.push_back(static_cast<I>(p + (p >> k)));  // binary ties
    for (int k = 1; k <= 16; ++k) {
      const std::uint64_t pattern = p | (p >> k) | 1u;  // (named first: I may be bool)
      v.push_back(static_cast<I>(pattern));
    }
  }
  v.push_back(std::numeric_limits<I>::min());
  v.push_back(std::numeric_limits<I>::max());
  v.push_back(0);
  return v;
}

}  // namespace

LOWP_FORMAT_TEST_CASE("double -> every format, every mode and policy", "[core]", lowp_test::every_type) {
  std::mt19937_64 rng(12345);
  const auto samples = double_samples<TestType>(rng, lowp_test::exhaustive ? 200000 : 20000);
  tally t;
  for (double x : samples) {
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) check_double<TestType>(x, mode, policy, t);
    }
  }
  INFO("first failure: " << t.first);
  CHECK(t.failed == 0);
  CHECK(t.checked == samples.size() * 10);
  WARN("double -> " << lowp_test::format_name<TestType>() << ": " << t.checked << " (input, mode, policy) checks, "
                    << t.failed << " mismatches");
}

LOWP_FORMAT_TEST_CASE("double -> format is rounded once: the double-rounding traps", "[core]",
                      lowp_test::every_type) {
  // For every two neighbouring finite values of the format, take their midpoint m and the
  // doubles just above and just below it, of both signs. Each rounds to m as a float (m has
  // at most M + 2 significant bits, float 24), so a conversion through float would see an
  // exact tie and round it to even. Rounding once goes the right way, in every mode.
  const auto& grid = grid_of<TestType>();
  const std::size_t top = static_cast<std::size_t>(lowp_test::shape<TestType>::max_finite_bits);
  tally t;
  std::uint64_t traps = 0, nudged = 0;
  for (std::size_t k = 0; k < top; ++k) {
    const double mid = grid.midpoints[k];
    for (double x : {std::nextafter(mid, 0.0), std::nextafter(mid, HUGE_VAL)}) {
      for (double signed_x : {x, -x}) {
        for (auto mode : lowp_test::all_modes) {
          for (auto policy : lowp_test::all_policies) check_double<TestType>(signed_x, mode, policy, t);
        }
      }
      REQUIRE(static_cast<double>(static_cast<float>(x)) == mid);  // the trap is set
      traps += TestType(x).bits() != TestType(static_cast<float>(x)).bits();
      ++nudged;
    }
  }
  INFO("first failure: " << t.first);
  CHECK(t.failed == 0);
  // Half the nudged doubles are traps: those on the side opposite to the even neighbour.
  CHECK(traps == nudged / 2);
  WARN(lowp_test::format_name<TestType>() << ": " << traps << " of " << nudged
                                          << " nudged midpoints would round wrongly via float; " << t.checked
                                          << " checks in every mode and policy, " << t.failed << " mismatches");
}

TEST_CASE("double -> bfloat16 and float are rounded once", "[core]") {
  std::mt19937_64 rng(99);
  std::size_t traps = 0;
  tally t;
  for (int i = 0; i < 100000; ++i) {
    // A random bfloat16 midpoint, nudged by one double ulp.
    const auto b = static_cast<std::uint16_t>(rng() % 0x7f7f);
    const double lo = lowp::bfloat16::from_bits(b), hi = lowp::bfloat16::from_bits(static_cast<std::uint16_t>(b + 1));
    const double x = std::nextafter((lo + hi) / 2, (i & 1) ? HUGE_VAL : 0.0);
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) check_double<lowp::bfloat16>(x, mode, policy, t);
    }
    traps += lowp::bfloat16(x).bits() != lowp::bfloat16(static_cast<float>(x)).bits();
  }
  INFO("first failure: " << t.first);
  CHECK(t.failed == 0);
  CHECK(traps > 10000);
  // double -> float through the same engine.
  const auto samples = double_samples<lowp::detail::binary32>(rng, 50000);
  for (double x : samples) {
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) {
        const float got = lowp::convert<float>(x, mode, policy);
        std::uint32_t u;
        std::memcpy(&u, &got, sizeof u);
        if (std::isnan(x)) {
          REQUIRE(std::isnan(got));
          continue;
        }
        const auto want = lowp_ref::round<lowp::detail::binary32>(x, mode, policy);
        const auto have = lowp_ref::decode<lowp::detail::binary32>(u);
        INFO(x << " " << lowp_test::mode_name(mode) << " -> " << have.str() << " want " << want.str());
        REQUIRE(have == want);
      }
    }
  }
  // In the default mode it is the hardware's conversion.
  for (double x : samples) {
    if (std::isnan(x)) continue;
    REQUIRE(lowp::convert<float>(x) == static_cast<float>(x));
  }
}

namespace {

// Samples of integer type I (random, near powers of two and binary ties, the extremes)
// into T in every mode and policy.
template <class T, class I>
void check_integer_type(std::mt19937_64& rng, std::size_t n, tally& t) {
  const auto samples = integer_samples<I>(rng, n);
  for (auto mode : lowp_test::all_modes) {
    for (auto policy : lowp_test::all_policies) {
      for (auto x : samples) check_integer<T>(x, mode, policy, t);
    }
  }
}

// Every integer type of C++ (the character types included: convert takes any integral type).
using integer_types = std::tuple<bool, char, signed char, unsigned char, wchar_t, char16_t, char32_t, short,
                                 unsigned short, int, unsigned, long, unsigned long, long long,
                                 unsigned long long>;

}  // namespace

LOWP_FORMAT_TEST_CASE("integers -> every format, every mode and policy", "[core]", lowp_test::every_type) {
  std::mt19937_64 rng(7);
  const std::size_t n = lowp_test::exhaustive ? 20000 : 2000;
  tally t;
  // The wide types get the large samples; every type gets its own.
  check_integer_type<TestType, std::int32_t>(rng, n, t);
  check_integer_type<TestType, std::int64_t>(rng, n, t);
  check_integer_type<TestType, std::uint64_t>(rng, n, t);
  std::apply([&](auto... zero) { (check_integer_type<TestType, decltype(zero)>(rng, n / 10, t), ...); },
             integer_types{});
  // Every int16 and uint16 value.
  for (auto mode : lowp_test::all_modes) {
    for (auto policy : lowp_test::all_policies) {
      for (int x = SHRT_MIN; x <= USHRT_MAX; ++x) check_integer<TestType>(x, mode, policy, t);
    }
  }
  INFO("first failure: " << t.first);
  CHECK(t.failed == 0);
  WARN("integer -> " << lowp_test::format_name<TestType>() << ": " << t.checked << " (input, mode, policy) checks, "
                     << t.failed << " mismatches");
}

TEST_CASE("64-bit integers -> float and double are rounded once", "[core]") {
  std::mt19937_64 rng(11);
  for (auto mode : lowp_test::all_modes) {
    for (auto x : integer_samples<std::int64_t>(rng, 20000)) {
      const double d = lowp::convert<double>(x, mode);
      const auto want = lowp_ref::round<lowp::detail::binary64>(static_cast<long double>(x), mode, lowp::overflow::ieee);
      REQUIRE(lowp_ref::decode<lowp::detail::binary64>(bits_of(d)) == want);
      const float f = lowp::convert<float>(x, mode);
      std::uint32_t u;
      std::memcpy(&u, &f, sizeof u);
      REQUIRE(lowp_ref::decode<lowp::detail::binary32>(u) ==
              lowp_ref::round<lowp::detail::binary32>(static_cast<long double>(x), mode, lowp::overflow::ieee));
    }
    for (auto x : integer_samples<std::uint64_t>(rng, 20000)) {
      const double d = lowp::convert<double>(x, mode);
      REQUIRE(lowp_ref::decode<lowp::detail::binary64>(bits_of(d)) ==
              lowp_ref::round<lowp::detail::binary64>(static_cast<long double>(x), mode, lowp::overflow::ieee));
    }
  }
  // Ties in double: 2^53 + 1 and 2^53 + 3 go to the even neighbour.
  CHECK(lowp::convert<double>(std::int64_t{9007199254740993}) == 9007199254740992.0);
  CHECK(lowp::convert<double>(std::int64_t{9007199254740995}) == 9007199254740996.0);
  // 2^56 + 2^48 + 1 lies just above a bfloat16 tie. Through float the +1 would be lost,
  // leaving an exact tie that rounds down to 2^56; rounded once it goes up.
  CHECK(lowp::bfloat16(std::int64_t{0x0101000000000001}).bits() == lowp::bfloat16(0x1.02p56).bits());
}

TEST_CASE("stochastic_round rounds up with the discarded fraction's probability", "[core]") {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200000; ++i) {
    std::uint32_t u = static_cast<std::uint32_t>(rng());
    float x;
    std::memcpy(&x, &u, sizeof x);
    if (!std::isfinite(x) || std::fabs(x) > 60000.0f) continue;
    // The two float16 neighbours of x (toward zero and away from zero) and the discarded
    // fraction, to 32 bits: the generator's value must fall below it for a round up.
    const auto lo = lowp::convert<lowp::float16>(x, lowp::rounding::toward_zero);
    const auto a = static_cast<long double>(std::fabs(x));
    const long double lo_v = std::fabs(static_cast<long double>(static_cast<float>(lo)));
    const auto hi = lowp::float16::from_bits(static_cast<std::uint16_t>(lo.bits() + 1));
    const long double hi_v = std::fabs(static_cast<long double>(static_cast<float>(hi)));
    const long double fraction = (a - lo_v) / (hi_v - lo_v);  // exact: a power-of-two denominator
    const auto threshold = static_cast<std::uint64_t>(std::floor(std::ldexp(fraction, 32)));
    for (std::uint64_t r : {std::uint64_t{0}, threshold == 0 ? 0 : threshold - 1, threshold,
                            threshold + 1, std::uint64_t{0xffffffff}, rng() & 0xffffffffu}) {
      if (r > 0xffffffffu) continue;
      const auto got = lowp::stochastic_round<lowp::float16>(x, static_cast<std::uint32_t>(r));
      const bool up = r < threshold;
      INFO(x << " r=" << r << " threshold=" << threshold);
      REQUIRE(got.bits() == (up ? hi.bits() : lo.bits()));
    }
  }
  // Exact values never move; the mean of many draws is the input.
  CHECK(lowp::stochastic_round<lowp::bfloat16>(1.5f, 0xffffffffu).bits() == lowp::bfloat16(1.5f).bits());
  double sum = 0;
  const float x = 1.0f + 0x1p-9f + 0x1p-12f;  // 0.28125 of a bfloat16 ulp (2^-7) above 1
  for (std::uint32_t k = 0; k < 65536; ++k) sum += lowp::stochastic_round<lowp::bfloat16>(x, k * 65536u + 1234u);
  CHECK(std::fabs(sum / 65536 - x) < 1e-5);
  CHECK(lowp::stochastic_round<lowp::float16>(70000.0f, 0).bits() == 0x7c00);
  CHECK(lowp::stochastic_round<lowp::float16>(70000.0f, 0, lowp::overflow::saturate).bits() == 0x7bff);
}
