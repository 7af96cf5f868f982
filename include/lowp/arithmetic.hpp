// lowp/arithmetic.hpp — operators and comparisons for basic_float.
//
//   lowp::float16 a(1.5), b(2.0);
//   lowp::float16 c = a * b + a;      // T op T -> T, each operation correctly rounded
//   float f = a + 1.0f;               // T op float -> float (a widens exactly)
//   lowp::float16 d = a + 1;          // T op integer -> T (the integer converts to T)
//   // a + lowp::bfloat16(1.0f);      // does not compile: neither type holds the other
//
// Each T op T is computed in a wider type W and rounded once into T. That is the correctly
// rounded result because W has at least 2p+2 significand bits for T's p, and every exact
// sum, product and quotient of T values lies inside W's normal range (Figueroa, "When is
// double rounding innocuous?", 1995). W is float for float16 and the fp8 formats and
// double for bfloat16, whose products can underflow float.
//
// NaN results follow one rule, the same on every machine (and as cmath.hpp's functions): a
// NaN operand comes back quieted with its sign and payload (the first NaN operand, when
// both are); an invalid operation on non-NaN operands (inf - inf, 0 * inf, 0 / 0,
// inf / inf) gives the positive quiet NaN with zero payload, not the hardware's default
// NaN (x86's is negative).
//
// Mixed lowp types promote as C++23 <stdfloat> does: to the type that holds the other
// (fp8 op float16 -> float16); when neither holds the other the operator is deleted.
#pragma once

#include <type_traits>

#include "basic_float.hpp"

