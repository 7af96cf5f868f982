// from_chars against GNU MPFR emulating each format (all twelve, E8M0 included), on 10^6 random decimal strings per
// 16-bit format (2 * 10^5 per 8-bit format): short and long (up to 800 digits), with
// leading and trailing zeros, far-out exponents, and strings that sit exactly on, or a
// hair above or below, a midpoint between two neighbouring values (the cases a double
// rounding through float or double gets wrong). Also: hexadecimal input, the grammar and
// end pointer of std::from_chars(double) on random garbage, and the documented errors.
#include <catch2/catch.hpp>

#include <gmpxx.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <lowp/charconv.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "mpfr_reference.hpp"

namespace {

using namespace lowp_mpfr;

// The exact decimal text of a rational with a terminating expansion (p / 2^a), digits
// only, as "digits" and the power of ten of the last digit.
struct decimal_digits {
  std::string digits;
  long exponent;
};

decimal_digits exact_decimal(const mpq_class& q) {
  // q = n / 2^a = n * 5^a / 10^a.
  const mpz_class den = q.get_den();
  const auto a = static_cast<unsigned long>(mpz_sizeinbase(den.get_mpz_t(), 2) - 1);
  mpz_class five;
  mpz_ui_pow_ui(five.get_mpz_t(), 5, a);
  const mpz_class n = q.get_num() * five;
  return {n.get_str(), -static_cast<long>(a)};
}

std::string with_exponent(const std::string& digits, long exponent, std::mt19937_64& rng) {
  // Write digits * 10^exponent with the point in a random place.
  const long len = static_cast<long>(digits.size());
  const long point = static_cast<long>(rng() % static_cast<unsigned long>(len + 3)) - 1;  // digits before the point
  std::string s;
  if (point <= 0) {
    s = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= len) {
    s = digits + std::string(static_cast<std::size_t>(point - len), '0');
  } else {
    s = digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
  }
  const long e = exponent + len - point;
  return s + "e" + std::to_string(e);
}

// The kinds of generated input, for the summary.
enum kind { short_random, long_random, near_midpoint, zeros, far_exponent, kind_count };
const char* kind_names[] = {"short random", "long random", "near a midpoint", "leading/trailing zeros",
                            "far exponent"};

template <class T>
std::vector<mpq_class> positive_values() {
  std::vector<double> v;
  for (std::uint32_t b = 0; b < encoding_count<T>(); ++b) {
    const double d = value_of<T>(b);
    if (std::isfinite(d) && d > 0) v.push_back(d);
  }
  std::sort(v.begin(), v.end());
  std::vector<mpq_class> q;
  for (double d : v) q.emplace_back(d);
  // One more step past the largest value: the midpoint with it is the overflow threshold.
  using F = format_t<T>;
  q.emplace_back(v.back() + std::ldexp(1.0, lowp_test::shape<F>::max_exponent - lowp_test::shape<F>::mantissa_bits));
  return q;
}

template <class T>
std::string random_input(std::mt19937_64& rng, kind k, const std::vector<mpq_class>& values) {
  using F = format_t<T>;
  const std::string sign = rng() % 4 == 0 ? "-" : "";
  auto digits = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    if (s[0] == '0') s[0] = static_cast<char>('1' + rng() % 9);
    return s;
  };
  // A decimal exponent that lands around the format's range.
  const long low = static_cast<long>(std::floor(lowp_test::shape<F>::min_subnormal_exponent * 0.30103)) - 3;
  const long high = static_cast<long>(std::ceil((lowp_test::shape<F>::max_exponent + 1) * 0.30103)) + 2;
  auto exponent = [&](std::size_t n) {
    return low + static_cast<long>(rng() % static_cast<unsigned long>(high - low + 1)) - static_cast<long>(n) + 1;
  };
  switch (k) {
    case short_random: {
      const std::size_t n = 1 + rng() % 20;
      return sign + with_exponent(digits(n), exponent(n), rng);
    }
    case long_random: {
      const std::size_t n = 40 + rng() % 760;
      return sign + with_exponent(digits(n), exponent(n), rng);
    }
    case near_midpoint: {
      // The midpoint between two neighbours (or the overflow threshold), exactly or moved
      // by 10^-depth of its last digit either way.
      const std::size_t i = rng() % (values.size() - 1);
      const mpq_class mid = i == 0 && rng() % 4 == 0 ? mpq_class(values[0] / 2) : mpq_class((values[i] + values[i + 1]) / 2);
      decimal_digits d = exact_decimal(mid);
      const int which = static_cast<int>(rng() % 3);
      if (which != 0) {
        const std::size_t depth = 1 + rng() % (rng() % 8 == 0 ? 300 : 30);
        d.digits += std::string(depth, '0');
        d.exponent -= static_cast<long>(depth);
        mpz_class n(d.digits);
        n += which == 1 ? 1 : -1;
        d.digits = n.get_str();
      }
      return sign + with_exponent(d.digits, d.exponent, rng);
    }
    case zeros: {
      const std::size_t n = 1 + rng() % 12;
      std::string s = std::string(rng() % 40, '0') + digits(n) + std::string(rng() % 40, '0');
      const long trailing = static_cast<long>(s.size()) - static_cast<long>(s.find_last_not_of('0')) - 1;
      const long e = exponent(n) - trailing;
      // Point somewhere in the zeros, exponent to match.
      const std::size_t point = rng() % (s.size() + 1);
      s.insert(point, ".");
      return sign + s + "e" + std::to_string(e + static_cast<long>(s.size() - point - 1));
    }
    default: {
      // Far outside the range either way, or zeros far out: "0.000...0001e+50" style.
      const std::size_t n = 1 + rng() % 5;
      const long e = (rng() % 2 ? 1 : -1) * static_cast<long>(rng() % 3 == 0 ? 100000000000LL : 200 + rng() % 5000);
      if (rng() % 2)
        return sign + "0." + std::string(60 + rng() % 200, '0') + digits(n) + "e+" + std::to_string(50 + rng() % 250);
      return sign + digits(n) + "e" + std::to_string(e);
    }
  }
}

