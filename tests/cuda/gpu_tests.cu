// Host vs device bit identity, on a GPU (gpu_main.cu skips the whole binary without one).
//
// The reference is the host library compiled by the C++ compiler (host_reference.cpp).
// Each device result is compared bit for bit, on the device, with the host's:
//   engine          lowp::convert in a kernel (the rounding engine compiled for the device)
//   cuda::convert   lowp::cuda::convert in a kernel (hardware instructions + fix-ups)
//   kernel          the tensor cast lowp::cuda::convert(src, dst, n, ...)
// and the device statistics (lowp::cuda::check_conversion) with lowp::check_conversion.
//
// Narrowing covers all 2^32 floats for every format (lowp_test::every_type), rounding mode
// and overflow policy (LOWP_TEST_EXHAUSTIVE=OFF: 2^24 floats spread over the whole range);
// widening covers every encoding; interop, every format that has a CUDA type. Each case prints one summary line for tests/cuda/RESULTS.md.
#include <catch2/catch.hpp>

#include <lowp/cuda_cast.cuh>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "host_reference.hpp"
#include "format_test_case.hpp"
#include "lowp_test.hpp"
#include "native_types.hpp"

using lowp::float16;
using lowp::overflow;
using lowp::rounding;

namespace {

void cuda_check(cudaError_t e) {
  INFO("CUDA error: " << cudaGetErrorString(e));
  REQUIRE(e == cudaSuccess);
}

template <class T>
class device_buffer {
 public:
  explicit device_buffer(std::size_t n) { cuda_check(cudaMalloc(&p_, n * sizeof(T) + 16)); }
  ~device_buffer() { cudaFree(p_); }
  device_buffer(const device_buffer&) = delete;
  device_buffer& operator=(const device_buffer&) = delete;
  T* get() const { return p_; }

 private:
  T* p_ = nullptr;
};

template <class T>
class pinned_buffer {
 public:
  explicit pinned_buffer(std::size_t n) { cuda_check(cudaMallocHost(&p_, n * sizeof(T) + 16)); }
  ~pinned_buffer() { cudaFreeHost(p_); }
  pinned_buffer(const pinned_buffer&) = delete;
  pinned_buffer& operator=(const pinned_buffer&) = delete;
  T* get() const { return p_; }

 private:
  T* p_ = nullptr;
};

template <class T>
LOWP_HOST_DEVICE std::uint32_t bits_of(T x) {
  if constexpr (std::is_same<T, float>::value) {
    return lowp::detail::bit_cast<std::uint32_t>(x);
  } else {
    return x.bits();
  }
}

// Up to 8 mismatches, with the input and both results, and how many there were.
struct mismatch_log {
  unsigned long long count;
  std::uint32_t input[8], got[8], want[8];
};

std::string describe(const mismatch_log& log) {
  std::string s = std::to_string(log.count) + " mismatches";
  for (unsigned long long k = 0; k < log.count && k < 8; ++k) {
    s += "\n  input " + lowp_test::hex(log.input[k]) + ": device " + lowp_test::hex(log.got[k]) + ", host " +
         lowp_test::hex(log.want[k]);
  }
  return s;
}

constexpr unsigned threads_per_block = 256;
unsigned blocks_for(std::size_t n) {
  const std::size_t blocks = (n + threads_per_block - 1) / threads_per_block;
  return static_cast<unsigned>(blocks < 8192 ? (blocks > 0 ? blocks : 1) : 8192);
}

template <class T>
__global__ void engine_narrow(const float* in, T* out, std::size_t n, rounding mode, overflow policy) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    out[i] = lowp::convert<T>(in[i], mode, policy);
  }
}
template <class T>
__global__ void fast_narrow(const float* in, T* out, std::size_t n, rounding mode, overflow policy) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    out[i] = lowp::cuda::convert<T>(in[i], mode, policy);
  }
}
template <class T>
__global__ void engine_widen(const T* in, float* out, std::size_t n) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    out[i] = in[i];  // basic_float::operator float: the engine's widen
  }
}
template <class T>
__global__ void fast_widen(const T* in, float* out, std::size_t n) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    out[i] = lowp::cuda::convert<float>(in[i]);
  }
}
template <class In, class Out>
__global__ void compare(const In* in, const Out* got, const Out* want, std::size_t n, mismatch_log* log) {
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < n; i += std::size_t{gridDim.x} * blockDim.x) {
    const std::uint32_t g = bits_of(got[i]), w = bits_of(want[i]);
    if (g != w) {
      const unsigned long long k = atomicAdd(&log->count, 1ull);
      if (k < 8) {
        log->input[k] = bits_of(in[i]);
        log->got[k] = g;
        log->want[k] = w;
      }
    }
  }
}
// Every encoding of T, and lowp's value of it against CUDA's own device conversion of the
// same bits to its type and to float (NaN aside); failures counted.
template <class T>
__global__ void interop_on_device(std::size_t count, unsigned long long* failures) {
  using N = lowp::cuda::native_t<T>;
  for (std::size_t i = std::size_t{blockIdx.x} * blockDim.x + threadIdx.x; i < count; i += std::size_t{gridDim.x} * blockDim.x) {
    const T x = T::from_bits(static_cast<typename T::storage_type>(i));
    const N native = x;
    const T back = native;
    const float mine = x;
    const float theirs = static_cast<float>(native);
    const bool bad = back.bits() != x.bits() || (!isnan(x) && bits_of(mine) != bits_of(theirs));
    if (bad) atomicAdd(failures, 1ull);
  }
}

