// test_exhaustive: one walk over all 2^32 floats that runs every float -> lowp check.
//
// The floats are visited once, in runs of 2^16 spread over all cores. For each run, each
// format of the table (tests/support/formats.hpp) and each rounding mode x overflow
// policy, the engine's results (lowp::detail::round_binary) are computed once, and every
// check that covers that combination compares something with them:
//
//   reference      the engine against the independent grid reference (reference.hpp)
//   scalar         the scalar API in this (baseline) build: T(x) and lowp::convert<T>(x, RNE,
//                  policy), which take their own fast paths
//   f16c           float16 only: the x86 F16C instruction (vcvtps2ph) in its four modes
//   bulk.<path>    lowp::simd::convert_on on each bulk path, every format, mode and policy
//   bulk.avx512bf16-emulated  the avx512bf16 block logic with its instruction emulated
//   counts.<path>  lowp::simd::count_on (check_conversion's statistics) on each path,
//                  against the per-element definition lowp::detail::count_result, summed
//                  over each 4096 inputs (so a miscount cannot hide behind another)
//   cuda_host      CUDA's __nv_cvt_float_to_* host code (cuda_host_check.hpp), where CMake
//                  finds CUDA's headers and LOWP_TEST_CUDA_HOST_WALK is on
//   midpoints      not per run: every mode and policy on each value and midpoint of every
//                  format's grid and the two floats either side, engine against reference
//
// So "engine == reference" and "X == engine" together give "X == reference" for every X.
// Paths this CPU cannot run are reported as skipped, with the reason. The scalar
// float16(float) of an F16C build is checked by test_scalar_f16c (a separate program: a TU
// built with -mf16c must not share lowp's inline functions with baseline TUs).
//
// Usage: see walk.hpp (--summary, --result, --only, --list, --threads, --sample, --stride).
#include <chrono>
#include <ctime>
#include <map>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <lowp/bulk.hpp>
#include <lowp/lowp.hpp>

#include "cpu.hpp"
#include "emulated_bf16.hpp"
#include "formats.hpp"
#include "reference.hpp"
#include "reference_anchors.hpp"
#include "walk.hpp"
#if LOWP_TEST_CUDA_HOST
#include "cuda_host_check.hpp"
#endif

#if LOWP_TEST_X86
#include <immintrin.h>
#endif

