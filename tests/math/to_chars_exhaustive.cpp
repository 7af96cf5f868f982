// to_chars on every encoding of every lowp format (E8M0 included: it has text), against a reference computed with
// exact GMP rationals by brute force: the fewest significant digits that read back to the
// value (the closest such, then an even last digit), laid out by libstdc++'s rule for
// std::to_chars(float) (plain: fixed when its text is no longer than scientific, from the
// digits' count and exponent; fixed: an integral value as its exact integer).
// Every shortest text is also read back by MPFR emulating the format, and the decimals
// one digit shorter are checked not to read back. The precision overloads are compared
// with glibc's printf on the exact value, and the same search run on binary32 is compared
// with libstdc++'s std::to_chars(float) itself.
#include <catch2/catch.hpp>

#include <gmpxx.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <lowp/charconv.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "mpfr_reference.hpp"

namespace {

using namespace lowp_mpfr;

mpz_class pow10(long n) {
  mpz_class r;
  mpz_ui_pow_ui(r.get_mpz_t(), 10, static_cast<unsigned long>(n));
  return r;
}

// 10^k as a rational, for any integer k.
mpq_class pow10q(long k) {
  mpq_class r = k >= 0 ? mpq_class(pow10(k)) : mpq_class(mpz_class(1), pow10(-k));
  r.canonicalize();
  return r;
}

mpq_class exact(double d) { return mpq_class(d); }  // doubles are exact rationals

// A candidate decimal j * 10^k.
struct candidate {
  mpz_class j;
  long k;
  mpq_class value() const {
    mpq_class v = mpq_class(j) * pow10q(k);
    v.canonicalize();
    return v;
  }
};

// The candidate with trailing zeros of j moved into k.
candidate normalized(candidate c) {
  if (c.j == 0) return {0, 0};
  while (c.j % 10 == 0) {
    c.j /= 10;
    ++c.k;
  }
  return c;
}

std::string fixed_text(candidate c) {
  c = normalized(c);
  if (c.k >= 0) return mpz_class(c.j * pow10(c.k)).get_str();
  std::string digits = c.j.get_str();
  const auto fraction = static_cast<std::size_t>(-c.k);
  if (digits.size() <= fraction) digits.insert(0, fraction + 1 - digits.size(), '0');
  digits.insert(digits.size() - fraction, ".");
  return digits;
}

std::string scientific_text(candidate c) {
  c = normalized(c);
  const std::string digits = c.j.get_str();
  const long x = c.k + static_cast<long>(digits.size()) - 1;
  std::string s = digits.substr(0, 1);
  if (digits.size() > 1) s += "." + digits.substr(1);
  char e[32];
  std::snprintf(e, sizeof e, "e%c%02ld", x < 0 ? '-' : '+', x < 0 ? -x : x);
  return s + e;
}

// The reals that read back to a positive finite value, from its neighbours in the sorted
// list of the format's values (independent of lowp's own interval formula).
struct reference_interval {
  mpq_class low, value, high;
  bool closed;
  bool contains(const mpq_class& q) const {
    return closed ? (low <= q && q <= high) : (low < q && q < high);
  }
};

template <class T>
reference_interval interval_for(std::uint32_t bits) {
  using F = format_t<T>;
  static const std::vector<double> positives = [] {
    std::vector<double> v;
    for (std::uint32_t b = 0; b < encoding_count<T>(); ++b) {
      const double d = value_of<T>(b);
      if (std::isfinite(d) && d > 0) v.push_back(d);
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  const double v = value_of<T>(bits);
  const auto it = std::lower_bound(positives.begin(), positives.end(), v);
  const double below = it == positives.begin() ? 0.0 : *std::prev(it);
  // Above the largest value: one more step of the top binade, as if the range went on.
  const double above =
      std::next(it) == positives.end() ? v + std::ldexp(1.0, lowp_test::shape<F>::max_exponent - lowp_test::shape<F>::mantissa_bits) : *std::next(it);
  reference_interval r{(exact(below) + exact(v)) / 2, exact(v), (exact(v) + exact(above)) / 2, (bits & 1u) == 0};
  r.low.canonicalize();
  r.high.canonicalize();
  return r;
}

// floor(log10(q)) for a positive rational.
long floor_log10(const mpq_class& q) {
  long e = static_cast<long>(std::floor(std::log10(q.get_d())));
  while (pow10q(e) > q) --e;
  while (pow10q(e + 1) <= q) ++e;
  return e;
}

mpz_class floor_div(const mpq_class& q) {
  mpz_class r;
  mpz_fdiv_q(r.get_mpz_t(), q.get_num_mpz_t(), q.get_den_mpz_t());
  return r;
}

// Orders two valid candidates of equal length: closer to the value first; on a tie the
// one with an even last digit when both have the same quantum, else the smaller.
bool better(const candidate& a, const candidate& b, const mpq_class& v) {
  const mpq_class da = abs(a.value() - v), db = abs(b.value() - v);
  if (da != db) return da < db;
  if (a.k == b.k) return a.j % 2 == 0;
  return a.value() < b.value();
}

struct reference_texts {
  std::string plain, scientific, fixed, general;
};

// Brute force: every n-digit decimal near the value, in its decade and the two next to
// it, checked against the interval.
reference_texts reference_shortest(const reference_interval& r) {
  const long x = floor_log10(r.value);
  // Scientific: fewest significant digits.
  candidate best_sci{0, 0};
  bool found = false;
  long n = 1;
  for (; n < 20 && !found; ++n) {
    for (long decade = x - 1; decade <= x + 1; ++decade) {
      const long k = decade - n + 1;
      const mpz_class center = floor_div(r.value / pow10q(k));
      for (mpz_class j = center - 3; j <= center + 3; ++j) {
        if (j < pow10(n - 1) || j >= pow10(n)) continue;  // exactly n digits in this decade
        const candidate c{j, k};
        if (!r.contains(c.value())) continue;
        if (!found || better(c, best_sci, r.value)) best_sci = c;
        found = true;
      }
    }
  }
  const std::string sci = scientific_text(best_sci);
  const candidate d = normalized(best_sci);
  const long digits = static_cast<long>(d.j.get_str().size());
  const long exponent = d.k + digits - 1;
  reference_texts t;
  t.scientific = sci;
  // Fixed, as libstdc++ writes it: digits that end left of the point (d.k >= 0) mean an
  // integral value, printed as its exact integer (as printf's %.0f would); otherwise the
  // digits themselves with the point in place.
  const bool integral = r.value.get_den() == 1;
  t.fixed = d.k < 0 ? fixed_text(d) : integral ? mpz_class(r.value.get_num()).get_str() : "<digits " + sci + " of a non-integer>";
  // Plain: libstdc++ picks fixed when the Ryu exponent d.k lies in [-(n+3), 5], one
  // narrower on each side for a single digit (no point in the scientific text). These
  // bounds come from the character counts of the two texts built from the digits alone,
  // so an exact integer shorter than its digits (bfloat16's 99840, digits 1e5) does not
  // change the choice.
  const long lower = -(digits + 3) + (digits == 1 ? 1 : 0);
  const long upper = 5 - (digits == 1 ? 1 : 0);
  t.plain = d.k >= lower && d.k <= upper ? t.fixed : sci;
  // chars_format::general: %g's choice (fixed when -4 <= X < 6) on the scientific digits,
  // the fixed text being the one above.
  t.general = exponent >= -4 && exponent < 6 ? t.fixed : sci;
  return t;
}

template <class T>
std::string lowp_text(T x, std::chars_format fmt, bool with_format) {
  char buf[512];
  const auto r = with_format ? lowp::to_chars(buf, buf + sizeof buf, x, fmt) : lowp::to_chars(buf, buf + sizeof buf, x);
  return r.ec == std::errc{} ? std::string(buf, r.ptr) : std::string("<error>");
}

// MPFR reads s in the emulated format; a text that overflows (from_chars: out of range)
// reads as no encoding at all.
constexpr std::uint32_t no_encoding = 0xffffffffu;
template <class T>
std::uint32_t mpfr_reads(const std::string& s) {
  const encoded r =
      emulate_result<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) { return mpfr_strtofr(out, s.c_str(), nullptr, 10, rnd); });
  return r.overflow ? no_encoding : r.bits;
}

template <class T>
void check_shortest() {
  const std::uint32_t all = encoding_count<T>();
  tally layout, round_trip, no_shorter;
  parallel_for(all, [&](std::uint64_t i) {
    const auto bits = static_cast<std::uint32_t>(i);
    const T x = T::from_bits(static_cast<storage_t<T>>(bits));
    const double v = value_of<T>(bits);
    const std::string plain = lowp_text(x, {}, false);
    if (!std::isfinite(v) || v == 0) {
      // Zeros, infinities and NaNs are spelled as std::to_chars(float) spells them.
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v));
      const std::string want(buf, r.ptr);
      layout.check(plain == want, [&] { return "special " + lowp_test::hex(bits) + ": " + plain + " vs " + want; });
      return;
    }
    const std::string sci = lowp_text(x, std::chars_format::scientific, true);
    const std::string fixed = lowp_text(x, std::chars_format::fixed, true);
    const std::string general = lowp_text(x, std::chars_format::general, true);
    const std::string sign = v < 0 ? "-" : "";
    const reference_texts want = reference_shortest(interval_for<T>(bits & ~sign_bit<T>()));
    layout.check(plain == sign + want.plain && sci == sign + want.scientific && fixed == sign + want.fixed &&
                     general == sign + want.general,
                 [&] {
                   return lowp_test::hex(bits) + ": lowp " + plain + " | " + sci + " | " + fixed + " | " + general +
                          "; reference " + want.plain + " | " + want.scientific + " | " + want.fixed + " | " +
                          want.general;
                 });
    for (const std::string& s : {plain, sci, fixed, general}) {
      const std::uint32_t back = mpfr_reads<T>(s);
      round_trip.check(back == bits, [&] { return lowp_test::hex(bits) + ": " + s + " reads back as " + lowp_test::hex(back); });
    }
    // No decimal with one significant digit fewer reads back: the two nearest ones
    // (rounded down and up at that many digits) are the only candidates.
    const auto digits = static_cast<std::size_t>(std::count_if(
        sci.begin(), sci.begin() + static_cast<long>(sci.find('e')), [](char c) { return c >= '0' && c <= '9'; }));
    if (digits > 1) {
      bool shorter_reads_back = false;
      // The (n-1)-digit decimals just below and just above |v|, exactly, through GMP.
      const mpq_class value = exact(std::fabs(v));
      const long x_exp = floor_log10(value);
      const long k = x_exp - static_cast<long>(digits) + 2;
      const mpz_class low = floor_div(value / pow10q(k));
      for (const mpz_class& j : {low, mpz_class(low + 1)}) {
        const std::string s = scientific_text({j, k});
        if (mpfr_reads<T>(s) == (bits & ~sign_bit<T>())) shorter_reads_back = true;
      }
      no_shorter.check(!shorter_reads_back, [&] { return lowp_test::hex(bits) + ": a shorter decimal than " + sci + " reads back"; });
    }
  });
  std::printf("%-14s to_chars shortest: %llu values, layout mismatches %llu, round-trip failures %llu, "
              "shorter decimal found %llu\n",
              type_name<T>(), static_cast<unsigned long long>(layout.checked()),
              static_cast<unsigned long long>(layout.failures()), static_cast<unsigned long long>(round_trip.failures()),
              static_cast<unsigned long long>(no_shorter.failures()));
  INFO(layout.report() << "\n" << round_trip.report() << "\n" << no_shorter.report());
  CHECK(layout.failures() == 0);
  CHECK(round_trip.failures() == 0);
  CHECK(no_shorter.failures() == 0);
}

