// Conversions between lowp formats: every encoding of every format into every format, in
// every rounding mode and overflow policy, against the grid reference; and which of those
// conversions are implicit. This covers float16 <-> bfloat16 exhaustively (65,536 x 5
// modes x 2 policies each way).
#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <type_traits>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

struct tally {
  std::uint64_t checked = 0, failed = 0;
  std::string first;
};

// Every encoding of From into To, in every mode and policy, against the grid reference of
// To (which knows every kind of specials: no -0 and one NaN for fnuz, no NaN or infinity
// for fp6/fp4, unsigned and no zero for e8m0).
template <class From, class To>
void check_pair(tally& t) {
  using FS = lowp_test::shape<From>;
  static const lowp_ref::grid<To> grid;
  for (std::uint32_t b = 0; b < (1u << FS::total_bits); ++b) {
    const auto x = From::from_bits(static_cast<typename From::storage_type>(b));
    const auto in = lowp_ref::decode<From>(b);
    std::size_t hint = 0;
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) {
        const std::uint64_t got = lowp::convert<To>(x, mode, policy).bits();
        std::uint64_t want = 0;
        if (in.nan) {
          // Through float: the payload moves up, the quiet bit is set, then the top
          // payload bits that fit are kept (a format without such NaNs: its own rule).
          const std::uint64_t wide_payload =
              (static_cast<std::uint64_t>(b & FS::mantissa_mask) << (23 - FS::mantissa_bits)) | 0x400000u;
          want = lowp_ref::nan_bits<To>(in.negative, wide_payload, 23);
        } else {
          const double v = static_cast<double>(in.negative ? -in.magnitude : in.magnitude);  // exact
          want = grid.round(v, mode, policy, hint);
        }
        ++t.checked;
        if (got != want && t.failed++ == 0) {
          t.first = std::string(lowp_test::format_name<From>()) + " " + lowp_test::hex(b) + " (" + in.str() +
                    ") -> " + lowp_test::format_name<To>() + " " + lowp_test::mode_name(mode) + "/" +
                    lowp_test::policy_name(policy) + ": " + lowp_test::hex(got) + ", want " + lowp_test::hex(want);
        }
      }
    }
  }
}

}  // namespace

LOWP_FORMAT_TEST_CASE("every encoding converts into every format in every mode", "[core][exhaustive]",
                      lowp_test::every_type) {
  tally t;
  std::apply([&](auto... to) { (check_pair<TestType, decltype(to)>(t), ...); }, lowp_test::every_type{});
  INFO("first failure: " << t.first);
  CHECK(t.failed == 0);
  // Every target x 5 modes x 2 policies per encoding.
  CHECK(t.checked == 10u * std::tuple_size<lowp_test::every_type>::value * (1u << lowp_test::shape<TestType>::total_bits));
}

namespace {

// Whether every encoding of From is exactly a value of To: numbers by the grid of To (the
// nearest-even result decodes to the same value, sign of zero included), infinities and
// NaNs by whether To has them. The test's own answer, from the table's rows only.
template <class From, class To>
bool holds_every_value() {
  static const lowp_ref::grid<To> grid;
  for (std::uint32_t b = 0; b < (1u << lowp_test::shape<From>::total_bits); ++b) {
    const auto in = lowp_ref::decode<From>(b);
    if (in.nan) {
      if (!lowp_test::shape<To>::has_nan) return false;
      continue;
    }
    std::size_t hint = 0;
    const double v = static_cast<double>(in.negative ? -in.magnitude : in.magnitude);
    const auto out = lowp_ref::decode<To>(grid.round(v, lowp::rounding::to_nearest_even, lowp::overflow::ieee, hint));
    if (!(out == in)) return false;
  }
  return true;
}

template <class From, class To>
void check_implicit(std::uint64_t& implicit_pairs, std::string& wrong) {
  if (std::is_same<From, To>::value) return;
  const bool holds = holds_every_value<From, To>();
  const bool implicit = std::is_convertible<From, To>::value;
  implicit_pairs += implicit;
  if (implicit != holds) {
    wrong += std::string(lowp_test::format_name<From>()) + " -> " + lowp_test::format_name<To>() +
             (implicit ? " is implicit, but a value changes; " : " is explicit, but no value changes; ");
  }
  CHECK(std::is_constructible<To, From>::value);  // explicitly, always
}

}  // namespace

// DESIGN.md: implicit conversions go exactly where no value can change (fp4 -> float16
// implicit, e8m0 -> float16 explicit, float16 <-> bfloat16 explicit both ways).
LOWP_FORMAT_TEST_CASE("a conversion between formats is implicit exactly where no value changes", "[core]",
                      lowp_test::every_type) {
  std::uint64_t implicit_pairs = 0;
  std::string wrong;
  std::apply([&](auto... to) { (check_implicit<TestType, decltype(to)>(implicit_pairs, wrong), ...); },
             lowp_test::every_type{});
  INFO(wrong);
  CHECK(wrong.empty());
  WARN(lowp_test::format_name<TestType>() << " converts implicitly into " << implicit_pairs << " other formats");
}

TEST_CASE("float16 <-> bfloat16 spot values", "[core]") {
  // 65504 is representable in bfloat16 only approximately: it rounds to 65536.
  CHECK(lowp::bfloat16(lowp::float16(65504.0f)).bits() == 0x4780);
  // bfloat16 values past float16's range overflow as IEEE, or saturate.
  CHECK(lowp::float16(lowp::bfloat16(1e5f)).bits() == 0x7c00);
  CHECK(lowp::saturate_cast<lowp::float16>(lowp::bfloat16(-1e5f)).bits() == 0xfbff);
  // Tiny bfloat16 values underflow float16 to a signed zero.
  CHECK(lowp::float16(lowp::bfloat16(-1e-30f)).bits() == 0x8000);
}
