// Every bulk path against the scalar rounding engine, over all 2^32 float inputs for
// float16 and bfloat16 (nearest-even, both overflow policies), over a large sample for the
// other modes and for the 8-bit formats, and over every encoding for widening.
//
// The engine's results for a block of inputs are computed once and every path (forced one
// by one through simd::convert_on) is compared with them. Paths the CPU lacks are skipped
// and say so.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "bulk_test.hpp"

namespace {

using lowp::overflow;
using lowp::rounding;

constexpr std::uint64_t block_size = std::uint64_t{1} << 16;
constexpr std::uint64_t block_count = (std::uint64_t{1} << 32) / block_size;

// Sweeps the float bit patterns of the chosen blocks (block index -> first input is
// index * block_size), comparing every supported path with the engine, under both
// overflow policies when `both_policies` (else `policy` only).
//
// The saturate reference takes the engine's ieee result where that is finite and calls
// the engine with saturate where it is an infinity: the contract makes the two policies
// differ nowhere else, and this halves the cost of the reference.
template <class To>
void sweep(rounding mode, overflow policy, std::uint64_t block_stride, bool both_policies = false) {
  using F = typename To::format_type;
  const auto paths = bulk_test::supported_paths();
  bulk_test::mismatches m;
  std::atomic<std::uint64_t> checked{0};
  const std::uint64_t blocks = (block_count + block_stride - 1) / block_stride;
  bulk_test::parallel_for(blocks, [&](std::uint64_t b) {
    thread_local std::vector<float> in(block_size);
    thread_local std::vector<To> want(block_size), want_saturate(block_size), got(block_size);
    // Spread sampled blocks over the whole space, not only the first ones.
    const std::uint64_t first = ((b * block_stride + (b % block_stride)) % block_count) * block_size;
    const overflow first_policy = both_policies ? overflow::ieee : policy;
    for (std::uint64_t i = 0; i < block_size; ++i) {
      const auto u = static_cast<std::uint32_t>(first + i);
      std::memcpy(&in[i], &u, sizeof u);
      want[i] = lowp::convert<To>(in[i], mode, first_policy);
      if (both_policies) {
        const bool infinite = (want[i].bits() & F::magnitude_mask) == F::infinity_bits;
        want_saturate[i] = infinite ? lowp::convert<To>(in[i], mode, overflow::saturate) : want[i];
      }
    }
    for (overflow p : {overflow::ieee, overflow::saturate}) {
      if (!both_policies && p != policy) continue;
      const std::vector<To>& reference = (both_policies && p == overflow::saturate) ? want_saturate : want;
      for (auto path : paths) {
        lowp::simd::convert_on(path, in.data(), got.data(), block_size, mode, p);
        const std::string what = std::string(lowp::bulk_path_name(path)) + " " + lowp_test::policy_name(p);
        bulk_test::compare(what.c_str(), in.data(), got.data(), reference.data(), block_size, m);
      }
#if LOWP_HAS_X86_DISPATCH
      if constexpr (std::is_same<To, lowp::bfloat16>::value) {
        if (mode == rounding::to_nearest_even && lowp::bulk_path_supported(lowp::simd_path::avx2)) {
          if (p == overflow::ieee) {
            bulk_test::convert_emulated_bf16<overflow::ieee>(in.data(), got.data(), block_size);
          } else {
            bulk_test::convert_emulated_bf16<overflow::saturate>(in.data(), got.data(), block_size);
          }
          bulk_test::compare("avx512bf16 logic on emulated vcvtneps2bf16", in.data(), got.data(), reference.data(),
                             block_size, m);
        }
      }
#endif
    }
    checked += block_size;
  });
  INFO(lowp_test::mode_name(mode) << (both_policies ? " / ieee and saturate" : " / ")
                                  << (both_policies ? "" : lowp_test::policy_name(policy)) << ": "
                                  << checked.load() << " inputs per path and policy\n"
                                  << m.report());
  CHECK(checked.load() > 0);
  CHECK(m.count.load() == 0);
}

void warn_skipped() {
  if (!bulk_test::skipped_paths().empty()) {
    WARN("SKIPPED bulk paths this CPU cannot run: " << bulk_test::skipped_paths());
  }
}

// Exhaustive where the build allows it; a spread sample (every 97th block) otherwise.
constexpr std::uint64_t full_stride = lowp_test::exhaustive ? 1 : 97;

}  // namespace

TEST_CASE("bulk float -> float16/bfloat16, nearest-even: every path equals the engine for all 2^32 floats",
          "[bulk][exhaustive]") {
  warn_skipped();
  sweep<lowp::float16>(rounding::to_nearest_even, overflow::ieee, full_stride, true);
  sweep<lowp::bfloat16>(rounding::to_nearest_even, overflow::ieee, full_stride, true);
}