// How many encodings T has (2^16 ... 2^4).
template <class T>
constexpr std::size_t encodings = std::size_t{1} << lowp_test::shape<T>::total_bits;

struct mode_and_policy {
  rounding mode;
  overflow policy;
};
std::vector<mode_and_policy> all_modes_and_policies() {
  std::vector<mode_and_policy> v;
  for (const rounding m : lowp_test::all_modes) {
    for (const overflow o : lowp_test::all_policies) v.push_back({m, o});
  }
  return v;
}

// float -> T over all 2^32 floats (or the sample), chunk by chunk; every mode and policy
// is checked on a chunk before the next one is generated.
template <class T>
void sweep_narrowing() {
  const std::uint64_t total = lowp_test::exhaustive ? std::uint64_t{1} << 32 : std::uint64_t{1} << 24;
  // The sample walks the 32-bit space with an odd step, i.e. spread over every binade.
  const std::uint32_t step = lowp_test::exhaustive ? 1u : 0x9e3779b1u;
  const std::size_t chunk = std::size_t{1} << 26;
  const auto combos = all_modes_and_policies();
  constexpr int paths = 3;
  const char* path_names[paths] = {"engine", "cuda::convert", "kernel"};

  pinned_buffer<float> src(chunk);
  pinned_buffer<T> want(chunk);
  device_buffer<float> d_src(chunk);
  device_buffer<T> d_want(chunk), d_got(chunk);
  device_buffer<mismatch_log> logs(combos.size() * paths);
  cuda_check(cudaMemset(logs.get(), 0, combos.size() * paths * sizeof(mismatch_log)));
  std::vector<std::uint64_t> stats_failures(combos.size(), 0);
  std::vector<std::string> stats_first(combos.size());

  for (std::uint64_t first = 0; first < total; first += chunk) {
    const std::size_t n = static_cast<std::size_t>(total - first < chunk ? total - first : chunk);
    for (std::size_t i = 0; i < n; ++i) {
      src.get()[i] = lowp::detail::bit_cast<float>(static_cast<std::uint32_t>((first + i) * step));
    }
    cuda_check(cudaMemcpy(d_src.get(), src.get(), n * sizeof(float), cudaMemcpyHostToDevice));
    for (std::size_t c = 0; c < combos.size(); ++c) {
      const auto [mode, policy] = combos[c];
      lowp_cuda_test::host_convert(src.get(), want.get(), n, mode, policy);
      cuda_check(cudaMemcpy(d_want.get(), want.get(), n * sizeof(T), cudaMemcpyHostToDevice));
      for (int p = 0; p < paths; ++p) {
        if (p == 0) engine_narrow<T><<<blocks_for(n), threads_per_block>>>(d_src.get(), d_got.get(), n, mode, policy);
        if (p == 1) fast_narrow<T><<<blocks_for(n), threads_per_block>>>(d_src.get(), d_got.get(), n, mode, policy);
        if (p == 2) cuda_check(lowp::cuda::convert(d_src.get(), d_got.get(), n, nullptr, mode, policy));
        cuda_check(cudaGetLastError());
        compare<<<blocks_for(n), threads_per_block>>>(d_src.get(), d_got.get(), d_want.get(), n,
                                                      logs.get() + c * paths + static_cast<std::size_t>(p));
        cuda_check(cudaGetLastError());
      }
      lowp::conversion_stats device_stats;
      cuda_check(lowp::cuda::check_conversion<T>(d_src.get(), n, device_stats, nullptr, mode, policy));
      const auto host_stats = lowp_cuda_test::host_check<T>(src.get(), n, mode, policy);
      const bool same = device_stats.nan == host_stats.nan && device_stats.overflow == host_stats.overflow &&
                        device_stats.underflow == host_stats.underflow &&
                        device_stats.subnormal == host_stats.subnormal && device_stats.inexact == host_stats.inexact;
      if (!same && stats_failures[c]++ == 0) {
        stats_first[c] = "chunk at " + std::to_string(first) + ": device inexact " +
                         std::to_string(device_stats.inexact) + " host " + std::to_string(host_stats.inexact) +
                         ", overflow " + std::to_string(device_stats.overflow) + "/" +
                         std::to_string(host_stats.overflow);
      }
    }
    cuda_check(cudaDeviceSynchronize());
  }

  std::vector<mismatch_log> results(combos.size() * paths);
  cuda_check(cudaMemcpy(results.data(), logs.get(), results.size() * sizeof(mismatch_log), cudaMemcpyDeviceToHost));
  for (std::size_t c = 0; c < combos.size(); ++c) {
    const auto [mode, policy] = combos[c];
    std::printf("narrow float -> %s %s/%s: %llu inputs; mismatches: engine %llu, cuda::convert %llu, kernel %llu;"
                " statistics chunks differing %llu\n",
                lowp_test::format_name<T>(), lowp_test::mode_name(mode), lowp_test::policy_name(policy),
                static_cast<unsigned long long>(total), results[c * paths].count, results[c * paths + 1].count,
                results[c * paths + 2].count, static_cast<unsigned long long>(stats_failures[c]));
    for (int p = 0; p < paths; ++p) {
      const auto& log = results[c * paths + static_cast<std::size_t>(p)];
      INFO(lowp_test::format_name<T>() << " " << lowp_test::mode_name(mode) << "/"
                                       << lowp_test::policy_name(policy) << " " << path_names[p] << ": "
                                       << describe(log));
      CHECK(log.count == 0);
    }
    INFO("statistics " << lowp_test::mode_name(mode) << "/" << lowp_test::policy_name(policy) << ": "
                       << stats_first[c]);
    CHECK(stats_failures[c] == 0);
  }
}