// MPFR's reading in the emulated format, and the errc from_chars must give.
// Out of range: the rounded result overflows (to infinity, to the NaN of a format without
// infinity, or past +-max in FP6/FP4), or a nonzero number rounds to zero (E8M0 has no zero:
// there the smallest value 2^-127 is an ordinary result).
template <class T>
std::pair<std::errc, std::uint32_t> mpfr_expectation(const std::string& s, int base) {
  const encoded r =
      emulate_result<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) { return mpfr_strtofr(out, s.c_str(), nullptr, base, rnd); });
  const bool nonzero_input = s.find_first_of(base == 10 ? "123456789" : "123456789abcdefABCDEF") <
                             s.find_first_of(base == 10 ? "eE" : "pP");
  const std::uint32_t magnitude = r.bits & ~sign_bit<T>();
  if (r.overflow || (lowp_test::shape<format_t<T>>::has_zero && magnitude == 0 && nonzero_input))
    return {std::errc::result_out_of_range, 0};
  return {std::errc{}, r.bits};
}

// The value from_chars must leave alone on an error (from_bits keeps the format's bits).
template <class T>
std::uint32_t sentinel() {
  return T::from_bits(0x5a).bits();
}

template <class T>
void check_random_decimals() {
  const bool small = encoding_count<T>() <= 256;
  const std::size_t count = lowp_test::exhaustive ? (small ? 200000 : 1000000) : 20000;
  const auto values = positive_values<T>();
  std::vector<std::string> inputs(count);
  std::vector<int> kinds(count);
  std::mt19937_64 rng(0x5eed + encoding_count<T>());
  for (std::size_t i = 0; i < count; ++i) {
    // Mostly the hard kinds: near-midpoint strings are a third of the inputs.
    const unsigned r = static_cast<unsigned>(rng() % 100);
    const kind k = r < 30 ? short_random : r < 45 ? long_random : r < 80 ? near_midpoint : r < 90 ? zeros : far_exponent;
    kinds[i] = k;
    inputs[i] = random_input<T>(rng, k, values);
  }
  tally t;
  std::uint64_t per_kind[kind_count] = {};
  std::uint64_t out_of_range = 0, subnormal = 0;
  std::mutex mutex;
  parallel_for(count, [&](std::uint64_t i) {
    const std::string& s = inputs[i];
    const auto want = mpfr_expectation<T>(s, 10);
    T x = T::from_bits(0x5a);  // must stay untouched on errors
    const auto r = lowp::from_chars(s.data(), s.data() + s.size(), x);
    double d = 0;
    const auto std_r = std::from_chars(s.data(), s.data() + s.size(), d);
    const std::uint32_t got = r.ec == std::errc{} ? x.bits() : 0u;
    const bool untouched = r.ec == std::errc{} || x.bits() == sentinel<T>();
    t.check(r.ec == want.first && got == want.second && r.ptr == s.data() + s.size() && std_r.ptr == r.ptr && untouched,
            [&] {
              return s.substr(0, 120) + (s.size() > 120 ? "..." : "") + ": ec " + std::to_string(static_cast<int>(r.ec)) +
                     " bits " + lowp_test::hex(got) + ", MPFR: ec " + std::to_string(static_cast<int>(want.first)) +
                     " bits " + lowp_test::hex(want.second);
            });
    std::lock_guard<std::mutex> lock(mutex);
    ++per_kind[kinds[i]];
    if (want.first != std::errc{}) ++out_of_range;
    const std::uint32_t m = want.second & ~sign_bit<T>();
    if (want.first == std::errc{} && m != 0 && m < lowp_test::shape<format_t<T>>::min_normal_bits) ++subnormal;
  });
  std::printf("%-14s from_chars: %llu decimal strings (", type_name<T>(), static_cast<unsigned long long>(t.checked()));
  for (int k = 0; k < kind_count; ++k)
    std::printf("%s%s %llu", k ? ", " : "", kind_names[k], static_cast<unsigned long long>(per_kind[k]));
  std::printf("; %llu out of range, %llu subnormal), mismatches %llu\n", static_cast<unsigned long long>(out_of_range),
              static_cast<unsigned long long>(subnormal), static_cast<unsigned long long>(t.failures()));
  INFO(t.report());
  CHECK(t.failures() == 0);
}

