// lowp/text/parse_float.hpp — text to a lowp value, correctly rounded, for from_chars.
//
// The grammar is std::from_chars's (C's strtod without leading spaces, '+' or "0x"). The
// number is converted exactly: the first 120 significant digits become a big integer D and
// the exponent k of its last digit, the rest only says "nonzero digits follow". That is
// enough for an exact result because every rounding boundary of a lowp format (a midpoint
// between two neighbours) has at most ~105 significant digits: the boundary is then a
// multiple of 10^k, so it cannot fall strictly between D * 10^k and (D + 1) * 10^k, and
// the digits beyond D cannot move the value across it. D * 10^k is turned into its top 62
// bits plus a sticky bit with exact big-integer arithmetic and handed to the rounding
// engine once. Values far outside the format's range are decided from the decimal
// exponent alone, so "1e999999999" costs nothing.
#pragma once

#include <charconv>
#include <cstdint>
#include <system_error>

#include "../types.hpp"
#include "../config.hpp"
#include "../format.hpp"
#include "../limits.hpp"
#include "../round.hpp"
#include "../detail/bignum.hpp"
#include "../math/exact.hpp"

namespace lowp {
namespace detail {
namespace text {

struct parsed_float {
  const char* end;    // one past the pattern; the first character when invalid
  std::errc ec;       // {}, invalid_argument or result_out_of_range
  std::uint64_t bits;  // the encoding, when ec == {}
};

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr int hex_value(char c) noexcept {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether [p, last) starts with `word` (lower case), ignoring case.
constexpr bool starts_with_word(const char* p, const char* last, const char* word) noexcept {
  for (; *word != '\0'; ++p, ++word)
    if (p == last || lower(*p) != *word) return false;
  return true;
}

// The digits of a mantissa: [begin, end) with at most one '.', and where the point is.
struct mantissa_digits {
  const char* begin;
  const char* end;
  long long integer_digits;  // digits before the point
};

// Reads a mantissa of digits of the given base with an optional point; end == begin if
// there is no digit at all.
constexpr mantissa_digits scan_mantissa(const char* p, const char* last, int base) noexcept {
  auto is_base_digit = [base](char c) { return base == 10 ? is_digit(c) : hex_value(c) >= 0; };
  const char* begin = p;
  while (p != last && is_base_digit(*p)) ++p;
  long long integer_digits = p - begin;
  bool any = integer_digits > 0;
  if (p != last && *p == '.') {
    const char* fraction = ++p;
    while (p != last && is_base_digit(*p)) ++p;
    any = any || p != fraction;
  }
  return {begin, any ? p : begin, integer_digits};
}

// An optional exponent: marker, optional sign, at least one decimal digit. Returns where
// it ends (p itself if there is none) and its value, saturated far beyond any use.
constexpr const char* scan_exponent(const char* p, const char* last, char marker, long long& value) noexcept {
  value = 0;
  if (p == last || lower(*p) != marker) return p;
  const char* q = p + 1;
  bool negative = false;
  if (q != last && (*q == '+' || *q == '-')) negative = *q++ == '-';
  if (q == last || !is_digit(*q)) return p;
  for (; q != last && is_digit(*q); ++q)
    if (value < 1000000000000LL) value = value * 10 + (*q - '0');
  if (negative) value = -value;
  return q;
}

// Calls visit(digit) for every digit of the mantissa in order (the point skipped).
template <class Visit>
constexpr void for_each_digit(const mantissa_digits& m, int base, Visit visit) noexcept {
  for (const char* p = m.begin; p != m.end; ++p)
    if (*p != '.') visit(base == 10 ? *p - '0' : hex_value(*p));
}

// The significant digits of a mantissa: where the first nonzero digit is, the first
// `keep` of them from there, and whether a nonzero digit follows those.
struct significant_digits {
  bool zero;            // no nonzero digit
  long long first;      // index of the first nonzero digit (point not counted)
  long long last_kept;  // index of the last digit kept
  bool sticky;          // a nonzero digit after last_kept
};

template <class Keep>
constexpr significant_digits collect(const mantissa_digits& m, int base, long long keep, Keep keep_digit) noexcept {
  significant_digits s{true, 0, 0, false};
  long long index = 0;
  for_each_digit(m, base, [&](int d) {
    if (s.zero && d != 0) {
      s.zero = false;
      s.first = index;
    }
    if (!s.zero) {
      if (index < s.first + keep) {
        keep_digit(d);
        s.last_kept = index;
      } else if (d != 0) {
        s.sticky = true;
      }
    }
    ++index;
  });
  return s;
}

template <class F>
constexpr parsed_float finish(const char* end, bool negative, std::uint64_t magnitude) noexcept {
  const bool out_of_range = (F::has_zero && magnitude == 0) || magnitude > F::max_finite_bits;
  return {end, out_of_range ? std::errc::result_out_of_range : std::errc{},
          with_sign<F>(negative, static_cast<typename F::storage>(magnitude))};
}

template <class F>
constexpr parsed_float out_of_range(const char* end) noexcept {
  return {end, std::errc::result_out_of_range, 0};
}

// A nonzero number below F's range: out of range where it rounds to zero; a format without
// zero (E8M0) rounds it to its smallest value, an ordinary result.
template <class F>
constexpr parsed_float below_range(const char* end) noexcept {
  return F::has_zero ? out_of_range<F>(end) : finish<F>(end, false, 0);
}

// The magnitude of a number that overflows F, whatever F makes of an overflow (finish
// reports it as out of range): one past the largest finite encoding.
template <class F>
constexpr std::uint64_t overflowed_magnitude() noexcept {
  return std::uint64_t{F::max_finite_bits} + 1;
}

// The decimal number D * 10^k (+ sticky) as F's encoding magnitude.
template <class F>
constexpr std::uint64_t decimal_to_magnitude(const bignum& digits, long long k, bool sticky) noexcept {
  bignum n = digits;
  long long exponent = 0;  // n * 2^exponent, plus what `sticky` says
  if (k >= 0) {
    n.multiply_pow5(static_cast<int>(k));
    exponent = k;
  } else {
    // D / 10^m = (D * 2^s / 5^m) * 2^(-s - m), with s making the quotient >= 2^65.
    const long long m = -k;
    const long long pow5_bits = m * 2322 / 1000 + 1;  // > log2(5^m)
    long long s = 66 + pow5_bits - n.bit_length();
    if (s < 0) s = 0;
    n.shift_left(static_cast<int>(s));
    sticky = n.divide_pow5(static_cast<int>(m)) || sticky;
    exponent = -s - m;
  }
  bool below = false;
  const std::uint64_t top = n.top62(below);
  const long long lsb = exponent + n.bit_length() - 62;
  if (math::scaled_overflows<F>(static_cast<int>(lsb), top, below || sticky)) return overflowed_magnitude<F>();
  const auto bits = math::round_scaled<F>(false, static_cast<int>(lsb), top, below || sticky);
  return magnitude_of<F>(bits);
}

// The decimal exponents of a leading digit beyond which the value overflows or rounds to
// zero whatever its digits: 10^above > 10 * max, 10^(below + 1) <= min_subnormal / 10.
template <class F>
struct decimal_range {
  static constexpr long long above = floor_log10(max_finite_value<F>()) + 2;
  static constexpr long long below = floor_log10(exp2i(F::min_subnormal_exponent)) - 2;
};

// How many significant digits are converted exactly; the rest only count as "nonzero".
constexpr long long kept_decimal_digits = 120;

// An upper bound on the significant digits of a midpoint of F, odd * 2^(min_subnormal - 1)
// with odd < 2^(M+2) at the most: log10(5) * (1 - min_subnormal) + log10(2) * (M + 2), plus
// rounding. The digits kept must exceed it (see the top of this file).
template <class F>
constexpr long long midpoint_digits() noexcept {
  return (1 - F::min_subnormal_exponent) * 699 / 1000 + (F::mantissa_bits + 2) * 302 / 1000 + 2;
}

template <class F>
constexpr parsed_float parse_decimal(const char* first, const char* p, const char* last, bool negative,
                                     std::chars_format fmt) noexcept {
  const mantissa_digits m = scan_mantissa(p, last, 10);
  if (m.end == m.begin) return {first, std::errc::invalid_argument, 0};
  const int format = static_cast<int>(fmt);
  const bool exponent_allowed = (format & static_cast<int>(std::chars_format::scientific)) != 0;
  const bool exponent_required = exponent_allowed && (format & static_cast<int>(std::chars_format::fixed)) == 0;
  long long exponent = 0;
  const char* end = exponent_allowed ? scan_exponent(m.end, last, 'e', exponent) : m.end;
  if (exponent_required && end == m.end) return {first, std::errc::invalid_argument, 0};

  bignum digits;
  int pending = 0;  // digits not yet multiplied in, batched by 9
  std::uint32_t chunk = 0;
  const significant_digits s = collect(m, 10, kept_decimal_digits, [&](int d) {
    chunk = chunk * 10 + static_cast<std::uint32_t>(d);
    if (++pending == 9) {
      digits.multiply_add(1000000000u, chunk);
      chunk = 0;
      pending = 0;
    }
  });
  std::uint32_t scale = 1;
  for (int i = 0; i < pending; ++i) scale *= 10;
  if (pending > 0) digits.multiply_add(scale, chunk);
  if (s.zero) return {end, std::errc{}, with_sign<F>(negative, 0)};

  // The weight of digit i is 10^(integer_digits - 1 - i + exponent).
  const long long leading = m.integer_digits - 1 - s.first + exponent;
  if (leading >= decimal_range<F>::above) return out_of_range<F>(end);
  if (leading <= decimal_range<F>::below) return below_range<F>(end);
  const long long k = m.integer_digits - 1 - s.last_kept + exponent;
  return finish<F>(end, negative, decimal_to_magnitude<F>(digits, k, s.sticky));
}

template <class F>
constexpr parsed_float parse_hex(const char* first, const char* p, const char* last, bool negative) noexcept {
  const mantissa_digits m = scan_mantissa(p, last, 16);
  if (m.end == m.begin) return {first, std::errc::invalid_argument, 0};
  long long exponent = 0;
  const char* end = scan_exponent(m.end, last, 'p', exponent);
  std::uint64_t h = 0;
  const significant_digits s =
      collect(m, 16, 16, [&](int d) { h = (h << 4) | static_cast<std::uint64_t>(d); });
  if (s.zero) return {end, std::errc{}, with_sign<F>(negative, 0)};
  // The weight of hex digit i is 2^(4 * (integer_digits - 1 - i) + exponent).
  const long long lsb = 4 * (m.integer_digits - 1 - s.last_kept) + exponent;
  const long long top = lsb + math::bit_length(h) - 1;
  if (top > F::max_exponent + 1) return out_of_range<F>(end);
  if (top < F::min_subnormal_exponent - 2) return below_range<F>(end);
  // With sticky set, 16 hex digits were kept: h has at least 61 bits, as round_scaled needs.
  if (math::scaled_overflows<F>(static_cast<int>(lsb), h, s.sticky)) return out_of_range<F>(end);
  const auto bits = math::round_scaled<F>(false, static_cast<int>(lsb), h, s.sticky);
  return finish<F>(end, negative, magnitude_of<F>(bits));
}

// parse_float<F>(first, last, fmt): std::from_chars's grammar and result, into F.
template <class F>
constexpr parsed_float parse_float(const char* first, const char* last, std::chars_format fmt) noexcept {
  static_assert(F::exponent_bits <= 8 && F::mantissa_bits <= 23, "formats up to binary32");
  static_assert(midpoint_digits<F>() < kept_decimal_digits, "enough digits to decide every midpoint");
  const char* p = first;
  const bool negative = p != last && *p == '-';
  if (negative) ++p;
  if (starts_with_word(p, last, "inf")) {
    p += starts_with_word(p, last, "infinity") ? 8 : 3;
    // A format without infinity cannot hold it.
    if (!F::has_infinity) return out_of_range<F>(p);
    return {p, std::errc{}, with_sign<F>(negative, F::infinity_bits)};
  }
  if (starts_with_word(p, last, "nan")) {
    p += 3;
    // An optional (n-char-sequence), taken only when it is closed.
    if (p != last && *p == '(') {
      const char* q = p + 1;
      while (q != last && (is_digit(*q) || (lower(*q) >= 'a' && lower(*q) <= 'z') || *q == '_')) ++q;
      if (q != last && *q == ')') p = q + 1;
    }
    return {p, std::errc{}, nan_for<F>(negative)};
  }
  if ((static_cast<int>(fmt) & static_cast<int>(std::chars_format::hex)) != 0)
    return parse_hex<F>(first, p, last, negative);
  return parse_decimal<F>(first, p, last, negative, fmt);
}

}  // namespace text
}  // namespace detail
}  // namespace lowp
