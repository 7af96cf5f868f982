// lowp-report: float16 or bfloat16? Reads tensors (safetensors, .npy, raw float32), measures
// what each low-precision format would do to them, and converts them if asked.
// See `lowp-report --help` and examples/report/RESULTS.md.
#include <unistd.h>

#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return lowp_report::run(args, std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1);
}