template <class T>
void check_random_hex() {
  using F = format_t<T>;
  const std::size_t count = lowp_test::exhaustive ? 200000 : 5000;
  std::mt19937_64 rng(0x4e7 + encoding_count<T>());
  tally t;
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < count; ++i) {
    std::string s = rng() % 4 == 0 ? "-" : "";
    const std::size_t n = 1 + rng() % (rng() % 4 == 0 ? 40 : 6);
    for (std::size_t k = 0; k < n; ++k) s += "0123456789abcdefABCDEF"[rng() % 22];
    if (rng() % 2) s.insert(s.size() - rng() % n, ".");
    const long e = lowp_test::shape<F>::min_subnormal_exponent - 8 + static_cast<long>(rng() % (lowp_test::shape<F>::max_exponent - lowp_test::shape<F>::min_subnormal_exponent + 16)) -
                   4 * static_cast<long>(n) + 8;
    s += "p" + std::to_string(e);
    inputs.push_back(s);
  }
  parallel_for(count, [&](std::uint64_t i) {
    const std::string& s = inputs[i];
    const auto want = mpfr_expectation<T>(s, 16);
    T x = T::from_bits(0x5a);
    const auto r = lowp::from_chars(s.data(), s.data() + s.size(), x, std::chars_format::hex);
    const std::uint32_t got = r.ec == std::errc{} ? x.bits() : 0u;
    t.check(r.ec == want.first && got == want.second && r.ptr == s.data() + s.size(),
            [&] { return s + ": got " + lowp_test::hex(got) + ", MPFR " + lowp_test::hex(want.second); });
  });
  std::printf("%-14s from_chars: %llu hexadecimal strings, mismatches %llu\n", type_name<T>(),
              static_cast<unsigned long long>(t.checked()), static_cast<unsigned long long>(t.failures()));
  INFO(t.report());
  CHECK(t.failures() == 0);
}

