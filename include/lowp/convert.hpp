// lowp/convert.hpp — conversions with an explicit rounding mode and overflow policy.
//
//   auto h = lowp::convert<lowp::float16>(70000.0f);                    // +inf (IEEE)
//   auto s = lowp::convert<lowp::float16>(70000.0f, lowp::rounding::to_nearest_even,
//                                         lowp::overflow::saturate);    // 65504
//   auto t = lowp::saturate_cast<lowp::float8_e4m3fn>(1e6);             // 448
//   auto z = lowp::convert<lowp::bfloat16>(x, lowp::rounding::toward_zero);
//   auto r = lowp::stochastic_round<lowp::bfloat16>(x, rng());          // unbiased
//
// Every result is the source value rounded ONCE into the target: a double or a 64-bit
// integer is never rounded through float first.
#pragma once

#include <cstdint>
#include <type_traits>

#include "basic_float.hpp"

namespace lowp {
namespace detail {

template <class To, class From>
struct converter;

// Into a lowp type: the rounding engine.
template <class F, class From>
struct converter<basic_float<F>, From> {
  LOWP_HOST_DEVICE static LOWP_CONSTEXPR_BITCAST basic_float<F> apply(From x, rounding mode, overflow ov) noexcept {
    return basic_float<F>::from_bits(narrow<F>(x, mode, ov));
  }
};

// Into float or double: widening is exact; narrowing (double -> float, large integers)
// goes through the same engine with binary32/binary64 as the target format.
template <class From>
struct converter<float, From> {
  LOWP_HOST_DEVICE static LOWP_CONSTEXPR_BITCAST float apply(From x, rounding mode, overflow ov) noexcept {
    if constexpr (std::is_same<From, float>::value) {
      return x;
    } else if constexpr (std::is_same<From, double>::value) {
      return bit_cast<float>(round_binary<binary32, binary64>(bit_cast<std::uint64_t>(x), mode, ov));
    } else if constexpr (std::is_integral<From>::value) {
      return bit_cast<float>(round_integer<binary32>(x, mode, ov));
    } else {
      return widen<float, typename From::format_type>(x.bits());
    }
  }
};
template <class From>
struct converter<double, From> {
  LOWP_HOST_DEVICE static LOWP_CONSTEXPR_BITCAST double apply(From x, rounding mode, overflow ov) noexcept {
    if constexpr (std::is_same<From, double>::value) {
      return x;
    } else if constexpr (std::is_same<From, float>::value) {
      // On bits: a plain cast would flush float subnormals under denormals-are-zero.
      return widen<double, binary32>(bit_cast<std::uint32_t>(x));
    } else if constexpr (std::is_integral<From>::value) {
      return bit_cast<double>(round_integer<binary64>(x, mode, ov));
    } else {
      return widen<double, typename From::format_type>(x.bits());
    }
  }
};

template <class T>
struct is_convert_source
    : std::integral_constant<bool, is_arithmetic_source<T>::value || is_basic_float<T>::value> {};
template <class T>
struct is_convert_target
    : std::integral_constant<bool, std::is_same<T, float>::value || std::is_same<T, double>::value ||
                                       is_basic_float<T>::value> {};

}  // namespace detail

// convert<To>(x, mode, policy)
//
// x rounded once into To. To is a lowp type, float or double; x is float, double, an
// integer of up to 64 bits or a lowp type. Widening conversions are exact and ignore the
// mode. NaN keeps its sign and the payload bits that fit, and becomes quiet.
template <class To, class From>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST To convert(From x, rounding mode = rounding::to_nearest_even,
                                                   overflow policy = overflow::ieee) noexcept {
  static_assert(detail::is_convert_target<To>::value, "convert<To>: To must be a lowp type, float or double");
  static_assert(detail::is_convert_source<From>::value,
                "convert<To>(x): x must be float, double, an integer of up to 64 bits or a lowp type");
  return detail::converter<To, From>::apply(x, mode, policy);
}

// saturate_cast<To>(x): convert with overflow::saturate — out-of-range values and
// infinities become +-max finite, NaN stays NaN.
template <class To, class From>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST To saturate_cast(From x, rounding mode = rounding::to_nearest_even) noexcept {
  return convert<To>(x, mode, overflow::saturate);
}

// stochastic_round<To>(x, random_bits): x rounded down or up in magnitude, up with
// probability equal to the discarded fraction (to 32 bits of resolution), so the result
// is unbiased on average: E[float(r)] == x. `random_bits` should be uniformly random.
// Exact values are returned unchanged; overflow follows `policy` (ieee gives infinity).
template <class To>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST To stochastic_round(float x, std::uint32_t random_bits,
                                                            overflow policy = overflow::ieee) noexcept {
  static_assert(detail::is_basic_float<To>::value, "stochastic_round<To>: To must be a lowp type");
  using F = typename To::format_type;
  return To::from_bits(detail::round_binary<F, detail::binary32>(detail::bit_cast<std::uint32_t>(x),
                                                                 rounding::to_nearest_even, policy,
                                                                 {true, random_bits}));
}

}  // namespace lowp
