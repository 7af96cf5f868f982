// Lists of lowp types by width, taken from every format of the table (formats.hpp's
// every_type / every_arithmetic_type), for the tests whose cost depends on the width: the
// 16-bit formats get sampled or hidden long runs, the formats of at most 8 bits every pair
// (65,536 pairs per operation at 8 bits, 4,096 at 6 bits, 256 at 4 bits).
#pragma once

#include <tuple>
#include <type_traits>

#include "formats.hpp"

namespace lowp_test {

// The types of Types whose total width is in [Low, High] bits, in table order.
template <int Low, int High, class Types, class Kept = std::tuple<>>
struct types_of_widths;
template <int Low, int High, class... Kept>
struct types_of_widths<Low, High, std::tuple<>, std::tuple<Kept...>> {
  using type = std::tuple<Kept...>;
};
template <int Low, int High, class T, class... Rest, class... Kept>
struct types_of_widths<Low, High, std::tuple<T, Rest...>, std::tuple<Kept...>>
    : types_of_widths<Low, High, std::tuple<Rest...>,
                      std::conditional_t<shape<T>::total_bits >= Low && shape<T>::total_bits <= High,
                                         std::tuple<Kept..., T>, std::tuple<Kept...>>> {};

// The types T of Types for which Keep<T>::value holds, in table order.
template <template <class> class Keep, class Types, class Kept = std::tuple<>>
struct types_where;
template <template <class> class Keep, class... Kept>
struct types_where<Keep, std::tuple<>, std::tuple<Kept...>> {
  using type = std::tuple<Kept...>;
};
template <template <class> class Keep, class T, class... Rest, class... Kept>
struct types_where<Keep, std::tuple<T, Rest...>, std::tuple<Kept...>>
    : types_where<Keep, std::tuple<Rest...>,
                  std::conditional_t<Keep<T>::value, std::tuple<Kept..., T>, std::tuple<Kept...>>> {};

template <class T>
struct has_nan_encoding : std::integral_constant<bool, shape<T>::has_nan> {};

// float16 and bfloat16.
using every_sixteen_bit_type = typename types_of_widths<16, 16, every_type>::type;
// The formats of at most 8 bits (small enough for every pair), and those with arithmetic:
// the FP8 formats (E8M0 only in the first), FP6 and FP4.
using every_byte_type = typename types_of_widths<1, 8, every_type>::type;
using every_byte_arithmetic_type = typename types_of_widths<1, 8, every_arithmetic_type>::type;
// The formats with arithmetic that have a NaN encoding (all but FP6 and FP4).
using every_arithmetic_type_with_nan = typename types_where<has_nan_encoding, every_arithmetic_type>::type;

}  // namespace lowp_test
