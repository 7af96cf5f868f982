// The report's statistics against values computed here, independently: each element is
// converted by lowp's scalar convert<T>, and the counts and errors are computed in double
// arithmetic by this file's own code (overflow by its own rounding of the significand).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include <lowp/lowp.hpp>

#include "analysis.hpp"
#include "dtype.hpp"
#include "report_test_support.hpp"

namespace {

using lowp_report::target;

template <class T>
struct type_tag {
  using type = T;
};

constexpr double infinity = std::numeric_limits<double>::infinity();

struct expected_cell {
  std::uint64_t nan = 0, overflow = 0, underflow = 0, subnormal = 0, inexact = 0, nan_changed = 0, inf_changed = 0;
  double max_abs = 0, max_rel = 0, sum_sq_rel = 0, sum_sq_error = 0;
};

struct expected_input {
  std::uint64_t count = 0, nan = 0, inf = 0, zero = 0, finite_nonzero = 0;
  double sum_sq = 0, min_abs = infinity, max_abs = 0;
  std::map<int, std::uint64_t> histogram;  // floor(log2 |x|) -> count
};

// a (> 0, finite) rounded to `bits` significant bits in the given mode, with no limit on
// the exponent: frexp, ldexp and floor are exact in double.
double round_significand(double a, int bits, lowp::rounding mode, bool negative) {
  int e = 0;
  const double scaled = std::ldexp(std::frexp(a, &e), bits);  // in [2^(bits-1), 2^bits)
  const double k = std::floor(scaled);
  const double fraction = scaled - k;
  bool up = false;
  switch (mode) {
    case lowp::rounding::to_nearest_even: up = fraction > 0.5 || (fraction == 0.5 && std::fmod(k, 2.0) == 1.0); break;
    case lowp::rounding::to_nearest_away: up = fraction >= 0.5; break;
    case lowp::rounding::toward_zero: up = false; break;
    case lowp::rounding::upward: up = fraction > 0 && !negative; break;
    case lowp::rounding::downward: up = fraction > 0 && negative; break;
  }
  return std::ldexp(k + (up ? 1.0 : 0.0), e - bits);
}

// For a NaN or infinite input v: counts it (and whether its result q changed class) and
// returns true. Otherwise false.
bool count_special(expected_cell& c, double v, double q) {
  if (std::isnan(v)) {
    ++c.nan;
    c.nan_changed += !std::isnan(q);
    return true;
  }
  if (std::isinf(v)) {
    c.inf_changed += !(q == v);
    return true;
  }
  return false;
}

// The errors of a finite input v whose result is q (a non-finite q: the value is lost).
void add_error(expected_cell& c, double v, double q) {
  const double a = std::fabs(v);
  const double d = std::isfinite(q) ? std::fabs(v - q) : infinity;
  c.max_abs = std::max(c.max_abs, d);
  c.sum_sq_error += d * d;
  if (a != 0) {
    const double r = d / a;
    c.max_rel = std::max(c.max_rel, r);
    c.sum_sq_rel += r * r;
  }
}

template <class T, class Src>
expected_cell reference_cell(const std::vector<Src>& x, lowp::rounding mode, lowp::overflow policy) {
  using F = typename T::format_type;
  const double max = static_cast<double>(static_cast<float>(std::numeric_limits<T>::max()));
  const double min_normal = std::ldexp(1.0, F::min_exponent);
  expected_cell c;
  for (const Src xi : x) {
    const double v = static_cast<double>(xi);
    const double q = static_cast<double>(static_cast<float>(lowp::convert<T>(xi, mode, policy)));
    if (count_special(c, v, q)) continue;
    const double a = std::fabs(v);
    c.overflow += a != 0 && round_significand(a, F::mantissa_bits + 1, mode, v < 0) > max;
    c.underflow += a != 0 && q == 0;
    c.subnormal += q != 0 && std::fabs(q) < min_normal;
    c.inexact += !(q == v);
    add_error(c, v, q);
  }
  return c;
}

template <class Src>
expected_input reference_input(const std::vector<Src>& x) {
  expected_input in;
  for (const Src xi : x) {
    const double v = static_cast<double>(xi);
    ++in.count;
    if (std::isnan(v)) {
      ++in.nan;
    } else if (std::isinf(v)) {
      ++in.inf;
    } else if (v == 0) {
      ++in.zero;
    } else {
      ++in.finite_nonzero;
      in.min_abs = std::min(in.min_abs, std::fabs(v));
      const int e = std::clamp(std::ilogb(v), lowp_report::histogram_min_exponent,
                               lowp_report::histogram_min_exponent + lowp_report::histogram_bins - 1);
      ++in.histogram[e];
    }
    if (std::isfinite(v)) {
      in.sum_sq += v * v;
      in.max_abs = std::max(in.max_abs, std::fabs(v));
    }
  }
  return in;
}

// Equal, or within a relative tolerance; infinities must match exactly.
bool close(double a, double b, double tolerance) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= tolerance * std::max(std::fabs(a), std::fabs(b));
}

