// Compile-only: building this file is the test. It is compiled by nvcc with -std=c++17 and
// -std=c++20, and once more with every __CUDA_NO_*__ macro of cuda_fp16.h, cuda_bf16.h,
// cuda_fp8.h, cuda_fp6.h and cuda_fp4.h defined, warnings as errors
// (tests/cuda/CMakeLists.txt).
//
// It checks that the whole public API is callable from device code, that the lowp types
// work in __shared__ memory, and the interop contract: implicit conversions both ways
// between each lowp type and its CUDA type, and none between unrelated ones.
#include <lowp/cuda_cast.cuh>

#include <cstdint>
#include <type_traits>

using lowp::bfloat16;
using lowp::float16;
using lowp::float8_e4m3fn;
using lowp::float8_e5m2;
using lowp::float4_e2m1fn;
using lowp::float6_e2m3fn;
using lowp::float6_e3m2fn;
using lowp::float8_e3m4;
using lowp::float8_e4m3;
using lowp::float8_e4m3fnuz;
using lowp::float8_e5m2fnuz;
using lowp::float8_e8m0fnu;

namespace {

// Trivial types, so __shared__ arrays of them need no constructor.
static_assert(std::is_trivial<float16>::value && std::is_trivial<bfloat16>::value, "");
static_assert(std::is_trivial<float8_e4m3fn>::value && std::is_trivial<float8_e5m2>::value, "");
static_assert(std::is_trivial<float8_e8m0fnu>::value && std::is_trivial<float6_e2m3fn>::value &&
                  std::is_trivial<float6_e3m2fn>::value && std::is_trivial<float4_e2m1fn>::value,
              "");

template <class Lowp, class Cuda>
constexpr bool interop_ok() {
  return std::is_convertible<Lowp, Cuda>::value && std::is_convertible<Cuda, Lowp>::value &&
         std::is_same<lowp::cuda::native_t<Lowp>, Cuda>::value && sizeof(Lowp) == sizeof(Cuda) &&
         alignof(Lowp) == alignof(Cuda) && std::is_nothrow_constructible<Lowp, Cuda>::value;
}
static_assert(interop_ok<float16, __half>(), "float16 <-> __half");
static_assert(interop_ok<bfloat16, __nv_bfloat16>(), "bfloat16 <-> __nv_bfloat16");
static_assert(interop_ok<float8_e4m3fn, __nv_fp8_e4m3>(), "float8_e4m3fn <-> __nv_fp8_e4m3");
static_assert(interop_ok<float8_e5m2, __nv_fp8_e5m2>(), "float8_e5m2 <-> __nv_fp8_e5m2");
// The OCP MX types (CUDA 12.8 and later; this check needs them).
static_assert(interop_ok<float8_e8m0fnu, __nv_fp8_e8m0>(), "float8_e8m0fnu <-> __nv_fp8_e8m0");
static_assert(interop_ok<float6_e2m3fn, __nv_fp6_e2m3>(), "float6_e2m3fn <-> __nv_fp6_e2m3");
static_assert(interop_ok<float6_e3m2fn, __nv_fp6_e3m2>(), "float6_e3m2fn <-> __nv_fp6_e3m2");
static_assert(interop_ok<float4_e2m1fn, __nv_fp4_e2m1>(), "float4_e2m1fn <-> __nv_fp4_e2m1");
// A CUDA type converts implicitly only to the lowp type of the same encoding.
static_assert(!std::is_convertible<__half, bfloat16>::value && !std::is_convertible<__nv_bfloat16, float16>::value, "");
static_assert(!std::is_convertible<__nv_fp8_e4m3, float8_e5m2>::value, "");
static_assert(!std::is_convertible<__nv_fp8_e5m2, float8_e4m3fn>::value, "");
static_assert(!std::is_convertible<__half, float8_e5m2>::value && !std::is_convertible<__nv_fp8_e5m2, float16>::value, "");
static_assert(!std::is_convertible<__nv_fp6_e2m3, float6_e3m2fn>::value &&
                  !std::is_convertible<__nv_fp6_e3m2, float6_e2m3fn>::value, "");
static_assert(!std::is_convertible<__nv_fp4_e2m1, float6_e2m3fn>::value &&
                  !std::is_convertible<float4_e2m1fn, __nv_fp6_e2m3>::value, "");
static_assert(!std::is_convertible<__nv_fp8_e8m0, float8_e4m3fn>::value &&
                  !std::is_convertible<__nv_fp8_e4m3, float8_e8m0fnu>::value &&
                  !std::is_convertible<float8_e8m0fnu, __nv_fp8_e5m2>::value, "");
// The fnuz and IEEE-like fp8 formats have no CUDA type: nothing converts implicitly.
static_assert(!std::is_convertible<__nv_fp8_e4m3, float8_e4m3fnuz>::value &&
                  !std::is_convertible<__nv_fp8_e4m3, float8_e4m3>::value &&
                  !std::is_convertible<float8_e5m2fnuz, __nv_fp8_e5m2>::value, "");
// The host library's own rules are unchanged.
static_assert(!std::is_convertible<float, float16>::value && std::is_convertible<float16, float>::value, "");

}  // namespace

