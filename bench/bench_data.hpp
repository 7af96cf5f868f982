// Shared inputs and helpers of lowp's benchmarks.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <lowp/bulk.hpp>

#include "bench_register.hpp"

namespace lowp_bench {

// Inputs like a tensor's: normally distributed values at scales 2^-8..2^8, with one in
// 1024 replaced by random bits (subnormals, huge values, infinities, NaN).
inline const std::vector<float>& float_input() {
  static const std::vector<float> data = [] {
    std::vector<float> v(max_size);
    std::mt19937 rng(12345);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::uniform_int_distribution<int> scale(-8, 8);
    std::uniform_int_distribution<std::uint32_t> bits;
    for (auto& x : v) {
      x = std::ldexp(normal(rng), scale(rng));
      if ((bits(rng) & 1023u) == 0) {
        const std::uint32_t b = bits(rng);
        std::memcpy(&x, &b, sizeof x);
      }
    }
    return v;
  }();
  return data;
}

inline const std::vector<double>& double_input() {
  static const std::vector<double> data = [] {
    const auto& f = float_input();
    std::vector<double> v(f.size());
    std::mt19937_64 rng(777);
    for (std::size_t i = 0; i < v.size(); ++i) {
      // Full double precision: perturb the low bits so nothing is exactly a float.
      v[i] = static_cast<double>(f[i]) * (1.0 + static_cast<double>(rng() >> 40) * 0x1p-53);
    }
    return v;
  }();
  return data;
}

// The float input converted (RNE) into T: the input of widening benchmarks.
template <class T>
const std::vector<T>& encoded_input() {
  static const std::vector<T> data = [] {
    const auto& f = float_input();
    std::vector<T> v(f.size());
    lowp::convert(f.data(), v.data(), f.size());
    return v;
  }();
  return data;
}

// A destination buffer of at least n elements of T (one per type, reused).
template <class T>
T* output(std::size_t n) {
  static std::vector<T> buffer;
  if (buffer.size() < n) buffer.resize(n);
  return buffer.data();
}

}  // namespace lowp_bench
