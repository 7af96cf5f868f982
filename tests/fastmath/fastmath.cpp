// A user translation unit built with -ffast-math (and linked with it, which turns on
// flush-to-zero and denormals-are-zero on x86). The compiler may assume no NaN or infinity
// exists and may flush subnormals; lowp must still classify, convert and report limits
// correctly, because it works on encodings, not on float comparisons.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <limits>

#include "lowp_test.hpp"

#if !defined(__FAST_MATH__)
#error "this test must be compiled with -ffast-math"
#endif

namespace {

// Floats made from bits the optimizer cannot see.
float float_from_bits(std::uint32_t u) {
  volatile std::uint32_t v = u;
  const std::uint32_t w = v;
  float f;
  std::memcpy(&f, &w, sizeof f);
  return f;
}
std::uint32_t bits_of(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

}  // namespace

TEST_CASE("-ffast-math: NaN and infinity inputs classify correctly", "[fastmath]") {
  const float nan = float_from_bits(0x7fc00001u), neg_nan = float_from_bits(0xffc00000u);
  const float inf = float_from_bits(0x7f800000u), neg_inf = float_from_bits(0xff800000u);
  CHECK(lowp::isnan(lowp::float16(nan)));
  CHECK(lowp::isnan(lowp::bfloat16(neg_nan)));
  CHECK(lowp::signbit(lowp::bfloat16(neg_nan)));
  CHECK(lowp::isnan(lowp::float8_e4m3fn(nan)));
  CHECK(lowp::isinf(lowp::float16(inf)));
  CHECK(lowp::isinf(lowp::bfloat16(neg_inf)));
  CHECK_FALSE(lowp::isfinite(lowp::float16(inf)));
  CHECK(lowp::isnan(lowp::float8_e4m3fn(inf)));  // no infinity in e4m3fn: NaN
  CHECK(lowp::float16(nan).bits() == 0x7e00);
  CHECK(lowp::bfloat16(nan).bits() == 0x7fc0);
  CHECK(lowp::fpclassify(lowp::float16(inf)) == FP_INFINITE);
  CHECK(lowp::fpclassify(lowp::float16(nan)) == FP_NAN);
  CHECK(lowp::saturate_cast<lowp::float16>(inf).bits() == 0x7bff);
  CHECK(lowp::float16(float_from_bits(0x477ff000u)).bits() == 0x7c00);  // 65520: the tie past max overflows
}

TEST_CASE("-ffast-math: conversions keep subnormals and NaN payloads", "[fastmath]") {
  // float16 subnormals from float, and back.
  const float tiny = float_from_bits(0x33800000u);  // 2^-24, float16's smallest subnormal
  CHECK(lowp::float16(tiny).bits() == 0x0001);
  CHECK(bits_of(static_cast<float>(lowp::float16::from_bits(0x0001))) == 0x33800000u);
  CHECK(bits_of(static_cast<float>(lowp::float16::from_bits(0x83ff))) == bits_of(-0x1.ff8p-15f));
  // bfloat16 subnormals are float subnormals: produced and widened on bits, not flushed.
  const float float_subnormal = float_from_bits(0x00010000u);
  CHECK(lowp::bfloat16(float_subnormal).bits() == 0x0001);
  CHECK(bits_of(static_cast<float>(lowp::bfloat16::from_bits(0x0001))) == 0x00010000u);
  CHECK((lowp::issubnormal)(lowp::bfloat16::from_bits(0x0001)));
  CHECK(bits_of(lowp::convert<float>(lowp::float16::from_bits(0x7d01))) == 0x7fe02000u);  // quiet bit set, payload moved up
  // Every float16 round-trips through float bit for bit (NaNs become quiet).
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const auto h = lowp::float16::from_bits(static_cast<std::uint16_t>(b));
    const auto back = lowp::float16(static_cast<float>(h)).bits();
    const bool nan = (b & 0x7c00) == 0x7c00 && (b & 0x3ff) != 0;
    REQUIRE(back == (nan ? (b | 0x200u) : b));
  }
}

TEST_CASE("-ffast-math: numeric_limits are exact", "[fastmath]") {
  using L = std::numeric_limits<lowp::float16>;
  CHECK(lowp::isinf(L::infinity()));
  CHECK(lowp::isnan(L::quiet_NaN()));
  CHECK(lowp::issignaling(L::signaling_NaN()));
  CHECK(L::denorm_min().bits() == 0x0001);
  CHECK(bits_of(static_cast<float>(L::denorm_min())) == 0x33800000u);
  CHECK(bits_of(static_cast<float>(std::numeric_limits<lowp::bfloat16>::denorm_min())) == 0x00010000u);
  CHECK(static_cast<float>((L::max)()) == 65504.0f);
  CHECK(L::has_infinity);
  CHECK_FALSE(std::numeric_limits<lowp::float8_e4m3fn>::has_infinity);
}
