// lowp/text/shortest.hpp — the shortest decimal that reads back to a value, for to_chars.
//
// A decimal reads back to a value v exactly when it lies in v's rounding interval: the
// reals within half a gap of v (the gap below a power of two is half the one above), ends
// included when v's significand is even, since ties round to even. The search asks, for
// n = 1, 2, ...: "which n-digit decimals lie in the interval, and which is closest to v?"
// on exact decimals, so the digits are std::to_chars's (and Ryu's): fewest significant
// digits, then closest to v, then an even last digit. The layout (fixed or scientific)
// is chosen from these digits alone, as libstdc++ chooses it.
#pragma once

#include <cstdint>

#include "../config.hpp"
#include "../detail/decimal.hpp"
#include "../math/exact.hpp"

namespace lowp {
namespace detail {
namespace text {

struct rounding_interval {
  exact_decimal low, value, high;
  bool closed;  // the ends round to the value too
};

// The interval of a finite positive value of F, given by its encoding.
template <class F>
constexpr rounding_interval interval_of(std::uint64_t magnitude) noexcept {
  constexpr int M = F::mantissa_bits;
  const math::scaled_integer v = math::decompose<F>(static_cast<typename F::storage>(magnitude));
  // The value below is closer at the bottom of a binade, except on the smallest normal
  // binade (its lower neighbours are subnormals, spaced alike) and the smallest value.
  const bool binade_bottom =
      v.significand == (std::uint64_t{1} << M) && (magnitude >> M) > static_cast<std::uint64_t>(F::min_normal_field);
  const auto m = static_cast<std::uint32_t>(v.significand);
  // All three are multiples of 2^(e-2): expand that power once, then scale by integers.
  const exact_decimal quarter = exact_decimal::from_dyadic(1, v.exponent - 2);
  return {quarter.times(binade_bottom ? 4 * m - 1 : 4 * m - 2), quarter.times(4 * m), quarter.times(4 * m + 2),
          (m & 1) == 0};
}

// Whether a is closer to x than b (a tie keeps b, the candidate found first).
constexpr bool closer(const exact_decimal& a, const exact_decimal& b, const exact_decimal& x) noexcept {
  return compare(distance(a, x), distance(b, x)) < 0;
}

// The multiple of 10^k closest to the value among those in the interval and in
// [range_low, range_high] (both multiples of 10^k); false if there is none.
constexpr bool closest_multiple(const rounding_interval& r, int k, const exact_decimal& range_low,
                                const exact_decimal& range_high, exact_decimal& out) noexcept {
  exact_decimal low = r.low.truncated(k);
  const int c = compare(low, r.low);
  if (c < 0 || (c == 0 && !r.closed)) low = low.plus_unit(k);
  exact_decimal high = r.high.truncated(k);
  if (!r.closed && compare(high, r.high) == 0) {
    if (high.is_zero()) return false;
    high = high.minus_unit(k);
  }
  if (compare(range_low, low) > 0) low = range_low;
  if (compare(range_high, high) < 0) high = range_high;
  if (compare(low, high) > 0) return false;
  out = r.value.rounded(k);  // the nearest multiple overall; ties to an even digit
  if (compare(out, low) < 0) out = low;
  if (compare(out, high) > 0) out = high;
  return true;
}

// The decimal d.dd...d x 10^X in the interval with the fewest significant digits, closest
// to the value. The interval spans at most two decades X.
constexpr exact_decimal shortest_scientific(const rounding_interval& r) noexcept {
  exact_decimal best;
  for (int n = 1; n < 40; ++n) {
    bool found = false;
    for (int x = r.low.top(); x <= r.high.top(); ++x) {
      const int k = x - n + 1;
      exact_decimal c;
      if (closest_multiple(r, k, exact_decimal::power_of_ten(x), exact_decimal::power_of_ten(x + 1).minus_unit(k), c) &&
          (!found || closer(c, best, r.value))) {
        best = c;
        found = true;
      }
    }
    if (found) return best;
  }
  return best;
}

// The number of characters of the shortest digits (n significant digits, the leading one
// at 10^x, the last one at 10^k) in scientific and in fixed notation. For k >= 0 the fixed
// text is the value's exact integer, which has n + k digits too (one fewer when the digits
// were rounded up to a power of ten, as 1e4 for bfloat16's 9984): std::to_chars counts
// n + k all the same, and so does lowp.
constexpr int scientific_length(int n, int x) noexcept {
  const int e = x < 0 ? -x : x;
  return n + (n > 1 ? 1 : 0) + 2 + (e >= 100 ? 3 : 2);
}
constexpr int fixed_length(int n, int k) noexcept {
  return k >= 0 ? n + k : (n + k > 1 ? n + k : 1) + 1 - k;
}

// Whether to_chars without a format prints the shortest digits in fixed notation: when
// that text is no longer than the scientific one (the standard's tie rule).
constexpr bool prefers_fixed(const exact_decimal& digits) noexcept {
  const int n = digits.top() - digits.bottom() + 1;
  return fixed_length(n, digits.bottom()) <= scientific_length(n, digits.top());
}

}  // namespace text
}  // namespace detail
}  // namespace lowp
