// add, sub, mul, div, sqrt and fma in every rounding mode, against a reference written
// from the contract, not from the engine: every finite value of the format is decoded from
// its fields (E, M, bias and the kind of specials), sorted, and an exact result is placed
// between two neighbours by exact comparisons in double (the operands' significands are
// short enough that every product, sum and midpoint compared is exact). The mode then
// picks a neighbour by its definition; overflow follows DESIGN.md's rules per format.
//
// Exhaustive over all pairs for every format of at most 8 bits (65,536 pairs per
// operation and mode), every encoding for sqrt; sampled pairs for float16 and for
// bfloat16 (whose sums can need more bits than double has: those pairs are skipped and
// counted).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <lowp/lowp.hpp>

#include "format_test_case.hpp"
#include "format_widths.hpp"
#include "lowp_test.hpp"
#include "reference.hpp"

namespace {

using lowp::rounding;
using lowp_test::specials_kind;

// One encoding decoded from the format's row alone (tests/support/reference.hpp).
struct decoded {
  bool nan = false, infinite = false, negative = false;
  double magnitude = 0;
};

template <class F>
decoded decode(std::uint32_t bits) {
  const lowp_ref::value v = lowp_ref::decode<F>(bits);
  decoded d;
  d.nan = v.nan;
  d.infinite = !v.nan && std::isinf(v.magnitude);
  d.negative = !v.nan && v.negative;
  d.magnitude = v.nan || d.infinite ? 0.0 : static_cast<double>(v.magnitude);
  return d;
}

// The positive finite values of F with their encodings, increasing.
template <class F>
struct value_table {
  using S = lowp_test::shape<F>;
  std::vector<double> value;
  std::vector<std::uint32_t> bits;
  std::uint32_t sign_bit = 0;
  double beyond = 0;           // the value after the largest, were the exponent unbounded
  std::uint32_t beyond_bits = 0;
  value_table() {
    sign_bit = S::sign_mask;
    for (std::uint32_t b = 0; b < (1u << S::total_bits); ++b) {
      const decoded d = decode<F>(b);
      if (d.nan || d.infinite || d.negative) continue;
      value.push_back(d.magnitude);
      bits.push_back(b);
    }
    // Encodings of positive values increase with the value: the table is sorted already.
    REQUIRE(std::is_sorted(value.begin(), value.end()));
    const double top = value.back(), below_top = value[value.size() - 2];
    // The next value in the top binade's spacing (the top binade has at least two values
    // in every format here except E8M0, whose spacing doubles).
    beyond = S::mantissa_bits == 0 ? 2 * top : top + (top - below_top);
    beyond_bits = bits.back() + 1;
  }
};

// An exact rational r = num / den (den > 0), compared with a value v: sign of num - v*den.
// The callers keep every product exact in double.
struct rational {
  double num, den;
  int compare(double v) const {
    const double p = v * den;
    return num < p ? -1 : num > p ? 1 : 0;
  }
};

// The reference: |r| rounded into F in `mode` with IEEE overflow (the operations'
// policy), with the sign; returns the encoding.
template <class F>
std::uint32_t reference_round(const value_table<F>& t, rational r, bool negative, rounding mode) {
  constexpr specials_kind kind = lowp_test::shape<F>::kind;
  // Directed modes act on the magnitude by sign.
  const bool away = (mode == rounding::upward && !negative) || (mode == rounding::downward && negative);
  const bool truncate = mode == rounding::toward_zero || (mode == rounding::upward && negative) ||
                        (mode == rounding::downward && !negative);
  // k: the largest value <= |r| (or -1 below the smallest, for a format without zero).
  std::size_t lo = 0, hi = t.value.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (r.compare(t.value[mid]) >= 0) lo = mid + 1; else hi = mid;
  }
  std::uint32_t chosen;
  bool overflow = false;
  if (lo == 0) {
    chosen = t.bits[0];  // below the smallest value: only a format without zero gets here
  } else {
    const std::size_t k = lo - 1;
    const double v = t.value[k];
    const bool exact = r.compare(v) == 0;
    const bool at_top = k + 1 == t.value.size();
    const double next = at_top ? t.beyond : t.value[k + 1];
    const std::uint32_t next_bits = at_top ? t.beyond_bits : t.bits[k + 1];
    bool up = false;
    if (!exact) {
      if (away) {
        up = true;
      } else if (!truncate) {
        const int c = r.compare((v + next) / 2);
        up = c > 0 || (c == 0 && (mode == rounding::to_nearest_away || (next_bits & 1u) == 0));
      }
    }
    chosen = up ? next_bits : t.bits[k];
    overflow = up && at_top;
  }
  const bool is_signed = t.sign_bit != 0;
  const std::uint32_t sign = negative && is_signed ? t.sign_bit : 0u;
  if (overflow) {
    if (kind == specials_kind::none) return sign | t.bits.back();            // fp6/fp4: +-max
    if (kind == specials_kind::nan_negative_zero) return t.sign_bit;        // fnuz: the NaN
    return sign | t.beyond_bits;                                       // inf, or the all-ones NaN
  }
  if (chosen == 0 && kind == specials_kind::nan_negative_zero) return 0;  // no -0
  return sign | chosen;
}

