// lowp/basic_float.hpp — the value type, and the formats lowp ships.
//
// The class alone: its operators and std::numeric_limits are in arithmetic.hpp and
// limits.hpp, which include this file; lowp/types.hpp (or lowp/lowp.hpp) gives the
// complete types, and every higher header includes that.
//
// basic_float<Format> stores one encoded number (1 or 2 bytes) and converts to and from
// the built-in types through the one rounding engine in round.hpp:
//
//   lowp::float16 h(3.14159);          // explicit: rounds once, to nearest even
//   float f = h;                       // implicit: exact
//   lowp::bfloat16 b(h);               // explicit: float16 -> bfloat16 may round
//   lowp::float16 w = lowp::float8_e4m3fn(2.0f);  // implicit: every e4m3fn value fits
//   auto raw = h.bits();               // 0x4248
//   auto one = lowp::float16::from_bits(0x3c00);
//
// The conversion rules follow C++23 <stdfloat>: widening (no value can change) is
// implicit, everything that may round is explicit.
#pragma once

#include <cstdint>
#include <type_traits>

#include "config.hpp"
#include "detail/bits.hpp"
#include "widen.hpp"
#include "format.hpp"
#include "hw_traits.hpp"
#include "round.hpp"

#if LOWP_SCALAR_F16C
#include <immintrin.h>
#endif

namespace lowp {

template <class Format>
class basic_float;

namespace detail {

template <class T>
struct is_basic_float : std::false_type {};
template <class F>
struct is_basic_float<basic_float<F>> : std::true_type {};

// The built-in types a basic_float converts from: float, double and every integer type
// of up to 64 bits (long double and 128-bit integers are not supported).
template <class T>
struct is_arithmetic_source
    : std::integral_constant<bool, std::is_same<T, float>::value || std::is_same<T, double>::value ||
                                       (std::is_integral<T>::value && sizeof(T) <= 8)> {};

// narrow<F>(x, mode, overflow): the bits of x rounded once into F. The single entry point
// from any source type into the rounding engine.
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST typename F::storage narrow(float x, rounding mode, overflow ov) noexcept {
  return round_binary<F, binary32>(bit_cast<std::uint32_t>(x), mode, ov);
}
template <class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST typename F::storage narrow(double x, rounding mode, overflow ov) noexcept {
  return round_binary<F, binary64>(bit_cast<std::uint64_t>(x), mode, ov);
}
template <class F, class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>
LOWP_HOST_DEVICE constexpr typename F::storage narrow(I x, rounding mode, overflow ov) noexcept {
  return round_integer<F>(x, mode, ov);
}
// nearest<F>(x): x rounded to nearest even with IEEE overflow — the constructors' case.
// Where F's row in hw_traits says x86 F16C converts it, and the translation unit is built
// for F16C, this is the hardware instruction at run time (same bits, see config.hpp);
// otherwise, and in constant expressions, the engine (whose mode and policy fold away here).
template <class F, class T>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST typename F::storage nearest(T x) noexcept {
#if LOWP_SCALAR_F16C
  if constexpr (std::is_same<T, float>::value && hw_traits<F>::x86_f16c) {
    if (!__builtin_is_constant_evaluated()) {
      // Not _cvtss_sh: clang's macro for it is a compound literal, which -Wpedantic flags
      // in the user's translation unit.
      const __m128i h = _mm_cvtps_ph(_mm_set_ss(x), _MM_FROUND_TO_NEAREST_INT);
      return static_cast<typename F::storage>(_mm_extract_epi16(h, 0));
    }
  }
#endif
  return narrow<F>(x, rounding::to_nearest_even, overflow::ieee);
}

// From another lowp format: widening to float is exact for every lowp format, so going
// through float still rounds only once.
template <class F, class G>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST typename F::storage narrow(basic_float<G> x, [[maybe_unused]] rounding mode,
                                                                   overflow ov) noexcept {
  if constexpr (std::is_same<F, G>::value) {
    // Nothing to round: saturation clamps infinities, and a NaN becomes quiet as in
    // every other conversion.
    const auto b = x.bits();
    return is_infinity<F>(b) ? encode_infinity<F>(is_negative<F>(b), ov) : quieted<F>(b);
  } else {
    return round_binary<F, binary32>(bit_cast<std::uint32_t>(widen<float, G>(x.bits())), mode, ov);
  }
}

// interop<T, Format>: bit-exact conversions between basic_float<Format> and a foreign
// type T that stores the same encoding (CUDA's __half for float16, for example). The
// primary template enables nothing. An interop header such as lowp/cuda.hpp specializes
// it, so the core never names a foreign type:
//   static constexpr bool enabled = true;
//   static storage to_bits(const T&);   static T from_bits(storage);
// Such conversions copy bits and never round, so they are implicit both ways.
template <class T, class Format>
struct interop {
  static constexpr bool enabled = false;
};

}  // namespace detail

// basic_float<Format>
//
// A trivially copyable, standard-layout value type of sizeof == 1 or 2. The default
// constructor is trivial (so the type works in CUDA __shared__ memory); value
// initialisation, `float16{}`, gives +0.
template <class Format>
class basic_float {
  static_assert(detail::is_format<Format>::value, "basic_float takes a lowp::format<E, M, S>");
  static_assert(Format::exponent_bits >= 2 && Format::exponent_bits <= 8, "lowp types have 2..8 exponent bits");
  static_assert(Format::total_bits <= 16, "lowp types have at most 16 bits");

