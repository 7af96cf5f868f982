// The independent reference for lowp's <cmath> and <charconv> tests: GNU MPFR emulating a
// lowp format exactly (precision M+1, the format's exponent range, subnormals through
// mpfr_subnormalize, round to nearest even), plus a table from every finite value of the
// format to its encoding that is built from the bit layout alone (not from lowp's code).
#pragma once

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <lowp/lowp.hpp>

#include "lowp_test.hpp"
#include "reference.hpp"

namespace lowp_mpfr {

template <class T>
using storage_t = typename T::storage_type;
template <class T>
using format_t = typename T::format_type;
// The test's own description of T's format (tests/support/formats.hpp): widths, bias and
// special encodings derived from the row, never read from lowp's traits.
template <class T>
using shape_t = lowp_test::shape<format_t<T>>;

template <class T>
constexpr std::uint32_t encoding_count() {
  return std::uint32_t{1} << shape_t<T>::total_bits;
}

// The value of an encoding, decoded from the row's fields by tests/support/reference.hpp
// (independent of lowp::detail::widen): NaN for NaN encodings, +-inf for infinities.
template <class T>
double value_of(std::uint32_t bits) {
  const lowp_ref::value v = lowp_ref::decode<format_t<T>>(bits);
  if (v.nan) return v.negative ? -NAN : NAN;  // a NaN keeps its sign bit (printf shows it)
  const double magnitude = static_cast<double>(v.magnitude);  // exact: every format here fits a double
  return v.negative ? -magnitude : magnitude;
}

template <class T>
double max_finite() {
  static const double m = [] {
    double largest = 0;
    for (std::uint32_t b = 0; b < encoding_count<T>(); ++b) {
      const double v = value_of<T>(b);
      if (std::isfinite(v) && v > largest) largest = v;
    }
    return largest;
  }();
  return m;
}

// Finite value -> encoding, for every finite nonzero value of T.
template <class T>
const std::unordered_map<double, std::uint32_t>& encoding_table() {
  static const std::unordered_map<double, std::uint32_t> table = [] {
    std::unordered_map<double, std::uint32_t> t;
    for (std::uint32_t b = 0; b < encoding_count<T>(); ++b) {
      const double v = value_of<T>(b);
      if (std::isfinite(v) && v != 0) t.emplace(v, b);
    }
    return t;
  }();
  return table;
}

// The sign bit (0 for an unsigned format: E8M0).
template <class T>
constexpr std::uint32_t sign_bit() {
  return shape_t<T>::sign_mask;
}
// A zero of this sign: +0 where the format has no -0 (fnuz).
template <class T>
constexpr std::uint32_t zero_bits(bool negative) {
  return negative && shape_t<T>::has_negative_zero ? sign_bit<T>() : 0u;
}
// What an invalid operation gives: the positive quiet NaN with zero payload; in a format
// without NaN (FP6, FP4) what a NaN converts to, +max (DESIGN.md, "The full format set").
template <class T>
constexpr std::uint32_t positive_quiet_nan() {
  return shape_t<T>::quiet_nan_bits;
}
// A NaN made quiet (only IEEE NaNs have a quiet bit to set).
template <class T>
constexpr std::uint32_t quiet(std::uint32_t nan_bits) {
  return nan_bits | shape_t<T>::quiet_bit;
}
// Whether the format's NaN has a sign of its own: not fnuz's, the sign bit alone, which
// fabs, copysign and negation leave as it is.
template <class T>
constexpr bool nan_has_sign() {
  return shape_t<T>::kind == lowp_test::specials_kind::ieee || shape_t<T>::kind == lowp_test::specials_kind::nan_all_ones;
}

// An MPFR variable that frees itself (the tests keep one per thread and use).
class mpfr_variable {
 public:
  explicit mpfr_variable(mpfr_prec_t precision) { mpfr_init2(v_, precision); }
  ~mpfr_variable() { mpfr_clear(v_); }
  mpfr_variable(const mpfr_variable&) = delete;
  mpfr_variable& operator=(const mpfr_variable&) = delete;
  mpfr_ptr get() { return v_; }

 private:
  mpfr_t v_;
};

// Sets MPFR's exponent range for this thread and restores the default on exit.
class exponent_range {
 public:
  exponent_range(mpfr_exp_t emin, mpfr_exp_t emax) : emin_(mpfr_get_emin()), emax_(mpfr_get_emax()) {
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
  }
  ~exponent_range() {
    mpfr_set_emin(emin_);
    mpfr_set_emax(emax_);
  }
  exponent_range(const exponent_range&) = delete;
  exponent_range& operator=(const exponent_range&) = delete;

