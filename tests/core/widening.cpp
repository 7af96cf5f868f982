// Every encoding of every format widened to float and double: exact values, signed
// zeros, infinities, and NaNs that keep sign and payload and become quiet.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

template <class U, class T>
U bits_of(T x) {
  U u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

template <class Wide, class T>
void check_widening(std::uint64_t& checked) {
  using F = typename T::format_type;
  using U = std::conditional_t<sizeof(Wide) == 4, std::uint32_t, std::uint64_t>;
  constexpr int WM = sizeof(Wide) == 4 ? 23 : 52;
  const std::uint32_t count = 1u << F::total_bits;
  for (std::uint32_t b = 0; b < count; ++b) {
    const auto x = T::from_bits(static_cast<typename F::storage>(b));
    const Wide w = lowp::convert<Wide>(x);
    const auto want = lowp_ref::decode<F>(b);
    INFO("bits " << lowp_test::hex(b) << " -> " << w << " want " << want.str());
    ++checked;
    if (want.nan) {
      const U u = bits_of<U>(w);
      REQUIRE(std::isnan(w));
      REQUIRE(std::signbit(w) == want.negative);
      REQUIRE(((u >> (WM - 1)) & 1) == 1);  // quiet
      // The payload moves to the top of the wide mantissa.
      const U payload = static_cast<U>(b & lowp_test::shape<F>::mantissa_mask) << (WM - lowp_test::shape<F>::mantissa_bits);
      REQUIRE((u & ((U{1} << WM) - 1) & ~(U{1} << (WM - 1))) == (payload & ~(U{1} << (WM - 1))));
    } else {
      REQUIRE(std::signbit(w) == want.negative);
      REQUIRE(static_cast<long double>(std::fabs(w)) == want.magnitude);
    }
  }
}

}  // namespace

LOWP_FORMAT_TEST_CASE("every encoding widens exactly to float and double", "[core][exhaustive]",
                      lowp_test::every_type) {
  std::uint64_t checked = 0;
  check_widening<float, TestType>(checked);
  check_widening<double, TestType>(checked);
  // The implicit conversion is the same function.
  for (std::uint32_t b = 0; b < (1u << TestType::format_type::total_bits); ++b) {
    const auto x = TestType::from_bits(static_cast<typename TestType::storage_type>(b));
    const float implicit = x;
    const double implicit_double = x;
    REQUIRE(bits_of<std::uint32_t>(implicit) == bits_of<std::uint32_t>(lowp::convert<float>(x)));
    REQUIRE(bits_of<std::uint64_t>(implicit_double) ==
            bits_of<std::uint64_t>(static_cast<double>(lowp::convert<float>(x))));
  }
  CHECK(checked == 2u * (1u << TestType::format_type::total_bits));
}

// The 6- and 4-bit formats keep their value in the low bits of a byte: from_bits ignores
// the bits above, bits() returns them zero (DESIGN.md, "The full format set").
LOWP_FORMAT_TEST_CASE("from_bits ignores the bits above the format, bits() returns them zero", "[core]",
                      lowp_test::every_type) {
  using S = typename TestType::storage_type;
  const int width = lowp_test::shape<TestType>::total_bits;
  const std::uint32_t room = 1u << (8 * sizeof(S));
  std::uint64_t checked = 0, failed = 0;
  for (std::uint32_t raw = 0; raw < room; raw += (room > 256 ? 257u : 1u)) {
    const std::uint32_t low = raw & ((1u << width) - 1u);
    const auto x = TestType::from_bits(static_cast<S>(raw));
    ++checked;
    const float wide = x, wide_low = TestType::from_bits(static_cast<S>(low));
    if (x.bits() != low || bits_of<std::uint32_t>(wide) != bits_of<std::uint32_t>(wide_low)) {
      if (failed++ == 0) FAIL_CHECK("from_bits(" << lowp_test::hex(raw) << ").bits() = " << lowp_test::hex(x.bits()));
    }
  }
  CHECK(failed == 0);
  CHECK(checked > 0);
}

TEST_CASE("a signaling NaN widens to a quiet NaN", "[core]") {
  const auto snan = std::numeric_limits<lowp::float16>::signaling_NaN();
  REQUIRE(lowp::issignaling(snan));
  const std::uint32_t u = bits_of<std::uint32_t>(static_cast<float>(snan));
  CHECK(u == 0x7fc02000u);  // quiet bit set, payload bit 0 moved up by 13
  CHECK(bits_of<std::uint32_t>(static_cast<float>(-snan)) == 0xffc02000u);
}