// Sums are accumulated in another order than here: a relative tolerance far above the
// rounding of ~1e6 terms and far below any real disagreement.
constexpr double sum_tolerance = 1e-9;
// The report computes |x - q| / |x| as |x - q| * (1 / |x|): a few units of the last place.
constexpr double ratio_tolerance = 1e-15;

void check_input(const lowp_report::input_stats& got, const expected_input& want) {
  CHECK(got.count == want.count);
  CHECK(got.nan == want.nan);
  CHECK(got.inf == want.inf);
  CHECK(got.zero == want.zero);
  CHECK(got.finite_nonzero == want.finite_nonzero);
  CHECK(close(got.sum_sq.to_double(), want.sum_sq, sum_tolerance));
  CHECK(got.min_abs == want.min_abs);
  CHECK(got.max_abs == want.max_abs);
  std::uint64_t histogram_total = 0;
  for (int i = 0; i < lowp_report::histogram_bins; ++i) {
    const int e = lowp_report::histogram_min_exponent + i;
    const auto it = want.histogram.find(e);
    const std::uint64_t expected = it == want.histogram.end() ? 0 : it->second;
    INFO("histogram bin 2^" << e);
    CHECK(got.histogram[static_cast<std::size_t>(i)] == expected);
    histogram_total += got.histogram[static_cast<std::size_t>(i)];
  }
  CHECK(histogram_total == want.finite_nonzero);
}

void check_cell(const lowp_report::cell_stats& got, const expected_cell& want) {
  CHECK(got.counts.nan == want.nan);
  CHECK(got.counts.overflow == want.overflow);
  CHECK(got.counts.underflow == want.underflow);
  CHECK(got.counts.subnormal == want.subnormal);
  CHECK(got.counts.inexact == want.inexact);
  CHECK(got.errors.nan_changed == want.nan_changed);
  CHECK(got.errors.inf_changed == want.inf_changed);
  CHECK(got.errors.max_abs == want.max_abs);  // the same subtraction in double: exact
  CHECK(close(got.errors.max_rel, want.max_rel, ratio_tolerance));
  INFO("sum_sq_rel " << got.errors.sum_sq_rel << " vs " << want.sum_sq_rel << ", max_rel " << got.errors.max_rel << " vs " << want.max_rel);
  CHECK(close(got.errors.sum_sq_rel, want.sum_sq_rel, sum_tolerance));
  CHECK(close(got.errors.sum_sq_error.to_double(), want.sum_sq_error, sum_tolerance));
}

// ---- Block formats, from DESIGN.md's contract, written here (no lowp block code) ----

// The dequantized values of x under MX format Elem (blocks of 32 along rows of
// row_length), the largest magnitude each value's block holds (element max x scale) and
// its smallest normal one: scale 2^(floor(log2 amax) - emax) clamped to [-127, 127]; a block
// holding NaN or inf gives NaN; elements x / s rounded once in `mode`, saturating.
template <class Elem>
struct block_reference {
  std::vector<double> q, limit, min_normal;
};

