// Every x86 bulk kernel compiled with GCC's -Werror=vector-operation-performance (set on
// this file by tests/CMakeLists.txt): the build fails if GCC expands any vector operation
// of a kernel lane by lane.
//
// Why: the lane algorithms (lanes.hpp, counting.hpp) carry no target attribute, so GCC 12
// types their comparisons with the default target's 32-bit-lane masks. Inlined into the
// AVX-512 entry points, a comparison used directly by a select or an add is fine, but two
// such 16-lane masks combined (&, |, or nested selects GCC folds into them) have no
// AVX-512 instruction (AVX-512 compares into k registers) and are expanded per lane:
// check_conversion ran 12x slower on the avx512 path than on avx2 for that reason
// (bench/RESULTS.md). The property is about generated code, so it is checked on the
// generated code, for every kernel the dispatcher can call; no timing is involved.
#include <catch2/catch.hpp>

#include <cstddef>

#include <lowp/bulk.hpp>

#ifndef LOWP_TEST_VECTOR_CODEGEN
#define LOWP_TEST_VECTOR_CODEGEN 0
#endif

namespace bulk_test {

// Instantiates (and so compiles) every kernel of every path: convert_on and count_on
// reach each path's entry point for every mode and policy, for every format whose
// hw_traits row opts into the SIMD kernels. Never called.
template <class T>
void instantiate_kernels_of(const float* f, const double* d, T* t, float* out, std::size_t n, lowp::simd_path p,
                            lowp::rounding m, lowp::overflow o) {
  using F = typename T::format_type;
  if constexpr (lowp::hw_traits<F>::simd_lanes) {
    lowp::simd::convert_on(p, f, t, n, m, o);
    lowp::simd::convert_on(p, static_cast<const T*>(t), out, n, m, o);
    (void)lowp::simd::count_on<F>(p, f, n, m);
    if constexpr (lowp::simd::has_kernel<double, T>::value) lowp::simd::convert_on(p, d, t, n, m, o);
  }
}

void instantiate_every_kernel(const float* f, const double* d, float* out, std::size_t n, lowp::simd_path p,
                              lowp::rounding m, lowp::overflow o) {
  lowp::for_each_type([&](auto zero) {
    using T = decltype(zero);
    instantiate_kernels_of<T>(f, d, nullptr, out, n, p, m, o);
  });
}

}  // namespace bulk_test

TEST_CASE("x86 kernels: no vector operation expanded lane by lane (checked when compiled)", "[bulk][codegen]") {
  if (!LOWP_HAS_X86_DISPATCH || !LOWP_TEST_VECTOR_CODEGEN) {
    WARN("SKIPPED: the kernels' code generation is checked only by GCC on x86 "
         "(-Werror=vector-operation-performance on tests/bulk/vector_codegen.cpp)");
    return;
  }
  SUCCEED("every kernel compiled without a piecewise-expanded vector operation");
}
