// An independent reference for the block-scaled formats, written from DESIGN.md's
// "Block-scaled formats" and the format table, without calling lowp's code under test:
// element values are decoded from (E, M, bias, which encodings are not numbers) into a
// sorted table; rounding is a search in that table on exact doubles (x / 2^k is exact in
// double); scale exponents come from std::ilogb on the block's amax in double.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <lowp/round.hpp>  // the rounding enum only

namespace blocks_ref {

struct element_format {
  int e, m, bias;
  bool top_is_special;  // e4m3fn: S.1111.111 is NaN;  (e5m2: the all-ones exponent)
  bool ieee_top;        // e5m2: the whole all-ones exponent field is inf/NaN
  const char* name;
};

// The DESIGN.md table, as parameters.
constexpr element_format e4m3fn{4, 3, 7, true, false, "float8_e4m3fn"};
constexpr element_format e5m2{5, 2, 15, false, true, "float8_e5m2"};
constexpr element_format e2m3{2, 3, 1, false, false, "float6_e2m3fn"};
constexpr element_format e3m2{3, 2, 3, false, false, "float6_e3m2fn"};
constexpr element_format e2m1{2, 1, 1, false, false, "float4_e2m1fn"};

// Every finite non-negative value with its encoding, sorted by value.
struct table {
  element_format f;
  std::vector<std::pair<double, unsigned>> values;  // (value, positive encoding)
  double max() const { return values.back().first; }
  unsigned sign_bit() const { return 1u << (f.e + f.m); }

  explicit table(element_format fmt) : f(fmt) {
    for (int field = 0; field < (1 << f.e); ++field) {
      for (int mant = 0; mant < (1 << f.m); ++mant) {
        if (f.ieee_top && field == (1 << f.e) - 1) continue;
        if (f.top_is_special && field == (1 << f.e) - 1 && mant == (1 << f.m) - 1) continue;
        const double v = field == 0 ? std::ldexp(mant, 1 - f.bias - f.m)
                                    : std::ldexp(1.0 + std::ldexp(mant, -f.m), field - f.bias);
        values.push_back({v, static_cast<unsigned>((field << f.m) | mant)});
      }
    }
    std::sort(values.begin(), values.end());
  }

  // The value of an encoding (+-infinity for e5m2's, NaN for the non-numbers).
  double decode(unsigned code) const {
    const bool negative = (code & sign_bit()) != 0;
    const unsigned magnitude = code & (sign_bit() - 1);
    for (const auto& p : values) {
      if (p.second == magnitude) return negative ? -p.first : p.first;
    }
    if (f.ieee_top && magnitude == static_cast<unsigned>(((1 << f.e) - 1) << f.m)) {
      return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  // v (finite or infinite double) rounded in `mode` with saturation: v is first clamped
  // to [-max, max] (saturate: overflow gives +-max in every mode), then rounded to one of
  // its two table neighbours. A zero result keeps v's sign.
  unsigned round(double v, lowp::rounding mode) const {
    const bool negative = std::signbit(v);
    double a = std::min(std::fabs(v), max());
    // neighbours lo <= a <= hi
    std::size_t i = 0;
    while (i + 1 < values.size() && values[i + 1].first <= a) ++i;
    const auto lo = values[i];
    const auto hi = lo.first == a || i + 1 == values.size() ? lo : values[i + 1];
    std::pair<double, unsigned> r = lo;
    if (lo.first != a) {
      const bool magnitude_up = (mode == lowp::rounding::upward && !negative) ||
                                (mode == lowp::rounding::downward && negative);
      const bool magnitude_down = mode == lowp::rounding::toward_zero || (mode == lowp::rounding::upward && negative) ||
                                  (mode == lowp::rounding::downward && !negative);
      if (magnitude_up) {
        r = hi;
      } else if (magnitude_down) {
        r = lo;
      } else {
        const double dl = a - lo.first, dh = hi.first - a;
        if (dl < dh) r = lo;
        else if (dh < dl) r = hi;
        else if (mode == lowp::rounding::to_nearest_away) r = hi;
        else r = (lo.second & 1u) == 0 ? lo : hi;
      }
    }
    return r.second | (negative ? sign_bit() : 0u);
  }
};

// The MX scale exponent of a block (finite, not all zero), from amax in double.
inline int mx_exponent(double amax, const table& t, bool ceil_rule) {
  const int emax = std::ilogb(t.max());
  int k = std::ilogb(amax) - emax;
  if (ceil_rule) {
    k -= 2;
    while (std::ldexp(amax, -k) > t.max()) ++k;
  }
  return std::clamp(k, -127, 127);
}

inline std::uint32_t float_bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, 4);
  return u;
}
inline float bits_float(std::uint32_t u) {
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}

struct mx_result {
  std::vector<unsigned> codes;  // one per element, unpacked
  std::vector<unsigned> scales;
};

// quantize_mx as the contract states it, elements unpacked.
inline mx_result quantize_mx(const float* x, std::size_t n, const table& t, bool ceil_rule, lowp::rounding mode) {
  mx_result r;
  for (std::size_t first = 0; first < n; first += 32) {
    const std::size_t count = std::min<std::size_t>(32, n - first);
    bool special = false;
    double amax = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const double v = x[first + i];
      if (!std::isfinite(v)) special = true;
      else amax = std::max(amax, std::fabs(v));
    }
    if (special) {
      r.scales.push_back(0xFF);
      for (std::size_t i = 0; i < count; ++i) r.codes.push_back(0);  // lowp's documented choice: +0
      continue;
    }
    const int k = amax == 0 ? -127 : mx_exponent(amax, t, ceil_rule);
    r.scales.push_back(static_cast<unsigned>(k + 127));
    for (std::size_t i = 0; i < count; ++i) r.codes.push_back(t.round(std::ldexp(double(x[first + i]), -k), mode));
  }
  return r;
}

