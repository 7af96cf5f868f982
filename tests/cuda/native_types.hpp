// The formats that have a CUDA type of the same encoding (lowp::cuda::native_t: float16,
// bfloat16, the OCP FP8 pair, E8M0, FP6 and FP4), for the interop tests: the fnuz formats,
// float8_e4m3 and float8_e3m4 have none, so no interop to test.
#pragma once

#include <lowp/cuda.hpp>

#include <type_traits>

#include "format_widths.hpp"

namespace lowp_cuda_test {

template <class T, class = void>
struct has_native_type : std::false_type {};
template <class T>
struct has_native_type<T, std::void_t<typename lowp::cuda::native_type<T>::type>> : std::true_type {};

using every_native_type = typename lowp_test::types_where<has_native_type, lowp_test::every_type>::type;
// So that the list cannot shrink unnoticed: CUDA 12.8 and later (cuda_fp4.h) have the MX types.
#if __has_include(<cuda_fp4.h>)
static_assert(std::tuple_size<every_native_type>::value == 8, "CUDA has a type for eight of lowp's formats");
#else
static_assert(std::tuple_size<every_native_type>::value == 4, "CUDA before 12.8 has four of lowp's formats");
#endif

}  // namespace lowp_cuda_test
