// Conversions between lowp formats: every encoding of every format into every other
// format, in every rounding mode and overflow policy, against the reference. This covers
// float16 <-> bfloat16 exhaustively (65,536 x 5 modes x 2 policies each way).
#include <catch2/catch.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

template <class From, class To>
std::uint64_t check_pair() {
  using FF = typename From::format_type;
  using TF = typename To::format_type;
  std::uint64_t checked = 0;
  for (std::uint32_t b = 0; b < (1u << FF::total_bits); ++b) {
    const auto x = From::from_bits(static_cast<typename FF::storage>(b));
    const auto in = lowp_ref::decode<FF>(b);
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) {
        const auto got = lowp::convert<To>(x, mode, policy).bits();
        ++checked;
        if (in.nan) {
          // Through float: the payload moves up, the quiet bit is set, then the top
          // payload bits that fit are kept.
          const std::uint64_t wide_payload =
              (static_cast<std::uint64_t>(b & lowp_test::shape<FF>::mantissa_mask) << (23 - lowp_test::shape<FF>::mantissa_bits)) | 0x400000u;
          const auto want = lowp_ref::nan_bits<TF>(in.negative, wide_payload, 23);
          INFO(lowp_test::hex(b) << " NaN -> " << lowp_test::hex(got) << " want " << lowp_test::hex(want));
          REQUIRE(got == want);
          continue;
        }
        const long double v = in.negative ? -in.magnitude : in.magnitude;
        const auto want = lowp_ref::round<TF>(v, mode, policy);
        const auto have = lowp_ref::decode<TF>(got);
        INFO(lowp_test::hex(b) << " " << lowp_test::mode_name(mode) << "/" << lowp_test::policy_name(policy)
                               << " -> " << have.str() << " want " << want.str());
        REQUIRE(have == want);
      }
    }
  }
  return checked;
}

template <class From>
std::uint64_t check_from() {
  return check_pair<From, lowp::float16>() + check_pair<From, lowp::bfloat16>() +
         check_pair<From, lowp::float8_e5m2>() + check_pair<From, lowp::float8_e4m3fn>();
}

}  // namespace

LOWP_FORMAT_TEST_CASE("every encoding converts into every format in every mode", "[core][exhaustive]",
                        lowp_test::all_types) {
  const auto checked = check_from<TestType>();
  // 4 targets x 5 modes x 2 policies per encoding.
  CHECK(checked == 40u * (1u << TestType::format_type::total_bits));
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
