// Fixed points of the contract (shared/DESIGN.md, "The full format set") that the grid
// reference must reproduce before the walk trusts it: each line is an input, a mode and
// policy, and the encoding the contract gives, written out by hand. The engine and the
// reference were written apart; these anchors tie the reference to the contract's text
// itself (its special cases above all: fnuz's single NaN and lost -0, fp6/fp4 without
// NaN, e8m0's unsigned, zero-less rounding).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "formats.hpp"
#include "reference.hpp"

namespace lowp_anchors {

using lowp::overflow;
using lowp::rounding;

// The reference's encoding for x (a NaN gets a quiet payload).
template <class Row>
std::uint64_t reference_of(double x, rounding mode, overflow policy) {
  if (std::isnan(x)) return lowp_ref::nan_bits<Row>(std::signbit(x), 0x400000u, 23);
  static const lowp_ref::grid<Row> grid;
  std::size_t hint = 0;
  return grid.round(x, mode, policy, hint);
}

// Calls fail(format name, description) for every anchor the reference misses; returns the
// number of anchors checked.
template <class Fail>
int check_reference_anchors(Fail&& fail) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const rounding rne = rounding::to_nearest_even, rz = rounding::toward_zero, up = rounding::upward,
                 down = rounding::downward;
  const overflow ieee = overflow::ieee, sat = overflow::saturate;
  int checked = 0;
  auto anchor = [&](auto row, double x, rounding mode, overflow policy, std::uint64_t want) {
    using Row = decltype(row);
    ++checked;
    const std::uint64_t got = reference_of<Row>(x, mode, policy);
    if (got != want) {
      fail(Row::name, "anchor " + std::to_string(x) + " " + lowp::to_string(mode) + "/" + lowp::to_string(policy) +
                          ": reference " + std::to_string(got) + ", contract " + std::to_string(want));
    }
  };
  using namespace lowp_test;
  // fnuz: no -0, one NaN (0x80) for NaN, infinity and non-truncating overflow under ieee.
  anchor(float8_e4m3fnuz_row{}, 1.0, rne, ieee, 0x40);
  anchor(float8_e4m3fnuz_row{}, 240.0, rne, ieee, 0x7f);
  anchor(float8_e4m3fnuz_row{}, -0.0, rne, ieee, 0x00);
  anchor(float8_e4m3fnuz_row{}, -1e-9, rne, ieee, 0x00);
  anchor(float8_e4m3fnuz_row{}, -1e-9, down, ieee, 0x81);
  anchor(float8_e4m3fnuz_row{}, -1e6, rne, ieee, 0x80);
  anchor(float8_e4m3fnuz_row{}, -1e6, rz, ieee, 0xff);
  anchor(float8_e4m3fnuz_row{}, -1e6, rne, sat, 0xff);
  anchor(float8_e4m3fnuz_row{}, -inf, rne, ieee, 0x80);
  anchor(float8_e4m3fnuz_row{}, -nan, rne, ieee, 0x80);
  anchor(float8_e5m2fnuz_row{}, 57344.0, rne, ieee, 0x7f);
  // IEEE-like FP8: infinity 0x78 / 0x70.
  anchor(float8_e4m3_row{}, 240.0, rne, ieee, 0x77);
  anchor(float8_e4m3_row{}, 248.0, rne, ieee, 0x78);
  anchor(float8_e4m3_row{}, inf, rne, sat, 0x77);
  anchor(float8_e3m4_row{}, 15.5, rne, ieee, 0x6f);
  anchor(float8_e3m4_row{}, 16.0, rne, ieee, 0x70);
  // fp6 / fp4: no infinity, no NaN; overflow and infinity give +-max, NaN gives +max.
  anchor(float6_e2m3fn_row{}, 7.5, rne, ieee, 0x1f);
  anchor(float6_e3m2fn_row{}, 28.0, rne, ieee, 0x1f);
  anchor(float6_e3m2fn_row{}, -0.0, rne, ieee, 0x20);
  anchor(float4_e2m1fn_row{}, 5.0, rne, ieee, 0x6);  // the tie 4 | 6 goes to 4 (even)
  anchor(float4_e2m1fn_row{}, -0.75, rne, ieee, 0xa);
  anchor(float4_e2m1fn_row{}, 100.0, rne, ieee, 0x7);
  anchor(float4_e2m1fn_row{}, -inf, rne, ieee, 0xf);
  anchor(float4_e2m1fn_row{}, -nan, rne, ieee, 0x7);
  // e8m0: sign ignored, |x| rounded to a power of two in [2^-127, 2^127], no zero.
  anchor(float8_e8m0fnu_row{}, 0.0, rne, ieee, 0x00);
  anchor(float8_e8m0fnu_row{}, 1e-40, up, ieee, 0x00);
  anchor(float8_e8m0fnu_row{}, 3.0, rne, ieee, 0x80);  // tie 2 | 4: the even encoding
  anchor(float8_e8m0fnu_row{}, 6.0, rne, ieee, 0x82);  // tie 4 | 8: the even encoding
  anchor(float8_e8m0fnu_row{}, -4.0, rne, ieee, 0x81);
  anchor(float8_e8m0fnu_row{}, -3.0, down, ieee, 0x80);
  anchor(float8_e8m0fnu_row{}, -3.0, up, ieee, 0x81);
  anchor(float8_e8m0fnu_row{}, std::ldexp(1.0, 128), rz, ieee, 0xfe);
  anchor(float8_e8m0fnu_row{}, 1.6 * std::ldexp(1.0, 127), rne, ieee, 0xff);
  anchor(float8_e8m0fnu_row{}, 1.4 * std::ldexp(1.0, 127), rne, ieee, 0xfe);
  anchor(float8_e8m0fnu_row{}, inf, rne, ieee, 0xff);
  anchor(float8_e8m0fnu_row{}, inf, rne, sat, 0xfe);
  anchor(float8_e8m0fnu_row{}, -nan, rne, ieee, 0xff);
  return checked;
}

}  // namespace lowp_anchors
