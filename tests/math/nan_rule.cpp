// One NaN rule for every operation, on every format with arithmetic (DESIGN.md, "Precise
// rules" and "The full format set"): an invalid operation (no NaN argument) gives the
// positive quiet NaN with zero payload, fnuz's one NaN 0x80, or +max in a format without
// NaN (FP6, FP4: what a NaN converts to); a NaN argument comes back quieted, keeping its
// sign and payload (the first NaN argument when there are several). A result that would
// be an infinity is the format's overflow: +-inf, the NaN with the sign (fn), 0x80 (fnuz)
// or +-max (FP6, FP4). The expected encodings are written out from the format's row here
// (tests/support/formats.hpp), not read from lowp's traits. The exhaustive tests check the
// same rule bit for bit over every encoding (unary_exhaustive.cpp, binary_functions.cpp,
// tests/core/arithmetic.cpp); this file names each invalid operation once, so that a
// change of rule shows up by name.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <lowp/lowp.hpp>

#include "format_test_case.hpp"
#include "format_widths.hpp"
#include "lowp_test.hpp"

namespace {

template <class T>
using shape_t = lowp_test::shape<T>;

// What an invalid operation gives (see the top of this file).
template <class T>
std::uint32_t canonical_nan() {
  return shape_t<T>::quiet_nan_bits;
}

template <class T>
T bits(std::uint32_t b) {
  return T::from_bits(static_cast<typename T::storage_type>(b));
}

template <class T>
struct invalid_case {
  std::string name;
  std::function<T()> run;
};

template <class T>
std::vector<invalid_case<T>> invalid_operations() {
  const T zero(0.0f), one(1.0f), two(2.0f), half(0.5f), m1(-1.0f), m2(-2.0f);
  std::vector<invalid_case<T>> v = {
      {"0 / 0", [=] { return zero / zero; }},
      {"-0 / 0", [=] { return -zero / zero; }},
      {"sqrt(-1)", [=] { return lowp::sqrt(m1); }},
      {"log(-1)", [=] { return lowp::log(m1); }},
      {"log2(-1)", [=] { return lowp::log2(m1); }},
      {"log10(-1)", [=] { return lowp::log10(m1); }},
      {"log1p(-2)", [=] { return lowp::log1p(m2); }},
      {"acos(2)", [=] { return lowp::acos(two); }},
      {"asin(-2)", [=] { return lowp::asin(m2); }},
      {"acosh(0.5)", [=] { return lowp::acosh(half); }},
      {"atanh(2)", [=] { return lowp::atanh(two); }},
      {"pow(-2, 0.5)", [=] { return lowp::pow(m2, half); }},
      {"pow(-1, -0.5)", [=] { return lowp::pow(m1, -half); }},
  };
  if (shape_t<T>::has_infinity) {
    const T inf = bits<T>(shape_t<T>::exponent_mask);
    const std::vector<invalid_case<T>> with_inf = {
        {"inf + -inf", [=] { return inf + -inf; }},
        {"-inf + inf", [=] { return -inf + inf; }},
        {"inf - inf", [=] { return inf - inf; }},
        {"-inf - -inf", [=] { return -inf - -inf; }},
        {"0 * inf", [=] { return zero * inf; }},
        {"-inf * 0", [=] { return -inf * zero; }},
        {"inf / inf", [=] { return inf / inf; }},
        {"-inf / inf", [=] { return -inf / inf; }},
        {"fma(inf, 0, 1)", [=] { return lowp::fma(inf, zero, one); }},
        {"fma(0, -inf, 1)", [=] { return lowp::fma(zero, -inf, one); }},
        {"fma(inf, 1, -inf)", [=] { return lowp::fma(inf, one, -inf); }},
        {"sqrt(-inf)", [=] { return lowp::sqrt(-inf); }},
        {"log(-inf)", [=] { return lowp::log(-inf); }},
        {"sin(inf)", [=] { return lowp::sin(inf); }},
        {"cos(-inf)", [=] { return lowp::cos(-inf); }},
        {"tan(inf)", [=] { return lowp::tan(inf); }},
        {"acosh(-inf)", [=] { return lowp::acosh(-inf); }},
        {"atanh(inf)", [=] { return lowp::atanh(inf); }},
    };
    v.insert(v.end(), with_inf.begin(), with_inf.end());
  }
  return v;
}

}  // namespace