template <class Elem, class Src>
block_reference<Elem> reference_mx(const std::vector<Src>& x, std::size_t row_length, lowp::rounding mode) {
  block_reference<Elem> r;
  const double element_max = static_cast<double>(static_cast<float>(std::numeric_limits<Elem>::max()));
  const double element_min = static_cast<double>(static_cast<float>(std::numeric_limits<Elem>::min()));
  const int emax = std::ilogb(element_max);
  for (std::size_t row = 0; row < x.size(); row += row_length) {
    for (std::size_t b = row; b < row + row_length; b += 32) {
      const std::size_t e = std::min(b + 32, row + row_length);
      double amax = 0;
      bool special = false;
      for (std::size_t i = b; i < e; ++i) {
        const double v = static_cast<double>(static_cast<float>(x[i]));  // the quantizer takes float
        special = special || !std::isfinite(v);
        amax = std::max(amax, std::fabs(v));
      }
      const double s = amax == 0 ? std::ldexp(1.0, -127) : std::ldexp(1.0, std::clamp(std::ilogb(amax) - emax, -127, 127));
      for (std::size_t i = b; i < e; ++i) {
        const double v = static_cast<double>(static_cast<float>(x[i]));
        const Elem q = lowp::convert<Elem>(v / s, mode, lowp::overflow::saturate);
        r.q.push_back(special ? std::numeric_limits<double>::quiet_NaN()
                              : static_cast<double>(static_cast<float>(static_cast<double>(static_cast<float>(q)) * s)));
        r.limit.push_back(special ? std::numeric_limits<double>::quiet_NaN() : element_max * s);
        r.min_normal.push_back(element_min * s);
      }
    }
  }
  return r;
}

// NVFP4: tensor scale amax / 2688 (1 if that is not a positive finite number), block scale
// saturate_cast<e4m3>(bamax / 6 / ts), element e2m1(x / (bs * ts)), dequantized e * bs * ts,
// every operation in float; a block holding NaN gives NaN.
template <class Src>
block_reference<lowp::float4_e2m1fn> reference_nvfp4(const std::vector<Src>& x, std::size_t row_length,
                                                     lowp::rounding mode) {
  block_reference<lowp::float4_e2m1fn> r;
  float amax = 0;
  for (const Src v : x) amax = std::isnan(static_cast<float>(v)) ? amax : std::max(amax, std::fabs(static_cast<float>(v)));
  for (const Src v : x) amax = std::isnan(static_cast<float>(v)) ? std::numeric_limits<float>::infinity() : amax;
  float ts = amax / (448.0f * 6.0f);
  if (!(amax > 0) || !std::isfinite(amax) || !(ts > 0)) ts = 1.0f;
  for (std::size_t row = 0; row < x.size(); row += row_length) {
    for (std::size_t b = row; b < row + row_length; b += 16) {
      const std::size_t e = std::min(b + 16, row + row_length);
      float bamax = 0;
      bool nan = false;
      for (std::size_t i = b; i < e; ++i) {
        const float v = static_cast<float>(x[i]);
        nan = nan || std::isnan(v);
        bamax = std::max(bamax, std::fabs(v));
      }
      const float bs = static_cast<float>(lowp::saturate_cast<lowp::float8_e4m3fn>(bamax / 6.0f / ts));
      for (std::size_t i = b; i < e; ++i) {
        const float v = static_cast<float>(x[i]);
        const float element = bs == 0 ? 0.0f
                                      : static_cast<float>(lowp::convert<lowp::float4_e2m1fn>(
                                            v / (bs * ts), mode, lowp::overflow::saturate));
        r.q.push_back(nan ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(element * bs * ts));
        r.limit.push_back(nan ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(6.0f * bs * ts));
        r.min_normal.push_back(static_cast<double>(1.0f * bs * ts));
      }
    }
  }
  return r;
}

// A block format's cell from its reference values: the counts as analysis.hpp defines them
// for block formats, the errors as for element formats.
template <class Elem, class Src>
std::pair<expected_cell, std::uint64_t> reference_block_cell(const std::vector<Src>& x, const block_reference<Elem>& r) {
  expected_cell c;
  std::uint64_t clamped = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = static_cast<double>(x[i]);
    const double q = r.q[i];
    if (count_special(c, v, q)) continue;
    const double a = std::fabs(v);
    if (!std::isfinite(q)) {
      ++c.overflow;
    } else {
      c.underflow += a != 0 && q == 0;
      c.subnormal += q != 0 && std::fabs(q) < r.min_normal[i];
      c.inexact += !(q == v);
      clamped += a > r.limit[i] && r.limit[i] > 0;
    }
    add_error(c, v, q);
  }
  return {c, clamped};
}