// Every public function, in device code. The results are stored so nothing is dead.
__global__ void every_function(const float* in, std::uint32_t* out, __half* half_out, std::size_t n) {
  __shared__ float16 halves[64];
  __shared__ float8_e4m3fn bytes[64];
  const std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x;
  const float x = i < n ? in[i] : 0.0f;
  const unsigned lane = threadIdx.x % 64;

  // Construction and the scalar conversions, host engine and device paths.
  const float16 h(x);
  const bfloat16 b = lowp::convert<bfloat16>(static_cast<double>(x), lowp::rounding::upward);
  const float8_e5m2 e5 = lowp::saturate_cast<float8_e5m2>(x);
  const float8_e4m3fn e4 = lowp::cuda::convert<float8_e4m3fn>(x, lowp::rounding::to_nearest_even,
                                                             lowp::overflow::saturate);
  const bfloat16 r = lowp::stochastic_round<bfloat16>(x, static_cast<std::uint32_t>(i * 2654435761u));
  const float16 from_int = lowp::convert<float16>(static_cast<long long>(i));
  const float16 fast = lowp::cuda::convert<float16>(x, lowp::rounding::toward_zero);
  const float widened = lowp::cuda::convert<float>(fast) + lowp::convert<float>(e4);
  const double wide = lowp::convert<double>(b);
  halves[lane] = h;
  bytes[lane] = e4;
  __syncthreads();

  // Arithmetic, comparisons, mixed types.
  float16 acc = halves[(lane + 1) % 64] * h + from_int;
  acc += 1;
  acc -= float16(0.5f);
  ++acc;
  const float16 widened_e4 = bytes[(lane + 3) % 64];  // fp8 -> float16 is implicit
  const float16 mixed = acc / widened_e4 - (-h);
  const float mixed_float = mixed + 1.0f;
  const bool ordered = (h < acc) || (h == mixed) || (acc >= h) || (h != h);

  // Classification.
  const int classes = isnan(h) + isinf(b) + isfinite(e5) + isnormal(e4) + issubnormal(r) + iszero(mixed) +
                      signbit(acc) + issignaling(h) + fpclassify(b);

  // Interop: lowp values where CUDA's types are expected and back.
  const __half as_half = fast;
  const __nv_bfloat16 as_bf16 = b;
  const __nv_fp8_e4m3 as_e4m3 = e4;
  const __nv_fp8_e5m2 as_e5m2 = e5;
  const float16 back = __hmul(as_half, acc);          // the result __half converts back implicitly
  const bfloat16 back_b = __hadd(as_bf16, b);         // and a bfloat16 passes as __nv_bfloat16
  const float8_e4m3fn back_e4 = as_e4m3;
  const float8_e5m2 back_e5 = as_e5m2;
  half_out[i % 64] = lowp::cuda::to_native(back);  // `= back` is ambiguous: see cuda.hpp
  const __half direct(back), cast = static_cast<__half>(back);
  half_out[(i + 1) % 64] = __hadd(direct, cast);

  out[i] = static_cast<std::uint32_t>(back.bits()) + back_b.bits() + back_e4.bits() + back_e5.bits() +
           static_cast<std::uint32_t>(classes) + (ordered ? 1u : 0u) +
           lowp::detail::bit_cast<std::uint32_t>(widened + mixed_float + static_cast<float>(wide));
}

