// Every float (all 2^32 bit patterns) converted to float16 and bfloat16, checked against
// the independent value-based reference (tests/support/reference.hpp) and, for float16,
// against the x86 F16C instruction where the CPU has it.
#include <catch2/catch.hpp>

#include <cstring>

#include "lowp_test.hpp"
#include "reference.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LOWP_TEST_HAVE_F16C_CHECK 1
#endif

namespace {

float float_of(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// Checks one float in RNE with both overflow policies against the grid reference.
template <class T>
bool check_rne(const lowp_ref::grid<typename T::format_type>& grid, std::uint32_t u, std::string& out) {
  using F = typename T::format_type;
  thread_local std::size_t hint = 0;
  const float x = float_of(u);
  const auto ieee = lowp::convert<T>(x, lowp::rounding::to_nearest_even, lowp::overflow::ieee).bits();
  const auto sat = lowp::convert<T>(x, lowp::rounding::to_nearest_even, lowp::overflow::saturate).bits();
  std::uint64_t want_ieee = 0, want_sat = 0;
  if ((u & 0x7f800000u) == 0x7f800000u && (u & 0x7fffffu) != 0) {  // NaN: sign, quiet, payload
    want_ieee = want_sat = lowp_ref::nan_bits<F>(u >> 31, u & 0x7fffffu, 23);
  } else {
    want_ieee = grid.round(x, lowp::rounding::to_nearest_even, lowp::overflow::ieee, hint);
    want_sat = grid.round(x, lowp::rounding::to_nearest_even, lowp::overflow::saturate, hint);
  }
  const auto constructed = T(x).bits();  // the constructor's own RNE path (nearest<F>)
  if (ieee == want_ieee && sat == want_sat && constructed == want_ieee) return true;
  out = "float " + lowp_test::hex(u) + ": ieee " + lowp_test::hex(ieee) + " want " + lowp_test::hex(want_ieee) +
        "; saturate " + lowp_test::hex(sat) + " want " + lowp_test::hex(want_sat) + "; T(x) " +
        lowp_test::hex(constructed);
  return false;
}

template <class T>
void sweep_rne(const char* name) {
  const lowp_ref::grid<typename T::format_type> grid;
  const auto r = lowp_test::sweep32([&grid](std::uint32_t u, std::string& out) { return check_rne<T>(grid, u, out); });
  INFO(name << ": " << r.report());
  REQUIRE(r.failures == 0);
  if (lowp_test::exhaustive) REQUIRE(r.checked == (std::uint64_t{1} << 32));
  WARN(name << ": " << r.checked << " float inputs checked in RNE x {ieee, saturate}, 0 mismatches");
}

// The grid reference itself agrees with the ldexp reference (the two are written
// differently) on a sample in every mode and policy, so either failing would show.
template <class T>
void cross_check_references() {
  using F = typename T::format_type;
  const lowp_ref::grid<F> grid;
  std::size_t hint = 0;
  for (std::uint64_t i = 0; i < (std::uint64_t{1} << 32); i += 65537) {
    const auto u = static_cast<std::uint32_t>(i);
    const float x = float_of(u);
    if (x != x) continue;
    for (auto mode : lowp_test::all_modes) {
      for (auto policy : lowp_test::all_policies) {
        const auto a = lowp_ref::decode<F>(grid.round(x, mode, policy, hint));
        const auto b = lowp_ref::round<F>(x, mode, policy);
        INFO(lowp_test::hex(u) << " " << lowp_test::mode_name(mode) << ": grid " << a.str() << ", ldexp " << b.str());
        REQUIRE(a == b);
      }
    }
  }
}

}  // namespace

TEST_CASE("the two references agree", "[core]") {
  cross_check_references<lowp::float16>();
  cross_check_references<lowp::bfloat16>();
  cross_check_references<lowp::float8_e4m3fn>();
  cross_check_references<lowp::float8_e5m2>();
}

TEST_CASE("every float -> float16, RNE, ieee and saturate, vs reference", "[core][exhaustive]") {
  sweep_rne<lowp::float16>("float -> float16");
}

TEST_CASE("every float -> bfloat16, RNE, ieee and saturate, vs reference", "[core][exhaustive]") {
  sweep_rne<lowp::bfloat16>("float -> bfloat16");
}

#if defined(LOWP_TEST_HAVE_F16C_CHECK)
namespace {

// vcvtps2ph with the rounding mode in the immediate (bit 2 clear: not MXCSR), over a block.
template <int Imm>
__attribute__((target("avx,f16c"))) void f16c_convert(const float* x, std::uint16_t* out, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), Imm);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
  }
}

// One block: the engine (compiled here for AVX2 so that the loop vectorises; the RNE
// sweeps above run the baseline x86-64 build of the same source) against F16C.
template <int Imm, lowp::rounding Mode>
__attribute__((target("avx2,f16c"))) std::uint64_t check_block_f16c(std::uint32_t first, std::uint32_t count,
                                                                    std::string& out) {
  std::vector<float> x(count);
  std::vector<std::uint16_t> got(count), want(count);
  for (std::uint32_t i = 0; i < count; ++i) x[i] = float_of(first + i);
  for (std::uint32_t i = 0; i < count; ++i) got[i] = lowp::convert<lowp::float16>(x[i], Mode).bits();
  f16c_convert<Imm>(x.data(), want.data(), count);
  std::uint64_t failed = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (got[i] == want[i]) continue;
    if (failed++ == 0) {
      out = "float " + lowp_test::hex(first + i) + " -> " + lowp_test::hex(got[i]) + ", F16C gives " +
            lowp_test::hex(want[i]);
    }
  }
  return failed;
}

template <int Imm, lowp::rounding Mode>
void sweep_f16c() {
  const auto mode = Mode;
  const auto r = lowp_test::sweep32_blocks([](std::uint32_t first, std::uint32_t count, std::string& out) {
    return check_block_f16c<Imm, Mode>(first, count, out);
  });
  INFO(lowp_test::mode_name(mode) << ": " << r.report());
  REQUIRE(r.failures == 0);
  WARN("float -> float16 " << lowp_test::mode_name(mode) << " vs F16C: " << r.checked << " inputs, 0 mismatches");
}

}  // namespace

TEST_CASE("every float -> float16 in four modes matches the F16C instruction", "[core][exhaustive][f16c]") {
  if (!lowp_test::cpu_has_avx2_f16c()) {
    WARN("SKIPPED: this CPU has no F16C/AVX2; the F16C cross-check did not run");
    return;
  }
  sweep_f16c<0, lowp::rounding::to_nearest_even>();
  sweep_f16c<1, lowp::rounding::downward>();
  sweep_f16c<2, lowp::rounding::upward>();
  sweep_f16c<3, lowp::rounding::toward_zero>();
}
#endif