namespace {

using lowp::overflow;
using lowp::rounding;
using lowp_test::float16_row;

constexpr rounding all_modes[] = {rounding::to_nearest_even, rounding::to_nearest_away, rounding::toward_zero,
                                  rounding::upward, rounding::downward};
constexpr overflow all_policies[] = {overflow::ieee, overflow::saturate};

const char* mode_name(rounding r) {
  switch (r) {
    case rounding::to_nearest_even: return "to_nearest_even";
    case rounding::to_nearest_away: return "to_nearest_away";
    case rounding::toward_zero: return "toward_zero";
    case rounding::upward: return "upward";
    case rounding::downward: return "downward";
  }
  return "?";
}
const char* policy_name(overflow o) { return o == overflow::ieee ? "ieee" : "saturate"; }

bool is_nan_float(std::uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }

std::string describe(std::uint32_t u, rounding mode, overflow policy, const char* what, std::uint64_t got,
                     std::uint64_t want) {
  return walk::hex(u, 8) + " " + mode_name(mode) + "/" + policy_name(policy) + ": " + what + " " + walk::hex(got) +
         ", engine " + walk::hex(want);
}

// The hot loops (the engine over a run where the CPU has no vector lanes, the
// statistics' definition, CUDA's conversions) run through hot(body): body is compiled for
// the baseline target and, on x86, also for AVX2 and for AVX-512, where the compiler
// vectorises it; the widest copy this CPU runs is used. (The engine as the baseline build
// runs it is checked too: by the scalar check, through T(x), and by the scalar tests.)
template <class Body>
[[gnu::flatten]] void hot_baseline(Body& body) {
  body();
}
#if LOWP_TEST_X86
template <class Body>
[[gnu::target("avx2,fma,bmi,bmi2,lzcnt,popcnt"), gnu::flatten]] void hot_avx2(Body& body) {
  body();
}
template <class Body>
[[gnu::target("avx512f,avx512bw,avx512vl,avx512dq,avx512cd,avx2,fma,bmi,bmi2,lzcnt,popcnt"), gnu::flatten]] void
hot_avx512(Body& body) {
  body();
}
#endif

enum class hot_isa { baseline, avx2, avx512 };
hot_isa widest_hot_isa() {
  const auto& c = lowp_test::cpu();
  if (c.avx2 && c.os_ymm && c.avx512f && c.avx512bw && c.avx512vl && c.os_zmm) return hot_isa::avx512;
  if (c.avx2 && c.os_ymm) return hot_isa::avx2;
  return hot_isa::baseline;
}

template <class Body>
void hot(Body&& body) {
#if LOWP_TEST_X86
  static const hot_isa isa = widest_hot_isa();
  if (isa == hot_isa::avx512) return hot_avx512(body);
  if (isa == hot_isa::avx2) return hot_avx2(body);
#endif
  hot_baseline(body);
}


// Scratch of one thread for one format.
template <class Row>
struct row_scratch {
  using T = typename Row::type;
  using S = typename T::storage_type;
  using where_t = typename lowp_ref::grid<Row>::where_t;
  std::vector<S> engine;
  std::vector<T> got;
  // The reference's location of the run (locate_run): stretches [begin, end) of inputs
  // that the grid puts at the same place, the neighbour k below |x| and where |x| lies.
  struct segment {
    std::uint32_t begin, end, k;
    where_t where;
  };
  std::vector<segment> segments;
  bool located = false;
  std::vector<lowp::conversion_stats> definition;  // count_result summed per 4096 inputs
  int definition_for = -1;                         // for which mode x policy
  explicit row_scratch(std::size_t n) : engine(n), got(n) {}
};

template <class Rows>
struct scratch_tuple;
template <class... Rows>
struct scratch_tuple<std::tuple<Rows...>> {
  using type = std::tuple<row_scratch<Rows>...>;
};

struct scratch {
  std::vector<float> x;
  std::vector<std::uint32_t> u;
  typename scratch_tuple<lowp_test::all_format_rows>::type rows;
  explicit scratch(std::size_t n)
      : x(n), u(n), rows(std::apply([n](auto... r) { return std::make_tuple(row_scratch<decltype(r)>(n)...); },
                                    lowp_test::all_format_rows{})) {}
};

// What a check sees of one run, for one format, mode and policy.
template <class Row>
struct run_view {
  const float* x;
  const std::uint32_t* u;
  std::size_t n;
  rounding mode;
  overflow policy;
  row_scratch<Row>& rs;  // rs.engine holds the engine's results for (mode, policy)
  bool path_sample;      // one of the runs of walk::in_path_sample
};

// The engine's results for one run, with the mode and policy as constants. Where the CPU
// has AVX2 or AVX-512 the engine's source (round.hpp's round_binary_lanes, through
// simd::narrow_lanes) runs on 8 or 16 lanes at a time: the same code as the scalar
// engine, instantiated for a vector lane type, about 10x faster than the scalar loop.
// The scalar instantiation is compared with these results on every float by the `scalar`
// check (T(x)), and both with the reference by the `reference` check.
template <class L, class F, rounding Mode, overflow Policy, class S>
LOWP_ALWAYS_INLINE void engine_lanes(const std::uint32_t* u, S* out, std::size_t n) {
  constexpr std::size_t width = sizeof(L) / sizeof(std::uint32_t);
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    L v, r;
    std::memcpy(&v, u + i, sizeof v);
    lowp::simd::narrow_lanes<F, Mode, Policy>(v, r);
    for (std::size_t k = 0; k < width; ++k) out[i + k] = static_cast<S>(r[k]);
  }
  for (; i < n; ++i) out[i] = static_cast<S>(lowp::detail::round_binary<F, lowp::detail::binary32>(u[i], Mode, Policy));
}
#if LOWP_TEST_X86 && LOWP_HAS_X86_DISPATCH
template <class F, rounding Mode, overflow Policy, class S>
[[gnu::target("avx2"), gnu::flatten]] void engine_lanes_avx2(const std::uint32_t* u, S* out, std::size_t n) {
  engine_lanes<lowp::simd::u32x8, F, Mode, Policy>(u, out, n);
}
template <class F, rounding Mode, overflow Policy, class S>
[[gnu::target("avx512f,avx512bw,avx512vl,avx2"), gnu::flatten]] void engine_lanes_avx512(const std::uint32_t* u,
                                                                                       S* out, std::size_t n) {
  engine_lanes<lowp::simd::u32x16, F, Mode, Policy>(u, out, n);
}
#endif
template <class F, rounding Mode, overflow Policy, class S>
void engine_run(const std::uint32_t* u, S* out, std::size_t n) {
#if LOWP_TEST_X86 && LOWP_HAS_X86_DISPATCH
  static const hot_isa isa = widest_hot_isa();
  if (isa == hot_isa::avx512) return engine_lanes_avx512<F, Mode, Policy>(u, out, n);
  if (isa == hot_isa::avx2) return engine_lanes_avx2<F, Mode, Policy>(u, out, n);
#endif
  hot([&] {
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = static_cast<S>(lowp::detail::round_binary<F, lowp::detail::binary32>(u[i], Mode, Policy));
    }
  });
}

template <class F, class S>
void engine_run(const std::uint32_t* u, S* out, std::size_t n, rounding mode, overflow policy) {
  lowp::with_rounding(mode, policy, [&](auto m, auto p) { engine_run<F, decltype(m)::value, decltype(p)::value>(u, out, n); });
}

// How many comparisons a check makes per input of a covered combination: its
// per_input<Row>() where it has one (several conversions compared per input), else 1.
template <class Row, class C>
auto per_input_of(const C& c, int) -> decltype(c.template per_input<Row>()) {
  return c.template per_input<Row>();
}
template <class Row, class C>
std::uint64_t per_input_of(const C&, long) {
  return 1;
}

// This thread's CPU time in nanoseconds (for --profile).
std::uint64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<std::uint64_t>(t.tv_sec) * 1000000000u + static_cast<std::uint64_t>(t.tv_nsec);
}