// The precision overloads against glibc's printf on the exact value (hex: against
// std::to_chars(float) where the format's encoding and float's agree, else written out).
template <class T>
std::string expected_hex(std::uint32_t bits, int precision) {
  using F = format_t<T>;
  const double v = value_of<T>(bits);
  const bool subnormal_in_t = lowp_test::shape<F>::has_zero &&
                              ((bits >> lowp_test::shape<F>::mantissa_bits) & ((1u << lowp_test::shape<F>::exponent_bits) - 1)) == 0 && v != 0;
  const float f = static_cast<float>(v);
  const bool subnormal_in_float = std::fpclassify(f) == FP_SUBNORMAL;
  if (std::isfinite(v) && !subnormal_in_t && subnormal_in_float) {
    // A normal number of T that float holds as a subnormal (E8M0's 2^-127): glibc's %a on
    // the double, which holds it as a normal number too.
    char buf[256];
    if (precision < 0) {
      std::snprintf(buf, sizeof buf, "%a", v);
    } else {
      std::snprintf(buf, sizeof buf, "%.*a", precision, v);
    }
    return std::string(buf).replace(std::signbit(v) ? 1 : 0, 2, "");
  }
  if (!std::isfinite(v) || subnormal_in_t == subnormal_in_float) {
    char buf[128];
    const auto r = precision < 0 ? std::to_chars(buf, buf + sizeof buf, f, std::chars_format::hex)
                                 : std::to_chars(buf, buf + sizeof buf, f, std::chars_format::hex, precision);
    return std::string(buf, r.ptr);
  }
  // A subnormal of T that float holds as a normal number: 0.hhh p min_exponent, the
  // mantissa field padded to whole hex digits, rounded to nearest even.
  const int nibbles = (lowp_test::shape<F>::mantissa_bits + 3) / 4;
  unsigned long long m = (bits & lowp_test::shape<F>::mantissa_mask) << (4 * nibbles - lowp_test::shape<F>::mantissa_bits);
  int lead = 0, digits = nibbles;
  if (precision >= 0 && precision < nibbles) {
    const int drop = 4 * (nibbles - precision);
    const unsigned long long rest = m & ((1ull << drop) - 1), half = 1ull << (drop - 1);
    m >>= drop;
    if (rest > half || (rest == half && (precision == 0 ? lead : static_cast<int>(m)) % 2 == 1)) ++m;
    if (m >> (4 * precision)) {
      lead = 1;
      m = 0;
    }
    digits = precision;
  } else if (precision < 0) {
    while (digits > 0 && (m & 15) == 0) {
      m >>= 4;
      --digits;
    }
  }
  std::string s = v < 0 ? "-" : "";
  s += static_cast<char>('0' + lead);
  if (digits > 0 || precision > 0) s += '.';
  for (int i = digits - 1; i >= 0; --i) s += "0123456789abcdef"[(m >> (4 * i)) & 15];
  for (int i = digits; i < precision; ++i) s += '0';
  return s + (lowp_test::shape<F>::min_exponent < 0 ? "p" : "p+") + std::to_string(lowp_test::shape<F>::min_exponent);
}

