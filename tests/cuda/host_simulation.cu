// The CUDA code that can be checked without a GPU, compiled by nvcc and run on the CPU:
//
// - the interop conversions, against CUDA's own host conversions of the same encodings;
// - the fix-ups that turn each hardware instruction's documented result into the engine's
//   (a model of the instruction: the engine's result under the semantics CUDA documents,
//   with CUDA's canonical NaN); the GPU test then checks the instructions themselves;
// - the cast kernel's work split (head, vectors, tail) and the statistics kernel's
//   counting, by running every thread of a simulated grid one after another: in the host
//   pass the per-element conversion is the engine, so this checks the indexing;
// - the argument checks that come before any CUDA call.
#include <catch2/catch.hpp>

#include <lowp/cuda_cast.cuh>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "native_types.hpp"

using lowp::bfloat16;
using lowp::float16;
using lowp::float8_e4m3fn;
using lowp::float8_e5m2;
using lowp::overflow;
using lowp::rounding;
using lowp::cuda::detail::hardware;

namespace {

float float_of(std::uint32_t bits) { return lowp::detail::bit_cast<float>(bits); }
std::uint32_t bits_of(float x) { return lowp::detail::bit_cast<std::uint32_t>(x); }

// CUDA's host conversions of its own types to float (cuda_fp16.hpp, cuda_bf16.hpp,
// cuda_fp8.hpp, cuda_fp6.hpp, cuda_fp4.hpp host code), an independent reading of each
// encoding.
float cuda_to_float(__half x) { return __half2float(x); }
float cuda_to_float(__nv_bfloat16 x) { return __bfloat162float(x); }
float cuda_to_float(__nv_fp8_e4m3 x) { return __half2float(__half(__nv_cvt_fp8_to_halfraw(x.__x, __NV_E4M3))); }
float cuda_to_float(__nv_fp8_e5m2 x) { return __half2float(__half(__nv_cvt_fp8_to_halfraw(x.__x, __NV_E5M2))); }
#if __has_include(<cuda_fp4.h>)
float cuda_to_float(__nv_fp8_e8m0 x) { return __bfloat162float(__nv_bfloat16(__nv_cvt_e8m0_to_bf16raw(x.__x))); }
float cuda_to_float(__nv_fp6_e2m3 x) { return __half2float(__half(__nv_cvt_fp6_to_halfraw(x.__x, __NV_E2M3))); }
float cuda_to_float(__nv_fp6_e3m2 x) { return __half2float(__half(__nv_cvt_fp6_to_halfraw(x.__x, __NV_E3M2))); }
float cuda_to_float(__nv_fp4_e2m1 x) { return __half2float(__half(__nv_cvt_fp4_to_halfraw(x.__x, __NV_E2M1))); }
#endif

}  // namespace

LOWP_FORMAT_TEST_CASE("interop conversions copy every encoding both ways", "[cuda][interop]",
                      lowp_cuda_test::every_native_type) {
  using T = TestType;
  using N = lowp::cuda::native_t<T>;
  constexpr std::uint32_t count = 1u << lowp_test::shape<T>::total_bits;
  std::uint32_t round_trip_failures = 0, value_failures = 0;
  for (std::uint32_t u = 0; u < count; ++u) {
    const T x = T::from_bits(static_cast<typename T::storage_type>(u));
    const N native = x;             // implicit, lowp -> CUDA
    const T back = native;          // implicit, CUDA -> lowp
    const N spelled = lowp::cuda::to_native(x);
    const T back_spelled = spelled;
    round_trip_failures += back.bits() != x.bits() || back_spelled.bits() != x.bits();
    // CUDA reads the same number from the bits (NaN aside: its payload rules differ).
    const float mine = x;
    if (!isnan(x)) value_failures += bits_of(cuda_to_float(native)) != bits_of(mine);
  }
  CHECK(round_trip_failures == 0);
  CHECK(value_failures == 0);
}

