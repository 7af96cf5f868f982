// The functions of two or three arguments in lowp/cmath.hpp against GNU MPFR emulating
// each format with arithmetic (all but the E8M0 scale type): every pair for the formats of
// at most 8 bits (for fma every pair with every 7th third operand), and for float16
// and bfloat16 10^6 random pairs plus edge cases (special values against each other and
// against every encoding, integer and fractional exponents for pow, Pythagorean triples
// for hypot, near-cancellation for fma).
#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <lowp/cmath.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "mpfr_reference.hpp"

namespace {

using namespace lowp_mpfr;

// The encodings of two or three arguments.
struct args {
  std::uint32_t v[3] = {0, 0, 0};
  std::size_t n = 0;
  args() = default;
  args(std::initializer_list<std::uint32_t> list) {
    for (std::uint32_t x : list) v[n++] = x;
  }
  std::uint32_t operator[](std::size_t i) const { return v[i]; }
  std::size_t size() const { return n; }
  bool empty() const { return n == 0; }
  void push_back(std::uint32_t x) { v[n++] = x; }
  const std::uint32_t* begin() const { return v; }
  const std::uint32_t* end() const { return v + n; }
};

template <class T>
T make(std::uint32_t bits) {
  return T::from_bits(static_cast<storage_t<T>>(bits));
}

template <class T>
bool is_nan(std::uint32_t bits) {
  return std::isnan(value_of<T>(bits));
}

// The NaN rule shared by every function: the first NaN argument, quieted; a NaN from
// non-NaN arguments is the positive quiet NaN (that one comes out of encode()).
template <class T>
std::uint32_t nan_rule(const args& a, std::uint32_t mpfr_result) {
  if (!is_nan<T>(mpfr_result)) return mpfr_result;
  for (std::uint32_t x : a)
    if (is_nan<T>(x)) return quiet<T>(x);
  return mpfr_result;
}

template <class T>
using mpfr_binary = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);

template <class T>
std::uint32_t emulate_binary(mpfr_binary<T> f, const args& a) {
  const std::uint32_t r = emulate<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) {
    return f(out, argument<0>(value_of<T>(a[0])), argument<1>(value_of<T>(a[1])), rnd);
  });
  return nan_rule<T>(a, r);
}

// The sorted finite and infinite values of T, for an independent nextafter.
template <class T>
const std::vector<std::pair<double, std::uint32_t>>& ordered_values() {
  static const auto values = [] {
    std::vector<std::pair<double, std::uint32_t>> v;
    for (std::uint32_t b = 0; b < encoding_count<T>(); ++b) {
      const double d = value_of<T>(b);
      if (!std::isnan(d) && d != 0) v.emplace_back(d, b);
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  return values;
}

template <class T>
std::uint32_t reference_nextafter(const args& a) {
  const double x = value_of<T>(a[0]), y = value_of<T>(a[1]);
  if (std::isnan(x)) return quiet<T>(a[0]);
  if (std::isnan(y)) return quiet<T>(a[1]);
  if (x == y) return a[1];
  const auto& v = ordered_values<T>();
  // From zero the step goes to the smallest magnitude of y's sign.
  if (x == 0) return y > 0 ? std::upper_bound(v.begin(), v.end(), std::make_pair(0.0, 0u))->second
                           : std::prev(std::lower_bound(v.begin(), v.end(), std::make_pair(0.0, 0u)))->second;
  const auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(x, 0u));
  if (y > x) {
    const auto next = std::next(it);
    // Stepping toward zero from the smallest negative subnormal gives -0 (+0 in fnuz).
    if ((next->first < 0) != (x < 0)) return zero_bits<T>(true);
    return next->second;
  }
  if (it == v.begin()) return 0xdeadu;
  const auto prev = std::prev(it);
  // Stepping toward zero from the smallest subnormal gives a zero of x's sign.
  if ((prev->first < 0) != (x < 0)) return zero_bits<T>(x < 0);
  return prev->second;
}

// The magnitude of x with the sign of y, bit by bit; fnuz's NaN, the sign bit alone, has
// no sign to change or to give, and a zero there is +0.
template <class T>
std::uint32_t reference_copysign(const args& a) {
  if (is_nan<T>(a[0]) && !nan_has_sign<T>()) return a[0];
  const bool negative = (a[1] & sign_bit<T>()) != 0 && !(is_nan<T>(a[1]) && !nan_has_sign<T>());
  const std::uint32_t magnitude = a[0] & ~sign_bit<T>();
  return magnitude == 0 ? zero_bits<T>(negative) : magnitude | (negative ? sign_bit<T>() : 0u);
}

struct function_under_test {
  const char* name;
  int arity;
  std::function<std::uint32_t(const args&)> lowp;
  std::function<std::uint32_t(const args&)> reference;
  mpfr_binary<void> exact = nullptr;  // for the boundary distance (libm-based functions)
};

template <class T>
struct margin_summary {
  std::mutex mutex;
  double smallest = HUGE_VAL;
  args smallest_at;
  std::uint64_t handled_exactly = 0;  // cases lowp computes without the libm
  std::uint64_t on_boundary = 0;      // exact results on a rounding boundary left to the libm
};

template <class T>
std::string describe(const char* name, const args& a, std::uint32_t got, std::uint32_t want) {
  std::string s = std::string(name) + "(";
  char buf[64];
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%a [0x%x]", i ? ", " : "", value_of<T>(a[i]), a[i]);
    s += buf;
  }
  std::snprintf(buf, sizeof buf, "): got 0x%x (%a), want 0x%x (%a)", got, value_of<T>(got), want, value_of<T>(want));
  return s + buf;
}

