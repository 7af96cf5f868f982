// lowp/cuda_cast.cuh — tensor cast kernels: float <-> float16 / bfloat16 / fp8 on the device.
//
//   float* x;  lowp::float16* h;  std::size_t n;          // device memory
//   cudaError_t e = lowp::cuda::convert(x, h, n, stream);                     // RNE, IEEE
//   e = lowp::cuda::convert(x, h, n, stream, lowp::rounding::toward_zero, lowp::overflow::saturate);
//   e = lowp::cuda::convert(h, x, n, stream);                                 // exact widening
//   lowp::conversion_stats s;
//   e = lowp::cuda::check_conversion<lowp::float16>(x, n, s, stream);         // waits for it
//
// Every element is bit-identical to lowp::convert on the host (and so to the host's bulk
// lowp::convert), for every input, mode and policy: each element goes through
// lowp::cuda::convert's per-element path (cuda.hpp). The kernel is a grid-stride loop in
// which each thread moves a 16-byte vector of the wider type (and 8 or 4 bytes of the
// narrower one); a scalar head and tail take what the vectors cannot (any n, any
// element-aligned pointers).
//
// Errors. The functions return a cudaError_t and never throw or abort:
//   cudaSuccess          launched (convert), or finished (check_conversion); n == 0 does
//                        nothing and succeeds whatever the pointers are.
//   cudaErrorInvalidValue  a null pointer, a pointer not aligned to its element type,
//                        memory the current device cannot access (pageable host memory on
//                        a system without pageable memory access, unmapped host memory),
//                        overlapping source and destination, n * sizeof(element) larger
//                        than the address space, or a mode / policy outside the enums.
//   cudaErrorInvalidDevice  device memory of another device than the current one.
//   anything else        the error of the CUDA call that failed (no device, launch
//                        failure, ...), as cudaGetLastError reports it after the launch.
// convert is asynchronous like a kernel launch: errors inside the kernel surface later, at
// the next synchronizing call. Argument checks query the CUDA runtime about each pointer
// (cudaPointerGetAttributes, a few microseconds per call).
//
// Include this header from a .cu file compiled by nvcc; compiled by a plain C++ compiler it
// declares nothing beyond lowp.hpp and bulk.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "bulk.hpp"
#include "cuda.hpp"

#if LOWP_CUDA

#include <cuda_runtime.h>

