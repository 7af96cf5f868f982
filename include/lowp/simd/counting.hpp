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
//
// Every tally is ONE comparison whose result goes straight into its counter: two lane
// masks are never combined (no mask & mask, no nested selects on masks). These functions
// have no target attribute, so GCC 12 gives their comparisons the 32-bit-lane mask type
// of the default target; inlined into the AVX-512 entry points, a combination of two such
// 16-lane masks has no AVX-512 instruction (AVX-512 compares into k registers) and is
// expanded lane by lane: 16 extracts, scalar compares and inserts per operation, which
// made check_conversion 12x slower on AVX-512 than on AVX2. Conditions that need two
// tests are folded into one integer lane first (see inexact_lanes).
// tests/bulk/vector_codegen.cpp compiles every kernel with GCC's
// -Werror=vector-operation-performance, which reports any such expansion.
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
    // A zero input is neither an underflow nor a subnormal result; the statistics take it
    // out by subtracting the zero tally, so the thresholds count it below them. (Without
    // zero in F, as E8M0, results are nonzero from a = 0 on.)
    t.nonzero_from[s] = t.nonzero_from[s] > 0 ? t.nonzero_from[s] : 1;
    t.normal_from[s] = t.normal_from[s] > 0 ? t.normal_from[s] : 1;
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

// c += 1 in the lanes where x < bound (bound: a scalar or lanes). The comparison is made
// here, inside the operation that consumes it: scalars add a bool; AVX2 lanes (32 bytes)
// subtract the -1/0 mask (one vpsubd); AVX-512 lanes (64 bytes, used only by the AVX-512
// path) select c + 1, which GCC emits as one masked vpaddd on vpcmpd's k-mask (the
// subtraction would first copy the mask into a vector register: two instructions).
template <class L, class S, class Bound>
LOWP_ALWAYS_INLINE void tally_below(L& c, const S& x, const Bound& bound) noexcept {
  if constexpr (std::is_arithmetic<L>::value) {
    c += x < bound ? 1u : 0u;
  } else if constexpr (sizeof(L) == 64) {
    c = x < bound ? c + 1 : c;
  } else {
    c -= (L)(x < bound);  // a set lane of a vector mask is -1
  }
}

// Tallies the lanes of u, given `inexact`: zero exactly in the lanes whose value is finite
// and one of F's, and never negative as a signed lane (see inexact_lanes).
template <rounding Mode, class L>
LOWP_ALWAYS_INLINE void tally_lanes(const L& u, const L& inexact, const count_thresholds& t, tallies<L>& c) noexcept {
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
  tally_below(c.zero, a, 1);
  tally_below(c.below_nonzero, a, nonzero);
  tally_below(c.below_normal, a, normal);
  tally_below(c.below_overflow, a, over);
  tally_below(c.finite, a, inf);
  tally_below(c.not_nan, a, inf + 1);
  tally_below(c.exact, S(inexact), 1);
}

// 1 in the lanes whose float magnitude a is infinite or NaN (a >= 0x7f800000), else 0:
// a + 2^23 reaches bit 31 exactly then (a < 2^31, so nothing wraps).
template <class L>
LOWP_ALWAYS_INLINE void nonfinite_bit(const L& a, L& out) noexcept {
  out = (a + (1u << f32_mantissa_bits)) >> 31;
}

// inexact_lanes<F>(u, out): zero exactly in the lanes whose float is finite and a value of
// F, by its bits: nothing below F's last place at its exponent, and inside F's range:
// not above its largest finite value (which also rules out infinity and NaN), not below
// its smallest value where F has no zero (E8M0: zero is no value of it either), and not
// negative where F has no sign. The range tests are differences whose sign bit says
// "outside", OR-ed and shifted down once; the result is compared once by tally_lanes.
template <class F, class L>
LOWP_ALWAYS_INLINE void inexact_lanes(const L& u, L& out) noexcept {
  const L a = u & f32_magnitude_mask;
  L below_last_place;
  if constexpr (shares_float_exponents<F>) {
    // F's grid is float's with the low bits cut off: the same bits everywhere.
    below_last_place = a & ((1u << (binary32::mantissa_bits - F::mantissa_bits)) - 1);
  } else {
    L significand, shift, base;
    typename lane_traits<L>::signed_type below;
    lowp::detail::split_binary<F, binary32>(a, significand, below);  // the engine's own split
    lowp::detail::significand_shift<F, binary32::mantissa_bits>(below, shift, base);
    below_last_place = significand & (((L{} + 1) << shift) - 1);
  }
  // a and these bounds are below 2^31, so each difference wraps (sets bit 31) exactly when
  // a is outside.
  auto float_bits = [](typename F::storage bits) {
    return lowp::detail::bit_cast<std::uint32_t>(lowp::detail::widen<float, F>(bits));
  };
  L outside = float_bits(F::max_finite_bits) - a;
  if constexpr (!F::has_zero) {
    static_assert(F::min_exponent >= binary32::min_subnormal_exponent, "F's smallest value is a float");
    outside = outside | (a - float_bits(F::min_positive_bits));
  }
  if constexpr (!F::is_signed) {
    outside = outside | u;  // the sign bit itself
  }
  out = below_last_place | (outside >> 31);
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