namespace lowp {
namespace detail {

// The type in which T op T is computed before the single rounding into T.
template <class F>
struct arithmetic_type {
  static constexpr int low = F::min_subnormal_exponent;  // the smallest operand is 2^low
  static constexpr int high = F::max_exponent + 1;       // every operand is below 2^high
  static constexpr bool float_suffices = 2 * F::mantissa_bits + 4 <= 24 && 2 * low >= -126 &&
                                         low - high >= -126 && 2 * high <= 127 && high - low <= 127;
  using type = std::conditional_t<float_suffices, float, double>;
  static_assert(2 * low >= -1022 && high - low <= 1023, "double holds every exact result");
};
template <class F>
using arithmetic_t = typename arithmetic_type<F>::type;

template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST arithmetic_t<F> wide(basic_float<F> x) noexcept {
  static_assert(F::is_signed, "an unsigned scale format (float8_e8m0fnu) has conversions and comparisons only");
  return widen<arithmetic_t<F>, F>(x.bits());
}

// a op b from its wide result r, rounded once into F; when r is NaN, the NaN of the rule
// above instead of whichever NaN the hardware made. r is tested on its bits, so that
// -ffast-math cannot fold the test away.
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> arithmetic_result(basic_float<F> a, basic_float<F> b,
                                                                        arithmetic_t<F> r) noexcept {
  using W = binary_format_of<arithmetic_t<F>>;
  if (!is_nan<W>(bit_cast<typename W::storage>(r))) return basic_float<F>(r);
  if (is_nan<F>(a.bits())) return basic_float<F>::from_bits(quieted<F>(a.bits()));
  if (is_nan<F>(b.bits())) return basic_float<F>::from_bits(quieted<F>(b.bits()));
  return basic_float<F>::from_bits(default_nan<F>());
}

// The common type of two different lowp types, or void if neither holds the other.
template <class F, class G>
using common_float_t =
    std::conditional_t<format_holds<F, G>::value, basic_float<F>,
                       std::conditional_t<format_holds<G, F>::value, basic_float<G>, void>>;
template <class F, class G>
using enable_if_mixed_t = std::enable_if_t<
    !std::is_same<F, G>::value && !std::is_void<common_float_t<F, G>>::value, common_float_t<F, G>>;
template <class F, class G>
using enable_if_mixed_bool_t =
    std::enable_if_t<!std::is_same<F, G>::value && !std::is_void<common_float_t<F, G>>::value, bool>;
template <class F, class G>
using enable_if_unrelated_t =
    std::enable_if_t<!std::is_same<F, G>::value && std::is_void<common_float_t<F, G>>::value, int>;

template <class I>
using enable_if_integer_t = std::enable_if_t<std::is_integral<I>::value, int>;

// A key whose signed integer order is the numeric order of non-NaN values (-0 == +0).
template <class F>
LOWP_HOST_DEVICE constexpr long order_key(basic_float<F> x) noexcept {
  const long magnitude = static_cast<long>(magnitude_of<F>(x.bits()));
  return is_negative<F>(x.bits()) ? -magnitude : magnitude;
}
template <class F>
LOWP_HOST_DEVICE constexpr bool unordered(basic_float<F> a, basic_float<F> b) noexcept {
  return is_nan<F>(a.bits()) || is_nan<F>(b.bits());
}

}  // namespace detail

// Sign: -x flips the sign bit only (NaN and zero included; a format without -0 keeps +0
// and its one NaN); +x is x.
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> operator-(basic_float<F> x) noexcept {
  return basic_float<F>::from_bits(detail::negate<F>(x.bits()));
}
template <class F>
LOWP_HOST_DEVICE constexpr basic_float<F> operator+(basic_float<F> x) noexcept {
  return x;
}

// T op T, T op integer, integer op T, and mixed lowp types. A macro would save lines here;
// lowp keeps macros in config.hpp, so the four operators are written out.
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator+(basic_float<F> a, basic_float<F> b) noexcept {
  return detail::arithmetic_result(a, b, detail::wide(a) + detail::wide(b));
}
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator-(basic_float<F> a, basic_float<F> b) noexcept {
  return detail::arithmetic_result(a, b, detail::wide(a) - detail::wide(b));
}
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator*(basic_float<F> a, basic_float<F> b) noexcept {
  return detail::arithmetic_result(a, b, detail::wide(a) * detail::wide(b));
}
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator/(basic_float<F> a, basic_float<F> b) noexcept {
  return detail::arithmetic_result(a, b, detail::wide(a) / detail::wide(b));
}

template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator+(basic_float<F> a, I b) noexcept { return a + basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator+(I a, basic_float<F> b) noexcept { return basic_float<F>(a) + b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator-(basic_float<F> a, I b) noexcept { return a - basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator-(I a, basic_float<F> b) noexcept { return basic_float<F>(a) - b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator*(basic_float<F> a, I b) noexcept { return a * basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator*(I a, basic_float<F> b) noexcept { return basic_float<F>(a) * b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator/(basic_float<F> a, I b) noexcept { return a / basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator/(I a, basic_float<F> b) noexcept { return basic_float<F>(a) / b; }

template <class F, class G>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator+(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) + T(b);
}
template <class F, class G>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator-(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) - T(b);
}
template <class F, class G>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator*(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) * T(b);
}
template <class F, class G>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator/(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) / T(b);
}
// float16 op bfloat16 and the like: neither holds the other. Deleted rather than left
// out, because otherwise both would widen to float and the built-in operator would win.
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
void operator+(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
void operator-(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
void operator*(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
void operator/(basic_float<F>, basic_float<G>) = delete;

// Compound assignment: x op= y is x = x op y, for y of type T, an integer, or a lowp type
// that T holds.
template <class F, class Y>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator+=(basic_float<F>& x, Y y) noexcept -> decltype(x = x + y) { return x = x + y; }
template <class F, class Y>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator-=(basic_float<F>& x, Y y) noexcept -> decltype(x = x - y) { return x = x - y; }
template <class F, class Y>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator*=(basic_float<F>& x, Y y) noexcept -> decltype(x = x * y) { return x = x * y; }
template <class F, class Y>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST auto operator/=(basic_float<F>& x, Y y) noexcept -> decltype(x = x / y) { return x = x / y; }

template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F>& operator++(basic_float<F>& x) noexcept { return x += 1; }
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F>& operator--(basic_float<F>& x) noexcept { return x -= 1; }
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator++(basic_float<F>& x, int) noexcept { const auto old = x; x += 1; return old; }
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float<F> operator--(basic_float<F>& x, int) noexcept { const auto old = x; x -= 1; return old; }

// Comparisons follow IEEE 754: NaN is unordered (every comparison but != is false) and
// -0 == +0. They compare encodings, so -ffast-math cannot change them.
template <class F>
LOWP_HOST_DEVICE constexpr bool operator==(basic_float<F> a, basic_float<F> b) noexcept {
  return !detail::unordered(a, b) && detail::order_key(a) == detail::order_key(b);
}
template <class F>
LOWP_HOST_DEVICE constexpr bool operator!=(basic_float<F> a, basic_float<F> b) noexcept { return !(a == b); }
template <class F>
LOWP_HOST_DEVICE constexpr bool operator<(basic_float<F> a, basic_float<F> b) noexcept {
  return !detail::unordered(a, b) && detail::order_key(a) < detail::order_key(b);
}
template <class F>
LOWP_HOST_DEVICE constexpr bool operator>(basic_float<F> a, basic_float<F> b) noexcept { return b < a; }
template <class F>
LOWP_HOST_DEVICE constexpr bool operator<=(basic_float<F> a, basic_float<F> b) noexcept {
  return !detail::unordered(a, b) && detail::order_key(a) <= detail::order_key(b);
}
template <class F>
LOWP_HOST_DEVICE constexpr bool operator>=(basic_float<F> a, basic_float<F> b) noexcept { return b <= a; }

// With an integer: the integer converts to T first, as for <stdfloat> types.
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator==(basic_float<F> a, I b) noexcept { return a == basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator==(I a, basic_float<F> b) noexcept { return basic_float<F>(a) == b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator!=(basic_float<F> a, I b) noexcept { return a != basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator!=(I a, basic_float<F> b) noexcept { return basic_float<F>(a) != b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator<(basic_float<F> a, I b) noexcept { return a < basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator<(I a, basic_float<F> b) noexcept { return basic_float<F>(a) < b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator>(basic_float<F> a, I b) noexcept { return a > basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator>(I a, basic_float<F> b) noexcept { return basic_float<F>(a) > b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator<=(basic_float<F> a, I b) noexcept { return a <= basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator<=(I a, basic_float<F> b) noexcept { return basic_float<F>(a) <= b; }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator>=(basic_float<F> a, I b) noexcept { return a >= basic_float<F>(b); }
template <class F, class I, detail::enable_if_integer_t<I> = 0>
LOWP_HOST_DEVICE constexpr bool operator>=(I a, basic_float<F> b) noexcept { return basic_float<F>(a) >= b; }

// Mixed lowp types compare in their common type (exact); unrelated types do not compare.
template <class F, class G>
LOWP_HOST_DEVICE constexpr auto operator==(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_bool_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) == T(b);
}
template <class F, class G>
LOWP_HOST_DEVICE constexpr auto operator!=(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_bool_t<F, G> {
  return !(a == b);
}
template <class F, class G>
LOWP_HOST_DEVICE constexpr auto operator<(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_bool_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) < T(b);
}
template <class F, class G>
LOWP_HOST_DEVICE constexpr auto operator>(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_bool_t<F, G> {
  return b < a;
}
template <class F, class G>
LOWP_HOST_DEVICE constexpr auto operator<=(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_bool_t<F, G> {
  using T = detail::common_float_t<F, G>;
  return T(a) <= T(b);
}
template <class F, class G>
LOWP_HOST_DEVICE constexpr auto operator>=(basic_float<F> a, basic_float<G> b) noexcept -> detail::enable_if_mixed_bool_t<F, G> {
  return b <= a;
}
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
bool operator==(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
bool operator!=(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
bool operator<(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
bool operator>(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
bool operator<=(basic_float<F>, basic_float<G>) = delete;
template <class F, class G, detail::enable_if_unrelated_t<F, G> = 0>
bool operator>=(basic_float<F>, basic_float<G>) = delete;

}  // namespace lowp