template <class T>
void check_precision() {
  const std::uint32_t all = encoding_count<T>();
  const int precisions[] = {0, 1, 2, 3, 4, 6, 9, 12, 17, 25, 40, 60, 120};
  tally t;
  parallel_for(all, [&](std::uint64_t i) {
    const auto bits = static_cast<std::uint32_t>(i);
    const T x = T::from_bits(static_cast<storage_t<T>>(bits));
    const double v = value_of<T>(bits);
    char got[512], want[512];
    for (int p : precisions) {
      const struct {
        std::chars_format fmt;
        const char* printf_format;
      } cases[] = {{std::chars_format::scientific, "%.*e"},
                   {std::chars_format::fixed, "%.*f"},
                   {std::chars_format::general, "%.*g"}};
      for (const auto& c : cases) {
        const auto r = lowp::to_chars(got, got + sizeof got, x, c.fmt, p);
        std::snprintf(want, sizeof want, c.printf_format, p, v);
        const std::string g(got, r.ptr), w(want);
        t.check(g == w, [&] { return std::string(c.printf_format) + " p=" + std::to_string(p) + ": " + g + " vs " + w; });
      }
      const auto r = lowp::to_chars(got, got + sizeof got, x, std::chars_format::hex, p);
      const std::string g(got, r.ptr), w = expected_hex<T>(bits, p);
      t.check(g == w, [&] { return "hex p=" + std::to_string(p) + ": " + g + " vs " + w; });
    }
    // Shortest hex: the exact value with a leading 1 (subnormals normalized), as glibc's
    // %a prints the double.
    std::snprintf(want, sizeof want, "%a", v);
    const std::string g = lowp_text(x, std::chars_format::hex, true);
    const std::string w = std::isfinite(v) ? std::string(want).replace(std::signbit(v) ? 1 : 0, 2, "") : expected_hex<T>(bits, -1);
    t.check(g == w, [&] { return "hex shortest: " + g + " vs " + w; });
  });
  std::printf("%-14s to_chars with precision: %llu texts, mismatches %llu\n", type_name<T>(),
              static_cast<unsigned long long>(t.checked()), static_cast<unsigned long long>(t.failures()));
  INFO(t.report());
  CHECK(t.failures() == 0);
}

}  // namespace