namespace {

// What the hardware instruction returns according to CUDA's documentation: the IEEE
// result (ieee_cvt), or the result with overflow saturated to max finite (satfinite_cvt);
// a NaN input gives CUDA's canonical NaN. The rounding itself is the engine's.
template <class F, rounding Mode, hardware Instruction>
typename F::storage instruction_model(std::uint32_t bits) {
  using lowp::detail::binary32;
  const overflow policy = Instruction == hardware::ieee_cvt ? overflow::ieee : overflow::saturate;
  const bool nan = (bits & 0x7fffffffu) > 0x7f800000u;
  const auto canonical_nan = static_cast<typename F::storage>(lowp_test::shape<F>::has_infinity ? lowp_test::shape<F>::magnitude_mask : 0x7f);
  return nan ? canonical_nan : lowp::detail::round_binary<F, binary32>(bits, Mode, policy);
}

template <class T, rounding Mode, overflow Policy, hardware Instruction>
void check_fix_up(std::vector<std::uint32_t> const& inputs) {
  using F = typename T::format_type;
  using lowp::detail::binary32;
  std::uint64_t failures = 0;
  std::string first;
  for (const std::uint32_t u : inputs) {
    const auto model = instruction_model<F, Mode, Instruction>(u);
    const auto got = lowp::cuda::detail::fix_up<F>(u, model, Mode, Policy, Instruction);
    const auto want = lowp::detail::round_binary<F, binary32>(u, Mode, Policy);
    if (got != want && failures++ == 0) {
      first = lowp_test::hex(u) + ": " + lowp_test::hex(got) + " != " + lowp_test::hex(want);
    }
  }
  INFO(lowp_test::mode_name(Mode) << "/" << lowp_test::policy_name(Policy) << ", " << inputs.size()
                                  << " inputs, first failure " << first);
  CHECK(failures == 0);
}

// Every 1021st float, every float with the exponent field all ones (NaN and infinity), and
// 2^16 floats on each side of each boundary where the fix-ups change anything.
template <class T, rounding Mode>
std::vector<std::uint32_t> fix_up_inputs() {
  using F = typename T::format_type;
  std::vector<std::uint32_t> v;
  for (std::uint64_t u = 0; u < (std::uint64_t{1} << 32); u += 1021) v.push_back(static_cast<std::uint32_t>(u));
  for (std::uint32_t m = 0; m < (1u << 23); ++m) {
    v.push_back(0x7f800000u | m);
    v.push_back(0xff800000u | m);
  }
  const std::uint32_t max_bits = bits_of(lowp::convert<float>(T::from_bits(lowp_test::shape<F>::max_finite_bits)));
  const std::uint32_t threshold = lowp::cuda::detail::overflow_threshold<F, Mode>();
  for (const std::uint32_t centre : {max_bits, threshold}) {
    for (std::uint32_t d = 0; d < (1u << 16); ++d) {
      for (const std::uint32_t sign : {0u, 0x80000000u}) {
        v.push_back(sign | (centre - (1u << 15) + d));
      }
    }
  }
  return v;
}

}  // namespace

