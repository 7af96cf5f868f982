// A translation unit built for F16C. This file is compiled with -mavx2 -mf16c (see
// tests/CMakeLists.txt), as a user's -march=native build would be, so float16(x) runs
// vcvtps2ph; every float must give the engine's bits. Constant evaluation still runs the
// engine. Widening stays the integer widen in such builds; it is checked here too.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "lowp_test.hpp"

#if !LOWP_SCALAR_F16C
#error "this test must be compiled with -mf16c (and a compiler with __builtin_is_constant_evaluated)"
#endif

namespace {

static_assert(lowp::float16(65520.0f).bits() == 0x7c00 && lowp::float16(1e-8f).bits() == 0x0000,
              "constant evaluation uses the engine");

std::uint64_t check_block(std::uint32_t first, std::uint32_t count, std::string& out) {
  std::vector<float> x(count);
  std::vector<std::uint16_t> hardware(count), engine(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t u = first + i;
    std::memcpy(&x[i], &u, sizeof u);
  }
  for (std::uint32_t i = 0; i < count; ++i) hardware[i] = lowp::float16(x[i]).bits();
  for (std::uint32_t i = 0; i < count; ++i) {
    engine[i] = lowp::detail::narrow<lowp::float16::format_type>(x[i], lowp::rounding::to_nearest_even,
                                                                 lowp::overflow::ieee);
  }
  std::uint64_t failed = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (hardware[i] != engine[i] && failed++ == 0) {
      out = "float " + lowp_test::hex(first + i) + ": constructor " + lowp_test::hex(hardware[i]) + ", engine " +
            lowp_test::hex(engine[i]);
    }
  }
  return failed;
}

}  // namespace

TEST_CASE("float(float16) in an F16C build gives widen's bits for every encoding", "[core][f16c]") {
  if (!lowp_test::cpu_has_avx2_f16c()) {
    WARN("SKIPPED: this CPU has no F16C/AVX2; the scalar F16C path cannot run here");
    return;
  }
  static_assert(static_cast<float>(lowp::float16::from_bits(0x0001)) == 0x1p-24f, "constant evaluation uses widen");
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const auto h = lowp::float16::from_bits(static_cast<std::uint16_t>(b));
    const float hardware = h;
    const float portable = lowp::detail::widen<float, lowp::float16::format_type>(h.bits());
    std::uint32_t hu = 0, pu = 0;
    std::memcpy(&hu, &hardware, sizeof hu);
    std::memcpy(&pu, &portable, sizeof pu);
    INFO("encoding " << lowp_test::hex(b));
    REQUIRE(hu == pu);
  }
}

TEST_CASE("float16(float) with F16C gives the engine's bits for every float", "[core][exhaustive][f16c]") {
  if (!lowp_test::cpu_has_avx2_f16c()) {
    WARN("SKIPPED: this CPU has no F16C/AVX2; the scalar F16C path cannot run here");
    return;
  }
  const auto r = lowp_test::sweep32_blocks(check_block);
  INFO(r.report());
  REQUIRE(r.failures == 0);
  WARN("scalar float16(float) via F16C: " << r.checked << " inputs, 0 mismatches against the engine");
}
