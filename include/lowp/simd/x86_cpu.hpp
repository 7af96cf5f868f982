// lowp/simd/x86_cpu.hpp — what this x86 CPU and its operating system can run.
//
// An instruction set is usable when CPUID reports it AND the OS saves the registers it
// uses across context switches (XGETBV: XCR0 bits for YMM, and for the AVX-512 opmask and
// ZMM state). Read once per process by the dispatcher.
#pragma once

#include "../config.hpp"

#if LOWP_HAS_X86_DISPATCH
#include <cpuid.h>
#include <immintrin.h>

namespace lowp {
namespace simd {

struct x86_features {
  bool avx2_f16c = false;  // AVX2 + F16C: the avx2 path
  bool avx512 = false;     // AVX-512 F + BW + VL (+ AVX2, F16C): the avx512 path
  bool avx512_bf16 = false;  // ... + AVX512_BF16 (vcvtneps2bf16): the avx512bf16 path
};

inline unsigned long long read_xcr0() noexcept {
  unsigned eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<unsigned long long>(edx) << 32) | eax;
}

inline x86_features detect_x86_features() noexcept {
  x86_features f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
  const bool osxsave = (ecx >> 27) & 1u;
  const bool avx = (ecx >> 28) & 1u;
  const bool f16c = (ecx >> 29) & 1u;
  if (!osxsave || !avx) return f;
  const unsigned long long xcr0 = read_xcr0();
  const bool os_ymm = (xcr0 & 0x6u) == 0x6u;            // SSE and AVX state
  const bool os_zmm = (xcr0 & 0xe6u) == 0xe6u;          // + opmask, ZMM_Hi256, Hi16_ZMM
  if (!os_ymm) return f;

  const unsigned max_leaf = static_cast<unsigned>(__get_cpuid_max(0, nullptr));
  if (max_leaf < 7) return f;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  const bool avx2 = (ebx >> 5) & 1u;
  const bool avx512f = (ebx >> 16) & 1u;
  const bool avx512bw = (ebx >> 30) & 1u;
  const bool avx512vl = (ebx >> 31) & 1u;
  const unsigned max_subleaf = eax;
  bool bf16 = false;
  if (max_subleaf >= 1) {
    __cpuid_count(7, 1, eax, ebx, ecx, edx);
    bf16 = (eax >> 5) & 1u;
  }
  f.avx2_f16c = avx2 && f16c;
  f.avx512 = f.avx2_f16c && os_zmm && avx512f && avx512bw && avx512vl;
  f.avx512_bf16 = f.avx512 && bf16;
  return f;
}

// The floating-point control register of SSE/AVX. The bulk kernels need its IEEE
// defaults: denormals-are-zero (bit 6) and flush-to-zero (bit 15) off, since some of the
// conversion instructions honour them, and every exception masked (bits 7-12), so that
// no conversion can trap. The dispatcher sets these for the duration of one call when a
// program (e.g. one built with -ffast-math) has changed them, then restores the register.
constexpr unsigned mxcsr_daz = 1u << 6;
constexpr unsigned mxcsr_ftz = 1u << 15;
constexpr unsigned mxcsr_all_masked = 0x1f80u;

[[gnu::target("sse")]] inline unsigned read_mxcsr() noexcept { return _mm_getcsr(); }
[[gnu::target("sse")]] inline void write_mxcsr(unsigned csr) noexcept { _mm_setcsr(csr); }

class ieee_mxcsr_scope {
 public:
  ieee_mxcsr_scope() noexcept : saved_(read_mxcsr()) {
    const unsigned wanted = (saved_ | mxcsr_all_masked) & ~(mxcsr_daz | mxcsr_ftz);
    changed_ = wanted != saved_;
    if (changed_) write_mxcsr(wanted);
  }
  ~ieee_mxcsr_scope() {
    if (changed_) write_mxcsr(saved_);
  }
  ieee_mxcsr_scope(const ieee_mxcsr_scope&) = delete;
  ieee_mxcsr_scope& operator=(const ieee_mxcsr_scope&) = delete;

 private:
  unsigned saved_;
  bool changed_ = false;
};

}  // namespace simd
}  // namespace lowp
#endif  // LOWP_HAS_X86_DISPATCH
