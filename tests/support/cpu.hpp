// What this CPU can run, read by the tests themselves (CPUID + XGETBV), independently of
// lowp's dispatcher: to run the F16C instruction check, and to say why a path is skipped.
#pragma once

#include <string>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#define LOWP_TEST_X86 1
#else
#define LOWP_TEST_X86 0
#endif

namespace lowp_test {

struct cpu_features {
  bool x86 = false;
  bool os_ymm = false, os_zmm = false;  // the OS saves YMM / ZMM + opmask state
  bool avx = false, f16c = false, avx2 = false;
  bool avx512f = false, avx512bw = false, avx512vl = false, avx512_bf16 = false;
};

inline cpu_features read_cpu_features() {
  cpu_features f;
#if LOWP_TEST_X86
  f.x86 = true;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  f.avx = (c >> 28) & 1u;
  f.f16c = (c >> 29) & 1u;
  if ((c >> 27) & 1u) {  // OSXSAVE: XGETBV is available
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    f.os_ymm = (lo & 0x6u) == 0x6u;
    f.os_zmm = (lo & 0xe6u) == 0xe6u;
  }
  if (__get_cpuid_max(0, nullptr) >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    f.avx2 = (b >> 5) & 1u;
    f.avx512f = (b >> 16) & 1u;
    f.avx512bw = (b >> 30) & 1u;
    f.avx512vl = (b >> 31) & 1u;
    if (a >= 1) {
      __cpuid_count(7, 1, a, b, c, d);
      f.avx512_bf16 = (a >> 5) & 1u;
    }
  }
#endif
  return f;
}

inline const cpu_features& cpu() {
  static const cpu_features f = read_cpu_features();
  return f;
}

// Whether the F16C instructions (vcvtps2ph / vcvtph2ps on YMM) can run here.
inline bool cpu_runs_f16c() { return cpu().avx && cpu().f16c && cpu().os_ymm; }

// Why the F16C instructions cannot run here ("" when they can).
inline std::string f16c_missing() {
  if (!cpu().x86) return "not an x86-64 build";
  if (!cpu().f16c) return "this CPU has no F16C";
  if (!cpu().avx || !cpu().os_ymm) return "this CPU or OS has no AVX (YMM) state";
  return "";
}

// The instruction-set extensions lowp's bulk path `name` needs that this CPU or OS lacks
// ("" when none is missing).
inline std::string path_missing(const std::string& name) {
  if (name == "portable") return "";
  if (!cpu().x86) return "not an x86-64 build";
  std::string missing;
  auto need = [&](bool have, const char* what) {
    if (!have) missing += std::string(missing.empty() ? "" : ", ") + what;
  };
  need(cpu().avx2, "AVX2");
  need(cpu().f16c, "F16C");
  need(cpu().os_ymm, "OS YMM state");
  if (name == "avx512" || name == "avx512bf16") {
    need(cpu().avx512f, "AVX512F");
    need(cpu().avx512bw, "AVX512BW");
    need(cpu().avx512vl, "AVX512VL");
    need(cpu().os_zmm, "OS ZMM state");
  }
  if (name == "avx512bf16") need(cpu().avx512_bf16, "AVX512_BF16");
  return missing;
}

}  // namespace lowp_test
