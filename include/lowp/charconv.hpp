// lowp/charconv.hpp — text conversion: to_chars, from_chars, operator<< and operator>>.
//
//   char buf[32];
//   auto r = lowp::to_chars(buf, buf + 32, lowp::float16(0.1f));    // "0.1"
//   lowp::float16 h;
//   auto s = lowp::from_chars(buf, r.ptr, h);                        // h == float16(0.1f)
//   std::cout << h;                                                  // "0.0999756", as for float
//
// to_chars(first, last, x) writes the fewest significant digits that read back to x
// (the closest such digits, ties even), laid out as libstdc++ lays out
// std::to_chars(float): fixed notation unless scientific is strictly shorter; a fixed text
// whose digits end left of the point prints x's exact integer value, so float16's largest
// value is 65504 (not 65500) and bfloat16's 1000 is 1000. With a chars_format the same
// digits in that notation (general: fixed when -4 <= X < 6 for the decimal exponent X, as
// %g with its default precision; hex: the exact value with subnormals normalized, "1p-24").
// With a precision the text is what printf's %.*e, %.*f, %.*g and %.*a print for x's exact
// value (%.*a in x's own encoding, "0.004p-14").
//
// from_chars(first, last, x, fmt) accepts exactly std::from_chars's grammar and rounds
// the decimal (or hexadecimal) number once, to nearest even, however many digits it has.
// Errors as std::from_chars: invalid_argument (ptr == first), result_out_of_range when the
// rounded result overflows (or is infinity for float8_e4m3fn, which has none) or a nonzero
// number rounds to zero; x is left untouched on any error. Subnormal results are fine.
//
// operator<< prints like `os << float(x)` (the value is the same): precision, fixed /
// scientific / hexfloat / default, showpos, showpoint, uppercase, width, fill and
// adjustment are honoured; the locale's decimal point is used, digit grouping is not.
// operator>> reads the longest prefix of the stream that can start a number (an optional
// '+' or '-', digits with a point and an exponent, or inf/infinity/nan) and converts it
// with from_chars; if that fails, or does not use every character read, failbit is set
// and x is left as it was.
#pragma once

#include <charconv>
#include <cstdint>
#include <ios>
#include <istream>
#include <locale>
#include <ostream>
#include <string>
#include <system_error>

#include "types.hpp"
#include "config.hpp"
#include "detail/decimal.hpp"
#include "math/exact.hpp"
#include "text/parse_float.hpp"
#include "text/shortest.hpp"

namespace lowp {
namespace detail {
namespace text {

// A bounded output cursor: remembers that the text did not fit instead of writing past it.
struct text_out {
  char* p;
  char* last;
  bool overflow = false;

