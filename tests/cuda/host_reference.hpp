// The host's results, for the GPU test to compare the device with. These functions are
// compiled by the C++ compiler in host_reference.cpp, not by nvcc, so the reference is the
// library exactly as a host program gets it (its bulk paths included), split over all
// cores.
#pragma once

#include <lowp/bulk.hpp>

#include <cstddef>

namespace lowp_cuda_test {

// dst[i] = lowp::convert<To>(src[i], mode, policy), through the bulk lowp::convert.
template <class From, class To>
void host_convert(const From* src, To* dst, std::size_t n, lowp::rounding mode, lowp::overflow policy);

// lowp::check_conversion<To>(src, n, mode, policy).
template <class To>
lowp::conversion_stats host_check(const float* src, std::size_t n, lowp::rounding mode, lowp::overflow policy);

// Both are defined, and instantiated for float <-> every format of lowp_test::every_type,
// in host_reference.cpp.

}  // namespace lowp_cuda_test
