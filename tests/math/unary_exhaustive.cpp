// Every unary function of lowp/cmath.hpp on every encoding of every lowp format with
// arithmetic (all but the E8M0 scale type), compared bit for bit with GNU MPFR emulating
// the format (mpfr_reference.hpp: overflow, -0 and NaN as each kind of specials has them). For the functions that go through the
// libm, the test also measures how close each exact result comes to a rounding boundary
// of the format: that distance is how much libm error the result can tolerate.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <mutex>
#include <string>

#include <lowp/cmath.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "mpfr_reference.hpp"

namespace {

using namespace lowp_mpfr;

using mpfr_unary = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);

// Every encoding when exhaustive; otherwise a deterministic sample that keeps the edges.
inline std::uint32_t input_count(std::uint32_t all) { return lowp_test::exhaustive ? all : std::min(all, 4096u); }
inline std::uint32_t input_bits(std::uint32_t i, std::uint32_t all) {
  return lowp_test::exhaustive || all <= 4096 ? i : static_cast<std::uint32_t>((std::uint64_t{i} * 40503u) % all);
}

// The expected encoding of f(x): a NaN argument comes back quieted; otherwise MPFR.
// fabs only clears the sign bit, NaN included (IEEE 754 5.5.1), but fnuz's NaN is the sign
// bit alone and stays NaN.
template <class T>
std::uint32_t expected_unary(mpfr_unary f, std::uint32_t x_bits) {
  const double x = value_of<T>(x_bits);
  if (std::isnan(x)) return f == mpfr_abs ? (nan_has_sign<T>() ? x_bits & ~sign_bit<T>() : x_bits) : quiet<T>(x_bits);
  return emulate<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) { return f(out, argument<0>(x), rnd); });
}

struct margin_summary {
  std::mutex mutex;
  double smallest = HUGE_VAL;  // over inputs whose result is not exactly on a boundary
  std::uint32_t smallest_at = 0;
  std::uint64_t on_boundary = 0;  // exact results sitting on a boundary
  std::uint64_t on_boundary_unhandled = 0;
  std::string unhandled_example;
};

struct unary_function {
  const char* name;
  mpfr_unary reference;
  bool via_libm;  // measure the distance to the rounding boundaries
};

template <class T>
using lowp_unary = T (*)(T);

// Inputs whose exact result may sit on a rounding boundary, which lowp computes without
// the libm: exp2 of integers (powers of two) and log2 of powers of two (integers).
template <class T>
bool handled_exactly(const char* name, std::uint32_t x_bits) {
  const double x = value_of<T>(x_bits);
  if (std::string(name) == "exp2") return std::isfinite(x) && std::trunc(x) == x;
  if (std::string(name) == "log2") {
    int e = 0;
    return x > 0 && std::isfinite(x) && std::frexp(x, &e) == 0.5;
  }
  return false;
}

template <class T>
void check_unary(const unary_function& f, lowp_unary<T> fn, double required_margin) {
  const std::uint32_t all = encoding_count<T>();
  const std::uint32_t n = input_count(all);
  tally t;
  margin_summary margin;
  parallel_for(n, [&](std::uint64_t i) {
    const std::uint32_t bits = input_bits(static_cast<std::uint32_t>(i), all);
    const T x = T::from_bits(static_cast<storage_t<T>>(bits));
    const std::uint32_t got = fn(x).bits();
    const std::uint32_t want = expected_unary<T>(f.reference, bits);
    t.check(got == want, [&] {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s(%a) [0x%x]: got 0x%x (%a), want 0x%x (%a)", f.name, value_of<T>(bits),
                    bits, got, value_of<T>(got), want, value_of<T>(want));
      return std::string(buf);
    });
    if (!f.via_libm || std::isnan(value_of<T>(bits))) return;
    thread_local mpfr_variable exact_variable(200);
    const mpfr_ptr exact = exact_variable.get();
    f.reference(exact, argument<0>(value_of<T>(bits)), MPFR_RNDN);
    const double d = boundary_distance_ulps<T>(exact);
    std::lock_guard<std::mutex> lock(margin.mutex);
    if (d == 0) {
      ++margin.on_boundary;
      if (!handled_exactly<T>(f.name, bits)) {
        ++margin.on_boundary_unhandled;
        margin.unhandled_example = std::to_string(value_of<T>(bits));
      }
    } else if (d < margin.smallest) {
      margin.smallest = d;
      margin.smallest_at = bits;
    }
  });
  // The summary line RESULTS.md is made of.
  std::printf("%-14s %-5s inputs %6llu  mismatches %llu", type_name<T>(), f.name,
              static_cast<unsigned long long>(t.checked()), static_cast<unsigned long long>(t.failures()));
  if (f.via_libm) {
    std::printf("  exact-on-boundary %llu  min distance to a boundary %.3g ulp of double (at %a)",
                static_cast<unsigned long long>(margin.on_boundary), margin.smallest,
                value_of<T>(margin.smallest_at));
  }
  std::printf("\n");
  std::fflush(stdout);
  INFO(type_name<T>() << " " << f.name << ": " << t.report());
  CHECK(t.failures() == 0);
  if (f.via_libm) {
    INFO(f.name << ": an exact result on a rounding boundary is left to the libm, at x = "
                << margin.unhandled_example);
    CHECK(margin.on_boundary_unhandled == 0);
    INFO(f.name << ": an exact result lies within " << margin.smallest << " ulp of a rounding boundary, at x = "
                << value_of<T>(margin.smallest_at) << "; a libm error that large could flip it");
    CHECK(margin.smallest >= required_margin);
  }
}