TEST_CASE("hardware fix-ups give the engine's result under CUDA's documented semantics", "[cuda][fixup]") {
  using R = rounding;
  using O = overflow;
  constexpr hardware ieee_cvt = hardware::ieee_cvt, satfinite = hardware::satfinite_cvt;
  SECTION("float16, cvt.{rn,rz,rp,rm}.f16.f32") {
    check_fix_up<float16, R::to_nearest_even, O::ieee, ieee_cvt>(fix_up_inputs<float16, R::to_nearest_even>());
    check_fix_up<float16, R::to_nearest_even, O::saturate, ieee_cvt>(fix_up_inputs<float16, R::to_nearest_even>());
    check_fix_up<float16, R::toward_zero, O::ieee, ieee_cvt>(fix_up_inputs<float16, R::toward_zero>());
    check_fix_up<float16, R::toward_zero, O::saturate, ieee_cvt>(fix_up_inputs<float16, R::toward_zero>());
    check_fix_up<float16, R::upward, O::ieee, ieee_cvt>(fix_up_inputs<float16, R::upward>());
    check_fix_up<float16, R::upward, O::saturate, ieee_cvt>(fix_up_inputs<float16, R::upward>());
    check_fix_up<float16, R::downward, O::ieee, ieee_cvt>(fix_up_inputs<float16, R::downward>());
    check_fix_up<float16, R::downward, O::saturate, ieee_cvt>(fix_up_inputs<float16, R::downward>());
  }
  SECTION("bfloat16, cvt.{rn,rz,rp,rm}.bf16.f32") {
    check_fix_up<bfloat16, R::to_nearest_even, O::ieee, ieee_cvt>(fix_up_inputs<bfloat16, R::to_nearest_even>());
    check_fix_up<bfloat16, R::to_nearest_even, O::saturate, ieee_cvt>(fix_up_inputs<bfloat16, R::to_nearest_even>());
    check_fix_up<bfloat16, R::toward_zero, O::ieee, ieee_cvt>(fix_up_inputs<bfloat16, R::toward_zero>());
    check_fix_up<bfloat16, R::toward_zero, O::saturate, ieee_cvt>(fix_up_inputs<bfloat16, R::toward_zero>());
    check_fix_up<bfloat16, R::upward, O::ieee, ieee_cvt>(fix_up_inputs<bfloat16, R::upward>());
    check_fix_up<bfloat16, R::upward, O::saturate, ieee_cvt>(fix_up_inputs<bfloat16, R::upward>());
    check_fix_up<bfloat16, R::downward, O::ieee, ieee_cvt>(fix_up_inputs<bfloat16, R::downward>());
    check_fix_up<bfloat16, R::downward, O::saturate, ieee_cvt>(fix_up_inputs<bfloat16, R::downward>());
  }
  SECTION("fp8, cvt.rn.satfinite.{e4m3,e5m2}x2.f32") {
    check_fix_up<float8_e4m3fn, R::to_nearest_even, O::ieee, satfinite>(fix_up_inputs<float8_e4m3fn, R::to_nearest_even>());
    check_fix_up<float8_e4m3fn, R::to_nearest_even, O::saturate, satfinite>(fix_up_inputs<float8_e4m3fn, R::to_nearest_even>());
    check_fix_up<float8_e5m2, R::to_nearest_even, O::ieee, satfinite>(fix_up_inputs<float8_e5m2, R::to_nearest_even>());
    check_fix_up<float8_e5m2, R::to_nearest_even, O::saturate, satfinite>(fix_up_inputs<float8_e5m2, R::to_nearest_even>());
  }
}

// The fix-up test above checks the instructions of float16, bfloat16 and the OCP FP8 pair.
// Every other format converts with the engine on the device as well (its hw_traits row
// names no instruction), which the simulated grids below and the GPU test check. A format
// that gains an instruction must gain its fix-up check: this fails until it does.
LOWP_FORMAT_TEST_CASE("a format uses a CUDA conversion instruction only where its fix-ups are checked",
                      "[cuda][fixup]", lowp_test::every_type) {
  using T = TestType;
  const bool fix_ups_checked = std::is_same<T, float16>::value || std::is_same<T, bfloat16>::value ||
                               std::is_same<T, float8_e4m3fn>::value || std::is_same<T, float8_e5m2>::value;
  const bool has_instruction = lowp::hw_traits<typename T::format_type>::cuda != lowp::cuda_instruction::none;
  CHECK(has_instruction == fix_ups_checked);
}

TEST_CASE("the overflow thresholds are the engine's overflow boundaries", "[cuda][fixup]") {
  using lowp::detail::binary32;
  using lowp::detail::overflows;
  const auto check = [](auto threshold, auto overflows_at) {
    CHECK_FALSE(overflows_at(threshold - 1));
    CHECK(overflows_at(threshold));
  };
  using E4 = float8_e4m3fn::format_type;
  using E5 = float8_e5m2::format_type;
  constexpr rounding rne = rounding::to_nearest_even;
  constexpr std::uint32_t e4 = lowp::cuda::detail::overflow_threshold<E4, rne>();
  constexpr std::uint32_t e5 = lowp::cuda::detail::overflow_threshold<E5, rne>();
  check(e4, [](std::uint32_t u) { return overflows<E4, binary32>(u, rne); });
  check(e5, [](std::uint32_t u) { return overflows<E5, binary32>(u, rne); });
  // Independently: 464 is the tie between 448 and 512 and rounds to 448 (even); 61440 is
  // the tie between 57344 and 65536 and rounds up (57344 = 1.11b * 2^15 is odd).
  CHECK(e4 == bits_of(464.0f) + 1);
  CHECK(e5 == bits_of(61440.0f));
}