// Checks `count` argument tuples, case_at(i) being the i-th.
template <class T>
void check_cases(const function_under_test& f, std::uint64_t count, const std::function<args(std::uint64_t)>& case_at,
                 tally& t, margin_summary<T>& m, const std::function<bool(const args&)>& handled_exactly) {
  parallel_for(count, [&](std::uint64_t i) {
    const args a = case_at(i);
    const std::uint32_t got = f.lowp(a);
    const std::uint32_t want = f.reference(a);
    t.check(got == want, [&] { return describe<T>(f.name, a, got, want); });
    if (f.exact == nullptr || is_nan<T>(a[0]) || is_nan<T>(a[1])) return;
    if (handled_exactly(a)) {
      std::lock_guard<std::mutex> lock(m.mutex);
      ++m.handled_exactly;
      return;
    }
    thread_local mpfr_variable exact_variable(96);  // enough to see distances far below 1 ulp of double
    const mpfr_ptr exact = exact_variable.get();
    f.exact(exact, argument<0>(value_of<T>(a[0])), argument<1>(value_of<T>(a[1])), MPFR_RNDN);
    const double d = boundary_distance_ulps<T>(exact);
    std::lock_guard<std::mutex> lock(m.mutex);
    if (d == 0) {
      ++m.on_boundary;  // an exact result on a boundary, left to the libm
    } else if (d < m.smallest) {
      m.smallest = d;
      m.smallest_at = a;
    }
  });
}

// Values every edge-case list contains: zeros, the extremes of each range, small
// integers and simple fractions, infinities and NaNs of both signs.
template <class T>
std::vector<std::uint32_t> special_values() {
  using F = format_t<T>;
  std::vector<std::uint32_t> s = {0u, 1u, 2u, lowp_test::shape<F>::min_normal_bits - 1u, lowp_test::shape<F>::min_normal_bits, lowp_test::shape<F>::min_normal_bits + 1u,
                                  lowp_test::shape<F>::max_finite_bits - 1u, lowp_test::shape<F>::max_finite_bits, lowp_test::shape<F>::infinity_bits, lowp_test::shape<F>::quiet_nan_bits};
  if (lowp_test::shape<F>::has_signaling_nan) s.push_back(lowp_test::shape<F>::signaling_nan_bits);
  for (double v : {0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0, 0.1, 1.0 / 3.0}) {
    s.push_back(T(v).bits());
    s.push_back(lowp::nextafter(T(v), T(0.0)).bits());
    s.push_back(lowp::nextafter(T(v), make<T>(lowp_test::shape<F>::max_finite_bits)).bits());
  }
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) s.push_back(s[i] | sign_bit<T>());
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