// Whether a check runs on the run starting at `first`: its visits<Row>(o, first) where it
// has one, else always.
//
// sampled_path: by default three kinds of bulk work are checked on every 32nd run only
// (walk::in_path_sample; every run with --every-path):
//   bulk.portable, counts.portable  the path of CPUs without AVX2 (non-x86, old x86); in
//                                   this build it is scalar code and costs more than all
//                                   the other paths together
//   bulk.avx512bf16 on a format without the vcvtneps2bf16 capability (hw_traits): the
//                                   avx512 kernel's source, compiled once more with the
//                                   avx512bf16 target added
//   counts.avx512bf16               the dispatcher runs the avx512 count kernel itself
//                                   (simd/dispatch.hpp): only the routing is its own
template <class Row, class C>
auto visits_of(const C& c, const walk::options& o, std::uint32_t first, int)
    -> decltype(c.template visits<Row>(o, first)) {
  return c.template visits<Row>(o, first);
}
template <class Row, class C>
bool visits_of(const C&, const walk::options&, std::uint32_t, long) {
  return true;
}

// Whether a format has bulk SIMD kernels (its hw_traits row opts in).
template <class Row>
constexpr bool has_kernel = lowp::simd::has_kernel<float, typename Row::type>::value;

// ---- the checks ----------------------------------------------------------------------

// Where the reference's grid puts each input of a run, once per run and format (whatever
// the mode), as segments: stretches of inputs at the same position. A run lies in one
// binade of one sign, |x| growing along it, and a position (the neighbour below |x| and
// whether |x| is on it, below, at or above the midpoint, beyond the grid or below it) only
// grows with |x|. So the inputs at the position of x[i] are a contiguous stretch from i,
// and its end is found by comparing positions (galloping, then bisecting): every input is
// located by an argument from order, not sampled. A value of the grid or a midpoint is one
// float; NaNs are located one by one (their position is the encoding their payload gives).
// Each format's grid, built once (the walk's threads and the midpoints check share it).
template <class Row>
const lowp_ref::grid<Row>& grid_of() {
  static const lowp_ref::grid<Row> grid;
  return grid;
}

template <class Row>
void locate_run(const run_view<Row>& v) {
  using grid_t = lowp_ref::grid<Row>;
  const grid_t& grid = grid_of<Row>();
  auto& rs = v.rs;
  rs.segments.clear();
  std::size_t hint = 0;
  auto at = [&](std::size_t i) {
    const std::uint32_t u = v.u[i];
    return is_nan_float(u) ? grid_t::nan_position(lowp_ref::nan_bits<Row>(u >> 31, u & 0x7fffffu, 23))
                           : grid.locate(static_cast<double>(v.x[i]), hint);
  };
  auto same = [](const typename grid_t::position& a, const typename grid_t::position& b) {
    return a.k == b.k && a.where == b.where;
  };
  std::size_t i = 0;
  while (i < v.n) {
    const auto p = at(i);
    std::size_t last = i;  // the last input known to be at p
    if (p.where == grid_t::nan) {
      while (last + 1 < v.n && is_nan_float(v.u[last + 1]) && same(at(last + 1), p)) ++last;
    } else if (p.where != grid_t::exact && p.where != grid_t::at_mid && p.where != grid_t::infinite) {
      std::size_t step = 1, beyond = v.n;  // beyond: the first input known not to be at p (or n)
      while (last + step < v.n) {
        if (!same(at(last + step), p)) {
          beyond = last + step;
          break;
        }
        last += step;
        step *= 2;
      }
      while (beyond - last > 1) {
        const std::size_t mid = last + (beyond - last) / 2;
        (same(at(mid), p) ? last : beyond) = mid;
      }
    }
    rs.segments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(last + 1), p.k, p.where});
    i = last + 1;
  }
  rs.located = true;
}

// How many of n results differ from want (a loop the compiler vectorises).
template <class S>
std::uint32_t count_unequal(const S* r, std::size_t n, S want) {
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += r[i] != want ? 1u : 0u;
  return count;
}

struct reference_check {
  std::string name() const { return "reference"; }
  std::string missing() const { return ""; }
  template <class Row>
  bool covers(rounding, overflow) const {
    return true;
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
    using grid_t = lowp_ref::grid<Row>;
    using S = typename Row::type::storage_type;
    auto& rs = v.rs;
    if (!rs.located) locate_run(v);
    const bool negative = (v.u[0] >> 31) != 0;  // one sign per run
    // One choice per segment, then a compare loop (vectorised by the compiler for the
    // baseline target: a few percent of the walk, not worth a copy per instruction set).
    std::uint64_t failed = 0;
    const S* const engine = rs.engine.data();
    for (const auto& seg : rs.segments) {
      const auto want = static_cast<S>(grid_t::choose(seg.k, seg.where, negative, v.mode, v.policy));
      failed += count_unequal(engine + seg.begin, seg.end - seg.begin, want);
    }
    std::string first;
    for (const auto& seg : rs.segments) {
      if (failed == 0 || !first.empty()) break;
      const auto want = grid_t::choose(seg.k, seg.where, negative, v.mode, v.policy);
      for (std::uint32_t i = seg.begin; i < seg.end; ++i) {
        if (want != rs.engine[i]) {
          first = describe(v.u[i], v.mode, v.policy, "reference", want, rs.engine[i]);
          break;
        }
      }
    }
    t.record(v.n, failed, first);
  }
};