namespace {

// A cast run by a simulated grid of `threads` threads, every element compared with the
// host's bulk conversion; dst is surrounded by guard elements that must stay untouched,
// and the cast runs twice with different fill patterns so an element that was never
// written cannot pass by matching the pattern.
template <class From, class To, rounding Mode, overflow Policy>
void simulate_cast(const std::vector<From>& source, std::size_t n, std::size_t src_offset, std::size_t dst_offset,
                   std::size_t threads, std::uint64_t& failures, std::string& first) {
  constexpr std::size_t guard = 64;
  // 16-byte aligned storage so that the offsets decide the alignment.
  std::vector<uint4> src_words((n + src_offset) * sizeof(From) / 16 + 2);
  std::vector<uint4> dst_words((n + dst_offset + 2 * guard) * sizeof(To) / 16 + 2);
  auto* src = reinterpret_cast<From*>(src_words.data()) + src_offset;
  std::memcpy(static_cast<void*>(src), source.data(), n * sizeof(From));
  std::vector<To> want(n);
  lowp::convert(source.data(), want.data(), n, Mode, Policy);
  for (const int fill : {0x5a, 0xa5}) {
    std::memset(dst_words.data(), fill, dst_words.size() * sizeof(uint4));
    auto* base = reinterpret_cast<unsigned char*>(dst_words.data());
    auto* dst = reinterpret_cast<To*>(base) + dst_offset + guard;
    const auto plan = lowp::cuda::detail::plan_cast(src, dst, n);
    for (std::size_t t = 0; t < threads; ++t) {
      lowp::cuda::detail::cast_thread<From, To, Mode, Policy>(src, dst, plan, t, threads);
    }
    const auto* begin = reinterpret_cast<unsigned char*>(dst);
    const auto* end = reinterpret_cast<unsigned char*>(dst + n);
    const auto* last = base + dst_words.size() * sizeof(uint4);
    bool ok = std::memcmp(dst, want.data(), n * sizeof(To)) == 0;
    for (const unsigned char* p = base; p < begin; ++p) ok = ok && *p == fill;
    for (const unsigned char* p = end; p < last; ++p) ok = ok && *p == fill;
    if (!ok && failures++ == 0) {
      first = "n=" + std::to_string(n) + " src_offset=" + std::to_string(src_offset) + " dst_offset=" +
              std::to_string(dst_offset) + " threads=" + std::to_string(threads) + " head=" +
              std::to_string(plan.head) + " steps=" + std::to_string(plan.steps) + " tail=" + std::to_string(plan.tail);
    }
  }
}

// Random floats with a good share of zeros, subnormals, infinities, NaNs and values near
// the fp8 and float16 ranges' ends.
std::vector<float> test_floats(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const float specials[] = {0.0f, -0.0f, 1e-45f, -1e-40f, 65504.0f, 65520.0f, -65536.0f, 448.0f, 464.0f,
                            -480.0f, 57344.0f, 61440.0f, 3.4e38f, float_of(0x7f800000u), float_of(0xff800000u),
                            float_of(0x7fc00001u), float_of(0xff812345u), 5.96e-8f, 2.98e-8f};
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<std::uint32_t>(rng());
    v[i] = r % 4 == 0 ? specials[(r >> 8) % (sizeof(specials) / sizeof(float))] : float_of(r);
  }
  return v;
}

// For a format of at most 8 bits, the floats where conversions to T change behaviour: every
// finite value of T, the midpoints half an ulp of T either side of it (ties, and above max
// finite the overflow boundary of every mode), and the floats next to each; around zero,
// half the smallest step. Derived from the test's shape<T>, so every kind of special
// values (IEEE, all-ones NaN, fnuz, none, E8M0's exponent-only) gets its own boundaries.
template <class T>
std::vector<float> format_edges() {
  using S = lowp_test::shape<T>;
  std::vector<float> v;
  if constexpr (S::total_bits <= 8) {
    const auto near = [&v](float x) {
      v.push_back(x);
      v.push_back(std::nextafter(x, -INFINITY));
      v.push_back(std::nextafter(x, INFINITY));
    };
    for (std::uint32_t u = 0; u < (1u << S::total_bits); ++u) {
      const float x = lowp::convert<float>(T::from_bits(static_cast<typename T::storage_type>(u)));
      if (!std::isfinite(x)) continue;
      const int e = x == 0.0f ? S::min_exponent : std::max(std::ilogb(x), S::min_exponent);
      const float half_ulp = std::ldexp(1.0f, e - S::mantissa_bits - 1);
      near(x);
      near(x - half_ulp);
      near(x + half_ulp);
    }
  }
  return v;
}

