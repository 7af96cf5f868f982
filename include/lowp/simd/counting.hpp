// lowp/simd/counting.hpp — check_conversion's statistics, counted with a few comparisons
// per element.
//
// Rounding is monotonic in the magnitude, so for one format, mode and sign the result of a
// finite float of magnitude bits `a` is
//   zero         when a < nonzero_from
//   subnormal    when nonzero_from <= a < normal_from
//   an overflow  when a >= overflow_from
// The kernels tally, per lane, how many magnitudes fall below each threshold (and how many
// are zero, finite, not NaN, exactly representable); the statistics follow by
// subtraction. The thresholds come from the scalar engine, once per format and mode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../types.hpp"
#include "../bulk_types.hpp"
#include "../config.hpp"
#include "lanes.hpp"

namespace lowp {

namespace simd {

struct count_thresholds {
  std::uint32_t nonzero_from[2];  // [sign]
  std::uint32_t normal_from[2];
  std::uint32_t overflow_from[2];
};

// The smallest float magnitude bits a in [0, infinity] with pred(a) (pred(infinity) is
// taken as true).
template <class Pred>
std::uint32_t first_true(Pred pred) noexcept {
  std::uint32_t lo = 0, hi = f32_infinity;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

template <class F>
count_thresholds make_count_thresholds(rounding mode) noexcept {
  count_thresholds t{};
  for (int s = 0; s < 2; ++s) {
    const std::uint32_t sign = s != 0 ? 0x80000000u : 0u;
    // Saturate, so that the results grow with a (no NaN past the top: fnuz's NaN has a
    // zero magnitude field).
    auto result = [&](std::uint32_t a) {
      return lowp::detail::round_binary<F, binary32>(a | sign, mode, overflow::saturate);
    };
    t.nonzero_from[s] = first_true([&](std::uint32_t a) { return !lowp::detail::is_zero<F>(result(a)); });
    t.normal_from[s] = first_true([&](std::uint32_t a) {
      const auto r = result(a);
      return !lowp::detail::is_zero<F>(r) && !lowp::detail::is_subnormal<F>(r);
    });
    t.overflow_from[s] =
        first_true([&](std::uint32_t a) { return lowp::detail::overflows<F, binary32>(a | sign, mode); });
  }
  return t;
}

// The thresholds of (F, Mode), computed once per process.
template <class F, rounding Mode>
const count_thresholds& thresholds_for() noexcept {
  static const count_thresholds t = make_count_thresholds<F>(Mode);
  return t;
}

// Per-lane tallies (L: lane type, or std::size_t for totals).
template <class L>
struct tallies {
  L zero{};            // a == 0
  L below_nonzero{};   // a < nonzero_from
  L below_normal{};    // a < normal_from
  L below_overflow{};  // a < overflow_from
  L finite{};          // a < infinity
  L not_nan{};         // a <= infinity
  L exact{};           // finite and representable in F
};

// c += 1 in the lanes of mask m.
template <class L, class Mask>
LOWP_ALWAYS_INLINE void tally(L& c, const Mask& m) noexcept {
  if constexpr (std::is_arithmetic<L>::value) {
    c += m ? 1u : 0u;
  } else {
    c -= (L)m;  // a set lane of a vector mask is -1
  }
}

// Tallies the lanes of u, given `representable`: whether each value is one of F's
// (infinite and NaN lanes may say anything).
template <rounding Mode, class L, class Mask>
LOWP_ALWAYS_INLINE void tally_lanes(const L& u, const Mask& representable, const count_thresholds& t,
                                    tallies<L>& c) noexcept {
  using S = typename lane_traits<L>::signed_type;
  const S a = S(u & f32_magnitude_mask);
  constexpr bool symmetric = Mode != rounding::upward && Mode != rounding::downward;
  S nonzero = S{} + static_cast<std::int32_t>(t.nonzero_from[0]);
  S normal = S{} + static_cast<std::int32_t>(t.normal_from[0]);
  S over = S{} + static_cast<std::int32_t>(t.overflow_from[0]);
  if constexpr (!symmetric) {
    const auto negative = S(u) < 0;
    nonzero = negative ? S{} + static_cast<std::int32_t>(t.nonzero_from[1]) : nonzero;
    normal = negative ? S{} + static_cast<std::int32_t>(t.normal_from[1]) : normal;
    over = negative ? S{} + static_cast<std::int32_t>(t.overflow_from[1]) : over;
  }
  constexpr std::int32_t inf = static_cast<std::int32_t>(f32_infinity);
  const auto finite = a < inf;
  tally(c.zero, a == 0);
  tally(c.below_nonzero, a < nonzero);
  tally(c.below_normal, a < normal);
  tally(c.below_overflow, a < over);
  tally(c.finite, finite);
  tally(c.not_nan, a < inf + 1);
  tally(c.exact, finite & representable);
}

// The statistics from the totals of `lanes` lanes.
inline conversion_stats stats_of(const tallies<std::size_t>& c, std::size_t lanes) noexcept {
  conversion_stats s;
  s.nan = lanes - c.not_nan;
  s.overflow = c.finite - c.below_overflow;
  s.underflow = c.below_nonzero - c.zero;
  s.subnormal = c.below_normal - c.below_nonzero;
  s.inexact = c.finite - c.exact;
  return s;
}

// Adds lane tallies to totals.
template <class L>
LOWP_ALWAYS_INLINE void add_tallies(const tallies<L>& c, tallies<std::size_t>& total) noexcept {
  if constexpr (std::is_arithmetic<L>::value) {
    total.zero += c.zero;
    total.below_nonzero += c.below_nonzero;
    total.below_normal += c.below_normal;
    total.below_overflow += c.below_overflow;
    total.finite += c.finite;
    total.not_nan += c.not_nan;
    total.exact += c.exact;
  } else {
    for (std::size_t k = 0; k < sizeof(L) / sizeof(std::uint32_t); ++k) {
      total.zero += c.zero[k];
      total.below_nonzero += c.below_nonzero[k];
      total.below_normal += c.below_normal[k];
      total.below_overflow += c.below_overflow[k];
      total.finite += c.finite[k];
      total.not_nan += c.not_nan[k];
      total.exact += c.exact[k];
    }
  }
}

}  // namespace simd
}  // namespace lowp