// T(x): the constructor (nearest-even, IEEE overflow) as this baseline build compiles it,
// with its own fast paths. (lowp::convert<T>(float, mode, policy) is round_binary itself.)
struct scalar_check {
  std::string name() const { return "scalar"; }
  std::string missing() const { return ""; }
  template <class Row>
  bool covers(rounding mode, overflow policy) const {
    return mode == rounding::to_nearest_even && policy == overflow::ieee;
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
    using T = typename Row::type;
    std::uint64_t failed = 0;
    std::string first;
    for (std::size_t i = 0; i < v.n; ++i) {
      const auto constructed = T(v.x[i]).bits();
      if (constructed != v.rs.engine[i] && failed++ == 0) {
        first = describe(v.u[i], v.mode, v.policy, "T(x)", constructed, v.rs.engine[i]);
      }
    }
    t.record(v.n, failed, first);
  }
};

#if LOWP_TEST_X86
// vcvtps2ph with the rounding mode in the immediate (bit 2 clear: not MXCSR's).
template <int Imm>
__attribute__((target("avx,f16c"))) void f16c_convert(const float* x, std::uint16_t* out, std::size_t n) {
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), Imm);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
  }
}
#endif

// float16 only: the F16C instruction in the four IEEE modes it has, IEEE overflow.
struct f16c_check {
  std::string name() const { return "f16c"; }
  std::string missing() const { return lowp_test::f16c_missing(); }
  template <class Row>
  bool covers(rounding mode, overflow policy) const {
    return std::is_same<typename Row::type, lowp::float16>::value && mode != rounding::to_nearest_away &&
           policy == overflow::ieee;
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
#if LOWP_TEST_X86
    static thread_local std::vector<std::uint16_t> hardware;
    hardware.resize(v.n);
    switch (v.mode) {
      case rounding::to_nearest_even: f16c_convert<0>(v.x, hardware.data(), v.n); break;
      case rounding::downward: f16c_convert<1>(v.x, hardware.data(), v.n); break;
      case rounding::upward: f16c_convert<2>(v.x, hardware.data(), v.n); break;
      case rounding::toward_zero: f16c_convert<3>(v.x, hardware.data(), v.n); break;
      case rounding::to_nearest_away: return;  // not covered
    }
    std::uint64_t failed = 0;
    std::string first;
    for (std::size_t i = 0; i < v.n; ++i) {
      if (hardware[i] != v.rs.engine[i] && failed++ == 0) {
        first = describe(v.u[i], v.mode, v.policy, "F16C", hardware[i], v.rs.engine[i]);
      }
    }
    t.record(v.n, failed, first);
#else
    (void)v;
    (void)t;
#endif
  }
};

struct bulk_check {
  lowp::simd_path path;
  std::string name() const { return std::string("bulk.") + lowp::bulk_path_name(path); }
  std::string missing() const {
    if (lowp::simd::path_supported(path)) return "";
    const std::string why = lowp_test::path_missing(lowp::bulk_path_name(path));
    return "this CPU cannot run the " + std::string(lowp::bulk_path_name(path)) + " path" +
           (why.empty() ? std::string(" (lowp's dispatcher says so)") : ": no " + why);
  }
  // The formats whose hw_traits row gives them the SIMD kernels. (The others' bulk convert
  // is a loop over the scalar conversion, the engine itself: nothing of its own to check.)
  template <class Row>
  bool covers(rounding, overflow) const {
    return has_kernel<Row>;
  }
  // Every run, except on the sampled paths (see sampled_path).
  template <class Row>
  bool visits(const walk::options& o, std::uint32_t first) const {
    const bool duplicate = path == lowp::simd_path::portable ||
                           (path == lowp::simd_path::avx512bf16 &&
                            !lowp::hw_traits<typename Row::type::format_type>::x86_avx512_bf16);
    return !duplicate || walk::in_path_sample(o, first);
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
    if constexpr (has_kernel<Row>) run_kernel(v, t);
  }
  template <class Row>
  void run_kernel(const run_view<Row>& v, walk::tally& t) const {
    auto& rs = v.rs;
    lowp::simd::convert_on(path, v.x, rs.got.data(), v.n, v.mode, v.policy);
    std::uint64_t failed = 0;
    std::string first;
    if (std::memcmp(static_cast<const void*>(rs.got.data()), rs.engine.data(), v.n * sizeof(rs.engine[0])) != 0) {
      for (std::size_t i = 0; i < v.n; ++i) {
        if (rs.got[i].bits() != rs.engine[i] && failed++ == 0) {
          first = describe(v.u[i], v.mode, v.policy, name().c_str(), rs.got[i].bits(), rs.engine[i]);
        }
      }
    }
    t.record(v.n, failed, first);
  }
};