 public:
  using format_type = Format;
  using storage_type = typename Format::storage;

  basic_float() = default;

  // From float, double or an integer: rounds to nearest even, overflow as IEEE.
  // Use lowp::convert for the other modes and policies.
  template <class T, std::enable_if_t<detail::is_arithmetic_source<T>::value, int> = 0>
  LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST explicit basic_float(T x) noexcept : bits_(detail::nearest<Format>(x)) {}

  // From another lowp type: implicit when every value fits (fp8 -> float16/bfloat16),
  // explicit when it may round (float16 <-> bfloat16, 16-bit -> fp8).
  template <class G, std::enable_if_t<!std::is_same<G, Format>::value && detail::format_holds<Format, G>::value,
                                      int> = 0>
  LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST basic_float(basic_float<G> x) noexcept  // NOLINT: lossless
      : bits_(detail::narrow<Format>(x, rounding::to_nearest_even, overflow::ieee)) {}
  template <class G, std::enable_if_t<!std::is_same<G, Format>::value && !detail::format_holds<Format, G>::value,
                                      long> = 0>
  LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST explicit basic_float(basic_float<G> x) noexcept
      : bits_(detail::narrow<Format>(x, rounding::to_nearest_even, overflow::ieee)) {}

  // From and to a foreign type with the same encoding (see detail::interop): implicit,
  // because no value changes.
  template <class T, std::enable_if_t<detail::interop<T, Format>::enabled, int> = 0>
  LOWP_HOST_DEVICE constexpr basic_float(const T& x) noexcept  // NOLINT: same encoding
      : bits_(detail::interop<T, Format>::to_bits(x)) {}
  template <class T, std::enable_if_t<detail::interop<T, Format>::enabled, int> = 0>
  LOWP_HOST_DEVICE constexpr operator T() const noexcept {  // NOLINT: same encoding
    return detail::interop<T, Format>::from_bits(bits_);
  }

  // from_bits(b) / bits(): the raw encoding, never reinterpreted as a number.
  // A 6- or 4-bit format keeps its encoding in the low bits; from_bits ignores the others.
  LOWP_HOST_DEVICE static constexpr basic_float from_bits(storage_type bits) noexcept {
    return basic_float(raw_tag{}, static_cast<storage_type>(bits & encoding_mask));
  }
  LOWP_HOST_DEVICE constexpr storage_type bits() const noexcept { return bits_; }

  // Widening to float is exact for every lowp format, hence implicit (double follows
  // through float). There is deliberately no operator double: it would make mixed
  // expressions ambiguous.
  LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST operator float() const noexcept {  // NOLINT: exact
    // Always the integer widen, also in F16C builds: compilers vectorise a loop of it, but
    // not a loop of the scalar vcvtph2ps intrinsic (measured: 2.8 vs 1.4 elements/ns).
    return detail::widen<float, Format>(bits_);
  }

