// An independent reference for lowp's conversions, written differently from the engine:
// it works on values, not bit fields. A number is scaled by a power of two (ldexp) so that
// one unit of the target's last place becomes 1, the integer neighbours are found with
// floor, and the mode picks one of them by comparing the fraction with 1/2. Decoding an
// encoding likewise goes through ldexp on the fields, not through the library's widen.
//
// F is a format given as a lowp type, its format type, or a row of tests/support/formats.hpp;
// its numbers come from the test's own table (lowp_test::shape), never from the library's
// traits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <lowp/lowp.hpp>

#include "formats.hpp"

namespace lowp_ref {

template <class F>
using shape = lowp_test::shape<F>;

// A decoded or expected value: NaN, or a signed value (possibly infinite).
struct value {
  bool nan = false;
  bool negative = false;
  long double magnitude = 0;  // may be HUGE_VALL for infinity

  friend bool operator==(const value& a, const value& b) {
    return a.nan ? b.nan : (!b.nan && a.negative == b.negative && a.magnitude == b.magnitude);
  }
  std::string str() const {
    if (nan) return negative ? "-nan" : "nan";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.21Lg", negative ? "-" : "+", magnitude);
    return buf;
  }
};

// decode<F>(bits): the value an encoding stands for, read off its fields.
template <class F>
value decode(std::uint64_t bits) {
  using S = shape<F>;
  const int M = S::mantissa_bits, E = S::exponent_bits;
  const bool negative = S::is_signed && ((bits >> (E + M)) & 1) != 0;
  const int field = static_cast<int>((bits >> M) & ((1u << E) - 1));
  const std::uint64_t mantissa = bits & ((1ull << M) - 1);
  const int top = (1 << E) - 1;
  const std::uint64_t magnitude = bits & S::magnitude_mask;
  switch (S::kind) {
    case lowp_test::specials_kind::ieee:
      if (field == top) return mantissa == 0 ? value{false, negative, HUGE_VALL} : value{true, negative, 0};
      break;
    case lowp_test::specials_kind::nan_all_ones:
    case lowp_test::specials_kind::exponent_only:
      if (magnitude == S::magnitude_mask) return {true, negative, 0};
      break;
    case lowp_test::specials_kind::nan_negative_zero:
      if (negative && magnitude == 0) return {true, false, 0};
      break;
    case lowp_test::specials_kind::none: break;
  }
  if (!S::has_zero) return {false, false, std::ldexp(1.0L, field - S::bias)};  // 2^(field - bias), no mantissa
  const long double significand =
      static_cast<long double>(mantissa) + (field != 0 ? std::ldexp(1.0L, M) : 0.0L);
  const int exponent = (field != 0 ? field : 1) - S::bias - M;
  return {false, negative, std::ldexp(significand, exponent)};
}

// Largest finite value.
template <class F>
long double max_finite() {
  return decode<F>(shape<F>::max_finite_bits).magnitude;
}

inline bool truncates(lowp::rounding mode, bool negative) {
  return mode == lowp::rounding::toward_zero || (mode == lowp::rounding::upward && negative) ||
         (mode == lowp::rounding::downward && !negative);
}

// round<F>(x, mode, policy): the value x (exact in long double) rounded into F, for every
// kind of specials: fnuz (no -0, one NaN), none (fp6/fp4: overflow, infinity and NaN give
// +-max, NaN +max) and exponent_only (e8m0: the sign ignored, no zero: everything at or
// below the smallest value gives it), as DESIGN.md "The full format set" says.
template <class F>
value round(long double x, lowp::rounding mode, lowp::overflow policy) {
  using S = shape<F>;
  const long double top = max_finite<F>();
  const long double bottom = std::ldexp(1.0L, S::min_subnormal_exponent);  // the smallest positive value
  if (std::isnan(x)) return S::has_nan ? value{true, S::is_signed && std::signbit(x), 0} : value{false, false, top};
  const bool negative = S::is_signed && std::signbit(x);
  const long double a = std::fabs(x);
  const bool saturate = policy == lowp::overflow::saturate;
  // What a value past the largest finite one gives when nothing clamps it.
  const value unbounded = S::has_infinity ? value{false, negative, HUGE_VALL}
                          : S::has_nan    ? value{true, negative, 0}
                                          : value{false, negative, top};
  if (std::isinf(a)) return saturate ? value{false, negative, top} : unbounded;
  if (a == 0) return S::has_zero ? value{false, negative && S::has_negative_zero, 0} : value{false, false, bottom};

  int e = 0;
  std::frexp(a, &e);  // a = f * 2^e with f in [1/2, 1): the leading bit is 2^(e-1)
  const int lead = e - 1 < S::min_exponent ? S::min_exponent : e - 1;
  const int quantum = lead - S::mantissa_bits;  // exponent of one unit in the last place
  const long double scaled = std::ldexp(a, -quantum);
  const long double lo = std::floor(scaled);
  const long double fraction = scaled - lo;
  long double chosen = lo;
  switch (mode) {
    case lowp::rounding::to_nearest_even:
      chosen = fraction > 0.5L ? lo + 1 : fraction < 0.5L ? lo : (std::fmod(lo, 2.0L) == 0 ? lo : lo + 1);
      break;
    case lowp::rounding::to_nearest_away: chosen = fraction >= 0.5L ? lo + 1 : lo; break;
    case lowp::rounding::toward_zero: chosen = lo; break;
    case lowp::rounding::upward: chosen = (!negative && fraction > 0) ? lo + 1 : lo; break;
    case lowp::rounding::downward: chosen = (negative && fraction > 0) ? lo + 1 : lo; break;
  }
  const long double r = std::ldexp(chosen, quantum);
  if (r > top) return saturate || truncates(mode, negative) ? value{false, negative, top} : unbounded;
  if (r == 0) return S::has_zero ? value{false, negative && S::has_negative_zero, 0} : value{false, false, bottom};
  return {false, negative, r};
}

// The NaN a conversion must produce from a NaN whose payload (mantissa field) has
// `payload_bits` bits: sign kept, quiet bit set, the top payload bits that fit.
template <class F>
std::uint64_t nan_bits(bool negative, std::uint64_t payload, int payload_bits) {
  using S = shape<F>;
  const int M = S::mantissa_bits;
  const std::uint64_t sign = negative ? std::uint64_t{S::sign_mask} : 0;
  switch (S::kind) {
    case lowp_test::specials_kind::ieee:
      return sign | S::exponent_mask | S::quiet_bit | (payload >> (payload_bits - M));
    case lowp_test::specials_kind::nan_all_ones: return sign | S::magnitude_mask;
    case lowp_test::specials_kind::nan_negative_zero: return S::sign_mask;  // the one NaN, whatever the sign
    case lowp_test::specials_kind::none: return S::max_finite_bits;        // no NaN: +max
    case lowp_test::specials_kind::exponent_only: return S::magnitude_mask;  // no sign
  }
  return 0;
}

}  // namespace lowp_ref

