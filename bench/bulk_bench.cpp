// lowp's bulk conversions on every path the CPU runs, against the ceilings of the same
// machine: memcpy of the same bytes, and loops of the raw hardware instructions (which
// are not all IEEE-exact; they are the speed to reach). Compiled without -march: the
// baseline loops use target attributes, like lowp's kernels.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <lowp/bulk.hpp>

#include "bench_data.hpp"
#include "bench_register.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <immintrin.h>
#endif

namespace lowp_bench {
namespace {

#if LOWP_HAS_X86_DISPATCH
// --- raw instruction loops (n is a multiple of 16 in every benchmark) ---

[[gnu::target("avx2,f16c")]] void hw_f32_to_f16_avx2(const float* s, std::uint16_t* d, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) {
    const __m128i a = _mm256_cvtps_ph(_mm256_loadu_ps(s + i), 0);
    const __m128i b = _mm256_cvtps_ph(_mm256_loadu_ps(s + i + 8), 0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm256_set_m128i(b, a));
  }
}

[[gnu::target("avx2,f16c")]] void hw_f16_to_f32_avx2(const std::uint16_t* s, float* d, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 8) {
    _mm256_storeu_ps(d + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i))));
  }
}

// The AVX2 counterpart of vcvtneps2bf16: integer round to nearest even, nothing else
// (NaN payloads may round, as many hand-written loops do).
[[gnu::target("avx2")]] void int_f32_to_bf16_avx2(const float* s, std::uint16_t* d, std::size_t n) {
  const __m256i bias = _mm256_set1_epi32(0x7fff), one = _mm256_set1_epi32(1);
  for (std::size_t i = 0; i < n; i += 16) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + 8));
    a = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(a, bias), _mm256_and_si256(_mm256_srli_epi32(a, 16), one)), 16);
    b = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(b, bias), _mm256_and_si256(_mm256_srli_epi32(b, 16), one)), 16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xd8));
  }
}

// The same plus what vcvtneps2bf16 also does and lowp needs: a NaN keeps its top payload
// bits and becomes quiet (not rounded into another NaN or an infinity).
[[gnu::target("avx2")]] void int_nan_f32_to_bf16_avx2(const float* s, std::uint16_t* d, std::size_t n) {
  const __m256i bias = _mm256_set1_epi32(0x7fff), one = _mm256_set1_epi32(1);
  const __m256i magnitude = _mm256_set1_epi32(0x7fffffff), inf = _mm256_set1_epi32(0x7f800000);
  const __m256i quiet = _mm256_set1_epi32(0x00400000);
  __m256i r[2];
  for (std::size_t i = 0; i < n; i += 16) {
    for (int k = 0; k < 2; ++k) {
      const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + 8 * k));
      const __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(a, magnitude), inf);
      const __m256i rounded = _mm256_add_epi32(_mm256_add_epi32(a, bias), _mm256_and_si256(_mm256_srli_epi32(a, 16), one));
      r[k] = _mm256_srli_epi32(_mm256_blendv_epi8(rounded, _mm256_or_si256(a, quiet), nan), 16);
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm256_permute4x64_epi64(_mm256_packus_epi32(r[0], r[1]), 0xd8));
  }
}

[[gnu::target("avx2")]] void shift_bf16_to_f32_avx2(const std::uint16_t* s, float* d, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 8) {
    const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm256_slli_epi32(w, 16));
  }
}

// double -> float -> float16 with the hardware: rounds twice (not IEEE for float16).
[[gnu::target("avx2,f16c")]] void hw_f64_to_f16_avx2(const double* s, std::uint16_t* d, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 8) {
    const __m256 f = _mm256_set_m128(_mm256_cvtpd_ps(_mm256_loadu_pd(s + i + 4)), _mm256_cvtpd_ps(_mm256_loadu_pd(s + i)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d + i), _mm256_cvtps_ph(f, 0));
  }
}

// A plain read of the input: the floor for check_conversion.
[[gnu::target("avx2")]] std::uint32_t read_avx2(const float* s, std::size_t n) {
  __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
  for (std::size_t i = 0; i < n; i += 16) {
    acc0 = _mm256_or_si256(acc0, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i)));
    acc1 = _mm256_or_si256(acc1, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + 8)));
  }
  const __m256i acc = _mm256_or_si256(acc0, acc1);
  return static_cast<std::uint32_t>(_mm256_extract_epi32(acc, 0) | _mm256_extract_epi32(acc, 7));
}

