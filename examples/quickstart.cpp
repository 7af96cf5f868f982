// quickstart: the lowp value types in a few lines.
#include <cstdio>
#include <lowp/lowp.hpp>

int main() {
  const float activation = 70000.0f;  // past float16's largest finite value, 65504
  const lowp::float16 h(activation);                        // IEEE: overflows to inf
  const auto s = lowp::saturate_cast<lowp::float16>(activation);  // clamps to 65504
  const lowp::bfloat16 b(activation);                       // bfloat16 has float's range

  std::printf("%-34s %12s %12s\n", "value", "float16", "bfloat16");
  std::printf("%-34s %12g %12g\n", "70000 (round to nearest, ieee)", static_cast<double>(h), static_cast<double>(b));
  std::printf("%-34s %12g %12s\n", "70000 saturate_cast", static_cast<double>(s), "-");
  const double third = 1.0 / 3.0;
  std::printf("%-34s %12.8f %12.8f\n", "1/3", static_cast<double>(lowp::float16(third)),
              static_cast<double>(lowp::bfloat16(third)));
  std::printf("%-34s %12g %12g\n", "epsilon", static_cast<double>(std::numeric_limits<lowp::float16>::epsilon()),
              static_cast<double>(std::numeric_limits<lowp::bfloat16>::epsilon()));
  const lowp::float16 tiny(1e-7f);  // below float16's smallest normal: a subnormal, not zero
  std::printf("%-34s %12g %12s\n", "1e-7 (float16 subnormal)", static_cast<double>(tiny),
              issubnormal(tiny) ? "subnormal" : "normal");
  const lowp::float16 x(1.5f), y(2.25f);
  std::printf("%-34s %12g\n", "1.5 * 2.25 + 1 in float16", static_cast<double>(x * y + 1));
  return 0;
}
