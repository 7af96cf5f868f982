// operator<< and operator>>, and the compile-time side of cmath.hpp and charconv.hpp:
// constant evaluation, noexcept, argument-dependent lookup.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>
#include <type_traits>

#include <lowp/lowp.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"

namespace {

template <class T>
const char* name_of() {
  return lowp_test::format_name<T>();  // the table's name (tests/support/formats.hpp)
}

// The value is the same, so the text must be: every stream setting checked against
// `os << float(x)`, which the standard library prints through printf.
struct stream_setting {
  const char* name;
  void (*apply)(std::ios_base&);
};

const stream_setting settings[] = {
    {"default", [](std::ios_base&) {}},
    {"precision 3", [](std::ios_base& s) { s.precision(3); }},
    {"precision 0", [](std::ios_base& s) { s.precision(0); }},
    {"precision 12", [](std::ios_base& s) { s.precision(12); }},
    {"fixed", [](std::ios_base& s) { s.setf(std::ios_base::fixed, std::ios_base::floatfield); }},
    {"fixed precision 1",
     [](std::ios_base& s) {
       s.setf(std::ios_base::fixed, std::ios_base::floatfield);
       s.precision(1);
     }},
    {"fixed precision 0 showpoint",
     [](std::ios_base& s) {
       s.setf(std::ios_base::fixed | std::ios_base::showpoint);
       s.precision(0);
     }},
    {"scientific precision 2",
     [](std::ios_base& s) {
       s.setf(std::ios_base::scientific, std::ios_base::floatfield);
       s.precision(2);
     }},
    {"scientific uppercase", [](std::ios_base& s) { s.setf(std::ios_base::scientific | std::ios_base::uppercase); }},
    {"hexfloat", [](std::ios_base& s) { s.setf(std::ios_base::fixed | std::ios_base::scientific); }},
    {"hexfloat uppercase showpos",
     [](std::ios_base& s) { s.setf(std::ios_base::fixed | std::ios_base::scientific | std::ios_base::uppercase | std::ios_base::showpos); }},
    {"showpos showpoint precision 4",
     [](std::ios_base& s) {
       s.setf(std::ios_base::showpos | std::ios_base::showpoint);
       s.precision(4);
     }},
    {"width 14 left",
     [](std::ios_base& s) {
       s.width(14);
       s.setf(std::ios_base::left, std::ios_base::adjustfield);
     }},
    {"width 14 internal showpos",
     [](std::ios_base& s) {
       s.width(14);
       s.setf(std::ios_base::internal | std::ios_base::showpos);
     }},
    {"width 16 internal hexfloat",
     [](std::ios_base& s) {
       s.width(16);
       s.setf(std::ios_base::internal | std::ios_base::fixed | std::ios_base::scientific);
     }},
};

template <class T>
void check_output_like_float() {
  const std::uint32_t all = 1u << lowp_test::shape<T>::total_bits;
  const std::uint32_t step = lowp_test::exhaustive ? 1 : 37;
  std::uint64_t checked = 0, failures = 0;
  std::string first_failure;
  for (std::uint32_t b = 0; b < all; b += step) {
    const T x = T::from_bits(static_cast<typename T::storage_type>(b));
    for (const auto& s : settings) {
      std::ostringstream ours, reference;
      ours.fill('*');
      reference.fill('*');
      s.apply(ours);
      s.apply(reference);
      ours << x;
      reference << static_cast<float>(x);
      ++checked;
      if (ours.str() != reference.str()) {
        if (failures++ == 0)
          first_failure = std::string(s.name) + " " + lowp_test::hex(b) + ": " + ours.str() + " vs " + reference.str();
      }
    }
  }
  std::printf("%-14s operator<<: %llu (value, setting) pairs against os << float(x), mismatches %llu\n",
              name_of<T>(), static_cast<unsigned long long>(checked),
              static_cast<unsigned long long>(failures));
  INFO(failures << " of " << checked << " differ; first: " << first_failure);
  CHECK(failures == 0);
}

// A locale whose decimal point is a comma.
struct comma : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
};

}  // namespace

LOWP_FORMAT_TEST_CASE("operator<< prints what os << float(x) prints, for every value and setting", "[charconv][iostream]",
                        lowp_test::every_type) {
  check_output_like_float<TestType>();
}

TEST_CASE("operator<< uses the stream's locale, character type and width", "[charconv][iostream]") {
  const lowp::float16 x(0.1f);
  std::ostringstream os;
  os.imbue(std::locale(std::locale::classic(), new comma));
  os << x << ' ' << std::setw(12) << std::setfill('_') << std::right << lowp::float16(-2.5f);
  CHECK(os.str() == "0,0999756 ________-2,5");
  std::wostringstream ws;
  ws << std::scientific << std::setprecision(3) << lowp::bfloat16(3.0f) << L' ' << lowp::float16(-0.0f);
  CHECK(ws.str() == L"3.000e+00 -0.000e+00");
}