// bfloat16, nearest-even: the avx512bf16 path's block logic with vcvtneps2bf16 emulated
// (emulated_bf16.hpp), on any CPU with AVX2, so that logic is checked where the instruction
// is missing too.
struct emulated_bf16_check {
  std::string name() const { return "bulk.avx512bf16-emulated"; }
  std::string missing() const {
#if LOWP_HAS_X86_DISPATCH
    return lowp::simd::path_supported(lowp::simd_path::avx2) ? "" : bulk_check{lowp::simd_path::avx2}.missing();
#else
    return "not an x86-64 build";
#endif
  }
  template <class Row>
  bool covers(rounding mode, overflow) const {
    return std::is_same<typename Row::type, lowp::bfloat16>::value && mode == rounding::to_nearest_even;
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
#if LOWP_HAS_X86_DISPATCH
    if constexpr (std::is_same<typename Row::type, lowp::bfloat16>::value) {
      auto& rs = v.rs;
      if (v.policy == overflow::ieee) {
        lowp_emulated::convert_emulated_bf16<overflow::ieee>(v.x, rs.got.data(), v.n);
      } else {
        lowp_emulated::convert_emulated_bf16<overflow::saturate>(v.x, rs.got.data(), v.n);
      }
      std::uint64_t failed = 0;
      std::string first;
      for (std::size_t i = 0; i < v.n; ++i) {
        if (rs.got[i].bits() != rs.engine[i] && failed++ == 0) {
          first = describe(v.u[i], v.mode, v.policy, name().c_str(), rs.got[i].bits(), rs.engine[i]);
        }
      }
      t.record(v.n, failed, first);
    }
#else
    (void)v;
    (void)t;
#endif
  }
};

constexpr std::size_t count_chunk = 4096;

bool same(const lowp::conversion_stats& a, const lowp::conversion_stats& b) {
  return a.nan == b.nan && a.overflow == b.overflow && a.underflow == b.underflow && a.subnormal == b.subnormal &&
         a.inexact == b.inexact;
}
std::string describe_stats(const lowp::conversion_stats& s) {
  return "nan " + std::to_string(s.nan) + " overflow " + std::to_string(s.overflow) + " underflow " +
         std::to_string(s.underflow) + " subnormal " + std::to_string(s.subnormal) + " inexact " +
         std::to_string(s.inexact);
}

void add_times(lowp::conversion_stats& sum, const lowp::conversion_stats& one, std::size_t times) {
  sum.nan += one.nan * times;
  sum.overflow += one.overflow * times;
  sum.underflow += one.underflow * times;
  sum.subnormal += one.subnormal * times;
  sum.inexact += one.inexact * times;
}

// The statistics' definition over a run, summed per 4096 inputs: lowp::detail::count_result
// of each input and the engine's result. On the runs of walk::in_path_sample it is called
// on every input. On the others, once per open segment of the reference's location
// (below or above a midpoint, or beyond the grid) whose engine results are all equal: its
// inputs are finite, nonzero and off the grid, and every term of count_result is then the
// same for all of them (NaN: no; overflow: the magnitude rounds alike in any mode between
// the same two neighbours; underflow and subnormal: a property of the one result; inexact:
// yes, no input is on the grid). Any other segment is counted input by input.
template <class F, class Row>
void define_counts(const run_view<Row>& v) {
  using grid_t = lowp_ref::grid<Row>;
  using S = typename Row::type::storage_type;
  auto& rs = v.rs;
  rs.definition.assign((v.n + count_chunk - 1) / count_chunk, lowp::conversion_stats{});
  auto each_input = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      lowp::detail::count_result<F, lowp::detail::binary32>(v.u[i], rs.engine[i], v.mode, rs.definition[i / count_chunk]);
    }
  };
  if (v.path_sample) {
    hot([&] { each_input(0, v.n); });
    return;
  }
  if (!rs.located) locate_run(v);
  for (const auto& seg : rs.segments) {
    const bool open = seg.where == grid_t::below_mid || seg.where == grid_t::above_mid || seg.where == grid_t::beyond;
    const S r = rs.engine[seg.begin];
    if (!open || count_unequal(rs.engine.data() + seg.begin, seg.end - seg.begin, r) != 0) {
      each_input(seg.begin, seg.end);
      continue;
    }
    lowp::conversion_stats one;
    lowp::detail::count_result<F, lowp::detail::binary32>(v.u[seg.begin], r, v.mode, one);
    for (std::size_t c = seg.begin / count_chunk; c * count_chunk < seg.end; ++c) {
      const std::size_t from = std::max<std::size_t>(seg.begin, c * count_chunk);
      const std::size_t to = std::min<std::size_t>(seg.end, (c + 1) * count_chunk);
      add_times(rs.definition[c], one, to - from);
    }
  }
}

