// test_cuda_host_bit_identity: lowp's conversions into fp8, fp6, fp4 and e8m0 against
// CUDA's __nv_cvt_{float,double}_to_{fp8,fp6,fp4,e8m0}, run on the CPU from CUDA's own
// headers, bit for bit (pairs.hpp says which lowp conversion answers which CUDA one).
//
// Float inputs: the floats within 16 ulps of every place a target's result changes. Every
// float is compared in the one walk over the 2^32 floats (tests/exhaustive, check
// `cuda_host`), not in a pass of its own.
// Double inputs: those places and the doubles around them (the double-rounding traps),
// plus a dense deterministic sample.
//
// Then CUDA's widening of every encoding against lowp's (widening.hpp).
//
// Prints one table row per conversion; exits 1 on any mismatch. Without CUDA's headers
// this program is built from skip.cpp instead and exits 77 (CTest: skipped).
#include "compare.hpp"
#include "inputs.hpp"
#include "widening.hpp"

#include <cuda_runtime_api.h>  // CUDART_VERSION

#include <cstdio>

#ifndef LOWP_TEST_EXHAUSTIVE
#define LOWP_TEST_EXHAUSTIVE 1
#endif

namespace {

using namespace lowp_cuda_host;

constexpr bool exhaustive = LOWP_TEST_EXHAUSTIVE != 0;

// The floats within 16 ulps of every place a target's result changes. (Every float is
// compared by the walk's cuda_host check, tests/exhaustive; these are the inputs that
// matter most, checked here also in builds whose walk is sampled.)
std::vector<tally> compare_floats(std::uint64_t& count) {
  const std::vector<float> near = floats_near_boundaries();
  count = near.size();
  return compare_blocks(1, [&near](std::uint64_t, auto&& fn) {
    for (const float x : near) fn(x);
  });
}

// The traps, then the dense sample (3 x 2^22 doubles, 3 x 2^20 without exhaustive).
// `detours` gets, per row, the number of traps that a conversion through float gets wrong.
std::vector<tally> compare_doubles(std::uint64_t& count, std::uint64_t& trap_count, std::vector<std::uint64_t>& detours) {
  const std::vector<double> traps = double_traps();
  detours.assign(rows().size(), 0);
  for (const double x : traps) count_float_detours(all_pairs{}, x, detours.data());
  std::vector<tally> result = compare_blocks(1, [&traps](std::uint64_t, auto&& fn) {
    for (const double x : traps) fn(x);
  });
  constexpr std::uint64_t per_kind = std::uint64_t{1} << (exhaustive ? 22 : 20);
  constexpr std::uint64_t block = std::uint64_t{1} << 16;
  const std::vector<tally> dense = compare_blocks(3 * per_kind / block, [](std::uint64_t b, auto&& fn) {
    for (std::uint64_t i = b * block; i < (b + 1) * block; ++i) fn(dense_double(i, per_kind));
  });
  for (std::size_t i = 0; i < result.size(); ++i) result[i].add(dense[i]);
  trap_count = traps.size();
  count = traps.size() + 3 * per_kind;
  return result;
}

// Prints the rows of one input kind; returns the number of mismatches, plus one for each
// row whose traps would not catch a conversion through float (`detours`, doubles only).
std::uint64_t report(const char* input, std::uint64_t count, const std::vector<tally>& tallies,
                     const std::vector<std::uint64_t>& detours) {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    const row_info& r = rows()[i];
    const tally& t = tallies[i];
    std::printf("%-6s | %-8s | %-7s | %-9s | %-15s | %-15s | %-8s | %11llu | %10llu | %9llu", input, r.function,
                r.cuda_mode, r.saturation, r.lowp_type, lowp::to_string(r.mode),
                lowp::to_string(r.policy), static_cast<unsigned long long>(count),
                static_cast<unsigned long long>(t.mismatches), static_cast<unsigned long long>(t.nan_bits_differ));
    if (detours.empty()) {
      std::printf(" |\n");
    } else {
      std::printf(" | %llu%s\n", static_cast<unsigned long long>(detours[i]),
                  detours[i] == 0 ? "  <- FAIL: the traps catch no double rounding" : "");
      total += detours[i] == 0 ? 1u : 0u;
    }
    for (const example& e : t.first) {
      std::printf("         mismatch: input 0x%0*llx -> CUDA 0x%02x, lowp 0x%02x\n", input[0] == 'f' ? 8 : 16,
                  static_cast<unsigned long long>(e.input_bits), e.cuda, e.lowp);
    }
    total += t.mismatches;
  }
  return total;
}

}  // namespace

int main() {
  std::printf("lowp vs CUDA %d.%d host conversions (floats near the boundaries; every float: the walk's cuda_host check)\n",
              CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10);
  std::printf("Columns: ... | mismatches | NaN diff: NaN inputs that gave a NaN on both sides but other bits (fp8 only, the\n"
              "documented difference) | detour: trap doubles that a conversion through float gets wrong (must be > 0)\n");
  std::printf("input  | CUDA     | mode    | saturate  | lowp type       | lowp mode       | policy   |      inputs | mismatches | "
              " NaN diff | detour\n");
  std::uint64_t float_count = 0, double_count = 0, trap_count = 0;
  std::vector<std::uint64_t> detours;
  const std::vector<tally> floats = compare_floats(float_count);
  const std::uint64_t float_mismatches = report("float", float_count, floats, {});
  const std::vector<tally> doubles = compare_doubles(double_count, trap_count, detours);
  const std::uint64_t double_mismatches = report("double", double_count, doubles, detours);
  std::printf("double inputs: %llu traps + %llu dense sample\n", static_cast<unsigned long long>(trap_count),
              static_cast<unsigned long long>(double_count - trap_count));
  std::uint64_t widening_mismatches = 0;
  std::printf("\nwidening: CUDA function              | lowp type       | encodings | mismatches\n");
  for (const widening_row& w : compare_all_widenings()) {
    std::printf("          %-30s | %-15s | %9u | %u\n", w.cuda_function, w.lowp_type, w.encodings, w.mismatches);
    for (const unsigned b : w.first) std::printf("          mismatch: encoding 0x%02x\n", b);
    widening_mismatches += w.mismatches;
  }
  const std::uint64_t mismatches = float_mismatches + double_mismatches + widening_mismatches;
  std::printf("%s: %llu mismatches or toothless trap rows\n", mismatches == 0 ? "PASS" : "FAIL", static_cast<unsigned long long>(mismatches));
  return mismatches == 0 ? 0 : 1;
}
