// chunk_loader.hpp — a run of a tensor's elements, read from the input into aligned
// memory and widened exactly to float (or kept as double for F64).
//
// The copy is what makes the rest simple: safetensors gives no alignment guarantee for
// tensor data, and a chunk read into a small buffer stays in cache for the several passes
// the analysis makes over it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <lowp/bulk.hpp>

#include "byte_source.hpp"
#include "tensor_file.hpp"

namespace lowp_report {

// Elements per chunk: small enough that a chunk and its converted copies stay in L2.
constexpr std::size_t chunk_elements = 16384;

class chunk_loader {
 public:
  chunk_loader() : floats_(chunk_elements), doubles_(chunk_elements) {}

  // with_chunk(t, source, first, n, fn): calls fn(const float* x, n) with elements
  // [first, first + n) of floating tensor t (n <= chunk_elements), or fn(const double* x, n)
  // for an F64 tensor. F16, BF16 and FP8 elements are widened to float, which is exact.
  template <class Fn>
  void with_chunk(const tensor_entry& t, const byte_source& source, std::uint64_t first, std::size_t n, Fn&& fn) {
    const std::size_t width = dtype_size(t.type);
    const std::uint64_t at = t.offset + first * width;
    switch (t.type) {
      case dtype::f64:
        source.read(at, n * width, doubles_.data());
        fn(static_cast<const double*>(doubles_.data()), n);
        return;
      case dtype::f32:
        source.read(at, n * width, floats_.data());
        break;
      case dtype::f16: widen(f16_, source, at, n); break;
      case dtype::bf16: widen(bf16_, source, at, n); break;
      case dtype::f8_e4m3: widen(e4m3_, source, at, n); break;
      case dtype::f8_e5m2: widen(e5m2_, source, at, n); break;
      default: return;  // not a floating tensor: nothing to load
    }
    fn(static_cast<const float*>(floats_.data()), n);
  }

 private:
  template <class T>
  void widen(std::vector<T>& narrow, const byte_source& source, std::uint64_t at, std::size_t n) {
    narrow.resize(chunk_elements);
    source.read(at, n * sizeof(T), static_cast<void*>(narrow.data()));  // lowp types are trivially copyable
    lowp::convert(static_cast<const T*>(narrow.data()), floats_.data(), n);
  }

  std::vector<lowp::float16> f16_;
  std::vector<lowp::bfloat16> bf16_;
  std::vector<lowp::float8_e4m3fn> e4m3_;
  std::vector<lowp::float8_e5m2> e5m2_;
  std::vector<float> floats_;
  std::vector<double> doubles_;
};

}  // namespace lowp_report