template <class T>
std::vector<T> test_values(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<T> v(n);
  for (auto& x : v) x = T::from_bits(static_cast<typename T::storage_type>(rng()));
  return v;
}

template <class From, class To, rounding Mode, overflow Policy>
void simulate_casts(const std::vector<From>& source) {
  constexpr std::size_t src_offsets = 16 / sizeof(From), dst_offsets = 16 / sizeof(To);
  std::uint64_t failures = 0, cases = 0;
  std::string first;
  const std::size_t sizes[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 100, 257, 1000, 4099};
  for (const std::size_t n : sizes) {
    for (std::size_t s = 0; s < src_offsets; ++s) {
      for (std::size_t d = 0; d < dst_offsets; ++d) {
        for (const std::size_t threads : {std::size_t{1}, std::size_t{3}, std::size_t{32}, std::size_t{300}}) {
          simulate_cast<From, To, Mode, Policy>(source, n, s, d, threads, failures, first);
          ++cases;
        }
      }
    }
  }
  INFO(lowp_test::mode_name(Mode) << "/" << lowp_test::policy_name(Policy) << ": " << cases
                                  << " cases, first failure: " << first);
  CHECK(failures == 0);
}

}  // namespace

LOWP_FORMAT_TEST_CASE("a simulated grid casts every element once, any n and alignment", "[cuda][cast]",
                      lowp_test::every_type) {
  using T = TestType;
  // The format's edges first (the small sizes see some), then random floats.
  auto floats = format_edges<T>();
  const auto random = test_floats(5000, 1);
  floats.insert(floats.end(), random.begin(), random.end());
  simulate_casts<float, T, rounding::to_nearest_even, overflow::ieee>(floats);
  simulate_casts<float, T, rounding::to_nearest_away, overflow::saturate>(floats);
  simulate_casts<float, T, rounding::toward_zero, overflow::ieee>(floats);
  simulate_casts<float, T, rounding::upward, overflow::saturate>(floats);
  simulate_casts<float, T, rounding::downward, overflow::ieee>(floats);
  simulate_casts<T, float, rounding::to_nearest_even, overflow::ieee>(test_values<T>(5000, 2));
}

TEST_CASE("the cast plan aligns both pointers whenever one head can", "[cuda][cast]") {
  // float -> float16: 4 elements per step, 16 bytes in, 8 out.
  alignas(64) static float src[256];
  alignas(64) static float16 dst[256];
  using lowp::cuda::detail::plan_cast;
  for (std::size_t s = 0; s < 4; ++s) {
    for (std::size_t d = 0; d < 8; ++d) {
      for (std::size_t n = 0; n < 200; ++n) {
        const auto plan = plan_cast(src + s, dst + d, n);
        INFO("src+" << s << " dst+" << d << " n=" << n);
        REQUIRE(plan.head + plan.steps * 4 + plan.tail == n);
        const std::size_t head = (4 - s) % 4;  // elements to the next 16-byte boundary of src
        const bool alignable = (4 - d % 4) % 4 == head;
        if (plan.steps > 0) {
          CHECK(plan.head == head);
          CHECK(reinterpret_cast<std::uintptr_t>(src + s + plan.head) % 16 == 0);
          CHECK(reinterpret_cast<std::uintptr_t>(dst + d + plan.head) % 8 == 0);
          CHECK(plan.tail < 4);
        } else {
          CHECK((!alignable || n < head + 4));
          CHECK(plan.head == n);
        }
      }
    }
  }
}

