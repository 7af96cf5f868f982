// The type's contract checked at compile time: layout, triviality, which conversions are
// implicit, which operators exist, and constant evaluation of conversions and arithmetic.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>

#include "lowp_test.hpp"

using lowp::bfloat16;
using lowp::float16;
using lowp::float8_e4m3fn;
using lowp::float8_e5m2;

namespace {

template <class T, std::size_t Size>
constexpr bool layout_ok() {
  return sizeof(T) == Size && alignof(T) == Size && std::is_trivially_copyable<T>::value &&
         std::is_standard_layout<T>::value && std::is_trivially_default_constructible<T>::value &&
         std::is_trivially_destructible<T>::value && std::is_nothrow_constructible<T, float>::value;
}
static_assert(layout_ok<float16, 2>(), "float16 layout");
static_assert(layout_ok<bfloat16, 2>(), "bfloat16 layout");
static_assert(layout_ok<float8_e5m2, 1>(), "float8_e5m2 layout");
static_assert(layout_ok<float8_e4m3fn, 1>(), "float8_e4m3fn layout");

// Every format of the table: one byte for the 8-, 6- and 4-bit ones, two for the others.
template <class... T>
constexpr bool every_layout_ok(std::tuple<T...>*) {
  return (layout_ok<T, (lowp_test::shape<T>::total_bits > 8 ? 2 : 1)>() && ...);
}
static_assert(every_layout_ok(static_cast<lowp_test::every_type*>(nullptr)), "layout of a format of the table");

// Every format widens implicitly to float and double, and narrows from them explicitly.
template <class... T>
constexpr bool every_widening_implicit(std::tuple<T...>*) {
  return ((std::is_convertible<T, float>::value && std::is_convertible<T, double>::value &&
           !std::is_convertible<float, T>::value && std::is_constructible<T, float>::value &&
           std::is_constructible<T, double>::value && std::is_constructible<T, long long>::value) &&
          ...);
}
static_assert(every_widening_implicit(static_cast<lowp_test::every_type*>(nullptr)), "");
// Between lowp types (the whole rule is checked from the rows in cross_format.cpp): fp4
// and fp6 fit float16, e8m0 (2^-127 .. 2^127) does not; fnuz has no -0 and one NaN, so
// nothing with -0 or several NaNs converts into it implicitly.
static_assert(std::is_convertible<lowp::float4_e2m1fn, float16>::value, "fp4 -> float16 implicit");
static_assert(std::is_convertible<lowp::float4_e2m1fn, lowp::float6_e2m3fn>::value, "");
static_assert(std::is_convertible<lowp::float6_e3m2fn, float16>::value, "");
static_assert(!std::is_convertible<lowp::float8_e8m0fnu, float16>::value, "e8m0 -> float16 explicit");
static_assert(std::is_convertible<lowp::float8_e8m0fnu, bfloat16>::value, "e8m0 -> bfloat16 implicit");
static_assert(std::is_constructible<float16, lowp::float8_e8m0fnu>::value, "");
static_assert(!std::is_convertible<lowp::float4_e2m1fn, lowp::float8_e4m3fnuz>::value, "fnuz has no -0");
static_assert(!std::is_convertible<lowp::float8_e4m3fnuz, lowp::float8_e4m3fn>::value, "e4m3fnuz has 2^-10");

// Narrowing is explicit, widening implicit (C++23 <stdfloat> rules).
static_assert(std::is_constructible<float16, float>::value && !std::is_convertible<float, float16>::value, "");
static_assert(std::is_constructible<float16, double>::value && !std::is_convertible<double, float16>::value, "");
static_assert(std::is_constructible<float16, int>::value && !std::is_convertible<int, float16>::value, "");
static_assert(std::is_constructible<float16, std::uint64_t>::value, "");
static_assert(std::is_convertible<float16, float>::value && std::is_convertible<float16, double>::value, "");
static_assert(std::is_convertible<bfloat16, float>::value && std::is_convertible<float8_e4m3fn, double>::value, "");
static_assert(std::is_constructible<bfloat16, float16>::value && !std::is_convertible<float16, bfloat16>::value, "");
static_assert(std::is_constructible<float16, bfloat16>::value && !std::is_convertible<bfloat16, float16>::value, "");
static_assert(std::is_convertible<float8_e4m3fn, float16>::value && std::is_convertible<float8_e5m2, float16>::value, "");
static_assert(std::is_convertible<float8_e4m3fn, bfloat16>::value && std::is_convertible<float8_e5m2, bfloat16>::value, "");
static_assert(!std::is_convertible<float16, float8_e4m3fn>::value && std::is_constructible<float8_e4m3fn, float16>::value, "");
static_assert(!std::is_convertible<float8_e5m2, float8_e4m3fn>::value && !std::is_convertible<float8_e4m3fn, float8_e5m2>::value, "");
// Raw bits never construct a value implicitly or through the value constructor by accident.
static_assert(!std::is_convertible<std::uint16_t, float16>::value, "");

// Result types of mixed expressions.
template <class A, class B, class = void>
struct addable : std::false_type {};
template <class A, class B>
struct addable<A, B, decltype(void(std::declval<A>() + std::declval<B>()))> : std::true_type {};
template <class A, class B, class = void>
struct comparable : std::false_type {};
template <class A, class B>
struct comparable<A, B, decltype(void(std::declval<A>() < std::declval<B>()))> : std::true_type {};

static_assert(std::is_same<decltype(float16() + float16()), float16>::value, "T op T is T");
static_assert(std::is_same<decltype(bfloat16() * bfloat16()), bfloat16>::value, "T op T is T");
static_assert(std::is_same<decltype(float16() + 1.0f), float>::value, "T op float is float");
static_assert(std::is_same<decltype(1.0 / bfloat16()), double>::value, "T op double is double");
static_assert(std::is_same<decltype(float16() + 1), float16>::value, "T op int is T");
static_assert(std::is_same<decltype(2u * float8_e4m3fn()), float8_e4m3fn>::value, "int op T is T");
static_assert(std::is_same<decltype(float8_e4m3fn() + float16()), float16>::value, "fp8 op float16 is float16");
static_assert(std::is_same<decltype(bfloat16() - float8_e5m2()), bfloat16>::value, "bfloat16 op fp8 is bfloat16");
static_assert(!addable<float16, bfloat16>::value, "float16 + bfloat16 must not compile");
static_assert(!addable<bfloat16, float16>::value, "bfloat16 + float16 must not compile");
static_assert(!addable<float8_e4m3fn, float8_e5m2>::value, "e4m3fn + e5m2 must not compile");
static_assert(!comparable<float16, bfloat16>::value, "float16 < bfloat16 must not compile");
static_assert(comparable<float16, float8_e5m2>::value && comparable<float16, float>::value, "");
static_assert(std::is_same<decltype(std::declval<float16&>() += 1), float16&>::value, "+= returns T&");
static_assert(std::is_same<decltype(-float16()), float16>::value, "");

// Constant evaluation: conversions, arithmetic, classification and limits.
constexpr float16 one(1.0f);
static_assert(one.bits() == 0x3c00, "");
static_assert(float16(65504.0).bits() == 0x7bff && float16(65520.0f).bits() == 0x7c00, "overflow to inf");
static_assert(lowp::saturate_cast<float16>(1e9).bits() == 0x7bff, "saturate");
static_assert(float16(5.960464477539063e-08).bits() == 0x0001, "smallest subnormal");
static_assert(float16(2.9802322387695312e-08).bits() == 0x0000, "tie to even: zero");
static_assert(float16(2.98023223876953125e-08 * 1.0000001).bits() == 0x0001, "above the tie");
static_assert(bfloat16(1.00390625f).bits() == 0x3f80, "bfloat16 tie to even");
static_assert(bfloat16(-1.01171875f).bits() == 0xbf82 && bfloat16(3.4028235e38f).bits() == 0x7f80, "tie up, overflow");
static_assert(bfloat16(1e-45f).bits() == 0x0000 && bfloat16(-0.0f).bits() == 0x8000, "subnormal tie to zero, sign");
static_assert(float8_e4m3fn(464.0f).bits() == 0x7e && float8_e4m3fn(465.0f).bits() == 0x7f, "e4m3fn overflow is NaN");
static_assert(lowp::convert<float8_e4m3fn>(1e6f, lowp::rounding::toward_zero).bits() == 0x7e, "");
static_assert((float16(1.5f) * float16(3)).bits() == float16(4.5f).bits(), "");
static_assert(float16(0.1) + float16(0.2) == float16(0.2998046875), "");
static_assert(lowp::convert<float>(float16::from_bits(0x0001)) == 5.960464477539063e-08f, "");
static_assert(lowp::convert<double>(static_cast<std::int64_t>(9007199254740993LL)) == 9007199254740992.0, "");
static_assert(lowp::isnan(std::numeric_limits<float16>::quiet_NaN()) && lowp::isinf(float16(1e6)), "");
static_assert((lowp::issubnormal)(float16::from_bits(3)) && !(lowp::issubnormal)(one), "");
static_assert(std::numeric_limits<float8_e4m3fn>::max() == 448 && std::numeric_limits<float16>::max() == 65504, "");
static_assert(lowp::stochastic_round<float16>(1.0f + 0x1p-11f, 0).bits() == 0x3c01, "");
static_assert(lowp::stochastic_round<float16>(1.0f + 0x1p-11f, 0xffffffffu).bits() == 0x3c00, "");
// The new formats' rules in constant evaluation: fnuz has no -0 and overflows to its NaN;
// fp4 saturates and takes NaN to +max; e8m0 ignores the sign and has no zero.
static_assert(lowp::float8_e4m3fnuz(-0.0f).bits() == 0x00 && lowp::float8_e4m3fnuz(1e6f).bits() == 0x80, "");
static_assert(lowp::float8_e5m2fnuz(57344.0f).bits() == 0x7f, "");
static_assert(lowp::float4_e2m1fn(100.0f).bits() == 0x7 && lowp::float4_e2m1fn(-1e30).bits() == 0xf, "");
static_assert(lowp::float4_e2m1fn(std::numeric_limits<float>::quiet_NaN()).bits() == 0x7, "");
static_assert(lowp::float8_e8m0fnu(-4.0f).bits() == 0x81 && lowp::float8_e8m0fnu(0.0f).bits() == 0x00, "");
static_assert(lowp::convert<lowp::float8_e8m0fnu>(3.0f, lowp::rounding::toward_zero).bits() == 0x80, "");
static_assert((lowp::float6_e2m3fn(1.5f) * lowp::float6_e2m3fn(2.0f)).bits() == lowp::float6_e2m3fn(3.0f).bits(), "");
static_assert(std::numeric_limits<lowp::float8_e8m0fnu>::lowest() == std::numeric_limits<lowp::float8_e8m0fnu>::min(), "");

}  // namespace

TEST_CASE("the compile-time contract holds", "[core][static]") {
  // Everything above is a static_assert; reaching here means it compiled. Check the two
  // constants at run time as well so a miscompiled constant folding would show up.
  volatile float x = 1.0f;
  CHECK(float16(static_cast<float>(x)).bits() == one.bits());
  CHECK(float16{}.bits() == 0);
}
