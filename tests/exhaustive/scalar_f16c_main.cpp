// test_scalar_f16c's entry point, in a translation unit built for the baseline target: it
// asks the CPU for F16C and AVX2 before any code built with -mavx2 -mf16c runs, and exits
// 77 (CTest: skipped) when they are missing. It includes nothing but <cpuid.h> and
// <cstdio>, so it shares no inline function with the F16C translation unit.
#include <cstdio>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif

int scalar_f16c_main(int argc, char** argv);  // scalar_f16c.cpp

namespace {

// AVX2 and F16C, and the OS saving YMM state: what the -mavx2 -mf16c translation unit needs.
const char* missing_feature() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return "CPUID";
  if (!((c >> 29) & 1u)) return "F16C";
  if (!((c >> 28) & 1u) || !((c >> 27) & 1u)) return "AVX";
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 0x6u) != 0x6u) return "OS YMM state";
  if (__get_cpuid_max(0, nullptr) < 7) return "AVX2";
  __cpuid_count(7, 0, a, b, c, d);
  if (!((b >> 5) & 1u)) return "AVX2";
  return nullptr;
#else
  return "an x86-64 build";
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (const char* missing = missing_feature()) {
    std::printf("SKIPPED test_scalar_f16c: this CPU has no %s; the scalar F16C paths cannot run here\n", missing);
    return 77;
  }
  return scalar_f16c_main(argc, argv);
}
