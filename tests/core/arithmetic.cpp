// Arithmetic against GNU MPFR emulating each format exactly (precision M+1, the format's
// exponent range, subnormalized): every pair of the 8-, 6- and 4-bit formats, random and
// special pairs of the 16-bit formats, for + - * /. NaN results are compared bit for bit
// with the NaN rule (expected_nan), and swept over every encoding against zeros,
// infinities and NaNs. lowp::add/sub/mul/div/sqrt/fma in all 5 rounding modes on every
// pair of the 8-bit and narrower formats, against MPFR rounded to odd and the grid reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <mpfr.h>

#include "format_test_case.hpp"
#include "format_widths.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

enum class op { add, sub, mul, div };
const char* op_name(op o) { return o == op::add ? "+" : o == op::sub ? "-" : o == op::mul ? "*" : "/"; }

// The correctly rounded (RNE) value of a op b in format F, computed by MPFR.
template <class F>
lowp_ref::value mpfr_reference(op o, const lowp_ref::value& a, const lowp_ref::value& b) {
  using S = lowp_test::shape<F>;
  const auto as_ld = [](const lowp_ref::value& v) {
    if (v.nan) return static_cast<long double>(NAN);
    return v.negative ? -v.magnitude : v.magnitude;
  };
  const mpfr_exp_t old_emin = mpfr_get_emin(), old_emax = mpfr_get_emax();
  mpfr_t x, y, r;
  mpfr_inits2(64, x, y, static_cast<mpfr_ptr>(nullptr));
  mpfr_init2(r, lowp_test::shape<F>::mantissa_bits + 1);
  mpfr_set_ld(x, as_ld(a), MPFR_RNDN);  // exact: operands have at most 16 bits
  mpfr_set_ld(y, as_ld(b), MPFR_RNDN);
  // MPFR writes x = 0.1b...b * 2^e: the smallest subnormal 2^s has e = s + 1.
  mpfr_set_emin(lowp_test::shape<F>::min_subnormal_exponent + 1);
  mpfr_set_emax(lowp_test::shape<F>::max_exponent + 1);
  int t = 0;
  switch (o) {
    case op::add: t = mpfr_add(r, x, y, MPFR_RNDN); break;
    case op::sub: t = mpfr_sub(r, x, y, MPFR_RNDN); break;
    case op::mul: t = mpfr_mul(r, x, y, MPFR_RNDN); break;
    case op::div: t = mpfr_div(r, x, y, MPFR_RNDN); break;
  }
  t = mpfr_check_range(r, t, MPFR_RNDN);
  mpfr_subnormalize(r, t, MPFR_RNDN);
  lowp_ref::value v;
  if (mpfr_nan_p(r)) {
    v.nan = true;
  } else {
    v.negative = mpfr_signbit(r) != 0;
    v.magnitude = std::fabs(mpfr_get_ld(r, MPFR_RNDN));
    // A format without infinity: past its largest finite value the result is NaN, or the
    // largest finite value where there is no NaN either (fp6, fp4).
    if (!S::has_infinity && v.magnitude > lowp_ref::max_finite<F>()) {
      v = S::has_nan ? lowp_ref::value{true, v.negative, 0} : lowp_ref::value{false, v.negative, lowp_ref::max_finite<F>()};
    }
    if (v.magnitude == 0 && !S::has_negative_zero) v.negative = false;  // fnuz: no -0
  }
  // A format without NaN: an invalid operation gives what a NaN converts to, +max.
  if (v.nan && !S::has_nan) v = {false, false, lowp_ref::max_finite<F>()};
  mpfr_set_emin(old_emin);
  mpfr_set_emax(old_emax);
  mpfr_clears(x, y, r, static_cast<mpfr_ptr>(nullptr));
  return v;
}

template <class T>
T apply(op o, T a, T b) {
  switch (o) {
    case op::add: return a + b;
    case op::sub: return a - b;
    case op::mul: return a * b;
    case op::div: return a / b;
  }
  return a;
}

