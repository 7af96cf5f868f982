// lowp/detail/bignum.hpp — a small fixed-capacity unsigned big integer for charconv.
//
// Decimal <-> binary conversion is exact here: a lowp value is a small integer times 2^e
// with |e| < 160, so every number involved has at most a few hundred bits. That budget is
// fixed, so the integer lives in an array (no allocation, constexpr) and only has the few
// operations the conversions need.
#pragma once

#include <cstdint>

#include "../config.hpp"

namespace lowp {
namespace detail {
namespace text {

class bignum {
 public:
  // 640 bits: the largest number charconv builds is about 2^500 (see parse.hpp).
  static constexpr int capacity = 20;

  constexpr bignum() noexcept = default;
  constexpr explicit bignum(std::uint64_t v) noexcept {
    limb_[0] = static_cast<std::uint32_t>(v);
    limb_[1] = static_cast<std::uint32_t>(v >> 32);
    size_ = limb_[1] != 0 ? 2 : limb_[0] != 0 ? 1 : 0;
  }

  constexpr bool is_zero() const noexcept { return size_ == 0; }

  // *this = *this * m + a.
  constexpr void multiply_add(std::uint32_t m, std::uint32_t a) noexcept {
    std::uint64_t carry = a;
    for (int i = 0; i < size_; ++i) {
      const std::uint64_t t = std::uint64_t{limb_[i]} * m + carry;
      limb_[i] = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    if (carry != 0 && size_ < capacity) limb_[size_++] = static_cast<std::uint32_t>(carry);
  }

  // *this *= 5^n, in steps of 5^13 (the largest power of 5 below 2^32).
  constexpr void multiply_pow5(int n) noexcept {
    for (; n >= 13; n -= 13) multiply_add(1220703125u, 0);
    std::uint32_t rest = 1;
    for (; n > 0; --n) rest *= 5;
    if (rest != 1) multiply_add(rest, 0);
  }

  // *this <<= bits.
  constexpr void shift_left(int bits) noexcept {
    if (size_ == 0 || bits <= 0) return;
    const int words = bits / 32;
    const int rest = bits % 32;
    int top = size_ + words + 1;
    if (top > capacity) top = capacity;
    for (int i = top - 1; i >= 0; --i) {
      const int src = i - words;
      const std::uint32_t hi = src >= 0 && src < size_ ? limb_[src] : 0u;
      const std::uint32_t lo = src - 1 >= 0 && src - 1 < size_ ? limb_[src - 1] : 0u;
      limb_[i] = rest == 0 ? hi : static_cast<std::uint32_t>((hi << rest) | (lo >> (32 - rest)));
    }
    size_ = top;
    trim();
  }

  // *this /= d (d > 0); returns the remainder.
  constexpr std::uint32_t divide(std::uint32_t d) noexcept {
    std::uint64_t remainder = 0;
    for (int i = size_ - 1; i >= 0; --i) {
      const std::uint64_t t = (remainder << 32) | limb_[i];
      limb_[i] = static_cast<std::uint32_t>(t / d);
      remainder = t % d;
    }
    trim();
    return static_cast<std::uint32_t>(remainder);
  }

  // *this = floor(*this / 5^n); returns whether anything was discarded.
  constexpr bool divide_pow5(int n) noexcept {
    bool inexact = false;
    for (; n >= 13; n -= 13) inexact = divide(1220703125u) != 0 || inexact;
    std::uint32_t rest = 1;
    for (; n > 0; --n) rest *= 5;
    if (rest != 1) inexact = divide(rest) != 0 || inexact;
    return inexact;
  }

  // The number of significant bits.
  constexpr int bit_length() const noexcept {
    if (size_ == 0) return 0;
    std::uint32_t top = limb_[size_ - 1];
    int n = 32 * (size_ - 1);
    while (top != 0) {
      ++n;
      top >>= 1;
    }
    return n;
  }

  // Bit i (0 = least significant).
  constexpr bool bit(int i) const noexcept {
    return i >= 0 && i / 32 < size_ && ((limb_[i / 32] >> (i % 32)) & 1u) != 0;
  }

  // The 62 bits from bit_length()-1 down, and whether any bit below them is set.
  constexpr std::uint64_t top62(bool& rest_nonzero) const noexcept {
    const int length = bit_length();
    std::uint64_t r = 0;
    for (int i = length - 1; i >= length - 62; --i) r = (r << 1) | (bit(i) ? 1u : 0u);
    rest_nonzero = false;
    for (int i = 0; i < length - 62 && !rest_nonzero; ++i) rest_nonzero = bit(i);
    return r;
  }

 private:
  constexpr void trim() noexcept {
    while (size_ > 0 && limb_[size_ - 1] == 0) --size_;
  }

  std::uint32_t limb_[capacity] = {};
  int size_ = 0;
};

}  // namespace text
}  // namespace detail
}  // namespace lowp
