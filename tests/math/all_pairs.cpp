// pow and atan2 on every pair of float16 and bfloat16 encodings (2^32 pairs each): a long
// run, hidden from the default test run (the formats of at most 8 bits get every pair in
// binary_functions.cpp, in the default run). Start it with
//     test_math "[.all-pairs]"
//
// MPFR on 2^32 pairs would take hours, so each pair is first decided by glibc's double
// pow and atan2 (documented error: 1 ulp): when that result lies more than 16 ulps from
// every rounding boundary of the format, rounding it is the correct result. Every other
// pair (exact results on a boundary, near misses) is decided by MPFR emulating the
// format, as in the other tests. So the run shows that no pair's result comes within 16
// ulps of double of a boundary unless MPFR agrees with lowp there, and that lowp's exact
// paths (dyadic pow, subnormal atan2) are right on every pair.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <lowp/cmath.hpp>

#include "format_test_case.hpp"
#include "format_widths.hpp"
#include "lowp_test.hpp"
#include "mpfr_reference.hpp"

namespace {

using namespace lowp_mpfr;

// Distance of r from the nearest rounding boundary of T, in ulps of double at r.
template <class T>
double boundary_distance(double r) {
  using F = format_t<T>;
  if (!std::isfinite(r) || r == 0) return HUGE_VAL;
  const int e = std::ilogb(r);
  if (e > lowp_test::shape<F>::max_exponent) return HUGE_VAL;  // beyond the overflow threshold's binade
  const int quantum = std::max(e - lowp_test::shape<F>::mantissa_bits, lowp_test::shape<F>::min_subnormal_exponent);
  const double t = std::fabs(std::ldexp(r, 1 - quantum));  // boundaries: odd integers, exact
  const double odd = 2 * std::floor(t / 2) + 1;
  return std::ldexp(std::fabs(t - odd), quantum - 1 - std::max(e - 52, -1074));
}

template <class T>
std::uint32_t nan_rule(std::uint32_t a, std::uint32_t b, std::uint32_t r) {
  if (!std::isnan(value_of<T>(r))) return r;
  if (std::isnan(value_of<T>(a))) return quiet<T>(a);
  if (std::isnan(value_of<T>(b))) return quiet<T>(b);
  return r;
}

template <class T>
void scan(const char* name, T (*fn)(T, T), double (*filter)(double, double),
          int (*reference)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t)) {
  tally t;  // failures only: 2^32 atomic counts would dominate the run
  std::atomic<std::uint64_t> by_mpfr{0};
  // LOWP_ALL_PAIRS_ROWS limits the first argument to a stride sample (a quick trial run).
  const char* rows_env = std::getenv("LOWP_ALL_PAIRS_ROWS");
  const std::uint64_t rows = rows_env != nullptr ? std::strtoull(rows_env, nullptr, 10) : 65536;
  const std::uint64_t stride = 65536 / (rows == 0 ? 1 : rows);
  parallel_for(65536 / stride, [&](std::uint64_t row) {
    const std::uint64_t a = row * stride;
    std::uint64_t local_mpfr = 0;
    for (std::uint32_t b = 0; b < (1u << 16); ++b) {
      const auto x = static_cast<std::uint32_t>(a);
      const std::uint32_t got = fn(T::from_bits(static_cast<storage_t<T>>(x)), T::from_bits(static_cast<storage_t<T>>(b))).bits();
      const double r = filter(value_of<T>(x), value_of<T>(b));
      std::uint32_t want = 0;
      if (std::isnan(r)) {
        want = nan_rule<T>(x, b, positive_quiet_nan<T>());
      } else if (boundary_distance<T>(r) > 16) {
        want = lowp::convert<T>(r).bits();
      } else {
        ++local_mpfr;
        want = nan_rule<T>(x, b, emulate<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) {
                             return reference(out, argument<0>(value_of<T>(x)), argument<1>(value_of<T>(b)), rnd);
                           }));
      }
      if (got != want) t.check(false, [&] {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s(%a, %a): got 0x%x, want 0x%x", name, value_of<T>(x), value_of<T>(b), got, want);
        return std::string(buf);
      });
    }
    by_mpfr += local_mpfr;
  });
  std::printf("%-14s %-6s %llu pairs: %llu decided by MPFR, mismatches %llu\n", type_name<T>(), name,
              static_cast<unsigned long long>((65536 / stride) << 16), static_cast<unsigned long long>(by_mpfr.load()),
              static_cast<unsigned long long>(t.failures()));
  std::fflush(stdout);
  INFO(t.report());
  CHECK(t.failures() == 0);
}

double pow_filter(double x, double y) { return std::pow(x, y); }
double atan2_filter(double y, double x) { return std::atan2(y, x); }

}  // namespace

LOWP_FORMAT_TEST_CASE("pow and atan2 are correctly rounded on every pair", "[.all-pairs]",
                        lowp_test::every_sixteen_bit_type) {
  using T = TestType;
  scan<T>("pow", [](T x, T y) { return lowp::pow(x, y); }, pow_filter, mpfr_pow);
  scan<T>("atan2", [](T y, T x) { return lowp::atan2(y, x); }, atan2_filter, mpfr_atan2);
}
