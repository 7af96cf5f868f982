// lowp/detail/decimal.hpp — exact decimal numbers, for to_chars.
//
// Every finite lowp value, and every midpoint between two of them, is a dyadic number
// A * 2^a with a small A and |a| < 160, so it has a finite decimal expansion of at most
// about 110 significant digits. exact_decimal holds such an expansion digit by digit, which
// makes the questions to_chars asks ("is there a multiple of 10^k in this interval, and
// which one is closest to x?") plain digit arithmetic with no rounding error anywhere.
#pragma once

#include <cstdint>

#include "../config.hpp"
#include "bignum.hpp"

namespace lowp {
namespace detail {
namespace text {

class exact_decimal {
 public:
  // Digit positions (powers of ten) that can be nonzero: [lowest, highest). 2^-150 has
  // 150 fractional digits; 2^154 is below 10^47.
  static constexpr int lowest = -160;
  static constexpr int highest = 48;

  constexpr exact_decimal() noexcept = default;

  // A * 2^a, exactly (A < 2^32, -150 <= a <= 128).
  static constexpr exact_decimal from_dyadic(std::uint64_t A, int a) noexcept {
    exact_decimal r;
    bignum n(A);
    int position = 0;
    if (a >= 0) {
      n.shift_left(a);
    } else {
      n.multiply_pow5(-a);  // A * 2^a = A * 5^-a * 10^a
      position = a;
    }
    const int first = position;
    while (!n.is_zero()) {
      std::uint32_t chunk = n.divide(1000000000u);
      for (int i = 0; i < 9; ++i, ++position) {
        if (position >= lowest && position < highest) r.d_[position - lowest] = static_cast<std::uint8_t>(chunk % 10);
        chunk /= 10;
      }
    }
    // The digits were written directly: let normalize() find them in the span written.
    r.top_ = position - 1 < highest ? position - 1 : highest - 1;
    r.bottom_ = first > lowest ? first : lowest;
    r.normalize();
    return r;
  }

  // This number times a small integer k, exactly (digit by digit, no big integer).
  constexpr exact_decimal times(std::uint32_t k) const noexcept {
    exact_decimal r;
    if (is_zero() || k == 0) return r;
    std::uint64_t carry = 0;
    int p = bottom_;
    for (; p <= top_ || carry != 0; ++p) {
      if (p >= highest) break;
      const std::uint64_t t = static_cast<std::uint64_t>(digit(p)) * k + carry;
      r.d_[p - lowest] = static_cast<std::uint8_t>(t % 10);
      carry = t / 10;
    }
    r.top_ = p - 1;
    r.bottom_ = bottom_;
    r.normalize();
    return r;
  }

  static constexpr exact_decimal power_of_ten(int k) noexcept {
    exact_decimal r;
    r.set(k, 1);
    r.normalize();
    return r;
  }

  constexpr bool is_zero() const noexcept { return top_ < bottom_; }
  // Positions of the leading and the last nonzero digit (meaningless for zero).
  constexpr int top() const noexcept { return top_; }
  constexpr int bottom() const noexcept { return bottom_; }
  constexpr int digit(int position) const noexcept {
    return position >= lowest && position < highest ? d_[position - lowest] : 0;
  }

  friend constexpr int compare(const exact_decimal& a, const exact_decimal& b) noexcept {
    if (a.is_zero() || b.is_zero()) return (a.is_zero() ? 0 : 1) - (b.is_zero() ? 0 : 1);
    if (a.top_ != b.top_) return a.top_ > b.top_ ? 1 : -1;
    const int end = a.bottom_ < b.bottom_ ? a.bottom_ : b.bottom_;
    for (int p = a.top_; p >= end; --p)
      if (a.digit(p) != b.digit(p)) return a.digit(p) > b.digit(p) ? 1 : -1;
    return 0;
  }

  // |a - b|.
  friend constexpr exact_decimal distance(const exact_decimal& a, const exact_decimal& b) noexcept {
    const bool a_larger = compare(a, b) >= 0;
    const exact_decimal& big = a_larger ? a : b;
    const exact_decimal& small = a_larger ? b : a;
    if (small.is_zero()) return big;
    exact_decimal r;
    int borrow = 0;
    for (int p = small.bottom_ < big.bottom_ ? small.bottom_ : big.bottom_; p <= big.top_; ++p) {
      int t = big.digit(p) - small.digit(p) - borrow;
      borrow = t < 0 ? 1 : 0;
      r.set(p, t + 10 * borrow);
    }
    r.normalize();
    return r;
  }

  // The largest multiple of 10^k not above this number, and whether that drops digits.
  constexpr exact_decimal truncated(int k) const noexcept {
    exact_decimal r = *this;
    for (int p = bottom_; p < k && p <= top_; ++p) r.set(p, 0);
    r.normalize();
    return r;
  }
  constexpr bool has_digits_below(int k) const noexcept { return !is_zero() && bottom_ < k; }

  // This number plus or minus 10^k (minus: only when the result stays >= 0).
  constexpr exact_decimal plus_unit(int k) const noexcept {
    exact_decimal r = *this;
    int p = k;
    while (p < highest && r.digit(p) == 9) r.set(p++, 0);
    r.set(p, r.digit(p) + 1);
    r.normalize();
    return r;
  }
  constexpr exact_decimal minus_unit(int k) const noexcept {
    exact_decimal r = *this;
    int p = k;
    while (p < highest && r.digit(p) == 0) r.set(p++, 9);
    r.set(p, r.digit(p) - 1);
    r.normalize();
    return r;
  }

  // The multiple of 10^k nearest to this number; halfway cases go to an even digit k.
  constexpr exact_decimal rounded(int k) const noexcept {
    if (!has_digits_below(k)) return *this;
    const exact_decimal down = truncated(k);
    const int first = digit(k - 1);
    const bool rest = has_digits_below(k - 1);
    const bool up = first > 5 || (first == 5 && (rest || (digit(k) & 1) != 0));
    return up ? down.plus_unit(k) : down;
  }

 private:
  // Writes one digit and widens the span the loops visit; normalize() narrows it again.
  constexpr void set(int position, int value) noexcept {
    if (position < lowest || position >= highest) return;
    d_[position - lowest] = static_cast<std::uint8_t>(value);
    if (is_zero()) {
      top_ = bottom_ = position;
    } else {
      if (position > top_) top_ = position;
      if (position < bottom_) bottom_ = position;
    }
  }
  constexpr void normalize() noexcept {
    int t = top_;
    int b = bottom_;
    while (t >= b && d_[t - lowest] == 0) --t;
    while (b <= t && d_[b - lowest] == 0) ++b;
    top_ = t;
    bottom_ = b;
    if (t < b) {
      top_ = lowest - 1;  // zero: an empty span
      bottom_ = lowest;
    }
  }

  std::uint8_t d_[highest - lowest] = {};
  int top_ = lowest - 1;
  int bottom_ = lowest;
};

}  // namespace text
}  // namespace detail
}  // namespace lowp