template <class T>
void report(const char* name, const tally& t, margin_summary<T>* m) {
  std::printf("%-14s %-9s cases %9llu  mismatches %llu", type_name<T>(), name,
              static_cast<unsigned long long>(t.checked()), static_cast<unsigned long long>(t.failures()));
  if (m != nullptr) {
    std::printf("  computed exactly %llu  via libm: on a boundary %llu, min distance to one %.3g ulp of double",
                static_cast<unsigned long long>(m->handled_exactly), static_cast<unsigned long long>(m->on_boundary),
                m->smallest);
    if (!m->smallest_at.empty()) std::printf(" (at %a, %a)", value_of<T>(m->smallest_at[0]), value_of<T>(m->smallest_at[1]));
  }
  std::printf("\n");
  std::fflush(stdout);
}

// Far above any libm's error bound (glibc: 1-4 ulp, CUDA: up to 5); see RESULTS.md.
constexpr double required_margin = 4096;

template <class T>
void check_function(const function_under_test& f) {
  const std::uint32_t all = encoding_count<T>();
  const auto specials = special_values<T>();
  if (f.arity == 2 && std::string(f.name) == "pow")
    std::printf("%-14s %zu special values\n", type_name<T>(), specials.size());
  std::vector<args> cases;
  std::mt19937_64 rng(0x10e9 + all + static_cast<unsigned>(f.arity));
  auto random_encoding = [&] { return static_cast<std::uint32_t>(rng() % all); };

  // Formats of at most 8 bits: every pair; for fma every pair with every 7th third operand
  // (every 61st when not exhaustive; every triple costs 16.7 M MPFR calls a format for
  // little more: tests/core checks fma's pairs in every mode too), generated on the fly.
  const std::uint64_t tuples = all <= 256 ? std::uint64_t{all} * all * (f.arity == 3 ? all : 1) : 0;
  const std::uint64_t tuple_step = f.arity == 2 ? 1 : lowp_test::exhaustive ? 7 : 61;
  if (all > 256) {
    const std::size_t random_count = lowp_test::exhaustive ? 1000000 : 20000;
    for (std::size_t i = 0; i < random_count; ++i) {
      args a;
      for (int k = 0; k < f.arity; ++k) a.push_back(random_encoding());
      cases.push_back(a);
    }
    // Special values against each other; the most special ones against every encoding
    // in each position.
    const std::uint32_t stride = lowp_test::exhaustive ? 1 : 97;
    using F = format_t<T>;
    const std::uint32_t extremes[] = {0u, 1u, lowp_test::shape<F>::max_finite_bits, lowp_test::shape<F>::infinity_bits, lowp_test::shape<F>::quiet_nan_bits,
                                      T(1.0).bits()};
    if (f.arity == 2) {
      for (std::uint32_t x : specials)
        for (std::uint32_t y : specials) cases.push_back({x, y});
      for (std::uint32_t e : extremes)
        for (std::uint32_t s : {e, e | sign_bit<T>()})
          for (std::uint32_t x = 0; x < all; x += stride) {
            cases.push_back({x, s});
            cases.push_back({s, x});
          }
    } else {
      for (std::uint32_t x : specials)
        for (std::uint32_t y : specials)
          for (std::uint32_t z : specials) cases.push_back({x, y, z});
    }
  }

  // Function-specific edge cases.
  const std::string name = f.name;
  if (name == "pow" && all > 256) {
    // Integer, half- and quarter-integer exponents against every base: the exact cases.
    for (double y : {-2.0, -1.0, -0.5, 0.25, 0.5, 0.75, 1.5, 2.0, 2.5, 3.0, 5.0, 7.0, 17.0, 1024.0}) {
      const std::uint32_t yb = T(y).bits();
      for (std::uint32_t x = 0; x < all; x += lowp_test::exhaustive ? 1 : 97) cases.push_back({x, yb});
    }
  }
  if (name == "hypot" && all > 256) {
    // Pythagorean triples whose legs are exact in T: hypot is exact, possibly a tie.
    for (std::uint32_t a = 1; a < 4096; ++a)
      for (std::uint32_t b = 1; b <= a; ++b) {
        const std::uint64_t c2 = std::uint64_t{a} * a + std::uint64_t{b} * b;
        const auto c = static_cast<std::uint64_t>(std::llround(std::sqrt(static_cast<double>(c2))));
        if (c * c != c2) continue;
        const T ta(static_cast<double>(a)), tb(static_cast<double>(b));
        if (static_cast<double>(float(ta)) != a || static_cast<double>(float(tb)) != b) continue;
        cases.push_back({ta.bits(), tb.bits()});
        cases.push_back({lowp::ldexp(ta, -30).bits(), (-lowp::ldexp(tb, -30)).bits()});
      }
  }
  if (name == "fma" && all > 256) {
    // Near-cancellation: z close to -x*y, and z far below x*y (sticky bits).
    const std::size_t count = lowp_test::exhaustive ? 300000 : 5000;
    for (std::size_t i = 0; i < count; ++i) {
      const T x = make<T>(random_encoding()), y = make<T>(random_encoding());
      T z = -T(static_cast<double>(float(x)) * static_cast<double>(float(y)));
      for (int k = static_cast<int>(rng() % 4); k > 0; --k) z = lowp::nextafter(z, make<T>(random_encoding()));
      cases.push_back({x.bits(), y.bits(), z.bits()});
      const T tiny = lowp::ldexp(make<T>(random_encoding() & (sign_bit<T>() | 0x3ffu)), 0);
      cases.push_back({x.bits(), y.bits(), tiny.bits()});
    }
  }

  tally t;
  margin_summary<T> m;
  // The inputs lowp computes without the libm (white box: lowp's own predicates).
  const auto handled_exactly = [&](const args& a) {
    T exact{};
    const T x = make<T>(a[0]), y = make<T>(a[1]);
    if (name == "pow") return isfinite(x) && isfinite(y) && !iszero(x) && lowp::detail::math::exact_pow(x, y, exact);
    if (name == "atan2") return lowp::detail::math::tiny_atan2(x, y, exact);
    return false;
  };
  if (tuples != 0) {
    check_cases<T>(f, (tuples + tuple_step - 1) / tuple_step, [&](std::uint64_t i) {
      const std::uint64_t k = i * tuple_step;
      return f.arity == 2 ? args{static_cast<std::uint32_t>(k % all), static_cast<std::uint32_t>(k / all)}
                          : args{static_cast<std::uint32_t>(k % all), static_cast<std::uint32_t>(k / all % all),
                                 static_cast<std::uint32_t>(k / all / all)};
    }, t, m, handled_exactly);
  }
  check_cases<T>(f, cases.size(), [&](std::uint64_t i) { return cases[i]; }, t, m, handled_exactly);
  report<T>(f.name, t, f.exact != nullptr ? &m : nullptr);
  INFO(type_name<T>() << " " << f.name << ": " << t.report());
  CHECK(t.failures() == 0);
  if (f.exact != nullptr) {
    CHECK(m.on_boundary == 0);
    INFO("closest approach to a rounding boundary: " << m.smallest << " ulp");
    CHECK(m.smallest >= required_margin);
  }
}