// Which NaN a NaN result is (DESIGN.md, arithmetic.hpp), written out from the test's rows
// rather than read from lowp's traits: a NaN operand comes back quieted, the first one when
// both are; an invalid operation gives the format's default NaN (positive, quiet, no
// payload; +max where there is no NaN); a format without infinity overflows to the NaN
// with the result's sign (fnuz: its one NaN).
template <class F>
std::uint32_t quiet_bit() {
  return lowp_test::shape<F>::quiet_bit;  // 0 where there is no infinity: one NaN per sign, or none
}
template <class F>
std::uint32_t nan_pattern(bool negative) {
  using S = lowp_test::shape<F>;
  if (S::kind == lowp_test::specials_kind::nan_negative_zero || !S::has_nan) return S::quiet_nan_bits;
  return (negative ? S::sign_mask : 0u) | S::quiet_nan_bits;
}
template <class F>
std::uint32_t expected_nan(std::uint32_t a, std::uint32_t b, bool negative) {
  if (lowp_ref::decode<F>(a).nan) return a | quiet_bit<F>();
  if (lowp_ref::decode<F>(b).nan) return b | quiet_bit<F>();
  return nan_pattern<F>(negative);  // MPFR's invalid results are positive
}

// a op b against MPFR; a NaN result must also be the rule's NaN, bit for bit.
template <class T>
bool check_pair(op o, std::uint32_t a, std::uint32_t b, std::string& out) {
  using F = typename T::format_type;
  const auto x = T::from_bits(static_cast<typename F::storage>(a));
  const auto y = T::from_bits(static_cast<typename F::storage>(b));
  const std::uint32_t got_bits = apply(o, x, y).bits();
  const auto got = lowp_ref::decode<F>(got_bits);
  const auto want = mpfr_reference<F>(o, lowp_ref::decode<F>(a), lowp_ref::decode<F>(b));
  if (got == want && (!want.nan || got_bits == expected_nan<F>(a, b, want.negative))) return true;
  out = lowp_test::hex(a) + " " + op_name(o) + " " + lowp_test::hex(b) + " = " + lowp_test::hex(got_bits) + " (" +
        got.str() + "), MPFR " + want.str() +
        (want.nan ? ", rule's NaN " + lowp_test::hex(expected_nan<F>(a, b, want.negative)) : std::string());
  return false;
}

// Encodings worth pairing with everything: zeros, extremes of each range, 1, infinity, NaN.
template <class F>
std::vector<std::uint32_t> special_encodings() {
  const std::uint32_t s = lowp_test::shape<F>::sign_mask;
  std::vector<std::uint32_t> v = {0, 1, 2, lowp_test::shape<F>::mantissa_mask, lowp_test::shape<F>::min_normal_bits, lowp_test::shape<F>::min_normal_bits + 1u,
                                  lowp_test::shape<F>::max_finite_bits, lowp_test::shape<F>::max_finite_bits - 1u, lowp_test::shape<F>::infinity_bits, lowp_test::shape<F>::quiet_nan_bits};
  v.push_back(static_cast<std::uint32_t>(lowp_test::shape<F>::bias) << lowp_test::shape<F>::mantissa_bits);                       // 1
  v.push_back((static_cast<std::uint32_t>(lowp_test::shape<F>::bias) << lowp_test::shape<F>::mantissa_bits) + 1u);                // 1 + ulp
  v.push_back(static_cast<std::uint32_t>(lowp_test::shape<F>::bias + lowp_test::shape<F>::mantissa_bits + 1) << lowp_test::shape<F>::mantissa_bits);  // 2^(M+1)
  const auto n = v.size();
  for (std::size_t i = 0; i < n; ++i) v.push_back(v[i] | s);
  return v;
}

}  // namespace

LOWP_FORMAT_TEST_CASE("every pair of 8-bit values: + - * / match MPFR", "[core][arithmetic][exhaustive]",
                      lowp_test::every_byte_arithmetic_type) {
  const std::uint32_t all = 1u << lowp_test::shape<TestType>::total_bits;
  std::uint64_t checked = 0;
  for (op o : {op::add, op::sub, op::mul, op::div}) {
    for (std::uint32_t a = 0; a < all; ++a) {
      for (std::uint32_t b = 0; b < all; ++b) {
        std::string out;
        if (!check_pair<TestType>(o, a, b, out)) FAIL(out);
        ++checked;
      }
    }
  }
  CHECK(checked == 4u * all * all);
}