// check_conversion's statistics on one path: count_on for each 4096 inputs against the
// sum of lowp::detail::count_result over the engine's results (IEEE overflow; count_on
// takes no policy, and tests/bulk/counts.cpp checks on samples that the saturating results
// count the same). A mismatch is one 4096-input chunk whose counts differ.
struct counts_check {
  lowp::simd_path path;
  std::string name() const { return std::string("counts.") + lowp::bulk_path_name(path); }
  std::string missing() const { return bulk_check{path}.missing(); }
  template <class Row>
  bool covers(rounding, overflow policy) const {
    return has_kernel<Row> && policy == overflow::ieee;
  }
  // Every run, except on the sampled paths (see sampled_path).
  template <class Row>
  bool visits(const walk::options& o, std::uint32_t first) const {
    return path == lowp::simd_path::avx2 || path == lowp::simd_path::avx512 || walk::in_path_sample(o, first);
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
    if constexpr (has_kernel<Row>) run_kernel(v, t);
  }
  template <class Row>
  void run_kernel(const run_view<Row>& v, walk::tally& t) const {
    using F = typename Row::type::format_type;
    auto& rs = v.rs;
    const int combination = static_cast<int>(v.mode) * 2 + (v.policy == overflow::saturate ? 1 : 0);
    if (rs.definition_for != combination) {  // once per run, format, mode and policy
      define_counts<F>(v);
      rs.definition_for = combination;
    }
    std::uint64_t failed = 0;
    std::string first;
    for (std::size_t c = 0; c * count_chunk < v.n; ++c) {
      const std::size_t begin = c * count_chunk, n = std::min(count_chunk, v.n - begin);
      const auto got = lowp::simd::count_on<F>(path, v.x + begin, n, v.mode);
      if (!same(got, rs.definition[c]) && failed++ == 0) {
        first = walk::hex(v.u[begin], 8) + " + " + std::to_string(n) + " " + mode_name(v.mode) + "/" +
                policy_name(v.policy) + ": " + name() + " " + describe_stats(got) + "; definition " +
                describe_stats(rs.definition[c]);
      }
    }
    t.record(v.n, failed, first);
  }
};

#if LOWP_TEST_CUDA_HOST
// CUDA's host conversions against lowp's (cuda_host_check.hpp), on the formats CUDA has.
struct cuda_host_check {
  std::string name() const { return "cuda_host"; }
  std::string missing() const { return ""; }
  template <class Row>
  bool covers(rounding mode, overflow policy) const {
    return lowp_walk_cuda::sides<typename Row::type> > 0 && mode == rounding::to_nearest_even &&
           policy == overflow::ieee;
  }
  template <class Row>
  std::uint64_t per_input() const {
    return static_cast<std::uint64_t>(lowp_walk_cuda::sides<typename Row::type>);
  }
  template <class Row>
  void run(const run_view<Row>& v, walk::tally& t) const {
    using T = typename Row::type;
    using F = typename T::format_type;
    using S = typename T::storage_type;
    static thread_local std::vector<std::uint8_t> cuda;
    static thread_local std::vector<S> other;
    cuda.resize(v.n);
    other.resize(v.n);
    const float* const x = v.x;
    const std::size_t n = v.n;
    lowp_walk_cuda::for_each_cuda<T>(lowp_cuda_host::all_pairs{}, [&](auto cuda_side, auto the_pair) {
      using Cuda = decltype(cuda_side);
      std::uint8_t* const c = cuda.data();
      hot([&] {
        for (std::size_t i = 0; i < n; ++i) c[i] = Cuda::of(x[i]);
      });
      lowp_walk_cuda::for_each_side<T>(the_pair, [&](auto lowp_side) {
        using Lowp = decltype(lowp_side);
        const S* want = v.rs.engine.data();
        if (Lowp::mode != v.mode || Lowp::policy != v.policy) {
          engine_run<F, Lowp::mode, Lowp::policy>(v.u, other.data(), n);
          want = other.data();
        }
        std::uint64_t failed = 0;
        std::string first;
        for (std::size_t i = 0; i < n; ++i) {
          if (c[i] == want[i]) continue;
          if (Cuda::nan_by_class && is_nan_float(v.u[i]) && lowp::isnan(T::from_bits(c[i])) &&
              lowp::isnan(T::from_bits(want[i]))) {
            ++t.documented;
            continue;
          }
          if (failed++ == 0) {
            first = describe(v.u[i], Lowp::mode, Lowp::policy,
                             (std::string("CUDA ") + Cuda::function + " " + Cuda::mode + " " + Cuda::saturation).c_str(),
                             c[i], want[i]);
          }
        }
        t.record(n, failed, first);
      });
    });
  }
};
#else
// Built without CUDA's host headers, or with the check turned off: reported as skipped on
// every format.
struct cuda_host_check {
  std::string name() const { return "cuda_host"; }
  std::string missing() const {
#if LOWP_TEST_CUDA_HOST_OFF
    return "turned off in this build (-DLOWP_TEST_CUDA_HOST_WALK=OFF: the README's test command without "
           "LOWP_TEST_CUDA_HOST_WALK=ON; scripts/test.sh --all and CI turn it on)";
#else
    return "CUDA's host headers (cuda_fp4.h, cuda_fp6.h, cuda_fp8.h) were not found; configure with "
           "-DLOWP_CUDA_HOST_INCLUDE_DIR=<cuda>/include";
#endif
  }
  template <class Row>
  bool covers(rounding mode, overflow policy) const {
    return mode == rounding::to_nearest_even && policy == overflow::ieee;
  }
  template <class Row>
  std::uint64_t per_input() const {
    return 1;
  }
  template <class Row>
  void run(const run_view<Row>&, walk::tally&) const {}
};
#endif