template <class T>
void check_all() {
  using lowp::atan2;
  const auto b2 = [](T (*fn)(T, T)) {
    return [fn](const args& a) -> std::uint32_t { return fn(make<T>(a[0]), make<T>(a[1])).bits(); };
  };
  const auto r2 = [](int (*ref)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t)) {
    return [ref](const args& a) { return emulate_binary<T>(ref, a); };
  };
  const function_under_test functions[] = {
      {"pow", 2, b2([](T x, T y) { return lowp::pow(x, y); }), r2(mpfr_pow), mpfr_pow},
      {"atan2", 2, b2([](T y, T x) { return lowp::atan2(y, x); }), r2(mpfr_atan2), mpfr_atan2},
      {"hypot", 2, b2([](T x, T y) { return lowp::hypot(x, y); }), r2(mpfr_hypot)},
      {"fmin", 2, b2([](T x, T y) { return lowp::fmin(x, y); }), r2(mpfr_min)},
      {"fmax", 2, b2([](T x, T y) { return lowp::fmax(x, y); }), r2(mpfr_max)},
      {"copysign", 2, b2([](T x, T y) { return lowp::copysign(x, y); }),
       [](const args& a) { return reference_copysign<T>(a); }},
      {"nextafter", 2, b2([](T x, T y) { return lowp::nextafter(x, y); }),
       [](const args& a) { return reference_nextafter<T>(a); }},
      {"fma", 3,
       [](const args& a) -> std::uint32_t { return lowp::fma(make<T>(a[0]), make<T>(a[1]), make<T>(a[2])).bits(); },
       [](const args& a) {
         const std::uint32_t r = emulate<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) {
           return mpfr_fma(out, argument<0>(value_of<T>(a[0])), argument<1>(value_of<T>(a[1])),
                           argument<2>(value_of<T>(a[2])), rnd);
         });
         return nan_rule<T>(a, r);
       }},
  };
  const char* only = std::getenv("LOWP_MATH_ONLY");  // development aid: one function
  for (const auto& f : functions)
    if (only == nullptr || std::string(only) == f.name) check_function<T>(f);
}