LOWP_FORMAT_TEST_CASE("to_chars gives the shortest text that reads back, for every value", "[charconv][exhaustive]",
                        lowp_test::every_type) {
  check_shortest<TestType>();
}

LOWP_FORMAT_TEST_CASE("to_chars with a precision prints what printf prints", "[charconv][exhaustive]",
                        lowp_test::every_type) {
  check_precision<TestType>();
}

TEST_CASE("the shortest search lays out binary32 exactly as libstdc++'s std::to_chars(float)", "[charconv]") {
  using binary32 = lowp::detail::binary32;
  std::mt19937 rng(2024);
  std::vector<std::uint32_t> inputs;
  const std::size_t count = lowp_test::exhaustive ? 200000 : 5000;
  for (std::size_t i = 0; i < count; ++i) inputs.push_back(static_cast<std::uint32_t>(rng()) & 0x7fffffffu);
  // Around every power of ten and of two, where the layout and the interval change.
  for (int e = -45; e <= 38; ++e) {
    const float p = std::strtof(("1e" + std::to_string(e)).c_str(), nullptr);
    std::uint32_t b = 0;
    std::memcpy(&b, &p, 4);
    for (std::uint32_t d = 0; d < 8; ++d) inputs.push_back(b - 4 + d);
  }
  for (std::uint32_t e = 1; e < 255; ++e) inputs.push_back(e << 23);
  tally t;
  parallel_for(inputs.size(), [&](std::uint64_t i) {
    const std::uint32_t bits = inputs[i];
    if ((bits & 0x7f800000u) == 0x7f800000u) return;
    float f = 0;
    std::memcpy(&f, &bits, 4);
    const struct {
      lowp::detail::text::shortest_layout layout;
      bool with_format;
      std::chars_format fmt;
    } layouts[] = {{lowp::detail::text::shortest_layout::plain, false, {}},
                   {lowp::detail::text::shortest_layout::scientific, true, std::chars_format::scientific},
                   {lowp::detail::text::shortest_layout::fixed, true, std::chars_format::fixed},
                   {lowp::detail::text::shortest_layout::general, true, std::chars_format::general}};
    for (const auto& l : layouts) {
      char got[512], want[512];
      const auto g = lowp::detail::text::format_shortest<binary32>(got, got + sizeof got, bits, l.layout);
      const auto w = l.with_format ? std::to_chars(want, want + sizeof want, f, l.fmt)
                                   : std::to_chars(want, want + sizeof want, f);
      const std::string gs(got, g.ptr), ws(want, w.ptr);
      const bool agrees = gs == ws;
      t.check(agrees, [&] {
        return lowp_test::hex(bits) + " layout " + std::to_string(static_cast<int>(l.layout)) + ": " + gs +
               " vs libstdc++ " + ws;
      });
    }
  });
  std::printf("binary32 shortest layouts vs libstdc++: %llu texts, mismatches %llu\n",
              static_cast<unsigned long long>(t.checked()), static_cast<unsigned long long>(t.failures()));
  INFO(t.report());
  CHECK(t.failures() == 0);
}