LOWP_FORMAT_TEST_CASE("operator>> reads back every value from to_chars", "[charconv][iostream]", lowp_test::every_type) {
  using T = TestType;
  const std::uint32_t all = 1u << lowp_test::shape<T>::total_bits;
  std::uint64_t failures = 0, checked = 0;
  std::string first_failure;
  for (std::uint32_t b = 0; b < all; ++b) {
    const T x = T::from_bits(static_cast<typename T::storage_type>(b));
    if (lowp::isnan(x)) continue;
    ++checked;
    char buf[64];
    const auto r = lowp::to_chars(buf, buf + sizeof buf, x);
    // With surrounding spaces, a '+' on non-negative values, and a second token (one, a
    // value of every format).
    const std::string text(buf, r.ptr);
    std::istringstream is("  " + (text[0] == '-' ? text : "+" + text) + "  1");
    T y = T::from_bits(0x5a), z;
    is >> y >> z;
    if (!is || y.bits() != x.bits() || z != T(1)) {
      if (failures++ == 0) first_failure = text;
    }
  }
  std::printf("%-14s operator>>: %llu values read back, mismatches %llu\n", name_of<T>(),
              static_cast<unsigned long long>(checked), static_cast<unsigned long long>(failures));
  INFO(failures << " values failed; first: " << first_failure);
  CHECK(failures == 0);
}

TEST_CASE("operator>> sets failbit on bad input and leaves the value alone", "[charconv][iostream]") {
  for (const char* bad : {"abc", "+", "-", ".", "1e+", "e5", "--1", "+-1", "1e999", "1e-99", "infinit"}) {
    std::istringstream is(bad);
    lowp::float16 x = lowp::float16::from_bits(0x5a);
    is >> x;
    INFO(bad);
    CHECK(is.fail());
    CHECK(x.bits() == 0x5a);
  }
  // Good input: eof after the last character, failbit clear; inf and nan words.
  std::istringstream is("1.5 -inf NaN 6e-8");
  lowp::float16 a, b, c, d;
  is >> a >> b >> c >> d;
  CHECK(!is.fail());
  CHECK(is.eof());
  CHECK(a == lowp::float16(1.5f));
  CHECK((lowp::isinf(b) && lowp::signbit(b)));
  CHECK(lowp::isnan(c));
  CHECK(d.bits() == 0x0001);  // 6e-8 is the smallest subnormal, 5.96e-8
}

// ---------------------------------------------------------------------------------------
// Compile-time properties.

namespace {

using lowp::bfloat16;
using lowp::float16;

constexpr bool to_chars_at_compile_time() {
  char buf[16] = {};
  const auto r = lowp::to_chars(buf, buf + 16, float16::from_bits(0x7bff));  // 65504
  return r.ec == std::errc{} && r.ptr - buf == 5 && buf[0] == '6' && buf[1] == '5' && buf[2] == '5' &&
         buf[3] == '0' && buf[4] == '4';
}
constexpr bool from_chars_at_compile_time() {
  const char text[] = "0.1";
  float16 x{};
  const auto r = lowp::from_chars(text, text + 3, x);
  return r.ec == std::errc{} && x.bits() == 0x2e66;
}
static_assert(to_chars_at_compile_time(), "to_chars is constexpr");
static_assert(from_chars_at_compile_time(), "from_chars is constexpr");

// The exact functions are constexpr (where a constexpr bit_cast exists, which the
// float constructor needs).
#if LOWP_HAS_BUILTIN_BIT_CAST
static_assert(lowp::sqrt(float16(2.0f)).bits() == 0x3da8, "sqrt(2) = 1.4140625");
static_assert(lowp::fma(float16(3.0f), float16(5.0f), float16(-1.0f)) == float16(14.0f), "");
static_assert(lowp::hypot(float16(3.0f), float16(4.0f)) == float16(5.0f), "");
static_assert(lowp::floor(float16(-2.5f)) == float16(-3.0f) && lowp::round(float16(2.5f)) == float16(3.0f) &&
                  lowp::rint(float16(2.5f)) == float16(2.0f),
              "");
static_assert(lowp::ldexp(float16(1.0f), -24).bits() == 0x0001, "");
static_assert(lowp::nextafter(float16(1.0f), float16(2.0f)).bits() == 0x3c01, "");
static_assert(lowp::copysign(bfloat16(2.0f), bfloat16(-0.0f)) == bfloat16(-2.0f), "");
#endif

static_assert(noexcept(lowp::sin(float16())) && noexcept(lowp::pow(float16(), float16())) &&
                  noexcept(lowp::fma(float16(), float16(), float16())),
              "math is noexcept");
static_assert(std::is_same<decltype(lowp::atan2(bfloat16(), bfloat16())), bfloat16>::value, "T in, T out");
static_assert(std::is_same<decltype(lowp::frexp(bfloat16(), static_cast<int*>(nullptr))), bfloat16>::value, "");

}  // namespace

TEST_CASE("math functions are found by argument-dependent lookup, next to <cmath>", "[math]") {
  using namespace std;  // as user code often does: lowp's overloads must still win
  const float16 h(0.5f);
  CHECK(std::is_same<decltype(sqrt(h)), float16>::value);
  CHECK(std::is_same<decltype(pow(h, h)), float16>::value);
  CHECK(sqrt(h) == lowp::sqrt(h));
  CHECK(abs(-h) == h);
  int e = 0;
  CHECK(frexp(float16(8.0f), &e) == float16(0.5f));
  CHECK(e == 4);
}
