// The walk's `cuda_host` check: CUDA's host conversions (__nv_cvt_float_to_fp8 / _fp6 /
// _fp4 / _e8m0, from CUDA's own headers, run on the CPU) against lowp's, bit for bit, on
// every float the walk visits. The pairs of CUDA and lowp conversions, and why each pair
// must agree, are those of tests/cuda_host/pairs.hpp.
//
// The check runs once per run and format, on the nearest-even/IEEE step of the walk; the
// lowp side of each pair is the engine's results of the walk when the pair's mode and
// policy are that step's, and the engine run again over the run otherwise (cheap next to
// CUDA's conversions, which are the cost of this check). Counts: one comparison per float
// and per lowp conversion paired with a CUDA one.
//
// The one documented difference (pairs.hpp): a NaN into fp8, where CUDA returns a
// canonical NaN and lowp keeps sign and payload; such inputs pass when both results are
// NaN and are counted apart (`documented`).
#pragma once

#include "../cuda_host/pairs.hpp"

namespace lowp_walk_cuda {

using lowp_cuda_host::pair;
using lowp_cuda_host::pair_list;

// How many lowp conversions of type T the pairs hold.
template <class T, class Cuda, class... Lowp>
constexpr int sides_of(pair<Cuda, Lowp...>) {
  return ((std::is_same<typename Lowp::type, T>::value ? 1 : 0) + ... + 0);
}
template <class T, class... Pairs>
constexpr int sides_of(pair_list<Pairs...>) {
  return (sides_of<T>(Pairs{}) + ... + 0);
}
template <class T>
constexpr int sides = sides_of<T>(lowp_cuda_host::all_pairs{});

// Calls fn(Cuda{}, pair<Cuda, Lowp...>{}) for every CUDA function with a lowp conversion
// of type T paired with it (CUDA's results are then computed once for all of them).
template <class T, class Fn, class Cuda, class... Lowp>
void for_each_cuda(pair<Cuda, Lowp...> p, Fn& fn) {
  if constexpr (sides_of<T>(pair<Cuda, Lowp...>{}) > 0) fn(Cuda{}, p);
}
template <class T, class Fn, class... Pairs>
void for_each_cuda(pair_list<Pairs...>, Fn&& fn) {
  (for_each_cuda<T>(Pairs{}, fn), ...);
}

// Calls fn(Lowp{}) for every lowp conversion of type T in a pair.
template <class T, class Fn, class Cuda, class... Lowp>
void for_each_side(pair<Cuda, Lowp...>, Fn&& fn) {
  (
      [&] {
        if constexpr (std::is_same<typename Lowp::type, T>::value) fn(Lowp{});
      }(),
      ...);
}

}  // namespace lowp_walk_cuda