[[gnu::target("avx512f,avx512bw,avx512vl,f16c,avx2")]] void hw_f32_to_f16_avx512(const float* s, std::uint16_t* d,
                                                                                std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm512_maskz_cvtps_ph(0xffff, _mm512_loadu_ps(s + i), 0));
  }
}

[[gnu::target("avx512f,avx512bw,avx512vl,f16c,avx2")]] void hw_f16_to_f32_avx512(const std::uint16_t* s, float* d,
                                                                                std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) {
    _mm512_storeu_ps(d + i, _mm512_maskz_cvtph_ps(0xffff, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i))));
  }
}

// The AVX-512 counterpart of int_nan_f32_to_bf16_avx2, written as one would by hand: 16
// floats per register, integer round to nearest even, NaN quieted with a masked OR, and
// vpmovdw to narrow. The speed lowp's avx512 float -> bfloat16 kernel must reach (>= 0.9x).
[[gnu::target("avx512f,avx512bw,avx512vl,avx2")]] void int_nan_f32_to_bf16_avx512(const float* s, std::uint16_t* d,
                                                                                 std::size_t n) {
  const __m512i bias = _mm512_set1_epi32(0x7fff), one = _mm512_set1_epi32(1);
  const __m512i magnitude = _mm512_set1_epi32(0x7fffffff), inf = _mm512_set1_epi32(0x7f800000);
  const __m512i quiet = _mm512_set1_epi32(0x00400000);
  for (std::size_t i = 0; i < n; i += 16) {
    const __m512i a = _mm512_loadu_si512(s + i);
    const __mmask16 nan = _mm512_cmpgt_epi32_mask(_mm512_and_si512(a, magnitude), inf);
    const __m512i rounded = _mm512_add_epi32(_mm512_add_epi32(a, bias), _mm512_and_si512(_mm512_srli_epi32(a, 16), one));
    const __m512i r = _mm512_srli_epi32(_mm512_mask_or_epi32(rounded, nan, a, quiet), 16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + i), _mm512_maskz_cvtepi32_epi16(0xffff, r));
  }
}

// A plain AVX-512 read of the input: the floor for check_conversion on the avx512 path.
[[gnu::target("avx512f,avx512bw,avx512vl,avx2")]] std::uint32_t read_avx512(const float* s, std::size_t n) {
  __m512i acc0 = _mm512_setzero_si512(), acc1 = _mm512_setzero_si512();
  for (std::size_t i = 0; i < n; i += 32) {
    acc0 = _mm512_or_si512(acc0, _mm512_loadu_si512(s + i));
    acc1 = _mm512_or_si512(acc1, _mm512_loadu_si512(s + i + 16));
  }
  return static_cast<std::uint32_t>(_mm512_reduce_or_epi32(_mm512_or_si512(acc0, acc1)));
}

// vcvtneps2bf16: nearest even, but subnormal inputs and results flushed (not IEEE).
[[gnu::target("avx512f,avx512bw,avx512vl,f16c,avx2,avx512bf16")]] void hw_f32_to_bf16_avx512bf16(const float* s,
                                                                                              std::uint16_t* d,
                                                                                              std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) {
    const __m256bh r = _mm512_cvtneps_pbh(_mm512_loadu_ps(s + i));
    std::memcpy(d + i, &r, sizeof r);
  }
}
#endif  // LOWP_HAS_X86_DISPATCH

const char* mode_label(lowp::rounding m) {
  switch (m) {
    case lowp::rounding::to_nearest_even: return "rne";
    case lowp::rounding::to_nearest_away: return "rna";
    case lowp::rounding::toward_zero: return "rz";
    case lowp::rounding::upward: return "ru";
    case lowp::rounding::downward: return "rd";
  }
  return "?";
}

template <class From, class To>
void add_lowp(const std::string& direction, const std::vector<From>& input, lowp::simd_path path,
              lowp::rounding mode, lowp::overflow policy) {
  const std::string impl = std::string("lowp.") + lowp::bulk_path_name(path) + "." + mode_label(mode) +
                           (policy == lowp::overflow::saturate ? "_sat" : "");
  const From* src = input.data();
  add(direction, impl, [src, mode, policy](std::size_t n) { lowp::convert(src, output<To>(n), n, mode, policy); },
      [path] { lowp::set_bulk_path(path); });
}