// dequantize_mx: element * 2^k rounded once to float (the double product is exact).
inline std::vector<std::uint32_t> dequantize_mx(const std::vector<unsigned>& codes, const std::vector<unsigned>& scales,
                                                const table& t) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const unsigned s = scales[i / 32];
    const double e = t.decode(codes[i]);
    if (s == 0xFF || std::isnan(e)) {
      out.push_back(0x7FC00000u);
      continue;
    }
    out.push_back(float_bits(static_cast<float>(std::ldexp(e, static_cast<int>(s) - 127))));
  }
  return out;
}

// NVFP4, float operations in the contract's order; roundings by the tables.
struct nvfp4_result {
  std::vector<unsigned> codes;
  std::vector<unsigned> scales;
};

inline float nvfp4_tensor_scale(float amax) {
  if (!(amax > 0.0f) || !std::isfinite(amax)) return 1.0f;
  const float s = amax / (448.0f * 6.0f);
  return s > 0.0f ? s : 1.0f;  // lowp's documented choice where the quotient underflows
}

inline nvfp4_result quantize_nvfp4(const float* x, std::size_t n, float ts, lowp::rounding mode) {
  const table e4m3(e4m3fn), fp4(e2m1);
  nvfp4_result r;
  for (std::size_t first = 0; first < n; first += 16) {
    const std::size_t count = std::min<std::size_t>(16, n - first);
    bool nan = false;
    float bamax = 0.0f;
    for (std::size_t i = 0; i < count; ++i) {
      if (std::isnan(x[first + i])) nan = true;
      else bamax = std::max(bamax, std::fabs(x[first + i]));
    }
    if (nan) {
      r.scales.push_back(0x7F);
      for (std::size_t i = 0; i < count; ++i) r.codes.push_back(0);
      continue;
    }
    const float wanted = bamax / 6.0f / ts;
    const unsigned bs = e4m3.round(wanted, lowp::rounding::to_nearest_even);
    r.scales.push_back(bs);
    const float bsv = static_cast<float>(e4m3.decode(bs));
    for (std::size_t i = 0; i < count; ++i) {
      const float v = x[first + i];
      if (bsv == 0.0f) {
        r.codes.push_back(std::signbit(v) ? fp4.sign_bit() : 0u);
      } else {
        const float d = bsv * ts;
        r.codes.push_back(fp4.round(static_cast<double>(v / d), mode));
      }
    }
  }
  return r;
}

inline std::vector<std::uint32_t> dequantize_nvfp4(const std::vector<unsigned>& codes,
                                                   const std::vector<unsigned>& scales, float ts) {
  const table e4m3(e4m3fn), fp4(e2m1);
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const float bs = static_cast<float>(e4m3.decode(scales[i / 16]));
    const float e = static_cast<float>(fp4.decode(codes[i]));
    const float v = e * bs * ts;
    out.push_back(std::isnan(v) ? 0x7FC00000u : float_bits(v));
  }
  return out;
}

}  // namespace blocks_ref
