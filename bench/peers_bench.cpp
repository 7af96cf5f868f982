// The per-element APIs in a plain loop (this file is built with -O3 -march=native when the
// compiler accepts it), for lowp and for the peers Debian ships, plus the peers' own array
// conversions. A peer whose header is missing is left out. This file must not include
// <lowp/bulk.hpp> (see float_data() in bulk_bench.cpp).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <lowp/lowp.hpp>

#include "bench_register.hpp"

#if __has_include(<fp16.h>)
#include <fp16.h>
#endif
#if __has_include(<Imath/half.h>)
#include <Imath/half.h>
#endif
#if __has_include(<Eigen/Core>)
#include <Eigen/Core>
#endif
#if __has_include(<hwy/highway.h>)
#include <hwy/highway.h>
#endif

namespace lowp_bench {
namespace {

template <class T>
T* scratch(std::size_t n) {
  static std::vector<T> buffer;
  if (buffer.size() < n) buffer.resize(n);
  return buffer.data();
}

// A plain loop dst[i] = narrow(src[i]) through a per-element API.
template <class Out, class Narrow>
void narrow_loop(const std::string& direction, const std::string& name, Narrow narrow) {
  const float* src = float_data();
  add(direction, name, [src, narrow](std::size_t n) {
    Out* dst = scratch<Out>(n);
    for (std::size_t i = 0; i < n; ++i) dst[i] = narrow(src[i]);
  });
}

template <class In, class Widen>
void widen_loop(const std::string& direction, const std::string& name, const In* src, Widen widen) {
  add(direction, name, [src, widen](std::size_t n) {
    float* dst = scratch<float>(n);
    for (std::size_t i = 0; i < n; ++i) dst[i] = widen(src[i]);
  });
}

}  // namespace

void register_peers() {
  const auto* h = reinterpret_cast<const lowp::float16*>(float16_bits());
  const auto* b = reinterpret_cast<const lowp::bfloat16*>(bfloat16_bits());
  const std::uint16_t* hb = float16_bits();
  const std::uint16_t* bb = bfloat16_bits();

  narrow_loop<lowp::float16>("f32->f16", "api.lowp", [](float x) { return lowp::float16(x); });
  narrow_loop<lowp::bfloat16>("f32->bf16", "api.lowp", [](float x) { return lowp::bfloat16(x); });
  widen_loop("f16->f32", "api.lowp", h, [](lowp::float16 x) { return static_cast<float>(x); });
  widen_loop("bf16->f32", "api.lowp", b, [](lowp::bfloat16 x) { return static_cast<float>(x); });

#if defined(__FLT16_MAX__)
  // GCC/Clang _Float16: with F16C enabled the compiler emits vcvtps2ph itself.
  narrow_loop<_Float16>("f32->f16", "api.Float16", [](float x) { return static_cast<_Float16>(x); });
  widen_loop("f16->f32", "api.Float16", reinterpret_cast<const _Float16*>(hb),
             [](_Float16 x) { return static_cast<float>(x); });
#endif
#if __has_include(<fp16.h>)
  narrow_loop<std::uint16_t>("f32->f16", "api.fp16", [](float x) { return fp16_ieee_from_fp32_value(x); });
  widen_loop("f16->f32", "api.fp16", hb, [](std::uint16_t x) { return fp16_ieee_to_fp32_value(x); });
#endif
#if __has_include(<Imath/half.h>)
  narrow_loop<Imath::half>("f32->f16", "api.imath", [](float x) { return Imath::half(x); });
  widen_loop("f16->f32", "api.imath", reinterpret_cast<const Imath::half*>(hb),
             [](Imath::half x) { return static_cast<float>(x); });
#endif
#if __has_include(<Eigen/Core>)
  narrow_loop<Eigen::half>("f32->f16", "api.eigen", [](float x) { return Eigen::half(x); });
  narrow_loop<Eigen::bfloat16>("f32->bf16", "api.eigen", [](float x) { return Eigen::bfloat16(x); });
  widen_loop("f16->f32", "api.eigen", reinterpret_cast<const Eigen::half*>(hb),
             [](Eigen::half x) { return static_cast<float>(x); });
  widen_loop("bf16->f32", "api.eigen", reinterpret_cast<const Eigen::bfloat16*>(bb),
             [](Eigen::bfloat16 x) { return static_cast<float>(x); });
  // Eigen's array cast (its packet conversions where the target has them).
  {
    const float* src = float_data();
    add("f32->f16", "peer.eigen_cast", [src](std::size_t n) {
      Eigen::Map<Eigen::Array<Eigen::half, Eigen::Dynamic, 1>>(scratch<Eigen::half>(n), static_cast<Eigen::Index>(n)) =
          Eigen::Map<const Eigen::ArrayXf>(src, static_cast<Eigen::Index>(n)).cast<Eigen::half>();
    });
    add("f32->bf16", "peer.eigen_cast", [src](std::size_t n) {
      Eigen::Map<Eigen::Array<Eigen::bfloat16, Eigen::Dynamic, 1>>(scratch<Eigen::bfloat16>(n),
                                                                   static_cast<Eigen::Index>(n)) =
          Eigen::Map<const Eigen::ArrayXf>(src, static_cast<Eigen::Index>(n)).cast<Eigen::bfloat16>();
    });
  }
#endif
#if __has_include(<hwy/highway.h>)
  narrow_loop<hwy::bfloat16_t>("f32->bf16", "api.hwy", [](float x) { return hwy::BF16FromF32(x); });
  {
    // Highway's vector demotion for the compile-time target (Debian's 1.0.3 truncates bf16).
    namespace hn = hwy::HWY_NAMESPACE;
    const float* src = float_data();
    add("f32->f16", "peer.hwy", [src](std::size_t n) {
      const hn::ScalableTag<float> df;
      const hn::Rebind<hwy::float16_t, decltype(df)> dh;
      auto* dst = scratch<hwy::float16_t>(n);
      for (std::size_t i = 0; i < n; i += hn::Lanes(df)) hn::StoreU(hn::DemoteTo(dh, hn::LoadU(df, src + i)), dh, dst + i);
    });
    add("f32->bf16", "peer.hwy", [src](std::size_t n) {
      const hn::ScalableTag<float> df;
      const hn::Rebind<hwy::bfloat16_t, decltype(df)> db;
      auto* dst = scratch<hwy::bfloat16_t>(n);
      for (std::size_t i = 0; i < n; i += hn::Lanes(df)) hn::StoreU(hn::DemoteTo(db, hn::LoadU(df, src + i)), db, dst + i);
    });
  }
#endif
}

}  // namespace lowp_bench