// The values a user printing weights meets, spelled out: the digits are the fewest, and an
// integral value is printed whole (never 999 for 1000).
TEST_CASE("to_chars prints integral values whole, as std::to_chars(float) does", "[charconv]") {
  const auto text = [](auto x, auto... fmt) {
    char buf[64];
    const auto r = lowp::to_chars(buf, buf + sizeof buf, x, fmt...);
    return std::string(buf, r.ptr);
  };
  using lowp::bfloat16;
  using lowp::float16;
  CHECK(text(bfloat16(1000.0f)) == "1000");
  CHECK(text(bfloat16(1000.0f), std::chars_format::fixed) == "1000");
  CHECK(text(float16(10000.0f)) == "10000");
  CHECK(text(float16(10000.0f), std::chars_format::fixed) == "10000");
  CHECK(text(float16::from_bits(0x7bff)) == "65504");
  CHECK(text(float16::from_bits(0x7bff), std::chars_format::general) == "65504");
  CHECK(text(float16::from_bits(0x7bff), std::chars_format::scientific) == "6.55e+04");
  CHECK(text(bfloat16(9984.0f)) == "9984");                       // digits 1e4: fixed, whole
  CHECK(text(bfloat16(99840.0f)) == "1e+05");                     // digits 1e5: scientific is shorter
  CHECK(text(bfloat16(99840.0f), std::chars_format::fixed) == "99840");
  CHECK(text(bfloat16(1e9f)) == "1e+09");
  CHECK(text(bfloat16(1e9f), std::chars_format::fixed) == "998244352");  // bfloat16(1e9f)'s exact value
  CHECK(text(float16(0.1f)) == "0.1");
  CHECK(text(lowp::float8_e4m3fn(448.0f)) == "448");
  CHECK(text(lowp::float8_e5m2(57344.0f)) == "57344");
}