template <class To>
void add_check(const std::string& direction, lowp::simd_path path) {
  const float* src = float_input().data();
  add(direction, std::string("lowp.") + lowp::bulk_path_name(path) + ".rne",
      [src](std::size_t n) { benchmark::DoNotOptimize(lowp::check_conversion<To>(src, n)); },
      [path] { lowp::set_bulk_path(path); });
}

// Every path at nearest-even; on the fastest path every mode and saturate as well.
template <class From, class To>
void add_all_lowp(const std::string& direction, const std::vector<From>& input, bool narrowing) {
  const lowp::simd_path paths[] = {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512,
                                   lowp::simd_path::avx512bf16};
  for (lowp::simd_path p : paths) {
    if (lowp::bulk_path_supported(p)) add_lowp<From, To>(direction, input, p, lowp::rounding::to_nearest_even, lowp::overflow::ieee);
  }
  if (!narrowing) return;
  const lowp::simd_path best = lowp::simd::best_path();
  for (lowp::rounding m : {lowp::rounding::to_nearest_away, lowp::rounding::toward_zero, lowp::rounding::upward,
                           lowp::rounding::downward}) {
    add_lowp<From, To>(direction, input, best, m, lowp::overflow::ieee);
  }
  add_lowp<From, To>(direction, input, best, lowp::rounding::to_nearest_even, lowp::overflow::saturate);
}

void add_memcpy(const std::string& direction, std::size_t bytes_per_element) {
  const auto* src = reinterpret_cast<const unsigned char*>(double_input().data());
  add(direction, "memcpy", [src, bytes_per_element](std::size_t n) {
    std::memcpy(output<unsigned char>(n * bytes_per_element), src, n * bytes_per_element);
  });
}

// float -> T: convert and check_conversion at nearest-even on every supported path.
template <class T>
void add_narrow_all_paths(const std::vector<float>& input, const std::string& name) {
  for (lowp::simd_path p : {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512}) {
    if (!lowp::bulk_path_supported(p)) continue;
    add_lowp<float, T>("f32->" + name, input, p, lowp::rounding::to_nearest_even, lowp::overflow::ieee);
    add_check<T>("check:f32->" + name, p);
  }
  add_memcpy("f32->" + name, 4);
}

void add_narrow_set(const std::vector<float>& f) {
  add_narrow_all_paths<lowp::float8_e4m3fn>(f, "e4m3fn");  // the reference row of the ratios
  add_narrow_all_paths<lowp::float8_e4m3fnuz>(f, "e4m3fnuz");
  add_narrow_all_paths<lowp::float8_e5m2fnuz>(f, "e5m2fnuz");
  add_narrow_all_paths<lowp::float8_e4m3>(f, "e4m3ieee");
  add_narrow_all_paths<lowp::float8_e3m4>(f, "e3m4");
  add_narrow_all_paths<lowp::float6_e2m3fn>(f, "e2m3fn");
  add_narrow_all_paths<lowp::float6_e3m2fn>(f, "e3m2fn");
  add_narrow_all_paths<lowp::float4_e2m1fn>(f, "e2m1fn");
  add_narrow_all_paths<lowp::float8_e8m0fnu>(f, "e8m0fnu");
}

}  // namespace

// The inputs, for the translation unit built with -march=native (which must not see the
// bulk templates: an inline function compiled with two sets of flags is one function).
const float* float_data() { return float_input().data(); }
const std::uint16_t* float16_bits() {
  return reinterpret_cast<const std::uint16_t*>(encoded_input<lowp::float16>().data());
}
const std::uint16_t* bfloat16_bits() {
  return reinterpret_cast<const std::uint16_t*>(encoded_input<lowp::bfloat16>().data());
}