  constexpr void put(char c) noexcept {
    if (p == last) {
      overflow = true;
    } else {
      *p++ = c;
    }
  }
  constexpr void put(const char* s) noexcept {
    for (; *s != '\0'; ++s) put(*s);
  }
  constexpr void put_digit(int d) noexcept { put(static_cast<char>('0' + d)); }
  constexpr std::to_chars_result result() const noexcept {
    return overflow ? std::to_chars_result{last, std::errc::value_too_large} : std::to_chars_result{p, std::errc{}};
  }
};

// printf-style flags: '#' (alternate), upper case, and '+' for non-negative values.
struct text_style {
  bool alternate = false;
  bool upper = false;
  bool plus = false;
};

constexpr char cased(char c, bool upper) noexcept { return upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

constexpr void put_exponent(text_out& out, char marker, int x, int min_digits, bool upper) noexcept {
  out.put(cased(marker, upper));
  out.put(x < 0 ? '-' : '+');
  const int e = x < 0 ? -x : x;
  char digits[8] = {};
  int n = 0;
  for (int v = e; v != 0 || n < min_digits; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  while (n > 0) out.put(digits[--n]);
}

// d.ddd e+XX with `fraction` digits after the point (positions x-1 .. x-fraction).
constexpr void put_scientific(text_out& out, const exact_decimal& d, int fraction, const text_style& style) noexcept {
  const int x = d.is_zero() ? 0 : d.top();
  out.put_digit(d.digit(x));
  if (fraction > 0 || style.alternate) out.put('.');
  for (int i = 1; i <= fraction; ++i) out.put_digit(d.digit(x - i));
  put_exponent(out, 'e', x, 2, style.upper);
}

// ddd.ddd with `fraction` digits after the point.
constexpr void put_fixed(text_out& out, const exact_decimal& d, int fraction, const text_style& style) noexcept {
  const int top = d.is_zero() || d.top() < 0 ? 0 : d.top();
  for (int position = top; position >= 0; --position) out.put_digit(d.digit(position));
  if (fraction > 0 || style.alternate) out.put('.');
  for (int position = -1; position >= -fraction; --position) out.put_digit(d.digit(position));
}

// The exact decimal value of a finite magnitude of F.
template <class F>
constexpr exact_decimal exact_value(std::uint64_t magnitude) noexcept {
  const math::scaled_integer v = math::decompose<F>(static_cast<typename F::storage>(magnitude));
  return exact_decimal::from_dyadic(v.significand, v.exponent);
}

// %.*a: 1.hhh p exponent. With a precision, x's own encoding is printed (0.hhh for
// subnormals) and rounded to nearest even, as printf does for its own types; without one
// (precision < 0) the shortest exact text is printed, subnormals normalized to a leading 1
// ("1p-24" rather than "0.004p-14"), as std::to_chars does.
template <class F>
constexpr void put_hex(text_out& out, std::uint64_t magnitude, int precision, const text_style& style) noexcept {
  constexpr int M = F::mantissa_bits;
  constexpr int nibbles = (M + 3) / 4;
  const int biased = static_cast<int>(magnitude >> M);
  const bool normal = biased >= F::min_normal_field;  // a format without zero has no subnormals
  int lead = normal ? 1 : 0;
  int exponent = !normal && magnitude == 0 ? 0 : (normal ? biased : 1) - F::bias;
  std::uint64_t mantissa = magnitude & F::mantissa_mask;
  if (precision < 0 && !normal && mantissa != 0) {
    const int shift = M + 1 - math::bit_length(mantissa);  // brings the leading bit to the implicit one
    mantissa = (mantissa << shift) & F::mantissa_mask;
    exponent -= shift;
    lead = 1;
  }
  std::uint64_t fraction = mantissa << (4 * nibbles - M);
  int digits = nibbles;
  if (precision < 0) {
    while (digits > 0 && (fraction & 15) == 0) {
      fraction >>= 4;
      --digits;
    }
  } else if (precision < nibbles) {
    const int drop = 4 * (nibbles - precision);
    const std::uint64_t rest = fraction & ((std::uint64_t{1} << drop) - 1);
    const std::uint64_t half = std::uint64_t{1} << (drop - 1);
    std::uint64_t kept = fraction >> drop;
    const bool odd = precision == 0 ? (lead & 1) != 0 : (kept & 1) != 0;
    if (rest > half || (rest == half && odd)) ++kept;
    if (kept >> (4 * precision) != 0) {  // carried into the leading digit
      ++lead;
      kept = 0;
    }
    fraction = kept;
    digits = precision;
  }
  out.put(static_cast<char>('0' + lead));
  if (digits > 0 || precision > 0 || style.alternate) out.put('.');
  for (int i = digits - 1; i >= 0; --i) out.put(cased("0123456789abcdef"[(fraction >> (4 * i)) & 15], style.upper));
  for (int i = digits; i < precision; ++i) out.put('0');
  put_exponent(out, 'p', exponent, 1, style.upper);
}

// The text of an infinity or NaN, or false for finite values.
template <class F>
constexpr bool put_special(text_out& out, std::uint64_t bits, const text_style& style) noexcept {
  const auto encoding = static_cast<typename F::storage>(bits);
  if (is_finite<F>(encoding)) return false;
  const bool nan = is_nan<F>(encoding);
  out.put(cased(nan ? 'n' : 'i', style.upper));
  out.put(cased(nan ? 'a' : 'n', style.upper));
  out.put(cased(nan ? 'n' : 'f', style.upper));
  return true;
}

constexpr void put_sign(text_out& out, bool negative, const text_style& style) noexcept {
  if (negative) {
    out.put('-');
  } else if (style.plus) {
    out.put('+');
  }
}

enum class shortest_layout { plain, scientific, fixed, general, hex };

// The shortest text of x in a layout (to_chars without a precision), as libstdc++'s
// std::to_chars(float) prints a float: first the fewest significant digits that read back
// to x (the closest such, then an even last digit), then the layout of those digits:
//  - scientific: d.ddde+XX;
//  - fixed: the digits with the point in place; when they end left of the point the value
//    is an integer and its exact integer is printed (float16's largest value is 65504,
//    whose shortest digits are 655e2; bfloat16's 9984 prints 9984, whose digits are 1e4);
//  - plain: fixed when its text is no longer than the scientific one (prefers_fixed);
//  - general: fixed when the decimal exponent X of the digits has -4 <= X < 6 (%g's choice
//    with its default precision 6), else scientific.
template <class F>
constexpr std::to_chars_result format_shortest(char* first, char* last, std::uint64_t bits,
                                               shortest_layout layout) noexcept {
  text_out out{first, last};
  const text_style style;
  put_sign(out, is_negative<F>(static_cast<typename F::storage>(bits)), style);
  if (put_special<F>(out, bits, style)) return out.result();
  const std::uint64_t magnitude = magnitude_of<F>(static_cast<typename F::storage>(bits));
  if (layout == shortest_layout::hex) {
    put_hex<F>(out, magnitude, -1, style);
    return out.result();
  }
  if (F::has_zero && magnitude == 0) {
    out.put(layout == shortest_layout::scientific ? "0e+00" : "0");
    return out.result();
  }
  const exact_decimal digits = shortest_scientific(interval_of<F>(magnitude));
  const int x = digits.top();
  const bool fixed = layout == shortest_layout::fixed ||
                     (layout == shortest_layout::general && x >= -4 && x < 6) ||
                     (layout == shortest_layout::plain && prefers_fixed(digits));
  if (!fixed) {
    put_scientific(out, digits, x - digits.bottom(), style);
  } else if (digits.bottom() >= 0) {
    put_fixed(out, exact_value<F>(magnitude), 0, style);
  } else {
    put_fixed(out, digits, -digits.bottom(), style);
  }
  return out.result();
}

// printf's %.*e, %.*f, %.*g and %.*a (without "0x") on x's exact value.
template <class F>
constexpr std::to_chars_result format_precision(char* first, char* last, std::uint64_t bits, char conversion,
                                                int precision, const text_style& style) noexcept {
  text_out out{first, last};
  put_sign(out, is_negative<F>(static_cast<typename F::storage>(bits)), style);
  if (put_special<F>(out, bits, style)) return out.result();
  const std::uint64_t magnitude = magnitude_of<F>(static_cast<typename F::storage>(bits));
  if (conversion == 'a') {
    put_hex<F>(out, magnitude, precision, style);
    return out.result();
  }
  const exact_decimal v = exact_value<F>(magnitude);
  if (precision < 0) precision = 6;
  if (conversion == 'f') {
    put_fixed(out, v.rounded(-precision), precision, style);
    return out.result();
  }
  if (conversion == 'e') {
    const exact_decimal d = v.is_zero() ? v : v.rounded(v.top() - precision);
    put_scientific(out, d, precision, style);
    return out.result();
  }
  // %g: P significant digits; fixed when -4 <= X < P for the exponent X after rounding;
  // trailing zeros (and a bare point) removed unless '#'.
  const int p = precision == 0 ? 1 : precision;
  const exact_decimal d = v.is_zero() ? v : v.rounded(v.top() - p + 1);
  const int x = d.is_zero() ? 0 : d.top();
  const int last_digit = d.is_zero() ? 0 : d.bottom();
  if (x >= -4 && x < p) {
    const int fraction = p - 1 - x;
    const int needed = -last_digit > 0 ? -last_digit : 0;
    put_fixed(out, d, style.alternate || needed > fraction ? fraction : needed, style);
  } else {
    const int fraction = p - 1;
    const int needed = x - last_digit;
    put_scientific(out, d, style.alternate || needed > fraction ? fraction : needed, style);
  }
  return out.result();
}

}  // namespace text
}  // namespace detail

// to_chars(first, last, x): the shortest text that reads back to x, fixed or scientific
// as std::to_chars(float) chooses. On a buffer too small: {last, errc::value_too_large}.
template <class F>
constexpr std::to_chars_result to_chars(char* first, char* last, basic_float<F> x) noexcept {
  return detail::text::format_shortest<F>(first, last, x.bits(), detail::text::shortest_layout::plain);
}

// to_chars(first, last, x, fmt): the shortest text in one notation.
template <class F>
constexpr std::to_chars_result to_chars(char* first, char* last, basic_float<F> x, std::chars_format fmt) noexcept {
  const detail::text::shortest_layout layout =
      fmt == std::chars_format::scientific ? detail::text::shortest_layout::scientific
      : fmt == std::chars_format::fixed    ? detail::text::shortest_layout::fixed
      : fmt == std::chars_format::hex      ? detail::text::shortest_layout::hex
                                           : detail::text::shortest_layout::general;
  return detail::text::format_shortest<F>(first, last, x.bits(), layout);
}

// to_chars(first, last, x, fmt, precision): as printf's %.*e / %.*f / %.*g / %.*a (the
// last without "0x"). A negative precision means 6, as for printf (hex: every digit).
template <class F>
constexpr std::to_chars_result to_chars(char* first, char* last, basic_float<F> x, std::chars_format fmt,
                                        int precision) noexcept {
  const char conversion = fmt == std::chars_format::scientific ? 'e'
                          : fmt == std::chars_format::fixed    ? 'f'
                          : fmt == std::chars_format::hex      ? 'a'
                                                               : 'g';
  return detail::text::format_precision<F>(first, last, x.bits(), conversion, precision, detail::text::text_style{});
}

// from_chars(first, last, x, fmt): see the top of this file.
template <class F>
constexpr std::from_chars_result from_chars(const char* first, const char* last, basic_float<F>& x,
                                            std::chars_format fmt = std::chars_format::general) noexcept {
  const detail::text::parsed_float r = detail::text::parse_float<F>(first, last, fmt);
  if (r.ec == std::errc{}) x = basic_float<F>::from_bits(static_cast<typename F::storage>(r.bits));
  return {r.end, r.ec};
}

// os << x: printf's conversion of x's value for the stream's flags, see the top of this file.
template <class CharT, class Traits, class F>
std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os, basic_float<F> x) {
  const std::ios_base::fmtflags flags = os.flags();
  const std::ios_base::fmtflags field = flags & std::ios_base::floatfield;
  detail::text::text_style style;
  style.alternate = (flags & std::ios_base::showpoint) != 0;
  style.upper = (flags & std::ios_base::uppercase) != 0;
  style.plus = (flags & std::ios_base::showpos) != 0;
  const bool hex = field == (std::ios_base::fixed | std::ios_base::scientific);
  const char conversion = hex ? 'a' : field == std::ios_base::fixed ? 'f' : field == std::ios_base::scientific ? 'e' : 'g';
  const int precision = hex ? -1 : static_cast<int>(os.precision());
  // Large enough for bfloat16's largest value with any precision up to the buffer.
  char buffer[512];
  const std::to_chars_result r =
      detail::text::format_precision<F>(buffer, buffer + sizeof buffer, x.bits(), conversion, precision, style);
  std::string text(buffer, r.ec == std::errc{} ? r.ptr : buffer);
  if (r.ec != std::errc{}) {
    // A precision too large for the buffer: the digits past the exact value are zeros.
    std::string big(static_cast<std::size_t>(precision) + 128, '\0');
    const auto r2 = detail::text::format_precision<F>(&big[0], &big[0] + big.size(), x.bits(), conversion, precision, style);
    text.assign(&big[0], r2.ptr);
  }
  // `internal` adjustment pads after the sign, or after a "0x" that begins the text.
  const std::size_t sign = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  const bool finite = text.size() > sign && text[sign] >= '0' && text[sign] <= '9';
  if (hex && finite) text.insert(sign, style.upper ? "0X" : "0x");
  const std::size_t prefix = sign != 0 ? 1 : hex && finite ? 2 : 0;
  typename std::basic_ostream<CharT, Traits>::sentry ok(os);
  if (!ok) return os;
  const std::ctype<CharT>& ctype = std::use_facet<std::ctype<CharT>>(os.getloc());
  const CharT point = std::use_facet<std::numpunct<CharT>>(os.getloc()).decimal_point();
  std::basic_string<CharT, Traits> wide;
  for (char c : text) wide.push_back(c == '.' ? point : ctype.widen(c));
  const std::streamsize width = os.width();
  os.width(0);
  const std::size_t pad = width > 0 && static_cast<std::size_t>(width) > wide.size()
                              ? static_cast<std::size_t>(width) - wide.size()
                              : 0;
  const std::ios_base::fmtflags adjust = flags & std::ios_base::adjustfield;
  std::size_t at = adjust == std::ios_base::left ? wide.size() : adjust == std::ios_base::internal ? prefix : 0;
  wide.insert(at, pad, os.fill());
  if (os.rdbuf()->sputn(wide.data(), static_cast<std::streamsize>(wide.size())) !=
      static_cast<std::streamsize>(wide.size()))
    os.setstate(std::ios_base::badbit);
  return os;
}

namespace detail {
namespace text {

// Whether `token` followed by c is still the start of something from_chars (or a leading
// '+') could accept: the rule operator>> reads characters by.
inline bool extends_number(const std::string& token, char c) {
  std::size_t i = !token.empty() && (token[0] == '+' || token[0] == '-') ? 1 : 0;
  const std::string body = token.substr(i);
  const char l = lower(c);
  if (token.empty() && (c == '+' || c == '-')) return true;
  // inf, infinity, nan: follow the words letter by letter.
  for (const char* word : {"infinity", "nan"}) {
    const std::string w(word);
    if (body.size() < w.size() && l == w[body.size()]) {
      bool prefix = true;
      for (std::size_t k = 0; k < body.size(); ++k) prefix = prefix && lower(body[k]) == w[k];
      if (prefix) return true;
    }
  }
  if (!body.empty() && !is_digit(body[0]) && body[0] != '.') return false;
  const std::size_t e = body.find_first_of("eE");
  if (e == std::string::npos) {
    if (is_digit(c)) return true;
    if (c == '.') return body.find('.') == std::string::npos;
    if (l == 'e') return body.find_first_of("0123456789") != std::string::npos;
    return false;
  }
  if (is_digit(c)) return true;
  return (c == '+' || c == '-') && e + 1 == body.size();
}

}  // namespace text
}  // namespace detail

// is >> x: see the top of this file.
template <class CharT, class Traits, class F>
std::basic_istream<CharT, Traits>& operator>>(std::basic_istream<CharT, Traits>& is, basic_float<F>& x) {
  typename std::basic_istream<CharT, Traits>::sentry ok(is);
  if (!ok) return is;
  const std::ctype<CharT>& ctype = std::use_facet<std::ctype<CharT>>(is.getloc());
  const CharT point = std::use_facet<std::numpunct<CharT>>(is.getloc()).decimal_point();
  std::string token;
  std::ios_base::iostate state = std::ios_base::goodbit;
  for (;;) {
    const typename Traits::int_type next = is.rdbuf()->sgetc();
    if (Traits::eq_int_type(next, Traits::eof())) {
      state |= std::ios_base::eofbit;
      break;
    }
    const CharT wc = Traits::to_char_type(next);
    const char narrow = ctype.narrow(wc, '\0');
    const char c = wc == point ? '.' : narrow == '.' ? '\0' : narrow;  // only the locale's point
    if (c == '\0' || !detail::text::extends_number(token, c)) break;
    token.push_back(c);
    is.rdbuf()->sbumpc();
  }
  const char* begin = token.data();
  const char* end = begin + token.size();
  if (begin != end && *begin == '+') ++begin;  // streams take a '+', from_chars does not
  basic_float<F> value = x;
  const std::from_chars_result r = from_chars(begin, end, value);
  if (r.ec != std::errc{} || r.ptr != end) {
    state |= std::ios_base::failbit;
  } else {
    x = value;
  }
  is.setstate(state);
  return is;
}

}  // namespace lowp
