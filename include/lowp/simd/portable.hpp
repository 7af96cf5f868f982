// lowp/simd/portable.hpp — the bulk kernels for any target: plain loops over one lane.
//
// The lane algorithms of lanes.hpp with std::uint32_t lanes. The loop bodies are selects,
// not branches, so a compiler can vectorise them where the target has per-lane shifts:
// with -O3 -march=native on x86-64, GCC 12 and Clang 14 vectorise the narrowing and
// counting loops, and Clang the widening ones too (GCC keeps the float multiply of the
// float16 subnormal case behind a branch under its default -ftrapping-math). This is the
// path wherever there is no x86 dispatch (LOWP_HAS_X86_DISPATCH == 0: other CPUs, MSVC,
// nvcc host code).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../types.hpp"
#include "../convert.hpp"
#include "counting.hpp"
#include "lanes.hpp"

namespace lowp {
namespace simd {

template <class From, class To, rounding Mode, overflow Policy>
void convert_portable(const From* src, To* dst, std::size_t n) noexcept {
  if constexpr (std::is_same<To, float>::value) {
    using F = typename From::format_type;
    // The scalar widening itself (widen.hpp): written with masks, so the loop vectorises.
    for (std::size_t i = 0; i < n; ++i) dst[i] = lowp::detail::widen<float, F>(src[i].bits());
  } else if constexpr (std::is_same<From, float>::value) {
    using F = typename To::format_type;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t r;
      narrow_lanes<F, Mode, Policy>(lowp::detail::bit_cast<std::uint32_t>(src[i]), r);
      dst[i] = To::from_bits(static_cast<typename F::storage>(r));
    }
  } else {
    // double: the rounding engine itself (a double is never rounded through float).
    for (std::size_t i = 0; i < n; ++i) dst[i] = lowp::convert<To>(src[i], Mode, Policy);
  }
}

template <class F, rounding Mode>
void count_portable(const float* src, std::size_t n, tallies<std::size_t>& total) noexcept {
  const count_thresholds& t = thresholds_for<F, Mode>();
  // 32-bit tallies vectorise; flush them before they could wrap.
  constexpr std::size_t chunk = std::size_t{1} << 30;
  for (std::size_t begin = 0; begin < n; begin += chunk) {
    const std::size_t end = n - begin < chunk ? n : begin + chunk;
    tallies<std::uint32_t> c;
    for (std::size_t i = begin; i < end; ++i) {
      const auto u = lowp::detail::bit_cast<std::uint32_t>(src[i]);
      std::uint32_t inexact;
      inexact_lanes<F>(u, inexact);
      tally_lanes<Mode>(u, inexact, t, c);
    }
    add_tallies(c, total);
  }
}

}  // namespace simd
}  // namespace lowp