// Random strings over the characters the grammar cares about: the end pointer and
// "invalid" must agree with libstdc++'s std::from_chars(double) in every chars_format.
template <class T>
void check_grammar() {
  const char alphabet[] = "0123456789..eEeE++--pPxXaAbBfFiInNtTyY()_ ";
  std::mt19937_64 rng(0x9a33a7 + encoding_count<T>());
  const std::size_t count = lowp_test::exhaustive ? 300000 : 20000;
  const std::chars_format formats[] = {std::chars_format::general, std::chars_format::scientific,
                                       std::chars_format::fixed, std::chars_format::hex};
  tally t;
  std::uint64_t libstdcxx_double_sign = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string s;
    const std::size_t n = rng() % 12;
    for (std::size_t k = 0; k < n; ++k) s += alphabet[rng() % (sizeof alphabet - 1)];
    for (const auto fmt : formats) {
      T x = T::from_bits(0x5a);
      double d = 0;
      const auto r = lowp::from_chars(s.data(), s.data() + s.size(), x, fmt);
      const auto w = std::from_chars(s.data(), s.data() + s.size(), d, fmt);
      // libstdc++ 12 reads a hexadecimal exponent with two signs ("1p+-3" as 1p-3), which
      // the grammar (p, an optional sign, digits) does not allow: lowp reads "1" there.
      const std::string consumed(static_cast<const char*>(s.data()), w.ptr);
      if (fmt == std::chars_format::hex &&
          (consumed.find("p+-") != std::string::npos || consumed.find("P+-") != std::string::npos)) {
        ++libstdcxx_double_sign;
        continue;
      }
      const bool invalid = r.ec == std::errc::invalid_argument, w_invalid = w.ec == std::errc::invalid_argument;
      t.check(invalid == w_invalid && r.ptr == w.ptr && (r.ec == std::errc{} || x.bits() == sentinel<T>()), [&] {
        return "\"" + s + "\" fmt " + std::to_string(static_cast<int>(fmt)) + ": lowp reads " +
               std::to_string(r.ptr - s.data()) + " ec " + std::to_string(static_cast<int>(r.ec)) + ", std reads " +
               std::to_string(w.ptr - s.data()) + " ec " + std::to_string(static_cast<int>(w.ec));
      });
    }
  }
  std::printf("%-14s from_chars grammar: %llu (string, format) pairs against std::from_chars(double), mismatches %llu "
              "(%llu skipped: libstdc++ takes \"p+-\")\n",
              type_name<T>(), static_cast<unsigned long long>(t.checked()), static_cast<unsigned long long>(t.failures()),
              static_cast<unsigned long long>(libstdcxx_double_sign));
  INFO(t.report());
  CHECK(t.failures() == 0);
}

template <class T>
std::pair<std::errc, std::uint32_t> parse(const char* s, std::chars_format fmt = std::chars_format::general) {
  T x = T::from_bits(0x5a);
  const auto r = lowp::from_chars(s, s + std::strlen(s), x, fmt);
  return {r.ec, x.bits()};
}

}  // namespace

LOWP_FORMAT_TEST_CASE("from_chars rounds random decimal strings as MPFR does", "[charconv][random]",
                        lowp_test::every_type) {
  REQUIRE(mpfr_buildopt_tls_p());
  check_random_decimals<TestType>();
}

LOWP_FORMAT_TEST_CASE("from_chars rounds random hexadecimal strings as MPFR does", "[charconv][random]",
                        lowp_test::every_type) {
  check_random_hex<TestType>();
}

LOWP_FORMAT_TEST_CASE("from_chars reads what std::from_chars(double) reads", "[charconv][grammar]",
                        lowp_test::every_type) {
  check_grammar<TestType>();
}

