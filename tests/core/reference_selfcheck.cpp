// The two independent references of tests/support/reference.hpp (the value-based grid and
// the ldexp/floor rounding) agree with each other on a spread sample of floats, in every
// mode and policy, for every format of the table (every kind of specials): were either
// wrong, this would show. The walk over all
// floats (tests/exhaustive) then checks the engine against the grid.
#include <catch2/catch.hpp>

#include <cstring>

#include "format_test_case.hpp"
#include "formats.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

float float_of(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// The grid reference itself agrees with the ldexp reference (the two are written
// differently) on a sample in every mode and policy, so either failing would show.
template <class F>
void cross_check_references() {
  const lowp_ref::grid<F> grid;
  std::size_t hint = 0;
  for (std::uint64_t i = 0; i < (std::uint64_t{1} << 32); i += 65537) {
    const auto u = static_cast<std::uint32_t>(i);
    const float x = float_of(u);
    if (x != x) continue;
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) {
        const auto a = lowp_ref::decode<F>(grid.round(x, mode, policy, hint));
        const auto b = lowp_ref::round<F>(x, mode, policy);
        INFO(lowp_test::hex(u) << " " << lowp_test::mode_name(mode) << ": grid " << a.str() << ", ldexp " << b.str());
        REQUIRE(a == b);
      }
    }
  }
}

}  // namespace

LOWP_FORMAT_TEST_CASE("the grid and the ldexp references agree", "[core][reference]", lowp_test::every_type) {
  cross_check_references<TestType>();
}
