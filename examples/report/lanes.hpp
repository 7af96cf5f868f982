// lanes.hpp — two doubles at a time, for the statistics kernels of analysis.cpp.
//
// GCC and Clang vector extensions: each operation below is one SSE2 instruction on x86-64
// (and the equivalent on other targets), with no intrinsics and no dispatch. Comparisons
// give a mask per lane (all ones or all zeros), which select() uses; everything is
// branch-free, so a NaN or an infinity in one lane never takes a different path.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>

namespace lowp_report {

typedef double f64x2 __attribute__((vector_size(16)));
typedef std::int64_t mask2 __attribute__((vector_size(16)));
typedef float f32x2 __attribute__((vector_size(8)));

inline f64x2 splat(double v) { return f64x2{v, v}; }

// Two consecutive elements, widened exactly to double; p needs no alignment.
inline f64x2 load2(const float* p) {
  f32x2 v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_convertvector(v, f64x2);
}
inline f64x2 load2(const double* p) {
  f64x2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, f64x2 v) { std::memcpy(p, &v, sizeof v); }

// select(m, a, b): a where the mask is set, else b.
inline f64x2 select(mask2 m, f64x2 a, f64x2 b) {
  return reinterpret_cast<f64x2>((m & reinterpret_cast<mask2>(a)) | (~m & reinterpret_cast<mask2>(b)));
}
inline f64x2 abs2(f64x2 v) {
  return reinterpret_cast<f64x2>(reinterpret_cast<mask2>(v) & std::numeric_limits<std::int64_t>::max());
}
// copysign2(m, s): |m| with the sign of s.
inline f64x2 copysign2(f64x2 m, f64x2 s) {
  const mask2 sign = reinterpret_cast<mask2>(splat(-0.0));
  return reinterpret_cast<f64x2>((reinterpret_cast<mask2>(m) & ~sign) | (reinterpret_cast<mask2>(s) & sign));
}
// max2/min2 keep the accumulator b when a is NaN (and when they are equal).
inline f64x2 max2(f64x2 a, f64x2 b) { return select(a > b, a, b); }
inline f64x2 min2(f64x2 a, f64x2 b) { return select(a < b, a, b); }
// The number of lanes whose mask is set, added to a counter per lane.
inline void count2(mask2& counter, mask2 m) { counter -= m; }  // a set mask is -1

}  // namespace lowp_report