TEST_CASE("bulk float -> 16-bit, other modes: every path equals the engine on 1/16 of all floats",
          "[bulk][sample]") {
  warn_skipped();
  for (rounding mode : {rounding::to_nearest_away, rounding::toward_zero, rounding::upward, rounding::downward}) {
    sweep<lowp::float16>(mode, overflow::ieee, 16 * full_stride);
    sweep<lowp::bfloat16>(mode, overflow::ieee, 16 * full_stride);
  }
  for (rounding mode : {rounding::to_nearest_away, rounding::upward}) {
    sweep<lowp::float16>(mode, overflow::saturate, 64 * full_stride);
    sweep<lowp::bfloat16>(mode, overflow::saturate, 64 * full_stride);
  }
}

TEST_CASE("bulk float -> fp8: every path equals the engine on 1/128 of all floats, every mode and policy",
          "[bulk][sample]") {
  warn_skipped();
  for (rounding mode : lowp_test::all_modes) {
    for (overflow policy : lowp_test::all_policies) {
      sweep<lowp::float8_e4m3fn>(mode, policy, 128 * full_stride);
      sweep<lowp::float8_e5m2>(mode, policy, 128 * full_stride);
    }
  }
}

template <class T>
void widen_all() {
  constexpr std::size_t count = std::size_t{1} << (8 * sizeof(T));
  std::vector<T> in(count);
  std::vector<float> want(count), got(count);
  for (std::size_t i = 0; i < count; ++i) {
    in[i] = T::from_bits(static_cast<typename T::storage_type>(i));
    want[i] = lowp::convert<float>(in[i]);
  }
  bulk_test::mismatches m;
  for (auto p : bulk_test::supported_paths()) {
    lowp::simd::convert_on(p, in.data(), got.data(), count, rounding::to_nearest_even, overflow::ieee);
    bulk_test::compare(lowp::bulk_path_name(p), in.data(), got.data(), want.data(), count, m);
  }
  INFO(m.report());
  CHECK(m.count.load() == 0);
}

TEST_CASE("bulk widening to float: every path equals the scalar conversion for every encoding", "[bulk]") {
  warn_skipped();
  widen_all<lowp::float16>();
  widen_all<lowp::bfloat16>();
  widen_all<lowp::float8_e4m3fn>();
  widen_all<lowp::float8_e5m2>();
}

template <class To>
void doubles_all_modes(const std::vector<double>& in) {
  std::vector<To> want(in.size()), got(in.size());
  bulk_test::mismatches m;
  for (rounding mode : lowp_test::all_modes) {
    for (overflow policy : lowp_test::all_policies) {
      for (std::size_t i = 0; i < in.size(); ++i) want[i] = lowp::convert<To>(in[i], mode, policy);
      for (auto p : bulk_test::supported_paths()) {
        lowp::simd::convert_on(p, in.data(), got.data(), in.size(), mode, policy);
        const std::string what = std::string(lowp::bulk_path_name(p)) + " " + lowp_test::mode_name(mode) + " " +
                                 lowp_test::policy_name(policy);
        bulk_test::compare(what.c_str(), in.data(), got.data(), want.data(), in.size(), m);
      }
    }
  }
  INFO(m.report());
  CHECK(m.count.load() == 0);
}

TEST_CASE("bulk double -> float16/bfloat16: every path equals the engine (rounded once, never through float)",
          "[bulk]") {
  warn_skipped();
  const auto in = bulk_test::mixed_doubles(lowp_test::exhaustive ? (1u << 21) : (1u << 16), 2024);
  doubles_all_modes<lowp::float16>(in);
  doubles_all_modes<lowp::bfloat16>(in);
  // Every double that lies between two adjacent floats around float16/bfloat16 ties and
  // edges, where rounding through float would round twice: the tie itself, one double
  // ulp either side, and the float neighbours.
  std::vector<double> edges;
  for (std::uint32_t hb = 0; hb < 0x7c00u; hb += 1) {
    const double lo = lowp::convert<double>(lowp::float16::from_bits(static_cast<std::uint16_t>(hb)));
    const double hi = lowp::convert<double>(lowp::float16::from_bits(static_cast<std::uint16_t>(hb + 1)));
    const double tie = (lo + hi) / 2;
    for (double d : {tie, std::nextafter(tie, 0.0), std::nextafter(tie, 1e300)}) {
      edges.push_back(d);
      edges.push_back(-d);
    }
  }
  doubles_all_modes<lowp::float16>(edges);
}
