// libFuzzer target for lowp-report's readers: any bytes, read as safetensors and as .npy.
// A reader may only accept the input or throw input_error; whatever it accepts must lie
// inside the buffer, which reading every accepted tensor (the analysis) checks under
// AddressSanitizer.
//
//   clang++ -fsanitize=fuzzer,address,undefined ... (see tests/CMakeLists.txt)
//   ./report_fuzz_readers -max_total_time=30 corpus/ tests/fuzz/report_corpus/
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "analysis.hpp"
#include "tensor_file.hpp"

namespace {

void read_everything(const lowp_report::tensor_file& file, const std::uint8_t* data, std::size_t size) {
  std::uint64_t budget = std::uint64_t{1} << 16;  // elements analysed per input, to stay fast
  for (const auto& t : file.tensors) {
    if (t.offset > size || t.size > size - t.offset) std::abort();  // the readers promise this
    if (!lowp_report::is_floating(t.type) || t.count > budget) continue;
    budget -= t.count;
    (void)lowp_report::analyze_tensor(t, data, lowp::rounding::to_nearest_even);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    read_everything(lowp_report::parse_safetensors(data, size), data, size);
  } catch (const lowp_report::input_error&) {
  }
  try {
    read_everything(lowp_report::parse_npy(data, size, "fuzz"), data, size);
  } catch (const lowp_report::input_error&) {
  }
  return 0;
}