LOWP_FORMAT_TEST_CASE("random and special 16-bit pairs: + - * / match MPFR", "[core][arithmetic]",
                        lowp_test::every_sixteen_bit_type) {
  using F = typename TestType::format_type;
  const std::size_t n = lowp_test::exhaustive ? 1000000 : 50000;
  std::uint64_t checked = 0;
  for (op o : {op::add, op::sub, op::mul, op::div}) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    std::mt19937 rng(static_cast<unsigned>(o) + 1);
    for (std::size_t i = 0; i < n; ++i) pairs.emplace_back(rng() & 0xffff, rng() & 0xffff);
    // Operands close in magnitude (cancellation, ties in + and -).
    for (std::size_t i = 0; i < n / 4; ++i) {
      const std::uint32_t a = rng() & 0xffff;
      pairs.emplace_back(a, (a + (rng() % 64) - 32) & 0xffff);
      pairs.emplace_back(a, ((a ^ lowp_test::shape<F>::sign_mask) + (rng() % 64) - 32) & 0xffff);
    }
    const auto specials = special_encodings<F>();
    for (auto a : specials) {
      for (auto b : specials) pairs.emplace_back(a, b);
      for (int i = 0; i < 512; ++i) {
        const std::uint32_t r = rng() & 0xffff;
        pairs.emplace_back(a, r);
        pairs.emplace_back(r, a);
      }
    }
    std::uint64_t failures = 0;
    std::string first;
    for (const auto& p : pairs) {
      std::string out;
      if (!check_pair<TestType>(o, p.first, p.second, out)) {
        if (failures++ == 0) first = out;
      }
    }
    INFO(first);
    REQUIRE(failures == 0);
    checked += pairs.size();
  }
  WARN("16-bit arithmetic vs MPFR: " << checked << " pairs, 0 mismatches");
}

TEST_CASE("float16 x every float16 for one operand: + and * exhaustive in the other", "[core][arithmetic]") {
  // All 65,536 right operands against a few left operands that exercise every rounding
  // situation (an odd significand, a power of two, the largest value, a subnormal).
  for (std::uint32_t a : {0x3c01u, 0x4000u, 0x7bffu, 0x0201u, 0xb555u}) {
    for (op o : {op::add, op::mul, op::div}) {
      for (std::uint32_t b = 0; b < 65536; ++b) {
        std::string out;
        if (!check_pair<lowp::float16>(o, a, b, out)) FAIL(out);
      }
    }
  }
}

