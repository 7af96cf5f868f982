// lowp/detail/lane.hpp — what the rounding engine needs to know about a "lane" type.
//
// The engine (round.hpp) and the format helpers (format.hpp) are written once over a lane
// type L: a plain unsigned integer (one value: the scalar engine, constexpr, host and
// device) or a GCC/Clang vector of them (8 or 16 values: the SIMD kernels, simd/lanes.hpp
// adds those). One source is therefore every path's algorithm. The rules that keep it
// valid for both:
//   - comparisons are made on the signed view, S(x) with S = signed_lanes_t<L> (every
//     compared value is below half the lane's range); they give bool for scalars and a
//     -1/0 lane mask for vectors, and such a mask is used only as the condition of one ?:
//     (or one add). Masks are never combined with & or |, nor nested in selects that
//     give the same value: AVX-512 compares into k registers, and GCC 12 expands such a
//     combination of vector masks lane by lane (tests/bulk/vector_codegen.cpp fails to
//     build then). Combine facts as 0/1 integer lanes instead. A mask with no lane set is
//     lane_mask_t<L>{};
//   - constants are spread over the lanes with splat<L, C>;
//   - a scalar condition (the rounding mode, the overflow policy) may pick between whole
//     lane values with ?: — constant after inlining in the SIMD kernels, so it folds away;
//   - results are written to out parameters: a wide vector passed or returned by value
//     outside its target attribute changes the ABI (-Wpsabi).
#pragma once

#include <cstdint>
#include <type_traits>

#include "../config.hpp"

namespace lowp {
namespace detail {

// lane_traits<L>: element is the unsigned integer in each lane, signed_type the signed
// lanes of the same shape, mask the type of a comparison's result.
//
// normalize<Lead>(x, normalized, shift) is the one operation whose fast form depends on
// the lane type: for 0 < x < 2^(Lead + 1), x shifted left until bit Lead is set, and by
// how much; zero stays zero, with a shift of at least Lead. The engine normalizes float
// subnormals with it (round.hpp's split_binary). Scalars skip it with one well-predicted
// branch where x is normalized already (every normal float) and otherwise run a binary
// search of selects (constexpr, host and device); the 32-bit vector lanes
// (simd/lanes.hpp) shift every lane by the amount read off the exponent of the lanes
// converted to float, with no branch.
template <class L>
struct lane_traits {
  static_assert(std::is_unsigned<L>::value, "scalar lanes are unsigned integers (vectors are specialized)");
  using element = L;
  using signed_type = std::make_signed_t<L>;
  using mask = bool;

  template <int Lead>
  LOWP_HOST_DEVICE static constexpr void normalize(const L& x, L& normalized, L& shift) noexcept {
    static_assert(Lead >= 1 && Lead < static_cast<int>(sizeof(L) * 8), "bit Lead is a bit of the lane");
    normalized = x;
    shift = 0;
    if ((x >> Lead) != 0) return;  // already normalized: the common case, predicted
    // Each step shifts if the top `step` bits (below bit Lead + 1) are all zero.
    for (int step = 32; step >= 1; step /= 2) {
      if (step > Lead) continue;
      const bool room = (normalized >> (Lead + 1 - step)) == 0;
      normalized = room ? L(normalized << step) : normalized;
      shift = room ? L(shift + static_cast<L>(step)) : shift;
    }
  }
};

template <class L>
using signed_lanes_t = typename lane_traits<L>::signed_type;
template <class L>
using lane_mask_t = typename lane_traits<L>::mask;

// splat<L, C>: the constant C in every lane. A variable, not a function: a function
// returning a wide vector outside its target attribute changes the ABI (see above). Pass
// it to a reference parameter as L(splat<L, C>): CUDA device code may read a host
// constant's value but not bind a reference to it.
template <class L, auto C>
inline constexpr L splat = L(L{} + C);
}  // namespace detail
}  // namespace lowp
