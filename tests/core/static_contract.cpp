// The type's contract checked at compile time: layout, triviality, which conversions are
// implicit, which operators exist, and constant evaluation of conversions and arithmetic.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
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

}  // namespace

TEST_CASE("the compile-time contract holds", "[core][static]") {
  // Everything above is a static_assert; reaching here means it compiled. Check the two
  // constants at run time as well so a miscompiled constant folding would show up.
  volatile float x = 1.0f;
  CHECK(float16(static_cast<float>(x)).bits() == one.bits());
  CHECK(float16{}.bits() == 0);
}