 private:
  struct raw_tag {};
  static constexpr storage_type encoding_mask =
      static_cast<storage_type>((std::uint64_t{1} << Format::total_bits) - 1);
  LOWP_HOST_DEVICE constexpr basic_float(raw_tag, storage_type bits) noexcept : bits_(bits) {}

  storage_type bits_;
};

// The formats. One template; no per-format code: each is one alias and one row in the
// name table below (and, if hardware converts it, one row in hw_traits.hpp).
using float16 = basic_float<format<5, 10>>;                                // IEEE binary16
using bfloat16 = basic_float<format<8, 7>>;                                // brain float
using float8_e5m2 = basic_float<format<5, 2>>;                             // OCP FP8 E5M2
using float8_e4m3fn = basic_float<format<4, 3, specials::finite_nan_only>>;  // OCP FP8 E4M3
using float8_e4m3fnuz = basic_float<format<4, 3, specials::fnuz, 8>>;      // AMD FP8, max 240
using float8_e5m2fnuz = basic_float<format<5, 2, specials::fnuz, 16>>;     // AMD FP8, max 57344
using float8_e4m3 = basic_float<format<4, 3>>;                             // IEEE-like, max 240
using float8_e3m4 = basic_float<format<3, 4>>;                             // IEEE-like, max 15.5
using float8_e8m0fnu =                                                      // OCP MX scale, 2^-127..2^127
    basic_float<format<8, 0, specials::finite_nan_only, 127, layout::unsigned_no_zero>>;
using float6_e2m3fn = basic_float<format<2, 3, specials::finite, 1>>;      // OCP FP6, max 7.5
using float6_e3m2fn = basic_float<format<3, 2, specials::finite, 3>>;      // OCP FP6, max 28
using float4_e2m1fn = basic_float<format<2, 1, specials::finite, 1>>;      // OCP FP4, max 6

// type_name<T>: the name of a lowp type, as tools and messages spell it ("float16").
template <class T>
inline constexpr const char* type_name = nullptr;
template <>
inline constexpr const char* type_name<float16> = "float16";
template <>
inline constexpr const char* type_name<bfloat16> = "bfloat16";
template <>
inline constexpr const char* type_name<float8_e5m2> = "float8_e5m2";
template <>
inline constexpr const char* type_name<float8_e4m3fn> = "float8_e4m3fn";
template <>
inline constexpr const char* type_name<float8_e4m3fnuz> = "float8_e4m3fnuz";
template <>
inline constexpr const char* type_name<float8_e5m2fnuz> = "float8_e5m2fnuz";
template <>
inline constexpr const char* type_name<float8_e4m3> = "float8_e4m3";
template <>
inline constexpr const char* type_name<float8_e3m4> = "float8_e3m4";
template <>
inline constexpr const char* type_name<float8_e8m0fnu> = "float8_e8m0fnu";
template <>
inline constexpr const char* type_name<float6_e2m3fn> = "float6_e2m3fn";
template <>
inline constexpr const char* type_name<float6_e3m2fn> = "float6_e3m2fn";
template <>
inline constexpr const char* type_name<float4_e2m1fn> = "float4_e2m1fn";

// type_list<T...>, and all_types: every lowp type, narrowest last, for code that loops over
// them (for_each_type).
template <class... T>
struct type_list {};
using all_types = type_list<float16, bfloat16, float8_e4m3fn, float8_e5m2, float8_e4m3fnuz, float8_e5m2fnuz,
                            float8_e4m3, float8_e3m4, float8_e8m0fnu, float6_e2m3fn, float6_e3m2fn, float4_e2m1fn>;

// for_each_type(f): f(T{}) for every T in all_types (or another type_list), in order.
template <class Fn, class... T>
void for_each_type(Fn&& f, type_list<T...>) {
  (f(T{}), ...);
}
template <class Fn>
void for_each_type(Fn&& f) {
  for_each_type(f, all_types{});
}

}  // namespace lowp