namespace lowp {
namespace cuda {
namespace detail {

// The supported pairs: float to a lowp type, and a lowp type to float.
template <class From, class To>
constexpr bool is_cast_pair = (std::is_same<From, float>::value && lowp::detail::is_basic_float<To>::value) ||
                              (lowp::detail::is_basic_float<From>::value && std::is_same<To, float>::value);

// Elements per vector step: 16 bytes of the wider type, so that each thread moves one
// 16-byte word of it and 8 or 4 bytes of the narrower type, and a warp's loads and stores
// each cover one contiguous block (float -> float16: 4 elements, 16 bytes in, 8 out).
template <class From, class To>
constexpr std::size_t step_elements = 16 / (sizeof(From) > sizeof(To) ? sizeof(From) : sizeof(To));

// N elements moved as one aligned unit, and the word the device moves it with.
template <class T, std::size_t N>
struct lanes {
  T value[N];
};
template <std::size_t Bytes>
using word_t = std::conditional_t<Bytes == 16, uint4, std::conditional_t<Bytes == 8, uint2, unsigned>>;

// Loads and stores of whole lanes at an address aligned to their size. The device uses
// one vector instruction (ld/st.global.v4 or .v2, or a 32-bit access); the host pass,
// which only the tests run, copies bytes, so the host compiler sees no type punning.
template <class T, std::size_t N>
LOWP_HOST_DEVICE lanes<T, N> load_lanes(const T* p) noexcept {
  using word = word_t<sizeof(lanes<T, N>)>;
  static_assert(sizeof(word) == sizeof(lanes<T, N>), "lanes of 4, 8 or 16 bytes");
#if LOWP_DEVICE_PASS
  return lowp::detail::bit_cast<lanes<T, N>>(*reinterpret_cast<const word*>(p));
#else
  lanes<T, N> r;
  std::memcpy(static_cast<void*>(&r), p, sizeof r);
  return r;
#endif
}
template <class T, std::size_t N>
LOWP_HOST_DEVICE void store_lanes(T* p, const lanes<T, N>& v) noexcept {
  using word = word_t<sizeof(lanes<T, N>)>;
  static_assert(sizeof(word) == sizeof(lanes<T, N>), "lanes of 4, 8 or 16 bytes");
#if LOWP_DEVICE_PASS
  *reinterpret_cast<word*>(p) = lowp::detail::bit_cast<word>(v);
#else
  std::memcpy(static_cast<void*>(p), &v, sizeof v);
#endif
}

// How a cast of n elements splits: `head` scalar elements until both pointers are aligned
// to their lanes' size, `steps` vectors of step_elements, then `tail` scalar elements.
// When no head aligns both pointers at once the whole range is scalar (head == n).
struct cast_plan {
  std::size_t head;
  std::size_t steps;
  std::size_t tail;
};

template <class From, class To>
inline cast_plan plan_cast(const From* src, const To* dst, std::size_t n) noexcept {
  constexpr std::size_t step = step_elements<From, To>;
  constexpr std::size_t src_bytes = step * sizeof(From), dst_bytes = step * sizeof(To);
  // Elements to skip until each side reaches a multiple of its lanes' size; both are
  // below `step`, and one head serves both sides only if they agree.
  const auto src_address = reinterpret_cast<std::uintptr_t>(src);
  const auto dst_address = reinterpret_cast<std::uintptr_t>(dst);
  const auto src_skip = static_cast<std::size_t>((src_bytes - src_address % src_bytes) % src_bytes) / sizeof(From);
  const auto dst_skip = static_cast<std::size_t>((dst_bytes - dst_address % dst_bytes) % dst_bytes) / sizeof(To);
  if (src_skip != dst_skip || n < src_skip + step) return {n, 0, 0};
  const std::size_t steps = (n - src_skip) / step;
  return {src_skip, steps, n - src_skip - steps * step};
}

// The work of one thread of a cast grid: thread `thread` of `threads` takes every
// threads-th scalar element (head, then tail) and every threads-th vector step.
template <class From, class To, rounding Mode, overflow Policy>
LOWP_HOST_DEVICE void cast_thread(const From* src, To* dst, cast_plan plan, std::size_t thread,
                                  std::size_t threads) noexcept {
  constexpr std::size_t step = step_elements<From, To>;
  const std::size_t body = plan.steps * step;
  for (std::size_t s = thread; s < plan.head + plan.tail; s += threads) {
    const std::size_t i = s < plan.head ? s : s + body;
    dst[i] = element<To, Mode, Policy>(src[i]);
  }
  for (std::size_t k = thread; k < plan.steps; k += threads) {
    const std::size_t i = plan.head + k * step;
    const lanes<From, step> in = load_lanes<From, step>(src + i);
    lanes<To, step> out;
    for (std::size_t j = 0; j < step; ++j) out.value[j] = element<To, Mode, Policy>(in.value[j]);
    store_lanes(dst + i, out);
  }
}

template <class From, class To, rounding Mode, overflow Policy>
__global__ void cast_kernel(const From* __restrict__ src, To* __restrict__ dst, cast_plan plan) {
  cast_thread<From, To, Mode, Policy>(src, dst, plan, std::size_t{blockIdx.x} * blockDim.x + threadIdx.x,
                                      std::size_t{gridDim.x} * blockDim.x);
}

// Conversion statistics: the counters of lowp::conversion_stats, per thread.
struct stat_counts {
  unsigned long long nan, overflow, underflow, subnormal, inexact;
};

// What converting x does, counted by lowp::detail::count_result (bulk.hpp) from the
// result of the same per-element path as the cast.
template <class F, rounding Mode, overflow Policy>
LOWP_HOST_DEVICE void count_element(float x, stat_counts& c) noexcept {
  const std::uint32_t bits = lowp::detail::bit_cast<std::uint32_t>(x);
  lowp::detail::count_result<F, binary32>(bits, narrow_float<F>(x, Mode, Policy), Mode, c);
}

template <class F, rounding Mode, overflow Policy>
LOWP_HOST_DEVICE void count_thread(const float* src, std::size_t n, std::size_t thread, std::size_t threads,
                                   stat_counts& c) noexcept {
  for (std::size_t i = thread; i < n; i += threads) count_element<F, Mode, Policy>(src[i], c);
}

// Per-thread counts, summed over each warp with shuffles, then one atomic add per warp
// and counter. blockDim.x is a multiple of 32 and every thread reaches the reduction.
template <class F, rounding Mode, overflow Policy>
__global__ void count_kernel(const float* __restrict__ src, std::size_t n, stat_counts* __restrict__ total) {
  stat_counts c{0, 0, 0, 0, 0};
  count_thread<F, Mode, Policy>(src, n, std::size_t{blockIdx.x} * blockDim.x + threadIdx.x,
                                std::size_t{gridDim.x} * blockDim.x, c);
  unsigned long long* counters[] = {&c.nan, &c.overflow, &c.underflow, &c.subnormal, &c.inexact};
  unsigned long long* totals[] = {&total->nan, &total->overflow, &total->underflow, &total->subnormal,
                                  &total->inexact};
#pragma unroll
  for (int k = 0; k < 5; ++k) {
    unsigned long long v = *counters[k];
#pragma unroll
    for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
    if (threadIdx.x % 32 == 0 && v != 0) atomicAdd(totals[k], v);
  }
}

constexpr int block_threads = 256;

// A grid that fills the device once (the loops stride over the rest), or less for small
// work.
template <class Kernel>
inline cudaError_t grid_size(Kernel kernel, std::size_t work, unsigned& blocks) noexcept {
  int device = 0, processors = 0, per_processor = 0;
  cudaError_t e = cudaGetDevice(&device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&processors, cudaDevAttrMultiProcessorCount, device);
  if (e == cudaSuccess) e = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_processor, kernel, block_threads, 0);
  if (e != cudaSuccess) return e;
  const std::size_t full = static_cast<std::size_t>(processors) * static_cast<std::size_t>(per_processor > 0 ? per_processor : 1);
  const std::size_t wanted = (work + block_threads - 1) / block_threads;
  blocks = static_cast<unsigned>(wanted < full ? (wanted > 0 ? wanted : 1) : full);
  return cudaSuccess;
}

// Whether the current device can read and write `bytes` bytes at p: checked at the first
// and the last byte.
inline cudaError_t check_accessible(const void* p, std::size_t bytes) noexcept {
  int device = 0, pageable = 0;
  cudaError_t e = cudaGetDevice(&device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&pageable, cudaDevAttrPageableMemoryAccess, device);
  if (e != cudaSuccess) return e;
  const void* ends[] = {p, static_cast<const unsigned char*>(p) + (bytes - 1)};
  for (const void* q : ends) {
    cudaPointerAttributes a;
    e = cudaPointerGetAttributes(&a, q);
    if (e != cudaSuccess) return e;
    switch (a.type) {
      case cudaMemoryTypeDevice:
        if (a.device != device) return cudaErrorInvalidDevice;
        break;
      case cudaMemoryTypeManaged:
        break;
      case cudaMemoryTypeHost:  // pinned host memory: usable when mapped at its own address (UVA)
        if (a.devicePointer == nullptr || a.devicePointer != a.hostPointer) return cudaErrorInvalidValue;
        break;
      default:  // pageable host memory, or not memory at all
        if (pageable == 0) return cudaErrorInvalidValue;
        break;
    }
  }
  return cudaSuccess;
}

inline bool valid_mode(rounding mode, overflow policy) noexcept {
  const auto m = static_cast<int>(mode);
  const auto p = static_cast<int>(policy);
  return m >= 0 && m <= static_cast<int>(rounding::downward) && (p == 0 || p == 1);
}

// The argument checks shared by convert and check_conversion (n > 0).
inline cudaError_t check_arguments(const void* src, std::size_t src_size, const void* dst, std::size_t dst_size,
                                   std::size_t n, rounding mode, overflow policy) noexcept {
  const auto s = reinterpret_cast<std::uintptr_t>(src);
  const auto d = reinterpret_cast<std::uintptr_t>(dst);
  const std::size_t limit = SIZE_MAX / 8;  // room for n * sizeof and the end addresses
  if (src == nullptr || (dst_size != 0 && dst == nullptr) || n > limit || !valid_mode(mode, policy) ||
      s % src_size != 0 || (dst_size != 0 && d % dst_size != 0)) {
    return cudaErrorInvalidValue;
  }
  if (dst_size != 0 && s < d + n * dst_size && d < s + n * src_size) return cudaErrorInvalidValue;  // overlap
  cudaError_t e = check_accessible(src, n * src_size);
  if (e == cudaSuccess && dst_size != 0) e = check_accessible(dst, n * dst_size);
  return e;
}

}  // namespace detail

// convert(src, dst, n, stream, mode, policy)
//
// dst[i] = lowp::convert<To>(src[i], mode, policy) for i < n, on `stream`: float to
// float16, bfloat16, float8_e4m3fn or float8_e5m2, and back (widening is exact and ignores
// mode and policy). src and dst are device-accessible memory of the current device and do
// not overlap. Returns once the kernel is queued; see the header comment for errors.
template <class From, class To>
cudaError_t convert(const From* src, To* dst, std::size_t n, cudaStream_t stream = nullptr,
                    rounding mode = rounding::to_nearest_even, overflow policy = overflow::ieee) noexcept {
  static_assert(detail::is_cast_pair<From, To>, "lowp::cuda::convert casts float <-> a lowp type");
  if (n == 0) return cudaSuccess;
  cudaError_t e = detail::check_arguments(src, sizeof(From), dst, sizeof(To), n, mode, policy);
  if (e != cudaSuccess) return e;
  const detail::cast_plan plan = detail::plan_cast(src, dst, n);
  const std::size_t work = plan.head + plan.tail > plan.steps ? plan.head + plan.tail : plan.steps;
  lowp::with_rounding(mode, policy, [&](auto mode_c, auto policy_c) {
    const auto kernel = detail::cast_kernel<From, To, decltype(mode_c)::value, decltype(policy_c)::value>;
    unsigned blocks = 0;
    e = detail::grid_size(kernel, work, blocks);
    if (e != cudaSuccess) return;
    kernel<<<blocks, detail::block_threads, 0, stream>>>(src, dst, plan);
    e = cudaGetLastError();
  });
  return e;
}

// check_conversion<To>(src, n, stats, stream, mode, policy)
//
// Counts, on the device, what convert(src, dst, n, stream, mode, policy) would do, as
// lowp::check_conversion<To> counts it on the host, and stores the counts in `stats` (left
// unchanged on error). Synchronous: it waits for `stream`. Uses stream-ordered allocation
// (cudaMallocAsync) for the counters.
template <class To>
cudaError_t check_conversion(const float* src, std::size_t n, conversion_stats& stats, cudaStream_t stream = nullptr,
                             rounding mode = rounding::to_nearest_even, overflow policy = overflow::ieee) noexcept {
  static_assert(lowp::detail::is_basic_float<To>::value, "check_conversion<To>: To is a lowp type");
  using F = typename To::format_type;
  if (n == 0) {
    stats = conversion_stats{};
    return cudaSuccess;
  }
  cudaError_t e = detail::check_arguments(src, sizeof(float), nullptr, 0, n, mode, policy);
  if (e != cudaSuccess) return e;
  void* memory = nullptr;
  e = cudaMallocAsync(&memory, sizeof(detail::stat_counts), stream);
  if (e != cudaSuccess) return e;
  auto* counts = static_cast<detail::stat_counts*>(memory);
  detail::stat_counts host{0, 0, 0, 0, 0};
  e = cudaMemsetAsync(counts, 0, sizeof(detail::stat_counts), stream);
  if (e == cudaSuccess) {
    lowp::with_rounding(mode, policy, [&](auto mode_c, auto policy_c) {
      const auto kernel = detail::count_kernel<F, decltype(mode_c)::value, decltype(policy_c)::value>;
      unsigned blocks = 0;
      e = detail::grid_size(kernel, n, blocks);
      if (e != cudaSuccess) return;
      kernel<<<blocks, detail::block_threads, 0, stream>>>(src, n, counts);
      e = cudaGetLastError();
    });
  }
  if (e == cudaSuccess) e = cudaMemcpyAsync(&host, counts, sizeof host, cudaMemcpyDeviceToHost, stream);
  const cudaError_t freed = cudaFreeAsync(memory, stream);
  const cudaError_t synced = cudaStreamSynchronize(stream);
  if (e == cudaSuccess) e = freed != cudaSuccess ? freed : synced;
  if (e != cudaSuccess) return e;
  stats.nan = host.nan;
  stats.overflow = host.overflow;
  stats.underflow = host.underflow;
  stats.subnormal = host.subnormal;
  stats.inexact = host.inexact;
  return cudaSuccess;
}

}  // namespace cuda
}  // namespace lowp

#endif  // LOWP_CUDA