// Every mode and policy where rounding decides: each value and each midpoint of a format's
// grid (both signs, the value past the largest included) and the two floats either side of
// it, the engine (the scalar round_binary) against the reference. The walk itself takes
// nearest-even with IEEE overflow on every float and the other nine combinations on an
// eighteenth of the floats each; this adds the neighbourhood of every rounding boundary in
// all ten.
// Not per run: main calls sweep once per format (a few seconds in all).
struct midpoints_check {
  std::string name() const { return "midpoints"; }
  std::string missing() const { return ""; }
  template <class Row>
  bool covers(rounding, overflow) const {
    return false;  // see sweep
  }
  template <class Row>
  void run(const run_view<Row>&, walk::tally&) const {}
  // Compares and records in t; returns how many comparisons the places of the grid promise.
  template <class Row>
  std::uint64_t sweep(walk::tally& t) const {
    using F = typename Row::type::format_type;
    const lowp_ref::grid<Row>& grid = grid_of<Row>();
    std::vector<double> places(grid.values);
    places.insert(places.end(), grid.midpoints.begin(), grid.midpoints.end());
    std::uint64_t promised = 0, failed = 0;
    std::string first;
    for (const double place : places) {
      const float f = static_cast<float>(place);
      if (static_cast<double>(f) != place) continue;  // past float's range (e8m0's 2^128)
      std::uint32_t m = 0;
      std::memcpy(&m, &f, sizeof m);
      for (int d = -2; d <= 2; ++d) {
        if (static_cast<std::int64_t>(m) + d < 0 || static_cast<std::int64_t>(m) + d > 0x7f800000) continue;
        for (std::uint32_t sign : {0u, 0x80000000u}) {
          const std::uint32_t u = (m + static_cast<std::uint32_t>(d)) | sign;
          float x = 0;
          std::memcpy(&x, &u, sizeof x);
          for (rounding mode : all_modes) {
            for (overflow policy : all_policies) {
              promised += 1;
              std::size_t hint = 0;
              const auto want = grid.round(static_cast<double>(x), mode, policy, hint);
              const auto got = lowp::detail::round_binary<F, lowp::detail::binary32>(u, mode, policy);
              if (want != got && failed++ == 0) first = describe(u, mode, policy, "reference", want, got);
            }
          }
        }
      }
    }
    t.record(promised, failed, first);
    // Every value and midpoint of the grid that is a float, 5 floats x 2 signs x 10
    // combinations, less the floats below +-0 and above infinity.
    return promised;
  }
};

constexpr lowp::simd_path all_paths[] = {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512,
                                         lowp::simd_path::avx512bf16};

// The registered checks, in the order they run on a block.
struct checks {
  reference_check reference;
  scalar_check scalar;
  f16c_check f16c;
  std::vector<bulk_check> bulk;
  std::vector<counts_check> counts;
  emulated_bf16_check emulated_bf16;
  cuda_host_check cuda_host;
  midpoints_check midpoints;
  checks() {
    for (auto p : all_paths) {
      bulk.push_back({p});
      counts.push_back({p});
    }
  }
  template <class Fn>
  void each(Fn&& fn) const {
    fn(reference);
    fn(scalar);
    fn(f16c);
    for (const auto& c : bulk) fn(c);
    for (const auto& c : counts) fn(c);
    fn(emulated_bf16);
    fn(cuda_host);
    fn(midpoints);
  }
};

template <class Check>
bool enabled(const walk::options& o, const Check& c) {
  return walk::selected(o, c.name()) && c.missing().empty();
}

// The rounding modes and overflow policies a run is checked in. Nearest-even with IEEE
// overflow (the default of every conversion), always. The other nine combinations cost too
// much to run on every float in the README's test time (see DEVELOPERS.md), so by default
// each even run also takes one of those nine, in turn: every combination is checked on an
// eighteenth of the floats, spread so that each binade (128 runs) sees all nine. Every
// mode and policy is checked on every value and midpoint of each format's grid and the two
// floats either side (the `midpoints` check). `--all-modes` checks every float in all ten
// combinations; the sampled walk always does.
std::vector<std::pair<rounding, overflow>> combinations(const walk::options& o, std::uint32_t first) {
  std::vector<std::pair<rounding, overflow>> all;
  for (rounding mode : all_modes) {
    for (overflow policy : all_policies) all.emplace_back(mode, policy);
  }
  if (o.all_modes || o.sample) return all;
  if (!walk::is_even_run(first)) return {all[0]};
  return {all[0], all[1 + walk::even_run_turn(first) % 9]};
}

