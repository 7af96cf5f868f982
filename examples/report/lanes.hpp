// lanes.hpp — W doubles at a time, for the statistics kernels of analysis.cpp.
//
// GCC and Clang vector extensions, at the width of the instruction set a kernel is built
// for (W = 8 for AVX-512, 4 for AVX2, 2 for SSE2 and other targets): each operation is one
// instruction (a wider vector than the hardware's has its comparisons split lane by lane).
// Whatever W, a kernel keeps `lanes` (8) accumulators, element i going to lane i % 8, as
// 8 / W vectors, and combines them in a fixed order, so every build gives the same bits.
// Comparisons give a mask per lane (all ones or all zeros), which select() uses;
// everything is branch-free, so a NaN or an infinity in one lane never takes a different
// path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

namespace lowp_report {

constexpr std::size_t lanes = 8;

template <std::size_t W>
struct vec {
  typedef double f64 __attribute__((vector_size(8 * W)));
  typedef std::int64_t mask __attribute__((vector_size(8 * W)));
  typedef float f32 __attribute__((vector_size(4 * W)));
  static constexpr std::size_t width = W;
};

// (Not V{} + v: 0 + -0 is +0.)
template <class V>
[[gnu::always_inline]] inline V splat(double v) {
  V r;
  for (std::size_t i = 0; i < sizeof(V) / sizeof(double); ++i) r[i] = v;
  return r;
}

// W consecutive elements, widened exactly to double; p needs no alignment.
template <std::size_t W>
[[gnu::always_inline]] inline typename vec<W>::f64 load(const float* p) {
  typename vec<W>::f32 v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_convertvector(v, typename vec<W>::f64);
}
template <std::size_t W>
[[gnu::always_inline]] inline typename vec<W>::f64 load(const double* p) {
  typename vec<W>::f64 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
[[gnu::always_inline]] inline void store(double* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

template <class V>
using mask_of = typename vec<sizeof(V) / sizeof(double)>::mask;

// select(m, a, b): a where the mask is set, else b.
template <class V>
[[gnu::always_inline]] inline V select(mask_of<V> m, V a, V b) {
  return reinterpret_cast<V>((m & reinterpret_cast<mask_of<V>>(a)) | (~m & reinterpret_cast<mask_of<V>>(b)));
}
template <class V>
[[gnu::always_inline]] inline V absv(V v) {
  return reinterpret_cast<V>(reinterpret_cast<mask_of<V>>(v) & std::numeric_limits<std::int64_t>::max());
}
// copysignv(m, s): |m| with the sign of s.
template <class V>
[[gnu::always_inline]] inline V copysignv(V m, V s) {
  const mask_of<V> sign = reinterpret_cast<mask_of<V>>(splat<V>(-0.0));
  return reinterpret_cast<V>((reinterpret_cast<mask_of<V>>(m) & ~sign) | (reinterpret_cast<mask_of<V>>(s) & sign));
}
// No complement of a comparison appears in the kernels (~(a == b), a != b): GCC turns it
// into an unordered comparison, which it splits lane by lane for AVX-512. They count the
// complement instead (n - count(a == b)) and swap select()'s arguments.
// maxv/minv keep the accumulator b when a is NaN (and when they are equal).
template <class V>
[[gnu::always_inline]] inline V maxv(V a, V b) {
  return select(a > b, a, b);
}
template <class V>
[[gnu::always_inline]] inline V minv(V a, V b) {
  return select(a < b, a, b);
}
// The number of lanes whose mask is set, added to a counter per lane.
// (A comparison gives a vector of long long under Clang, of long under GCC: same bits.)
template <class M, class Mask>
[[gnu::always_inline]] inline void count(M& counter, Mask m) {
  counter -= reinterpret_cast<M>(m);  // a set mask is -1
}

// The `lanes` accumulators held as lanes / W vectors, combined in a fixed order.
template <class V, std::size_t Parts>
double sum_lanes(const V (&v)[Parts]) {
  constexpr std::size_t w = sizeof(V) / sizeof(double);
  double l[lanes];
  for (std::size_t i = 0; i < lanes; ++i) l[i] = v[i / w][i % w];
  return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
}
template <class V, std::size_t Parts>
double max_lanes(const V (&v)[Parts]) {
  double m = v[0][0];
  for (std::size_t i = 0; i < Parts; ++i)
    for (std::size_t j = 0; j < sizeof(V) / sizeof(double); ++j) m = v[i][j] > m ? v[i][j] : m;
  return m;
}
template <class V, std::size_t Parts>
double min_lanes(const V (&v)[Parts]) {
  double m = v[0][0];
  for (std::size_t i = 0; i < Parts; ++i)
    for (std::size_t j = 0; j < sizeof(V) / sizeof(double); ++j) m = v[i][j] < m ? v[i][j] : m;
  return m;
}
template <class M, std::size_t Parts>
std::uint64_t count_lanes(const M (&v)[Parts]) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < Parts; ++i)
    for (std::size_t j = 0; j < sizeof(M) / sizeof(std::int64_t); ++j) n += v[i][j];
  return static_cast<std::uint64_t>(n);
}

}  // namespace lowp_report
