// lowp/bulk_types.hpp — the public types of the bulk functions (bulk.hpp): which
// implementation runs, and what a conversion would do to an array.
#pragma once

#include <cstddef>

namespace lowp {

// The implementations of lowp's bulk functions, from slowest to fastest.
enum class simd_path {
  portable,   // plain loops the compiler vectorises; every CPU
  avx2,       // AVX2 + F16C (x86, Intel Haswell / AMD Zen and later)
  avx512,     // AVX-512 F/BW/VL + F16C
  avx512bf16  // ... + AVX512-BF16 (vcvtneps2bf16, with an exact fix-up for subnormals)
};

// What a conversion would do to an array, counted per element (see check_conversion).
struct conversion_stats {
  std::size_t nan = 0;        // NaN inputs
  std::size_t overflow = 0;   // finite inputs whose rounded magnitude exceeds max finite
  std::size_t underflow = 0;  // nonzero finite inputs whose result is +-0
  std::size_t subnormal = 0;  // nonzero subnormal results
  std::size_t inexact = 0;    // finite inputs whose result differs from the input
};

}  // namespace lowp
