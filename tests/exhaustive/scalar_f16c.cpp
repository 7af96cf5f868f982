// test_scalar_f16c: lowp's scalar float16 paths in a translation unit built for F16C.
//
// This file is compiled with -mavx2 -mf16c (see tests/CMakeLists.txt), as a user's
// -march=native build would be, so float16(x) runs vcvtps2ph. It is a program of its own:
// linked with baseline translation units, lowp's inline functions would exist in two
// builds and the linker would keep one of them for both. Its entry point
// (scalar_f16c_main.cpp) checks the CPU first.
//
//   scalar_f16c   float16(x) for every float (or the sampled walk) against the engine,
//                 lowp::detail::round_binary, nearest-even with IEEE overflow
//   widen_f16c    float(h) for every float16 encoding against the F16C instruction
//                 vcvtph2ps (the hardware, not lowp's widen: float(h) is the integer widen
//                 in such builds, and comparing it with widen would compare it with itself)
#include <immintrin.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <lowp/lowp.hpp>

#include "walk.hpp"

#if !LOWP_SCALAR_F16C
#error "this test must be compiled with -mf16c (and a compiler with __builtin_is_constant_evaluated)"
#endif

namespace {

static_assert(lowp::float16(65520.0f).bits() == 0x7c00 && lowp::float16(1e-8f).bits() == 0x0000,
              "constant evaluation uses the engine");
static_assert(static_cast<float>(lowp::float16::from_bits(0x0001)) == 0x1p-24f, "constant evaluation uses widen");

using engine_format = lowp::float16::format_type;

void constructor_run(std::vector<float>& x, std::uint32_t first, std::uint32_t length, walk::tallies& out) {
  for (std::uint32_t i = 0; i < length; ++i) {
    const std::uint32_t u = first + i;
    std::memcpy(&x[i], &u, sizeof u);
  }
  std::uint64_t failed = 0;
  std::string description;
  for (std::uint32_t i = 0; i < length; ++i) {
    const std::uint16_t constructed = lowp::float16(x[i]).bits();
    const std::uint16_t engine = lowp::detail::round_binary<engine_format, lowp::detail::binary32>(
        first + i, lowp::rounding::to_nearest_even, lowp::overflow::ieee);
    if (constructed != engine && failed++ == 0) {
      description = walk::hex(first + i, 8) + ": float16(x) " + walk::hex(constructed) + ", engine " + walk::hex(engine);
    }
  }
  out[{"scalar_f16c", "float16"}].record(length, failed, description);
}

walk::outcome widen_every_encoding() {
  walk::tally t;
  std::uint64_t failed = 0;
  std::string description;
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const auto h = lowp::float16::from_bits(static_cast<std::uint16_t>(b));
    const float widened = static_cast<float>(h);
    const float hardware = _cvtsh_ss(static_cast<unsigned short>(b));
    std::uint32_t wu = 0, hu = 0;
    std::memcpy(&wu, &widened, sizeof wu);
    std::memcpy(&hu, &hardware, sizeof hu);
    if (wu != hu && failed++ == 0) {
      description = "encoding " + walk::hex(b, 4) + ": float(h) " + walk::hex(wu, 8) + ", vcvtph2ps " + walk::hex(hu, 8);
    }
  }
  t.record(65536, failed, description);
  return walk::judge("widen_f16c", "float16", t, 65536);
}

}  // namespace

int scalar_f16c_main(int argc, char** argv) {
  const walk::options o = walk::parse(argc, argv);
  if (!o.result.empty()) return walk::report_result(o.summary, o.result);
  if (o.list) {
    std::cout << "scalar_f16c\nwiden_f16c\n";
    return 0;
  }
  const walk::plan plan = walk::make_plan(!o.sample, o.stride);
  const auto start = std::chrono::steady_clock::now();
  std::vector<walk::outcome> outcomes;
  if (walk::selected(o, "scalar_f16c")) {
    const walk::tallies tallies = walk::run_parallel(
        plan, o.threads, [&] { return std::vector<float>(plan.length); },
        [](std::vector<float>& x, std::uint32_t first, std::uint32_t length, walk::tallies& out) {
          constructor_run(x, first, length, out);
        });
    const auto found = tallies.find({"scalar_f16c", "float16"});
    outcomes.push_back(walk::judge("scalar_f16c", "float16", found == tallies.end() ? walk::tally{} : found->second,
                                   plan.floats()));
  }
  if (walk::selected(o, "widen_f16c")) outcomes.push_back(widen_every_encoding());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return walk::finish(o, outcomes, plan, seconds);
}
