// The inputs beyond "every float": where each target format changes its result (its
// values, the midpoints between them, the overflow and underflow points), the floats and
// doubles next to those places, and a dense deterministic sample of doubles.
#pragma once

#include "pairs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace lowp_cuda_host {

// The non-negative places where T's rounding changes in some mode: every finite value,
// every midpoint between neighbours, half the smallest positive value, the midpoint past
// max (max + half its spacing) and twice max. All of them are exact in double.
template <class T>
std::vector<double> boundaries_of() {
  std::vector<double> values;
  for (unsigned b = 0; b < 256; ++b) {
    const double v = lowp::convert<double>(T::from_bits(static_cast<typename T::storage_type>(b)));
    if (std::isfinite(v)) values.push_back(std::fabs(v));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<double> out(values);
  for (std::size_t i = 0; i + 1 < values.size(); ++i) out.push_back(values[i] + (values[i + 1] - values[i]) / 2);
  const double max = values.back(), below_max = values[values.size() - 2];
  const double smallest_positive = values[0] > 0 ? values[0] : values[1];
  out.push_back(smallest_positive / 2);
  out.push_back(max + (max - below_max) / 2);
  out.push_back(2 * max);
  return out;
}

// The boundaries of every lowp type in pairs.hpp.
inline std::vector<double> all_boundaries() {
  std::vector<double> out;
  for (auto* f : {&boundaries_of<lowp::float8_e4m3fn>, &boundaries_of<lowp::float8_e5m2>,
                  &boundaries_of<lowp::float6_e2m3fn>, &boundaries_of<lowp::float6_e3m2fn>,
                  &boundaries_of<lowp::float4_e2m1fn>, &boundaries_of<lowp::float8_e8m0fnu>}) {
    const std::vector<double> b = f();
    out.insert(out.end(), b.begin(), b.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Floats within 16 ulps of each boundary that is a float, both signs.
inline std::vector<float> floats_near_boundaries() {
  std::vector<float> out;
  for (const double b : all_boundaries()) {
    const float f = static_cast<float>(b);
    if (static_cast<double>(f) != b) continue;
    for (const float s : {f, -f}) {
      float up = s, down = s;
      out.push_back(s);
      for (int k = 0; k < 16; ++k) {
        up = std::nextafter(up, std::numeric_limits<float>::infinity());
        down = std::nextafter(down, -std::numeric_limits<float>::infinity());
        out.push_back(up);
        out.push_back(down);
      }
    }
  }
  return out;
}

// The double-rounding traps: around each boundary b, b itself, the doubles 1 and 2 ulps
// away, and b * (1 +- 2^-j) for j from 20 to 45, which float rounds to b itself or to
// b's float neighbour (a library that narrows double through float gets these wrong);
// both signs. Plus the doubles past float's range and below its subnormals, where a
// conversion through float overflows or flushes.
inline std::vector<double> double_traps() {
  std::vector<double> out;
  const double inf = std::numeric_limits<double>::infinity();
  auto both_signs = [&out](double x) {
    out.push_back(x);
    out.push_back(-x);
  };
  for (const double b : all_boundaries()) {
    both_signs(b);
    double up = b, down = b;
    for (int k = 0; k < 2; ++k) {
      up = std::nextafter(up, inf);
      down = std::nextafter(down, -inf);
      both_signs(up);
      if (down > 0) both_signs(down);
    }
    if (b == 0) continue;
    for (int j = 20; j <= 45; ++j) {
      both_signs(b * (1 + std::ldexp(1.0, -j)));
      both_signs(b * (1 - std::ldexp(1.0, -j)));
    }
  }
  const double float_max = static_cast<double>(std::numeric_limits<float>::max());
  for (const double x : {float_max, std::ldexp(1.0, 128), std::ldexp(1.0, 128) * 1.5, 1e300,
                         std::numeric_limits<double>::max(), std::ldexp(1.0, -149), std::ldexp(1.0, -150),
                         std::ldexp(1.0, -151), std::ldexp(1.0, -200), std::numeric_limits<double>::min(),
                         std::numeric_limits<double>::denorm_min()}) {
    both_signs(x);
    both_signs(std::nextafter(x, inf));
    both_signs(std::nextafter(x, 0.0));
  }
  both_signs(inf);
  for (const std::uint64_t nan : {0x7FF8000000000000ull, 0x7FF0000000000001ull, 0x7FF4000000000000ull,
                                  0x7FFC000000000000ull, 0x7FFFFFFFFFFFFFFFull, 0x7FF2000000000000ull}) {
    double x;
    std::memcpy(&x, &nan, sizeof x);
    both_signs(x);
  }
  return out;
}

// splitmix64: a fixed, portable stream of random bits, so every run checks the same sample.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The i-th double of the dense sample (i in [0, 3 * per_kind)): a third with a random
// sign and mantissa and an exponent in [-160, 160] (every target's range, float's
// subnormals and beyond); a third that are floats with 29 random bits below float's
// precision (a conversion through float sees the float); a third of random bit patterns
// (NaN payloads, huge and tiny doubles).
inline double dense_double(std::uint64_t i, std::uint64_t per_kind) {
  std::uint64_t state = i * 0x632BE59BD9B4E019ull + 1;
  const std::uint64_t r = splitmix64(state), s = splitmix64(state);
  std::uint64_t bits;
  if (i < per_kind) {
    const std::uint64_t exponent = 1023 - 160 + s % 321;
    bits = (r & 0x800FFFFFFFFFFFFFull) | (exponent << 52);
  } else if (i < 2 * per_kind) {
    float f;
    const std::uint32_t u = static_cast<std::uint32_t>(s);
    std::memcpy(&f, &u, sizeof f);
    double d = static_cast<double>(f);
    std::memcpy(&bits, &d, sizeof bits);
    if (std::isfinite(f)) bits |= r & ((std::uint64_t{1} << 29) - 1);
  } else {
    bits = r;
  }
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace lowp_cuda_host
