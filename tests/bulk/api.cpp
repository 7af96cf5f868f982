// The bulk API around the kernels: path selection, conversions without a kernel, the
// floating-point environment, and (C++20) the span overloads.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bulk_test.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>
#endif
#if LOWP_CPP20
#include <span>
#endif

using lowp::simd_path;

TEST_CASE("bulk paths: names, support, forcing", "[bulk][api]") {
  CHECK(std::string(lowp::bulk_path_name(simd_path::portable)) == "portable");
  CHECK(std::string(lowp::bulk_path_name(simd_path::avx512bf16)) == "avx512bf16");
  CHECK(lowp::bulk_path_supported(simd_path::portable));
  const simd_path initial = lowp::bulk_path();
  CHECK(lowp::bulk_path_supported(initial));
  for (auto p : bulk_test::all_paths) {
    simd_path parsed = simd_path::portable;
    CHECK(lowp::simd::parse_path_name(lowp::bulk_path_name(p), parsed));
    CHECK(parsed == p);
    if (lowp::bulk_path_supported(p)) {
      CHECK(lowp::set_bulk_path(p));
      CHECK(lowp::bulk_path() == p);
    } else {
      WARN("SKIPPED: this CPU cannot run the " << lowp::bulk_path_name(p) << " path; forcing it must fail");
      const simd_path before = lowp::bulk_path();
      CHECK_FALSE(lowp::set_bulk_path(p));
      CHECK(lowp::bulk_path() == before);
    }
  }
  simd_path unused = simd_path::portable;
  CHECK_FALSE(lowp::simd::parse_path_name("sse9", unused));
  CHECK_FALSE(lowp::simd::parse_path_name(nullptr, unused));
  CHECK(lowp::set_bulk_path(initial));
}

#if LOWP_HAS_X86_DISPATCH
TEST_CASE("bulk paths: LOWP_FORCE_PATH picks a supported path, ignores others", "[bulk][api]") {
  for (auto p : bulk_test::all_paths) {
    ::setenv("LOWP_FORCE_PATH", lowp::bulk_path_name(p), 1);
    const simd_path chosen = lowp::simd::initial_path();
    CHECK(chosen == (lowp::bulk_path_supported(p) ? p : lowp::simd::best_path()));
  }
  ::setenv("LOWP_FORCE_PATH", "no-such-path", 1);
  CHECK(lowp::simd::initial_path() == lowp::simd::best_path());
  ::unsetenv("LOWP_FORCE_PATH");
}

TEST_CASE("bulk x86 paths ignore flush-to-zero, denormals-are-zero and the rounding mode, and restore MXCSR",
          "[bulk][api]") {
  const auto x = bulk_test::mixed_floats(4096, 5);
  const auto d = bulk_test::mixed_doubles(4096, 6);
  std::vector<lowp::float16> want(x.size()), got(x.size());
  std::vector<lowp::bfloat16> want_b(d.size()), got_b(d.size());
  std::vector<float> wide_want(x.size()), wide_got(x.size());
  const unsigned saved = _mm_getcsr();
  // FTZ + DAZ + round upward + every exception unmasked except inexact.
  const unsigned hostile = (saved & ~0x7f80u & ~0x6000u) | 0x8040u | 0x4000u | 0x1000u;
  bulk_test::mismatches m;
  for (auto p : bulk_test::supported_paths()) {
    for (lowp::rounding mode : lowp_test::all_modes) {
      for (std::size_t i = 0; i < x.size(); ++i) want[i] = lowp::convert<lowp::float16>(x[i], mode);
      for (std::size_t i = 0; i < d.size(); ++i) want_b[i] = lowp::convert<lowp::bfloat16>(d[i], mode);
      _mm_setcsr(hostile);
      lowp::simd::convert_on(p, x.data(), got.data(), x.size(), mode, lowp::overflow::ieee);
      lowp::simd::convert_on(p, d.data(), got_b.data(), d.size(), mode, lowp::overflow::ieee);
      lowp::simd::convert_on(p, got.data(), wide_got.data(), got.size(), mode, lowp::overflow::ieee);
      const unsigned after = _mm_getcsr();
      _mm_setcsr(saved);
      for (std::size_t i = 0; i < got.size(); ++i) wide_want[i] = lowp::convert<float>(got[i]);
      if (after != hostile) m.add(std::string(lowp::bulk_path_name(p)) + ": MXCSR not restored");
      bulk_test::compare(lowp::bulk_path_name(p), x.data(), got.data(), want.data(), x.size(), m);
      bulk_test::compare(lowp::bulk_path_name(p), d.data(), got_b.data(), want_b.data(), d.size(), m);
      bulk_test::compare(lowp::bulk_path_name(p), got.data(), wide_got.data(), wide_want.data(), got.size(), m);
    }
  }
  INFO(m.report());
  CHECK(m.count.load() == 0);
}
#endif

TEST_CASE("bulk convert without a kernel loops over the scalar convert", "[bulk][api]") {
  const auto d = bulk_test::mixed_doubles(2000, 11);
  std::vector<lowp::float8_e4m3fn> e4(d.size());
  lowp::convert(d.data(), e4.data(), d.size(), lowp::rounding::upward, lowp::overflow::saturate);
  std::vector<lowp::bfloat16> b(d.size());
  std::vector<lowp::float16> h(d.size());
  lowp::convert(d.data(), h.data(), d.size());
  lowp::convert(h.data(), b.data(), h.size(), lowp::rounding::toward_zero);
  bool all_equal = true;
  for (std::size_t i = 0; i < d.size(); ++i) {
    all_equal = all_equal &&
                e4[i].bits() == lowp::convert<lowp::float8_e4m3fn>(d[i], lowp::rounding::upward,
                                                                   lowp::overflow::saturate)
                                    .bits() &&
                b[i].bits() == lowp::convert<lowp::bfloat16>(h[i], lowp::rounding::toward_zero).bits();
  }
  CHECK(all_equal);
}

#if LOWP_CPP20
TEST_CASE("bulk span overloads", "[bulk][api]") {
  std::vector<float> x = {1.0f, 2.5f, 65520.0f, -0.0f, 1e-9f};
  std::vector<lowp::float16> h(x.size());
  lowp::convert(std::span(x), std::span(h));
  CHECK(h[0].bits() == 0x3c00);
  CHECK(h[2].bits() == 0x7c00);
  const std::vector<float>& cx = x;
  std::vector<lowp::float16> shorter(2);
  lowp::convert(std::span(cx), std::span(shorter), lowp::rounding::to_nearest_even, lowp::overflow::saturate);
  CHECK(shorter[1].bits() == 0x4100);
  const auto s = lowp::check_conversion<lowp::float16>(std::span(cx));
  CHECK(s.overflow == 1);
  CHECK(s.underflow == 1);
  std::vector<float> back(h.size());
  lowp::convert(std::span<const lowp::float16>(h), std::span(back));
  CHECK(back[1] == 2.5f);
}
#endif