namespace lowp_ref {

// grid<F>: every finite non-negative value of F in increasing order, as doubles, plus the
// value one step past the largest (where an unbounded exponent range would continue),
// and the exact midpoints between neighbours. A second reference for narrowing: find the
// neighbours of |x| by comparison, then let the mode choose — no bit manipulation, no
// scaling. Positive encodings 0 .. max_finite_bits are exactly the indices.
//
// The kinds of special values change only the ends: a format without zero (E8M0) starts
// at its smallest value, and everything below it gives encoding 0 in every mode; an
// unsigned format ignores the sign (the mode applies to |x|); a format without -0 (fnuz)
// gives +0 where the sign would go onto a zero.
template <class F>
struct grid {
  std::vector<double> values;     // values[k] = decode(k) for k <= max_finite_bits; then "next"
  std::vector<double> midpoints;  // midpoints[k] = (values[k] + values[k+1]) / 2, exact

  grid() {
    const std::uint32_t top = shape<F>::max_finite_bits;
    for (std::uint32_t k = 0; k <= top; ++k) values.push_back(static_cast<double>(decode<F>(k).magnitude));
    // The unbounded next value: one unit in the last place of the largest value above it.
    const double last = values.back();
    int e = 0;
    std::frexp(last, &e);  // last = f * 2^e, f in [1/2, 1): its leading bit is 2^(e-1)
    values.push_back(last + std::ldexp(1.0, e - 1 - shape<F>::mantissa_bits));
    for (std::size_t k = 0; k + 1 < values.size(); ++k) midpoints.push_back((values[k] + values[k + 1]) / 2);
  }

  // The index of the largest value <= a (a >= 0 finite), starting the search at `hint`.
  std::size_t floor_index(double a, std::size_t hint) const {
    if (hint >= values.size() || values[hint] > a || (hint + 64 < values.size() && values[hint + 64] <= a)) {
      hint = static_cast<std::size_t>(std::upper_bound(values.begin(), values.end(), a) - values.begin()) - 1;
      return hint;
    }
    while (hint + 1 < values.size() && values[hint + 1] <= a) ++hint;
    return hint;
  }

  // Where x lies on the grid, whatever the mode: the neighbour k below |x|, and whether
  // |x| is on it, below, at or above the midpoint to the next one, beyond the grid (at or
  // past the unbounded next value), infinite, or NaN (then k holds the NaN's expected
  // encoding, see nan_position).
  enum where_t : std::uint8_t { exact, below_mid, at_mid, above_mid, beyond, infinite, nan, below_grid };
  struct position {
    std::uint32_t k = 0;
    where_t where = exact;
    bool negative = false;
  };