template <class Src>
void check_all_cells(const lowp_report::tensor_stats& s, const std::vector<Src>& x, lowp::rounding mode,
                     std::size_t row_length = 0) {
  if (row_length == 0) row_length = x.size();
  for (const target t : lowp_report::all_targets) {
    for (const lowp::overflow policy : lowp_report::policies) {
      INFO("format " << lowp_report::target_name(t) << ", policy "
                     << (policy == lowp::overflow::ieee ? "ieee" : "saturate") << ", rounding "
                     << lowp_report::rounding_name(mode) << ", rows of " << row_length);
      lowp_report::with_target(t, [&](auto row) {
        using Row = decltype(row);
        if constexpr (Row::block) {
          using E = typename Row::element;
          std::pair<expected_cell, std::uint64_t> want;
          if constexpr (Row::needs_tensor_amax) {
            want = reference_block_cell(x, reference_nvfp4(x, row_length, mode));
          } else {
            want = reference_block_cell(x, reference_mx<E>(x, row_length, mode));
          }
          check_cell(s.cell(t, policy), want.first);
          CHECK(s.cell(t, policy).clamped == want.second);
        } else {
          using T = typename Row::type;
          check_cell(s.cell(t, policy), reference_cell<T>(x, mode, policy));
        }
      });
    }
  }
}

template <class Src>
lowp_report::tensor_entry entry_for(const std::vector<Src>& x, lowp_report::dtype type) {
  lowp_report::tensor_entry t;
  t.name = "t";
  t.type = type;
  t.count = x.size();
  t.shape = {t.count};
  t.offset = 0;
  t.size = t.count * sizeof(Src);
  return t;
}

// Floats that sit on every edge the report must get right, followed by random ones: ties,
// each format's max and overflow thresholds, subnormals of every format, NaN, inf, zeros.
std::vector<float> float_mixture(std::size_t n, std::uint32_t seed) {
  const float f = std::numeric_limits<float>::max();
  std::vector<float> x = {0.0f, -0.0f, std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::min(), f, -f,
                          65504.0f, 65519.0f, 65520.0f, -65520.0f, 65536.0f, 1e5f, -1e5f, 448.0f, 464.0f, 465.0f,
                          -465.0f, 480.0f, 57344.0f, 61439.0f, 61440.0f, -61440.0f, 3.3895314e38f, 3.3961e38f,
                          1.0f + 0x1p-11f, 1.0f + 0x1p-8f, 1.0f + 0x1p-4f, 0x1p-24f, 0x1p-25f, 0x1.0002p-25f,
                          0x1p-133f, 0x1p-134f, 0x1p-9f, 0x1p-10f, 0x1p-16f, 0x1p-17f, 1e-40f, 3.0f, -7.0f, 0.5f};
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  while (x.size() < n) {
    switch (rng() % 3) {
      case 0: {  // log-uniform over float's whole range
        const double e = -150 + 280 * unit(rng);
        x.push_back(static_cast<float>((rng() & 1 ? -1 : 1) * std::exp2(e)));
        break;
      }
      case 1: {  // any bit pattern (NaN payloads included)
        const std::uint32_t bits = static_cast<std::uint32_t>(rng());
        float v;
        std::memcpy(&v, &bits, sizeof v);
        x.push_back(v);
        break;
      }
      default:  // weight-like
        x.push_back(static_cast<float>(0.05 * (unit(rng) - 0.5)));
    }
  }
  return x;
}

std::vector<double> double_mixture(std::size_t n, std::uint32_t seed) {
  std::vector<double> x = {0.0, -0.0, std::numeric_limits<double>::quiet_NaN(), infinity, -infinity,
                           std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min(),
                           std::numeric_limits<double>::max(), 1e300, -1e300, 1e-300,
                           // rounded once these differ from being rounded through float first
                           1.0 + 0x1p-11 + 0x1p-40, 1.0 + 0x1p-8 + 0x1p-40, 1.0 + 0x1p-4 + 0x1p-40,
                           1.0 + 0x1p-3 + 0x1p-40, 65520.0 - 0x1p-30, 65520.0 + 0x1p-30, 464.0 + 0x1p-40,
                           0x1p-25 + 0x1p-60, 3.4e38, 3.5e38, 1e39};
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  while (x.size() < n) {
    if (rng() % 2) {
      x.push_back((rng() & 1 ? -1 : 1) * std::exp2(-1100 + 2150 * unit(rng)));
    } else {
      const std::uint64_t bits = (std::uint64_t{rng()} << 32) | rng();
      double v;
      std::memcpy(&v, &bits, sizeof v);
      x.push_back(v);
    }
  }
  return x;
}

