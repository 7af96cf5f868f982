// Block-scaled formats (DESIGN.md "Block-scaled formats") against the independent
// reference of reference.hpp: every MX element type x both scale rules x all five modes
// (the issue asks for nearest-even and toward-zero; the others cost nothing more), and
// NVFP4 in every mode, on tensors with outliers, all-zero, NaN and infinite blocks,
// float subnormals and huge magnitudes, odd tails and unaligned pointers; the
// dequantization of every result; round trips; every SIMD path against the portable one;
// and the packed FP4 layout on a hand-worked example.
#include <catch2/catch.hpp>

#include <lowp/lowp.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "reference.hpp"

namespace {

using lowp::rounding;
using lowp::scale_rule;
using lowp::simd_path;

// The tensor sizes: empty, short, one block +-1, odd tails, a few thousand.
const std::size_t sizes[] = {0, 1, 5, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 4099};

// A tensor of n floats whose blocks (of `block`) take turns at being: random normals
// times a random power of two (2^-140 .. 2^120, so float subnormals and values near
// float's max occur) with an outlier; all zero (with -0s); holding a NaN; holding an
// infinity; float subnormals only; values near float's max.
std::vector<float> make_tensor(std::size_t n, std::size_t block, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_int_distribution<int> exponent(-140, 120);
  std::uniform_int_distribution<int> kind(0, 12);
  // The element formats' max finite values: a block max exactly at one of them times a
  // power of two is where floor and ceil part ways.
  const float maxima[] = {448.0f, 57344.0f, 7.5f, 28.0f, 6.0f};
  std::uniform_int_distribution<int> which(0, 4);
  std::uniform_int_distribution<std::uint32_t> subnormal(1, 0x7fffff);
  std::vector<float> x(n);
  for (std::size_t first = 0; first < n; first += block) {
    const std::size_t count = std::min(block, n - first);
    const int k = kind(rng);
    const int e = exponent(rng);
    for (std::size_t i = 0; i < count; ++i) {
      float v = std::ldexp(normal(rng), e);
      if (k == 1) v = (i % 3 == 0) ? -0.0f : 0.0f;
      if (k == 2) v = blocks_ref::bits_float(subnormal(rng) | (i % 2 ? 0x80000000u : 0u));
      if (k == 3) v = std::ldexp(normal(rng), 126);
      if (k == 4 && i == count / 2) v = std::numeric_limits<float>::quiet_NaN();
      if (k == 5 && i == count / 3) v = (i % 2 ? -1.0f : 1.0f) * std::numeric_limits<float>::infinity();
      if (k == 6 && i == 0) v *= 1000.0f;  // an outlier
      if (k == 7 && i % 5 == 0) v = std::ldexp(normal(rng), e - 30);  // far below the block max
      if (k == 8 && i == count / 2) v = std::ldexp(maxima[which(rng)], e / 2);
      if (k == 9 && i == 0) v = -std::ldexp(1.0f, e / 2);  // an exact power of two
      // A huge block max with float subnormals and tiny normals: x / s below float's
      // normal range, where only the directed modes tell zero from the smallest element.
      if (k == 10) v = i == 0 ? std::ldexp(1.5f, 100) : i % 2 ? blocks_ref::bits_float(subnormal(rng)) : -std::ldexp(normal(rng), -100);
      if (k == 11) v = i == count - 1 ? std::ldexp(normal(rng), 60) : std::ldexp(normal(rng), -80);
      x[first + i] = v;
    }
  }
  return x;
}

// Element codes from lowp's bytes (unpacking FP4 by the contract's layout).
std::vector<unsigned> codes_of(const std::uint8_t* bytes, std::size_t n, bool packed) {
  std::vector<unsigned> c(n);
  for (std::size_t i = 0; i < n; ++i) c[i] = packed ? (bytes[i / 2] >> (i % 2 ? 4 : 0)) & 0xFu : bytes[i];
  return c;
}

// The inverse: codes as lowp's bytes (FP4 packed by the contract's layout).
std::vector<std::uint8_t> bytes_of(const std::vector<unsigned>& codes, bool packed) {
  std::vector<std::uint8_t> b(packed ? (codes.size() + 1) / 2 : codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (packed) {
      b[i / 2] = static_cast<std::uint8_t>(b[i / 2] | (codes[i] << (i % 2 ? 4 : 0)));
    } else {
      b[i] = static_cast<std::uint8_t>(codes[i]);
    }
  }
  return b;
}

std::vector<simd_path> supported_paths(std::string& skipped) {
  std::vector<simd_path> paths;
  for (simd_path p : {simd_path::portable, simd_path::avx2, simd_path::avx512, simd_path::avx512bf16}) {
    if (lowp::bulk_path_supported(p)) paths.push_back(p);
    else skipped += std::string(skipped.empty() ? "" : ", ") + lowp::bulk_path_name(p);
  }
  return paths;
}

// The paths this CPU runs; the others are reported as skipped.
std::vector<simd_path> paths_to_test() {
  std::string skipped;
  std::vector<simd_path> paths = supported_paths(skipped);
  if (!skipped.empty()) WARN("SKIPPED bulk paths this CPU cannot run: " << skipped);
  return paths;
}

// Restores the bulk path when a test ends.
struct path_guard {
  simd_path saved = lowp::bulk_path();
  ~path_guard() { lowp::set_bulk_path(saved); }
};

const rounding modes[] = {rounding::to_nearest_even, rounding::toward_zero, rounding::to_nearest_away,
                          rounding::upward, rounding::downward};

struct tally {
  std::size_t elements = 0, scales = 0, dequantized = 0, mismatches = 0;
};

template <class Elem>
void check_mx(const blocks_ref::element_format& fmt, tally& t, const std::vector<simd_path>& paths) {
  const blocks_ref::table table(fmt);
  constexpr bool packed = Elem::format_type::total_bits == 4;
  std::uint32_t seed = 1;
  for (std::size_t n : sizes) {
    const std::vector<float> x = make_tensor(n, 32, seed++);
    // Unaligned: the source one float in, the outputs one byte in.
    std::vector<float> src(n + 1);
    std::copy(x.begin(), x.end(), src.begin() + 1);
    const std::size_t bytes = packed ? (n + 1) / 2 : n;
    const std::size_t blocks = (n + 31) / 32;
    for (scale_rule rule : {scale_rule::floor, scale_rule::ceil}) {
      for (rounding mode : modes) {
        const auto ref = blocks_ref::quantize_mx(x.data(), n, table, rule == scale_rule::ceil, mode);
        const auto ref_back = blocks_ref::dequantize_mx(ref.codes, ref.scales, table);
        for (simd_path p : paths) {
          lowp::set_bulk_path(p);
          std::vector<std::uint8_t> q(bytes + 1, 0xAB);
          std::vector<lowp::float8_e8m0fnu> s(blocks + 1);
          lowp::quantize_mx<Elem>(src.data() + 1, n, q.data() + 1, s.data() + 1, rule, mode);
          const auto codes = codes_of(q.data() + 1, n, packed);
          std::size_t bad = 0;
          for (std::size_t i = 0; i < n; ++i) bad += codes[i] != ref.codes[i];
          for (std::size_t b = 0; b < blocks; ++b) bad += s[b + 1].bits() != ref.scales[b];
          if (packed && n % 2 == 1) bad += (q[bytes] >> 4) != 0;  // the odd tail's high nibble
          CHECK(q[0] == 0xAB);  // nothing written before the output
          std::vector<float> back(n + 1);
          lowp::dequantize_mx<Elem>(q.data() + 1, s.data() + 1, n, back.data() + 1);
          for (std::size_t i = 0; i < n; ++i) bad += blocks_ref::float_bits(back[i + 1]) != ref_back[i];
          if (bad != 0) {
            FAIL_CHECK(fmt.name << " n=" << n << " rule=" << (rule == scale_rule::ceil ? "ceil" : "floor")
                                << " mode=" << lowp::to_string(mode) << " path=" << lowp::bulk_path_name(p)
                                << ": " << bad << " mismatches");
          }
          t.elements += n;
          t.scales += blocks;
          t.dequantized += n;
          t.mismatches += bad;
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("MX quantize/dequantize equal the independent reference (every element type, rule, mode, path)",
          "[blocks]") {
  path_guard guard;
  const auto paths = paths_to_test();
  tally t;
  check_mx<lowp::float8_e4m3fn>(blocks_ref::e4m3fn, t, paths);
  check_mx<lowp::float8_e5m2>(blocks_ref::e5m2, t, paths);
  check_mx<lowp::float6_e2m3fn>(blocks_ref::e2m3, t, paths);
  check_mx<lowp::float6_e3m2fn>(blocks_ref::e3m2, t, paths);
  check_mx<lowp::float4_e2m1fn>(blocks_ref::e2m1, t, paths);
  std::printf("blocks MX reference: %zu elements, %zu scales, %zu dequantized values checked "
              "(5 types x 2 rules x 5 modes x %zu paths); %zu mismatches\n",
              t.elements, t.scales, t.dequantized, paths.size(), t.mismatches);
  CHECK(t.mismatches == 0);
  CHECK(t.elements > 0);
}

// Every class of quotient an MX element can see from a block of scale 1 (or 2 under ceil):
// each sign, every float exponent up to 2^2 (zero and float subnormals included), every
// pattern of the top three mantissa bits, and below them nothing, the last bit, half
// and all (the round and sticky cases). Each block leads with 4.0, which fixes the floor
// scale at 2^0. The AVX-512 kernels round 4-bit elements by a table the engine fills,
// indexed by exactly these classes (simd/block_lanes.hpp): this covers every entry and
// each clamped end.
template <class Elem>
std::size_t check_mx_quotient_classes(const blocks_ref::element_format& fmt, const std::vector<simd_path>& paths,
                                      std::size_t& checked) {
  const blocks_ref::table table(fmt);
  constexpr bool packed = Elem::format_type::total_bits == 4;
  std::vector<float> x;
  for (std::uint32_t sign : {0u, 0x80000000u}) {
    for (std::uint32_t field = 0; field <= 129; ++field) {
      for (std::uint32_t top = 0; top < 8; ++top) {
        for (std::uint32_t low : {0u, 1u, 0x80000u, 0xfffffu}) {
          if (x.size() % 32 == 0) x.push_back(4.0f);
          x.push_back(blocks_ref::bits_float(sign | (field << 23) | (top << 20) | low));
        }
      }
    }
  }
  const std::size_t n = x.size();
  std::size_t bad = 0;
  for (scale_rule rule : {scale_rule::floor, scale_rule::ceil}) {
    for (rounding mode : modes) {
      const auto ref = blocks_ref::quantize_mx(x.data(), n, table, rule == scale_rule::ceil, mode);
      for (simd_path p : paths) {
        lowp::set_bulk_path(p);
        std::vector<std::uint8_t> q(packed ? (n + 1) / 2 : n);
        std::vector<lowp::float8_e8m0fnu> s((n + 31) / 32);
        lowp::quantize_mx<Elem>(x.data(), n, q.data(), s.data(), rule, mode);
        const auto codes = codes_of(q.data(), n, packed);
        std::size_t here = 0;
        for (std::size_t i = 0; i < n; ++i) here += codes[i] != ref.codes[i];
        for (std::size_t b = 0; b < s.size(); ++b) here += s[b].bits() != ref.scales[b];
        if (here != 0) {
          FAIL_CHECK(fmt.name << " quotient classes rule=" << (rule == scale_rule::ceil ? "ceil" : "floor")
                              << " mode=" << lowp::to_string(mode) << " path=" << lowp::bulk_path_name(p) << ": "
                              << here << " mismatches");
        }
        bad += here;
        checked += n;
      }
    }
  }
  return bad;
}

TEST_CASE("MX elements of every class of quotient equal the independent reference", "[blocks]") {
  path_guard guard;
  const auto paths = paths_to_test();
  std::size_t checked = 0, bad = 0;
  bad += check_mx_quotient_classes<lowp::float4_e2m1fn>(blocks_ref::e2m1, paths, checked);
  bad += check_mx_quotient_classes<lowp::float6_e2m3fn>(blocks_ref::e2m3, paths, checked);
  bad += check_mx_quotient_classes<lowp::float6_e3m2fn>(blocks_ref::e3m2, paths, checked);
  std::printf("blocks MX quotient classes: %zu elements checked (3 types x 2 rules x 5 modes x %zu paths); "
              "%zu mismatches\n",
              checked, paths.size(), bad);
  CHECK(bad == 0);
  CHECK(checked > 0);
}

TEST_CASE("NVFP4 quantize/dequantize equal the independent reference (every mode, path)", "[blocks]") {
  path_guard guard;
  const auto paths = paths_to_test();
  tally t;
  std::uint32_t seed = 100;
  for (std::size_t n : sizes) {
    const std::vector<float> x = make_tensor(n, 16, seed++);
    float amax = 0.0f;
    for (float v : x) {
      if (std::isfinite(v)) amax = std::max(amax, std::fabs(v));
    }
    // The tensor's own scale, and scales that push block scales to 448 and to 0.
    for (float ts : {lowp::nvfp4_tensor_scale(amax), 1.0f, 1e-30f, 1e30f}) {
      for (rounding mode : modes) {
        const auto ref = blocks_ref::quantize_nvfp4(x.data(), n, ts, mode);
        const auto ref_back = blocks_ref::dequantize_nvfp4(ref.codes, ref.scales, ts);
        for (simd_path p : paths) {
          lowp::set_bulk_path(p);
          std::vector<float> src(n + 1);
          std::copy(x.begin(), x.end(), src.begin() + 1);
          std::vector<std::uint8_t> q((n + 1) / 2 + 1);
          std::vector<lowp::float8_e4m3fn> s((n + 15) / 16 + 1);
          lowp::quantize_nvfp4(src.data() + 1, n, ts, q.data() + 1, s.data() + 1, mode);
          const auto codes = codes_of(q.data() + 1, n, true);
          std::size_t bad = 0;
          for (std::size_t i = 0; i < n; ++i) bad += codes[i] != ref.codes[i];
          for (std::size_t b = 0; b < (n + 15) / 16; ++b) bad += s[b + 1].bits() != ref.scales[b];
          std::vector<float> back(n + 1);
          lowp::dequantize_nvfp4(q.data() + 1, s.data() + 1, ts, n, back.data() + 1);
          for (std::size_t i = 0; i < n; ++i) bad += blocks_ref::float_bits(back[i + 1]) != ref_back[i];
          if (bad != 0) {
            FAIL_CHECK("nvfp4 n=" << n << " ts=" << ts << " mode=" << lowp::to_string(mode)
                                  << " path=" << lowp::bulk_path_name(p) << ": " << bad << " mismatches");
          }
          t.elements += n;
          t.scales += (n + 15) / 16;
          t.dequantized += n;
          t.mismatches += bad;
        }
      }
    }
  }
  std::printf("blocks NVFP4 reference: %zu elements, %zu scales, %zu dequantized values checked "
              "(4 tensor scales x 5 modes x %zu paths); %zu mismatches\n",
              t.elements, t.scales, t.dequantized, paths.size(), t.mismatches);
  CHECK(t.mismatches == 0);
}

// Large tensors take other code on the SIMD paths: quantize over chunks of blocks, and
// dequantize outputs of 2^20 floats or more through the streaming writer (whole cache lines
// past the caches, the partial first and last lines with regular stores). Checked against
// the reference at every element type and NVFP4, two lengths (a whole number of chunks,
// and one with a short last block and a partial last line) and destinations at four
// positions in a cache line.
namespace {

template <class Quantize, class Dequantize>
std::size_t check_large(const char* name, std::size_t n, const std::vector<unsigned>& ref_codes,
                        const std::vector<unsigned>& ref_scales, const std::vector<std::uint32_t>& ref_back,
                        bool packed, std::size_t block, const std::vector<simd_path>& paths, Quantize quantize,
                        Dequantize dequantize) {
  std::size_t bad_total = 0;
  for (simd_path p : paths) {
    lowp::set_bulk_path(p);
    std::vector<std::uint8_t> q(packed ? (n + 1) / 2 : n);
    std::vector<std::uint8_t> s((n + block - 1) / block);
    quantize(q.data(), s.data());
    const auto codes = codes_of(q.data(), n, packed);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += codes[i] != ref_codes[i];
    for (std::size_t b = 0; b < s.size(); ++b) bad += s[b] != ref_scales[b];
    // Destinations 0, 1, 7 and 15 floats past a cache line's start; the floats around the
    // output must stay untouched.
    std::vector<float> out(n + 64);
    const std::size_t aligned = (64 - reinterpret_cast<std::uintptr_t>(out.data()) % 64) % 64 / sizeof(float);
    for (std::size_t offset : {0u, 1u, 7u, 15u}) {
      std::fill(out.begin(), out.end(), -7.0f);
      float* dst = out.data() + aligned + offset;
      dequantize(q.data(), s.data(), dst);
      for (std::size_t i = 0; i < n; ++i) bad += blocks_ref::float_bits(dst[i]) != ref_back[i];
      for (float* f = out.data(); f < dst; ++f) bad += *f != -7.0f;
      for (float* f = dst + n; f < out.data() + out.size(); ++f) bad += *f != -7.0f;
    }
    if (bad != 0) FAIL_CHECK(name << " n=" << n << " path=" << lowp::bulk_path_name(p) << ": " << bad << " mismatches");
    bad_total += bad;
  }
  return bad_total;
}

template <class Elem>
std::size_t check_large_mx(const blocks_ref::element_format& fmt, std::size_t n, const std::vector<simd_path>& paths) {
  const blocks_ref::table table(fmt);
  const std::vector<float> x = make_tensor(n, 32, static_cast<std::uint32_t>(n));
  const auto ref = blocks_ref::quantize_mx(x.data(), n, table, false, rounding::to_nearest_even);
  const auto ref_back = blocks_ref::dequantize_mx(ref.codes, ref.scales, table);
  return check_large(
      fmt.name, n, ref.codes, ref.scales, ref_back, Elem::format_type::total_bits == 4, 32, paths,
      [&](std::uint8_t* q, std::uint8_t* s) {
        lowp::quantize_mx<Elem>(x.data(), n, q, reinterpret_cast<lowp::float8_e8m0fnu*>(s));
      },
      [&](const std::uint8_t* q, const std::uint8_t* s, float* dst) {
        lowp::dequantize_mx<Elem>(q, reinterpret_cast<const lowp::float8_e8m0fnu*>(s), n, dst);
      });
}

}  // namespace

TEST_CASE("large tensors: chunked quantize and the streaming dequantizer equal the reference", "[blocks]") {
  path_guard guard;
  const auto paths = paths_to_test();
  std::size_t bad = 0, checked = 0;
  for (std::size_t n : {std::size_t{1} << 20, (std::size_t{1} << 20) + 37}) {
    bad += check_large_mx<lowp::float8_e4m3fn>(blocks_ref::e4m3fn, n, paths);
    bad += check_large_mx<lowp::float8_e5m2>(blocks_ref::e5m2, n, paths);
    bad += check_large_mx<lowp::float6_e2m3fn>(blocks_ref::e2m3, n, paths);
    bad += check_large_mx<lowp::float6_e3m2fn>(blocks_ref::e3m2, n, paths);
    bad += check_large_mx<lowp::float4_e2m1fn>(blocks_ref::e2m1, n, paths);
    const std::vector<float> x = make_tensor(n, 16, static_cast<std::uint32_t>(n) + 1);
    float amax = 0.0f;
    for (float v : x) {
      if (std::isfinite(v)) amax = std::max(amax, std::fabs(v));
    }
    const float ts = lowp::nvfp4_tensor_scale(amax);
    const auto ref = blocks_ref::quantize_nvfp4(x.data(), n, ts, rounding::to_nearest_even);
    const auto ref_back = blocks_ref::dequantize_nvfp4(ref.codes, ref.scales, ts);
    bad += check_large(
        "nvfp4", n, ref.codes, ref.scales, ref_back, true, 16, paths,
        [&](std::uint8_t* q, std::uint8_t* s) {
          lowp::quantize_nvfp4(x.data(), n, ts, q, reinterpret_cast<lowp::float8_e4m3fn*>(s));
        },
        [&](const std::uint8_t* q, const std::uint8_t* s, float* dst) {
          lowp::dequantize_nvfp4(q, reinterpret_cast<const lowp::float8_e4m3fn*>(s), ts, n, dst);
        });
    checked += 6 * n * paths.size();
  }
  std::printf("blocks large tensors: %zu elements quantized and %zu dequantized (x4 destinations) on %zu paths; "
              "%zu mismatches\n",
              checked, checked * 4, paths.size(), bad);
  CHECK(bad == 0);
}

TEST_CASE("nvfp4_tensor_scale follows the contract", "[blocks]") {
  CHECK(lowp::nvfp4_tensor_scale(2688.0f) == 1.0f);
  CHECK(lowp::nvfp4_tensor_scale(448.0f) == 448.0f / 2688.0f);
  CHECK(lowp::nvfp4_tensor_scale(0.0f) == 1.0f);
  CHECK(lowp::nvfp4_tensor_scale(-3.0f) == 1.0f);
  CHECK(lowp::nvfp4_tensor_scale(std::numeric_limits<float>::infinity()) == 1.0f);
  CHECK(lowp::nvfp4_tensor_scale(std::numeric_limits<float>::quiet_NaN()) == 1.0f);
  CHECK(lowp::nvfp4_tensor_scale(std::numeric_limits<float>::denorm_min()) == 1.0f);  // quotient underflows
  for (float a : {1e-3f, 1.0f, 7.5f, 3e38f}) CHECK(lowp::nvfp4_tensor_scale(a) == a / (448.0f * 6.0f));
}

TEST_CASE("packed FP4 layout, byte by byte, on a hand-worked example", "[blocks]") {
  path_guard guard;
  std::string skipped;
  for (simd_path p : supported_paths(skipped)) {
    lowp::set_bulk_path(p);
    // amax 6 = 1.5 * 2^2 and E2M1's max 6 = 1.5 * 2^2: scale 2^0 (0x7F) under both rules.
    // E2M1 codes (sign, 2 exponent bits, 1 mantissa bit, bias 1): 1 = 0.01.0 = 0x2,
    // -0.5 = 1.00.1 = 0x9 (subnormal), 6 = 0.11.1 = 0x7, 3 = 0.10.1 = 0x5, 1.5 = 0.01.1 = 0x3.
    // Bytes: element 2i low, 2i+1 high: 0x92, 0x57, then 0x03 (odd tail, high nibble 0).
    const float x[5] = {1.0f, -0.5f, 6.0f, 3.0f, 1.5f};
    std::uint8_t q[3] = {0xFF, 0xFF, 0xFF};
    lowp::float8_e8m0fnu s[1];
    lowp::quantize_mx<lowp::float4_e2m1fn>(x, 5, q, s);
    CHECK(s[0].bits() == 0x7F);
    CHECK(q[0] == 0x92);
    CHECK(q[1] == 0x57);
    CHECK(q[2] == 0x03);
    float back[5];
    lowp::dequantize_mx<lowp::float4_e2m1fn>(q, s, 5, back);
    for (int i = 0; i < 5; ++i) CHECK(back[i] == x[i]);

    // Times 8: the same elements under scale 2^3 (0x82).
    const float y[5] = {8.0f, -4.0f, 48.0f, 24.0f, 12.0f};
    lowp::quantize_mx<lowp::float4_e2m1fn>(y, 5, q, s);
    CHECK(s[0].bits() == 0x82);
    CHECK(q[0] == 0x92);
    CHECK(q[1] == 0x57);
    CHECK(q[2] == 0x03);

    // 7 = 1.75 * 2^2: floor keeps 2^0 and 7 saturates to 6 (0x7); ceil takes 2^1 (0x80)
    // and 3.5, a tie between 3 (0x5, odd) and 4 (0.11.0 = 0x6, even), gives 4.
    const float z[2] = {7.0f, 0.25f};  // 0.25 / 1 = half of 0.5: tie to 0 (even); / 2: 0.125 -> 0
    lowp::quantize_mx<lowp::float4_e2m1fn>(z, 2, q, s, scale_rule::floor);
    CHECK(s[0].bits() == 0x7F);
    CHECK(q[0] == 0x07);
    lowp::quantize_mx<lowp::float4_e2m1fn>(z, 2, q, s, scale_rule::ceil);
    CHECK(s[0].bits() == 0x80);
    CHECK(q[0] == 0x06);

    // NVFP4, tensor scale 1: block amax 6 -> block scale 6 / 6 / 1 = 1 (E4M3 0x38); the
    // same E2M1 codes.
    lowp::float8_e4m3fn bs[1];
    lowp::quantize_nvfp4(x, 5, 1.0f, q, bs);
    CHECK(bs[0].bits() == 0x38);
    CHECK(q[0] == 0x92);
    CHECK(q[1] == 0x57);
    CHECK(q[2] == 0x03);
  }
}

TEST_CASE("round trips: dequantize then quantize again gives the same bits (floor rule)", "[blocks]") {
  path_guard guard;
  std::string skipped;
  std::size_t checked = 0, bad = 0;
  for (simd_path p : supported_paths(skipped)) {
    lowp::set_bulk_path(p);
    auto trip = [&](auto elem) {
      using Elem = decltype(elem);
      constexpr bool packed = Elem::format_type::total_bits == 4;
      std::vector<float> x = make_tensor(4099, 32, 7);
      for (float& v : x) {
        if (!std::isfinite(v)) v = 1.0f;  // NaN blocks do not come back (by design)
      }
      const std::size_t n = x.size(), bytes = packed ? (n + 1) / 2 : n;
      std::vector<std::uint8_t> q1(bytes), q2(bytes);
      std::vector<lowp::float8_e8m0fnu> s1((n + 31) / 32), s2((n + 31) / 32);
      std::vector<float> y(n);
      lowp::quantize_mx<Elem>(x.data(), n, q1.data(), s1.data());
      lowp::dequantize_mx<Elem>(q1.data(), s1.data(), n, y.data());
      lowp::quantize_mx<Elem>(y.data(), n, q2.data(), s2.data());
      for (std::size_t i = 0; i < bytes; ++i) bad += q1[i] != q2[i];
      for (std::size_t b = 0; b < s1.size(); ++b) bad += s1[b].bits() != s2[b].bits();
      checked += bytes + s1.size();
    };
    trip(lowp::float8_e4m3fn{});
    trip(lowp::float8_e5m2{});
    trip(lowp::float6_e2m3fn{});
    trip(lowp::float6_e3m2fn{});
    trip(lowp::float4_e2m1fn{});
  }
  std::printf("blocks round trips: %zu bytes and scales compared, %zu differ\n", checked, bad);
  CHECK(bad == 0);
}

TEST_CASE("the portable path sets the IEEE environment too: same bits under flush-to-zero", "[blocks]") {
#if LOWP_HAS_X86_DISPATCH
  path_guard guard;
  const std::vector<float> x = make_tensor(1000, 16, 55);
  std::vector<std::uint8_t> a(500), b(500);
  std::vector<lowp::float8_e4m3fn> sa(63), sb(63);
  lowp::set_bulk_path(simd_path::portable);
  lowp::quantize_nvfp4(x.data(), x.size(), 1e-30f, a.data(), sa.data());
  const unsigned saved = _mm_getcsr();
  _mm_setcsr(saved | 0x8040u);  // FTZ | DAZ
  lowp::quantize_nvfp4(x.data(), x.size(), 1e-30f, b.data(), sb.data());
  _mm_setcsr(saved);
  CHECK(a == b);
  for (std::size_t i = 0; i < sa.size(); ++i) CHECK(sa[i].bits() == sb[i].bits());
#else
  WARN("SKIPPED: no x86 floating-point environment to change on this target");
#endif
}

TEST_CASE("dequantize: NaN results are float's default NaN on every path, whatever made them", "[blocks]") {
  path_guard guard;
  std::string skipped;
  for (simd_path p : supported_paths(skipped)) {
    lowp::set_bulk_path(p);
    // Byte i holds code i in both nibbles (elements 2i, 2i+1); an infinite and a NaN tensor
    // scale (0 * inf and x * NaN).
    std::uint8_t q[16];
    for (int i = 0; i < 16; ++i) q[i] = static_cast<std::uint8_t>(i * 0x11);
    const lowp::float8_e4m3fn bs[2] = {lowp::float8_e4m3fn::from_bits(0x38), lowp::float8_e4m3fn::from_bits(0x40)};
    for (float ts : {std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()}) {
      float out[32];
      lowp::dequantize_nvfp4(q, bs, ts, 32, out);
      for (int i = 0; i < 32; ++i) {
        const double e = blocks_ref::table(blocks_ref::e2m1).decode(static_cast<unsigned>(i / 2));
        const float expected = static_cast<float>(e) * (i < 16 ? 1.0f : 2.0f) * ts;
        if (std::isnan(expected)) {
          CHECK(blocks_ref::float_bits(out[i]) == 0x7FC00000u);
        } else {
          CHECK(blocks_ref::float_bits(out[i]) == blocks_ref::float_bits(expected));
        }
      }
    }
    // e4m3fn elements that are NaN (0x7F, 0xFF) under a finite scale.
    const std::uint8_t nan_codes[2] = {0x7F, 0xFF};
    const lowp::float8_e8m0fnu one[1] = {lowp::float8_e8m0fnu::from_bits(0x7F)};
    float out[2];
    lowp::dequantize_mx<lowp::float8_e4m3fn>(nan_codes, one, 2, out);
    CHECK(blocks_ref::float_bits(out[0]) == 0x7FC00000u);
    CHECK(blocks_ref::float_bits(out[1]) == 0x7FC00000u);
  }
}

// Every element code under every scale, dequantized on every path, against the reference:
// the SIMD paths widen elements through float16 where the scale allows it and through
// widen_lanes where it does not (the largest MX scales, NaN scales), so both sides of
// that choice, and every code's NaN, infinity and subnormal, are checked.
namespace {

template <class Elem>
std::size_t check_every_code_mx(const blocks_ref::element_format& fmt, const std::vector<simd_path>& paths,
                                std::size_t& checked) {
  const blocks_ref::table table(fmt);
  constexpr unsigned codes_per_format = 1u << Elem::format_type::total_bits;
  constexpr bool packed = Elem::format_type::total_bits == 4;
  std::vector<unsigned> codes, scales;
  for (unsigned s = 0; s < 256; ++s) {
    for (unsigned c = 0; c < std::max(codes_per_format, 32u); ++c) codes.push_back(c % codes_per_format);
    for (unsigned b = 0; b < std::max(codes_per_format, 32u) / 32; ++b) scales.push_back(s);
  }
  const auto ref_back = blocks_ref::dequantize_mx(codes, scales, table);
  const std::size_t n = codes.size();
  const std::vector<std::uint8_t> q = bytes_of(codes, packed);
  std::vector<lowp::float8_e8m0fnu> s(scales.size());
  for (std::size_t b = 0; b < s.size(); ++b) s[b] = lowp::float8_e8m0fnu::from_bits(static_cast<std::uint8_t>(scales[b]));
  std::size_t bad = 0;
  for (simd_path p : paths) {
    lowp::set_bulk_path(p);
    std::vector<float> back(n);
    lowp::dequantize_mx<Elem>(q.data(), s.data(), n, back.data());
    std::size_t here = 0;
    for (std::size_t i = 0; i < n; ++i) here += blocks_ref::float_bits(back[i]) != ref_back[i];
    if (here != 0) FAIL_CHECK(fmt.name << " every code x every scale path=" << lowp::bulk_path_name(p) << ": " << here << " mismatches");
    bad += here;
    checked += n;
  }
  return bad;
}

}  // namespace

TEST_CASE("dequantize: every element code under every scale equals the independent reference", "[blocks]") {
  path_guard guard;
  const auto paths = paths_to_test();
  std::size_t checked = 0, bad = 0;
  bad += check_every_code_mx<lowp::float8_e4m3fn>(blocks_ref::e4m3fn, paths, checked);
  bad += check_every_code_mx<lowp::float8_e5m2>(blocks_ref::e5m2, paths, checked);
  bad += check_every_code_mx<lowp::float6_e2m3fn>(blocks_ref::e2m3, paths, checked);
  bad += check_every_code_mx<lowp::float6_e3m2fn>(blocks_ref::e3m2, paths, checked);
  bad += check_every_code_mx<lowp::float4_e2m1fn>(blocks_ref::e2m1, paths, checked);
  // NVFP4: the 16 codes under each of the 256 block scales, for tensor scales that keep
  // the products normal, push them below float's normals and past its max.
  std::vector<unsigned> codes, scales;
  for (unsigned bs = 0; bs < 256; ++bs) {
    for (unsigned c = 0; c < 16; ++c) codes.push_back(c);
    scales.push_back(bs);
  }
  const std::vector<std::uint8_t> q = bytes_of(codes, true);
  std::vector<lowp::float8_e4m3fn> s(scales.size());
  for (std::size_t b = 0; b < s.size(); ++b) s[b] = lowp::float8_e4m3fn::from_bits(static_cast<std::uint8_t>(scales[b]));
  for (float ts : {1.0f, 0.37f, 1e-40f, 1e-30f, 3e36f}) {
    const auto ref_back = blocks_ref::dequantize_nvfp4(codes, scales, ts);
    for (simd_path p : paths) {
      lowp::set_bulk_path(p);
      std::vector<float> back(codes.size());
      lowp::dequantize_nvfp4(q.data(), s.data(), ts, codes.size(), back.data());
      std::size_t here = 0;
      for (std::size_t i = 0; i < codes.size(); ++i) here += blocks_ref::float_bits(back[i]) != ref_back[i];
      if (here != 0) FAIL_CHECK("nvfp4 every code x every block scale ts=" << ts << " path=" << lowp::bulk_path_name(p) << ": " << here << " mismatches");
      bad += here;
      checked += codes.size();
    }
  }
  std::printf("blocks dequantize, every code x every scale: %zu values checked (5 MX types x 256 scales, "
              "NVFP4 x 256 block scales x 5 tensor scales; %zu paths); %zu mismatches\n",
              checked, paths.size(), bad);
  CHECK(bad == 0);
  CHECK(checked > 0);
}
