// test_cuda_interop_mx: lowp/cuda.hpp's interop for the OCP MX types, compiled by nvcc and
// run on the CPU (no GPU needed): float8_e8m0fnu / __nv_fp8_e8m0, float6_e2m3fn /
// __nv_fp6_e2m3, float6_e3m2fn / __nv_fp6_e3m2, float4_e2m1fn / __nv_fp4_e2m1.
//
// For every encoding: lowp -> CUDA -> lowp gives the same bits, by the implicit conversion
// and by to_native; the CUDA object stores lowp's bits; CUDA's own widening of the CUDA
// object gives lowp's value (NaN: NaN on both sides); and a CUDA object whose spare high
// bits are set (fp6, fp4) converts to the lowp value of its low bits. Exits 1 on a failure.
#include <lowp/cuda.hpp>

#include <cstdint>
#include <cstdio>

namespace {

float from_half(__half_raw h) { return static_cast<float>(lowp::float16::from_bits(h.x)); }
float cuda_to_float(__nv_fp8_e8m0 x) { return static_cast<float>(lowp::bfloat16::from_bits(__nv_cvt_e8m0_to_bf16raw(x.__x).x)); }
float cuda_to_float(__nv_fp6_e2m3 x) { return from_half(__nv_cvt_fp6_to_halfraw(x.__x, __NV_E2M3)); }
float cuda_to_float(__nv_fp6_e3m2 x) { return from_half(__nv_cvt_fp6_to_halfraw(x.__x, __NV_E3M2)); }
float cuda_to_float(__nv_fp4_e2m1 x) { return from_half(__nv_cvt_fp4_to_halfraw(x.__x, __NV_E2M1)); }

std::uint32_t bits_of(float x) { return lowp::detail::bit_cast<std::uint32_t>(x); }

template <class T>
unsigned check_every_encoding() {
  using N = lowp::cuda::native_t<T>;
  constexpr unsigned bits = T::format_type::total_bits;
  unsigned failures = 0;
  for (unsigned u = 0; u < 256; ++u) {
    const unsigned low = u & ((1u << bits) - 1u);
    N raw;  // a CUDA object holding u, spare high bits included
    raw.__x = static_cast<__nv_fp8_storage_t>(u);
    const T from_raw = raw;
    bool ok = from_raw.bits() == low;
    if (u == low) {
      const T x = T::from_bits(static_cast<typename T::storage_type>(u));
      const N native = x;
      const T back = native;
      const N spelled = lowp::cuda::to_native(x);
      const T back_spelled = spelled;
      const float mine = x, theirs = cuda_to_float(native);
      ok = ok && native.__x == u && back.bits() == u && back_spelled.bits() == u &&
           (isnan(x) ? (mine != mine && theirs != theirs) : bits_of(mine) == bits_of(theirs));
    }
    if (!ok) {
      if (failures < 4) std::printf("  %s: CUDA object 0x%02x fails\n", lowp::type_name<T>, u);
      ++failures;
    }
  }
  std::printf("%-15s <-> CUDA: 256 CUDA objects, %u encodings, %u failures\n", lowp::type_name<T>, 1u << bits,
              failures);
  return failures;
}

}  // namespace

int main() {
  const unsigned failures = check_every_encoding<lowp::float8_e8m0fnu>() + check_every_encoding<lowp::float6_e2m3fn>() +
                            check_every_encoding<lowp::float6_e3m2fn>() + check_every_encoding<lowp::float4_e2m1fn>();
  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  return failures == 0 ? 0 : 1;
}
