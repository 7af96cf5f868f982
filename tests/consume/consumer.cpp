// A tiny program built against an installed (or add_subdirectory'd) lowp.
#include <lowp/lowp.hpp>

#include <cstdio>

int main() {
  const lowp::float16 h(0.1f);
  const auto s = lowp::saturate_cast<lowp::bfloat16>(1e39);
  const bool ok = h.bits() == 0x2e66 && s.bits() == 0x7f7f && lowp::float8_e4m3fn(448.0f).bits() == 0x7e;
  std::printf("lowp consumer: float16(0.1) = 0x%04x, saturate_cast<bfloat16>(1e39) = 0x%04x: %s\n",
              static_cast<unsigned>(h.bits()), static_cast<unsigned>(s.bits()), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