namespace {

template <class T, rounding Mode, overflow Policy>
void simulate_count(const std::vector<float>& source) {
  using F = typename T::format_type;
  for (const std::size_t threads : {std::size_t{1}, std::size_t{64}, std::size_t{1000}}) {
    lowp::cuda::detail::stat_counts total{0, 0, 0, 0, 0};
    for (std::size_t t = 0; t < threads; ++t) {
      lowp::cuda::detail::stat_counts c{0, 0, 0, 0, 0};
      lowp::cuda::detail::count_thread<F, Mode, Policy>(source.data(), source.size(), t, threads, c);
      total.nan += c.nan;
      total.overflow += c.overflow;
      total.underflow += c.underflow;
      total.subnormal += c.subnormal;
      total.inexact += c.inexact;
    }
    const auto want = lowp::check_conversion<T>(source.data(), source.size(), Mode, Policy);
    INFO(lowp_test::mode_name(Mode) << "/" << lowp_test::policy_name(Policy) << ", " << threads << " threads");
    CHECK(total.nan == want.nan);
    CHECK(total.overflow == want.overflow);
    CHECK(total.underflow == want.underflow);
    CHECK(total.subnormal == want.subnormal);
    CHECK(total.inexact == want.inexact);
  }
}

}  // namespace

LOWP_FORMAT_TEST_CASE("simulated statistics threads count as check_conversion does", "[cuda][stats]",
                      lowp_test::every_type) {
  using T = TestType;
  auto floats = test_floats(100000, 3);
  // Every float16 and bfloat16 rounding boundary region, not just random bits, and the
  // format's own edges.
  for (std::uint32_t u = 0; u < 0x10000; ++u) floats.push_back(float_of(u << 16 | 0x8000u));
  const auto edges = format_edges<T>();
  floats.insert(floats.end(), edges.begin(), edges.end());
  simulate_count<T, rounding::to_nearest_even, overflow::ieee>(floats);
  simulate_count<T, rounding::to_nearest_even, overflow::saturate>(floats);
  simulate_count<T, rounding::to_nearest_away, overflow::ieee>(floats);
  simulate_count<T, rounding::toward_zero, overflow::saturate>(floats);
  simulate_count<T, rounding::upward, overflow::ieee>(floats);
  simulate_count<T, rounding::downward, overflow::saturate>(floats);
}

TEST_CASE("bad arguments are rejected before any CUDA call", "[cuda][errors]") {
  alignas(16) static float src[64];
  alignas(16) static float16 dst[64];
  lowp::conversion_stats stats;
  stats.nan = 12345;
  // Nothing to do: success, whatever the pointers.
  CHECK(lowp::cuda::convert(static_cast<const float*>(nullptr), static_cast<float16*>(nullptr), 0) == cudaSuccess);
  CHECK(lowp::cuda::check_conversion<float16>(nullptr, 0, stats) == cudaSuccess);
  CHECK(stats.nan == 0);
  stats.nan = 12345;
  CHECK(lowp::cuda::convert(static_cast<const float*>(nullptr), dst, 8) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(src, static_cast<float16*>(nullptr), 8) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::check_conversion<float16>(nullptr, 8, stats) == cudaErrorInvalidValue);
  CHECK(stats.nan == 12345);  // untouched on error
  // Misaligned elements.
  const auto* odd_src = reinterpret_cast<const float*>(reinterpret_cast<const char*>(src) + 1);
  auto* odd_dst = reinterpret_cast<float16*>(reinterpret_cast<char*>(dst) + 1);
  CHECK(lowp::cuda::convert(odd_src, dst, 8) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(src, odd_dst, 8) == cudaErrorInvalidValue);
  // Overlapping ranges: a float16 view of the source's own bytes.
  auto* alias = reinterpret_cast<float16*>(src);
  CHECK(lowp::cuda::convert(src, alias + 8, 8) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(alias, src + 3, 8) == cudaErrorInvalidValue);
  // Modes outside the enumerations; sizes past the address space.
  CHECK(lowp::cuda::convert(src, dst, 8, nullptr, static_cast<rounding>(7)) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(src, dst, 8, nullptr, rounding::upward, static_cast<overflow>(2)) ==
        cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(src, dst, SIZE_MAX / 2) == cudaErrorInvalidValue);
}