// One run of the walk: every format, mode and policy, every enabled check.
void walk_run(const checks& all, const walk::options& o, scratch& s, std::uint32_t first, std::uint32_t length,
              walk::tallies& out) {
  for (std::uint32_t i = 0; i < length; ++i) {
    s.u[i] = first + i;
    std::memcpy(&s.x[i], &s.u[i], sizeof(float));
  }
  lowp_test::for_each_format<lowp_test::all_format_rows>([&](auto row) {
    using Row = decltype(row);
    using F = typename Row::type::format_type;
    auto& rs = std::get<row_scratch<Row>>(s.rows);
    rs.located = false;
    for (const auto& combination : combinations(o, first)) {
      const rounding mode = combination.first;
      const overflow policy = combination.second;
      {
        bool wanted = false;
        all.each([&](const auto& c) {
          wanted = wanted || (enabled(o, c) && c.template covers<Row>(mode, policy) && visits_of<Row>(c, o, first, 0));
        });
        if (!wanted) continue;
        // --profile: this thread's CPU time (not the wall clock: the machine may be shared),
        // in nanoseconds, per part and format.
        std::uint64_t start = o.profile ? thread_cpu_ns() : 0;
        auto lap = [&](const std::string& what) {
          if (!o.profile) return;
          const std::uint64_t now = thread_cpu_ns();
          out[{what, std::string("(cpu) ") + Row::name}].inputs += now - start;
          start = now;
        };
        engine_run<F>(s.u.data(), rs.engine.data(), length, mode, policy);
        lap("engine");
        rs.definition_for = -1;
        const run_view<Row> v{s.x.data(), s.u.data(), length, mode, policy, rs, walk::in_path_sample(o, first)};
        all.each([&](const auto& c) {
          if (enabled(o, c) && c.template covers<Row>(mode, policy) && visits_of<Row>(c, o, first, 0)) {
            c.run(v, out[{c.name(), Row::name}]);
            lap(c.name());
          }
        });
      }
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  const walk::options o = walk::parse(argc, argv);
  if (!o.result.empty()) return walk::report_result(o.summary, o.result);
  const checks all;
  if (o.list) {
    all.each([](const auto& c) { std::cout << c.name() << "\n"; });
    return 0;
  }
  for (const auto& name : o.only) {
    bool known = false;
    all.each([&](const auto& c) { known = known || c.name() == name; });
    if (!known) {
      std::cerr << argv[0] << ": no check named '" << name << "' (see --list)\n";
      return 2;
    }
  }

  const walk::plan plan = walk::make_plan(!o.sample, o.stride);
  const auto start = std::chrono::steady_clock::now();
  walk::tallies tallies = walk::run_parallel(
      plan, o.threads, [&] { return scratch(plan.length); },
      [&](scratch& s, std::uint32_t first, std::uint32_t length, walk::tallies& out) {
        walk_run(all, o, s, first, length, out);
      });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (o.profile) {  // --profile: where the CPU time went, summed over threads
    std::map<std::string, double> per_part, per_format;
    double total = 0;
    for (const auto& kv : tallies) {
      if (kv.first.second.rfind("(cpu) ", 0) != 0) continue;
      const double s = static_cast<double>(kv.second.inputs) * 1e-9;
      std::cout << "profile: " << kv.first.first << " " << kv.first.second.substr(6) << " " << s << " s\n";
      per_part[kv.first.first] += s;
      per_format[kv.first.second.substr(6)] += s;
      total += s;
    }
    for (const auto& kv : per_part) std::cout << "profile part: " << kv.first << " " << kv.second << " s\n";
    for (const auto& kv : per_format) std::cout << "profile format: " << kv.first << " " << kv.second << " s\n";
    std::cout << "profile total: " << total << " CPU s\n";
  }

  std::map<std::string, std::uint64_t> midpoints_promised;
  if (walk::selected(o, all.midpoints.name())) {
    lowp_test::for_each_format<lowp_test::all_format_rows>([&](auto row) {
      using Row = decltype(row);
      midpoints_promised[Row::name] =
          all.midpoints.template sweep<Row>(tallies[{all.midpoints.name(), Row::name}]);
    });
  }

  // The reference must first reproduce the contract's hand-written anchors
  // (reference_anchors.hpp); a miss fails the reference check of that format.
  if (walk::selected(o, "reference")) {
    lowp_anchors::check_reference_anchors([&](const char* format, const std::string& what) {
      tallies[{"reference", format}].record(0, 1, what);
    });
  }

  // One outcome per (check, format) the check covers: judged on its tally, or skipped.
  std::vector<walk::outcome> outcomes;
  all.each([&](const auto& c) {
    if (!walk::selected(o, c.name())) return;
    lowp_test::for_each_format<lowp_test::all_format_rows>([&](auto row) {
      using Row = decltype(row);
      // What the check's coverage promises: one comparison per float of each run and each
      // combination of that run the check covers.
      std::uint64_t expected = 0;
      for (std::uint32_t first : plan.firsts) {
        for (const auto& m : combinations(o, first)) {
          expected += c.template covers<Row>(m.first, m.second) && visits_of<Row>(c, o, first, 0)
                          ? plan.length * per_input_of<Row>(c, 0)
                          : 0u;
        }
      }
      if (c.name() == all.midpoints.name()) expected = midpoints_promised[Row::name];
      if (expected == 0) return;
      if (!c.missing().empty()) {
        outcomes.push_back(walk::skipped(c.name(), Row::name, c.missing()));
        return;
      }
      const auto found = tallies.find({c.name(), Row::name});
      outcomes.push_back(walk::judge(c.name(), Row::name, found == tallies.end() ? walk::tally{} : found->second,
                                     expected));
    });
  });
  return walk::finish(o, outcomes, plan, seconds);
}