// T -> float for every encoding.
template <class T>
void check_widening() {
  const std::size_t n = encodings<T>;
  std::vector<T> src(n);
  std::vector<float> want(n);
  for (std::size_t i = 0; i < n; ++i) src[i] = T::from_bits(static_cast<typename T::storage_type>(i));
  lowp_cuda_test::host_convert(src.data(), want.data(), n, rounding::to_nearest_even, overflow::ieee);
  device_buffer<T> d_src(n);
  device_buffer<float> d_want(n), d_got(n);
  device_buffer<mismatch_log> logs(3);
  cuda_check(cudaMemset(logs.get(), 0, 3 * sizeof(mismatch_log)));
  cuda_check(cudaMemcpy(d_src.get(), src.data(), n * sizeof(T), cudaMemcpyHostToDevice));
  cuda_check(cudaMemcpy(d_want.get(), want.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  for (int p = 0; p < 3; ++p) {
    if (p == 0) engine_widen<T><<<blocks_for(n), threads_per_block>>>(d_src.get(), d_got.get(), n);
    if (p == 1) fast_widen<T><<<blocks_for(n), threads_per_block>>>(d_src.get(), d_got.get(), n);
    if (p == 2) cuda_check(lowp::cuda::convert(d_src.get(), d_got.get(), n));
    cuda_check(cudaGetLastError());
    compare<<<blocks_for(n), threads_per_block>>>(d_src.get(), d_got.get(), d_want.get(), n, logs.get() + p);
  }
  mismatch_log results[3];
  cuda_check(cudaMemcpy(results, logs.get(), sizeof results, cudaMemcpyDeviceToHost));
  std::printf("widen %s -> float: %zu encodings; mismatches: engine %llu, cuda::convert %llu, kernel %llu\n",
              lowp_test::format_name<T>(), n, results[0].count, results[1].count, results[2].count);
  for (const auto& log : results) {
    INFO(lowp_test::format_name<T>() << " -> float: " << describe(log));
    CHECK(log.count == 0);
  }
}

}  // namespace

LOWP_FORMAT_TEST_CASE("device narrowing is bit-identical to the host for every float, mode and policy",
                        "[gpu][narrow]", lowp_test::every_type) {
  sweep_narrowing<TestType>();
}

LOWP_FORMAT_TEST_CASE("device widening is bit-identical to the host for every encoding", "[gpu][widen]",
                        lowp_test::every_type) {
  check_widening<TestType>();
}

LOWP_FORMAT_TEST_CASE("interop conversions on the device agree with CUDA's own", "[gpu][interop]",
                        lowp_cuda_test::every_native_type) {
  using T = TestType;
  const std::size_t count = encodings<T>;
  device_buffer<unsigned long long> failures(1);
  cuda_check(cudaMemset(failures.get(), 0, sizeof(unsigned long long)));
  interop_on_device<T><<<blocks_for(count), threads_per_block>>>(count, failures.get());
  cuda_check(cudaGetLastError());
  unsigned long long host_failures = 1;
  cuda_check(cudaMemcpy(&host_failures, failures.get(), sizeof host_failures, cudaMemcpyDeviceToHost));
  CHECK(host_failures == 0);
}

namespace {

// The tensor cast at many sizes and alignments, against the host, with guard bytes around
// the destination; two fill patterns, so an element never written cannot pass.
constexpr std::size_t cast_max = 1000003;

template <class From, class To>
void check_casts(const std::vector<From>& source, rounding mode, overflow policy) {
  constexpr std::size_t guard = 64;
  constexpr std::size_t capacity = (cast_max + 2 * guard + 16) * sizeof(To);
  const std::size_t sizes[] = {1, 2, 3, 5, 8, 9, 15, 16, 17, 31, 33, 64, 100, 255, 1000, 4097, 65536 + 3, cast_max};
  REQUIRE(source.size() >= cast_max);
  device_buffer<From> d_src(cast_max + 16);
  device_buffer<unsigned char> d_dst(capacity);
  std::vector<unsigned char> got(capacity);
  std::vector<To> want(cast_max);
  std::uint64_t failures = 0, cases = 0;
  std::string first;
  for (const std::size_t n : sizes) {
    lowp_cuda_test::host_convert(source.data(), want.data(), n, mode, policy);
    // Every alignment for the small sizes, a few for the large ones.
    const std::size_t src_offsets = n <= 4097 ? 16 / sizeof(From) : 2, dst_offsets = n <= 4097 ? 16 / sizeof(To) : 2;
    for (std::size_t s = 0; s < src_offsets; ++s) {
      cuda_check(cudaMemcpy(d_src.get() + s, source.data(), n * sizeof(From), cudaMemcpyHostToDevice));
      for (std::size_t d = 0; d < dst_offsets; ++d) {
        for (const int fill : {0x5a, 0xa5}) {
          const std::size_t bytes = (n + 2 * guard + 16) * sizeof(To);
          cuda_check(cudaMemset(d_dst.get(), fill, bytes));
          To* dst = reinterpret_cast<To*>(d_dst.get()) + guard + d;
          cuda_check(lowp::cuda::convert(d_src.get() + s, dst, n, nullptr, mode, policy));
          cuda_check(cudaMemcpy(got.data(), d_dst.get(), bytes, cudaMemcpyDeviceToHost));
          const std::size_t begin = (guard + d) * sizeof(To), end = begin + n * sizeof(To);
          bool ok = std::memcmp(got.data() + begin, want.data(), n * sizeof(To)) == 0;
          for (std::size_t b = 0; b < bytes; ++b) ok = ok && (b >= begin && b < end ? true : got[b] == fill);
          ++cases;
          if (!ok && failures++ == 0) {
            first = "n=" + std::to_string(n) + " src+" + std::to_string(s) + " dst+" + std::to_string(d);
          }
        }
      }
    }
  }
  INFO(lowp_test::mode_name(mode) << "/" << lowp_test::policy_name(policy) << ": " << cases
                                  << " cases, first failure " << first);
  CHECK(failures == 0);
}

}  // namespace

LOWP_FORMAT_TEST_CASE("the tensor cast handles any n and alignment", "[gpu][cast]", lowp_test::every_type) {
  using T = TestType;
  std::mt19937 rng(7);
  std::vector<float> floats(cast_max);
  for (auto& x : floats) x = lowp::detail::bit_cast<float>(static_cast<std::uint32_t>(rng()));
  std::vector<T> values(cast_max);
  for (auto& x : values) x = T::from_bits(static_cast<typename T::storage_type>(rng()));
  for (const auto& [mode, policy] : all_modes_and_policies()) check_casts<float, T>(floats, mode, policy);
  check_casts<T, float>(values, rounding::to_nearest_even, overflow::ieee);
}

TEST_CASE("bad arguments give an error code and leave no error behind", "[gpu][errors]") {
  const std::size_t n = 1000;
  device_buffer<float> d_src(n);
  device_buffer<float16> d_dst(n);
  cuda_check(cudaMemset(d_src.get(), 0, n * sizeof(float)));
  int device = 0, pageable = 0;
  cuda_check(cudaGetDevice(&device));
  cuda_check(cudaDeviceGetAttribute(&pageable, cudaDevAttrPageableMemoryAccess, device));

  CHECK(lowp::cuda::convert(static_cast<const float*>(nullptr), d_dst.get(), n) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(d_src.get(), static_cast<float16*>(nullptr), n) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(d_src.get(), reinterpret_cast<float16*>(d_src.get()) + 10, n) == cudaErrorInvalidValue);
  CHECK(lowp::cuda::convert(d_src.get(), d_dst.get(), n, nullptr, static_cast<rounding>(9)) == cudaErrorInvalidValue);

  // Pageable host memory: usable only where the device can access it.
  std::vector<float> pageable_src(n, 1.0f);
  const cudaError_t from_pageable = lowp::cuda::convert(pageable_src.data(), d_dst.get(), n);
  CHECK(from_pageable == (pageable != 0 ? cudaSuccess : cudaErrorInvalidValue));
  // Pinned host memory is mapped into the device's address space; managed memory migrates.
  pinned_buffer<float> pinned(n);
  for (std::size_t i = 0; i < n; ++i) pinned.get()[i] = 2.0f;
  CHECK(lowp::cuda::convert(pinned.get(), d_dst.get(), n) == cudaSuccess);
  cuda_check(cudaDeviceSynchronize());
  float16 first;
  cuda_check(cudaMemcpy(&first, d_dst.get(), sizeof first, cudaMemcpyDeviceToHost));
  CHECK(first.bits() == 0x4000);
  float* managed = nullptr;
  cuda_check(cudaMallocManaged(&managed, n * sizeof(float)));
  for (std::size_t i = 0; i < n; ++i) managed[i] = 3.0f;
  CHECK(lowp::cuda::convert(managed, d_dst.get(), n) == cudaSuccess);
  cuda_check(cudaDeviceSynchronize());
  cuda_check(cudaFree(managed));

  lowp::conversion_stats stats;
  CHECK(lowp::cuda::check_conversion<float16>(nullptr, n, stats) == cudaErrorInvalidValue);
  // None of the rejected calls left a sticky or pending error.
  CHECK(cudaGetLastError() == cudaSuccess);
  CHECK(cudaDeviceSynchronize() == cudaSuccess);
}