// Every operand an invalid operation can have (zeros and infinities) and a few NaNs, paired
// with every encoding in both orders; and every NaN with every NaN (which one comes back).
LOWP_FORMAT_TEST_CASE("NaN results of + - * / follow one rule, bit for bit, on every format", "[core][arithmetic][nan]",
                      lowp_test::every_arithmetic_type) {
  using F = typename TestType::format_type;
  using S = lowp_test::shape<TestType>;
  const std::uint32_t all = 1u << S::total_bits, sign = S::sign_mask;
  std::vector<std::uint32_t> partners = {0, sign, nan_pattern<F>(false), nan_pattern<F>(true)};
  if (S::has_infinity) {
    const std::uint32_t inf = S::infinity_bits;
    partners.insert(partners.end(), {inf, inf | sign, inf | 1u, inf | 1u | sign,  // signaling NaNs, payload 1
                                     inf | quiet_bit<F>() | 5u});                   // a quiet NaN with a payload
  }
  std::vector<std::uint32_t> nans;
  for (std::uint32_t a = 0; a < all; ++a)
    if (lowp_ref::decode<F>(a).nan) nans.push_back(a);
  std::uint64_t checked = 0, nan_results = 0, failures = 0;
  std::string first;
  const auto check = [&](op o, std::uint32_t a, std::uint32_t b) {
    const auto x = TestType::from_bits(static_cast<typename F::storage>(a));
    const auto y = TestType::from_bits(static_cast<typename F::storage>(b));
    const std::uint32_t got = apply(o, x, y).bits();
    const lowp_ref::value u = lowp_ref::decode<F>(a), v = lowp_ref::decode<F>(b);
    const bool u_inf = !u.nan && u.magnitude == HUGE_VALL, v_inf = !v.nan && v.magnitude == HUGE_VALL;
    const bool u_zero = !u.nan && u.magnitude == 0, v_zero = !v.nan && v.magnitude == 0;
    const bool invalid = o == op::add   ? u_inf && v_inf && u.negative != v.negative
                         : o == op::sub ? u_inf && v_inf && u.negative == v.negative
                         : o == op::mul ? (u_inf && v_zero) || (u_zero && v_inf)
                                        : (u_zero && v_zero) || (u_inf && v_inf);
    ++checked;
    if (lowp_ref::decode<F>(got).nan) ++nan_results;
    // Not the rule's business: a number, or (no infinity) an overflow, which the MPFR tests check.
    if (!u.nan && !v.nan && !invalid && (!S::has_infinity || !lowp_ref::decode<F>(got).nan)) return;
    const std::uint32_t want = u.nan || v.nan || invalid ? expected_nan<F>(a, b, false) : ~0u;
    if (got != want && failures++ == 0) {
      first = lowp_test::hex(a) + " " + op_name(o) + " " + lowp_test::hex(b) + " = " + lowp_test::hex(got) +
              ", rule " + (want == ~0u ? std::string("no NaN") : lowp_test::hex(want));
    }
  };
  for (op o : {op::add, op::sub, op::mul, op::div}) {
    for (std::uint32_t a = 0; a < all; ++a) {
      for (std::uint32_t p : partners) {
        check(o, a, p);
        check(o, p, a);
      }
    }
    for (std::uint32_t a : nans)
      for (std::uint32_t b : nans) check(o, a, b);
  }
  INFO(first);
  CHECK(failures == 0);
  WARN(lowp_test::format_name<TestType>() << ": NaN rule of + - * / checked on " << checked << " operations (" << nan_results << " NaN results), "
            << failures << " failures");
}

namespace {

// lowp::add, sub, mul, div, sqrt and fma in a rounding mode, against a reference built from
// two independent parts: MPFR computes the exact result and rounds it to odd at 53 bits
// (toward zero, then the last bit set if anything was dropped), and the grid reference of
// tests/support/reference.hpp rounds that double in the mode. Rounding to odd at 53 bits
// keeps the result on the same side of every value and midpoint of a format of at most 8
// bits (they have at most M + 2 <= 6 significant bits), so the double rounding is
// innocuous; the grid knows every kind of specials (fnuz overflow to its NaN, fp6/fp4 to
// +-max, ...).
enum class mode_op { add, sub, mul, div, sqrt, fma };
const char* mode_op_name(mode_op o) {
  static const char* const names[] = {"add", "sub", "mul", "div", "sqrt", "fma"};
  return names[static_cast<int>(o)];
}

// The exact result rounded to odd, and the same for downward mode (they differ only in
// the sign of an exact zero, IEEE 754 6.3). NaN for an invalid operation.
struct odd_result {
  double value = 0, downward = 0;
};

class odd_reference {
 public:
  odd_reference() {
    mpfr_inits2(64, x_, y_, z_, static_cast<mpfr_ptr>(nullptr));  // operands are exact in 64 bits
    mpfr_init2(r_, 53);
  }
  ~odd_reference() { mpfr_clears(x_, y_, z_, r_, static_cast<mpfr_ptr>(nullptr)); }
  odd_reference(const odd_reference&) = delete;
  odd_reference& operator=(const odd_reference&) = delete;

  odd_result operator()(mode_op o, double x, double y, double z) {
    mpfr_set_d(x_, x, MPFR_RNDN);
    mpfr_set_d(y_, y, MPFR_RNDN);
    mpfr_set_d(z_, z, MPFR_RNDN);
    odd_result out;
    const int t = apply(o, MPFR_RNDZ);
    out.value = to_odd(t);
    out.downward = out.value;
    if (t == 0 && mpfr_zero_p(r_)) {
      apply(o, MPFR_RNDD);
      out.downward = mpfr_get_d(r_, MPFR_RNDN);
    }
    return out;
  }