LOWP_FORMAT_TEST_CASE("every invalid operation gives the positive quiet NaN (+max without NaN)", "[math][nan]",
                      lowp_test::every_arithmetic_type) {
  const std::uint32_t want = canonical_nan<TestType>();
  const auto cases = invalid_operations<TestType>();
  for (const auto& c : cases) {
    INFO(c.name << " = " << lowp_test::hex(c.run().bits()) << ", want " << lowp_test::hex(want));
    CHECK(c.run().bits() == want);
  }
}

LOWP_FORMAT_TEST_CASE("a result that would be infinite is the format's overflow", "[math][nan]",
                      lowp_test::every_arithmetic_type) {
  using T = TestType;
  using S = shape_t<T>;
  // +-inf; the NaN with the sign (fn); the one NaN (fnuz: sign | 0x80 is 0x80); +-max.
  const std::uint32_t positive = S::has_nan || S::has_infinity ? S::infinity_bits : S::max_finite_bits;
  const std::uint32_t negative = positive | S::sign_mask;
  const T zero(0.0f), one(1.0f), m1(-1.0f), max = bits<T>(S::max_finite_bits);
  const struct {
    const char* name;
    T got;
    std::uint32_t want;
  } cases[] = {
      {"1 / 0", one / zero, positive},           {"-1 / 0", m1 / zero, negative},
      {"max + max", max + max, positive},        {"-max - max", -max - max, negative},
      {"max * max", max * max, positive},        {"log(0)", lowp::log(zero), negative},
      {"log2(0)", lowp::log2(zero), negative},   {"atanh(1)", lowp::atanh(one), positive},
      {"atanh(-1)", lowp::atanh(m1), negative},  {"pow(0, -1)", lowp::pow(zero, m1), positive},
      {"exp(max)", lowp::exp(max), positive},    {"sinh(-max)", lowp::sinh(-max), negative},
      {"ldexp(1, 1000)", lowp::ldexp(one, 1000), positive},
      {"fma(max, max, 1)", lowp::fma(max, max, one), positive},
  };
  for (const auto& c : cases) {
    INFO(c.name << " = " << lowp_test::hex(c.got.bits()) << ", want " << lowp_test::hex(c.want));
    CHECK(c.got.bits() == c.want);
  }
}

LOWP_FORMAT_TEST_CASE("a NaN argument comes back quieted with its sign and payload", "[math][nan]",
                      lowp_test::every_arithmetic_type_with_nan) {
  using T = TestType;
  using S = shape_t<T>;
  // A negative NaN with the lowest payload bit set: signaling where the format has
  // signaling NaNs (IEEE formats with M >= 2), else the format's negative NaN (fnuz: its
  // one NaN, the sign bit alone).
  const std::uint32_t first = S::has_infinity ? S::sign_mask | S::exponent_mask | 1u : S::sign_mask | canonical_nan<T>();
  const std::uint32_t second = canonical_nan<T>();
  const T a = bits<T>(first), b = bits<T>(second), one(1.0f), m1(-1.0f);
  const std::uint32_t want_first = first | S::quiet_bit, want_second = second;
  const struct {
    const char* name;
    T got;
    std::uint32_t want;
  } cases[] = {
      {"a + 1", a + one, want_first},         {"1 - a", one - a, want_first},
      {"a * b", a * b, want_first},           {"b * a", b * a, want_second},
      {"a / b", a / b, want_first},           {"b / a", b / a, want_second},
      {"sqrt(a)", lowp::sqrt(a), want_first}, {"log(a)", lowp::log(a), want_first},
      {"acos(a)", lowp::acos(a), want_first}, {"pow(a, 2)", lowp::pow(a, T(2.0f)), want_first},
      {"pow(-1, a)", lowp::pow(m1, a), want_first}, {"fma(1, a, b)", lowp::fma(one, a, b), want_first},
      {"fma(b, a, 1)", lowp::fma(b, a, one), want_second}, {"atan2(a, b)", lowp::atan2(a, b), want_first},
      {"hypot(a, 1)", lowp::hypot(a, one), want_first}, {"fmin(a, b)", lowp::fmin(a, b), want_first},
  };
  for (const auto& c : cases) {
    INFO(c.name << " = " << lowp_test::hex(c.got.bits()) << ", want " << lowp_test::hex(c.want));
    CHECK(c.got.bits() == c.want);
  }
}