// Every encoding of a lowp type, widened to float, and the raw bytes of the encodings.
template <class T>
std::pair<std::vector<float>, std::string> every_value() {
  using storage = typename T::storage_type;
  const std::size_t n = std::size_t{1} << (8 * sizeof(T));
  std::vector<T> encodings;
  std::vector<float> widened;
  for (std::size_t b = 0; b < n; ++b) {
    encodings.push_back(T::from_bits(static_cast<storage>(b)));
    widened.push_back(static_cast<float>(encodings.back()));
  }
  return {widened, report_test::as_bytes(encodings)};
}

}  // namespace

TEST_CASE("report statistics of F32 tensors match an independent computation", "[report][statistics]") {
  const auto x = float_mixture(1'100'003, 1);  // two blocks of work, many chunks, a ragged end
  const auto bytes = report_test::as_bytes(x);
  const auto data = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto s = lowp_report::analyze_tensor(entry_for(x, lowp_report::dtype::f32), data, lowp::rounding::to_nearest_even);
  check_input(s.input, reference_input(x));
  check_all_cells(s, x, lowp::rounding::to_nearest_even);
}

TEST_CASE("report statistics follow every rounding mode", "[report][statistics]") {
  const auto x = float_mixture(50'001, 2);
  const auto bytes = report_test::as_bytes(x);
  const auto data = reinterpret_cast<const unsigned char*>(bytes.data());
  for (const auto mode : {lowp::rounding::to_nearest_away, lowp::rounding::toward_zero, lowp::rounding::upward,
                          lowp::rounding::downward}) {
    const auto s = lowp_report::analyze_tensor(entry_for(x, lowp_report::dtype::f32), data, mode);
    check_all_cells(s, x, mode);
  }
}

TEST_CASE("report statistics of F64 tensors round once, from double", "[report][statistics]") {
  const auto x = double_mixture(40'000, 3);
  const auto bytes = report_test::as_bytes(x);
  const auto data = reinterpret_cast<const unsigned char*>(bytes.data());
  for (const auto mode : {lowp::rounding::to_nearest_even, lowp::rounding::toward_zero}) {
    const auto s = lowp_report::analyze_tensor(entry_for(x, lowp_report::dtype::f64), data, mode);
    check_input(s.input, reference_input(x));
    check_all_cells(s, x, mode);
  }
}

TEST_CASE("report statistics of every F16, BF16 and FP8 encoding", "[report][statistics]") {
  auto check = [](auto tag, lowp_report::dtype type) {
    using T = typename decltype(tag)::type;
    const auto [widened, bytes] = every_value<T>();
    INFO("input dtype " << lowp_report::dtype_name(type));
    lowp_report::tensor_entry t = entry_for(widened, type);
    t.size = bytes.size();
    const auto s = lowp_report::analyze_tensor(t, reinterpret_cast<const unsigned char*>(bytes.data()),
                                               lowp::rounding::to_nearest_even);
    check_input(s.input, reference_input(widened));
    check_all_cells(s, widened, lowp::rounding::to_nearest_even);
  };
  check(type_tag<lowp::float16>{}, lowp_report::dtype::f16);
  check(type_tag<lowp::bfloat16>{}, lowp_report::dtype::bf16);
  check(type_tag<lowp::float8_e4m3fn>{}, lowp_report::dtype::f8_e4m3);
  check(type_tag<lowp::float8_e5m2>{}, lowp_report::dtype::f8_e5m2);
}

TEST_CASE("block formats run along rows: a last dimension that is not whole blocks", "[report][statistics]") {
  // 45-value rows over more than one block of work (whose boundary falls inside a row),
  // rows of exactly one NVFP4 block, and one-value rows (every value its own block).
  for (const std::size_t row_length : {std::size_t{45}, std::size_t{16}, std::size_t{1}}) {
    const auto x = float_mixture(row_length == 45 ? 45 * 24000 : row_length * 3000, 5);
    const auto bytes = report_test::as_bytes(x);
    auto t = entry_for(x, lowp_report::dtype::f32);
    t.shape = {x.size() / row_length, row_length};
    const auto s = lowp_report::analyze_tensor(t, reinterpret_cast<const unsigned char*>(bytes.data()),
                                               lowp::rounding::to_nearest_even);
    check_input(s.input, reference_input(x));
    check_all_cells(s, x, lowp::rounding::to_nearest_even, row_length);
  }
}

TEST_CASE("report statistics do not depend on the number of threads", "[report][statistics]") {
  const auto x = float_mixture(1'200'000, 4);
  const auto bytes = report_test::as_bytes(x);
  lowp_report::tensor_file file;
  file.tensors.push_back(entry_for(x, lowp_report::dtype::f32));
  const lowp_report::memory_source source(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::vector<lowp_report::tensor_stats> results;
  for (const unsigned threads : {1u, 2u, 5u}) {
    lowp_report::analysis_options options;
    options.threads = threads;
    results.push_back(lowp_report::analyze({{&file, &source}}, options)[0][0]);
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    CHECK(std::memcmp(&results[0].input, &results[i].input, sizeof(lowp_report::input_stats)) == 0);
    CHECK(std::memcmp(&results[0].cells, &results[i].cells, sizeof results[0].cells) == 0);
  }
}

TEST_CASE("every instruction set's statistics kernels give the same bits", "[report][statistics]") {
  // The report's kernels follow lowp's bulk path (SSE2 build on "portable", AVX2 build on
  // avx2 and avx512): each path, where this CPU has it, against the portable one, on F32
  // and F64 tensors with a ragged end.
  const auto x = float_mixture(300'001, 6);
  const auto xd = double_mixture(20'003, 7);
  const std::string bytes = report_test::as_bytes(x), bytes_d = report_test::as_bytes(xd);
  const lowp::simd_path before = lowp::bulk_path();
  auto run = [&](lowp::simd_path p) {
    REQUIRE(lowp::set_bulk_path(p));
    std::pair<lowp_report::tensor_stats, lowp_report::tensor_stats> r{
        lowp_report::analyze_tensor(entry_for(x, lowp_report::dtype::f32),
                                    reinterpret_cast<const unsigned char*>(bytes.data()), lowp::rounding::to_nearest_even),
        lowp_report::analyze_tensor(entry_for(xd, lowp_report::dtype::f64),
                                    reinterpret_cast<const unsigned char*>(bytes_d.data()), lowp::rounding::to_nearest_even)};
    return r;
  };
  const auto portable = run(lowp::simd_path::portable);
  int compared = 0;
  for (const lowp::simd_path p : {lowp::simd_path::avx2, lowp::simd_path::avx512}) {
    if (!lowp::bulk_path_supported(p)) {
      WARN("skipped: this CPU has no " << lowp::simd::path_name(p));
      continue;
    }
    INFO("path " << lowp::simd::path_name(p));
    const auto other = run(p);
    CHECK(std::memcmp(&portable.first.input, &other.first.input, sizeof(lowp_report::input_stats)) == 0);
    CHECK(std::memcmp(&portable.first.cells, &other.first.cells, sizeof portable.first.cells) == 0);
    CHECK(std::memcmp(&portable.second.input, &other.second.input, sizeof(lowp_report::input_stats)) == 0);
    CHECK(std::memcmp(&portable.second.cells, &other.second.cells, sizeof portable.second.cells) == 0);
    ++compared;
  }
  lowp::set_bulk_path(before);
  check_input(portable.first.input, reference_input(x));  // the portable kernels are right too
  check_all_cells(portable.first, x, lowp::rounding::to_nearest_even);
  if (compared == 0) WARN("only the portable kernels ran: nothing to compare them with on this CPU");
}

TEST_CASE("an empty tensor has no statistics and converts exactly", "[report][statistics]") {
  lowp_report::tensor_entry t;
  t.type = lowp_report::dtype::f32;
  t.shape = {0, 7};
  const unsigned char nothing = 0;
  const auto s = lowp_report::analyze_tensor(t, &nothing, lowp::rounding::to_nearest_even);
  CHECK(s.input.count == 0);
  CHECK(s.cell(lowp_report::targets::float16, lowp::overflow::ieee).counts.inexact == 0);
  CHECK(s.cell(lowp_report::targets::float16, lowp::overflow::ieee).errors.max_abs == 0);
}