// ldexp(x, n) and frexp(x) for every x.
template <class T>
void check_exponent_functions() {
  const std::uint32_t all = encoding_count<T>();
  const int steps[] = {INT_MIN, -100000, -300, -160, -150, -140, -30, -26, -25, -24, -16, -15, -11, -10, -8, -3, -2,
                       -1, 0, 1, 2, 3, 7, 8, 10, 15, 16, 30, 140, 150, 160, 300, 100000, INT_MAX};
  tally t_ldexp, t_frexp;
  parallel_for(all, [&](std::uint64_t i) {
    const auto bits = static_cast<std::uint32_t>(i);
    const T x = make<T>(bits);
    const double v = value_of<T>(bits);
    for (int n : steps) {
      const std::uint32_t got = lowp::ldexp(x, n).bits();
      const std::uint32_t want = std::isnan(v) ? quiet<T>(bits) : emulate<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) {
        return mpfr_mul_2si(out, argument<0>(v), n, rnd);
      });
      t_ldexp.check(got == want, [&] {
        return "ldexp(" + std::to_string(v) + ", " + std::to_string(n) + "): got " + lowp_test::hex(got) + " want " +
               lowp_test::hex(want);
      });
    }
    int e = 12345;
    const std::uint32_t got = lowp::frexp(x, &e).bits();
    std::uint32_t want = 0;
    long want_e = 0;
    if (std::isnan(v)) {
      want = quiet<T>(bits);
    } else if (std::isinf(v) || v == 0) {
      want = bits;
    } else {
      want = emulate<T>([&](mpfr_ptr out, mpfr_rnd_t rnd) {
        mpfr_exp_t ex = 0;
        const int r = mpfr_frexp(&ex, out, argument<0>(v), rnd);
        want_e = static_cast<long>(ex);
        return r;
      });
    }
    t_frexp.check(got == want && e == want_e, [&] {
      return "frexp(" + std::to_string(v) + "): got " + lowp_test::hex(got) + " e " + std::to_string(e);
    });
  });
  std::printf("%-14s %-9s cases %9llu  mismatches %llu\n", type_name<T>(), "ldexp",
              static_cast<unsigned long long>(t_ldexp.checked()), static_cast<unsigned long long>(t_ldexp.failures()));
  std::printf("%-14s %-9s cases %9llu  mismatches %llu\n", type_name<T>(), "frexp",
              static_cast<unsigned long long>(t_frexp.checked()), static_cast<unsigned long long>(t_frexp.failures()));
  INFO(t_ldexp.report() << "\n" << t_frexp.report());
  CHECK(t_ldexp.failures() == 0);
  CHECK(t_frexp.failures() == 0);
}

}  // namespace

LOWP_FORMAT_TEST_CASE("pow, atan2, hypot, fmin, fmax, copysign, nextafter and fma match MPFR", "[math][pairs]",
                        lowp_test::every_arithmetic_type) {
  REQUIRE(mpfr_buildopt_tls_p());
  check_all<TestType>();
}

LOWP_FORMAT_TEST_CASE("ldexp and frexp are exact for every input", "[math][exhaustive]",
                      lowp_test::every_arithmetic_type) {
  check_exponent_functions<TestType>();
}