void register_bulk() {
  using lowp::bfloat16;
  using lowp::float16;
  using lowp::float8_e4m3fn;
  using lowp::float8_e5m2;
  const auto& f = float_input();
  const auto& d = double_input();

  add_all_lowp<float, float16>("f32->f16", f, true);
  add_all_lowp<float, bfloat16>("f32->bf16", f, true);
  add_all_lowp<float, float8_e4m3fn>("f32->e4m3", f, true);
  add_all_lowp<float, float8_e5m2>("f32->e5m2", f, true);
  add_all_lowp<double, float16>("f64->f16", d, true);
  add_all_lowp<double, bfloat16>("f64->bf16", d, true);
  add_all_lowp<float16, float>("f16->f32", encoded_input<float16>(), false);
  add_all_lowp<bfloat16, float>("bf16->f32", encoded_input<bfloat16>(), false);
  add_all_lowp<float8_e4m3fn, float>("e4m3->f32", encoded_input<float8_e4m3fn>(), false);
  add_all_lowp<float8_e5m2, float>("e5m2->f32", encoded_input<float8_e5m2>(), false);
  for (lowp::simd_path p : {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512}) {
    if (!lowp::bulk_path_supported(p)) continue;
    add_check<float16>("check:f32->f16", p);
    add_check<bfloat16>("check:f32->bf16", p);
  }

  // float -> every 8/6/4-bit format, convert and check_conversion, nearest-even, on each
  // path. Read against f32->e4m3 on the same path (issue 12: >= 0.8x).
  add_narrow_set(f);

  // memcpy of the bytes each direction reads (the larger side).
  for (const char* dir : {"f32->f16", "f32->bf16", "f16->f32", "bf16->f32", "f32->e4m3", "f32->e5m2", "e4m3->f32",
                          "e5m2->f32", "check:f32->f16", "check:f32->bf16"}) {
    add_memcpy(dir, 4);
  }
  add_memcpy("f64->f16", 8);
  add_memcpy("f64->bf16", 8);

#if LOWP_HAS_X86_DISPATCH
  const float* fs = f.data();
  const double* ds = d.data();
  const auto* hs = reinterpret_cast<const std::uint16_t*>(encoded_input<float16>().data());
  const auto* bs = reinterpret_cast<const std::uint16_t*>(encoded_input<bfloat16>().data());
  if (lowp::bulk_path_supported(lowp::simd_path::avx2)) {
    add("f32->f16", "hw.avx2", [fs](std::size_t n) { hw_f32_to_f16_avx2(fs, output<std::uint16_t>(n), n); });
    add("f16->f32", "hw.avx2", [hs](std::size_t n) { hw_f16_to_f32_avx2(hs, output<float>(n), n); });
    add("f32->bf16", "int.avx2", [fs](std::size_t n) { int_f32_to_bf16_avx2(fs, output<std::uint16_t>(n), n); });
    add("f32->bf16", "int_nan.avx2",
        [fs](std::size_t n) { int_nan_f32_to_bf16_avx2(fs, output<std::uint16_t>(n), n); });
    add("bf16->f32", "hw.avx2", [bs](std::size_t n) { shift_bf16_to_f32_avx2(bs, output<float>(n), n); });
    add("f64->f16", "hw.avx2", [ds](std::size_t n) { hw_f64_to_f16_avx2(ds, output<std::uint16_t>(n), n); });
    for (const char* dir : {"check:f32->f16", "check:f32->bf16"}) {
      add(dir, "read.avx2", [fs](std::size_t n) { benchmark::DoNotOptimize(read_avx2(fs, n)); });
    }
  }
  if (lowp::bulk_path_supported(lowp::simd_path::avx512)) {
    add("f32->f16", "hw.avx512", [fs](std::size_t n) { hw_f32_to_f16_avx512(fs, output<std::uint16_t>(n), n); });
    add("f16->f32", "hw.avx512", [hs](std::size_t n) { hw_f16_to_f32_avx512(hs, output<float>(n), n); });
    add("f32->bf16", "int_nan.avx512",
        [fs](std::size_t n) { int_nan_f32_to_bf16_avx512(fs, output<std::uint16_t>(n), n); });
    for (const char* dir : {"check:f32->f16", "check:f32->bf16"}) {
      add(dir, "read.avx512", [fs](std::size_t n) { benchmark::DoNotOptimize(read_avx512(fs, n)); });
    }
  }
  if (lowp::bulk_path_supported(lowp::simd_path::avx512bf16)) {
    add("f32->bf16", "hw.avx512bf16",
        [fs](std::size_t n) { hw_f32_to_bf16_avx512bf16(fs, output<std::uint16_t>(n), n); });
  }
#endif
}

}  // namespace lowp_bench