 private:
  mpfr_exp_t emin_, emax_;
};

// MPFR's convention is 0.1b * 2^e, so the smallest subnormal 2^s is 0.1b * 2^(s+1). (E8M0
// has no subnormals: its smallest value 2^-127 is its min_subnormal_exponent too.)
template <class T>
constexpr int precision() {
  return shape_t<T>::mantissa_bits + 1;
}
template <class T>
constexpr mpfr_exp_t emin() {
  return shape_t<T>::min_subnormal_exponent + 1;
}
template <class T>
constexpr mpfr_exp_t emax() {
  return shape_t<T>::max_exponent + 1;
}

// An MPFR result rounded into T: its encoding, and whether it overflowed (is infinite, or
// rounded past T's largest finite value).
struct encoded {
  std::uint32_t bits;
  bool overflow;
};

// The encoding of an MPFR number that holds a value of T (rounded and subnormalized in the
// emulated range), or +-infinity, as DESIGN.md's conversion rules give it per kind of
// specials: a value beyond T's largest finite one (float8_e4m3fn's top binade is cut short
// by its NaN) or an infinity T cannot hold overflows to infinity_bits with the sign (the
// NaN on fn and fnuz formats, +-max on FP6/FP4); -0 is +0 where there is no -0; a NaN is
// positive_quiet_nan(). E8M0 ignores the sign, and zero (below its range) is its smallest
// value 2^-127.
template <class T>
encoded encode_result(mpfr_srcptr r) {
  using S = shape_t<T>;
  const bool negative = S::is_signed && mpfr_signbit(r) != 0;
  const std::uint32_t sign = negative ? sign_bit<T>() : 0u;
  if (mpfr_nan_p(r)) return {positive_quiet_nan<T>(), false};
  if (mpfr_zero_p(r)) return {S::has_zero ? zero_bits<T>(negative) : 0u, false};
  const std::uint32_t overflowed = S::has_nan || S::has_infinity ? sign | S::infinity_bits : sign | S::max_finite_bits;
  if (mpfr_inf_p(r)) return {overflowed, true};
  const double d = mpfr_get_d(r, MPFR_RNDN);
  if (std::fabs(d) > max_finite<T>()) return {overflowed, true};
  const auto& table = encoding_table<T>();
  const auto it = table.find(S::is_signed ? d : std::fabs(d));
  if (it == table.end()) return {0xdeadu, false};  // not a value of T: the emulation is broken
  return {it->second, false};
}
template <class T>
std::uint32_t encode(mpfr_srcptr r) {
  return encode_result<T>(r).bits;
}

// E8M0 rounds |x| to a power of two in [2^-127, 2^127], ties to the even encoding, and
// |x| <= 2^-127 to 2^-127 (DESIGN.md), which MPFR's precision-1 rounding does not do (its
// ties go the other way, and it has a zero). So `compute` rounds to odd at 3 bits (toward
// zero, the last bit set when inexact: enough for one correct rounding to nearest at 1
// bit, Boldo and Melquiond 2008) in MPFR's own exponent range, and that is rounded here.
template <class T, class Compute>
encoded emulate_exponent_only(Compute compute) {
  using S = shape_t<T>;
  thread_local mpfr_variable variable(3), scaled_variable(3);
  const mpfr_ptr out = variable.get();
  const mpfr_ptr scaled = scaled_variable.get();
  mpfr_set_prec(out, 3);
  const int inexact = compute(out, MPFR_RNDZ);
  if (mpfr_nan_p(out)) return {S::quiet_nan_bits, false};
  if (mpfr_inf_p(out)) return {S::infinity_bits, true};
  if (mpfr_zero_p(out)) return {0u, false};  // below the range (or zero): 2^-127
  const long e = static_cast<long>(mpfr_get_exp(out)) - 1;  // 2^e <= |x| < 2^(e+1)
  mpfr_abs(scaled, out, MPFR_RNDN);
  mpfr_mul_2si(scaled, scaled, 2 - e, MPFR_RNDN);  // 1.ab as the integer 1ab, exact
  const long q = mpfr_get_si(scaled, MPFR_RNDN) | (inexact != 0 ? 1 : 0);  // 4..7, rounded to odd
  const long field = e + S::bias;
  const long rounded = q > 6 ? field + 1 : q < 6 ? field : field + (field % 2 != 0 ? 1 : 0);  // 6: the tie
  if (rounded <= 0) return {0u, false};
  if (rounded > static_cast<long>(S::max_finite_bits)) return {S::infinity_bits, true};
  return {static_cast<std::uint32_t>(rounded), false};
}

// Rounds an MPFR computation into T: call `compute(out, MPFR_RNDN)` with the emulated
// range in force, then subnormalize, as MPFR's documentation prescribes.
template <class T, class Compute>
encoded emulate_result(Compute compute) {
  if (shape_t<T>::kind == lowp_test::specials_kind::exponent_only) return emulate_exponent_only<T>(compute);
  thread_local mpfr_variable variable(precision<T>());
  const mpfr_ptr out = variable.get();
  mpfr_set_prec(out, precision<T>());
  exponent_range range(emin<T>(), emax<T>());
  int t = compute(out, MPFR_RNDN);
  t = mpfr_check_range(out, t, MPFR_RNDN);
  mpfr_subnormalize(out, t, MPFR_RNDN);
  return encode_result<T>(out);
}
template <class T, class Compute>
std::uint32_t emulate(Compute compute) {
  return emulate_result<T>(compute).bits;
}

// An MPFR variable holding a (non-NaN) value of T exactly. Thread-local storage, so pass
// a distinct slot per argument.
template <int Slot>
mpfr_ptr argument(double v) {
  thread_local mpfr_variable x(64);
  mpfr_set_d(x.get(), v, MPFR_RNDN);
  return x.get();
}

// How far an exact result v lies from the nearest rounding boundary of T (a midpoint
// between two neighbouring values of T, or the overflow threshold), in units in the last
// place of double at v. A libm whose error is below this distance rounds to the same
// value of T. 0 means v is exactly a midpoint; +inf means no boundary is relevant (v is
// zero, infinite, NaN or past the overflow threshold's binade).
template <class T>
double boundary_distance_ulps(mpfr_srcptr v) {
  using S = shape_t<T>;
  if (!mpfr_number_p(v) || mpfr_zero_p(v)) return HUGE_VAL;
  const mpfr_exp_t e = mpfr_get_exp(v) - 1;  // floor(log2 |v|)
  if (e > S::max_exponent) return HUGE_VAL;
  const long quantum = std::max<long>(static_cast<long>(e) - S::mantissa_bits, S::min_subnormal_exponent);
  thread_local mpfr_variable t_variable(400), o_variable(400);
  const mpfr_ptr t = t_variable.get();
  const mpfr_ptr o = o_variable.get();
  // t = |v| / (quantum / 2); the boundaries are the odd integers. Exact at 400 bits.
  mpfr_abs(t, v, MPFR_RNDN);
  mpfr_mul_2si(t, t, -(quantum - 1), MPFR_RNDN);
  // o = 2 * floor(t / 2) + 1, the nearest odd integer (t lies within 1 of it).
  mpfr_div_2ui(o, t, 1, MPFR_RNDN);
  mpfr_floor(o, o);
  mpfr_mul_2ui(o, o, 1, MPFR_RNDN);
  mpfr_add_ui(o, o, 1, MPFR_RNDN);
  mpfr_sub(t, t, o, MPFR_RNDN);
  mpfr_abs(t, t, MPFR_RNDN);
  // Back to absolute units, then to ulps of double at v.
  mpfr_mul_2si(t, t, quantum - 1, MPFR_RNDN);
  const long ulp_exponent = std::max<long>(static_cast<long>(e) - 52, -1074);
  mpfr_mul_2si(t, t, -ulp_exponent, MPFR_RNDN);
  return mpfr_get_d(t, MPFR_RNDN);
}

// parallel_for(n, f): f(i) for i in [0, n), over every core, in chunks.
template <class Fn>
void parallel_for(std::uint64_t n, Fn fn) {
  std::atomic<std::uint64_t> next{0};
  const std::uint64_t chunk = 256;
  auto worker = [&] {
    for (;;) {
      const std::uint64_t begin = next.fetch_add(chunk);
      if (begin >= n) break;
      const std::uint64_t end = std::min(n, begin + chunk);
      for (std::uint64_t i = begin; i < end; ++i) fn(i);
    }
    mpfr_free_cache();
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < lowp_test::thread_count(); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
}

// Counts failures and keeps the first few descriptions, from several threads.
class tally {
 public:
  void check(bool ok, const std::function<std::string()>& describe) {
    ++checked_;
    if (ok) return;
    ++failures_;
    std::lock_guard<std::mutex> lock(mutex_);
    if (first_.size() < 10) first_.push_back(describe());
  }
  std::uint64_t checked() const { return checked_; }
  std::uint64_t failures() const { return failures_; }
  std::string report() const {
    std::string s = std::to_string(failures_.load()) + " of " + std::to_string(checked_.load()) + " failed";
    for (const auto& f : first_) s += "\n  " + f;
    return s;
  }

 private:
  std::atomic<std::uint64_t> checked_{0}, failures_{0};
  std::mutex mutex_;
  std::vector<std::string> first_;
};

template <class T>
const char* type_name() {
  return lowp_test::format_name<format_t<T>>();  // the table's name (tests/support/formats.hpp)
}

}  // namespace lowp_mpfr