  // `hint` carries the search position from one call to the next (calls with increasing |x|
  // are cheap).
  position locate(double x, std::size_t& hint) const {
    position p;
    p.negative = std::signbit(x);
    const double a = std::fabs(x);
    if (std::isinf(a)) {
      p.where = infinite;
      return p;
    }
    if (a >= values.back()) {
      p.where = beyond;
      return p;
    }
    if (a <= values.front() && values.front() > 0) {  // no zero: at or below the smallest value
      p.where = below_grid;
      return p;
    }
    const std::size_t k = floor_index(a, hint);
    hint = k;
    p.k = static_cast<std::uint32_t>(k);
    if (a != values[k]) {  // strictly between values[k] and values[k + 1]
      const double mid = midpoints[k];
      p.where = a < mid ? below_mid : a > mid ? above_mid : at_mid;
    }
    return p;
  }

  // locate for a value wider than double (a 64-bit integer held exactly in long double):
  // the same comparisons, made in long double (every value and midpoint is a double).
  position locate_wide(long double x) const {
    position p;
    p.negative = std::signbit(x);
    const long double a = std::fabs(x);
    if (std::isinf(a)) {
      p.where = infinite;
    } else if (a >= values.back()) {
      p.where = beyond;
    } else if (a <= values.front() && values.front() > 0) {
      p.where = below_grid;
    } else {
      const auto above = std::upper_bound(values.begin(), values.end(), a,
                                          [](long double v, double w) { return v < static_cast<long double>(w); });
      const std::size_t k = static_cast<std::size_t>(above - values.begin()) - 1;
      p.k = static_cast<std::uint32_t>(k);
      const long double mid = midpoints[k];
      if (a != values[k]) p.where = a < mid ? below_mid : a > mid ? above_mid : at_mid;
    }
    return p;
  }

  // The position of a NaN whose conversion must give `encoding`.
  static position nan_position(std::uint64_t encoding) {
    position p;
    p.k = static_cast<std::uint32_t>(encoding);
    p.where = nan;
    return p;
  }

  // The encoding the mode and policy choose for a located x. Written as selections, not
  // branches, so that a loop of it over constant mode and policy vectorises.
  static std::uint64_t choose(std::uint32_t k, where_t where, bool signed_input, lowp::rounding mode,
                              lowp::overflow policy) {
    const bool negative = shape<F>::is_signed && signed_input;  // unsigned: the mode applies to |x|
    const std::uint64_t sign = negative ? shape<F>::sign_mask : 0;
    const std::uint64_t top = shape<F>::max_finite_bits;
    const bool saturate = policy == lowp::overflow::saturate;
    const std::uint64_t overflow_bits = shape<F>::infinity_bits;  // inf, or NaN without infinity
    // An infinity stays one (or saturates); an overflow gives the largest finite value when
    // saturating or rounding toward zero, else infinity (NaN without infinity).
    const std::uint64_t infinity_result = sign | (saturate ? top : overflow_bits);
    const std::uint64_t overflow_result = sign | ((saturate || truncates(mode, negative)) ? top : overflow_bits);
    bool up = false;  // whether the mode takes the neighbour above |x|
    switch (mode) {
      case lowp::rounding::to_nearest_even: up = where == above_mid || (where == at_mid && (k & 1u) != 0); break;
      case lowp::rounding::to_nearest_away: up = where == above_mid || where == at_mid; break;
      case lowp::rounding::toward_zero: up = false; break;
      case lowp::rounding::upward: up = !negative && where != exact; break;
      case lowp::rounding::downward: up = negative && where != exact; break;
    }
    const std::uint64_t chosen = std::uint64_t{k} + (up ? 1u : 0u);
    const std::uint64_t zero_sign = shape<F>::has_negative_zero ? sign : 0;  // fnuz: -0 is +0
    const std::uint64_t finite_result = chosen > top ? overflow_result : (chosen == 0 ? zero_sign : sign) | chosen;
    return where == nan ? k
         : where == infinite ? infinity_result
         : where == beyond ? overflow_result
         : where == below_grid ? 0u
                               : finite_result;
  }

  std::uint64_t choose(const position& p, lowp::rounding mode, lowp::overflow policy) const {
    return choose(p.k, p.where, p.negative, mode, policy);
  }

  // The expected encoding of x rounded into F (x not NaN).
  std::uint64_t round(double x, lowp::rounding mode, lowp::overflow policy, std::size_t& hint) const {
    return choose(locate(x, hint), mode, policy);
  }
};

}  // namespace lowp_ref
