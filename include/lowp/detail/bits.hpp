// lowp/detail/bits.hpp — small constexpr bit helpers shared by every header.
//
// bit_cast and countl_zero stand in for C++20 <bit> so that the library is constexpr in
// C++17 too, and so that the same code runs on the host and in CUDA device code.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "../config.hpp"

namespace lowp {
namespace detail {

// bit_cast<To>(from): the object representation of `from` read as a To.
template <class To, class From>
LOWP_HOST_DEVICE LOWP_CONSTEXPR_BITCAST To bit_cast(const From& from) noexcept {
  static_assert(sizeof(To) == sizeof(From), "bit_cast needs types of equal size");
  static_assert(std::is_trivially_copyable<To>::value && std::is_trivially_copyable<From>::value,
                "bit_cast needs trivially copyable types");
#if LOWP_HAS_BUILTIN_BIT_CAST
  return __builtin_bit_cast(To, from);
#else
  To to;
  std::memcpy(&to, &from, sizeof(To));
  return to;
#endif
}

// countl_zero(x): the number of leading zero bits of a 64-bit word; 64 for zero.
// A binary search, so it is constexpr everywhere and needs no builtin.
LOWP_HOST_DEVICE constexpr int countl_zero(std::uint64_t x) noexcept {
  if (x == 0) return 64;
  int n = 0;
  if ((x >> 32) == 0) { n += 32; x <<= 32; }
  if ((x >> 48) == 0) { n += 16; x <<= 16; }
  if ((x >> 56) == 0) { n += 8; x <<= 8; }
  if ((x >> 60) == 0) { n += 4; x <<= 4; }
  if ((x >> 62) == 0) { n += 2; x <<= 2; }
  if ((x >> 63) == 0) { n += 1; }
  return n;
}

// The smallest unsigned type of at least `Bits` bits.
template <int Bits>
using uint_least_t = std::conditional_t<
    (Bits <= 8), std::uint8_t,
    std::conditional_t<(Bits <= 16), std::uint16_t,
                       std::conditional_t<(Bits <= 32), std::uint32_t, std::uint64_t>>>;

}  // namespace detail
}  // namespace lowp
