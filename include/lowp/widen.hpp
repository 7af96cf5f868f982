// lowp/widen.hpp — exact widening of any lowp encoding to float or double.
//
// Every lowp format fits inside float (E <= 8, M <= 23), so widening never rounds. It is
// done on bits, not with float arithmetic on subnormals, so it stays exact when a user
// builds with -ffast-math (which turns on flush-to-zero / denormals-are-zero).
#pragma once

#include <cstdint>
#include <type_traits>

#include "config.hpp"
#include "format.hpp"
#include "round.hpp"
#include "detail/bits.hpp"

namespace lowp {
namespace detail {

// condition ? if_true : if_false, written with masks (see widen for why).
template <class U>
LOWP_HOST_DEVICE constexpr U select_bits(U if_false, U if_true, bool condition) noexcept {
  const U mask = static_cast<U>(U{0} - static_cast<U>(condition));
  return static_cast<U>((if_false & ~mask) | (if_true & mask));
}

template <class T>
using binary_format_of = std::conditional_t<std::is_same<T, float>::value, binary32, binary64>;

// widen<To, F>(bits): the float or double equal to the F-encoded value `bits`. A NaN
// keeps its sign and payload and becomes quiet (a signaling NaN is quieted, as F16C does).
template <class To, class F>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST To widen(typename F::storage bits) noexcept {
  static_assert(std::is_same<To, float>::value || std::is_same<To, double>::value, "widen to float or double");
  using T = binary_format_of<To>;
  using U = typename T::storage;
  constexpr int M = F::mantissa_bits;
  constexpr int TM = T::mantissa_bits;
  static_assert(M <= TM && T::min_subnormal_exponent <= F::min_subnormal_exponent && F::max_exponent <= T::max_exponent,
                "widening must be exact");

  if constexpr (same_grid<F, T>) {
    // F's encodings are T's with the low mantissa bits cut off (bfloat16 -> float): shift
    // them back; a NaN gets the quiet bit.
    const U shifted = static_cast<U>(static_cast<U>(bits) << (TM - M));
    return bit_cast<To>(static_cast<U>(shifted | select_bits(U{0}, U{T::quiet_bit}, is_nan<F>(bits))));
  }
  const int biased = static_cast<int>((bits & F::exponent_mask) >> M);
  const U mantissa = static_cast<U>(bits & F::mantissa_mask);
  const bool nan = is_nan<F>(bits);
  const bool infinite = is_infinity<F>(bits);

  U normal = static_cast<U>((static_cast<U>(biased - F::bias + T::bias) << TM) | (mantissa << (TM - M)));
  if constexpr (F::min_exponent < T::min_exponent) {
    // A binade of F below To's normal range (E8M0's 2^-127 in float): To subnormals, the
    // significand shifted into place (exact: To's quantum is finer than F's).
    static_assert(!F::has_subnormals, "only formats without subnormals reach below float's normals");
    const int below = T::min_exponent - (biased - F::bias);
    if (below > 0) normal = static_cast<U>(((U{1} << TM) | (mantissa << (TM - M))) >> below);
  }
  U subnormal = 0;
  if constexpr (F::min_exponent == T::min_exponent) {
    // Same smallest exponent (bfloat16 -> float): the subnormal grids coincide.
    subnormal = static_cast<U>(mantissa << (TM - M));
  } else {
    // F's subnormals are normal numbers of To: scale the integer mantissa exactly.
    // No subnormal float is involved, so flush-to-zero modes cannot interfere.
    constexpr To quantum = static_cast<To>(exp2i(F::min_subnormal_exponent));
    subnormal = bit_cast<U>(static_cast<To>(static_cast<To>(mantissa) * quantum));
  }
  // A NaN keeps its sign (added below) and payload, and is quiet.
  const U nan_bits = nan_for<T>(false, static_cast<U>(mantissa << (TM - M)));
  // Selected with masks rather than ?: so that the subnormal product above stays
  // unconditional: GCC moves a floating-point multiply under a branch and then will not
  // vectorise it (it could trap); masks become blends.
  const U magnitude = select_bits(select_bits(select_bits(normal, subnormal, biased < F::min_normal_field),
                                              static_cast<U>(T::infinity_bits), infinite),
                                  nan_bits, nan);
  const U sign = is_negative<F>(bits) ? U{T::sign_mask} : U{0};
  return bit_cast<To>(static_cast<U>(sign | magnitude));
}

}  // namespace detail
}  // namespace lowp