template <class T>
T from_bits(std::uint32_t b) {
  return T::from_bits(static_cast<typename T::storage_type>(b));
}

// A zero result's sign, IEEE 754 6.3: exact zero sums are +0, -0 in downward mode; x + x
// keeps x's sign; products and quotients have the sign of the operands'.
struct checker {
  std::uint64_t checked = 0, failed = 0;
  std::string first;
  template <class T>
  void expect(const char* op, rounding m, T x, T y, std::uint32_t want, T got) {
    ++checked;
    if (got.bits() == want) return;
    if (failed++ == 0) {
      first = std::string(lowp::type_name<T>) + " " + op + "(" + lowp_test::hex(x.bits()) + ", " +
              lowp_test::hex(y.bits()) + ", " + lowp::to_string(m) + "): got " + lowp_test::hex(got.bits()) +
              " want " + lowp_test::hex(want);
    }
  }
};

template <class T>
void check_pair(const value_table<typename T::format_type>& t, std::uint32_t i, std::uint32_t j, checker& c) {
  using F = typename T::format_type;
  const decoded a = decode<F>(i), b = decode<F>(j);
  if (a.nan || b.nan || a.infinite || b.infinite) return;  // the NaN rule and IEEE specials: tests/math/nan_rule.cpp
  const T x = from_bits<T>(i), y = from_bits<T>(j);
  const double va = a.negative ? -a.magnitude : a.magnitude, vb = b.negative ? -b.magnitude : b.magnitude;
  for (const rounding m : lowp::all_roundings) {
    // Sums: exact in double for these formats (checked by the caller's choice of pairs).
    for (int op = 0; op < 2; ++op) {
      const double s = op == 0 ? va + vb : va - vb;
      const T got = op == 0 ? lowp::add(x, y, m) : lowp::sub(x, y, m);
      std::uint32_t want;
      if (s == 0) {
        const bool both_negative = op == 0 ? (a.negative && b.negative) : (a.negative && !b.negative);
        const bool both_zero = a.magnitude == 0 && b.magnitude == 0;
        const bool negative = both_zero ? (m == rounding::downward ? (a.negative || (op == 0 ? b.negative : !b.negative))
                                                                    : both_negative)
                                        : m == rounding::downward;
        want = reference_round<F>(t, {0, 1}, negative, m);
      } else {
        want = reference_round<F>(t, {std::fabs(s), 1}, s < 0, m);
      }
      c.expect(op == 0 ? "add" : "sub", m, x, y, want, got);
    }
    c.expect("mul", m, x, y, reference_round<F>(t, {std::fabs(va * vb), 1}, a.negative != b.negative, m),
             lowp::mul(x, y, m));
    if (b.magnitude != 0) {
      c.expect("div", m, x, y, reference_round<F>(t, {a.magnitude, b.magnitude}, a.negative != b.negative, m),
               lowp::div(x, y, m));
    }
  }
}