// The functions, each with its MPFR counterpart. mpfr_floor and friends take no rounding
// mode (their result is exact here), so they are wrapped.
int ref_floor(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t) { return mpfr_floor(r, x); }
int ref_ceil(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t) { return mpfr_ceil(r, x); }
int ref_trunc(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t) { return mpfr_trunc(r, x); }
int ref_round(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t) { return mpfr_round(r, x); }

// A libm error bound the results must tolerate, in ulps of double. glibc's documented
// worst cases for these functions are 1-4 ulp; CUDA's are at most 5.
constexpr double required_margin = 4096;

template <class T>
void check_all_unary() {
  // The lowp functions as plain function pointers (templates, so take their address).
  const struct {
    unary_function f;
    lowp_unary<T> fn;
  } functions[] = {
      {{"fabs", mpfr_abs, false}, [](T x) { return lowp::fabs(x); }},
      {{"floor", ref_floor, false}, [](T x) { return lowp::floor(x); }},
      {{"ceil", ref_ceil, false}, [](T x) { return lowp::ceil(x); }},
      {{"trunc", ref_trunc, false}, [](T x) { return lowp::trunc(x); }},
      {{"round", ref_round, false}, [](T x) { return lowp::round(x); }},
      {{"rint", mpfr_rint, false}, [](T x) { return lowp::rint(x); }},
      {{"sqrt", mpfr_sqrt, false}, [](T x) { return lowp::sqrt(x); }},
      {{"cbrt", mpfr_cbrt, true}, [](T x) { return lowp::cbrt(x); }},
      {{"exp", mpfr_exp, true}, [](T x) { return lowp::exp(x); }},
      {{"exp2", mpfr_exp2, true}, [](T x) { return lowp::exp2(x); }},
      {{"expm1", mpfr_expm1, true}, [](T x) { return lowp::expm1(x); }},
      {{"log", mpfr_log, true}, [](T x) { return lowp::log(x); }},
      {{"log2", mpfr_log2, true}, [](T x) { return lowp::log2(x); }},
      {{"log10", mpfr_log10, true}, [](T x) { return lowp::log10(x); }},
      {{"log1p", mpfr_log1p, true}, [](T x) { return lowp::log1p(x); }},
      {{"sin", mpfr_sin, true}, [](T x) { return lowp::sin(x); }},
      {{"cos", mpfr_cos, true}, [](T x) { return lowp::cos(x); }},
      {{"tan", mpfr_tan, true}, [](T x) { return lowp::tan(x); }},
      {{"asin", mpfr_asin, true}, [](T x) { return lowp::asin(x); }},
      {{"acos", mpfr_acos, true}, [](T x) { return lowp::acos(x); }},
      {{"atan", mpfr_atan, true}, [](T x) { return lowp::atan(x); }},
      {{"sinh", mpfr_sinh, true}, [](T x) { return lowp::sinh(x); }},
      {{"cosh", mpfr_cosh, true}, [](T x) { return lowp::cosh(x); }},
      {{"tanh", mpfr_tanh, true}, [](T x) { return lowp::tanh(x); }},
      {{"asinh", mpfr_asinh, true}, [](T x) { return lowp::asinh(x); }},
      {{"acosh", mpfr_acosh, true}, [](T x) { return lowp::acosh(x); }},
      {{"atanh", mpfr_atanh, true}, [](T x) { return lowp::atanh(x); }},
      {{"erf", mpfr_erf, true}, [](T x) { return lowp::erf(x); }},
      {{"erfc", mpfr_erfc, true}, [](T x) { return lowp::erfc(x); }},
  };
  const char* only = std::getenv("LOWP_MATH_ONLY");  // development aid: one function
  for (const auto& f : functions) {
    if (only != nullptr && std::string(only) != f.f.name) continue;
    check_unary<T>(f.f, f.fn, required_margin);
  }
}

}  // namespace

LOWP_FORMAT_TEST_CASE("unary math functions are correctly rounded for every input", "[math][exhaustive]",
                        lowp_test::every_arithmetic_type) {
  REQUIRE(mpfr_buildopt_tls_p());  // the sweep runs MPFR on several threads
  check_all_unary<TestType>();
}