// The formats added with the OCP MX and AMD types: lowp::cuda::convert into each in a
// non-default mode and policy, the CUDA interop both ways (CUDA's own widening of the CUDA
// value, which exists whatever __CUDA_NO_FP*_CONVERSIONS__ remove), shared memory.
__global__ void new_formats(const float* in, std::uint32_t* out, std::size_t n) {
  __shared__ float4_e2m1fn nibbles[64];
  __shared__ float8_e8m0fnu scales[64];
  const std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x;
  const float x = i < n ? in[i] : 0.0f;
  const unsigned lane = threadIdx.x % 64;

  const float8_e8m0fnu scale = lowp::cuda::convert<float8_e8m0fnu>(x, lowp::rounding::upward, lowp::overflow::saturate);
  const float6_e2m3fn e2m3 = lowp::cuda::convert<float6_e2m3fn>(x, lowp::rounding::toward_zero);
  const float6_e3m2fn e3m2 = lowp::cuda::convert<float6_e3m2fn>(static_cast<double>(x), lowp::rounding::downward);
  const float4_e2m1fn e2m1 = lowp::cuda::convert<float4_e2m1fn>(x);
  const float8_e4m3fnuz fnuz = lowp::cuda::convert<float8_e4m3fnuz>(x, lowp::rounding::to_nearest_away);
  const float8_e5m2fnuz fnuz5 = lowp::saturate_cast<float8_e5m2fnuz>(x);
  const float8_e4m3 ieee4 = lowp::cuda::convert<float8_e4m3>(x, lowp::rounding::upward, lowp::overflow::saturate);
  const float8_e3m4 ieee3 = lowp::convert<float8_e3m4>(x, lowp::rounding::downward);
  nibbles[lane] = e2m1;
  scales[lane] = scale;
  __syncthreads();

  // Interop: to the CUDA types implicitly, through CUDA's widening, and back.
  const __nv_fp8_e8m0 as_e8m0 = scales[(lane + 1) % 64];
  const __nv_fp6_e2m3 as_e2m3 = e2m3;
  const __nv_fp6_e3m2 as_e3m2 = lowp::cuda::to_native(e3m2);
  const __nv_fp4_e2m1 as_e2m1 = nibbles[(lane + 5) % 64];
  const float cuda_widened =
      lowp::detail::bit_cast<float>(std::uint32_t{__nv_cvt_e8m0_to_bf16raw(as_e8m0.__x).x} << 16) +
      static_cast<float>(float16(__half(__nv_cvt_fp6_to_halfraw(as_e2m3.__x, __NV_E2M3))).bits()) +
      static_cast<float>(float16(__half(__nv_cvt_fp6_to_halfraw(as_e3m2.__x, __NV_E3M2))).bits()) +
      static_cast<float>(float16(__half(__nv_cvt_fp4_to_halfraw(as_e2m1.__x, __NV_E2M1))).bits());
  const float8_e8m0fnu back_e8m0 = as_e8m0;
  const float6_e2m3fn back_e2m3 = as_e2m3;
  const float6_e3m2fn back_e3m2 = as_e3m2;
  const float4_e2m1fn back_e2m1(as_e2m1);

  // Widening, comparisons, classification, and (not for e8m0) arithmetic.
  const float widened = lowp::cuda::convert<float>(back_e2m1) + float(back_e2m3) + float(fnuz) + float(ieee3);
  const float16 exact = back_e2m1;  // fp4 -> float16 is implicit
  const bool ordered = (back_e8m0 < scale) || (back_e2m3 == e2m3) || isnan(back_e8m0) || isinf(ieee4) ||
                       signbit(fnuz5) || iszero(back_e3m2);
  const float6_e2m3fn sum = back_e2m3 + e2m3;

  out[i] = static_cast<std::uint32_t>(back_e8m0.bits()) + back_e2m3.bits() + back_e3m2.bits() + back_e2m1.bits() +
           ieee4.bits() + fnuz5.bits() + sum.bits() + exact.bits() + (ordered ? 1u : 0u) +
           lowp::detail::bit_cast<std::uint32_t>(widened + cuda_widened);
}

// The tensor API, instantiated for every pair, mode and policy (it is a host function).
template <class T>
cudaError_t every_cast(float* wide, T* narrow, std::size_t n, cudaStream_t stream) {
  cudaError_t e = lowp::cuda::convert(wide, narrow, n, stream, lowp::rounding::downward, lowp::overflow::saturate);
  if (e == cudaSuccess) e = lowp::cuda::convert(narrow, wide, n, stream);
  lowp::conversion_stats stats;
  if (e == cudaSuccess) e = lowp::cuda::check_conversion<T>(wide, n, stats, stream, lowp::rounding::toward_zero);
  return e;
}
template cudaError_t every_cast<float16>(float*, float16*, std::size_t, cudaStream_t);
template cudaError_t every_cast<bfloat16>(float*, bfloat16*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e4m3fn>(float*, float8_e4m3fn*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e5m2>(float*, float8_e5m2*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e4m3fnuz>(float*, float8_e4m3fnuz*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e5m2fnuz>(float*, float8_e5m2fnuz*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e4m3>(float*, float8_e4m3*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e3m4>(float*, float8_e3m4*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float8_e8m0fnu>(float*, float8_e8m0fnu*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float6_e2m3fn>(float*, float6_e2m3fn*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float6_e3m2fn>(float*, float6_e3m2fn*, std::size_t, cudaStream_t);
template cudaError_t every_cast<float4_e2m1fn>(float*, float4_e2m1fn*, std::size_t, cudaStream_t);