 private:
  int apply(mode_op o, mpfr_rnd_t rnd) {
    switch (o) {
      case mode_op::add: return mpfr_add(r_, x_, y_, rnd);
      case mode_op::sub: return mpfr_sub(r_, x_, y_, rnd);
      case mode_op::mul: return mpfr_mul(r_, x_, y_, rnd);
      case mode_op::div: return mpfr_div(r_, x_, y_, rnd);
      case mode_op::sqrt: return mpfr_sqrt(r_, x_, rnd);
      case mode_op::fma: return mpfr_fma(r_, x_, y_, z_, rnd);
    }
    return 0;
  }
  double to_odd(int ternary) const {
    if (mpfr_nan_p(r_)) return NAN;
    const double d = mpfr_get_d(r_, MPFR_RNDZ);  // exact: 53 bits, inside double's range
    if (ternary == 0) return d;
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    u |= 1u;
    double odd;
    std::memcpy(&odd, &u, sizeof odd);
    return odd;
  }
  mpfr_t x_, y_, z_, r_;
};

struct mode_tally {
  std::uint64_t checked = 0, failed = 0;
  std::string first;
};

template <class T>
class rounded_ops_check {
 public:
  explicit rounded_ops_check(mode_tally& t) : t_(t) {}

  // Every mode for one operation on encodings a, b, c (b and c unused by sqrt, c by the
  // binary operations).
  void run(mode_op o, std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    const T x = make(a), y = make(b), z = make(c);
    const lowp_ref::value u = lowp_ref::decode<T>(a), v = lowp_ref::decode<T>(b), w = lowp_ref::decode<T>(c);
    const int arity = o == mode_op::sqrt ? 1 : o == mode_op::fma ? 3 : 2;
    // The first NaN operand comes back quieted; otherwise an invalid operation gives the
    // default NaN (+max where the format has none), and numbers round through the grid.
    std::int64_t nan_operand = -1;
    if (u.nan) nan_operand = a;
    else if (arity > 1 && v.nan) nan_operand = b;
    else if (arity > 2 && w.nan) nan_operand = c;
    odd_result exact;
    if (nan_operand < 0) exact = reference_(o, signed_value(u), signed_value(v), signed_value(w));
    for (const lowp::rounding m : lowp_test::all_modes) {
      std::uint64_t want = 0;
      if (nan_operand >= 0) {
        want = static_cast<std::uint64_t>(nan_operand) | lowp_test::shape<T>::quiet_bit;
      } else {
        const double e = m == lowp::rounding::downward ? exact.downward : exact.value;
        std::size_t hint = 0;
        want = std::isnan(e) ? lowp_test::shape<T>::quiet_nan_bits : grid_.round(e, m, lowp::overflow::ieee, hint);
      }
      const std::uint64_t got = compute(o, x, y, z, m).bits();
      ++t_.checked;
      if (got != want && t_.failed++ == 0) {
        t_.first = std::string(mode_op_name(o)) + "(" + lowp_test::hex(a) + (arity > 1 ? ", " + lowp_test::hex(b) : "") +
                   (arity > 2 ? ", " + lowp_test::hex(c) : "") + ", " + lowp_test::mode_name(m) + ") = " +
                   lowp_test::hex(got) + ", want " + lowp_test::hex(want);
      }
    }
  }

 private:
  static T make(std::uint32_t b) { return T::from_bits(static_cast<typename T::storage_type>(b)); }
  static double signed_value(const lowp_ref::value& v) {
    return v.nan ? 0.0 : static_cast<double>(v.negative ? -v.magnitude : v.magnitude);  // exact (inf included)
  }
  static T compute(mode_op o, T x, T y, T z, lowp::rounding m) {
    switch (o) {
      case mode_op::add: return lowp::add(x, y, m);
      case mode_op::sub: return lowp::sub(x, y, m);
      case mode_op::mul: return lowp::mul(x, y, m);
      case mode_op::div: return lowp::div(x, y, m);
      case mode_op::sqrt: return lowp::sqrt(x, m);
      case mode_op::fma: return lowp::fma(x, y, z, m);
    }
    return x;
  }
  mode_tally& t_;
  odd_reference reference_;
  lowp_ref::grid<T> grid_;
};

}  // namespace