template <class T>
void all_pairs() {
  using F = typename T::format_type;
  const value_table<F> t;
  checker c;
  const std::uint32_t n = 1u << lowp_test::shape<F>::total_bits;
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t j = 0; j < n; ++j) check_pair<T>(t, i, j, c);
  }
  // sqrt of every encoding: the root r of x with v^2 compared to x exactly.
  for (std::uint32_t i = 0; i < n; ++i) {
    const decoded a = decode<F>(i);
    if (a.nan || a.infinite || (a.negative && a.magnitude != 0)) continue;
    const T x = from_bits<T>(i);
    for (const rounding m : lowp::all_roundings) {
      std::uint32_t want;
      if (a.magnitude == 0) {
        want = i;  // sqrt(+-0) is +-0
      } else {
        // Place sqrt(x) among the values: v <= sqrt(x) iff v^2 <= x (exact in double).
        std::size_t lo = 0, hi = t.value.size();
        while (lo < hi) {
          const std::size_t mid = (lo + hi) / 2;
          if (t.value[mid] * t.value[mid] <= a.magnitude) lo = mid + 1; else hi = mid;
        }
        const std::size_t k = lo - 1;
        const double v = t.value[k];
        const double next = k + 1 < t.value.size() ? t.value[k + 1] : t.beyond;
        const std::uint32_t next_bits = k + 1 < t.value.size() ? t.bits[k + 1] : t.beyond_bits;
        const bool exact = v * v == a.magnitude;
        const double mid = (v + next) / 2;
        bool up = false;
        if (!exact) {
          if (m == rounding::upward) up = true;
          else if (m == rounding::to_nearest_even || m == rounding::to_nearest_away)
            up = mid * mid < a.magnitude;  // a root is never exactly a midpoint
        }
        want = up ? next_bits : t.bits[k];
      }
      c.expect("sqrt", m, x, x, want, lowp::sqrt(x, m));
    }
  }
  INFO(lowp::type_name<T> << ": " << c.checked << " results checked, first failure: " << c.first);
  CHECK(c.failed == 0);
  WARN(lowp::type_name<T> << ": add/sub/mul/div on all " << n * n << " pairs and sqrt on every encoding, 5 modes: "
                          << c.checked << " results, " << c.failed << " mismatches");
}

// 16-bit formats: random pairs whose sums are exact in double (exponents within 40).
template <class T>
void sampled_pairs(std::uint64_t count) {
  using F = typename T::format_type;
  const value_table<F> t;
  checker c;
  std::mt19937_64 rng(0x6c6f7770);
  std::uint64_t skipped = 0;
  for (std::uint64_t k = 0; k < count; ++k) {
    const auto i = static_cast<std::uint32_t>(rng() & 0xffffu), j = static_cast<std::uint32_t>(rng() & 0xffffu);
    const decoded a = decode<F>(i), b = decode<F>(j);
    if (a.magnitude != 0 && b.magnitude != 0 && std::abs(std::ilogb(a.magnitude) - std::ilogb(b.magnitude)) > 40) {
      ++skipped;
      continue;
    }
    check_pair<T>(t, i, j, c);
  }
  INFO(lowp::type_name<T> << ": first failure: " << c.first);
  CHECK(c.failed == 0);
  WARN(lowp::type_name<T> << ": add/sub/mul/div on " << count - skipped << " random pairs (" << skipped
                          << " with exponents too far apart for an exact double sum skipped), 5 modes: "
                          << c.checked << " results, " << c.failed << " mismatches");
}

}  // namespace

LOWP_FORMAT_TEST_CASE("arithmetic in every rounding mode: all pairs", "[math][modes]",
                      lowp_test::every_byte_arithmetic_type) {
  all_pairs<TestType>();
}

LOWP_FORMAT_TEST_CASE("arithmetic in every rounding mode: sampled pairs", "[math][modes]",
                      lowp_test::every_sixteen_bit_type) {
  sampled_pairs<TestType>(LOWP_TEST_EXHAUSTIVE ? 2000000 : 200000);
}
