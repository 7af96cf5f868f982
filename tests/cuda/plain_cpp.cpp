// The CUDA headers compiled by a plain C++ compiler: they must include nothing from the
// CUDA toolkit and declare nothing CUDA-specific, so a C++-only build is unaffected.
#include <catch2/catch.hpp>

#include <lowp/cuda.hpp>
#include <lowp/cuda_cast.cuh>

// Each toolkit header defines its include guard or a feature macro; none may be present.
#if defined(__CUDA_FP16_H__) || defined(__CUDA_BF16_H__) || defined(__CUDA_FP8_H__) || \
    defined(__CUDA_RUNTIME_H__) || defined(__CUDA_RUNTIME_API_H__) || defined(__DRIVER_TYPES_H__)
#error "a CUDA toolkit header was included by a plain C++ compilation"
#endif

static_assert(LOWP_CUDA == 0 && LOWP_CUDA_ARCH == 0, "not a CUDA compilation");

TEST_CASE("cuda headers compiled without a CUDA compiler are the host library only", "[cuda][plain]") {
  // The host library is fully there.
  const lowp::float16 h(0.1f);
  CHECK(h.bits() == 0x2e66);
  float src[3] = {1.0f, 65520.0f, -0.0f};
  lowp::float16 dst[3];
  lowp::convert(src, dst, 3);
  CHECK(dst[0].bits() == 0x3c00);
  CHECK(dst[1].bits() == 0x7c00);
  CHECK(dst[2].bits() == 0x8000);
}