// Every pair for add, sub, mul and div, every encoding for sqrt, and for fma every pair
// with a third operand that runs through every encoding, plus random triples; every
// encoding (NaN, infinity and zeros included), in all 5 modes.
LOWP_FORMAT_TEST_CASE("add, sub, mul, div, sqrt and fma in every rounding mode, every pair, against MPFR",
                      "[core][arithmetic][modes]", lowp_test::every_byte_arithmetic_type) {
  const std::uint32_t all = 1u << lowp_test::shape<TestType>::total_bits;
  mode_tally t;
  rounded_ops_check<TestType> check(t);
  for (std::uint32_t a = 0; a < all; ++a) {
    check.run(mode_op::sqrt, a, a, a);
    for (std::uint32_t b = 0; b < all; ++b) {
      for (mode_op o : {mode_op::add, mode_op::sub, mode_op::mul, mode_op::div}) check.run(o, a, b, b);
      check.run(mode_op::fma, a, b, (a * 7u + b * 13u + 5u) & (all - 1u));
    }
  }
  std::mt19937 rng(2026);
  const std::uint32_t triples = lowp_test::exhaustive ? 100000 : 10000;
  for (std::uint32_t i = 0; i < triples; ++i) {
    const std::uint32_t a = rng() & (all - 1u), b = rng() & (all - 1u), c = rng() & (all - 1u);
    check.run(mode_op::fma, a, b, c);
  }
  INFO("first failure: " << t.first);
  CHECK(t.failed == 0);
  CHECK(t.checked == 5u * (all + 5u * all * all + triples));
  WARN(lowp_test::format_name<TestType>() << ": add/sub/mul/div/fma on all " << all * all
                                          << " pairs, sqrt on every encoding, " << triples
                                          << " random fma triples, 5 modes: " << t.checked << " results, " << t.failed
                                          << " mismatches");
}

TEST_CASE("mixed-type arithmetic promotes as <stdfloat> does", "[core][arithmetic]") {
  using lowp::bfloat16;
  using lowp::float16;
  const float16 h(1.5f);
  CHECK((h + 1).bits() == float16(2.5f).bits());
  CHECK((2 * h).bits() == float16(3.0f).bits());
  CHECK((h + 70000).bits() == 0x7c00);  // 70000 converts to float16 (inf) first
  const float f = h + 0.25f;
  CHECK(f == 1.75f);
  const double d = bfloat16(1.0f) / 3.0;
  CHECK(d == 1.0 / 3.0);
  CHECK((lowp::float8_e4m3fn(1.5f) + h).bits() == float16(3.0f).bits());
  CHECK((bfloat16(256.0f) + lowp::float8_e5m2(1.0f)).bits() == bfloat16(256.0f).bits());  // rounds in bfloat16
  float16 acc(0.0f);
  for (int i = 0; i < 10; ++i) acc += float16(0.1f);
  CHECK(static_cast<float>(acc) == Approx(1.0f).epsilon(0.01));
  acc -= 1;
  acc *= 2;
  acc /= lowp::float8_e4m3fn(2.0f);
  float16 inc(1.0f);
  CHECK((inc++).bits() == 0x3c00);
  CHECK((++inc).bits() == float16(3.0f).bits());
  CHECK((--inc).bits() == float16(2.0f).bits());
}

TEST_CASE("unary minus flips the sign bit only", "[core][arithmetic]") {
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const auto x = lowp::float16::from_bits(static_cast<std::uint16_t>(b));
    REQUIRE((-x).bits() == (b ^ 0x8000u));
    REQUIRE((+x).bits() == b);
  }
  CHECK((-lowp::float8_e4m3fn::from_bits(0x7f)).bits() == 0xff);
}