TEST_CASE("from_chars: documented cases", "[charconv]") {
  using lowp::bfloat16;
  using lowp::float16;
  using lowp::float8_e4m3fn;
  // "1e" reads as "1"; errors leave the value alone (0x5a is the sentinel).
  const char* one_e = "1e";
  float16 h = float16::from_bits(0x5a);
  auto r = lowp::from_chars(one_e, one_e + 2, h);
  CHECK(r.ptr == one_e + 1);
  CHECK(h.bits() == 0x3c00);
  CHECK(parse<float16>("65504") == std::make_pair(std::errc{}, std::uint32_t{0x7bff}));
  CHECK(parse<float16>("65519.99999999999999999999999999") == std::make_pair(std::errc{}, std::uint32_t{0x7bff}));
  CHECK(parse<float16>("65520") == std::make_pair(std::errc::result_out_of_range, std::uint32_t{0x5a}));  // tie -> inf
  CHECK(parse<float16>("-1e999999999999999999999") == std::make_pair(std::errc::result_out_of_range, std::uint32_t{0x5a}));
  // 2^-25 is the tie between 0 and the smallest subnormal: it rounds to 0, out of range;
  // a hair above it is the smallest subnormal, which is a success.
  CHECK(parse<float16>("2.98023223876953125e-8") == std::make_pair(std::errc::result_out_of_range, std::uint32_t{0x5a}));
  CHECK(parse<float16>("2.98023223876953125000000000000000000000000001e-8") ==
        std::make_pair(std::errc{}, std::uint32_t{0x0001}));
  CHECK(parse<float16>("0e999999999") == std::make_pair(std::errc{}, std::uint32_t{0}));
  CHECK(parse<float16>("-0.0") == std::make_pair(std::errc{}, std::uint32_t{0x8000}));
  // The leading zeros count before the exponent: 10^-61 * 10^50 = 10^-11.
  CHECK(parse<bfloat16>("0.0000000000000000000000000000000000000000000000000000000000001e+50").second ==
        bfloat16(1e-11).bits());
  // No infinity in float8_e4m3fn: "inf" and 464.0000001 are out of range, 464 rounds to 448.
  CHECK(parse<float8_e4m3fn>("inf").first == std::errc::result_out_of_range);
  CHECK(parse<float8_e4m3fn>("464") == std::make_pair(std::errc{}, std::uint32_t{0x7e}));
  CHECK(parse<float8_e4m3fn>("464.0000001").first == std::errc::result_out_of_range);
  CHECK(parse<float8_e4m3fn>("-nan").second == 0xffu);
  // The formats without infinity, -0 or zero (DESIGN.md, "The full format set").
  using lowp::float4_e2m1fn;
  using lowp::float8_e4m3fnuz;
  using lowp::float8_e8m0fnu;
  const auto range_error = std::make_pair(std::errc::result_out_of_range, sentinel<float4_e2m1fn>());
  CHECK(parse<float4_e2m1fn>("6.99") == std::make_pair(std::errc{}, std::uint32_t{0x7}));  // below 7: 6
  CHECK(parse<float4_e2m1fn>("7") == range_error);      // the tie with 8 rounds past max: overflow
  CHECK(parse<float4_e2m1fn>("-50") == range_error);    // no clamping to -6 in text
  CHECK(parse<float4_e2m1fn>("inf") == range_error);
  CHECK(parse<float4_e2m1fn>("nan") == std::make_pair(std::errc{}, std::uint32_t{0x7}));  // NaN converts to +max
  CHECK(parse<float4_e2m1fn>("0.3") == std::make_pair(std::errc{}, std::uint32_t{0x1}));  // above 0.25: 0.5
  CHECK(parse<float4_e2m1fn>("0.2") == range_error);    // below 0.25: a nonzero number rounds to zero
  CHECK(parse<float8_e4m3fnuz>("-0") == std::make_pair(std::errc{}, std::uint32_t{0x00}));  // no -0
  CHECK(parse<float8_e4m3fnuz>("-nan") == std::make_pair(std::errc{}, std::uint32_t{0x80}));
  CHECK(parse<float8_e4m3fnuz>("inf").first == std::errc::result_out_of_range);
  CHECK(parse<float8_e4m3fnuz>("-240") == std::make_pair(std::errc{}, std::uint32_t{0xff}));
  CHECK(parse<float8_e4m3fnuz>("248").first == std::errc::result_out_of_range);  // tie to 256: overflow
  CHECK(parse<float8_e8m0fnu>("-2") == std::make_pair(std::errc{}, std::uint32_t{0x80}));  // sign ignored
  CHECK(parse<float8_e8m0fnu>("12") == std::make_pair(std::errc{}, std::uint32_t{0x82}));  // tie: even encoding, 8
  CHECK(parse<float8_e8m0fnu>("24") == std::make_pair(std::errc{}, std::uint32_t{0x84}));  // tie: even encoding, 32
  CHECK(parse<float8_e8m0fnu>("0") == std::make_pair(std::errc{}, std::uint32_t{0x00}));   // 2^-127: no zero
  CHECK(parse<float8_e8m0fnu>("1e-300") == std::make_pair(std::errc{}, std::uint32_t{0x00}));
  CHECK(parse<float8_e8m0fnu>("0x1p-300", std::chars_format::hex).first == std::errc{});  // reads "0"
  CHECK(parse<float8_e8m0fnu>("1p-300", std::chars_format::hex) == std::make_pair(std::errc{}, std::uint32_t{0x00}));
  CHECK(parse<float8_e8m0fnu>("1p128", std::chars_format::hex).first == std::errc::result_out_of_range);
  CHECK(parse<float8_e8m0fnu>("nan").second == 0xffu);
  // Grammar: no '+', no leading space, no "0x" in hex (it reads the "0").
  CHECK(parse<float16>("+1").first == std::errc::invalid_argument);
  CHECK(parse<float16>(" 1").first == std::errc::invalid_argument);
  const char* hex = "0x1p3";
  r = lowp::from_chars(hex, hex + 5, h, std::chars_format::hex);
  CHECK(r.ptr == hex + 1);
  CHECK(parse<float16>("1.8p3", std::chars_format::hex).second == 0x4a00);          // 12
  CHECK(parse<float16>("1e5", std::chars_format::fixed).second == 0x3c00);         // reads "1"
  CHECK(parse<float16>("15", std::chars_format::scientific).first == std::errc::invalid_argument);
}
